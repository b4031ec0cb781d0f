"""Stages 3-4 for HTML: parse once, then find every element and text that shows a post.

The rules are general, not a list of sites (DESIGN.md "Embeds to recognise"). In the
static DOM, outside script, style, comments and textarea (libxml2 keeps those as raw
text, so no element is ever found inside them), a post occurrence is:

1. a blockquote or figure with the embed's shape: X's or Twitter's mark in its class or
   attributes (twitter-tweet, nojs-tweet, tweet, data-tweet-id, …), or, whatever its
   class, a status permalink plus a "— Name (@handle)" attribution. Read as an embed:
   text (every <p> of it, joined by a blank line), author, handle, date, lang, media;
2. a status URL in any attribute of any element (href, src, data-url, data-href, cite,
   data-embedded-url, data-oembed-url, data-versionurl, …, percent-encoded inside another
   URL too): a link for an <a href>, an embed for anything else; and an X intent that
   names the post it acts on (like, retweet: tweet_id=; reply: in_reply_to=), a link
   wherever it is (a site-drawn card may carry its post's id nowhere else);
3. a bare id in an id-like attribute (data-tweet-id, data-tweetid, data-id,
   data-embed-id, data-status-id, id, …) of an element that X or Twitter marks — the
   attribute's own name (…tweet…), its class, a data-*type / data-provider-like
   attribute, or the same on one of its ancestors; under the post's name alone
   (data-tweet; data-status, data-post), a snowflake-size id only;
4. <amp-twitter>, widget iframes with the id in their URL, iframes holding embed markup;
5. the text forms (archiver.extract.text) in page text.

Never posts: timelines, follow, share, mention and hashtag buttons (they wear the embed's
class names), tooltips (title, alt, aria-label: a copy of a link, not a place), metadata
in <head>, escaped markup in prose (a code sample).

Handles: the permalink's handle as written ("i" of /i/web/status/ is none), unless the
embed shows another author for that very post — its "(@handle)" attribution, or the
handle of its other permalinks (a photo link) — because widget templates write one fixed
handle into every permalink; then the shown author wins.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from html import unescape as html_unescape
from urllib.parse import unquote

from lxml import etree

from ..dates import parse_shown_date
from ..ids import (LAST_PRE_SNOWFLAKE_ID, clean_handle, is_handle, is_intent,
                   iter_status_urls, parse_post_id, parse_status_url)
from .decoding import Decoded, recheck
from .occurrence import (ATTRIBUTION_DASHES, SHOWN_HANDLE, Occurrence, is_placeholder,
                         shown_handle, split_media, valid_id)
from .scan import WIDGET_PATTERN, Context, Scan, bare_post_name, document_end_tags, id_like
from .scan import scan as scan_bytes
from .text import TEXT_TAIL_BARE_RE, TEXT_TAIL_GARBLED_RE, TEXT_TAIL_RE, occurrences_in_text

log = logging.getLogger(__name__)

# --- parsing ----------------------------------------------------------------------------------

#: libxml2 stops building the tree past this depth (with XML_PARSE_HUGE; 256 without).
PARSER_DEPTH_LIMIT = 2048
#: Tags that only wrap others: dropped past this depth when a page nests too deep.
_WRAPPERS = ("div", "span", "section", "article", "main", "aside", "header", "footer", "nav",
             "font", "center", "b", "i", "u", "em", "strong", "small", "big", "ul", "ol",
             "li", "table", "tbody", "tr", "td")
#: In one pass: a raw-text block (whose content is never tags), or a tag.
_FLATTEN_TOKEN_RE = re.compile(
    rb"<(script|style|textarea)\b.*?</\1\s*>|<!--.*?-->"
    rb"|<(/?)([A-Za-z][A-Za-z0-9-]*)\b([^<>]*)>",
    re.IGNORECASE | re.DOTALL)
_WRAPPER_NAMES = frozenset(t.encode() for t in _WRAPPERS)
#: Tags that shape the text read from a page (paragraphs, links, breaks, images), kept at
#: any depth; and those that never open an element (void), which add none.
_TEXT_SHAPE_TAGS = frozenset((b"p", b"a", b"br", b"img", b"h1", b"h2", b"h3", b"h4", b"h5",
                              b"h6", b"html", b"head", b"body"))
_VOID_TAGS = frozenset((b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input",
                        b"link", b"meta", b"source", b"track", b"wbr", b"param", b"keygen"))
#: A wrapper tag that carries something an id may be read from is always kept.
_TELLING_TAG_RE = re.compile(rb"tatus|weet|witter|\d{5}|data-|x\.com", re.IGNORECASE)


def parse(decoded: Decoded, data: bytes, content_type: str | None, source: str,
          context: Context | None = None):
    """(tree or None, decoded): the page parsed once with lxml, always from UTF-8.

    A page taken for UTF-8 unchecked is parsed strictly; if libxml2 meets bytes that are
    not UTF-8, the choice of codec is finished (decoding.recheck) and the page parsed
    again. A page nested deeper than libxml2 builds is parsed again with its deepest
    wrapper tags dropped, with a warning: no content is lost silently.
    """
    tree, errors = _parse_utf8(_read_on(decoded.utf8, context))
    if not decoded.checked:
        if tree is None or any(e.type_name == "ERR_INVALID_ENCODING" for e in errors):
            decoded = recheck(data, content_type, decoded)
            tree, errors = _parse_utf8(_read_on(decoded.utf8))
    if tree is not None and any("Excessive depth" in e.message for e in errors):
        flat, dropped = flatten(_read_on(decoded.utf8))
        # said once per page: the same page is parsed again for its fingerprint and
        # for the quotes in its prose (later parses say it with -v only)
        said = (source, len(decoded.utf8), hash(decoded.utf8))  # (that very page: not
        # another of the same name and size, which a test suite's pages can be)
        level = logging.INFO if said in _DEEP_SAID else logging.WARNING
        _DEEP_SAID[said] = None
        if len(_DEEP_SAID) > 256:
            _DEEP_SAID.pop(next(iter(_DEEP_SAID)))
        tree, errors = _parse_utf8(flat)
        kind = "wrapper"
        if tree is not None and any("Excessive depth" in e.message for e in errors):
            # nested deep in other elements than wrappers (sup, q, dl, blockquote): any
            # tag but those that shape the text
            flat, dropped = flatten(_read_on(decoded.utf8), wrappers_only=False)
            tree, errors = _parse_utf8(flat)
            kind = "nesting"
        lost = tree is not None and any("Excessive depth" in e.message for e in errors)
        log.log(level, "%s: elements nest deeper than %d levels, past what the parser builds; "
                "parsed again without %d %s tags %s", source or "page",
                PARSER_DEPTH_LIMIT, dropped, kind,
                "and still too deep: what lies past that depth is lost" if lost
                else "so that nothing is lost")
    return tree, decoded


def _read_on(utf8: bytes, context: Context | None = None) -> bytes:
    """The page without the "</html>" end tags that stand before more of it (a template's
    stray one, a footer's embeds after the end): libxml2 stops the document at the first,
    browsers read on. Most pages: one look for them, and the page itself. (`context`: the
    scan's, for these bytes.)"""
    if not document_end_tags(utf8):
        return utf8
    if context is None or context.raw is not utf8:
        context = Context(utf8)
    ends = context.document_ends()
    if not ends:
        return utf8
    parts, last = [], 0
    for at in ends:
        gt = utf8.find(b">", at)
        if gt == -1:
            break
        parts.append(utf8[last:at])
        last = gt + 1
    parts.append(utf8[last:])
    return b"".join(parts)


#: The pages (source, size) already said to nest too deep, oldest first.
_DEEP_SAID: dict[tuple[str, int], None] = {}


def _parse_utf8(raw: bytes):
    # collect_ids=False: no table of id attributes, which we never look up (-7%).
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              no_network=True, huge_tree=True, collect_ids=False)
    try:
        tree = etree.fromstring(raw, parser)
    except (etree.ParserError, ValueError, LookupError):
        return None, parser.error_log
    return tree, parser.error_log


def flatten(raw: bytes, keep_depth: int = 512, wrappers_only: bool = True
            ) -> tuple[bytes, int]:
    """The page with wrapper tags (div, span, …) that open deeper than `keep_depth`
    dropped, with their closing tags; tags that carry a status URL, an X mark, a long
    number or data-* attributes are kept. wrappers_only=False: any tag but those that
    shape the text (_TEXT_SHAPE_TAGS), for a page nested deep in others (sup, q, dl,
    blockquote). Returns (bytes, tags dropped)."""
    out: list[bytes] = []
    depth = 0
    dropped: dict[bytes, int] = {}
    count = 0
    last = 0
    for match in _FLATTEN_TOKEN_RE.finditer(raw):
        if match.group(3) is None:
            continue  # a script, style, textarea or comment: its text stays as it is
        closing, name, attributes = match.group(2), match.group(3).lower(), match.group(4)
        if (name not in _WRAPPER_NAMES if wrappers_only
                else name in _TEXT_SHAPE_TAGS or name in _VOID_TAGS):
            continue
        if not closing:
            if attributes.rstrip().endswith(b"/"):
                continue
            if depth >= keep_depth and not _TELLING_TAG_RE.search(attributes):
                out.append(raw[last:match.start()])
                last = match.end()
                dropped[name] = dropped.get(name, 0) + 1
                count += 1
                continue
            depth += 1
        else:
            if dropped.get(name) and depth > keep_depth - 1:
                out.append(raw[last:match.start()])
                last = match.end()
                dropped[name] -= 1
                continue
            depth = max(0, depth - 1)
    out.append(raw[last:])
    return b"".join(out), count


# --- page metadata ---------------------------------------------------------------------------

# Page metadata lives in <head>; searching only there keeps it off the cost of a large
# body. (postlight's re-serialised pages write meta values as value= instead of content=.)
_META_XPATH = {
    "title": etree.XPath("string((/html/head/title | /html/body/title)[1])"),
    "canonical_url": etree.XPath("string((/html/head/link[@rel='canonical']/@href)[1])"),
    "site_name": etree.XPath(
        "string((/html/head/meta[@property='og:site_name']/@content"
        " | /html/head/meta[@property='og:site_name']/@value)[1])"
    ),
    "lang": etree.XPath("string(/html/@lang)"),
    "published": etree.XPath(
        "string((/html/head/meta[@property='article:published_time']/@content"
        " | /html/head/meta[@property='article:published_time']/@value)[1])"
    ),
}
_WS_RE = re.compile(r"[ \t\r\n\f\v]+")


def _fold_ws(text: str) -> str:
    """Runs of ASCII whitespace as one space (the regex only when there is a run or a
    control space to fold: most texts have neither)."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text \
            or "\v" in text:
        return _WS_RE.sub(" ", text)
    return text


def page_meta(tree) -> dict:
    if tree is None:
        return {}
    return {key: (_WS_RE.sub(" ", xpath(tree)).strip() or None)
            for key, xpath in _META_XPATH.items()}


# --- candidates ------------------------------------------------------------------------------

_NOT_CONTENT = "script|style|textarea|xmp|title|code|pre|kbd|samp|iframe|noembed|plaintext"
_NOT_CONTENT_TEST = " or ".join(f"ancestor::{tag}" for tag in _NOT_CONTENT.split("|"))
_TEXT_PARTS = {
    "status": f"//text()[contains(.,'tatus') or contains(.,'intent/')]"
              f"[not({_NOT_CONTENT_TEST} or ancestor::a)]",
    # (and a tail without brackets, "— @handle October 12, 2025")
    "(@": f"//text()[contains(.,'(@') or contains(.,'\u2014 @')]"
          f"[not({_NOT_CONTENT_TEST} or ancestor::a)]",
    "·": f"//text()[contains(.,'\u00b7')][not({_NOT_CONTENT_TEST} or ancestor::a)]",
}
#: Elements always looked at: embed shapes and frames are few, and cheap to test.
_ALWAYS_TAGS = ("blockquote", "figure", "amp-twitter", "iframe")
_ALWAYS_SET = frozenset(_ALWAYS_TAGS)
#: Attributes whose values are words for a person, not places: never read for ids.
_TEXT_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "aria-description", "placeholder",
                              "content", "summary", "label"})
#: Elements of <head> and others that only describe the document.
_NOT_PLACES = frozenset({"meta", "link", "base", "head", "title", "script", "style"})
_ATTRIBUTE_NAME_OK = re.compile(r"^[a-z_:][-a-z0-9_:.]*$")
_XPATHS: dict[tuple, etree.XPath] = {}


def _url_test(name: str, intents: bool = False) -> str:
    test = (f"contains(@{name},'tatus') or contains(@{name},'TATUS')"
            f" or contains(@{name},'.html')")
    if intents:
        test += f" or contains(@{name},'tweet_id') or contains(@{name},'in_reply_to')"
    return test


def _may_name_a_post(value: str) -> bool:
    """Whether an attribute's value may hold a post's URL: a status URL, a widget frame's,
    or an intent naming its post (the scan saw one: Scan.intents)."""
    return ("tatus" in value or "TATUS" in value or ".html" in value or "tweet_id" in value
            or "in_reply_to" in value)


def candidates(tree, found: Scan) -> list:
    """Every element or text node that may show a post, in document order.

    Most pages: one C-level walk over the tag names the scan saw holding ids (and the
    embed shapes, always), filtered here by the attributes it saw. A page with a status
    URL or an embed's tail written as text, or too many hits to read one by one: one
    XPath walk whose predicate tests those attributes, with the text nodes."""
    url_names = sorted(n for n in found.url_attributes
                       if _ATTRIBUTE_NAME_OK.match(n) and n not in _TEXT_ATTRIBUTES)
    id_names = sorted(n for n in found.id_attributes
                      if _ATTRIBUTE_NAME_OK.match(n) and id_like(n))
    if not (found.every_attribute or found.status_in_text or found.tail_in_text
            or found.copy_in_text):
        # The test inline, not a call per element: a news page has thousands of links.
        result = []
        add = result.append
        intents = found.intents
        for el in tree.iter(*(_ALWAYS_SET | found.tags)):
            if el.tag in _ALWAYS_SET:
                add(el)
                continue
            get = el.get
            for name in url_names:
                value = get(name)
                if value and ("tatus" in value or "TATUS" in value or ".html" in value
                              or intents and _may_name_a_post(value)):
                    add(el)
                    break
            else:
                for name in id_names:
                    if get(name) is not None:
                        add(el)
                        break
        return result
    # "//name" parts, not one "descendant::*[a or b or …]": libxml2 finds elements by
    # name far faster than it evaluates a predicate on every element (2-5x, bench).
    parts = [f"//{tag}" for tag in _ALWAYS_TAGS]
    if found.every_attribute:
        parts.append("//*[@*[contains(.,'tatus') or contains(.,'TATUS') or contains(.,'.html')"
                     " or contains(.,'tweet_id') or contains(.,'in_reply_to')]]")
        parts.append("//*[@*[(contains(name(),'id') or name()='data-tweet' or name()='tweet'"
                     " or name()='data-status' or name()='data-post')"
                     " and string-length(normalize-space(.)) > 4"
                     " and translate(normalize-space(.),'0123456789','') = '']]")
    else:
        tests = " or ".join([_url_test(name, found.intents) for name in url_names]
                            + [f"@{name}" for name in id_names])
        if tests:
            tags = sorted(t for t in found.tags if _ATTRIBUTE_NAME_OK.match(t)
                          and t not in _ALWAYS_TAGS)
            parts += [f"//{tag}[{tests}]" for tag in tags] or [f"//*[{tests}]"]
    if found.status_in_text or found.every_attribute:
        parts.append(_TEXT_PARTS["status"])
    if found.tail_in_text or found.every_attribute:
        parts.append(_TEXT_PARTS["(@"])
    if found.copy_in_text:
        parts.append(_TEXT_PARTS["·"])
    key = tuple(parts)
    xpath = _XPATHS.get(key)
    if xpath is None:
        if len(_XPATHS) > 256:
            _XPATHS.clear()
        xpath = _XPATHS[key] = etree.XPath(" | ".join(parts))
    return xpath(tree)


# --- markers of X ------------------------------------------------------------------------------

# Classes of widgets that wear the embed's class names but are not posts.
_WIDGET_CLASS_RE = re.compile(
    WIDGET_PATTERN + r"|\b(?:share|follow|social-share|sharing)\b", re.IGNORECASE)
#: A class that marks X's or Twitter's embed.
_MARK_CLASS_RE = re.compile(r"tweet|twitter|\bx-(?:post|embed)\b|\bembed-x\b|\bxpost\b",
                            re.IGNORECASE)
#: Attributes that name an embed's provider or type, and values that name X.
_PROVIDER_NAME_RE = re.compile(r"^data-(?:[a-z]+-)?(?:type|provider|platform|network|service"
                               r"|source|embed|social|kind|name)$")
#: A provider value names X when its words are these and one of them is X's or its post's
#: name: "Twitter" (oEmbed's provider_name), "x", "X (Twitter)", "x-twitter", "tweet-embed",
#: "twitter.com", "x-post"; not "box", "instagram", "x-ray".
_X_WORDS = frozenset({"x", "twitter", "tweet", "xpost"})
_X_NAME_WORDS = _X_WORDS | {"com", "post", "embed", "status", "card", "oembed", "formerly"}
_WORD_SPLIT_RE = re.compile(r"[\s_\-()/.:,]+")
_PROVIDER_CACHE: dict[str, bool] = {}


def _names_x(value: str) -> bool:
    """Whether a provider-like attribute's value names X (_X_WORDS)."""
    named = _PROVIDER_CACHE.get(value)
    if named is None:
        words = {w for w in _WORD_SPLIT_RE.split(value.lower()) if w}
        named = bool(words & _X_WORDS) and words <= _X_NAME_WORDS
        if len(_PROVIDER_CACHE) > 4096:
            _PROVIDER_CACHE.clear()
        _PROVIDER_CACHE[value] = named
    return named
#: How many ancestors up an X mark still marks an id-like attribute.
_MARK_REACH = 4
_CLASS_CACHE: dict[str, tuple[bool, bool]] = {}


def _read_classes(classes: str) -> tuple[bool, bool]:
    """(a widget's and nothing else, a mark of X's embed) for a class attribute's value:
    a page repeats a few values thousands of times, so each is read once."""
    try:
        return _CLASS_CACHE[classes]
    except KeyError:
        pass
    widget = _WIDGET_CLASS_RE.search(classes) is not None
    result = (widget and not _MARK_CLASS_RE.search(_WIDGET_CLASS_RE.sub("", classes)),
              not widget and _MARK_CLASS_RE.search(classes) is not None)
    if len(_CLASS_CACHE) > 4096:
        _CLASS_CACHE.clear()
    _CLASS_CACHE[classes] = result
    return result


def _marks_x(el) -> bool:
    """Whether the element's class or a provider-like attribute names X or Twitter, or its
    own name does (a component: MDX's and Slidev's <Tweet id="…">, <twitter-tweet>)."""
    classes = el.get("class")
    if classes and _read_classes(classes)[1]:
        return True
    if _tag_names_x(el):
        return True
    for name, value in el.items():
        if _PROVIDER_NAME_RE.match(name) and _names_x(value):
            return True
    return False


def _tag_names_x(el) -> bool:
    """Whether the element's own name is a component's that names X's post (not HTML's
    tags, not a widget's: <twitter-timeline>)."""
    tag = el.tag
    return isinstance(tag, str) and tag not in _HTML_TAGS and _read_classes(tag)[1]


#: HTML's own tags, which no component's name is.
_HTML_TAGS = frozenset("a abbr address area article aside audio b bdi bdo blockquote body br "
                       "button canvas caption cite code col colgroup data dd del details dfn "
                       "dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 "
                       "h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend "
                       "li link main map mark meta meter nav noscript object ol optgroup option "
                       "output p param picture pre progress q rp rt ruby s samp script section "
                       "select small source span strong style sub summary sup table tbody td "
                       "template textarea tfoot th thead time title tr track u ul var video "
                       "wbr".split())


def _marked(el) -> bool:
    if _marks_x(el):
        return True
    for depth, ancestor in enumerate(el.iterancestors()):
        if depth >= _MARK_REACH or ancestor.tag in ("body", "html"):
            return False
        if _marks_x(ancestor):
            return True
    return False


def _id_attribute(el) -> tuple[str, str, str | None] | None:
    """(attribute, post id, handle) from an id-like attribute of an element X marks, or a
    permalink written as a path without its host in any attribute of a component named
    for X's post (<Tweet tweetLink="jack/status/20">)."""
    component = None
    for name, value in el.items():
        if "/status" in value:
            if component is None:
                component = _tag_names_x(el)
            found = _PERMALINK_PATH_RE.fullmatch("/" + value.strip().lstrip("/")) \
                if component else None
            if found and is_handle(found.group(1)) and valid_id(found.group(2)):
                return name, valid_id(found.group(2)), found.group(1)
        if not id_like(name.lower()):
            continue
        value = value.strip()
        if not value:
            continue
        # The post's name alone (scan.BARE_POST_NAME_RE): "data-tweet" names X's post,
        # "data-status" and "data-post" are generic; flags and other apps' row numbers
        # stand there too, never a snowflake-size number.
        bare = bare_post_name(name)
        self_marked = "tweet" in name or ("status" in name and not bare)
        if value.isdigit():
            post_id = valid_id(value)
            if post_id is None or len(post_id) < 5:
                continue
            if (bare or not self_marked) and int(post_id) <= LAST_PRE_SNOWFLAKE_ID:
                continue  # a generic data-id of a few digits is a CMS's own number
            if self_marked or _marked(el):
                return name, post_id, _handle_beside(el, post_id)
        elif self_marked and not bare:
            found = _valid_status(value)
            if found:
                return name, found[0], found[1]
    return None


#: Attributes that name the account of the post an element carries by id (X's own
#: markup: data-screen-name; widgets and CMSs: data-username, data-handle).
_HANDLE_NAMES = ("data-screen-name", "data-screenname", "data-username", "data-user-name",
                 "data-handle", "data-twitter-handle")
_HANDLE_VALUE_RE = re.compile(r"@?([A-Za-z0-9_]{1,15})")
#: A permalink written as a path ("/github/status/609…"), in X's own pages.
_PERMALINK_PATH_RE = re.compile(r"/@?([A-Za-z0-9_]{1,15})/status(?:es)?/(\d+)/?")


def _handle_beside(el, post_id: str) -> str | None:
    """The handle the element carrying `post_id` by id names beside it: a screen-name
    attribute, or a permalink path to that very post in any attribute; or None."""
    for name in _HANDLE_NAMES:
        value = el.get(name)
        if value:
            found = _HANDLE_VALUE_RE.fullmatch(value.strip())
            if found and is_handle(found.group(1)):
                return found.group(1)
    for value in el.values():
        if "/status" in value:
            found = _PERMALINK_PATH_RE.match(value.strip())
            if found and found.group(2) == post_id and is_handle(found.group(1)):
                return found.group(1)
    return None


#: Parts of a card drawn around a post (X's own markup: its author's name and handle, the
#: date, the actions, each in a block of its own): an element holding one holds more than
#: the post's words.
_CARD_PARTS = ("div", "p", "section", "article", "header", "footer", "ul", "ol", "li",
               "table", "form", "button", "h1", "h2", "h3", "h4", "h5", "h6")


def _words_within(el) -> str | None:
    """The text of an element that carries its post by id beside its author's screen
    name, when what it holds is the post's words (Thread Reader App's div.content-tweet:
    text, links, breaks, images, paragraphs), a post quoted inside it left out; None when
    it holds a card's other parts (_CARD_PARTS), as X's own div.tweet does, or nothing."""
    nested = set(el.iterdescendants("blockquote", "figure", "iframe"))
    for part in el.iterdescendants(*_CARD_PARTS):
        # (paragraphs alone are the post's words in paragraphs; a card has other parts)
        if part.tag != "p" and not (nested and _inside(part, el, nested)):
            return None
    return _element_text(el, skip=nested) or None


# --- occurrences ------------------------------------------------------------------------------

# Escaped markup in prose ("&lt;a href=…") is a code sample, not a mention of a post.
_MARKUP_IN_TEXT_RE = re.compile(r"<\s*(?:a|blockquote|iframe|amp-twitter)\b|\bhref\s*=", re.I)
_BLOCK_TAGS = frozenset(
    "p div li td th dd dt blockquote section article aside main body figure figcaption"
    " header footer h1 h2 h3 h4 h5 h6 pre center".split()
)
_AROUND_NEWLINE_RE = re.compile(r" *\n *")
# An attribution inside a blockquote: "— Name (@handle)", newline allowed before "(@".
# The handle as written (look-alike letters are the page's claim), "_" escaped or not
# (SHOWN_HANDLE; its match read by shown_handle).
_ATTRIBUTION_RE = re.compile(
    rf"[{ATTRIBUTION_DASHES}-]\s*(?P<name>[^{ATTRIBUTION_DASHES}]*?)\s*"
    rf"\(\s*\\?@(?P<handle>{SHOWN_HANDLE})\s*\)"  # (Markdown's escape: "(\@handle)")
)
_DASHES = frozenset(ATTRIBUTION_DASHES + "-")
#: An attribution as templates write it without the embed code's parentheses: "— @handle",
#: "— Name @handle": whoever it names where it stands apart from the text (a <p> of its
#: own holding the permalink, or after the text's paragraphs); at the end of a paragraph
#: that swallowed the permalink, only where it names the permalink's own handle ("- @bob"
#: in a post's text is a mention).
_BARE_ATTRIBUTION_RE = re.compile(
    rf"[{ATTRIBUTION_DASHES}-]\s*(?P<name>[^{ATTRIBUTION_DASHES}@()\\]*?)\s*"
    rf"\\?@(?P<handle>{SHOWN_HANDLE})\b")
#: A byline a template writes above the text, the permalink after it: "@handle on <date>",
#: "Name @handle · <date>", "(@handle), <date>": a name, the handle, one short word.
_BYLINE_RE = re.compile(
    rf"\s*(?:(?P<name>[^@\n]{{1,80}}?)\s+)?\(?@(?P<handle>{SHOWN_HANDLE})\)?"
    r"\s*[·•|,:\u2013\u2014-]?"
    r"\s*(?:\w{1,4}\s*)?")
_DIGIT_RE = re.compile(r"\d")
_HANDLE_IN_TITLE_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,20})\b")


def occurrences(tree, found: Scan) -> list[Occurrence]:
    """Every occurrence of a post in the tree, in document order; an element inside an
    embed belongs to that embed."""
    result: list[Occurrence] = []
    owner: dict = {}  # element -> the occurrence it belongs to
    text_blocks: set = set()
    # Only candidates are ever looked up: when no text node is one, only elements of the
    # candidates' tags need an owner.
    tags = (None if found.every_attribute or found.status_in_text or found.tail_in_text
            or found.copy_in_text else tuple(_ALWAYS_SET | found.tags))
    for node in candidates(tree, found):
        if isinstance(node, str):  # a text node ("smart string")
            _text_occurrences(node, result, owner, text_blocks)
            continue
        parent_occ = owner.get(node)
        if parent_occ is not None and parent_occ.handle and node.tag == "a" \
                and len(node.attrib) == 1:
            # A bare link inside an embed that names its author: a link to the embed's
            # own post adds nothing to it (a link to another post is read below).
            href = node.get("href")
            found = _status_of(href) if href else None
            if found is not None and found[0] == parent_occ.post_id:
                continue
        occ = _occurrence_of_element(node, len(result))
        if occ is None:
            continue
        if parent_occ is not None and parent_occ.post_id in (occ.post_id, None):
            if parent_occ.post_id is None:
                parent_occ.post_id = occ.post_id
            parent_occ.absorb(occ)
            continue
        result.append(occ)
        _own(owner, node, occ, tags=tags)
    for occ in result:
        if occ.text is not None and occ.kind == "embed" and is_placeholder(occ.text,
                                                                           occ.author_name):
            occ.text = None  # a template's "Loading tweet...": no words of the post
    return result


def _own(owner: dict, element, occ: Occurrence, *, nearer: bool = True,
         tags: tuple | None = None) -> None:
    """Mark `element` and everything inside it (of `tags`, if given) as belonging to
    `occ` (a nearer owner replaces a farther one): whether a later candidate sits inside
    an embed is then one dictionary look-up, not a walk up its ancestors."""
    if nearer:
        owner[element] = occ
        for inner in (element.iterdescendants(*tags) if tags else element.iterdescendants()):
            owner[inner] = occ
    else:
        owner.setdefault(element, occ)
        for inner in element.iterdescendants():
            owner.setdefault(inner, occ)


def _text_occurrences(node, result: list, owner: dict, text_blocks: set) -> None:
    parent = node.getparent()
    if parent is not None and node.is_tail:
        parent = parent.getparent()  # a tail's text sits in the element around its element
    if parent is None or parent in owner:
        return
    if _MARKUP_IN_TEXT_RE.search(node):  # an escaped code sample, not content
        return
    if "(@" in node or "\u2014 @" in node:  # (a tail without brackets: "— @handle date")
        block = _block_of(parent)
        if block not in text_blocks:
            text_blocks.add(block)
            text = _element_text(block)
            if TEXT_TAIL_RE.match(text) or TEXT_TAIL_BARE_RE.match(text) \
                    or TEXT_TAIL_GARBLED_RE.match(text):
                # The block opens with the tail: the post's text is the block before it
                # ("<p>TEXT</p><p>— Name (@handle) date</p>", a copy kept in paragraphs).
                before = block.getprevious()
                if (before is not None and isinstance(before.tag, str)
                        and before.tag in _BLOCK_TAGS and before not in owner
                        and before not in text_blocks):
                    text = _element_text(before) + "\n" + text
            found = occurrences_in_text(text, len(result), block)
            if found:
                result.extend(found)
                _date_links(block, found, owner)
                _own(owner, block, found[-1], nearer=False)
                return
    if "·" in node:
        block = _block_of(parent)
        if block not in text_blocks:
            text_blocks.add(block)
            found = occurrences_in_text(_element_text(block), len(result), block)
            if not found:
                found = _copy_in_blocks(block, len(result), owner, text_blocks)
            if found:
                result.extend(found)
                _own(owner, block, found[-1], nearer=False)
                return
    if "tatus" in node or "TATUS" in node or "intent" in node:
        text = str(node)
        if text.rstrip()[-1:].isdigit():  # an ellipsis in the next element may cut it
            text += _text_after(node)[:12]  # (X's <span class="tco-ellipsis">…</span>)
        for start, _end, post_id, handle in iter_status_urls(text):
            if start >= len(node):
                break
            post_id = valid_id(post_id)
            if post_id:
                result.append(Occurrence(len(result), "text", "text-url", post_id, handle,
                                         raw=str(node).strip()))


def _date_links(block, found: list, owner: dict) -> None:
    """The permalinks of a block's plain-text embeds: X's embed code without its
    <blockquote> ("<p lang>TEXT</p>&mdash; Name (@h) <a href=STATUS>date</a>", several in
    one block as a Markdown renderer leaves them) links each tail's date to its post.
    Each embed without an id takes the first status link after it that shows its date,
    and owns it (not the block's last embed, which would take every post's link), and
    the lang of the text element right before that link."""
    waiting = [occ for occ in found if occ.post_id is None and occ.shown_date]
    if not waiting:
        return
    for link in block.iter("a"):
        href = link.get("href")
        status = _status_of(href) if href and "tatus" in href else None
        if status is None or link in owner:
            continue
        shown = " ".join("".join(link.itertext()).split())
        occ = next((o for o in waiting if " ".join(o.shown_date.split()) == shown), None)
        if occ is None:
            continue
        waiting.remove(occ)
        post_id = valid_id(status[0])
        if post_id is None:
            continue
        occ.post_id = post_id
        if occ.handle is None:
            occ.handle = status[1]
        if occ.lang is None:
            # (the text's element, before the tail: a photo's <img> may sit between)
            text_element = next((e for e in link.itersiblings(preceding=True)
                                 if isinstance(e.tag, str) and e.tag not in ("img", "br",
                                                                             "picture")), None)
            if text_element is not None and text_element.get("lang"):
                occ.lang = text_element.get("lang")
                # X's <p lang> is the whole text: the lines above it are the page's
                head = _element_text(text_element).strip()[:40]
                at = occ.text.find(head) if occ.text and head else -1
                if at > 0:
                    occ.text = occ.text[at:]
        _own(owner, link, occ)
        if not waiting:
            return


def _text_after(node) -> str:
    """The text that follows a text node in its block: inside its element, or after it
    (X's markup keeps a cut link's "…" in a <span> of its own)."""
    element = node.getparent()
    if not node.is_tail:  # the element's own text: its first child's, or what follows it
        return _text_from(element[0]) if len(element) else _text_after_element(element)
    return _text_after_element(element, tail_read=True)


def _text_after_element(element, depth: int = 0, tail_read: bool = False) -> str:
    """The text after `element` in its block: its tail, the next element's, its parent's
    tail… (`tail_read`: its tail is the text being followed)."""
    if element.tail and not tail_read:
        return element.tail
    following = element.getnext()
    if following is not None:
        return _text_from(following)
    parent = element.getparent()
    if parent is None or parent.tag in _BLOCK_TAGS or depth > 8:
        return ""
    return _text_after_element(parent, depth + 1)


def _text_from(element) -> str:
    if not isinstance(element.tag, str):
        return element.tail or ""
    return "".join(element.itertext()) or element.tail or ""


#: A copy from X's web app kept one line a block ("<p>Name</p><p>@handle</p><p>text</p>
#: <p>2:30 PM · Oct 12, 2025</p>"): how many blocks around its time line are read with it.
_COPY_BLOCKS = 40


def _copy_in_blocks(block, position: int, owner: dict, text_blocks: set) -> list:
    """A copy of X's web app whose lines are the blocks around `block` (its time line's,
    or its "@handle · 2h" line's), one line a block: the copy's occurrences, the blocks
    read with it taken as read."""
    from .copies import copies_in_text

    text = _element_text(block)
    if len(text) > 200 or "\n" in text:
        return []
    before, after = [], []
    for siblings, taken in ((block.itersiblings(preceding=True), before),
                            (block.itersiblings(), after)):
        chars = 0
        for sibling in siblings:
            if (not isinstance(sibling.tag, str) or sibling.tag not in _BLOCK_TAGS
                    or sibling in owner or sibling in text_blocks or len(taken) >= _COPY_BLOCKS
                    or chars > 12000):
                break
            line = _element_text(sibling)
            taken.append((sibling, line))
            chars += len(line)
    if not before:
        return []
    blocks = [*reversed(before), (block, text), *after]
    # one line a block up to the time line's; a paragraph a block after it (a timeline's
    # text, the article's prose: each its own)
    joined = "\n".join(line for _el, line in blocks[:len(before) + 1])
    if after:
        joined += "\n\n" + "\n\n".join(line for _el, line in after)
    copies = copies_in_text(joined)
    if not copies:
        return []
    found = []
    for _start, _end, fields in copies:
        found.append(Occurrence(position + len(found), "text", "text-embed", None,
                                handle_shown=True, **fields))
    # the blocks the copies stand in are read; the article's paragraphs around them not
    offset = 0
    for index, (sibling, line) in enumerate(blocks):
        if any(start < offset + len(line) and offset < end for start, end, _f in copies):
            text_blocks.add(sibling)
            _own(owner, sibling, found[-1], nearer=False)
        offset += len(line) + (1 if index < len(before) else 2)
    return found


def _block_of(element):
    for candidate in (element, *element.iterancestors()):
        if isinstance(candidate.tag, str) and candidate.tag in _BLOCK_TAGS:
            return candidate
    return element


def _occurrence_of_element(el, position: int) -> Occurrence | None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _NOT_PLACES:
        return None
    classes = el.get("class") or ""
    if classes and _read_classes(classes)[0]:
        return None
    if tag in ("blockquote", "figure") and _is_embed_shape(el):
        return _from_blockquote(el, position)
    if tag == "amp-twitter":
        return _from_amp(el, position)
    if tag == "figure" and "wp-block-embed-twitter" in classes:
        # WordPress's embed block; when oEmbed failed it holds only the URL, as text, or
        # (an export through Markdown) the embed's text copy, "— Name (@handle) date".
        found = _valid_status(" ".join(el.itertext()))
        if not found:
            return None
        occ = Occurrence(position, "embed", "wordpress", found[0], found[1], raw=el)
        text = _element_text(el)
        if "(@" in text:
            for copy in occurrences_in_text(text, position, el):
                if copy.post_id in (None, occ.post_id):
                    occ.text, occ.media, occ.shown_date = copy.text, copy.media, copy.shown_date
                    occ.author_name, occ.handle, occ.handle_shown = (
                        copy.author_name, copy.handle, True)
                    break
        return occ
    by_id = _id_attribute(el)
    if by_id is not None:
        _name, post_id, handle = by_id
        occ = Occurrence(position, "embed", "attribute", post_id, handle, raw=el)
        if handle and el.get("data-name"):  # X's own markup: the display name beside it
            occ.author_name = " ".join(el.get("data-name").split()) or None
        if handle and any(el.get(name) for name in _HANDLE_NAMES):
            text = _words_within(el)
            if text:
                occ.text, occ.media = split_media(text)
        return occ
    if tag == "iframe" and (el.get("src") or "").lstrip()[:5].lower() == "data:" \
            and ";base64," in el.get("src")[:200].lower():
        inner = _embed_in_value(el.get("src"), position)  # (its words show no status URL)
        if inner is not None and inner.post_id is not None:
            occ = Occurrence(position, "embed", "iframe", inner.post_id, raw=el)
            occ.absorb(inner)
            return occ
    if tag == "iframe" and not el.get("src"):
        srcdoc = el.get("srcdoc")
        if srcdoc and "<" in srcdoc:  # the frame's document, given in the attribute
            found = _from_inline_frame(el, position, srcdoc)
            if found is not None:
                return found
        elif el.text and "<" in el.text:
            return _from_inline_frame(el, position, el.text)
    href = el.get("href") if tag == "a" else None
    if href:
        found = _status_of(href)
        if found:
            occ = Occurrence(position, "link", "link", found[0], found[1], raw=el)
            if len(el):  # a card drawn inside the link may show its author's handle
                shown = _handle_line(el)
                # ...under a name or beside a text: a link that only says "@handle" is
                # a mention's, or a label, not a card's author line
                if shown and "".join(el.itertext()).strip().lstrip("@") != shown:
                    occ.handle, occ.handle_shown = shown, True
            return occ
    for name, value, found in _attribute_statuses(el, skip="href" if tag == "a" else None):
        if tag == "a":
            return Occurrence(position, "link", "link", found[0], found[1], raw=el)
        if is_intent(value):  # a like, retweet or reply button: it links the post
            return Occurrence(position, "link", "attribute", found[0], found[1], raw=el)
        form = "iframe" if tag == "iframe" else "attribute"
        occ = Occurrence(position, "embed", form, found[0], found[1], raw=el)
        inner = _embed_in_value(value, position)
        if inner is None and value.lstrip().startswith("{"):
            inner = _post_in_json(value, position, occ.post_id)
        if inner is None:  # the embed's markup in another attribute, in any order
            inner = next((embed for other, other_value in el.items() if other != name
                          and (embed := _embed_in_value(other_value, position))), None)
        if inner is not None and inner.post_id in (occ.post_id, None):
            occ.absorb(inner)  # the embed's markup, kept for a script to render
        return occ
    return None


_PERCENT_MARKUP_RE = re.compile(r"%3Cblockquote", re.IGNORECASE)
#: A post's fields as a site-drawn card keeps them in a JSON attribute (Substack's
#: data-attrs: url, full_text, username, name, date), by the names such data gives them.
_JSON_TEXT = ("full_text", "text", "tweet_text")
_JSON_HANDLE = ("username", "screen_name", "handle", "author_handle", "user_screen_name")
_JSON_NAME = ("name", "author_name", "user_name", "display_name")
_JSON_DATE = ("created_at", "date")
#: A card's data is a few kilobytes: a larger value is read for its URL only.
_JSON_MAX_CHARS = 1_000_000
_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^<>]*>")


def _post_in_json(value: str, position: int, post_id: str) -> Occurrence | None:
    """The post a JSON object in an attribute describes (its id or status URL is the
    element's post), with the text, handle, author and date it holds; None for any other
    value."""
    import json

    if len(value) > _JSON_MAX_CHARS:
        return None
    try:
        data = json.loads(value)
    except (ValueError, RecursionError):  # (not JSON; nested past Python's stack)
        return None
    if not isinstance(data, dict):
        return None
    named = data.get("id_str") or data.get("id") or data.get("tweet_id")
    url = data.get("url") or data.get("permalink") or ""
    if str(named or "") != post_id and not (isinstance(url, str) and post_id in url):
        return None

    def first(names):
        return next((data[n].strip() for n in names
                     if isinstance(data.get(n), str) and data[n].strip()), None)

    text = first(_JSON_TEXT)
    if text is None:
        return None
    if "<" in text:  # the text as the card's HTML (Substack: a mention as a <span>)
        text = _TAG_RE.sub("", _BREAK_TAG_RE.sub("\n", text))
    if "&" in text:
        text = html_unescape(text)
    occ = Occurrence(position, "embed", "attribute", post_id)
    occ.text, occ.media = split_media(text)
    handle = first(_JSON_HANDLE)
    if handle:
        occ.handle, occ.handle_shown = clean_handle(handle), True
    occ.author_name = first(_JSON_NAME)
    when = first(_JSON_DATE)
    if when:
        occ.shown_date = _iso_date(when) or when
    return occ


def _iso_date(value: str) -> str | None:
    """X's created_at ("Fri Jun 12 18:56:44 +0000 2020") or an ISO time, as its UTC day."""
    from datetime import datetime, timezone

    for parse in (lambda v: datetime.strptime(v, "%a %b %d %H:%M:%S %z %Y"),
                  lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))):
        try:
            moment = parse(value)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        return moment.date().isoformat()
    return None


def _embed_in_value(value: str, position: int) -> Occurrence | None:
    """The embed whose markup an attribute holds, escaped as text or percent-encoded
    (a CMS's placeholder that its script renders: data-content="&lt;blockquote
    class=&quot;twitter-tweet&quot;…"), read as the embed itself is; or None."""
    value = _markup_in_value(value)
    return _from_inline_frame(None, position, value) if value is not None else None


#: A data: URL's head: its media type and parameters, and whether it is base64.
_DATA_URL_RE = re.compile(r"\s*data:([^,]*?)(;base64)?,", re.IGNORECASE)
_CHARSET_PARAMETER_RE = re.compile(r";\s*charset=([\w.:-]+)", re.IGNORECASE)
#: Markup a JSON string keeps escaped: "\u003cblockquote" (Rails' to_json).
_JSON_MARKUP_RE = re.compile(r"\\u003cblockquote", re.IGNORECASE)


def _markup_in_value(value: str) -> str | None:
    r"""The embed markup an attribute's value holds, as its writer encoded it: in a data:
    URL (percent-encoded or base64, in the charset it declares), percent-encoded, or as a
    string of JSON (PHP's json_encode writes "\u00b0" and "<\/p>"); None for none."""
    data = _DATA_URL_RE.match(value)
    if data is not None:
        if not data.group(1).strip().lower().startswith(("text/html", "text/plain", ";")) \
                and data.group(1).strip():
            return None  # an image's or a font's data: no markup to read (nor to decode)
        value = _data_url_text(value[data.end():], data.group(1), bool(data.group(2)))
        if value is None:
            return None
    elif "<blockquote" not in value and "<BLOCKQUOTE" not in value:
        if _PERCENT_MARKUP_RE.search(value):
            value = percent_decoded(value)
        elif not _JSON_MARKUP_RE.search(value):
            return None
    if "<blockquote" not in value and "<BLOCKQUOTE" not in value \
            and not _JSON_MARKUP_RE.search(value):
        return None
    if value.lstrip()[:1] in ("{", "[") and len(value) <= _JSON_MAX_CHARS:
        value = _markup_in_json(value) or value
    return value


def _data_url_text(body: str, media: str, base64: bool) -> str | None:
    """A data: URL's content as text, decoded by its own charset (UTF-8 when it names
    none; JavaScript's escape() where it wrote "%u…")."""
    import base64 as b64
    import binascii
    import codecs

    charset = _CHARSET_PARAMETER_RE.search(media)
    codec = charset.group(1) if charset else "utf-8"
    try:
        codecs.lookup(codec)
    except LookupError:
        codec = "utf-8"
    if base64:
        try:
            raw = b64.b64decode(unquote(body) + "=" * (-len(body) % 4), validate=False)
        except (binascii.Error, ValueError):
            return None
    elif "%u" in body or "%U" in body:
        return percent_decoded(body)
    else:
        from urllib.parse import unquote_to_bytes

        raw = unquote_to_bytes(body)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return raw.decode("cp1252" if codec.lower().replace("-", "") == "utf8" else codec,
                          "replace")


def _markup_in_json(value: str) -> str | None:
    """The first string of a JSON value that holds embed markup (an oEmbed answer kept
    in an attribute: {"html": "<blockquote…"}), its escapes read."""
    import json

    try:
        data = json.loads(value)
    except (ValueError, RecursionError):
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "<blockquote" in item.lower():
                return item
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


#: JavaScript's escape(): "%uXXXX" for a UTF-16 unit, "%XX" for a Latin-1 character.
_JS_ESCAPE_RE = re.compile(r"%u([0-9A-Fa-f]{4})|%([0-9A-Fa-f]{2})")


def percent_decoded(value: str) -> str:
    """Percent-encoded text as its writer meant it: UTF-8 bytes (encodeURIComponent, a
    server's quote()), or, where those do not decode, JavaScript's escape() ("%u2192",
    "%B0" for "°", a surrogate pair for an emoji)."""
    if "%u" not in value and "%U" not in value:
        try:
            return unquote(value, errors="strict")
        except UnicodeDecodeError:
            pass
    units = _JS_ESCAPE_RE.sub(lambda m: chr(int(m[1] or m[2], 16)), value)
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _from_amp(el, position: int) -> Occurrence | None:
    value = el.get("data-tweetid") or el.get("data-tweet-id") or ""
    post_id = valid_id(parse_post_id(value))
    found = parse_status_url(value)
    occ = Occurrence(position, "embed", "amp", post_id, found[1] if found else None, raw=el)
    placeholder = next((b for b in el.iter("blockquote")), None)
    if placeholder is not None:
        inner = _from_blockquote(placeholder, position)
        if inner is not None and inner.post_id in (post_id, None):
            occ.absorb(inner)
    return occ if post_id else None


#: How many inline documents deep a frame's content is read (a frame's markup in a frame's
#: markup is read; one more level is not: each level would parse all that it holds again).
_FRAME_DEPTH = 2
_FRAMES = threading.local()


def _from_inline_frame(frame, position: int, document: str) -> Occurrence | None:
    """An <iframe> whose content is the embed markup itself (Facebook Instant Articles'
    figure.op-social, X-FORMATS §1.7: HTML parsers keep that content as raw text), or
    whose srcdoc attribute is (a sandboxed embed)."""
    depth = getattr(_FRAMES, "depth", 0)  # (each thread has its own, unset at first)
    if depth >= _FRAME_DEPTH:
        # a frame inside a frame inside a frame, no page's: its first status URL, unread
        found = _valid_status(document) if "tatus" in document else None
        return Occurrence(position, "embed", "iframe", found[0], found[1],
                          raw=frame) if found else None
    markup = document.encode("utf-8", "replace")
    found = scan_bytes(markup)
    if not found.anything:
        return None
    inner, _errors = _parse_utf8(markup)
    if inner is None:
        return None
    # Every rule, as for a page: the frame shows what its document shows (a status link,
    # a text copy with its attribution, an id-marked element), its embed first.
    _FRAMES.depth = depth + 1
    try:
        shown = occurrences(inner, found)
    finally:
        _FRAMES.depth = depth
    lead = next((occ for occ in shown if occ.kind == "embed"), shown[0] if shown else None)
    if lead is None:
        return None
    for other in shown:
        if other is not lead and other.post_id in (lead.post_id, None):
            lead.absorb(other)
    lead.position = position
    return lead


def _is_marked_blockquote(el) -> bool:
    """A blockquote or figure X's or Twitter's mark says is an embed."""
    if el.get("data-tweetid") or el.get("data-tweet-id"):
        return True
    classes = el.get("class") or ""
    return bool(classes and _read_classes(classes)[1] and "wp-block-embed" not in classes)


def _is_embed_shape(el) -> bool:
    """A blockquote or figure that is an embed: marked as one, or shaped like one (a
    status permalink and a "— Name (@handle)" attribution, whatever its class)."""
    if el.tag not in ("blockquote", "figure"):
        return False
    if el.tag == "figure" and any(b.tag == "blockquote" and _is_embed_shape(b)
                                  for b in el.iter("blockquote")):
        return False  # the blockquote inside is the embed
    if _is_marked_blockquote(el):
        return el.tag == "blockquote" or bool(_status_anchors(el))
    if not _status_anchors(el):
        return False
    text = "".join(el.itertext())
    return "(@" in text and (_ATTRIBUTION_RE.search(text) is not None
                             or _GARBLED_ATTRIBUTION_RE.search(text) is not None)


#: An attribution whose brackets hold no handle, spaced out by a machine translation or an
#: OCR ("— Alice Glass (@ Alice Glass)"): the name is the author's, the handle the
#: permalink's.
_GARBLED_ATTRIBUTION_RE = re.compile(
    rf"[{ATTRIBUTION_DASHES}-]\s*(?P<name>[^{ATTRIBUTION_DASHES}()@\n]{{1,100}}?)\s*"
    r"\(\s*@\s+[^()@\n]{1,40}\)")


def _inside(el, root, stops) -> bool:
    """True when `el` sits inside one of `stops` below `root`."""
    for ancestor in el.iterancestors():
        if ancestor is root:
            return False
        if ancestor in stops:
            return True
    return False


def _status_anchors(el, nested=frozenset()) -> list[tuple[object, str, str | None]]:
    anchors = []
    for a in el.iter("a"):
        href = a.get("href")
        if not href or ("tatus" not in href and "TATUS" not in href):
            continue
        if nested and _inside(a, el, nested):
            continue
        found = _status_of(href)
        if found:
            anchors.append((a, found[0], found[1]))
    return anchors


def _from_blockquote(bq, position: int) -> Occurrence | None:
    """An embed (X-FORMATS §1.1): the id in its last status link (or its data-* id or
    cite), the text in its <p>s, the attribution after them.

    An embed nested inside (the first one's </blockquote> missing) is left to its own
    occurrence: its links, text and attribution are not this post's.
    """
    occ = _from_plain_blockquote(bq, position)
    return occ if occ is not None else _read_blockquote(bq, position)


def _read_blockquote(bq, position: int) -> Occurrence | None:
    """_from_blockquote's full reading, for every shape."""
    nested = {el for el in bq.iter("blockquote", "figure")
              if el is not bq and _is_embed_shape(el)}
    anchors = _status_anchors(bq, nested)
    permalink = anchors[-1] if anchors else None
    post_id = valid_id(parse_post_id(bq.get("data-tweetid") or bq.get("data-tweet-id")))
    url_handle = None
    if post_id is None and permalink is None:
        # no link inside: the post's URL in an attribute of its own (cite, data-tweet-url
        # of a lazy embed that a script renders, data-url, …), as any element's is read
        found = _status_in_attributes(bq)
        if found is not None:
            post_id, url_handle = found
    if permalink is not None and (post_id is None or permalink[1] == post_id):
        post_id, url_handle = permalink[1], permalink[2]
    elif permalink is not None:
        permalink = None
    if post_id is None:
        return None
    occ = Occurrence(position, "embed", "blockquote", post_id, url_handle, raw=bq)

    # The text: every <p> before the attribution and the permalink, in document order.
    paragraphs = []
    stop = permalink[0] if permalink is not None else None
    for p in bq.iter("p", "a"):
        if p is stop:
            break  # what follows the permalink is not the post's text
        if p.tag != "p" or (nested and (p in nested or _inside(p, bq, nested))):
            continue
        if paragraphs and _inside(p, bq, {paragraphs[-1]}):
            continue
        head = p.text.lstrip() if p.text and p.text.strip() else "".join(p.itertext()).lstrip()
        if head[:1] in _DASHES:
            whole = "".join(p.itertext()).lstrip()
            if _ATTRIBUTION_RE.match(whole) or _GARBLED_ATTRIBUTION_RE.match(whole) or (
                    stop is not None and _inside(stop, bq, {p})
                    and _BARE_ATTRIBUTION_RE.match(whole)):
                # the attribution in a <p> of its own (WordPress), or a template's "— @h"
                # holding the permalink, whoever it names: the text ends here
                break
        paragraphs.append(p)
        if stop is not None and _inside(stop, bq, {p}):
            break  # an unclosed <p> swallowed the attribution and the permalink
    byline = None
    if paragraphs and stop is not None and _inside(stop, bq, {paragraphs[-1]}):
        byline = _byline(paragraphs[-1], stop)
        if byline is not None:
            # "@handle on <date>" above the text (or below it, without a dash): the
            # text is the paragraphs around it, not the byline.
            line = paragraphs.pop()
            if not paragraphs:
                paragraphs = _paragraphs_after(bq, line, nested)
    skip = {*paragraphs, permalink[0] if permalink else None, *nested}
    if paragraphs:
        parts = [_element_text(p, skip=skip) for p in paragraphs]
        last = paragraphs[-1]
        rest = (_text_outside(bq, skip) if all(p.getparent() is bq for p in paragraphs)
                else _element_text(bq, skip=skip))
        if byline is not None:
            rest = ""
        elif permalink is not None and _inside(permalink[0], bq, {last}):
            # An unclosed <p> swallowed the attribution: split it off the text.
            attribution = _last_match(_ATTRIBUTION_RE, parts[-1])
            if attribution is None:
                attribution = _own_bare_attribution(
                    _last_match(_BARE_ATTRIBUTION_RE, parts[-1]), url_handle)
            if attribution is not None:
                parts[-1], rest = parts[-1][: attribution.start()], parts[-1][attribution.start():]
        text = "\n\n".join(part for part in (p.strip() for p in parts) if part)
        occ.text, occ.media = split_media(text)
        first = paragraphs[0]
        occ.lang = first.get("lang") or first.get("{http://www.w3.org/XML/1998/namespace}lang")
    else:
        rest = _element_text(bq, skip=skip)
        head, sep, _tail = rest.rpartition("\u2014")
        if sep and head.strip():
            occ.text, occ.media = split_media(head)
            rest = sep + _tail
            # the language its text declares, on whatever holds it (<div lang> for <p>)
            occ.lang = next((el.get("lang") for el in bq.iterdescendants()
                             if isinstance(el.tag, str) and el.get("lang")
                             and el not in nested), None)
    attribution = _last_match(_ATTRIBUTION_RE, rest) if byline is None else byline
    if attribution is None and rest.lstrip()[:1] in _DASHES:
        # a bare attribution standing on its own after the text, whoever it names (a
        # wrong one is the page's claim, checked as an author's)
        attribution = _BARE_ATTRIBUTION_RE.match(rest.lstrip())
    if attribution is None and permalink is not None and "@" in rest:
        # "@handle on <date link>" written into the blockquote itself, after the text
        attribution = _byline_match(_fold_ws(rest).strip())
    garbled = _GARBLED_ATTRIBUTION_RE.search(rest) if attribution is None and "(@" in rest \
        else None
    if attribution is not None:
        occ.author_name = _fold_ws(attribution["name"] or "").strip() or None
        occ.handle, occ.handle_shown = shown_handle(attribution["handle"]), True
    elif garbled is not None:
        occ.author_name = _fold_ws(garbled["name"]).strip() or None  # (handle: the URL's)
    else:
        if permalink is not None:
            # "— Name <permalink>": an attribution without its "(@handle)" (a template or
            # an editor took it out): the name is the page's claim of the author.
            occ.author_name = _name_only(rest)
        card = _card_author(bq, paragraphs[0] if paragraphs else None)
        if card is not None:
            # a card drawn by X's script, saved with the page: its header names the
            # author, over any handle a URL or a photo link holds (a handle renamed since)
            name, occ.handle, occ.handle_shown = card[0], card[1], True
            occ.author_name = occ.author_name or name
        else:
            shown = _shown_handle(bq, anchors, post_id, url_handle)
            if shown:
                occ.handle, occ.handle_shown = shown, True
    if permalink is not None:
        _read_shown_date(occ, permalink[0])
    if occ.text == "":
        occ.text = None
    return occ


#: An attribution that names no handle: a dash, then a name of a few words and nothing
#: else (the permalink, left out of the text read, follows it).
_NAME_ONLY_RE = re.compile(
    rf"[{ATTRIBUTION_DASHES}-]\s*(?P<name>[^{ATTRIBUTION_DASHES}@()\[\]\\<>\n]{{1,100}}?)[\s,:]*")


def _name_only(rest: str) -> str | None:
    """The name of a handle-less attribution that is all of `rest` (the blockquote's text
    outside its paragraphs and permalink), or None: a name of up to six words with a
    letter in it."""
    match = _NAME_ONLY_RE.fullmatch(_fold_ws(rest).strip())
    if match is None:
        return None
    name = match["name"].strip()
    if len(name.split()) > 6 or not any(ch.isalpha() for ch in name):
        return None
    return name


def _own_bare_attribution(match, url_handle: str | None):
    """A bare attribution (_BARE_ATTRIBUTION_RE) that names the permalink's handle, or
    None: a mention in the text names someone else."""
    if match is None or (url_handle and shown_handle(match["handle"]).lower()
                         != url_handle.lower()):
        return None
    return match


def _byline(p, anchor):
    """The match of _BYLINE_RE for the text of `p` before the permalink `anchor` inside it,
    when that text is only a byline (a name of a few words, an @handle, a short word);
    else None. Whoever it names is the page's claim of the author, checked as one."""
    whole = "".join(p.itertext())
    shown = "".join(anchor.itertext())
    cut = whole.rfind(shown) if shown else len(whole)
    match = _byline_match(_fold_ws(whole[:cut] if cut != -1 else whole))
    tail = whole[cut + len(shown):].strip() if cut != -1 else ""
    return match if match is not None and not tail else None


def _byline_match(text: str):
    """The match of _BYLINE_RE for the whole of `text` when its name is of a few words (an
    author line's, not a sentence of the post's), else None."""
    match = _BYLINE_RE.fullmatch(text)
    if match is None or len((match["name"] or "").split()) > 5:
        return None
    if match["name"] and _ATTRIBUTION_RE.search(text):
        return None  # "x — Name (@handle)": the post's words, then its attribution
    return match


def _paragraphs_after(bq, line, nested) -> list:
    """The <p>s of `bq` after `line` in document order (not inside it, an embed nested,
    or a paragraph already taken)."""
    found, seen = [], False
    for p in bq.iter("p"):
        if p is line:
            seen = True
            continue
        if not seen or _inside(p, bq, {line}) or (nested and (p in nested or _inside(p, bq, nested))):
            continue
        if found and _inside(p, bq, {found[-1]}):
            continue
        found.append(p)
    return found


def _read_shown_date(occ: Occurrence, anchor) -> None:
    """The permalink's text, when it is a date (the embed's shown date)."""
    shown = (anchor.text or "") if len(anchor) == 0 else "".join(anchor.itertext())
    _shown_date(occ, shown, anchor.get("data-datetime"))


def _shown_date(occ: Occurrence, shown: str, datetime: str | None) -> None:
    shown = _fold_ws(shown).strip()
    if shown and (_DIGIT_RE.search(shown) or parse_shown_date(shown)):
        occ.shown_date = shown
    elif datetime:
        occ.shown_date = datetime


#: Inside a paragraph, what makes its text more than its text nodes joined, and (the
#: last three) what makes the embed another shape than X's own.
_TEXT_SHAPING = ("br", "img", "div", "li", "script", "style", "template",
                 "p", "blockquote", "figure")
_NESTING = frozenset(("p", "blockquote", "figure"))


def _from_plain_blockquote(bq, position: int) -> Occurrence | None:
    """The embed as X's embed code writes it, read in one pass: paragraphs, then the
    attribution as text, then the permalink as the last child; no embed nested inside,
    no id attribute. None for any other shape, which _from_blockquote reads in full.

    Gives what the full reading gives on this shape (a test compares the two on every
    embed of the corpus and of generated pages); it exists because a page may carry
    thousands of such embeds."""
    if bq.get("data-tweetid") is not None or bq.get("data-tweet-id") is not None:
        return None
    children = list(bq)
    if len(children) < 2:
        return None  # no paragraph: the text, if any, is the blockquote's own
    anchor = children[-1]
    if anchor.tag != "a" or anchor.tail and anchor.tail.strip():
        return None
    paragraphs = children[:-1]
    for p in paragraphs:
        if p.tag != "p":
            return None
    href = anchor.get("href")
    found = _status_of(href) if href and ("tatus" in href or "TATUS" in href) else None
    if found is None:
        return None
    if len(anchor):
        for _nested in anchor.iterdescendants(*_NESTING):
            return None
    parts = []
    for p in paragraphs:
        flat = _flat_paragraph(p)
        if flat is not None:
            joined, text = flat
        else:
            joined = "".join(p.itertext())
            shaped = False
            for inner in p.iterdescendants(*_TEXT_SHAPING):
                if inner.tag in _NESTING:
                    return None  # a paragraph or an embed inside: the full reading
                shaped = True
            text = _element_text(p) if shaped or _steers_direction(p) \
                else _fold_ws(joined).strip()
        if joined.lstrip()[:1] in _DASHES:
            return None  # an attribution in a <p> of its own: the full reading
        parts.append(text)
    pieces = [bq.text or ""]
    for child in children:
        pieces.append(child.tail or "")
    first = paragraphs[0]
    shown = (anchor.text or "") if len(anchor) == 0 else "".join(anchor.itertext())
    return plain_embed(position, found, parts, "".join(pieces),
                       first.get("lang") or first.get("{http://www.w3.org/XML/1998/namespace}lang"),
                       shown, anchor.get("data-datetime"), bq)


def plain_embed(position: int, found: tuple[str, str | None], parts: list[str],
                outside: str, lang: str | None, shown: str, datetime: str | None,
                raw) -> Occurrence | None:
    """The occurrence of an embed of X's own shape, from what its markup holds: the
    permalink's (post id, handle), each paragraph's text as shown, the text outside
    the paragraphs (the attribution), the first paragraph's lang, the permalink's text
    and data-datetime. None when no attribution names the author. (Shared by the
    tree's reading and archiver.extract.official's reading of the bytes.)"""
    attribution = _last_match(_ATTRIBUTION_RE, _fold_ws(outside).strip())
    if attribution is None:
        return None  # the author shown elsewhere, if anywhere: the full reading
    occ = Occurrence(position, "embed", "blockquote", post_id=found[0], handle=found[1],
                     raw=raw)
    text = "\n\n".join(part for part in parts if part)
    occ.text, occ.media = split_media(text)
    occ.lang = lang
    occ.author_name = _fold_ws(attribution["name"]).strip() or None
    occ.handle, occ.handle_shown = shown_handle(attribution["handle"]), True
    _shown_date(occ, shown, datetime)
    if occ.text == "":
        occ.text = None
    return occ


#: Children of a paragraph read in _flat_paragraph: text with a tail; a break; an image's
#: alt; raw text left out.
_FLAT_SKIPPED = frozenset(("script", "style", "template"))
_FLAT_BLOCKS = frozenset(("p", "div", "li", "blockquote", "figure"))


def _flat_paragraph(p) -> tuple[str, str] | None:
    """("".join(p.itertext()), _element_text(p)) read from its children alone, for a
    paragraph whose children have no children and none is a block (a paragraph of links,
    breaks and images, as X writes one); None for any other paragraph. One pass over a
    few children, where the two readings would walk the paragraph twice."""
    plain = [p.text or ""]
    shown = [p.text or ""]
    for child in p:
        if len(child):
            return None
        tag = child.tag
        if not isinstance(tag, str) or tag in _FLAT_BLOCKS:
            return None  # a comment or processing instruction kept, or a block
        if (child.get("dir") is not None or child.get("style")) and _direction_of(child):
            return None  # its direction is read by _element_text
        text = child.text or ""
        plain.append(text)
        if tag == "br":
            shown.append(_BREAK)
        elif tag == "img":
            shown.append(child.get("alt") or "")
        elif tag not in _FLAT_SKIPPED:
            shown.append(text)
        tail = child.tail or ""
        plain.append(tail)
        shown.append(tail)
    return "".join(plain), _finish_text("".join(shown))


def _attribute_statuses(el, skip: str | None = None):
    """(name, value, (post id, handle)) of each attribute of `el` holding a status URL (a
    widget frame's, an intent naming its post), in order; not the attributes that hold
    words (a title), nor `skip`."""
    for name, value in el.items():
        if name in _TEXT_ATTRIBUTES or name == skip or len(value) < 12:
            continue
        if "tatus" not in value and "TATUS" not in value and "%2" not in value \
                and "html" not in value and "tweet_id" not in value and "in_reply_to" not in value:
            continue
        found = _valid_status(value)
        if found:
            yield name, value, found


def _status_in_attributes(el) -> tuple[str, str | None] | None:
    """(post id, handle) of the first status URL in an attribute of `el`, or None."""
    return next((found for _name, _value, found in _attribute_statuses(el)), None)


#: A permalink as X's embed code and share menus write it, whole: read without the search
#: for every form (ids.parse_status_url reads it the same; a test holds them together).
_PERMALINK_RE = re.compile(r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?!i/)"
                           r"([A-Za-z0-9_]{1,15})/status/([0-9]{1,19})(?:\?ref_src=twsrc%5Etfw)?")


#: Tab and line breaks, which a URL's parser drops wherever they are (an old CMS wraps long
#: attributes: "…status/16292622557\n44503809" links to post 1629262255744503809).
_URL_BREAKS = dict.fromkeys(map(ord, "\t\n\r"))


def _valid_status(value: str) -> tuple[str, str | None] | None:
    """(post id, handle) of the first status URL in `value` whose id is a valid post id,
    or None."""
    if "\n" in value or "\t" in value or "\r" in value:
        value = value.translate(_URL_BREAKS)  # (a URL's parser drops them: a wrapped href)
    permalink = _PERMALINK_RE.fullmatch(value)
    if permalink is not None:
        post_id = valid_id(permalink[2])
        return (post_id, clean_handle(permalink[1])) if post_id else None
    found = parse_status_url(value)
    post_id = valid_id(found[0]) if found else None
    return (post_id, found[1]) if post_id else None


_STATUS_CACHE: dict[str, tuple[str, str | None] | None] = {}


def _status_of(value: str) -> tuple[str, str | None] | None:
    """(post id, handle) of the status URL in an attribute's value, or None: the same
    link is read for its embed and again as a candidate of its own."""
    try:
        return _STATUS_CACHE[value]
    except KeyError:
        pass
    result = _valid_status(value)
    if len(_STATUS_CACHE) > 4096:
        _STATUS_CACHE.clear()
    _STATUS_CACHE[value] = result
    return result


_HANDLE_LINE_RE = re.compile(r"\s*@(\w{1,20})\s*")


def _handle_line(el, skip=()) -> str | None:
    """The handle of an element inside `el` whose whole text is "@handle": a site-drawn
    card's line under its author's name (Ghost, Substack, react-tweet), not a mention in
    the post's text (those sit inside `skip`, or among other words)."""
    for inner in el.iterdescendants():
        if len(inner) or not inner.text or "@" not in inner.text:
            continue
        match = _HANDLE_LINE_RE.fullmatch(inner.text)
        if match and not (skip and _inside(inner, el, skip)) and inner not in skip \
                and not _after_reply_label(inner):
            return match.group(1)
    return None


def _after_reply_label(el) -> bool:
    """Whether X's "Replying to" label (in any of its languages) stands right before `el`:
    the handle after it is the reply's addressee, not its author."""
    # the verifier's labels, imported when a card needs them: not at every start-up
    from ..compare import REPLY_LABEL_END_RE

    before = []
    sibling = el.getprevious()
    while sibling is not None and len(before) < 3:
        before.append((sibling.tail or "") + " ")
        if sibling.tag != "br":
            before.append("".join(sibling.itertext()))
        sibling = sibling.getprevious()
    if sibling is None:
        before.append(el.getparent().text or "")
    text = " ".join(" ".join(reversed(before)).split())
    return bool(text) and REPLY_LABEL_END_RE.search(text) is not None


#: A profile's address (not a post's): the handle it names.
_PROFILE_HREF_RE = re.compile(r"(?:https?:)?//(?:www\.|mobile\.)?(?:twitter|x)\.com/"
                              r"@?([A-Za-z0-9_]{1,15})/?(?:[?#].*)?", re.IGNORECASE)
#: A profile link's label as X's script writes it in every language: "ABC Sydney
#: (screen name: abcsydney)", "Nibel (nombre de usuario: Nibellion)".
_SCREEN_NAME_LABEL_RE = re.compile(r"(?P<name>.+?)\s*\([^():]{1,40}:\s*@?"
                                   r"(?P<handle>[A-Za-z0-9_]{1,15})\)\s*")


def _card_author(bq, text_start) -> tuple[str | None, str] | None:
    """(name, handle) of the author line of a card drawn around a post (X's widget as
    saved with the page, a site's own card): a link to a profile, before the post's
    text, that shows its screen name ("@abcsydney") or labels it ("… (screen name:
    abcsydney)"). A link to a profile inside the text is a mention: never read (nor any,
    when no paragraph tells where the text starts)."""
    if text_start is None:
        return None
    for el in bq.iter():
        if el is text_start:
            return None
        if el.tag != "a":
            continue
        found = _PROFILE_HREF_RE.fullmatch((el.get("href") or "").strip())
        if found is None or not is_handle(found.group(1)):
            continue
        handle = found.group(1)
        label = _SCREEN_NAME_LABEL_RE.fullmatch(el.get("aria-label") or "")
        if label is not None and label["handle"].lower() == handle.lower():
            return _fold_ws(label["name"]).strip() or None, handle
        shown = _fold_ws("".join(el.itertext())).strip()
        at = shown.lower().rfind("@" + handle.lower())
        if at >= 0:
            name = "".join(ch for ch in shown[:at] if unicodedata.category(ch) != "So")
            return name.strip() or None, shown[at + 1:at + 1 + len(handle)]
    return None


def _shown_handle(bq, anchors, post_id: str, url_handle: str | None) -> str | None:
    """Another author the embed shows for its post than its permalink's handle: the
    handle of another permalink of the same post (a photo link), or an @handle in a
    link's title. None when the embed shows none, or the same."""
    for _anchor, other_id, handle in anchors[:-1]:
        if other_id == post_id and handle and (not url_handle or handle.lower() != url_handle.lower()):
            return handle
    for a in bq.iter("a"):
        title = a.get("title") or ""
        if not title or not _is_pic_link(a):
            continue  # a mention's title names someone the post talks to, not its author
        found = parse_status_url(title) if "tatus" in title else None
        if found and found[0] == post_id and found[1]:
            handle = found[1]
        else:
            match = _HANDLE_IN_TITLE_RE.search(title)
            handle = clean_handle(match.group(1)) if match else None
        if handle and (not url_handle or handle.lower() != url_handle.lower()):
            return handle
    return None


def _is_pic_link(a) -> bool:
    """An embed's link to its own photo or video: pic.twitter.com/… (or pic.x.com/…) as
    its text, or a …/status/ID/photo|video/N address."""
    shown = "".join(a.itertext())
    href = a.get("href") or ""
    return ("pic.twitter.com/" in shown or "pic.x.com/" in shown
            or "/photo/" in href or "/video/" in href)


def _last_match(pattern: re.Pattern, text: str):
    """The last match of `pattern` in `text` (the attribution closes an embed), or None."""
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last one
        pass
    return found


def _text_outside(bq, skip: set) -> str:
    """The blockquote's own text outside the skipped children (where the attribution
    "— Name (@handle)" sits), whitespace folded: cheaper than _element_text."""
    pieces = [bq.text or ""]
    for child in bq:
        if child not in skip and isinstance(child.tag, str):
            if child.tag == "img":
                pieces.append(child.get("alt") or "")  # an emoji drawn as an image
            else:
                pieces.extend(child.itertext())
        pieces.append(child.tail or "")
    return _fold_ws("".join(pieces)).strip()


#: Markup that steers the direction words are drawn in, as the characters that do the same
#: (UAX #9): <bdo dir=rtl> and CSS's bidi-override turn their text around as U+202E does,
#: an inline element's dir isolates its text as U+2067 does. Kept in the text gathered, so
#: that verification draws the quote as the page shows it ("Total due: <bdo dir=rtl>1234
#: USD</bdo>" reads "DSU 4321"). A block's dir (X's own <p dir="rtl">) sets the direction
#: of a paragraph that runs that way anyway, and is left out.
_OVERRIDES = {"rtl": "\u202e", "ltr": "\u202d"}
_ISOLATES = {"rtl": "\u2067", "ltr": "\u2066", "auto": "\u2068"}
_DIRECTION_ENDS = {"\u202e": "\u202c", "\u202d": "\u202c", "\u2067": "\u2069",
                   "\u2066": "\u2069", "\u2068": "\u2069"}
_BLOCK_DIRECTION_TAGS = frozenset(("p", "div", "li", "blockquote", "figure", "body", "html",
                                   "section", "article", "ul", "ol", "td", "th", "h1", "h2",
                                   "h3", "h4", "h5", "h6", "dd", "dt", "table", "tr"))
_CSS_DIRECTION_RE = re.compile(r"direction\s*:\s*(rtl|ltr)", re.IGNORECASE)


def _direction_of(el) -> str | None:
    """The character that opens what `el`'s markup does to the direction of its text, or
    None (most elements: one attribute look each)."""
    direction = el.get("dir")
    style = el.get("style")
    if style and "bidi-override" in style.lower():
        found = _CSS_DIRECTION_RE.search(style)
        return _OVERRIDES[found[1].lower()] if found else None
    if direction is None:
        return None
    direction = direction.strip().lower()
    if el.tag == "bdo":
        return _OVERRIDES.get(direction)
    return _ISOLATES.get(direction)


def directed_text(el, own: bool = False) -> str:
    """"".join(el.itertext()), with the direction characters its inline markup stands for
    (_direction_of); own=True: and `el`'s own."""
    steer = _direction_of(el) if own and el.tag not in _BLOCK_DIRECTION_TAGS else None
    if not steer and not _steers_direction(el):
        return "".join(el.itertext())
    pieces: list[str] = [steer] if steer else []

    def walk(node) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                inner = _direction_of(child) if child.tag not in _BLOCK_DIRECTION_TAGS else None
                if inner:
                    pieces.append(inner)
                walk(child)
                if inner:
                    pieces.append(_DIRECTION_ENDS[inner])
            if child.tail:
                pieces.append(child.tail)

    walk(el)
    if steer:
        pieces.append(_DIRECTION_ENDS[steer])
    return "".join(pieces)


def _steers_direction(el) -> bool:
    """Whether anything inside `el` (not a block) steers its text's direction."""
    for inner in el.iterdescendants():
        if isinstance(inner.tag, str) and inner.tag not in _BLOCK_DIRECTION_TAGS \
                and (inner.get("dir") is not None or inner.get("style")) \
                and _direction_of(inner):
            return True
    return False


#: An inserted line break while an element's text is gathered: libxml2 never passes a
#: NUL through (it becomes U+FFFD), so source whitespace can be folded in one pass.
_BREAK = "\x00"


def _element_text(el, skip: set | None = None) -> str:
    """Visible text of an element: <br> as "\\n", source whitespace folded, images as alt."""
    pieces: list[str] = []

    def walk(node) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if skip and child in skip:
                pass
            elif tag == "br":
                pieces.append(_BREAK)
            elif tag == "img":
                pieces.append(child.get("alt") or "")
            elif tag in ("script", "style", "template") or not tag:
                pass
            else:
                if tag in ("p", "div", "li") and pieces and not pieces[-1].endswith(_BREAK):
                    pieces.append(_BREAK)
                steer = _direction_of(child) if tag not in _BLOCK_DIRECTION_TAGS else None
                if steer:
                    pieces.append(steer)
                walk(child)
                if steer:
                    pieces.append(_DIRECTION_ENDS[steer])
                if tag in ("p", "div", "li"):
                    pieces.append(_BREAK)
            if child.tail:
                pieces.append(child.tail)

    walk(el)
    return _finish_text("".join(pieces))


def _finish_text(text: str) -> str:
    """Gathered text as shown: source whitespace folded, inserted breaks as lines."""
    text = _fold_ws(text)
    if _BREAK in text:
        text = _AROUND_NEWLINE_RE.sub("\n", text.replace(_BREAK, "\n"))
        if "\n\n\n" in text:
            text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
