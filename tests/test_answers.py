"""X's answers are checked before they are believed.

An answer for another id (a retweet answers with its original), or with a field of the
wrong JSON type, is a "bad_answer": stored in post_checks with its raw body, never a
post_versions row, never a change of the post's status. Offsets in X's answers are UTF-16
code units; PostData.urls are (t.co, expanded, display) triples, media links included.
"""

import copy
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.demo import X_ANSWERS
from archiver.models import BAD_ANSWER_SIGNALS, OUTCOMES, PostData
from archiver.pipeline import archive_sources
from archiver.resolve import Resolver, resolve_post
from archiver.resolve.fxtwitter import parse_fxtwitter
from archiver.resolve.oembed import parse_oembed
from archiver.resolve.syndication import parse_tweet_result
from archiver.verification import verify_archive

from .conftest import archiver_for, local_http

FIXTURES = Path(__file__).parent / "pages" / "x"
PHOTO = "1641086480675225601"
PHOTO_TEXT = ("If you are interested about View Flattening in React Native, I wrote a short post "
              "about it: <a href=\"https://t.co/4G6RAMfrHy\">https://t.co/4G6RAMfrHy</a><br><br>"
              "Let me know what you think!")
# An id after PHOTO's: a retweet of it, which syndication answers with the original.
RETWEET = "1641112233445566778"

# A post with astral characters (two flags, each two code points of two UTF-16 units, and
# 📰) before a link and a photo, in X's shape: display_text_range counts UTF-16 code units
# and ends before the media link; entity indices count code points, as in X's real answer
# tests/pages/x/syndication_card_1629262255744503809.json; mediaDetails repeats the media.
EMOJI = "1977663790032254162"
EMOJI_SHOWN = ("🇹🇷🇸🇾 Ankara ile Şam, enerji ve ulaştırma anlaşmalarını imzaladı 📰 "
               "Ayrıntılar: https://t.co/Qm3Lk8vT2a")
EMOJI_JSON = {
    "__typename": "Tweet",
    "lang": "tr",
    "favorite_count": 412,
    "possibly_sensitive": False,
    "created_at": "2025-10-13T09:12:45.000Z",
    "display_text_range": [0, 106],
    "entities": {
        "hashtags": [],
        "urls": [{
            "display_url": "haber.example.com/ankara-sam-ene…",
            "expanded_url": "https://haber.example.com/ankara-sam-enerji-ulastirma",
            "indices": [78, 101],
            "url": "https://t.co/Qm3Lk8vT2a",
        }],
        "user_mentions": [],
        "symbols": [],
        "media": [{
            "display_url": "pic.x.com/Rb7Xh2nPq4",
            "expanded_url": f"https://x.com/SampleNewsDesk/status/{EMOJI}/photo/1",
            "indices": [102, 125],
            "url": "https://t.co/Rb7Xh2nPq4",
        }],
    },
    "id_str": EMOJI,
    "text": EMOJI_SHOWN + " https://t.co/Rb7Xh2nPq4",
    "user": {
        "id_str": "1201876543210987520",
        "name": "Sample News Desk",
        "screen_name": "SampleNewsDesk",
        "profile_image_url_https": "https://pbs.twimg.com/profile_images/1/SampleNewsDesk_normal.jpg",
        "verified": False,
        "is_blue_verified": True,
    },
    "edit_control": {
        "edit_tweet_ids": [EMOJI],
        "editable_until_msecs": "1760350365000",
        "is_edit_eligible": True,
        "edits_remaining": "5",
    },
    "mediaDetails": [{
        "display_url": "pic.x.com/Rb7Xh2nPq4",
        "expanded_url": f"https://x.com/SampleNewsDesk/status/{EMOJI}/photo/1",
        "ext_media_availability": {"status": "Available"},
        "indices": [102, 125],
        "media_url_https": "https://pbs.twimg.com/media/G3FsK2xWQAAr8Tn.jpg",
        "original_info": {"height": 675, "width": 1200, "focus_rects": []},
        "sizes": {
            "large": {"h": 675, "resize": "fit", "w": 1200},
            "medium": {"h": 675, "resize": "fit", "w": 1200},
            "small": {"h": 383, "resize": "fit", "w": 680},
            "thumb": {"h": 150, "resize": "crop", "w": 150},
        },
        "type": "photo",
        "url": "https://t.co/Rb7Xh2nPq4",
    }],
    "photos": [{
        "backgroundColor": {"red": 204, "green": 214, "blue": 221},
        "cropCandidates": [],
        "expandedUrl": f"https://x.com/SampleNewsDesk/status/{EMOJI}/photo/1",
        "url": "https://pbs.twimg.com/media/G3FsK2xWQAAr8Tn.jpg",
        "width": 1200,
        "height": 675,
    }],
    "conversation_count": 3,
    "news_action_type": "conversation",
    "isEdited": False,
    "isStaleEdit": False,
}
EMOJI_LINKS = (
    ("https://t.co/Qm3Lk8vT2a", "https://haber.example.com/ankara-sam-enerji-ulastirma",
     "haber.example.com/ankara-sam-ene…"),
    ("https://t.co/Rb7Xh2nPq4", f"https://x.com/SampleNewsDesk/status/{EMOJI}/photo/1",
     "pic.x.com/Rb7Xh2nPq4"),
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fixture_json(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def sample(post_id: str) -> dict:
    return json.loads((X_ANSWERS / f"{post_id}.json").read_text(encoding="utf-8"))


def mutated(doc: dict, path: str, value) -> dict:
    """A deep copy of `doc` with the field at `path` ("user.id_str", "mediaDetails[0].url")
    set to `value`."""
    doc = copy.deepcopy(doc)
    steps = [int(s) if s.isdigit() else s for s in re.findall(r"[^.\[\]]+", path)]
    node = doc
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value
    return doc


def body_of(doc) -> bytes:
    return json.dumps(doc).encode()


# --- parsing: malformed fields ------------------------------------------------------------

MALFORMED_SYNDICATION = [
    ("text", 42, "text is a number, expected a string"),
    ("user.id_str", {"id": 469266133}, "user.id_str is an object, expected a string"),
    ("user.screen_name", ["SamuelSusla"], "user.screen_name is a list, expected a string"),
    ("user.name", 7, "user.name is a number, expected a string"),
    ("user", ["sammy"], "user is a list, expected an object"),
    ("id_str", 1641086480675225601, "id_str is a number, expected a string"),
    ("display_text_range", [0, "144"], "display_text_range[1] is a string, expected an integer"),
    ("display_text_range", [0, 144.0], "display_text_range[1] is a number, expected an integer"),
    ("display_text_range", {"start": 0, "end": 144},
     "display_text_range is an object, expected two integers"),
    ("display_text_range", [0, 144, 168], "display_text_range is a list of 3, expected two integers"),
    ("entities", [], "entities is a list, expected an object"),
    ("entities.urls", {"url": "https://t.co/4G6RAMfrHy"},
     "entities.urls is an object, expected a list"),
    ("entities.urls[0].url", 5, "entities.urls[0].url is a number, expected a string"),
    ("entities.urls[0].expanded_url", {"href": "https://github.com/"},
     "entities.urls[0].expanded_url is an object, expected a string"),
    ("entities.urls[0].display_url", True, "entities.urls[0].display_url is a boolean, expected a string"),
    ("entities.urls[0].indices", ["92", "115"], "entities.urls[0].indices[0] is a string, expected an integer"),
    ("entities.media[0]", "https://t.co/rQd6FIwZ0U", "entities.media[0] is a string, expected an object"),
    ("entities.media[0].indices", 145, "entities.media[0].indices is a number, expected two integers"),
    ("entities.user_mentions", [{"screen_name": 5, "indices": [0, 6]}],
     "entities.user_mentions[0].screen_name is a number, expected a string"),
    ("entities.hashtags", [{"text": ["ReactNative"], "indices": [0, 12]}],
     "entities.hashtags[0].text is a list, expected a string"),
    ("mediaDetails", {"0": {}}, "mediaDetails is an object, expected a list"),
    ("mediaDetails[0].media_url_https", 12345,
     "mediaDetails[0].media_url_https is a number, expected a string"),
    ("mediaDetails[0].url", 1, "mediaDetails[0].url is a number, expected a string"),
    ("mediaDetails[0].display_url", ["pic.twitter.com/rQd6FIwZ0U"],
     "mediaDetails[0].display_url is a list, expected a string"),
    ("mediaDetails[0].expanded_url", 0, "mediaDetails[0].expanded_url is a number, expected a string"),
    ("mediaDetails[0].type", {"photo": True}, "mediaDetails[0].type is an object, expected a string"),
    ("edit_control.edit_tweet_ids", [1641086480675225601],
     "edit_control.edit_tweet_ids[0] is a number, expected a string"),
    ("edit_control.edit_tweet_ids", "1641086480675225601",
     "edit_control.edit_tweet_ids is a string, expected a list"),
    ("edit_control", "5", "edit_control is a string, expected an object"),
    ("in_reply_to_status_id_str", 1641086480675225600,
     "in_reply_to_status_id_str is a number, expected a string"),
    ("in_reply_to_screen_name", ["reactjs"], "in_reply_to_screen_name is a list, expected a string"),
    ("note_tweet", True, "note_tweet is a boolean, expected an object"),
    ("quoted_tweet", [], "quoted_tweet is a list, expected an object"),
    ("quoted_tweet", {"id_str": 1641086480675225000},
     "quoted_tweet.id_str is a number, expected a string"),
    ("lang", 1, "lang is a number, expected a string"),
    ("created_at", 1680100481000, "created_at is a number, expected a string"),
    ("text", "Let me know \udc9f", "text is a string with a lone surrogate, expected valid Unicode"),
]


@pytest.mark.parametrize("path, value, detail", MALFORMED_SYNDICATION,
                         ids=[f"{p}={json.dumps(v)[:20]}" for p, v, _ in MALFORMED_SYNDICATION])
def test_a_syndication_field_of_the_wrong_type_is_a_bad_answer(path, value, detail):
    doc = mutated(fixture_json(f"syndication_photo_{PHOTO}.json"), path, value)
    outcome, post, signal, found = parse_tweet_result(body_of(doc), PHOTO)
    assert (outcome, post, signal) == ("bad_answer", None, "bad_field")
    assert found == f"syndication answer: {detail}"


@pytest.mark.parametrize("path, value, detail", [
    ("mediaDetails[0].video_info.variants[0].url", 3,
     "mediaDetails[0].video_info.variants[0].url is a number, expected a string"),
    ("mediaDetails[0].video_info.variants", {"url": "https://video.twimg.com/x.mp4"},
     "mediaDetails[0].video_info.variants is an object, expected a list"),
    ("mediaDetails[0].video_info.variants[0].bitrate", "2176000",
     "mediaDetails[0].video_info.variants[0].bitrate is a string, expected a number"),
    ("mediaDetails[0].video_info", [], "mediaDetails[0].video_info is a list, expected an object"),
])
def test_a_video_variant_of_the_wrong_type_is_a_bad_answer(path, value, detail):
    doc = mutated(fixture_json("syndication_video_1684218600456876032.json"), path, value)
    assert parse_tweet_result(body_of(doc), "1684218600456876032") == (
        "bad_answer", None, "bad_field", f"syndication answer: {detail}")


def test_a_tombstone_of_the_wrong_shape_decides_nothing():
    doc = fixture_json("syndication_tombstone_deleted.json")
    assert parse_tweet_result(body_of(mutated(doc, "tombstone.text", "deleted")), PHOTO) == (
        "bad_answer", None, "bad_field",
        "syndication answer: tombstone.text is a string, expected an object")
    assert parse_tweet_result(b'{"__typename":"TweetTombstone","tombstone":[]}')[:3] == (
        "bad_answer", None, "bad_field")


@pytest.mark.parametrize("body, signal", [
    (b"[1, 2]", "bad_json"),
    (b'"Tweet"', "bad_json"),
    (b"5", "bad_json"),
    (b'{"__typename":"Tweet","text":"x","user":{"id_str":"1"}}', "bad_field"),  # no id_str
])
def test_json_shaped_like_no_answer_is_a_bad_answer(body, signal):
    outcome, post, found, detail = parse_tweet_result(body, PHOTO)
    assert (outcome, post, found) == ("bad_answer", None, signal) and detail


@pytest.mark.parametrize("change", [
    lambda d: d.pop("entities"),
    lambda d: d.update(entities={}),
    lambda d: d.update(entities={"media": d["entities"]["media"]}),
    lambda d: d["entities"].update(urls={}, hashtags={}, user_mentions={}, symbols={}),
    lambda d: d["entities"].update(urls=None),
    lambda d: d.update(lang=None, created_at=None, display_text_range=None, note_tweet=None),
    lambda d: d["user"].update(name=None),
    lambda d: d.pop("edit_control"),
    lambda d: d["mediaDetails"][0].pop("indices"),
])
def test_absent_or_null_optional_fields_are_fine(change):
    doc = fixture_json(f"syndication_photo_{PHOTO}.json")
    change(doc)
    outcome, post, signal, detail = parse_tweet_result(body_of(doc), PHOTO)
    assert (outcome, signal, detail) == ("ok", None, None)
    assert post.post_id == PHOTO and "Let me know what you think!" in post.text


# --- parsing: answers for another id ------------------------------------------------------


def test_a_retweet_answered_with_its_original_is_not_the_asked_post():
    body = (X_ANSWERS / f"{PHOTO}.json").read_bytes()
    outcome, post, signal, detail = parse_tweet_result(body, RETWEET)
    assert (outcome, post, signal) == ("bad_answer", None, "id_mismatch")
    assert detail.startswith(f"syndication answer: id_str is {PHOTO}, not the asked {RETWEET}")
    assert "retweet" in detail and "\n" not in detail
    # without an id to check against, the answer is read as before
    assert parse_tweet_result(body).outcome == "ok"


def test_a_tweet_without_user_for_another_id_is_not_a_sign_about_the_asked_post():
    body = b'{"__typename":"Tweet","id_str":"20","text":"just setting up my twttr"}'
    assert parse_tweet_result(body, PHOTO)[:3] == ("bad_answer", None, "id_mismatch")
    assert parse_tweet_result(body, "20")[:3] == ("unavailable", None, "no_user")


PEPEPHONE = "436461658601713664"


def good_oembed() -> dict:
    """X's real oEmbed answer (2021 capture) for PEPEPHONE."""
    return fixture_json("oembed_pepephone_436461658601713664_2021.json")


@pytest.mark.parametrize("path, value, signal, detail", [
    ("url", 436461658601713664, "bad_field", "url is a number, expected a string"),
    ("html", ["<blockquote/>"], "bad_field", "html is a list, expected a string"),
    ("author_name", {"name": "Pepephone"}, "bad_field", "author_name is an object, expected a string"),
    ("url", "https://twitter.com/pepephone/status/436461658601713000", "id_mismatch",
     "url names post 436461658601713000, not the asked 436461658601713664"),
    ("html", "<p>Sorry, that page does not exist</p>", "bad_json",
     "html holds no post blockquote (a timeline?)"),
])
def test_an_oembed_field_of_the_wrong_type_or_id_is_a_bad_answer(path, value, signal, detail):
    doc = mutated(good_oembed(), path, value)
    assert parse_oembed(body_of(doc), PEPEPHONE) == (
        "bad_answer", None, signal, f"oembed answer: {detail}")


def test_an_oembed_blockquote_for_another_post_is_a_bad_answer():
    doc = good_oembed()
    doc["html"] = doc["html"].replace(f"status/{PEPEPHONE}", "status/436461658601713000")
    doc.pop("url")
    assert parse_oembed(body_of(doc), PEPEPHONE) == (
        "bad_answer", None, "id_mismatch", "oembed answer: the blockquote's permalink names "
        "post 436461658601713000, not the asked 436461658601713664")


def test_oembed_links_are_triples_of_what_the_blockquote_shows():
    outcome, post, _, _ = parse_oembed(
        (FIXTURES / "oembed_interior_463440424141459456_official_docs_example.json").read_bytes(),
        "463440424141459456")
    assert outcome == "ok"
    assert post.urls == (("http://t.co/YuKy2rcjyU", None, "pic.x.com/YuKy2rcjyU"),)
    _, post, _, _ = parse_oembed(
        (FIXTURES / "oembed_jasoncosta_240192632003911681_2012_api_v1.json").read_bytes(),
        "240192632003911681")
    assert post.urls == (("http://t.co/9MwHZCya", None, "soundcloud.com/nerouk/nero-es…"),)
    assert "soundcloud.com/nerouk/nero-es…" in post.text  # the text shows links as shown


@pytest.mark.parametrize("path, value, signal, detail", [
    ("status.id", 1977411517674615015, "bad_field", "status.id is a number, expected a string"),
    ("status.id", "1977411517674615000", "id_mismatch",
     "status.id is 1977411517674615000, not the asked 1977411517674615015"),
    ("status.author.id", 1004391034, "bad_field", "status.author.id is a number, expected a string"),
    ("status.raw_text", "the whole text", "bad_field",
     "status.raw_text is a string, expected an object"),
    ("status.text", 5, "bad_field", "status.text is a number, expected a string"),
    ("status.created_timestamp", "1760286619", "bad_field",
     "status.created_timestamp is a string, expected a number"),
    ("status.media.all[0].url", 1, "bad_field", "status.media.all[0].url is a number, expected a string"),
    ("status", [], "bad_field", "status is a list, expected an object"),
])
def test_a_mirror_field_of_the_wrong_type_or_id_is_a_bad_answer(path, value, signal, detail):
    doc = {"code": 200, "message": "OK", "status": {
        "id": "1977411517674615015", "text": "short", "raw_text": {"text": "the whole long text"},
        "author": {"id": "1004391034", "screen_name": "HakanFidan", "name": "Hakan Fidan"},
        "created_timestamp": 1760286619, "lang": "tr", "is_note_tweet": True,
        "media": {"all": [{"type": "photo", "url": "https://pbs.twimg.com/media/X.jpg"}]},
    }}
    assert parse_fxtwitter(body_of(doc), "1977411517674615015").outcome == "ok"
    assert parse_fxtwitter(body_of(mutated(doc, path, value)), "1977411517674615015") == (
        "bad_answer", None, signal, f"fxtwitter answer: {detail}")


# --- UTF-16 offsets and links ------------------------------------------------------------


def test_the_emoji_sample_is_true_to_xs_shape():
    text = EMOJI_JSON["text"]
    start, end = EMOJI_JSON["display_text_range"]
    assert end == utf16_len(EMOJI_SHOWN) == len(EMOJI_SHOWN) + 5  # five astral code points
    for entity in (*EMOJI_JSON["entities"]["urls"], *EMOJI_JSON["entities"]["media"]):
        first, last = entity["indices"]
        assert text[first:last] == entity["url"]  # code points, as observed in X's answers
    assert EMOJI_JSON["entities"]["media"][0]["indices"][0] > len(EMOJI_SHOWN)


def with_utf16_entity_indices(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    text = doc["text"]
    for entity in (*doc["entities"]["urls"], *doc["entities"]["media"], *doc["mediaDetails"]):
        first, last = entity["indices"]
        entity["indices"] = [utf16_len(text[:first]), utf16_len(text[:last])]
    return doc


@pytest.mark.parametrize("doc", [EMOJI_JSON, with_utf16_entity_indices(EMOJI_JSON)],
                         ids=["code-point-entities", "utf16-entities"])
def test_display_range_is_utf16_and_the_media_link_is_cut(doc):
    outcome, post, _, _ = parse_tweet_result(body_of(doc), EMOJI)
    assert outcome == "ok"
    assert post.text == EMOJI_SHOWN  # no stray " htt", no media t.co
    assert post.urls == EMOJI_LINKS
    [photo] = post.media
    assert photo.display_url == "pic.x.com/Rb7Xh2nPq4"


def test_media_links_come_from_media_details_when_entities_lack_them():
    doc = copy.deepcopy(EMOJI_JSON)
    del doc["entities"]["media"]
    _, post, _, _ = parse_tweet_result(body_of(doc), EMOJI)
    assert post.text == EMOJI_SHOWN and post.urls == EMOJI_LINKS


def test_a_range_end_inside_a_surrogate_pair_keeps_the_character_whole():
    doc = fixture_json("syndication_card_mention_1703436713362870723.json")
    assert doc["text"].endswith("🧵") and doc["display_text_range"][1] == utf16_len(doc["text"])
    doc["display_text_range"][1] -= 1  # one unit into the 🧵 pair
    _, post, _, _ = parse_tweet_result(body_of(doc), "1703436713362870723")
    assert post.text.endswith("1/2 🧵")


def test_a_reply_range_starts_after_the_mentions_in_utf16_units():
    doc = copy.deepcopy(EMOJI_JSON)
    prefix = "@SampleNewsDesk "
    doc["text"] = prefix + doc["text"]
    doc["display_text_range"] = [len(prefix), len(prefix) + EMOJI_JSON["display_text_range"][1]]
    for entity in (*doc["entities"]["urls"], *doc["entities"]["media"], *doc["mediaDetails"]):
        entity["indices"] = [i + len(prefix) for i in entity["indices"]]
    doc["entities"]["user_mentions"] = [{"id_str": "1201876543210987520", "indices": [0, 15],
                                         "name": "Sample News Desk",
                                         "screen_name": "samplenewsdesk"}]
    _, post, _, _ = parse_tweet_result(body_of(doc), EMOJI)
    assert post.text == EMOJI_SHOWN and post.urls == EMOJI_LINKS


def test_xs_card_answer_with_code_point_entities_after_an_emoji_still_reads():
    outcome, post, _, _ = parse_tweet_result(
        (FIXTURES / "syndication_card_1629262255744503809.json").read_bytes(), "1629262255744503809")
    assert outcome == "ok"
    assert post.text.startswith("📰 I recently joined @reactjs!")
    assert post.text.endswith("in the React tutorial? https://t.co/fI2B6TT8rL")
    assert post.urls == (("https://t.co/fI2B6TT8rL",
                          "https://beta.reactjs.org/learn/tutorial-tic-tac-toe",
                          "beta.reactjs.org/learn/tutorial…"),)


# --- never raises, for any JSON ----------------------------------------------------------

KEYS = ["__typename", "id_str", "text", "user", "screen_name", "name", "entities", "urls",
        "media", "url", "expanded_url", "display_url", "indices", "display_text_range",
        "mediaDetails", "media_url_https", "video_info", "variants", "edit_control",
        "edit_tweet_ids", "tombstone", "note_tweet", "quoted_tweet", "data", "html",
        "author_name", "status", "id", "author", "raw_text", "created_timestamp", "photos",
        "video", "poster", "src", "type"]
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
           | st.sampled_from(["Tweet", "TweetTombstone", PHOTO, "photo", "video/mp4",
                              "https://t.co/rQd6FIwZ0U", "😍 x"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5), max_leaves=25)
PARSERS = [
    ("syndication", lambda body, pid: parse_tweet_result(body, pid)),
    ("oembed", parse_oembed),
    ("fxtwitter", parse_fxtwitter),
]
BASES = [
    fixture_json(f"syndication_photo_{PHOTO}.json"),
    fixture_json("syndication_video_1684218600456876032.json"),
    fixture_json("syndication_tombstone_deleted.json"),
    EMOJI_JSON,
    fixture_json("oembed_pepephone_436461658601713664_2021.json"),
    {"code": 200, "status": {"id": PHOTO, "text": "t", "author": {"id": "1"},
                             "media": {"all": [{"type": "video", "url": "u"}]}}},
]


def assert_well_formed(parsed, post_id: str) -> None:
    outcome, post, signal, detail = parsed
    assert outcome in OUTCOMES
    if outcome == "ok":
        assert isinstance(post, PostData) and post.post_id == post_id
        assert isinstance(post.text, str)
        for value in (post.lang, post.created_at, post.author_id, post.handle, post.author_name,
                      post.quoted_post_id, post.reply_to_post_id, post.reply_to_handle):
            assert value is None or isinstance(value, str)
        assert all(isinstance(i, str) for i in post.edit_ids)
        for link in post.urls:
            assert len(link) == 3 and isinstance(link[0], str)
            assert all(v is None or isinstance(v, str) for v in link[1:])
        for media in post.media:
            assert isinstance(media.image_url, str)
            assert all(isinstance(v, str) for v in media.variants)
        json.dumps([post.text, post.urls]).encode("utf-8")  # storable
    else:
        assert post is None
    if outcome == "bad_answer":
        assert signal in BAD_ANSWER_SIGNALS
        assert isinstance(detail, str) and detail and "\n" not in detail


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_parses_without_raising(value):
    body = json.dumps(value).encode()
    for _name, parse in PARSERS:
        assert_well_formed(parse(body, PHOTO), PHOTO)


@st.composite
def damaged_answers(draw):
    """A real answer with one node somewhere in it replaced by arbitrary JSON."""
    doc = copy.deepcopy(draw(st.sampled_from(BASES)))
    parent, key = None, None
    node = doc
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 4)):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        parent, node = node, node[key]
    if parent is None:
        return draw(JSON)
    parent[key] = draw(JSON)
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_answers())
def test_damaged_real_answers_parse_without_raising(doc):
    body = json.dumps(doc).encode()
    for post_id in (PHOTO, EMOJI, PEPEPHONE, "1684218600456876032"):
        for _name, parse in PARSERS:
            assert_well_formed(parse(body, post_id), post_id)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_without_raising(body):
    for _name, parse in PARSERS:
        assert_well_formed(parse(body, PHOTO), PHOTO)


# --- through the pipeline ------------------------------------------------------------------


def embed_page(text=PHOTO_TEXT, handle="SamuelSusla", name="sammy", date="March 29, 2023",
               post_id=PHOTO, lang="en"):
    return (f'<html><body><p>Story.</p><blockquote class="twitter-tweet"><p lang="{lang}">'
            f"{text}</p>&mdash; {name} (@{handle}) <a href=\"https://twitter.com/{handle}/status/"
            f'{post_id}">{date}</a></blockquote></body></html>').encode()


def archive(db, server, page: bytes, name="p.html"):
    server.pages[name] = page
    [report] = archive_sources(archiver_for(db, server), [f"{server.url}/news/{name}"], workers=1)
    assert report.error is None
    return report


def served(server, doc: dict) -> bytes:
    """The bytes the sample server sends for `doc` given as server.tweets[...]: X's image
    URLs rewritten to its own, re-serialized as X does (UTF-8, not ASCII-escaped)."""
    text = json.dumps(doc).replace("https://pbs.twimg.com/", f"{server.url}/pbs/")
    text = text.replace("https://video.twimg.com/", f"{server.url}/video/")
    return json.dumps(json.loads(text), ensure_ascii=False).encode()


def checks(db, post_id, source=None):
    sql = ("SELECT source, outcome, signal, detail, body, body_sha256 FROM post_checks"
           " WHERE post_id = ?")
    args = [post_id]
    if source:
        sql += " AND source = ?"
        args.append(source)
    return db.execute(sql + " ORDER BY id", args).fetchall()


def versions(db, post_id):
    return db.execute("SELECT source, text, urls FROM post_versions WHERE post_id = ?"
                      " ORDER BY id", [post_id]).fetchall()


def status(db, post_id):
    return db.execute("SELECT status, unavailable_reason FROM posts WHERE id = ?",
                      [post_id]).fetchone()


def assert_bad_answer_row(row, source, signal, detail, body):
    assert row[:4] == (source, "bad_answer", signal, detail)
    assert row[4] == body and row[5] == hashlib.sha256(body).hexdigest()


PIPELINE_MALFORMED = [case for case in MALFORMED_SYNDICATION if case[0] in (
    "text", "user.id_str", "mediaDetails[0].media_url_https", "entities.urls",
    "edit_control.edit_tweet_ids", "display_text_range", "note_tweet", "user")
    and "surrogate" not in case[2]]  # the sample server cannot send a lone surrogate


@pytest.mark.parametrize("path, value, detail", PIPELINE_MALFORMED,
                         ids=[f"{p}={json.dumps(v)[:20]}" for p, v, _ in PIPELINE_MALFORMED])
def test_malformed_syndication_answer_on_first_sight(db, server, path, value, detail):
    doc = mutated(sample(PHOTO), path, value)
    server.tweets[PHOTO] = json.dumps(doc)
    # oEmbed does not serve it either (404s appear under load, X-FORMATS §4.4)
    server.overrides["/x/oembed"] = (404, b'{"error":"Sorry, that page does not exist"}',
                                     "application/json")
    report = archive(db, server, embed_page())
    [synd, oembed] = checks(db, PHOTO)
    assert_bad_answer_row(synd, "syndication", "bad_field", f"syndication answer: {detail}",
                          served(server, doc))
    assert oembed[:3] == ("oembed", "unavailable", "http_404")
    assert versions(db, PHOTO) == []
    assert status(db, PHOTO) == ("unchecked", None)  # a 404 with a bad answer decides nothing
    assert report.posts == {PHOTO: "unchecked"}
    assert db.execute("SELECT count(*) FROM post_status_events").fetchone()[0] == 0

    server.tweets.clear()
    server.overrides.clear()
    archive(db, server, embed_page())  # the next run asks again, and X answers well
    assert status(db, PHOTO) == ("available", None)
    assert checks(db, PHOTO)[-1][:3] == ("syndication", "ok", None)
    [(source, text, _)] = versions(db, PHOTO)
    assert source == "syndication" and text.endswith("Let me know what you think!")


@pytest.mark.parametrize("path, value, detail", [
    ("user.id_str", {"id": 469266133}, "user.id_str is an object, expected a string"),
    ("mediaDetails[0].media_url_https", 12345,
     "mediaDetails[0].media_url_https is a number, expected a string"),
    ("text", 42, "text is a number, expected a string"),
])
def test_malformed_answer_for_an_available_post_keeps_it_available(db, server, path, value,
                                                                   detail):
    archive(db, server, embed_page())
    assert status(db, PHOTO) == ("available", None)
    before = versions(db, PHOTO)
    doc = mutated(sample(PHOTO), path, value)
    server.tweets[PHOTO] = json.dumps(doc)
    server.overrides["/x/oembed"] = (503, b"busy", "text/plain")
    archiver = archiver_for(db, server)
    recorded = archiver.recheck(PHOTO)
    assert (recorded.status, recorded.new_versions, recorded.status_changed) == (
        "available", 0, False)
    assert_bad_answer_row(checks(db, PHOTO, "syndication")[-1], "syndication", "bad_field",
                          f"syndication answer: {detail}", served(server, doc))
    assert versions(db, PHOTO) == before
    assert status(db, PHOTO) == ("available", None)

    server.tweets.clear()
    server.overrides.clear()
    recorded = archiver.recheck(PHOTO)
    assert (recorded.status, recorded.new_versions) == ("available", 0)
    assert checks(db, PHOTO)[-1][:3] == ("syndication", "ok", None)
    assert db.execute("SELECT count(*) FROM post_status_events WHERE post_id = ?",
                      [PHOTO]).fetchone()[0] == 1


def oembed_answer(server, post_id=PHOTO) -> dict:
    fetch = local_http().get(f"{server.url}/x/oembed?url=https://twitter.com/i/status/{post_id}")
    return json.loads(fetch.body)


@pytest.mark.parametrize("path, value, signal, detail", [
    ("url", 1641086480675225601, "bad_field", "url is a number, expected a string"),
    ("html", {"blockquote": "…"}, "bad_field", "html is an object, expected a string"),
    ("author_name", ["sammy"], "bad_field", "author_name is a list, expected a string"),
    ("url", "https://twitter.com/SamuelSusla/status/1641086480675225602", "id_mismatch",
     "url names post 1641086480675225602, not the asked 1641086480675225601"),
])
def test_malformed_oembed_answer_decides_nothing(db, server, path, value, signal, detail):
    body = body_of(mutated(oembed_answer(server), path, value))
    server.overrides["/x/tweet-result"] = (404, b"", "application/json")
    server.overrides["/x/oembed"] = (200, body, "application/json; charset=utf-8")
    archive(db, server, embed_page())
    [synd, oembed] = checks(db, PHOTO)
    assert synd[:3] == ("syndication", "unavailable", "http_404")
    assert_bad_answer_row(oembed, "oembed", signal, f"oembed answer: {detail}", body)
    assert versions(db, PHOTO) == [] and status(db, PHOTO) == ("unchecked", None)

    server.overrides.clear()
    archive(db, server, embed_page())
    assert status(db, PHOTO) == ("available", None) and len(versions(db, PHOTO)) == 1


def test_retweet_answered_with_the_original_is_never_a_version(db, server):
    # X answers a retweet's id with the original post, in syndication and oEmbed alike.
    server.tweets[RETWEET] = (X_ANSWERS / f"{PHOTO}.json").read_text(encoding="utf-8")
    archive(db, server, embed_page(post_id=RETWEET, date="March 29, 2023"))
    [synd, oembed] = checks(db, RETWEET)
    assert synd[:3] == ("syndication", "bad_answer", "id_mismatch")
    assert "retweet" in synd[3] and f"id_str is {PHOTO}, not the asked {RETWEET}" in synd[3]
    assert oembed[:3] == ("oembed", "bad_answer", "id_mismatch")
    assert versions(db, RETWEET) == [] and status(db, RETWEET) == ("unchecked", None)
    assert versions(db, PHOTO) == [] and checks(db, PHOTO) == []  # nor the original's


def test_bad_syndication_answer_then_oembed_serves_the_post(db, server):
    server.tweets[PHOTO] = json.dumps(mutated(sample(PHOTO), "user.id_str", {"id": 1}))
    resolution = resolve_post(PHOTO, Resolver(local_http(retries=0),
                                              syndication_url=f"{server.url}/x",
                                              oembed_url=f"{server.url}/x"))
    assert (resolution.status, resolution.reason) == ("available", None)
    [bad] = resolution.bad_answers
    assert (bad.source, bad.signal, bad.detail) == (
        "syndication", "bad_field", "syndication answer: user.id_str is an object, expected a string")
    assert [r.source for r in resolution.versions] == ["oembed"]
    assert resolution.post.text.startswith("If you are interested about View Flattening")

    archive(db, server, embed_page())
    assert status(db, PHOTO) == ("available", None)
    assert [v[0] for v in versions(db, PHOTO)] == ["oembed"]
    assert [c[1] for c in checks(db, PHOTO)] == ["bad_answer", "ok"]


def test_resolution_outage_reason_names_the_bad_answer(server):
    server.overrides["/x/tweet-result"] = (200, b'{"__typename":"Tweet","id_str":1}',
                                           "application/json")
    server.overrides["/x/oembed"] = (404, b"{}", "application/json")
    resolution = resolve_post(PHOTO, Resolver(local_http(retries=0),
                                              syndication_url=f"{server.url}/x",
                                              oembed_url=f"{server.url}/x"))
    assert (resolution.status, resolution.reason) == ("outage", "bad_answer")
    assert [r.detail for r in resolution.bad_answers] == [
        "syndication answer: id_str is a number, expected a string"]


def test_emoji_and_photo_post_through_the_pipeline(db, server):
    server.tweets[EMOJI] = json.dumps(EMOJI_JSON, ensure_ascii=False)
    shown = EMOJI_SHOWN.replace(
        "https://t.co/Qm3Lk8vT2a", '<a href="https://t.co/Qm3Lk8vT2a">https://t.co/Qm3Lk8vT2a</a>')
    page = embed_page(f'{shown} <a href="https://t.co/Rb7Xh2nPq4">pic.x.com/Rb7Xh2nPq4</a>',
                      "SampleNewsDesk", "Sample News Desk", "October 13, 2025", EMOJI, "tr")
    report = archive(db, server, page)
    assert report.posts == {EMOJI: "available"} and report.media_stored == 1
    [(source, text, urls)] = versions(db, EMOJI)
    assert source == "syndication" and text == EMOJI_SHOWN
    assert json.loads(urls) == [list(link) for link in EMOJI_LINKS]
    [result] = verify_archive(db, checked_at="2026-11-24T12:00:00Z")
    assert result["verdict"] == "match", result


def test_a_retweet_oembed_answers_for_is_no_failure(db, server):
    """Syndication answers a retweet's id with the original post (a bad answer, kept);
    oEmbed answers for the id itself: the post is archived, and the run is no failure —
    `archive` said "bad answer from syndication" and exited 1 for every such embed."""
    own = json.loads((X_ANSWERS / f"{PHOTO}.json").read_text(encoding="utf-8"))
    own["id_str"] = RETWEET
    own["edit_control"]["edit_tweet_ids"] = [RETWEET]
    server.tweets[RETWEET] = json.dumps(own)  # (what oEmbed's answer is drawn from)
    original = (X_ANSWERS / f"{PHOTO}.json").read_bytes()
    server.overrides["/x/tweet-result"] = (200, original, "application/json")
    report = archive(db, server, embed_page(post_id=RETWEET, date="March 29, 2023"))
    assert [c[:3] for c in checks(db, RETWEET)] == [
        ("syndication", "bad_answer", "id_mismatch"), ("oembed", "ok", None)]
    assert status(db, RETWEET) == ("available", None)
    assert not any("bad answer" in line for line in report.failures), report.failures
