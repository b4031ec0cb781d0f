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
   the ratio (target <= 1.5x). Beside it, the floor: our reading plus lxml's parse alone
   of the pages that hold posts (one in five here), which any scan that reads posts from a
   parsed tree spends.
3. A worker's peak memory: scan_file in a fresh process on the whole file and on a
   quarter of it (ru_maxrss): bounded, independent of the WARC's size.
4. 1 vs 2 workers: the file cut into --parts WARC files (32: small tasks, so that a task
   slowed by other work on the machine delays the end little; on a quiet machine 8 files
   kept two workers as busy, 98-99%, and each file costs ~10 ms of its own), scanned by run_scan on a distributed.LocalCluster of 1 and of
   2 worker processes (one thread each, 127.0.0.1), started and warmed (imports, the
   extractor's first call) before the clock; one task per file; nothing but each file's
   counts goes back to the client. The runs alternate 1, 2, 1, 2… (--cluster-reps each):
   min and median, throughput ratio (target >= 1.7x). Beside it, on the same files and
   timed the same way, what this machine allows two processes without Dask (a
   multiprocessing pool of 1 and of 2 processes, one scan_file per file) and for pure
   CPU work (a Python loop): the ceiling the cluster's ratio is to be read against. The
   ratio is then split in two: how busy the two workers were over the tasks' span (task
   size and scheduling: ours), and how much longer a task takes beside another than alone
   (the cores this machine gives two processes at once: not ours).
5. Where the scan's time goes beyond the bare iteration: cProfile of scan_file on 8 of
   the parts (warmed first), the top entries by own time, each with where its code lives
   (archiver/extract, archiver/warc, a library, C built-ins — FastWARC's own iteration
   is C code counted in the Python function that drives it, read.py's
   _fastwarc_records).

Without the `scan` extra (FastWARC, warcio, pyarrow, Dask, fsspec) it says so and skips
(`make bench` installs the test extra, which has them).

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

EXTRA = ("fastwarc", "warcio", "pyarrow", "distributed", "fsspec")


def missing_extra() -> list[str]:
    import importlib.util

    return [name for name in EXTRA if importlib.util.find_spec(name) is None]


if not missing_extra():
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
    import pyarrow.parquet  # noqa: F401

    from archiver.extract import extract
    from archiver.warc.scan import schema

    schema()
    extract(b"<html><a href='https://x.com/a/status/20'>a</a></html>", "warm-up")


def quarter_of(warc: Path, args) -> Path:
    [quarter] = generate(OUT / f"scan-{max(1, args.mb // 4)}mb.warc.gz", max(1, args.mb // 4))
    return quarter


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


def extract_only(path: Path) -> tuple[float, dict]:
    """The extractor's time on the file's pages, their bodies read beforehand: in all,
    and by kind of page ({kind: [pages, seconds]}: with posts found; with an X link or
    widget name but no post; with no mention of X at all)."""
    from archiver.extract import extract
    from archiver.warc.read import iter_captures

    with open(path, "rb") as stream:
        pages = [(c.body(), c.target_uri, c.content_type) for c in iter_captures(stream, "")
                 if c.problem is None]
    kinds = {"with posts": [0, 0.0], "X named, no post": [0, 0.0], "no X": [0, 0.0]}
    clock = time.perf_counter
    started = clock()
    for body, uri, content_type in pages:
        before = clock()
        found = extract(body, uri, content_type=content_type or "text/html")
        spent = clock() - before
        kind = "with posts" if found else "X named, no post" if (
            b"twitter" in body or b"x.com" in body) else "no X"
        kinds[kind][0] += 1
        kinds[kind][1] += spent
    return clock() - started, kinds


def pages_with_posts(path: Path) -> list[bytes]:
    """The bodies of the file's pages that hold posts (read and found untimed)."""
    from archiver.extract import extract
    from archiver.warc.read import iter_captures

    with open(path, "rb") as stream:
        pages = [c.body() for c in iter_captures(stream, "") if c.problem is None]
    return [body for body in pages if extract(body, "")]


def lxml_parse_all(bodies: list[bytes]) -> int:
    """lxml's parse alone, as the extractor calls it, of each body: the least a scan that
    reads those pages' posts from a parsed tree spends."""
    from archiver.extract.html import _parse_utf8

    for body in bodies:
        _parse_utf8(body)
    return len(bodies)


def _started_cluster(workers: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    client = Client(cluster)
    client.run(_warm_up)  # imports and the extractor's first call, before any clock
    return cluster, client


def cluster_scan(paths, cluster, client) -> tuple[float, float, float]:
    """run_scan on the cluster, as `archiver scan --scheduler` runs it: (wall seconds,
    the tasks' span from the first start to the last end, their summed compute time)."""
    from distributed import get_task_stream

    from archiver.warc.scan import run_scan

    out = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        with get_task_stream(client) as stream:
            started = time.perf_counter()
            result = run_scan([str(p) for p in paths], str(out),
                              scheduler=cluster.scheduler_address)
            seconds = time.perf_counter() - started
        assert not result.failed, result.failed
        spans = [(ss["start"], ss["stop"]) for task in stream.data
                 for ss in task["startstops"] if ss["action"] == "compute"]
        assert len(spans) == len(paths), len(spans)
        return (seconds, max(e for _, e in spans) - min(s for s, _ in spans),
                sum(e - s for s, e in spans))
    finally:
        shutil.rmtree(out)


def _scan_to(args) -> None:
    from archiver.warc.scan import scan_file

    path, out = args
    result = scan_file(path, out)
    assert not result.error and not result.skipped, result


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def pool_run(pool, function, items) -> float:
    started = time.perf_counter()
    for _ in pool.imap_unordered(function, items, chunksize=1):
        pass
    return time.perf_counter() - started


def pool_scan(paths, pool) -> float:
    """The same files scanned by a multiprocessing pool, one scan_file per file."""
    out = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        return pool_run(pool, _scan_to, [(str(p), str(out)) for p in paths])
    finally:
        shutil.rmtree(out)


def _pool(workers: int):
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_warm_up)
    pool_run(pool, _spin, [10] * workers)  # every process started
    return pool


def median(values):
    import statistics

    return statistics.median(values)


def scaling(args, parts) -> None:
    """Section 4: 1 against 2 workers, alternated, with the machine's own ceiling."""
    megabytes = sum(p.stat().st_size for p in parts) / 1e6
    runs = {"cluster": {1: [], 2: []}, "pool": {1: [], 2: []}, "cpu": {1: [], 2: []}}
    spans = {1: [], 2: []}
    load = os.getloadavg()
    clusters = {w: _started_cluster(w) for w in (1, 2)}
    pools = {w: _pool(w) for w in (1, 2)}
    try:
        for w, (_cluster, client) in clusters.items():
            info = client.scheduler_info()["workers"].values()
            assert len(info) == w and all(i["nthreads"] == 1 for i in info)
            assert len(set(client.run(os.getpid).values())) == w  # processes, not threads
        spin = 2_000_000
        for _ in range(args.cluster_reps):
            for w in (1, 2):
                seconds, span, busy = cluster_scan(parts, *clusters[w])
                runs["cluster"][w].append(seconds)
                spans[w].append((span, busy))
                runs["pool"][w].append(pool_scan(parts, pools[w]))
                runs["cpu"][w].append(pool_run(pools[w], _spin, [spin] * len(parts)))
        peaks = list(clusters[2][1].run(high_water_kb).values())
    finally:
        for pool in pools.values():
            pool.terminate()
        for cluster, client in clusters.values():
            client.close()
            cluster.close()

    def ratio(kind):
        one, two = runs[kind][1], runs[kind][2]
        return (f"{min(one) / min(two):.2f}x min against min, "
                f"{median(one) / median(two):.2f}x median against median")

    def times(kind, w):
        return f"min {min(runs[kind][w]):.2f} s, median {median(runs[kind][w]):.2f} s"

    one, two = runs["cluster"][1], runs["cluster"][2]
    print(f"4. LocalCluster over {len(parts)} files ({megabytes:.0f} MB), {args.cluster_reps} "
          f"runs each, alternated (load average {load[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after: other work on the machine skews it):")
    print(f"   1 worker  {times('cluster', 1)} ({megabytes / min(one):.0f} MB/s at best)")
    print(f"   2 workers {times('cluster', 2)} ({megabytes / min(two):.0f} MB/s at best)")
    print(f"   -> {ratio('cluster')} (target >= 1.7x)")
    for w in (1, 2):
        span, busy = min(spans[w], key=lambda sb: sb[0])
        whose = "the worker's" if w == 1 else f"the {w} workers'"
        print(f"   {w} worker{'s' if w > 1 else ''}, fastest run: the tasks' span {span:.2f} s "
              f"of the wall time, {busy:.2f} s of task compute in all ({busy / w / span:.0%} "
              f"of {whose} time busy)")
    print(f"   the same files by a process pool, no Dask: 1 {times('pool', 1)}; "
          f"2 {times('pool', 2)} -> {ratio('pool')}")
    print(f"   pure CPU work (a Python loop), 1 against 2 processes: {ratio('cpu')}")
    balance = median([busy / 2 / span for span, busy in spans[2]])
    slower = median([busy for _, busy in spans[2]]) / median([busy for _, busy in spans[1]])
    cpu_slower = 2 * median(runs["cpu"][2]) / median(runs["cpu"][1])
    print(f"   the ratio is 2 x balance / slowdown (medians): the 2 workers busy {balance:.0%} of "
          f"the tasks' span (Dask's share: task size, scheduling), each task {slower:.2f}x as "
          f"long beside another as alone (the machine's share: the Python loop {cpu_slower:.2f}x)")
    print("   the 2 workers' peak memory (VmHWM): "
          + ", ".join(f"{kb / 1024:.0f} MB" for kb in peaks))


def profile_scan(paths, top: int = 15) -> None:
    """Section 5: cProfile of scan_file (warmed: imports and first calls done before), the
    top entries by own time."""
    import cProfile
    import pstats

    from archiver.warc.scan import scan_file

    _warm_up()
    out = Path(tempfile.mkdtemp(prefix="scan-bench-"))
    profiler = cProfile.Profile()
    try:
        scan_file(str(paths[-1]), str(out))  # every module imported
        profiler.enable()
        for path in paths[:-1]:
            scan_file(str(path), str(out))
        profiler.disable()
    finally:
        shutil.rmtree(out)
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    megabytes = sum(p.stat().st_size for p in paths[:-1]) / 1e6
    print(f"5. cProfile of scan_file on {len(paths) - 1} of the parts ({megabytes:.0f} MB; "
          f"{total:.2f} s under the profiler), top {top} by own time:")
    print(f"   {'own s':>6} {'share':>5} {'cum s':>6} {'calls':>9}  function")
    by_package: dict[str, float] = {}
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in rows:
        by_package[_package(filename)] = by_package.get(_package(filename), 0.0) + own
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in rows[:top]:
        print(f"   {own:6.2f} {own / total:5.0%} {cumulative:6.2f} {calls:9,}  "
              f"{_package(filename)}: {name} ({Path(filename).name}:{line})")
    print("   own time by where the code lives: " + ", ".join(
        f"{name} {seconds / total:.0%}" for name, seconds in
        sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)[:8]))


def _package(filename: str) -> str:
    """archiver/extract, archiver/warc…, a site-package's name, or the C built-ins."""
    if filename == "~":
        return "built-in (C)"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "archiver" in parts:
        at = len(parts) - 1 - parts[::-1].index("archiver")
        return "/".join(parts[at:at + 2]).removesuffix(".py")
    return "python"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the WARC (gzipped)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--parts", type=int, default=32,
                        help="files the WARC is cut into for the cluster (4.)")
    parser.add_argument("--cluster-reps", type=int, default=3,
                        help="runs of each cluster size, alternated (4.)")
    parser.add_argument("--only", choices=["scaling", "profile"],
                        help="only that section (on the parts)")
    args = parser.parse_args()
    missing = missing_extra()
    if missing:
        print(f"scan: skipped: bench/scan.py needs the scan extra ({', '.join(missing)} "
              "missing): pip install -e '.[scan]'")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"revision {revision()}, {os.cpu_count()} cores")
    if args.only:
        parts = generate(OUT / f"scan-{args.mb}mb-{args.parts}parts.warc.gz", args.mb,
                         parts=args.parts)
        scaling(args, parts) if args.only == "scaling" else profile_scan(parts[:9])
        return
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

    _warm_up()  # imports (the extractor, pyarrow) and first calls, as a worker has them
    scan_once(quarter_of(warc, args))
    seconds = min(scan_once(warc)[0] for _ in range(args.reps))
    _, counts = scan_once(warc)
    print(f"2. scan on one core: {seconds:.2f} s, {counts['records'] / seconds:,.0f} records/s, "
          f"{mb / seconds:.0f} MB/s; {counts['pages']:,} pages read, "
          f"{counts['pages_with_posts']:,} with posts, {counts['posts']:,} posts")
    print(f"   scan / bare FastWARC iteration: {seconds / fast:.2f}x (target <= 1.5x)")
    reading, _ = best(lambda: read_only(warc), args.reps)
    extracting, kinds = min((extract_only(warc) for _ in range(max(1, args.reps - 1))),
                            key=lambda found: found[0])
    print(f"   of which: reading and classifying every record, decoding every page "
          f"{reading:.2f} s ({reading / fast:.2f}x the bare iteration), the extractor on the "
          f"pages {extracting:.2f} s ({extracting / fast:.2f}x), the rest (rows, Parquet) "
          f"{max(0.0, seconds - reading - extracting):.2f} s")
    print("   the extractor by page: " + "; ".join(
        f"{kind} {n:,} pages, {spent:.2f} s ({spent / max(n, 1) * 1e3:.2f} ms a page)"
        for kind, (n, spent) in kinds.items()))
    holding = pages_with_posts(warc)
    parsing, parsed = best(lambda: lxml_parse_all(holding), args.reps)
    floor = reading + parsing
    print(f"   floor: lxml's parse alone of the {parsed:,} pages with posts takes {parsing:.2f} s "
          f"({parsing / fast:.2f}x the bare iteration); with the reading, {floor / fast:.2f}x: "
          "no scan that parses the pages holding posts with lxml gets below it")

    quarter = quarter_of(warc, args)
    small, large = peak_memory(quarter), peak_memory(warc)
    print(f"3. a worker's peak memory (VmHWM): {small / 1024:.0f} MB scanning "
          f"{quarter.stat().st_size / 1e6:.0f} MB, {large / 1024:.0f} MB scanning {mb:.0f} MB")

    parts = generate(OUT / f"scan-{args.mb}mb-{args.parts}parts.warc.gz", args.mb,
                     parts=args.parts)
    scaling(args, parts)
    profile_scan(parts[:9])


if __name__ == "__main__":
    main()
