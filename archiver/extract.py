"""Extraction: article page bytes (or text) -> the X posts it embeds or links.

`extract(data, source)` is a pure function: no network, no database, no clock. It
recognises every form of DESIGN.md's table (X-FORMATS.md §1-§2): official blockquotes,
AMP, rendered iframes and data-* attributes, status links in prose and status URLs in
visible text, and the plain-text rendering of an embed ("TEXT pic.twitter.com/X— Name
(@handle) October 12, 2025"). It never raises on malformed input.

Speed (bench/extract.py): a page with no marker of a post at all is not parsed; others
are parsed once with lxml, and candidates come from one C-level walk over a few tag
names, or an XPath union when the bytes show a form that needs one (see _candidates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .dates import parse_shown_date
from .decode import charset_from_content_type, decode_page, sniff_encoding
from .ids import clean_handle, iter_status_urls, parse_post_id, parse_status_url, snowflake_date
from .models import Embed, Page

__all__ = ["extract", "extract_page", "is_plain_text"]

# Byte strings one of which every HTML page with a post contains: "status" (every status
# URL, percent-encoded too), "weet"/"WEET" (twitter-tweet, data-tweet-id, data-tweetid,
# Tweet.html, amp-twitter's data-tweetid) and "twitter.min" (s9e iframes). A page with
# none of them is not parsed at all. (The plain-text form of an embed, "(@handle)", is
# looked for in HTML only when the page is parsed for one of these.)
_MARKERS = (b"status", b"weet", b"WEET", b"twitter.min")

# Tags whose text is not page content: it is code, data or raw text in the page.
_NOT_CONTENT = "script|style|textarea|xmp|title|code|pre|kbd|samp|iframe|noembed|plaintext"
_NOT_CONTENT_TEST = " or ".join(f"ancestor::{tag}" for tag in _NOT_CONTENT.split("|"))

# Candidates (X-FORMATS §1) come from one of two paths, both in document order:
# - the fast path: one C-level walk over six tag names (tree.iter), filtered in Python;
# - when the page's bytes show an attribute-only form (data-tweet-id on any element,
#   data-canonical-url, s9e, a status URL in data-src) or a status URL or "(@handle)"
#   written as text, one XPath union of the parts needed (each part walks the tree,
#   so parts the bytes rule out are left out).
# Measured in bench/extract.py: the tag walk costs ~0.2 ms/MB on the corpus, an XPath
# part ~0.05-1 ms/MB, a text-node part ~0.9 ms/MB.
_TAGS = ("a", "blockquote", "amp-twitter", "iframe", "figure", "img")
_TAG_PARTS = (
    "descendant::blockquote[contains(@class,'tweet') or contains(@class,'twitter-')"
    " or @data-tweetid or @data-tweet-id]",
    "descendant::amp-twitter",
    "descendant::figure[contains(@class,'wp-block-embed-twitter')]",
    "descendant::a[contains(@href,'status')]",
    "descendant::iframe",
    "descendant::img[contains(@src,'status')]",
)
_ATTRIBUTE_PARTS = (
    ((b"data-tweet",), "descendant::*[@data-tweet-id or @data-tweetid or @data-tweet-url]"),
    ((b"data-canonical-url",), "descendant::*[contains(@data-canonical-url,'status')]"),
    ((b"data-s9e-mediaembed",), "descendant::*[@data-s9e-mediaembed-iframe]"),
)
_DATA_SRC_PART = "descendant::*[contains(@data-src,'status')]"
_TEXT_PARTS = {
    "status": f"descendant::text()[contains(.,'status')][not({_NOT_CONTENT_TEST} or ancestor::a)]",
    "(@": f"descendant::text()[contains(.,'(@')][not({_NOT_CONTENT_TEST} or ancestor::a)]",
}
_STATUS_BYTES_RE = re.compile(rb"status(?:es)?(?:/|%2F|\\/)\d")
_XPATHS: dict[tuple, etree.XPath] = {}


#: Bytes scanned for all markers at once: small enough to stay in the CPU cache, so a
#: large page is read from memory once, not once per marker.
_SCAN_CHUNK_BYTES = 256 * 1024
_OVERLAP = max(map(len, _MARKERS)) - 1


def _find(haystack: bytes, needle: bytes) -> bool:
    return needle in haystack


class _Finder:
    """haystack.find(needle, start), for many searches in one page."""

    def __init__(self, haystack: bytes):
        self.haystack = haystack

    def __call__(self, needle: bytes, start: int) -> int:
        return self.haystack.find(needle, start)


def _has_marker(raw: bytes) -> bool:
    view = memoryview(raw)
    for start in range(0, len(raw), _SCAN_CHUNK_BYTES):
        chunk = bytes(view[start: start + _SCAN_CHUNK_BYTES + _OVERLAP])
        if any(marker in chunk for marker in _MARKERS):
            return True
    return False


try:  # glibc's memmem is 3-5x faster than bytes.__contains__ here (bench/extract.py)
    import ctypes
    import ctypes.util

    _libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
    _memmem = _libc.memmem
    _memmem.restype = ctypes.c_void_p
    _memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]

    def _find(haystack: bytes, needle: bytes) -> bool:  # noqa: F811
        return _memmem(haystack, len(haystack), needle, len(needle)) is not None

    class _Finder:  # noqa: F811 - the same with memmem: long gaps between hits are common
        """haystack.find(needle, start), for many searches in one page."""

        def __init__(self, haystack: bytes):
            self.haystack = haystack  # keeps the buffer alive while its address is used
            self.base = ctypes.cast(ctypes.c_char_p(haystack), ctypes.c_void_p).value
            self.size = len(haystack)

        def __call__(self, needle: bytes, start: int) -> int:
            if start >= self.size:
                return -1
            found = _memmem(self.base + start, self.size - start, needle, len(needle))
            return -1 if found is None else found - self.base

    def _has_marker(raw: bytes) -> bool:  # noqa: F811 - the same, without copying chunks
        base = ctypes.cast(ctypes.c_char_p(raw), ctypes.c_void_p).value
        size = len(raw)
        for start in range(0, size, _SCAN_CHUNK_BYTES):
            length = min(_SCAN_CHUNK_BYTES + _OVERLAP, size - start)
            for marker in _MARKERS:
                if _memmem(base + start, length, marker, len(marker)) is not None:
                    return True
        return False
except (OSError, AttributeError, TypeError):  # pragma: no cover - no C library memmem
    pass


def _candidates(tree, raw: bytes) -> list:
    """Every element or text node of `tree` that may carry a post, in document order."""
    in_text, attributes, data_src_tags = _status_contexts(raw)
    extra_tags = _attribute_tags(raw)
    text_parts = ((_TEXT_PARTS["status"],) if in_text else ()) + (
        (_TEXT_PARTS["(@"],) if _text_tail_possible(raw) else ())
    if extra_tags is None or text_parts:
        parts = _TAG_PARTS + tuple(part for needles, part in _ATTRIBUTE_PARTS
                                   if any(_find(raw, n) for n in needles))
        if data_src_tags:
            parts += (_DATA_SRC_PART,)
        xpath = _XPATHS.get(parts + text_parts)
        if xpath is None:
            xpath = _XPATHS[parts + text_parts] = etree.XPath(" | ".join(parts + text_parts))
        return xpath(tree)
    # Links and images are the bulk of a page's elements: walk them only when the bytes
    # hold a status URL in an href, or a src.
    tags = {"blockquote", "amp-twitter", "iframe", "figure"} | extra_tags | data_src_tags
    if "href" in attributes:
        tags.add("a")
    if "src" in attributes:
        tags.add("img")
    return [el for el in tree.iter(*tags) if _is_tag_candidate(el)]


_TAG_NAME_RE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME_RE = re.compile(rb"[A-Za-z_:][-A-Za-z0-9_:.]*(?=\s*$)")
#: Past this many attribute markers the tag names are not collected (an XPath part is
#: cheaper than reading hundreds of them out of the bytes).
_MAX_ATTRIBUTE_MARKERS = 200


def _attribute_tags(raw: bytes) -> set[str] | None:
    """Tag names of the elements whose attributes carry an id (data-tweet-id on a div,
    data-canonical-url on a figure, s9e on a span), read from the bytes; None if too many."""
    tags: set[str] = set()
    seen = 0
    find = _Finder(raw)
    for needle in (b"data-tweet", b"data-canonical-url", b"data-s9e-mediaembed"):
        at = find(needle, 0)
        while at != -1:
            seen += 1
            if seen > _MAX_ATTRIBUTE_MARKERS:
                return None
            lt = raw.rfind(b"<", max(0, at - 4096), at)
            name = _TAG_NAME_RE.match(raw, lt + 1) if lt != -1 else None
            if name:
                tags.add(name.group().decode("ascii").lower())
            at = find(needle, at + len(needle))
    return tags


def _is_tag_candidate(el) -> bool:
    """The fast path's filter: the tests of _TAG_PARTS, _ATTRIBUTE_PARTS, _DATA_SRC_PART."""
    tag = el.tag
    get = el.get
    if tag == "a":
        return "status" in (get("href") or "")
    if tag in ("amp-twitter", "iframe"):
        return True
    if tag == "blockquote":
        classes = get("class") or ""
        if "tweet" in classes or "twitter-" in classes:
            return True
    elif tag == "img" and "status" in (get("src") or ""):
        return True
    elif tag == "figure" and "wp-block-embed-twitter" in (get("class") or ""):
        return True
    return (
        get("data-tweet-id") is not None or get("data-tweetid") is not None
        or get("data-tweet-url") is not None or get("data-s9e-mediaembed-iframe") is not None
        or "status" in (get("data-canonical-url") or "") or "status" in (get("data-src") or "")
    )


# "(@handle)" with no link right after it: every official embed's attribution is
# followed by its permalink <a>, a plain-text rendering is not.
_LONE_TAIL_RE = re.compile(rb"\(@\w{1,20}\)(?![^<]{0,120}<a[\s>])")
# Raw-text elements of HTML: what is inside them is never page text.
_RAW_TEXT_OPENERS = ((b"<script", b"</script"), (b"<style", b"</style"), (b"<!--", b"-->"))


class _Context:
    """Where a byte offset of the raw page sits: inside a tag, in raw text (script,
    style, comment), or in page text. Positions are asked in increasing order; a raw-text
    block found once is skipped for every later position inside it."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.skip_until = -1

    def of(self, pos: int) -> str:
        raw = self.raw
        if pos < self.skip_until:
            return "raw"
        floor = max(0, pos - 8192)
        lt = raw.rfind(b"<", floor, pos)
        if lt > raw.rfind(b">", floor, pos):
            return "tag"
        for opener, closer in _RAW_TEXT_OPENERS:
            if raw.rfind(opener, 0, pos) > raw.rfind(closer, 0, pos):
                end = raw.find(closer, pos)
                self.skip_until = end if end != -1 else len(raw)
                return "raw"
        return "text"


def _text_tail_possible(raw: bytes) -> bool:
    """Whether the page may hold an embed rendered as plain text ("— Name (@handle) Date")."""
    context = None
    at = raw.find(b"@")  # one byte: memchr, far faster than a two-byte search
    while at != -1:
        if at and raw[at - 1] == 0x28 and _LONE_TAIL_RE.match(raw, at - 1):
            context = context or _Context(raw)
            if context.of(at) == "text":
                return True
        at = raw.find(b"@", at + 1)
    return False


def _status_contexts(raw: bytes) -> tuple[bool, set[str], set[str]]:
    """Where the page's status URLs sit, read from the bytes: (one is written as page
    text; the attributes holding one, lower-cased; tag names whose data-src holds one).

    Looking for status URLs in every text node costs as much as a parse on large pages;
    most pages carry them only in href attributes and scripts, which this tells from the
    bytes: a URL is inside a tag when the last "<" before it comes after the last ">",
    and its attribute is the name before the last "=" in between.
    """
    in_text, attributes, data_src_tags = False, set(), set()
    context = _Context(raw)
    find = _Finder(raw)
    at = find(b"status", 0)
    while at != -1:
        if _STATUS_BYTES_RE.match(raw, at):
            where = context.of(at)
            if where == "text":
                in_text = True
            elif where == "tag":
                lt = raw.rfind(b"<", max(0, at - 8192), at)
                eq = raw.rfind(b"=", lt, at)
                name = _ATTRIBUTE_NAME_RE.search(raw, max(lt, eq - 40), eq) if eq > lt else None
                attribute = name.group().decode("ascii").lower() if name else ""
                attributes.add(attribute)
                if attribute == "data-src":
                    tag = _TAG_NAME_RE.match(raw, lt + 1)
                    if tag:
                        data_src_tags.add(tag.group().decode("ascii").lower())
        at = find(b"status", at + 6)
    return in_text, attributes, data_src_tags


# Page metadata lives in <head>; searching only there keeps it off the cost of a large
# body. (postlight's re-serialised pages write meta values as value= instead of content=.)
_META_XPATH = {
    "title": etree.XPath("string((/html/head/title | /html/body/title)[1])"),
    "canonical_url": etree.XPath("string((/html/head/link[@rel='canonical']/@href)[1])"),
    "site_name": etree.XPath(
        "string((/html/head/meta[@property='og:site_name']/@content"
        " | /html/head/meta[@property='og:site_name']/@value)[1])"
    ),
    "lang": etree.XPath("string(/html/@lang)"),
    "published": etree.XPath(
        "string((/html/head/meta[@property='article:published_time']/@content"
        " | /html/head/meta[@property='article:published_time']/@value)[1])"
    ),
}

# Classes of widgets that wear the embed's class names but are not posts (corpus page 29).
_WIDGET_CLASS_RE = re.compile(
    r"twitter-(?:timeline|share-button|follow-button|hashtag-button|mention-button)"
)
_EMBED_CLASS_RE = re.compile(r"\b(?:twitter-tweet|twitter-video|lazy-tweet)\b")
_ID_ATTRIBUTES = ("data-tweet-id", "data-tweetid", "data-tweet-url", "data-canonical-url")
_URL_ATTRIBUTES = ("src", "data-src", "data-s9e-mediaembed-iframe")
# Escaped markup in prose ("&lt;a href=…") is a code sample, not a mention of a post.
_MARKUP_IN_TEXT_RE = re.compile(r"<\s*(?:a|blockquote|iframe|amp-twitter)\b|\bhref\s*=", re.I)
_BLOCK_TAGS = frozenset(
    "p div li td th dd dt blockquote section article aside main body figure figcaption"
    " header footer h1 h2 h3 h4 h5 h6 pre center".split()
)
_WS_RE = re.compile(r"[ \t\r\n\f\v]+")
_AROUND_NEWLINE_RE = re.compile(r" *\n *")
_PIC_RE = re.compile(r"pic\.(?:twitter|x)\.com/[A-Za-z0-9]+")
_TRAILING_PICS_RE = re.compile(r"(?:\s*pic\.(?:twitter|x)\.com/[A-Za-z0-9]+)+\s*$")
# Any complete start tag or doctype near the top makes an input without a type HTML.
_HTML_TAG_RE = re.compile(rb"<(?:!doctype|[a-z][a-z0-9-]*(?:\s[^<>]*)?/?)>", re.IGNORECASE)

# The tail of an embed as plain text: "— Name (@handle) Date" (X-FORMATS §1.10). The name
# may not cross a dash, so the match starts at the last dash before "(@".
_TEXT_TAIL_RE = re.compile(
    r"(?P<dash>[\u2014\u2013]|(?<!\S)-(?=\s))[ \t]*"
    r"(?P<name>[^\n()\u2014\u2013]{1,100}?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,20})\)[ \t]*"
    r"\[?(?P<date>[^\n\]]{0,40}?(?:\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?"
    r"|\d{4}|[\u0660-\u0669\u06f0-\u06f9]{4}))"
    r"(?:\]\((?P<link>[^)\s]+)\))?"
)
# An attribution inside a blockquote: "— Name (@handle)", newline allowed before "(@".
_ATTRIBUTION_RE = re.compile(
    r"[\u2014\u2013-]\s*(?P<name>[^\u2014\u2013]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,20})\)"
)
_MAX_POST_ID = 2**63


def is_plain_text(data: bytes | str, content_type: str | None = None, source: str = "") -> bool:
    """True when the input is plain text rather than HTML.

    A text/plain Content-Type, a .txt or .md path and standard input ("-") are plain
    text, an .html path is HTML; with none of those, text without a single HTML tag in
    its first 4 KB is plain text.
    """
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind == "text/plain":
            return True
        if kind in ("text/html", "application/xhtml+xml"):
            return False
    suffix = source.lower().rsplit("?", 1)[0]
    if source == "-" or suffix.endswith((".txt", ".text", ".md")):
        return True
    if suffix.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return False
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
    return _HTML_TAG_RE.search(head) is None


def extract(
    data: bytes | str, source: str = "", *, content_type: str | None = None
) -> list[Embed]:
    """Extract every X post an article page embeds or links.

    Args:
        data: the page as bytes (decoded here: BOM, the header charset in `content_type`,
            <meta>, UTF-8, detection) or as text.
        source: the path or URL the page came from; recorded on each Embed.
        content_type: the HTTP Content-Type, if the page came over HTTP.

    Returns:
        One Embed per post, in document order of first occurrence.
    """
    return list(_safely(data, source, content_type, with_meta=False).embeds)


def extract_page(data: bytes | str, source: str = "", *, content_type: str | None = None) -> Page:
    """Like `extract`, and also read the page's own metadata (title, canonical URL, …)."""
    return _safely(data, source, content_type, with_meta=True)


def _safely(data, source, content_type, *, with_meta: bool) -> Page:
    try:
        return _extract_page(data, source, content_type, with_meta)
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        # lxml and the decoders raise on inputs no page should contain (NUL floods,
        # lone surrogates); such an input holds no post we could read.
        return Page(source=source)


def _extract_page(data: bytes | str, source: str, content_type: str | None,
                  with_meta: bool) -> Page:
    if is_plain_text(data, content_type, source):
        text, encoding = plain_text(data, content_type)
        occurrences = _occurrences_in_text(text)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        return Page(source, encoding, title=title, embeds=_merge(occurrences, source))

    declared = charset_from_content_type(content_type)
    raw, encoding = _unicode_bom(data, declared)
    if not _has_marker(raw):
        if not with_meta:
            return Page(source, encoding)
        head = raw[:65536]
        tree = _parse_html(head, encoding or sniff_encoding(head, declared)[0])
        return _page_meta(tree, source, encoding, ())  # metadata only: the head is enough
    tree, encoding = _decode_and_parse(raw, encoding, declared)
    if tree is None:
        return Page(source, encoding)
    embeds = _merge(_occurrences_in_tree(_candidates(tree, raw)), source)
    if not with_meta:
        return Page(source, encoding, embeds=embeds)
    return _page_meta(tree, source, encoding, embeds)


def plain_text(data: bytes | str, content_type: str | None = None) -> tuple[str, str | None]:
    """A plain-text page's text and the codec it was decoded with (BOM, then the header's
    charset, then detection): the one decoding of plain text, for extraction and for the
    quotes in an article's prose."""
    if isinstance(data, str):
        return data, None
    return decode_page(data, charset_from_content_type(content_type))


def parse_document(data: bytes | str, content_type: str | None = None):
    """(lxml tree or None, codec): an HTML page parsed with the same decoding the
    extractor uses (BOM, the header's charset, <meta>, UTF-8 or detection), for every
    reader of an article's HTML."""
    declared = charset_from_content_type(content_type)
    raw, encoding = _unicode_bom(data, declared)
    return _decode_and_parse(raw, encoding, declared)


def _unicode_bom(data: bytes | str, declared: str | None) -> tuple[bytes, str | None]:
    """Bytes to parse, and their codec when already known (a str, a UTF-16/32 BOM)."""
    if isinstance(data, str):
        return data.encode("utf-8", "replace"), "utf-8"
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return decode_page(data, declared)[0].encode("utf-8", "replace"), "utf-8"
    return data, None


def _decode_and_parse(raw: bytes, encoding: str | None, declared: str | None):
    tree = None
    if encoding is None:
        encoding, how = sniff_encoding(raw, declared, validate_utf8=False)
        if how == "assumed":
            # Nothing declared: parse as UTF-8, and only if libxml2 finds bytes that are
            # not UTF-8 pay for detection (validating up front costs ~1 ms/MB).
            tree = _parse_html(raw, "utf-8", strict_utf8=True)
            if tree is None:
                encoding = sniff_encoding(raw, declared)[0]
    if tree is None:
        tree = _parse_html(raw, encoding)
    return tree, encoding


def _parse_html(raw: bytes, encoding: str, *, strict_utf8: bool = False):
    """Parse with lxml, always handing libxml2 UTF-8 (it knows fewer codec names than
    Python). With `strict_utf8`, return None when the bytes turn out not to be UTF-8."""
    try:
        if not encoding.startswith("utf-8"):
            raw = raw.decode(encoding, "replace").encode("utf-8", "replace")
        # collect_ids=False: no table of id attributes, which we never look up (-7%).
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True, huge_tree=True, collect_ids=False)
        tree = etree.fromstring(raw, parser)
    except (etree.ParserError, ValueError, LookupError):
        return None
    if strict_utf8 and any(e.type_name == "ERR_INVALID_ENCODING" for e in parser.error_log):
        return None
    return tree


def _page_meta(tree, source: str, encoding: str, embeds: tuple[Embed, ...]) -> Page:
    if tree is None:
        return Page(source, encoding, embeds=embeds)
    meta = {key: (_WS_RE.sub(" ", xpath(tree)).strip() or None) for key, xpath in _META_XPATH.items()}
    return Page(source, encoding, embeds=embeds, **meta)


# --- occurrences -------------------------------------------------------------------------


@dataclass(slots=True)
class _Occurrence:
    """One place in the page that shows a post, before same-post occurrences merge."""

    position: int
    kind: str
    form: str
    post_id: str | None
    handle: str | None = None
    handle_shown: bool = False  # the handle is the "(@handle)" the page shows
    author_name: str | None = None
    shown_date: str | None = None
    text: str | None = None
    lang: str | None = None
    media: tuple[str, ...] = ()
    raw: object = None  # the markup as text, or the element to serialise if needed

    @property
    def rich(self) -> bool:
        return self.text is not None or self.author_name is not None

    def absorb(self, other: "_Occurrence") -> None:
        """Fill what this occurrence lacks from a nested one showing the same post."""
        if other.rich and not self.rich:
            self.author_name, self.shown_date = other.author_name, other.shown_date
            self.text, self.lang, self.media = other.text, other.lang, other.media
            self.raw = other.raw if self.raw is None else self.raw
        if other.handle and (not self.handle or (other.handle_shown and not self.handle_shown)):
            self.handle, self.handle_shown = other.handle, other.handle_shown


def _valid_id(post_id: str | None) -> str | None:
    if not post_id:
        return None
    post_id = post_id.lstrip("0")
    if not post_id or int(post_id) >= _MAX_POST_ID:
        return None
    return post_id


def _occurrences_in_tree(candidates: list) -> list[_Occurrence]:
    occurrences: list[_Occurrence] = []
    owner: dict = {}  # element -> the occurrence it belongs to
    text_blocks: set = set()
    for node in candidates:
        if isinstance(node, str):  # a text node ("smart string")
            parent = node.getparent()
            if parent is None or _owning(parent, owner) is not None:
                continue
            if _MARKUP_IN_TEXT_RE.search(node):  # an escaped code sample, not content
                continue
            if "(@" in node:
                block = _block_of(parent)
                if block not in text_blocks:
                    text_blocks.add(block)
                    found = _occurrences_in_text(_element_text(block), len(occurrences), block)
                    if found:
                        occurrences.extend(found)
                        owner.setdefault(block, found[-1])
                        continue
            if "status" in node:
                for _start, _end, post_id, handle in iter_status_urls(node):
                    post_id = _valid_id(post_id)
                    if post_id:
                        occurrences.append(
                            _Occurrence(len(occurrences), "text", "text-url", post_id, handle,
                                        raw=str(node).strip())
                        )
            continue
        occ = _occurrence_of_element(node, len(occurrences))
        if occ is None:
            continue
        parent_occ = _owning(node, owner)
        if parent_occ is not None and parent_occ.post_id in (occ.post_id, None):
            if parent_occ.post_id is None:
                parent_occ.post_id = occ.post_id
            parent_occ.absorb(occ)
            owner[node] = parent_occ
            continue
        occurrences.append(occ)
        owner[node] = occ
    return occurrences


def _owning(element, owner: dict):
    """The occurrence that `element` or its nearest owned ancestor belongs to."""
    if not owner:
        return None
    found = owner.get(element)
    if found is not None:
        return found
    for ancestor in element.iterancestors():
        found = owner.get(ancestor)
        if found is not None:
            return found
    return None


def _block_of(element):
    for candidate in (element, *element.iterancestors()):
        if isinstance(candidate.tag, str) and candidate.tag in _BLOCK_TAGS:
            return candidate
    return element


def _occurrence_of_element(el, position: int) -> _Occurrence | None:
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = el.get("class") or ""
    if _WIDGET_CLASS_RE.search(classes):
        return None
    if tag == "blockquote" and _is_embed_blockquote(el):
        return _from_blockquote(el, position)
    if tag == "amp-twitter":
        post_id = _valid_id(parse_post_id(el.get("data-tweetid")))
        handle = None
        found = parse_status_url(el.get("data-tweetid") or "")
        if found:
            handle = found[1]
        occ = _Occurrence(position, "embed", "amp", post_id, handle, raw=el)
        placeholder = next((b for b in el.iter("blockquote")), None)
        if placeholder is not None:
            inner = _from_blockquote(placeholder, position)
            if inner is not None and inner.post_id in (post_id, None):
                occ.absorb(inner)
        return occ if post_id else None
    if tag == "figure" and "wp-block-embed-twitter" in classes:
        # WordPress's embed block; when oEmbed failed it holds only the URL, as text.
        if any(_is_embed_blockquote(b) for b in el.iter("blockquote")):
            return None  # the blockquote inside is the embed
        found = parse_status_url(" ".join(el.itertext()))
        if found and _valid_id(found[0]):
            return _Occurrence(position, "embed", "wordpress", _valid_id(found[0]), found[1],
                               raw=el)
        return None
    for name in _ID_ATTRIBUTES:
        value = el.get(name)
        if value:
            post_id = _valid_id(parse_post_id(value))
            if post_id:
                found = parse_status_url(value)
                return _Occurrence(position, "embed", "attribute", post_id,
                                   found[1] if found else None, raw=el)
    if tag == "a":
        found = parse_status_url(el.get("href") or "")
        if found and _valid_id(found[0]):
            return _Occurrence(position, "link", "link", _valid_id(found[0]), found[1],
                               raw=el)
        return None
    if tag == "iframe" and not el.get("src") and el.text and "<" in el.text:
        return _from_inline_frame(el, position)
    for name in _URL_ATTRIBUTES:
        value = el.get(name)
        if value:
            found = parse_status_url(value)
            if found and _valid_id(found[0]):
                form = "iframe" if tag == "iframe" else "attribute"
                return _Occurrence(position, "embed", form, _valid_id(found[0]), found[1],
                                   raw=el)
    return None


def _from_inline_frame(frame, position: int) -> _Occurrence | None:
    """An <iframe> whose content is the embed markup itself (Facebook Instant Articles'
    figure.op-social, X-FORMATS §1.7): HTML parsers keep that content as raw text."""
    markup = frame.text.encode("utf-8", "replace")
    inner = _parse_html(markup, "utf-8")
    if inner is None:
        return None
    for node in _candidates(inner, markup):
        if not isinstance(node, str) and node.tag == "blockquote":
            occ = _occurrence_of_element(node, position)
            if occ is not None:
                return occ
    return None


def _outer_html(el) -> str:
    return etree.tostring(el, encoding="unicode", method="html", with_tail=False)


def _is_embed_blockquote(el) -> bool:
    return el.tag == "blockquote" and bool(
        _EMBED_CLASS_RE.search(el.get("class") or "")
        or el.get("data-tweetid") or el.get("data-tweet-id")
    )


def _inside(el, root, stops) -> bool:
    """True when `el` sits inside one of `stops` below `root`."""
    for ancestor in el.iterancestors():
        if ancestor is root:
            return False
        if ancestor in stops:
            return True
    return False


def _status_anchors(el, nested=frozenset()) -> list[tuple[object, str, str | None]]:
    anchors = []
    for a in el.iter("a"):
        if nested and _inside(a, el, nested):
            continue
        found = parse_status_url(a.get("href") or "")
        if found and _valid_id(found[0]):
            anchors.append((a, _valid_id(found[0]), found[1]))
    return anchors


def _from_blockquote(bq, position: int) -> _Occurrence | None:
    """The official embed (X-FORMATS §1.1): id in the last status link, text in <p>.

    An embed nested inside (the first one's </blockquote> missing) is left to its own
    occurrence: its links, text and attribution are not this post's.
    """
    nested = {el for el in bq.iter("blockquote") if el is not bq and _is_embed_blockquote(el)}
    anchors = _status_anchors(bq, nested)
    permalink = anchors[-1] if anchors else None
    post_id = _valid_id(parse_post_id(bq.get("data-tweetid") or bq.get("data-tweet-id")))
    url_handle = None
    if permalink is not None and (post_id is None or permalink[1] == post_id):
        post_id, url_handle = permalink[1], permalink[2]
    elif permalink is not None:
        permalink = None
    if post_id is None:
        return None
    occ = _Occurrence(position, "embed", "blockquote", post_id, url_handle, raw=bq)

    tweet_p = None
    for p in bq.iter("p"):
        if nested and (p in nested or _inside(p, bq, nested)):
            continue
        if not _ATTRIBUTION_RE.match("".join(p.itertext()).lstrip()):
            tweet_p = p
            break
    skip = {tweet_p, permalink[0] if permalink else None, *nested}
    if tweet_p is not None:
        text = _element_text(tweet_p, skip=skip)
        rest = _text_outside(bq, skip) if tweet_p.getparent() is bq else _element_text(bq, skip=skip)
        if permalink is not None and _inside(permalink[0], bq, {tweet_p}):
            # An unclosed <p> swallowed the attribution: split it off the text.
            attribution = _last_match(_ATTRIBUTION_RE, text)
            if attribution is not None:
                text, rest = text[: attribution.start()], text[attribution.start():]
        occ.text, occ.media = _split_media(text)
        occ.lang = tweet_p.get("lang") or tweet_p.get("{http://www.w3.org/XML/1998/namespace}lang")
    else:
        rest = _element_text(bq, skip=skip)
        head, sep, _tail = rest.rpartition("\u2014")
        if sep and head.strip():
            occ.text, occ.media = _split_media(head)
            rest = sep + _tail
    attribution = _last_match(_ATTRIBUTION_RE, rest)
    if attribution is not None:
        occ.author_name = _WS_RE.sub(" ", attribution["name"]).strip() or None
        occ.handle, occ.handle_shown = attribution["handle"], True
    if permalink is not None:
        anchor = permalink[0]
        shown = _WS_RE.sub(" ", "".join(anchor.itertext())).strip()
        if shown and (parse_shown_date(shown) or re.search(r"\d", shown)):
            occ.shown_date = shown
        elif anchor.get("data-datetime"):
            occ.shown_date = anchor.get("data-datetime")
    if occ.text == "":
        occ.text = None
    return occ


def _last_match(pattern: re.Pattern, text: str):
    """The last match of `pattern` in `text` (the attribution closes an embed), or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last one
        pass
    return found


def _text_outside(bq, skip: set) -> str:
    """The blockquote's own text outside the skipped children (where the attribution
    "— Name (@handle)" sits), whitespace folded: cheaper than _element_text."""
    pieces = [bq.text or ""]
    for child in bq:
        if child not in skip and isinstance(child.tag, str):
            pieces.extend(child.itertext())
        pieces.append(child.tail or "")
    return _WS_RE.sub(" ", "".join(pieces)).strip()


def _element_text(el, skip: set | None = None) -> str:
    """Visible text of an element: <br> as "\\n", source whitespace folded, images as alt."""
    pieces: list[str] = []

    def walk(node) -> None:
        if node.text:
            pieces.append(_WS_RE.sub(" ", node.text))
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if skip and child in skip:
                pass
            elif tag == "br":
                pieces.append("\n")
            elif tag == "img":
                pieces.append(child.get("alt") or "")
            elif tag in ("script", "style", "template") or not tag:
                pass
            else:
                if tag in ("p", "div", "li") and pieces and not pieces[-1].endswith("\n"):
                    pieces.append("\n")
                walk(child)
                if tag in ("p", "div", "li"):
                    pieces.append("\n")
            if child.tail:
                pieces.append(_WS_RE.sub(" ", child.tail))

    walk(el)
    text = _AROUND_NEWLINE_RE.sub("\n", "".join(pieces))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _split_media(text: str) -> tuple[str | None, tuple[str, ...]]:
    """Move the trailing pic.twitter.com/… links of a post's text out to its media."""
    match = _TRAILING_PICS_RE.search(text)
    if not match:
        return (text.strip() or None), ()
    media = tuple(_PIC_RE.findall(match.group()))
    return (text[: match.start()].strip() or None), media


# --- plain text ---------------------------------------------------------------------------


def _occurrences_in_text(text: str, first_position: int = 0, block=None) -> list[_Occurrence]:
    """Embeds rendered as plain text, and status URLs written in the text."""
    occurrences: list[_Occurrence] = []
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for match in _TEXT_TAIL_RE.finditer(text):
        body, media = _text_body(text, previous_end, match.start())
        link = match["link"]
        after = text[match.end(): match.end() + 400].split("\n", 1)[0]
        found = parse_status_url(link) if link else None
        if found is None:
            first_url = next(iter_status_urls(after), None)
            if first_url is not None and first_url[0] <= 3:
                found = (first_url[2], first_url[3])
        post_id = _valid_id(found[0]) if found else None
        shown_date = match["date"].strip()
        occurrences.append(
            _Occurrence(
                first_position + len(occurrences), "text", "text-embed", post_id,
                match["handle"], handle_shown=True,
                author_name=match["name"].strip() or None, shown_date=shown_date,
                text=body, media=media,
                raw=text[_line_start(text, previous_end, match.start()): match.end()],
            )
        )
        spans.append((match.start(), match.end() + (len(after) if found else 0)))
        previous_end = match.end()
    if block is None and "status" in text:
        for start, _end, post_id, handle in iter_status_urls(text):
            post_id = _valid_id(post_id)
            if post_id and not any(a <= start < b for a, b in spans):
                occurrences.append(
                    _Occurrence(first_position + len(occurrences), "text", "text-url",
                                post_id, handle, raw=text[start:_end])
                )
        occurrences.sort(key=lambda occ: occ.position)
    return occurrences


def _line_start(text: str, floor: int, end: int) -> int:
    return max(floor, text.rfind("\n", 0, end) + 1)


def _text_body(text: str, floor: int, end: int) -> tuple[str | None, tuple[str, ...]]:
    """The post text before a "— Name (@handle)" tail at `end`.

    The text's start is ambiguous in plain text (X-FORMATS §1.10): it is the rest of the
    line after the previous embed, or, when the tail starts its own line, the paragraph
    (or the run of "> " quote lines) just above it.
    """
    start = _line_start(text, floor, end)
    body = text[start:end]
    if not body.strip(" \t\r>"):
        lines = text[floor:start].splitlines()
        quoted = bool(lines) and lines[-1].lstrip().startswith(">")
        taken: list[str] = []
        for line in reversed(lines):
            stripped = line.strip()
            if quoted:
                if not stripped.startswith(">"):
                    break
            elif not stripped:
                if taken:
                    break
                continue
            taken.append(line)
        body = "\n".join(reversed(taken))
    lines = [re.sub(r"^\s*>\s?", "", line).rstrip() for line in body.replace("\r", "").split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _split_media(body)


# --- merging --------------------------------------------------------------------------------


def _merge(occurrences: list[_Occurrence], source: str) -> tuple[Embed, ...]:
    """Occurrences of one post become one Embed; different rich claims stay apart."""
    groups: list[list[_Occurrence]] = []
    by_id: dict[str, list[list[_Occurrence]]] = {}
    for occ in occurrences:
        if occ.post_id is None:
            groups.append([occ])
            continue
        candidates = by_id.setdefault(occ.post_id, [])
        target = None
        for group in candidates:
            lead = _lead(group)
            if not occ.rich or not lead.rich or _same_claim(lead, occ):
                target = group
                break
        if target is None:
            target = []
            candidates.append(target)
            groups.append(target)
        target.append(occ)
    embeds = [_embed_of(group, source) for group in groups]
    embeds.sort(key=lambda e: e.positions[0])
    return tuple(embeds)


def _lead(group: list[_Occurrence]) -> _Occurrence:
    return next((o for o in group if o.rich), None) or next(
        (o for o in group if o.kind == "embed"), group[0]
    )


def _same_claim(a: _Occurrence, b: _Occurrence) -> bool:
    return (a.text, a.author_name, a.media) == (b.text, b.author_name, b.media)


def _embed_of(group: list[_Occurrence], source: str) -> Embed:
    lead = _lead(group)
    handle = lead.handle if lead.handle_shown else None
    handle = handle or next((o.handle for o in group if o.handle_shown), None)
    handle = handle or lead.handle or next((o.handle for o in group if o.handle), None)
    kinds = {o.kind for o in group}
    kind = "embed" if "embed" in kinds else lead.kind
    date = snowflake_date(lead.post_id) if lead.post_id else None
    return Embed(
        source=source,
        kind=kind,
        form=lead.form,
        positions=tuple(sorted(o.position for o in group)),
        post_id=lead.post_id,
        handle=clean_handle(handle),
        author_name=lead.author_name,
        date=date or parse_shown_date(lead.shown_date),
        shown_date=lead.shown_date,
        text=lead.text,
        lang=lead.lang,
        media=lead.media,
        raw=_outer_html(lead.raw) if lead.raw is not None and not isinstance(lead.raw, str)
        else lead.raw,
    )
