"""The whole archive job against the sample sites and X on 127.0.0.1: what succeeds is
stored, every failure is recorded with its reason, and a re-run fills in the rest."""

import hashlib
import io
import json
import time

import pytest
from PIL import Image

from archiver.demo import X_ANSWERS, sample_image
from archiver.pipeline import Archiver, archive_sources, recheck_posts
from archiver.resolve import Resolver

from .conftest import SAMPLES, archiver_for, local_http

PHOTO_POST = "1641086480675225601"
PHOTO_URL_PATH = "/pbs/media/FsZNOgcWAAEQtrd"


def make_archiver(db, server, **http_options):
    return archiver_for(db, server, **{"retries": 1, **http_options})


def run(archiver, *urls):
    return list(archive_sources(archiver, urls, workers=4))


def page(server, name):
    return f"{server.url}/news/{name}"


def scalar(db, sql, *params):
    return db.execute(sql, params).fetchone()[0]


def test_the_whole_sample(db, server):
    reports = run(make_archiver(db, server), *server.page_urls())
    assert all(r.error is None for r in reports)
    statuses = dict(db.execute("SELECT id, status || coalesce(':' || unavailable_reason, '')"
                               " FROM posts"))
    assert statuses["1898792145515446306"] == "unavailable:deleted"
    assert statuses[PHOTO_POST] == "available"
    assert set(statuses.values()) == {"available", "unavailable:deleted"}
    # X's raw answer is kept beside the parsed version, with its hash
    raw, raw_sha = db.execute("SELECT raw, raw_sha256 FROM post_versions WHERE post_id = ?"
                              " AND source = 'syndication'", [PHOTO_POST]).fetchone()
    assert hashlib.sha256(raw).hexdigest() == raw_sha and json.loads(raw)["id_str"] == PHOTO_POST
    # the tombstone itself is evidence too
    tomb = scalar(db, "SELECT body FROM post_checks WHERE post_id = '1898792145515446306'"
                      " AND source = 'syndication'")
    assert json.loads(tomb)["__typename"] == "TweetTombstone"
    # two photos, video poster stored, video file refused and recorded
    assert scalar(db, "SELECT count(*) FROM post_media m JOIN post_versions v ON v.id ="
                      " m.post_version_id WHERE v.post_id = '1898297687405494289'") == 2
    video = db.execute("SELECT status, error FROM media_fetches WHERE kind = 'video'").fetchall()
    assert video == [(403, "http_403")]
    poster = scalar(db, "SELECT count(*) FROM media_fetches WHERE url LIKE '%amplify_video_thumb%'"
                        " AND sha256 IS NOT NULL")
    assert poster == 1
    # authors by user id with their handles; renamed handles stay the same author
    assert scalar(db, "SELECT handle FROM authors WHERE id = '469266133'") == "SamuelSusla"
    # images: validated, hashed, thumbnail under 100 KB, real type
    for mime, width, phash, quality, thumb in db.execute(
            "SELECT mime, width, phash, phash_quality, thumbnail FROM media"):
        assert mime == "image/jpeg" and width == 1200
        assert len(phash) == 16 and 0 <= quality <= 100
        assert len(thumb) < 100 * 1024 and Image.open(io.BytesIO(thumb)).format == "JPEG"
    one = reports[[r.source for r in reports].index(page(server, "harbour-storm-desks.html"))]
    assert one.summary().endswith(
        "new, 2 embeds, 1 post archived, 1 unavailable (deleted), 2 media files, 0 failures")


def test_second_run_is_conditional_and_adds_nothing(db, server):
    archiver = make_archiver(db, server)
    url = page(server, "react-native-roundup.html")
    run(archiver, url)
    tables = ["article_fetches", "embeds", "post_versions", "post_checks", "media",
              "media_fetches", "post_status_events"]
    before = {t: scalar(db, f"SELECT count(*) FROM {t}") for t in tables}
    start = len(server.requests)
    [report] = run(make_archiver(db, server), url)
    assert report.fetch.status == 304 and report.recorded.state == "unchanged"
    assert {t: scalar(db, f"SELECT count(*) FROM {t}") for t in tables} == before
    assert server.requests[start:] == ["/robots.txt", "/news/react-native-roundup.html"]


def test_same_image_in_two_posts_is_stored_once(db, server):
    server.overrides["/pbs/media/G3B7sTzWAAA2nOq"] = (
        200, sample_image("G3Aa1bQXgAAk9Zc"), "image/jpeg")
    run(make_archiver(db, server), page(server, "shafaq-turkiye-syria-ankara-talks.html"))
    fetched = db.execute("SELECT sha256 FROM media_fetches WHERE kind = 'image'").fetchall()
    assert len(fetched) == 2 and fetched[0] == fetched[1]
    assert scalar(db, "SELECT count(*) FROM media") == 1


@pytest.mark.parametrize(
    "body, content_type, error",
    [
        (sample_image("FsZNOgcWAAEQtrd")[:6000], "image/jpeg", "truncated_image"),
        (b"<!doctype html><html><body>Rate limited</body></html>", "image/jpeg", "not_an_image"),
        ("bomb", "image/png", "decompression_bomb"),
    ],
)
def test_bad_image_is_a_recorded_failure_and_a_rerun_stores_it(db, server, body, content_type,
                                                               error):
    if body == "bomb":
        buffer = io.BytesIO()
        Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 Mpx in ~20 KB
        body = buffer.getvalue()
    server.overrides[PHOTO_URL_PATH] = (200, body, content_type)
    url = page(server, "react-native-roundup.html")
    [report] = run(make_archiver(db, server), url)
    assert any(error.replace("_", " ") in f for f in report.failures), report.failures
    row = db.execute("SELECT error, sha256 FROM media_fetches WHERE url LIKE ?",
                     [f"%{PHOTO_URL_PATH}%"]).fetchone()
    assert row == (error, None)
    assert scalar(db, "SELECT count(*) FROM media") == 0
    assert scalar(db, "SELECT status FROM posts WHERE id = ?", PHOTO_POST) == "available"

    server.overrides.clear()
    [again] = run(make_archiver(db, server), url)
    assert again.recorded.state == "unchanged" and again.failures == []
    assert scalar(db, "SELECT count(*) FROM media") == 1
    assert [r[0] for r in db.execute("SELECT error FROM media_fetches WHERE url LIKE ? ORDER BY id",
                                     [f"%{PHOTO_URL_PATH}%"])] == [error, None]


@pytest.mark.parametrize("fetch_media", [True, False])
def test_recheck_fetches_missing_media_only_when_media_is_wanted(db, server, fetch_media):
    server.overrides[PHOTO_URL_PATH] = (503, b"busy", "text/plain")
    run(make_archiver(db, server, retries=0), page(server, "react-native-roundup.html"))
    assert scalar(db, "SELECT count(*) FROM media") == 0
    server.overrides.clear()
    archiver = make_archiver(db, server)
    archiver.fetch_media = fetch_media
    [recorded] = recheck_posts(archiver, [PHOTO_POST], workers=1)
    assert recorded.status == "available" and recorded.new_versions == 0
    assert scalar(db, "SELECT count(*) FROM media") == (1 if fetch_media else 0)
    fetches = scalar(db, "SELECT count(*) FROM media_fetches WHERE url LIKE ?",
                     f"%{PHOTO_URL_PATH}%")
    assert fetches == (2 if fetch_media else 1)


def test_x_outage_leaves_posts_unchecked_and_a_rerun_fills_them_in(db, server):
    server.overrides["/x/tweet-result"] = (200, b"{}", "application/json")
    server.overrides["/x/oembed"] = (503, b"busy", "text/plain")
    url = page(server, "react-native-roundup.html")
    [report] = run(make_archiver(db, server, retries=0), url)
    assert report.error is None and len(report.failures) == 3
    assert {r[0] for r in db.execute("SELECT status FROM posts")} == {"unchecked"}
    assert scalar(db, "SELECT count(*) FROM post_status_events") == 0
    assert scalar(db, "SELECT count(*) FROM post_checks WHERE outcome = 'outage'") == 6
    assert scalar(db, "SELECT count(*) FROM post_versions WHERE source != 'embed'") == 0

    server.overrides.clear()
    [again] = run(make_archiver(db, server), url)
    assert again.failures == []
    assert {r[0] for r in db.execute("SELECT status FROM posts")} == {"available"}
    assert scalar(db, "SELECT count(*) FROM media") == 1


def test_429_with_retry_after_is_honoured(db, server):
    calls = []

    def limited(request, query):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, b"slow down", "text/plain", {"Retry-After": "1"}
        return None

    server.overrides["/x/tweet-result"] = limited
    run(make_archiver(db, server, retries=2), page(server, "arabic-summer-games-windows-1256.html"))
    assert len(calls) == 2 and calls[1] - calls[0] >= 0.95
    assert scalar(db, "SELECT status FROM posts") == "available"
    assert [r[0] for r in db.execute("SELECT status FROM post_checks")] == [200]


def test_500_then_success(db, server):
    calls = []

    def flaky(request, query):
        calls.append(1)
        return (500, b"oops", "text/plain") if len(calls) == 1 else None

    server.overrides["/news/superconductor-amp.html"] = flaky
    [report] = run(make_archiver(db, server, retries=2), page(server, "superconductor-amp.html"))
    assert report.error is None and report.fetch.status == 200 and len(calls) == 2
    assert scalar(db, "SELECT count(*) FROM article_fetches") == 1


def test_server_slower_than_the_timeout(db, server):
    def slow(request, query):
        time.sleep(1.0)

    server.overrides["/news/react-native-roundup.html"] = slow
    url = page(server, "react-native-roundup.html")
    [report] = run(make_archiver(db, server, retries=0, read_timeout=0.3), url)
    assert report.error == "timeout"
    assert db.execute("SELECT status, error FROM article_fetches").fetchall() == [(None, "timeout")]
    assert scalar(db, "SELECT count(*) FROM embeds") == 0

    server.overrides.clear()
    [again] = run(make_archiver(db, server), url)
    assert again.error is None and scalar(db, "SELECT count(*) FROM embeds") == 3


def test_body_over_the_cap(db, server):
    url = page(server, "react-native-roundup.html")
    [report] = run(make_archiver(db, server, max_body_bytes=1000), url)
    assert report.error == "too_large"
    row = db.execute("SELECT error, detail, body FROM article_fetches").fetchone()
    assert row[0] == "too_large" and "cap" in row[1] and row[2] is None


def test_redirect_to_a_refused_address(db, server):
    target = server.url.replace("127.0.0.1", "127.0.0.2") + "/news/react-native-roundup.html"
    server.overrides["/news/moved.html"] = (302, b"", "text/html", {"Location": target})
    archiver = make_archiver(db, server, allow_private=False,
                             allowed_networks=("127.0.0.1/32",))
    start = len(server.requests)
    [report] = run(archiver, page(server, "moved.html"))
    assert report.error == "refused_address"
    error, detail = db.execute("SELECT error, detail FROM article_fetches").fetchone()
    assert error == "refused_address" and "127.0.0.2" in detail
    assert server.requests[start:] == ["/robots.txt", "/news/moved.html"]


def test_unavailable_post_keeps_the_articles_copy(db, server):
    run(make_archiver(db, server), page(server, "harbour-storm-desks.html"))
    text = scalar(db, "SELECT quoted_text FROM embeds WHERE post_id = '1898792145515446306'")
    assert text == "The harbour road is closed until further notice. Updates to follow."
    # The article's copy is its claim; X never served the post, so it has no version.
    assert scalar(db, "SELECT count(*) FROM post_versions"
                      " WHERE post_id = '1898792145515446306'") == 0
    events = db.execute("SELECT status, reason, previous_status FROM post_status_events"
                        " WHERE post_id = '1898792145515446306'").fetchall()
    assert events == [("unavailable", "deleted", "unchecked")]


def test_long_post_is_marked_and_the_mirror_is_third_party_evidence(db, server):
    long_post = "1977411517674615015"  # the seed's HakanFidan post: X cut it (note_tweet)
    server.full_texts[long_post] = "Suriye halkının … the whole long text, as the mirror has it."
    http = local_http(retries=0)
    resolver = Resolver(http, syndication_url=f"{server.url}/x", oembed_url=f"{server.url}/x",
                        fxtwitter_url=f"{server.url}/fx", use_fxtwitter=True)
    try:
        list(archive_sources(Archiver(db, http, resolver),
                             [page(server, "shafaq-turkiye-syria-ankara-talks.html")], workers=1))
    finally:
        server.full_texts.clear()
    rows = db.execute("SELECT source, source_truncated, third_party, text FROM post_versions"
                      " WHERE post_id = ? ORDER BY id", [long_post]).fetchall()
    assert [r[:3] for r in rows] == [("syndication", 1, 0), ("fxtwitter", 0, 1)]
    assert rows[1][3].endswith("as the mirror has it.")
    # the post's current version stays X's own
    latest = scalar(db, "SELECT v.source FROM posts p JOIN post_versions v"
                        " ON v.id = p.latest_version_id WHERE p.id = ?", long_post)
    assert latest == "syndication"
    # a post X serves whole is not sent to the mirror
    assert scalar(db, "SELECT count(*) FROM post_checks WHERE source = 'fxtwitter'") == 3


def test_quote_and_reply_links_are_kept(db, server):
    run(make_archiver(db, server), page(server, "react-native-roundup.html"))
    quoted = scalar(db, "SELECT quoted_post_id FROM post_versions WHERE post_id ="
                        " '1641895049427550208' AND source = 'syndication'")
    assert quoted == PHOTO_POST


def _archive_as_another_post(db, server, post_id: str, name: str, page_html: bytes,
                             **user) -> None:
    """X's answer for PHOTO_POST served as post `post_id`, its user's fields changed
    (`user`: a new screen_name, another id_str), and a page linking it archived."""
    answer = json.loads((X_ANSWERS / f"{PHOTO_POST}.json").read_text(encoding="utf-8"))
    answer["id_str"] = post_id
    answer["user"].update(user)
    answer["edit_control"]["edit_tweet_ids"] = [post_id]
    server.tweets[post_id] = json.dumps(answer)
    server.pages[name] = page_html
    try:
        list(archive_sources(make_archiver(db, server), [page(server, name)], workers=1))
    finally:
        server.tweets.clear()
        server.pages.clear()


def test_renamed_handle_is_the_same_author_with_history(db, server):
    _archive_as_another_post(
        db, server, "1900000000000000001", "renamed.html",
        b'<html><body><a href="https://x.com/SamuelSusla/status/1641086480675225601">old</a>'
        b'<a href="https://x.com/SamuelSuslaNew/status/1900000000000000001">new</a></body></html>',
        screen_name="SamuelSuslaNew")
    # one author, keyed by X's user id, with both handles in its history
    assert db.execute("SELECT id, handle FROM authors").fetchall() == [
        ("469266133", "SamuelSuslaNew")]
    history = db.execute("SELECT handle FROM author_handles WHERE author_id = '469266133'"
                         " ORDER BY first_seen_at, handle").fetchall()
    assert sorted(h for (h,) in history) == ["SamuelSusla", "SamuelSuslaNew"]
    assert {r[0] for r in db.execute("SELECT author_id FROM posts")} == {"469266133"}
    # a lookup by either handle finds the account's posts, each under the handle it shows
    from archiver.store import find_posts

    for handle in ("SamuelSusla", "@samuelsuslanew"):
        assert sorted((r["post_id"], r["handle"]) for r in find_posts(db, handle=handle)) == [
            (PHOTO_POST, "SamuelSusla"), ("1900000000000000001", "SamuelSuslaNew")]
    assert find_posts(db, handle="SamuelSuslaOld") == []
    # the command line says which handle the account has now, only when asked the old one
    from pathlib import Path

    from click.testing import CliRunner

    from archiver.cli import cli

    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    old = CliRunner().invoke(cli, ["posts", "--db", str(path), "--handle", "samuelsusla"])
    assert old.exit_code == 0 and old.stderr.strip() == (
        "archiver: @samuelsusla is a handle the same account had before: it is now "
        "@SamuelSuslaNew")
    now = CliRunner().invoke(cli, ["posts", "--db", str(path), "--handle", "SAMUELSUSLANEW"])
    assert now.exit_code == 0 and now.stderr == "" and "2 posts" in now.stdout
    # another account takes the handle given up: both are listed, and the first's new
    # handle is still said (it was dropped once any account held the handle asked)
    _archive_as_another_post(
        db, server, "1900000000000000002", "taken.html",
        b'<html><body><a href="https://x.com/SamuelSusla/status/1900000000000000002">x</a>'
        b"</body></html>", id_str="77", screen_name="SamuelSusla")
    both = CliRunner().invoke(cli, ["posts", "--db", str(path), "--handle", "samuelsusla"])
    assert both.exit_code == 0 and "3 posts" in both.stdout, both.output
    assert both.stderr.strip() == ("archiver: @samuelsusla is also a handle another account "
                                   "had before: that account is now @SamuelSuslaNew")


def test_a_recheck_x_does_not_answer_leaves_the_post_due(db, server):
    """An outage is no check: the post's last check stays the last answer X gave, so the
    next run asks again ("asked again next run"), not in 30 days."""
    from archiver.store import posts_due_by_age

    url = page(server, "arabic-summer-games-windows-1256.html")
    run(make_archiver(db, server), url)
    [(post_id,)] = db.execute("SELECT id FROM posts").fetchall()
    checked = "2020-01-01T00:00:00Z"  # as if X last answered long ago
    db.execute("UPDATE posts SET last_checked_at = ?", [checked])
    db.conn.commit()
    server.overrides["/x/tweet-result"] = (503, b"busy", "text/plain")
    server.overrides["/x/oembed"] = (503, b"busy", "text/plain")
    try:
        recheck_posts(make_archiver(db, server, retries=0), [post_id], workers=1)
    finally:
        server.overrides.clear()
    assert scalar(db, "SELECT count(*) FROM post_checks WHERE outcome = 'outage'") == 2
    assert db.execute("SELECT last_checked_at FROM posts").fetchone() == (checked,)
    assert posts_due_by_age(db, "2099-01-01T00:00:00Z", 10) == [post_id]


def test_a_request_the_runs_deadline_kept_from_being_sent_is_no_check(db, server):
    """Past --max-duration, X is not asked: no post_checks row says it was."""
    url = page(server, "arabic-summer-games-windows-1256.html")
    run(make_archiver(db, server), url)
    [(post_id,)] = db.execute("SELECT id FROM posts").fetchall()
    before = scalar(db, "SELECT count(*) FROM post_checks")
    archiver = make_archiver(db, server)
    archiver.http.deadline = time.monotonic() - 1  # the run's time is up
    recheck_posts(archiver, [post_id], workers=1)
    assert scalar(db, "SELECT count(*) FROM post_checks") == before


def test_a_page_stored_by_a_run_killed_before_it_verified_is_verified_next_run(db, server):
    """The page and its embeds were written, the process killed before verifying; the next
    run finds the page unchanged (304 or the same bytes) and still verifies it."""
    url = page(server, "react-native-roundup.html")
    unverified = make_archiver(db, server)
    unverified.verify = False  # what a kill between the two stages leaves
    run(unverified, url)
    assert scalar(db, "SELECT count(*) FROM verifications") == 0
    [again] = run(make_archiver(db, server), url)
    assert again.recorded.state == "unchanged"
    assert scalar(db, "SELECT count(DISTINCT embed_id) FROM verifications") == \
        scalar(db, "SELECT count(*) FROM embeds")
    [third] = run(make_archiver(db, server), url)  # verified once, not on every run
    assert scalar(db, "SELECT count(*) FROM verifications") == \
        scalar(db, "SELECT count(*) FROM embeds")


def test_a_page_whose_bytes_change_only_where_no_reader_looks_is_unchanged(db, server):
    """A per-request nonce in a script tag (no ETag, as many news sites): the page a reader
    sees is the same, so it is not stored again on every run; a changed word is."""
    page_bytes = (SAMPLES / "harbour-storm-desks.html").read_bytes()
    served = {"n": 0, "extra": b""}

    def with_nonce(request, query):
        served["n"] += 1
        nonce = f'<script nonce="n{served["n"]:08d}">window.x = {served["n"]};</script>'
        return 200, page_bytes.replace(b"</head>", nonce.encode() + b"</head>", 1) \
            .replace(b"</body>", served["extra"] + b"</body>", 1), "text/html; charset=utf-8"

    server.overrides["/news/nonce.html"] = with_nonce
    url = f"{server.url}/news/nonce.html"
    try:
        [first] = run(make_archiver(db, server), url)
        [second] = run(make_archiver(db, server), url)
        served["extra"] = b"<p>Update: the road has reopened.</p>"
        [third] = run(make_archiver(db, server), url)
    finally:
        server.overrides.clear()
    assert (first.recorded.state, second.recorded.state, third.recorded.state) == (
        "new", "unchanged", "changed")
    assert scalar(db, "SELECT count(*) FROM article_fetches") == 2
    assert served["n"] == 3


def test_the_same_check_of_the_same_evidence_is_recorded_once_across_jobs(db, sample_server):
    """An article verified again in another job (a run killed before it finished
    verifying, whose next run verifies the article's embeds again) records no second row
    of a check that finds what the newest one found; a check that finds otherwise would be
    recorded."""
    page = f"{sample_server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    [report] = archive_sources(archiver_for(db, sample_server), [page], workers=1)
    count = "SELECT count(*) FROM verifications"
    before = db.execute(count).fetchone()[0]
    assert before > 0
    again = archiver_for(db, sample_server)  # another job
    results, problems = again.verify_changes([report.recorded.article_id], [])
    assert results and problems == []
    assert db.execute(count).fetchone()[0] == before


def test_a_deleted_post_stays_deleted_when_x_later_says_less(db, server):
    """Found deleted, then X's notice says the account is suspended (a Tweet without its
    user, oEmbed 403): a deletion is final, and a suspension hides every post of the
    account, deleted or not. The post stays deleted, since when it was found so; X's
    later answer is kept as evidence all the same."""
    deleted = "1898792145515446306"
    run(make_archiver(db, server), page(server, "harbour-storm-desks.html"))
    status = "SELECT status, unavailable_reason, status_since FROM posts WHERE id = ?"
    before = db.execute(status, [deleted]).fetchone()
    assert before[:2] == ("unavailable", "deleted")
    checks = scalar(db, "SELECT count(*) FROM post_checks WHERE post_id = ?", deleted)
    server.overrides["/x/tweet-result"] = (200, json.dumps(
        {"__typename": "Tweet", "id_str": deleted, "text": "x"}).encode(), "application/json")
    server.overrides["/x/oembed"] = (403, b"", "application/json")
    try:
        [recorded] = recheck_posts(make_archiver(db, server, retries=0), [deleted], workers=1)
    finally:
        server.overrides.clear()
    assert (recorded.status, recorded.reason) == ("unavailable", "deleted")
    assert db.execute(status, [deleted]).fetchone() == before
    assert scalar(db, "SELECT count(*) FROM post_checks WHERE post_id = ?", deleted) > checks


def test_a_run_where_only_oembed_answered_leaves_the_listings_text_as_x_serves_it(db, server):
    """The post's listing shows X's text from its fullest copy (the embedded-post data: a
    photo's link kept out of the words): a later run where only oEmbed answered, whose
    copy writes the photo's pic.twitter.com link into the text, changes nothing of it."""
    from archiver.store import find_posts

    run(make_archiver(db, server), page(server, "react-native-roundup.html"))
    [before] = [p for p in find_posts(db) if p["post_id"] == PHOTO_POST]
    db.execute("UPDATE posts SET last_checked_at = '2020-01-01T00:00:00Z'")
    db.conn.commit()
    server.overrides["/x/tweet-result"] = (503, b"busy", "text/plain")
    try:
        recheck_posts(make_archiver(db, server, retries=0), [PHOTO_POST], workers=1)
    finally:
        server.overrides.clear()
    assert scalar(db, "SELECT v.source FROM posts p JOIN post_versions v ON v.id ="
                      " p.latest_version_id WHERE p.id = ?", PHOTO_POST) == "oembed"
    [after] = [p for p in find_posts(db) if p["post_id"] == PHOTO_POST]
    assert (after["text"], after["text_cut"]) == (before["text"], before["text_cut"])
    assert "pic.twitter.com" not in after["text"]


@pytest.mark.parametrize("oembed", [(503, b"busy", "text/plain"),
                                    # a 404 from oEmbed alone is not believed: no answer
                                    (404, b"", "text/plain")])
def test_a_post_x_did_not_answer_is_asked_at_the_very_next_run(db, server, oembed):
    """"asked again next run" was said, but a post X had answered the day before stayed
    off the age schedule for weeks: an outage since the last answer makes it due now."""
    from archiver.clock import utc_now
    from archiver.store import posts_due_by_age

    url = page(server, "arabic-summer-games-windows-1256.html")
    run(make_archiver(db, server), url)
    [(post_id,)] = db.execute("SELECT id FROM posts").fetchall()
    assert posts_due_by_age(db, utc_now(), 10) == []  # just answered: not due
    server.overrides["/x/tweet-result"] = (503, b"busy", "text/plain")
    server.overrides["/x/oembed"] = oembed
    try:
        [recorded] = recheck_posts(make_archiver(db, server, retries=0), [post_id], workers=1)
    finally:
        server.overrides.clear()
    assert any("asked again next run" in line for line in recorded.problems)
    assert posts_due_by_age(db, utc_now(), 10) == [post_id]
    recheck_posts(make_archiver(db, server), [post_id], workers=1)  # X answers again
    assert posts_due_by_age(db, utc_now(), 10) == []
