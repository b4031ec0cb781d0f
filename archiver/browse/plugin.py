"""Datasette hooks of the fact-checker's view (Datasette 0.65).

- `register_routes`: the pages of `archiver.browse.views`, `/` included;
- `prepare_jinja2_environment`: the plugin's templates before Datasette's own (its
  `table.html` folds the column glossary away; its `_table.html` links a table's key to
  the row's page and leaves a table's `hidden_columns` out until one click asks for them);
- `render_cell`: in Datasette's own tables, views and queries, ids link to the pages
  (post, article, embed, version, answer, image, run), every text gets `dir="auto"`,
  hashes, raw HTML and folded search copies fold behind one click, stored bytes open as
  text, images show as thumbnails linking to the original;
- `extra_css_urls`: the stylesheet;
- `asgi_wrapper`: security headers on every response (a Content-Security-Policy, no
  sniffing, no referrer, no robots), a UTF-8 byte-order mark on CSV so spreadsheets read
  Arabic as Arabic, every export complete (`exports`: canned queries and views streamed
  from a statement of their own, tables' CSV with `_stream=on`), and the tables' own
  search box folded like the index (Datasette passes it to FTS untouched).
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, quote, urlencode

from datasette import hookimpl
from datasette.utils import (derive_named_parameters, path_with_added_args,
                             path_with_removed_args, tilde_decode, tilde_encode)
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from ..textnorm import fold_for_search
from . import TEMPLATES, data, exports, views, words
from .facets import register_facet_classes  # noqa: F401  (a hook: one-pass facets)

#: Content-Security-Policy of Datasette's own pages: they run their own inline scripts,
#: but nothing loads from elsewhere and nothing may frame them.
DATASETTE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                 "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
                 "frame-ancestors 'none'; form-action 'self'")
BOM = "\ufeff".encode("utf-8")
#: On every response: no content sniffing, no referrer to the sites a reader follows
#: links to, no indexing.
_SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                     (b"x-robots-tag", b"noindex, nofollow"))

_POST_COLUMNS = frozenset({"post_id", "quoted_post_id", "reply_to_post_id"})
_VERSION_COLUMNS = frozenset({"version_id", "post_version_id", "newest_version_id",
                              "latest_version_id"})
_FETCH_COLUMNS = frozenset({"fetch_id", "article_fetch_id", "rendered_from"})
_FOLDED_COLUMNS = frozenset({"text_search", "quoted_text_search"})
_HASH = re.compile(r"^[0-9a-f]{16,64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHAIN_HEAD = re.compile(r"^#\d+ [0-9a-f]{64}$")
#: Bytes columns that hold text evidence: (table, column) -> raw kind of views.raw.
_RAW_BYTES = {("article_fetches", "body"): "fetch", ("post_checks", "body"): "check",
              ("post_versions", "raw"): "version"}
#: Characters of a URL shown in a cell (the link and its title hold all of it).
_URL_SHOWN = 44
#: Columns whose JSON is long and rarely read first.
_FOLDED_JSON = frozenset({"headers", "diff", "variants", "urls", "details", "errors", "media"})


@hookimpl
def register_routes(datasette):
    return views.routes() + [(exports.EXPORT_ROUTE, exports.export)]


@hookimpl
def prepare_connection(conn):
    # the search of quotes in articles' prose (data.SEARCH_PROSE_SQL)
    data.functions(conn)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), env.loader])
    env.filters["ltr_units"] = words.ltr_units
    env.globals["archiver_columns"] = lambda database, table, request: default_columns(
        datasette, database, table, request)
    env.globals["archiver_key_cell"] = lambda database, table, cell: key_cell(
        datasette, database, table, cell)


# --- Datasette's table pages: the keys link to the pages, the widest columns wait a click --

#: A table's key -> the page made for its row.
_PAGE_KEYS = {("posts", "id"): "/post/{}", ("articles", "id"): "/article/{}",
              ("media", "sha256"): "/image/{}", ("embeds", "id"): "/embed/{}",
              ("verifications", "id"): "/verification/{}", ("post_versions", "id"): "/version/{}",
              ("post_checks", "id"): "/check/{}"}
#: The query argument that shows every column of a table page (Datasette ignores it).
ALL_COLUMNS = "_all_columns"


def _page_of(datasette, table, column, value) -> str | None:
    place = _PAGE_KEYS.get((table, column))
    if place is None or value in (None, ""):
        return None
    return datasette.urls.path(place.format(quote(str(value), safe=":")))


def key_cell(datasette, database, table, cell) -> Markup | None:
    """A table page's key cell (Datasette links it to the row) linking to the row's page,
    the row as Datasette shows it beside it; None for other cells."""
    if cell.get("value_type") != "pk" or database != views.archive_db(datasette).name:
        return None
    raw = str(cell.get("raw"))
    page = _page_of(datasette, table, cell.get("column"), raw)
    if page is None:
        return None
    shown = raw[:12] + "…" if _SHA256.match(raw) else raw
    row = datasette.urls.row(database, table, tilde_encode(raw))
    return Markup(f'<a href="{html.escape(page)}" class="page-link" title="{html.escape(raw)}">'
                  f'{html.escape(shown)}</a> <a href="{html.escape(row)}" class="row-link" '
                  f'title="this row as Datasette shows it">row</a>')


def default_columns(datasette, database, table, request) -> dict:
    """The columns a table page leaves out until asked: the table's `hidden_columns`
    (metadata: `tables.<table>.plugins.archiver`), unless the reader chose columns
    (`_col`) or asked for all (`_all_columns`). Exports are never affected: only the
    page's HTML table leaves them out. Returns {"hidden": [...], "show_all": url,
    "show_default": url or None}."""
    found = {"hidden": [], "show_all": None, "show_default": None}
    if request is None or not table or "pks" in request.url_vars or \
            database != views.archive_db(datasette).name:
        return found
    config = datasette.plugin_config("archiver", database=database, table=table,
                                     fallback=False) or {}
    hidden = list(config.get("hidden_columns") or [])
    if not hidden:
        return found
    if request.args.get(ALL_COLUMNS):
        found["show_default"] = path_with_removed_args(
            request, {ALL_COLUMNS: request.args.get(ALL_COLUMNS)})
        return found
    if "_col" in request.args:
        return found
    nocol = set(request.args.getlist("_nocol"))
    found["hidden"] = [c for c in hidden if c not in nocol]
    found["show_all"] = path_with_added_args(request, {ALL_COLUMNS: "1"})
    return found


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/archiver.css")]


def _link(href: str, text: str, cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    return f'<a href="{html.escape(href)}"{attrs}>{html.escape(text)}</a>'


def _fold(summary: str, body: str, cls: str = "") -> Markup:
    return Markup(f'<details class="cell-fold {cls}"><summary>{summary}</summary>{body}</details>')


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 10_000 else f"{n / 1024:,.0f} KB"


@hookimpl
def extra_template_vars(template, database, request, datasette):
    """On a canned query's page: `archiver_total()`, how many rows the query has in all,
    which the page asks only when Datasette cut the table at `max_returned_rows` (its CSV
    and JSON hold every row: exports)."""
    if template != "query.html" or request is None or \
            database != views.archive_db(datasette).name:
        return None

    async def total():
        name = tilde_decode(request.url_vars.get("table") or "")
        query = await datasette.get_canned_query(database, name, actor=None) if name else None
        if query is None:
            return None
        db = views.archive_db(datasette)
        names = await derive_named_parameters(db, query["sql"])
        try:
            found = await db.execute(f"SELECT count(*) FROM ({query['sql']})",
                                     {p: request.args.get(p, "") for p in names},
                                     custom_time_limit=datasette.setting("sql_time_limit_ms"))
        except Exception:  # noqa: BLE001 — a count that fails or times out is left unsaid
            return None
        return found.first()[0]
    return {"archiver_total": total, "archiver_shown": datasette.setting("max_returned_rows")}


@hookimpl(tryfirst=True)
def render_cell(row, value, column, table, database, datasette):
    """Cells of Datasette's own pages over the archive (None: Datasette's default)."""
    if value is None or database != views.archive_db(datasette).name:
        return None
    if isinstance(value, dict):  # a foreign key Datasette labelled
        value = value.get("value")
        if value is None:
            return None
    path = datasette.urls.path
    text = str(value)
    page = _page_of(datasette, table, column, text)
    if page is not None:  # a key on its row's page: the page made for the row
        return Markup(_link(page, text))
    if table == "evidence_chain" and column == "row_key" and row is not None:
        return Markup(_chained_row(datasette, database, row["table_name"], text))
    if column in _POST_COLUMNS and text:
        return Markup(_link(path(f"/post/{quote(text, safe=':')}"), text))
    if column == "article_id" and table != "articles":
        return Markup(_link(path(f"/article/{text}"), text))
    if column == "embed_id":
        return Markup(_link(path(f"/embed/{text}"), text))
    if column in _VERSION_COLUMNS:
        return Markup(_link(path(f"/version/{text}"), text))
    if column == "check_id":
        return Markup(_link(path(f"/check/{text}"), text))
    if column == "verification_id":
        return Markup(_link(path(f"/verification/{text}"), text))
    if column in _FETCH_COLUMNS:
        return Markup(_link(datasette.urls.row(database, "article_fetches", text), text))
    if column == "image" and _SHA256.match(text):
        return Markup(_thumbnail(path, text))
    if isinstance(value, bytes):
        return _bytes_cell(row, value, column, table, database, datasette)
    if not isinstance(value, str):
        return None
    if (column == "sha256" or column.endswith("_sha256")) and _SHA256.match(value):
        if table == "media_fetches":
            return Markup(_link(path(f"/image/{value}"), value[:12] + "…", "hash"))
        return _fold(html.escape(value[:12]) + "…", f'<code class="hash">{value}</code>', "hash")
    if column in ("phash", "chain_head") or _CHAIN_HEAD.match(value) or \
            (column.endswith("hash") and _HASH.match(value)):
        return _fold(html.escape(value[:12]) + "…", f'<code class="hash">{html.escape(value)}</code>',
                     "hash")
    if column == "raw_html":
        link = ""
        if table == "embeds" and row is not None and "id" in row.keys():
            link = " " + _link(path(f"/raw/embed/{row['id']}"), "open as text")
        return _fold(f"markup, {_size(len(value.encode('utf-8')))}",
                     f'<pre dir="auto">{html.escape(value)}</pre>{link}')
    if column in _FOLDED_COLUMNS:
        return _fold("folded copy", f'<div dir="auto">{html.escape(value)}</div>')
    if column in _FOLDED_JSON and len(value) > 60:
        return _fold(f"{column}, {len(value):,} characters",
                     f'<pre dir="auto">{html.escape(value)}</pre>')
    if value.startswith(("http://", "https://")) and " " not in value:
        shown = value.split("://", 1)[1]
        if len(shown) > _URL_SHOWN:
            shown = shown[:_URL_SHOWN - 16] + "…" + shown[-15:]
        return Markup(f'<a href="{html.escape(value)}" title="{html.escape(value)}" class="url" '
                      f'dir="auto" rel="nofollow noopener noreferrer">{html.escape(shown)}</a>')
    return Markup(f'<div dir="auto" class="cell-text">{html.escape(value)}</div>')


def _chained_row(datasette, database, table: str, key: str) -> str:
    """An evidence chain entry's row: its page when it has one, else Datasette's row."""
    column = next((c for (t, c) in _PAGE_KEYS if t == table), None)
    page = _page_of(datasette, table, column, key) if column else None
    shown = key[:12] + "…" if _SHA256.match(key) else key
    if page is not None:
        return _link(page, shown)
    return _link(datasette.urls.row(database, table, tilde_encode(key)), shown)


def _thumbnail(path, sha256: str) -> str:
    return (f'<a href="{path("/image/" + sha256)}" class="thumb"><img src="'
            f'{path("/image/" + sha256 + "/thumbnail")}" alt="image {sha256[:12]}" '
            f'loading="lazy" width="160"></a>')


def _bytes_cell(row, value: bytes, column, table, database, datasette):
    path = datasette.urls.path
    if table == "media" and row is not None and "sha256" in row.keys():
        sha256 = row["sha256"]
        label = "original" if column == "content" else "thumbnail"
        return Markup(_thumbnail(path, sha256) + " " + _link(
            path(f"/image/{sha256}/{label}"), f"{label}, {_size(len(value))}"))
    kind = _RAW_BYTES.get((table, column))
    if kind and row is not None and "id" in row.keys():
        return Markup(_link(path(f"/raw/{kind}/{row['id']}"), f"open as text, {_size(len(value))}")
                      + " · " + _link(datasette.urls.row_blob(database, table, str(row["id"]),
                                                              column), "download"))
    return None


# --- the ASGI wrapper ---------------------------------------------------------------------

_SEARCH_ARG = re.compile(r"^_search(_.+)?$")
_PAGE_PATHS = re.compile(r"^/(?:[^/]+)/(?:[^/]+?)(?:\.(?:json|csv))?$")


def _fold_search_args(scope):
    """The scope with `_search` values folded as the index is (a table page's box)."""
    query = scope.get("query_string", b"")
    if b"_search" not in query:
        return scope
    decoded = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    raw = ("_searchmode", "raw") in decoded
    changed = [(k, _fold_query(v, raw) if _SEARCH_ARG.match(k) else v) for k, v in decoded]
    if changed == decoded:
        return scope
    return {**scope, "query_string": urlencode(changed).encode("ascii")}


#: FTS5 operators, kept as typed in `_searchmode=raw` (folding would lower-case them).
_FTS_OPERATORS = re.compile(r"^(AND|OR|NOT|NEAR(\(.*)?)$")


def _fold_query(value: str, raw: bool) -> str:
    if not raw:
        return fold_for_search(value)
    return " ".join(word if _FTS_OPERATORS.match(word) else fold_for_search(word)
                    for word in value.split())


#: Facet arguments that name a column: Datasette's column facets and the one-pass ones.
_COLUMN_FACET_ARGS = ("_facet", "_facet_one_pass")


def _one_facet_each(datasette, scope):
    """The scope without a `_facet` (or `_facet_one_pass`) naming a column already
    faceted: by the table's metadata (a default facet) or by an earlier argument.
    Datasette 0.65 counts and shows each config it is given, so `?_facet=verdict` on a
    table whose metadata facets `verdict` showed that facet twice."""
    query = scope.get("query_string", b"")
    if b"_facet" not in query:
        return scope
    found = _PAGE_PATHS.match(scope.get("path", ""))
    parts = scope.get("path", "").strip("/").split("/")
    if not found or len(parts) != 2:
        return scope
    database = tilde_decode(parts[0])
    if database != views.archive_db(datasette).name:
        return scope
    table = tilde_decode(re.sub(r"\.(?:json|csv)$", "", parts[1]))
    seen = set()
    for config in (datasette.table_metadata(database, table) or {}).get("facets") or []:
        if isinstance(config, str):
            seen.add(config)
        elif isinstance(config, dict) and len(config) == 1:
            kind, value = next(iter(config.items()))
            if kind in ("column", "one_pass"):
                seen.add(value if isinstance(value, str) else value.get("simple"))
    decoded = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    kept = []
    for key, value in decoded:
        if key in _COLUMN_FACET_ARGS and not value.startswith("{"):
            if value in seen:
                continue
            seen.add(value)
        kept.append((key, value))
    if kept == decoded:
        return scope
    return {**scope, "query_string": urlencode(kept).encode("ascii")}


def _header(headers, name: bytes):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def wrapped(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            path = scope.get("path", "")
            is_csv = path.endswith(".csv")
            state = {"bom": False}

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", [])]
                    content_type = (_header(headers, b"content-type") or b"").lower()
                    if _header(headers, b"content-security-policy") is None:
                        headers.append((b"content-security-policy", DATASETTE_CSP.encode()))
                    for name, value in _SECURITY_HEADERS:
                        if _header(headers, name) is None:
                            headers.append((name, value))
                    if is_csv and content_type.startswith((b"text/csv", b"text/plain")) \
                            and message.get("status", 200) == 200:
                        state["bom"] = True
                        length = _header(headers, b"content-length")
                        if length is not None:
                            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                            headers.append((b"content-length", str(int(length) + len(BOM)).encode()))
                    message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and state["bom"]:
                    state["bom"] = False
                    message = {**message, "body": BOM + message.get("body", b"")}
                await send(message)

            if _PAGE_PATHS.match(path) and not path.startswith("/-/"):
                # a canned query's or a view's export: every row, streamed (exports)
                export = await exports.target(datasette, scope)
                if export is not None:
                    scope = export
                else:
                    if is_csv:  # a table's: Datasette's own, every row (keyset pages)
                        scope = exports.csv_streams(scope)
                    scope = _one_facet_each(datasette, _fold_search_args(scope))
            return await app(scope, receive, send_with_headers)
        return wrapped
    return wrap
