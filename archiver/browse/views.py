"""The pages of the fact-checker's view: Datasette route handlers.

Each handler reads through `archiver.browse.data` on Datasette's read connection and
renders a template of `archiver/browse/templates/`. Every page is HTML made here, with
every archived text escaped by Jinja's autoescaping; archived bodies and X's answers are
served only as `text/plain` (`raw`), never as live HTML. The security headers of every
response are set in `archiver.browse.plugin.security_headers`.
"""

from __future__ import annotations

from urllib.parse import quote

from datasette.utils.asgi import NotFound, Response

from . import data, exports, seals, words

#: Content-Security-Policy of the pages made here: no script at all, styles and images
#: from this server only, forms submit here only, no framing.
PAGE_CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
#: For raw evidence served as text: nothing may load or run, even if a browser sniffed it.
RAW_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
#: For a stored image served as itself (IMAGE_TYPES only: never SVG, never markup): as
#: RAW_CSP, but the browser's own image viewer may style itself (it centres the image with
#: inline styles, which `default-src 'none'` refused with errors in the console).
IMAGE_CSP = ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
             "frame-ancestors 'none'")


def archive_db(datasette):
    """The archive: the first database served."""
    return datasette.get_database()


async def read(datasette, fn, *args):
    return await archive_db(datasette).execute_fn(lambda conn: fn(conn, *args))


async def page(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    db = archive_db(datasette)
    context = {"db_name": db.name, "nav": _nav(request), **words.context(),
               "img": _image_url(datasette),
               "href": _href(datasette), **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status, headers={"content-security-policy": PAGE_CSP})


def _image_url(datasette):
    def img(sha256: str, kind: str) -> str:
        kind = "original" if kind == "link" else kind
        return datasette.urls.path(f"/image/{sha256}" + ("" if kind == "page" else f"/{kind}"))
    return img


#: Where each kind of row is shown: href(kind, id).
_PLACES = {"post": "/post/{}", "article": "/article/{}", "embed": "/embed/{}",
           "version": "/version/{}", "check": "/check/{}", "verification": "/verification/{}",
           "run": "/run/{}", "raw-embed": "/raw/embed/{}", "raw-fetch": "/raw/fetch/{}",
           "raw-check": "/raw/check/{}", "raw-version": "/raw/version/{}"}


def _href(datasette):
    def href(kind: str, row_id) -> str:
        return datasette.urls.path(_PLACES[kind].format(quote(str(row_id), safe=":")))
    return href


def _nav(request) -> str:
    return request.path.strip("/").split("/")[0] or "home"


#: The largest integer SQLite holds (a signed 64-bit one): a larger id names no row, and
#: SQLite refuses it as a parameter ("Python int too large to convert to SQLite INTEGER").
SQLITE_MAX_INT = 2**63 - 1


def _int(value, default: int = 1) -> int:
    """`value` as an integer SQLite can hold; `default` when it is none; NotFound when it
    is beyond SQLite's integers (no row, no page has such a number)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if abs(number) > SQLITE_MAX_INT:
        raise NotFound("No such number here")
    return number


def row_id(request, name: str = "row_id") -> int:
    """The integer id a route's path holds (`name`), parsed once for every route: an id
    beyond SQLite's integers is a 404, as an id with no row is."""
    return _int(request.url_vars[name], 0)


# --- home and lists --------------------------------------------------------------------------


async def home(datasette, request):
    counts = await read(datasette, data.home_counts)
    return await page(datasette, request, "archiver_home.html", {"counts": counts})


def _list_view(name: str):
    async def view(datasette, request):
        fmt = request.url_vars.get("format")
        if fmt:
            return await export(datasette, request, name, fmt)
        found = await read(datasette, data.list_page, name, _int(request.args.get("page")))
        if found["page"] > found["pages"]:
            raise NotFound("No such page")
        return await page(datasette, request, f"archiver_list_{name}.html",
                          {"list": found, "failing": found["failing"]})
    view.__name__ = f"list_{name}"
    return view


async def export(datasette, request, name: str, fmt: str):
    """Every row of a list as CSV or as a JSON array, streamed (exports.stream)."""
    return await exports.stream(datasette, data.LISTS[name]["sql"], (), fmt, name)


async def search(datasette, request):
    words = request.args.get("q", "").strip()
    fmt = request.url_vars.get("format")
    if fmt:  # every match, posts then quotes (data.SEARCH_EXPORT_SQL)
        sql, params = data.search_export(words)
        return await exports.stream(datasette, sql, params, fmt, "search")
    found = await read(datasette, data.search, words) if words else None
    return await page(datasette, request, "archiver_search.html",
                      {"q": words, "found": found, "limit": data.SEARCH_LIMIT,
                       "failing": found["failing"] if found else []})


# --- article, post, image -----------------------------------------------------------------


def _checked(read_page, rows_shown):
    """A page's reading, then the evidence rows it shows checked against the chain
    (browse.seals): `failing_rows` names those that fail, for the page's warning."""
    def reading(conn, *args):
        found = read_page(conn, *args)
        if found is not None:
            found["failing_rows"] = seals.failing(conn, rows_shown(found))
        return found

    return reading


async def article(datasette, request):
    article_id = row_id(request, "article_id")
    found = await read(datasette, _checked(data.article, seals.article_rows), article_id)
    if found is None:
        raise NotFound(f"No article {article_id}")
    if request.url_vars.get("format") == "json":
        return Response.json(_jsonable(found), headers={"content-security-policy": RAW_CSP})
    return await page(datasette, request, "archiver_article.html",
                      {"article": found, "failing": found["failing_rows"]})


async def report(datasette, request):
    """The evidence report on an article (archiver report), to save and hand on."""
    from ..clock import utc_now
    from .report import REPORT_CSP, render_report

    article_id = row_id(request, "article_id")
    html = await read(datasette, lambda conn: render_report(conn, article_id,
                                                            generated_at=utc_now()))
    if html is None:
        raise NotFound(f"No article {article_id}")
    return Response.html(html, headers={
        "content-security-policy": REPORT_CSP,
        "content-disposition": f'inline; filename="report-article-{article_id}.html"'})


async def post(datasette, request):
    post_id = request.url_vars["post_id"]
    found = await read(datasette, _checked(data.post, seals.post_rows), post_id)
    if found is None:
        raise NotFound(f"No post {post_id}")
    if request.url_vars.get("format") == "json":
        return Response.json(_jsonable(found), headers={"content-security-policy": RAW_CSP})
    return await page(datasette, request, "archiver_post.html",
                      {"post": found, "failing": found["failing_rows"]})


async def image(datasette, request):
    sha256 = request.url_vars["sha256"]
    found = await read(datasette, data.image, sha256)
    if found is None:
        raise NotFound("No such image")
    return await page(datasette, request, "archiver_image.html", {"image": found})


#: Image types served as themselves; anything else downloads as bytes.
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


async def image_file(datasette, request):
    sha256 = request.url_vars["sha256"]
    thumbnail = request.url_vars.get("kind") == "thumbnail"
    found = await read(datasette, data.image_bytes, sha256, thumbnail)
    if found is None:
        raise NotFound("No such image")
    body, mime = found
    headers = {"content-security-policy": IMAGE_CSP, "cache-control": "max-age=31536000, immutable"}
    if mime not in IMAGE_TYPES:
        headers["content-disposition"] = f'attachment; filename="{sha256}"'
        headers["content-security-policy"] = RAW_CSP
        mime = "application/octet-stream"
    return Response(body, content_type=mime, headers=headers)


async def raw(datasette, request):
    """Archived bytes as plain text: a page's body, X's answer, an embed's markup."""
    kind, raw_id = request.url_vars["kind"], row_id(request)
    found = await read(datasette, data.raw_text, kind, raw_id)
    if found is None:
        raise NotFound("Nothing stored")
    text, sha256 = found
    headers = {"content-security-policy": RAW_CSP, "content-disposition": "inline"}
    if sha256:
        headers["x-sha256-of-stored-bytes"] = sha256
    return Response.text(text, headers=headers)


# --- places: ids that live on another page -------------------------------------------------


async def embed_place(datasette, request):
    embed_id = row_id(request)
    article_id = await read(datasette, data.embed_place, embed_id)
    if article_id is None:
        raise NotFound(f"No embed {embed_id}")
    return Response.redirect(datasette.urls.path(f"/article/{article_id}#embed-{embed_id}"))


async def verification_place(datasette, request):
    found = await read(datasette, data.verification_place, row_id(request))
    if found is None:
        raise NotFound("No such verification")
    return Response.redirect(datasette.urls.path(f"/article/{found[0]}#embed-{found[1]}"))


async def version_place(datasette, request):
    version_id = row_id(request)
    post_id = await read(datasette, data.version_place, version_id)
    if post_id is None:
        raise NotFound(f"No version {version_id}")
    return Response.redirect(datasette.urls.path(f"/post/{quote(post_id, safe=':')}#version-{version_id}"))


async def check_place(datasette, request):
    check_id = row_id(request)
    post_id = await read(datasette, data.check_place, check_id)
    if post_id is None:
        raise NotFound(f"No answer {check_id}")
    return Response.redirect(datasette.urls.path(f"/post/{quote(post_id, safe=':')}#check-{check_id}"))


async def run_place(datasette, request):
    run_id = row_id(request)
    db = archive_db(datasette)
    return Response.redirect(datasette.urls.row(db.name, "runs", str(run_id)))


async def stylesheet(datasette, request):
    from . import STATIC

    return Response((STATIC / "archiver.css").read_text(encoding="utf-8"),
                    content_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=300"})


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, memoryview)):
        return None
    return value


def routes():
    """(path regex, handler) pairs for register_routes."""
    found = [
        (r"^/$", home),
        (r"^/search(?:\.(?P<format>csv|json))?$", search),
        (r"^/article/(?P<article_id>\d+)(?:\.(?P<format>json))?$", article),
        (r"^/article/(?P<article_id>\d+)/report$", report),
        (r"^/post/(?P<post_id>[0-9]+|text:[0-9a-f]+)(?:\.(?P<format>json))?$", post),
        (r"^/image/(?P<sha256>[0-9a-f]{64})$", image),
        (r"^/image/(?P<sha256>[0-9a-f]{64})/(?P<kind>original|thumbnail)$", image_file),
        (r"^/raw/(?P<kind>fetch|check|version|embed)/(?P<row_id>\d+)$", raw),
        (r"^/embed/(?P<row_id>\d+)$", embed_place),
        (r"^/verification/(?P<row_id>\d+)$", verification_place),
        (r"^/version/(?P<row_id>\d+)$", version_place),
        (r"^/check/(?P<row_id>\d+)$", check_place),
        (r"^/run/(?P<row_id>\d+)$", run_place),
        (r"^/-/archiver\.css$", stylesheet),
    ]
    for name in data.LISTS:
        found.append((rf"^/{name}(?:\.(?P<format>csv|json))?$", _list_view(name)))
    return found
