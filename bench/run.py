"""Benchmark: the cron run over 1,000 articles, first run beside a second, unchanged one.

Run from the repository root:  .venv/bin/python bench/run.py [--articles N] [--latency S]

A sample server on loopback lists N generated articles in one RSS feed (each article
quotes one post by link; X's answers come from the same server) and answers with
--latency seconds of delay. `archiver run` archives them into a fresh archive, then runs
again straight away. Both runs' wall times and HTTP requests are printed; nothing is
asserted.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archiver.demo import X_ANSWERS, SampleServer  # noqa: E402
from archiver.job import run_job  # noqa: E402
from archiver.settings import load_settings  # noqa: E402
from archiver.sources import Source  # noqa: E402
from archiver.store import open_archive  # noqa: E402

TEMPLATE = json.loads((X_ANSWERS / "2023357708301455483.json").read_text(encoding="utf-8"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.005)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    pages, tweets = {}, {}
    for n in range(args.articles):
        post_id = str(1_950_000_000_000_000_000 + n)
        tweet = copy.deepcopy(TEMPLATE)
        tweet["id_str"] = post_id
        tweet["edit_control"]["edit_tweet_ids"] = [post_id]
        tweets[post_id] = json.dumps(tweet)
        pages[f"a{n}.html"] = (f"<html><head><title>Article {n}</title></head><body><p>Story "
                               f"{n} <a href='https://x.com/jarredsumner/status/{post_id}'>post"
                               f"</a></p></body></html>").encode()
    with SampleServer(latency=args.latency, pages=pages, tweets=tweets) as server:
        items = "".join(f"<item><link>{server.url}/news/a{n}.html</link></item>"
                        for n in range(args.articles))
        pages["feed.xml"] = f"<rss version='2.0'><channel>{items}</channel></rss>".encode()
        sources = [Source(f"{server.url}/news/feed.xml", "feed", max_articles=args.articles)]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "run.db"
            settings = load_settings(env={}, db_path=str(path), allow_private=True,
                                     host_delay=0.0, host_concurrency=args.workers,
                                     workers=args.workers, syndication_url=f"{server.url}/x",
                                     oembed_url=f"{server.url}/x")
            db = open_archive(path)
            print(f"bench/run.py: {args.articles} articles in one feed, each quoting one post; "
                  f"{args.latency * 1000:.0f} ms latency; {args.workers} workers and requests "
                  "at once per host")
            for label in ("first run", "second run (nothing changed)"):
                before = len(server.requests)
                started = time.perf_counter()
                result = run_job(db, path, settings, sources)
                wall = time.perf_counter() - started
                print(f"  {label:30} {wall:7.2f} s  {len(server.requests) - before:6} requests"
                      f"  ({result.summary()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
