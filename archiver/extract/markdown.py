"""Stage 4 for Markdown: a Markdown page (or plain text holding markup) read as its
generator shows it.

A Markdown source is parsed by CommonMark's block rules (markdown-it-py), then each part
is read as what it shows:

- an HTML block, and a paragraph holding an embed's HTML inline (a table cell, "See:
  <blockquote …>"), as HTML: X's embed code pasted into a post, with every field;
- code (a fenced or indented block, or an inline span holding a post's address) as code: a
  tutorial's example embed is no post;
- the rest as Markdown text (archiver.extract.text: renderings of embeds, status URLs);
- the generators' own embeds, wherever they stand but in a comment: Hugo's shortcodes
  (`{{< tweet user="jack" id="20" >}}`, `{{< x … >}}`), Liquid's tags (Jekyll, dev.to:
  `{% twitter URL %}`, `{% tweet ID %}`), and MkDocs' admonitions, collapsibles and tabs
  (`!!! note`, `??? note`, `=== "Tab"`), whose indented bodies are Markdown, not code.

Comments (HTML's, Liquid's `{% comment %}`, Hugo's `{{/* */}}`) show nothing: dropped
first, their line breaks kept so that the parts stay where they were.
"""

from __future__ import annotations

import re

from ..ids import clean_handle, parse_status_url
from .occurrence import Occurrence, valid_id
from .text import occurrences_in_text

#: What makes a plain text hold markup to read as HTML: an embed's or a frame's tag.
HTML_MARKUP_RE = re.compile(r"<(?:blockquote|figure|iframe|amp-twitter|tweet)[\s>/]",
                            re.IGNORECASE)
#: ...or a generator's embed.
GENERATOR_MARKUP_RE = re.compile(r"\{\{[<%]|\{%-?\s*(?:tweet|twitter|x)\s", re.IGNORECASE)

_COMMENTS_RE = re.compile(r"<!--.*?(?:-->|$)|\{%-?\s*comment\s*-?%\}.*?(?:\{%-?\s*endcomment"
                          r"\s*-?%\}|$)|\{\{/\*.*?(?:\*/\}\}|$)", re.DOTALL | re.IGNORECASE)
#: An inline tag that opens an embed's markup (not a link or an emphasis).
_INLINE_EMBED_RE = re.compile(r"<(?:blockquote|figure|iframe|amp-twitter)[\s>]", re.IGNORECASE)
#: MkDocs' (Python-Markdown's) openers of a block whose indented body is Markdown.
_MKDOCS_OPENER_RE = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?|===)[ \t]+\S[^\n]*$", re.MULTILINE)

#: Hugo's shortcodes for a post (its built-in "tweet", since 0.141 "x", and the "twitter"
#: of themes) and Liquid's tags (Jekyll's plugins, dev.to's): {{< tweet user="jack"
#: id="20" >}}, {{< tweet 20 >}}, {{% x id="20" %}}, {% twitter https://x.com/jack/status/20
#: %}, {% tweet 20 %}.
_GENERATOR_TAG_RE = re.compile(
    r"\{\{[<%]\s*(?:tweet|twitter|x)\s+(?P<hugo>[^{}<>%\n]{1,300}?)\s*[>%]\}\}"
    r"|\{%-?\s*(?:tweet|twitter|x)\s+(?P<liquid>[^{}%\n]{1,300}?)\s*-?%\}", re.IGNORECASE)
_TAG_ARG_RE = re.compile(r"""(\w+)\s*=\s*["']?([^"'\s]+)["']?|["']?([^"'\s=]+)["']?""")


def occurrences(text: str, source: str, html_reader, *, markdown: bool = True) -> list:
    """The occurrences of a Markdown page (`markdown`), or of a plain text holding markup,
    in document order. `html_reader(utf8, source, first_position)`: the occurrences of an
    HTML fragment. Plain text that is no Markdown keeps its indented lines as text."""
    from markdown_it import MarkdownIt

    text = _without_comments(text)
    if markdown and _MKDOCS_OPENER_RE.search(text):
        text = _mkdocs_bodies(text)
    lines = text.splitlines(keepends=True)
    parser = MarkdownIt("commonmark", {"html": True})
    if not markdown:
        parser.disable("code")
    parts: list[tuple[int, str | None]] = []  # (first line, an HTML part) in order
    for token in parser.parse(text):
        if not token.map:
            continue
        html_inline = token.type == "inline" and token.children and any(
            child.type == "html_inline" and _INLINE_EMBED_RE.match(child.content)
            for child in token.children)
        if token.type in ("html_block", "fence", "code_block") or html_inline:
            first, end = token.map
            if token.type == "html_block" or html_inline:
                parts.append((first, token.content))
            for i in range(first, min(end, len(lines))):
                lines[i] = lines[i][len(lines[i].rstrip("\r\n")):]  # (an empty line kept)
            parts.append((end, None))  # where the text goes on
    found: list = []
    start = 0
    for first, block in [*parts, (len(lines), None)]:
        if first > start:
            chunk = "".join(lines[start:first])
            if "`" in chunk and markdown:
                chunk = _CODE_SPAN_RE.sub(_code_without_urls, chunk)
            if chunk.strip():
                found += occurrences_in_text(chunk, len(found))
                found += generator_occurrences(chunk, len(found))
            start = first
        if block is not None:
            found += html_reader(block.encode("utf-8"), source, len(found))
            found += generator_occurrences(block, len(found))  # (rendered before the HTML)
    return found


#: An inline code span (backticks, as many closing as opening).
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def _code_without_urls(match: re.Match) -> str:
    """A code span that holds a post's address shows code (an example), as HTML's <code>
    does: its letters blanked, its line breaks kept; any other code span as it is."""
    code = match.group(2)
    if "status" not in code and "/i/web" not in code:
        return match.group()
    return re.sub(r"[^\n]", " ", match.group())


def _without_comments(text: str) -> str:
    """`text` without its comments, their line breaks kept."""
    if "<!--" not in text and "{%" not in text and "{{/*" not in text:
        return text
    return _COMMENTS_RE.sub(lambda m: "\n" * m.group().count("\n"), text)


def _mkdocs_bodies(text: str) -> str:
    """MkDocs' admonition, collapsible and tab bodies dedented one level (4 columns), their
    opener lines (a title) left empty: Markdown, as MkDocs renders them, not code."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        opener = _MKDOCS_OPENER_RE.match(lines[i].rstrip("\r\n"))
        if opener is None:
            i += 1
            continue
        body = len(opener.group(1).expandtabs(4)) + 4
        lines[i] = lines[i][len(lines[i].rstrip("\r\n")):]
        j = i + 1
        while j < len(lines):
            line = lines[j].expandtabs(4)
            if line.strip() and len(line) - len(line.lstrip(" ")) < body:
                break
            lines[j] = line[4:] if line.strip() else lines[j]
            j += 1
        i += 1  # (a block nested in the body, dedented now, is read next)
    return "".join(lines)


def generator_occurrences(text: str, first_position: int = 0) -> list[Occurrence]:
    """The posts Hugo's shortcodes and Liquid's tags in `text` embed (the generator renders
    each as X's embed of that post): the id, and the handle where the tag names it."""
    if "{{" not in text and "{%" not in text:
        return []
    found = []
    for match in _GENERATOR_TAG_RE.finditer(text):
        named, bare = {}, []
        for name, value, plain in _TAG_ARG_RE.findall(match["hugo"] or match["liquid"]):
            if name:
                named[name.lower()] = value
            elif plain:
                bare.append(plain)
        post_id = named.get("id") or named.get("tweet") or None
        handle = named.get("user") or named.get("username")
        for value in [named.get("url"), named.get("link"), *bare]:
            if not value:
                continue
            status = parse_status_url(value)
            if status is not None:
                post_id, handle = status[0], handle or status[1]
                break
            if post_id is None and value.isdigit():
                post_id = value
        post_id = valid_id(post_id)
        if post_id is None:
            continue
        found.append(Occurrence(first_position + len(found), "embed", "generator", post_id,
                                clean_handle(handle) if handle else None, raw=match.group()))
    return found
