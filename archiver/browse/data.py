"""What the browsing pages and the evidence report read from the archive. Read-only.

Each function takes a `sqlite3.Connection` (Datasette's read connection through
`Database.execute_fn`, or a plain one for `archiver report`) and returns plain dicts and
lists, ready for a template or for JSON. Nothing here writes, fetches or renders HTML.

Queries start from the row asked for and follow indexes outwards (an article's embeds,
a post's versions), so a page costs the same on a 1,000,000-post archive as on the demo
(bench/browse.py).
"""

from __future__ import annotations

import functools
import html
import json
import re
import sqlite3

from rapidfuzz.distance import Levenshtein

from ..dates import numeric_readings, parse_shown_date
from ..compare import (MEDIA_LINK, _TCO, Links, NO_LINKS, is_turkish, rendered, reply_pair,
                       strip_ellipsis, strip_leading_ellipsis)
from ..quotes import CUT_NOTES_LIKE, PROSE_CUT_RESULT, prose_cuts_to_read
from ..store import EDITED_TO, NOT_A_MATCHED_COPY, PROSE_NEWEST
from . import seals
from ..textnorm import _TOKEN_RE, fold_for_search, search_terms
from ..verify import CUT_FINDING, CUT_VERDICTS, MISQUOTES, cuts_to_read_of, text_diff
# The words are kept importable from here too (data.VERDICT_WORDS, as before words.py).
from .words import (FOUND_WORDS, REASON_WORDS, VERDICT_WORDS, explain,  # noqa: F401
                    plain_detail, verdict_words)

X_SOURCES = ("syndication", "oembed")
#: Rows per page of a list.
PAGE_SIZE = 50


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def one(conn: sqlite3.Connection, sql: str, params=()) -> dict | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def scalar(conn: sqlite3.Connection, sql: str, params=()):
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def _json(value, default):
    if not value:
        return default
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def post_url(post_id: str | None, handle: str | None) -> str | None:
    """The post on X, or None for a post known only from its text (no id)."""
    if not post_id or not str(post_id).isdigit():
        return None
    return f"https://x.com/{handle or 'i/web'}/status/{post_id}"


# --- home -----------------------------------------------------------------------------------

MISQUOTES_SQL = ",".join(f"'{v}'" for v in MISQUOTES)


#: The articles whose page was read at least once (a fetch that did not fail).
_READ_ARTICLES = ("SELECT {what} FROM articles a WHERE EXISTS (SELECT 1 FROM article_fetches f"
                  " WHERE f.article_id = a.id AND f.error IS NULL)")


def home_counts(conn) -> dict:
    """The numbers the home page states."""
    misquotes, prose_misquotes, misquoted_articles = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE kind = 'prose'), count(DISTINCT article_id)"
        " FROM misquotes").fetchone()
    read_articles = scalar(conn, _READ_ARTICLES.format(what="count(*)"))
    return {
        "misquotes": misquotes,
        "prose_misquotes": prose_misquotes,
        "misquoted_articles": misquoted_articles,
        "unavailable": scalar(conn, "SELECT count(*) FROM unavailable_posts"),
        "articles": read_articles,
        "unread_articles": scalar(conn, "SELECT count(*) FROM articles") - read_articles,
        "outlets": scalar(conn, _READ_ARTICLES.format(what="count(DISTINCT outlet)")),
        "posts": scalar(conn, "SELECT count(*) FROM posts p WHERE " + NOT_A_MATCHED_COPY),
        "posts_with_copy": scalar(conn, "SELECT count(*) FROM posts"
                                        " WHERE latest_version_id IS NOT NULL"),
        # (each article's current copy, as its page, the lists, search and `verify` count
        # them: an article stored again as it changed stores its embeds again)
        "embeds": scalar(conn, "SELECT count(*) FROM embeds e WHERE e.fetch_id = (SELECT"
                               " current_fetch_id FROM articles WHERE id = e.article_id)"),
        "cuts": len(cut_rows(conn)),
        "images": scalar(conn, "SELECT count(*) FROM media"),
        "last_run": one(conn, "SELECT id, started_at, finished_at, stopped_reason"
                              " FROM runs ORDER BY id DESC LIMIT 1"),
    }


# --- cuts to read ----------------------------------------------------------------------------
#
# A faithful excerpt whose detail notes what a cut takes (a "not" left out, a bracket that
# stands for other words: quotes.CUT_NOTES) is no misquote: no word list tells a negation
# that bears on the words quoted from one whose clause the cut takes whole. The misquotes
# page lists them apart, below the misquotes, for a reader to read what the cut takes.

_CUT_LIKE = "({})".format(" OR ".join(["{detail} LIKE ?"] * len(CUT_NOTES_LIKE)))
#: The embeds of each article's current copy by their newest verdict, and the prose quotes
#: by their newest check (as the misquotes view selects them), whose detail has a note of
#: a cut (narrowed by CUT_NOTES_LIKE; cut_rows keeps those whose notes cuts_to_read reads).
CUTS_SQL = f"""SELECT * FROM (
SELECT 'embed' AS kind, vf.id AS verification_id, e.id AS embed_id, NULL AS quote_claim_id,
       e.article_id, a.title AS article_title, a.outlet, a.url AS article_url, f.fetched_at,
       vf.verdict, json_extract(vf.details, '$.{CUT_FINDING}') AS detail, vf.post_id,
       p.handle, e.handle AS shown_handle, e.quoted_text, NULL AS sentence,
       vf.post_version_id AS version_id, vf.checked_at
FROM verifications vf
JOIN embeds e ON e.id = vf.embed_id
JOIN articles a ON a.id = e.article_id
JOIN article_fetches f ON f.id = e.fetch_id
LEFT JOIN posts p ON p.id = vf.post_id
WHERE vf.verdict IN ({",".join(f"'{v}'" for v in CUT_VERDICTS)})
  AND {_CUT_LIKE.format(detail=f"json_extract(vf.details, '$.{CUT_FINDING}')")}
  AND vf.id = (SELECT max(id) FROM verifications WHERE embed_id = vf.embed_id)
  AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id)
UNION ALL
SELECT 'prose', NULL, NULL, q.id, q.article_id, a.title, a.outlet, a.url, f.fetched_at,
       q.result, q.detail, q.post_id, p.handle, q.handle, q.quote, q.sentence,
       p.latest_version_id, q.checked_at
FROM quote_claims q
JOIN articles a ON a.id = q.article_id
JOIN article_fetches f ON f.id = q.fetch_id
LEFT JOIN posts p ON p.id = q.post_id
WHERE q.result = '{PROSE_CUT_RESULT}' AND {_CUT_LIKE.format(detail="q.detail")}
  AND {PROSE_NEWEST})
ORDER BY fetched_at DESC, kind, coalesce(embed_id, quote_claim_id) DESC"""


def cut_rows(conn) -> list[dict]:
    """The quotes to read for what a cut takes (CUTS_SQL), newest copy of the article
    first, each with `notes`: what its detail says the cuts take (quotes.cuts_to_read, the
    words the verifier wrote them in). The home page counts them; `cuts` shows them."""
    found = []
    for row in rows(conn, CUTS_SQL, CUT_NOTES_LIKE * 2):
        row["notes"] = (cuts_to_read_of(row["verdict"], {CUT_FINDING: row["detail"]})
                        if row["kind"] == "embed"
                        else prose_cuts_to_read(row["verdict"], row["detail"]))
        if row["notes"]:
            found.append(row)
    return found


def cuts(conn) -> list[dict]:
    """cut_rows, each with `post_text`: the post's words the quote was checked against (the
    version the verdict compared; X's latest copy for a prose quote), as the post page
    shows them."""
    found = cut_rows(conn)
    ids = sorted({row["version_id"] for row in found if row["version_id"] is not None})
    versions = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        versions.update((v["id"], v) for v in rows(
            conn, f"SELECT id, text, urls, media, quoted_post_id FROM post_versions"
                  f" WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    for row in found:
        version = versions.get(row["version_id"])
        row["post_text"] = None
        if version is not None and version["text"]:
            version = {**version, "urls": _json(version["urls"], [])}
            row["post_text"] = as_served(version["text"], _links(version),
                                         has_media=_attached(version))
    return found


def _cut_rows(conn, shown: list[dict]) -> dict[str, set]:
    """{table: keys} of the evidence rows the cuts to read state: each embed, its verdict
    and the post's version shown, each prose quote's check (browse.seals checks them)."""
    wanted: dict[str, set] = {}
    for row in shown:
        for table, column in (("embeds", "embed_id"), ("verifications", "verification_id"),
                              ("quote_claims", "quote_claim_id"),
                              ("post_versions", "version_id")):
            seals.add(wanted, table, row.get(column))
    return wanted


# --- lists ----------------------------------------------------------------------------------
#
# Each list is one SQL statement: the page shows it a page at a time, and its CSV and JSON
# exports stream every row of the same statement (tests compare the counts).

#: An article's embeds of its current copy (article_id first: the index is (article_id,
#: fetch_id)), and the counts the articles list shows.
_LATEST_EMBEDS = "e.article_id = a.id AND e.fetch_id = a.current_fetch_id"
_ARTICLE_COLUMNS = f"""a.id AS article_id, a.url, a.title, a.outlet, a.lang, a.published,
    a.first_seen_at, a.last_checked_at,
    (SELECT count(*) FROM embeds e WHERE {_LATEST_EMBEDS}) AS embeds,
    (SELECT count(*) FROM embeds e JOIN verifications vf ON vf.id =
       (SELECT max(id) FROM verifications WHERE embed_id = e.id)
     WHERE {_LATEST_EMBEDS} AND vf.verdict IN ({MISQUOTES_SQL}))
      + (SELECT count(*) FROM quote_claims q WHERE q.article_id = a.id
         AND q.result = 'altered' AND {PROSE_NEWEST}) AS misquotes,
    (SELECT count(*) FROM quote_claims q WHERE q.article_id = a.id
     AND q.result = 'altered' AND {PROSE_NEWEST}) AS prose_misquotes,
    (SELECT count(*) FROM embeds e JOIN posts p ON p.id = e.post_id
     WHERE {_LATEST_EMBEDS} AND p.status = 'unavailable') AS unavailable,
    -- a page never read (every fetch failed: a 404, a typo'd path): no "no post" to say
    CASE WHEN EXISTS (SELECT 1 FROM article_fetches f WHERE f.article_id = a.id
                      AND f.error IS NULL) THEN NULL
         ELSE (SELECT f.error FROM article_fetches f WHERE f.article_id = a.id
               ORDER BY f.id DESC LIMIT 1) END AS never_read"""

LISTS = {
    "misquotes": {
        "title": "Misquotes",
        # both kinds: an embed's (kind 'embed'), a quote in the article's prose ('prose')
        "sql": """SELECT m.article_id, m.embed_id, m.article_title, m.outlet, m.article_url,
                         m.fetched_at, m.verdict, m.reason, m.post_id, p.handle,
                         m.shown_handle, m.quoted_text, m.score, m.checked_at,
                         m.verification_id,
                         (SELECT vf.diff FROM verifications vf WHERE vf.id = m.verification_id)
                             AS diff,
                         m.kind, m.quote_claim_id, m.sentence
                  FROM misquotes m LEFT JOIN posts p ON p.id = m.post_id
                  ORDER BY m.fetched_at DESC, m.kind,
                           coalesce(m.embed_id, m.quote_claim_id) DESC""",
        "count": "SELECT count(*) FROM misquotes",
    },
    "unavailable": {
        "title": "Deleted or withheld since quoted",
        "sql": """SELECT post_id, url, handle, author_name, date, reason, status_since,
                         archived_copies, text, quoted_text, articles, first_quoted_at
                  FROM unavailable_posts ORDER BY status_since DESC, post_id DESC""",
        "count": "SELECT count(*) FROM unavailable_posts",
    },
    "articles": {
        "title": "Articles",
        "sql": f"""SELECT {_ARTICLE_COLUMNS} FROM articles a
                  ORDER BY a.last_checked_at DESC, a.id DESC""",
        # One page: its ids first, then the counts for those rows only.
        "page": f"""SELECT {_ARTICLE_COLUMNS}
                   FROM (SELECT id FROM articles ORDER BY last_checked_at DESC, id DESC
                         LIMIT :limit OFFSET :offset) pg
                   JOIN articles a ON a.id = pg.id
                   ORDER BY a.last_checked_at DESC, a.id DESC""",
        "count": "SELECT count(*) FROM articles",
    },
    "posts": {
        "title": "Posts",
        "sql": """SELECT p.id AS post_id, p.handle, p.author_name, p.date, p.status,
                         p.unavailable_reason AS reason, v.text, v.lang,
                         CASE WHEN v.text IS NOT NULL THEN coalesce(v.source_truncated, 0)
                              END AS text_cut,
                         CASE WHEN v.id IS NULL THEN (SELECT e.quoted_text FROM embeds e
                              WHERE e.post_id = p.id AND e.quoted_text IS NOT NULL
                              ORDER BY e.id DESC LIMIT 1) END AS quoted_text,
                         (SELECT count(DISTINCT e.article_id) FROM embeds e
                          WHERE (e.post_id = p.id OR e.id IN (SELECT m.embed_id
                          FROM verifications m WHERE m.post_id = p.id))
                          AND e.fetch_id = (SELECT current_fetch_id FROM articles
                                            WHERE id = e.article_id)) AS articles,
                         """ + EDITED_TO + """ AS edited_to
                  FROM posts p LEFT JOIN post_versions v ON v.id = p.latest_version_id
                  WHERE """ + NOT_A_MATCHED_COPY + """
                  ORDER BY p.date DESC, p.id DESC""",
        "count": "SELECT count(*) FROM posts p WHERE " + NOT_A_MATCHED_COPY,
    },
}


def list_page(conn, name: str, page: int = 1, size: int = PAGE_SIZE) -> dict:
    """One page of a list, with the total."""
    spec = LISTS[name]
    page = max(1, page)
    total = scalar(conn, spec["count"])
    pages = max(1, -(-total // size))
    if page > pages:  # no rows: the page is a 404 (its offset might not even fit SQLite's)
        return {"name": name, "title": spec["title"], "rows": [], "total": total,
                "page": page, "pages": pages, "failing": [], "cuts": []}
    if "page" in spec:
        found = rows(conn, spec["page"], {"limit": size, "offset": (page - 1) * size})
    else:
        found = rows(conn, spec["sql"] + " LIMIT ? OFFSET ?", (size, (page - 1) * size))
    for row in found:
        if "diff" in row:
            row["changes"] = _json(row["diff"], [])
        if name == "misquotes":  # the reason in words; as recorded in a tooltip
            row["reason_recorded"] = row["reason"]
            row["reason"] = plain_detail(row["verdict"], row["reason"])
    if name == "posts" and found:  # how many articles misquote each, as `posts` says
        marks = ",".join("?" * len(found))
        misquoted = dict(conn.execute(
            f"SELECT post_id, count(DISTINCT article_id) FROM misquotes WHERE post_id IN"
            f" ({marks}) GROUP BY post_id", [row["post_id"] for row in found]))
        for row in found:
            row["misquoted"] = misquoted.get(row["post_id"], 0)
    if name in ("posts", "unavailable"):
        served_texts(conn, found)
    shown = {"misquotes": _misquote_rows, "posts": _post_rows,
             "unavailable": _post_rows}.get(name)
    wanted = shown(conn, found) if shown else {}
    # the misquotes' first page, below them: the quotes whose cuts the detail notes
    cut = cuts(conn) if name == "misquotes" and page == 1 else []
    for table, keys in _cut_rows(conn, cut).items():
        wanted.setdefault(table, set()).update(keys)
    failing = seals.failing(conn, wanted) if shown else []
    return {"name": name, "title": spec["title"], "rows": found, "total": total,
            "page": page, "pages": pages, "failing": failing, "cuts": cut}


def served_texts(conn, found: list[dict]) -> list[dict]:
    """Rows that show a post's X text (`text`, the post's latest version's): the text as
    the post and article pages show it (`as_served`: links as X expanded them, not t.co,
    the post's own media link dropped). The rows' exports keep the text as stored."""
    ids = [row["post_id"] for row in found if row.get("text") and row.get("post_id")]
    if not ids:
        return found
    marks = ",".join("?" * len(ids))
    versions = {r["post_id"]: r for r in rows(conn, f"""
        SELECT p.id AS post_id, v.urls, v.media, v.quoted_post_id FROM posts p
        JOIN post_versions v ON v.id = p.latest_version_id WHERE p.id IN ({marks})""", ids)}
    for row in found:
        version = versions.get(row.get("post_id"))
        if row.get("text") and version is not None:
            version["urls"] = _json(version["urls"], [])
            row["text"] = as_served(row["text"], _links(version), has_media=_attached(version))
    return found


def _misquote_rows(conn, shown: list[dict]) -> dict[str, set]:
    """{table: keys} of the evidence rows one page of misquotes states: each embed, its
    verdict and X's copies that verdict compared (browse.seals checks them), each quote
    in an article's prose checked."""
    wanted: dict[str, set] = {}
    verdicts = [row["verification_id"] for row in shown if row.get("verification_id")]
    for row in shown:
        for table, column in (("embeds", "embed_id"), ("verifications", "verification_id"),
                              ("quote_claims", "quote_claim_id")):
            if row.get(column) is not None:
                wanted.setdefault(table, set()).add(row[column])
    if verdicts:
        marks = ",".join("?" * len(verdicts))
        for version_id, newest_id in conn.execute(
                f"SELECT post_version_id, newest_version_id FROM verifications"
                f" WHERE id IN ({marks})", verdicts):
            for key in (version_id, newest_id):
                if key is not None:
                    wanted.setdefault("post_versions", set()).add(key)
    return wanted


def _post_rows(conn, shown: list[dict]) -> dict[str, set]:
    """{table: keys} of the evidence rows a list of posts states: X's newest copy of each
    (its text), or for a post X never served the article's copies whose quote is shown."""
    from ..store import listed_posts_evidence

    found = listed_posts_evidence(conn, [row["post_id"] for row in shown], {
        row["post_id"]: row["quoted_text"] for row in shown
        if row.get("post_id") and row.get("quoted_text") is not None})
    return {table: set(found[table]) for table in ("post_versions", "embeds") if found[table]}


def _search_rows(conn, found: dict) -> dict[str, set]:
    """{table: keys} of the evidence rows a search page states: its posts' (_post_rows),
    the articles' quotes with the verdict shown beside each, the prose quotes."""
    wanted = _post_rows(conn, found["posts"])
    for quote in found["quotes"]:
        seals.add(wanted, "embeds", quote["embed_id"])
        seals.add(wanted, "verifications", scalar(
            conn, "SELECT max(id) FROM verifications WHERE embed_id = ?", (quote["embed_id"],)))
    for claim in found["prose_quotes"]:
        seals.add(wanted, "quote_claims", claim["quote_claim_id"])
    return wanted


# --- search ---------------------------------------------------------------------------------

SEARCH_LIMIT = 200


#: Posts whose X text has every word (for a post X never served: an article's quote of
#: it), best first; :limit -1 for every one.
SEARCH_POSTS_SQL = """
        SELECT p.id AS post_id, p.handle, p.author_name, p.date, p.status,
               p.unavailable_reason AS reason, v.text, v.lang, hits.quoted_text, hits.rank
        FROM (SELECT v.post_id, min(f.rank) AS rank, NULL AS quoted_text
              FROM post_versions_fts f JOIN post_versions v ON v.id = f.rowid
              WHERE post_versions_fts MATCH :q AND v.source != 'embed'
              GROUP BY v.post_id
              UNION ALL
              SELECT e.post_id, min(g.rank), max(e.quoted_text)
              FROM embeds_fts g JOIN embeds e ON e.id = g.rowid
              JOIN posts p ON p.id = e.post_id AND p.latest_version_id IS NULL
              WHERE embeds_fts MATCH :q AND """ + NOT_A_MATCHED_COPY + """
              GROUP BY e.post_id
              ORDER BY 2 LIMIT :limit) hits
        JOIN posts p ON p.id = hits.post_id
        LEFT JOIN post_versions v ON v.id = p.latest_version_id AND v.source != 'embed'
        ORDER BY hits.rank, p.date DESC, p.id DESC"""
#: The same for words of a script written without spaces (Japanese, Chinese, Thai…): the
#: index holds a run of such letters as one token, so each word is looked for inside the
#: folded text (`archiver_inside`, as `archiver posts --search` does with LIKE); newest
#: first. :q holds the folded words, one a line.
SEARCH_POSTS_INSIDE_SQL = """
        SELECT p.id AS post_id, p.handle, p.author_name, p.date, p.status,
               p.unavailable_reason AS reason, v.text, v.lang, hits.quoted_text, hits.rank
        FROM (SELECT v.post_id, 0 AS rank, NULL AS quoted_text
              FROM post_versions v
              WHERE archiver_inside(v.text_search, :q) AND v.source != 'embed'
              GROUP BY v.post_id
              UNION ALL
              SELECT e.post_id, 0, max(e.quoted_text)
              FROM embeds e JOIN posts p ON p.id = e.post_id AND p.latest_version_id IS NULL
              WHERE archiver_inside(e.quoted_text_search, :q) AND """ + NOT_A_MATCHED_COPY + """
              GROUP BY e.post_id) hits
        JOIN posts p ON p.id = hits.post_id
        LEFT JOIN post_versions v ON v.id = p.latest_version_id AND v.source != 'embed'
        ORDER BY p.date DESC, p.id DESC LIMIT :limit"""
#: Quotes in the latest copy of an article that have every word, best first. A copy shown
#: without an id that verification matched to a post is that post's quote (its id, not
#: the copy's stand-in), as `archiver posts` and the article page say.
SEARCH_QUOTES_SQL = """
        SELECT e.id AS embed_id, e.article_id, a.title AS article_title, a.outlet,
               CASE WHEN e.post_id LIKE 'text:%' THEN coalesce(
                 (SELECT vf.post_id FROM verifications vf WHERE vf.embed_id = e.id
                  AND vf.post_id IS NOT NULL ORDER BY vf.id DESC LIMIT 1), e.post_id)
                 ELSE e.post_id END AS post_id,
               e.handle, e.quoted_text, e.lang,
               (SELECT vf.verdict FROM verifications vf WHERE vf.embed_id = e.id
                ORDER BY vf.id DESC LIMIT 1) AS verdict, g.rank
        FROM (SELECT f.rowid, f.rank FROM embeds_fts f JOIN embeds c ON c.id = f.rowid
              WHERE embeds_fts MATCH :q AND c.fetch_id = {current}
              ORDER BY f.rank LIMIT :limit) g
        JOIN embeds e ON e.id = g.rowid JOIN articles a ON a.id = e.article_id
        ORDER BY g.rank"""
#: (the current copies kept before the limit: a live blog stored again as it changed holds
#: its embeds once a copy, and the old copies' matches took every place of the 200)
_CURRENT_OF_C = "(SELECT current_fetch_id FROM articles WHERE id = c.article_id)"
SEARCH_QUOTES_SQL = SEARCH_QUOTES_SQL.replace("{current}", _CURRENT_OF_C)
SEARCH_QUOTES_INSIDE_SQL = SEARCH_QUOTES_SQL.replace(
    "FROM (SELECT f.rowid, f.rank FROM embeds_fts f JOIN embeds c ON c.id = f.rowid\n"
    "              WHERE embeds_fts MATCH :q AND",
    "FROM (SELECT c.id AS rowid, -c.id AS rank FROM embeds c\n"
    "              WHERE archiver_inside(c.quoted_text_search, :q) AND").replace(
    "ORDER BY f.rank LIMIT :limit) g", "ORDER BY c.id DESC LIMIT :limit) g")
assert "archiver_inside" in SEARCH_QUOTES_INSIDE_SQL and "LIMIT :limit) g" in SEARCH_QUOTES_INSIDE_SQL
#: Quotes in articles' own prose (as last checked, for the newest copy checked:
#: PROSE_NEWEST) that have every word, folded as the index folds (`words_in`), newest
#: check first. Prose quotes have no index of their own: they are few beside the embeds,
#: and each is read once.
SEARCH_PROSE_SQL = f"""
        SELECT q.id AS quote_claim_id, q.article_id, a.title AS article_title, a.outlet,
               q.post_id, q.handle, q.quote AS quoted_text, q.sentence, q.result
        FROM quote_claims q JOIN articles a ON a.id = q.article_id
        WHERE archiver_words_in(q.quote, :q) AND {PROSE_NEWEST}
        ORDER BY q.id DESC LIMIT :limit"""
SEARCH_PROSE_INSIDE_SQL = SEARCH_PROSE_SQL.replace("archiver_words_in(q.quote, :q)",
                                                   "archiver_inside(q.quote, :q)")
#: The search as one list, for its CSV and JSON: every post found (`type` "post"), then
#: every quote (`type` "quote"), each kind best first, then every quote in an article's
#: prose (`type` "prose_quote", `verdict` its check's result: found, altered…); the
#: columns of all kinds.
SEARCH_EXPORT_SQL = f"""
        SELECT type, post_id, handle, author_name, date, status, reason, text, lang,
               quoted_text, embed_id, article_id, article_title, outlet, verdict,
               quote_claim_id, sentence
        FROM (SELECT 0 AS part, rank, 'post' AS type, post_id, handle, author_name, date,
                     status, reason, text, lang, quoted_text, NULL AS embed_id,
                     NULL AS article_id, NULL AS article_title, NULL AS outlet,
                     NULL AS verdict, NULL AS quote_claim_id, NULL AS sentence
              FROM ({SEARCH_POSTS_SQL})
              UNION ALL
              SELECT 1, rank, 'quote', post_id, handle, NULL, NULL, NULL, NULL, NULL, lang,
                     quoted_text, embed_id, article_id, article_title, outlet, verdict,
                     NULL, NULL
              FROM ({SEARCH_QUOTES_SQL})
              UNION ALL
              SELECT 2, -quote_claim_id, 'prose_quote', post_id, handle, NULL, NULL, NULL,
                     NULL, NULL, NULL, quoted_text, NULL, article_id, article_title, outlet,
                     result, quote_claim_id, sentence
              FROM ({SEARCH_PROSE_SQL}))
        WHERE :go
        ORDER BY part, rank, date DESC, post_id DESC, embed_id"""
SEARCH_EXPORT_INSIDE_SQL = (SEARCH_EXPORT_SQL.replace(SEARCH_POSTS_SQL, SEARCH_POSTS_INSIDE_SQL)
                            .replace(SEARCH_QUOTES_SQL, SEARCH_QUOTES_INSIDE_SQL)
                            .replace(SEARCH_PROSE_SQL, SEARCH_PROSE_INSIDE_SQL))


def words_in(text: str | None, query: str | None) -> int:
    """1 when `text` has every word of `query` (an fts_query: `"word" "pre"*`), folded
    as the search index folds them; else 0."""
    if not text or not query:
        return 0
    tokens = set(_TOKEN_RE.findall(fold_for_search(text)))
    for word, prefix in re.findall(r'"([^"]*)"(\*?)', query):
        if word not in tokens and not (prefix and any(t.startswith(word) for t in tokens)):
            return 0
    return 1


def inside(text: str | None, words: str | None) -> int:
    """1 when the folded `text` holds every folded word of `words` (one a line) anywhere,
    inside a longer run of letters too ("首相" in "岸田首相が"); else 0."""
    if not text or not words:
        return 0
    folded = fold_for_search(text)
    return int(all(word in folded for word in words.split("\n") if word))


def functions(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The SQL functions the statements here call (archiver_words_in, archiver_inside):
    the browse plugin's prepare_connection gives them to every Datasette connection."""
    conn.create_function("archiver_words_in", 2, words_in, deterministic=True)
    conn.create_function("archiver_inside", 2, inside, deterministic=True)
    return conn
#: What a handle looks like on X: letters, digits and _, at most 15, perhaps after an @.
_HANDLE = re.compile(r"@?([A-Za-z0-9_]{1,15})")


def _search_query(words: str) -> tuple[str, str, bool]:
    """(the :q of the search's statements, the query its snippets mark, whether the words
    are looked for inside the text): an FTS5 expression, or, for words of a script
    written without spaces, the folded words one a line (search_terms)."""
    query, within = search_terms(words or "")
    if within:
        return "\n".join(within), " ".join(f'"{w}"' for w in within), True
    return query, query, False


def search_export(words: str) -> tuple[str, dict]:
    """The statement and parameters of the search's CSV and JSON: every match."""
    query, _marked, within = _search_query(words)
    return (SEARCH_EXPORT_INSIDE_SQL if within else SEARCH_EXPORT_SQL,
            {"q": query or "x", "limit": -1, "go": 1 if query else 0})


def handle_named(conn, words: str) -> dict | None:
    """The handle `words` name, when they look like one (`@HakanFidan`, `hakanfidan`)
    and the archive has posts by it (in any case, counted as `archiver posts` counts
    them): {"handle": as the archive spells it, "posts": how many}; else None."""
    found = _HANDLE.fullmatch((words or "").strip())
    if not found:
        return None
    return one(conn, """
        SELECT p.handle, count(*) AS posts FROM posts p
        WHERE p.handle = ? COLLATE NOCASE AND """ + NOT_A_MATCHED_COPY + """
        GROUP BY p.handle ORDER BY count(*) DESC, p.handle LIMIT 1""", (found.group(1),))


#: A search result's text is shown from a little before its first match (this many
#: characters at most), this many characters in all.
SNIPPET_BEFORE, SNIPPET_LENGTH = 40, 240


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character folded as the search folds text (fold_for_search); a space for any
    space (words are what the search matches)."""
    return " " if ch.isspace() else fold_for_search(ch)


def snippet(text: str | None, query: str | None, within: bool = False) -> dict:
    """`text` around the first word that the search (`query`, an fts_query) matched, the
    words matched marked: {"parts": [(text, matched)], "cut_before", "cut_after"}. The
    words are found in the text folded as the search folds it (Arabic harakat, tatweel,
    alef and yeh forms, teh marbuta, Turkish İ/ı, case), character by character, so each
    mark covers the text's own characters, its harakat included. The parts are text:
    the page escapes them."""
    text = text or ""
    folded, places = [], []
    for i, ch in enumerate(text):
        for piece in _fold_char(ch):
            folded.append(piece)
            places.append(i)
    folded = "".join(folded)
    wanted = re.findall(r'"([^"]*)"(\*?)', query or "")
    spans = []
    if within:  # (words of a script without spaces: found inside runs of letters)
        found = sorted((m.start(), m.end()) for w, _prefix in wanted if w
                       for m in re.finditer(re.escape(w), folded))
        matches = [(a, b) for i, (a, b) in enumerate(found) if not i or a >= found[i - 1][1]]
    else:
        matches = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(folded)
                   if any(t.group() == w or (prefix and t.group().startswith(w))
                          for w, prefix in wanted)]
    for token_start, token_end in matches:
        start, end = places[token_start], places[token_end - 1] + 1
        while end < len(text) and not _fold_char(text[end]):  # its harakat
            end += 1
        spans.append((start, end))
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_BEFORE)
    if start:  # from the start of a word
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), max(start + SNIPPET_LENGTH, spans[0][1] if spans else 0))
    if end < len(text):
        space = text.rfind(" ", spans[0][1] if spans else start, end)
        end = space if space > 0 else end
    parts, at = [], start
    for s, e in spans:
        if s < at or e > end:
            continue
        if s > at:
            parts.append((text[at:s], False))
        parts.append((text[s:e], True))
        at = e
    if at < end:
        parts.append((text[at:end], False))
    return {"parts": parts, "cut_before": start > 0, "cut_after": end < len(text)}


def search(conn, words: str, limit: int = SEARCH_LIMIT) -> dict:
    """Posts whose X text has every word, folded as `archiver posts --search` folds them
    (for a post X never served: an article's quote of it), and quotes in articles that
    have every word, best matches first; quotes in articles' own prose that have every
    word (`prose_quotes`), newest check first. `handle`: the handle the words name, when the
    archive has posts by it (handle_named)."""
    query, marked, within = _search_query(words)
    handle = handle_named(conn, words)
    if not query:
        return {"query": "", "posts": [], "quotes": [], "prose_quotes": [], "handle": handle,
                "failing": []}
    conn = functions(conn)
    params = {"q": query, "limit": limit}
    posts = served_texts(conn, rows(conn, SEARCH_POSTS_INSIDE_SQL if within
                                    else SEARCH_POSTS_SQL, params))
    quotes = rows(conn, SEARCH_QUOTES_INSIDE_SQL if within else SEARCH_QUOTES_SQL, params)
    prose = rows(conn, SEARCH_PROSE_INSIDE_SQL if within else SEARCH_PROSE_SQL, params)
    for claim in prose:
        claim["misquote"] = claim["result"] == "altered"
    for row in posts:
        row["snippet"] = snippet(row["text"] or row["quoted_text"], marked, within)
    for row in [*quotes, *prose]:
        row["snippet"] = snippet(row["quoted_text"], marked, within)
    found = {"query": marked, "posts": posts, "quotes": quotes, "prose_quotes": prose,
             "handle": handle}
    found["failing"] = seals.failing(conn, _search_rows(conn, found))
    return found


# --- an article -----------------------------------------------------------------------------


def article(conn, article_id: int) -> dict | None:
    """An article with its fetches and each embed of its current copy, in document order,
    beside X's copies, the newest verdict and the post's status."""
    found = one(conn, "SELECT * FROM articles WHERE id = ?", (article_id,))
    if found is None:
        return None
    found["fetches"] = rows(conn, """
        SELECT id, fetched_at, requested_url, final_url, status, content_type, encoding,
               encoding_source, body_bytes, body_sha256, embeds_found, error, detail,
               rendered_from
        FROM article_fetches WHERE article_id = ? ORDER BY fetched_at, id""", (article_id,))
    numbers = {f["id"]: n for n, f in enumerate(found["fetches"], 1)}
    # "the 2nd copy", not its row id; in the order the copies were made (a web archive's
    # capture stored later may be older)
    for fetch in found["fetches"]:
        fetch["number"] = numbers[fetch["id"]]
        fetch["rendered_from_number"] = numbers.get(fetch["rendered_from"])
    fetch_id = scalar(conn, "SELECT current_fetch_id FROM articles WHERE id = ?",
                      (article_id,))
    found["fetch"] = next((f for f in found["fetches"] if f["id"] == fetch_id), None)
    embeds = rows(conn, """
        SELECT e.*, f.fetched_at FROM embeds e JOIN article_fetches f ON f.id = e.fetch_id
        WHERE e.article_id = ? AND e.fetch_id = ?
        ORDER BY coalesce(json_extract(e.positions, '$[0]'), 1e9), e.id""", (article_id, fetch_id))
    found["embeds"] = [embed_detail(conn, e) for e in embeds]
    found["prose_quotes"] = prose_quotes(conn, article_id, found["fetches"])
    # misquotes counts both kinds; prose_misquotes those in the article's own prose
    found["prose_misquotes"] = sum(1 for q in found["prose_quotes"] if q["misquote"])
    found["misquotes"] = (sum(1 for e in found["embeds"] if e["misquote"])
                          + found["prose_misquotes"])
    # the quotes whose cut a reader must read (as /misquotes lists them under its own head)
    found["cuts"] = (sum(1 for e in found["embeds"] if e["cuts"])
                     + sum(1 for q in found["prose_quotes"] if q["cuts"]))
    found["earlier_embeds"] = scalar(
        conn, "SELECT count(*) FROM embeds WHERE article_id = ? AND fetch_id != ?",
        (article_id, fetch_id)) if fetch_id else 0
    # what an earlier copy misquoted, corrected since (or taken down): said beside the
    # article as it stands, never counted as its misquote
    found["earlier_misquotes"] = rows(conn, f"""
        SELECT coalesce(v.post_id, e.post_id) AS post_id, max(f.fetched_at) AS fetched_at
        FROM embeds e JOIN article_fetches f ON f.id = e.fetch_id
        JOIN verifications v ON v.id = (SELECT max(id) FROM verifications WHERE embed_id = e.id)
        WHERE e.article_id = :a AND e.fetch_id != :f AND v.verdict IN ({MISQUOTES_SQL})
        GROUP BY coalesce(v.post_id, e.post_id) ORDER BY fetched_at""",
        {"a": article_id, "f": fetch_id}) if fetch_id else []
    found["earlier_misquoted"] = earlier_misquoted(conn, article_id, fetch_id, found["fetches"])
    return found


def earlier_misquoted(conn, article_id: int, fetch_id: int | None,
                      fetches: list[dict]) -> list[dict]:
    """Each embed of an earlier copy of the article whose newest verdict is a misquote
    (corrected or taken down since): the evidence a report on the article must keep, with
    its check, in the order the copies were fetched."""
    if not fetch_id:
        return []
    numbers = {f["id"]: f.get("number") for f in fetches}
    found = rows(conn, f"""
        SELECT e.id AS embed_id, e.fetch_id, f.fetched_at, e.kind, e.handle, e.quoted_text,
               e.raw_sha256, coalesce(v.post_id, e.post_id) AS post_id, v.id AS verification_id,
               v.checked_at, v.verdict, v.findings, v.details, v.verifier_version,
               v.post_version_id
        FROM embeds e JOIN article_fetches f ON f.id = e.fetch_id
        JOIN verifications v ON v.id = (SELECT max(id) FROM verifications WHERE embed_id = e.id)
        WHERE e.article_id = :a AND e.fetch_id != :f AND v.verdict IN ({MISQUOTES_SQL})
        ORDER BY f.fetched_at, e.id""", {"a": article_id, "f": fetch_id})
    for row in found:
        details = _json(row.pop("details"), {})
        recorded = details.get(row["verdict"])
        row["findings"] = _json(row["findings"], [])
        row["words"] = verdict_words(row["verdict"], recorded)
        row["reason"] = plain_detail(row["verdict"], recorded)
        row["copy_number"] = numbers.get(row["fetch_id"])  # ("copy" is a dict's method)
    return found


def prose_quotes(conn, article_id: int, fetches: list[dict] = ()) -> list[dict]:
    """The quotes in the article's own prose attributed to an author it embeds, each as
    last checked against that author's archived posts (quote_claims; `archiver verify`
    appends a check each run), for the newest copy of the article checked, in the order
    the article gives them. `parts` splits the sentence around the quote."""
    found = rows(conn, f"""
        SELECT q.id, q.fetch_id, q.handle, q.sentence, q.quote, q.result, q.post_id, q.score,
               q.detail, q.checked_at, q.verifier_version
        FROM quote_claims q
        WHERE q.article_id = :a AND {PROSE_NEWEST}
        ORDER BY q.id""", {"a": article_id})
    copies = {f["id"]: f for f in fetches}
    for claim in found:
        before, quote, after = claim["sentence"].partition(claim["quote"])
        claim["parts"] = (before, quote, after) if quote else None
        claim["fetch"] = copies.get(claim["fetch_id"])
        claim["misquote"] = claim["result"] == "altered"
        claim["cuts"] = prose_cuts_to_read(claim["result"], claim["detail"])
        claim["said"] = plain_detail(claim["result"], _unnoted(claim["detail"], claim["cuts"]))
    return found


def _unnoted(detail: str | None, notes: list[str]) -> str | None:
    """A detail in words without the notes of what its cuts take, which the page says
    apart ("Cut to read: …"); the detail as recorded keeps them."""
    for note in notes:
        detail = (detail or "").replace(f"; {note}", "")
    return detail


def embed_detail(conn, embed: dict) -> dict:
    """One embed: the article's claim, X's copies, the newest verdict, the post."""
    embed["positions"] = _json(embed.get("positions"), [])
    embed["media"] = _json(embed.get("media"), [])
    check = one(conn, "SELECT * FROM verifications WHERE embed_id = ? ORDER BY id DESC LIMIT 1",
                (embed["id"],))
    if check:
        check["findings"] = _json(check["findings"], [])
        check["details"] = _json(check["details"], {})
        check["diff"] = _json(check["diff"], [])
        check["words"] = verdict_words(check["verdict"], check["details"].get(check["verdict"]))
        check["misquote"] = check["verdict"] in MISQUOTES
        explain(check)
    embed["check"] = check
    embed["misquote"] = bool(check and check["misquote"])
    embed["cuts"] = cuts_to_read_of(check["verdict"], check["details"]) if check else []
    if embed["cuts"]:  # said once, apart, as /misquotes says it
        check["reason"] = plain_detail(check["verdict"], _unnoted(
            check["details"].get(check["verdict"]), embed["cuts"]))
        for finding in check["said"]:
            finding["text"] = plain_detail(finding["name"], _unnoted(
                check["details"].get(finding["name"]), embed["cuts"]))
    post_id = (check or {}).get("post_id") or embed["post_id"]
    embed["compared_post_id"] = post_id
    embed["post"] = one(conn, "SELECT * FROM posts WHERE id = ?", (post_id,)) if post_id else None
    version = newest = None
    if check and check.get("post_version_id"):
        version = version_detail(conn, check["post_version_id"])
    # X's latest copy now (a verdict may be older than the post's last answer).
    latest_id = (embed["post"] or {}).get("latest_version_id") or (check or {}).get(
        "newest_version_id")
    if version is None and latest_id:
        version = version_detail(conn, latest_id)
    if version and latest_id and latest_id != version["id"]:
        newest = version_detail(conn, latest_id)
        if newest and newest["source"] == "embed":  # an article's claim in old archives
            newest = None
        if newest and newest["shown_text"] == version["shown_text"]:
            newest = None  # a later copy of the same words: nothing changed to show
        if newest and (newest.get("post_id") != version.get("post_id")
                       or (newest.get("fetched_at") or "") < (version.get("fetched_at") or "")):
            # another version of an edited post (the article shows a newer edit's words
            # under an older one's link: the check compared it with that edit), or an
            # older copy: not what the post became after the article was fetched
            newest = None
    embed["version"], embed["newest"] = version, newest
    # the post edited since: the newest edit X names, when the archive holds it
    edit = None
    # the longest edit history X gave of the post (a history only grows: a later answer
    # from oEmbed, or a cached one, names fewer edits or none)
    row = one(conn, "SELECT edit_ids FROM post_versions WHERE post_id = ? AND edit_ids LIKE"
                    " '%,%' AND source != 'embed' AND json_valid(edit_ids) ORDER BY"
                    " json_array_length(edit_ids) DESC, id DESC LIMIT 1", (post_id,)) \
        if post_id else None
    chain = _json(row["edit_ids"], []) if row else []
    if chain and post_id and chain[-1] != post_id and one(
            conn, "SELECT 1 AS held FROM posts WHERE id = ?", (chain[-1],)):
        row = one(conn, "SELECT latest_version_id FROM posts WHERE id = ?", (chain[-1],))
        edit = version_detail(conn, row["latest_version_id"]) if row and \
            row.get("latest_version_id") else None
    embed["newest_edit"] = edit
    embed["diff"] = inline_diff(embed.get("quoted_text"), version, check)
    embed["author"] = _author_finding(embed, version, check)
    embed["date_finding"] = _date_finding(embed, version, check)
    embed["x_url"] = post_url(post_id, (embed["post"] or {}).get("handle"))
    return embed


def version_detail(conn, version_id: int) -> dict | None:
    version = one(conn, """
        SELECT id, post_id, source, fetched_at, handle, author_name, author_id, created_at,
               text, lang, urls, edit_ids, raw_sha256, content_sha256, text_sha256, check_id,
               source_truncated, third_party, reply_to_post_id, quoted_post_id, media,
               length(raw) AS raw_bytes
        FROM post_versions WHERE id = ?""", (version_id,))
    if version is None:
        return None
    version["urls"] = _json(version["urls"], [])
    version["edit_ids"] = _json(version["edit_ids"], [])
    others = [e for e in version["edit_ids"] if e != version["post_id"]]
    version["archived_edits"] = sorted(row[0] for row in conn.execute(
        f"SELECT id FROM posts WHERE id IN ({','.join('?' * len(others))})", others)) \
        if others else []
    version["images"] = version_images(conn, version_id)
    version["shown_text"] = as_served(version["text"] or "", _links(version),
                                      has_media=_attached(version))
    return version


def as_served(text: str | None, links: Links = NO_LINKS, *, has_media: bool = False) -> str:
    """X's text as X shows it, for a reader to read and copy: every character as X served
    it (its quotation marks, "...", invisible characters, no-break spaces and line breaks),
    with only what X itself shows differently undone: HTML entities decoded once (X's
    answers escape &, < and >), links as X expanded them, the post's own media link
    dropped. Not the comparison's `rendered` text, which unifies quote marks, makes "..."
    "…" and drops invisible characters: that one is for comparing, never to show."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    if links:
        text = links.apply(text, for_key=False)
    if "pic." in text:
        text = MEDIA_LINK.sub("", text)
    if has_media and "t.co/" in text:
        last = None
        for last in _TCO.finditer(text):
            pass
        if last is not None and not text[last.end():].strip():
            text = text[:last.start()]
    return text.strip()


class _Places:
    """Where each place of a text as compared (`rendered`) is in the text as shown (the
    quote as the article shows it, X's text as X served it): the two aligned by edit
    distance, each run of differing characters taken as one block ("…" against "...", a
    dropped zero-width character, „ against '). A place inside a block of the same length
    on both sides (a quote mark, a no-break space) keeps its place; inside any other, a
    span widens to the whole block, so that a change is never cut in the middle of what
    it stands for."""

    def __init__(self, compared: str, shown: str):
        self.blocks: list[tuple[bool, int, int, int, int]] = []  # (equal, i1, i2, j1, j2)
        for op in Levenshtein.opcodes(compared, shown):
            equal = op.tag == "equal"
            if self.blocks and not equal and not self.blocks[-1][0]:
                _, i1, _, j1, _ = self.blocks[-1]
                self.blocks[-1] = (False, i1, op.src_end, j1, op.dest_end)
            else:
                self.blocks.append((equal, op.src_start, op.src_end, op.dest_start,
                                    op.dest_end))
        self.end = len(shown)

    def _one_to_one(self, block) -> bool:
        equal, i1, i2, j1, j2 = block
        return equal or i2 - i1 == j2 - j1

    def start(self, at: int) -> int:
        for block in self.blocks:
            _, i1, i2, j1, j2 = block
            if i1 <= at < i2:
                return j1 + (at - i1) if self._one_to_one(block) else j1
        return self.end

    def stop(self, at: int) -> int:
        for block in self.blocks:
            _, i1, i2, j1, j2 = block
            if i1 < at <= i2:
                return j1 + (at - i1) if self._one_to_one(block) else j2
        return self.start(at)

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            at = self.start(start)
            return at, at
        return self.start(start), self.stop(end)


def _post_place(shown: str, post: str, change: dict) -> int | None:
    """Where in the compared X text the words a change names (`post`) are: the place the
    edit from the quote to the post puts them (as text_diff found them), else their
    nearest occurrence; None when X's text has no such words."""
    words = change["post"]
    if not words:
        return None
    for op in Levenshtein.opcodes(shown, post):
        if op.tag != "equal" and op.src_start == change["at"] \
                and post[op.dest_start:op.dest_start + len(words)] == words:
            return op.dest_start
    found = [m.start() for m in re.finditer(re.escape(words), post)]
    return min(found, key=lambda at: abs(at - change["at"])) if found else None


def version_images(conn, version_id: int) -> list[dict]:
    return rows(conn, """
        SELECT pm.position, pm.type, pm.image_url, pm.expanded_url, pm.alt_text,
               (SELECT mf.sha256 FROM media_fetches mf WHERE mf.url = pm.image_url
                AND mf.sha256 IS NOT NULL ORDER BY mf.id DESC LIMIT 1) AS sha256,
               (SELECT mf.error FROM media_fetches mf WHERE mf.url = pm.image_url
                ORDER BY mf.id DESC LIMIT 1) AS error
        FROM post_media pm WHERE pm.post_version_id = ? ORDER BY pm.position""", (version_id,))


def _attached(version: dict) -> bool:
    """Media or a quoted post: a trailing t.co that X's entities do not list is its link
    (archiver.verification.version_of)."""
    return version.get("media") not in (None, "", "[]") or bool(version.get("quoted_post_id"))


def _links(version: dict | None) -> Links:
    if not version or not version.get("urls"):
        return NO_LINKS
    return Links(tuple(u) for u in version["urls"])


def inline_diff(quoted: str | None, version: dict | None, check: dict | None) -> dict | None:
    """The quote and X's text as one run of segments: ("same", text), ("post", X's words
    the quote lacks) and ("quote", the quote's words X lacks), each in the texts as shown:
    the quote as the article shows it, X's words as X served them (`as_served`).

    The stored diff holds Levenshtein changes over the rendered texts (quote marks
    unified, "..." as "…", invisible characters dropped), `at` indexing the quote
    (archiver.verify.text_diff); each change is placed back onto the shown texts
    (`_Places`). When a change no longer lines up with the quote (a verdict of older
    rules), the diff is computed again with today's rules, and said so.
    """
    if not quoted or not version or not check or check["verdict"] in ("match",):
        return None
    if not check.get("diff") and check["verdict"] not in ("altered",):
        return None
    reply = bool(version.get("reply_to_post_id"))
    has_media = _attached(version)
    links = _links(version)
    shown = rendered(quoted, links, has_media=has_media)
    post = rendered(version["text"] or "", links, has_media=has_media)
    if reply:
        shown, post = reply_pair(shown, post, version.get("source") == "syndication")
    cut = shown.endswith("…")
    if cut:
        shown = strip_ellipsis(shown)
    changes = list(check.get("diff") or [])

    def lines_up(text: str) -> bool:
        return bool(changes) and all(text[c["at"]:c["at"] + len(c["quote"])] == c["quote"]
                                     for c in changes)

    # a quote opening with "…" was compared without it (archiver.verify.compare_texts)
    inner = strip_leading_ellipsis(shown)
    if inner is not shown and not lines_up(shown) and lines_up(inner):
        shown = inner
    recomputed = False
    if not lines_up(shown):
        compared = post[:len(shown) + 20] if cut else post
        changes = list(text_diff(shown, compared, is_turkish(version.get("lang"), post)))
        recomputed = True
    if not changes:
        # the words are the post's: what differs is a link's target, a photo link, a
        # number a cut goes into, which the verdict's reason says; no difference to mark
        return None
    quote_places = _Places(shown, quoted)
    shown_post = as_served(version["text"] or "", links, has_media=has_media)
    post_places = _Places(post, shown_post)
    segments, at = [], 0
    for change in sorted(changes, key=lambda c: c["at"]):
        start, end = quote_places.span(change["at"], change["at"] + len(change["quote"]))
        if start < at:
            continue
        if start > at:
            segments.append(("same", quoted[at:start]))
        if change["post"]:
            place = _post_place(shown, post, change)
            if place is None:
                segments.append(("post", change["post"]))
            else:
                p0, p1 = post_places.span(place, place + len(change["post"]))
                segments.append(("post", shown_post[p0:p1] or change["post"]))
        if end > start:
            segments.append(("quote", quoted[start:end]))
        at = end
    if at < len(quoted):
        segments.append(("same", quoted[at:]))
    return {"segments": segments, "changes": len(changes), "recomputed": recomputed}


def _author_finding(embed: dict, version: dict | None, check: dict | None) -> dict:
    details = (check or {}).get("details") or {}
    findings = (check or {}).get("findings") or []
    x_handle = (version or {}).get("handle") or ((embed.get("post") or {}).get("handle"))
    x_name = (version or {}).get("author_name") or ((embed.get("post") or {}).get("author_name"))
    state = "mismatch" if "author_mismatch" in findings else (
        "renamed" if {"author_renamed", "author_name_changed"} & set(findings)
        else ("same" if version else "unknown"))
    return {"shown_handle": embed.get("handle"), "shown_name": embed.get("author_name"),
            "x_handle": x_handle, "x_name": x_name, "state": state,
            "detail": details.get("author_mismatch") or details.get("author_renamed")
            or details.get("author_name_changed")}


def _date_finding(embed: dict, version: dict | None, check: dict | None) -> dict:
    details = (check or {}).get("details") or {}
    findings = (check or {}).get("findings") or []
    post = embed.get("post") or {}
    created = post.get("created_at") or (version or {}).get("created_at")
    state = "mismatch" if "date_mismatch" in findings else (
        "same" if created and embed.get("shown_date") else "unknown")
    shown = embed.get("shown_date")
    parsed = parse_shown_date(shown) if shown else None
    if shown and not parsed:  # a date in numbers alone: its reading, or both
        parsed = " or ".join(numeric_readings(shown, embed.get("date_lang"))) or None
    return {"shown": shown, "parsed": parsed,
            "x_created": created, "state": state, "detail": details.get("date_mismatch")}


# --- a post ---------------------------------------------------------------------------------


def post(conn, post_id: str) -> dict | None:
    """A post: X's versions, its status history with the answers behind it, its images,
    and every article that quotes it with that article's verdict."""
    found = one(conn, "SELECT * FROM posts WHERE id = ?", (post_id,))
    if found is None:
        return None
    found["url"] = post_url(post_id, found["handle"])
    found["edited_to"] = scalar(conn, f"SELECT {EDITED_TO} FROM posts p WHERE p.id = ?",
                                (post_id,))
    found["author"] = one(conn, "SELECT * FROM authors WHERE id = ?", (found["author_id"],)) \
        if found.get("author_id") else None
    found["handles"] = rows(conn, "SELECT handle, name, first_seen_at, last_seen_at FROM"
                                  " author_handles WHERE author_id = ? ORDER BY first_seen_at",
                            (found["author_id"],)) if found.get("author_id") else []
    versions = [version_detail(conn, r["id"]) for r in rows(
        conn, "SELECT id FROM post_versions WHERE post_id = ? ORDER BY fetched_at, id",
        (post_id,))]
    found["versions"] = versions
    found["checks"] = rows(conn, """
        SELECT c.id, c.source, c.checked_at, c.url, c.status, c.outcome, c.signal, c.error,
               c.detail, c.body_sha256, length(c.body) AS body_bytes,
               (SELECT r.id FROM runs r WHERE r.started_at <= c.checked_at
                AND c.checked_at <= coalesce(r.finished_at, c.checked_at)
                ORDER BY r.id DESC LIMIT 1) AS run_id,
               (SELECT v.id FROM post_versions v WHERE v.post_id = c.post_id
                AND v.check_id = c.id) AS version_id
        FROM post_checks c WHERE c.post_id = ? ORDER BY c.id""", (post_id,))
    events = rows(conn, "SELECT * FROM post_status_events WHERE post_id = ? ORDER BY id",
                  (post_id,))
    for event in events:
        if event.get("check_ids"):  # the answers recorded with the change (schema 0017)
            named = set(json.loads(event["check_ids"]))
            event["checks"] = [c for c in found["checks"] if c["id"] in named]
        else:  # older rows: the answers fetched in the second the change was recorded
            event["checks"] = [c for c in found["checks"]
                               if c["checked_at"] == event["observed_at"]]
    found["events"] = events
    images, seen = [], set()
    for version in versions:
        for image in version["images"]:
            key = image["sha256"] or image["image_url"]
            if key not in seen:
                seen.add(key)
                images.append({**image, "version_id": version["id"],
                               "media": one(conn, "SELECT sha256, mime, bytes, width, height,"
                                                  " phash, phash_quality, first_url, first_seen_at"
                                                  " FROM media WHERE sha256 = ?",
                                            (image["sha256"],)) if image["sha256"] else None})
    found["images"] = images
    found["quoted_in"] = quoted_in(conn, post_id, QUOTED_IN_SHOWN, versions)
    found["quoted_in_total"] = (len(found["quoted_in"]) if len(found["quoted_in"]) < QUOTED_IN_SHOWN
                                else len(quoted_in_ids(conn, post_id)))
    found["quoted_earlier"] = quoted_earlier(conn, post_id)
    found["x_versions"] = [v for v in versions if v["source"] != "embed"]
    prose = prose_quoted_in(conn, post_id)
    found["prose_misquoted_in"] = [q for q in prose if q["misquote"]]
    found["prose_quoted_in"] = [q for q in prose if q["result"] == "found"]
    prose_articles = {q["article_id"] for q in found["prose_misquoted_in"]}
    for row in found["quoted_in"]:  # an embed quoted faithfully, the prose around it not
        row["prose_misquote"] = row["article_id"] in prose_articles
    return found


def prose_quoted_in(conn, post_id: str) -> list[dict]:
    """The quotes in articles' own prose whose check names this post (each prose quote's
    newest check, for the newest copy of its article checked), in the order the articles
    were checked: `misquote` when the post says it differently ('altered'), `cuts` the
    notes of what a cut takes (quotes.prose_cuts_to_read)."""
    found = rows(conn, f"""
        SELECT q.id AS quote_claim_id, q.article_id, a.title AS article_title,
               a.url AS article_url, a.outlet, f.fetched_at, q.handle, q.sentence, q.quote,
               q.result, q.detail, q.score, q.checked_at
        FROM quote_claims q JOIN articles a ON a.id = q.article_id
        JOIN article_fetches f ON f.id = q.fetch_id
        WHERE q.post_id = ? AND {PROSE_NEWEST}
        ORDER BY q.id""", (post_id,))
    for claim in found:
        claim["misquote"] = claim["result"] == "altered"
        claim["cuts"] = prose_cuts_to_read(claim["result"], claim["detail"])
        claim["said"] = plain_detail(claim["result"], _unnoted(claim["detail"], claim["cuts"]))
    return found


#: Embeds quoting a post listed on its page; the rest are one click away (embed_overview).
QUOTED_IN_SHOWN = 500


def quoted_in_ids(conn, post_id: str) -> list[int]:
    return [r[0] for r in conn.execute("""
        SELECT e.id FROM embeds e
        WHERE e.id IN (SELECT id FROM embeds WHERE post_id = :p
                       UNION SELECT embed_id FROM verifications WHERE post_id = :p)
          AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id)""",
                                       {"p": post_id})]


def quoted_earlier(conn, post_id: str) -> list[dict]:
    """Articles whose current copy no longer shows the post (the embed taken out, swapped
    for another post, the page corrected) but an earlier copy did: that copy's embed,
    the newest verdict on it, in the order the copies were fetched. Evidence of what the
    article showed then, which its current copy does not say."""
    found = rows(conn, """
        WITH showing AS (  -- the embeds that show the post (or were matched to it)
            SELECT id FROM embeds WHERE post_id = :p
            UNION SELECT embed_id FROM verifications WHERE post_id = :p)
        SELECT e.id AS embed_id, e.article_id, a.title AS article_title, a.url AS article_url,
               a.outlet, f.fetched_at, e.kind, e.quoted_text, v.verdict, v.details
        FROM embeds e
        JOIN articles a ON a.id = e.article_id
        JOIN article_fetches f ON f.id = e.fetch_id
        LEFT JOIN verifications v ON v.id = (SELECT max(id) FROM verifications
                                             WHERE embed_id = e.id)
        WHERE e.id IN showing
          AND e.fetch_id != a.current_fetch_id
          AND NOT EXISTS (SELECT 1 FROM embeds c WHERE c.article_id = e.article_id
                            AND c.fetch_id = a.current_fetch_id AND c.id IN showing)
          -- of an article's earlier copies, the newest that showed the post
          AND f.fetched_at = (SELECT max(f3.fetched_at) FROM embeds e3
                                JOIN article_fetches f3 ON f3.id = e3.fetch_id
                               WHERE e3.article_id = e.article_id AND e3.id IN showing)
        GROUP BY e.article_id
        ORDER BY f.fetched_at, e.id""", {"p": post_id})
    for row in found:
        details = _json(row.pop("details"), {})
        recorded = details.get(row["verdict"]) if row["verdict"] else None
        row["words"] = verdict_words(row["verdict"], recorded)
        row["reason"] = plain_detail(row["verdict"], recorded)
        row["misquote"] = row["verdict"] in MISQUOTES
    return found


def quoted_in(conn, post_id: str, limit: int = -1,
              versions: list[dict] | None = None) -> list[dict]:
    """Each embed of an article's current copy that shows the post (or was matched to it),
    with that embed's newest verdict, in the order the articles were fetched; a quote
    that changes the post's words with the difference marked, as the article page marks
    it (`inline_diff`; `versions`: X's copies already read, by id)."""
    found = rows(conn, f"""
        SELECT e.id AS embed_id, e.article_id, a.title AS article_title, a.url AS article_url,
               a.outlet, f.fetched_at, e.kind, e.handle, e.quoted_text, e.lang,
               vf.verdict, vf.details, vf.checked_at, vf.id AS verification_id,
               vf.diff, vf.post_version_id,
               -- an earlier copy of the article that misquoted the post (corrected since):
               -- its fetch time and its newest verdict
               (SELECT json_array(f2.fetched_at, v2.verdict) FROM embeds e2
                  JOIN article_fetches f2 ON f2.id = e2.fetch_id
                  JOIN verifications v2 ON v2.id = (SELECT max(id) FROM verifications
                                                    WHERE embed_id = e2.id)
                 WHERE e2.article_id = e.article_id AND e2.fetch_id != e.fetch_id
                   AND e2.id IN (SELECT id FROM embeds WHERE post_id = :p
                                 UNION SELECT embed_id FROM verifications WHERE post_id = :p)
                   AND v2.verdict IN ({MISQUOTES_SQL})
                 ORDER BY f2.fetched_at DESC LIMIT 1) AS earlier_misquote
        FROM embeds e
        JOIN articles a ON a.id = e.article_id
        JOIN article_fetches f ON f.id = e.fetch_id
        LEFT JOIN verifications vf ON vf.id = (SELECT max(id) FROM verifications
                                               WHERE embed_id = e.id)
        WHERE e.id IN (SELECT id FROM embeds WHERE post_id = :p
                       UNION SELECT embed_id FROM verifications WHERE post_id = :p)
          AND e.fetch_id = (SELECT current_fetch_id FROM articles WHERE id = e.article_id)
        ORDER BY f.fetched_at, e.id LIMIT :limit""", {"p": post_id, "limit": limit})
    known = {v["id"]: v for v in versions or ()}
    for row in found:
        details = _json(row.pop("details"), {})
        changes = _json(row.pop("diff"), [])
        version_id = row.pop("post_version_id")
        row["reason_recorded"] = details.get(row["verdict"]) if row["verdict"] else None
        row["reason"] = plain_detail(row["verdict"], row["reason_recorded"])
        row["words"] = verdict_words(row["verdict"], row["reason_recorded"])
        row["misquote"] = row["verdict"] in MISQUOTES
        row["cuts"] = cuts_to_read_of(row["verdict"], details)
        if row["cuts"]:  # said once, apart
            row["reason"] = plain_detail(row["verdict"],
                                         _unnoted(row["reason_recorded"], row["cuts"]))
        earlier = _json(row.pop("earlier_misquote"), None)
        row["earlier_misquote"] = (
            {"fetched_at": earlier[0], "words": verdict_words(earlier[1])[0]} if earlier else None)
        row["diff"] = row["diff_lang"] = None
        if version_id and row["quoted_text"] and (changes or row["verdict"] == "altered"):
            version = known.get(version_id) or version_detail(conn, version_id)
            row["diff"] = inline_diff(row["quoted_text"], version,
                                      {"verdict": row["verdict"], "diff": changes})
            row["diff_lang"] = (version or {}).get("lang") or row["lang"]
    return found


# --- images, raw evidence, redirects --------------------------------------------------------


def image(conn, sha256: str) -> dict | None:
    found = one(conn, """SELECT sha256, mime, format, bytes, width, height, phash,
                                phash_quality, thumbnail_width, thumbnail_height, first_url,
                                first_seen_at FROM media WHERE sha256 = ?""", (sha256,))
    if found is None:
        return None
    found["fetches"] = rows(conn, "SELECT id, url, kind, fetched_at, status, claimed_type"
                                  " FROM media_fetches WHERE sha256 = ? ORDER BY id", (sha256,))
    found["shown_in"] = rows(conn, """
        SELECT DISTINCT v.post_id, v.id AS version_id, v.fetched_at, pm.position, pm.type,
               p.handle
        FROM media_fetches mf JOIN post_media pm ON pm.image_url = mf.url
        JOIN post_versions v ON v.id = pm.post_version_id
        LEFT JOIN posts p ON p.id = v.post_id
        WHERE mf.sha256 = ? ORDER BY v.post_id, v.id""", (sha256,))
    return found


def image_bytes(conn, sha256: str, thumbnail: bool) -> tuple[bytes, str] | None:
    column = "thumbnail" if thumbnail else "content"
    row = conn.execute(f"SELECT {column}, mime FROM media WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None or row[0] is None:
        return None
    return bytes(row[0]), ("image/jpeg" if thumbnail else row[1])


#: Raw evidence viewable as text: kind -> (table, column, charset column or None).
RAW = {
    "fetch": ("article_fetches", "body", "encoding"),
    "check": ("post_checks", "body", None),
    "version": ("post_versions", "raw", None),
    "embed": ("embeds", "raw_html", None),
}


def raw_text(conn, kind: str, row_id: int) -> tuple[str, str | None] | None:
    """The stored bytes of an evidence row decoded as text (with the codec the page was
    read with, else UTF-8; undecodable bytes replaced), and their SHA-256 column."""
    table, column, charset = RAW[kind]
    sha_column = {"fetch": "body_sha256", "check": "body_sha256", "version": "raw_sha256",
                  "embed": "raw_sha256"}[kind]
    row = conn.execute(f"SELECT {column}, {charset or 'NULL'}, {sha_column} FROM {table}"
                       " WHERE id = ?", (row_id,)).fetchone()
    if row is None or row[0] is None:
        return None
    value = row[0]
    if isinstance(value, str):
        return value, row[2]
    codec = row[1] or "utf-8"
    try:
        return bytes(value).decode(codec, errors="replace"), row[2]
    except LookupError:
        return bytes(value).decode("utf-8", errors="replace"), row[2]


def embed_place(conn, embed_id: int) -> int | None:
    return scalar(conn, "SELECT article_id FROM embeds WHERE id = ?", (embed_id,))


def version_place(conn, version_id: int) -> str | None:
    return scalar(conn, "SELECT post_id FROM post_versions WHERE id = ?", (version_id,))


def check_place(conn, check_id: int) -> str | None:
    return scalar(conn, "SELECT post_id FROM post_checks WHERE id = ?", (check_id,))


def verification_place(conn, verification_id: int) -> tuple[int, int] | None:
    row = conn.execute("SELECT article_id, embed_id FROM verifications WHERE id = ?",
                       (verification_id,)).fetchone()
    return (row[0], row[1]) if row else None
