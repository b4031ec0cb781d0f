"""Reading one source — an http(s) URL, a saved page, or "-" for stdin — into a
FetchResult, and extracting it.

Kept apart from the pipeline so that what reads one page (`archiver extract`) starts
without importing the archive, the verifier and the HTTP stack it does not use; the fetcher
is imported when a URL is read.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .clock import utc_now
from .extract import extract_page
from .extract.text import MARKDOWN_SUFFIXES
from .models import FetchResult, Page
from .sniff import TEXT_TYPES, not_a_page

if TYPE_CHECKING:
    from .http import Http


def url_problem(url: str) -> str | None:
    """Why `url` cannot be read as a URL at all (`not a valid URL (Invalid IPv6 URL)`:
    urllib's ValueError, said in one line), or None. An http(s) URL needs a host, without
    spaces, and a port in range."""
    try:
        parts = urlsplit(url)
        parts.hostname
        if parts.scheme.lower() in ("http", "https"):
            parts.port  # out of range: a ValueError
            if not parts.hostname:
                return "not a valid URL (no host)"
            if any(ch.isspace() for ch in parts.netloc):
                return "not a valid URL (a space in its host)"
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    return None



#: Local files larger than this are refused like an oversized HTTP body.
MAX_FILE_BYTES = 20 * 1024 * 1024
_CONTENT_TYPES = {".txt": "text/plain", ".text": "text/plain",
                  **{suffix: "text/markdown" for suffix in MARKDOWN_SUFFIXES},
                  ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml"}


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


#: "scheme:" at the start of a source; one letter is a Windows drive, not a scheme.
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


def scheme_of(source: str) -> str | None:
    """The URL scheme a source names (lower case), or None for a path or "-"."""
    match = _SCHEME_RE.match(source)
    return match.group(1).lower() if match else None


def local_path(source: str) -> Path | None:
    """The file a path or a file:// URL names (file:///…, file://localhost/…); None for
    anything else."""
    scheme = scheme_of(source)
    if scheme is None:
        return Path(source)
    if scheme != "file":
        return None
    try:
        parts = urlsplit(source)
    except ValueError:  # file://[… : not a URL at all (unreadable says so)
        return None
    if parts.netloc not in ("", "localhost"):
        return None
    from urllib.request import url2pathname  # (urllib.request: the HTTP client's imports)

    return Path(url2pathname(parts.path))


def unreadable(source: str) -> str | None:
    """Why a source is not read at all (a scheme other than http, https and file, or a
    file URL on another host, a URL that does not parse), in one line; None for a source
    that can be read."""
    if source == "-":
        return None
    scheme = scheme_of(source)
    problem = url_problem(source) if scheme is not None else None
    if problem:
        return f"{source}: {problem}"
    if is_url(source) or local_path(source) is not None:
        return None
    if scheme == "file":
        return f"{source}: a file URL on another host is not read"
    return f"{source}: {scheme}: URLs are not read (only http, https and files)"


def article_url(source: str, fetch: FetchResult | None = None) -> str:
    """The articles.url of a source: the URL itself, file:// for a path (or a file://
    URL), stdin:<sha> for -."""
    if is_url(source):
        return source
    if source == "-":
        import hashlib  # (OpenSSL's start: for standard input alone)

        digest = hashlib.sha256(fetch.body if fetch and fetch.body is not None else b"").hexdigest()
        return f"stdin:{digest[:16]}"
    path = local_path(source)
    return path.resolve().as_uri() if path is not None else source


def load(source: str, http: Http | None = None, *, stdin=None,
         headers: dict[str, str] | None = None) -> FetchResult:
    """Read one source: an http(s) URL (through `http`, obeying robots.txt), a file path,
    or "-" for stdin. `headers` are sent with a URL (a conditional GET)."""
    if is_url(source):
        problem = url_problem(source)
        if problem:  # said as the source's own failure, as for a scheme not read
            return FetchResult(source, utc_now(), error="bad_url", detail=f"{source}: {problem}")
        if http is None:
            from .http import Http
            http = Http()
        return _page_only(source, http.get(source, headers=headers, robots=True))
    now = utc_now()
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        body = stream.read(MAX_FILE_BYTES + 1)
        if len(body) > MAX_FILE_BYTES:
            return FetchResult(source, now, error="too_large",
                               detail=f"stdin: over the {MAX_FILE_BYTES}-byte cap")
        return _page_only(source, FetchResult(source, now, headers={"content-type": "text/plain"},
                                              body=body))
    if not source.strip():
        return FetchResult(source, now, error="not_found", detail="an empty source: no file "
                                                                  "and no address")
    path = local_path(source)
    if path is None:
        detail = unreadable(source)
        if _HOST_LIKE.match(source):  # "localhost:8000/a.html": a host read as a scheme
            detail = (f"{source}: no such file (a web address needs its scheme, as in "
                      f"https://{source})")
        return FetchResult(source, now, detail=detail,
                           error="bad_url" if url_problem(source) else "unsupported_scheme")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FetchResult(source, now, error="too_large",
                               detail=f"{source}: {size} bytes, over the {MAX_FILE_BYTES}-byte cap")
        with path.open("rb") as stream:
            # read to the cap, not to the size said: a device or a pipe says 0 and may
            # never end (/dev/zero), a file may grow while it is read
            body = stream.read(MAX_FILE_BYTES + 1)
        if len(body) > MAX_FILE_BYTES:
            return FetchResult(source, now, error="too_large",
                               detail=f"{source}: over the {MAX_FILE_BYTES}-byte cap")
    except FileNotFoundError:
        hint = ""
        if _HOST_LIKE.match(source):  # "example.com/a", "127.0.0.1:8080/a": a URL, no scheme
            hint = f" (a web address needs its scheme, as in https://{source})"
        return FetchResult(source, now, error="not_found",
                           detail=f"{source}: no such file{hint}")
    except IsADirectoryError:
        return FetchResult(source, now, error="not_a_file", detail=f"{source}: is a directory")
    except OSError as exc:
        return FetchResult(source, now, error="unreadable",
                           detail=f"{source}: cannot read ({exc.strerror or exc})")
    content_type = _CONTENT_TYPES.get(path.suffix.lower())
    headers = {"content-type": content_type} if content_type else {}
    return _page_only(source, FetchResult(source, now, final_url=path.resolve().as_uri(),
                                          headers=headers, body=body))


#: A path that reads as a web address without its scheme: a host name with a dot and a
#: path after it, or an IP address.
_HOST_LIKE = re.compile(r"^(?:[A-Za-z0-9-]+\.)+(?!(?:html?|xhtml|shtml|txt|md|xml|json|php|aspx?"
                        r"|jsp|pdf|png|jpe?g|gif|webp|svg|warc|gz|zip|toml|csv|db)(?:$|[/?#:]))"
                        r"[A-Za-z]{2,}(?::\d+)?(?:[/?#]|$)"
                        r"|^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:[/?#]|$)|^localhost(?::\d+)?(?:[/?#]|$)")
#: What a source that names no readable file or address failed with: the user's input,
#: nothing an article did. It is said, and never recorded (an append-only archive would
#: keep a mistyped path as an article for good).
NOT_A_SOURCE = frozenset({"not_found", "not_a_file", "unreadable", "bad_url",
                          "unsupported_scheme"})


def _page_only(source: str, fetch: FetchResult) -> FetchResult:
    """A fetch whose bytes are no page — an image, a PDF, binary data, a Content-Type
    other than HTML or plain text — as the failure it is (`not_a_page`, its bytes kept,
    as a 404's are): never read for posts, never stored as the article's page."""
    what = not_a_page(fetch.body, fetch.content_type) if fetch.ok else None
    if what is None:
        return fetch
    return replace(fetch, error="not_a_page",
                   detail=f"{source}: not an HTML or text page ({what})")


def extract_source(source: str, fetch: FetchResult, *, markup: bool = True) -> Page | None:
    """Extract a loaded source; None when the fetch failed or was a 304. markup=False:
    the Embeds hold no `raw` (what archiving stores; a listing never shows it)."""
    if not fetch.ok:
        return None
    return extract_page(fetch.body, source, content_type=fetch.content_type, markup=markup)


def renderable(source: str, fetch: FetchResult) -> bool:
    """Whether a loaded source is a page a browser can render: not stdin, not plain text."""
    content_type = (fetch.content_type or "").lower()
    return fetch.ok and source != "-" and content_type.split(";")[0].strip() not in TEXT_TYPES
