"""Page bytes to text: the charset a page declares, decoded the way a browser would.

Order (WHATWG encoding sniffing, simplified): byte-order mark, the charset the caller got
from the HTTP header, a <meta> declaration near the top, then UTF-8 if the bytes are valid
UTF-8, then statistical detection. Never raises: undecodable bytes become U+FFFD.
Pure functions, no network.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: How far into the page a <meta> charset declaration is looked for (WHATWG says 1024
#: bytes; real pages put it later, after long comments and scripts).
META_SCAN_BYTES = 16384
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_HEADER_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels browsers map to a wider encoding than Python's codec of the same name.
_WHATWG_ALIASES = {
    "latin1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "utf-16": "utf-8",  # a declared UTF-16 without a BOM is always wrong in an HTML page
}


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET_RE.search(content_type)
    return match[1] if match else None


def normalize_encoding(label: str | bytes | None) -> str | None:
    """A Python codec name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start names, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def meta_codec(data: bytes) -> str | None:
    """The codec a <meta> (or XML) declaration near the top names, normalised, or None."""
    head = data[:META_SCAN_BYTES]
    match = _XML_DECL_RE.match(head) or _META_CHARSET_RE.search(head)
    return normalize_encoding(match[1]) if match else None


def sniff_encoding(data: bytes, declared: str | None = None, *,
                   validate_utf8: bool = True) -> tuple[str, str]:
    """Return (codec name, how it was found) for page bytes.

    `how` is one of "bom", "header", "meta", "utf-8" (valid UTF-8, nothing declared),
    "detected", or, with `validate_utf8=False`, "assumed" (nothing declared: UTF-8 is
    assumed and the caller checks it).
    """
    found = bom_codec(data)
    if found:
        return found, "bom"
    header = normalize_encoding(declared)
    if header:
        return header, "header"
    meta = meta_codec(data)
    if meta:
        return meta, "meta"
    if not validate_utf8:
        return "utf-8", "assumed"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8", "utf-8"
    return _detect(data), "detected"


def _detect(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - requests always brings it
        return "cp1252"
    best = from_bytes(data[:200_000]).best()
    name = normalize_encoding(best.encoding) if best is not None else None
    # HTML is ASCII-compatible in every encoding a page can be served in without a BOM;
    # a guess of EBCDIC or BOM-less UTF-16 on a handful of bytes is noise.
    if name is None or b"<a href=".decode(name, "replace") != "<a href=":
        return "cp1252"
    return name


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, str]:
    """Decode page bytes to text; return (text, codec name, how it was chosen, as
    sniff_encoding says). Never raises."""
    encoding, how = sniff_encoding(data, declared)
    if how == "bom":
        data = data[len(next(b for b, n in _BOMS if n == encoding)):]
    try:
        return data.decode(encoding, errors="replace"), encoding, how
    except LookupError:  # pragma: no cover - normalize_encoding only returns known codecs
        return data.decode("utf-8", errors="replace"), "utf-8", how


def decode_page(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes to text; return (text, codec name). Never raises."""
    return decode_text(data, declared)[:2]
