"""A post copied from X's web app, through the real pipeline on loopback: no id is shown,
so the copy is matched to the archived post by handle, date and text, then verified."""

from archiver.pipeline import archive_sources
from archiver.verification import verify_archive

from .conftest import archiver_for

POST = "1641895049427550208"
TEXT = ("#ReactNative's new architecture renderer brings view flattening, previously an "
        "Android-only optimization, to iOS. View flattening reduces the depth of view "
        "hierarchies, lowers memory usage, and speeds up drawing times—all without extra setup!")


def _embed_page() -> bytes:
    return (f'<html><body><p>Story.</p><blockquote class="twitter-tweet"><p lang="en">{TEXT}</p>'
            f'&mdash; Matt Carroll (@mattcarrollcode) <a href="https://twitter.com/'
            f'mattcarrollcode/status/{POST}">March 31, 2023</a></blockquote></body></html>'
            ).encode()


def _copy_page(text: str) -> bytes:
    # as a reader in California selected the post on x.com and pasted it into the article
    return ("<html><head><meta charset='utf-8'></head><body><p>React Native keeps changing."
            "</p><p>Matt Carroll<br>@mattcarrollcode<br>" + text + "<br>1:07 PM · Mar 31, 2023"
            "<br>·<br>48.1K Views</p><p>More on that below.</p></body></html>").encode("utf-8")


def _verify_copy(db, server, copy: bytes):
    server.pages["embed.html"] = _embed_page()
    server.pages["copy.html"] = copy
    urls = [f"{server.url}/news/embed.html", f"{server.url}/news/copy.html"]
    reports = archive_sources(archiver_for(db, server), urls, workers=1)
    assert all(report.error is None for report in reports)
    return verify_archive(db, article_url=urls[1], checked_at="2026-11-24T12:00:00Z")


def test_a_faithful_copy_from_xs_web_app_matches_its_post(db, server):
    [result] = _verify_copy(db, server, _copy_page(TEXT))
    assert result["post_id"] == POST
    assert result["verdict"] == "match", result
    assert "matched" in result["details"]


def test_a_changed_copy_from_xs_web_app_is_altered(db, server):
    [result] = _verify_copy(db, server, _copy_page(TEXT.replace("lowers memory usage",
                                                                "doubles memory usage")))
    assert result["post_id"] == POST
    assert result["verdict"] == "altered", result
    assert [(d["op"], d["quote"], d["post"]) for d in result["diff"]] == [
        ("replace", "doubles", "lowers")]
