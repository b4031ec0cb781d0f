"""SIGINT (Ctrl-C) against a site that has not answered yet: every command exits 130 with
one line, `archiver: interrupted…`, records nothing of what the interrupt cut short (no
"too_slow", no "X did not answer": the user stopped it, the site did nothing wrong),
counts only what was done, and the same command again does the rest.

Real processes and a real loopback server; the SIGINT is sent once the server has seen
the requests it holds (synchronised on the server side, not on a sleep)."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import SAMPLES

#: The longest a held answer waits for its release: then it is answered anyway (a page,
#: or 503 from "X"), so that code that waits for it (before the fix) ends, and says what
#: it made of that.
HOLD_SECONDS = 4.0
#: An interrupted command ends within this (the requests under way are cut at once).
STOPS_WITHIN = 3.0
PAGE = (SAMPLES / "react-native-roundup.html").read_bytes()  # three posts the sample X knows
QUICK = b"<html><head><title>Quick</title></head><body><p>No posts here.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        server = self.server
        path = self.path.split("?", 1)[0]
        held = server.holding and (path.startswith("/held/") or path.startswith("/x/"))
        with server.seen:
            if held:
                server.held.append(self.path)
            server.seen.notify_all()
        if path == "/robots.txt":
            return self._send(404, b"")
        if held:
            server.release.wait(HOLD_SECONDS)
            with server.seen:
                server.answered.append(self.path)
        if path.startswith("/x/"):  # "X": only ever asked while holding
            return self._send(503, b"")
        if path.startswith("/held/"):
            return self._send(200, PAGE)
        if path == "/quick.html":
            return self._send(200, QUICK)
        return self._send(404, b"")

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client went away (interrupted): nothing to answer
            pass

    def log_message(self, *args):
        pass


class HeldSite:
    """A news site on 127.0.0.1 whose pages under /held/ (and "X" under /x/) are not
    answered while `holding`: a server slower than anyone waits for."""

    def __init__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.holding = True
        self.server.held = []
        self.server.answered = []  # held requests answered since
        self.server.seen = threading.Condition()
        self.server.release = threading.Event()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_held(self, count: int, timeout: float = 8.0) -> None:
        """Until `count` requests are being held (the server's own account)."""
        with self.server.seen:
            assert self.server.seen.wait_for(lambda: len(self.server.held) >= count, timeout), \
                self.server.held

    def answer(self) -> None:
        """Answer everything from now on, the held requests too."""
        self.server.holding = False
        self.server.release.set()

    def close(self) -> None:
        self.answer()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    held = HeldSite()
    yield held
    held.close()


def _env(**extra):
    # All requests to the one host at once: the held ones, and the quick one beside them.
    return {**os.environ, "ARCHIVER_HOST_CONCURRENCY": "8", **extra}


def _start(args, **env):
    return subprocess.Popen([sys.executable, "-m", "archiver.cli", *args], env=_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _interrupt(proc, signum=signal.SIGINT):
    """SIGINT (or `signum`); (exit status, stdout, stderr, seconds it took to end)."""
    sent = time.monotonic()
    proc.send_signal(signum)
    try:
        out, err = proc.communicate(timeout=HOLD_SECONDS + 4)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out, err, time.monotonic() - sent


def _rows(db, sql, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _wait_for_row(db, sql, timeout: float = 8.0) -> None:
    """Until the archive holds what `sql` counts (the quick page, stored by the process)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if db.exists() and _rows(db, sql)[0][0]:
                return
        except sqlite3.Error:  # the file may be mid-creation
            pass
        time.sleep(0.05)
    raise AssertionError(f"never stored: {sql}")


def _intact(db) -> None:
    check = subprocess.run([sys.executable, "-m", "archiver.cli", "check", "--db", str(db)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "intact" in check.stdout, check.stdout + check.stderr


def _no_fetch_failed_by_the_interrupt(db) -> None:
    """No failed fetch of the site stands for what the user cut short."""
    assert _rows(db, "SELECT error, detail FROM article_fetches WHERE error IS NOT NULL") == []


def test_an_interrupt_cuts_the_requests_under_way_and_is_no_fetch_result(site):
    """Http.interrupt() is not a deadline: the request waiting for its answer, and the one
    waiting for the host's turn, end at once by raising Interrupted, never as a failed
    fetch (too_slow, timeout, connection_error); nothing is asked after it."""
    from archiver.errors import Interrupted

    from .conftest import local_http

    http = local_http(host_concurrency=1)
    outcomes = {}

    def get(n):
        try:
            outcomes[n] = http.get(f"{site.url}/held/{n}.html")
        except Interrupted as exc:
            outcomes[n] = exc

    threads = [threading.Thread(target=get, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    site.wait_held(1)  # the other waits for the host's one slot
    sent = time.monotonic()
    http.interrupt()
    for thread in threads:
        thread.join(HOLD_SECONDS + 1)
    assert time.monotonic() - sent < 1.0
    assert [type(outcomes.get(n)) for n in range(2)] == [Interrupted, Interrupted], outcomes
    with pytest.raises(Interrupted):
        http.get(f"{site.url}/quick.html")
    assert len(site.server.held) == 1


def test_an_archive_interrupted_mid_fetch_keeps_only_what_finished_and_goes_on(site, tmp_path):
    db = tmp_path / "a.db"
    urls = [f"{site.url}/quick.html"] + [f"{site.url}/held/{n}.html" for n in range(4)]
    args = ["archive", "--allow-private", "--db", str(db), *urls]
    proc = _start(args)
    site.wait_held(4)
    _wait_for_row(db, "SELECT count(*) FROM article_fetches")  # the quick page: done
    code, out, err, took = _interrupt(proc)
    assert code == 130, err
    assert err.splitlines() == [
        "archiver: interrupted: 1 of 5 sources archived and kept; the rest not finished "
        "(the archive is consistent: run the same command again to go on)"]
    assert took < STOPS_WITHIN, took
    assert _rows(db, "SELECT a.url, f.error FROM article_fetches f JOIN articles a"
                     " ON a.id = f.article_id") == [(urls[0], None)]
    _no_fetch_failed_by_the_interrupt(db)
    _intact(db)

    site.answer()
    again = subprocess.run([sys.executable, "-m", "archiver.cli", *args], env=_env(),
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert _rows(db, "SELECT count(DISTINCT article_id) FROM article_fetches"
                     " WHERE error IS NULL") == [(5,)]
    _no_fetch_failed_by_the_interrupt(db)
    assert _rows(db, "SELECT count(*) FROM posts WHERE has_x_id = 1 AND status = 'unchecked'"
                 ) == [(0,)]
    _intact(db)


def _newest_findings(db):
    """The newest verdict on each embed, and the newest check of each quote in prose."""
    verdicts = _rows(db, "SELECT post_id, verdict FROM verifications WHERE id IN"
                         " (SELECT max(id) FROM verifications GROUP BY embed_id) ORDER BY 1, 2")
    claims = _rows(db, "SELECT quote, result, post_id FROM quote_claims WHERE id IN"
                       " (SELECT max(id) FROM quote_claims GROUP BY handle, sentence, quote)"
                       " ORDER BY 1, 2, 3")
    return verdicts, claims


def test_an_archive_interrupted_while_x_is_asked_leaves_what_one_whole_run_leaves(
        site, sample_server, tmp_path):
    """The page is stored, X has not answered yet: no answer is recorded for X, the page's
    embeds and prose quotes are checked then (the next run finds the page unchanged and
    would never check them), and the same command again ends where one uninterrupted
    run ends."""
    page = f"{sample_server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    db, whole = tmp_path / "a.db", tmp_path / "b.db"
    proc = _start(["archive", "--db", str(db), page, "--syndication-url", f"{site.url}/x",
                   "--oembed-url", f"{site.url}/x"])
    site.wait_held(1)  # X is asked about the first post, and keeps the user waiting
    code, _out, err, took = _interrupt(proc)
    assert code == 130, err
    assert err.startswith("archiver: interrupted: 0 of 1 source archived and kept;"), err
    assert took < STOPS_WITHIN, took
    assert _rows(db, "SELECT count(*) FROM post_checks") == [(0,)]  # no "X did not answer"
    _intact(db)

    site.answer()
    for archive in (db, whole):
        done = subprocess.run([sys.executable, "-m", "archiver.cli", "archive", "--db",
                               str(archive), page], env=_env(), capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    verdicts, claims = _newest_findings(whole)
    assert verdicts and claims
    assert _newest_findings(db) == (verdicts, claims)
    _intact(db)


def test_a_run_interrupted_mid_fetch_says_so_in_its_row_with_true_counts(site, tmp_path):
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    urls = [f"{site.url}/quick.html"] + [f"{site.url}/held/{n}.html" for n in range(3)]
    sources.write_text("".join(f'[[source]]\nurl = "{u}"\nkind = "article"\n\n' for u in urls))
    args = ["run", "--sources", str(sources), "--db", str(db), "--allow-private"]
    proc = _start(args)
    site.wait_held(3)
    _wait_for_row(db, "SELECT count(*) FROM article_fetches")
    code, _out, err, took = _interrupt(proc)
    assert code == 130, err
    assert err.splitlines() == [
        "archiver: interrupted: the run stopped; what it archived is kept, its runs row says "
        "what was done, and the next run goes on from there"]
    assert took < STOPS_WITHIN, took
    row = ("articles_seen, articles_new, articles_failed, articles_deferred, stopped_reason,"
           " exit_status, finished_at IS NOT NULL")
    assert _rows(db, f"SELECT {row} FROM runs") == [(4, 1, 0, 3, "interrupted", 130, 1)]
    _no_fetch_failed_by_the_interrupt(db)
    _intact(db)

    site.answer()
    again = subprocess.run([sys.executable, "-m", "archiver.cli", *args], env=_env(),
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert _rows(db, f"SELECT {row} FROM runs WHERE id = 2") == [
        (4, 3, 0, 0, "completed", 0, 1)]
    assert _rows(db, "SELECT count(DISTINCT article_id) FROM article_fetches"
                     " WHERE error IS NULL") == [(4,)]
    _no_fetch_failed_by_the_interrupt(db)
    _intact(db)


def test_extract_interrupted_is_one_line_and_130(site):
    proc = _start(["extract", "--allow-private", f"{site.url}/held/0.html"])
    site.wait_held(1)
    code, out, err, took = _interrupt(proc)
    assert (code, out, err) == (130, "", "archiver: interrupted: extract stopped before it "
                                         "finished\n")
    assert took < STOPS_WITHIN, took


def test_verify_recheck_interrupted_is_one_line_and_130_and_records_no_outage(
        site, sample_server, tmp_path):
    db = tmp_path / "a.db"
    archived = subprocess.run(
        [sys.executable, "-m", "archiver.cli", "archive", "--db", str(db),
         f"{sample_server.url}/news/react-native-roundup.html"],
        env=_env(), capture_output=True, text=True, timeout=60)
    assert archived.returncode == 0, archived.stderr
    checks = _rows(db, "SELECT count(*) FROM post_checks")
    # X, asked again, does not answer while the user waits; the user gives up.
    proc = _start(["verify", "--recheck", "--recheck-after", "0", "--db", str(db),
                   "--syndication-url", f"{site.url}/x", "--oembed-url", f"{site.url}/x"])
    site.wait_held(3)  # the page's three posts, each asked at once
    code, out, err, took = _interrupt(proc)
    assert (code, out) == (130, ""), err
    assert err.splitlines() == [
        "archiver: interrupted: verify stopped before it finished; what it wrote before is "
        "kept, the archive is consistent (run it again to go on)"]
    assert took < STOPS_WITHIN, took
    assert _rows(db, "SELECT count(*) FROM post_checks") == checks  # no "X did not answer"
    _intact(db)


@pytest.mark.parametrize("signum, code, how", [(signal.SIGINT, 130, "interrupted"),
                                               (signal.SIGTERM, 143, "terminated")])
def test_serve_stopped_is_one_line_of_ours(tmp_path, signum, code, how):
    db = tmp_path / "a.db"
    page = SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt"
    assert subprocess.run([sys.executable, "-m", "archiver.cli", "archive", "--db", str(db),
                           str(page)], capture_output=True, timeout=60).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = _start(["serve", "--db", str(db), "--port", str(port)])
    end = time.monotonic() + 8
    while True:  # until it answers
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                break
        except OSError:
            assert proc.poll() is None and time.monotonic() < end, proc.stderr.read()
            time.sleep(0.1)
    got, _out, err, _took = _interrupt(proc, signum)
    assert got == code, err
    assert err.splitlines()[-1] == f"archiver: {how}: serve stopped"
    assert "Traceback" not in err and "Aborted" not in err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_slow_source_holds_up_no_other_sources_articles_and_an_unread_one_is_said(
        site, tmp_path, workers):
    """Sources were read one after another before any article: a feed that took 30 s held
    up every other source's articles for 30 s. They are read side by side now, and a
    source's articles start as soon as it is read. Stopped while a source is still being
    read, the run's row names it: its articles are unknown, not counted."""
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    feed = f"{site.url}/held/feed.xml"
    sources.write_text(f'[[source]]\nurl = "{feed}"\nkind = "feed"\n\n'
                       f'[[source]]\nurl = "{site.url}/quick.html"\nkind = "article"\n')
    args = ["run", "--sources", str(sources), "--db", str(db), "--allow-private"]
    proc = _start(args, ARCHIVER_WORKERS=workers)
    site.wait_held(1)
    _wait_for_row(db, "SELECT count(*) FROM article_fetches")  # the quick article, stored
    with site.server.seen:
        assert site.server.answered == []  # while the feed is still being read
    code, _out, err, took = _interrupt(proc)
    assert code == 130, err
    assert took < STOPS_WITHIN, took
    [(seen, new, deferred, stopped, errors)] = _rows(
        db, "SELECT articles_seen, articles_new, articles_deferred, stopped_reason, errors"
            " FROM runs")
    assert (seen, new, deferred, stopped) == (1, 1, 0, "interrupted")
    assert json.loads(errors) == [f"1 source not read, the run was stopped: {feed}"]
    _intact(db)


def test_a_run_stopped_while_x_is_asked_counts_the_stored_page_as_new(site, sample_server,
                                                                     tmp_path):
    """The page was stored, then X was asked and the run stopped: it was counted deferred,
    the next run found it unchanged, and no run ever counted it new."""
    page = f"{sample_server.url}/news/shafaq-turkiye-syria-ankara-talks.html"
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{page}"\nkind = "article"\n')
    args = ["run", "--sources", str(sources), "--db", str(db), "--allow-private"]
    proc = _start([*args, "--syndication-url", f"{site.url}/x", "--oembed-url",
                   f"{site.url}/x"])
    site.wait_held(1)  # the page is stored; X is asked about its first post
    code, _out, err, _took = _interrupt(proc)
    assert code == 130, err
    row = "articles_seen, articles_new, articles_unchanged, articles_deferred, stopped_reason"
    assert _rows(db, f"SELECT {row} FROM runs") == [(1, 1, 0, 0, "interrupted")]
    _intact(db)


def test_a_source_that_never_answers_holds_up_neither_articles_nor_the_runs_end(site,
                                                                               tmp_path):
    """With --max-duration, a source still being read when the articles' time is up is
    not waited for (the re-checks get their share) and is named, once, in the run's
    errors (its articles are unknown: a source always that slow would otherwise leave no
    trace), and every other source's articles were archived meanwhile, with one worker
    too."""
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{site.url}/held/feed.xml"\nkind = "feed"\n\n'
                       f'[[source]]\nurl = "{site.url}/quick.html"\nkind = "article"\n')
    done = subprocess.run([sys.executable, "-m", "archiver.cli", "run", "--sources",
                           str(sources), "--db", str(db), "--allow-private", "--max-duration",
                           "2"], env=_env(ARCHIVER_WORKERS="1", ARCHIVER_HOST_DELAY="0"),
                          capture_output=True, text=True, timeout=60)
    said = f"1 source not read, the run's time was up: {site.url}/held/feed.xml"
    assert (done.returncode, done.stderr) == (0, f"archiver: {said}\n")
    with site.server.seen:
        assert site.server.answered == []  # the run ended before the feed ever answered
    assert _rows(db, "SELECT articles_seen, articles_new, articles_deferred, stopped_reason,"
                     " errors FROM runs") == [(1, 1, 0, "max_duration", json.dumps([said]))]


def test_a_run_terminated_by_its_supervisor_stops_as_an_interrupt_does(site, tmp_path):
    """systemd's stop and `timeout` send SIGTERM: the run ended with nothing said, exit
    143, its row 'killed or still running' for ever. It now stops as for SIGINT: one
    line, its row finished and 'interrupted', exit 143 as a shell reports SIGTERM."""
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    urls = [f"{site.url}/quick.html"] + [f"{site.url}/held/{n}.html" for n in range(2)]
    sources.write_text("".join(f'[[source]]\nurl = "{u}"\nkind = "article"\n\n' for u in urls))
    proc = subprocess.Popen([sys.executable, "-c",
                             "from archiver.cli import main; main()", "run", "--sources",
                             str(sources), "--db", str(db), "--allow-private"],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    site.wait_held(2)
    _wait_for_row(db, "SELECT count(*) FROM article_fetches")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=HOLD_SECONDS + 4)
    assert proc.returncode == 143, err
    assert err.splitlines() == [
        "archiver: terminated: the run stopped; what it archived is kept, its runs row says "
        "what was done, and the next run goes on from there"]
    assert _rows(db, "SELECT stopped_reason, exit_status, finished_at IS NOT NULL"
                     " FROM runs") == [("interrupted", 143, 1)]
    _no_fetch_failed_by_the_interrupt(db)
    _intact(db)


def test_scan_interrupted_is_one_line_and_130_and_leaves_no_part(tmp_path):
    """Ctrl-C while a part is being written: one line, 130, no traceback of the Parquet
    writer closing after its file, and no half part left behind."""
    from .warcs import corpus_rows, write_corpus_warc

    warc = tmp_path / "big.warc.gz"
    write_corpus_warc(warc, corpus_rows() * 3)
    out = tmp_path / "out"
    proc = _start(["scan", str(warc), "--out", str(out), "--workers", "1"])
    deadline = time.monotonic() + 30
    while not list(out.glob(".*.tmp-*")) and time.monotonic() < deadline \
            and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the scan ended before it could be interrupted"
    code, stdout, stderr, took = _interrupt(proc)
    assert (code, stderr) == (130, "archiver: interrupted: scan stopped before it finished\n")
    assert list(out.iterdir()) == []


def test_an_article_an_interrupt_cut_short_before_the_run_saw_it_end_is_deferred():
    """The interrupt reaches the workers first: an article's request is cut and its task
    ends with Interrupted before the main thread hears of the signal. Taken from the
    finished tasks, it was dropped from the running ones and counted nowhere (a CI run:
    2 deferred of 3 held); it is deferred."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from archiver.errors import Interrupted
    from archiver.job import RunResult, _list_and_archive
    from archiver.sources import Source

    cut = threading.Event()

    class Cut:
        render_urls: set = set()

        def archive(self, url, fetch=None):
            if url.endswith("/1.html"):
                cut.set()
                raise Interrupted("cut")  # the first to end: the main thread takes it
            cut.wait(5)
            raise Interrupted("cut")

        def stop(self):
            pass

    sources = [Source(f"https://news.example/{n}.html", "article") for n in range(3)]
    result = RunResult()
    with ThreadPoolExecutor(2) as readers:
        with pytest.raises(Interrupted):
            _list_and_archive(Cut(), readers, sources, 3, None, result, None)
    assert result.articles["seen"] == 3
    assert result.articles["deferred"] == 3, result.articles



def test_serve_stopped_while_datasette_loads_is_one_line_of_ours(monkeypatch, capsys):
    """Datasette's import takes about a second, and a Ctrl-C then gave a Python traceback:
    the handler was set after it. A KeyboardInterrupt while Datasette loads (a module
    that raises it as it is imported stands in for the second's Ctrl-C) is our one line
    and 130."""
    import signal as signals
    import types

    from archiver import serve

    class Loading(types.ModuleType):
        def __getattr__(self, name):
            raise KeyboardInterrupt  # what the handler raises on SIGINT, mid-import

    monkeypatch.setitem(sys.modules, "datasette.cli", Loading("datasette.cli"))
    monkeypatch.setattr(serve, "_interrupted", [])
    before = signals.getsignal(signals.SIGINT), signals.getsignal(signals.SIGTERM)
    try:
        assert serve.run_datasette(["serve"]) == 130
    finally:
        signals.signal(signals.SIGINT, before[0])
        signals.signal(signals.SIGTERM, before[1])
    assert capsys.readouterr().err == "archiver: interrupted: serve stopped\n"
