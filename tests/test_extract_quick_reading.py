"""The quick reading of an embed as X's embed code writes it (html._from_plain_blockquote)
gives exactly what the full reading (html._read_blockquote) gives, wherever it answers.

It is checked on every blockquote of every page we hold, and on blockquotes built from the
parts real embeds are made of, in every order and mix, by hypothesis."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from archiver.extract import decoding, html

PAGES = Path(__file__).parent / "pages"
FIELDS = ("post_id", "handle", "handle_shown", "author_name", "shown_date", "text", "lang",
          "media", "kind", "form")


def _fields(occ):
    return None if occ is None else tuple(getattr(occ, name) for name in FIELDS)


def _blockquotes(data: bytes):
    tree, _decoded = html.parse(decoding.decode(data, None), data, None, "")
    return [] if tree is None else list(tree.iter("blockquote"))


def _same_reading(bq) -> bool:
    """True when the quick reading answered (and then agreed)."""
    quick = html._from_plain_blockquote(bq, 0)
    if quick is None:
        return False
    assert _fields(quick) == _fields(html._read_blockquote(bq, 0)), \
        etree.tostring(bq, encoding="unicode")
    return True


def test_every_blockquote_we_hold_reads_the_same_both_ways():
    answered = total = 0
    for path in sorted(PAGES.rglob("*.htm*")):
        for bq in _blockquotes(path.read_bytes()):
            total += 1
            answered += _same_reading(bq)
    # Many embeds in real pages have X's own shape: the quick reading is used, not idle
    # (54 of the 166 blockquotes in tests/pages when this was written).
    assert total > 100 and answered > 40, (answered, total)


TEXT = st.sampled_from([
    "نص التغريدة", "Bugün önemli bir açıklama", "plain words", " spaced   out ", "",
    "#tag", "@someone", "😀 emoji", "a — dash inside", "— leading dash", "– en dash",
    "(@handle) in text", "pic.twitter.com/AbCdEf1234", "3:45 PM", "\n\t",
])
INLINE = st.sampled_from([
    '<a href="https://t.co/abc">pic.twitter.com/XyZ1234567</a>',
    '<a href="https://twitter.com/hashtag/x?src=hash">#x</a>',
    '<a href="https://twitter.com/other/status/1234567890123456789">quoted</a>',
    "<br>", "<br><br>", '<img alt="🙂" src="e.png">', "<span>inner</span>",
    "<strong>bold <em>both</em></strong>", "<script>var x = 1;</script>",
    "<div>block</div>", "<p>inner p</p>", '<a href="https://x.com/a/status/99">99</a>',
])
PARAGRAPH = st.builds(
    lambda lang, parts: f'<p{lang}>' + "".join(parts) + "</p>",
    st.sampled_from(["", ' lang="ar" dir="rtl"', ' lang="tr"', ' xml:lang="en"']),
    st.lists(st.one_of(TEXT, INLINE), max_size=6),
)
ATTRIBUTION = st.sampled_from([
    "&mdash; Name (@handle_1) ", "— اسم المستخدم (@ar_user)\n", "- Dash Name (@x) ",
    "&mdash; (@nameless) ", "&mdash; Name without handle ", "", "— Two (@a) — Three (@b) ",
    "&mdash; Name\n(@newline_handle) ",
])
PERMALINK = st.sampled_from([
    '<a href="https://twitter.com/handle_1/status/1629262255744503809?ref_src=twsrc%5Etfw">'
    "February 24, 2023</a>",
    '<a href="https://x.com/other/status/1629262255744503809">24 Şubat 2023</a>',
    '<a href="https://twitter.com/i/web/status/1629262255744503809">link</a>',
    '<a href="https://twitter.com/h/status/1629262255744503809" data-datetime="2023-02-24">'
    "x</a>",
    '<a href="https://example.com/not-a-post">February 24, 2023</a>',
    '<a href="https://twitter.com/handle_1/status/1629262255744503809">'
    "<span>24</span> Feb</a> trailing",
])
BLOCKQUOTE = st.builds(
    lambda attrs, lead, paragraphs, attribution, permalink: (
        f"<blockquote{attrs}>{lead}" + "".join(paragraphs) + attribution + permalink
        + "</blockquote>"),
    st.sampled_from([' class="twitter-tweet"', ' class="twitter-tweet" data-lang="en"',
                     ' class="twitter-tweet" data-tweetid="1629262255744503809"',
                     ' class="tweet"', ""]),
    st.sampled_from(["", " ", "lead text ", "<figure>f</figure>"]),
    st.lists(PARAGRAPH, max_size=3),
    ATTRIBUTION,
    PERMALINK,
)


@settings(max_examples=400, deadline=None)
@given(BLOCKQUOTE)
def test_built_embeds_read_the_same_both_ways(markup):
    data = ("<html><body><p>before</p>" + markup + "<p>after</p></body></html>").encode()
    for bq in _blockquotes(data):
        _same_reading(bq)


def _same_paragraph(p) -> bool:
    flat = html._flat_paragraph(p)
    if flat is None:
        return False
    assert flat == ("".join(p.itertext()), html._element_text(p)), \
        etree.tostring(p, encoding="unicode")
    return True


def test_every_paragraph_we_hold_reads_the_same_both_ways():
    """The one-pass reading of a flat paragraph gives its itertext and its shown text."""
    answered = total = 0
    for path in sorted(PAGES.rglob("*.htm*")):
        tree, _decoded = html.parse(decoding.decode(path.read_bytes(), None),
                                    path.read_bytes(), None, "")
        for p in ([] if tree is None else tree.iter("p")):
            total += 1
            answered += _same_paragraph(p)
    assert answered > 1000, (answered, total)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPH)
def test_built_paragraphs_read_the_same_both_ways(markup):
    data = ("<html><body>" + markup + "</body></html>").encode()
    tree, _decoded = html.parse(decoding.decode(data, None), data, None, "")
    for p in tree.iter("p"):
        _same_paragraph(p)


def _status_the_long_way(value):
    from archiver.extract.occurrence import valid_id
    from archiver.ids import parse_status_url

    found = parse_status_url(value)
    post_id = valid_id(found[0]) if found else None
    return (post_id, found[1]) if post_id else None


def test_permalinks_read_whole_read_as_every_form_is_searched():
    """A permalink as X writes it is read by one pattern (html._PERMALINK_RE), not by the
    search for every form of status URL: the same (id, handle) or None, on every status
    link of the pages we hold and on built ones (reserved and numeric handles, ids past
    64 bits, leading zeros, other hosts and queries)."""
    import re

    values = set()
    for path in sorted(PAGES.rglob("*.htm*")):
        values.update(re.findall(r'href="([^"]*status[^"]*)"',
                                 path.read_bytes().decode("utf-8", "replace")))
    for handle in ("a", "i", "I", "web", "home", "jetpack", "_x", "user_1", "a" * 15,
                   "a" * 16, "12345", "intentional", "status", "%75ser", "undefined"):
        for post_id in ("0", "1", "01", "1629262255744503809", "9223372036854775807",
                        "9223372036854775808", "99999999999999999999",
                        "12345678901234567890"):
            for host in ("twitter.com", "x.com", "www.twitter.com", "mobile.x.com",
                         "fxtwitter.com", "twitter.com.example.org"):
                for query in ("", "?ref_src=twsrc%5Etfw", "?s=20", "/photo/1"):
                    values.add(f"https://{host}/{handle}/status/{post_id}{query}")
    values |= {"https://twitter.com/share?url=https://twitter.com/a/status/1629262255744503809",
               "see https://twitter.com/a/status/1629262255744503809",
               "https://twitter.com/intent/like?tweet_id=1629262255744503801&u=https://"
               "twitter.com/a/status/1629262255744503809"}
    whole = [v for v in values if html._PERMALINK_RE.fullmatch(v)]
    assert len(whole) > 400
    assert [html._valid_status(v) for v in sorted(values)] == \
        [_status_the_long_way(v) for v in sorted(values)]
