"""Read-only queries for the WARC export (SELECT only; writing stays in archiver.store)."""

from __future__ import annotations


def _rows(db, sql: str, params=()):
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def article_id(db, url: str) -> int | None:
    """The id of the article `url` names (its own address, or one it was also reached
    by: store.stored_article_url)."""
    from ..store import stored_article_url

    stored = stored_article_url(db, url)
    row = db.execute("SELECT id FROM articles WHERE url = ?", [stored]).fetchone() \
        if stored is not None else None
    return row[0] if row else None


def _scope(article_ids, column: str) -> tuple[str, list]:
    if article_ids is None:
        return "", []
    marks = ",".join("?" * len(article_ids))
    return f" WHERE {column} IN ({marks})", list(article_ids)


def article_fetches(db, article_ids=None):
    """Every article fetch (of these articles), in the order stored."""
    where, params = _scope(article_ids, "article_id")
    return _rows(db, "SELECT id, article_id, fetched_at, requested_url, final_url, status,"
                     " content_type, headers, body, body_sha256, rendered_from, error"
                     f" FROM article_fetches{where} ORDER BY id", params)


def _shown_posts(article_ids) -> tuple[str, list]:
    """SQL selecting the ids of the posts these articles show, and of the other versions
    of those posts' edit chains (X's answer about the newest edit is the evidence of an
    "edited since" finding), with its parameters."""
    marks = ",".join("?" * len(article_ids))
    shown = f"SELECT post_id FROM embeds WHERE article_id IN ({marks})"
    return (f"{shown} UNION SELECT j.value FROM post_versions v, json_each(v.edit_ids) j"
            f" WHERE json_valid(v.edit_ids) AND v.post_id IN ({shown})",
            [*article_ids, *article_ids])


def post_checks(db, article_ids=None):
    """Every answer X gave (about the posts these articles show, and their edits), in the
    order stored."""
    if article_ids is None:
        where, params = "", []
    else:
        posts, params = _shown_posts(article_ids)
        where = f" WHERE post_id IN ({posts})"
    return _rows(db, "SELECT id, post_id, source, checked_at, url, status, body, body_sha256"
                     f" FROM post_checks{where} ORDER BY id", params)


def media_fetches(db, article_ids=None):
    """Every stored image or video fetch (of the posts these articles show, and their
    edits), with its bytes, in the order stored."""
    where, params = "", []
    if article_ids is not None:
        posts, params = _shown_posts(article_ids)
        where = (" AND f.url IN (SELECT m.image_url FROM post_media m JOIN post_versions v"
                 f" ON v.id = m.post_version_id WHERE v.post_id IN ({posts}))")
    return _rows(db, "SELECT f.id, f.url, f.fetched_at, f.status, f.claimed_type, f.sha256,"
                     " m.mime, m.content FROM media_fetches f JOIN media m ON m.sha256 ="
                     f" f.sha256 WHERE f.sha256 IS NOT NULL{where} ORDER BY f.id", params)
