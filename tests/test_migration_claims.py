"""Schema 0012 brings an archive written with embed versions forward: nothing deleted or
rewritten, the chain intact, and a post's text only ever X's."""

import shutil

from archiver import store
from archiver.integrity import check_integrity
from archiver.store import find_posts, iter_chain, iter_evidence_tables, open_archive

from .conftest import ROOT

POST = "1977411517674615015"


def old_archive(tmp_path, monkeypatch):
    """An archive at schema 0011 whose post has the article's text as a version (source
    'embed', as archives were written before 0012), then X's copy, then the article's
    reworded text again, which posts.latest_version_id points at."""
    old = tmp_path / "migrations-0011"
    old.mkdir()
    for path in sorted((ROOT / "db" / "migrations").glob("*.sql")):
        if path.name < "0012":
            shutil.copy(path, old / path.name)
    monkeypatch.setattr(store, "MIGRATIONS_DIR", old)
    db = open_archive(tmp_path / "archive.db")
    now = "2025-10-13T00:00:00Z"
    with store.write_transaction(db):
        db.execute("INSERT INTO posts (id, has_x_id, handle, status, first_seen_at, last_seen_at,"
                   " date) VALUES (?, 1, 'HakanFidan', 'available', ?, ?, '2025-10-12')",
                   [POST, now, now])
        for source, text in (("embed", "Suriye ile temas"), ("syndication", "Suriye ile temas."),
                             ("embed", "Suriye ile HİÇBİR temas yok")):
            cursor = db.execute(
                "INSERT INTO post_versions (post_id, source, fetched_at, text, raw, raw_sha256,"
                " content_sha256, text_search) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [POST, source, now, text, text, store.sha256_hex(text), store.sha256_hex(text),
                 text.lower()])
            store._chain(db, "post_versions", cursor.lastrowid)
            db.execute("UPDATE posts SET latest_version_id = ? WHERE id = ?",
                       [cursor.lastrowid, POST])
    db.conn.close()
    monkeypatch.setattr(store, "MIGRATIONS_DIR", ROOT / "db" / "migrations")
    return tmp_path / "archive.db"


def test_migration_points_posts_at_xs_copy_and_keeps_every_row(tmp_path, monkeypatch):
    path = old_archive(tmp_path, monkeypatch)
    db = open_archive(path)  # applies 0012
    versions = db.execute("SELECT id, source, text FROM post_versions ORDER BY id").fetchall()
    assert [v[1] for v in versions] == ["embed", "syndication", "embed"]  # nothing deleted
    latest = db.execute("SELECT latest_version_id FROM posts WHERE id = ?", [POST]).fetchone()[0]
    assert latest == versions[1][0]
    [row] = find_posts(db, handle="hakanfidan")
    assert row["text"] == "Suriye ile temas." and row["article_text"] is None
    # The article's rewording is no longer found as the post's words.
    assert find_posts(db, search="HİÇBİR") == []
    report = check_integrity(iter_chain(db), iter_evidence_tables(db))
    assert report.ok, report.problems
    overview = db.execute("SELECT text, text_source FROM post_overview").fetchone()
    assert overview == ("Suriye ile temas.", "syndication")
