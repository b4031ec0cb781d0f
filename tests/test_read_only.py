"""Commands that only read open the archive read-only: an evidence copy on a file and in
a folder that cannot be written (even by root: the immutable flag) is read, never
touched; a missing archive is said, never created; an archive older than the code is
named, not migrated behind the reader's back."""

import contextlib
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver import store
from archiver.cli import cli

from .conftest import ROOT, SAMPLES

READ_COMMANDS = [
    ["posts"],
    ["posts", "--search", "Suriye", "--format", "json"],
    ["runs"],
    ["runs", "--json"],
    ["runs", "--format", "csv"],
    ["export-manifest"],
    ["verify", "--integrity"],
    ["check"],
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, sample_server):
    """An archive of the samples, left in WAL mode as every archive is."""
    from archiver.pipeline import Archiver, archive_sources
    from archiver.resolve import Resolver

    from .conftest import local_http

    path = tmp_path_factory.mktemp("pristine") / "archive.db"
    db = store.open_archive(path)
    run_id = store.start_run(db, "2026-01-01T00:00:00Z", 1)
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    list(archive_sources(archiver, [*sample_server.page_urls(),
                                    str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
    store.finish_run(db, run_id, finished_at="2026-01-01T00:01:00Z", stopped_reason="done")
    db.conn.close()  # the last connection folds the log into the file and removes it
    assert not Path(f"{path}-wal").exists()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _set_immutable(paths, on: bool) -> bool:
    """chattr +i / -i: no process may then write, rename or add a file there, root
    included. False when the file system or the process cannot."""
    if shutil.which("chattr") is None:
        return False
    result = subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)],
                            capture_output=True)
    return result.returncode == 0


@contextlib.contextmanager
def unwritable(folder: Path, archive: Path):
    """The archive file and its folder made impossible to write, for the block."""
    if _set_immutable([archive, folder], True):
        try:
            with pytest.raises(PermissionError):
                archive.open("ab")
            yield
        finally:
            _set_immutable([archive, folder], False)
        return
    if os.geteuid() == 0:
        pytest.skip("root, and no immutable flag on this file system: nothing stops a write")
    archive.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)
        archive.chmod(0o644)


@pytest.fixture
def evidence(pristine, tmp_path):
    folder = tmp_path / "evidence"
    folder.mkdir()
    copy = folder / "archive.db"
    shutil.copy(pristine, copy)
    return folder, copy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, server: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no answer from {url}: "
                                     f"{server.stdout.read() if server.poll() is not None else ''}")
            time.sleep(0.3)


def test_an_evidence_copy_nobody_can_write_is_read_by_every_reading_command(evidence):
    folder, copy = evidence
    before = _digest(copy)
    runner = CliRunner()
    with unwritable(folder, copy):
        outputs = {}
        for command in READ_COMMANDS:
            result = runner.invoke(cli, [*command, "--db", str(copy)])
            assert result.exit_code == 0, (command, result.output)
            assert result.stderr == "", (command, result.stderr)
            outputs[" ".join(command)] = result.stdout
        report = runner.invoke(cli, ["report", "http://127.0.0.1/none", "-o",
                                     str(folder.parent / "r.html"), "--db", str(copy)])
        assert report.stderr == "archiver: no archived article http://127.0.0.1/none\n"
        # Datasette too, served as `archiver serve` serves it (a real process).
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "archiver.cli", "serve", "--port",
                                   str(port), "--db", str(copy)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            misquotes = _get(f"http://127.0.0.1:{port}/misquotes", server)
            posts = json.loads(_get(f"http://127.0.0.1:{port}/archive/post_overview.json"
                                    "?_shape=array", server))
        finally:
            server.terminate()
            server.wait(timeout=10)
        assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]
    assert _digest(copy) == before
    assert "intact" in outputs["check"] and "intact" in outputs["verify --integrity"]
    assert "run 1: 2026-01-01T00:00:00Z" in outputs["runs"]
    header, first = outputs["runs --format csv"].splitlines()[:2]
    assert header.startswith("id,") and first.startswith("1,")
    assert json.loads(outputs["runs --json"].splitlines()[0])["id"] == 1
    assert json.loads(outputs["export-manifest"])["rows"]
    assert "Misquotes" in misquotes and len(posts) >= 5
    found = [json.loads(line) for line in outputs["posts --search Suriye --format json"].splitlines()]
    assert found and all(row["handle"] for row in found)


def test_reading_a_writable_archive_changes_none_of_its_bytes(evidence):
    folder, copy = evidence
    before = _digest(copy)
    runner = CliRunner()
    for command in READ_COMMANDS:
        assert runner.invoke(cli, [*command, "--db", str(copy)]).exit_code == 0, command
    assert _digest(copy) == before
    # SQLite's own shared-memory and (empty) log files may appear beside it, nothing else.
    assert {p.name for p in folder.iterdir()} <= {"archive.db", "archive.db-wal",
                                                  "archive.db-shm"}
    wal = folder / "archive.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["serve"],
                                     ["report", "http://a.example/", "-o", "r.html"]],
                         ids=lambda c: " ".join(c))
def test_a_missing_archive_is_said_and_never_created(command, tmp_path):
    path = tmp_path / "nowhere" / "archive.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"archiver: no archive at {path}\n")
    assert not path.parent.exists()


def test_a_file_that_is_no_archive_is_one_line(tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(b"not a database, just bytes" * 100)
    result = CliRunner().invoke(cli, ["posts", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"archiver: not an archive: {path} (not a SQLite database)\n"


def test_an_archive_older_than_the_code_is_named_and_migrate_brings_it_up_to_date(
        tmp_path, monkeypatch):
    migrations = sorted((ROOT / "db" / "migrations").glob("[0-9]*.sql"))
    old = tmp_path / "old-migrations"
    old.mkdir()
    for path in migrations[:-1]:
        shutil.copy(path, old / path.name)
    monkeypatch.setattr(store, "MIGRATIONS_DIR", old)
    path = tmp_path / "archive.db"
    store.open_archive(path).conn.close()
    monkeypatch.setattr(store, "MIGRATIONS_DIR", ROOT / "db" / "migrations")
    before = _digest(path)
    runner = CliRunner()
    result = runner.invoke(cli, ["posts", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"archiver: the archive {path} predates this version (1 schema change, from "
        f"{migrations[-1].name}, is not applied): `archiver migrate --db {path}` applies "
        "it\n")
    assert _digest(path) == before
    migrated = runner.invoke(cli, ["migrate", "--db", str(path)])
    assert migrated.stdout == f"{path}: schema {migrations[-1].name}\n"
    assert runner.invoke(cli, ["posts", "--db", str(path)]).exit_code == 0


def test_a_log_the_folder_cannot_share_is_said_not_skipped(evidence):
    """A copy taken while a writer was busy has its log beside it; with the folder
    unwritable SQLite cannot read the log, and reading the file alone would miss what
    the log holds."""
    folder, copy = evidence
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("INSERT INTO source_checks (url, checked_at) VALUES ('https://a.example/', 'x')")
    conn.commit()
    shutil.copy(f"{copy}-wal", folder / "saved-wal")
    conn.close()
    shutil.move(folder / "saved-wal", f"{copy}-wal")
    (folder / "archive.db-shm").unlink(missing_ok=True)
    with unwritable(folder, copy):
        result = CliRunner().invoke(cli, ["posts", "--db", str(copy)])
    assert result.exit_code == 1
    assert "archive.db-wal can only be read with write access to the folder" in result.stderr


@contextlib.contextmanager
def cannot_write(path: Path):
    """One file or folder that no process may write (the immutable flag), for the block."""
    if _set_immutable([path], True):
        try:
            yield
        finally:
            _set_immutable([path], False)
        return
    if os.geteuid() == 0:
        pytest.skip("root, and no immutable flag on this file system: nothing stops a write")
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def _archive_into(copy: Path):
    from .conftest import SEED

    return CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(copy), str(SEED),
                                    str(SAMPLES / "superconductor-amp.html")])


def test_a_read_only_archive_file_is_said_as_such_not_as_a_full_disk(evidence):
    _folder, copy = evidence
    before = _digest(copy)
    with cannot_write(copy):
        result = _archive_into(copy)
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (
        f"archiver: {copy} is read-only (attempt to write a readonly database); 0 of 2 "
        "sources archived and kept, the rest not (make it writable, or archive into another "
        "--db, then run the same command again)\n")
    assert _digest(copy) == before
    with cannot_write(copy):  # verify writes its verdicts: the same words, in one line
        result = CliRunner().invoke(cli, ["verify", "--db", str(copy)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (f"archiver: {copy} is read-only (attempt to write a readonly "
                             "database)\n")


@pytest.mark.parametrize("name", ["archive.db", "new.db", "sub/new.db"])
def test_an_archive_in_a_read_only_folder_is_said_as_such(evidence, name):
    folder, copy = evidence
    before = _digest(copy)
    target = folder / name
    with cannot_write(folder):
        result = _archive_into(target)
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"archiver: cannot write the folder of {target} ("), line
    assert line.endswith("): SQLite keeps the archive's -wal and -shm files beside it; make "
                         "the folder writable, or give another --db"), line
    assert "make room" not in line and "unable to open database file" not in line
    assert sorted(p.name for p in folder.iterdir()) == ["archive.db"]
    assert _digest(copy) == before


def _as_nobody():
    """A command prefix that runs this checkout's code as the unprivileged user nobody
    (setpriv, the system's Python 3.11 with this environment's packages), or None where
    that cannot be done: not root, no setpriv, or files nobody may not read."""
    import sysconfig

    python = shutil.which("python3.11", path="/usr/bin:/bin")
    if os.geteuid() != 0 or shutil.which("setpriv") is None or python is None:
        return None
    packages = sysconfig.get_paths()["purelib"]
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "-i",
              "PATH=/usr/bin:/bin", "HOME=/tmp", f"PYTHONPATH={ROOT}:{packages}", python]
    probe = subprocess.run([*prefix, "-c", "import archiver.cli"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_user_without_write_access_reads_an_evidence_copy(pristine):
    """Without write access to the folder SQLite answers SQLITE_READONLY_DIRECTORY (1544),
    not SQLITE_CANTOPEN as root meets an immutable flag: every reading command failed
    ("attempt to write a readonly database"), and `archive` did not say the folder."""
    import tempfile

    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root, setpriv and a system python3.11 that nobody can run here")
    top = Path(tempfile.mkdtemp(prefix="evidence-"))
    try:
        top.chmod(0o755)
        folder = top / "copy"
        folder.mkdir()
        copy = folder / "archive.db"
        shutil.copy(pristine, copy)
        copy.chmod(0o444)
        folder.chmod(0o555)
        for command in (["posts"], ["runs"], ["check"], ["export-manifest"]):
            done = subprocess.run([*prefix, "-m", "archiver.cli", *command, "--db", str(copy)],
                                  capture_output=True, text=True, cwd="/tmp")
            assert done.returncode == 0, (command, done.stderr)
            assert done.stderr == "", (command, done.stderr)
        copy.chmod(0o644)  # the file writable, its folder not: a writing command says so
        done = subprocess.run([*prefix, "-m", "archiver.cli", "archive", "--db", str(copy),
                               str(SAMPLES / "react-native-roundup.html")],
                              capture_output=True, text=True, cwd="/tmp")
        assert done.returncode == 1
        assert done.stderr.startswith(f"archiver: cannot write the folder of {copy} ")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(top)
