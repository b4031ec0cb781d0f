"""X's oEmbed endpoint: the documented fallback. Its blockquote goes through our own
extractor (X-FORMATS §4). It gives author, text and the UTC date, no media or edits; its
404 and 403 also tell a deleted post from one that is not public."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from ..extract import extract
from ..http import Http
from ..ids import parse_status_url
from ..models import PostData, PostResult

DEFAULT_BASE_URL = "https://publish.twitter.com"


class OEmbedSource:
    """`fetch(post_id) -> PostResult` against {base_url}/oembed."""

    name = "oembed"

    def __init__(self, http: Http, base_url: str = DEFAULT_BASE_URL):
        self.http = http
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str) -> str:
        query = urlencode({"url": f"https://twitter.com/i/status/{post_id}",
                           "omit_script": "1", "dnt": "true"})
        return f"{self.base_url}/oembed?{query}"

    def fetch(self, post_id: str) -> PostResult:
        fetch = self.http.get(self.url_for(post_id))
        if fetch.status in (404, 403):
            return PostResult(self.name, post_id, "unavailable", fetch, signal=f"http_{fetch.status}",
                              detail=fetch.detail)
        if not fetch.ok:
            return PostResult(self.name, post_id, "outage", fetch, signal=fetch.error,
                              detail=fetch.detail)
        post = parse_oembed(fetch.body, post_id)
        if post is None:
            return PostResult(self.name, post_id, "outage", fetch, signal="bad_json",
                              detail="oEmbed answer without a post blockquote")
        return PostResult(self.name, post_id, "ok", fetch, post=post)


def parse_oembed(body: bytes, post_id: str) -> PostData | None:
    """The post in an oEmbed JSON answer, read by our extractor; None if there is none."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("html"), str):
        return None
    embeds = [e for e in extract(data["html"], "oembed.html") if e.kind == "embed"]
    if not embeds:
        return None  # a timeline, or an empty answer
    embed = embeds[0]
    handle = embed.handle
    found = parse_status_url(data.get("url") or "")
    if found and found[0] != post_id and embed.post_id != post_id:
        return None
    if not handle and found:
        handle = found[1]
    text = embed.text or ""
    if embed.media:
        text = (text + " " + " ".join(embed.media)).strip()
    return PostData(
        post_id=embed.post_id or post_id,
        text=text,
        lang=embed.lang,
        created_at=None,
        handle=handle,
        author_name=data.get("author_name") or embed.author_name,
    )
