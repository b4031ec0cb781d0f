"""`archiver export-warc`: the archive's evidence in the format every web archive reads.

Every stored article fetch with bytes is a WARC/1.1 `response` record (a saved page or
stdin, which no server answered, a `resource` record), X's every answer (`post_checks`)
a `response` record, each HTTP one with the `request` record we know it answered: a GET
of that URL (its other request headers were not kept, so none are written). A page
rendered in Chromium is a `conversion` record referring to the raw response it was
rendered from.

- `WARC-Target-URI`: the URL the bytes came from (after redirects), as a URI — an IRI
  written as browsers send it (`wire_uri`), as is the request line;
- `WARC-Date`: the fetch time as stored;
- `WARC-Payload-Digest`: `sha256:` and the stored SHA-256 in hex, so a record is matched
  to its row by eye; `WARC-Block-Digest` likewise over the HTTP head and the payload;
- the HTTP head is rebuilt from the stored status and the headers that were kept, with
  `Content-Length` the stored body's length and no `Content-Encoding` or
  `Transfer-Encoding`: bodies are stored as received after those are undone;
- `WARC-Record-ID`: derived from the row (`article_fetches/12`), so exporting again gives
  the same ids; `X-Archiver-Row` names the row.

The file opens with a `warcinfo` record that says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urlsplit, urlunsplit

from .. import __version__
from ..plural import counted

#: Record ids are UUIDv5 in this namespace, from the table and row id.
NAMESPACE = uuid.UUID("0b5d0b52-4c1b-5a55-9a3c-7e1f6b2a8c11")
#: Headers of a stored body that no longer describe it (the body is stored decoded).
_DROPPED = {"content-length", "content-encoding", "transfer-encoding"}


#: What stays as it is in a URI's path, query and fragment (RFC 3986's reserved and
#: unreserved characters, and `%` of what is escaped already).
_URI_SAFE = "/:@!$&'()*+,;=-._~?#[]%"


def wire_uri(url: str) -> str:
    """A stored URL as a URI, as WARC-Target-URI and an HTTP request line need it (ASCII):
    an IRI's host in IDNA (`bücher.example` → `xn--bcher-kva.example`), the rest of it
    percent-encoded UTF-8 (`/café` → `/caf%C3%A9`), as a browser sends it; what is
    escaped already is kept. An ASCII URL is itself."""
    if url.isascii() and " " not in url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport, "", ""
        if not hostport.endswith("]") and ":" in hostport:
            host, colon, port = hostport.rpartition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # no IDNA name (a label too long…): escaped as the rest
            host = quote(host, safe="")
        netloc = (quote(userinfo, safe=":%") + at if at else "") + host + colon + port
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_URI_SAFE),
                       quote(parts.query, safe=_URI_SAFE), quote(parts.fragment, safe=_URI_SAFE)))


def record_id(table: str, row_id: int) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, f'{table}/{row_id}')}>"


def _sha256_label(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class ExportCounts:
    article_fetches: int = 0
    rendered: int = 0
    x_answers: int = 0
    media: int = 0
    requests: int = 0
    without_bytes: int = 0  # failed fetches and answers with no body: nothing to write

    def line(self) -> str:
        return (f"{counted(self.article_fetches, 'article fetch', 'article fetches')}, "
                f"{counted(self.rendered, 'rendered page')}, "
                f"{counted(self.x_answers, 'answer from X', 'answers from X')}, "
                f"{counted(self.media, 'image or video', 'images and videos')}, "
                f"{counted(self.requests, 'request')}; left out, having no bytes to write: "
                f"{counted(self.without_bytes, 'failed fetch or answer', 'failed fetches and answers')}")


class _Writer:
    def __init__(self, stream, gzip: bool = True):
        from warcio.warcwriter import WARCWriter

        self.writer = WARCWriter(stream, gzip=gzip, warc_version="WARC/1.1")

    def warcinfo(self, filename: str, fields: dict) -> None:
        self.writer.write_record(self.writer.create_warcinfo_record(filename, fields))

    def http(self, table: str, row_id: int, uri: str, date: str, status: int,
             headers: dict, body: bytes, body_sha256: str) -> str:
        from warcio.statusandheaders import StatusAndHeaders

        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        kept = [(k.title(), v) for k, v in sorted(headers.items()) if k.lower() not in _DROPPED]
        head = StatusAndHeaders(f"{status} {reason}", kept + [("Content-Length", str(len(body)))],
                                protocol="HTTP/1.1")
        rec_id = record_id(table, row_id)
        warc_headers = self._common(table, row_id, rec_id, date, body, body_sha256)
        warc_headers["WARC-Block-Digest"] = _sha256_label(head.to_bytes() + body)
        record = self.writer.create_warc_record(wire_uri(uri), "response",
                                                payload=io.BytesIO(body),
                                                length=len(body), http_headers=head,
                                                warc_headers_dict=warc_headers)
        self.writer.write_record(record)
        return rec_id

    def request(self, table: str, row_id: int, uri: str, date: str, concurrent_to: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        uri = wire_uri(uri)
        parts = urlsplit(uri)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        head = StatusAndHeaders(f"GET {target} HTTP/1.1", [("Host", parts.netloc)],
                                protocol="", is_http_request=True)
        warc_headers = {"WARC-Record-ID": record_id(f"{table}/request", row_id),
                        "WARC-Date": date, "WARC-Concurrent-To": concurrent_to,
                        "WARC-Block-Digest": _sha256_label(head.to_bytes())}
        self.writer.write_record(self.writer.create_warc_record(
            uri, "request", http_headers=head, warc_headers_dict=warc_headers))

    def plain(self, record_type: str, table: str, row_id: int, uri: str, date: str,
              content_type: str | None, body: bytes, body_sha256: str,
              refers_to: str | None = None) -> str:
        rec_id = record_id(table, row_id)
        warc_headers = self._common(table, row_id, rec_id, date, body, body_sha256)
        warc_headers["WARC-Block-Digest"] = warc_headers["WARC-Payload-Digest"]
        if refers_to:
            warc_headers["WARC-Refers-To"] = refers_to
        record = self.writer.create_warc_record(
            wire_uri(uri), record_type, payload=io.BytesIO(body), length=len(body),
            warc_content_type=content_type or "application/octet-stream",
            warc_headers_dict=warc_headers)
        self.writer.write_record(record)
        return rec_id

    @staticmethod
    def _common(table, row_id, rec_id, date, body, body_sha256) -> dict:
        return {"WARC-Record-ID": rec_id, "WARC-Date": date,
                "WARC-Payload-Digest": "sha256:" + (body_sha256 or hashlib.sha256(body).hexdigest()),
                "X-Archiver-Row": f"{table}/{row_id}"}


def _answer_type(body: bytes) -> dict:
    """The Content-Type of one of X's answers, which the archive does not keep: JSON when
    its bytes are JSON (as X's APIs answer), else none said — so that no reader takes an
    answer for a page (a response with no type is read as a page when it is text)."""
    try:
        json.loads(body)
    except ValueError:
        return {}
    return {"content-type": "application/json"}


def export_warc(db, stream, *, article_url: str | None = None, filename: str = "archive.warc.gz",
                generated_at: str | None = None, gzip: bool = True) -> ExportCounts:
    """Write the archive's article fetches, X's answers and the posts' stored images and
    videos (of one article, with
    `article_url`) to `stream` as a WARC/1.1 file: gzipped, one member a record, unless
    not `gzip` (plain, as a `.warc` is named).

    Raises:
        LookupError: `article_url` is not an archived article.
    """
    from . import data

    article_ids = None
    if article_url is not None:
        article_id = data.article_id(db, article_url)
        if article_id is None:
            raise LookupError(f"no archived article {article_url}")
        article_ids = [article_id]
    writer = _Writer(stream, gzip=gzip)
    writer.warcinfo(filename, {
        "software": f"x-post-archiver {__version__}",
        "format": "WARC File Format 1.1",
        "description": ("article fetches, X's answers and the images and videos of the "
                        "posts from an x-post-archiver archive; "
                        "HTTP heads rebuilt from the stored status and kept headers, bodies "
                        "as stored (content encodings undone); payload digests are the "
                        "stored SHA-256 in hex"),
        **({"article": article_url} if article_url else {}),
        **({"generated-at": generated_at} if generated_at else {}),
    })
    counts = ExportCounts()
    raw_ids: dict[int, str] = {}
    for row in data.article_fetches(db, article_ids):
        if row["body"] is None:
            counts.without_bytes += 1
            continue
        body = bytes(row["body"])
        uri = row["final_url"] or row["requested_url"]
        if row["rendered_from"] is not None:
            writer.plain("conversion", "article_fetches", row["id"], uri, row["fetched_at"],
                         row["content_type"], body, row["body_sha256"],
                         refers_to=raw_ids.get(row["rendered_from"]))
            counts.rendered += 1
            continue
        if row["status"] is None:  # a saved page or stdin: no server answered
            raw_ids[row["id"]] = writer.plain("resource", "article_fetches", row["id"], uri,
                                              row["fetched_at"], row["content_type"], body,
                                              row["body_sha256"])
        else:
            headers = json.loads(row["headers"]) if row["headers"] else {}
            if row["content_type"] and "content-type" not in {k.lower() for k in headers}:
                headers["content-type"] = row["content_type"]
            writer.request("article_fetches", row["id"], uri, row["fetched_at"],
                           record_id("article_fetches", row["id"]))
            counts.requests += 1
            raw_ids[row["id"]] = writer.http("article_fetches", row["id"], uri,
                                             row["fetched_at"], row["status"], headers, body,
                                             row["body_sha256"])
        counts.article_fetches += 1
    for row in data.post_checks(db, article_ids):
        if row["body"] is None or row["status"] is None:
            counts.without_bytes += 1
            continue
        body = bytes(row["body"])
        writer.request("post_checks", row["id"], row["url"], row["checked_at"],
                       record_id("post_checks", row["id"]))
        counts.requests += 1
        writer.http("post_checks", row["id"], row["url"], row["checked_at"], row["status"],
                    _answer_type(body), body, row["body_sha256"])
        counts.x_answers += 1
    for row in data.media_fetches(db, article_ids):
        # the image as stored (its SHA-256 the archive's), with the type X served it as
        body = bytes(row["content"])
        writer.request("media_fetches", row["id"], row["url"], row["fetched_at"],
                       record_id("media_fetches", row["id"]))
        counts.requests += 1
        writer.http("media_fetches", row["id"], row["url"], row["fetched_at"],
                    row["status"] or 200, {"content-type": row["claimed_type"] or row["mime"]},
                    body, row["sha256"])
        counts.media += 1
    return counts
