"""A faithful excerpt whose cut leaves out a negation with other words ("We will […] raise
ferry fares" of "We will not, whatever fuel costs, raise ferry fares"), or whose editor's bracket stands for other words, is
said in its detail and not judged (`truncated`, a prose quote `found`): no misquote. It
must not be missed either: the served /misquotes page lists it under "Cuts to read", below
the misquotes, the home page counts it and links there, and `archiver verify`'s summary
adds ", N cuts to read", the misquote counts and the verdicts unchanged.

The archive is built by the real pipeline from pages on the loopback sample server, X's
answers served there in X's shape (tests/test_verdict_scenarios.py); each verdict and each
prose quote's check is the pipeline's own."""

import html
import json
import re

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.pipeline import archive_sources
from archiver.quotes import CUT_NOTES, cuts_to_read
from archiver.store import open_archive

from .conftest import archiver_for
from .test_browse import fetch, get, sql
from .test_browse import text_of as tags_dropped
from .test_verdict_scenarios import DESK, P, official_html, shown_date, x_answer

FERRY = P(DESK, "We will not, whatever fuel costs, raise ferry fares this winter.", "en",
          at="2025-11-03T08:00:00Z")
TIMETABLE = P(DESK, "The harbour board rejected the new ferry timetable on Monday.", "en",
              at="2025-11-03T09:00:00Z")
CALM = P(DESK, "The harbour is calm this morning and the ferries run on time.", "en",
         at="2025-11-03T10:00:00Z")
#: The embed's cut: every word is the post's, in order; the cut takes its "not" and the
#: words after it (a cut of the "not" alone is a misquote: tests/test_compare.py).
EMBED_CUT = "We will […] raise ferry fares this winter."
PROSE_CUT = "we will […] raise ferry fares this winter"
PROSE_BRACKET = "The harbour board [approved] the new ferry timetable on Monday."


def blockquote(post, text=None) -> str:
    return (f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">'
            f"{official_html(post, text)}</p>&mdash; {post.by.name} (@{post.by.handle}) "
            f'<a href="https://twitter.com/{post.by.handle}/status/{post.post_id}'
            f'?ref_src=twsrc%5Etfw">{shown_date(post.post_id)}</a></blockquote>')


def page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body><article><h1>{title}</h1>{body}</article></body>"
            "</html>").encode()


#: One cut in an embed; two in the prose (a negation cut out, a bracket for "rejected");
#: and a page quoting faithfully.
PAGES = {
    "fares-embed.html": page("Ferry fares", "<p>The desk posted about fares.</p>"
                                            + blockquote(FERRY, EMBED_CUT)),
    "fares-prose.html": page(
        "Ferry fares and the timetable",
        f"<p>The Sample News Desk wrote that “{PROSE_CUT}” after the meeting.</p>"
        f"<p>Sample News Desk also posted: “{PROSE_BRACKET}”</p>"
        + blockquote(FERRY) + blockquote(TIMETABLE)),
}
NONE = {"calm.html": page("A calm harbour", blockquote(CALM))}


def build(path, sample_server, pages, posts):
    db = open_archive(path)
    sample_server.pages.update(pages)
    for post in posts:
        sample_server.tweets[post.post_id] = json.dumps(x_answer(post), ensure_ascii=False)
    try:
        urls = [f"{sample_server.url}/news/{name}" for name in pages]
        for report in archive_sources(archiver_for(db, sample_server), urls, workers=1):
            assert report.error is None
    finally:
        sample_server.pages.clear()
        sample_server.tweets.clear()
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def archive(tmp_path_factory, sample_server):
    return build(tmp_path_factory.mktemp("cuts") / "archive.db", sample_server, PAGES,
                 [FERRY, TIMETABLE])


@pytest.fixture(scope="module")
def none(tmp_path_factory, sample_server):
    return build(tmp_path_factory.mktemp("nocuts") / "archive.db", sample_server, NONE, [CALM])


def text_of(markup: str) -> str:
    return re.sub(r" ([;.:])", r"\1", html.unescape(tags_dropped(markup)))


def article(path, name):
    return sql(path, "SELECT id FROM articles WHERE url LIKE ?", f"%/{name}")[0][0]


def test_the_pipeline_says_the_cuts_and_judges_none_a_misquote(archive):
    verdicts = sql(archive, "SELECT e.quoted_text, v.verdict, v.details FROM verifications v"
                            " JOIN embeds e ON e.id = v.embed_id ORDER BY v.id")
    cut = [json.loads(d) for q, v, d in verdicts if v == "truncated"]
    assert sorted(v for _q, v, _d in verdicts) == ["match", "match", "truncated"]
    assert cuts_to_read(cut[0]["truncated"]) == [CUT_NOTES["negation"].format(word="not")]
    claims = dict(sql(archive, "SELECT quote, detail FROM quote_claims WHERE result = 'found'"))
    assert set(claims) == {PROSE_CUT, PROSE_BRACKET}
    assert cuts_to_read(claims[PROSE_CUT]) == ["a cut leaves out “not”: read what it takes"]
    assert cuts_to_read(claims[PROSE_BRACKET]) == [
        "“[approved]” stands for the post's “rejected”"]
    assert sql(archive, "SELECT count(*) FROM misquotes") == [(0,)]


def test_the_misquotes_page_lists_each_cut_below_the_misquotes(archive):
    listed = get(archive, "/misquotes")
    assert listed.status_code == 200
    markup = listed.text
    assert 'id="cuts-to-read"' in markup
    # below the misquotes (none here: said first), a section of its own
    assert markup.index("No misquote found") < markup.index('id="cuts-to-read"')
    section = markup.split('id="cuts-to-read"')[1].split("</section>")[0]
    said = text_of(section)
    assert "Cuts to read" in said
    assert "Not judged a misquote: read what the cut takes." in said
    assert section.count('<tr class="cut ') == 3
    embed_id = sql(archive, "SELECT id FROM embeds WHERE quoted_text LIKE '%[…]%'")[0][0]
    prose = dict(sql(archive, "SELECT quote, max(id) FROM quote_claims GROUP BY quote"))
    fares, both = article(archive, "fares-embed.html"), article(archive, "fares-prose.html")
    # the article, the post, the quote, the post's words and the note, for each
    assert f'href="/article/{fares}#embed-{embed_id}"' in section
    assert f'href="/article/{both}#prose-quote-{prose[PROSE_CUT]}"' in section
    assert f'href="/article/{both}#prose-quote-{prose[PROSE_BRACKET]}"' in section
    assert section.count(f'href="/post/{FERRY.post_id}"') == 2
    assert section.count(f'href="/post/{TIMETABLE.post_id}"') == 1
    for words in (EMBED_CUT, f"“{PROSE_CUT}”", f"“{PROSE_BRACKET}”", FERRY.text, TIMETABLE.text,
                  "A cut leaves out “not”: read what it takes",
                  "“[approved]” stands for the post's “rejected”"):
        assert words in said, words
    # a bracket cuts nothing: it is read for what it stands for
    assert said.count("not judged a misquote: read what the cut takes") == 2
    assert said.count("not judged a misquote: read what the brackets put in the post's words") == 1
    # a misquote is not what they are: the misquotes list stays empty, its exports too
    assert get(archive, "/misquotes.json").json() == []


def test_the_home_page_counts_the_cuts_and_links_to_them(archive):
    home = get(archive, "/").text
    assert '<a href="/misquotes#cuts-to-read"><span class="count">3</span>' in home
    said = text_of(home)
    assert "3 Cuts to read" in said
    assert ("3 faithful excerpts whose cut leaves out a negation or whose bracket stands for "
            "other words") in said
    assert "0 quotes in 0 articles change a post's words" in said
    # one sentence ends where the next begins: no "…misquotes: not judged a misquote: read…"
    card = said.split("3 Cuts to read")[1].split("Deleted or withheld")[0]
    assert "listed below the misquotes. None is judged a misquote" in card
    assert card.count(":") == 0, card


def test_verify_adds_the_cuts_to_its_summary_and_changes_no_count(archive):
    before = sql(archive, "SELECT count(*) FROM misquotes")
    result = CliRunner().invoke(cli, ["verify", "--db", str(archive)])
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[-2]
    assert summary == ("verified 3 embeds: 2 match, 1 truncated; 2 quotes in the article's "
                       "prose: 2 found; 0 misquotes, 3 cuts to read")
    one = CliRunner().invoke(cli, ["verify", "--db", str(archive), "--article",
                                   sql(archive, "SELECT url FROM articles WHERE url LIKE ?",
                                       "%/fares-embed.html")[0][0]])
    assert one.output.splitlines()[-2] == ("verified 1 embed: 1 truncated; 0 misquotes, "
                                           "1 cut to read")
    assert sql(archive, "SELECT count(*) FROM misquotes") == before == [(0,)]
    assert {v for v, in sql(archive, "SELECT verdict FROM verifications")} == {"match",
                                                                               "truncated"}
    # the web says the same number, the same quotes, after the new checks
    assert text_of(get(archive, "/misquotes").text).count("not judged a misquote: read what") == 3


def test_archive_says_the_cuts_in_its_summary(tmp_path, sample_server):
    path = tmp_path / "archive.db"
    sample_server.pages.update(PAGES)
    for post in (FERRY, TIMETABLE):
        sample_server.tweets[post.post_id] = json.dumps(x_answer(post), ensure_ascii=False)
    try:
        result = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(path),
                                          *[f"{sample_server.url}/news/{n}" for n in PAGES]])
    finally:
        sample_server.pages.clear()
        sample_server.tweets.clear()
    assert result.exit_code == 0, result.output
    assert "; 0 misquotes, 3 cuts to read" in result.output


def test_an_archive_without_cuts_shows_no_section_and_no_count(none):
    listed, home = fetch(none, "/misquotes", "/")
    assert listed.status_code == home.status_code == 200
    assert "cuts-to-read" not in listed.text and "Cuts to read" not in listed.text
    assert "cuts-to-read" not in home.text and "Cuts to read" not in home.text
    result = CliRunner().invoke(cli, ["verify", "--db", str(none)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2] == "verified 1 embed: 1 match; 0 misquotes"


def test_the_notes_are_found_by_the_words_that_write_them():
    """One wording: what `cut_notes` and verify's end-cut note write, `cuts_to_read` finds,
    and nothing else (a note on a negation beside an uncut prose quote is no cut's)."""
    detail = ("a faithful excerpt: the post's words, with words left out at 2 places where "
              "the quote marks a cut; " + CUT_NOTES["negation"].format(word="nicht") + "; "
              + CUT_NOTES["bracket"].format(said="the mayor", word="rejected"))
    assert cuts_to_read(detail) == ["a cut leaves out “nicht”: read what it takes",
                                    "“[the mayor]” stands for the post's “rejected”"]
    edge = CUT_NOTES["edge"].format(word="Never", where="before where it starts")
    assert cuts_to_read("a faithful excerpt; " + edge) == [edge]
    assert cuts_to_read("in post 1 (similarity 100); the post says “never” in the clause of "
                        "these words: read whether it bears on them") == []
    assert cuts_to_read(None) == [] and cuts_to_read("a faithful prefix") == []


AMBER = '<span class="verdict verdict-cut">Cut to read</span>'


def marks(markup: str, anchor: str) -> str:
    """The card or row an anchor opens, as far as the next one."""
    start = markup.rindex("<", 0, markup.index(f'id="{anchor}"'))
    ends = [i for i in (markup.find('<section class="embed', start + 1),
                        markup.find('<div class="claim', start + 1),
                        markup.find("</section>", start + 1)) if i > 0]
    return markup[start:min(ends)]


def summary_of(markup: str) -> str:
    return text_of(markup.split('<p class="summary">')[1].split("</p>")[0])


def test_the_article_page_and_its_report_mark_each_cut_to_read(archive, tmp_path):
    """Where a verdict is shown, a quote whose cut the detail notes is marked as /misquotes
    marks it (amber, "Cut to read:" and the note), said in the summary, and a cut inside
    the quote is not "the start of the post"."""
    fares, both = article(archive, "fares-embed.html"), article(archive, "fares-prose.html")
    embed_id = sql(archive, "SELECT id FROM embeds WHERE quoted_text LIKE '%[…]%'")[0][0]
    prose = dict(sql(archive, "SELECT quote, max(id) FROM quote_claims GROUP BY quote"))
    url = sql(archive, "SELECT url FROM articles WHERE id = ?", both)[0][0]
    written = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--db", str(archive), url, "-o", str(written)])
    assert result.exit_code == 0, result.output
    shown = {"page": (get(archive, f"/article/{fares}").text,
                      get(archive, f"/article/{both}").text),
             "report": (get(archive, f"/article/{fares}/report").text,
                        get(archive, f"/article/{both}/report").text),
             "file": (None, written.read_text(encoding="utf-8"))}
    for where, (embed_page, prose_page) in shown.items():
        if embed_page is not None:
            card = marks(embed_page, f"embed-{embed_id}")
            assert 'class="embed verdict-truncated cut-to-read"' in card, where
            assert AMBER in card, where
            said = text_of(card)
            assert "Cut to read: A cut leaves out “not”: read what it takes" in said, where
            assert "Not judged a misquote: read what the cut takes." in said, where
            assert "the start of the post" not in said, where
            assert "The article shows the post's words with words left out" in said, where
            assert "1 cut to read" in summary_of(embed_page), where
        cut = marks(prose_page, f"prose-quote-{prose[PROSE_CUT]}")
        bracket = marks(prose_page, f"prose-quote-{prose[PROSE_BRACKET]}")
        for claim in (cut, bracket):
            assert 'class="claim claim-found cut-to-read"' in claim, where
            assert AMBER in claim, where
        assert "Cut to read: A cut leaves out “not”: read what it takes" in text_of(cut), where
        said = text_of(bracket)
        assert "Cut to read: “[approved]” stands for the post's “rejected”" in said, where
        assert "read what the brackets put in the post's words" in said, where
        assert "read what the cut takes" not in said, where
        assert "2 cuts to read" in summary_of(prose_page), where
    # a faithful quote of no cut is not marked
    calm = get(archive, f"/article/{both}").text
    matched = sql(archive, "SELECT e.id FROM embeds e WHERE e.article_id = ?", both)
    for (embed,) in matched:
        assert AMBER not in marks(calm, f"embed-{embed}")


def test_the_post_page_lists_its_prose_quotes_and_marks_the_cuts(archive):
    """The post page lists the quotes of the post in articles' own prose, beside its
    embeds, and marks each cut to read as /misquotes does."""
    both = article(archive, "fares-prose.html")
    prose = dict(sql(archive, "SELECT quote, max(id) FROM quote_claims GROUP BY quote"))
    ferry = get(archive, f"/post/{FERRY.post_id}").text
    assert f'href="/article/{both}#prose-quote-{prose[PROSE_CUT]}"' in ferry
    rows = [r for r in ferry.split("<tr")
            if re.search(r'class="[^"]*\bcut\b', r.split(">")[0])]
    assert len(rows) == 2  # the embed cut, the prose cut
    for row in rows:
        assert AMBER in row
        assert "Cut to read: A cut leaves out “not”: read what it takes" in text_of(row)
    timetable = get(archive, f"/post/{TIMETABLE.post_id}").text
    assert f'href="/article/{both}#prose-quote-{prose[PROSE_BRACKET]}"' in timetable
    said = text_of(timetable)
    assert "Quoted in an article's own prose" in said
    assert "Cut to read: “[approved]” stands for the post's “rejected”" in said
    assert "Not judged a misquote: read what the brackets put in the post's words." in said


def test_a_quote_with_words_put_in_is_said_so_not_as_a_cut():
    """A bracket that stands for no word of the post puts words in: the pages say so, and
    that nothing was left out."""
    from archiver.browse.words import ADDED_WORDS, BRACKET_WORDS, cut_words, verdict_words
    from archiver.verify import Version, compare_texts

    findings, _score, _diff = compare_texts(
        "The [city] council will vote on Monday.",
        Version(1, "syndication", "The council will vote on Monday.", lang="en"))
    detail = findings["truncated"]
    assert verdict_words("truncated", detail) == ("Quoted faithfully, with words added",
                                                  ADDED_WORDS)
    notes = cuts_to_read(detail)
    assert notes == ["“[city]” is not in the post: the editor's words"]
    assert cut_words(notes) == BRACKET_WORDS
