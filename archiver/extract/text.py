"""Text forms: a post shown as plain text — the tail of an embed after copy-paste
("TEXT pic.twitter.com/X— Name (@handle) October 12, 2025", X-FORMATS §1.10), a post
copied from X's web app (archiver.extract.copies) and status URLs written as text — in a
plain-text page or in one block of an HTML page."""

from __future__ import annotations

import re
from html import unescape as html_unescape

from ..ids import iter_status_urls, parse_status_url
from ..sniff import MARKDOWN_TYPES
from .copies import copies_in_text
from .occurrence import (ATTRIBUTION_DASHES, SHOWN_HANDLE, Occurrence, shown_handle,
                         split_media, valid_id)

# The tail of an embed as plain text: "— Name (@handle) Date" (X-FORMATS §1.10). The name
# may not cross a dash (em, en, or the horizontal bar U+2015 that Shift_JIS's dash decodes
# to), so the match starts at the last dash before "(@"; it may hold words in brackets
# ("BBC News (World)"). A Markdown copy escapes "_" in the handle ("(@\_Alignof)") and
# the "@" itself ("(\@wakaleo)"); pandoc writes the dash "---" or "--"; html2text wraps a
# long line, the date's link too ("[March 29,\n> 2017](…)").
_DASH = rf"(?P<dash>[{ATTRIBUTION_DASHES}]|(?<!\S)-{{1,3}}(?=\s))"
#: Before the date: spaces, or html2text's line break when the line passed 78 columns,
#: the date's link then opening the next "> " line.
_LINK_LINE = r"(?:[ \t]*\n[ \t]*>[ \t]*(?=\[)|[ \t]*)"
TEXT_TAIL_RE = re.compile(
    rf"{_DASH}[ \t]*"
    rf"(?P<name>(?:[^\n(){ATTRIBUTION_DASHES}]|\([^\n()@]{{1,40}}\)){{1,100}}?)"
    rf"\s*\([ \t]*\\?@(?P<handle>{SHOWN_HANDLE})[ \t]*\){_LINK_LINE}"
    r"\[?(?P<date>(?:[^\n\]]|\n[ \t]*>[ \t]*(?=[^\s\]]))"
    r"{0,40}?(?:\d{4}[\s>]*[年년][\s>]*\d{1,2}[\s>]*[月월][\s>]*\d{1,2}[\s>]*[日일]?"
    r"|\d{4}[./-] ?\d{1,2}[./-] ?\d{1,2}\.?"  # year first, in numbers: "2025. 11. 14."
    r"|\d{4}|[\u0660-\u0669\u06f0-\u06f9]{4}))"
    r"(?:\]\((?P<link>[^)\s]+)\))?"
)

#: ...with what stands in the brackets no handle ("(@ Alice Glass)", "(@ bre _ Stewart 30)":
#: a machine translation or an OCR spaced it out): the tail all the same, its handle the
#: permalink's.
TEXT_TAIL_GARBLED_RE = re.compile(
    TEXT_TAIL_RE.pattern.replace(
        rf"\s*\([ \t]*\\?@(?P<handle>{SHOWN_HANDLE})[ \t]*\)",
        r"\s*\([ \t]*\\?@[ \t]+[^\n()\[\]@]{1,40}?[ \t]*\)"))
assert TEXT_TAIL_GARBLED_RE.pattern != TEXT_TAIL_RE.pattern

#: ...and as citation templates and hand-made copies write it, without the brackets:
#: "— @handle October 12, 2025", "— Name @handle October 12, 2025"; the date, with its
#: year, ending the line (a handle in running text is followed by more words).
TEXT_TAIL_BARE_RE = re.compile(
    rf"{_DASH}[ \t]*"
    rf"(?P<name>(?:[^\n(){ATTRIBUTION_DASHES}@\\]){{0,100}}?)"
    rf"(?<![\w.])\\?@(?P<handle>{SHOWN_HANDLE})(?![\w@])[ \t]*[,·|]?{_LINK_LINE}\[?"
    r"(?P<date>[^\n\[\]]{0,40}?(?:\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]?"
    r"|\d{4}[./-] ?\d{1,2}[./-] ?\d{1,2}\.?|\d{4}|[\u0660-\u0669\u06f0-\u06f9]{4}))"
    r"(?:\]\((?P<link>[^)\s]+)\))?[ \t.]*(?=\n|$)"
)

#: ...and as a Markdown rendering writes an embed whose attribution names no handle (a
#: blogger took it out, "— Name [date](permalink)"): read only with the permalink, a
#: status URL, which names the post and its author.
TEXT_TAIL_NAMED_RE = re.compile(
    rf"{_DASH}[ \t]*"
    rf"(?P<name>[^\n(){ATTRIBUTION_DASHES}@\[\]\\]{{1,100}}?){_LINK_LINE}"
    r"\[(?P<date>[^\]\n]{1,40})\]\((?P<link>[^)\s]+)\)[ \t.]*(?=\n|$)"
)


def _tails(text: str):
    """The embeds' tails a text shows, in both forms, in order (one place, one tail)."""
    found = list(TEXT_TAIL_RE.finditer(text))
    if "(@ " in text or "(@\t" in text:
        taken = [(m.start(), m.end()) for m in found]
        found += [m for m in TEXT_TAIL_GARBLED_RE.finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b in taken)]
        found.sort(key=lambda m: m.start())
    dashed = ("\u2014" in text or "\u2013" in text or "\u2015" in text or " - " in text
              or "\n- " in text or " -- " in text or "> -" in text)
    if dashed and ("@" in text or "](" in text):
        taken = [(m.start(), m.end()) for m in found]
        more = [*(TEXT_TAIL_BARE_RE.finditer(text) if "@" in text else ()),
                *(m for m in TEXT_TAIL_NAMED_RE.finditer(text) if "](" in text
                  and parse_status_url(m["link"]) is not None)]
        for match in more:
            if not any(a < match.end() and match.start() < b for a, b in taken):
                found.append(match)
                taken.append((match.start(), match.end()))
        found.sort(key=lambda m: m.start())
    return found


#: What a shown date is made of: a day (one or two digits, in any script's digits) among
#: at most seven words ("12 de octubre de 2025", "12:30 PM - 12 Oct 2025"), or the CJK
#: form; never quotation marks or brackets: "(@JaneDoe) is the author of “Red Lines”
#: (2023)" is a byline, not an embed's tail.
_DAY_RE = re.compile(r"(?<!\d)\d{1,2}(?!\d)|[年년]")
_NOT_IN_DATES = frozenset('"“”„«»()[]{}<>')


def _looks_like_date(shown: str) -> bool:
    return (len(shown.split()) <= 7 and _DAY_RE.search(shown) is not None
            and not any(ch in _NOT_IN_DATES for ch in shown))


def occurrences_in_text(text: str, first_position: int = 0, block=None) -> list[Occurrence]:
    """Embeds rendered as plain text, and status URLs written in the text."""
    occurrences: list[Occurrence] = []
    offsets: list[int] = []  # where each occurrence begins in the text
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for match in _tails(text):
        shown_date = _WRAPPED_RE.sub(" ", match["date"]).strip()
        if not _looks_like_date(shown_date):
            continue
        # An HTML block that ends with the tail is the embed's own (a newsletter's
        # flattened blockquote: paragraphs parted by <br><br>): all of it is the text.
        own_block = block is not None and not text[match.end():].strip() and \
            match.start() - previous_end <= _OWN_BLOCK_CHARS
        body, media, body_start = _text_body(text, previous_end, match.start(),
                                             whole=block is None, own_block=own_block,
                                             markdown=bool(match.groupdict().get("link")))
        link = match.groupdict().get("link")
        after = text[match.end(): match.end() + 400].split("\n", 1)[0]
        found = parse_status_url(link) if link else None
        if found is None:
            first_url = next(iter_status_urls(after), None)
            if first_url is not None and first_url[0] <= 3:
                found = (first_url[2], first_url[3])
        post_id = valid_id(found[0]) if found else None
        handle = match.groupdict().get("handle")
        occurrences.append(
            Occurrence(
                first_position + len(occurrences), "text", "text-embed", post_id,
                shown_handle(handle) if handle else found[1] if found else None,
                handle_shown=handle is not None,
                author_name=match["name"].strip() or None, shown_date=shown_date,
                text=body, media=media,
                raw=text[_context_start(text, previous_end, body_start): match.end()],
            )
        )
        offsets.append(_line_start(text, previous_end, match.start()))
        spans.append((match.start(), match.end() + (len(after) if found else 0)))
        previous_end = match.end()
    if "·" in text:  # a post copied from X's web app (archiver.extract.copies)
        for start, _end, fields in copies_in_text(text):
            occurrences.append(Occurrence(first_position + len(occurrences), "text",
                                          "text-embed", None, handle_shown=True, **fields))
            offsets.append(start)
    if block is None and ("status" in text or "intent" in text):
        for start, _end, post_id, handle in iter_status_urls(text):
            post_id = valid_id(post_id)
            if post_id and not any(a <= start < b for a, b in spans):
                occurrences.append(
                    Occurrence(first_position + len(occurrences), "text", "text-url",
                                post_id, handle, raw=text[start:_end])
                )
                offsets.append(start)
    if len(offsets) > 1 and offsets != sorted(offsets):
        # in the order the text shows them: a link written before a copy comes first
        order = sorted(range(len(occurrences)), key=offsets.__getitem__)
        occurrences = [occurrences[i] for i in order]
        for position, occ in enumerate(occurrences, first_position):
            occ.position = position
    return occurrences


_FOLDED_QUOTE_MARKS_RE = re.compile(r"(?:^|(?<=\s))>(?=\s|$)")
#: A line break where a Markdown writer wrapped a line, with the quote's "> " after it.
_WRAPPED_RE = re.compile(r"[ \t]*\n[ \t]*>?[ \t]*")


def _line_start(text: str, floor: int, end: int) -> int:
    return max(floor, text.rfind("\n", 0, end) + 1)


#: Lines above a plain-text embed's text kept with it (its `raw`): the start of its text
#: is ambiguous (X-FORMATS §1.10), and a post's own line breaks may put its first lines
#: there; verification reads them when the text alone does not fit the post.
_CONTEXT_LINES = 8


def _context_start(text: str, floor: int, body_start: int) -> int:
    """Where the lines above an embed's text begin: up to _CONTEXT_LINES lines with words
    (a post's paragraphs are parted by blank lines too), never past the previous embed's
    tail (`floor`), at most _CONTEXT_CHARS before the text."""
    start = _line_start(text, floor, body_start)
    taken = 0
    while taken < _CONTEXT_LINES and start > floor and body_start - start < _CONTEXT_CHARS:
        above = _line_start(text, floor, start - 1)
        if text[above:start - 1].strip(" \t\r>"):
            taken += 1
        start = above
    return start


#: The most text kept above a plain-text embed's (a long post is a few thousand characters).
_CONTEXT_CHARS = 4000


#: The most text an HTML block that ends with an embed's tail holds above it for all of it
#: to be the post's (a post is at most 280 characters, or a few thousand for a long one;
#: a container of the whole article, flattened, holds more).
_OWN_BLOCK_CHARS = 1200


def _text_body(text: str, floor: int, end: int, whole: bool = False,
               own_block: bool = False, markdown: bool = False
               ) -> tuple[str | None, tuple[str, ...]]:
    """The post text before a "— Name (@handle)" tail at `end`.

    The text's start is ambiguous in plain text (X-FORMATS §1.10): it is the rest of the
    line after the previous embed, or, when the tail starts its own line, the paragraph
    (or the run of "> " quote lines) just above it. A paragraph ends at a blank line; in
    a whole plain-text page (`whole`) that parts no paragraphs with blank lines above the
    tail (a converter's or an API's text, one paragraph a line), it is the line above: the
    headline and the paragraphs before are the article's, not the post's.
    """
    start = body_start = _line_start(text, floor, end)
    body = text[start:end]
    quoted_lines = body.lstrip().startswith(">")
    if own_block:
        # every line of the block up to the tail, whether the tail has a line of its own
        # or ends the post's last one: the block is the embed's, its <br>s the post's
        # line breaks (a line above is no article's: the article's prose is its own block)
        body = text[floor:end]
        body_start = floor
    elif not body.strip(" \t\r>"):
        lines = text[floor:start].splitlines()
        quoted = bool(lines) and lines[-1].lstrip().startswith(">")
        quoted_lines = quoted_lines or quoted
        taken: list[str] = []
        parted = False  # a blank line ended the paragraph
        for line in reversed(lines):
            stripped = line.strip()
            if quoted:
                if not stripped.startswith(">"):
                    break
            elif not stripped:
                if taken:
                    parted = True
                    break
                continue
            taken.append(line)
        if whole and not quoted and not parted and len(taken) > 1:
            taken = taken[:1]
        body = "\n".join(reversed(taken))
        if taken:
            found = text.rfind(taken[-1], floor, start)
            body_start = found if found != -1 else start
    if "\n" not in body and body.lstrip().startswith(">"):
        # a Markdown quote whose line breaks an HTML page folded: "> text > > — Name …"
        body = _FOLDED_QUOTE_MARKS_RE.sub(" ", body)
    lines = [re.sub(r"^\s*>\s?", "", line).rstrip() for line in body.replace("\r", "").split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if markdown or quoted_lines:
        body = _markdown_text(body)
    return (*split_media(body), max(floor, body_start))


#: Markdown's inline link, "[text](url)" (groups: "!" for an image, "![alt](src)": an
#: emoji's image, its alt the emoji; the text; the target), its autolink, "<https://t.co/…>" (html2text's for a link whose text is
#: its address), and its escapes ("1\\." for a list-like "1.").
MD_LINK_RE = re.compile(r"(!?)\[([^\[\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_MD_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>", re.IGNORECASE)
_MD_ESCAPE_RE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")  # (CommonMark's: any ASCII punctuation)


#: A character reference, whole: CommonMark reads one in Markdown's text as its character
#: ("&mdash; Name (@handle) [date](…)", "Vim&#39;s").
REFERENCE = r"&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_REFERENCE_RE = re.compile(REFERENCE)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdx", ".markdoc", ".mdoc",
                     ".qmd", ".rmd")


def is_markdown(source: str, content_type: str | None, text: str) -> bool:
    """Whether a plain-text input is Markdown: by its name or type, or by its links."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return (kind in MARKDOWN_TYPES
            or source.lower().rsplit("?", 1)[0].endswith(MARKDOWN_SUFFIXES)
            or "](http" in text)


def markdown_references(text: str) -> str:
    """Markdown's text with its whole character references read as CommonMark reads them
    (a reference without its ";" is no reference there), and a mention written as a link
    ("[@richardprice](https://dev.to/richardprice)", a blog's rendering of an embed's
    "(@handle)") as the mention it shows."""
    if "[@" in text:  # (a link to a post, the permalink, is kept: it names the post)
        text = _MENTION_LINK_RE.sub(
            lambda m: m.group() if parse_status_url(m.group(2)) else m.group(1), text)
    if "&" not in text:
        return text
    return _REFERENCE_RE.sub(lambda m: html_unescape(m.group()), text)


_MENTION_LINK_RE = re.compile(rf"\[(\\?@{SHOWN_HANDLE})\]\(([^()\s]+)\)")


def _markdown_text(body: str) -> str:
    """What a Markdown rendering of an embed (html2text's, a newsletter's: the tail's date
    written "[date](permalink)", the lines quoted with "> ") shows as text: each link as
    its text, each escaped sign as the sign."""
    if "](" in body:
        body = MD_LINK_RE.sub(lambda m: m.group(2), body)
    if "<" in body:
        body = _MD_AUTOLINK_RE.sub(lambda m: m.group(1), body)
    if "\\" in body:
        body = _MD_ESCAPE_RE.sub(lambda m: m.group(1), body)
    return body
