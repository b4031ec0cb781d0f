"""Verification through the real pipeline: archives built from the sample X on loopback."""

import json

from click.testing import CliRunner

from archiver.cli import cli
from archiver.demo import X_ANSWERS
from archiver.pipeline import archive_sources, recheck_posts
from archiver.store import open_archive
from archiver.verification import verify_archive
from archiver.verify import VERIFIER_VERSION

from .conftest import SAMPLES, archiver_for

PHOTO = "1641086480675225601"
PHOTO_TEXT = ("If you are interested about View Flattening in React Native, I wrote a short post "
              "about it: <a href=\"https://t.co/4G6RAMfrHy\">https://t.co/4G6RAMfrHy</a><br><br>"
              "Let me know what you think!")


def embed_page(text=PHOTO_TEXT, handle="SamuelSusla", name="sammy", date="March 29, 2023",
               post_id=PHOTO):
    return (f'<html><body><p>Story.</p><blockquote class="twitter-tweet"><p lang="en">{text}</p>'
            f'&mdash; {name} (@{handle}) <a href="https://twitter.com/{handle}/status/{post_id}">'
            f"{date}</a></blockquote></body></html>").encode()


def archive_and_verify(db, server, page: bytes, name="p.html"):
    server.pages[name] = page
    url = f"{server.url}/news/{name}"
    [report] = archive_sources(archiver_for(db, server), [url], workers=1)
    assert report.error is None
    return verify_archive(db, article_url=url, checked_at="2026-11-24T12:00:00Z")


def test_faithful_quote_matches(db, server):
    [result] = archive_and_verify(db, server, embed_page())
    assert (result["verdict"], result["findings"], result["score"]) == ("match", ["match"], 100.0)


def test_altered_quote_gives_score_and_diff(db, server):
    [result] = archive_and_verify(db, server, embed_page(PHOTO_TEXT.replace("short", "long")))
    assert result["verdict"] == "altered" and 90 < result["score"] < 100
    assert [(d["op"], d["quote"], d["post"]) for d in result["diff"]] == [
        ("replace", "long", "short")]
    row = db.execute("SELECT verdict, findings, diff, verifier_version FROM verifications").fetchone()
    assert row[0] == "altered" and json.loads(row[1]) == ["altered"] and json.loads(row[2])
    assert row[3] == VERIFIER_VERSION


def test_misattributed_quote(db, server):
    [result] = archive_and_verify(db, server, embed_page(handle="mattcarrollcode",
                                                         name="Matt Carroll"))
    assert result["verdict"] == "author_mismatch"
    assert "@SamuelSusla" in result["details"]["author_mismatch"]


def test_wrong_shown_date(db, server):
    [result] = archive_and_verify(db, server, embed_page(date="April 30, 2023"))
    assert result["verdict"] == "date_mismatch" and result["findings"] == ["date_mismatch", "match"]


def test_edit_chain(db, server):
    edited = json.loads((X_ANSWERS / f"{PHOTO}.json").read_text(encoding="utf-8"))
    edited["edit_control"]["edit_tweet_ids"] = [PHOTO, "1641090000000000000"]
    server.tweets[PHOTO] = json.dumps(edited)
    [result] = archive_and_verify(db, server, embed_page())
    assert result["verdict"] == "edited" and "1641090000000000000" in result["details"]["edited"]


def test_long_post_shown_truncated(db, server):
    url = f"{server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    list(archive_sources(archiver_for(db, server), [url], workers=1))
    results = verify_archive(db, article_url=url, checked_at="2026-11-24T12:00:00Z")
    assert [r["verdict"] for r in results] == ["truncated"] * 3


def test_quote_past_xs_cut_is_source_truncated(db, server):
    seed = json.loads((X_ANSWERS / "1977411517674615015.json").read_text(encoding="utf-8"))
    full = seed["text"].rsplit(" https://t.co/", 1)[0]
    page = embed_page(full + " Bu konuda yakın iş birliğimizi sürdüreceğiz.", "HakanFidan",
                      "Hakan Fidan", "October 12, 2025", "1977411517674615015")
    [result] = archive_and_verify(db, server, page)
    assert result["verdict"] == "source_truncated"


def test_plain_text_embed_is_matched_to_the_archived_post(db, server):
    archiver = archiver_for(db, server)
    list(archive_sources(archiver, [f"{server.url}/news/shafaq-turkiye-syria-ankara-talks.html",
                                    str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")],
                         workers=1))
    results = verify_archive(db, article_url=(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")
                             .resolve().as_uri(), checked_at="2026-11-24T12:00:00Z")
    assert [r["post_id"] for r in results] == [
        "1977323638617121713", "1977344933098472786", "1977411517674615015"]
    assert all(r["verdict"] == "truncated" and "matched" in r["details"] for r in results)


def test_plain_text_embed_with_nothing_archived_is_unverifiable(db, server):
    archive_source_text = str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")
    list(archive_sources(archiver_for(db, server), [archive_source_text], workers=1))
    results = verify_archive(db, checked_at="2026-11-24T12:00:00Z")
    assert {r["verdict"] for r in results} == {"unverifiable"}


def test_post_deleted_between_two_runs_adds_a_verdict_and_keeps_the_old(db, server):
    [first] = archive_and_verify(db, server, embed_page())
    assert first["verdict"] == "match"
    tombstone = (X_ANSWERS / "1898792145515446306.json").read_bytes()

    def gone(request, query):
        return (200, tombstone, "application/json") if query.get("id") == PHOTO else None

    server.overrides["/x/tweet-result"] = gone
    server.overrides["/x/oembed"] = (404, b"{}", "application/json")
    recheck_posts(archiver_for(db, server), [PHOTO], workers=1)
    [second] = verify_archive(db, checked_at="2026-11-25T12:00:00Z")
    assert second["verdict"] == "unavailable" and second["findings"] == ["unavailable", "match"]
    assert "deleted" in second["details"]["unavailable"]
    history = db.execute("SELECT verdict, checked_at FROM verifications ORDER BY id").fetchall()
    # The pipeline verified after archiving and after the re-check found the post deleted;
    # each verify on demand added its own row; none replaced an earlier one.
    assert [v for v, _ in history] == ["match", "match", "unavailable", "unavailable"]
    assert [at for _, at in history][1::2] == ["2026-11-24T12:00:00Z", "2026-11-25T12:00:00Z"]
    # the archived copy stands: X's version from the first run is still there
    assert db.execute("SELECT count(*) FROM post_versions WHERE post_id = ? AND source ="
                      " 'syndication'", [PHOTO]).fetchone()[0] == 1


def test_cli_verify_json_and_recheck(tmp_path, server):
    db = tmp_path / "a.db"
    runner = CliRunner()
    server.pages["p.html"] = embed_page()
    url = f"{server.url}/news/p.html"
    assert runner.invoke(cli, ["archive", "--db", str(db), url]).exit_code == 0
    result = runner.invoke(cli, ["verify", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"article_url", "post_id", "verdict", "findings", "score", "diff",
            "checked_at"} <= set(record)
    assert (record["article_url"], record["post_id"], record["verdict"]) == (url, PHOTO, "match")

    server.overrides["/x/tweet-result"] = (200, (X_ANSWERS / "1898792145515446306.json")
                                           .read_bytes(), "application/json")
    server.overrides["/x/oembed"] = (404, b"{}", "application/json")
    table = runner.invoke(cli, ["verify", "--db", str(db), "--recheck", "--recheck-after", "0"])
    assert table.exit_code == 0, table.output
    assert "re-checked 1 post" in table.stdout and "unavailable" in table.stdout
    assert "verified 1 embed: 1 unavailable; 0 misquotes" in table.stdout
    rows = open_archive(db).execute("SELECT verdict FROM verifications ORDER BY id").fetchall()
    # archive verified, verify --json added a row, verify --recheck one more
    assert rows == [("match",), ("match",), ("unavailable",)]


def test_prose_quotes_are_checked_and_recorded(db, server):
    from archiver.verification import check_prose_quotes

    url = f"{server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    list(archive_sources(archiver_for(db, server), [url], workers=1))
    [claim] = check_prose_quotes(db, article_url=url, checked_at="2026-11-24T12:00:00Z")
    assert (claim["handle"], claim["result"]) == ("HakanFidan", "cross_language")
    row = db.execute("SELECT handle, quote, result, post_id FROM quote_claims").fetchone()
    assert row == ("HakanFidan", "Syria’s security cannot be separated from Turkiye’s security.",
                   "cross_language", "1977411517674615015")


def test_a_prose_quote_checked_before_its_post_was_archived_is_checked_again(db, server):
    """The seed as plain text quotes Fidan in its prose; archived first, none of his posts
    is archived yet and the quote is not found. Archiving the seed's HTML page, which
    embeds his post with its id, checks that quote again: the newer check is appended, the
    first one stays."""
    text = str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")
    html = f"{server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    archiver = archiver_for(db, server)
    list(archive_sources(archiver, [text], workers=1))
    [(text_article,)] = db.execute("SELECT article_id FROM quote_claims").fetchall()
    first = db.execute("SELECT result FROM quote_claims").fetchall()
    assert first == [("not_found",)]
    list(archive_sources(archiver, [html], workers=1))
    rows = db.execute("SELECT result, post_id FROM quote_claims WHERE article_id = ?"
                      " ORDER BY id", (text_article,)).fetchall()
    assert rows == [("not_found", None), ("cross_language", "1977411517674615015")]
    # nothing changes on a second pass: no new row
    list(archive_sources(archiver_for(db, server), [html], workers=1))
    assert db.execute("SELECT count(*) FROM quote_claims WHERE article_id = ?",
                      (text_article,)).fetchone() == (2,)


def test_verify_counts_an_altered_prose_quote_as_a_misquote_said_apart(tmp_path, server):
    """The article's embed is faithful, its prose changes the post's words ("slowly" for
    "fast"): `archiver verify` prints the altered prose quote and counts it as the one
    misquote, in the article's prose; with the embed altered too, two, one in the prose."""
    from .prose_pages import PAGES

    server.pages.update(PAGES)
    urls = {name: f"{server.url}/news/{name}" for name in ("tide-prose.html", "tide-both.html")}
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["archive", "--db", str(db), *urls.values()])
    assert result.exit_code == 0, result.output
    said = {}
    for name, url in urls.items():
        result = CliRunner().invoke(cli, ["verify", "--db", str(db), "--article", url])
        assert result.exit_code == 0, result.output
        said[name] = result.output.splitlines()[-2]
    assert said == {
        "tide-prose.html": "verified 1 embed: 1 match; 1 quote in the article's prose: "
                           "1 altered; 1 misquote (in the article's prose)",
        "tide-both.html": "verified 1 embed: 1 altered; 1 quote in the article's prose: "
                          "1 altered; 2 misquotes (1 in the article's prose)"}
    every = CliRunner().invoke(cli, ["verify", "--db", str(db)])
    assert every.output.splitlines()[-2].endswith(
        "; 2 quotes in articles' prose: 2 altered; 3 misquotes (2 in articles' prose)")

def _prose_claims_beside_two_embeds(db, server, name: str, prose: str) -> list[dict]:
    """The prose checks of a page that embeds a post of @SamuelSusla's and one of
    @HakanFidan's, with `prose` as its paragraph after them (not recorded)."""
    from archiver.verification import check_prose_quotes

    fidan = "1977411517674615015"
    server.pages[name] = (
        "<html><body><p>Two posts.</p>"
        '<blockquote class="twitter-tweet"><p lang="en">If you are interested about View '
        "Flattening…</p>&mdash; sammy (@SamuelSusla) "
        f'<a href="https://twitter.com/SamuelSusla/status/{PHOTO}">March 29, 2023</a></blockquote>'
        '<blockquote class="twitter-tweet"><p lang="tr">Suriye halkının özgürlüğe…</p>&mdash; '
        f'Hakan Fidan (@HakanFidan) <a href="https://twitter.com/HakanFidan/status/{fidan}">'
        f"October 12, 2025</a></blockquote><p>{prose}</p></body></html>").encode()
    url = f"{server.url}/news/{name}"
    list(archive_sources(archiver_for(db, server), [url], workers=1))
    return check_prose_quotes(db, article_url=url, checked_at="2026-11-24T12:00:00Z",
                              record=False)


def test_a_prose_quote_of_another_embedded_authors_words_names_them(db, server):
    """An article puts an embedded author's exact words in another embedded author's
    mouth: not in the named author's posts, and the check says whose post they are, rather
    than calling them a translation. (Said, not judged: the author named may have posted
    them too, in a post never archived.)"""
    claims = _prose_claims_beside_two_embeds(
        db, server, "two-authors.html", "Hakan Fidan wrote: “If you are interested about View "
        "Flattening in React Native, I wrote a short post about it”.")
    [claim] = [c for c in claims if c["handle"] == "HakanFidan"]
    assert claim["result"] == "not_found"
    assert claim["detail"] == (f"not in @HakanFidan's archived posts; these are the words of "
                               f"@SamuelSusla's post {PHOTO}, which the article shows too")


def test_an_embed_showing_another_photos_link_is_altered(db, server, db_path):
    """The sample post's photo is pic.twitter.com/rQd6FIwZ0U: its embed with that link
    matches, with another photo's link it shows a photo the post never had."""
    own = PHOTO_TEXT + ' <a href="https://t.co/rQd6FIwZ0U">pic.twitter.com/rQd6FIwZ0U</a>'
    [result] = archive_and_verify(db, server, embed_page(own), "own-photo.html")
    assert result["verdict"] == "match", result
    other = PHOTO_TEXT + ' <a href="https://t.co/Zz9Yy8Xx7W">pic.twitter.com/Zz9Yy8Xx7W</a>'
    [result] = archive_and_verify(db, server, embed_page(other), "other-photo.html")
    assert result["verdict"] == "altered"
    assert "pic.twitter.com/Zz9Yy8Xx7W" in result["details"]["altered"]
    # the article's page says why; it marks no difference of words, where there is none
    from .test_browse import get, text_of

    said = text_of(get(db_path, f"/article/{result['article_id']}").text)
    assert "shows a photo link the post does not have (pic.twitter.com/Zz9Yy8Xx7W)" in said
    assert "The difference" not in said


def test_past_xs_cut_a_mirrors_full_text_is_said_never_judged(db, server):
    """A long post X serves cut; a third-party mirror's full text is archived beside it
    (never as X's). A quote that goes on past X's cut stays source_truncated, and its
    detail says whether the mirror's rest is the quote's."""
    from archiver.pipeline import Archiver
    from archiver.resolve import Resolver

    from .conftest import local_http

    long_post = "1977411517674615015"
    seed = json.loads((X_ANSWERS / f"{long_post}.json").read_text(encoding="utf-8"))
    cut = seed["text"].rsplit(" https://t.co/", 1)[0]
    rest = " Bu konuda yakın iş birliğimizi sürdüreceğiz."
    server.full_texts[long_post] = cut + rest
    http = local_http(retries=0)
    resolver = Resolver(http, syndication_url=f"{server.url}/x", oembed_url=f"{server.url}/x",
                        fxtwitter_url=f"{server.url}/fx", use_fxtwitter=True)
    said = {}
    try:
        for name, shown in (("as.html", rest), ("other.html", rest.replace("sürdüreceğiz",
                                                                            "bitireceğiz"))):
            server.pages[name] = embed_page(cut + shown, "HakanFidan", "Hakan Fidan",
                                            "October 12, 2025", long_post)
            url = f"{server.url}/news/{name}"
            [report] = archive_sources(Archiver(db, http, resolver), [url], workers=1)
            assert report.error is None
            [result] = verify_archive(db, article_url=url, checked_at="2026-11-24T12:00:00Z")
            assert result["verdict"] == "source_truncated", result
            said[name] = result["details"]["source_truncated"]
    finally:
        server.full_texts.clear()
    assert said["as.html"].endswith("a third-party mirror's full text (fxtwitter, not X's) "
                                    "has the rest as quoted")
    assert "differs from the quote: “bitireceğiz” where it has “sürdüreceğiz”" in said["other.html"]


def test_a_copy_without_id_showing_a_wrong_date_is_its_post_with_a_wrong_date(db, server):
    """A plain-text copy of an embed whose date is days off: no post of the author's is
    within a day of it, but exactly one has its words to the letter: that is its post,
    and the date is found wrong (it was unverifiable)."""
    archive_and_verify(db, server, embed_page(), "embed.html")
    words = ("If you are interested about View Flattening in React Native, I wrote a short "
             "post about it: https://t.co/4G6RAMfrHy Let me know what you think!")
    for shown, verdict in (("March 29, 2023", "match"), ("April 3, 2023", "date_mismatch"),
                           ("June 20, 2023", "unverifiable")):
        page = (f"<html><body><p>Story.</p><p>{words} — sammy (@SamuelSusla) {shown}</p>"
                "</body></html>").encode()
        [result] = archive_and_verify(db, server, page, f"copy-{verdict}.html")
        assert result["verdict"] == verdict, result
        if verdict != "unverifiable":
            assert result["post_id"] == PHOTO
        if verdict == "date_mismatch":
            assert "by handle and text" in result["details"]["matched"]
            assert "shows 2023-04-03" in result["details"]["date_mismatch"]


def test_a_copy_of_an_edited_post_is_compared_with_the_post_not_its_versions_apart(db, server):
    """An edited post's versions each have an id, and each was a candidate of its own for
    a copy without id: a copy that is neither version to the letter scored alike against
    both, and was unverifiable. The versions are one post: the copy is altered."""
    newer = "1641090000000000000"
    first = json.loads((X_ANSWERS / f"{PHOTO}.json").read_text(encoding="utf-8"))
    first["edit_control"]["edit_tweet_ids"] = [PHOTO, newer]
    server.tweets[PHOTO] = json.dumps(first)
    later = dict(first, id_str=newer, text=first["text"].replace("short post", "short note"))
    server.tweets[newer] = json.dumps(later)
    archive_and_verify(db, server, embed_page(), "embed.html")
    words = ("If you are interested about View Flattening in React Native, I wrote a long post "
             "about it: https://t.co/4G6RAMfrHy Let me know what you think!")
    page = (f"<html><body><p>Story.</p><p>{words} — sammy (@SamuelSusla) March 29, 2023</p>"
            "</body></html>").encode()
    [result] = archive_and_verify(db, server, page, "copy.html")
    assert result["verdict"] == "altered", result
    assert result["post_id"] in (PHOTO, newer)


def test_a_copy_with_a_wrong_date_is_its_own_post_not_a_like_one_of_that_day(db, server):
    """A copy of one post's words to the letter, dated days off, on a day its author posted
    like words: it is the post whose words it has (a wrong date), not the other (a
    change of words that is not there)."""
    base = json.loads((X_ANSWERS / f"{PHOTO}.json").read_text(encoding="utf-8"))
    other_id = "1642900000000000000"  # two weeks later, by its snowflake
    other = dict(base, id_str=other_id, created_at="2023-04-03T10:00:00.000Z",
                 text=base["text"].replace("short post", "longer post"))
    server.tweets[other_id] = json.dumps(other)
    links = ('<html><body>'
             f'<a href="https://twitter.com/SamuelSusla/status/{PHOTO}">one</a> '
             f'<a href="https://twitter.com/SamuelSusla/status/{other_id}">two</a>'
             '</body></html>').encode()
    archive_and_verify(db, server, links, "links.html")
    words = ("If you are interested about View Flattening in React Native, I wrote a short "
             "post about it: https://t.co/4G6RAMfrHy Let me know what you think!")
    shown = db.execute("SELECT date FROM posts WHERE id = ?", [other_id]).fetchone()[0]
    page = (f"<html><body><p>Story.</p><p>{words} — sammy (@SamuelSusla) {shown}</p>"
            "</body></html>").encode()
    [result] = archive_and_verify(db, server, page, "copy.html")
    assert (result["verdict"], result["post_id"]) == ("date_mismatch", PHOTO), result


def test_a_copy_with_xs_replying_to_label_on_its_line_is_its_reply(db, server):
    """X's "Replying to @a" label copied with a short reply, on the same line: it is no
    word of the reply's, and the copy is matched to it (it was too unlike to be)."""
    from .test_serve import reply_answer

    reply_id = "1977400000000000001"
    text = "@dock_worker_77 Yes, the ferry will run on Saturday."
    server.tweets[reply_id] = reply_answer(reply_id, text, "1977300000000000001")
    archive_and_verify(db, server, (f'<html><body><a href="https://x.com/MayorHolt/status/'
                                    f'{reply_id}">reply</a></body></html>').encode(), "l.html")
    shown = db.execute("SELECT date FROM posts WHERE id = ?", [reply_id]).fetchone()[0]
    page = ("<html><body><p>Story.</p><p>Replying to @dock_worker_77 Yes, the ferry will run "
            f"on Saturday. — Jane Holt (@MayorHolt) {shown}</p></body></html>").encode()
    [result] = archive_and_verify(db, server, page, "copy.html")
    assert (result["verdict"], result["post_id"]) == ("match", reply_id), result


def test_a_web_app_copy_dated_without_its_year_is_matched_in_the_posts_year(db, server):
    """X's web app shows a post of its reader's year as "Oct 12": a copy so dated is
    matched to the author's post of that day this year (or a year before), and its date
    checked; another day is a wrong date."""
    from datetime import datetime, timedelta, timezone

    from .test_serve import x_answer

    posted = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=40)
    post_id = str((int(posted.timestamp() * 1000) - 1288834974657) << 22)
    text = "The pier will reopen on Tuesday at 10am after repairs to the storm wall."
    server.tweets[post_id] = x_answer(post_id, text, "en", "700000000000000009", "Jane Holt",
                                      "MayorHolt")
    archive_and_verify(db, server, (f'<html><body><a href="https://x.com/MayorHolt/status/'
                                    f'{post_id}">post</a></body></html>').encode(), "l.html")
    for shown, verdict in ((posted.strftime("%b %-d"), "match"),
                           ((posted + timedelta(days=3)).strftime("%b %-d"), "date_mismatch")):
        page = (f"<html><body><p>Story.</p><p>Jane Holt<br>@MayorHolt<br>·<br>{shown}<br>{text}"
                "</p><p>More later.</p></body></html>").encode()
        [result] = archive_and_verify(db, server, page, f"copy-{verdict}.html")
        assert (result["verdict"], result["post_id"]) == (verdict, post_id), result


def test_another_authors_words_in_a_sentence_naming_both_say_the_grammar_is_to_be_read(db,
                                                                                       server):
    """Verb last, a phrase naming the other author first only as the owner of the post
    answered ("Fidan'ın paylaşımına yanıt veren sammy, “…” dedi": sammy, answering
    Fidan's post, said …): the quote is the speaker's, sammy's, and found in his post (it
    was given to Fidan, the first named, and not found)."""
    [claim] = _prose_claims_beside_two_embeds(
        db, server, "both-named.html", "Hakan Fidan'ın paylaşımına yanıt veren sammy, “If you "
        "are interested about View Flattening in React Native, I wrote a short post about it” "
        "dedi.")
    assert (claim["handle"], claim["result"]) == ("SamuelSusla", "found")
