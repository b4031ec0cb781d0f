"""A row edited after it was written (as `archiver check` names it) is never built on nor
shown as evidence: `verify` leaves it out and says so, `report` refuses, the served pages
warn. Over the demo's archive built by the real pipeline, tampered with sqlite3."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .test_integrity import archive, pristine, tamper  # noqa: F401 - fixtures


def rows(path, query, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def faithful(path):
    """(post id, X's version compared, the article URL, the embed) of a faithful quote."""
    return rows(path, """SELECT v.post_id, v.post_version_id, a.url, v.embed_id
                         FROM verifications v JOIN articles a ON a.id = v.article_id
                         WHERE v.verdict = 'match' AND v.post_version_id IS NOT NULL
                         ORDER BY v.id LIMIT 1""")[0]


def edit_x_copy(path, version_id):
    """The user's edit: X's words changed, so a faithful quote would read as altered."""
    [(text,)] = rows(path, "SELECT text FROM post_versions WHERE id = ?", version_id)
    tamper(path, ("UPDATE post_versions SET text = ? WHERE id = ?",
                  (text.replace(text.split()[0], "Monday", 1) + " Monday", version_id)))


def verifications_of(path, post_id):
    return rows(path, "SELECT count(*) FROM verifications WHERE post_id = ?", post_id)[0][0]


def test_verify_leaves_out_an_edited_copy_of_x_says_which_and_exits_1(archive):
    post_id, version_id, _url, _embed = faithful(archive)
    edit_x_copy(archive, version_id)
    before = verifications_of(archive, post_id)
    others = rows(archive, "SELECT count(*) FROM verifications")[0][0]
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 1
    said = [line for line in result.stderr.splitlines() if "post_versions" in line]
    assert len(said) == 1 and f"post_versions {version_id} " in said[0]
    assert "archiver check" in said[0] and said[0].startswith("archiver: ")
    # no verdict built on it, none "altered"; the rest verified as before
    assert verifications_of(archive, post_id) == before
    assert rows(archive, "SELECT count(*) FROM verifications")[0][0] > others
    assert post_id not in result.stdout
    assert "verified" in result.stdout


def test_verify_leaves_out_an_edited_embed(archive):
    post_id, _version, _url, embed_id = faithful(archive)
    tamper(archive, ("UPDATE embeds SET quoted_text = 'Something else entirely' WHERE id = ?",
                     (embed_id,)))
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--format", "json"])
    assert result.exit_code == 1
    assert f"embeds {embed_id} " in result.stderr and "archiver check" in result.stderr
    shown = [json.loads(line)["embed_id"] for line in result.stdout.splitlines()
             if '"type": "embed"' in line]
    assert shown and embed_id not in shown
    assert rows(archive, "SELECT count(*) FROM verifications WHERE embed_id = ? AND"
                         " verdict != 'match'", embed_id)[0][0] == 0


def test_verify_of_an_intact_archive_says_nothing_more(archive):
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 0, result.stderr
    assert "evidence chain" not in result.stderr
