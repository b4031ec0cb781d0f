"""Every export complete, on an archive past Datasette's 1,000-row cap: 1,250 misquotes
(Arabic), the posts of one handle and one day, all deleted. CSV and JSON hold as many
rows as the page states, for the pages' lists, Datasette's views and tables (through the
page's own CSV link) and the canned queries; CSV opens as UTF-8 with Arabic intact."""

import asyncio
import csv
import html
import io
import json
import re
import sqlite3
from urllib.parse import quote

import pytest

from archiver.serve import datasette_app
from archiver.store import open_archive
from archiver.textnorm import search_text

N = 1250
QUOTE = "وزير الخارجية يلتقي نظيره في إسطنبول {}"
POST = "وزير الخارجية يلتقي نظيره في أنقرة {}"


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    """A migrated archive with N articles, each quoting one post of @BulkDesk (posted on
    2025-10-12, deleted since) with one word changed: N misquotes."""
    path = tmp_path_factory.mktemp("exports") / "archive.db"
    db = open_archive(path)
    conn = db.conn
    conn.execute("BEGIN")
    for i in range(1, N + 1):
        post_id = str(1977000000000000000 + i)
        at = f"2025-10-{12 + i % 10:02d}T10:{i % 60:02d}:00Z"
        conn.execute("INSERT INTO posts (id, has_x_id, handle, author_name, created_at, date,"
                     " status, unavailable_reason, status_since, first_seen_at, last_seen_at)"
                     " VALUES (?, 1, 'BulkDesk', 'مكتب الأخبار', '2025-10-12T08:00:00Z',"
                     " '2025-10-12', 'unavailable', 'deleted', ?, ?, ?)", (post_id, at, at, at))
        conn.execute("INSERT INTO articles (id, url, title, outlet, lang, first_seen_at,"
                     " last_checked_at) VALUES (?, ?, ?, ?, 'ar', ?, ?)",
                     (i, f"https://news.example/{i}", f"خبر {i}", f"Outlet {i % 3}", at, at))
        conn.execute("INSERT INTO article_fetches (id, article_id, fetched_at, requested_url,"
                     " status, embeds_found) VALUES (?, ?, ?, ?, 200, 1)",
                     (i, i, at, f"https://news.example/{i}"))
        conn.execute("INSERT INTO embeds (id, article_id, fetch_id, post_id, kind, form, positions,"
                     " handle, quoted_text, lang, quoted_text_search) VALUES (?, ?, ?, ?, 'embed',"
                     " 'blockquote', '[0]', 'BulkDesk', ?, 'ar', ?)",
                     (i, i, i, post_id, QUOTE.format(i), search_text(QUOTE.format(i))))
        conn.execute("INSERT INTO verifications (embed_id, article_id, post_id, checked_at, verdict,"
                     " findings, details, score, diff, verifier_version) VALUES (?, ?, ?, ?,"
                     " 'altered', '[\"altered\"]', ?, 90.0, ?, 'test')",
                     (i, i, post_id, at, '{"altered": "differs from the post"}',
                      '[{"op": "replace", "at": 28, "quote": "إسطنبول", "post": "أنقرة"}]'))
    conn.execute("COMMIT")
    conn.close()
    return path


def fetch(path, *urls):
    async def go():
        ds = datasette_app(path)
        return [await ds.client.get(url) for url in urls]

    return asyncio.run(go())


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.text[:300]
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8, said so to spreadsheets
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def page_count(response) -> int:
    found = re.search(r"<h3>([\d,]+) rows?", response.text)
    assert found, response.text[:500]
    return int(found.group(1).replace(",", ""))


def csv_link(response) -> str:
    """The page's own CSV link."""
    [href] = re.findall(r'<a href="([^"]+\.csv[^"]*)">CSV</a>', response.text)
    return html.unescape(href)


def test_the_archive_is_past_datasette_cap(big_archive):
    conn = sqlite3.connect(big_archive)
    assert conn.execute("SELECT count(*) FROM misquotes").fetchone()[0] == N > 1000
    conn.close()


@pytest.mark.parametrize("name", ["misquotes", "unavailable", "articles", "posts"])
def test_lists_export_every_row(big_archive, name):
    page, as_csv, as_json = fetch(big_archive, f"/{name}", f"/{name}.csv", f"/{name}.json")
    total = int(re.search(r"([\d,]+) rows?", page.text).group(1).replace(",", ""))
    assert total == N
    assert len(csv_rows(as_csv)) == len(as_json.json()) == N


@pytest.mark.parametrize("name", ["misquotes", "post_overview", "embed_overview", "latest_verdicts",
                                  "unavailable_posts", "article_overview", "posts", "embeds"])
def test_views_and_tables_export_every_row_through_the_page_csv_link(big_archive, name):
    [page] = fetch(big_archive, f"/archive/{name}")
    total = page_count(page)
    assert total == N
    as_csv, streamed, array = fetch(big_archive, csv_link(page), f"/archive/{name}.json?_stream=on",
                                    f"/archive/{name}.json?_stream=on&_shape=array")
    assert len(csv_rows(as_csv)) == total
    if name not in ("posts", "embeds"):  # a view's JSON streamed (a table's: keyset pages)
        assert len(streamed.json()["rows"]) == len(array.json()) == total
        assert streamed.json()["truncated"] is False


def test_view_json_pages_add_up_to_the_page(big_archive):
    json_rows, url = 0, "/archive/misquotes.json?_shape=objects&_size=max"
    while url:
        [page] = fetch(big_archive, url)
        json_rows += len(page.json()["rows"])
        url = page.json().get("next_url")
        url = url[url.index("/archive/"):] if url else None
    assert json_rows == N


def test_a_filtered_or_searched_view_exports_what_the_page_shows(big_archive):
    for query in ("outlet=Outlet+1", "_search=" + quote("إسطنبول 7"), "_sort=fetched_at",
                  "_col=article_title&_col=quoted_text"):
        name = "embed_overview" if "_search" in query else "misquotes"
        page, as_csv = fetch(big_archive, f"/archive/{name}?{query}",
                             f"/archive/{name}.csv?{query}")
        records = csv_rows(as_csv)
        assert len(records) == page_count(page) > 0, query
        if query.startswith("_col"):
            assert set(records[0]) == {"article_title", "quoted_text"}
        if query.startswith("_sort"):
            stamps = [r["fetched_at"] for r in records]
            assert stamps == sorted(stamps)


@pytest.mark.parametrize("query, count_sql", [
    ("posts_by_handle?handle=bulkdesk", "SELECT count(*) FROM posts WHERE handle = 'BulkDesk'"),
    ("posts_on_date?date=2025-10-12", "SELECT count(*) FROM posts WHERE date = '2025-10-12'"),
    ("deleted_since_archived", "SELECT count(*) FROM posts WHERE status = 'unavailable'"),
])
def test_canned_queries_export_every_row(big_archive, query, count_sql):
    conn = sqlite3.connect(big_archive)
    [(expected,)] = conn.execute(count_sql).fetchall()
    conn.close()
    assert expected == N
    name, _, args = query.partition("?")
    sep = "&" if args else ""
    page, as_csv, default, objects, array, lines = fetch(
        big_archive, f"/archive/{query}", f"/archive/{name}.csv?{args}",
        f"/archive/{name}.json?{args}", f"/archive/{name}.json?{args}{sep}_shape=objects",
        f"/archive/{name}.json?{args}{sep}_shape=array",
        f"/archive/{name}.json?{args}{sep}_shape=array&_nl=on")
    assert "more than 1,000 rows" in page.text  # the page shows Datasette's first 1,000
    stated = re.search(r'<p class="archiver-total">([\d,]+) rows in all \(the table below shows'
                       r' the first 1,000\)', page.text)
    assert stated and int(stated.group(1).replace(",", "")) == expected  # and says how many
    assert len(csv_rows(as_csv)) == expected
    assert len(default.json()["rows"]) == expected and default.json()["truncated"] is False
    assert isinstance(default.json()["rows"][0], list) and "post_id" in default.json()["columns"]
    assert len(objects.json()["rows"]) == expected and "post_id" in objects.json()["rows"][0]
    assert len(array.json()) == expected
    assert len(lines.text.splitlines()) == expected


def test_csv_keeps_arabic_for_spreadsheets(big_archive):
    ours, view, canned = fetch(big_archive, "/misquotes.csv", "/archive/misquotes.csv",
                               "/archive/deleted_since_archived.csv")
    assert QUOTE.format(1) in {r["quoted_text"] for r in csv_rows(ours)}
    assert QUOTE.format(1) in {r["quoted_text"] for r in csv_rows(view)}
    assert {r["handle"] for r in csv_rows(canned)} == {"BulkDesk"}
    assert "مكتب الأخبار" in fetch(big_archive, "/archive/post_overview.csv")[0].content.decode(
        "utf-8-sig")
    for response in (ours, view, canned):
        assert response.headers["content-type"].startswith(("text/csv", "text/plain"))


def test_search_facets_counted_in_one_pass_agree_with_datasette(big_archive):
    """The view's facets with its search box on are counted together (one_pass); the same
    columns faceted by Datasette's own column facets (keyed name_2) agree. A plain
    ?_facet= naming a facet the view already has is shown once (the plugin drops it), so
    Datasette's own are asked for in their JSON form, which is kept as given."""
    [found] = fetch(big_archive, "/archive/embed_overview.json?_search=" + quote("إسطنبول")
                    + "".join("&_facet=" + quote(json.dumps({"simple": name}))
                              for name in ("outlet", "verdict", "handle")))
    facets = found.json()["facet_results"]
    assert found.json()["filtered_table_rows_count"] == N
    for name in ("outlet", "verdict", "handle"):
        ours = [(v["value"], v["count"], v["toggle_url"]) for v in facets[name]["results"]]
        datasette = [(v["value"], v["count"], v["toggle_url"])
                     for v in facets[f"{name}_2"]["results"]]
        assert ours == datasette and ours, name
    assert sum(v["count"] for v in facets["outlet"]["results"]) == N
    assert [(v["value"], v["count"]) for v in facets["verdict"]["results"]] == [("altered", N)]
    # to the page they are column facets, searched or not
    searched, unsearched = fetch(big_archive, "/archive/embed_overview?_search=" + quote("إسطنبول"),
                                 "/archive/embed_overview")
    for page in (searched, unsearched):
        assert "one_pass" not in page.text and '<strong>outlet\n' in page.text
    [plain] = fetch(big_archive, "/archive/embed_overview.json")
    assert {f["type"] for f in plain.json()["facet_results"].values()} == {"column"}


def test_exports_are_checked_like_the_pages(big_archive):
    """A view or canned query that the metadata allows to one reader only: its export
    answers 403 to anyone else, and every row to that reader (the view's statement asked
    of Datasette as them)."""
    from datasette.app import Datasette

    from archiver.paths import PLUGINS_DIR
    from archiver.serve import SETTINGS, metadata_for

    metadata = metadata_for(big_archive)
    database = metadata["databases"]["archive"]
    database["tables"]["misquotes"]["allow"] = {"id": "editor"}
    database["queries"]["deleted_since_archived"]["allow"] = {"id": "editor"}

    async def go():
        ds = Datasette([str(big_archive)], metadata=metadata, plugins_dir=str(PLUGINS_DIR),
                       settings=dict(SETTINGS))
        urls = ("/archive/misquotes.csv", "/archive/misquotes.json?_stream=on",
                "/archive/deleted_since_archived.csv", "/archive/deleted_since_archived.json")
        anonymous = [await ds.client.get(url) for url in urls]
        cookies = {"ds_actor": ds.sign({"a": {"id": "editor"}}, "actor")}
        editor = [await ds.client.get(url, cookies=cookies) for url in urls]
        return anonymous, editor

    anonymous, editor = asyncio.run(go())
    assert [r.status_code for r in anonymous] == [403, 403, 403, 403]
    assert [len(csv_rows(editor[0])), len(editor[1].json()["rows"]), len(csv_rows(editor[2])),
            len(editor[3].json()["rows"])] == [N, N, N, N]
