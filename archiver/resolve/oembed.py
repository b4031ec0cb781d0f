"""X's oEmbed endpoint: the documented fallback. Its blockquote goes through our own
extractor (X-FORMATS §4). It gives author, text and the UTC date, no media or edits; its
404 and 403 also tell a deleted post from one that is not public. The fields read (`url`,
`html`, `author_name`) are type-checked, and both `url` and the blockquote's permalink
must name the asked post: otherwise the answer is a "bad_answer" (answers.py)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlencode

import lxml.html
from lxml import etree

from ..extract import extract
from ..http import Http
from ..ids import parse_status_url
from ..models import PostData, PostResult
from .answers import BadAnswer, Parsed, is_empty, json_kind, load_json, opt_str

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
            return PostResult(self.name, post_id, "unavailable", fetch,
                              signal=f"http_{fetch.status}", detail=fetch.detail)
        if not fetch.ok:
            return PostResult(self.name, post_id, "outage", fetch, signal=fetch.error,
                              detail=fetch.detail)
        outcome, post, signal, detail = parse_oembed(fetch.body, post_id)
        return PostResult(self.name, post_id, outcome, fetch, post=post, signal=signal,
                          detail=detail)


def parse_oembed(body: bytes, post_id: str) -> Parsed:
    """The post in an oEmbed JSON answer, read by our extractor. Never raises.

    Returns a Parsed: ("ok", PostData); ("outage", signal empty_json, or bad_json for a
    body that is not JSON); ("bad_answer", signal bad_field for `url`, `html` or
    `author_name` of the wrong JSON type, id_mismatch when `url` or the blockquote's
    permalink names another post, bad_json for an answer holding no post blockquote: a
    timeline, an error object).
    """
    decoded, data = load_json(body)
    if not decoded:
        return Parsed("outage", signal="bad_json", detail="oembed answer: not JSON")
    if is_empty(data):
        return Parsed("outage", signal="empty_json", detail="oembed answered an empty object")
    try:
        if not isinstance(data, dict):
            raise BadAnswer("bad_json", f"the answer is {json_kind(data)}, expected an object")
        return Parsed("ok", _read(data, post_id))
    except BadAnswer as bad:
        return Parsed("bad_answer", signal=bad.signal, detail=f"oembed answer: {bad.detail}")


def _read(data: dict, post_id: str) -> PostData:
    url = opt_str(data, "url")
    markup = opt_str(data, "html")
    author_name = opt_str(data, "author_name")
    if not markup:
        raise BadAnswer("bad_json", "no html, expected the post's blockquote")
    embeds = [e for e in extract(markup, "oembed.html") if e.kind == "embed"]
    if not embeds:
        raise BadAnswer("bad_json", "html holds no post blockquote (a timeline?)")
    embed = embeds[0]
    found = parse_status_url(url) if url else None
    if found and found[0] != post_id:
        raise BadAnswer("id_mismatch", f"url names post {found[0]}, not the asked {post_id}")
    if embed.post_id and embed.post_id != post_id:
        raise BadAnswer("id_mismatch", f"the blockquote's permalink names post "
                                       f"{embed.post_id}, not the asked {post_id}")
    if not found and not embed.post_id:
        raise BadAnswer("id_mismatch", f"neither url nor the blockquote names a post; "
                                       f"asked {post_id}")
    handle = embed.handle or (found[1] if found else None)
    text = embed.text or ""
    if embed.media:
        text = (text + " " + " ".join(embed.media)).strip()
    return PostData(
        post_id=post_id,
        text=text,
        lang=embed.lang,
        created_at=None,
        handle=handle,
        author_name=author_name or embed.author_name,
        urls=_links(embed.raw),
        source_truncated=_cut_long_post(embed.text or ""),
    )


#: Where X cuts a long post's text for its embed: at 280 characters as X weighs them (a
#: CJK character two), less a few, with "…" (and the link to the whole post after it).
_CUT_AT_WEIGHT = 250
_TRAILING_LINKS_RE = re.compile(r"(?:\s*(?:https?://\S+|pic\.(?:twitter|x)\.com/\S+))+\s*\Z")


def _cut_long_post(text: str) -> bool:
    """Whether an embed's text is X's cut of a long post: it ends in "…" (before any
    links) at about the 280-character limit. A short post that ends in "…" is the
    author's own."""
    words = _TRAILING_LINKS_RE.sub("", text).rstrip()
    if not words.endswith("…"):
        return False
    weight = sum(2 if "\u1100" <= ch and unicodedata.east_asian_width(ch) in "WF" else 1
                 for ch in words)
    return weight >= _CUT_AT_WEIGHT


_TCO_RE = re.compile(r"https?://t\.co/[A-Za-z0-9]+")


def _links(blockquote: str | None) -> tuple[tuple[str, None, str], ...]:
    """(t.co URL, None, the text shown for it) for each t.co link of the post's text,
    media links (pic.twitter.com/…) included: oEmbed gives no expanded URL."""
    if not blockquote or "t.co/" not in blockquote:
        return ()
    try:
        root = lxml.html.fragment_fromstring(blockquote)
    except (etree.LxmlError, ValueError):
        return ()
    nested = {el for el in root.iter("blockquote") if el is not root}
    links: dict[str, tuple[str, None, str]] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not _TCO_RE.fullmatch(href) or any(a in nested for a in anchor.iterancestors()):
            continue
        shown = " ".join("".join(anchor.itertext()).split())
        links.setdefault(href, (href, None, shown or href))
    return tuple(links.values())
