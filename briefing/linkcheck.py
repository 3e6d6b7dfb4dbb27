"""Briefings → the status of every http(s) link in them, checked concurrently.

Each link is tried with HEAD, then GET when a server refuses HEAD; redirects
are followed (at most 10) and reported; a timeout or a 5xx answer is retried
once. At most ``per_host`` requests go to one host at a time, so a briefing
with many links to one site does not hammer it.

A link is judged by its status code alone, so no response body is ever read:
an endless, compressed or huge body costs nothing. Everything done for one link
(both methods, redirects, the retry) has one ``deadline``, so a server that
answers a byte at a time cannot stall the check, and any error for one link
becomes that link's broken result: one bad link never stops the others.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .content import Briefing
from .content.locate import link_values as _link_values
from .content.locate import locate as _locate

HEAD_REFUSED = {403, 405, 501}  # servers that answer HEAD badly but GET fine
MAX_REDIRECTS = 10
HEAD_LIMIT = 100 * 1024  # httpcore stops reading a response head here


@dataclass(frozen=True)
class LinkRef:
    """A link and where it is written."""

    file: str
    line: int
    column: int
    url: str


@dataclass(frozen=True)
class LinkResult:
    ref: LinkRef
    status: str  # "200", "404", "timeout", "connection refused" …
    final_url: str | None = None  # set when the link redirected
    broken: bool = False

    def __str__(self) -> str:
        where = f"{self.ref.file}:{self.ref.line}:{self.ref.column}: {self.ref.url}: "
        moved = f" (redirected to {self.final_url})" if self.final_url else ""
        return where + self.status + moved


def collect_links(briefing: Briefing) -> list[LinkRef]:
    """Every http(s) URL in the briefing, each at the line and column where it is written.

    The model is walked as a whole, so every Markdown or inline-Markdown value
    (bodies, quotes, highlights, table cells and headers, captions, link
    notes …) and every URL field is searched, including fields added later.
    """
    try:
        lines = briefing.source.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        lines = []
    refs = []
    for path, value in _link_values(briefing, ()):
        start = briefing.position(*path)
        # A URL field is its own link; Markdown knows where its links are.
        spots = [(value, 0)] if isinstance(value, str) else value.link_offsets()
        for url, offset in spots:
            if url.startswith(("http:", "https:")):
                line, column = _locate(lines, start, value, offset)
                refs.append(LinkRef(str(briefing.source), line, column, url))
    return sorted(refs, key=lambda r: (r.line, r.column))


def check_files(paths, **options) -> list[LinkResult]:
    """Load each content file and check every link in it (``options``: see check_links)."""
    from .content import load_briefing

    refs = []
    for path in paths:
        refs += collect_links(load_briefing(path))
    return check_links(refs, **options)


def check_links(refs: list[LinkRef], *, timeout: float = 10.0, retries: int = 1,
                per_host: int = 4, concurrency: int = 16,
                deadline: float = 20.0) -> list[LinkResult]:
    """Check every link; results in the order of ``refs``.

    ``timeout`` bounds each network step (connect, each read); ``deadline``
    bounds everything done for one link (HEAD, GET, redirects, the retry), so a
    server that answers one byte at a time cannot hold the check up.
    """
    return asyncio.run(_check_all(refs, timeout, retries, per_host, concurrency, deadline))


async def _check_all(refs, timeout, retries, per_host, concurrency, deadline) -> list[LinkResult]:
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    slots = asyncio.Semaphore(concurrency)  # so no link waits for a connection on its clock
    limits = httpx.Limits(max_connections=concurrency)
    headers = {"User-Agent": "briefing-linkcheck/1 (+https://github.com/)",
               "Accept-Encoding": "identity"}
    # Redirects are followed by hand: httpx reads a redirect's whole body when
    # it follows one itself, and a hostile server can make that endless.
    async with httpx.AsyncClient(follow_redirects=False, timeout=timeout, limits=limits,
                                 headers=headers) as client:
        async def one(ref: LinkRef) -> LinkResult:
            async with hosts[_host(ref.url)], slots:
                return await _check_one(client, ref, retries, deadline)

        return list(await asyncio.gather(*(one(ref) for ref in refs)))


async def _check_one(client: httpx.AsyncClient, ref: LinkRef, retries: int,
                     deadline: float) -> LinkResult:
    """The result for one link; whatever goes wrong becomes this link's broken result."""
    try:
        return await asyncio.wait_for(_attempts(client, ref, retries), deadline)
    except asyncio.TimeoutError:  # not yet the built-in TimeoutError on Python 3.10
        return LinkResult(ref, f"timeout: no complete answer within {deadline:g} s",
                          broken=True)
    except Exception as err:  # one bad link must not stop the others
        return LinkResult(ref, _describe(err), broken=True)


async def _attempts(client: httpx.AsyncClient, ref: LinkRef, retries: int) -> LinkResult:
    for attempt in range(retries + 1):
        last = attempt == retries
        try:
            response, history = await _fetch(client, "HEAD", ref.url)
            if response.status_code in HEAD_REFUSED:
                response, history = await _fetch(client, "GET", ref.url)
        except httpx.TimeoutException:
            if last:
                return LinkResult(ref, "timeout", broken=True)
            continue
        except httpx.HTTPError as err:
            if last:
                return LinkResult(ref, _describe(err), broken=True)
            continue
        if response.status_code >= 500 and not last:
            continue
        final = str(response.url) if history else None
        status = f"{response.status_code} {response.reason_phrase}".strip()
        if history:
            status = f"{history[0]} → {status}"
        return LinkResult(ref, status, final, broken=response.status_code >= 400)
    raise AssertionError("unreachable: the last attempt always returns")


async def _fetch(client: httpx.AsyncClient, method: str,
                 url: str) -> tuple[httpx.Response, list[int]]:
    """The final response to ``method url`` and the status codes of the redirects before it.

    No body is ever read: each response is closed as soon as its head has
    arrived (which drops the connection when a body was on its way), so an
    endless, compressed or huge body costs nothing. The head itself is capped
    by httpx's HTTP/1.1 parser (100 KB).
    """
    request = client.build_request(method, url)
    history: list[int] = []
    for _ in range(MAX_REDIRECTS + 1):
        response = await client.send(request, stream=True)
        await response.aclose()
        if response.next_request is None:
            return response, history
        history.append(response.status_code)
        request = response.next_request
    raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", request=request)


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:  # not a URL at all: _check_one reports it
        return ""


def _describe(err: BaseException) -> str:
    while getattr(err, "exceptions", None):  # an exception group, from anyio's task groups
        err = err.exceptions[0]
    text = (str(err) or type(err).__name__).splitlines()[0]
    if isinstance(err, (httpx.InvalidURL, ValueError, OverflowError)):  # UnicodeError too
        return f"not a URL that can be requested: {text}"
    if isinstance(err, httpx.RemoteProtocolError):
        if text == "Receive buffer too long":  # h11, through httpcore
            text = f"response head longer than {HEAD_LIMIT // 1024} KB"
        return f"bad HTTP response: {text}"
    return text
