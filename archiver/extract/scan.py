"""Stage 2: a scan of the page's bytes for what can carry a post id, before any parse.

What can (X-FORMATS §1-§2, DESIGN.md "Embeds to recognise"), wherever it sits outside
<script>, <style>, comments and <textarea>:

- a status URL, percent-encoded or JSON-escaped too ("status/1…", "status%2F1…");
- a widget frame URL with the id in it (".../embed/Tweet.html?id=1…", "twitter.min.html#1…");
- a bare id in an attribute of a tag that names X or Twitter ("data-tweet-id", "tweetid",
  a class or data-provider "twitter"), or in an id-like attribute shortly after one (the
  marker on an ancestor);
- the plain-text tail of an embed, "(@handle)", in page text.

A page with none of these holds no post and is not parsed: the share, profile, hashtag
and intent links, follow buttons and widgets.js every news page carries hold no id. The
scan is a handful of memmem searches over the bytes (GB/s), plus a look at each hit.
It also tells the parse which attributes to look in (`Scan`), so the tree walk tests a
few named attributes instead of every attribute of every element.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- fast substring search ---------------------------------------------------------------


class Finder:
    """haystack.find(needle, start), with glibc's memmem where there is one (3-5x faster
    than bytes.find on long gaps between hits)."""

    def __init__(self, haystack: bytes):
        self.haystack = haystack

    def __call__(self, needle: bytes, start: int = 0) -> int:
        return self.haystack.find(needle, start)


try:
    import ctypes
    import ctypes.util

    _libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
    _memmem = _libc.memmem
    _memmem.restype = ctypes.c_void_p
    _memmem.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]

    class Finder:  # noqa: F811 - the same with memmem
        """haystack.find(needle, start), for many searches in one page (memmem)."""

        def __init__(self, haystack: bytes):
            self.haystack = haystack  # keeps the buffer alive while its address is used
            self.base = ctypes.cast(ctypes.c_char_p(haystack), ctypes.c_void_p).value
            self.size = len(haystack)

        def __call__(self, needle: bytes, start: int = 0) -> int:
            if start >= self.size:
                return -1
            found = _memmem(self.base + start, self.size - start, needle, len(needle))
            return -1 if found is None else found - self.base
except (OSError, AttributeError, TypeError):  # pragma: no cover - no C library memmem
    pass


# --- where a byte offset sits -------------------------------------------------------------

#: Elements whose content is raw text, never markup or page text (and comments).
_RAW_OPENERS = (b"<script", b"<SCRIPT", b"<style", b"<STYLE", b"<textarea", b"<TEXTAREA",
                b"<!--", b"<xmp", b"<noembed")
_CLOSER = {b"<script": b"</script", b"<style": b"</style", b"<textarea": b"</textarea",
           b"<!--": b"-->", b"<xmp": b"</xmp", b"<noembed": b"</noembed"}


class Context:
    """Where byte offsets of the page sit: in raw text (script, style, comment,
    textarea), inside a tag, or in page text. Offsets are asked in increasing order;
    each raw-text block is found once (one forward pass over the page in all)."""

    def __init__(self, raw: bytes, find: Finder):
        self.raw = raw
        self.find = find
        self.block_start = self.block_end = 0  # the raw-text block ending after the last ask
        self.next_at = {opener: -2 for opener in _RAW_OPENERS}  # -2 unsearched, -1 none

    def _advance(self, pos: int) -> None:
        """Move to the first raw-text block that ends after `pos`."""
        size = len(self.raw)
        while self.block_end <= pos:
            cursor = self.block_end
            start, opener = size + 1, None
            for candidate in _RAW_OPENERS:
                at = self.next_at[candidate]
                if at == -2 or (at != -1 and at < cursor):
                    at = self.next_at[candidate] = self.find(candidate, cursor)
                if at != -1 and at < start:
                    start, opener = at, candidate
            if opener is None:
                self.block_start = self.block_end = size + 1
                return
            closer = _CLOSER[opener.lower()]
            end = self.find(closer, start + len(opener))
            if end == -1 and opener[1:2].isupper():
                end = self.find(closer.upper(), start + len(opener))
            self.block_start, self.block_end = start, (end if end != -1 else size)

    def of(self, pos: int) -> str:
        """"raw", "tag" or "text"."""
        if pos >= self.block_end:
            self._advance(pos)
        if self.block_start < pos < self.block_end:
            return "raw"
        raw = self.raw
        floor = max(0, pos - 8192)
        lt = raw.rfind(b"<", floor, pos)
        if lt > raw.rfind(b">", floor, pos):
            return "tag"
        return "text"

    def tag_bounds(self, pos: int) -> tuple[int, int]:
        """(start of "<", end after ">") of the tag around `pos`."""
        lt = self.raw.rfind(b"<", max(0, pos - 8192), pos)
        gt = self.raw.find(b">", pos)
        return lt, (gt + 1 if gt != -1 else len(self.raw))


# --- the scan -------------------------------------------------------------------------------

_STATUS_RE = re.compile(rb"status(?:es)?(?:/|%2[Ff]|\\/)\d", re.IGNORECASE)
_FRAME_RE = re.compile(rb"(?:weet|index)\.html\?[^\"'<>\s]{0,200}?\bid=\d|twitter(?:\.min)?\.html#\d",
                       re.IGNORECASE)
#: An attribute whose value is a bare number long enough to be a post id (the oldest
#: ids have 2-8 digits, but no page embeds those by a bare attribute).
_NUMERIC_ATTRIBUTE_RE = re.compile(
    rb"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"\s*\d{5,20}\s*"|'\s*\d{5,20}\s*'|\d{5,20}[\s>/])""")
_ATTRIBUTE_NAME_RE = re.compile(rb"[A-Za-z_:][-A-Za-z0-9_:.]*(?=\s*$)")
_TAG_NAME_RE = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")
#: "(@handle)" with no link right after it: every official embed's attribution is
#: followed by its permalink <a>, a plain-text rendering is not.
_LONE_TAIL_RE = re.compile(rb"\(@\w{1,20}\)(?![^<]{0,120}<a[\s>])")
#: How far after a marker of X in a tag an id-like attribute counts as marked by it
#: (the marker sits on an ancestor: <div class="embed-twitter"><div data-id="…">).
MARKED_REACH = 1024
_MARKERS = (b"witter", b"WITTER", b"weet", b"WEET", b'"x"', b"'x'")
_STATUS_NEEDLES = (b"status", b"Status", b"STATUS")
_FRAME_NEEDLES = (b"eet.html", b"EET.html", b"index.html?", b"twitter.min.html#",
                  b"twitter.html#")
#: Past this many hits of one needle, its remaining hits are not looked at one by one:
#: the page is parsed and every attribute named so far, or all of them, searched.
_MAX_HITS = 2000


@dataclass
class Scan:
    """What the bytes show, for the parse: where ids may be."""

    #: Attributes (lower-case names) holding a status or widget-frame URL in some tag.
    url_attributes: set[str] = field(default_factory=set)
    #: Attributes holding a bare number in a tag marked as X's, or shortly after one.
    id_attributes: set[str] = field(default_factory=set)
    status_in_text: bool = False  # a status URL written as page text
    tail_in_text: bool = False  # an embed's "(@handle)" tail written as page text
    #: Too many hits to read one by one: look in every attribute.
    every_attribute: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.url_attributes or self.id_attributes or self.status_in_text
                    or self.tail_in_text or self.every_attribute)


def scan(raw: bytes) -> Scan:
    """Where the page's bytes may hold a post (see the module's docstring)."""
    found = Scan()
    find = Finder(raw)
    context = Context(raw, find)
    hits: list[tuple[int, int]] = []  # (offset, kind): 0 status, 1 frame, 2 marker, 3 "(@"
    for kind, needles in ((0, _STATUS_NEEDLES), (1, _FRAME_NEEDLES), (2, _MARKERS),
                          (3, (b"(@",))):
        for needle in needles:
            at, count = find(needle, 0), 0
            while at != -1:
                count += 1
                if count > _MAX_HITS:
                    found.every_attribute = True
                    break
                hits.append((at, kind))
                at = find(needle, at + len(needle))
    hits.sort()
    marked_until = -1
    for at, kind in hits:
        if kind == 0:
            if not _STATUS_RE.match(raw, at):
                continue
        elif kind == 1:
            start = max(0, at - 5)
            if not _FRAME_RE.search(raw, start, at + 230):
                continue
        elif kind == 3:
            if not _LONE_TAIL_RE.match(raw, at):
                continue
        where = context.of(at)
        if where == "raw":
            continue
        if kind == 3:
            if where == "text":
                found.tail_in_text = True
            continue
        if where == "text":
            if kind == 0:
                found.status_in_text = True
            continue
        lt, gt = context.tag_bounds(at)
        if kind in (0, 1):
            eq = raw.rfind(b"=", lt, at)
            name = _ATTRIBUTE_NAME_RE.search(raw, max(lt, eq - 60), eq) if eq > lt else None
            if name:
                found.url_attributes.add(name.group().decode("ascii").lower())
            continue
        # A marker of X in a tag: bare numbers in its attributes, and in the tags shortly
        # after it (the marker on an ancestor), may be post ids.
        if at < marked_until:
            continue
        marked_until = gt + MARKED_REACH
        for match in _NUMERIC_ATTRIBUTE_RE.finditer(raw, lt, min(len(raw), marked_until)):
            if context.of(match.start()) == "tag":
                found.id_attributes.add(match.group(1).decode("ascii").lower())
    return found


def has_tag(raw: bytes, names: tuple[bytes, ...]) -> bool:
    """Whether the bytes open one of these tags (lower or upper case)."""
    find = Finder(raw)
    return any(find(b"<" + n) != -1 or find(b"<" + n.upper()) != -1 for n in names)
