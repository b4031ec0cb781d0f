"""Shown dates: the localized date text of an embed ("October 12, 2025", "12 أكتوبر 2025",
"17. August 2018", "2018年3月24日") parsed to an ISO date.

Pure functions. The embed's date text is the post's UTC calendar date in the language of
the embed's data-lang (X-FORMATS §1.9); the Snowflake id, when there is one, is more exact.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from datetime import date

# Month names, folded with _fold(): lower case, accents and Arabic hamza marks removed.
_MONTH_NAMES = {
    1: "january jan janvier janv januar jän jaen enero ene janeiro gennaio gen januari "
    "ocak января январь styczen stycznia leden ledna يناير كانون الثاني جانفي",
    2: "february feb fevrier fevr februar febrero febr fevereiro fev febbraio februari "
    "subat февраля февраль luty lutego unor unora فبراير شباط فيفري",
    3: "march mar mars marz maerz marzo marco março mrt maart mart марта март marzec marca "
    "brezen brezna مارس اذار",
    4: "april apr avril abril abr aprile avr nisan апреля апрель kwiecien kwietnia duben "
    "dubna ابريل نيسان افريل",
    5: "may mai mayo maio maggio mag mei mayis мая май maj maja kveten kvetna مايو ايار ماي",
    6: "june jun juin juni junio junho giugno giu haziran июня июнь czerwiec czerwca cerven "
    "cervna يونيو يونيه حزيران جوان",
    7: "july jul juil juillet juli julio julho luglio lug temmuz июля июль lipiec lipca "
    "cervenec cervence يوليو يوليه تموز جويلية",
    8: "august aug aout août agosto ago augustus agustos августа август sierpien sierpnia "
    "srpen srpna اغسطس اب أوت اوت",
    9: "september sep sept septembre septiembre setiembre setembro set settembre sett "
    "eylul сентября сентябрь wrzesien wrzesnia zari سبتمبر ايلول",
    10: "october oct octobre oktober okt octubre outubro out ottobre ott ekim октября "
    "октябрь pazdziernik pazdziernika rijen rijna اكتوبر تشرين الاول",
    11: "november nov novembre noviembre novembro novembre kasim ноября ноябрь listopad "
    "listopada نوفمبر تشرين الثاني",
    12: "december dec decembre dezember dez diciembre dic dezembro dicembre dicembre "
    "aralik декабря декабрь grudzien grudnia prosinec prosince ديسمبر كانون الاول",
}
# Two-word Arabic (Levantine) month names; checked before single words.
_ARABIC_TWO_WORD = {
    "كانون الثاني": 1,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
}

_CJK_RE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)

# Marks folded away: Latin, Greek and Cyrillic accents, Hebrew points, Arabic vowels,
# hamza and madda. Other scripts' marks (Devanagari vowel signs) are part of the letter.
_FOLDED_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_CHARS = {
    ord("ı"): "i", 0x0640: None,  # Turkish dotless i; Arabic tatweel
    0x06cc: "\u064a", 0x0649: "\u064a",  # Persian yeh, alef maksura -> yeh
    0x06a9: "\u0643",  # Persian keheh -> kaf
    0x06d5: "\u0647", 0x06c1: "\u0647", 0x06be: "\u0647",  # Persian/Urdu heh forms -> heh
    0x200c: None, 0x200d: None,  # zero-width (non-)joiners inside words
    0x200e: " ", 0x200f: " ", 0x061c: " ",  # direction marks between words
}
# Every script's decimal digits as ASCII: Arabic-Indic and Persian, Devanagari, Bengali...
_CHARS.update({cp: str(unicodedata.decimal(chr(cp)))
               for start in (0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66,
                             0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x1040, 0xff10)
               for cp in range(start, start + 10)})


def _fold(text: str) -> str:
    """Lower case, accents and Arabic marks removed, digits ASCII, Hangul kept whole (NFKD
    alone splits a syllable into jamo)."""
    text = _FOLDED_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", text).translate(_CHARS).casefold()


_MONTHS: dict[str, int] = {}
for _month, _names in _MONTH_NAMES.items():
    for _name in _names.split():
        _MONTHS.setdefault(_fold(_name), _month)
_MONTHS_TWO = {_fold(k): v for k, v in _ARABIC_TWO_WORD.items()}


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # shown dates repeat: every embed of a day shows the same text
def parse_shown_date(text: str | None) -> str | None:
    """Parse an embed's date text in any common language to YYYY-MM-DD, or None.

    Never raises. Times of day ("3:45 PM - 12 Oct 2025", older embeds) are ignored.
    """
    if not text:
        return None
    folded = _fold(text[:200])
    found = _CJK_RE.search(folded) or _ISO_RE.search(folded)
    if found:
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    folded = _TIME_RE.sub(" ", folded)
    words = _WORD_RE.findall(folded)
    month = year = day = None
    for i, word in enumerate(words):
        if word.isdigit():
            if len(word) == 4 and year is None:
                year = int(word)
            elif len(word) <= 2 and day is None:
                day = int(word)
            continue
        if month is None:
            pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
            month = _MONTHS_TWO.get(pair) or _MONTHS.get(word)
    if month is None or year is None or day is None:
        return None
    return _valid(year, month, day)
