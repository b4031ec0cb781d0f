"""Verification rules: what an article shows against what X served. Pure: no network,
no SQL (archiver.verification reads the archive, applies these rules and records them).

`verify_quote(quote, version, newest, state)` gives every finding that holds and one
primary verdict, by PRECEDENCE:

    author_mismatch > altered > date_mismatch > unavailable > edited
        > source_truncated > truncated > match > unverifiable

A misattribution or a misquote (a wrong date too) is what a reader most needs to know, so
it leads even when the post has since been deleted or edited; a faithful quote of a deleted
post reads "unavailable".
Every other finding that holds is kept beside the primary one: a quote cut with "…" and
changed is `altered` + `truncated`. Informational findings (author_renamed: the handle
shown is the account's earlier one; author_name_changed: the handle is the author's and the
name shown shares a word with theirs, a display name edited since) never lead.
A *misquote* (MISQUOTES) is altered, author_mismatch or date_mismatch.

The records are NamedTuples: built once per embed, a frozen dataclass's __init__ cost
more than the comparison itself (bench/verify.py).

Texts are compared by the rules of `archiver.compare` (the one list of differences a
rendering may make). The similarity score is rapidfuzz's normalised Indel ratio (0-100)
over the compared parts, and the diff its Levenshtein opcodes over the rendered texts.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape as html_unescape
from urllib.parse import unquote
from datetime import date, datetime
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .compare import (_HAS_MARKS, CJK_CHAR_RE, is_chinese, simplified, NO_SPACE_RE, GROUPED, MEDIA_LINK, NO_LINKS, ZWNJ, Links, contained,
                      fold, is_media_entry, is_punct, is_turkish, key, prefix_of, rendered, reply_pair, same,
                      same_outright, strip_ellipsis, strip_leading_ellipsis, vowel_changes,
                      case_changes, ungrouped,
                      without_x_labels, greek_alike, opens_with_addressees)
from .dates import numeric_readings, parse_shown_date, parse_yearless
from .ids import snowflake_ms
from .tracking import idna_host, same_address, wrapped_links
from .direction import direction_change
from .quotes import (_script, CUT_MARKS_RE, CUT_NOTES, CUT_PLACES, cut_negation, cut_notes, cut_turns, number_cut,
                     cut_places, cuts_to_read, glued_negation, inserted_turn, may_negate,
                     omitted, without_editors_marks, word_edge)

#: Stored with every verification, so old verdicts can be told from new rules' ones.
VERIFIER_VERSION = "2"
PRECEDENCE = ("author_mismatch", "altered", "date_mismatch", "unavailable", "edited",
              "source_truncated", "truncated", "match", "unverifiable")
#: The verdicts that say an article misquotes a post (not unavailable, unverifiable,
#: truncated or match).
MISQUOTES = ("altered", "author_mismatch", "date_mismatch")
#: The finding whose detail says what a faithful excerpt's cuts take (quotes.CUT_NOTES),
#: whatever the verdict (a cut quote of a deleted post is `unavailable`, and `truncated`).
CUT_FINDING = "truncated"
#: The verdicts a quote whose cut the detail notes may have and be no misquote: a
#: misquote is listed as one already.
CUT_VERDICTS = tuple(v for v in PRECEDENCE[:PRECEDENCE.index(CUT_FINDING) + 1]
                     if v not in MISQUOTES)


def cuts_to_read_of(verdict: str | None, details: dict | None) -> list[str]:
    """The notes of what a cut takes (quotes.cuts_to_read) that an embed's verdict records
    and leaves to a reader: none for a misquote (listed as one) or a verdict without them."""
    if verdict not in CUT_VERDICTS or not details:
        return []
    return cuts_to_read(details.get(CUT_FINDING))


#: Findings that are reported but never the verdict.
INFORMATIONAL = ("author_renamed", "author_name_changed", "date_unread")
_RANK = frozenset(PRECEDENCE)
#: Days around a plain-text embed's shown date its post is looked for in (the shown date
#: itself is checked to the hour: _check_date).
DATE_TOLERANCE_DAYS = 1
#: A plain-text embed (no id) is taken to show an archived post when the handle and date
#: agree, the texts are at least this similar (100: the same by the rules, or a faithful
#: prefix) and no other candidate comes within MATCH_MARGIN of it.
MATCH_THRESHOLD = 80.0
MATCH_MARGIN = 5.0


class Quote(NamedTuple):
    """What the article shows for one post (an embeds row)."""

    post_id: str | None
    text: str | None
    handle: str | None = None
    author_name: str | None = None
    shown_date: str | None = None
    fetched_at: str | None = None  # when the article was fetched
    #: the language the embed shows its date in: the blockquote's data-lang, else the
    #: page's (a month name two languages read differently is read in it)
    date_lang: str | None = None
    #: the links of the embed's text as its markup has them: (the text shown, the href)
    links: tuple[tuple[str, str], ...] = ()
    #: the photo and video links the embed shows after its text (pic.twitter.com/…)
    media: tuple[str, ...] = ()


class Version(NamedTuple):
    """One copy of the post as X (or a mirror) served it (a post_versions row)."""

    version_id: int
    source: str
    text: str
    handle: str | None = None
    author_name: str | None = None
    author_id: str | None = None
    created_at: str | None = None
    lang: str | None = None
    urls: tuple[tuple[str | None, ...], ...] = ()  # (t.co, expanded, display_url)
    edit_ids: tuple[str, ...] = ()
    source_truncated: bool = False
    reply: bool = False
    fetched_at: str | None = None
    #: the post carries media or quotes a post: a trailing t.co link its entities do not
    #: list is that attachment's link (the quoted post's is never listed); read from X's
    #: answer it is a compare.Attachments (true as well), which also says what an X
    #: address ending a quote may name
    has_media: object = False
    #: a reply's @mentions X hides before its display range (lower case), when read from
    #: X's answer: only these may be what an embed shows before the post's own text
    reply_prefix: tuple[str, ...] | None = None
    #: the post this is a copy of, where it is not the quote's (another version of an
    #: edited post: each version has an id of its own)
    post_id: str | None = None


class PostState(NamedTuple):
    """What the archive knows of the post beyond one version."""

    post_id: str | None
    status: str = "unchecked"  # unchecked, available, unavailable, unidentified
    reason: str | None = None
    status_since: str | None = None
    handles: frozenset[str] = frozenset()  # every handle seen for the author's user id, lower
    names: frozenset[str] = frozenset()  # (any container supporting `in`)


class Verification(NamedTuple):
    verdict: str
    findings: tuple[str, ...]
    details: dict[str, str] | None = None
    score: float | None = None  # 0-100, text similarity
    diff: tuple[dict, ...] = ()
    version_id: int | None = None
    newest_version_id: int | None = None


def verify_quote(quote: Quote, version: Version | None, newest: Version | None,
                 state: PostState, edits: tuple[Version, ...] = (),
                 chain: tuple[str, ...] = ()) -> Verification:
    """All findings for one embed, and the primary verdict.

    Args:
        quote: what the article shows.
        version: X's copy nearest the article's fetch time (what it could have quoted).
        newest: X's newest copy (edits and deletions since).
        state: the post's status and its author's known handles.
        edits: X's newest copy of each other version of the post, when X says it was
            edited (each with its post_id), oldest first.
        chain: the ids of every version of the post, oldest first (edit_control).
    """
    findings: dict[str, str] = {}
    score, diff = None, ()
    if state.status == "unavailable":
        # status_since is when the archive first found it so, not when it happened.
        found = f"; found so on {state.status_since}" if state.status_since else ""
        findings["unavailable"] = f"X no longer serves it ({state.reason or 'unknown'}{found})"
    if version is None:
        why = ("the article shows no id and no archived post matches"
               if not quote.post_id else "X has not answered for this post yet")
        if state.status == "unavailable":
            why = "nothing of the post was archived before it became unavailable"
        findings["unverifiable"] = why
        return _conclude(findings, None, (), None, None)

    shown_edit = nearest_edit = None
    if quote.text:
        text_findings, score, diff = compare_texts(quote.text, version, quote.media)
        if "altered" in text_findings and edits:
            # an edited post: the article may show another version's words under this
            # one's link (an embed keeps the version it was made of; X's answer for an
            # old id names the newest): that is the author's edit, not the article's
            nearest = (score or 0.0, None)
            for other in reversed(edits):
                other_findings, other_score, other_diff = compare_texts(quote.text, other,
                                                                        quote.media)
                if "altered" not in other_findings:
                    text_findings, score, diff = other_findings, other_score, other_diff
                    shown_edit = other
                    break
                if (other_score or 0.0) > nearest[0]:
                    nearest = (other_score or 0.0, (other, other_findings, other_diff))
            if shown_edit is None and nearest[1] is not None:
                # changed from every version: the change shown is against the version
                # whose words it is nearest, not one the author's own edit also changed
                nearest_edit, text_findings, diff = nearest[1]
                score = nearest[0]
        findings.update(text_findings)
    if quote.links and version.urls and "altered" not in findings:
        moved = link_targets_changed(quote.links, version.urls)
        if moved:
            shown_as, href, goes_to = moved[0]
            findings.pop("match", None)
            findings["altered"] = (
                f"the link shown as “{shown_as}” goes to {href}, not where the post's link "
                f"goes ({goes_to})" + (f"; {len(moved) - 1} more link(s) too" if len(moved) > 1
                                      else ""))
            at = max(0, (quote.text or "").find(shown_as))
            diff = tuple({"op": "replace", "at": at, "quote": h, "post": g}
                         for _s, h, g in moved)
            # as alike as the text with each link written as where it goes
            ours = theirs = quote.text or ""
            for shown_link, href, goes_to in moved:
                ours, theirs = ours.replace(shown_link, href), theirs.replace(shown_link, goes_to)
            score = round(fuzz.ratio(ours, theirs), 1)
    _check_author(quote, version, state, findings)
    _check_date(quote, version, findings)
    latest = newest or version
    shown = (quote.handle or "").lstrip("@").lower()
    if (shown and latest.handle and shown != latest.handle.lower()
            and shown == (version.handle or "").lower()
            and not {"author_renamed", "author_mismatch"} & findings.keys()):
        # the embed's handle was the account's when it was quoted; X's newest copy names
        # the same account another way since (said, as the rename it is)
        findings["author_renamed"] = (
            f"shown as @{quote.handle}, the same account (user {latest.author_id}) is now "
            f"@{latest.handle}")
    if (quote.author_name and latest is not version and latest.author_name
            and not {"author_renamed", "author_mismatch", "author_name_changed"} & findings.keys()
            and not same(key(quote.author_name), key(latest.author_name))):
        # the name shown was the account's when quoted (X's copy of then says so); its
        # newest copy names it another way since: said, as the handle's rename is
        findings["author_name_changed"] = (
            f"shown as {quote.author_name!r}, as X named the account then; X now names it "
            f"{latest.author_name!r} (the same account: display names change)")
    versions = max((latest.edit_ids, chain), key=len)
    if shown_edit is not None:
        which = "the newest" if versions and versions[-1] == shown_edit.post_id else "another"
        findings["edited"] = (
            f"the article shows the words of {shown_edit.post_id}, {which} version of the "
            f"post as its author edited it on X ({' → '.join(versions) or shown_edit.post_id}),"
            f" under the link to {quote.post_id}")
    elif nearest_edit is not None:
        findings["edited"] = (
            f"the article's words are nearest those of {nearest_edit.post_id}, a version of "
            f"the post as its author edited it on X ({' → '.join(versions)}): the change "
            "shown is against that version")
    elif len(versions) > 1 and quote.post_id and versions[-1] != quote.post_id:
        newer = next((e for e in reversed(edits) if e.post_id == versions[-1]), None)
        findings["edited"] = newer_edit_said(versions[-1], newer.text if newer else None,
                                             newer.urls if newer else (),
                                             newer.has_media if newer else False)
    if not quote.text and not any(k in findings for k in PRECEDENCE[:5]):
        findings["unverifiable"] = "the article shows no text for this post"
    compared = (shown_edit or nearest_edit or version).version_id
    return _conclude(findings, score, diff, compared,
                     newest.version_id if newest else version.version_id)


def newer_edit_said(post_id: str, text: str | None, urls=(), has_media=False) -> str:
    """The words a quote of a post edited since is said with: the newer edit's id and, when
    archived, what the post reads now (for an embed's `edited` finding and a prose
    quote's detail alike)."""
    said = f"X shows a newer edit of the post: {post_id}"
    if text:
        words = " ".join(rendered(text, Links(urls) if urls else NO_LINKS,
                                  has_media=has_media).split())
        said += f", which reads “{words[:277] + '…' if len(words) > 280 else words}”"
    return said


def _bare_url(url: str) -> str:
    url = unquote(html_unescape(url.strip()))
    url = re.sub(r"^(?:https?:)?//", "", url, flags=re.IGNORECASE)
    host, slash, rest = url.partition("/")
    host = idna_host(host.lower().removeprefix("www.").removeprefix("m."))
    return (host + slash + rest).rstrip("/")


def link_targets_changed(links, urls) -> list[tuple[str, str, str]]:
    """The links of an embed's text that show one of the post's links (by its display URL,
    expanded URL or t.co) but point elsewhere: (the text shown, the href, where the post's
    link goes). An href is the post's link when it is its t.co or its expanded URL in any
    form of the same address (archiver.tracking.link_key: any scheme, with or without www,
    a trailing slash, a tracking query or a fragment, the host in Unicode or punycode), or
    a wrapper that holds that URL whole (a click tracker's query value, a web archive's
    copy); not an address that merely starts with it or holds it somewhere."""
    entries = []
    for entry in urls:
        tco = entry[0] if len(entry) > 0 else None
        expanded = entry[1] if len(entry) > 1 else None
        display = entry[2] if len(entry) > 2 else None
        if not (tco or expanded):
            continue
        faces = {_bare_url(f).rstrip("….") for f in (tco, expanded, display) if f}
        entries.append((tco, expanded, {f for f in faces if len(f) >= 4}))
    moved = []
    for shown, href in links:
        face = _bare_url(shown).rstrip("….")
        if len(face) < 4 or not href or href.startswith("#"):
            continue
        for tco, expanded, faces in entries:
            if not any(face == f or (f.startswith(face) and len(face) >= 12) or
                       face.startswith(f) for f in faces):
                continue
            goes = [u for u in (tco, expanded) if u]
            if any(same_address(href, u) or any(same_address(w, u) for w in wrapped_links(href))
                   for u in goes):
                break
            moved.append((shown, href, expanded or tco))
            break
    return moved


def _oembed_mentions(version: Version) -> bool:
    """A copy from oEmbed alone (syndication did not answer) that opens with @mentions:
    oEmbed says not whether it is a reply, and an embed shows a reply's leading mentions
    or not; the side with more of them loses its surplus, as for a reply read off an
    embed (a post that opens by naming an account, not a reply, may be forgiven the name)."""
    return version.source == "oembed" and (version.text or "").startswith("@")


def _conclude(findings, score, diff, version_id, newest_id) -> Verification:
    if len(findings) == 1:  # the common case
        (verdict, detail), = findings.items()
        if verdict in _RANK:
            return Verification(verdict, (verdict,), {verdict: detail}, score, tuple(diff),
                                version_id, newest_id)
    ranked = [name for name in PRECEDENCE if name in findings]
    verdict = ranked[0] if ranked else "unverifiable"
    ordered = tuple(ranked + [name for name in INFORMATIONAL if name in findings])
    return Verification(verdict, ordered, {k: findings[k] for k in ordered}, score,
                        tuple(diff), version_id, newest_id)


def _keys(quoted: str, version: Version):
    """(the post's links, Turkish case?, the quote's key, the post's key), or None for the
    keys when the two texts are already the same before folding. Folding (case, Arabic
    letter forms, digits) maps each character on its own, so texts the same before it are
    the same after it: most faithful quotes are settled without folding either text."""
    links = Links(version.urls) if version.urls else NO_LINKS
    turkish = is_turkish(version.lang, version.text)
    has_media = version.has_media
    q = rendered(quoted, links, has_media=has_media, for_key=True)
    p = rendered(version.text, links, has_media=has_media, for_key=True)
    q, p = greek_alike(q, p, version.lang)
    if _ends_with_stop(q) != _ends_with_stop(p) and "…" not in (q[-1:], p[-1:]) \
            and not version.source_truncated:
        # a final full stop one side leaves out (a hand-made copy, a CMS's text) is no
        # change of words; a question or an exclamation mark is
        q, p = _without_stop(q), _without_stop(p)
    if version.reply or _oembed_mentions(version):
        q, p = reply_pair(q, p, version.source == "syndication", version.reply_prefix)
    if same_outright(q, p):
        return links, turkish, None, None, None
    unfolded = q, p
    q, p = fold(q, turkish), fold(p, turkish)
    if q != p and (GROUPED.search(q) or GROUPED.search(p)):
        q, p = ungrouped(q, version.lang), ungrouped(p, version.lang)
    return links, turkish, q, p, unfolded


#: A text's final full stop, in the scripts that write one (Latin, CJK's 。 and its half-
#: and full-width forms, Devanagari's danda, Armenian's ։, Urdu's ۔, Ethiopic ።, Burmese
#: ။, Khmer ។).
_FINAL_STOPS = frozenset(".。।։۔።။។｡．")
#: ...and those typed with colons: Armenian's ։ as ":", Ethiopic's ። as "::".
_STOP_TYPED_AS_COLONS = re.compile("(?:(?<=[\u0531-\u0587]):|(?<=[\u1200-\u137f])::)$")


def _ends_with_stop(text: str) -> bool:
    return text[-1:] in _FINAL_STOPS or (
        text[-1:] == ":" and _STOP_TYPED_AS_COLONS.search(text) is not None)


def _without_stop(text: str) -> str:
    typed = _STOP_TYPED_AS_COLONS.search(text) if text[-1:] == ":" else None
    return text[:typed.start()] if typed else text.rstrip("".join(_FINAL_STOPS))


def compare_texts(quoted: str, version: Version, media=()) -> tuple[dict[str, str], float,
                                                                    tuple[dict, ...]]:
    """The text findings ({name: detail}: match, truncated, source_truncated, altered,
    or altered with truncated or source_truncated), the similarity 0-100 and the diff.
    `media`: the photo links the embed shows after its text, moved out of it."""
    findings, score, diff = _compare_words(quoted, version)
    foreign, own = foreign_photo_links(" ".join((quoted, *media)), version)
    if foreign:
        # the words aside, a photo the post never showed: rendering drops photo links as
        # the post's own, so it is said here
        said = (f"shows a photo link the post does not have ({', '.join(foreign)}): "
                + ("the post has no photo" if not own
                   else "the post's is " + ", ".join(f"pic.twitter.com/{c}" for c in sorted(own))))
        findings = {k: v for k, v in findings.items() if k not in ("match", "truncated")}
        findings["altered"] = said if "altered" not in findings else findings["altered"] + "; " + said
        # (as opcodes from the quote to the post: words only the quote has are a delete)
        diff = (*diff, *({"op": "delete", "at": max(quoted.find(link), len(quoted)),
                          "quote": link, "post": ""} for link in foreign))
        score = min(score, 99.0)
    said = direction_change(quoted, version.text or "")
    if said:
        findings = {k: v for k, v in findings.items() if k not in ("match", "truncated")}
        findings["altered"] = said if "altered" not in findings else findings["altered"] + "; " + said
        score = min(score, 99.0)  # (no diff: the words are the post's; the reason says it)
    return findings, score, diff


#: A t.co link's code, with or without its scheme.
_TCO_CODE = re.compile(r"(?:https?://)?t\.co/([A-Za-z0-9]+)")


def photo_link_codes(version: Version) -> frozenset | None:
    """The t.co codes of the post's photo or video links (pic.twitter.com/CODE shows one):
    the media entries' links, a pic link in X's text (oEmbed's), the trailing t.co no
    other entry names (syndication's text ends with the media's link). None when the post
    carries media but no code of it is known (an archive that kept no media entity): any
    photo link may be its own."""
    codes, listed = set(), set()
    for entry in version.urls:
        tco, expanded, display = (tuple(entry) + (None, None, None))[:3]
        link = _TCO_CODE.search(tco or "")
        if is_media_entry(expanded, display):
            shown = MEDIA_LINK.fullmatch(display) if display else None
            if link or shown:
                codes.add((link or shown).group(1))
        elif link:
            listed.add(link.group(1))
    text = version.text or ""
    codes.update(MEDIA_LINK.findall(text))
    trailing = list(_TCO_CODE.finditer(text))
    if version.has_media and trailing and not text[trailing[-1].end():].strip() \
            and trailing[-1].group(1) not in listed:
        codes.add(trailing[-1].group(1))
    if not codes and version.has_media:
        return None
    return frozenset(codes)


def foreign_photo_links(quoted: str, version: Version) -> tuple[list[str], frozenset]:
    """The photo links a quote shows (pic.twitter.com/CODE, or the t.co ending it, as a
    copy of X's raw text shows the photo) that are not the post's own, and the post's own
    codes (photo_link_codes)."""
    if "pic." not in quoted and not (version.has_media and "t.co/" in quoted):
        return [], frozenset()
    own = photo_link_codes(version)
    if own is None:
        return [], frozenset()
    foreign = [m.group() for m in MEDIA_LINK.finditer(quoted) if m.group(1) not in own]
    trailing = list(_TCO_CODE.finditer(quoted))
    if version.has_media and trailing and not quoted[trailing[-1].end():].strip():
        known = own | set(_TCO_CODE.findall(version.text or "")) | {
            m.group(1) for entry in version.urls for part in entry[:1] if part
            for m in _TCO_CODE.finditer(part)}
        if trailing[-1].group(1) not in known:
            foreign.append(trailing[-1].group())
    return foreign, own


def _compare_words(quoted: str, version: Version) -> tuple[dict[str, str], float,
                                                           tuple[dict, ...]]:
    """compare_texts, of the words (a photo link is the post's own wherever it is); a copy
    that differs only by what a CMS or an editor leaves out of a post without changing a
    word of it (_left_out), written in the other set of Chinese characters, or as the old
    API's 140-character text, is compared as such, and the detail says so."""
    found = _compare_all_words(quoted, version)
    if "altered" not in found[0] or not version.text:
        return found
    compat = _COMPAT_LINK_RE.search(quoted)
    if compat is not None and compat.group(1) not in (version.text or "") and not any(
            compat.group(1) in (part or "") for entry in version.urls for part in entry[:1]):
        # the old API's 140-character text: cut, "…", then a link to the post itself (an
        # import of 2012-2018 copied it so): the cut is the quote's, the link no word
        findings, score, diff = _compare_all_words(quoted[:compat.start() + 1], version)
        if "altered" not in findings:
            name = next(iter(findings))
            return {**findings, name: f"{findings[name]}; the link after its cut is X's "
                                      "link to the post itself (its old 140-character "
                                      "text)"}, score, diff
    chinese = _as_simplified(quoted, version)
    if chinese is not None:
        findings, score, diff = _compare_all_words(chinese[0],
                                                   version._replace(text=chinese[1]))
        if "altered" not in findings:
            name = next(iter(findings))
            return {**findings, name: f"{findings[name]}; the article writes it in "
                                      f"{chinese[2]} characters, the post in the other "
                                      "set: the same words"}, score, diff
    for kind, shown, text, lacks in _left_out(quoted, version.text):
        findings, score, diff = _compare_all_words(shown, version._replace(text=text))
        if "altered" in findings:
            continue
        if kind == "truncated" and "match" in findings:
            findings = {"truncated": f"the post's words, without {lacks}"}
        else:
            name = next(iter(findings))
            findings = {**findings, name: f"{findings[name]}; it lacks {lacks}"}
        return findings, score, diff
    return found


#: An emoji's code points (pictographs, skin tones, flags, keycaps, tags, joiners and
#: selectors): a CMS or a database that keeps no emoji drops them, or writes each code
#: point past U+FFFF as "?" (MySQL's three-byte "utf8").
_EMOJI_RE = re.compile("[\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\u3030\u303d\u3297\u3299"
                       "\U0001f000-\U0001faff\U000e0020-\U000e007f\u200d\ufe0f\u20e3]+")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
#: What a post shows after its last sentence, one item at a time: hashtags, links, emoji.
_TRAILING_ITEM_RE = re.compile(r"(?:#[^\s#]+|https?://\S+|(?:pic\.(?:twitter|x)\.com|t\.co)/\S+|"
                               + _EMOJI_RE.pattern + r")\s*\Z")
#: Where a post's last sentence ends: a stop, a colon, a line break, an emoji.
_SENTENCE_END_RE = re.compile(r"(?:[.!?…:：。！？;)»”\"'\n]|" + _EMOJI_RE.pattern + r")\s*\Z")
#: A label a post opens with: 【地震情報】, "#عاجل |", "#BREAKING:", a line of hashtags.
_LEADING_LABEL_RE = re.compile(r"\A\s*(?:【[^】\n]{1,30}】|\[[^\]\n]{1,30}\]|#[^\s#|:：｜]+\s*[|:：｜]|"
                               r"(?:#[^\s#]+[ \t]*)+\n)\s*")


def _left_out(quoted: str, post: str):
    """What a copy may lack of a post without a word of it changed, each as (verdict,
    the copy, the post, what it lacks): the post's emoji (every one the copy shows is
    the post's, in order; or each written as "?"), its opening label (【速報】, "#عاجل |"),
    the hashtags, links and emoji after its last sentence, one language's part of a post
    written in two, line by line. Each is tried on its own, the last sentence's end with
    the emoji too."""
    tries = []
    emoji = _EMOJI_RE.findall(post)
    bare_post = post
    if emoji:
        shown = "".join(_EMOJI_RE.findall(quoted))
        if _subsequence(shown.replace("\ufe0f", ""), "".join(emoji).replace("\ufe0f", "")):
            bare_post = _EMOJI_RE.sub(" ", post)
            lacks = "the post's emoji " + " ".join(f"“{e}”" for e in emoji)
            tries.append(("match", _EMOJI_RE.sub(" ", quoted), bare_post, lacks))
        if "?" in quoted:
            tries.append(("match", quoted, _ASTRAL_RE.sub("?", post),
                          "the post's emoji, each code point written “?”"))
    lead = _LEADING_LABEL_RE.match(post)
    if lead is not None and lead.end() < len(post):
        tries.append(("truncated", quoted, post[lead.end():],
                      f"the label it opens with, “{lead.group().strip()}”"))
    end, items = len(post), 0
    while items < 6:
        item = _TRAILING_ITEM_RE.search(post, 0, end)
        if item is None or item.start() == 0:
            break
        end, items = item.start(), items + 1
        if _SENTENCE_END_RE.search(post, 0, end):
            tail = post[end:].strip()
            tries.append(("truncated", quoted, post[:end], f"what it ends with, “{tail}”"))
            if bare_post is not post:
                tries.append(("truncated", _EMOJI_RE.sub(" ", quoted),
                              _EMOJI_RE.sub(" ", post[:end]), f"what it ends with, “{tail}”, "
                              "and its emoji"))
    parts = _parts_by_script(post)
    for i, (_script, part) in enumerate(parts):
        others = " ".join(p for j, (_s, p) in enumerate(parts) if j != i)
        tries.append(("truncated", quoted, part,
                      f"its part in another language, “{others[:40]}"
                      f"{'…' if len(others) > 40 else ''}” (a post in two, one quoted)"))
    return tries


#: A quote that ends in a cut and a link to a post (X's own "… https://t.co/…" or its
#: display, "twitter.com/i/web/status/1…"): the link, group 1.
_COMPAT_LINK_RE = re.compile(r"…\s*((?:https?://)?(?:t\.co/[A-Za-z0-9]+|(?:www\.)?(?:twitter|x)"
                             r"\.com/i/web/status/[0-9]*…?))\s*\Z")


def _as_simplified(quoted: str, version: Version) -> tuple[str, str, str] | None:
    """(the quote, the post, "traditional" or "simplified") both in simplified
    characters, when the post is Chinese (its lang zh, or Han without kana or Hangul) and
    the two differ in their characters: a page converted from one set to the other
    (Taiwan's and Hong Kong's sites convert what they quote) writes the same words. None
    otherwise (Japanese writes its own kanji: not converted)."""
    post = version.text or ""
    if not (is_chinese(post, version.lang) and is_chinese(quoted)):
        return None
    shown, text = simplified(quoted), simplified(post)
    if shown == quoted and text == post:
        return None
    return shown, text, "traditional" if shown != quoted else "simplified"


def _parts_by_script(post: str) -> list[tuple[str, str]]:
    """A post written in two scripts, line by line (an Arabic statement then its English;
    a Japanese notice then its English): its runs of lines of one script, [(script,
    text)], when there are two or more runs of different scripts; else []."""
    if "\n" not in post:
        return []
    runs: list[list] = []
    for line in post.split("\n"):
        script = _script_of(line)
        if script is None:
            if runs:
                runs[-1][1].append(line)
            continue
        if runs and runs[-1][0] == script:
            runs[-1][1].append(line)
        else:
            runs.append([script, [line]])
    if len(runs) < 2 or len({script for script, _lines in runs}) < 2:
        return []
    return [(script, "\n".join(lines).strip()) for script, lines in runs]


_URL_RE = re.compile(r"(?:https?://|www\.|pic\.(?:twitter|x)\.com/|t\.co/)\S*")


def _script_of(line: str) -> str | None:
    """The script most letters of a line are written in (quotes._script; Han, kana and
    Hangul as one), or None for a line without letters: a link is in no language."""
    script = _script(_URL_RE.sub(" ", line))
    return "CJK" if script in ("HIRAGANA", "KATAKANA", "HANGUL") else script


def _subsequence(part: str, whole: str) -> bool:
    chars = iter(whole)
    return all(ch in chars for ch in part)


def _compare_all_words(quoted: str, version: Version) -> tuple[dict[str, str], float,
                                                               tuple[dict, ...]]:
    """compare_texts, of the words, every word of the post's counted."""
    quoted = without_editors_marks(without_x_labels(quoted, version.text), version.text)
    links, turkish, q, p, unfolded = _keys(quoted, version)
    vowels = _vowel_changes(quoted, version, links)
    alike = q is None or same(q, p)
    if unfolded is not None and not vowels and (
            alike or version.source_truncated or "…" in q or "[" in q or "(" in q):
        # folding writes case alike: the case of a word that is its meaning is a change
        # (looked for where the letters would otherwise pass: the same text, or a cut one;
        # a text changed anyway shows its case changes in its diff)
        vowels = case_changes(*unfolded, turkish, version.lang)
    if alike and not vowels:
        if version.source_truncated:
            # X's own cut copy of a long post, as its embed code or its timeline shows it
            # ("…", "Show more"): the article shows the part X shows, not the post
            return {"truncated": "a faithful copy of X's own cut copy of this long post, "
                                 "which stops at the same place"}, 100.0, ()
        return {"match": "the quote is the post's text"}, 100.0, ()
    if q is None:
        q = p = ""  # the same but for vowel marks: altered, below
    if not vowels and ("…" in quoted or "..." in quoted or "[" in quoted):
        number = number_cut(quoted, version.text, turkish)
        if number is not None:  # "fined $5…" of "fined $5 million": another number
            at = next((m.start() for m in CUT_MARKS_RE.finditer(quoted)), len(quoted))
            return ({"altered": f"a cut goes into a number: the post says “{number}”"},
                    round(fuzz.ratio(q, p), 1), ({"op": "insert", "at": at, "quote": "",
                                                  "post": number},))
    q_core = strip_ellipsis(q)
    cut = q_core is not q
    q_inner = strip_leading_ellipsis(q_core)
    opened = q_inner is not q_core  # the quote starts in the middle of the post
    p_core = strip_ellipsis(p) if version.source_truncated else p
    if vowels:
        pass  # vowel marks that disagree: altered, whatever the letters say
    edge = None
    # a cut inside a word or a number changes it: "…legal" of "illegal", "…body was
    # hurt" of "Nobody was hurt", "is 12…" of "is 120": no faithful cut
    inside = (opened and q_inner and contained(q_inner, p_core)
              and not _starts_a_word(q_inner, p_core)) or (
        cut and q_core[-1:].isdigit() and p_core.startswith(q_core)
        and p_core[len(q_core):len(q_core) + 1].isdigit())
    if not vowels and not inside and ((opened and q_inner and contained(q_inner, p_core)) or (
            cut and prefix_of(q_core, p_core)
            and not (version.source_truncated and same(q_core, p_core)))):
        edge = _edge_negation(quoted, version, links, turkish)
    if vowels or inside or (edge is not None and edge[2]):
        pass  # vowel marks that disagree, a cut inside a word, a negation cut off: altered
    elif opened and q_inner and contained(q_inner, p_core):
        ends = "at both ends" if cut else "at its start"
        return {"truncated": f"a faithful excerpt, cut with an ellipsis {ends}: "
                             f"{len(q_inner)} of {len(p_core)} characters"
                             + _edge_note(edge)}, 100.0, ()
    elif cut and prefix_of(q_core, p_core):
        if version.source_truncated and same(q_core, p_core):
            return {"truncated": "a faithful prefix cut with an ellipsis; X's own copy of this "
                                 "long post is cut at the same place"}, 100.0, ()
        return {"truncated": f"a faithful prefix, cut with an ellipsis: {len(q_core)} of "
                             f"{len(p_core)} characters" + _edge_note(edge)}, 100.0, ()
    elif version.source_truncated and prefix_of(p_core, q_core):
        return {"source_truncated": _source_truncated_detail(p_core)}, 100.0, ()

    # Altered. Compare what both show: a cut quote against as much of the post, a long
    # quote against as much as X's cut copy has.
    shown = rendered(quoted, links, has_media=version.has_media)
    post = rendered(version.text, links, has_media=version.has_media)
    if not vowels and edge is None:
        # words left out inside the quote, the cut marked ("[…]", "…"): an excerpt. What a
        # cut takes (a "not"), what a bracket stands for, is said, not judged: no word list
        # tells a negation that bears on the words quoted from one it does not
        gaps = omitted(strip_ellipsis(strip_leading_ellipsis(shown)), post, turkish)
        if gaps is not None and inserted_turn(gaps) is None and glued_negation(shown) is None:
            # (a negation or an "only" put in brackets where the post has no word is no
            # editor's clarification: the quote says what the post does not; altered)
            taken = cut_turns(gaps, shown, post, turkish)
            if taken is not None:
                at = next((m.start() for m in CUT_MARKS_RE.finditer(quoted)
                           if m.start() > 0), len(quoted))
                return ({"altered": f"a cut inside the quote takes only “{taken}”: across it, "
                                    "the quote says what the post does not"},
                        round(fuzz.ratio(q, p), 1),
                        ({"op": "insert", "at": at, "quote": "", "post": taken},))
            places, replaced, added = cut_places(gaps)
            said = []
            if places:
                said.append(f"words left out at {places} place{'s' if places != 1 else ''} "
                            "where the quote marks a cut")
            if replaced:
                said.append(f"words of the editor's in brackets for the post's at {replaced} "
                            f"place{'s' if replaced != 1 else ''}")
            if added:
                said.append(f"words put in brackets at {added} place{'s' if added != 1 else ''}")
            if said:  # (none when the quote's marks are all the post's own "...")
                return {"truncated": "a faithful excerpt: the post's words, with "
                                     + " and ".join(said) + cut_notes(gaps, post, turkish)
                        }, 100.0, ()
        if version.source_truncated:
            past = _past_the_cut(shown, post, turkish, opened)
            if past is not None:
                return past, 100.0, ()
    if version.reply or _oembed_mentions(version):
        shown, post = reply_pair(shown, post, version.source == "syndication",
                                 version.reply_prefix)
    if cut:
        shown = strip_ellipsis(shown)
    if version.source_truncated:
        post = strip_ellipsis(post)
    findings: dict[str, str] = {}
    if opened:
        # compared with the passage it stands for, not with the post's opening
        shown = strip_leading_ellipsis(shown)
        start = _aligned_start(shown, post, turkish)
        if post[:start].strip():
            findings["truncated"] = (f"cut with an ellipsis at its start, about {start} "
                                     f"characters into the post")
            post = post[start:]
        if not cut:
            # an excerpt: what the post says after it is not what the quote changed
            post = post[:_aligned_end(shown, post, turkish)]
    if cut:
        end = _aligned_end(shown, post, turkish)
        while 0 < end < len(post) and post[end - 1].isdigit() and post[end].isdigit():
            end += 1  # a number the cut went into is compared whole: "12…" of "120"
        if post[end:].strip():
            findings["truncated"] = (f"cut with an ellipsis after about {end} of the post's "
                                     f"{len(post)} characters")
            post = post[:end]
    elif version.source_truncated:
        end = _aligned_end(post, shown, turkish)
        if shown[end:].strip():
            findings["source_truncated"] = _source_truncated_detail(post, agree=False)
            shown = shown[:end]
    score = round(fuzz.ratio(fold(shown, turkish), fold(post, turkish)), 1)
    diff = text_diff(shown, post, turkish) or text_diff(shown, post, turkish, forgive=False)
    marked = _marked_changes(shown, post, turkish, version.lang)
    if marked:
        covered = {(c["at"], c["at"] + len(c["quote"])) for c in diff}
        diff = tuple(sorted((*diff, *({"op": "replace", "at": at, "quote": was, "post": now}
                                       for at, was, now in marked
                                       if not any(a <= at < b for a, b in covered))),
                            key=lambda c: c["at"]))
        score = min(score, round(fuzz.ratio(shown, post), 1))
    findings = {"altered": (f"differs from the post beyond rendering (similarity {score:.1f}, "
                            f"{len(diff)} change{'s' if len(diff) != 1 else ''})"), **findings}
    cased = [(was, now) for _at, was, now in marked if was.lower() == now.lower()]
    if alike and cased and len(cased) == len(marked):
        # the letters are the post's: the change is a word's case, which is its meaning
        was, now = cased[0]
        findings["altered"] = (f"writes “{was}” where the post writes “{now}”: in this "
                               f"sentence the case is the word's meaning (similarity {score:.1f})")
    if edge is not None and edge[2]:
        word, side, _against = edge
        where = "stops right before" if side == "after" else "starts right after"
        findings["altered"] = (f"{where} “{word}” in the post, which turns the meaning of the "
                               f"words it quotes (similarity {score:.1f})")
        if not diff:  # the words are the post's: the change is the negation cut off
            diff = ({"op": "insert", "at": len(shown) if side == "after" else 0,
                     "quote": "", "post": word},)

    return findings, score, diff


def _vowel_changes(quoted: str, version: Version, links) -> list:
    """vowel_changes of the two rendered texts, when both write vowel marks (Arabic, Hebrew)."""
    if not (_HAS_MARKS.search(quoted) and _HAS_MARKS.search(version.text)):
        return []
    shown = rendered(quoted, links, has_media=version.has_media)
    post = rendered(version.text, links, has_media=version.has_media)
    return vowel_changes(strip_ellipsis(shown), post)


def _marked_changes(shown: str, post: str, turkish: bool, lang: str | None = None) -> list:
    """What folding hides that is a change, in two rendered texts: vowel marks that
    disagree, and case that is a word's meaning, as (offset in `shown`, shown, post's)."""
    return sorted([*vowel_changes(shown, post), *case_changes(shown, post, turkish, lang)])


def _aligned_start(part: str, whole: str, turkish: bool) -> int:
    """Where in `whole` the passage that `part` (cut at its start) stands for begins."""
    a, b = fold(part, turkish), fold(whole, turkish)
    if len(a) != len(part) or len(b) != len(whole):
        a, b = part.lower(), whole.lower()
    if len(b) != len(whole):
        return 0
    window = fuzz.partial_ratio_alignment(a, b)
    if window is None:
        return 0
    start = window.dest_start
    while start > 0 and not whole[start - 1].isspace():
        start -= 1  # from the start of a word
    return start


def _source_truncated_detail(post: str, agree: bool = True) -> str:
    if not agree:  # beside "altered": the change is within what X shows
        return (f"X served a cut long post ({len(post)} characters); the quote goes on past "
                "it, and that part cannot be checked against X")
    return (f"X served a cut long post ({len(post)} characters); the quote's first "
            f"{len(post)} agree and the rest cannot be checked against X")


#: How alike (rapidfuzz partial ratio) the start of a run of a quote must be to words of a
#: long post's cut copy to be a changed passage X shows, not words from past its cut.
_PASSAGE_CHANGED = 85.0
#: A run of a quote this long found in X's copy is words X shows, wherever it stands.
_RUN_SEEN = 12


def _past_the_cut(shown: str, post: str, turkish: bool, opened: bool) -> dict | None:
    """For an excerpt of a long post X served cut (source_truncated): the findings when
    the quote's words are X's as far as X's copy goes and the rest lies past X's cut — up
    to a cut the quote marks ("A […] Z", Z past X's cut, or Z X's words running on past
    it), or from its start ("…Z"). None when some of its words are X's and wrong: a
    change, wherever the quote cuts."""
    inner = strip_ellipsis(strip_leading_ellipsis(shown)).strip()
    seen = fold(strip_ellipsis(post), turkish).rstrip(" .…")
    marks = list(CUT_MARKS_RE.finditer(inner))
    for mark in reversed(marks):
        head, tail = inner[:mark.start()].strip(), inner[mark.end():]
        if not head:
            continue
        head_key = fold(head, turkish)
        if not (contained(head_key, seen) or omitted(head, strip_ellipsis(post), turkish)):
            continue
        runs = [r.strip(" .,;:") for r in CUT_MARKS_RE.split(tail)]
        places = [_against_the_cut(fold(r, turkish), seen) for r in runs if r]
        if "changed" in places or all(p == "within" for p in places):
            return None  # words X shows, changed (or all X's: not past its cut)
        return {"truncated": "a faithful excerpt as far as X's copy goes: the post's words, "
                             "with words left out where the quote marks a cut",
                "source_truncated": "X served a cut long post; the quote's words after "
                                    f"its cut at “{mark.group()}” go past X's cut and "
                                    "cannot be checked against X beyond it"}
    if opened and not marks:
        place = _against_the_cut(fold(inner, turkish), seen)
        if place == "past":
            return {"truncated": "an excerpt, cut with an ellipsis at its start",
                    "source_truncated": "X served a cut long post; the excerpt's words are "
                                        "X's as far as X's copy goes, and the rest cannot be "
                                        "checked against X"}
        if place == "unseen":
            return {"truncated": "an excerpt, cut with an ellipsis at its start",
                    "source_truncated": "X served a cut long post; the excerpt is not in the "
                                        "part X shows, so it is from past X's cut or not the "
                                        "post's: it cannot be checked against X"}
    return None


def _against_the_cut(run: str, seen: str) -> str:
    """Where a run of a quote (a key) stands against the part of a long post X shows
    (`seen`, a key): "within" it; "past" — its start is X's words up to the end of X's
    copy, the rest beyond; "unseen" — nothing of X's copy is like its start (past the cut);
    "changed" — its start is like words X shows, but not them."""
    run = run.strip(" .,;:…")
    if not run or contained(run, seen):
        return "within"
    # the longest start of the run that X's copy holds (a binary search on its length)
    low, high = 0, len(run)
    while low < high:
        middle = (low + high + 1) // 2
        if contained(run[:middle], seen):
            low = middle
        else:
            high = middle - 1
    if low >= _RUN_SEEN:
        start = seen.rfind(run[:low])
        if start != -1 and not seen[start + low:].strip(" .,;:…"):
            return "past"  # X's words up to X's cut, and on past it
        return "changed"
    if fuzz.partial_ratio(run[:40], seen) >= _PASSAGE_CHANGED:
        return "changed"
    return "unseen"


def _aligned_end(part: str, whole: str, turkish: bool) -> int:
    """Where in `whole` the text `part` (its start, changed or not) ends: the prefix of
    `whole` nearest to `part` by edit distance."""
    a = fold(part, turkish)
    if len(whole) <= len(part):
        return len(whole)
    slack = max(20, len(part) // 5)
    best, best_end = None, len(part)
    for end in range(max(0, len(part) - slack), min(len(whole), len(part) + slack) + 1):
        distance = Levenshtein.distance(a, fold(whole[:end], turkish))
        if best is None or distance < best or (distance == best and abs(end - len(part))
                                                < abs(best_end - len(part))):
            best, best_end = distance, end
    return best_end


#: Changes closer than this many equal characters are reported as one ("long" -> "short",
#: not three single-letter edits).
_DIFF_MERGE_GAP = 3


#: The one-letter "and" Arabic script and Hebrew write on the word after it (و, ف; ו):
#: a cut that leaves it out starts at the word, as "…[and] discussed" does in English.
_CONJUNCTIONS = frozenset("\u0648\u0641\u05d5")


def _starts_a_word(part: str, text: str) -> bool:
    """Whether `part` (a key) stands in `text` (a key) somewhere at a word's start, as
    prose quotes find words (quotes.word_edge: not right after a letter or digit of a
    script written with spaces), and not inside a number."""
    for haystack, needle in ((text, part), (text.replace("\n", " "), part.replace("\n", " "))):
        at = haystack.find(needle)
        while at >= 0:
            before = haystack[at - 1] if at else " "
            in_number = needle[:1].isdigit() and before in ".," and at > 1 \
                and haystack[at - 2].isdigit()  # "…5 million" of "1.5 million"
            if word_edge(before, needle[:1]) and not in_number:
                return True
            if before in _CONJUNCTIONS and (at < 2 or word_edge(haystack[at - 2], before)):
                return True  # "…بحث" of "وبحث": the "and" written on the word, left out
            at = haystack.find(needle, at + 1)
    return False


def _edge_negation(quoted: str, version: Version, links, turkish: bool):
    """(word, side, right against?) of a negation in the post's clause right past a
    faithful prefix's or excerpt's cut (quotes.cut_negation), or None."""
    if not may_negate(version.text, version.lang):
        return None  # (most posts: no negation anywhere)
    return cut_negation(
        strip_ellipsis(strip_leading_ellipsis(rendered(quoted, links,
                                                       has_media=version.has_media))),
        rendered(version.text, links, has_media=version.has_media), turkish, version.lang)


def _edge_note(edge) -> str:
    """A faithful prefix's or excerpt's note of a negation further off past its cut, in
    the same clause: said for the reader, not judged (it may bear on other words)."""
    if edge is None:
        return ""
    word, side, _against = edge
    where = CUT_PLACES[0] if side == "after" else CUT_PLACES[1]
    return "; " + CUT_NOTES["edge"].format(word=word, where=where)


def text_diff(quoted: str, post: str, turkish: bool = False, *,
              forgive: bool = True) -> tuple[dict, ...]:
    """Changes from the quote to the post ({op, at, quote, post}; `at` indexes the quote's
    rendered text), without those the rules forgive (each judged on its own; with
    `forgive=False`, every change: for texts the rules tell apart only as wholes, so that
    an altered verdict always shows what differs)."""
    spans: list[list[int]] = []  # [quote start, quote end, post start, post end]
    # aligned letter for letter whatever the case and accents, so that a quote in
    # capitals shows the word it changed, not the whole text (positions are kept)
    # (Greek accents only where one side writes none: capitals)
    quoted_letters, post_letters = map(_aligned_letters, greek_alike(quoted, post))
    for op in Levenshtein.opcodes(quoted_letters, post_letters):
        if op.tag == "equal":
            continue
        if spans and op.src_start - spans[-1][1] <= _DIFF_MERGE_GAP \
                and op.dest_start - spans[-1][3] <= _DIFF_MERGE_GAP:
            spans[-1][1], spans[-1][3] = op.src_end, op.dest_end
        else:
            spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    kept: list[list[int]] = []
    for q0, q1, p0, p1 in spans:
        was, now = quoted[q0:q1], post[p0:p1]
        if not forgive:
            pass
        elif _blank(was) and _blank(now):
            if not _space_change_shown(quoted, q0, q1, was, now):
                continue
        elif same(fold(quoted[max(q0 - 1, 0):q1 + 1], turkish),
                  fold(post[max(p0 - 1, 0):p1 + 1], turkish)):
            # forgiven, judged with a character of context each side (equal on both):
            # a line break that vanished between two digits is no longer forgiven
            continue
        kept.append([q0, q1, p0, p1])
    changes = []
    for q0, q1, p0, p1 in _whole_words(kept, quoted_letters, post_letters):
        was, now = quoted[q0:q1], post[p0:p1]
        op = "replace" if was and now else ("delete" if was else "insert")
        changes.append({"op": op, "at": q0, "quote": was, "post": now})
    return tuple(changes)


def _aligned_letter(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


def _aligned_letters(text: str) -> str:
    """`text` one character for one, in lower case (for aligning only: greek_alike drops
    Greek accents first where the other side writes none; every other accent is a letter
    of its own, a Vietnamese tone, French où)."""
    lower = text.lower()
    if len(lower) == len(text):  # (nearly always: İ is the letter lower() makes two of)
        return lower
    return "".join(map(_aligned_letter, text))


def _word_char(ch: str) -> bool:
    """A character of a word of a script written with spaces (a letter, a digit, a
    combining mark): a change is widened over these. Not Chinese characters or katakana,
    where a character is a word as far as this can tell (Japanese's hiragana are: an
    ending runs over them), nor Thai, Lao, Khmer or Myanmar, whose
    runs of letters are phrases (a change is what the letters show changed, its marks
    with it)."""
    if "\u3040" <= ch <= "\u309f":
        # Japanese's hiragana: a verb's ending and its auxiliaries ("ありません"), read as
        # one: "す" for "せん" would not show a reader the negation that went
        return True
    return (ch.isalnum() or unicodedata.category(ch)[0] == "M") and not CJK_CHAR_RE.match(ch) \
        and not (NO_SPACE_RE.match(ch) and not ch.isdigit())  # (a number is one, in any script)


#: What parts a number's digits and is part of it: a decimal or thousands' separator.
_IN_NUMBER = frozenset(".,'٫٬\u00a0\u202f\u2009")


def _in_word(text: str, at: int) -> bool:
    """Is text[at] part of a word a change is widened over: a word's character, or a
    separator between two digits ("2.5", "1,250", "7,3": a changed number is shown whole,
    not "." dropped or "3" → "8")?"""
    ch = text[at]
    if ch in _IN_NUMBER:
        return 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()
    return _word_char(ch)


def _whole_words(spans: list[list[int]], quoted: str, post: str) -> list[list[int]]:
    """Each change widened to the whole words it touches ("Mon" → "Fri" of Monday, Friday:
    "Monday" → "Friday"; "s" added to "round": "round" → "rounds"), over the characters
    both sides share around it; changes that then touch are one."""
    widened: list[list[int]] = []
    for q0, q1, p0, p1 in spans:
        # widened where the change is whitespace alone (words glued or parted), or where
        # its own edge is inside a word
        blank = not quoted[q0:q1].strip() and not post[p0:p1].strip()
        if blank or (q0 < q1 and _in_word(quoted, q0)) or (p0 < p1 and _in_word(post, p0)):
            while q0 > 0 and p0 > 0 and quoted[q0 - 1] == post[p0 - 1] \
                    and _in_word(quoted, q0 - 1):
                q0, p0 = q0 - 1, p0 - 1
        if blank or (q0 < q1 and _in_word(quoted, q1 - 1)) or (
                p0 < p1 and _in_word(post, p1 - 1)):
            while q1 < len(quoted) and p1 < len(post) and quoted[q1] == post[p1] \
                    and _in_word(quoted, q1):
                q1, p1 = q1 + 1, p1 + 1
        # ...and never inside what shows as one character: an emoji with its skin tone,
        # a family joined by ZWJs, a flag, a keycap (a lone "🏽" marked means nothing)
        while q0 > 0 and p0 > 0 and (within_cluster(quoted, q0) or within_cluster(post, p0)) \
                and quoted[q0 - 1] == post[p0 - 1]:
            q0, p0 = q0 - 1, p0 - 1
        while q1 < len(quoted) and p1 < len(post) and (
                within_cluster(quoted, q1) or within_cluster(post, p1)) and quoted[q1] == post[p1]:
            q1, p1 = q1 + 1, p1 + 1
        if widened and q0 <= widened[-1][1] and p0 <= widened[-1][3]:
            widened[-1][1], widened[-1][3] = max(q1, widened[-1][1]), max(p1, widened[-1][3])
        else:
            widened.append([q0, q1, p0, p1])
    return widened


#: Code points that extend the character before them into one shown character (beside
#: combining marks): ZWJ, variation selectors, skin tones, the keycap, emoji tags, the
#: half-width kana's voicing marks (ﾊﾞ).
_EXTENDS = re.compile("[\u200d\ufe00-\ufe0f\u20e3\uff9e\uff9f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
                      "\U000e0100-\U000e01ef]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")


def within_cluster(text: str, at: int) -> bool:
    """Whether offset `at` of `text` falls inside one shown character (a grapheme
    cluster, as far as emoji and marks go), not between two."""
    if not 0 < at < len(text):
        return False
    after, before = text[at], text[at - 1]
    return (_EXTENDS.match(after) is not None or before == "\u200d"
            or unicodedata.category(after) in ("Mn", "Mc", "Me")
            or "VIRAMA" in unicodedata.name(before, "") or before == "\u17d2"  # (coeng)
            or (_REGIONAL.match(after) is not None and _REGIONAL.match(before) is not None
                and sum(1 for ch in text[:at] if _REGIONAL.match(ch)) % 2 == 1))


def _blank(text: str) -> bool:
    return not text.replace(ZWNJ, "").strip()


def _space_change_shown(quoted: str, q0: int, q1: int, was: str, now: str) -> bool:
    """Whether a change of whitespace alone is one the rules do not forgive, and so a
    change to show: words glued or parted ("went well", "wentwell"), a line break between
    two digits ("12\n3", "123"). A line break that vanished, a space beside punctuation,
    whitespace of another kind, a half-space: forgiven (archiver.compare)."""
    if (was and now) or ZWNJ in was or ZWNJ in now:
        return False
    before = quoted[q0 - 1] if q0 else ""
    after = quoted[q1] if q1 < len(quoted) else ""
    if not before.strip() or not after.strip() or ZWNJ in (before, after):
        return False  # at an end of the text, or beside other whitespace
    if "\n" in was + now:
        return before.isdigit() and after.isdigit()
    return not (is_punct(before) or is_punct(after))


#: Letters and digits a handle may have that read as others in many fonts: a capital I
#: and a 1 as an l, an i as an l, a 0 as an o, "rn" as an m, "vv" as a w.
_READS_AS = (("rn", "m"), ("vv", "w"), ("I", "l"), ("1", "l"), ("i", "l"), ("0", "o"))


def _look_alike_letters(shown: str, actual: str) -> list[tuple[str, str]]:
    """[(the shown handle's letters, the author's they read as)] when the two handles
    differ only by such look-alikes ("snicoIl" for "snicoll": a capital I for an l), else
    []."""
    def skeleton(handle: str) -> str:
        for a, b in _READS_AS:
            handle = handle.replace(a, b)
        return handle.lower()

    if not shown or not actual or shown.lower() == actual.lower() \
            or skeleton(shown) != skeleton(actual):
        return []
    if len(shown) == len(actual):  # letter for letter
        return [(a, b) for a, b in zip(shown, actual) if a.lower() != b.lower()]
    from difflib import SequenceMatcher

    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, shown, actual,
                                               autojunk=False).get_opcodes():
        if tag != "equal" and shown[i1:i2].lower() != actual[j1:j2].lower():
            pairs.append((shown[i1:i2], actual[j1:j2]))  # (case alone is no look-alike)
    return pairs


def _check_author(quote: Quote, version: Version, state: PostState, findings: dict) -> None:
    shown = (quote.handle or "").lstrip("@").lower()
    actual = (version.handle or "").lower()
    if shown and actual and shown != actual:
        if shown in state.handles:
            findings["author_renamed"] = (
                f"shown as @{quote.handle}, the same account"
                f"{f' (user {version.author_id})' if version.author_id else ''} is "
                f"now @{version.handle}")
        else:
            findings["author_mismatch"] = f"shown as @{quote.handle}, the post is by @{version.handle}"
            odd = [ch for ch in dict.fromkeys(quote.handle or "") if not ch.isascii()]
            if odd:
                # no handle has such letters: a look-alike of the author's, or of another's
                findings["author_mismatch"] += (
                    "; the handle shown is written with letters no X handle has: " + ", ".join(
                        f"{ch} ({unicodedata.name(ch, f'U+{ord(ch):04X}').lower()})"
                        for ch in odd[:4]))
                return
            swapped = _look_alike_letters(quote.handle or "", version.handle or "")
            if swapped:
                # letters every handle may have, that read as the author's in many fonts
                findings["author_mismatch"] += (
                    "; the handle shown reads as the author's at a glance: "
                    + ", ".join(f"“{a}” for “{b}”" for a, b in swapped[:4]))
                return
            if quote.author_name and version.author_name and same(
                    key(quote.author_name), key(version.author_name)):
                # DESIGN: handles get renamed; say which it may be. The archive has never
                # seen the shown handle on this account, so it cannot tell.
                findings["author_mismatch"] += (
                    f" under the same display name ({version.author_name!r}): the account "
                    f"may have been @{quote.handle} when the post was embedded, or the "
                    "article names another account; no archived copy of X's says which")
            return
    if quote.author_name and version.author_name and quote.author_name != version.author_name:
        turkish = is_turkish(version.lang, version.author_name)
        name = key(quote.author_name, turkish=turkish)
        known = {key(n, turkish=turkish) for n in (version.author_name, *state.names)}
        if any(same(name, k) for k in known):
            return
        if shown:
            # The embed shows the author's own handle (the account's identity; checked
            # above): the display name, which the account may change at any time and
            # the embed froze when it was made, differs ("Hakan Fidan" -> "Hakan Fidan
            # 🇹🇷", or a rebrand that keeps no word). Said, not a misattribution.
            findings["author_name_changed"] = (
                f"shown as {quote.author_name!r}; X now names the account "
                f"{version.author_name!r} (the same handle: display names change)")
            if not any(_name_words(name) & _name_words(k) for k in known):
                findings["author_name_changed"] += (
                    "; the names share no word: renamed since the embed was made, or "
                    "changed by the article")
        else:
            findings["author_mismatch"] = (
                f"shown as {quote.author_name!r}, X names the author {version.author_name!r}")


def _name_words(name_key: str) -> set[str]:
    """A folded name's words of two letters or more (emoji and signs are no words)."""
    return {w for w in "".join(c if c.isalnum() else " " for c in name_key).split()
            if len(w) > 1}


def _check_date(quote: Quote, version: Version, findings: dict) -> None:
    """The date an embed shows is the post's calendar date somewhere on Earth: X writes
    the UTC date, a copy made by hand the writer's local one, and local time runs from
    UTC-12 to UTC+14. A shown date that cannot be read is said, as not checked."""
    if not quote.shown_date:
        return
    moment = snowflake_ms(quote.post_id) if quote.post_id else None
    if moment is None and version.created_at:
        try:
            created = datetime.fromisoformat(version.created_at.replace("Z", "+00:00"))
            moment = int(created.timestamp() * 1000)
        except ValueError:
            moment = None
    if moment is None:
        return
    shown = parse_shown_date(quote.shown_date, quote.date_lang)
    # a date in numbers alone may be read day first or month first: it is the post's
    # when either reading is
    readings = (shown,) if shown else numeric_readings(quote.shown_date, quote.date_lang)
    yearless = None
    if not readings:
        # no year shown (X's web app shows a post of this year as "Oct 12"): a month and
        # day the post had somewhere on Earth in its own year, or the one either side
        yearless = parse_yearless(quote.shown_date, quote.date_lang)
        if yearless is not None:
            year = date.fromordinal(_EPOCH_ORDINAL + moment // _DAY_MS).year
            readings = tuple(d for y in (year - 1, year, year + 1)
                             if (d := _valid_date(y, *yearless)))
    if not readings:
        findings["date_unread"] = (f"the date shown, “{quote.shown_date}”, could not be read "
                                   "as a date: it was not checked")
        return
    earliest, latest = (moment - _WEST_MS) // _DAY_MS, (moment + _EAST_MS) // _DAY_MS
    if not any(earliest <= date.fromisoformat(d).toordinal() - _EPOCH_ORDINAL <= latest
               for d in readings):
        posted = date.fromordinal(_EPOCH_ORDINAL + moment // _DAY_MS).isoformat()
        read = " or ".join(readings) if yearless is None else (
            f"{yearless[0]:02d}-{yearless[1]:02d} of no year")
        findings["date_mismatch"] = (f"shows {read} ({quote.shown_date}), posted {posted} "
                                     f"at {moment // 3_600_000 % 24:02d}:"
                                     f"{moment // 60_000 % 60:02d} UTC: no time zone shows "
                                     f"that date{'' if len(readings) == 1 else ', read either way'}")


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


#: The day in ms, and how far local time runs behind (UTC-12) and ahead (UTC+14) of UTC.
_DAY_MS, _WEST_MS, _EAST_MS = 86_400_000, 12 * 3_600_000, 14 * 3_600_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def text_similarity(quoted: str, version: Version) -> float:
    """0-100: how far a post's text bears out a quote (100: the same by the rules, or a
    faithful prefix cut with an ellipsis, or a faithful excerpt cut at its start). X's
    labels copied with a post ("Replying to @a", "Show more") are not its words."""
    if opens_with_addressees(quoted) or "\n" in quoted or "…" in quoted:
        quoted = without_x_labels(quoted, version.text)
    links, turkish, q, p, _unfolded = _keys(quoted, version)
    if q is None or same(q, p):
        return 100.0
    core = strip_ellipsis(q)
    inner = strip_leading_ellipsis(core)
    if inner is not core and inner:
        # an excerpt: as far as a passage of the post bears it out
        return 100.0 if contained(inner, p) else fuzz.partial_ratio(inner, p)
    if core is not q:
        if prefix_of(core, p):
            return 100.0
        return fuzz.ratio(core, p[: len(core)])
    return fuzz.ratio(q, p)


def nearest_version(versions: list[Version], moment: str | None) -> Version | None:
    """The version fetched last at or before `moment`, else the first after it."""
    if not versions:
        return None
    if len(versions) == 1:
        return versions[0]
    if moment:
        before = [v for v in versions if (v.fetched_at or "") <= moment]
        if before:
            return before[-1]
    return versions[0]
