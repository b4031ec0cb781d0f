"""`archiver scan` on real WARC and ARC files written here from the corpus pages: the posts
INDEX.tsv lists, where each record is, and every broken record counted, never fatal."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import cli
from archiver.extract import extract
from archiver.warc.read import MAX_PAGE_BYTES, PayloadTooLarge, decode_payload, iter_captures
from archiver.warc.scan import (COUNT_KEYS, EMBED_COLUMNS, RECORD_COLUMNS, part_name, read_rows,
                                run_scan)

from .conftest import SEED
from .warcs import (CORPUS, SAMPLES, Writer, corpus_rows, gold_ids, gzip_member, raw_record,
                    sha1_digest, write_corpus_warc)

POST = b"<html><body><p>As she wrote:</p><a href='https://x.com/a_b/status/1234567890123456789'>" \
       b"this</a></body></html>"


def rows_by_uri(out):
    found = {}
    for row in read_rows(str(out)).to_pylist():
        found.setdefault(row["target_uri"], []).append(row)
    return found


def counts(result):
    return result.totals()


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_every_corpus_post_is_found_with_its_record(tmp_path, compress):
    warc = tmp_path / ("corpus.warc.gz" if compress else "corpus.warc")
    written = write_corpus_warc(warc, compress=compress)
    result = run_scan([str(warc)], str(tmp_path / "out"), workers=1)
    assert not result.failed
    found = rows_by_uri(tmp_path / "out")
    data = warc.read_bytes()
    pages_with_posts = 0
    for uri, row in written:
        rows = found.get(uri, [])
        assert [r["post_id"] for r in rows] == gold_ids(row), row["file"]
        handles = row["handles"].split(",") if gold_ids(row) else []
        assert [(r["handle"] or "").lower() for r in rows] == [h.lower() for h in handles]
        pages_with_posts += bool(rows)
        if not rows:
            continue
        # the row's offset and length hold exactly that record
        first = rows[0]
        record = next(iter(ArchiveIterator(io.BytesIO(
            data[first["warc_offset"]:first["warc_offset"] + first["warc_length"]]))))
        assert record.rec_headers.get_header("WARC-Target-URI") == uri
        body = record.content_stream().read()
        assert body == (CORPUS / row["file"]).read_bytes()
        assert first["payload_digest"] == record.rec_headers.get_header("WARC-Payload-Digest") \
            == sha1_digest(body)
        assert first["capture_date"] == record.rec_headers.get_header("WARC-Date")
        assert first["record_id"] == record.rec_headers.get_header("WARC-Record-ID")
        assert first["warc_file"] == str(warc)
        assert first["http_status"] == 200 and first["content_type"] == "text/html"
        # the `extract --json` fields, exactly as extract gives them for the page
        expected = [e.to_json() for e in extract(body, uri, content_type="text/html")]
        assert [{k: r[k] for k in EMBED_COLUMNS} for r in rows] == expected
    gold = sum(len(gold_ids(row)) for _, row in written)
    assert counts(result) == {**dict.fromkeys(COUNT_KEYS, 0), "records": 1 + 2 * len(written),
                              "pages": len(written), "posts": gold,
                              "pages_with_posts": pages_with_posts,
                              "not_response": 1 + len(written)}
    assert result.distinct_posts == len({i for _, row in written for i in gold_ids(row)})


def test_columns_are_the_record_fields_then_the_extract_json_keys(tmp_path):
    from archiver.models import EMBED_JSON_KEYS

    write_corpus_warc(tmp_path / "a.warc.gz", corpus_rows()[:2])
    run_scan([str(tmp_path / "a.warc.gz")], str(tmp_path / "out"), workers=1)
    table = read_rows(str(tmp_path / "out"))
    assert table.column_names == [*RECORD_COLUMNS, *EMBED_JSON_KEYS]
    assert table.schema.field("media").type.value_type.equals(table.schema.field("text").type)


def broken_warc(path):
    """Good pages around every kind of record the scan must skip, gzip per record."""
    stream = io.BytesIO()
    writer = Writer(stream)
    writer.warcinfo()
    writer.response("https://a.example/first", POST)
    writer.response("https://a.example/image.png", b"\x89PNG\r\n\x1a\n" + bytes(100),
                    content_type="image/png")
    writer.response("https://a.example/cut-by-crawler", POST[:40],
                    warc_headers={"WARC-Truncated": "length"})
    writer.resource("https://a.example/resource.html", POST)  # a page saved with no headers
    writer.resource("urn:text:https://a.example/first", b"As she wrote: this",
                    content_type="text/plain")  # Browsertrix's extracted text: no page
    writer.resource("metadata://gnu.org/software/wget/warc/wget.log", b"wget log",
                    content_type="text/plain")  # wget's log: no page
    writer.metadata("https://a.example/first")
    writer.revisit("https://a.example/first", sha1_digest(POST))
    writer.response("https://a.example/json", b'{"x": "https://x.com/a/status/1234567890123456789"}',
                    content_type="application/json")
    writer.response("https://a.example/gzipped", gzip.compress(POST),
                    headers=[("Content-Encoding", "gzip")])
    chunked = b"%x\r\n" % len(POST) + POST + b"\r\n0\r\n\r\n"
    writer.response("https://a.example/chunked", chunked, headers=[("Transfer-Encoding", "chunked")])
    bad_gzip = bytearray(gzip.compress(POST))
    bad_gzip[-8] ^= 0xFF  # its CRC: gzip, whole, and not what its bytes inflate to
    writer.response("https://a.example/bad-gzip", bytes(bad_gzip),
                    headers=[("Content-Encoding", "gzip")])
    data = stream.getvalue()
    data += gzip_member(raw_record("https://a.example/not-http", POST,
                                   http_head=b"NOT AN HTTP HEAD\r\n\r\n"))
    data += b"garbage between records, as a broken copy leaves" * 20   # a malformed stretch
    stream = io.BytesIO()
    writer = Writer(stream)
    writer.response("https://a.example/after-garbage", POST)
    data += stream.getvalue()
    data += gzip_member(raw_record("https://a.example/last", POST, declared_length=5000))[:-8]
    path.write_bytes(data)


def test_broken_records_are_counted_and_skipped_never_fatal(tmp_path):
    broken_warc(tmp_path / "broken.warc.gz")
    result = run_scan([str(tmp_path / "broken.warc.gz")], str(tmp_path / "out"), workers=1)
    assert not result.failed
    found = rows_by_uri(tmp_path / "out")
    assert sorted(found) == ["https://a.example/after-garbage", "https://a.example/chunked",
                             "https://a.example/first", "https://a.example/gzipped",
                             "https://a.example/resource.html"]
    assert {r[0]["post_id"] for r in found.values()} == {"1234567890123456789"}
    totals = counts(result)
    assert totals["pages"] == 5 and totals["posts"] == 5
    # warcinfo, 8 requests, two resources that are no pages, metadata, revisit
    assert totals["not_response"] == 13
    assert totals["not_html"] == 2  # the PNG and the JSON
    assert totals["truncated"] == 2  # WARC-Truncated, and the record the file's end cuts
    # the undecodable gzip payload, the HTTP head that is none, the garbage stretch
    assert totals["malformed"] == 3
    line = result.summary()
    assert ("2 not HTML, 0 not 2xx pages, 0 empty or binary bodies, 2 truncated, 0 too large, "
            "3 malformed") in line


def test_uncompressed_garbage_is_skipped_to_the_next_record(tmp_path):
    stream = io.BytesIO()
    writer = Writer(stream, gzip=False)
    writer.response("https://a.example/1", POST, request=False)
    data = stream.getvalue() + b"\r\nnot a record\r\n" * 50
    stream = io.BytesIO()
    writer = Writer(stream, gzip=False)
    writer.response("https://a.example/2", POST, request=False)
    (tmp_path / "g.warc").write_bytes(data + stream.getvalue())
    result = run_scan([str(tmp_path / "g.warc")], str(tmp_path / "out"), workers=1)
    assert sorted(rows_by_uri(tmp_path / "out")) == ["https://a.example/1", "https://a.example/2"]
    assert counts(result)["malformed"] == 1


def test_the_http_charset_is_the_pages_charset(tmp_path):
    """A windows-1256 page whose only declaration is the HTTP header."""
    page = (SAMPLES / "arabic-summer-games-windows-1256.html").read_bytes()
    page = page.replace(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
                        b"")
    assert b"1256" not in page
    header = "text/html; charset=windows-1256"
    with open(tmp_path / "ar.warc.gz", "wb") as handle:
        Writer(handle).response("https://ar.example/games", page, content_type=header)
    run_scan([str(tmp_path / "ar.warc.gz")], str(tmp_path / "out"), workers=1)
    [row] = rows_by_uri(tmp_path / "out")["https://ar.example/games"]
    [embed] = extract(page, "https://ar.example/games", content_type=header)
    assert row["text"] == embed.text
    assert row["text"].startswith("اجازة الصيف يبغالها العاب جماعية")
    assert row["author_name"] == "مريم المطيري"
    assert row["content_type"] == header


def test_a_plain_text_response_is_read_as_an_embeds_text(tmp_path):
    with open(tmp_path / "t.warc.gz", "wb") as handle:
        Writer(handle).response("https://txt.example/seed", SEED.read_bytes(),
                                content_type="text/plain; charset=utf-8")
    run_scan([str(tmp_path / "t.warc.gz")], str(tmp_path / "out"), workers=1)
    rows = rows_by_uri(tmp_path / "out")["https://txt.example/seed"]
    assert [r["handle"] for r in rows] == ["syrianmofaex", "Murhaf_abuqasra", "HakanFidan"]
    assert {r["kind"] for r in rows} == {"text"}


def arc_records(records) -> list[bytes]:
    """An ARC (v1) file's records, uncompressed: its filedesc:// block, then one per page."""
    head = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    parts = [b"filedesc://test.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(head) + head
             + b"\n"]
    for uri, body in records:
        block = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        parts.append(b"%s 192.0.2.1 20240102030405 text/html %d\n" % (uri.encode(), len(block))
                     + block + b"\n")
    return parts


def arc_file(records, compress):
    parts = arc_records(records)
    return b"".join(gzip.compress(p) for p in parts) if compress else b"".join(parts)


@pytest.mark.parametrize("compress", [True, False], ids=["arc.gz", "arc"])
def test_arc_files_are_read_too(tmp_path, compress):
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    name = "old.arc.gz" if compress else "old.arc"
    (tmp_path / name).write_bytes(arc_file([("http://a.example/x", page),
                                            ("http://a.example/none", b"<html></html>")],
                                           compress))
    result = run_scan([str(tmp_path / name)], str(tmp_path / "out"), workers=1)
    rows = rows_by_uri(tmp_path / "out")["http://a.example/x"]
    assert [r["post_id"] for r in rows] == ["1310340832445292544", "1310340867681648640"]
    assert rows[0]["capture_date"] == "2024-01-02T03:04:05Z"
    assert counts(result)["pages"] == 2 and counts(result)["not_response"] == 1


@pytest.mark.parametrize("compress", [True, False], ids=["arc.gz", "arc"])
def test_an_arc_file_is_read_past_a_malformed_record(tmp_path, compress):
    """A record warcio cannot read is counted as malformed, and the records after it are
    read: the next header line (gzip member) is found, as for WARC."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    parts = arc_records([("http://a.example/before", POST), ("http://a.example/broken", POST),
                         ("http://a.example/after", page), ("http://a.example/cut", POST),
                         ("http://a.example/last", POST)])
    # a header line that is none: too few fields
    parts[2] = parts[2].replace(b"http://a.example/broken 192.0.2.1 20240102030405 text/html",
                                b"\x00broken")
    if compress:
        members = [gzip.compress(p, mtime=0) for p in parts]
        # a gzip member whose deflate data is damaged halfway
        cut = members[4]
        members[4] = cut[:len(cut) // 2] + bytes(b ^ 0x5A for b in cut[len(cut) // 2:][:16]) \
            + cut[len(cut) // 2 + 16:]
    else:
        members = list(parts)
        # a record's start zeroed, as a damaged disk leaves it
        members[4] = bytes(60) + members[4][60:]
    data = b"".join(members)
    (tmp_path / "damaged.arc").write_bytes(data)
    result = run_scan([str(tmp_path / "damaged.arc")], str(tmp_path / "out"), workers=1)
    assert not result.failed
    found = rows_by_uri(tmp_path / "out")
    assert sorted(found) == ["http://a.example/after", "http://a.example/before",
                             "http://a.example/last"]
    assert [r["post_id"] for r in found["http://a.example/after"]] == \
        ["1310340832445292544", "1310340867681648640"]
    # each row's offset is where its record starts in the file
    for uri, index in (("http://a.example/before", 1), ("http://a.example/after", 3),
                       ("http://a.example/last", 5)):
        assert found[uri][0]["warc_offset"] == len(b"".join(members[:index])), uri
    assert counts(result)["malformed"] == 2
    assert counts(result)["pages"] == 3


def test_an_arc_record_shorter_than_its_length_says_is_read_quietly(tmp_path, capsys):
    """warcio's three-line warning for a record not followed by a blank line stays off
    stderr; the next record is read."""
    parts = arc_records([("http://a.example/short", b"<html>" + b"x" * 40 + b"</html>"),
                         ("http://a.example/next", POST)])
    parts[1] = parts[1].replace(b"text/html %d\n" % (len(parts[1].split(b"\n", 1)[1]) - 1),
                                b"text/html %d\n" % (len(parts[1].split(b"\n", 1)[1]) - 11))
    (tmp_path / "short.arc").write_bytes(b"".join(parts))
    run_scan([str(tmp_path / "short.arc")], str(tmp_path / "out"), workers=1)
    assert "http://a.example/next" in rows_by_uri(tmp_path / "out")
    assert capsys.readouterr().err == ""


def _with_a_wrong_length(kind: str, by: int) -> bytes:
    """Four responses (before, wrong, after, last) as WARC or ARC, gzip per record or
    not, the second's stated length `by` bytes off (a writer's error)."""
    uris = [f"http://{kind}.example/{name}" for name in ("before", "wrong", "after", "last")]
    if kind.startswith("arc"):
        parts = arc_records([(uri, POST) for uri in uris])
        line, block = parts[2].split(b"\n", 1)
        fields = line.split(b" ")
        fields[-1] = b"%d" % (int(fields[-1]) + by)
        parts[2] = b" ".join(fields) + b"\n" + block
    else:
        block = len(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + POST)
        parts = [raw_record(uri, POST, declared_length=block + by if i == 1 else None)
                 for i, uri in enumerate(uris)]
    return b"".join(gzip_member(p) for p in parts) if kind.endswith(".gz") else b"".join(parts)


@pytest.mark.parametrize("kind", ["warc", "warc.gz", "arc"])
def test_a_record_whose_length_runs_into_the_next_is_malformed_and_the_next_is_read(
        tmp_path, kind):
    """A stated length too long swallows the start of the next record: that record is
    read again from its own start, and the record with the wrong length is counted as
    malformed, its payload (part of another record) not read as a page."""
    (tmp_path / f"w.{kind}").write_bytes(_with_a_wrong_length(kind, 40))
    result = run_scan([str(tmp_path / f"w.{kind}")], str(tmp_path / "out"), workers=1)
    found = rows_by_uri(tmp_path / "out")
    host = f"http://{kind}.example"
    assert sorted(found) == [f"{host}/after", f"{host}/before", f"{host}/last"]
    assert counts(result)["malformed"] == 1
    assert counts(result)["pages"] == 3
    with open(tmp_path / f"w.{kind}", "rb") as stream:
        wrong = [c for c in iter_captures(stream, "w") if c.target_uri == f"{host}/wrong"]
    assert len(wrong) == 1 and wrong[0].problem == "malformed" and wrong[0].payload is None
    assert "runs" in wrong[0].detail and "into the next record" in wrong[0].detail


@pytest.mark.parametrize("kind", ["warc", "warc.gz"])
def test_a_record_shorter_than_stated_is_read_as_stated_and_the_rest_is_one_stretch(
        tmp_path, kind):
    (tmp_path / f"w.{kind}").write_bytes(_with_a_wrong_length(kind, -20))
    result = run_scan([str(tmp_path / f"w.{kind}")], str(tmp_path / "out"), workers=1)
    assert sorted(rows_by_uri(tmp_path / "out")) == [
        f"http://{kind}.example/{name}" for name in ("after", "before", "last", "wrong")]
    assert counts(result)["malformed"] == 1


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_record_with_a_broken_head_is_one_malformed_record(tmp_path, compress):
    """The record after a good one fails to read: counted once, where it is, and the
    records after it are read."""
    parts = [raw_record(f"http://b.example/{name}", POST)
             for name in ("before", "broken", "after")]
    parts[1] = parts[1].replace(b"WARC-Type: response\r\n", b"WARC-Type response\r\n")
    data = b"".join(gzip_member(p) for p in parts) if compress else b"".join(parts)
    with io.BytesIO(data) as stream:
        captures = list(iter_captures(stream, "b"))
    assert [(c.target_uri, c.problem) for c in captures] == [
        ("http://b.example/before", None), ("http://b.example/broken", "malformed"),
        ("http://b.example/after", None)]
    members = [gzip_member(p) if compress else p for p in parts]
    assert [c.offset for c in captures] == [0, len(members[0]), len(members[0] + members[1])]


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_bytes_between_records_are_one_stretch_after_the_record_before(tmp_path, compress):
    parts = [raw_record(f"http://z.example/{name}", POST) for name in ("before", "zeroed",
                                                                     "after")]
    parts[1] = bytes(60) + parts[1][60:]  # a record's start zeroed, as a damaged disk leaves it
    data = b"".join(gzip_member(p) for p in parts) if compress else b"".join(parts)
    with io.BytesIO(data) as stream:
        captures = list(iter_captures(stream, "z"))
    assert [(c.target_uri, c.problem) for c in captures] == [
        ("http://z.example/before", None), (None, "malformed"), ("http://z.example/after", None)]
    if not compress:  # where the damage begins: the end of the record before
        assert captures[1].offset == len(parts[0]) - 4


def test_a_scan_run_again_skips_complete_parts_and_redoes_the_rest(tmp_path):
    rows = corpus_rows()
    for index, chunk in enumerate((rows[:5], rows[5:10], rows[10:15])):
        write_corpus_warc(tmp_path / f"in-{index}.warc.gz", chunk)
    out = tmp_path / "out"
    first = run_scan([str(tmp_path / "in-*.warc.gz")], str(out), workers=1)
    assert [f.skipped for f in first.files] == [False] * 3
    parts = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert sorted(parts) == sorted(part_name(str(tmp_path / f"in-{i}.warc.gz")) for i in range(3))
    # a killed scan leaves a temporary file, and one part is lost
    lost = part_name(str(tmp_path / "in-1.warc.gz"))
    (out / lost).unlink()
    (out / f".{lost}.tmp-deadbeef").write_bytes(b"half a part")
    again = run_scan([str(tmp_path / "in-*.warc.gz")], str(out), workers=1)
    assert [f.skipped for f in again.files] == [True, False, True]
    assert again.totals() == first.totals()
    assert {p.name for p in out.iterdir()} == set(parts)  # the leftover is gone
    for name, mtime in parts.items():
        if name != lost:
            assert (out / name).stat().st_mtime_ns == mtime


def test_cli_scan_prints_the_summary_and_fails_for_a_missing_input(tmp_path):
    write_corpus_warc(tmp_path / "a.warc.gz", corpus_rows()[:3])
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", str(tmp_path / "a.warc.gz"), "--out", str(tmp_path / "o"),
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "1 file (1 scanned, 0 already done), 0 failed: 7 records, 3 pages read" in result.stdout
    again = runner.invoke(cli, ["scan", str(tmp_path / "a.warc.gz"), str(tmp_path / "nope.warc"),
                                "--out", str(tmp_path / "o"), "--workers", "1"])
    assert again.exit_code == 1
    assert "(0 scanned, 1 already done), 1 failed" in again.stdout
    assert f"archiver: {tmp_path / 'nope.warc'}: no such file" in again.stderr


def test_without_the_extra_the_scan_says_how_to_install_it(tmp_path):
    code = ("import sys; sys.modules['fastwarc'] = None\n"
            "from archiver.cli import main; sys.argv = ['archiver', 'scan', 'x.warc', '--out', 'o']\n"
            "main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == ("archiver: scan needs fastwarc: "
                                   "pip install 'x-post-archiver[scan]'")
    assert not (tmp_path / "o").exists()


def test_part_metadata_holds_the_inputs_counts(tmp_path):
    import pyarrow.parquet as pq

    write_corpus_warc(tmp_path / "a.warc.gz", corpus_rows()[:2])
    result = run_scan([str(tmp_path / "a.warc.gz")], str(tmp_path / "out"), workers=1)
    [part] = list((tmp_path / "out").iterdir())
    info = json.loads(pq.read_metadata(part).metadata[b"archiver.scan"])
    assert info["input"] == str(tmp_path / "a.warc.gz")
    assert info["counts"] == result.totals()
    assert info["bytes"] == os.path.getsize(tmp_path / "a.warc.gz")


def test_an_unknown_protocol_is_one_line_not_a_traceback(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["scan", "nope://a.warc.gz", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr == "archiver: nope://a.warc.gz: Protocol not known: nope\n"
    result = runner.invoke(cli, ["scan", "a.warc.gz", "--out", "nope://o"])
    assert result.exit_code == 2
    assert result.stderr == "archiver: --out nope://o: Protocol not known: nope\n"


def test_a_folder_given_as_an_input_is_said_to_be_a_folder(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_corpus_warc(folder / "a.warc.gz", corpus_rows()[:1])
    for command in (["scan", str(folder), "--out", str(tmp_path / "o"), "--workers", "1"],
                    ["archive", "--warc", str(folder), "--db", str(tmp_path / "a.db")]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, result.output
        assert result.stderr == (f"archiver: {folder}: is a folder, not a WARC or ARC file "
                                 f"(give its files, or a glob: '{folder}/*.warc.gz')\n")
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("summary", [[], ["--summary"]])
def test_an_out_that_is_a_file_is_said_so(tmp_path, summary):
    write_corpus_warc(tmp_path / "a.warc.gz", corpus_rows()[:1])
    taken = tmp_path / "taken"
    taken.write_bytes(b"mine")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "a.warc.gz"), *summary, "--out",
                                      str(taken), "--workers", "1"])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == f"archiver: --out {taken} is a file, not a folder: the parts go in " \
                            "a folder\n"
    assert taken.read_bytes() == b"mine"


def test_a_summary_of_a_folder_with_no_scan_output_is_said_and_makes_nothing(tmp_path):
    typo = tmp_path / "typo" / "dir"
    result = CliRunner().invoke(cli, ["scan", "--summary", "--out", str(typo)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"archiver: {typo} holds no scan output\n"
    assert not (tmp_path / "typo").exists()
    db = tmp_path / "a.db"  # nor is an archive started to ask X about nothing
    result = CliRunner().invoke(cli, ["archive", "--from-scan", str(typo), "--db", str(db)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"archiver: {typo} holds no scan output\n"
    assert not db.exists() and not (tmp_path / "typo").exists()


def test_a_gzip_body_of_several_members_is_read_whole_and_a_bomb_is_not_read(tmp_path):
    """HTTP clients read every member of a gzip body; a body that inflates past the page
    cap (a few MB of gzip may inflate to gigabytes) is never inflated past it."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    half = len(page) // 2
    two_members = gzip.compress(page[:half]) + gzip.compress(page[half:])
    bomb = gzip.compress(b" " * (MAX_PAGE_BYTES + 1024 * 1024))
    with open(tmp_path / "c.warc.gz", "wb") as handle:
        writer = Writer(handle)
        writer.response("https://e.example/two", two_members,
                        headers=[("Content-Encoding", "gzip")])
        writer.response("https://e.example/bomb", bomb, headers=[("Content-Encoding", "gzip")])
    assert decode_payload(two_members, [("Content-Encoding", "gzip")]) == page
    with pytest.raises(PayloadTooLarge):
        decode_payload(bomb, [("Content-Encoding", "gzip")])
    result = run_scan([str(tmp_path / "c.warc.gz")], str(tmp_path / "out"), workers=1)
    found = rows_by_uri(tmp_path / "out")
    assert [r["post_id"] for r in found["https://e.example/two"]] == [
        "1310340832445292544", "1310340867681648640"]
    assert "https://e.example/bomb" not in found
    assert counts(result)["too_large"] == 1 and counts(result)["malformed"] == 0


def test_a_target_uri_in_angle_brackets_is_the_url(tmp_path):
    """WARC/1.0's grammar writes WARC-Target-URI as <uri>; pywb and Browsertrix do."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    record = raw_record("https://breakingsoup.com/x/", page).replace(
        b"WARC-Target-URI: https://breakingsoup.com/x/\r\n",
        b"WARC-Target-URI: <https://breakingsoup.com/x/>\r\n")
    (tmp_path / "b.warc").write_bytes(record)
    run_scan([str(tmp_path / "b.warc")], str(tmp_path / "out"), workers=1)
    rows = rows_by_uri(tmp_path / "out")
    assert list(rows) == ["https://breakingsoup.com/x/"]
    assert {r["source"] for r in rows["https://breakingsoup.com/x/"]} == {
        "https://breakingsoup.com/x/"}


def test_an_arcs_dns_records_are_no_pages_and_its_records_keep_no_invented_id(tmp_path):
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    parts = arc_records([("http://a.example/x", page)])
    dns = b"20240102030405\n192.0.2.1\n"
    parts.insert(1, b"dns:a.example 192.0.2.53 20240102030405 text/dns %d\n" % len(dns)
                 + dns + b"\n")
    (tmp_path / "h.arc").write_bytes(b"".join(parts))
    result = run_scan([str(tmp_path / "h.arc")], str(tmp_path / "out"), workers=1)
    assert counts(result)["malformed"] == 0 and counts(result)["not_html"] == 1
    with open(tmp_path / "h.arc", "rb") as stream:
        first = [c.record_id for c in iter_captures(stream, "h")]
    with open(tmp_path / "h.arc", "rb") as stream:
        assert [c.record_id for c in iter_captures(stream, "h")] == first == [None] * 3


def test_parts_are_read_without_pyarrows_threads():
    """pyarrow's reading threads, alive as the interpreter exits, made about one scan in
    ten abort after it had finished (exit 134, "terminate called without an active
    exception"): every read of a part passes READ_OPTIONS (use_threads=False)."""
    import ast
    from pathlib import Path

    import archiver

    calls = []
    for path in Path(archiver.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
                    "read_table", "ParquetDataset", "dataset"):
                keywords = {k.arg for k in node.keywords}
                double_star = any(k.arg is None and getattr(k.value, "id", "") == "READ_OPTIONS"
                                  for k in node.keywords)
                calls.append((path.name, node.lineno, double_star or "use_threads" in keywords))
    assert calls and all(ok for _, _, ok in calls), calls


@pytest.mark.parametrize("whole", [True, False], ids=["gzip-whole", "members-of-several"])
def test_a_gzip_member_of_several_records_gives_no_offsets_rather_than_wrong_ones(
        tmp_path, whole, caplog):
    """A WARC gzipped whole (`gzip x.warc`), or with several records in one member, is
    read; its records' offsets cannot be told (no seek reaches a record inside a member),
    so they are None, said once, where FastWARC's positions were wrong."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    records = [raw_record(f"https://g.example/{i}", page if i == 1 else POST) for i in range(4)]
    if whole:
        data = gzip_member(b"".join(records))
    else:
        data = gzip_member(records[0] + records[1]) + gzip_member(records[2] + records[3])
    (tmp_path / "g.warc.gz").write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="archiver"):
        result = run_scan([str(tmp_path / "g.warc.gz")], str(tmp_path / "out"), workers=1)
    found = rows_by_uri(tmp_path / "out")
    assert sorted(found) == [f"https://g.example/{i}" for i in range(4)]
    assert [r["post_id"] for r in found["https://g.example/1"]] == [
        "1310340832445292544", "1310340867681648640"]
    offsets = {uri: rows[0]["warc_offset"] for uri, rows in found.items()}
    assert offsets["https://g.example/0"] == 0  # the first record opens the file
    assert [offsets[f"https://g.example/{i}"] for i in (1, 2, 3)] == [None, None, None]
    assert counts(result)["pages"] == 4
    assert [r.getMessage() for r in caplog.records].count(
        f"{tmp_path / 'g.warc.gz'}: not one record per gzip member: the records' offsets "
        "cannot be told (`warcio recompress` rewrites the file so)") == 1


def test_one_record_per_gzip_member_keeps_every_offset(tmp_path):
    records = [raw_record(f"https://g.example/{i}", POST) for i in range(4)]
    members = [gzip_member(r) for r in records]
    (tmp_path / "g.warc.gz").write_bytes(b"".join(members))
    with open(tmp_path / "g.warc.gz", "rb") as stream:
        captures = list(iter_captures(stream, "g"))
    starts = [sum(len(m) for m in members[:i]) for i in range(4)]
    assert [(c.offset, c.length) for c in captures] == [
        (start, len(member)) for start, member in zip(starts, members)]


LF_HEAD = b"HTTP/1.1 200 OK\nServer: old\nContent-Type: text/html;\n charset=utf-8\n\n"


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_an_http_head_with_bare_line_feeds_is_read_as_clients_read_it(tmp_path, compress):
    """Some servers end their header lines in a bare LF, and the capture keeps the bytes
    as sent. FastWARC ends head lines at CRLF only, and read such a head and the whole
    page as one status line: the page was lost. The page's own CRLF lines stay its own."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    assert b"\r\n" not in page
    page = page.replace(b"\n", b"\r\n", 40)  # a page with CRLF lines after an LF head
    records = [raw_record("https://g.example/0", POST),
               raw_record("https://g.example/1", page, http_head=LF_HEAD),
               raw_record("https://g.example/2", POST)]
    name = "g.warc.gz" if compress else "g.warc"
    (tmp_path / name).write_bytes(b"".join(gzip_member(r) if compress else r for r in records))
    with open(tmp_path / name, "rb") as stream:
        captures = list(iter_captures(stream, name))
    lf = captures[1]
    assert (lf.status, lf.problem, lf.payload) == (200, None, page)
    assert lf.content_type == "text/html; charset=utf-8"  # the folded line continues
    assert lf.header("server") == "old"
    assert [c.target_uri for c in captures] == [f"https://g.example/{i}" for i in range(3)]
    assert all(c.problem is None for c in captures)
    result = run_scan([str(tmp_path / name)], str(tmp_path / "out"), workers=1)
    assert counts(result)["pages"] == 3 and counts(result)["malformed"] == 0
    assert [r["post_id"] for r in rows_by_uri(tmp_path / "out")["https://g.example/1"]] == [
        "1310340832445292544", "1310340867681648640"]


def test_a_bare_line_feed_head_whose_record_cannot_be_read_again_is_malformed(tmp_path):
    """In a file gzipped whole no offset reaches the record: it is counted malformed, with
    why, and not read from another record's bytes."""
    records = [raw_record("https://g.example/0", POST),
               raw_record("https://g.example/1", POST, http_head=LF_HEAD),
               raw_record("https://g.example/2", POST)]
    (tmp_path / "w.warc.gz").write_bytes(gzip_member(b"".join(records)))
    with open(tmp_path / "w.warc.gz", "rb") as stream:
        captures = list(iter_captures(stream, "w"))
    assert [c.problem for c in captures] == [None, "malformed", None]
    assert "bare line feeds" in captures[1].detail
    assert captures[0].payload == captures[2].payload == POST


def test_only_the_last_folder_of_out_and_csv_dir_is_made(tmp_path):
    """A typo in --out or --csv-dir makes no tree of folders: their parent must be there
    (said before the scan, nothing written); the last folder is made."""
    write_corpus_warc(tmp_path / "a.warc.gz", corpus_rows()[:1])
    scan = ["scan", str(tmp_path / "a.warc.gz"), "--workers", "1"]
    result = CliRunner().invoke(cli, [*scan, "--out", str(tmp_path / "no" / "out")])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (f"archiver: --out {tmp_path}/no/out: {tmp_path}/no does not exist "
                             "(only the last folder of the path is made)\n")
    result = CliRunner().invoke(cli, [*scan, "--out", str(tmp_path / "out"), "--summary",
                                      "--csv-dir", str(tmp_path / "no" / "csv")])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (f"archiver: --csv-dir {tmp_path}/no/csv: {tmp_path}/no does not "
                             "exist (only the last folder of the path is made)\n")
    assert not (tmp_path / "no").exists() and not (tmp_path / "out").exists()
    # after a scan, the summary alone: the same
    assert CliRunner().invoke(cli, [*scan, "--out", str(tmp_path / "out")]).exit_code == 0
    result = CliRunner().invoke(cli, ["scan", "--summary", "--out", str(tmp_path / "out"),
                                      "--csv-dir", str(tmp_path / "no" / "csv")])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert not (tmp_path / "no").exists()
    taken = tmp_path / "a.warc.gz"  # a file, as --out's
    result = CliRunner().invoke(cli, ["scan", "--summary", "--out", str(tmp_path / "out"),
                                      "--csv-dir", str(taken)])
    assert (result.exit_code, result.stderr) == (
        2, f"archiver: --csv-dir {taken} is a file, not a folder\n"), result.output
    # the last folder is made
    result = CliRunner().invoke(cli, [*scan, "--out", str(tmp_path / "o2"), "--summary",
                                      "--csv-dir", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o2").is_dir() and len(list((tmp_path / "csv").iterdir())) == 4


def test_a_gzip_body_cut_before_its_end_is_a_truncated_record_never_a_page(tmp_path, db_path):
    """A record's compressed payload that stops before its end (a crawler's size limit
    with no WARC-Truncated, a connection lost) was read as far as it went, and archived
    as the article's page. It is a truncated record: counted so by scan, and said and
    skipped by archive --warc."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    whole = gzip.compress(page)
    with open(tmp_path / "c.warc.gz", "wb") as handle:
        writer = Writer(handle)
        writer.response("https://e.example/cut", whole[:len(whole) // 2],
                        headers=[("Content-Encoding", "gzip")])
        writer.response("https://e.example/whole", whole, headers=[("Content-Encoding", "gzip")])
    result = run_scan([str(tmp_path / "c.warc.gz")], str(tmp_path / "out"), workers=1)
    assert sorted(rows_by_uri(tmp_path / "out")) == ["https://e.example/whole"]
    assert counts(result)["truncated"] == 1 and counts(result)["malformed"] == 0
    archived = CliRunner().invoke(cli, ["archive", "--warc", "--no-media", "--db", str(db_path),
                                        str(tmp_path / "c.warc.gz")])
    assert "https://e.example/cut" in archived.stderr and "cut short; skipped" in archived.stderr
    conn = __import__("sqlite3").connect(db_path)
    try:
        urls = [u for (u,) in conn.execute("SELECT url FROM articles ORDER BY url")]
    finally:
        conn.close()
    assert urls == ["https://e.example/whole"]


@pytest.mark.parametrize("where", ["local", "memory"])
def test_parts_are_handed_to_arrow_as_its_own_files_never_python_ones(tmp_path, monkeypatch,
                                                                      where):
    """A scan's exit aborted now and then (status -6, "terminate called without an active
    exception") after it had written and said everything: Arrow released a part's reader
    on one of its own threads after the interpreter had finished, and a reader holding a
    Python file object must take the GIL to let it go. Every part is read from a file of
    Arrow's own (a local one opened by Arrow; any other copied into a buffer Arrow
    allocated), so nothing Arrow holds needs Python at exit."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from archiver.warc.scan import distinct_posts, read_part_summary
    from archiver.warc.summary import summarize

    warc = tmp_path / "p.warc.gz"
    write_corpus_warc(warc, corpus_rows()[:3])
    out = str(tmp_path / "out") if where == "local" else f"memory://parts-{SEED}/out"
    run_scan([str(warc)], out, workers=1)
    given = []
    for name in ("read_table", "read_metadata", "read_schema"):
        real = getattr(pq, name)

        def spy(source, *args, _real=real, **kwargs):
            given.append(source)
            return _real(source, *args, **kwargs)
        monkeypatch.setattr(pq, name, spy)
    from archiver.warc.scan import _fs, part_files

    fs, _ = _fs(out, None)
    parts = part_files(out)
    assert read_part_summary(fs, parts[0])[0]["pages"] == 3
    assert distinct_posts(out, None, [fs.unstrip_protocol(p) if where == "memory" else p
                                      for p in parts]) >= 0
    summarize(out)
    if where == "memory":
        fs.rm(fs._strip_protocol(out), recursive=True)
    assert given and all(isinstance(source, pa.NativeFile) and not isinstance(source, pa.PythonFile)
                         for source in given), [type(s) for s in given]


def test_a_record_without_a_capture_date_is_malformed_for_the_scan_as_for_archive(tmp_path):
    """archive --warc skipped a record with no WARC-Date (or "yesterday") as malformed;
    the scan read it as a page, and its summary got a month '' and 'yesterd'."""
    from .warcs import raw_record

    body = POST.encode() if isinstance(POST, str) else POST
    data = (raw_record("https://d.example/dated", body, date="2024-03-03T10:00:00Z")
            + raw_record("https://d.example/garbage", body, date="yesterday")
            + raw_record("https://d.example/none", body, date=""))
    (tmp_path / "d.warc").write_bytes(data)
    result = run_scan([str(tmp_path / "d.warc")], str(tmp_path / "out"), workers=1)
    assert sorted(rows_by_uri(tmp_path / "out")) == ["https://d.example/dated"]
    assert counts(result)["malformed"] == 2


def test_a_records_length_is_its_gzip_member_not_the_stray_member_after_it(tmp_path):
    """A stray gzip member (bytes that are no record) between two records: the first
    record's length covered it, and a range request for the record got the junk too."""
    body = POST.encode() if isinstance(POST, str) else POST
    first = gzip_member(raw_record("https://a.example/one", body))
    stray = gzip_member(b"no record here, only bytes\r\n" * 3)
    second = gzip_member(raw_record("https://a.example/two", body))
    (tmp_path / "s.warc.gz").write_bytes(first + stray + second)
    run_scan([str(tmp_path / "s.warc.gz")], str(tmp_path / "out"), workers=1)
    found = rows_by_uri(tmp_path / "out")
    [one] = found["https://a.example/one"][:1]
    assert (one["warc_offset"], one["warc_length"]) == (0, len(first))
    assert found["https://a.example/two"][0]["warc_offset"] == len(first) + len(stray)
