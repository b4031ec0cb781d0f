"""A FxTwitter-style mirror API (`/2/status/{id}`): optional, off by default.

It returns the full text of long posts that X's syndication cuts. It is third-party
evidence (it reads X through logged-in accounts of its own): its versions are stored with
source "fxtwitter", never as X's.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..http import Http
from ..models import MediaRef, PostData, PostResult

DEFAULT_BASE_URL = "https://api.fxtwitter.com"


class FxTwitterSource:
    """`fetch(post_id) -> PostResult` against {base_url}/2/status/{id}."""

    name = "fxtwitter"

    def __init__(self, http: Http, base_url: str = DEFAULT_BASE_URL):
        self.http = http
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str) -> str:
        return f"{self.base_url}/2/status/{post_id}"

    def fetch(self, post_id: str) -> PostResult:
        fetch = self.http.get(self.url_for(post_id))
        if fetch.status in (404, 401, 403, 410):
            return PostResult(self.name, post_id, "unavailable", fetch,
                              signal=f"http_{fetch.status}", detail=fetch.detail)
        if not fetch.ok:
            return PostResult(self.name, post_id, "outage", fetch, signal=fetch.error,
                              detail=fetch.detail)
        post = parse_fxtwitter(fetch.body)
        if post is None:
            return PostResult(self.name, post_id, "outage", fetch, signal="bad_json")
        return PostResult(self.name, post_id, "ok", fetch, post=post)


def parse_fxtwitter(body: bytes) -> PostData | None:
    """The status object of a /2/status answer (v1's `tweet` also accepted)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    status = data.get("status") or data.get("tweet")
    if not isinstance(status, dict) or not status.get("id"):
        return None
    raw_text = status.get("raw_text")
    text = raw_text.get("text") if isinstance(raw_text, dict) else None
    text = text or status.get("text") or ""
    author = status.get("author") if isinstance(status.get("author"), dict) else {}
    created = status.get("created_timestamp")
    created_at = (datetime.fromtimestamp(created, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
                  if isinstance(created, (int, float)) else None)
    media = []
    block = status.get("media") if isinstance(status.get("media"), dict) else {}
    for item in block.get("all") or [*(block.get("photos") or []), *(block.get("videos") or [])]:
        if not isinstance(item, dict):
            continue
        kind = item.get("type") or "photo"
        image = item.get("url") if kind == "photo" else item.get("thumbnail_url")
        if image:
            variants = (item["url"],) if kind != "photo" and item.get("url") else ()
            media.append(MediaRef(len(media), "video" if kind == "gif" else kind, image,
                                  variants=variants, alt_text=item.get("altText")))
    quote = status.get("quote") if isinstance(status.get("quote"), dict) else {}
    return PostData(
        post_id=str(status["id"]),
        text=text,
        lang=status.get("lang"),
        created_at=created_at,
        author_id=str(author.get("id")) if author.get("id") else None,
        handle=author.get("screen_name"),
        author_name=author.get("name"),
        media=tuple(media),
        quoted_post_id=str(quote["id"]) if quote.get("id") else None,
        reply_to_post_id=status.get("replying_to_status"),
        reply_to_handle=status.get("replying_to"),
    )
