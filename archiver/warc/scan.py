"""`archiver scan`: the posts in WARC collections, as Parquet, on Dask.

One task per input file: `scan_file` reads its records (archiver.warc.read), runs the
extractor on every 2xx response that is a page by a live fetch's rule (not empty, no
image or binary data: `not_a_page`) with the record's HTTP Content-Type
(its charset) and target URI, and writes one row per post found to a Parquet part of
its own — written under a hidden temporary name, then renamed, so a part that exists is
complete and a scan started again skips its input. The part's key-value metadata
(`archiver.scan`) holds the file's counts, so the summary covers skipped inputs too.

`run_scan` runs the tasks: in this process for one worker (or one file), on a
`distributed.LocalCluster` of N worker processes on 127.0.0.1 otherwise, or on an
existing cluster (`scheduler="tcp://host:port"`); inputs and the output may be fsspec
URLs, so that workers on other machines read and write them. Nothing here touches the
network beyond what those URLs name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..errors import ArchiverError
from ..plural import counted
from .read import (PROBLEMS, PayloadCutShort, PayloadTooLarge, capture_time, is_warc_or_arc,
                   iter_captures,
                   not_a_page)

log = logging.getLogger(__name__)

#: The counts of one input, in the order the summary prints them: a page read, or why a
#: record is not — as the reader classifies it (PROBLEMS), then a response that is no
#: 2xx page (a redirect, an error page: `archive --warc` skips them so, and a live fetch
#: stores no page for them), and bytes that are no page (empty, an image, binary data: as
#: a live fetch tells them).
COUNT_KEYS = ("records", "pages", "pages_with_posts", "posts", *PROBLEMS, "not_2xx",
              "not_a_page")
#: Rows buffered before a row group is written: a worker's memory stays bounded.
ROWS_PER_GROUP = 5000
METADATA_KEY = b"archiver.scan"

#: Record columns, then the `extract --json` fields (README), in this order.
RECORD_COLUMNS = ("warc_file", "warc_offset", "warc_length", "target_uri", "capture_date",
                  "record_id", "payload_digest", "http_status", "content_type")
EMBED_COLUMNS = ("post_id", "handle", "author_name", "date", "shown_date", "url", "text",
                 "lang", "media", "kind", "positions", "source")


def schema():
    import pyarrow as pa

    string = pa.string()
    types = {"warc_offset": pa.int64(), "warc_length": pa.int64(), "http_status": pa.int32(),
             "media": pa.list_(string), "positions": pa.list_(pa.int32())}
    return pa.schema([(name, types.get(name, string))
                      for name in RECORD_COLUMNS + EMBED_COLUMNS])


def part_name(input_url: str) -> str:
    """The part of one input: its file name and a hash of its whole location, so that
    two inputs with one name in different folders get two parts."""
    base = posixpath.basename(input_url.rstrip("/")) or "input"
    digest = hashlib.sha256(input_url.encode("utf-8")).hexdigest()[:12]
    return f"{base}.{digest}.parquet"


def _fs(url: str, storage_options: dict | None):
    from fsspec.core import url_to_fs

    return url_to_fs(url, **(storage_options or {}))


def open_input(location_or_url: str, storage_options: dict | None = None):
    """An input (a path or an fsspec URL) opened for binary reading, seekable."""
    fs, path = _fs(location_or_url, storage_options)
    return fs.open(path, "rb")


def location(fs, path: str) -> str:
    """How an input is named in rows and parts: a local path as an absolute path, anything
    else as its full URL."""
    from fsspec.implementations.local import LocalFileSystem

    return path if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path)


def check_folder(url: str, option: str, storage_options: dict | None = None) -> None:
    """Refuse a folder to write in (--out, --csv-dir) whose parent does not exist: only
    its last part is made, so a typo makes no tree of folders anywhere. (Object stores
    have no folders to check: s3://… is taken as it is.)

    Raises:
        UsageError: the folder is a file.
        ArchiverError: the parent of a local folder is missing, or not a folder.
    """
    from fsspec.implementations.local import LocalFileSystem

    from ..errors import UsageError

    fs, path = _fs(url, storage_options)
    if not isinstance(fs, LocalFileSystem) or fs.isdir(path):
        return
    if fs.exists(path):
        raise UsageError(f"{option} {url} is a file, not a folder")
    parent = posixpath.dirname(path.rstrip("/")) or "/"
    if not fs.isdir(parent):
        what = "is not a folder" if fs.exists(parent) else "does not exist"
        raise ArchiverError(f"{option} {url}: {parent} {what} (only the last folder of the "
                            "path is made)")


def make_folder(fs, path: str) -> None:
    """Make the folder `path`, only its last part where folders are folders (its parent
    missing is a FileNotFoundError naming it)."""
    from fsspec.implementations.local import LocalFileSystem

    if not isinstance(fs, LocalFileSystem):
        fs.makedirs(path, exist_ok=True)
    elif not fs.isdir(path):
        os.mkdir(path)


#: What an http(s) URL of a WARC or ARC file is named: anything else is a web page.
_ARCHIVE_NAME = re.compile(r"\.(warc|arc)(\.gz)?$|[*?[]", re.IGNORECASE)
#: What fsspec's http(s) file system needs beyond the scan extra.
_HTTP_NEEDS = "aiohttp"


def _page_url(pattern: str) -> bool:
    """An http(s) URL that names no WARC or ARC file (`https://news.example/a.html`):
    a page, never fetched here (the articles' servers are not asked)."""
    from urllib.parse import urlsplit

    parts = urlsplit(pattern)
    return parts.scheme.lower() in ("http", "https") and not _ARCHIVE_NAME.search(parts.path)


def _not_read(pattern: str, exc: Exception, taker: str) -> str:
    """The line for an input that cannot be listed: an http(s) URL without aiohttp is said
    plainly (fsspec's own message names two packages, one of them installed)."""
    if isinstance(exc, ImportError) and pattern.lower().startswith(("http:", "https:")):
        return (f"{pattern}: {taker} reads http(s) URLs with fsspec's HTTP file system, "
                f"which needs {_HTTP_NEEDS} (pip install {_HTTP_NEEDS}); or download the file "
                "and give its path")
    return f"{pattern}: {getattr(exc, 'strerror', None) or exc}"


def expand_inputs(patterns, storage_options: dict | None = None, taker: str = "scan"
                  ) -> tuple[list[str], list[str]]:
    """(input locations in the order given, each glob sorted; one line per pattern that
    names nothing, or that cannot be listed). `taker` names the command (or option) in
    the lines: `scan`, `--warc`."""
    inputs, missing = [], []
    for pattern in patterns:
        if _page_url(pattern):
            after = ("pages are archived without --warc: archiver archive URL"
                     if taker == "--warc" else "a page is archived with: archiver archive URL")
            missing.append(f"{pattern}: a web page, not a WARC or ARC file: {taker} takes WARC "
                           f"or ARC files (paths, globs or fsspec URLs); {after}")
            continue
        try:
            fs, path = _fs(pattern, storage_options)
            if fs.isfile(path):  # a file whose name holds *, ? or [ is that file
                found = [path]
            elif any(ch in pattern for ch in "*?["):
                found = sorted(p for p in fs.glob(path) if fs.isfile(p))
            elif fs.isdir(path):  # said as what it is, not as missing
                missing.append(f"{pattern}: is a folder, not a WARC or ARC file (give its "
                               f"files, or a glob: '{pattern.rstrip('/')}/*.warc.gz')")
                continue
            else:
                found = []
        except (ImportError, ValueError, OSError) as exc:
            # an unknown protocol, its filesystem's package missing, a store refusing
            missing.append(_not_read(pattern, exc, taker))
            continue
        if not found:
            missing.append(f"{pattern}: no such file" if not any(ch in pattern for ch in "*?[")
                           else f"{pattern}: matches no file")
        inputs.extend(location(fs, p) for p in found)
    return list(dict.fromkeys(inputs)), missing


@dataclass
class FileResult:
    """One input's scan: its part, its counts, or why it failed."""

    input: str
    part: str | None = None
    counts: dict = field(default_factory=dict)
    skipped: bool = False  # its part was complete already
    error: str | None = None
    bytes: int = 0
    in_process: bool = False  # scanned here, its bytes reported through on_progress


def _row(capture, embed) -> dict:
    record = embed.to_json()
    return {"warc_file": capture.warc_file, "warc_offset": capture.offset,
            "warc_length": capture.length, "target_uri": capture.target_uri,
            "capture_date": capture.date, "record_id": capture.record_id,
            "payload_digest": capture.payload_digest, "http_status": capture.status,
            "content_type": capture.content_type,
            **{name: record[name] for name in EMBED_COLUMNS}}


def scan_captures(captures, counts: dict):
    """Rows of posts from captures, counting every record in `counts`."""
    from ..extract import extract

    for capture in captures:
        if capture.record_type is not None:
            counts["records"] += 1
        if capture.problem:
            counts[capture.problem] += 1
            continue
        if capture.status is not None and not 200 <= capture.status < 300:
            counts["not_2xx"] += 1
            continue
        if capture_time(capture.date) is None:  # no capture date: malformed, as archive says
            counts["malformed"] += 1
            continue
        try:
            body = capture.body()
        except ValueError as exc:  # PayloadTooLarge: a compression bomb is too large
            counts["too_large" if isinstance(exc, PayloadTooLarge) else
                   "truncated" if isinstance(exc, PayloadCutShort) else "malformed"] += 1
            log.info("%s at %s: %s", capture.warc_file, capture.offset, exc)
            continue
        if not_a_page(body, capture) is not None:
            counts["not_a_page"] += 1
            continue
        content_type = capture.content_type or ("text/plain" if capture.kind == "text"
                                                else "text/html")
        embeds = extract(body, capture.target_uri or "", content_type=content_type)
        counts["pages"] += 1
        if embeds:
            counts["pages_with_posts"] += 1
            counts["posts"] += len(embeds)
        for embed in embeds:
            yield _row(capture, embed)


def scan_file(input_url: str, out: str, storage_options: dict | None = None,
              on_progress=None) -> FileResult:
    """Scan one WARC/ARC file into `out`/part_name(input): skipped when that part exists.
    Never raises for what the file holds; an input that cannot be read is an error."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_fs, out_path = _fs(out, storage_options)
    name = part_name(input_url)
    final = posixpath.join(out_path, name)
    result = FileResult(input_url, location(out_fs, final))
    if out_fs.exists(final):
        try:
            result.counts, result.bytes = read_part_summary(out_fs, final)
        except DamagedPart:  # not complete after all: scanned again, and replaced
            pass
        else:
            result.skipped = True
            return result
    in_fs, in_path = _fs(input_url, storage_options)
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for stale in out_fs.glob(posixpath.join(out_path, f".{name}.tmp-*")):
        out_fs.rm(stale)  # a killed scan's leftover
    temporary = posixpath.join(out_path, f".{name}.tmp-{uuid.uuid4().hex[:8]}")
    table_schema = schema()
    try:
        with in_fs.open(in_path, "rb") as stream:
            if not is_warc_or_arc(stream):  # an input that failed: no part written
                result.error = f"{input_url}: not a WARC or ARC file"
                return result
            with out_fs.open(temporary, "wb") as sink:
                result.bytes = in_fs.size(in_path)
                writer = pq.ParquetWriter(sink, table_schema, compression="zstd")
                try:
                    batch: list[dict] = []
                    for row in scan_captures(iter_captures(stream, input_url,
                                                           on_progress=on_progress), counts):
                        batch.append(row)
                        if len(batch) >= ROWS_PER_GROUP:
                            writer.write_table(pa.Table.from_pylist(batch, table_schema))
                            batch.clear()
                    if batch:
                        writer.write_table(pa.Table.from_pylist(batch, table_schema))
                    writer.add_key_value_metadata({METADATA_KEY: json.dumps(
                        {"input": input_url, "bytes": result.bytes, "counts": counts})})
                finally:
                    # closed before its file is, stopped or not (an interrupt left it to
                    # close after the file, in a traceback at exit); a part stopped
                    # midway stays under its temporary name, never taken as done
                    writer.close()
    except OSError as exc:
        if out_fs.exists(temporary):
            out_fs.rm(temporary)
        result.error = f"{input_url}: cannot be read ({exc.strerror or exc})"
        return result
    except BaseException:  # stopped (Ctrl-C, a worker shut down): no half part left
        try:
            if out_fs.exists(temporary):
                out_fs.rm(temporary)
        except OSError:
            pass  # (the next scan removes a leftover)
        raise
    out_fs.mv(temporary, final)
    result.counts = counts
    return result


class DamagedPart(ArchiverError):
    """A `*.parquet` file in --out that is no readable part of a scan: cut short, not
    Parquet at all, or Parquet without a scan's columns. Said in one line naming it."""

    def __init__(self, part: str, why: str):
        super().__init__(f"{part}: {why}")
        self.part, self.why = part, why


def _damaged(part: str, exc: Exception) -> DamagedPart:
    """What pyarrow said of a damaged file, in one line, without its buffer's name."""
    why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    why = why.split("input source '<Buffer>': ", 1)[-1].rstrip(".")
    return DamagedPart(part, f"not a readable Parquet part ({why})")


def _arrow_file(fs, path: str):
    """A part opened as a file of Arrow's own, never a Python file object: Arrow releases
    a reader on one of its pool's threads, at a moment of its choosing, and a reader
    holding a Python file must then take the GIL — after the interpreter has finished,
    that thread is ended mid-destructor and the process aborts ("terminate called without
    an active exception", status -6/134) after the scan had written and said everything.
    A local part is opened by Arrow itself; any other is read here and copied into a
    buffer Arrow allocated (one a Python object backs would hold the GIL's need again)."""
    import pyarrow as pa
    from fsspec.implementations.local import LocalFileSystem

    if isinstance(fs, LocalFileSystem):
        return pa.OSFile(path, "rb")
    with fs.open(path, "rb") as handle:
        data = handle.read()
    buffer = pa.allocate_buffer(len(data))
    pa.FixedSizeBufferWriter(buffer).write(data)
    return pa.BufferReader(buffer)


def _read_part(fs, path: str, read):
    """read(file) on one part, a damaged part raised as DamagedPart (the file's own
    errors, a missing folder or no permission, are left as they are)."""
    import pyarrow as pa

    with _arrow_file(fs, path) as handle:
        try:
            return read(handle)
        except (pa.ArrowException, OSError) as exc:
            raise _damaged(location(fs, path), exc) from exc


def _read_table(fs, path: str, columns=None):
    import pyarrow.parquet as pq

    def read(handle):
        if columns is not None:
            names = pq.read_schema(handle).names
            missing = [c for c in columns if c not in names]
            if missing:
                raise DamagedPart(location(fs, path), "Parquet, but no part of a scan (no "
                                  f"{', '.join(missing)} column)")
            handle.seek(0)
        return pq.read_table(handle, columns=columns, **READ_OPTIONS)

    return _read_part(fs, path, read)


def read_part_summary(fs, path: str) -> tuple[dict, int]:
    """(counts, input bytes) from a part's metadata.

    Raises:
        DamagedPart: the file is no readable part.
    """
    import pyarrow.parquet as pq

    metadata = _read_part(fs, path, lambda handle: pq.read_metadata(handle).metadata) or {}
    info = json.loads(metadata.get(METADATA_KEY, b"{}"))
    counts = dict.fromkeys(COUNT_KEYS, 0)
    counts.update(info.get("counts", {}))
    return counts, info.get("bytes", 0)


@dataclass
class ScanResult:
    """A whole scan: one FileResult per input, and the patterns that named nothing."""

    out: str
    files: list[FileResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    distinct_posts: int | None = None

    @property
    def failed(self) -> list[str]:
        return self.missing + [f.error for f in self.files if f.error]

    def totals(self) -> dict:
        totals = dict.fromkeys(COUNT_KEYS, 0)
        for result in self.files:
            for key, value in result.counts.items():
                totals[key] = totals.get(key, 0) + value
        return totals

    def summary(self) -> str:
        """What the scan found and skipped, in one paragraph."""
        t = self.totals()
        done = [f for f in self.files if not f.error]
        skipped = sum(f.skipped for f in done)
        distinct = f" ({self.distinct_posts:,} distinct)" if self.distinct_posts is not None else ""
        return (f"{counted(len(done), 'file')} "
                f"({len(done) - skipped} scanned, {skipped} already done), "
                f"{len(self.failed)} failed: {counted(t['records'], 'record', grouped=True)}, "
                f"{counted(t['pages'], 'page', grouped=True)} read, "
                f"{counted(t['posts'], 'post', grouped=True)}{distinct} in "
                f"{counted(t['pages_with_posts'], 'page', grouped=True)}; skipped "
                f"{counted(t['not_response'], 'not a response', 'not responses', grouped=True)}, "
                f"{t['not_html']:,} not HTML, "
                f"{counted(t['not_2xx'], 'not a 2xx page', 'not 2xx pages', grouped=True)}, "
                f"{counted(t['not_a_page'], 'empty or binary body', 'empty or binary bodies', grouped=True)}, "
                f"{t['truncated']:,} truncated, {t['too_large']:,} too large, "
                f"{t['malformed']:,} malformed")


def default_workers() -> int:
    return os.cpu_count() or 1


def run_scan(patterns, out: str, *, workers: int | None = None, scheduler: str | None = None,
             storage_options: dict | None = None, on_file=None, on_progress=None
             ) -> ScanResult:
    """Scan every input into `out`, skipping those whose part is complete.

    `workers` local worker processes (default: the cores; 1 scans in this process), or
    the Dask cluster at `scheduler`. `on_file(FileResult)` is called as each input is
    done; `on_progress(bytes)` as bytes are read (in this process only).
    """
    inputs, missing = expand_inputs(patterns, storage_options)
    result = ScanResult(out, missing=missing)
    out_fs, out_path = _fs(out, storage_options)
    made = not out_fs.exists(out_path)
    if inputs:
        make_folder(out_fs, out_path)
    todo = []
    for input_url in inputs:
        final = posixpath.join(out_path, part_name(input_url))
        if out_fs.exists(final):
            done = FileResult(input_url, location(out_fs, final), skipped=True)
            try:
                done.counts, done.bytes = read_part_summary(out_fs, final)
            except DamagedPart as exc:
                log.warning("%s: %s: its input is scanned again", exc.part, exc.why)
                todo.append(input_url)
                continue
            result.files.append(done)
            if on_file:
                on_file(done)
        else:
            todo.append(input_url)
    workers = workers or default_workers()
    if scheduler is None and (workers <= 1 or len(todo) <= 1):
        for input_url in todo:
            file_result = _scan_here(input_url, out, storage_options, on_progress)
            result.files.append(file_result)
            if on_file:
                on_file(file_result)
    elif todo:
        result.files.extend(_scan_on_dask(todo, out, storage_options, workers, scheduler,
                                          on_file))
    result.files.sort(key=lambda f: inputs.index(f.input))
    result.distinct_posts = distinct_posts(out, storage_options,
                                           [f.part for f in result.files if not f.error])
    if made and inputs and not out_fs.ls(out_path):
        out_fs.rmdir(out_path)  # a scan that wrote nothing leaves no folder it made
    return result


def _scan_here(input_url, out, storage_options, on_progress) -> FileResult:
    state = {"at": 0}

    def progress(offset):
        if on_progress and offset > state["at"]:
            on_progress(offset - state["at"])
            state["at"] = offset

    file_result = scan_file(input_url, out, storage_options, progress)
    file_result.in_process = True
    if on_progress and file_result.bytes > state["at"]:
        on_progress(file_result.bytes - state["at"])
    return file_result


def _scan_on_dask(todo, out, storage_options, workers, scheduler, on_file) -> list[FileResult]:
    from distributed import Client, LocalCluster, as_completed

    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        # Dask logs every worker's start and stop at INFO: quiet unless asked (-v)
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    if scheduler is None:
        with _interrupt_held():
            cluster = LocalCluster(n_workers=min(workers, len(todo)), threads_per_worker=1,
                                   processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0",
                                   # (a task's failure comes back to the client, said once
                                   # per input; what workers log of each other — a peer
                                   # closed while the cluster is stopped — is no news)
                                   silence_logs=logging.CRITICAL)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    results = []
    try:
        futures = {client.submit(scan_file, input_url, out, storage_options, pure=False,
                                 key=f"scan-{part_name(input_url)}-{uuid.uuid4().hex[:6]}"):
                   input_url for input_url in todo}
        for future in as_completed(futures):
            try:
                file_result = future.result()
            except Exception as exc:  # noqa: BLE001 - one input's failure is its own
                file_result = FileResult(futures[future], error=f"{futures[future]}: "
                                         f"{type(exc).__name__}: {exc}")
            results.append(file_result)
            if on_file:
                on_file(file_result)
    except BaseException:
        # stopped (Ctrl-C, a failure here): the workers are not waited for — a task
        # half-way through a file writes only a temporary part, which the next scan redoes;
        # and the tasks Dask then forgets are not news ("Couldn't gather keys"), nor is the
        # event loop's complaint of a callback the stop cut short (asyncio, tornado)
        for name in ("distributed", "asyncio", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        client.close(timeout=2)
        if cluster is not None:
            cluster.close(timeout=2)
        raise
    client.close()
    if cluster is not None:
        cluster.close()
    return results


@contextmanager
def _interrupt_held():
    """SIGINT ignored while the local cluster starts its worker processes: they inherit
    that, and a Ctrl-C — which a terminal sends to them too — no longer kills each with a
    traceback of its own; the scan closes them itself. Here it is blocked meanwhile too,
    and Linux keeps a blocked signal pending even when ignored: a Ctrl-C in that second
    is taken as soon as the cluster stands."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


#: How parts are read: on this thread (a part is small, and read in a moment without
#: pyarrow's threads). That alone did not keep the exit clean: see _arrow_file.
READ_OPTIONS = {"use_threads": False, "pre_buffer": False}


def distinct_posts(out: str, storage_options, parts) -> int:
    """How many distinct post ids the parts hold (posts without an id not counted)."""
    ids = set()
    for part in parts:
        fs, path = _fs(part, storage_options)
        column = _read_table(fs, path, ["post_id"]).column("post_id")
        ids.update(x for x in column.to_pylist() if x)
    return len(ids)


def part_files(out: str, storage_options: dict | None = None) -> list[str]:
    """The complete parts in `out`, in name order (temporary files are hidden, never
    listed); none when `out` is no folder."""
    fs, path = _fs(out, storage_options)
    try:
        return sorted(fs.glob(posixpath.join(path, "*.parquet")))
    except (FileNotFoundError, NotADirectoryError):
        return []


def require_scan_output(out: str, storage_options: dict | None = None) -> None:
    """Refuse to read `out` for what a scan found when it holds no part: a typo, or a
    scan that never ran, is said — never an empty summary.

    Raises:
        ArchiverError: `out` holds no scan output.
    """
    if not part_files(out, storage_options):
        from ..errors import ArchiverError

        raise ArchiverError(f"{out} holds no scan output")


def read_rows(out: str, storage_options: dict | None = None, columns=None):
    """Every row of every complete part in `out`, as a pyarrow Table (parts in name
    order; temporary files are never read).

    Raises:
        DamagedPart: a `*.parquet` file in `out` is no readable part. Nothing is read
            then: what the others say without it would be taken for the whole scan.
    """
    import pyarrow as pa

    fs, _path = _fs(out, storage_options)
    tables = []
    for part in part_files(out, storage_options):
        try:
            tables.append(_read_table(fs, part, columns))
        except DamagedPart as exc:
            raise DamagedPart(exc.part, f"{exc.why}; no part in {out} is read while it is "
                              "there (move it out, or delete it and scan its input "
                              "again)") from exc
    if not tables:
        return schema().empty_table() if columns is None else \
            pa.schema([schema().field(c) for c in columns]).empty_table()
    return pa.concat_tables(tables)
