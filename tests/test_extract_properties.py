"""Properties of the extractor: it never raises, it is deterministic, and valid HTML is
read without a warning."""

import html as _html
import logging
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.extract import extract, extract_page

from .conftest import CORPUS, SEED

EMBED = (
    '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">نص <br>التغريدة '
    '<a href="https://t.co/x">pic.twitter.com/abcDEF1234</a></p>&mdash; اسم (@handle_1) '
    '<a href="https://twitter.com/handle_1/status/1629262255744503809">February 24, 2023</a>'
    "</blockquote>"
)
FRAGMENTS = [
    EMBED, "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->",
    "<textarea>", "<noscript>", "<template>", "<amp-twitter data-tweetid=\"", "\">",
    "https://x.com/someone/status/", "1629262255744503809", "(@", ")", "— Name ",
    " October 12, 2025", "pic.twitter.com/jkZGQRkb2t", "<br>", "&mdash;", "&#", "\x00",
    "<meta charset=\"windows-1256\">", "<iframe>", "</iframe>", "<a href=\"", "status",
    "<blockquote class=\"twitter-tweet\">", "</blockquote>", "\ufeff", "\r\n", "\udcff",
]
PAGES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40).map(
    "".join
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_never_raises_on_arbitrary_bytes(data):
    for source in ("page.html", "page.txt", "-", "https://news.example/a"):
        assert isinstance(extract(data, source), list)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_never_raises_on_arbitrary_text_and_is_deterministic(page):
    for source in ("page.html", "page.txt"):
        first = extract(page, source)
        assert extract(page, source) == first
        encoded = page.encode("utf-8", "surrogatepass")
        assert extract(encoded, source) == extract(encoded, source)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=0, max_value=10_000))
def test_never_raises_on_corrupted_real_pages(noise, cut):
    data = (CORPUS / "11-deadline-wpvip-meta-dup.html").read_bytes()
    mangled = data[:cut] + noise + data[cut + len(noise):]
    assert isinstance(extract_page(mangled, "p.html").embeds, tuple)


def test_twice_gives_the_same_result_on_every_real_page():
    for path in [*sorted(CORPUS.glob("*.html")), SEED]:
        data = path.read_bytes()
        assert extract(data, path.name) == extract(data, path.name)


# --- nothing escapes, and valid HTML is read without a warning ---------------------------------

_WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    _html.escape)
_IDS = st.integers(min_value=10**17, max_value=2**62).map(str)
_BLOCKS = st.one_of(
    _WORDS.map(lambda w: f"<p>{w}</p>"),
    st.tuples(_WORDS, _IDS).map(lambda t: (
        f'<blockquote class="twitter-tweet"><p lang="en">{t[0]}</p>&mdash; N (@n_1) '
        f'<a href="https://twitter.com/n_1/status/{t[1]}">May 1, 2024</a></blockquote>')),
    st.tuples(_WORDS, _IDS).map(lambda t: f'<p>{t[0]} <a href="https://x.com/a/status/{t[1]}">x</a></p>'),
    _IDS.map(lambda i: f'<amp-twitter width="1" height="1" data-tweetid="{i}"></amp-twitter>'),
    _IDS.map(lambda i: f'<div class="embed-twitter"><div data-id="{i}"></div></div>'),
    st.tuples(st.integers(min_value=1, max_value=60), _WORDS).map(
        lambda t: "<div>" * t[0] + f"<p>{t[1]}</p>" + "</div>" * t[0]),
)
VALID_PAGES = st.lists(_BLOCKS, max_size=12).map(
    lambda blocks: '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
                   "</head><body><article>" + "".join(blocks) + "</article></body></html>")


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@settings(max_examples=200, deadline=None)
@given(VALID_PAGES)
def test_valid_html_is_read_without_a_warning_and_every_id_is_found(page):
    collect = _Collect()
    logger = logging.getLogger("archiver")
    logger.addHandler(collect)
    try:
        embeds = extract(page.encode("utf-8"), "valid.html")
    finally:
        logger.removeHandler(collect)
    assert collect.records == [], [r.getMessage() for r in collect.records]
    shown = set(re.findall(r'(?:status/|data-tweetid="|data-id=")(\d+)', page))
    assert {e.post_id for e in embeds} == shown
