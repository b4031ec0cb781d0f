"""Stage 1: a page's bytes, decoded once, the way a careful browser would.

Order: a byte-order mark; the charset the HTTP header declares; the one a <meta> (or XML
declaration) declares; UTF-8 when nothing is declared. A declaration is believed only
when it decodes the bytes cleanly. When it does not — invalid UTF-8 declared as UTF-8, a
windows-1256 page served as UTF-8, bytes a legacy code page leaves undefined, or UTF-8
bytes declared as a single-byte code page — the other declaration is tried, then
detection (charset-normalizer), and `how` says so: "meta fallback from header utf-8:
invalid UTF-8 at byte 5,120". That line is recorded on the fetch row. Before detection:
bytes that are UTF-8 but for a few stray ones (a Latin-1 snippet pasted into a UTF-8
page: its valid multi-byte sequences outweigh the invalid bytes) are read as UTF-8, each
stray byte a U+FFFD, as browsers read them; detection guessed a legacy code page for
such pages and garbled every post.

Measured (bench/extract.py, part 5, the 37 corpus pages, 8.3 MB): choosing the codec and
handing the parser UTF-8 costs 2.0 ms here, because a page believed to be UTF-8 is parsed
strictly and validated only if libxml2 meets a byte that is not UTF-8
(archiver.extract.html.parse); validating up front costs 9.9 ms. beautifulsoup4's
UnicodeDammit, which decodes the whole page to text (then re-encoded for lxml), costs
16.9 ms for the same choices on every page, so it is not used.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..decode import (_BOMS, _detect, bom_codec, charset_from_content_type, meta_codec,
                      normalize_encoding)

#: Code pages in which every byte is one character: a declaration of one of these on bytes
#: that are valid UTF-8 with multi-byte sequences is taken for a mislabelled UTF-8 page
#: (legacy text is valid UTF-8 by accident only in a few short runs).
_SINGLE_BYTE = frozenset({
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "cp874", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp437", "cp850",
    "cp866", *(f"iso8859-{n}" for n in range(1, 17)), "latin-1",
})


#: Multi-byte legacy code pages of CJK text: none of their text is valid UTF-8 past a few
#: characters (their lead bytes are UTF-8's continuation bytes or invalid ones), so bytes
#: that are valid UTF-8 and declared as one of these are a mislabelled UTF-8 page too:
#: decoded as cp949 or GBK, every non-ASCII character of it would be garbled.
_MULTI_BYTE = frozenset({
    "cp949", "euc_kr", "johab", "gbk", "gb2312", "gb18030", "hz", "big5", "big5hkscs",
    "cp950", "shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213", "euc_jp",
    "euc_jis_2004", "euc_jisx0213",
})


#: Code pages whose few undefined bytes browsers decode as C1 controls (WHATWG's
#: windows-1252 is ISO-8859-1's label too): such a byte is no sign of a wrong label.
_LENIENT = frozenset({"cp1252", "cp1254", "cp874"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """Page bytes ready for the parser, and how their codec was chosen."""

    utf8: bytes  # the page as UTF-8 (the bytes themselves when they are UTF-8)
    encoding: str  # the codec the page was decoded with
    how: str  # bom, header, meta, utf-8, assumed, detected; or "<how> fallback from …"
    checked: bool = True  # False: UTF-8 assumed, to be confirmed by a strict parse


def declared(data: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """(the header's codec, the <meta> or XML declaration's codec), normalised."""
    return normalize_encoding(charset_from_content_type(content_type)), meta_codec(data)


def decode(data: bytes | str, content_type: str | None = None, *,
           trust_utf8: bool = True) -> Decoded:
    """Choose the page's codec and give its bytes as UTF-8.

    trust_utf8: a UTF-8 page (declared or not) is returned unchecked (`checked=False`)
    for the caller to validate while parsing; `recheck` finishes the choice if the bytes
    turn out not to be UTF-8.
    """
    if isinstance(data, str):
        return Decoded(data.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                       .encode("utf-8"), "utf-8", "text")
    found = bom_codec(data)
    if found:
        body = data[len(next(m for m, n in _BOMS if n == found)):]
        return Decoded(body.decode(found, "replace").encode("utf-8", "replace"), found, "bom")
    header, meta = declared(data, content_type)
    tried: list[str] = []
    for name, how in ((header, "header"), (meta, "meta")):
        if not name or any(t.endswith(f" {name}") for t in tried):
            continue
        if name == "utf-8":
            if trust_utf8:
                return Decoded(data, "utf-8", how, checked=False)
            problem = _utf8_problem(data)
        else:
            problem = _problem(data, name)
        if problem is None:
            return _as_utf8(data, name, _fallback(how, tried))
        if problem.startswith("the bytes are UTF-8"):
            return _as_utf8(data, "utf-8", _fallback("utf-8", [*tried, f"{how} {name}"],
                                                     problem))
        tried.append(f"{how} {name}")
        last_problem = problem
    if not tried:
        if trust_utf8:
            return Decoded(data, "utf-8", "assumed", checked=False)
        if _utf8_problem(data) is None:
            return Decoded(data, "utf-8", "utf-8")
        return _as_utf8_detected(data, [], _utf8_problem(data))
    return _as_utf8_detected(data, tried, last_problem)


def recheck(data: bytes, content_type: str | None, first: Decoded) -> Decoded:
    """The choice to make once bytes taken for UTF-8 (`first`) proved not to be."""
    header, meta = declared(data, content_type)
    problem = _utf8_problem(data) or "invalid UTF-8"
    if first.how == "assumed":
        return _as_utf8_detected(data, [], problem)
    tried = [f"{first.how} utf-8"]
    other = meta if first.how == "header" else None
    if other and other != "utf-8":
        other_problem = _problem(data, other)
        if other_problem is None:
            return _as_utf8(data, other, _fallback("meta", tried, problem))
        tried.append(f"meta {other}")
    return _as_utf8_detected(data, tried, problem)


def _as_utf8_detected(data: bytes, tried: list[str], problem: str) -> Decoded:
    """Bytes no declaration fits: UTF-8 (whole, or but for a few stray bytes), or
    detected."""
    if not data.isascii() and _utf8_problem(data) is None:
        # valid UTF-8 past its ASCII: no legacy text is, so no detection is needed
        return _as_utf8(data, "utf-8", _fallback("utf-8", tried, problem) if tried
                        else "utf-8")
    stray = _stray_bytes(data)
    if stray is not None:
        how = _fallback("utf-8", tried, f"{problem}; {stray}") if tried else \
            f"utf-8 but for {stray}"
        return _as_utf8(data, "utf-8", how)
    name = _detect(data)
    return _as_utf8(data, name, _fallback("detected", tried, problem))


#: A page is UTF-8 with stray bytes when its valid multi-byte sequences outweigh its
#: invalid bytes this many times over (bytes beyond one per character, against U+FFFD
#: replacements): legacy text is valid UTF-8 by accident in a few short runs only.
_UTF8_EVIDENCE = 2


def _stray_bytes(data: bytes) -> str | None:
    """"N stray bytes" when `data` is UTF-8 but for a few invalid bytes (a Latin-1
    snippet pasted into a UTF-8 page), as browsers read such a page (each a U+FFFD), else
    None: a page in a legacy code page has no such run of valid UTF-8."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return None
    if len(data) - len(text) < _UTF8_EVIDENCE * bad:
        return None
    return f"{bad:,} stray byte{'s' if bad > 1 else ''} (each read as U+FFFD)"


def _fallback(how: str, tried: list[str], problem: str | None = None) -> str:
    if not tried:
        return how
    return f"{how} fallback from {', '.join(tried)}" + (f": {problem}" if problem else "")


def _as_utf8(data: bytes, name: str, how: str) -> Decoded:
    if (name == "utf-8" and _utf8_problem(data) is None) or (
            data.isascii() and _ascii_transparent(name)):
        return Decoded(data, name, how)  # the same bytes in UTF-8: nothing to convert
    try:
        text = data.decode(name, "replace")
    except LookupError:  # pragma: no cover - normalize_encoding returns known codecs only
        name, text = "utf-8", data.decode("utf-8", "replace")
    return Decoded(text.encode("utf-8", "surrogatepass"), name, how)


def _utf8_problem(data: bytes) -> str | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"invalid UTF-8 at byte {error.start:,}"
    return None


_TRANSPARENT: dict[str, bool] = {}


def _ascii_transparent(name: str) -> bool:
    """Whether the codec reads every ASCII byte as that ASCII character, with no state
    (ISO-2022's escapes, HZ's "~{", UTF-7's "+" read ASCII bytes otherwise): bytes that
    are all ASCII are then the page's text in UTF-8 as they stand. Pages that declare a
    legacy code page and write everything else as character references are common."""
    found = _TRANSPARENT.get(name)
    if found is None:
        sample = bytes(range(128))
        try:
            found = sample.decode(name) == sample.decode("ascii") and not (
                codecs.lookup(name).name.startswith(("iso2022", "hz", "utf-7", "utf-16",
                                                     "utf-32")))
        except (LookupError, UnicodeDecodeError):
            found = False
        _TRANSPARENT[name] = found
    return found


def _problem(data: bytes, name: str) -> str | None:
    """Why `name` does not decode `data` cleanly, or None."""
    if data.isascii() and _ascii_transparent(name):
        return None
    if name not in _LENIENT:
        try:
            data.decode(name)
        except UnicodeDecodeError as error:
            return f"byte {error.start:,} is not {name}"
        except LookupError:  # pragma: no cover
            return f"{name} is no codec"
    if codecs.lookup(name).name in _SINGLE_BYTE | _MULTI_BYTE and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            stray = _stray_bytes(data)
            return None if stray is None else f"the bytes are UTF-8 but for {stray}, not {name}"
        return f"the bytes are UTF-8, not {name}"
    return None
