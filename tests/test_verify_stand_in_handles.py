"""A permalink's segment that names no account (a numeric user id, a script's or a
template's stand-in) is no claim of an author: verifying the archived page finds no
author_mismatch in it, while a segment naming another account is still one."""

import pytest

from archiver.pipeline import archive_sources
from archiver.verification import verify_archive

from .conftest import archiver_for

#: A post of the sample X (archiver.demo), by @SamuelSusla.
POST = "1641086480675225601"


def _verify(db, server, page: bytes):
    server.pages["p.html"] = page
    url = f"{server.url}/news/p.html"
    [report] = archive_sources(archiver_for(db, server), [url], workers=1)
    assert report.error is None
    return verify_archive(db, article_url=url, checked_at="2026-11-24T12:00:00Z")


@pytest.mark.parametrize("segment", ["1218853590", "undefined", "%7Busername%7D", "x"])
def test_a_segment_naming_no_account_is_no_author_mismatch(db, server, segment):
    page = (f'<html><body><p>Story.</p><!-- wp:embed {{"url":"https://twitter.com/{segment}/'
            f'status/{POST}","providerNameSlug":"twitter"}} --><figure class="wp-block-embed '
            f'is-type-rich is-provider-twitter wp-block-embed-twitter"><div class="wp-block-'
            f'embed__wrapper">\nhttps://twitter.com/{segment}/status/{POST}\n</div></figure>'
            f"<!-- /wp:embed --></body></html>").encode()
    [result] = _verify(db, server, page)
    assert result["handle"] is None
    assert "author_mismatch" not in result["findings"], result


def test_an_account_named_in_the_segment_is_still_checked(db, server):
    page = (f'<html><body><p>Story.</p><p><a href="https://twitter.com/mattcarrollcode/status/'
            f'{POST}">the post</a></p></body></html>').encode()
    [result] = _verify(db, server, page)
    assert result["verdict"] == "author_mismatch", result
    assert "@SamuelSusla" in result["details"]["author_mismatch"]
