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
import string
import unicodedata
from dataclasses import dataclass

from lxml import etree
from rapidfuzz import fuzz

from .compare import (CAPITAL_I, CJK, CJK_CHAR_RE, NO_SPACE, NO_SPACE_RE, SPACED_ELLIPSIS,
                      case_changes, is_chinese, is_punct, is_turkish, key, rendered, simplified,
                      unaccented, ungrouped, vowel_changes)
from .extract import is_plain_text, parse_document, plain_text
from .direction import direction_change
from .langs import base_language
from .extract.html import directed_text
from .textnorm import canonical_text, comparable

#: A quoted span, in the house styles of the news: curly and straight double quotes,
#: guillemets both ways (French « », German » «), German low-high „ “, British single
#: quotes ‘ ’ (an apostrophe inside a word is no closing quote: ‘it’s’), and the CJK
#: corner brackets 「 」 『 』 (shorter: a few characters are a phrase there); German's
#: single low-high ‚ ‘ (a quote inside a quote), the Nordic ” ” and Urdu's mirrored ” “,
#: and single guillemets ‹ › both ways (Swiss, French, German inner quotes).
_QUOTED_RE = re.compile(
    r"“([^”]{8,400})”"
    # (a " between two Hebrew letters is a gershayim, typed as a quote mark: צה"ל)
    r"|(?<![\u05d0-\u05ea])\"((?:[^\"]|(?<=[\u05d0-\u05ea])\"(?=[\u05d0-\u05ea])){8,400})"
    r"\"(?![\u05d0-\u05ea])"
    r"|«\s?([^»]{8,400}?)\s?»|„([^“”]{8,400})[“”]"
    r"|»([^»«]{8,400})«|(?<!\w)‘((?:[^‘’]|’(?=\w)){8,400})’(?!\w)"
    r"|「([^」]{4,400})」|『([^』]{4,400})』"
    r"|(?<!\w)‚([^‚‘’]{8,400})[‘’](?!\w)|”([^“”]{8,400})[”“]"
    r"|‹\s?([^‹›]{8,400}?)\s?›|›([^‹›]{8,400})‹")
#: ...not after a title or an initial that a name follows ("a écrit M. Dupont", "Dr. Okafor
#: wrote", "J. Smith"): each a lookbehind of its own (Python's are of fixed width).
_ABBREVIATIONS = ("Dr", "Mr", "Ms", "Mrs", "Mme", "Mlle", "Prof", "Gov", "Sen", "Rep", "Gen",
                  "Col", "Lt", "Capt", "Hon", "Rev", "Sr", "Jr", "St", "Pres", "Sgt", "Fr",
                  "Hr", "Fr", "Dott", "Sig", "Sra", "Sta", "Ing", "Mgr", "Mons")
_NOT_AFTER = "".join(rf"(?<!\b{a}\.)" for a in dict.fromkeys(_ABBREVIATIONS)) + \
    r"(?<!\b[A-ZÀ-ÖØ-Þ]\.)"
#: Armenian ends a sentence with its own full stop "։" and writes "." where other
#: languages write a colon, before a quote.
_ARMENIAN_RE = re.compile("[\u0531-\u0587]")
_ARMENIAN_END_RE = re.compile(r"(?<=[։!?…՜՞])[\"”»]?\s+")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])" + _NOT_AFTER
                              + r"[\"”»]?\s+(?=[\"“«„A-ZÀ-ÖØ-ÞİŞĞÇÜÖ\u0600-\u06ff])")
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
        if el.tag == "blockquote" and not _embedded(el):
            continue  # a block quote of the article's own (a pull quote, a CMS quote block)
        if el.tag == "header" and next(el.iterancestors("article"), None) is not None:
            continue  # an article's own header holds its headline (WordPress's entry-header)
        if el.getparent() is not None:
            el.getparent().remove(el)  # the tail text stays with the previous sibling
    for el in list(tree.iter(_RELATED_BOXES)):
        if _RELATED_RE.search(f"{el.get('class') or ''} {el.get('id') or ''}") \
                and el.getparent() is not None and _mostly_links(el):
            el.getparent().remove(el)  # other articles' headlines: none of this one's quotes
    for q in tree.iter("q"):
        # <q>: the browser draws its quotation marks (single ones inside another quote)
        opening, closing = ("‘", "’") if next(q.iterancestors("q"), None) is not None \
            else ("“", "”")
        q.text = opening + (q.text or "")
        q.tail = closing + (q.tail or "")
    paragraphs: list[str] = []
    for el in tree.iter("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "div"):
        if el.tag == "div":  # prose written into a <div>, its paragraphs parted by <br>s
            # (a <div> that holds a block anywhere, <main> in the app's <div> as Arc and
            # Drupal pages have it, is a wrapper: its blocks are read, not it)
            if next(el.iterdescendants(*_HOLDS_BLOCKS), None) is not None:
                continue
            texts = [" ".join(t.split()) for t in _BREAKS_RE.split(_with_breaks(el))]
        else:
            if _only_a_link(el):
                continue
            texts = [" ".join(directed_text(el).split())]
        quoted = el.tag != "div" and any(a.tag == "blockquote" for a in el.iterancestors())
        for text in filter(None, texts):
            if quoted and paragraphs and paragraphs[-1].endswith(":"):
                # "Holt wrote on X:" then the quote set off as a block: one sentence, the
                # block's words in quotation marks (a block quote is set without them)
                if not _QUOTED_RE.match(text):
                    text = f"“{text}”"
                paragraphs[-1] += " " + text
                continue
            paragraphs.append(text)
        if quoted and not any(isinstance(c.tag, str) and c.tag in _BLOCKS
                              for c in el.itersiblings()):  # the quote block's last one
            quote_block = next(a for a in el.iterancestors() if a.tag == "blockquote")
            cite = next(quote_block.iter("cite"), None)
            if cite is not None and paragraphs and "".join(cite.itertext()).strip():
                # (a quote block's <cite> names who said it)
                paragraphs[-1] += " — " + " ".join("".join(cite.itertext()).split())
    return _quotes_over_paragraphs(paragraphs)


#: Opening and closing marks of a quote that English style carries over paragraphs.
_CARRIED_MARKS = (("“", "”"), ("«", "»"), ("„", "“"))


def _quotes_over_paragraphs(paragraphs: list[str]) -> list[str]:
    """A quote running over paragraphs, as English style writes it (an opening mark on
    each, a closing mark only at the end), as one paragraph: the quote whole, with the
    sentence that says whose it is."""
    joined: list[str] = []
    for text in paragraphs:
        if joined and any(text.startswith(opening) and _left_open(joined[-1], opening, closing)
                          for opening, closing in _CARRIED_MARKS):
            joined[-1] += " " + text[1:].lstrip()
        else:
            joined.append(text)
    return joined


def _left_open(text: str, opening: str, closing: str) -> bool:
    if opening == closing or len(text) > 4000:
        return False
    if opening == "„":  # („ … “: German; “ also opens English quotes, so count „ alone)
        return text.count("„") > text.count("“")
    return text.count(opening) > text.count(closing)


#: Elements that hold paragraphs of their own (a <div> holding them is no paragraph).
_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "dd",
                     "dl", "table", "blockquote", "section", "article", "figure", "form"})
#: ...and those that hold blocks (a <div> holding one anywhere is a wrapper, not prose).
_HOLDS_BLOCKS = tuple(_BLOCKS | {"main", "header", "aside", "nav", "address", "details",
                                 "fieldset", "center", "hgroup", "dialog", "search"})
#: Boxes of links to other articles, by the names every CMS gives them ("related posts",
#: "read more", "more stories", "recommended", "also read"): other articles' headlines.
_RELATED_RE = re.compile(r"related|read-?more|more-?stories|recommended|also-?read",
                         re.IGNORECASE)
_RELATED_BOXES = ("div", "section", "aside", "ul", "ol", "p", "nav")
_BREAKS_RE = re.compile(r"\n\s*\n")
#: A block quote that shows another site's post, not the article's words.
_EMBED_CLASS_RE = re.compile(r"tweet|twitter|instagram|tiktok|embed|reddit|imgur|facebook|"
                             r"\bfb-|bluesky|threads|mastodon", re.IGNORECASE)


def _embedded(blockquote) -> bool:
    """Whether a <blockquote> is an embed (X's, or another platform's), not prose."""
    from .extract.html import _is_embed_shape

    if _EMBED_CLASS_RE.search(blockquote.get("class") or ""):
        return True
    if _is_embed_shape(blockquote):
        return True
    return any("/status" in (a.get("href") or "") for a in blockquote.iter("a"))


def _mostly_links(el) -> bool:
    """A box of links (related posts, "read more"): its words outside links are few. A
    container whose class merely mentions "related" (`entry-content has-related`) holds
    the article's prose, and is kept."""
    whole = sum(len(t.strip()) for t in el.itertext())
    linked = sum(len(t.strip()) for a in el.iter("a") for t in a.itertext())
    return whole - linked <= 200


def _only_a_link(el) -> bool:
    """A paragraph that is a link to another page and at most a label ("READ MORE: <a>…")
    — another article's headline, not this one's words. A link to a post is the post."""
    links = [a for a in el.iter("a") if "".join(a.itertext()).strip()]
    if not links or any("/status" in (a.get("href") or "") for a in links):
        return False
    linked = sum(len("".join(a.itertext()).strip()) for a in links)
    rest = " ".join("".join(el.itertext()).split())
    label = rest
    for a in links:
        label = label.replace(" ".join("".join(a.itertext()).split()), "", 1)
    label = label.strip(" :-–—|»>")
    return linked > 0 and len(label.split()) <= 3 and (not label or rest.split(":")[0] != rest)


def _with_breaks(el) -> str:
    """An element's text with its <br>s as line breaks."""
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag == "br":
            pieces.append("\n")
        elif isinstance(child.tag, str):
            pieces.append(directed_text(child, own=True))
        pieces.append(child.tail or "")
    return "".join(pieces)


#: A word of a name or a sentence: letters and digits with their combining marks (\w
#: alone parts Devanagari, Bengali, Tamil… at every vowel sign: वर्मा as वर, म).
_NAME_WORD_RE = re.compile(r"[\w\u0300-\u036f\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f"
                           r"\u1780-\u17ff]+")


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
        words = [w for w in _NAME_WORD_RE.findall(name) if len(w) >= 3]
        if len(words) >= 2:
            weak.add(comparable(words[-1]))
    return strong, weak


#: Nouns for what an account posted or said ("Holt's post", "al mensaje de Ortega", "über
#: den Post von Becker", "Kaya'nın paylaşımına"): an author named only as their owner is
#: whose words another answers, not the quote's speaker.
_POST_NOUNS = (r"(?:posts?|tweets?|claims?|messages?|remarks|statements?|comments?|words|"
               r"repl(?:y|ies)|assertions?|mensajes?|publicaci[oó]n|tuits?|publica[cç][aã]o|"
               r"mensagens?|publications?|messaggio|commento|comentarios?|afirmaci[oó]n|"
               r"declaraci[oó]n|beitrags?|nachricht|aussagen?|äu[sß]erung|payla[sş][iı]m\w*|"
               r"g[oö]nderi\w*|mesaj\w*|iddia\w*|a[cç][iı]klama\w*|unggahan|cuitan|postingan|"
               r"pernyataan)")
_OWNER_FORMS = (
    r"{k}['’]s\s+(?:\w+\s+){{0,2}}" + _POST_NOUNS + r"\b",  # Holt's (latest) post
    _POST_NOUNS + r"\s+(?:de|do|da|du|di|del|de la|von|des|der|van)\s+(?:\w+\s+)?{k}\b",
    r"{k}s\s+" + _POST_NOUNS + r"\b",  # Beckers Post
    r"{k}['’]?n?[ıiuü]n\s+" + _POST_NOUNS,  # Kaya'nın paylaşımına
    r"{k}(?:氏|さん|議員|大臣)?の(?:投稿|ツイート|発言|主張|ポスト)",
    r"{k}的(?:帖子|推文|说法|言论|发文|帖文|贴文)",
    r"{k}(?:\s?(?:의원|장관|대표|위원장|씨|님))?의?\s?(?:게시물|게시글|글|트윗|주장|발언)",
    r"(?:unggahan|cuitan|postingan|pernyataan|pesan)\s+{k}",  # menanggapi unggahan Budi
    r"(?:تغريد[ةه]|منشور|رسال[ةه]|تصريح)\S*\s+{k}",  # ردّ على تغريدة الخطيب (ة folded)
)
#: ...unless the sentence gives the post as the quote's source: "according to Holt's post".
_AS_SOURCE_RE = re.compile(
    r"\b(?:according to|laut|segundo|seg[uú]n|selon|secondo|menurut|g[oö]re|согласно)\b"
    r"|によると|据|에 따르면"
    # "In Okafor's words, “…”", "en el mensaje de Ortega: «…»", "in seinem Post: „…“"
    r"|\bin\s+(?:\w+\s+){0,2}?\w+['’]s\s+(?:\w+\s+)?" + _POST_NOUNS
    + r"|\b(?:en|em|no|na|dans|nel|nella)\s+(?:(?:el|la|su|sa|son|seu|sua|il|le)\s+)?"
    + _POST_NOUNS + r"\s+(?:de|do|da|du|di)\b"
    r"|\bin\s+(?:seinem|ihrem|dem|einem)\s+(?:post|beitrag|tweet)")


def _only_as_owner(outside: str, author: Author) -> bool:
    """Whether `outside` (a sentence without its quotes) names the author only as the owner
    of a post or a claim another answers ("Reyes disputed Holt's claim", "respondió al
    mensaje de Ortega"): then the quote is not the author's. Not when the sentence gives
    that post as the source ("according to Holt's post"), or the post is said to say it
    ("Holt's post reads:")."""
    folded = comparable(outside)
    if _AS_SOURCE_RE.search(folded):
        return False
    strong, weak = _keys(author)
    mentions, spans = [], []
    for name in strong | weak:
        if len(name.strip("@")) < 3:
            continue
        edge = re.escape(name)
        glued = re.search(f"[{_GLUING}]", name) is not None  # (no word edge to find)
        mentions += [m.start() for m in re.finditer(edge if glued else rf"(?<!\w){edge}",
                                                    folded)]
        for form in _OWNER_FORMS:
            for match in re.finditer(form.format(k=edge), folded):
                if _SAYING_SOON_RE.match(unaccented(folded[match.end():])):
                    return False  # "Holt's post (on Saturday) said: …": the post speaks
                spans.append((match.start(), match.end()))
    # every mention (by any of its keys) inside an owner's form
    return bool(mentions) and all(any(a <= at < b for a, b in spans) for at in mentions)


#: Scripts whose particles and words are written glued to a name of another script
#: ("@KRGov는", "@JPGovは", "据@CNGov称"): Hangul, kana, CJK.
_GLUING = "\uac00-\ud7af\u3040-\u30ff\u3400-\u9fff"


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
                rf"(?:(?<!\w)|(?<=[{_GLUING}])){re.escape(name)}(?:(?!\w)|(?=[{_GLUING}]))",
                folded):
            return True  # (a Korean or Japanese particle glued to it: "@KRGov는", "@JPGovは")
    words = set(_NAME_WORD_RE.findall(folded))
    if any(key in words or (len(key) >= 6 and key in squeezed) for key in weak):
        return True
    if folded.isascii() and all(k.isascii() for k in strong | weak):
        return False
    if any(_inflected(key, words) for key in weak):
        return True
    for name in strong:  # a Japanese or Chinese name's family name, with 氏 or a title
        if _CJK_NAME_RE.search(name) and len(name) >= 3 and any(
                name[:k] + title in folded for k in (1, 2, 3) if k < len(name)
                for title in _AFTER_A_FAMILY_NAME):
            return True
        # ...and a Korean one, its title after a space or not (김민준: "김 장관", "김장관은")
        if _HANGUL_NAME_RE.fullmatch(name) and re.search(
                rf"(?<![\uac00-\ud7af]){name[0]}\s?(?:{_KOREAN_TITLES})", folded):
            return True
    # a name written with or without its accents, a cedilla for a comma below ("Orbán"
    # for the handle's "Orban", "Ştiri Bucureşti" for "Știri București")
    plain = unaccented(folded)
    if any(len(k.strip("@")) >= 3 and not _CJK_NAME_RE.search(k)
           and re.search(rf"(?<!\w){re.escape(unaccented(k))}(?!\w)", plain) for k in strong):
        return True
    plain_words = set(_NAME_WORD_RE.findall(plain))
    return any(unaccented(key) in plain_words for key in weak)



_CJK_NAME_RE = re.compile(f"[{CJK}\uac00-\ud7af]")  # and Hangul names, written whole
#: A Korean name of two to four syllables, its family name first; and the titles the press
#: writes after the family name alone.
_HANGUL_NAME_RE = re.compile("[\uac00-\ud7af]{2,4}")
_KOREAN_TITLES = "장관|의원|대표|위원장|대통령|총리|시장|지사|대변인|차관|청장|원장|부장|교수"
#: What follows a family name written alone in Japanese and Chinese news (山田氏, 山田外相).
_AFTER_A_FAMILY_NAME = ("氏", "さん", "様", "外相", "首相", "大臣", "知事", "市長", "議員",
                        "長官", "社長", "部長", "先生", "外长", "部长", "市长")
#: The endings a Russian or Ukrainian surname takes in its cases (Соколова: Соколовой,
#: Соколову; Иванов: Иванова, Иванову, Ивановым).
_CYRILLIC_ENDINGS = frozenset({"", "а", "у", "ой", "ою", "ым", "им", "ом", "е", "ы", "ого",
                               "ому", "ую", "ій", "ої"})
#: Letters Arabic fuses to the front of a name: and, with, for, as, so (ل before the
#: article: لل).
_ARABIC_PROCLITICS = ("و", "ب", "ف", "ك", "ل", "وب", "ول", "فل")


def _inflected(key: str, words: set) -> bool:
    """Whether a surname stands among `words` as its language bends it: Arabic with a
    letter fused to its front (للخطيب for الخطيب), Russian or Ukrainian in another case
    (Соколовой for Соколова)."""
    if len(key) < 4:
        return False
    if "\u0600" <= key[0] <= "\u06ff":
        bare = key[2:] if key.startswith("ال") else key
        return any(p + key in words for p in _ARABIC_PROCLITICS) or (
            key.startswith("ال") and "لل" + bare in words)
    if "\u0400" <= key[0] <= "\u04ff":
        stem = key[:-1] if key[-1] in "аяоеыь" else key
        return any(w.startswith(stem) and w[len(stem):] in _CYRILLIC_ENDINGS for w in words)
    return False


def _sentences(paragraph: str):
    """(sentence, its quoted spans, the sentence with its quotes blanked) for each sentence
    of a paragraph that quotes anything. A sentence ends at ". ", "? ", "! " before a capital
    letter or a quote — never inside a quote, which may hold several sentences."""
    quotes = [(m.start(), m.end(), next(g for g in m.groups() if g))
              for m in _QUOTED_RE.finditer(paragraph)]
    if not quotes:
        return
    ends = _ARMENIAN_END_RE if _ARMENIAN_RE.search(paragraph) else _SENTENCE_END_RE
    cuts = [m.end() for m in ends.finditer(paragraph)
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
    for index, paragraph in enumerate(paragraphs):
        if index + 1 < len(paragraphs) and paragraph.rstrip().endswith((":", "：")):
            # "The minister wrote on X:" and the quote as a paragraph of its own
            quote = _whole_quote(paragraphs[index + 1])
            named = [author for author in authors if _mentions(paragraph, author)
                     and not _only_as_owner(paragraph, author)] if quote else []
            if named:
                speaker = (_speaker(paragraph + " " + paragraphs[index + 1], quote, named)
                           if len(named) > 1 else named[0])
                claims.append(Claim(speaker.handle,
                                    f"{paragraph.strip()} {paragraphs[index + 1].strip()}",
                                    quote.strip()))
        for sentence, spans, outside in _sentences(paragraph):
            for span in spans:
                # a quote inside a quote: someone's words that cite the author's post
                # („Die Redaktion schrieb: ‚Die Fähre legt ab‘“, hieß es)
                if len(span) > 16 and _QUOTED_RE.search(span):
                    claims += find_claims([span], authors)
            # an attribution set inside the quotation marks (« …, a écrit Martin. … »,
            # «…, — написала Соколова. — …», «… —escribió Ortega—. …»): said outside the
            # quote, which leaves it out as a cut ("[…]") where it stood
            split = []
            for span in spans:
                incise = _INCISE_RE.search(span)
                if incise is not None and incise.start() > 0 and span[incise.end():].strip():
                    outside = outside + " " + incise.group()
                    span = (span[:incise.start()].rstrip(" ,") + " […] "
                            + span[incise.end():].lstrip())
                split.append(span)
            spans = split
            # an outlet's name in quotation marks (Russian, Ukrainian, Polish, Hungarian press
            # style: «Новости Москвы» сообщили…) is a name, not a quote
            names = [span for span in spans if len(span.split()) <= 5 and any(
                comparable(span.strip()) == comparable(author.name or "") for author in authors)]
            if names:
                spans = [span for span in spans if span not in names]
                outside = outside + " " + " ".join(names)
            if len(spans) == 1:
                # the clause the quote is in: a semicolon parts clauses with subjects of
                # their own ("Holt has called it baseless; the complaint alleges she “…”")
                outside = _clause_of_quote(outside)
            named = [author for author in authors if _mentions(outside, author)
                     and not _only_as_owner(outside, author)
                     and not _only_as_object(outside, author)]
            if not named or _said_elsewhere(outside) or _spoken_by_another(outside, named):
                continue
            for span in spans:
                if _a_term_or_title(span, sentence):
                    continue
                # of several authors the sentence names, the quote is the one named nearest
                # before it ("Fidan met Shaibani, who wrote: “…”"), else nearest after it
                speaker = _speaker(sentence, span, named) if len(named) > 1 else named[0]
                claims.append(Claim(speaker.handle, sentence, span.strip()))
    return claims


#: Small words a title keeps in lower case ("Operation Safe Harbor", "The Lord of the
#: Rings", "La Casa de Papel").
_TITLE_SMALL_WORDS = frozenset("of the and a an in on for to at de del la el los las le les "
                               "des du et y e da do das dos di von der die das und".split())


#: Words that put a quoted word or two inside a noun phrase — a term, a scare quote, not
#: someone's words ("the so-called “peace plan”", "his “fix-it-first” platform", „eine
#: ‚Friedensdemo‘“, "una “operación propagandística”").
_DETERMINERS = frozenset((
    *"the a an his her its their our your this that these those so-called supposed alleged "
     "el la los las un una unos unas su sus llamado llamada supuesto supuesta "
     "o os as um uma seu sua seus suas chamado chamada suposto suposta "
     "le les une son sa ses leur leurs ce cette ces prétendu prétendue "
     "der die das den dem des ein eine einen einem einer sein seine ihr ihre sogenannte "
     "sogenannten sogenannter angebliche angeblichen "
     "il gli uno cosiddetto cosiddetta presunto presunta якобы".split(),
    # (two words each, matched as two: "так" alone is "so", "так: «…»" a quote's)
    "так называемый", "так называемая", "так называемое", "так называемые",
    "так званий", "так звана", "так зване"))


def _a_term_or_title(span: str, sentence: str = "") -> bool:
    """A span in quotation marks that is no one's words: a term or a scare quote of one or
    two words inside a noun phrase ("so-called “peace plan”", „eine ‚Friedensdemo‘“), or a
    title or a name in title case ("The Forgotten Coast", “Operation Safe Harbor”). Two
    words said by someone stay a quote («Ответ последует», she wrote). Scripts written
    without spaces are left alone (a word there is a phrase)."""
    words = span.split()
    if not words or NO_SPACE_RE.search(span) or CJK_CHAR_RE.search(span):
        return False
    if len(words) <= 2 and span.rstrip()[-1:] not in ".!?…":
        at = sentence.find(span)
        before = re.findall(r"[\w'’-]+", sentence[max(0, at - 40):at].lower()) if at > 0 else []
        if before and (before[-1] in _DETERMINERS or " ".join(before[-2:]) in _DETERMINERS):
            return True
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    return len(words) <= 5 and len(lettered) >= 2 and all(
        w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in lettered) and any(
        ch.isupper() for ch in span[1:]) and span.rstrip()[-1:] not in ".!?…"


def _clause_of_quote(outside: str) -> str:
    """Of a sentence with one quote (blanked as " … "), the clause it stands in, between
    semicolons."""
    at = outside.find(" … ")
    if at < 0 or ";" not in outside:
        return outside
    start = outside.rfind(";", 0, at) + 1
    end = outside.find(";", at)
    return outside[start:end if end >= 0 else len(outside)]


#: What stands right before a name that is the object of its clause, not its subject:
#: a preposition ("hit back at Holt", "respondió a Soto", "disse a Duarte", "wrote to
#: Holt"), or a verb addressing someone ("Alvarez told Holt", "praised Holt, writing"),
#: titles and articles perhaps between (_BEFORE_A_NAME); "according to" names a source.
_OBJECT_MARKERS = frozenset(
    "at to with about against toward towards upon a al à au aux an gegen über contra sobre "
    "com para ao к с на على ل told urged thanked accused criticised criticized blamed "
    "praised".split())  # (not "said", "asked", "dijo", "disse": "“…,” dijo Ortega" is his)


def _only_as_object(outside: str, author: Author) -> bool:
    """Whether `outside` names the author only as whom the quote is said to or about
    (after a preposition or a verb addressing them: "The union hit back at Holt: “…”",
    "Alvarez told Holt: “…”"): the words are another's."""
    folded = comparable(outside)
    mentions = []
    for name in _name_keys(author):
        mentions += [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}", folded)]
    if not mentions:
        return False
    for at in mentions:
        if at and not folded[at - 1].isspace():
            return False  # part of a longer name ("Al-Khatib"), or glued to a sign
        before = [w for w in re.findall(r"[\w'’]+", folded[max(0, at - 60):at])]
        while before and before[-1] in _BEFORE_A_NAME and before[-1] not in _OBJECT_MARKERS:
            before.pop()  # (a title or an article between: "told Mayor Holt")
        if not before or before[-1] not in _OBJECT_MARKERS or (
                before[-1] == "to" and before[-2:-1] == ["according"]):
            return False
    return True


#: A quote's words said to another outlet or in another setting, and nothing in the
#: sentence about X: not a claim about the author's posts ("Speaking to CBS, Holt said",
#: "told reporters", "in an interview", "at a press conference").
_ELSEWHERE_RE = re.compile(
    r"\b(?:interview\w*|speaking to|spoke to|told (?:reporters|journalists|the press)|"
    r"(?:press|news) conference|briefing|on (?:television|tv|radio)|in a speech|"
    r"entrevista|rueda de prensa|conferencia de prensa|pressekonferenz|im gespräch mit|"
    r"conférence de presse|intervista|conferenza stampa|coletiva|интервью|брифинг)\b")
_ON_X_RE = re.compile(r"\b(?:x|twitter|tweet\w*|post\w*|wrote|writes|written|tuit\w*|"
                      r"publicaci\w+|mensaje|schrieb|beitrag|a écrit|écrit|scritto|escreveu|"
                      r"escribió|написал\w*|كتب|פוסט|ツイート|投稿|推文|트윗|게시)\b")


def _said_elsewhere(outside: str) -> bool:
    folded = comparable(outside)
    return _ELSEWHERE_RE.search(folded) is not None and _ON_X_RE.search(folded) is None


#: A name of two or more capitalised words right before a verb of saying ("Dan Moreau,
#: told reporters", "the National Weather Service warned of"): the quote's speaker.
_PROPER_NAME_RE = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+\s+(?:(?:of|de|del|da|von|van|the)\s+)?)+"
                             r"[A-ZÀ-ÖØ-Þ][\w'’.-]+,?\s*$")
#: Words that open a clause of its own between a name and a later verb ("Holt posted the
#: figures shortly before the NWS warned"): the name is not that verb's subject.
_SUBORDINATE_RE = re.compile(r"\b(?:before|after|while|when|as|because|since|and|but|until|"
                             r"antes|después|mientras|cuando|nachdem|bevor|während|avant|"
                             r"après|pendant|quand)\b", re.IGNORECASE)


def _spoken_by_another(outside: str, named: list) -> bool:
    """Whether the verb of saying that introduces the quote has another subject than every
    author named: a proper name of its own right before it, no author named in its clause
    before it ("…hours after the utility's chief executive, Dan Moreau, told reporters the
    grid was “…”")."""
    at = outside.find(" … ")
    if at < 0:
        return False
    plain = "".join((unaccented(ch) or ch)[0] for ch in outside[:at].lower())
    verbs = list(_SAYING_WORD_RE.finditer(plain))
    if not verbs:
        return False
    verb = verbs[-1].start()
    if any(_mentions(outside[verbs[-1].end():at], author) for author in named):
        return False  # the author right after the verb, its subject ("Am Montag schrieb Holt")
    name = _PROPER_NAME_RE.search(outside[:verb].rstrip())
    if name is None:
        return False
    if any(_mentions(name.group(), author) for author in named):
        return False  # the author, named in full ("Sen. Alex Jones-Carter wrote")
    before = comparable(outside[:name.start()])
    for author in named:
        for k in _name_keys(author):
            i = before.rfind(k)
            if i >= 0 and not _SUBORDINATE_RE.search(before[i + len(k):]) \
                    and before[i + len(k):].strip().startswith(","):
                return False  # "Holt, the Prime Minister, wrote": an apposition
    return True


def _whole_quote(paragraph: str) -> str | None:
    """The quoted words when the whole paragraph is one quotation (its closing mark
    perhaps followed by a full stop), else None."""
    text = paragraph.strip()
    found = _QUOTED_RE.match(text)
    if found is None or text[found.end():].strip(" .,;:!?。，") != "":
        return None
    return next((g for g in found.groups() if g), None)


#: An attribution inside a quote's marks: French ", a écrit Martin sur X." (", écrit-elle."),
#: Russian ", — написала Соколова в X. —", Spanish " —escribió Ortega—.".
_INCISE_RE = re.compile(
    r",\s*(?:a\s+|avait\s+)?(?:[ée]crit|d[ée]clar[ée]|dit|tweet[ée]|publi[ée]|pr[ée]cis[ée]"
    r"|ajout[ée]|r[ée]pondu|soulign[ée]|affirm[ée])(?:-(?:t-)?(?:il|elle|ils|elles|on))?"
    r"(?![\w-])[^«»“”\"]{0,80}?[.,;]\s+"
    r"|,?\s*[—–]\s*(?:написал[аи]?|заявил[аи]?|сказал[аи]?|ответил[аи]?|добавил[аи]?"
    r"|сообщил[аи]?|пишет)(?!\w)[^—–«»]{0,80}?[.,]?\s*[—–]\s*"
    r"|\s*[—–]\s*(?:escribi[óo]|dijo|afirm[óo]|señal[óo]|public[óo]|respondi[óo]|añadi[óo])"
    r"(?!\w)[^—–«»“”]{0,80}?[—–][.,]?\s*", re.IGNORECASE)
#: Verbs of saying and posting, folded as `comparable` folds.
_SAYING_VERBS = (
    r"(?:wrote|writes|write|written|said|says|posted|posts|published|publishes|tweeted|tweets|"
    r"replied|replies|added|adds|told|tells|stated|announced|declared|warned|responded|noted|"
    r"shared|schrieb|schreibt|sagte|sagt|twitterte|erklarte|postete|teilte|antwortete|"
    r"antwortet|erwiderte|repondit|replico|rispose|respondeu|odpowiedzial|ответил|ответила|"
    r"رد|ecrit|a ecrit|"
    r"declare|a declare|a dit|dit|a tweete|a publie|a repondu|escribio|dijo|publico|tuiteo|"
    r"respondio|ha scritto|scrive|ha detto|dice|escreveu|disse|publicou|yazdi|dedi|paylasti|"
    r"schreef|zei|napisal|napisala|powiedzial|написал|написала|заявил|заявила|"
    r"كتب|قال|قالت|كتبت|כתב|אמר)")
#: ...as a sentence puts them right after its speaker ("Okafor wrote to Holt: …", "“…,”
#: the Port Authority replied"); anywhere; and between a quote and the name after it
#: ("“…,” said Holt").
_SAYING_RE = re.compile(r"^\W{0,3}(?:\w+\W+){0,2}?" + _SAYING_VERBS + r"\b")
#: ...right after the words before it ("Holt's post said"), or a few words later, or
#: after an aside in commas ("Holt's post on Saturday said",
#: "Holt's tweet, sent at 2 a.m., read:"), but not past a conjunction ("Reyes disputed
#: Holt's claim and said": Reyes said).
_SAYING_SOON_RE = re.compile(
    r"^(?:\s*,[^,]{1,60},)?(?:\s*(?!(?:and|but|then|while|y|e|et|und|ve)\b)[\w'’.]+){0,4}?"
    r"\s*(?:reads\b|read\b|lautet\b|dice\b|diz\b|" + _SAYING_VERBS + r"\b)")
_SAYING_WORD_RE = re.compile(r"\b" + _SAYING_VERBS + r"\b")
_SAYING_BEFORE_RE = re.compile(r"^\W{0,4}(?:\w+\W+){0,1}?" + _SAYING_VERBS
                               + r"\W+(?:\w+\W+){0,2}$")
#: Between a quote and a name after it: a conjunction that opens a clause of its own.
_NEW_CLAUSE_RE = re.compile(r"\b(?:and|then|while|but|whereas|und|dann|während|aber|et|puis"
                            r"|mais|tandis|y|luego|mientras|pero|e|poi|mentre|ma|en|maar"
                            r"|и|а|но|و|ثم|ve|ama|sonra)\b")
#: After a verb of saying, what opens the quote it introduces: a colon, or a quote mark.
_OPENS_A_QUOTE_RE = re.compile(r"\s*[:：«“„\"'‘‹「『]")
#: The relative pronouns a speaker's clause may open with.
_RELATIVE_RE = re.compile(r"\b(?:who|which|that|qui|der|die|welche|welcher|que|quien|quienes|"
                          r"che|il quale|la quale|который|которая|которые|الذي|التي|אשר|ki)\b")


def _speaker(sentence: str, span: str, named: list) -> Author:
    """Of several authors a sentence names, the one whose words the quote `span` is: the
    one named right after it with a verb of saying ("“…,” the Port Authority replied",
    "„…“, antwortete die Port Authority"), else the one named before it that a verb of
    saying follows ("Okafor wrote to Holt: “…”", "Fidan met Shaibani, who wrote: “…”"),
    else the sentence's subject: the first named before it ("Okafor praised Holt, writing
    that “…”"), else the nearest after it."""
    folded = comparable(sentence)
    quote = comparable(span.strip())
    at = folded.find(quote[:40]) if quote else -1
    if at < 0:
        return min(named, key=lambda a: _distance(sentence, span, a))
    end = at + len(quote)
    # the verbs of saying are listed without accents ("a ecrit", "erklarte", "escribio"):
    # looked for in the sentence without them, letter for letter (a name, with them)
    plain = "".join((unaccented(ch) or ch)[0] for ch in folded)

    def names_this_quote(i: int, k: str) -> bool:
        """A name at `i` after the quote with a verb of saying: the quote's speaker, unless
        the verb opens another quote ("“…”, and Holt added: “…”")."""
        if _NEW_CLAUSE_RE.search(folded, end, i):
            return False  # "“…”, and Holt added her thanks": a clause of its own
        verb = _SAYING_RE.match(plain[i + len(k):])
        if verb is not None:
            return not _OPENS_A_QUOTE_RE.match(folded, i + len(k) + verb.end())
        return _SAYING_BEFORE_RE.search(plain[end:i]) is not None

    right_after = [a for a in named if any(
        0 <= (i := folded.find(k, end, end + 60)) and names_this_quote(i, k)
        for k in _name_keys(a))]
    if len(right_after) == 1:
        return right_after[0]
    # the verb of saying before the quote: in a relative clause ("…Shaibani in Ankara, who
    # wrote"), the one named before its pronoun; else the verb's subject (below); with no
    # such verb, the sentence's subject, the first named
    verbs = list(_SAYING_WORD_RE.finditer(plain, 0, at))
    limit = verbs[-1].start() if verbs else at
    relative = _RELATIVE_RE.search(folded, max(0, limit - 40), limit) if verbs else None
    if relative is not None:
        # "a post in which the Port Authority wrote": the clause's own subject, named
        # between its pronoun and its verb; else ("…Shaibani, who wrote") the one before
        # the pronoun
        def subject_at(a) -> int:
            """Where `a` is named in the clause right before its verb (no comma, at most
            three words between), or -1: "who met Holt on Monday, wrote" names no
            subject of "wrote"."""
            for k in _name_keys(a):
                i = folded.rfind(k, relative.end(), limit)
                between = folded[i + len(k):limit] if i >= 0 else ""
                if i >= 0 and "," not in between and len(between.split()) <= 3:
                    return i
            return -1

        inside = {a.handle: subject_at(a) for a in named}
        if max(inside.values()) >= 0:
            return max(named, key=lambda a: inside[a.handle])
        nearest = {a.handle: max((folded.rfind(k, 0, relative.start()) for k in _name_keys(a)),
                                 default=-1) for a in named}
        if max(nearest.values()) >= 0:
            return max(named, key=lambda a: nearest[a.handle])
    def last_before(end: int) -> tuple[int, int, object]:
        """(start, end, author) of the name nearest before `end`, or (-1, -1, None)."""
        found = (-1, -1, None)
        for a in named:
            for k in _name_keys(a):
                i = folded.rfind(k, 0, end)
                if i > found[0]:
                    found = (i, i + len(k), a)
        return found

    if verbs:
        # a subject named right after its verb, as verb-first clauses have it ("ورداً على
        # منشور حداد، كتب الخطيب", "Auf den Post von Schulz antwortete Becker", "a écrit
        # Martin"): only an article or a title between them; "wrote to Holt" names whom
        # the words were for, not who wrote them
        after = verbs[-1].end()
        right_after_verb = [
            (i, a) for a in named for k in _name_keys(a)
            if 0 <= (i := folded.find(k, after, at)) and all(
                word in _BEFORE_A_NAME for word in folded[after:i].split())]
        if right_after_verb:
            return min(right_after_verb, key=lambda found: found[0])[1]
        # the verb's subject: the name right before it; one set off by commas before the
        # verb ("Holt, replying to the Port Authority, wrote") is in an aside, and the
        # subject is the name before the aside
        start, end_of, author = last_before(limit)
        if author is not None and "," in folded[end_of:limit]:
            aside = folded.rfind(",", max(0, start - 60), start)
            if aside >= 0:
                _s, _e, outer = last_before(aside + 1)
                if outer is not None:
                    return outer
        if author is not None:
            return author
    first = {a.handle: min((i for k in _name_keys(a) if 0 <= (i := folded.find(k, 0, limit))),
                           default=-1) for a in named}
    before = [a for a in named if first[a.handle] >= 0]
    if before:
        return min(before, key=lambda a: first[a.handle])
    return min(named, key=lambda a: _distance(sentence, span, a))


#: What may stand between a verb of saying and the name of its subject after it: articles
#: and titles (folded as `comparable` folds).
_BEFORE_A_NAME = frozenset(
    "the der die das el la le los las les il lo os o a al minister ministerin ministre "
    "ministro mayor bürgermeister maire alcalde prefeito senator senatorin "
    "министр мэр وزير الوزير رئيس".split())


def _name_keys(author: Author) -> list[str]:
    return [k for k in (*_keys(author)[0], *_keys(author)[1]) if len(k.strip("@")) >= 3]


def _distance(sentence: str, span: str, author: Author) -> tuple[int, int]:
    """How far before the quote `span` (0, chars) or after it (1, chars) the sentence last
    names `author`; (2, 0) when it cannot be placed."""
    folded = comparable(sentence)
    quote = comparable(span.strip())
    at = folded.find(quote[:40]) if quote else -1
    if at < 0:
        return 2, 0
    keys = _name_keys(author)
    before = max((folded.rfind(k, 0, at) for k in keys), default=-1)
    if before >= 0:
        return 0, at - before
    after = [i for i in (folded.find(k, at + len(quote)) for k in keys) if i >= 0]
    return (1, min(after) - at) if after else (2, 0)


# Function words that tell the common Latin-script languages of the news apart (a quote
# is short: a few of these are the surest sign of its language).
_FUNCTION_WORDS = {
    "en": "the of and to in is that for it with as was on be by this are from not cannot "
          "will have has its their we our they would should been",
    "tr": "ve bir bu da de ile için olarak olan çok daha gibi kadar ancak ama değil her "
          "biz bizim sonra üzerinde ise",
    "fr": "le la les des et est une dans que pour pas sur avec ne qui sont du au ce nous",
    "de": "der die das und ist nicht ein eine zu den mit sich auf für von dem wir sind",
    "es": "el la los las y es que en un una no por con para del se su al lo como este esta "
          "estos estas pero muy ya",
    "ca": "el la els les i és que en un una no per amb del dels al aquest aquesta aquests "
          "també molt més però perquè seva hem",
    "pt": "o os as e é que em um uma não por com para do da se seu ao como",
    "it": "il lo gli e è che di un una non per con del della si sono al come",
    "nl": "de het een en is van niet dat op te zijn met voor wij die",
}
_FUNCTION_SETS = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_SCRIPT_LANGS = {"HEBREW": "he", "GREEK": "el", "CJK": "zh", "HIRAGANA": "ja",
                 "KATAKANA": "ja", "HANGUL": "ko", "THAI": "th"}


#: Scripts several languages write, and the letters that only one of them uses: a text
#: with none of them is of the script, its language unknown (Persian quoted in a Persian
#: article is not "Arabic", nor Ukrainian "Russian").
_SHARED_SCRIPTS = {
    "ARABIC": (("ur", "ٹڈڑںےۓ"), ("fa", "پچژگکی"), ("ar", "ةىيك")),
    "CYRILLIC": (("uk", "іїєґ"), ("be", "ў"), ("sr", "ђјљњћџ"), ("kk", "әғқңөұүһ"),
                 ("ru", "ыэё")),
}


def guess_language(text: str) -> str | None:
    """A language code for a short text: by script (by the letters only one language of a
    shared script writes), else by function words (None when too few to tell)."""
    script = _script(text)
    if script == "CJK" and _KANA_RE.search(text):
        return "ja"  # Japanese written mostly in kanji: its kana say it is not Chinese
    if script in _SHARED_SCRIPTS:
        letters = set(text.lower())
        return next((lang for lang, own in _SHARED_SCRIPTS[script] if letters & set(own)),
                    None)
    if script in _SCRIPT_LANGS:
        return _SCRIPT_LANGS[script]
    words = re.findall(r"\w+", text.replace("İ", "i").lower())
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_SETS.items()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 2 and ranked[0] > ranked[1]:
        return best
    return None


_KANA_RE = re.compile("[\u3040-\u30ff]")


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
    if is_chinese(claim.quote):
        # Chinese in either set of characters (a Taiwan or Hong Kong page converts what
        # it quotes): compared in simplified ones, as an embed's check does
        from dataclasses import replace as _replace

        claim = _replace(claim, quote=simplified(claim.quote))
        posts = [(post_id, simplified(text) if is_chinese(text, lang) else text, lang)
                 for post_id, text, lang in posts]
    parts = _quote_parts(claim.quote)
    best = (-1.0, None, None, "")
    for post_id, text, lang in posts:
        turkish = is_turkish(lang, text)
        # (the thousands' separators the post's language writes, as an embed's check
        # forgives them: "1500" quotes "1,500", "1.500" in Turkish, "1 500" in French)
        post = _loose(ungrouped(key(text, turkish=turkish), lang))
        found = _find_parts([_loose(ungrouped(key(part, turkish=turkish), lang))
                             for part in parts], post)
        if found is not None:
            gaps = (omitted(claim.quote, text, turkish)
                    if len(parts) > 1 or "[" in claim.quote else None)
            added = (inserted_turn(gaps) if gaps else None) or glued_negation(claim.quote)
            if added is not None:
                added = added.strip("[]")
                return ClaimCheck("altered", post_id, 100.0,
                                  f"puts “[{added}]” in post {post_id}'s words, where the post "
                                  "has no word: the quote says what the post does not")
            taken = cut_turns(gaps, claim.quote, text, turkish) if gaps else None
            if taken is not None:
                return ClaimCheck("altered", post_id, 100.0,
                                  f"a cut inside the quote takes only “{taken}” of post "
                                  f"{post_id}: across it, the quote says what the post does not")
            # A negation of the post's clause right beside the quoted words, which the
            # quote leaves out, is said, not judged: "Never been prouder to stand with…",
            # "can't wait to welcome…", Italian "ne siamo orgogliosi", 非常感谢 are no
            # negation of the words quoted, and no word list tells them apart.
            beside = _beside(post, *found, lang)
            if beside is not None and _article_negates(claim, turkish):
                beside = None  # the article says it, outside the quote's marks
            if beside is not None and beside[1]:
                # right against the words quoted: "never allow…" quoted as "allow…"
                return ClaimCheck("altered", post_id, 100.0,
                                  f"post {post_id} says “{_shown_word(text, beside[0], turkish)}"
                                  "” right against these words, which turns their meaning")
            number = number_cut(claim.quote, text, turkish, ends=True)
            if number is not None:
                return ClaimCheck("altered", post_id, 100.0,
                                  f"a cut goes into a number: post {post_id} says “{number}”")
            marks = vowel_changes(rendered(" ".join(parts)), rendered(text))
            if marks:
                _at, was, now = marks[0]
                return ClaimCheck("altered", post_id, 100.0,
                                  f"post {post_id} writes “{now}” where the quote writes "
                                  f"“{was}”: the same letters, another word")
            cases = case_changes(rendered(" ".join(parts)), rendered(text), turkish, lang)
            if cases:
                _at, was, now = cases[0]
                return ClaimCheck("altered", post_id, 100.0,
                                  f"post {post_id} writes “{now}” where the quote writes "
                                  f"“{was}”: in this sentence the case is the word's meaning")
            redrawn = direction_change(claim.quote, text)
            if redrawn is not None:
                return ClaimCheck("altered", post_id, 100.0,
                                  f"the quote {redrawn} (post {post_id})")
            note = (f"; the post says “{_shown_word(text, beside[0], turkish)}” in the "
                    "clause of these words: read whether it bears on them") if beside else ""
            return ClaimCheck("found", post_id, 100.0,
                              f"in post {post_id} (similarity 100)" + note
                              + cut_notes(gaps or (), text, turkish))
        joined = " ".join(_loose(ungrouped(key(part, turkish=turkish), lang)) for part in parts)
        score = fuzz.partial_ratio(joined, post) if joined else 0.0
        if score > best[0]:
            best = (score, post_id, lang, text)
    score, post_id, lang, text = best
    changes = _changes(" ".join(parts), text, is_turkish(lang, text), score >= FOUND_THRESHOLD,
                       lang)
    if changes is not None:
        number = number_cut(claim.quote, text, is_turkish(lang, text), ends=True)
        if number is not None:  # "received 5" of "5,000": the change is the cut number
            return ClaimCheck("altered", post_id, round(score, 1),
                              f"a cut goes into a number: post {post_id} says “{number}”")
    if changes:
        return ClaimCheck("altered", post_id, round(score, 1),
                          f"differs from post {post_id} (similarity {score:.0f}): {changes}")
    if changes is not None:  # that passage, with no change the rules count
        redrawn = direction_change(claim.quote, text)
        if redrawn is not None:
            return ClaimCheck("altered", post_id, round(score, 1),
                              f"the quote {redrawn} (post {post_id})")
        return ClaimCheck("found", post_id, round(score, 1),
                          f"in post {post_id} (similarity {score:.0f})")
    quote_script = _script(claim.quote)
    post_scripts = {_script(text) for _, text, _ in posts}
    post_langs = {base_language(lang) for _, text, lang in posts
                  if lang and lang not in ("und", "zxx", "qme")}
    # (a quote in a script several languages write, none of its letters telling which,
    # is of no known language: not the article's, which may be written in another script)
    quote_lang = guess_language(claim.quote) or (
        base_language(article_lang) if quote_script not in _SHARED_SCRIPTS else None) or None
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
_CUTS_RE = re.compile(r"\[[^\[\]]{0,60}\]|\((?:…|\.\.\.)\)|[<‹](?:…|\.\.\.)[>›]|[（(]中略[）)]"
                      r"|…|\.\.\.|" + SPACED_ELLIPSIS.pattern)
#: The same, for other modules.
CUT_MARKS_RE = _CUTS_RE
_EDGE_PUNCTUATION = " .,;:!?…'\"\n"


#: What a number goes on with where a cut may end it: its decimals or its next group of
#: digits ("2.5", "5,000", "1'500", "5 000"), a time's minutes, a score's or a fraction's
#: other half ("21:30", "3-1", "3/4"), its magnitude or a percent ("5 million", "4.8
#: percent", "3 millions", "2,5 Prozent", "5 млн", "5 مليون", "3万"), in a key's folding.
_NUMBER_GOES_ON = re.compile(
    r"(?:[.,'٫٬:/]?\d|-\d|[ \u00a0\u202f]\d{3}(?!\d)|\s*[%‰٪]|(?:bn|mn|tn|m|k)(?![^\W\d_])"
    r"|\s*(?:per ?cent|percent|prozent|pour ?cent|por ?ciento"
    r"|por ?cento|per ?cento|procent\w*|процент\w*|відсот\w*|yüzde|درصد|بالمئة|بالمائة"
    r"|million\w*|milliard\w*|billion\w*|trillion\w*|thousand\w*|millón|millones|mil"
    r"|milhões|milhão|bilhões|bilhão|mille|milion\w*|miliard\w*|mln|mld|mrd|bn|tn"
    r"|tausend|millionen|milliarden|млн|млрд|тыс\w*|миллион\w*|миллиард\w*|мільйон\w*"
    r"|мільярд\w*|مليون|ملايين|مليار|مليارات|ألف|آلاف|milyon|milyar|bin|lakh|crore"
    r"|हज़ार|हजार|लाख|करोड़)(?!\w)|\s*[万萬亿億千兆])")
#: ...and what it comes after, where a quote's cut starts with it: "…5 million" of "1.5
#: million", "…000 plaintes" of "5 000 plaintes".
_NUMBER_BEFORE = re.compile(r"\d[.,'٫٬\s]?$")


def number_cut(quote: str, post: str, turkish: bool = False, ends: bool = False) -> str | None:
    """The number a cut of the quote goes into, where the quote's words on one side of a
    cut end (or begin) with a number that the post's words go on with (or come after):
    "fined $5…" of "fined $5 million", "2 […] percent" of "2.5 percent", "…5 million" of
    "1.5 million". With `ends`, the quote's own start and end are cuts too (a quote in
    an article's prose is an excerpt: “received 5” of "received 5,000"). The post's
    words, as its key writes them; None."""
    rendered_quote = without_editors_marks(rendered(quote))
    if not (_DIGIT_BY_CUT_RE.search(rendered_quote) or ends and (
            rendered_quote.strip(_EDGE_PUNCTUATION)[:1].isdigit()
            or rendered_quote.strip(_EDGE_PUNCTUATION)[-1:].isdigit())):
        return None  # no number beside a cut (most quotes): no key of the post to make
    # a comma or point with a space after it between two numbers parts a list or a date
    # ("gates 3, 4 and 5", "Oct. 12, 2025"), which the loose key would glue into one
    text = _loose(key(_LISTED_NUMBERS_RE.sub(r"\1;", post), turkish=turkish))
    cuts = [(m.start(), m.end()) for m in _CUTS_RE.finditer(rendered_quote)
            if not (m.group().startswith("[") and m.group()[1:-1].strip(" .…"))]
    # (a bracket that says something is no cut: bracket_changes reads it)
    if ends:
        cuts = [(0, 0), *cuts, (len(rendered_quote), len(rendered_quote))]
    for start, end in cuts:
        head = rendered_quote[:start].rstrip(_EDGE_PUNCTUATION)
        words = list(_WORD_RE_NUM.finditer(head))[-3:]
        if words and head[-1:].isdigit() and words[-1].end() == len(head):
            run = _loose(key(head[words[0].start():], turkish=turkish))
            at = text.find(run)
            while at >= 0:
                if not (at and text[at - 1].isalnum()):
                    going = _NUMBER_GOES_ON.match(text, at + len(run))
                    if going:
                        end = going.end()
                        while end < len(text) and (text[end].isdigit() or (
                                text[end] in ".,'" and text[end + 1:end + 2].isdigit())):
                            end += 1
                        first = at + len(run)
                        while first > at and (text[first - 1].isdigit()
                                              or text[first - 1] in ".,'"):
                            first -= 1
                        return text[first:end]
                at = text.find(run, at + 1)
        tail = rendered_quote[end:].lstrip(_EDGE_PUNCTUATION)
        words = list(_WORD_RE_NUM.finditer(tail))[:3]
        if words and tail[:1].isdigit():
            run = _loose(key(tail[:words[-1].end()], turkish=turkish))
            at = text.find(run)
            while at > 0:
                before = text[at - 1]
                grouped = (before == " " and at > 1 and text[at - 2].isdigit()
                           and re.match(r"\d{3}(?!\d)", run) is not None)
                # its sign: "15 degrees" of "-15 degrees" (not a score's or range's "3-15")
                signed = before in "-\u2212" and (at < 2 or not text[at - 2].isdigit())
                if before.isdigit() or grouped or signed or (
                        before in ".,'٫٬" and at > 1 and text[at - 2].isdigit()):
                    first = at - 1
                    while first > 0 and (text[first - 1].isdigit() or text[first - 1] in ".,'"):
                        first -= 1
                    number = re.match(r"[\d.,' ]*\d(?:\s*[^\W\d_]+)?", text[first:])
                    return number.group() if number else text[first:at + len(run)]
                at = text.find(run, at + 1)
    return None


_LISTED_NUMBERS_RE = re.compile(r"(\d)[,.،](?=\s+\d)")
#: A digit beside a cut mark ("5…", "[…] 5", "3 (...)"), to look no further in most quotes.
_DIGIT_BY_CUT_RE = re.compile(r"\d[\s.,]*(?:…|\.\.\.|\[|\()|(?:…|\.\.\.|\]|\))[\s.,]*\d")
#: Words and numbers (a number with its decimals or groups: "2.5", "5,000").
_WORD_RE_NUM = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


def _quote_parts(quote: str) -> list[str]:
    """The quote's runs of the author's own words, in order."""
    # "(sic)" parts the quote's words: found whether the post writes it or not
    text = _SIC_IN_PARENTHESES.sub(" … ", rendered(quote)) if "(" in quote else rendered(quote)
    parts = [part.strip(_EDGE_PUNCTUATION)
             for part in _CUTS_RE.split(without_editors_marks(text))]
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


def omitted(quote: str, post: str, turkish: bool) -> tuple[tuple[str, str | None], ...] | None:
    """For a quote that marks words left out inside it ("lasted 12 hours. […] Details
    follow"): at each cut, in order, (what the post says there, its key; the words the
    quote puts in the cut's place in square brackets, or None for an ellipsis), when
    every run of the quote's words stands in the post in that order; None when the quote
    marks no cut inside it or a run is not the post's. Each run is placed as near the
    next as the post allows, so that a cut stands for as little as it can ("We will […]
    defend" takes the "We will" right before "defend", not an earlier one), and for a
    word at least."""
    rendered_quote = without_editors_marks(rendered(quote))
    pieces = _CUTS_RE.split(rendered_quote)
    marks = _CUTS_RE.findall(rendered_quote)
    lead = None  # "[Türkiye] will host…": the bracket stands for the post's first words
    if marks and not pieces[0].strip(_EDGE_PUNCTUATION) and marks[0].startswith("["):
        lead = marks[0][1:-1].strip() or None
    parts, cuts = [], []
    for i, piece in enumerate(pieces):
        piece = piece.strip(_EDGE_PUNCTUATION)
        if piece:
            if parts and len(cuts) < len(parts):
                cuts.append(None)
            parts.append(piece)
        if i < len(marks) and parts:
            mark = marks[i]
            inserted = mark[1:-1].strip() if mark.startswith("[") and mark[1:-1].strip(" .…") else None
            if len(cuts) < len(parts):
                cuts.append(inserted)
            elif inserted:
                cuts[-1] = cuts[-1] or inserted
    if len(parts) < 2 and not (lead and parts):
        return None
    text = _loose(key(post, turkish=turkish))
    keys = [_loose(key(part, turkish=turkish)) for part in parts]
    spans, start = [], 0
    for part in keys:
        at = _word_find(text, part, start)
        if at < 0:
            return None
        spans.append([at, at + len(part)])
        start = at + len(part)
    for i in range(len(spans) - 2, -1, -1):  # each run as late as the next one allows
        at, latest = spans[i][0], spans[i][0]
        while True:
            at = _word_find(text, keys[i], at + 1)
            if at < 0 or at + len(keys[i]) > spans[i + 1][0]:
                break
            if not _WORD_RE.search(text, at + len(keys[i]), spans[i + 1][0]):
                # ...but a cut marks words left out: "We […] received" of "We deny that
                # we received" takes "deny that we", not nothing after the second "we"
                break
            latest = at
        spans[i] = [latest, latest + len(keys[i])]
    gaps = tuple((text[end:next_start], cuts[i] if i < len(cuts) else None)
                 for i, ((_s, end), (next_start, _e)) in enumerate(zip(spans, spans[1:])))
    if lead is not None:
        words = _WORD_RE.findall(text[:spans[0][0]])
        gaps = ((" ".join(words[-6:]), lead), *gaps)  # the words the bracket replaces
    return gaps


def _article_negates(claim: Claim, turkish: bool) -> bool:
    """Whether the article's own words around the quote, in its clause, carry a negation
    (would never "abandon…", لن «تقبل…»): the quote then leaves out no negation the
    article does not say."""
    sentence = _loose(key(claim.sentence, turkish=turkish))
    first = next(iter(_quote_parts(claim.quote)), "")
    words = _loose(key(first, turkish=turkish))
    at = sentence.find(words) if words else -1
    if at < 0:
        return False
    return _negated(sentence, at, at + len(words)) is not None


def may_negate(text: str, lang: str | None = None) -> bool:
    """Whether `text` holds anything _beside could take for a negation (a quick look,
    before the keys are made): most posts hold none. `lang`: the post's language, whose
    own negations count too (_NEGATIONS_BY_LANG)."""
    lowered = text.lower().replace("\u0307", "")  # DEĞİL: değil
    if "\u2019" in lowered:
        lowered = lowered.replace("\u2019", "'")  # "don’t", as the keys write it
    words = set(_WORD_RE.findall(lowered))
    own = _lang_negations(lang)
    return bool(words & _ANY_NEGATION) or bool(own and words & own[2]) or (
        not text.isascii() and _MAY_NEGATE_CHAR.search(text) is not None)


def cut_negation(shown: str, post: str, turkish: bool,
                 lang: str | None = None) -> tuple[str, str, bool] | None:
    """For a quote that is one run of the post's words cut at an end (a prefix, an
    excerpt): a negation in the post's clause right before the run or right after it,
    which the cut leaves out ("…Vorschlag" of "…Vorschlag nicht."), as the post writes
    it, which side ("before", "after"), and whether it stands right against the run
    (_beside); None."""
    text = _loose(key(post, turkish=turkish))
    run = _loose(key(shown, turkish=turkish)).strip(_EDGE_PUNCTUATION)
    at = _word_find(text, run, 0) if run else -1
    if at < 0:
        return None
    beside = _beside(text, at, at + len(run), lang)
    if not beside:
        return None
    found, against = beside
    after = found in _WORD_RE.findall(text[at + len(run):at + len(run) + 200]) or \
        found in text[at + len(run):at + len(run) + 40]
    return _shown_word(post, found, turkish), "after" if after else "before", against


#: Words an editor's brackets may stand for ("[the minister] said" for "I said"): a cut
#: whose bracketed words replace only these (or nothing) clarifies; any other word it
#: replaces is a change ("[accepted]" for "rejected").
_PRONOUNS = frozenset("""
    i me my mine we us our ours you your he him his she her hers it its they them their
    this that these those here there
    je me moi nous vous il elle ils elles on ce cela ceci lui leur
    ich mich mir wir uns du er sie es ihn ihm ihr dies das
    yo me mí nosotros nosotras él ella ellos ellas esto eso
    ben beni bana biz bize sen siz o onu ona onlar bu şu
    أنا نحن هو هي هم هذا هذه ذلك تلك
""".split())


#: The notes a faithful excerpt's detail carries of what its cuts take, for a reader to
#: weigh (an embed's `truncated` detail, a prose quote's `found` one): a negation a cut
#: inside the quote leaves out, the post's words an editor's bracket stands for, a negation
#: further off in the clause past an end's cut. Said, never judged. `cut_notes` and
#: verify's end-cut note write them from these words, and `cuts_to_read` finds them in a
#: recorded detail by the same words (the served "Cuts to read", the home page's count,
#: `archiver verify`'s summary): one wording, kept here.
CUT_NOTES = {
    "negation": "a cut leaves out “{word}”: read what it takes",
    "bracket": "“[{said}]” stands for the post's “{word}”",
    "inserted": "“[{said}]” is not in the post: the editor's words",
    "edge": "the post says “{word}” in the same clause {where}: read what the cut takes",
}
#: Where an end's cut is, in the "edge" note: past a prefix's end, before an excerpt's start.
CUT_PLACES = ("after the cut", "before where it starts")


def _note_pattern(template: str) -> str:
    """A CUT_NOTES template as a regular expression: its words as written, each field
    some text (the place, one of CUT_PLACES)."""
    pattern = ""
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if field == "where":
            pattern += "(?:" + "|".join(map(re.escape, CUT_PLACES)) + ")"
        elif field is not None:
            pattern += ".+?"
    return pattern


_CUT_NOTE_RE = re.compile("|".join(f"(?:{_note_pattern(t)})" for t in CUT_NOTES.values()))
#: The same notes as SQL LIKE patterns (a field is any text): a statement narrows the
#: details it reads to these, and `cuts_to_read` says which notes each holds.
CUT_NOTES_LIKE = tuple("%" + re.sub(r"\{\w+\}", "%", t) + "%" for t in CUT_NOTES.values())


def cuts_to_read(detail: str | None) -> list[str]:
    """The notes of what a cut takes (CUT_NOTES) that a recorded detail holds, in order:
    `[]` for a detail without any. A quote with one is no misquote (a word list cannot tell
    a negation that bears on the words quoted from one whose clause the cut takes whole),
    but a reader must read what the cut takes: "We will […] raise ferry fares" of "We will
    not raise ferry fares"."""
    if not detail:
        return []
    return [found.group() for found in _CUT_NOTE_RE.finditer(detail)]


#: The result of a prose quote's check whose detail may note what a cut takes: found in
#: the post, every part in order (an altered one is a misquote, listed as one).
PROSE_CUT_RESULT = "found"


def prose_cuts_to_read(result: str | None, detail: str | None) -> list[str]:
    """The notes of what a cut takes (cuts_to_read) that a prose quote's check records and
    leaves to a reader: a quote found in the post; none for a misquote (listed as one)."""
    return cuts_to_read(detail) if result == PROSE_CUT_RESULT else []


def cut_notes(gaps, post: str, turkish: bool) -> str:
    """What a reader should know of the cuts inside a faithful excerpt, as a detail's tail:
    the negation a cut leaves out, the post's words a bracket stands for (CUT_NOTES). Said,
    never a verdict: no word list tells a negation that bears on the words quoted from one
    whose clause the cut takes whole, nor an editor's clarification from a change."""
    notes = []
    # (a bracket in a word's place names that word itself: a word that turns the clause
    # without negating it is said by the bracket's note)
    negation = next((word for word in (negation_in(g, turning=inserted is None)
                                       for g, inserted in gaps) if word), None)
    if negation is not None:
        notes.append(CUT_NOTES["negation"].format(word=_shown_word(post, negation, turkish)))
    replaced = bracket_changes(gaps)
    if replaced is not None:
        notes.append(CUT_NOTES["bracket"].format(
            said=replaced[0], word=_shown_word(post, replaced[1], turkish)))
    added = next((inserted for said, inserted in gaps
                  if inserted is not None and not _WORD_RE.findall(said)), None)
    if added is not None:
        notes.append(CUT_NOTES["inserted"].format(said=added))
    return "".join(f"; {note}" for note in notes)


def cut_turns(gaps, quote: str, post: str, turkish: bool) -> str | None:
    """The post's words a cut inside a quote takes when they are all it takes and they
    turn what the words either side say: a negation or an "only" alone ("I did […]
    vote" of "I did NOT vote", "El Gobierno […] subirá" of "no subirá"), or a number
    beside a number the quote keeps ("Today […] 10 children" of "1 in 10 children"). No
    editor cuts those and keeps the sentence's sense: a misquote, not an excerpt. None
    when every cut takes more, or other words (a negation among other words, a word that
    turns a clause without negating it, "without", "denies", is said by cut_notes, not
    judged)."""
    beside_number = _NUMBER_BESIDE_CUT_RE.search(without_editors_marks(rendered(quote)))
    for said, inserted in gaps:
        if inserted is not None:
            continue
        whole = said.strip(_EDGE_PUNCTUATION)
        if whole and negation_in(whole, turning=False) == whole:
            return _shown_word(post, whole, turkish)  # (a word of a script without spaces)
        words = _WORD_RE.findall(whole)
        if not words or len(words) > 2:
            continue
        if len(words) == 2 and words[0] in _CUT_NEGATIONS and words[1] in _ONLY_WORDS:
            continue  # "not only": the words after it still hold
        if all(negation_in(word, turning=False) is not None for word in words) \
                or (beside_number is not None and any(w[:1].isdigit() for w in words)):
            return " ".join(_shown_word(post, word, turkish) for word in words)
    return None


#: A cut mark with a number right against it, before or after.
_NUMBER_BESIDE_CUT_RE = re.compile(r"\d[\s\u00a0]*(?:\[(?:…|\.\.\.)\]|\((?:…|\.\.\.)\)|…|\.\.\.)"
                                   r"|(?:\[(?:…|\.\.\.)\]|\((?:…|\.\.\.)\)|…|\.\.\.)[\s\u00a0]*\d")


def cut_places(gaps) -> tuple[int, int, int]:
    """How many of a quote's cuts leave words of the post out (an ellipsis), put words of
    the editor's in their place (a bracket for some), and put words in where the post has
    none (a bracket for nothing)."""
    left = replaced = added = 0
    for said, inserted in gaps:
        if inserted is None:
            # (an ellipsis that is the post's own, "I said no... and meant it", leaves
            # nothing out: no word between the runs it parts)
            left += bool(_WORD_RE.search(said))
        elif _WORD_RE.findall(said):
            replaced += 1
        else:
            added += 1
    return left, replaced, added


_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


#: A negating prefix put in brackets on a word of the post's ("[un]fair", "[im]possible",
#: "[nie]möglich"): the quote says the opposite of the post.
_GLUED_NEGATION = re.compile(r"\[(un|in|im|il|ir|non|dis|nie|ne)-?\](?=[^\W\d_])",
                             re.IGNORECASE)


def glued_negation(quote: str) -> str | None:
    """The bracket of a negating prefix glued to a word in `quote` ("[un]"), or None."""
    found = _GLUED_NEGATION.search(quote) if "[" in quote else None
    return found.group() if found else None


def inserted_turn(gaps) -> str | None:
    """The words in brackets a quote puts in, alone or for the post's words, when they turn
    what the post says: a negation or an "only" the post's words there lack ("We will [not]
    raise taxes", "we [won't] raise" for "we will raise", "[Only] we will…"), or another
    number than the post's ("[20]" for "200"). No editor's clarification, a misquote. None
    when every bracket clarifies (or names someone: no word list tells "[Biden]" for "he"
    from "[Biden]" for "Trump"; that is said, as what the bracket stands for)."""
    for said, inserted in gaps:
        if inserted is None:
            continue
        words = _loose(key(inserted))
        added = set(_WORD_RE.findall(words))
        replaced = set(_WORD_RE.findall(said))
        if negation_in(words) is not None and negation_in(said) is None:
            return inserted
        if (added & _ONLY_WORDS) - replaced:
            return inserted
        numbers = _NUMBER_RE.findall(said)
        if numbers and _NUMBER_RE.findall(words) and _NUMBER_RE.findall(words) != numbers:
            return inserted
    return None


def bracket_changes(gaps) -> tuple[str, str] | None:
    """(the bracketed words, what the post says in their place) of the first cut whose
    brackets stand for words other than pronouns; None when every bracket clarifies."""
    for said, inserted in gaps:
        if inserted is None:
            continue
        words = _WORD_RE.findall(said)
        if words and not all(word in _PRONOUNS for word in words) \
                and _WORD_RE.findall(_loose(key(inserted))) != words:  # (the post's own words)
            return inserted, said.strip(" ,.;:")
    return None


def negation_in(text: str, turning: bool = True) -> str | None:
    """A word (or CJK or Thai negation) of `text`, a key, that negates what follows or
    precedes it: a cut that leaves it out turns the quote's meaning. Not the false friends
    (_NOT_NEGATIONS: 非常 "very", لا سيما "especially", "no-fly"): a word right before a
    hyphen is part of a compound."""
    matches = list(_WORD_RE.finditer(text))
    for i, found in enumerate(matches):
        word = found.group()
        if text[found.end():found.end() + 1] == "-":
            continue
        following = matches[i + 1].group() if i + 1 < len(matches) else ""
        if word in _CUT_NEGATIONS and (turning or word not in _TURNING
                                       or word in _CUT_NEGATIONS_ONLY):
            if following in _NOT_NEGATION_AFTER:
                continue
            return word
        if word.startswith(_NEGATIVE_PREFIXES):
            return word
    for at, ch in enumerate(text):
        if ch in _CJK_NEGATIONS and not text.startswith(_NOT_NEGATIONS, at):
            return ch
    if "ไม่" in text:  # Thai, written without spaces
        return "ไม่"
    japanese = _JA_NEGATED_RE.search(text)
    if japanese is not None:  # a Japanese verb's negative ending: 承認しない
        return japanese.group()
    for word in _WORD_RE.findall(text):
        if word in _ONLY_WORDS:  # "is only effective" cut to "is […] effective"
            return word
    return None


#: An editor's marks that change no word: a capital put in brackets ("[W]e will"), and
#: notes such as "[emphasis added]" or "[sic]".
_EDITORS_CASE = re.compile(r"\[([^\W\d_])\](?=\w)")
_EDITORS_NOTE = re.compile(r"\s*\[(?:emphasis (?:added|mine|ours)|our emphasis|sic|"
                           r"translated|translation (?:ours|mine))\]", re.IGNORECASE)


#: "(sic)" as some styles write it, in parentheses: an editor's too, unless the post
#: itself says "sic" (then it is the post's word).
_SIC_IN_PARENTHESES = re.compile(r"\s*\(sic!?\)", re.IGNORECASE)


def without_editors_marks(text: str, post: str | None = None) -> str:
    """`text` without an editor's marks that change no word (_EDITORS_CASE, _NOTE, and
    "(sic)" when `post` is given and does not say "sic" itself)."""
    if post is not None and "(" in text and "sic" not in post.lower():
        text = _SIC_IN_PARENTHESES.sub("", text)
    if "[" not in text:
        return text
    if post is not None and "[" in post:  # (a bracket the post writes itself is its own)
        return _EDITORS_NOTE.sub(lambda m: m.group() if m.group().strip() in post else "",
                                 _EDITORS_CASE.sub(lambda m: m.group() if m.group() in post
                                                   else m.group(1), text))
    return _EDITORS_NOTE.sub("", _EDITORS_CASE.sub(r"\1", text))


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


def word_edge(a: str, b: str) -> bool:
    """Whether two adjacent characters may part two words (`_edge`)."""
    return _edge(a, b)


def _edge(a: str, b: str) -> bool:
    """Whether two adjacent characters may part two words: not two letters or digits of
    a script written with spaces (Chinese and Japanese are written without: any place)."""
    return not (a.isalnum() and b.isalnum()) or bool(
        CJK_CHAR_RE.match(a) or CJK_CHAR_RE.match(b)
        or _NO_SPACE_RE.match(a) or _NO_SPACE_RE.match(b))


_NO_SPACE_RE = NO_SPACE_RE


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
    δεν μην tidak bukan 안 못 không inte aldrig ikke nigdy
"""
_NEGATE_BEFORE_WORDS = ("değil pas nicht nie नहीं नही نیست نیستیم نیستند نیستم niet inte ikke "
                        "않는다 않습니다 않았다 않을 않고 않아 않는 못한다 못했다")
#: The words a note names where a cut leaves one out: the lists above, less the words
#: that are most often something else, and the negations of more languages; and the
#: words that turn a clause as a negation does ("without", "except", "deny", "refuse",
#: "reject", "false", in the languages of the lists). These say
#: only what was cut: a word list cannot tell a negation that bears on the words quoted
#: from one whose clause the cut takes whole ("The bridge, not the tunnel, […] reopens")
#: or one that is no negation at all (No 10, Swedish nu "now", Vietnamese hàng không).
_CUT_NEGATION_WORDS = """
    not no never cannot can't won't don't doesn't didn't isn't aren't wasn't weren't
    shouldn't wouldn't couldn't mustn't hasn't haven't hadn't nor nobody none nothing
    jamais aucun aucune nicht kein keine keinen keinem keiner nie niemals
    niemand nunca nadie ningún ninguna não nao ninguém nenhum nessuno
    не ни нет ні ніколи никогда никто ніхто
    لا لن لم ليس ليست لسنا لست ليسوا هرگز هیچ לא אין नहीं
    δεν μην όχι ούτε niet geen nooit inte aldrig ikke aldri
    không chẳng chưa tidak bukan belum nigdy niciodată nem soha
    نہیں না নয় değil yok asla
    non ne pas nada nikdy nu ei 안
    hardly barely scarcely kaum guère
"""
#: Words that turn a clause as a negation does, without being one: "without", "except",
#: "deny", "refuse", "reject", "false" (and their forms, in the languages of the lists).
#: A cut that takes one is said (a note), as a negation's; never judged by them alone.
_TURNING_WORDS = """
    without except unless ohne außer sans sauf sin salvo excepto sem exceto senza tranne
    zonder behalve utan uden uten без кроме крім bez kromě oprócz بدون دون عدا باستثناء
    بجز tanpa बिना בלי ללא
    deny denies denied denying refuse refuses refused refusing reject rejects rejected
    false untrue falso falsa falsos falsas faux fausse fausses falsch falsche falscher
    falsches yanlış ложно ложь неправда неправдиво خطأ كاذب كاذبة
    bestreitet bestreiten dementiert dementieren lehnt ablehnen abgelehnt
    dément démentent nie nient refuse refusent rejette rejettent niega niegan negó rechaza rechazan rechazó
    nega negam negou recusa rejeita smentisce rifiuta respinge ontkent weigert verwerpt
    отрицает отрицают опровергает отказывается отвергает заперечує відкидає
    ينفي تنفي نفى نفت يرفض ترفض رفض رفضت reddetti reddediyor yalanladı
"""
#: Negative verb forms known by how they begin: Persian نمی‌ (the present's negation,
#: with its half-space or without), Korean 않 and 못하 (…지 않다, …지 못하다).
_NEGATIVE_PREFIXES = ("نمی", "نخواه", "نیست", "نکرد", "نشد", "نبود", "ندار", "않", "못하", "없")
#: Negation words inside words that are no negation, as they stand in a text: 非常 (very),
#: 未来 (future), 无论 (whatever), 不过 (but), 不仅 / 不但 (not only), 非洲 (Africa), 别人
#: (others), لا سيما (especially); and a word before a hyphen ("no-fly zone").
_NOT_NEGATIONS = ("非常", "未来", "未來", "无论", "無論", "不过", "不過", "不仅", "不僅", "不但",
                  "非洲", "别人", "別人", "别的", "別的", "莫斯科", "特别", "特別", "分别", "分別",
                  "区别", "區別", "个别", "個別", "级别", "級別", "类别", "類別", "差别", "差別",
                  "告别", "告別", "性别", "性別", "识别", "識別", "不少", "无数", "無數",
                  "不断", "不斷", "不久", "不错", "不錯", "不得不", "不管", "不论", "不論")
_NOT_NEGATION_AFTER = {_key_word for _key_word in ("سيما",)}
#: Words that negate a verb only right before it: Arabic ما and غير before a quote that
#: starts there ("ما وافقنا", we did not agree; "غير مستقر", unstable).
_NEGATE_ADJACENT_WORDS = "ما غير"
_NEGATION_REACH = 6
#: CJK negations, a character or two before the quoted words (不会, 没有, 未曾…), and
#: Japanese ones right after them (ない, ません, なかった, ず).
_CJK_NEGATIONS = frozenset("不没沒未别別無无非莫勿")
_JA_NEGATED_RE = re.compile(r"(?:では|じゃ|く)?(?:し|でき|せ|さ|い|あり|おり)?"
                            r"(?:ない|なかった|ません|ませんでした|ず|ぬ)(?![ぁ-ゖっ])")
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
#: Any word of the lists, in lower case, and a CJK or Japanese negation: `may_negate`.
_ALL_NEGATIONS = frozenset((_NEGATE_NEXT_WORDS + " " + _NEGATE_BEFORE_WORDS + " "
                            + _NEGATE_ADJACENT_WORDS + " " + _TURNING_WORDS).lower().split())
_MAY_NEGATE_CHAR = re.compile("[" + "".join(sorted(_CJK_NEGATIONS)) + "]|ない|ません|ず|ぬ"
                              "|ไม่|มิได้|อย่า|ບໍ່|មិន|မဟုတ်|نمی|نخواه|نیست|نکرد|نشد|نبود|ندار|않|못하|없")
_TURNING = _folded_words(_TURNING_WORDS)
_CUT_NEGATIONS_ONLY = _folded_words(_CUT_NEGATION_WORDS)
_CUT_NEGATIONS = _CUT_NEGATIONS_ONLY | _TURNING
_NEGATIVE_PREFIXES = tuple(_folded_words(" ".join(_NEGATIVE_PREFIXES)))  # as keys fold them
_NEGATE_BEFORE = _folded_words(_NEGATE_BEFORE_WORDS)
_NEGATE_ADJACENT = _folded_words(_NEGATE_ADJACENT_WORDS)


def _negated(post: str, start: int, end: int) -> str | None:
    """A negation in the post's clause right before the quoted words (or right after,
    where the language puts it there), which the quote leaves out; None if none. See
    `_beside`: whether it stands right against them."""
    found = _beside(post, start, end)
    return found[0] if found else None


def _beside(post: str, start: int, end: int,
            lang: str | None = None) -> tuple[str, bool] | None:
    """(a negation of the post's clause beside the quoted words that the quote leaves
    out, whether it stands right against them: the word before the quote, or the word
    after it where the language puts the negation after; a CJK negation one character
    before, or with a modal between), or None. Only a negation right against the words
    turns them for sure ("We will never allow…" quoted as "allow…"); one further off may
    bear on other words ("Never been prouder to stand with…", "can't wait to welcome…")."""
    before = post[max(0, start - 200):start]
    cut = len(before)
    while cut and not _clause_end(before[cut - 1]):
        cut -= 1
    clause = before[cut:]
    words = _WORD_RE.findall(clause)
    if clause.rstrip().endswith(_UNSPACED_NEGATIONS):
        # a script written without spaces: the negation ends the clause's one "word"
        # ("…ขึ้นภาษี" of "รัฐบาลจะไม่ขึ้นภาษี")
        return next(n for n in _UNSPACED_NEGATIONS if clause.rstrip().endswith(n)), True
    last = words[-1] if words and clause.rstrip().endswith(words[-1]) else None
    own = _lang_negations(lang)
    if last is not None and own and last in own[0] and last not in _NOT_AGAINST:
        return last, True  # the post's language's own negation before its verb
    if last is not None and (last in _NEGATE_NEXT or last in _NEGATE_ADJACENT) \
            and last not in _NOT_AGAINST and not (len(words) > 1 and words[-2] in _OR_WORDS) \
            and not _compound(words, post[start:start + 40]):
        return last, True  # (not "like it or not we will…")
    for word in reversed(words[-_NEGATION_REACH:]):
        if word in _NEGATE_NEXT:
            return word, False
    for word in reversed(words[-_NEGATION_REACH:]):
        if word in _TURNING:  # "It is false that […]", "We rejected claims that […]"
            return word, False
    near = clause.rstrip()[-2:]
    if (near[-1:] in _CJK_NEGATIONS or (near[:1] in _CJK_NEGATIONS and near[-1:] in _CJK_MODALS)) \
            and not clause.rstrip().endswith(_NOT_NEGATIONS):
        return (near[-1] if near[-1:] in _CJK_NEGATIONS else near[0]), True
    after = post[end:end + 200]
    stop = 0
    while stop < len(after) and not _clause_end(after[stop]):
        stop += 1
    clause = after[:stop]
    japanese = _JA_NEGATED_RE.match(clause)
    if japanese:
        return japanese.group(), True
    words = _WORD_RE.findall(clause)[:3]
    if words and clause.lstrip().startswith(words[0]) \
            and (words[0] in _NEGATE_AFTER_CUT or words[0] in _NEGATE_AFTER_CUT_MORE
                 or words[0].startswith(_NEGATIVE_PREFIXES) or (own and words[0] in own[1])) \
            and not (words[0] in _NI_WORDS and _WORD_RE.findall(post[start:end])[-1:] == ["бы"]) \
            and not (words[0] in _VI_QUESTION and clause.lstrip()[len(words[0]):].lstrip()[:1]
                     in ("", "?")) \
            and not (len(words) > 1 and words[1] in _ONLY_WORDS | _TAGS_AFTER) \
            and not (words[0] == "không" and (len(words) > 1 and words[1] in _VI_AFTER
                                              or post[start:end].rstrip().endswith("hàng"))):
        return words[0], True  # "We have won…" of "We have won nothing.", "Мы ещё…" of "Мы ещё не…"
    head = clause.lstrip()
    if head.startswith(_UNSPACED_NEGATIONS):
        return next(n for n in _UNSPACED_NEGATIONS if head.startswith(n)), True
    for i, ch in enumerate(head[:2]):
        # a CJK negation opening what the cut left out, or after an adverb ("我们……" of
        # "我们绝不会接受"), not one inside a word that is none (非常, 未来)
        if ch in _CJK_NEGATIONS and not head.startswith(_NOT_NEGATIONS, i) \
                and (i == 0 or head[0] in _CJK_NEGATION_ADVERBS):
            return (head[:i + 1] if i else ch), True
    for i, word in enumerate(words[:2]):
        if word in _NEGATE_BEFORE:
            if i + 1 < len(words) and words[i + 1] in _ONLY_WORDS | _TAGS_AFTER:
                return None  # "nicht nur …" (not only), "değil mi" (isn't it?), "pas à pas"
            return word, i == 0 and clause.lstrip().startswith(word) and word not in _NOT_AGAINST
    return None


def _compound(words: list[str], following: str) -> bool:
    """Whether the clause's last word, a negation by the lists, is part of a compound
    that is none: Vietnamese hàng không (aviation), không gian (space), không khí (air),
    Không quân (air force)."""
    if words[-1] != "không":
        return False
    nxt = _WORD_RE.findall(following[:20])
    return (len(words) > 1 and words[-2] == "hàng") or bool(nxt) and nxt[0] in _VI_AFTER


_VI_AFTER = frozenset("gian khí quân phận ảnh lưu".split())


#: Negations that turn the words right before them where a cut stops there (English, and
#: French "ne"): "won…" of "won nothing", "is…" of "is not something I could ever recommend",
#: "they…" of "they don't know" (after an auxiliary or a verb, as German "nicht").
_NEGATE_AFTER_CUT = frozenset("""not never nothing none nobody neither no cannot can't won't
    don't doesn't didn't isn't aren't wasn't weren't shouldn't wouldn't couldn't mustn't
    hasn't haven't hadn't ain't ne""".split())  # (and French "ne", before its verb)
#: ...and the negations of more languages that stand before their verb (or as a word of
#: their own), which a cut right before them leaves out as surely: "Мы ещё…" of "Мы ещё не
#: получили", "Chính phủ sẽ…" of "Chính phủ sẽ không…", "הממשלה…" of "הממשלה לא תאשר".
#: (Words that are as often something else are left out: Swedish nu "now", Finnish en/et,
#: Polish tak "yes", Hindi न, Persian نه "nine", Portuguese sem "without".)
_NEGATE_AFTER_CUT_MORE_WORDS = ("""
    nunca jamás jamas não nao nem non nicht kein keine keinen keinem keiner nie niemals
    niet geen nooit inte ej ikke aldrig aldri nigdy
    не ни нет никогда ні ніколи
    لا لن لم ليس ليست لسنا لست ليسوا לא אין नहीं नही نہیں
    δεν μην όχι ούτε không chưa chẳng đừng tidak bukan belum jangan 안 못
""")
_NEGATE_AFTER_CUT_MORE = _folded_words(_NEGATE_AFTER_CUT_MORE_WORDS)
#: Each language's own negations (X names every post's language), where a word list for
#: all languages would take words that are something else in another ("nu", "now" in
#: Swedish, "not" in Romanian; Finnish "en", "et"; Malay "tak", Polish "yes"): (the words
#: that stand before the verb they negate, those that stand after it or alone). Words
#: fused into their verb (Swahili ha-, Slovak ne-, Turkish -ma-) are not words here, nor
#: Japanese's and Chinese's, whose characters are each a word (_JA_NEGATED_RE,
#: _CJK_NEGATIONS).
_NEGATIONS_BY_LANG_WORDS = {
    "ro": ("nu n-a n-am n-au n-ai n-o niciodată nici", "nu nimic nimeni niciodată"),
    "fi": ("ei en et emme ette eivät älä älkää", "ei en et emme ette eivät koskaan"),
    "et": ("ei ära ärge", "ei mitte kunagi"),
    "cs": ("ne nikdy není nejsou nebude nebudou nemá nemají nemůže nechce",
           "ne nikdy není nejsou nebude nebudou nic nikdo"),
    "sk": ("nie nikdy nebude nebudú nemá nemajú nemôže nechce",
           "nie nikdy nebude nebudú nič nikto"),
    "hr": ("ne nije nisu nisam nismo niste nikad nikada neće nećemo neću nećete nema",
           "ne nije nisu nikad nikada ništa neće nema"),
    "bs": ("ne nije nisu nisam nismo niste nikad nikada neće nećemo neću nema",
           "ne nije nisu nikad nikada ništa neće nema"),
    "sr": ("ne nije nisu nisam nikad neće nema не није нису нисам никад никада неће нема",
           "ne nije nisu nikad ništa neće не није нису никад ништа неће"),
    "sl": ("ne ni niso nisem nikoli", "ne ni niso nikoli nič"),
    "bg": ("не няма никога", "не няма никога нищо"),
    "mk": ("не нема никогаш", "не нема никогаш ништо"),
    "uk": ("не ні ніколи", "не ні ніколи нічого"),
    "be": ("не ні ніколі", "не ні ніколі нічога"),
    "hu": ("nem ne sem soha", "nem ne sem soha semmi"),
    "eu": ("ez inoiz", "ez inoiz"),
    "ca": ("no mai", "no mai res"),
    "gl": ("non nunca", "non nunca"),
    "sq": ("nuk mos s' kurrë", "nuk mos kurrë asgjë"),
    "lt": ("ne nėra niekada", "ne nėra niekada"),
    "lv": ("ne nav nekad", "ne nav nekad"),
    "is": ("ekki aldrei", "ekki aldrei"),
    "af": ("nie nooit geen", "nie nooit geen"),
    "fil": ("hindi huwag wala", "hindi huwag wala"),
    "ms": ("tidak tak bukan belum jangan", "tidak tak bukan belum"),
    "id": ("tidak tak bukan belum jangan", "tidak tak bukan belum"),
    "sw": ("si hapana hakuna", "hapana hakuna"),
    "bn": ("না নয় নেই", "না নয় নি নেই"),
    "as": ("নহয় নাই", "নহয় নাই"),
    "mr": ("न नको", "नाही नको न"),
    "ne": ("न नहीं", "छैन होइन हुँदैन नहीं"),
    "pa": ("ਨਹੀਂ ਨਾ ਕਦੇ", "ਨਹੀਂ ਨਾ"),
    "gu": ("ન નહીં", "નથી નહીં ન"),
    "or": ("ନା ନାହିଁ", "ନାହିଁ ନୁହେଁ"),
    "ta": ("இல்லை", "இல்லை மாட்டேன் மாட்டோம் மாட்டார் வேண்டாம் கூடாது"),
    "te": ("కాదు లేదు", "లేదు కాదు వద్దు"),
    "kn": ("ಇಲ್ಲ", "ಇಲ್ಲ ಅಲ್ಲ ಬೇಡ"),
    "ml": ("ഇല്ല", "ഇല്ല അല്ല വേണ്ട"),
    "si": ("නැහැ නෑ", "නැහැ නෑ නොවේ"),
    "am": ("አይ", "አይደለም የለም"),
    "ka": ("არ ვერ ნუ არასდროს", "არ არა ვერ"),
    "hy": ("չի չեն չէ ոչ երբեք", "չի չեն չէ ոչ"),
    "az": ("heç", "deyil yox heç"),
    "kk": ("ешқашан", "емес жоқ"),
    "ky": ("эч", "эмес жок"),
    "uz": ("hech", "emas yo'q yoʻq hech"),
    "tr": ("asla hiç", "değil yok asla"),
    "km": ("មិន ពុំ កុំ", "ទេ មិន"),
    "my": ("မ", "ဘူး"),
    "ko": ("안 못", "않 없 못 아니"),
    "pt": ("não nunca nem", "não nunca nada"),
    "es": ("no nunca jamás ni", "no nunca nada"),
    "it": ("non mai né", "non mai niente nulla"),
    "fr": ("ne n' jamais", "pas jamais rien plus"),
}
_NEGATIONS_BY_LANG = {
    code: (_folded_words(before), _folded_words(after),
           frozenset((before + " " + after).lower().split()))
    for code, (before, after) in _NEGATIONS_BY_LANG_WORDS.items()}
#: "ни" after "бы" is no negation: "что бы ни случилось", whatever happens.
_NI_WORDS = frozenset(("ни",))
#: Vietnamese "không" and "chưa" ending a question are its particle ("Anh đi không?", are
#: you going?; "Xong chưa?", done yet?): no negation.
_VI_QUESTION = frozenset(("không", "chưa"))


def _lang_negations(lang: str | None):
    """(before its verb, after it or alone, either in lower case) for the post's
    language, as keys fold them; None for a language not listed or none given."""
    if not lang:
        return None
    return _NEGATIONS_BY_LANG.get(base_language(lang))


#: Negations of scripts written without spaces between words (Thai, Lao, Khmer, Myanmar): found at
#: the start or the end of a run of letters, where a cut meets them.
_UNSPACED_NEGATIONS = ("ไม่ได้", "ไม่", "มิได้", "อย่า", "ບໍ່", "មិន", "မဟုတ်")
#: Adverbs a CJK negation follows (绝不, 从不, 并不, 也不, 都没, 还没, 再也不…).
_CJK_NEGATION_ADVERBS = frozenset("绝絕决決从從并並也都还還再毫永尚仍亦均皆")
#: Every word may_negate looks for.
_ANY_NEGATION = (_ALL_NEGATIONS | _NEGATE_AFTER_CUT | _NEGATE_AFTER_CUT_MORE
                 | frozenset(_NEGATE_AFTER_CUT_MORE_WORDS.lower().split()))
#: "or" before a negation makes it a tag ("like it or not", "oder nicht", "ou non"), and
#: "only" after one makes it "not only … but" (nicht nur, pas seulement, नहीं सिर्फ).
_OR_WORDS = frozenset("or oder ou o of eller lub sau vagy veya yoksa или або أو או या atau".split())
_ONLY_WORDS = frozenset("only just merely nur seulement uniquement solo sólo solamente "
                        "únicamente soltanto tylko bara kun alleen hanya sadece "
                        "только лише فقط רק सिर्फ केवल somente apenas csak doar "
                        "vain ainult samo само tikai tik".split())
#: After a negation, a question particle makes it a tag ("güzel, değil mi?", isn't it?),
#: and French "à" makes "pas à pas" (step by step).
_TAGS_AFTER = frozenset("mi mı mu mü à".split())


#: Words of the lists above that right against a quote are most often something else:
#: Italian ne (of it), Turkish ne (what, how), Russian ни (-ever), Hindi मत (a vote) and
#: कभी (ever), French personne (a person), Hebrew אף (even), Persian نه (nine).
_NOT_AGAINST = frozenset({"ne", "ни", "मत", "कभी", "personne", "אף", "نه"})
#: A modal or aspect character between a CJK negation and the verb it negates (不会, 没有).
_CJK_MODALS = frozenset("会會能要是有可应應该該得肯")


#: A word: a run of anything but spaces and punctuation (combining marks are part of it:
#: Devanagari's vowel signs, Arabic's harakat), an apostrophe inside it ("won't",
#: "n'accepterons"); in scripts written without spaces (Chinese, Japanese), each character.
_PUNCTUATION = (r"\s.,;:!?…。、，！？；：؟،؛()\[\]{}<>\"“”«»„‹›‘’'「」『』—–\-/\\|*#@&%+=~^`"
                "\u05be\u05f3\u05f4"
                # the full stops and commas of other scripts: the danda (Devanagari,
                # Bengali…), Urdu's ۔, Armenian's ։, Ethiopic's ። ፣ ፤ ፥ ፦ ፧, Myanmar's ။ ၊,
                # Khmer's ។ ៕, Tibetan's ། (a word ends there)
                "\u0964\u0965\u06d4\u0589\u1361\u1362\u1363\u1364\u1365\u1366\u1367"
                "\u104a\u104b\u17d4\u17d5\u0f0d")
#: ...and in those written without spaces beside them (Thai, Lao, Myanmar, Khmer: a run of
#: letters is a phrase, not a word), each letter with its marks.
_NO_SPACE = NO_SPACE
_NO_SPACE_MARKS = "".join(chr(c) for c in range(0x0E00, 0x1800)
                          if _NO_SPACE_RE.match(chr(c)) and unicodedata.category(chr(c))[0] == "M")
_WORD_RE = re.compile(rf"\d+(?:[.,'٫٬\u00a0\u202f]\d+)+|[{CJK}]"  # (a number is one word,
                      rf"|[{_NO_SPACE}][{_NO_SPACE_MARKS}]*"  # "2.500")
                      rf"|[^{_PUNCTUATION}{CJK}{_NO_SPACE}]+(?:['’][^{_PUNCTUATION}{CJK}{_NO_SPACE}]+)*")
#: A quote of at least this many words whose words but one or two (and three in five at
#: least) stand in order in one passage of a post, no longer than the quote by more than
#: _SLACK words, is that passage altered (a "not" left out, a number changed).
_MIN_WORDS = 4
_SLACK = 3


def _changes(quote: str, post: str, turkish: bool, close: bool,
             lang: str | None = None) -> str | None:
    """What the quote changes in the passage of the post it stands for, in words
    ("“Monday” where the post has “Friday”; leaves out “not”"; "" for nothing the rules
    count), or None when it stands for no passage: it does when `close` (its characters
    align with one, FOUND_THRESHOLD) or its words stand mostly in order in one
    (_MIN_WORDS, _SLACK)."""
    from difflib import SequenceMatcher

    shown = [(m.group(), ungrouped(key(m.group(), turkish=turkish), lang))
             for m in _WORD_RE.finditer(rendered(quote))
             if not all(_is_emoji(ch) for ch in m.group())]
    words = [(m.group(), ungrouped(key(m.group(), turkish=turkish), lang))
             for m in _WORD_RE.finditer(rendered(post))
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
        if out and not ((CJK_CHAR_RE.match(out[-1]) and CJK_CHAR_RE.match(word[0]))
                        or (_NO_SPACE_RE.match(out[-1]) and _NO_SPACE_RE.match(word[0]))):
            out += " "
        out += word
    return out


def shown_word(text: str, folded: str, turkish: bool) -> str:
    """A word of a key as `text` writes it (its case, its marks), or the key's word."""
    return _shown_word(text, folded, turkish)


def _shown_word(text: str, folded: str, turkish: bool) -> str:
    """The post's own spelling of a word found in its search key (case, Persian yeh)."""
    words = [match.group() for match in _WORD_RE.finditer(rendered(text))]
    for word in words:
        if _loose(key(word, turkish=turkish)) == folded:
            return word
    for word in words:  # a word the key splits (Persian's half-space: "نمی‌پذیریم")
        parts = _loose(key(word, turkish=turkish)).split()
        if len(parts) > 1 and folded in parts:
            return word
    return folded
