"""Records of a WARC or ARC file, gzip or not, as `Capture`s: what the scan and `archive
--warc` read, whatever the reader.

WARC files are read with FastWARC and ARC files with warcio (FastWARC reads no ARC); the
package docstring says why. Every record comes out, classified: a page (a response that is
one by a live fetch's rule, `page_kind`, or a `resource` record of one at an http(s) or
file address, as export-warc writes a saved page: its payload read) or the reason it is
skipped — `not_response` (warcinfo, request, metadata, revisit, continuation, other
resources…), `not_html`, `truncated` (marked `WARC-Truncated` by the crawler, cut short by
the end of the file, a payload shorter than its HTTP Content-Length, one segment of a
record written in segments), `too_large`, or
`malformed` (a WARC head that does not parse, an HTTP head that is not one, a payload
that does not decode, bytes between records that are no record). A malformed stretch is
skipped by finding the next record start — the next gzip member that opens with a
record's first line, or the next such line: `WARC/1.x`, or an ARC header line
(`URL IP-address date content-type length`) — never fatal, in ARC files as in WARC.
The search starts just past the last record read: a record whose stated length runs into
the next record (a length written wrong) is itself the malformed one, and the record it
swallowed is read from its own start.

An HTTP head whose lines end in a bare LF (some servers send them; a capture keeps the
bytes as sent) is read as HTTP clients read it; FastWARC ends head lines at CRLF only, so
such a record is read again here, its head parsed by `_from_http_block`.
"""

from __future__ import annotations

from datetime import datetime, timezone

import logging
import re
import zlib
from dataclasses import dataclass, field

from ..sniff import TEXT_TYPES, looks_like_html

log = logging.getLogger(__name__)

#: A page larger than this is skipped (`too_large`), like an oversized fetch: a worker's
#: memory stays bounded whatever the WARC holds.
MAX_PAGE_BYTES = 20 * 1024 * 1024

#: Capture.problem values, in the order the summary gives them.
PROBLEMS = ("not_response", "not_html", "truncated", "too_large", "malformed")

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = TEXT_TYPES  # (the live path's)
#: A record's first line, at the start of a line: WARC's version line; an ARC (v1) header
#: line, `URL IP-address 14-digit-date content-type length` (the URL may hold spaces).
_WARC_LINE = re.compile(rb"(?m)^WARC/1\.[01]\r?\n")
_ARC_LINE = re.compile(rb"(?m)^[A-Za-z][A-Za-z0-9+.-]*:[^\r\n]* \S+ \d{8,14} \S+ \d+\r?\n")
_CHUNK = 1 << 20
_OVERLAP = 8192  # a record's first line is found whole across two chunks


@dataclass(slots=True)
class Capture:
    """One record of a WARC (or ARC) file, with what the scan and the archive need."""

    warc_file: str
    offset: int  # of the record in the file (a gzip member's start in a .gz file)
    length: int | None = None  # bytes up to the next record read (or the end of the file)
    record_type: str | None = None  # response, request, warcinfo, revisit…
    target_uri: str | None = None
    date: str | None = None  # WARC-Date as written (ISO 8601, UTC)
    record_id: str | None = None
    payload_digest: str | None = None  # WARC-Payload-Digest as written (e.g. sha1:BASE32)
    status: int | None = None  # the HTTP status
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes | None = None  # the HTTP payload as transferred (read for pages only)
    kind: str | None = None  # "html" or "text" for a page
    problem: str | None = None  # None for a page, else one of PROBLEMS
    detail: str | None = None  # why, for a person
    end: int | None = None  # where its bytes end, when bytes that are no record follow

    def header(self, name: str) -> str | None:
        """The first HTTP header of that name (any case)."""
        name = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        """The last Content-Type header: of two, browsers go by the last."""
        name = "content-type"
        return next((v for k, v in reversed(self.http_headers) if k.lower() == name), None)

    def body(self) -> bytes:
        """The entity as the page's reader sees it: chunked transfer and gzip, deflate or
        brotli content encoding undone, at most MAX_PAGE_BYTES of it.

        Raises:
            PayloadTooLarge: it decodes to more than MAX_PAGE_BYTES (a compression bomb).
            ValueError: the payload does not decode as its headers say.
        """
        return decode_payload(self.payload or b"", self.http_headers)


class PayloadTooLarge(ValueError):
    """A payload whose content encoding undoes to more than the page cap."""


class PayloadCutShort(ValueError):
    """A payload whose gzip or deflate stream stops before its end: the record holds a
    page cut short (a crawler's size limit, a connection lost), whatever the record's
    own length says — a 'truncated' record, never a page."""


def decode_payload(payload: bytes, headers, max_bytes: int = MAX_PAGE_BYTES) -> bytes:
    """Undo Transfer-Encoding: chunked and Content-Encoding (gzip, deflate, br), never
    past `max_bytes` (PayloadTooLarge): a few MB of gzip may inflate to gigabytes, and a
    worker's memory stays bounded. A gzip body of several members is every member, as
    HTTP clients read it.

    Some capture tools (pywb, browser-based crawlers) keep the `Transfer-Encoding` and
    `Content-Encoding` headers of the answer but store its payload with them already
    undone. A payload that is plainly not in the encoding its headers name is read as it
    is, as warcio and pywb read it: chunked, when its first line is no chunk size at all;
    gzip, when it does not open with gzip's magic number; deflate or br, when it does not
    decode and reads as text. One that is in that encoding but stops before its end (a
    chunked body cut before its last chunk, a compressed stream cut short) is a page cut
    short (PayloadCutShort): never read as a whole page."""
    lowered = {k.lower(): v.strip().lower() for k, v in headers}
    if "chunked" in lowered.get("transfer-encoding", ""):
        payload = _dechunk(payload)
    for coding in reversed([c.strip() for c in lowered.get("content-encoding", "").split(",")]):
        if coding in ("", "identity", "none"):
            continue
        if coding in ("gzip", "x-gzip") and payload[:2] != b"\x1f\x8b":
            continue  # stored with its gzip encoding undone already
        try:
            if coding in ("gzip", "x-gzip"):
                payload = _inflate(payload, 47, max_bytes, members=True)
            elif coding == "deflate":
                try:
                    payload = _inflate(payload, 15, max_bytes)
                except (zlib.error, PayloadCutShort):
                    if _zlib_header(payload):
                        raise
                    payload = _inflate(payload, -15, max_bytes)
            elif coding == "br":
                try:
                    import brotli
                except ImportError as exc:
                    raise ValueError("brotli content encoding, and no brotli module") from exc
                payload = brotli.decompress(payload)
            else:
                raise ValueError(f"unknown content encoding {coding!r}")
        except PayloadTooLarge:
            raise
        except PayloadCutShort as exc:
            if coding in ("deflate", "br") and _reads_as_text(payload):
                continue  # stored decoded: a raw deflate reading of text stops anywhere
            raise PayloadCutShort(f"{coding} content encoding: {exc}") from None
        except (zlib.error, brotli_error()) as exc:
            if coding in ("deflate", "br") and _reads_as_text(payload):
                continue  # stored with its encoding undone already
            raise ValueError(f"{coding} content encoding does not decode: {exc}") from exc
        if len(payload) > max_bytes:
            raise PayloadTooLarge(f"{coding} content encoding undoes to more than "
                                  f"{max_bytes} bytes")
    return payload


def _zlib_header(data: bytes) -> bool:
    """Whether `data` opens with a zlib stream's two-byte header (deflate, its check)."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _reads_as_text(data: bytes) -> bool:
    """Whether bytes that failed to decode are a page already decoded: they open an HTML
    document, or their first 4 KB are UTF-8 text with no NUL (compressed bytes are
    neither)."""
    head = data[:4 * 1024]
    if looks_like_html(head):
        return True
    if not head.strip() or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and len(data) > len(head)  # a character cut at 4 KB
    return True


def _inflate(data: bytes, wbits: int, max_bytes: int, members: bool = False) -> bytes:
    """zlib-decompress `data`, at most max_bytes + 1 bytes of output; with `members`, every
    gzip member in turn."""
    out: list[bytes] = []
    size = 0
    while True:
        inflate = zlib.decompressobj(wbits=wbits)
        pending = data
        while pending:
            chunk = inflate.decompress(pending, max_bytes + 1 - size)
            out.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise PayloadTooLarge(f"the content encoding undoes to more than {max_bytes} "
                                      "bytes")
            if inflate.eof:
                break
            pending = inflate.unconsumed_tail
            if not pending:
                break
        if not inflate.eof:
            raise PayloadCutShort("its compressed stream stops before its end: the page was "
                                  "cut short")
        rest = inflate.unused_data
        if not (members and rest[:2] == b"\x1f\x8b"):
            break
        data = rest
    return b"".join(out)


def brotli_error():
    try:
        import brotli
    except ImportError:
        return zlib.error
    return brotli.error


#: A chunk-size line: hex digits, maybe chunk extensions after a `;`.
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]+)[ \t]*(?:;[^\n]*)?\r?")


def _dechunk(data: bytes) -> bytes:
    """The entity of a chunked payload. A payload whose first line is no chunk size is
    no chunked payload at all — stored with its chunking undone (pywb writes such
    records) — and is the entity as it is; one that is chunked and stops before its last
    chunk is a page cut short (PayloadCutShort); a later line that is no chunk size is a
    payload that does not decode (ValueError)."""
    cut = "its chunked payload stops {}: the page was cut short"
    out, pos = [], 0
    while True:
        end = data.find(b"\n", pos)
        line = data[pos:] if end < 0 else data[pos:end]
        size = _CHUNK_SIZE.fullmatch(line)
        if size is None:
            if pos == 0:
                return data  # no chunks: the payload is the entity already
            if end < 0 and not line.strip():
                raise PayloadCutShort(cut.format("before its last chunk"))
            raise ValueError(f"bad chunk size at byte {pos}")
        if end < 0:
            raise PayloadCutShort(cut.format("before its last chunk"))
        length = int(size.group(1), 16)
        if length == 0:
            return b"".join(out)
        start = end + 1
        if start + length > len(data):
            raise PayloadCutShort(cut.format("inside a chunk"))
        out.append(data[start:start + length])
        pos = start + length
        pos += 2 if data[pos:pos + 2] == b"\r\n" else 1 if data[pos:pos + 1] == b"\n" else 2


def page_kind(content_type: str | None, payload: bytes | None = None,
              headers=()) -> str | None:
    """"html", "text" or None (no page): the rule a live fetch goes by
    (archiver.sniff.not_a_page). An HTML or XHTML Content-Type is HTML, text/plain is
    text; a payload of any other type (application/octet-stream, text/xml… from a
    misconfigured server) that opens an HTML document — once its transfer and content
    encodings are undone — is HTML; with no type at all, it is HTML when it shows an HTML
    document and read as text otherwise. What is no page by its bytes (empty, an image by
    its magic number, binary data) is told once the payload is decoded: `not_a_page`."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html"
    if mime in _TEXT_TYPES:
        return "text"
    if payload is None:
        return None
    head = payload[:4 * 1024]
    if headers:
        try:
            head = decode_payload(payload, headers)[:4 * 1024]
        except ValueError:
            pass
    if looks_like_html(head):
        return "html"
    return None if mime else "text"


def not_a_page(body: bytes, capture: "Capture") -> str | None:
    """What a page capture's decoded body is when it is no page — `empty`, an image or a
    PDF by its magic number, `binary data` — as a live fetch tells it
    (archiver.sniff.not_a_page), else None."""
    from ..sniff import not_a_page as sniffed

    return sniffed(body, capture.content_type or
                   ("text/plain" if capture.kind == "text" else "text/html"))


def capture_time(value: str | None) -> str | None:
    """A WARC-Date as UTC ISO 8601 (seconds, "Z"), or None when it is missing or no date:
    such a record is malformed for the scan and for archive --warc alike."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_gzip(stream) -> bool:
    pos = stream.tell()
    magic = stream.read(2)
    stream.seek(pos)
    return magic == b"\x1f\x8b"


def first_bytes(stream, size: int = 64) -> bytes:
    """The first bytes of the (decompressed) file, the stream left where it was."""
    pos = stream.tell()
    head = stream.read(4096)
    stream.seek(pos)
    if head[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(wbits=31).decompress(head, size)
        except zlib.error:
            return b""
    return head[:size]


def is_arc(stream) -> bool:
    """An ARC file opens with its `filedesc://` version block."""
    return first_bytes(stream).startswith(b"filedesc://")


def is_warc_or_arc(stream) -> bool:
    """Whether the file (gzipped or not) opens as a WARC file (its first record's
    `WARC/1.x` line) or an ARC file (`filedesc://`): anything else — an image, a page, an
    empty file — is not read as one."""
    return first_bytes(stream).startswith((b"WARC/", b"filedesc://"))


def _member_end(stream, offset: int) -> int | None:
    """Where the gzip member at `offset` ends (None when it does not decompress to its
    end); the stream left past what was read."""
    stream.seek(offset)
    inflate = zlib.decompressobj(wbits=31)
    read = 0
    try:
        while not inflate.eof:
            block = stream.read(_CHUNK)
            if not block:
                return None
            read += len(block)
            inflate.decompress(block)
    except zlib.error:
        return None
    return offset + read - len(inflate.unused_data)


def _member_head(stream, offset: int) -> bytes:
    """The first bytes the gzip member at `offset` decompresses to (none when it does not
    decompress); the stream left past what was read."""
    stream.seek(offset)
    try:
        return zlib.decompressobj(wbits=31).decompress(stream.read(_OVERLAP), _OVERLAP)
    except zlib.error:
        return b""


def _opens_with(stream, offset: int, line: re.Pattern) -> bool:
    """Whether the gzip member at `offset` decompresses to bytes that open with `line`."""
    return line.match(_member_head(stream, offset)) is not None


def next_record_start(stream, start: int, gzipped: bool, arc: bool = False) -> int | None:
    """The offset of the next record start after `start` (or at it, when a line starts
    there): a gzip member that opens with a record's first line, or (uncompressed) that
    line at the start of a line. A WARC record's first line is `WARC/1.x`; an ARC record's
    is its header line (`URL IP-address 14-digit-date content-type length`)."""
    line = _ARC_LINE if arc else _WARC_LINE
    pos = start
    while True:
        back = 1 if pos > 0 else 0  # the byte before: is `pos` the start of a line?
        stream.seek(pos - back)
        block = stream.read(back + _CHUNK + _OVERLAP)
        if len(block) <= back:
            return None
        if gzipped:
            at = block.find(b"\x1f\x8b\x08", back)
            while 0 <= at < back + _CHUNK:
                if _opens_with(stream, pos - back + at, line):
                    return pos - back + at
                at = block.find(b"\x1f\x8b\x08", at + 1)
        else:
            match = line.search(block, back)
            if match is not None and match.start() < back + _CHUNK:
                return pos - back + match.start()
        if len(block) <= back + _CHUNK:
            return None
        pos += _CHUNK


def iter_captures(stream, warc_file: str, *, max_page_bytes: int = MAX_PAGE_BYTES,
                  on_progress=None):
    """Every record of an open WARC or ARC file (binary, seekable), in file order, each
    with its length; a malformed stretch between records is one Capture with no
    record_type. `on_progress(offset)` is called as the reading goes.

    A gzipped WARC is to hold one record per gzip member, so that a record's offset is
    where a reader can start decompressing it. A file gzipped whole (`gzip x.warc`), or
    with several records in a member, is still read, but its records' offsets cannot be
    told: they are None (and said once in the log) rather than wrong; warcio refuses
    such files, and `warcio recompress` rewrites them one record per member."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    arc = is_arc(stream)
    if arc:
        records = _warcio_records(stream, warc_file, max_page_bytes)
    else:
        records = _fastwarc_records(stream, warc_file, max_page_bytes)
    to_verify = _MEMBERS_VERIFIED if (not arc and is_gzip(stream)) else 0
    offsets_known = True
    previous, stretches = None, []
    last_start, shared_said = None, False  # the offset the reader gave the last record
    for capture in records:
        if capture.record_type is not None and capture.offset is not None:
            start = capture.offset
            if start == last_start:
                # a gzip member holding several records, anywhere in the file: the reader
                # gives each the member's start, which opens the first of them only
                capture.offset = None
                if not shared_said:
                    shared_said = True
                    log.warning("%s: a gzip member at %d holds several records: the offsets "
                                "of those after its first cannot be told (`warcio recompress` "
                                "rewrites the file one record per member)", warc_file, start)
            last_start = start
        if not offsets_known:
            capture.offset = None
        elif to_verify and capture.offset and capture.record_id:
            to_verify -= 1
            if not _member_opens_record(stream, capture.offset, capture.record_id):
                offsets_known = False
                capture.offset = None
                if previous is not None:
                    previous.offset = previous.offset if previous.offset == 0 else None
                log.warning("%s: not one record per gzip member: the records' offsets cannot "
                            "be told (`warcio recompress` rewrites the file so)", warc_file)
        if capture.record_type is None and capture.problem == "malformed":
            stretches.append(capture)  # outside the chain of record lengths; in file order
            continue
        if previous is not None:
            previous.length = ((previous.end or capture.offset) - previous.offset
                               if None not in (capture.offset, previous.offset) else None)
            yield previous
        yield from stretches
        stretches.clear()
        if on_progress is not None and capture.offset is not None:
            on_progress(capture.offset)
        previous = capture
    if previous is not None:
        previous.length = ((previous.end or size) - previous.offset
                           if previous.offset is not None else None)
        yield previous
    yield from stretches


#: Records of a gzipped WARC whose offsets are checked to open a gzip member that holds
#: them: a file gzipped otherwise shows at once (its second record), and the check costs
#: a seek and a small read each.
_MEMBERS_VERIFIED = 3


def _member_opens_record(stream, offset: int, record_id: str) -> bool:
    """Whether the gzip member at `offset` opens with the record `record_id` (the stream
    left where it was: the reader goes on from there)."""
    here = stream.tell()
    try:
        head = _member_head(stream, offset)
    except OSError:
        return False
    finally:
        stream.seek(here)
    return _WARC_LINE.match(head) is not None and record_id.encode() in head


def _fastwarc_records(stream, warc_file: str, max_page_bytes: int):
    from fastwarc.warc import ArchiveIterator

    gzipped = is_gzip(stream)
    start = 0
    while True:
        stream.seek(start)
        pending = None  # the record read last, yielded when the next one reads (or not)
        try:
            for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
                if pending is not None:
                    yield pending
                pending = _from_fastwarc(record, warc_file, max_page_bytes, stream)
            if pending is not None:
                yield pending
            return
        except Exception as exc:  # noqa: BLE001 - a malformed stretch: find the next record
            detail = f"{type(exc).__name__}: {exc}"
            if pending is None:
                capture = _tolerant_capture(stream, start, warc_file, max_page_bytes)
                if capture is not None:
                    yield capture
                    start = next_record_start(stream, start + 1, gzipped)
                    if start is None:
                        return
                    continue
            resume = yield from _after_failure(stream, pending, start, detail, warc_file,
                                               gzipped, arc=False)
            if resume is None:
                return
            start = resume


def _after_failure(stream, pending, start: int, detail: str, warc_file: str,
                   gzipped: bool, arc: bool):
    """Yield what a failed read leaves, and return where reading resumes (or None).

    The reader failed after the record `pending` (None: at `start`). The next record start
    is searched from just past that record's start, and the record's stated length is
    held against the bytes up to there:

    - it runs past that start (a length written too long): its bytes are no record of
      their own, so the record is the malformed one (its payload, part of another record,
      dropped) and the record it swallowed is read again;
    - it ends there, give or take the blank lines between records: the record stands, and
      the failure is the next record's own, counted when it is read again;
    - bytes lie between its end and that start: the record stands, those bytes are a
      malformed stretch.
    """
    failed = pending.offset if pending is not None else start
    resume = next_record_start(stream, failed + 1, gzipped, arc)
    if pending is not None:
        fit, stated = (None, None) if resume is None else _fit(stream, failed, resume,
                                                                gzipped, arc)
        if fit is not None and fit < 0:
            pending.problem, pending.payload, pending.kind = "malformed", None, None
            pending.detail = (f"its stated length runs {-fit} bytes into the next record "
                              f"(at {resume})")
            yield pending
            return resume
        if fit == 0:
            yield pending
            return resume
        if stated is not None and not gzipped:
            failed += stated  # the stretch starts where the record ends
        elif gzipped and pending.offset is not None:
            # its gzip member's end: the stretch (a cut or stray member) starts there, and
            # the record's length is its member's, not the junk's after it
            end = _member_end(stream, pending.offset)
            if end is not None and (resume is None or end <= resume):
                pending.end = failed = end
        yield pending
    yield Capture(warc_file, failed, problem="malformed", detail=detail[:300])
    return resume


def _fit(stream, start: int, end: int, gzipped: bool,
         arc: bool) -> tuple[int | None, int | None]:
    """How the record at `start` fits before `end` (the next record's start), and the
    bytes it states it takes. The fit: negative, the bytes it claims past `end`; 0, it ends
    there (only blank lines between); positive, the bytes left between its end and `end`;
    None, its head does not say (nor then its size)."""
    stream.seek(start)
    inflate = zlib.decompressobj(wbits=31) if gzipped else None
    head, tail, size, left = b"", b"", 0, end - start

    def take(out: bytes) -> None:
        nonlocal head, tail, size
        if len(head) < _OVERLAP:
            head += out[:_OVERLAP - len(head)]
        tail = (tail + out)[-_OVERLAP:]
        size += len(out)

    while left > 0:
        block = stream.read(min(left, _CHUNK))
        if not block:
            break
        left -= len(block)
        if inflate is None:
            take(block)
            continue
        while block:
            try:
                take(inflate.decompress(block))
            except zlib.error:
                return None, None
            block = inflate.unused_data if inflate.eof else b""
            if inflate.eof:
                inflate = zlib.decompressobj(wbits=31)  # the next gzip member
    stated = _stated_size(head, arc)
    if stated is None:
        return None, None
    gap = size - stated
    if 0 <= gap <= len(tail) and not tail[len(tail) - gap:].strip(b"\r\n"):
        return 0, stated
    return gap, stated


def _stated_size(head: bytes, arc: bool) -> int | None:
    """The bytes a record says it takes: its head and its stated length (for WARC the
    block's Content-Length after the blank line; for ARC the length at the end of its
    header line), without the separator after it."""
    if arc:
        line_end = head.find(b"\n")
        match = _ARC_LINE.match(head[:line_end + 1]) if line_end >= 0 else None
        if match is None:
            return None
        return line_end + 1 + int(head[:line_end].split()[-1])
    head_end = head.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    match = re.search(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*\r?$", head[:head_end + 2])
    return None if match is None else head_end + 4 + int(match.group(1))


def _capture_of(headers, warc_file: str, offset: int) -> Capture:
    """A Capture of what a FastWARC record's WARC head says."""
    return Capture(warc_file, offset, record_type=headers.get("WARC-Type"),
                   target_uri=target_uri(headers.get("WARC-Target-URI")),
                   date=headers.get("WARC-Date"),
                   record_id=headers.get("WARC-Record-ID"),
                   payload_digest=headers.get("WARC-Payload-Digest"))


def _from_fastwarc(record, warc_file: str, max_page_bytes: int, stream=None) -> Capture:
    headers = record.headers
    record_type = headers.get("WARC-Type")
    capture = _capture_of(headers, warc_file, record.stream_pos)
    if not record_type:
        capture.record_type = "unknown"
        capture.problem, capture.detail = "malformed", "no WARC-Type"
        return capture
    segment = headers.get("WARC-Segment-Number")
    if segment is not None and record_type in ("response", "resource"):
        _segmented(capture, segment)
        return capture
    if record_type == "resource" and _is_page_uri(capture.target_uri):
        # A page captured with no server's answer (a saved file; export-warc writes an
        # archived local page so): its block is the page, its Content-Type the record's.
        content_type = headers.get("Content-Type")
        capture.http_headers = [("Content-Type", content_type)] if content_type else []
        _read_payload(capture, headers.get("WARC-Truncated"), record.content_length,
                      record.reader.read, max_page_bytes)
        return capture
    if record_type != "response":
        capture.problem = "not_response"
        return capture
    if not record.is_http:
        # A response record with no WARC Content-Type (some writers leave it out) whose
        # block opens with an HTTP status line is an HTTP response all the same.
        if headers.get("Content-Type") is None:
            if record.content_length > max_page_bytes + _OVERLAP:
                capture.problem = "too_large"
                capture.detail = (f"{record.content_length} bytes, over the "
                                  f"{max_page_bytes}-byte cap")
                return capture
            block = record.reader.read()
            if _STATUS_LINE_RE.match(block.split(b"\n", 1)[0]) is not None:
                _from_http_block(capture, block, max_page_bytes, headers.get("WARC-Truncated"))
                return capture
        capture.problem, capture.detail = "not_html", "not an HTTP response"
        return capture
    http = record.http_headers
    if "\n" in http.status_line:
        # FastWARC ends HTTP head lines at CRLF only: a head whose lines end in a bare LF
        # (as some servers send them, and as the capture keeps them) became one "status
        # line" swallowing the head and the page. Read the block again from the file.
        _from_lf_head(capture, stream, max_page_bytes, headers.get("WARC-Truncated"))
        return capture
    capture.status = http.status_code
    if capture.status is None:
        capture.problem = "malformed"
        capture.detail = f"HTTP status line {str(http.status_line)[:80]!r}"
        return capture
    capture.http_headers = list(http.to_tuples())
    _read_payload(capture, headers.get("WARC-Truncated"), record.content_length,
                  record.reader.read, max_page_bytes)
    return capture


def _segmented(capture: Capture, number: str) -> None:
    """A record in segments (WARC-Segment-Number, the rest in `continuation` records):
    this one holds part of the page only — truncated, never read as the whole page, nor
    its digest (of the whole payload) held against that part."""
    capture.problem = "truncated"
    capture.detail = (f"segment {number.strip()} of a record written in segments "
                      "(WARC-Segment-Number): the page is not whole in it")


def _is_page_uri(uri: str | None) -> bool:
    """A `resource` record's target that is a page's address (http, https, file) — not a
    crawler's own log or a tool's side record (`metadata://…`, `urn:text:…`,
    `urn:pageinfo:…`), which are no pages of the crawl."""
    return bool(uri) and uri.lower().startswith(("http://", "https://", "file:"))


#: Where an HTTP head ends, whatever its line ends: the first empty line.
_HEAD_END_RE = re.compile(rb"\r?\n\r?\n")
_STATUS_LINE_RE = re.compile(rb"HTTP/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t][^\r\n]*)?\r?$")


def _from_lf_head(capture: Capture, stream, max_page_bytes: int,
                  truncated: str | None) -> None:
    """Read a response record whose HTTP head ends its lines in bare LF: its block read
    again from the file (the stream left where it was), as HTTP clients read such heads."""
    block = None
    if capture.offset is not None and stream is not None:
        here = stream.tell()
        try:
            block = _block_at(stream, capture.offset, capture.record_id, max_page_bytes)
        finally:
            stream.seek(here)
    if block is None:
        capture.problem = "malformed"
        capture.detail = ("an HTTP head with bare line feeds, in a record that cannot be "
                          "read again (its offset is not its own)")
        return
    _from_http_block(capture, block, max_page_bytes, truncated)


def _record_at(stream, offset: int):
    """The record at `offset` with its HTTP head left unparsed (its block whole), or None
    when none reads there. Its block is read before the stream moves on."""
    from fastwarc.warc import ArchiveIterator

    stream.seek(offset)
    try:
        return next(iter(ArchiveIterator(stream, parse_http=False, auto_decode="none")), None)
    except Exception:  # noqa: BLE001 - unreadable there: the caller says so
        return None


def _block_at(stream, offset: int, record_id: str | None, max_page_bytes: int) -> bytes | None:
    """The block of the record `record_id` at `offset`, HTTP head and all, or None when
    the bytes there are not that record (an offset inside a gzip member of several records
    is not its own) or the block is over the cap."""
    record = _record_at(stream, offset)
    if record is None or (record_id and record.headers.get("WARC-Record-ID") != record_id):
        return None
    if record.content_length > max_page_bytes + _OVERLAP:
        return None
    try:
        return record.reader.read()
    except Exception:  # noqa: BLE001 - unreadable there: the caller says so
        return None


def _from_http_block(capture: Capture, block: bytes, max_page_bytes: int,
                     truncated: str | None) -> None:
    """A response's HTTP head and payload from its record's block, the head split at its
    first empty line and its lines at LF, CRLF or not (RFC 9112 §2.2: a recipient may
    take a bare LF as a line's end)."""
    end = _HEAD_END_RE.search(block)
    head, payload = (block, b"") if end is None else (block[:end.start()], block[end.end():])
    lines = head.split(b"\n")
    status = _STATUS_LINE_RE.match(lines[0])
    if status is None:
        capture.problem = "malformed"
        capture.detail = f"HTTP status line {lines[0][:80].decode('latin-1')!r}"
        return
    capture.status = int(status.group(1))
    http_headers: list[tuple[str, str]] = []
    for raw_line in lines[1:]:
        line = raw_line.rstrip(b"\r").decode("latin-1")
        if line[:1] in (" ", "\t") and http_headers:  # a folded line continues the last
            name, value = http_headers[-1]
            http_headers[-1] = (name, f"{value} {line.strip()}")
        elif ":" in line:
            name, value = line.split(":", 1)
            http_headers.append((name.strip(), value.strip()))
    capture.http_headers = http_headers
    _read_payload(capture, truncated, len(payload), lambda: payload, max_page_bytes)


def _tolerant_capture(stream, start: int, warc_file: str, max_page_bytes: int):
    """The response record at `start` read with its HTTP head parsed here, for a record
    FastWARC fails on (an HTTP head with bare line feeds longer than its line limit), or
    None when it is no such record (then it is malformed, as the failure says)."""
    record = _record_at(stream, start)
    if record is None or record.headers.get("WARC-Type") != "response":
        return None
    headers = record.headers
    capture = _capture_of(headers, warc_file, start)
    if headers.get("WARC-Segment-Number") is not None:
        _segmented(capture, headers.get("WARC-Segment-Number"))
        return capture
    try:
        if record.content_length > max_page_bytes + _OVERLAP:
            capture.problem = "too_large"
            capture.detail = f"{record.content_length} bytes, over the {max_page_bytes}-byte cap"
            return capture
        block = record.reader.read()
    except Exception:  # noqa: BLE001 - not readable so either
        return None
    if _STATUS_LINE_RE.match(block.split(b"\n", 1)[0]) is None:
        return None
    _from_http_block(capture, block, max_page_bytes, headers.get("WARC-Truncated"))
    return capture


def _read_payload(capture: Capture, truncated: str | None, declared: int, read,
                  max_page_bytes: int, check_length: bool = True) -> None:
    """Classify a response by its headers, and read the payload of a page."""
    if truncated:
        capture.problem, capture.detail = "truncated", f"WARC-Truncated: {truncated}"
        return
    if declared > max_page_bytes:
        capture.problem = "too_large"
        capture.detail = f"{declared} bytes, over the {max_page_bytes}-byte cap"
        return
    content_type = capture.content_type
    payload = read()
    if check_length and len(payload) < declared:
        capture.problem = "truncated"
        capture.detail = f"{len(payload)} of {declared} payload bytes before the end of the file"
        return
    short = _short_of_content_length(capture, payload)
    if short:
        capture.problem, capture.detail = "truncated", short
        return
    kind = page_kind(content_type, payload, capture.http_headers)
    if kind is None:
        capture.problem = "not_html"
        return
    capture.payload, capture.kind = payload, kind


def _short_of_content_length(capture: Capture, payload: bytes) -> str | None:
    """Why an HTTP payload is cut short when it holds fewer bytes than its HTTP
    Content-Length says (a crawler's size limit or a lost connection, with no
    WARC-Truncated written), else None. A chunked payload has its own end (its last
    chunk); a Content-Length that is no number (pywb writes -1) says nothing."""
    if capture.status is None or "chunked" in (capture.header("transfer-encoding") or "").lower():
        return None
    stated = (capture.header("content-length") or "").strip()
    if not stated.isdigit() or len(payload) >= int(stated):
        return None
    return (f"{len(payload)} of the {int(stated)} bytes its HTTP Content-Length gives: the "
            "page was cut short")


def _warcio_records(stream, warc_file: str, max_page_bytes: int):
    """ARC records (warcio converts each to its WARC equivalent). A record warcio cannot
    read is a malformed stretch, skipped by finding the next record's header line (the
    next gzip member that opens with one, in a gzipped file), as for WARC."""
    from warcio.archiveiterator import ArchiveIterator

    gzipped = is_gzip(stream)
    start = 0
    while True:
        stream.seek(start)
        iterator = ArchiveIterator(stream, arc2warc=True)
        # warcio writes three lines to stderr for a record not followed by a blank line
        # (its length is likely wrong) and reads on: a log line here instead
        iterator.INC_RECORD = ""
        pending = None
        try:
            for record in iterator:
                warned = iterator.err_count
                capture = _from_warcio(record, iterator, warc_file, max_page_bytes)
                if iterator.err_count > warned:
                    log.info("%s at %d: the record is not followed by a blank line (its "
                             "length is likely wrong)", warc_file, capture.offset)
                if pending is not None:
                    yield pending
                pending = capture
            if pending is not None:
                yield pending
            return
        except Exception as exc:  # noqa: BLE001 - malformed: counted, never fatal
            detail = f"{type(exc).__name__}: {str(exc)[:200]}"
            resume = yield from _after_failure(stream, pending, iterator.offset,
                                               detail, warc_file, gzipped, arc=True)
            if resume is None:
                return
            start = resume


def target_uri(value: str | None) -> str | None:
    """WARC-Target-URI as a URL: WARC/1.0's grammar writes it in angle brackets
    (`<https://…>`), and pywb and Browsertrix files do so."""
    if value and value.startswith("<") and value.endswith(">"):
        return value[1:-1].strip()
    return value


def _from_warcio(record, iterator, warc_file: str, max_page_bytes: int) -> Capture:
    headers = record.rec_headers
    record_type = record.rec_type
    uri = target_uri(headers.get_header("WARC-Target-URI"))
    # An ARC record has no id: warcio's conversion invents a new one on every reading
    capture = Capture(warc_file, 0, record_type=record_type, target_uri=uri,
                      date=headers.get_header("WARC-Date"), record_id=None,
                      payload_digest=headers.get_header("WARC-Payload-Digest"))
    if record_type != "response":
        capture.problem = "not_response"
    elif uri and not uri.lower().startswith(("http:", "https:")):
        capture.problem = "not_html"  # a crawler's dns: or filedesc: record
        capture.detail = f"a {uri.split(':', 1)[0]}: record"
    elif record.http_headers is None or not record.http_headers.get_statuscode().isdigit():
        capture.problem, capture.detail = "malformed", "no HTTP status line"
    else:
        capture.status = int(record.http_headers.get_statuscode())
        capture.http_headers = list(record.http_headers.headers)
        # ARC gives no payload length apart from the HTTP head: no truncation check
        _read_payload(capture, headers.get_header("WARC-Truncated"),
                      int(headers.get_header("Content-Length") or 0),
                      record.raw_stream.read, max_page_bytes, check_length=False)
    record.raw_stream.read()  # to the record's end, so its offset is known
    capture.offset = iterator.get_record_offset()
    return capture
