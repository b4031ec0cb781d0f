"""Extraction: article page bytes (or text) -> the X posts it embeds or links.

`extract(data, source)` is a pure function: no network, no database, no clock. It never
raises: an input it cannot read gives no posts and a warning naming the source.

A page travels one way through five stages, each a module:

1. `decoding` — the bytes decoded once: BOM, header charset, <meta>, UTF-8, detection; a
   declaration that does not fit the bytes falls back, and the page says how it was read;
2. `scan` — the bytes searched for anything that can carry a post id; a page with
   none (most pages: share, profile and hashtag links carry no id) is not parsed at all;
3. `html.parse` — parsed once with lxml (a page nested past the parser's depth is parsed
   again flattened, with a warning);
4. `html.occurrences` / `text.occurrences_in_text` — every place that shows a post, by
   general rules (html's docstring), in document order;
5. `merge` — occurrences of one post become one Embed.

Speed: bench/extract.py.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from ..decode import charset_from_content_type, decode_page, decode_text
from ..models import Embed, Page
from ..sniff import TEXT_TYPES
from . import decoding, html, official, scan
from .merge import merge
from . import markdown as markdown_reading
from .text import MARKDOWN_SUFFIXES, is_markdown, markdown_references, occurrences_in_text

__all__ = ["extract", "extract_page", "is_plain_text", "page_fingerprint", "plain_text",
           "parse_document"]

log = logging.getLogger(__name__)

# Any complete start tag or doctype near the top makes an input without a type HTML.
# (possessive: a "<" with no ">" before the next one fails at once; backtracking over
# each took a conditional comment's head ~0.7 ms)
_HTML_TAG_RE = re.compile(rb"<(?:!doctype(?:\s[^<>]*+)?|[a-z][a-z0-9-]*+(?:\s[^<>]*+)?/?)>",
                          re.IGNORECASE)
#: What only a whole HTML document starts with: a doctype, <html>, <head>, <body>.
_HTML_DOCUMENT_RE = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
#: The head of a page holds its metadata: read alone when the page is not parsed whole,
#: up to its <body> or </head> (and at least this much: a "<body>" in a head's script).
_HEAD_BYTES = 65536
_HEAD_END_RE = re.compile(rb"<body[\s>]|</head[\s>]", re.IGNORECASE)
_TITLE_RE = re.compile(rb"<title[\s>]", re.IGNORECASE)


def is_plain_text(data: bytes | str, content_type: str | None = None, source: str = "") -> bool:
    """True when the input is plain text rather than HTML.

    A text/plain or Markdown Content-Type and a .txt or Markdown (.md, .markdown, .mdx…)
    path are plain text (an embed's markup in it is then read as HTML), an .html path is
    HTML; standard input ("-") is HTML when it starts as a whole HTML document does (a
    doctype, <html>, <head> or <body> in its first 4 KB), else text; with none of those,
    text without a single HTML tag in its first 4 KB is plain text.
    """
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind in TEXT_TYPES:
            return True
        if kind in ("text/html", "application/xhtml+xml"):
            return False
    suffix = source.lower().rsplit("?", 1)[0]
    if source == "-":
        # standard input: a page piped in whole ("curl … | archiver extract -") is HTML;
        # anything else, text (an embed's markup in it is still read as markup)
        head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
        return _HTML_DOCUMENT_RE.search(head) is None
    if suffix.endswith((".txt", ".text", *MARKDOWN_SUFFIXES)):
        return True
    if suffix.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return False
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
    return _HTML_TAG_RE.search(head) is None


def extract(data: bytes | str, source: str = "", *,
            content_type: str | None = None) -> list[Embed]:
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


def extract_page(data: bytes | str, source: str = "", *,
                 content_type: str | None = None, markup: bool = True) -> Page:
    """Like `extract`, and also read the page's own metadata (title, canonical URL, …)
    and how its bytes were decoded. markup=False: the Embeds hold no `raw` (for a
    caller that never shows it, as `extract --format json|csv|table`)."""
    return _safely(data, source, content_type, with_meta=True, markup=markup)


def _safely(data, source, content_type, *, with_meta: bool, markup: bool = True) -> Page:
    try:
        page = _extract_page(data, source, content_type, with_meta, markup)
        if log.isEnabledFor(logging.INFO):  # -v: what each page gave
            log.info("%s: %d post%s, read as %s (%s)", source or "page", len(page.embeds),
                     "" if len(page.embeds) == 1 else "s", page.encoding or "text",
                     page.encoding_source)
        return page
    except Exception as error:  # noqa: BLE001 - the contract is "never raises"
        # lxml and the decoders raise on inputs no page should contain (NUL floods,
        # lone surrogates); say so, and hold no post.
        log.warning("%s: could not be read for posts (%s: %s); no posts taken from it",
                    source or "page", type(error).__name__, str(error)[:200])
        return Page(source=source)


def _extract_page(data: bytes | str, source: str, content_type: str | None,
                  with_meta: bool, markup: bool = True) -> Page:
    if is_plain_text(data, content_type, source):
        if isinstance(data, str):
            text, encoding, how = data, None, "text"
        else:
            text, encoding, how = decode_text(data, charset_from_content_type(content_type))
        markdown = is_markdown(source, content_type, text)
        if markdown:
            text = markdown_references(text)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        if markdown or markdown_reading.HTML_MARKUP_RE.search(text) \
                or markdown_reading.GENERATOR_MARKUP_RE.search(text):
            # Markdown (or plain text holding an embed's markup or a generator's tag):
            # read as its generator shows it
            found = markdown_reading.occurrences(text, source, _html_occurrences,
                                                 markdown=markdown)
        else:
            found = occurrences_in_text(text)
        return Page(source, encoding, how, title=title,
                    embeds=merge(found, source, markup=markup))

    decoded = decoding.decode(data, content_type)
    found = scan.scan(decoded.utf8)
    if not found.anything:
        if not with_meta:
            return Page(source, decoded.encoding, decoded.how)
        if not decoded.checked and isinstance(data, bytes):
            # A fetch row records how its page was read: confirm the UTF-8 that was
            # only assumed (no parse will), at ~2 ms/MB, for pages being archived only.
            decoded = decoding.decode(data, content_type, trust_utf8=False)
        return Page(source, decoded.encoding, decoded.how,
                    **_head_meta(decoded.utf8, found.context))
    if found.live and not found.every_attribute:
        page = _from_bytes(decoded, found, source, with_meta, markup)
        if page is not None:
            return page
    tree, decoded = html.parse(decoded, data if isinstance(data, bytes) else decoded.utf8,
                               content_type, source, found.context)
    if tree is None:
        return Page(source, decoded.encoding, decoded.how)
    embeds = merge(html.occurrences(tree, found), source, markup=markup)
    meta = html.page_meta(tree) if with_meta else {}
    return Page(source, decoded.encoding, decoded.how, embeds=embeds, **meta)


def _html_occurrences(utf8: bytes, source: str, first_position: int) -> list:
    """The occurrences of an HTML fragment of a Markdown page (UTF-8), numbered from
    `first_position`: parsed and read in every attribute (a fragment is small, and a
    component's markup, `<Tweet id="20" />`, shows the scan no mark)."""
    kind = "text/html; charset=utf-8"
    decoded = decoding.decode(utf8, kind)
    found = scan.Scan(every_attribute=True, status_in_text=True, tail_in_text=True,
                      copy_in_text=True)
    tree, decoded = html.parse(decoded, utf8, kind, source)
    occurrences = [] if tree is None else html.occurrences(tree, found)
    for occ in occurrences:
        occ.position += first_position
    return occurrences


def _from_bytes(decoded, found, source, with_meta, markup) -> Page | None:
    """The page read by archiver.extract.official (its embeds from the bytes, its
    metadata from its head), or None when it must be parsed."""
    occurrences = official.read(decoded.utf8, found, checked=decoded.checked)
    if occurrences is None:
        return None
    embeds = merge(occurrences, source, markup=markup)
    meta = _head_meta(decoded.utf8, found.context) if with_meta else {}
    return Page(source, decoded.encoding, decoded.how, embeds=embeds, **meta)


def _head_meta(utf8: bytes, context: scan.Context | None = None) -> dict:
    """The page's metadata (html.page_meta), read from its head alone: up to its <body>
    or </head> in page text (not one a script writes, a comment or an attribute holds).
    A page with no such end, or whose title comes after it, is read whole for it."""
    if context is None or context.raw is not utf8:
        context = scan.Context(utf8)
    end = next((m.start() for m in _HEAD_END_RE.finditer(utf8)
                if context.of(m.start()) == "text"), None)
    if end is None:
        tree, _errors = html._parse_utf8(utf8)
        return html.page_meta(tree)
    tree, _errors = html._parse_utf8(utf8[:max(end, _HEAD_BYTES)])
    meta = html.page_meta(tree)
    if meta.get("title") is None and _TITLE_RE.search(utf8, end):
        tree, _errors = html._parse_utf8(utf8)  # (a title in the body, as some pages have)
        meta = html.page_meta(tree)
    return meta


def page_fingerprint(data: bytes | str, content_type: str | None = None,
                     source: str = "", embeds=None) -> str:
    """What a reader of the page sees, as a SHA-256: its visible text (no script, style or
    markup, whitespace folded) and every post it shows. Two copies of a page that differ
    only in what no reader sees — a per-request nonce, a CSRF token, an ad slot's id —
    have the same fingerprint. `embeds`: the page's posts when they are extracted already
    (extract() of the same bytes), not to read them twice."""
    import hashlib

    if is_plain_text(data, content_type, source):
        text = plain_text(data, content_type)[0]
    else:
        tree, _codec = parse_document(data, content_type, source)
        text = "" if tree is None else " ".join(_VISIBLE_TEXT(tree))
    if embeds is None:
        embeds = extract(data, source, content_type=content_type)
    posts = [(e.post_id, e.handle, e.author_name, e.shown_date, e.text, e.media, e.kind)
             for e in embeds]
    digest = hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass"))
    digest.update(repr(posts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


_VISIBLE_TEXT = etree.XPath("//text()[not(ancestor::script or ancestor::style)]")


def plain_text(data: bytes | str, content_type: str | None = None) -> tuple[str, str | None]:
    """A plain-text page's text and the codec it was decoded with (BOM, then the header's
    charset, then detection): the one decoding of plain text, for extraction and for the
    quotes in an article's prose."""
    if isinstance(data, str):
        return data, None
    return decode_page(data, charset_from_content_type(content_type))


def parse_document(data: bytes | str, content_type: str | None = None, source: str = ""):
    """(lxml tree or None, codec): an HTML page parsed with the extractor's own decoding,
    for every reader of an article's HTML."""
    decoded = decoding.decode(data, content_type)
    tree, decoded = html.parse(decoded, data if isinstance(data, bytes) else decoded.utf8,
                               content_type, source)
    return tree, decoded.encoding
