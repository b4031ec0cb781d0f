"""An article archived from a saved page is named afterwards as `archive` was given it: by
its path, relative or absolute, or by its file:// URL, on every option that names one."""

import shutil

import pytest
from click.testing import CliRunner

from archiver.cli import cli

from .conftest import SAMPLES


@pytest.fixture
def archived(tmp_path, monkeypatch):
    """A saved page in ../inputs, archived from work/ by its relative path."""
    inputs, work = tmp_path / "inputs", tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    shutil.copy(SAMPLES / "react-native-roundup.html", inputs / "x.html")
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, ["archive", "../inputs/x.html", "--db", "a.db"])
    assert result.exit_code == 0, result.output
    return inputs / "x.html"


def _names(page):
    return ["../inputs/x.html", str(page), page.as_uri(), "./../inputs/../inputs/x.html"]


@pytest.mark.parametrize("which", range(4), ids=["relative", "absolute", "file URL", "dotted"])
def test_report_verify_and_export_warc_find_a_saved_page_by_what_archive_took(archived, which):
    name = _names(archived)[which]
    runner = CliRunner()
    report = runner.invoke(cli, ["report", name, "-o", "r.html", "--db", "a.db"])
    assert (report.exit_code, report.stderr) == (0, ""), report.output
    verify = runner.invoke(cli, ["verify", "--article", name, "--json", "--db", "a.db"])
    assert verify.exit_code == 0, verify.output
    assert verify.stdout.count('"type": "embed"') == 3
    assert archived.as_uri() in verify.stdout
    export = runner.invoke(cli, ["export-warc", "--article", name, "-o", "x.warc.gz",
                                 "--db", "a.db"])
    assert export.exit_code == 0, export.output
    assert export.stdout.startswith("wrote x.warc.gz: 1 article fetch,")


def test_a_path_that_names_nothing_archived_is_said_with_the_url_it_was_looked_up_as(archived):
    runner = CliRunner()
    url = (archived.parent / "nope.html").as_uri()
    line = f"archiver: no archived article ../inputs/nope.html (looked up as {url})\n"
    for command in (["report", "../inputs/nope.html", "-o", "r.html"],
                    ["verify", "--article", "../inputs/nope.html"],
                    ["export-warc", "--article", "../inputs/nope.html", "-o", "x.warc.gz"]):
        result = runner.invoke(cli, [*command, "--db", "a.db"])
        assert (result.exit_code, result.stderr) == (1, line), command
