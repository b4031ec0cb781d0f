"""WARC files written with warcio from the corpus pages, for the scan tests and bench/scan.py.

Each corpus page becomes a response record (with its request record before it) at
`https://news.example/<file name>`; `broken` records and other record types are added by
the callers. The gold posts are INDEX.tsv's.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from base64 import b32encode
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "pages" / "corpus"
SAMPLES = TESTS.parent / "archiver" / "samples" / "pages"
SITE = "https://news.example/"


def corpus_rows() -> list[dict]:
    """INDEX.tsv: file, post_ids (comma-separated, maybe empty), handles, …"""
    with open(CORPUS / "INDEX.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def gold_ids(row: dict) -> list[str]:
    return [x for x in row["post_ids"].split(",") if x]


def capture_date(index: int) -> str:
    """A distinct, valid WARC-Date per record number."""
    day, second = divmod(index, 86400)
    return f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{second // 3600:02d}:" \
           f"{second // 60 % 60:02d}:{second % 60:02d}Z"


class Writer:
    """A warcio WARCWriter with the few record shapes the tests need."""

    def __init__(self, stream, *, gzip: bool = True):
        self.writer = WARCWriter(stream, gzip=gzip, warc_version="WARC/1.1")
        self.count = 0

    def response(self, uri: str, body: bytes, *, content_type: str | None = "text/html",
                 status: str = "200 OK", headers=(), request: bool = True,
                 warc_headers: dict | None = None) -> None:
        """A response record (and, before it, the GET that asked for it)."""
        date = capture_date(self.count)
        self.count += 1
        if request:
            req = StatusAndHeaders(f"GET /{uri.split('/', 3)[-1]} HTTP/1.1",
                                   [("Host", uri.split("/")[2]), ("User-Agent", "test")],
                                   is_http_request=True)
            self.writer.write_record(self.writer.create_warc_record(
                uri, "request", http_headers=req, warc_headers_dict={"WARC-Date": date}))
        http = [("Content-Type", content_type)] if content_type else []
        http += [("Content-Length", str(len(body))), *headers]
        record = self.writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(status, http, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, **(warc_headers or {})})
        self.writer.write_record(record)

    def resource(self, uri: str, body: bytes, content_type: str = "text/html") -> None:
        self.count += 1
        self.writer.write_record(self.writer.create_warc_record(
            uri, "resource", payload=io.BytesIO(body), warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": capture_date(self.count)}))

    def revisit(self, uri: str, digest: str) -> None:
        self.writer.write_record(self.writer.create_revisit_record(
            uri, digest, uri, "2024-01-01T00:00:00Z",
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))

    def warcinfo(self) -> None:
        self.writer.write_record(self.writer.create_warcinfo_record(
            "test.warc.gz", {"software": "tests/warcs.py"}))

    def metadata(self, uri: str) -> None:
        self.writer.write_record(self.writer.create_warc_record(
            uri, "metadata", payload=io.BytesIO(b"outlinks: none\r\n"),
            warc_content_type="application/warc-fields"))


def sha1_digest(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode()


def raw_record(uri: str, body: bytes, *, date: str = "2024-01-01T00:00:00Z",
               declared_length: int | None = None, payload_digest: str | None = None,
               extra: str = "", http_head: bytes | None = None,
               warc_content_type: str | None = "application/http; msgtype=response",
               warc_type: str = "response", record_id: str | None = None) -> bytes:
    """A record written by hand (uncompressed), for shapes warcio will not write: a
    Content-Length past the end of the file, a wrong payload digest, a garbled HTTP head,
    no WARC Content-Type, an HTTP head that says what its payload no longer is (warcio
    re-encodes or refuses such records)."""
    head = http_head if http_head is not None else (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    block = head + body
    length = len(block) if declared_length is None else declared_length
    digest = payload_digest or sha1_digest(body)
    record_id = record_id or f"<urn:uuid:{hashlib.md5((uri if warc_type == 'response' else warc_type + uri).encode()).hexdigest()}>"
    content_type = f"Content-Type: {warc_content_type}\r\n" if warc_content_type else ""
    header = (f"WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\n"
              f"WARC-Date: {date}\r\nWARC-Record-ID: {record_id}\r\n{content_type}"
              f"WARC-Payload-Digest: {digest}\r\n{extra}Content-Length: {length}\r\n\r\n")
    return header.encode() + block + b"\r\n\r\n"


def http_head(*headers: str, status: str = "200 OK") -> bytes:
    """An HTTP response head with these header lines."""
    return (f"HTTP/1.1 {status}\r\n" + "".join(f"{h}\r\n" for h in headers) + "\r\n").encode()


def gzip_member(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def write_corpus_warc(path: Path, rows: list[dict] | None = None, *, compress: bool = True,
                      prefix: str = SITE) -> list[tuple[str, dict]]:
    """Every corpus page in `rows` (default: all) as a response record, in INDEX.tsv's
    order. Returns (target URI, row) per page."""
    rows = corpus_rows() if rows is None else rows
    written = []
    with open(path, "wb") as stream:
        writer = Writer(stream, gzip=compress)
        writer.warcinfo()
        for row in rows:
            uri = prefix + row["file"]
            writer.response(uri, (CORPUS / row["file"]).read_bytes())
            written.append((uri, row))
    return written
