"""Every command that lists rows takes --format table|json|csv, and --json as its short
form (issue 12, item 6); JSON and CSV give the same rows."""

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.models import EMBED_JSON_KEYS
from archiver.store import open_archive

from .conftest import SEED

PAGE = "react-native-roundup.html"


@pytest.fixture(scope="module")
def archive(tmp_path_factory, sample_server):
    """One run over one sample page: posts, verdicts and a runs row."""
    folder = tmp_path_factory.mktemp("formats")
    sources = folder / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{sample_server.url}/news/{PAGE}"\n')
    path = folder / "archive.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(path),
                                      "--allow-private", "--host-delay", "0",
                                      "--syndication-url", f"{sample_server.url}/x",
                                      "--oembed-url", f"{sample_server.url}/x"])
    assert result.exit_code == 0, result.output
    return path


def invoke(*args, code=0):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == code, result.output
    return result.stdout


def json_rows(text):
    return [json.loads(line) for line in text.splitlines()]


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def as_cells(row):
    """A JSON row as its CSV cells: lists by spaces (one item a line when one holds a
    space), lists of objects and objects as JSON, null empty."""
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, list):
            if any(isinstance(item, (dict, list)) for item in value):
                return json.dumps(value, ensure_ascii=False)
            if any(" " in str(item) for item in value):
                return "\n".join(map(str, value))
            return " ".join(map(str, value))
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value)
    return {key: cell(value) for key, value in row.items()}


def as_csv_row(row, header):
    """A JSON row as its CSV line under `header`: a key it does not have is an empty cell
    (check and verify list two kinds of row under one header)."""
    cells = as_cells(row)
    return {key: cells.get(key, "") for key in header}


LISTINGS = {
    "extract": lambda db: ["extract", SEED],
    "posts": lambda db: ["posts", "--db", db],
    "runs": lambda db: ["runs", "--db", db],
    "check": lambda db: ["check", "--db", db],
}


@pytest.mark.parametrize("command", list(LISTINGS))
def test_json_and_csv_give_the_same_rows_and_json_is_short_for_format_json(archive, command):
    args = LISTINGS[command](archive)
    as_json = invoke(*args, "--format", "json")
    assert invoke(*args, "--json") == as_json
    rows = json_rows(as_json)
    table = csv_rows(invoke(*args, "--format", "csv"))
    assert rows and table == [as_csv_row(row, table[0]) for row in rows]
    if command == "check":  # an intact archive: its result row alone
        [result] = rows
        assert result["type"] == "result" and result["intact"] is True
        assert result["rows"] == result["head_seq"] > 0 and len(result["head_sha256"]) == 64
    assert invoke(*args, "--format", "table") == invoke(*args)


def test_extract_csv_has_the_json_keys_as_its_header_once_for_every_source(archive):
    text = invoke("extract", "--format", "csv", SEED, SEED)
    header, *lines = text.splitlines()
    assert header == ",".join(EMBED_JSON_KEYS)
    rows = csv_rows(text)
    assert len(rows) == 6 and [r["handle"] for r in rows[:3]] == [
        "syrianmofaex", "Murhaf_abuqasra", "HakanFidan"]
    assert rows[2]["media"] == "pic.twitter.com/Y9Njmej8LO" and rows[2]["positions"] == "2"


def test_verify_lists_each_verdict_as_json_and_csv(archive):
    rows = json_rows(invoke("verify", "--format", "json", "--db", archive))
    table = csv_rows(invoke("verify", "--format", "csv", "--db", archive))
    assert len(rows) == len(table) == 3
    assert {r["type"] for r in rows} == {"embed"}
    for row, line in zip(rows, table):
        assert {k: v for k, v in line.items() if k in row and k != "checked_at"} == {
            k: v for k, v in as_cells(row).items() if k != "checked_at"}
        assert line["quote"] == line["sentence"] == ""  # a prose quote's columns, empty
    assert json_rows(invoke("verify", "--json", "--db", archive))[0].keys() == rows[0].keys()


def test_check_lists_the_problems_of_a_tampered_copy(archive, tmp_path):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(archive) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the write-ahead log's pages too
    conn = sqlite3.connect(copy)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                " AND name LIKE '%no_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE post_versions SET text = 'not what X said' WHERE id = 1")
    conn.commit()
    conn.close()
    rows = json_rows(invoke("check", "--format", "json", "--db", copy, code=1))
    assert rows and {"type": "problem", "table": "post_versions", "key": "1"}.items() \
        <= rows[0].items()
    assert {"type": "result", "intact": False}.items() <= rows[-1].items()
    assert [r["type"] for r in rows[:-1]] == ["problem"] * (len(rows) - 1)
    table = csv_rows(invoke("check", "--format", "csv", "--db", copy, code=1))
    assert table == [as_csv_row(row, table[0]) for row in rows]


@pytest.mark.parametrize("command", ["extract", "posts", "runs", "check", "verify"])
def test_json_with_another_format_is_bad_usage_in_one_line(archive, command):
    args = LISTINGS.get(command, lambda db: ["verify", "--db", db])(archive)
    result = CliRunner().invoke(cli, [*map(str, args), "--json", "--format", "csv"])
    assert result.exit_code == 2
    assert result.stderr == ("archiver: --json is short for --format json: it cannot go with "
                             "--format csv\n")


@pytest.mark.parametrize("command, first", [
    (["posts", "--handle", "nobody_here"], "post_id"),
    (["runs"], "id"),
])
def test_csv_with_no_row_still_has_its_header(archive, tmp_path, command, first):
    """A listing that matches nothing is its header alone, the same columns as with rows
    (a spreadsheet or a script reading it sees which columns there would be)."""
    if command == ["runs"]:  # an archive without a run
        db = tmp_path / "empty.db"
        open_archive(db).conn.close()  # `migrate` never creates one
    else:
        db = archive
    lines = invoke(*command, "--db", db, "--format", "csv").splitlines()
    assert len(lines) == 1 and lines[0].split(",")[0] == first
    full = invoke(command[0], "--db", archive, "--format", "csv").splitlines()
    assert len(full) > 1 and full[0] == lines[0]


def test_no_run_is_said_as_no_post_is(archive, tmp_path):
    """`runs` on an archive without a run says "0 runs", as `posts` says "0 posts"; JSON is
    nothing and CSV its header alone."""
    db = tmp_path / "empty.db"
    open_archive(db).conn.close()
    assert invoke("runs", "--db", db) == "0 runs\n"
    assert invoke("posts", "--db", db).splitlines()[-1] == "0 posts"
    assert invoke("runs", "--db", db, "--json") == ""
    assert invoke("runs", "--db", db, "--format", "csv").splitlines() == [
        invoke("runs", "--db", archive, "--format", "csv").splitlines()[0]]
    assert invoke("runs", "--db", archive).startswith("run 1: ")  # a run: no count line


def test_a_runs_errors_are_a_list_in_json_and_one_a_line_in_csv(tmp_path, sample_server):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{sample_server.url}/news/{PAGE}"\n\n'
                       f'[[source]]\nurl = "{sample_server.url}/feeds/gone.xml"\nkind = "feed"\n'
                       f'\n[[source]]\nurl = "{sample_server.url}/news/gone.html"\n')
    db = tmp_path / "archive.db"
    invoke("run", "--sources", sources, "--db", db)
    [run] = json_rows(invoke("runs", "--json", "--db", db))
    assert isinstance(run["errors"], list) and len(run["errors"]) == 2
    assert all(isinstance(error, str) and "gone" in error for error in run["errors"])
    [line] = csv_rows(invoke("runs", "--format", "csv", "--db", db))
    assert line["errors"].split("\n") == run["errors"]
    assert line == as_csv_row(run, line)
    assert ", 2 errors, " in invoke("runs", "--db", db)


def test_verify_csv_gives_a_diff_as_json_not_as_python(tmp_path, sample_server):
    db = tmp_path / "archive.db"
    invoke("archive", f"{sample_server.url}/news/arabic-desk-ankara-meeting.html", "--db", db)
    rows = [r for r in json_rows(invoke("verify", "--json", "--db", db)) if r["diff"]]
    table = [r for r in csv_rows(invoke("verify", "--format", "csv", "--db", db)) if r["diff"]]
    assert len(rows) == len(table) == 2
    for row, line in zip(rows, table):
        assert json.loads(line["diff"]) == row["diff"]
        assert json.loads(line["details"]) == row["details"]
        assert line["findings"] == " ".join(row["findings"])
