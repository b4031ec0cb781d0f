"""`archiver export-warc`: the archive's article fetches and X's answers as WARC/1.1, read
back with warcio and checked record by record against the archive's rows."""

import hashlib
import json

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import cli
from archiver.pipeline import archive_sources
from archiver.warc.export import record_id

from .conftest import SAMPLES, archiver_for


def rows(db, sql, *params):
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


@pytest.fixture
def archived(db, server, db_path):
    """The sample articles with X's answers, and a saved page (no server answered)."""
    archiver = archiver_for(db, server)
    sources = [*server.page_urls(), str(SAMPLES / "superconductor-amp.html")]
    reports = list(archive_sources(archiver, sources, workers=2))
    assert all(r.error is None for r in reports)
    return db


def read_back(path):
    with open(path, "rb") as stream:
        records = []
        for record in ArchiveIterator(stream, check_digests="raise"):
            body = record.content_stream().read()
            if record.rec_type != "warcinfo":
                # warcio recomputed the block and payload digests, and they hold
                assert record.digest_checker.passed is True, record.digest_checker.problems
            records.append((record, body))
        return records


def test_every_fetch_and_answer_is_a_record_with_the_stored_bytes_and_digest(
        archived, db_path, tmp_path):
    out = tmp_path / "archive.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = read_back(out)
    assert records[0][0].rec_type == "warcinfo"
    assert records[0][0].rec_headers.get_header("WARC-Type") == "warcinfo"
    by_row = {}
    for record, body in records[1:]:
        assert record.rec_headers.protocol == "WARC/1.1"
        row = record.rec_headers.get_header("X-Archiver-Row")
        if record.rec_type == "request":
            concurrent = record.rec_headers.get_header("WARC-Concurrent-To")
            by_row.setdefault(concurrent, []).append(record)
            continue
        by_row[row] = (record, body)

    fetches = rows(archived, "SELECT * FROM article_fetches WHERE body IS NOT NULL ORDER BY id")
    answers = rows(archived, "SELECT * FROM post_checks WHERE body IS NOT NULL ORDER BY id")
    assert fetches and answers
    assert any(f["status"] is None for f in fetches)  # the saved page
    for table, stored in (("article_fetches", fetches), ("post_checks", answers)):
        for row in stored:
            record, body = by_row[f"{table}/{row['id']}"]
            assert body == row["body"]
            assert hashlib.sha256(body).hexdigest() == row["body_sha256"]
            assert record.rec_headers.get_header("WARC-Payload-Digest") == \
                "sha256:" + row["body_sha256"]
            date = row["fetched_at"] if table == "article_fetches" else row["checked_at"]
            assert record.rec_headers.get_header("WARC-Date") == date
            uri = row.get("final_url") or row.get("requested_url") or row["url"]
            assert record.rec_headers.get_header("WARC-Target-URI") == uri
            assert record.rec_headers.get_header("WARC-Record-ID") == record_id(table, row["id"])
            if row["status"] is None:
                assert record.rec_type == "resource"
                assert record.rec_headers.get_header("WARC-Target-URI").startswith("file://")
                continue
            assert record.rec_type == "response"
            assert int(record.http_headers.get_statuscode()) == row["status"]
            assert record.http_headers.get_header("Content-Length") == str(len(body))
            if table == "article_fetches":
                assert record.http_headers.get_header("Content-Type") == row["content_type"]
            [request] = by_row[record_id(table, row["id"])]
            assert request.rec_headers.get_header("WARC-Target-URI") == uri
            assert request.http_headers.protocol == "GET"
    assert f"{len(fetches)} article fetches" in result.stdout
    assert f"{len(answers)} answers from X" in result.stdout
    # the posts' images too, the evidence a report shows: their bytes and SHA-256 stored
    media = rows(archived, "SELECT f.id, f.url, f.fetched_at, m.content, m.sha256 FROM"
                           " media_fetches f JOIN media m ON m.sha256 = f.sha256 ORDER BY f.id")
    assert media
    for row in media:
        record, body = by_row[f"media_fetches/{row['id']}"]
        assert body == row["content"] and hashlib.sha256(body).hexdigest() == row["sha256"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == "sha256:" + row["sha256"]
        assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]
        assert record.rec_headers.get_header("WARC-Date") == row["fetched_at"]
    assert f"{len(media)} images and videos" in result.stdout or (
        len(media) == 1 and "1 image or video" in result.stdout)


def test_one_articles_export_holds_its_fetches_and_the_answers_about_its_posts(
        archived, server, db_path, tmp_path):
    url = server.page_urls()[0]
    out = tmp_path / "one.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "--article", url,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    [article_id] = [r["id"] for r in rows(archived, "SELECT id FROM articles WHERE url = ?", url)]
    expected = {f"article_fetches/{r['id']}" for r in rows(
        archived, "SELECT id FROM article_fetches WHERE article_id = ? AND body IS NOT NULL",
        article_id)}
    expected |= {f"post_checks/{r['id']}" for r in rows(
        archived, "SELECT id FROM post_checks WHERE body IS NOT NULL AND post_id IN"
                  " (SELECT post_id FROM embeds WHERE article_id = ?)", article_id)}
    expected |= {f"media_fetches/{r['id']}" for r in rows(
        archived, "SELECT f.id FROM media_fetches f WHERE f.sha256 IS NOT NULL AND f.url IN"
                  " (SELECT m.image_url FROM post_media m JOIN post_versions v ON v.id ="
                  " m.post_version_id JOIN embeds e ON e.post_id = v.post_id"
                  " WHERE e.article_id = ?)", article_id)}
    written = {r.rec_headers.get_header("X-Archiver-Row") for r, _ in read_back(out)
               if r.rec_type in ("response", "resource")}
    assert written == expected and len(expected) > 1
    info = json.dumps([b.decode() for r, b in read_back(out) if r.rec_type == "warcinfo"])
    assert url in info


def test_an_unknown_article_is_one_line_and_no_file(archived, db_path, tmp_path):
    out = tmp_path / "none.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "--article",
                                      "https://nowhere.example/", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "archiver: no archived article https://nowhere.example/"
    assert not out.exists() and list(tmp_path.glob("none.warc.gz*")) == []


@pytest.mark.parametrize("name, gzipped", [("plain.warc", False), ("packed.warc.gz", True),
                                           ("UPPER.WARC", False), ("UPPER.WARC.GZ", True)])
def test_the_file_is_what_its_name_says_plain_for_warc_gzip_for_warc_gz(
        archived, db_path, tmp_path, name, gzipped):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    head = out.read_bytes()[:8]
    assert head.startswith(b"\x1f\x8b") is gzipped
    if not gzipped:
        assert head == b"WARC/1.1"
    records = read_back(out)
    assert records[0][0].rec_type == "warcinfo"
    assert len(records) > 10


@pytest.mark.parametrize("name", ["x.gz", "x.txt", "x", "x.warc.zip"])
def test_a_name_that_is_no_warc_file_is_refused_in_one_line(db, db_path, tmp_path, name):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (
        2, f"archiver: -o {out}: name a .warc.gz file (gzipped WARC) or a .warc file "
           "(plain WARC)\n")
    assert not out.exists()


@pytest.mark.parametrize("name", ["back.warc.gz", "back.warc"])
def test_an_export_archived_again_gives_every_page_back_the_saved_one_too(
        archived, db_path, tmp_path, name):
    """Every page the archive holds comes back from its export with the same bytes: the
    saved page too, written as a `resource` record (no server answered), which was
    skipped as 'not a response'."""
    out = tmp_path / name
    assert CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "-o",
                                    str(out)]).exit_code == 0
    again = tmp_path / "again.db"
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(again),
                                      str(out)])
    assert result.exit_code == 0, result.output
    pages = "SELECT a.url, f.body_sha256 FROM article_fetches f JOIN articles a" \
            " ON a.id = f.article_id WHERE f.body IS NOT NULL AND f.rendered_from IS NULL"
    import sqlite3
    with sqlite3.connect(again) as conn:
        back = set(conn.execute(pages).fetchall())
    original = {(r["url"], r["body_sha256"]) for r in rows(archived, pages)}
    assert back == original
    assert any(url.startswith("file://") for url, _ in back)


@pytest.mark.parametrize("url, uri", [
    ("https://news.example/2014/\u00fcberflug.html?q=\u00e9#fr\u00e4",
     "https://news.example/2014/%C3%BCberflug.html?q=%C3%A9#fr%C3%A4"),
    ("https://b\u00fccher.example:8080/a b", "https://xn--bcher-kva.example:8080/a%20b"),
    ("https://news.example/caf%C3%A9-\u00e9", "https://news.example/caf%C3%A9-%C3%A9"),
    ("https://news.example/a?b=c&d=%20", "https://news.example/a?b=c&d=%20"),
])
def test_a_stored_iri_is_written_as_a_uri(url, uri):
    from archiver.warc.export import wire_uri

    assert wire_uri(url) == uri


def test_export_warc_writes_an_iri_article_as_a_uri(tmp_path, db_path, server):
    """A live archive of a URL with non-ASCII characters, then export-warc: the file is
    written (no UnicodeEncodeError), WARC-Target-URI and the request line are the URL
    percent-encoded as UTF-8, as the browser sent it, and warcio checks every digest."""
    # (the server sees the path as sent: percent-encoded)
    server.pages["caf%C3%A9-artikel.html"] = (SAMPLES / "superconductor-amp.html").read_bytes()
    url = f"{server.url}/news/caf\u00e9-artikel.html"
    CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db_path), url])
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        (body,) = conn.execute("SELECT body FROM article_fetches WHERE requested_url = ?",
                               [url]).fetchone()
    assert body is not None
    out = tmp_path / "iri.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    wire = f"{server.url}/news/caf%C3%A9-artikel.html"
    seen = {}
    with open(out, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            record.content_stream().read()
            seen.setdefault(record.rec_type, []).append(record)
    responses = [r for r in seen["response"] if r.rec_headers.get_header("WARC-Target-URI") == wire]
    assert len(responses) == 1 and responses[0].http_headers.get_statuscode() == "200"
    requests = [r for r in seen["request"] if r.rec_headers.get_header("WARC-Target-URI") == wire]
    assert requests[0].http_headers.protocol == "GET"
    assert requests[0].http_headers.statusline.split()[0] == "/news/caf%C3%A9-artikel.html"


def test_one_articles_export_holds_the_answer_about_its_edited_posts_newest_version(
        db, server, db_path, tmp_path):
    """An article shows a post its author edited since: the export of that article holds
    X's answer about the newest version too (the evidence of the "edited since" finding),
    and not the answers about posts only other articles show."""
    from archiver.demo import X_ANSWERS

    first, newest = "1641086480675225601", "1641090000000000000"
    edited = json.loads((X_ANSWERS / f"{first}.json").read_text(encoding="utf-8"))
    edited["edit_control"]["edit_tweet_ids"] = [first, newest]
    server.tweets[first] = json.dumps(edited)
    later = dict(edited, id_str=newest, text=edited["text"].replace("short", "longer"))
    later["edit_control"] = {"edit_tweet_ids": [first, newest], "editable_until_msecs": "0",
                             "is_edit_eligible": False, "edits_remaining": "4"}
    server.tweets[newest] = json.dumps(later)
    server.pages["edited.html"] = (
        '<html><body><blockquote class="twitter-tweet"><p lang="en">Quoted.</p>&mdash; sammy'
        f' (@SamuelSusla) <a href="https://twitter.com/SamuelSusla/status/{first}">March 29,'
        ' 2023</a></blockquote></body></html>').encode()
    url = f"{server.url}/news/edited.html"
    sources = [url, *server.page_urls()]
    assert all(r.error is None for r in archive_sources(archiver_for(db, server), sources,
                                                        workers=1))
    asked = {r["post_id"] for r in rows(db, "SELECT post_id FROM post_checks")}
    assert {first, newest} <= asked and len(asked) > 2
    out = tmp_path / "edited.warc.gz"
    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db_path), "--article", url,
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    answered = {r.rec_headers.get_header("WARC-Target-URI") for r, _ in read_back(out)
                if r.rec_type == "response"
                and r.rec_headers.get_header("X-Archiver-Row").startswith("post_checks/")}
    checks = rows(db, "SELECT url, post_id FROM post_checks WHERE body IS NOT NULL")
    assert answered == {c["url"] for c in checks if c["post_id"] in (first, newest)}
    assert any(newest in uri for uri in answered)
