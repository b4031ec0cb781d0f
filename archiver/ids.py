"""Post ids and status URLs: parse every URL form of an X post, decode Snowflake ids.

Pure functions, no network. The URL forms and the Snowflake layout are documented in
X-FORMATS.md §2 and §3.
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, datetime, timezone
from urllib.parse import unquote

#: ms since the Unix epoch of Snowflake time 0 (twitter-archive/snowflake IdWorker.scala).
TWEPOCH_MS = 1288834974657
#: The last sequential (pre-Snowflake) post id; ids above it carry their creation time.
LAST_PRE_SNOWFLAKE_ID = 29700859247

# Hosts whose /status/ paths are X posts: X itself under both names, its mobile and www
# aliases, the embed fixers (fx/vx/fixup/fixvx/twittpr) and Nitter front-ends. The
# look-behind keeps "uproxx.com" from being read as "x.com".
_HOST = (
    r"(?<![\w.-])(?:[a-z0-9-]+\.)*?"
    r"(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|twittpr|xcancel|nitter)\.(?:com|net)"
    r"|(?<![\w.-])nitter\.[a-z0-9.-]+"
)
# Path segments that look like a handle but are not one. (X finds a post by its id
# whatever the segment before /status/ says: a handle written with look-alike letters,
# "HakanFіdan" with a Cyrillic і, still names the post, and is kept as written.)
#: Templates that build a permalink from the id alone write a stand-in there (Jetpack's
#: /jetpack/status/ID, X-FORMATS §1.5; Ghost's e-mail card /twitter/status/ID; "user",
#: "username", "_", "anyuser", X's own "x" in others), and scripts write what a missing
#: value prints as (undefined, null, None, NaN, unknown): no handle, as the post's real
#: author is not what the template wrote. (The real @twitter's or @x's posts lose nothing
#: by it: X's answer names their author; only a permalink's claim of one is not read.)
_NOT_HANDLES = frozenset(
    {"i", "intent", "search", "hashtag", "home", "share", "explore", "settings", "statuses",
     "jetpack", "user", "username", "_", "twitter", "x", "anyuser",
     "undefined", "null", "none", "nil", "nan", "unknown"}
)
#: What a handle may be written with: letters, digits and "_" (of any script: look-alike
#: letters are the page's claim of an author, kept for verification to judge).
_HANDLE_RE = re.compile(r"\w{1,20}")


def is_handle(segment: str) -> bool:
    """Whether `segment` may name an account: word characters only, not digits alone (a
    numeric user id, as generators write f"https://twitter.com/{user_id}/status/{id}"),
    not a stand-in word (_NOT_HANDLES). An unfilled template ("{username}", ":user",
    "$user") is none."""
    return (_HANDLE_RE.fullmatch(segment) is not None and not segment.isdigit()
            and segment.lower() not in _NOT_HANDLES)


#: A status URL anywhere in a string (group "handle" may be empty, group "id" is the post).
STATUS_URL_RE = re.compile(
    r"(?:https?:)?(?://)?(?:" + _HOST + r")"
    r"/(?:#!/)?"
    # (the segment as generators write it: a handle, a number, an unfilled template's
    # "{username}", ":username", "$user"; clean_handle says which names an account)
    r"(?:(?:i/web|i)/status|statuses|(?P<handle>(?:[\w{}$:]|%[0-9A-Fa-f]{2}){1,60})"
    r"/status(?:es)?)"
    r"/(?P<id>\d{1,20})(?![\d])",
    re.IGNORECASE,
)
# The same, with the path separators percent-encoded, as in Drupal's /media/oembed?url=
# and Embedly iframes; and the widget iframes that carry the id in their query.
_EMBED_FRAME_RE = re.compile(
    r"platform\.(?:twitter|x)\.com/embed/(?:Tweet|index)\.html\?[^\"'\s]*?\bid=(?P<id>\d{1,20})"
    r"|\btwitter(?:\.min)?\.html#(?P<id2>\d{1,20})",  # s9e MediaEmbed iframes
    re.IGNORECASE,
)
_ID_RE = re.compile(r"\d{1,20}")


@lru_cache(maxsize=8192)  # a page reads one URL several times (an embed, then its links)
def parse_status_url(value: str) -> tuple[str, str | None] | None:
    """Return (post_id, handle or None) for the first status URL in `value`, else None.

    Accepts every form in X-FORMATS §2.1, percent-encoded ones included, and the widget
    iframe URLs that carry the id in their query string.
    """
    intent = _X_INTENT_RE.search(value) if "intent" in value else None
    if intent is not None:
        # X's like, retweet and reply buttons name the post they act on: a card that
        # shows a post may carry its id nowhere else
        return intent["id"], None
    match = _search_status_url(value)
    if match is not None and match.start() > 0 and _SHARE_URL_RE.match(value):
        return None  # a share button's URL: it offers to share, it shows nothing
    if match is None and "\\/" in value:  # JSON's escaped "/" (wp_json_encode, PHP)
        value = value.replace("\\/", "/")
        match = _search_status_url(value)
    if match is None and "%2" in value:  # an encoded "/" or ":": a URL inside a URL
        if _SHARE_URL_RE.match(value):
            return None  # a share button's URL: it offers to share, it shows nothing
        match = _search_status_url(unquote(value))
    if match is not None:
        return match["id"], clean_handle(match["handle"])
    frame = _EMBED_FRAME_RE.search(value) if "html" in value else None
    if frame is not None:
        return frame["id"] or frame["id2"], None
    return None


#: X's intents that act on one post, by its id: like (favorite), retweet, and reply
#: (in_reply_to, on intent/tweet or X's newer intent/post). (X-FORMATS §2.1.) "&amp;" as markup
#: writes the separator.
_X_INTENT_RE = re.compile(
    r"(?<![\w.-])(?:[a-z0-9-]+\.)*?(?:twitter|x)\.com/intent/(?:favorite|like|retweet|tweet|post)"
    r"\?(?:[^\"'\s<>#]*?[&;])?(?:tweet_id|in_reply_to)=(?P<id>\d{1,20})(?!\d)",
    re.IGNORECASE)
def is_intent(value: str) -> bool:
    """Whether the post `value` names is named by an X intent (a like, retweet or reply
    button's URL): a link to the post, never its embed."""
    return "intent" in value and _X_INTENT_RE.search(value) is not None


#: Share and compose buttons' URLs: a status URL inside one is what the button offers to
#: share (X's intent and share, and the other networks'), not a post the page shows.
_SHARE_URL_RE = re.compile(
    r"\s*(?:https?:)?//(?:[\w-]+\.)*(?:"
    r"(?:twitter|x)\.com/(?:intent/|share\b|home\?status=)"
    r"|facebook\.com/(?:sharer|dialog/(?:share|feed))|linkedin\.com/(?:shareArticle|sharing)"
    r"|reddit\.com/submit|(?:api\.)?whatsapp\.com/send|wa\.me/|t(?:elegram)?\.me/share"
    r"|pinterest\.com/pin/create|tumblr\.com/(?:share|widgets/share)|bsky\.app/intent/"
    r"|threads\.net/intent/|vk\.com/share|(?:[\w-]+\.)?addtoany\.com/)"
    r"|\s*mailto:", re.IGNORECASE)


def _search_status_url(value: str):
    """STATUS_URL_RE.search, run only around each "status" in the value: the full
    pattern is costly to try at every position of a long URL (bench/extract.py)."""
    lower = value.lower()
    at = lower.find("status")
    while at != -1:
        match = STATUS_URL_RE.search(value, max(0, at - 100), at + 40)
        if match is not None:
            return match
        at = lower.find("status", at + 6)
    return None


def iter_status_urls(text: str):
    """Yield (start, end, post_id, handle) for each status URL written in `text`, and each
    of X's intents that names its post (a like, retweet or reply link: handle None), in
    order. A URL cut where it was shown, its digits running into an ellipsis (X's
    display_url "twitter.com/i/web/status/9…", "…/status/93..."), names no post: its id
    is not all there."""
    found = [(m.start(), m.end(), m["id"], clean_handle(m["handle"]))
             for m in STATUS_URL_RE.finditer(text) if not cut_id(m["id"], text, m.end())]
    if "intent" in text:
        found += [(m.start(), m.end(), m["id"], None)
                  for m in _X_INTENT_RE.finditer(text) if not cut_id(m["id"], text, m.end())]
        found.sort()
    yield from found


#: An ellipsis as text writes one: "…", "...", "‥", "⋯", "．．．", "&hellip;" (Markdown
#: keeps the entity), "[…]"; a no-break space may stand before it.
_ELLIPSIS_RE = re.compile(r"[\u00a0\u202f]?(?:\u2026|\.\.\.|\u2025|\u22ef|\uff0e{3}|&hellip;"
                          r"|\[(?:\u2026|\.\.\.)\])")


def cut_id(post_id: str, text: str, end: int) -> bool:
    """Whether the id of a status URL ending at `end` of `text` was cut where the URL was
    shown: its digits run into an ellipsis (X's display_url "twitter.com/i/web/status/9…")
    and are too few for a whole id of the years X cut such links in (an 18- or 19-digit
    Snowflake followed by "..." is a sentence trailing off after a whole link)."""
    return len(post_id) < 18 and _ELLIPSIS_RE.match(text, end) is not None


def clean_handle(handle: str | None) -> str | None:
    """A handle as written, without "@", or None when the path segment is not a handle
    (is_handle)."""
    if not handle:
        return None
    if "%" in handle:  # a handle written with letters no handle has, percent-encoded
        handle = unquote(handle)
    handle = handle.lstrip("@")
    if not is_handle(handle):
        return None
    return handle


def parse_post_id(value: str | None) -> str | None:
    """A post id from an attribute holding either a bare id or a status URL."""
    if not value:
        return None
    value = value.strip()
    if _ID_RE.fullmatch(value):
        return value.lstrip("0") or None
    found = parse_status_url(value)
    return found[0] if found else None


def is_snowflake(post_id: str | int) -> bool:
    """True when the id encodes its creation time (posts after 2010-11-04)."""
    return int(post_id) > LAST_PRE_SNOWFLAKE_ID


def snowflake_ms(post_id: str | int) -> int | None:
    """Creation time in ms since the epoch, or None for a pre-Snowflake id."""
    if not is_snowflake(post_id):
        return None
    return (int(post_id) >> 22) + TWEPOCH_MS


def snowflake_datetime(post_id: str | int) -> datetime | None:
    """Creation time (UTC) of a Snowflake id, or None."""
    ms = snowflake_ms(post_id)
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def snowflake_date(post_id: str | int) -> str | None:
    """Creation date (UTC, YYYY-MM-DD) of a Snowflake id, or None."""
    ms = snowflake_ms(post_id)
    if ms is None:
        return None
    return date.fromordinal(_EPOCH_ORDINAL + ms // 86_400_000).isoformat()


def canonical_url(post_id: str | None, handle: str | None) -> str | None:
    """https://x.com/{handle}/status/{id}, or the i/web form when the handle is unknown."""
    if post_id is None:
        return None
    if handle:
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/web/status/{post_id}"
