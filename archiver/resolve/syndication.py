"""X's syndication endpoint (`tweet-result`), as public embed renderers call it.

`parse_tweet_result(body, post_id)` is pure: JSON bytes -> Parsed (outcome, PostData or
None, signal, detail). `SyndicationSource.fetch(post_id)` adds the request. Shapes:
X-FORMATS.md §5.3-§5.7. Every field read is type-checked (answers.py): a field of the
wrong JSON type, or an answer for another id, is a "bad_answer", never a post. Absent and
null optional fields are fine, and entity lists may be missing, `[]` or `{}` (2026).
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from urllib.parse import urlencode

from ..http import Http
from ..models import MediaRef, PostData, PostResult
from .answers import (BadAnswer, Parsed, is_empty, json_kind, load_json, opt_dict, opt_int_pair,
                      opt_list, opt_number, opt_str, records)
from .token import syndication_token

DEFAULT_BASE_URL = "https://cdn.syndication.twimg.com"


class SyndicationSource:
    """`fetch(post_id) -> PostResult` against {base_url}/tweet-result."""

    name = "syndication"

    def __init__(self, http: Http, base_url: str = DEFAULT_BASE_URL):
        self.http = http
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str) -> str:
        query = urlencode({"id": post_id, "token": syndication_token(post_id), "lang": "en"})
        return f"{self.base_url}/tweet-result?{query}"

    def fetch(self, post_id: str) -> PostResult:
        fetch = self.http.get(self.url_for(post_id))
        if fetch.status in (404, 403) and fetch.error and fetch.error.startswith("http_"):
            return PostResult(self.name, post_id, "unavailable", fetch, signal=fetch.error,
                              detail=fetch.detail)
        if not fetch.ok:
            return PostResult(self.name, post_id, "outage", fetch, signal=fetch.error,
                              detail=fetch.detail)
        outcome, post, signal, detail = parse_tweet_result(fetch.body, post_id)
        return PostResult(self.name, post_id, outcome, fetch, post=post, signal=signal,
                          detail=detail)


def parse_tweet_result(body: bytes, post_id: str | None = None) -> Parsed:
    """Classify and parse a tweet-result body by its structure (never by its wording).

    `post_id` is the id asked for: an answer for another id (a retweet is answered with
    its original post) is a bad answer, never a copy of the asked post. Returns a Parsed:
    ("ok", PostData); ("unavailable", signal tombstone | empty_tombstone | no_user);
    ("outage", signal empty_json, or bad_json for a body that is not JSON: a throttler's
    page); ("bad_answer", signal id_mismatch | bad_field | bad_json, a one-line detail).
    Never raises.
    """
    decoded, data = load_json(body)
    if not decoded:
        return Parsed("outage", signal="bad_json", detail="syndication answer: not JSON")
    if isinstance(data, dict) and isinstance(data.get("data"), dict) and "__typename" not in data:
        data = data["data"]  # react-tweet's API wraps the answer as {"data": …}
    if is_empty(data):
        return Parsed("outage", signal="empty_json",  # missing token, or X not answering
                      detail="syndication answered an empty object, as it does when its token "
                             "is missing or X is not answering")
    try:
        if not isinstance(data, dict):
            raise BadAnswer("bad_json", f"the answer is {json_kind(data)}, expected an object")
        return _classify(data, post_id)
    except BadAnswer as bad:
        return Parsed("bad_answer", signal=bad.signal, detail=f"syndication answer: {bad.detail}")


def _classify(data: dict, post_id: str | None) -> Parsed:
    if opt_str(data, "__typename") == "TweetTombstone":
        tombstone = opt_dict(data, "tombstone")
        text = opt_dict(tombstone, "text", "tombstone.")
        wording = opt_str(text, "text", "tombstone.text.")
        if not wording:
            return Parsed("unavailable", signal="empty_tombstone")
        return Parsed("unavailable", signal="tombstone", detail=f"tombstone: {wording[:200]}")
    answered = opt_str(data, "id_str")
    text = opt_str(data, "text")
    if not answered and not text:
        return Parsed("outage", signal="empty_json",
                      detail="syndication answered an object with no id and no text")
    if answered and post_id is not None and answered != post_id:
        edit = data.get("edit_control")
        versions = edit.get("edit_tweet_ids") if isinstance(edit, dict) else None
        if isinstance(versions, list) and post_id in versions:
            raise BadAnswer("id_mismatch", f"id_str is {answered}, not the asked {post_id}: "
                                           "another version of the edited post (its "
                                           "edit_control names both), not the asked one")
        raise BadAnswer("id_mismatch", f"id_str is {answered}, not the asked {post_id} (X "
                                       "answers a retweet with the original post, which is "
                                       "not the asked one)")
    if data.get("user") is None:
        return Parsed("unavailable", signal="no_user")  # reported for suspended accounts
    opt_dict(data, "user")  # present: it must be an object
    if not answered:
        raise BadAnswer("bad_field", f"id_str is {'empty' if answered == '' else 'missing'}, "
                                     "expected the post's id as a string")
    return Parsed("ok", parse_tweet(data))


def parse_tweet(data: dict, path: str = "") -> PostData:
    """A Tweet object (top level, quoted_tweet or parent) to PostData.

    Raises BadAnswer for a field of the wrong JSON type (`path` prefixes the field names in
    its detail). The displayed text is `text` cut to `display_text_range`, which counts
    UTF-16 code units; a media link left at its end is cut too; t.co links stay as X wrote
    them, and `urls` says what each stands for.
    """
    raw = opt_str(data, "text", path) or ""
    units = Utf16(raw)
    span = opt_int_pair(data, "display_text_range", path)
    entities = opt_dict(data, "entities", path)
    details = [item for _, item in records(opt_list(data, "mediaDetails", path),
                                           path + "mediaDetails")]
    links, spans, media_spans = _read_entities(raw, units, entities, details, path)

    start, end = 0, len(raw)
    if span is not None:
        start = units.start(span[0])
        end = max(start, units.end(span[1]))
    for first, last in spans:  # a range end inside an entity: never cut a link in half
        if first < end < last:
            end = last
    cut = end
    for first, last, url in media_spans:  # the media t.co link sometimes sits in the range
        if first is not None:
            if start <= first < last <= cut and not raw[last:cut].strip():
                cut = first
        elif url and raw[start:cut].rstrip().endswith(url):
            cut = start + len(raw[start:cut].rstrip()) - len(url)
    shown = raw[start:cut]

    user = opt_dict(data, "user", path)
    edit = opt_dict(data, "edit_control", path)
    edit_ids = []
    for index, value in enumerate(opt_list(edit, "edit_tweet_ids", path + "edit_control.")):
        if not isinstance(value, str):
            raise BadAnswer("bad_field", f"{path}edit_control.edit_tweet_ids[{index}] is "
                                         f"{json_kind(value)}, expected a string")
        edit_ids.append(value)
    quoted = opt_dict(data, "quoted_tweet", path)
    note = opt_dict(data, "note_tweet", path)
    return PostData(
        post_id=opt_str(data, "id_str", path) or "",
        text=html.unescape(shown).strip(),
        lang=opt_str(data, "lang", path) or None,
        created_at=opt_str(data, "created_at", path) or None,
        author_id=opt_str(user, "id_str", path + "user.") or None,
        handle=opt_str(user, "screen_name", path + "user.") or None,
        author_name=opt_str(user, "name", path + "user.") or None,
        urls=tuple(links),
        media=_parse_media(data, details, path),
        quoted_post_id=opt_str(quoted, "id_str", path + "quoted_tweet.") or None,
        reply_to_post_id=opt_str(data, "in_reply_to_status_id_str", path) or None,
        reply_to_handle=opt_str(data, "in_reply_to_screen_name", path) or None,
        edit_ids=tuple(edit_ids),
        source_truncated=bool(note),
    )


class Utf16:
    """Convert X's UTF-16 code-unit offsets to indexes into a Python str (code points)."""

    def __init__(self, text: str):
        self.length = len(text)
        self.offsets: list[int] | None = None  # offsets[i]: UTF-16 offset of text[i]
        if any(ord(ch) > 0xFFFF for ch in text):
            offsets, unit = [0], 0
            for ch in text:
                unit += 2 if ord(ch) > 0xFFFF else 1
                offsets.append(unit)
            self.offsets = offsets

    def start(self, unit: int) -> int:
        """The character at UTF-16 offset `unit`, or the one it falls inside; clamped."""
        if self.offsets is None:
            return max(0, min(unit, self.length))
        return max(0, min(bisect_right(self.offsets, unit) - 1, self.length))

    def end(self, unit: int) -> int:
        """The end of the character UTF-16 offset `unit` falls inside (a surrogate pair is
        never split: the character is kept whole); clamped."""
        if self.offsets is None:
            return max(0, min(unit, self.length))
        return max(0, min(bisect_left(self.offsets, unit), self.length))

    def exact(self, unit: int) -> int | None:
        """The index of the character starting exactly at UTF-16 offset `unit`, else None."""
        if self.offsets is None:
            return unit if 0 <= unit <= self.length else None
        index = bisect_left(self.offsets, unit)
        return index if index < len(self.offsets) and self.offsets[index] == unit else None


_SIGILS = {"user_mentions": "@＠", "hashtags": "#＃", "symbols": "$＄"}


def _locate(raw: str, units: Utf16, indices: tuple[int, int] | None, expected: str | None,
            sigils: str = "") -> tuple[int, int] | None:
    """Where an entity sits in `raw` (code points), checked against its own text: its
    indices read as UTF-16 code units, else as code points (seen in X's answers), else
    None. With `sigils`, the first character is one of them (@, #, $ or the full-width
    form) and the rest is compared case-insensitively (X gives the account's own case)."""
    if indices is None or not expected:
        return None

    def matches(first: int | None, last: int | None) -> bool:
        if first is None or last is None or not 0 <= first < last <= len(raw):
            return False
        found = raw[first:last]
        if sigils:
            return found[0] in sigils and found[1:].casefold() == expected.casefold()
        return found == expected

    candidates = [(units.exact(indices[0]), units.exact(indices[1])), indices]
    for first, last in candidates:
        if matches(first, last):
            return first, last
    return None


def _read_entities(raw: str, units: Utf16, entities: dict, details: list[dict], path: str):
    """Type-check the entities and locate them in `raw`.

    Returns (link triples, spans of every located entity, (start, end, t.co) of each
    media link with start/end None when its indices do not check out).
    """
    links: dict[str, tuple[str, str | None, str | None]] = {}
    spans: list[tuple[int, int]] = []
    media_spans: list[tuple[int | None, int | None, str | None]] = []
    where = path + "entities."
    for kind in ("urls", "media"):
        for index, item in records(opt_list(entities, kind, where), f"{where}{kind}"):
            at = f"{where}{kind}[{index}]."
            url = opt_str(item, "url", at)
            expanded = opt_str(item, "expanded_url", at) or None
            display = opt_str(item, "display_url", at) or None
            found = _locate(raw, units, opt_int_pair(item, "indices", at), url)
            if found:
                spans.append(found)
            if kind == "media":
                media_spans.append((*(found or (None, None)), url))
            if url:
                links.setdefault(url, (url, expanded, display))
    for kind, sigils in _SIGILS.items():
        key = "screen_name" if kind == "user_mentions" else "text"
        for index, item in records(opt_list(entities, kind, where), f"{where}{kind}"):
            at = f"{where}{kind}[{index}]."
            if kind == "user_mentions":
                opt_str(item, "id_str", at)
                opt_str(item, "name", at)
            found = _locate(raw, units, opt_int_pair(item, "indices", at),
                            opt_str(item, key, at), sigils)
            if found:
                spans.append(found)
    media_links = any(kind_url for *_, kind_url in media_spans)
    for index, item in enumerate(details):
        at = f"{path}mediaDetails[{index}]."
        url = opt_str(item, "url", at)
        found = _locate(raw, units, opt_int_pair(item, "indices", at), url)
        media_spans.append((*(found or (None, None)), url))
        expanded = opt_str(item, "expanded_url", at) or None
        display = opt_str(item, "display_url", at) or None
        if url and not media_links:  # entities.media first; mediaDetails when it lacks them
            links.setdefault(url, (url, expanded, display))
    return list(links.values()), spans, media_spans


def original_size_url(media_url: str) -> str:
    """pbs.twimg.com/media/KEY.jpg -> …/media/KEY?format=jpg&name=orig (X-FORMATS §5.4)."""
    base, dot, ext = media_url.rpartition(".")
    if not dot or "/" in ext or "?" in media_url:
        return media_url
    return f"{base}?format={ext}&name=orig"



def _parse_media(data: dict, details: list[dict], path: str) -> tuple[MediaRef, ...]:
    found: list[MediaRef] = []
    for index, item in enumerate(details):
        at = f"{path}mediaDetails[{index}]."
        image = opt_str(item, "media_url_https", at)
        kind = opt_str(item, "type", at) or "photo"
        display_url = opt_str(item, "display_url", at)
        expanded_url = opt_str(item, "expanded_url", at)
        alt_text = opt_str(item, "ext_alt_text", at)
        info = opt_dict(item, "video_info", at)
        variants = []
        for number, variant in records(opt_list(info, "variants", at + "video_info."),
                                       at + "video_info.variants"):
            where = f"{at}video_info.variants[{number}]."
            url = opt_str(variant, "url", where)
            content_type = opt_str(variant, "content_type", where)
            bitrate = opt_number(variant, "bitrate", where) or 0
            if url:
                variants.append((content_type == "video/mp4", bitrate, url))
        if not image:
            continue
        variants.sort(key=lambda v: v[:2], reverse=True)  # mp4 first, highest bitrate first
        found.append(MediaRef(
            position=index,
            type=kind,
            image_url=original_size_url(image) if kind == "photo" else image,
            display_url=display_url,
            expanded_url=expanded_url,
            variants=tuple(v[2] for v in variants),
            alt_text=alt_text,
        ))
    if details:
        return tuple(found)
    # Older or trimmed payloads: photos[] and video{} without mediaDetails.
    for index, photo in records(opt_list(data, "photos", path), path + "photos"):
        at = f"{path}photos[{index}]."
        url = opt_str(photo, "url", at)
        expanded_url = opt_str(photo, "expandedUrl", at)
        if url:
            found.append(MediaRef(len(found), "photo", original_size_url(url),
                                  expanded_url=expanded_url))
    video = opt_dict(data, "video", path)
    poster = opt_str(video, "poster", path + "video.")
    sources = []
    for index, variant in records(opt_list(video, "variants", path + "video."),
                                  path + "video.variants"):
        src = opt_str(variant, "src", f"{path}video.variants[{index}].")
        if src:
            sources.append(src)
    if poster:
        found.append(MediaRef(len(found), "video", poster, variants=tuple(sources)))
    return tuple(found)


_MENTION_RE = __import__("re").compile(r"@([A-Za-z0-9_]{1,20})")


def hidden_mentions(raw: bytes | str) -> tuple[str, ...] | None:
    """The @mentions (lower case) a syndication answer's reply hides before its
    display_text_range — X's own addressees of the reply — or None when the answer does
    not say (no JSON, no range)."""
    import json

    try:
        data = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None
    span = data.get("display_text_range")
    if not (isinstance(span, list) and span and isinstance(span[0], int)):
        return None
    text = data["text"]
    prefix = text[:Utf16(text).start(span[0])]
    return tuple(m.lower() for m in _MENTION_RE.findall(prefix))
