"""Integrity of the archive: a hash chain over every evidence row, and its check.

Each evidence row (an article fetch with its body, an embed with its markup, a post
version with its raw answer, every answer X gave, an image or video, which version shows
which image, every download of an image, every status change, every verdict, every
checked prose quote, every finished run) is hashed when it is written: `row_sha256` is the
SHA-256 of the row's columns as canonical JSON, each BLOB replaced by the SHA-256 of its
bytes. Rows are chained in insertion order,
`chain_sha256 = sha256(previous chain_sha256 + row_sha256)`, starting from GENESIS.

`check_integrity` recomputes every content hash, every row hash and the chain, and names
each row that no longer matches (streaming: its memory does not grow with the archive): an edited byte, a deleted row, a swapped image, a verdict
rewritten. What is derived from chained rows (a post's status, its latest version) is
derived again and compared by store.check_archive, which also has SQLite check the file
itself (quick_check) and the search indexes.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import json
from dataclasses import dataclass

#: Evidence tables, their primary key, and the BLOB column whose bytes their
#: *_sha256 column must match.
EVIDENCE_TABLES = {
    "article_fetches": ("id", "body", "body_sha256"),
    "embeds": ("id", "raw_html", "raw_sha256"),
    "post_versions": ("id", "raw", "raw_sha256"),
    "post_checks": ("id", "body", "body_sha256"),
    "media": ("sha256", "content", "sha256"),
    # Chained since migration 0015; the rows an archive held before it were chained when
    # it was applied (store.seal_rows_written_before_their_chain).
    "post_media": ("id", None, None),
    "media_fetches": ("id", None, None),
    "post_status_events": ("id", None, None),
    "verifications": ("id", None, None),
    "quote_claims": ("id", None, None),
    "runs": ("id", None, None),
    # 0016: a time-stamping authority's token over the chain head (archiver timestamp)
    "timestamps": ("id", "token", "token_sha256"),
}
#: Tables whose rows are chained once they are final, and the column that says so: a run
#: is chained when it finishes (a run still going, or killed, has no finished_at).
CHAINED_WHEN_SET = {"runs": "finished_at"}
GENESIS = "0" * 64
#: Columns that later migrations added to evidence tables, with the value every row
#: written before them holds. A row's hash leaves such a column out while it holds that
#: value (rows chained before the column existed still match) and includes it otherwise
#: (a value set later, or removed, changes the hash).
ADDED_COLUMNS = {
    "article_fetches": {"encoding_source": None, "rendered_from": None},  # 0013
    "embeds": {"rendered": 0},  # 0013
    "post_status_events": {"check_ids": None},  # 0017
}


def _digest(value) -> str:
    if isinstance(value, str):
        value = value.encode("utf-8")
    return hashlib.sha256(value).hexdigest()


def _blob_digest(value) -> str:
    """A BLOB in a row's canonical JSON: "sha256:<hex>" of its bytes (the encoder asks
    only for what JSON cannot hold)."""
    if isinstance(value, (bytes, memoryview)):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    raise TypeError(f"{type(value).__name__} is no column value")


#: The canonical JSON of a row: sorted keys, no spaces, text as is, each BLOB by its hash.
#: One encoder, in C, for every row written and checked (a dict built in Python to
#: replace the BLOBs first took half the time: verify checks every row it compares).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                              default=_blob_digest)


def row_sha256(table: str, row: dict) -> str:
    """SHA-256 of a row as canonical JSON (sorted keys; BLOBs as "sha256:<hex>")."""
    added = ADDED_COLUMNS.get(table)
    if added:  # a column added later counts only once it holds another value
        unset = [key for key, value in added.items() if key in row and row[key] == value]
        if unset:
            row = {key: value for key, value in row.items() if key not in unset}
    return hashlib.sha256((table + "\n" + _CANONICAL.encode(row)).encode("utf-8")).hexdigest()


def next_chain(previous: str, row_hash: str) -> str:
    return _digest(previous + row_hash)


@dataclass(frozen=True, slots=True)
class Problem:
    table: str
    key: str
    kind: str  # content_mismatch, row_changed, row_missing, unchained_row, chain_broken,
    #            derived_mismatch, corruption, search_index
    detail: str

    def line(self) -> str:
        where = f"{self.table} {self.key}" if self.key else self.table
        return f"{where}: {self.kind.replace('_', ' ')}: {self.detail}"


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    rows: int  # evidence rows checked
    bytes: int  # content bytes hashed
    head_seq: int
    head_sha256: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_integrity(chain_rows, tables) -> IntegrityReport:
    """Recompute every hash and the chain, in memory that does not grow with the archive:
    the chain is walked once in order, then each evidence table is merged with its own
    chain entries, both read in key order.

    Args:
        chain_rows: (seq, table, key, row_sha256, chain_sha256) in seq order.
        tables: (table, chained, rows) for each evidence table, where `chained` is the
            (key, row_sha256) of its chain entries and `rows` the (key, row as a dict) of
            its rows, both in the same ascending key order (one key's entries in seq
            order: the newest counts). A chain entry that can be no evidence row's (an
            unknown table, a key that is no key) comes as (table, chained, ()): every such
            entry names a row that is gone.
    """
    problems: list[Problem] = []
    previous, seq_head, head = GENESIS, 0, GENESIS
    expected_seq = 1
    for seq, table, key, row_hash, chain_hash in chain_rows:
        if seq != expected_seq:
            problems.append(Problem("evidence_chain", str(expected_seq), "chain_broken",
                                    f"entries {expected_seq}-{seq - 1} are missing"))
        expected_seq = seq + 1
        if next_chain(previous, row_hash) != chain_hash:
            problems.append(Problem("evidence_chain", str(seq), "chain_broken",
                                    f"entry {seq} ({table} {key}) does not follow from the one before"))
        previous, seq_head, head = chain_hash, seq, chain_hash
    total_bytes = rows = 0
    for table, chained, table_rows in tables:
        counted, hashed = _check_table(table, chained, table_rows, problems)
        rows += counted
        total_bytes += hashed
    return IntegrityReport(rows, total_bytes, seq_head, head, tuple(problems))


def _check_table(table: str, chained, rows, problems: list[Problem]) -> tuple[int, int]:
    """Merge one table's chain entries with its rows (both in key order); (rows, bytes)."""
    # One entry per key, the newest (a key chained twice counts as its last entry).
    entries = ((key, collections.deque(group, maxlen=1)[0][1])
               for key, group in itertools.groupby(chained, key=lambda entry: entry[0]))
    entry = next(entries, None)
    count = total_bytes = 0
    _pk, blob_column, sha_column = EVIDENCE_TABLES.get(table, (None, None, None))
    final = CHAINED_WHEN_SET.get(table)
    for key, row in rows:
        while entry is not None and entry[0] < key:  # chained, and no such row any more
            problems.append(_missing(table, entry[0]))
            entry = next(entries, None)
        expected = None
        if entry is not None and entry[0] == key:
            expected = entry[1]
            entry = next(entries, None)
        blob = row.get(blob_column) if blob_column else None
        if blob is not None:
            blob = bytes(blob) if isinstance(blob, memoryview) else blob
            blob = blob.encode("utf-8") if isinstance(blob, str) else blob
            total_bytes += len(blob)
            if _digest(blob) != row.get(sha_column):
                problems.append(Problem(table, str(key), "content_mismatch",
                                        f"{blob_column} no longer hashes to its {sha_column}"))
        if expected is None and final is not None and row.get(final) is None:
            continue  # not final yet (a run still going, or killed): chained when it is
        count += 1  # (an evidence row: the summary's count is of these)
        if expected is None:
            problems.append(Problem(table, str(key), "unchained_row",
                                    "the row is not in the evidence chain"))
        elif row_sha256(table, row) != expected:
            problems.append(Problem(table, str(key), "row_changed",
                                    "the row differs from the one chained when it was written"))
    while entry is not None:
        problems.append(_missing(table, entry[0]))
        entry = next(entries, None)
    return count, total_bytes


def _missing(table: str, key) -> Problem:
    return Problem(table, str(key), "row_missing", "a chained row is gone (deleted)")
