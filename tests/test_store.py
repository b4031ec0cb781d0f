"""The archive on real SQLite files: round trips, idempotence, append-only, search."""

import hashlib
import json
import sqlite3
import subprocess
import sys

import pytest

from archiver.errors import ArchiveOpenError, UsageError
from archiver.pipeline import archive_source
from archiver.store import counts, find_posts, open_archive

from .conftest import SAMPLES, SEED, local_http

ALL_TABLES = ("articles", "article_fetches", "embeds", "posts", "post_versions")


def blockquote(post_id, handle, name, text, date="October 12, 2025", lang="ar"):
    return (
        f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="rtl">{text}</p>&mdash; '
        f'{name} (@{handle}) <a href="https://twitter.com/{handle}/status/{post_id}">{date}</a>'
        "</blockquote>"
    )


def write_page(path, *embeds, title="A page"):
    body = "\n<p>Article text.</p>\n".join(embeds)
    path.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return str(path)


def all_rows(db):
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ALL_TABLES}


def test_open_applies_numbered_migrations_once(db_path):
    db = open_archive(db_path)
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == sorted(names) and names[0].startswith("0001_")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.conn.close()
    again = open_archive(db_path)
    assert [r[0] for r in again.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == names


def test_indexes_for_handle_and_date(db_path):
    db = open_archive(db_path)
    plan = db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM posts WHERE handle = 'x' COLLATE NOCASE"
    ).fetchall()
    assert "posts_handle" in str(plan)
    plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM posts WHERE date = '2025-10-12'").fetchall()
    assert "posts_date" in str(plan)


def test_archive_round_trip_keeps_raw_bytes_and_hashes(db_path):
    db = open_archive(db_path)
    outcome = archive_source(db, str(SEED))
    assert outcome.recorded.state == "new"
    body, sha = db.execute("SELECT body, body_sha256 FROM article_fetches").fetchone()
    assert body == SEED.read_bytes()
    assert sha == hashlib.sha256(SEED.read_bytes()).hexdigest()
    embeds = db.execute(
        "SELECT handle, author_name, shown_date, date, quoted_text, media, raw_html, raw_sha256"
        " FROM embeds ORDER BY id"
    ).fetchall()
    assert [e[0] for e in embeds] == ["syrianmofaex", "Murhaf_abuqasra", "HakanFidan"]
    assert embeds[2][1] == "Hakan Fidan" and embeds[2][3] == "2025-10-12"
    assert json.loads(embeds[0][5]) == ["pic.twitter.com/jkZGQRkb2t"]
    for row in embeds:
        assert row[7] == hashlib.sha256(row[6].encode("utf-8")).hexdigest()
    # What an article shows is its claim, kept in embeds: never a version of the post.
    assert db.execute("SELECT count(*) FROM post_versions").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM posts WHERE latest_version_id IS NOT NULL"
                      ).fetchone()[0] == 0


def test_rearchiving_an_unchanged_page_adds_no_rows(db_path):
    db = open_archive(db_path)
    for sample in sorted(SAMPLES.iterdir()):
        archive_source(db, str(sample))
    before = all_rows(db)
    for sample in sorted(SAMPLES.iterdir()):
        assert archive_source(db, str(sample)).recorded.state == "unchanged"
    after = all_rows(db)
    moves = [r[1] for r in db.execute("PRAGMA table_info(articles)")].index("last_checked_at")
    for table in ALL_TABLES:
        if table == "articles":  # only last_checked_at moves (by a second, on a slow machine)
            assert [r[:moves] + r[moves + 1:] for r in after[table]] == \
                [r[:moves] + r[moves + 1:] for r in before[table]]
        else:
            assert after[table] == before[table], table


def test_changed_page_adds_a_fetch_and_embeds_and_keeps_the_old(db_path, tmp_path):
    db = open_archive(db_path)
    page = tmp_path / "article.html"
    write_page(page, blockquote("1977000000000000000", "someone", "Some One", "النص الأول"))
    archive_source(db, str(page))
    old = all_rows(db)
    write_page(page, blockquote("1977000000000000000", "someone", "Some One", "النص المعدل"))
    outcome = archive_source(db, str(page))
    assert outcome.recorded.state == "changed" and outcome.recorded.new_versions == 0
    new = all_rows(db)
    for table in ("article_fetches", "embeds"):
        assert new[table][: len(old[table])] == old[table]
        assert len(new[table]) == len(old[table]) + 1
    texts = [r[0] for r in db.execute("SELECT quoted_text FROM embeds ORDER BY id")]
    assert texts == ["النص الأول", "النص المعدل"]
    # The article's new wording is its claim: the post has no text until X answers.
    assert new["post_versions"] == []
    assert db.execute("SELECT latest_version_id FROM posts").fetchone()[0] is None


def test_evidence_cannot_be_updated_or_deleted(db_path):
    db = open_archive(db_path)
    archive_source(db, str(SEED))
    db.execute("INSERT INTO post_versions (post_id, source, fetched_at, text, content_sha256)"
               " SELECT id, 'syndication', '2025-10-12', 'x', 'x' FROM posts LIMIT 1")
    for sql in (
        "UPDATE post_versions SET text = 'forged'",
        "DELETE FROM post_versions",
        "UPDATE article_fetches SET body = x'00'",
        "DELETE FROM embeds",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)


def test_failed_fetch_is_recorded_with_its_reason(db_path, server):
    db = open_archive(db_path)
    outcome = archive_source(db, f"{server.url}/news/gone.html", local_http())
    assert outcome.error == "http_404"
    row = db.execute("SELECT error, detail, status FROM article_fetches").fetchone()
    assert row[0] == "http_404" and "404" in row[1] and row[2] == 404


@pytest.mark.parametrize("name", ["missing.html", "a-folder", "127.0.0.1:8080/news/a.html",
                                  "news.example/2025/10/story.html", "", "www.example.com",
                                  "news.example.org?id=5", "localhost:8000/a.html"])
def test_a_source_that_names_no_file_is_said_and_never_recorded(db_path, tmp_path, name,
                                                                   monkeypatch):
    """A mistyped path, a folder, a web address without its scheme: the user's input, not
    an article's. An append-only archive would keep it as an article for good."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder").mkdir()
    db = open_archive(db_path)
    outcome = archive_source(db, name)
    assert outcome.error in ("not_found", "not_a_file", "unsupported_scheme") and outcome.failures
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM article_fetches").fetchone()[0] == 0
    if "." in name and name not in ("missing.html",):
        assert outcome.failures == [f"{name}: no such file (a web address needs its scheme, "
                                    f"as in https://{name})"]


@pytest.fixture
def searchable(db_path, tmp_path):
    db = open_archive(db_path)
    page = write_page(
        tmp_path / "search.html",
        blockquote("1977000000000000001", "mofa_a", "وزارة", "وَزَارَةُ الخَارِجِيَّةِ تُعْلِنُ"),
        blockquote("1977000000000000002", "mofa_b", "وزارة", "اجتماع وزارــــة الدفاع"),
        blockquote("1977000000000000003", "mofa_c", "وزارة", "أحمد يلتقي إبراهيم في مكتبة"),
        blockquote("1977000000000000004", "turk", "Dışişleri", "İSTANBUL ve DIŞİŞLERİ", lang="tr"),
        blockquote("1977000000000000005", "turk2", "Kent", "ılık bir gün ıstanbul", lang="tr"),
    )
    archive_source(db, page)
    archive_source(db, str(SEED))
    return db


def handles(rows):
    return sorted(r["handle"] for r in rows)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("وزارة", ["mofa_a", "mofa_b"]),  # bare word finds harakat and tatweel spellings
        ("وَزَارَة", ["mofa_a", "mofa_b"]),  # and the other way round
        ("الخارجية", ["Murhaf_abuqasra", "mofa_a", "syrianmofaex"]),
        ("احمد", ["mofa_c"]),  # alef forms
        ("ابراهيم", ["Murhaf_abuqasra", "mofa_c"]),  # the seed writes إبراهيم
        ("مكتبه", ["mofa_c"]),  # teh marbuta
        ("istanbul", ["turk", "turk2"]),  # İ and ı
        ("dışişleri", ["turk"]),
        ("DISISLERI", ["turk"]),
        ("suriye", ["HakanFidan"]),
        ("SURİYE halkının", ["HakanFidan"]),  # every word must occur
        ("nothing-like-this", []),
        ('" OR AND (', []),  # FTS syntax in the input is searched as text
    ],
)
def test_search_folds_arabic_and_turkish(searchable, query, expected):
    assert handles(find_posts(searchable, search=query)) == expected


def test_handle_lookup_is_case_insensitive(searchable):
    assert handles(find_posts(searchable, handle="HAKANFIDAN")) == ["HakanFidan"]
    assert handles(find_posts(searchable, handle="@hakanfidan")) == ["HakanFidan"]


def test_date_filters_are_inclusive(searchable):
    on_day = find_posts(searchable, date="2025-10-12")
    assert handles(on_day) == ["HakanFidan", "Murhaf_abuqasra", "syrianmofaex"]
    assert len(find_posts(searchable, since="2025-10-12", until="2025-10-12")) == 3
    assert find_posts(searchable, since="2025-10-13", until="2025-10-31") == []
    # Ids 19770000000000000xx decode (Snowflake) to a day in 2025; all five plus the seed.
    assert len(find_posts(searchable, since="2020-01-01")) == 8


@pytest.mark.parametrize("bad, why", [("2025-13-01", "no such date (there is no month 13)"),
                                      ("2025-02-29", "no such date (February 2025 has 28 days)"),
                                      ("12/10/2025", "expected YYYY-MM-DD"),
                                      ("2025-1-1", "expected YYYY-MM-DD"),
                                      ("tomorrow", "expected YYYY-MM-DD")])
def test_invalid_date_is_a_usage_error(searchable, bad, why):
    with pytest.raises(UsageError) as raised:
        find_posts(searchable, since=bad)
    assert str(raised.value) == f"invalid since {bad!r}: {why}"


def test_unwritable_archive_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArchiveOpenError, match="cannot open archive"):
        open_archive(blocker / "archive.db")


def test_two_processes_archiving_into_one_file_both_succeed(db_path, tmp_path):
    pages = []
    for n in range(12):
        pages.append(write_page(
            tmp_path / f"p{n}.html",
            blockquote(str(1977000000000000100 + n), f"user{n}", "Name", f"text {n}"),
        ))
    script = (
        "import sys\n"
        "from archiver.store import open_archive\n"
        "from archiver.pipeline import archive_source\n"
        "db = open_archive(sys.argv[1])\n"
        "for p in sys.argv[2:]:\n"
        "    assert archive_source(db, p).error is None\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(db_path), *pages[i::2], *pages])
        for i in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    db = open_archive(db_path)
    assert counts(db)["articles"] == 12
    assert counts(db)["article_fetches"] == 12  # the second copy of each was unchanged
    assert counts(db)["posts"] == 12


def test_a_start_killed_midway_leaves_nothing_past_the_next_start(tmp_path):
    """A process killed while it made a new archive left its temporary file (hidden,
    beside the archive) for ever. The next start removes those of dead processes only."""
    import subprocess
    import sys

    from archiver.store import open_archive

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(done.stdout)
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        path = tmp_path / "archive.db"
        killed = [tmp_path / f".archive.db.new-{dead}-1{end}" for end in ("", "-wal", "-shm")]
        running = tmp_path / f".archive.db.new-{living.pid}-1"
        other = tmp_path / f".other.db.new-{dead}-1"
        for leftover in (*killed, running, other):
            leftover.write_bytes(b"half an archive")
        open_archive(path).conn.close()
        assert path.exists()
        assert not any(p.exists() for p in killed)
        assert running.exists() and other.exists()  # a start under way; another archive's
    finally:
        living.kill()
        living.wait()


def test_a_new_archive_makes_one_folder_not_a_tree_of_them(tmp_path):
    """db/ under the working directory is made for a new archive; a mistyped --db made
    every folder of it, silently, and a new archive at the end."""
    from click.testing import CliRunner

    from archiver.cli import cli
    from archiver.store import open_archive

    open_archive(tmp_path / "db" / "archive.db").conn.close()  # one folder: made
    assert (tmp_path / "db" / "archive.db").is_file()
    typo = tmp_path / "deep" / "a" / "b" / "arch.db"
    result = CliRunner().invoke(cli, ["archive", "--no-media", "--db", str(typo),
                                      str(tmp_path / "page.html")])
    assert result.exit_code == 1
    assert result.stderr == (f"archiver: no folder {tmp_path / 'deep'} to make the archive "
                             f"{typo} in (a mistyped path?): make it first, or give another "
                             "--db\n")
    assert not (tmp_path / "deep").exists()


@pytest.mark.parametrize("query, expected", [
    ("首相", ["jp_desk"]),  # inside a run of letters the index holds as one token
    ("記者会見", ["jp_desk"]),
    ("港口", ["cn_desk"]),
    ("ภาษี", ["th_desk"]),
    ("首相 Ankara", ["jp_desk"]),  # with a word written with spaces: both must occur
    ("首相 Berlin", []),
    ("50%_", []),  # LIKE's own signs are searched as text
])
def test_search_finds_words_inside_scripts_written_without_spaces(db_path, tmp_path, query,
                                                                   expected):
    """Japanese, Chinese, Thai write no space between words: the full-text index holds a
    run of their letters as one token, which a word inside it never matched."""
    db = open_archive(db_path)
    page = write_page(
        tmp_path / "unspaced.html",
        blockquote("1977000000000000011", "jp_desk", "記者クラブ",
                   "岸田首相がAnkaraで記者会見を開いた", lang="ja"),
        blockquote("1977000000000000012", "cn_desk", "新闻台", "港口本周对船只开放", lang="zh"),
        blockquote("1977000000000000013", "th_desk", "ข่าว", "รัฐบาลจะไม่ขึ้นภาษีในปีนี้", lang="th"),
    )
    archive_source(db, page)
    assert handles(find_posts(db, search=query)) == expected
