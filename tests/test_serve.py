"""Browsing with Datasette's own test client over an archive built by the pipeline."""

import asyncio
import json
from urllib.parse import quote

import pytest

from archiver.pipeline import Archiver, archive_sources
from archiver.resolve import Resolver
from archiver.serve import datasette_app, datasette_command, metadata_for
from archiver.store import open_archive
from archiver.verification import check_prose_quotes, verify_archive
from archiver.verify import MISQUOTES

from .conftest import SAMPLES, local_http

VOWELLED = ('<html><body><blockquote class="twitter-tweet"><p lang="ar">وَزَارَةُ الخَارِجِيَّةِ '
            'تُعْلِنُ عَنْ زِيَارَةٍ إلى إسطنبول</p>&mdash; وزارة (@mofa_sample) <a href="https://'
            'twitter.com/mofa_sample/status/1977000000000000001">October 12, 2025</a>'
            '</blockquote><blockquote class="twitter-tweet"><p lang="tr">İSTANBUL ZİYARETİ '
            'BAŞLADI</p>&mdash; Kent (@kent_sample) <a href="https://twitter.com/kent_sample/'
            'status/1977000000000000002">October 12, 2025</a></blockquote></body></html>')


def x_answer(post_id: str, text: str, lang: str, user_id: str, name: str, handle: str) -> str:
    """X's syndication answer for a text-only post (X-FORMATS §5.3)."""
    from archiver.ids import snowflake_datetime

    created = snowflake_datetime(post_id).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return json.dumps({
        "__typename": "Tweet", "id_str": post_id, "text": text, "lang": lang,
        "display_text_range": [0, len(text.encode("utf-16-le")) // 2],
        "created_at": created, "favorite_count": 3, "conversation_count": 0,
        "entities": {"hashtags": [], "urls": [], "user_mentions": [], "symbols": []},
        "user": {"id_str": user_id, "name": name, "screen_name": handle},
        "edit_control": {"edit_tweet_ids": [post_id], "editable_until_msecs": "0",
                         "is_edit_eligible": False, "edits_remaining": "5"},
        "isEdited": False, "isStaleEdit": False,
    }, ensure_ascii=False)


def reply_answer(post_id: str, text: str, to_post: str, *, user_id: str = "700000000000000009",
                 name: str = "Jane Holt", handle: str = "MayorHolt") -> str:
    """X's answer for a reply whose text opens with its addressee's "@handle ": X hides
    that mention from the text it shows (display_text_range) and names the post replied
    to."""
    addressee = text.split(" ", 1)[0]
    answer = json.loads(x_answer(post_id, text, "en", user_id, name, handle))
    answer["display_text_range"] = [len(addressee) + 1, len(text)]
    answer["in_reply_to_status_id_str"] = to_post
    answer["in_reply_to_screen_name"] = addressee.lstrip("@")
    return json.dumps(answer, ensure_ascii=False)


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory, sample_server):
    path = tmp_path_factory.mktemp("serve") / "archive.db"
    db = open_archive(path)
    sample_server.pages["vowelled.html"] = VOWELLED.encode()
    # X's own copies of the two posts: what the Posts view and its search show.
    sample_server.tweets["1977000000000000001"] = x_answer(
        "1977000000000000001", "وَزَارَةُ الخَارِجِيَّةِ تُعْلِنُ عَنْ زِيَارَةٍ إلى إسطنبول", "ar",
        "700000000000000001", "وزارة", "mofa_sample")
    sample_server.tweets["1977000000000000002"] = x_answer(
        "1977000000000000002", "İSTANBUL ZİYARETİ BAŞLADI", "tr", "700000000000000002", "Kent",
        "kent_sample")
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    try:
        list(archive_sources(archiver, [*sample_server.page_urls(),
                                        f"{sample_server.url}/news/vowelled.html",
                                        str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
    finally:
        sample_server.pages.clear()
        sample_server.tweets.clear()
    verify_archive(db, checked_at="2026-11-24T12:00:00Z")
    check_prose_quotes(db, checked_at="2026-11-24T12:00:00Z")
    db.conn.close()
    return path


def get(path, url):
    async def fetch():
        ds = datasette_app(path)
        return await ds.client.get(url)

    return asyncio.run(fetch())


def rows(path, url):
    response = get(path, url + ("&" if "?" in url else "?") + "_shape=objects")
    assert response.status_code == 200, response.text[:500]
    return response.json()["rows"]


def test_metadata_describes_every_table_and_column(archive_path):
    meta = metadata_for(archive_path)["databases"]["archive"]["tables"]
    db = open_archive(archive_path)
    tables = [t for t in db.table_names() if "_fts" not in t and not t.startswith("_")]
    every = tables + db.view_names()
    assert [t for t in every if not meta.get(t, {}).get("description")] == []
    undescribed = [f"{t}.{c}" for t in every for c in db[t].columns_dict
                   if not meta[t].get("columns", {}).get(c)]
    assert undescribed == []


def test_every_canned_query_answers(archive_path):
    # the plain-text copy matched to the post is that post, as `archiver posts` says
    for typed in ("HAKANFIDAN", "hakanfidan", "@HakanFidan", " @hakanfidan "):
        assert [(r["post_id"], r["articles"]) for r in rows(
            archive_path, f"/archive/posts_by_handle.json?handle={quote(typed)}")] == [
            ("1977411517674615015", 3)], typed
    on_day = rows(archive_path, "/archive/posts_on_date.json?date=2025-10-12")
    assert sorted(r["handle"] for r in on_day) == sorted(
        ["HakanFidan", "Murhaf_abuqasra", "syrianmofaex"])  # each once, under X's id
    misquotes = rows(archive_path, "/archive/misquotes.json")
    # A misquote is altered, author_mismatch or date_mismatch; a faithful quote of a deleted
    # post is not one.
    assert {m["verdict"] for m in misquotes} <= set(MISQUOTES)
    assert "1898792145515446306" not in {m["post_id"] for m in misquotes}
    deleted = rows(archive_path, "/archive/deleted_since_archived.json")
    assert ("1898792145515446306", "deleted") in {(d["post_id"], d["reason"]) for d in deleted}
    history = rows(archive_path, "/archive/post_history.json?post_id=1898792145515446306")
    assert [h["kind"] for h in history].count("answer") == 2
    assert any(h["kind"] == "status" and h["what"] == "unavailable" for h in history)
    assert get(archive_path, "/archive/last_runs.json").status_code == 200
    article = [r["url"] for r in rows(archive_path, "/archive/article_overview.json")
               if r["url"].endswith("shafaq-turkiye-syria-ankara-talks.html")][0]
    embeds = rows(archive_path, f"/archive/article_embeds.json?article_url={quote(article)}")
    assert [(e["handle"], e["verdict"]) for e in embeds] == [
        ("syrianmofaex", "truncated"), ("Murhaf_abuqasra", "truncated"), ("HakanFidan", "truncated")]


@pytest.mark.parametrize("typed", ["وزارة", "الخارجية", "زيارة", "تعلن"])
def test_search_box_finds_vowelled_arabic_typed_without_harakat(archive_path, typed):
    # Datasette hands the box's text to FTS untouched: the index holds a copy without
    # harakat and tatweel, so the plain word finds وَزَارَةُ, الخَارِجِيَّةِ, زِيَارَةٍ.
    found = rows(archive_path, f"/archive/post_overview.json?_search={quote(typed)}")
    assert "1977000000000000001" in [f["post_id"] for f in found]


@pytest.mark.parametrize("typed", ["وزاره", "الخارجيه", "istanbul", "İSTANBUL", "ziyareti",
                                   "SURİYE"])
def test_canned_search_folds_what_is_typed(archive_path, typed):
    found = rows(archive_path, f"/archive/search.json?q={quote(typed)}")
    assert found, typed


def test_facets(archive_path):
    response = get(archive_path, "/archive/embed_overview.json?_facet=verdict&_facet=outlet")
    facets = response.json()["facet_results"]
    verdicts = {v["value"]: v["count"] for v in facets["verdict"]["results"]}
    assert verdicts["truncated"] >= 3 and verdicts["match"] >= 5
    assert "Shafaq News" in {v["value"] for v in facets["outlet"]["results"]}


def test_post_overview_shows_the_first_image_as_a_thumbnail_linking_to_its_page(archive_path):
    response = get(archive_path, "/archive/post_overview?post_id=1898297687405494289")
    assert response.status_code == 200
    [sha256] = [r["image"] for r in rows(archive_path,
                                         "/archive/post_overview.json?post_id=1898297687405494289")]
    assert f'<a href="/image/{sha256}" class="thumb"><img src="/image/{sha256}/thumbnail"' \
        in response.text


def test_serve_command_is_read_only_on_loopback(archive_path):
    command, metadata = datasette_command(archive_path)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert "--immutable" not in command
    assert json.loads(metadata.read_text())["databases"]["archive"]["queries"]["search"]
    write = get(archive_path, "/archive.json?sql=" + quote("delete from runs"))
    assert write.status_code == 400 and "SELECT" in write.text.upper()


def test_every_table_has_a_title(archive_path):
    meta = metadata_for(archive_path)["databases"]["archive"]["tables"]
    db = open_archive(archive_path)
    names = [t for t in db.table_names() + db.view_names()
             if "_fts" not in t and not t.startswith("_")]
    assert [t for t in names if not meta[t].get("title")] == []


@pytest.fixture
def no_datasette(monkeypatch):
    """`serve` never becomes Datasette here: what it says before is the test."""
    import os

    def started(*_args):
        raise SystemExit(99)

    monkeypatch.setattr(os, "execv", started)


@pytest.mark.parametrize("port", ["0", "99999", "-1"])
def test_a_port_out_of_range_is_bad_usage_in_one_line(archive_path, port, no_datasette):
    from click.testing import CliRunner

    from archiver.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--port", port, "--db", str(archive_path)])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (f"archiver: Invalid value for '-p' / '--port': {port} is not in "
                             "the range 1<=x<=65535 (see archiver serve --help)\n")


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_port_in_use_is_said_before_serving(archive_path, host, no_datasette):
    import socket

    from click.testing import CliRunner

    from archiver.cli import cli

    with socket.socket() as holder:  # another server, listening there
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--host", host,
                                          "--db", str(archive_path)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"archiver: port {port} on {host} is in use\n"


def test_an_archive_file_is_served_under_its_own_name_as_the_readme_says(archive_path,
                                                                          tmp_path):
    """The README's /archive/… paths are the default file's: rich.db is served at /rich/…,
    and the README says so where it first gives such a path."""
    import shutil
    from pathlib import Path

    rich = tmp_path / "rich.db"
    shutil.copyfile(archive_path, rich)
    handle = quote("@HakanFidan")
    assert get(rich, f"/rich/posts_by_handle.json?handle={handle}").status_code == 200
    assert get(rich, f"/archive/posts_by_handle.json?handle={handle}").status_code == 404
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(
        encoding="utf-8").split())
    first = readme.index("`/archive/")
    said = readme[first:first + 400]
    assert "archive.db" in said and "`/rich/…`" in said, said
