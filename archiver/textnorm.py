"""Text normalisation for search: one function for indexed text and for queries.

SQLite's unicode61 tokenizer splits vowelled Arabic at every haraka and folds neither
alef forms, tatweel nor Turkish İ/ı (RESEARCH.md §5), so the archive indexes a folded
shadow copy of each text, made by `fold_for_search`, and folds every query the same way.
The original text is kept untouched for display and evidence. Pure functions.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .langs import DOTLESS_I_LANGUAGES, base_language

# Turkish: İ (U+0130) and ı (U+0131) have no case pair in Unicode's default folding, and
# str.lower() turns İ into "i" + U+0307. Fold all four I's to a plain "i" before casefold.
_TURKISH_I = str.maketrans({"İ": "i", "I": "i", "ı": "i"})
# Arabic letter variants searchers treat as one letter (after NFKD has split off the
# hamza and madda marks of أ إ آ ؤ ئ): alef wasla, alef maksura, teh marbuta, Persian
# yeh and keheh; and Arabic-Indic digits to ASCII.
_ARABIC_FOLD = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u06cc": "\u064a",  # ی -> ي
        "\u06a9": "\u0643",  # ک -> ك
        "\u0640": None,  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_SPACE_RE = re.compile(r"\s+")
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def fold_for_search(text: str | None) -> str:
    """Fold text for full-text search: case (Turkish-aware), diacritics and harakat,
    tatweel, Arabic letter variants, format characters (RLM, ZWJ…) and whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_TURKISH_I))
    text = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf")
    )
    text = text.translate(_ARABIC_FOLD).casefold()
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


_HARAKAT = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def search_text(text: str | None) -> str:
    """The shadow copy indexed for full-text search: the text with harakat, tatweel and
    format characters removed (so a word typed without them in Datasette's own search
    box, which passes it to FTS untouched, still matches), followed by the fully folded
    copy (what `fts_query` searches: alef forms, teh marbuta, Turkish İ/ı, case)."""
    if not text:
        return ""
    light = " ".join(_HARAKAT.sub("", unicodedata.normalize("NFC", text)).translate(
        {ord(c): None for c in "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"}).split())
    folded = fold_for_search(text)
    return light if light.casefold() == folded else f"{light} {folded}"


#: Scripts written without spaces between words (Han, kana, Thai, Lao, Myanmar, Khmer):
#: the full-text index holds a run of their letters as one token, so a word of them is
#: looked for inside the indexed text instead (search_terms).
_UNSPACED_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                          "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def search_terms(words: str) -> tuple[str, list[str]]:
    """(an FTS5 MATCH expression for the words, or ""; the folded words each to be found
    inside the indexed text, when one is of a script written without spaces: "首相" in
    "岸田首相が記者会見で").

    A word of a script written without spaces is one token of the index only when it is a
    whole run of its letters; searched as text, it is found wherever it stands."""
    if not _UNSPACED_RE.search(words):
        return fts_query(words), []
    # every word then (a Latin word glued to such letters, "岸田首相がAnkaraで", is inside
    # the same token too)
    inside = [fold_for_search(w).rstrip("*") for w in words.split()]
    return "", [w for w in inside if w]


def fts_query(words: str) -> str:
    """An FTS5 MATCH expression for what a user typed: every word must occur.

    Each folded word is quoted, so FTS5 syntax in the input (AND, quotes, colons) is
    searched for as text instead of failing. A trailing "*" on a word keeps prefix search.
    """
    terms = []
    for raw in words.split():
        prefix = raw.endswith("*")
        for token in _TOKEN_RE.findall(fold_for_search(raw)):
            terms.append(f'"{token}"' + ("*" if prefix else ""))
    return " ".join(terms)


_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
           "\u00ab": '"', "\u00bb": '"'}
# Format characters (RLM, LRM, ZWJ, ZWNJ, BOM, bidi controls, soft hyphen) are dropped.
_DROPPED = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061"
            "\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c\u180e")
_CANONICAL = str.maketrans({**_QUOTES, **{c: None for c in _DROPPED}})
# str.translate looks every character up in the table; most texts have nothing to map,
# which one regex search tells far faster (bench/verify.py).
_CANONICAL_NEEDED = re.compile("[" + re.escape("".join(_QUOTES) + _DROPPED) + "]")
_TCO_RE = re.compile(r"https?://t\.co/[A-Za-z0-9]+")
_MEDIA_LINK_RE = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/[A-Za-z0-9]+")
_LEADING_MENTIONS_RE = re.compile(r"^(?:@[A-Za-z0-9_]{1,20}\s+)+")


def canonical_text(text: str | None, urls=(), *, drop_reply_mentions: bool = False) -> str:
    """The text as hashed and compared: HTML entities decoded, Unicode NFC, format
    characters (RLM, LRM, ZWJ, soft hyphen…) removed, smart quotes folded, every
    whitespace run (newlines and NBSP included) one space; t.co links replaced by what
    the post's entities (`urls`: (t.co, expanded) pairs) say they stand for, links to
    attached media (pic.twitter.com/…, and t.co links the entities do not expand)
    dropped, and with `drop_reply_mentions` the leading @mentions of a reply (outside
    X's display_text_range) dropped."""
    if not text:
        return ""
    while "&" in text:  # to a fixed point, so canonical_text(canonical_text(x)) == itself
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    if _CANONICAL_NEEDED.search(text):
        text = text.translate(_CANONICAL)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "t.co/" in text or "pic." in text:
        expanded = dict(urls)
        text = _TCO_RE.sub(lambda m: expanded.get(m.group(), ""), text)
        text = _MEDIA_LINK_RE.sub("", text)
    text = " ".join(text.split())  # every whitespace run (NBSP, newlines…) one space
    if drop_reply_mentions:
        text = _LEADING_MENTIONS_RE.sub("", text)
    return text


# For comparison only, never for hashing: Arabic harakat, Quranic marks and tatweel
# removed, letter variants folded (alef forms, alef maksura, teh marbuta, Persian yeh and
# keheh), Arabic-Indic digits to ASCII, and case folded, Turkish-aware.
_ARABIC_MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)])
_COMPARE = str.maketrans({
    **{c: None for c in _ARABIC_MARKS},
    "\u0640": None,  # tatweel
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u0629": "\u0647", "\u06a9": "\u0643",
    "\u0624": "\u0648", "\u0626": "\u064a",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
})
_COMPARE_NEEDED = re.compile(
    "[" + "".join(chr(c) for c in _COMPARE) + "]")


def comparable(text: str, lang: str | None = None) -> str:
    """A canonical text folded for comparison: Arabic marks and letter variants, case.

    Case folding follows the post's language: in Turkish, I lowers to ı and İ to i; in
    other languages I lowers to i, and İ (a Turkish name in a foreign text) to i too.
    """
    turkish = base_language(lang) in DOTLESS_I_LANGUAGES
    if not text.isascii():
        if _COMPARE_NEEDED.search(text):
            text = text.translate(_COMPARE)
        text = text.replace("İ", "i")
    if turkish:
        text = text.replace("I", "ı")
    return text.lower()
