"""Briefings → the status of every http(s) link in them, checked concurrently.

Each link is tried with HEAD, then GET when a server refuses HEAD; redirects
are followed and reported; a timeout or a 5xx answer is retried once. At most
``per_host`` requests go to one host at a time, so a briefing with many links
to one site does not hammer it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .content import Briefing

HEAD_REFUSED = {403, 405, 501}  # servers that answer HEAD badly but GET fine


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
    """Every http(s) URL in the briefing: the links block and links inside Markdown."""
    found: list[tuple[tuple, str]] = []
    for i, section in enumerate(briefing.sections):
        for name in ("body", "quote"):
            value = getattr(section, name)
            if value is not None:
                found += [((("sections", i, name)), href) for href in value.links()]
        for j, item in enumerate(section.highlights):
            found += [(("sections", i, "highlights", j), href) for href in item.links()]
    if briefing.links:
        for i, link in enumerate(briefing.links.items):
            found.append((("links", "items", i, "url"), link.url))
    refs = []
    for path, url in found:
        if urlsplit(url).scheme in ("http", "https"):
            line, column = briefing.position(*path)
            refs.append(LinkRef(str(briefing.source), line, column, url))
    return refs


def check_files(paths) -> list[LinkResult]:
    """Load each content file and check every link in it."""
    from .content import load_briefing

    refs = []
    for path in paths:
        refs += collect_links(load_briefing(path))
    return check_links(refs)


def check_links(refs: list[LinkRef], *, timeout: float = 10.0, retries: int = 1,
                per_host: int = 4, concurrency: int = 16) -> list[LinkResult]:
    """Check every link; results in the order of ``refs``."""
    return asyncio.run(_check_all(refs, timeout, retries, per_host, concurrency))


async def _check_all(refs, timeout, retries, per_host, concurrency) -> list[LinkResult]:
    hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    limits = httpx.Limits(max_connections=concurrency)
    headers = {"User-Agent": "briefing-linkcheck/1 (+https://github.com/)"}
    async with httpx.AsyncClient(follow_redirects=True, timeout=timeout, limits=limits,
                                 headers=headers) as client:
        async def one(ref: LinkRef) -> LinkResult:
            async with hosts[urlsplit(ref.url).netloc]:
                return await _check_one(client, ref, retries)

        return list(await asyncio.gather(*(one(ref) for ref in refs)))


async def _check_one(client: httpx.AsyncClient, ref: LinkRef, retries: int) -> LinkResult:
    for attempt in range(retries + 1):
        last = attempt == retries
        try:
            response = await client.head(ref.url)
            if response.status_code in HEAD_REFUSED:
                response = await client.get(ref.url)
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
        final = str(response.url) if response.history else None
        status = f"{response.status_code} {response.reason_phrase}".strip()
        if response.history:
            status = f"{response.history[0].status_code} → {status}"
        return LinkResult(ref, status, final, broken=response.status_code >= 400)
    raise AssertionError("unreachable: the last attempt always returns")


def _describe(err: httpx.HTTPError) -> str:
    text = str(err) or type(err).__name__
    return text.splitlines()[0]
