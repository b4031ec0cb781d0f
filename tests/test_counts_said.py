"""Counts are said in the number they take (`1 post`, `3 posts`), and what a line counts
is what happened: posts found already archived are not said to be archived again."""

import re

from click.testing import CliRunner

from archiver.cli import cli
from archiver.plural import counted

from .test_integrity import archive, pristine  # noqa: F401 - fixtures
from .warcs import corpus_rows, write_corpus_warc

ONE = """<html><head><title>One post</title></head><body><p>As she wrote:</p>
<blockquote class="twitter-tweet"><p lang="en">A post.</p>&mdash; Someone (@someone)
<a href="https://twitter.com/someone/status/1629262255744503809">February 24, 2023</a>
</blockquote></body></html>"""

#: A count of one with a plural noun: `1 posts`, `1 embeds`, `1 media`, `1 failures`…
ONE_PLURAL = re.compile(r"(?<![\d,.#])\b1 (?:[a-z]+ )?(?:[a-z]+s|media)\b(?! (?:of|by)\b)")


def test_counted():
    assert [counted(n, "post") for n in (0, 1, 2)] == ["0 posts", "1 post", "2 posts"]
    assert counted(1, "article fetch", "article fetches") == "1 article fetch"
    assert counted(1234, "record", grouped=True) == "1,234 records"


def test_an_unchanged_page_says_its_posts_are_already_archived(server, tmp_path):
    server.pages["one.html"] = ONE.encode()
    page = f"{server.url}/news/one.html"
    db = tmp_path / "a.db"
    first = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db), page])
    assert first.exit_code == 0, first.output
    assert f"{page}: new, 1 embed, 1 post archived, 0 unavailable, 0 media files, " \
           "0 failures\n" in first.stdout
    again = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(db), page])
    assert again.exit_code == 0, again.output
    assert f"{page}: unchanged, 1 embed, 1 post already archived, 0 unavailable, 0 media " \
           "files, 0 failures\n" in again.stdout


def test_no_count_of_one_is_said_in_the_plural(server, tmp_path):
    server.pages["one.html"] = ONE.encode()
    page = f"{server.url}/news/one.html"
    db = tmp_path / "a.db"
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{page}"\n')
    write_corpus_warc(tmp_path / "one.warc.gz", corpus_rows()[:1])
    said = []
    for args in (["archive", "--no-media", page], ["archive", "--no-media", page],
                 ["run", "-v", "--sources", str(sources)], ["runs"], ["check"],
                 ["export-warc", "-o", str(tmp_path / "x.warc.gz")],
                 ["scan", str(tmp_path / "one.warc.gz"), "--out", str(tmp_path / "parts"),
                  "--workers", "1"],
                 ["archive", "--warc", str(tmp_path / "one.warc.gz")]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)] if args[0] != "scan"
                                    else args)
        assert result.exit_code in (0, 1), result.output
        said += result.stdout.splitlines()
    assert "run 1: 1 article (0 new, 0 changed, 1 unchanged, 0 failed, 0 deferred), " \
        in "\n".join(said)
    wrong = [line for line in said if ONE_PLURAL.search(line)]
    assert wrong == [], wrong


def test_posts_say_how_many_articles_misquote_each(archive):  # noqa: F811 - fixture
    """`posts` had no word of misquotes: a lookup by handle could not tell a faithfully
    quoted post from a misquoted one. `misquoted` counts the articles whose newest verdict
    on the post is a misquote, as `verify` and the misquotes list count them."""
    import json
    import sqlite3

    listed = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    conn = sqlite3.connect(archive)
    try:
        expected = dict(conn.execute(
            "SELECT post_id, count(DISTINCT article_id) FROM misquotes GROUP BY post_id"))
        verdicts = dict(conn.execute(
            "SELECT post_id, group_concat(verdict) FROM verifications GROUP BY post_id"))
    finally:
        conn.close()
    assert sum(expected.values()) >= 3
    by_post = {row["post_id"]: row["misquoted"] for row in rows if row["post_id"]}
    for post_id, count in by_post.items():
        assert count == expected.get(post_id, 0), post_id
    faithful = [p for p, v in verdicts.items() if p in by_post and set(v.split(",")) == {"match"}]
    assert faithful and all(by_post[p] == 0 for p in faithful)
    table = CliRunner().invoke(cli, ["posts", "--db", str(archive)])
    assert "misquoted" in table.stdout.splitlines()[0]


def test_archiving_an_unchanged_page_says_nothing_new_was_verified(server, tmp_path):
    """It printed "verified 0 embeds", where the demo says "verified nothing new"."""
    server.pages["same.html"] = ONE.encode()
    page = f"{server.url}/news/same.html"
    db = str(tmp_path / "a.db")
    assert CliRunner().invoke(cli, ["archive", "--no-media", "--db", db, page]).exit_code == 0
    again = CliRunner().invoke(cli, ["archive", "--no-media", "--db", db, page])
    assert "verified nothing new\n" in again.stdout and "verified 0" not in again.stdout


def test_posts_says_when_its_limit_cut_the_list(archive):  # noqa: F811 - fixture
    listed = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--json"])
    total = len(listed.stdout.splitlines())
    cut = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--limit", "2"])
    assert cut.stdout.splitlines()[-1] == ("2 posts (the first 2: --limit cut the list; a "
                                           "higher one shows more)")
    whole = CliRunner().invoke(cli, ["posts", "--db", str(archive), "--limit", str(total)])
    assert whole.stdout.splitlines()[-1] == f"{total} posts"
    assert len(CliRunner().invoke(cli, ["posts", "--db", str(archive), "--limit", "2",
                                        "--json"]).stdout.splitlines()) == 2
