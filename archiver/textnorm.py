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


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"'})


def canonical_text(text: str | None) -> str:
    """The text as hashed and compared: HTML entities decoded, Unicode NFC, format
    characters (RLM, LRM, ZWJ…) removed, smart quotes folded, every whitespace run
    (newlines and NBSP included) one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACE_RE.sub(" ", text.translate(_QUOTES)).strip()
