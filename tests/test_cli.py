"""The command line on real files and a real local HTTP server."""

import csv
import io
import json
import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.models import EMBED_JSON_KEYS

from .conftest import CORPUS, SAMPLES, SEED


@pytest.fixture
def runner():
    return CliRunner()


def lines(text):
    return [line for line in text.splitlines() if line]


def test_extract_json_has_exactly_the_documented_keys_in_document_order(runner):
    result = runner.invoke(cli, ["extract", "--json", str(SEED)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in lines(result.stdout)]
    assert [tuple(r) for r in records] == [EMBED_JSON_KEYS] * 3
    assert [r["handle"] for r in records] == ["syrianmofaex", "Murhaf_abuqasra", "HakanFidan"]
    fidan = records[2]
    assert fidan == {
        "post_id": None,
        "handle": "HakanFidan",
        "author_name": "Hakan Fidan",
        "date": "2025-10-12",
        "shown_date": "October 12, 2025",
        "url": None,
        "text": fidan["text"],
        "lang": None,
        "media": ["pic.twitter.com/Y9Njmej8LO"],
        "kind": "text",
        "positions": [2],
        "source": str(SEED),
    }
    assert fidan["text"].startswith("Suriye halkının özgürlüğe kavuşmasının ardından")
    assert fidan["text"].endswith("mutabıkız.Bu…")
    assert records[0]["author_name"] == "وزارة الخارجية والمغتربين السورية"
    assert records[0]["media"] == ["pic.twitter.com/jkZGQRkb2t"]
    assert records[1]["media"] == [] and records[1]["text"].endswith("على…")


@pytest.mark.parametrize("row", [
    {"text": "وزارة \u200f«قال»\n\t\"x\" \\ \u2028 \x00 \x7f 🇸🇾 \ud800", "n": 12, "f": 1.5,
     "none": None, "yes": True, "media": ["pic.twitter.com/a", []], "nested": {"k": [1, {}]}},
    {}, {"": ""}, {"post_id": "1" * 19, "positions": [0, 3], "lang": None},
])
def test_json_lines_are_what_json_dumps_writes(row):
    from archiver.cli import _JSON_LINE

    assert _JSON_LINE(row) == json.dumps(row, ensure_ascii=False)
    assert json.loads(_JSON_LINE(row)) == row


def test_json_lines_refuse_what_json_refuses():
    from archiver.cli import _JSON_LINE

    with pytest.raises(TypeError):
        _JSON_LINE({"when": object()})
    assert _JSON_LINE({"x": 1}) == '{"x": 1}'  # (the encoder is left as it was)


def test_extract_reads_plain_text_from_stdin(runner):
    result = runner.invoke(cli, ["extract", "--json", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0
    assert [json.loads(x)["source"] for x in lines(result.stdout)] == ["-"] * 3


def test_extract_missing_file_is_one_line_and_the_rest_still_runs(runner, tmp_path):
    page = CORPUS / "19-aktualne-cz-codefragment.html"
    result = runner.invoke(cli, ["extract", "--json", str(tmp_path / "nope.html"), str(page)])
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"archiver: {tmp_path / 'nope.html'}: no such file"]
    assert [json.loads(x)["post_id"] for x in lines(result.stdout)] == ["1454931184966770696"]


def test_extract_table_without_json(runner):
    result = runner.invoke(cli, ["extract", str(SAMPLES / "react-native-roundup.html")])
    assert result.exit_code == 0
    out = result.stdout
    assert "3 posts" in out and "1641086480675225601" in out and "SamuelSusla" in out


def test_extract_url_from_a_local_server(runner, httpserver):
    body = (SAMPLES / "arabic-summer-games-windows-1256.html").read_bytes()
    httpserver.expect_request("/ar").respond_with_data(
        body, content_type="text/html; charset=windows-1256"
    )
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = runner.invoke(cli, ["extract", "--json", httpserver.url_for("/gone"),
                                 httpserver.url_for("/ar")])
    assert result.exit_code == 1
    assert len(lines(result.stderr)) == 1 and "404" in result.stderr
    record = json.loads(result.stdout)
    assert record["author_name"] == "مريم المطيري"
    assert record["text"].startswith("اجازة الصيف")


def test_archive_then_posts_round_trip_in_every_format(runner, tmp_path, monkeypatch):
    db = tmp_path / "a.db"
    monkeypatch.setenv("ARCHIVER_DB", str(db))
    result = runner.invoke(cli, ["archive", *map(str, sorted(SAMPLES.iterdir()))])
    assert result.exit_code == 0, result.output
    assert db.exists()
    *summaries, verdicts, head = lines(result.stdout)
    assert len(summaries) == len(list(SAMPLES.iterdir()))
    # Archiving verifies what it archived: one line of verdicts, then the chain head.
    assert verdicts.startswith("verified ") and "truncated" in verdicts, verdicts
    assert head.startswith("evidence chain head: #")

    table = runner.invoke(cli, ["posts", "--handle", "MATTCARROLLCODE"])
    assert table.exit_code == 0
    assert "1641895049427550208" in table.stdout and "2 posts" in table.stdout

    as_json = runner.invoke(cli, ["posts", "--since", "2023-03-01", "--until", "2023-03-31",
                                  "--format", "json"])
    ids = [json.loads(x)["post_id"] for x in lines(as_json.stdout)]
    assert ids == ["1641895049427550208", "1641086480675225601"]

    as_csv = runner.invoke(cli, ["posts", "--date", "2025-10-12", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    # The seed as plain text (no ids) and as an HTML page with embeds (X's ids): each copy
    # without id was matched to X's post, and each post is listed once, under its id, with
    # every article quoting it (the seed, its copy as text, and the misquoting desk).
    assert sorted((r["handle"], r["post_id"], r["articles"]) for r in rows) == [
        ("HakanFidan", "1977411517674615015", "3"),
        ("Murhaf_abuqasra", "1977344933098472786", "3"),
        ("syrianmofaex", "1977323638617121713", "3")]

    searched = runner.invoke(cli, ["posts", "--search", "SURİYE", "--format", "json"])
    assert [json.loads(x)["handle"] for x in lines(searched.stdout)] == ["HakanFidan"]

    # X served only a cut copy of Fidan's long post: every format says so, never passing
    # the cut text off as the whole post.
    fidan = json.loads(lines(searched.stdout)[0])
    assert fidan["text_cut"] is True and fidan["text"].endswith("Bu")
    assert {r["handle"]: r["text_cut"] for r in rows}["HakanFidan"] == "True"
    by_handle = runner.invoke(cli, ["posts", "--handle", "HakanFidan"])
    assert "[cut by X] Suriye" in by_handle.stdout
    whole = json.loads(lines(as_json.stdout)[0])
    assert whole["text_cut"] is False


def test_db_option_overrides_the_environment(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVER_DB", str(tmp_path / "env.db"))
    result = runner.invoke(cli, ["archive", "--db", str(tmp_path / "opt.db"), str(SEED)])
    assert result.exit_code == 0
    assert (tmp_path / "opt.db").exists() and not (tmp_path / "env.db").exists()


@pytest.mark.parametrize("option", ["--date", "--since", "--until"])
def test_invalid_date_is_one_line_with_status_2(runner, tmp_path, option):
    result = runner.invoke(cli, ["posts", "--db", str(tmp_path / "a.db"), option, "2025-02-30"])
    assert result.exit_code == 2
    assert lines(result.stderr) == [
        f"archiver: invalid {option} '2025-02-30': no such date (February 2025 has 28 days)"
    ]


def test_archive_a_failing_url_records_it_and_carries_on(runner, tmp_path, httpserver):
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["archive", "--db", str(db), httpserver.url_for("/missing"),
                                 str(SEED)])
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"archiver: GET {httpserver.url_for('/missing')} returned 404 NOT FOUND"]
    assert "3 embeds" in result.stdout
    from archiver.store import open_archive
    rows = open_archive(db).execute("SELECT status, error FROM article_fetches").fetchall()
    assert sorted(rows, key=repr) == sorted([(404, "http_404"), (None, None)], key=repr)


def test_demo_on_a_taken_port_says_so_and_changes_nothing(runner, tmp_path):
    """The demo's article URLs hold its port: another port would archive every sample
    page again as new, and the README's "the second run finds everything unchanged"
    would not hold. A taken port is said, in one line, before anything is made."""
    import socket

    from archiver.demo import DEMO_PORT

    holder = socket.socket()
    # (as a server binds: a connection of an earlier run in TIME_WAIT does not keep it off
    # the port, and the demo's own server, binding the same way, then finds it taken)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        holder.bind(("127.0.0.1", DEMO_PORT))  # (taken already: by another demo, then)
        holder.listen()
    except OSError:
        pass
    db = tmp_path / "demo.db"
    try:
        result = runner.invoke(cli, ["demo", "--db", str(db)])
    finally:
        holder.close()
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (f"archiver: the demo's port {DEMO_PORT} on 127.0.0.1 is in use; "
                             "stop what holds it and run again\n")
    assert not db.exists()


def test_demo_archives_the_bundled_samples(runner, tmp_path):
    db = tmp_path / "demo.db"
    result = runner.invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "HakanFidan" in result.stdout
    assert "Archive now holds: 8 articles" in result.stdout
    # The posts it counts are those `posts` lists (and the table below shows); the three
    # text copies the seed shows without ids, matched to their posts, are said apart.
    listed = runner.invoke(cli, ["posts", "--db", str(db)]).stdout
    assert listed.endswith("\n12 posts\n")
    assert ("Archive now holds: 8 articles, 8 article fetches, 21 embeds, 12 posts, "
            "11 post versions\n  besides, 3 text copies of listed posts (status unidentified "
            "in the posts table): shown by an article as text without an id, and matched to "
            "their posts by verification\n") in result.stdout
    # The samples misquote a post in Arabic, Turkish and English, misattribute one and
    # misdate one; one post is deleted: every page of `archiver serve` has something.
    assert "; 5 misquotes" in result.stdout and "unavailable" in result.stdout
    # its verdict list shows what changed, and the quotes in the articles' own prose
    assert "X “yakın” → article “sınırlı”" in result.stdout
    assert ("quote in prose, @HakanFidan: “Syria’s security cannot be separated from "
            "Turkiye’s securit…”\n") in result.stdout
    # Two articles quote the same posts, archived at once: each embed that shows its id
    # is verified once, whichever article resolved the post first.
    conn = sqlite3.connect(db)
    assert conn.execute(
        "SELECT v.embed_id, count(*) FROM verifications v JOIN embeds e ON e.id = v.embed_id"
        " WHERE e.post_id NOT LIKE 'text:%' GROUP BY 1 HAVING count(*) > 1").fetchall() == []
    assert conn.execute(
        "SELECT count(*) FROM embeds WHERE post_id NOT LIKE 'text:%'").fetchone() == (18,)
    conn.close()
    again = runner.invoke(cli, ["demo", "--db", str(db)])
    assert again.stdout.count(": unchanged, ") == 8
    # Every `posts` example the README gives after `make demo` finds something there.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    examples = [shlex.split(line.split("#")[0])[1:] for line in readme.splitlines()
                if line.startswith(".venv/bin/archiver posts ") and "[" not in line]
    assert len(examples) >= 4
    for args in examples:
        shown = runner.invoke(cli, [*args, "--db", str(db)])
        assert shown.exit_code == 0, (args, shown.output)
        assert shown.stdout.strip() and "0 posts" not in shown.stdout, (args, shown.stdout)


def test_every_command_has_help(runner):
    for command in cli.commands:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and len(result.stdout.splitlines()) > 3, command


def test_archive_records_how_a_mislabelled_page_was_decoded(runner, httpserver, tmp_path):
    """A windows-1256 page served as UTF-8: the fetch row keeps the codec that fitted
    and why the header's was not believed; the embed's Arabic reads right."""
    body = (SAMPLES / "arabic-summer-games-windows-1256.html").read_bytes()
    assert b"windows-1256" in body[:4096].lower()  # its <meta> says what it is
    httpserver.expect_request("/ar").respond_with_data(
        body, content_type="text/html; charset=utf-8")
    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["archive", "--allow-private", "--db", str(db),
                                 httpserver.url_for("/ar")])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    encoding, how = conn.execute(
        "SELECT encoding, encoding_source FROM article_fetches").fetchone()
    assert encoding == "cp1256"
    assert how.startswith("meta fallback from header utf-8: invalid UTF-8 at byte "), how
    [author] = conn.execute("SELECT author_name FROM embeds").fetchone()
    assert author == "مريم المطيري"


def test_extract_warns_in_one_line_when_a_page_nests_past_the_parser(tmp_path):
    """Run as a user runs it (a process of its own: its logging is its own)."""
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 3000 + '<a href="https://x.com/a/status/'
                    '1840909492374892176">a</a>' + "</div>" * 3000 + "</body></html>")
    result = subprocess.run([sys.executable, "-m", "archiver.cli", "extract", "--json",
                             str(deep)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["post_id"] == "1840909492374892176"
    [warning] = lines(result.stderr)
    assert warning.startswith(f"archiver: WARNING: {deep}: elements nest deeper than 2048")


def test_a_file_url_is_read_like_its_path_and_other_schemes_are_refused_by_name(runner, tmp_path):
    page = CORPUS / "19-aktualne-cz-codefragment.html"
    result = runner.invoke(cli, ["extract", "--json", page.resolve().as_uri()])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["post_id"] for x in lines(result.stdout)] == ["1454931184966770696"]
    for source, said in [("ftp://news.example/a.html", "ftp: URLs are not read"),
                         ("javascript:alert(1)", "javascript: URLs are not read"),
                         ("file://elsewhere.example/a.html", "a file URL on another host")]:
        result = runner.invoke(cli, ["extract", source])
        assert result.exit_code == 1
        assert lines(result.stderr) == [f"archiver: {source}: " + said + (
            " (only http, https and files)" if "URLs" in said else " is not read")]
    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["archive", "--db", str(db), page.resolve().as_uri(),
                                 "ftp://news.example/a.html"])
    assert result.exit_code == 1
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT url FROM articles ORDER BY id")] == [
        page.resolve().as_uri()]


def test_an_interrupted_archive_stops_in_seconds_says_what_was_kept_and_leaves_it_consistent(
        server, tmp_path):
    """SIGINT while 40 slow pages are being archived: the command stops within seconds
    (not after the queue), says in one line how many were kept, exits 130, and the
    archive passes its integrity check; running it again goes on."""
    import signal
    import time

    server.latency = 1.0
    urls = [f"{server.url}/news/react-native-roundup.html?copy={n}" for n in range(40)]
    db = tmp_path / "a.db"
    env = {**os.environ, "ARCHIVER_WORKERS": "2", "ARCHIVER_HOST_CONCURRENCY": "2",
           "ARCHIVER_HOST_DELAY": "0", "ARCHIVER_FETCH_MEDIA": "0",
           "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
           "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}
    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "archive", "--allow-private",
                             "--db", str(db), *urls], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    interrupted = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    stopped_after = time.monotonic() - interrupted
    server.latency = 0
    assert proc.returncode == 130, err
    assert stopped_after < 8, stopped_after
    [line] = [x for x in err.splitlines() if "interrupted" in x]
    assert line.startswith("archiver: interrupted: ") and " of 40 sources archived" in line
    check = subprocess.run([sys.executable, "-m", "archiver.cli", "check",
                            "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "intact" in check.stdout, check.stdout + check.stderr


def test_a_text_copy_matched_to_no_post_is_counted_among_the_posts_and_said_so(runner, tmp_path):
    """The seed's text copies alone, X never asked: three posts listed, each unidentified."""
    from archiver.cli import holds
    from archiver.store import counts, open_archive

    db = tmp_path / "a.db"
    result = runner.invoke(cli, ["archive", str(SEED), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["posts", "--db", str(db)]).stdout.endswith("\n3 posts\n")
    assert holds(counts(open_archive(db))) == [
        "Archive now holds: 1 article, 1 article fetch, 3 embeds, 3 posts, 0 post versions",
        "  of the 3 posts, 3 unidentified: shown by an article as text without an id, and "
        "matched to no archived post"]


def test_an_output_file_in_a_missing_folder_is_one_line_and_no_folder_is_made(
        runner, tmp_path, monkeypatch):
    """report, export-manifest and export-warc write a file into a folder that is there:
    a missing one is said (exit 1, as a file that cannot be written), never made."""
    monkeypatch.chdir(tmp_path)
    Path("page.html").write_text("<html><body><p>No post here.</p></body></html>")
    assert runner.invoke(cli, ["archive", "page.html", "--db", "a.db"]).exit_code == 0
    missing = tmp_path / "no" / "dir"
    for command, name in ((["report", "page.html"], "r.html"),
                          (["export-manifest"], "m.json"),
                          (["export-warc"], "x.warc.gz")):
        result = runner.invoke(cli, [*command, "-o", str(missing / name), "--db", "a.db"])
        assert (result.exit_code, result.stdout) == (1, ""), (command, result.output)
        assert result.stderr == f"archiver: {missing / name}: No such file or directory\n"
        assert not (tmp_path / "no").exists()
    report = runner.invoke(cli, ["report", "page.html", "-o", "r.html", "--db", "a.db"])
    assert (report.exit_code, report.stdout) == (0, "wrote r.html\n"), report.output


def test_a_search_that_finds_nothing_for_a_handle_says_how_to_list_its_posts(
        runner, tmp_path, monkeypatch):
    """`posts --search NAME` searches the posts' words; when it finds nothing and NAME is
    a handle the archive has (with or without @, any case), one line on stderr says so,
    with the command to use, as the web search does. Still exit 0: nothing failed."""
    monkeypatch.setenv("ARCHIVER_DB", str(tmp_path / "a.db"))
    assert runner.invoke(cli, ["archive", str(SAMPLES / "react-native-roundup.html")]
                         ).exit_code == 0
    line = ("archiver: @mattcarrollcode is a handle the archive has: 2 posts; search is of "
            "the posts' words: archiver posts --handle mattcarrollcode")
    for words in ("mattcarrollcode", "@MattCarrollCode", " MATTCARROLLCODE "):
        result = runner.invoke(cli, ["posts", "--search", words])
        assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "0 posts")
        assert result.stderr == line + "\n", words
    dated = runner.invoke(cli, ["posts", "--search", "mattcarrollcode", "--since", "2023-03-01",
                                "--until", "2023-03-31", "--json"])
    assert (dated.exit_code, dated.stdout) == (0, "")
    assert dated.stderr == line.replace("2 posts", "1 post") + " --since 2023-03-01 --until " \
                                                              "2023-03-31\n"
    # no hint: a handle the archive does not have, words that are no handle, a day with
    # none of its posts, or --handle given
    for args in (["--search", "nobodyhere"], ["--search", "matt carroll"],
                 ["--search", "mattcarrollcode", "--date", "2020-01-01"],
                 ["--search", "mattcarrollcode", "--handle", "mattcarrollcode"]):
        result = runner.invoke(cli, ["posts", *args])
        assert (result.exit_code, result.stderr) == (0, ""), args


def test_extract_on_a_file_starts_without_the_archive_the_fetcher_or_the_verifier(tmp_path):
    """`archiver extract PAGE` reads one page: it imports the extractor, not the archive
    (sqlite-utils), the HTTP stack (requests), the comparison or the browser driver, which
    cost it a third of a second at every start. Checked by what the process imported, not
    by a time."""
    page = tmp_path / "page.html"
    page.write_text('<p>See <a href="https://x.com/a/status/1840909492374892176">this</a></p>')
    probe = ("import sys\nfrom archiver.cli import main\nsys.argv = ['archiver', 'extract', "
             f"'--json', {str(page)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = ['requests', 'sqlite_utils', 'rapidfuzz', 'PIL', 'asyncio', "
             "'archiver.store', 'archiver.compare', 'archiver.pipeline', 'archiver.render']\n"
             "print([name for name in heavy if name in sys.modules], file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert json.loads(result.stdout)["post_id"] == "1840909492374892176"
    assert result.stderr.strip() == "[]"


def _on_a_terminal(args: list[str]) -> str:
    """What `archiver ARGS` writes to a real terminal (a pseudo-terminal)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the CLI as a user runs it
        os.execv(sys.executable, [sys.executable, "-m", "archiver.cli", *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed its side
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", [[], ["--format", "csv"]])
def test_a_pages_control_sequences_are_shown_on_a_terminal_never_obeyed(tmp_path, fmt):
    """A page writes "&#27;[2J" (clear the screen) or an OSC 8 hyperlink in a post's
    text: on a terminal they are shown as "␛[2J", in a file they are the data."""
    page = tmp_path / "esc.html"
    page.write_text(
        '<blockquote class="twitter-tweet"><p>\u009b31mVote &#27;[2J&#27;[H passed &#27;]8;;'
        'https://example.org/&#27;\\here&#27;]8;;&#27;\\</p>&mdash; City Desk (@CityDesk) '
        '<a href="https://twitter.com/CityDesk/status/1840909492374892176">October 1, 2024'
        '</a></blockquote>', encoding="utf-8")
    shown = _on_a_terminal(["extract", *fmt, str(page)])
    assert "1840909492374892176" in shown
    assert "\x1b" not in shown and "\x9b" not in shown
    assert "␛[2J" in shown and "\\x9b31m" in shown
    piped = subprocess.run([sys.executable, "-m", "archiver.cli", "extract", "--json", str(page)],
                           capture_output=True, text=True, timeout=60)
    assert "\x1b[2J" in json.loads(piped.stdout)["text"]


def test_a_progress_bar_on_a_terminal_keeps_its_own_sequences(tmp_path):
    """The guard shows a page's control characters; the bar's cursor sequences are ours
    and reach the terminal as they are (not as '␛[?25l')."""
    pages = [tmp_path / f"calm{n}.html" for n in range(3)]
    for n, page in enumerate(pages):
        page.write_text(f"<title>Calm {n}</title><p>The harbour is calm.</p>", encoding="utf-8")
    shown = _on_a_terminal(["archive", "--db", str(tmp_path / "a.db"), *map(str, pages)])
    assert "archiving" in shown and "␛" not in shown


def test_the_terminal_guard_shows_what_would_reorder_or_break_lines():
    from archiver.terminal import shown

    assert shown("a\u202eb\u2066c\u2028d\x1be\x9bf\tg\nh") == "a<U+202E>b<U+2066>c<U+2028>d␛e\\x9bf\tg\nh"


def test_a_page_archived_from_stdin_is_said_by_the_name_it_is_looked_up_by(runner, tmp_path):
    """`archive -` printed "-: new…"; the article is stored as stdin:<hash>, and only that
    name finds it again (verify --article, report)."""
    db = str(tmp_path / "a.db")
    text = "Ferries resume.\n— City Desk News (@CityDeskNews) October 10, 2025\n"
    done = runner.invoke(cli, ["archive", "--db", db, "-"], input=text)
    assert done.exit_code == 0, done.output
    name = done.stdout.split(": ", 1)[0]
    assert name.startswith("- (stdin:") and name.endswith(")")
    article = name[3:-1]
    found = runner.invoke(cli, ["verify", "--db", db, "--article", article])
    assert found.exit_code == 0, found.output
    # ...and the archive's own check derives that name as the store does: intact
    checked = runner.invoke(cli, ["check", "--db", db])
    assert checked.exit_code == 0, checked.output


def test_a_table_of_wide_characters_keeps_to_its_columns(tmp_path):
    """A Japanese or Chinese character takes two terminal columns: cut by characters, a
    text cell of 50 took 100 columns, the row half again as wide as the rule under the
    header."""
    from archiver import terminal
    from archiver.pipeline import archive_source
    from archiver.store import open_archive

    from .test_store import blockquote, write_page

    db = tmp_path / "a.db"
    archive = open_archive(db)
    archive_source(archive, write_page(
        tmp_path / "p.html",
        blockquote("1977000000000000031", "jp_desk", "記者クラブ",
                   "岸田首相がAnkaraで記者会見を開き、港の再開について長く説明した。" * 3, lang="ja"),
        blockquote("1977000000000000032", "en_desk", "Desk", "The pier reopens. " * 8,
                   lang="en")))
    archive.conn.close()
    shown = CliRunner().invoke(cli, ["posts", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    header, rule, *rows = shown.stdout.splitlines()[:-1]
    assert rows and all(terminal.columns(row) <= len(rule) for row in rows), (
        len(rule), [terminal.columns(row) for row in rows])
    assert any(row.endswith("…") and "首相" in row for row in rows)


def test_columns_and_fit_count_what_a_terminal_shows():
    from archiver.terminal import columns, fit

    assert columns("abc") == 3 and columns("首相") == 4 and columns("e\u0301") == 1
    assert columns("a\u200db") == 2 and columns("ｶﾅ") == 2 and columns("가") == 2
    assert fit("首相が会見", 7) == "首相が…" and fit("首相が会見", 6) == "首相… "
    assert fit("ab", 4) == "ab  " and fit("abcdef", 4) == "abc…"
