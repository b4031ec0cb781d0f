"""Quotes in prose: sentences of an article that quote a person whose posts it embeds.

"Fidan ... emphasizing that “Syria’s security cannot be separated from Turkiye’s
security.”" is a claim about what @HakanFidan said. `find_claims` reads them from the
article's own text (embeds left out); `check_claim` looks for the quoted words in that
author's archived posts:

- found: a post's text contains them, by the verifier's rules of what a rendering may
  change (archiver.compare), with the post; a quote cut with "…" or "[…]", or with words
  in square brackets (an editor's), has each of its parts in the post, in order;
- altered: a post has a passage this close to the quote (a share of FOUND_THRESHOLD of
  its characters align) but not these words — a word, number or name changed, a "not"
  left out — or the post's words just before or after the quoted ones negate them ("we
  will **not** allow …" quoted as "allow …"): a misquote, with what differs;
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

from .compare import CAPITAL_I, CJK, CJK_CHAR_RE, is_punct, is_turkish, key, rendered
from .extract import is_plain_text, parse_document, plain_text
from .textnorm import canonical_text, comparable

#: A quoted span, in the house styles of the news: curly and straight double quotes,
#: guillemets both ways (French « », German » «), German low-high „ “, British single
#: quotes ‘ ’ (an apostrophe inside a word is no closing quote: ‘it’s’), and the CJK
#: corner brackets 「 」 『 』 (shorter: a few characters are a phrase there).
_QUOTED_RE = re.compile(
    r"“([^”]{8,400})”|\"([^\"]{8,400})\"|«\s?([^»]{8,400}?)\s?»|„([^“”]{8,400})[“”]"
    r"|»([^»«]{8,400})«|(?<!\w)‘((?:[^‘’]|’(?=\w)){8,400})’(?!\w)"
    r"|「([^」]{4,400})」|『([^』]{4,400})』")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[\"“«„A-ZÀ-ÖØ-ÞİŞĞÇÜÖ\u0600-\u06ff])")
#: A quote not in a post, but with this share of its characters aligned with a passage
#: of it (rapidfuzz partial_ratio over the folded texts), is that passage altered.
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
    result: str  # found, altered, not_found, cross_language
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
        tree, _ = parse_document(body, content_type, source)
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
    # the handle's words: AsaadHShaibani is Asaad, H, Shaibani; HakanFidanTR Hakan, Fidan
    parts = [p for p in re.split(r"_|\d+|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])",
                                 author.handle) if len(p) >= 4]
    weak.update(p.lower() for p in parts)
    if author.name:
        name = " ".join(author.name.split())
        strong.add(comparable(name))
        words = [w for w in re.findall(r"\w+", name) if len(w) >= 3]
        if len(words) >= 2:
            weak.add(comparable(words[-1]))
    return strong, weak


def _mentions(sentence: str, author: Author) -> bool:
    """Whether `sentence` (its words outside its quotes: a name inside a quote is what
    someone says about them, not who says it) names the author: the handle or the whole
    display name, at word edges, or a surname or a part of the handle of 4 letters or
    more. A display name of one or two letters ("J") names no one."""
    folded = comparable(sentence)
    squeezed = folded.replace(" ", "")
    strong, weak = _keys(author)
    for name in strong:
        if _CJK_NAME_RE.search(name):  # written without spaces: no word edges to find
            if len(name) >= 2 and name in folded:
                return True
        elif len(name.strip("@")) >= 3 and re.search(
                rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return True
    words = set(re.findall(r"\w+", folded))
    surname = any(key in words or (len(key) >= 6 and key in squeezed) for key in weak)
    return surname


_CJK_NAME_RE = re.compile(f"[{CJK}\uac00-\ud7af]")  # and Hangul names, written whole


def _sentences(paragraph: str):
    """(sentence, its quoted spans, the sentence with its quotes blanked) for each sentence
    of a paragraph that quotes anything. A sentence ends at ". ", "? ", "! " before a capital
    letter or a quote — never inside a quote, which may hold several sentences."""
    quotes = [(m.start(), m.end(), next(g for g in m.groups() if g))
              for m in _QUOTED_RE.finditer(paragraph)]
    if not quotes:
        return
    cuts = [m.end() for m in _SENTENCE_END_RE.finditer(paragraph)
            if not any(a < m.end() < b for a, b, _ in quotes)]
    start = 0
    for end in [*cuts, len(paragraph)]:
        inside = [(a, b, text) for a, b, text in quotes if start <= a and b <= end]
        if inside:
            outside, last = [], start
            for a, b, _text in inside:
                outside.append(paragraph[last:a])
                last = b
            outside.append(paragraph[last:end])
            yield (paragraph[start:end].strip(), [text for _, _, text in inside],
                   " … ".join(outside))
        start = end


def find_claims(paragraphs: list[str], authors: list[Author]) -> list[Claim]:
    """Quoted spans in sentences that name, outside their quotes, an author whose posts the
    article embeds (_mentions: the handle, the whole display name, a surname or a part of
    the handle)."""
    claims = []
    for paragraph in paragraphs:
        for sentence, spans, outside in _sentences(paragraph):
            for author in authors:
                if _mentions(outside, author):
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
    parts = _quote_parts(claim.quote)
    best = (-1.0, None, None, "")
    for post_id, text, lang in posts:
        turkish = is_turkish(lang, text)
        post = _loose(key(text, turkish=turkish))
        found = _find_parts([_loose(key(part, turkish=turkish)) for part in parts], post)
        if found is not None:
            gaps = omitted(claim.quote, text, turkish) if len(parts) > 1 else None
            cut = next((word for word in map(negation_in, gaps or ()) if word), None)
            if cut is not None:
                return ClaimCheck("altered", post_id, 100.0,
                                  f"post {post_id} says “{_shown_word(text, cut, turkish)}” "
                                  "where the quote marks a cut, which turns its meaning")
            negation = _negated(post, *found)
            if negation is not None:
                negation = _shown_word(text, negation, turkish)
            if negation is None:
                return ClaimCheck("found", post_id, 100.0,
                                  f"in post {post_id} (similarity 100)")
            return ClaimCheck("altered", post_id, 100.0,
                              f"post {post_id} says “{negation}” next to these words, which "
                              "turns their meaning")
        joined = " ".join(_loose(key(part, turkish=turkish)) for part in parts)
        score = fuzz.partial_ratio(joined, post) if joined else 0.0
        if score > best[0]:
            best = (score, post_id, lang, text)
    score, post_id, lang, text = best
    changes = _changes(" ".join(parts), text, is_turkish(lang, text), score >= FOUND_THRESHOLD)
    if changes:
        return ClaimCheck("altered", post_id, round(score, 1),
                          f"differs from post {post_id} (similarity {score:.0f}): {changes}")
    if changes is not None:  # that passage, with no change the rules count
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


#: Where a quote leaves words out or an editor put words in: an ellipsis ("…", "...",
#: "[…]", "(…)") or words in square brackets ("[the minister] said").
_CUTS_RE = re.compile(r"\[[^\[\]]{0,60}\]|\((?:…|\.\.\.)\)|…|\.\.\.")
_EDGE_PUNCTUATION = " .,;:!?…'\"\n"


def _quote_parts(quote: str) -> list[str]:
    """The quote's runs of the author's own words, in order."""
    parts = [part.strip(_EDGE_PUNCTUATION) for part in _CUTS_RE.split(rendered(quote))]
    return [part for part in parts if part]


def _loose(text: str) -> str:
    """A key as searched for a quote's words: line breaks as spaces, no space beside
    punctuation or a symbol (the rules of archiver.compare that depend on both sides, for
    a search). Combining marks (Devanagari's vowel signs) are part of their word."""
    if not text.isascii():
        text = "".join(ch for ch in text if not _is_emoji(ch))
    out: list[str] = []
    for word in text.split():
        if out and not (is_punct(out[-1][-1]) or is_punct(word[0])):
            out.append(" ")
        out.append(word)
    return "".join(out)


def _is_emoji(ch: str) -> bool:
    """An emoji or another pictograph (and the joiners and selectors of emoji sequences):
    a quote in prose leaves them out as a matter of course ("thanks 🙏 to" quoted as
    "thanks to"), so they are not words of it."""
    return unicodedata.category(ch) == "So" or ch in "\u200d\ufe0f\ufe0e"


def _find_parts(parts: list[str], post: str) -> tuple[int, int] | None:
    """Where the quote's parts are in the post, each after the one before and each
    starting and ending at a word's edge: (start of the first, end of the last), or None."""
    if not parts:
        return None
    start = first = 0
    for i, part in enumerate(parts):
        at = _word_find(post, part, start)
        if at < 0:
            return None
        if i == 0:
            first = at
        start = at + len(part)
    return first, start


def omitted(quote: str, post: str, turkish: bool) -> tuple[str, ...] | None:
    """For a quote that marks words left out inside it ("lasted 12 hours. […] Details
    follow"): what the post says at each cut (its key), in order, when every run of the
    quote's words stands in the post in that order; None when the quote marks no cut
    inside it or a run is not the post's."""
    parts = _quote_parts(quote)
    if len(parts) < 2:
        return None
    text = _loose(key(post, turkish=turkish))
    spans, start = [], 0
    for part in parts:
        part = _loose(key(part, turkish=turkish))
        at = _word_find(text, part, start)
        if at < 0:
            return None
        spans.append((at, at + len(part)))
        start = at + len(part)
    return tuple(text[end:next_start] for (_s, end), (next_start, _e) in zip(spans, spans[1:]))


def negation_in(text: str) -> str | None:
    """A word (or CJK character) of `text`, a key, that negates what follows or precedes
    it: a cut that leaves it out turns the quote's meaning."""
    for word in _WORD_RE.findall(text):
        if word in _NEGATE_NEXT or word in _NEGATE_BEFORE or word in _NEGATE_ADJACENT:
            return word
    return next((ch for ch in text if ch in _CJK_NEGATIONS), None)


def _word_find(text: str, part: str, start: int) -> int:
    """Where `part` is in `text` from `start`, at word edges (or -1). In a Turkish key a
    capital I stands for ı or i (CAPITAL_I): it matches either, either way."""
    if CAPITAL_I in part or CAPITAL_I in text:
        pattern = "".join(_I_CLASS.get(ch, re.escape(ch)) for ch in part)
        found = re.compile(rf"(?<!\w){pattern}(?!\w)" if part[:1].isalnum() and part[-1:].isalnum()
                           else pattern).search(text, start)
        return found.start() if found else -1
    at = text.find(part, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(part)] if at + len(part) < len(text) else " "
        if _edge(before, part[:1]) and _edge(part[-1:], after):
            return at
        at = text.find(part, at + 1)
    return -1


def _edge(a: str, b: str) -> bool:
    """Whether two adjacent characters may part two words: not two letters or digits of
    a script written with spaces (Chinese and Japanese are written without: any place)."""
    return not (a.isalnum() and b.isalnum()) or bool(CJK_CHAR_RE.match(a) or CJK_CHAR_RE.match(b))


_I_CLASS = {CAPITAL_I: f"[ıi{CAPITAL_I}]", "ı": f"[ı{CAPITAL_I}]", "i": f"[i{CAPITAL_I}]"}


#: Words that negate what follows them in their clause (looked for among the
#: _NEGATION_REACH words before the quote, back to the nearest punctuation: "No one in
#: the department will lose …" quoted as "will lose …"), and words that negate what
#: precedes them (after the quote: Turkish değil, French pas, German nicht, Hindi नहीं,
#: Persian نیست). Words that are often something else are left out: Arabic ما ("what"),
#: Hebrew אל ("to"), Italian mai, French mai ("May").
_NEGATE_NEXT_WORDS = """
    not no never cannot can't won't don't doesn't didn't isn't aren't wasn't weren't
    shouldn't wouldn't couldn't mustn't hasn't haven't hadn't nor nobody none nothing
    ne pas jamais personne aucun aucune nicht kein keine keinen keinem keiner nie niemals
    niemand nunca nadie ningún ninguna não nao ninguém nenhum non nessuno nem
    не ни нет ні ніколи никогда никто ніхто
    لا لن لم ليس ليست لسنا لست ليسوا
    نه هرگز هیچ
    לא אין אף
    नहीं मत कभी
"""
_NEGATE_BEFORE_WORDS = "değil pas nicht nie नहीं नही نیست نیستیم نیستند نیستم"
#: Words that negate a verb only right before it: Arabic ما and غير before a quote that
#: starts there ("ما وافقنا", we did not agree; "غير مستقر", unstable).
_NEGATE_ADJACENT_WORDS = "ما غير"
_NEGATION_REACH = 6
#: CJK negations, a character or two before the quoted words (不会, 没有, 未曾…), and
#: Japanese ones right after them (ない, ません, なかった, ず).
_CJK_NEGATIONS = frozenset("不没沒未别別無无非莫勿")
_JA_NEGATED_RE = re.compile(r"(?:ない|なかった|ません|ませんでした|ず|ぬ)")
#: Punctuation that is part of a word, not the end of a clause: apostrophes, a hyphen.
_IN_WORD_PUNCTUATION = frozenset("'’ʼ-")


def _clause_end(ch: str) -> bool:
    """Whether `ch` ends a clause (the reach of a negation): any punctuation of any script
    (. , ; ? ! । ، ؟ 。 、 quotes, brackets, dashes), a line break; not an apostrophe or a
    hyphen inside a word."""
    return ch == "\n" or (unicodedata.category(ch)[0] == "P" and ch not in _IN_WORD_PUNCTUATION)


def _folded_words(words: str) -> frozenset:
    return frozenset(_loose(key(word)) for word in words.split())


_NEGATE_NEXT = _folded_words(_NEGATE_NEXT_WORDS)
_NEGATE_BEFORE = _folded_words(_NEGATE_BEFORE_WORDS)
_NEGATE_ADJACENT = _folded_words(_NEGATE_ADJACENT_WORDS)


def _negated(post: str, start: int, end: int) -> str | None:
    """A negation in the post's clause right before the quoted words (or right after,
    where the language puts it there), which the quote leaves out; None if none."""
    before = post[max(0, start - 200):start]
    cut = len(before)
    while cut and not _clause_end(before[cut - 1]):
        cut -= 1
    clause = before[cut:]
    words = _WORD_RE.findall(clause)
    for word in reversed(words[-_NEGATION_REACH:]):
        if word in _NEGATE_NEXT:
            return word
    if words and words[-1] in _NEGATE_ADJACENT and clause.rstrip().endswith(words[-1]):
        return words[-1]  # right before the quote, nothing between
    near = clause[-3:]
    for ch in near:
        if ch in _CJK_NEGATIONS:
            return ch
    after = post[end:end + 200]
    stop = 0
    while stop < len(after) and not _clause_end(after[stop]):
        stop += 1
    clause = after[:stop]
    japanese = _JA_NEGATED_RE.match(clause)
    if japanese:
        return japanese.group()
    words = _WORD_RE.findall(clause)[:2]
    for word in words:
        if word in _NEGATE_BEFORE:
            return word
    return None


#: A word: a run of anything but spaces and punctuation (combining marks are part of it:
#: Devanagari's vowel signs, Arabic's harakat), an apostrophe inside it ("won't",
#: "n'accepterons"); in scripts written without spaces (Chinese, Japanese), each character.
_PUNCTUATION = (r"\s.,;:!?…。、，！？；：؟،؛()\[\]{}<>\"“”«»„‹›‘’'「」『』—–\-/\\|*#@&%+=~^`"
                "\u05be\u05f3\u05f4")
_WORD_RE = re.compile(rf"[{CJK}]|[^{_PUNCTUATION}{CJK}]+(?:['’][^{_PUNCTUATION}{CJK}]+)*")
#: A quote of at least this many words whose words but one or two (and three in five at
#: least) stand in order in one passage of a post, no longer than the quote by more than
#: _SLACK words, is that passage altered (a "not" left out, a number changed).
_MIN_WORDS = 4
_SLACK = 3


def _changes(quote: str, post: str, turkish: bool, close: bool) -> str | None:
    """What the quote changes in the passage of the post it stands for, in words
    ("“Monday” where the post has “Friday”; leaves out “not”"; "" for nothing the rules
    count), or None when it stands for no passage: it does when `close` (its characters
    align with one, FOUND_THRESHOLD) or its words stand mostly in order in one
    (_MIN_WORDS, _SLACK)."""
    from difflib import SequenceMatcher

    shown = [(m.group(), key(m.group(), turkish=turkish)) for m in _WORD_RE.finditer(rendered(quote))
             if not all(_is_emoji(ch) for ch in m.group())]
    words = [(m.group(), key(m.group(), turkish=turkish)) for m in _WORD_RE.finditer(rendered(post))
             if not all(_is_emoji(ch) for ch in m.group())]
    if not shown or not words:
        return None
    matcher = SequenceMatcher(None, [k for _, k in shown], [k for _, k in words], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    # the passage: the run of matching blocks around the longest one, within the slack
    longest = max(blocks, key=lambda b: b.size)
    span = [b for b in blocks if abs(b.b - longest.b) <= len(shown) + _SLACK]
    matched = sum(b.size for b in span)
    first, last = span[0].b - span[0].a, span[-1].b + span[-1].size + (len(shown) - span[-1].a - span[-1].size)
    first, last = max(0, first), min(len(words), last)
    mostly = (len(shown) >= _MIN_WORDS and matched >= max(len(shown) - 2, 0.6 * len(shown))
              and last - first <= len(shown) + _SLACK)
    if not (close or mostly):
        return None
    passage = words[first:last]
    said = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(
            None, [k for _, k in shown], [k for _, k in passage], autojunk=False).get_opcodes():
        was = _joined(w for w, _ in shown[i1:i2])
        now = _joined(w for w, _ in passage[j1:j2])
        if tag == "replace":
            said.append(f"“{was}” where the post has “{now}”")
        elif tag == "delete":
            said.append(f"adds “{was}”")
        elif tag == "insert" and 0 < j1 and j2 < len(passage):
            said.append(f"leaves out “{now}”")
    return "; ".join(said[:5]) + ("; …" if len(said) > 5 else "")


def _joined(words) -> str:
    """Words as the text writes them: with spaces, but none between two characters of a
    script written without them (Chinese, Japanese)."""
    out = ""
    for word in words:
        if out and not (CJK_CHAR_RE.match(out[-1]) and CJK_CHAR_RE.match(word[0])):
            out += " "
        out += word
    return out


def _shown_word(text: str, folded: str, turkish: bool) -> str:
    """The post's own spelling of a word found in its search key (case, Persian yeh)."""
    for match in _WORD_RE.finditer(rendered(text)):
        if _loose(key(match.group(), turkish=turkish)) == folded:
            return match.group()
    return folded
