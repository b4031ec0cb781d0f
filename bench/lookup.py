"""Benchmark: archiver.store.find_posts() by handle and by date on a 1,000,000-post archive.

Run from the repository root:  .venv/bin/python bench/lookup.py  [--posts N] [--rebuild]

The archive is generated once into bench/out/ (git-ignored) and reused while its sidecar
bench/out/<name>.json matches the generator's parameters, the contents of
db/migrations/*.sql (comments aside) and textnorm.fold_for_search's output on the generator's words;
otherwise (or with --rebuild) it is built again, which takes about a minute:

* the schema comes from archiver.store.open_archive() (it applies db/migrations/*.sql);
* rows are then bulk-inserted with executemany, 100,000 posts per transaction:
  - posts: Snowflake ids as TEXT (creation time uniform over 2020-01-01..2024-12-31, so
    about 550 posts per day at 1M posts), has_x_id=1, status='unchecked', created_at and
    date derived from the id, first_seen_at/last_seen_at a little later;
  - handles: 50,000 distinct, mixed case, with a skewed (Zipf-Mandelbrot, 1/(rank+10))
    share of the posts; every handle has at least one post;
  - one post_versions row per post (source='embed', a short multilingual text,
    content_sha256 = SHA-256 hex of the text, text_search = textnorm.fold_for_search(text));
    posts.latest_version_id points at it (ids are computed, posts are inserted first
    because post_versions.post_id references posts and foreign keys are on). The FTS
    trigger of 0003_search.sql fills post_versions_fts as the versions go in.
  Rows are inserted in random time order (as an archive fills: articles quote posts of
  any date), so one day's posts are scattered over the file, as in real use. Every other
  table (embeds, articles, media, ...) stays empty, so find_posts' per-row subqueries
  on them cost only an index probe each. No ANALYZE is run: the archiver never runs it.

Then, on a fresh open_archive() connection, it times find_posts(db, handle=...) for 200
random existing handles (picked uniformly among the distinct handles, queried in varied
case: UPPER, lower, sWAPPED, @-prefixed) and find_posts(db, date=...) for 200 random days,
and prints median / p95 / max in ms against the target "median < 5 ms", the row counts,
the query plans (EXPLAIN QUERY PLAN of the exact SQL find_posts ran) and, to see where
the time goes, the same SQL timed without find_posts' row-to-dict conversion.
No wall time is asserted. Generation is deterministic (random.Random with fixed seeds).
"""

from __future__ import annotations

from _common import revision  # noqa: E402 - bench/ is on sys.path when run
import argparse
import hashlib
import json
import math
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import time
from datetime import date as Date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout even without the editable install

from archiver.store import MIGRATIONS_DIR, POST_COLUMNS, find_posts, open_archive  # noqa: E402
from archiver.textnorm import fold_for_search  # noqa: E402

OUT = ROOT / "bench" / "out"

GENERATOR_VERSION = 1  # bump when the generated data changes
SEED = 20240314
N_HANDLES = 50_000
FIRST_DAY = Date(2020, 1, 1)
LAST_DAY = Date(2024, 12, 31)
CHUNK = 100_000
TWEPOCH_MS = 1288834974657  # archiver.ids.TWEPOCH_MS
TARGET_MEDIAN_MS = 5.0

# --- data generation --------------------------------------------------------------------------

_SYLLABLES = ("al", "an", "ar", "ba", "be", "ca", "da", "de", "el", "en", "fa", "ga", "ha",
              "in", "jo", "ka", "ki", "la", "le", "li", "ma", "mi", "na", "ne", "no", "ol",
              "pa", "ra", "re", "ri", "sa", "se", "ta", "te", "to", "un", "va", "we", "ya", "zo")
_WORDS_SUFFIX = ("news", "Daily", "TV", "Live", "_official", "Desk", "HQ", "Report", "", "", "")
_FIRST = ("Alex", "Sam", "Maria", "Chen", "Fatima", "Jonas", "Aiko", "Lucas", "Emma", "Omar",
          "Olga", "Ayşe", "İbrahim", "José", "Zoë", "Søren", "Nguyễn", "محمد", "Анна", "Priya")
_LAST = ("Morgan", "Lee", "García", "Wei", "Khan", "Berg", "Tanaka", "Silva", "Dubois",
         "Haddad", "Petrova", "Yılmaz", "Öztürk", "Müller", "Kowalski", "Rossi", "علي", "Smith")
_TEXT_WORDS = (
    "Breaking the council voted tonight to approve new transit plan officials said more"
    " details soon thank you everyone who came out today proud of our team watch live"
    " Élection résultats ce soir à Paris İstanbul'da bugün büyük bir toplantı yapıldı"
    " Großartige Nachrichten für München الانتخابات في القاهرة اليوم مُهِمّة جداً"
    " погода в Москве сегодня hoy en Madrid celebramos el triunfo 東京 の ニュース"
    " #Election2024 #Breaking @cityhall 100% 2,500 people"
).split()
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _handles(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    handles: list[str] = []
    while len(handles) < n:
        name = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))
        roll = rng.random()
        if roll < 0.4:
            name = name.capitalize() + rng.choice(_WORDS_SUFFIX)
        elif roll < 0.6:
            name = name + "_" + "".join(rng.choices(_SYLLABLES, k=2)).capitalize()
        elif roll < 0.7:
            name = name.upper()
        if rng.random() < 0.35:
            name += str(rng.randint(1, 9999))
        name = name[:15]
        if name.lower() not in seen:  # handles are unique case-insensitively on X
            seen.add(name.lower())
            handles.append(name)
    return handles


def _texts(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(text, fold_for_search(text)) pairs: short multilingual post texts."""
    pool = []
    for _ in range(n):
        words = rng.choices(_TEXT_WORDS, k=rng.randint(5, 18))
        text = " ".join(words)
        pool.append((text, fold_for_search(text)))
    return pool


def _day_strings() -> list[str]:
    first = FIRST_DAY - timedelta(days=1)
    # up to a year past LAST_DAY: first/last_seen_at come after the post
    return [(first + timedelta(days=i)).isoformat() for i in range((LAST_DAY - first).days + 366)]


def generate_rows(n_posts: int, seed: int):
    """Yield (posts_rows, versions_rows) chunks of up to CHUNK posts."""
    rng = random.Random(seed)
    handles = _handles(rng, N_HANDLES)
    authors = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in handles]
    pool = _texts(rng, 5000)
    # Zipf-Mandelbrot weights over handle ranks; the first N_HANDLES posts give every
    # handle one post, the rest follow the weights.
    cum, total = [], 0.0
    for rank in range(N_HANDLES):
        total += 1.0 / (rank + 10)
        cum.append(total)
    epoch0 = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=timezone.utc)
    start_ms = int(epoch0.timestamp() * 1000)
    span_ms = ((LAST_DAY - FIRST_DAY).days + 1) * 86_400_000
    day0 = (FIRST_DAY - timedelta(days=1)).toordinal()
    days = _day_strings()
    epoch_day = Date(1970, 1, 1).toordinal()
    seen_ids: set[int] = set()
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

    def stamp(ms: int, millis: bool) -> str:
        day, rest = divmod(ms, 86_400_000)
        h, rest = divmod(rest, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, frac = divmod(rest, 1000)
        tail = f".{frac:03d}Z" if millis else "Z"
        return f"{days[day + epoch_day - day0]}T{h:02d}:{m:02d}:{s:02d}{tail}"

    next_id = 1
    for chunk_start in range(0, n_posts, CHUNK):
        count = min(CHUNK, n_posts - chunk_start)
        ranks = [i for i in range(chunk_start, min(chunk_start + count, N_HANDLES))]
        if len(ranks) < count:
            ranks += rng.choices(range(N_HANDLES), cum_weights=cum, k=count - len(ranks))
        posts, versions = [], []
        for rank in ranks:
            while True:
                ms = start_ms + rng.randrange(span_ms)
                sid = ((ms - TWEPOCH_MS) << 22) | rng.getrandbits(22)
                if sid not in seen_ids:
                    seen_ids.add(sid)
                    break
            post_id = str(sid)
            handle, author = handles[rank], authors[rank]
            created_at = stamp(ms, True)
            day = created_at[:10]
            # seen by the archive minutes to weeks after posting
            first_ms = ms + int(rng.expovariate(1 / 86_400_000))
            first_seen = stamp(first_ms, False)
            last_seen = stamp(first_ms + rng.randrange(60 * 86_400_000), False)
            base, base_folded = pool[rng.randrange(len(pool))]
            if rng.random() < 0.6:  # a t.co link: ASCII lower case, folds to itself
                link = "https://t.co/" + "".join(rng.choices(alphabet, k=10))
                text, folded = f"{base} {link}", f"{base_folded} {link}"
            else:
                text, folded = base, base_folded
            version_id = next_id
            next_id += 1
            shown = f"{_MONTHS[int(day[5:7]) - 1]} {int(day[8:10])}, {day[:4]}"
            posts.append((post_id, handle, author, created_at, day, first_seen, last_seen,
                          version_id))
            versions.append((version_id, post_id, first_seen, handle, author, shown, text,
                             hashlib.sha256(text.encode("utf-8")).hexdigest(), folded))
        yield posts, versions


POSTS_SQL = """INSERT INTO posts (id, has_x_id, handle, author_name, created_at, date, status,
    first_seen_at, last_seen_at, latest_version_id)
    VALUES (?, 1, ?, ?, ?, ?, 'unchecked', ?, ?, ?)"""
VERSIONS_SQL = """INSERT INTO post_versions (id, post_id, source, fetched_at, handle,
    author_name, shown_date, text, lang, media, content_sha256, text_search)
    VALUES (?, ?, 'embed', ?, ?, ?, ?, ?, NULL, '[]', ?, ?)"""


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build(path: Path, n_posts: int, seed: int) -> float:
    """Generate the archive at `path` (via a temporary file); return seconds taken."""
    started = time.perf_counter()
    tmp = path.with_name(path.name + ".building")
    _remove_db(tmp)
    db = open_archive(tmp)  # creates the schema: all migrations
    conn = db.conn
    conn.execute("PRAGMA cache_size=-524288")  # 512 MiB for the bulk load only
    conn.execute("PRAGMA synchronous=OFF")  # bench data: no need to survive a power cut
    done, checked = 0, False
    for posts, versions in generate_rows(n_posts, seed):
        if not checked:  # the shortcut used for text_search must equal the real thing
            for row in versions[:2000]:
                if fold_for_search(row[6]) != row[8]:
                    raise SystemExit(f"generator bug: text_search differs for {row[6]!r}")
            checked = True
        conn.execute("BEGIN")
        conn.executemany(POSTS_SQL, posts)
        conn.executemany(VERSIONS_SQL, versions)
        conn.execute("COMMIT")
        done += len(posts)
        print(f"  ... {done:,} posts ({time.perf_counter() - started:.0f} s)", flush=True)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _remove_db(path)
    os.replace(tmp, path)
    _remove_db(tmp)
    return time.perf_counter() - started


def _sql_fingerprint(sql: str) -> str:
    """A hash of a migration's SQL, ignoring -- comments and whitespace."""
    code = " ".join(re.sub(r"--[^\n]*", " ", sql).split())
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:16]


def _meta(n_posts: int, seed: int) -> dict:
    return {
        "generator_version": GENERATOR_VERSION,
        "posts": n_posts,
        "seed": seed,
        "handles": N_HANDLES,
        "first_day": FIRST_DAY.isoformat(),
        "last_day": LAST_DAY.isoformat(),
        # a changed migration or text folding means a stale archive: rebuild it
        "migrations": [
            f"{p.name} {_sql_fingerprint(p.read_text(encoding='utf-8'))}"
            for p in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
        ],
        "fold_for_search": hashlib.sha256(
            "\n".join(fold_for_search(w) for w in [*_TEXT_WORDS, *_FIRST]).encode("utf-8")
        ).hexdigest()[:16],
    }


def ensure_archive(n_posts: int, seed: int, rebuild: bool) -> tuple[Path, str]:
    """Return (path, how): reuse the archive if its sidecar matches, else build it."""
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"lookup-{n_posts}"
    path, sidecar = OUT / f"{name}.db", OUT / f"{name}.json"
    meta = _meta(n_posts, seed)
    if not rebuild and path.exists() and sidecar.exists():
        try:
            saved = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if {k: saved.get(k) for k in meta} == meta:
            return path, f"reused {path} (built earlier in {saved.get('build_seconds', 0):.1f} s)"
    sidecar.unlink(missing_ok=True)
    print(f"Building {path} with {n_posts:,} posts ...", flush=True)
    seconds = build(path, n_posts, seed)
    meta["build_seconds"] = round(seconds, 1)
    sidecar.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path, f"built {path} in {seconds:.1f} s"


# --- measuring ----------------------------------------------------------------------------


class _NoRows:
    # the listing's columns, as find_posts checks its cursor's (archiver.store.POST_COLUMNS)
    description = tuple((name,) for name in POST_COLUMNS)

    def fetchall(self):
        return []


class RecordingDB:
    """Stands in for the db in find_posts: records the SQL and parameters it would run,
    without running them."""

    def __init__(self):
        self.sql: str | None = None
        self.params: list = []

    def execute(self, sql, params=()):
        self.sql, self.params = sql, list(params)
        return _NoRows()


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


def time_queries(db, queries: list[dict], expected: list[int] | None = None):
    """Time find_posts for each kwargs dict; return (ms list, row counts, mismatches)."""
    times, rows, wrong = [], [], 0
    for i, kwargs in enumerate(queries):
        t0 = time.perf_counter()
        result = find_posts(db, **kwargs)
        times.append((time.perf_counter() - t0) * 1000)
        rows.append(len(result))
        if expected is not None and len(result) != expected[i]:
            wrong += 1
    return times, rows, wrong


def time_raw_sql(conn: sqlite3.Connection, recorder: RecordingDB, queries: list[dict]) -> list[float]:
    """The SQL find_posts runs, executed and fetched as tuples (no dicts), in ms."""
    times = []
    for kwargs in queries:
        find_posts(recorder, **kwargs)  # records the SQL and parameters only
        sql, params = recorder.sql, recorder.params
        t0 = time.perf_counter()
        conn.execute(sql, params).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def explain(conn: sqlite3.Connection, recorder: RecordingDB, kwargs: dict) -> list[str]:
    find_posts(recorder, **kwargs)
    plan = conn.execute("EXPLAIN QUERY PLAN " + recorder.sql, recorder.params).fetchall()
    depth = {0: 0}
    lines = []
    for node_id, parent, _unused, detail in plan:
        depth[node_id] = depth.get(parent, 0) + 1
        lines.append("  " * depth[node_id] + detail)
    return lines


def report(label: str, times: list[float], rows: list[int], target: bool = True) -> None:
    med = statistics.median(times)
    verdict = "met" if med < TARGET_MEDIAN_MS else "NOT met"
    print(f"{label}: median {med:.2f} ms, p95 {pct(times, 95):.2f} ms, max {max(times):.2f} ms"
          + (f"   (target: median < {TARGET_MEDIAN_MS:g} ms: {verdict})" if target else ""))
    print(f"    rows returned per query: median {statistics.median(rows):g},"
          f" min {min(rows)}, max {max(rows)}, mean {statistics.fmean(rows):.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000, help="archive size")
    parser.add_argument("--queries", type=int, default=200, help="lookups of each kind")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the archive")
    args = parser.parse_args(argv)
    if args.posts < N_HANDLES:
        parser.error(f"--posts must be at least {N_HANDLES} (one post per handle)")

    print(f"bench/lookup.py: archiver.store.find_posts() on a generated archive of"
          f" {args.posts:,} posts")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
          f" {platform.machine()}, {os.cpu_count()} CPUs; code at {revision()}")
    path, how = ensure_archive(args.posts, SEED, args.rebuild)
    size = sum(Path(str(path) + s).stat().st_size for s in ("", "-wal")
               if Path(str(path) + s).exists())
    print(f"Archive: {how}; file size {size / 1e6:,.1f} MB")

    db = open_archive(path)  # as the CLI opens it: WAL, default page cache
    conn = db.conn
    n_posts, n_versions = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                           for t in ("posts", "post_versions"))
    first_day, last_day = conn.execute("SELECT min(date), max(date) FROM posts").fetchone()
    counts = conn.execute(
        "SELECT handle, count(*) FROM posts GROUP BY handle COLLATE NOCASE").fetchall()
    print(f"  posts {n_posts:,}, post_versions {n_versions:,}, distinct handles {len(counts):,},"
          f" dates {first_day}..{last_day}")
    by_size = sorted(counts, key=lambda r: -r[1])
    sizes = sorted(c for _h, c in counts)
    print(f"  posts per handle: median {statistics.median(sizes):g}, p95 {pct(sizes, 95)},"
          f" max {sizes[-1]:,} (top 5: {', '.join(f'{h} {c:,}' for h, c in by_size[:5])})")

    rng = random.Random(SEED + 1)
    picked = rng.sample(counts, min(args.queries, len(counts)))
    variants = (str.upper, str.lower, str.swapcase, lambda h: "@" + h)
    handle_queries = [{"handle": variants[i % 4](h)} for i, (h, _c) in enumerate(picked)]
    handle_expected = [c for _h, c in picked]
    d0, d1 = Date.fromisoformat(first_day), Date.fromisoformat(last_day)
    date_queries = [{"date": (d0 + timedelta(days=rng.randrange((d1 - d0).days + 1))).isoformat()}
                    for _ in range(args.queries)]
    heavy_queries = [{"handle": h} for h, _c in by_size[:5]]
    # Handles drawn in proportion to their post count: what a lookup "by a random post's
    # author" costs, dominated by the prolific accounts.
    weighted = rng.choices(counts, weights=[c for _h, c in counts], k=args.queries)
    weighted_queries = [{"handle": h} for h, _c in weighted]

    # Warm-up on other handles and days (not timed); then the timed runs.
    others = [h for h, _c in rng.sample(counts, 20)]
    time_queries(db, [{"handle": h} for h in others] + date_queries[:5])

    print(f"\nfind_posts(db, handle=...) for {len(handle_queries)} random existing handles"
          " (UPPER / lower / sWAPPED / @handle):")
    times, rows, wrong = time_queries(db, handle_queries, handle_expected)
    report("  by handle", times, rows)
    if wrong:
        print(f"  WARNING: {wrong} handle lookups returned a different number of posts than"
              " the handle has")
    print(f"\nfind_posts(db, date=...) for {len(date_queries)} random days:")
    d_times, d_rows, _ = time_queries(db, date_queries)
    report("  by date", d_times, d_rows)

    print("\nFor information:")
    h_times, h_rows, _ = time_queries(db, heavy_queries)
    print("  the 5 handles with most posts: "
          + ", ".join(f"{q['handle']} {r:,} rows {t:.1f} ms"
                      for q, r, t in zip(heavy_queries, h_rows, h_times)))
    w_times, w_rows, _ = time_queries(db, weighted_queries)
    report(f"  {len(weighted_queries)} handles drawn in proportion to their post count",
           w_times, w_rows, target=False)
    recorder = RecordingDB()
    raw_h = time_raw_sql(conn, recorder, handle_queries)
    raw_d = time_raw_sql(conn, recorder, date_queries)
    print(f"  same SQL without find_posts' dict building: by handle median"
          f" {statistics.median(raw_h):.2f} ms (p95 {pct(raw_h, 95):.2f}),"
          f" by date median {statistics.median(raw_d):.2f} ms (p95 {pct(raw_d, 95):.2f})")
    plain = []
    for kwargs in date_queries:
        t0 = time.perf_counter()
        conn.execute("SELECT id, handle, author_name, date, status, first_seen_at FROM posts"
                     " WHERE date = ?", [kwargs["date"]]).fetchall()
        plain.append((time.perf_counter() - t0) * 1000)
    print(f"  posts columns only (no post_versions join, no embeds subquery, no ORDER BY),"
          f" by date: median {statistics.median(plain):.2f} ms")
    print("  per row, by date: find_posts"
          f" {statistics.median(t / r * 1000 for t, r in zip(d_times, d_rows) if r):.2f} us,"
          f" raw SQL {statistics.median(t / r * 1000 for t, r in zip(raw_d, d_rows) if r):.2f} us")

    print("\nQuery plans (EXPLAIN QUERY PLAN of the SQL find_posts ran):")
    for label, kwargs in (("by handle", handle_queries[0]), ("by date", date_queries[0])):
        print(f"  {label} {kwargs}:")
        for line in explain(conn, recorder, kwargs):
            print("    " + line)
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
