"""One command line (issue 12, item 6): an option name means one thing on every command,
errors are click exceptions said in one line, and -v is the same before or after `run`."""

import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from archiver.cli import BadUsage, Failure, cli

#: Options whose value is a different kind of thing by nature, the meaning the same:
#: -o/--output is where the output goes (a file; scan's is a folder of parts).
SAME_MEANING_OTHER_TYPE = {"-o", "--output"}


def options_by_name():
    found: dict[str, list] = {}
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts + param.secondary_opts:
                    found.setdefault(opt, []).append((name, param))
    return found


def test_an_option_name_means_one_thing_on_every_command():
    for opt, uses in options_by_name().items():
        meanings = {(param.name, param.is_flag, param.multiple) for _, param in uses}
        if opt in SAME_MEANING_OTHER_TYPE:
            meanings = {(name.replace("output", "out"), *rest) for name, *rest in meanings}
        else:
            meanings = {m + (type(param.type).__name__,) for m in meanings
                        for _, param in uses}
        assert len(meanings) == 1, (opt, [c for c, _ in uses], meanings)
    found = options_by_name()
    for opt in ("--json", "--db", "--limit", "--format", "--allow-private", "-v", "--config"):
        helps = {param.help.split(" (")[0] if opt == "--db" else param.help
                 for _, param in found[opt]}
        if opt == "--limit":  # at most N of what the command lists
            assert all(h.split(": ")[-1].lower().startswith("at most n ") for h in helps), helps
        elif opt == "--format":
            assert all(h.startswith("table (default), json (one object per line per ")
                       for h in helps), helps
        elif opt == "--allow-private":  # what it reaches differs (pages, an authority)
            assert all("private" in h and "ARCHIVER_ALLOW_PRIVATE=1" in h for h in helps)
        else:
            assert len(helps) == 1, (opt, helps)
    # -o is --output everywhere, and every listing command has both --format and --json.
    assert {tuple(param.opts[:2]) for _, param in found["-o"]} == {("-o", "--output")} | {
        ("-o", "--out")}
    assert {c for c, _ in found["--format"]} == {c for c, _ in found["--json"]} == {
        "extract", "posts", "runs", "verify", "check"}


def test_every_command_takes_verbose_and_every_reader_of_settings_config():
    found = options_by_name()
    assert {c for c, _ in found["-v"]} == {c for c, _ in found["--verbose"]} == set(cli.commands)
    assert all(param.is_flag and param.opts == ["-v", "--verbose"] for _, param in found["-v"])
    # Every command reads settings (the archive's path at least) but scan, which reads
    # only what it is given.
    assert {c for c, _ in found["--config"]} == set(cli.commands) - {"scan"}


def test_errors_are_click_exceptions_with_the_documented_status():
    assert issubclass(Failure, click.ClickException) and Failure.exit_code == 1
    assert issubclass(BadUsage, click.UsageError) and BadUsage.exit_code == 2


@pytest.mark.parametrize("args, code, line", [
    (["posts", "--since", "yesterday"], 2, "archiver: invalid --since 'yesterday': "
                                           "expected YYYY-MM-DD"),
    (["runs"], 1, "archiver: no archive at {db}"),
    (["report", "https://example.org/a", "-o", "{tmp}/r.html"], 1, "archiver: no archive "
                                                                    "at {db}"),
])
def test_one_line_with_its_status(tmp_path, args, code, line):
    db = tmp_path / "missing.db"
    args = [a.format(tmp=tmp_path) for a in args]
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output
    assert result.stderr.splitlines()[-1].startswith(line.format(db=db)), result.stderr
    assert "Traceback" not in result.output


def test_report_into_a_missing_folder_is_one_line(tmp_path, server):
    db = tmp_path / "a.db"
    page = f"{server.url}/news/react-native-roundup.html"
    assert CliRunner().invoke(cli, ["archive", page, "--db", str(db)]).exit_code == 0
    target = tmp_path / "missing" / "report.html"
    result = CliRunner().invoke(cli, ["report", page, "-o", str(target), "--db", str(db)])
    assert (result.exit_code, result.stderr) == (
        1, f"archiver: {target}: No such file or directory\n")


def run_subprocess(server, tmp_path, *args):
    sources = tmp_path / "sources.toml"
    # A post of this page has a video: X's video host answers 403, which is logged at
    # INFO (the poster image is the evidence).
    sources.write_text(f'[[source]]\nurl = "{server.url}/news/superconductor-amp.html"\n')
    env = {**os.environ, "ARCHIVER_ALLOW_PRIVATE": "1", "ARCHIVER_HOST_DELAY": "0",
           "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
           "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}
    return subprocess.run([sys.executable, "-m", "archiver.cli", *args, "--sources",
                           str(sources), "--db", str(tmp_path / "a.db")],
                          env=env, capture_output=True, text=True, timeout=120)


def test_run_log_keeps_its_info_lines_off_stderr(server, tmp_path):
    log = tmp_path / "run.log"
    done = run_subprocess(server, tmp_path, "run", "--log", str(log))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    text = log.read_text()
    assert " INFO archiver.pipeline: video GET " in text and "returned 403" in text


@pytest.mark.parametrize("args", [["-v", "archive"], ["archive", "-v"], ["archive", "--verbose"]])
def test_verbose_is_the_same_before_or_after_archive(server, tmp_path, args):
    env = {**os.environ, "ARCHIVER_ALLOW_PRIVATE": "1", "ARCHIVER_HOST_DELAY": "0",
           "ARCHIVER_X_SYNDICATION_URL": f"{server.url}/x",
           "ARCHIVER_X_OEMBED_URL": f"{server.url}/x"}
    done = subprocess.run([sys.executable, "-m", "archiver.cli", *args, "--db",
                           str(tmp_path / "a.db"), f"{server.url}/news/superconductor-amp.html"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "/news/superconductor-amp.html: new, " in done.stdout
    assert "INFO archiver.pipeline: video GET " in done.stderr


@pytest.mark.parametrize("args", [["-v", "extract"], ["extract", "-v"], ["extract"]])
def test_verbose_after_extract_is_taken(args):
    from .conftest import SEED

    result = CliRunner().invoke(cli, [*args, str(SEED)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.startswith(f"{SEED}: 3 posts\n")


@pytest.mark.parametrize("command", sorted(set(cli.commands) - {"scan", "demo"}))
def test_config_sets_the_archive_of_every_command(tmp_path, command):
    """The README's settings table: the config file sets db_path, for every command that
    reads settings (demo too, which this test leaves out: it serves on its fixed port)."""
    from .conftest import SEED

    config = tmp_path / "c.toml"
    db = tmp_path / "typo" / "named-in-config.db"
    config.write_text(f'[archiver]\ndb_path = "{db}"\n')
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nurl = "http://127.0.0.1:9/a.html"\n')
    args = {"extract": [str(SEED)], "report": ["https://a.example/", "-o", str(tmp_path / "r")],
            "export-warc": ["-o", str(tmp_path / "x.warc.gz")],
            "archive": ["--no-media", str(SEED)],
            "run": ["--sources", str(sources)]}.get(command, [])
    if command == "extract":  # no archive: the settings it reads are the fetching ones
        config.write_text('[archiver]\nallow_private = "maybe"\n')
    result = CliRunner().invoke(cli, [command, *args, "--config", str(config)])
    if command == "extract":
        assert result.exit_code == 2 and "allow_private" in result.stderr, result.output
    elif command in ("archive", "run"):  # they start an archive: there
        assert db.is_file(), result.output
    else:
        assert (result.exit_code, result.stderr) == (1, f"archiver: no archive at {db}\n")


@pytest.mark.parametrize("args", [["-v", "run"], ["run", "-v"], ["run", "--verbose"]])
def test_verbose_is_the_same_before_or_after_run(server, tmp_path, args):
    done = run_subprocess(server, tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert "/news/superconductor-amp.html: new, " in done.stdout
    assert "run 1: 1 article (1 new, " in done.stdout
    assert "INFO archiver.pipeline: video GET " in done.stderr


def test_every_option_the_readme_shows_exists_on_its_command():
    import re

    from .conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    group = {opt for param in cli.params for opt in param.opts + param.secondary_opts}
    shown = 0
    for match in re.finditer(r"archiver (?:-v )?([a-z-]+)([^\n`#|]*)", text):
        command = cli.commands.get(match.group(1))
        if command is None:
            continue
        known = group | {"-h", "--help"} | {opt for param in command.params
                                             for opt in param.opts + param.secondary_opts}
        for opt in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", match.group(2)):
            shown += 1
            assert opt in known, (match.group(1), opt, match.group(0))
    assert shown > 50


def test_verbose_says_what_happens(tmp_path, sample_server):
    """-v, before or after the command's name: each page read, each request made and what
    verification did, one line each on stderr; stdout is unchanged."""
    page = f"{sample_server.url}/news/harbour-storm-desks.html"

    def archiver(*args):
        return subprocess.run([sys.executable, "-m", "archiver.cli", *args],
                              capture_output=True, text=True, timeout=120)

    quiet = archiver("extract", page)
    for args in (["extract", page, "-v"], ["-v", "extract", page]):
        said = archiver(*args)
        assert said.returncode == 0 and said.stdout == quiet.stdout
        assert f"GET {page}: 200" in said.stderr
        assert f"{page}: 2 posts, read as utf-8" in said.stderr
    archived = archiver("archive", "--no-media", "--db", str(tmp_path / "a.db"), page, "-v")
    assert archived.returncode == 0, archived.stderr
    assert "/x/tweet-result?id=" in archived.stderr
    assert "verified 2 embeds of 1 article" in archived.stderr
