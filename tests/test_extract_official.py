"""A page read from its bytes (archiver.extract.official) gives exactly what its parse
gives: the same Embeds, field for field, the same metadata, and markup that is the same
element; wherever the byte reading answers, and it answers on pages of X's own embed code.

Checked on every page we hold, on generated pages, and on pages built by hypothesis from
the parts embeds and the pages around them are made of: the shapes the byte reading must
decline (wrappers, other tags, references read otherwise in values, invalid UTF-8 past
the embeds, posts the scan cannot see) among them."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from archiver.extract import extract_page, official

PAGES = Path(__file__).parent / "pages"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIELDS = ("kind", "form", "positions", "post_id", "handle", "author_name", "date",
          "shown_date", "text", "lang", "media")
META = ("encoding", "encoding_source", "title", "canonical_url", "site_name", "lang",
        "published")


def _element(markup: str | None) -> str | None:
    """Markup as lxml rebuilds it: the byte reading keeps the page's own, the parse its
    serialisation of the same element."""
    if markup is None:
        return None
    return etree.tostring(lxml.html.fragment_fromstring(markup), encoding="unicode",
                          method="html")


def _both(data: bytes, monkeypatch, content_type: str | None = None):
    """(page read with the byte reading allowed, page parsed, whether the byte reading
    answered)."""
    answered = []
    read = official.read

    def spy(*args, **kwargs):
        occurrences = read(*args, **kwargs)
        answered.append(occurrences is not None)
        return occurrences

    with monkeypatch.context() as patch:
        patch.setattr(official, "read", spy)
        fast = extract_page(data, "page.html", content_type=content_type)
        patch.setattr(official, "read", lambda *args, **kwargs: None)
        parsed = extract_page(data, "page.html", content_type=content_type)
    return fast, parsed, bool(answered and answered[0])


def _same(data: bytes, monkeypatch, content_type: str | None = None) -> bool:
    fast, parsed, answered = _both(data, monkeypatch, content_type)
    assert [tuple(getattr(e, f) for f in FIELDS) for e in fast.embeds] == \
        [tuple(getattr(e, f) for f in FIELDS) for e in parsed.embeds], data[:3000]
    assert [getattr(fast, f) for f in META] == [getattr(parsed, f) for f in META]
    if answered:
        assert [_element(e.raw) for e in fast.embeds] == \
            [_element(e.raw) for e in parsed.embeds]
        # the markup as the page wrote it
        assert all(e.raw and e.raw.encode(fast.encoding) in data for e in fast.embeds)
    return answered


def test_every_page_we_hold_reads_the_same_both_ways(monkeypatch):
    paths = sorted(PAGES.rglob("*.htm*")) + sorted(SHARED.glob("*.htm*"))
    answered = sum(_same(path.read_bytes(), monkeypatch) for path in paths)
    assert len(paths) > 150 and answered >= 3, (answered, len(paths))


# --- an embed as X's embed code writes it, and pages of them -----------------------------

EMBED = ('<blockquote class="twitter-tweet" data-lang="en"><p lang="{lang}" dir="ltr">{text}'
         '</p>&mdash; {name} (@{handle}) <a href="https://twitter.com/{handle}/status/{id}'
         '?ref_src=twsrc%5Etfw">{date}</a></blockquote>')
WIDGETS = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'


def _embed(n: int, text: str = "Words of the post", lang: str = "en") -> str:
    return EMBED.format(lang=lang, text=text, name=f"Name {n}", handle=f"user_{n}",
                        id=1629262255744503809 + n * 7919, date="February 24, 2023")


def _page(*parts: str, head: str = "<title>A page</title>") -> bytes:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + head + "</head><body>"
            + "".join(parts) + "</body></html>").encode("utf-8")


def test_a_page_of_embed_code_is_read_from_its_bytes(monkeypatch):
    rng = random.Random(7)
    texts = ["نص التغريدة الأولى <a href=\"https://t.co/AbCd123\">pic.twitter.com/AbCd123</a>",
             "Bugün <a href=\"https://twitter.com/hashtag/x?src=hash&amp;ref_src=twsrc%5Etfw\">"
             "#x</a> önemli<br><br>bir açıklama",
             "a &amp; b &lt;c&gt; &quot;d&quot; &#8212; &#x1F600; caf&eacute;",
             "Loading tweet...", "line one<br/>line two<br />three"]
    parts = []
    for n in range(40):
        parts.append(f"<p>Prose {n} {rng.random()}</p>")
        parts.append(_embed(n, rng.choice(texts), rng.choice(["en", "ar", "tr"])))
    data = _page(*parts, WIDGETS)
    assert _same(data, monkeypatch)
    fast, _parsed, _answered = _both(data, monkeypatch)
    assert len(fast.embeds) == 40 and fast.title == "A page"


# --- pages built from parts, the byte reading's refusals among them ----------------------

def _mostly(plain: list, odd: list):
    """One of `plain` (what X's embed code and news pages write) nine times in ten, one
    of `odd` otherwise: built pages reach the byte reading often enough to test it."""
    return st.sampled_from(plain * max(1, 9 * len(odd) // len(plain)) + odd)


TEXT = _mostly(
    ["plain words", "نص التغريدة", " spaced   out ", "", "😀 emoji", "a — dash", "&amp; &lt; &gt;",
     "&mdash;&#8212;&#x2014;", "&nbsp;", "\u200fmark", "pic.twitter.com/AbCdEf1234",
     "(@inside) text", "Bugün önemli", "&#128;", "&#0;", "&#xD800;", "&apos;"],
    ["— leading", "&nbsp no semicolon", "&notit;", "&#27;[2J", "&#x9b;", "&#x81;", "&#xFFFE;",
     "&#13;", "&#x110000;", "&#127;", "\x1b[2J", "\x9b", "&unknown;", "bare & amp", "\r\nwindows",
     "\rcr", "\x00nul", "\x01ctl", "\u2028sep",
     "https://x.com/a/status/1629262255744503801 as text"])
INLINE = _mostly(
    ['<a href="https://t.co/abc">pic.twitter.com/XyZ1234567</a>',
     '<a href="https://twitter.com/hashtag/x?src=hash&amp;ref_src=twsrc%5Etfw">#x</a>',
     '<a href="https://twitter.com/someone?ref_src=twsrc%5Etfw">@someone</a>',
     "<br>", "<br/>", "<br />", "<br><br>"],
    ['<a href="https://twitter.com/other/status/1629262255744503811">quoted</a>',
     '<a href="https://example.com/page.html">a page</a>', "<a href='https://t.co/q'>q</a>",
     '<a href="https://t.co/x" target="_blank">x</a>', '<a href="https://t.co/&ampy">y</a>',
     '<a href="https://t.co/r" dir="rtl">1234 USD</a>', '<a style="direction: rtl; '
     'unicode-bidi: bidi-override" href="https://t.co/s">turned</a>', '<bdo dir="rtl">x</bdo>',
     "<BR>", '<img alt="🙂" src="e.png">', "<span>inner</span>", "<strong>bold</strong>",
     "<p>inner p</p>", "<!-- note -->", "<script>var x = 1;</script>",
     '<a href="https://t.co/n"><span>nested</span></a>'])
PARAGRAPH = st.builds(
    lambda attrs, parts, close: f"<p{attrs}>" + "".join(parts) + close,
    _mostly(["", ' lang="ar" dir="rtl"', ' lang="tr" dir="ltr"', ' lang="en" dir="ltr"'],
            [' lang=""', " LANG='en'", ' lang="en" lang="fr"', ' xml:lang="en"',
             '\u00a0lang="en"', ' title="a &amp; b"', ' title="a &ampb"', ' data-x="1 > 0"']),
    st.lists(st.one_of(TEXT, INLINE), min_size=1, max_size=5),
    _mostly(["</p>"], ["</p >", ""]),
)
ATTRIBUTION = _mostly(
    ["&mdash; Name (@handle_1) ", "— اسم (@ar_user)\n", "&mdash; Name\n(@newline_handle) ",
     "&#x2014; Ref (@ref_name) ", "&mdash; Ünal Öz (@unal) "],
    ["- Dash Name (@x) ", "", "&mdash; Name without handle ",
     "<p>&mdash; Own paragraph (@own)</p>", "\r\n&mdash; CR (@cr) "])
PERMALINK = _mostly(
    ['<a href="https://twitter.com/handle_1/status/1629262255744503809?ref_src=twsrc%5Etfw">'
     "February 24, 2023</a>",
     '<a href="https://x.com/other/status/1629262255744503809">24 Şubat 2023</a>',
     '<a href="https://twitter.com/i/web/status/1629262255744503809">link</a>',
     '<a href="https://twitter.com/h/status/1629262255744503809?a=1&amp;b=2">3 Mar</a>',
     '<a href="https://twitter.com/handle_1/status/1629262255744503809">&nbsp;1 Mar</a>'],
    ['<a href="https://twitter.com/h/status/1629262255744503809" data-datetime="2023-02-24">'
     "x</a>",
     '<a href="https://example.com/not-a-post">February 24, 2023</a>',
     '<a href="https://twitter.com/handle_1/status/1629262255744503809"><span>24</span></a>',
     '<a href="https://twitter.com/handle_1/status/1629262255744503809">x</a> trailing',
     '<A HREF="https://twitter.com/handle_1/status/1629262255744503809">1 Mar</A>'])
BLOCKQUOTE = st.builds(
    lambda attrs, lead, paragraphs, attribution, permalink, close: (
        f"<blockquote{attrs}>{lead}" + "".join(paragraphs) + attribution + permalink + close),
    _mostly([' class="twitter-tweet"', ' class="twitter-tweet" data-lang="en"',
             ' class="twitter-tweet" data-conversation="none" data-dnt="true"',
             ' class="twitter-tweet tw-align-center"'],
            [' class="twitter-tweet" data-tweetid="1629262255744503809"', ' class="tweet"', "",
             ' class="twitter-tweet twitter-timeline"', ' class="wp-block-embed twitter-tweet"',
             " class='twitter-tweet'", ' CLASS="twitter-tweet"',
             ' class="twitter-tweet" class="other"']),
    _mostly(["", " ", "\n"], ["lead text ", "<figure>f</figure>"]),
    st.lists(PARAGRAPH, min_size=1, max_size=3),
    ATTRIBUTION,
    PERMALINK,
    _mostly(["</blockquote>"], ["</blockquote >", "</BLOCKQUOTE>", ""]),
)
AROUND = _mostly(
    [("", ""), ('<div class="embed">', "</div>"), ("<section><div>", "</div></section>"),
     ("<noscript>", "</noscript>"), ("<table><tr><td>", "</td></tr></table>"),
     ('<a href="https://example.com/">', "</a>"), ("<p>open paragraph ", "</p>")],
    [("<figure>", "</figure>"), ("<FIGURE>", "</FIGURE>"), ("<blockquote>", "</blockquote>"),
     ('<figure class="wp-block-embed is-provider-twitter wp-block-embed-twitter">'
      '<div class="wp-block-embed__wrapper">', "</div></figure>"),
     ("<template>", "</template>"), ("<iframe>", "</iframe>"), ("<svg>", "</svg>"),
     ("<textarea>", "</textarea>"), ("<script>document.write('", "')</script>"),
     ("<!--", "-->"), ("<title>", "</title>"), ("<select>", "</select>"),
     ('<div class="twitter-embed" data-id="1629262255744503809">', "</div>"),
     ("<figure></figure></figure><figure>", "</figure>"),
     # what HTML's tokenizer reads otherwise than a look at "<" and ">" does
     ('<script>var s = "</scriptx>";', "</script>"), ("<script>var t = '</script' + '>'; '",
                                                      "';</script>"),
     ('<script><!--\ndocument.write("<script src=a.js></script>");\n', "\n//--></script>"),
     ("<!-- a --!><script>// -->\n", "</script>"), ("<!--><script>// -->\n", "</script>"),
     ("<div>1 <2<title>", "</title></div>"), ("<plaintext>x</plaintext>", ""),
     ("<textarea>a</textarea_>", "</textarea>"), ("<style>a{}</style-x>", "</style>")])
ELSEWHERE = _mostly(
    ["", "<p>prose</p>", WIDGETS, '<img src="data:image/png;base64,iVBORw0KGgo=">',
     '<p>Share on <a href="https://twitter.com/intent/tweet?text=x">X</a></p>',
     "<div>" * 40 + "deep" + "</div>" * 40],
    ['<p>See <a href="https://twitter.com/a/status/1629262255744503899">this post</a>.</p>',
     '<amp-twitter data-tweetid="1629262255744503877" width="375" height="472"></amp-twitter>',
     '<div class="tweet" data-tweet-id="1629262255744503866"></div>',
     '<iframe srcdoc="&lt;p&gt;x&lt;/p&gt;"></iframe>',
     '<iframe src="data:text/html;base64,PHA+eDwvcD4="></iframe>',
     '<a href="https://twitter.com/intent/like?tweet_id=1629262255744503855">like</a>',
     "<p>— Copied Name (@copied) March 3, 2020</p>", "<p>\xe9 latin-1 byte</p>",
     "</body></html>", "<p>Intro.</p></html><p>More.</p>", "<sup>" * 2100 + "</sup>" * 2100])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(ELSEWHERE, AROUND, BLOCKQUOTE), min_size=1, max_size=3),
       ELSEWHERE)
def test_built_pages_read_the_same_both_ways(parts, tail):
    pieces = []
    for before, (opener, closer), embed in parts:
        pieces += [before, opener, embed, closer]
    html = "".join(pieces) + tail
    data = _page(html).replace("\xe9".encode(), b"\xe9")  # a byte that is no UTF-8
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(data, monkeypatch)


@pytest.mark.parametrize("variant", [
    lambda e: e, lambda e: e.replace("<p ", "\n<p ").replace("&mdash;", "\n&mdash;"),
    lambda e: e.replace("Words", "Words<br>more<br><br>lines"),
    lambda e: e.replace("Words", "&quot;Words&quot; &amp; &#8220;more&#8221;"),
    lambda e: e.replace('data-lang="en"', 'data-lang="en" data-dnt="true"'),
    lambda e: e.replace('lang="en"', 'lang=""'),  # no language: None, as the parse says
    lambda e: e.replace("Words", "Wo\x0crds\x0b"),  # control spaces, folded as parsed
    lambda e: e.replace("?ref_src=twsrc%5Etfw", "?a=1&amp;b=2"),
    lambda e: e.replace("twitter.com/user_1/", "twitter.com/%75ser_1/"),
])
def test_embed_code_variants_are_read_from_their_bytes(variant, monkeypatch):
    """What X's embed code writes, as sites paste it: the byte reading answers (the
    test above shows only that the readings agree where it does)."""
    assert _same(_page("<p>Before</p>", variant(_embed(1)), "<p>After</p>", WIDGETS),
                 monkeypatch)


@pytest.mark.parametrize("around, elsewhere", [
    (("<figure>", "</figure>"), ""), (("<template>", "</template>"), ""),
    (("<!--", "-->"), ""), (("", ""), '<iframe srcdoc="&lt;p&gt;x&lt;/p&gt;"></iframe>'),
    (("", ""), '<p>See <a href="https://twitter.com/a/status/1629262255744503899">it</a></p>'),
    (("", ""), "<p>\xe9</p>"),
])
def test_pages_with_more_than_embed_code_are_parsed(around, elsewhere, monkeypatch):
    data = _page(elsewhere, around[0], _embed(1), around[1]).replace("\xe9".encode(), b"\xe9")
    assert not _same(data, monkeypatch)


@pytest.mark.parametrize("variant", [
    lambda e: e.replace("Words", "Words\r\nnext\rline"),  # CR, read as LF
    lambda e: e.replace("Words", "Wo\x00rds"),  # NUL, read as U+FFFD
    lambda e: e.replace("Words", "a &notit; b &copy c"),  # references in their legacy forms
    lambda e: e.replace("Words", "Vote &#27;[2J"),  # a control character: html.unescape drops it
    lambda e: e.replace("Words", 'Due <a href="https://t.co/r" dir="rtl">1234 USD</a>'),
    lambda e: e.replace("?ref_src=twsrc%5Etfw", "?a=1&copy=2"),
    lambda e: e.replace("Words", 'Words <a href="https://x.com/b/status/1629262255744503811">'
                                 "quoted</a>"),  # a second post in one embed
    lambda e: e.replace("</p>", "</p><p>&mdash; Name (@user_1)</p>"),  # WordPress's <p>
])
def test_embeds_in_other_shapes_are_parsed(variant, monkeypatch):
    """What the byte reading is not sure to read as the parse does is left to the parse
    (which then reads it as before)."""
    assert not _same(_page(variant(_embed(1))), monkeypatch)


def test_a_page_in_another_codec_is_read_from_its_utf8(monkeypatch):
    """A windows-1256 page (declared) becomes UTF-8 once; its embeds are read from that."""
    data = _page(_embed(1, "نص التغريدة", "ar")).decode("utf-8").replace(
        'charset="utf-8"', 'charset="windows-1256"').encode("cp1256")
    assert _same(data, monkeypatch)
    fast, _parsed, _answered = _both(data, monkeypatch)
    assert fast.embeds[0].text == "نص التغريدة" and fast.encoding == "cp1256"


def test_every_reference_the_byte_reading_accepts_reads_as_the_parser_reads_it():
    """html.unescape and libxml2 agree on every named reference HTML knows and on every
    number but those the byte reading leaves to the parse (this libxml2's, and the next)."""
    from html import unescape
    from html.entities import html5

    names = [name for name in html5 if name.endswith(";")]
    numbers = [*range(0x300), 0x2028, 0xD800, 0xDFFF, 0xE000, 0xFDD0, 0xFFFD, 0xFFFE, 0xFFFF,
               0x1FFFE, 0x10FFFF, 0x110000]
    refs = [f"&{name}" for name in names] + [f"&#{n};" for n in numbers] \
        + [f"&#x{n:x};" for n in numbers]
    data = ("<html><body>" + "".join(f"<p>{ref}</p>" for ref in refs) + "</body></html>")
    tree = etree.fromstring(data.encode(), etree.HTMLParser(encoding="utf-8"))
    parsed = [p.text for p in tree.iter("p")]
    accepted = [i for i, ref in enumerate(refs) if official._whole_refs(ref)]
    assert len(accepted) > 2125 + 2 * 600
    assert [parsed[i] for i in accepted] == [unescape(refs[i]) for i in accepted]


@pytest.mark.parametrize("body", ["<p>No post here.</p>", _embed(1)])
def test_metadata_after_a_long_head_is_read_when_the_page_is_not_parsed_whole(body,
                                                                              monkeypatch):
    """A page not parsed whole (no post, or read from its bytes) has its metadata read
    from its head up to <body>: a head whose scripts run past 64 KB keeps its title."""
    script = "<script>var config = '" + "x" * 90_000 + "';</script>"
    data = _page(body, head=script + '<title>Late title</title><link rel="canonical" '
                 'href="https://example.com/late">')
    fast, parsed, _answered = _both(data, monkeypatch)
    assert fast.title == parsed.title == "Late title"
    assert fast.canonical_url == "https://example.com/late"


@pytest.mark.parametrize("before, after", [
    ('<script>var s = "</scriptx>";', "</script>"),
    ("<script>var t = '</script' + '>'; var tpl = '", "';</script>"),
    ('<script type="text/javascript"><!--\ndocument.write("<script src=a.js></script>");\n',
     "\n//--></script>"),
    ("<!-- old --!><script>// -->\n", "</script>"),
    ("<!--><script>// -->\n", "</script>"),
    ("<!---><script>// -->\n", "</script>"),
    ("<div>1 <2<title>", "</title></div>"),
    ("<plaintext>x</plaintext>", ""),
    ("<textarea>draft</textarea_>", "</textarea>"),
])
def test_an_embed_that_html_reads_as_a_scripts_or_titles_text_is_no_post(before, after,
                                                                         monkeypatch):
    """Where HTML's tokenizer reads the embed as raw text (a script that "</scriptx>" or an
    ad's "<!--…<script…></script>" does not end, a comment "--!>" or "<!-->" has ended, a
    title a stray "1 <2" hides, a plaintext nothing closes), it is no post: for the
    parse, and for the scan and the byte reading, which read the page as it does."""
    fast, parsed, _answered = _both(_page("<p>Story.</p>", before, _embed(1), after),
                                    monkeypatch)
    assert fast.embeds == parsed.embeds == ()


@pytest.mark.parametrize("ending", ["</body></html>\n", "</html>", "<p>Intro.</p></html>",
                                    "</BODY></HTML><!-- generated -->"])
def test_an_embed_after_the_documents_end_tag_is_read(ending, monkeypatch):
    """Browsers read what follows "</html>" into the body (a template's stray end tag, a
    footer written after it); libxml2 dropped it."""
    data = _page("<p>Story.</p>").replace(b"</body></html>", ending.encode()) \
        + _embed(1).encode() + b"<p>More.</p>"
    fast, parsed, _answered = _both(data, monkeypatch)
    assert [e.post_id for e in fast.embeds] == [e.post_id for e in parsed.embeds] == [
        "1629262255744511728"]


@pytest.mark.parametrize("opener, closer", [("<sup>", "</sup>"), ("<q>", "</q>"),
                                            ("<dl><dd>", "</dd></dl>"),
                                            ("<blockquote>", "</blockquote>")])
@pytest.mark.parametrize("placed", ["inside", "after"])
def test_an_embed_past_deep_nesting_of_any_element_is_read(opener, closer, placed, caplog,
                                                           monkeypatch):
    """Nesting past libxml2's 2,048 levels made of other elements than wrappers (sup, q,
    dl, blockquote) lost what came after it; the page is parsed again without them, and
    says so."""
    deep = 2100
    body = (opener * deep + _embed(1) + closer * deep if placed == "inside"
            else opener * deep + "x" + closer * deep + _embed(1))
    fast, parsed, _answered = _both(_page(body), monkeypatch)
    assert [e.text for e in parsed.embeds] == [e.text for e in fast.embeds] == [
        "Words of the post"]
    assert "so that nothing is lost" in caplog.text


def test_a_permalink_wrapped_over_lines_names_its_whole_id(monkeypatch):
    """An old CMS wraps long attributes; a URL's parser drops the line break, and the
    link goes to the post whose id runs across it."""
    data = _page(_embed(1).replace("1629262255744511728", "16292622557\n44511728"))
    fast, parsed, _answered = _both(data, monkeypatch)
    assert [e.post_id for e in fast.embeds] == [e.post_id for e in parsed.embeds] == [
        "1629262255744511728"]


@pytest.mark.parametrize("head", [
    # a 70 KB head whose script writes a frame's "<body>" before the title
    "<style>" + "p{}" * 24_000 + "</style><script>f.document.write('<html><head></head>"
    "<body></body></html>')</script>{meta}</head>",
    # a comment holding "</head>"
    "<style>" + "p{}" * 24_000 + "</style><!-- </head> -->{meta}</head>",
    # a head that never closes
    "<style>" + "p{}" * 24_000 + "</style>{meta}",
])
@pytest.mark.parametrize("body", ["<p>No post here.</p>", None])
def test_metadata_is_read_past_a_body_tag_that_is_no_bodys(head, body, monkeypatch):
    meta = ('<title>Real title</title><link rel="canonical" href="https://news.example/a">'
            '<meta property="og:site_name" content="News Site">')
    data = ('<!DOCTYPE html><html><head><meta charset="utf-8">' + head.replace("{meta}", meta)
            + "<body>" + (body or _embed(1)) + "</body></html>").encode()
    fast, parsed, _answered = _both(data, monkeypatch)
    assert (fast.title, fast.canonical_url, fast.site_name) == (
        parsed.title, parsed.canonical_url, parsed.site_name) == (
        "Real title", "https://news.example/a", "News Site")
