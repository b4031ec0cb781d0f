"""Sources: a sources file, feeds and sitemaps -> the article URLs to archive.

Parsing is pure (`load_sources`, `parse_feed`, `parse_sitemap`); fetching is the job's.
A sources file is TOML (see sources.example.toml):

    [[source]]
    url = "https://news.example/rss.xml"   # an article, an RSS/Atom feed or a sitemap
    kind = "feed"                           # article | feed | sitemap (default: guessed)
    max_articles = 20                       # newest first; default 50
    outlet = "Example News"
    language = "en"
    render = true                           # also render each article in Chromium (--render)
"""

from __future__ import annotations

import difflib
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import UsageError
from .http import join_url, url_problem

log = logging.getLogger(__name__)

KINDS = ("article", "feed", "sitemap")
DEFAULT_MAX_ARTICLES = 50
#: Sitemap indexes are followed this deep (an index of indexes of sitemaps).
MAX_SITEMAP_DEPTH = 2


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    kind: str  # article | feed | sitemap
    max_articles: int = DEFAULT_MAX_ARTICLES
    outlet: str | None = None
    language: str | None = None
    render: bool = False  # render its articles in a browser too (archive --render)


def _guess_kind(url: str) -> str:
    lower = url.lower().split("?")[0]
    if "sitemap" in lower:
        return "sitemap"
    if lower.endswith((".rss", ".atom", ".xml", "/rss", "/feed", "/atom")) or "/feed" in lower \
            or "rss" in lower:
        return "feed"
    return "article"


#: The keys a [[source]] may have.
SOURCE_KEYS = ("url", "kind", "max_articles", "outlet", "language", "render")


def load_sources(path: str | Path) -> list[Source]:
    """Read a sources file.

    Raises:
        UsageError: the file cannot be read, is not TOML, or a source is malformed.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read sources file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"sources file {path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:  # an image, a UTF-16 file: not a sources file
        raise UsageError(f"sources file {path} is not a UTF-8 TOML file ({exc.reason} at "
                         f"byte {exc.start})") from None
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise UsageError(f"sources file {path} lists no [[source]]")
    sources = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise UsageError(f"sources file {path}: source {number} has no url")
        url = entry["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise UsageError(f"sources file {path}: source {number}: {url!r} is not an http(s) URL")
        problem = url_problem(url)
        if problem:
            raise UsageError(f"sources file {path}: source {number}: {url!r} is {problem}")
        kind = entry.get("kind") or _guess_kind(url)
        if kind not in KINDS:
            raise UsageError(f"sources file {path}: source {number}: kind must be one of "
                             f"{', '.join(KINDS)}")
        limit = entry.get("max_articles", DEFAULT_MAX_ARTICLES)
        if not isinstance(limit, int) or limit < 1:
            raise UsageError(f"sources file {path}: source {number}: max_articles must be a "
                             "positive integer")
        render = entry.get("render", False)
        if not isinstance(render, bool):
            raise UsageError(f"sources file {path}: source {number}: render must be true or "
                             "false")
        for key in ("outlet", "language"):
            if entry.get(key) is not None and not isinstance(entry[key], str):
                raise UsageError(f"sources file {path}: source {number}: {key} must be a "
                                 "string")
        for key in entry:
            if key not in SOURCE_KEYS:
                near = difflib.get_close_matches(key, SOURCE_KEYS, n=1)
                log.warning("sources file %s: source %d: unknown key %r ignored%s", path,
                            number, key, f" (did you mean {near[0]!r}?)" if near else "")
        sources.append(Source(url, kind, limit, entry.get("outlet"), entry.get("language"),
                              render))
    return sources


def _joined(base_url: str, link: str) -> str:
    """A listed link made absolute; a link that is not a valid URL is kept as written,
    for the run to name as the listing's error (never dropped unsaid, never raised)."""
    return join_url(base_url, link) or link


def parse_feed(body: bytes, base_url: str) -> list[str] | None:
    """Article links of an RSS or Atom feed, in feed order (newest first as feeds list
    them); None when the body is not a feed at all."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and not parsed.get("version"):
        return None  # feedparser reads any text; only a known format is a feed
    links = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if link:
            links.append(_joined(base_url, link.strip()))
    return list(dict.fromkeys(links))


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[str], list[str]] | None:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index, newest first when
    entries carry <lastmod> or news:publication_date; None when it is not a sitemap."""
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False,
                                                      no_network=True, huge_tree=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        return None
    pages, nested = [], []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        loc = modified = None
        for child in entry.iter():
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if local == "loc" and child.text and loc is None:
                loc = _joined(base_url, child.text.strip())
            elif local in ("lastmod", "publication_date") and child.text:
                modified = max(modified or "", child.text.strip())
        if loc:
            (nested if name == "sitemapindex" else pages).append((modified or "", loc))
    order = lambda items: [u for _, u in sorted(items, key=lambda x: x[0], reverse=True)]  # noqa: E731
    return order(pages), order(nested)
