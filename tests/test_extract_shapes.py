"""Embed shapes that templates and CMSes write beyond X's own embed code: an attribution
without a name or without parentheses, a byline above the text, a fixed stand-in handle
in every permalink, a mark of X in any letter case or by X's new name only, embed code
inside an iframe's inline content, and widgets that carry ids but show no post."""

from __future__ import annotations

import pytest

from archiver.extract import extract

POST = "1588234412208037890"
LINK = f"https://twitter.com/harbour_ferries/status/{POST}"


def _page(body: str) -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head>'
            f"<body><p>The article.</p>{body}<p>More article.</p></body></html>").encode()


def _one(body: str):
    embeds = extract(_page(body), "p.html")
    assert [e.post_id for e in embeds] == [POST], embeds
    return embeds[0]


# --- the attribution's shapes ----------------------------------------------------------------

@pytest.mark.parametrize("attribution", [
    "&mdash; @harbour_ferries",
    "— @harbour_ferries",
    "&ndash; Harbour Ferries @harbour_ferries",
    "- @harbour_ferries",
])
def test_an_attribution_paragraph_without_parentheses_is_not_the_posts_text(attribution):
    embed = _one(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'<p>{attribution} <a href="{LINK}">November 3, 2022</a></p></blockquote>')
    assert embed.text == "Night sailings resume on Monday."
    assert embed.handle == "harbour_ferries"
    assert embed.shown_date == "November 3, 2022"


def test_an_unclosed_paragraph_that_swallows_a_bare_attribution_is_split():
    embed = _one(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.'
                 f' &mdash; @harbour_ferries <a href="{LINK}">November 3, 2022</a></blockquote>')
    assert embed.text == "Night sailings resume on Monday."
    assert embed.handle == "harbour_ferries"


@pytest.mark.parametrize("byline", [
    '<a href="https://x.com/harbour_ferries">@harbour_ferries</a> on ',
    '<a href="https://x.com/harbour_ferries">Harbour Ferries</a> @harbour_ferries · ',
    "@harbour_ferries, ",
])
def test_a_byline_above_the_text_is_not_the_text(byline):
    """Templates that put "@handle on <date link>" first and the text after it."""
    embed = _one(f'<blockquote class="tweet"><p>{byline}<a href="{LINK}">2022-11-03</a></p>'
                 f'<div class="tweet-content"><p>Night sailings resume on Monday.</p>'
                 f'<p>Tickets at the pier.</p></div></blockquote>')
    assert embed.text == "Night sailings resume on Monday.\n\nTickets at the pier."
    assert embed.handle == "harbour_ferries"


@pytest.mark.parametrize("attribution, name", [("&mdash; @port_authority", None),
                                              ("&mdash; Port Authority @port_authority",
                                               "Port Authority")])
def test_an_attribution_naming_another_account_is_the_pages_claim_not_text(attribution, name):
    """A template's attribution naming someone else than the permalink's account is still
    the attribution: the page's claim of the author (an author_mismatch to verify), not a
    line of the post's text."""
    embed = _one(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'<p>{attribution} <a href="{LINK}">November 3, 2022</a></p></blockquote>')
    assert (embed.text, embed.handle, embed.author_name) == (
        "Night sailings resume on Monday.", "port_authority", name)


def test_a_byline_written_into_the_blockquote_after_the_text_is_the_attribution():
    embed = _one(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'@port_authority on <a href="{LINK}">November 3, 2022</a></blockquote>')
    assert (embed.text, embed.handle) == ("Night sailings resume on Monday.", "port_authority")


def test_a_cards_replying_to_line_names_the_addressee_not_the_author():
    card = (f'<figure class="kg-card"><a href="https://twitter.com/twitter/status/{POST}">'
            f'<span>Replying to</span><br><span>@harbour_reader</span>'
            f"<p>We have corrected the time.</p></a></figure>")
    assert _one(card).handle is None  # (the permalink's "twitter" is a template's stand-in)


def test_a_text_that_mentions_someone_above_its_own_permalink_stays_text():
    """A post's last paragraph that ends in a mention is no byline: only the post's own
    handle makes one."""
    embed = _one(f'<blockquote class="twitter-tweet"><p>Thanks to @port_authority for'
                 f' the new berth</p>&mdash; Harbour Ferries (@harbour_ferries) '
                 f'<a href="{LINK}">November 3, 2022</a></blockquote>')
    assert embed.text == "Thanks to @port_authority for the new berth"


# --- stand-in handles -------------------------------------------------------------------------

@pytest.mark.parametrize("stand_in", ["jetpack", "user", "_", "username"])
def test_a_templates_stand_in_handle_is_no_handle(stand_in):
    embed = _one(f'<blockquote class="twitter-tweet" data-partner="jetpack"><a href="'
                 f'https://twitter.com/{stand_in}/status/{POST}"></a></blockquote>')
    assert embed.handle is None


@pytest.mark.parametrize("segment", [
    "69297945",  # a numeric user id: f"https://twitter.com/{user_id}/status/{id}"
    "anyuser", "undefined", "null", "None", "unknown", "NaN",  # scripts' stand-ins
    "%7Busername%7D", "{username}", "{{user}}", ":username", "$user",  # unfilled templates
    "x",  # X's own account, as "twitter" is: what a generator writes with the id alone
])
def test_a_segment_that_names_no_account_is_no_handle(segment):
    """X finds a post by its id, whatever the segment before /status/ says: one that is
    no possible handle, or a generator's stand-in, is no claim of an author."""
    for host in ("twitter.com", "x.com"):
        embed = _one(f'<p>Source: <a href="https://{host}/{segment}/status/{POST}">the post'
                     f"</a></p>")
        assert embed.handle is None, (host, segment)


def test_a_numeric_user_id_in_a_wordpress_embed_is_no_handle():
    block = (f'<!-- wp:embed {{"url":"https://twitter.com/48203117/status/{POST}","type":"rich",'
             f'"providerNameSlug":"twitter"}} -->\n<figure class="wp-block-embed is-type-rich '
             f'is-provider-twitter wp-block-embed-twitter"><div class="wp-block-embed__wrapper">\n'
             f"https://twitter.com/48203117/status/{POST}\n</div><figcaption>Harbour Ferries on "
             f"the night sailings.</figcaption></figure>\n<!-- /wp:embed -->")
    assert _one(block).handle is None


@pytest.mark.parametrize("segment", ["harbour_ferries", "HarbourFerries2", "_x_", "x_", "2fast",
                                     "Harbour\u0424erries"])
def test_a_segment_that_may_be_an_account_is_kept_as_written(segment):
    embed = _one(f'<p>Source: <a href="https://x.com/{segment}/status/{POST}">the post</a></p>')
    assert embed.handle == segment


def test_an_attributions_handle_wins_over_a_stand_in_x():
    embed = _one(f'<blockquote class="twitter-tweet"><p>Night sailings resume on Monday.</p>'
                 f'&mdash; Harbour Ferries (@harbour_ferries) <a href="https://x.com/x/status/'
                 f'{POST}">November 3, 2022</a></blockquote>')
    assert (embed.handle, embed.author_name) == ("harbour_ferries", "Harbour Ferries")


def test_a_card_showing_its_authors_handle_overrides_the_permalinks():
    card = (f'<figure class="kg-card kg-embed-card"><div class="post-card">'
            f'<a href="https://twitter.com/twitter/status/{POST}">Harbour Ferries<br>'
            f'<span class="handle">@harbour_ferries</span></a>'
            f'<a href="https://twitter.com/twitter/status/{POST}">Night sailings resume.</a>'
            f"</div></figure>")
    assert _one(card).handle == "harbour_ferries"


# --- marks of X in any case, and by X's name alone ----------------------------------------------

@pytest.mark.parametrize("element", [
    f'<div class="oembed" data-provider="Twitter" data-id="{POST}"></div>',
    f'<div class="oembed" data-provider="TWITTER" data-id="{POST}"></div>',
    f'<div data-platform="x-twitter" data-id="{POST}"></div>',
    f'<div class="x-embed" data-id="{POST}"></div>',
    f'<div class="x-embed"><div data-post-id="{POST}"></div></div>',
    f'<div class="Embed--Twitter"><div data-id="{POST}"></div></div>',
    f'<div class="TweetEmbed" data-id="{POST}"></div>',
])
def test_an_embed_marked_in_any_case_or_as_x_alone_is_found(element):
    assert _one(element).post_id == POST


@pytest.mark.parametrize("element", [
    f'<figure class="social" data-social-type="x" data-post-id="{POST}"></figure>',
    f'<div data-embed-provider="X" data-id="{POST}"></div>',
    f'<div data-provider="X (Twitter)" data-id="{POST}"></div>',
])
def test_a_provider_named_x_alone_marks_an_embed_on_a_page_the_parse_reads(element):
    """A provider value "x" or "X (Twitter)" names X (html._names_x), but the scan does
    not look for it (a needle for either costs every page without posts a fifth to a half
    of its search again): such an element is found on a page the scan sends to the parse
    for another mark of X."""
    other = ('<blockquote class="twitter-tweet"><a href="https://twitter.com/port_authority/'
             'status/1588234412208037999">November 3, 2022</a></blockquote>')
    embeds = extract(_page(other + element), "p.html")
    assert [e.post_id for e in embeds] == ["1588234412208037999", POST]


@pytest.mark.parametrize("element", [
    f'<div data-provider="instagram" data-id="{POST}"></div>',
    f'<div data-provider="box" data-id="{POST}"></div>',
    f'<svg><line data-axis="x" data-id="{POST}"></line></svg>',
    f'<div class="twitter-moment" data-id="{POST}"></div>',
    f'<div class="twitter-grid" data-id="{POST}"></div>',
])
def test_ids_that_no_post_mark_claims_are_not_posts(element):
    assert extract(_page(element), "p.html") == []


# --- an iframe's inline content ------------------------------------------------------------------

@pytest.mark.parametrize("inline", [
    f'<a href="{LINK}">the post</a>',
    f"<p>Night sailings resume on Monday.</p>&mdash; Harbour Ferries (&#64;harbour_ferries)"
    f' <a href="{LINK}">November 3, 2022</a>',
    f'<div class="tweet-embed" data-tweet-id="{POST}"></div>',
])
def test_a_post_in_an_iframes_inline_content_is_found_by_every_rule(inline):
    body = f'<figure class="op-interactive"><iframe>{inline}</iframe></figure>'
    assert _one(body).post_id == POST


def test_an_attribution_in_an_iframes_inline_content_gives_the_posts_fields():
    body = (f'<figure class="op-interactive"><iframe><p>Night sailings resume on Monday.</p>'
            f'&mdash; Harbour Ferries (&#64;harbour_ferries) <a href="{LINK}">November 3,'
            f" 2022</a></iframe></figure>")
    embed = _one(body)
    assert (embed.text, embed.author_name, embed.handle) == (
        "Night sailings resume on Monday.", "Harbour Ferries", "harbour_ferries")


# --- a card that keeps the post's data as JSON -----------------------------------------------------

def _card(data: dict) -> str:
    import html
    import json

    return (f'<div class="tweet" data-attrs="{html.escape(json.dumps(data))}">'
            f'<a href="{LINK}"><span>Harbour Ferries</span><span>@harbour_ferries</span>'
            f"<p>Night sailings resume</p></a></div>")


def test_a_card_keeping_the_posts_data_as_json_gives_its_fields():
    embed = _one(_card({"url": LINK, "full_text": "Night sailings resume on Monday, thanks to"
                        ' <span class="fake-link">@port_authority</span> &amp; crews',
                        "username": "harbour_ferries", "name": "Harbour Ferries",
                        "date": "Thu Nov 03 09:15:00 +0000 2022"}))
    assert embed.text == "Night sailings resume on Monday, thanks to @port_authority & crews"
    assert (embed.handle, embed.author_name, embed.shown_date) == (
        "harbour_ferries", "Harbour Ferries", "2022-11-03")


def test_json_of_the_post_it_quotes_is_not_this_posts():
    embed = _one(_card({"url": LINK, "quoted_tweet": {"full_text": "The quoted post's words",
                                                      "username": "port_authority"}}))
    assert embed.text != "The quoted post's words" and embed.handle == "harbour_ferries"


@pytest.mark.parametrize("shown, date", [("14.11.2025", "2025-11-14"), ("11/14/2025", "2025-11-14"),
                                         ("2025. 11. 14.", "2025-11-14"), ("2025. 11. 4.", "2025-11-04"),
                                         ("11.10.2025", "2025-10-11"),  # points: day first
                                         ("11/10/2025", None)])  # day or month first
def test_a_text_copy_dated_in_numbers_gives_its_date_when_it_reads_one_way(shown, date):
    """A plain-text copy's date finds its post among the author's (a day either way): a
    date in numbers is that date when only one reading of it is a date."""
    text = f"All sailings cancelled tonight.— Harbour Desk (@harbour_desk) {shown}\nMore."
    embeds = extract(text.encode(), "copy.txt")
    assert [(e.shown_date, e.date) for e in embeds] == [(shown, date)]


@pytest.mark.parametrize("nesting", ["raw", "srcdoc", "json"])
def test_nesting_past_any_page_loses_nothing_else(nesting, caplog):
    """Frames inside frames, or a card's JSON nested thousands deep, are read only so far:
    the page's other posts are still found, with no warning, in bounded time and memory."""
    import html
    import logging

    link = f'<a href="{LINK}">the post</a>'
    if nesting == "raw":
        odd = "<iframe>" * 5000 + link + "</iframe>" * 5000
    elif nesting == "srcdoc":
        odd = link
        for _ in range(300):
            odd = f'<iframe srcdoc="{html.escape(odd)}"></iframe>'
    else:
        value = '{"quoted_tweet":' * 50_000 + f'{{"url":"{LINK}"}}' + "}" * 50_000
        odd = f'<div class="tweet" data-attrs="{html.escape(value)}"></div>'
    other = ('<blockquote class="twitter-tweet"><p>Crossing open.</p>&mdash; Port (@port_authority)'
             ' <a href="https://twitter.com/port_authority/status/1977645733554581562">'
             "October 13, 2025</a></blockquote>")
    with caplog.at_level(logging.WARNING, logger="archiver"):
        embeds = extract(_page(other + odd), "p.html")
    assert "1977645733554581562" in [e.post_id for e in embeds]
    assert not [r for r in caplog.records if "could not be read" in r.getMessage()]


def test_an_iframes_inline_content_is_read_in_any_thread():
    """The archive and the scan extract in worker threads: a frame's content is read there
    as in the main thread (the depth of frames is counted per thread)."""
    from concurrent.futures import ThreadPoolExecutor

    body = f'<figure class="op-interactive"><iframe><a href="{LINK}">the post</a></iframe></figure>'
    with ThreadPoolExecutor(2) as pool:
        found = list(pool.map(lambda _: [e.post_id for e in extract(_page(body), "p.html")],
                              range(4)))
    assert found == [[POST]] * 4
