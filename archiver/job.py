"""The cron run: sources -> new or changed articles through the pipeline -> re-checks.

`run_job` is safe to leave unattended:

- a lock (flock on <archive>.lock) keeps two runs from overlapping; the second one
  raises RunLocked at once (the CLI says so in one line and exits 0);
- sources are read side by side with the articles, `workers` at a time: a source's
  articles start as soon as it is read, so a slow feed holds up no other source;
- `max_duration` stops the run cleanly between articles (articles not reached are
  counted as deferred; the sources list them again next time);
- one article's failure is recorded and the run goes on; a write the archive will not
  take (a full disk) stops the run at once with ArchiveWriteError, keeping every write
  before it, its runs row (when that still fits) saying `write_failed`;
- every write is its own short transaction, so a run killed at any point (SIGKILL
  included) leaves the archive consistent, and the next run completes what was left
  (posts never answered for, media not fetched);
- an interrupt (SIGINT) stops it within seconds: the requests under way are cut and
  recorded as nothing (the user cut them, the sites did not fail), the articles they
  belonged to are deferred with those not reached, and the runs row says `interrupted`
  with exit status 130;
- every run writes a `runs` row: times, counts, errors, exit status, chain head;
- what a run archives or re-checks is verified in the same run (the verify stage).

Exit status (in the runs row, and the CLI's): 0 when the run worked, even if the outside
world failed some URLs or answers (each is in `errors`); 1 when something unexpected
happened — a bug of ours in one article or post: the run went on, the traceback is in the
log, and the error is in `errors`.

An unchanged article costs one conditional GET answered 304; feeds and sitemaps are
read whole each run.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .clock import utc_now
from .errors import (ArchiverError, ArchiveWriteError, HostResting, Interrupted, TimeUp,
                     interrupt_exit_status)
from .http import Http
from .models import FetchResult
from .loading import _page_only
from .pipeline import Archiver, recheck_posts
from .plural import counted
from .sources import Source, listed_urls
from .store import (finish_run, label_articles, latest_body_sha256, posts_due_by_age,
                    raise_if_damaged, record_source_check, start_run)
from .verification import Tally

log = logging.getLogger(__name__)

#: Re-checks per run when there is no --max-duration.
MAX_RECHECKS_PER_RUN = 200
#: Sources read at once, beside the articles' workers: a listing is one request (or a
#: few, for a sitemap index), and a slow one must hold up neither the others nor the
#: articles (the HTTP layer keeps each host's manners whatever the threads).
SOURCE_READERS = 4


class RunLocked(ArchiverError):
    """Another run holds the lock."""


class LockUnwritable(ArchiveWriteError):
    """The lock file cannot be made or written (a full disk): the run did not start."""


@dataclass
class RunResult:
    run_id: int | None = None
    sources: int = 0
    articles: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("seen", "new", "changed", "unchanged", "failed", "deferred"), 0))
    posts_rechecked: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    unexpected: int = 0  # errors that are bugs of ours (exit status 1)
    verdicts: Tally = field(default_factory=Tally)
    stopped: str = "completed"
    log_failed: bool = False  # --log could not be written: the run went on, exit status 1
    #: called with each source's error line as the source is read (the run's stderr: a
    #: run killed later has said them already)
    on_error: object = field(default=None, repr=False, compare=False)

    @property
    def exit_status(self) -> int:
        if self.stopped == "interrupted":
            return interrupt_exit_status()  # as the command exits: 130, or 143 (SIGTERM)
        return 1 if self.unexpected or self.log_failed else 0

    def summary(self) -> str:
        a = self.articles
        return (f"run {self.run_id}: {counted(a['seen'], 'article')} ({a['new']} new, "
                f"{a['changed']} changed, {a['unchanged']} unchanged, {a['failed']} failed, "
                f"{a['deferred']} deferred), {counted(self.posts_rechecked, 'post')} re-checked, "
                f"{counted(self.requests, 'request')}, {counted(len(self.errors), 'error')}; "
                f"{self.stopped}\n{self.verdicts.summary()}")


class _Lock:
    """An exclusive, non-blocking flock on a file beside the archive, holding our pid."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise RunLocked(f"another run holds {self.path}") from None
        try:  # our pid, for whoever finds the lock held (unbuffered: nothing left to flush)
            if os.path.isfile(self.path):
                os.ftruncate(self.fd, 0)
            os.write(self.fd, f"{os.getpid()}\n".encode())
        except OSError as exc:  # a full disk: the archive would not take the run either
            os.close(self.fd)
            raise self._unwritable(exc) from exc
        return self

    def _unwritable(self, exc: OSError) -> LockUnwritable:
        return LockUnwritable(f"cannot write the lock file {self.path}: "
                              f"{exc.strerror or exc}; nothing done")

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def article_urls(archiver: Archiver, source: Source, errors: list[str]
                 ) -> tuple[list[str], FetchResult | None]:
    """The URLs a source lists now (newest first, at most max_articles), and, for a source
    read as a listing that turned out to be the article, the page that reading fetched
    (archived as it is: not fetched twice). A source whose kind is a guess from its URL is
    read first: what it serves says whether it is a feed, a sitemap or the article
    (sources.listed_urls) — one guessed to be an article only until the archive holds it
    as a page; one guessed to be a feed or a sitemap every run, so that an error page it
    once served does not make it an article for good. Safe on a worker thread (the
    archive is written under the archiver's lock); a listing's failures go to `errors`."""
    if source.kind == "article":
        if not source.guessed:
            return [source.url], None
        with archiver.db_lock:
            held = latest_body_sha256(archiver.db, source.url) is not None
        if held:
            return [source.url], None
    pages: dict[str, FetchResult] = {}

    def get(url: str) -> FetchResult:
        fetch = archiver.http.get(url, robots=True)
        if url == source.url:
            pages[url] = fetch
        return fetch

    def record(url, fetch, articles, error) -> None:
        with archiver.db_lock:
            record_source_check(archiver.db, url, fetch, articles, error)

    listed = listed_urls(source, get, record, errors.append)
    page = pages.get(source.url)
    if listed == [source.url] and page is not None:
        # the article as that reading found it, answered or failed: asked once
        return listed, _page_only(source.url, page) if page.ok else page
    return listed, None


def run_job(db, db_path: str | Path, settings, sources: list[Source], *,
            max_duration: float | None = None, http: Http | None = None,
            on_article=None, log_error: str | None = None, on_error=None) -> RunResult:
    """One run over `sources` into the open archive `db` (see the module docstring).
    `log_error`: why its --log could not be opened (the run goes on; its row says so).
    `on_error`: called with each source's error line as soon as the source is read.

    Raises:
        RunLocked: another run is in progress.
    """
    started = time.monotonic()
    deadline = started + max_duration if max_duration else None
    with _Lock(Path(f"{db_path}.lock")):
        http = http or Http.from_settings(settings)
        http.deadline = deadline  # a body in progress is cut off when the run's time is up
        archiver = Archiver.from_settings(db, settings, http)
        result = RunResult(sources=len(sources), on_error=on_error)
        if log_error:
            result.errors.append(log_error)
            result.log_failed = True
        result.run_id = start_run(db, utc_now(), len(sources))
        try:
            article_deadline = (started + max_duration * (1 - settings.recheck_share)
                                if max_duration else None)
            readers = ThreadPoolExecutor(max_workers=max(1, min(SOURCE_READERS, len(sources))),
                                         thread_name_prefix="source")
            try:
                labels = _list_and_archive(archiver, readers, sources, settings.workers,
                                           article_deadline, result, on_article)
                if deadline is None or time.monotonic() < deadline:
                    _recheck(archiver, settings, deadline, result)
                elif result.stopped == "completed":
                    result.stopped = "max_duration"
            finally:
                # a source still being read when the articles' time was up is not waited
                # for before the re-checks, only before the run ends (the run's deadline
                # cuts it): nothing writes to the archive after its runs row
                readers.shutdown(wait=True, cancel_futures=True)
            label_articles(db, {u: (s.outlet, s.language) for u, s in labels.items()
                                if s.outlet or s.language})
        except ArchiveWriteError as exc:  # a full disk: stop, and say so in the row if it fits
            result.errors.append(f"run stopped: {exc}")
            result.stopped = "write_failed"
            raise
        except (KeyboardInterrupt, Interrupted):  # listing, archiving or re-checking
            result.stopped = "interrupted"
            raise
        except Exception as exc:  # a bug of ours: the row says so, then the caller sees it
            log.exception("run %s", result.run_id)
            result.errors.append(f"run stopped: unexpected {type(exc).__name__}: {exc}")
            result.unexpected += 1
            result.stopped = "error"
            raise
        finally:
            archiver.close()  # the browser, if an article was rendered
            try:
                result.verdicts.settle(db)
            except sqlite3.Error:  # the summary only; the runs row below matters more
                log.exception("reading the run's verdicts")
            result.requests = http.requests_sent
            _finish(db, result)
    return result


def _finish(db, result: RunResult) -> None:
    """Write the runs row's end. When the archive will not take even that (the disk is
    full), the row stays as a killed run's: started, never finished; the caller is
    already stopping on that error, or learns of it here."""
    try:
        finish_run(db, result.run_id, finished_at=utc_now(),
                   articles_seen=result.articles["seen"],
                   articles_new=result.articles["new"],
                   articles_changed=result.articles["changed"],
                   articles_unchanged=result.articles["unchanged"],
                   articles_failed=result.articles["failed"],
                   articles_deferred=result.articles["deferred"],
                   posts_rechecked=result.posts_rechecked, requests=result.requests,
                   errors=_json(result.errors),
                   exit_status=1 if result.stopped == "write_failed" else result.exit_status,
                   stopped_reason=result.stopped)
    except ArchiveWriteError:
        if result.stopped != "write_failed":
            raise
        log.info("the runs row of run %s could not be finished either", result.run_id)


def _list_and_archive(archiver: Archiver, readers: ThreadPoolExecutor, sources: list[Source],
                      workers: int, deadline, result: RunResult, on_article) -> dict[str, Source]:
    """Read the sources (on `readers`, SOURCE_READERS at a time) and archive the articles
    they list (`workers` at a time) side by side: a source's articles start as soon as it
    is read, whatever other sources are still being read (a feed that takes 30 s, or one
    that never ends, holds up no other source's articles). Returns {article: the source
    that listed it first}.

    Articles start until `deadline`; then those not started, and those of sources read
    later, are deferred, and sources still being read are not waited for (the re-checks
    get their share of the run). An interrupt, or a write the archive will not take,
    stops everything within seconds: nothing new starts, the requests under way are cut
    and recorded as nothing, an article that finished all the same is counted as it came
    out (one whose page was stored before the cut too), one cut short is deferred with
    those not reached, and the sources not yet read are said (their articles are unknown
    until they are)."""
    workers = max(1, workers)
    labels: dict[str, Source] = {}
    pages: dict[str, FetchResult] = {}  # articles whose page a listing fetched already
    pending: list[str] = []
    listing: dict = {}  # future -> its source, until read
    running: set = set()
    expired = False  # the deadline passed: articles listed from now on are deferred

    def take(source: Source, listed: list[str], page: FetchResult | None) -> None:
        if source.render:  # render = true: these articles are rendered too
            archiver.render_urls.update(listed)
        for url in listed:
            if url in labels:
                continue
            labels[url] = source
            if expired:
                result.articles["deferred"] += 1
            else:
                pending.append(url)
        if page is not None:
            pages[source.url] = page

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="run")
    try:
        for source in sources:
            listing[readers.submit(_list_one, archiver, source)] = source
        while listing or pending or running:
            if deadline is not None and time.monotonic() >= deadline and not expired:
                expired = True
                result.stopped = "max_duration"
                result.articles["deferred"] += len(pending)
                pending.clear()
                if listing:
                    # not waited for; their articles are unknown: named in the run's
                    # errors, as an interrupted run names them (a source always this slow
                    # would otherwise leave no trace in any runs row or --log)
                    unread = list(listing.values())
                    log.info("the run's time for articles is up: %s not read",
                             counted(len(unread), "source"))
                    result.errors.append(
                        f"{counted(len(unread), 'source')} not read, the run's time was up: "
                        + " ".join(source.url for source in unread))
                    listing.clear()
            while pending and len(running) < workers:
                url = pending.pop(0)
                running.add(pool.submit(_archive_one, archiver, url, pages.pop(url, None),
                                        deadline))
            if not (listing or running):
                break
            left = None if deadline is None or expired else max(0.0, deadline - time.monotonic())
            done, _ = wait(set(listing) | running, timeout=left, return_when=FIRST_COMPLETED)
            for future in done:
                if future in listing:
                    source = listing.pop(future)
                    take(source, *_listed(future.result(), result))
                else:
                    # (its result first: one an interrupt cut short raises Interrupted, and
                    # stays among the running, which the handler below counts as deferred)
                    outcome = future.result()
                    running.discard(future)
                    _count(outcome, result, on_article)
    except (KeyboardInterrupt, Interrupted, ArchiveWriteError) as exc:
        archiver.stop()
        result.stopped = "write_failed" if isinstance(exc, ArchiveWriteError) else "interrupted"
        result.articles["deferred"] += len(pending)
        pending.clear()
        unread = [source for future, source in listing.items() if future.cancel()]
        wait(set(listing) | running)
        for future, source in listing.items():
            if future.cancelled():
                continue
            if future.exception() is None:  # read all the same: its articles wait
                listed = future.result()[0]
                new = [url for url in listed if url not in labels]
                labels.update(dict.fromkeys(new, source))
                result.articles["deferred"] += len(new)
            else:
                unread.append(source)
        if unread:
            result.errors.append(
                f"{counted(len(unread), 'source')} not read, the run was stopped: "
                + " ".join(source.url for source in unread))
        for future in running:
            cut = None if future.cancelled() else future.exception()
            state = getattr(getattr(cut, "recorded", None), "state", None)
            if not future.cancelled() and cut is None:
                _count(future.result(), result, on_article)
            elif state in ("new", "changed", "unchanged"):
                result.articles[state] += 1  # its page was stored before the cut
            else:  # cut short before its page was stored, or a write that failed too
                result.articles["deferred"] += 1
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        result.articles["seen"] = len(labels)
    return labels


def _list_one(archiver: Archiver, source: Source):
    """(listed URLs, the page a listing fetched or None, its one-line errors, 1 if a bug
    of ours stopped it else 0) for one source, on a worker thread: a source's failure
    never stops the run."""
    errors: list[str] = []
    try:
        listed, page = article_urls(archiver, source, errors)
    except (ArchiveWriteError, Interrupted):
        raise
    except Exception as exc:  # noqa: BLE001 - one source never stops the run
        raise_if_damaged(exc)  # the archive itself: no article can go on
        log.exception("source %s", source.url)
        errors.append(f"{source.url}: unexpected {type(exc).__name__}: {exc}")
        return [], None, errors, 1
    return listed, page, errors, 0


def _listed(outcome, result: RunResult):
    """A source's listing (_list_one's) into the run's errors; (source's URLs, page)."""
    listed, page, errors, unexpected = outcome
    result.errors.extend(errors)
    if result.on_error is not None:
        for error in errors:
            result.on_error(error)
    result.unexpected += unexpected
    return listed, page


def _count(outcome, result: RunResult, on_article) -> None:
    """One article's outcome (_archive_one's) into the run's counts and errors."""
    if outcome is None:  # its turn came after the deadline: not started
        result.articles["deferred"] += 1
        result.stopped = "max_duration"
        return
    if isinstance(outcome, HostResting):  # its site asked for a rest: not asked, deferred
        result.articles["deferred"] += 1
        said = f"{outcome.host}: "
        if not any(line.startswith(said) and "Retry-After" in line for line in result.errors):
            result.errors.append(said + outcome.detail.split(": not asked: ", 1)[-1]
                                 + "; its articles are deferred to a later run")
        return
    report, error, unexpected = outcome
    result.unexpected += unexpected
    if error:
        result.errors.append(error)
        result.articles["failed"] += 1
    else:
        state = report.recorded.state
        result.articles[state if state in result.articles else "failed"] += 1
        result.errors.extend(f if f.startswith(f"{report.source}: ") else f"{report.source}: {f}"
                             for f in report.failures)  # (a detail may name it already)
        result.unexpected += len(report.unexpected)
        result.verdicts.add(report.verdicts)
    if on_article:
        on_article(report, error)


def _archive_one(archiver: Archiver, url: str, page: FetchResult | None = None,
                 deadline: float | None = None):
    """(ArticleReport or None, one-line error or None, 1 if a bug of ours), or None when
    its turn came after `deadline` (not started): never raises. `page`: the article's page
    as a listing fetched it, archived as it is."""
    if deadline is not None and time.monotonic() >= deadline:
        return None
    try:
        report = archiver.archive(url, fetch=page)
    except ArchiveWriteError:
        raise  # the archive takes nothing more: the run stops
    except HostResting as resting:
        return resting  # not asked, as the site asked: deferred, said once for its host
    except TimeUp:
        return None  # the run's end cut its page short: as if not started
    except Exception as exc:  # noqa: BLE001 - one article's failure never stops the run
        raise_if_damaged(exc)  # the archive itself: no article can go on
        log.exception("article %s", url)
        return None, f"{url}: unexpected {type(exc).__name__}: {exc}", 1
    if report.error:
        said = report.fetch.detail or report.error
        return report, said if said.startswith(f"{url}: ") else f"{url}: {said}", 0
    return report, None, 0


def _recheck(archiver: Archiver, settings, deadline, result: RunResult) -> None:
    limit = MAX_RECHECKS_PER_RUN
    due = posts_due_by_age(archiver.db, utc_now(), limit)
    for start in range(0, len(due), max(1, settings.workers)):
        if deadline is not None and time.monotonic() >= deadline:
            result.stopped = "max_duration"
            break
        batch = due[start:start + settings.workers]
        verified: list[dict] = []
        for recorded in recheck_posts(archiver, batch, workers=settings.workers,
                                      verified=verified):
            if not recorded.asked and not recorded.unexpected:
                continue  # the run's time was up before X was asked: still due, no error
            result.errors.extend(recorded.problems)
            result.unexpected += recorded.unexpected
            result.posts_rechecked += 1  # counted as they are done: an interrupt may come
        result.verdicts.add(verified)
    if deadline is not None and time.monotonic() >= deadline and due:
        result.stopped = "max_duration"


def _json(items) -> str:
    import json

    return json.dumps(items, ensure_ascii=False)
