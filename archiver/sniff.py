"""Whether bytes are a page at all, before anything reads them for posts.

`extract` and `archive` read HTML and plain text. Anything else handed to them — an image,
a PDF, an archive, binary data, a response whose Content-Type is something else — is an
input that failed, said in one line (`x.png: not an HTML or text page (image/png)`) and,
by `archive`, recorded as a failed fetch (as a 404 is), never stored as the article's page.
"""

from __future__ import annotations

import re

from .decode import bom_codec

#: The media types read as pages: HTML, XHTML and plain text.
#: Markdown's types (RFC 7763's, and the older one servers still send).
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
#: The page types whose text is read as text (posts as plain text, Markdown's links).
TEXT_TYPES = frozenset({"text/plain"}) | MARKDOWN_TYPES
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"}) | TEXT_TYPES

#: Magic numbers of the files most often handed over by mistake.
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"),
          (b"PK\x03\x04", "application/zip"), (b"PK\x05\x06", "application/zip"))

#: An HTML document's opening, whatever type a misconfigured server gave it.
_LOOKS_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)

#: A NUL byte this early is binary data (text in UTF-16 or UTF-32 has its BOM first).
SNIFF_BYTES = 1024


def looks_like_html(head: bytes) -> bool:
    """Whether the first 4 KB of `head` open an HTML document (a doctype, <html>, <head>
    or <body>), whatever type the bytes came with."""
    return _LOOKS_HTML.search(head[:4 * SNIFF_BYTES]) is not None


def not_a_page(body: bytes, content_type: str | None) -> str | None:
    """What `body` is when it is no HTML or text page — `empty` (no bytes, or whitespace
    only: a server's blank answer is no page of the article), its type by its magic
    number (`image/png`…), the Content-Type it came with when that is not HTML, XHTML or
    plain text, or `binary data` (a NUL byte in its first KB) — else None."""
    if not body.strip():
        return "empty"
    for magic, kind in _MAGIC:
        if body.startswith(magic):
            return kind
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and mime not in PAGE_TYPES and not looks_like_html(body):
        return mime  # (a page served with a wrong type, octet-stream or text/xml, is a page)
    if b"\x00" in body[:SNIFF_BYTES] and bom_codec(body) is None:
        return "binary data"
    return None
