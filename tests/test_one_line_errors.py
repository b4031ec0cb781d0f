"""Mistakes in what is asked are one line on stderr with the documented exit status,
never a traceback (issue 12, item 4: the cases handled so far)."""

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
    assert len(errors) == 1 and errors[0].startswith("archiver: GET http://127.0.0.1:99999/x: ")


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
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"archiver: --log {log}: cannot write there "
                             "(No such file or directory)\n")


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
