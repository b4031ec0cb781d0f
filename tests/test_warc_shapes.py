"""WARC records shaped as real crawlers and replay tools write them, read by `scan` and
`archive --warc` by the rule for their whole kind: payloads stored decoded under headers
that still name an encoding, pages cut short however the cut shows, segmented records,
responses with no WARC Content-Type, non-2xx answers, bytes that are no page, types a live
fetch reads as pages, gzip members of several records anywhere in a file, two
Content-Type headers, capture dates with offsets — and IRIs written out as URIs."""

import gzip
import io
import sqlite3
import zlib

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import cli
from archiver.sniff import not_a_page
from archiver.warc.scan import read_rows, run_scan
from archiver.warc.summary import summarize

from .warcs import CORPUS, gzip_member, http_head, raw_record, sha1_digest

POST_ID = "1234567890123456789"
POST = (b"<!DOCTYPE html><html><head><title>t</title></head><body><p>As she wrote:</p>"
        b"<a href='https://x.com/a_b/status/" + POST_ID.encode() + b"'>this</a></body></html>")
PAGE = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()  # two posts, 80 KB
PAGE_IDS = ["1310340832445292544", "1310340867681648640"]


def write(path, *records: bytes) -> str:
    """The records, one gzip member each."""
    path.write_bytes(b"".join(gzip_member(r) for r in records))
    return str(path)


def scan(tmp_path, warc: str):
    result = run_scan([warc], str(tmp_path / "out"), workers=1)
    assert not result.failed
    found = {}
    for row in read_rows(str(tmp_path / "out")).to_pylist():
        found.setdefault(row["target_uri"], []).append(row)
    return result.totals(), found, result.summary()


def archive(db_path, warc: str):
    return CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                    warc])


def rows(db_path, sql, *params):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def fetches(db_path):
    return {r["requested_url"]: r for r in rows(db_path, "SELECT * FROM article_fetches")}


def chunked(data: bytes, size: int = 1000) -> bytes:
    return b"".join(b"%x\r\n" % len(data[i:i + size]) + data[i:i + size] + b"\r\n"
                    for i in range(0, len(data), size)) + b"0\r\n\r\n"


def brotli_of(data: bytes) -> bytes:
    import brotli

    return brotli.compress(data)


# -- A: headers that name an encoding the stored payload no longer has --------------------

#: What pywb, browser-based crawlers and replay tools write: the answer's head kept, its
#: payload stored with the chunking or the content encoding already undone.
DECODED_UNDER_ENCODING_HEADERS = {
    "te-chunked": ["Transfer-Encoding: chunked", "Content-Length: -1"],  # pywb's iana.warc.gz
    "ce-gzip": ["Content-Encoding: gzip", "Content-Length: 999"],
    "ce-x-gzip": ["Content-Encoding: x-gzip"],
    "ce-deflate": ["Content-Encoding: deflate"],
    "ce-br": ["Content-Encoding: br"],
    "te-chunked-ce-gzip": ["Transfer-Encoding: chunked", "Content-Encoding: gzip"],
    "plain-text": ["Transfer-Encoding: chunked", "Content-Encoding: br"],
}


def test_a_payload_stored_decoded_under_its_encoding_headers_is_read_as_it_is(tmp_path,
                                                                               db_path):
    """Decoding fails, and the stored bytes are plainly no encoded payload (the first line
    is no chunk size; no gzip magic; deflate or br that does not decode and is text):
    the page is those bytes, as warcio and pywb read it — never 'malformed', never 'cut'."""
    records = []
    for name, headers in DECODED_UNDER_ENCODING_HEADERS.items():
        body, kind = (PAGE, "text/html; charset=utf-8") if name != "plain-text" else (
            b"As she wrote: https://x.com/a_b/status/" + POST_ID.encode() + b"\n",
            "text/plain; charset=utf-8")
        records.append(raw_record(f"https://a.example/{name}", body,
                                  http_head=http_head(f"Content-Type: {kind}", *headers)))
    warc = write(tmp_path / "decoded.warc.gz", *records)
    totals, found, _ = scan(tmp_path, warc)
    assert totals["pages"] == len(records)
    assert totals["malformed"] == totals["truncated"] == 0
    for name in DECODED_UNDER_ENCODING_HEADERS:
        ids = [r["post_id"] for r in found[f"https://a.example/{name}"]]
        assert ids == (PAGE_IDS if name != "plain-text" else [POST_ID]), name
    result = archive(db_path, warc)
    assert "cut" not in result.stderr and "does not decode" not in result.stderr
    stored = fetches(db_path)
    assert bytes(stored["https://a.example/te-chunked"]["body"]) == PAGE
    assert bytes(stored["https://a.example/ce-br"]["body"]) == PAGE
    assert f"from captures: {len(records)} pages archived" in result.stdout


def test_encoded_payloads_are_still_decoded(tmp_path):
    """The payloads their headers describe: chunked (with extensions), gzip, deflate
    (zlib and raw), br, chunked gzip."""
    raw_deflate = zlib.compressobj(wbits=-15)
    shapes = {
        "chunked": (["Transfer-Encoding: chunked"], chunked(PAGE).replace(b"\r\n", b";x=1\r\n", 1)),
        "gzip": (["Content-Encoding: gzip"], gzip.compress(PAGE)),
        "deflate": (["Content-Encoding: deflate"], zlib.compress(PAGE)),
        "raw-deflate": (["Content-Encoding: deflate"],
                        raw_deflate.compress(PAGE) + raw_deflate.flush()),
        "br": (["Content-Encoding: br"], brotli_of(PAGE)),
        "chunked-gzip": (["Transfer-Encoding: chunked", "Content-Encoding: gzip"],
                         chunked(gzip.compress(PAGE))),
    }
    warc = write(tmp_path / "encoded.warc.gz", *(
        raw_record(f"https://a.example/{name}", body,
                   http_head=http_head("Content-Type: text/html", *headers))
        for name, (headers, body) in shapes.items()))
    totals, found, _ = scan(tmp_path, warc)
    assert totals["pages"] == len(shapes) and totals["malformed"] == 0
    assert all([r["post_id"] for r in found[f"https://a.example/{n}"]] == PAGE_IDS
               for n in shapes)


def test_a_chunked_or_compressed_payload_cut_short_is_truncated_never_a_page(tmp_path,
                                                                            db_path):
    """A payload that is in the encoding its headers name and stops before its end is a
    page cut short: truncated (never a page, never malformed), by scan and archive --warc
    alike, and said as cut short — of the page, not of the file."""
    gz = gzip.compress(PAGE)
    whole = chunked(PAGE)
    cut = {
        "chunked-before-last-chunk": (["Transfer-Encoding: chunked"],
                                      whole[:whole.rindex(b"0\r\n\r\n")]),
        "chunked-inside-a-chunk": (["Transfer-Encoding: chunked"], whole[:len(whole) // 2]),
        "chunked-in-a-size-line": (["Transfer-Encoding: chunked"], whole[:1008]),
        "chunked-gzip": (["Transfer-Encoding: chunked", "Content-Encoding: gzip"],
                         chunked(gz[:len(gz) // 2])),
        "gzip": (["Content-Encoding: gzip"], gz[:len(gz) // 3]),
        "deflate": (["Content-Encoding: deflate"], zlib.compress(PAGE)[:5000]),
    }
    warc = write(tmp_path / "cut.warc.gz", *(
        raw_record(f"https://c.example/{name}", body,
                   http_head=http_head("Content-Type: text/html", *headers))
        for name, (headers, body) in cut.items()))
    totals, found, _ = scan(tmp_path, warc)
    assert (totals["truncated"], totals["pages"], totals["malformed"]) == (len(cut), 0, 0)
    assert found == {}
    result = archive(db_path, warc)
    lines = result.stderr.splitlines()
    assert len(lines) == len(cut)
    assert all("cut short; skipped" in line and "file" not in line for line in lines), lines
    assert f"{len(cut)} truncated, 0 too large, 0 malformed" in result.stdout
    assert fetches(db_path) == {}


# -- B: segmented records ----------------------------------------------------------------

def test_a_segmented_record_is_truncated_never_the_whole_page_nor_tampered(tmp_path,
                                                                          db_path):
    """A response written in segments (WARC-Segment-Number 1, the rest in a
    `continuation` record): its first segment is part of the page only — counted
    truncated, never read as the page, and its digest (of the whole payload) never held
    against the part as a mismatch."""
    head = http_head("Content-Type: text/html", f"Content-Length: {len(PAGE)}")
    block = head + PAGE
    half = len(block) // 2
    origin = "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    first = raw_record("https://s.example/seg", block[len(head):half], http_head=head,
                       payload_digest=sha1_digest(PAGE), record_id=origin,
                       extra="WARC-Segment-Number: 1\r\n")
    rest = raw_record("https://s.example/seg", b"", http_head=block[half:], warc_type="continuation",
                      warc_content_type=None,
                      extra=f"WARC-Segment-Origin-ID: {origin}\r\nWARC-Segment-Number: 2\r\n"
                            f"WARC-Segment-Total-Length: {len(block)}\r\n")
    warc = write(tmp_path / "seg.warc.gz", first, rest)
    totals, found, _ = scan(tmp_path, warc)
    assert (totals["truncated"], totals["not_response"], totals["pages"]) == (1, 1, 0)
    assert found == {}
    result = archive(db_path, warc)
    assert result.exit_code == 0, result.output
    assert "digest" not in result.stderr.lower() and "mismatch" not in result.stdout.replace(
        "0 digest mismatches", "")
    assert "1 truncated" in result.stdout and fetches(db_path) == {}


# -- C: a response record with no WARC Content-Type --------------------------------------

def test_a_response_with_no_warc_content_type_is_read_by_its_block(tmp_path):
    """Some writers leave the record's Content-Type out: a `response` whose block opens
    with an HTTP status line is an HTTP response all the same; one whose block is no
    HTTP is still none."""
    warc = write(tmp_path / "nt.warc.gz",
                 raw_record("https://n.example/http", PAGE, warc_content_type=None),
                 raw_record("https://n.example/lf", PAGE, warc_content_type=None,
                            http_head=b"HTTP/1.0 200 OK\nContent-Type: text/html\n\n"),
                 raw_record("https://n.example/labelled", PAGE),
                 raw_record("https://n.example/no-http", b"", warc_content_type=None,
                            http_head=b"just some bytes\r\n"))
    totals, found, _ = scan(tmp_path, warc)
    assert totals["pages"] == 3 and totals["not_html"] == 1
    for name in ("http", "lf", "labelled"):
        assert [r["post_id"] for r in found[f"https://n.example/{name}"]] == PAGE_IDS
        assert found[f"https://n.example/{name}"][0]["http_status"] == 200


# -- D: answers that are no 2xx page -----------------------------------------------------

def test_redirects_and_error_pages_are_skipped_by_scan_as_by_archive(tmp_path, db_path):
    """A 301 body, a 404 or a 500 page is no page of an article (`archive --warc` skips
    them, a live fetch stores none): scan counts them as such, writes no row for them,
    and the summary's top posts count only pages that show them."""
    statuses = ["301 Moved Permanently", "302 Found", "404 Not Found", "500 Internal Server Error"]
    records = [raw_record(f"https://d.example/{s.split()[0]}", POST,
                          http_head=http_head("Content-Type: text/html", status=s))
               for s in statuses]
    records.append(raw_record("https://d.example/ok", POST))
    warc = write(tmp_path / "d.warc.gz", *records)
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", warc, "--out", str(tmp_path / "out"), "--workers", "1",
                                 "--summary"])
    assert result.exit_code == 0, result.output
    assert "1 page read" in result.output
    assert "4 not 2xx pages" in result.output
    found = {r["target_uri"] for r in read_rows(str(tmp_path / "out")).to_pylist()}
    assert found == {"https://d.example/ok"}
    top = summarize(str(tmp_path / "out"))["top_posts"]
    assert [(r["post_id"], r["pages"]) for r in top] == [(POST_ID, 1)]
    archived = archive(db_path, warc)
    assert "4 not 2xx skipped" in archived.stdout


# -- E, G: bytes that are no page, and types a live fetch reads as pages -----------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n" + b"x" * 2000
#: (name, HTTP Content-Type or None, body): what a capture may hold under a type.
SHAPES = [
    ("html", "text/html; charset=utf-8", POST),
    ("empty", "text/html", b""),
    ("blank", "text/html", b" \r\n\t\n"),
    ("png-as-html", "text/html", PNG),
    ("pdf-as-html", "text/html", PDF),
    ("zip-as-text", "text/plain", b"PK\x03\x04" + bytes(100)),
    ("nul-in-html", "text/html", b"<p>x</p>" + b"\x00" * 50 + b"data"),
    ("octet-stream-html", "application/octet-stream", POST),
    ("text-xml-html", "text/xml", POST),
    ("octet-stream-binary", "application/octet-stream", bytes(range(256)) * 4),
    ("json", "application/json", b'{"url": "https://x.com/a_b/status/' + POST_ID.encode() + b'"}'),
    ("css", "text/css", b"body { color: red }"),
    ("no-type-html", None, POST),
    ("no-type-text", None, b"As she wrote: https://x.com/a_b/status/" + POST_ID.encode()),
    ("no-type-png", None, PNG),
]


def shape_warc(path) -> str:
    records = []
    for name, content_type, body in SHAPES:
        head = http_head(*([f"Content-Type: {content_type}"] if content_type else []))
        records.append(raw_record(f"https://e.example/{name}", body, http_head=head))
    # the same HTML, gzipped, under a type that is no page type
    records.append(raw_record("https://e.example/octet-stream-gzip-html", gzip.compress(POST),
                              http_head=http_head("Content-Type: application/octet-stream",
                                                  "Content-Encoding: gzip")))
    return write(path, *records)


def test_a_capture_is_a_page_exactly_when_a_live_fetch_of_it_would_be(tmp_path):
    """The rule is the live one (archiver.sniff.not_a_page): a page type or a body that
    opens an HTML document, whatever type it came with; never an empty body, an image, a
    PDF or a ZIP by its magic number, nor binary data. scan reads as pages exactly the
    captures a live fetch would store as pages, and counts the rest."""
    warc = shape_warc(tmp_path / "e.warc.gz")
    totals, found, summary = scan(tmp_path, warc)
    live_pages = {f"https://e.example/{name}" for name, content_type, body in SHAPES
                  if not_a_page(body, content_type) is None}
    live_pages.add("https://e.example/octet-stream-gzip-html")
    assert live_pages == {f"https://e.example/{n}" for n in (
        "html", "octet-stream-html", "text-xml-html", "no-type-html", "no-type-text",
        "octet-stream-gzip-html")}
    assert totals["pages"] == len(live_pages)
    assert set(found) == live_pages  # each of them shows the post
    assert totals["not_a_page"] == 7  # empty, blank, PNG, PDF, ZIP, NUL; the no-type PNG
    assert totals["not_html"] == 3  # the binary octet-stream, the JSON, the CSS
    assert "7 empty or binary bodies" in summary


def test_archive_warc_records_bytes_that_are_no_page_as_a_live_fetch_does(
        tmp_path, db_path, server):
    """An empty body, an image, a PDF, a ZIP or binary data under a page's type is, from a
    capture as from a live fetch, a failed fetch `not_a_page` (its bytes kept, its reason
    said), never the article's page; what a live fetch reads as a page is archived."""
    warc = shape_warc(tmp_path / "e.warc.gz")
    result = archive(db_path, warc)
    assert result.exit_code == 1  # each said, as a live fetch's failure is
    stored = fetches(db_path)
    failed = {url.rsplit("/", 1)[1]: r for url, r in stored.items() if r["error"]}
    assert sorted(failed) == sorted(["empty", "blank", "png-as-html", "pdf-as-html",
                                     "zip-as-text", "nul-in-html", "no-type-png"])
    assert {r["error"] for r in failed.values()} == {"not_a_page"}
    assert bytes(failed["pdf-as-html"]["body"]) == PDF
    assert f"https://e.example/pdf-as-html: not an HTML or text page (application/pdf)" \
        in result.stderr
    pages = {url.rsplit("/", 1)[1] for url, r in stored.items() if not r["error"]}
    assert pages == {"html", "octet-stream-html", "text-xml-html", "no-type-html",
                     "no-type-text", "octet-stream-gzip-html"}
    assert "7 captures of no page (empty or binary) recorded as failed fetches" in result.stdout
    # a live fetch of the same PDF under text/html: the same failure, said the same way
    server.pages["doc.html"] = PDF
    live = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db_path),
                                    f"{server.url}/news/doc.html"])
    live_row = fetches(db_path)[f"{server.url}/news/doc.html"]
    assert live_row["error"] == failed["pdf-as-html"]["error"] == "not_a_page"
    assert f"{server.url}/news/doc.html: not an HTML or text page (application/pdf)" in live.stderr


# -- H: a payload shorter than its HTTP Content-Length -----------------------------------

def test_a_payload_shorter_than_its_http_content_length_is_truncated(tmp_path, db_path):
    """A crawler that stopped reading (a size limit, a connection lost) and wrote no
    WARC-Truncated leaves fewer bytes than the HTTP Content-Length: a page cut short,
    never archived as the whole page. More bytes than it says, or a Content-Length that
    is no number (pywb's -1), is the page as kept."""
    warc = write(tmp_path / "h.warc.gz",
                 raw_record("https://h.example/cut", PAGE[:50000],
                            http_head=http_head("Content-Type: text/html",
                                                f"Content-Length: {len(PAGE)}")),
                 raw_record("https://h.example/longer", PAGE,
                            http_head=http_head("Content-Type: text/html", "Content-Length: 100")),
                 raw_record("https://h.example/minus-one", PAGE,
                            http_head=http_head("Content-Type: text/html", "Content-Length: -1")))
    totals, found, _ = scan(tmp_path, warc)
    assert (totals["truncated"], totals["pages"]) == (1, 2)
    assert set(found) == {"https://h.example/longer", "https://h.example/minus-one"}
    archive(db_path, warc)
    assert set(fetches(db_path)) == {"https://h.example/longer", "https://h.example/minus-one"}


# -- F: a gzip member of several records, late in the file -------------------------------

def test_records_after_the_first_in_a_gzip_member_get_no_offset_anywhere_in_the_file(
        tmp_path):
    """One record per member for the first few, then a member holding two, then one more:
    the records after the first of that member get an empty offset and length (none can
    be cut out), and every offset and length given holds its own record."""
    records = [raw_record(f"https://f.example/{i}", POST) for i in range(7)]
    members = [gzip_member(r) for r in records[:4]] + [gzip_member(records[4] + records[5]),
                                                       gzip_member(records[6])]
    data = b"".join(members)
    (tmp_path / "f.warc.gz").write_bytes(data)
    _totals, found, _ = scan(tmp_path, str(tmp_path / "f.warc.gz"))
    assert len(found) == 7
    for uri, (row,) in found.items():
        if uri == "https://f.example/5":
            assert (row["warc_offset"], row["warc_length"]) == (None, None)
            continue
        if row["warc_length"] is None:  # the member's first record: its start, no length
            assert uri == "https://f.example/4"
            cut = data[row["warc_offset"]:]
        else:
            cut = data[row["warc_offset"]:row["warc_offset"] + row["warc_length"]]
        record = next(iter(ArchiveIterator(io.BytesIO(cut))))
        assert record.rec_headers.get_header("WARC-Target-URI") == uri


# -- two Content-Type headers --------------------------------------------------------------

def test_of_two_content_type_headers_the_last_is_the_pages(tmp_path, db_path):
    """Browsers go by the last Content-Type header: so do scan and archive --warc."""
    latin = "<html><body><p>Gr\u00fc\u00dfe</p></body></html>".encode("latin-1")
    warc = write(tmp_path / "t.warc.gz", raw_record(
        "https://t.example/two", latin,
        http_head=http_head("Content-Type: text/html; charset=windows-1250",
                            "Content-Type: text/html; charset=iso-8859-1")))
    with open(warc, "rb") as stream:
        from archiver.warc.read import iter_captures

        (capture,) = list(iter_captures(stream, warc))
    assert capture.content_type == "text/html; charset=iso-8859-1"
    archive(db_path, warc)
    (row,) = fetches(db_path).values()
    assert row["content_type"] == "text/html; charset=iso-8859-1"
