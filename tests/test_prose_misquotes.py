"""A quote in an article's own prose that the author's archived post says differently
(quote_claims 'altered', archiver.quotes) is a misquote: counted and listed wherever
misquotes are (home, /misquotes and its exports, /articles, the article page and its
report, the post page, search, `archiver verify`), said as a quote in the article's prose,
the web and the CLI agreeing.

The archive is built by the real pipeline from pages on the loopback sample server; each
prose quote's check is the pipeline's own (check_prose_quotes), never a row made up."""

import csv
import html
import io
import json
import re
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.pipeline import archive_sources
from archiver.store import open_archive

from .conftest import archiver_for
from .prose_pages import PAGES, POST, QUOTE
from .test_browse import fetch, get, sql
from .test_browse import text_of as tags_dropped


def text_of(markup: str) -> str:
    """The page's text: tags dropped, entities read, no space before a ; or a ."""
    return re.sub(r" ([;.])", r"\1", html.unescape(tags_dropped(markup)))


@pytest.fixture(scope="module")
def archive(tmp_path_factory, sample_server):
    path = tmp_path_factory.mktemp("prose") / "archive.db"
    db = open_archive(path)
    sample_server.pages.update(PAGES)
    try:
        urls = [f"{sample_server.url}/news/{name}" for name in PAGES]
        for report in archive_sources(archiver_for(db, sample_server), urls, workers=1):
            assert report.error is None
    finally:
        sample_server.pages.clear()
    db.conn.close()
    return path


def ids(path):
    """{page name: article id}, and the newest check of the altered prose quote of each."""
    articles = {name: sql(path, "SELECT id FROM articles WHERE url LIKE ?", f"%/{name}")[0][0]
                for name in PAGES}
    claims = {name: sql(path, "SELECT max(id) FROM quote_claims WHERE article_id = ?"
                              " AND result = 'altered'", articles[name])[0][0]
              for name in PAGES}
    return articles, claims


def test_the_pipeline_judged_the_prose_quotes_altered(archive):
    rows = sql(archive, "SELECT a.url, q.result, q.quote, q.post_id FROM quote_claims q"
                        " JOIN articles a ON a.id = q.article_id ORDER BY q.id")
    assert [(url.rsplit("/", 1)[1], r, q, p) for url, r, q, p in rows] == [
        ("tide-prose.html", "altered", QUOTE, POST), ("tide-both.html", "altered", QUOTE, POST)]
    assert sorted(sql(archive, "SELECT verdict FROM verifications")) == [
        ("altered",), ("match",), ("match",)]


def test_home_and_misquotes_list_count_the_prose_misquotes(archive):
    articles, claims = ids(archive)
    home = text_of(get(archive, "/").text)
    assert "3 quotes in 2 articles change a post's words" in home
    assert "2 of them are quotes in an article's own prose, the rest embeds." in home
    listed = get(archive, "/misquotes").text
    for name in ("tide-prose.html", "tide-both.html"):
        assert f'href="/article/{articles[name]}#prose-quote-{claims[name]}"' in listed
    assert listed.count("a quote in the article's own prose, not an embed") == 2
    assert listed.count('<tr class="prose-misquote">') == 2
    assert f"/article/{articles['tide-faithful.html']}" not in listed
    # the view, the list's JSON and CSV: the same three rows, each kind said
    view = get(archive, "/archive/misquotes.json?_shape=array").json()
    as_json = get(archive, "/misquotes.json").json()
    as_csv = list(csv.DictReader(io.StringIO(
        get(archive, "/misquotes.csv").content.decode("utf-8-sig"))))
    for found in (view, as_json, as_csv):
        assert sorted((r["kind"], str(r["article_id"]), r["quoted_text"]) for r in found) == sorted([
            ("prose", str(articles["tide-prose.html"]), QUOTE),
            ("prose", str(articles["tide-both.html"]), QUOTE),
            ("embed", str(articles["tide-both.html"]),
             "Two views of the harbour this morning: the tide came in quickly. "
             "pic.twitter.com/Hb7sQ2mXpL")]) or found
    assert {str(r["quote_claim_id"]) for r in as_json if r["kind"] == "prose"} == {
        str(claims["tide-prose.html"]), str(claims["tide-both.html"])}


def test_articles_list_and_article_pages_count_both_kinds_apart(archive):
    articles, claims = ids(archive)
    rows = {r["article_id"]: r for r in get(archive, "/articles.json").json()}
    view = {r["article_id"]: r for r in get(
        archive, "/archive/article_overview.json?_shape=array").json()}
    for name, total, prose in (("tide-prose.html", 1, 1), ("tide-both.html", 2, 1),
                               ("tide-faithful.html", 0, 0)):
        for found in (rows, view):
            assert (found[articles[name]]["misquotes"],
                    found[articles[name]]["prose_misquotes"]) == (total, prose), name
    listed = get(archive, "/articles").text
    assert "<strong class=\"bad\">1</strong><br><span class=\"small\">in the prose</span>" in listed
    assert "<strong class=\"bad\">2</strong><br><span class=\"small\">1 in the prose</span>" in listed
    said = {"tide-prose.html": "1 post shown; 1 misquote (in the article's prose);",
            "tide-both.html": "1 post shown; 2 misquotes (1 in the article's prose);",
            "tide-faithful.html": "1 post shown; no misquote."}
    for name, words in said.items():
        assert words in text_of(get(archive, f"/article/{articles[name]}").text), name
    as_json = get(archive, f"/article/{articles['tide-both.html']}.json").json()
    assert (as_json["misquotes"], as_json["prose_misquotes"]) == (2, 1)


def test_the_evidence_report_says_the_prose_misquote(archive, tmp_path):
    for name, words in (("tide-prose.html", "1 misquote (in the article's prose)"),
                        ("tide-both.html", "2 misquotes (1 in the article's prose)")):
        [(url,)] = sql(archive, "SELECT url FROM articles WHERE url LIKE ?", f"%/{name}")
        out = tmp_path / f"{name}.report.html"
        result = CliRunner().invoke(cli, ["report", url, "-o", str(out), "--db", str(archive)])
        assert result.exit_code == 0, result.output
        assert words in text_of(out.read_text(encoding="utf-8")), name
        served = get(archive, f"/article/{ids(archive)[0][name]}/report").text
        assert words in text_of(served), name


def test_the_post_page_lists_the_articles_whose_prose_misquotes_it(archive):
    articles, claims = ids(archive)
    page = get(archive, f"/post/{POST}").text
    section = page.split('<h3 id="prose-misquotes">')[1].split("</table>")[0]
    for name in ("tide-prose.html", "tide-both.html"):
        assert f'href="/article/{articles[name]}#prose-quote-{claims[name]}"' in section
    assert f"/article/{articles['tide-faithful.html']}" not in section
    assert section.count("in the article's prose") == 2
    assert "<mark>two views of the harbour this morning: the tide came in slowly</mark>" in section
    # the faithful embed of an article whose prose misquotes the post says so beside it
    assert page.count("its own prose misquotes the post") == 2
    [row] = [r for r in get(archive, "/archive/post_overview.json?_shape=array").json()
             if r["post_id"] == POST]
    assert (row["articles"], row["misquoted_in"]) == (3, 2)


def test_search_finds_the_changed_word_in_the_prose_quotes(archive):
    articles, claims = ids(archive)
    found = get(archive, "/search?q=slowly").text
    prose = found.split("Quotes in articles' own prose (2)")[1]
    for name in ("tide-prose.html", "tide-both.html"):
        assert f'href="/article/{articles[name]}#prose-quote-{claims[name]}"' in prose
    assert prose.count("a misquote in the article's prose") == 2
    exported = get(archive, "/search.json?q=SLOWLY").json()
    assert sorted((r["type"], r["article_id"], r["verdict"]) for r in exported) == sorted(
        ("prose_quote", articles[name], "altered") for name in ("tide-prose.html", "tide-both.html"))
    assert "own prose" not in get(archive, "/search?q=quickly").text


def test_web_and_cli_count_and_list_the_same_misquotes(archive):
    """`archiver verify` is the CLI's account of the misquotes: its JSON rows and its
    summary line say what the home page, /misquotes and /articles say."""
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    cli_misquotes = sorted(
        [("embed", r["article_url"]) for r in rows
         if r["type"] == "embed" and r["verdict"] in ("altered", "author_mismatch", "date_mismatch")]
        + [("prose", r["article_url"]) for r in rows
           if r["type"] == "prose_quote" and r["result"] == "altered"])
    web = get(archive, "/misquotes.json").json()
    assert sorted((r["kind"], r["article_url"]) for r in web) == cli_misquotes
    per_article = {}
    for kind, url in cli_misquotes:
        per_article.setdefault(url, [0, 0])[0] += 1
        per_article[url][1] += kind == "prose"
    assert {r["url"]: [r["misquotes"], r["prose_misquotes"]]
            for r in get(archive, "/articles.json").json() if r["misquotes"]} == per_article
    table = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert table.exit_code == 0, table.output
    summary = table.output.splitlines()[-2]
    assert summary == ("verified 3 embeds: 1 altered, 2 match; 2 quotes in articles' prose: "
                       "2 altered; 3 misquotes (2 in articles' prose)")
    home = text_of(get(archive, "/").text)
    total = re.search(r"(\d+) quotes in \d+ articles change", home).group(1)
    prose = re.search(r"(\d+) of them are quotes in an article's own prose", home).group(1)
    assert f"; {total} misquotes ({prose} in articles' prose)" in summary
    # one article: said of that article's prose, in the same words as its page
    [(url,)] = sql(archive, "SELECT url FROM articles WHERE url LIKE '%/tide-both.html'")
    one = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--article", url])
    assert one.output.splitlines()[-2].endswith("; 2 misquotes (1 in the article's prose)")
    assert "2 misquotes (1 in the article's prose)" in text_of(
        get(archive, f"/article/{ids(archive)[0]['tide-both.html']}").text)
    # the newest check counts: the same results again, nothing counted twice
    assert len(get(archive, "/misquotes.json").json()) == 3


def test_only_the_newest_check_of_the_newest_copy_counts(archive):
    """Every verify appends a check; the views read the newest of each prose quote for
    the article's newest copy checked, as the article page does."""
    [(checks,)] = sql(archive, "SELECT count(*) FROM quote_claims")
    assert checks >= 2
    [(listed,)] = sql(archive, "SELECT count(*) FROM misquotes WHERE kind = 'prose'")
    assert listed == 2
    page = get(archive, f"/article/{ids(archive)[0]['tide-prose.html']}").text
    assert page.count('class="claim claim-altered"') == 1


def test_fetch_gives_every_page_in_one_app(archive):
    # the pages above answer together (one Datasette): no page errs on the new columns
    responses = fetch(archive, "/", "/misquotes", "/articles", f"/post/{POST}",
                      "/search?q=" + quote("tide"), "/archive/misquotes", "/archive/post_overview",
                      "/archive/article_overview")
    assert [r.status_code for r in responses] == [200] * len(responses)


@pytest.mark.parametrize("quoted, result", [
    ("@dock_worker_77 Yes, the ferry will run on Saturday as planned.", "found"),
    ("Yes, the ferry will run on Saturday as planned.", "found"),
    ("@harbour_cafe Yes, the ferry will run on Saturday as planned.", "altered"),
])
def test_a_prose_quote_of_a_reply_may_keep_its_addressees(quoted, result, db, server):
    """X shows a reply after the @mentions of those it answers, and hides them from its
    text (display_text_range): a prose quote that keeps them, as X's page shows them, is
    the reply's words; another account put there is not."""
    from archiver.verification import check_prose_quotes

    from .conftest import archiver_for
    from .test_serve import reply_answer

    reply_id = "1977400000000000001"
    text = "@dock_worker_77 Yes, the ferry will run on Saturday as planned."
    server.tweets[reply_id] = reply_answer(reply_id, text, "1977300000000000001")
    page = (f'<html lang="en"><body><p>Holt replied on X: “{quoted}”</p>'
            f'<blockquote class="twitter-tweet"><p lang="en">{text[16:]}</p>&mdash; Jane Holt'
            f' (@MayorHolt) <a href="https://twitter.com/MayorHolt/status/{reply_id}">'
            'October 13, 2025</a></blockquote></body></html>').encode()
    server.pages["reply.html"] = page
    url = f"{server.url}/news/reply.html"
    [report] = archive_sources(archiver_for(db, server), [url], workers=1)
    assert report.error is None
    claims = check_prose_quotes(db, article_url=url, checked_at="2026-11-30T00:00:00Z",
                                record=False)
    assert [c["result"] for c in claims] == [result], claims
