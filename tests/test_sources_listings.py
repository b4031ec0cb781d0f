"""Feeds and sitemaps as sites serve them, read by the run over HTTP (the sample server on
127.0.0.1): the files in tests/pages/listings, written with the origin
http://127.0.0.1:18080, which each test replaces with the server's."""

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.http import Http
from archiver.job import article_urls
from archiver.pipeline import Archiver
from archiver.sources import Source, load_sources
from archiver.store import open_archive

LISTINGS = Path(__file__).resolve().parent / "pages" / "listings"
ORIGIN = b"http://127.0.0.1:18080"


@pytest.fixture
def server(sample_server):
    sample_server.overrides.clear()
    sample_server.requests.clear()
    yield sample_server
    sample_server.overrides.clear()


def serve(server, path, name=None, content_type="application/xml", *, body=None,
          headers=None):
    """Serve the listing file `name` (or `body`) at `path`, its origin the server's."""
    data = body if body is not None else (LISTINGS / name).read_bytes()
    host = server.url.split("//", 1)[1].encode()  # a link without its scheme too
    server.overrides[path] = (200, data.replace(ORIGIN[len(b"http://"):], host), content_type,
                              headers or {})
    return f"{server.url}{path}"


def article(server, name):
    return f"{server.url}/a/{name}"


def archiver(*args):
    """The command in a process of its own: its log reaches its stderr as it would."""
    return subprocess.run([sys.executable, "-m", "archiver.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def listed(tmp_path, url, kind, max_articles=50):
    """(the URLs the run takes from the source, the run's errors)."""
    db = open_archive(tmp_path / "a.db")
    errors: list[str] = []
    http = Http(allow_private=True, host_delay=0, retries=0)
    urls, _page = article_urls(Archiver(db, http, None), Source(url, kind, max_articles), errors)
    return urls, errors


# -- newest first: the dates, read as the instants they are ------------------------------

def test_a_feed_in_editorial_order_gives_its_newest_items(server, tmp_path):
    url = serve(server, "/f/editorial.xml", "editorial.xml", "text/xml")
    urls, errors = listed(tmp_path, url, "feed", max_articles=2)
    assert errors == []
    assert urls == [article(server, "08-lavanguardia-es-amp-url-tweetid.html"),  # 30 Nov
                    article(server, "07-eltiempo-es-rendered-saved.html")]  # 29 Nov


def test_feed_dates_in_any_zone_and_items_without_one_after_the_dated(server, tmp_path):
    url = serve(server, "/f/mixed-dates.atom", "mixed-dates.atom", "application/atom+xml")
    urls, errors = listed(tmp_path, url, "feed")
    assert errors == []
    assert urls == [article(server, name) for name in (
        "08-lavanguardia-es-amp-url-tweetid.html",  # updated 30 Nov 01:00 UTC
        "12-uproxx-quote-repeat.html",  # published 29 Nov 16:00 UTC
        "10-breakingsoup-wp-block.html",  # updated 28 Nov
        "07-eltiempo-es-rendered-saved.html",  # no date: after, in feed order
        "16-euronews-fr-data-tweet-id.html")]


def test_rss_1_dc_dates_order_the_items(server, tmp_path):
    body = (LISTINGS / "rdf.xml").read_bytes().replace(  # the older item first
        b"2026-11-29T06:00:00+09:00", b"2026-11-30T06:30:00+09:00")
    url = serve(server, "/f/rdf.xml", body=body, content_type="application/rdf+xml")
    urls, _ = listed(tmp_path, url, "feed", max_articles=1)
    assert urls == [article(server, "15-substack-xcom-screenshot.html")]


def test_news_sitemap_publication_dates_in_several_zones_order_as_instants(server, tmp_path):
    url = serve(server, "/s/news.xml", "news.xml")
    urls, errors = listed(tmp_path, url, "sitemap")
    assert errors == []
    assert urls == [article(server, name) for name in (
        "15-substack-xcom-screenshot.html",  # 2026-11-29T23:00:00-05:00 = 30 Nov 04:00 UTC
        "19-aktualne-cz-codefragment.html",  # 2026-11-30T03:30:00Z
        "10-breakingsoup-wp-block.html",  # 2026-11-30 = 30 Nov 00:00 UTC
        "09-standard-amp-runtime.html")]  # 2026-11-30T05:00:00+09:00 = 29 Nov 20:00 UTC


def test_lastmod_as_a_date_or_a_datetime_in_any_zone(server, tmp_path):
    url = serve(server, "/s/mixed-lastmod.xml", "mixed-lastmod.xml")
    urls, _ = listed(tmp_path, url, "sitemap", max_articles=1)
    # 2026-11-29T23:59:00-08:00 is 30 Nov 07:59 UTC: newer than 2026-11-30 (00:00 UTC) and
    # than 2026-11-30T01:00:00+14:00 (29 Nov 11:00 UTC)
    assert urls == [article(server, "15-substack-xcom-screenshot.html")]


def test_an_index_without_lastmod_is_read_whole_for_the_newest(server, tmp_path):
    url = serve(server, "/s/index-yearly.xml", "index-yearly.xml")
    for year in (2024, 2025, 2026):  # listed oldest first, as yearly indexes are
        serve(server, f"/s/y{year}.xml", f"y{year}.xml")
    urls, errors = listed(tmp_path, url, "sitemap", max_articles=2)
    assert errors == []
    assert urls == [article(server, "09-standard-amp-runtime.html"),  # 2026-11-30
                    article(server, "15-substack-xcom-screenshot.html")]  # 2026-11-29


def test_an_index_with_lastmod_is_read_newest_first_and_no_further_than_needed(server,
                                                                              tmp_path):
    url = serve(server, "/s/index-dated.xml", "index-dated.xml")
    for year in (2024, 2025, 2026):
        serve(server, f"/s/y{year}.xml", f"y{year}.xml")
    urls, errors = listed(tmp_path, url, "sitemap", max_articles=2)
    assert errors == []
    assert urls == [article(server, "09-standard-amp-runtime.html"),
                    article(server, "15-substack-xcom-screenshot.html")]
    # y2026 (30 Nov 02:00 UTC) first; y2025 (29 Nov 19:00 UTC) may hold an article newer
    # than 29 Nov 00:00 UTC, so it is read; y2024 (May 2024) cannot: it is not.
    assert [p for p in server.requests if p.startswith("/s/")] == [
        "/s/index-dated.xml", "/s/y2026.xml", "/s/y2025.xml"]


def test_at_most_50_nested_sitemaps_a_run_said_in_one_line(server, tmp_path, caplog):
    children = "".join(f"<sitemap><loc>{server.url}/s/part-{n}.xml</loc></sitemap>"
                       for n in range(60))
    url = serve(server, "/s/index-big.xml", body=(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9">{children}</sitemapindex>').encode())
    for n in range(60):
        serve(server, f"/s/part-{n}.xml", body=(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9"><url><loc>{server.url}/a/{n}.html</loc>'
            f"<lastmod>2026-01-01T00:{n:02d}:00Z</lastmod></url></urlset>").encode())
    caplog.set_level("INFO", logger="archiver")
    urls, errors = listed(tmp_path, url, "sitemap", max_articles=3)
    assert errors == []
    assert urls == [f"{server.url}/a/{n}.html" for n in (49, 48, 47)]
    assert len([p for p in server.requests if p.startswith("/s/part-")]) == 50
    said = [r.getMessage() for r in caplog.records if "nested sitemaps" in r.getMessage()]
    assert said == [f"sitemap {url}: 50 nested sitemaps read, 10 more not (at most 50 a run)"]


# -- gzip without Content-Encoding: .xml.gz as application/x-gzip or octet-stream ----------

def test_an_index_of_gzipped_sitemaps_served_as_gzip_files(server, tmp_path):
    url = serve(server, "/s/index-gz.xml", "index-gz.xml")
    plain = (LISTINGS / "posts-1.xml").read_bytes().replace(ORIGIN, server.url.encode())
    serve(server, "/s/posts-1.xml.gz", body=gzip.compress(plain), content_type="application/x-gzip")
    # the same kind of file with Content-Encoding: gzip, as some servers send it
    other = (LISTINGS / "posts-2.xml").read_bytes().replace(ORIGIN, server.url.encode())
    serve(server, "/s/posts-1ce.xml.gz", body=gzip.compress(other),
          headers={"Content-Encoding": "gzip"})
    urls, errors = listed(tmp_path, url, "sitemap")
    assert errors == []
    assert urls == [article(server, name) for name in (
        "09-standard-amp-runtime.html", "15-substack-xcom-screenshot.html",
        "19-aktualne-cz-codefragment.html", "10-breakingsoup-wp-block.html")]


def test_a_gzipped_feed_served_as_octet_stream(server, tmp_path):
    packed = gzip.compress((LISTINGS / "editorial.xml").read_bytes().replace(
        ORIGIN, server.url.encode()))
    url = serve(server, "/f/editorial.xml.gz", body=packed,
                content_type="application/octet-stream")
    urls, errors = listed(tmp_path, url, "feed", max_articles=1)
    assert (urls, errors) == ([article(server, "08-lavanguardia-es-amp-url-tweetid.html")], [])


def test_a_gzip_body_too_large_or_broken_is_one_error(server, tmp_path):
    bomb = gzip.compress(b"<urlset>" + b" " * (51 * 2**20))  # 51 MB in 50 KB
    big = serve(server, "/s/big.xml.gz", body=bomb, content_type="application/x-gzip")
    broken = serve(server, "/s/broken.xml.gz", body=bomb[:2000],
                   content_type="application/x-gzip")
    assert listed(tmp_path, big, "sitemap") == (
        [], [f"sitemap {big}: not a sitemap (a gzip body over 50 MB decompressed)"])
    urls, errors = listed(tmp_path, broken, "sitemap")
    assert urls == [] and len(errors) == 1
    assert errors[0].startswith(f"sitemap {broken}: not a sitemap (a gzip body that does not "
                                "decompress: ")


# -- the charset of the Content-Type header -----------------------------------------------

ARABIC = "عاجل-العاصفة.html"


def test_a_feed_in_the_charset_only_its_header_names(server, tmp_path):
    url = serve(server, "/f/cp1256-header-only.xml", "cp1256-header-only.xml",
                "application/rss+xml; charset=windows-1256")
    urls, errors = listed(tmp_path, url, "feed")
    assert errors == []
    assert urls == [article(server, ARABIC), article(server, "15-substack-xcom-screenshot.html")]


def test_a_sitemap_in_the_charset_only_its_header_names(server, tmp_path):
    url = serve(server, "/s/cp1256.xml", "cp1256-header-only-sitemap.xml",
                "application/xml; charset=windows-1256")
    urls, errors = listed(tmp_path, url, "sitemap")
    assert errors == []
    assert urls == [article(server, ARABIC), article(server, "15-substack-xcom-screenshot.html")]


@pytest.mark.parametrize("declaration", [b'<?xml version="1.0" encoding="UTF-8"?>',
                                         b'<?xml version="1.0"?>', b"\xef\xbb\xbf"])
def test_a_utf8_feed_under_a_servers_default_charset_stays_utf8(server, tmp_path, declaration):
    body = (LISTINGS / "editorial.xml").read_bytes().replace(  # é: two bytes in UTF-8
        b"08-lavanguardia-es-amp-url-tweetid.html", "café-politique.html".encode())
    body = declaration + body.split(b"?>", 1)[1]
    url = serve(server, "/f/utf8.xml", body=body,
                content_type="application/rss+xml; charset=windows-1251")
    urls, _ = listed(tmp_path, url, "feed")
    assert urls[0] == article(server, "café-politique.html")  # not cafÃ©


# -- tracking parameters and fragments: one article, one URL -------------------------------

def test_tracking_parameters_make_no_second_article(server, tmp_path):
    url = serve(server, "/f/dups.xml", "dups.xml", "application/rss+xml")
    urls, errors = listed(tmp_path, url, "feed")
    assert errors == []
    assert urls == [article(server, "09-standard-amp-runtime.html"),
                    article(server, "15-substack-xcom-screenshot.html")]


def test_only_tracking_parameters_and_the_fragment_are_removed(server, tmp_path):
    url = serve(server, "/f/tracking.xml", "tracking.xml", "application/rss+xml")
    urls, errors = listed(tmp_path, url, "feed")
    assert errors == []
    assert urls == [f"{server.url}/?p=123",
                    article(server, "09-standard-amp-runtime.html"),
                    f"{server.url}/article.php?id=5",
                    article(server, "16-euronews-fr-data-tweet-id.html"),
                    article(server, "15-substack-xcom-screenshot.html?amp=1")]


def test_a_sitemaps_urls_lose_their_tracking_parameters_too(server, tmp_path):
    body = (LISTINGS / "y2026.xml").read_bytes().replace(
        b"09-standard-amp-runtime.html", b"09-standard-amp-runtime.html?utm_source=sitemap")
    url = serve(server, "/s/y2026.xml", body=body)
    assert listed(tmp_path, url, "sitemap")[0][0] == article(server, "09-standard-amp-runtime.html")


# -- links that are no web page --------------------------------------------------------------

def test_links_that_are_not_http_are_skipped_and_counted_in_one_line(server, tmp_path, caplog):
    url = serve(server, "/f/schemes.xml", "schemes.xml", "application/rss+xml")
    caplog.set_level("INFO", logger="archiver")
    urls, errors = listed(tmp_path, url, "feed")
    assert errors == []
    assert urls == [article(server, "15-substack-xcom-screenshot.html"),
                    article(server, "09-standard-amp-runtime.html")]
    assert [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()] == [
        f"feed {url}: 6 links not http(s) skipped (data:, ftp:, javascript:, mailto:, tel:)"]


def test_a_run_says_the_skipped_links_only_with_verbose(server, tmp_path):
    url = serve(server, "/f/schemes.xml", "schemes.xml", "application/rss+xml")
    for name in ("15-substack-xcom-screenshot.html", "09-standard-amp-runtime.html"):
        server.overrides[f"/a/{name}"] = (200, b"<html><body><p>No post here.</p></body></html>",
                                          "text/html; charset=utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\nkind = "feed"\n')
    db = tmp_path / "a.db"
    quiet = archiver("run", "--sources", sources, "--db", db)
    assert (quiet.returncode, quiet.stderr) == (0, "")
    said = archiver("-v", "run", "--sources", sources, "--db", db)
    assert said.returncode == 0
    assert [line for line in said.stderr.splitlines() if "skipped" in line] == [
        f"INFO archiver.sources: feed {url}: 6 links not http(s) skipped (data:, ftp:, "
        "javascript:, mailto:, tel:)"]
    errors = open_archive(db).execute("SELECT errors, articles_seen FROM runs").fetchall()
    assert errors == [("[]", 2), ("[]", 2)]


# -- a sitemap entry's own <loc>, never its image's ----------------------------------------

def test_an_image_before_the_entrys_loc_is_not_the_article(server, tmp_path):
    url = serve(server, "/s/images.xml", "images.xml")
    urls, errors = listed(tmp_path, url, "sitemap")
    assert errors == []
    assert urls == [article(server, "12-uproxx-quote-repeat.html"),  # 10:00 UTC
                    article(server, "07-eltiempo-es-rendered-saved.html")]  # 10:00+01:00


def test_only_the_loc_in_the_sitemaps_own_namespace_is_the_article(server, tmp_path):
    url = serve(server, "/s/media.xml", "media.xml")
    urls, errors = listed(tmp_path, url, "sitemap")
    assert errors == []
    assert urls == [article(server, "12-uproxx-quote-repeat.html"),
                    article(server, "16-euronews-fr-data-tweet-id.html")]


def test_a_sitemap_without_a_namespace_is_read_too(server, tmp_path):
    body = (LISTINGS / "images.xml").read_bytes().replace(
        b' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"', b"")
    url = serve(server, "/s/bare.xml", body=body)
    assert listed(tmp_path, url, "sitemap")[0] == [
        article(server, "12-uproxx-quote-repeat.html"),
        article(server, "07-eltiempo-es-rendered-saved.html")]


# -- the kind: a guess from the URL, confirmed by what it serves ---------------------------

PAGE = (Path(__file__).resolve().parent / "pages" / "corpus" / "09-standard-amp-runtime.html")


def guessed(tmp_path, url, max_articles=50):
    """(the kind guessed for `url` in a sources file without `kind`, the URLs the run takes
    from it, the run's errors)."""
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\nmax_articles = {max_articles}\n')
    [source] = load_sources(sources)
    db = open_archive(tmp_path / "a.db")
    errors: list[str] = []
    http = Http(allow_private=True, host_delay=0, retries=0)
    urls, _page = article_urls(Archiver(db, http, None), source, errors)
    return source.kind, urls, errors


def test_an_article_whose_name_has_feed_in_it_is_an_article(server, tmp_path):
    url = serve(server, "/a/feeding-program-cut.html", body=PAGE.read_bytes(),
                content_type="text/html; charset=utf-8")
    assert guessed(tmp_path, url) == ("article", [url], [])


def test_a_wordpress_feed_by_its_query_is_a_feed(server, tmp_path):
    serve(server, "/", "editorial.xml", "application/rss+xml; charset=UTF-8")
    kind, urls, errors = guessed(tmp_path, f"{server.url}/?feed=rss2", max_articles=1)
    assert (kind, urls, errors) == (
        "feed", [article(server, "08-lavanguardia-es-amp-url-tweetid.html")], [])


def test_a_sitemap_at_a_feeds_address_is_read_as_a_sitemap(server, tmp_path):
    url = serve(server, "/s/news.xml", "news.xml")
    kind, urls, errors = guessed(tmp_path, url, max_articles=1)
    assert (kind, urls, errors) == ("feed", [article(server, "15-substack-xcom-screenshot.html")],
                                    [])


def test_a_feed_at_an_articles_address_is_read_as_a_feed(server, tmp_path):
    url = serve(server, "/2026/11/30/storm/", "mixed-dates.atom", "application/atom+xml")
    kind, urls, errors = guessed(tmp_path, url, max_articles=1)
    assert (kind, urls, errors) == (
        "article", [article(server, "08-lavanguardia-es-amp-url-tweetid.html")], [])


def test_a_page_at_a_feeds_address_is_the_article(server, tmp_path, caplog):
    url = serve(server, "/topics/atom/", body=PAGE.read_bytes(),
                content_type="text/html; charset=utf-8")
    caplog.set_level("INFO", logger="archiver")
    assert guessed(tmp_path, url) == ("feed", [url], [])
    assert f"{url}: an HTML page, archived as an article (its URL suggested a feed)" in [
        r.getMessage() for r in caplog.records]


def test_a_given_kind_yields_to_a_listing_that_is_clearly_the_other(server, tmp_path, caplog):
    url = serve(server, "/f/editorial.xml", "editorial.xml", "text/xml")
    caplog.set_level("INFO", logger="archiver")
    urls, errors = listed(tmp_path, url, "sitemap", max_articles=1)
    assert (urls, errors) == ([article(server, "08-lavanguardia-es-amp-url-tweetid.html")], [])
    assert f'{url}: a feed, read as one (kind = "sitemap" is given)' in [
        r.getMessage() for r in caplog.records]


def test_a_given_kind_never_makes_an_error_page_an_article(server, tmp_path):
    url = serve(server, "/f/feed.xml", body=b"<!DOCTYPE html><html><head><title>Sign in"
                b"</title></head><body><form>...</form></body></html>",
                content_type="text/html; charset=utf-8")
    assert listed(tmp_path, url, "feed") == ([], [f"feed {url}: not a feed (an HTML page)"])
    nested = serve(server, "/s/index.xml", body=(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{url}</loc></sitemap></sitemapindex>").encode())
    assert listed(tmp_path, nested, "sitemap") == (
        [], [f"sitemap {url}: not a sitemap (an HTML page)"])


def test_a_given_article_is_never_read_as_a_listing(server, tmp_path):
    url = serve(server, "/feed/", "editorial.xml", "application/rss+xml")
    assert listed(tmp_path, url, "article") == ([url], [])
    assert server.requests == []


def test_a_guessed_article_is_read_first_only_until_it_is_archived(sample_server, tmp_path):
    server = sample_server
    url = f"{server.url}/news/harbour-storm-desks.html"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\n')
    db = tmp_path / "a.db"
    server.requests.clear()
    for _ in range(2):
        done = archiver("run", "--sources", sources, "--db", db)
        assert (done.returncode, done.stderr) == (0, "")
    # first run: read once, to see what it is, and archived from that reading (a page
    # that takes 30 s took 60: it was fetched again); second run: one conditional GET
    assert server.requests.count("/news/harbour-storm-desks.html") == 2
    assert open_archive(db).execute(
        "SELECT articles_new, articles_unchanged FROM runs ORDER BY id").fetchall() == [
        (1, 0), (0, 1)]


def test_a_guessed_article_that_fails_is_asked_once_a_run(sample_server, tmp_path):
    """Read to see what it is, it answered 404: that answer is the article's failure, not
    asked again (with retries, a 5xx cost twice as many requests)."""
    server = sample_server
    url = f"{server.url}/news/missing-article.html"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\n')
    server.requests.clear()
    done = archiver("run", "--sources", sources, "--db", tmp_path / "a.db")
    assert done.returncode == 0, done.stderr
    assert "404" in done.stderr
    assert server.requests.count("/news/missing-article.html") == 1
    assert open_archive(tmp_path / "a.db").execute(
        "SELECT articles_seen, articles_failed FROM runs").fetchall() == [(1, 1)]


@pytest.mark.parametrize("url, kind", [
    ("https://news.example/a/feeding-program-cut.html", "article"),
    ("https://news.example/how-to-build-a-sitemap.html", "article"),
    ("https://news.example/news/rss-reader-review/", "article"),
    ("https://news.example/2026/11/30/storm/", "article"),
    ("https://news.example/?feed=rss2", "feed"),
    ("https://news.example/index.php?format=feed&type=rss", "feed"),
    ("https://news.example/category/world/feed/", "feed"),
    ("https://news.example/feeds/posts/default", "feed"),
    ("https://news.example/rss.php", "feed"),
    ("https://news.example/index.rss", "feed"),
    ("https://feeds.feedburner.com/ExampleNews", "feed"),
    ("https://news.example/rss.xml", "feed"),
    ("https://news.example/sitemap_index.xml", "sitemap"),
    ("https://news.example/post-sitemap.xml", "sitemap"),
    ("https://news.example/sitemaps/2026-11.xml", "sitemap"),
    ("https://news.example/s/posts-1.xml.gz", "sitemap"),
    ("https://news.example/?sitemap=news", "sitemap"),
])
def test_the_guess_is_by_whole_segments_names_and_queries(tmp_path, url, kind):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\n')
    [source] = load_sources(sources)
    assert (source.kind, source.guessed) == (kind, True)


def test_an_error_page_once_at_a_guessed_feed_does_not_make_it_an_article(server, tmp_path):
    error_page = (b"<!DOCTYPE html><html><head><title>Service unavailable</title></head>"
                  b"<body><h1>Back soon</h1></body></html>")
    url = serve(server, "/f/flaky.xml", body=error_page, content_type="text/html")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{url}"\nmax_articles = 1\n')
    db = tmp_path / "a.db"
    assert archiver("run", "--sources", sources, "--db", db).returncode == 0  # the page
    serve(server, "/f/flaky.xml", "editorial.xml", "application/rss+xml")  # the feed again
    assert archiver("run", "--sources", sources, "--db", db).returncode == 0
    newest = article(server, "08-lavanguardia-es-amp-url-tweetid.html")
    assert open_archive(db).execute("SELECT url FROM articles ORDER BY id").fetchall() == [
        (url,), (newest,)]


@pytest.mark.parametrize("kind", ["feed", None])
def test_a_feed_after_a_php_warning_served_as_html_is_still_a_feed(server, tmp_path, kind):
    # PHP printed a warning before the feed, so the feed's own Content-Type never went out
    body = (b"<br />\n<b>Warning</b>:  Undefined array key \"x\" in <b>/var/www/wp-content/"
            b"plugins/seo/feed.php</b> on line <b>42</b><br />\n"
            + (LISTINGS / "editorial.xml").read_bytes())
    url = serve(server, "/feed/", body=body, content_type="text/html; charset=UTF-8")
    newest = [article(server, "08-lavanguardia-es-amp-url-tweetid.html")]
    if kind:
        assert listed(tmp_path, url, kind, max_articles=1) == (newest, [])
    else:
        assert guessed(tmp_path, url, max_articles=1) == ("feed", newest, [])


# -- a listing cut short -------------------------------------------------------------------

@pytest.mark.parametrize("name, kind, content_type", [
    ("editorial.xml", "feed", "text/xml"), ("mixed-dates.atom", "feed", "application/atom+xml"),
    ("news.xml", "sitemap", "application/xml")])
def test_a_listing_cut_short_is_read_as_far_as_it_goes_and_said(server, tmp_path, name, kind,
                                                                 content_type):
    """A feed or sitemap whose bytes stop before its root element closes (the transport's
    length met, the listing's not) was read silently: the items after the cut unknown,
    and no error anywhere. The links before the cut are taken, and the cut said."""
    whole = (LISTINGS / name).read_bytes()
    full_url = serve(server, f"/cut/whole-{name}", name, content_type)
    (tmp_path / "whole").mkdir()
    every, errors = listed(tmp_path / "whole", full_url, kind)
    assert errors == [] and len(every) >= 2
    cut = whole[:whole.rindex(b"<", 0, int(len(whole) * 0.7))]
    url = serve(server, f"/cut/{name}", body=cut, content_type=content_type)
    urls, errors = listed(tmp_path, url, kind)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{kind} {url}: cut short: it stops before its closing </")
    assert set(urls) <= set(every) and len(urls) < len(every)


SITEMAP_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')


@pytest.mark.parametrize("cut_after", [b"<loc>{a}/a/f2", b"<loc>{a}/a/f29b?id=12"])
def test_a_sitemap_cut_inside_an_address_lists_none_of_it(server, tmp_path, cut_after):
    """The address the cut went into is the start of another one, maybe a real article:
    it is not taken, the addresses before it are."""
    origin = server.url.encode()
    body = SITEMAP_HEAD + b"".join(
        b"<url><loc>%s/a/%s</loc></url>\n" % (origin, name) for name in (b"f25a", b"f25b")
    ) + b"<url>" + cut_after.replace(b"{a}", origin)
    url = serve(server, "/cut/loc.xml", body=body)
    urls, errors = listed(tmp_path, url, "sitemap")
    assert urls == [f"{server.url}/a/f25a", f"{server.url}/a/f25b"]
    assert len(errors) == 1 and "cut short" in errors[0]


def test_a_sitemap_index_that_lists_itself_is_read_once(server, tmp_path):
    origin = server.url.encode()
    index = (b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps'
             b'.org/schemas/sitemap/0.9"><sitemap><loc>%s/s/self-child.xml</loc></sitemap>'
             b'<sitemap><loc>%s/s/self-index.xml</loc></sitemap></sitemapindex>'
             % (origin, origin))
    child = SITEMAP_HEAD + b"<url><loc>%s/a/one.html</loc></url></urlset>" % origin
    url = serve(server, "/s/self-index.xml", body=index)
    serve(server, "/s/self-child.xml", body=child)
    server.requests.clear()
    urls, errors = listed(tmp_path, url, "sitemap")
    assert urls == [f"{server.url}/a/one.html"] and errors == []
    asked = [path for path in server.requests if path.startswith("/s/self")]
    assert sorted(asked) == ["/s/self-child.xml", "/s/self-index.xml"]
