"""Extraction: article page bytes (or text) -> the X posts it embeds or links.

`extract(data, source)` is a pure function: no network, no database, no clock. It
recognises every form of DESIGN.md's table (X-FORMATS.md §1-§2): official blockquotes,
AMP, rendered iframes and data-* attributes, status links in prose and status URLs in
visible text, and the plain-text rendering of an embed ("TEXT pic.twitter.com/X— Name
(@handle) October 12, 2025"). It never raises on malformed input.

Speed: HTML is parsed once with lxml, candidates are found by one XPath union (in C, in
document order), and a page with no marker of a post at all is not parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .dates import parse_shown_date
from .decode import charset_from_content_type, decode_page, sniff_encoding
from .ids import clean_handle, iter_status_urls, parse_post_id, parse_status_url, snowflake_date
from .models import Embed, Page

__all__ = ["extract", "extract_page", "is_plain_text"]

# Byte strings one of which every page with a post contains: "status" (every status URL,
# percent-encoded too), "weet" (twitter-tweet, data-tweet-id, data-tweetid, Tweet.html,
# amp-twitter's data-tweetid), "twitter.min" (s9e iframes) and "(@" (plain-text embeds).
# Searching bytes for them costs a few percent of a parse (bench/extract.py).
_MARKERS = (b"status", b"weet", b"STATUS", b"WEET", b"Status", b"twitter.min", b"(@")

# Tags whose text is not page content: it is code, data or raw text in the page.
_NOT_CONTENT = "script|style|textarea|xmp|title|code|pre|kbd|samp|iframe|noembed|plaintext"
_NOT_CONTENT_TEST = " or ".join(f"ancestor::{tag}" for tag in _NOT_CONTENT.split("|"))

#: Every element or text node that may carry a post, in document order (X-FORMATS §1).
CANDIDATES_XPATH = etree.XPath(
    "//blockquote[contains(@class,'tweet') or contains(@class,'twitter-') or @data-tweetid"
    " or @data-tweet-id]"
    " | //amp-twitter"
    " | //figure[contains(@class,'wp-block-embed-twitter')]"
    " | //*[@data-tweet-id or @data-tweetid or @data-tweet-url or @data-canonical-url"
    " or @data-s9e-mediaembed-iframe]"
    " | //a[contains(@href,'status')]"
    " | //iframe"
    " | //*[contains(@data-src,'status')]"
    " | //img[contains(@src,'status')]"
    f" | //text()[contains(.,'status') or contains(.,'(@')][not({_NOT_CONTENT_TEST} or ancestor::a)]"
)
_TWEET_P_XPATH = etree.XPath("descendant::p")
_META_XPATH = {
    "title": etree.XPath("string(//title)"),
    "canonical_url": etree.XPath("string((//link[@rel='canonical']/@href)[1])"),
    "site_name": etree.XPath(
        "string((//meta[@property='og:site_name']/@content"
        " | //meta[@property='og:site_name']/@value)[1])"
    ),
    "lang": etree.XPath("string(/html/@lang)"),
    "published": etree.XPath(
        "string((//meta[@property='article:published_time']/@content"
        " | //meta[@property='article:published_time']/@value)[1])"
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
    return list(extract_page(data, source, content_type=content_type).embeds)


def extract_page(data: bytes | str, source: str = "", *, content_type: str | None = None) -> Page:
    """Like `extract`, and also read the page's own metadata (title, canonical URL, …)."""
    try:
        return _extract_page(data, source, content_type)
    except Exception:  # noqa: BLE001 - the contract is "never raises"; see _extract_page
        # lxml and the decoders raise on inputs no page should contain (NUL floods,
        # lone surrogates); such an input holds no post we could read.
        return Page(source=source)


def _extract_page(data: bytes | str, source: str, content_type: str | None) -> Page:
    if is_plain_text(data, content_type, source):
        if isinstance(data, bytes):
            text, encoding = decode_page(data, charset_from_content_type(content_type))
        else:
            text, encoding = data, None
        occurrences = _occurrences_in_text(text)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        return Page(source, encoding, title=title, embeds=_merge(occurrences, source))

    declared = charset_from_content_type(content_type)
    if isinstance(data, str):
        raw, encoding = data.encode("utf-8", "replace"), "utf-8"
        data_is_text = True
    else:
        raw, data_is_text = data, False
        encoding, how = sniff_encoding(raw, declared)
        if how == "bom" and not encoding.startswith("utf-8"):
            raw, encoding = decode_page(raw, declared)[0].encode("utf-8", "replace"), "utf-8"
    if not any(marker in raw for marker in _MARKERS):
        tree = None
    else:
        tree = _parse_html(raw, encoding)
    if tree is None:
        if data_is_text or not any(marker in raw[:65536] for marker in (b"<title", b"<TITLE")):
            return Page(source, encoding)
        tree = _parse_html(raw[:65536], encoding)  # metadata only: the head is enough
        return _page_meta(tree, source, encoding, ())
    occurrences = _occurrences_in_tree(tree)
    return _page_meta(tree, source, encoding, _merge(occurrences, source))


def _parse_html(raw: bytes, encoding: str):
    try:
        parser = etree.HTMLParser(
            encoding=encoding if encoding.startswith("utf-8") else None,
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=True,
        )
        if not encoding.startswith("utf-8"):
            # libxml2 knows fewer codec names than Python: decode here, hand it UTF-8.
            raw = raw.decode(encoding, "replace").encode("utf-8", "replace")
            parser = etree.HTMLParser(
                encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                huge_tree=True,
            )
        return etree.fromstring(raw, parser)
    except (etree.ParserError, ValueError, LookupError):
        return None


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
    raw: str | None = None
    elements: list = field(default_factory=list)

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


def _occurrences_in_tree(tree) -> list[_Occurrence]:
    occurrences: list[_Occurrence] = []
    owner: dict = {}  # element -> the occurrence it belongs to
    text_blocks: set = set()
    for node in CANDIDATES_XPATH(tree):
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
                        for occ in found:
                            occ.elements.append(block)
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
        occ = _Occurrence(position, "embed", "amp", post_id, handle, raw=_outer_html(el))
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
                               raw=_outer_html(el))
        return None
    for name in _ID_ATTRIBUTES:
        value = el.get(name)
        if value:
            post_id = _valid_id(parse_post_id(value))
            if post_id:
                found = parse_status_url(value)
                return _Occurrence(position, "embed", "attribute", post_id,
                                   found[1] if found else None, raw=_outer_html(el))
    if tag == "a":
        found = parse_status_url(el.get("href") or "")
        if found and _valid_id(found[0]):
            return _Occurrence(position, "link", "link", _valid_id(found[0]), found[1],
                               raw=_outer_html(el))
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
                                   raw=_outer_html(el))
    return None


def _from_inline_frame(frame, position: int) -> _Occurrence | None:
    """An <iframe> whose content is the embed markup itself (Facebook Instant Articles'
    figure.op-social, X-FORMATS §1.7): HTML parsers keep that content as raw text."""
    inner = _parse_html(frame.text.encode("utf-8", "replace"), "utf-8")
    if inner is None:
        return None
    for node in CANDIDATES_XPATH(inner):
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
    occ = _Occurrence(position, "embed", "blockquote", post_id, url_handle, raw=_outer_html(bq))

    tweet_p = None
    for p in _TWEET_P_XPATH(bq):
        if nested and (p in nested or _inside(p, bq, nested)):
            continue
        if not _ATTRIBUTION_RE.match(_element_text(p)):
            tweet_p = p
            break
    skip = {tweet_p, permalink[0] if permalink else None, *nested}
    if tweet_p is not None:
        text = _element_text(tweet_p, skip=skip)
        rest = _element_text(bq, skip=skip)
        if permalink is not None and _inside(permalink[0], bq, {tweet_p}):
            # An unclosed <p> swallowed the attribution: split it off the text.
            attribution = None
            for attribution in _ATTRIBUTION_RE.finditer(text):
                pass
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
    attribution = None
    for attribution in _ATTRIBUTION_RE.finditer(rest):
        pass
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
        raw=lead.raw,
    )
