"""Benchmark: `archiver scan` over a generated WARC of corpus pages.

Run from the repository root:  .venv/bin/python bench/scan.py [--mb 200] [--reps 3]

The WARC (gzip per record, written once with warcio into bench/out/ and reused) mixes
the corpus pages as a news crawl holds them: most pages without posts (the corpus's
no-post pages four times in five), each response after its request record, a metadata
record every fifth page, and an image or a script response every third.

1. Readers: bare iteration over every record (WARC headers, HTTP head, every response's
   payload read) with FastWARC and with warcio, best of --reps, on one core.
2. The scan on one core: scan_file (read, classify, decode, extract, write Parquet) against
   FastWARC's bare iteration of the same file: records/s, MB/s (of the gzipped file),
   the ratio (target <= 1.5x).
3. A worker's peak memory: scan_file in a fresh process on the whole file and on a
   quarter of it (ru_maxrss): bounded, independent of the WARC's size.
4. 1 vs 2 workers: the file cut into 8 WARC files, scanned by a distributed.LocalCluster
   of 1 and then 2 worker processes (127.0.0.1), one task per file: throughput ratio
   (target >= 1.7x; this machine has os.cpu_count() cores).

Figures vary with the machine: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import revision  # noqa: E402
from tests.warcs import CORPUS, Writer, corpus_rows, gold_ids  # noqa: E402

OUT = ROOT / "bench" / "out"


def generate(path: Path, megabytes: int, parts: int = 1) -> list[Path]:
    """`parts` gzipped WARC files of megabytes/parts MB each (written once, then reused)."""
    rows = corpus_rows()
    with_posts = [(r["file"], (CORPUS / r["file"]).read_bytes()) for r in rows if gold_ids(r)]
    without = [(r["file"], (CORPUS / r["file"]).read_bytes()) for r in rows if not gold_ids(r)]
    image = b"\x89PNG\r\n\x1a\n" + os.urandom(30_000)
    script = b"window.dataLayer=[];" * 2000
    paths = [path.with_name(path.name.replace(".warc.gz", f".{i}.warc.gz")) if parts > 1
             else path for i in range(parts)]
    if all(p.exists() for p in paths):
        return paths
    target = megabytes * 1_000_000 // parts
    index = 0
    for part in paths:
        temporary = part.with_suffix(".tmp")
        with open(temporary, "wb") as stream:
            writer = Writer(stream)
            writer.warcinfo()
            while stream.tell() < target:
                pool = without if index % 5 else with_posts
                name, body = pool[(index // 5 if index % 5 == 0 else index) % len(pool)]
                uri = f"https://news{index % 37}.example/{index}/{name}"
                writer.response(uri, body)
                if index % 5 == 0:
                    writer.metadata(uri)
                if index % 3 == 0:
                    writer.response(uri + ".png", image, content_type="image/png")
                elif index % 3 == 1:
                    writer.response(uri + ".js", script, content_type="application/javascript")
                index += 1
        temporary.rename(part)
    return paths


def bare_fastwarc(path: Path) -> tuple[int, int]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    records = payload = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            record.headers.get("WARC-Target-URI")
            if record.record_type == WarcRecordType.response:
                payload += len(record.reader.read())
            records += 1
    return records, payload


def bare_warcio(path: Path) -> tuple[int, int]:
    from warcio.archiveiterator import ArchiveIterator

    records = payload = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                payload += len(record.raw_stream.read())
            records += 1
    return records, payload


def best(function, reps: int):
    times, result = [], None
    for _ in range(reps):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def scan_once(path: Path) -> tuple[float, dict]:
    from archiver.warc.scan import scan_file

    out = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        started = time.perf_counter()
        result = scan_file(str(path), str(out))
        return time.perf_counter() - started, result.counts
    finally:
        shutil.rmtree(out)


def high_water_kb() -> int:
    """This process's peak resident memory (VmHWM, KB). Not ru_maxrss: that survives
    exec, so a child would report its parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def peak_memory(path: Path) -> int:
    """Peak resident memory (KB) of a fresh process that scans `path`."""
    code = ("import sys, tempfile; from archiver.warc.scan import scan_file; "
            "from bench.scan import high_water_kb; "
            "scan_file(sys.argv[1], tempfile.mkdtemp()); print(high_water_kb())")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return int(done.stdout.split()[-1])


def _warm_up() -> None:
    from archiver.extract import extract
    from archiver.warc.scan import schema

    schema()
    extract(b"<html><a href='https://x.com/a/status/20'>a</a></html>", "warm-up")


def read_only(path: Path) -> tuple[int, int]:
    """Our reading layer alone: every record classified, every page's body decoded."""
    from archiver.warc.read import iter_captures

    records = pages = 0
    with open(path, "rb") as stream:
        for capture in iter_captures(stream, str(path)):
            records += 1
            if capture.problem is None:
                capture.body()
                pages += 1
    return records, pages


def extract_only(path: Path) -> float:
    """The extractor's time on the file's pages, their bodies read beforehand."""
    from archiver.extract import extract
    from archiver.warc.read import iter_captures

    with open(path, "rb") as stream:
        pages = [(c.body(), c.target_uri, c.content_type) for c in iter_captures(stream, "")
                 if c.problem is None]
    started = time.perf_counter()
    for body, uri, content_type in pages:
        extract(body, uri, content_type=content_type or "text/html")
    return time.perf_counter() - started


def cluster_scan(paths, workers: int) -> tuple[float, list[int]]:
    from distributed import Client, LocalCluster

    from archiver.warc.scan import run_scan

    out = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None) as cluster:
            with Client(cluster) as client:  # imports done before the clock starts
                client.run(_warm_up)
            started = time.perf_counter()
            result = run_scan([str(p) for p in paths], str(out),
                              scheduler=cluster.scheduler_address)
            seconds = time.perf_counter() - started
            with Client(cluster) as client:
                peaks = list(client.run(high_water_kb).values())
        assert not result.failed, result.failed
        return seconds, peaks
    finally:
        shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the WARC (gzipped)")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"revision {revision()}, {os.cpu_count()} cores")
    [warc] = generate(OUT / f"scan-{args.mb}mb.warc.gz", args.mb)
    size = warc.stat().st_size
    mb = size / 1e6
    print(f"{warc.name}: {mb:.0f} MB gzipped")

    fast, (records, payload) = best(lambda: bare_fastwarc(warc), args.reps)
    slow, _ = best(lambda: bare_warcio(warc), args.reps)
    print(f"1. bare iteration, {records:,} records, {payload / 1e6:,.0f} MB of payloads:")
    print(f"   FastWARC {fast:.2f} s ({records / fast:,.0f} records/s, {mb / fast:.0f} MB/s)")
    print(f"   warcio   {slow:.2f} s ({records / slow:,.0f} records/s, {mb / slow:.0f} MB/s)"
          f"  -> FastWARC {slow / fast:.1f}x faster")

    seconds = min(scan_once(warc)[0] for _ in range(max(1, args.reps - 1)))
    _, counts = scan_once(warc)
    print(f"2. scan on one core: {seconds:.2f} s, {counts['records'] / seconds:,.0f} records/s, "
          f"{mb / seconds:.0f} MB/s; {counts['pages']:,} pages read, "
          f"{counts['pages_with_posts']:,} with posts, {counts['posts']:,} posts")
    print(f"   scan / bare FastWARC iteration: {seconds / fast:.2f}x (target <= 1.5x)")
    reading, _ = best(lambda: read_only(warc), args.reps)
    extracting = min(extract_only(warc) for _ in range(max(1, args.reps - 1)))
    print(f"   of which: reading and classifying every record, decoding every page "
          f"{reading:.2f} s ({reading / fast:.2f}x the bare iteration), the extractor on the "
          f"pages {extracting:.2f} s ({extracting / fast:.2f}x), the rest (rows, Parquet) "
          f"{max(0.0, seconds - reading - extracting):.2f} s")

    [quarter] = generate(OUT / f"scan-{max(1, args.mb // 4)}mb.warc.gz", max(1, args.mb // 4))
    small, large = peak_memory(quarter), peak_memory(warc)
    print(f"3. a worker's peak memory (VmHWM): {small / 1024:.0f} MB scanning "
          f"{quarter.stat().st_size / 1e6:.0f} MB, {large / 1024:.0f} MB scanning {mb:.0f} MB")

    parts = generate(OUT / f"scan-{args.mb}mb-parts.warc.gz", args.mb, parts=8)
    one, _ = cluster_scan(parts, 1)
    two, peaks = cluster_scan(parts, 2)
    print(f"4. LocalCluster over 8 files ({args.mb} MB): 1 worker {one:.2f} s "
          f"({args.mb / one:.0f} MB/s), 2 workers {two:.2f} s ({args.mb / two:.0f} MB/s): "
          f"{one / two:.2f}x (target >= 1.7x); the workers' peak memory "
          + ", ".join(f"{kb / 1024:.0f} MB" for kb in peaks))


if __name__ == "__main__":
    main()
