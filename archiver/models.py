"""The records passed between stages. Plain frozen dataclasses; `None` means absent."""

from __future__ import annotations

from dataclasses import dataclass, field

from .ids import canonical_url

#: The keys of `archiver extract --json`, in order.
EMBED_JSON_KEYS = (
    "post_id",
    "handle",
    "author_name",
    "date",
    "shown_date",
    "url",
    "text",
    "lang",
    "media",
    "kind",
    "positions",
    "source",
)


@dataclass(frozen=True, slots=True)
class Embed:
    """One post as an article shows it: what the article claims, not what X serves.

    Several occurrences of the same post in a page (an embed and a prose link, a
    <noscript> copy) make one Embed whose `positions` lists them all. Two occurrences
    that show the same post with different text stay two Embeds: they are two claims.
    """

    source: str  # the path or URL the page came from
    kind: str  # "embed" (embed markup), "link" (an <a> to the post), "text" (plain text)
    form: str  # finer: blockquote, amp, iframe, attribute, link, text-url, text-embed
    positions: tuple[int, ...]  # ordinals of the occurrences in the page, from 0
    post_id: str | None = None  # digits as text, like X's id_str
    handle: str | None = None  # as shown, without "@"
    author_name: str | None = None
    date: str | None = None  # YYYY-MM-DD: from the Snowflake id, else from shown_date
    shown_date: str | None = None  # the date text as printed in the embed
    text: str | None = None  # line breaks as "\n", links as shown, trailing pic links cut
    lang: str | None = None  # the language the embed's <p lang> declares
    media: tuple[str, ...] = ()  # pic.twitter.com/… links as shown
    raw: str | None = None  # markup (or text) of the occurrence the fields come from

    @property
    def url(self) -> str | None:
        """Canonical https://x.com/… permalink, or None for a post without an id."""
        return canonical_url(self.post_id, self.handle)

    def to_json(self) -> dict:
        """The record as `archiver extract --json` prints it (EMBED_JSON_KEYS)."""
        return {
            "post_id": self.post_id,
            "handle": self.handle,
            "author_name": self.author_name,
            "date": self.date,
            "shown_date": self.shown_date,
            "url": self.url,
            "text": self.text,
            "lang": self.lang,
            "media": list(self.media),
            "kind": self.kind,
            "positions": list(self.positions),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Page:
    """An article page after extraction: its own metadata and the posts it shows."""

    source: str
    encoding: str | None = None  # the codec the page was decoded with
    title: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    lang: str | None = None
    published: str | None = None  # as the page's metadata gives it
    embeds: tuple[Embed, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch of a page (over HTTP, from a file or stdin) gave us.

    A failure is an outcome, not an exception: `error` is a short stable code to query
    on (http_404, timeout, too_large, not_found…), `detail` one line for a person.
    """

    url: str  # as requested
    fetched_at: str  # UTC ISO-8601
    final_url: str | None = None
    status: int | None = None  # HTTP status; None for files and stdin
    headers: dict[str, str] = field(default_factory=dict)  # the headers that matter
    body: bytes | None = None
    error: str | None = None
    detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")
