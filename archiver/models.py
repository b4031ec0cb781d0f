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
    rendered: bool = False  # found only in the DOM a browser rendered, not in the bytes

    @property
    def url(self) -> str | None:
        """Canonical https://x.com/… permalink, or None for a post without an id."""
        return canonical_url(self.post_id, self.handle)

    def to_json(self) -> dict:
        """The record as `archiver extract --json` prints it (EMBED_JSON_KEYS, and
        "rendered": true for a post found only after rendering)."""
        record = {
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
        if self.rendered:
            record["rendered"] = True
        return record


@dataclass(frozen=True, slots=True)
class Page:
    """An article page after extraction: its own metadata and the posts it shows."""

    source: str
    encoding: str | None = None  # the codec the page was decoded with
    # how it was chosen: bom, header, meta, utf-8, detected, assumed, or
    # "<how> fallback from <declared>: <why>" when a declared charset did not fit the bytes
    encoding_source: str | None = None
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
    def not_modified(self) -> bool:
        """A 304 answer to a conditional GET: what we hold is current."""
        return self.status == 304 and self.error is None

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


@dataclass(frozen=True, slots=True)
class MediaRef:
    """One photo, video or GIF a post shows, as X describes it."""

    position: int  # from 0, in the post's order
    type: str  # "photo" | "video" | "animated_gif"
    image_url: str  # the photo at original size, or the video's poster image
    display_url: str | None = None  # pic.twitter.com/… (or pic.x.com/…)
    expanded_url: str | None = None  # …/status/ID/photo/N; may be another post (re-used media)
    variants: tuple[str, ...] = ()  # video files (mp4, m3u8), best first
    alt_text: str | None = None


@dataclass(frozen=True, slots=True)
class PostData:
    """A post as a source serves it: X's evidence (or a mirror's, marked by its source)."""

    post_id: str  # the id the source answered for; an answer for another id than the one
    # asked (a retweet answers with its original) is a bad answer and never a PostData
    text: str  # the displayed text: HTML-unescaped, leading @replies and the trailing media
    # link cut (display_text_range, in UTF-16 code units); other t.co links as X wrote them
    lang: str | None = None
    created_at: str | None = None  # UTC ISO-8601
    author_id: str | None = None  # X's user id: stable across handle renames
    handle: str | None = None
    author_name: str | None = None
    # Every link entity, media links included, once per t.co URL: (t.co URL as in the text,
    # expanded URL or None, display URL or None). A media link's display URL is
    # pic.twitter.com/… or pic.x.com/… and its expanded URL a …/photo/N or …/video/N status
    # URL (possibly another post's: re-used media). oEmbed gives (t.co, None, shown text).
    # Stored as JSON lists of 3; older rows hold (t.co, expanded) pairs.
    urls: tuple[tuple[str, str | None, str | None], ...] = ()
    media: tuple[MediaRef, ...] = ()
    quoted_post_id: str | None = None
    reply_to_post_id: str | None = None
    reply_to_handle: str | None = None
    edit_ids: tuple[str, ...] = ()  # every version's id, oldest first (edit_control)
    source_truncated: bool = False  # a long post whose text the source cut (note_tweet)

    @property
    def edited(self) -> bool:
        """More than one version exists (X's own isEdited flag is not trusted)."""
        return len(self.edit_ids) > 1

    @property
    def latest_edit_id(self) -> str | None:
        return self.edit_ids[-1] if self.edit_ids else None


#: PostResult.outcome values.
OUTCOMES = ("ok", "unavailable", "outage", "bad_answer")
#: PostResult.signal values of a "bad_answer".
BAD_ANSWER_SIGNALS = ("id_mismatch", "bad_field", "bad_json")
#: Why a post is unavailable, decided from the structure of the answers.
UNAVAILABLE_REASONS = ("deleted", "withheld", "age_restricted", "suspended", "protected", "unknown")


@dataclass(frozen=True, slots=True)
class PostResult:
    """What one post source answered for one post id.

    `outcome` is "ok" (with `post`), "unavailable" (the source says it will not show the
    post; `signal` names the structural sign: tombstone, empty_tombstone, no_user,
    http_404, http_403), "outage" (empty {}, timeout, 429, 5xx, a body that is not JSON:
    try again later; never a change of status) or "bad_answer" (an answer that must not be
    believed; `signal`: id_mismatch for an answer about another id, a retweet's original
    included; bad_field for a field of the wrong JSON type; bad_json for JSON shaped like
    no answer; `detail` names the field, e.g. "syndication answer: user.id_str is an
    object, expected a string"). A bad answer is stored as evidence, never as a version,
    and never changes the post's status.
    """

    source: str  # "syndication", "oembed", "fxtwitter"
    post_id: str  # the id asked for
    outcome: str
    fetch: FetchResult  # the raw answer: status, headers, body
    post: PostData | None = None
    signal: str | None = None
    detail: str | None = None
