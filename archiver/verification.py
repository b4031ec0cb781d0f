"""The verify stage: each embed of an article against X's copies of its post, recorded.

Reads the archive through `store`, judges with the pure rules of `archiver.verify`, and
appends `verifications` rows (and `quote_claims` rows for quotes in an article's prose).
It never fetches: a re-check (asking X again) is the pipeline's job, and `archive` and
`run` call this stage for whatever they archived or re-checked.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field, replace

from . import store
from .compare import Attachments, opens_with_addressees
from .extract.text import MD_LINK_RE
from .gcpause import no_cycle_collection
from .integrity import Problem
from .plural import IN_PROSE, IN_THE_PROSE, counted, cuts_to_read_said, misquotes_said
from .quotes import prose_cuts_to_read
from .verify import (DATE_TOLERANCE_DAYS, MATCH_MARGIN, MATCH_THRESHOLD, MISQUOTES,
                     VERIFIER_VERSION, PostState, Quote, Version, compare_texts,
                     cuts_to_read_of, nearest_version, newer_edit_said, text_similarity,
                     verify_quote)


def _json_list(value: str | None) -> list:
    if not value or value == "[]":
        return []
    if value.startswith('["') and value.endswith('"]') and '"' not in value[2:-2] \
            and "\\" not in value:
        return [value[2:-2]]  # one plain string, as edit_ids nearly always is
    return json.loads(value)


def _attachments(record: dict):
    quoted = record.get("quoted_post_id")
    if not quoted and record["media"] in (None, "", "[]"):
        return False
    handle = (record.get("handle") or "").lower()
    return Attachments(frozenset(filter(None, (record.get("post_id"), quoted))),
                       None if quoted or not handle else frozenset((handle,)))


def version_of(record: dict) -> Version:
    """A post_versions row (store.x_versions) as the rules read it."""
    urls = record["urls"]
    return Version(  # positional: a third faster than keywords, 100,000 times a pass
        record["id"], record["source"], record["text"] or "", record["handle"],
        record["author_name"], record["author_id"], record["created_at"], record["lang"],
        tuple(tuple(u) for u in _json_list(urls)) if urls and urls != "[]" else (),
        tuple(_json_list(record["edit_ids"])), bool(record["source_truncated"]),
        bool(record["reply_to_post_id"]), record["fetched_at"],
        # a post quoting another: the embed's link to the quoted post is a t.co that X's
        # entities do not list, as an older archive's media link is; shown by an X address,
        # it must name that post, or the post's own photo (compare.Attachments)
        _attachments(record),
    )


@dataclass
class Tally:
    """Verdicts of one pass, and the checks of quotes in the articles' prose, for a
    one-line summary. A prose quote whose check is 'altered' is a misquote, counted
    with the embeds' and said apart from them (as the web pages say it). A faithful
    excerpt whose detail notes what a cut takes (a "not" left out, a bracket standing for
    other words: quotes.cuts_to_read) is no misquote, and is counted apart as a cut to
    read, as the /misquotes page lists it."""

    by_embed: dict[int, str] = field(default_factory=dict)  # the last verdict of each
    #: (article_id, fetch_id, handle, sentence, quote) -> the prose quote's last result
    by_claim: dict[tuple, str] = field(default_factory=dict)
    articles: set = field(default_factory=set)  # the articles of the embeds verified
    #: the embeds, and the prose quotes (by_claim's keys), whose last check notes a cut
    cut_embeds: set = field(default_factory=set)
    cut_claims: set = field(default_factory=set)

    def add(self, results) -> "Tally":
        for result in results:
            self.by_embed[result["embed_id"]] = result["verdict"]
            self._note_cut(self.cut_embeds, result["embed_id"],
                           cuts_to_read_of(result["verdict"], result.get("details")))
            if result.get("article_id") is not None:
                self.articles.add(result["article_id"])
        return self

    def add_claims(self, claims) -> "Tally":
        """The prose quotes checked (check_prose_quotes' results)."""
        for claim in claims:
            key = (claim["article_id"], claim["fetch_id"], claim["handle"], claim["sentence"],
                   claim["quote"])
            self.by_claim[key] = claim["result"]
            self._note_cut(self.cut_claims, key,
                           prose_cuts_to_read(claim["result"], claim.get("detail")))
        return self

    @staticmethod
    def _note_cut(cuts: set, key, notes) -> None:
        if notes:
            cuts.add(key)
        else:
            cuts.discard(key)  # a later check of the same quote says otherwise

    def settle(self, db) -> "Tally":
        """Take each embed's newest recorded verdict: passes that ran at once (threads)
        may have added their results here out of order; and the newest check of each
        prose quote of those embeds' articles, for the current copy of each (the pipeline
        checks them beside the embeds, and returns only the embeds'). Only the current
        copies' embeds and quotes count."""
        for embed_id, (verdict, details) in store.newest_verdicts(
                db, self.by_embed, with_details=True).items():
            self.by_embed[embed_id] = verdict
            self._note_cut(self.cut_embeds, embed_id,
                           cuts_to_read_of(verdict, json.loads(details) if details else {}))
        # ...of the articles' current copies: an embed of a copy a newer one replaced in
        # the same pass (two captures of a page in one WARC) is no article's now
        current = store.current_embeds(db, self.by_embed)
        self.by_embed = {k: v for k, v in self.by_embed.items() if k in current}
        self.cut_embeds &= current
        articles = sorted(self.articles | {k[0] for k in self.by_claim})
        newest = store.newest_claims(db, articles, with_detail=True)
        copy = store.current_copies(db, articles)
        self.by_claim = {key: result for key, (result, *_) in newest.items()
                         if key[1] == copy.get(key[0])}
        self.cut_claims = {key for key in self.by_claim
                           if prose_cuts_to_read(newest[key][0], newest[key][3])}
        return self

    @property
    def claims(self) -> dict[str, int]:
        counted_: dict[str, int] = {}
        for result in self.by_claim.values():
            counted_[result] = counted_.get(result, 0) + 1
        return counted_

    @property
    def prose_misquotes(self) -> int:
        return self.claims.get("altered", 0)

    @property
    def verdicts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for verdict in self.by_embed.values():
            counted[verdict] = counted.get(verdict, 0) + 1
        return counted

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())

    @property
    def cuts(self) -> int:
        """The quotes, embeds' and prose ones, whose last check notes what a cut takes:
        no misquotes, to be read (quotes.cuts_to_read)."""
        return len(self.cut_embeds) + len(self.cut_claims)

    @property
    def misquotes(self) -> int:
        """The embeds' misquotes and the prose quotes' (`prose_misquotes`) together."""
        return (sum(n for v, n in self.verdicts.items() if v in MISQUOTES)
                + self.prose_misquotes)

    def summary(self) -> str:
        """`verified 3 embeds: 3 match; 0 misquotes`; with prose quotes checked,
        `verified 3 embeds: 3 match; 1 quote in the article's prose: 1 altered;
        1 misquote (in the article's prose)`; with a faithful excerpt whose cut the
        detail notes, `…; 0 misquotes, 1 cut to read`."""
        if not self.total and not self.by_claim:
            return "verified nothing new"
        said = f"verified {counted(self.total, 'embed')}"
        if self.total:
            said += ": " + ", ".join(f"{n} {v}" for v, n in sorted(self.verdicts.items()))
        where = IN_THE_PROSE if len({k[0] for k in self.by_claim}) == 1 else IN_PROSE
        if self.by_claim:
            said += (f"; {counted(len(self.by_claim), 'quote')} in {where}: "
                     + ", ".join(f"{n} {r}" for r, n in sorted(self.claims.items())))
        return (said + "; " + misquotes_said(self.misquotes, self.prose_misquotes, where,
                                             zero="0 misquotes")
                + cuts_to_read_said(self.cuts, lead=", "))


@dataclass(frozen=True)
class Refusal:
    """An evidence row verification would have compared that no longer matches the
    evidence chain (store.rows_failing_chain): not used, and the embeds that needed it
    not verified."""

    problem: Problem
    embeds: int  # embeds left without a verdict because of it
    prose: int = 0  # quotes in articles' prose left unchecked because of it

    def line(self) -> str:
        problem = self.problem
        said = problem.kind.replace("_", " ")
        left = (counted(self.embeds, 'embed') + " not verified" if self.embeds or not self.prose
                else counted(self.prose, "prose quote") + " not checked")
        return (f"{problem.table} {problem.key} does not match its hash in the evidence chain "
                f"({said}): not used, {left}; run `archiver check`")


def verify_archive(db, *, article_url: str | None = None, post_id: str | None = None,
                   since: str | None = None, article_ids=None, post_ids=None,
                   checked_at: str, record: bool = True, refused: list | None = None,
                   fetch_ids=None) -> list[dict]:
    """Verify the embeds of each article's current copy; record and return the results.

    Every row compared — each embed (the article's side) and each of X's versions read
    (the post's side, a matched candidate's included) — is first checked against the
    evidence chain (store.rows_failing_chain, each row once per pass). A row that fails
    is not used: an embed that fails, or that needs a version that fails, gets no verdict
    and no verifications row; each such row is a Refusal, added to `refused`.

    Args:
        article_url, post_id, since: as `archiver verify --article/--post/--since`.
        article_ids, post_ids: only the embeds of these articles, or of these posts (the
            pipeline's scope: what a run archived or re-checked); both given: either.
        refused: a list to add a Refusal to for each row that fails its hash.
        fetch_ids: the embeds of these copies of articles instead of the current ones (an
            earlier copy, stored as evidence: its verdicts are recorded, never counted as
            an article's now).
    """
    with no_cycle_collection():
        return _verify_archive(db, article_url=article_url, post_id=post_id, since=since,
                               article_ids=article_ids, post_ids=post_ids,
                               checked_at=checked_at, record=record,
                               refused=refused if refused is not None else [],
                               fetch_ids=fetch_ids)


def _verify_archive(db, *, article_url, post_id, since, article_ids, post_ids, checked_at,
                    record, refused, fetch_ids=None) -> list[dict]:
    embeds = store.embeds_to_verify(db, article_url=article_url, post_id=post_id, since=since,
                                    article_ids=article_ids, post_ids=post_ids,
                                    fetch_ids=fetch_ids)
    matched: dict[int, str] = {}
    ambiguous: dict[int, list[tuple[str, float]]] = {}
    read: dict[int, str] = {}  # every version compared: its post
    compared: dict[int, set[str]] = {}  # a plain-text embed: the posts it was compared with
    for embed in embeds:
        days = [embed["date"]]
        if not embed["has_x_id"] and not embed["date"] and embed["shown_date"]:
            days = _yearless_days(embed)  # "Oct 12": this year's, or last year's
        if not embed["has_x_id"] and embed["handle"] and days and days[0] and embed["quoted_text"]:
            seen: dict[int, str] = {}
            for day in days:
                embed["date"] = day
                found, candidates = find_archived_post(db, embed, read=seen)
                if found or candidates:
                    break
            read.update(seen)
            compared[embed["embed_id"]] = set(seen.values())
            if found:
                matched[embed["embed_id"]] = found
            elif candidates:
                ambiguous[embed["embed_id"]] = candidates
    ids = {matched.get(e["embed_id"]) or (e["post_id"] if e["has_x_id"] else None)
           for e in embeds}
    ids.discard(None)
    x_rows = store.x_versions(db, ids)
    # an edited post's other versions, each under its own id: an article may show any
    chains = store.edit_chains(db, ids)
    other_versions = {i for chain in chains.values() for i in chain} - x_rows.keys()
    if other_versions:
        x_rows.update(store.x_versions(db, other_versions))
    read.update((row["id"], pid) for pid, rows in x_rows.items() for row in rows)
    failing = store.rows_failing_chain(db, {"embeds": [e["embed_id"] for e in embeds],
                                            "post_versions": read})
    if failing:
        embeds, x_rows = _without_failing(embeds, x_rows, failing, read, matched, compared,
                                          refused)
    versions = {pid: [version_of(r) for r in rows] for pid, rows in x_rows.items()}
    states = {pid: PostState(pid, info["status"], info["reason"], info["status_since"],
                             info["handles"], info["names"])
              for pid, info in store.post_states(db, ids).items()}
    unknown = PostState(None, "unidentified")
    results = []
    for embed in embeds:
        pid = matched.get(embed["embed_id"]) or (embed["post_id"] if embed["has_x_id"] else None)
        post_versions = versions.get(pid, ())
        quote = Quote(pid, embed["quoted_text"], embed["handle"], embed["author_name"],
                      embed["shown_date"], embed["fetched_at"], date_language(embed),
                      media=tuple(_json_list(embed.get("media"))))
        version = nearest_version(post_versions, embed["fetched_at"])
        if version is not None and embed.get("raw_text"):
            # a plain-text embed's text may begin on a line above the one read
            wider = _wider_text(embed, version)
            if wider is not None:
                embed = dict(embed, quoted_text=wider)
                quote = quote._replace(text=wider)
        if version is not None and version.source != "syndication" and "t.co/" in version.text:
            version = with_article_links(db, embed["embed_id"], version)
        if version is not None and version.urls and embed.get("form") in ("blockquote",
                                                                           "text-embed"):
            quote = quote._replace(links=article_links(db, embed["embed_id"]))
        if (version is not None and version.reply and version.source == "syndication"
                and opens_with_addressees(embed["quoted_text"] or "")):
            version = with_reply_prefix(db, version)
        chain = chains.get(pid, ())
        edits = tuple(versions[other][-1]._replace(post_id=other) for other in chain
                      if other != pid and versions.get(other))
        result = verify_quote(quote, version, post_versions[-1] if post_versions else None,
                              states.get(pid, unknown), edits, chain)
        details = dict(result.details or {})
        if "source_truncated" in details and quote.text:
            mirrored = _mirror_said(db, pid, quote, version)
            if mirrored:
                details["source_truncated"] += mirrored
        if embed["embed_id"] in matched:
            details["matched"] = (
                f"no id shown; matched to archived post {pid} by handle, date and text"
                if "date_mismatch" not in result.findings else
                f"no id shown; matched to archived post {pid} by handle and text (the only "
                "post of the author's that has its words, within a month of the date shown)")
        elif embed["embed_id"] in ambiguous:
            named = ", ".join(f"{c} ({s:.0f})" for c, s in ambiguous[embed["embed_id"]])
            details["unverifiable"] = (
                "the article shows no id, and no archived post by @"
                f"{embed['handle']} within a day is clearly the one quoted: {named}")
            details["candidates"] = named
        results.append({
            "embed_id": embed["embed_id"], "article_id": embed["article_id"],
            "article_url": embed["article_url"], "post_id": pid, "checked_at": checked_at,
            "verdict": result.verdict, "findings": list(result.findings),
            "details": details, "score": result.score, "diff": list(result.diff),
            "post_version_id": result.version_id, "newest_version_id": result.newest_version_id,
            "handle": embed["handle"], "verifier_version": VERIFIER_VERSION,
        })
    if record:
        record_results(db, results)
    if results and log.isEnabledFor(logging.INFO):  # -v
        log.info("verified %d embed%s of %d article%s", len(results),
                 "" if len(results) == 1 else "s", len({r["article_id"] for r in results}),
                 "" if len({r["article_id"] for r in results}) == 1 else "s")
    return results


def _mirror_said(db, pid, quote, version) -> str:
    """For a quote that goes on past X's cut of a long post: what the full text a
    third-party mirror served says of the rest (the mirror is never X: said, not judged),
    as the tail of the source_truncated detail; "" when no mirror copy is archived, it
    holds no more than X's cut copy, or it fails its hash."""
    record = store.mirror_versions(db, [pid]).get(pid) if pid else None
    if record is None or store.rows_failing_chain(db, {"post_versions": {record["id"]}}):
        return ""
    mirror = version_of(record)._replace(source_truncated=False)
    if version is not None and len(mirror.text) <= len(version.text or ""):
        return ""  # the mirror has no more than X's cut copy: nothing past the cut
    findings, _score, diff = compare_texts(quote.text, mirror, quote.media)
    name = f"a third-party mirror's full text ({record['source']}, not X's)"
    if "altered" not in findings:
        return f"; {name} has the rest as quoted"
    changes = "; ".join(f"“{d['quote']}” where it has “{d['post']}”" if d["quote"] and d["post"]
                        else (f"“{d['quote']}” it does not have" if d["quote"]
                              else f"leaves out “{d['post']}”") for d in list(diff)[:3])
    return f"; {name} differs from the quote: " + (changes or findings["altered"])


def _without_failing(embeds, x_rows, failing, read, matched, compared, refused):
    """The embeds and X's versions left once the rows that fail their hash are taken out:
    an embed that fails, or whose post (or a post it was compared with to find its post)
    has a version that fails, is not verified. Adds one Refusal per failing row."""
    bad_embeds = {int(p.key) for p in failing if p.table == "embeds"}
    bad_posts: dict[str, list[Problem]] = {}
    for problem in failing:
        if problem.table == "post_versions":
            bad_posts.setdefault(read.get(int(problem.key)), []).append(problem)
    left, held = [], {id(p): 0 for p in failing}
    by_embed = {int(p.key): p for p in failing if p.table == "embeds"}
    for embed in embeds:
        embed_id = embed["embed_id"]
        pid = matched.get(embed_id) or (embed["post_id"] if embed["has_x_id"] else None)
        posts = {pid} | compared.get(embed_id, set())
        blocking = [p for post in posts for p in bad_posts.get(post, ())]
        if embed_id in bad_embeds:
            blocking.append(by_embed[embed_id])
        if not blocking:
            left.append(embed)
        for problem in blocking:
            held[id(problem)] += 1
    refused.extend(Refusal(p, held[id(p)]) for p in failing)
    return left, {pid: rows for pid, rows in x_rows.items() if pid not in bad_posts}


def record_results(db, results: list[dict]) -> None:
    """Append verify_archive's results to the verifications table."""
    store.record_verifications(db, [
        {**r, "findings": json.dumps(r["findings"]),
         "details": json.dumps(r["details"], ensure_ascii=False),
         "diff": json.dumps(r["diff"], ensure_ascii=False) if r["diff"] else None,
         "post_id": r["post_id"] if r["post_id"] else None}
        for r in results])


def finding_of(result: dict) -> tuple:
    """What a verification found, apart from when: two results with the same finding are
    the same check of the same evidence."""
    return (result["post_id"], result["verdict"], tuple(result["findings"]),
            json.dumps(result["details"], sort_keys=True, ensure_ascii=False),
            result["score"], json.dumps(result["diff"], ensure_ascii=False),
            result["post_version_id"], result["newest_version_id"], result["verifier_version"])


def newest_findings(db, embed_ids) -> dict[int, tuple]:
    """{embed id: finding_of its newest recorded verification}, for these embeds."""
    ids = sorted(set(embed_ids))
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in db.execute(
                f"""SELECT v.embed_id, v.post_id, v.verdict, v.findings, v.details, v.score,
                           v.diff, v.post_version_id, v.newest_version_id, v.verifier_version
                    FROM verifications v WHERE v.id IN (
                        SELECT max(id) FROM verifications
                        WHERE embed_id IN ({','.join('?' * len(chunk))}) GROUP BY embed_id)""",
                chunk).fetchall():
            found[row[0]] = finding_of({
                "post_id": row[1], "verdict": row[2], "findings": json.loads(row[3]),
                "details": json.loads(row[4]) if row[4] else {}, "score": row[5],
                "diff": json.loads(row[6]) if row[6] else [], "post_version_id": row[7],
                "newest_version_id": row[8], "verifier_version": row[9]})
    return found


log = logging.getLogger(__name__)

_TCO_ANCHOR_RE = re.compile(
    r"""<a\s[^>]*?href\s*=\s*["'](https?://t\.co/[A-Za-z0-9]+)["'][^>]*>(.*?)</a\s*>""",
    re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")


def with_reply_prefix(db, version: Version) -> Version:
    """A reply's copy with the @mentions X hid before its display range, read from X's
    answer as stored: an embed showing the reply opening with other mentions is then no
    faithful copy of it (compare.reply_pair)."""
    from .resolve.syndication import hidden_mentions

    row = db.execute("SELECT raw FROM post_versions WHERE id = ?",
                     (version.version_id,)).fetchone()
    hidden = hidden_mentions(row[0]) if row and row[0] else None
    return version._replace(reply_prefix=hidden) if hidden is not None else version


def with_article_links(db, embed_id: int, version: Version) -> Version:
    """A copy of X's that names no link (oEmbed's markup shows each link as its t.co) with
    the links of the article's embed that X's text holds: the article's <a href="t.co/…">
    shows that very link by another face (its display URL, from an older embed code)."""
    row = db.execute("SELECT raw_html FROM embeds WHERE id = ?", (embed_id,)).fetchone()
    if not row or not row[0] or "t.co/" not in row[0]:
        return version
    # the links X named by more than their t.co (oEmbed's markup names none)
    known = {entry[0] for entry in version.urls if entry and (
        (len(entry) > 1 and entry[1]) or (len(entry) > 2 and entry[2] and entry[2] != entry[0]))}
    extra = []
    for match in _TCO_ANCHOR_RE.finditer(row[0]):
        tco = match.group(1)
        shown = html.unescape(_TAG_RE.sub("", match.group(2))).strip()
        path = tco.split("t.co/", 1)[1]
        if tco in known or path not in version.text or not shown or shown == tco:
            continue
        known.add(tco)
        extra.append((tco, None, shown))
    return version._replace(urls=version.urls + tuple(extra)) if extra else version


_ANCHOR_RE = re.compile(r"""<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>(.*?)</a\s*>""",
                        re.IGNORECASE | re.DOTALL)


def article_links(db, embed_id: int) -> tuple[tuple[str, str], ...]:
    """The links of an embed's markup: (the text shown, the href), in order."""
    row = db.execute("SELECT raw_html FROM embeds WHERE id = ?", (embed_id,)).fetchone()
    if not row or not row[0]:
        return ()
    if "href" not in row[0]:
        # a Markdown rendering's "[text](url)": a link with the post's face may go elsewhere
        return tuple((m.group(2).strip(), m.group(3)) for m in MD_LINK_RE.finditer(row[0])
                     if not m.group(1)) if "](" in row[0] else ()  # (not an image's)
    return tuple((html.unescape(_TAG_RE.sub("", m.group(3))).strip(), html.unescape(m.group(2)))
                 for m in _ANCHOR_RE.finditer(row[0]))



_DATA_LANG_RE = re.compile(r"""\bdata-lang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)""")


def date_language(embed: dict) -> str | None:
    """The language an embed shows its date in: its markup's data-lang (X localises the
    date by it, X-FORMATS §1.2), else the page's own language."""
    head = embed.get("raw_head") or ""
    found = _DATA_LANG_RE.search(head) if "data-lang" in head else None
    return found.group(1) if found else (embed.get("page_lang") or None)


def lines_above(embed: dict) -> list[str]:
    """A plain-text embed's text taken with more of the lines above it, one line more at a
    time (its `raw` keeps them: where the text starts is ambiguous, X-FORMATS §1.10)."""
    raw, text = embed.get("raw_text"), embed.get("quoted_text") or ""
    if not raw or "\n" not in raw:
        return []
    from .extract.text import TEXT_TAIL_RE

    tail = None
    for tail in TEXT_TAIL_RE.finditer(raw):
        pass
    lines = [line.strip() for line in (raw[:tail.start()] if tail else raw).splitlines()]
    lines = [line for line in lines if line]
    wider = []
    for count in range(2, len(lines) + 1):
        candidate = "\n".join(lines[-count:])
        if len(candidate) > len(text):
            wider.append(candidate)
    return wider


def _wider_text(embed: dict, version) -> str | None:
    """The text of a plain-text embed with the lines above it that X's copy of the post
    begins with, when the text alone is not the post's: the fewest lines that make the
    quote the post's words, or None."""
    quoted = embed["quoted_text"] or ""
    wider = lines_above(embed)
    for candidate in wider:
        label, _, rest = candidate.partition("\n")
        if " ".join(rest.split()) == " ".join(quoted.split()):
            if opens_with_addressees(label) and not label.lstrip().startswith("@"):
                return candidate  # X's "Replying to @a" line, copied with the reply
            break
    findings, _score, _diff = compare_texts(quoted, version)
    if "altered" not in findings:
        return None
    for candidate in wider:
        findings, _score, _diff = compare_texts(candidate, version)
        if "altered" not in findings:
            return candidate
    return None


def _yearless_days(embed: dict) -> list[str]:
    """The days a date shown without its year may name (X's web app shows a post of the
    year its reader is in as "Oct 12"), latest first, none after the article's fetch:
    in the fetch's year and the two before it (a copy made a year or more before the
    article was archived)."""
    from datetime import date as Date

    from .dates import parse_yearless

    found = parse_yearless(embed["shown_date"], embed.get("page_lang"))
    fetched = (embed.get("fetched_at") or "")[:10]
    if found is None or len(fetched) != 10:
        return []
    days = []
    for year in (int(fetched[:4]), int(fetched[:4]) - 1, int(fetched[:4]) - 2):
        try:
            day = Date(year, *found).isoformat()
        except ValueError:
            continue
        if day <= fetched:
            days.append(day)
    return days


def find_archived_post(db, embed: dict, read: dict | None = None
                       ) -> tuple[str | None, list[tuple[str, float]]]:
    """For a plain-text embed without an id: the archived post it shows, when one is
    clearly it — same handle (or an earlier handle of the same account), created within a
    day of the shown date, its text at least MATCH_THRESHOLD similar and MATCH_MARGIN
    ahead of every other candidate (a quote the rules call the same text as exactly one
    candidate is decisive). Returns (post id or None, the candidates considered, best
    first, when none was clearly it)."""
    found, close, exact = _find_near(db, embed, read, DATE_TOLERANCE_DAYS)
    if not exact:
        # no post of that author within a day of the date shown has the text to the
        # letter: a copy with a wrong date is still its post, when exactly one within a
        # month has it (its date is then checked, and found wrong), rather than a post of
        # the day shown with other words
        wide, _close, _exact = _find_near(db, embed, read, WIDE_DAYS, exact_only=True)
        if wide is not None:
            return wide, []
    return found, close


#: How far from a copy's shown date its post may be, where its text is the post's to the
#: letter (find_archived_post).
WIDE_DAYS = 31


def _find_near(db, embed: dict, read: dict | None, days: int, exact_only: bool = False
               ) -> tuple[str | None, list[tuple[str, float]], bool]:
    """find_archived_post within `days` of the shown date; with `exact_only`, only a
    single candidate whose text is the quote's by the rules. Returns (post id or None,
    the candidates when none was clearly it, whether the post found has the quote's
    text by the rules)."""
    candidates = store.posts_by_handle_near(db, embed["handle"], embed["date"], days)
    if not candidates:
        return None, [], False
    rows_of = store.x_versions(db, candidates)
    if read is not None:  # what verify_archive checks against the chain
        for pid, rows in rows_of.items():
            read.update((row["id"], pid) for row in rows)
    versions = {pid: [version_of(row) for row in rows] for pid, rows in rows_of.items()}

    chains = store.edit_chains(db, list(versions))

    def scored(text: str) -> dict[str, float]:
        """Each candidate's best score; the versions of one edited post (one edit chain,
        each version with an id of its own) are one candidate, its best version's."""
        best: dict[frozenset, tuple[str, float]] = {}
        for pid, vs in versions.items():
            score = max(text_similarity(text, v) for v in vs)
            key = frozenset(chains.get(pid) or (pid,))
            if key not in best or score > best[key][1]:
                best[key] = (pid, score)
        return dict(best.values())

    scores = scored(embed["quoted_text"])
    if 100.0 not in scores.values():
        # the text may begin on a line above the one read (a post's own line breaks): the
        # fewest lines that bear it out best are its text, and are what is compared
        for wider in lines_above(embed):
            wider_scores = scored(wider)
            if max(wider_scores.values(), default=0.0) > max(scores.values(), default=0.0):
                scores = wider_scores
                embed["quoted_text"] = wider
            if 100.0 in scores.values():
                break
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    close = [(pid, score) for pid, score in ranked if score >= MATCH_THRESHOLD]
    if not close:
        return None, [], False
    exact = [pid for pid, score in close if score == 100.0]
    if exact_only:
        return (exact[0] if len(exact) == 1 else None), [], len(exact) == 1
    if len(exact) == 1:
        return exact[0], [], True  # the same text by the rules: no near-duplicate is
    if len(exact) > 1:
        # The same words posted twice: the day shown decides, if it names only one.
        same_day = [pid for pid in exact if store.post_date(db, pid) == embed["date"]]
        if len(same_day) == 1:
            return same_day[0], [], True
    else:
        best_id, best = close[0]
        if len(close) == 1 or best - close[1][1] >= MATCH_MARGIN:
            return best_id, [], False
    return None, [(pid, round(score, 1)) for pid, score in close], False


def check_prose_quotes(db, *, article_url: str | None = None, post_id: str | None = None,
                       since: str | None = None, article_ids=None, checked_at: str,
                       record: bool = True, refused: list | None = None) -> list[dict]:
    """Find quotes in each article's prose attributed to authors it embeds, and check them
    against those authors' archived posts (archiver.quotes). An author one of whose copies
    of X's fails the evidence chain is not checked against (no quote of theirs is judged,
    nor recorded): each such row is a Refusal, added to `refused`."""
    from .quotes import Author, article_paragraphs, check_claim, find_claims

    results = []
    author_failing: dict[str, list[Problem]] = {}  # an author's copies that fail the chain
    left: dict[tuple, list] = {}  # a failing row: [its Problem, prose quotes left unchecked]
    for article in store.articles_for_claims(db, article_url=article_url, post_id=post_id,
                                             since=since, article_ids=article_ids):
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
                found: list[Problem] = []
                texts[claim.handle] = store.author_post_texts(db, claim.handle, found)
                if found:
                    texts[claim.handle] = None  # not checked against an edited row
                    author_failing[claim.handle] = found
            if texts[claim.handle] is None:
                for problem in author_failing[claim.handle]:
                    left.setdefault((problem.table, problem.key), [problem, 0])[1] += 1
                continue
            outcome = check_claim(claim, texts[claim.handle], article["lang"])
            if outcome.result in ("not_found", "cross_language") or (
                    outcome.result == "altered" and (outcome.score or 0) < 100):
                # (a passage only like the author's: the words may be another's, whole)
                outcome = _words_of_another(claim, outcome, authors, texts, db, article["lang"])
            if outcome.result not in ("not_found", "cross_language") and outcome.post_id:
                outcome = _gone_since(db, _edited_since(db, outcome))
            results.append({
                "article_id": article["article_id"], "fetch_id": article["fetch_id"],
                "article_url": article["url"], "handle": claim.handle,
                "sentence": claim.sentence, "quote": claim.quote, "result": outcome.result,
                "post_id": outcome.post_id, "score": outcome.score, "detail": outcome.detail,
                "checked_at": checked_at, "verifier_version": VERIFIER_VERSION,
            })
    if record:
        store.record_claims(db, results)
    if refused is not None:
        refused.extend(Refusal(problem, 0, prose=count) for problem, count in left.values())
    return results


def _gone_since(db, outcome):
    """A prose quote found in (or changed from) a post X no longer serves: the detail says
    so, as an embed's `unavailable` finding does (the archived copy is what it was checked
    against)."""
    row = db.execute("SELECT status, unavailable_reason, status_since FROM posts WHERE id = ?",
                     [outcome.post_id]).fetchone()
    if row is None or row[0] != "unavailable":
        return outcome
    found = f"; found so on {row[2]}" if row[2] else ""
    said = (f"X no longer serves the post ({row[1] or 'unknown'}{found}): checked against its "
            "archived copy")
    return replace(outcome, detail=(outcome.detail or "") + "; " + said)


def _edited_since(db, outcome):
    """A prose quote found in (or changed from) a post that its author edited since: the
    detail says so, with what the post reads now (as an embed's `edited` finding does)."""
    # the longest edit history X gave (a history only grows; an answer from oEmbed, or a
    # cached one, names fewer or none)
    row = db.execute("SELECT edit_ids FROM post_versions WHERE post_id = ? AND edit_ids"
                     " IS NOT NULL AND source != 'embed' AND json_valid(edit_ids)"
                     " ORDER BY json_array_length(edit_ids) DESC, id DESC LIMIT 1",
                     [outcome.post_id]).fetchone()
    chain = json.loads(row[0]) if row and row[0] else []
    if len(chain) < 2 or chain[-1] == outcome.post_id:
        return outcome
    newest = db.execute("SELECT v.text, v.urls FROM posts p JOIN post_versions v"
                        " ON v.id = p.latest_version_id WHERE p.id = ?", [chain[-1]]).fetchone()
    said = newer_edit_said(chain[-1], newest[0] if newest else None,
                           json.loads(newest[1] or "[]") if newest else ())
    return replace(outcome, detail=(outcome.detail or "") + "; " + said)


def _outside_quotes(sentence: str) -> str:
    from .quotes import _QUOTED_RE

    return _QUOTED_RE.sub(" ", sentence)


def _words_of_another(claim, outcome, authors, texts, db, lang):
    """A prose quote not in its author's archived posts (or only like a passage of one)
    may be another author's words: an author the article embeds too, whose post has them
    word for word. Said (the words and the post they are), not judged: the author named
    may have posted them as well, in a post never archived."""
    from .quotes import _mentions, check_claim

    for other in authors:
        if other.handle.lower() == claim.handle.lower():
            continue
        if other.handle not in texts:
            texts[other.handle] = store.author_post_texts(db, other.handle)
        theirs = check_claim(replace(claim, handle=other.handle), texts[other.handle], lang)
        if theirs.result == "found" and (outcome.result != "altered"
                                         or (theirs.score or 0) >= 100):
            said = (f"not in @{claim.handle}'s archived posts"
                    + (f" as written (post {outcome.post_id} is only like them, similarity "
                       f"{outcome.score:.0f})" if outcome.result == "altered" else "")
                    + f"; these are the words of @{other.handle}'s post {theirs.post_id}, "
                      "which the article shows too")
            if _mentions(_outside_quotes(claim.sentence), other):
                # the sentence names both: whose words it gives them as is read from its
                # grammar, which a word order (verb last, verb first) can defeat: said so
                said += (f"; the sentence names @{other.handle} too: read whose words it "
                         "gives them as")
            return replace(outcome, result="not_found", post_id=None, detail=said)
    return outcome


def recheck_prose_quotes(db, post_ids, *, checked_at: str, skip_articles=()) -> list[dict]:
    """Check again the prose quotes attributed to these posts' authors, in every article
    that has such quotes (but `skip_articles`, being checked anyway): a quote checked
    before the author's post was archived (another article archiving it later, a re-check
    bringing a new version) may be found now. Records only the checks whose outcome
    differs from the newest recorded one, and returns them."""
    articles = [a for a in store.articles_quoting_authors_of(db, post_ids)
                if a not in set(skip_articles)]
    if not articles:
        return []
    results = check_prose_quotes(db, article_ids=articles, checked_at=checked_at,
                                 record=False)
    newest = store.newest_claims(db, articles)
    changed = [r for r in results
               if newest.get((r["article_id"], r["fetch_id"], r["handle"], r["sentence"],
                              r["quote"])) != (r["result"], r["post_id"], r["score"])]
    store.record_claims(db, changed)
    return changed
