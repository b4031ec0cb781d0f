"""Benchmark: the whole archive job against slow local hosts, beside its ideal time.

Run from the repository root:  .venv/bin/python bench/archive.py [--articles N]

Twelve servers on loopback addresses play the web: ten news sites (127.0.0.1-10, the
articles spread evenly), X's endpoints (127.0.0.11) and X's image host (127.0.0.12).
Every response is delayed by --latency seconds (default 0.05). Each article embeds
--posts posts (default 3), each post shows one photo (1200x675 JPEG drawn with Pillow).
The archiver runs with per-host limits (--host-concurrency, --host-delay) and
--workers threads, into a fresh archive.

The ideal wall time for those limits is the busiest host's: with n requests, c at once,
starts at least d apart and latency L, a host needs max(n * d, ceil(n / c) * L); a job
cannot finish before its slowest host does. (Each article's chain, page -> post ->
image, adds at least 3 L on top, which is also printed.) No wall time is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from archiver.demo import X_ANSWERS, SampleServer  # noqa: E402
from archiver.http import Http  # noqa: E402
from archiver.pipeline import Archiver, archive_sources  # noqa: E402
from archiver.resolve import Resolver  # noqa: E402
from archiver.store import counts, open_archive  # noqa: E402

TEMPLATE = json.loads((X_ANSWERS / "1641086480675225601.json").read_text(encoding="utf-8"))
FIRST_ID = 1_900_000_000_000_000_000


def tweet(post_id: int) -> str:
    data = copy.deepcopy(TEMPLATE)
    data["id_str"] = str(post_id)
    key = f"BenchPhoto{post_id}"
    for media in data["mediaDetails"]:
        media["media_url_https"] = f"https://pbs.twimg.com/media/{key}.jpg"
    data["photos"][0]["url"] = f"https://pbs.twimg.com/media/{key}.jpg"
    data["edit_control"]["edit_tweet_ids"] = [str(post_id)]
    return json.dumps(data)


def photo(post_id: int) -> bytes:
    """A distinct 1200x675 JPEG per post: smooth colour fields with noise (~1 ms)."""
    rng = np.random.default_rng(post_id % 2**32)
    corners = rng.integers(0, 256, (2, 2, 3)).astype(np.float32)
    x = np.linspace(0, 1, 1200, dtype=np.float32)[None, :, None]
    y = np.linspace(0, 1, 675, dtype=np.float32)[:, None, None]
    field = (corners[0, 0] * (1 - x) * (1 - y) + corners[0, 1] * x * (1 - y)
             + corners[1, 0] * (1 - x) * y + corners[1, 1] * x * y)
    noisy = field + rng.normal(0, 10, (675, 1200, 3)).astype(np.float32)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype("uint8"), "RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def article(index: int, post_ids: list[int]) -> bytes:
    quotes = "".join(
        f'<p>Paragraph before post {n}.</p><blockquote class="twitter-tweet"><p lang="en" '
        f'dir="ltr">Bench post {pid}</p>&mdash; sammy (@SamuelSusla) <a href="https://twitter'
        f'.com/SamuelSusla/status/{pid}">March 29, 2023</a></blockquote>'
        for n, pid in enumerate(post_ids)
    )
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Article {index}</title>"
            f"</head><body><article>{quotes}</article></body></html>").encode()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--posts", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--host-concurrency", type=int, default=4)
    parser.add_argument("--host-delay", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args(argv)

    post_ids = [FIRST_ID + n for n in range(args.articles * args.posts)]
    pages_by_host: list[dict[str, bytes]] = [{} for _ in range(args.hosts)]
    urls: list[str] = []
    for index in range(args.articles):
        mine = post_ids[index * args.posts:(index + 1) * args.posts]
        pages_by_host[index % args.hosts][f"a{index}.html"] = article(index, mine)
    # Drawn ahead (untimed): the servers share this process, and drawing 600 images
    # while the client runs would compete with it for the interpreter.
    photos = {f"BenchPhoto{p}": photo(p) for p in post_ids}
    images = SampleServer("127.0.0.12", latency=args.latency, images=photos)
    x = SampleServer("127.0.0.11", latency=args.latency,
                     tweets={str(p): tweet(p) for p in post_ids}, media_url=images.url)
    sites = [SampleServer(f"127.0.0.{n + 1}", latency=args.latency, pages=pages_by_host[n])
             for n in range(args.hosts)]
    for index in range(args.articles):
        urls.append(f"{sites[index % args.hosts].url}/news/a{index}.html")

    with contextlib.ExitStack() as stack:
        for server in (images, x, *sites):
            stack.enter_context(server)
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        db = open_archive(Path(tmp) / "bench.db")
        http = Http(allow_private=True, host_delay=args.host_delay,
                    host_concurrency=args.host_concurrency, retries=0)
        resolver = Resolver(http, syndication_url=f"{x.url}/x", oembed_url=f"{x.url}/x")
        archiver = Archiver(db, http, resolver)
        started, cpu_started = time.perf_counter(), time.process_time()
        reports = list(archive_sources(archiver, urls, workers=args.workers))
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        totals = counts(db)
        media = db.execute("SELECT count(*) FROM media").fetchone()[0]
        failures = sum(len(r.failures) for r in reports)
        requests = Counter()
        for server in (images, x, *sites):
            requests[urlsplit(server.url).hostname] = len(server.requests)

    def host_time(n: int) -> float:
        return max(n * args.host_delay, math.ceil(n / args.host_concurrency) * args.latency)

    ideal = max(host_time(n) for n in requests.values())
    busiest = max(requests, key=requests.get)
    print(f"bench/archive.py: {args.articles} articles x {args.posts} posts x 1 image, "
          f"{args.hosts} news hosts + X + image host on loopback, {args.latency * 1000:.0f} ms "
          f"latency per response")
    print(f"  limits: {args.host_concurrency} requests at once per host, "
          f"{args.host_delay:g} s between starts; {args.workers} worker threads")
    print(f"  requests: {sum(requests.values())} in all; busiest host {busiest} with "
          f"{requests[busiest]}; per news host {requests['127.0.0.1']}")
    print(f"  stored: {totals['articles']} articles, {totals['posts']} posts, "
          f"{totals['post_versions']} versions, {media} images; {failures} failures")
    print(f"  ideal (busiest host at its limits): {ideal:.2f} s   "
          f"(+ one article's page->post->image chain, {3 * args.latency:.2f} s)")
    print(f"  measured wall time: {wall:.2f} s   ratio {wall / ideal:.2f} (target <= 1.5)")
    print(f"  CPU time of this process (client and the twelve servers): {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
