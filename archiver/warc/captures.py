"""`archiver archive --warc`: articles archived from web-archive captures, not fetched.

Each page response record (by a live fetch's rule: archiver.warc.read.page_kind) with a
2xx status (or `resource` record of a saved page, with no status, as export-warc writes
one) becomes an article fetch with
the capture's own date (`WARC-Date`, to the second), status, headers (those the HTTP layer
keeps) and bytes (chunked transfer and content encoding undone, as a live fetch stores
them), its `detail` naming the WARC file, offset and record id. Before that the record's
`WARC-Payload-Digest` is checked against the payload bytes: a mismatch is reported and the
record skipped. Bytes that are no page (empty, an image by its magic number, binary data)
are recorded as the failed fetch a live fetch of them is (`not_a_page`). The article is
then extracted, its posts resolved with X and verified as `archive` does; the article's
own server is never asked.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from ..http import KEPT_HEADERS, url_problem
from ..models import FetchResult
from ..plural import counted
from .read import (PROBLEMS, PayloadCutShort, PayloadTooLarge, capture_time, decode_payload,
                   is_warc_or_arc, iter_captures)


def digest_matches(label: str, payload: bytes) -> bool | None:
    """Whether a WARC digest (`sha1:BASE32`, `sha256:hex`, base32 or base64) is the
    payload's; None when the algorithm is unknown. A known algorithm with a value that
    reads as no digest of it (cut short, not base16/32/64) is no match: the record's
    claim about its bytes does not hold."""
    algorithm, _, value = label.partition(":")
    try:
        hasher = hashlib.new(algorithm.strip().lower().replace("-", ""))
    except (ValueError, TypeError):
        return None
    hasher.update(payload)
    digest = hasher.digest()
    value = value.strip()
    for decode in (bytes.fromhex,
                   lambda v: base64.b32decode(v.upper() + "=" * (-len(v) % 8)),
                   lambda v: base64.b64decode(v + "=" * (-len(v) % 4))):
        try:
            decoded = decode(value)
        except (ValueError, binascii.Error):
            continue
        if len(decoded) == len(digest):
            return decoded == digest
    return False


def located(capture) -> str:
    """Where a record is, for a person: its file and offset (none can be told inside a gzip
    member of several records)."""
    if capture.offset is None:
        return f"{capture.warc_file}, in a gzip member of several records"
    return f"{capture.warc_file} at offset {capture.offset}"


def _digest_like(label: str, payload: bytes) -> str:
    """The payload's digest in the label's algorithm and, where it can be told, encoding
    (base32 when the label is not hex, as WARC writers give SHA-1; hex otherwise), to be
    read beside the label."""
    algorithm, _, value = label.partition(":")
    algorithm, value = algorithm.strip(), value.strip()
    hasher = hashlib.new(algorithm.lower().replace("-", ""))
    hasher.update(payload)
    if len(value) == 2 * hasher.digest_size and all(c in "0123456789abcdefABCDEF" for c in value):
        return f"{algorithm}:{hasher.hexdigest()}"
    return f"{algorithm}:" + base64.b32encode(hasher.digest()).decode()


@dataclass
class CaptureTally:
    """What the WARC files held, and what became of it."""

    pages: int = 0  # article fetches made from captures
    not_a_page: int = 0  # of those, bytes that are no page: recorded as failed fetches
    digest_mismatch: int = 0
    no_digest: int = 0  # archived without a digest to check (none, or an unknown kind)
    not_ok: int = 0  # a redirect, an error page: not an article
    skipped: dict = field(default_factory=lambda: dict.fromkeys(PROBLEMS, 0))
    unreadable: list = field(default_factory=list)

    def line(self) -> str:
        skipped = ", ".join(counted(n, "not a response", "not responses")
                            if k == "not_response" else f"{n} {k.replace('_', ' ')}"
                            for k, n in self.skipped.items())
        return (f"from captures: {counted(self.pages, 'page')} archived ({self.no_digest} "
                f"without a digest to check), "
                f"{counted(self.digest_mismatch, 'digest mismatch', 'digest mismatches')} "
                f"skipped, {self.not_ok} not 2xx skipped, "
                f"{counted(self.not_a_page, 'capture')} of no page (empty or binary) recorded "
                f"as failed fetches; other records skipped: {skipped}")


def capture_fetch(capture) -> tuple[FetchResult | None, str | None]:
    """(the article fetch a page capture stands for, None) or (None, why it is skipped:
    "not_ok", "digest_mismatch: …", "malformed: …")."""
    saved = capture.record_type == "resource"  # a saved page: no server answered
    if not saved and (capture.status is None or not 200 <= capture.status < 300):
        return None, "not_ok"
    fetched_at = capture_time(capture.date)
    if fetched_at is None:
        return None, f"malformed: WARC-Date {capture.date!r}"
    problem = None if saved and (capture.target_uri or "").lower().startswith("file:") \
        else url_problem(capture.target_uri or "")
    if problem:  # the article's URL: a record about no URL is not an article
        return None, f"malformed: WARC-Target-URI {problem}"
    raw = capture.payload or b""
    checked = None
    if capture.payload_digest:
        checked = digest_matches(capture.payload_digest, raw)
        if checked is False and "chunked" in (capture.header("transfer-encoding") or "").lower():
            try:  # some writers digest the payload with its chunking undone
                checked = digest_matches(capture.payload_digest,
                                         decode_payload(raw, [("Transfer-Encoding", "chunked")]))
            except ValueError:
                pass
        if checked is False:
            return None, (f"digest_mismatch: WARC-Payload-Digest {capture.payload_digest}, "
                          f"the bytes are {_digest_like(capture.payload_digest, raw)}")
    try:
        body = capture.body()
    except PayloadTooLarge as exc:
        return None, f"too_large: {exc}"
    except PayloadCutShort as exc:
        return None, f"truncated: {exc}"
    except ValueError as exc:
        return None, f"malformed: {exc}"
    headers = {}
    for name, value in capture.http_headers:
        if name.lower() in KEPT_HEADERS and name.lower() not in headers:
            headers[name.lower()] = value
    if capture.content_type is not None:  # of two, the last: as browsers; none invented
        headers["content-type"] = capture.content_type  # (a live fetch stores none either)
    detail = f"captured: {located(capture)}" + (f", record {capture.record_id}" if capture.record_id else "") \
        + ("" if checked else ", payload digest not checked")
    fetch = FetchResult(capture.target_uri, fetched_at, final_url=capture.target_uri,
                        status=capture.status, headers=headers, body=body, detail=detail)
    # Bytes that are no page (empty, an image or a PDF by its magic number, binary data)
    # are the failure a live fetch of them is: recorded so, never the article's page.
    from ..loading import _page_only

    return _page_only(capture.target_uri, fetch), None


def archive_captures(archiver, paths, *, workers: int = 8, tally: CaptureTally | None = None,
                     on_skip=None, storage_options: dict | None = None):
    """Archive every page captured in these WARC/ARC files — paths, globs or fsspec URLs
    (`file://…`, `s3://…`), as `scan` takes them; yields ArticleReports in file order.
    `on_skip(line)` hears each record skipped for a reason a person should see (a digest
    mismatch, a malformed date or payload)."""
    tally = tally if tally is not None else CaptureTally()
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="capture")
    pending: deque = deque()
    last_of: dict[str, object] = {}  # URL -> its capture archived last (a future)
    try:
        for fetch in _fetches(paths, tally, on_skip, storage_options):
            # Captures of one URL are archived one after another, in file order (a crawl
            # writes them as it makes them): the newer is then the article's latest copy.
            before = last_of.get(fetch.url)
            if before is not None and not before.done():
                future = pool.submit(_after, before, archiver.archive, fetch.url, fetch=fetch)
            else:
                future = pool.submit(archiver.archive, fetch.url, fetch=fetch)
            last_of[fetch.url] = future
            if len(last_of) > 4096:
                last_of = {u: f for u, f in last_of.items() if not f.done()}
            pending.append(future)
            while len(pending) > 2 * max(1, workers):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:  # an interrupt (or the caller stopped reading): stop at once,
        for future in pending:  # before waiting for the workers, whose asking X is cut
            future.cancel()
        archiver.stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _after(before, job, *args, **kwargs):
    """`job(*args, **kwargs)` once the future `before` is done (whatever its outcome; it was
    submitted first, so it never waits behind this one)."""
    wait([before])
    return job(*args, **kwargs)


def _inputs(paths, tally: CaptureTally, storage_options):
    """(location, open binary file) per input, in the order given; what cannot be read
    is a line in tally.unreadable."""
    from .scan import expand_inputs, open_input

    for pattern in paths:
        found, missing = expand_inputs([pattern], storage_options, "--warc")
        tally.unreadable.extend(missing)
        for location in found:
            try:
                stream = open_input(location, storage_options)
                if not is_warc_or_arc(stream):  # an image, a page: an input that failed
                    stream.close()
                    tally.unreadable.append(f"{location}: not a WARC or ARC file")
                    continue
            except OSError as exc:
                tally.unreadable.append(f"{location}: cannot be read ({exc.strerror or exc})")
                continue
            yield location, stream


def _fetches(paths, tally: CaptureTally, on_skip, storage_options=None):
    for path, stream in _inputs(paths, tally, storage_options):
        with stream:
            for capture in iter_captures(stream, path):
                if capture.problem:
                    tally.skipped[capture.problem] += 1
                    continue
                fetch, why = capture_fetch(capture)
                if fetch is None:
                    if why == "not_ok":
                        tally.not_ok += 1
                        continue
                    if why.startswith("digest_mismatch"):
                        tally.digest_mismatch += 1
                    elif why.startswith(("too_large", "truncated")):
                        tally.skipped[why.split(":", 1)[0]] += 1
                    else:
                        tally.skipped["malformed"] += 1
                    if on_skip:
                        on_skip(f"{capture.target_uri} ({located(capture)}): "
                                f"{why.split(': ', 1)[1]}; skipped")
                    continue
                if fetch.error == "not_a_page":
                    tally.not_a_page += 1
                else:
                    tally.pages += 1
                tally.no_digest += "not checked" in (fetch.detail or "")
                yield fetch
