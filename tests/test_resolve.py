"""Post sources: parsing X's real answers, and classifying them by structure."""

import json
from pathlib import Path

import pytest

from archiver.resolve import Resolver, resolve_post
from archiver.resolve.fxtwitter import parse_fxtwitter
from archiver.resolve.oembed import parse_oembed
from archiver.resolve.syndication import original_size_url, parse_tweet_result

from .conftest import local_http

X = Path(__file__).parent / "pages" / "x"


def fixture(name: str) -> bytes:
    return (X / name).read_bytes()


def test_photo_post():
    outcome, post, signal, _ = parse_tweet_result(
        fixture("syndication_photo_1641086480675225601.json"), "1641086480675225601")
    assert (outcome, signal) == ("ok", None)
    assert post.post_id == "1641086480675225601"
    assert post.handle == "SamuelSusla" and post.author_name == "sammy"
    assert post.author_id == "469266133"
    assert post.text.endswith("Let me know what you think!")  # the media t.co is cut
    assert post.urls == (
        ("https://t.co/4G6RAMfrHy",
         "https://github.com/reactwg/react-native-new-architecture/discussions/110",
         "github.com/reactwg/react-…"),
        ("https://t.co/rQd6FIwZ0U",
         "https://twitter.com/SamuelSusla/status/1641086480675225601/photo/1",
         "pic.twitter.com/rQd6FIwZ0U"),
    )
    [photo] = post.media
    assert photo.type == "photo"
    assert photo.image_url == "https://pbs.twimg.com/media/FsZNOgcWAAEQtrd?format=jpg&name=orig"
    assert photo.display_url == "pic.twitter.com/rQd6FIwZ0U"
    assert post.edit_ids == ("1641086480675225601",) and not post.edited
    assert not post.source_truncated


def test_video_post_keeps_poster_and_variants_best_first():
    _, post, _, _ = parse_tweet_result(fixture("syndication_video_1684218600456876032.json"))
    [video] = post.media
    assert video.type == "video"
    assert video.image_url.startswith("https://pbs.twimg.com/amplify_video_thumb/")
    assert video.variants[0].endswith(".mp4?tag=14") and "886x546" in video.variants[0]
    assert any(".m3u8" in v for v in video.variants)
    # re-used media: the pic link expands to another account's post (X-FORMATS §2.3)
    assert "AiBreakfast/status/1684020175215927296" in video.expanded_url


def test_quote_post_and_hashtag():
    _, post, _, _ = parse_tweet_result(fixture("syndication_quoted_1641895049427550208.json"))
    assert post.quoted_post_id == "1641086480675225601"
    assert post.text.startswith("#ReactNative's new architecture")


def test_reply_with_parent():
    _, post, _, _ = parse_tweet_result(
        fixture("syndication_reply_with_parent_ABBREVIATED_2021699240393609717.json"))
    assert post.reply_to_post_id == "2021695412122661028"
    assert post.reply_to_handle


def test_entity_lists_given_as_empty_objects():
    _, post, _, _ = parse_tweet_result(
        fixture("syndication_text_highlighted_label_2023357708301455483.json"))
    assert post.urls == () and post.media == ()
    assert post.text.startswith("Underdocumented:")


def test_display_range_past_the_text_is_clamped():
    _, post, _, _ = parse_tweet_result(fixture("syndication_card_1629262255744503809.json"))
    assert post.text.startswith("📰 I recently joined @reactjs!")
    assert post.text.endswith("https://t.co/fI2B6TT8rL")


def test_long_post_is_marked_truncated_and_edits_counted():
    data = json.loads(fixture("syndication_photo_1641086480675225601.json"))
    data["note_tweet"] = {"id": "Tm90ZVR3ZWV0OjE2NDEw"}
    data["edit_control"]["edit_tweet_ids"] = ["1641086480675225601", "1641086480675225999"]
    data["isEdited"] = False  # not trusted
    _, post, _, _ = parse_tweet_result(json.dumps(data).encode())
    assert post.source_truncated
    assert post.edited and post.latest_edit_id == "1641086480675225999"


@pytest.mark.parametrize(
    "body, expected",
    [
        (fixture("syndication_tombstone_deleted.json"), ("unavailable", "tombstone")),
        (b'{"__typename":"TweetTombstone","tombstone":{}}', ("unavailable", "empty_tombstone")),
        (b'{"__typename":"TweetTombstone"}', ("unavailable", "empty_tombstone")),
        # the same tombstone in another language is the same signal
        (json.dumps({"__typename": "TweetTombstone", "tombstone": {"text": {
            "text": "Bu Gönderi, Gönderi sahibi tarafından silindi.", "entities": [],
            "rtl": False}}}).encode(), ("unavailable", "tombstone")),
        (b'{"__typename":"Tweet","id_str":"1","text":"x"}', ("unavailable", "no_user")),
        (b"{}", ("outage", "empty_json")),
        (b"<html>rate limited</html>", ("outage", "bad_json")),
        (b"[]", ("outage", "empty_json")),
    ],
)
def test_answers_are_classified_by_structure(body, expected):
    outcome, post, signal, _ = parse_tweet_result(body)
    assert (outcome, signal) == expected and post is None


def test_original_size_url():
    assert original_size_url("https://pbs.twimg.com/media/AbC.png") == (
        "https://pbs.twimg.com/media/AbC?format=png&name=orig")
    assert original_size_url("https://pbs.twimg.com/media/AbC?format=jpg&name=small") == (
        "https://pbs.twimg.com/media/AbC?format=jpg&name=small")


def test_oembed_answers_go_through_the_extractor():
    outcome, post, _, _ = parse_oembed(fixture("oembed_pepephone_436461658601713664_2021.json"),
                                       "436461658601713664")
    assert outcome == "ok"
    assert post.handle == "pepephone" and post.author_name == "Pepephone" and post.text
    assert post.urls == (("http://t.co/mFn7mcB1vy", None, "http://t.co/mFn7mcB1vy"),)
    timeline = parse_oembed(fixture("oembed_timeline_official_docs_example.json"), "1")
    assert (timeline.outcome, timeline.signal, timeline.post) == ("bad_answer", "bad_json", None)


def test_fxtwitter_status_shape():
    body = json.dumps({"code": 200, "status": {
        "id": "1977411517674615015", "text": "short", "raw_text": {"text": "the whole long text"},
        "author": {"id": "1004391034", "screen_name": "HakanFidan", "name": "Hakan Fidan"},
        "created_timestamp": 1760286619, "lang": "tr", "is_note_tweet": True,
        "media": {"all": [{"type": "photo", "url": "https://pbs.twimg.com/media/X.jpg"}]},
    }}).encode()
    outcome, post, _, _ = parse_fxtwitter(body, "1977411517674615015")
    assert outcome == "ok"
    assert post.text == "the whole long text" and post.author_id == "1004391034"
    assert post.created_at == "2025-10-12T16:30:19.000Z"
    assert post.media[0].image_url == "https://pbs.twimg.com/media/X.jpg"


# --- classification against the sample server ---------------------------------------------


@pytest.fixture
def resolver(sample_server):
    return Resolver(local_http(retries=1), syndication_url=f"{sample_server.url}/x",
                    oembed_url=f"{sample_server.url}/x")


def override(server, path, handler):
    server.overrides[path] = handler
    return handler


@pytest.fixture
def overrides(sample_server):
    yield sample_server
    sample_server.overrides.clear()


def test_available_post(resolver):
    resolution = resolve_post("1641086480675225601", resolver)
    assert resolution.status == "available"
    assert [r.source for r in resolution.results] == ["syndication"]
    assert resolution.post.handle == "SamuelSusla"


def test_deleted_needs_a_tombstone_and_an_oembed_404(resolver):
    resolution = resolve_post("1898792145515446306", resolver)
    assert (resolution.status, resolution.reason) == ("unavailable", "deleted")
    assert [(r.source, r.signal) for r in resolution.results] == [
        ("syndication", "tombstone"), ("oembed", "http_404")]


def _tombstone(text: str) -> bytes:
    """X's tombstone shape (tests/pages/x/syndication_tombstone_deleted.json) with a text."""
    return json.dumps({"__typename": "TweetTombstone", "tombstone": {"text": {
        "text": text, "entities": [], "rtl": False}}}).encode()


@pytest.mark.parametrize("text, oembed, reason", [
    ("This Post was deleted by the Post author. Learn more", 404, "deleted"),
    ("This Post is unavailable. Learn more", 404, "unknown"),
    ("This Post is from a suspended account. Learn more", 404, "suspended"),
    ("This Post is from a suspended account. Learn more", 403, "suspended"),
    ("This Post violated the X Rules. Learn more", 404, "withheld"),
    ("Age-restricted adult content. This content might not be appropriate for people under "
     "18 years old. Learn more", 404, "age_restricted"),
    ("You’re unable to view this Post because this account owner limits who can view their "
     "Posts. Learn more", 404, "protected"),
    # X localises the text: the structure alone decides
    ("تم حذف هذا المنشور من قبل كاتبه. معرفة المزيد", 404, "deleted"),
    ("Bu gönderi, gönderiyi yazan kişi tarafından silindi.", 403, "protected"),
    # ...in Latin letters too, which are not English words
    ("Bu gönderi, gönderiyi yazan kişi tarafından silindi. Daha fazla bilgi edinin", 404,
     "deleted"),
    ("Este post fue eliminado por el autor del post. Más información", 404, "deleted"),
    ("Ce post a été supprimé par son auteur. En savoir plus", 404, "deleted"),
    ("Dieser Post wurde vom Verfasser gelöscht. Weitere Informationen", 404, "deleted"),
])
def test_a_tombstones_english_wording_refines_the_reason(resolver, overrides, text, oembed,
                                                         reason):
    overrides.overrides["/x/tweet-result"] = (200, _tombstone(text), "application/json")
    overrides.overrides["/x/oembed"] = (oembed, b"{}", "application/json")
    resolution = resolve_post("1641086480675225601", resolver)
    assert (resolution.status, resolution.reason) == ("unavailable", reason)


@pytest.mark.parametrize(
    "syndication, oembed, expected",
    [
        ((200, b'{"__typename":"TweetTombstone"}', "application/json"), (403, b"{}"),
         ("unavailable", "withheld")),
        ((200, b'{"__typename":"TweetTombstone","tombstone":{}}', "application/json"), None,
         ("unavailable", "age_restricted")),
        ((200, b'{"__typename":"Tweet","id_str":"1641086480675225601","text":"x"}',
          "application/json"), (403, b"{}"), ("unavailable", "suspended")),
        ((200, fixture("syndication_tombstone_deleted.json"), "application/json"), (403, b"{}"),
         ("unavailable", "protected")),
        ((404, b"", "application/json"), (404, b""), ("unavailable", "unknown")),
        ((200, b"{}", "application/json"), (404, b""), ("outage", "empty_json")),
        ((503, b"busy", "text/plain"), (503, b"busy"), ("outage", "http_503")),
        ((429, b"slow down", "text/plain"), (404, b""), ("outage", "http_429")),
    ],
)
def test_status_decided_from_structure(resolver, overrides, syndication, oembed, expected):
    overrides.overrides["/x/tweet-result"] = syndication
    if oembed is not None:
        overrides.overrides["/x/oembed"] = (*oembed, "application/json")
    resolution = resolve_post("1641086480675225601", resolver)
    assert (resolution.status, resolution.reason) == expected


def test_oembed_fallback_when_syndication_fails(resolver, overrides):
    overrides.overrides["/x/tweet-result"] = (500, b"oops", "text/plain")
    resolution = resolve_post("1641086480675225601", resolver)
    assert resolution.status == "available"
    assert [(r.source, r.outcome) for r in resolution.results] == [
        ("syndication", "outage"), ("oembed", "ok")]
    assert resolution.post.handle == "SamuelSusla"
    assert resolution.post.text.startswith("If you are interested about View Flattening")


def test_token_is_sent(resolver, sample_server):
    before = len(sample_server.requests)
    resolve_post("1629262255744503809", resolver)
    [path] = [p for p in sample_server.requests[before:] if p.startswith("/x/tweet-result")]
    assert "token=3y6h7x4gn61" in path and "lang=en" in path


def test_a_post_left_unanswered_only_by_requests_never_sent_is_no_outage_to_report():
    """At the run's end, syndication answered {} (an outage) or was never sent, and the
    oEmbed request was never sent: a request the run kept back is X's failure in nothing
    (the post stays due, and no 'X did not answer' line is written); one X failed is."""
    from archiver.models import FetchResult, PostResult
    from archiver.pipeline import _only_stopped
    from archiver.resolve import Resolution

    stopped = FetchResult("u", "t", error="stopped", detail="GET u: not asked")
    empty = FetchResult("u", "t", status=200, body=b"{}")
    cut = PostResult("oembed", "1", "outage", stopped)
    assert _only_stopped(Resolution("1", "outage", "stopped", (
        PostResult("syndication", "1", "outage", stopped), cut)))
    assert not _only_stopped(Resolution("1", "outage", "empty", (
        PostResult("syndication", "1", "outage", empty), cut)))


def test_a_tombstone_saying_age_restricted_with_an_embeddable_post_is_age_restricted(
        resolver, overrides):
    """The wordless tombstone with oEmbed's 200 was age_restricted, the same post's
    tombstone in words was 'available': one state, one reason. oEmbed's copy is kept."""
    text = ("Age-restricted adult content. This content might not be appropriate for people "
            "under 18 years old. To view this media, you’ll need to log in to X. Learn more")
    overrides.overrides["/x/tweet-result"] = (200, _tombstone(text), "application/json")
    resolution = resolve_post("1641086480675225601", resolver)
    assert (resolution.status, resolution.reason) == ("unavailable", "age_restricted")
    assert [r.outcome for r in resolution.results] == ["unavailable", "ok"]


@pytest.mark.parametrize("text, cut", [
    ("A long post about the harbour works, " * 7 + "and more…", True),   # ~270 characters
    ("港湾の改修工事について、" * 12 + "…", True),                        # CJK weighs two
    ("I said no…", False),                                               # the author's own
    ("A long post about the harbour works, " * 7 + "and more.", False),
])
def test_oembed_s_copy_of_a_long_post_is_said_cut(text, cut):
    """When only oEmbed answers, a long post's text is cut at X's limit with "…": marked
    so, a quote of the whole post is past the cut (source_truncated), not altered."""
    from archiver.resolve.oembed import _cut_long_post

    assert _cut_long_post(text + " https://t.co/AbCdEf1234") == cut
