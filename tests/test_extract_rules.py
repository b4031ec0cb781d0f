"""The extractor's general rules on inputs built to break them: pages nested past the
parser's depth, charsets declared wrong, pages whose only X links carry no id, and the
warning when a page cannot be read."""

from __future__ import annotations

import html
import logging
import re

import pytest

from archiver.extract import extract, extract_page
from archiver.extract.scan import scan

from .conftest import CORPUS

FORMS = CORPUS.parent / "forms"
EMBED = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Deep inside.</p>&mdash; '
         'City Roads Office (@CityRoadsOffice) <a href="https://twitter.com/CityRoadsOffice/'
         'status/1840909492374892176">October 1, 2024</a></blockquote>')
AFTER = '<p>Later: <a href="https://x.com/HarbourFerries/status/1962973806055269975">ferry</a></p>'
ARABIC = "وزير الخارجية يلتقي نظيره التركي في أنقرة"


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


# --- depth ---------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [300, 2100, 5000])
def test_a_page_nested_past_the_parsers_depth_loses_nothing(depth, caplog):
    page = _page("<div>" * depth + EMBED + "</div>" * depth + AFTER).encode()
    with caplog.at_level(logging.WARNING, logger="archiver"):
        embeds = extract(page, "deep.html")
    assert [e.post_id for e in embeds] == ["1840909492374892176", "1962973806055269975"]
    assert embeds[0].text == "Deep inside." and embeds[0].author_name == "City Roads Office"
    warned = [r.getMessage() for r in caplog.records if "nest deeper" in r.getMessage()]
    assert bool(warned) == (depth > 2048), warned
    if warned:
        assert warned[0].startswith("deep.html: ")


def test_deep_nesting_keeps_wrappers_that_carry_ids():
    inner = '<div class="embed embed--twitter"><div data-embed-id="1668981617566915179"></div></div>'
    page = _page('<span class="x">' * 3000 + inner + "</span>" * 3000 + AFTER).encode()
    assert [e.post_id for e in extract(page, "p.html")] == ["1668981617566915179",
                                                           "1962973806055269975"]


# --- charsets ------------------------------------------------------------------------------

def _arabic_page(meta: str) -> bytes:
    body = f'<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">{ARABIC}</p>&mdash; وزارة (@syrianmofaex) <a href="https://twitter.com/syrianmofaex/status/1977344933098472786">October 12, 2025</a></blockquote>'
    return _page(body, meta).encode("cp1256")


def test_windows_1256_served_as_utf8_falls_back_to_its_meta():
    page = extract_page(_arabic_page('<meta charset="windows-1256">'), "a.html",
                        content_type="text/html; charset=utf-8")
    assert page.encoding == "cp1256"
    assert page.encoding_source.startswith("meta fallback from header utf-8: invalid UTF-8 at byte")
    assert page.embeds[0].text == ARABIC


def test_windows_1256_with_only_a_wrong_utf8_declaration_is_detected():
    page = extract_page(_arabic_page('<meta charset="utf-8">'), "a.html")
    assert page.encoding_source.startswith("detected fallback from meta utf-8: invalid UTF-8")
    assert page.embeds[0].text == ARABIC


def test_utf8_bytes_declared_as_latin1_are_read_as_utf8():
    page = extract_page(_page(EMBED.replace("Deep inside.", "Türkçe çalışma"),
                              '<meta charset="iso-8859-1">').encode("utf-8"), "t.html")
    assert page.encoding == "utf-8"
    assert page.encoding_source == "utf-8 fallback from meta cp1252: the bytes are UTF-8, not cp1252"
    assert page.embeds[0].text == "Türkçe çalışma"


def _utf8_corpus_pages(least_non_ascii: int = 100) -> list:
    """Corpus pages with posts that are UTF-8 and write at least that many characters
    beyond ASCII (Arabic, Turkish, German... and typographic quotes)."""
    pages = []
    for path in sorted(CORPUS.glob("*.htm*")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(data) - len(text) >= least_non_ascii and extract(data, path.name):
            pages.append(path)
    return pages


@pytest.mark.parametrize("path", _utf8_corpus_pages(), ids=lambda p: p.name)
@pytest.mark.parametrize("declared", ["header", "meta", "none"])
def test_a_utf8_page_with_a_few_stray_bytes_stays_utf8(path, declared):
    """A Latin-1 snippet pasted into a UTF-8 page ("© Café Société": four bytes that are
    no UTF-8: ©, é, é, é): browsers read the page as UTF-8 with four U+FFFD, and so do we; the
    detector guessed a legacy code page for it and garbled every post."""
    clean = path.read_bytes()
    end = clean.lower().rfind(b"</body>")
    end = len(clean) if end < 0 else end
    dirty = clean[:end] + "<footer>© Café Société</footer>".encode("latin-1") + clean[end:]
    content_type = "text/html; charset=utf-8" if declared == "header" else None
    if declared == "none":
        dirty = dirty.replace(b'charset="utf-8"', b"").replace(b"charset=utf-8", b"")
        dirty = dirty.replace(b'charset="UTF-8"', b"").replace(b"charset=UTF-8", b"")
    page = extract_page(dirty, path.name, content_type=content_type)
    assert page.encoding == "utf-8", page.encoding_source
    assert "4 stray bytes" in page.encoding_source, page.encoding_source

    def seen(embeds):
        return [(e.post_id, e.handle, e.author_name, e.text, e.shown_date) for e in embeds]
    assert seen(page.embeds) == seen(extract(clean, path.name))


def test_a_legacy_page_with_a_few_utf8_sequences_is_still_its_code_page():
    """The other way round: windows-1256 Arabic with one UTF-8 character in it (a pasted
    curly quote) is no UTF-8 page."""
    data = _arabic_page('<meta charset="utf-8">').replace(b"</body>",
                                                          "<p>’</p>".encode() + b"</body>")
    page = extract_page(data, "a.html")
    assert page.encoding != "utf-8" and "stray" not in page.encoding_source
    assert page.encoding_source.startswith("detected fallback from meta utf-8")


@pytest.mark.parametrize("content_type, meta, source", [
    ("text/html; charset=utf-8", "", "header"),
    (None, '<meta charset="windows-1256">', "meta"),
    ("text/html; charset=windows-1256", '<meta charset="windows-1256">', "header"),
])
def test_a_declaration_that_fits_is_believed(content_type, meta, source):
    data = _arabic_page(meta) if "1256" in (content_type or "") + meta else _page(EMBED).encode()
    page = extract_page(data, "p.html", content_type=content_type)
    assert page.encoding_source == source
    assert page.embeds


def test_the_plain_text_and_the_undeclared_say_how_they_were_read():
    assert extract_page(_page(EMBED, "").encode(), "p.html").encoding_source == "assumed"
    assert extract_page("Just text (@a) https://x.com/a/status/1840909492374892176",
                        "-").encoding_source == "text"


# --- the scan ------------------------------------------------------------------------------

def test_links_every_news_page_has_are_no_reason_to_parse():
    """Share, intent, profile, hashtag, follow, timeline and mention links, widgets.js
    and twitter: meta tags carry no post id: the scan says there is nothing."""
    assert not scan((FORMS / "non-posts.html").read_bytes()).anything
    page = _page('<a href="https://twitter.com/intent/tweet?text=a&url=b">Tweet</a>'
                 '<a class="twitter-share-button" href="https://twitter.com/share">Tweet</a>'
                 '<a class="twitter-timeline" data-widget-id="600720083413962752" '
                 'href="https://twitter.com/outlet">Posts</a>'
                 '<script async src="https://platform.twitter.com/widgets.js"></script>'
                 '<script>var x = {"url": "https://twitter.com/a/status/1840909492374892176"};</script>'
                 '<!-- <a href="https://twitter.com/a/status/1962973806055269975">old</a> -->',
                 '<meta name="twitter:site" content="@outlet">')
    assert extract(page.encode(), "p.html") == []


@pytest.mark.parametrize("snippet", [
    '<a href="https://twitter.com/a/status/1840909492374892176">x</a>',
    '<div data-url="https://x.com/a/status/1840909492374892176"></div>',
    '<iframe src="https://e.example/f?url=https%3A%2F%2Fx.com%2Fa%2Fstatus%2F1840909492374892176"></iframe>',
    '<div class="embed-twitter"><div data-id="1840909492374892176"></div></div>',
    '<span data-status-id="1840909492374892176"></span>',
    '<amp-twitter data-tweetid="1840909492374892176"></amp-twitter>',
    '<iframe src="https://platform.twitter.com/embed/Tweet.html?dnt=true&id=1840909492374892176"></iframe>',
    '<iframe src="https://s9e.github.io/iframe/2/twitter.min.html#1840909492374892176"></iframe>',
    '<iframe data-src="https://platform.twitter.com/embed/index.html?dnt=false&amp;embedId=tw-0&amp;frame=false&amp;id=1840909492374892176"></iframe>',
    '<div class="lazy" data-src="https://platform.twitter.com/embed/Tweet.html?id=1840909492374892176"></div>',
    '<p>Read https://twitter.com/a/status/1840909492374892176 today</p>',
])
def test_every_id_bearing_form_is_seen_by_the_scan_and_found(snippet):
    page = _page("<p>" + "Filler text. " * 200 + "</p>" + snippet).encode()
    assert scan(page).anything
    assert [e.post_id for e in extract(page, "p.html")] == ["1840909492374892176"]


# --- never silent ------------------------------------------------------------------------------

def test_a_page_that_cannot_be_read_is_named_in_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="archiver"):
        assert extract(12345, "https://news.example/a") == []  # not bytes, not text
    assert any(r.getMessage().startswith("https://news.example/a: could not be read")
               for r in caplog.records)


# --- handles -----------------------------------------------------------------------------------

def _embed(inner: str) -> bytes:
    return _page(f'<blockquote class="twitter-tweet"><p lang="en">{inner}</p>'
                 '<a href="https://twitter.com/NewsSiteTemplate/status/1840909492374892176">'
                 "October 1, 2024</a></blockquote>").encode()


def test_a_pic_links_title_names_the_author_a_template_permalink_does_not():
    [embed] = extract(_embed('Closed. <a href="https://t.co/Ab1" title="@CityRoadsOffice">'
                             "pic.twitter.com/Ab1</a>"), "p.html")
    assert embed.handle == "CityRoadsOffice" and embed.media == ("pic.twitter.com/Ab1",)


def test_a_mentions_title_is_not_the_author():
    [embed] = extract(_embed('Thanks <a href="https://twitter.com/Mayor" title="@Mayor">'
                             "@Mayor</a>"), "p.html")
    assert embed.handle == "NewsSiteTemplate"


def test_a_page_without_posts_still_says_truly_how_it_was_read():
    """No parse is needed for posts, but the fetch row's decoding must be checked: a
    windows-1256 page without a post, served as UTF-8, is read (title included) as what
    its <meta> says."""
    page = _page("<p>لا تغريدة هنا</p>", '<meta charset="windows-1256">').replace(
        "<title>t</title>", "<title>صحيفة</title>").encode("cp1256")
    read = extract_page(page, "a.html", content_type="text/html; charset=utf-8")
    assert read.embeds == ()
    assert read.encoding == "cp1256" and read.title == "صحيفة"
    assert read.encoding_source.startswith("meta fallback from header utf-8")


def test_a_status_url_right_after_a_script_opens_is_inside_it():
    """The scan's raw-text listing stops at the offset asked about: an opener that begins
    just before it must still be seen whole."""
    from archiver.extract.scan import Context

    raw = b'<p>a</p><script>var u = "https://x.com/a/status/1840909492374892176";</script><p>b</p>'
    context = Context(raw)
    assert context.of(raw.index(b"<script") + 3) == "tag"
    assert context.of(raw.index(b"status")) == "raw"
    assert context.of(raw.index(b"<p>b") + 3) == "text"
    assert extract(_page(raw.decode()).encode(), "p.html") == []


@pytest.mark.parametrize("gap", range(960, 1040, 3))
def test_an_id_cut_by_the_end_of_an_earlier_marks_window_is_still_seen(gap):
    """Found by the property test: one mark of X reads the next kilobyte for ids; an id
    attribute that straddles the end of that window must be read by the next mark."""
    body = ('<amp-twitter width="1" height="1" data-tweetid="1840909492374892176"></amp-twitter>'
            + "<p>" + "x" * gap + "</p>"
            + '<div class="embed-twitter"><div data-id="1962973806055269975"></div></div>')
    assert [e.post_id for e in extract(_page(body).encode(), "p.html")] == [
        "1840909492374892176", "1962973806055269975"]


@pytest.mark.parametrize("needle, markup", [
    ("status", '<a href="https://x.com/a/status/1840909492374892176">x</a>'),
    ("twitter", '<div class="embed-twitter"><div data-id="1840909492374892176"></div></div>'),
    ("(@", "<p>The text — Name (@handle) <br>https://x.com/a/status/1840909492374892176</p>"),
])
def test_a_needle_cut_by_the_scans_search_chunks_is_still_found(needle, markup):
    """The scan searches the bytes a megabyte at a time: a status URL, a mark of X or an
    embed's tail that starts just before, across or just after the end of one such chunk
    is found all the same."""
    from archiver.extract import scan as scan_module

    before = len(_page("").split("</body>")[0].encode()) + 8  # + "<p></p>\n"
    for shift in range(-len(needle) - 1, len(needle) + 2):
        at = markup.encode().index(needle.encode())
        filler = "x" * (scan_module._SEARCH_CHUNK + shift - before - at)
        page = _page(f"<p>{filler}</p>\n{markup}").encode()
        assert page.index(needle.encode()) == scan_module._SEARCH_CHUNK + shift
        assert [e.post_id for e in extract(page, "p.html")] == ["1840909492374892176"], shift


def test_seven_bit_pages_in_a_declared_code_page_are_read_in_that_code_page():
    """All-ASCII bytes under an ASCII-compatible declaration are their own UTF-8 and are
    not converted; a stateful 7-bit code page (ISO-2022-JP, whose escapes are ASCII
    bytes) is decoded, not taken for ASCII."""
    text = "東京の記者 (@tokyo_desk)"
    embed = ('<blockquote class="twitter-tweet"><p lang="ja">{}</p>&mdash; {} '
             '<a href="https://twitter.com/tokyo_desk/status/1840909492374892176">'
             "October 1, 2024</a></blockquote>")
    for charset, codec in (("euc-jp", "euc_jp"), ("shift_jis", "cp932"),
                           ("windows-1256", "cp1256")):
        refs = "".join(c if c.isascii() else f"&#{ord(c)};" for c in text)
        page = _page(embed.format(refs, "記者 (@tokyo_desk)".encode("ascii", "xmlcharrefreplace")
                                  .decode()), f'<meta charset="{charset}">').encode("ascii")
        read = extract_page(page, "p.html")
        assert (read.encoding, read.encoding_source) == (codec, "meta")
        assert [(e.text, e.author_name) for e in read.embeds] == [(text, "記者")], charset
    jis = _page(embed.format(text, "記者 (@tokyo_desk)"), '<meta charset="iso-2022-jp">')
    raw = jis.encode("iso2022_jp")
    assert raw.isascii()
    read = extract_page(raw, "p.html")
    assert read.encoding == "iso2022_jp"
    assert [(e.text, e.author_name) for e in read.embeds] == [(text, "記者")]


def test_number_values_read_whole_give_each_window_what_reading_it_gives():
    """Once its marks' windows add up to a quarter of the page, the scan reads every
    '=<number>' of the page once and answers each window from that list: the same as
    reading the window."""
    import random

    from archiver.extract.scan import _NUMBER_VALUE_RE, _NumberValues

    rng = random.Random(7)
    pieces = [b"=", b'"', b"'", b" ", b"\n", b"1234567", b"123456789012345678901234", b">",
              b"/", b"a", b'= "99999', b"data-id=", b"1840909492374892176"]
    pages = [b"".join(rng.choice(pieces) for _ in range(4000)) for _ in range(5)]
    pages.append((CORPUS / "50-time-en-cms-data-embed-id.html").read_bytes())
    for raw in pages:
        values = _NumberValues(raw)
        values.unread = 0  # the next window reads the whole page
        for _ in range(400):
            start = rng.randrange(len(raw))
            end = min(len(raw), start + rng.randrange(1, 2000))
            assert values.between(start, end) == [
                m.start() for m in _NUMBER_VALUE_RE.finditer(raw, start, end)]
        assert values.starts is not None  # the page was read whole


def test_the_attribute_name_before_an_equals_sign_is_the_regexs():
    """The scan reads the name of the attribute whose value it found from the right; it
    finds what a regex searching the window left to right finds, on pieces of tags."""
    import random
    import re

    from archiver.extract.scan import _name_before

    regex = re.compile(rb"[A-Za-z_:][-A-Za-z0-9_:.]*(?=\s*$)")
    rng = random.Random(11)
    pieces = [b"a", b"Z", b"-", b"_", b":", b".", b"9", b" ", b"\t", b"\n", b"\x0b", b"\x0c",
              b'"', b"'", b"<", b">", b"/", b"=", b"\xc3\xa9", b"data-tweet-id", b"x1"]
    for _ in range(20_000):
        raw = b"".join(rng.choice(pieces) for _ in range(rng.randrange(30))) + b"="
        eq = len(raw) - 1
        lo = max(0, eq - rng.choice((60, 7, 300)))
        found = regex.search(raw, lo, eq)
        assert _name_before(raw, lo, eq) == (found.group() if found else b""), (raw, lo)


def _listing_by_regex(raw: bytes) -> list[tuple[int, int]]:
    """The raw-text blocks as a plain regex reading of HTML's tokenizer lists them: an
    opener (any case, its name ended by a space, "/" or ">"), its '>', then its first
    closer so ended in any case (a script's after its escaped states); a comment to its first '-->' or '--!>', or at once after "<!-->", "<!--->"."""
    import re

    opener = re.compile(rb"<(script|style|textarea|xmp|noembed)(?=[ \t\n\r\f/>])"
                        rb"|<!--", re.IGNORECASE)
    blocks, at = [], 0
    while (match := opener.search(raw, at)) is not None:
        if match.group(1) is None:
            body = match.end()
            if raw[body:body + 1] == b">" or raw[body:body + 2] == b"->":
                close = body
            else:
                ends = [i for i in (raw.find(b"-->", body), raw.find(b"--!>", body)) if i != -1]
                close = min(ends) if ends else -1
        else:
            gt = raw.find(b">", match.end())
            if gt == -1:
                break
            body = gt + 1
            name = match.group(1).lower()
            closer = re.compile(b"</" + name + rb"(?=[ \t\n\r\f/>])", re.IGNORECASE)
            if name == b"script":
                close = _script_close_by_hand(raw, body)
            else:
                found = closer.search(raw, body)
                close = found.start() if found else -1
        end = close if close != -1 else len(raw)
        blocks.append((body, end))
        at = end + 1
    return blocks


def _script_close_by_hand(raw: bytes, at: int) -> int:
    """A script's end read a character at a time by HTML's script data states (13.2.5.4,
    15-31: escaped, its dash and dash-dash states, double escaped and its own)."""
    lower = raw.lower()
    ends = b" \t\n\r\f/>"

    def tag(prefix: bytes) -> bool:
        after = raw[at + len(prefix):at + len(prefix) + 1]
        return lower.startswith(prefix, at) and after != b"" and after in ends

    state = "data"
    while at < len(raw):
        ch = raw[at:at + 1]
        if state in ("data", "escaped", "escaped-dash", "escaped-dash-dash") \
                and tag(b"</script"):
            return at
        if state == "data":
            if lower.startswith(b"<!--", at):
                state, at = "escaped-dash-dash", at + 4
                continue
        elif state.startswith("escaped"):
            if ch == b"-":
                state = "escaped-dash" if state == "escaped" else "escaped-dash-dash"
            elif ch == b">" and state == "escaped-dash-dash":
                state = "data"
            elif tag(b"<script"):
                state, at = "double", at + 7
                continue
            else:
                state = "escaped"
        else:  # double escaped
            if tag(b"</script"):
                state, at = "escaped", at + 8
                continue
            if ch == b"-":
                state = "double-dash" if state == "double" else "double-dash-dash"
            elif ch == b">" and state == "double-dash-dash":
                state = "data"
            else:
                state = "double"
        at += 1
    return -1


def test_the_scans_listing_of_scripts_and_comments_is_the_plain_readings():
    """The scan lists raw-text blocks from one automaton's matches (every spelling of every
    opener and closer); on pages built from the pieces that trip such listings ("<!-->",
    mixed case, a closer inside a comment, "<scripts>") it lists what a plain regex
    reading lists, and on every page we hold."""
    import random

    from archiver.extract.scan import Context

    pieces = [b"<!--", b"-->", b"<!-->", b"<!--->", b"<script>", b"</script>", b"<SCRIPT>",
              b"</SCRIPT>", b"<Script src=x>", b"</scripT>", b"<scripts>", b"<style>",
              b"</style>", b"<textarea>", b"</TEXTAREA>", b"<xmp>", b"</xmp>", b"<noembed>",
              b"</noembed>", b"<p>", b"text", b" ", b">", b"<", b"<!", b"--", b"<![endif]-->",
              b"<!--[if gt IE 8]><!-->", b"--!>", b"</scriptx>", b"<script-x>", b"</script ",
              b"</style/>", b"<plaintext>", b"</plaintext>", b"<!--<script>", b"</script\n>"]
    rng = random.Random(11)
    pages = [b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60)))
             for _ in range(2000)]
    pages += [path.read_bytes() for path in sorted(CORPUS.glob("*.html"))]
    for raw in pages:
        context = Context(raw)
        context._list_until(len(raw))
        assert list(zip(context.starts, context.ends)) == _listing_by_regex(raw), raw[:300]


@pytest.mark.parametrize("widget", ["twitter-timeline", "widget_twitter_timeline",
                                    "twitter_follow_button", "Twitter-Share-Button"])
def test_a_widget_marks_no_post_in_its_window_so_the_page_is_not_parsed(widget):
    """A timeline or button wears X's name and carries a number that is no post id
    (data-widget-id): whether its class is written with hyphens (X's own) or with
    underscores (WordPress themes' widget_twitter_timeline), the scan sees that no post
    can be there and the page is not parsed (corpus 73)."""
    page = _page(f'<div class="{widget}"><a class="{widget}" data-widget-id='
                 f'"444525073815175169" href="https://twitter.com/someone">Tweets</a></div>')
    assert not scan(page.encode()).anything
    assert extract(page.encode(), "p.html") == []


def test_without_markup_the_embeds_are_the_same_but_for_raw():
    """extract_page(markup=False), what the CLI's listings use, skips serialising each
    embed's markup and nothing else."""
    from dataclasses import replace

    for path in sorted(CORPUS.glob("*.html"))[::4]:
        data = path.read_bytes()
        full, bare = extract_page(data, "p.html"), extract_page(data, "p.html", markup=False)
        assert [replace(e, raw=None) for e in full.embeds] == list(bare.embeds), path.name
        assert replace(full, embeds=bare.embeds) == bare
        assert all(e.raw for e in full.embeds) and not any(e.raw for e in bare.embeds)


def test_a_script_closed_in_another_case_ends_where_the_parser_ends_it():
    """HTML closes <script> at '</Script>' as at '</script>': a status URL written as text
    after a script closed in another case, with a lower-case closer further on, is page
    text and a post (the scan once looked for the opener's own spelling first and took
    everything up to the next '</script>' for script)."""
    page = _page('<script>var a = 1;</Script><p>Source: '
                 'https://x.com/someone/status/1840909492374892176</p>'
                 '<script>var b = 2;</script>')
    assert [e.post_id for e in extract(page.encode(), "p.html")] == ["1840909492374892176"]


# --- what only looks like a post -------------------------------------------------------------

STATUS = "https%3A%2F%2Ftwitter.com%2Fnewsdesk%2Fstatus%2F1786985423994725361"


@pytest.mark.parametrize("href", [
    f"https://twitter.com/intent/tweet?url={STATUS}&text=Read",
    f"https://x.com/intent/post?url={STATUS}",
    f"https://twitter.com/share?url={STATUS}",
    f"https://www.facebook.com/sharer/sharer.php?u={STATUS}",
    f"https://www.linkedin.com/shareArticle?mini=true&url={STATUS}",
    f"https://api.whatsapp.com/send?text={STATUS}",
    f"https://t.me/share/url?url={STATUS}",
    f"mailto:?subject=Look&body={STATUS}",
])
def test_a_share_buttons_url_with_a_status_url_inside_shows_no_post(href):
    page = _page(f'<p>Share: <a class="share" href="{href}">share</a></p>').encode()
    assert extract(page, "p.html") == []


@pytest.mark.parametrize("href", [
    f"https://publish.twitter.com/?query={STATUS}&widget=Tweet",
    f"https://twitframe.com/show?url={STATUS}",
    f"https://web.archive.org/web/2024/{STATUS}",
])
def test_an_embed_services_url_with_a_status_url_inside_is_the_post(href):
    page = _page(f'<iframe src="{href}"></iframe><p><a href="{href}">post</a></p>').encode()
    assert [e.post_id for e in extract(page, "p.html")] == ["1786985423994725361"]


@pytest.mark.parametrize("line", [
    "— Jane Doe (@JaneDoeWrites) is the author of “Red Lines” (2023).",
    "— Stephen King (@StephenKing), On Writing, 2000",
    "— Ana Lima (@analima) escreveu o livro (2019)",
])
def test_a_byline_with_a_handle_and_a_year_is_no_embeds_tail(line):
    assert extract(_page(f"<p>Opinion.</p><p><em>{line}</em></p>").encode(), "p.html") == []


@pytest.mark.parametrize("line, date", [
    ("Roads are closed.— City Roads (@CityRoads) October 12, 2025", "October 12, 2025"),
    ("Yollar kapalı.— İçişleri (@icisleri) 12 Ekim 2025", "12 Ekim 2025"),
    ("الطرق مغلقة.— وزارة (@moi) ١٢ أكتوبر ٢٠٢٥", "١٢ أكتوبر ٢٠٢٥"),
    ("Las carreteras.— DGT (@DGTes) 12 de octubre de 2025", "12 de octubre de 2025"),
    ("道路封鎖。— 気象庁 (@JMA_kishou) 2018年3月24日", "2018年3月24日"),
    ("Closed.— City Roads (@CityRoads) 12:30 PM - 12 Oct 2025", "12:30 PM - 12 Oct 2025"),
])
def test_an_embeds_tail_in_any_language_is_still_read(line, date):
    [embed] = extract(_page(f"<p>{line}</p>").encode(), "p.html")
    assert embed.shown_date == date


@pytest.mark.parametrize("markup", [
    # wp_json_encode / PHP json_encode in a lazy-embed's data attribute
    """<div class="lazy-embed" data-embed='{"provider":"twitter","url":"https:\\/\\/twitter.com"""
    """\\/TongaGov\\/status\\/1482321667194725361"}'></div>""",
    # a template engine that escapes "/" as a character reference (mustache.js, ESAPI)
    '<a href="https:&#x2F;&#x2F;twitter.com&#x2F;TongaGov&#x2F;status&#x2F;1482321667194725361">'
    "the post</a>",
    '<a href="https:&#47;&#47;x.com&#47;TongaGov&#47;status&#47;1482321667194725361">post</a>',
])
def test_a_status_url_with_its_slashes_escaped_is_found(markup):
    [embed] = extract(_page(f"<p>Tonga.</p>{markup}").encode(), "p.html")
    assert (embed.post_id, embed.handle) == ("1482321667194725361", "TongaGov")


def test_an_embeds_tail_with_brackets_in_the_name_is_read():
    [embed] = extract(_page("<p>Explosion at the port.— BBC News (World) (@BBCWorld) August 4, "
                            "2020</p>").encode(), "p.html")
    assert (embed.handle, embed.author_name, embed.shown_date) == (
        "BBCWorld", "BBC News (World)", "August 4, 2020")


@pytest.mark.parametrize("form", ["text", "embed"])
def test_the_horizontal_bar_shift_jis_writes_for_a_dash_is_a_dash(form):
    """Shift_JIS 0x815C decodes to U+2015, where X writes an em dash."""
    if form == "text":
        body = "<p>地震がありました。\u2015 気象庁 (@JMA_kishou) 2018年3月24日</p>"
    else:
        body = ('<blockquote class="twitter-tweet"><p lang="ja">地震がありました。</p>\u2015 気象庁 '
                '(@JMA_kishou) <a href="https://twitter.com/JMA_kishou/status/977394574458687761">'
                "2018年3月24日</a></blockquote>")
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.handle, embed.author_name, embed.shown_date) == (
        "JMA_kishou", "気象庁", "2018年3月24日")


# --- embeds whose markup a CMS or a copy flattened -------------------------------------------

PERMALINK = "https://twitter.com/SurreyPolice/status/1399636835860325361"


@pytest.mark.parametrize("body", [
    # the tail flattened into the paragraph, its date still the permalink
    f"<p>Road closed after a collision. — Surrey Police (@SurreyPolice) "
    f'<a href="{PERMALINK}">June 1, 2021</a></p>',
    # the text and the tail kept as two paragraphs (a reader mode, a copy into a CMS)
    "<p>Police said:</p><p>Road closed after a collision.</p>"
    f'<p>— Surrey Police (@SurreyPolice) <a href="{PERMALINK}">June 1, 2021</a></p>',
    # a sanitizer that kept the blockquote and dropped its links
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Road closed after a collision.'
    "</p>&mdash; Surrey Police (@SurreyPolice) June 1, 2021</blockquote>",
    '<div class="quote"><p>Road closed after a collision.</p>— Surrey Police (@SurreyPolice) '
    "June 1, 2021</div>",
    # a copied tail followed by some other link
    "<p>Road closed after a collision.— Surrey Police (@SurreyPolice) June 1, 2021 "
    '<a href="https://www.surrey.police.uk/roads">[roads]</a></p>',
])
def test_an_embed_flattened_by_a_cms_or_a_copy_is_read_whole(body):
    [embed] = extract(_page(f"<p>Earlier today.</p>{body}<p>More later.</p>").encode(), "p.html")
    assert (embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        "SurreyPolice", "Surrey Police", "June 1, 2021", "Road closed after a collision.")
    assert embed.post_id == ("1399636835860325361" if PERMALINK in body else None)


def test_a_copy_of_a_post_the_page_also_embeds_is_that_post():
    """X-FORMATS §1.10: a plain-text copy's id is recovered from the same handle, date and
    text shown elsewhere on the page; a copy whose text differs stays a claim of its own."""
    embed = ('<blockquote class="twitter-tweet"><p lang="en">Road closed after a collision.</p>'
             f'&mdash; Surrey Police (@SurreyPolice) <a href="{PERMALINK}">June 1, 2021</a>'
             "</blockquote>")
    copy = "<p>Road closed after a collision. — Surrey Police (@SurreyPolice) June 1, 2021</p>"
    changed = copy.replace("collision", "crash")
    [one] = extract(_page(copy + "<p>As embedded:</p>" + embed).encode(), "p.html")
    assert (one.post_id, one.kind, one.positions) == ("1399636835860325361", "embed", (0, 1))
    two = extract(_page(embed + changed).encode(), "p.html")
    assert [(e.post_id, e.text) for e in two] == [
        ("1399636835860325361", "Road closed after a collision."),
        (None, "Road closed after a crash.")]


def test_plain_text_gives_its_posts_in_the_order_it_shows_them():
    text = ("Intro https://x.com/a/status/1840909492374892176 first.\n\n"
            "Roads closed.— City Roads (@CityRoads) October 12, 2025\n\n"
            "Later https://x.com/b/status/1962973806055269975\n")
    embeds = extract(text, "notes.txt")
    assert [(e.post_id, e.positions) for e in embeds] == [
        ("1840909492374892176", (0,)), (None, (1,)), ("1962973806055269975", (2,))]


def test_an_emoji_drawn_as_an_image_is_part_of_the_authors_name():
    """WordPress replaces emoji with <img class="emoji" alt="🏙">, in the attribution too."""
    body = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Happy New Year, London! '
            '<img class="emoji" alt="🎆" src="https://s.w.org/images/core/emoji/1f386.png"></p>'
            '&mdash; Mayor of London <img class="emoji" alt="🏙" src="https://s.w.org/1f3d9.png">'
            ' (@MayorofLondon) <a href="https://twitter.com/MayorofLondon/status/'
            '1741609933373285361">January 1, 2024</a></blockquote>')
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.author_name, embed.text) == ("Mayor of London 🏙", "Happy New Year, London! 🎆")


def test_an_embeds_language_is_read_from_a_div_as_from_a_p():
    body = ('<blockquote class="twitter-tweet"><div lang="es" dir="ltr">Hemos cerrado la '
            'carretera.</div>&mdash; DGT (@DGTes) <a href="https://twitter.com/DGTes/status/'
            '1741609933373285361">1 de enero de 2024</a></blockquote>')
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.lang, embed.text, embed.author_name) == ("es", "Hemos cerrado la carretera.",
                                                           "DGT")


def test_an_embed_in_a_sandboxed_frames_srcdoc_is_read_whole():
    inner = ('<blockquote class="twitter-tweet"><p lang="uk" dir="ltr">Росія розпочала '
             'повномасштабне вторгнення.</p>&mdash; Dmytro Kuleba (@DmytroKuleba) <a href='
             '"https://twitter.com/DmytroKuleba/status/1496696385863525361">February 24, 2022'
             '</a></blockquote><script async src="https://platform.twitter.com/widgets.js">'
             "</script>")
    body = f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(inner)}"></iframe>'
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.post_id, embed.kind, embed.author_name, embed.lang, embed.shown_date,
            embed.text) == ("1496696385863525361", "embed", "Dmytro Kuleba", "uk",
                            "February 24, 2022", "Росія розпочала повномасштабне вторгнення.")


def test_a_tail_in_its_own_paragraph_takes_the_text_before_whatever_the_names_brackets():
    body = ("<p>Explosion at the port.</p>"
            "<p>— BBC News (World) (@BBCWorld) August 4, 2020</p>")
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.author_name, embed.text) == ("BBC News (World)", "Explosion at the port.")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-"])
def test_a_tail_on_its_own_line_in_one_paragraph_a_line_text_takes_the_line_above(newline, dash):
    """A converter's or an API's text (one paragraph a line, no blank lines): the post's
    text is the line above its tail, not the headline and the paragraphs before it."""
    text = newline.join([
        "Belediye açıklama yaptı",
        "Yetkililer toplantıdan sonra konuştu.",
        "Köprü bugün trafiğe kapalı kalacak.",
        f"{dash} İstanbul Büyükşehir (@istanbulbld) 3 Mart 2024",
        "Gelişmeler takip ediliyor."])
    [embed] = extract(text.encode(), "a.txt")
    assert (embed.text, embed.author_name, embed.handle, embed.shown_date) == (
        "Köprü bugün trafiğe kapalı kalacak.", "İstanbul Büyükşehir", "istanbulbld",
        "3 Mart 2024")


def test_a_tail_on_its_own_line_after_a_blank_line_parted_paragraph_takes_that_paragraph():
    text = ("Headline of the day\n\nThe council met on Sunday.\n\n"
            "Roads are closed.\nUse the ring road.\n— City Roads (@CityRoads) June 1, 2024\n")
    [embed] = extract(text.encode(), "a.txt")
    assert embed.text == "Roads are closed.\nUse the ring road."


def test_a_wordpress_embed_block_holding_the_embeds_text_copy_gives_its_fields():
    """A WordPress export through Markdown leaves the embed's text copy in the block."""
    body = ('<figure class="wp-block-embed is-type-rich is-provider-twitter '
            'wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\n'
            "> Hemos cerrado la carretera por nieve.\n>\n"
            "> — DGT (@DGTes) [1 de enero de 2024](https://twitter.com/DGTes/status/"
            "1741609933373285361?ref_src=twsrc%5Etfw)\n</div></figure>")
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.post_id, embed.kind, embed.handle, embed.author_name, embed.shown_date,
            embed.text) == ("1741609933373285361", "embed", "DGTes", "DGT",
                            "1 de enero de 2024", "Hemos cerrado la carretera por nieve.")


def test_a_wordpress_embed_block_with_only_the_url_still_gives_the_post():
    body = ('<figure class="wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\n'
            "https://twitter.com/DGTes/status/1741609933373285361\n</div></figure>")
    [embed] = extract(_page(body).encode(), "p.html")
    assert (embed.post_id, embed.handle, embed.text, embed.author_name) == (
        "1741609933373285361", "DGTes", None, None)


def test_a_block_that_ends_with_an_embeds_tail_is_all_the_posts_text():
    """A newsletter flattens the embed into a block of its own, paragraphs parted by
    <br><br>: every paragraph is the post's, not only the last one."""
    body = ('<div class="mcnTextContent">Actualización del puerto:<br><br>Cierra a los coches '
            'desde el 1 de diciembre.<br><br>Peatones y ciclistas pueden seguir usándolo.<br><br>'
            '&mdash; Ayuntamiento (@AytoPuerto) <a href="https://twitter.com/AytoPuerto/status/'
            '1980349549122957314">20 de octubre de 2025</a></div>')
    [embed] = extract(_page(body).encode(), "n.html")
    assert embed.text == ("Actualización del puerto:\n\nCierra a los coches desde el 1 de "
                          "diciembre.\n\nPeatones y ciclistas pueden seguir usándolo.")
    assert (embed.post_id, embed.handle, embed.shown_date) == (
        "1980349549122957314", "AytoPuerto", "20 de octubre de 2025")


# --- ids of what is not a post; embeds kept in attributes; X's own markup -------------------

@pytest.mark.parametrize("name", ["data-user-id", "data-author-id", "data-account-id",
                                  "data-media-id", "data-userid", "data-owner_id"])
def test_an_id_attribute_naming_an_account_or_media_is_no_post(name):
    """X's own markup (and widgets copying it) carry the author's account id beside the
    post's: data-user-id="733698918643568641" is no post, however large the number."""
    page = _page(f'<div class="tweet js-stream-tweet" data-tweet-id="745857012706189312" '
                 f'{name}="733698918643568641"><p>text</p>'
                 f'<a class="js-profile-popup-actionable" href="/someone" '
                 f'{name}="711789322777681920">Someone</a></div>')
    assert [e.post_id for e in extract(page.encode(), "x.html")] == ["745857012706189312"]


@pytest.mark.parametrize("name", ["data-thread-id", "data-conversation-id", "data-item-id",
                                  "data-embed-id"])
def test_id_attributes_of_posts_still_count(name):
    page = _page(f'<div class="twitter-embed" {name}="1840909492374892176"></div>')
    assert [e.post_id for e in extract(page.encode(), "x.html")] == ["1840909492374892176"]


@pytest.mark.parametrize("encode", [html.escape, lambda m: __import__("urllib.parse").parse
                                    .quote(m, safe="/:=\" ")],
                         ids=["entities", "percent"])
def test_an_embed_kept_as_markup_in_an_attribute_is_read_whole(encode):
    """A CMS's placeholder whose script renders the embed from an attribute (Bustle's
    <attachment data-content="&lt;blockquote class=&quot;twitter-tweet&quot;…">): the
    attribute's escaped markup names href, not the attribute, and the embed is read with
    its text, author and date as if it stood in the page."""
    value = encode(EMBED)
    quote = "'" if '"' in value else '"'
    page = _page(f'<p>Before.</p><attachment data-provider="generic" data-type="embed" '
                 f'data-content={quote}{value}{quote}></attachment><p>After.</p>')
    [embed] = extract(page.encode(), "x.html")
    assert embed.post_id == "1840909492374892176" and embed.handle == "CityRoadsOffice"
    assert (embed.text, embed.author_name, embed.shown_date) == (
        "Deep inside.", "City Roads Office", "October 1, 2024")


def test_a_meta_tags_escaped_copy_of_an_embed_is_still_no_place():
    page = _page("<p>No post here.</p>",
                 head=f'<meta charset="utf-8"><meta name="body" value="{html.escape(EMBED)}">')
    assert extract(page.encode(), "x.html") == []


def test_xs_own_markup_names_the_account_beside_the_id():
    """A saved page of X itself: div.tweet[data-tweet-id] with data-screen-name and
    data-name, its permalinks written as paths (/github/status/…)."""
    page = _page('<div class="tweet permalink-tweet" data-tweet-id="609116267891580928" '
                 'data-item-id="609116267891580928" data-permalink-path="/github/status/'
                 '609116267891580928" data-screen-name="github" data-name="GitHub" '
                 'data-user-id="9919"><p class="tweet-text">Check out the list</p></div>'
                 '<div class="tweet" data-tweet-id="745857012706189312" data-permalink-path='
                 '"/PurelyIdle/status/745857012706189312"></div>')
    first, second = extract(page.encode(), "x.html")
    assert (first.post_id, first.handle, first.author_name) == (
        "609116267891580928", "github", "GitHub")
    assert (second.handle, second.url) == (
        "PurelyIdle", "https://x.com/PurelyIdle/status/745857012706189312")


def test_an_instagram_embeds_handle_asks_for_no_parse():
    """"A post shared by Name (@handle)" (Instagram's embed) has an embed's "(@handle)"
    but no dash before the name, which an X embed's tail always has: nothing to parse."""
    page = _page('<blockquote class="instagram-media" data-instgrm-permalink="https://www.'
                 'instagram.com/p/CNWJmy9nXoP/"><div><p><a href="https://www.instagram.com/p/'
                 'CNWJmy9nXoP/" target="_blank">A post shared by Reformation (@reformation)</a>'
                 '</p></div></blockquote><p>Text about 2021 fashion.</p>').encode()
    assert not scan(page).anything
    assert extract(page, "x.html") == []


@pytest.mark.parametrize("dash", ["&mdash;", "\u2014", "&#8212;", "&#x2014;", "\u2013", "-"])
def test_a_copied_tail_after_any_dash_is_still_read(dash):
    page = _page(f"<p>The ministry wrote:</p><p>Talks went well. {dash} Foreign Ministry "
                 "(@ForeignMinistry) October 12, 2025</p>").encode()
    assert scan(page).anything
    [embed] = extract(page, "x.html")
    assert embed.handle == "ForeignMinistry" and embed.text == "Talks went well."


@pytest.mark.parametrize("codec, words", [("gbk", "北发新表"), ("gb18030", "道会经社"),
                                          ("big5", "人表议年"), ("shift_jis", "年道今门"),
                                          ("euc-jp", "计年家示"), ("cp949", "海京表划")])
def test_utf8_bytes_declared_as_a_cjk_code_page_are_read_as_utf8(codec, words):
    """UTF-8 Chinese declared as GBK (or Big5, Shift_JIS, EUC) can decode in that code
    page without an error: every character garbled. No such code page's text is valid
    UTF-8 past a few characters, so valid UTF-8 is UTF-8."""
    body = EMBED.replace("Deep inside.", words)
    data = _page(f"<p>{words}</p>{body}", f'<meta charset="{codec}">').encode("utf-8")
    data.decode(codec)  # no error: the label alone cannot tell
    page = extract_page(data, "t.html")
    assert page.encoding == "utf-8"
    assert "the bytes are UTF-8" in page.encoding_source
    assert page.embeds[0].text == words


def test_a_cjk_code_page_that_fits_its_bytes_stays():
    real = _page("<p>中文测试，新闻报道</p>", '<meta charset="gbk">').encode("gbk")
    assert extract_page(real, "t.html").encoding in ("gbk", "gb18030")  # WHATWG: gb18030


def test_valid_utf8_that_no_declaration_fits_needs_no_detection():
    data = _page("<p>서울시는 새로운 계획을 발표했다.</p>", '<meta charset="euc-kr">').encode()
    page = extract_page(data, "t.html")
    assert page.encoding == "utf-8" and page.encoding_source.startswith("utf-8 fallback")


def test_a_page_nested_too_deep_is_said_once_by_archive_and_named_by_verify(tmp_path):
    """The page is parsed for its posts, its fingerprint and its prose quotes: archive
    said the warning twice, the second (and verify's) naming "page", not the page."""
    import subprocess
    import sys

    def archiver(*args):
        return subprocess.run([sys.executable, "-m", "archiver.cli", *args],
                              capture_output=True, text=True, timeout=120)

    page = tmp_path / "deep.html"
    page.write_bytes(_page('<p>CityRoadsOffice said: "Deep inside."</p>'
                           + "<div>" * 3000 + EMBED + "</div>" * 3000).encode())
    db = str(tmp_path / "a.db")
    archived = archiver("archive", str(page), "--db", db, "--no-media")
    warned = [line for line in archived.stderr.splitlines() if "nest deeper" in line]
    assert len(warned) == 1 and f"{page}: elements nest deeper" in warned[0], archived.stderr
    verified = archiver("verify", "--db", db)
    warned = [line for line in verified.stderr.splitlines() if "nest deeper" in line]
    assert warned and all(f"{page}: elements nest deeper" in line for line in warned)


# --- X's intents ------------------------------------------------------------------------------

POST = "1840909492374892176"


@pytest.mark.parametrize("markup", [
    f'<a href="https://twitter.com/intent/favorite?tweet_id={POST}">Like</a>',
    f'<a href="https://x.com/intent/like?tweet_id={POST}"><i class="icon"></i></a>',
    f'<a href="https://twitter.com/intent/retweet?tweet_id={POST}&amp;related=cityroads">RT</a>',
    f'<a href="https://twitter.com/intent/tweet?in_reply_to={POST}">Reply</a>',
    f'<a href="https://twitter.com/intent/tweet?text=Well%20said&amp;in_reply_to={POST}">Reply</a>',
    f'<span class="act" data-href="https://twitter.com/intent/retweet?tweet_id={POST}"></span>',
])
def test_an_intent_that_names_its_post_links_that_post(markup):
    """X's like, retweet and reply intents act on one post, named by its id (X-FORMATS
    §2.1): a site-drawn card may carry its post's id nowhere else. Read as a link to it."""
    page = _page(f"<div class='card'><p>Words of the post.</p>{markup}</div>").encode()
    assert scan(page).anything
    embeds = extract(page, "card.html")
    assert [(e.post_id, e.kind) for e in embeds] == [(POST, "link")]


@pytest.mark.parametrize("markup", [
    # share buttons offer to share a URL, the post's or not: they show nothing
    '<a href="https://twitter.com/intent/tweet?text=Read&amp;url=https%3A%2F%2Fnews.example%2Fa">Share</a>',
    f'<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Ftwitter.com%2Fa%2Fstatus%2F{POST}">'
    'Share</a>',
    f'<a href="https://twitter.com/intent/tweet?url=https://twitter.com/a/status/{POST}">Share</a>',
    '<a href="https://twitter.com/intent/user?user_id=1004391034">Follow</a>',
    '<a href="https://twitter.com/intent/follow?screen_name=cityroads">Follow</a>',
    # an intent in a script's text, or a comment, is nothing the page shows
    f'<script>var like = "https://twitter.com/intent/like?tweet_id={POST}";</script>',
    f'<!-- <a href="https://twitter.com/intent/like?tweet_id={POST}">Like</a> -->',
    # a "tweet_id" parameter on another site
    f'<a href="https://news.example/track?tweet_id={POST}">x</a>',
])
def test_intents_that_name_no_shown_post_are_none(markup):
    page = _page(f"<p>Text.</p>{markup}").encode()
    assert extract(page, "share.html") == []


# --- handles written with look-alike letters ---------------------------------------------------

LOOK_ALIKE = "HakanF\u0456dan"  # a Cyrillic і for the i
FIDAN_POST = "1977411517674615015"


@pytest.mark.parametrize("permalink_handle, attribution_handle", [
    ("HakanFidan", LOOK_ALIKE),  # the page's attribution claims a look-alike account
    (LOOK_ALIKE, LOOK_ALIKE),  # ...and its permalink too: X finds the post by its id
    ("HakanF%D1%96dan", LOOK_ALIKE),  # the permalink percent-encoded
])
def test_a_look_alike_handle_is_kept_as_the_page_shows_it(permalink_handle, attribution_handle):
    """X resolves a status URL by its id, whatever the segment before /status/ says: a
    handle written with letters no handle has is the page's claim of an author, kept as
    written for verification to judge, never a reason to miss the post."""
    page = _page(
        f'<blockquote class="twitter-tweet"><p lang="tr">Söz.</p>&mdash; Hakan Fidan '
        f'(@{attribution_handle}) <a href="https://twitter.com/{permalink_handle}/status/'
        f'{FIDAN_POST}">October 12, 2025</a></blockquote>').encode()
    embeds = extract(page, "a.html")
    assert [(e.post_id, e.handle, e.author_name) for e in embeds] == [
        (FIDAN_POST, LOOK_ALIKE, "Hakan Fidan")]


def test_a_look_alike_handle_in_a_plain_text_tail_is_read():
    embeds = extract(f"Söz. — Hakan Fidan (@{LOOK_ALIKE}) October 12, 2025", "-")
    assert [(e.handle, e.author_name, e.kind) for e in embeds] == [
        (LOOK_ALIKE, "Hakan Fidan", "text")]


# --- Markdown renderings of an embed ----------------------------------------------------------

HTML2TEXT = (
    "# Storm news\n\nOfficials posted on X.\n\n"
    "> Liftoff! ![🚀](https://s.w.org/images/core/emoji/15.0.3/72x72/1f680.png) "
    "[@NASA_Astronauts](https://twitter.com/NASA_Astronauts?ref_src=twsrc%5Etfw) "
    "are on their way. [#Crew11](https://twitter.com/hashtag/Crew11?src=hash&ref_src=twsrc%5Etfw)"
    "  \n> Two problems addressed:  \n> 1\\. Fanout  \n> 2\\. Search "
    "[pic.twitter.com/AbCd123xYz](https://t.co/AbCd123xYz)\n>\n"
    "> — NASA (@NASA) [August 1, 2025](https://twitter.com/NASA/status/1951307685472661545"
    "?ref_src=twsrc%5Etfw)\n\nMore follows.\n")


def test_a_markdown_rendering_of_an_embed_is_read_as_its_text():
    """html2text (and newsletters) turn X's embed code into Markdown: links as
    "[text](url)", the lines quoted with "> ", list-like numbers escaped ("1\\."). The
    embed's text is what it shows: each link's text, each sign unescaped."""
    embeds = extract(HTML2TEXT, "story.md")
    assert [(e.post_id, e.handle, e.author_name) for e in embeds] == [
        ("1951307685472661545", "NASA", "NASA")]
    assert embeds[0].text == ("Liftoff! 🚀 @NASA_Astronauts are on their way. #Crew11\n"
                              "Two problems addressed:\n1. Fanout\n2. Search")
    assert embeds[0].media == ("pic.twitter.com/AbCd123xYz",)


@pytest.mark.parametrize("shown", ["pic.twitter.com/7HSf3fmgQg", "https://pic.twitter.com/7HSf3fmgQg",
                                   "http://pic.x.com/7HSf3fmgQg"])
def test_a_media_link_is_media_with_or_without_its_scheme(shown):
    """A CMS may write the media link's text with its scheme: it is still the post's
    media, not words of it."""
    page = _page('<blockquote class="twitter-tweet"><p lang="en">Happy Thanksgiving! '
                 f'<a href="https://t.co/7HSf3fmgQg">{shown}</a></p>&mdash; The White House '
                 '(@WhiteHouse) <a href="https://twitter.com/WhiteHouse/status/'
                 '1994058632309141544">November 27, 2025</a></blockquote>').encode()
    [embed] = extract(page, "a.html")
    assert embed.text == "Happy Thanksgiving!"
    assert embed.media == (shown.split("://")[-1],)


# --- a post's id under the post's name alone ----------------------------------------------------

RIVER_POST = "1799201375011590271"


@pytest.mark.parametrize("markup", [
    # a static site's component, which widgets.js fills in the reader's browser
    f'<div class="flex justify-center my-6">\n  <div data-tweet="{RIVER_POST}" />\n</div>',
    f'<div class="twitter-embed" data-tweet="{RIVER_POST}"></div>',
    f"<figure class='embed'><div data-tweet='{RIVER_POST}'></div></figure>",
    # under a mark of X, the generic names as the generic data-id is read
    f'<div class="embed-twitter"><div data-post="{RIVER_POST}"></div></div>',
    f'<div class="tweet-card" data-status="{RIVER_POST}"></div>',
])
def test_an_id_under_the_posts_name_alone_is_the_post(markup):
    """data-tweet="ID" names its post as data-tweet-id does (blog components that
    widgets.js renders, Thread Reader App's unrolled threads)."""
    page = _page(f"<p>The river rose overnight.</p>{markup}<p>More.</p>").encode()
    assert scan(page).anything
    assert [e.post_id for e in extract(page, "p.html")] == [RIVER_POST]


def test_an_unrolled_threads_post_gives_its_handle_and_text():
    """Thread Reader App writes each post of a thread as a div carrying its id and its
    author's screen name, the post's text inside it."""
    page = _page(
        '<div class="t-main"><div id="tweet_1" data-screenname="river_watch" '
        f'data-tweet="{RIVER_POST}" class="content-tweet allow-preview" dir="auto">\n'
        "The river rose 2 m overnight. Stay off the towpath.<br />\n<br />\n"
        'Updates at <a class="entity-url" href="https://example.org/river">example.org/river</a>\n'
        '<sup class="tw-permalink"><i class="fas fa-link"></i></sup>\n</div>\n'
        '<div id="tweet_2" data-screenname="river_watch" data-tweet="1799201902453715343" '
        'class="content-tweet allow-preview" dir="auto">\nThe bridge is closed too.\n'
        '<sup class="tw-permalink"><i class="fas fa-link"></i></sup>\n</div></div>').encode()
    first, second = extract(page, "thread.html")
    assert (first.post_id, first.handle) == (RIVER_POST, "river_watch")
    assert first.text == ("The river rose 2 m overnight. Stay off the towpath.\n\n"
                          "Updates at example.org/river")
    assert (second.post_id, second.handle, second.text) == (
        "1799201902453715343", "river_watch", "The bridge is closed too.")


@pytest.mark.parametrize("markup", [
    # flags on buttons: whether to post as well
    '<button class="vote-btn" data-tweet="0">Vote</button>'
    '<button class="vote-btn" data-tweet="1">Vote and tweet</button>',
    # a Twitter clone's own rows, numbered by its database, however marked
    '<div class="tweet" data-tweet="48213"><p class="tweet-body">hello</p></div>',
    '<li class="tweet" data-tweet="1048213"><span>@sam</span> first post!</li>',
    '<div class="tweet-card" data-status="2090117"></div>',
    # no mark of X: a CMS's own post or status number
    f'<article class="entry" data-post="{RIVER_POST}"></article>',
    f'<li class="order" data-status="{RIVER_POST}">Shipped</li>',
    # names that only contain the post's name
    f'<div class="profile" data-latest-tweet="{RIVER_POST}"></div>',
    f'<div class="tweet-stats" data-retweet="{RIVER_POST}"></div>',
    # a timeline's widget id
    f'<a class="twitter-timeline" data-widget-id="{RIVER_POST}" data-tweet-limit="3" '
    'href="https://twitter.com/river_watch">Posts</a>',
])
def test_a_number_under_the_posts_name_that_is_no_post_id_is_none(markup):
    page = _page(f"<p>The river rose overnight.</p>{markup}").encode()
    assert extract(page, "p.html") == []


# --- a handle escaped by Markdown ------------------------------------------------------------

FERRY_POST = "1305117920448679936"
FERRY_LINK = f"https://twitter.com/_harbour_ferries_/status/{FERRY_POST}?ref_src=twsrc%5Etfw"


def test_an_embeds_attribution_with_a_markdown_escaped_handle_is_read():
    """A Markdown blog's raw-HTML embed keeps the "\\_" its editor wrote for "_" in the
    handle: the page shows "(@_harbour_ferries_)", and so is the attribution read."""
    page = _page('<p>Before the trip:</p>\n<blockquote class="twitter-tweet"><p lang="en" '
                 'dir="ltr">Night sailings resume on Monday. <a href="https://t.co/Ab12Cd34Ef">'
                 'pic.twitter.com/Ab12Cd34Ef</a></p>&mdash; Ferries, Harbour &amp; Co. '
                 rf'(@\_harbour\_ferries\_) <a href="{FERRY_LINK}">September 13, 2020</a>'
                 '</blockquote> <script async src="https://platform.twitter.com/widgets.js" '
                 'charset="utf-8"></script>').encode()
    [embed] = extract(page, "post.html")
    assert (embed.post_id, embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        FERRY_POST, "_harbour_ferries_", "Ferries, Harbour & Co.", "September 13, 2020",
        "Night sailings resume on Monday.")


@pytest.mark.parametrize("source, data", [
    ("post.md", "Night sailings resume on Monday. pic.twitter.com/Ab12Cd34Ef\n"
                r"— Ferries, Harbour & Co. (@\_harbour\_ferries\_) September 13, 2020" "\n"),
    ("post.html", _page("<p>Before the trip:</p><p>Night sailings resume on Monday. "
                        r"&mdash; Ferries, Harbour &amp; Co. (@\_harbour\_ferries\_) "
                        "September 13, 2020</p>")),
])
def test_a_text_copy_with_a_markdown_escaped_handle_is_read(source, data):
    [embed] = extract(data.encode(), source)
    assert (embed.kind, embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        "text", "_harbour_ferries_", "Ferries, Harbour & Co.", "September 13, 2020",
        "Night sailings resume on Monday.")


@pytest.mark.parametrize("attribution, name", [
    (r"&mdash; Ferries, Harbour &amp; Co. (\@\_harbour\_ferries\_)", "Ferries, Harbour & Co."),
    (r"&mdash; \@\_harbour\_ferries\_", None),
    (r"&mdash; Harbour Ferries \@\_harbour\_ferries\_", "Harbour Ferries"),
])
def test_an_attribution_with_a_markdown_escaped_at_sign_is_read(attribution, name):
    """Exporters to Markdown escape the "@" too ("(\\@handle)", "— \\@handle"): the page
    shows "(@handle)", and the name before it is the author's (not the lone "\\")."""
    page = _page(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'{attribution} <a href="{FERRY_LINK}">September 13, 2020</a>'
                 "</blockquote>").encode()
    [embed] = extract(page, "post.html")
    assert (embed.text, embed.handle, embed.author_name) == (
        "Night sailings resume on Monday.", "_harbour_ferries_", name)


HARBOUR_MD = ("Our harbour story.\n\n"
              "> Night sailings resume on Monday, timetable: <https://t.co/Ab12Cd34Ef>\n"
              "> and fares are unchanged <https://t.co/Zy98Xw76Vu>\n>\n"
              "> {dash} Ferries, Harbour {amp} Co. ({at}_harbour_ferries_) [September 13,\n"
              "> 2020](https://twitter.com/_harbour_ferries_/status/1305117920448679936)\n\n"
              "More of the story.\n")


@pytest.mark.parametrize("dash", ["—", "&mdash;", "&#8212;", "---", "--"])
@pytest.mark.parametrize("at", ["@", "\\@"])
@pytest.mark.parametrize("source", ["story.md", "story.markdown", "-"])
def test_markdown_renderings_of_an_embed_are_read_as_they_show(dash, at, source):
    """What Markdown writers make of X's embed code: html2text's autolinks
    ("<https://t.co/…>", shown without the brackets) and its line wrapped at 78 columns
    (the date's link too), character references (CommonMark shows "&mdash;" as "—"),
    pandoc's "---" and "--" dashes and "\\@" escapes: all read as the page shows them."""
    text = HARBOUR_MD.format(dash=dash, at=at, amp="&amp;" if dash.startswith("&") else "&")
    [embed] = extract(text.encode(), source)
    assert (embed.post_id, embed.handle, embed.author_name, embed.shown_date) == (
        "1305117920448679936", "_harbour_ferries_", "Ferries, Harbour & Co.",
        "September 13, 2020")
    assert embed.text == ("Night sailings resume on Monday, timetable: https://t.co/Ab12Cd34Ef\n"
                          "and fares are unchanged https://t.co/Zy98Xw76Vu")


@pytest.mark.parametrize("attribution, name, handle_shown", [
    # html2text puts the date's link on a line of its own past 78 columns
    ("> — Ferries, Harbour & Co. Operations Desk (@_harbour_ferries_)\n"
     "> [September 13, 2020]({link})", "Ferries, Harbour & Co. Operations Desk", True),
    ("> -- @_harbour_ferries_ [September 13, 2020]({link})", None, True),  # TweetDeck's
    ("> — @_harbour_ferries_\n> [September 13, 2020]({link})", None, True),
    ("> — Harbour Ferries [September 13, 2020]({link})", "Harbour Ferries", False),  # no handle
    ("> -- Harbour Ferries\n> [September 13, 2020]({link})", "Harbour Ferries", False),
])
def test_markdown_attributions_of_every_shape_are_read(attribution, name, handle_shown):
    """The shapes Markdown writers give an embed's attribution: the date's link wrapped
    onto its own line, a handle alone, a name alone (the permalink then names the post
    and its author)."""
    link = "https://twitter.com/_harbour_ferries_/status/1305117920448679936"
    text = ("Our harbour story.\n\n> Night sailings resume on Monday.\n>\n"
            + attribution.format(link=link) + "\n\nMore of the story.\n")
    [embed] = extract(text.encode(), "story.md")
    assert (embed.post_id, embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        "1305117920448679936", "_harbour_ferries_", name, "September 13, 2020",
        "Night sailings resume on Monday.")


@pytest.mark.parametrize("block, name", [
    # X's embed code with the "(@handle)" taken out (a real Japanese blog's slides)
    ('<blockquote class="twitter-tweet" data-lang="ja"><p lang="ja" dir="ltr">{text}</p>'
     '&mdash; わさびず <a href="{link}">2015年12月29日</a></blockquote>', "わさびず"),
    ('<blockquote class="tweet"><p>{text}</p>\n<p>{text}</p>\n– Harbour Ferries,\n'
     '<a href="{link}">September 13, 2020</a></blockquote>', "Harbour Ferries"),
    ('<figure class="wp-block-embed"><blockquote class="twitter-tweet"><p>{text}</p>'
     '— Ferries, Harbour &amp; Co. <a href="{link}">September 13, 2020</a></blockquote>'
     '</figure>', "Ferries, Harbour & Co."),
    # not a name: a sentence, a date alone, nothing
    ('<blockquote class="twitter-tweet"><p>{text}</p>— as the ferry company said in its '
     'statement on Sunday <a href="{link}">September 13, 2020</a></blockquote>', None),
    ('<blockquote class="twitter-tweet"><p>{text}</p>— 13.09.2020 '
     '<a href="{link}">September 13, 2020</a></blockquote>', None),
    ('<blockquote class="twitter-tweet"><p>{text}</p>— <a href="{link}">September 13, '
     '2020</a></blockquote>', None),
])
def test_an_html_attribution_that_names_no_handle_gives_the_name_shown(block, name):
    """"— Name <permalink>" without "(@handle)": the name is the page's claim of the
    author (checked against X's as a shown name is); the permalink names the post and
    its handle, which the page does not show."""
    link = "https://twitter.com/_harbour_ferries_/status/1305117920448679936"
    page = _page(block.format(text="Night sailings resume on Monday.", link=link))
    [embed] = extract(page.encode(), "story.html")
    assert (embed.post_id, embed.handle, embed.author_name) == (
        "1305117920448679936", "_harbour_ferries_", name)
    assert embed.text.startswith("Night sailings resume on Monday.")


EMBED_CODE = ('<blockquote class="twitter-tweet"><p lang="pl" dir="ltr">Promy wracają od '
              'poniedziałku <a href="https://t.co/Qw12Er34Ty">pic.twitter.com/Qw12Er34Ty</a>'
              '</p>&mdash; Port Gdańsk (@PortGdansk) <a href="https://twitter.com/PortGdansk/'
              'status/1450000000000000001?ref_src=twsrc%5Etfw">October 18, 2021</a></blockquote>'
              ' <script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
              '</script>')


@pytest.mark.parametrize("source", ["post.md", "post.markdown", "-"])
@pytest.mark.parametrize("where", ["alone", "in a quote", "after a list"])
def test_embed_code_pasted_into_markdown_is_read_as_the_html_it_is(source, where):
    """A Markdown post (Jekyll, Hugo, a README) holding X's embed code shows it as HTML
    (CommonMark keeps HTML blocks as they are): every field is read, and the Markdown
    around it is read as Markdown (a rendering of another embed, with its "[date](url)")."""
    block = {"alone": EMBED_CODE, "in a quote": "> " + EMBED_CODE,
             "after a list": "- one\n- two\n\n" + EMBED_CODE}[where]
    text = ("# Ferries\n\nThe port said:\n\n" + block + "\n\nAnd the city:\n\n"
            "> Night buses run until the ferries return.\n>\n"
            "> — Gdańsk City (@Gdansk) [October 19, 2021]"
            "(https://twitter.com/Gdansk/status/1450000000000000002)\n")
    port, city = extract(text.encode(), source)
    assert (port.post_id, port.handle, port.author_name, port.shown_date, port.text,
            port.media, port.lang) == (
        "1450000000000000001", "PortGdansk", "Port Gdańsk", "October 18, 2021",
        "Promy wracają od poniedziałku", ("pic.twitter.com/Qw12Er34Ty",), "pl")
    assert (city.post_id, city.author_name, city.text) == (
        "1450000000000000002", "Gdańsk City", "Night buses run until the ferries return.")


def test_a_status_url_in_markdown_code_is_no_post():
    """A fenced or indented code block, or an inline code span, shows code (a tutorial's
    example), as <pre> and <code> do in HTML: no post."""
    text = ("How to embed:\n\n```html\n" + EMBED_CODE + "\n```\n\n"
            "    https://twitter.com/PortGdansk/status/1450000000000000003\n\n"
            "Call `embed('https://x.com/PortGdansk/status/1450000000000000004')` and done.\n")
    assert extract(text.encode(), "howto.md") == []
    html_page = _page("<p>Call <code>https://x.com/PortGdansk/status/1450000000000000004"
                      "</code> and done.</p>")
    assert extract(html_page.encode(), "howto.html") == []


@pytest.mark.parametrize("shortcode, handle", [
    ('{{< tweet user="PortGdansk" id="1450000000000000001" >}}', "PortGdansk"),
    ("{{< tweet 1450000000000000001 >}}", None),
    ('{{< x user="PortGdansk" id="1450000000000000001" >}}', "PortGdansk"),
    ('{{% twitter id="1450000000000000001" %}}', None),
    ('<div class="center">\n{{< tweet user="PortGdansk" id="1450000000000000001" >}}\n</div>',
     "PortGdansk"),
])
def test_hugo_shortcodes_name_the_post_they_embed(shortcode, handle):
    text = "Ferries are back.\n\n" + shortcode + "\n\nMore soon.\n"
    [embed] = extract(text.encode(), "content/posts/ferries.md")
    assert (embed.post_id, embed.handle, embed.kind) == ("1450000000000000001", handle, "embed")


@pytest.mark.parametrize("where", [
    "| Port | Post |\n|---|---|\n| Gdańsk | {embed} |\n",  # a GFM table's cell
    "See what the port said: {embed}\n",  # after text on its line
    "- The port: {embed}\n",  # in a list item, after text
    "!!! note \"The port\"\n    {embed}\n",  # MkDocs' admonition body
    "??? quote \"Click to open\"\n\n    <center>\n    {embed}\n    </center>\n",
    '=== "Tab 1"\n\n    {embed}\n',
])
def test_embed_code_inline_or_in_an_mkdocs_block_is_read_as_html(where):
    text = "# Ferries\n\n" + where.format(embed=EMBED_CODE) + "\nMore.\n"
    [port] = extract(text.encode(), "docs/ferries.md")
    assert (port.post_id, port.author_name, port.shown_date, port.text, port.kind) == (
        "1450000000000000001", "Port Gdańsk", "October 18, 2021",
        "Promy wracają od poniedziałku", "embed")


@pytest.mark.parametrize("component, handle", [
    ('<Tweet id="1450000000000000001" />', None),
    ('<Tweet id="1450000000000000001" class="mx-auto" scale="0.8"/>', None),
    ('<Tweet tweetLink="PortGdansk/status/1450000000000000001" />', "PortGdansk"),
    ('<TwitterTweetEmbed tweetId="1450000000000000001" />', None),
])
@pytest.mark.parametrize("source", ["post.mdx", "slides.md"])
def test_a_component_named_for_a_post_names_it(component, handle, source):
    text = "import { Tweet } from 'mdx-embed'\n\nThe port said:\n\n" + component + "\n\nEnd.\n"
    [embed] = extract(text.encode(), source)
    assert (embed.post_id, embed.handle) == ("1450000000000000001", handle)


@pytest.mark.parametrize("tag, handle", [
    ("{% twitter 1450000000000000001 %}", None),
    ("{% tweet 1450000000000000001 %}", None),
    ("{% twitter https://twitter.com/PortGdansk/status/1450000000000000001 %}", "PortGdansk"),
    ("{%- tweet https://x.com/PortGdansk/status/1450000000000000001 -%}", "PortGdansk"),
])
def test_liquid_tags_name_the_post_they_embed(tag, handle):
    text = "Ferries are back.\n\n" + tag + "\n\nMore soon.\n"
    [embed] = extract(text.encode(), "_posts/2021-10-18-ferries.md")
    assert (embed.post_id, embed.handle, embed.kind) == ("1450000000000000001", handle, "embed")


@pytest.mark.parametrize("hidden", [
    "<!-- {{< tweet user=\"PortGdansk\" id=\"1450000000000000001\" >}} -->",
    "<!--\n{{% tweet 1450000000000000001 %}}\n-->",
    "{% comment %}\n{% twitter 1450000000000000001 %}\n{% endcomment %}",
    "{{/* {{< tweet 1450000000000000001 >}} */}}",
    "<!-- " + EMBED_CODE + " -->",
])
def test_what_a_comment_holds_in_markdown_shows_no_post(hidden):
    text = "Ferries are back.\n\n" + hidden + "\n\nMore soon.\n"
    assert extract(text.encode(), "post.md") == []


def test_a_whole_html_page_on_standard_input_is_read_as_html():
    """`curl … | archiver extract -`: a page piped in whole is HTML; a plain text
    (the seed article's copy) stays text."""
    page = (CORPUS / "10-breakingsoup-wp-block.html").read_bytes()
    piped = extract(page, "-")
    assert [e.post_id for e in piped] == [e.post_id for e in extract(page, "page.html")]
    assert all(e.author_name and e.text for e in piped)
    text = "The minister wrote.\n\nA post's words.\n— Port Gdańsk (@PortGdansk) October 18, 2021\n"
    [copy] = extract(text.encode(), "-")
    assert (copy.kind, copy.author_name) == ("text", "Port Gdańsk")


@pytest.mark.parametrize("attribution", [
    "— Port Gdańsk ([@PortGdansk](https://dev.to/portgdansk) ) [October 18, 2021]({link})",
    "— Port Gdańsk ([@PortGdansk](https://twitter.com/PortGdansk)) [October 18, 2021]({link})",
    "— Port Gdańsk (@PortGdansk ) [October 18, 2021]({link})",
])
def test_a_markdown_attribution_whose_handle_is_a_link_or_spaced_is_read(attribution):
    """A blog's rendering of an embed links the "(@handle)" to a profile, or leaves a
    space before its ")": the attribution a reader sees all the same."""
    link = "https://twitter.com/PortGdansk/status/1450000000000000001"
    text = "> Promy wracają od poniedziałku\n>\n> " + attribution.format(link=link) + "\n"
    [embed] = extract(text.encode(), "post.md")
    assert (embed.post_id, embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        "1450000000000000001", "PortGdansk", "Port Gdańsk", "October 18, 2021",
        "Promy wracają od poniedziałku")


def test_a_korean_date_wrapped_over_a_markdown_quotes_lines_is_read():
    link = "https://twitter.com/_harbour_ferries_/status/1305117920448679936"
    text = ("> 야간 운항이 월요일에 재개됩니다.\n>\n"
            f"> — 항만 페리 (@_harbour_ferries_) [2020년 9월\n> 13일]({link})\n")
    [embed] = extract(text.encode(), "story.md")
    assert (embed.author_name, embed.shown_date, embed.text) == (
        "항만 페리", "2020년 9월 13일", "야간 운항이 월요일에 재개됩니다.")


def test_a_name_and_a_date_link_that_is_no_permalink_are_no_attribution():
    """A name then a date's link reads as an attribution only when the link is a status
    URL: "— The Editors [May 2, 2024](https://news.example/about)" is a byline."""
    text = ("> Night sailings resume on Monday.\n>\n"
            "> — The Editors [September 13, 2020](https://news.example/about)\n")
    assert extract(text.encode(), "story.md") == []


def test_references_in_plain_text_that_is_not_markdown_stay_as_written():
    """A plain-text page that is no Markdown (no .md name, no Markdown link) keeps "&amp;"
    as written: only CommonMark reads references."""
    text = ("Ferries &amp; trains resume on Monday. pic.twitter.com/Ab12Cd34Ef\n"
            "— Harbour Ferries (@_harbour_ferries_) September 13, 2020\n")
    [embed] = extract(text.encode(), "notes.txt")
    assert embed.text == "Ferries &amp; trains resume on Monday."


@pytest.mark.parametrize("attribution", [r"&mdash; @\_harbour\_ferries\_",
                                         r"&mdash; Harbour Ferries @\_harbour\_ferries\_"])
def test_a_bare_attribution_with_a_markdown_escaped_handle_is_read(attribution):
    page = _page(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'<p>{attribution} <a href="{FERRY_LINK}">September 13, 2020</a></p>'
                 "</blockquote>").encode()
    [embed] = extract(page, "post.html")
    assert (embed.text, embed.handle) == ("Night sailings resume on Monday.", "_harbour_ferries_")


@pytest.mark.parametrize("page, source", [
    ("<html><body><p>Story.</p><p>Ferries run hourly from Monday. &mdash; @PortDesk October "
     "12, 2025</p></body></html>", "p.html"),
    ("<html><body><p>Story.</p><p>Ferries run hourly from Monday. &#8212; @PortDesk October "
     "12, 2025</p></body></html>", "p.html"),
    # (the dash as UTF-8 on a page the scan parses for another of its marks)
    ("<html><body><p>Story.</p><p>Ferries run hourly from Monday. — @PortDesk October 12, "
     "2025</p><p>See <a href='https://x.com/PortDesk'>@PortDesk</a> (@PortDesk).</p>"
     "</body></html>", "p.html"),
    ("<html><body><p>Story.</p><p>Ferries run hourly from Monday.</p><p>&mdash; @PortDesk "
     "October 12, 2025</p></body></html>", "p.html"),
    ("Story.\n\nFerries run hourly from Monday.\n— Port Desk @PortDesk October 12, 2025\n",
     "copy.txt"),
])
def test_an_embeds_tail_without_brackets_is_read_as_its_copy(page, source):
    """Citation templates and hand-made copies write the tail "— @handle date" or
    "— Name @handle date", without the brackets of X's "(@handle)"."""
    [embed] = extract(page.encode(), source)
    assert (embed.kind, embed.handle, embed.text) == (
        "text", "PortDesk", "Ferries run hourly from Monday.")
    assert embed.shown_date == "October 12, 2025"


@pytest.mark.parametrize("page", [
    "<html><body><p>Contact the desk — @PortDesk or write to us, since 2019.</p></body></html>",
    "<html><body><p>The rally — @PortDesk said on March 3, 2020 — drew thousands.</p>"
    "</body></html>",
    "<html><body><p>Follow the desk — @PortDesk, est. 2019</p></body></html>",
])
def test_a_handle_after_a_dash_in_running_text_is_no_copy(page):
    assert extract(page.encode(), "p.html") == []


def test_a_post_carried_by_id_beside_its_screen_name_keeps_its_words_in_paragraphs():
    """An unrolled thread's post whose words are in <p>s (not a card: no header, no
    actions): its words are the post's text."""
    page = ('<html><body><div data-screenname="PortDesk" data-tweet="1977300000000000009"'
            ' class="content-tweet" dir="auto"><p>Ferries run hourly from Monday.</p>'
            '<p>Night sailings stay as they are.</p></div></body></html>')
    [embed] = extract(page.encode(), "thread.html")
    assert (embed.post_id, embed.handle) == ("1977300000000000009", "PortDesk")
    assert embed.text.split() == ("Ferries run hourly from Monday. Night sailings stay as "
                                  "they are.").split()


# --- shapes of embeds that scripts finish: frames, lazy embeds, placeholders, markup kept
# --- in attributes, intents and cut URLs in text

def _features(size: int) -> str:
    import base64
    import json

    flags = {f"tfw_flag_{n}": {"bucket": "on", "version": None} for n in range(size // 40)}
    return base64.b64encode(json.dumps(flags).encode()).decode()


@pytest.mark.parametrize("host", ["platform.twitter.com", "platform.x.com"])
def test_a_widget_frame_whose_id_follows_a_long_query_is_found(host):
    """X's frame URLs carry a 1-2 KB `features=` before `id=`: read to the URL's end."""
    src = (f"https://{host}/embed/Tweet.html?creatorScreenName=HarbourFerries&dnt=false"
           f"&embedId=twitter-widget-3&features={_features(1800)}&frame=false&hideCard=false"
           "&hideThread=false&id=1962973806055269975&lang=tr&origin=https%3A%2F%2Fnews."
           "example%2Fa&theme=light&widgetsVersion=2615f7e52b7e0&width=550px")
    page = _page(f'<p>Bugün:</p><iframe scrolling="no" frameborder="0" src="{src}"></iframe>')
    assert [e.post_id for e in extract(page.encode(), "f.html")] == ["1962973806055269975"]


@pytest.mark.parametrize("attribute", ["data-tweet-url", "data-url", "data-href", "cite"])
def test_an_embed_whose_post_is_only_in_its_own_attribute_is_found(attribute):
    page = _page(f'<blockquote class="twitter-tweet twitter-tweet-lazy" {attribute}='
                 '"https://x.com/HarbourFerries/status/1962973806055269975?s=20"><p>'
                 'Ferries resume at 06:00.</p></blockquote>')
    [embed] = extract(page.encode(), "l.html")
    assert (embed.post_id, embed.handle, embed.text) == (
        "1962973806055269975", "HarbourFerries", "Ferries resume at 06:00.")


@pytest.mark.parametrize("placeholder", ["Loading tweet...", "Loading…", "Cargando tweet…",
                                         "Chargement en cours...", "読み込み中…", "Загрузка...",
                                         "Tweet is loading"])
def test_a_placeholder_is_no_quote_of_the_post(placeholder):
    """A template shows these words until X's script draws the post: never its text."""
    page = _page(f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{placeholder}</p>'
                 '<a href="https://twitter.com/HarbourFerries/status/1962973806055269975">'
                 'View post</a></blockquote>')
    [embed] = extract(page.encode(), "p.html")
    assert embed.post_id == "1962973806055269975" and embed.text is None


def test_a_post_that_starts_with_loading_keeps_its_words():
    page = _page('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Loading the first '
                 'ferry now...</p>&mdash; Harbour Ferries (@HarbourFerries) <a href="https://'
                 'twitter.com/HarbourFerries/status/1962973806055269975">September 2, 2025</a>'
                 '</blockquote>')
    [embed] = extract(page.encode(), "p.html")
    assert embed.text == "Loading the first ferry now..."


def _js_escape(text: str) -> str:
    """JavaScript's escape(), as the generators that write data: URLs use it."""
    keep = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@*_+-./")
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif ord(ch) < 256:
            out.append(f"%{ord(ch):02X}")
        else:
            units = ch.encode("utf-16-be")
            out += [f"%u{units[i]:02X}{units[i + 1]:02X}" for i in range(0, len(units), 2)]
    return "".join(out)


@pytest.mark.parametrize("encode", [_js_escape, lambda s: __import__("urllib.parse").parse.quote(s)])
@pytest.mark.parametrize("url_first", [True, False])
def test_an_embed_kept_encoded_in_an_attribute_is_read_in_any_order_and_encoding(encode,
                                                                                url_first):
    words = "Sea at 18°C → ferries sail 🚢"
    embed = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">' + words + '</p>'
             '&mdash; Harbour Ferries (@HarbourFerries) <a href="https://twitter.com/'
             'HarbourFerries/status/1962973806055269975">September 2, 2025</a></blockquote>')
    url = 'data-tweet-url="https://twitter.com/HarbourFerries/status/1962973806055269975"'
    src = f'src="data:text/html;charset=utf-8,{encode(embed)}"'
    attributes = f"{url} {src}" if url_first else f"{src} {url}"
    [found] = extract(_page(f"<iframe {attributes}></iframe>").encode(), "e.html")
    assert (found.post_id, found.author_name, found.shown_date, found.text) == (
        "1962973806055269975", "Harbour Ferries", "September 2, 2025", words)


@pytest.mark.parametrize("source, data", [
    ("card.md", "Ferries resume. [reply](https://twitter.com/intent/tweet?in_reply_to="
                "1962973806055269975) [like](https://x.com/intent/like?tweet_id=1962973806055269975)"),
    ("card.txt", "Retweet: https://twitter.com/intent/retweet?tweet_id=1962973806055269975\n"),
    ("card.html", _page("<p>Retweet it: https://twitter.com/intent/retweet?tweet_id="
                        "1962973806055269975</p>")),
])
def test_an_intent_naming_its_post_in_text_links_that_post(source, data):
    assert [e.post_id for e in extract(data.encode(), source)] == ["1962973806055269975"]


@pytest.mark.parametrize("source, data", [
    ("cut.md", "Thread: [x.com/i/web/status/19…](https://t.co/AbCdEf1234) 2 Sep 2025"),
    ("cut.txt", "as she wrote… twitter.com/HarbourFerries/status/196297... and then"),
    ("cut.html", _page("<p>as she wrote… x.com/i/web/status/1962⋯</p>")),
])
def test_a_status_url_cut_where_it_was_shown_names_no_post(source, data):
    """X's display_url of a long link, "twitter.com/i/web/status/9…": the id is cut."""
    assert extract(data.encode(), source) == []


@pytest.mark.parametrize("tag", [
    '<div data-props="{props}" class="twitter-embed" data-tweet-id="1962973806055269975"></div>',
    '<div class="embed-x" data-props="{props}{props}" data-tweet-id="1962973806055269975"></div>',
    '<iframe data-props="{props}" src="https://platform.twitter.com/embed/Tweet.html?'
    'id=1962973806055269975"></iframe>',
])
def test_a_tag_with_long_attribute_values_around_its_marks_is_read(tag):
    """A script-built page's tags carry kilobytes of JSON props beside the embed's marks."""
    props = html.escape('{"layout":"wide","flags":[' + ",".join(['"on"'] * 1500) + "]}")
    page = _page("<p>Today:</p>" + tag.replace("{props}", props))
    assert [e.post_id for e in extract(page.encode(), "t.html")] == ["1962973806055269975"]


@pytest.mark.parametrize("words", ["Loading...", "LOADING…", "Cargando…", "読み込み中…"])
def test_a_post_whose_words_are_loading_keeps_them_under_its_attribution(words):
    """X's own embed code names its author: a teaser post that says "Loading..." is a
    post, not a template's placeholder."""
    page = _page(f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{words}</p>&mdash; '
                 'Harbour Ferries (@HarbourFerries) <a href="https://twitter.com/HarbourFerries/'
                 'status/1962973806055269975">September 2, 2025</a></blockquote>')
    [embed] = extract(page.encode(), "t.html")
    assert embed.text == words


@pytest.mark.parametrize("placeholder", ["Chargement du tweet…", "Caricamento in corso...",
                                         "正在加载…", "Loading . . .", "טוען...", "Lade Tweet…",
                                         "트윗 불러오는 중...", "Loading embedded post…"])
def test_placeholders_in_other_words_are_no_quote_either(placeholder):
    page = _page(f'<blockquote class="twitter-tweet"><p>{placeholder}</p><a href="https://'
                 'twitter.com/HarbourFerries/status/1962973806055269975">View post</a></blockquote>')
    [embed] = extract(page.encode(), "p.html")
    assert embed.post_id == "1962973806055269975" and embed.text is None


@pytest.mark.parametrize("source, data", [
    ("whole.txt", "The notice was at x.com/HarbourFerries/status/1962973806055269975... and then"),
    ("whole.html", _page("<p>Her post, https://x.com/HarbourFerries/status/1962973806055269975… "
                         "was deleted an hour later.</p>")),
    ("whole18.md", "See twitter.com/a_desk/status/512345678901234567… for the 2014 notice"),
])
def test_a_whole_status_url_followed_by_an_ellipsis_is_its_post(source, data):
    """A sentence trailing off after a whole link: X's cut display_url never shows an
    18- or 19-digit id."""
    found = [e.post_id for e in extract(data.encode(), source)]
    assert found == [re.search(r"status/(\d+)", data).group(1)]


@pytest.mark.parametrize("source, data", [
    ("span.html", _page('<p>Thread: <span class="js-display-url">twitter.com/i/web/status/1962'
                        '</span><span class="tco-ellipsis">…</span></p>')),
    ("entity.md", "Thread: x.com/i/web/status/1962&hellip; 2 Sep 2025"),
    ("leader.txt", "スレッド: twitter.com/i/web/status/1962‥"),
    ("bracket.txt", "Thread: twitter.com/i/web/status/1962[…]"),
])
def test_a_status_url_cut_by_any_ellipsis_names_no_post(source, data):
    assert extract(data.encode(), source) == []


@pytest.mark.parametrize("source, data", [
    ("reply.html", _page('<p>Ferries resume. <a href="https://x.com/intent/post?in_reply_to='
                         '1962973806055269975">Reply</a></p>')),
    ("reply.md", "[Reply](https://x.com/intent/post?in_reply_to=1962973806055269975)"),
])
def test_xs_newer_reply_intent_links_its_post(source, data):
    assert [e.post_id for e in extract(data.encode(), source)] == ["1962973806055269975"]


def test_x_share_intent_names_no_post():
    page = _page('<a href="https://x.com/intent/post?text=Ferries&url=https%3A%2F%2Fnews.example'
                 '%2Fa">Share</a> <a href="https://twitter.com/HarbourFerries">profile</a>')
    assert extract(page.encode(), "s.html") == []


EMBED_WORDS = "Sea at 18°C → ferries sail 🚢 “today”"
EMBED_MARKUP = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">' + EMBED_WORDS +
                '</p>&mdash; Harbour Ferries (@HarbourFerries) <a href="https://twitter.com/'
                'HarbourFerries/status/1962973806055269975">September 2, 2025</a></blockquote>')


@pytest.mark.parametrize("value", [
    lambda: html.escape(__import__("json").dumps({"html": EMBED_MARKUP, "type": "rich"})),
    lambda: html.escape(__import__("json").dumps({"html": EMBED_MARKUP}).replace("/", "\\/")),
    lambda: html.escape(__import__("json").dumps({"html": EMBED_MARKUP})
                        .replace("<", "\\u003c").replace(">", "\\u003e")),
])
def test_embed_markup_kept_as_json_in_an_attribute_is_read_with_its_escapes(value):
    """PHP's json_encode writes "\\u00b0" and "<\\/p>", Rails "\\u003c": the words are the
    embed's, not the escapes."""
    page = _page('<div class="embed" data-url="https://twitter.com/HarbourFerries/status/'
                 f'1962973806055269975" data-oembed="{value()}"></div>')
    [found] = extract(page.encode(), "j.html")
    assert (found.author_name, found.text) == ("Harbour Ferries", EMBED_WORDS)


def test_embed_markup_in_a_data_url_is_read_in_its_declared_charset():
    from urllib.parse import quote_from_bytes

    words = "“Ferries” sail – today…"
    markup = EMBED_MARKUP.replace(EMBED_WORDS, words)
    src = "data:text/html;charset=windows-1252," + quote_from_bytes(markup.encode("cp1252"))
    page = _page(f'<iframe data-tweet-url="https://twitter.com/HarbourFerries/status/'
                 f'1962973806055269975" src="{src}"></iframe>')
    [found] = extract(page.encode(), "c.html")
    assert found.text == words


@pytest.mark.parametrize("media_type", ["text/html;charset=utf-8", "text/html", "", "TEXT/HTML"])
@pytest.mark.parametrize("earlier", [
    '<p>Earlier: <a href="https://x.com/CityRoadsOffice/status/1840909492374892176">roads</a></p>',
    "<p>No other post, nor any other mark of X.</p>"])
def test_embed_markup_in_a_base64_data_url_is_read(media_type, earlier):
    """Its bytes show no status URL to the byte scan, which decodes a base64 data: URL of
    markup to look in it: the frame is read on a page with no other post too."""
    import base64

    src = f"data:{media_type};base64," + base64.b64encode(EMBED_MARKUP.encode()).decode()
    page = _page(f'{earlier}<iframe src="{src}"></iframe>')
    found = extract(page.encode(), "b.html")[-1]
    assert (found.post_id, found.text) == ("1962973806055269975", EMBED_WORDS)


def test_an_image_in_a_base64_data_url_is_not_decoded_for_posts():
    import base64

    image = base64.b64encode(EMBED_MARKUP.encode()).decode()  # (the bytes do not matter)
    page = _page(f'<p>Photo</p><img src="data:image/png;base64,{image}">')
    assert extract(page.encode(), "i.html") == []


@pytest.mark.parametrize("size", [50_000, 70_000, 150_000, 600_000])
@pytest.mark.parametrize("attribute", ['data-tweet-id="1962973806055269975"',
                                       'data-tweet-url="https://twitter.com/HarbourFerries/status/'
                                       '1962973806055269975"'])
def test_a_post_after_a_long_attribute_value_is_found(size, attribute):
    """Island frameworks' props and CMSs' data-state put tens or hundreds of kilobytes of
    JSON in one attribute before the post's: the byte scan reads a tag to its start and
    end however far they are (it looked 64 KB either way, and such a page gave nothing)."""
    props = "[" + ",".join('{&quot;k&quot;:&quot;v%d&quot;}' % n
                           for n in range(size // 30)) + "]"
    page = _page(f'<div class="tweet-embed" data-props="{props}" {attribute}>'
                 "<p>Ferries resume at 06:00.</p></div>")
    assert [e.post_id for e in extract(page.encode(), "p.html")] == ["1962973806055269975"]


def test_many_marks_in_a_long_bracketless_stretch_cost_one_look_back():
    """Thousands of words "twitter" in a script's 2 MB of JSON: each asks whether it sits
    in a tag, and the stretch without a bracket is read back once, not once for each."""
    from archiver.extract import scan

    blob = ('{"k": "twitter v%d"}, ' * 60_000) % tuple(range(60_000))
    raw = f'<script type="application/json">[{blob}]</script><p>end</p>'.encode()
    context = scan.Context(raw)
    offsets = [m.start() for m in re.finditer(rb"twitter", raw)]
    assert all(context.tag_open(at) == -1 for at in offsets)
    assert context.tag_open(raw.index(b"<p>") + 1) == raw.index(b"<p>")
    assert len(offsets) == 60_000 and context.far_looks == 1


@pytest.mark.parametrize("words", ["x", "Ferries resume.", "Closed today!", "نعم"])
def test_a_short_post_whose_paragraph_swallows_its_attribution_keeps_its_words(words):
    """An unclosed <p> takes the attribution and the permalink inside it; a post of a few
    words then looked like a template's byline ("Name @handle · date") and its words
    became the author's name ("x — Harbour Ferries"), its text lost."""
    page = _page('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
                 f"{words} &mdash; Harbour Ferries (@_harbour_ferries_) "
                 f'<a href="{FERRY_LINK}">September 13, 2020</a></blockquote>').encode()
    [embed] = extract(page, "p.html")
    assert (embed.text, embed.author_name, embed.handle) == (
        words, "Harbour Ferries", "_harbour_ferries_")


# --- embed code without its blockquote ------------------------------------------------------

def _bare_embed(lang: str, text: str, name: str, handle: str, post_id: str, date: str,
                photo: bool = False) -> str:
    image = '<img src="https://example.org/p.webp" alt="">' if photo else ""
    return (f'<p lang="{lang}" dir="auto">{text}</p>{image}&mdash; {name} (@{handle}) '
            f'<a href="https://twitter.com/{handle}/status/{post_id}?ref_src=twsrc%5Etfw">'
            f"{date}</a>\n")


def test_embed_codes_without_their_blockquotes_in_one_block_keep_each_its_own_post():
    """X's embed code pasted without its <blockquote> (a sanitiser or a Markdown renderer
    drops it), several in one block: each text and attribution is its own post, by the
    permalink that shows its date, and keeps the lang of its text. The block's last one
    took every permalink, the first post got the last one's text and author."""
    section = ("<section><h2>Lo que dijeron</h2><p>Primero, la alcaldesa:</p>"
               + _bare_embed("es", "El puerto abre el lunes a las 8.", "Alcaldía de Vigo",
                             "AlcaldiaVigo", "1861234567890123456", "17 de octubre de 2024")
               + "<p>Luego, el operador del puerto:</p>"
               + _bare_embed("gl", "Abrimos o luns. Grazas á tripulación.", "Porto de Vigo",
                             "PortoVigo", "1861239999990123456", "18 de octubre de 2024",
                             photo=True)
               + _bare_embed("en", "Ferries from Cíes resume Monday.", "Cíes Ferries",
                             "CiesFerries", "2468284635", "July 4, 2009")
               + "</section>")
    embeds = extract(_page(section).encode(), "bare.html")
    got = [(e.post_id, e.handle, e.author_name, e.shown_date, e.lang, e.text) for e in embeds]
    assert got == [
        ("1861234567890123456", "AlcaldiaVigo", "Alcaldía de Vigo", "17 de octubre de 2024",
         "es", "El puerto abre el lunes a las 8."),
        ("1861239999990123456", "PortoVigo", "Porto de Vigo", "18 de octubre de 2024", "gl",
         "Abrimos o luns. Grazas á tripulación."),
        ("2468284635", "CiesFerries", "Cíes Ferries", "July 4, 2009", "en",
         "Ferries from Cíes resume Monday."),
    ], got


# --- a card X's script drew, saved with the page ----------------------------------------------

def _drawn_card(post_id: str, url_handle: str, handle: str, name: str, text_html: str,
                label: str | None) -> str:
    """X's widget as widgets.js draws it, copied from a browser into a CMS: the author's
    line first (a profile link labelled with the screen name, or showing "@handle"), the
    text, then the permalinks (a photo link may keep the handle the post was made under)."""
    labelled = f' aria-label="{label}"' if label else ""
    return (f'<figure class="element-tweet" data-canonical-url="https://twitter.com/'
            f'{url_handle}/status/{post_id}"><div class="EmbeddedTweet"><blockquote '
            f'class="Tweet h-entry" cite="https://twitter.com/{handle}/status/{post_id}" '
            f'data-tweet-id="{post_id}"><div class="Tweet-header"><a class="TweetAuthor-link" '
            f'href="https://twitter.com/{handle}"{labelled}><span class="TweetAuthor-name">'
            f'{name}</span><span class="badge">✔</span><span class="TweetAuthor-screenName">'
            f'@{handle}</span></a></div><div class="Tweet-body"><p class="Tweet-text" '
            f'lang="en">{text_html}</p><a href="https://twitter.com/{url_handle}/status/'
            f'{post_id}/photo/1">photo</a><div class="TweetInfo"><a href="https://twitter.com/'
            f'{handle}/status/{post_id}"><time>9:14 AM - Mar 3, 2019</time></a></div></div>'
            "</blockquote></div></figure>")


@pytest.mark.parametrize("label", ["Harbour Radio (screen name: HarbourRadio)",
                                   "Harbour Radio (nom d'utilisateur : HarbourRadio)", None])
def test_a_drawn_card_s_author_line_names_the_author_over_older_handles_in_its_urls(label):
    """The card shows who posted: its profile link's screen name (or its label) wins over
    the handle in the wrapper's URL and the photo link (the account renamed since), and
    its name is the author's; a mention in the text is not the author."""
    card = _drawn_card("1102091828400001024", "HarbourFM", "HarbourRadio", "Harbour Radio",
                       'Ferries delayed, ask <a href="https://twitter.com/PortDesk">@PortDesk'
                       "</a> for times.", label)
    [embed] = extract(_page(card).encode(), "card.html")
    assert (embed.post_id, embed.handle, embed.author_name) == (
        "1102091828400001024", "HarbourRadio", "Harbour Radio"), embed
    assert embed.text.startswith("Ferries delayed") and "@PortDesk" in embed.text


@pytest.mark.parametrize("attribution", [
    "&mdash; Nadia Haddad (@ Nadia Haddad)",  # a machine translation spaced the handle out
    "— Nadia Haddad (@ nadia _ haddad 7)",
])
@pytest.mark.parametrize("wrap", ["blockquote", "div"])
def test_an_attribution_whose_brackets_hold_no_handle_is_still_the_posts(attribution, wrap):
    """"(@ Alice Glass)" is no handle: the whole attribution was dropped and the post
    read as a bare link. The name and the date are read; the handle is the permalink's."""
    body = (f"<{wrap}><p>The ferry strike ends tonight.</p><p>{attribution} "
            '<a href="https://web.archive.org/web/2022/https://twitter.com/NadiaHaddad7/status/'
            '922875671021436928">October 24, 2017</a></p></' + wrap + ">")
    [embed] = extract(_page(body).encode(), "garbled.html")
    assert (embed.post_id, embed.handle, embed.author_name, embed.shown_date, embed.text) == (
        "922875671021436928", "NadiaHaddad7", "Nadia Haddad", "October 24, 2017",
        "The ferry strike ends tonight."), embed
