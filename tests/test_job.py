"""The cron job against the sample sites: feeds, sitemaps, re-runs, locks, deadlines."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.store import open_archive

PAGES = ["react-native-roundup.html", "superconductor-amp.html", "harbour-storm-desks.html"]


def rss(server, names):
    items = "".join(f"<item><title>{n}</title><link>{server.url}/news/{n}</link></item>"
                    for n in names)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Sample</title>'
            f"{items}</channel></rss>").encode()


def sitemap_index(server):
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9"><sitemap><loc>{server.url}/news/sitemap-1.xml</loc></sitemap>'
            f"</sitemapindex>").encode()


def sitemap(server, names):
    urls = "".join(f"<url><loc>{server.url}/news/{n}</loc><lastmod>2025-10-1{i}</lastmod></url>"
                   for i, n in enumerate(names))
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


@pytest.fixture
def site(sample_server, tmp_path):
    server = sample_server
    server.pages["feed.xml"] = rss(server, PAGES)
    server.pages["sitemap-index.xml"] = sitemap_index(server)
    server.pages["sitemap-1.xml"] = sitemap(server, ["shafaq-turkiye-syria-ankara-talks.html",
                                                     "arabic-summer-games-windows-1256.html"])
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nurl = "{server.url}/news/feed.xml"\nkind = "feed"\n\n'
        f'[[source]]\nurl = "{server.url}/news/sitemap-index.xml"\nkind = "sitemap"\n')
    yield server, sources
    server.pages.clear()
    server.overrides.clear()
    server.latency = 0


def run_cli(sources, db, *extra):
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db), *extra])
    return result


def runs(db):
    return open_archive(db).execute(
        "SELECT articles_seen, articles_new, articles_unchanged, articles_failed,"
        " articles_deferred, requests, exit_status, stopped_reason, finished_at IS NOT NULL,"
        " errors FROM runs ORDER BY id").fetchall()


def test_first_and_second_run(site, tmp_path):
    server, sources = site
    db = tmp_path / "a.db"
    first = run_cli(sources, db)
    assert first.exit_code == 0 and first.stdout == "" and first.stderr == ""  # silent, no TTY
    second = run_cli(sources, db, "--verbose")
    assert second.exit_code == 0
    (seen1, new1, _, failed1, _, requests1, status1, stopped1, finished1, errors1), \
        (seen2, new2, unchanged2, _, _, requests2, *_rest) = runs(db)
    assert (seen1, new1, failed1, status1, stopped1, finished1) == (5, 5, 0, 0, "completed", 1)
    assert json.loads(errors1) == []
    # every article costs one conditional GET, answered 304; nothing is asked of X again
    assert (seen2, new2, unchanged2) == (5, 0, 5)
    assert requests2 < requests1 / 2
    assert f"{requests2} requests" in second.stdout and "evidence chain head" in second.stdout
    print(f"first run {requests1} requests, second run {requests2}")


def test_a_new_article_in_the_feed(site, tmp_path):
    server, sources = site
    db = tmp_path / "a.db"
    assert run_cli(sources, db).exit_code == 0
    server.pages["fresh.html"] = (
        b'<html><body><a href="https://x.com/SamuelSusla/status/1641086480675225601">x</a>'
        b"</body></html>")
    server.pages["feed.xml"] = rss(server, ["fresh.html", *PAGES])
    assert run_cli(sources, db).exit_code == 0
    seen, new, unchanged = runs(db)[-1][:3]
    assert (seen, new, unchanged) == (6, 1, 5)  # the five old ones cost a 304 each


def test_malformed_feed_is_an_error_not_a_failure(site, tmp_path):
    server, sources = site
    server.pages["feed.xml"] = b"<html><body>Not a feed at all</body></html>"
    db = tmp_path / "a.db"
    result = run_cli(sources, db)
    assert result.exit_code == 0
    said = f"feed {server.url}/news/feed.xml: not a feed (an HTML page)"  # kind = "feed" given
    assert [line for line in result.stderr.splitlines()] == [f"archiver: {said}"]
    row = runs(db)[-1]
    assert row[1] == 2 and json.loads(row[-1]) == [said]
    assert open_archive(db).execute("SELECT error FROM source_checks WHERE url LIKE '%feed.xml'"
                                    ).fetchone() == ("malformed",)


def test_a_feed_link_that_is_not_a_url_is_an_error_not_a_failure(site, tmp_path):
    server, sources = site
    server.pages["feed.xml"] = rss(server, PAGES).replace(
        b"<item>", b"<item><title>bad</title><link>http://[::1</link></item><item>", 1)
    db = tmp_path / "a.db"
    result = run_cli(sources, db)
    assert result.exit_code == 0, result.output
    said = f"feed {server.url}/news/feed.xml: lists http://[::1, not a valid URL (Invalid IPv6 URL)"
    assert result.stderr.splitlines() == [f"archiver: {said}"]
    row = runs(db)[-1]
    assert row[:2] == (5, 5) and json.loads(row[-1]) == [said]


def test_failing_article_does_not_stop_the_run(site, tmp_path):
    server, sources = site
    server.overrides["/news/superconductor-amp.html"] = (500, b"down", "text/plain")
    db = tmp_path / "a.db"
    result = run_cli(sources, db)
    assert result.exit_code == 0 and "superconductor-amp.html" in result.stderr
    seen, new, _, failed = runs(db)[-1][:4]
    assert (seen, new, failed) == (5, 4, 1)


def test_two_runs_at_once(site, tmp_path):
    _, sources = site
    db = tmp_path / "a.db"
    with open(f"{db}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli(sources, db)
    assert result.exit_code == 0
    # On stderr, one line: cron mails stdout, and a skipped run is not news.
    assert result.stdout == ""
    assert result.stderr.startswith("archiver: another run is in progress (")
    assert len(result.stderr.splitlines()) == 1
    assert runs(db) == []


def test_max_duration_stops_between_articles(site, tmp_path):
    server, sources = site
    server.latency = 0.4
    db = tmp_path / "a.db"
    result = run_cli(sources, db, "--max-duration", "2", "--workers", "1")
    assert result.exit_code == 0
    seen, new, _, _, deferred, *_, stopped, finished, _ = runs(db)[-1]
    assert stopped == "max_duration" and finished == 1
    assert deferred > 0 and new + deferred <= seen


def test_unwritable_database(site, tmp_path):
    _, sources = site
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_cli(sources, blocker / "a.db")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "cannot open archive" in result.stderr


@pytest.mark.parametrize("content", ["", "[[source]]\nurl = 'ftp://x'\n", "not toml ="])
def test_bad_sources_file(tmp_path, content):
    sources = tmp_path / "sources.toml"
    sources.write_text(content)
    result = run_cli(sources, tmp_path / "a.db")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


def test_a_killed_run_leaves_the_archive_consistent_and_the_next_completes(site, tmp_path):
    server, sources = site
    server.latency = 0.3
    db = tmp_path / "a.db"
    env = {**os.environ, "ARCHIVER_WORKERS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "run", "--sources",
                             str(sources), "--db", str(db)], env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # kill it once it has stored something
        time.sleep(0.3)
        if db.exists():
            try:
                if open_archive(db).execute("SELECT count(*) FROM embeds").fetchone()[0]:
                    break
            except Exception:  # noqa: BLE001 - the file may be mid-creation
                pass
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    killed = runs(db)
    assert killed and killed[-1][8] == 0  # finished_at NULL: the run never got to finish
    # its counts were never written: not said as zeros
    listed = CliRunner().invoke(cli, ["runs", "--db", str(db)]).stdout.splitlines()
    assert listed[0].endswith("killed or still running: its counts are written when it ends")
    assert "0 articles" not in listed[0]
    integrity = CliRunner().invoke(cli, ["verify", "--integrity", "--db", str(db)])
    assert integrity.exit_code == 0, integrity.stdout
    server.latency = 0
    assert run_cli(sources, db).exit_code == 0
    archive = open_archive(db)
    assert archive.execute("SELECT count(*) FROM articles WHERE url LIKE 'http%'").fetchone()[0] == 5
    assert archive.execute("SELECT count(*) FROM posts WHERE has_x_id = 1 AND status = 'unchecked'"
                           ).fetchone()[0] == 0
    assert CliRunner().invoke(cli, ["verify", "--integrity", "--db", str(db)]).exit_code == 0


def test_sources_label_outlet_and_language(site, tmp_path):
    server, _ = site
    sources = tmp_path / "labelled.toml"
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/feed.xml"\nkind = "feed"\n'
                       f'outlet = "Sample Weekly"\nlanguage = "en"\nmax_articles = 2\n')
    db = tmp_path / "a.db"
    assert run_cli(sources, db).exit_code == 0
    rows = open_archive(db).execute("SELECT outlet, lang FROM articles").fetchall()
    assert rows == [("Sample Weekly", "en")] * 2  # and max_articles kept the first two


@pytest.mark.parametrize("field, value", [("text", 12345), ("user", {"id_str": {"x": 1},
                                                                      "name": "n",
                                                                      "screen_name": "s"})])
def test_a_malformed_x_answer_never_stops_a_run_and_the_run_says_so(site, tmp_path, field,
                                                                     value):
    from archiver.demo import X_ANSWERS

    server, sources = site
    post = "1641086480675225601"  # in react-native-roundup.html
    answer = json.loads((X_ANSWERS / f"{post}.json").read_text(encoding="utf-8"))
    good = json.dumps(answer, ensure_ascii=False)
    answer[field] = value
    server.tweets[post] = json.dumps(answer)
    server.overrides["/x/oembed"] = (503, b"", "text/plain")  # nothing else decides
    db = tmp_path / "a.db"
    try:
        first = run_cli(sources, db, "--verbose")
        assert first.exit_code == 0, first.output
        row = runs(db)[0]
        assert row[7] == "completed" and row[8] == 1
        errors = json.loads(row[9])
        assert any(post in e and "bad answer from syndication" in e for e in errors), errors
        archive = open_archive(db)
        assert archive.execute("SELECT status FROM posts WHERE id = ?", [post]).fetchone()[0] \
            == "unchecked"
        assert archive.execute("SELECT count(*) FROM post_checks WHERE post_id = ? AND outcome"
                               " = 'bad_answer'", [post]).fetchone()[0] == 1
        # every other post of the run was archived and verified
        assert archive.execute("SELECT count(*) FROM posts WHERE status = 'available'"
                               ).fetchone()[0] >= 5
        assert archive.execute("SELECT count(*) FROM verifications").fetchone()[0] >= 5
        # X answers properly again: the next run archives the post, verified
        server.tweets[post] = good
        server.overrides.pop("/x/oembed")
        second = run_cli(sources, db)
        assert second.exit_code == 0, second.output
        assert archive.execute("SELECT status FROM posts WHERE id = ?", [post]).fetchone()[0] \
            == "available"
        assert archive.execute("SELECT verdict FROM verifications WHERE post_id = ? ORDER BY id"
                               " DESC LIMIT 1", [post]).fetchone()[0] == "match"
        assert runs(db)[1][6] == 0
    finally:
        server.tweets.clear()


def test_a_misspelt_source_key_is_warned_about_and_a_wrong_type_refused(tmp_path, caplog):
    from archiver.errors import UsageError
    from archiver.sources import load_sources

    sources = tmp_path / "sources.toml"
    sources.write_text("[[source]]\nurl = 'https://news.example/feed'\nmax_artcles = 5\n")
    with caplog.at_level("WARNING", logger="archiver"):
        [source] = load_sources(sources)
    assert source.max_articles == 50
    assert [r.getMessage() for r in caplog.records] == [
        f"sources file {sources}: source 1: unknown key 'max_artcles' ignored"
        " (did you mean 'max_articles'?)"]
    sources.write_text("[[source]]\nurl = 'https://news.example/feed'\noutlet = 5\n")
    with pytest.raises(UsageError, match="source 1: outlet must be a string"):
        load_sources(sources)


def test_log_gets_the_runs_summary_and_each_error(site, tmp_path):
    server, sources = site
    server.overrides["/news/arabic-summer-games-windows-1256.html"] = (500, b"down", "text/plain")
    log = tmp_path / "run.log"
    result = run_cli(sources, tmp_path / "a.db", "--log", str(log))
    assert result.exit_code == 0, result.output
    text = log.read_text(encoding="utf-8")
    errors = [line for line in result.stderr.splitlines() if line.startswith("archiver: ")]
    assert errors and all(line[len("archiver: "):] in text for line in errors)
    assert " INFO archiver.runlog: " in text and "articles" in text
    # every line of the log has its time and level: the summary's second line too
    import re

    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ", line)
               for line in text.splitlines()), text
    assert any(line.endswith("misquotes") or "verified" in line for line in text.splitlines())


def test_an_interrupted_run_stops_in_seconds_and_its_row_says_so(sample_server, tmp_path):
    """SIGINT to the cron job while slow pages are being archived: it stops within
    seconds, says so in one line, exits 130, and its runs row is finished as
    'interrupted' with the articles not reached deferred; the archive stays intact."""
    import signal
    import subprocess
    import sys

    server = sample_server
    server.latency = 1.0
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(
        f'[[source]]\nurl = "{server.url}/news/react-native-roundup.html?copy={n}"\n'
        f'kind = "article"\n\n' for n in range(20)))
    db = tmp_path / "a.db"
    env = {**os.environ, "ARCHIVER_WORKERS": "2", "ARCHIVER_HOST_CONCURRENCY": "2",
           "ARCHIVER_HOST_DELAY": "0", "ARCHIVER_FETCH_MEDIA": "0",
           "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
           "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}
    try:
        proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "run", "--sources",
                                 str(sources), "--db", str(db), "--allow-private"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        interrupted = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
        stopped_after = time.monotonic() - interrupted
    finally:
        server.latency = 0
    assert proc.returncode == 130, err
    assert stopped_after < 8, stopped_after
    assert [x for x in err.splitlines() if "interrupted" in x] == [
        "archiver: interrupted: the run stopped; what it archived is kept, its runs row says "
        "what was done, and the next run goes on from there"]
    seen, new, _, failed, deferred, *_, stopped, finished, _ = runs(db)[-1]
    assert stopped == "interrupted" and finished == 1
    assert seen == 20 and deferred > 0
    check = subprocess.run([sys.executable, "-m", "archiver.cli", "check", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "intact" in check.stdout, check.stdout + check.stderr


def test_rechecks_cut_by_max_duration_are_deferred_not_failures(sample_server, tmp_path):
    """Posts the run's time left unasked are neither re-checked nor errors nor answers: the
    run says max_duration, counts only the posts X was asked about, and they stay due."""
    server = sample_server
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/react-native-roundup.html"\n'
                       'kind = "article"\n')
    db = tmp_path / "a.db"
    assert run_cli(sources, db).exit_code == 0  # three posts archived
    conn = open_archive(db).conn
    conn.execute("UPDATE posts SET last_checked_at = '2020-01-01T00:00:00Z'")
    conn.commit()
    checks = conn.execute("SELECT count(*) FROM post_checks").fetchone()[0]

    def slow(request, query):
        time.sleep(1.2)
        return None  # then the usual answer

    server.overrides["/x/tweet-result"] = slow
    try:
        result = run_cli(sources, db, "--max-duration", "2", "--workers", "1")
    finally:
        server.overrides.clear()
    assert result.exit_code == 0, result.output
    assert "not asked" not in result.stderr
    rechecked, stopped = open_archive(db).execute(
        "SELECT posts_rechecked, stopped_reason FROM runs ORDER BY id DESC").fetchone()
    asked = open_archive(db).execute("SELECT count(*) FROM post_checks").fetchone()[0] - checks
    assert stopped == "max_duration" and 1 <= rechecked < 3
    assert asked == rechecked  # one answer per post asked, none for the others
    due = open_archive(db).execute("SELECT count(*) FROM posts WHERE last_checked_at = "
                                   "'2020-01-01T00:00:00Z'").fetchone()[0]
    assert due >= 3 - rechecked  # the posts not asked are still due (and so is an outage)


def test_a_damaged_archive_stops_the_run_in_one_line(site, tmp_path):
    """Pages of the archive's posts table zeroed (a disk's damage): the run went on to
    fail every article the same way, a traceback each. The first read SQLite finds
    damaged stops it, in one line."""
    import sqlite3

    server, sources = site
    db = tmp_path / "a.db"
    first = run_cli(sources, db)
    assert first.exit_code == 0, first.output
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [p for (p,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM sqlite_master"
        " WHERE tbl_name = 'posts')")]
    conn.close()
    with open(db, "r+b") as stream:
        for page in pages:
            stream.seek((page - 1) * size)
            stream.write(b"\xa5" * size)
    second = run_cli(sources, db)  # each listed article reads the posts it shows
    assert second.exit_code == 1
    lines = second.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in second.stderr, second.stderr
    assert lines[0].startswith("archiver: the archive is damaged (")
    assert "archiver check" in lines[0]


@pytest.mark.parametrize("url, said", [
    ("123", "source 1: url must be a quoted string, not 123"),
    ("['https://a.example/feed']", "source 1: url must be a quoted string, not "
                                   "['https://a.example/feed']"),
    (None, "source 1 has no url")])
def test_a_sources_url_that_is_no_string_is_said_so(tmp_path, url, said):
    """`url = 123` was said to be a source with no url."""
    sources = tmp_path / "sources.toml"
    sources.write_text("[[source]]\n" + (f"url = {url}\n" if url else 'kind = "feed"\n'))
    result = run_cli(sources, tmp_path / "a.db")
    assert result.exit_code == 2
    assert result.stderr == f"archiver: sources file {sources}: {said}\n"


def test_an_article_that_is_no_page_is_named_once_in_the_runs_line(site, tmp_path):
    server, sources = site
    server.overrides["/news/superconductor-amp.html"] = (200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
                                                          "application/pdf")
    result = run_cli(sources, tmp_path / "a.db")
    url = f"{server.url}/news/superconductor-amp.html"
    [said] = [line for line in result.stderr.splitlines() if "superconductor" in line]
    assert said == f"archiver: {url}: not an HTML or text page (application/pdf)"


def test_a_sources_error_is_said_before_the_run_ends(sample_server, tmp_path):
    """A source's error is said as the source is read, not when the run ends: a run a
    supervisor kills later has said it already (its runs row keeps it too)."""
    server = sample_server
    server.pages["not-a-feed.xml"] = b"<html><body>Not a feed at all</body></html>"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nurl = "{server.url}/news/not-a-feed.xml"\nkind = "feed"\n\n' + "".join(
            f'[[source]]\nurl = "{server.url}/news/react-native-roundup.html?copy={n}"\n'
            f'kind = "article"\n\n' for n in range(8)))
    env = {**os.environ, "ARCHIVER_WORKERS": "1", "ARCHIVER_HOST_CONCURRENCY": "1",
           "ARCHIVER_HOST_DELAY": "0", "ARCHIVER_FETCH_MEDIA": "0",
           "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
           "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}
    server.latency = 0.5
    try:
        proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "run", "--sources",
                                 str(sources), "--db", str(tmp_path / "a.db"), "--allow-private"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)  # the listing read, the articles still going
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        server.latency = 0
        server.pages.pop("not-a-feed.xml", None)
    assert proc.returncode == 143, err
    assert f"archiver: feed {server.url}/news/not-a-feed.xml: not a feed (an HTML page)" \
        in err.splitlines()


def test_a_source_still_being_read_when_time_is_up_is_named_in_the_runs_errors(
        site, tmp_path):
    """A page whose kind the run guesses, or a feed, still arriving at --max-duration: its
    articles are unknown, so it is named in the run's errors (and --log), as an
    interrupted run names its unread sources; a source always that slow would otherwise
    leave no trace in any runs row."""
    server, _ = site

    def slow(_request, _query):
        time.sleep(4)
        return (200, b"<html><body><p>Late.</p></body></html>", "text/html")

    server.overrides["/news/slow.html"] = slow
    sources = tmp_path / "slow.toml"
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/slow.html"\n')
    db = tmp_path / "a.db"
    result = run_cli(sources, db, "--max-duration", "1")
    assert result.exit_code == 0, result.output
    *_, stopped, finished, errors = runs(db)[-1]
    assert (stopped, finished) == ("max_duration", 1)
    assert json.loads(errors) == [f"1 source not read, the run's time was up: "
                                  f"{server.url}/news/slow.html"]


def test_a_site_that_asks_for_a_rest_has_its_other_articles_deferred(site, tmp_path):
    """One article answers 429 with an hour's Retry-After: the site's other articles are
    not asked this run, as it asked — deferred, said once for the site, not each counted
    a failure with a line of its own (nothing was asked of the site for them)."""
    server, sources = site
    server.overrides[f"/news/{PAGES[0]}"] = (429, b"later", "text/plain",
                                             {"Retry-After": "3600"})
    db = tmp_path / "a.db"
    result = run_cli(sources, db, "--workers", "1")
    assert result.exit_code == 0, result.output
    seen, new, _unchanged, failed, deferred, *_rest, errors = runs(db)[-1]
    assert failed == 1 and deferred >= 1 and new + deferred == seen - 1, runs(db)[-1]
    lines = json.loads(errors)
    host = server.url.split("//", 1)[1]
    assert sum(line.startswith(f"{host}: ") for line in lines) == 1, lines
    assert len(lines) == 2, lines  # the 429 itself, and the site's rest
    # (the rested-from articles have no failed fetch: nothing was asked for them)
    assert open_archive(db).execute("SELECT count(*) FROM article_fetches").fetchone() == (
        new + failed,)
