"""Every article, post or image that failed is one line on stderr with its reason, and the
exit status is the README's (issue 12, item 4): not only a count in the summary line."""

import io
import json

import pytest
from click.testing import CliRunner
from PIL import Image

from archiver.cli import cli
from archiver.resolve.token import syndication_token
from archiver.store import open_archive

PAGE = "react-native-roundup.html"
PHOTO_PATH = "/pbs/media/FsZNOgcWAAEQtrd"  # the photo of post 1641086480675225601
SILENT_POST = "1641895049427550208"  # another post of that page


@pytest.fixture(autouse=True)
def _no_retries(monkeypatch):
    monkeypatch.setenv("ARCHIVER_RETRIES", "0")


def bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 Mpx in ~20 KB
    return buffer.getvalue()


def x_down_for(post_id: str | None):
    """X answering 500 for one post (or every post, with None)."""
    def answer(_request, query):
        asked = query.get("id", "") + query.get("url", "")
        return (500, b"oops", "text/plain") if post_id is None or post_id in asked else None
    return answer


def test_archive_says_each_failure_with_its_reason_and_exits_1(server, tmp_path):
    server.overrides[PHOTO_PATH] = (200, bomb(), "image/png")
    server.overrides["/x/tweet-result"] = server.overrides["/x/oembed"] = x_down_for(SILENT_POST)
    page, missing = f"{server.url}/news/{PAGE}", f"{server.url}/news/gone.html"
    result = CliRunner().invoke(cli, ["-v", "archive", page, missing, "--db",
                                      str(tmp_path / "a.db")])
    assert result.exit_code == 1, result.output
    assert f"{page}: new, 3 embeds, 2 posts archived, 0 unavailable, 1 not yet checked, 0 media " \
           "files, 2 failures" in result.stdout
    said = [line for line in result.stderr.splitlines() if line.startswith("archiver: ")]
    assert said == [
        f"archiver: {page}: post {SILENT_POST}: X did not answer (GET {server.url}/x/tweet-result"
        f"?id={SILENT_POST}&token={syndication_token(SILENT_POST)}&lang=en returned 500 Internal "
        f"Server Error; GET {server.url}/x/oembed?url="
        f"https%3A%2F%2Ftwitter.com%2Fi%2Fstatus%2F{SILENT_POST}&omit_script=1&dnt=true "
        "returned 500 Internal Server Error); asked again next run",  # (each endpoint's failure)
        said[1],
        f"archiver: GET {missing} returned 404 Not Found",
    ]
    assert said[1].startswith(f"archiver: {page}: image GET {server.url}{PHOTO_PATH}?")
    assert ": decompression bomb: " in said[1]


def test_verify_recheck_says_each_post_x_did_not_answer(server, tmp_path):
    db = str(tmp_path / "a.db")
    assert CliRunner().invoke(cli, ["archive", f"{server.url}/news/{PAGE}", "--db", db]
                              ).exit_code == 0
    server.overrides["/x/tweet-result"] = server.overrides["/x/oembed"] = x_down_for(None)
    result = CliRunner().invoke(cli, ["verify", "--recheck", "--recheck-after", "0",
                                      "--db", db])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert line.startswith("archiver: post ") and ": X did not answer (GET " in line
        assert line.endswith(" returned 500 Internal Server Error); asked again next run")
    # X answered none: not said to have been re-checked
    assert "asked X about 3 posts: 0 answered, 3 did not (said above)" in result.stdout
    assert "re-checked" not in result.stdout


def test_run_says_a_refused_image_and_exits_0_as_documented(server, tmp_path):
    server.overrides[PHOTO_PATH] = (200, bomb(), "image/png")
    sources = tmp_path / "sources.toml"
    page = f"{server.url}/news/{PAGE}"
    sources.write_text(f'[[source]]\nurl = "{page}"\n')
    db = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["run", "--sources", str(sources), "--db", str(db)])
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"archiver: {page}: image GET {server.url}{PHOTO_PATH}?")
    assert ": decompression bomb: " in line
    [errors] = open_archive(db).execute("SELECT errors FROM runs").fetchone()
    assert json.loads(errors) == [line.removeprefix("archiver: ")]


def test_an_image_that_failed_once_is_said_once_whatever_articles_show_it(server, tmp_path):
    """Two articles embed the post whose photo fails: downloaded once, said once (the
    second article's pass finds it tried already), on the first run as on the next."""
    server.overrides[PHOTO_PATH] = (200, bomb(), "image/png")
    pages = [f"{server.url}/news/{PAGE}", f"{server.url}/news/{PAGE}?edition=2"]
    db = str(tmp_path / "a.db")
    for _run in range(2):
        result = CliRunner().invoke(cli, ["archive", *pages, "--db", db])
        images = [line for line in result.stderr.splitlines() if ": image GET " in line]
        assert len(images) == 1, result.stderr


def test_an_answer_with_nothing_in_it_is_said_in_words(server, tmp_path):
    """X answering 200 with "{}" (its token missing, or not answering) was said as
    "X did not answer (empty_json)": a code, not words, and X did answer."""
    db = str(tmp_path / "a.db")
    assert CliRunner().invoke(cli, ["archive", f"{server.url}/news/{PAGE}", "--db", db]
                              ).exit_code == 0
    server.overrides["/x/tweet-result"] = (200, b"{}", "application/json")
    server.overrides["/x/oembed"] = (200, b"{}", "application/json")
    result = CliRunner().invoke(cli, ["verify", "--recheck", "--recheck-after", "0",
                                      "--db", db])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines and all("syndication answered an empty object" in line
                         and "oembed answered an empty object" in line
                         and "empty_json" not in line for line in lines), lines
