"""What a terminal is given: the text of pages and posts, never its control sequences.

An article or a post can hold ESC (a page writes "&#27;"), and a terminal reads
"ESC [2J" as "clear the screen", "ESC ] 8 ; ; URL" as a hyperlink to anywhere: printed
raw, a page would drive the reader's terminal. On a terminal, every control character
but tab and newline is shown as its picture ("␛", U+241B) and a C1 control as "\\x9b";
what goes to a file or a pipe is the data as it is (JSON escapes them anyway).
"""

from __future__ import annotations

import io

#: C0 controls (tab and newline aside) and DEL as their Unicode control pictures; C1
#: controls, which some terminals obey in UTF-8 too, written out.
SHOWN = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
SHOWN[0x7F] = 0x2421
SHOWN.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})
#: ...and the characters that reorder or break what follows on a terminal that lays out
#: bidirectional text (an override, an embedding, an isolate) or a line (U+2028, U+2029).
SHOWN.update({c: f"<U+{c:04X}>" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                          0x2028, 0x2029)})


def shown(text: str) -> str:
    """`text` as a terminal may be given it."""
    return text.translate(SHOWN)


def columns(text: str) -> int:
    """How many terminal columns `text` takes: two for a wide character (CJK, kana,
    Hangul, full-width forms, most emoji), none for a combining mark or a format
    character (ZWJ, a bidi mark), one for the rest."""
    if text.isascii():
        return len(text)
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns (its last one "…" when cut), then padded
    with spaces to `width` columns: a table's cell."""
    if columns(text) > width:
        taken, used = [], 0
        for ch in text:
            size = columns(ch)
            if used + size > width - 1:
                break
            taken.append(ch)
            used += size
        text = "".join(taken) + "…"
    return text + " " * (width - columns(text))


class ShownStream(io.TextIOBase):
    """A text stream that writes `shown` text to the terminal stream it wraps; `raw` is
    that stream, for the few writers whose own sequences a terminal must obey (a
    progress bar's)."""

    def __init__(self, raw):
        super().__init__()
        self.raw = raw

    @property
    def encoding(self):
        return self.raw.encoding

    @property
    def errors(self):
        return self.raw.errors

    def write(self, text: str) -> int:
        self.raw.write(text.translate(SHOWN))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True


def guard(sys_module) -> None:
    """Wrap standard output and error in ShownStream where they are terminals."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys_module, name)
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            continue
        if terminal and not isinstance(stream, ShownStream):
            setattr(sys_module, name, ShownStream(stream))


def raw_stderr(sys_module):
    """Standard error unwrapped: for a progress bar, whose cursor sequences are ours."""
    stream = sys_module.stderr
    return stream.raw if isinstance(stream, ShownStream) else stream
