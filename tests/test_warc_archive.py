"""`archiver archive --warc`: pages captured in a WARC file are archived with the
capture's own date, status, headers and bytes, extracted, resolved with X and verified —
and never fetched. A record whose payload digest does not hold is reported and skipped."""

import gzip
import hashlib
import io
import sqlite3

from click.testing import CliRunner

from archiver.cli import cli
from archiver.demo import PAGES
from archiver.warc.captures import digest_matches

from .warcs import Writer, capture_date, gzip_member, raw_record, sha1_digest

CHARSETS = {"arabic-summer-games-windows-1256.html": "text/html; charset=windows-1256"}


def sample_pages():
    return sorted(p for p in PAGES.iterdir() if p.suffix == ".html")


def write_captures(path, server):
    stream = io.BytesIO()
    writer = Writer(stream)
    writer.warcinfo()
    for page in sample_pages():
        writer.response(f"{server.url}/news/{page.name}", page.read_bytes(),
                        content_type=CHARSETS.get(page.name, "text/html; charset=utf-8"),
                        headers=[("ETag", f'"{page.stem}"'), ("Server", "captured")])
    writer.response(f"{server.url}/news/gone.html", b"<html>Not found</html>", status="404 Not Found")
    page = (PAGES / "coast-weekly-harbour-recap.html").read_bytes()
    chunked = b"%x\r\n" % len(gzip.compress(page, mtime=0)) + gzip.compress(page, mtime=0) \
        + b"\r\n0\r\n\r\n"
    writer.response(f"{server.url}/news/encoded.html", chunked,
                    headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
    data = stream.getvalue()
    # a capture whose bytes are not those its digest names
    data += gzip_member(raw_record(f"{server.url}/news/tampered.html", page,
                                   payload_digest=sha1_digest(page + b"<!-- changed -->"),
                                   date="2024-05-05T05:05:05Z"))
    path.write_bytes(data)


def rows(db_path, sql, *params):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_captured_pages_are_archived_as_captured_and_never_fetched(server, tmp_path, db_path):
    warc = tmp_path / "captures.warc.gz"
    write_captures(warc, server)
    before = len(server.requests)
    result = CliRunner().invoke(cli, ["archive", "--warc", "--db", str(db_path), str(warc)])
    asked = server.requests[before:]
    assert result.exit_code == 1, result.output  # the tampered record is reported
    assert not [p for p in asked if p.startswith("/news/")]  # no page was fetched
    assert [p for p in asked if p.startswith("/x")]  # X was asked about the posts
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"archiver: {server.url}/news/tampered.html ({warc} at offset ")
    assert "WARC-Payload-Digest sha1:" in result.stderr and result.stderr.rstrip().endswith("skipped")
    pages = sample_pages()
    assert f"from captures: {len(pages) + 1} pages archived (0 without a digest to check), " \
           "1 digest mismatch skipped, 1 not 2xx skipped" in result.stdout

    fetches = {r["requested_url"]: r for r in rows(db_path, "SELECT * FROM article_fetches")}
    assert set(fetches) == {f"{server.url}/news/{p.name}" for p in pages} | {
        f"{server.url}/news/encoded.html"}
    for index, page in enumerate(pages):
        row = fetches[f"{server.url}/news/{page.name}"]
        assert row["body"] == page.read_bytes()
        assert row["fetched_at"] == capture_date(index)
        assert row["status"] == 200 and row["etag"] == f'"{page.stem}"'
        assert row["content_type"] == CHARSETS.get(page.name, "text/html; charset=utf-8")
        assert row["detail"].startswith(f"captured: {warc} at offset ")
    encoded = fetches[f"{server.url}/news/encoded.html"]
    assert encoded["body"] == (PAGES / "coast-weekly-harbour-recap.html").read_bytes()
    arabic = fetches[f"{server.url}/news/arabic-summer-games-windows-1256.html"]
    assert arabic["encoding"] == "cp1256"

    # extracted, resolved with X and verified, as `archive` does
    embeds = rows(db_path, "SELECT e.post_id, p.status FROM embeds e JOIN posts p ON p.id = e.post_id")
    assert embeds and {e["status"] for e in embeds} <= {"available", "unavailable", "unidentified"}
    assert rows(db_path, "SELECT count(*) AS n FROM verifications")[0]["n"] >= len(embeds)
    assert "verified " in result.stdout

    # again: nothing new, and still nothing fetched
    again = CliRunner().invoke(cli, ["archive", "--warc", "--db", str(db_path), str(warc)])
    assert len(rows(db_path, "SELECT id FROM article_fetches")) == len(fetches)
    assert not [p for p in server.requests[before:] if p.startswith("/news/")]
    assert again.exit_code == 1


def test_captures_give_the_embeds_a_live_fetch_gives(server, tmp_path):
    warc = tmp_path / "captures.warc.gz"
    write_captures(warc, server)
    from_warc, live = tmp_path / "warc.db", tmp_path / "live.db"
    CliRunner().invoke(cli, ["archive", "--warc", "--db", str(from_warc), str(warc)])
    result = CliRunner().invoke(cli, ["archive", "--db", str(live), *server.page_urls()])
    assert result.exit_code == 0, result.output
    query = ("SELECT a.url, e.post_id, e.quoted_text, e.positions FROM embeds e"
             " JOIN articles a ON a.id = e.article_id WHERE a.url LIKE '%/news/%'"
             " AND a.url NOT LIKE '%encoded.html' ORDER BY 1, 2, 4")
    captured = rows(from_warc, query)
    assert len({r["url"] for r in captured}) == len(sample_pages())
    assert captured == rows(live, query)


def test_digests_in_every_usual_form():
    payload = b"<html>page</html>"
    import base64
    import hashlib

    assert digest_matches(sha1_digest(payload), payload) is True
    assert digest_matches(sha1_digest(payload), payload + b" ") is False
    assert digest_matches("sha256:" + hashlib.sha256(payload).hexdigest(), payload) is True
    b32 = base64.b32encode(hashlib.sha256(payload).digest()).decode().rstrip("=")
    assert digest_matches("sha-256:" + b32, payload) is True
    b64 = base64.b64encode(hashlib.md5(payload).digest()).decode()
    assert digest_matches("md5:" + b64, payload) is True
    assert digest_matches("whirlpool9:abc", payload) is None
    # a known algorithm whose value is no digest of it: the record's claim does not hold
    for unreadable in ("sha1:NOTADIGEST", sha1_digest(payload)[:-2], "sha256:", "md5:zz!"):
        assert digest_matches(unreadable, payload) is False, unreadable


def test_a_mismatch_names_the_bytes_digest_as_the_record_names_its_own(tmp_path, db_path):
    page = (PAGES / "harbour-storm-desks.html").read_bytes()
    wrong = "sha256:" + "0" * 64
    warc = tmp_path / "w.warc"
    warc.write_bytes(raw_record("https://d.example/a", page, payload_digest=wrong))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(warc)])
    import hashlib
    assert result.exit_code == 1
    assert f"WARC-Payload-Digest {wrong}, the bytes are sha256:" \
        f"{hashlib.sha256(page).hexdigest()}" in result.stderr


def test_captures_are_read_from_fsspec_urls_as_scan_reads_them(server, tmp_path, db_path):
    """`archive --warc` takes what `scan` takes: a file:// glob, and any fsspec URL (an
    in-memory file system here; s3:// and the like with their package)."""
    import fsspec

    one, two = sample_pages()[:2]
    for folder, page in ((tmp_path, one), (None, two)):
        stream = io.BytesIO()
        Writer(stream).response(f"{server.url}/news/{page.name}", page.read_bytes(),
                                request=False)
        if folder is not None:
            (folder / "local-1.warc.gz").write_bytes(stream.getvalue())
    memory = fsspec.filesystem("memory")
    memory.pipe("/captures/two.warc.gz", stream.getvalue())
    try:
        before = len(server.requests)
        result = CliRunner().invoke(cli, [
            "archive", "--warc", "--db", str(db_path), f"file://{tmp_path}/local-*.warc.gz",
            "memory://captures/two.warc.gz", "memory://captures/none.warc.gz",
            "--storage-options", '{"skip_instance_cache": true}'])
    finally:
        memory.rm("/captures", recursive=True)
    assert result.exit_code == 1, result.output  # the missing one
    assert result.stderr == "archiver: memory://captures/none.warc.gz: no such file\n"
    assert "from captures: 2 pages archived" in result.stdout
    assert not [p for p in server.requests[before:] if p.startswith("/news/")]
    fetches = {r["requested_url"]: r for r in rows(db_path, "SELECT * FROM article_fetches")}
    assert fetches[f"{server.url}/news/{one.name}"]["body"] == one.read_bytes()
    assert fetches[f"{server.url}/news/{one.name}"]["detail"].startswith(
        f"captured: {tmp_path}/local-1.warc.gz at offset 0")
    assert fetches[f"{server.url}/news/{two.name}"]["body"] == two.read_bytes()
    assert fetches[f"{server.url}/news/{two.name}"]["detail"].startswith(
        "captured: memory:///captures/two.warc.gz at offset 0")


def test_storage_options_are_json_and_go_with_warc(db_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["archive", "--warc", "--db", str(db_path), "memory://a.warc",
                                 "--storage-options", "{anon: true}"])
    assert result.exit_code == 2 and "not JSON" in result.stderr
    result = runner.invoke(cli, ["archive", "--db", str(db_path), "https://a.example/",
                                 "--storage-options", '{"anon": true}'])
    assert result.exit_code == 2
    assert result.stderr == "archiver: --storage-options goes with --warc\n"
    assert not db_path.exists()


def test_a_capture_whose_target_uri_is_not_a_url_is_skipped_and_said(tmp_path, db_path):
    warc = tmp_path / "bad-uri.warc.gz"
    page = b'<html><body><a href="https://x.com/a/status/1840909492374892176">a</a></body></html>'
    warc.write_bytes(gzip_member(raw_record("http://[::1/a.html", page)))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--db", str(db_path), str(warc)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"archiver: http://[::1/a.html ({warc} at offset 0): WARC-Target-URI not a valid URL "
        "(Invalid IPv6 URL); skipped"]
    assert "0 pages archived" in result.stdout
    assert rows(db_path, "SELECT count(*) AS n FROM articles") == [{"n": 0}]


def test_two_captures_of_one_url_are_archived_in_order_the_newer_last(tmp_path, db_path):
    """A crawl writes its captures as it makes them: the later capture of a URL is the
    article's latest copy, however long the earlier one takes to read."""
    from .warcs import CORPUS

    big = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes() * 20  # slow to read
    small = (b"<html><body><p>Updated.</p><a href='https://x.com/a_b/status/"
             b"1234567890123456789'>post</a></body></html>")
    warc = tmp_path / "two.warc"
    warc.write_bytes(raw_record("https://race.example/a", big, date="2024-01-05T00:00:00Z")
                     + raw_record("https://race.example/a", small, date="2024-06-05T00:00:00Z"))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      "--workers", "4", str(warc)])
    assert result.exit_code in (0, 1), result.output
    fetches = rows(db_path, "SELECT id, fetched_at FROM article_fetches ORDER BY id")
    assert [f["fetched_at"] for f in fetches] == ["2024-01-05T00:00:00Z", "2024-06-05T00:00:00Z"]
    latest = rows(db_path, "SELECT DISTINCT post_id FROM embeds WHERE fetch_id = "
                           "(SELECT max(fetch_id) FROM embeds)")
    assert latest == [{"post_id": "1234567890123456789"}]


def test_a_capture_is_never_rendered(tmp_path, db_path):
    """Rendering would have Chromium ask the captured page's servers for its scripts and
    images: archive --warc never fetches what it archives."""
    warc = tmp_path / "w.warc"
    warc.write_bytes(raw_record("https://d.example/a", (PAGES / "harbour-storm-desks.html")
                                .read_bytes()))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--render", "--db", str(db_path),
                                      str(warc)])
    assert result.exit_code == 2
    assert result.stderr.startswith("archiver: --render does not go with --warc")
    assert not db_path.exists()


def test_a_page_url_given_to_warc_is_said_in_one_line_and_never_fetched(server, tmp_path,
                                                                         db_path):
    """--warc takes WARC or ARC files; a page's URL among them is one line saying so (and
    how pages are archived), and its server is not asked; the files are archived."""
    warc = tmp_path / "b.warc"
    page = sample_pages()[0]
    with warc.open("wb") as stream:
        Writer(stream, gzip=False).response(f"{server.url}/news/{page.name}",
                                            page.read_bytes(), request=False)
    url = f"{server.url}/news/page.html"
    before = len(server.requests)
    result = CliRunner().invoke(cli, ["archive", "--warc", str(warc), url, "--db", str(db_path)])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"archiver: {url}: a web page, not a WARC or ARC file: --warc takes WARC or ARC files "
        "(paths, globs or fsspec URLs); pages are archived without --warc: archiver archive "
        "URL\n")
    assert "from captures: 1 page archived" in result.stdout
    assert not [p for p in server.requests[before:] if p.startswith("/news/")]


def test_a_warc_at_an_http_url_is_read_or_what_is_missing_is_said(server, tmp_path, db_path):
    """fsspec reads http(s) URLs with aiohttp, which is no dependency of ours: without it,
    one line says what to install (fsspec's own names requests too, which is here)."""
    import importlib.util

    stream = io.BytesIO()
    page = sample_pages()[0]
    Writer(stream).response(f"{server.url}/news/{page.name}", page.read_bytes(), request=False)
    server.pages["captures.warc.gz"] = stream.getvalue()
    url = f"{server.url}/news/captures.warc.gz"
    result = CliRunner().invoke(cli, ["archive", "--warc", url, "--db", str(db_path)])
    if importlib.util.find_spec("aiohttp") is None:
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"archiver: {url}: --warc reads http(s) URLs with fsspec's HTTP file system, which "
            "needs aiohttp (pip install aiohttp); or download the file and give its path\n")
    else:
        assert result.exit_code == 0, result.output
        assert "from captures: 1 page archived" in result.stdout


def test_captures_given_newest_first_are_all_stored_and_a_warc_archived_again_adds_none(
        tmp_path, db_path):
    """The evidence of what a page showed when is the captures', whatever their order:
    January's capture, the same bytes as July's, read after it, shows the post was there
    in January; archiving the same WARC again stores no capture twice."""
    page = (b"<html><head><title>Harbour</title></head><body><p>Ferries.</p><a href='https://"
            b"x.com/a_b/status/1234567890123456789'>post</a></body></html>")
    changed = page.replace(b"Ferries.", b"Ferries resume.")
    warc = tmp_path / "newest-first.warc"
    warc.write_bytes(raw_record("https://order.example/a", page, date="2024-07-10T12:00:00Z")
                     + raw_record("https://order.example/a", changed, date="2024-04-10T12:00:00Z")
                     + raw_record("https://order.example/a", page, date="2024-01-10T12:00:00Z"))
    for _ in range(2):
        result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db",
                                          str(db_path), "--workers", "1", str(warc)])
        assert result.exit_code in (0, 1), result.output
        dates = [f["fetched_at"] for f in rows(db_path, "SELECT fetched_at FROM article_fetches"
                                                        " ORDER BY fetched_at")]
        assert dates == ["2024-01-10T12:00:00Z", "2024-04-10T12:00:00Z", "2024-07-10T12:00:00Z"]
    [current] = rows(db_path, "SELECT f.fetched_at FROM articles a JOIN article_fetches f"
                              " ON f.id = a.current_fetch_id")
    assert current["fetched_at"] == "2024-07-10T12:00:00Z"


def test_a_capture_without_a_content_type_is_stored_without_one(tmp_path, db_path):
    """A live fetch of a server that sends none stores none; a capture of it did store
    'text/html', and export-warc then wrote a header the server never sent."""
    page = b"<html><body><a href='https://x.com/a_b/status/1234567890123456789'>p</a></body></html>"
    warc = tmp_path / "t.warc"
    warc.write_bytes(raw_record("https://t.example/none", page, http_head=b"HTTP/1.1 200 OK\r\n\r\n")
                     + raw_record("https://t.example/empty", page,
                                  http_head=b"HTTP/1.1 200 OK\r\nContent-Type: \r\n\r\n"))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(warc)])
    assert result.exit_code in (0, 1), result.output
    import json

    kept = {r["requested_url"]: json.loads(r["headers"] or "{}").get("content-type")
            for r in rows(db_path, "SELECT requested_url, headers FROM article_fetches")}
    assert kept == {"https://t.example/none": None, "https://t.example/empty": ""}
    posts = rows(db_path, "SELECT DISTINCT post_id FROM embeds")
    assert posts == [{"post_id": "1234567890123456789"}]  # read as the page it is


def test_a_capture_that_is_no_page_is_said_naming_its_url_once(tmp_path, db_path):
    warc = tmp_path / "pdf.warc"
    warc.write_bytes(raw_record("https://p.example/report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                                http_head=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"))
    result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                      str(warc)])
    [line] = [x for x in result.stderr.splitlines() if "not an HTML or text page" in x]
    assert line.startswith("archiver: https://p.example/report.html: not an HTML or text page")
    assert line.count("https://p.example/report.html") == 1, line


def test_a_mismatched_digest_is_said_in_the_encoding_of_the_label():
    """A base32 SHA-1 whose letters all happen to be hex digits ('AAAA…') was answered in
    hex: two values that cannot be compared by eye. The length tells the encoding."""
    from archiver.warc.captures import _digest_like

    body = b"<html></html>"
    assert _digest_like("sha1:" + "A" * 32, body) == sha1_digest(body)
    assert _digest_like("sha1:" + "a" * 40, body) == "sha1:" + hashlib.sha1(body).hexdigest()


def test_a_capture_of_no_page_archived_again_is_stored_once(tmp_path, db_path):
    """A capture whose bytes are no page (empty, an image) is recorded as the failed fetch
    a live fetch of it is; the same WARC archived again adds no second row of it."""
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    warc = tmp_path / "nopage.warc"
    warc.write_bytes(raw_record("https://nopage.example/empty", b"", date="2024-01-10T12:00:00Z")
                     + raw_record("https://nopage.example/logo", png, date="2024-01-10T12:00:01Z",
                                  http_head=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"))
    for _ in range(3):
        result = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db",
                                          str(db_path), str(warc)])
        assert result.exit_code == 1, result.output
        failed = rows(db_path, "SELECT requested_url, error FROM article_fetches ORDER BY id")
        assert [(f["requested_url"], f["error"]) for f in failed] == [
            ("https://nopage.example/empty", "not_a_page"),
            ("https://nopage.example/logo", "not_a_page")]
