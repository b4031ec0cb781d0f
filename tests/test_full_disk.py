"""A full disk is one line on stderr, exit status 1, and nothing lost (issue 12, item 4).

Each case hits a real write failure: SQLite's own limit on the archive's size
(`PRAGMA max_page_count`, which makes SQLite answer "database or disk is full"), a file
size limit on the process (RLIMIT_FSIZE: every write past it fails), /dev/full for the
lock file and the log (every write there fails with ENOSPC), and, where user namespaces
allow mounting one without privileges, a real 2 MB tmpfs filled to the brim.
"""

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.errors import ArchiveWriteError
from archiver.job import run_job
from archiver.settings import load_settings
from archiver.sources import Source
from archiver.store import check_archive, open_archive, open_archive_read_only

from .conftest import SAMPLES

SMALL = "shafaq-turkiye-syria-ankara-talks.html"
OTHER = "superconductor-amp.html"


@pytest.fixture
def big_page(server):
    """A 900 KB article page: more than the archive below may grow by."""
    body = (SAMPLES / "react-native-roundup.html").read_bytes()
    server.pages["big.html"] = body + b"<!--" + os.urandom(450_000).hex().encode() + b"-->"
    return f"{server.url}/news/big.html"


def settings_for(server, db_path):
    return load_settings(None, db_path=str(db_path), allow_private=True, host_delay=0.0,
                         retries=0, syndication_url=f"{server.url}/x",
                         oembed_url=f"{server.url}/x")


def env_for(server):
    return {**os.environ, "ARCHIVER_ALLOW_PRIVATE": "1", "ARCHIVER_HOST_DELAY": "0",
            "ARCHIVER_RETRIES": "0", "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
            "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}


def table_counts(db):
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "article_fetches", "embeds", "posts", "post_checks",
                          "evidence_chain")}


def test_a_full_archive_stops_the_run_keeps_what_was_stored_and_its_row_says_so(
        server, tmp_path, big_page):
    path = tmp_path / "a.db"
    db = open_archive(path)
    settings = settings_for(server, path)
    first = run_job(db, path, settings, [Source(f"{server.url}/news/{SMALL}", "article")])
    assert first.errors == [] and first.articles["new"] == 1
    before = table_counts(db)

    # SQLite's own limit: a few pages more than the archive holds, far less than the page.
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 4}")
    with pytest.raises(ArchiveWriteError) as raised:
        run_job(db, path, settings, [Source(big_page, "article")], )
    assert str(raised.value).startswith(f"cannot write to the archive {path}: database or "
                                        "disk is full")

    # Nothing of the page that did not fit; everything before it; the chain intact.
    assert table_counts(db) == {**before, "evidence_chain": before["evidence_chain"] + 1}
    row = db.execute("SELECT finished_at IS NOT NULL, stopped_reason, exit_status, errors "
                     "FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert row[:3] == (1, "write_failed", 1)
    [error] = json.loads(row[3])
    assert error.startswith("run stopped: cannot write to the archive ") and "full" in error
    report = check_archive(db)
    assert report.ok, [p.line() for p in report.problems]

    # Room again: the next run archives the page.
    db.execute("PRAGMA max_page_count = 1073741823")
    again = run_job(db, path, settings, [Source(big_page, "article")])
    assert again.articles["new"] == 1 and again.errors == []


def _limit_file_size(limit: int):
    def limit_it():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, not the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_it


def test_archive_past_a_file_size_limit_is_one_line_and_the_archive_stays_intact(
        server, tmp_path, big_page):
    db = tmp_path / "a.db"
    command = [sys.executable, "-m", "archiver.cli", "archive", "--no-media", "--db", str(db)]
    env = env_for(server)
    first = subprocess.run([*command, f"{server.url}/news/{SMALL}"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    size = db.stat().st_size
    full = subprocess.run([*command, big_page], env=env, capture_output=True, text=True,
                          timeout=120, preexec_fn=_limit_file_size(size + 200_000))
    assert full.returncode == 1, full.stdout + full.stderr
    assert full.stdout == ""
    [line] = full.stderr.splitlines()
    assert line.startswith(f"archiver: cannot write to the archive {db}: ")
    assert line.endswith("; 0 of 1 source archived and kept, the rest not (make room, then "
                         "run the same command again)")
    check = subprocess.run([sys.executable, "-m", "archiver.cli", "check", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and ": intact" in check.stdout, check.stdout + check.stderr
    kept = open_archive_read_only(db)
    assert kept.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_lock_file_that_cannot_be_written_is_one_line_and_no_run(server, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/{SMALL}"\n')
    db = tmp_path / "a.db"
    Path(f"{db}.lock").symlink_to("/dev/full")  # every write: No space left on device
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"archiver: cannot write the lock file {db}.lock: No space left "
                             "on device; nothing done\n")
    assert open_archive(db).execute("SELECT count(*) FROM runs").fetchone()[0] == 0


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_log_that_cannot_be_written_is_one_line_and_the_run_goes_on(server, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/{SMALL}"\n'
                       f'[[source]]\nurl = "{server.url}/news/missing.html"\n')
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db),
                                      "--log", "/dev/full"])
    assert (result.exit_code, result.stdout) == (1, "")
    # Said once, when the first line would not go (here: the 404's, said before it).
    assert sorted(result.stderr.splitlines()) == [
        "archiver: --log /dev/full: cannot write there (No space left on device); the run "
        "goes on",
        f"archiver: {server.url}/news/missing.html: GET {server.url}/news/missing.html "
        "returned 404 Not Found",
    ]
    row = open_archive(db).execute(
        "SELECT articles_new, articles_failed, stopped_reason FROM runs").fetchall()
    assert row == [(1, 1, "completed")]


FILL_AND_ARCHIVE = r"""
set -u
mount -t tmpfs -o size=2m tmpfs "$DISK" || exit 99
"$@" archive "$SMALL" --db "$DISK/a.db" > /dev/null || exit 98
# Fill the disk but for 60 KB: the next page (900 KB) cannot fit.
dd if=/dev/zero of="$DISK/fill" bs=1k count=$(( $(df --output=avail -k "$DISK" | tail -1) - 60 )) 2>/dev/null
"$@" archive "$BIG" --db "$DISK/a.db"; echo "archive exit $?"
"$@" run --sources "$SOURCES" --db "$DISK/a.db"; echo "run exit $?"
"$@" check --db "$DISK/a.db" | tail -2 | head -1; echo "check exit $?"
"$@" runs --db "$DISK/a.db" --format json
"""


def test_a_full_disk_for_real_is_one_line_and_nothing_lost(server, tmp_path, big_page):
    """A 2 MB tmpfs, filled: SQLite's ENOSPC, through the command line, for archive and
    run. Needs a user namespace to mount it without privileges (skipped without)."""
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        pytest.skip("unshare cannot make a user and mount namespace here")
    disk = tmp_path / "disk"
    disk.mkdir()
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{big_page}"\n')
    env = {**env_for(server), "DISK": str(disk), "SMALL": f"{server.url}/news/{SMALL}",
           "BIG": big_page, "SOURCES": str(sources)}
    done = subprocess.run([unshare, "--user", "--map-root-user", "--mount", "bash", "-c",
                           FILL_AND_ARCHIVE, "fill", sys.executable, "-m", "archiver.cli"],
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode == 99:
        pytest.skip("no tmpfs can be mounted in the namespace")
    out = done.stdout.splitlines()
    full = f"archiver: cannot write to the archive {disk}/a.db: database or disk is full"
    archive_line, run_line = done.stderr.splitlines()
    assert archive_line.startswith(full) and archive_line.endswith(
        "; 0 of 1 source archived and kept, the rest not (make room, then run the same "
        "command again)")
    assert run_line.startswith(full) and run_line.endswith(
        "; the run stopped: what it archived before is kept, the rest is left for the next "
        "run")
    assert out[:3] == ["archive exit 1", "run exit 1", out[2]]
    assert out[2].endswith(": intact") and out[3] == "check exit 0", out
    [run] = [json.loads(line) for line in out[4:]]
    assert (run["stopped_reason"], run["exit_status"]) == ("write_failed", 1)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args, stdout_full", [
    (["posts", "--format", "csv"], True),
    (["check"], True),
    (["export-manifest", "-o", "/dev/full"], False),
])
def test_output_onto_a_full_disk_is_one_line(server, tmp_path, args, stdout_full):
    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["archive", f"{server.url}/news/{SMALL}", "--db", str(db)]
                              ).exit_code == 0
    with open("/dev/full", "w") if stdout_full else open(os.devnull, "w") as stdout:
        done = subprocess.run([sys.executable, "-m", "archiver.cli", *args, "--db", str(db)],
                              stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (
        1, "archiver: cannot write the output: No space left on device\n")
