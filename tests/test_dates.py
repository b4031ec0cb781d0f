"""Shown dates (archiver/dates.py): an embed's date text in the language it shows, to a date.

A misread month fails a faithful quote ("wrong date"); an unread one skips the check. The
samples here were not written from the month tables: the CLDR table is the output of
CLDR's own date formats (Babel 2.19, format_date "long" and "medium", January to December),
the others are forms as sites and X write them.
"""

from __future__ import annotations

import pytest

from archiver.dates import _NAMES, parse_shown_date
from archiver.verify import PostState, Quote, Version, verify_quote

# (lang, shown text, date): CLDR's formats, every month for Levantine Arabic, Persian,
# Croatian and Ukrainian.
CLDR = [
    ("ar", "8 كانون الثاني 2025", "2025-01-08"),
    ("ar", "15 شباط 2025", "2025-02-15"),
    ("ar", "22 آذار 2025", "2025-03-22"),
    ("ar", "1 نيسان 2025", "2025-04-01"),
    ("ar", "8 أيار 2025", "2025-05-08"),
    ("ar", "15 حزيران 2025", "2025-06-15"),
    ("ar", "22 تموز 2025", "2025-07-22"),
    ("ar", "1 آب 2025", "2025-08-01"),
    ("ar", "8 أيلول 2025", "2025-09-08"),
    ("ar", "15 تشرين الأول 2025", "2025-10-15"),
    ("ar", "22 تشرين الثاني 2025", "2025-11-22"),
    ("ar", "1 كانون الأول 2025", "2025-12-01"),
    ("fa", "8 ژانویه 2024", "2024-01-08"),
    ("fa", "15 فوریه 2024", "2024-02-15"),
    ("fa", "22 مارس 2024", "2024-03-22"),
    ("fa", "1 آوریل 2024", "2024-04-01"),
    ("fa", "8 مه 2024", "2024-05-08"),
    ("fa", "15 ژوئن 2024", "2024-06-15"),
    ("fa", "22 ژوئیه 2024", "2024-07-22"),
    ("fa", "1 اوت 2024", "2024-08-01"),
    ("fa", "8 سپتامبر 2024", "2024-09-08"),
    ("fa", "15 اکتبر 2024", "2024-10-15"),
    ("fa", "22 نوامبر 2024", "2024-11-22"),
    ("fa", "1 دسامبر 2024", "2024-12-01"),
    ("hr", "8. siječnja 2025.", "2025-01-08"),
    ("hr", "15. veljače 2025.", "2025-02-15"),
    ("hr", "22. ožujka 2025.", "2025-03-22"),
    ("hr", "1. travnja 2025.", "2025-04-01"),
    ("hr", "8. svibnja 2025.", "2025-05-08"),
    ("hr", "15. lipnja 2025.", "2025-06-15"),
    ("hr", "22. srpnja 2025.", "2025-07-22"),
    ("hr", "1. kolovoza 2025.", "2025-08-01"),
    ("hr", "8. rujna 2025.", "2025-09-08"),
    ("hr", "15. listopada 2025.", "2025-10-15"),
    ("hr", "22. studenoga 2025.", "2025-11-22"),
    ("hr", "1. prosinca 2025.", "2025-12-01"),
    ("hr", "3. sij 2023.", "2023-01-03"),
    ("hr", "3. svi 2023.", "2023-05-03"),
    ("hr", "3. stu 2023.", "2023-11-03"),
    ("uk", "8 січня 2025\u202fр.", "2025-01-08"),
    ("uk", "15 лютого 2025\u202fр.", "2025-02-15"),
    ("uk", "22 березня 2025\u202fр.", "2025-03-22"),
    ("uk", "1 квітня 2025\u202fр.", "2025-04-01"),
    ("uk", "8 травня 2025\u202fр.", "2025-05-08"),
    ("uk", "15 червня 2025\u202fр.", "2025-06-15"),
    ("uk", "22 липня 2025\u202fр.", "2025-07-22"),
    ("uk", "1 серпня 2025\u202fр.", "2025-08-01"),
    ("uk", "8 вересня 2025\u202fр.", "2025-09-08"),
    ("uk", "15 жовтня 2025\u202fр.", "2025-10-15"),
    ("uk", "22 листопада 2025\u202fр.", "2025-11-22"),
    ("uk", "1 грудня 2025\u202fр.", "2025-12-01"),
    ("uk", "3 січ. 2023\u202fр.", "2023-01-03"),
    ("uk", "3 трав. 2023\u202fр.", "2023-05-03"),
    ("uk", "3 лист. 2023\u202fр.", "2023-11-03"),
    ("ar", "29 فبراير 2024", "2024-02-29"),
    ("ar", "4 يوليوز 2019", "2019-07-04"),  # Morocco
    ("ar", "29 فيفري 2024", "2024-02-29"),  # Algeria
    ("ar", "4 جويلية 2019", "2019-07-04"),
    ("ar", "29 شباط 2024", "2024-02-29"),  # Iraq
    ("ar", "12 تشرين الأول 2025", "2025-10-12"),
    ("ur", "29 فروری، 2024", "2024-02-29"),
    ("ur", "12 اکتوبر، 2025", "2025-10-12"),
    ("ur", "4 جولائی، 2019", "2019-07-04"),
    ("ur", "30 اگست، 2021", "2021-08-30"),
    ("ur", "1 نومبر، 2025", "2025-11-01"),
    ("hi", "29 फ़रवरी 2024", "2024-02-29"),
    ("hi", "12 अक्टूबर 2025", "2025-10-12"),
    ("hi", "4 जुलाई 2019", "2019-07-04"),
    ("hi", "30 अग॰ 2021", "2021-08-30"),
    ("hi", "1 नव॰ 2025", "2025-11-01"),
    ("ru", "29 февраля 2024\u202fг.", "2024-02-29"),
    ("ru", "12 октября 2025\u202fг.", "2025-10-12"),
    ("ru", "4 июля 2019\u202fг.", "2019-07-04"),
    ("ru", "30 авг. 2021\u202fг.", "2021-08-30"),
    ("ru", "1 нояб. 2025\u202fг.", "2025-11-01"),
    ("el", "29 Φεβρουαρίου 2024", "2024-02-29"),
    ("el", "12 Οκτωβρίου 2025", "2025-10-12"),
    ("el", "4 Ιουλίου 2019", "2019-07-04"),
    ("el", "30 Αυγ 2021", "2021-08-30"),
    ("el", "1 Νοε 2025", "2025-11-01"),
    ("vi", "29 tháng 2, 2024", "2024-02-29"),
    ("vi", "12 tháng 10, 2025", "2025-10-12"),
    ("vi", "4 tháng 7, 2019", "2019-07-04"),
    ("vi", "30 thg 8, 2021", "2021-08-30"),
    ("vi", "1 thg 11, 2025", "2025-11-01"),
    ("he", "29 בפברואר 2024", "2024-02-29"),
    ("he", "12 באוקטובר 2025", "2025-10-12"),
    ("he", "4 ביולי 2019", "2019-07-04"),
    ("he", "30 באוג׳ 2021", "2021-08-30"),
    ("he", "1 בנוב׳ 2025", "2025-11-01"),
    ("fi", "29. helmikuuta 2024", "2024-02-29"),
    ("fi", "12. lokakuuta 2025", "2025-10-12"),
    ("fi", "4. heinäkuuta 2019", "2019-07-04"),
    ("ko", "2024년 2월 29일", "2024-02-29"),
    ("ko", "2025년 10월 12일", "2025-10-12"),
    ("ko", "2019년 7월 4일", "2019-07-04"),
    ("pl", "29 lutego 2024", "2024-02-29"),
    ("pl", "12 października 2025", "2025-10-12"),
    ("pl", "4 lipca 2019", "2019-07-04"),
    ("pl", "30 sie 2021", "2021-08-30"),
    ("pl", "1 lis 2025", "2025-11-01"),
    ("pl", "1 listopada 2025", "2025-11-01"),
    ("cs", "29. února 2024", "2024-02-29"),
    ("cs", "12. října 2025", "2025-10-12"),
    ("cs", "4. července 2019", "2019-07-04"),
    ("cs", "12. listopadu 2025", "2025-11-12"),
]

# As sites and X write them: spellings without the article or the hamza, native digits,
# variants CLDR does not give; the language left out where the text alone decides.
WRITTEN = [
    # Levantine Arabic, two-word months with and without ال, with and without hamza.
    (None, "12 تشرين ثاني 2025", "2025-11-12"),
    (None, "12 كانون أول 2025", "2025-12-12"),
    (None, "12 تشرين أول 2025", "2025-10-12"),
    (None, "12 تشرين اول 2025", "2025-10-12"),
    (None, "12 كانون ثاني 2025", "2025-01-12"),
    (None, "12 كانون الثاني 2025", "2025-01-12"),
    (None, "12 كانون الاول 2025", "2025-12-12"),
    (None, "12 تشرين الاول 2025", "2025-10-12"),
    (None, "12 تشرين الثانى 2025", "2025-11-12"),  # Egyptian final ى
    (None, "١٢ تشرين الثاني ٢٠٢٥", "2025-11-12"),
    (None, "12 تشرين الأول/أكتوبر 2025", "2025-10-12"),
    (None, "12 أكتوبر 2025", "2025-10-12"),
    ("ar", "12 اكتوبر 2025", "2025-10-12"),
    (None, "12 غشت 2024", "2024-08-12"),
    (None, "3 دجنبر 2024", "2024-12-03"),
    # Persian: native digits, ezafe, spellings of July and August, Dari names.
    (None, "۱۲ اکتبر ۲۰۲۴", "2024-10-12"),
    ("fa", "۱۲ اکتبر ۲۰۲۴", "2024-10-12"),
    (None, "۳ ژانویهٔ ۲۰۲۵", "2025-01-03"),
    (None, "۲۱ ژوییه ۲۰۲۴", "2024-07-21"),
    (None, "۵ آگوست ۲۰۲۴", "2024-08-05"),
    (None, "۹ می ۲۰۲۴", "2024-05-09"),
    ("fa", "12 جولای 2024", "2024-07-12"),
    ("fa", "12 سپتمبر 2024", "2024-09-12"),
    # Urdu, Hindi.
    (None, "12 اکتوبر 2024", "2024-10-12"),
    (None, "۱۲ مئی ۲۰۲۴", "2024-05-12"),
    (None, "12 अक्तूबर 2025", "2025-10-12"),
    (None, "१२ अक्टूबर २०२५", "2025-10-12"),
    (None, "5 सितम्बर 2024", "2024-09-05"),
    # Cyrillic, Greek, Hebrew, Vietnamese, Finnish, Croatian, Korean.
    (None, "12 жовтня 2025 р.", "2025-10-12"),
    (None, "12 окт. 2025 г.", "2025-10-12"),
    (None, "12 сент. 2025 г.", "2025-09-12"),
    (None, "12 Οκτωβρίου 2025", "2025-10-12"),
    (None, "12 ΟΚΤΩΒΡΙΟΥ 2025", "2025-10-12"),
    (None, "12 Μαΐου 2025", "2025-05-12"),
    (None, "12 באוק׳ 2025", "2025-10-12"),
    (None, "12 באוק' 2025", "2025-10-12"),
    (None, "12 באוקטובר 2025", "2025-10-12"),
    (None, "12 thg 10, 2025", "2025-10-12"),
    (None, "12 tháng 10, 2025", "2025-10-12"),
    (None, "ngày 12 tháng 10 năm 2025", "2025-10-12"),
    (None, "12. lokakuuta 2025", "2025-10-12"),
    ("hr", "12. listopada 2025.", "2025-10-12"),
    ("hr-HR", "12. listopada 2025.", "2025-10-12"),
    (None, "12. studenog 2025.", "2025-11-12"),
    (None, "2025년 10월 12일", "2025-10-12"),
    (None, "2025년10월12일", "2025-10-12"),
    # A language given that the text is not in: the text's own names still read.
    ("hr", "October 12, 2025", "2025-10-12"),
    ("de", "12 أكتوبر 2025", "2025-10-12"),
]

# Parsed before these tables, and unchanged: the fixtures' and test pages' shown dates.
REGRESSION = [
    ("October 12, 2025", "2025-10-12"),
    ("September 2, 2025", "2025-09-02"),
    ("May 9, 2025", "2025-05-09"),
    ("March 21, 2006", "2006-03-21"),
    ("11:13 am, September 24, 2014", "2014-09-24"),
    ("1:53 pm, September 24, 2014", "2014-09-24"),
    ("3:45 PM - 12 Oct 2025", "2025-10-12"),
    ("January 8, 2024 Our archive team is on i", "2024-01-08"),
    ("[February 12, 2023](https://twitter.com/", "2023-02-12"),
    ("12 Ekim 2025", "2025-10-12"),
    ("14 Ekim 2025", "2025-10-14"),
    ("12 أكتوبر 2025", "2025-10-12"),
    ("13 de octubre de 2025", "2025-10-13"),
    ("19 de septiembre de 2017", "2017-09-19"),
    ("30 de julho de 2016", "2016-07-30"),
    ("13 octobre 2025", "2025-10-13"),
    ("17 avril 2017", "2017-04-17"),
    ("4 août 2022", "2022-08-04"),
    ("13. Oktober 2025", "2025-10-13"),
    ("17. August 2018", "2018-08-17"),
    ("6. März 2018", "2018-03-06"),
    ("2018年3月24日", "2018-03-24"),
    ("2025年10月13日", "2025-10-13"),
    ("2012-08-27T21:02:40+00:00", "2012-08-27"),
    ("12 октября 2025", "2025-10-12"),
    ("12 października 2025", "2025-10-12"),
    ("12. října 2025", "2025-10-12"),
    ("12 ottobre 2025", "2025-10-12"),
    ("12 oktober 2025", "2025-10-12"),
    ("12 شباط 2025", "2025-02-12"),
    ("12 جانفي 2025", "2025-01-12"),
]

NOT_DATES = [
    'is the author of "Red Lines" (2023)',
    "الثاني",
    "12 الثاني 2025",  # the second word of a month name, alone
    "12 الأول 2025",
    "12 تشرين 2025",  # the first word: October or November
    "12 كانون 2025",  # December or January
    "We may see 12 more cases in 2025",
    "In 2023 the ministry said 5 people were hurt",
    "قال الوزير إن 12 شخصا أصيبوا في عام 2025",
    "۱۲ نفر در سال ۲۰۲۴ می‌روند",
    "October 2025",
    "12 October",
    "31 February 2025",
    "",
    None,
]


@pytest.mark.parametrize("lang,text,expected", CLDR + WRITTEN)
def test_shown_date_in_its_language(lang, text, expected):
    assert parse_shown_date(text, lang) == expected


@pytest.mark.parametrize("lang,text,expected", CLDR)
def test_without_the_language_a_date_is_right_or_none(lang, text, expected):
    assert parse_shown_date(text) in (expected, None)


@pytest.mark.parametrize("text,expected", REGRESSION)
def test_dates_parsed_before_parse_the_same(text, expected):
    assert parse_shown_date(text) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert parse_shown_date(text) is None
    assert parse_shown_date(text, "ar") is None


@pytest.mark.parametrize("text,by_lang", [
    ("12. listopada 2025.", {"hr": "2025-10-12", "pl": "2025-11-12"}),
    ("12 listopad 2025", {"hr": "2025-10-12", "pl": "2025-11-12", "cs": "2025-11-12"}),
    ("12 lis 2025", {"hr": "2025-10-12", "pl": "2025-11-12"}),
    ("12 lip 2025", {"hr": "2025-06-12", "pl": "2025-07-12"}),
    ("12 srp 2025", {"hr": "2025-07-12", "cs": "2025-08-12"}),
])
def test_a_name_two_languages_read_differently(text, by_lang):
    """The embed's language decides; without it, no month rather than a guess."""
    for lang, expected in by_lang.items():
        assert parse_shown_date(text, lang) == expected
    assert parse_shown_date(text) is None
    assert parse_shown_date(text, "en") is None


def test_the_names_two_languages_read_differently_are_these():
    """A new language's names that clash with another's turn dates that parsed into None
    when no language is given: a change here is a decision, not an accident."""
    clashes = {" ".join(name) for name, langs in _NAMES.items()
               if len(set(langs.values())) > 1}
    assert clashes == {"listopad", "listopada", "lis", "lip", "srp"}


# The verdict a shown date feeds: a faithful quote whose date the embed shows in its own
# language is no "wrong date".
NOV_12 = "1988547315102658617"  # Snowflake date 2025-11-12
OCT_12 = "1977411517674615015"  # Snowflake date 2025-10-12


@pytest.mark.parametrize("post_id,shown,verdict", [
    (NOV_12, "12 تشرين ثاني 2025", "match"),
    (NOV_12, "12 تشرين الثاني 2025", "match"),
    (NOV_12, "12 تشرين أول 2025", "date_mismatch"),
    (OCT_12, "12. listopada 2025.", "match"),  # Croatian October: no date rather than November
    (OCT_12, "12 жовтня 2025 р.", "match"),
    (OCT_12, "12 листопада 2025 р.", "date_mismatch"),  # Ukrainian November
    (OCT_12, "۱۲ اکتبر ۲۰۲۵", "match"),
    (OCT_12, "۱۲ نوامبر ۲۰۲۵", "date_mismatch"),
])
def test_the_date_check_reads_the_embed_language(post_id, shown, verdict):
    text = "Faithful words."
    quote = Quote(post_id, text, "someone", None, shown, "2025-12-01T00:00:00Z")
    version = Version(1, "syndication", text, handle="someone", edit_ids=(post_id,))
    state = PostState(post_id, "available", handles=frozenset({"someone"}))
    assert verify_quote(quote, version, None, state).verdict == verdict
