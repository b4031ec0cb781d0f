"""Tampering with an archive built through the real pipeline is caught by --integrity."""

import io
import json
import shutil
import sqlite3

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

    db = open_archive(path)
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    list(archive_sources(archiver, [*sample_server.page_urls(),
                                    str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


@pytest.fixture
def archive(pristine, tmp_path):
    copy = tmp_path / "archive.db"
    shutil.copy(pristine, copy)
    return copy


def tamper(path, *statements):
    """What an attacker with the file can do: drop the guards and write."""
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                " AND name LIKE '%no_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
    conn.commit()
    conn.close()


def integrity(path):
    result = CliRunner().invoke(cli, ["verify", "--integrity", "--db", str(path)])
    return result.exit_code, result.stdout


def test_untouched_archive_is_intact(archive):
    code, out = integrity(archive)
    assert code == 0 and ": intact" in out
    conn = sqlite3.connect(archive)
    tables = {t for (t,) in conn.execute("SELECT DISTINCT table_name FROM evidence_chain")}
    assert tables == {"article_fetches", "embeds", "post_versions", "post_checks", "media"}
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
