"""One article through every stage: load -> extract -> store -> resolve posts -> media
-> verify.

`archive_sources` runs many articles on a thread pool: the network work of different
articles overlaps, while the Http object holds each host to its own limits. Database
writes are short transactions under one lock, each consistent by itself: an article
with its embeds, one post with every answer X gave, one media download. A run killed
between them leaves posts unchecked or media missing, and the next run fills them in.
Failures are recorded and reported, never raised: one post that goes wrong (even by a
bug of ours) is a failure line of its article, and the others go on. The exception is a
write the archive will not take (ArchiveWriteError: a full disk), which stops the work.

An interrupt (SIGINT) is no failure: `Archiver.stop()` cuts every request under way, and
each article or post whose request was cut raises errors.Interrupted instead of being
recorded (a fetch the user cut short is not the site's failure, nor X's): what it had
stored before stays, whole, and the next run fetches the rest again.

Verification is the last stage: a new or changed article's embeds are verified, and so
are the embeds of every post whose status or X copy changed (here or in a re-check).

With rendering (archive --render, or `render = true` in a sources file), a page whose raw
bytes are new is also loaded in a browser (archiver.render): the DOM is stored as its own
fetch row beside the raw one, and the article's embeds are the raw page's plus those
found only after rendering. A page whose raw bytes are unchanged is not rendered again.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from .clock import utc_now
from .errors import ArchiveWriteError, HostResting, Interrupted, TimeUp
from .extract import extract_page, page_fingerprint
from .verification import (check_prose_quotes, finding_of, newest_findings, record_results,
                           verify_archive)
from .http import Http
from .loading import (NOT_A_SOURCE, article_url, extract_source, is_url, load,  # noqa: F401
                      renderable)  # (load, extract_source: the pipeline's API too)
from .media import MediaError, analyse_image
from .models import FetchResult, Page
from .render import RenderResult, Renderer, RenderUnavailable, combine_pages
from .plural import counted
from .resolve import Resolver
from .store import (
    RENDERED_CONTENT_TYPE,
    Recorded,
    RecordedPost,
    article_counts,
    article_post_ids,
    fetch_post_ids,
    conditional_headers,
    has_unverified_embeds,
    known_article_url,
    latest_body_sha256,
    latest_raw_body,
    media_to_fetch,
    posts_to_resolve,
    record_fetch,
    record_found_posts,
    record_media_fetch,
    raise_if_damaged,
    record_resolution,
    sha256_hex,
    unasked_edits,
)

log = logging.getLogger(__name__)

#: Video files are large; past this they are a recorded failure, not a stored blob.
MAX_VIDEO_BYTES = 64 * 1024 * 1024


def render_source(renderer: Renderer, source: str, fetch: FetchResult, page: Page
                  ) -> tuple[RenderResult, Page | None]:
    """Render a loaded page from its own bytes and extract the DOM: (the render, the
    combined page — raw embeds, then those found only after rendering — or None when the
    render failed).

    Raises:
        RenderUnavailable: Playwright or Chromium is missing.
    """
    url = (fetch.final_url or source) if is_url(source) else article_url(source, fetch)
    content_type = fetch.content_type or ""
    if content_type.split(";")[0].strip().lower() not in ("text/html", "application/xhtml+xml"):
        # a page its server mistyped (application/octet-stream, text/xml): read as a page
        # by its bytes, it is given to the browser as one, which would download it else
        _mime, semicolon, parameters = content_type.partition(";")
        content_type = "text/html" + (semicolon + parameters if semicolon else "")
    result = renderer.render(url, body=fetch.body, content_type=content_type)
    if not result.ok:
        return result, None
    dom_page = extract_page(result.dom, source, content_type=RENDERED_CONTENT_TYPE)
    return result, combine_pages(page, dom_page)


def rendered_fetch(result: RenderResult) -> FetchResult:
    """A render as the fetch row it is stored as: the DOM as body, the account as detail."""
    return FetchResult(result.url, result.started_at, final_url=result.final_url,
                       body=result.dom, error=result.error,
                       detail=result.account() if result.ok else result.detail)


@dataclass(slots=True)
class ArticleReport:
    """One source archived: what was fetched, found and stored, and what failed."""

    source: str
    article_url: str
    fetch: FetchResult
    page: Page | None
    recorded: Recorded
    posts: dict[str, str] = field(default_factory=dict)  # post id -> status[:reason]
    asked: tuple[str, ...] = ()  # its posts asked of X by this Archiver (the others were known)
    embeds: int = 0  # in the article's latest stored fetch
    new_versions: int = 0
    media_stored: int = 0  # downloaded in this run
    media: int = 0  # stored for the article's posts, in all
    failures: list[str] = field(default_factory=list)  # one line each
    verdicts: list[dict] = field(default_factory=list)  # verification results of this pass
    unexpected: list[str] = field(default_factory=list)  # failures that are bugs of ours
    render: RenderResult | None = None  # the page as a browser rendered it, when asked

    @property
    def render_failure(self) -> str | None:
        """One line when the page was to be rendered and was not."""
        if self.render is None or self.render.ok:
            return None
        return self.render.detail or self.render.error

    @property
    def error(self) -> str | None:
        return self.fetch.error

    def summary(self) -> str:
        """One line: embeds, posts archived (in this pass, or already), unavailable,
        media, failures; each count in the number it takes."""
        if self.error:
            return f"{self.source}: FAILED {self.error}: {self.fetch.detail}"
        if self.recorded.note:
            return f"{self.source}: FAILED {self.recorded.note}"
        state = self.recorded.state
        available = [p for p, s in self.posts.items() if s == "available"]
        archived = sum(1 for p in available if p in self.asked)
        known = len(available) - archived  # archived by an earlier run (or article)
        unavailable = [s.split(":", 1)[1] for s in self.posts.values() if s.startswith("unavailable")]
        unchecked = sum(1 for s in self.posts.values() if s == "unchecked")
        parts = [state, counted(self.embeds, "embed")]
        if self.recorded.current_since is not None:
            # a capture older than the article's current copy: evidence of what it showed
            parts = [f"an earlier copy, stored as evidence (the current copy is of"
                     f" {self.recorded.current_since})", counted(self.recorded.embeds, "embed")]
        if archived or not known:
            parts.append(f"{counted(archived, 'post')} archived")
        if known:
            parts.append(f"{known} already archived" if archived
                         else f"{counted(known, 'post')} already archived")
        if unavailable:
            reasons = ", ".join(sorted(set(unavailable)))
            parts.append(f"{len(unavailable)} unavailable ({reasons})")
        else:
            parts.append("0 unavailable")
        if unchecked:
            parts.append(f"{unchecked} not yet checked")
        parts.append(counted(self.media, "media file"))
        parts.append(counted(len(self.failures), "failure"))
        if self.render is not None and self.render.ok:
            found = sum(e.rendered for e in self.page.embeds) if self.page else 0
            parts.append(f"{found} found only after rendering ({self.render.account()})")
        elif self.render is not None:
            parts.append("render failed, the raw page stands")
        # stdin has no address of its own: the name it is archived under, to look it up by
        named = f"{self.source} ({self.article_url})" if self.source == "-" else self.source
        return f"{named}: " + ", ".join(parts)


class _Once:
    """Run each keyed job once across threads; later callers wait for the first."""

    def __init__(self):
        self._lock = threading.Lock()
        self._futures: dict[str, Future] = {}

    def run(self, key: str, job):
        return self.run_owned(key, job)[0]

    def run_owned(self, key: str, job):
        """(the job's result, whether this call ran it: the others only waited)."""
        with self._lock:
            future = self._futures.get(key)
            owner = future is None
            if owner:
                future = self._futures[key] = Future()
        if owner:
            try:
                future.set_result(job())
            except BaseException as exc:  # noqa: BLE001 - handed to every waiter
                future.set_exception(exc)
        return future.result(), owner


class Archiver:
    """Archive articles into `db` with X's evidence. Thread-safe; reuse for many sources.

    Args:
        db: an open archive (store.open_archive).
        http: the one HTTP layer.
        resolver: post sources, or None to archive articles and embeds only.
        fetch_media, fetch_video: download images, and try video files too.
        max_image_pixels: decompression-bomb cap.
        verify: run the verify stage on what was archived or re-checked.
        renderer: the browser for pages to render (archiver.render), or None.
        render: render every source; `render_urls` names single ones to render.
    """

    def __init__(self, db, http: Http, resolver: Resolver | None, *, fetch_media: bool = True,
                 fetch_video: bool = True, max_image_pixels: int = 50_000_000,
                 verify: bool = True, renderer: Renderer | None = None, render: bool = False,
                 render_urls=()):
        self.db = db
        self.http = http
        self.resolver = resolver
        self.fetch_media = fetch_media
        self.fetch_video = fetch_video
        self.max_image_pixels = max_image_pixels
        self.verify = verify
        self.renderer = renderer
        self.render_all = render
        self.render_urls = set(render_urls)
        self.db_lock = threading.RLock()
        self._posts = _Once()
        self._media = _Once()
        #: embed id -> what its last verification in this job found: articles that share
        #: a post both see it change, and the same check is recorded once per job
        self._verified: dict[int, tuple] = {}
        #: the posts asked of X in this job: an article's line says the others are
        #: "already archived" (one shared with another article of the job is not)
        self._asked: set[str] = set()

    @classmethod
    def from_settings(cls, db, settings, http: Http | None = None, *, render: bool = False,
                      render_urls=()) -> "Archiver":
        """An Archiver with what `settings` ask for; its browser (for `render`, or
        `render_urls`) starts on the first page to render. close() it after use."""
        http = http or Http.from_settings(settings)
        return cls(db, http, Resolver.from_settings(http, settings),
                   fetch_media=settings.fetch_media, fetch_video=settings.fetch_video,
                   max_image_pixels=settings.max_image_pixels,
                   renderer=Renderer.from_settings(settings), render=render,
                   render_urls=render_urls)

    def stop(self) -> None:
        """Stop at once, for good (an interrupt, or a write the archive will not take):
        every request under way is cut, none starts, and each article or post whose
        request was cut raises errors.Interrupted, recorded as nothing. Not a deadline:
        nothing is said of the sites (see Http.interrupt)."""
        self.http.interrupt()

    @property
    def stopped(self) -> bool:
        return self.http.interrupted

    def close(self) -> None:
        """Close the browser, if one was started."""
        if self.renderer is not None:
            self.renderer.close()

    def __enter__(self) -> "Archiver":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def wants_render(self, source: str) -> bool:
        return self.renderer is not None and (self.render_all or source in self.render_urls)

    def archive(self, source: str, *, stdin=None, render: bool | None = None,
                fetch: FetchResult | None = None) -> ArticleReport:
        """Every stage for one source. Never raises for what the outside world does.

        `render` (default: as the Archiver was told for this source) also renders the
        page in the browser when its raw bytes are new, and stores the DOM beside them.
        `fetch`: the page as already captured (a WARC record), archived as it is: the
        source is not fetched.
        """
        if fetch is None:
            url_hint = source if is_url(source) else None
            headers = None
            if url_hint:
                with self.db_lock:
                    headers = conditional_headers(self.db, url_hint) or None
            fetch = load(source, self.http, stdin=stdin, headers=headers)
        if fetch.error == "stopped":  # the run's end, not the site: nothing to record
            raise TimeUp(fetch.detail or source)
        if fetch.error == "resting":  # not asked: the site asked for a rest (Retry-After)
            raise HostResting(fetch.detail or source, urlsplit(fetch.url).netloc.lower())
        if fetch.error in NOT_A_SOURCE and not is_url(source):
            # no such file (or a folder, or a bad address): said, not recorded
            report = ArticleReport(source, source, fetch, None,
                                   Recorded(0, None, "failed"))
            report.failures.append(fetch.detail or fetch.error)
            return report
        page = extract_source(source, fetch)
        url = article_url(source, fetch)
        if is_url(source):  # (a 304 too: the page unchanged, under the article's address)
            with self.db_lock:
                # the page an archived article is, reached by another address (a listing
                # wrote "/story" for the article's "/story/", which redirects there): that
                # article, not a second one
                url = known_article_url(self.db, url, fetch.final_url)
        rendered = rendered_page = None
        same_content = unchanged = False
        if page is not None:
            with self.db_lock:
                latest_sha = latest_body_sha256(self.db, url)
            unchanged = latest_sha == sha256_hex(fetch.body)
            if latest_sha is not None and not unchanged:
                # other bytes: another page, or the same one with a new nonce or token
                with self.db_lock:
                    latest = latest_raw_body(self.db, url)
                same_content = unchanged = latest is not None and (
                    page_fingerprint(latest[1], latest[2], url)
                    == page_fingerprint(fetch.body, fetch.content_type, url, page.embeds))
        if (self.wants_render(source) if render is None else render) and page is not None \
                and renderable(source, fetch) and not unchanged:
            # an unchanged page is not rendered again
            rendered, rendered_page = self._render(source, fetch, page)
            if self.stopped:  # the interrupt may have ended the render (and Chromium)
                raise Interrupted(f"render {source}: interrupted")
        with self.db_lock:
            recorded = record_fetch(self.db, url, fetch, page,
                                    rendered_fetch(rendered) if rendered is not None else None,
                                    rendered_page, same_content=same_content)
            post_ids = (article_post_ids(self.db, recorded.article_id)
                        if recorded.current_since is None
                        else fetch_post_ids(self.db, recorded.embeds_fetch_id))
            todo = posts_to_resolve(self.db, post_ids) if self.resolver else []
        if recorded.rendered_fetch_id is None:
            rendered = rendered_page = None  # not stored: the page turned out unchanged
        report = ArticleReport(source, url, fetch, rendered_page or page, recorded,
                               render=rendered)
        if fetch.error:
            report.failures.append(fetch.detail or fetch.error)
        elif recorded.note:
            report.failures.append(recorded.note)
        if report.render_failure:
            report.failures.append(report.render_failure)
        changed_posts = []
        # (an earlier copy than the current one changes nothing the article shows now)
        new_article = recorded.state in ("new", "changed") and recorded.current_since is None
        if not new_article and self.verify:
            with self.db_lock:
                # a page stored by a run killed before it verified it: verify it now
                new_article = has_unverified_embeds(self.db, recorded.article_id)
        try:
            self._resolve_posts(todo, report, changed_posts)
            if self.resolver is not None:
                for post_id in post_ids:
                    stored, failures = self.fetch_post_media(post_id)
                    report.media_stored += stored
                    report.failures.extend(failures)
        except Interrupted as exc:
            # The page and its embeds are stored already, and the next run finds the page
            # unchanged: verify them now (no request is made), as when X does not answer,
            # or they would never be. The posts cut short are asked next run, and their
            # embeds and the prose quoting their authors checked again then. What the
            # page was (new, changed) goes with the interrupt: it is counted so, once.
            if new_article:
                self.verify_changes([recorded.article_id], changed_posts)
            exc.recorded = recorded
            raise
        report.verdicts, problems = self.verify_changes(
            [recorded.article_id] if new_article else [], changed_posts, prose=new_article)
        if recorded.current_since is not None and recorded.embeds and self.verify:
            problems = problems + self._verify_earlier_copy(recorded.embeds_fetch_id)
        report.failures.extend(problems)
        report.unexpected.extend(problems)
        with self.db_lock:
            report.posts = _statuses(self.db, post_ids)
            report.embeds, report.media = article_counts(self.db, recorded.article_id)
        report.asked = tuple(p for p in post_ids if p in self._asked)
        return report

    def _resolve_posts(self, todo, report: ArticleReport, changed_posts: list) -> None:
        """Ask X about each post of `todo` (each once across threads), into `report`;
        the ids of the posts whose status or X copy changed appended to `changed_posts`."""
        for post_id in todo:
            recorded_post, line = self._resolve_once(post_id)
            if recorded_post is None:
                report.failures.append(line)
                report.unexpected.append(line)
                continue
            report.new_versions += recorded_post.new_versions
            report.failures.extend(recorded_post.problems)
            edits, problems = self._resolve_edits(post_id)
            report.new_versions += edits
            report.failures.extend(problems)
            if recorded_post.status_changed or recorded_post.new_versions or edits:
                changed_posts.append(post_id)

    def _resolve_edits(self, post_id: str) -> tuple[int, list[str]]:
        """Ask X about the other versions of an edited post that its answer names and X
        was not asked about (each has an id of its own; an article may show any of them,
        and X's newest is the post's current text: X-FORMATS §7). Returns (new versions,
        one line per problem). Called once the post's own resolution is done, never
        inside it: two edited posts naming each other never wait on each other."""
        if self.resolver is None:
            return 0, []
        with self.db_lock:
            edits = unasked_edits(self.db, post_id)
            if edits:
                record_found_posts(self.db, edits, utc_now())
        new_versions, problems = 0, []
        for edit_id, _handle, _name in edits:
            recorded, line = self._resolve_once(edit_id)
            if recorded is None:
                problems.append(line)
                continue
            new_versions += recorded.new_versions
            problems.extend(recorded.problems)
        return new_versions, problems

    def _resolve_once(self, post_id: str) -> tuple[RecordedPost | None, str | None]:
        """Ask X about one post, once across threads: (what was recorded, None), or
        (None, the line of a bug of ours), which one post's failure stays."""
        try:
            return self._posts.run(post_id, lambda p=post_id: self._resolve(p)), None
        except ArchiveWriteError:
            raise  # the archive takes nothing more (a full disk): every post would fail
        except Exception as exc:  # noqa: BLE001 - one post never stops the article
            raise_if_damaged(exc)  # the archive itself: no post can go on
            log.exception("post %s", post_id)
            return None, f"post {post_id}: unexpected {type(exc).__name__}: {exc}"

    def _render(self, source: str, fetch: FetchResult, page: Page
                ) -> tuple[RenderResult, Page | None]:
        """render_source, where a browser that will not start is a failed render."""
        try:
            return render_source(self.renderer, source, fetch, page)
        except RenderUnavailable as exc:
            return RenderResult(fetch.final_url or source, utc_now(), error="render_unavailable",
                                detail=f"render {source}: {exc}"), None

    def _verify_earlier_copy(self, fetch_id: int) -> list[str]:
        """Verify and record the embeds of an earlier copy of an article (a web archive's
        capture older than the current copy): evidence of what it showed then, its
        verdicts kept beside it and never counted as the article's now. Returns one line
        per failure (a bug of ours)."""
        try:
            with self.db_lock:
                verify_archive(self.db, fetch_ids=[fetch_id], checked_at=utc_now(),
                               record=True)
        except Exception as exc:  # noqa: BLE001 - as verify_changes
            raise_if_damaged(exc)
            log.exception("verify an earlier copy, fetch %s", fetch_id)
            return [f"verify: unexpected {type(exc).__name__}: {exc}"]
        return []

    def verify_changes(self, article_ids, post_ids, *, prose: bool = True
                       ) -> tuple[list[dict], list[str]]:
        """The verify stage over these articles' embeds and these posts' embeds, recorded
        (and the quotes in the articles' prose, with `prose`). Returns (results, one line
        per failure). A failure here is a bug of ours: it is logged and reported, and the
        archive keeps everything it stored before."""
        if not self.verify or not (article_ids or post_ids):
            return [], []
        try:
            with self.db_lock:
                now = utc_now()
                refused = []  # rows that fail their hash: not used, said as failures
                results = verify_archive(self.db, article_ids=list(article_ids),
                                         post_ids=list(post_ids), checked_at=now,
                                         record=False, refused=refused)
                # the same check of the same evidence is recorded once: in this job, and
                # past it (a run killed mid-article verifies its embeds again when the next
                # one finds some never verified)
                recorded = newest_findings(self.db, [r["embed_id"] for r in results])
                fresh = [r for r in results
                         if self._verified.get(r["embed_id"]) != finding_of(r)
                         and recorded.get(r["embed_id"]) != finding_of(r)]
                record_results(self.db, fresh)
                self._verified.update((r["embed_id"], finding_of(r)) for r in fresh)
                if prose and article_ids:
                    check_prose_quotes(self.db, article_ids=list(article_ids), checked_at=now,
                                       refused=refused)
                if post_ids:
                    # quotes in other articles' prose of these posts' authors: a quote
                    # checked before the post was archived may be found now
                    from .verification import recheck_prose_quotes
                    recheck_prose_quotes(self.db, list(post_ids), checked_at=now,
                                         skip_articles=article_ids if prose else ())
        except ArchiveWriteError:
            raise
        except Exception as exc:  # noqa: BLE001 - verifying never loses what was archived
            raise_if_damaged(exc)  # the archive itself: no post can go on
            log.exception("verifying articles %s, posts %s", article_ids, post_ids)
            return [], [f"verification failed: unexpected {type(exc).__name__}: {exc}"]
        return results, [refusal.line() for refusal in refused]

    def recheck(self, post_id: str) -> RecordedPost:
        """Ask X about one post again, then fetch whatever media it has that is not stored.
        Never raises: a bug of ours is logged and returned as a problem of the post."""
        try:
            recorded = self._resolve(post_id)
            edits, problems = self._resolve_edits(post_id)
            if edits or problems:
                recorded = replace(recorded, new_versions=recorded.new_versions + edits,
                                   problems=recorded.problems + tuple(problems))
            _stored, failures = self.fetch_post_media(post_id)
        except ArchiveWriteError:
            raise
        except Exception as exc:  # noqa: BLE001 - one post never stops a re-check run
            raise_if_damaged(exc)  # the archive itself: no post can go on
            log.exception("re-checking post %s", post_id)
            return RecordedPost(post_id, "unchecked", None,
                                problems=(f"post {post_id}: unexpected {type(exc).__name__}:"
                                          f" {exc}",), unexpected=True)
        if failures:  # an image that was not stored is said, with its reason
            recorded = replace(recorded, problems=recorded.problems + tuple(
                f"post {post_id}: {line}" for line in failures))
        return recorded

    def fetch_post_media(self, post_id: str) -> tuple[int, list[str]]:
        """Download a post's media with no stored bytes yet, each URL once across threads.

        Returns (how many were stored, one failure line per image that was not, said by the
        call that downloaded it: an image of a post three articles show failed once). A
        refused video is only logged: the poster image is the evidence.
        """
        if not self.fetch_media:
            return 0, []
        with self.db_lock:
            wanted = media_to_fetch(self.db, post_id)
        stored, failures = 0, []
        for media_url, kind in wanted:
            if kind == "video" and not self.fetch_video:
                continue
            (ok, detail), owner = self._media.run_owned(
                media_url, lambda u=media_url, k=kind: self._download(u, k))
            if ok:
                stored += 1
            elif detail is None:
                continue  # not fetched: the run's time was up
            elif kind == "image" and owner:
                failures.append(detail)
            else:
                log.info("%s", detail)
        return stored, failures

    def _resolve(self, post_id: str) -> RecordedPost:
        self._asked.add(post_id)
        resolution = self.resolver.resolve(post_id)
        with self.db_lock:
            recorded = record_resolution(self.db, resolution, utc_now())
        # (X answering a retweet's id with the original post is no failure when another
        # source answered for the id itself: the answer is kept, said with -v)
        answered = resolution.status in ("available", "unavailable")
        bad = tuple(f"post {post_id}: bad answer from {r.source}: {r.detail or r.signal}"
                    for r in resolution.bad_answers
                    if not (answered and r.signal == "id_mismatch"))
        for r in resolution.bad_answers:
            if answered and r.signal == "id_mismatch":
                log.info("post %s: %s answered another post (%s); the other answers stand",
                         post_id, r.source, r.detail)
        if resolution.status == "outage" and not bad and not _only_stopped(resolution):
            # said with what stopped it; a post whose every unanswered request was one the
            # run's end kept from being sent is X's failure in nothing: still due, no error
            bad = (f"post {post_id}: X did not answer ({_outage(resolution)}); asked again "
                   "next run",)
        return replace(recorded, problems=recorded.problems + bad) if bad else recorded

    def _download(self, url: str, kind: str) -> tuple[bool, str | None]:
        """Fetch, validate and store one media URL; (stored?, failure line)."""
        cap = MAX_VIDEO_BYTES if kind == "video" else None
        fetch = self.http.get(url, max_body_bytes=cap)
        if fetch.error == "stopped":  # the run's end, not the site's: asked next run
            return False, None
        record, error, detail = None, None, None
        if fetch.ok and kind == "image":
            try:
                record = analyse_image(fetch.body, fetch.content_type, self.max_image_pixels)
            except MediaError as exc:
                error, detail = exc.code, f"GET {url}: {exc.code.replace('_', ' ')}: {exc}"
        with self.db_lock:
            sha = record_media_fetch(self.db, url, kind, fetch, record, error, detail)
        if sha is not None:
            return True, None
        return False, f"{kind} {detail or fetch.detail or fetch.error}"


def _only_stopped(resolution) -> bool:
    """Whether every request that left the post unanswered was never sent (the run was
    stopped or its time was up)."""
    outages = [r for r in resolution.results if r.outcome == "outage"]
    return bool(outages) and all(r.fetch is not None and r.fetch.error == "stopped"
                                 for r in outages)


def _outage(resolution) -> str:
    """What stopped X's answer, in words: each failed request's own line when there is
    one (`GET … returned 503 Service Unavailable`, a timeout), else its signal."""
    outages = [r for r in resolution.results if r.outcome == "outage"]
    # a request the run's time kept from being sent says less than one that was sent
    sent = [r for r in outages if r.fetch.error != "stopped"] or outages
    # each endpoint's own failure (syndication's 503 and oEmbed's 429 are two outages)
    said = list(dict.fromkeys(r.fetch.detail or r.detail or r.signal or "outage"
                              for r in sent))
    return "; ".join(said) if said else (resolution.reason or "outage")


def recheck_posts(archiver: Archiver, post_ids, *, workers: int = 8,
                  verified: list | None = None) -> list[RecordedPost]:
    """Ask X again about these posts (deletions and edits show up as new status events
    and versions; nothing is overwritten), fetch any media that is new, then verify the
    embeds of every post whose status or X copy changed (results appended to
    `verified` when given). Never raises for one post."""
    post_ids = list(dict.fromkeys(post_ids))
    if workers <= 1 or len(post_ids) <= 1:
        try:
            recorded = [archiver.recheck(p) for p in post_ids]
        except BaseException:  # an interrupt: stop for good
            archiver.stop()
            raise
    else:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="recheck")
        try:
            recorded = list(pool.map(archiver.recheck, post_ids))
        except BaseException:  # an interrupt: the re-checks under way are cut, not recorded
            archiver.stop()  # (before waiting for them, or the wait is theirs)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    changed = [r.post_id for r in recorded if r.status_changed or r.new_versions]
    results, problems = archiver.verify_changes([], changed, prose=False)
    if verified is not None:
        verified.extend(results)
    if problems:
        recorded.append(RecordedPost("", "unchecked", None, problems=tuple(problems),
                                     unexpected=True))
    return recorded


def _statuses(db, post_ids) -> dict[str, str]:
    result = {}
    for post_id in post_ids:
        row = db.execute("SELECT status, unavailable_reason FROM posts WHERE id = ?",
                         [post_id]).fetchone()
        if row:
            result[post_id] = row[0] + (f":{row[1]}" if row[1] else "")
    return result


def archive_sources(archiver: Archiver, sources, *, workers: int = 8, on_done=None):
    """Archive many sources concurrently; yields ArticleReports in the order given.

    `on_done(report)` is called as each finishes, whole (for a progress bar, and for
    the count of sources kept): never for one an interrupt cut short.

    The work is done in worker threads, one source alone too: an interrupt reaches the
    caller's thread, which stops the archiver (every request under way is cut; each
    source cut short raises errors.Interrupted and is recorded as nothing), waits for
    the workers, and raises it again. Closing this generator does the same.
    """
    sources = list(sources)
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources))),
                              thread_name_prefix="archive")
    futures = [pool.submit(archiver.archive, source) for source in sources]
    try:
        if on_done:
            for future in futures:
                future.add_done_callback(
                    lambda f: on_done(f.result()) if not f.cancelled() and not f.exception()
                    else None)
        for future in futures:
            yield future.result()
    except BaseException:  # an interrupt (or the caller stopped reading): stop soon
        for future in futures:
            future.cancel()
        archiver.stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def archive_source(db, source: str, http: Http | None = None, *, stdin=None) -> ArticleReport:
    """Load, extract and store one article, without asking X (no resolver)."""
    return Archiver(db, http or Http(), None).archive(source, stdin=stdin)
