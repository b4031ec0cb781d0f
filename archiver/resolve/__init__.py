"""Resolution: a post id -> what X serves for it, from sources tried in order.

Each source is a small module with one interface, `fetch(post_id) -> PostResult`:
syndication (X's JSON), oEmbed (X's documented fallback) and, when enabled, a
FxTwitter-style mirror (third-party). `resolve_post` keeps every answer and decides:

- available: a source served the post;
- unavailable, with a reason decided from the structure of the answers (the tombstone's
  wording, which X localizes, only refines it; see below):

  | syndication says        | oEmbed 404 | oEmbed 403 | oEmbed 200        |
  |-------------------------|------------|------------|-------------------|
  | tombstone with text     | deleted    | protected  | (available) [1]   |
  | empty tombstone         | unknown    | withheld   | age_restricted    |
  | Tweet without user      | deleted    | suspended  | (available)       |
  | 404                     | unknown    | withheld   | (available)       |

  ("available" rows take oEmbed's copy as the version; an empty tombstone with oEmbed
  200 is a post that exists but is hidden from logged-out readers: age_restricted.
  [1] So is a tombstone whose text says the content is age-restricted.)
  A tombstone's text refines its row when it is X's English wording (syndication is asked
  with lang=en): "deleted" is said only when the text says the post was deleted and oEmbed
  says 404 (a tombstone "This Post is unavailable." with oEmbed 404 is unknown), and a text
  naming a suspended account, a protected one, age-restricted content or a rules violation
  gives suspended, protected, age_restricted or withheld. A text in another language (X
  localises it) leaves the structural row as it is.
- outage: an empty {}, a timeout, 429 or 5xx, anywhere a decision needed an answer. An
  outage never changes a post's status; the post is tried again later.

Answers are checked before they are believed (answers.py): an answer for another id than
the asked one (a retweet answers with its original), or with a field of the wrong JSON
type, is a "bad_answer". It is kept as evidence (`Resolution.bad_answers`) and counts as
no answer for the decision: a bad syndication answer sends us to oEmbed like an outage,
and when nothing else decides, the resolution is an outage with reason "bad_answer".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..http import Http
from ..models import PostData, PostResult
from . import fxtwitter, oembed, syndication
from .fxtwitter import FxTwitterSource
from .oembed import OEmbedSource
from .syndication import SyndicationSource

__all__ = ["Resolution", "Resolver", "resolve_post"]

_REASONS = {
    ("tombstone", "http_404"): "deleted",
    ("tombstone", "http_403"): "protected",
    ("empty_tombstone", "http_404"): "unknown",
    ("empty_tombstone", "http_403"): "withheld",
    ("no_user", "http_404"): "deleted",
    ("no_user", "http_403"): "suspended",
    ("http_404", "http_404"): "unknown",
    ("http_404", "http_403"): "withheld",
    ("http_403", "http_404"): "unknown",
    ("http_403", "http_403"): "withheld",
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """Every answer the sources gave for one post, and what they add up to."""

    post_id: str
    status: str  # "available", "unavailable" or "outage"
    reason: str | None  # for "unavailable": deleted, withheld, age_restricted, suspended,
    # protected, unknown; for "outage": the error code that stopped the decision, or
    # "bad_answer" when it was an answer that could not be believed
    results: tuple[PostResult, ...]

    @property
    def versions(self) -> tuple[PostResult, ...]:
        """The answers that carry a copy of the post, in the order they were asked."""
        return tuple(r for r in self.results if r.outcome == "ok" and r.post is not None)

    @property
    def bad_answers(self) -> tuple[PostResult, ...]:
        """The answers not believed (outcome "bad_answer"): each has a signal
        (id_mismatch, bad_field, bad_json) and a one-line `detail` naming the field."""
        return tuple(r for r in self.results if r.outcome == "bad_answer")

    @property
    def post(self) -> PostData | None:
        """X's own copy when there is one (syndication, then oEmbed), else a mirror's."""
        own = [r.post for r in self.versions if r.source != "fxtwitter"]
        mirror = [r.post for r in self.versions]
        return (own or mirror or [None])[0]


class Resolver:
    """The configured sources, in order."""

    def __init__(self, http: Http, *, syndication_url: str | None = None,
                 oembed_url: str | None = None, fxtwitter_url: str | None = None,
                 use_fxtwitter: bool = False):
        self.syndication = SyndicationSource(http, syndication_url or syndication.DEFAULT_BASE_URL)
        self.oembed = OEmbedSource(http, oembed_url or oembed.DEFAULT_BASE_URL)
        self.fxtwitter = (FxTwitterSource(http, fxtwitter_url or fxtwitter.DEFAULT_BASE_URL)
                          if use_fxtwitter else None)

    @classmethod
    def from_settings(cls, http: Http, settings) -> "Resolver":
        return cls(http, syndication_url=settings.syndication_url,
                   oembed_url=settings.oembed_url, fxtwitter_url=settings.fxtwitter_url,
                   use_fxtwitter=settings.use_fxtwitter)

    def resolve(self, post_id: str) -> Resolution:
        return resolve_post(post_id, self)


def resolve_post(post_id: str, resolver: Resolver) -> Resolution:
    """Ask the sources about one post and classify the answers (see the module docstring)."""
    first = resolver.syndication.fetch(post_id)
    results = [first]
    if first.outcome == "ok":
        if first.post.source_truncated and resolver.fxtwitter is not None:
            results.append(resolver.fxtwitter.fetch(post_id))
        return Resolution(post_id, "available", None, tuple(results))
    second = resolver.oembed.fetch(post_id)
    results.append(second)
    if second.outcome == "ok":
        # hidden from logged-out readers, served to embeds: age-restricted, whether the
        # tombstone says so in words or says nothing
        if first.outcome == "unavailable" and (
                first.signal == "empty_tombstone" or first.signal == "tombstone"
                and _tombstone_reason(first.detail or "", "") == "age_restricted"):
            return Resolution(post_id, "unavailable", "age_restricted", tuple(results))
        return Resolution(post_id, "available", None, tuple(results))
    undecided = [r for r in (first, second) if r.outcome in ("outage", "bad_answer")]
    if undecided:
        stopped = undecided[0]
        reason = "bad_answer" if stopped.outcome == "bad_answer" else stopped.signal or "outage"
        return Resolution(post_id, "outage", reason, tuple(results))
    reason = _REASONS.get((first.signal, second.signal), "unknown")
    if first.signal == "tombstone":
        reason = _tombstone_reason(first.detail or "", reason)
    return Resolution(post_id, "unavailable", reason, tuple(results))


#: X's English tombstone wordings (2023-2026) and the reason each names, first match wins.
_TOMBSTONE_WORDS = (
    (re.compile(r"\bsuspended\b", re.I), "suspended"),
    (re.compile(r"limits who can view|\bprotected\b", re.I), "protected"),
    (re.compile(r"age[- ]restricted|adult content|sensitive", re.I), "age_restricted"),
    (re.compile(r"violated the (?:X|Twitter) Rules|withheld", re.I), "withheld"),
    (re.compile(r"\bdeleted\b", re.I), "deleted"),
)
#: English by its little words: a tombstone in Turkish, Spanish, French or German is
#: written in Latin letters too, and says "deleted" in its own words.
_ENGLISH_RE = re.compile(r"\b(?:this|the|was|from|which|that|learn more|unavailable)\b",
                         re.I)


def _tombstone_reason(detail: str, structural: str) -> str:
    """The reason a tombstone's English text names, else the structural one — except that
    an English text that says nothing of a deletion never makes a post 'deleted' (a text
    in another language, in any script, leaves the structural reason)."""
    wording = detail.removeprefix("tombstone: ")
    for pattern, reason in _TOMBSTONE_WORDS:
        if pattern.search(wording):
            # "deleted" needs oEmbed's 404 too (a 403 says the account is protected)
            return structural if reason == "deleted" else reason
    if not _ENGLISH_RE.search(wording):
        return structural  # localised ("Bu gönderi silindi"): the words are not read here
    return "unknown" if structural == "deleted" else structural
