"""Verification: what an article shows against what X served. Pure: no network, no SQL.

`verify_quote(quote, version, newest, state)` gives every finding that holds and one
primary verdict, by PRECEDENCE:

    author_mismatch > altered > unavailable > edited > date_mismatch
        > source_truncated > truncated > match > unverifiable

A misattribution or a misquote is what a reader most needs to know, so it leads even when
the post has since been deleted; a faithful quote of a deleted post reads "unavailable".
Informational findings (author_renamed) never lead.

The records are NamedTuples: built once per embed, a frozen dataclass's __init__ cost
more than the comparison itself (bench/verify.py).

Texts are compared after `textnorm.canonical_text` (entities, NFC, whitespace, quotes,
t.co links expanded, media links dropped) and `textnorm.comparable` (Arabic marks and
letter variants, Turkish-aware case). The similarity score is rapidfuzz's normalised
Indel ratio (0-100) and the diff its Levenshtein opcodes over the canonical texts.
"""

from __future__ import annotations

import json
from typing import NamedTuple
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from . import store
from .dates import parse_shown_date
from .ids import snowflake_date
from .textnorm import canonical_text, comparable

#: Stored with every verification, so old verdicts can be told from new rules' ones.
VERIFIER_VERSION = "1"
PRECEDENCE = ("author_mismatch", "altered", "unavailable", "edited", "date_mismatch",
              "source_truncated", "truncated", "match", "unverifiable")
#: Findings that are reported but never the verdict.
INFORMATIONAL = ("author_renamed",)
_RANK = frozenset(PRECEDENCE)
#: Days the shown date may differ from the creation date: embeds show the UTC date, but
#: hand-made copies use local time.
DATE_TOLERANCE_DAYS = 1
#: A plain-text embed (no id) is taken to show an archived post when the handle and date
#: agree and the texts are at least this similar (or the quote is a prefix of the post).
MATCH_THRESHOLD = 80.0


class Quote(NamedTuple):
    """What the article shows for one post (an embeds row)."""

    post_id: str | None
    text: str | None
    handle: str | None = None
    author_name: str | None = None
    shown_date: str | None = None
    fetched_at: str | None = None  # when the article was fetched


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
    urls: tuple[tuple[str, str], ...] = ()
    edit_ids: tuple[str, ...] = ()
    source_truncated: bool = False
    reply: bool = False
    fetched_at: str | None = None


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
                 state: PostState) -> Verification:
    """All findings for one embed, and the primary verdict.

    Args:
        quote: what the article shows.
        version: X's copy nearest the article's fetch time (what it could have quoted).
        newest: X's newest copy (edits and deletions since).
        state: the post's status and its author's known handles.
    """
    findings: dict[str, str] = {}
    score, diff = None, ()
    if state.status == "unavailable":
        since = f" since {state.status_since}" if state.status_since else ""
        findings["unavailable"] = f"X no longer serves it ({state.reason or 'unknown'}){since}"
    if version is None:
        why = ("the article shows no id and no archived post matches"
               if not quote.post_id else "X has not answered for this post yet")
        if state.status == "unavailable":
            why = "nothing of the post was archived before it became unavailable"
        findings["unverifiable"] = why
        return _conclude(findings, None, (), None, None)

    if quote.text:
        kind, score, diff, detail = compare_texts(quote.text, version)
        findings[kind] = detail
    _check_author(quote, version, state, findings)
    _check_date(quote, version, findings)
    latest = newest or version
    if len(latest.edit_ids) > 1 and quote.post_id and latest.edit_ids[-1] != quote.post_id:
        findings["edited"] = f"X shows a newer edit of the post: {latest.edit_ids[-1]}"
    if not quote.text and not any(k in findings for k in PRECEDENCE[:5]):
        findings["unverifiable"] = "the article shows no text for this post"
    return _conclude(findings, score, diff, version.version_id,
                     newest.version_id if newest else version.version_id)


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


def compare_texts(quoted: str, version: Version) -> tuple[str, float, tuple[dict, ...], str]:
    """(match | truncated | source_truncated | altered, similarity 0-100, diff, detail)."""
    urls, lang = version.urls, version.lang
    shown = canonical_text(quoted, urls, drop_reply_mentions=version.reply)
    post = canonical_text(version.text, urls)
    core = _without_ellipsis(shown)
    ellipsis = core is not shown
    if version.source_truncated:
        post = _without_ellipsis(post)
    q, p = comparable(core, lang), comparable(post, lang)
    if q == p:
        if ellipsis and version.source_truncated:
            return "truncated", 100.0, (), (
                "a faithful prefix cut with an ellipsis; X's own copy of this long post is "
                "cut at the same place")
        return "match", 100.0, (), "the quote is the post's text"
    if ellipsis and p.startswith(q):
        return "truncated", 100.0, (), (
            f"a faithful prefix: {len(core)} of {len(post)} characters, cut with an ellipsis")
    if version.source_truncated and q.startswith(p):
        return "source_truncated", 100.0, (), (
            f"X served a cut long post ({len(post)} characters); the quote's first "
            f"{len(post)} agree and the rest cannot be checked against X")
    # Compare what both show: the quote's shown part against as much of the post.
    if ellipsis:
        p_cmp, post_cmp = p[: len(q)], post[: len(core)]
    elif version.source_truncated:
        q, core = q[: len(p)], core[: len(post)]
        p_cmp, post_cmp = p, post
    else:
        p_cmp, post_cmp = p, post
    score = round(fuzz.ratio(q, p_cmp), 1)
    diff = text_diff(core, post_cmp, lang)
    return "altered", score, diff, (
        f"differs from the post beyond normalisation (similarity {score:.1f}, "
        f"{len(diff)} change{'s' if len(diff) != 1 else ''})")


#: Changes closer than this many equal characters are reported as one ("long" -> "short",
#: not three single-letter edits).
_DIFF_MERGE_GAP = 3


def text_diff(quoted: str, post: str, lang: str | None = None) -> tuple[dict, ...]:
    """Changes from the quote to the post ({op, at, quote, post}; `at` indexes the quote),
    ignoring those that normalise away."""
    spans: list[list[int]] = []  # [quote start, quote end, post start, post end]
    for op in Levenshtein.opcodes(quoted, post):
        if op.tag == "equal":
            continue
        if spans and op.src_start - spans[-1][1] <= _DIFF_MERGE_GAP \
                and op.dest_start - spans[-1][3] <= _DIFF_MERGE_GAP:
            spans[-1][1], spans[-1][3] = op.src_end, op.dest_end
        else:
            spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    changes = []
    for q0, q1, p0, p1 in spans:
        was, now = quoted[q0:q1], post[p0:p1]
        if comparable(was, lang) == comparable(now, lang):
            continue
        op = "replace" if was and now else ("delete" if was else "insert")
        changes.append({"op": op, "at": q0, "quote": was, "post": now})
    return tuple(changes)


def _check_author(quote: Quote, version: Version, state: PostState, findings: dict) -> None:
    shown = (quote.handle or "").lstrip("@").lower()
    actual = (version.handle or "").lower()
    if shown and actual and shown != actual:
        if shown in state.handles:
            findings["author_renamed"] = (
                f"shown as @{quote.handle}, the same account (user {version.author_id}) is "
                f"now @{version.handle}")
        else:
            findings["author_mismatch"] = f"shown as @{quote.handle}, the post is by @{version.handle}"
            return
    if quote.author_name and version.author_name and quote.author_name != version.author_name:
        name = comparable(canonical_text(quote.author_name), version.lang)
        known = {comparable(canonical_text(n), version.lang)
                 for n in (version.author_name, *state.names)}
        if name not in known:
            findings["author_mismatch"] = (
                f"shown as {quote.author_name!r}, X names the author {version.author_name!r}")


def _check_date(quote: Quote, version: Version, findings: dict) -> None:
    shown = parse_shown_date(quote.shown_date) if quote.shown_date else None
    created = snowflake_date(quote.post_id) if quote.post_id else None
    if created is None and version.created_at:
        created = version.created_at[:10]
    if not shown or not created:
        return
    days = abs((date.fromisoformat(shown) - date.fromisoformat(created)).days)
    if days > DATE_TOLERANCE_DAYS:
        findings["date_mismatch"] = f"shows {shown} ({quote.shown_date}), posted {created}"


def _without_ellipsis(text: str) -> str:
    """The text without a closing "…" or "..." (the same object when there is none)."""
    if text.endswith("…"):
        return text[:-1].rstrip()
    if text.endswith("..."):
        return text[:-3].rstrip()
    return text


def text_similarity(quoted: str, post: str, lang: str | None = None) -> float:
    """0-100: how much of a quote (an ellipsis allowed) a post's text bears out."""
    shown = canonical_text(quoted)
    core = _without_ellipsis(shown)
    ellipsis = core is not shown
    q = comparable(core, lang)
    p = comparable(canonical_text(post), lang)
    if ellipsis and p.startswith(q):
        return 100.0
    return fuzz.ratio(q, p[: len(q)] if ellipsis else p)


# --- the archive ----------------------------------------------------------------------------


def _json_list(value: str | None) -> list:
    if not value or value == "[]":
        return []
    if value.startswith('["') and value.endswith('"]') and '"' not in value[2:-2] \
            and "\\" not in value:
        return [value[2:-2]]  # one plain string, as edit_ids nearly always is
    return json.loads(value)


def _version_of(record: dict) -> Version:
    return Version(
        version_id=record["id"], source=record["source"], text=record["text"] or "",
        handle=record["handle"], author_name=record["author_name"],
        author_id=record["author_id"], created_at=record["created_at"], lang=record["lang"],
        urls=tuple(tuple(u) for u in _json_list(record["urls"])),
        edit_ids=tuple(_json_list(record["edit_ids"])),
        source_truncated=bool(record["source_truncated"]),
        reply=bool(record["reply_to_post_id"]), fetched_at=record["fetched_at"],
    )


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


def verify_archive(db, *, article_url: str | None = None, post_id: str | None = None,
                   since: str | None = None, checked_at: str, record: bool = True) -> list[dict]:
    """Verify the embeds of each article's latest fetch; record and return the results.

    Reads through `store` and never fetches: a re-check (fetching X again first) is the
    caller's job (pipeline.recheck_posts).
    """
    embeds = store.embeds_to_verify(db, article_url=article_url, post_id=post_id, since=since)
    matched: dict[int, str] = {}
    for embed in embeds:
        if not embed["has_x_id"] and embed["handle"] and embed["date"] and embed["quoted_text"]:
            found = _find_archived_post(db, embed)
            if found:
                matched[embed["embed_id"]] = found
    ids = {matched.get(e["embed_id"]) or (e["post_id"] if e["has_x_id"] else None)
           for e in embeds}
    ids.discard(None)
    versions = {pid: [_version_of(r) for r in rows]
                for pid, rows in store.x_versions(db, ids).items()}
    states = {pid: PostState(pid, info["status"], info["reason"], info["status_since"],
                             info["handles"], info["names"])
              for pid, info in store.post_states(db, ids).items()}
    unknown = PostState(None, "unidentified")
    results = []
    for embed in embeds:
        pid = matched.get(embed["embed_id"]) or (embed["post_id"] if embed["has_x_id"] else None)
        post_versions = versions.get(pid, ())
        quote = Quote(pid, embed["quoted_text"], embed["handle"], embed["author_name"],
                      embed["shown_date"], embed["fetched_at"])
        result = verify_quote(quote, nearest_version(post_versions, embed["fetched_at"]),
                              post_versions[-1] if post_versions else None,
                              states.get(pid, unknown))
        if embed["embed_id"] in matched:
            result.details.setdefault(
                "matched", f"no id shown; matched to archived post {pid} by handle, date and text")
        results.append({
            "embed_id": embed["embed_id"], "article_id": embed["article_id"],
            "article_url": embed["article_url"], "post_id": pid, "checked_at": checked_at,
            "verdict": result.verdict, "findings": list(result.findings),
            "details": result.details, "score": result.score, "diff": list(result.diff),
            "post_version_id": result.version_id, "newest_version_id": result.newest_version_id,
            "handle": embed["handle"], "verifier_version": VERIFIER_VERSION,
        })
    if record:
        store.record_verifications(db, [
            {**r, "findings": json.dumps(r["findings"]),
             "details": json.dumps(r["details"], ensure_ascii=False),
             "diff": json.dumps(r["diff"], ensure_ascii=False) if r["diff"] else None,
             "post_id": r["post_id"] if r["post_id"] else None}
            for r in results])
    return results


def _find_archived_post(db, embed: dict) -> str | None:
    """For a plain-text embed without an id: the archived post by the same handle within a
    day of the shown date whose text the quote matches best (>= MATCH_THRESHOLD)."""
    candidates = store.posts_by_handle_near(db, embed["handle"], embed["date"],
                                            DATE_TOLERANCE_DAYS)
    if not candidates:
        return None
    best, best_score = None, MATCH_THRESHOLD
    for pid, rows in store.x_versions(db, candidates).items():
        for row in rows:
            score = text_similarity(embed["quoted_text"], row["text"] or "", row["lang"])
            if score >= best_score:
                best, best_score = pid, score
    return best


def check_prose_quotes(db, *, article_url: str | None = None, post_id: str | None = None,
                       since: str | None = None, checked_at: str,
                       record: bool = True) -> list[dict]:
    """Find quotes in each article's prose attributed to authors it embeds, and check them
    against those authors' archived posts (archiver.quotes)."""
    from .quotes import Author, article_paragraphs, check_claim, find_claims

    results = []
    for article in store.articles_for_claims(db, article_url=article_url, post_id=post_id,
                                             since=since):
        if article["body"] is None:
            continue
        authors = list({h.lower(): Author(h, n) for h, n in article["authors"] if h}.values())
        if not authors:
            continue
        source = article["requested_url"] or article["url"]
        paragraphs = article_paragraphs(article["body"], source, article["content_type"])
        texts: dict[str, list] = {}
        for claim in find_claims(paragraphs, authors):
            if claim.handle not in texts:
                texts[claim.handle] = store.author_post_texts(db, claim.handle)
            outcome = check_claim(claim, texts[claim.handle], article["lang"])
            results.append({
                "article_id": article["article_id"], "fetch_id": article["fetch_id"],
                "article_url": article["url"], "handle": claim.handle,
                "sentence": claim.sentence, "quote": claim.quote, "result": outcome.result,
                "post_id": outcome.post_id, "score": outcome.score, "detail": outcome.detail,
                "checked_at": checked_at, "verifier_version": VERIFIER_VERSION,
            })
    if record:
        store.record_claims(db, results)
    return results
