"""Quotes in prose: sentences of an article that quote a person whose posts it embeds.

"Fidan ... emphasizing that “Syria’s security cannot be separated from Turkiye’s
security.”" is a claim about what @HakanFidan said. `find_claims` reads them from the
article's own text (embeds left out); `check_claim` looks for the quoted words in that
author's archived posts:

- found: a post's text contains them (after the same folding as the verifier), with
  the post and a score;
- cross_language: no post contains them and the quote is in another language or script
  than the author's posts — a translation, flagged and not guessed at;
- not_found: the author's archived posts do not contain them.

Pure functions over text (and lxml for HTML); the archive is read by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree
from rapidfuzz import fuzz

from .extract import is_plain_text, parse_document, plain_text
from .textnorm import canonical_text, comparable

#: A quoted span: curly, straight, guillemets, German low-high quotes.
_QUOTED_RE = re.compile(r"“([^”]{8,400})”|\"([^\"]{8,400})\"|«\s?([^»]{8,400}?)\s?»|„([^“”]{8,400})[“”]")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[\"“«„A-ZÀ-ÖØ-ÞİŞĞÇÜÖ\u0600-\u06ff])")
#: Phrases that say a quote comes from a post; with one of them a surname suffices.
_ON_X_RE = re.compile(r"\b(?:on|via)\s+(?:X|Twitter)\b|\btweet(?:ed|s)?\b|\bposted\b|\bwrote\b",
                      re.IGNORECASE)
#: Found when this share of the quote's characters align with a post (rapidfuzz
#: partial_ratio over the folded texts).
FOUND_THRESHOLD = 90.0
_NOT_PROSE = ("script", "style", "noscript", "template", "textarea", "code", "pre", "nav",
              "header", "footer", "aside", "figcaption")


@dataclass(frozen=True, slots=True)
class Author:
    handle: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    handle: str  # the author the sentence quotes
    sentence: str
    quote: str


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    result: str  # found, not_found, cross_language
    post_id: str | None = None
    score: float | None = None
    detail: str = ""


def article_paragraphs(body: bytes, source: str = "", content_type: str | None = None) -> list[str]:
    """The article's own prose: paragraphs outside embeds, scripts and page chrome."""
    # The extractor's own decoding (BOM, the header's charset, <meta>, detection): a page
    # whose charset only the HTTP header names reads the same here as for its embeds.
    if is_plain_text(body, content_type, source):
        text, _ = plain_text(body, content_type)
        return [line.strip() for line in text.splitlines()
                if line.strip() and "(@" not in line]  # an embed's text rendering
    try:
        tree, _ = parse_document(body, content_type)
    except (etree.ParserError, ValueError, LookupError):
        return []
    if tree is None:
        return []
    for el in list(tree.iter(*_NOT_PROSE, "blockquote", "amp-twitter", "iframe")):
        if el.getparent() is not None:
            el.getparent().remove(el)  # the tail text stays with the previous sibling
    paragraphs = []
    for el in tree.iter("p", "li", "h1", "h2", "h3", "dd"):
        text = " ".join("".join(el.itertext()).split())
        if text:
            paragraphs.append(text)
    return paragraphs


def _keys(author: Author) -> tuple[set[str], set[str]]:
    """(strong keys: full name, handle; weak keys: a surname or handle part)."""
    strong, weak = {author.handle.lower(), "@" + author.handle.lower()}, set()
    parts = [p for p in re.split(r"_|(?<=[a-z])(?=[A-Z])", author.handle) if len(p) >= 4]
    weak.update(p.lower() for p in parts)
    if author.name:
        name = " ".join(author.name.split())
        strong.add(comparable(name))
        words = [w for w in re.findall(r"\w+", name) if len(w) >= 3]
        if len(words) >= 2:
            weak.add(comparable(words[-1]))
    return strong, weak


def _mentions(sentence: str, author: Author) -> bool:
    folded = comparable(sentence)
    squeezed = folded.replace(" ", "")
    strong, weak = _keys(author)
    if any(key and key in folded for key in strong):
        return True
    words = set(re.findall(r"\w+", folded))
    surname = any(key in words or (len(key) >= 6 and key in squeezed) for key in weak)
    return surname


def find_claims(paragraphs: list[str], authors: list[Author]) -> list[Claim]:
    """Quoted spans in sentences that name (or, with "on X"/"tweeted", surname) an author
    whose posts the article embeds."""
    claims = []
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END_RE.split(paragraph):
            spans = [next(g for g in m.groups() if g) for m in _QUOTED_RE.finditer(sentence)]
            if not spans:
                continue
            for author in authors:
                if _mentions(sentence, author):
                    claims.extend(Claim(author.handle, sentence, span.strip()) for span in spans)
                    break
    return claims


# Function words that tell the common Latin-script languages of the news apart (a quote
# is short: a few of these are the surest sign of its language).
_FUNCTION_WORDS = {
    "en": "the of and to in is that for it with as was on be by this are from not cannot "
          "will have has its their we our they would should been",
    "tr": "ve bir bu da de ile için olarak olan çok daha gibi kadar ancak ama değil her "
          "biz bizim sonra üzerinde ise",
    "fr": "le la les des et est une dans que pour pas sur avec ne qui sont du au ce nous",
    "de": "der die das und ist nicht ein eine zu den mit sich auf für von dem wir sind",
    "es": "el la los las y es que en un una no por con para del se su al lo como",
    "pt": "o os as e é que em um uma não por com para do da se seu ao como",
    "it": "il lo gli e è che di un una non per con del della si sono al come",
    "nl": "de het een en is van niet dat op te zijn met voor wij die",
}
_FUNCTION_SETS = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_SCRIPT_LANGS = {"ARABIC": "ar", "HEBREW": "he", "CYRILLIC": "ru", "GREEK": "el",
                 "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "THAI": "th",
                 "DEVANAGARI": "hi"}


def guess_language(text: str) -> str | None:
    """A language code for a short text: by script, else by function words (None when
    too few to tell)."""
    script = _script(text)
    if script in _SCRIPT_LANGS:
        return _SCRIPT_LANGS[script]
    words = re.findall(r"\w+", text.replace("İ", "i").lower())
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_SETS.items()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 2 and ranked[0] > ranked[1]:
        return best
    return None


def _script(text: str) -> str | None:
    """The dominant script of a text, by the Unicode names of its letters."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.get) if counts else None


def check_claim(claim: Claim, posts: list[tuple[str, str, str | None]],
                article_lang: str | None = None) -> ClaimCheck:
    """Look for a claim's quoted words in the author's posts: (post_id, text, lang) each."""
    if not posts:
        return ClaimCheck("not_found", detail=f"no archived post of @{claim.handle}")
    quote = comparable(canonical_text(claim.quote).strip(" .,;:…"))
    best = (0.0, None, None)
    for post_id, text, lang in posts:
        post = comparable(canonical_text(text), lang)
        score = 100.0 if quote in post else fuzz.partial_ratio(quote, post)
        if score > best[0]:
            best = (score, post_id, lang)
    score, post_id, lang = best
    if score >= FOUND_THRESHOLD:
        return ClaimCheck("found", post_id, round(score, 1),
                          f"in post {post_id} (similarity {score:.0f})")
    quote_script = _script(claim.quote)
    post_scripts = {_script(text) for _, text, _ in posts}
    post_langs = {lang.split("-")[0].lower() for _, text, lang in posts
                  if lang and lang not in ("und", "zxx", "qme")}
    quote_lang = guess_language(claim.quote) or (article_lang or "").split("-")[0].lower() or None
    if quote_script not in post_scripts or (quote_lang and post_langs and quote_lang not in post_langs):
        langs = ", ".join(sorted(post_langs)) or ", ".join(sorted(s for s in post_scripts if s))
        return ClaimCheck("cross_language", post_id, round(score, 1),
                          f"the quote ({quote_lang or quote_script}) is in another language "
                          f"than @{claim.handle}'s posts ({langs}): a translation cannot be "
                          "checked word for word")
    return ClaimCheck("not_found", post_id, round(score, 1),
                      f"not in @{claim.handle}'s archived posts (best similarity {score:.0f})")
