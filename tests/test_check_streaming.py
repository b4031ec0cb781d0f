"""The archive's check streams: its memory does not grow with the number of evidence rows
(issue 12, item 4's follow-up), and the merge of each table with its chain entries finds
what the whole-chain-in-memory check found."""

import sqlite3
import tracemalloc

from click.testing import CliRunner

from archiver.cli import cli
from archiver.integrity import GENESIS, check_integrity, next_chain, row_sha256
from archiver.store import (iter_chain, iter_evidence_tables, open_archive,
                            open_archive_read_only)

TABLE = "post_media"  # chained, no BLOB: the cost is the chain itself


def row(n: int) -> dict:
    return {"id": n, "post_version_id": n, "position": 0, "type": "photo",
            "image_url": f"https://pbs.example/{n}.jpg", "display_url": None,
            "expanded_url": None, "variants": "[]", "alt_text": None}


def peak_bytes(count: int) -> tuple[int, object]:
    """The check's peak of allocated memory over `count` rows (the inputs made ahead)."""
    hashes = [row_sha256(TABLE, row(n)) for n in range(1, count + 1)]
    links, previous = [], GENESIS
    for row_hash in hashes:
        previous = next_chain(previous, row_hash)
        links.append(previous)
    chain = ((n, TABLE, str(n), hashes[n - 1], links[n - 1]) for n in range(1, count + 1))
    tables = [(TABLE, ((n, hashes[n - 1]) for n in range(1, count + 1)),
               ((n, row(n)) for n in range(1, count + 1)))]
    tracemalloc.start()
    try:
        report = check_integrity(chain, tables)
        return tracemalloc.get_traced_memory()[1], report
    finally:
        tracemalloc.stop()


def test_the_check_holds_no_more_for_thirty_thousand_rows_than_for_a_thousand():
    small, report = peak_bytes(1_000)
    assert report.ok and report.rows == 1_000
    large, report = peak_bytes(30_000)
    assert report.ok and report.rows == 30_000 and report.head_seq == 30_000
    # Holding every chained (table, key) -> hash, as the check once did, is ~9 MB here.
    assert large < small + 1_000_000, (small, large)


def test_a_key_chained_twice_counts_as_its_newest_entry_and_gaps_are_rows_missing():
    rows = [(1, row(1)), (3, row(3)), (4, dict(row(4), alt_text="changed"))]
    chained = [(1, "0" * 64), (1, row_sha256(TABLE, row(1))), (2, row_sha256(TABLE, row(2))),
               (3, row_sha256(TABLE, row(3))), (4, row_sha256(TABLE, row(4))),
               (5, row_sha256(TABLE, row(5)))]
    report = check_integrity([], [(TABLE, chained, rows), ("nonsense", [("x", "0" * 64)], ())])
    assert [(p.table, p.key, p.kind) for p in report.problems] == [
        (TABLE, "2", "row_missing"), (TABLE, "4", "row_changed"), (TABLE, "5", "row_missing"),
        ("nonsense", "x", "row_missing")]


def test_chain_entries_no_row_can_have_are_named(tmp_path):
    """An entry for a table that is no evidence table, or with a key that is no id, is
    a chained row that is gone; the archive's own rows still check out."""
    from archiver.store import open_archive

    path = tmp_path / "a.db"
    open_archive(path).conn.close()
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO evidence_chain (seq, table_name, row_key, row_sha256,"
                     " chain_sha256, added_at) VALUES (?,?,?,?,?,'now')",
                     [(1, "posts", "123", "a" * 64, next_chain(GENESIS, "a" * 64)),
                      (2, "embeds", "07", "b" * 64,
                       next_chain(next_chain(GENESIS, "a" * 64), "b" * 64))])
    conn.commit()
    conn.close()
    db = open_archive_read_only(path)
    report = check_integrity(iter_chain(db), iter_evidence_tables(db))
    assert [(p.table, p.key, p.kind) for p in report.problems] == [
        ("posts", "123", "row_missing"), ("embeds", "07", "row_missing")]
    result = CliRunner().invoke(cli, ["check", "--format", "csv", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "problem,posts,123,row_missing,a chained row is gone (deleted),,,,,",
        "problem,embeds,07,row_missing,a chained row is gone (deleted),,,,,",
        f"result,,,,,False,0,0,2,{next_chain(next_chain(GENESIS, 'a' * 64), 'b' * 64)}"]


def test_export_manifest_streams_the_same_json_as_one_dump(server, tmp_path):
    import json

    db = tmp_path / "a.db"
    open_archive(db).conn.close()  # an empty archive (`migrate` never creates one)
    for archived in (False, True):
        if archived:
            assert CliRunner().invoke(cli, ["archive", f"{server.url}/news/superconductor-amp"
                                            ".html", "--db", str(db)]).exit_code == 0
        result = CliRunner().invoke(cli, ["export-manifest", "--db", str(db)])
        assert result.exit_code == 0, result.output
        manifest = json.loads(result.stdout)
        # Byte for byte what json.dump(…, indent=1) writes, written a row at a time.
        assert result.stdout == json.dumps(manifest, indent=1) + "\n"
        rows = manifest["rows"]
        assert bool(rows) == archived
        if rows:
            assert manifest["head"] == {"seq": rows[-1]["seq"],
                                        "chain_sha256": rows[-1]["chain_sha256"]}
            assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
