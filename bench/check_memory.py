"""Benchmark: the peak memory of `archiver check` on an archive of many small rows.

Run from the repository root:  .venv/bin/python bench/check_memory.py [--posts N]

A generated archive (bench/out/check-N.db, reused while it exists) holds N posts, each
with one answer from X (post_checks, a 300-byte body), one version (post_versions) and
one embed in one of N/10 articles (one fetch each): 3.1 N evidence rows, every one
chained as the store chains it, the posts' derived columns consistent. `archiver check`
runs on it in a child process, whose peak resident memory (ru_maxrss) and time are
printed. No figure is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.integrity import GENESIS, next_chain, row_sha256  # noqa: E402
from archiver.store import open_archive, sha256_hex  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
NOW = "2026-11-30T00:00:00Z"


def build(path: Path, posts: int) -> None:
    open_archive(path).conn.close()  # the schema
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    previous, seq = GENESIS, 0
    chain: list[tuple] = []

    def insert(table: str, row: dict) -> None:
        nonlocal previous, seq
        conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", list(row.values()))
        cursor = conn.execute(f"SELECT * FROM {table} WHERE rowid = last_insert_rowid()")
        full = dict(zip([d[0] for d in cursor.description], cursor.fetchone()))
        row_hash = row_sha256(table, full)
        previous = next_chain(previous, row_hash)
        seq += 1
        chain.append((seq, table, str(full["id"]), row_hash, previous, NOW))
        if len(chain) >= 50_000:
            flush()

    def flush() -> None:
        conn.executemany("INSERT INTO evidence_chain (seq, table_name, row_key, row_sha256,"
                         " chain_sha256, added_at) VALUES (?,?,?,?,?,?)", chain)
        chain.clear()

    articles = max(1, posts // 10)
    for a in range(1, articles + 1):
        url = f"https://news.example/{a}"
        conn.execute("INSERT INTO articles (id, url, first_seen_at, last_checked_at) VALUES "
                     "(?,?,?,?)", [a, url, NOW, NOW])
        body = f"<html>article {a}</html>".encode()
        insert("article_fetches", {"id": a, "article_id": a, "fetched_at": NOW,
                                   "requested_url": url, "status": 200, "body": body,
                                   "body_bytes": len(body), "body_sha256": sha256_hex(body),
                                   "embeds_found": 10})
    for n in range(1, posts + 1):
        post_id = str(1_600_000_000_000_000_000 + n)
        text = f"post number {n} says something worth quoting in the news"
        body = json.dumps({"id_str": post_id, "text": text, "pad": "x" * 200}).encode()
        conn.execute("INSERT INTO posts (id, has_x_id, handle, status, first_seen_at,"
                     " last_seen_at, latest_version_id) VALUES (?,1,?,'unchecked',?,?,?)",
                     [post_id, f"user{n % 5000}", NOW, NOW, n])
        insert("post_checks", {"id": n, "post_id": post_id, "source": "syndication",
                               "checked_at": NOW, "url": f"https://x.example/{post_id}",
                               "status": 200, "outcome": "ok", "body": body,
                               "body_sha256": sha256_hex(body)})
        insert("post_versions", {"id": n, "post_id": post_id, "source": "syndication",
                                 "fetched_at": NOW, "text": text, "raw": body,
                                 "raw_sha256": sha256_hex(body),
                                 "content_sha256": sha256_hex(text), "check_id": n,
                                 "text_search": text, "third_party": 0})
        a = (n - 1) // 10 + 1
        insert("embeds", {"id": n, "article_id": a, "fetch_id": a, "post_id": post_id,
                          "post_version_id": n, "kind": "embed", "form": "blockquote",
                          "positions": "[0]", "quoted_text": text, "raw_html": text,
                          "raw_sha256": sha256_hex(text), "quoted_text_search": text,
                          "rendered": 0})
    flush()
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    path = OUT / f"check-{args.posts}.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.posts)
        print(f"built {path.name} ({path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - started:.0f} s")
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM evidence_chain").fetchone()[0]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "archiver.cli", "check", "--db", str(path)],
                          capture_output=True, text=True, env={**os.environ})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB -> MB
    print(done.stdout.strip().splitlines()[0] if done.stdout else done.stderr.strip())
    print(f"archiver check over {args.posts:,} posts ({rows:,} chained rows, "
          f"{path.stat().st_size / 1e6:,.0f} MB): peak RSS {peak:,.0f} MB, {seconds:.1f} s, "
          f"exit {done.returncode}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
