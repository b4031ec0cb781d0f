"""A row edited after it was written (as `archiver check` names it) is never built on nor
shown as evidence: `verify` leaves it out and says so, `report` refuses, the served pages
warn. Over the demo's archive built by the real pipeline, tampered with sqlite3."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .test_integrity import archive, pristine, tamper  # noqa: F401 - fixtures


def rows(path, query, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def faithful(path):
    """(post id, X's version compared, the article URL, the embed) of a faithful quote."""
    return rows(path, """SELECT v.post_id, v.post_version_id, a.url, v.embed_id
                         FROM verifications v JOIN articles a ON a.id = v.article_id
                         WHERE v.verdict = 'match' AND v.post_version_id IS NOT NULL
                         ORDER BY v.id LIMIT 1""")[0]


def edit_x_copy(path, version_id):
    """The user's edit: X's words changed, so a faithful quote would read as altered."""
    [(text,)] = rows(path, "SELECT text FROM post_versions WHERE id = ?", version_id)
    tamper(path, ("UPDATE post_versions SET text = ? WHERE id = ?",
                  (text.replace(text.split()[0], "Monday", 1) + " Monday", version_id)))


def verifications_of(path, post_id):
    return rows(path, "SELECT count(*) FROM verifications WHERE post_id = ?", post_id)[0][0]


def test_verify_leaves_out_an_edited_copy_of_x_says_which_and_exits_1(archive):
    post_id, version_id, _url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    before = verifications_of(archive, post_id)
    others = rows(archive, "SELECT count(*) FROM verifications")[0][0]
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 1
    said = [line for line in result.stderr.splitlines() if "post_versions" in line]
    assert len(said) == 1 and f"post_versions {version_id} " in said[0]
    assert "archiver check" in said[0] and said[0].startswith("archiver: ")
    # no verdict built on it, none "altered"; the rest verified as before
    assert verifications_of(archive, post_id) == before
    assert rows(archive, "SELECT count(*) FROM verifications")[0][0] > others
    assert post_id not in result.stdout
    assert "verified" in result.stdout


def test_verify_leaves_out_an_edited_embed(archive):
    post_id, _version, _url, embed_id = faithful(archive)
    tamper(archive, ("UPDATE embeds SET quoted_text = 'Something else entirely' WHERE id = ?",
                     (embed_id,)))
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--format", "json"])
    assert result.exit_code == 1
    assert f"embeds {embed_id} " in result.stderr and "archiver check" in result.stderr
    shown = [json.loads(line)["embed_id"] for line in result.stdout.splitlines()
             if '"type": "embed"' in line]
    assert shown and embed_id not in shown
    assert rows(archive, "SELECT count(*) FROM verifications WHERE embed_id = ? AND"
                         " verdict != 'match'", embed_id)[0][0] == 0


def test_verify_of_an_intact_archive_says_nothing_more(archive):
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert "evidence chain" not in result.stderr


def test_report_refuses_in_one_line_naming_the_rows_and_writes_nothing(archive, tmp_path):
    _post, version_id, url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", url, "-o", str(out), "--db", str(archive)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert f"post_versions {version_id} (row changed)" in line and "archiver check" in line
    assert not out.exists() and result.stdout == ""


def test_report_of_an_intact_archive_is_written(archive, tmp_path):
    _post, _version, url, _embed = faithful(archive)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", url, "-o", str(out), "--db", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert "class=\"failing-rows\"" not in out.read_text(encoding="utf-8")


def served(path, *urls):
    import asyncio

    from archiver.serve import datasette_app

    async def go():
        ds = datasette_app(path)
        return [await ds.client.get(url) for url in urls]

    return asyncio.run(go())


def pages_of(path, url, post_id):
    [(article_id,)] = rows(path, "SELECT id FROM articles WHERE url = ?", url)
    return served(path, f"/article/{article_id}", f"/post/{post_id}",
                  f"/article/{article_id}/report", f"/article/{article_id}.json")


def test_served_pages_warn_naming_an_edited_row(archive):
    post_id, version_id, url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    article, post, _report, as_json = pages_of(archive, url, post_id)
    for response in (article, post):
        assert response.status_code == 200
        page = response.text
        assert 'class="failing-rows" role="alert"' in page
        assert f"post_versions {version_id}</code>: row changed" in page
        assert "archiver check" in page
        # before the verdicts and texts the page shows
        assert page.index("class=\"failing-rows\"") < page.index("<h1")
    assert as_json.json()["failing_rows"] == [
        {"table": "post_versions", "key": str(version_id), "kind": "row changed",
         "detail": "the row differs from the one chained when it was written"}]


def test_served_pages_warn_on_an_edited_verdict(archive):
    post_id, _version, url, embed_id = faithful(archive)
    [(check_id,)] = rows(archive, "SELECT max(id) FROM verifications WHERE embed_id = ?",
                         embed_id)
    tamper(archive, ("UPDATE verifications SET verdict = 'altered' WHERE id = ?", (check_id,)))
    article, post, _report, _json = pages_of(archive, url, post_id)
    for response in (article, post):
        assert f"verifications {check_id}</code>: row changed" in response.text


def test_served_pages_of_an_intact_archive_carry_no_warning(archive):
    post_id, _version, url, _embed = faithful(archive)
    for response in pages_of(archive, url, post_id):
        assert response.status_code == 200 and "class=\"failing-rows\"" not in response.text


def test_the_served_report_warns_at_its_head(archive):
    """The report page is saved and handed on from the browser: the warning is in it."""
    post_id, version_id, url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    _article, _post, report, _json = pages_of(archive, url, post_id)
    page = report.text
    assert report.status_code == 200 and 'class="failing-rows" role="alert"' in page
    assert f"post_versions {version_id}</code>: row changed" in page
    assert page.index('class="failing-rows"') < page.index("<h1")


def test_archive_and_run_verify_nothing_on_an_edited_row_and_say_so(archive, sample_server):
    """The verify stage of `archive` and `run` leaves the row out too: a failure line."""
    from archiver.store import open_archive

    from .conftest import archiver_for

    post_id, version_id, url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    [(article_id,)] = rows(archive, "SELECT id FROM articles WHERE url = ?", url)
    before = verifications_of(archive, post_id)
    db = open_archive(archive)
    results, problems = archiver_for(db, sample_server).verify_changes([article_id], [post_id])
    db.conn.close()
    assert [line for line in problems if f"post_versions {version_id} " in line]
    assert post_id not in {r["post_id"] for r in results}
    assert verifications_of(archive, post_id) == before


def test_the_misquotes_list_warns_when_a_row_it_states_was_edited(archive):
    """The list of misquotes showed a verdict on an edited copy of X's text with no word:
    the rows one page states (embeds, verdicts, X's copies they compared, prose quotes)
    are checked as the article page checks its own."""
    [(version_id,)] = rows(archive, "SELECT post_version_id FROM verifications"
                                    " WHERE verdict = 'altered' ORDER BY id LIMIT 1")
    [intact] = served(archive, "/misquotes")
    assert intact.status_code == 200 and 'class="failing-rows"' not in intact.text
    edit_x_copy(archive, version_id)
    [listed] = served(archive, "/misquotes")
    assert listed.status_code == 200
    assert 'class="failing-rows" role="alert"' in listed.text
    assert f"post_versions {version_id}</code>: row changed" in listed.text


def test_the_posts_list_and_search_warn_when_a_text_they_show_was_edited(archive):
    """The posts list, the list of deleted posts and search showed an edited copy of X's
    text as X's with no word: every page that states evidence rows checks them."""
    post_id, version_id, _url, _embed = faithful(archive)
    [(word,)] = rows(archive, "SELECT text FROM post_versions WHERE id = ?", version_id)
    word = max(word.split(), key=len).strip(".,!?;:\"'()")
    for response in served(archive, "/posts", f"/search?q={word}"):
        assert response.status_code == 200 and 'class="failing-rows"' not in response.text
    edit_x_copy(archive, version_id)
    listed, searched = served(archive, "/posts", f"/search?q={word}")
    for response in (listed, searched):
        assert response.status_code == 200
        assert 'class="failing-rows" role="alert"' in response.text
        assert f"post_versions {version_id}</code>: row changed" in response.text


def test_search_warns_when_an_article_quote_it_shows_was_edited(archive):
    post_id, _version, _url, embed_id = faithful(archive)
    [(quote,)] = rows(archive, "SELECT quoted_text FROM embeds WHERE id = ?", embed_id)
    word = max(quote.split(), key=len).strip(".,!?;:\"'()")
    tamper(archive, ("UPDATE embeds SET quoted_text = quoted_text || ' ' || ? WHERE id = ?",
                     (word, embed_id)))
    [searched] = served(archive, f"/search?q={word}")
    assert searched.status_code == 200
    assert f"embeds {embed_id}</code>: row changed" in searched.text


def test_the_unavailable_list_warns_when_a_quote_it_shows_was_edited(archive):
    """A deleted post X never served is shown by the article's quote of it."""
    [(embed_id,)] = rows(
        archive, "SELECT max(e.id) FROM embeds e JOIN posts p ON p.id = e.post_id"
                 " WHERE p.status = 'unavailable' AND p.latest_version_id IS NULL"
                 " AND e.quoted_text IS NOT NULL")
    [intact] = served(archive, "/unavailable")
    assert intact.status_code == 200 and 'class="failing-rows"' not in intact.text
    tamper(archive, ("UPDATE embeds SET quoted_text = 'Nothing was said.' WHERE id = ?",
                     (embed_id,)))
    [listed] = served(archive, "/unavailable")
    assert f"embeds {embed_id}</code>: row changed" in listed.text


def test_an_address_that_was_never_read_is_not_shown_as_an_article_with_no_post(archive,
                                                                                tmp_path):
    """An address that could not be read is kept (its failed fetch is evidence), but the
    served pages showed it as an article that "shows no post", first "archived" when it
    was never read, and the home page counted it among the articles."""
    [home_before] = served(archive, "/")
    missing = "http://127.0.0.1:9/no-such-article.html"  # nothing listens: cannot connect
    result = CliRunner().invoke(cli, ["archive", missing, "--db", str(archive),
                                      "--allow-private"])
    assert result.exit_code == 1
    [(article_id,)] = rows(archive, "SELECT id FROM articles WHERE url LIKE ?",
                           "%no-such-article.html")
    home, listed, page = served(archive, "/", "/articles", f"/article/{article_id}")
    assert "1 more address could not be read" in home.text
    count = lambda text: text.split('<span class="count">')[3].split("<")[0]  # noqa: E731
    assert count(home.text) == count(home_before.text)  # the articles card
    assert "not read" in listed.text
    assert "No copy of this page was read" in page.text
    assert "This article shows no post" not in page.text and "never read" in page.text
    # ...nor by `verify --article` ("nothing to check") or by its report ("0 posts shown;
    # no misquote")
    checked = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--article", missing])
    assert checked.exit_code == 1 and "nothing to check" not in checked.output
    assert f"{missing}: never read (" in checked.stderr, checked.output
    report = tmp_path / "never-read.html"
    made = CliRunner().invoke(cli, ["report", missing, "--db", str(archive), "-o", str(report)])
    assert made.exit_code == 0, made.output
    text = report.read_text()
    assert "No copy of this page was read" in text and "What it shows is not known" in text
    assert "posts shown" not in text and "no misquote;" not in text


def test_the_posts_page_says_which_posts_are_misquoted_and_cut_by_x(archive):
    """The CLI's `posts` marks a long post X cut and counts the articles misquoting each;
    the served list said neither, so a misquoted post looked like any other."""
    [(misquoted,)] = rows(archive, "SELECT count(DISTINCT post_id) FROM misquotes"
                                   " WHERE post_id NOT LIKE 'text:%'")
    [(cut,)] = rows(archive, "SELECT count(*) FROM posts p JOIN post_versions v"
                             " ON v.id = p.latest_version_id WHERE v.source_truncated")
    [page] = served(archive, "/posts")
    assert page.status_code == 200 and "misquoted in" in page.text
    assert page.text.count('<tr class="misquote">') == misquoted > 0
    assert page.text.count("cut by X: X serves only the start") == cut > 0


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_posts_shows_no_text_from_an_edited_copy_and_says_which(archive, fmt):
    """`posts` lists X's newest copy's text: an edited one is not shown, one line names it,
    and the exit status is 1; the other posts are listed as before."""
    post_id, version_id = rows(archive, "SELECT id, latest_version_id FROM posts WHERE"
                                        " latest_version_id IS NOT NULL ORDER BY id LIMIT 1")[0]
    [(text,)] = rows(archive, "SELECT text FROM post_versions WHERE id = ?", version_id)
    tamper(archive, ("UPDATE post_versions SET text = 'FORGED WORDS' WHERE id = ?", (version_id,)))
    result = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--format", fmt])
    assert result.exit_code == 1
    assert "FORGED" not in result.stdout
    assert result.stderr.splitlines() == [
        f"archiver: post_versions {version_id} does not match its hash in the evidence chain "
        f"(row changed): the text of post {post_id} is not shown; run `archiver check`"]
    assert post_id in result.stdout
    others = rows(archive, "SELECT count(*) FROM posts WHERE id != ?", post_id)[0][0]
    assert others and result.stdout.count("\n") >= 2  # the rest still listed


def test_posts_from_an_intact_archive_say_nothing_more(archive):
    result = CliRunner().invoke(cli, ["posts", "--db", str(archive)])
    assert result.exit_code == 0 and result.stderr == ""


def test_verify_of_one_post_whose_copy_was_edited_says_nothing_was_verified(archive):
    """Every embed of the post left out: the summary must not say there was nothing to
    check."""
    post_id, version_id, _url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--post", post_id])
    assert result.exit_code == 1
    assert "nothing to check" not in result.stdout
    assert "nothing verified: " in result.stdout and "left out, on rows that no longer " \
        "match their hash (said above)" in result.stdout


def test_a_prose_quote_is_not_checked_against_an_edited_copy(archive):
    """The prose quotes of an author one of whose copies of X's was edited are neither
    judged nor recorded (a check without that copy could call a quote not found), and the
    row is said."""
    [(handle, version_id)] = rows(archive, """SELECT q.handle, p.latest_version_id
        FROM quote_claims q JOIN posts p ON lower(p.handle) = lower(q.handle)
        WHERE p.latest_version_id IS NOT NULL ORDER BY q.id LIMIT 1""")
    claims_before = rows(archive, "SELECT count(*) FROM quote_claims")[0][0]
    tamper(archive, ("UPDATE post_versions SET text = 'FORGED WORDS' WHERE id = ?", (version_id,)))
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 1
    assert f"archiver: post_versions {version_id} does not match its hash" in result.stderr
    assert rows(archive, "SELECT count(*) FROM quote_claims")[0][0] == claims_before
    assert f"quote in prose, @{handle}" not in result.stdout


def test_posts_shows_no_misquote_count_from_a_forged_verdict_nor_a_forged_status(archive):
    """`posts` counts the articles misquoting each post from the newest verdicts, and says
    its status: a verdict forged to `match`, or a status set without its status change, is
    not shown as the archive's (said, exit 1)."""
    [(post_id, verification_id)] = rows(archive, """SELECT post_id, id FROM verifications
        WHERE verdict = 'altered' AND post_id NOT LIKE 'text:%' ORDER BY id DESC LIMIT 1""")
    tamper(archive, ("UPDATE verifications SET verdict = 'match', findings = '[\"match\"]'"
                     " WHERE id = ?", (verification_id,)))
    result = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--format", "json"])
    assert result.exit_code == 1
    [row] = [json.loads(line) for line in result.stdout.splitlines()
             if json.loads(line)["post_id"] == post_id]
    assert row["misquoted"] is None
    assert (f"archiver: verifications {verification_id} does not match its hash in the "
            f"evidence chain (row changed): how many articles misquote post {post_id} is not "
            "shown; run `archiver check`") in result.stderr.splitlines()


def test_posts_shows_no_status_its_status_changes_do_not_say(archive):
    [(post_id,)] = rows(archive, "SELECT id FROM posts WHERE status = 'available' AND id IN"
                                 " (SELECT post_id FROM post_status_events) ORDER BY id LIMIT 1")
    tamper(archive, ("UPDATE posts SET status = 'unavailable', unavailable_reason = 'deleted'"
                     " WHERE id = ?", (post_id,)))
    result = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--format", "json"])
    assert result.exit_code == 1
    [row] = [json.loads(line) for line in result.stdout.splitlines()
             if json.loads(line)["post_id"] == post_id]
    assert row["status"] is None
    assert (f"archiver: posts {post_id}: status unavailable, but its newest status change says "
            "available: its status is not shown; run `archiver check`") in result.stderr.splitlines()
