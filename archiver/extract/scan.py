"""Stage 2: a scan of the page's bytes for what can carry a post id, before any parse.

What can (X-FORMATS §1-§2, DESIGN.md "Embeds to recognise"), wherever it sits outside
<script>, <style>, comments and <textarea>:

- a status URL, percent-encoded, JSON-escaped or written with character references too
  ("status/1…", "status%2F1…", "status\\/1…", "status&#x2F;1…");
- a widget frame URL with the id in it (".../embed/Tweet.html?id=1…", "twitter.min.html#1…");
- a bare id in an attribute of a tag that names X or Twitter ("data-tweet-id", "tweetid",
  a class or data-provider "twitter"), or in an id-like attribute shortly after one (the
  marker on an ancestor);
- the plain-text tail of an embed, "(@handle)", in page text.

A page with none of these holds no post and is not parsed: the share, profile, hashtag
and intent links, follow buttons and widgets.js every news page carries hold no id. The
scan is one multi-needle search over the bytes (Aho-Corasick, ~10 GB/s), plus a look at
each hit.
It also tells the parse which attributes to look in (`Scan`), so the tree walk tests a
few named attributes instead of every attribute of every element.
"""

from __future__ import annotations

import base64
import itertools
import re
from functools import lru_cache
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import ahocorasick_rs

# --- where a byte offset sits -------------------------------------------------------------

#: Where raw text begins and ends: elements whose content is never markup or page text,
#: and comments. Tag names are case-insensitive: every spelling of each opener and
#: closer is a pattern (977 of them, one Aho-Corasick pass, ~40 us per MB; the regex and
#: the searches for closers it replaced took ~330 and ~400 us on a 1.2 MB news page).
_RAW_NAMES = (b"script", b"style", b"textarea", b"xmp", b"noembed")
#: What ends a tag's name (HTML's tokenizer): "<scripts" and "</scriptx" are other names.
_NAME_ENDS = frozenset(b" \t\n\r\f/>")


def _spellings(name: bytes) -> list[bytes]:
    return [bytes(letters) for letters in
            itertools.product(*((c, c ^ 0x20) if 0x61 <= c <= 0x7A else (c,) for c in name))]


_OPENERS = [b"<" + spelling for name in _RAW_NAMES for spelling in _spellings(name)]
_SCRIPT_SPELLINGS = len(_spellings(b"script"))  # (the first openers)
_CLOSERS = [b"</" + spelling for name in _RAW_NAMES for spelling in _spellings(name)]
_COMMENT_OPENER = len(_OPENERS)  # the index of "<!--"
#: What may follow a page's end without loss: white space and comments.
_NOTHING_MORE_RE = re.compile(rb"(?:\s+|<!--.*?-->)*", re.DOTALL)
#: "</html": libxml2 ends the document there, browsers read on (Context.document_ends).
_HTML_CLOSERS = [b"</" + spelling for spelling in _spellings(b"html")]
_RAW_MARKS = ahocorasick_rs.BytesAhoCorasick(
    [*_OPENERS, b"<!--", *_CLOSERS, *_HTML_CLOSERS],
    matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST)
#: ...and alone, for the look at a page for one with more after it (html._read_on).
_HTML_CLOSER_SEARCH = ahocorasick_rs.BytesAhoCorasick(_HTML_CLOSERS)


def document_end_tags(raw: bytes) -> bool:
    """Whether a "</html>" stands before anything but white space and comments (in text,
    a script or a comment alike: Context.document_ends tells which): most pages end with
    their only one."""
    for _kind, at, end in _HTML_CLOSER_SEARCH.find_matches_as_indexes(raw):
        if end < len(raw) and raw[end] in _NAME_ENDS:
            gt = raw.find(b">", end)
            if gt != -1 and not _NOTHING_MORE_RE.fullmatch(raw, gt + 1):
                return True
    return False
#: The raw-text element a closer's pattern closes (its name in lower case).
_CLOSES = {_COMMENT_OPENER + 1 + i: closer[2:].lower() for i, closer in enumerate(_CLOSERS)}
#: What may follow a "<" that opens a tag (HTML's tokenizer: a letter, "/", "!", "?"):
#: "1 <2" and "I <3" in text open none.
_TAG_STARTS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
#: How far a start tag is read around an offset in it: a tag's attribute values run to
#: tens of kilobytes (a script-built page's JSON props, a frame's query). The searches
#: stop at the nearest "<" or ">", so the reach costs nothing where tags are short.
TAG_REACH = 65536


class Context:
    """Where byte offsets of the page sit: in raw text (script, style, textarea, a
    comment), inside a tag, or in page text.

    The raw-text blocks are listed as a parser reads them (a "<!--" inside a script is
    script), from the start of the page up to the furthest offset asked about, and each
    question is then a binary search. Most pages never ask: the scan asks only about
    hits that could be a post.
    """

    def __init__(self, raw: bytes):
        self.raw = raw
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.resume = 0  # where the listing goes on: no block begins before it unlisted
        self._openers: list | None = None  # every opener's (pattern, start, end)
        self._closers: dict[bytes, list[int]] = {}  # where each name's closers start
        self._next = 0  # the first opener not yet passed
        #: (start, end, tag_open's answer): raw[start:end] holds no bracket (-1, -1: none)
        self._bare = (-1, -2, -1)
        self._escape_marks: tuple[list[int], list[int]] = ([], [])
        self.far_looks = 0  # reads back past TAG_REACH (one per bracketless stretch)

    def _find_marks(self) -> None:
        openers, closers, comments, scripts = [], {}, [], []
        for kind, start, end in _RAW_MARKS.find_matches_as_indexes(self.raw):
            if kind <= _COMMENT_OPENER:
                openers.append((kind, start, end))
                if kind == _COMMENT_OPENER:
                    comments.append(start)
                elif kind < _SCRIPT_SPELLINGS:
                    scripts.append(start)
            else:  # (whether its name ends there is asked of the few closers looked at)
                closers.setdefault(_CLOSES.get(kind, b"html"), []).append(start)
        self._openers, self._closers = openers, closers
        self._escape_marks = (comments, scripts)

    def document_ends(self) -> list[int]:
        """Where a "</html>" stands in page text (not in a script, a comment or a tag)
        with anything but white space after it: libxml2 (2.14) ends the document there and
        drops the rest, which browsers read into the body."""
        if self._openers is None:
            self._find_marks()
        raw = self.raw
        size = len(raw)
        ends = [at for at in self._closers.get(b"html", ())
                if at + 6 < size and raw[at + 6] in _NAME_ENDS and self.of(at) == "text"]
        if not ends:
            return []
        gt = raw.find(b">", ends[0])
        return [] if gt == -1 or _NOTHING_MORE_RE.fullmatch(raw, gt + 1) else ends

    def _closer(self, name: bytes, body: int) -> int:
        """Where the first closer of the raw-text element `name` at or after `body`
        starts, in any case, or -1."""
        found = self._closers.get(name, ())
        i = bisect_left(found, body)
        raw = self.raw
        end, size = len(name) + 2, len(raw)
        while i < len(found):
            after = found[i] + end
            if after < size and raw[after] in _NAME_ENDS:  # ("</scriptx" closes nothing)
                return found[i]
            i += 1
        return -1

    def _script_end(self, body: int) -> int:
        """Where the script whose content begins at `body` ends (its "</script"), or -1:
        at its first closer, unless "<!--" comes first; then by the tokenizer's escaped
        states (HTML 13.2.5.15-31), read from the listed marks: "<!--" escapes, "<script"
        then double-escapes (its "</script>" ends only the inner script), "-->" ends both."""
        raw = self.raw
        size = len(raw)
        close = self._closer(b"script", body)
        comments, openers = self._escape_marks
        at = self._next_of(comments, body)
        if at == -1 or (close != -1 and at > close):
            return close
        inner = self._next_script(openers, at)
        if inner == -1 or (close != -1 and inner > close):
            return close  # (escaped, a script ends at its closer all the same)
        # (from the "--" of "<!--": "<!-->" and "<!--->" escape nothing)
        state, pos = 1, at + 2
        while True:
            close = self._closer(b"script", pos)
            end = close if close != -1 else size
            if state == 0:
                at = self._next_of(comments, pos)
                if at == -1 or close != -1 and at > close:
                    return close
                state, pos = 1, at + 2
                continue
            dashes = raw.find(b"-->", pos, end)
            if state == 1:
                inner = self._next_script(openers, pos)
                if inner != -1 and inner < end and (dashes == -1 or inner < dashes):
                    state, pos = 2, inner + 7
                elif dashes != -1:
                    state, pos = 0, dashes + 3
                else:
                    return close
            else:  # double escaped: "-->" ends it, "</script" returns to escaped
                if dashes != -1:
                    state, pos = 0, dashes + 3
                elif close == -1:
                    return -1
                else:
                    state, pos = 1, close + 8

    def _next_script(self, found: list[int], pos: int) -> int:
        """The next "<script" at or after `pos` whose name ends there, or -1."""
        raw, size = self.raw, len(self.raw)
        for i in range(bisect_left(found, pos), len(found)):
            if found[i] + 7 >= size or raw[found[i] + 7] in _NAME_ENDS:
                return found[i]
        return -1

    @staticmethod
    def _next_of(found: list[int], pos: int) -> int:
        i = bisect_left(found, pos)
        return found[i] if i < len(found) else -1

    def _list_until(self, pos: int) -> None:
        """List the raw-text blocks that begin before `pos` (and no further: a page that
        asks about its first kilobytes reads only those)."""
        raw, size = self.raw, len(self.raw)
        if self._openers is None:
            self._find_marks()
        openers, i = self._openers, self._next
        while self.resume <= pos:
            while i < len(openers):
                kind, start, end = openers[i]
                if start >= self.resume and (
                        kind == _COMMENT_OPENER or end == size or raw[end] in _NAME_ENDS):
                    break
                i += 1
            else:
                self.resume = pos + 1
                break
            if start > pos:
                self.resume = pos + 1
                break
            i += 1
            if kind == _COMMENT_OPENER:
                body = end
                # Searched, not listed: "<!-->" is an opener and a closer at once, and
                # the automaton's matches do not overlap. (A script's closer cannot be
                # hidden so: no pattern holds a "<" past its first byte.)
                close = _comment_end(raw, body)
            else:
                gt = raw.find(b">", end)
                if gt == -1:
                    self.resume = size + 1
                    break
                body = gt + 1
                name = raw[start + 1:end].lower()
                close = self._script_end(body) if name == b"script" else self._closer(name, body)
            end = close if close != -1 else size
            self.starts.append(body)
            self.ends.append(end)
            self.resume = end + 1
        self._next = i

    def of(self, pos: int) -> str:
        """"raw", "tag" or "text"."""
        if pos >= self.resume:
            self._list_until(pos)
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return "raw"
        return "tag" if self.tag_open(pos) != -1 else "text"

    def tag_open(self, pos: int) -> int:
        """Where the tag `pos` sits in opens (its "<"), or -1 when `pos` is in no tag: the
        nearest bracket before it is a "<". Looked for within TAG_REACH; 64 KB without
        either bracket (an attribute's JSON props, a script's data) is read further back,
        once for a run of offsets in the same bracketless stretch."""
        raw = self.raw
        start, end, answer = self._bare
        if 0 <= start <= pos <= end + TAG_REACH:  # (in or after the last bracketless stretch)
            if pos <= end:
                return answer
            if raw.rfind(b">", end, pos) == -1 and raw.rfind(b"<", end, pos) == -1:
                self._bare = (start, pos, answer)
                return answer
        floor = max(0, pos - TAG_REACH)
        lt = raw.rfind(b"<", floor, pos)
        while lt != -1 and raw[lt + 1] not in _TAG_STARTS:
            lt = raw.rfind(b"<", floor, lt)  # a "<" in text ("1 <2") opens no tag
        if lt != -1:
            return lt if raw.rfind(b">", lt, pos) == -1 else -1
        if raw.rfind(b">", floor, pos) != -1 or not floor:
            return -1
        return self._far_tag_open(pos, floor)

    def _far_tag_open(self, pos: int, floor: int) -> int:
        """tag_open past TAG_REACH of bracketless bytes before `pos`."""
        raw = self.raw
        self.far_looks += 1
        lt, gt = raw.rfind(b"<", 0, floor), raw.rfind(b">", 0, floor)
        answer = lt if lt > gt else -1
        self._bare = (max(lt, gt) + 1, pos, answer)
        return answer

    def tag_bounds(self, pos: int) -> tuple[int, int]:
        """(start of "<", end after ">") of the tag around `pos`."""
        lt = self.tag_open(pos)
        gt = self.raw.find(b">", pos)
        return lt, (gt + 1 if gt != -1 else len(self.raw))


def _comment_end(raw: bytes, body: int) -> int:
    """Where the comment whose text begins at `body` ends (HTML's tokenizer: "<!-->" and
    "<!--->" end at once, "--!>" ends one as "-->" does), or -1."""
    if raw.startswith(b">", body) or raw.startswith(b"->", body):
        return body
    dashes = raw.find(b"-->", body)
    # ("--!>" looked for only before it: not found, it would be a search of the whole page)
    bang = raw.find(b"--!>", body, dashes if dashes != -1 else len(raw))
    return bang if bang != -1 else dashes


# --- the scan -------------------------------------------------------------------------------

_STATUS_RE = re.compile(rb"status(?:es)?(?:/|%2[Ff]|\\/|&#[xX]0*2[Ff];|&#0*47;|&sol;)\d",
                        re.IGNORECASE)
#: X's intents that name the post they act on (archiver.ids._X_INTENT_RE), read where
#: the needle "weet" is found: at "tweet_id=1…" (like, retweet) or at "intent/tweet?…
#: in_reply_to=1…" (reply).
_INTENT_AT_RE = re.compile(rb"tweet_id=\d|tweet\?(?:[^\"'\s<>#]*?[&;])?in_reply_to=\d")
_INTENT_POST_RE = re.compile(rb"intent/post\?(?:[^\"'\s<>#]*?[&;])?in_reply_to=\d")
#: A URL's run of bytes from a place in it: up to a quote, a space, a bracket or "#".
_URL_RUN_RE = re.compile(rb"[^\"'\s<>#]*+")


def _intent_names_post(raw: bytes, mark: int) -> bool:
    """_INTENT_AT_RE.match(raw, mark), its needles looked for first: "tweet_id=" right
    there, or "in_reply_to=" inside the URL that "tweet?" opens (where the pattern
    matches them: nothing it allows between holds a quote, a space, a bracket or "#").
    A share button's intent/tweet?text=…&url=… holds neither, and the pattern's lazy run
    tried every byte of its query: 60% of _hits on bench/extract.py's 5 MB page of share
    links (1.7 of 2.8 ms; this look: 0.7 ms)."""
    if raw.startswith(b"tweet?", mark):
        end = _URL_RUN_RE.match(raw, mark + 6).end()
        if raw.find(b"in_reply_to=", mark + 6, end) == -1:
            return False
    elif not raw.startswith(b"tweet_id=", mark):
        return False
    return _INTENT_AT_RE.match(raw, mark) is not None


#: The id may come late in the query: X's own frame URLs put a 1-2 KB `features=` before
#: it (a URL's bytes end at a quote, a space or a bracket, so the lazy run stops there).
_FRAME_RE = re.compile(rb"(?:tweet|index)\.html\?[^\"'<>\s]*?\bid=\d"
                       rb"|twitter(?:\.min)?\.html#\d", re.IGNORECASE)
#: "=" then a bare number long enough to be a post id, quoted or not (the oldest ids
#: have 2-8 digits, but no page embeds those by a bare attribute).
_NUMBER_VALUE_RE = re.compile(rb"""=\s*["']?\s*\d{5,20}\s*["'\s>/]""")
#: The longest such value, give or take spaces: windows overlap by this much.
_NUMBER_SPAN = 64
#: The bytes of an attribute's name, and those it cannot start with.
_NAME_BYTES = b"-.:_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NOT_FIRST = b"-.0123456789"


def _name_before(raw: bytes, lo: int, eq: int) -> bytes:
    r"""The attribute name that ends (spaces aside) right before `eq`, within raw[lo:eq],
    or b"": what `re.search(rb"[A-Za-z_:][-A-Za-z0-9_:.]*(?=\s*$)", …)` finds, read from
    the right with three C calls where the regex tries every start in the window (~5 us
    a call, thousands of calls on a page of X's own markup)."""
    window = raw[lo:eq].rstrip()
    run = window[len(window.rstrip(_NAME_BYTES)):]
    return run.lstrip(_NOT_FIRST)
_TAG_NAME_RE = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")
#: An attribute named by a post's name alone: "data-tweet" and "tweet" name X's post as
#: "data-tweet-id" does (blog components that widgets.js fills, Thread Reader App's
#: unrolled threads); "data-status", "data-post" are as generic as "data-id". Their
#: values are flags ("0", "1") and other apps' own row numbers too: the parse takes only
#: a snowflake-size id from them (archiver.extract.html._id_attribute), the generic
#: names only under a mark of X. ("data-latest-tweet", "data-retweet" are other names.)
BARE_POST_NAME_RE = re.compile(r"(?:data[-_])?(?:tweet|status|post)")
#: Attribute names that may hold a bare post id (archiver.extract.html reads them).
ID_LIKE_RE = re.compile(r"(?:^|[-_:])(?:tweet|status|post|embed|entity|item|content|social)?"
                        r"[-_]?id$|tweetid|tweet-?id|status-?id"
                        rf"|^{BARE_POST_NAME_RE.pattern}$")
#: ...but not those that name what else has an id beside a post: its author's account
#: (X's own markup: data-user-id, data-screen-name's user), its media, a card, an ad…
_OTHER_ID_RE = re.compile(
    r"(?:^|[-_:])(?:user|author|account|owner|profile|member|creator|follower|following|mentioned"
    r"|retweeter|screen|list|card|media|image|photo|video|ad|promoted|impression|widget"
    r"|channel|site|page|category|tag|comment|session|client|partner|campaign|unit|place"
    r"|location|community|space)[-_]?id$")


@lru_cache(maxsize=4096)  # a page asks of the same few names thousands of times
def id_like(name: str) -> bool:
    """Whether an attribute named `name` (lower case) may hold a bare post id."""
    return ID_LIKE_RE.search(name) is not None and _OTHER_ID_RE.search(name) is None


@lru_cache(maxsize=4096)
def bare_post_name(name: str) -> bool:
    """Whether an attribute named `name` (lower case) is named by a post's name alone
    (BARE_POST_NAME_RE)."""
    return BARE_POST_NAME_RE.fullmatch(name) is not None


#: "(@handle)" with no link right after it: every official embed's attribution is
#: followed by its permalink <a>, a plain-text rendering is not.
_LONE_TAIL_RE = re.compile(  # (a Markdown blog's raw HTML keeps "_" escaped: "(@\_name)")
    rb"\((?:@|&#0*64;|&#[xX]0*40;|&commat;)(?:\w|[\x80-\xff]|\\_){1,80}\)"
    rb"(?![^<]{0,120}<a[\s>])")
#: An embed's tail is "— Name (@handle) date": the text forms (archiver.extract.text)
#: read one only after a dash (—, –, ―, or a hyphen standing alone), within a name of 100
#: characters, and so does the scan: Instagram's "A post shared by Name (@handle)" is
#: none. Within _DASH_REACH bytes, tags and character references included.
_DASH_BEFORE_RE = re.compile(
    rb"\xe2\x80[\x93\x94\x95]|&[mn]dash;|&#821[123];|&#[xX]201[345];"
    rb"|(?:^|[\s>])-(?=\s|&nbsp;|&#160;|<)")
_DASH_REACH = 1200
#: How far after a marker of X in a tag an id-like attribute counts as marked by it
#: (the marker sits on an ancestor: <div class="embed-twitter"><div data-id="…">).
MARKED_REACH = 1024
#: What is looked for, and what a hit of it may be: 0 a status URL (1: an intent's post id,
#: read as one); 2 and 4 a mark of X
#: (a frame URL, an id attribute's name, a class or provider naming X); 3 an embed's tail;
#: 5 the "·" of a time line copied from X's web app (as a character or a reference).
#: Each needle's group (the order of _hits' branches): 0 "status", 1 "twitter", 2 "weet",
#: 3 "(@" (its "@" escaped too, as spam guards write it), 4 X by its name alone in a class
#: (x-embed). Lower case, as URLs and class names are written, and "Twitter" or "TWITTER"
#: closing an attribute's value (oEmbed's provider_name, copied into pages as
#: data-provider="Twitter"): not the capitalised word wherever it stands, which news text
#: writes hundreds of times in an article about the company. The automaton keeps its SIMD
#: prefilter only for a few needles of uncommon bytes, and a page without posts should
#: cost a tenth of a parse (bench/extract.py's target): these eight search as fast as the
#: four of before them; "Status", "Twitter" anywhere, or a needle for a provider value "x"
#: (a quote, x, a quote) took half as long again or more, and cost each "Twitter" of the
#: text a look. So an element marked only by a provider "x" is found on a page the scan
#: sends to the parse for another of its marks.
#: The "·" of a copy from X's web app (group 5), as a character or a reference, cost
#: nothing measurable in this order (bench/extract.py); appended last, or in most other
#: orders, the automaton's buckets share its bytes with others' and the search of a page
#: with no post took a tenth to a third as long again. (The order decides nothing else:
#: no two needles can match at one offset.)
_NEEDLES = ((b"twitter", 1), (b"&#183;", 5), (b"(@", 3), (b"x-embed", 4), (b"weet", 2),
            (b"status", 0), (b"(&#64;", 3), (b"&middot;", 5), (b"\xc2\xb7", 5),
            (b'Twitter"', 1), (b'TWITTER"', 1), (b"&mdash; @", 6), (b"&#8212; @", 7),
            (b"_reply_to=", 8), (b";base64,", 9))
_GROUP = tuple(group for _needle, group in _NEEDLES)
_OVERLAP = max(len(n) for n, _k in _NEEDLES) - 1
_ID_SUFFIXES = frozenset((b"-id", b"_id", b"Id\"", b"Id="))
#: Widgets that wear X's name and carry numbers that are no post ids (data-widget-id).
#: (archiver.extract.html builds its check of class names from WIDGET_PATTERN too.)
WIDGET_CLASSES = ("timeline", "share-button", "follow-button", "hashtag-button",
                  "mention-button", "dm-button", "moment", "grid", "collection")
#: The same as a pattern: twitter-timeline, and as CMS themes write it, twitter_timeline.
WIDGET_PATTERN = r"twitter[-_](?:" + "|".join(WIDGET_CLASSES).replace("-", "[-_]") + r")"
_WIDGET_RE = re.compile(WIDGET_PATTERN.encode())
#: X's hosts as archiver.ids knows them (twitter, x, the fixers, nitter), in bytes.
_X_HOST_RE = re.compile(
    rb"(?:(?<![\w.-])|(?<=%2F)|(?<=%2f))(?:[a-z0-9-]+\.)*?(?:twitter|x|fxtwitter|vxtwitter"
    rb"|fixupx|fixvx|twittpr|xcancel|nitter)\.(?:com|net)|(?<![\w.-])nitter\.",
    re.IGNORECASE)
_SPACE = frozenset(b" \t\n\r\f")
#: The byte before a mark that puts it in a URL's host or path.
_IN_URL = frozenset(b"/.F")  # ".../twitter", "pic.twitter", "%2Ftwitter"
#: Past this many hits (a page of megabytes of nothing but links to X), the rest are
#: not looked at one by one: the parse looks in every attribute and text instead.
_MAX_HITS = 500_000


@dataclass
class Scan:
    """What the bytes show, for the parse: where ids may be."""

    #: Attributes (lower-case names) holding a status or widget-frame URL in some tag.
    url_attributes: set[str] = field(default_factory=set)
    #: Id-like attributes holding a bare number in or shortly after a tag marked as X's.
    id_attributes: set[str] = field(default_factory=set)
    #: Tag names (lower case) of the elements holding either.
    tags: set[str] = field(default_factory=set)
    status_in_text: bool = False  # a status URL written as page text
    #: An intent naming its post (…tweet_id=1…, …in_reply_to=1…) in some URL: values
    #: holding those name a post too (archiver.ids._X_INTENT_RE).
    intents: bool = False
    tail_in_text: bool = False  # an embed's "(@handle)" tail written as page text
    copy_in_text: bool = False  # a copy of X's web app ("2:30 PM · Oct 12, 2025") as text
    #: Too many hits to read one by one: look in every attribute and text.
    every_attribute: bool = False
    #: The offsets of the hits the parse is sent to read (each status URL in an <a href>
    #: among them, though one notes them all), in order: archiver.extract.official reads
    #: a page from its bytes when every one is the permalink of an embed of X's shape.
    live: list[int] = field(default_factory=list)
    #: Where the page's offsets sit (the scan's own, for archiver.extract.official).
    context: "Context | None" = None

    @property
    def anything(self) -> bool:
        return bool(self.url_attributes or self.id_attributes or self.status_in_text
                    or self.tail_in_text or self.copy_in_text or self.every_attribute)


#: The needles, found in one pass over the bytes (Aho-Corasick, with a SIMD prefilter:
#: about 10 GB/s where four memmem passes and a memchr pass made 1-2 GB/s; bench/extract.py).
#: Leftmost-first, non-overlapping: of our needles only "weet" and "twitter" can
#: overlap ("tweetwitter"), and _hits looks for that one case itself.
_SEARCH = ahocorasick_rs.BytesAhoCorasick(
    [needle for needle, _kind in _NEEDLES], matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_FIRST)
#: Bytes searched per call, so that a page of nothing but needles never builds a list of
#: millions of matches before _MAX_HITS is checked.
_SEARCH_CHUNK = 1 << 20


def _hits(raw: bytes) -> list[int] | None:
    """Every needle's hit that could be what it looks for, as `offset << 3 | kind`, in
    order; None past _MAX_HITS.

    What a hit could be is decided here, where it is found, with a look at the bytes
    right around it: most hits (the host of a share or profile link, "intent/tweet", a
    Twitter Cards <meta name="twitter:…">, a script's "status") are nothing, and a page
    of them costs one comparison each.
    """
    hits: list[int] = []
    add = hits.append
    size = len(raw)
    view = memoryview(raw)
    status_match, tail_match, group_of = _STATUS_RE.match, _LONE_TAIL_RE.match, _GROUP
    for start in range(0, size, _SEARCH_CHUNK):
        # A hit starting in this chunk may end in the next one; one starting in the
        # overlap is the next chunk's.
        last = start + _SEARCH_CHUNK
        for index, at, _end in _SEARCH.find_matches_as_indexes(
                view[start:min(size, last + _OVERLAP)]):
            at += start
            if at >= last:
                break
            index = group_of[index]
            if index == 0:  # status
                if status_match(raw, at):
                    add(at << 3)
                elif (raw[at + 6:at + 9] in _ID_SUFFIXES or raw[at + 6:at + 8] == b"id") \
                        and _outside_url(raw, at, at + 7):
                    add(at << 3 | 2)  # "data-status-id": an id attribute's name, a mark
            elif index == 1:  # twitter (_twitter_marks, inlined: the commonest needle)
                if at and raw[at - 1] in _IN_URL:
                    if raw.startswith(_FRAME_TAILS, at + 7) and _frame_at(raw, at, at + 7):
                        add(at << 3 | 2)
                elif raw[at + 7:at + 8] != b":":
                    add(at << 3 | 2)
            elif index == 2:  # weet
                mark = at - 1 if at else at  # "tweet", "Tweet"
                if raw[mark:mark + 1] in (b"/", b"t") and _intent_names_post(raw, mark):
                    add(at << 3 | 1)  # an intent naming its post ("…tweet_id=1…")
                elif _outside_url(raw, mark, mark + 5):
                    add(at << 3 | 4)
                if raw.startswith(b"twitter", at + 3) and _twitter_marks(raw, at + 3):
                    add((at + 3) << 3 | 2)  # "tweetwitter": the one overlap of needles
            elif index == 4:  # X by its name alone: read as a mark is, if in a tag
                add(at << 3 | 2)
            elif index == 5:  # "·": a copy of X's web app, if a time or a handle is before it
                if _copy_dot(raw, at):
                    add(at << 3 | 5)
            elif index == 9:  # a data: URL in base64: its markup may hold a post
                if _base64_markup_holds_hits(raw, at):
                    add(at << 3 | 6)
            elif index == 8:  # X's newer reply intent, "intent/post?…in_reply_to=1…"
                # (the needle is its rarer end: "intent/post?" made the whole search of
                # every page 40% slower, its first bytes being the commonest)
                if raw[at - 2:at] == b"in" and raw[at + 10:at + 11].isdigit():
                    intent = raw.rfind(b"intent/post?", max(0, at - 400), at)
                    if intent != -1 and _INTENT_POST_RE.match(raw, intent):
                        add(at << 3 | 1)  # (at its own place: hits stay in order)
            elif index >= 6:  # "&mdash; @handle October 12, 2025": a tail without brackets
                if _BARE_TAIL_RE.match(raw, at + 8):  # (both needles put their "@" there)
                    add(at << 3 | 3)
            elif (tail_match(raw, at) or _outside_embed_block(raw, at)) \
                    and _DASH_BEFORE_RE.search(raw, max(0, at - _DASH_REACH), at):  # (@
                add(at << 3 | 3)
        if len(hits) > _MAX_HITS:
            return None
    return hits


#: How far a data: URL's head runs before its ";base64,", and how long its data may be.
_DATA_HEAD_REACH = 200
_DATA_REACH = 4 << 20
_DATA_END_RE = re.compile(rb"[\"'\s>)]")


def _base64_markup_holds_hits(raw: bytes, at: int) -> bool:
    """Whether the data: URL whose ";base64," is at `at` holds markup (text/html,
    text/plain or no type, as archiver.extract.html._markup_in_value reads one: a frame's
    document) with a hit of its own. Its bytes show nothing of X: a page whose only post
    is such a frame was never parsed. (Images' data: URLs are told apart by their type.)"""
    head = raw.rfind(b"data:", max(0, at - _DATA_HEAD_REACH), at)
    if head == -1:
        return False
    kind = raw[head + 5:at].strip().lower()
    if kind and not kind.startswith((b"text/html", b"text/plain", b";")):
        return False
    start = at + 8
    end = _DATA_END_RE.search(raw, start, start + _DATA_REACH)
    payload = raw[start:end.start() if end else min(len(raw), start + _DATA_REACH)]
    try:
        markup = base64.b64decode(payload + b"=" * (-len(payload) % 4))
    except ValueError:
        return False
    inner = _hits(markup)
    return inner is None or bool(inner)


#: After "&mdash; " (or "&#8212; "): an embed's tail without brackets (archiver.extract.text's
#: TEXT_TAIL_BARE_RE): a handle, then a year on its line. (Looked for with the dash as
#: its entity only: "— @" as UTF-8 bytes, or " @", costs the search a quarter to a half
#: again on a page without posts, bench/extract.py; such a tail written with the UTF-8
#: dash is read on a page the scan sends to the parse for another of its marks, and in
#: plain text.)
_BARE_TAIL_RE = re.compile(rb"@(?:\w|\\_){1,20}(?![\w@])[^\n<]{0,60}?\d{4}")


#: Before the "·" of a copy from X's web app (archiver.extract.copies), on its line: a time
#: of day with its AM/PM word ("2:30 PM ·", "下午2:30 ·", "2:30 م ·"), or the handle whose
#: line the timeline's "· 2h" ends (its "·" on a line of its own too: "@h<br>·").
_COPY_DOT_BEFORE_RE = re.compile(
    rb"(?:\d[:.]\d\d(?:[ \t]|&nbsp;|\xc2\xa0|\xe2\x80\xaf|[^\s\d<>&;]){0,16}"
    rb"|@\w{1,20}(?:\s|&nbsp;|\xc2\xa0|<[^<>]{0,200}>){0,8})$")
#: How far above a copy's time line its "@handle" line may stand (a long post's text).
_COPY_REACH = 12000
_HANDLE_START_RE = re.compile(rb"@[A-Za-z0-9_]{1,20}(?:\s|<|&nbsp;|\xc2\xa0|$)")


def _copy_dot(raw: bytes, at: int) -> bool:
    """Whether the "·" at `at` may be a copy's: a time or a handle right before it on its
    line, and an "@handle" standing alone (after a space or a tag, not in an address)
    within _COPY_REACH bytes before."""
    window = raw[max(0, at - 240):at]
    if _COPY_DOT_BEFORE_RE.search(window) is None:
        return False
    floor = max(0, at - _COPY_REACH)
    pos = at
    for _ in range(64):
        pos = raw.rfind(b"@", floor, pos)
        if pos <= 0:
            return False
        if raw[pos - 1] in b" \t\r\n>;" and _HANDLE_START_RE.match(raw, pos):
            return True
    return False


def _outside_embed_block(raw: bytes, at: int) -> bool:
    """A "(@handle)" followed by a link, not inside a blockquote or figure: the tail of an
    embed flattened into a paragraph (a CMS that strips blockquotes), or a copied tail
    followed by some link, which the text forms read. (In a blockquote or figure it is an
    embed's attribution, which the embed shapes read.)"""
    start = max(0, at - _EMBED_BLOCK_REACH)
    quote = raw.rfind(b"<blockquote", start, at)
    if quote != -1 and raw.find(b"</blockquote", quote, at) == -1:
        return False  # the common case, an official embed: decided in two short searches
    opened = max(quote, raw.rfind(b"<figure", start, at),
                 raw.rfind(b"<BLOCKQUOTE", start, at), raw.rfind(b"<FIGURE", start, at))
    if opened == -1:
        return True
    closed = max(raw.rfind(b"</blockquote", opened, at), raw.rfind(b"</figure", opened, at),
                 raw.rfind(b"</BLOCKQUOTE", opened, at), raw.rfind(b"</FIGURE", opened, at))
    return closed != -1


#: How far back an embed's attribution looks for the blockquote or figure it sits in.
_EMBED_BLOCK_REACH = 8192


class _NumberValues:
    """Where "=" is followed by a number long enough to be a post id, between two
    offsets, as _NUMBER_VALUE_RE.finditer(raw, start, end) gives them.

    Each mark of X's window is read on its own until the windows read add up to a
    quarter of the page (a page dense with embeds has a mark every few hundred bytes);
    then the whole page is read once and each window is a binary search. Matches cannot
    overlap (none holds a second "="), so a window's matches are the whole page's that
    start inside it and match there with the window's end (a greedy whole-page match
    may run past it)."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.unread = len(raw) // 4  # window bytes still read one window at a time
        self.starts: list[int] | None = None
        self.ends: list[int] = []

    def between(self, start: int, end: int) -> list[int]:
        if self.starts is None:
            self.unread -= end - start
            if self.unread >= 0:
                return [m.start() for m in _NUMBER_VALUE_RE.finditer(self.raw, start, end)]
            self.starts, self.ends = [], []
            for match in _NUMBER_VALUE_RE.finditer(self.raw):
                self.starts.append(match.start())
                self.ends.append(match.end())
        found = []
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] < end:
            # One that runs past the window may still match within it, shorter.
            if self.ends[i] <= end or _NUMBER_VALUE_RE.match(self.raw, self.starts[i], end):
                found.append(self.starts[i])
            i += 1
        return found


def _outside_url(raw: bytes, mark: int, end: int) -> bool:
    """Whether the mark of X at `mark` (its word ending at `end`) is not the host or
    path of a URL, or is a widget frame's, whose URL carries the id."""
    return not (mark and raw[mark - 1] in _IN_URL) or _frame_at(raw, mark, end)


def _twitter_marks(raw: bytes, at: int) -> bool:
    """Whether "twitter" at `at` may mark an embed: outside a URL (_outside_url) and not
    the Twitter Cards prefix "twitter:" of page metadata."""
    if at and raw[at - 1] in _IN_URL:
        return _frame_at(raw, at, at + 7)
    return raw[at + 7:at + 8] != b":"


#: What follows the mark of X in a widget frame's URL (_frame_at).
_FRAME_TAILS = (b".com/embed/", b".html", b".min.html")
#: How far a widget frame's URL is read for its id: X's runs to ~1,600 bytes.
_FRAME_URL_REACH = 8192


def _frame_at(raw: bytes, mark: int, end: int) -> bool:
    """Whether a mark of X inside a URL ("twitter.com/…", "intent/tweet") is a widget
    frame's, whose URL carries the id (twitter.min.html#1…, Tweet.html?id=1…,
    platform.twitter.com/embed/index.html?…id=1…): no other URL marks anything."""
    if not raw.startswith(_FRAME_TAILS, end):
        return False  # (most marks in a URL: one look)
    if raw.startswith(b".com/embed/", end):
        return _FRAME_RE.search(raw, end, end + _FRAME_URL_REACH) is not None
    return _FRAME_RE.match(raw, mark) is not None


def scan(raw: bytes) -> Scan:
    """Where the page's bytes may hold a post (see the module's docstring)."""
    found = Scan()
    hits = _hits(raw)
    if hits is None:
        found.every_attribute = found.status_in_text = found.tail_in_text = True
        found.copy_in_text = True
        return found
    context = found.context = Context(raw)
    live = found.live
    numbers_checked = -1
    values = _NumberValues(raw)
    mark_tag = -1  # the tag of the last mark read whole (its window and frames)
    hrefs_noted = False  # a status URL in an <a href> is noted (all say the same)
    for hit in hits:
        at, kind = hit >> 3, hit & 7
        if kind == 1:
            found.intents = True
            kind = 0  # read as a status URL's id is
        if kind == 0:
            url = _href_value_start(raw, at)
            if url == -1:
                if not _X_HOST_RE.search(raw, _url_start(raw, at), at):
                    continue  # another site's /status/ (a CDN, a status page)
            elif hrefs_noted:
                live.append(at)  # (once one is noted, another <a href> adds nothing)
                continue
            elif not _X_HOST_RE.search(raw, max(url, raw.rfind(b"(", url, at)), at):
                continue
            else:
                hrefs_noted = True
                live.append(at)
                # The usual place of a status URL: an <a href>, which the parse always
                # reads. (One inside a script's string costs only a wasted parse.)
                found.url_attributes.add("href")
                found.tags.add("a")
                continue
        if kind == 6:  # a data: URL in base64 whose markup shows a post
            if context.of(at) == "tag":
                live.append(at)
                lt, _gt = context.tag_bounds(at)
                _attribute_at(raw, lt, at, found.url_attributes, found.tags)
            continue
        if kind == 2 or kind == 4:
            lt = raw.rfind(b"<", max(0, at - TAG_REACH), at)
            if lt == -1 or raw[lt + 1] not in _TAG_STARTS:
                lt = context.tag_open(at)  # (a long value's, a "<" in text, or no tag)
            elif raw.rfind(b">", lt, at) != -1:
                lt = -1
            if lt == -1:
                continue  # not inside a tag: a word in text or script marks nothing
            if lt == mark_tag:
                continue  # another mark in the same tag: its window is read already
            gt = raw.find(b">", at)  # (to the tag's end: a long value's attributes after it)
            gt = gt + 1 if gt != -1 else len(raw)
            if _WIDGET_RE.search(raw, lt, gt):
                continue  # a timeline, follow or share button: it marks no post
            frame = (_FRAME_RE.search(raw, max(lt, at - 12), gt)
                     if raw.find(b".html", lt, gt) != -1 else None)
            reach = min(len(raw), gt + MARKED_REACH)
            numbers = values.between(max(lt, numbers_checked), reach)
            if frame is None and not numbers:
                # A later mark's window overlaps this one: it reads only the rest (from a
                # little before the end, where a value may have been cut off).
                numbers_checked = max(numbers_checked, reach - _NUMBER_SPAN)
                mark_tag = lt
                continue
            if context.of(at) != "tag":
                continue  # inside a script's or comment's text (its numbers stay unread)
            numbers_checked = max(numbers_checked, reach - _NUMBER_SPAN)
            if frame is None:
                mark_tag = lt
            else:
                live.append(at)
                _attribute_at(raw, lt, frame.start(), found.url_attributes, found.tags)
            for eq in numbers:
                name = _name_before(raw, max(0, eq - 60), eq)
                if not name:
                    continue
                name_text = name.decode("ascii").lower()
                # (a value inside the mark's own tag, which is "tag", needs no look)
                if id_like(name_text) and (lt < eq < gt or context.of(eq) == "tag"):
                    if not live or live[-1] != at:
                        live.append(at)
                    found.id_attributes.add(name_text)
                    tag_start = context.tag_open(eq)
                    tag = _TAG_NAME_RE.match(raw, tag_start) if tag_start != -1 else None
                    if tag:
                        found.tags.add(tag.group(1).decode("ascii").lower())
            continue
        where = context.of(at)
        if where == "raw":
            continue
        if where == "text":
            live.append(at)
            if kind == 0:
                found.status_in_text = True
            elif kind == 5:
                found.copy_in_text = True
            else:
                found.tail_in_text = True
            continue
        if kind == 5:
            continue
        if kind == 0:
            live.append(at)
            lt, _gt = context.tag_bounds(at)
            _attribute_at(raw, lt, at, found.url_attributes, found.tags)
    return found


def _url_start(raw: bytes, at: int) -> int:
    """Where the URL that reaches `at` begins (after a quote, space, "(" or ">")."""
    start = max(0, at - 300)
    return max(start, *(raw.rfind(c, start, at) for c in (b'"', b"'", b" ", b">", b"(")))


def _href_value_start(raw: bytes, at: int) -> int:
    """Where the quoted href value that reaches `at` begins, or -1 when the URL around
    `at` is not one."""
    start = max(0, at - 300)
    quote = max(raw.rfind(b'"', start, at), raw.rfind(b"'", start, at))
    if quote > 6 and raw.startswith(b"href=", quote - 5) and raw[quote - 6] in _SPACE and (
            raw.find(b" ", quote, at) == -1 and raw.find(b">", quote, at) == -1):
        # ...of an <a> tag: "href=" may be escaped markup inside another attribute
        lt = raw.rfind(b"<", max(0, quote - TAG_REACH), quote)
        if lt != -1 and raw[lt + 1:lt + 2] in (b"a", b"A") and raw[lt + 2] in _SPACE \
                and raw.find(b">", lt, quote) == -1:
            return quote
    return -1


#: One attribute of a start tag, as a parser reads it: its name, and its value quoted or not.
_TAG_ATTRIBUTE_RE = re.compile(
    rb"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def _attribute_at(raw: bytes, lt: int, at: int, names: set, tags: set) -> None:
    """Note the attribute (and its tag's name) that holds the value at `at`. The tag's
    attributes are read in order from its start: a value may hold escaped markup of its
    own ("href=&quot;…" in a data-content), whose names are no attributes."""
    tag = _TAG_NAME_RE.match(raw, lt)
    if tag:
        tags.add(tag.group(1).decode("ascii").lower())
        pos = tag.end()
        while pos < at:
            attribute = _TAG_ATTRIBUTE_RE.match(raw, pos)
            if attribute is None or attribute.end() == pos:
                break
            if attribute.end() > at:
                names.add(attribute.group(1).decode("ascii", "replace").lower())
                return
            pos = attribute.end()
    eq = raw.rfind(b"=", lt, at)
    name = _name_before(raw, max(lt, eq - 60), eq) if eq > lt else b""
    if name:
        names.add(name.decode("ascii").lower())
