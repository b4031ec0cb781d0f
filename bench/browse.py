"""Benchmark: Datasette over an archive of 1,000,000 posts, as `archiver serve` runs it.

Run from the repository root:  .venv/bin/python bench/browse.py [--posts N] [--requests R]

Reuses (or builds) bench/lookup.py's generated archive, opens it with the project's
metadata and plugin through Datasette's own client (no socket: the figures are the
application's, not the network's), and times R requests each of:

- the posts page (post_overview) with its facets by handle, date and status;
- the canned search (normfts over the folded index) for common and rare words;
- the table's own search box (_search on post_overview).

Prints medians and p95; the target is a median under 500 ms for the faceted page and
the search. No wall time is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import lookup  # noqa: E402  (bench/lookup.py: the generated archive)

from archiver.serve import datasette_app  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args(argv)
    path, _how = lookup.ensure_archive(args.posts, lookup.SEED, False)
    name = Path(path).stem
    ds = datasette_app(path, immutable=True)
    rng = random.Random(7)
    words = ["council", "transit", "istanbul", "القاهرة", "résultats", "Madrid"]

    async def timed(url: str) -> tuple[float, int]:
        started = time.perf_counter()
        response = await ds.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
        return elapsed, len(response.json().get("rows", []))

    async def run() -> None:
        await timed(f"/{name}/post_overview.json?_size=1")  # warm the connection
        cases = {
            # The posts page as a reader opens it: its facets (handle, date, status) come
            # from the metadata; adding them again as _facet would compute each twice.
            "posts page, facets handle+date+status": [
                f"/{name}/post_overview.json" for _ in range(args.requests)],
            "canned search (normfts)": [
                f"/{name}/search.json?q={quote(rng.choice(words))}" for _ in range(args.requests)],
            "table search box (_search)": [
                f"/{name}/post_overview.json?_search={quote(rng.choice(words))}"
                for _ in range(args.requests)],
        }
        print(f"bench/browse.py: Datasette {__import__('datasette').__version__} over "
              f"{args.posts:,} posts ({path.name}), {args.requests} requests each, in-process")
        for label, urls in cases.items():
            times, counts = [], []
            for url in urls:
                elapsed, count = await timed(url)
                times.append(elapsed)
                counts.append(count)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"  {label:45} median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms"
                  f" (target median < 500 ms) rows/page {statistics.median(counts):.0f}")

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
