"""Web addresses a briefing may link to: absolute http(s) or mailto, and only what the
link checker (httpx) can request — a valid IDNA host or IP address, a port from 1 to
65535 — checked without importing httpx (~50 ms), so loading stays cheap."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https", "mailto")
_IPV4_LIKE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")


def check_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) or mailto link, else raise ValueError.

    An http(s) link must also be one the link checker's HTTP client (httpx) can
    request: a host name that is valid IDNA, an IP address that is one, a port
    from 1 to 65535 (see ``_check_authority``).
    """
    try:
        parts = urlsplit(url)
    except ValueError as err:  # such as an unclosed [IPv6 address
        raise ValueError(f"link {url!r} is not a valid URL ({err})") from None
    if parts.scheme not in LINK_SCHEMES:
        raise ValueError(f"link {url!r} must start with http://, https:// or mailto:")
    if parts.scheme != "mailto" and not parts.netloc:
        raise ValueError(f"link {url!r} has no host; expected e.g. https://example.org/")
    if any(c.isspace() for c in url):
        raise ValueError(f"link {url!r} contains spaces; encode them as %20")
    if any(c.isascii() and not c.isprintable() for c in url):
        raise ValueError(f"link {url!r} contains a control character; remove it")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"link is {len(url):,} characters long; "
                         f"the limit is {MAX_URL_LENGTH:,}")
    if parts.scheme != "mailto":
        _check_authority(url, re.match(r"[^:]*://([^/?#]*)", url).group(1))
    return url


MAX_URL_LENGTH = 65536  # httpx refuses longer URLs


# How httpx splits an authority: user info up to the last '@', then a host in
# [brackets] or up to ':', then the port (anything).
_AUTHORITY = re.compile(r"(?:(?P<userinfo>.*)@)?(?P<host>\[.*\]|[^:@]*):?(?P<port>.*)")


_HOST_LABEL = re.compile(r"[a-z0-9_-]{1,63}")


def _check_authority(url: str, authority: str) -> None:
    """Raise ValueError unless the host and port of an http(s) link can be requested.

    The same checks httpx makes when it parses a URL (or, for an ``xn--`` host,
    when it decodes it) plus what a connection needs: httpx itself accepts a
    port such as 99999, -1 or '8_0' and fails only when it connects. The ``idna``
    package (a dependency of httpx) is imported only for hosts that need it,
    so loading a content file does not pay for importing httpx.
    """
    found = _AUTHORITY.fullmatch(authority)
    host, port = (found["host"], found["port"]) if found else ("", "")
    if port and not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"link {url!r} has port {port!r}; expected a number from 1 to 65535")
    if not host:
        raise ValueError(f"link {url!r} has no host; expected e.g. https://example.org/")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValueError(f"link {url!r} has an invalid IPv6 address {host!r}") from None
        return
    if _IPV4_LIKE.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise ValueError(f"link {url!r} has an invalid IPv4 address {host!r}") from None
        return
    name = host.lower()
    try:
        if not name.isascii():
            import idna

            name = idna.encode(name).decode("ascii")
        labels = name.removesuffix(".").split(".")
        if any(label.startswith("xn--") for label in labels):
            import idna

            idna.decode(name)
    except (UnicodeError, ValueError) as err:
        raise ValueError(f"link {url!r} has a host name that is not valid IDNA ({err}); "
                         "check the spelling of the domain") from None
    if not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"link {url!r} has an invalid host name {host!r}; expected letters, "
                         "digits and '-' in dot-separated parts of at most 63 characters")
