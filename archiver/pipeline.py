"""One article through every stage: load (URL, file or stdin) -> extract -> store.

Each source is independent: a failure is recorded and reported, and the next source
still runs. The CLI calls these functions and prints what they return.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .clock import utc_now
from .extract import extract_page
from .http import Http
from .models import FetchResult, Page
from .store import Recorded, record_fetch, sha256_hex

log = logging.getLogger(__name__)

#: Local files larger than this are refused like an oversized HTTP body.
MAX_FILE_BYTES = 20 * 1024 * 1024
_CONTENT_TYPES = {".txt": "text/plain", ".text": "text/plain", ".md": "text/plain",
                  ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml"}


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def article_url(source: str, fetch: FetchResult | None = None) -> str:
    """The articles.url of a source: the URL itself, file:// for a path, stdin:<sha> for -."""
    if is_url(source):
        return source
    if source == "-":
        digest = sha256_hex(fetch.body if fetch and fetch.body is not None else b"")
        return f"stdin:{digest[:16]}"
    return Path(source).resolve().as_uri()


def load(source: str, http: Http | None = None, *, stdin=None) -> FetchResult:
    """Read one source: an http(s) URL (through `http`), a file path, or "-" for stdin."""
    if is_url(source):
        return (http or Http()).get(source)
    now = utc_now()
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        body = stream.read(MAX_FILE_BYTES + 1)
        if len(body) > MAX_FILE_BYTES:
            return FetchResult(source, now, error="too_large",
                               detail=f"stdin: over the {MAX_FILE_BYTES}-byte cap")
        return FetchResult(source, now, headers={"content-type": "text/plain"}, body=body)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FetchResult(source, now, error="too_large",
                               detail=f"{source}: {size} bytes, over the {MAX_FILE_BYTES}-byte cap")
        body = path.read_bytes()
    except FileNotFoundError:
        return FetchResult(source, now, error="not_found", detail=f"{source}: no such file")
    except IsADirectoryError:
        return FetchResult(source, now, error="not_a_file", detail=f"{source}: is a directory")
    except OSError as exc:
        return FetchResult(source, now, error="unreadable",
                           detail=f"{source}: cannot read ({exc.strerror or exc})")
    content_type = _CONTENT_TYPES.get(path.suffix.lower())
    headers = {"content-type": content_type} if content_type else {}
    return FetchResult(source, now, final_url=path.resolve().as_uri(), headers=headers, body=body)


def extract_source(source: str, fetch: FetchResult) -> Page | None:
    """Extract a loaded source; None when the fetch failed."""
    if not fetch.ok:
        return None
    return extract_page(fetch.body, source, content_type=fetch.content_type)


@dataclass(frozen=True, slots=True)
class ArchiveOutcome:
    """One source archived: what was fetched, found and stored."""

    source: str
    article_url: str
    fetch: FetchResult
    page: Page | None
    recorded: Recorded

    @property
    def error(self) -> str | None:
        return self.fetch.error

    def summary(self) -> str:
        """One line for a person."""
        if self.error:
            return f"{self.source}: FAILED {self.error}: {self.fetch.detail}"
        rec = self.recorded
        found = len(self.page.embeds) if self.page else 0
        if rec.state == "unchanged":
            return f"{self.source}: unchanged since last archived ({found} posts)"
        kinds: dict[str, int] = {}
        for embed in self.page.embeds:
            kinds[embed.kind] = kinds.get(embed.kind, 0) + 1
        detail = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        return (f"{self.source}: {rec.state}, {found} posts"
                + (f" ({detail})" if detail else "")
                + f", {rec.new_posts} new posts, {rec.new_versions} new versions")


def archive_source(db, source: str, http: Http | None = None, *, stdin=None) -> ArchiveOutcome:
    """Load, extract and store one article. Failures are recorded, never raised."""
    fetch = load(source, http, stdin=stdin)
    page = extract_source(source, fetch)
    url = article_url(source, fetch)
    recorded = record_fetch(db, url, fetch, page)
    if fetch.error:
        log.warning("%s", fetch.detail)
    return ArchiveOutcome(source, url, fetch, page, recorded)
