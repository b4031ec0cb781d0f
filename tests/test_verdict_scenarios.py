"""Verdict scenarios: an article quotes a post, X answers, and the verdict must follow the rules.

Every case goes through the real pipeline. The sample server plays the news site, which
serves an article page, and X. X gives a syndication `tweet-result` answer built by
`x_answer` in X's real shape (see ../shared/X-FORMATS.md §5): t.co links in `text`,
`display_text_range` in UTF-16 code units, entity indices in code points, the media t.co
after the display range, `created_at` agreeing with the Snowflake id, `edit_control`, and
`note_tweet` for long posts. The server derives oEmbed from that answer. The pipeline
archives the page, `verify_archive` compares, and each case states the primary verdict and
every finding, as the verdict contract gives them:

    author_mismatch > altered > date_mismatch > unavailable > edited
        > source_truncated > truncated > match > unverifiable

Cosmetic differences (whitespace and lost line breaks, NBSP, zero-width and bidi marks,
soft hyphens, BOM, NFC/NFD, quote styles, Arabic marks and letter forms, Arabic-Indic
digits, Turkish case, a link shown in any of X's three forms, trailing media links, a
reply's leading @mentions) leave a quote EQUAL. A changed word, letter, number or sign, a
word or sentence inserted or dropped, or an inserted link make it `altered`.

A post's `text` below is what X shows. "\\n" is kept where the real post has a line break,
even when the article lost it. A link is written [[expanded_url|display_url]].

In a `quote`, these placeholders are filled in from the post's answer: {link} (the
official embed's anchor for the first link), {tco}, {expanded}, {display}, {pic} (the
official anchor for the media link), {pic_text}, {media_tco}, {mention} (the official
anchor for a reply's first leading @mention).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest

from archiver.pipeline import archive_sources, recheck_posts

try:
    from archiver.verification import verify_archive
except ImportError:  # the older name of the same function
    from archiver.verify import verify_archive

from .conftest import archiver_for

CHECKED_AT = "2026-11-30T12:00:00Z"
TWEPOCH_MS = 1288834974657

# ---------------------------------------------------------------------------------------
# X's side: accounts, posts, and syndication answers in X's shape
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    handle: str
    name: str
    user_id: str
    verified_type: str | None = None


MOFA = Account("syrianmofaex", "وزارة الخارجية والمغتربين السورية", "1446098401394769920",
               "Government")
MURHAF = Account("Murhaf_abuqasra", "مرهف أبو قصرة", "1596904101232738305", "Government")
FIDAN = Account("HakanFidan", "Hakan Fidan", "1004391034", "Government")
MFA_TR = Account("MFATurkiye", "T.C. Dışişleri Bakanlığı", "2293009350", "Government")
DESK = Account("SampleNewsDesk", "Sample News Desk", "1890000000000000002")
READER = Account("harbour_reader", "Harbour Reader", "1720000000000000003")
ACCOUNTS = {a.handle: a for a in (MOFA, MURHAF, FIDAN, MFA_TR, DESK, READER)}

_sequence = itertools.count(1)


def snowflake(at: str, sequence: int) -> str:
    """An id whose time bits say `at` (plus a few ms, as real ids have)."""
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    ms = int(moment.timestamp() * 1000) + 417
    return str(((ms - TWEPOCH_MS) << 22) | (11 << 17) | (7 << 12) | sequence)


def snowflake_moment(post_id: str) -> datetime:
    return datetime.fromtimestamp(((int(post_id) >> 22) + TWEPOCH_MS) / 1000, timezone.utc)


def shown_date(post_id: str) -> str:
    """The date an official embed shows: the UTC date, English (X-FORMATS §1.9)."""
    moment = snowflake_moment(post_id)
    return f"{moment:%B} {moment.day}, {moment.year}"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def short_code(*parts: str, length: int = 10) -> str:
    number = int.from_bytes(hashlib.sha256("/".join(parts).encode()).digest(), "big")
    code = ""
    for _ in range(length):
        number, digit = divmod(number, 62)
        code += _BASE62[digit]
    return code


@dataclass(frozen=True)
class Post:
    by: Account
    text: str  # what X shows; "\n" as X has it; [[expanded|display]] for a link
    lang: str
    at: str
    photos: int
    reply_to: tuple[Account, ...]
    long: bool  # a long post (note_tweet): X's `text` is cut
    post_id: str


def P(by: Account, text: str, lang: str, *, at: str = "2025-10-12T09:14:00Z", photos: int = 0,
      reply_to=(), long: bool = False) -> Post:
    return Post(by, text, lang, at, photos, tuple(reply_to), long, snowflake(at, next(_sequence)))


_LINK = re.compile(r"\[\[(\S+?)\|(.+?)\]\]")
#: X cuts a long post's `text` near this many characters, at a word boundary.
LONG_POST_CUT = 275


def _segments(text: str):
    """("text", s) and ("link", expanded, display) pieces of a post's text."""
    position = 0
    for found in _LINK.finditer(text):
        if found.start() > position:
            yield ("text", text[position:found.start()])
        yield ("link", found.group(1), found.group(2))
        position = found.end()
    if position < len(text):
        yield ("text", text[position:])


def tco(post_id: str, what: str) -> str:
    return "https://t.co/" + short_code(post_id, what)


def plain_text(post: Post, text: str | None = None) -> str:
    """The post's text as a reader sees it (links by their display_url), no mentions."""
    return "".join(s[1] if s[0] == "text" else s[2] for s in _segments(text or post.text))


def x_answer(post: Post, *, post_id: str | None = None, text: str | None = None,
             edit_ids: list[str] | None = None, stale: bool = False) -> dict:
    """X's syndication answer for `post` (or for one version of it), in X's shape."""
    post_id = post_id or post.post_id
    text = text if text is not None else post.text
    by = post.by
    prefix = "".join(f"@{a.handle} " for a in post.reply_to)
    shown, urls = prefix, []
    for segment in _segments(text):
        if segment[0] == "text":
            shown += segment[1]
            continue
        url = tco(post_id, f"link{len(urls)}")
        urls.append({"display_url": segment[2], "expanded_url": segment[1],
                     "indices": [len(shown), len(shown) + len(url)], "url": url})
        shown += url
    note = None
    if post.long:
        assert not urls, "long posts here carry no links"
        cut = max(i for i, c in enumerate(shown[:LONG_POST_CUT + 1]) if c.isspace())
        shown = shown[:cut].rstrip()
        note = {"id": base64.b64encode(f"NoteTweetResults:{post_id}".encode()).decode()}
    mentions = []
    for found in re.finditer(r"@(\w{1,15})", shown):
        account = ACCOUNTS.get(found.group(1))
        if account:
            mentions.append({"id_str": account.user_id, "indices": [found.start(), found.end()],
                             "name": account.name, "screen_name": account.handle})
    hashtags = [{"indices": [m.start(), m.end()], "text": m.group(1)}
                for m in re.finditer(r"(?<![\w/])#(\w+)", shown)]
    escaped = html.escape(shown, quote=False)  # X escapes & < > in `text`
    if escaped != shown:
        assert not (urls or mentions or hashtags or post.photos), \
            "keep & < > out of posts with entities: their indices would need escaping rules"
    entities = {"hashtags": hashtags, "urls": urls, "user_mentions": mentions, "symbols": []}
    answer_text = escaped
    media_details, photos = [], []
    if post.photos:
        url = tco(post_id, "media")
        code = url.rsplit("/", 1)[-1]
        indices = [len(shown) + 1, len(shown) + 1 + len(url)]
        answer_text += " " + url
        status_url = f"https://twitter.com/{by.handle}/status/{post_id}"
        entities["media"] = [{"display_url": f"pic.twitter.com/{code}",
                              "expanded_url": f"{status_url}/photo/1",
                              "indices": indices, "url": url}]
        for number in range(1, post.photos + 1):
            key = "G3" + short_code(post_id, f"photo{number}", length=13)
            expanded = f"{status_url}/photo/{number}"
            media_details.append({
                "display_url": f"pic.twitter.com/{code}", "expanded_url": expanded,
                "ext_media_availability": {"status": "Available"}, "indices": indices,
                "media_url_https": f"https://pbs.twimg.com/media/{key}.jpg",
                "original_info": {"height": 675, "width": 1200, "focus_rects": []},
                "sizes": {"large": {"h": 675, "resize": "fit", "w": 1200},
                          "medium": {"h": 675, "resize": "fit", "w": 1200},
                          "small": {"h": 383, "resize": "fit", "w": 680},
                          "thumb": {"h": 150, "resize": "crop", "w": 150}},
                "type": "photo", "url": url})
            photos.append({"backgroundColor": {"red": 204, "green": 214, "blue": 221},
                           "cropCandidates": [], "expandedUrl": expanded,
                           "url": f"https://pbs.twimg.com/media/{key}.jpg",
                           "width": 1200, "height": 675})
    created_ms = (int(post_id) >> 22) + TWEPOCH_MS
    created = datetime.fromtimestamp(created_ms // 1000, timezone.utc)
    edit_ids = edit_ids or [post_id]
    first_ms = (int(edit_ids[0]) >> 22) + TWEPOCH_MS
    avatar = f"https://pbs.twimg.com/profile_images/1/{by.handle}_normal.jpg"
    user = {"id_str": by.user_id, "name": by.name, "screen_name": by.handle,
            "profile_image_url_https": avatar, "verified": False, "is_blue_verified": True}
    if by.verified_type:
        user["verified_type"] = by.verified_type
    answer = {
        "__typename": "Tweet",
        "lang": post.lang,
        "favorite_count": 1000,
        "possibly_sensitive": False,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "display_text_range": [utf16_len(html.escape(prefix, quote=False)), utf16_len(escaped)],
        "entities": entities,
        "id_str": post_id,
        "text": answer_text,
        "user": user,
        "edit_control": {"edit_tweet_ids": edit_ids,
                         "editable_until_msecs": str(first_ms // 1000 * 1000 + 3_600_000),
                         "is_edit_eligible": True,
                         "edits_remaining": str(5 - (len(edit_ids) - 1))},
        "conversation_count": 3,
        "news_action_type": "conversation",
        "isEdited": len(edit_ids) > 1,
        "isStaleEdit": stale,
    }
    if media_details:
        answer["mediaDetails"] = media_details
        answer["photos"] = photos
    if note:
        answer["note_tweet"] = note
    if post.reply_to:
        parent_to = post.reply_to[0]
        parent_id = snowflake(post.at, 4000 + int(post_id) % 90)
        parent_id = str(int(parent_id) - (3_600_000 << 22))  # an hour before the reply
        parent_created = snowflake_moment(parent_id).replace(microsecond=0)
        answer.update({
            "in_reply_to_screen_name": parent_to.handle,
            "in_reply_to_status_id_str": parent_id,
            "in_reply_to_user_id_str": parent_to.user_id,
            "parent": {
                "lang": post.lang,
                "reply_count": 3, "retweet_count": 10, "favorite_count": 500,
                "created_at": parent_created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "display_text_range": [0, 9],
                "entities": {"hashtags": [], "urls": [], "user_mentions": [], "symbols": []},
                "id_str": parent_id,
                "text": "Ankara 🤝",
                "user": {"id_str": parent_to.user_id, "name": parent_to.name,
                         "screen_name": parent_to.handle},
                "edit_control": {"edit_tweet_ids": [parent_id],
                                 "editable_until_msecs": str(
                                     (int(parent_id) >> 22) + TWEPOCH_MS + 3_600_000),
                                 "is_edit_eligible": True, "edits_remaining": "5"},
                "isEdited": False, "isStaleEdit": False,
            },
        })
    return answer


def _check_answer_shape(answer: dict) -> None:
    """The answers these tests serve keep X's invariants (X-FORMATS §3, §5.3)."""
    post_id = answer["id_str"]
    created = snowflake_moment(post_id).replace(microsecond=0)
    assert answer["created_at"] == created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    _, end = answer["display_text_range"]
    text = answer["text"]
    assert end <= utf16_len(text)
    display_cp = len(text.encode("utf-16-le")[:end * 2].decode("utf-16-le"))
    for media in answer["entities"].get("media", []):
        assert media["indices"][0] >= display_cp  # the media link is after the display range
        assert text[media["indices"][0]:media["indices"][1]] == media["url"]
    for url in answer["entities"]["urls"]:
        assert text[url["indices"][0]:url["indices"][1]] == url["url"]


TOMBSTONE = {"__typename": "TweetTombstone", "tombstone": {"text": {
    "text": "This Post was deleted by the Post author. Learn more",
    "entities": [{"from_index": 42, "to_index": 52, "ref": {
        "__typename": "TimelineUrl",
        "url": "https://help.twitter.com/rules-and-policies/notices-on-twitter",
        "url_type": "ExternalUrl"}}],
    "rtl": False}}}


# ---------------------------------------------------------------------------------------
# The article's side
# ---------------------------------------------------------------------------------------


def official_html(post: Post, text: str | None = None, post_id: str | None = None) -> str:
    """The <p> of X's own embed code for the post (what oEmbed's html holds)."""
    post_id = post_id or post.post_id
    out = "".join(f'<a href="https://twitter.com/{a.handle}?ref_src=twsrc%5Etfw">@{a.handle}</a> '
                  for a in post.reply_to)
    links = 0
    for segment in _segments(text or post.text):
        if segment[0] == "link":
            out += f'<a href="{tco(post_id, f"link{links}")}">{html.escape(segment[2])}</a>'
            links += 1
            continue
        piece = html.escape(segment[1], quote=False)
        piece = re.sub(r"(?<![\w/])#(\w+)", lambda m: (
            f'<a href="https://twitter.com/hashtag/{m.group(1)}?src=hash&amp;ref_src=twsrc%5Etfw">'
            f"#{m.group(1)}</a>"), piece)
        out += piece.replace("\n", "<br>")
    if post.photos:
        url = tco(post_id, "media")
        out += f' <a href="{url}">pic.twitter.com/{url.rsplit("/", 1)[-1]}</a>'
    return out


def fill(quote: str, post: Post, post_id: str | None = None) -> str:
    post_id = post_id or post.post_id
    links = [s for s in _segments(post.text) if s[0] == "link"]
    media = tco(post_id, "media")
    values = {
        "{pic}": f'<a href="{media}">pic.twitter.com/{media.rsplit("/", 1)[-1]}</a>',
        "{pic_text}": f'pic.twitter.com/{media.rsplit("/", 1)[-1]}',
        "{media_tco}": media,
    }
    if links:
        values.update({
            "{link}": f'<a href="{tco(post_id, "link0")}">{html.escape(links[0][2])}</a>',
            "{tco}": tco(post_id, "link0"), "{expanded}": links[0][1], "{display}": links[0][2]})
    if post.reply_to:
        handle = post.reply_to[0].handle
        values["{mention}"] = (f'<a href="https://twitter.com/{handle}?ref_src=twsrc%5Etfw">'
                               f"@{handle}</a>")
    for key, value in values.items():
        quote = quote.replace(key, value)
    assert not re.search(r"\{[a-z_]+\}", quote), f"unfilled placeholder in {quote!r}"
    return quote


def embed_page(quote_html: str, *, post_id: str, handle: str, name: str, date: str,
               lang: str) -> bytes:
    direction = "rtl" if lang == "ar" else "ltr"
    lang_attribute = f' lang="{lang}"' if lang else ""  # a CMS may strip it
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Turkiye and Syria hold security talks in Ankara</title></head><body><article>"
        "<h1>Turkiye and Syria hold security talks in Ankara</h1>"
        "<p>Officials met in Ankara on Sunday, according to statements posted on X.</p>\n"
        f'<blockquote class="twitter-tweet"><p{lang_attribute} dir="{direction}">{quote_html}</p>'
        f"&mdash; {html.escape(name)} (@{handle}) "
        f'<a href="https://twitter.com/{handle}/status/{post_id}?ref_src=twsrc%5Etfw">{date}</a>'
        "</blockquote>\n"
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>\n'
        "<p>The talks are to continue on Monday.</p></article></body></html>\n"
    ).encode()


def text_page(quote_text: str, *, handle: str, name: str, date: str) -> bytes:
    """An article converted to plain text: the embed left as `TEXT— Name (@handle) Date`."""
    return (
        "Turkiye and Syria hold security talks in Ankara\n"
        "Officials met in Ankara on Sunday, according to statements posted on X.\n"
        f"{quote_text}— {name} (@{handle}) {date}\n"
        "The talks are to continue on Monday.\n"
    ).encode()


def link_page(posts) -> bytes:
    """An article that links the posts in its prose (how they get archived first)."""
    links = " ".join(
        f'<a href="https://x.com/{p.by.handle}/status/{p.post_id}">as posted on X</a>,'
        for p in posts)
    return ('<!doctype html><html><head><meta charset="utf-8"><title>Earlier</title></head>'
            f"<body><p>Earlier statements, {links} are collected here.</p></body></html>"
            ).encode()


# ---------------------------------------------------------------------------------------
# Running a scenario
# ---------------------------------------------------------------------------------------


def serve_answer(server, answer: dict) -> None:
    if answer.get("__typename") == "Tweet":
        _check_answer_shape(answer)
    server.tweets[answer["id_str"]] = json.dumps(answer, ensure_ascii=False)


_pages = itertools.count(1)


def archive_page(db, server, body: bytes, suffix: str = ".html") -> str:
    name = f"scenario-{next(_pages)}{suffix}"
    server.pages[name] = body
    url = f"{server.url}/news/{name}"
    [report] = archive_sources(archiver_for(db, server), [url], workers=1)
    assert report.error is None, report.error
    return url


def verify_one(db, url: str) -> dict:
    results = verify_archive(db, article_url=url, checked_at=CHECKED_AT)
    assert len(results) == 1, results
    return results[0]


def assert_verdict(result: dict, expect, *, author: str | None = None) -> None:
    expect = list(expect)
    assert (result["verdict"], result["findings"]) == (expect[0], expect), (
        result["details"], result["diff"])
    if "altered" in expect:
        assert result["score"] is not None and result["score"] < 100, result["score"]
        assert result["diff"], "an altered quote carries its diff"
    if "author_mismatch" in expect:
        assert f"@{author}" in str(result["details"]["author_mismatch"])


# ---------------------------------------------------------------------------------------
# The posts
# ---------------------------------------------------------------------------------------

# Arabic
AR_THANKS = P(MURHAF, "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، "
              "على حفاوة الاستقبال وجهوده الملموسة في دعم مساعي بناء الجيش العربي السوري.\n"
              "كما أتقدّم بالشكر إلى رئيس الاستخبارات التركية السيد إبراهيم قالن.", "ar",
              at="2025-10-12T12:05:44Z")
AR_MEET = P(MOFA, "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة أنقرة وزير "
            "الخارجية التركي السيد هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف أبو قصرة.", "ar",
            at="2025-10-12T10:41:07Z", photos=1)
AR_SESSIONS = P(MOFA, "عقد الجانبان 12 جلسة عمل في أنقرة يوم 12 أكتوبر 2025 لبحث التنسيق الأمني.",
                "ar", at="2025-10-12T18:20:00Z")
AR_SESSIONS_INDIC = P(MOFA, "عقد الجانبان ١٢ جلسة عمل في أنقرة يوم ١٢ أكتوبر ٢٠٢٥ لبحث التنسيق الأمني.",
                      "ar", at="2025-10-12T18:25:00Z")
AR_GUILLEMETS = P(MOFA, "وصف الوزير الشيباني اللقاء بأنه «محطة جديدة» في تعزيز التعاون بين البلدين.",
                  "ar", at="2025-10-12T13:00:00Z")
AR_STRAIGHT = P(MOFA, 'وصف الوزير الشيباني اللقاء بأنه "محطة جديدة" في تعزيز التعاون بين البلدين.',
                "ar", at="2025-10-12T13:05:00Z")
AR_BARE = P(MURHAF, "بحثنا في انقرة افاق التعاون العسكري مع وزير الدفاع التركي السيد يشار غولر.", "ar",
            at="2025-10-12T14:00:00Z")
AR_KASHIDA = P(MURHAF, "جيش سوري واحد، قوي ومـوحّـد.", "ar", at="2025-10-12T14:30:00Z")
AR_WARN = P(MURHAF, "لن نسمح بأي تهديد لأمن حدودنا الشمالية!", "ar", at="2025-10-12T15:00:00Z")
AR_AGENDA = P(MOFA, "الجلسة الأولى: التنسيق الأمني\nالجلسة الثانية: مكافحة الإرهاب", "ar",
              at="2025-10-12T11:30:00Z")
AR_LINK = P(MOFA, "البيان الكامل للقاء على موقع الوزارة: "
            "[[https://example.com/ar/news/2025/10/ankara-meeting|example.com/ar/news/2025/10/ank…]]"
            " ونتائج الاجتماع الأمني.", "ar", at="2025-10-12T16:00:00Z")
AR_REPLY = P(MURHAF, "شكراً لك أخي العزيز، نتطلع إلى مواصلة التعاون.", "ar", reply_to=[FIDAN],
             at="2025-10-12T19:00:00Z")
AR_EMOJI = P(MOFA, "لقاء مثمر في أنقرة اليوم 🇸🇾🤝🇹🇷", "ar", at="2025-10-12T17:00:00Z", photos=1)
AR_OWN_ELLIPSIS = P(MOFA, "تستمر المباحثات غداً في دمشق…", "ar", at="2025-10-12T20:40:00Z")
AR_LONG = P(MURHAF, "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، "
            "على حفاوة الاستقبال وجهوده الملموسة في دعم مساعي بناء الجيش العربي السوري.\n"
            "كما أتقدّم بالشكر إلى رئيس الاستخبارات التركية السيد إبراهيم قالن، وإلى معالي وزير "
            "الخارجية التركي السيد هاكان فيدان، على تعاونهم الصادق ودعمهم المستمر لسوريا وشعبها، "
            "ونتطلع إلى مرحلة جديدة من التعاون العسكري والأمني بين بلدينا.", "ar",
            at="2025-10-12T12:10:00Z", long=True)

# Turkish
TR_AGREED = P(FIDAN, "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş "
              "birliğimizin daha da güçlendirilmesi konusunda Suriyeli kardeşlerimizle mutabıkız.\n"
              "Bu çerçevede temaslarımızı sürdüreceğiz.", "tr", at="2025-10-12T16:30:19Z", photos=1)
TR_TALKS = P(FIDAN, "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 12 saat süren kapsamlı "
             "bir görüşme gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "tr",
             at="2025-10-12T17:45:00Z")
TR_SECURITY = P(FIDAN, "Suriye’nin güvenliği Türkiye’nin güvenliğinden ayrı düşünülemez.", "tr",
                at="2025-10-12T18:00:00Z")
TR_LIGHT = P(FIDAN, "Bölgemize barış ve ışık getirecek adımları birlikte atıyoruz.", "tr",
             at="2025-10-12T18:10:00Z")
TR_CAPS = P(FIDAN, "Güvenli bir bölge için GÜÇLÜ TÜRKİYE, İSTİKRARLI SURİYE.", "tr",
            at="2025-10-12T18:15:00Z")
TR_BORDER = P(FIDAN, "Güney sınırımızda hiçbir terör yapılanmasına izin vermeyeceğiz!", "tr",
              at="2025-10-12T18:30:00Z")
TR_STRAIGHT = P(FIDAN, "Suriye'nin toprak bütünlüğü bizim için önceliklidir.", "tr",
                at="2025-10-12T18:40:00Z")
TR_LINK = P(FIDAN, "Görüşmemize ilişkin ortak açıklama: "
            "[[https://example.com/tr/haber/2025/10/ankara-ortak-aciklama|example.com/tr/haber/2025/10/ank…]]"
            " Tüm ayrıntılar bağlantıda.", "tr", at="2025-10-12T19:10:00Z")
TR_REPLY = P(FIDAN, "Teşekkürler kardeşim, iş birliğimiz güçlenerek sürecek.", "tr",
             reply_to=[MURHAF], at="2025-10-12T19:30:00Z")
TR_EMOJI = P(FIDAN, "Ankara’da verimli bir gün 🇹🇷🤝🇸🇾", "tr", at="2025-10-12T20:00:00Z", photos=1)
TR_TOPICS = P(FIDAN, "Ankara görüşmesinin başlıkları:\nGüvenlik iş birliği\nEnerji ve ticaret", "tr",
              at="2025-10-12T19:50:00Z")
TR_OWN_ELLIPSIS = P(FIDAN, "Görüşmelerimiz yarın da devam edecek…", "tr", at="2025-10-12T20:30:00Z")
TR_LONG = P(FIDAN, "Suriye halkının özgürlüğe kavuşmasının ardından Suriye ile her alanda ve düzeyde "
            "kapsamlı temasları sürdürüyoruz. Suriye’nin kazanımlarının korunması ve ilerletilmesi "
            "için yakın eş güdüm ve iş birliğimizin daha da güçlendirilmesi konusunda Suriyeli "
            "kardeşlerimizle mutabıkız.\nBu çerçevede güvenlik, enerji, ticaret ve ulaştırma "
            "alanlarında ortak adımlarımızı kararlılıkla sürdüreceğiz.", "tr",
            at="2025-10-12T16:35:00Z", long=True, photos=1)

# English
EN_DONE = P(DESK, "Repairs on the harbour road are done.\nNext update at 6 pm.", "en",
            at="2025-10-12T09:00:00Z")
EN_LINES = P(DESK, "Harbour road: closed\nFerry: running", "en", at="2025-10-12T09:10:00Z")
EN_PARAGRAPHS = P(DESK, "The storm has passed.\n\nCrews are clearing the harbour road now.", "en",
                  at="2025-10-12T09:20:00Z")
EN_TALKS = P(DESK, "Talks in Ankara lasted 12 hours. Both sides agreed on a joint security plan.",
             "en", at="2025-10-12T21:00:00Z")
EN_NOT = P(DESK, "Officials said the border crossing will not reopen this week.", "en",
           at="2025-10-12T21:10:00Z")
EN_TEMP = P(DESK, "Sea temperature at the harbour: +2°C this morning, rising to +4°C by noon!", "en",
            at="2025-10-12T07:00:00Z")
EN_CURLY = P(DESK, "The minister called the meeting “a new milestone” for both armies.", "en",
             at="2025-10-12T21:20:00Z")
EN_STRAIGHT = P(DESK, "The minister said \"Syria's security cannot be separated from Turkiye's "
                "security.\"", "en", at="2025-10-12T21:25:00Z")
EN_LINK = P(DESK, "Full report on the Ankara talks: "
            "[[https://example.com/news/2025/10/ankara-talks-security|example.com/news/2025/10/ankar…]]"
            " More updates tonight.", "en", at="2025-10-12T21:30:00Z")
EN_LINK_END = P(DESK, "Read our full report on the Ankara talks here: "
                "[[https://example.com/news/2025/10/ankara-talks-security|example.com/news/2025/10/ankar…]]",
                "en", at="2025-10-12T21:35:00Z")
EN_PHOTOS = P(DESK, "Two views of the harbour this morning: the tide came in fast.", "en",
              at="2025-10-12T06:30:00Z", photos=2)
EN_REPLY = P(DESK, "Thanks, we have corrected the time in our report.", "en", reply_to=[READER],
             at="2025-10-12T10:15:00Z")
EN_EMOJI = P(DESK, "Storm clearing over the harbour 🌊📸🌤️", "en", at="2025-10-12T08:00:00Z", photos=1)
EN_EMOJI_LINK = P(DESK, "📰🌊 Our live page on the storm: "
                  "[[https://example.com/live/2025/10/12/harbour-storm|example.com/live/2025/10/12/har…]]"
                  " Photos from the harbour below.", "en", at="2025-10-12T08:10:00Z", photos=1)
EN_AMPERSAND = P(DESK, "Road & rail links to the harbour are open again.", "en",
                 at="2025-10-12T11:00:00Z")
EN_HASHTAG = P(DESK, "Harbour road reopened this morning. #Storm updates through the day.", "en",
               at="2025-10-12T11:10:00Z")
EN_CAFE = P(DESK, "The café on the quay reopened after the storm.", "en", at="2025-10-12T11:15:00Z")
EN_OWN_ELLIPSIS = P(DESK, "We are still waiting for the final figures…", "en",
                    at="2025-10-12T11:20:00Z")
EN_ACRONYM = P(DESK, "The WHO says drones hit US bases near the harbour.", "en",
               at="2025-10-12T11:25:00Z")
EN_LATE = P(DESK, "Ferry service resumes tomorrow morning.", "en", at="2025-10-12T23:30:00Z")
EN_EARLY = P(DESK, "Overnight the sea wall held.", "en", at="2025-10-12T00:30:00Z")
EN_LONG = P(DESK, "Update on the harbour storm: the road is closed between the ferry terminal and the "
            "old lighthouse while crews clear debris and check the sea wall for damage. Buses are "
            "running on the diversion through the town centre, and the ferry timetable is unchanged "
            "for now. We will post the next update at 6 pm, or earlier if the road reopens. Thank you "
            "to everyone who sent photos and reports from the waterfront this morning.", "en",
            at="2025-10-12T13:30:00Z", long=True)


def cut_text(post: Post) -> str:
    """The text X serves for a long post, without the media link (as `x_answer` cuts it)."""
    answer = x_answer(post)
    end = answer["display_text_range"][1]
    return answer["text"].encode("utf-16-le")[:end * 2].decode("utf-16-le")


# ---------------------------------------------------------------------------------------
# Embed scenarios
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    post: Post
    quote: str | None  # the embed's <p> HTML (or the plain text); None: X's own embed code
    expect: tuple[str, ...]
    form: str = "embed"  # "embed": blockquote with the id; "text": plain text, no id
    date: str | None = None  # shown date; default: the post's UTC date
    handle: str | None = None  # shown handle; default: the author's
    name: str | None = None
    edit: str | None = None  # X has a newer edit with this text
    quote_newest: bool = False  # the article embeds the newest edit
    newest_text: bool = False  # ...shows the newest edit's words under the original's link
    p_lang: str | None = None  # the embed's <p lang>; default X's lang, "" for none


def C(id, post, quote, *expect, **options) -> Case:
    return Case(id, post, quote, tuple(expect), **options)


SAME = None  # the quote is X's own embed code for the post

EQUAL = [
    # line breaks: kept as <br>, turned into a space, or lost entirely
    C("en-official-embed-code", EN_PARAGRAPHS, SAME, "match"),
    C("ar-linebreak-lost-after-full-stop", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، على حفاوة "
      "الاستقبال وجهوده الملموسة في دعم مساعي بناء الجيش العربي السوري.كما أتقدّم بالشكر إلى رئيس "
      "الاستخبارات التركية السيد إبراهيم قالن.", "match"),
    C("tr-linebreak-lost-after-full-stop", TR_AGREED,
      "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş birliğimizin "
      "daha da güçlendirilmesi konusunda Suriyeli kardeşlerimizle mutabıkız.Bu çerçevede "
      "temaslarımızı sürdüreceğiz. {pic}", "match"),
    C("en-linebreak-lost-after-full-stop", EN_DONE,
      "Repairs on the harbour road are done.Next update at 6 pm.", "match"),
    C("en-br-dropped-between-two-words", EN_LINES, "Harbour road: closedFerry: running", "match"),
    C("tr-br-dropped-between-two-words", TR_TOPICS,
      "Ankara görüşmesinin başlıkları:Güvenlik iş birliğiEnerji ve ticaret", "match"),
    C("ar-br-dropped-between-two-words", AR_AGENDA,
      "الجلسة الأولى: التنسيق الأمنيالجلسة الثانية: مكافحة الإرهاب", "match"),
    C("en-blank-line-as-one-space", EN_PARAGRAPHS,
      "The storm has passed. Crews are clearing the harbour road now.", "match"),
    C("en-line-break-added-and-spaces-doubled", EN_TALKS,
      "Talks in Ankara lasted 12 hours.<br>Both  sides agreed\n on a joint security plan.", "match"),
    # invisible and typographic characters
    C("en-nbsp", EN_TALKS,
      "Talks in Ankara lasted 12&nbsp;hours. Both sides agreed on a joint security plan.", "match"),
    C("tr-nbsp", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 12&nbsp;saat süren kapsamlı bir "
      "görüşme gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "match"),
    C("ar-nbsp", AR_WARN, "لن&nbsp;نسمح بأي تهديد لأمن حدودنا الشمالية!", "match"),
    C("en-zero-width-space", EN_NOT,
      "Officials said the border cross\u200bing will not reopen\u200b this week.", "match"),
    C("ar-zero-width-non-joiner-and-joiner", AR_WARN,
      "لن نسمح بأي\u200c تهديد لأمن\u200d حدودنا الشمالية!", "match"),
    C("tr-zero-width-space", TR_SECURITY,
      "Suriye’nin güvenliği\u200b Türkiye’nin güvenliğinden ay\u200brı düşünülemez.", "match"),
    C("en-soft-hyphen", EN_TEMP,
      "Sea tempera\u00adture at the harbour: +2°C this morning, rising to +4°C by noon!", "match"),
    C("tr-soft-hyphen", TR_AGREED,
      "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş birliğimizin "
      "daha da güçlen\u00addirilmesi konusunda Suriyeli kardeşlerimizle mutabık\u00adız.<br>Bu "
      "çerçevede temaslarımızı sürdüreceğiz. {pic}", "match"),
    C("en-byte-order-mark", EN_NOT,
      "\ufeffOfficials said the border crossing will not reopen this week.", "match"),
    C("tr-byte-order-mark", TR_LIGHT,
      "\ufeffBölgemize barış ve ışık getirecek adımları birlikte atıyoruz.", "match"),
    C("ar-bidi-marks", AR_SESSIONS,
      "عقد الجانبان \u200f12\u200f جلسة عمل في أنقرة يوم \u200e12 أكتوبر 2025\u200e لبحث التنسيق "
      "الأمني.", "match"),
    C("tr-nfd", TR_TALKS,
      "Bugu\u0308n Ankara’da Suriyeli mevkidas\u0327ım Esad Hasan S\u0327eybani ile 12 saat su\u0308ren "
      "kapsamlı bir go\u0308ru\u0308s\u0327me gerc\u0327ekles\u0327tirdik. Gu\u0308venlik is\u0327 "
      "birlig\u0306imizi ele aldık.", "match"),
    C("en-nfd", EN_CAFE, "The cafe\u0301 on the quay reopened after the storm.", "match"),
    C("ar-nfd", AR_MEET,
      "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة \u0627\u0654نقرة وزير "
      "الخارجية التركي السيد هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف \u0627\u0654بو قصرة. "
      "{pic}", "match"),
    # quote and apostrophe styles, both ways
    C("tr-apostrophe-curly-to-straight", TR_SECURITY,
      "Suriye'nin güvenliği Türkiye'nin güvenliğinden ayrı düşünülemez.", "match"),
    C("tr-apostrophe-straight-to-curly", TR_STRAIGHT,
      "Suriye’nin toprak bütünlüğü bizim için önceliklidir.", "match"),
    C("en-curly-to-straight-quotes", EN_CURLY,
      'The minister called the meeting "a new milestone" for both armies.', "match"),
    C("en-straight-to-curly-quotes", EN_STRAIGHT,
      "The minister said “Syria’s security cannot be separated from Turkiye’s security.”", "match"),
    C("ar-guillemets-to-straight-quotes", AR_GUILLEMETS,
      'وصف الوزير الشيباني اللقاء بأنه "محطة جديدة" في تعزيز التعاون بين البلدين.', "match"),
    C("ar-straight-quotes-to-guillemets", AR_STRAIGHT,
      "وصف الوزير الشيباني اللقاء بأنه «محطة جديدة» في تعزيز التعاون بين البلدين.", "match"),
    # Arabic marks, tatweel, letter forms and digits, both ways
    C("ar-harakat-dropped", AR_MEET,
      "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة أنقرة وزير الخارجية التركي "
      "السيد هاكان فيدان، وضم الوفد وزير الدفاع اللواء مرهف أبو قصرة. {pic}", "match"),
    C("ar-harakat-added", AR_BARE,
      "بَحَثْنا في انقرة افاق التَّعاوُنِ العَسْكَرِيّ مع وَزِيرِ الدِّفاعِ التُّركِيّ السيد يشار "
      "غولر.", "match"),
    C("ar-tatweel-added", AR_MEET,
      "وزيـــر الخارجـــية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة أنقرة وزير الخارجية "
      "التركي السيد هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف أبو قصرة. {pic}", "match"),
    C("ar-tatweel-dropped", AR_KASHIDA, "جيش سوري واحد، قوي وموحّد.", "match"),
    C("ar-hamza-alef-dropped", AR_MEET,
      "وزير الخارجية والمغتربين السيد اسعد حسن الشيباني يلتقي في العاصمة انقرة وزير الخارجية التركي "
      "السيد هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف ابو قصرة. {pic}", "match"),
    C("ar-hamza-and-madda-alef-added", AR_BARE,
      "بحثنا في أنقرة آفاق التعاون العسكري مع وزير الدفاع التركي السيد يشار غولر.", "match"),
    C("ar-hamza-below-dropped", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير الى أخي، معالي وزير الدفاع التركي السيد يشار غولر، على حفاوة "
      "الاستقبال وجهوده الملموسة في دعم مساعي بناء الجيش العربي السوري.<br>كما أتقدّم بالشكر الى "
      "رئيس الاستخبارات التركية السيد ابراهيم قالن.", "match"),
    C("ar-latin-digits-shown-arabic-indic", AR_SESSIONS,
      "عقد الجانبان ١٢ جلسة عمل في أنقرة يوم ١٢ أكتوبر ٢٠٢٥ لبحث التنسيق الأمني.", "match"),
    C("ar-arabic-indic-digits-shown-latin", AR_SESSIONS_INDIC,
      "عقد الجانبان 12 جلسة عمل في أنقرة يوم 12 أكتوبر 2025 لبحث التنسيق الأمني.", "match"),
    # Turkish case, both ways (lang tr: I/ı and İ/i)
    C("tr-caps-in-article", TR_SECURITY,
      "SURİYE’NİN GÜVENLİĞİ TÜRKİYE’NİN GÜVENLİĞİNDEN AYRI DÜŞÜNÜLEMEZ.", "match"),
    C("tr-dotless-i-caps-in-article", TR_LIGHT,
      "Bölgemize barış ve IŞIK getirecek adımları birlikte atıyoruz.", "match"),
    C("tr-caps-in-article-embed-without-lang", TR_LIGHT,
      "BÖLGEMIZE BARIŞ VE IŞIK GETIRECEK ADIMLARI BIRLIKTE ATIYORUZ.", "match", p_lang=""),
    C("tr-caps-in-post", TR_CAPS, "Güvenli bir bölge için güçlü Türkiye, istikrarlı Suriye.",
      "match"),
    # case a rendering or an editor changes: a copy in capitals, an acronym as a name
    C("en-caps-in-article", EN_ACRONYM, "THE WHO SAYS DRONES HIT US BASES NEAR THE HARBOUR.",
      "match"),
    C("en-acronyms-written-as-names", EN_ACRONYM,
      "The Who says drones hit Us bases near the harbour.", "match"),
    # links in each of X's forms
    C("en-link-as-display-url", EN_LINK, SAME, "match"),
    C("en-link-as-tco", EN_LINK,
      'Full report on the Ankara talks: <a href="{tco}">{tco}</a> More updates tonight.', "match"),
    C("en-link-as-expanded-url", EN_LINK,
      'Full report on the Ankara talks: <a href="{expanded}">{expanded}</a> More updates tonight.',
      "match"),
    C("en-link-display-url-ends-quote", EN_LINK_END, SAME, "match"),
    C("tr-link-as-display-url", TR_LINK, SAME, "match"),
    C("tr-link-as-tco", TR_LINK,
      'Görüşmemize ilişkin ortak açıklama: <a href="{tco}">{tco}</a> Tüm ayrıntılar bağlantıda.',
      "match"),
    C("tr-link-as-expanded-url", TR_LINK,
      "Görüşmemize ilişkin ortak açıklama: {expanded} Tüm ayrıntılar bağlantıda.", "match"),
    C("ar-link-as-tco", AR_LINK,
      "البيان الكامل للقاء على موقع الوزارة: {tco} ونتائج الاجتماع الأمني.", "match"),
    C("ar-link-as-display-url", AR_LINK, SAME, "match"),
    C("ar-link-as-expanded-url", AR_LINK,
      'البيان الكامل للقاء على موقع الوزارة: <a href="{expanded}">{expanded}</a> ونتائج الاجتماع '
      "الأمني.", "match"),
    # media links, hashtags, entities
    C("en-media-link-dropped", EN_PHOTOS,
      "Two views of the harbour this morning: the tide came in fast.", "match"),
    C("en-media-link-as-tco", EN_PHOTOS,
      'Two views of the harbour this morning: the tide came in fast. <a href="{media_tco}">'
      "{media_tco}</a>", "match"),
    C("ar-media-link-kept", AR_MEET, SAME, "match"),
    C("ar-media-link-dropped", AR_MEET, plain_text(AR_MEET), "match"),
    C("tr-media-link-dropped", TR_AGREED, plain_text(TR_AGREED).replace("\n", "<br>"), "match"),
    C("en-hashtag", EN_HASHTAG, SAME, "match"),
    C("en-ampersand", EN_AMPERSAND, SAME, "match"),
    # a reply's leading @mentions, shown or not
    C("en-reply-with-mention", EN_REPLY, SAME, "match"),
    C("tr-reply-with-mention", TR_REPLY, SAME, "match"),
    C("tr-reply-without-mention", TR_REPLY,
      "Teşekkürler kardeşim, iş birliğimiz güçlenerek sürecek.", "match"),
    C("ar-reply-with-mention", AR_REPLY, SAME, "match"),
    C("ar-reply-without-mention", AR_REPLY, "شكراً لك أخي العزيز، نتطلع إلى مواصلة التعاون.",
      "match"),
    # ... but addressed to someone X's reply was not to: X hides its addressees, and only
    # those may stand before the post's own text
    C("en-reply-to-another-addressee", EN_REPLY,
      '<a href="https://twitter.com/port_authority">@port_authority</a> Thanks, we have '
      "corrected the time in our report.", "altered"),
    C("ar-reply-to-another-addressee", AR_REPLY,
      '<a href="https://twitter.com/SyrianMOD">@SyrianMOD</a> شكراً لك أخي العزيز، نتطلع إلى '
      "مواصلة التعاون.", "altered"),
    # X's own "Replying to @a" label names the addressees X hides: the right one is the
    # post's (with or without the label's line break), another one, or one more, is a change
    C("en-reply-label-right-account", EN_REPLY,
      "Replying to @harbour_reader<br>Thanks, we have corrected the time in our report.",
      "match"),
    C("en-reply-label-right-account-no-break", EN_REPLY,
      "Replying to @harbour_reader Thanks, we have corrected the time in our report.", "match"),
    C("en-reply-label-other-account", EN_REPLY,
      "Replying to @port_authority<br>Thanks, we have corrected the time in our report.",
      "altered"),
    C("en-reply-label-other-account-no-break", EN_REPLY,
      "Replying to @port_authority Thanks, we have corrected the time in our report.",
      "altered"),
    # the case of a word that is its meaning: "us" is not "US", "the who" not "the WHO"
    C("en-acronym-lowered", EN_ACRONYM, "The WHO says drones hit us bases near the harbour.",
      "altered"),
    C("en-acronym-lowered-in-excerpt", EN_ACRONYM, "…drones hit us bases near the harbour.",
      "altered", "truncated"),
    C("en-reply-label-one-more-account", EN_REPLY,
      "Replying to @harbour_reader and @port_authority<br>Thanks, we have corrected the time "
      "in our report.", "altered"),
    C("tr-reply-label-other-account", TR_REPLY,
      "Yanıt olarak @SyrianMOD<br>Teşekkürler kardeşim, iş birliğimiz güçlenerek sürecek.",
      "altered"),
    C("ar-reply-label-other-account", AR_REPLY,
      "ردًا على @SyrianMOD<br>شكراً لك أخي العزيز، نتطلع إلى مواصلة التعاون.", "altered"),
    # the label's own forms: Japanese's honorific after each handle, "and" in Polish
    C("ja-reply-label-honorific", EN_REPLY,
      "返信先: @harbour_readerさん<br>Thanks, we have corrected the time in our report.", "match"),
    C("ja-reply-label-honorific-other-account", EN_REPLY,
      "返信先: @port_authorityさん<br>Thanks, we have corrected the time in our report.",
      "altered"),
    C("pl-reply-label-other-account-added", EN_REPLY,
      "W odpowiedzi do @harbour_reader i @port_authority<br>Thanks, we have corrected the time "
      "in our report.", "altered"),
    # in a plain-text rendering the label is the line above the reply's own
    C("en-plain-text-reply-label", EN_REPLY,
      "Replying to @harbour_reader\nThanks, we have corrected the time in our report.", "match",
      form="text"),
    C("en-plain-text-reply-label-other-account", EN_REPLY,
      "Replying to @port_authority\nThanks, we have corrected the time in our report.",
      "altered", form="text"),
    # emoji outside the BMP with a photo (display_text_range counts UTF-16 units)
    C("ar-emoji-and-photo", AR_EMOJI, SAME, "match"),
    C("tr-emoji-and-photo", TR_EMOJI, SAME, "match"),
    C("en-emoji-and-photo", EN_EMOJI, SAME, "match"),
    C("en-emoji-link-and-photo", EN_EMOJI_LINK, SAME, "match"),
    # a post whose own text ends with an ellipsis, quoted whole
    C("tr-own-ellipsis-quoted-whole", TR_OWN_ELLIPSIS, SAME, "match"),
    C("en-own-ellipsis-quoted-whole", EN_OWN_ELLIPSIS, SAME, "match"),
    C("ar-own-ellipsis-quoted-whole", AR_OWN_ELLIPSIS, SAME, "match"),
    # several cosmetic differences at once
    C("tr-case-nfd-apostrophe-nbsp-together", TR_SECURITY,
      "SURI\u0307YE'NI\u0307N&nbsp;GU\u0308VENLI\u0307G\u0306I\u0307 Türkiye’nin güvenliğinden "
      "ayrı düşünülemez.", "match"),
]

LINK_TARGETS = [
    # a link whose face is the post's but whose href goes elsewhere is a change; an href
    # that is the post's link by another form (its expanded URL, a tracking query added,
    # a CMS's click-tracker wrapping it) is not
    C("en-link-href-elsewhere", EN_LINK,
      'Full report on the Ankara talks: <a href="https://fake-news.example/ankara">'
      "example.com/news/2025/10/ankar…</a> More updates tonight.", "altered"),
    C("en-link-href-another-tco", EN_LINK,
      'Full report on the Ankara talks: <a href="https://t.co/Zz9Yy8Xx7W">'
      "example.com/news/2025/10/ankar…</a> More updates tonight.", "altered"),
    C("en-link-href-expanded-with-tracking", EN_LINK,
      'Full report on the Ankara talks: <a href="https://www.example.com/news/2025/10/'
      'ankara-talks-security?utm_source=twitter&amp;utm_medium=embed">'
      "example.com/news/2025/10/ankar…</a> More updates tonight.", "match"),
    C("en-link-href-click-tracker", EN_LINK,
      'Full report on the Ankara talks: <a href="https://out.newsdesk.example/r?u=https%3A%2F%2F'
      'example.com%2Fnews%2F2025%2F10%2Fankara-talks-security">'
      "example.com/news/2025/10/ankar…</a> More updates tonight.", "match"),
]

NOT_EQUAL = LINK_TARGETS + [
    # a changed number
    C("en-number-changed", EN_TALKS,
      "Talks in Ankara lasted 13 hours. Both sides agreed on a joint security plan.", "altered"),
    C("tr-number-changed", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 13 saat süren kapsamlı bir görüşme "
      "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "altered"),
    C("ar-number-changed", AR_SESSIONS,
      "عقد الجانبان 13 جلسة عمل في أنقرة يوم 12 أكتوبر 2025 لبحث التنسيق الأمني.", "altered"),
    C("ar-number-changed-in-arabic-indic-digits", AR_SESSIONS,
      "عقد الجانبان ١٣ جلسة عمل في أنقرة يوم ١٢ أكتوبر ٢٠٢٥ لبحث التنسيق الأمني.", "altered"),
    # a negation removed
    C("en-not-removed", EN_NOT, "Officials said the border crossing will reopen this week.",
      "altered"),
    C("tr-negation-suffix-removed", TR_BORDER,
      "Güney sınırımızda hiçbir terör yapılanmasına izin vereceğiz!", "altered"),
    C("ar-negation-removed", AR_WARN, "نسمح بأي تهديد لأمن حدودنا الشمالية!", "altered"),
    # a changed sign or mark
    C("en-plus-to-minus", EN_TEMP,
      "Sea temperature at the harbour: -2°C this morning, rising to +4°C by noon!", "altered"),
    C("en-exclamation-to-question", EN_TEMP,
      "Sea temperature at the harbour: +2°C this morning, rising to +4°C by noon?", "altered"),
    C("tr-exclamation-to-question", TR_BORDER,
      "Güney sınırımızda hiçbir terör yapılanmasına izin vermeyeceğiz?", "altered"),
    C("ar-exclamation-to-question", AR_WARN, "لن نسمح بأي تهديد لأمن حدودنا الشمالية؟", "altered"),
    # a changed letter
    C("en-letter-changed", EN_PHOTOS,
      "Two views of the harbour this morning: the tide came in last. {pic}", "altered"),
    C("tr-dotless-i-is-a-letter", TR_BORDER,
      "Güney sinirimizda hiçbir terör yapılanmasına izin vermeyeceğiz!", "altered"),
    C("ar-letter-changed", AR_MEET,
      "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة أنقرة وزير الخارجية التركي "
      "السيد هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف أبو قسرة. {pic}", "altered"),
    C("en-word-changed", EN_TALKS,
      "Talks in Ankara lasted 12 hours. Both sides agreed on a joint defence plan.", "altered"),
    # an inserted or dropped word
    C("en-word-inserted", EN_TALKS,
      "Secret talks in Ankara lasted 12 hours. Both sides agreed on a joint security plan.",
      "altered"),
    C("tr-word-inserted", TR_SECURITY,
      "Suriye’nin güvenliği Türkiye’nin güvenliğinden asla ayrı düşünülemez.", "altered"),
    C("ar-word-inserted", AR_WARN, "لن نسمح أبداً بأي تهديد لأمن حدودنا الشمالية!", "altered"),
    C("en-word-dropped", EN_TALKS,
      "Talks in Ankara lasted 12 hours. Both sides agreed on a security plan.", "altered"),
    C("tr-word-dropped", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 12 saat süren bir görüşme "
      "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "altered"),
    C("ar-word-dropped", AR_MEET,
      "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في أنقرة وزير الخارجية التركي السيد "
      "هاكان فيدان، وضمّ الوفد وزير الدفاع اللواء مرهف أبو قصرة. {pic}", "altered"),
    # an inserted or dropped sentence
    C("en-sentence-dropped-no-ellipsis", EN_TALKS, "Talks in Ankara lasted 12 hours.", "altered"),
    C("tr-sentence-inserted", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 12 saat süren kapsamlı bir görüşme "
      "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık. Yakında Şam’ı ziyaret edeceğim.",
      "altered"),
    C("ar-sentence-inserted", AR_WARN, "لن نسمح بأي تهديد لأمن حدودنا الشمالية! وسنرد بحزم.",
      "altered"),
    C("tr-first-sentence-dropped", TR_TALKS, "Güvenlik iş birliğimizi ele aldık.", "altered"),
    C("ar-first-sentence-dropped", AR_THANKS,
      "كما أتقدّم بالشكر إلى رئيس الاستخبارات التركية السيد إبراهيم قالن.", "altered"),
    C("en-sentence-inserted-in-middle", EN_DONE,
      "Repairs on the harbour road are done.<br>The ferry is cancelled.<br>Next update at 6 pm.",
      "altered"),
    # an inserted link
    C("en-tco-link-not-in-entities", EN_TALKS,
      'Talks in Ankara lasted 12 hours. Full statement: <a href="https://t.co/Zx81Qp0LmN">'
      "https://t.co/Zx81Qp0LmN</a> Both sides agreed on a joint security plan.", "altered"),
    C("tr-link-inserted", TR_SECURITY,
      'Suriye’nin güvenliği Türkiye’nin güvenliğinden ayrı düşünülemez. <a href="https://example.com'
      '/tr/analiz">example.com/tr/analiz</a>', "altered"),
    C("ar-link-inserted", AR_WARN,
      'لن نسمح بأي تهديد <a href="https://t.co/Qa19Lm2XcV">https://t.co/Qa19Lm2XcV</a> لأمن حدودنا '
      "الشمالية!", "altered"),
    C("en-link-replaced-by-another-tco", EN_LINK,
      'Full report on the Ankara talks: <a href="https://t.co/Zx81Qp0LmN">https://t.co/Zx81Qp0LmN</a>'
      " More updates tonight.", "altered"),
    # a change hidden among cosmetic differences
    C("tr-case-changed-and-word-changed", TR_SECURITY,
      "SURİYE’NİN GÜVENLİĞİ TÜRKİYE’NİN GÜVENLİĞİNDEN AYRI TUTULAMAZ.", "altered"),
    C("ar-harakat-dropped-and-word-changed", AR_MEET,
      "وزير الخارجية والمغتربين السيد أسعد حسن الشيباني يلتقي في العاصمة دمشق وزير الخارجية التركي "
      "السيد هاكان فيدان، وضم الوفد وزير الدفاع اللواء مرهف أبو قصرة. {pic}", "altered"),
]

TRUNCATIONS = [
    C("tr-cut-with-ellipsis", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 12 saat süren kapsamlı bir görüşme "
      "gerçekleştirdik…", "truncated"),
    C("tr-cut-mid-word-with-ellipsis", TR_AGREED,
      "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş birliğimizin "
      "daha da güçlen… {pic}", "truncated"),
    C("ar-cut-with-ellipsis", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، على حفاوة "
      "الاستقبال…", "truncated"),
    C("en-cut-with-ellipsis", EN_NOT, "Officials said the border crossing…", "truncated"),
    C("en-cut-with-three-dots", EN_TALKS, "Talks in Ankara lasted 12 hours. Both sides agreed...",
      "truncated"),
    C("en-cut-with-ellipsis-and-changed", EN_TALKS, "Talks in Ankara lasted 13 hours. Both sides…",
      "altered", "truncated"),
    C("ar-cut-with-ellipsis-and-changed", AR_WARN, "نسمح بأي تهديد لأمن…", "altered", "truncated"),
    C("tr-cut-with-ellipsis-and-changed", TR_BORDER,
      "Güney sınırımızda hiçbir terör yapılanmasına izin vereceğiz…", "altered", "truncated"),
    # long posts: X's copy is cut (note_tweet)
    C("tr-long-post-cut-where-x-cuts", TR_LONG,
      cut_text(TR_LONG).replace("\n", "") + "… {pic_text}", "truncated"),
    C("en-long-post-quoted-whole", EN_LONG, plain_text(EN_LONG), "source_truncated"),
    C("ar-long-post-quoted-whole-linebreak-lost", AR_LONG,
      plain_text(AR_LONG).replace("\n", ""), "source_truncated"),
    C("tr-long-post-quoted-whole", TR_LONG,
      plain_text(TR_LONG).replace("\n", "<br>") + " {pic}", "source_truncated"),
    C("en-long-post-changed-before-x-cut", EN_LONG,
      plain_text(EN_LONG).replace("ferry terminal", "bus terminal"), "altered", "source_truncated"),
    C("tr-long-post-changed-before-x-cut", TR_LONG,
      plain_text(TR_LONG).replace("kapsamlı temasları", "sınırlı temasları") + " {pic}",
      "altered", "source_truncated"),
    C("ar-long-post-changed-before-x-cut", AR_LONG,
      plain_text(AR_LONG).replace("حفاوة الاستقبال", "حرارة الاستقبال"), "altered", "source_truncated"),
    C("en-long-post-changed-after-x-cut", EN_LONG,
      plain_text(EN_LONG).replace("this morning", "last night"), "source_truncated"),
]

ATTRIBUTION = [
    C("ar-minister-post-credited-to-ministry", AR_THANKS, SAME, "author_mismatch", "match",
      handle=MOFA.handle, name=MOFA.name),
    C("tr-minister-post-credited-to-ministry", TR_SECURITY, SAME, "author_mismatch", "match",
      handle=MFA_TR.handle, name=MFA_TR.name),
    C("en-wrong-author-and-altered", EN_NOT,
      "Officials said the border crossing will reopen this week.", "author_mismatch", "altered",
      handle=READER.handle, name=READER.name),
    C("ar-wrong-author-and-cut", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي…", "author_mismatch", "truncated",
      handle=MOFA.handle, name=MOFA.name),
    C("en-wrong-author-and-date", EN_TALKS, SAME, "author_mismatch", "date_mismatch", "match",
      handle=READER.handle, name=READER.name, date="October 20, 2025"),
    C("tr-handle-in-other-case-is-the-author", TR_SECURITY, SAME, "match",
      handle="hakanfidan"),
    # a handle written with a look-alike letter (Cyrillic і) names another account, or
    # none: X still finds the post by its id, and the page's claim is a misattribution
    C("tr-look-alike-handle", TR_SECURITY, SAME, "author_mismatch", "match",
      handle="HakanF\u0456dan"),
    C("en-look-alike-handle-cyrillic-e", EN_TALKS, SAME, "author_mismatch", "match",
      handle="SampleN\u0435wsDesk"),
    # dates: the embed shows the UTC date; a day either way is a time zone
    C("en-date-next-day-time-zone", EN_LATE, SAME, "match", date="October 13, 2025"),
    C("en-date-previous-day-time-zone", EN_EARLY, SAME, "match", date="October 11, 2025"),
    C("tr-date-two-days-off", TR_TALKS, SAME, "date_mismatch", "match", date="October 14, 2025"),
    C("en-date-wrong-year", EN_TALKS, SAME, "date_mismatch", "match", date="October 12, 2024"),
    C("ar-date-in-arabic-three-days-off", AR_WARN, SAME, "date_mismatch", "match",
      date="15 أكتوبر 2025"),
    C("ar-date-off-and-altered", AR_WARN, "نسمح بأي تهديد لأمن حدودنا الشمالية!",
      "altered", "date_mismatch", date="October 2, 2025"),
    C("tr-date-off-and-cut", TR_TALKS, "Bugün Ankara’da Suriyeli mevkidaşım…", "date_mismatch",
      "truncated", date="November 12, 2025"),
    # edits: X's edit chain names a later id than the one quoted
    C("tr-quotes-an-edited-post", TR_TALKS, SAME, "edited", "match",
      edit=TR_TALKS.text.replace("12 saat", "10 saat")),
    C("en-quotes-an-edited-post-and-altered", EN_TALKS,
      "Talks in Ankara lasted 14 hours. Both sides agreed on a joint security plan.",
      "altered", "edited", edit=EN_TALKS.text.replace("12 hours", "11 hours")),
    C("ar-quotes-the-newest-edit", AR_SESSIONS,
      "عقد الجانبان 14 جلسة عمل في أنقرة يوم 12 أكتوبر 2025 لبحث التنسيق الأمني.", "match",
      edit=AR_SESSIONS.text.replace("12 جلسة", "14 جلسة"), quote_newest=True),
    # the newest edit's words under the original's link (X's answer for the original
    # names the newest, which is fetched): the author's edit, not the article's change
    C("tr-shows-the-newest-edit-under-the-originals-link", TR_TALKS, SAME, "edited", "match",
      edit=TR_TALKS.text.replace("12 saat", "14 saat"), newest_text=True),
    C("ar-shows-the-newest-edit-under-the-originals-link", AR_SESSIONS, SAME, "edited",
      "match", edit=AR_SESSIONS.text.replace("12 جلسة", "14 جلسة"), newest_text=True),
    # a wrong date is a misquote whatever the post did since: it leads
    C("en-quotes-an-edited-post-with-wrong-date", EN_DONE, SAME, "date_mismatch", "edited", "match",
      edit=EN_DONE.text.replace("6 pm", "7 pm"), date="October 9, 2025"),
    C("tr-long-post-credited-to-ministry", TR_LONG,
      plain_text(TR_LONG).replace("\n", "<br>") + " {pic}", "author_mismatch", "source_truncated",
      handle=MFA_TR.handle, name=MFA_TR.name),
    C("ar-quotes-an-edited-post-and-cut", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي…", "edited", "truncated",
      edit=AR_THANKS.text.replace("إلى أخي،", "إلى أخي العزيز،")),
]

PLAIN_TEXT = [
    C("tr-plain-text-linebreak-lost", TR_AGREED,
      "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş birliğimizin "
      "daha da güçlendirilmesi konusunda Suriyeli kardeşlerimizle mutabıkız.Bu çerçevede "
      "temaslarımızı sürdüreceğiz. {pic_text}", "match", form="text"),
    C("ar-plain-text-linebreak-lost", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، على حفاوة "
      "الاستقبال وجهوده الملموسة في دعم مساعي بناء الجيش العربي السوري.كما أتقدّم بالشكر إلى رئيس "
      "الاستخبارات التركية السيد إبراهيم قالن.", "match", form="text"),
    C("en-plain-text-linebreak-lost", EN_DONE,
      "Repairs on the harbour road are done.Next update at 6 pm. ", "match", form="text"),
    C("ar-plain-text-photo-link", AR_MEET, plain_text(AR_MEET) + " {pic_text}", "match",
      form="text"),
    C("en-plain-text-link-display-url", EN_LINK, plain_text(EN_LINK), "match", form="text"),
    C("tr-plain-text-altered", TR_TALKS,
      "Bugün Ankara’da Suriyeli mevkidaşım Esad Hasan Şeybani ile 13 saat süren kapsamlı bir görüşme "
      "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "altered", form="text"),
    C("ar-plain-text-cut", AR_THANKS,
      "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي السيد يشار غولر، على حفاوة "
      "الاستقبال… ", "truncated", form="text"),
    # a post's line breaks kept in the text rendering: its first lines stand above the line
    # of the tail, where the article's own lines stand too; the post's words decide
    C("tr-plain-text-lines-kept", TR_TOPICS, plain_text(TR_TOPICS), "match", form="text"),
    # ...and parted by blank lines, as a post's paragraphs are
    C("tr-plain-text-paragraphs-kept", TR_TOPICS, plain_text(TR_TOPICS).replace("\n", "\n\n"),
      "match", form="text"),
    C("tr-plain-text-paragraphs-kept-first-changed", TR_TOPICS,
      plain_text(TR_TOPICS).replace("\n", "\n\n").replace("başlıkları", "sonuçları"),
      "altered", form="text"),
    C("tr-plain-text-lines-kept-last-changed", TR_TOPICS,
      plain_text(TR_TOPICS).replace("Enerji ve ticaret", "Enerji ve savunma"), "altered",
      form="text"),
]

CASES = EQUAL + NOT_EQUAL + TRUNCATIONS + ATTRIBUTION + PLAIN_TEXT


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_verdict(case: Case, db, server):
    post = case.post
    quoted_id = post.post_id
    if case.edit:
        edited_at = datetime.fromisoformat(post.at.replace("Z", "+00:00")) + timedelta(minutes=12)
        newer = snowflake(edited_at.strftime("%Y-%m-%dT%H:%M:%SZ"), int(post.post_id) % 4096)
        chain = [post.post_id, newer]
        serve_answer(server, x_answer(post, edit_ids=chain, stale=True))
        serve_answer(server, x_answer(post, post_id=newer, text=case.edit, edit_ids=chain))
        if case.quote_newest:
            quoted_id = newer
    else:
        serve_answer(server, x_answer(post))
    quote = official_html(post, post_id=quoted_id,
                          text=case.edit if case.quote_newest or case.newest_text else None)
    if case.quote is not SAME:
        quote = fill(case.quote, post, quoted_id)
    handle = case.handle or post.by.handle
    name = case.name or post.by.name
    date = case.date or shown_date(quoted_id)
    if case.form == "text":
        archive_page(db, server, link_page([post]))  # X's copy is archived first
        url = archive_page(db, server, text_page(quote, handle=handle, name=name, date=date),
                           ".txt")
    else:
        url = archive_page(db, server, embed_page(quote, post_id=quoted_id, handle=handle,
                                                  name=name, date=date,
                                                  lang=post.lang if case.p_lang is None
                                                  else case.p_lang))
    result = verify_one(db, url)
    assert_verdict(result, case.expect, author=post.by.handle)
    if case.form == "text":
        assert result["post_id"] == post.post_id


# ---------------------------------------------------------------------------------------
# Deleted posts: archived while available, then deleted and re-checked
# ---------------------------------------------------------------------------------------

DELETIONS = [
    C("en-deleted-faithful", EN_TALKS, SAME, "unavailable", "match"),
    C("tr-deleted-faithful-linebreak-lost", TR_AGREED,
      "Suriye’nin kazanımlarının korunması ve ilerletilmesi için yakın eş güdüm ve iş birliğimizin "
      "daha da güçlendirilmesi konusunda Suriyeli kardeşlerimizle mutabıkız.Bu çerçevede "
      "temaslarımızı sürdüreceğiz. {pic}", "unavailable", "match"),
    C("ar-deleted-altered", AR_WARN, "نسمح بأي تهديد لأمن حدودنا الشمالية!", "altered",
      "unavailable"),
    C("en-deleted-altered", EN_NOT, "Officials said the border crossing will reopen this week.",
      "altered", "unavailable"),
    C("tr-deleted-before-archived", TR_SECURITY, SAME, "unavailable", "unverifiable"),
    C("ar-deleted-before-archived", AR_MEET, SAME, "unavailable", "unverifiable"),
    C("ar-deleted-credited-to-ministry", AR_THANKS, SAME, "author_mismatch", "unavailable", "match",
      handle=MOFA.handle, name=MOFA.name),
    # a wrong date stays a misquote once the post is gone
    C("en-deleted-shown-with-wrong-date", EN_TALKS, SAME, "date_mismatch", "unavailable", "match",
      date="October 2, 2024"),
]


@pytest.mark.parametrize("case", DELETIONS, ids=[c.id for c in DELETIONS])
def test_deleted_post(case: Case, db, server):
    post = case.post
    archived_first = "unverifiable" not in case.expect
    quote = official_html(post) if case.quote is SAME else fill(case.quote, post)
    page = embed_page(quote, post_id=post.post_id, handle=case.handle or post.by.handle,
                      name=case.name or post.by.name,
                      date=case.date or shown_date(post.post_id),
                      lang=post.lang)
    if archived_first:
        serve_answer(server, x_answer(post))
        url = archive_page(db, server, page)
        server.tweets[post.post_id] = json.dumps(TOMBSTONE)  # oEmbed now answers 404
        recheck_posts(archiver_for(db, server), [post.post_id], workers=1)
    else:
        server.tweets[post.post_id] = json.dumps(TOMBSTONE)
        url = archive_page(db, server, page)
    result = verify_one(db, url)
    assert_verdict(result, case.expect, author=post.by.handle)
    assert "deleted" in str(result["details"]["unavailable"])


# ---------------------------------------------------------------------------------------
# Plain-text quotes (no id): which archived post do they show?
# ---------------------------------------------------------------------------------------

TR_DAY_BEFORE = P(FIDAN, "Ankara’da Suriyeli mevkidaşım ile 2 saat süren verimli bir görüşme "
                  "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "tr",
                  at="2025-10-11T14:00:00Z")
TR_NEXT_DAY = P(FIDAN, "Ankara’da Suriyeli mevkidaşım ile 3 saat süren verimli bir görüşme "
                "gerçekleştirdik. Güvenlik iş birliğimizi ele aldık.", "tr",
                at="2025-10-12T15:00:00Z")
AR_DAY_BEFORE = P(MOFA, "وزير الخارجية السيد أسعد حسن الشيباني يستقبل نظيره التركي لبحث التعاون "
                  "الاقتصادي بين البلدين.", "ar", at="2025-10-11T09:00:00Z")
AR_NEXT_DAY = P(MOFA, "وزير الخارجية السيد أسعد حسن الشيباني يستقبل نظيره التركي لبحث التعاون "
                "الأمني بين البلدين.", "ar", at="2025-10-12T09:00:00Z")
EN_MORNING = P(DESK, "Ferry service to the islands is suspended until 2 pm.", "en",
               at="2025-10-12T07:00:00Z")
EN_NOON = P(DESK, "Ferry service to the islands is suspended until 3 pm.", "en",
            at="2025-10-12T12:00:00Z")


@dataclass(frozen=True)
class TextCase:
    id: str
    posts: tuple[Post, ...]  # archived first, through an article linking them
    quote: str
    handle: str
    name: str
    date: str
    expect: tuple[str, ...]
    post: Post | None  # the post the quote must be verified against (None: none of them)


def T(id, posts, quote, by: Account, date, expect, post) -> TextCase:
    return TextCase(id, tuple(posts), quote, by.handle, by.name, date, tuple(expect), post)


TR_PAIR = (TR_DAY_BEFORE, TR_NEXT_DAY)
AR_PAIR = (AR_DAY_BEFORE, AR_NEXT_DAY)
EN_PAIR = (EN_MORNING, EN_NOON)
TEXT_CASES = [
    T("tr-near-duplicate-quote-of-the-newer", TR_PAIR, plain_text(TR_NEXT_DAY), FIDAN,
      "October 12, 2025", ["match"], TR_NEXT_DAY),
    T("tr-near-duplicate-quote-of-the-older", TR_PAIR, plain_text(TR_DAY_BEFORE), FIDAN,
      "October 11, 2025", ["match"], TR_DAY_BEFORE),
    T("tr-near-duplicate-cosmetic-differences", TR_PAIR,
      "ANKARA'DA Suriyeli mevkidaşım ile 3 saat süren verimli bir görüşme gerçekleştirdik. "
      "Güvenlik iş birliğimizi ele aldık.", FIDAN, "October 12, 2025", ["match"], TR_NEXT_DAY),
    T("ar-near-duplicate-quote-of-the-older", AR_PAIR,
      "وزير الخارجية السيد اسعد حسن الشيباني يستقبل نظيره التركي لبحث التعاون الاقتصادي بين البلدين.",
      MOFA, "October 11, 2025", ["match"], AR_DAY_BEFORE),
    T("ar-near-duplicate-quote-of-the-newer", AR_PAIR, plain_text(AR_NEXT_DAY), MOFA,
      "October 12, 2025", ["match"], AR_NEXT_DAY),
    T("en-near-duplicate-quote-of-the-later", EN_PAIR, plain_text(EN_NOON), DESK,
      "October 12, 2025", ["match"], EN_NOON),
    T("tr-equally-close-to-both", TR_PAIR,
      "Ankara’da Suriyeli mevkidaşım ile 4 saat süren verimli bir görüşme gerçekleştirdik. "
      "Güvenlik iş birliğimizi ele aldık.", FIDAN, "October 12, 2025", ["unverifiable"], None),
    T("en-equally-close-to-both-same-day", EN_PAIR,
      "Ferry service to the islands is suspended until 4 pm.", DESK, "October 12, 2025",
      ["unverifiable"], None),
    T("tr-other-handle-no-candidate", (TR_NEXT_DAY,), plain_text(TR_NEXT_DAY), MFA_TR,
      "October 12, 2025", ["unverifiable"], None),
    # no post within a day of the date shown, but one within a month has its words to the
    # letter: its post, with a wrong date
    T("ar-date-three-days-off-its-post-with-a-wrong-date", (AR_NEXT_DAY,),
      plain_text(AR_NEXT_DAY), MOFA, "October 15, 2025", ["date_mismatch", "match"],
      AR_NEXT_DAY),
    T("en-nothing-archived", (), plain_text(EN_NOON), DESK, "October 12, 2025", ["unverifiable"],
      None),
]


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.id for c in TEXT_CASES])
def test_plain_text_quote(case: TextCase, db, server):
    for post in case.posts:
        serve_answer(server, x_answer(post))
    if case.posts:
        archive_page(db, server, link_page(case.posts))
    url = archive_page(db, server, text_page(case.quote, handle=case.handle, name=case.name,
                                             date=case.date), ".txt")
    result = verify_one(db, url)
    assert_verdict(result, case.expect)
    if case.post is not None:
        assert result["post_id"] == case.post.post_id
    elif len(case.posts) == 2:  # equally close to both: both candidates are named
        named = json.dumps(result["details"], ensure_ascii=False)
        assert all(p.post_id in named for p in case.posts), result["details"]


# ---------------------------------------------------------------------------------------
# An answer for another id is not a version of the asked post
# ---------------------------------------------------------------------------------------

WRONG_ID = [
    C("en-answer-names-another-id", EN_TALKS, SAME, "unverifiable"),
    C("tr-retweet-answered-with-its-original", TR_SECURITY, SAME, "unverifiable"),
]


@pytest.mark.parametrize("case", WRONG_ID, ids=[c.id for c in WRONG_ID])
def test_answer_for_another_id(case: Case, db, server):
    post = case.post
    asked = snowflake("2025-10-12T22:00:00Z", int(post.post_id) % 4096)  # e.g. a retweet of it
    server.tweets[asked] = json.dumps(x_answer(post), ensure_ascii=False)  # id_str: the post's
    page = embed_page(official_html(post), post_id=asked, handle=post.by.handle,
                      name=post.by.name, date=shown_date(asked), lang=post.lang)
    result = verify_one(db, archive_page(db, server, page))
    assert_verdict(result, case.expect)


QUOTING = Path(__file__).parent / "pages" / "x" / "syndication_quoted_1641895049427550208.json"


@pytest.mark.parametrize("tail, expect", [
    (" https://t.co/pKWmH0e3Hc", "match"),  # the embed's link to the quoted post
    ("", "match"),
    (" https://t.co/pKWmH0e3Hc and more", "altered"),
])
def test_a_quote_posts_link_to_the_quoted_post_is_no_change(db, server, tail, expect):
    """X's real answer for a post quoting another (its `text` and `entities` do not list
    the t.co link to the quoted post, which the embed shows at the end of the text)."""
    answer = json.loads(QUOTING.read_text(encoding="utf-8"))
    assert answer["quoted_tweet"]["id_str"] and not answer["entities"]["urls"]
    serve_answer(server, answer)
    text = html.escape(answer["text"])
    body = embed_page(
        f"{text}{tail}", post_id=answer["id_str"], handle=answer["user"]["screen_name"],
        name=answer["user"]["name"], date="March 31, 2023", lang="en")
    result = verify_one(db, archive_page(db, server, body))
    assert result["verdict"] == expect, (result["details"], result["diff"])


@pytest.mark.parametrize("page_lang, data_lang, shown, posted, expect", [
    # "listopada": October in Croatian, November in Polish and Czech
    ("en", "hr", "12. listopada 2025.", "2025-10-12T09:14:00Z", "match"),
    ("en", "hr", "12. listopada 2025.", "2025-11-12T09:14:00Z", "date_mismatch"),
    ("pl", None, "12 listopada 2025", "2025-11-12T09:14:00Z", "match"),
    ("pl", None, "12 listopada 2025", "2025-10-12T09:14:00Z", "date_mismatch"),
    ("hr", "pl", "12 listopada 2025", "2025-11-12T09:14:00Z", "match"),  # data-lang wins
    ("ar", "ar", "12 تشرين الثاني 2025", "2025-11-12T09:14:00Z", "match"),
    ("ar", None, "12 كانون أول 2025", "2025-12-12T09:14:00Z", "match"),
])
def test_a_shown_date_is_read_in_the_embeds_language(db, server, page_lang, data_lang, shown,
                                                     posted, expect):
    """X writes the date in the language of the embed's data-lang; without one, the page's
    language decides a month name two languages read differently."""
    post = P(DESK, "Roads are closed until noon.", "en", at=posted)
    serve_answer(server, x_answer(post))
    data = f' data-lang="{data_lang}"' if data_lang else ""
    body = (
        f'<!doctype html><html lang="{page_lang}"><head><meta charset="utf-8"><title>t</title>'
        f'</head><body><blockquote class="twitter-tweet"{data}><p lang="en" dir="ltr">'
        f"Roads are closed until noon.</p>&mdash; {DESK.name} (@{DESK.handle}) "
        f'<a href="https://twitter.com/{DESK.handle}/status/{post.post_id}">{shown}</a>'
        "</blockquote></body></html>").encode()
    result = verify_one(db, archive_page(db, server, body))
    assert result["verdict"] == expect, result["details"]


ALLEY = Path(__file__).parent / "pages" / "x" / "oembed_alleyco_1679189879086018562_via_publish_x_com.json"


@pytest.mark.parametrize("shown, expect", [
    # an embed code of before 2021 shows the link by its display URL, X's oEmbed by its t.co
    ('<a href="https://t.co/8zZ5zP1Oyc">alley.com/services</a>', "match"),
    ('<a href="https://t.co/8zZ5zP1Oyc">https://t.co/8zZ5zP1Oyc</a>', "match"),
    # the same face on another link is another link
    ('<a href="https://t.co/Zz9Yy8Xx7W">alley.com/services</a>', "altered"),
])
def test_with_only_oembeds_copy_a_link_is_known_by_the_articles_href(db, server, shown, expect):
    """Syndication gives nothing ({}), X's oEmbed answers (the real answer in tests/pages/x):
    its markup names each link by its t.co alone, so the article's own <a href> says
    which link the text it shows stands for."""
    answer = json.loads(ALLEY.read_text(encoding="utf-8"))
    post_id = "1679189879086018562"
    server.overrides["/x/tweet-result"] = (200, b"{}", "application/json")
    server.overrides["/x/oembed"] = (200, json.dumps(answer).encode(), "application/json")
    text = ("We’re a full-service digital agency with the foresight, perspective, and grit to "
            "power your brightest ideas and build solutions for your most evasive problems. "
            "Learn more about our services here:")
    body = embed_page(f"{text}{shown}", post_id=post_id, handle="alleyco", name="Alley",
                      date="July 12, 2023", lang="en")
    try:
        result = verify_one(db, archive_page(db, server, body))
    finally:
        server.overrides.clear()
    assert result["verdict"] == expect, (result["details"], result["diff"])


def _edited_nine_minutes_later(server, post, sequence: int) -> tuple[str, str]:
    """X's answers for `post` edited nine minutes after it ("12 saat" made "13 saat"): the
    old id's answer naming the edit, and the edit's own; (the edit's id, its text)."""
    edited_at = datetime.fromisoformat(post.at.replace("Z", "+00:00")) + timedelta(minutes=9)
    newer = snowflake(edited_at.strftime("%Y-%m-%dT%H:%M:%SZ"), sequence)
    chain = [post.post_id, newer]
    newest_text = post.text.replace("12 saat", "13 saat")
    serve_answer(server, x_answer(post, edit_ids=chain, stale=True))
    serve_answer(server, x_answer(post, post_id=newer, text=newest_text, edit_ids=chain))
    return newer, newest_text


def test_the_newest_edit_x_names_is_archived_with_the_post(db, server):
    """X's answer for an edited post's old version names the newest (edit_control): the
    pipeline asks X about it too, so the post's current words are archived as evidence
    beside the quoted version, each under its own id (X-FORMATS §7)."""
    post = TR_TALKS
    newer, newest_text = _edited_nine_minutes_later(server, post, 77)
    url = archive_page(db, server, embed_page(official_html(post), post_id=post.post_id,
                                              handle=post.by.handle, name=post.by.name,
                                              date=shown_date(post.post_id), lang=post.lang))
    result = verify_one(db, url)
    assert result["verdict"] == "edited" and newer in result["details"]["edited"]
    assert "13 saat" in result["details"]["edited"]  # what the post reads now
    # the evidence report of the article says it too (it read the versions' rows wrongly)
    from click.testing import CliRunner

    from archiver.cli import cli

    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    out = path.parent / "report.html"
    written = CliRunner().invoke(cli, ["report", "--db", str(path), url, "-o", str(out)])
    assert written.exit_code == 0, written.output
    report = out.read_text(encoding="utf-8")
    assert "13 saat" in report and "What the post reads now" in report
    # ...and the listing of posts names the edit the old id's words became
    listed = CliRunner().invoke(cli, ["posts", "--db", str(path), "--format", "json"])
    rows = {r["post_id"]: r for r in map(json.loads, listed.output.splitlines())}
    assert rows[post.post_id]["edited_to"] == newer and rows[newer]["edited_to"] is None
    table = CliRunner().invoke(cli, ["posts", "--db", str(path)]).output
    assert f"[edited since: {newer}]" in table
    # ...as the served list, its JSON and the post's page do (they said only "On X")
    from .test_browse import fetch

    listed_web, as_json, post_page = fetch(path, "/posts", "/posts.json",
                                           f"/post/{post.post_id}")
    assert f'edited since: X\'s newest version is <a href="/post/{newer}">' in listed_web.text
    assert {r["post_id"]: r["edited_to"] for r in as_json.json()}[post.post_id] == newer
    assert f'edited since: X\'s newest version is <a href="/post/{newer}">' in post_page.text
    # X's later copy of the quoted version says the same words: no "it changed" box
    assert "it changed after the article was fetched" not in report
    # a prose quote of the same post says it was edited since, and what it reads now
    from archiver.verification import check_prose_quotes

    prose = embed_page(official_html(post), post_id=post.post_id, handle=post.by.handle,
                       name=post.by.name, date=shown_date(post.post_id), lang=post.lang)
    prose = prose.replace(b"</article>", (
        f"<p>{post.by.name} wrote: “{post.text.split('.')[0]}.”</p></article>").encode())
    prose_url = archive_page(db, server, prose, "-prose.html")
    [claim] = [c for c in check_prose_quotes(db, checked_at="2026-11-30T00:00:00Z",
                                             article_url=prose_url)]
    assert claim["result"] == "found" and f"newer edit of the post: {newer}" in claim["detail"]
    assert "13 saat" in claim["detail"]
    [(status, versions)] = db.execute(
        "SELECT p.status, count(v.id) FROM posts p LEFT JOIN post_versions v"
        " ON v.post_id = p.id WHERE p.id = ?", [newer]).fetchall()
    assert status == "available" and versions >= 1
    # the newest version's answer is asked once: archiving again asks nothing more
    asked = db.execute("SELECT count(*) FROM post_checks WHERE post_id = ?", [newer]).fetchone()
    archive_page(db, server, embed_page(official_html(post), post_id=post.post_id,
                                        handle=post.by.handle, name=post.by.name,
                                        date=shown_date(post.post_id), lang=post.lang), ".html")
    assert db.execute("SELECT count(*) FROM post_checks WHERE post_id = ?",
                      [newer]).fetchone() == asked
    # a re-check only oEmbed answers (syndication busy) names no edit: the listing keeps
    # the longest history X gave (it said edited_to null after such a run)
    server.overrides["/x/tweet-result"] = (503, b"busy", "text/plain")
    try:
        recheck_posts(archiver_for(db, server), [post.post_id], workers=1)
    finally:
        server.overrides.pop("/x/tweet-result")
    assert db.execute("SELECT v.source FROM posts p JOIN post_versions v ON v.id ="
                      " p.latest_version_id WHERE p.id = ?", [post.post_id]).fetchone()[0] == "oembed"
    listed = CliRunner().invoke(cli, ["posts", "--db", str(path), "--format", "json"])
    rows = {r["post_id"]: r for r in map(json.loads, listed.output.splitlines())}
    assert rows[post.post_id]["edited_to"] == newer
    [claim] = [c for c in check_prose_quotes(db, checked_at="2026-12-01T00:00:00Z",
                                             article_url=prose_url)]
    assert claim["result"] == "found" and f"newer edit of the post: {newer}" in claim["detail"]
    # ...and so do the article's evidence report and page (they read X's newest copy alone)
    written = CliRunner().invoke(cli, ["report", "--db", str(path), url, "-o", str(out)])
    assert written.exit_code == 0, written.output
    report = out.read_text(encoding="utf-8")
    assert "13 saat" in report and "What the post reads now" in report


def test_an_older_versions_link_over_the_newest_edits_words_shows_no_later_change(db, server):
    """The article shows the newest edit's words under the link to the version before it
    (updated by hand, or copied from X after the edit): the check compares the words with
    that edit (edited), and the report shows no "X's latest text (it changed after the
    article was fetched)" holding the older version's words, which both came at once."""
    post = TR_TALKS
    newer, newest_text = _edited_nine_minutes_later(server, post, 78)
    shown = replace(post, text=newest_text)
    url = archive_page(db, server, embed_page(official_html(shown), post_id=post.post_id,
                                              handle=post.by.handle, name=post.by.name,
                                              date=shown_date(post.post_id), lang=post.lang))
    result = verify_one(db, url)
    assert result["verdict"] == "edited" and newer in result["details"]["edited"]
    from click.testing import CliRunner

    from archiver.cli import cli

    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    out = path.parent / "report-newer-words.html"
    written = CliRunner().invoke(cli, ["report", "--db", str(path), url, "-o", str(out)])
    assert written.exit_code == 0, written.output
    report = out.read_text(encoding="utf-8")
    assert "it changed after the article was fetched" not in report


@pytest.mark.parametrize("gone", ["both", "the edit only"])
def test_an_edit_no_article_quotes_is_no_quoted_post_gone(db, server, gone):
    """The home page's "Deleted or withheld since quoted": an edited post deleted counted
    its edit too, and an edit X would not serve made a quoted post still on X count."""
    from archiver.browse.data import home_counts

    post = EN_TALKS
    edited_at = datetime.fromisoformat(post.at.replace("Z", "+00:00")) + timedelta(minutes=5)
    newer = snowflake(edited_at.strftime("%Y-%m-%dT%H:%M:%SZ"), 78)
    chain = [post.post_id, newer]
    serve_answer(server, x_answer(post, edit_ids=chain, stale=True))
    serve_answer(server, x_answer(post, post_id=newer, text=post.text + " (updated)",
                                  edit_ids=chain))
    archive_page(db, server, embed_page(official_html(post), post_id=post.post_id,
                                        handle=post.by.handle, name=post.by.name,
                                        date=shown_date(post.post_id), lang=post.lang))
    for post_id in (chain if gone == "both" else [newer]):
        server.tweets[post_id] = json.dumps(TOMBSTONE)
    recheck_posts(archiver_for(db, server), chain, workers=1)
    statuses = dict(db.execute("SELECT id, status FROM posts WHERE id IN (?, ?)", chain))
    assert statuses[newer] == "unavailable"
    listed = [r[0] for r in db.execute("SELECT post_id FROM unavailable_posts")]
    assert listed == ([post.post_id] if gone == "both" else [])
    assert home_counts(db.conn)["unavailable"] == len(listed)


def test_a_prose_quote_of_a_post_deleted_since_says_so(db, server):
    """Found in the archived copy of a post X has since deleted: a plain 'found' hid what
    the embed of the same post says (unavailable)."""
    from archiver.verification import check_prose_quotes

    post = EN_TALKS
    serve_answer(server, x_answer(post))
    page = embed_page(official_html(post), post_id=post.post_id, handle=post.by.handle,
                      name=post.by.name, date=shown_date(post.post_id), lang=post.lang)
    page = page.replace(b"</article>", (
        f"<p>{post.by.name} wrote: “{post.text.split('.')[0]}.”</p></article>").encode())
    url = archive_page(db, server, page, "-prose.html")
    server.tweets[post.post_id] = json.dumps(TOMBSTONE)
    recheck_posts(archiver_for(db, server), [post.post_id], workers=1)
    [claim] = check_prose_quotes(db, checked_at="2026-12-01T00:00:00Z", article_url=url)
    assert claim["result"] == "found"
    assert "X no longer serves the post (deleted; found so on " in claim["detail"]


@pytest.mark.parametrize("target, expect", [("{tco}", "match"), ("{expanded}", "match"),
                                            ("https://leaks.example.net/full-text", "altered")])
def test_a_markdown_links_target_is_checked_as_an_html_links_is(db, server, target, expect):
    """A Markdown rendering keeps a link's target beside the text it shows ("[shown](url)"):
    a link wearing the post's face that goes elsewhere is a change there as in HTML."""
    post = AR_LINK
    serve_answer(server, x_answer(post))
    answer = json.loads(server.tweets[post.post_id])
    entry = answer["entities"]["urls"][0]
    link = target.format(tco=entry["url"], expanded=entry["expanded_url"])
    shown = plain_text(post).replace(entry["display_url"],
                                     f"[{entry['display_url']}]({link})")
    body = (f"# Talks in Ankara\n\n> {shown}\n>\n> — {post.by.name} (@{post.by.handle}) "
            f"[{shown_date(post.post_id)}](https://twitter.com/{post.by.handle}/status/"
            f"{post.post_id})\n\nThe talks continue.\n").encode()
    result = verify_one(db, archive_page(db, server, body, suffix=".md"))
    assert result["verdict"] == expect, (result["details"], result["diff"])


def test_a_prose_quote_only_like_its_authors_post_but_another_embeds_word_for_word(db, server):
    """An article quotes a headline its author's post only rephrases, word for word as
    another embedded account posted it: the quote is that account's words, said so, not a
    misquote of the author named (a real page: NHK's headline, verbatim in a lawyer's
    post, against NHK's own rewording)."""
    from archiver.verification import check_prose_quotes

    desk = P(DESK, "Harbour to reopen on Monday after the storm wall is repaired, officials say",
             "en", at="2025-10-12T08:00:00Z")
    reader = P(READER, "Harbour reopens Monday after storm wall repairs. Good news for the "
               "ferries.", "en", at="2025-10-12T08:30:00Z")
    for post in (desk, reader):
        serve_answer(server, x_answer(post))
    embeds = "".join(
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{official_html(post)}</p>'
        f"&mdash; {post.by.name} (@{post.by.handle}) <a href=\"https://twitter.com/"
        f'{post.by.handle}/status/{post.post_id}">{shown_date(post.post_id)}</a></blockquote>'
        for post in (desk, reader))
    body = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Harbour</title></head>"
            f"<body><p>Two posts.</p>{embeds}<p>The Sample News Desk reported “Harbour "
            "reopens Monday after storm wall repairs” in the morning.</p></body></html>").encode()
    url = archive_page(db, server, body)
    claims = check_prose_quotes(db, article_url=url, checked_at=CHECKED_AT, record=False)
    [claim] = [c for c in claims if c["handle"] == DESK.handle]
    assert claim["result"] == "not_found", claim
    assert f"the words of @{READER.handle}'s post {reader.post_id}" in claim["detail"]
    assert f"post {desk.post_id} is only like them" in claim["detail"]
