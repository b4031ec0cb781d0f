"""Tampering with an archive built through the real pipeline is caught by --integrity."""

import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner
from PIL import Image

from archiver.cli import cli
from archiver.integrity import GENESIS, next_chain

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, sample_server):
    """The demo's archive, built once: every kind of evidence, images included."""
    path = tmp_path_factory.mktemp("pristine") / "archive.db"
    from archiver.pipeline import Archiver, archive_sources
    from archiver.resolve import Resolver
    from archiver.store import open_archive

    from .conftest import local_http

    from archiver.store import finish_run, start_run

    db = open_archive(path)
    run_id = start_run(db, "2026-01-01T00:00:00Z", 1)
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    list(archive_sources(archiver, [*sample_server.page_urls(),
                                    str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
    finish_run(db, run_id, finished_at="2026-01-01T00:02:00Z", articles_seen=8, exit_status=0,
               errors="[]", stopped_reason="completed")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


@pytest.fixture
def archive(pristine, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(pristine, copy)
    return copy


def tamper(path, *statements, restore_guards=True):
    """What an attacker with the file can do: drop the guards, write, and put the guards
    back (or not: restore_guards=False)."""
    conn = sqlite3.connect(path)
    guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND name LIKE '%no_%'").fetchall()
    for name, _sql in guards:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
    if restore_guards:
        for _name, sql in guards:
            conn.execute(sql)
    conn.commit()
    conn.close()


def integrity(path):
    result = CliRunner().invoke(cli, ["check", "--db", str(path)])
    return result.exit_code, result.stdout


def test_untouched_archive_is_intact(archive):
    code, out = integrity(archive)
    assert code == 0 and ": intact" in out
    conn = sqlite3.connect(archive)
    tables = {t for (t,) in conn.execute("SELECT DISTINCT table_name FROM evidence_chain")}
    assert tables == {"article_fetches", "embeds", "post_versions", "post_checks", "media",
                      "post_media", "media_fetches", "post_status_events", "verifications",
                      "quote_claims", "runs"}
    # the chain recomputes from the rows' hashes alone
    previous = GENESIS
    for row_hash, chain_hash in conn.execute(
            "SELECT row_sha256, chain_sha256 FROM evidence_chain ORDER BY seq"):
        previous = next_chain(previous, row_hash)
        assert previous == chain_hash


def flip_byte(blob: bytes, at: int = 100) -> bytes:
    at = min(at, len(blob) - 1)
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1:]


@pytest.mark.parametrize(
    "table, key_column, blob_column",
    [
        ("article_fetches", "id", "body"),
        ("post_versions", "id", "raw"),
        ("post_checks", "id", "body"),
        ("media", "sha256", "content"),
    ],
)
def test_one_flipped_byte_in_each_kind_of_evidence(archive, table, key_column, blob_column):
    conn = sqlite3.connect(archive)
    key, blob = conn.execute(
        f"SELECT {key_column}, {blob_column} FROM {table} WHERE typeof({blob_column}) = 'blob'"
        f" ORDER BY {key_column} LIMIT 1").fetchone()
    conn.close()
    tamper(archive, (f"UPDATE {table} SET {blob_column} = ? WHERE {key_column} = ?",
                     (flip_byte(blob), key)))
    code, out = integrity(archive)
    assert code == 1
    assert f"{table} {key}: content mismatch" in out
    assert f"{table} {key}: row changed" in out


def test_edited_embed_markup(archive):
    tamper(archive, "UPDATE embeds SET raw_html = replace(raw_html, 'sammy', 'sammx')"
                    " WHERE raw_html LIKE '%sammy%'")
    code, out = integrity(archive)
    assert code == 1 and "embeds" in out and "content mismatch" in out


def test_rewritten_hash_beside_the_edit_is_still_caught(archive):
    """An attacker who edits a body and its sha256 column still breaks the chain."""
    import hashlib

    conn = sqlite3.connect(archive)
    key, body = conn.execute("SELECT id, body FROM article_fetches WHERE body IS NOT NULL"
                             " ORDER BY id LIMIT 1").fetchone()
    conn.close()
    forged = body + b"\n<p>added later</p>"
    tamper(archive, ("UPDATE article_fetches SET body = ?, body_sha256 = ? WHERE id = ?",
                     (forged, hashlib.sha256(forged).hexdigest(), key)))
    code, out = integrity(archive)
    assert code == 1 and f"article_fetches {key}: row changed" in out
    assert "content mismatch" not in out


def test_deleted_row(archive):
    conn = sqlite3.connect(archive)
    key = conn.execute("SELECT max(id) FROM post_versions").fetchone()[0]
    conn.close()
    tamper(archive, "PRAGMA foreign_keys = OFF",
           ("DELETE FROM post_versions WHERE id = ?", (key,)))
    code, out = integrity(archive)
    assert code == 1 and f"post_versions {key}: row missing" in out


def test_swapped_image(archive):
    conn = sqlite3.connect(archive)
    (first, a), (second, b) = conn.execute(
        "SELECT sha256, content FROM media ORDER BY sha256 LIMIT 2").fetchall()
    conn.close()
    tamper(archive, ("UPDATE media SET content = ?, thumbnail = thumbnail WHERE sha256 = ?",
                     (b, first)))
    code, out = integrity(archive)
    assert code == 1 and f"media {first}: content mismatch" in out
    # a valid image, only not the one that was archived
    Image.open(io.BytesIO(b)).verify()


def test_deleted_chain_entry(archive):
    tamper(archive, "DELETE FROM evidence_chain WHERE seq = 5")
    code, out = integrity(archive)
    assert code == 1 and "chain broken" in out


def test_manifest_carries_the_head(archive):
    result = CliRunner().invoke(cli, ["export-manifest", "--db", str(archive)])
    manifest = json.loads(result.stdout)
    conn = sqlite3.connect(archive)
    seq, head = conn.execute(
        "SELECT seq, chain_sha256 FROM evidence_chain ORDER BY seq DESC LIMIT 1").fetchone()
    assert manifest["head"] == {"seq": seq, "chain_sha256": head}
    assert len(manifest["rows"]) == seq and manifest["rows"][-1]["chain_sha256"] == head
    code, out = integrity(archive)
    assert head in out
    # the chain, recomputed from the manifest alone as its "algorithm" says
    import hashlib

    assert "hex texts, encoded as ASCII" in manifest["algorithm"]
    previous = "0" * 64
    for row in manifest["rows"]:
        previous = hashlib.sha256((previous + row["row_sha256"]).encode("ascii")).hexdigest()
        assert previous == row["chain_sha256"]
    assert previous == head


def test_columns_added_later_join_a_rows_hash_only_when_set():
    """A row chained before migration 0013 added encoding_source, rendered_from and
    embeds.rendered still matches; a value set in one of them is a change."""
    from archiver.integrity import row_sha256

    before = {"id": 1, "body": b"<html>", "encoding": "utf-8"}
    after = {**before, "encoding_source": None, "rendered_from": None}
    assert row_sha256("article_fetches", after) == row_sha256("article_fetches", before)
    assert row_sha256("article_fetches", {**after, "encoding_source": "meta"}) \
        != row_sha256("article_fetches", before)
    assert row_sha256("article_fetches", {**after, "rendered_from": 7}) \
        != row_sha256("article_fetches", before)
    embed = {"id": 3, "post_id": "1"}
    assert row_sha256("embeds", {**embed, "rendered": 0}) == row_sha256("embeds", embed)
    assert row_sha256("embeds", {**embed, "rendered": 1}) != row_sha256("embeds", embed)
    # Only the listed columns of the listed tables are left out.
    assert row_sha256("post_versions", {**embed, "rendered": 0}) != row_sha256("post_versions", embed)


def one(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()
    finally:
        conn.close()


def problem_lines(out):
    """The lines naming a problem (the last two are the summary and the head)."""
    return out.splitlines()[:-2]


def test_a_deleted_post_set_back_to_available_with_its_status_event_deleted(archive):
    post_id, event_id = one(archive, "SELECT post_id, id FROM post_status_events"
                                     " WHERE status = 'unavailable'")
    tamper(archive, "PRAGMA foreign_keys = OFF",
           ("DELETE FROM post_status_events WHERE id = ?", (event_id,)),
           ("UPDATE posts SET status = 'available', unavailable_reason = NULL,"
            " status_since = NULL WHERE id = ?", (post_id,)))
    code, out = integrity(archive)
    assert code == 1
    assert problem_lines(out) == [  # the row that fails first, then what follows from it
        f"post_status_events {event_id}: row missing: a chained row is gone (deleted)",
        f"posts {post_id}: derived mismatch: status available, but no status event records it"]


def test_a_post_status_changed_without_an_event(archive):
    post_id, since = one(archive, "SELECT id, status_since FROM posts WHERE status = 'unavailable'")
    (event_id,) = one(archive, "SELECT max(id) FROM post_status_events WHERE post_id = ?",
                      (post_id,))
    tamper(archive, ("UPDATE posts SET status = 'available', unavailable_reason = NULL"
                     " WHERE id = ?", (post_id,)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"posts {post_id}: derived mismatch: status available since {since}, but its newest "
        f"status event (#{event_id}, {since}) says unavailable (deleted)"]


def test_a_status_event_rewritten(archive):
    event_id, post_id = one(archive, "SELECT id, post_id FROM post_status_events"
                                     " WHERE status = 'unavailable'")
    tamper(archive, ("UPDATE post_status_events SET reason = 'withheld' WHERE id = ?", (event_id,)),
           ("UPDATE posts SET unavailable_reason = 'withheld' WHERE id = ?", (post_id,)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"post_status_events {event_id}: row changed: the row differs from the one chained "
        "when it was written"]


def test_every_verdict_set_to_match(archive):
    changed = [row for row in sqlite3.connect(archive).execute(
        "SELECT id FROM verifications WHERE verdict != 'match' ORDER BY id")]
    tamper(archive, "UPDATE verifications SET verdict = 'match', findings = '[\"match\"]'")
    code, out = integrity(archive)
    assert code == 1
    assert problem_lines(out) == [
        f"verifications {key}: row changed: the row differs from the one chained when it was "
        "written" for (key,) in changed]


def test_a_posts_image_link_pointed_at_another_image(archive):
    (first, url), (_second, other) = sqlite3.connect(archive).execute(
        "SELECT id, image_url FROM post_media ORDER BY id LIMIT 2").fetchall()
    tamper(archive, ("UPDATE post_media SET image_url = ? WHERE id = ?", (other, first)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"post_media {first}: row changed: the row differs from the one chained when it was "
        "written"]


def test_an_image_download_pointed_at_other_bytes(archive):
    (first, _sha), (_second, other) = sqlite3.connect(archive).execute(
        "SELECT id, sha256 FROM media_fetches WHERE sha256 IS NOT NULL ORDER BY id LIMIT 2"
    ).fetchall()
    tamper(archive, ("UPDATE media_fetches SET sha256 = ? WHERE id = ?", (other, first)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"media_fetches {first}: row changed: the row differs from the one chained when it was "
        "written"]


def test_a_prose_quote_found_after_all(archive):
    # (which claims the demo records first depends on the order its articles finish in)
    key, result = one(archive, "SELECT id, result FROM quote_claims ORDER BY id LIMIT 1")
    tampered = "not_found" if result == "found" else "found"
    tamper(archive, ("UPDATE quote_claims SET result = ? WHERE id = ?", (tampered, key)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"quote_claims {key}: row changed: the row differs from the one chained when it was "
        "written"]


def test_a_finished_run_rewritten_or_deleted(archive, tmp_path):
    second = tmp_path / "second.db"
    shutil.copy(archive, second)
    tamper(archive, "UPDATE runs SET errors = '[]', articles_seen = 9 WHERE id = 1")
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        "runs 1: row changed: the row differs from the one chained when it was written"]
    tamper(second, "DELETE FROM runs WHERE id = 1")
    code, out = integrity(second)
    assert code == 1 and problem_lines(out) == ["runs 1: row missing: a chained row is gone (deleted)"]


def test_a_finished_run_cannot_be_changed_and_a_running_one_is_not_yet_evidence(archive):
    counted = re.compile(r"^(\d+) evidence rows", re.M)
    [rows_before] = counted.findall(integrity(archive)[1])
    conn = sqlite3.connect(archive)
    with pytest.raises(sqlite3.IntegrityError, match="a finished run is evidence"):
        conn.execute("UPDATE runs SET exit_status = 0 WHERE id = 1")
    conn.execute("INSERT INTO runs (started_at, sources) VALUES ('2026-02-01T00:00:00Z', 1)")
    conn.commit()
    conn.close()
    code, out = integrity(archive)
    assert code == 0  # a run still going (or killed) is not chained yet...
    assert counted.findall(out) == [rows_before]  # ...nor counted as an evidence row


def test_a_posts_text_replaced_by_another_posts_version(archive):
    (post_id, latest), (_other, other_version) = sqlite3.connect(archive).execute(
        "SELECT id, latest_version_id FROM posts WHERE latest_version_id IS NOT NULL"
        " ORDER BY id LIMIT 2").fetchall()
    tamper(archive, ("UPDATE posts SET latest_version_id = ? WHERE id = ?",
                     (other_version, post_id)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"posts {post_id}: derived mismatch: latest_version_id is {other_version}, but X's "
        f"newest version of the post is {latest}"]


def overwrite_page(path, name: str, filler: bytes = b"\x5a") -> None:
    """Overwrite the root page of a table or an index with garbage, as a failing disk
    or a careless tool would."""
    page_size = one(path, "PRAGMA page_size")[0]
    page = one(path, "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))[0]
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(filler * page_size)


@pytest.mark.parametrize("name", ["posts_date", "post_versions_fts_data"])
def test_an_overwritten_page_of_an_index_is_corruption_in_one_line_each(archive, name):
    overwrite_page(archive, name)
    result = CliRunner().invoke(cli, ["check", "--db", str(archive)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    lines = result.stdout.splitlines()
    assert lines[0].startswith("database: corruption: "), lines
    assert ": corrupt (" in lines[-2]
    assert result.stderr == ""
    # A command that reads through the damaged page says so in one line.
    posts = subprocess.run([sys.executable, "-m", "archiver.cli", "posts", "--db", str(archive),
                            "--date", "2025-10-12", "--search", "Suriye"],
                           capture_output=True, text=True, timeout=60)
    assert posts.returncode == 1 and len(posts.stderr.splitlines()) == 1, posts.stderr
    assert posts.stderr.startswith("archiver: the archive cannot be read: ")


def test_a_search_index_that_hides_a_post(archive):
    """The index edited to forget one text, consistently: SQLite finds nothing wrong with
    the file, and `posts --search` would no longer find the post."""
    key, text = one(archive, "SELECT id, text_search FROM post_versions WHERE text_search"
                             " LIKE '%suriye%' ORDER BY id LIMIT 1")
    tamper(archive, ("INSERT INTO post_versions_fts (post_versions_fts, rowid, text_search)"
                     " VALUES ('delete', ?, ?)", (key, text)))
    assert one(archive, "PRAGMA quick_check") == ("ok",)
    code, out = integrity(archive)
    assert code == 1
    (line,) = problem_lines(out)
    assert line.startswith("post_versions_fts: search index: ") and "words are not indexed as " \
        "post_versions.text_search holds them" in line


def test_an_archive_written_before_these_rows_were_chained_is_sealed_by_its_migration(
        tmp_path, monkeypatch, sample_server):
    """Rows of the tables migration 0015 chains, written by a version that did not chain
    them, are chained when it is applied, in the order they were written; the chain
    before it is kept as it was."""
    from archiver import store
    from archiver.pipeline import Archiver, archive_sources
    from archiver.resolve import Resolver
    from archiver.store import check_archive, finish_run, open_archive, start_run

    from .conftest import ROOT, local_http

    migrations = sorted((ROOT / "db" / "migrations").glob("[0-9]*.sql"))
    old = tmp_path / "migrations"
    old.mkdir()
    for path in migrations:
        # (0017 and 0023 add columns today's writer fills in or reads: the old schema gets
        # them too, steps that chain nothing, so the rows below can be written by this code.)
        if path.name < "0015" or path.name.startswith(("0017", "0023")):
            shutil.copy(path, old / path.name)
    new_tables = {"post_media", "media_fetches", "post_status_events", "verifications",
                  "quote_claims", "runs"}
    chain = store._chain
    with monkeypatch.context() as patch:  # the version before: these tables unchained
        patch.setattr(store, "MIGRATIONS_DIR", old)
        patch.setattr(store, "_chain", lambda db, table, key: None if table in new_tables
                      else chain(db, table, key))
        patch.setattr(store, "_chain_rows_after", lambda *args, **kwargs: None)
        path = tmp_path / "archive.db"
        db = open_archive(path)
        run_id = start_run(db, "2026-01-01T00:00:00Z", 1)
        http = local_http(retries=0)
        archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                               oembed_url=f"{sample_server.url}/x"))
        list(archive_sources(archiver, [*sample_server.page_urls(),
                                        str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
        finish_run(db, run_id, finished_at="2026-01-01T00:02:00Z", exit_status=0)
        start_run(db, "2026-01-02T00:00:00Z", 1)  # killed: never finished
        before = db.execute("SELECT seq, table_name, row_key, chain_sha256 FROM evidence_chain"
                            " ORDER BY seq").fetchall()
        db.conn.close()
    assert {table for _s, table, _k, _c in before}.isdisjoint(new_tables)
    db = open_archive(path)  # applies 0015
    after = db.execute("SELECT seq, table_name, row_key, chain_sha256 FROM evidence_chain"
                       " ORDER BY seq").fetchall()
    assert after[:len(before)] == before
    sealed = after[len(before):]
    for table in new_tables:
        keys = [int(k) for _s, t, k, _c in sealed if t == table]
        expected = [r[0] for r in db.execute(f"SELECT id FROM {table}"
                                             + (" WHERE finished_at IS NOT NULL" if table == "runs" else "")
                                             + " ORDER BY id")]
        assert keys == expected and keys, table
    report = check_archive(db)
    assert report.ok, [p.line() for p in report.problems]


# --- what pages, reports and verdicts read outside the chain ---------------------------------


def test_an_articles_address_or_title_rewritten(archive):
    """An article's URL and title are not evidence rows, but a report and the pages name
    the article by them: they must be what its chained fetches asked for and show."""
    article_id, title = one(archive, "SELECT id, title FROM articles WHERE title IS NOT NULL"
                                     " ORDER BY id LIMIT 1")
    tamper(archive, ("UPDATE articles SET url = 'https://other.example/story.html',"
                     " title = 'A different headline' WHERE id = ?", (article_id,)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"articles {article_id}: derived mismatch: url is 'https://other.example/story.html', "
        "which none of its fetches asked for",
        f"articles {article_id}: derived mismatch: title is 'A different headline', which its "
        "latest page does not show"]


def test_a_posts_handle_name_or_account_rewritten(archive):
    """`posts --handle` finds a post by posts.handle: it must be X's newest copy's."""
    post_id, handle = one(archive, "SELECT id, handle FROM posts WHERE latest_version_id IS NOT"
                                   " NULL ORDER BY id LIMIT 1")
    tamper(archive, ("UPDATE posts SET handle = 'SomeoneElse' WHERE id = ?", (post_id,)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"posts {post_id}: derived mismatch: handle is 'SomeoneElse', but X's newest copy of "
        f"the post says {handle!r}"]


def test_a_handle_added_to_an_account_turns_no_misattribution_into_a_rename(archive):
    """Verification calls a wrong handle a rename when the account is known by it: a
    forged author_handles row would excuse a misattribution. Each must be X's."""
    author_id, = one(archive, "SELECT author_id FROM author_handles ORDER BY author_id LIMIT 1")
    tamper(archive, ("INSERT INTO author_handles VALUES (?, 'ParodyDesk', 'Parody Desk',"
                     " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", (author_id,)),
           ("UPDATE authors SET name = 'Not the name' WHERE id = ?", (author_id,)))
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        f"author_handles {author_id}/ParodyDesk: derived mismatch: account {author_id} is "
        "listed as @ParodyDesk, which no copy of X's shows",
        f"authors {author_id}: derived mismatch: name is 'Not the name', which no copy of X's "
        "shows"]


def test_a_handle_taken_off_an_account(archive):
    author_id, handle = one(archive, "SELECT author_id, handle FROM author_handles ORDER BY"
                                     " author_id LIMIT 1")
    tamper(archive, ("DELETE FROM author_handles WHERE author_id = ? AND handle = ?",
                     (author_id, handle)))
    code, out = integrity(archive)
    assert code == 1 and f"author_handles {author_id}/{handle}: derived mismatch: X showed " \
        f"account {author_id} as @{handle}, which the list of its handles lacks" in out


def test_the_append_only_guards_dropped_and_left_dropped(archive):
    tamper(archive, restore_guards=False)
    code, out = integrity(archive)
    lines = problem_lines(out)
    assert code == 1 and len(lines) == 26
    assert lines[0] == ("schema article_fetches_no_update: trigger missing: this append-only "
                        "trigger is gone: rows can be changed or deleted without an error")
    assert "schema runs_finished_no_update: trigger missing" in out


def test_an_append_only_guard_made_to_refuse_nothing(archive):
    conn = sqlite3.connect(archive)
    conn.execute("DROP TRIGGER embeds_no_update")
    conn.execute("CREATE TRIGGER embeds_no_update BEFORE UPDATE ON embeds BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    code, out = integrity(archive)
    assert code == 1 and problem_lines(out) == [
        "schema embeds_no_update: trigger changed: this append-only trigger no longer refuses "
        "anything"]


# --- against a manifest exported earlier --------------------------------------------------------


def manifest_of(archive, tmp_path, name="manifest.json"):
    path = tmp_path / name
    result = CliRunner().invoke(cli, ["export-manifest", "--db", str(archive), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def check_against(archive, manifest):
    result = CliRunner().invoke(cli, ["check", "--db", str(archive), "--manifest", str(manifest)])
    return result.exit_code, result.output


def test_an_intact_check_says_what_only_a_manifest_shows(archive):
    code, out = integrity(archive)
    assert code == 0 and "only against a manifest exported earlier or a time-stamp: " \
        "archiver check --manifest FILE" in out


def test_the_newest_rows_cut_off_show_only_against_a_manifest(archive, tmp_path):
    """Deleting the newest rows with their chain entries leaves a chain that checks
    itself: only a manifest exported before shows the rows gone."""
    manifest = manifest_of(archive, tmp_path)
    (head,) = one(archive, "SELECT max(seq) FROM evidence_chain")
    table, key = one(archive, "SELECT table_name, row_key FROM evidence_chain WHERE seq = ?",
                     (head,))
    tamper(archive, "PRAGMA foreign_keys = OFF", f"DELETE FROM {table} WHERE rowid = {int(key)}",
           ("DELETE FROM evidence_chain WHERE seq = ?", (head,)))
    assert integrity(archive)[0] == 0  # the chain alone cannot tell
    code, out = check_against(archive, manifest)
    assert code == 1
    assert f"evidence_chain {head}: chain cut: the manifest of " in out
    assert f"ends at head #{head}; the chain now ends at #{head - 1}: its 1 newest rows are " \
        "gone" in out


def test_a_chain_rewritten_from_a_row_on_shows_against_a_manifest(archive, tmp_path):
    """A verdict rewritten, and its row hash and every chain hash after it recomputed: the
    chain checks itself; the manifest names the first row that differs."""
    from archiver.integrity import row_sha256

    manifest = manifest_of(archive, tmp_path)
    conn = sqlite3.connect(archive)
    conn.row_factory = sqlite3.Row
    verification = dict(conn.execute("SELECT * FROM verifications ORDER BY id LIMIT 1").fetchone())
    conn.close()
    verification["verdict"] = "match" if verification["verdict"] != "match" else "altered"
    (seq,) = one(archive, "SELECT seq FROM evidence_chain WHERE table_name = 'verifications'"
                          " AND row_key = ?", (str(verification["id"]),))
    tamper(archive, ("UPDATE verifications SET verdict = ? WHERE id = ?",
                     (verification["verdict"], verification["id"])),
           ("UPDATE evidence_chain SET row_sha256 = ? WHERE seq = ?",
            (row_sha256("verifications", verification), seq)))
    conn = sqlite3.connect(archive)  # every chain hash from that row on, recomputed
    guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                          " AND tbl_name = 'evidence_chain'").fetchall()
    for name, _sql in guards:
        conn.execute(f"DROP TRIGGER {name}")
    (previous,) = conn.execute("SELECT chain_sha256 FROM evidence_chain WHERE seq = ?",
                               (seq - 1,)).fetchone()
    for s, row_hash in conn.execute("SELECT seq, row_sha256 FROM evidence_chain WHERE seq >= ?"
                                    " ORDER BY seq", (seq,)).fetchall():
        previous = next_chain(previous, row_hash)
        conn.execute("UPDATE evidence_chain SET chain_sha256 = ? WHERE seq = ?", (previous, s))
    for _name, sql in guards:
        conn.execute(sql)
    conn.commit()
    conn.close()
    code, out = integrity(archive)
    assert code == 0 and ": intact" in out  # the chain alone cannot tell
    code, out = check_against(archive, manifest)
    assert code == 1 and f"evidence_chain {seq}: chain rewritten: the chain differs from the " \
        f"manifest of " in out and f"from row #{seq} (verifications {verification['id']}) on" in out


def test_a_grown_archive_holds_an_older_manifest(archive, tmp_path):
    manifest = manifest_of(archive, tmp_path)
    code, out = check_against(archive, manifest)
    assert code == 0 and "the chain still holds its head #" in out and "0 rows added since" in out


@pytest.mark.parametrize("content", [
    "{not json", '{"format": "something else", "head": {}}', "[1, 2]",
    '{"format": "x-post-archiver evidence manifest 1", "head": {"seq": "5", "chain_sha256": "ab"}}'])
def test_a_file_that_is_no_manifest_is_said_so(archive, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out = check_against(archive, path)
    assert code == 2 and "manifest" in out and "Traceback" not in out


def test_a_title_a_page_escapes_twice_is_its_title(tmp_path):
    """A page whose <title> escapes its ampersand twice ("Q&amp;amp;A") gives the title
    "Q&amp;A": still words of its page, never a tampered title."""
    from archiver.store import _words_of

    assert _words_of("Q&amp;A today", b"<title>Q&amp;amp;A today</title>", "utf-8")
    assert _words_of("Q&A  today", b"<title>Q&amp;A\n today</title>", "utf-8")
    assert not _words_of("A different headline", b"<title>Q&amp;A today</title>", "utf-8")


@pytest.mark.parametrize("reference", ["&#27;[31m", "&#x1B;", "&#7;", "&#127;", "&#xFFFE;",
                                       "&#x9f;", "&#xFDD0;"])
def test_a_title_holding_a_reference_to_a_control_character_is_its_pages_title(reference):
    """The parser keeps "&#27;" as ESC where html.unescape drops it: the title the
    archive derives is still words of its page, never a tampered one (check said not
    intact on an untouched archive)."""
    from archiver.extract import extract_page
    from archiver.store import _words_of

    body = (f"<html><head><title>Vote {reference}RED count</title></head><body><p>x</p>"
            "</body></html>").encode()
    title = extract_page(body, "t.html").title
    assert title and "RED count" in title
    assert _words_of(title, body, "utf-8")
    assert not _words_of(title.replace("RED", "BLUE"), body, "utf-8")


def test_a_manifest_that_is_no_text_is_said_in_words(archive, tmp_path):
    """A PNG given as the manifest: said as what it is not, not as Python's codec error."""
    path = tmp_path / "bad.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out = check_against(archive, path)
    assert code == 2 and f"{path} is not an evidence manifest (not UTF-8 JSON)" in out
    assert "codec" not in out
