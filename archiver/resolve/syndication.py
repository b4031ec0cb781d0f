"""X's syndication endpoint (`tweet-result`), as public embed renderers call it.

`parse_tweet_result(body)` is pure: JSON bytes -> (outcome, PostData or None, signal).
`SyndicationSource.fetch(post_id)` adds the request. Shapes: X-FORMATS.md §5.3-§5.7; the
parser is defensive because entity lists may be missing, `[]` or `{}` (2026 payloads).
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlencode

from ..http import Http
from ..models import MediaRef, PostData, PostResult
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
        outcome, post, signal = parse_tweet_result(fetch.body)
        return PostResult(self.name, post_id, outcome, fetch, post=post, signal=signal)


def parse_tweet_result(body: bytes) -> tuple[str, PostData | None, str | None]:
    """Classify and parse a tweet-result body by its structure (never by its wording).

    Returns (outcome, post, signal): ("ok", PostData, None); ("unavailable", None,
    "tombstone" | "empty_tombstone" | "no_user"); ("outage", None, "empty_json" |
    "bad_json").
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return "outage", None, "bad_json"
    if isinstance(data, dict) and isinstance(data.get("data"), dict) and "__typename" not in data:
        data = data["data"]  # react-tweet's API wraps the answer as {"data": …}
    if not isinstance(data, dict) or not data:
        return "outage", None, "empty_json"  # missing token, or X not answering
    if data.get("__typename") == "TweetTombstone":
        tombstone = data.get("tombstone")
        text = tombstone.get("text") if isinstance(tombstone, dict) else None
        has_text = isinstance(text, dict) and bool(text.get("text"))
        return "unavailable", None, "tombstone" if has_text else "empty_tombstone"
    if not data.get("id_str") and not data.get("text"):
        return "outage", None, "empty_json"
    if not isinstance(data.get("user"), dict):
        return "unavailable", None, "no_user"  # reported for suspended accounts
    return "ok", parse_tweet(data), None


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def parse_tweet(data: dict) -> PostData:
    """A Tweet object (top level, quoted_tweet or parent) to PostData."""
    text = data.get("text") or ""
    chars = list(text)  # indices are code points (observed), Python str is too
    start, end = 0, len(chars)
    span = data.get("display_text_range")
    if isinstance(span, list) and len(span) == 2:
        try:
            # `end` has been seen as the UTF-16 length (one more per astral character).
            start = max(0, min(int(span[0]), len(chars)))
            end = max(start, min(int(span[1]), len(chars)))
        except (TypeError, ValueError):
            pass
    entities = _dict(data.get("entities"))
    media_urls = {m.get("url") for m in _list(entities.get("media")) if isinstance(m, dict)}
    shown = "".join(chars[start:end])
    for url in media_urls:  # the media t.co link sometimes sits inside the range
        if url and shown.rstrip().endswith(url):
            shown = shown.rstrip()[: -len(url)]
    urls = tuple(
        (u["url"], u.get("expanded_url") or u["url"])
        for u in _list(entities.get("urls"))
        if isinstance(u, dict) and u.get("url")
    )
    user = _dict(data.get("user"))
    edit_ids = tuple(str(i) for i in _list(_dict(data.get("edit_control")).get("edit_tweet_ids")))
    quoted = _dict(data.get("quoted_tweet"))
    return PostData(
        post_id=str(data.get("id_str") or ""),
        text=html.unescape(shown).strip(),
        lang=data.get("lang") or None,
        created_at=data.get("created_at") or None,
        author_id=user.get("id_str") or None,
        handle=user.get("screen_name") or None,
        author_name=user.get("name") or None,
        urls=urls,
        media=_parse_media(data),
        quoted_post_id=quoted.get("id_str") or None,
        reply_to_post_id=data.get("in_reply_to_status_id_str") or None,
        reply_to_handle=data.get("in_reply_to_screen_name") or None,
        edit_ids=edit_ids,
        source_truncated=bool(data.get("note_tweet")),
    )


def original_size_url(media_url: str) -> str:
    """pbs.twimg.com/media/KEY.jpg -> …/media/KEY?format=jpg&name=orig (X-FORMATS §5.4)."""
    base, dot, ext = media_url.rpartition(".")
    if not dot or "/" in ext or "?" in media_url:
        return media_url
    return f"{base}?format={ext}&name=orig"


def _parse_media(data: dict) -> tuple[MediaRef, ...]:
    found: list[MediaRef] = []
    for index, item in enumerate(_list(data.get("mediaDetails"))):
        if not isinstance(item, dict) or not item.get("media_url_https"):
            continue
        kind = item.get("type") or "photo"
        variants = []
        info = _dict(item.get("video_info"))
        mp4 = [v for v in _list(info.get("variants")) if isinstance(v, dict) and v.get("url")]
        mp4.sort(key=lambda v: (v.get("content_type") == "video/mp4", v.get("bitrate") or 0),
                 reverse=True)
        variants = [v["url"] for v in mp4]
        image = item["media_url_https"]
        found.append(MediaRef(
            position=index,
            type=kind,
            image_url=original_size_url(image) if kind == "photo" else image,
            display_url=item.get("display_url"),
            expanded_url=item.get("expanded_url"),
            variants=tuple(variants),
            alt_text=item.get("ext_alt_text"),
        ))
    if found:
        return tuple(found)
    # Older or trimmed payloads: photos[] and video{} without mediaDetails.
    for index, photo in enumerate(_list(data.get("photos"))):
        if isinstance(photo, dict) and photo.get("url"):
            found.append(MediaRef(index, "photo", original_size_url(photo["url"]),
                                  expanded_url=photo.get("expandedUrl")))
    video = _dict(data.get("video"))
    if video.get("poster"):
        variants = tuple(v["src"] for v in _list(video.get("variants"))
                         if isinstance(v, dict) and v.get("src"))
        found.append(MediaRef(len(found), "video", video["poster"], variants=variants))
    return tuple(found)
