"""Benchmark: browsing an archive of 1,000,000 posts, as `archiver serve` runs it.

Run from the repository root:  .venv/bin/python bench/browse.py [--posts N] [--requests R]
                                                               [--articles A] [--rebuild]

Reuses (or builds) bench/lookup.py's generated archive of N posts, and on a copy of it
(bench/out/browse-<N>.db, reused while its sidecar matches) adds what a year of news
quoting them leaves (about three minutes to build):

- A articles (default 100,000, from 500 outlets), one stored copy each (a 1 KB body);
- 1 to 8 embeds per article (about 450,000), quoting posts drawn with a skew (a few posts
  are quoted hundreds of times, most once or never), each with its markup and hash;
- X's answer for every quoted post (syndication, a 500-byte body) and, for the 99% still
  served, a version from it (the post's text, the raw answer, hashes) that the post now
  points at; 1% answered with a tombstone (deleted), with their status events;
- a verdict on every embed: 2% misquotes (a changed word, with its diff), 1% author and
  date mismatches among them, the rest match or truncated;
- 20,000 images (small stored bytes) shown by quoted posts.

Then it opens the archive with the project's metadata and plugins through Datasette's own
client (no socket: the figures are the application's, not the network's) and times R
requests each of:

- the pages made for a fact-checker: an article page, a post page and the misquotes list
  (target: median under 300 ms each), with the home page, the articles and posts lists,
  the most-quoted post's page and a misquotes page deep in the list beside them;
- Datasette's own posts view (post_overview) with its facets by handle, date and status;
- the canned search (normfts over the folded index) and the table's own search box, as
  JSON and as its HTML page (target: median under 300 ms; its facets are counted in one
  pass, archiver.browse.facets, from an index holding them, schema 0018).

Prints medians and p95. No wall time is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import lookup  # noqa: E402  (bench/lookup.py: the generated archive)

from archiver.serve import datasette_app  # noqa: E402
from archiver.textnorm import search_text  # noqa: E402

OUT = lookup.OUT
GENERATOR_VERSION = 1  # bump when the generated browsing layer changes
SEED = 20261130
OUTLETS = 500
MISQUOTE_RATE = 0.02
DELETED_RATE = 0.01
IMAGES = 20_000
TARGET_MS = 300.0
_WORDS = ("minister", "council", "harbour", "وزارة", "الخارجية", "Dışişleri", "toplantı",
          "announced", "today", "Ankara", "Istanbul", "القاهرة", "police", "storm")


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


def _stamp(day: int, second: int) -> str:
    """A UTC time in 2025, `day` 0-364."""
    base = time.gmtime(1735689600 + day * 86400 + second)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", base)


def build_layer(path: Path, n_articles: int, seed: int) -> None:
    """Add articles, embeds, X's answers and versions, verdicts and images to `path`."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-524288")
    posts = conn.execute("SELECT p.id, p.handle, p.author_name, p.created_at, v.text"
                         " FROM posts p JOIN post_versions v ON v.id = p.latest_version_id"
                         ).fetchall()
    rng.shuffle(posts)
    version_id = conn.execute("SELECT max(id) FROM post_versions").fetchone()[0]
    # Quoted posts, skewed: rank r is drawn with weight 1/(r+5).
    weights, total = [], 0.0
    for rank in range(len(posts)):
        total += 1.0 / (rank + 5)
        weights.append(total)
    conn.execute("BEGIN")
    embed_id = check_id = verification_id = fetch_id = 0
    answered: dict[str, tuple[int | None, str]] = {}  # post id -> (version id, status)
    for article_id in range(1, n_articles + 1):
        outlet = f"Outlet {article_id % OUTLETS}"
        day = rng.randrange(365)
        fetched = _stamp(day, rng.randrange(86400))
        url = f"https://news{article_id % OUTLETS}.example/{day}/{article_id}.html"
        body = (f"<html><head><title>Story {article_id}</title></head><body>"
                + "x" * 900 + "</body></html>").encode()
        fetch_id += 1
        count = rng.randint(1, 8)
        conn.execute("INSERT INTO articles (id, url, title, outlet, lang, published, first_seen_at,"
                     " last_checked_at) VALUES (?, ?, ?, ?, 'en', ?, ?, ?)",
                     (article_id, url, f"Story {article_id}: {rng.choice(_WORDS)}", outlet,
                      fetched, fetched, fetched))
        conn.execute("INSERT INTO article_fetches (id, article_id, fetched_at, requested_url,"
                     " final_url, status, content_type, encoding, body, body_bytes, body_sha256,"
                     " embeds_found) VALUES (?, ?, ?, ?, ?, 200, 'text/html', 'utf-8', ?, ?, ?, ?)",
                     (fetch_id, article_id, fetched, url, url, body, len(body), _sha(body), count))
        for position in range(count):
            post_id, handle, name, created, text = posts[
                rng.choices(range(len(posts)), cum_weights=weights)[0]]
            if post_id not in answered:
                version_id, answered[post_id] = _answer(conn, rng, post_id, handle, name,
                                                        created, text, fetched, version_id,
                                                        check_id + 1)
                check_id += 1
            x_version, status = answered[post_id]
            quoted, verdict, diff, details = _quote(rng, text, status)
            if verdict == "author_mismatch":
                shown_handle = handle + "_news"
                details = {verdict: f"shown as @{shown_handle}, the post is by @{handle}"}
            else:
                shown_handle = handle
            raw = (f'<blockquote class="twitter-tweet"><p>{quoted}</p>&mdash; {name} (@{shown_handle})'
                   f' <a href="https://twitter.com/{handle}/status/{post_id}">{created[:10]}</a>'
                   "</blockquote>")
            embed_id += 1
            conn.execute(
                "INSERT INTO embeds (id, article_id, fetch_id, post_id, kind, form, positions,"
                " handle, author_name, shown_date, date, url, quoted_text, lang, media, raw_html,"
                " raw_sha256, quoted_text_search) VALUES (?, ?, ?, ?, 'embed', 'blockquote', ?,"
                " ?, ?, ?, ?, ?, ?, 'en', '[]', ?, ?, ?)",
                (embed_id, article_id, fetch_id, post_id, f"[{position}]", shown_handle, name,
                 created[:10], created[:10], f"https://x.com/{handle}/status/{post_id}", quoted,
                 raw, _sha(raw), search_text(quoted)))
            verification_id += 1
            findings = [verdict] + (["unavailable"] if status == "unavailable"
                                    and verdict != "unavailable" else [])
            conn.execute(
                "INSERT INTO verifications (id, embed_id, article_id, post_id, checked_at, verdict,"
                " findings, details, score, diff, post_version_id, newest_version_id,"
                " verifier_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2')",
                (verification_id, embed_id, article_id, post_id, fetched, verdict,
                 json.dumps(findings), json.dumps(details, ensure_ascii=False),
                 100.0 if not diff else 95.0, json.dumps(diff, ensure_ascii=False) if diff else None,
                 x_version, x_version))
        if article_id % 20_000 == 0:
            conn.execute("COMMIT")
            print(f"  ... {article_id:,} articles, {embed_id:,} embeds, {len(answered):,} posts"
                  " answered", flush=True)
            conn.execute("BEGIN")
    _images(conn, rng, [v for v, s in answered.values() if v])
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _answer(conn, rng, post_id, handle, name, created, text, when, version_id, check_id):
    """X's answer for a post: a version (and the post pointing at it), or a tombstone."""
    deleted = rng.random() < DELETED_RATE
    if deleted:
        body = b'{"__typename":"TweetTombstone","tombstone":{"text":{"text":"deleted"}}}'
    else:
        body = json.dumps({"__typename": "Tweet", "id_str": post_id, "text": text,
                           "user": {"screen_name": handle, "name": name},
                           "created_at": created}, ensure_ascii=False).encode()
    conn.execute("INSERT INTO post_checks (id, post_id, source, checked_at, url, status, outcome,"
                 " signal, body, body_sha256) VALUES (?, ?, 'syndication', ?, ?, 200, ?, ?, ?, ?)",
                 (check_id, post_id, when, f"https://cdn.syndication.twimg.com/tweet-result?id={post_id}",
                  "unavailable" if deleted else "ok", "tombstone" if deleted else None, body,
                  _sha(body)))
    status, reason = ("unavailable", "deleted") if deleted else ("available", None)
    conn.execute("INSERT INTO post_status_events (post_id, observed_at, status, reason,"
                 " previous_status) VALUES (?, ?, ?, ?, 'unchecked')", (post_id, when, status, reason))
    new_version = None
    if not deleted:
        version_id += 1
        new_version = version_id
        conn.execute(
            "INSERT INTO post_versions (id, post_id, source, fetched_at, handle, author_name, text,"
            " lang, media, raw, raw_sha256, content_sha256, text_search, check_id, created_at,"
            " text_sha256, urls, edit_ids) VALUES (?, ?, 'syndication', ?, ?, ?, ?, 'en', '[]', ?,"
            " ?, ?, ?, ?, ?, ?, '[]', ?)",
            (version_id, post_id, when, handle, name, text, body, _sha(body), _sha(text + handle),
             search_text(text), check_id, created, _sha(text), json.dumps([post_id])))
    conn.execute("UPDATE posts SET status = ?, unavailable_reason = ?, status_since = ?,"
                 " last_checked_at = ?, latest_version_id = coalesce(?, latest_version_id)"
                 " WHERE id = ?", (status, reason, when, when, new_version, post_id))
    return version_id, (new_version, status)


def _quote(rng, text: str, status: str):
    """(quoted text, verdict, diff, details) for one embed of a post."""
    roll = rng.random()
    words = text.split()
    if roll < MISQUOTE_RATE * 0.5 and len(words) > 2:
        i = rng.randrange(len(words))
        changed = words[i] + "s" if not words[i].endswith("s") else words[i][:-1]
        quoted = " ".join(words[:i] + [changed] + words[i + 1:])
        at = len(" ".join(words[:i])) + (1 if i else 0)
        return (quoted, "altered", [{"op": "replace", "at": at, "quote": changed, "post": words[i]}],
                {"altered": "differs from the post beyond rendering (similarity 95.0, 1 change)"})
    if roll < MISQUOTE_RATE * 0.75:
        return text, "author_mismatch", None, {}
    if roll < MISQUOTE_RATE:
        return text, "date_mismatch", None, {"date_mismatch": "shows another day"}
    if status == "unavailable":
        return text, "unavailable", None, {"unavailable": "X no longer serves it (deleted)"}
    if roll < 0.3 and len(words) > 4:
        return " ".join(words[:4]) + "…", "truncated", None, {"truncated": "a faithful prefix"}
    return text, "match", None, {"match": "the quote is the post's text"}


def _images(conn, rng, version_ids: list[int]) -> None:
    for n in range(min(IMAGES, len(version_ids))):
        content = rng.randbytes(2048)
        sha = _sha(content)
        url = f"https://pbs.twimg.com/media/bench{n}.jpg"
        conn.execute("INSERT INTO media (sha256, content, mime, format, bytes, width, height, phash,"
                     " phash_quality, thumbnail, thumbnail_width, thumbnail_height, first_url,"
                     " first_seen_at) VALUES (?, ?, 'image/jpeg', 'JPEG', ?, 1200, 675, ?, 90, ?,"
                     " 400, 225, ?, '2025-06-01T00:00:00Z')",
                     (sha, content, len(content), sha[:16], content[:1024], url))
        conn.execute("INSERT INTO media_fetches (url, kind, fetched_at, status, claimed_type, sha256)"
                     " VALUES (?, 'image', '2025-06-01T00:00:00Z', 200, 'image/jpeg', ?)", (url, sha))
        conn.execute("INSERT INTO post_media (post_version_id, position, type, image_url)"
                     " VALUES (?, 0, 'photo', ?)", (rng.choice(version_ids), url))


def ensure_browse_archive(n_posts: int, n_articles: int, rebuild: bool) -> tuple[Path, str]:
    base, how = lookup.ensure_archive(n_posts, lookup.SEED, False)
    path, sidecar = OUT / f"browse-{n_posts}.db", OUT / f"browse-{n_posts}.json"
    base_meta = json.loads((OUT / f"lookup-{n_posts}.json").read_text(encoding="utf-8"))
    meta = {"generator_version": GENERATOR_VERSION, "articles": n_articles, "seed": SEED,
            "base": {k: v for k, v in base_meta.items() if k != "build_seconds"}}
    if not rebuild and path.exists() and sidecar.exists():
        saved = json.loads(sidecar.read_text(encoding="utf-8"))
        if {k: saved.get(k) for k in meta} == meta:
            return path, f"reused {path} ({how})"
    sidecar.unlink(missing_ok=True)
    started = time.perf_counter()
    tmp = path.with_name(path.name + ".building")
    print(f"Building {path}: {n_articles:,} articles over {n_posts:,} posts ...", flush=True)
    shutil.copyfile(base, tmp)
    build_layer(tmp, n_articles, SEED)
    os.replace(tmp, path)
    meta["build_seconds"] = round(time.perf_counter() - started, 1)
    sidecar.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path, f"built {path} in {meta['build_seconds']:.0f} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    path, how = ensure_browse_archive(args.posts, args.articles, args.rebuild)
    name = Path(path).stem
    ds = datasette_app(path, immutable=True)
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 500")]
    quoted = [r[0] for r in conn.execute(
        "SELECT post_id FROM embeds WHERE id IN (SELECT abs(random()) % (SELECT max(id) FROM"
        " embeds) + 1 FROM embeds LIMIT 500)")]
    [top] = conn.execute("SELECT post_id FROM embeds GROUP BY post_id ORDER BY count(*) DESC"
                         " LIMIT 1").fetchone()
    top_quotes = conn.execute("SELECT count(*) FROM embeds WHERE post_id = ?", [top]).fetchone()[0]
    misquotes = conn.execute("SELECT count(*) FROM misquotes").fetchone()[0]
    embeds = conn.execute("SELECT count(*) FROM embeds").fetchone()[0]
    conn.close()
    words = ["council", "transit", "istanbul", "القاهرة", "résultats", "Madrid"]
    deep = max(1, misquotes // 50 // 2)

    async def timed(url: str) -> float:
        started = time.perf_counter()
        response = await ds.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
        return elapsed

    async def run() -> None:
        await timed(f"/{name}/post_overview.json?_size=1")  # warm the connection
        n = args.requests
        cases = {
            "article page (1-8 posts)": [f"/article/{rng.choice(articles)}" for _ in range(n)],
            "post page": [f"/post/{rng.choice(quoted)}" for _ in range(n)],
            "misquotes list, first page": ["/misquotes"] * n,
            f"post page, the most quoted ({top_quotes} embeds)": [f"/post/{top}"] * n,
            f"misquotes list, page {deep}": [f"/misquotes?page={deep}"] * n,
            "home page": ["/"] * n,
            "articles list": ["/articles"] * n,
            "posts list": ["/posts"] * n,
            "search page": [f"/search?q={quote(rng.choice(words))}" for _ in range(n)],
            "Datasette posts view, facets handle+date+status": [f"/{name}/post_overview.json"] * n,
            "Datasette canned search (normfts)": [
                f"/{name}/search.json?q={quote(rng.choice(words))}" for _ in range(n)],
            "Datasette table search box (_search)": [
                f"/{name}/post_overview.json?_search={quote(rng.choice(words))}" for _ in range(n)],
            "Datasette table search box, its HTML page": [
                f"/{name}/post_overview?_search={quote(rng.choice(words))}" for _ in range(n)],
        }
        print(f"bench/browse.py: Datasette {__import__('datasette').__version__} over "
              f"{args.posts:,} posts, {args.articles:,} articles, {embeds:,} embeds, "
              f"{misquotes:,} misquotes ({how}); {n} requests each, in-process")
        for label, urls in cases.items():
            times = sorted([await timed(url) for url in urls])
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            target = f" (target median < {TARGET_MS:.0f} ms)" if label.startswith(
                ("article page (", "post page", "misquotes list, first",
                 "Datasette table search box")) and "most" not in label else ""
            print(f"  {label:50} median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms,"
                  f" range {times[0]:.0f}-{times[-1]:.0f} ms{target}")

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
