"""A real headless Chromium on a real `archiver serve` (loopback only), over the samples
archived by the pipeline: Arabic, Turkish and English misquotes, a misattribution, a
wrong date, a deleted post.

A screenshot of each page type is saved under the test's temporary directory
(`--basetemp` chooses it). The DOM is checked: the difference is marked, Arabic runs
right-to-left, every image loads, nothing breaks the pages' Content-Security-Policy.
A crawl from the home page through every link within three clicks finds no 404 or 500.
"""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from archiver.render import chromium_flags

from .conftest import system_chromium
from .test_browse import ARABIC_DESK, COAST_WEEKLY, PHOTOS, build_archive, sql
from .test_cuts_to_read import FERRY, TIMETABLE, blockquote
from .test_cuts_to_read import PAGES as CUT_PAGES
from .test_cuts_to_read import page as news_page
from .test_verdict_scenarios import DESK, MOFA, P

#: Long tokens a misquote changes near their end: a hashtag, a compound, a link's query.
LONG = P(DESK, "Sign today: #KeepTheNorthernBreakwaterOpenForFishingBoats2025 — "
               "Hafenbetriebsgenehmigungszuständigkeitsübertragungsverordnung", "de",
         at="2025-11-03T11:00:00Z")
#: A link with Arabic in its path, in Arabic text: X shows it as one left-to-right unit.
AR_LINK = P(MOFA, "التقرير الكامل هنا [[https://harbour.example/تقرير/2025?id=7|"
                  "harbour.example/تقرير/2025?id=7]] للمزيد", "ar", at="2025-11-03T12:00:00Z")
LONG_PAGES = {"petition.html": news_page("The breakwater petition", blockquote(
    LONG, LONG.text.replace("2025", "2026").replace("verordnung", "gesetz"))
    + blockquote(AR_LINK))}
from .test_cuts_to_read import build as add_pages

PAGES = {  # page type -> path (article ids are filled in from the archive)
    "home": "/",
    "misquotes": "/misquotes",
    "unavailable": "/unavailable",
    "articles": "/articles",
    "posts": "/posts",
    "search": "/search?q=" + urllib.request.quote("الخارجية SURİYE"),
    "search-turkish": "/search?q=suriye",
    "article-arabic": "/article/{arabic}",
    "article-english": "/article/{english}",
    "post": f"/post/{PHOTOS}",
    "post-deleted": "/post/1898792145515446306",
    "image": "/image/{image}",
    "report": "/article/{arabic}/report",
    "article-cuts": "/article/{cuts}",
    "article-cut-embed": "/article/{cut_embed}",
    "post-cuts": f"/post/{FERRY.post_id}",
    "datasette-posts": "/archive/post_overview",
    "datasette-embeds": "/archive/embeds",
}


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory, sample_server):
    """The browse archive, and the cuts to read: an embed cut in its middle, and an
    article whose prose quotes are found in the author's posts with a cut to read (the
    longest badges, beside a handle, on a phone)."""
    path = build_archive(tmp_path_factory.mktemp("browse") / "archive.db", sample_server)
    return add_pages(path, sample_server, {**CUT_PAGES, **LONG_PAGES},
                     [FERRY, TIMETABLE, LONG, AR_LINK])


@pytest.fixture(scope="module")
def served(archive_path, tmp_path_factory):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    logs = tmp_path_factory.mktemp("serve") / "serve.log"
    log = open(logs, "w")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "serve", "--db",
                             str(archive_path), "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise AssertionError(logs.read_text())
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = system_chromium()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=chromium_flags())
        yield launched
        launched.close()


def page_paths(archive_path):  # noqa: F811
    [(arabic,)] = sql(archive_path, "SELECT id FROM articles WHERE url LIKE ?", f"%/{ARABIC_DESK}")
    [(english,)] = sql(archive_path, "SELECT id FROM articles WHERE url LIKE ?", f"%/{COAST_WEEKLY}")
    [(image,)] = sql(archive_path, "SELECT sha256 FROM media ORDER BY sha256 LIMIT 1")
    [(cuts,)] = sql(archive_path, "SELECT id FROM articles WHERE url LIKE ?", "%/fares-prose.html")
    [(cut_embed,)] = sql(archive_path, "SELECT id FROM articles WHERE url LIKE ?",
                         "%/fares-embed.html")
    return {name: path.format(arabic=arabic, english=english, image=image, cuts=cuts,
                              cut_embed=cut_embed)
            for name, path in PAGES.items()}


def test_screenshot_of_each_page_type(served, browser, archive_path, tmp_path_factory):  # noqa: F811
    shots = tmp_path_factory.mktemp("screenshots")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
            or "Refused to" in m.text else None)
    for name, path in page_paths(archive_path).items():
        response = page.goto(served + path, wait_until="load")
        assert response.status == 200, (name, path)
        # Thumbnails in Datasette's tables load lazily: load them all, then look.
        broken = page.evaluate("""async () => {
            const images = [...document.images];
            images.forEach(i => { i.loading = 'eager'; });
            await Promise.all(images.map(i => i.complete ? null : new Promise(done => {
                i.addEventListener('load', done); i.addEventListener('error', done); })));
            return images.filter(i => !(i.naturalWidth > 0)).map(i => i.src); }""")
        assert broken == [], (name, broken)
        # Every Arabic text sits in an element that sets its direction (dir="auto", or
        # dir="ltr" around a handle): none is left to the page's left-to-right default.
        undirected = page.evaluate("""() => {
            const found = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!/[\u0600-\u06FF]/.test(node.textContent)) continue;
                const owner = node.parentElement;
                if (owner.closest('[dir]') === null && !owner.closest('input, textarea'))
                    found.push(owner.tagName + ': ' + node.textContent.trim().slice(0, 40));
            }
            return found; }""")
        assert undirected == [], (name, undirected)
        shot = shots / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        if not name.startswith("datasette"):
            assert refused == [], (name, refused)  # Datasette's own pages run inline script
        refused.clear()
    print(f"screenshots in {shots}")
    page.close()


def test_article_page_marks_the_difference_and_reads_arabic_right_to_left(
        served, browser, archive_path):  # noqa: F811
    paths = page_paths(archive_path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + paths["article-arabic"], wait_until="load")
    marks = page.evaluate("""() => [...document.querySelectorAll('p.diff del, p.diff ins')]
        .map(e => [e.tagName, e.textContent, getComputedStyle(e).textDecorationLine])""")
    assert ["DEL", "أنقرة", "line-through"] in marks and ["INS", "إسطنبول", "underline"] in marks
    assert ["DEL", "yakın", "line-through"] in marks and ["INS", "sınırlı", "underline"] in marks
    directions = page.evaluate("""() => [...document.querySelectorAll('blockquote.text, p.diff')]
        .map(e => [e.getAttribute('lang') || '', getComputedStyle(e).direction,
                   e.matches(':dir(rtl)')])""")
    arabic = [d for d in directions if d[0] == "ar"]
    turkish = [d for d in directions if d[0] == "tr"]
    assert arabic and all(d[1:] == ["rtl", True] for d in arabic), directions
    assert turkish and all(d[1:] == ["ltr", False] for d in turkish), directions
    # the Arabic title and the handles: right-to-left title, left-to-right handles
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert page.evaluate("[...document.querySelectorAll('bdi[dir=ltr]')].every(e =>"
                         " getComputedStyle(e).direction == 'ltr')")
    loaded = page.evaluate("[...document.images].map(i => i.naturalWidth)")
    assert loaded and all(w > 0 for w in loaded)
    # a Datasette table: an Arabic cell runs right-to-left too
    page.goto(served + "/archive/embed_overview", wait_until="load")
    cells = page.evaluate("""() => [...document.querySelectorAll('td div[dir=auto]')]
        .filter(e => /[\\u0600-\\u06FF]/.test(e.textContent.trim()[0] || ''))
        .map(e => getComputedStyle(e).direction)""")
    assert cells and set(cells) == {"rtl"}
    page.close()


def test_post_page_images_load_at_their_size(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/post/{PHOTOS}", wait_until="load")
    widths = page.evaluate("[...document.querySelectorAll('#images img')].map(i => i.naturalWidth)")
    assert widths == [400, 400]  # the stored thumbnails, served from their BLOBs
    page.close()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("img", "script")
                                                              and name == "src")
                          or (tag == "link" and name == "href")):
                self.found.append(value)
        if tag == "form":
            action = dict(attrs).get("action")
            if action and (dict(attrs).get("method") or "get").lower() == "get":
                self.found.append(action)


def test_crawl_three_clicks_from_home_finds_no_broken_link(served):
    """Every link (and image, script, stylesheet, form) on loopback within three clicks of
    the home page answers without a 404 or a 5xx."""
    origin = urlsplit(served).netloc

    def visit(url):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                kind = response.headers.get("content-type", "")
                body = response.read() if kind.startswith("text/html") else b""
                return url, response.status, body.decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return url, exc.code, ""

    seen, frontier, failures = {served + "/"}, [served + "/"], []
    with ThreadPoolExecutor(8) as pool:
        for depth in range(4):  # the home page, then one, two and three clicks away
            following = []
            for url, status, body in pool.map(visit, frontier):
                if status == 404 or status >= 500:
                    failures.append((status, url))
                if depth == 3 or not body:
                    continue
                parser = _Links()
                parser.feed(body)
                for link in parser.found:
                    target = urldefrag(urljoin(url, link))[0]
                    parts = urlsplit(target)
                    if parts.scheme == "http" and parts.netloc == origin and target not in seen:
                        seen.add(target)
                        following.append(target)
            frontier = following
    assert failures == []
    assert len(seen) > 200
    print(f"crawled {len(seen)} URLs")
    assert any(re.search(r"/article/\d+/report$", u) for u in seen)


def test_every_table_fits_a_1366_pixel_window(served, browser, archive_path, tmp_path_factory):  # noqa: F811
    """Each table and view of the archive, at its default columns, fits a 1366 px window:
    hashes, raw markup, folded search copies and the like wait one click away (the
    table's hidden_columns), and that click shows them."""
    shots = tmp_path_factory.mktemp("tables")
    names = [n for (n,) in sql(archive_path, "SELECT name FROM sqlite_master WHERE type IN"
                               " ('table', 'view') AND name NOT LIKE '%fts%' AND name NOT LIKE"
                               " '\\_%' ESCAPE '\\' AND name != 'sqlite_sequence' ORDER BY name")]
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    wide, widths = {}, {}
    for name in names:
        assert page.goto(f"{served}/archive/{name}", wait_until="load").status == 200, name
        width = page.evaluate("""() => Math.max(document.documentElement.scrollWidth,
            ...[...document.querySelectorAll('.table-wrapper, table.rows-and-columns')]
               .map(e => e.scrollWidth))""")
        widths[name] = width
        if width > 1366:
            wide[name] = width
        page.screenshot(path=str(shots / f"{name}.png"))
    assert wide == {}, widths
    # the hidden columns one click away, and that click shows a wider table
    page.goto(f"{served}/archive/post_versions", wait_until="load")
    assert page.locator("th[data-column='raw_sha256']").count() == 0
    with page.expect_navigation(wait_until="load"):
        page.click("p.archiver-hidden-columns a")
    assert page.locator("th[data-column='raw_sha256']").count() == 1
    assert page.evaluate("document.querySelector('.table-wrapper').scrollWidth") > 1366
    print(f"table screenshots in {shots}: {widths}")
    page.close()


#: (left gap, right gap, lines) of the text of each element `selector` finds whose text
#: starts with an Arabic letter, measured against its table cell's content box.
_RTL_GAPS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => /^[\\u0600-\\u06FF]/.test(e.textContent.trim()))
    .map(e => {
        const cell = e.closest('td, h1'), style = getComputedStyle(cell);
        const box = cell.getBoundingClientRect();
        const left = box.left + parseFloat(style.paddingLeft);
        const right = box.right - parseFloat(style.paddingRight);
        const range = document.createRange();
        range.selectNodeContents(e);
        const lines = [...range.getClientRects()].filter(r => r.width > 0);
        return [Math.min(...lines.map(r => r.left)) - left,
                right - Math.max(...lines.map(r => r.right)),
                lines.map(r => Math.round(right - r.right)), getComputedStyle(cell).direction];
    })"""


def test_right_to_left_cells_and_titles_align_right(served, browser, archive_path):  # noqa: F811
    """An Arabic author's name in Datasette's posts table, and an Arabic article title in
    the articles list (wrapped onto several lines, too), sit at the right of their cell,
    as right-to-left text does; Latin text stays at the left."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(served + "/archive/posts", wait_until="load")
    names = page.evaluate(_RTL_GAPS, "td.col-author_name div[dir=auto]")
    assert names, "no Arabic author name in /archive/posts"
    # each ends at the cell's right edge; the widest sets the column's width
    assert all(right < 1 for _, right, _, _ in names) and max(n[0] for n in names) > 5, names
    latin = page.evaluate("""() => [...document.querySelectorAll('td.col-author_name div')]
        .filter(e => /^[A-Za-z]/.test(e.textContent.trim())).map(e => {
            const range = document.createRange(); range.selectNodeContents(e);
            return range.getBoundingClientRect().left - e.getBoundingClientRect().left; })""")
    assert latin and max(latin) < 1
    for width in (1366, 900):  # at 900 px the title wraps: every line ends at the right
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(served + "/articles", wait_until="load")
        titles = page.evaluate(_RTL_GAPS, "td > a[href^='/article/']")
        assert titles, "no Arabic title in /articles"
        for left, right, lines, direction in titles:
            assert direction == "rtl" and right < 1 and left > 5 and max(lines) < 1, titles
        if width == 900:
            assert any(len(lines) > 1 for _, _, lines, _ in titles), titles
            # "… منصة إكس | صحيفة العينة": the bar sits left of the word before it
            bars = page.evaluate("""() => [...document.querySelectorAll("td > a[href^='/article/']")]
                .filter(e => e.textContent.includes('إكس |')).map(e => {
                    const text = e.firstChild, at = text.data.indexOf('إكس |');
                    const rect = (from, to) => { const r = document.createRange();
                        r.setStart(text, from); r.setEnd(text, to); return r.getClientRects()[0]; };
                    const word = rect(at, at + 3), bar = rect(at + 4, at + 5);
                    return [Math.round(word.top) == Math.round(bar.top), bar.right <= word.left + 1]; })""")
            assert bars and all(same_line is False or left for same_line, left in bars), bars
    page.goto(served + f"/article/{page_paths(archive_path)['article-arabic'].split('/')[-1]}",
              wait_until="load")
    [(left, right, _lines, direction)] = page.evaluate(_RTL_GAPS, "h1")
    assert direction == "rtl" and right < 1
    page.close()


#: Each cell of the first rows of a Datasette table on the page: [its column (its
#: header's data-column, or the header's text on a query's page), the label the page
#: shows before it on a narrow screen (the computed ::before content)].
_CELL_LABELS = """() => {
    const table = document.querySelector('table.rows-and-columns');
    if (!table) return null;
    const heads = [...table.querySelectorAll('thead th')]
        .map(th => th.getAttribute('data-column') || th.textContent.trim());
    return [...table.querySelectorAll('tbody tr')].slice(0, 4).flatMap(tr =>
        [...tr.children].map((td, i) => {
            const label = getComputedStyle(td, '::before').content;
            return [heads[i], td.getAttribute('data-column'),
                    label === 'none' ? null : JSON.parse(label)]; }));
}"""


def test_each_cell_on_a_narrow_screen_is_labelled_with_its_own_column(served, browser, archive_path):  # noqa: F811
    """At 390 px Datasette shows each row as a card, each value under its column's name:
    on every table and view (with the columns it hides, and with every column), a
    canned query and a row's page, each label is the column of the value it labels."""
    names = [n for (n,) in sql(archive_path, "SELECT name FROM sqlite_master WHERE type IN"
                               " ('table', 'view') AND name NOT LIKE '%fts%' AND name NOT LIKE"
                               " '\\_%' ESCAPE '\\' AND name != 'sqlite_sequence' ORDER BY name")]
    [(post_id,)] = sql(archive_path, "SELECT min(id) FROM posts WHERE id NOT LIKE 'text:%'")
    paths = [f"/archive/{name}" for name in names] + [
        "/archive/post_overview?_all_columns=1", "/archive/embeds?_all_columns=1",
        "/archive/posts_by_handle?handle=SamplePhotoDesk", f"/archive/posts/{post_id}"]
    page = browser.new_page(viewport={"width": 390, "height": 800})
    wrong, labelled = {}, 0
    for path in paths:
        assert page.goto(served + path, wait_until="load").status == 200, path
        cells = page.evaluate(_CELL_LABELS)
        if not cells:
            continue
        labelled += 1
        bad = [cell for cell in cells if cell[2] != cell[0] or cell[1] not in (None, cell[0])]
        if bad:
            wrong[path] = bad[:4]
    page.close()
    assert wrong == {}
    assert labelled >= 20


def test_every_page_of_the_archive_fits_a_390_pixel_screen(served, browser, archive_path,  # noqa: F811
                                                          tmp_path_factory):
    """On a phone (390 px) nothing is wider than the screen: the lists, the search, the
    post, version, image, article (its stored copies opened) and report pages, and the
    report file `archiver report` writes. Tables become cards, long hashes and URLs wrap;
    screenshots are saved for a look."""
    from click.testing import CliRunner

    from archiver.cli import cli

    shots = tmp_path_factory.mktemp("phone")
    paths = [f"/{name}" for name in ("misquotes", "posts", "articles", "unavailable")]
    paths += ["/search?q=" + urllib.request.quote(q) for q in ("harbour", "أنقرة", "suriye")]
    paths += [f"/post/{post}" for (post,) in sql(archive_path, "SELECT id FROM posts")]
    paths += [f"/version/{v}" for (v,) in sql(archive_path, "SELECT min(id) FROM post_versions")]
    paths += [f"/image/{sha}" for (sha,) in sql(archive_path, "SELECT sha256 FROM media")]
    for (article,) in sql(archive_path, "SELECT id FROM articles"):
        paths += [f"/article/{article}", f"/article/{article}/report"]
    [(url,)] = sql(archive_path, "SELECT url FROM articles WHERE url LIKE ?", f"%/{ARABIC_DESK}")
    report = shots / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(archive_path), url, "-o", str(report)])
    assert result.exit_code == 0, result.output
    page = browser.new_page(viewport={"width": 390, "height": 800}, is_mobile=True)
    wide = {}
    for path in [*paths, report.as_uri()]:
        response = page.goto(path if path.startswith("file:") else served + path,
                             wait_until="load")  # (its stylesheets applied)
        assert path.startswith("file:") or response.status == 200, path
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        width, header = page.evaluate("""() => [document.documentElement.scrollWidth,
            (document.querySelector('header.site') || document.documentElement)
                .getBoundingClientRect().width]""")
        if width > 391 or header < 389:  # the page's header spans the screen, no more
            wide[path] = (width, header)
        name = re.sub(r"[^a-z0-9]+", "_", path.rsplit("/", 3)[-1] if path.startswith("file:")
                      else path.lower())[:48].strip("_")
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.close()
    print(f"phone screenshots in {shots}")
    assert wide == {}


def test_an_image_opened_by_itself_shows_without_console_errors(served, browser, archive_path):  # noqa: F811
    """/image/SHA/original (and its thumbnail) opened as a page: Chromium's own image
    viewer styles itself; the image's policy lets it, and still lets nothing run."""
    [(sha256,)] = sql(archive_path, "SELECT sha256 FROM media ORDER BY sha256 LIMIT 1")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for kind in ("original", "thumbnail"):
        response = page.goto(f"{served}/image/{sha256}/{kind}", wait_until="load")
        assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
        policy = response.headers["content-security-policy"]
        assert "sandbox" in policy and "script-src" not in policy and "default-src 'none'" in policy
        assert page.evaluate("document.images.length === 1 && document.images[0].naturalWidth > 0")
        page.wait_for_timeout(100)
    page.close()
    assert errors == []


def test_a_link_in_right_to_left_text_reads_left_to_right(served, browser, archive_path):  # noqa: F811
    """A link with Arabic in its path, in an Arabic post: its host, path and query are
    drawn in their order (one left-to-right unit, as X shows it), not as bidi runs
    ("id=7?2025/تقرير/harbour.example")."""
    [(article,)] = sql(archive_path, "SELECT id FROM articles WHERE url LIKE ?", "%/petition.html")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{served}/article/{article}", wait_until="load")
    places = page.evaluate("""() => [...document.querySelectorAll('blockquote.text')]
        .filter(b => b.textContent.includes('harbour.example/'))
        .map(b => {
            const walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
            const at = {};
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                for (const part of ['harbour.example', '2025', 'id=7']) {
                    const i = n.textContent.indexOf(part);
                    if (i < 0 || part in at) continue;
                    const r = document.createRange();
                    r.setStart(n, i); r.setEnd(n, i + 1);
                    const box = r.getBoundingClientRect();
                    at[part] = [box.left, box.top];
                }
            }
            return at;
        })""")
    page.close()
    assert places, "the post's text is not on the article page"
    for at in places:  # X's side and the article's
        assert at["harbour.example"][1] == at["id=7"][1], at  # one line
        assert at["harbour.example"][0] < at["2025"][0] < at["id=7"][0], at



#: Each short word (no space, at most 24 characters, not a hash or an address) that a
#: table's header or cell shows on more than one line: a word broken though the table had
#: room.
_BROKEN_WORDS = """() => {
    const broken = [];
    for (const cell of document.querySelectorAll('table th, table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (parent.closest('code, .url, .hash, pre, .cell-text')) continue;
            for (const m of node.textContent.matchAll(/\\S+/g)) {
                // (an address, a query, a long token: it must break somewhere)
                if (m[0].length > 24 || /[\\/=%&?]/.test(m[0])) continue;
                let at = m.index;
                for (const piece of m[0].split('-')) {  // (a hyphen is a place to break)
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + piece.length);
                    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                         .map(r => Math.round(r.top)));
                    if (tops.size > 1) broken.push(m[0]);
                    at += piece.length + 1;
                }
            }
        }
    }
    return broken;
}"""


def test_no_table_breaks_a_word_on_a_wide_screen(served, browser, archive_path):  # noqa: F811
    """At 1280 px a table's header ("answer", "HTTP"), a post's id and a handle stand on
    one line: a column never shrinks below its longest short word."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    broken = {}
    for name, path in page_paths(archive_path).items():
        assert page.goto(served + path, wait_until="load").status == 200, (name, path)
        words = page.evaluate(_BROKEN_WORDS)
        if words:
            broken[name] = words[:8]
    page.close()
    assert broken == {}, broken


@pytest.mark.parametrize("lang, was, now", [("fa", "۱۴", "۱۲"), ("he", "3", "4"),
                                             ("ar", "أنقرة", "إسطنبول")])
def test_a_changed_number_in_right_to_left_text_reads_as_two(browser, lang, was, now):
    """X's struck "۱۴" and the article's underlined "۱۲" touched, and a reader of Persian
    saw one number, "۱۴۱۲": each change is drawn apart, X's first in the reading order."""
    from archiver.browse.report import STATIC

    css = (STATIC / "archiver.css").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 300})
    page.set_content(f'<html><head><style>{css}</style></head><body><p class="diff" dir="auto"'
                     f' lang="{lang}">השר אמר כי <del>{was}</del><ins>{now}</ins> נפגעו</p>'
                     "</body></html>")
    boxes = page.evaluate("""() => ['del', 'ins'].map(t => {
        const r = document.querySelector('p.diff ' + t).getBoundingClientRect();
        return [r.left, r.right]; })""")
    page.close()
    (del_left, del_right), (ins_left, ins_right) = boxes
    assert ins_right + 3 <= del_left, boxes  # apart, X's words right of the article's


@pytest.mark.parametrize("width", [768, 900, 1024])
def test_no_page_is_wider_than_a_tablet_s_window(served, browser, archive_path, width):  # noqa: F811
    """Between a phone's width and a desktop's, a post page's table of X's answers (with
    its hashes) was 861 px wide at 768: the page scrolled sideways and its header stopped
    short. Every page type fits; a wide table scrolls in its own box."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    wide = {}
    for name, path in page_paths(archive_path).items():
        assert page.goto(served + path, wait_until="load").status == 200, name
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            wide[name] = scrolled
    page.close()
    assert wide == {}, wide
