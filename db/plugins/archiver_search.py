"""Datasette plugin: SQL functions so canned queries fold what is typed as the index is
folded (Datasette passes its search box to FTS untouched)."""

from datasette import hookimpl

from archiver.textnorm import fold_for_search, fts_query


def normfts(words):
    """An FTS5 MATCH expression for typed words, folded like the index ('""' if empty)."""
    return fts_query(words or "") or '""'


@hookimpl
def prepare_connection(conn):
    conn.create_function("normfts", 1, normfts, deterministic=True)
    conn.create_function("fold", 1, fold_for_search, deterministic=True)
