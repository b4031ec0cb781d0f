"""`archiver scan --summary` over known WARC files, and `archive --from-scan`, which asks X
(the sample server) about the distinct posts a scan found."""

import csv
import sqlite3

from click.testing import CliRunner

from archiver.cli import cli
from archiver.demo import X_ANSWERS
from archiver.warc.summary import posts_from_scan, summarize

from .warcs import Writer

#: Posts the sample X answers for (ids from its answer files).
KNOWN = sorted(p.stem for p in X_ANSWERS.glob("*.json") if p.stem.isdigit())[:3]


def page(*ids, handle="Someone"):
    links = "".join(f'<p><a href="https://x.com/{handle}/status/{i}">a post</a></p>' for i in ids)
    return f"<html><body><h1>News</h1>{links}</body></html>".encode()


def write(path, captures):
    with open(path, "wb") as stream:
        writer = Writer(stream)
        for uri, date, body in captures:
            writer.response(uri, body, warc_headers={"WARC-Date": date})


def scanned(tmp_path):
    a, b, c = KNOWN
    write(tmp_path / "jan.warc.gz", [
        ("https://one.example/1", "2024-01-03T10:00:00Z", page(a, b)),
        ("https://one.example/2", "2024-01-04T10:00:00Z", page(a)),
        ("https://one.example/nothing", "2024-01-05T10:00:00Z", b"<html>no post</html>"),
    ])
    write(tmp_path / "feb.warc.gz", [
        ("https://Two.example/x?y=1", "2024-02-01T00:00:00Z", page(a, c, handle="other")),
        ("https://one.example/1", "2024-02-02T00:00:00Z", page(a, b)),  # captured again
    ])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "*.warc.gz"), "--out", str(out),
                                      "--workers", "1", "--summary", "--top", "2"])
    assert result.exit_code == 0, result.output
    return out, result


def test_the_summary_counts_posts_handles_hosts_and_months(tmp_path):
    a, b, c = KNOWN
    out, result = scanned(tmp_path)
    tables = summarize(str(out))
    assert [(r["post_id"], r["pages"], r["hosts"]) for r in tables["top_posts"]] == \
        [(a, 3, 2)] + sorted([(b, 1, 1), (c, 1, 1)])
    top = tables["top_posts"][0]
    assert top["first_capture"] == "2024-01-03T10:00:00Z"
    assert top["last_capture"] == "2024-02-02T00:00:00Z"
    assert tables["by_handle"] == [{"handle": "someone", "pages": 2, "posts": 2, "rows": 5},
                                   {"handle": "other", "pages": 1, "posts": 2, "rows": 2}]
    assert tables["by_host"] == [{"host": "one.example", "pages": 2, "posts": 2, "rows": 5},
                                 {"host": "two.example", "pages": 1, "posts": 2, "rows": 2}]
    assert tables["by_month"] == [{"month": "2024-01", "pages": 2, "posts": 2, "rows": 3},
                                  {"month": "2024-02", "pages": 2, "posts": 3, "rows": 4}]
    # printed (the first --top rows of each), and written whole as CSV
    assert "posts most embedded (3):" in result.stdout
    assert f"wrote 4 CSV files to {out}/summary" in result.stdout
    with open(out / "summary" / "by_host.csv", encoding="utf-8-sig") as handle:
        assert list(csv.DictReader(handle)) == [
            {"host": "one.example", "pages": "2", "posts": "2", "rows": "5"},
            {"host": "two.example", "pages": "1", "posts": "2", "rows": "2"}]
    # the summary alone, from the parts
    again = CliRunner().invoke(cli, ["scan", "--summary", "--out", str(out),
                                     "--csv-dir", str(tmp_path / "csv")])
    assert again.exit_code == 0 and "by outlet host (2):" in again.stdout
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "by_handle.csv", "by_host.csv", "by_month.csv", "top_posts.csv"]


def test_archive_from_scan_asks_x_about_the_distinct_posts(tmp_path, server, db_path):
    a, b, c = KNOWN
    out, _ = scanned(tmp_path)
    assert [p for p, _, _ in posts_from_scan(str(out))] == [a, *sorted([b, c])]
    before = len(server.requests)
    result = CliRunner().invoke(cli, ["archive", "--from-scan", str(out), "--limit", "2",
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    asked = server.requests[before:]
    assert any(a in path for path in asked) and not any(c in path for path in asked)
    with sqlite3.connect(db_path) as conn:
        statuses = dict(conn.execute("SELECT id, status FROM posts"))
        checks = conn.execute("SELECT count(*) FROM post_checks").fetchone()[0]
    assert set(statuses) == {a, sorted([b, c])[0]}
    assert "unchecked" not in statuses.values() and checks >= 2
    assert f"2 distinct posts (2 new to the archive), 2 asked of X" in result.stdout
    # again: X is not asked twice about what it answered
    before = len(server.requests)
    again = CliRunner().invoke(cli, ["archive", "--from-scan", str(out), "--db", str(db_path)])
    assert again.exit_code == 0
    assert "3 distinct posts (1 new to the archive), 1 asked of X" in again.stdout
    assert not any(a in path for path in server.requests[before:])


def test_from_scan_takes_no_sources(tmp_path, db_path):
    result = CliRunner().invoke(cli, ["archive", "--from-scan", str(tmp_path), "x.html",
                                      "--db", str(db_path)])
    assert result.exit_code == 2
    nothing = CliRunner().invoke(cli, ["archive", "--db", str(db_path)])
    assert nothing.exit_code == 2


def test_a_damaged_part_is_one_line_naming_it_and_nothing_is_summarised_or_asked(
        tmp_path, db_path):
    out, _ = scanned(tmp_path)
    (out / "junk.parquet").write_bytes(b"junk\n")
    for args in (["scan", "--summary", "--out", str(out), "--csv-dir", str(tmp_path / "csv")],
                 ["archive", "--from-scan", str(out), "--db", str(db_path)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr == (
            f"archiver: {out}/junk.parquet: not a readable Parquet part (Parquet file size "
            "is 5 bytes, smaller than the minimum file footer (8 bytes)); no part in "
            f"{out} is read while it is there (move it out, or delete it and scan its "
            "input again)\n")
    assert not (tmp_path / "csv").exists()
    # Parquet, but not a scan's
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"a": [1]}), out / "junk.parquet")
    result = CliRunner().invoke(cli, ["scan", "--summary", "--out", str(out)])
    assert result.exit_code == 1
    assert "junk.parquet: Parquet, but no part of a scan (no post_id, handle, url, " \
        "target_uri, capture_date column)" in result.stderr


def test_a_damaged_part_of_an_input_is_scanned_again_and_replaced(tmp_path, caplog):
    out, _ = scanned(tmp_path)
    part = next(out.glob("feb.warc.gz.*.parquet"))
    whole = part.stat().st_size
    part.write_bytes(part.read_bytes()[:100])  # cut short
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "*.warc.gz"), "--out", str(out),
                                      "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "2 files (1 scanned, 1 already done), 0 failed" in result.stdout
    assert f"{part}: not a readable Parquet part (" in caplog.text
    assert "its input is scanned again" in caplog.text
    assert part.stat().st_size == whole


def test_a_saved_local_page_is_named_as_such_among_the_hosts(tmp_path):
    """A capture of a saved page (file://, as export-warc writes archived local pages)
    has no host: the table had a row with an empty name."""
    from archiver.warc.scan import run_scan

    a, b, _c = KNOWN
    with open(tmp_path / "local.warc.gz", "wb") as stream:
        writer = Writer(stream)
        writer.resource("file:///srv/pages/story.html", page(a))
        writer.response("https://one.example/1", page(b))
    run_scan([str(tmp_path / "local.warc.gz")], str(tmp_path / "out"), workers=1)
    hosts = {r["host"] for r in summarize(str(tmp_path / "out"))["by_host"]}
    assert hosts == {"(a local file)", "one.example"}


def test_first_and_last_capture_and_the_month_are_those_of_the_instant(tmp_path):
    """WARC-Date may carry an offset or a fraction of a second: 12:11:12+02:00 is 10:11:12
    UTC, earlier than 11:00:00Z, and 2024-04-01T01:00:00+02:00 is a capture of March —
    compared as text, the offset's capture was the last and the fraction's sorted first."""
    from archiver.warc.scan import run_scan

    write(tmp_path / "z.warc.gz", [
        ("https://z.example/a", "2024-03-05T12:11:12+02:00", page("1234567890123456789")),
        ("https://z.example/b", "2024-03-05T11:00:00Z", page("1234567890123456789")),
        ("https://z.example/c", "2024-03-05T10:30:00.5Z", page("1234567890123456789")),
        ("https://z.example/d", "2024-04-01T01:00:00+02:00", page("1111111111111111111")),
    ])
    run_scan([str(tmp_path / "z.warc.gz")], str(tmp_path / "out"), workers=1)
    tables = summarize(str(tmp_path / "out"))
    top = {r["post_id"]: r for r in tables["top_posts"]}["1234567890123456789"]
    assert (top["first_capture"], top["last_capture"]) == ("2024-03-05T10:11:12Z",
                                                           "2024-03-05T11:00:00Z")
    assert [(r["month"], r["pages"]) for r in tables["by_month"]] == [("2024-03", 4)]
