"""Stage 4 without a parse: a page whose only posts are embeds as X's embed code writes
them is read from its bytes.

X's embed code writes one shape (X-FORMATS §1.1):

    <blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">TEXT with
    <a href="…">links</a> and <br> breaks</p>&mdash; Name (@handle)
    <a href="https://twitter.com/handle/status/ID?ref_src=twsrc%5Etfw">DATE</a></blockquote>

A page dense with such embeds spends most of its time in the parse and in the walk of
thousands of small trees (bench/extract.py). When every hit the scan sends to the parse
(`Scan.live`) is the permalink of such an embed, nothing else on the page can show a post,
and each embed is read here in one pass over its markup, by the tree's own rules
(archiver.extract.html.plain_embed, _finish_text): the same Occurrences the parse would
give. Anything else gives None and the page is parsed: another tag or a missing close
in an embed, a character reference html.unescape reads otherwise than libxml2, a carriage
return, a NUL, a link whose dir or style steers its text's direction; an embed inside a
figure, another blockquote, a frame, a template, a plaintext or foreign content, or inside
a script or comment; a srcdoc or an HTML data: URL anywhere (their posts show no mark the
scan sees); bytes outside the embeds that are not UTF-8 on a page only taken for UTF-8.
What is cheap to look at and declines most pages (each embed's place and shape, what
stands around them) is looked at before each embed is read. The markup kept
(`Embed.raw`) is the embed's as the page wrote it.

tests/test_extract_official.py holds the two readings to each other on every embed of the
corpus, of generated pages and of mutated embeds.
"""

from __future__ import annotations

import itertools
import re
from html import unescape
from html.entities import html5

import ahocorasick_rs

from .html import _finish_text, _read_classes, _status_of, plain_embed, _BREAK, _DASHES
from .occurrence import Occurrence, is_placeholder
from .scan import Context, Scan
from .text import REFERENCE

#: How far before its permalink an embed's blockquote may open (X's longest posts run to
#: 25,000 characters, most of them multi-byte).
_SPAN_REACH = 131072
#: Whitespace between a tag's parts, as HTML has it (not Python's Unicode \s).
_WS = "[ \t\n\f]"
#: Attributes as X writes them: lower-case names, double-quoted values without "<"
#: (libxml2 lower-cases names; other quoting is left to the parse).
_ATTRIBUTES = rf'(?:{_WS}++[a-z][a-z0-9-]*+="[^"<]*+")*+{_WS}*+'
_ATTRIBUTE_RE = re.compile(rf'{_WS}+([a-z][a-z0-9-]*)="([^"<]*)"')
#: A character reference, whole (with its ";": the legacy forms without one are read
#: otherwise in attributes than in text).
_REF = REFERENCE
#: Each "&" with the reference it starts: (a decimal number, a hexadecimal one, a name),
#: all empty if none.
_EVERY_REF_RE = re.compile(
    r"&(?:\#([0-9]{1,7});|\#[xX]([0-9a-fA-F]{1,6});|([A-Za-z][A-Za-z0-9]{1,31};)|)")
#: Numbers html.unescape reads otherwise than the parser: control characters (dropped by
#: html.unescape, kept by libxml2), CR, noncharacters, and C1 codes outside windows-1252.
_NUMBERS_READ_OTHERWISE = frozenset(
    [*range(0x01, 0x09), 0x0B, *range(0x0D, 0x20), *range(0x7F, 0xA0), *range(0xFDD0, 0xFDF0)]
    + [plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFE, 0xFFFF)])
_TEXT = rf"(?:[^<&]++|{_REF})*+"
#: An embed exactly as X's embed code writes it: paragraphs of text, links (of text) and
#: breaks, the attribution as text, the permalink (its href alone) as the last child.
_EMBED_RE = re.compile(
    rf"""<blockquote(?P<bq>{_ATTRIBUTES})>
        (?P<body>(?:{_TEXT}<p{_ATTRIBUTES}>
            (?:[^<&]++|{_REF}|<br{_WS}*+/?>|<a{_ATTRIBUTES}>{_TEXT}</a{_WS}*+>)*+
        </p{_WS}*+>)++)
        (?P<attribution>{_TEXT})
        <a{_WS}++href="(?P<href>[^"<]*+)"{_WS}*+>(?P<date>{_TEXT})</a{_WS}*+>
        (?P<after>{_WS}*+)</blockquote{_WS}*+>""", re.VERBOSE)
#: A paragraph of a body _EMBED_RE matched: its attributes and its content.
_PARAGRAPH_RE = re.compile(
    rf'<p((?:[^>"]++|"[^"]*+")*+)>([^<]*+(?:<(?!/p[ \t\n\f>])[^<]*+)*+)</p{_WS}*+>')
_BREAK_RE = re.compile(rf"<br{_WS}*+/?>")
#: A link whose markup steers its text's direction (dir, a style's bidi-override): the
#: tree's reading keeps that as direction characters (html._direction_of), left to it.
_STEERING_LINK_RE = re.compile(rf'<a(?:{_WS}++[a-z][a-z0-9-]*+="[^"<]*+")*?{_WS}++(?:dir|style)=')
_TAG_RE = re.compile(r'<(?:[^>"]++|"[^"]*+")*+>')
#: Elements an embed must not sit in: the parse gives an embed in one of these to the
#: element around it (figure, blockquote, amp-twitter), or reads their content otherwise
#: than as markup (iframe, title, noframes, plaintext, template, select, svg, math).
_AROUND_RE = re.compile(
    rb"<(/?)(blockquote|figure|amp-twitter|iframe|title|noframes|plaintext|template|select"
    rb"|svg|math)(?=[\s/>])", re.IGNORECASE)
#: What shows a post with no mark the scan sees: a frame's own document (srcdoc), a
#: document in a data: URL. Found in any case, by their rarest bytes.
_UNSEEN_NEEDLES = ahocorasick_rs.BytesAhoCorasick(
    [bytes(spelling) for word in (b"srcdoc", b"data:")
     for spelling in itertools.product(*((c, c ^ 0x20) if 0x61 <= c <= 0x7A else (c,)
                                          for c in word))])
_DATA_URL_RE = re.compile(rb"data:\s*(?:text/html|application/xhtml)", re.IGNORECASE)


def read(utf8: bytes, found: Scan, *, checked: bool = True) -> list[Occurrence] | None:
    """The page's occurrences, read from its UTF-8 bytes; None when the page must be
    parsed. checked=False: the bytes were only taken for UTF-8; unless they all are, the
    parse (archiver.extract.decoding.recheck) chooses the codec."""
    live, context = found.live, found.context
    if not live or context is None or found.every_attribute or found.id_attributes:
        return None
    # First what is cheap to look at and declines most pages: where each embed is, its
    # shape, what stands around it; then the reading of each.
    spans: list[tuple[int, int, int, str, re.Match]] = []
    last_end = -1
    for at in live:
        # (a second hit in one embed, a link to another post, finds no blockquote after
        # the last embed's end)
        start = utf8.rfind(b"<blockquote", max(0, last_end, at - _SPAN_REACH), at)
        if start == -1:
            return None
        close = utf8.find(b"</blockquote", at)
        gt = utf8.find(b">", close) if close != -1 else -1
        if gt == -1:
            return None
        end = gt + 1
        if _in_a_figure(utf8, start):
            return None  # (the usual wrapper, WordPress's: declined before a costlier look)
        shaped = _shape(utf8, start, end)
        if shaped is None:
            return None
        spans.append((start, end, at, *shaped))
        last_end = end
    if not _standing_alone(utf8, spans, context) or _unseen(utf8):
        return None
    if not checked and not _utf8_between(utf8, spans):
        return None
    result = []
    for start, end, at, markup, embed in spans:
        occ = _read_embed(utf8, start, end, at, len(result), markup, embed)
        if occ is None or context.of(start) != "text":
            return None
        result.append(occ)
    for occ in result:
        if occ.text is not None and is_placeholder(occ.text, occ.author_name):
            occ.text = None
    return result


def _in_a_figure(utf8: bytes, start: int) -> bool:
    """Whether a <figure> opens shortly before `start` and is not closed before it."""
    floor = max(0, start - _FIGURE_REACH)
    opened = max(utf8.rfind(b"<figure", floor, start), utf8.rfind(b"<FIGURE", floor, start))
    return opened != -1 and utf8.find(b"</figure", opened, start) == -1 \
        and utf8.find(b"</FIGURE", opened, start) == -1


#: How far before an embed _in_a_figure looks (WordPress writes its wrapper right before).
_FIGURE_REACH = 1024


def _standing_alone(utf8: bytes, spans: list, context: Context) -> bool:
    """Whether no embed sits inside one of _AROUND_RE's elements: before each, outside
    the embeds, raw text and tags, every one opened is closed (a closer with none open
    is ignored, as parsers do)."""
    open_: dict[bytes, int] = {}
    pos = 0
    for start, end, *_rest in spans:
        for match in _AROUND_RE.finditer(utf8, pos, start):
            if context.of(match.start()) != "text":
                continue
            name = match.group(2).lower()
            if name == b"plaintext":
                return False  # (all after it is its text: nothing closes it)
            if match.group(1):
                if open_.get(name):
                    open_[name] -= 1
            else:
                open_[name] = open_.get(name, 0) + 1
        if any(open_.values()):
            return False
        pos = end
    return True


def _unseen(utf8: bytes) -> bool:
    """Whether the page holds a frame's own document or an HTML data: URL."""
    for index, at, _end in _UNSEEN_NEEDLES.find_matches_as_indexes(utf8):
        if index < 64 or _DATA_URL_RE.match(utf8, at):
            return True
    return False


def _utf8_between(utf8: bytes, spans: list) -> bool:
    """Whether the bytes outside the embeds (which were decoded whole) are UTF-8."""
    view = memoryview(utf8)
    pos = 0
    try:
        for start, end, *_rest in spans:
            str(view[pos:start], "utf-8")
            pos = end
        str(view[pos:], "utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _attributes(written: str) -> dict[str, str] | None:
    """An attribute list as X writes it, or None (a name twice, a character reference
    that is not a whole named one or a number)."""
    found: dict[str, str] = {}
    for name, value in _ATTRIBUTE_RE.findall(written):
        if name in found:
            return None
        if "&" in value:
            if not _whole_refs(value):
                return None
            value = unescape(value)
        found[name] = value
    return found


def _whole_refs(text: str) -> bool:
    """Whether every "&" starts a whole character reference: a number or a name HTML
    knows with its ";" (html.unescape then reads each as the parser does)."""
    for decimal, hexadecimal, name in _EVERY_REF_RE.findall(text):
        if decimal or hexadecimal:
            if int(decimal or hexadecimal, 10 if decimal else 16) in _NUMBERS_READ_OTHERWISE:
                return False
        elif name not in html5:
            return False
    return True


#: The attribute lists of embeds and of their first paragraphs: a page repeats a few.
_READ_ATTRIBUTES: dict[str, dict[str, str] | None] = {}


def _attributes_of(written: str) -> dict[str, str] | None:
    found = _READ_ATTRIBUTES.get(written, False)
    if found is False:
        if len(_READ_ATTRIBUTES) > 1024:
            _READ_ATTRIBUTES.clear()
        found = _READ_ATTRIBUTES[written] = _attributes(written)
    return found


def _shape(utf8: bytes, start: int, end: int) -> tuple[str, re.Match] | None:
    """(markup, its _EMBED_RE match) of utf8[start:end] when it has X's shape."""
    try:
        markup = utf8[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    # (CR reads as LF, NUL is dropped: not as written; NUL also marks a break, _BREAK)
    if "\r" in markup or "\x00" in markup:
        return None
    embed = _EMBED_RE.fullmatch(markup)
    return None if embed is None else (markup, embed)


def _read_embed(utf8: bytes, start: int, end: int, at: int, position: int, markup: str,
                embed: re.Match) -> Occurrence | None:
    """The embed `markup` (utf8[start:end], matched by _EMBED_RE) whose permalink holds the
    hit at `at`, read as archiver.extract.html._from_plain_blockquote reads its tree; None
    for any other shape."""
    if "&" in markup and not _whole_refs(markup):
        return None
    attributes = _attributes_of(embed.group("bq"))
    if attributes is None or "data-tweetid" in attributes or "data-tweet-id" in attributes:
        return None
    classes = attributes.get("class") or ""
    if not classes or "wp-block-embed" in classes:
        return None
    widget, marked = _read_classes(classes)
    if widget or not marked:
        return None
    href = embed.group("href")
    if "tatus" not in href and "TATUS" not in href:
        return None
    if "&" in href:
        href = unescape(href)
    found = _status_of(href)
    if found is None:
        return None
    # The hit must be this permalink's: the value of its one attribute holds it.
    quote = utf8.rfind(b'href="', start, end) + 5
    if not quote < at < utf8.find(b'"', quote + 1):
        return None
    parts = []
    outside = []
    lang = None
    body = embed.group("body")
    if "<a" in body and _STEERING_LINK_RE.search(body):
        return None
    last = 0
    for index, paragraph in enumerate(_PARAGRAPH_RE.finditer(body)):
        outside.append(body[last:paragraph.start()])
        last = paragraph.end()
        content = paragraph.group(2)
        shown = content
        if "<" in shown:
            if "<br" in shown:
                shown = _BREAK_RE.sub(_BREAK, shown)
            shown = _TAG_RE.sub("", shown)
        if "&" in shown:
            shown = unescape(shown)
        # (the tree's check reads the text without its breaks)
        opening = shown.lstrip()[:1]
        if opening == _BREAK:
            opening = shown.replace(_BREAK, "").lstrip()[:1]
        if opening in _DASHES:
            return None  # an attribution in a <p> of its own: the full reading
        parts.append(_finish_text(shown))
        if index == 0:
            first = _attributes_of(paragraph.group(1))
            if first is None:
                return None
            lang = first.get("lang") or None
    outside.append(body[last:])
    outside.append(embed.group("attribution"))
    outside.append(embed.group("after"))
    outside_text = "".join(outside)
    date = embed.group("date")
    if "&" in markup:
        outside_text, date = unescape(outside_text), unescape(date)
    return plain_embed(position, found, parts, outside_text, lang, date, None, markup)
