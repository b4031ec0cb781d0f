"""The archive: a SQLite file written with sqlite-utils. The only module with SQL.

`open_archive` opens (creating if needed) and migrates it: WAL journal, foreign keys,
a busy timeout so concurrent writers wait instead of failing, and the numbered SQL files
in db/migrations/ applied in order, each recorded in _sqlite_migrations. Every article
is written in one BEGIN IMMEDIATE transaction: a killed process leaves no half article,
and two processes archiving into one file take turns.

Evidence is append-only (db/migrations/0004_append_only.sql enforces it): an unchanged
page adds no row, a changed page adds a new fetch and new versions.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import timedelta
from glob import escape as glob_escape
from pathlib import Path
from urllib.parse import urlsplit

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .clock import utc_now
from .errors import (ArchiveMissingError, ArchiveOpenError, ArchiveWriteError, NotAnArchiveError,
                     UsageError)
from .plural import counted
from .integrity import (CHAINED_WHEN_SET, EVIDENCE_TABLES, GENESIS, IntegrityReport, Problem,
                        check_integrity, next_chain, row_sha256)
from .ids import snowflake_datetime
from .models import Embed, FetchResult, Page
from .paths import MIGRATIONS_DIR
from .textnorm import canonical_text, fold_for_search, search_terms, search_text

#: Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_SECONDS = 60.0


def _migrations() -> Migrations:
    migrations = Migrations("archiver")
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    if not files:
        raise ArchiveOpenError(f"no migrations found in {MIGRATIONS_DIR}")
    for path in files:
        sql = path.read_text(encoding="utf-8")

        def apply(db, sql=sql, step=_MIGRATION_STEPS.get(path.name)):
            db.executescript(sql)
            if step is not None:  # in the same transaction as the file
                step(db)

        migrations(name=path.name)(apply)
    return migrations


#: The migration set an archive records in `_sqlite_migrations`, and its first migration:
#: a SQLite file is an archive when that table says the set's first migration was applied
#: there (an archive that predates later migrations still is one: they are pending).
MIGRATION_SET = "archiver"
FIRST_MIGRATION = "0001_articles.sql"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def archive_problem(path: Path, conn: sqlite3.Connection) -> str | None:
    """Why the existing file at `path` (open on `conn`) is no archive, or None when it is
    one. An archive is a SQLite database whose `_sqlite_migrations` table records the
    migration set "archiver" with its first migration (0001_articles.sql) applied: what
    `open_archive` writes, in the transaction that creates the tables, when it starts one.
    Any other file — empty, not SQLite, or a SQLite database of something else, a few
    tables or none — is not, and is never turned into one."""
    problem = _not_sqlite(path)
    if problem is not None:
        return problem
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    if "_sqlite_migrations" in tables and conn.execute(
            "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? AND name = ?",
            [MIGRATION_SET, FIRST_MIGRATION]).fetchone():
        return None
    held = (f"its tables: {', '.join(tables[:5])}{', …' if len(tables) > 5 else ''}"
            if tables else "no tables")
    return (f"not an archive: {path} (a SQLite database that no archiver started: "
            f"{held}; an archive records its schema in _sqlite_migrations)")


def _not_sqlite(path: Path) -> str | None:
    """Why the file at `path` is no SQLite database by its first bytes, or None."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(_SQLITE_MAGIC))
    except OSError:
        return None  # unreadable: SQLite says why, on the first read
    if not head:
        return f"not an archive: {path} (an empty file)"
    if head != _SQLITE_MAGIC:
        return f"not an archive: {path} (not a SQLite database)"
    return None


def open_archive(path: str | Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open the archive at `path`, creating (unless not `create`) and migrating it as
    needed. A new archive is started only where there is no file: an existing file that
    is no archive (archive_problem) is refused, never migrated into one.

    Raises:
        ArchiveMissingError: there is no file at `path`, and `create` is false.
        NotAnArchiveError: the file at `path` is no archive.
        ArchiveOpenError: the file cannot be created, opened or migrated.
    """
    path = Path(path)
    existed = path.exists()
    if not create and not existed:  # a typo in --db makes no new, empty archive
        raise ArchiveMissingError(f"no archive at {path}")
    if existed and not path.is_file():
        raise NotAnArchiveError(f"not an archive: {path} (a folder)")
    problem = _not_sqlite(path) if existed else None
    if problem is not None:
        raise NotAnArchiveError(problem)
    try:
        if not existed:
            _start_archive(path)
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
            check_same_thread=False,
        )
        # Looked at before anything is written to it (WAL included).
        problem = archive_problem(path, conn)
        if problem is not None:
            conn.close()
            raise NotAnArchiveError(problem)
        db = _writing(conn)
        migrations = _migrations()
        if migrations.pending(db):
            with write_transaction(db):  # re-checked under the write lock
                migrations.apply(db)
    except (sqlite3.Error, OSError) as exc:
        # SQLITE_CANTOPEN (or no folder made) where the folder takes no new file: SQLite
        # could not add the archive, or its -wal and -shm files, there.
        folder = path.parent if path.parent.is_dir() else None
        cantopen = _no_file_beside(exc)
        why = _unwritable_folder(path) if cantopen and folder is not None else None
        if why is None and isinstance(exc, PermissionError):
            why = exc.strerror
        if why is not None:
            raise ArchiveOpenError(
                f"cannot write the folder of {path} ({why}): SQLite keeps the archive's "
                "-wal and -shm files beside it; make the folder writable, or give another "
                "--db") from exc
        raise ArchiveOpenError(f"cannot open archive {path}: {exc}{_disk_note(path)}") from exc
    return db


def _writing(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """The archive's connection set up for writing: WAL, foreign keys, and the rest."""
    _enable_wal(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    return sqlite_utils.Database(conn)


def _start_archive(path: Path) -> None:
    """A new archive at `path`, whole: made and migrated under a temporary name beside it,
    then linked to `path` only if nothing is there yet. So a file at `path` is never a
    half-made archive (which would look like no archive), and of two processes starting
    one at once, one's archive is kept and the other opens it."""
    import os
    import threading

    if not path.parent.is_dir() and not path.parent.parent.is_dir():
        # one folder is made for a new archive (db/ under the working directory); a
        # chain of them is a mistyped path, as scan's --out is
        missing = path.parent
        while not missing.parent.is_dir():
            missing = missing.parent
        raise ArchiveOpenError(f"no folder {missing} to make the archive {path} in "
                               "(a mistyped path?): make it first, or give another --db")
    path.parent.mkdir(exist_ok=True)
    _remove_dead_starts(path)
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}-{threading.get_ident()}")
    try:
        conn = sqlite3.connect(str(temporary), timeout=BUSY_TIMEOUT_SECONDS,
                               isolation_level=None, check_same_thread=False)
        try:
            db = _writing(conn)
            with write_transaction(db):
                _migrations().apply(db)
        finally:
            conn.close()  # the log folded into the file, and gone
        try:
            os.link(temporary, path)  # never over a file another process put there
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    finally:
        for leftover in ("", "-wal", "-shm"):
            Path(f"{temporary}{leftover}").unlink(missing_ok=True)


def _remove_dead_starts(path: Path) -> None:
    """Remove what a start of an archive at `path` killed midway left (a process killed
    leaves its temporary archive): only our own names, of processes no longer running."""
    import os

    for leftover in path.parent.glob(f".{glob_escape(path.name)}.new-*"):
        pid = leftover.name[len(path.name) + 6:].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except (PermissionError, OverflowError, ValueError):
            pass  # running under another user, or no pid of ours: not ours to remove


def open_archive_read_only(path: str | Path) -> sqlite_utils.Database:
    """Open an existing archive for reading only: nothing is created, migrated or written.

    The connection is in SQLite's read-only mode (`mode=ro`), so the file may be read-only
    and its folder too (an evidence copy, a user without write access). A WAL archive
    whose folder cannot take the shared-memory file is read as immutable, which is safe
    only while it has no write-ahead log: then nothing is pending, and no writer can start
    one in that folder. `db.immutable` says which of the two it is.

    Raises:
        ArchiveMissingError: there is no file at `path`.
        NotAnArchiveError: the file is no archive (archive_problem).
        ArchiveOpenError: it cannot be read, or its schema is older than
            this version (a writing command, or `archiver migrate`, brings it up to date).
    """
    path = Path(path)
    if not path.exists():
        raise ArchiveMissingError(f"no archive at {path}")
    if not path.is_file():
        raise NotAnArchiveError(f"not an archive: {path} (a folder)")
    problem = _not_sqlite(path)  # before SQLite reads it ("file is not a database")
    if problem is not None:
        raise NotAnArchiveError(problem)
    try:
        conn, immutable = read_only_connection(path)
        problem = archive_problem(path, conn)
        if problem is not None:
            conn.close()
            raise NotAnArchiveError(problem)
        db = sqlite_utils.Database(conn)
        pending = _migrations().pending(db)
    except (sqlite3.Error, OSError) as exc:
        raise ArchiveOpenError(f"cannot read archive {path}: {exc}") from exc
    if pending:
        conn.close()
        raise ArchiveOpenError(
            f"the archive {path} predates this version "
            f"({counted(len(pending), 'schema change')}, from {pending[0].name}, "
            f"{'is' if len(pending) == 1 else 'are'} not applied): `archiver migrate --db "
            f"{path}` applies {'it' if len(pending) == 1 else 'them'}")
    db.immutable = immutable
    return db


def raise_if_damaged(exc: BaseException) -> None:
    """Raise ArchiveWriteError (kind "damaged") when `exc` is SQLite finding the archive
    file damaged (SQLITE_CORRUPT, SQLITE_NOTADB): no later read or write of it can be
    trusted, so work stops in one line, where a catch-all for one article's or one post's
    failure would have gone on to fail every other the same way."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in (11, 26) or "malformed" in str(exc) or "not a database" in str(exc):
        raise ArchiveWriteError(f"the archive is damaged ({exc}): `archiver check` names "
                                "what is damaged; nothing more was written", "damaged") from exc


def _no_file_beside(exc: BaseException) -> bool:
    """Whether SQLite could make no file beside the database: SQLITE_CANTOPEN (as root
    where a flag forbids it), or a read-only folder's codes (_READONLY_FOLDER: a user
    without write access to it cannot create the -wal and -shm files)."""
    code = getattr(exc, "sqlite_errorcode", 0) or 0
    return code & 0xFF == 14 or code in _READONLY_FOLDER


def read_only_connection(path: str | Path) -> tuple[sqlite3.Connection, bool]:
    """(a connection that cannot write to the SQLite file at `path`, whether it had to be
    opened as immutable). See open_archive_read_only.

    Raises:
        sqlite3.Error: the file cannot be read.
    """
    path = Path(path)
    uri = path.resolve().as_uri()
    options = dict(uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                   check_same_thread=False)
    conn = sqlite3.connect(f"{uri}?mode=ro", **options)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        if not _no_file_beside(exc) and "unable to open" not in str(exc):
            raise
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise sqlite3.OperationalError(
                f"{exc}: its write-ahead log {wal.name} can only be read with write access "
                "to the folder (copy the archive after the writer has finished)") from None
    conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", **options)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn, True


def schema_version(db) -> str:
    """The name of the newest migration applied (db/migrations/NNNN_*.sql)."""
    applied = _migrations().applied(db)
    return applied[-1].name if applied else "none"


def _enable_wal(conn: sqlite3.Connection) -> None:
    # Switching a new file to WAL needs an exclusive lock, and SQLite does not wait for
    # it through the busy handler: two processes creating one archive at once collide.
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


#: SQLite's primary result codes for a write the file will not take: SQLITE_READONLY,
#: SQLITE_IOERR, SQLITE_FULL (the disk, or max_page_count).
_WRITE_FAILURES = frozenset({8, 10, 13})


@contextmanager
def write_transaction(db: sqlite_utils.Database):
    """BEGIN IMMEDIATE … COMMIT: take the write lock first, so a concurrent writer
    waits (busy timeout) instead of failing on a stale read snapshot.

    Raises:
        ArchiveWriteError: the file would not take the write (disk full, I/O error,
            read-only); the transaction was rolled back, every earlier one is kept.
    """
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            _rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
    except sqlite3.OperationalError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _WRITE_FAILURES:
            raise
        raise ArchiveWriteError(write_failure(db, exc), _write_kind(exc)) from exc


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite rolled back by itself (a full disk can do that)
            pass


#: SQLite's extended codes of a read-only database whose folder is what cannot be written
#: (SQLITE_READONLY_CANTINIT: the -shm file; SQLITE_READONLY_DIRECTORY: a journal).
_READONLY_FOLDER = frozenset({1288, 1544})


def _write_kind(exc: BaseException) -> str:
    """ArchiveWriteError.kind of a write SQLite refused: "read_only" for SQLITE_READONLY
    (the file), "folder" when the folder is what is read-only, else "full"
    (SQLITE_FULL, SQLITE_IOERR)."""
    code = getattr(exc, "sqlite_errorcode", 0) or 0
    if code in _READONLY_FOLDER:
        return "folder"
    return "read_only" if code & 0xFF == 8 else "full"


def write_failure(db, exc: BaseException) -> str:
    """One line: which archive would not take a write, and why (with its disk's free
    space when that is what ran out; said as a read-only file or folder when that is
    what SQLite refused)."""
    path = None
    try:
        path = next((row[2] for row in db.conn.execute("PRAGMA database_list")
                     if row[1] == "main"), None)
    except sqlite3.Error:
        pass
    kind = _write_kind(exc)
    if kind == "read_only" and path:
        return f"{path} is read-only ({exc})"
    if kind == "folder" and path:
        return f"cannot write the folder of {path} ({exc})"
    return f"cannot write to the archive {path or '(in memory)'}: {exc}{_disk_note(path)}"


def _unwritable_folder(path: Path) -> str | None:
    """Why the archive's folder takes no new file (SQLite keeps an archive's -wal and
    -shm files beside it), or None when it does."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=path.parent, prefix=f".{path.name}-probe-"):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def _disk_note(path) -> str:
    """A note naming the free bytes of the disk holding `path`, when it is (nearly)
    full; else nothing."""
    import shutil

    try:
        free = shutil.disk_usage(Path(path).parent).free if path else None
    except OSError:
        return ""
    return f" (its disk has {free:,} bytes free)" if free is not None and free < 1_000_000 else ""


def sha256_hex(data: bytes | str | None) -> str | None:
    """Lowercase hex SHA-256 of bytes (str is hashed as UTF-8), or None."""
    if data is None:
        return None
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- the evidence chain ----------------------------------------------------------------------


def _chain_rows_after(db, table: str, after: int, where: str = "") -> None:
    """Append to the chain every row of `table` whose rowid is above `after`, in rowid
    order (inside the caller's transaction): a batch written by one executemany."""
    pk = EVIDENCE_TABLES[table][0]
    last = db.execute("SELECT chain_sha256 FROM evidence_chain ORDER BY seq DESC LIMIT 1").fetchone()
    previous, now = last[0] if last else GENESIS, utc_now()
    cursor = db.conn.execute(f"SELECT * FROM {table} WHERE rowid > ? {where} ORDER BY rowid",
                             [after])
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(10_000):  # a migration may seal millions of rows
        entries = []
        for values in batch:
            row = dict(zip(names, values))
            row_hash = row_sha256(table, row)
            previous = next_chain(previous, row_hash)
            entries.append((table, str(row[pk]), row_hash, previous, now))
        db.conn.executemany(
            "INSERT INTO evidence_chain (table_name, row_key, row_sha256, chain_sha256,"
            " added_at) VALUES (?, ?, ?, ?, ?)", entries)


def _max_rowid(db, table: str) -> int:
    return db.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]


def seal_rows_written_before_their_chain(db) -> None:
    """Migration 0015's step: chain the rows of the tables it adds to the chain that an
    archive already holds, table by table in the order they were written (finished runs
    only: a run still going is chained when it finishes)."""
    for table in ("post_media", "media_fetches", "post_status_events", "verifications",
                  "quote_claims", "runs"):
        _chain_rows_after(db, table, 0, "AND finished_at IS NOT NULL" if table == "runs" else "")


#: Python steps run right after a migration file, in its transaction.
_MIGRATION_STEPS = {"0015_chain_what_is_cited.sql": seal_rows_written_before_their_chain}


def _chain(db, table: str, key) -> None:
    """Append a written evidence row to the chain (inside the caller's transaction)."""
    pk = EVIDENCE_TABLES[table][0]
    cursor = db.execute(f"SELECT * FROM {table} WHERE {pk} = ?", [key])
    names = [d[0] for d in cursor.description]
    row = dict(zip(names, cursor.fetchone()))
    last = db.execute("SELECT chain_sha256 FROM evidence_chain ORDER BY seq DESC LIMIT 1").fetchone()
    row_hash = row_sha256(table, row)
    db.execute(
        "INSERT INTO evidence_chain (table_name, row_key, row_sha256, chain_sha256, added_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [table, str(key), row_hash, next_chain(last[0] if last else GENESIS, row_hash),
         utc_now()],
    )


def chain_head(db) -> tuple[int, str]:
    """(sequence number, chain SHA-256) of the newest chain entry; (0, GENESIS) if none."""
    row = db.execute("SELECT seq, chain_sha256 FROM evidence_chain ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def iter_chain(db):
    """(seq, table, key, row_sha256, chain_sha256) in order."""
    yield from db.execute(
        "SELECT seq, table_name, row_key, row_sha256, chain_sha256 FROM evidence_chain ORDER BY seq")


def rows_failing_chain(db, wanted) -> list[Problem]:
    """The rows among `wanted` ({evidence table: keys}) that no longer match the evidence
    chain, for a command about to use them (verify, report, the served pages): each row is
    hashed as the store hashed it when it was written (integrity.row_sha256, the one hash
    function for writing and checking) and compared with its newest chain entry. A row
    changed since (row_changed), gone (row_missing) or never chained (unchained_row) is
    one Problem each, in table then key order; an empty list when every row holds.
    `archiver check` says the rest: the chain itself, the derived columns, the indexes.

    Many keys are read by one scan of the table and of its chain entries (a tenth of the
    table or more: as _rows_for_posts), few by chunks of IN (…) lookups."""
    problems: list[Problem] = []
    for table, keys in wanted.items():
        keys = {key for key in keys if key is not None}
        if not keys:
            continue
        pk = EVIDENCE_TABLES[table][0]
        final = CHAINED_WHEN_SET.get(table)
        by_text = {str(key): key for key in keys}
        total = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        entries: dict[str, tuple[int, str]] = {}  # row_key: its newest (seq, row_sha256)
        found: dict = {}

        def take(chain, rows) -> None:
            for row_key, seq, row_hash in chain:
                if row_key in by_text and seq > entries.get(row_key, (0,))[0]:
                    entries[row_key] = (seq, row_hash)
            names = [d[0] for d in rows.description]
            index = names.index(pk)
            for values in rows:
                if values[index] in keys:
                    found[values[index]] = dict(zip(names, values))

        chain_sql = "SELECT row_key, seq, row_sha256 FROM evidence_chain WHERE table_name = ?"
        if len(keys) * 10 >= total:
            take(db.execute(chain_sql, [table]), db.execute(f"SELECT * FROM {table}"))
        else:
            ordered = sorted(by_text)
            for start in range(0, len(ordered), 500):
                chunk = ordered[start:start + 500]
                marks = ",".join("?" * len(chunk))
                take(db.execute(chain_sql + f" AND row_key IN ({marks})", [table, *chunk]),
                     db.execute(f"SELECT * FROM {table} WHERE {pk} IN ({marks})",
                                [by_text[k] for k in chunk]))
        for key in sorted(keys, key=lambda k: (str(type(k)), k)):
            row, entry = found.get(key), entries.get(str(key))
            if row is None:
                if entry is not None:
                    problems.append(Problem(table, str(key), "row_missing",
                                            "a chained row is gone (deleted)"))
                continue  # never written: nothing to use, nothing to say
            if entry is None:
                if final is None or row.get(final) is not None:
                    problems.append(Problem(table, str(key), "unchained_row",
                                            "the row is not in the evidence chain"))
            elif row_sha256(table, row) != entry[1]:
                problems.append(Problem(table, str(key), "row_changed",
                                        "the row differs from the one chained when it was written"))
    return problems


def iter_evidence(db):
    """(table, key, row dict) for every evidence row, streamed."""
    for table, (pk, _blob, _sha) in EVIDENCE_TABLES.items():
        cursor = db.conn.execute(f"SELECT * FROM {table} ORDER BY {pk}")
        names = [d[0] for d in cursor.description]
        index = names.index(pk)
        for values in cursor:
            yield table, values[index], dict(zip(names, values))


def iter_evidence_tables(db):
    """What integrity.check_integrity merges, streamed: for each evidence table, (table,
    its chain entries as (key, row_sha256), its rows as (key, row dict)), both in key
    order; then the chain entries that can be no row's (a table that is no evidence
    table, a key that is no integer for a table keyed by one), one (table, entries, ())
    each. The chain entries of an integer-keyed table are sorted by SQLite (bounded
    memory, spilling to a temporary file), the rows come in their primary key's order."""
    integer_keyed = []
    for table, (pk, _blob, _sha) in EVIDENCE_TABLES.items():
        integer = any(row[1] == pk and row[2].upper() == "INTEGER"
                      for row in db.conn.execute(f"PRAGMA table_info({table})"))
        key = "CAST(row_key AS INTEGER)" if integer else "row_key"
        where = f" AND row_key = CAST({key} AS TEXT)" if integer else ""
        if integer:
            integer_keyed.append(table)
        chained = db.conn.execute(
            f"SELECT {key}, row_sha256 FROM evidence_chain WHERE table_name = ?{where}"
            f" ORDER BY {key}, seq", [table])
        yield table, chained, _rows_by_key(db, table, pk)
    known = ", ".join(f"'{table}'" for table in EVIDENCE_TABLES)
    integer = ", ".join(f"'{table}'" for table in integer_keyed) or "''"
    odd = db.conn.execute(
        f"SELECT table_name, row_key, row_sha256 FROM evidence_chain"
        f" WHERE table_name NOT IN ({known}) OR (table_name IN ({integer})"
        f" AND row_key IS NOT CAST(CAST(row_key AS INTEGER) AS TEXT)) ORDER BY seq")
    for table, key, row_hash in odd:
        yield table, [(key, row_hash)], ()


def _rows_by_key(db, table: str, pk: str):
    cursor = db.conn.execute(f"SELECT * FROM {table} ORDER BY {pk}")
    names = [d[0] for d in cursor.description]
    index = names.index(pk)
    for values in cursor:
        yield values[index], dict(zip(names, values))


def check_archive(db) -> IntegrityReport:
    """Everything `archiver check` checks, read-only: SQLite's own check of the file
    (quick_check), every hash and the chain (integrity.check_integrity), what is derived
    from chained rows derived again (derived_problems), and the search indexes against
    the texts they index (search_index_problems). A file too damaged to read is reported
    as corruption, never raised. Every part reads one snapshot of the archive (one read
    transaction), so a run writing meanwhile does not show as rows half chained."""
    begun = not db.conn.in_transaction
    if begun:
        db.conn.execute("BEGIN")
    try:
        return _check_archive(db)
    finally:
        if begun and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")  # nothing was written: only the snapshot ends


def _check_archive(db) -> IntegrityReport:
    problems: list[Problem] = []
    try:
        lines = [" ".join(str(row[0]).split()) for row in db.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        lines = [f"SQLite's quick_check stopped: {exc}"]
    if lines != ["ok"]:
        problems += [Problem("database", "", "corruption", line) for line in lines]
    try:
        report = check_integrity(iter_chain(db), iter_evidence_tables(db))
    except sqlite3.DatabaseError as exc:
        problems.append(Problem("database", "", "corruption",
                                f"the evidence cannot be read: {exc}"))
        try:
            seq, head = chain_head(db)
        except sqlite3.DatabaseError:
            seq, head = 0, "unknown (the chain cannot be read)"
        return IntegrityReport(0, 0, seq, head, tuple(problems))
    for check in (derived_problems, metadata_problems, schema_problems, search_index_problems,
                  timestamp_problems):
        try:
            problems += check(db)
        except sqlite3.DatabaseError as exc:
            problems.append(Problem("database", "", "corruption",
                                    f"{check.__name__.replace('_', ' ')}: cannot be read: {exc}"))
    # the file's own damage first, then each row that fails its hash or the chain, then
    # what is derived from them, the schema, the search indexes and the time-stamps
    damage = tuple(p for p in problems if p.kind == "corruption")
    rest = tuple(p for p in problems if p.kind != "corruption")
    return IntegrityReport(report.rows, report.bytes, report.head_seq, report.head_sha256,
                           damage + report.problems + rest)


def derived_problems(db) -> list[Problem]:
    """Columns derived from chained rows, derived again: a post's status, reason and
    since-when are its newest status event's (unchecked, or unidentified without an id,
    when it has none); its latest version is X's newest copy of it."""
    problems = []
    for post_id, status, reason, since, has_x_id, event_id, e_status, e_reason, e_at in db.execute(
            """SELECT p.id, p.status, p.unavailable_reason, p.status_since, p.has_x_id,
                      e.id, e.status, e.reason, e.observed_at
               FROM posts p LEFT JOIN post_status_events e ON e.id =
                    (SELECT max(id) FROM post_status_events WHERE post_id = p.id)
               WHERE CASE WHEN e.id IS NULL THEN
                       p.status IS NOT (CASE WHEN p.has_x_id THEN 'unchecked' ELSE 'unidentified' END)
                       OR p.unavailable_reason IS NOT NULL OR p.status_since IS NOT NULL
                     ELSE p.status IS NOT e.status OR p.unavailable_reason IS NOT e.reason
                       OR p.status_since IS NOT e.observed_at END
               ORDER BY p.id"""):
        shown = f"status {status}" + (f" ({reason})" if reason else "") + (
            f" since {since}" if since else "")
        if event_id is None:
            detail = f"{shown}, but no status event records it"
        else:
            detail = (f"{shown}, but its newest status event (#{event_id}, {e_at}) says "
                      f"{e_status}" + (f" ({e_reason})" if e_reason else ""))
        problems.append(Problem("posts", post_id, "derived_mismatch", detail))
    for post_id, latest, expected in db.execute(
            f"""SELECT id, latest_version_id, expected FROM
                (SELECT p.id, p.latest_version_id, (SELECT max(v.id) FROM post_versions v
                 WHERE v.post_id = p.id AND v.source IN {_X_SOURCES!r}) AS expected FROM posts p)
                WHERE latest_version_id IS NOT expected ORDER BY id"""):
        problems.append(Problem(
            "posts", post_id, "derived_mismatch",
            f"latest_version_id is {latest}, but X's newest version of the post is {expected}"))
    return problems


def metadata_problems(db) -> list[Problem]:
    """Columns outside the chain that pages, reports, lookups and verdicts read, checked
    against the chained rows they come from: an article's address is one its fetches
    asked for, and its title is words of its latest page; a post's handle, name and
    account are those of X's newest copy of it; each handle an account is known by (which
    turns a wrong author into a rename), and its name, are those of some copy of X's.
    (The outlet and language a sources file gives are labels, not evidence: unchecked.)"""
    problems = []
    for article_id, url in db.execute(
            """SELECT a.id, a.url FROM articles a WHERE NOT EXISTS (
                   SELECT 1 FROM article_fetches f WHERE f.article_id = a.id
                   AND (f.requested_url = a.url OR f.final_url = a.url
                        -- standard input is named by its bytes (loading.article_url)
                        OR (f.requested_url = '-'
                            AND a.url = 'stdin:' || substr(f.body_sha256, 1, 16))))
               ORDER BY a.id"""):
        problems.append(Problem("articles", str(article_id), "derived_mismatch",
                                f"url is {url!r}, which none of its fetches asked for"))
    for article_id, title, body, encoding in db.execute(
            """SELECT a.id, a.title, f.body, f.encoding FROM articles a
               JOIN article_fetches f ON f.id = (SELECT max(g.id) FROM article_fetches g
                   WHERE g.article_id = a.id AND g.rendered_from IS NULL
                   AND g.error IS NULL AND g.body IS NOT NULL)
               WHERE a.title IS NOT NULL ORDER BY a.id"""):
        if not _words_of(title, body, encoding):
            problems.append(Problem("articles", str(article_id), "derived_mismatch",
                                    f"title is {title!r}, which its latest page does not show"))
    x_sources = f"v.source IN {_X_SOURCES!r}"
    for post_id, *shown in db.execute(
            f"""SELECT p.id, p.handle, p.author_name, p.author_id,
                  (SELECT v.handle FROM post_versions v WHERE v.post_id = p.id AND {x_sources}
                   AND v.handle IS NOT NULL ORDER BY v.id DESC LIMIT 1),
                  (SELECT v.author_name FROM post_versions v WHERE v.post_id = p.id
                   AND {x_sources} AND v.author_name IS NOT NULL ORDER BY v.id DESC LIMIT 1),
                  (SELECT v.author_id FROM post_versions v WHERE v.post_id = p.id
                   AND {x_sources} AND v.author_id IS NOT NULL ORDER BY v.id DESC LIMIT 1)
                FROM posts p WHERE p.latest_version_id IS NOT NULL ORDER BY p.id"""):
        for column, value, expected in zip(("handle", "author_name", "author_id"), shown[:3],
                                           shown[3:]):
            if expected is not None and value != expected:
                problems.append(Problem(
                    "posts", post_id, "derived_mismatch",
                    f"{column} is {value!r}, but X's newest copy of the post says {expected!r}"))
    seen = ("(SELECT DISTINCT author_id, handle, author_name FROM post_versions"
            " WHERE author_id IS NOT NULL AND handle IS NOT NULL)")
    for author_id, handle, name, known, named in db.execute(
            f"""SELECT h.author_id, h.handle, h.name,
                   EXISTS (SELECT 1 FROM {seen} v WHERE v.author_id = h.author_id
                           AND v.handle = h.handle),
                   h.name IS NULL OR EXISTS (SELECT 1 FROM {seen} v WHERE
                           v.author_id = h.author_id AND v.handle = h.handle
                           AND v.author_name = h.name)
                FROM author_handles h ORDER BY h.author_id, h.handle"""):
        if not known:
            problems.append(Problem(
                "author_handles", f"{author_id}/{handle}", "derived_mismatch",
                f"account {author_id} is listed as @{handle}, which no copy of X's shows"))
        elif not named:
            problems.append(Problem(
                "author_handles", f"{author_id}/{handle}", "derived_mismatch",
                f"@{handle} is named {name!r}, which no copy of X's shows"))
    for author_id, handle in db.execute(
            f"""SELECT DISTINCT v.author_id, v.handle FROM {seen} v WHERE NOT EXISTS (
                   SELECT 1 FROM author_handles h WHERE h.author_id = v.author_id
                   AND h.handle = v.handle) ORDER BY 1, 2"""):
        problems.append(Problem(
            "author_handles", f"{author_id}/{handle}", "derived_mismatch",
            f"X showed account {author_id} as @{handle}, which the list of its handles lacks"))
    for author_id, handle, name, known, named in db.execute(
            f"""SELECT a.id, a.handle, a.name,
                   a.handle IS NULL OR EXISTS (SELECT 1 FROM {seen} v
                       WHERE v.author_id = a.id AND v.handle = a.handle),
                   a.name IS NULL OR EXISTS (SELECT 1 FROM {seen} v
                       WHERE v.author_id = a.id AND v.author_name = a.name)
                FROM authors a ORDER BY a.id"""):
        if not known:
            problems.append(Problem("authors", author_id, "derived_mismatch",
                                    f"handle is @{handle}, which no copy of X's shows"))
        if not named:
            problems.append(Problem("authors", author_id, "derived_mismatch",
                                    f"name is {name!r}, which no copy of X's shows"))
    return problems


def _words_of(title: str, body: bytes, encoding: str | None) -> bool:
    """Whether a page's bytes show `title` (entities decoded, whitespace folded)."""
    import html as _html

    try:
        text = body.decode(encoding or "utf-8", "replace")
    except LookupError:
        text = body.decode("utf-8", "replace")
    # (as written, and with its character references read: a page may escape them twice;
    # without control characters and noncharacters, which the parser keeps from "&#27;"
    # and html.unescape drops)
    def folded(value: str) -> str:
        return " ".join(value.translate(_NOT_SHOWN).split())

    pages = {folded(text), folded(_html.unescape(text))}
    titles = {folded(title), folded(_html.unescape(title))}
    return any(t in page for t in titles for page in pages)


#: Code points no reader sees in a title: C0 and C1 controls (whitespace aside), DEL and
#: the noncharacters U+FDD0-FDEF and U+xFFFE/xFFFF.
_NOT_SHOWN = dict.fromkeys(
    [c for c in range(0x20) if chr(c) not in "\t\n\r\x0c"] + list(range(0x7F, 0xA0))
    + list(range(0xFDD0, 0xFDF0)) + [p + 0xFFFE for p in range(0, 0x110000, 0x10000)]
    + [p + 0xFFFF for p in range(0, 0x110000, 0x10000)])


#: The triggers that keep evidence append-only (db/migrations/0004, 0008, 0010, 0015, 0016):
#: a table's rows can be neither changed nor deleted, a run's only until it finishes.
APPEND_ONLY_TRIGGERS = tuple(
    f"{table}_{kind}" for table in (*EVIDENCE_TABLES, "evidence_chain")
    for kind in (("no_delete", "finished_no_update") if table == "runs"
                 else ("no_update", "no_delete")))


def schema_problems(db) -> list[Problem]:
    """The append-only triggers, each present and refusing: one dropped (or made to
    refuse nothing) lets rows be rewritten without an error."""
    present = {name: sql or "" for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    problems = []
    for name in APPEND_ONLY_TRIGGERS:
        if name not in present:
            problems.append(Problem("schema", name, "trigger_missing",
                                    "this append-only trigger is gone: rows can be changed "
                                    "or deleted without an error"))
        elif "RAISE" not in present[name].upper():
            problems.append(Problem("schema", name, "trigger_changed",
                                    "this append-only trigger no longer refuses anything"))
    return problems


MANIFEST_FORMAT = "x-post-archiver evidence manifest 1"


def manifest_problems(db, manifest: dict) -> tuple[list[Problem], str]:
    """The archive's chain against a manifest exported earlier (`export-manifest`): the
    chain must still hold the manifest's head at its place, which commits every row up to
    it. A chain that ends before it lost its newest rows; one that differs there was
    rewritten from some row on (the first row that differs is named). Returns the problems
    and one line saying what was compared."""
    head = manifest.get("head") or {}
    seq, sha = head.get("seq"), head.get("chain_sha256")
    made = manifest.get("generated_at") or "an unknown date"
    if manifest.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"not an evidence manifest of this tool (its format is "
                         f"{manifest.get('format')!r})")
    if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(sha, str) or not sha:
        raise ValueError("not an evidence manifest: its head is not a sequence number and "
                         "a chain hash "
                         f"(head: {json.dumps(manifest.get('head'))[:120]})")
    newest, _ = chain_head(db)
    row = db.execute("SELECT chain_sha256 FROM evidence_chain WHERE seq = ?", [seq]).fetchone()
    if row is not None and row[0] == sha:
        return [], (f"manifest of {made}: the chain still holds its head #{seq}, so the chain "
                    f"up to it is the manifest's (each row against its own hash: above); "
                    f"{newest - seq} rows added since")
    first = None
    for entry in manifest.get("rows") or ():
        held = db.execute("SELECT chain_sha256 FROM evidence_chain WHERE seq = ?",
                          [entry.get("seq")]).fetchone()
        if held is None or held[0] != entry.get("chain_sha256"):
            first = entry
            break
    if row is None and (first is None or first.get("seq", 0) > newest):
        detail = (f"the manifest of {made} ends at head #{seq}; the chain now ends at "
                  f"#{newest}: its {seq - newest} newest rows are gone")
        return [Problem("evidence_chain", str(newest + 1), "chain_cut", detail)], ""
    where = (f"from row #{first['seq']} ({first.get('table')} {first.get('key')}) on"
             if first else "at its head")
    detail = (f"the chain differs from the manifest of {made} {where}: rows up to the "
              f"manifest's head #{seq} were rewritten or removed")
    return [Problem("evidence_chain", str(first["seq"]) if first else str(seq),
                    "chain_rewritten", detail)], ""


def timestamp_problems(db) -> list[Problem]:
    """Each stored timestamp token validated against the chain head it names: that head
    is in the chain, and the token is a valid signature over it, up to the CA kept with
    it (archiver.timestamps.token_problem)."""
    rows = db.execute("SELECT t.id, t.head_seq, t.head_sha256, t.token, t.roots,"
                      " c.chain_sha256 FROM timestamps t LEFT JOIN evidence_chain c"
                      " ON c.seq = t.head_seq ORDER BY t.id").fetchall()
    if not rows:
        return []
    from .timestamps import token_problem

    problems = []
    for key, seq, head, token, roots, chained in rows:
        if chained != head:
            problems.append(Problem("timestamps", str(key), "timestamp",
                                    f"names head #{seq} {head}, which the chain does not hold"))
        reason = token_problem(token, head, roots)
        if reason:
            problems.append(Problem("timestamps", str(key), "timestamp", reason))
    return problems


def record_timestamp(db, token, requested_at: str) -> int:
    """Store a checked token (archiver.timestamps.Token), chained; returns its id."""
    with write_transaction(db):
        cursor = db.execute(
            """INSERT INTO timestamps (tsa_url, requested_at, head_seq, head_sha256, gen_time,
               serial, policy, token, token_sha256, roots) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            [token.tsa_url, requested_at, token.head_seq, token.head_sha256, token.gen_time,
             token.serial, token.policy, token.token, sha256_hex(token.token), token.roots])
        _chain(db, "timestamps", cursor.lastrowid)
        return cursor.lastrowid


def timestamps_summary(db) -> tuple[int, dict | None]:
    """(how many tokens are stored, the newest as a dict or None)."""
    count = db.execute("SELECT count(*) FROM timestamps").fetchone()[0]
    cursor = db.execute("SELECT id, tsa_url, head_seq, head_sha256, gen_time FROM timestamps"
                        " ORDER BY id DESC LIMIT 1")
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return count, dict(zip(names, row)) if row else None


#: Full-text indexes, the table and column each indexes (db/migrations/0003_search.sql).
SEARCH_INDEXES = (("post_versions_fts", "post_versions", "text_search"),
                  ("embeds_fts", "embeds", "quoted_text_search"))


def search_index_problems(db) -> list[Problem]:
    """Each full-text index read whole and compared with an index SQLite builds afresh,
    in a temporary table, from the texts it indexes: for every word, the rows and
    occurrences. A damaged index ("malformed" on search) or one edited to hide a row is
    named. Writes nothing to the archive (temporary tables only)."""
    problems = []
    for index, table, column in SEARCH_INDEXES:
        fresh, vocab, fresh_vocab = (f"temp.integrity_{index}", f"temp.integrity_{index}_vocab",
                                     f"temp.integrity_{index}_fresh_vocab")
        statements = [
            f"CREATE VIRTUAL TABLE {fresh} USING fts5({column}, content='')",
            f"INSERT INTO {fresh} (rowid, {column}) SELECT rowid, {column} FROM main.{table}"
            f" WHERE {column} IS NOT NULL",
            f"CREATE VIRTUAL TABLE {vocab} USING fts5vocab(main, {index}, row)",
            f"CREATE VIRTUAL TABLE {fresh_vocab} USING fts5vocab(temp, integrity_{index}, row)",
        ]
        try:
            for statement in statements:
                db.execute(statement)
            differ = db.execute(
                f"""SELECT term FROM (SELECT term, doc, cnt FROM {vocab} EXCEPT
                                      SELECT term, doc, cnt FROM {fresh_vocab})
                    UNION SELECT term FROM (SELECT term, doc, cnt FROM {fresh_vocab} EXCEPT
                                            SELECT term, doc, cnt FROM {vocab})
                    ORDER BY term""").fetchall()
        except sqlite3.DatabaseError as exc:
            problems.append(Problem(index, "", "search_index", f"cannot be read: {exc}"))
            differ = []
        finally:
            for name in (fresh_vocab, vocab, fresh):
                try:
                    db.execute(f"DROP TABLE IF EXISTS {name}")
                except sqlite3.DatabaseError:
                    pass
        if differ:
            problems.append(Problem(
                index, "", "search_index",
                f"{counted(len(differ), 'word is', 'words are')} not indexed as "
                f"{table}.{column} holds them "
                f"(first: {differ[0][0]!r}); a search would miss or invent rows"))
    return problems


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording one fetch of an article did to the archive."""

    article_id: int
    fetch_id: int | None  # None when nothing new was stored
    state: str  # "new" (first fetch), "changed", "unchanged" or "failed"
    embeds: int = 0  # embeds stored for this fetch
    new_posts: int = 0
    new_versions: int = 0
    rendered_fetch_id: int | None = None  # the rendered DOM's row (or its failure's)
    #: When the fetch is a copy older than the article's current one (stored as evidence,
    #: not made current): when the current copy was made.
    current_since: str | None = None
    embeds_fetch_id: int | None = None  # the row this fetch's embeds are stored against
    note: str | None = None  # why a fetch that answered is no copy of the article


#: How a rendered DOM was decoded (article_fetches.encoding_source): it is UTF-8 by
#: construction, serialised by the browser.
RENDERED_ENCODING_SOURCE = "rendered"
RENDERED_CONTENT_TYPE = "text/html; charset=utf-8"


def record_fetch(db, article_url: str, fetch: FetchResult, page: Page | None,
                 rendered: FetchResult | None = None,
                 rendered_page: Page | None = None, *, same_content: bool = False) -> Recorded:
    """Store one fetch of an article and what was extracted from it, in one transaction.

    A failed fetch is stored with its error. A 304, a body identical to the article's
    latest stored raw body, or (`same_content`) one that differs from it only in what no
    reader sees (archiver.extract.page_fingerprint: a per-request nonce, a token), adds
    nothing (only `articles.last_checked_at` moves).

    `rendered` is the same page as a browser rendered it (body: the DOM as UTF-8;
    `detail`: the render's account; or `error` when rendering failed). It is stored as its
    own fetch row, `rendered_from` the raw one. When it holds a DOM, the article's embeds
    are `rendered_page`'s (the raw page's and those found only after rendering, marked) and
    are stored against it, so that it is the article's current copy; when it failed, the
    raw page's embeds are stored against the raw row.
    """
    with write_transaction(db):
        article_id, created = _article_row(db, article_url, fetch.fetched_at)
        if fetch.not_modified:
            return Recorded(article_id, None, "unchanged")
        if not fetch.ok:
            if fetch.body is not None and db.execute(
                    "SELECT 1 FROM article_fetches WHERE article_id = ? AND fetched_at = ? AND"
                    " error IS ? AND body_sha256 = ? AND rendered_from IS NULL LIMIT 1",
                    [article_id, fetch.fetched_at, fetch.error, sha256_hex(fetch.body)]
            ).fetchone():
                # that very failure stored already (the same time, error and bytes: a
                # web archive's capture of no page, archived again)
                return Recorded(article_id, None, "failed")
            fetch_id = _insert_fetch(db, article_id, fetch, None, None)
            return Recorded(article_id, fetch_id, "failed")
        body_sha256 = sha256_hex(fetch.body)
        current = _current_raw(db, article_id)
        latest = current[1] if current else None
        # A copy made before the current one (a web archive's capture of long ago) is
        # stored, with its embeds, as evidence of what the article showed then — the same
        # bytes as now too: it shows since when — unless that very capture is stored (the
        # same time, the same bytes: a WARC archived again); the article stays as its
        # newer copy shows it (schema 0023's trigger keeps articles.current_fetch_id by
        # the same rule).
        earlier = current is not None and fetch.fetched_at < current[2]
        if earlier:
            if db.execute("SELECT 1 FROM article_fetches WHERE article_id = ? AND fetched_at = ?"
                          " AND body_sha256 = ? AND rendered_from IS NULL LIMIT 1",
                          [article_id, fetch.fetched_at, body_sha256]).fetchone():
                return Recorded(article_id, None, "unchanged")
        elif latest is not None and (latest == body_sha256 or same_content):
            return Recorded(article_id, None, "unchanged")
        if current is not None and not earlier and not (page and page.embeds) and not (
                rendered_page and rendered_page.embeds):
            unlike = _not_the_article(db, article_id, current[0], fetch, page)
            if unlike is not None:
                # a consent wall, a paywall, an error page served with 200: stored as what
                # the server sent, never as the article's copy (its posts and verdicts stay)
                if db.execute("SELECT 1 FROM article_fetches WHERE article_id = ? AND error ="
                              " 'not_the_article' AND body_sha256 = ? LIMIT 1",
                              [article_id, body_sha256]).fetchone():
                    return Recorded(article_id, None, "failed", note=unlike)  # stored once
                fetch = replace(fetch, error="not_the_article", detail=unlike)
                fetch_id = _insert_fetch(db, article_id, fetch, None, body_sha256)
                return Recorded(article_id, fetch_id, "failed", note=unlike)
        fetch_id = _insert_fetch(db, article_id, fetch, page, body_sha256)
        if not earlier:
            _update_article(db, article_id, article_url, fetch, page)
        embeds_fetch_id, embeds_page, rendered_id = fetch_id, page, None
        if rendered is not None:
            dom_page = rendered_page if rendered.ok else None
            rendered_id = _insert_fetch(
                db, article_id, rendered, dom_page, None, rendered_from=fetch_id,
                content_type=RENDERED_CONTENT_TYPE if rendered.ok else None,
                encoding="utf-8" if rendered.ok else None,
                encoding_source=RENDERED_ENCODING_SOURCE)
            if rendered.ok and rendered_page is not None:
                embeds_fetch_id, embeds_page = rendered_id, rendered_page
        new_posts = new_versions = 0
        for embed in embeds_page.embeds if embeds_page else ():
            post_id, post_created, version_id, version_created = _record_post(db, embed, fetch, fetch_id)
            new_posts += post_created
            new_versions += version_created
            _insert_embed(db, article_id, embeds_fetch_id, post_id, version_id, embed)
        state = "new" if created or latest is None else "changed"
        return Recorded(article_id, fetch_id, state, len(embeds_page.embeds) if embeds_page else 0,
                        new_posts, new_versions, rendered_id,
                        current_since=current[2] if earlier else None,
                        embeds_fetch_id=embeds_fetch_id)


#: A page is not the article's when, showing no post where the article's copy shows some,
#: it is this much smaller than that copy and has another title.
_UNLIKE_SIZE = 3


def _not_the_article(db, article_id: int, current_id: int, fetch: FetchResult,
                     page) -> str | None:
    """Why a fetch that shows no post is not a copy of the article whose current copy
    shows some (a consent wall, a paywall, an error page answered with 200), or None: a
    page under another title, a third of the copy's size or less. A corrected article
    keeps its title and most of its text."""
    row = db.execute(
        """SELECT f.body_bytes, a.title,
                  (SELECT count(*) FROM embeds e WHERE e.fetch_id = a.current_fetch_id)
           FROM articles a JOIN article_fetches f ON f.id = ? WHERE a.id = ?""",
        [current_id, article_id]).fetchone()
    if row is None or not row[2] or not row[0] or fetch.body is None:
        return None
    size, title, shown = row
    new_title = (page.title if page else None) or ""
    if len(fetch.body) * _UNLIKE_SIZE > size or " ".join(new_title.split()) == " ".join(
            (title or "").split()):
        return None
    return (f"not the article: a page titled “{new_title[:80] or 'nothing'}”, "
            f"{len(fetch.body) * 100 // size}% of the size of its last copy, showing none of"
            f" its {shown} post{'s' if shown != 1 else ''} (a consent, paywall or error page?)"
            "; stored as sent, the article stands as its last copy shows it")


#: The raw fetch (not a rendered DOM) of an article `a`'s current copy.
_CURRENT_RAW = ("f.id = (SELECT coalesce(c.rendered_from, c.id) FROM article_fetches c"
                " WHERE c.id = a.current_fetch_id)")


def _current_raw(db, article_id: int) -> tuple[int, str, str] | None:
    """(id, body SHA-256, fetched_at) of the raw fetch of the article's current copy."""
    return db.execute(
        f"""SELECT f.id, f.body_sha256, f.fetched_at FROM articles a JOIN article_fetches f
           ON f.article_id = a.id WHERE a.id = ? AND {_CURRENT_RAW}""", [article_id]).fetchone()


def latest_raw_body(db, article_url: str) -> tuple[str, bytes, str | None] | None:
    """(SHA-256, bytes, Content-Type) of the raw body of the article's current copy, or
    None."""
    return db.execute(
        f"""SELECT f.body_sha256, f.body, f.content_type FROM article_fetches f
           JOIN articles a ON a.id = f.article_id WHERE a.url = ? AND {_CURRENT_RAW}
           AND f.body IS NOT NULL""", [article_url]).fetchone()


def latest_body_sha256(db, article_url: str) -> str | None:
    """SHA-256 of the raw body (not a rendered DOM) of the article's current copy, or None."""
    row = db.execute("SELECT id FROM articles WHERE url = ?", [article_url]).fetchone()
    current = _current_raw(db, row[0]) if row else None
    return current[1] if current else None


def conditional_headers(db, article_url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the raw fetch of the article's current copy
    (the article the address names, archived under it or reached by it before)."""
    article_url = stored_article_url(db, article_url) or article_url
    row = db.execute(
        f"""SELECT f.etag, f.last_modified FROM article_fetches f JOIN articles a
           ON a.id = f.article_id WHERE a.url = ? AND {_CURRENT_RAW}""",
        [article_url]).fetchone()
    headers = {}
    if row and row[0]:
        headers["If-None-Match"] = row[0]
    if row and row[1]:
        headers["If-Modified-Since"] = row[1]
    return headers


def _article_row(db, url: str, now: str) -> tuple[int, bool]:
    row = db.execute("SELECT id FROM articles WHERE url = ?", [url]).fetchone()
    if row is not None:
        # (a web archive's capture may be older than what is stored: first seen goes back
        # to it, last checked never does)
        db.execute("UPDATE articles SET last_checked_at = max(last_checked_at, ?),"
                   " first_seen_at = min(first_seen_at, ?) WHERE id = ?", [now, now, row[0]])
        return row[0], False
    cursor = db.execute(
        "INSERT INTO articles (url, outlet, first_seen_at, last_checked_at) VALUES (?, ?, ?, ?)",
        [url, urlsplit(url).hostname, now, now],
    )
    return cursor.lastrowid, True


_UNSET = object()


def _insert_fetch(db, article_id, fetch: FetchResult, page: Page | None, body_sha256, *,
                  rendered_from: int | None = None, content_type=_UNSET, encoding=_UNSET,
                  encoding_source=_UNSET) -> int:
    headers = fetch.headers or {}
    if content_type is _UNSET:
        content_type = headers.get("content-type")
    if encoding is _UNSET:
        encoding = page.encoding if page else None
    if encoding_source is _UNSET:
        encoding_source = page.encoding_source if page else None
    cursor = db.execute(
        """INSERT INTO article_fetches (article_id, fetched_at, requested_url, final_url,
           status, content_type, encoding, etag, last_modified, headers, body, body_bytes,
           body_sha256, embeds_found, error, detail, encoding_source, rendered_from)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            article_id, fetch.fetched_at, fetch.url, fetch.final_url, fetch.status,
            content_type, encoding,
            headers.get("etag"), headers.get("last-modified"),
            json.dumps(headers, sort_keys=True) if headers else None,
            fetch.body, len(fetch.body) if fetch.body is not None else None,
            body_sha256 if body_sha256 else sha256_hex(fetch.body),
            len(page.embeds) if page else None, fetch.error, fetch.detail,
            encoding_source, rendered_from,
        ],
    )
    _chain(db, "article_fetches", cursor.lastrowid)
    return cursor.lastrowid


def _update_article(db, article_id: int, url: str, fetch: FetchResult, page: Page | None) -> None:
    if page is None:
        return
    host = urlsplit(fetch.final_url or url).hostname
    db.execute(
        """UPDATE articles SET canonical_url = ?, title = ?, outlet = ?, lang = ?, published = ?
           WHERE id = ?""",
        [page.canonical_url, page.title, page.site_name or host, page.lang, page.published,
         article_id],
    )


def archive_post_id(embed: Embed) -> str:
    """The posts.id of an embed: X's id, or a stable key for a post shown without one."""
    if embed.post_id:
        return embed.post_id
    key = "\n".join([(embed.handle or "").lower(), embed.date or "", fold_for_search(embed.text)])
    return "text:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _record_post(db, embed: Embed, fetch: FetchResult, fetch_id: int):
    """Ensure the posts row of an embed. The embed's own claims (text, author, date,
    media, markup) are stored in its embeds row only: what an article shows is never a
    version of the post (post_versions hold what X, or a marked third party, served).

    Returns (posts.id, post created?, None, False).
    """
    post_id = archive_post_id(embed)
    now = fetch.fetched_at
    row = db.execute("SELECT 1 FROM posts WHERE id = ?", [post_id]).fetchone()
    created = row is None
    if created:
        # The handle and name an article shows are where a post X never answered for can
        # be looked up by; X's answer replaces them (store.record_resolution).
        moment = snowflake_datetime(embed.post_id) if embed.post_id else None
        db.execute(
            """INSERT INTO posts (id, has_x_id, status, handle, author_name, created_at, date,
               first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [post_id, int(embed.post_id is not None),
             "unchecked" if embed.post_id else "unidentified", embed.handle, embed.author_name,
             moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if moment else None,
             embed.date, now, now],
        )
    else:
        db.execute(
            """UPDATE posts SET last_seen_at = ?, handle = coalesce(handle, ?),
               author_name = coalesce(author_name, ?) WHERE id = ?""",
            [now, embed.handle, embed.author_name, post_id],
        )
    return post_id, created, None, False


def _insert_embed(db, article_id, fetch_id, post_id, version_id, embed: Embed) -> None:
    cursor = db.execute(
        """INSERT INTO embeds (article_id, fetch_id, post_id, post_version_id, kind, form,
           positions, handle, author_name, shown_date, date, url, quoted_text, lang, media,
           raw_html, raw_sha256, quoted_text_search, rendered)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [article_id, fetch_id, post_id, version_id, embed.kind, embed.form,
         json.dumps(list(embed.positions)), embed.handle, embed.author_name,
         embed.shown_date, embed.date, embed.url, embed.text, embed.lang,
         json.dumps(list(embed.media)), embed.raw, sha256_hex(embed.raw),
         search_text(embed.text), int(embed.rendered)],
    )
    _chain(db, "embeds", cursor.lastrowid)


# --- reading ---------------------------------------------------------------------------------


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_date(value: str | None, name: str = "date") -> str | None:
    """Validate a YYYY-MM-DD date; raise UsageError with a one-line message otherwise,
    naming `name` (the option, `--since`) and saying whether the value is not in that
    form or is in it but no day of the calendar (2025-02-30)."""
    if value is None:
        return None
    if not _DATE_SHAPE.fullmatch(value):
        raise UsageError(f"invalid {name} {value!r}: expected YYYY-MM-DD")
    try:
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        year, month, _day = map(int, value.split("-"))
        if not 1 <= month <= 12:
            why = f"there is no month {month:02d}"
        elif year == 0:
            why = "there is no year 0000"
        else:
            days = calendar.monthrange(year, month)[1]
            why = f"{calendar.month_name[month]} {year} has {days} days"
        raise UsageError(f"invalid {name} {value!r}: no such date ({why})") from None


def normal_handle(handle: str) -> str:
    """A handle as typed, as handles are matched: without the spaces around it or the
    @ before it (`" @HakanFidan"` is `HakanFidan`; case is ignored where it is matched);
    a profile's or a post's address pasted from X is the handle in it
    (`https://x.com/HakanFidan`, `twitter.com/HakanFidan/status/…`)."""
    typed = handle.strip()
    pasted = _PROFILE_URL_RE.fullmatch(typed)
    if pasted is not None:
        return pasted.group(1)
    return typed.removeprefix("@").strip()


#: X's address of a profile, or of anything under it, as a browser's address bar shows it.
_PROFILE_URL_RE = re.compile(r"(?:https?://)?(?:(?:www|mobile)\.)?(?:x|twitter)\.com/@?"
                             r"([A-Za-z0-9_]{1,15})(?:[/?#]\S*)?", re.IGNORECASE)


#: SQL: the newest edit X names of the post `p`, when it is another post's id: from the
#: longest edit history any of X's copies gave (a history only grows; a copy from oEmbed,
#: or a cached answer, names none). For every listing of posts (the CLI's, the web's).
EDITED_TO = """(SELECT CASE WHEN json_extract(e.edit_ids, '$[#-1]') != p.id
                            THEN json_extract(e.edit_ids, '$[#-1]') END
                  FROM post_versions e WHERE e.post_id = p.id AND e.edit_ids LIKE '%,%'
                   AND e.source != 'embed' AND json_valid(e.edit_ids)
                  ORDER BY json_array_length(e.edit_ids) DESC, e.id DESC LIMIT 1)"""

#: The columns find_posts gives, in order (a listing with no row still has them).
POST_COLUMNS = ("post_id", "handle", "author_name", "date", "url", "text", "text_cut",
                "article_text", "status", "reason", "media", "articles", "misquoted",
                "first_seen_at", "edited_to")


#: SQL: the id of the fetch holding an article's current copy, for the SQL naming the
#: article's id (`.format(...)`): its newest successful fetch by the time it was made (a
#: web archive's capture may be older than a fetch stored before it), or the DOM rendered
#: from it when the embeds were read from that (kept by schema 0023's trigger). A
#: copy that shows no post is current too: the posts of a copy before it are no longer
#: the article's.
CURRENT_COPY = "(SELECT current_fetch_id FROM articles WHERE id = {})"


#: A quote_claims row `q` is its prose quote's newest check, for the article's current
#: copy (CURRENT_COPY): the check the article page shows (browse's `prose_quotes`;
#: `latest_claims`). One whose result is 'altered' is a misquote (the `misquotes` view,
#: schema 0023, says the same).
PROSE_NEWEST = """q.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = q.article_id)
    AND q.id = (SELECT max(id) FROM quote_claims WHERE article_id = q.article_id
                AND fetch_id = q.fetch_id AND handle = q.handle AND sentence = q.sentence
                AND quote = q.quote)"""


#: SQL: the post `p` is not a copy without id that verification matched to a post of X.
NOT_A_MATCHED_COPY = (
    "(p.has_x_id OR NOT EXISTS (SELECT 1 FROM embeds c JOIN verifications m"
    " ON m.embed_id = c.id WHERE c.post_id = p.id AND m.post_id IS NOT NULL"
    " AND m.post_id != p.id))")


def find_posts(
    db,
    *,
    handle: str | None = None,
    date: str | None = None,
    since: str | None = None,
    until: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Posts matching every filter given, newest first.

    Args:
        handle: case-insensitive, with or without "@"; a handle the account had before
            finds its posts too.
        date, since, until: YYYY-MM-DD, inclusive.
        search: words that must all occur in a version of X's text of the post (for a
            post X never served: in an article's quote of it, returned as `article_text`,
            never as `text`); folded like the index (Arabic harakat, tatweel and alef
            forms, Turkish İ/ı, case).

    Raises:
        UsageError: a date that is not YYYY-MM-DD.
    """
    date, since, until = parse_date(date), parse_date(since, "since"), parse_date(until, "until")
    # A post known only from an article's copied text (no id), which verification matched
    # to an archived post, is that post: listed once, under its id.
    where, params = [NOT_A_MATCHED_COPY], []
    if handle:
        # the handle now, or one the same account was known by (a rename: `@OldDesk` finds
        # what @NewDesk posted; the rows say the handle X shows now)
        where.append("(p.handle = ? COLLATE NOCASE OR p.author_id IN (SELECT h.author_id FROM"
                     " author_handles h WHERE h.handle = ? COLLATE NOCASE))")
        params += [normal_handle(handle)] * 2
    if date:
        where.append("p.date = ?")
        params.append(date)
    if since:
        where.append("p.date >= ?")
        params.append(since)
    if until:
        where.append("p.date <= ?")
        params.append(until)
    if search is not None:
        query, inside = search_terms(search)
        if not query and not inside:
            return []
        # X's text; for a post X never served, the words an article quotes it with. A word
        # of a script written without spaces is looked for inside the folded text (LIKE):
        # the index holds a run of its letters as one token.
        like = " AND ".join(["{0} LIKE ? ESCAPE '\\'"] * len(inside))
        versions = ("SELECT v.post_id FROM post_versions v"
                    + (" JOIN post_versions_fts f ON f.rowid = v.id" if query else "")
                    + " WHERE v.source != 'embed'"
                    + (" AND post_versions_fts MATCH ?" if query else "")
                    + (" AND " + like.format("v.text_search") if inside else ""))
        quotes = ("SELECT e.post_id FROM embeds e"
                  + (" JOIN embeds_fts g ON g.rowid = e.id" if query else "")
                  + " WHERE 1"
                  + (" AND embeds_fts MATCH ?" if query else "")
                  + (" AND " + like.format("e.quoted_text_search") if inside else ""))
        where.append(f"(p.id IN ({versions}) OR (p.latest_version_id IS NULL"
                     f" AND p.id IN ({quotes})))")
        patterns = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                    for w in inside]
        params += ([query] if query else []) + patterns + ([query] if query else []) + patterns
    sql = f"""
        SELECT CASE WHEN p.has_x_id THEN p.id END AS post_id, p.handle, p.author_name, p.date,
               CASE WHEN p.has_x_id THEN 'https://x.com/' ||
                    coalesce(p.handle, 'i/web') || '/status/' || p.id END AS url,
               v.text,
               -- X served a cut long post: the text is not the whole post
               CASE WHEN v.text IS NOT NULL THEN coalesce(v.source_truncated, 0) != 0
                    END AS text_cut,
               CASE WHEN v.text IS NULL THEN (SELECT e.quoted_text FROM embeds e
                    WHERE e.post_id = p.id AND e.quoted_text IS NOT NULL
                    ORDER BY e.id DESC LIMIT 1) END AS article_text,
               p.status, p.unavailable_reason AS reason,
               (SELECT count(DISTINCT f.sha256) FROM post_versions pv
                  JOIN post_media m ON m.post_version_id = pv.id
                  JOIN media_fetches f ON f.url = m.image_url AND f.sha256 IS NOT NULL
                  WHERE pv.post_id = p.id) AS media,
               -- articles whose current copy shows it (a corrected one no longer does)
               (SELECT count(DISTINCT e.article_id) FROM embeds e WHERE (e.post_id = p.id
                  OR e.id IN (SELECT m.embed_id FROM verifications m WHERE m.post_id = p.id))
                  AND e.fetch_id = (SELECT current_fetch_id FROM articles
                                    WHERE id = e.article_id))
                   AS articles,
               -- articles whose newest check of it is a misquote (the misquotes view)
               (SELECT count(DISTINCT m.article_id) FROM misquotes m WHERE m.post_id = p.id)
                   AS misquoted,
               p.first_seen_at,
               {EDITED_TO} AS edited_to
        -- X's text: its newest copy from the embedded-post data, the fullest it serves
        -- (a long post's whole text, a photo's link left out of the words), else its
        -- newest copy: a run where only oEmbed answered (syndication busy, a post hidden
        -- from logged-out readers since) leaves a copy that carries less
        FROM posts p LEFT JOIN post_versions v ON v.id = coalesce(
                 (SELECT max(s.id) FROM post_versions s
                   WHERE s.post_id = p.id AND s.source = 'syndication'), p.latest_version_id)
             AND v.source != 'embed'
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY p.date DESC, p.id DESC
        {"LIMIT ?" if limit else ""}
    """
    if limit:
        params.append(limit)
    cursor = db.execute(sql, params)
    names = tuple(d[0] for d in cursor.description)
    assert names == POST_COLUMNS, names  # the listing's columns, with or without rows
    found = [dict(zip(names, row)) for row in cursor.fetchall()]
    for row in found:
        if row["text_cut"] is not None:
            row["text_cut"] = bool(row["text_cut"])
    return found


def counts(db) -> dict[str, int]:
    """Row counts of the main tables, for summaries. `posts` counts the posts as
    `find_posts` lists them (and the browsing pages count them): a copy of a post an
    article shows as plain text without its id (status `unidentified`, id `text:…`) that
    verification matched to an archived post is that post, counted apart as
    `matched_text_copies`; `unidentified` says how many of the posts counted are such
    copies matched to none (listed, with that status)."""
    def one(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return {
        "articles": one("SELECT count(*) FROM articles"),
        "article_fetches": one("SELECT count(*) FROM article_fetches"),
        "embeds": one("SELECT count(*) FROM embeds"),
        "posts": one(f"SELECT count(*) FROM posts p WHERE {NOT_A_MATCHED_COPY}"),
        "post_versions": one("SELECT count(*) FROM post_versions"),
        "unidentified": one(f"SELECT count(*) FROM posts p WHERE NOT p.has_x_id"
                            f" AND {NOT_A_MATCHED_COPY}"),
        "matched_text_copies": one(f"SELECT count(*) FROM posts p WHERE NOT {NOT_A_MATCHED_COPY}"),
    }


# --- X's evidence: checks, versions, status, authors, media ----------------------------------


@dataclass(frozen=True, slots=True)
class RecordedPost:
    """What recording one resolution did."""

    post_id: str
    status: str  # the post's status after it: available, unavailable, unchecked
    reason: str | None
    new_versions: int = 0
    status_changed: bool = False
    problems: tuple[str, ...] = ()  # one line per bad answer (or bug) to report
    unexpected: bool = False  # a bug of ours, not the outside world
    asked: int = 0  # requests X was sent (post_checks rows); 0: the run's time was up
    answered: bool = False  # X said what it serves (available or unavailable), no outage


def record_found_posts(db, found, seen_at: str) -> int:
    """posts rows for ids found outside any archived article (a WARC scan's Parquet
    parts): `found` is (post id, handle, author name) triples. A new post is `unchecked`
    with the handle and name shown, its date from the id; an existing row is untouched.
    Returns how many rows were new."""
    new = 0
    with write_transaction(db):
        for post_id, handle, author_name in found:
            moment = snowflake_datetime(post_id)
            cursor = db.execute(
                """INSERT OR IGNORE INTO posts (id, has_x_id, status, handle, author_name,
                   created_at, date, first_seen_at, last_seen_at)
                   VALUES (?, 1, 'unchecked', ?, ?, ?, ?, ?, ?)""",
                [post_id, handle, author_name,
                 moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z" if moment else None,
                 moment.strftime("%Y-%m-%d") if moment else None, seen_at, seen_at])
            new += cursor.rowcount
    return new


def posts_to_resolve(db, post_ids) -> list[str]:
    """Of `post_ids`, those X has not answered for yet (never checked, or only outages)."""
    post_ids = [p for p in post_ids if p and not p.startswith("text:")]
    if not post_ids:
        return []
    marks = ",".join("?" * len(post_ids))
    done = {row[0] for row in db.execute(
        f"SELECT id FROM posts WHERE id IN ({marks}) AND status != 'unchecked'", post_ids)}
    return [p for p in dict.fromkeys(post_ids) if p not in done]


def article_post_ids(db, article_id: int) -> list[str]:
    """Post ids (X's) shown by the article's current copy."""
    rows = db.execute(
        f"""SELECT DISTINCT post_id FROM embeds WHERE article_id = ? AND fetch_id =
           {CURRENT_COPY.format("?")} AND post_id NOT LIKE 'text:%'
           ORDER BY id""",
        [article_id, article_id],
    ).fetchall()
    return [r[0] for r in rows if r[0]]


def fetch_post_ids(db, fetch_id: int) -> list[str]:
    """Post ids (X's) shown by one stored copy of an article (embeds of that fetch)."""
    rows = db.execute(
        """SELECT DISTINCT post_id FROM embeds WHERE fetch_id = ? AND post_id NOT LIKE 'text:%'
           ORDER BY id""", [fetch_id]).fetchall()
    return [r[0] for r in rows if r[0]]


def article_counts(db, article_id: int) -> tuple[int, int]:
    """(embeds in the article's current copy, media stored for its posts)."""
    embeds = db.execute(
        f"SELECT count(*) FROM embeds WHERE article_id = ? AND fetch_id = {CURRENT_COPY.format('?')}",
        [article_id, article_id]).fetchone()[0]
    media = db.execute(
        """SELECT count(DISTINCT f.sha256) FROM embeds e
           JOIN post_versions v ON v.post_id = e.post_id
           JOIN post_media m ON m.post_version_id = v.id
           JOIN media_fetches f ON f.url = m.image_url AND f.sha256 IS NOT NULL
           WHERE e.article_id = ?""", [article_id]).fetchone()[0]
    return embeds, media


def _x_content_sha256(result) -> str:
    post = result.post
    fields = [result.source, post.post_id, post.text, post.lang, post.handle, post.author_name,
              post.author_id, [[m.type, m.image_url, list(m.variants)] for m in post.media],
              list(post.edit_ids), post.quoted_post_id, post.reply_to_post_id,
              post.source_truncated]
    return sha256_hex(json.dumps(fields, ensure_ascii=False, separators=(",", ":")))


def record_resolution(db, resolution, now: str) -> RecordedPost:
    """Store every answer of a resolution, new versions, authors and status, in one
    transaction. An outage stores its answers and changes nothing else (the post stays
    due for a re-check); a request never sent (the run's time was up) is no answer.

    Every answer becomes a post_checks row with its raw body, outcome, signal and detail.
    Only an "ok" answer for the asked id can add a post_versions row: a bad answer (an
    answer for another id, a field of the wrong type) is evidence, never a version, and
    changes no status. `urls` is stored as JSON lists of (t.co, expanded, display)."""
    post_id = resolution.post_id
    with write_transaction(db):
        new_versions = 0
        check_ids: list[int] = []
        for result in resolution.results:
            fetch = result.fetch
            if fetch.error in ("stopped", "resting"):
                continue  # never asked (the run's time was up, X asked for a rest): no check
            cursor = db.execute(
                """INSERT INTO post_checks (post_id, source, checked_at, url, status, outcome,
                   signal, error, detail, body, body_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
                [post_id, result.source, fetch.fetched_at, fetch.url, fetch.status,
                 result.outcome, result.signal, fetch.error, result.detail or fetch.detail,
                 fetch.body, sha256_hex(fetch.body)],
            )
            check_id = cursor.lastrowid
            check_ids.append(check_id)
            _chain(db, "post_checks", check_id)
            if result.outcome != "ok" or result.post is None:
                continue
            post = result.post
            if post.post_id != post_id:  # the parsers make these bad answers; never a version
                continue
            author_id = _record_author(db, post, fetch.fetched_at)
            content = _x_content_sha256(result)
            latest = db.execute(
                "SELECT content_sha256 FROM post_versions WHERE post_id = ? AND source = ?"
                " ORDER BY id DESC LIMIT 1", [post_id, result.source]).fetchone()
            if latest is not None and latest[0] == content:
                continue
            cursor = db.execute(
                """INSERT INTO post_versions (post_id, source, fetched_at, check_id, handle,
                   author_name, author_id, created_at, text, lang, media, raw, raw_sha256,
                   content_sha256, text_sha256, text_search, urls, edit_ids, quoted_post_id,
                   reply_to_post_id, source_truncated, third_party)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                [post_id, result.source, fetch.fetched_at, check_id, post.handle,
                 post.author_name, author_id, post.created_at, post.text, post.lang,
                 json.dumps([m.display_url for m in post.media if m.display_url]),
                 fetch.body, sha256_hex(fetch.body), content,
                 sha256_hex(canonical_text(post.text)), search_text(post.text),
                 json.dumps([list(u) for u in post.urls]), json.dumps(list(post.edit_ids)),
                 post.quoted_post_id, post.reply_to_post_id, int(post.source_truncated),
                 int(result.source == "fxtwitter")],
            )
            version_id = cursor.lastrowid
            _chain(db, "post_versions", version_id)
            new_versions += 1
            for media in post.media:
                cursor = db.execute(
                    """INSERT INTO post_media (post_version_id, position, type, image_url,
                       display_url, expanded_url, variants, alt_text) VALUES (?,?,?,?,?,?,?,?)""",
                    [version_id, media.position, media.type, media.image_url, media.display_url,
                     media.expanded_url, json.dumps(list(media.variants)), media.alt_text],
                )
                _chain(db, "post_media", cursor.lastrowid)
            if result.source != "fxtwitter":
                db.execute(
                    """UPDATE posts SET latest_version_id = ?, handle = coalesce(?, handle),
                       author_name = coalesce(?, author_name), author_id = coalesce(?, author_id)
                       WHERE id = ?""",
                    [version_id, post.handle, post.author_name, author_id, post_id],
                )
        row = db.execute("SELECT status, unavailable_reason FROM posts WHERE id = ?",
                         [post_id]).fetchone()
        status, reason = row if row else ("unchecked", None)
        changed = False
        if resolution.status in ("available", "unavailable"):
            new_reason = resolution.reason if resolution.status == "unavailable" else None
            if (status, reason) == ("unavailable", "deleted") and resolution.status == "unavailable":
                # A deletion is final (X says so): a later notice that says less (the
                # account suspended since, "This Post is unavailable", a 403) hides the
                # deleted post as it hides every post of that account; it changes neither
                # the reason nor since when. (X serving the post again would.)
                new_reason = reason
            if (resolution.status, new_reason) != (status, reason):
                cursor = db.execute(
                    """INSERT INTO post_status_events (post_id, observed_at, status, reason,
                       previous_status, previous_reason, check_ids) VALUES (?,?,?,?,?,?,?)""",
                    [post_id, now, resolution.status, new_reason, status, reason,
                     json.dumps(check_ids)],
                )
                _chain(db, "post_status_events", cursor.lastrowid)
                db.execute(
                    """UPDATE posts SET status = ?, unavailable_reason = ?, status_since = ?
                       WHERE id = ?""", [resolution.status, new_reason, now, post_id])
                status, reason, changed = resolution.status, new_reason, True
            # Checked: X said what it serves. An outage (no answer, an answer not to be
            # believed) leaves the post due, to be asked again next run, as said.
            db.execute("UPDATE posts SET last_checked_at = ? WHERE id = ?", [now, post_id])
        return RecordedPost(post_id, status, reason, new_versions, changed,
                            asked=len(check_ids),
                            answered=resolution.status in ("available", "unavailable"))


def _record_author(db, post, now: str) -> str | None:
    if not post.author_id:
        return None
    row = db.execute("SELECT handle FROM authors WHERE id = ?", [post.author_id]).fetchone()
    if row is None:
        db.execute("INSERT INTO authors (id, handle, name, first_seen_at, last_seen_at)"
                   " VALUES (?,?,?,?,?)", [post.author_id, post.handle, post.author_name, now, now])
    else:
        db.execute("UPDATE authors SET handle = coalesce(?, handle), name = coalesce(?, name),"
                   " last_seen_at = ? WHERE id = ?",
                   [post.handle, post.author_name, now, post.author_id])
    if post.handle:
        db.execute(
            """INSERT INTO author_handles (author_id, handle, name, first_seen_at, last_seen_at)
               VALUES (?,?,?,?,?) ON CONFLICT (author_id, handle) DO UPDATE SET
               last_seen_at = excluded.last_seen_at, name = coalesce(excluded.name, name)""",
            [post.author_id, post.handle, post.author_name, now, now],
        )
    return post.author_id


def media_to_fetch(db, post_id: str) -> list[tuple[str, str]]:
    """(url, kind) of a post's images and videos with no stored bytes yet.

    Images: every image_url of the post's versions. Videos: the best variant of each
    video; a 403 for it is final (X refuses hot-linking), other failures are retried.
    """
    rows = db.execute(
        """SELECT DISTINCT m.image_url, m.variants FROM post_media m
           JOIN post_versions v ON v.id = m.post_version_id WHERE v.post_id = ?
           ORDER BY m.id""", [post_id]).fetchall()
    wanted: list[tuple[str, str]] = []
    for image_url, variants in rows:
        wanted.append((image_url, "image"))
        files = [u for u in json.loads(variants or "[]") if ".m3u8" not in u]
        if files:
            wanted.append((files[0], "video"))
    result = []
    for url, kind in dict.fromkeys(wanted):
        done = db.execute(
            "SELECT 1 FROM media_fetches WHERE url = ? AND (sha256 IS NOT NULL"
            " OR (kind = 'video' AND status = 403)) LIMIT 1", [url]).fetchone()
        if done is None:
            result.append((url, kind))
    return result


def record_media_fetch(db, url: str, kind: str, fetch, record=None, error: str | None = None,
                       detail: str | None = None) -> str | None:
    """Store one media download: the bytes (once per SHA-256) or why there are none.

    `record` is a media.ImageRecord for an image, None for a video or a failure.
    Returns the stored SHA-256, or None.
    """
    sha = None
    with write_transaction(db):
        if error is None and fetch.ok:
            body = fetch.body
            sha = record.sha256 if record is not None else sha256_hex(body)
            values = dict(
                sha256=sha, content=body, bytes=len(body), first_url=url,
                first_seen_at=fetch.fetched_at,
                mime=record.mime if record else (fetch.content_type or "application/octet-stream")
                .split(";")[0].strip(),
            )
            if record is not None:
                values.update(format=record.format, width=record.width, height=record.height,
                              phash=record.phash, phash_quality=record.phash_quality,
                              thumbnail=record.thumbnail, thumbnail_width=record.thumbnail_width,
                              thumbnail_height=record.thumbnail_height)
            columns = ", ".join(values)
            inserted = db.execute(f"INSERT OR IGNORE INTO media ({columns}) VALUES"
                                  f" ({', '.join('?' * len(values))})", list(values.values()))
            if inserted.rowcount == 1:
                _chain(db, "media", sha)
        cursor = db.execute(
            """INSERT INTO media_fetches (url, kind, fetched_at, status, claimed_type, sha256,
               error, detail) VALUES (?,?,?,?,?,?,?,?)""",
            [url, kind, fetch.fetched_at, fetch.status, fetch.content_type, sha,
             error or fetch.error, detail or fetch.detail],
        )
        _chain(db, "media_fetches", cursor.lastrowid)
    return sha


# --- verification ------------------------------------------------------------------------------

_X_SOURCES = ("syndication", "oembed")


def _article_filters(article_url, post_id, since, post_condition: str):
    """WHERE clauses and parameters for the --article / --post / --since options (the
    queries name articles `a` and fetches `f`)."""
    since = parse_date(since, "since")
    where, params = [], []
    for clause, value in (("a.url = ?", article_url), (post_condition, post_id),
                          ("f.fetched_at >= ?", since)):
        if value:
            where.append(clause)
            params.append(value)
    return where, params


def _id_scope(article_ids, post_ids, article_column: str, post_clause: str, repeat: int = 1):
    """A WHERE clause for "of these articles, or of these posts" (None: no scope; empty
    lists: nothing); `post_clause` names the post ids `repeat` times as {marks}. An empty
    list adds no "0" term: SQLite reads an OR of indexed terms by their indexes, and a
    constant among them makes it scan the table."""
    if article_ids is None and post_ids is None:
        return None, []
    parts, params = [], []
    articles = sorted({int(i) for i in article_ids or ()})
    if articles:
        parts.append(f"{article_column} IN ({','.join('?' * len(articles))})")
        params += articles
    posts = sorted({str(i) for i in post_ids or ()})
    if posts:
        parts.append(post_clause.format(marks=",".join("?" * len(posts))))
        params += posts * repeat
    return ("(" + " OR ".join(parts) + ")" if parts else "0"), params


def embeds_to_verify(db, *, article_url: str | None = None, post_id: str | None = None,
                     since: str | None = None, article_ids=None, post_ids=None,
                     fetch_ids=None) -> list[dict]:
    """The embeds of each article's current copy (or, with `fetch_ids`, of these copies
    of articles: an earlier copy, stored as evidence), with what verification needs.

    Args:
        article_url: only this article.
        post_id: only embeds of this post.
        since: only articles fetched on or after this day (YYYY-MM-DD).
        article_ids, post_ids: only embeds of these articles or of these posts.
    """
    where, params = _article_filters(article_url, post_id, since, "e.post_id = ?")
    # A post's embeds are those with its id, and those without an id that could show it:
    # the same handle, within a month either side (archiver.verification
    # .find_archived_post: a day, or a month for a copy with the post's words). The
    # id range (not LIKE, which ignores case) reads them from the embeds_post_article index
    # instead of scanning every embed on each article archived.
    scope, scope_params = _id_scope(
        article_ids, post_ids, "e.article_id",
        "(e.post_id IN ({marks}) OR e.id IN (SELECT t.id FROM posts p JOIN embeds t"
        " ON t.handle = p.handle COLLATE NOCASE AND t.post_id >= 'text:' AND t.post_id < 'text;'"
        " AND t.date BETWEEN date(p.date, '-31 day') AND date(p.date, '+31 day')"
        " WHERE p.id IN ({marks})))", repeat=2)
    if scope:
        where.append(scope)
        params += scope_params
    if fetch_ids is not None:
        where.insert(0, f"e.fetch_id IN ({','.join('?' * len(fetch_ids))})")
        params = [*fetch_ids, *params]
    else:
        where.insert(0, "e.fetch_id = " + CURRENT_COPY.format("e.article_id"))
    cursor = db.execute(
        f"""SELECT e.id AS embed_id, e.article_id, a.url AS article_url, e.post_id,
                   p.has_x_id, e.handle, e.author_name, e.shown_date, e.date, e.quoted_text,
                   f.fetched_at, substr(e.raw_html, 1, 600) AS raw_head, a.lang AS page_lang,
                   CASE WHEN e.form = 'text-embed' THEN e.raw_html END AS raw_text, e.form,
                   e.media
            FROM embeds e JOIN articles a ON a.id = e.article_id
            JOIN article_fetches f ON f.id = e.fetch_id
            LEFT JOIN posts p ON p.id = e.post_id
            WHERE {' AND '.join(where)} ORDER BY e.article_id, e.id""",
        params,
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _rows_for_posts(db, columns: str, table: str, key: str, ids, extra: str = ""):
    """Rows of `table` whose `key` is one of `ids`, in rowid order. Many ids are read by
    one scan of the table filtered here: chunks of IN (…) lookups cost a random b-tree
    search each, a scan reads pages in order (5x faster past a tenth of the table,
    bench/verify.py)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return
    total = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    if len(wanted) * 10 >= total:
        condition = f"WHERE {extra}" if extra else ""
        for row in db.execute(f"SELECT {key}, {columns} FROM {table} {condition} ORDER BY rowid"):
            if row[0] in wanted:
                yield row[1:]
        return
    ordered = sorted(wanted)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        condition = f" AND {extra}" if extra else ""
        yield from (row[1:] for row in db.execute(
            f"SELECT {key}, {columns} FROM {table} WHERE {key} IN"
            f" ({','.join('?' * len(chunk))}){condition} ORDER BY rowid", chunk))


def listed_posts_evidence(db, post_ids, quoted: dict[str, str] | None = None
                          ) -> dict[str, dict[int, str]]:
    """{evidence table: {row id: post id}} of the rows a listing of posts states: X's newest
    copy of each (its text), the article's copies whose quote it shows for a post X never
    served (`quoted`: post id -> that quote), and each embed's newest verdict (the count of
    articles misquoting it). For rows_failing_chain, before the listing is shown."""
    ids = [i for i in post_ids if i]
    found: dict[str, dict[int, str]] = {"post_versions": {}, "embeds": {}, "verifications": {}}
    for post, version in _rows_for_posts(db, "id, latest_version_id", "posts", "id", ids,
                                         "latest_version_id IS NOT NULL"):
        found["post_versions"][version] = post
    for post, text in (quoted or {}).items():
        found["embeds"].update((embed, post) for embed, in db.execute(
            "SELECT id FROM embeds WHERE post_id = ? AND quoted_text = ?", (post, text)))
    newest: dict[int, tuple[int, str]] = {}  # embed -> (its newest verdict, post)
    for verification, embed, post in _rows_for_posts(db, "id, embed_id, post_id",
                                                     "verifications", "post_id", ids):
        if verification > newest.get(embed, (0,))[0]:
            newest[embed] = (verification, post)
    found["verifications"] = dict(newest.values())
    return found


def newest_status_changes(db, post_ids) -> dict[str, str]:
    """Each post's newest status change's status (posts.status is derived from it), for
    the posts that have one."""
    newest: dict[str, tuple[int, str]] = {}
    for post, event, status in _rows_for_posts(db, "post_id, id, status",
                                               "post_status_events", "post_id", post_ids):
        if event > newest.get(post, (0,))[0]:
            newest[post] = (event, status)
    return {post: status for post, (_event, status) in newest.items()}


_VERSION_COLUMNS = ("id", "post_id", "source", "text", "handle", "author_name", "author_id",
                    "created_at", "lang", "urls", "edit_ids", "source_truncated",
                    "reply_to_post_id", "fetched_at", "media", "quoted_post_id")


def x_versions(db, post_ids) -> dict[str, list[dict]]:
    """X's own versions (syndication, oEmbed) of each post, oldest first."""
    result: dict[str, list[dict]] = {}
    for row in _rows_for_posts(db, ", ".join(_VERSION_COLUMNS), "post_versions", "post_id",
                               post_ids, f"source IN {_X_SOURCES!r}"):
        record = dict(zip(_VERSION_COLUMNS, row))
        result.setdefault(record["post_id"], []).append(record)
    return result


def mirror_versions(db, post_ids) -> dict[str, dict]:
    """The newest third-party copy (a FxTwitter-style mirror's full text of a long post)
    of each post that has one."""
    result: dict[str, dict] = {}
    for row in _rows_for_posts(db, ", ".join(_VERSION_COLUMNS), "post_versions", "post_id",
                               post_ids, f"source NOT IN {_X_SOURCES!r} AND source != 'embed'"):
        record = dict(zip(_VERSION_COLUMNS, row))
        result[record["post_id"]] = record  # (oldest first: the last is the newest)
    return result


def edit_chains(db, post_ids) -> dict[str, tuple[str, ...]]:
    """For each of `post_ids` that X says was edited: the ids of every version of the
    post, oldest first, the longest chain any archived answer names (an answer for an old
    version may predate its newest edit; the newest version's answer names them all)."""
    wanted = set(post_ids)
    chains: dict[str, tuple[str, ...]] = {}
    if not wanted:
        return chains
    for (edit_ids,) in db.execute(
            "SELECT edit_ids FROM post_versions"
            " WHERE edit_ids LIKE '%,%'"):
        try:
            chain = tuple(str(i) for i in json.loads(edit_ids))
        except (ValueError, TypeError):
            continue
        for post_id in wanted.intersection(chain):
            if len(chain) > len(chains.get(post_id, ())):
                chains[post_id] = chain
    return chains


def unasked_edits(db, post_id: str) -> list[tuple[str, str | None, str | None]]:
    """The other versions of an edited post that X's newest answer for it names and that
    X has not been asked about: (post id, the post's handle, its author's name) each."""
    row = db.execute(
        "SELECT v.edit_ids, p.handle, p.author_name FROM posts p JOIN post_versions v"
        " ON v.id = p.latest_version_id WHERE p.id = ?", [post_id]).fetchone()
    if not row or not row[0] or "," not in row[0]:
        return []
    try:
        ids = [str(i) for i in json.loads(row[0])]
    except (ValueError, TypeError):
        return []
    others = [i for i in ids if i != post_id and i.isdigit()][:10]
    due = set(posts_to_resolve(db, others))
    return [(i, row[1], row[2]) for i in others if i in due]


def post_states(db, post_ids) -> dict[str, dict]:
    """Status and the author's known handles (lower-cased) and names, per post."""
    result: dict[str, dict] = {}
    for pid, status, reason, since, author_id in _rows_for_posts(
            db, "id, status, unavailable_reason, status_since, author_id", "posts", "id",
            post_ids):
        result[pid] = {"status": status, "reason": reason, "status_since": since,
                       "author_id": author_id}
    history: dict[str, tuple[list, list]] = {}
    authors = {state["author_id"] for state in result.values() if state["author_id"]}
    for author_id, handle, name in _rows_for_posts(
            db, "author_id, handle, name", "author_handles", "author_id", authors):
        handles, names = history.setdefault(author_id, ([], []))
        handles.append(handle.lower())
        if name:
            names.append(name)
    frozen = {author: (frozenset(h), frozenset(n)) for author, (h, n) in history.items()}
    empty = (frozenset(), frozenset())
    for state in result.values():
        state["handles"], state["names"] = frozen.get(state["author_id"], empty)
    return result


def posts_by_handle_near(db, handle: str, day: str, days: int = 1) -> list[str]:
    """Ids of X posts by `handle` (any case, or any earlier handle of the same author)
    created within `days` of `day`."""
    center = Date.fromisoformat(day)
    low, high = (center - timedelta(days=days)).isoformat(), (center + timedelta(days=days)).isoformat()
    rows = db.execute(
        """SELECT id FROM posts WHERE has_x_id = 1 AND date BETWEEN ? AND ?
           AND (handle = ? COLLATE NOCASE OR author_id IN
                (SELECT author_id FROM author_handles WHERE handle = ? COLLATE NOCASE))""",
        [low, high, handle, handle],
    ).fetchall()
    return [r[0] for r in rows]


def current_embeds(db, embed_ids) -> set[int]:
    """Those of `embed_ids` that are embeds of their article's current copy."""
    rows = list(_rows_for_posts(db, "id, article_id, fetch_id", "embeds", "id", embed_ids))
    copies = current_copies(db, {article_id for _id, article_id, _fetch in rows})
    return {id_ for id_, article_id, fetch_id in rows if copies.get(article_id) == fetch_id}


def current_copies(db, article_ids) -> dict[int, int]:
    """{article id: the fetch id of its current copy} for these articles."""
    return dict(_rows_for_posts(db, "id, current_fetch_id", "articles", "id", article_ids,
                                "current_fetch_id IS NOT NULL"))


def latest_verdicts(db) -> list[dict]:
    """The newest verdict on each embed of each article's current copy, in article and
    document order: article_url, post_id, handle, verdict, findings, reason (the
    primary finding's one line), diff (the changes, a list)."""
    cursor = db.execute(
        """SELECT a.url AS article_url, coalesce(vf.post_id, e.post_id) AS post_id, e.handle,
                  vf.verdict, vf.findings, json_extract(vf.details, '$.' || vf.verdict) AS reason,
                  vf.diff
           FROM latest_verdicts lv JOIN verifications vf ON vf.id = lv.verification_id
           JOIN embeds e ON e.id = lv.embed_id JOIN articles a ON a.id = lv.article_id
           ORDER BY a.id, e.id""")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor]
    for row in rows:
        if row["post_id"] and row["post_id"].startswith("text:"):
            row["post_id"] = None
        row["diff"] = json.loads(row["diff"]) if row["diff"] else []
    return rows


def newest_verdicts(db, embed_ids, *, with_details: bool = False) -> dict[int, object]:
    """The newest recorded verdict of each of these embeds; `with_details`, (verdict,
    details as recorded: JSON) of each."""
    result: dict[int, object] = {}
    ids = sorted(embed_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for embed_id, verdict, details in db.execute(
                f"""SELECT embed_id, verdict, {'details' if with_details else 'NULL'}
                    FROM verifications WHERE id IN
                    (SELECT max(id) FROM verifications WHERE embed_id IN
                     ({','.join('?' * len(chunk))}) GROUP BY embed_id)""", chunk):
            result[embed_id] = (verdict, details) if with_details else verdict
    return result


def post_date(db, post_id: str) -> str | None:
    """The post's day (YYYY-MM-DD), from its Snowflake id."""
    row = db.execute("SELECT date FROM posts WHERE id = ?", [post_id]).fetchone()
    return row[0] if row else None


def record_verifications(db, rows: list[dict]) -> None:
    """Append verification rows, chained, in one transaction."""
    if not rows:
        return
    columns = ("embed_id", "article_id", "post_id", "checked_at", "verdict", "findings",
               "details", "score", "diff", "post_version_id", "newest_version_id",
               "verifier_version")
    with write_transaction(db):
        after = _max_rowid(db, "verifications")
        db.conn.executemany(
            f"INSERT INTO verifications ({', '.join(columns)}) VALUES"
            f" ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows],
        )
        _chain_rows_after(db, "verifications", after)


def has_article(db, url: str) -> bool:
    """Whether an article with this URL is archived (as `--article URL` names one)."""
    return stored_article_url(db, url) is not None


def stored_article_url(db, url: str) -> str | None:
    """The articles.url of the article `url` names: its own, or the article one of whose
    fetches asked for `url` or was redirected to it (a page archived first by another
    address: known_article_url); None when none does."""
    found = db.execute(
        """SELECT url FROM articles WHERE url = :url
           UNION ALL
           SELECT a.url FROM article_fetches f JOIN articles a ON a.id = f.article_id
           WHERE (f.final_url = :url OR f.requested_url = :url) AND f.error IS NULL
           LIMIT 1""", {"url": url}).fetchone()
    return found[0] if found is not None else None


def known_article_url(db, url: str, final_url: str | None) -> str:
    """The articles.url a page fetched from `url` is archived under: the article `url`
    names (stored_article_url), else the one where this fetch ended after the site's
    redirects names (`final_url`: a feed wrote "/story/", a sitemap "/story", which the
    site redirects there, in either order), else `url` itself — one page, one article,
    stored under the first address it was archived by. (A page's canonical address is
    not followed: an AMP page names its article so, and is another page.)"""
    return (stored_article_url(db, url)
            or (final_url and stored_article_url(db, final_url)) or url)


def never_read(db, url: str) -> str | None:
    """For an archived article none of whose fetches read the page (a 404, a typo'd
    path, a timeout each time): its last fetch's reason, one line. None when a copy was
    read (or no such article): what it shows is known."""
    row = db.execute(
        """SELECT f.detail, f.error FROM articles a JOIN article_fetches f ON f.article_id = a.id
           WHERE a.url = ? AND NOT EXISTS (SELECT 1 FROM article_fetches g
                                           WHERE g.article_id = a.id AND g.error IS NULL)
           ORDER BY f.id DESC LIMIT 1""", [url]).fetchone()
    return None if row is None else (row[0] or row[1] or "no copy read")


def has_post(db, post_id: str) -> bool:
    """Whether a post with this id is archived (as `--post ID` names one)."""
    return db.execute("SELECT 1 FROM posts WHERE id = ?", [post_id]).fetchone() is not None


def posts_due_for_recheck(db, older_than: str, post_ids=None) -> list[str]:
    """X posts whose last answer from X is older than `older_than` (UTC ISO), or never."""
    sql = ("SELECT id FROM posts WHERE has_x_id = 1 AND"
           " (last_checked_at IS NULL OR last_checked_at <= ?)")
    params: list = [older_than]
    if post_ids is not None:
        ids = list(post_ids)
        if not ids:
            return []
        sql += f" AND id IN ({','.join('?' * len(ids))})"
        params += ids
    return [r[0] for r in db.execute(sql + " ORDER BY last_checked_at, id", params)]


def articles_for_claims(db, *, article_url: str | None = None, post_id: str | None = None,
                        since: str | None = None, article_ids=None) -> list[dict]:
    """Each article's current copy (CURRENT_COPY), with its language and the authors it
    embeds."""
    where, params = _article_filters(article_url, post_id, since,
                                     "a.id IN (SELECT article_id FROM embeds WHERE post_id = ?)")
    scope, scope_params = _id_scope(article_ids, None, "a.id", "")
    if scope:
        where.append(scope)
        params += scope_params
    where.insert(0, "f.id = a.current_fetch_id")
    cursor = db.execute(
        f"""SELECT a.id AS article_id, a.url, a.lang, f.id AS fetch_id, f.body,
                   f.content_type, f.requested_url,
                   (SELECT json_group_array(json_array(e.handle, e.author_name)) FROM embeds e
                    WHERE e.fetch_id = f.id AND e.handle IS NOT NULL) AS authors
            FROM articles a JOIN article_fetches f ON f.article_id = a.id
            WHERE {' AND '.join(where)} ORDER BY a.id""", params)
    names = [d[0] for d in cursor.description]
    rows = []
    for values in cursor:
        row = dict(zip(names, values))
        row["authors"] = json.loads(row["authors"] or "[]")
        rows.append(row)
    return rows


def author_post_texts(db, handle: str, failing: list | None = None
                      ) -> list[tuple[str, str, str | None]]:
    """(post_id, text, lang) of X's latest copy of every archived post by `handle` (any
    case, or any handle the same user id has had). Each copy is checked against the
    evidence chain first: when one fails, none is returned (a quote checked without it
    could be called not found on the strength of an edited row) and the Problems go to
    `failing`."""
    rows = db.execute(
        """SELECT p.id, v.text, v.lang, v.id,
                  CASE WHEN v.reply_to_post_id IS NOT NULL AND v.source = 'syndication'
                       THEN v.raw END
           FROM posts p JOIN post_versions v ON v.id = p.latest_version_id
           WHERE v.source IN ('syndication', 'oembed') AND (p.handle = ? COLLATE NOCASE
                 OR p.author_id IN (SELECT author_id FROM author_handles
                                    WHERE handle = ? COLLATE NOCASE))""",
        [handle, handle]).fetchall()
    problems = rows_failing_chain(db, {"post_versions": {row[3] for row in rows}})
    if problems:
        if failing is not None:
            failing.extend(problems)
        return []
    return [(row[0], _with_addressees(row[1], row[4]) if row[4] else row[1], row[2])
            for row in rows]


def _with_addressees(text: str | None, raw) -> str:
    """A reply's text as X shows it in full: the @mentions X hides before its display
    range (read from X's answer, `raw`), then its text (a quote of the reply may keep
    them, as X's page shows them)."""
    from .resolve.syndication import hidden_mentions

    hidden = hidden_mentions(raw)
    text = text or ""
    if not hidden:
        return text
    shown = [m for m in hidden if f"@{m}" not in text.lower()[:200]]
    return " ".join(f"@{m}" for m in shown) + (" " if shown else "") + text


def has_unverified_embeds(db, article_id: int) -> bool:
    """Whether an embed of the article's current copy has never been verified (a run killed
    between storing the page and verifying it)."""
    return db.execute(
        """SELECT 1 FROM embeds e WHERE e.article_id = ?
             AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = ?)
             AND NOT EXISTS (SELECT 1 FROM verifications v WHERE v.embed_id = e.id)
           LIMIT 1""", (article_id, article_id)).fetchone() is not None


def articles_quoting_authors_of(db, post_ids) -> list[int]:
    """Articles whose prose has a checked quote attributed to the author of one of these
    posts (by any handle that author's user id has had)."""
    ids = list(post_ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [row[0] for row in db.execute(
        f"""SELECT DISTINCT q.article_id FROM quote_claims q
            WHERE lower(q.handle) IN (
                SELECT lower(p.handle) FROM posts p WHERE p.id IN ({marks})
                  AND p.handle IS NOT NULL
                UNION SELECT lower(h.handle) FROM author_handles h
                  JOIN post_versions v ON v.author_id = h.author_id
                  WHERE v.post_id IN ({marks}))
            ORDER BY 1""", ids + ids)]


def latest_claims(db) -> list[dict]:
    """The newest check of each prose quote of each article's newest checked copy, in
    article and check order: article_url, handle, quote, result, detail (as the article
    page and `verify` give them)."""
    cursor = db.execute(
        f"""SELECT a.url AS article_url, q.handle, q.quote, q.result, q.detail
            FROM quote_claims q JOIN articles a ON a.id = q.article_id
            WHERE {PROSE_NEWEST}
            ORDER BY a.id, q.id""")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def newest_claims(db, article_ids, *, with_detail: bool = False) -> dict[tuple, tuple]:
    """(article_id, fetch_id, handle, sentence, quote) -> (result, post_id, score) of the
    newest recorded check of each prose quote of these articles; `with_detail`, (result,
    post_id, score, detail)."""
    ids = list(article_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {tuple(row[:5]): tuple(row[5:]) for row in db.execute(
        f"""SELECT article_id, fetch_id, handle, sentence, quote, result, post_id, score
                   {', detail' if with_detail else ''}
            FROM quote_claims WHERE article_id IN ({marks}) ORDER BY id""", ids)}


def record_claims(db, rows: list[dict]) -> None:
    """Append checked prose quotes, chained, in one transaction."""
    if not rows:
        return
    columns = ("article_id", "fetch_id", "handle", "sentence", "quote", "result", "post_id",
               "score", "detail", "checked_at", "verifier_version")
    with write_transaction(db):
        after = _max_rowid(db, "quote_claims")
        db.conn.executemany(
            f"INSERT INTO quote_claims ({', '.join(columns)}) VALUES"
            f" ({', '.join('?' * len(columns))})",
            [[row[c] for c in columns] for row in rows])
        _chain_rows_after(db, "quote_claims", after)


# --- runs -------------------------------------------------------------------------------------


def start_run(db, started_at: str, sources: int) -> int:
    with write_transaction(db):
        return db.execute("INSERT INTO runs (started_at, sources) VALUES (?, ?)",
                          [started_at, sources]).lastrowid


def finish_run(db, run_id: int, **values) -> None:
    """Record how a run ended and chain its row: a finished run is evidence too (its
    `chain_head` is the head before its own entry). A run with a finished_at is final."""
    with write_transaction(db):
        values["chain_head"] = "#%d %s" % chain_head(db)
        columns = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE runs SET {columns} WHERE id = ?", [*values.values(), run_id])
        if values.get("finished_at") is not None:
            _chain(db, "runs", run_id)


def run_columns(db) -> list[str]:
    """The runs table's columns, in order (a listing with no run still has them)."""
    return [row[1] for row in db.execute("PRAGMA table_info(runs)")]


def last_runs(db, limit: int = 10) -> list[dict]:
    """The last runs, newest first, as the runs table holds them but for `errors`: the
    list it stores as a JSON array (an empty one when none was recorded)."""
    cursor = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", [limit])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor]
    for row in rows:
        row["errors"] = json.loads(row["errors"]) if row["errors"] else []
    return rows


def record_source_check(db, url: str, fetch, articles: int | None, error: str | None) -> None:
    """What a feed or sitemap answered on its last read."""
    with write_transaction(db):
        db.execute(
            """INSERT INTO source_checks (url, checked_at, status, etag, last_modified, articles,
               error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET
               checked_at = excluded.checked_at, status = excluded.status,
               etag = excluded.etag, last_modified = excluded.last_modified,
               articles = excluded.articles, error = excluded.error""",
            [url, fetch.fetched_at, fetch.status, fetch.headers.get("etag"),
             fetch.headers.get("last-modified"), articles, error],
        )


#: A post is re-checked when the time since its last check exceeds an eighth of its age,
#: between an hour (new posts) and 30 days (old ones).
RECHECK_AGE_FRACTION = 8
RECHECK_MIN_DAYS = 1 / 24
RECHECK_MAX_DAYS = 30


def posts_due_by_age(db, now: str, limit: int) -> list[str]:
    """X posts due for a re-check: those X was asked about since its last answer and did
    not answer (an outage: "asked again next run", as said; a 404 from oEmbed alone, not
    believed, is no answer either), then those due on the age schedule, most overdue
    first."""
    return [row[0] for row in db.execute(
        """SELECT id FROM (
             SELECT id, last_checked_at, EXISTS (
                 SELECT 1 FROM post_checks c WHERE c.post_id = posts.id
                 AND c.source IN {x} AND c.id > coalesce(
                     (SELECT max(a.id) FROM post_checks a WHERE a.post_id = posts.id
                      AND a.source IN {x} AND (a.outcome = 'ok' OR (a.outcome = 'unavailable'
                      AND posts.status = 'unavailable'))), 0)) AS unanswered,
               julianday(?) - julianday(coalesce(last_checked_at, first_seen_at)) >
               max(?, min(?, (julianday(?) - julianday(coalesce(created_at, first_seen_at))) / ?))
                 AS aged
             FROM posts WHERE has_x_id = 1 AND status IN ('available', 'unavailable'))
           WHERE unanswered OR aged
           ORDER BY unanswered DESC, last_checked_at LIMIT ?""".format(x=repr(_X_SOURCES)),
        [now, RECHECK_MIN_DAYS, RECHECK_MAX_DAYS, now, RECHECK_AGE_FRACTION, limit])]


def label_articles(db, labels: dict[str, tuple[str | None, str | None]]) -> None:
    """Set the outlet and language a sources file gives for articles (metadata, not
    evidence: the page's own og:site_name and <html lang> stay in its fetch body)."""
    if not labels:
        return
    with write_transaction(db):
        for url, (outlet, language) in labels.items():
            db.execute("UPDATE articles SET outlet = coalesce(?, outlet), lang = coalesce(?, lang)"
                       " WHERE url = ?", [outlet, language, url])
