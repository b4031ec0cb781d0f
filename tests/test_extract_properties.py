"""Properties of the extractor: it never raises, and it is deterministic."""

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
