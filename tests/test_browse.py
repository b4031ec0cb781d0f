"""The fact-checker's view (archiver.browse) through Datasette's own test client, over the
bundled samples archived by the real pipeline: Arabic, Turkish and English misquotes, a
misattributed and a misdated quote, a deleted post."""

import asyncio
import csv
import html as html_module
import io
import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.pipeline import Archiver, archive_sources
from archiver.resolve import Resolver
from archiver.serve import datasette_app
from archiver.store import NOT_A_MATCHED_COPY, find_posts, finish_run, open_archive, start_run

from .conftest import SAMPLES, local_http

ARABIC_DESK = "arabic-desk-ankara-meeting.html"
COAST_WEEKLY = "coast-weekly-harbour-recap.html"
DELETED = "1898792145515446306"
PHOTOS = "1898297687405494289"
#: A page whose publisher markup tries to run script: it must arrive as text.
HOSTILE = ('<html><head><title>&lt;script&gt;alert("title")&lt;/script&gt; Hostile</title></head>'
           '<body><blockquote class="twitter-tweet"><p lang="en">&lt;img src=x onerror='
           'alert(1)&gt; The harbour road is closed</p>&mdash; Desk (@SampleNewsDesk) <a href='
           '"https://twitter.com/SampleNewsDesk/status/1898792145515446306">March 9, 2025</a>'
           '</blockquote><script>alert("page")</script></body></html>')


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory, sample_server):
    """The bundled samples (and one hostile page) archived and verified by the pipeline."""
    return build_archive(tmp_path_factory.mktemp("browse") / "archive.db", sample_server)


def build_archive(path, sample_server):
    """archive_path's archive, built at `path`."""
    db = open_archive(path)
    sample_server.pages["hostile.html"] = HOSTILE.encode()
    http = local_http(retries=0)
    archiver = Archiver(db, http, Resolver(http, syndication_url=f"{sample_server.url}/x",
                                           oembed_url=f"{sample_server.url}/x"))
    run_id = start_run(db, "2000-01-01T00:00:00Z", 1)  # a run around it: answers link to it
    try:
        list(archive_sources(archiver, [*sample_server.page_urls(),
                                        f"{sample_server.url}/news/hostile.html",
                                        str(SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt")]))
    finally:
        sample_server.pages.clear()
    finish_run(db, run_id, finished_at="2999-01-01T00:00:00Z", exit_status=0,
               stopped_reason="completed")
    db.conn.close()
    return path


def fetch(path, *urls):
    async def go():
        ds = datasette_app(path)
        return [await ds.client.get(url) for url in urls]

    return asyncio.run(go())


def get(path, url):
    return fetch(path, url)[0]


def sql(path, query, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def article_id(path, page_name):
    [(found,)] = sql(path, "SELECT id FROM articles WHERE url LIKE ?", f"%/{page_name}")
    return found


def text_of(html):
    """The page's text, tags dropped (entities kept as written)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- home and lists ---------------------------------------------------------------------------


def test_home_states_each_count_in_a_sentence(archive_path):
    page = get(archive_path, "/")
    assert page.status_code == 200
    words = text_of(page.text)
    [(misquotes,)] = sql(archive_path, "SELECT count(*) FROM misquotes")
    [(articles,)] = sql(archive_path, "SELECT count(*) FROM articles")
    # a copy without id that verification matched to a post is that post, not one more
    [(posts,)] = sql(archive_path, f"SELECT count(*) FROM posts p WHERE {NOT_A_MATCHED_COPY}")
    assert posts == 12
    assert misquotes == 5  # Arabic, Turkish and English altered, an author, a date
    assert f"{misquotes} quotes in 2 articles change a post's words" in words
    assert "1 quoted post X no longer serves" in words
    assert f"{articles} articles from" in words and f"{posts} posts," in words
    [(embeds,)] = sql(archive_path, "SELECT count(*) FROM embeds")
    assert f"and the articles' words in {embeds} quotes" in words
    for href in ("/misquotes", "/unavailable", "/articles", "/posts", "/search", "/archive"):
        assert f'href="{href}"' in page.text or f'action="{href}"' in page.text


def test_misquotes_list_newest_first_each_linking_to_its_place(archive_path):
    page = get(archive_path, "/misquotes").text
    places = re.findall(r'href="/article/(\d+)#embed-(\d+)"', page)
    assert len(places) == 5
    for article, embed in places:
        assert sql(archive_path, "SELECT article_id FROM embeds WHERE id = ?",
                   int(embed)) == [(int(article),)]
    # what changed, in words: X's word struck through, the article's underlined
    assert '<del dir="auto">fast</del> → <ins dir="auto">slowly</ins>' in page
    assert '<del dir="auto">yakın</del> → <ins dir="auto">sınırlı</ins>' in page
    assert '<del dir="auto">أنقرة</del> → <ins dir="auto">إسطنبول</ins>' in page
    fetched = re.findall(r'<td data-label="fetched"><time>([^<]+)</time></td>', page)
    assert fetched == sorted(fetched, reverse=True)
    # a faithful quote of a deleted post, a cut quote, a quote without text: not misquotes
    assert f"/post/{DELETED}" not in page


def test_unavailable_list_names_the_deleted_post_and_what_was_kept(archive_path):
    page = get(archive_path, "/unavailable").text
    assert ">found gone on</th>" in page and ">since</th>" not in page
    assert f'href="/post/{DELETED}"' in page and ">deleted<" in page
    assert "as an article quotes it: X's own copy was never archived" in page


@pytest.mark.parametrize("name", ["misquotes", "unavailable", "articles", "posts"])
def test_each_list_exports_every_row_as_csv_and_json(archive_path, name):
    page, as_csv, as_json = fetch(archive_path, f"/{name}", f"/{name}.csv", f"/{name}.json")
    total = int(re.search(r"([\d,]+) rows?", page.text).group(1).replace(",", ""))
    assert as_csv.content.startswith("\ufeff".encode())  # spreadsheets read it as UTF-8
    records = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(records) == len(as_json.json()) == total > 0
    assert as_csv.headers["content-type"].startswith("text/csv")


def test_list_pages_beyond_the_last_are_404(archive_path):
    assert get(archive_path, "/posts?page=99").status_code == 404
    # a page number beyond SQLite's integers, or whose offset would be: 404, not a 500
    for page in ("99999999999999999999999", str(2**63 - 1), str(2**62)):
        for name in ("posts", "articles", "misquotes", "unavailable"):
            assert get(archive_path, f"/{name}?page={page}").status_code == 404, (name, page)


#: An id no SQLite integer holds (SQLite's are signed 64-bit).
HUGE = "99999999999999999999999"


def test_every_route_with_an_integer_id_answers_a_huge_one_with_404(archive_path):
    """Each route whose path holds an integer id (every one of the plugin's routes, read
    from its patterns) answers an id beyond SQLite's integers as it answers an unknown
    one: a 404, never "Python int too large to convert to SQLite INTEGER"."""
    from archiver.browse.views import routes

    urls = []
    for pattern, _handler in routes():
        if r"\d+)" not in pattern:
            continue
        url = re.sub(r"\(\?P<[a-z_]+>\\d\+\)", HUGE, pattern)  # the integer ids
        url = re.sub(r"\(\?P<kind>([a-z_|]+)\)", lambda m: m.group(1).split("|")[0], url)
        url = re.sub(r"\(\?P<post_id>[^)]*\)", HUGE, url)
        url = re.sub(r"\(\?:.*\)\?$", "", url.strip("^$"))  # the optional ending left out
        assert "(" not in url and "\\" not in url, (pattern, url)
        urls.append(url)
        if "kind>" in pattern:  # every kind of raw bytes
            kinds = re.search(r"\(\?P<kind>([a-z_|]+)\)", pattern).group(1).split("|")
            urls += [url.replace(f"/{kinds[0]}/", f"/{kind}/") for kind in kinds[1:]]
    assert {"/article/" + HUGE, f"/article/{HUGE}/report", "/verification/" + HUGE,
            "/version/" + HUGE, "/raw/fetch/" + HUGE, "/embed/" + HUGE, "/check/" + HUGE,
            "/run/" + HUGE, "/raw/version/" + HUGE} <= set(urls), urls
    urls += [f"/article/{HUGE}.json", f"/post/{HUGE}.json", "/post/" + HUGE,
             f"/article/{2**63}", f"/article/-{2**63 + 1}"]
    for url, response in zip(urls, fetch(archive_path, *urls)):
        assert response.status_code == 404, (url, response.status_code, response.text[:200])


# --- the article page ------------------------------------------------------------------------


def test_article_page_sets_each_quote_beside_x_and_marks_the_difference(archive_path):
    page = get(archive_path, f"/article/{article_id(archive_path, ARABIC_DESK)}").text
    # each embed in document order: the ministry, the Turkish minister, the defence minister
    sections = re.findall(r'<section class="embed verdict-(\w+)[^"]*" id="embed-(\d+)"', page)
    assert [v for v, _ in sections] == ["altered", "altered", "date_mismatch"]
    positions = [json.loads(sql(archive_path, "SELECT positions FROM embeds WHERE id = ?",
                                int(e))[0][0])[0] for _, e in sections]
    assert positions == sorted(positions)
    # Arabic: X's word struck through, the article's underlined, laid out right-to-left
    assert "<del title=\"X's words, which the article does not show\">أنقرة</del>" in page
    assert "<ins title=\"The article's words, which X's post does not have\">إسطنبول</ins>" in page
    assert '<p class="diff" dir="auto" lang="ar">' in page
    # Turkish
    assert ">yakın</del><ins" in page and ">sınırlı</ins>" in page
    # the verdict in words with its reason; the date finding names what X says
    assert "Misquoted" in page and "differs from the post beyond rendering" in page
    assert re.search(r"shown as <bdi dir=\"auto\">October 21, 2025</bdi> \(2025-10-21\);\s+posted <time>"
                     r"2025-10-12T", page)
    assert "a different day" in page
    # status and since when; thumbnails link to the image pages
    # when the archive found it there: not the post's own date
    assert re.search(r"On X</span> — the archive has found it there since <time>[^<]+</time>;"
                     r" last asked <time>", page)
    assert "On X</span> since" not in page
    assert re.search(r'<a href="/image/[0-9a-f]{64}/original" class="thumb" title="the original">'
                     r'<img src="/image/[0-9a-f]{64}/thumbnail"', page)
    # hashes and times of the copy the posts are from
    [(body_sha256,)] = sql(archive_path, "SELECT body_sha256 FROM article_fetches WHERE"
                           " article_id = ?", article_id(archive_path, ARABIC_DESK))
    assert body_sha256 in page


def test_article_page_names_the_real_author_and_the_deleted_post(archive_path):
    page = get(archive_path, f"/article/{article_id(archive_path, COAST_WEEKLY)}").text
    words = text_of(page)
    assert "Wrong author" in page
    assert "X says مريم المطيري @mariamtalentt" in words and "a different author" in words
    assert "<del title=\"X's words, which the article does not show\">fast</del>" in page
    # the day the archive found it deleted, not a day it was deleted on
    assert re.search(r"No longer on X: deleted</span> — found deleted on <time>[^<]+</time>", page)
    assert "</span> since" not in page
    assert "X no longer serves the post, and nothing of it was archived before." in page


def test_an_embed_without_author_or_text_is_said_with_x_s_author_and_x_capital(archive_path):
    # The AMP embed shows no handle and no text: X names its author, the page says whose
    # name that is, and "X" stays upper-case in every sentence made from the words.
    page = get(archive_path, f"/article/{article_id(archive_path, 'superconductor-amp.html')}").text
    headings = [text_of(h).strip() for h in re.findall(r"<h2>.*?</h2>", page, flags=re.S)]
    assert "@?" not in page and not [h for h in headings if "A post" in h], headings
    words = html_module.unescape(text_of(page))
    assert "The quote cannot be compared with X's copy" in words
    assert "x's" not in words
    assert "@jarredsumner (X's author: the article shows none)" in words
    assert re.search(r"\d\. @jarredsumner \(X's\) —", words)
    assert re.search(r"shown as —; X says [^;@]*@jarredsumner", words)


def visible(html):
    """The words a reader sees: tags, attributes (tooltips), the folded "As recorded"
    evidence and the hash lines under X's copies left out."""
    html = re.sub(r'<details class="recorded".*?</details>|<p class="hashline">.*?</p>', " ", html,
                  flags=re.S)
    words = re.sub(r"https?://\S+", " ", html_module.unescape(text_of(html)))  # a URL is a URL
    return re.sub(r" ([:;,.)])", r"\1", words)


#: The archive's own terms, which the pages put in words (they stay in tooltips and in
#: each verdict's "As recorded" fold).
JARGON = re.compile(r"beyond rendering|rules v\d|verification \d|syndication|oembed|X user \d|"
                    r"unidentified|text:[0-9a-f]{16}|\b(?:match|truncated|altered|unverifiable|"
                    r"author_mismatch|date_mismatch|source_truncated)\b\s?:|from copy \d")


@pytest.mark.parametrize("page_name", [ARABIC_DESK, COAST_WEEKLY,
                                       "shafaq-turkiye-syria-ankara-talks.txt"])
def test_article_page_says_its_findings_in_plain_words(archive_path, page_name):
    """No verifier's vocabulary in what a fact-checker reads: "beyond rendering", "rules
    v2", "verification 18", "syndication", raw finding names beside the badges, a copy's
    row id. The recorded terms stay one click away, as the evidence."""
    page = get(archive_path, f"/article/{article_id(archive_path, page_name)}").text
    assert not JARGON.search(visible(page)), JARGON.search(visible(page))
    assert "the posts below are from the copy fetched <time>" in page
    folds = re.findall(r'<details class="recorded">.*?</details>', page, flags=re.S)
    assert folds and all("under verification rules version" in f for f in folds)
    if page_name == COAST_WEEKLY:
        words = visible(page)
        assert ("The article's words differ from the post's: 1 change in the wording; the texts"
                " are 93.5% alike") in words
        assert "differs from the post beyond rendering (similarity 93.5, 1 change)" in "".join(folds)
        # the misattributed quote: its words are faithful, said as such, not "match: …"
        assert "Wrong author" in words and "Quoted faithfully: word for word the post's text" in words
        assert "<code>match</code>: the quote is the post's text" in html_module.unescape("".join(folds))
        assert "X&#39;s copy, fetched <time>" in page and 'title="version ' in page


def test_post_and_list_pages_say_ids_sources_and_statuses_in_plain_words(archive_path):
    [(text_post,)] = sql(archive_path, "SELECT min(id) FROM posts WHERE id LIKE 'text:%'")
    for url in (f"/post/{PHOTOS}", f"/post/{DELETED}", f"/post/{text_post}",
                "/posts", "/misquotes", "/search?q=harbour", "/unavailable"):
        page = get(archive_path, url).text
        assert not JARGON.search(visible(page)), (url, JARGON.search(visible(page)))
    photos = get(archive_path, f"/post/{PHOTOS}").text
    assert "X's number for the account:" in photos and "X user" not in photos
    assert "<strong>X&#39;s copy</strong>, fetched" in photos
    assert "the first time X was asked" in photos and "was unchecked" not in visible(photos)
    known_from_text = get(archive_path, f"/post/{text_post}").text
    assert "A post known only from an article's text (no id shown)" in known_from_text
    assert f'title="archive key {text_post}"' in known_from_text  # the key, on hover
    assert "so X was not asked" in known_from_text
    # a post known only from its text, listed apart when verification matched it to no
    # post of X: no id, said so (its archive key on hover)
    posts = get(archive_path, "/posts").text
    for key in re.findall(r'href="/post/(text:[0-9a-f]+)"', posts):
        assert f'title="{key}">(no id shown)</a>' in posts
    from archiver.browse.words import STATUS_WORDS, post_name

    assert post_name(text_post) == "(no id shown)" and post_name(PHOTOS) == PHOTOS
    assert STATUS_WORDS["unidentified"] == "known only from an article's text: X not asked"


def test_plain_words_keep_what_each_detail_says():
    from archiver.browse.words import plain_detail

    assert plain_detail("altered", "differs from the post beyond rendering (similarity 98.4, "
                                   "2 changes)") == ("2 changes in the wording; the texts are "
                                                     "98.4% alike (layout, links and quotation "
                                                     "marks aside)")
    assert plain_detail("unavailable", "X no longer serves it (deleted; found so on "
                                       "2026-01-02T00:00:00Z)") == (
        "deleted (the archive found it so on 2026-01-02T00:00:00Z)")
    assert plain_detail("unavailable", "X no longer serves it (suspended) since 2026-01-02") == (
        "account suspended (the archive found it so on 2026-01-02)")  # an older verdict
    assert plain_detail("truncated", "a faithful prefix, cut with an ellipsis: 40 of 90 "
                                     "characters") == ("the post's opening words, unchanged, "
                                                       "ending in “…”: 40 of its 90 characters")
    assert plain_detail("truncated", "a faithful excerpt, cut with an ellipsis at both ends: "
                                     "40 of 90 characters") == (
        "words from inside the post, unchanged, opening and ending with “…”: 40 of its 90 "
        "characters")
    assert plain_detail("truncated", "cut with an ellipsis at its start, about 48 characters "
                                     "into the post") == (
        "opens with “…”, leaving out the post's first 48 characters or so")
    assert plain_detail("author_mismatch", "shown as @a, the post is by @b") == (
        "shown as @a, the post is by @b")  # already plain
    assert plain_detail("altered", "something a newer verifier says") == (
        "something a newer verifier says")


def test_article_json_has_the_same_comparison(archive_path):
    found = get(archive_path, f"/article/{article_id(archive_path, ARABIC_DESK)}.json").json()
    assert [e["check"]["verdict"] for e in found["embeds"]] == [
        "altered", "altered", "date_mismatch"]
    segments = found["embeds"][0]["diff"]["segments"]
    assert ["post", "أنقرة"] in segments and ["quote", "إسطنبول"] in segments


def test_publisher_markup_is_never_live(archive_path):
    hostile = article_id(archive_path, "hostile.html")
    page = get(archive_path, f"/article/{hostile}")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<script" not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page.text
    [(fetch_id,)] = sql(archive_path, "SELECT id FROM article_fetches WHERE article_id = ?", hostile)
    raw = get(archive_path, f"/raw/fetch/{fetch_id}")
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in raw.headers["content-security-policy"]
    assert '<script>alert("page")</script>' in raw.text  # the bytes as archived, as text
    [(embed_id,)] = sql(archive_path, "SELECT id FROM embeds WHERE article_id = ?", hostile)
    assert get(archive_path, f"/raw/embed/{embed_id}").headers["content-type"].startswith(
        "text/plain")


# --- the post page ---------------------------------------------------------------------------


def test_post_page_has_versions_status_answers_images_and_every_article(archive_path):
    page = get(archive_path, f"/post/{PHOTOS}").text
    [(version_id, raw_sha256)] = sql(archive_path, "SELECT id, raw_sha256 FROM post_versions"
                                     " WHERE post_id = ?", PHOTOS)
    assert f'id="version-{version_id}"' in page and raw_sha256 in page
    assert f'href="/raw/version/{version_id}"' in page
    # both images, each linking to its page and its original
    images = sql(archive_path, "SELECT DISTINCT mf.sha256 FROM post_media pm JOIN media_fetches"
                 " mf ON mf.url = pm.image_url WHERE pm.post_version_id = ?", version_id)
    assert len(images) == 2
    for (sha256,) in images:
        assert f'href="/image/{sha256}/original"' in page
    # every article quoting it, with that article's verdict
    assert page.count('class="verdict verdict-') == 2
    assert "Quoted faithfully" in page and "Misquoted" in page
    assert f'href="https://x.com/SamplePhotoDesk/status/{PHOTOS}"' in page
    assert "Shown by <a href=\"#check-" in page
    # each answer names the run it came in, and the run opens as Datasette shows it
    [(run_id,)] = sql(archive_path, "SELECT id FROM runs")
    assert f'<a href="/run/{run_id}" class="small">run {run_id}</a>' in page
    run = get(archive_path, f"/run/{run_id}")
    assert run.status_code == 302 and run.headers["location"] == f"/archive/runs/{run_id}"
    assert get(archive_path, run.headers["location"]).status_code == 200


def test_post_page_marks_what_each_altered_quote_changed(archive_path):
    """The post page names the words changed, as the article page does: X's word struck
    through, the article's underlined, for each altered quote and no other."""
    page = get(archive_path, f"/post/{PHOTOS}").text
    rows = re.findall(r'<tr class="([^"]*)">', page.split('id="quoted-in"')[1].split("</table>")[0])
    assert sorted(rows) == ["", "misquote has-diff", "quote-diff misquote"]  # altered, faithful
    assert rows.index("quote-diff misquote") == rows.index("misquote has-diff") + 1
    assert ("<del title=\"X's words, which the article does not show\">fast</del>"
            "<ins title=\"The article's words, which X's post does not have\">slowly</ins>") in page
    assert "The difference (1 change)" in page and '<p class="legend">' in page
    # the Turkish minister's post, misquoted in the Arabic article, cut short in others
    turkish = get(archive_path, "/post/1977411517674615015").text
    assert turkish.count('<div class="difference">') == 1
    assert ">yakın</del><ins" in turkish and ">sınırlı</ins>" in turkish
    assert '<p class="diff" dir="auto" lang="tr">' in turkish
    quoted = {e["verdict"]: e["diff"] for e in get(archive_path, f"/post/{PHOTOS}.json").json()[
        "quoted_in"]}
    assert ["post", "fast"] in quoted["altered"]["segments"] and quoted["match"] is None


def test_deleted_post_page_shows_the_answers_that_establish_it(archive_path):
    page = get(archive_path, f"/post/{DELETED}").text
    assert "the archive found it <strong>no longer on X</strong> (deleted)" in page
    checks = sql(archive_path, "SELECT id, source FROM post_checks WHERE post_id = ?", DELETED)
    for check_id, _source in checks:
        assert f'<tr id="check-{check_id}">' in page and f'href="/raw/check/{check_id}"' in page
    raw = get(archive_path, f"/raw/check/{checks[0][0]}")
    assert json.loads(raw.text)["__typename"] == "TweetTombstone"


def test_places_redirect_to_their_page(archive_path):
    [(embed_id, article)] = sql(archive_path, "SELECT id, article_id FROM embeds LIMIT 1")
    [(version_id, version_post)] = sql(archive_path, "SELECT id, post_id FROM post_versions LIMIT 1")
    [(check_id, check_post)] = sql(archive_path, "SELECT id, post_id FROM post_checks LIMIT 1")
    [(verification_id, v_article, v_embed)] = sql(
        archive_path, "SELECT id, article_id, embed_id FROM verifications LIMIT 1")
    expected = {f"/embed/{embed_id}": f"/article/{article}#embed-{embed_id}",
                f"/version/{version_id}": f"/post/{version_post}#version-{version_id}",
                f"/check/{check_id}": f"/post/{check_post}#check-{check_id}",
                f"/verification/{verification_id}": f"/article/{v_article}#embed-{v_embed}"}
    for url, place in expected.items():
        response = get(archive_path, url)
        assert response.status_code == 302 and response.headers["location"] == place


def test_image_page_original_and_thumbnail(archive_path):
    [(sha256, width)] = sql(archive_path, "SELECT sha256, thumbnail_width FROM media LIMIT 1")
    page, original, thumbnail = fetch(archive_path, f"/image/{sha256}", f"/image/{sha256}/original",
                                      f"/image/{sha256}/thumbnail")
    assert page.status_code == 200 and 'href="/post/' in page.text
    assert original.headers["content-type"] == "image/jpeg"
    import hashlib
    assert hashlib.sha256(original.content).hexdigest() == sha256
    assert thumbnail.content[:2] == b"\xff\xd8" and width == 400


@pytest.mark.parametrize("url", ["/article/99999", "/post/1", "/post/text:00", "/image/" + "0" * 64,
                                 "/raw/fetch/99999", "/embed/99999", "/version/99999",
                                 "/check/99999", "/verification/99999"])
def test_unknown_rows_are_404(archive_path, url):
    assert get(archive_path, url).status_code == 404


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["SURİYE", "suriye", "وزارة", "الخَارِجِيَّةِ", "harbour",
                                   "HARBOUR road", "ziyaret*", "أنقره"])
def test_search_finds_what_the_cli_finds(archive_path, typed):
    found = get(archive_path, f"/search?q={quote(typed)}").text
    db = open_archive(archive_path)
    try:
        expected = find_posts(db, search=typed)
    finally:
        db.conn.close()
    shown = set(re.findall(r'<td data-label="post"><a href="/post/([^"]+)"',
                           found.split("Quotes in articles")[0]))
    ids = {r["post_id"] for r in expected if r["post_id"]}
    assert ids <= shown
    assert len(shown) == len(expected)


def cli_posts(path, *args):
    """`archiver posts` on the archive, as JSON rows."""
    result = CliRunner().invoke(cli, ["posts", "--db", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def as_cli(post_id):
    """A web row's post id as the CLI gives it: none for a post shown only as text."""
    return None if str(post_id).startswith("text:") else post_id


def test_every_web_lookup_answers_what_the_cli_answers(archive_path):
    # One rule: a copy without id that verification matched to a post is that post (listed
    # once, under its id, its article among the post's articles); the CLI is the reference.
    def key(rows):
        return sorted(((as_cli(r["post_id"]), r["articles"]) for r in rows),
                      key=lambda pair: (pair[0] or "", pair[1]))

    every = cli_posts(archive_path)
    assert len(every) == 12
    overview = json.loads(get(archive_path, "/archive/post_overview.json?_shape=array"
                                            "&_size=max").text)
    assert key(overview) == key(every)
    assert key(json.loads(get(archive_path, "/posts.json").text)) == key(every)
    fidan = cli_posts(archive_path, "--handle", "HakanFidan")
    assert [(r["post_id"], r["articles"]) for r in fidan] == [("1977411517674615015", 3)]
    for typed in ("hakanfidan", "HakanFidan", "@hakanfidan", "@HAKANFIDAN", " @HakanFidan ",
                  "HakanFidan "):
        found = json.loads(get(archive_path, "/archive/posts_by_handle.json?_shape=array"
                                             f"&handle={quote(typed)}").text)
        assert key(found) == key(fidan), typed
        assert key(cli_posts(archive_path, "--handle", typed.strip())) == key(fidan), typed
    for day in ("2025-10-12", "2025-03-09"):
        on_day = json.loads(get(archive_path, f"/archive/posts_on_date.json?_shape=array"
                                              f"&date={day}").text)
        assert key(on_day) == key(cli_posts(archive_path, "--date", day)), day
    assert len(on_day) >= 1
    assert len(json.loads(get(archive_path, "/archive/posts_on_date.json?_shape=array"
                                            "&date=2025-10-12").text)) == 3
    # the view's facets count the posts the CLI counts
    facets = get(archive_path, "/archive/post_overview.json?_facet_size=max").json()[
        "facet_results"]
    by_handle = {v["value"]: v["count"] for v in facets["handle"]["results"]}
    cli_handles = {}
    for r in every:
        cli_handles[r["handle"]] = cli_handles.get(r["handle"], 0) + 1
    assert by_handle == {h: n for h, n in cli_handles.items() if h}
    assert sum(v["count"] for v in facets["status"]["results"]) == len(every)
    assert "unidentified" not in {v["value"] for v in facets["status"]["results"]}
    # posts X no longer serves: the view, its list and the CLI count the same articles
    gone = {r["post_id"]: r["articles"] for r in every if r["status"] == "unavailable"}
    for url in ("/archive/unavailable_posts.json?_shape=array", "/unavailable.json"):
        assert {r["post_id"]: r["articles"] for r in json.loads(get(archive_path, url).text)} \
            == gone, url
    # the post's verdicts are those of every article quoting it, as its page lists them
    [row] = [r for r in overview if r["post_id"] == "1977411517674615015"]
    page = get(archive_path, "/post/1977411517674615015").text
    on_page = re.findall(r'<span class="verdict verdict-(\w+)">', page)
    assert len(on_page) == row["articles"] == 3
    assert row["verdicts"] == ", ".join(f"{v} ×{on_page.count(v)}" for v in sorted(set(on_page)))


def test_search_also_finds_the_quotes_in_articles(archive_path):
    found = get(archive_path, "/search?q=" + quote("إسطنبول")).text
    quotes = found.split("Quotes in articles")[1]
    assert f"/article/{article_id(archive_path, ARABIC_DESK)}#embed-" in quotes


# --- Datasette's own pages -------------------------------------------------------------------


def test_datasette_cells_link_fold_and_read_right_to_left(archive_path):
    overview, embeds, versions, fetches = fetch(
        archive_path, "/archive/embed_overview", "/archive/embeds?_all_columns=1",
        "/archive/post_versions?_all_columns=1", "/archive/article_fetches")
    assert re.search(r'<a href="/post/\d+">\d+</a>', overview.text)
    assert re.search(r'<a href="/embed/\d+">\d+</a>', overview.text)
    assert '<div dir="auto" class="cell-text">وزير الخارجية' in overview.text
    assert '<details class="cell-fold "><summary>markup,' in embeds.text  # raw HTML folded
    assert '<details class="cell-fold "><summary>folded copy</summary>' in embeds.text
    assert '<details class="cell-fold hash"><summary>' in versions.text
    assert re.search(r'<a href="/raw/fetch/\d+">open as text, ', fetches.text)
    assert '" dir="auto">صحيفة العينة</a>' in overview.text  # an Arabic facet value
    # the glossary folded away, each description still in the column's menu
    assert '<details class="archiver-columns">' in overview.text
    assert 'data-column-description="The text the article shows"' in overview.text


def test_table_search_box_folds_what_is_typed(archive_path):
    # Datasette hands its box to FTS untouched; the plugin folds it as the index is.
    for typed in ("الخَارِجِيَّةِ", "SURİYE", "الخارجيه"):
        rows = get(archive_path, f"/archive/post_overview.json?_search={quote(typed)}"
                                 "&_shape=objects").json()["rows"]
        assert rows, typed
    # raw FTS syntax keeps its operators
    both = get(archive_path, "/archive/post_overview.json?_searchmode=raw&_shape=objects&_search="
               + quote("SURİYE OR harbour")).json()["rows"]
    assert {r["handle"] for r in both} >= {"HakanFidan", "SamplePhotoDesk"}


def test_every_table_and_view_exports_every_row(archive_path):
    """CSV streamed and JSON page by page hold as many rows as the table: the Posts
    view's CSV used to stop at the first post with an image ("No item with that key")."""
    conn = sqlite3.connect(archive_path)
    names = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%fts%'"
        " AND name NOT LIKE '\\_%' ESCAPE '\\' AND name != 'sqlite_sequence'")]
    counts = {n: conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names}
    conn.close()
    assert {"post_overview", "misquotes", "unavailable_posts", "embed_overview"} <= set(names)

    async def go():
        ds = datasette_app(archive_path)
        out = {}
        for name in names:
            response = await ds.client.get(f"/archive/{name}.csv?_stream=on&_size=max")
            body = response.content.decode("utf-8-sig")
            assert "No item with that key" not in body and "Caught this error" not in body, name
            csv_rows = len(list(csv.reader(io.StringIO(body)))) - 1
            json_rows, url = 0, f"/archive/{name}.json?_shape=objects&_size=7"
            while url:
                page = (await ds.client.get(url)).json()
                json_rows += len(page["rows"])
                url = page.get("next_url")
                url = url[url.index("/archive/"):] if url else None
            html = (await ds.client.get(f"/archive/{name}")).text
            count = re.search(r"<h3>([\d,]+) rows?", html)
            shown = int(count.group(1).replace(",", "")) if count else 0
            out[name] = (csv_rows, json_rows, shown)
        return out

    found = asyncio.run(go())
    assert found == {n: (c, c, c) for n, c in counts.items()}


def test_csv_keeps_arabic_for_spreadsheets(archive_path):
    response = get(archive_path, "/archive/misquotes.csv?_dl=1")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "إسطنبول" in response.content.decode("utf-8-sig")


def test_robots_are_turned_away_and_pages_carry_security_headers(archive_path):
    robots, home, table = fetch(archive_path, "/robots.txt", "/", "/archive/posts")
    assert "Disallow: /" in robots.text
    for response in (home, table):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src" not in home.headers["content-security-policy"]  # no script at all


def test_every_table_stays_reachable_as_datasette_shows_it(archive_path):
    database = get(archive_path, "/archive")
    assert database.status_code == 200
    for name in ("posts", "post_versions", "embeds", "verifications", "media", "runs",
                 "post_overview", "misquotes", "unavailable_posts"):
        assert f'href="/archive/{name}"' in database.text


# --- serving ---------------------------------------------------------------------------------


def test_serve_refuses_a_public_host_without_public(tmp_path, archive_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--db", str(archive_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--public" in result.stderr
    named = tmp_path / "posts.db"
    named.write_bytes(b"")
    result = runner.invoke(cli, ["serve", "--db", str(named)])
    assert result.exit_code == 2 and "rename the file" in result.stderr


def test_a_public_host_is_served_only_when_asked():
    from archiver.errors import UsageError
    from archiver.serve import check_serving, datasette_command

    check_serving("archive.db", "0.0.0.0", public=True)
    with pytest.raises(UsageError):
        check_serving("archive.db", "192.168.1.20", public=False)
    command, _ = datasette_command("archive.db", host="0.0.0.0")
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--plugins-dir") + 1].endswith("db/plugins")
    assert "max_csv_mb" in command and "--immutable" not in command


def test_is_loopback():
    from archiver.serve import is_loopback

    assert all(map(is_loopback, ["127.0.0.1", "::1", "localhost", "127.0.0.2", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.2", "example.org", "::"]))


# --- the evidence report ---------------------------------------------------------------------


def test_report_is_one_self_contained_file_with_the_comparison(archive_path, tmp_path):
    [(url,)] = sql(archive_path, "SELECT url FROM articles WHERE url LIKE ?", f"%/{ARABIC_DESK}")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path), url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    # nothing loads from anywhere: images inline, no script, no stylesheet link
    assert not re.search(r'<(img|script|link|iframe)[^>]+(src|href)="(?!data:)', html)
    assert "<script" not in html and 'src="data:image/jpeg;base64,' in html
    assert "<del title=\"X's words, which the article does not show\">أنقرة</del>" in html
    # the hashes, the chain head and the times
    for table, column in (("article_fetches", "body_sha256"), ("embeds", "raw_sha256"),
                          ("post_versions", "raw_sha256")):
        for (digest,) in sql(archive_path, f"SELECT {column} FROM {table} WHERE article_id = ?"
                             if table != "post_versions" else
                             f"SELECT {column} FROM {table} WHERE id IN (SELECT post_version_id"
                             " FROM verifications WHERE article_id = ?)",
                             article_id(archive_path, ARABIC_DESK)):
            assert digest in html, (table, digest)
    [(seq, head)] = sql(archive_path, "SELECT seq, chain_sha256 FROM evidence_chain"
                        " ORDER BY seq DESC LIMIT 1")
    assert f"#{seq} {head}" in html
    # the archive was only read
    assert sql(archive_path, "SELECT count(*) FROM evidence_chain")[0][0] == seq


def test_report_of_an_unknown_article_fails_in_one_line(archive_path, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path), "https://nowhere.example/",
                                      "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert result.stderr == "archiver: no archived article https://nowhere.example/\n"


def test_report_from_the_article_page(archive_path):
    page = get(archive_path, f"/article/{article_id(archive_path, COAST_WEEKLY)}")
    link = re.search(r'href="(/article/\d+/report)"', page.text).group(1)
    report = get(archive_path, link)
    assert report.status_code == 200 and "Evidence report" in report.text
    assert report.headers["content-security-policy"].startswith("default-src 'none'; img-src data:")


@pytest.mark.parametrize("name", ["report.html", "report.pdf", "report.PDF"])
def test_report_pdf_through_chromium(archive_path, tmp_path, name):
    """-o names the HTML and the PDF is beside it; -o FILE.pdf names the PDF and the HTML
    is beside it (one name for both printed the HTML over itself: a blank 1 KB page)."""
    from .conftest import system_chromium

    system_chromium()
    [(url,)] = sql(archive_path, "SELECT url FROM articles WHERE url LIKE ?", f"%/{COAST_WEEKLY}")
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path), url, "-o", str(out),
                                      "--pdf"])
    assert result.exit_code == 0, result.output
    html, pdf = out.with_suffix(".html"), out.with_suffix(".pdf") if name != "report.PDF" else out
    assert result.stdout == f"wrote {html}\nwrote {pdf}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([html.name, pdf.name])
    assert "Evidence report" in html.read_text(encoding="utf-8")
    printed = pdf.read_bytes()
    assert printed.startswith(b"%PDF-")
    # not blank: the page has text in it (fonts), and is larger than the HTML it prints
    assert b"/Font" in printed and len(printed) > html.stat().st_size


def test_report_to_a_pdf_name_without_pdf_is_bad_usage(archive_path, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path),
                                      "https://nowhere.example/", "-o", str(tmp_path / "r.pdf")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"archiver: -o {tmp_path / 'r.pdf'}: the report is HTML; name an "
                             f".html file, or add --pdf to print it to {tmp_path / 'r.pdf'} too\n")
    assert not list(tmp_path.iterdir())


def test_article_page_shows_x_latest_text_when_it_changed_since(db, server, tmp_path,
                                                                monkeypatch):
    """X's copy at the article's fetch time beside the quote, and X's latest below it."""
    from archiver.pipeline import recheck_posts

    from .conftest import archiver_for
    from .test_serve import x_answer

    post_id = "1977000000000000077"
    server.tweets[post_id] = x_answer(post_id, "The bridge opens on Monday.", "en", "7001",
                                      "City Desk", "citydesk_sample")
    server.pages["bridge.html"] = (
        '<html><body><blockquote class="twitter-tweet"><p lang="en">The bridge opens on Monday.'
        '</p>&mdash; City Desk (@citydesk_sample) <a href="https://twitter.com/citydesk_sample/'
        f'status/{post_id}">October 12, 2025</a></blockquote></body></html>').encode()
    list(archive_sources(archiver_for(db, server), [f"{server.url}/news/bridge.html"], workers=1))
    server.tweets[post_id] = x_answer(post_id, "The bridge opens on Tuesday.", "en", "7001",
                                      "City Desk", "citydesk_sample")
    import archiver.http
    import archiver.pipeline

    for module in (archiver.http, archiver.pipeline):  # X's answer comes a day later
        monkeypatch.setattr(module, "utc_now", lambda: "2099-01-01T00:00:00Z")
    recheck_posts(archiver_for(db, server), [post_id], workers=1)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    [(article,)] = db.execute("SELECT id FROM articles").fetchall()
    page = get(tmp_path / "archive.db", f"/article/{article}").text
    sides = re.findall(r'<blockquote class="text[^"]*" dir="auto" lang="en">([^<]*)</blockquote>', page)
    assert sides == ["The bridge opens on Monday.", "The bridge opens on Monday.",
                     "The bridge opens on Tuesday."]
    assert "X's latest text (it changed after the article was fetched)" in page
    assert "Quoted faithfully" in page


def test_every_route_answers(archive_path):
    """One of each route of the plugin, through Datasette's own client."""
    [(version_id,)] = sql(archive_path, "SELECT min(id) FROM post_versions")
    [(check_id,)] = sql(archive_path, "SELECT min(id) FROM post_checks")
    [(fetch_id,)] = sql(archive_path, "SELECT min(id) FROM article_fetches")
    [(embed_id,)] = sql(archive_path, "SELECT min(id) FROM embeds")
    [(sha256,)] = sql(archive_path, "SELECT min(sha256) FROM media")
    [(text_post,)] = sql(archive_path, "SELECT min(id) FROM posts WHERE id LIKE 'text:%'")
    article = article_id(archive_path, ARABIC_DESK)
    expected = {
        "/": "text/html", "/misquotes": "text/html", "/unavailable": "text/html",
        "/articles": "text/html", "/posts": "text/html", "/search?q=harbour": "text/html",
        "/search": "text/html", f"/article/{article}": "text/html",
        f"/article/{article}.json": "application/json",
        f"/article/{article}/report": "text/html", f"/post/{PHOTOS}": "text/html",
        f"/post/{PHOTOS}.json": "application/json", f"/post/{text_post}": "text/html",
        f"/image/{sha256}": "text/html", f"/image/{sha256}/original": "image/jpeg",
        f"/image/{sha256}/thumbnail": "image/jpeg", f"/raw/fetch/{fetch_id}": "text/plain",
        f"/raw/check/{check_id}": "text/plain", f"/raw/version/{version_id}": "text/plain",
        f"/raw/embed/{embed_id}": "text/plain", "/-/archiver.css": "text/css",
        "/misquotes.csv": "text/csv", "/misquotes.json": "application/json",
        "/robots.txt": "text/plain",
    }
    for url, response in zip(expected, fetch(archive_path, *expected)):
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(expected[url]), url


def test_a_status_change_names_the_answers_recorded_with_it(archive_path):
    """Not the answers that happen to share its second: each change lists the ids of the
    checks recorded in the same resolution, and every one of them is that post's."""
    for post_id, check_ids in sql(archive_path, "SELECT post_id, check_ids FROM"
                                  " post_status_events"):
        named = json.loads(check_ids)
        assert named
        owners = {r[0] for r in sql(archive_path, "SELECT post_id FROM post_checks WHERE id IN"
                                    f" ({','.join('?' * len(named))})", *named)}
        assert owners == {post_id}


def test_table_keys_link_to_their_pages(archive_path):
    """A key of Datasette's own tables links to the page made for its row, the row as
    Datasette shows it beside it; on a row page, the key links to that page too."""
    [(post,)] = sql(archive_path, "SELECT id FROM posts WHERE id = ?", PHOTOS)
    [(text_post,)] = sql(archive_path, "SELECT id FROM posts WHERE id LIKE 'text:%' LIMIT 1")
    [(article,)] = sql(archive_path, "SELECT min(id) FROM articles")
    [(sha256,)] = sql(archive_path, "SELECT min(sha256) FROM media")
    [(embed,)] = sql(archive_path, "SELECT min(id) FROM embeds")
    posts, articles, media, embeds, post_row, media_row, article_row = fetch(
        archive_path, "/archive/posts", "/archive/articles", "/archive/media", "/archive/embeds",
        f"/archive/posts/{post}", f"/archive/media/{sha256}", f"/archive/articles/{article}")
    assert f'<a href="/post/{post}" class="page-link" title="{post}">{post}</a>' in posts.text
    assert f'<a href="/archive/posts/{post}" class="row-link"' in posts.text
    assert f'<a href="/post/{text_post}" class="page-link"' in posts.text
    assert f'href="/archive/posts/{text_post.replace(":", "~3A")}" class="row-link"' in posts.text
    assert f'<a href="/article/{article}" class="page-link"' in articles.text
    assert (f'<a href="/image/{sha256}" class="page-link" title="{sha256}">{sha256[:12]}…</a>'
            in media.text)
    assert f'<a href="/embed/{embed}" class="page-link"' in embeds.text
    assert f'<a href="/post/{post}">{post}</a>' in post_row.text
    assert f'<a href="/image/{sha256}">{sha256}</a>' in media_row.text
    assert f'<a href="/article/{article}">{article}</a>' in article_row.text
    for response in (posts, articles, media, embeds, post_row, media_row, article_row):
        assert response.status_code == 200
    # the evidence chain names each row by its key: the row's page, or Datasette's row
    chain = get(archive_path, "/archive/evidence_chain?_size=max").text
    assert f'<a href="/image/{sha256}">{sha256[:12]}…</a>' in chain
    assert re.search(r'<a href="/embed/\d+">\d+</a>', chain)
    assert re.search(r'<a href="/archive/article_fetches/\d+">\d+</a>', chain)


def test_hidden_columns_wait_one_click_and_exports_keep_them(archive_path):
    from archiver.serve import metadata_for

    tables = metadata_for(archive_path)["databases"]["archive"]["tables"]
    conn = sqlite3.connect(archive_path)
    try:
        for name, table in tables.items():
            hidden = ((table.get("plugins") or {}).get("archiver") or {}).get("hidden_columns", [])
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")}
            assert set(hidden) <= columns, (name, set(hidden) - columns)  # no misspelt name
    finally:
        conn.close()
    page, every, chosen, as_csv, as_json = fetch(
        archive_path, "/archive/post_versions", "/archive/post_versions?_all_columns=1",
        "/archive/post_versions?_col=raw_sha256", "/archive/post_versions.csv",
        "/archive/post_versions.json?_shape=objects")
    assert 'data-column="raw_sha256"' not in page.text and 'data-column="text"' in page.text
    assert "Not shown: article_fetch_id," in page.text
    assert 'href="/archive/post_versions?_all_columns=1">show every column</a>' in page.text
    assert 'data-column="raw_sha256"' in every.text and 'data-column="text_search"' in every.text
    assert 'href="/archive/post_versions">the usual columns only</a>' in every.text
    assert 'data-column="raw_sha256"' in chosen.text  # columns the reader chose are shown
    assert "raw_sha256" in as_csv.text.splitlines()[0]
    assert "raw_sha256" in as_json.json()["rows"][0]


def test_sorted_column_arrow_agrees_with_the_words(archive_path):
    """"sorted by fetched_at descending" under a ▼ (largest first), ascending under a ▲:
    Datasette 0.65 drew them the other way round."""
    descending, ascending = fetch(archive_path, "/archive/embed_overview",
                                  "/archive/embed_overview?_sort=fetched_at")
    assert "sorted by fetched_at descending" in descending.text
    assert re.search(r'title="sorted descending: click to sort ascending">fetched_at&nbsp;▼</a>',
                     descending.text)
    assert "▲" not in descending.text
    assert "sorted by fetched_at descending" not in ascending.text
    assert re.search(r'title="sorted ascending: click to sort descending">fetched_at&nbsp;▲</a>',
                     ascending.text)
    assert "▼" not in ascending.text


def test_cells_and_titles_holding_right_to_left_text_say_so(archive_path):
    """A cell or title whose first strong character is Arabic is dir="rtl" (its children
    set their own direction, so dir="auto" on it would find none): the browser aligns it
    right and a wrapped title keeps its "|" in place; Latin ones are dir="ltr"."""
    from archiver.browse.words import text_direction

    assert [text_direction(t) for t in ("لقاء أنقرة | صحيفة", "The week | Coast", "2025 «لقاء»",
                                        "12:30", None)] == ["rtl", "ltr", "rtl", "auto", "auto"]
    arabic = article_id(archive_path, ARABIC_DESK)
    articles, article, misquotes = fetch(archive_path, "/articles", f"/article/{arabic}",
                                         "/misquotes")
    assert f'<td data-label="article" dir="rtl"><a href="/article/{arabic}" dir="auto">لقاء أنقرة' \
        in articles.text
    assert '<td data-label="outlet" dir="rtl">صحيفة العينة' in articles.text
    assert re.search(r'<td data-label="article" dir="ltr"><a href="/article/\d+" dir="auto">The week',
                     articles.text)
    assert '<h1 dir="rtl">لقاء أنقرة' in article.text
    assert f'<td data-label="article" dir="rtl"><a href="/article/{arabic}#embed-' in misquotes.text
    post = get(archive_path, "/post/1977323638617121713").text  # the Syrian ministry's
    assert '<h1 dir="rtl"><bdi dir="auto">وزارة' in post
    assert f'<td data-label="article" dir="rtl"><a href="/article/{arabic}#embed-' in post
    css = get(archive_path, "/-/archiver.css").text
    assert 'table.rows-and-columns td [dir="auto"]' in css  # Datasette's cells: text-align: start


def test_quotes_in_the_article_prose_are_on_its_page_and_in_its_report(archive_path, tmp_path):
    """`archiver verify` checks a quote in the article's own sentences, attributed to an
    author it embeds, against that author's posts (quote_claims): the article page and
    the evidence report show it, the quote marked in its sentence, the finding in words
    and as recorded."""
    shafaq = article_id(archive_path, "shafaq-turkiye-syria-ankara-talks.html")
    [(claim_id, post_id, detail)] = sql(
        archive_path, "SELECT id, post_id, detail FROM quote_claims WHERE article_id = ?"
        " ORDER BY id DESC LIMIT 1", shafaq)
    page = get(archive_path, f"/article/{shafaq}").text
    section = page.split('<section class="prose-quotes" id="prose-quotes">')[1].split("</section>")[0]
    assert '<a href="#prose-quotes">1 quote in the article\'s own text</a>' in page
    assert f'id="prose-quote-{claim_id}"' in section and "@HakanFidan" in section
    assert "<mark>Syria’s security cannot be separated from Turkiye’s security.</mark>" in section
    assert "In another language" in section
    assert ("A translation cannot be checked word for word: the article quotes in English; "
            "@HakanFidan posts in Turkish") in visible(section)
    assert f'<a href="/post/{post_id}">the closest post</a>' in section
    assert f"<code>cross_language</code>: {detail}" in html_module.unescape(section)  # as recorded
    assert get(archive_path, f"/article/{shafaq}.json").json()["prose_quotes"][0]["result"] == \
        "cross_language"
    # the report: the same section, its record open
    [(url,)] = sql(archive_path, "SELECT url FROM articles WHERE id = ?", shafaq)
    out = tmp_path / "report.html"
    assert CliRunner().invoke(cli, ["report", "--db", str(archive_path), url,
                                    "-o", str(out)]).exit_code == 0
    report = out.read_text(encoding="utf-8")
    assert '<section class="prose-quotes" id="prose-quotes">' in report
    assert "<mark>Syria’s security cannot be separated" in report
    assert '<details class="recorded" open><summary>As recorded</summary>' in report
    assert f'href="https://x.com/i/web/status/{post_id}">the closest post</a>' in report
    # an article whose prose quotes nobody it embeds has no such section
    assert "prose-quotes" not in get(archive_path, f"/article/{article_id(archive_path, COAST_WEEKLY)}").text


def test_prose_quote_details_in_plain_words():
    from archiver.browse.words import plain_detail

    assert plain_detail("found", "in post 123 (similarity 96)") == "in post 123 (96% alike)"
    assert plain_detail("not_found", "not in @a's archived posts (best similarity 41)") == (
        "not in @a's archived posts (the closest is 41% alike)")
    assert plain_detail("not_found", "no archived post of @a") == "the archive holds no post of @a yet"
    assert plain_detail("cross_language", "the quote (en) is in another language than @a's posts"
                        " (ar, tr): a translation cannot be checked word for word") == (
        "the article quotes in English; @a posts in Arabic and Turkish")


@pytest.mark.parametrize("url", ["/archive/embed_overview?_facet=verdict",
                                 "/archive/verifications?_facet=verdict",
                                 "/archive/misquotes?_facet=verdict&_facet=verdict",
                                 "/archive/embeds?_facet=kind&_facet=handle",
                                 "/archive/post_overview?_search=suriye&_facet=handle"])
def test_a_facet_asked_for_again_is_shown_once(archive_path, url):
    page, as_json = fetch(archive_path, url, url.replace("?", ".json?", 1))
    assert page.status_code == 200
    shown = [name.strip() for name in re.findall(
        r'<p class="facet-info-name">\s*<strong>([^<(]*)', page.text)]
    asked = [v for k, v in re.findall(r"_(facet)=(\w+)", url)]
    assert set(asked) <= set(shown)
    assert len(shown) == len(set(shown)), shown
    assert sorted(as_json.json()["facet_results"]) == sorted(shown)


@pytest.mark.parametrize("typed", ["@HakanFidan", "hakanfidan", " @HAKANFIDAN "])
def test_search_for_a_handle_points_to_its_posts(archive_path, typed):
    page = get(archive_path, f"/search?q={quote(typed)}").text
    link = re.search(r'<p class="handle-hint" id="handle">.*?<a href="([^"]+)">([^<]+)', page, re.S)
    assert link, text_of(page)
    assert link.group(1) == "/archive/posts_by_handle?handle=HakanFidan"
    assert link.group(2).startswith(f"{len(cli_posts(archive_path, '--handle', 'HakanFidan'))} post")
    assert get(archive_path, html_module.unescape(link.group(1))).status_code == 200
    assert 'class="handle-hint"' not in get(archive_path, "/search?q=harbour").text
    assert 'class="handle-hint"' not in get(archive_path, "/search?q=nobodyshandle").text


@pytest.mark.parametrize("typed", ["harbour", "SURİYE", "الخارجية", "nothingmatchesthis"])
def test_search_results_export_as_csv_and_json(archive_path, typed):
    page, as_json, as_csv = fetch(archive_path, f"/search?q={quote(typed)}",
                                  f"/search.json?q={quote(typed)}", f"/search.csv?q={quote(typed)}")
    assert as_json.status_code == as_csv.status_code == 200
    found = as_json.json()
    records = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert as_csv.content.startswith("\ufeff".encode())
    assert [r["type"] for r in records] == [r["type"] for r in found]
    shown = re.search(r"<h2>Posts \((\d+)\+?\)</h2>.*<h2>Quotes in articles \((\d+)\+?\)</h2>",
                      page.text, re.S)
    posts, quotes = int(shown.group(1)), int(shown.group(2))
    assert [r["post_id"] for r in found if r["type"] == "post"] == re.findall(
        r'<td data-label="post"><a href="/post/([^"]+)"', page.text.split("Quotes in articles")[0])
    assert sum(r["type"] == "quote" for r in found) == quotes
    # quotes in the articles' own prose, in a section of their own when there are any
    prose = re.search(r"<h2>Quotes in articles' own prose \((\d+)\+?\)</h2>", page.text)
    prose = int(prose.group(1)) if prose else 0
    assert sum(r["type"] == "prose_quote" for r in found) == prose
    assert len(found) == posts + quotes + prose
    if typed != "nothingmatchesthis":
        assert posts + quotes > 0
        assert f'href="/search.csv?q={quote(typed)}"' in page.text.replace("%20", "+") or \
            "/search.csv?q=" in page.text


# --- X's text as X served it -------------------------------------------------------------------

#: Texts whose comparison rendering differs from what X and the article show: curly and
#: script-specific quote marks, "...", a zero-width non-joiner and space, a no-break
#: space, an HTML entity in X's answer; each with a change beside them. (post id, lang,
#: X's text as X's answer has it, the article's quote as its page shows it)
SERVED = [
    ("1977000000000000081", "de",
     "Der Minister sagte: \u201eWir bauen die Br\u00fccke\u201c... Kosten &amp; Nutzen\u00a0sind "
     "klar, \u201aso\u2018 der Minister. Malaysia\u2019s Weg.",
     "Der Minister sagte: \u201eWir bauen die Mauer\u201c... Kosten & Nutzen\u00a0sind "
     "klar, \u201aso\u2018 der Minister. Malaysia\u2019s Weg."),
    ("1977000000000000082", "fa",
     "\u0648\u0632\u06cc\u0631 \u06af\u0641\u062a: \u00ab\u0645\u0627 \u0645\u06cc\u200c"
     "\u062e\u0648\u0627\u0647\u06cc\u0645 \u0628\u0627 \u0647\u0645\u0633\u0627\u06cc\u06af"
     "\u0627\u0646 \u06af\u0641\u062a\u06af\u0648 \u06a9\u0646\u06cc\u0645\u00bb... \u0627"
     "\u06cc\u0646 &amp; \u0622\u0646\u200b\u00a0\u067e\u0627\u06cc\u0627\u0646 \u0646\u06cc"
     "\u0633\u062a.",
     "\u0648\u0632\u06cc\u0631 \u06af\u0641\u062a: \u00ab\u0645\u0627 \u0646\u0645\u06cc\u200c"
     "\u062e\u0648\u0627\u0647\u06cc\u0645 \u0628\u0627 \u0647\u0645\u0633\u0627\u06cc\u06af"
     "\u0627\u0646 \u06af\u0641\u062a\u06af\u0648 \u0646\u06a9\u0646\u06cc\u0645\u00bb... \u0627"
     "\u06cc\u0646 & \u0622\u0646\u200b\u00a0\u067e\u0627\u06cc\u0627\u0646 \u0646\u06cc"
     "\u0633\u062a."),
    ("1977000000000000083", "he",
     "\u05d3\u05d5\u05d1\u05e8 \u05e6\u05d4\u05f4\u05dc: \"\u05d4\u05db\u05d5\u05d7\u05d5\u05ea "
     "\u05e0\u05e1\u05d5\u05d2\u05d5\"... \u05d4\u05d5\u05d3\u05e2\u05d4 &amp; \u05e2\u05d3"
     "\u05db\u05d5\u05df",
     "\u05d3\u05d5\u05d1\u05e8 \u05e6\u05d4\u05f4\u05dc: \"\u05d4\u05db\u05d5\u05d7\u05d5\u05ea "
     "\u05d4\u05ea\u05e7\u05d3\u05de\u05d5\"... \u05d4\u05d5\u05d3\u05e2\u05d4 & \u05e2\u05d3"
     "\u05db\u05d5\u05df"),
]


@pytest.fixture
def served_archive(db, server, tmp_path):
    """One article quoting three posts, each changing a word beside a quote mark, a "...",
    a zero-width character, a no-break space or an entity: archived and verified by the
    pipeline."""
    from .conftest import archiver_for
    from .test_serve import x_answer

    cards = []
    for post_id, lang, x_text, quote_text in SERVED:
        server.tweets[post_id] = x_answer(post_id, x_text, lang, "7002", "Desk", "desk_sample")
        cards.append(f'<blockquote class="twitter-tweet"><p lang="{lang}">'
                     f'{html_module.escape(quote_text, quote=False)}</p>&mdash; Desk '
                     f'(@desk_sample) <a href="https://twitter.com/desk_sample/status/{post_id}">'
                     'October 12, 2025</a></blockquote>')
    server.pages["served.html"] = ('<html><head><meta charset="utf-8"><title>Served</title>'
                                   '</head><body>' + "".join(cards) + '</body></html>').encode()
    list(archive_sources(archiver_for(db, server), [f"{server.url}/news/served.html"], workers=1))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return tmp_path / "archive.db"


def _diff_read(diff_html: str) -> tuple[str, str]:
    """A marked difference read twice: with X's struck words (X's text), and with the
    article's underlined words (the article's)."""
    as_x = re.sub(r"<ins[^>]*>.*?</ins>", "", diff_html, flags=re.S)
    as_article = re.sub(r"<del[^>]*>.*?</del>", "", diff_html, flags=re.S)
    return tuple(html_module.unescape(re.sub(r"<[^>]+>", "", text))
                 for text in (as_x, as_article))


def _check_served(page: str) -> None:
    x_sides = [html_module.unescape(text) for text in re.findall(
        r'<div class="side x-side">\s*<h3>[^<]*</h3>\s*<blockquote class="text[^"]*"[^>]*>'
        r'([^<]*)</blockquote>', page)]
    article_sides = [html_module.unescape(text) for text in re.findall(
        r'<div class="side article-side">\s*<h3>[^<]*</h3>\s*<blockquote class="text[^"]*"'
        r'[^>]*>([^<]*)</blockquote>', page)]
    diffs = re.findall(r'<p class="diff"[^>]*>(.*?)</p>', page, flags=re.S)
    assert len(x_sides) == len(article_sides) == len(diffs) == len(SERVED)
    for (_, _, x_text, quote_text), x_side, article_side, diff in zip(
            SERVED, x_sides, article_sides, diffs):
        served = html_module.unescape(x_text)  # X's answer escapes &: X shows "&"
        # X's characters as X served them: its quote marks, "...", ZWNJ, ZWSP, NBSP
        assert x_side == served
        assert article_side == quote_text
        # the changes marked on those same texts: struck, X's; underlined, the article's
        assert _diff_read(diff) == (served, quote_text)
        assert "<ins" in diff


def test_x_text_is_shown_as_x_served_it_and_the_changes_marked_on_it(served_archive):
    [(article,)] = sql(served_archive, "SELECT id FROM articles")
    verdicts = sql(served_archive, "SELECT verdict FROM verifications ORDER BY embed_id")
    assert verdicts == [("altered",)] * len(SERVED)
    page = get(served_archive, f"/article/{article}").text
    _check_served(page)
    # where the quote marks sit beside the change: X's word struck, the article's after it
    assert ("<del title=\"X's words, which the article does not show\">Br\u00fccke</del><ins "
            "title=\"The article's words, which X's post does not have\">Mauer</ins>\u201c..."
            in page)


def test_report_shows_x_text_as_x_served_it(served_archive, tmp_path):
    [(url,)] = sql(served_archive, "SELECT url FROM articles")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(served_archive), url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    _check_served(out.read_text(encoding="utf-8"))


def test_post_page_marks_the_change_on_the_texts_as_shown(served_archive):
    post_id, _, x_text, quote_text = SERVED[0]
    page = get(served_archive, f"/post/{post_id}").text
    [diff] = re.findall(r'<p class="diff"[^>]*>(.*?)</p>', page, flags=re.S)
    assert _diff_read(diff) == (html_module.unescape(x_text), quote_text)


# --- a quote cut at its start -------------------------------------------------------------------

EXCERPT_POST = ("1977000000000000091", "The harbour road will reopen on Friday morning; crews "
                "are still clearing debris from the storm near the old pier.")
#: (page, the quote it shows, the verdict, what the page must say, what it must not)
EXCERPTS = [
    ("start.html", "…crews are still clearing debris from the storm near the old pier.",
     "truncated", "The article shows a part of the post, from further in, and marks the cut "
     "before it with …"),
    ("both.html", "…crews are still clearing debris from the storm…", "truncated",
     "The article shows a part of the post and marks the cuts before and after it with …"),
    ("prefix.html", "The harbour road will reopen on Friday morning…", "truncated",
     "The article shows the start of the post and marks the cut with …"),
    ("altered.html", "…crews are still clearing rubble from the storm near the old pier.",
     "altered", "Cut short: opens with “…”, leaving out the post's first"),
]


@pytest.mark.parametrize("page_name, quote_text, verdict, said", EXCERPTS)
def test_a_quote_cut_at_its_start_is_said_to_show_a_part_of_the_post(
        db, server, tmp_path, page_name, quote_text, verdict, said):
    from .conftest import archiver_for
    from .test_serve import x_answer

    post_id, x_text = EXCERPT_POST
    server.tweets[post_id] = x_answer(post_id, x_text, "en", "7003", "Port", "port_sample")
    server.pages[page_name] = (
        f'<html><body><blockquote class="twitter-tweet"><p lang="en">{quote_text}</p>&mdash; '
        f'Port (@port_sample) <a href="https://twitter.com/port_sample/status/{post_id}">October '
        '11, 2025</a></blockquote></body></html>').encode()
    list(archive_sources(archiver_for(db, server), [f"{server.url}/news/{page_name}"], workers=1))
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path / "archive.db"
    assert sql(path, "SELECT verdict FROM verifications") == [(verdict,)]
    [(article,)] = sql(path, "SELECT id FROM articles")
    page = get(path, f"/article/{article}").text
    words = visible(page)
    assert said in words
    if verdict == "altered":  # the stored change, placed on the quote as the article shows it
        [diff] = re.findall(r'<p class="diff"[^>]*>(.*?)</p>', page, flags=re.S)
        assert _diff_read(diff)[1] == quote_text and "recomputed" not in words
        assert re.search(r">debris</del><ins[^>]*>rubble</ins>", diff)
    if page_name != "prefix.html":
        assert "the start of the post" not in words and "Quoted faithfully, cut short:" not in words


def test_a_quote_found_by_search_in_a_text_copy_is_its_matched_posts(archive_path):
    """The seed as plain text shows its posts without ids; verification matched each to
    its post. Search gave the copy's stand-in id (text:…) for its quote: it gives the
    post's, as the article page and `archiver posts` do."""
    [as_json] = fetch(archive_path, "/search.json?q=suriye")
    quotes = [r for r in as_json.json() if r["type"] == "quote"]
    assert quotes and not [r for r in quotes if str(r["post_id"]).startswith("text:")]
    assert "1977411517674615015" in {r["post_id"] for r in quotes}


def test_x_text_shows_links_as_x_expanded_them_on_every_page(archive_path):
    """X's text of a post is shown one way (data.as_served: links as X expanded them, not
    t.co) on the post page, the posts list and the search, as the article page shows it."""
    from markupsafe import escape

    from archiver.browse.data import version_detail
    from archiver.browse.words import ltr_units

    conn = sqlite3.connect(archive_path)
    conn.row_factory = sqlite3.Row
    try:
        latest = [(post_id, version_detail(conn, version_id)) for post_id, version_id in
                  conn.execute("SELECT id, latest_version_id FROM posts WHERE latest_version_id"
                               " IN (SELECT id FROM post_versions WHERE text LIKE '%t.co/%'"
                               " AND urls LIKE '%t.co/%' AND source != 'embed')")]
    finally:
        conn.close()
    assert latest, "no post whose X text holds a t.co link"
    listed = get(archive_path, "/posts").text
    for post_id, version in latest:
        shown = str(escape(version["shown_text"]))  # as the templates escape it
        assert "t.co/" not in version["shown_text"] and version["urls"], version["shown_text"]
        assert shown in listed, post_id
        # (the post page's text block: each link one left-to-right unit, words.ltr_units)
        assert str(ltr_units(version["shown_text"])) in get(archive_path, f"/post/{post_id}").text, \
            post_id
        word = max(re.findall(r"[A-Za-z]{5,}", version["text"].split("http")[0]), key=len)
        found = get(archive_path, f"/search?q={quote(word)}").text.split("Quotes in articles")[0]
        assert f'href="/post/{post_id}"' in found and "t.co/" not in found, (post_id, word)


def test_search_results_show_the_text_around_the_match_marked(archive_path):
    """Each result's text starts a little before its first match, the words matched
    marked, found folded as the search folds them (أنقره finds أنقرة, suriye SURİYE);
    the rest is escaped text."""
    found = get(archive_path, "/search?q=" + quote("أنقره")).text
    quotes = found.split("Quotes in articles")[1]
    shown = re.findall(r'<div class="clip" dir="auto">(.*?)</div>', quotes, re.S)
    assert shown and all("<mark>أنقرة</mark>" in s for s in shown), shown
    # the quote is long: it starts a few words before the match, said with "…"
    assert all(s.startswith("…") and s.index("<mark>") < 60 for s in shown), shown
    posts = found.split("Quotes in articles")[0]
    assert "<mark>أنقرة</mark>" in posts
    turkish = get(archive_path, "/search?q=suriye").text
    assert re.search(r"<mark>(SURİYE|Suriye)</mark>", turkish)
    hostile = get(archive_path, "/search?q=harbour").text  # a quote holding markup
    assert "&lt;img src=x onerror=alert(1)&gt; The <mark>harbour</mark> road" in hostile
    assert "<img src=x" not in hostile


def test_snippet_marks_each_match_on_the_text_s_own_characters():
    from archiver.browse.data import snippet
    from archiver.textnorm import fts_query

    def marked(text, words):
        found = snippet(text, fts_query(words))
        return ("…" if found["cut_before"] else "") + "".join(
            f"[{t}]" if hit else t for t, hit in found["parts"]) + (
            "…" if found["cut_after"] else "")

    assert marked("وَزَارَةُ الخَارِجِيَّةِ تُعْلِنُ", "الخارجيه") == "وَزَارَةُ [الخَارِجِيَّةِ] تُعْلِنُ"
    assert marked("SURİYE ile Suriye'de", "suriye") == "[SURİYE] ile [Suriye]'de"
    assert marked("the harbour road", "harb*") == "the [harbour] road"
    assert marked("nothing here", "harbour") == "nothing here"
    long = "word " * 100 + "target " + "more " * 100
    shown = marked(long, "target")
    assert shown.startswith("…word") and "[target]" in shown and shown.endswith("…")
    assert len(shown) < 300 and shown.index("[target]") < 50


@pytest.mark.parametrize("text, unit, after", [
    ("راجعوا https://harbour.example/a، ثم اتصلوا بنا", "https://harbour.example/a", "،"),
    ("هل قرأتم https://harbour.example/a؟", "https://harbour.example/a", "؟"),
    ("رپورٹ https://harbour.example/a۔", "https://harbour.example/a", "۔"),
    ("(see https://en.wikipedia.org/wiki/Mercury_(planet))", "https://en.wikipedia.org/wiki/Mercury_(planet)", ")"),
    ("كتب @HarbourFerries اليوم", "@HarbourFerries", " "),
    # a hashtag in Latin letters too, as X's widget marks it (drawn "Oman#" in Persian)
    ("سفر وزیر به #Oman امروز", "#Oman", " "),
    ("זה קרה ב-#Haifa2025, בבוקר", "#Haifa2025", ","),
])
def test_a_link_or_mention_is_one_left_to_right_unit_without_the_sentences_punctuation(
        text, unit, after):
    from archiver.browse.words import ltr_units

    assert f'<bdi dir="ltr">{unit}</bdi>{after}' in str(ltr_units(text))


def test_a_hashtag_in_a_right_to_left_script_runs_with_its_text():
    from archiver.browse.words import ltr_units

    assert "<bdi" not in str(ltr_units("خبر #عاجل الآن"))


@pytest.mark.parametrize("events, said", [
    ([{"status": "available", "previous_status": "unchecked"}], "has found it there since"),
    ([{"status": "available", "previous_status": "unchecked"},
      {"status": "unavailable", "previous_status": "available"},
      {"status": "available", "previous_status": "unavailable"}],
     "has found it there again since"),
])
def test_a_post_back_on_x_is_said_to_be_back_not_first_found(events, said):
    """A post gone and answered again: its page said the archive 'first found it' on X on
    the day it came back, a month after it was archived."""
    from jinja2 import Environment, FileSystemLoader

    from archiver.browse import TEMPLATES, words

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.filters["ltr_units"] = words.ltr_units
    env.globals.update(words.context())
    macros = env.get_template("archiver_macros.html").make_module(words.context())
    post = {"status": "available", "status_since": "2027-02-10T06:00:00Z", "events": events,
            "last_checked_at": "2027-02-11T06:00:00Z"}
    line = str(macros.status_line(post))
    assert f"{said} <time>2027-02-10T06:00:00Z</time>" in line and "first found" not in line


@pytest.mark.parametrize("reason, headline", [
    ("deleted", "No longer on X: deleted"),
    ("suspended", "No longer on X: account suspended"),
    ("age_restricted", "On X, hidden from readers not logged in: age-restricted"),
    ("protected", "On X, shown to its account's followers only: account protected"),
    ("withheld", "No longer on X: withheld"),  # (in a country, or taken down by X)
])
def test_a_post_x_hides_is_not_said_to_be_gone_from_x(reason, headline):
    """A post X hides from the archive (age-restricted, protected, withheld) is still on X
    for some readers: its headline says so, not "No longer on X"."""
    from archiver.browse import words
    from archiver.browse.report import _environment

    template = _environment().from_string(
        '{% import "archiver_macros.html" as m with context %}{{ m.status_line(post) }}')
    said = template.render(post={"status": "unavailable", "unavailable_reason": reason,
                                 "status_since": "2026-01-01T00:00:00Z"}, **words.context())
    assert headline in html_module.unescape(re.sub(r"<[^>]+>", "", said)), said


@pytest.mark.parametrize("typed, handles_found", [
    ("首相", {"jp_desk"}), ("記者会見", {"jp_desk"}), ("港口", {"cn_desk"}),
    ("ภาษี", {"th_desk"}), ("首相 Ankara", {"jp_desk"}), ("首相 Berlin", set()),
])
def test_the_served_search_finds_words_inside_scripts_written_without_spaces(
        tmp_path, typed, handles_found):
    """/search found "首相" in no post where `archiver posts --search` found it: the index
    holds a run of Japanese, Chinese or Thai letters as one token; both now look inside
    it, and mark the word there."""
    from .test_store import blockquote, write_page
    from archiver.pipeline import archive_source

    path = tmp_path / "unspaced.db"
    db = open_archive(path)
    archive_source(db, write_page(
        tmp_path / "unspaced.html",
        blockquote("1977000000000000011", "jp_desk", "記者クラブ",
                   "岸田首相がAnkaraで記者会見を開いた", lang="ja"),
        blockquote("1977000000000000012", "cn_desk", "新闻台", "港口本周对船只开放", lang="zh"),
        blockquote("1977000000000000013", "th_desk", "ข่าว", "รัฐบาลจะไม่ขึ้นภาษีในปีนี้",
                   lang="th")))
    expected = {r["handle"] for r in find_posts(db, search=typed)}
    db.conn.close()
    assert expected == handles_found  # (the CLI's, the reference)
    page, exported = fetch(path, f"/search?q={quote(typed)}", f"/search.json?q={quote(typed)}")
    posts = page.text.split("Quotes in articles")[0]
    shown = set(re.findall(r'href="/posts\?handle=([^"&]+)', posts)) or set(
        re.findall(r"@([a-z]{2}_desk)", posts))
    assert shown == handles_found, posts[-2000:]
    assert {r["handle"] for r in json.loads(exported.text) if r["type"] == "post"} \
        == handles_found
    for word in typed.split():
        if handles_found and not word.isascii():
            assert f"<mark>{word}</mark>" in page.text


def test_a_pdf_names_the_scripts_no_installed_font_draws():
    """`report --pdf` printed Chinese words as boxes on a machine without a font for
    them, and said nothing: the scripts the report holds that fontconfig finds no font
    for are named (the warning `report --pdf` prints)."""
    import shutil
    import subprocess

    from archiver.browse.report import missing_fonts

    if shutil.which("fc-list") is None:
        assert missing_fonts("首相 مرحبا") == []
        return

    def drawn(lang):
        return bool(subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True,
                                   check=False).stdout.strip())

    expected = [name for name, lang in (("Chinese and Japanese", "zh"), ("Arabic", "ar"))
                if not drawn(lang)]
    assert missing_fonts("<p>首相は会見で</p><p>قال الوزير</p>") == expected
    assert missing_fonts("<p>The harbour road is closed.</p>") == []
