"""The verdict engine on its own: each finding alone and combined, and the folding."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from archiver.textnorm import canonical_text, comparable
from archiver.verify import PostState, Quote, Version, compare_texts, verify_quote

POST_ID = "1977411517674615015"  # Snowflake date 2025-10-12
TEXT = ("Suriye halkının özgürlüğe kavuşmasının ardından Suriye ile her alanda ve düzeyde "
        "kapsamlı temasları sürdürüyoruz.")


def version(text=TEXT, **kw):
    base = dict(version_id=1, source="syndication", text=text, handle="HakanFidan",
                author_name="Hakan Fidan", author_id="1004391034",
                created_at="2025-10-12T16:30:19.000Z", lang="tr", edit_ids=(POST_ID,))
    base.update(kw)
    return Version(**base)


def quote(text=TEXT, **kw):
    base = dict(post_id=POST_ID, text=text, handle="HakanFidan", author_name="Hakan Fidan",
                shown_date="October 12, 2025", fetched_at="2025-10-13T00:00:00Z")
    base.update(kw)
    return Quote(**base)


STATE = PostState(POST_ID, "available", handles=frozenset({"hakanfidan"}))


def check(q=None, v=None, state=STATE, newest=None):
    v = version() if v is None else v
    return verify_quote(q or quote(), v, newest, state)


def test_match():
    result = check()
    assert (result.verdict, result.findings, result.score) == ("match", ("match",), 100.0)


def test_match_survives_whitespace_entities_quotes_and_format_characters():
    shown = TEXT.replace(" ", "\u00a0", 3).replace("ardından", "ardından\u200f") + "\n"
    assert check(quote(shown)).verdict == "match"
    assert check(quote("“a” &amp; b"), version('"a" & b')).verdict == "match"


def test_truncated_prefix_with_ellipsis():
    result = check(quote(TEXT[:60] + "…"))
    assert result.verdict == "truncated" and "faithful prefix" in result.details["truncated"]
    assert check(quote(TEXT[:60] + "...")).verdict == "truncated"


def test_altered_has_score_and_diff():
    result = check(quote(TEXT.replace("kapsamlı", "sınırlı")))
    assert result.verdict == "altered"
    assert 80 < result.score < 100
    assert result.diff and any("sınırlı" in d["quote"] or "sın" in d["quote"] for d in result.diff)
    assert all(set(d) == {"op", "at", "quote", "post"} for d in result.diff)


def test_truncated_quote_that_changes_words_is_altered():
    shown = TEXT[:60].replace("özgürlüğe", "barışa") + "…"
    result = check(quote(shown))
    assert result.verdict == "altered" and result.score < 100


def test_source_truncated_quote_past_the_cut_is_not_altered():
    cut = version(TEXT[:70], source_truncated=True)
    result = check(quote(TEXT), cut)
    assert result.verdict == "source_truncated"
    # the overlap is still compared
    changed = check(quote("X" + TEXT[1:]), cut)
    assert changed.verdict == "altered"


def test_author_mismatch_and_rename():
    wrong = check(quote(handle="SomeoneElse"))
    assert wrong.verdict == "author_mismatch" and "@SomeoneElse" in wrong.details["author_mismatch"]
    renamed_state = PostState(POST_ID, "available", handles=frozenset({"hakanfidan", "oldfidan"}))
    renamed = check(quote(handle="OldFidan"), state=renamed_state)
    assert renamed.verdict == "match" and renamed.findings == ("match", "author_renamed")
    assert "(user 1004391034)" in renamed.details["author_renamed"]
    # X's user id unknown (only oEmbed named the handle): no "(user None)"
    no_id = check(quote(handle="OldFidan"), v=version(author_id=None), state=renamed_state)
    assert "user" not in no_id.details["author_renamed"] and "@HakanFidan" in no_id.details[
        "author_renamed"]
    # The author's own handle under another name: the handle is the account; its display
    # name is the account's to change (a rebrand keeps no word). Said, not a misattribution.
    name = check(quote(author_name="Mevlüt Çavuşoğlu"))
    assert name.verdict == "match" and name.findings == ("match", "author_name_changed")
    assert "share no word" in name.details["author_name_changed"]
    # No handle shown: the name is all the attribution there is
    assert check(quote(handle=None, author_name="Hakan Fidan Bey")).verdict == "author_mismatch"


@pytest.mark.parametrize("shown, now", [
    ("Hakan Fidan", "Hakan Fidan 🇹🇷"),
    ("Hakan Fidan 🇹🇷", "Hakan Fidan"),
    ("وزارة الخارجية والمغتربين السورية", "وزارة الخارجية السورية"),
    ("Dr. Hakan Fidan", "Hakan FİDAN"),
    ("Harbour City Council", "Port Authority of Harbour"),
    ("Twitter", "X"),
    ("مجلس المدينة", "Harbour City Council"),
])
def test_a_display_name_changed_since_is_no_misattribution(shown, now):
    """The handle shown is the author's and the name is another: the account renamed
    itself since the embed was made (sharing a word with its old name or not)."""
    result = check(quote(author_name=shown), version(author_name=now))
    assert result.verdict == "match"
    assert result.findings == ("match", "author_name_changed")
    assert repr(now) in result.details["author_name_changed"]


def test_date_mismatch_allows_one_day():
    assert check(quote(shown_date="October 13, 2025")).verdict == "match"
    late = check(quote(shown_date="14 Ekim 2025"))
    assert late.verdict == "date_mismatch" and "2025-10-14" in late.details["date_mismatch"]


# Posts made at given UTC times (Snowflake ids), and the dates local time gives them
# somewhere: from UTC-12 (the day 12 hours earlier) to UTC+14 (the day 14 hours later).
AT_0900 = "1977298191774646272"  # 2025-10-12 09:00 UTC: 2025-10-11 21:00 to 10-12 23:00
AT_1030 = "1977320841016246272"  # 10:30 UTC: 10-11 22:30 to 10-13 00:30
AT_1230 = "1977351040005046272"  # 12:30 UTC: 10-12 00:30 to 10-13 02:30
AT_2330 = "1977517134443446272"  # 23:30 UTC: 10-12 11:30 to 10-13 13:30


@pytest.mark.parametrize("post_id, shown, verdict", [
    (AT_0900, "October 11, 2025", "match"),  # Hawaii, Samoa: still the 11th
    (AT_0900, "October 12, 2025", "match"),
    (AT_0900, "October 13, 2025", "date_mismatch"),  # 23:00 at UTC+14: no zone is there yet
    (AT_1030, "October 13, 2025", "match"),  # 00:30 on the 13th at UTC+14 (Kiribati)
    (AT_1230, "October 11, 2025", "date_mismatch"),  # 00:30 on the 12th at UTC-12 already
    (AT_1230, "October 13, 2025", "match"),
    (AT_2330, "October 13, 2025", "match"),  # the next day in Asia
    (AT_2330, "October 11, 2025", "date_mismatch"),
    (AT_2330, "October 14, 2025", "date_mismatch"),
])
def test_a_shown_date_is_the_posts_date_in_some_time_zone(post_id, shown, verdict):
    """X writes an embed's date in UTC, a hand-made copy in the writer's local time: a
    shown date is right when some time zone (UTC-12 to UTC+14) had that date at the
    moment the post was made, and only then."""
    result = check(quote(post_id=post_id, shown_date=shown), version(created_at=None))
    assert result.verdict == verdict
    if verdict == "date_mismatch":
        assert "no time zone shows that date" in result.details["date_mismatch"]


@pytest.mark.parametrize("shown, verdict", [
    ("12.10.2025", "match"), ("12/10/2025", "match"), ("10/12/2025", "match"),
    ("2025. 10. 12.", "match"), ("٢٠٢٥/١٠/١٢ ص", "match"), ("12-10-25", "match"),
    ("13.10.2025", "match"),  # a day later somewhere east
    ("14.11.2025", "date_mismatch"), ("11/14/2025", "date_mismatch"),
    ("12/10/2024", "date_mismatch"),  # neither reading is of the post's year
    ("10/11/2025", "date_mismatch"),  # 10 Nov or 11 Oct: neither is the 12th
    ("10.12.2025", "date_mismatch"),  # points: 10 December, never October 12
    ("2025. 10. 9.", "date_mismatch"),
])
def test_a_date_in_numbers_is_right_when_a_reading_of_it_is(shown, verdict):
    """Day first or month first cannot be told from "10/12/2025": the date shown is the
    post's when one of its readings is, and wrong when none is."""
    result = check(quote(shown_date=shown))
    assert result.verdict == verdict, result
    assert "date_unread" not in result.findings
    if verdict == "date_mismatch":
        assert shown in result.details["date_mismatch"]


@pytest.mark.parametrize("lang, shown, verdict", [
    ("de", "12/10/2025", "match"), ("de", "10/12/2025", "date_mismatch"),  # day first
    ("en-US", "10/12/2025", "match"), ("en-US", "12/10/2025", "date_mismatch"),  # month first
    ("en", "12/10/2025", "match"), ("en", "10/12/2025", "match"),  # either
    ("en-GB", "10/12/2025", "date_mismatch"), ("en-AU", "12/10/2025", "match"),  # day first
    ("ko", "25.10.12", "match"), ("ko", "25.12.10", "date_mismatch"),  # year first, short
])
def test_a_date_with_slashes_is_read_as_its_pages_language_writes_it(lang, shown, verdict):
    assert check(quote(shown_date=shown, date_lang=lang)).verdict == verdict


@pytest.mark.parametrize("shown", ["13 Octobre 2O25", "le douze octobre", "10/12"])
def test_a_shown_date_that_cannot_be_read_is_said_not_checked(shown):
    """A date the reader cannot read is not checked, and the verdict says so: a wrong
    year in a script the month tables lack must not pass as checked."""
    result = check(quote(shown_date=shown))
    assert result.verdict == "match"
    assert result.findings == ("match", "date_unread")
    assert shown in result.details["date_unread"]


def test_unavailable_keeps_comparing_the_archived_copy():
    gone = PostState(POST_ID, "unavailable", reason="deleted", status_since="2026-01-02T00:00:00Z",
                     handles=STATE.handles)
    faithful = check(state=gone)
    assert faithful.verdict == "unavailable" and faithful.findings == ("unavailable", "match")
    # the day the archive found it deleted, not a day the post was deleted on
    assert faithful.details["unavailable"] == ("X no longer serves it (deleted; found so on "
                                               "2026-01-02T00:00:00Z)")
    misquoted = check(quote(TEXT.replace("Suriye", "Irak")), state=gone)
    assert misquoted.verdict == "altered" and "unavailable" in misquoted.findings
    withheld = PostState(POST_ID, "unavailable", reason="age_restricted")
    assert check(state=withheld).details["unavailable"] == "X no longer serves it (age_restricted)"


def test_edited():
    newest = version(edit_ids=(POST_ID, "1977411517674615999"), version_id=2)
    result = check(newest=newest)
    assert result.verdict == "edited" and "1977411517674615999" in result.details["edited"]
    assert result.newest_version_id == 2


def test_several_findings_at_once_with_one_primary():
    result = check(quote(TEXT[:50] + "…", shown_date="1 January 2025"))
    assert result.verdict == "date_mismatch"
    assert result.findings == ("date_mismatch", "truncated")
    both = check(quote(TEXT.replace("Suriye", "Irak"), handle="Nobody"))
    assert both.findings[:2] == ("author_mismatch", "altered")


def test_unverifiable():
    nothing = verify_quote(quote(), None, None, PostState(POST_ID))
    assert nothing.verdict == "unverifiable" and "not answered" in nothing.details["unverifiable"]
    no_text = check(quote(None))
    assert no_text.verdict == "unverifiable" and "no text" in no_text.details["unverifiable"]


def test_tco_links_map_through_the_entities_and_media_links_drop():
    v = version("Read https://t.co/AbC123 now https://t.co/Zz9",
                urls=(("https://t.co/AbC123", "https://e.org/a"),
                      ("https://t.co/Zz9", "https://x.com/a/status/1/photo/1", "pic.x.com/Zz9")),
                has_media=True)
    assert check(quote("Read https://t.co/AbC123 now pic.twitter.com/Zz9"), v).verdict == "match"
    assert check(quote("Read https://e.org/a now"), v).verdict == "match"


def test_reply_mentions_outside_the_display_range_are_ignored():
    v = version("Thank you!", reply=True)
    assert check(quote("@someone @other Thank you!"), v).verdict == "match"


@pytest.mark.parametrize(
    "shown, post, lang",
    [
        ("وَزَارَةُ الخَارِجِيَّةِ", "وزارة الخارجية", "ar"),  # harakat
        ("وزارــــة الخارجية", "وزارة الخارجية", "ar"),  # tatweel
        ("أحمد وإبراهيم وآمال", "احمد وابراهيم وامال", "ar"),  # alef forms
        ("على مستوى", "علي مستوي", "ar"),  # alef maksura / yeh
        ("المكتبة", "المكتبه", "ar"),  # teh marbuta
        ("İSTANBUL IŞIK", "istanbul ışık", "tr"),  # Turkish dotted and dotless I
        ("DIŞİŞLERİ", "Dışişleri", "tr"),
    ],
)
def test_arabic_and_turkish_folding(shown, post, lang):
    v = version(post, lang=lang)
    findings, score, diff = compare_texts(shown, v)
    kind = next(iter(findings))
    assert (kind, score, diff) == ("match", 100.0, ())


def test_dotless_i_is_not_i_in_turkish():
    # "sık" (frequent) and "sik" differ in Turkish; in an English post İ/I fold to i.
    assert next(iter(compare_texts("sik", version("sık", lang="tr"))[0])) == "altered"
    assert next(iter(compare_texts("İNDEX", version("index", lang="en"))[0])) == "match"


TEXTS = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
        st.sampled_from(["&amp;", "&amp;lt;", "&#39;", "&nbsp;", "\u200f", "\u0640", "\u064e",
                         "İ", "ı", "“", " https://t.co/AbC ", "pic.twitter.com/Xy", "@a ", "…",
                         "\r\n", "e\u0301"]),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_canonical_text_is_idempotent(text):
    once = canonical_text(text)
    assert canonical_text(once) == once
    assert comparable(comparable(once)) == comparable(once)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["en", "ar", "tr", None]))
@example("[0]0", "en")  # (a bracket the post writes itself is no editor's: "[0]0" was "00")
@example("Sources [W]e trust", "en")
def test_a_text_always_matches_itself(text, lang):
    v = version(text, lang=lang)
    findings, score, diff = compare_texts(text, v)
    kind = next(iter(findings))
    assert kind in ("match", "truncated") and score == 100.0 and diff == ()


def test_a_handle_renamed_after_the_quote_is_said_from_xs_newest_copy():
    """The embed's handle was the account's when X first answered; X's newest copy names
    the same account (the same user id) another way: said as a rename, still a match."""
    renamed = version(version_id=2, handle="HakanFidanTR")
    state = PostState(POST_ID, "available", handles=frozenset({"hakanfidan", "hakanfidantr"}))
    result = check(newest=renamed, state=state)
    assert result.verdict == "match" and result.findings == ("match", "author_renamed")
    assert result.details["author_renamed"] == (
        "shown as @HakanFidan, the same account (user 1004391034) is now @HakanFidanTR")
    assert check(newest=version(version_id=2)).findings == ("match",)  # no rename: nothing


def test_a_text_copy_cut_at_its_start_is_borne_out_by_the_post_it_is_an_excerpt_of():
    """A plain-text copy without id is matched to a post by its text: an excerpt
    ("…the rest of it") scored against the whole post was never close enough."""
    from archiver.verify import text_similarity

    post = version("The council voted 7 to 2 to close the old pier. Demolition starts in "
                   "March and will take six weeks.")
    assert text_similarity("…Demolition starts in March and will take six weeks.", post) == 100.0
    assert 80 <= text_similarity("…Demolition starts in April and will take six weeks.",
                                 post) < 100
    assert text_similarity("…The harbour reopens on Monday.", post) < 80


def test_an_unknown_handle_under_the_accounts_own_name_says_it_may_be_a_rename():
    """DESIGN: "handles get renamed; say which". A handle the archive never saw on the
    account, under the account's own display name, may be its old handle or another
    account: still a mismatch (nothing archived proves a rename), said both ways."""
    same_name = check(quote(handle="HakanFidanTR", author_name="Hakan Fidan"))
    assert same_name.verdict == "author_mismatch"
    assert "may have been @HakanFidanTR" in same_name.details["author_mismatch"]
    other = check(quote(handle="HakanFidanTR", author_name="Fidan Fan Page"))
    assert "may have been" not in other.details["author_mismatch"]


def test_a_quote_changed_from_every_version_is_shown_against_the_nearest():
    """Edited from "12 hours" to "14 hours", quoted as "14 hours ... a new plan" (the
    post says "a joint plan"): the change to show is "new" for "joint", not also the
    author's own "14" for "12"."""
    newer = "1977419566893432839"
    chain = (POST_ID, newer)
    first = version("Talks lasted 12 hours. Both sides agreed on a joint plan.", lang="en",
                    edit_ids=chain)
    second = version("Talks lasted 14 hours. Both sides agreed on a joint plan.", lang="en",
                     version_id=2, edit_ids=chain)._replace(post_id=newer)
    result = verify_quote(quote("Talks lasted 14 hours. Both sides agreed on a new plan."),
                          first, first, STATE, (second,), chain)
    assert result.verdict == "altered" and "edited" in result.findings
    assert [(c["quote"], c["post"]) for c in result.diff] == [("new", "joint")]
    assert result.version_id == 2 and newer in result.details["edited"]


@pytest.mark.parametrize("href, verdict", [
    ("https://t.co/Qw3Er5Ty7U", "match"),
    ("https://example.org/ferries/winter?utm_source=x&fbclid=IwAR0", "match"),
    ("https://example.org/ferries/winter", "match"),  # the tracking query taken away
    ("http://www.example.org/ferries/winter/?ref=home", "match"),  # ...and another added
    ("https://example.net/ferries/winter", "altered"),
    ("https://example.org/ferries/summer", "altered"),
    # the same address in another form: case, a default port, a fragment, a referral mark
    ("HTTPS://Example.ORG:443/ferries/winter/#times", "match"),
    ("https://example.org/ferries/winter?src=newsletter&itm_medium=x", "match"),
    # held whole by a click tracker or a web archive's copy
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fferries%2Fwinter&h=AT0",
     "match"),
    ("https://web.archive.org/web/20251012000000/https://example.org/ferries/winter", "match"),
    # an address that starts with the post's, or spells it in another site's path
    ("https://example.org/ferries/winter-2", "altered"),
    ("https://example.org/ferries/winter/cancelled", "altered"),
    ("https://example.org/ferries/winter?page=2", "altered"),
    ("https://mirror.example.net/example.org/ferries/winter", "altered"),
    ("https://mirror.example.net/https://example.org/ferries/winter", "altered"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fferries%2Fwinter-2", "altered"),
    # a referral mark one side lacks is tracking; two values of it are two links
    ("https://example.org/ferries/winter?ref=newsletter", "match"),
    ("https://example.org/ferries/winter?src=home", "match"),
])
def test_where_a_link_shown_as_the_posts_goes(href, verdict):
    """The link an embed shows by the post's display URL must go where the post's goes:
    its t.co, its expanded URL with or without a tracking query; not elsewhere."""
    text = "Winter timetable: https://t.co/Qw3Er5Ty7U"
    urls = (("https://t.co/Qw3Er5Ty7U",
             "https://example.org/ferries/winter?utm_source=x&fbclid=IwAR0",
             "example.org/ferries/winter…"),)
    shown = "Winter timetable: example.org/ferries/winter…"
    result = check(quote(shown, links=(("example.org/ferries/winter…", href),)),
                   version(text, lang="en", urls=urls))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("post, shown, lang, verdict, said", [
    # words put in brackets where the post has none: an editor's, said as such...
    ("The council will vote on Monday.", "The [city] council will vote on Monday.", "en",
     "truncated", "“[city]” is not in the post: the editor's words"),
    # ...but a negation or an "only" put in is the quote saying what the post does not
    ("We will raise ferry fares next year.", "We will [not] raise ferry fares next year.",
     "en", "altered", None),
    ("Wir werden verhandeln.", "Wir werden [nie] verhandeln.", "de", "altered", None),
    ("We will open the pier.", "[Only] we will open the pier.", "en", "altered", None),
    # a cut that takes a negation or an "only" and nothing else turns the sentence it
    # keeps, in every language: a misquote
    ("Il governo non chiuderà il confine.", "Il governo […] chiuderà il confine.", "it",
     "altered", "takes only “non”"),
    ("El puerto no abrirá el lunes.", "El puerto […] abrirá el lunes.", "es", "altered",
     "takes only “no”"),
    ("港は月曜日に開港しない予定だ。", "港は月曜日に開港[…]予定だ。", "ja", "altered",
     "takes only “しない”"),
    ("ما بندر را نخواهیم بست.", "ما بندر را […] بست.", "fa", "altered",
     "takes only “نخواهیم”"),
    ("The vaccine is only effective for adults.", "The vaccine is […] effective for adults.",
     "en", "altered", "takes only “only”"),
    ("Сегодня 1 из 10 детей живёт без родителей.", "Сегодня […] 10 детей живёт без родителей.",
     "ru", "altered", "takes only “1 из”"),
    # ...while one that takes a negation with the clause it negates is said, not judged
    ("The pier, which did not open last year, will open on Monday.",
     "The pier […] will open on Monday.", "en", "truncated", "a cut leaves out “not”"),
    ("Le port, qui n'a pas ouvert l'an dernier, ouvrira lundi.", "Le port […] ouvrira lundi.",
     "fr", "truncated", "a cut leaves out “pas”"),
    # a bracket for the post's words that puts in a negation, an "only", another number
    ("We will raise harbour fees.", "We [won't] raise harbour fees.", "en", "altered", None),
    ("We will hire 200 more staff.", "We will hire [20] more staff.", "en", "altered", None),
    ("Wir werden die Gebühren erhöhen.", "Wir werden die Gebühren [kaum] erhöhen.", "de",
     "altered", None),
    # ...or a clarification: said, with what it stands for
    ("He said the plan works.", "[The mayor] said the plan works.", "en", "truncated", None),
    # a negating prefix put in brackets on the post's word
    ("The ruling was fair to all.", "The ruling was [un]fair to all.", "en", "altered", None),
    ("Das ist möglich.", "Das ist [un]möglich.", "de", "altered", None),
    ("We will hire 200 staff next year.", "We will hire 200 [harbour] staff next year.", "en",
     "truncated", "“[harbour]” is not in the post: the editor's words"),
])
def test_what_brackets_put_in_and_cuts_take_out(post, shown, lang, verdict, said):
    result = check(quote(shown), version(post, lang=lang))
    assert result.verdict == verdict, result
    if said:
        assert said in result.details[verdict]
    if verdict == "truncated" and "[" in shown and "…" not in shown:
        assert "left out" not in result.details["truncated"]  # nothing was left out


def test_an_edit_since_says_what_the_post_reads_now():
    """A faithful quote of a post edited since: the finding gives the newest edit's words,
    which a reader needs beside the quote (here the edit turns its meaning)."""
    newer = "1977419566893432839"
    chain = (POST_ID, newer)
    first = version("The harbour will not reopen this week. https://t.co/Qw3Er5Ty7U",
                    lang="en", edit_ids=chain,
                    urls=(("https://t.co/Qw3Er5Ty7U", "https://example.org/harbour",
                           "example.org/harbour"),))
    second = version("The harbour will reopen this week. https://t.co/Qw3Er5Ty7U", lang="en",
                     version_id=2, edit_ids=chain,
                     urls=first.urls)._replace(post_id=newer)
    result = verify_quote(quote("The harbour will not reopen this week. example.org/harbour"),
                          first, second, STATE, (second,), chain)
    assert result.verdict == "edited" and "match" in result.findings
    assert result.details["edited"] == (
        f"X shows a newer edit of the post: {newer}, which reads “The harbour will reopen "
        "this week. https://example.org/harbour”")


def test_a_case_change_is_said_as_one():
    """An altered quote whose only change is a word's case says so, not "1 change"."""
    result = check(quote("Drones were aimed at us bases overnight."),
                   version("Drones were aimed at US bases overnight.", lang="en"))
    assert result.verdict == "altered"
    assert result.details["altered"].startswith("writes “us” where the post writes “US”")
    assert [(c["quote"], c["post"]) for c in result.diff] == [("us", "US")]


@pytest.mark.parametrize("shown, href, verdict", [
    # a browser's or a CMS's form of the post's address, in the text and in the href
    ("https://www.example.org/ferries/winter/", None, "match"),
    ("http://example.org/ferries/winter/", None, "match"),
    ("https://example.org/ferries/winter", None, "match"),
    ("fähre.example/fahrplan", "https://fähre.example/fahrplan", "match"),
    ("fähre.example/fahrplan", "https://f%C3%A4hre.example/fahrplan", "match"),
    ("https://fähre.example/fahrplan", None, "match"),
    # another address
    ("https://www.example.org/ferries/winter2", None, "altered"),
    ("fahre.example/fahrplan", None, "altered"),
    ("fähre.example/fahrplan", "https://fahre.example/fahrplan", "altered"),
])
def test_a_link_written_as_browsers_write_it_is_the_posts(shown, href, verdict):
    """X writes a link's host in punycode and as the author typed it; the article may show
    it in Unicode, with "www." or a trailing slash X's lacks, or with a scheme before
    X's display URL: the same address. Another address is a change."""
    urls = (("https://t.co/Qw3Er5Ty7U", "https://example.org/ferries/winter",
             "example.org/ferries/winter"),
            ("https://t.co/Fa7Hr3Pl4n", "https://xn--fhre-loa.example/fahrplan",
             "fähre.example/fahrplan"))
    idn = "hre" in shown
    text = f"Timetable: {'https://t.co/Fa7Hr3Pl4n' if idn else 'https://t.co/Qw3Er5Ty7U'}"
    links = ((shown, href),) if href else ()
    result = check(quote(f"Timetable: {shown}", links=links),
                   version(text, lang="en", urls=urls))
    assert result.verdict == verdict, result


HARBOUR = "Storm damage at the harbour wall this morning. https://t.co/Hb4rB0wl9Z"
HARBOUR_PHOTO = (("https://t.co/Hb4rB0wl9Z", "https://x.com/PortDesk/status/1/photo/1",
                  "pic.x.com/Hb4rB0wl9Z"),)


@pytest.mark.parametrize("text, media, urls, has_media, verdict", [
    # the post's own photo, shown as embeds show it, or as X's raw text ends
    ("Storm damage at the harbour wall this morning.", ("pic.twitter.com/Hb4rB0wl9Z",),
     HARBOUR_PHOTO, True, "match"),
    ("Storm damage at the harbour wall this morning. pic.x.com/Hb4rB0wl9Z", (),
     HARBOUR_PHOTO, True, "match"),
    ("Storm damage at the harbour wall this morning. https://t.co/Hb4rB0wl9Z", (),
     HARBOUR_PHOTO, True, "match"),
    ("Storm damage at the harbour wall this morning.", (), HARBOUR_PHOTO, True, "match"),
    # a copy of the post that names no photo link of its (no media entity, no trailing
    # t.co): any photo link may be the post's
    ("Storm damage at the harbour wall this morning.", ("pic.twitter.com/Zz9Yy8Xx7W",),
     (), "no code", "match"),
    # another photo's link, under the post's words
    ("Storm damage at the harbour wall this morning.", ("pic.twitter.com/Zz9Yy8Xx7W",),
     HARBOUR_PHOTO, True, "altered"),
    ("Storm damage at the harbour wall this morning. https://t.co/Zz9Yy8Xx7W", (),
     HARBOUR_PHOTO, True, "altered"),
])
def test_a_photo_link_shown_must_be_the_posts_own(text, media, urls, has_media, verdict):
    """Embeds show a post's photo by its link, pic.twitter.com/CODE, CODE the t.co of the
    photo in X's text. Rendering drops photo links as the post's own; a code that is not
    the post's photo shows a photo the post never had."""
    post = HARBOUR.rsplit(" ", 1)[0] if has_media == "no code" else HARBOUR
    result = check(quote(text, media=media),
                   version(post, lang="en", urls=urls, has_media=bool(has_media)))
    assert result.verdict == verdict, result
    if verdict == "altered":
        assert "photo link the post does not have" in result.details["altered"]
        assert "pic.twitter.com/Hb4rB0wl9Z" in result.details["altered"]


def test_a_photo_link_under_a_post_without_one_is_a_change():
    result = check(quote("No damage at the harbour wall.", media=("pic.twitter.com/Zz9Yy8Xx7W",)),
                   version("No damage at the harbour wall.", lang="en"))
    assert result.verdict == "altered"
    assert result.details["altered"].endswith("the post has no photo")
    assert [(d["op"], d["quote"]) for d in result.diff] == [("delete", "pic.twitter.com/Zz9Yy8Xx7W")]


@pytest.mark.parametrize("shown, post, verdict", [
    # a unit's mark after a number, written straight, curly or as a prime
    ('The new berth is 40" deeper.', "The new berth is 40″ deeper.", "match"),
    ("The new berth is 40” deeper.", 'The new berth is 40" deeper.', "match"),
    ("The diver reached 6′2″ below the hull.", "The diver reached 6'2\" below the hull.",
     "match"),
    # ...is that unit: inches are not feet, seconds are not minutes
    ("The new berth is 40' deeper.", 'The new berth is 40" deeper.', "altered"),
    ("The diver reached 6\"2' below the hull.", "The diver reached 6'2\" below the hull.",
     "altered"),
    ("Bearing 12°30″ east.", "Bearing 12°30′ east.", "altered"),
    # a quotation that ends on a number keeps its mark: single or double is house style
    ("The final score read ‘3-2’ at the whistle.", 'The final score read "3-2" at the whistle.',
     "match"),
    ("He said “we counted 12” and left.", "He said 'we counted 12' and left.", "match"),
    # a keycap is the digit drawn in a key
    ("3 ferries running, 2 cancelled.", "3\ufe0f\u20e3 ferries running, 2\ufe0f\u20e3 cancelled.",
     "match"),
    ("2 ferries running, 3 cancelled.", "3\ufe0f\u20e3 ferries running, 2\ufe0f\u20e3 cancelled.",
     "altered"),
])
def test_a_mark_after_a_number_is_its_unit_and_a_keycap_its_digit(shown, post, verdict):
    result = check(quote(shown), version(post, lang="en"))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown, post, lang, verdict", [
    # a copy in capitals leaves out the accents its language's typists drop on capitals
    ("GREVE GENERALE JEUDI A PARIS", "Grève générale jeudi à Paris", "fr", "match"),
    ("ALERTA: CORTES DE LUZ MAÑANA EN LA REGION", "Alerta: cortes de luz mañana en la región",
     "es", "match"),
    ("GREVE NACIONAL DOS CAMIONISTAS NAO TERMINOU", "Greve nacional dos camionistas não terminou",
     "pt", "match"),
    ("THE CAFE ON THE PIER IS OPEN", "The café on the pier is open", "en", "match"),
    # ...never a letter of its own
    ("ALERTA: EL PUERTO CERRADO UN ANO", "Alerta: el puerto cerrado un año", "es", "altered"),
    ("LIMAN MUDURU BU SABAH OLDU", "Liman müdürü bu sabah öldü", "tr", "altered"),
    ("WIR MUSSEN DIE SCHIFFE ZAHLEN", "Wir müssen die Schiffe zählen", "de", "altered"),
    ("JEGO ZONA ZOSTALA W PORCIE", "Jego żona została w porcie", "pl", "altered"),
    # where the post's language is not known, only acute, grave and circumflex
    ("LIMAN MUDURU BU SABAH OLDU", "Liman müdürü bu sabah öldü", None, "altered"),
    ("GREVE A PARIS", "Grève à Paris", None, "match"),
])
def test_a_copy_in_capitals_drops_accents_never_letters(shown, post, lang, verdict):
    result = check(quote(shown), version(post, lang=lang))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown, post, verdict", [
    # alef's hamza: either side may write a plain alef...
    ("وقف المحتجون امام الميناء.", "وقف المحتجون أمام الميناء.", "match"),
    ("وقف المحتجون أمام الميناء.", "وقف المحتجون امام الميناء.", "match"),
    # ...but two that write it must agree
    ("وقف المحتجون إمام الميناء.", "وقف المحتجون أمام الميناء.", "altered"),
    ("رفعت الأعلام في الميناء.", "رفعت الإعلام في الميناء.", "altered"),
    # إن and أن after a verb of saying: grammar writers confuse, one meaning
    ("قال المتحدث أن الميناء مغلق.", "قال المتحدث إن الميناء مغلق.", "match"),
    ("قال المتحدث أنه مغلق.", "قال المتحدث إنه مغلق.", "match"),
    # the hamza before a waw on a yeh seat, as Egypt writes it: one word
    ("المسئول عن شئون الميناء استقال.", "المسؤول عن شؤون الميناء استقال.", "match"),
])
def test_alefs_hamza_one_side_may_leave_out_but_both_must_agree_on(shown, post, verdict):
    result = check(quote(shown), version(post, lang="ar"))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown, post, lang, word", [
    # a cut inside the quote that takes a word turning the clause
    ("The council […] approved the new ferry contract.",
     "The council denies it approved the new ferry contract.", "en", "denies"),
    ("The port will reopen […] the safety checks.",
     "The port will reopen without the safety checks.", "en", "without"),
    ("Der Senat hat […] die Gebühren erhöht.", "Der Senat hat dementiert, die Gebühren erhöht.",
     "de", "dementiert"),
    ("El puerto abrirá […] los controles.", "El puerto abrirá sin los controles.", "es", "sin"),
    # "We […] received": the cut marks words, so it is the first "we" that is quoted
    ("We […] received payments from the company.",
     "We deny that we received payments from the company.", "en", "deny"),
    # an excerpt whose cut at its start takes one, in its clause
    ("[…] the bridge will close on Monday.", "It is false that the bridge will close on Monday.",
     "en", "false"),
])
def test_a_cut_that_takes_a_word_turning_the_clause_is_said(shown, post, lang, word):
    """Said, not judged, as a cut negation is: the word may bear on the words quoted, or
    its clause may be cut whole."""
    result = check(quote(shown), version(post, lang=lang))
    assert result.verdict == "truncated", result
    assert f"“{word}”" in result.details["truncated"], result.details


@pytest.mark.parametrize("shown, post, lang, number", [
    # a cut after a number's whole part: its decimals, its next group, its magnitude
    ("The harbour fee rose by 3…", "The harbour fee rose by 3.75 percent.", "en", "3.75"),
    ("The port was fined €4…", "The port was fined €4 million.", "en", "4 million"),
    ("Der Hafen verlor 7…", "Der Hafen verlor 7,2 Milliarden Euro.", "de", "7,2"),
    ("Le port a perdu 2…", "Le port a perdu 2 milliards d'euros.", "fr", "2 milliards"),
    ("We handled 8 […] containers last year.", "We handled 8 million containers last year.",
     "en", "8 million"),
    # a cut before a number's decimals
    ("…4 million containers.", "We handled 2.4 million containers.", "en", "2.4 million"),
    # a percent or a magnitude glued to the number, or a space before the sign
    ("Unemployment in the port hit 7…", "Unemployment in the port hit 7% in March.", "en",
     "7%"),
    ("Unemployment in the port hit 7…", "Unemployment in the port hit 7 % in March.", "en",
     "7%"),
    ("The operator was fined $5…", "The operator was fined $5m in March.", "en", "5m"),
    ("Unemployment in the port hit 7 […] in March.", "Unemployment in the port hit 7% in March.",
     "en", "7%"),
])
def test_a_cut_into_a_number_is_another_number(shown, post, lang, number):
    result = check(quote(shown), version(post, lang=lang))
    assert result.verdict == "altered", result
    assert f"a cut goes into a number: the post says “{number}”" == result.details["altered"]
    assert [(d["op"], d["post"]) for d in result.diff] == [("insert", number)]


@pytest.mark.parametrize("shown, post, lang", [
    ("The harbour fee rose by 3.75 percent…", "The harbour fee rose by 3.75 percent, then fell.",
     "en"),
    ("We handled 8 […] containers.", "We handled 8 new containers.", "en"),
    ("…3 ships left.", "On May 3 3 ships left.", "en"),
])
def test_a_cut_beside_a_whole_number_is_a_faithful_excerpt(shown, post, lang):
    assert check(quote(shown), version(post, lang=lang)).verdict == "truncated"


@pytest.mark.parametrize("shown, lang, verdict", [
    # X's web app shows a post of this year without its year
    ("Oct 12", "en", "match"),
    ("12 Eki", "tr", "match"),
    ("10月12日", "ja", "match"),
    ("Oct 13", "en", "match"),  # 16:30 UTC on the 12th is the 13th east of UTC+8
    ("Oct 15", "en", "date_mismatch"),
    ("12 Kas", "tr", "date_mismatch"),
])
def test_a_date_shown_without_its_year_is_read_in_the_posts(shown, lang, verdict):
    result = check(quote(shown_date=shown, date_lang=lang))
    assert result.verdict == verdict, result
    if verdict == "date_mismatch":
        assert "of no year" in result.details["date_mismatch"]
    assert "date_unread" not in result.findings


@pytest.mark.parametrize("shown, post, verdict", [
    # typography in one character, as the characters it stands for
    ("Mix 1/8 cup of salt.", "Mix ⅛ cup of salt.", "match"),
    ("Mix 2 3/8 cups of salt.", "Mix 2⅜ cups of salt.", "match"),
    ("Step 1: close the gates.", "Step ①: close the gates.", "match"),
    ("Chapter XII opens today.", "Chapter Ⅻ opens today.", "match"),
    ("The dose is 5 mg m-2 a day.", "The dose is 5 mg m⁻² a day.", "match"),
    # ...and other numbers are other numbers
    ("Mix 1/6 cup of salt.", "Mix ⅛ cup of salt.", "altered"),
    ("Step 2: close the gates.", "Step ①: close the gates.", "altered"),
    ("Mix 23/8 cups of salt.", "Mix 2⅜ cups of salt.", "altered"),
])
def test_numbers_in_one_character_are_the_numbers_they_stand_for(shown, post, verdict):
    result = check(quote(shown), version(post, lang="en"))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown, post, verdict", [
    ("The pier will reopen on Tuesday at 10am", "The pier will reopen on Tuesday at 10am.",
     "match"),
    ("The pier will reopen on Tuesday at 10am.", "The pier will reopen on Tuesday at 10am",
     "match"),
    ("码头将于周二重新开放", "码头将于周二重新开放。", "match"),
    # a question, or a word, is no full stop
    ("The pier will reopen on Tuesday at 10am", "The pier will reopen on Tuesday at 10am?",
     "altered"),
    ("The pier will reopen on Tuesday", "The pier will reopen on Tuesday at 10am.", "altered"),
])
def test_a_final_full_stop_left_out_is_no_change(shown, post, verdict):
    result = check(quote(shown), version(post, lang="en"))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown, post, verdict", [
    # more numbers in one character; inches typed as two single marks
    ("Step 1: close the gates.", "Step ❶: close the gates.", "match"),
    ("Step 11: close the gates.", "Step ⓫: close the gates.", "match"),
    ("Gate 21 is closed.", "Gate ㉑ is closed.", "match"),
    ("Countdown: 10 minutes.", "Countdown: 🔟 minutes.", "match"),
    ("The new berth is 40'' deeper.", 'The new berth is 40" deeper.', "match"),
    ("The new berth is 40’’ deeper.", "The new berth is 40″ deeper.", "match"),
    # final stops of more scripts
    ("ወደቡ ነገ ይከፈታል", "ወደቡ ነገ ይከፈታል።", "match"),
    ("港は明日開く", "港は明日開く｡", "match"),
    # a list's or a date's comma is no digit group; a time, a score, a fraction, a sign
    ("Gates 3…", "Gates 3, 4 and 5 are closed.", "truncated"),
    ("The terminal opens at 21…", "The terminal opens at 21:30 tonight.", "altered"),
    ("The home side won 3…", "The home side won 3-1 tonight.", "altered"),
    ("Rain fell on 3…", "Rain fell on 3/4 of the county.", "altered"),
])
def test_more_renderings_of_numbers_and_cuts_into_them(shown, post, verdict):
    result = check(quote(shown), version(post, lang="en"))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("expanded, href, verdict", [
    ("https://code.example.org/ferry/data.csv?ref=v2.1", "https://code.example.org/ferry/data.csv?ref=v1.0",
     "altered"),
    ("https://docs.example.org/viewer?src=budget-2025.pdf",
     "https://docs.example.org/viewer?src=budget-2024.pdf", "altered"),
    ("https://data.example.org/#/report/12", "https://data.example.org/#/report/13", "altered"),
    ("https://data.example.org/#/report/12", "https://data.example.org/#/report/12", "match"),
    ("https://data.example.org/report/12#section-2", "https://data.example.org/report/12",
     "match"),
    ("https://x.com/PortDesk/status/1977000000000000001",
     "https://twitter.com/PortDesk/status/1977000000000000001?s=20&t=Ab12Cd34", "match"),
    ("https://news.example.substack.com/p/ferries", "https://news.example.substack.com/p/ferries?r=2x9k",
     "match"),
    ("https://www.forbes.com/sites/x/2025/10/12/ferries/",
     "https://www.forbes.com/sites/x/2025/10/12/ferries/?sh=4f1c2a9b7e10", "match"),
])
def test_what_in_a_link_names_its_page(expanded, href, verdict):
    """A parameter that names what is shown (a branch, a file), a fragment that routes a
    page, is the address; a referral mark, a share hash, X's other name, is not."""
    urls = (("https://t.co/Qw3Er5Ty7U", expanded, expanded.split("//", 1)[1][:24] + "…"),)
    shown = expanded.split("//", 1)[1][:24] + "…"
    result = check(quote(f"Data: {shown}", links=((shown, href),)),
                   version("Data: https://t.co/Qw3Er5Ty7U", lang="en", urls=urls))
    assert result.verdict == verdict, result


@pytest.mark.parametrize("shown", ["https://Example.ORG/ferries/winter", "WWW.EXAMPLE.ORG/ferries/winter"])
def test_a_links_host_in_capitals_is_the_same_address(shown):
    urls = (("https://t.co/Qw3Er5Ty7U", "https://example.org/ferries/winter",
             "example.org/ferries/winter"),)
    result = check(quote(f"Timetable: {shown}"),
                   version("Timetable: https://t.co/Qw3Er5Ty7U", lang="en", urls=urls))
    assert result.verdict == "match", result


@pytest.mark.parametrize("quote, post, was, now", [
    ("Well done 👍🏿", "Well done 👍🏽", "👍🏿", "👍🏽"),
    ("Our family 👨‍👩‍👦‍👦 today", "Our family 👨‍👩‍👧‍👦 today", "👨‍👩‍👦‍👦", "👨‍👩‍👧‍👦"),
    ("Flights to 🇫🇮 resume", "Flights to 🇫🇷 resume", "🇫🇮", "🇫🇷"),
    ("Press 3️⃣ to vote", "Press 4️⃣ to vote", "3️⃣", "4️⃣"),
])
def test_a_change_inside_an_emoji_marks_the_whole_emoji(quote, post, was, now):
    """The difference marked a lone skin tone, or one member cut out of a family: each
    side of a change is whole characters as they are shown."""
    from archiver.verify import text_diff

    [change] = text_diff(quote, post)
    assert (change["quote"], change["post"]) == (was, now)


@pytest.mark.parametrize("quoted, post, run", [
    ("Total due: \u202e1234 USD by Friday.", "Total due: 1234 USD by Friday.", "1234 USD by Friday."),
    ("Fare: \u202e12.50\u202c euros from Monday", "Fare: 12.50 euros from Monday", "12.50"),
    ("قال الوزير \u202dإننا نرفض\u202c القرار", "قال الوزير إننا نرفض القرار", "إننا نرفض"),
])
def test_an_invisible_override_that_turns_the_words_around_is_a_change(quoted, post, run):
    """The code points are the post's, but a reader sees "Total due: .yadirF yb DSU 4321":
    the comparison drops the invisible override, the verdict does not."""
    v = version(post, lang="en")
    result = verify_quote(quote(quoted), v, None, STATE)
    assert result.verdict == "altered"
    assert "override" in result.details["altered"] and run in result.details["altered"]


@pytest.mark.parametrize("quoted, post", [
    ("\u202eمرحبا بكم\u202c في الميناء", "مرحبا بكم في الميناء"),  # over text running its way
    ("Total due: \u202e1234 USD\u202c", "Total due: \u202e1234 USD\u202c"),  # the post's own
    ("Total due: \u200f1234 USD", "Total due: 1234 USD"),  # a mark, no override
])
def test_an_override_that_changes_nothing_drawn_or_is_the_posts_own_is_no_change(quoted, post):
    result = verify_quote(quote(quoted), version(post, lang="ar"), None, STATE)
    assert result.verdict == "match", result.details


@pytest.mark.parametrize("quoted, post", [
    ("Final score: \u202b3 - 1\u202c to Rovers.", "Final score: 3 - 1 to Rovers."),   # RLE
    ("Final score: \u20673 - 1\u2069 to Rovers.", "Final score: 3 - 1 to Rovers."),   # RLI
    ("Final score: \u200f3 - 1\u200f to Rovers.", "Final score: 3 - 1 to Rovers."),   # RLMs
    ("انخفض السهم من \u202a120 إلى 80\u202c أمس", "انخفض السهم من 120 إلى 80 أمس"),  # LRE
])
def test_direction_characters_that_redraw_the_words_are_a_change(quoted, post):
    """"3 - 1" drawn "1 - 3", "from 120 to 80" drawn scrambled (UAX #9): the code points
    are the post's, what a reader sees is not."""
    result = verify_quote(quote(quoted), version(post, lang="en"), None, STATE)
    assert result.verdict == "altered" and "direction characters" in result.details["altered"]


@pytest.mark.parametrize("quoted, post", [
    ("للحجز اتصلوا على \u202d+1 555 0100\u202c اليوم", "للحجز اتصلوا على +1 555 0100 اليوم"),
    ("תודה ל-\u202d@HarbourFerries\u202c על העדכון", "תודה ל-@HarbourFerries על העדכון"),
    ("\u202bمرحبا بكم في الميناء\u202c", "مرحبا بكم في الميناء"),
    ("Read this backwards: \u202edrawkcab siht daeR", "Read this backwards: \u202edrawkcab siht daeR\u202c"),
])
def test_direction_characters_that_set_a_number_or_name_right_or_are_the_posts_are_none(quoted, post):
    """A site's fix of a phone number or a handle in right-to-left text, an embedding
    that changes nothing drawn, the post's own override without its PDF: no change."""
    result = verify_quote(quote(quoted), version(post, lang="ar"), None, STATE)
    assert result.verdict == "match", result.details


def _embed_text(paragraph: str) -> str:
    from archiver.extract import extract

    page = ('<blockquote class="twitter-tweet">' + paragraph + "&mdash; City Desk (@CityDesk) "
            '<a href="https://twitter.com/CityDesk/status/1629262255744503809">February 24, '
            "2023</a></blockquote>")
    [embed] = extract(page.encode(), "page.html")
    return embed.text


@pytest.mark.parametrize("paragraph, post, said", [
    ('<p dir="ltr">Total due: <bdo dir="rtl">1234 USD</bdo> by Friday.</p>',
     "Total due: 1234 USD by Friday.", "override"),
    ('<p dir="ltr">Total due: <span style="unicode-bidi: bidi-override; direction: rtl">'
     "1234 USD</span> by Friday.</p>", "Total due: 1234 USD by Friday.", "override"),
    ('<p dir="ltr">Final score: <span dir="rtl">3 - 1</span> to Rovers.</p>',
     "Final score: 3 - 1 to Rovers.", "direction characters"),
    ('<p lang="ar" dir="rtl">انخفض السهم من <b dir="ltr">120 إلى 80</b> أمس</p>',
     "انخفض السهم من 120 إلى 80 أمس", "direction characters"),
])
def test_markup_that_redraws_the_words_is_a_change(paragraph, post, said):
    """<bdo dir=rtl>, CSS's bidi-override and an inline element's dir draw the article's
    words as the characters U+202E and U+2067 do ("Total due: DSU 4321"): the extracted
    quote keeps them as those characters, and the verdict reads what a reader sees."""
    result = verify_quote(quote(_embed_text(paragraph)), version(post, lang="en"), None, STATE)
    assert result.verdict == "altered" and said in result.details["altered"], result.details
    assert "markup" in result.details["altered"]


@pytest.mark.parametrize("paragraph, post", [
    ('<p lang="ar" dir="rtl">للحجز اتصلوا على <span dir="ltr">+1 555 0100</span> اليوم</p>',
     "للحجز اتصلوا على +1 555 0100 اليوم"),
    ('<p dir="ltr">Thanks <span dir="ltr">@HarbourFerries</span> for the update</p>',
     "Thanks @HarbourFerries for the update"),
    ('<p dir="ltr">Meet <span dir="auto">أحمد</span> at the harbour</p>', "Meet أحمد at the harbour"),
    ('<p lang="ar" dir="rtl">مرحبا <span dir="rtl">بكم</span> في الميناء</p>', "مرحبا بكم في الميناء"),
    ('<p dir="rtl">Ferries resume at 06:00.</p>', "Ferries resume at 06:00."),  # a block's dir
])
def test_direction_markup_that_changes_nothing_drawn_is_no_change(paragraph, post):
    result = verify_quote(quote(_embed_text(paragraph)), version(post, lang="ar"), None, STATE)
    assert result.verdict == "match", result.details


@pytest.mark.parametrize("quoted, post", [
    ("Big news on the war. More soon.", "BIG NEWS ON THE WAR. More soon."),
    ("We will cut the tax. Details at noon.", "WE WILL CUT THE TAX. Details at noon."),
    ("THE FERRY IS BACK ON THE WEB. Book now.", "The ferry is back on the web. Book now."),
    ("Roads closed.\nPLEASE AVOID THE CAR PARK\nThanks.", "Roads closed.\nPlease avoid the car park\nThanks."),
])
def test_a_sentence_in_capitals_quoted_in_sentence_case_is_faithful(quoted, post):
    """A shout is a sentence (or a line) in capitals, not the whole post: its short words
    ("war", "tax", "web", "car") are no acronyms, whatever follows it in lower case."""
    result = verify_quote(quote(quoted), version(post, lang="en"), None, STATE)
    assert result.verdict == "match", result.details


@pytest.mark.parametrize("quoted, post", [
    ("Talks with the us envoy today. More soon.", "Talks with the US envoy today. More soon."),
    ("He asked who said it. Then left.", "He asked WHO said it. Then left."),
])
def test_an_acronym_written_as_a_word_in_a_sentence_that_does_not_shout_is_a_change(quoted, post):
    result = verify_quote(quote(quoted), version(post, lang="en"), None, STATE)
    assert result.verdict == "altered", result.details


@pytest.mark.parametrize("quoted, post, word", [
    ("Ferries have resumed…", "Ferries have resumed nothing of the timetable.", "nothing"),
    ("The bridge will…", "The bridge will not reopen this year.", "not"),
    ("The minister will resign…", "The minister will resign never, she said.", "never"),
    ("We have seen…", "We have seen no evidence of damage.", "no"),
    ("The crew told us they…", "The crew told us they don’t know when it sails.", "don't"),
    ("The ferry…", "The ferry wasn't running on Monday.", "wasn't"),
    ("Nous…", "Nous ne fermerons pas le port.", "ne"),
])
def test_a_prefix_that_stops_right_before_an_english_negation_is_altered(quoted, post, word):
    """A cut that stops right before the negation of the words it quotes turns them, in
    English as in German ("…Vorschlag" of "…Vorschlag nicht."): the post's word named."""
    result = verify_quote(quote(quoted), version(post, lang="en"), None, STATE)
    assert result.verdict == "altered" and f"“{word}”" in result.details["altered"]


@pytest.mark.parametrize("quoted, post, lang, word", [
    ("El puerto…", "El puerto no abrirá el lunes.", "es", "no"),
    ("Rząd…", "Rząd nie zgodzi się na to.", "pl", "nie"),
    ("Ми…", "Ми ніколи не здамося.", "uk", "ніколи"),
    ("وزارة النقل…", "وزارة النقل لم توافق على الخطة.", "ar", "لم"),
    ("Η εταιρεία…", "Η εταιρεία δεν θα πληρώσει.", "el", "δεν"),
    ("Pemerintah…", "Pemerintah belum memutuskan.", "id", "belum"),
    ("Nhà máy…", "Nhà máy chưa hoạt động trở lại.", "vi", "chưa"),
    ("우리는…", "우리는 못 간다.", "ko", "못"),
    ("حکومت…", "حکومت نہیں مانے گی۔", "ur", "نہیں"),
    ("ما…", "ما نمی‌پذیریم.", "fa", "نمی‌پذیریم"),
    ("公司……", "公司从未发表声明。", "zh", "从未"),
    ("港口……", "港口没有关闭。", "zh", "没"),
    ("ท่าเรือจะ…", "ท่าเรือจะไม่เปิดในวันจันทร์", "th", "ไม่"),
    ("…เปิดในวันจันทร์", "ท่าเรือจะไม่เปิดในวันจันทร์", "th", "ไม่"),
])
def test_a_cut_right_against_a_negation_before_its_verb_is_altered_in_every_language(
        quoted, post, lang, word):
    """The negations that stand before their verb (or make a word of their own), and
    those of scripts without spaces, turn the words a cut stops right before (or starts
    right after) as English "not" does: the post's word named."""
    result = verify_quote(quote(quoted), version(post, lang=lang), None, STATE)
    assert result.verdict == "altered", result.details
    assert f"“{word}”" in result.details["altered"], result.details


@pytest.mark.parametrize("quoted, post, lang, word", [
    ("Portul…", "Portul nu va fi deschis mâine.", "ro", "nu"),
    ("Satama…", "Satama ei avaudu huomenna.", "fi", "ei"),
    ("বন্দর খুলবে…", "বন্দর খুলবে না। কাল আবার জানানো হবে।", "bn", "না"),
    ("Přístav…", "Přístav nebude zítra otevřen.", "cs", "nebude"),
    ("Luka…", "Luka neće biti otvorena sutra.", "hr", "neće"),
    ("ወደቡ ክፍት…", "ወደቡ ክፍት አይደለም። ነገ እናሳውቃለን።", "am", "አይደለም"),
    ("ဆိပ်ကမ်း ဖွင့်မည်…", "ဆိပ်ကမ်း ဖွင့်မည် မဟုတ်ပါ။", "my", "မဟုတ်"),
    ("港の再開は予定されて…", "港の再開は予定されていません。", "ja", "いません"),
    ("항구는 오늘 문을 열 수…", "항구는 오늘 문을 열 수 없습니다.", "ko", "없습니다"),
    ("港口……", "港口尚未开放。", "zh", "尚未"),
])
def test_a_cut_against_the_posts_own_languages_negation_is_altered(quoted, post, lang, word):
    """The post's language (X names it) tells its negations from words that are something
    else in another language: Romanian "nu", Finnish "ei", Bengali "না" after its verb."""
    result = verify_quote(quote(quoted), version(post, lang=lang), None, STATE)
    assert result.verdict == "altered", result.details
    assert f"“{word}”" in result.details["altered"], result.details


@pytest.mark.parametrize("quoted, post, lang", [
    ("Hamnen öppnar…", "Hamnen öppnar nu igen efter stormen.", "sv"),  # nu: "now"
    ("Nous…", "Nous en parlerons demain matin.", "fr"),  # en: "of it"
    ("Что бы…", "Что бы ни случилось, порт откроется.", "ru"),  # что бы ни: "whatever"
    ("A kikötő…", "A kikötő nem csak holnap nyit, hanem ma is.", "hu"),  # nem csak: not only
    ("港口……", "港口不断扩建。", "zh"),  # 不断: "continuously"
    ("Bến cảng đã mở cửa lại…", "Bến cảng đã mở cửa lại chưa?", "vi"),  # a question's particle
])
def test_a_cut_before_what_is_no_negation_in_the_posts_language_stays_truncated(
        quoted, post, lang):
    result = verify_quote(quote(quoted), version(post, lang=lang), None, STATE)
    assert result.verdict == "truncated", result.details


@pytest.mark.parametrize("quoted, post, lang", [
    ("我们……", "我们非常高兴见到大家。", "zh"),  # 非常: "very"
    ("Ngành hàng…", "Ngành hàng không Việt Nam phục hồi.", "vi"),  # hàng không: aviation
    ("Nhà khoa học…", "Nhà khoa học không gian nói.", "vi"),  # không gian: space
    ("El puerto abrirá…", "El puerto abrirá el lunes. No hay retrasos.", "es"),
])
def test_a_cut_beside_a_word_that_is_no_negation_there_stays_truncated(quoted, post, lang):
    result = verify_quote(quote(quoted), version(post, lang=lang), None, STATE)
    assert result.verdict == "truncated", result.details


@pytest.mark.parametrize("quoted, post", [
    ("We will…", "We will not only win but lead."),  # "not only … but"
    ("The bridge reopens on Monday…", "The bridge reopens on Monday. No cars yet."),
    ("Tickets are on sale…", "Tickets are on sale now, no queues."),
])
def test_a_prefix_whose_next_word_is_no_negation_of_it_stays_truncated(quoted, post):
    result = verify_quote(quote(quoted), version(post, lang="en"), None, STATE)
    assert result.verdict == "truncated", result.details


def test_the_posts_own_ellipses_are_no_cuts_of_the_quote():
    """"Wait... what?" in the post is its own: a quote that keeps it marks no cut there, and
    one cut elsewhere is one place left out, not three."""
    post = "Wait... what? We said no... and meant it. Then we left, really"
    result = verify_quote(quote("Wait... what? We said no... and meant it… really"),
                          version(post, lang="en"), None, STATE)
    assert result.verdict == "truncated"
    assert "left out at 1 place" in result.details["truncated"]


def test_words_dropped_after_the_posts_own_ellipsis_are_a_change():
    """A quote whose only "..." are the post's own marks no cut: the words it drops at its
    end (a "not") are dropped unmarked."""
    result = verify_quote(quote("We said no... and meant it"),
                          version("We said no... and meant it not", lang="en"), None, STATE)
    assert result.verdict == "altered", result.details


@pytest.mark.parametrize("shown, actual, said", [
    ("PortIand_desk", "Portland_desk", "“I” for “l”"),
    ("harbour_ferrles", "harbour_ferries", "“l” for “i”"),
    ("c0astguard", "coastguard", "“0” for “o”"),
    ("rnayor_holt", "mayor_holt", "“rn” for “m”"),
    ("PortDesk1", "PortDeskl", "“1” for “l”"),
])
def test_a_handle_of_look_alike_letters_every_handle_may_have_is_named_as_one(shown, actual,
                                                                           said):
    """A capital I for an l, a 0 for an o, "rn" for an m: letters X allows, which read as
    the author's handle at a glance; the mismatch says which (as it names a Cyrillic о)."""
    result = verify_quote(quote(handle=shown), version(handle=actual), None, STATE)
    assert result.verdict == "author_mismatch"
    assert said in result.details["author_mismatch"], result.details


def test_another_handle_is_no_look_alike():
    result = verify_quote(quote(handle="harbour_desk"), version(handle="harbour_ferries"),
                          None, STATE)
    assert result.verdict == "author_mismatch"
    assert "at a glance" not in result.details["author_mismatch"]


def test_a_display_name_changed_after_the_quote_is_said_from_x_s_newest_copy():
    """The article shows the name X gave the account when it quoted the post; X's newest
    copy names it another way: the handle's rename was said, the name's was not (the
    name was compared with the copy of then alone)."""
    then = version(author_name="City Health Department")
    now = version(author_name="NYC Health + Clinics")._replace(version_id=2)
    result = verify_quote(quote(author_name="City Health Department"), then, now,
                          PostState(POST_ID, "available"))
    assert result.verdict == "match"
    assert result.findings == ("match", "author_name_changed"), result
    assert "'NYC Health + Clinics'" in result.details["author_name_changed"]
    same_now = verify_quote(quote(author_name="City Health Department"), then,
                            then._replace(version_id=2), PostState(POST_ID, "available"))
    assert same_now.findings == ("match",)
