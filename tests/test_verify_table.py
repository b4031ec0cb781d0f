"""verify's table shows what an altered quote changed, under its verdict: X's words, then
the article's, the first few changes, Arabic kept in order between left-to-right labels."""

import unicodedata

import pytest

from click.testing import CliRunner

from archiver.cli import _changes, cli


def test_the_table_shows_the_changed_words_of_each_altered_quote(tmp_path, sample_server):
    db = str(tmp_path / "archive.db")
    runner = CliRunner()
    for page in ("arabic-desk-ankara-meeting.html", "coast-weekly-harbour-recap.html"):
        result = runner.invoke(cli, ["archive", f"{sample_server.url}/news/{page}", "--db", db])
        assert result.exit_code == 0, result.output
    table = runner.invoke(cli, ["verify", "--db", db]).stdout.splitlines()
    pad = " " * (2 + 19 + 1 + 17 + 1 + 16 + 1)  # under the reason column
    for post_id, line in [("1977323638617121713", "X “أنقرة” → article “إسطنبول”"),
                          ("1977411517674615015", "X “yakın” → article “sınırlı”"),
                          ("1898297687405494289", "X “fast” → article “slowly”")]:
        at = next(i for i, row in enumerate(table) if post_id in row and " altered " in row)
        assert "similarity" in table[at]
        assert table[at + 1] == pad + line


def test_the_first_three_changes_are_shown_and_the_rest_counted():
    diff = [{"op": "replace", "at": 1, "quote": "slowly", "post": "fast"},
            {"op": "delete", "at": 9, "quote": "very", "post": ""},
            {"op": "insert", "at": 20, "quote": "", "post": "not"},
            {"op": "replace", "at": 30, "quote": "a", "post": "b"},
            {"op": "replace", "at": 40, "quote": "c", "post": "d"}]
    assert _changes(diff) == ("X “fast” → article “slowly”; article adds “very”; article drops "
                              "“not”; 2 more changes in --json")
    assert _changes(diff[:4]).endswith("; 1 more change in --json")
    assert _changes([{"op": "replace", "at": 0, "quote": "12 3", "post": "12\n3"}]) == \
        "X “12↵3” → article “12 3”"
    long = "كلمة " * 20
    shown = _changes([{"op": "replace", "at": 0, "quote": long, "post": "x"}])
    assert len(shown) < 60 and shown.endswith("…”")


def test_two_right_to_left_sides_are_kept_apart_by_left_to_right_words():
    """Between X's Arabic and the article's Arabic stands a strong left-to-right letter, so
    a bidi terminal does not read the two as one right-to-left run and swap them."""
    line = _changes([{"op": "replace", "at": 0, "quote": "إسطنبول", "post": "أنقرة"}])
    between = line[line.index("أنقرة") + len("أنقرة"):line.index("إسطنبول")]
    assert any(unicodedata.bidirectional(c) == "L" for c in between)
    assert line.index("أنقرة") < line.index("إسطنبول")  # X's first, in logical order


@pytest.mark.parametrize("post, quote, shown_post, shown_quote", [
    ("#SaveTheNorthernBreakwaterFromDemolition2025", "#SaveTheNorthernBreakwaterFromDemolition2026",
     "2025", "2026"),
    ("Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
     "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsgesetz", "verordnung", "gesetz"),
    ("https://harbour.example/notices/2025/ferry-timetable-winter-service?ref=x",
     "https://harbour.example/notices/2025/ferry-timetable-summer-service?ref=x", "winter", "summer"),
])
def test_two_long_sides_are_cut_to_where_they_differ(post, quote, shown_post, shown_quote):
    """Cut from their starts, two long sides looked alike: `X “#SaveTheNorthern…” →
    article “#SaveTheNorthern…”`."""
    line = _changes([{"post": post, "quote": quote}])
    x_side, article_side = line.split(" → article ")
    assert shown_post in x_side and shown_quote in article_side
    assert x_side.removeprefix("X ") != article_side


def test_a_change_of_control_characters_is_shown_not_stripped():
    """A pipe's reader (click strips ESC sequences there) saw `X “7” → article “7”`."""
    line = _changes([{"post": "7", "quote": "\x1b[2J\x1b[H7"}])
    assert line == "X “7” → article “␛[2J␛[H7”"


@pytest.mark.parametrize("post, quote", [
    ("ประกาศปิดถนนราชดำเนินตั้งแต่วันอังคารที่สิบห้า", "ประกาศปิดถนนราชดำเนินตั้งแต่วันจันทร์ที่สิบห้า"),
    ("ក្រសួងបានប្រកាសថាមានអ្នកស្លាប់ថ្មីចំនួនដប់នាក់", "ក្រសួងបានប្រកាសថាមានអ្នកស្លាប់ថ្មីចំនួនប្រាំនាក់"),
])
def test_a_long_side_is_never_cut_inside_a_shown_character(post, quote):
    """Thai and Khmer write a sentence as one word: the cut to where two sides differ
    starts and ends between shown characters, never on a lone mark or a consonant parted
    from its sign."""
    line = _changes([{"post": post, "quote": quote}])
    for side, whole in zip(line.split(" → article "), (post, quote)):
        shown = side.split("“", 1)[1].rstrip("”").strip("…")
        at = whole.index(shown)
        after = whole[at + len(shown):at + len(shown) + 1]
        assert unicodedata.category(shown[0])[0] != "M", side
        assert not after or (unicodedata.category(after)[0] != "M" and shown[-1] != "\u17d2"), side
