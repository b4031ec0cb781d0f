"""Files that are no page and no WARC are inputs that failed, said in one line: never
accepted silently as a page with 0 posts, an article whose page is a PNG, or a scan part
that a later scan counts as done."""

import codecs
import gzip
import sqlite3

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .conftest import SAMPLES, SEED


@pytest.fixture
def png(tmp_path):
    from PIL import Image

    path = tmp_path / "x.png"
    Image.new("RGB", (8, 8), "red").save(path)
    return path


def _files(tmp_path, png):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    binary = tmp_path / "page.html"  # named like a page, binary inside
    binary.write_bytes(b"<html>" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.html"  # a page saved as nothing
    empty.write_bytes(b"")
    return {png: "image/png", pdf: "application/pdf", binary: "binary data", empty: "empty"}


def test_extract_of_a_file_that_is_no_page_is_an_input_that_failed(tmp_path, png):
    for path, what in _files(tmp_path, png).items():
        result = CliRunner().invoke(cli, ["extract", str(path), str(SEED)])
        assert result.exit_code == 1, result.output
        assert result.stderr == f"archiver: {path}: not an HTML or text page ({what})\n"
        assert result.stdout.startswith(f"{SEED}: 3 posts\n")  # the other input is read


def test_a_text_page_in_utf16_is_still_a_page(tmp_path):
    page = tmp_path / "utf16.html"
    page.write_bytes(codecs.BOM_UTF16_LE + (
        '<p>see <a href="https://x.com/a/status/1840909492374892176">this</a></p>'
    ).encode("utf-16-le"))
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert "1840909492374892176" in result.stdout


def test_archive_records_a_file_that_is_no_page_as_a_failed_fetch(tmp_path, png):
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db), str(png),
                                      str(SEED)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"archiver: {png}: not an HTML or text page (image/png)\n"
    with sqlite3.connect(db) as conn:
        rows = {row[0]: row[1:] for row in conn.execute(
            "SELECT a.url, f.error, f.detail, f.body_bytes, f.embeds_found "
            "FROM article_fetches f JOIN articles a ON a.id = f.article_id")}
    # As a 404 is: a failed fetch with its bytes, never the article's page.
    assert rows == {png.resolve().as_uri(): ("not_a_page", f"{png}: not an HTML or text page "
                                             "(image/png)", png.stat().st_size, None),
                    SEED.resolve().as_uri(): (None, None, SEED.stat().st_size, 3)}


@pytest.mark.parametrize("body, content_type, what", [
    (None, "image/png", "image/png"),
    (b'{"posts": ["https://x.com/a/status/1840909492374892176"]}', "application/json",
     "application/json"),
    (b"<html>" + b"\x00" * 64, None, "binary data"),
    (b"", "text/html", "empty"),
    (b" \r\n\n ", "text/html; charset=utf-8", "empty"),
])
def test_a_response_that_is_no_page_is_an_input_that_failed(server, tmp_path, png, body,
                                                             content_type, what):
    server.overrides["/news/thing"] = (200, png.read_bytes() if body is None else body,
                                       content_type or "")
    url = f"{server.url}/news/thing"
    extract = CliRunner().invoke(cli, ["extract", url])
    assert (extract.exit_code, extract.stdout) == (1, ""), extract.output
    assert extract.stderr == f"archiver: {url}: not an HTML or text page ({what})\n"
    db = tmp_path / "a.db"
    archive = CliRunner().invoke(cli, ["archive", "--db", str(db), url])
    assert archive.exit_code == 1, archive.output
    assert archive.stderr == f"archiver: {url}: not an HTML or text page ({what})\n"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, error FROM article_fetches").fetchall() == [
            (200, "not_a_page")]
        assert conn.execute("SELECT count(*) FROM embeds").fetchone() == (0,)


@pytest.mark.parametrize("compress", [False, True])
def test_scan_of_a_file_that_is_no_warc_writes_no_part_and_fails(tmp_path, png, compress):
    source = png
    if compress:
        source = tmp_path / "x.warc.gz"
        source.write_bytes(gzip.compress(png.read_bytes()))
    out = tmp_path / "out"
    for _ in range(2):  # and again: still failed, never "already done"
        result = CliRunner().invoke(cli, ["scan", str(source), "--out", str(out),
                                          "--workers", "1"])
        assert result.exit_code == 1, result.output
        assert result.stderr == f"archiver: {source}: not a WARC or ARC file\n"
        assert "0 files (0 scanned, 0 already done), 1 failed:" in result.stdout
        assert "parts in" not in result.stdout  # none was written
        assert not out.exists()  # nor the folder it would have been written in
    out.mkdir()  # a folder that was there stays
    CliRunner().invoke(cli, ["scan", str(source), "--out", str(out), "--workers", "1"])
    assert out.is_dir() and list(out.iterdir()) == []


def test_scan_of_no_input_makes_no_folder(tmp_path):
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "none-*.warc.gz"), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "out").exists()


def test_archive_warc_of_a_file_that_is_no_warc_fails(tmp_path, png):
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["archive", "--warc", "--db", str(db), str(png)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"archiver: {png}: not a WARC or ARC file\n"


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/xml",
                                          "application/x-httpd-php"])
def test_a_page_served_with_a_wrong_type_is_still_a_page(server, content_type):
    """Misconfigured servers give HTML other types; the bytes say what it is."""
    page = (SAMPLES / "shafaq-turkiye-syria-ankara-talks.html").read_bytes()
    server.overrides["/news/mistyped"] = (200, page, content_type)
    result = CliRunner().invoke(cli, ["extract", "--json", f"{server.url}/news/mistyped"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize("content_type", ["text/markdown; charset=utf-8", "text/x-markdown"])
def test_a_markdown_page_is_a_page_read_as_text(server, content_type):
    """Servers give Markdown its own type (text/markdown, RFC 7763): a text page, its
    embeds read as Markdown renders them (it was refused as no page)."""
    body = ("# Ferries\n\n> Night sailings resume on Monday.\n>\n"
            "> &mdash; Harbour Ferries (@_harbour_ferries_) [September 13, 2020]"
            "(https://twitter.com/_harbour_ferries_/status/1305117920448679936)\n").encode()
    server.overrides["/news/notes"] = (200, body, content_type)
    result = CliRunner().invoke(cli, ["extract", "--json", f"{server.url}/news/notes"])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert '"author_name": "Harbour Ferries"' in line and '"text": "Night sailings' in line
