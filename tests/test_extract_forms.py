"""Every embed form and trap, one small page each, against hand-written expectations.

Each page in tests/pages/forms/ has beside it `<stem>.expected.json`: the exact list that
`archiver extract --json` prints for it, without the "source" key, written by hand from
what a correct extractor must output (X-FORMATS.md §1-§2, DESIGN.md "Embeds to
recognise"): ids from the permalink / data-* attribute / iframe query, handle as shown
without "@", date = UTC calendar date of the Snowflake id (or of the shown date when there
is no id), shown_date as printed, text with <br> as "\\n" and links as their shown text,
trailing pic.twitter.com links moved to media, positions = ordinals of the occurrences in
document order.

When the extractor is wrong, the expectation stays correct and the page is listed in
KNOWN_FAILURES (strict xfail): once the extractor is fixed the test XPASSes, which fails
the run until the entry is removed.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from archiver.extract import extract

FORMS = Path(__file__).parent / "pages" / "forms"
EXPECTED_SUFFIX = ".expected.json"

#: Page name -> why the extractor currently gets it wrong (strict xfail). Keep each reason
#: precise: input, expected, got.
KNOWN_FAILURES: dict[str, str] = {}

#: Pages whose bytes are not UTF-8, and the codec a browser would decode them with.
PAGE_ENCODINGS = {
    "arabic-windows-1256.html": "cp1256",
    "arabic-windows-1256-undeclared.html": "cp1256",
}


def _pages() -> list[Path]:
    return sorted(p for p in FORMS.iterdir() if p.is_file() and not p.name.endswith(EXPECTED_SUFFIX))


def _expected_path(page: Path) -> Path:
    return page.with_name(page.name.rsplit(".", 1)[0] + EXPECTED_SUFFIX)


def _params(pages: list[Path], *, known_failures: bool = True):
    for page in pages:
        marks = []
        if known_failures and page.name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[page.name]))
        yield pytest.param(page, id=page.name, marks=marks)


def _as_json(embeds) -> list[dict]:
    records = []
    for embed in embeds:
        record = embed.to_json()
        record.pop("source")
        records.append(record)
    return records


def _dump(records: list[dict]) -> list[str]:
    return json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True).splitlines()


def _diff_message(name: str, expected: list[dict], got: list[dict]) -> str:
    diff = "\n".join(
        difflib.unified_diff(
            _dump(expected), _dump(got), fromfile=f"{name} (expected)", tofile=f"{name} (got)",
            lineterm="",
        )
    )
    return f"extract() output for {name} differs from the expectation (- expected, + got):\n{diff}"


def test_every_page_has_an_expectation_and_vice_versa():
    pages = _pages()
    assert pages, f"no pages in {FORMS}"
    stems = [p.name.rsplit(".", 1)[0] for p in pages]
    assert len(stems) == len(set(stems)), "two pages share a stem, their expectations would clash"
    missing = [p.name for p in pages if not _expected_path(p).is_file()]
    assert not missing, f"pages without {EXPECTED_SUFFIX}: {missing}"
    orphans = sorted(
        e.name for e in FORMS.glob(f"*{EXPECTED_SUFFIX}")
        if e.name[: -len(EXPECTED_SUFFIX)] not in set(stems)
    )
    assert not orphans, f"expectations without a page: {orphans}"
    unknown = sorted(set(KNOWN_FAILURES) - {p.name for p in pages})
    assert not unknown, f"KNOWN_FAILURES names pages that do not exist: {unknown}"


@pytest.mark.parametrize("page", list(_params(_pages())))
def test_page_matches_expectation(page: Path):
    expected = json.loads(_expected_path(page).read_text(encoding="utf-8"))
    embeds = extract(page.read_bytes(), page.name)
    assert all(e.source == page.name for e in embeds), "every Embed records the source it came from"
    got = _as_json(embeds)
    assert got == expected, _diff_message(
        f"{page.name} (see {_expected_path(page).name})", expected, got
    )


@pytest.mark.parametrize("page", list(_params(_pages(), known_failures=False)))
def test_str_input_equals_bytes_input(page: Path):
    """A page handed over already decoded gives what its bytes give."""
    data = page.read_bytes()
    text = data.decode(PAGE_ENCODINGS.get(page.name, "utf-8"))
    source = "x.txt" if page.suffix == ".txt" else "x" + page.suffix
    from_text = extract(text, source)
    from_bytes = extract(data, source)
    assert _as_json(from_text) == _as_json(from_bytes), _diff_message(
        f"{page.name} given as str (expected: as bytes)", _as_json(from_bytes), _as_json(from_text)
    )


def _large_page_without_embeds(target_bytes: int = 3_000_000) -> bytes:
    """A ~3 MB article page, deterministic, full of near misses and without a single post.

    It contains every marker the extractor pre-filters on ("status", "tweet", "(@"), so the
    page is parsed in full: profile, hashtag, search, intent and list links, a timeline
    widget, handles in parentheses without an attribution dash or date, and the word
    "status" in prose, attributes and non-X status URLs.
    """
    words = (
        "the talks status ministers border security coordination tweet agreement ankara "
        "damascus delegation statement officials reported counterterrorism regional "
        "cooperation stability integrity framework negotiations weekend spokesperson"
    ).split()
    head = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Live blog: the summit, hour by hour | Large Page Times</title>\n"
        "</head>\n<body>\n<article class=\"liveblog status-publish\">\n"
        "<h1>Live blog: the summit, hour by hour</h1>\n"
        "<a class=\"twitter-timeline\" href=\"https://twitter.com/largepagetimes\">Posts by largepagetimes</a>\n"
    )
    parts = [head]
    size = len(head)
    n = 0
    while size < target_bytes:
        sentence = " ".join(words[(n * 7 + k * 3) % len(words)] for k in range(24))
        entry = (
            f"<section class=\"entry\" id=\"entry-{n}\" data-status=\"published\">\n"
            f"<h2>Update {n}: {words[n % len(words)]} {words[(n * 5) % len(words)]}</h2>\n"
            f"<p>{sentence.capitalize()}. A spokesperson (@spokes{n % 97}) said the status of "
            f"item {n} is unchanged; see <a href=\"https://twitter.com/reporter{n % 53}\">"
            f"@reporter{n % 53}</a>, <a href=\"https://x.com/hashtag/Summit{n % 11}?src=hash\">"
            f"#Summit{n % 11}</a> and <a href=\"https://twitter.com/search?q=status%20{n}\">"
            f"search</a>.</p>\n"
            f"<p>Share: <a href=\"https://twitter.com/intent/tweet?text=Update%20{n}&amp;"
            f"url=https%3A%2F%2Flarge.example%2Flive%2Fstatus%2F{1700000000000000000 + n}\">"
            f"Post</a> &middot; <a href=\"https://x.com/i/lists/{1600000000000000000 + n}\">list"
            f"</a> &middot; <a href=\"https://status.large.example/incidents/{n}\">site status"
            f"</a> &middot; <a href=\"https://uproxx.com/news/status/{1750000000000000000 + n}\">"
            f"uproxx</a></p>\n</section>\n"
        )
        parts.append(entry)
        size += len(entry.encode("utf-8"))
        n += 1
    parts.append("</article>\n</body>\n</html>\n")
    return "".join(parts).encode("utf-8")


def test_large_page_without_embeds():
    data = _large_page_without_embeds()
    assert 2_900_000 < len(data) < 3_200_000
    assert data == _large_page_without_embeds(), "the page must be generated deterministically"
    got = _as_json(extract(data, "large-no-embeds.html"))
    assert got == [], _diff_message("large-no-embeds.html", [], got)
