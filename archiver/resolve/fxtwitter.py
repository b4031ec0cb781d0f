"""A FxTwitter-style mirror API (`/2/status/{id}`): optional, off by default.

It returns the full text of long posts that X's syndication cuts. It is third-party
evidence (it reads X through logged-in accounts of its own): its versions are stored with
source "fxtwitter", never as X's.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..http import Http
from ..models import MediaRef, PostData, PostResult
from .answers import (BadAnswer, Parsed, is_empty, json_kind, load_json, opt_dict, opt_list,
                      opt_number, opt_str, records)

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
        outcome, post, signal, detail = parse_fxtwitter(fetch.body, post_id)
        return PostResult(self.name, post_id, outcome, fetch, post=post, signal=signal,
                          detail=detail)


def parse_fxtwitter(body: bytes, post_id: str | None = None) -> Parsed:
    """The status object of a /2/status answer (v1's `tweet` also accepted). Never raises.

    Returns a Parsed: ("ok", PostData); ("outage", signal empty_json, or bad_json for a
    body that is not JSON); ("bad_answer", signal bad_field for a field of the wrong JSON
    type, id_mismatch for a status of another id than `post_id`, bad_json for an answer
    without a status object).
    """
    decoded, data = load_json(body)
    if not decoded:
        return Parsed("outage", signal="bad_json", detail="fxtwitter answer: not JSON")
    if is_empty(data):
        return Parsed("outage", signal="empty_json",
                      detail="fxtwitter answered an empty object")
    try:
        if not isinstance(data, dict):
            raise BadAnswer("bad_json", f"the answer is {json_kind(data)}, expected an object")
        return Parsed("ok", _read(data, post_id))
    except BadAnswer as bad:
        return Parsed("bad_answer", signal=bad.signal, detail=f"fxtwitter answer: {bad.detail}")


def _read(data: dict, post_id: str | None) -> PostData:
    key = "status" if data.get("status") is not None else "tweet"
    status = opt_dict(data, key)
    answered = opt_str(status, "id", key + ".")
    if not answered:
        raise BadAnswer("bad_json", "no status object with an id")
    if post_id is not None and answered != post_id:
        raise BadAnswer("id_mismatch", f"{key}.id is {answered}, not the asked {post_id}")
    at = key + "."
    raw_text = opt_dict(status, "raw_text", at)
    full_text = opt_str(raw_text, "text", at + "raw_text.")
    short_text = opt_str(status, "text", at)
    text = full_text or short_text or ""
    author = opt_dict(status, "author", at)
    author_id = opt_str(author, "id", at + "author.")
    created = opt_number(status, "created_timestamp", at)
    created_at = None
    if created is not None:
        try:
            created_at = datetime.fromtimestamp(created, tz=timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z")
        except (OverflowError, OSError, ValueError):
            raise BadAnswer("bad_field", f"{at}created_timestamp is {created}, expected a "
                                         "time") from None
    block = opt_dict(status, "media", at)
    lists = [("all", opt_list(block, "all", at + "media."))]
    if not lists[0][1]:
        lists = [(name, opt_list(block, name, at + "media.")) for name in ("photos", "videos")]
    media = []
    for name, items in lists:
        for index, item in records(items, f"{at}media.{name}"):
            spot = f"{at}media.{name}[{index}]."
            kind = opt_str(item, "type", spot) or "photo"
            url = opt_str(item, "url", spot)
            thumbnail = opt_str(item, "thumbnail_url", spot)
            alt_text = opt_str(item, "altText", spot)
            image = url if kind == "photo" else thumbnail
            if image:
                variants = (url,) if kind != "photo" and url else ()
                media.append(MediaRef(len(media), "video" if kind == "gif" else kind, image,
                                      variants=variants, alt_text=alt_text))
    quote = opt_dict(status, "quote", at)
    return PostData(
        post_id=answered,
        text=text,
        lang=opt_str(status, "lang", at),
        created_at=created_at,
        author_id=author_id or None,
        handle=opt_str(author, "screen_name", at + "author."),
        author_name=opt_str(author, "name", at + "author."),
        media=tuple(media),
        quoted_post_id=opt_str(quote, "id", at + "quote.") or None,
        reply_to_post_id=opt_str(status, "replying_to_status", at),
        reply_to_handle=opt_str(status, "replying_to", at),
    )
