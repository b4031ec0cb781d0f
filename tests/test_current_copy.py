"""An article as it stands is its current copy: its newest successful fetch by the time it
was made. A copy that no longer shows a post takes the post, its verdict and its misquote
off the article; a web archive's capture older than the current copy is stored as evidence
of what the article showed then and changes nothing the article shows now."""

import io
import shutil

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver import store
from archiver.cli import cli
from archiver.pipeline import archive_sources
from archiver.store import latest_verdicts, open_archive

from .conftest import ROOT, archiver_for

POST = "1641086480675225601"
#: The post's words, cut short and without their link: an altered quote (a misquote).
MISQUOTE = ("If you are interested about View Flattening in React Native, I wrote a long post"
            " about it")


def embed_page(title: str, text: str = MISQUOTE) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><p>Story.</p>"
            f'<blockquote class="twitter-tweet"><p lang="en">{text}</p>&mdash; sammy'
            f' (@SamuelSusla) <a href="https://twitter.com/SamuelSusla/status/{POST}">'
            "March 29, 2023</a></blockquote></body></html>").encode()


def corrected_page(title: str = "Corrected") -> bytes:
    return (f"<html><head><title>{title}</title></head><body><p>Story, corrected: the post"
            " is no longer shown. The harbour authority said the ferries would resume at noon"
            " from all berths, and that repairs to the north pier would take until March."
            "</p></body></html>").encode()


def archive(db, server, url):
    [report] = archive_sources(archiver_for(db, server), [url], workers=1)
    assert report.error is None
    return report


def counts(db, url):
    return db.execute("SELECT embeds, misquotes FROM article_overview WHERE url = ?",
                      [url]).fetchone()


def test_a_copy_that_no_longer_shows_the_post_takes_it_and_its_misquote_off(db, server, db_path):
    server.pages["story.html"] = embed_page("First")
    url = f"{server.url}/news/story.html"
    archive(db, server, url)
    assert counts(db, url) == (1, 1)
    assert [r["verdict"] for r in latest_verdicts(db)] == ["altered"]

    server.pages["story.html"] = corrected_page()
    second = archive(db, server, url)
    assert second.summary().split(": ", 1)[1].startswith("changed, 0 embeds")
    assert counts(db, url) == (0, 0)
    assert latest_verdicts(db) == []
    assert db.execute("SELECT count(*) FROM misquotes").fetchone()[0] == 0
    assert db.execute("SELECT title FROM articles").fetchone()[0] == "Corrected"
    # the first copy and its embed stay, as evidence
    assert db.execute("SELECT count(*) FROM embeds").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM article_fetches").fetchone()[0] == 2
    result = CliRunner().invoke(cli, ["verify", "--db", str(db_path)])
    assert result.exit_code == 0 and "altered" not in result.output
    # the article's page says what changed; home and /misquotes count no misquote
    from .test_browse import fetch, text_of

    page, misquotes = fetch(db_path, "/article/1", "/misquotes")
    assert "This article no longer shows a post" in text_of(page.text)
    assert "earlier copies showed 1 embed" in text_of(page.text)
    assert POST not in misquotes.text
    # the post's lists and its page agree: no article quotes it now
    listed = CliRunner().invoke(cli, ["posts", "--db", str(db_path), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    import json as _json

    [row] = [r for r in map(_json.loads, listed.output.splitlines()) if r["post_id"] == POST]
    assert row["articles"] == 0
    assert db.execute("SELECT articles FROM post_overview WHERE post_id = ?",
                      [POST]).fetchone()[0] == 0

    # and shown again: the post is the article's again, with its verdict
    server.pages["story.html"] = embed_page("Third")
    archive(db, server, url)
    assert counts(db, url) == (1, 1)


def test_a_prose_misquote_the_article_took_out_is_no_longer_its(db, server):
    """A quote in the article's prose misquotes the post it embeds; the corrected copy
    keeps the embed and drops the quote: the prose misquote goes with it."""
    from .prose_pages import EMBED, PROSE, page

    server.pages["tide.html"] = page("Tide report", PROSE + EMBED)
    url = f"{server.url}/news/tide.html"
    archive(db, server, url)
    prose = "SELECT count(*) FROM misquotes WHERE kind = 'prose'"
    assert db.execute(prose).fetchone()[0] == 1
    server.pages["tide.html"] = page("Tide report, corrected", EMBED)
    archive(db, server, url)
    assert db.execute(prose).fetchone()[0] == 0
    assert db.execute("SELECT embeds, misquotes, prose_misquotes FROM article_overview"
                      ).fetchone() == (1, 0, 0)
    assert db.execute("SELECT count(*) FROM quote_claims WHERE result = 'altered'"
                      ).fetchone()[0] == 1  # the check of the first copy stays, as evidence


def warc_of(url: str, date: str, body: bytes) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Length", str(len(body)))],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=head,
        warc_headers_dict={"WARC-Date": date}))
    return out.getvalue()


def test_a_capture_older_than_the_current_copy_is_evidence_not_the_article(
        db, server, db_path, tmp_path):
    """A live fetch stores the corrected article; then a crawl of 2024 that captured it
    with a misquote is archived: stored with its embed (its post asked of X), said as an
    earlier copy; the article stays as the live fetch shows it."""
    server.pages["story.html"] = corrected_page("Live")
    url = f"{server.url}/news/story.html"
    archive(db, server, url)
    old = tmp_path / "crawl-2024.warc.gz"
    old.write_bytes(warc_of(url, "2024-03-01T10:00:00Z", embed_page("Captured in 2024")))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(old)])
    assert result.exit_code == 0, result.output
    assert "an earlier copy, stored as evidence (the current copy is of 20" in result.output
    assert "1 embed" in result.output
    fetches = db.execute("SELECT fetched_at, embeds_found FROM article_fetches ORDER BY id"
                         ).fetchall()
    assert fetches[1] == ("2024-03-01T10:00:00Z", 1)
    assert db.execute("SELECT title FROM articles").fetchone()[0] == "Live"
    assert counts(db, url) == (0, 0)
    assert db.execute("SELECT count(*) FROM post_checks WHERE post_id = ?",
                      [POST]).fetchone()[0] >= 1  # what the old copy showed is archived
    # its embed is verified, its verdict kept beside it, never the article's now
    assert db.execute("SELECT v.verdict FROM verifications v JOIN embeds e ON e.id ="
                      " v.embed_id").fetchall() == [("altered",)]
    assert latest_verdicts(db) == []
    # first seen goes back to the capture; last checked does not
    first, last = db.execute("SELECT first_seen_at, last_checked_at FROM articles").fetchone()
    assert first == "2024-03-01T10:00:00Z" and last > "2026"
    # a later live fetch identical to the current copy is unchanged (not compared with
    # the older capture stored after it)
    again = archive(db, server, url)
    assert again.recorded.state == "unchanged"
    # a newer capture is the article's current copy
    new = tmp_path / "crawl-2030.warc.gz"
    new.write_bytes(warc_of(url, "2030-01-01T00:00:00Z", embed_page("Captured in 2030")))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(new)])
    assert result.exit_code == 0, result.output
    assert "earlier copy" not in result.output
    assert db.execute("SELECT title FROM articles").fetchone()[0] == "Captured in 2030"
    assert counts(db, url) == (1, 1)


def test_the_migration_makes_the_newest_successful_copy_current(tmp_path, monkeypatch):
    """An archive written at schema 0022: a copy with a post, then one without (its newest,
    which the views read past), then a failed fetch. Schema 0023 makes the copy without
    a post current, by fetch time, and keeps every row."""
    old = tmp_path / "migrations-0022"
    old.mkdir()
    for path in sorted((ROOT / "db" / "migrations").glob("*.sql")):
        if path.name < "0023":
            shutil.copy(path, old / path.name)
    monkeypatch.setattr(store, "MIGRATIONS_DIR", old)
    path = tmp_path / "archive.db"
    db = open_archive(path)
    with store.write_transaction(db):
        db.execute("INSERT INTO articles (url, first_seen_at, last_checked_at) VALUES"
                   " ('https://news.example/a', '2025-01-01T00:00:00Z', '2025-01-03T00:00:00Z')")
        db.execute("INSERT INTO posts (id, has_x_id, handle, status, first_seen_at,"
                   " last_seen_at) VALUES (?, 1, 'SamuelSusla', 'available',"
                   " '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')", [POST])
        for day, error in (("01", None), ("02", None), ("03", "http_500")):
            body = f"copy {day}".encode()
            cursor = db.execute(
                "INSERT INTO article_fetches (article_id, fetched_at, requested_url, status,"
                " body, body_sha256, error) VALUES (1, ?, 'https://news.example/a', ?, ?, ?, ?)",
                [f"2025-01-{day}T00:00:00Z", 500 if error else 200, body,
                 store.sha256_hex(body), error])
            store._chain(db, "article_fetches", cursor.lastrowid)
        cursor = db.execute("INSERT INTO embeds (article_id, fetch_id, post_id, kind, form,"
                            " positions, handle) VALUES (1, 1, ?, 'embed', 'blockquote', '[0]',"
                            " 'SamuelSusla')", [POST])
        store._chain(db, "embeds", cursor.lastrowid)
    assert db.execute("SELECT embeds FROM article_overview").fetchone()[0] == 1  # the bug
    db.conn.close()
    monkeypatch.setattr(store, "MIGRATIONS_DIR", ROOT / "db" / "migrations")
    db = open_archive(path)
    assert db.execute("SELECT current_fetch_id FROM articles").fetchone()[0] == 2
    assert db.execute("SELECT embeds FROM article_overview").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM embeds").fetchone()[0] == 1
    from archiver.integrity import check_integrity
    from archiver.store import iter_chain, iter_evidence_tables

    report = check_integrity(iter_chain(db), iter_evidence_tables(db))
    assert report.ok, report.problems


def test_a_runs_summary_counts_the_misquotes_of_current_copies_only(db, server, db_path,
                                                                     tmp_path):
    """A WARC holding two captures of one article, the older misquoting a post and the
    newer corrected: the run's summary counts no misquote (the older copy's verdict is
    kept beside it, never the article's now)."""
    url = f"{server.url}/news/story.html"
    both = tmp_path / "crawl.warc.gz"
    both.write_bytes(warc_of(url, "2024-03-01T10:00:00Z", embed_page("Captured in 2024"))
                     + warc_of(url, "2025-03-01T10:00:00Z", corrected_page("Captured in 2025")))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(both)])
    assert result.exit_code == 0, result.output
    assert "misquote" not in result.output.replace("0 misquotes", "")
    assert db.execute("SELECT count(*) FROM verifications").fetchone()[0] == 1
    assert counts(db, url) == (0, 0)


def consent_page() -> bytes:
    return (b"<html><head><title>Before you continue</title></head><body><p>We use cookies."
            b" <button>Accept all</button></p></body></html>")


def test_a_page_that_is_not_the_article_leaves_it_as_its_last_copy(db, server):
    """A later fetch answered with 200 by a consent wall (another title, a fraction of the
    size, no post): stored as sent, a failed copy of the article, whose posts and misquote
    stay; a corrected article (its title, most of its text) is still the article."""
    page = embed_page("Ferry story") + b"<!--" + b"x" * 3000 + b"-->"
    server.pages["story.html"] = page
    url = f"{server.url}/news/story.html"
    archive(db, server, url)
    assert counts(db, url) == (1, 1)
    server.pages["story.html"] = consent_page()
    report = archive(db, server, url)
    assert report.recorded.state == "failed"
    assert report.summary().endswith("(a consent, paywall or error page?); stored as sent, the"
                                      " article stands as its last copy shows it")
    assert counts(db, url) == (1, 1)
    row = db.execute("SELECT error, body_sha256 IS NOT NULL FROM article_fetches ORDER BY id"
                     " DESC LIMIT 1").fetchone()
    assert row == ("not_the_article", 1)
    # the same wall again is said again, and stored once
    assert archive(db, server, url).recorded.state == "failed"
    assert db.execute("SELECT count(*) FROM article_fetches WHERE error = 'not_the_article'"
                      ).fetchone()[0] == 1
    # the corrected article, under its own title: the article, without the post
    server.pages["story.html"] = corrected_page("Ferry story")
    archive(db, server, url)
    assert counts(db, url) == (0, 0)


def test_a_misquote_corrected_in_place_is_said_on_the_article_and_the_post(db, server, db_path):
    """The article corrects its quote and keeps the embed: it stands faithful now, and
    both pages say that an earlier copy misquoted the post (the post page listed it as
    'Quoted faithfully', nothing more)."""
    from .test_browse import fetch, text_of

    faithful = ("If you are interested about View Flattening in React Native, I wrote a short "
                "post about it: https://github.com/reactwg/react-native-new-architecture/"
                "discussions/110\n\nLet me know what you think!")
    server.pages["fixed.html"] = embed_page("A story")
    url = f"{server.url}/news/fixed.html"
    archive(db, server, url)
    server.pages["fixed.html"] = embed_page("A story", faithful.replace("\n\n", "<br><br>"))
    archive(db, server, url)
    assert counts(db, url) == (1, 0)
    article, post = fetch(db_path, "/article/1", f"/post/{POST}")
    said = text_of(article.text)
    assert "no misquote" in said and "An earlier copy misquoted post " + POST in said
    assert "an earlier copy of the article (fetched" in text_of(post.text)
    assert "showed it misquoted: corrected since" in text_of(post.text)


def test_an_article_that_answers_404_is_said_asked_not_found_unchanged(db, server, db_path):
    """Its page said 'last fetched or found unchanged' at the moment it answered 404."""
    from .test_browse import fetch, text_of

    server.pages["gone.html"] = embed_page("Gone soon")
    url = f"{server.url}/news/gone.html"
    archive(db, server, url)
    server.overrides["/news/gone.html"] = (404, b"<h1>Not found</h1>", "text/html")
    try:
        list(archive_sources(archiver_for(db, server), [url], workers=1))
    finally:
        server.overrides.pop("/news/gone.html")
    [(failed_at,)] = db.execute("SELECT fetched_at FROM article_fetches WHERE error IS NOT NULL")
    said = text_of(fetch(db_path, "/article/1")[0].text)
    assert "found unchanged" not in said
    assert f"last asked {failed_at} , when it answered http_404" in said
    written = CliRunner().invoke(cli, ["report", "--db", str(db_path), url, "-o",
                                       str(db_path.parent / "r.html")])
    assert written.exit_code == 0, written.output
    report = text_of((db_path.parent / "r.html").read_text(encoding="utf-8"))
    assert "found unchanged" not in report and "when it answered http_404" in report


def test_a_misquote_taken_out_stays_in_the_report_and_on_the_post_page(db, server, db_path):
    """The article misquoted the post, then took the embed out: the current copy shows no
    post, but what its earlier copy showed is evidence. The evidence report names it, with
    its verification in the appendix; the post page lists the article under the earlier
    copies that quoted it (it said 'No archived article quotes it')."""
    from .test_browse import fetch, text_of

    server.pages["story.html"] = embed_page("First")
    url = f"{server.url}/news/story.html"
    archive(db, server, url)
    [(verification,)] = db.execute("SELECT id FROM verifications").fetchall()
    server.pages["story.html"] = corrected_page()
    archive(db, server, url)
    assert counts(db, url) == (0, 0)
    out = db_path.parent / "r.html"
    written = CliRunner().invoke(cli, ["report", "--db", str(db_path), url, "-o", str(out)])
    assert written.exit_code == 0, written.output
    report = text_of(out.read_text(encoding="utf-8"))
    assert "What earlier copies misquoted" in report
    assert MISQUOTE in report and f"verification {verification}" in report
    assert "built-in method" not in report and "(copy 1)" in report
    assert "I wrote a short post about it" in report  # X's copy it was compared with (App. B)
    [post] = fetch(db_path, f"/post/{POST}")
    said = text_of(post.text)
    assert "No archived article quotes it" not in said
    assert "Quoted by an earlier copy of an article" in said and "corrected or taken down" in said


def test_search_and_home_count_each_articles_current_copy(db, server, db_path):
    """A live blog stored again each time it changed stores its embeds again: the search
    took its best matches from every copy before keeping the current ones, and with the
    old copies filling its places said "no quote" where the current copy had one; the home
    page counted every copy's embeds where the lists and `verify` count the current."""
    from archiver.browse.data import functions, home_counts, search

    url = f"{server.url}/news/live.html"
    for update in range(4):
        server.pages["live.html"] = embed_page(f"Live, update {update}").replace(
            b"<p>Story.</p>", f"<p>Update {update}.</p>".encode())
        archive(db, server, url)
    stored = db.execute("SELECT count(*) FROM embeds").fetchone()[0]
    assert stored == 4  # (one a copy)
    conn = functions(db.conn)
    found = search(conn, "flattening", limit=2)
    assert [q["article_id"] for q in found["quotes"]] == [
        db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()[0]]
    assert home_counts(conn)["embeds"] == 1
