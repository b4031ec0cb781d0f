"""`archiver scan --summary`: what a scan's Parquet parts say, in four tables.

- `top_posts`: the posts most embedded — by pages showing them (distinct target URIs),
  with the outlets (hosts) and the first and last capture;
- `by_handle`: per author handle (any case): pages, distinct posts, rows;
- `by_host`: per outlet host of the target URI: pages with posts, distinct posts, rows;
- `by_month`: per month of capture (`WARC-Date`): pages with posts, distinct posts, rows.

Capture dates are compared, and given, as instants in UTC to the second: a WARC-Date
written with an offset (`+02:00`) or a fraction of a second is the moment it names.

A row of the parts is one post on one page, so `rows` counts embeds; a page captured
twice under one URI counts once in `pages`. Posts without an id (plain-text embeds) count
in the handle, host and month tables, never as a top post.
"""

from __future__ import annotations

import csv
import io
import posixpath

TABLES = ("top_posts", "by_handle", "by_host", "by_month")
_HOST = r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?(?P<host>\[[^\]]*\]|[^/:?#]*)"
_COLUMNS = ["post_id", "handle", "url", "target_uri", "capture_date"]


def _table(out: str, storage_options):
    import pyarrow as pa
    import pyarrow.compute as pc

    from .scan import read_rows

    table = read_rows(out, storage_options, columns=_COLUMNS)
    # capture dates compared as instants: WARC-Date as written may carry an offset
    # (+02:00) or a fraction of a second, which text comparison gets wrong
    dates = table["capture_date"]
    written = pc.unique(dates)
    utc = pa.array([_utc(v) for v in written.to_pylist()], pa.string())
    table = table.set_column(table.schema.get_field_index("capture_date"), "capture_date",
                             utc.take(pc.index_in(dates, value_set=written)))
    host = pc.utf8_lower(pc.struct_field(pc.extract_regex(
        pc.fill_null(table["target_uri"], ""), _HOST), "host"))
    # a file:// page (a saved page in a capture) has no host: said, not an empty name
    host = pc.if_else(pc.equal(host, ""), "(a local file)", host)
    month = pc.utf8_slice_codeunits(pc.fill_null(table["capture_date"], ""), 0, 7)
    handle = pc.utf8_lower(table["handle"])
    return table.append_column("host", host).append_column("month", month) \
        .append_column("handle_key", handle), pa, pc


def _utc(value: str | None) -> str | None:
    """A WARC-Date as an instant in UTC, to the second (`2024-03-05T10:11:12Z`); one that
    reads as no date, as written."""
    from .read import capture_time

    return capture_time(value) or value


def _sorted(rows: list[dict], *keys) -> list[dict]:
    return sorted(rows, key=lambda r: tuple(-r[k] if isinstance(r[k], int) else (r[k] or "")
                                            for k in keys))


def summarize(out: str, storage_options: dict | None = None) -> dict[str, list[dict]]:
    """The four tables, every row, most first."""
    table, pa, pc = _table(out, storage_options)
    with_id = table.filter(pc.is_valid(table["post_id"]))
    top = with_id.group_by("post_id").aggregate([
        ("target_uri", "count_distinct"), ("host", "count_distinct"), ("handle", "max"),
        ("url", "max"), ("capture_date", "min"), ("capture_date", "max")]).to_pylist()
    top_posts = _sorted([{
        "post_id": r["post_id"], "handle": r["handle_max"], "url": r["url_max"],
        "pages": r["target_uri_count_distinct"], "hosts": r["host_count_distinct"],
        "first_capture": r["capture_date_min"], "last_capture": r["capture_date_max"]}
        for r in top], "pages", "post_id")

    def grouped(key: str, name: str, source=table):
        rows = source.group_by(key).aggregate([
            ("target_uri", "count_distinct"), ("post_id", "count_distinct"),
            ("post_id", "count", pc.CountOptions(mode="all"))]).to_pylist()
        return [{name: r[key], "pages": r["target_uri_count_distinct"],
                 "posts": r["post_id_count_distinct"], "rows": r["post_id_count"]}
                for r in rows]

    handles = table.filter(pc.is_valid(table["handle_key"]))
    by_handle = _sorted(grouped("handle_key", "handle", handles), "pages", "handle")
    by_host = _sorted(grouped("host", "host"), "pages", "host")
    by_month = sorted(grouped("month", "month"), key=lambda r: r["month"] or "")
    return {"top_posts": top_posts, "by_handle": by_handle, "by_host": by_host,
            "by_month": by_month}


def write_csv(tables: dict[str, list[dict]], folder: str,
              storage_options: dict | None = None) -> list[str]:
    """Each table as FOLDER/<name>.csv (UTF-8 with a byte-order mark, as the browsing
    pages' CSV, so a spreadsheet opens Arabic as Arabic). Returns the files written."""
    from fsspec.core import url_to_fs

    from .scan import make_folder

    fs, path = url_to_fs(folder, **(storage_options or {}))
    make_folder(fs, path)  # only its last part: its parent must be there
    written = []
    for name, rows in tables.items():
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        target = posixpath.join(path, f"{name}.csv")
        with fs.open(target, "wb") as handle:
            handle.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))
        written.append(target)
    return written


def posts_from_scan(out: str, storage_options: dict | None = None, limit: int | None = None
                    ) -> list[tuple[str, str | None, str | None]]:
    """The distinct post ids the parts hold, most embedded first (then by id), with a
    handle and name they were shown with: (post id, handle, author name)."""
    import pyarrow.compute as pc

    from .scan import read_rows

    table = read_rows(out, storage_options, columns=["post_id", "handle", "author_name",
                                                     "target_uri"])
    table = table.filter(pc.is_valid(table["post_id"]))
    rows = table.group_by("post_id").aggregate([
        ("target_uri", "count_distinct"), ("handle", "max"), ("author_name", "max")]).to_pylist()
    rows.sort(key=lambda r: (-r["target_uri_count_distinct"], r["post_id"]))
    if limit is not None:
        rows = rows[:limit]
    return [(r["post_id"], r["handle_max"], r["author_name_max"]) for r in rows]
