"""Sources: a sources file, feeds and sitemaps -> the article URLs to archive.

Parsing is pure (`load_sources`, `parse_feed`, `parse_sitemap`); fetching is the job's:
`listed_urls` walks a feed or a sitemap index with the GET the job hands it.
A sources file is TOML (see sources.example.toml):

    [[source]]
    url = "https://news.example/rss.xml"   # an article, an RSS/Atom feed or a sitemap
    kind = "feed"                           # article | feed | sitemap (default: guessed,
                                            # then confirmed by what the URL serves)
    max_articles = 20                       # newest first; default 50
    outlet = "Example News"
    language = "en"
    render = true                           # also render each article in Chromium (--render)
"""

from __future__ import annotations

import calendar
import difflib
import gzip
import heapq
import io
import itertools
import logging
import re
import tomllib
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from .decode import bom_codec, charset_from_content_type, normalize_encoding
from .errors import UsageError
from .http import join_url, url_problem
from .tracking import without_tracking

log = logging.getLogger(__name__)

KINDS = ("article", "feed", "sitemap")
DEFAULT_MAX_ARTICLES = 50
#: Sitemap indexes are followed this deep (an index of indexes of sitemaps).
MAX_SITEMAP_DEPTH = 2
#: Nested sitemaps read per source and run, the newest first (by their <lastmod>): enough
#: to find the newest articles of an index whose sitemaps carry no date (read them all,
#: up to this many), without reading a site's whole history every run.
MAX_NESTED_SITEMAPS = 50
#: A gzipped feed or sitemap is read up to this size decompressed: the sitemap protocol's
#: limit for one sitemap, and far more than any feed.
MAX_LISTING_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    kind: str  # article | feed | sitemap
    max_articles: int = DEFAULT_MAX_ARTICLES
    outlet: str | None = None
    language: str | None = None
    render: bool = False  # render its articles in a browser too (archive --render)
    #: The kind is a guess from the URL (no `kind` in the sources file): what the URL
    #: serves decides — a feed, a sitemap or an HTML page is read as what it is.
    guessed: bool = False


#: Path segments, file names (without their extension) and query values naming a feed.
_FEED_WORDS = frozenset({"feed", "feeds", "rss", "rss2", "atom", "rdf"})
_FEED_EXTENSIONS = frozenset({"rss", "atom", "rdf", "xml"})
#: Extensions of pages: such a file is an article, unless its name is a feed's (rss.php).
_PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp",
                              "cfm", "cms"})
#: Query parameters whose value says the answer is a feed (Joomla's format=feed&type=rss,
#: Google News's output=rss).
_FORMAT_PARAMETERS = frozenset({"format", "type", "output", "view", "outputtype"})


def _guess_kind(url: str) -> str:
    """article, feed or sitemap, as the URL suggests: by whole path segments, the file
    name and the query — never by a substring (`/a/feeding-program-cut.html` is an
    article, `/?feed=rss2` a feed). Only a guess: the job reads what the URL serves and
    takes it for what it is (Source.guessed)."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).lower().split("/") if s]
    name = segments[-1] if segments else ""
    packed = name.endswith(".gz")
    stem, _, extension = (name[:-3] if packed else name).rpartition(".")
    stem, extension = (stem, extension) if stem else (extension, "")
    query = [(k.lower(), v.lower()) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    page = extension in _PAGE_EXTENSIONS
    if any(k == "sitemap" for k, _ in query) or (
            stem.startswith("sitemap") if page else
            "sitemap" in stem or packed or any(s.startswith("sitemap") for s in segments[:-1])):
        return "sitemap"
    if any(k == "feed" or k in _FORMAT_PARAMETERS and v in _FEED_WORDS for k, v in query):
        return "feed"
    if page:
        return "feed" if stem in _FEED_WORDS else "article"
    if extension in _FEED_EXTENSIONS or any(s in _FEED_WORDS for s in segments) \
            or (parts.hostname or "").startswith(("feeds.", "rss.")):
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
        data = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))  # (a BOM: Notepad)
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
        if not isinstance(entry, dict) or entry.get("url") is None:
            raise UsageError(f"sources file {path}: source {number} has no url")
        if not isinstance(entry["url"], str):
            raise UsageError(f"sources file {path}: source {number}: url must be a quoted "
                             f"string, not {entry['url']!r}")
        url = entry["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise UsageError(f"sources file {path}: source {number}: {url!r} is not an http(s) URL")
        problem = url_problem(url)
        if problem:
            raise UsageError(f"sources file {path}: source {number}: {url!r} is {problem}")
        guessed = not entry.get("kind")
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
                              render, guessed))
    return sources


def _joined(base_url: str, link: str) -> str:
    """A listed link made absolute, without tracking parameters or fragment; a link that is
    not a valid URL is kept as written, for the run to name as the listing's error (never
    dropped unsaid, never raised)."""
    joined = join_url(base_url, link)
    return without_tracking(joined) if joined else link


#: A listed URL and its date (UTC, seconds since the epoch), or None when it has none.
Entry = tuple[str, "float | None"]

# W3C datetime (the sitemap protocol's): YYYY, YYYY-MM, YYYY-MM-DD, then hh:mm, :ss and
# a fraction, and a zone (Z or ±hh:mm). A space for the T, a zone without its colon and a
# time without a zone (taken as UTC) are read too: sitemaps write them.
_W3C_DATETIME = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?)?)?")


def w3c_datetime(text: str | None) -> float | None:
    """A <lastmod> or news:publication_date (a W3C datetime) as a UTC instant (seconds
    since the epoch), or None when it is none: `2026-11-30T05:00+09:00`,
    `2026-11-29T23:00:00-05:00`, `2026-11-30T03:30:00Z` and `2026-11-30` (midnight UTC)
    order as the instants they are, never as text. An RFC 822 date (as feeds write them)
    is read too."""
    text = (text or "").strip()
    match = _W3C_DATETIME.fullmatch(text)
    if match:
        year, month, day, hour, minute, second, zone = match.groups()
        offset = timedelta()
        if zone and zone not in "Zz":
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            offset = -offset if zone[0] == "-" else offset
        try:
            when = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                            int(minute or 0), int(second or 0), tzinfo=timezone(offset))
        except ValueError:  # month 13, hour 25, an offset of a day or more
            return None
        return when.timestamp()
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _order_key(when: float | None, seq: int) -> tuple:
    """Newest first; what has no date after everything dated, in the order listed."""
    return (0, -when, seq) if when is not None else (1, 0.0, seq)


def newest_first(entries: list[Entry]) -> list[str]:
    """The URLs of `entries`, newest first (those without a date after the dated ones, in
    the order listed), each once (at its newest)."""
    best: dict[str, tuple] = {}
    for seq, (url, when) in enumerate(entries):
        key = _order_key(when, seq)
        if url not in best or key < best[url]:
            best[url] = key
    return sorted(best, key=best.__getitem__)


def unpacked(body: bytes) -> tuple[bytes | None, str | None]:
    """(the bytes of a feed or sitemap, why not): a gzipped body — a `.xml.gz` served as
    application/x-gzip or application/octet-stream, no Content-Encoding saying so (which the
    HTTP layer undoes) — is known by its magic number and decompressed, up to
    MAX_LISTING_BYTES."""
    if not body.startswith(b"\x1f\x8b"):
        return body, None
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as packed:
            data = packed.read(MAX_LISTING_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return None, f"a gzip body that does not decompress: {exc}"
    if len(data) > MAX_LISTING_BYTES:
        return None, f"a gzip body over {MAX_LISTING_BYTES // 2**20} MB decompressed"
    return data, None


_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")


def header_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset to read a feed or sitemap in that its Content-Type header names (RFC 7303:
    the header's charset is how a document without an encoding in its XML declaration says
    it), or None for the document to say. A byte-order mark wins over the header, and so do
    bytes that are valid UTF-8 in a document declaring UTF-8 or nothing: a server's default
    charset (windows-1251, ISO-8859-1) stuck on a UTF-8 feed."""
    charset = normalize_encoding(charset_from_content_type(content_type))
    if charset is None or charset == "utf-8":
        return charset
    if bom_codec(body):
        return None
    declared = _XML_ENCODING.match(body[:1024])
    if declared and normalize_encoding(declared[1]) != "utf-8" or body.isascii():
        return charset
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return charset
    return None


# What comes before a document's first element: white space, the XML declaration and
# processing instructions, comments, a doctype (with an internal subset).
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\])?\s*>)",
                     re.DOTALL | re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
#: Root elements: RSS 2.0 and 0.9x, RSS 1.0 (rdf:RDF), Atom; a sitemap and an index.
FEED_ROOTS = frozenset({"rss", "rdf", "feed"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_PAGE_TYPES = ("text/html", "application/xhtml+xml")


def _root_name(body: bytes) -> str | None:
    """The local name of the first element of `body`, lower-cased, or None."""
    head = body[:65536]
    codec = bom_codec(head)
    if codec:
        head = head.decode(codec, "replace").encode() if codec != "utf-8" else head[3:]
    position = 0
    while (match := _PROLOG.match(head, position)) and match.end() > position:
        position = match.end()
    match = _FIRST_ELEMENT.match(head, position)
    return match[1].decode().lower() if match else None


def sniff_kind(body: bytes) -> str | None:
    """What a (decompressed) body is by its root element: "feed" (rss, rdf:RDF, Atom's
    feed), "sitemap" (urlset, sitemapindex) or "html"; None when it says nothing clear
    (text before the first element — a PHP warning before a feed —, another root): the
    parsers then try."""
    root = _root_name(body)
    if root in FEED_ROOTS:
        return "feed"
    if root in SITEMAP_ROOTS:
        return "sitemap"
    return "html" if root == "html" else None


#: The end of a whole listing: its root element closed, then at most comments.
_CLOSED_ROOT = re.compile(rb"</(?:[\w.-]+:)?(rss|feed|rdf|urlset|sitemapindex)\s*>"
                          rb"(?:\s|<!--.*?-->)*$", re.IGNORECASE | re.DOTALL)


def _cut_short(body: bytes) -> list[str]:
    """What is wrong with a listing that stops before its root element closes (a body cut
    short: the transport's length met, the listing not): the links after the cut are not
    known. (Other faults of a listing a tolerant parser reads past, and so does this.)"""
    if _CLOSED_ROOT.search(body[-4096:]):
        return []
    name = sniff_kind(body)
    root = _root_name(body) or "root"
    return [f"cut short: it stops before its closing </{root}>"] if name else []


def _feed_entries(body: bytes, base_url: str, content_type: str | None = None,
                  damage: list[str] | None = None) -> list[Entry] | None:
    """The (link, date) entries of an RSS or Atom feed, or None when it is none. A feed
    that is not well-formed XML (cut short, broken) is read as far as it goes, and what
    is wrong with it goes to `damage`: the items after the break are not known."""
    import feedparser

    headers = {}
    if content_type:  # its charset, for a feed whose XML declaration names none
        mime = content_type.split(";")[0].strip()
        charset = header_charset(body, content_type)
        headers["content-type"] = f"{mime}; charset={charset}" if charset else mime
    parsed = feedparser.parse(body, response_headers=headers)
    if not parsed.entries and not parsed.get("version"):
        return None  # feedparser reads any text; only a known format is a feed
    if damage is not None:
        damage.extend(_cut_short(body))
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if link:
            # pubDate, dc:date, Atom's published or updated: feedparser reads each into a
            # UTC struct_time, whatever zone or format the feed wrote it in.
            parsed_date = (entry.get("published_parsed") or entry.get("updated_parsed")
                           or entry.get("created_parsed"))
            when = float(calendar.timegm(parsed_date)) if parsed_date else None
            entries.append((_joined(base_url, link.strip()), when))
    return entries


def parse_feed(body: bytes, base_url: str, content_type: str | None = None
               ) -> list[str] | None:
    """Article links of an RSS or Atom feed, newest first by the items' dates (pubDate,
    dc:date, published, updated; items without one after the dated ones, in feed order),
    http(s) links only; None when the body is not a feed at all. `content_type`: the response's header, whose
    charset reads a feed that names none (header_charset)."""
    data = unpacked(body)[0]
    content_type = content_type if data is body else None  # a .gz file's is not the feed's
    entries = None if data is None else _feed_entries(data, base_url, content_type)
    return None if entries is None else newest_first(_web_only(entries, [])[0])


def _sitemap_entries(body: bytes, base_url: str, content_type: str | None = None,
                     damage: list[str] | None = None
                     ) -> tuple[list[Entry], list[Entry]] | None:
    """(pages, nested sitemaps) of a sitemap or an index, or None when it is none; one
    that is not well-formed XML is read as far as it goes, and `damage` says why."""
    charset = header_charset(body, content_type)
    if charset not in (None, "utf-8"):  # decoded here: libxml2 does not know every codec
        body = body.decode(charset, "replace").encode("utf-8")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             huge_tree=True,
                             encoding=None if charset in (None, "utf-8") else "utf-8")
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        return None
    cut = _cut_short(body)
    if damage is not None:
        damage.extend(cut)
    # cut short inside a <loc>: its text is the start of an address, maybe another real one
    cut_loc = bool(cut) and _last_loc_open(body)
    pages: list[Entry] = []
    nested: list[Entry] = []
    for entry in root:
        if not isinstance(entry.tag, str):
            continue
        # The entry's own <loc> and <lastmod> are its children in its own namespace (the
        # sitemap protocol's, or none); image:loc, video:content_loc and the like inside
        # image:image or video:video are the media's, never the article's address.
        namespace = etree.QName(entry).namespace
        loc = None
        dates = []
        for child in entry:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child)
            if tag.namespace == namespace and tag.localname == "loc" and child.text:
                loc = loc or _joined(base_url, child.text.strip())
            elif tag.namespace == namespace and tag.localname == "lastmod" and child.text:
                dates.append(w3c_datetime(child.text))
            elif tag.localname == "news":  # news:news/news:publication_date
                dates.extend(w3c_datetime(date.text) for date in child
                             if isinstance(date.tag, str) and date.text
                             and etree.QName(date).localname == "publication_date")
        dates = [d for d in dates if d is not None]
        if loc:
            (nested if name == "sitemapindex" else pages).append(
                (loc, max(dates) if dates else None))
    if cut_loc and (nested if name == "sitemapindex" else pages):
        (nested if name == "sitemapindex" else pages).pop()  # the address the cut went into
    return pages, nested


_LOC_OPEN = re.compile(rb"<(?:[\w.-]+:)?loc[\s>]")
_LOC_CLOSE = re.compile(rb"</(?:[\w.-]+:)?loc\s*>")


def _last_loc_open(body: bytes) -> bool:
    """Whether the last <loc> of a listing cut short has no closing tag (the cut went
    into the address)."""
    tail = body[-8192:]
    opened = [m.start() for m in _LOC_OPEN.finditer(tail)]
    closed = [m.start() for m in _LOC_CLOSE.finditer(tail)]
    return bool(opened) and (not closed or opened[-1] > closed[-1])


def parse_sitemap(body: bytes, base_url: str, content_type: str | None = None
                  ) -> tuple[list[str], list[str]] | None:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index, newest first by
    their <lastmod> or news:publication_date read as instants (those without one after
    the dated ones, in the order listed); None when it is not a sitemap."""
    data = unpacked(body)[0]
    content_type = content_type if data is body else None
    parsed = None if data is None else _sitemap_entries(data, base_url, content_type)
    if parsed is None:
        return None
    pages, nested, _skipped = _web_only(*parsed)
    return newest_first(pages), newest_first(nested)


def listed_urls(source: Source, get, record, error) -> list[str]:
    """The article URLs a feed or sitemap source lists now: newest first, at most
    `max_articles`; `[source.url]` for an article, and for a source whose kind was a guess
    when what it serves is a page (see _read_listing).

    A sitemap index's nested sitemaps are read newest first by their <lastmod>, until no
    sitemap left could list an article newer than the newest `max_articles` found (a
    sitemap's <lastmod> bounds its entries' dates; an entry without a date is taken as of
    its sitemap's). Nested sitemaps without a <lastmod> could list anything: they are all
    read, in the order listed — at most MAX_NESTED_SITEMAPS of them a run, said in one
    line (logged, shown with -v) when that cut the list.

    Args:
        get: url -> FetchResult (the job's GET).
        record: (url, fetch, articles listed or None, error code or None): what one
            listing answered (the job's source_checks row).
        error: one line saying a listing's failure (the run's errors).
    """
    limit = source.max_articles
    if source.kind == "article" and not source.guessed:
        return [source.url]  # taken at its word: never read as a listing
    found: dict[str, tuple] = {}  # URL -> its order key; the newest `limit` only
    seq = itertools.count()
    waiting: list = []  # nested sitemaps, a heap: (order key, url, depth, lastmod)
    nested_read = too_deep = 0
    url, depth, bound = source.url, 0, None
    queued = {source.url}  # each listing read once a run: an index may list itself, or loop
    while True:
        listing = _read_listing(source, url, get, record, error, top=depth == 0)
        if listing is PAGE:
            return [source.url]
        if listing is not None:
            entries, nested = listing
            for link, when in entries:
                key = _order_key(when if when is not None else bound, next(seq))
                if link not in found or key < found[link]:
                    found[link] = key
            if len(found) > limit:
                found = dict(heapq.nsmallest(limit, found.items(), key=lambda item: item[1]))
            for child, when in nested:
                if child in queued:
                    continue
                if depth >= MAX_SITEMAP_DEPTH:
                    too_deep += 1
                    continue
                queued.add(child)
                when = when if when is not None else bound
                heapq.heappush(waiting, (_order_key(when, next(seq)), child, depth + 1, when))
        if not waiting or _none_newer_left(found, limit, waiting):
            break
        if nested_read >= MAX_NESTED_SITEMAPS:
            log.info("sitemap %s: %d nested sitemaps read, %d more not (at most %d a run)",
                     source.url, nested_read, len(waiting), MAX_NESTED_SITEMAPS)
            break
        _key, url, depth, bound = heapq.heappop(waiting)
        nested_read += 1
    if too_deep:
        log.info("sitemap %s: %d sitemaps nested deeper than %d indexes not read", source.url,
                 too_deep, MAX_SITEMAP_DEPTH)
    return sorted(found, key=found.__getitem__)


def _none_newer_left(found: dict[str, tuple], limit: int, waiting: list) -> bool:
    """Whether no nested sitemap still waiting can list an article among the newest
    `limit`: each has a <lastmod>, and `limit` articles found are at least as new as the
    newest of them."""
    if len(found) < limit or any(key[0] for key, *_ in waiting):
        return False
    newest_left = waiting[0][3]
    return sum(1 for key in found.values() if key[0] == 0 and -key[1] >= newest_left) >= limit


def _scheme(link: str) -> str:
    try:
        return urlsplit(link).scheme.lower()
    except ValueError:  # not a URL at all: the listing's error, said as such
        return "http"


def _web_only(entries: list[Entry], nested: list[Entry]):
    """(entries, nested sitemaps, the schemes of the links skipped): the links that are no
    web page — mailto:, javascript:, data:, tel:, ftp: — are no article to archive."""
    skipped = [_scheme(u) for u, _ in entries + nested if _scheme(u) not in ("http", "https")]
    return ([e for e in entries if _scheme(e[0]) in ("http", "https")],
            [e for e in nested if _scheme(e[0]) in ("http", "https")], skipped)


#: What _read_listing gives for a source that is an article page after all.
PAGE = "page"


def _read_listing(source: Source, url: str, get, record, error, *, top: bool):
    """(entries, nested sitemaps) of the feed or sitemap at `url`; PAGE when `url` is the
    source's own and what it serves makes it an article; None when it failed (said, and
    recorded). Feeds and sitemaps are read whole every run (they are small): a 304 would
    hide the articles a killed or cut-short run did not reach, and the articles they list
    each cost one conditional GET, a 304 when unchanged.

    The content decides what is read, whatever the kind says: a feed is read as a feed, a
    sitemap as a sitemap (an index may list feeds, as the sitemap protocol allows). An
    HTML page is the article when the source's kind was a guess; where a feed or a sitemap
    was said to be (`kind` given, or a nested sitemap), it is the listing's error: an
    error page or a login wall is no article."""
    guessed_article = top and source.kind == "article"
    fetch = get(url)
    if not fetch.ok:
        if guessed_article:  # the article's own fetch says why, as the article's failure
            return PAGE
        error(f"{source.kind} {url}: {fetch.detail or fetch.error}")
        record(url, fetch, None, fetch.error)
        return None
    base = fetch.final_url or url
    body, problem = unpacked(fetch.body)
    # the header's charset is the document's, unless the document was a .gz file
    content_type = fetch.content_type if body is fetch.body else None
    kind = sniff_kind(body) if body is not None else None
    parsed = None
    damage: list[str] = []
    if body is not None and kind != "html":
        tries = [kind] if kind else (["sitemap", "feed"] if source.kind == "sitemap"
                                     else ["feed", "sitemap"])
        for attempt in tries:
            damage = []
            if attempt == "feed":
                entries = _feed_entries(body, base, content_type, damage)
                parsed = None if entries is None else (entries, [])
            else:
                parsed = _sitemap_entries(body, base, content_type, damage)
            if parsed is not None:
                kind = attempt
                break
    mime = (content_type or "").split(";")[0].strip().lower()
    if parsed is None and body is not None and mime in _PAGE_TYPES:
        kind = "html"  # no listing, served as a page: a page, whatever its first element
    if parsed is None and top and (guessed_article or kind == "html" and source.guessed):
        if not guessed_article:
            log.info("%s: an HTML page, archived as an article (its URL suggested a %s)",
                     url, source.kind)
        return PAGE  # or what only the article's own fetch can name (not_a_page)
    if parsed is None:
        said = "feed" if source.kind == "feed" else "sitemap"
        why = problem or ("an HTML page" if kind == "html" else None)
        error(f"{source.kind} {url}: not a {said}" + (f" ({why})" if why else ""))
        record(url, fetch, None, "malformed")
        return None
    if kind != source.kind and top:
        log.info("%s: a %s, read as one (%s)", url, kind,
                 f"its URL suggested {'an' if source.kind == 'article' else 'a'} {source.kind}"
                 if source.guessed else f'kind = "{source.kind}" is given')
    entries, nested, skipped = _web_only(*parsed)
    if skipped:  # mail addresses, scripts, data: no article, and no failure of the site
        schemes = ", ".join(f"{scheme}:" for scheme in sorted(set(skipped)))
        log.info("%s %s: %d %s not http(s) skipped (%s)", source.kind, url, len(skipped),
                 "link" if len(skipped) == 1 else "links", schemes)
    if damage:  # the links before the break are read; those after it are not known
        error(f"{kind} {url}: {damage[0]}: read as far as it goes, "
              f"{len(entries) + len(nested)} link{'s' if len(entries) + len(nested) != 1 else ''}")
        record(url, fetch, len(entries), "malformed")
    else:
        record(url, fetch, len(entries), None)
    kept = []
    for link, when in entries:  # a link that is not a URL is the listing's error
        problem = url_problem(link)
        if problem:
            error(f"{source.kind} {url}: lists {link}, {problem}")
        else:
            kept.append((link, when))
    return kept, nested
