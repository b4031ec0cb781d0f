"""A post copied from X's web app (x.com) and pasted into an article or a text file: the
author's name, "@handle" on its own line, the text, and the time line "2:30 PM · Oct 12,
2025" (archiver.extract.copies). Known by that structure wherever it stands, never by the
site it is on; prose with a byline, a list of handles or a live blog's timestamps is none."""

from __future__ import annotations

import pytest

from archiver.dates import parse_shown_date
from archiver.extract import extract

FIDAN_TR = ("Suriye halkının birliğini ve toprak bütünlüğünü desteklemeye devam edeceğiz.\n"
            "Bölgemizde kalıcı barış için diplomasiyi sürdürüyoruz.")


def _txt(text: str):
    return extract(text, "copy.txt")


def _html(body: str):
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Talks</title>"
            f"</head><body><article>{body}</article></body></html>")
    return extract(page.encode("utf-8"), "https://news.example/talks.html",
                   content_type="text/html; charset=utf-8")


def _one(embeds):
    assert len(embeds) == 1, embeds
    return embeds[0]


# --- the post page's copy ------------------------------------------------------------------

def test_a_post_page_copied_into_a_text_file():
    text = ("Minister comments on Syria\n\n"
            "The foreign minister wrote on Sunday:\n\n"
            f"Hakan Fidan\n@HakanFidan\n{FIDAN_TR}\n2:30 PM · Oct 12, 2025\n·\n1.2M Views\n\n"
            "Officials in Damascus did not comment.\n")
    embed = _one(_txt(text))
    assert (embed.kind, embed.form, embed.post_id) == ("text", "text-embed", None)
    assert embed.handle == "HakanFidan"
    assert embed.author_name == "Hakan Fidan"
    assert embed.text == FIDAN_TR
    assert embed.shown_date == "2:30 PM · Oct 12, 2025"
    assert embed.date == "2025-10-12"
    assert "Officials" not in (embed.raw or "") and "Views" not in (embed.raw or "")


@pytest.mark.parametrize("time_line, date", [
    ("14:30 · 12 Eki 2025", "2025-10-12"),
    ("下午2:30 · 2025年10月12日", "2025-10-12"),
    ("午後2:30 · 2025年10月12日", "2025-10-12"),
    ("2:30 م · 12 أكتوبر 2025", "2025-10-12"),
    ("2:30 p. m. · 12 oct. 2025", "2025-10-12"),
    ("오후 2:30 · 2025년 10월 12일", "2025-10-12"),
    ("14:30 · 12. Okt. 2025", "2025-10-12"),
])
def test_the_time_line_in_the_ui_languages(time_line, date):
    embed = _one(_txt(f"Hakan Fidan\n@HakanFidan\n{FIDAN_TR}\n{time_line}\n·\n1,2 Mn\n"))
    assert embed.shown_date == time_line
    assert parse_shown_date(embed.shown_date) == date == embed.date
    assert embed.text == FIDAN_TR


def test_counters_after_the_time_line_on_one_line_or_several():
    for counters in ("2:30 PM · Oct 12, 2025 · 1.2M Views",
                     "2:30 PM · Oct 12, 2025\n·\n1.2M\nViews\n345\nReposts\n51\nQuotes\n"
                     "4.1K\nLikes\n120\nBookmarks",
                     "14:30 · 12 Eki 2025\n·\n1,2 Mn Görüntülenme\n345 Yeniden gönderi"):
        embed = _one(_txt(f"Hakan Fidan\n@HakanFidan\n{FIDAN_TR}\n{counters}\n"))
        assert embed.text == FIDAN_TR
        assert embed.date == "2025-10-12"
        assert "·" not in embed.shown_date.split("·", 1)[1]


@pytest.mark.parametrize("name_lines", [
    "Hakan Fidan\nVerified account",
    "Hakan Fidan Verified account",
    "Hakan Fidan\nDoğrulanmış hesap",
    "Hakan Fidan ☑️",
])
def test_a_badge_beside_or_below_the_name(name_lines):
    embed = _one(_txt(f"{name_lines}\n@HakanFidan\n{FIDAN_TR}\n2:30 PM · Oct 12, 2025\n"))
    assert embed.author_name == "Hakan Fidan"
    assert embed.handle == "HakanFidan"


def test_a_name_with_its_own_emoji_keeps_it():
    embed = _one(_txt(f"Hakan Fidan 🇹🇷\n@HakanFidan\n{FIDAN_TR}\n2:30 PM · Oct 12, 2025\n"))
    assert embed.author_name == "Hakan Fidan 🇹🇷"


def test_a_reply_label_above_and_x_labels_below_are_not_the_text():
    text = ("Hakan Fidan\n@HakanFidan\nReplying to @UN\n"
            f"{FIDAN_TR}\nTranslate post\n2:30 PM · Oct 12, 2025\n·\n1.2M Views\n")
    embed = _one(_txt(text))
    assert embed.text == FIDAN_TR
    # the label stays in the copy's raw, just above the text (what verification reads as
    # the reply's hidden addressees), the labels below do not
    assert embed.raw.endswith("Replying to @UN\n" + FIDAN_TR)


def test_show_more_is_the_cut_it_marks():
    text = ("Hakan Fidan\n@HakanFidan\nSuriye halkının birliğini ve toprak bütünlüğünü\n"
            "Show more\n2:30 PM · Oct 12, 2025\n")
    assert _one(_txt(text)).text == "Suriye halkının birliğini ve toprak bütünlüğünü…"


def test_paragraphs_of_a_long_post_stay_apart():
    text = ("Hakan Fidan\n@HakanFidan\nFirst paragraph of the post.\n\n"
            "Second paragraph of the post.\n2:30 PM · Oct 12, 2025\n")
    assert _one(_txt(text)).text == ("First paragraph of the post.\n\n"
                                     "Second paragraph of the post.")


# --- the timeline's copy -------------------------------------------------------------------

def test_a_timeline_copy_with_a_short_date():
    embed = _one(_txt(f"Hakan Fidan\n@HakanFidan · Oct 12\n{FIDAN_TR}\n12\n45\n1.2K\n30K\n"))
    assert embed.handle == "HakanFidan" and embed.author_name == "Hakan Fidan"
    assert embed.text == FIDAN_TR
    assert embed.shown_date == "Oct 12"
    assert embed.date is None  # no year shown


def test_a_timeline_copy_with_a_relative_time_shows_no_date():
    embed = _one(_txt(f"Hakan Fidan\n@HakanFidan · 2h\n{FIDAN_TR}\n"))
    assert embed.text == FIDAN_TR
    assert embed.shown_date is None and embed.date is None


def test_a_timeline_copy_with_the_dot_on_its_own_line():
    embed = _one(_txt(f"Hakan Fidan\n@HakanFidan\n·\n12 Eki\n{FIDAN_TR}\n\nMore prose.\n"))
    assert embed.text == FIDAN_TR
    assert embed.shown_date == "12 Eki"


def test_two_copies_one_after_the_other():
    text = (f"Hakan Fidan\n@HakanFidan\n{FIDAN_TR}\n2:30 PM · Oct 12, 2025\n\n"
            "Ahmed Ali\n@ahmedali_1\nWe welcome the statement.\n3:05 PM · Oct 12, 2025\n")
    first, second = _txt(text)
    assert (first.handle, second.handle) == ("HakanFidan", "ahmedali_1")
    assert second.text == "We welcome the statement."
    assert second.author_name == "Ahmed Ali"


# --- in an article's HTML ------------------------------------------------------------------

def test_in_a_paragraph_with_line_breaks():
    body = ("<p>The minister wrote on Sunday:</p>"
            "<p>Hakan Fidan<br>@HakanFidan<br>Suriye halkının birliğini ve toprak "
            "bütünlüğünü desteklemeye devam edeceğiz.<br>Bölgemizde kalıcı barış için "
            "diplomasiyi sürdürüyoruz.<br>2:30 PM · Oct 12, 2025<br>·<br>1.2M Views</p>"
            "<p>Officials in Damascus did not comment.</p>")
    embed = _one(_html(body))
    assert (embed.kind, embed.form, embed.handle) == ("text", "text-embed", "HakanFidan")
    assert embed.text == FIDAN_TR
    assert embed.date == "2025-10-12"


def test_in_a_paragraph_with_the_dot_as_a_character_reference():
    body = ("<p>Hakan Fidan<br>@HakanFidan<br>We continue to support Syria.<br>"
            "2:30 PM &middot; Oct 12, 2025</p>")
    embed = _one(_html(body))
    assert embed.text == "We continue to support Syria."
    assert embed.shown_date == "2:30 PM · Oct 12, 2025"


def test_in_a_blockquote_of_paragraphs():
    body = ("<p>He wrote:</p><blockquote><p>Hakan Fidan</p><p>@HakanFidan</p>"
            "<p>We continue to support Syria.</p><p>14:30 · 12 Eki 2025</p></blockquote>"
            "<p>More prose follows here.</p>")
    embed = _one(_html(body))
    assert embed.author_name == "Hakan Fidan"
    assert embed.text == "We continue to support Syria."
    assert embed.date == "2025-10-12"


def test_in_paragraphs_of_their_own():
    body = ("<p>He wrote:</p><p>Hakan Fidan</p><p>@HakanFidan</p>"
            "<p>We continue to support Syria.</p><p>2:30 PM · Oct 12, 2025</p>"
            "<p>More prose follows here.</p>")
    embed = _one(_html(body))
    assert embed.text == "We continue to support Syria."
    assert embed.handle == "HakanFidan"


# --- not copies ----------------------------------------------------------------------------

def test_a_byline_with_a_handle_followed_by_prose_is_no_copy():
    text = ("Talks resume in Ankara\n\nBy Jane Doe @janedoe\n2:30 PM · Oct 12, 2025\n\n"
            "Foreign ministers met on Sunday to discuss the ceasefire.\n")
    assert _txt(text) == []
    body = ("<p class='byline'>By Jane Doe @janedoe · 2:30 PM · Oct 12, 2025</p>"
            "<p>Foreign ministers met on Sunday to discuss the ceasefire.</p>")
    assert _html(body) == []


def test_a_byline_block_with_a_handle_line_is_no_copy():
    text = ("Jane Doe\n@janedoe\n2:30 PM · Oct 12, 2025\n\n"
            "Foreign ministers met on Sunday to discuss the ceasefire.\n")
    assert _txt(text) == []


def test_a_list_of_handles_is_no_copy():
    text = ("Follow our reporters:\nJane Doe\n@janedoe\nJohn Roe\n@johnroe\n"
            "Ayşe Kaya\n@aysekaya · Ankara\nUpdated 2:30 PM · Oct 12, 2025\n")
    assert _txt(text) == []
    body = ("<ul><li>Jane Doe<br>@janedoe</li><li>John Roe<br>@johnroe</li></ul>"
            "<p>Updated 2:30 PM · Oct 12, 2025</p>")
    assert _html(body) == []


def test_a_live_blog_with_timestamps_is_no_copy():
    text = ("Live: ceasefire talks\nJane Doe\n@janedoe\nSenior correspondent\n\n"
            "2:30 PM · Oct 12, 2025\nThe minister arrived in Ankara.\n\n"
            "2:45 PM · Oct 12, 2025\nTalks began behind closed doors.\n")
    assert _txt(text) == []
    body = ("<h1>Live: ceasefire talks</h1><p>Jane Doe<br>@janedoe<br>Senior correspondent</p>"
            "<div class='entry'><p>2:30 PM · Oct 12, 2025<br>The minister arrived.</p></div>"
            "<div class='entry'><p>2:45 PM · Oct 12, 2025<br>Talks began.</p></div>")
    assert _html(body) == []


def test_a_timeline_copy_in_paragraphs_of_their_own():
    body = ("<p>He wrote:</p><p>Hakan Fidan</p><p>@HakanFidan · Oct 12</p>"
            "<p>We continue to support Syria.</p>"
            "<p>More prose follows here.</p>")
    embed = _one(_html(body))
    assert embed.text == "We continue to support Syria."
    assert embed.shown_date == "Oct 12"


def test_the_paragraphs_around_a_copy_are_still_read():
    body = ("<p>Earlier he wrote https://x.com/HakanFidan/status/1977360000000000000 "
            "about it.</p><p>Hakan Fidan</p><p>@HakanFidan</p>"
            "<p>We continue to support Syria.</p><p>2:30 PM · Oct 12, 2025</p>"
            "<p>See also https://x.com/UN/status/1977370000000000000 here.</p>")
    embeds = _html(body)
    assert [(e.form, e.post_id) for e in embeds] == [
        ("text-url", "1977360000000000000"), ("text-embed", None),
        ("text-url", "1977370000000000000")]


def test_the_dot_as_a_numeric_reference():
    body = ("<p>Hakan Fidan<br>@HakanFidan<br>We continue to support Syria.<br>"
            "2:30 PM &#183; Oct 12, 2025</p>")
    assert _one(_html(body)).text == "We continue to support Syria."


def test_a_page_whose_dots_are_breadcrumbs_and_bylines_is_not_parsed():
    from archiver.extract import scan

    page = ("<html><body><nav>Home · News · World</nav><p>By Jane Doe · 5 min read · "
            "Updated 14:30 · Oct 12, 2025</p><p>Write to jane@news.example · "
            "Follow @newsdesk</p></body></html>").encode("utf-8")
    assert not scan.scan(page).anything
