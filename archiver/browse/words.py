"""What the pages and the evidence report say, in words a fact-checker reads without the
archive's vocabulary.

The archive records verdicts and findings by name (`altered`, `truncated`, …) with a
detail in the verifier's terms ("differs from the post beyond rendering (similarity
98.4, 1 change)"); `archiver verify` prints them so, and the database keeps them so. The
pages say the same in plain words (`plain_detail`, `explain`) and keep the recorded
terms one click or one hover away, where they are the evidence. Nothing here reads the
archive.
"""

from __future__ import annotations

import re
import unicodedata

from ..quotes import CUT_NOTES, _note_pattern
from ..plural import CUTS_TO_READ, IN_PROSE, IN_THE_PROSE, misquotes_said  # noqa: F401  (said as the CLI says it)

#: What a quote listed under CUTS_TO_READ is, beside each: the cut is said, not judged.
CUT_WORDS = "not judged a misquote: read what the cut takes"
#: The same, for a quote whose only note is a bracket's: nothing is cut there.
BRACKET_WORDS = "not judged a misquote: read what the brackets put in the post's words"
_BRACKET_NOTE = re.compile(_note_pattern(CUT_NOTES["bracket"]))

#: Verdicts in words, for a reader: (headline, what it means).
VERDICT_WORDS = {
    "match": ("Quoted faithfully", "the article shows the post's own words"),
    "truncated": ("Quoted faithfully, cut short",
                  "the article shows the start of the post and marks the cut with …"),
    "source_truncated": ("Faithful as far as X's copy goes",
                         "X served a cut copy of this long post; the part it served agrees"),
    "altered": ("Misquoted", "the article's words differ from the post's"),
    "author_mismatch": ("Wrong author", "the article names someone else as the author"),
    "date_mismatch": ("Wrong date", "the date the article shows is not the post's"),
    "unavailable": ("No longer on X", "X no longer serves the post"),
    "edited": ("Edited since", "X shows a newer edit of the post than the one quoted"),
    "unverifiable": ("Cannot be checked", "the quote cannot be compared with X's copy"),
}
#: A faithful quote that shows a part of the post, not its start (the verdict's detail says
#: which: "a faithful excerpt, cut with an ellipsis at its start: …" or "… at both ends: …").
EXCERPT_WORDS = {
    "at its start": "the article shows a part of the post, from further in, and marks the cut "
                    "before it with …",
    "at both ends": "the article shows a part of the post and marks the cuts before and after "
                    "it with …",
}
#: A faithful quote with words left out inside it, each cut marked ("[…]", "…"): the
#: verdict's detail opens so (verify: "a faithful excerpt: the post's words, with words
#: left out at 1 place …"), and the quote need not show the post's start.
INSIDE_WORDS = "the article shows the post's words with words left out, and marks each cut"
_INSIDE = re.compile(r"^a faithful excerpt(?: as far as X's copy goes)?: the post's words, "
                     r"with words left out")
#: ...or with only words put in, in brackets, where the post has none ("The [city] council").
ADDED_WORDS = "the article shows the post's words with words of its own put in, in brackets"
_ADDED = re.compile(r"^a faithful excerpt: the post's words, with words (?:put in brackets|of "
                    r"the editor's in brackets)")
_ADDED_NOTE = re.compile(_note_pattern(CUT_NOTES["inserted"]))
#: Findings that are never the verdict, in words.
FINDING_WORDS = {
    **{name: words[0] for name, words in VERDICT_WORDS.items()},
    # beside another verdict (an altered quote that is also cut): cut, not faithful
    "truncated": "Cut short",
    "author_renamed": "Same account, renamed",
    "author_name_changed": "Display name changed",
    "date_unread": "Date shown not read",
}
#: Unavailable reasons in words.
#: The headline of a post X hides without its being gone: it is on X, shown to some readers
#: (logged in, over 18, a follower, in another country), not to the archive.
HIDDEN_WORDS = {
    "age_restricted": "On X, hidden from readers not logged in",
    "protected": "On X, shown to its account's followers only",
}  # (not "withheld": X says so of a post withheld in a country and of one it took down)
REASON_WORDS = {
    "deleted": "deleted", "withheld": "withheld", "age_restricted": "age-restricted",
    "suspended": "account suspended", "protected": "account protected", "unknown": "unknown",
}
#: How the archive found a post gone: "found deleted on <status_since>" (status_since is
#: when the archive first saw that status, never when the post was deleted).
FOUND_WORDS = {
    "deleted": "found deleted", "withheld": "found withheld",
    "age_restricted": "found age-restricted", "suspended": "found with the account suspended",
    "protected": "found with the account protected", "unknown": "found gone",
}
#: A post's status (posts.status) in words.
STATUS_WORDS = {
    "available": "on X",
    "unavailable": "no longer on X",
    "unidentified": "known only from an article's text: X not asked",
    "unchecked": "not yet asked of X",
}
#: Where a copy of a post came from (post_versions.source, post_checks.source).
SOURCE_WORDS = {
    "syndication": "X's copy",
    "oembed": "X's copy (from its embed-code service)",
    "embed": "an article's copy of the text, not X's",
}
#: Whom the archive asked for a post (post_checks.source).
ASKED_WORDS = {"syndication": "X's embedded-post data", "oembed": "X's embed-code service"}
#: Quotes in an article's prose, checked against their author's posts
#: (quote_claims.result): (headline, what it means).
CLAIM_WORDS = {
    "found": ("Found in the author's posts", "an archived post of theirs has these words"),
    "altered": ("Misquoted", "an archived post of theirs says this differently"),
    "not_found": ("Not found in the author's posts",
                  "the author's archived posts do not have these words"),
    "cross_language": ("In another language", "a translation cannot be checked word for word"),
}
#: Languages a prose quote's detail names by code.
LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fa": "Persian",
    "fr": "French", "he": "Hebrew", "it": "Italian", "ku": "Kurdish", "nl": "Dutch",
    "pt": "Portuguese", "ru": "Russian", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
}

_ALTERED = re.compile(r"similarity ([\d.]+), (\d+) changes?")
_CUT_SAME = ("a faithful prefix cut with an ellipsis; X's own copy of this long post is cut "
             "at the same place")
_PREFIX = re.compile(r"^a faithful prefix, cut with an ellipsis: (\d+) of (\d+) characters$")
_CUT_AFTER = re.compile(r"^cut with an ellipsis after about (\d+) of the post's (\d+) characters$")
_EXCERPT = re.compile(r"^a faithful excerpt, cut with an ellipsis (at its start|at both ends): "
                      r"(\d+) of (\d+) characters$")
_CUT_BEFORE = re.compile(r"^cut with an ellipsis at its start, about (\d+) characters into the "
                         r"post$")
_GONE = re.compile(r"^X no longer serves it \((\w+)(?:; found so on (\S+))?\)(?: since (\S+))?$")
_MATCHED = re.compile(r"^no id shown; matched to archived post (\S+) by handle, date and text$")
_RENAMED = re.compile(r"^shown as @(\S+), the same account \(user (\d+)\) is now @(\S+)$")
_DATE = re.compile(r"^shows (\S+) \((.+)\), posted (\S+)$")
_CLAIM_FOUND = re.compile(r"^in post (\S+) \(similarity (\d+)\)$")
_CLAIM_NONE = re.compile(r"^no archived post of @(\S+)$")
_CLAIM_CLOSEST = re.compile(r"^not in @(\S+)'s archived posts \(best similarity (\d+)\)$")
_CLAIM_LANGUAGE = re.compile(r"^the quote \(([^)]*)\) is in another language than @(\S+)'s "
                             r"posts \(([^)]*)\): a translation cannot be checked word for word$")


def plain_detail(name: str | None, detail: str | None) -> str:
    """A finding's recorded detail in plain words (the detail itself when it already is)."""
    if not detail:
        return ""
    if name == "altered" and (found := _ALTERED.search(detail)):
        changes = int(found.group(2))
        return (f"{changes} change{'' if changes == 1 else 's'} in the wording; the texts are "
                f"{float(found.group(1)):g}% alike (layout, links and quotation marks aside)")
    if name == "match" and detail == "the quote is the post's text":
        return ("word for word the post's text (links compared as the addresses X expands "
                "them to, in whichever form each side writes them)")
    if name == "truncated":
        if detail == _CUT_SAME:
            return ("the post's opening words, unchanged, ending in “…”; X's own copy of this "
                    "long post stops at the same place")
        if found := _PREFIX.match(detail):
            return (f"the post's opening words, unchanged, ending in “…”: {found.group(1)} of "
                    f"its {found.group(2)} characters")
        if found := _CUT_AFTER.match(detail):
            return (f"cut short with “…” after about {found.group(1)} of the post's "
                    f"{found.group(2)} characters")
        if found := _EXCERPT.match(detail):
            where = ("opening with “…”" if found.group(1) == "at its start"
                     else "opening and ending with “…”")
            return (f"words from inside the post, unchanged, {where}: {found.group(2)} of its "
                    f"{found.group(3)} characters")
        if found := _CUT_BEFORE.match(detail):
            return (f"opens with “…”, leaving out the post's first {found.group(1)} characters "
                    "or so")
    if name == "unavailable" and (found := _GONE.match(detail)):
        reason, when = found.group(1), found.group(2) or found.group(3)
        said = REASON_WORDS.get(reason, reason)
        return f"{said} (the archive found it so on {when})" if when else said
    if name == "matched" and (found := _MATCHED.match(detail)):
        return (f"the article shows no id for this post: it is post {found.group(1)}, "
                "recognised by its author, date and words")
    if name == "author_renamed" and (found := _RENAMED.match(detail)):
        return (f"shown as @{found.group(1)}: the same X account (account number "
                f"{found.group(2)}) is now @{found.group(3)}")
    if name == "date_mismatch" and (found := _DATE.match(detail)):
        return (f"the article shows {found.group(2)} ({found.group(1)}); the post is from "
                f"{found.group(3)}")
    if name == "found" and (found := _CLAIM_FOUND.match(detail)):
        return f"in post {found.group(1)} ({found.group(2)}% alike)"
    if name == "not_found" and (found := _CLAIM_NONE.match(detail)):
        return f"the archive holds no post of @{found.group(1)} yet"
    if name == "not_found" and (found := _CLAIM_CLOSEST.match(detail)):
        return (f"not in @{found.group(1)}'s archived posts (the closest is "
                f"{found.group(2)}% alike)")
    if name == "cross_language" and (found := _CLAIM_LANGUAGE.match(detail)):
        return (f"the article quotes in {_languages(found.group(1))}; @{found.group(2)} posts "
                f"in {_languages(found.group(3))}")
    if name == "candidates":
        return f"posts it could be, with how alike they are (of 100): {detail}"
    return detail


def verdict_words(verdict: str | None, detail: str | None = None) -> tuple[str, str]:
    """A verdict in words (headline, what it means), said from its detail where the name
    alone says too little: a faithful quote cut with "…" shows the post's start (a prefix)
    or a part from further in (an excerpt)."""
    words = VERDICT_WORDS.get(verdict, (verdict, ""))
    if verdict == "truncated" and detail and (found := _EXCERPT.match(detail)):
        return words[0], EXCERPT_WORDS[found.group(1)]
    if verdict == "truncated" and detail and _INSIDE.match(detail):
        return words[0], INSIDE_WORDS
    if verdict == "truncated" and detail and _ADDED.match(detail):
        return "Quoted faithfully, with words added", ADDED_WORDS
    return words


def cut_words(notes: list[str]) -> str:
    """What a reader does with a quote whose notes (quotes.cuts_to_read) are these: read
    what the cut takes, or, when every note is a bracket's (nothing cut), what the bracket
    stands for."""
    if notes and all(_BRACKET_NOTE.fullmatch(note) or _ADDED_NOTE.fullmatch(note)
                     for note in notes):
        return BRACKET_WORDS
    return CUT_WORDS


def _languages(codes: str) -> str:
    names = [LANGUAGE_NAMES.get(code.strip().lower(), code.strip())
             for code in codes.split(",") if code.strip()]
    return " and ".join(names) or "another language"


def explain(check: dict) -> None:
    """A verification (with `verdict`, `findings` and `details` read) said in words, in
    place: `reason`, the verdict's detail; `said`, every other finding as
    {name, label, text}; `recorded`, every finding and detail as the archive holds them."""
    verdict, details = check["verdict"], check.get("details") or {}
    check["reason"] = plain_detail(verdict, details.get(verdict))
    check["said"] = [{"name": name, "label": FINDING_WORDS.get(name, name.replace("_", " ")),
                      "text": plain_detail(name, details.get(name))}
                     for name in check.get("findings") or [] if name != verdict]
    for name in ("matched", "candidates"):
        if details.get(name):
            check["said"].append({"name": name, "label": {"matched": "Which post",
                                                          "candidates": "Which post"}[name],
                                  "text": plain_detail(name, details[name])})
    names = [verdict, *[n for n in check.get("findings") or [] if n != verdict],
             *[n for n in details if n not in (check.get("findings") or []) and n != verdict]]
    check["recorded"] = [(name, details.get(name, "")) for name in names]


def post_name(post_id: str | None) -> str:
    """A post as a reader knows it: X's id, or (a post known only from an article's
    text, whose archive key is "text:<hash>") words saying there is none."""
    if not post_id:
        return ""
    if str(post_id).startswith("text:"):
        return "(no id shown)"
    return str(post_id)


def text_direction(text: str | None) -> str:
    """The direction a text runs, by its first strong character (as dir="auto" decides
    it, but for an element whose children set their own: a table cell, a title): "rtl"
    for Arabic, Hebrew and the like, "ltr" for Latin and the like, "auto" when none."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


def sentence(text: str | None) -> str:
    """The text with its first letter upper-case and the rest as written (Jinja's
    `capitalize` lower-cases the rest: "X's copy" became "x's copy")."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def context() -> dict:
    """The words every page and the report's template use."""
    return {"verdict_words": VERDICT_WORDS, "finding_words": FINDING_WORDS,
            "reason_words": REASON_WORDS, "found_words": FOUND_WORDS, "hidden_words": HIDDEN_WORDS,
            "status_words": STATUS_WORDS, "source_words": SOURCE_WORDS, "asked_words": ASKED_WORDS,
            "claim_words": CLAIM_WORDS, "post_name": post_name, "dir_of": text_direction,
            "sentence": sentence, "misquotes_said": misquotes_said,
            "in_the_prose": IN_THE_PROSE, "in_prose": IN_PROSE,
            "cuts_to_read_title": CUTS_TO_READ, "cut_words": CUT_WORDS,
            "cut_words_for": cut_words}


#: A link, an @mention or a hashtag of a left-to-right script in a post's or quote's text:
#: shown as one left-to-right unit, as X's clients show them (its widget writes each with
#: dir="ltr"). Inside right-to-left text, a link with Arabic or Hebrew in its path or query
#: was laid out in pieces ("id=7?2025/تقرير/https://example.org"), and "#Oman" drawn
#: "Oman#". A hashtag in Arabic or Hebrew letters runs right to left with its text.
_LTR_UNIT_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+"
                          r"|(?<![\w@./-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/[^\s<>\"]*"  # X's display_url
                          r"|(?<![\w@])@\w{1,20}\b"
                          r"|(?<![\w#&])#[A-Za-z0-9_\u00c0-\u024f]*[A-Za-z\u00c0-\u024f][A-Za-z0-9_"
                          r"\u00c0-\u024f]*")
#: What ends a sentence after a link is not the link's.
_AFTER_LINK = ".,;:!?)]}»”’\"'…،؟؛۔"


def ltr_units(text):
    """`text`, escaped, with each link, @mention and Latin hashtag in a left-to-right
    isolate (<bdi dir="ltr">)."""
    from markupsafe import Markup, escape

    if not text:
        return text
    out, at = [], 0
    for match in _LTR_UNIT_RE.finditer(text):
        start, end = match.span()
        while end > start + 1 and text[end - 1] in _AFTER_LINK and not (
                text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end)):
            end -= 1  # (a link's own balanced ")" stays: Mercury_(planet))
        out.append(escape(text[at:start]))
        out.append(Markup('<bdi dir="ltr">') + escape(text[start:end]) + Markup("</bdi>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)

