"""Every export complete: CSV and JSON of the lists, of Datasette's views and of the
canned queries, each row of the statement, streamed.

Datasette 0.65 stops a canned query's CSV and JSON at `max_returned_rows` (1,000), and
streams a view's CSV a page at a time with OFFSET, so that each page runs the whole view
again (a sorted view of 450,000 embeds: hundreds of full sorts). Raising
`max_returned_rows` would hold every row in memory. Instead, one statement runs on a
read-only connection of its own and its rows are written a batch at a time, however
many there are; memory stays flat.

- the lists of the pages (`/misquotes.csv`, ...): their own statement (`data.LISTS`);
- a canned query (`/<db>/<query>.csv` or `.json`): its SQL, with the request's values for
  its parameters;
- a view (`/<db>/<view>.csv`, and `.json?_stream=on`): the statement Datasette itself
  builds for the request (filters, search, sort and columns as on the page), asked of
  Datasette with `_size=1` and read without its LIMIT.

The plugin's ASGI wrapper sends such a request to the route `/-/archiver/export/…`, so
Datasette resolves the reader first, and the export is checked as the page is
(`view-query` or `view-table`, `view-database`, `view-instance`: an `allow` block in the
metadata holds for the export too); the view's statement is asked of Datasette with the
reader's cookie and authorization.

A table's CSV is Datasette's own, streamed with `_stream=on` (keyset pagination by the
primary key, cheap at any depth): the plugin's ASGI wrapper adds it, so the page's CSV
link is every row too. A table's or view's default JSON stays Datasette's, a page at a
time with `next_url`.

JSON comes in Datasette's shapes: `_shape=array` (a list of objects; `_nl=on`: one per
line), `_shape=objects` ({"rows": [objects], ...}) and the default ({"rows": [lists],
"columns": [...], ...}), with `"truncated": false`.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette.utils import derive_named_parameters, tilde_decode
from datasette.utils.asgi import AsgiStream, NotFound, Request, Response

#: Rows read per step of an export.
EXPORT_BATCH = 2000
_EXPORT_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<name>[^/]+)\.(?P<format>csv|json)$")
#: The end of the statement Datasette builds for a table page: its page size and offset.
_LIMIT = re.compile(r"\s+limit\s+\d+(?:\s+offset\s+\d+)?\s*$", re.IGNORECASE)
#: Arguments of a view's export that are about the export, not about which rows.
_EXPORT_ARGS = frozenset({"_stream", "_next", "_size", "_shape", "_nl", "_dl", "_header",
                          "_labels", "_nocount", "_nofacet", "_json", "_trace",
                          "_facet", "_facet_size", "_facet_array", "_facet_date"})


def archive_db(datasette):
    return datasette.get_database()


def reader(datasette, db) -> sqlite3.Connection:
    """A read-only connection to the archive, with the SQL functions Datasette's own
    connections have (the plugins' prepare_connection: normfts, fold), usable from the
    executor's threads in turn."""
    mode = "ro" if db.is_mutable else "ro&immutable=1"
    conn = sqlite3.connect(f"{Path(db.path).resolve().as_uri()}?mode={mode}", uri=True,
                           check_same_thread=False)
    datasette._prepare_connection(conn, db.name)  # Datasette 0.65: the hooks, text decoding
    conn.row_factory = None
    return conn


def _cell(value):
    if isinstance(value, (bytes, memoryview)):
        return {"$base64": True, "encoded": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _csv_cell(value):
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


async def stream(datasette, sql: str, params, fmt: str, filename: str, *, shape: str = "array",
                 header: bool = True, newline_delimited: bool = False, download: bool = False,
                 about: dict | None = None):
    """Every row of `sql` as CSV or JSON, streamed a batch at a time from a read-only
    connection of its own (the plugin's wrapper adds a UTF-8 byte-order mark to CSV)."""
    loop = asyncio.get_running_loop()
    db = archive_db(datasette)
    conn = await loop.run_in_executor(None, reader, datasette, db)
    try:
        cursor = await loop.run_in_executor(None, conn.execute, sql, params)
    except sqlite3.Error as exc:
        await loop.run_in_executor(None, conn.close)
        return Response.text(f"Cannot export: {exc}", status=400)
    columns = [d[0] for d in cursor.description]

    async def batches():
        try:
            while True:
                batch = await loop.run_in_executor(None, cursor.fetchmany, EXPORT_BATCH)
                if not batch:
                    return
                yield batch
        finally:
            await loop.run_in_executor(None, conn.close)

    async def stream_csv(writer):
        buffer = io.StringIO()
        out = csv.writer(buffer)
        if header:
            out.writerow(columns)
        async for batch in batches():
            out.writerows([_csv_cell(v) for v in row] for row in batch)
            await writer.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
        if buffer.getvalue():
            await writer.write(buffer.getvalue())

    def encode(row) -> str:
        cells = [_cell(v) for v in row]
        value = cells if shape == "arrays" else dict(zip(columns, cells))
        return json.dumps(value, ensure_ascii=False)

    async def stream_json(writer):
        if newline_delimited:
            async for batch in batches():
                await writer.write("".join(encode(row) + "\n" for row in batch))
            return
        if shape == "array":
            opening, closing = "[", "\n]\n"
        else:
            head = {"ok": True, **(about or {}), "columns": columns}
            opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
            closing = "\n], \"truncated\": false}\n"
        await writer.write(opening)
        first = True
        async for batch in batches():
            await writer.write("".join(("" if first and i == 0 else ",") + "\n" + encode(row)
                                       for i, row in enumerate(batch)))
            first = False
        await writer.write(closing)

    disposition = "attachment" if download else "inline"
    headers = {"content-disposition": f'{disposition}; filename="{filename}.{fmt}"'}
    if fmt == "csv":
        return AsgiStream(stream_csv, headers=headers, content_type="text/csv; charset=utf-8")
    content_type = "text/plain" if newline_delimited else "application/json"
    return AsgiStream(stream_json, headers=headers, content_type=f"{content_type}; charset=utf-8")


def _options(request, fmt: str) -> dict:
    shape = request.args.get("_shape") or "arrays"
    if shape not in ("array", "objects", "arrays"):
        shape = "arrays"
    return {"shape": shape, "header": request.args.get("_header") != "off",
            "newline_delimited": fmt == "json" and shape == "array"
            and bool(request.args.get("_nl")),
            "download": bool(request.args.get("_dl"))}


#: Where the plugin's wrapper sends a canned query's or a view's export, so that Datasette
#: resolves the actor first and the export is checked like the page (ensure_permissions).
EXPORT_ROUTE = (r"^/-/archiver/export/(?P<kind>query|view)/(?P<database>[^/]+)/(?P<name>[^/]+)"
                r"\.(?P<format>csv|json)$")


async def target(datasette, scope):
    """The scope sent to the complete export (a canned query's CSV or JSON, a view's CSV
    or streamed JSON), or None: Datasette answers the request as it would."""
    found = _EXPORT_PATH.match(scope.get("path", ""))
    if not found or scope.get("method", "GET") not in ("GET", "HEAD"):
        return None
    db = archive_db(datasette)
    if tilde_decode(found["database"]) != db.name:
        return None
    name, fmt = tilde_decode(found["name"]), found["format"]
    query = await datasette.get_canned_query(db.name, name, actor=None)
    if query is not None:
        kind = None if query.get("write") else "query"
    elif fmt == "json" and not Request(scope, None).args.get("_stream"):
        kind = None  # a view's JSON: Datasette's, a page at a time
    else:
        kind = "view" if name in await db.view_names() else None
    if kind is None:
        return None
    path = f"/-/archiver/export/{kind}/{found['database']}/{found['name']}.{fmt}"
    return {**scope, "path": path, "raw_path": path.encode("latin-1")}


async def export(datasette, request):
    """The export route: every row of a canned query or a view (see `target`)."""
    kind, fmt = request.url_vars["kind"], request.url_vars["format"]
    db = archive_db(datasette)
    name = tilde_decode(request.url_vars["name"])
    if tilde_decode(request.url_vars["database"]) != db.name:
        raise NotFound("No such database")
    if kind == "query":
        query = await datasette.get_canned_query(db.name, name, actor=request.actor)
        if query is None or query.get("write"):
            raise NotFound("No such query")
        await datasette.ensure_permissions(request.actor, [
            ("view-query", (db.name, name)), ("view-database", db.name), "view-instance"])
        names = await derive_named_parameters(db, query["sql"])
        params = {p: request.args.get(p, "") for p in names}
        return await stream(datasette, query["sql"], params, fmt, name,
                            about={"database": db.name, "query_name": name,
                                   "query": {"sql": query["sql"], "params": params}},
                            **_options(request, fmt))
    if name not in await db.view_names():
        raise NotFound("No such view")
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (db.name, name)), ("view-database", db.name), "view-instance"])
    built = await _datasette_sql(datasette, request.url_vars["database"],
                                 request.url_vars["name"], request)
    if isinstance(built, Response):
        return built
    sql, params = built
    return await stream(datasette, sql, params, fmt, name,
                        about={"database": db.name, "table": name,
                               "query": {"sql": sql, "params": params}},
                        **_options(request, fmt))


async def _datasette_sql(datasette, database: str, name: str, request):
    """The statement Datasette runs for a view page with this request's filters, search,
    sort and columns, without its LIMIT: (sql, params), or Datasette's error response.
    Asked as the reader (their cookies and authorization) with `_size=1`."""
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in _EXPORT_ARGS]
    args += [("_size", "1"), ("_nocount", "1"), ("_nofacet", "1")]
    headers = {k: v for k, v in request.headers.items() if k in ("cookie", "authorization")}
    response = await datasette.client.get(f"/{database}/{name}.json?{urlencode(args)}",
                                          headers=headers)
    if response.status_code != 200:
        return Response.text(response.text, status=response.status_code)
    query = response.json()["query"]
    return _LIMIT.sub("", query["sql"]), query.get("params") or {}


def csv_streams(scope):
    """A table's CSV with `_stream=on` (every row), unless the request says otherwise."""
    query = scope.get("query_string", b"")
    if b"_stream=" in query or b"_next=" in query:  # a page of it asked for: as asked
        return scope
    return {**scope, "query_string": (query + b"&" if query else b"") + b"_stream=on"}
