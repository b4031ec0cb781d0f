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
_DIGITS = {ord(c): str(unicodedata.digit(c)) for c in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_DIGITS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("\u0640", "").replace("ı", "i").casefold()


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
