"""What a rendering may change in a post's text, and nothing else. Pure functions.

An article shows a post through a CMS, a widget, a copy-paste or a text conversion, and
each of them changes characters that carry no meaning. These are the differences this
module forgives — the one list of them in the code (tests/test_compare.py has a case
for every line, in both directions, in Arabic, Turkish and English):

    COSMETIC
    whitespace      every run of spaces, tabs, NBSP and other spaces is one space; a run
                    with a line break is one line break, and a line break on either side
                    may stand for nothing (a CMS that drops <br>: "السوري.\\nكما" shown as
                    "السوري.كما"), unless it parts two digits ("12\\n3" is not "123");
                    a space next to punctuation may vanish ("a . b", "a.b"), unless it
                    parts two digits ("3. 5" is not "3.5"); so may a space beside a kana
                    or CJK ideograph, which part no words ("10 月 12 日", "iPhone 用户"),
                    or between a number and the unit after it ("1.5 m", "1.5m") or the
                    currency's letters before it ("Rp 10.000", "Rp10.000", "CHF 20")
    invisible       zero-width characters, word joiner, soft hyphen, BOM, bidi marks and
                    isolates, Mongolian vowel separator: dropped; a zero-width non-joiner
                    (Persian's half-space, "نمی‌خواهیم") may also be a space on the other side
                    ("نمی خواهیم"), as typists write it
    entities        HTML entities decoded, to a fixed point
    unicode         NFC (an NFD text equals its NFC form); Arabic presentation forms
                    (ligatures a PDF copy leaves) to their letters; full-width Latin letters,
                    digits and punctuation (Japanese and Chinese typesetting: "１２", "，")
                    as their ASCII forms
    quotes          every quotation mark and apostrophe style (’ ‘ ” “ „ « » ‹ › ʼ ＂ ＇ 「 」
                    『 』, and Hebrew's gershayim and geresh, "צה״ל" typed "צה"ל") is one mark
    ellipsis        "...", ". . ." and Chinese "……" are "…"; a quote cut with "[…]" or "(…)" is cut
                    as with "…"
    punctuation     CJK's 。 and 、, the Devanagari danda । as "." and ","; Arabic script's
                    ٪ ، ؛ ؟ as % , ; ?; "%50" (Turkish, Arabic sites) as "50%"
    styled letters  mathematical bold, italic, fraktur… letters and the letterlike symbols
                    among them (𝗕𝗥𝗘𝗔𝗞𝗜𝗡𝗚, ℌ) as plain letters
    capitals        German ß as ss (capitals write STRASSE for Straße); Greek accents where
                    the other text writes Greek with none at all (capitals drop them by rule;
                    where both sides write accents they must agree: νομός is not νόμος)
    X's labels      what X prints around a copied post, in some twenty languages, on a line of
                    its own: "Show more" (the cut it marks), "Translate post" (dropped),
                    "Replying to @a" (the reply's hidden leading mention)
    editor's marks  a capital in brackets ("[W]e"), "[emphasis added]", "[sic]"
    dashes          hyphen, en and em dashes, the minus sign, Hebrew's maqaf, "--" and "---"
                    are one dash; "×" is "x" (WordPress's typography: "1920x1080", "--compile")
    typography      the signs typography filters and autocorrect write for ASCII sequences,
                    as those: ™ © ® (tm) (c) (r), ½ ¼ ¾ ⅓ ⅔ and the fraction slash ⁄,
                    → ← ↔ ⇒ ⇔, ± ≤ ≥ ≠, ☺ ☹ (as the smileys below)
    emoji style     the variation selectors U+FE0E and U+FE0F: dropped
    arabic          harakat and Quranic marks that one side lacks (both sides marking a
                    letter must agree: "قُتِلَ" is not "قَتَلَ"), tatweel; alef forms
                    (أ إ آ ٱ), hamza on waw and yeh (ؤ ئ), alef maksura and Persian yeh as
                    yeh, teh marbuta and Persian ezafe (ۀ) as heh, keheh as kaf;
                    Arabic-Indic and Persian digits as 0-9
    hebrew          niqqud and cantillation marks, by the rule of Arabic's harakat: one side
                    may lack them, both sides marking a letter must agree
    digits          the decimal digits of every script (Devanagari "१२", Bengali, Thai…)
                    as 0-9, as Arabic's above; the Arabic decimal and thousands separators
                    (٫ ٬) as "." and "," ("١٬٢٥٠", "۳٫۲"); the thousands' separators the
                    post's language writes, taken out ("1,500" as "1500" in English, "1.500"
                    in German: compare.ungrouped)
    smileys         WordPress's smileys as the emoji it turns them into (":)" 🙂, ";)" 😉,
                    ":D" 😀 …), where it would: beside spaces or the text's ends
    cyrillic        ё as е (Russian print writes е for ё: "ещё", "еще")
    code points     one letter in another code point: Romanian ş ţ (cedilla, from old
                    keyboards) as ș ț (comma below); the wave dash 〜 as the full-width
                    tilde ～ CP932 turns it into; half-width katakana (ｾｰﾙ) as full-width;
                    Persian's ezafe after heh, ۀ and هٔ, as ه‌ی (itself ه ی, by the
                    half-space rule); CJK code pages' twins (‖ ∥, the full-width signs
                    ￠ ￡ ￢ ￣ ￤ ￥ ￦), and every interpunct (· ・ ‧ ㆍ • ∙ ⋅) as ·;
                    letters in a legacy or compatibility form: Malayalam's chillu letters
                    and Bengali's khanda ta (atomic, or with a zero-width joiner), Catalan's
                    ŀl (l·l), the micro sign µ (μ), Ð for Vietnamese Đ, Cyrillic ә for
                    Azerbaijani ə, Armenian և (եւ), õ û for Hungarian ő ű, œ (oe), the
                    ordinal º for the degree sign; the Uzbek ʻ as a quotation mark
    case            case, Turkish-aware: in a Turkish (or Azerbaijani…) post I/ı and İ/i
                    are the case pairs, and a capital I stands for ı or i (an upper-casing
                    that ignored the language writes both as I); a post with ı or İ in it is
                    read as Turkish. ı and i themselves stay two letters; an i with a dot
                    above (U+0307, what a lower-casing that ignores Turkish makes of İ) is i
    links           a link shown as its t.co URL, its expanded URL (with or without the
                    scheme, "www.", a trailing slash or its tracking query: utm_*,
                    fbclid…) or X's display_url (cut with "…"
                    or not) is one link; links to the post's own media (pic.twitter.com,
                    pic.x.com, and their t.co) are dropped, and so is the post's attachment
                    (the post it quotes, its photo) shown at its end by an X address
                    ("twitter.com/UNAM_MX/statu…"), on a post that has one. (Where an
                    embed's link goes is archiver.verify's: link_targets_changed.)
    mentions        a reply's leading @mentions that X adds and hides (outside its
                    display_text_range), shown by an embed or not: of two texts, the one
                    that opens with more @mentions loses its surplus, first ones first, so
                    that a mention the post's own text opens with is still compared

Anything else is a change: a word, letter, number or sign; a word or sentence inserted
or dropped; a link inserted (a t.co link X's entities do not list included). (What a copy
may lack without a word of it changed — the post's emoji, the label it opens with, the
tags after its last sentence — is not rendering but leaving out: archiver.verify says it.)

`key()` gives a text's comparison key (every rule above but the line-break and
punctuation-space ones, which `same()` and `prefix_of()` apply while comparing two keys,
because they depend on both sides). `rendered()` gives the text a person reads in a diff:
the same minus the folding (case, Arabic letter forms), links as X expanded them.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
import unicodedata
from typing import Iterable, NamedTuple, Sequence
from urllib.parse import unquote

from .langs import DOTLESS_I_LANGUAGES, base_language
from .tracking import without_tracking

# --- invisible characters, quotes, presentation forms ----------------------------------------

#: Dropped wherever they occur.
INVISIBLE = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061"
             "\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c\u180e\u034f"
             "\ufe0e\ufe0f\u20e3")  # (and the keycap: "3\ufe0f\u20e3" is a 3 drawn in a key)
#: Every quotation mark and apostrophe style, compared as one mark (and the Uzbek ʻ of oʻ
#: and gʻ, which sites and keyboards write as ‘ or ').
QUOTE_MARKS = ("'\"\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
               "\u2039\u203a\u02bc\u02bb\uff02\uff07\u301d\u301e\u05f3\u05f4"
               "\u300c\u300d\u300e\u300f\ufe41\ufe42\ufe43\ufe44")  # 「」『』 too
_QUOTE = "'"
#: (Persian's half-space, the zero-width non-joiner, is kept in a rendered text, where it
#: shapes the letters, and is a line break in a key: see `rendered`.)
#: Primes: a mark right after a number that closes no quotation is a unit (12" is twelve
#: inches, 12' twelve feet; 5'10"), written straight, curly or as a prime: one mark of
#: each kind, never the other (see `_as_primes`).
PRIMES = "\u2032\u2033"
_RENDER = str.maketrans({**{c: None for c in INVISIBLE if c != "\u200c"},
                         **{c: _QUOTE for c in QUOTE_MARKS if c not in PRIMES}})
#: The marks of the single kind; every other quote mark is of the double kind. (Every
#: mark is read, so that a rendered text renders to itself: a mark the table makes "'"
#: after a digit would be a prime the second time.)
_SINGLE_MARKS = "'\u2018\u2019\u201a\u201b\u2032\u2039\u203a\u02bc\u02bb\uff07\u05f3"
_DIGIT_MARK_NEAR = re.compile("\\d[" + re.escape(INVISIBLE) + "]*[" + re.escape(QUOTE_MARKS) + "]")
_INVISIBLE_OUT = str.maketrans({c: None for c in INVISIBLE if c != "\u200c"})
_MARK = re.compile("[" + re.escape(QUOTE_MARKS) + "]")


#: Two single marks after a number: how keyboards type the double prime (12'' for 12″).
_TWO_SINGLES_RE = re.compile("(?<=\\d)\u2032['\u2019\u2032]")


def _word_char(ch: str) -> bool:
    """A letter or digit, as a rendered text has it (ʼ and ʻ are quote marks there)."""
    return ch.isalnum() and ch not in QUOTE_MARKS


def _as_primes(text: str) -> str:
    """`text` with each quote mark right after a digit that closes no quotation written as
    a prime of its kind (′ for a single mark, ″ for a double one), the others as they
    are: a quotation that ends on a number ("the score was ‘3-2’") keeps its mark. Which
    quotation is open is read whatever its marks' kind, as rendering unifies them, so
    that a rendered text renders to itself."""
    out, last = [], 0
    quoting = False
    for match in _MARK.finditer(text):
        at, mark = match.start(), match.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if before.isdigit() and not quoting and not (
                mark in _SINGLE_MARKS and re.match(r"\d{3}(?!\d)", text[at + 1:at + 5])):
            # (not Switzerland's thousands: 1'500)
            out.append(text[last:at])
            out.append("\u2032" if mark in _SINGLE_MARKS else "\u2033")
            last = at + 1
        elif mark in PRIMES:
            continue
        elif (before.isspace() or before in "([{-\u2014") and not after.isspace():
            quoting = True
        elif quoting and not (_word_char(before) and _word_char(after)):
            quoting = False
    out.append(text[last:])
    text = "".join(out)
    if "\u2032" in text:  # 12'' for 12″ (inches): a prime, then a single mark (not one that
        # closes a quotation: "'the score was 0''" stays as it is, whichever pass reads it)
        text = _TWO_SINGLES_RE.sub("\u2033", text)
    return text
_RENDER_NEEDED = re.compile("[" + re.escape(INVISIBLE + QUOTE_MARKS) + "]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
#: Either of the two above: one search over a text that needs neither (most texts).
_RENDER_OR_FORMS = re.compile("[" + re.escape(INVISIBLE + QUOTE_MARKS)
                              + "\ufb50-\ufdff\ufe70-\ufefe]")
_ELLIPSES = re.compile("…{2,}")
#: The zero-width non-joiner: Persian's half-space (invisible, but see `rendered`).
ZWNJ = "\u200c"
#: Scripts written without spaces between words (kana, CJK ideographs): no word edges to
#: find, a character stands for a word (a regex class's inside, and the class).
CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
CJK_CHAR_RE = re.compile(f"[{CJK}]")
#: Scripts written without spaces between words beside CJK: Thai, Lao, Myanmar, Khmer.
NO_SPACE = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
NO_SPACE_RE = re.compile(f"[{NO_SPACE}]")
#: What breaks a line: exactly where str.splitlines() splits (tests/test_compare.py).
LINE_BREAK_CHARS = "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"

# --- Arabic and digits, case --------------------------------------------------------------

_ARABIC_MARKS = "".join(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                         *range(0x06D6, 0x06EE)])
#: Hebrew's niqqud and cantillation marks (not its maqaf, paseq, sof pasuq, nun hafukha,
#: which are punctuation).
_HEBREW_MARKS = "".join(chr(c) for c in [*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4,
                                         0x05C5, 0x05C7])
#: Devanagari's nukta (ज़ फ़ ड़): Hindi papers' house styles leave it out ("फैसला" for
#: "फ़ैसला"), as Arabic's harakat are left out.
_NUKTA = "\u093c"
#: Vowel marks one side may lack but both sides writing on a letter must agree on.
_VOWEL_MARKS = _ARABIC_MARKS + _HEBREW_MARKS + _NUKTA
_FOLD = str.maketrans({
    **{c: None for c in _VOWEL_MARKS},
    "\u0640": None,  # tatweel
    "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",  # alef forms
    "\u0624": "\u0648", "\u0626": "\u064a",  # hamza on waw, on yeh
    "\u0649": "\u064a", "\u06cc": "\u064a",  # alef maksura, Persian yeh
    "\u0629": "\u0647",  # teh marbuta
    "\u06c0": "\u0647", "\u06d5": "\u0647",  # Persian ezafe "ۀ" (heh with yeh above), ae
    # Urdu's heh goal (ہ, ۂ) and do-chashmi heh (ھ), which Urdu sites and converters write
    # as Arabic's heh; two texts that both write Urdu's must agree (_LETTER_FORMS: کہا,
    # said, is not کھا, eat)
    "\u06c1": "\u0647", "\u06c2": "\u0647", "\u06be": "\u0647",
    "\u06d4": ".",  # Urdu's full stop (۔), typed as a Latin one
    # Ethiopic's full stop, comma, semicolon, colons and question mark, and Armenian's
    # full stop (։, typed as the colon it looks like), as their Latin stand-ins
    "\u1362": ".", "\u1363": ",", "\u1364": ";", "\u1365": ":", "\u1366": ":",
    "\u1367": "?", "\u0589": ":",
    # Marathi's eyelash ra, written with Devanagari's rra (ऱ्) or as ra, virama and a
    # zero-width joiner (र्‍, the joiner dropped as invisible): one letter
    "\u0931": "\u0930",
    "\u06a9": "\u0643",  # keheh
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
    # typography a CMS applies (WordPress's wptexturize): dashes and the minus sign as a
    # hyphen ("--" and "---" too, in fold), a multiplication sign as x ("1920×1080")
    **{dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u05be"},
    "\u00d7": "x",
    "\u0451": "\u0435", "\u0401": "\u0415",  # ё, Ё
    "\u066b": ".", "\u066c": ",",  # Arabic decimal and thousands separators
    # full-width ASCII (CJK typesetting), "！" to "～"
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
    # CJK's full stop and comma, and their half-width forms, as a Latin layout prints them
    "\u3002": ".", "\uff61": ".", "\u3001": ",", "\uff64": ",",
    # Arabic script's percent sign, comma, semicolon and question mark, typed as Latin ones
    "\u066a": "%", "\u060c": ",", "\u061b": ";", "\u061f": "?",
    # German's sharp s, which capitals write SS (STRASSE for Straße); Greek's final sigma
    "\u00df": "ss", "\u1e9e": "ss", "\u03c2": "\u03c3",
    # Romanian's s and t with a comma below, which old keyboards and fonts write with a
    # cedilla (ş ţ, Turkish's letters), and sites correct, or not
    "\u015f": "\u0219", "\u015e": "\u0218", "\u0163": "\u021b", "\u0162": "\u021a",
    # the wave dash, which Windows' Japanese code page (CP932) maps to the full-width tilde
    "\u301c": "~",
    # the other signs two CJK code-page tables map to different code points: CP932's
    # parallel sign and full-width ¢ £ ¬ ¯ ¦ ¥ ₩ (U+FFE0-FFE6); and the interpunct of
    # Chinese names and Korean lists (· GBK, ・ GB2312's mapping, ‧ Big5, ㆍ as Korean
    # newsrooms type it, a bullet)
    "\u2225": "\u2016",
    "\uffe0": "\u00a2", "\uffe1": "\u00a3", "\uffe2": "\u00ac", "\uffe3": "\u00af",
    "\uffe4": "\u00a6", "\uffe5": "\u00a5", "\uffe6": "\u20a9",
    **{dot: "\u00b7" for dot in "\u30fb\u2027\u318d\u2022\u2219\u22c5\uff65"},
    # one letter in its legacy or compatibility form: Malayalam's atomic chillu letters as
    # consonant + virama (the older form adds a zero-width joiner, dropped as invisible),
    # Bengali's khanda ta likewise; Catalan's ŀl as l·l; the micro sign as Greek mu; the
    # Icelandic Ð that Latin-1 pages write for Vietnamese Đ; Cyrillic schwa for Latin's
    # (Azerbaijani typed on a Cyrillic layout); Armenian's ligature և as ե + ւ
    "\u0d7a": "\u0d23\u0d4d", "\u0d7b": "\u0d28\u0d4d", "\u0d7c": "\u0d30\u0d4d",
    "\u0d7d": "\u0d32\u0d4d", "\u0d7e": "\u0d33\u0d4d", "\u0d7f": "\u0d15\u0d4d",
    "\u09ce": "\u09a4\u09cd",
    "\u0140": "l\u00b7", "\u013f": "L\u00b7",
    "\u00b5": "\u03bc",
    "\u00d0": "\u0110", "\u00f0": "\u0111",  # (and Icelandic's ð with it: its case pair)
    "\u04d9": "\u0259", "\u04d8": "\u018f",
    "\u0587": "\u0565\u0582",
    # Latin-1's stand-ins for Hungarian's ő and ű (õ, û: no language writes both), the
    # French œ that correctors put for "oe", and the ordinal º written for the degree sign
    "\u00f5": "\u0151", "\u00d5": "\u0150", "\u00fb": "\u0171", "\u00db": "\u0170",
    "\u0153": "oe", "\u0152": "Oe",
    "\u00ba": "\u00b0",
    # what typography filters (WordPress's wptexturize, wp-Typography, SmartyPants, word
    # processors' autocorrect) write for ASCII sequences, as those sequences
    "\u2122": "(tm)", "\u00a9": "(c)", "\u00ae": "(r)",
    "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4", "\u2153": "1/3", "\u2154": "2/3",
    "\u2044": "/",
    "\u2192": "->", "\u2190": "<-", "\u2194": "<->", "\u21d2": "=>", "\u21d4": "<=>",
    "\u00b1": "+/-", "\u2264": "<=", "\u2265": ">=", "\u2260": "!=",
    "\u263a": "\U0001f642", "\u2639": "\U0001f641",
    # the other vulgar fractions (⅛ ⅕ ⅜…), circled numbers (①, list markers) and Roman
    # numerals in one character (Ⅻ), as the digits and letters they stand for (NFKC)
    **{chr(c): unicodedata.normalize("NFKC", chr(c)).replace("\u2044", "/")
       for c in (*range(0x2150, 0x2153), *range(0x2155, 0x215f), 0x2189,
                 *range(0x2460, 0x24a0), 0x24ea, *range(0x3251, 0x3260),
                 *range(0x32b1, 0x32c0), *range(0x2160, 0x2180))},
    # the numbers fonts draw in circles with no NFKC form (❶ ➀ ➊ ⓫ ⓵), and the keycap 🔟
    **{chr(c): str(int(unicodedata.numeric(chr(c))))
       for c in (*range(0x2776, 0x2794), *range(0x24eb, 0x2500))},
    "\U0001f51f": "10",
})
#: Folded by str.replace, one after another (below); the rest of _FOLD by translate.
_COMMON_FOLDS = frozenset("\u0622\u0623\u0625\u0671\u0624\u0626\u0649\u06cc\u0629\u06c0"
                          "\u06d5\u06a9\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00d7"
                          "\u015f\u015e")  # (ş in every Turkish text: not a rare fold)
#: The common one-to-one folds, applied by str.replace: for Arabic text five times
#: faster than str.translate with the whole table (bench/verify.py). No target is a source,
#: so replacing one after another is the same as translating at once.
_FOLD_PAIRS = tuple((chr(c), v) for c, v in _FOLD.items() if chr(c) in _COMMON_FOLDS)
#: The rest (marks, tatweel, digits, ё, full-width forms): rare in news text, found by one
#: search.
_FOLD_RARE = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD
                                                if chr(c) not in _COMMON_FOLDS)) + "]")
#: A decimal digit of a script the table does not list (Devanagari, Bengali, Thai…).
_OTHER_DIGIT = re.compile(r"(?![0-9\u0660-\u0669\u06f0-\u06f9])\d")
_DASHES = re.compile("-{2,}")
#: A superscript or subscript digit right after a letter (m², km³, CO₂, H₂O, m⁻²): the
#: unit's or formula's, typed as a plain digit. After a digit it is a power: "10²" is not
#: "102".
_UNIT_INDEX = re.compile(
    "(?<=[^\\W\\d_])[\u207a\u207b]?[\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]+")
#: Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ).
_LIGATURE = re.compile("[\ufb00-\ufb06]")
#: A vulgar fraction after a whole number, spaced or not: folded as "N 1/2".
_GLUED_FRACTION = re.compile("(\\d) ?([\u00bc-\u00be\u2150-\u215e\u2189])")

# --- Chinese's two sets of characters ---------------------------------------------------------

#: Han characters; kana and Hangul (a text with them is Japanese or Korean, whose own
#: kanji and hanja are never converted).
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_HANGUL_RE = re.compile("[\u3040-\u30ff\uac00-\ud7af]")


def is_chinese(text: str, lang: str | None = None) -> bool:
    """Han characters without kana or Hangul, in a text of no language or of Chinese."""
    return (base_language(lang) in ("zh", "") and HAN_RE.search(text) is not None
            and _KANA_HANGUL_RE.search(text) is None)


@functools.lru_cache(maxsize=1)
def _traditional_to_simplified():
    from opencc import OpenCC  # (loaded for Chinese alone; its dictionaries once)

    return OpenCC("t2s").convert


def simplified(text: str) -> str:
    """Chinese in simplified characters (OpenCC's phrase lexicons: a Taiwan or Hong Kong
    page converts what it quotes to traditional ones; the words are the same)."""
    return _traditional_to_simplified()(text)


# --- links ----------------------------------------------------------------------------------

_TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]+")
#: A post's photo or video as embeds show it: pic.twitter.com/CODE, CODE its t.co's.
MEDIA_LINK = re.compile(r"(?:https?://)?pic\.(?:twitter|x)\.com/([A-Za-z0-9]+)")
_MEDIA_EXPANDED = re.compile(r"/status(?:es)?/\d+/(?:photo|video)/\d+")


def is_media_entry(expanded: str | None, display: str | None) -> bool:
    """Whether a link X's entities describe is the post's own photo or video: its display
    URL is pic.twitter.com/…, or its expanded URL the post's /photo/ or /video/ page."""
    return bool((display and MEDIA_LINK.fullmatch(display))
                or (expanded and _MEDIA_EXPANDED.search(expanded)))
#: A post's attachment (the post it quotes, its photo or video) shown at the end of its
#: text by an X address, whole or cut with an ellipsis, as pre-2021 embed code shows it.
_ATTACHMENT_ADDRESS = re.compile(
    r"(?:(?<=\s)|^)(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,20}"
    r"(?:/(?:s|st|sta|stat|statu|status|statuses)(?:/\d*(?:/[a-z]{0,5}(?:/\d*)?)?)?"
    r"(?:…|\.\.\.)?|…|\.\.\.)\s*$")
_LEADING_MENTIONS = re.compile(r"^(?:@[A-Za-z0-9_]{1,20}\s+)+")
_LEADING_MENTION_LIST = re.compile(r"@[A-Za-z0-9_]{1,20}")
_SENTINEL = "\ue000%d\ue001"  # a link's place while its surfaces are being replaced
_SENTINEL_RE = re.compile("\ue000(\\d+)\ue001")


class Links:
    """A post's links as X describes them: (t.co, expanded, display_url) entries.

    Entries may be pairs (t.co, expanded), as older archives stored them. A link whose
    display_url is pic.twitter.com/… or whose expanded URL is a /photo/ or /video/ page is
    the post's own media: shown or not, it is not text.
    """

    __slots__ = ("_surfaces", "_shown", "_keys", "media")

    def __init__(self, entries: Iterable[Sequence[str | None]] = ()):
        surfaces: dict[str, int] = {}
        shown: list[str] = []
        keys: list[str] = []
        media = False
        for entry in entries:
            tco = entry[0] if len(entry) > 0 else None
            expanded = entry[1] if len(entry) > 1 else None
            display = entry[2] if len(entry) > 2 else None
            if not (tco or expanded or display):
                continue
            is_media = is_media_entry(expanded, display)
            index = len(shown)
            if is_media:
                media = True
                shown.append("")
                keys.append("")
            else:
                shown.append(expanded or tco or display or "")
                keys.append(_url_key(expanded or tco or display or ""))
            for surface in _surfaces(tco, expanded, display):
                surfaces.setdefault(surface, index)
        # Longest first: "https://example.com/a" is replaced before "example.com/a".
        self._surfaces = sorted(surfaces.items(), key=lambda item: -len(item[0]))
        self._shown = shown
        self._keys = keys
        self.media = media

    def __bool__(self) -> bool:
        return bool(self._surfaces)

    def apply(self, text: str, *, for_key: bool) -> str:
        """`text` with each known link as one form; unknown links stay as written."""
        if self._surfaces:
            found = False
            lowered = text.lower()
            # (a host in capitals, "Example.ORG/report", is the same address: surfaces are
            # found whatever their case, where lower case keeps the text's length)
            caseless = len(lowered) == len(text) and lowered != text
            for surface, index in self._surfaces:
                if surface in text:
                    text = text.replace(surface, _SENTINEL % index)
                    found = True
                    if caseless:
                        lowered = text.lower()
                        caseless = len(lowered) == len(text)
                elif caseless and surface.lower() in lowered:
                    needle, mark = surface.lower(), _SENTINEL % index
                    at = lowered.find(needle)
                    while at >= 0:
                        text = text[:at] + mark + text[at + len(needle):]
                        lowered = lowered[:at] + mark + lowered[at + len(needle):]
                        at = lowered.find(needle, at + len(mark))
                    found = True
            if found:
                forms = self._keys if for_key else self._shown
                text = _SENTINEL_RE.sub(lambda m: forms[int(m.group(1))], text)
        return text


def _surfaces(tco: str | None, expanded: str | None, display: str | None) -> list[str]:
    """Every way an article may show one link."""
    found = []
    if tco:
        found.append(tco)
        if tco.startswith("https://"):
            found.append("http://" + tco[len("https://"):])
        elif tco.startswith("http://"):
            found.append("https://" + tco[len("http://"):])
    if expanded:
        found.append(expanded)
        bares = [re.sub(r"^https?://", "", expanded)]
        if "?" in expanded or "#" in expanded:
            # shown without its tracking query (utm_*, fbclid…), as sites clean links and
            # editors paste them clean
            clean = without_tracking(expanded).rstrip("?")
            if clean != expanded:
                found.append(clean)
                bares.append(re.sub(r"^https?://", "", clean))
        if "%" in expanded:  # shown decoded, as browsers and CMSs show an IRI
            decoded = unquote(bares[0], errors="strict") if _decodes(bares[0]) else None
            if decoded and decoded != bares[0]:
                bares.append(decoded)
        for bare in bares:
            # the address as a browser or a CMS may show it: any scheme or none, with or
            # without "www." and a trailing slash, its host in Unicode or punycode
            host, slash, rest = bare.partition("/")
            plain = host.removeprefix("www.")
            hosts = [host, plain, "www." + plain]
            if plain in ("x.com", "twitter.com"):  # X's own addresses, under either name
                other = "twitter.com" if plain == "x.com" else "x.com"
                hosts += [other, "www." + other, "mobile." + other]
            if "xn--" in plain:
                try:
                    shown_host = plain.encode("ascii").decode("idna")
                except UnicodeError:
                    shown_host = None
                if shown_host:
                    hosts += [shown_host, "www." + shown_host]
            tails = [slash + rest]
            if "?" not in rest and "#" not in rest:
                tails += [(slash + rest).rstrip("/"), (slash + rest).rstrip("/") + "/"]
            for scheme in ("https://", "http://", ""):
                for name in hosts:
                    for tail in tails:
                        found.append(scheme + name + tail)
    if display:
        # as X shows it, or with a scheme before it (a CMS that writes links whole)
        for shown in (display, "https://" + display, "http://" + display):
            found.append(shown)
            if display.endswith("…"):
                found.append(shown[:-1] + "...")
                if len(display) > 12:  # a cut display_url shown without its "…"
                    found.append(shown[:-1])
    return [s for s in dict.fromkeys(found) if len(s) >= 4]


def _decodes(text: str) -> bool:
    try:
        unquote(text, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _url_key(url: str) -> str:
    url = re.sub(r"^https?://", "", url.strip()).removeprefix("www.").rstrip("/")
    host, slash, rest = url.partition("/")
    return "<" + host.lower() + slash + rest + ">"


NO_LINKS = Links()

# --- the texts compared ---------------------------------------------------------------------


#: ". . ." (and Chicago's ". . . ." after a sentence): an ellipsis, spaced as news style
#: guides write it.
SPACED_ELLIPSIS = re.compile(r"\.(?:[^\S\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+\.){2,3}")


#: A status URL's whole id, and whether the URL is a photo's or video's.
_STATUS_ID = re.compile(r"/status(?:es)?/(\d{6,20})(/(?:photo|video)/)?")
#: The handle an X address is written with (cut or not).
_ADDRESS_HANDLE = re.compile(r"\.com/(\w{1,20})(…|\.\.\.)?")


class Attachments(NamedTuple):
    """A post's attachments, as its text's last link may show them by an X address: the
    ids such an address may name whole (the post's own, for its photo or video; the post
    it quotes), and the handles it may be written with (the author's, for a photo; None,
    any, when the post quotes another, whose handle is not kept). Always true."""

    ids: frozenset
    handles: frozenset | None

    def __bool__(self) -> bool:
        return True


def _attachment_address(address: str, attached) -> bool:
    """Whether an X address ending a quote may be the post's attachment (`attached`:
    Attachments; a quoted post's id; or True, for media whose ids are not known)."""
    named = _STATUS_ID.search(address)
    if isinstance(attached, Attachments):
        if named is not None and named.group(1) not in attached.ids:
            return False  # a whole address names another post
        handle = _ADDRESS_HANDLE.search(address)
        if attached.handles is not None and handle is not None:
            shown = handle.group(1).lower()
            cut = handle.group(2) is not None and handle.end() == len(address.rstrip())
            return any(h == shown or (cut and h.startswith(shown)) for h in attached.handles)
        return True
    if isinstance(attached, str):  # the quoted post's id
        return named is None or bool(named.group(2)) or named.group(1) == attached
    return named is None or bool(named.group(2))


def rendered(text: str | None, links: Links = NO_LINKS, *,
             has_media: bool | str = False, for_key: bool = False) -> str:
    """The text as compared, before folding: entities decoded, invisible characters
    dropped, quote marks unified, NFC, links as X expanded them (media links dropped),
    "..." as "…", whitespace runs as one space (or one line break). `has_media`: a
    trailing t.co link no entity names is taken for the post's media link (older archives
    did not keep media entities). A reply's leading @mentions: `reply_pair`."""
    if not text:
        return ""
    if "&" in text:
        while True:  # to a fixed point, so that rendered(rendered(x)) == rendered(x)
            decoded = html.unescape(text)
            if decoded == text:
                break
            text = decoded
    rare = _RENDER_OR_FORMS.search(text) is not None
    if for_key and ("\u06c0" in text or "\u0647\u0654" in text):
        # Persian's ezafe after heh is written four ways, one word to a reader: "ۀ",
        # "هٔ", "ه‌ی" (a half-space) and "ه ی"; the first two as the last two are
        text = text.replace("\u06c0", "\u0647\u200c\u06cc").replace(
            "\u0647\u0654", "\u0647\u200c\u06cc")
        rare = True
    if rare and for_key and ZWNJ in text:
        # a half-space may be a space, or nothing, on the other side: as a line break is
        # (in a key; a rendered text keeps it, as it shapes the letters around it)
        text = text.replace(ZWNJ, "\n")
    if rare and _RENDER_NEEDED.search(text):
        if _DIGIT_MARK_NEAR.search(text):
            # (invisible characters out first: a mark they part from its digit is after it)
            text = _as_primes(text.translate(_INVISIBLE_OUT))
        text = text.translate(_RENDER)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if rare and _PRESENTATION_FORMS.search(text):
            text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()),
                                           text)
    if links:
        text = links.apply(text, for_key=for_key)
    if "pic." in text:
        text = MEDIA_LINK.sub(" ", text)
    if has_media and "t.co/" in text:
        last = None
        for last in _TCO.finditer(text):
            pass
        if last is not None and not text[last.end():].strip():
            text = text[:last.start()]
    if has_media and ".com/" in text:
        # ...or shown, as older embed code shows it, by its X address: the quoted post's
        # status URL, or the photo's, whole or cut ("twitter.com/UNAM_MX/statu…")
        found = _ATTACHMENT_ADDRESS.search(text, max(0, len(text) - 120))
        if found is not None and _attachment_address(found.group(), has_media):
            text = text[:found.start()]
    if "..." in text:
        text = text.replace("...", "…")
    if ". " in text or ".\u00a0" in text:  # the spaced ellipsis of news style guides
        text = SPACED_ELLIPSIS.sub("…", text)
    if "……" in text:  # Chinese writes its ellipsis as two
        text = _ELLIPSES.sub("…", text)
    lines = text.splitlines()  # splits at exactly the LINE_BREAK_CHARS
    if len(lines) < 2:
        text = " ".join(text.split())
    else:
        text = "\n".join(filter(None, (" ".join(line.split()) for line in lines)))
    return text


def reply_pair(shown: str, post: str, post_cut: bool = True,
               hidden: tuple[str, ...] | None = None) -> tuple[str, str]:
    """Two rendered texts of a reply, without the leading @mentions X adds to a reply:
    an embed shows those or not. `post_cut`: X's copy holds only the text its
    display_text_range shows (syndication's), so the mentions it opens with are the
    post's own, and only the quote's surplus goes; otherwise (a copy read off an embed)
    the side that opens with more @mentions loses its surplus, first ones first.
    `hidden`: the mentions X hid (lower case), when known: only those go, so that an
    embed showing the reply addressed to someone else ("@PortAuthority Thanks" for
    X's "@HarbourPolice Thanks") is not forgiven."""
    if not (shown.startswith("@") or post.startswith("@")):
        return shown, post
    a, b = _LEADING_MENTION_LIST.findall(_lead(shown)), _LEADING_MENTION_LIST.findall(_lead(post))
    if len(a) > len(b):
        surplus = len(a) - len(b)
        if hidden is not None:
            known = set(hidden)
            surplus = next((i for i, m in enumerate(a[:surplus])
                            if m[1:].lower() not in known), surplus)
        shown = _drop_mentions(shown, surplus)
    elif len(b) > len(a) and not post_cut:
        post = _drop_mentions(post, len(b) - len(a))
    return shown, post


def _lead(text: str) -> str:
    match = _LEADING_MENTIONS.match(text)
    return match.group() if match else ""


def _drop_mentions(text: str, count: int) -> str:
    return re.sub(r"^(?:@[A-Za-z0-9_]{1,20}\s+){%d}" % count, "", text)


#: In a Turkish key, a capital I: ı, or an i upper-cased without Turkish rules.
CAPITAL_I = "\ue010"
_I_FORMS = frozenset((CAPITAL_I, "i", "ı"))


#: WordPress's convert_smilies (on by default, and it reaches an embed's markup): each
#: text smiley, between spaces or the text's ends, becomes this emoji.
_SMILEYS = {":)": "🙂", ":-)": "🙂", ":(": "🙁", ":-(": "🙁", ";)": "😉", ";-)": "😉",
            ":D": "😀", ":-D": "😀", ":P": "😛", ":-P": "😛", ":o": "😮", ":-o": "😮",
            ":|": "😐", ":-|": "😐", "8)": "😎", "8-)": "😎", ":?": "😕", ":-?": "😕",
            ":x": "😡", ":-x": "😡", ":lol:": "😆", ":oops:": "😳", ":cry:": "😥",
            ":evil:": "👿", ":twisted:": "😈", ":roll:": "🙄", ":wink:": "😉", ":!:": "❗",
            ":?:": "❓", ":idea:": "💡", ":arrow:": "➡"}
_SMILEY_RE = re.compile(r"(?<!\S)(" + "|".join(
    re.escape(s) for s in sorted(_SMILEYS, key=len, reverse=True)) + r")(?!\S)")


#: Greek letters with an accent or a breathing (monotonic tonos, dialytika, polytonic
#: forms): capitals are written without them by rule ("Η ΑΘΗΝΑ" for "Η Αθήνα").
_GREEK_MARKED = re.compile("[\u0386\u0388-\u038a\u038c\u038e-\u0390\u03aa-\u03b0"
                           "\u03ca-\u03ce\u1f00-\u1fff]")
_GREEK_MARKS = frozenset("\u0300\u0301\u0304\u0306\u0308\u0313\u0314\u0342\u0345")
#: Mathematical alphanumeric symbols: the styled letters and digits posts write words in,
#: and the letterlike symbols that stand in for some of them (ℌ, ℎ, ℝ among 𝔄𝔅…).
_STYLED_LETTER = re.compile("[\U0001d400-\U0001d7ff\u210a-\u2113\u2115\u2119-\u211d"
                            "\u2124\u2128\u212c\u212d\u212f-\u2131\u2133\u2134]+")


#: Half-width katakana and their sound marks (U+FF65-FF9F), one letter each of the full
#: width's.
_HALF_WIDTH_KANA = "\uff65-\uff9f"
#: What fold writes as its NFKC form: styled letters, and half-width katakana.
_NFKC_RUNS = re.compile("[" + _STYLED_LETTER.pattern[1:-2] + _HALF_WIDTH_KANA + "]+")


_ACUTE, _GRAVE, _CIRCUMFLEX, _TILDE = "\u0301", "\u0300", "\u0302", "\u0303"
_DIAERESIS, _CEDILLA = "\u0308", "\u0327"
#: The accents a copy in capitals may leave out, by the post's language: those typists
#: drop on capitals (French, Spanish, Portuguese, Italian, Catalan vowels' accents, a
#: cedilla; English loanwords' café, naïve), never a letter of its own: Spanish ñ,
#: Turkish ö ü ç ş ğ, German umlauts, Polish ż ł, Czech ř, Dutch één (one, not een, a).
_CAPS_DROPS = {
    "fr": frozenset((_ACUTE, _GRAVE, _CIRCUMFLEX, _DIAERESIS, _CEDILLA)),
    "es": frozenset((_ACUTE, _DIAERESIS)), "gl": frozenset((_ACUTE, _DIAERESIS)),
    "pt": frozenset((_ACUTE, _GRAVE, _CIRCUMFLEX, _TILDE, _CEDILLA)),
    "it": frozenset((_ACUTE, _GRAVE, _CIRCUMFLEX)),
    "ca": frozenset((_ACUTE, _GRAVE, _DIAERESIS, _CEDILLA)),
    "en": frozenset((_ACUTE, _GRAVE, _CIRCUMFLEX, _DIAERESIS, _CEDILLA)),
}
#: ...and where the post's language is not known: the accents no alphabet makes a letter
#: of its own by (acute, grave, circumflex).
_CAPS_DROPS_ANY = frozenset((_ACUTE, _GRAVE, _CIRCUMFLEX))


def _without_marks(text: str, marks: frozenset) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in marks))


def greek_alike(a: str, b: str, lang: str | None = None) -> tuple[str, str]:
    """Two texts with the accents one of them leaves out by rule left out of both.

    A copy in capitals ("ECOLE FERMEE" for "École fermée", "ATENCION … MAÑANA" for
    "Atención … mañana") leaves out the accents its language's typists drop on capitals
    (_CAPS_DROPS, by `lang`, the post's), never a letter: "OLDU" (became) is not "öldü"
    (died), "ANO" not "año". Greek capitals are written without accents by rule
    ("Η ΑΘΗΝΑ" for "Η Αθήνα"): when one text writes Greek with no accent at all and the
    other with some, the other's are dropped. Where both write accents, they must agree:
    "νομός" is not "νόμος", "ή" (or) is not "η" (the)."""
    if a != b and not (a.isascii() and b.isascii()) and (_shouting(a) or _shouting(b)):
        drops = _CAPS_DROPS.get(base_language(lang), _CAPS_DROPS_ANY)
        a, b = _without_marks(a, drops), _without_marks(b, drops)
    if a.isascii() or b.isascii():
        return a, b  # (no Greek on one side: nothing to make alike)
    marked_a, marked_b = bool(_GREEK_MARKED.search(a)), bool(_GREEK_MARKED.search(b))
    if marked_a == marked_b:
        if marked_a:  # a word in capitals on one side only ("στην ΕΛΛΑΔΑ" / "στην Ελλάδα")
            a, b = _greek_capitals_alike(a, b), _greek_capitals_alike(b, a)
        return a, b
    if marked_a and _GREEK_LETTER.search(b):
        return _without_greek_accents(a), b
    if marked_b and _GREEK_LETTER.search(a):
        return a, _without_greek_accents(b)
    return a, b


_GREEK_LETTER = re.compile("[\u0391-\u03c9]")
_GREEK_CAPITALS_WORD = re.compile("[\u0391-\u03a9]{2,}")
_GREEK_WORD = re.compile("[\u0370-\u03ff\u1f00-\u1fff]{2,}")


def _greek_capitals_alike(text: str, other: str) -> str:
    """`text` with the accents dropped from each word that `other` writes in capitals (which
    drop them by rule): a word quoted in capitals, or from capitals, is the same word."""
    capitals = {w for w in _GREEK_CAPITALS_WORD.findall(other)}
    if not capitals:
        return text
    return _GREEK_WORD.sub(lambda m: _without_greek_accents(m.group())
                           if _without_greek_accents(m.group()).upper() in capitals
                           else m.group(), text)
#: "%50": the percent sign before the number, as Turkish and many Arabic sites write it.
_PERCENT_FIRST = re.compile(r"(?<![\w%])%(\d+(?:[.,]\d+)?)")


def _without_greek_accents(text: str) -> str:
    out = []
    for ch in text:
        if _GREEK_MARKED.match(ch):
            out.append("".join(c for c in unicodedata.normalize("NFD", ch)
                               if c not in _GREEK_MARKS))
        else:
            out.append(ch)
    return "".join(out)


def fold(text: str, turkish: bool = False) -> str:
    """A rendered text folded for comparison: Arabic marks and letter forms, digits, case."""
    if (":" in text or ";" in text or "8" in text) and _SMILEY_RE.search(text):
        text = _SMILEY_RE.sub(lambda m: _SMILEYS[m.group()], text)
    if not text.isascii():
        if _GLUED_FRACTION.search(text):  # "2½" is two and a half: "2 1/2", never "21/2"
            text = _GLUED_FRACTION.sub(r"\1 \2", text)

        if "\u0626\u0648" in text:
            # hamza before a waw, on a yeh seat as Egypt and Saudi Arabia write it
            # ("مسئول", "شئون") or on its waw ("مسؤول", "شؤون"): one word
            text = text.replace("\u0626\u0648", "\u0624\u0648")
        for source, target in _FOLD_PAIRS:
            if source in text:
                text = text.replace(source, target)
        if _FOLD_RARE.search(text):
            text = text.translate(_FOLD)
        if _UNIT_INDEX.search(text):  # m², CO₂: a unit's or a formula's, typed m2, CO2
            text = _UNIT_INDEX.sub(
                lambda m: unicodedata.normalize("NFKC", m.group()).replace("\u2212", "-"), text)
        if _LIGATURE.search(text):  # ﬁ ﬂ: a PDF's or a font's ligatures
            text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        if _OTHER_DIGIT.search(text):
            text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
        if "\u0307" in text:
            text = text.replace("i\u0307", "i")
        if _NFKC_RUNS.search(text):  # 𝗕𝗥𝗘𝗔𝗞𝗜𝗡𝗚 in styled letters; ｾｰﾙ, which input filters widen
            text = _NFKC_RUNS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        if "\u0964" in text or "\u0965" in text:  # Devanagari's danda: a full stop
            text = text.replace("\u0965", ".").replace("\u0964", ".")
        if "::" in text and _ETHIOPIC_STOP.search(text):  # "::", as Amharic's "።" is typed
            text = _ETHIOPIC_STOP.sub(".", text)
        if _JA_COUNTER.search(text):  # 3ヶ月, 3カ月, 3か月, 3ケ月, 3箇月: one counter
            text = _JA_COUNTER.sub("\u30ab", text)
        if "\u0bc6\u0bb3" in text:
            # Tamil's au sign (ௌ) typed as its look-alike, the e sign and the letter ள
            # (கெளரவம் for கௌரவம்), drawn alike by every font
            text = text.replace("\u0bc6\u0bb3", "\u0bcc")
        if "\u0e4d" in text or "\u0ecd" in text:
            # Thai's and Lao's sara am (ำ ຳ) in its two parts (nikhahit, then sara aa),
            # as PDFs and old systems write it: one letter, drawn the same
            text = text.replace("\u0e4d\u0e32", "\u0e33").replace("\u0ecd\u0eb2", "\u0eb3")
        if turkish:
            text = text.replace("I", CAPITAL_I).replace("İ", "i")
        else:
            text = text.replace("İ", "i")
    elif turkish and "I" in text:
        text = text.replace("I", CAPITAL_I)
    if "\\" in text and _MARKDOWN_ESCAPE.search(text):
        text = _MARKDOWN_ESCAPE.sub("", text)
    if "--" in text:
        text = _DASHES.sub("-", text)
    if "%" in text and _PERCENT_FIRST.search(text):
        text = _PERCENT_FIRST.sub(r"\1%", text)
    text = text.lower()
    if "\u03c2" in text:  # Greek's final sigma: lower() writes ΤΙΣ as τις, capitals as σ
        text = text.replace("\u03c2", "\u03c3")
    if not text.isascii() and _VI_TONE_FIRST.search(text):
        text = _VI_TONE_FIRST.sub(_vi_tone_second, text)
    if not text.isascii() and _MIXED_WORD_RE.search(text):
        text = _MIXED_WORD_RE.sub(_one_script, text)
    if not text.isascii() and _LONE_LATIN_RE.search(text):  # "Київ i Львів", Latin i
        text = _LONE_LATIN_RE.sub(lambda m: m.group().translate(_AS_CYRILLIC), text)
    return text


#: A word that mixes Latin letters with Cyrillic or Greek ones: a keyboard layout switched
#: mid-word ("мiста" with a Latin i, "ΓΣEE" with a Latin E), drawn as the word it is.
_MIXED_WORD_RE = re.compile(
    r"[^\W\d_]*(?:[a-z][\u0400-\u04ff\u0370-\u03ff]|[\u0400-\u04ff\u0370-\u03ff][a-z])"
    r"[^\W\d_]*")
#: ...and a one-letter word of such a layout between Cyrillic words: Ukrainian and
#: Russian "і", "а", "о", "с", "у" typed on a Latin layout.
_LONE_LATIN_RE = re.compile(r"(?<=[\u0400-\u04ff][ ,])[aiocy](?= [\u0400-\u04ff])")
#: Latin letters drawn as Cyrillic or Greek ones, in lower case (fold has lowered the
#: text: a capital look-alike, B for В, M for М, as its lower case), so that a folded
#: text folds to itself.
_AS_CYRILLIC = str.maketrans("aceijopsxybhkmt", "асеіјорѕхувнкмт")
_AS_GREEK = str.maketrans("abezhikmnoptyxv", "αβεζηικμνοπτυχν".replace("π", "ρ"))


def _one_script(match: re.Match) -> str:
    """A mixed word's Latin look-alikes as the letters of its other script."""
    word = match.group()
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word.translate(_AS_CYRILLIC)
    return word.translate(_AS_GREEK)


#: Markdown's escape before a sign ("\\#tag", "\\[", "\\_"), which a converter (pandoc, a
#: CMS's Markdown export) writes into an embed's HTML, where it shows as written: no word.
_MARKDOWN_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
#: Ethiopic's full stop typed as two colons, after a word of its script.
_ETHIOPIC_STOP = re.compile("(?<=[\u1200-\u137f])::")
#: Japanese's counter for months, places, countries, years and articles after a number,
#: written five ways by house style (ヶ in posts, カ in most papers, か in NHK's, ケ, 箇).
_JA_COUNTER = re.compile("(?<=[0-9〇一二三四五六七八九十百千万数何])[ヶヵケカか箇](?=[月所国年条])")
#: Vietnamese writes the tone of a syllable ending in oa, oe or uy on either vowel, by two
#: accepted rules (hòa and hoà, thủy and thuỷ, khỏe and khoẻ): never two words. Folded to
#: the tone on the second vowel. (Before a consonant or another vowel both rules agree.)
_VI_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook",
             "\u0323": "dot"}
_VI_FIRSTS = {unicodedata.normalize("NFC", base + tone): (base, tone)
              for base in "ou" for tone in _VI_TONES}
_VI_TONE_FIRST = re.compile("(?:[" + "".join(c for c, (b, _t) in _VI_FIRSTS.items() if b == "o")
                            + "][ae]|[" + "".join(c for c, (b, _t) in _VI_FIRSTS.items()
                                                 if b == "u") + r"]y)(?![^\W\d_])")


def _vi_tone_second(match: re.Match) -> str:
    base, tone = _VI_FIRSTS[match.group()[0]]
    return base + unicodedata.normalize("NFC", match.group()[1] + tone)


def is_turkish(lang: str | None, text: str = "") -> bool:
    """Turkish case rules: the post's language is Turkic, or its text has ı or İ."""
    if base_language(lang) in DOTLESS_I_LANGUAGES:
        return True
    return "ı" in text or "İ" in text


def key(text: str | None, links: Links = NO_LINKS, *, turkish: bool = False,
        has_media: bool = False) -> str:
    """The comparison key: `rendered` (links as one form each) and `fold`."""
    return fold(rendered(text, links, has_media=has_media, for_key=True), turkish)


# --- Arabic and Hebrew vowel marks that disagree ------------------------------------------

_MARKS_SET = frozenset(_VOWEL_MARKS)
#: Alef's hamza forms: a text may write any as a plain alef (ا), as keyboards and
#: informal writing do, but two that write one must agree: "أمام" (in front of) is not
#: "إمام" (imam), "الأعلام" (flags) not "الإعلام" (the media).
_HAMZA_ALEFS = frozenset("\u0623\u0625\u0622")
#: Letters a text may write in a plainer form, but two texts writing the marked forms
#: must agree on (each letter: its form, as compared): alef's hamza forms; Urdu's heh
#: goal (ہ, with ۂ, its izafat's hamza) and do-chashmi heh (ھ), which Urdu sites write as
#: Arabic's ه ("کہا", said, is not "کھا", eat).
_LETTER_FORMS = {**{c: c for c in _HAMZA_ALEFS},
                 "\u06c1": "\u06c1", "\u06c2": "\u06c1", "\u06be": "\u06be"}
#: Either: what vowel_changes looks for.
_HAS_MARKS = re.compile("[" + _VOWEL_MARKS + "".join(_LETTER_FORMS) + "]")
_HAS_VOWEL_MARKS = re.compile("[" + _VOWEL_MARKS + "]")
_HAMZA_RUN = re.compile("[" + "".join(sorted(_LETTER_FORMS)) + "]")


def vowel_changes(shown: str, post: str) -> list[tuple[int, str, str]]:
    """Words the two rendered texts write with the same letters but different vowel marks
    on one letter ("قُتِلَ", was killed, shown as "قَتَلَ", killed), or alef's hamza on
    different sides ("إمام", imam, for "أمام", in front of): (offset in `shown`, the word
    shown, the post's word). Marks one side lacks are forgiven (a CMS or a keyboard drops
    them all); marks both sides write on a letter must agree."""
    if _HAS_MARKS.search(shown) is None or _HAS_MARKS.search(post) is None:
        return []
    if _HAS_VOWEL_MARKS.search(shown) is None or _HAS_VOWEL_MARKS.search(post) is None:
        # hamzas (and Urdu's hehs) only: two texts that write the same ones in the same
        # order put none elsewhere (most faithful Arabic quotes: no alignment to make)
        if [_LETTER_FORMS[c] for c in _HAMZA_RUN.findall(shown)] == \
                [_LETTER_FORMS[c] for c in _HAMZA_RUN.findall(post)]:
            return []
    from difflib import SequenceMatcher

    a = [(m.start(), m.group()) for m in re.finditer(r"\S+", shown)]
    b = [m.group() for m in re.finditer(r"\S+", post)]
    folded_a, folded_b = [fold(w) for _, w in a], [fold(w) for w in b]
    changes = []
    matcher = SequenceMatcher(None, folded_a, folded_b, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            continue
        for k in range(i2 - i1):
            (at, was), now = a[i1 + k], b[j1 + k]
            if was != now and (_marks_disagree(was, now) or _hamza_disagrees(was, now)):
                changes.append((at, was, now))
    return changes


#: إنّ and أنّ ("that"), with a pronoun or a conjunction: which one follows a verb is
#: grammar writers often get wrong ("قال أن" for "قال إن"), the meaning one.
_INNA = re.compile("[\u0648\u0641]?[\u0623\u0625]\u0646(?:\u0647|\u0647\u0627|\u0647\u0645"
                   "|\u0647\u0646|\u0643|\u0643\u0645|\u0646\u0627|\u0646\u064a|\u064a)?")


def _hamza_disagrees(a: str, b: str) -> bool:
    """Whether two words written with the same letters put alef's hamza in different
    places on one letter (_HAMZA_ALEFS), or write two of Urdu's hehs (_LETTER_FORMS); not
    إن and أن (_INNA)."""
    letters_a = [c for c in a if c not in _MARKS_SET and c != "\u0640"]
    letters_b = [c for c in b if c not in _MARKS_SET and c != "\u0640"]
    if _INNA.fullmatch("".join(letters_a).strip(_TOKEN_EDGES + "،؛؟")):
        return False
    forms = _LETTER_FORMS
    return len(letters_a) == len(letters_b) and any(
        x != y and x in forms and y in forms and forms[x] != forms[y]
        and (x in _HAMZA_ALEFS) == (y in _HAMZA_ALEFS) for x, y in zip(letters_a, letters_b))


#: What closes a sentence (or a clause a capital may open), at a word's end.
_SENTENCE_END = frozenset(".!?:;…。！？»«\"'”“)]」』")
_TURKISH_I = frozenset("Iıİi")
_WORD_RE = re.compile(r"[^\W\d_]+")
#: Punctuation a word-token may carry at its edges ("US." ending a sentence).
_TOKEN_EDGES = ".,;:!?…'\"“”‘’«»()[]"


#: Languages that write their nouns with a capital (a text of them is no title-cased one).
_NOUNS_CAPITALISED = frozenset({"de", "lb", "gsw", "bar", "nds"})


def unaccented(text: str) -> str:
    """The text without its combining marks: accents (Greek capitals drop the tonos),
    cedillas, commas below."""
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))


def case_changes(shown: str, post: str, turkish: bool = False,
                 lang: str | None = None) -> list[tuple[int, str, str]]:
    """Words the two rendered texts write with the same letters in another case, where the
    case is the word's meaning ("dass Sie gelogen haben", you, for "dass sie", they; "us
    bases" for "US bases"): (offset in `shown`, the word shown, the post's word).

    Case a rendering or an editor changes is not listed: a text in capitals on either side
    (a caps copy, or a shouting post quoted in sentence case), a run of capitals ("BREAKING
    NEWS"), a capital at a sentence's or a line's start or a quote's first word, a title-
    cased text (not one of a language that capitalises its nouns), an acronym written as
    a name (NASA as Nasa, ΕΛΛΑΔΑ as Ελλάδα) or, four letters or more, as a word (COVID-19
    as covid-19, Spanish style), hashtags, mentions and links (which X reads without
    case)."""
    if shown == post:
        return []
    # A word shown more often than the post writes it in that case, where the post has it
    # in another: most texts have none, and are settled by counting (the alignment below
    # costs a hundred times more). Counted, not merely looked up: German writes "Sie" and
    # "sie" in one post, and a quote may swap one for the other.
    tokens_a = (shown.replace("…", " ") if "…" in shown else shown).split()
    tokens_b = post.split()
    run = _run_of(tokens_a, tokens_b)  # most quotes: the post's words, or a run of them
    if run is not None and tokens_a == tokens_b[run:run + len(tokens_a)]:
        return []
    sequence_a, sequence_b = _WORD_RE.findall(shown), _WORD_RE.findall(post)
    run = _run_of(sequence_a, sequence_b)
    if run is not None:
        # the quote's words are a run of the post's: compared in place, so that two words
        # swapped ("The who says WHO gets…") are seen
        if sequence_a == sequence_b[run:run + len(sequence_a)]:
            return []
    else:
        shown_words, post_words = Counter(sequence_a), Counter(sequence_b)
        unmatched = shown_words - post_words
        if not unmatched:
            return []
        post_lower = {w.lower() for w in post_words}
        if not any(w.lower() in post_lower for w in unmatched):
            return []
    if _shouting(shown) or _shouting(post):
        return []
    from difflib import SequenceMatcher

    a = [(m.start(), m.group()) for m in re.finditer(r"\S+", shown)]
    b = [(m.start(), m.group()) for m in re.finditer(r"\S+", post)]
    folded_a = [fold(w.strip(_TOKEN_EDGES) or w, turkish) for _, w in a]
    folded_b = [fold(w.strip(_TOKEN_EDGES) or w, turkish) for _, w in b]
    titled = base_language(lang) not in _NOUNS_CAPITALISED and (
        _title_cased([w for _, w in a]) or _title_cased([w for _, w in b]))
    changes = []
    matcher = SequenceMatcher(None, folded_a, folded_b, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            continue
        for k in range(i2 - i1):
            (at, was), (post_at, now) = a[i1 + k], b[j1 + k]
            letters_was = "".join(c for c in was if c.isalpha())
            letters_now = "".join(c for c in now if c.isalpha())
            if letters_was == letters_now or letters_was.lower() != letters_now.lower():
                continue
            if turkish and _TURKISH_I & set(letters_was + letters_now):
                continue
            if "#" in was or "@" in was or "/" in was or "." in was.strip(".,;:!?…"):
                continue
            if was.isupper() != now.isupper() and (
                    _upper_run(a, i1 + k) or _upper_run(b, j1 + k)
                    or _sentence_shouts(shown, a, i1 + k) or _sentence_shouts(post, b, j1 + k)):
                continue  # a run of capitals, or a sentence in them: a heading's or a shout's
            if now.isupper() != was.isupper():
                caps, other = (letters_now, letters_was) if now.isupper() else (letters_was,
                                                                                letters_now)
                if unaccented(other) == unaccented(caps[:1] + caps[1:].lower()):
                    continue  # an acronym or a word in capitals written as a name: Nasa
                if len(caps) >= 4 and other.islower():
                    continue  # ...or as a word: COVID-19 as covid-19 (not US as us)
            first_only = letters_was[1:] == letters_now[1:]
            if first_only and (titled or _opens_sentence(shown, a, i1 + k)
                               or _opens_sentence(post, b, j1 + k)):
                continue
            if _case_is_meaning(letters_was, letters_now, lang):
                changes.append((at, was, now))
    return changes


#: Words an author writes in capitals for emphasis ("We will NOT back down"), which a
#: quote may write as words: their case is no acronym's.
_EMPHASIS = frozenset("""no not all any now yes new big one two our you and the for but out off
    may can do go so up on in at to we be is or if my me he by of as an am oh ok nor yet too
    ever win won hot top bad sad""".split())
#: German's polite address, written with a capital: "Sie" (you) is not "sie" (they, she).
_GERMAN_ADDRESS = frozenset("sie ihnen ihr ihre ihrem ihren ihrer ihres".split())
_GERMAN = frozenset({"de", "lb", "gsw", "bar"})


def _case_is_meaning(was: str, now: str, lang: str | None) -> bool:
    """Whether a word's case, shown as `was` for the post's `now` (their letters), is its
    meaning, as far as a rule can tell: an acronym of two or three letters against a
    common word ("US" and "us", "WHO" and "who", "IT" and "it"; not an emphasis in
    capitals, "NOT" as "not"), and German's polite address ("Sie" and "sie"). Case that a
    house style changes — titles, institutions, months, brands, pronouns written with a
    capital, a name's accents — is more often faithful than not in news (measured: 52% of
    faithful quotes with a case difference were accused when every difference counted)."""
    short, other = (now, was) if now.isupper() else (was, now) if was.isupper() else ("", "")
    if 2 <= len(short) <= 3 and other.islower() and other not in _EMPHASIS:
        return True
    base = base_language(lang or "de")
    return base in _GERMAN and was.lower() in _GERMAN_ADDRESS and was[:1] != now[:1] \
        and was[1:] == now[1:]


def _run_of(words: list[str], within: list[str]) -> int | None:
    """Where `words` stand as a run of `within`, letter case aside (the index of the
    first), or None."""
    if not words or len(words) > len(within):
        return None
    joined, whole = "\0".join(words).lower(), "\0" + "\0".join(within).lower() + "\0"
    at = whole.find("\0" + joined + "\0")
    return None if at == -1 else whole.count("\0", 0, at + 1) - 1


def _shouting(text: str) -> bool:
    """A text in capitals: no lower-case letter, or nearly none (a shouting post with a
    "w/" or "i" in it)."""
    if text.lower() == text:
        return False  # no capital at all (and every text of a script without case)
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper >= 4 and lower <= upper // 10


def _sentence_shouts(text: str, words, i: int) -> bool:
    """The word at `i` is in capitals, and so is the sentence (or line) it stands in: a
    shout ("BIG NEWS ON THE WAR. More soon."), whose short words are no acronyms."""
    if not any(c.isupper() for c in words[i][1]) or any(c.islower() for c in words[i][1]):
        return False
    start = i
    while start > 0 and words[start - 1][1][-1:] not in _SENTENCE_END \
            and "\n" not in text[words[start - 1][0]:words[start][0]]:
        start -= 1
    end = i
    while end + 1 < len(words) and words[end][1][-1:] not in _SENTENCE_END \
            and "\n" not in text[words[end][0]:words[end + 1][0]]:
        end += 1
    sentence = " ".join(w for _, w in words[start:end + 1])
    return end - start >= 2 and _shouting(sentence)


def _upper_run(words, i: int) -> bool:
    """The word at `i` is in capitals, and so is a neighbour of five letters or more: a
    run of capitals, a heading's or a shout's ("BREAKING NEWS"), not two acronyms side by
    side ("the US UN envoy")."""
    def caps(j: int, least: int = 2) -> bool:
        if not 0 <= j < len(words):
            return False
        letters = [c for c in words[j][1] if c.isalpha()]
        return len(letters) >= least and all(c.isupper() for c in letters)
    return caps(i) and (caps(i - 1, 5) or caps(i + 1, 5)) or (
        not caps(i) and caps(i - 1, 5) and caps(i + 1, 5))


def _title_cased(words: list[str]) -> bool:
    """A title-cased text: most of its words (four or more with letters) open with a capital."""
    cased = [w for w in words if w[:1].isalpha() and (w[:1].isupper() or w[:1].islower())]
    return len(cased) >= 4 and sum(1 for w in cased if w[:1].isupper()) * 10 >= len(cased) * 7


def _opens_sentence(text: str, words, i: int) -> bool:
    """The word at `i` opens the text, a sentence or a line (or follows a quotation mark or
    a bracket): a capital there is the sentence's."""
    if words[i][1][:1] in _SENTENCE_END:
        return True
    j = i - 1
    while j >= 0 and not any(c.isalnum() for c in words[j][1]):
        # an emoji or a sign between: "back! ⛴️ Thanks"
        if words[j][1][-1:] in _SENTENCE_END or words[j][1] in ("-", "–", "—"):
            return True
        j -= 1
    if j < 0:
        return True
    prev_at, prev = words[j]
    if prev[-1:] in _SENTENCE_END or prev in ("-", "–", "—"):
        return True
    return "\n" in text[prev_at + len(prev):words[i][0]]


def _marks_disagree(a: str, b: str) -> bool:
    slots_a, slots_b = _mark_slots(a), _mark_slots(b)
    if len(slots_a) != len(slots_b):
        return False
    # a mark one side leaves out is forgiven (a shadda kept, its fatha dropped); marks that
    # contradict (a damma where the other writes a fatha) are a change
    return any(x and y and not (x <= y or y <= x) for x, y in zip(slots_a, slots_b))


def _mark_slots(word: str) -> list[frozenset]:
    """The vowel marks on each letter of a word (tatweel is no letter)."""
    slots: list[set] = []
    for ch in word:
        if ch in _MARKS_SET:
            if slots:
                slots[-1].add(ch)
        elif ch != "\u0640":
            slots.append(set())
    return [frozenset(x) for x in slots]


# --- comparing two keys ---------------------------------------------------------------------

_WS = frozenset(" \n")
#: A line break between two digits: dropped, it would make two numbers one.
_DIGIT_BREAK = re.compile(r"\d[.,:٫٬]?\n\d")


def _squeezed(text: str, loose_i: bool = False) -> str:
    if " " in text or "\n" in text:
        text = text.replace(" ", "").replace("\n", "")
    if loose_i:
        text = text.replace(CAPITAL_I, "i").replace("ı", "i")
    return text


def is_punct(ch: str) -> bool:
    """A punctuation mark or a symbol (Unicode P* or S*); False for no character."""
    return bool(ch) and unicodedata.category(ch)[0] in "PS"


def _walk(a: str, b: str, *, prefix: bool) -> bool:
    """Do keys `a` and `b` differ only by the whitespace the rules forgive (and a
    Turkish capital I for ı or i)? With `prefix`, is `a` so a prefix of `b`? (Their texts
    without whitespace are equal, or a prefix, already, up to that I.)"""
    i = j = 0
    la, lb = len(a), len(b)
    while True:
        if i >= la:
            return prefix or all(c in _WS for c in b[j:])
        if j >= lb:
            return all(c in _WS for c in a[i:])
        ca, cb = a[i], b[j]
        if ca in _WS and cb in _WS:
            i += 1
            j += 1
        elif ca in _WS:
            if not _forgivable(a, i):
                return False
            i += 1
        elif cb in _WS:
            if not _forgivable(b, j):
                return False
            j += 1
        elif ca == cb or (ca in _I_FORMS and cb in _I_FORMS
                          and (ca == CAPITAL_I or cb == CAPITAL_I)):
            i += 1
            j += 1
        else:
            return False


def _forgivable(text: str, at: int) -> bool:
    """Whitespace at `at` that may be missing on the other side: a line break (but not
    one between two digits: "12\n3" is not "123"), or a space beside punctuation."""
    if 1 < at < len(text) - 1 and text[at - 1] in ".,:٫٬" and text[at - 2].isdigit() \
            and text[at + 1].isdigit():
        return False  # "3. 5" is not "3.5", "2, 500" not "2,500": two numbers, or one
    if text[at] == "\n":
        return not (0 < at < len(text) - 1 and text[at - 1].isdigit()
                    and text[at + 1].isdigit())
    before, after = text[at - 1] if at else "", text[at + 1] if at + 1 < len(text) else ""
    # beside punctuation; or beside a character of a script written without spaces, where
    # a space parts no words ("会议将于 10 月 12 日", as pangu.js and house styles space
    # Chinese and Japanese from Latin letters and digits)
    return (is_punct(before) or is_punct(after)
            or bool(before and CJK_CHAR_RE.match(before)) or bool(after and CJK_CHAR_RE.match(after))
            or (before.isdigit() and after.isalpha())  # a number and its unit: "1.5 m"
            or (after.isdigit() and _CURRENCY_BEFORE.search(text, max(0, at - 5), at)
                is not None))  # a currency's letters: "Rp 10.000"


#: The letters of a currency before its amount ("Rp", "CHF", "USD"): two to four, a word.
_CURRENCY_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,4}\Z")


def same_outright(a: str, b: str) -> bool:
    """Are two texts equal, or equal but for line breaks that vanished or became spaces?
    (The usual cases of `same`, without walking; it holds for rendered texts before
    folding as for keys.)"""
    if a == b:
        return True
    if "\n" in a or "\n" in b:
        if a.replace("\n", " ") == b.replace("\n", " "):
            return True
        return (a.replace("\n", "") == b.replace("\n", "")
                and not _DIGIT_BREAK.search(a) and not _DIGIT_BREAK.search(b))
    return False


def same(a: str, b: str) -> bool:
    """Are two keys the same text, by the rules?"""
    if same_outright(a, b):
        return True
    loose = CAPITAL_I in a or CAPITAL_I in b
    if _squeezed(a, loose) != _squeezed(b, loose):
        return False
    return _walk(a, b, prefix=False)


def prefix_of(a: str, b: str) -> bool:
    """Is key `a` the start of key `b`, by the rules?"""
    if b.startswith(a):
        return True
    if "\n" in a or "\n" in b:
        if b.replace("\n", " ").startswith(a.replace("\n", " ")) or (
                b.replace("\n", "").startswith(a.replace("\n", ""))
                and not _DIGIT_BREAK.search(a) and not _DIGIT_BREAK.search(b)):
            return True
    loose = CAPITAL_I in a or CAPITAL_I in b
    if not _squeezed(b, loose).startswith(_squeezed(a, loose)):
        return False
    return _walk(a, b, prefix=True)


def strip_leading_ellipsis(text: str) -> str:
    """The text without an opening "…", "[…]" or "(…)" (the same object when there is
    none): a quote that starts in the middle of the post."""
    if text.startswith("…"):
        return text[1:].lstrip()
    if text.startswith(("[…]", "(…)")):
        return text[3:].lstrip()
    return text


def contained(a: str, b: str) -> bool:
    """Is key `a` a run of key `b`, whitespace as the rules have it (a line break as a
    space)? (For a quote cut at its start; a prefix is `prefix_of`.)"""
    return a in b or ("\n" in a or "\n" in b) and a.replace("\n", " ") in b.replace("\n", " ")


# --- X's own labels, copied with a post ---------------------------------------------------
#
# A post copied from X's page (by hand, or by a CMS that saved the rendered post) carries
# the labels X prints around its words, in the reader's language: "Replying to @a" above
# a reply, "Show more" where a long post is cut, "Translate post" below it. They are X's,
# not the post's nor the article's: the words are compared without them, and "Show more"
# is the cut it marks.

_REPLYING_TO = ("Replying to", "In reply to", "Yanıt olarak", "En réponse à",
                "Als Antwort an", "En respuesta a", "Em resposta a", "In risposta a",
                "В ответ", "Відповідь", "ردًا على", "رداً على", "ردا على", "در پاسخ به",
                "返信先:", "返信先：", "回复", "답글 대상:", "Antwoord aan", "Als antwoord op",
                "Membalas", "W odpowiedzi do", "Odpowiedź do", "Đang trả lời")
_SHOW_MORE = ("Show more", "Daha fazla göster", "Afficher plus", "Mehr anzeigen", "Mostrar más",
              "Mostrar mais", "Mostra altro", "Показать ещё", "Показать еще", "Показати більше",
              "عرض المزيد", "نمایش بیشتر", "さらに表示", "显示更多", "더 보기", "Meer weergeven",
              "Tampilkan lebih banyak", "Pokaż więcej", "Hiển thị thêm", "Visa mer", "Vis mere")
_TRANSLATE = ("Translate post", "Translate Tweet", "Show translation", "Gönderiyi çevir",
              "Tweeti çevir", "Traduire le post", "Traduire le Tweet", "Post übersetzen",
              "Tweet übersetzen", "Traducir post", "Traducir Tweet", "Traduzir post",
              "Traduci post", "Перевести пост", "Перекласти пост", "ترجمة المنشور",
              "ترجمة التغريدة", "ترجمه پست", "ポストを翻訳", "翻译帖子", "게시물 번역",
              "Post vertalen", "Terjemahkan postingan", "Przetłumacz post", "Dịch bài đăng",
              "Översätt inlägg", "Oversæt opslag",
              "Show this thread", "Bu ileti dizisini göster", "Afficher ce fil")


def _alternatives(labels) -> str:
    return "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)


#: One addressee in X's label: a handle, and the honorific X's Japanese label adds.
_LABEL_HANDLE = r"@[A-Za-z0-9_]{1,20}(?:さん|님)?"
#: Between two addressees: a comma (Japanese 、), or "and" in the label's language.
_LABEL_AND = (r"(?:\s*[,、，]\s*|\s*و\s*|\s+(?:and|ve|et|und|y|e|и|i|dan|en|và|og|och|ja|és|a|и)"
              r"\s+)")
_REPLYING_TO_RE = re.compile(
    rf"^\s*(?:{_alternatives(_REPLYING_TO)})\s*"
    rf"{_LABEL_HANDLE}(?:{_LABEL_AND}{_LABEL_HANDLE})*"
    r"(?:\s+(?:and|ve|et|und|y|e|i|dan|en|và)\s+\d+\s+\w+)?(?:\s*\n|[ \t\u00a0]+(?=\S))",
    re.IGNORECASE)
#: On a line of its own, or after the "…" of the cut: never words that end a sentence
#: ("we will show more"), which a quote may have changed.
#: A quick look for the start of "Replying to" in any of its languages.
_REPLYING_TO_START = re.compile(rf"\s*(?:{_alternatives(_REPLYING_TO)})", re.IGNORECASE)
#: A text that ends with X's "Replying to" label (a site-drawn card of a reply): the
#: handle after it is the addressee's.
REPLY_LABEL_END_RE = re.compile(rf"(?:{_alternatives(_REPLYING_TO)})\s*:?\s*$", re.IGNORECASE)
_SHOW_MORE_RE = re.compile(rf"(?:\s*…\s*|[ \t]*\n\s*)(?:{_alternatives(_SHOW_MORE)})\s*$")
_TRANSLATE_RE = re.compile(rf"[ \t]*\n\s*(?:{_alternatives(_TRANSLATE)})\s*$")


def opens_with_addressees(text: str) -> bool:
    """Whether a quote opens with a reply's addressees: "@a …", or X's label for them,
    "Replying to @a" in any of its languages."""
    text = text.lstrip()
    return text.startswith("@") or _REPLYING_TO_START.match(text) is not None


def without_x_labels(quoted: str, post: str) -> str:
    """The quote without the labels X prints around a post's words (above), where the
    post's own text does not hold them: "Show more" becomes the cut it marks ("…"),
    "Replying to @a" the leading mention X hides before a reply's text."""
    text = quoted
    tail = text[-160:]  # the labels below the words stand at the end: looked for there
    if "\n" not in tail and "…" not in tail and not _REPLYING_TO_START.match(text):
        return text  # (most quotes: no label can be there)
    found = _REPLYING_TO_RE.match(text)
    if found and not _REPLYING_TO_RE.match(post):
        # the addressees X names above a reply are its hidden leading mentions: kept as
        # such, so that a reply shown addressed to someone else is still a change
        mentions = re.findall(r"@[A-Za-z0-9_]{1,20}", found.group())
        text = " ".join(mentions) + " " + text[found.end():]
    for _ in range(2):  # "Translate post" below "Show more", or above it
        offset = max(0, len(text) - 160)
        found = _TRANSLATE_RE.search(text, offset)
        if found and not _TRANSLATE_RE.search(post, max(0, len(post) - 160)):
            text = text[:found.start()]
        offset = max(0, len(text) - 160)
        found = _SHOW_MORE_RE.search(text, offset)
        if found and text[:found.start()].strip() and not _SHOW_MORE_RE.search(
                post, max(0, len(post) - 160)):
            text = text[:found.start()].rstrip() + "…"
    return text


def strip_ellipsis(text: str) -> str:
    """The text without a closing "…", "[…]" or "(…)" (the same object when there is
    none)."""
    if text.endswith("…"):
        if text.endswith(("[…", "(…")):
            return text[:-2].rstrip()
        return text[:-1].rstrip()
    if text.endswith(("[…]", "(…)")):
        return text[:-3].rstrip()
    return text


# --- thousands separators -------------------------------------------------------------------

#: A digit group separator between thousands: "1,500", "1.500", "1 500", "1'500".
GROUPED = re.compile(r"\d[,.'\u00a0\u202f\u2009 ]\d{3}(?!\d)")
#: Languages that group thousands with a comma (and write decimals with a point), and
#: those that group them with a point (decimals with a comma); others (French, Russian,
#: Polish, Swedish…) with a space.
_COMMA_GROUPING = frozenset("en ja zh ko hi he th ar fa ur bn ta gu kn mr ms fil tl ga".split())
_POINT_GROUPING = frozenset("de tr es it pt id nl da el ro hr sr sl vi".split())


def ungrouped(text: str, lang: str | None) -> str:
    """A folded text with the separators of thousands its language writes taken out of
    numbers ("1,500" as "1500" in English, "1.500" in German, "1 500" in French): the same
    number, written with or without them. Only what the post's language writes as a
    separator goes: in English "1.500" stays one and a half."""
    base = base_language(lang)
    marks = "\u00a0\u202f\u2009'"  # a no-break or thin space, and the Swiss apostrophe
    if base in _COMMA_GROUPING:
        marks += ","
    elif base in _POINT_GROUPING:
        marks += ". "  # (and the space their standards allow: DIN 5008, the RAE's "1 500")
    elif base:
        marks += " "  # the languages that group with a space may type a plain one
    return re.sub(r"(?<=\d)[" + re.escape(marks) + r"](?=\d{3}(?!\d))", "", text)
