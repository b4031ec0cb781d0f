"""Benchmark: verifying 100,000 embeds against their posts, and checking integrity.

Run from the repository root:  .venv/bin/python bench/verify.py [--embeds N] [--gigabytes G]

1. Verification. A generated archive (bench/out/verify-N.db, reused while its settings
   match) holds N embeds over N/10 articles, each quoting its own post, with one X
   version per post: 60% of quotes verbatim, 20% cut with an ellipsis, 10% altered,
   5% shown under another handle, 5% with a wrong date; texts in English, Arabic and
   Turkish; every row chained, as the store chains it (verify checks each row it compares
   against the chain). What a rendering changes is in it too: a seventh of the posts carry a link
   (X's text has the t.co, the quote X's display_url), a fifth keep a line break the
   article lost, a quarter a photo (the quote shows its pic.x.com link). It times, in
   one process (one core):
   - reading the rows verification needs (store.embeds_to_verify, x_versions, post_states);
   - archiver.verification.verify_archive without recording (reading + judging);
   - the same, recording the verifications rows.
   Target: >= 20,000 embeds/s.

2. Integrity. A generated archive of G GB of evidence bytes (article bodies of 256 KB,
   chained as the store chains them) is checked with archiver.integrity.check_integrity
   over store.iter_chain/iter_evidence_tables, beside `sha256sum` over a file of the same bytes.
   Target: >= 80% of sha256sum's throughput.

No wall time is asserted; figures are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.integrity import GENESIS, check_integrity, next_chain, row_sha256  # noqa: E402
from archiver.store import (_chain_rows_after, embeds_to_verify, iter_chain,  # noqa: E402
                            iter_evidence,
                            iter_evidence_tables, open_archive, post_states, x_versions)
from archiver.textnorm import fold_for_search  # noqa: E402
from archiver.verification import verify_archive  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
EPOCH = 1288834974657
TEXTS = [
    ("en", "The ministry confirmed that talks on security coordination will continue next "
           "week in Ankara, with delegations from both countries and their intelligence chiefs."),
    ("ar", "وزير الخارجية والمغتربين على رأس وفد رفيع المستوى يلتقي في العاصمة أنقرة وزير "
           "الخارجية التركي ووزير الدفاع ورئيس الاستخبارات العامة لبحث التنسيق الأمني"),
    ("tr", "Suriye halkının özgürlüğe kavuşmasının ardından Suriye ile her alanda ve düzeyde "
           "kapsamlı temasları sürdürüyoruz ve iş birliğimizi güçlendiriyoruz."),
]


def build_verify_archive(path: Path, embeds: int) -> None:
    rng = random.Random(5)
    db = open_archive(path)
    conn = db.conn
    now = "2026-11-24T00:00:00Z"
    articles = embeds // 10
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (id, url, outlet, first_seen_at, last_checked_at) VALUES (?,?,?,?,?)",
        [(a, f"https://news.example/{a}", "news.example", now, now) for a in range(1, articles + 1)])
    conn.executemany(
        "INSERT INTO article_fetches (id, article_id, fetched_at, requested_url, status, body,"
        " body_bytes, body_sha256) VALUES (?,?,?,?,?,?,?,?)",
        [(a, a, now, f"https://news.example/{a}", 200, b"<html></html>", 13, "x")
         for a in range(1, articles + 1)])
    posts, versions, rows = [], [], []
    for n in range(embeds):
        ms = EPOCH + 10**12 + n * 600_000
        post_id = str(((ms - EPOCH) << 22) | n % 4096)
        day = time.strftime("%Y-%m-%d", time.gmtime(ms / 1000))
        lang, text = TEXTS[n % 3]
        urls, media = [], "[]"
        if n % 7 == 0:  # a link: X's text has the t.co, the quote its display_url
            tco = f"https://t.co/L{n:09d}"
            urls = [[tco, f"https://example.org/story/{n}", f"example.org/story/{n}"]]
            text = f"{text} {tco}"
        if n % 5 == 0:  # X's copy keeps a line break the article lost
            text = text.replace(" ", "\n\n", 1)
        if n % 4 == 0:  # a photo
            media = json.dumps([f"pic.x.com/P{n:08d}"])
        handle = f"user{n % 5000}"
        posts.append((post_id, 1, "available", handle, f"User {n % 5000}", day, now, now, n + 1,
                      f"9{n % 5000}"))
        versions.append((n + 1, post_id, "syndication", now, handle, f"User {n % 5000}",
                         f"9{n % 5000}", day + "T12:00:00.000Z", text, lang, media,
                         json.dumps(urls),
                         json.dumps([post_id]), 0, hashlib.sha256(text.encode()).hexdigest(),
                         fold_for_search(text)))
        roll = rng.random()
        quoted, shown_handle, shown_date = text, handle, time.strftime("%B %-d, %Y",
                                                                      time.gmtime(ms / 1000))
        quoted = quoted.replace("\n\n", "")  # the article lost X's line break
        if urls:
            quoted = quoted.replace(urls[0][0], urls[0][2])
        if media != "[]":
            quoted += " " + json.loads(media)[0]
        if roll < 0.2:
            quoted = text[: rng.randrange(40, len(text) - 10)] + "…"
        elif roll < 0.3:
            words = text.split()
            words[rng.randrange(len(words))] = "ABCDEF"
            quoted = " ".join(words)
        elif roll < 0.35:
            shown_handle = "someone_else"
        elif roll < 0.4:
            shown_date = "January 1, 2019"
        rows.append((n + 1, n // 10 + 1, n // 10 + 1, post_id, n + 1, "embed", "blockquote",
                     json.dumps([n % 10]), shown_handle, f"User {n % 5000}", shown_date, day,
                     quoted, lang, "[]"))
    conn.executemany(
        "INSERT INTO authors (id, handle, name, first_seen_at, last_seen_at) VALUES (?,?,?,?,?)",
        [(f"9{u}", f"user{u}", f"User {u}", now, now) for u in range(5000)])
    conn.executemany(
        "INSERT INTO author_handles (author_id, handle, name, first_seen_at, last_seen_at)"
        " VALUES (?,?,?,?,?)", [(f"9{u}", f"user{u}", f"User {u}", now, now) for u in range(5000)])
    conn.executemany(
        "INSERT INTO posts (id, has_x_id, status, handle, author_name, date, first_seen_at,"
        " last_seen_at, latest_version_id, author_id) VALUES (?,?,?,?,?,?,?,?,?,?)", posts)
    conn.executemany(
        "INSERT INTO post_versions (id, post_id, source, fetched_at, handle, author_name,"
        " author_id, created_at, text, lang, media, urls, edit_ids, source_truncated,"
        " content_sha256, text_search) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", versions)
    conn.executemany(
        "INSERT INTO embeds (id, article_id, fetch_id, post_id, post_version_id, kind, form,"
        " positions, handle, author_name, shown_date, date, quoted_text, lang, media)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    # chained as the store chains what it writes: verify checks each row it compares
    for table in ("article_fetches", "post_versions", "embeds"):
        _chain_rows_after(db, table, 0)
    conn.execute("COMMIT")
    conn.close()


def bench_verify(embeds: int) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"verify-{embeds}.db"
    marker = OUT / f"verify-{embeds}.json"
    schema = sorted(p.name for p in (Path(__file__).resolve().parent.parent / "db" /
                                    "migrations").glob("*.sql")) + ["generator 3"]
    if not path.exists() or not marker.exists() or json.loads(marker.read_text()) != schema:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        build_verify_archive(path, embeds)
        marker.write_text(json.dumps(schema))
        print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    work = OUT / "verify-work.db"
    shutil.copy(path, work)
    db = open_archive(work)

    def read_only():
        rows = embeds_to_verify(db)
        ids = [r["post_id"] for r in rows]
        return len(rows), x_versions(db, ids), post_states(db, ids)

    timings = {}
    for label, fn in [
        ("read the rows only", read_only),
        ("verify (read + judge), not recorded",
         lambda: verify_archive(db, checked_at="2026-11-24T00:00:00Z", record=False)),
        ("verify and record verifications rows",
         lambda: verify_archive(db, checked_at="2026-11-24T00:00:00Z")),
    ]:
        started = time.perf_counter()
        result = fn()
        timings[label] = time.perf_counter() - started
        if isinstance(result, list):
            verdicts = {}
            for r in result:
                verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
    print(f"verification of {embeds:,} embeds (one process):")
    for label, seconds in timings.items():
        print(f"  {label:40} {seconds:6.2f} s  {embeds / seconds:9,.0f} embeds/s")
    judged = timings["verify (read + judge), not recorded"]
    print("  verdicts: " + ", ".join(f"{n:,} {v}" for v, n in sorted(verdicts.items())))
    print(f"  headline: {embeds / judged:,.0f} embeds/s verified (target >= 20,000/s); "
          f"reading alone {embeds / timings['read the rows only']:,.0f}/s")
    db.conn.close()
    work.unlink(missing_ok=True)


def build_integrity_archive(path: Path, blob_file: Path, gigabytes: float) -> None:
    size = 256 * 1024
    count = int(gigabytes * 1e9 / size)
    db = open_archive(path)
    conn = db.conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO articles (id, url, first_seen_at, last_checked_at)"
                 " VALUES (1, 'https://news.example/big', 'now', 'now')")
    previous = GENESIS
    seed = os.urandom(size)
    with open(blob_file, "wb") as out:
        for n in range(1, count + 1):
            body = n.to_bytes(8, "big") + seed[8:]
            out.write(body)
            row = {"id": n, "article_id": 1, "fetched_at": "2026-11-24T00:00:00Z",
                   "requested_url": "https://news.example/big", "final_url": None,
                   "status": 200, "content_type": "text/html", "encoding": None, "etag": None,
                   "last_modified": None, "headers": None, "body": body, "body_bytes": size,
                   "body_sha256": hashlib.sha256(body).hexdigest(), "embeds_found": 0,
                   "error": None, "detail": None}
            conn.execute(f"INSERT INTO article_fetches ({', '.join(row)}) VALUES"
                         f" ({', '.join('?' * len(row))})", list(row.values()))
            row_hash = row_sha256("article_fetches", row)
            previous = next_chain(previous, row_hash)
            conn.execute("INSERT INTO evidence_chain (seq, table_name, row_key, row_sha256,"
                         " chain_sha256, added_at) VALUES (?,?,?,?,?,?)",
                         (n, "article_fetches", str(n), row_hash, previous, "now"))
    conn.execute("COMMIT")
    conn.close()


def bench_integrity(gigabytes: float) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"integrity-{gigabytes:g}gb.db"
    blob_file = OUT / f"integrity-{gigabytes:g}gb.bin"
    if not path.exists() or not blob_file.exists():
        for stale in (path, blob_file):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        build_integrity_archive(path, blob_file, gigabytes)
        print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    db = open_archive(path)
    # Both read warm: one untimed pass over each first, so neither pays for the disk.
    subprocess.run(["cat", str(blob_file)], stdout=subprocess.DEVNULL, check=True)
    sum(len(r[2]["body"] or b"") for r in iter_evidence(db))
    started = time.perf_counter()
    subprocess.run(["sha256sum", str(blob_file)], stdout=subprocess.DEVNULL, check=True)
    t_sum = time.perf_counter() - started
    started = time.perf_counter()
    report = check_integrity(iter_chain(db), iter_evidence_tables(db))
    t_check = time.perf_counter() - started
    mb = report.bytes / 1e6
    print(f"integrity over {mb:,.0f} MB of evidence ({report.rows:,} rows; "
          f"{'intact' if report.ok else str(len(report.problems)) + ' problems'}):")
    print(f"  sha256sum on the same bytes   {t_sum:6.2f} s  {mb / t_sum:7.0f} MB/s")
    print(f"  verify --integrity            {t_check:6.2f} s  {mb / t_check:7.0f} MB/s")
    print(f"  headline: {t_sum / t_check:.0%} of sha256sum's throughput (target >= 80%)")
    db.conn.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeds", type=int, default=100_000)
    parser.add_argument("--gigabytes", type=float, default=1.0)
    args = parser.parse_args(argv)
    bench_verify(args.embeds)
    bench_integrity(args.gigabytes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
