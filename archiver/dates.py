"""Shown dates: the localized date text of an embed ("October 12, 2025", "12 أكتوبر 2025",
"17. August 2018", "2018年3月24日") parsed to an ISO date.

Pure functions. The embed's date text is the post's UTC calendar date in the language of
the embed's data-lang (X-FORMATS §1.9); the Snowflake id, when there is one, is more exact.

The rule: a month is a name from one language's table below, matched whole (a two-word
name such as "تشرين الثاني" as both words, never by one of them), and the day and the year
are numbers next to it. A name means the month its language says; a name two languages read
as different months ("listopad": November in Czech and Polish, October in Croatian) means
the month of the embed's language when that is known, and no month when it is not: no date
skips the date check, a wrong month fails a faithful quote.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache

from .langs import base_language

# Month names per language (X's language codes), January first: the names a date shows
# (the genitive or partitive form a date uses, and the nominative), and the abbreviations.
# A name of two words is written with "_". Accents, Arabic hamza and vowel marks and the
# like are folded away by _fold(), so each name is written once, as the language writes it.
_MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
           "july jul", "august aug", "september sep sept", "october oct", "november nov",
           "december dec"),
    "fr": ("janvier janv", "février févr fév", "mars", "avril avr", "mai", "juin",
           "juillet juil", "août", "septembre sept", "octobre oct", "novembre nov",
           "décembre déc"),
    "de": ("januar jänner jan jän jaen", "februar feber feb", "märz mär mrz maerz",
           "april apr", "mai", "juni jun", "juli jul", "august aug", "september sep sept",
           "oktober okt", "november nov", "dezember dez"),
    "es": ("enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
           "julio jul", "agosto ago", "septiembre setiembre sep sept set", "octubre oct",
           "noviembre nov", "diciembre dic"),
    "pt": ("janeiro jan", "fevereiro fev", "março mar", "abril abr", "maio mai", "junho jun",
           "julho jul", "agosto ago", "setembro set", "outubro out", "novembro nov",
           "dezembro dez"),
    "it": ("gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag",
           "giugno giu", "luglio lug", "agosto ago", "settembre set sett", "ottobre ott",
           "novembre nov", "dicembre dic"),
    "ca": ("gener gen", "febrer febr", "març", "abril abr", "maig", "juny", "juliol jul",
           "agost ag", "setembre set", "octubre oct", "novembre nov", "desembre des"),
    "nl": ("januari jan", "februari feb", "maart mrt", "april apr", "mei", "juni jun",
           "juli jul", "augustus aug", "september sep sept", "oktober okt", "november nov",
           "december dec"),
    "sv": ("januari jan", "februari feb", "mars mar", "april apr", "maj", "juni jun",
           "juli jul", "augusti aug", "september sep sept", "oktober okt", "november nov",
           "december dec"),
    "da": ("januar jan", "februar feb", "marts mar", "april apr", "maj", "juni jun",
           "juli jul", "august aug", "september sep", "oktober okt", "november nov",
           "december dec"),
    "nb": ("januar jan", "februar feb", "mars mar", "april apr", "mai", "juni jun",
           "juli jul", "august aug", "september sep", "oktober okt", "november nov",
           "desember des"),
    "fi": ("tammikuuta tammikuu tammik tammi", "helmikuuta helmikuu helmik helmi",
           "maaliskuuta maaliskuu maalisk maalis", "huhtikuuta huhtikuu huhtik huhti",
           "toukokuuta toukokuu toukok touko", "kesäkuuta kesäkuu kesäk kesä",
           "heinäkuuta heinäkuu heinäk heinä", "elokuuta elokuu elok elo",
           "syyskuuta syyskuu syysk syys", "lokakuuta lokakuu lokak loka",
           "marraskuuta marraskuu marrask marras", "joulukuuta joulukuu jouluk joulu"),
    "tr": ("ocak oca", "şubat şub", "mart mar", "nisan nis", "mayıs may", "haziran haz",
           "temmuz tem", "ağustos ağu", "eylül eyl", "ekim eki", "kasım kas", "aralık ara"),
    "ro": ("ianuarie ian", "februarie feb", "martie mar", "aprilie apr", "mai", "iunie iun",
           "iulie iul", "august aug", "septembrie sept sep", "octombrie oct", "noiembrie nov",
           "decembrie dec"),
    "hu": ("január jan", "február febr feb", "március márc már", "április ápr", "május máj",
           "június jún", "július júl", "augusztus aug", "szeptember szept szep",
           "október okt", "november nov", "december dec"),
    "id": ("januari jan", "februari feb", "maret mar", "april apr", "mei", "juni jun",
           "juli jul", "agustus agu agt ags", "september sep", "oktober okt", "november nov",
           "desember des"),
    "ms": ("januari jan", "februari feb", "mac", "april apr", "mei", "jun", "julai jul",
           "ogos ogo", "september sep", "oktober okt", "november nov", "disember dis"),
    "fil": ("enero ene", "pebrero peb", "marso mar", "abril abr", "mayo may", "hunyo hun",
            "hulyo hul", "agosto ago", "setyembre set", "oktubre okt", "nobyembre nob",
            "disyembre dis"),
    "pl": ("stycznia styczeń sty", "lutego luty lut", "marca marzec mar",
           "kwietnia kwiecień kwi", "maja maj", "czerwca czerwiec cze", "lipca lipiec lip",
           "sierpnia sierpień sie", "września wrzesień wrz",
           "października październik paź", "listopada listopad lis", "grudnia grudzień gru"),
    "cs": ("ledna leden", "února únor úno", "března březen bře", "dubna duben",
           "května květen kvě", "června červen čvn", "července červenec čvc",
           "srpna srpen srp", "září zář", "října říjen říj", "listopadu listopad lis",
           "prosince prosinec pro"),
    "sk": ("januára január jan", "februára február feb", "marca marec mar",
           "apríla apríl apr", "mája máj", "júna jún", "júla júl", "augusta august aug",
           "septembra september sep", "októbra október okt", "novembra november nov",
           "decembra december dec"),
    "hr": ("siječnja siječanj sij", "veljače veljača velj", "ožujka ožujak ožu",
           "travnja travanj tra", "svibnja svibanj svi", "lipnja lipanj lip",
           "srpnja srpanj srp", "kolovoza kolovoz kol", "rujna rujan ruj",
           "listopada listopad lis", "studenoga studenog studeni stu",
           "prosinca prosinac pro"),
    "sr": ("јануар јан januar jan", "фебруар феб februar feb", "март мар mart mar",
           "април апр april apr", "мај maj", "јун jun", "јул jul",
           "август авг avgust avg", "септембар сеп septembar sep",
           "октобар окт oktobar okt", "новембар нов novembar nov",
           "децембар дец decembar dec"),
    "ru": ("января январь янв", "февраля февраль февр фев", "марта март мар",
           "апреля апрель апр", "мая май", "июня июнь июн", "июля июль июл",
           "августа август авг", "сентября сентябрь сент сен", "октября октябрь окт",
           "ноября ноябрь нояб ноя", "декабря декабрь дек"),
    "uk": ("січня січень січ", "лютого лютий лют", "березня березень бер",
           "квітня квітень квіт", "травня травень трав", "червня червень черв",
           "липня липень лип", "серпня серпень серп", "вересня вересень вер",
           "жовтня жовтень жовт", "листопада листопад лист", "грудня грудень груд"),
    "bg": ("януари яну", "февруари фев", "март", "април апр", "май", "юни", "юли",
           "август авг", "септември сеп", "октомври окт", "ноември ное", "декември дек"),
    "el": ("Ιανουαρίου Ιανουάριος Ιαν", "Φεβρουαρίου Φεβρουάριος Φεβ",
           "Μαρτίου Μάρτιος Μαρ", "Απριλίου Απρίλιος Απρ", "Μαΐου Μάιος Μαΐ Μαι",
           "Ιουνίου Ιούνιος Ιουν", "Ιουλίου Ιούλιος Ιουλ", "Αυγούστου Αύγουστος Αυγ",
           "Σεπτεμβρίου Σεπτέμβριος Σεπτ Σεπ", "Οκτωβρίου Οκτώβριος Οκτ",
           "Νοεμβρίου Νοέμβριος Νοε", "Δεκεμβρίου Δεκέμβριος Δεκ"),
    # Arabic: the names of Egypt and the Gulf, of the Levant and Iraq (with or without the
    # article: "تشرين أول" is "تشرين الأول"), of Algeria and Tunisia, and of Morocco.
    "ar": ("يناير كانون_الثاني كانون_ثاني جانفي",
           "فبراير شباط فيفري",
           "مارس آذار",
           "أبريل إبريل نيسان أفريل",
           "مايو أيار ماي",
           "يونيو يونيه حزيران جوان",
           "يوليو يوليه تموز جويلية يوليوز",
           "أغسطس آب أوت غشت",
           "سبتمبر أيلول شتنبر",
           "أكتوبر تشرين_الأول تشرين_أول",
           "نوفمبر تشرين_الثاني تشرين_ثاني نونبر",
           "ديسمبر كانون_الأول كانون_أول دجنبر"),
    # Persian: Iran's names of the Gregorian months, then Afghanistan's (Dari).
    "fa": ("ژانویه ژانوئیه جنوری", "فوریه فبروری", "مارس مارچ", "آوریل آپریل اپریل",
           "مه می", "ژوئن ژوین جون", "ژوئیه جولای", "اوت آگوست اگوست اگست",
           "سپتامبر سپتمبر", "اکتبر اکتوبر", "نوامبر نومبر", "دسامبر دسمبر"),
    "ur": ("جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر",
           "اکتوبر", "نومبر", "دسمبر"),
    "hi": ("जनवरी जन", "फ़रवरी फरवरी फ़र फर", "मार्च", "अप्रैल अप्रेल", "मई", "जून",
           "जुलाई जुल", "अगस्त अग", "सितंबर सितम्बर सित", "अक्तूबर अक्टूबर अक्टू अक्तू",
           "नवंबर नवम्बर नव", "दिसंबर दिसम्बर दिस"),
    "mr": ("जानेवारी जाने", "फेब्रुवारी फेब्रु", "मार्च", "एप्रिल एप्रि", "मे", "जून",
           "जुलै", "ऑगस्ट ऑग", "सप्टेंबर सप्टें", "ऑक्टोबर ऑक्टो", "नोव्हेंबर नोव्हें",
           "डिसेंबर डिसें"),
    # Bangla writes ী or ি at the end of January and February, য় composed or not.
    "bn": ("জানুয়ারী জানুয়ারি জানু", "ফেব্রুয়ারী ফেব্রুয়ারি ফেব্রু ফেব", "মার্চ",
           "এপ্রিল এপ্রি", "মে", "জুন", "জুলাই জুল", "আগস্ট আগ", "সেপ্টেম্বর সেপ্টে সেপ",
           "অক্টোবর অক্টো", "নভেম্বর নভে", "ডিসেম্বর ডিসে"),
    "gu": ("જાન્યુઆરી જાન્યુ", "ફેબ્રુઆરી ફેબ્રુ", "માર્ચ", "એપ્રિલ", "મે", "જૂન", "જુલાઈ",
           "ઑગસ્ટ ઓગસ્ટ", "સપ્ટેમ્બર સપ્ટે", "ઑક્ટોબર ઓક્ટોબર ઑક્ટો ઓક્ટો",
           "નવેમ્બર નવે", "ડિસેમ્બર ડિસે"),
    "ta": ("ஜனவரி ஜன", "பிப்ரவரி பிப்", "மார்ச் மார்", "ஏப்ரல் ஏப்", "மே", "ஜூன்",
           "ஜூலை", "ஆகஸ்ட் ஆக", "செப்டம்பர் செப்", "அக்டோபர் அக்", "நவம்பர் நவ",
           "டிசம்பர் டிச"),
    "kn": ("ಜನವರಿ ಜನ", "ಫೆಬ್ರವರಿ ಫೆಬ್ರ", "ಮಾರ್ಚ್ ಮಾರ್", "ಏಪ್ರಿಲ್ ಏಪ್ರಿ", "ಮೇ", "ಜೂನ್",
           "ಜುಲೈ", "ಆಗಸ್ಟ್ ಆಗ", "ಸೆಪ್ಟೆಂಬರ್ ಸೆಪ್ಟೆಂ", "ಅಕ್ಟೋಬರ್ ಅಕ್ಟೋ", "ನವೆಂಬರ್ ನವೆಂ",
           "ಡಿಸೆಂಬರ್ ಡಿಸೆಂ"),
    # Thai: the abbreviations are written with dots ("ต.ค."), read as two words; the year
    # may be the Buddhist era's (2568 = 2025), see _THAI_ERA.
    "th": ("มกราคม ม_ค", "กุมภาพันธ์ ก_พ", "มีนาคม มี_ค", "เมษายน เม_ย", "พฤษภาคม พ_ค",
           "มิถุนายน มิ_ย", "กรกฎาคม ก_ค", "สิงหาคม ส_ค", "กันยายน ก_ย", "ตุลาคม ต_ค",
           "พฤศจิกายน พ_ย", "ธันวาคม ธ_ค"),
    "eu": ("urtarrila urtarrilaren urt", "otsaila otsailaren ots", "martxoa martxoaren mar",
           "apirila apirilaren api", "maiatza maiatzaren mai", "ekaina ekainaren eka",
           "uztaila uztailaren uzt", "abuztua abuztuaren abu", "iraila irailaren ira",
           "urria urriaren urr", "azaroa azaroaren aza", "abendua abenduaren abe"),
    "gl": ("xaneiro xan", "febreiro feb", "marzo mar", "abril abr", "maio mai", "xuño xuñ",
           "xullo xul", "agosto ago", "setembro set", "outubro out", "novembro nov",
           "decembro dec"),
    "ga": ("eanáir ean", "feabhra feabh", "márta már", "aibreán aib", "bealtaine beal",
           "meitheamh meith", "iúil iúil", "lúnasa lún", "meán_fómhair mfómh",
           "deireadh_fómhair dfómh", "samhain samh", "nollaig noll"),
    # Hebrew: a date writes the month with the preposition ב ("12 באוקטובר 2025").
    "he": ("ינואר ינו", "פברואר פבר", "מרץ מרס", "אפריל אפר", "מאי", "יוני", "יולי",
           "אוגוסט אוג", "ספטמבר ספט", "אוקטובר אוק", "נובמבר נוב", "דצמבר דצמ"),
}

# Numeric months: "2025年10月12日" (zh, ja), "2025년 10월 12일" (ko); "12 tháng 10, 2025",
# "12 thg 10, 2025" (vi: the month word, then its number).
# (and X's embed code of 2014-2015 in Japanese and Chinese: "2015, 6月 9", the year set off
# by a comma)
_CJK_RE = re.compile(r"(\d{4})\s*(?:[年년]|,)\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_VI_MONTH = frozenset(("thang", "thg"))
_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
#: How many words may stand between the month and its day, or its year ("12 de octubre
#: de 2025": one; "October 12, 2025": the day between month and year).
_NEAR = 2
#: A Thai date may count years in the Buddhist era: 2568 BE is 2025 AD.
_THAI_ERA, _THAI_ERA_FROM = 543, 2400

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


def _words(text: str) -> list[str]:
    """Runs of letters (with their marks) and runs of digits; anything else separates."""
    words: list[str] = []
    start, kind = 0, None
    for i, c in enumerate(text):
        k = "d" if c.isdigit() else (
            "w" if c.isalpha() or unicodedata.category(c)[0] == "M" else None)
        if k != kind:
            if kind:
                words.append(text[start:i])
            start, kind = i, k
    if kind:
        words.append(text[start:])
    return words


def _build() -> tuple[dict[tuple[str, ...], dict[str, int]], int]:
    names: dict[tuple[str, ...], dict[str, int]] = {}
    for lang, months in _MONTH_NAMES.items():
        assert len(months) == 12, lang
        for month, variants in enumerate(months, 1):
            for variant in variants.split():
                forms = [variant] + (["ב" + variant] if lang == "he" else [])
                for form in forms:
                    key = tuple(_words(_fold(form.replace("_", " "))))
                    seen = names.setdefault(key, {}).setdefault(lang, month)
                    assert seen == month, (lang, variant)
    return names, max(len(k) for k in names)


#: folded name (its words) -> {language: month}
_NAMES, _LONGEST = _build()


def _lang_key(lang: str | None) -> str | None:
    return base_language(lang) or None


def _month_at(words: list[str], i: int, lang: str | None) -> tuple[int, int | None] | None:
    """The month name starting at words[i]: (its length in words, its month, None when
    the name means different months in different languages and `lang` does not decide)."""
    if words[i] in _VI_MONTH and i + 1 < len(words) and words[i + 1].isdigit():
        number = int(words[i + 1])
        return (2, number) if 1 <= number <= 12 else None
    for size in range(min(_LONGEST, len(words) - i), 0, -1):
        langs = _NAMES.get(tuple(words[i:i + size]))
        if langs:
            if lang in langs:
                return size, langs[lang]
            months = set(langs.values())
            return size, (months.pop() if len(months) == 1 else None)
    return None


def _near(words: list[str], start: int, end: int, digits) -> int | None:
    """The nearest number of `digits` length within _NEAR words of words[start:end]."""
    for gap in range(_NEAR + 1):
        for j in (start - 1 - gap, end + gap):
            if 0 <= j < len(words) and words[j].isdigit() and len(words[j]) in digits:
                return int(words[j])
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # shown dates repeat: every embed of a day shows the same text
def parse_shown_date(text: str | None, lang: str | None = None) -> str | None:
    """Parse an embed's date text to YYYY-MM-DD, or None.

    `lang` is the language the embed shows its date in (its data-lang), when known: its
    month names win over another language's. Without it, a name that means different
    months in different languages gives None. Never raises. Times of day ("3:45 PM - 12
    Oct 2025", older embeds) are ignored.
    """
    if not text:
        return None
    folded = _fold(text[:200])
    other = _other_calendar(folded)
    if other is not None:
        return other
    found = _CJK_RE.search(folded) or _ISO_RE.search(folded)
    if found:
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    words = _words(_TIME_RE.sub(" ", folded))
    lang = _lang_key(lang)
    for i, word in enumerate(words):
        if word.isdigit():
            continue
        name = _month_at(words, i, lang)
        if name is None:
            continue
        size, month = name
        day = _near(words, i, i + size, (1, 2))
        year = _near(words, i, i + size, (4,))
        if day is None or year is None:
            continue  # a word that names a month, but no date around it
        if year > _THAI_ERA_FROM:
            year -= _THAI_ERA  # the Buddhist era's year (Thai): no post is from 2400 AD
        return _valid(year, month, day) if month else None
    return None


# --- dates of other calendars ----------------------------------------------------------------

#: Japan's eras, by their first Gregorian year (令和7年 is 2025; 元年, the first year).
_JA_ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926}
_JA_ERA_RE = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: The Solar Hijri calendar's months (Iran's official calendar), as _fold writes them.
_JALALI_MONTHS = {_fold(name): number for number, name in enumerate(
    "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split(), 1)}
_JALALI_RE = re.compile(r"(\d{1,2})\s+(\S+)\s+(1[34]\d\d)")
#: The years in which the Solar Hijri calendar's 33-year leap cycle restarts (Borkowski's
#: breaks, as the jalaali libraries use them): exact from 1 to 3177 SH.
_JALALI_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
                  2192, 2262, 2324, 2394, 2456, 3178)


def _other_calendar(folded: str) -> str | None:
    """A date of Japan's era calendar (令和7年10月15日) or of the Solar Hijri calendar
    (۲۶ خرداد ۱۴۰۴, digits folded), as YYYY-MM-DD; None for any other text. (The lunar
    Hijri calendar, fixed by sighting the moon, has no exact arithmetic: not read.)"""
    era = _JA_ERA_RE.search(folded)
    if era is not None:
        year = 1 if era[2] == "元" else int(era[2])
        return _valid(_JA_ERAS[era[1]] + year - 1, int(era[3]), int(era[4]))
    for found in _JALALI_RE.finditer(folded):
        month = _JALALI_MONTHS.get(_fold(found[2]))
        if month is not None:
            return _from_jalali(int(found[3]), month, int(found[1]))
    return None


def _from_jalali(year: int, month: int, day: int) -> str | None:
    """The Gregorian date of a Solar Hijri one (jalaali's jalCal): its year starts on the
    March day `march` of Gregorian year year + 621."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    gregorian = year + 621
    leap_j, previous, jump = -14, _JALALI_BREAKS[0], 0
    for brk in _JALALI_BREAKS[1:]:
        jump = brk - previous
        if year < brk:
            break
        leap_j += jump // 33 * 8 + jump % 33 // 4
        previous = brk
    n = year - previous
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gregorian // 4 - (gregorian // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g
    offset = (month - 1) * 31 - (month // 7) * (month - 7) + day - 1
    return (date(gregorian, 3, march) + timedelta(days=offset)).isoformat()


_CJK_YEARLESS_RE = re.compile(r"(?<![\d年년])(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")


def parse_yearless(text: str | None, lang: str | None = None) -> tuple[int, int] | None:
    """(month, day) of a date shown without its year, as X's web app shows a post of the
    current year ("Oct 12", "12 Eki", "10月12日"); None when the text names a year, or
    no month and day."""
    if not text or parse_shown_date(text, lang):
        return None
    folded = _fold(text[:200])
    found = _CJK_YEARLESS_RE.search(folded)
    if found:
        month, day = int(found[1]), int(found[2])
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None
    words = _words(_TIME_RE.sub(" ", folded))
    if any(word.isdigit() and len(word) == 4 for word in words) or sum(
            word.isdigit() for word in words) > 1:
        return None  # a year, or a number that may be one ("Oct 14, 24"): not this form
    lang = _lang_key(lang)
    for i, word in enumerate(words):
        if word.isdigit():
            continue
        name = _month_at(words, i, lang)
        if name is None or not name[1]:
            continue
        day = _near(words, i, i + name[0], (1, 2))
        if day is not None and 1 <= day <= 31:
            return name[1], day
    return None


#: A date in numbers alone: day, month and year in some order, one separator between them
#: ("14.11.2025", "14/11/2025", "11/14/2025", "2025. 10. 12.", "14-11-25"); not a time.
_NUMERIC_RE = re.compile(
    r"(?<![\d:])(\d{1,4})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d:])")
#: Languages whose pages write a date in numbers month first (with a slash): American
#: English. Others write it day first; English without a country may write either.
_MONTH_FIRST = frozenset({"en-us", "en_us", "en-ph", "fil", "tl"})
#: English without a country, or no language: either way. (en-GB, en-AU, en-IE, en-IN…
#: write day first, as most languages do.)
_EITHER_WAY = frozenset({"en", ""})
#: Languages that write the year first even when it has two digits ("25.11.05").
_YEAR_FIRST = frozenset({"ko", "ja", "zh", "hu", "lt", "mn"})


@lru_cache(maxsize=4096)
def numeric_readings(text: str | None, lang: str | None = None) -> tuple[str, ...]:
    """Every date (YYYY-MM-DD) a date written in numbers alone may be: year-month-day when
    the year comes first ("2025. 11. 8."); day-month-year for a date with points
    ("14.11.2025": no country writes that month first); for one with slashes or hyphens
    ("11/10/2025"), the reading of the page's language (`lang`: month first in American
    English, day first in most others), or both where it does not say (English, or none).
    A two-digit year is of this century. Empty when the text holds no such date, or none
    of its readings is a date."""
    if not text:
        return ()
    match = _NUMERIC_RE.search(_fold(text[:200]))
    if match is None:
        return ()
    first, separator, second, last = match.groups()
    if len(first) == 4:
        if len(last) > 2:
            return ()
        found = [_valid(int(first), int(second), int(last))]
    elif len(first) > 2 or len(last) not in (2, 4):
        return ()
    else:
        where = (lang or "").strip().lower().replace("_", "-")
        if where.split("-")[0] in _YEAR_FIRST and len(first) == 2 and len(last) == 2:
            return tuple(d for d in [_valid(2000 + int(first), int(second), int(last))] if d)
        year = int(last) + (2000 if len(last) == 2 else 0)
        day_first = _valid(year, int(second), int(first))
        month_first = _valid(year, int(first), int(second))
        if where in _MONTH_FIRST:
            found = [month_first]
        elif separator == "." or where not in _EITHER_WAY:
            found = [day_first]
        else:
            found = [day_first, month_first]
    return tuple(dict.fromkeys(d for d in found if d))
