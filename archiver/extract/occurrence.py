"""The record every form's reader makes: one place in a page that shows a post."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The dashes an embed's attribution opens with ("— Name (@handle)"): em and en dash, and
#: the horizontal bar (U+2015) that Shift_JIS's dash decodes to; a hyphen too, where the
#: forms allow it.
ATTRIBUTION_DASHES = "\u2014\u2013\u2015"
#: A handle as an attribution shows it ("(@handle)"), for a pattern: word characters
#: (look-alike letters of any script are the page's claim of an author, kept as written),
#: and "_" as a Markdown blog's raw HTML keeps it escaped, "\_" ("(@\_Alignof)").
SHOWN_HANDLE = r"(?:\w|\\_){1,20}"


def shown_handle(written: str) -> str:
    r"""The handle an attribution's SHOWN_HANDLE match shows: "\_" read as "_"."""
    return written.replace("\\_", "_") if "\\" in written else written


#: Post ids are 64-bit: a longer number is no post id.
_MAX_POST_ID = 2**63
PIC_RE = re.compile(r"pic\.(?:twitter|x)\.com/[A-Za-z0-9]+")
_TRAILING_PICS_RE = re.compile(r"(?:\s*(?:https?://)?pic\.(?:twitter|x)\.com/[A-Za-z0-9]+)+\s*$")


@dataclass(slots=True)
class Occurrence:
    """One place in the page that shows a post, before same-post occurrences merge."""

    position: int
    kind: str
    form: str
    post_id: str | None
    handle: str | None = None
    handle_shown: bool = False  # the handle is the "(@handle)" the page shows
    author_name: str | None = None
    shown_date: str | None = None
    text: str | None = None
    lang: str | None = None
    media: tuple[str, ...] = ()
    raw: object = None  # the markup as text, or the element to serialise if needed

    @property
    def rich(self) -> bool:
        return self.text is not None or self.author_name is not None

    def absorb(self, other: "Occurrence") -> None:
        """Fill what this occurrence lacks from a nested one showing the same post."""
        if other.rich and not self.rich:
            self.author_name, self.shown_date = other.author_name, other.shown_date
            self.text, self.lang, self.media = other.text, other.lang, other.media
            self.raw = other.raw if self.raw is None else self.raw
        if other.handle and (not self.handle or (other.handle_shown and not self.handle_shown)):
            self.handle, self.handle_shown = other.handle, other.handle_shown


def valid_id(post_id: str | None) -> str | None:
    if not post_id:
        return None
    post_id = post_id.lstrip("0")
    if not post_id or int(post_id) >= _MAX_POST_ID:
        return None
    return post_id


def split_media(text: str) -> tuple[str | None, tuple[str, ...]]:
    """Move the trailing pic.twitter.com/… links of a post's text out to its media."""
    first = text.find("pic.")
    if first != -1:  # (a scheme before it, as a CMS may write the link's text)
        scheme = text.rfind("http", max(0, first - 8), first)
        first = scheme if scheme != -1 else first
    match = _TRAILING_PICS_RE.search(text, max(0, first - 1)) if first != -1 else None
    if not match:
        return (text.strip() or None), ()
    media = tuple(PIC_RE.findall(match.group()))
    return (text[: match.start()].strip() or None), media


#: The word "loading" in the languages templates write it in (at a word's start where
#: words are spaced; anywhere in the scripts written without spaces).
_LOADING_RE = re.compile(
    r"(?<![^\W\d_])(?:load|cargand|carregand|caricament|chargement|geladen|laden|lade\b|lädt"
    r"|laddar|yükleniyor|загруж|загрузк|завантаж|ładowani|wczytywani|načítá|betölt|memuat"
    r"|đang tải)|กำลังโหลด|טוען|تحميل|بارگذاری|読み込|加载|載入|로딩|불러오",
    re.IGNORECASE)
#: Dots, ellipses and spaces around a placeholder's words ("Loading . . .", "Loading....").
_PLACEHOLDER_EDGES = " .…‥⋯·\u00a0\t\n"


def is_placeholder(text: str | None, author_name: str | None) -> bool:
    """Whether an embed's text is what a template shows until X's script draws the post
    ("Loading tweet...", "Chargement du tweet…", "ツイートを読み込み中…"): a few words saying
    "loading" under no author. X's own embed code names its author ("— Name (@handle)
    date"): a post whose words are "Loading..." keeps them."""
    if not text or author_name:
        return False
    core = text.strip(_PLACEHOLDER_EDGES)
    words = core.split()
    return (0 < len(core) <= 40 and len(words) <= 4 and (len(words) > 1 or len(core) <= 16)
            and _LOADING_RE.search(core) is not None)

