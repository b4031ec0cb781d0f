"""A file that is no archive is refused by every command, in one line, and never turned
into one; an archive that only predates the code still gets the advice to migrate."""

import hashlib
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from archiver import store
from archiver.cli import cli

from .conftest import ROOT, SAMPLES

#: Every command that opens an archive, as a user would type it (--db is added).
COMMANDS = [
    ["migrate"], ["posts"], ["runs"], ["check"], ["verify"], ["export-manifest"],
    ["timestamp", "--tsa", "http://127.0.0.1:9/"], ["serve"],
    ["report", "http://a.example/", "-o", "r.html"],
    ["export-warc", "-o", "x.warc.gz"],
    ["archive", str(SAMPLES / "react-native-roundup.html")],
    ["run", "--sources", "sources.toml"],
    ["demo"],
]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (x)")
    conn.execute("INSERT INTO foo VALUES (1)")
    conn.commit()
    conn.close()
    return "a SQLite database that no archiver started: its tables: foo; an archive records its schema in _sqlite_migrations"


def _empty_file(path):
    path.write_bytes(b"")
    return "an empty file"


def _empty_database(path):
    sqlite3.connect(path).execute("PRAGMA user_version = 7").connection.close()
    return "a SQLite database that no archiver started: no tables; an archive records its schema in _sqlite_migrations"


@pytest.mark.parametrize("make", [_other_database, _empty_file, _empty_database],
                         ids=["other database", "0 bytes", "empty database"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_file_that_is_no_archive_is_refused_by_every_command_and_left_alone(
        command, make, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources.toml").write_text('[[source]]\nurl = "http://127.0.0.1:9/a"\n')
    path = tmp_path / "other.db"
    why = make(path)
    before = _digest(path)
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"archiver: not an archive: {path} ({why})\n")
    assert _digest(path) == before  # not migrated, not even switched to WAL
    assert not (tmp_path / "other.db-wal").exists()


def test_an_archive_that_predates_every_migration_but_the_first_still_gets_migrated(
        tmp_path, monkeypatch):
    migrations = sorted((ROOT / "db" / "migrations").glob("[0-9]*.sql"))
    old = tmp_path / "old-migrations"
    old.mkdir()
    shutil.copy(migrations[0], old / migrations[0].name)
    monkeypatch.setattr(store, "MIGRATIONS_DIR", old)
    path = tmp_path / "archive.db"
    store.open_archive(path).conn.close()
    monkeypatch.setattr(store, "MIGRATIONS_DIR", ROOT / "db" / "migrations")
    runner = CliRunner()
    result = runner.invoke(cli, ["posts", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"archiver: the archive {path} predates this version "
                                    f"({len(migrations) - 1} schema changes")
    assert f"`archiver migrate --db {path}` applies them" in result.stderr
    migrated = runner.invoke(cli, ["migrate", "--db", str(path)])
    assert migrated.exit_code == 0, migrated.output
    assert runner.invoke(cli, ["posts", "--db", str(path)]).stdout.endswith("0 posts\n")


def test_a_new_archive_is_still_started_where_there_is_no_file(tmp_path):
    path = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["archive", str(SAMPLES / "react-native-roundup.html"),
                                      "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert store.archive_problem(path, sqlite3.connect(path)) is None
