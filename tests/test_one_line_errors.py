"""Mistakes in what is asked are one line on stderr with the documented exit status,
never a traceback (issue 12, item 4: the cases handled so far)."""

import json

import pytest
from click.testing import CliRunner

from archiver.cli import cli


@pytest.mark.parametrize("allow_private", ["1", "0"])
def test_a_url_with_a_port_past_65535(tmp_path, monkeypatch, allow_private):
    monkeypatch.setenv("ARCHIVER_ALLOW_PRIVATE", allow_private)
    result = CliRunner().invoke(cli, ["archive", "http://127.0.0.1:99999/x", "--db",
                                      str(tmp_path / "a.db")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = result.stderr.splitlines()
    assert errors == ["archiver: http://127.0.0.1:99999/x: not a valid URL "
                      "(Port out of range 0-65535)"]


@pytest.mark.parametrize("command", [["posts"], ["runs"]])
def test_a_limit_past_64_bits_is_bad_usage(tmp_path, command):
    result = CliRunner().invoke(cli, [*command, "--limit", str(2 ** 64), "--db",
                                      str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "--limit" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "a.db").exists()


def test_a_log_in_a_missing_folder(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nurl = "http://127.0.0.1:9/a.html"\n')
    log = tmp_path / "missing" / "run.log"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--log", str(log),
                                      "--db", str(tmp_path / "a.db")])
    # said once, the run goes on without its log (a cron job's work is the archive), exit 1
    assert (result.exit_code, result.stdout) == (1, "")
    first, *rest = result.stderr.splitlines()
    assert first == (f"archiver: --log {log}: cannot write there (No such file or directory);"
                     " the run goes on")
    assert all(line.startswith("archiver: ") and "--log" not in line for line in rest)
    assert (tmp_path / "a.db").exists() and not log.parent.exists()
    # and the run's row says it: its exit status and the line
    import json
    import sqlite3
    with sqlite3.connect(tmp_path / "a.db") as conn:
        status, errors = conn.execute("SELECT exit_status, errors FROM runs").fetchone()
    assert status == 1 and any("--log" in line for line in json.loads(errors))


def _png(path):
    """A real PNG: bytes that are not UTF-8 text."""
    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(path)
    return path


@pytest.mark.parametrize("how", ["run --sources", "archive --config", "ARCHIVER_CONFIG"])
def test_a_settings_or_sources_file_that_is_not_utf8_is_bad_usage(tmp_path, monkeypatch, how):
    png = _png(tmp_path / "x.png")
    db = tmp_path / "a.db"
    if how == "run --sources":
        args, said = (["run", "--sources", str(png), "--db", str(db)],
                      f"archiver: sources file {png} is not a UTF-8 TOML file (")
    elif how == "archive --config":
        args, said = (["archive", "--config", str(png), "--db", str(db), "http://127.0.0.1:9/"],
                      f"archiver: cannot read config {png}: not a UTF-8 TOML file (")
    else:
        monkeypatch.setenv("ARCHIVER_CONFIG", str(png))
        args, said = (["posts", "--db", str(db)],
                      f"archiver: cannot read config {png}: not a UTF-8 TOML file (")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [error] = result.stderr.splitlines()
    assert error.startswith(said) and error.endswith(" at byte 0)"), error
    assert result.stdout == "" and not db.exists()


MALFORMED = [("http://[::1", "Invalid IPv6 URL"),
             ("https://[news.example]/a", "'news.example' does not appear to be an IPv4 or IPv6 "
                                          "address"),
             ("file://[::1/page.html", "Invalid IPv6 URL")]


@pytest.mark.parametrize("url, reason", MALFORMED)
def test_a_malformed_url_is_an_input_that_failed(tmp_path, url, reason):
    page = tmp_path / "page.html"
    page.write_text('<a href="https://x.com/a/status/1840909492374892176">a</a>')
    said = f"archiver: {url}: not a valid URL ({reason})"
    extract = CliRunner().invoke(cli, ["extract", "--json", url, str(page)])
    assert extract.exit_code == 1, extract.output
    assert extract.exception is None or isinstance(extract.exception, SystemExit)
    assert extract.stderr.splitlines() == [said]
    assert '"1840909492374892176"' in extract.stdout  # the other input is still read
    db = tmp_path / "a.db"
    archive = CliRunner().invoke(cli, ["archive", "--db", str(db), url, str(page)])
    assert archive.exit_code == 1, archive.output
    assert archive.exception is None or isinstance(archive.exception, SystemExit)
    assert archive.stderr.splitlines() == [said]
    import sqlite3

    with sqlite3.connect(db) as conn:  # as for ftp:, never an article row
        assert [r[0] for r in conn.execute("SELECT url FROM articles")] == [page.as_uri()]


def test_a_sources_file_with_a_malformed_url_is_a_bad_sources_file(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nurl = "https://news.example/feed.xml"\n\n'
                       '[[source]]\nurl = "http://[::1"\n')
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db)])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (f"archiver: sources file {sources}: source 2: 'http://[::1' is "
                             "not a valid URL (Invalid IPv6 URL)\n")
    assert not db.exists()


def test_a_redirect_to_a_malformed_url_is_the_page_that_failed():
    """A server's Location is input too: the page failed, in one line (requests reads
    the Location first, and its ValueError is the page's failure: kept so)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path == "/robots.txt":
                self.send_response(404)
            else:
                self.send_response(301)
                self.send_header("Location", "http://[::1/new")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    old = f"http://127.0.0.1:{server.server_port}/old"
    try:
        result = CliRunner().invoke(cli, ["extract", old])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [f"archiver: GET {old}: Invalid IPv6 URL"]


@pytest.mark.parametrize("command", [
    ["verify"], ["verify", "--recheck"], ["verify", "--json"], ["verify", "--format", "csv"],
    ["verify", "--integrity"], ["verify", "--article", "https://news.example/a"],
    ["verify", "--post", "1840909492374892176", "--recheck"], ["migrate"], ["check"]])
def test_verify_and_migrate_never_make_a_new_empty_archive(tmp_path, command):
    db = tmp_path / "typo" / "archive.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(db)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == f"archiver: no archive at {db}\n"
    assert not (tmp_path / "typo").exists()


def test_verify_names_an_article_or_a_post_not_archived(tmp_path):
    import sqlite3

    from .conftest import SEED

    db = tmp_path / "a.db"
    assert CliRunner().invoke(cli, ["archive", "--db", str(db), str(SEED)]).exit_code == 0

    def verifications():
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM verifications").fetchone()[0]

    before = verifications()
    for option, value, said in [("--article", "https://news.example/none", "article"),
                                ("--post", "1840909492374892176", "post")]:
        for extra in ([], ["--json"], ["--recheck", "--recheck-after", "0"]):
            result = CliRunner().invoke(cli, ["verify", option, value, *extra, "--db", str(db)])
            assert (result.exit_code, result.stdout) == (1, ""), result.output
            assert result.stderr == f"archiver: no archived {said} {value}\n"
    assert verifications() == before
    with sqlite3.connect(db) as conn:  # what is archived is still verified
        post = conn.execute("SELECT id FROM posts LIMIT 1").fetchone()[0]
    for option, value in [("--article", SEED.resolve().as_uri()), ("--post", post)]:
        result = CliRunner().invoke(cli, ["verify", option, value, "--db", str(db)])
        assert result.exit_code == 0 and result.stderr == "", result.output
        assert "nothing to check" not in result.stdout


def _commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_clicks_own_usage_errors_are_one_line_on_every_command(name):
    result = CliRunner().invoke(cli, [name, "--zzz"])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == (f"archiver: No such option '--zzz' (see archiver {name}"
                             " --help)\n")


@pytest.mark.parametrize("args, line", [
    (["posts", "--limit", "-1"], "archiver: Invalid value for '--limit': -1: it must be at "
                                 "least 1 (see archiver posts --help)"),
    (["posts", "--limit", "x"], "archiver: Invalid value for '--limit': 'x' is not a whole "
                                "number (see archiver posts --help)"),
    (["scan", "--workers", "two", "a.warc", "--out", "o"],
     "archiver: Invalid value for '--workers': 'two' is not a whole number (see archiver scan "
     "--help)"),
    # an option of one value given twice: click kept the last, silently
    (["verify", "--article", "a.html", "--article=b.html"], "archiver: --article is given "
                                                             "twice: it takes one value (see "
                                                             "archiver verify --help)"),
    (["posts", "--limit", "2", "--handle", "a", "--limit", "3"],
     "archiver: --limit is given twice: it takes one value (see archiver posts --help)"),
    (["runs", "--format", "xml"], "archiver: Invalid value for '--format': 'xml' is not one of "
                                  "'table', 'json', 'csv' (see archiver runs --help)"),
    (["extract"], "archiver: Missing argument 'SOURCES...' (see archiver extract --help)"),
    (["scan", "x.warc"], "archiver: Missing option '-o' / '--out' / '--output' (see archiver "
                         "scan --help)"),
    (["no-such-command"], "archiver: No such command 'no-such-command' (see archiver --help)"),
    (["--no-such-option", "posts"], "archiver: No such option '--no-such-option' (see archiver "
                                    "--help)"),
])
def test_a_usage_error_is_one_line_naming_the_help_to_read(args, line):
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert result.stderr == line + "\n"


def test_a_usage_error_is_one_line_from_the_installed_command_too():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "archiver.cli", "posts", "--limit", "0"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("archiver: Invalid value for '--limit': 0: it must be at least 1 "
                           "(see archiver posts --help)\n")


@pytest.fixture(scope="module")
def seed_archive(tmp_path_factory):
    from .conftest import SEED

    db = tmp_path_factory.mktemp("seed") / "a.db"
    result = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db), str(SEED)])
    assert result.exit_code == 0, result.output
    return db, SEED.resolve().as_uri()


#: Every command with -o/--output FILE, with the arguments it needs besides.
FILE_OUTPUTS = {"export-manifest": [], "export-warc": [], "report": ["{article}"]}


def test_every_file_output_is_checked_below():
    with_o = {name for name, command in cli.commands.items()
              for param in command.params if "-o" in getattr(param, "opts", [])}
    assert with_o == set(FILE_OUTPUTS) | {"scan"}  # scan's --out is a folder: test_scan.py


@pytest.mark.parametrize("name", sorted(FILE_OUTPUTS))
@pytest.mark.parametrize("where", ["missing folder", "a folder", "under a file"])
def test_an_output_that_cannot_be_written_is_one_line_naming_it(tmp_path, seed_archive, name,
                                                                where):
    db, article = seed_archive
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    leaf = "out.warc.gz" if name == "export-warc" else "out.x"  # (it takes no other name)
    target = {"missing folder": tmp_path / "missing" / leaf,
              "a folder": tmp_path / "folder",
              "under a file": tmp_path / "file" / leaf}[where]
    args = [a.format(article=article) for a in FILE_OUTPUTS[name]]
    result = CliRunner().invoke(cli, [name, *args, "-o", str(target), "--db", str(db)])
    code, line = {
        "missing folder": (1, f"archiver: {target}: No such file or directory"),
        "a folder": (2, f"archiver: Invalid value for '-o' / '--output': File '{target}' is a "
                        f"directory (see archiver {name} --help)"),
        "under a file": (1, f"archiver: {target}: Not a directory"),
    }[where]
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", line + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder"]
    assert list((tmp_path / "folder").iterdir()) == []


def test_an_address_pasted_from_x_names_its_post_or_handle(tmp_path):
    """`verify --post https://x.com/…/status/ID` said "no archived post" of an archived
    post, and `posts --handle https://x.com/NAME` listed 0 posts, silently: a user pastes
    what the browser shows."""
    from archiver.pipeline import archive_source
    from archiver.store import open_archive

    from .test_store import blockquote, write_page

    db = tmp_path / "a.db"
    archive = open_archive(db)
    archive_source(archive, write_page(tmp_path / "p.html", blockquote(
        "1977000000000000021", "HarbourDesk", "Harbour Desk", "The pier reopens.", lang="en")))
    archive.conn.close()
    listed = CliRunner().invoke(cli, ["posts", "--db", str(db), "--format", "json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    row = next(r for r in rows if r["post_id"] and r["handle"])
    by_id = CliRunner().invoke(cli, ["verify", "--db", str(db), "--post", row["post_id"]])
    by_url = CliRunner().invoke(cli, ["verify", "--db", str(db), "--post",
                                      f"https://x.com/{row['handle']}/status/{row['post_id']}"
                                      "?s=20"])
    assert by_url.exit_code == by_id.exit_code == 0, by_url.output
    assert by_url.stdout.splitlines()[:-1] == by_id.stdout.splitlines()[:-1]
    for typed in (f"https://x.com/{row['handle']}", f"twitter.com/{row['handle']}/status/1",
                  f"https://mobile.twitter.com/{row['handle'].lower()}/"):
        found = CliRunner().invoke(cli, ["posts", "--db", str(db), "--handle", typed,
                                         "--format", "json"])
        assert row["post_id"] in found.stdout, (typed, found.output)
    wrong = CliRunner().invoke(cli, ["verify", "--db", str(db), "--post", "x.com/someone"])
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert wrong.stderr == ("archiver: --post 'x.com/someone' names no post: give its id or "
                            "its address on X\n")
