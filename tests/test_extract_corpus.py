"""The extractor on real article pages: exactly the posts INDEX.tsv lists, in order."""

import csv
import hashlib

import pytest

from archiver.extract import extract

from .conftest import CORPUS

with open(CORPUS / "INDEX.tsv", encoding="utf-8") as _f:
    ROWS = list(csv.DictReader(_f, delimiter="\t"))


def test_index_lists_every_page():
    assert len(ROWS) >= 44
    assert {r["file"] for r in ROWS} == {p.name for p in CORPUS.glob("*.html")}


def test_readme_counts_are_the_index_counts():
    # The corpus README's opening paragraph states the size of the corpus; INDEX.tsv is the truth.
    ids = [[x for x in r["post_ids"].split(",") if x] for r in ROWS]
    listed = sum(len(i) for i in ids)
    distinct = len({x for i in ids for x in i})
    with_posts = sum(1 for i in ids if i)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    intro = " ".join(readme.split("\n\n")[1].split())
    assert intro.startswith(f"{len(ROWS)} complete HTML documents")
    assert f"{with_posts} pages contain posts: {listed} posts listed, {distinct} distinct post ids" \
        in intro
    assert f"{len(ROWS) - with_posts} pages contain no post" in intro


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_corpus_page_yields_exactly_its_posts(row):
    data = (CORPUS / row["file"]).read_bytes()
    gold_ids = [x for x in row["post_ids"].split(",") if x]
    gold_handles = row["handles"].split(",") if gold_ids else []
    embeds = extract(data, row["file"])
    assert [e.post_id for e in embeds] == gold_ids
    # INDEX.tsv leaves a handle empty where the page shows only an id.
    assert [(e.handle or "").lower() for e in embeds] == [h.lower() for h in gold_handles]
    assert all(e.source == row["file"] for e in embeds)


def test_corpus_bytes_are_the_indexed_ones():
    # README.md of the corpus pins the first 16 hex digits of each file's SHA-256.
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for row in ROWS:
        digest = hashlib.sha256((CORPUS / row["file"]).read_bytes()).hexdigest()[:16]
        assert f"`{digest}`" in readme, row["file"]


def test_blockquote_fields_on_a_german_listicle():
    embeds = extract((CORPUS / "03-basicthinking-de-blockquotes.html").read_bytes(), "p")
    first = embeds[0].to_json()
    assert first["author_name"] == "Peter Wittkamp🐬"
    assert first["shown_date"] == "25. September 2018"
    assert first["date"] == "2018-09-25"
    assert first["lang"] == "de"
    assert first["text"].startswith("Nach der Mitgliedervereinigung „Juden in der AfD“")
    assert first["kind"] == "embed"


def test_repeated_post_is_one_post_with_every_position():
    # uproxx: the ABC post is a prose link, then an embed, then a credit link.
    embeds = extract((CORPUS / "12-uproxx-quote-repeat.html").read_bytes(), "p")
    abc = [e for e in embeds if e.post_id == "807334206376443904"]
    assert len(abc) == 1
    assert len(abc[0].positions) == 3
    assert abc[0].kind == "embed"
    assert abc[0].media == ("pic.twitter.com/jSayF65zwV",)


def test_embedded_twice_in_a_page_is_one_post():
    embeds = extract((CORPUS / "04-takagi-ja-tdiary-eucjp.html").read_bytes(), "p")
    twice = [e for e in embeds if e.post_id == "1092262735423856642"]
    assert len(twice) == 1 and len(twice[0].positions) == 2


def test_japanese_text_from_character_references():
    embeds = extract((CORPUS / "20-gaijinpot-ja-tweets.html").read_bytes(), "p")
    assert embeds[0].lang == "ja"
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in embeds[0].text)
