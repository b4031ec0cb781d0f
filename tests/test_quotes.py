"""Quotes in prose, attributed to authors an article embeds, checked against their posts."""

import json

import pytest

from archiver.demo import X_ANSWERS
from archiver.quotes import (Author, Claim, article_paragraphs, check_claim, find_claims,
                             guess_language)

from .conftest import SAMPLES

FIDAN = "1977411517674615015"
AUTHORS = [Author("syrianmofaex", "وزارة الخارجية والمغتربين السورية"),
           Author("Murhaf_abuqasra", "مرهف أبو قصرة"), Author("HakanFidan", "Hakan Fidan")]


def fidan_posts():
    data = json.loads((X_ANSWERS / f"{FIDAN}.json").read_text(encoding="utf-8"))
    return [(FIDAN, data["text"], "tr")]


def test_the_seed_article_quotes_fidan_in_english():
    html = (SAMPLES / "shafaq-turkiye-syria-ankara-talks.html").read_bytes()
    paragraphs = article_paragraphs(html, "a.html")
    assert not any("(@" in p for p in paragraphs)  # the embeds are not prose
    claims = find_claims(paragraphs, AUTHORS)
    assert [(c.handle, c.quote) for c in claims] == [
        ("HakanFidan", "Syria’s security cannot be separated from Turkiye’s security.")]
    # the quotes of Guler, who has no embedded post, are not claims about anyone here
    result = check_claim(claims[0], fidan_posts(), "en")
    assert result.result == "cross_language" and "(tr)" in result.detail


def test_plain_text_article_gives_the_same_claim():
    text = (SAMPLES / "shafaq-turkiye-syria-ankara-talks.txt").read_bytes()
    claims = find_claims(article_paragraphs(text, "a.txt"), AUTHORS)
    assert [c.handle for c in claims] == ["HakanFidan"]


def test_found_and_not_found():
    found = check_claim(Claim("HakanFidan", "s", "Suriye ile her alanda ve düzeyde kapsamlı "
                                                  "temasları sürdürüyoruz"), fidan_posts())
    assert (found.result, found.post_id, found.score) == ("found", FIDAN, 100.0)
    folded = check_claim(Claim("HakanFidan", "s", "SURİYE İLE HER ALANDA VE DÜZEYDE"),
                         fidan_posts())
    assert folded.result == "found"
    missing = check_claim(Claim("HakanFidan", "s", "Suriye ile hiçbir temas kurmayacağız ve "
                                                    "bu kararımız kesindir"), fidan_posts())
    assert missing.result == "not_found" and missing.score < 90
    nothing = check_claim(Claim("Nobody", "s", "whatever was said here"), [])
    assert nothing.result == "not_found" and "no archived post" in nothing.detail


def test_arabic_quote_of_an_arabic_post_is_found_whatever_the_harakat():
    post = [("1", "أتوجّه بخالص الشكر والتقدير إلى أخي، معالي وزير الدفاع التركي", "ar")]
    claim = Claim("Murhaf_abuqasra", "s", "بِخالص الشُّكر والتَّقدير إلى أخي")
    assert check_claim(claim, post).result == "found"


def test_sentences_must_name_the_author():
    paragraphs = ['Fidan said: “Our cooperation continues in every field.”',
                  'A spokesman said “nothing else” about it.',
                  'Abu Qasra wrote on X that “the army is being rebuilt”.']
    claims = find_claims(paragraphs, AUTHORS)
    assert [(c.handle, c.quote) for c in claims] == [
        ("HakanFidan", "Our cooperation continues in every field."),
        ("Murhaf_abuqasra", "the army is being rebuilt")]


def test_japanese_written_mostly_in_kanji_is_japanese():
    """More kanji than kana, as headlines and officials write: its kana say Japanese."""
    assert guess_language("政府は来週の運賃値上げを見送る方針を正式決定") == "ja"
    assert guess_language("港口本周对船只开放") == "zh"


def test_guess_language():
    assert guess_language("This is not what the minister said on Sunday") == "en"
    assert guess_language("Bu da bizim için çok önemli bir adım") == "tr"
    assert guess_language("وزارة الخارجية") == "ar"
    assert guess_language("Ankara") is None


ARABIC_PAGE = ("<html><head><title>خبر</title></head><body>"
               "<p>وقال مرهف أبو قصرة: «نشكر معالي وزير الدفاع التركي على حفاوة الاستقبال».</p>"
               "<blockquote class=\"twitter-tweet\"><p lang=\"ar\">نص</p>&mdash; مرهف أبو قصرة "
               "(@Murhaf_abuqasra) <a href=\"https://twitter.com/Murhaf_abuqasra/status/"
               "1977344933098472786\">October 12, 2025</a></blockquote></body></html>")


def test_prose_is_decoded_as_the_extractor_decodes_it():
    # windows-1256 named only by the HTTP header: no <meta>, no BOM.
    from archiver.extract import extract_page

    body = ARABIC_PAGE.encode("windows-1256")
    header = "text/html; charset=windows-1256"
    paragraphs = article_paragraphs(body, "a.html", header)
    assert paragraphs[0].startswith("وقال مرهف أبو قصرة")
    [embed] = extract_page(body, "a.html", content_type=header).embeds
    assert embed.author_name == "مرهف أبو قصرة"
    claims = find_claims(paragraphs, [Author("Murhaf_abuqasra", embed.author_name)])
    assert [c.quote for c in claims] == ["نشكر معالي وزير الدفاع التركي على حفاوة الاستقبال"]
    # plain text too: the header's charset, not a guess
    text = "قال مرهف أبو قصرة: «شكرا»\n".encode("windows-1256")
    assert article_paragraphs(text, "a.txt", "text/plain; charset=windows-1256") == [
        "قال مرهف أبو قصرة: «شكرا»"]


def check(quote, post, lang="en"):
    return check_claim(Claim("a", "s", quote), [("1", post, lang)])


@pytest.mark.parametrize("quote, post, lang, said", [
    # a word, a number, a name changed: the passage is the post's, the words are not
    ("the bridge will stay shut until Thursday", "The bridge will stay shut until Tuesday "
     "while engineers inspect it.", "en", "“Thursday” where the post has “Tuesday”"),
    ("المعبر سيبقى مغلقا ثلاثة أيام", "المعبر سيبقى مغلقا يومين فقط", "ar",
     "“ثلاثة أيام” where the post has “يومين فقط”"),
    ("Toplantı 14 saat sürdü ve anlaşma sağlandı", "Toplantı 4 saat sürdü ve anlaşma sağlandı.",
     "tr", "“14” where the post has “4”"),
    # a "not" inside the quoted passage left out
    ("the port will open to ships this month", "We confirm the port will not open to ships "
     "this month.", "en", "leaves out “not”"),
    ("мы подпишем соглашение на этой неделе", "Мы не подпишем соглашение на этой неделе.",
     "ru", "leaves out “не”"),
    ("港口本周对船只开放", "港口本周不对船只开放", "zh", "leaves out “不”"),
    # ...in a script without spaces between words (Thai: a run of letters is a phrase)
    ("ท่าเรือจะเปิดให้เรือเข้าสัปดาห์นี้", "ท่าเรือจะไม่เปิดให้เรือเข้าสัปดาห์นี้ ขอบคุณ", "th",
     "leaves out “ไม่”"),
    ("ท่าเรือปิด 3 วัน", "ท่าเรือปิด 5 วัน เพื่อซ่อมแซม", "th", "“3” where the post has “5”"),
    # the case of a word that is its meaning, inside the sentence
    ("wir wissen, dass Sie gelogen haben", "Wir wissen, dass sie gelogen haben.", "de",
     "writes “sie” where the quote writes “Sie”"),
    ("the drones were aimed at us bases", "The drones were aimed at US bases.", "en",
     "writes “US” where the quote writes “us”"),
    # a bracket that opens the quote and puts in what the post does not say
    ("[Only] we will raise harbour fees", "We will raise harbour fees in January.", "en",
     "puts “[Only]”"),
    ("[Nie] podniesiemy opłat portowych", "Podniesiemy opłat portowych od stycznia.", "pl",
     "puts “[Nie]”"),
])
def test_a_quote_that_changes_a_passage_of_the_post_is_altered(quote, post, lang, said):
    """A one-word change in a quote of eight words still aligns 90% of its characters:
    that is the post's passage misquoted, not found."""
    result = check(quote, post, lang)
    assert result.result == "altered" and result.post_id == "1"
    assert said in result.detail


@pytest.mark.parametrize("quote, post, lang, negation", [
    ("allow the crossing to close", "We will never allow the crossing to close.", "en", "never"),
    ("نسمح بتهجير السكان", "لن نسمح بتهجير السكان من أرضهم", "ar", "لن"),
    ("נסכים להפסקת האש", "לא נסכים להפסקת האש בתנאים האלה", "he", "לא"),
    ("Köprü güvenli", "Köprü güvenli değil, lütfen kullanmayın.", "tr", "değil"),
])
def test_a_quote_that_leaves_out_the_negation_beside_it_is_altered(quote, post, lang, negation):
    """The quoted words are in the post, but the word before them (after them in
    Turkish) negates them: "we will not allow X" quoted as "allow X"."""
    result = check(quote, post, lang)
    assert result.result == "altered" and f"“{negation}”" in result.detail


@pytest.mark.parametrize("quote, post, lang", [
    ("the crossing … will reopen", "We said the crossing, after long talks, will reopen.", "en"),
    ("[The ministry] will keep the crossing closed", "We will keep the crossing closed.", "en"),
    ("ROADS ARE CLOSED. Use the ring road", "Roads are closed.\nUse the ring road!", "en"),
    ("ما نمی خواهیم جنگ کنیم", "ما نمی\u200cخواهیم جنگ کنیم و صلح می\u200cخواهیم", "fa"),
    ("צה\"ל יפעל בזהירות", "צה״ל יפעל בזהירות רבה", "he"),
    ("not a single shop will close", "Not a single shop will close this winter.", "en"),
    ("Do not travel to the coast", "Do not travel to the coast today.", "en"),
    # a capital opening the quote, or a shout quoted in sentence case
    ("The ferries will run", "We said the ferries will run.", "en"),
    ("ferries cancelled until friday", "FERRIES CANCELLED UNTIL FRIDAY", "en"),
    # "(sic)" as some styles write it, whether the post says it or not
    ("Thier (sic) boats are unsafe", "Thier boats are unsafe today.", "en"),
    ("Thier (sic) boats are unsafe", "Thier (sic) boats are unsafe today.", "en"),
])
def test_a_faithful_quote_is_found(quote, post, lang):
    assert check(quote, post, lang).result == "found"


def test_a_quote_of_other_words_is_not_found():
    result = check("we will rebuild the harbour with our partners", "Talks went well today.")
    assert result.result == "not_found"


# -- which sentences quote an author -------------------------------------------------------

LINDQVIST = Author("MayorLindqvist", "Anna Lindqvist")


@pytest.mark.parametrize("paragraph, quote", [
    # a quote of two sentences is one quote, the sentence splitter stops outside it
    ("“The bridge is shut. Engineers will inspect it on Monday,” Lindqvist wrote on X.",
     "The bridge is shut. Engineers will inspect it on Monday,"),
    # house styles: British single quotes (an apostrophe inside), German » «, CJK corners
    ("Anna Lindqvist said: ‘We’ll keep the harbour road closed until Friday’.",
     "We’ll keep the harbour road closed until Friday"),
    ("Lindqvist schrieb: »Die Brücke bleibt bis Freitag gesperrt«.",
     "Die Brücke bleibt bis Freitag gesperrt"),
    ("Anna Lindqvistは「橋は金曜日まで閉鎖されます」と投稿した。", "橋は金曜日まで閉鎖されます"),
])
def test_quotes_in_every_house_style_are_claims(paragraph, quote):
    assert [(c.handle, c.quote) for c in find_claims([paragraph], [LINDQVIST])] == [
        ("MayorLindqvist", quote)]


@pytest.mark.parametrize("paragraph, authors", [
    # the author named only inside the quote: someone else speaks about them
    ("“Lindqvist has ignored the fishermen for months,” said Tom Berg.", [LINDQVIST]),
    # a part of a handle inside the quote ("harbour" of @HarbourCouncil)
    ("“The harbour is our livelihood and always was,” said fisherman Tom Berg.",
     [Author("HarbourCouncil", "Harbour City Council")]),
    # a display name of one letter is no name: "j" is in "jacket"
    ("“We found a jacket on the pier this morning,” said the coastguard.", [Author("jealousay", "J")]),
])
def test_a_sentence_that_does_not_name_the_author_outside_its_quote_is_no_claim(paragraph,
                                                                                 authors):
    assert find_claims([paragraph], authors) == []


# -- negations beside the quote, in their clause ------------------------------------------

@pytest.mark.parametrize("quote, post, lang, negation", [
    ("وافقنا على تمديد الهدنة", "ما وافقنا على تمديد الهدنة حتى الآن", "ar", "ما"),
    ("接受任何形式的外部干涉", "我们不会接受任何形式的外部干涉，会谈将于明天继续。", "zh", "不"),
    ("यह फैसला जनता के हित में", "यह फैसला जनता के हित में नहीं है। सरकार 12 नई दुकानें खोलेगी।",
     "hi", "नहीं"),
    ("Wir akzeptieren diesen Vorschlag", "Wir akzeptieren diesen Vorschlag nicht.", "de", "nicht"),
    ("de nouvelles restrictions pour nos pêcheurs",
     "Nous n'accepterons pas de nouvelles restrictions pour nos pêcheurs.", "fr", "pas"),
    ("این طرح قابل قبول", "این طرح قابل قبول نیست.", "fa", "نیست"),
])
def test_a_negation_right_against_the_quote_that_it_leaves_out_makes_it_altered(quote, post,
                                                                                 lang,
                                                                            negation):
    result = check(quote, post, lang)
    assert result.result == "altered" and f"“{negation}”" in result.detail


@pytest.mark.parametrize("quote, post, lang", [
    # the negation is another sentence's
    ("The beach is open to swimmers", "Is the beach closed? No. The beach is open to swimmers.",
     "en"),
    ("Es gibt keine Pläne für eine Schließung",
     "Wir akzeptieren diesen Vorschlag nicht. Es gibt keine Pläne für eine Schließung.", "de"),
    ("सरकार 12 नई दुकानें खोलेगी", "यह फैसला जनता के हित में नहीं है। सरकार 12 नई दुकानें खोलेगी।",
     "hi"),
    # words that are mostly something else: Hebrew אל ("to"), French mai (May)
    ("ראשי הרשויות בצפון", "פנינו אל ראשי הרשויות בצפון הבוקר", "he"),
    ("Les bureaux ouvriront à 9 heures", "Le vote est fixé au 12 mai. Les bureaux ouvriront à 9 "
     "heures.", "fr"),
    # an all-caps Turkish quote: a capital I is ı or i
    ("İSTANBUL'DAKİ TOPLANTI YARIN BAŞLAYACAK", "İstanbul'daki toplantı yarın başlayacak.", "tr"),
    # emoji are no words of a quote in prose
    ("Huge thanks to our volunteers who cleared the beach",
     "Huge thanks 🙏 to our volunteers who cleared the beach 🏖️", "en"),
])
def test_a_faithful_quote_beside_other_sentences_or_in_capitals_is_found(quote, post, lang):
    assert check(quote, post, lang).result == "found"


def test_changed_words_of_a_script_without_spaces_are_written_without_them():
    """(Without a word segmenter, a character is a word of Chinese: 五 for 一 in 周五.)"""
    result = check("港口将在周五下午重新开放", "港口将在周一下午不重新开放", "zh")
    assert result.result == "altered"
    assert "“五” where the post has “一”; leaves out “不”" in result.detail


def test_a_cut_in_a_prose_quote_that_leaves_out_a_negation_is_said():
    """"We will […] accept the plan" for "We will not, whatever they offer, accept the
    plan": every word is the post's, in order; the cut's negation is said, not judged (a
    word list cannot tell it from one whose clause the cut takes whole). A cut that takes
    the negation alone says the opposite of the post: altered, as in an embed."""
    posts = [("1977000000000000001", "We will not, whatever they offer, accept any plan "
                                     "that divides the city.", "en")]
    cut = check_claim(Claim("MayorOffice", "s", "We will […] accept any plan that divides "
                                              "the city"), posts, "en")
    assert cut.result == "found" and "a cut leaves out “not”" in cut.detail
    alone = check_claim(Claim("MayorOffice", "s", "We will […] accept any plan"),
                        [("1977000000000000001", "We will not accept any plan.", "en")], "en")
    assert alone.result == "altered" and "takes only “not”" in alone.detail
    faithful = check_claim(Claim("MayorOffice", "s", "We will not, whatever they offer, "
                                                      "accept […] the city"), posts, "en")
    assert faithful.result == "found" and "leaves out" not in faithful.detail


@pytest.mark.parametrize("handle, sentence", [
    ("AsaadHShaibani", "Shaibani wrote on X: “We thank our brother for his hospitality.”"),
    ("HakanFidanTR", "Fidan wrote: “We thank our brother for his hospitality.”"),
    ("Elon2024Musk", "Musk wrote: “We thank our brother for his hospitality.”")])
def test_a_handles_words_name_its_author_whatever_initials_or_digits_join_them(handle,
                                                                                sentence):
    """@AsaadHShaibani's words were split as Asaad and HShaibani: "Shaibani wrote" named
    no one, and the quote was never checked."""
    [claim] = find_claims([sentence], [Author(handle, None)])
    assert claim.handle == handle


@pytest.mark.parametrize("sentence, result", [
    # the article keeps the post's negation outside its quotation marks: faithful
    ('Fidan said Türkiye would never “abandon its Syrian brothers and sisters.”', "found"),
    # ...or leaves it out: altered
    ('Fidan said Türkiye would “abandon its Syrian brothers and sisters.”', "altered"),
])
def test_a_negation_the_article_says_outside_the_quote_is_no_misquote(sentence, result):
    posts = [("1985270726568341582",
              "Türkiye will never abandon its Syrian brothers and sisters.", "en")]
    [claim] = find_claims([sentence], [Author("HakanFidan", "Hakan Fidan")])
    assert check_claim(claim, posts, "en").result == result


def test_a_bracket_in_the_place_of_a_word_in_prose_is_said():
    """An editor's brackets clarify ("[in 2025]" for "this year") or change: which, no
    rule can tell; what they stand for is said."""
    posts = [("1985270726568341595", "Türkiye opposes the plan for a buffer zone.", "en")]
    check = check_claim(Claim("HakanFidan", "s", "Türkiye [supports] the plan for a buffer zone."),
                        posts, "en")
    assert check.result == "found"
    assert "“[supports]” stands for the post's “opposes”" in check.detail


def test_of_two_authors_a_sentence_names_the_quote_is_the_nearest_ones():
    """"Fidan met Shaibani, who wrote: “…”": the quote was checked against the first
    author named, Fidan's, and was not found; it is Shaibani's."""
    authors = [Author("HakanFidan", "Hakan Fidan"), Author("AsaadHShaibani", "Asaad Shaibani")]
    [claim] = find_claims(['Fidan met Shaibani in Ankara, who wrote on X: “our two nations '
                           'stand together against terrorism.”'], authors)
    assert claim.handle == "AsaadHShaibani"
    [claim] = find_claims(['“Our two nations stand together,” Fidan said after meeting '
                           'Shaibani.'], authors)
    assert claim.handle == "HakanFidan"


@pytest.mark.parametrize("quote, post, lang, negation", [
    ("will lose their job over the merger",
     "No one at the harbour office will lose their job over the merger.", "en", "No"),
    ("stand with the workers of Detroit", "Never been prouder to stand with the workers of "
     "Detroit", "en", "Never"),
    ("welcome the team to Ankara next week", "Can't wait to welcome the team to Ankara next "
     "week", "en", "Can't"),
    ("siamo orgogliosi", "Ne siamo orgogliosi", "it", None),
    ("感谢所有志愿者的辛勤付出", "非常感谢所有志愿者的辛勤付出", "zh", None),
    ("これからも", "これからもずっと応援しています", "ja", None),
])
def test_a_negation_further_off_in_the_clause_is_said_not_judged(quote, post, lang, negation):
    """Further off than right against the words, a negation may bear on other words
    ("Never been prouder to stand with…", "Can't wait to welcome…"); Italian ne, 非常, the
    ず of ずっと are none: 30 of 70 faithful prose quotes were called altered when any
    negation of the clause was judged. It is said, the quote found."""
    check = check_claim(Claim("SomeAuthor", "s", quote),
                        [("1977000000000000001", post, lang)], lang)
    assert check.result == "found", check
    if negation:
        assert f"the post says “{negation}” in the clause" in check.detail


def test_an_editors_capital_in_a_prose_quote_changes_no_word():
    """The embeds' rule for an editor's marks holds for prose quotes too: the quote's
    parts are read without them, as the cuts' are."""
    check = check_claim(Claim("H", "s", "[W]e will win this election [emphasis added]"),
                        [("1977000000000000001", "we will win this election", "en")], "en")
    assert check.result == "found"


@pytest.mark.parametrize("paragraph, quote", [
    ("„Die Stadtverwaltung schrieb: ‚Die Fähre legt morgen um 7 Uhr ab‘“, hieß es im Rat.",
     "Die Fähre legt morgen um 7 Uhr ab"),
    ("Stadtverwaltung skrev: ”Färjan avgår i morgon klockan sju”.",
     "Färjan avgår i morgon klockan sju"),
    ("اسٹی ایڈمنسٹریشن نے لکھا: ”فیری کل صبح سات بجے روانہ ہوگی“", "فیری کل صبح سات بجے روانہ ہوگی"),
    ("Die Stadtverwaltung schrieb: ‹Die Fähre legt morgen um 7 Uhr ab›.",
     "Die Fähre legt morgen um 7 Uhr ab"),
])
def test_quotes_in_more_house_styles_are_claims(paragraph, quote):
    """A quote inside a quote (German ‚…‘ in „…“), the Nordic ”…”, Urdu's mirrored ”…“."""
    author = Author("city_admin", "Stadtverwaltung")
    if "ایڈمنسٹریشن" in paragraph:
        author = Author("city_admin", "اسٹی ایڈمنسٹریشن")
    claims = find_claims([paragraph], [author])
    assert [c.quote for c in claims] == [quote]


@pytest.mark.parametrize("paragraph, handle", [
    ("Okafor wrote to Holt: “The clinic will open on Monday for everyone.”", "DrAmaraOkafor"),
    ("“The clinic opens on Monday for everyone,” Holt wrote; “the port stays closed until "
     "Friday,” Okafor replied.", "both"),
    ("Holt met Okafor, who wrote: “The clinic will open on Monday for everyone.”", "DrAmaraOkafor"),
    ("« Le port reste fermé jusqu'à vendredi », a écrit M. Okafor sur X.", "DrAmaraOkafor"),
    ("Holt, replying to Okafor, wrote: “The clinic will open on Monday for everyone.”",
     "MayorHolt"),
    ("Okafor, who met Holt on Monday, wrote: “The clinic will open on Monday for everyone.”",
     "DrAmaraOkafor"),
    ("Thanking Holt for her help, Okafor wrote: “The clinic will open on Monday.”",
     "DrAmaraOkafor"),
    # a relative clause with its own subject: the quote is that subject's
    ("Holt shared a post in which Okafor wrote “The clinic will open on Monday.”",
     "DrAmaraOkafor"),
    ("Holt teilte einen Beitrag, in dem Okafor schrieb: „Die Klinik öffnet am Montag.“",
     "DrAmaraOkafor"),
    # a clause of its own after the quote, its speaker another's, takes not the quote
    ("Okafor wrote that “the clinic will open on Monday”, and Holt added her thanks.",
     "DrAmaraOkafor"),
    # the subject after its verb, the other author named in a phrase before both
    ("Auf den Beitrag von Holt antwortete Okafor: „Die Klinik öffnet am Montag für alle.“",
     "DrAmaraOkafor"),
    ("En réponse au message de Holt, a écrit la ministre Okafor : « La clinique ouvre lundi "
     "pour tous. »", "DrAmaraOkafor"),
])
def test_of_two_authors_the_quote_is_the_speakers(paragraph, handle):
    """The speaker is who a verb of saying follows, or who is named right after the quote
    with one; not the addressee named nearest before it. A title's full stop ("M.") ends
    no sentence."""
    authors = [Author("DrAmaraOkafor", "Amara Okafor"), Author("MayorHolt", "Jane Holt")]
    claims = find_claims([paragraph], authors)
    if handle == "both":
        assert [c.handle for c in claims] == ["MayorHolt", "DrAmaraOkafor"]
    else:
        assert [c.handle for c in claims] == [handle]


@pytest.mark.parametrize("paragraph, name, quote", [
    ("Как сообщили «Новости Москвы» в X, мост «откроют в пятницу после трёх недель ремонта».",
     "Новости Москвы", "откроют в пятницу после трёх недель ремонта"),
    ("Portal „Wiadomości Warszawa” napisał na X, że most „zostanie ponownie otwarty w piątek”.",
     "Wiadomości Warszawa", "zostanie ponownie otwarty w piątek"),
])
def test_an_outlets_name_in_quotation_marks_is_its_name(paragraph, name, quote):
    """Press styles that write an outlet's name in quotation marks: the name names the
    author, and is no quote of theirs."""
    claims = find_claims([paragraph], [Author("desk", name)])
    assert [(c.handle, c.quote) for c in claims] == [("desk", quote)]


def test_armenian_sentences_end_with_their_own_full_stop():
    """Armenian writes "։" at a sentence's end and "." where others write a colon."""
    paragraph = ("Առաջին նախադասությունն է։ Երևանի լուրերը գրել են X-ում. «Կամուրջը կբացվի "
                 "ուրբաթ օրը երեք շաբաթ աշխատանքներից հետո»։")
    claims = find_claims([paragraph], [Author("yerevan_desk", "Երևանի լուրեր")])
    assert [c.quote for c in claims] == ["Կամուրջը կբացվի ուրբաթ օրը երեք շաբաթ աշխատանքներից հետո"]


@pytest.mark.parametrize("paragraph, author", [
    ("Orbán wrote on X that “Hungary will not send weapons to the war.”",
     Author("PM_ViktorOrban", "Orban Viktor")),
    ("Ştiri Bucureşti a scris pe X că podul „se redeschide vineri după trei săptămâni”.",
     Author("buc_stiri", "Știri București")),
])
def test_a_name_is_the_authors_with_or_without_its_accents(paragraph, author):
    assert [c.handle for c in find_claims([paragraph], [author])] == [author.handle]


@pytest.mark.parametrize("quoted, result", [
    ("وقف المحتجون امام الميناء", "found"),  # a plain alef: a keyboard's hamza left out
    ("وقف المحتجون إمام الميناء", "altered"),  # imam, for "in front of"
    ("المسئول عن الميناء استقال", "found"),  # Egypt's seat of the hamza
])
def test_a_prose_quote_with_alefs_hamza_elsewhere_is_another_word(quoted, result):
    posts = [("1977000000000000002", "وقف المحتجون أمام الميناء. المسؤول عن الميناء استقال.",
              "ar")]
    checked = check_claim(Claim("PortDesk", "s", quoted), posts, "ar")
    assert checked.result == result, checked


@pytest.mark.parametrize("quoted, result", [
    ("the harbour received 5", "altered"),  # of 5,000
    ("the harbour received 5,000 complaints", "found"),
    ("5 million containers", "altered"),  # of 1.5 million
    ("1.5 million containers", "found"),
])
def test_a_prose_quote_that_ends_inside_a_number_is_another_number(quoted, result):
    posts = [("1977000000000000003", "The harbour received 5,000 complaints. It moved 1.5 "
              "million containers.", "en")]
    checked = check_claim(Claim("PortDesk", "s", quoted), posts, "en")
    assert checked.result == result, checked
    if result == "altered":
        assert checked.detail.startswith("a cut goes into a number")


@pytest.mark.parametrize("quoted, result", [
    ("15 degrees overnight", "altered"),  # of -15: its sign cut off
    ("-15 degrees overnight", "found"),
])
def test_a_prose_quote_that_cuts_a_numbers_sign_is_another_number(quoted, result):
    posts = [("1977000000000000004", "It fell to -15 degrees overnight in the port.", "en")]
    assert check_claim(Claim("PortDesk", "s", quoted), posts, "en").result == result


@pytest.mark.parametrize("paragraph", [
    "Holt shared a post in which Okafor published “The clinic will open on Monday.”",
    "Holt pointed to a post in which Okafor had written “The clinic will open on Monday.”",
])
def test_a_relative_clauses_speaker_with_more_verbs_of_saying(paragraph):
    authors = [Author("DrAmaraOkafor", "Amara Okafor"), Author("MayorHolt", "Jane Holt")]
    assert [c.handle for c in find_claims([paragraph], authors)] == ["DrAmaraOkafor"]


@pytest.mark.parametrize("quote, post, lang, result", [
    ("We will hire 2500 nurses this year", "We will hire 2,500 nurses this year.", "en", "found"),
    ("Wir stellen 2500 Pflegekräfte ein", "Wir stellen 2.500 Pflegekräfte ein.", "de", "found"),
    ("Nous embauchons 2500 infirmières", "Nous embauchons 2 500 infirmières.", "fr", "found"),
    ("2.500 hemşire alacağız", "2500 hemşire alacağız.", "tr", "found"),
    ("سنوظف 2500 ممرض هذا العام", "سنوظف ٢٬٥٠٠ ممرض هذا العام.", "ar", "found"),
    # another number, not its separators: still a change
    ("We will hire 2.500 nurses this year", "We will hire 2,500 nurses this year.", "en",
     "altered"),
    ("We will hire 25,000 nurses this year", "We will hire 2,500 nurses this year.", "en",
     "altered"),
])
def test_a_prose_quote_writes_thousands_as_its_own_language_does(quote, post, lang, result):
    """The embed check forgave the separators a post's language writes; the prose check
    called "1500" for "1,500" altered, in every language."""
    check = check_claim(Claim("desk", "s", quote), [("1977000000000000001", post, lang)])
    assert check.result == result, check.detail


def test_an_arabic_subject_after_its_verb_is_the_speaker():
    """Verb-first, as Arabic writes: "in reply to Haddad's post, Khatib wrote": Khatib's."""
    authors = [Author("RamiHaddad", "رامي حداد"), Author("SamiKhatib", "سامي الخطيب")]
    paragraph = "ورداً على منشور حداد، كتب الخطيب: «المعبر سيفتح صباح الاثنين أمام الجميع»."
    assert [c.handle for c in find_claims([paragraph], authors)] == ["SamiKhatib"]


@pytest.mark.parametrize("quoted, post, lang", [
    ("nous avons reçu 3…", "Nous avons reçu 3 000 plaintes.", "fr"),
    ("wir haben 7… Beschwerden", "Wir haben 7.500 Beschwerden erhalten.", "de"),
    ("we received 4…", "We received 4,200 complaints.", "en"),
])
def test_a_cut_into_a_number_written_with_its_separator_stays_another_number(quoted, post, lang):
    """Taking the separators out (the same number, with or without them) must not make
    "3…" of "3 000" a faithful cut."""
    check = check_claim(Claim("desk", "s", quoted), [("1977000000000000004", post, lang)], lang)
    assert check.result == "altered" and check.detail.startswith("a cut goes into a number")


@pytest.mark.parametrize("body", [
    "<p>Holt wrote on X on Sunday:</p><blockquote><p>“The night ferry will run every hour "
    "from May.”</p></blockquote>",
    '<blockquote class="wp-block-quote"><p>“The night ferry will run every hour from May.”</p>'
    "<cite>Jane Holt on X</cite></blockquote>",
    '<div class="article-body">Holt posted on X: “The night ferry will run every hour from '
    "May.”<br><br>The council meets on Tuesday.</div>",
    "<h4>Holt: “The night ferry will run every hour from May”</h4>",
])
def test_a_quote_set_off_as_a_block_in_a_div_or_a_subhead_is_the_articles_claim(body):
    """The article's own block quotes, prose written into a <div>, a subhead: read as its
    prose (every <blockquote> was dropped as an embed, only p/li/h1-h3/dd were read)."""
    page = f"<html><body><article>{body}</article></body></html>".encode()
    claims = find_claims(article_paragraphs(page, "a.html"), [Author("MayorHolt", "Jane Holt")])
    assert [(c.handle, c.quote.strip(" .")) for c in claims] == [
        ("MayorHolt", "The night ferry will run every hour from May")]


def test_an_embed_blockquote_is_no_prose():
    page = ('<html><body><p>Holt wrote on X:</p><blockquote class="twitter-tweet"><p>“The night '
            'ferry will run every hour from May.”</p>&mdash; Jane Holt (@MayorHolt) <a href="'
            'https://twitter.com/MayorHolt/status/1977000000000000005">May 1, 2025</a>'
            '</blockquote></body></html>').encode()
    assert find_claims(article_paragraphs(page, "a.html"), [Author("MayorHolt", "Jane Holt")]) == []


@pytest.mark.parametrize("paragraph, post, result", [
    ("« Le ferry de nuit partira chaque heure, a déclaré Jane Holt sur X. Les horaires suivront "
     "lundi. »", "Le ferry de nuit partira chaque heure. Les horaires suivront lundi.", "found"),
    ("« Le ferry de nuit partira chaque demi-heure, écrit-elle. Les horaires suivront lundi », a "
     "précisé Jane Holt.", "Le ferry de nuit partira chaque heure. Les horaires suivront lundi.",
     "altered"),
    ("«Ночной паром будет ходить каждый час, — написала Соколова в X. — Расписание в понедельник».",
     "Ночной паром будет ходить каждый час. Расписание в понедельник.", "found"),
    ("«El ferry nocturno saldrá cada hora —escribió Holt—. El horario llegará el lunes».",
     "El ferry nocturno saldrá cada hora. El horario llegará el lunes.", "found"),
])
def test_an_attribution_inside_the_quotation_marks_is_said_outside_the_quote(paragraph, post,
                                                                            result):
    """French, Russian and Spanish set the attribution inside one pair of marks: it is no
    word of the quote (the whole span was not found, which reads as an invented quote), and
    it names the speaker."""
    authors = [Author("MayorHolt", "Jane Holt"), Author("i_sokolova", "Ирина Соколова")]
    [claim] = find_claims([paragraph], authors)
    assert claim.handle == ("i_sokolova" if "Соколова" in paragraph else "MayorHolt")
    assert check_claim(claim, [("1977000000000000006", post, None)]).result == result


@pytest.mark.parametrize("paragraph, author, named", [
    ("وبحسب تغريدة للخطيب، «المعبر مفتوح أمام الشاحنات منذ الصباح».",
     Author("SamiKhatib", "سامي الخطيب"), True),
    ("По словам Соколовой, «новый мост откроют в пятницу после ремонта».",
     Author("i_sokolova", "Ирина Соколова"), True),
    ("Как заявил Соколовский, «новый мост откроют в пятницу после ремонта».",
     Author("i_sokolova", "Ирина Соколова"), False),
    ("山田氏はXで「新しい橋は金曜日に開通します」と発表した。", Author("yamada_taro", "山田太郎"),
     True),
])
def test_a_name_is_read_as_its_language_writes_it_in_a_sentence(paragraph, author, named):
    """Arabic fuses a preposition to a name (للخطيب), Russian declines it (Соколовой),
    Japanese papers write the family name with 氏 or a title (山田氏): the author is named."""
    assert bool(find_claims([paragraph], [author])) is named


def test_a_quote_over_two_paragraphs_is_one_quote():
    """English style: an opening mark on each paragraph, the closing one only at the end."""
    page = ("<html><body><p>Holt wrote on X: “The night ferry runs hourly from May.</p>"
            "<p>“Tolls on the Eastbridge are lifted until Friday.”</p><p>More later.</p>"
            "</body></html>").encode()
    [claim] = find_claims(article_paragraphs(page, "a.html"), [Author("MayorHolt", "Jane Holt")])
    assert claim.quote == ("The night ferry runs hourly from May. Tolls on the Eastbridge are "
                           "lifted until Friday.")
    post = "The night ferry runs hourly from May. Tolls on the Eastbridge are lifted until Monday."
    assert check_claim(claim, [("1977000000000000007", post, "en")]).result == "altered"


@pytest.mark.parametrize("markup, said", [
    ('<bdo dir="rtl">1234 USD by</bdo>', "override"),
    ('<span style="unicode-bidi: bidi-override; direction: rtl">1234 USD by</span>', "override"),
    ('<span dir="rtl">1234 USD by</span>', "direction characters"),
])
def test_a_prose_quote_whose_markup_redraws_its_words_is_altered(markup, said):
    """An article's own words around a quote may turn it around with markup
    (<bdo dir=rtl>: "Total due: DSU 4321"): the quote keeps it as the direction characters
    it stands for, and is judged as drawn, as an embed's is."""
    body = (f"<p>Harbour Ferries wrote on X: “Total due: {markup} Friday for every "
            "ticket.”</p>").encode()
    author = Author("HarbourFerries", "Harbour Ferries")
    [claim] = find_claims(article_paragraphs(body, "a.html"), [author])
    post = ("1629262255744503809", "Total due: 1234 USD by Friday for every ticket.", "en")
    result = check_claim(claim, [post])
    assert result.result == "altered" and said in result.detail, result
    plain = body.replace(markup.encode(), markup.split(">")[1].split("<")[0].encode())
    [claim] = find_claims(article_paragraphs(plain, "a.html"), [author])
    assert check_claim(claim, [post]).result == "found"


@pytest.mark.parametrize("paragraph", [
    '@PortKR는 "항구는 내일 다시 문을 엽니다"라고 밝혔다.',
    '@PortKR가 “항구는 내일 다시 문을 엽니다”라고 전했다.',
    '@PortKRは「港は明日再開します」と投稿した。',
])
def test_a_particle_glued_to_the_handle_still_names_the_author(paragraph):
    """Korean and Japanese write their particles straight after a name in Latin letters
    ("@PortKR는", "@PortKRは"): the sentence names the handle all the same."""
    claims = find_claims([paragraph], [Author("PortKR", "Port of Busan")])
    assert [c.handle for c in claims] == ["PortKR"]


@pytest.mark.parametrize("speaker, quoted, named", [
    ("A prefeitura (@city_admin) escreveu no X:", "“A balsa volta a operar na segunda-feira.”",
     True),
    ("Stadtverwaltung teilte auf X mit:", "„Die Fähre fährt ab Montag wieder.“", True),
    ("@city_admin şöyle yazdı:", "\"Feribot pazartesi günü yeniden çalışacak.\"", True),
    ("The city administration wrote on X:", "\"The ferry runs again from Monday.\"", True),
    # no author named before the colon; a paragraph that is no quotation
    ("The weather service wrote:", "\"The ferry runs again from Monday.\"", False),
    ("The city administration wrote on X:", "The ferry runs again, it said, from Monday.",
     False),
])
def test_a_speakers_line_then_the_quote_as_its_own_paragraph_is_a_claim(speaker, quoted,
                                                                          named):
    """"X wrote:" ending a paragraph, the words in quotation marks as the next one: the
    quote is the author's claim, as when both stand in one sentence."""
    author = Author("city_admin", "Stadtverwaltung")
    if "city administration" in speaker:
        author = Author("city_admin", "City Administration")
    claims = find_claims([speaker, quoted], [author])
    if named:
        [claim] = claims
        assert claim.handle == "city_admin"
        assert claim.quote == quoted.strip("“”„\"")
    else:
        assert claims == []


@pytest.mark.parametrize("paragraph, handle", [
    # another speaker answering the author's post: the quote is not the author's
    ("Harbour engineer Ana Lima rejected Holt’s latest post: “The pier cannot open in May.”",
     None),
    ("«No abrirá en mayo», respondió la ingeniera Ana Lima al mensaje de Holt en X.", None),
    ("„Das ist unmöglich“, schrieb die Ingenieurin Lima über den Post von Holt.", None),
    ("Mühendis Ana Lima, Holt’un paylaşımına “Mayısta açılamaz” diye yanıt verdi.", None),
    ("技師のリマ氏はホルト氏の投稿について「5月の開通は無理だ」と述べた。", None),
    # the post as the quote's source, or the author speaking: the author's claim
    ("In Holt’s words, “the pier opens in May.”", "MayorHolt"),
    ("According to Holt’s post, “the pier opens in May.”", "MayorHolt"),
    ("Holt’s post reads: “The pier opens in May.”", "MayorHolt"),
    ("Holt wrote on X: “The pier opens in May.”", "MayorHolt"),
])
def test_an_author_named_only_as_the_owner_of_a_post_another_answers_is_not_the_speaker(
        paragraph, handle):
    """"Reyes disputed Holt's claim: “…”": the words are Reyes's; checking them against
    Holt's posts said "not found", as if the article had put them in Holt's mouth."""
    authors = [Author("MayorHolt", "Jane Holt"), Author("MayorHolt", "ホルト")]
    claims = find_claims([paragraph], authors[:1] if "ホルト" not in paragraph else authors[1:])
    assert [c.handle for c in claims] == ([handle] if handle else [])


PROSE = "<p>The mayor wrote: “The pier reopens on Monday.”</p><p>Crews were out all night.</p>"


@pytest.mark.parametrize("page", [
    # an app's root <div> around <main> (Next.js, Nuxt, Arc's fusion-app)
    f'<div id="__next"><header><h1>Pier</h1></header><main><article>{PROSE}</article></main></div>',
    f'<div id="app" class="root"><main class="content">{PROSE}</main></div>',
    # a theme's wrappers around <main> and <section> (underscores, Drupal's canvas)
    f'<div id="page" class="site"><div id="content"><section>{PROSE}</section></div></div>',
    f'<div class="layout"><span class="inner"><p>The mayor wrote: “The pier reopens on '
    f'Monday.”</p></span><p>Crews were out all night.</p></div>',
])
def test_a_wrapper_is_no_paragraph_of_its_own(page):
    """A <div> that holds a block anywhere inside (<main>, <section>, a <p> in a <span>)
    wraps paragraphs: each is read once, never again glued into the wrapper's text (the
    headline run into the first sentence gave its quote to whoever the headline named)."""
    paragraphs = article_paragraphs(f"<html><body>{page}</body></html>".encode(), "a.html")
    assert paragraphs.count("The mayor wrote: “The pier reopens on Monday.”") == 1, paragraphs
    assert not any("Monday.”Crews" in p or "Monday.” Crews" in p for p in paragraphs), paragraphs


def test_other_articles_headlines_and_a_pages_header_are_no_prose_its_own_header_is():
    """Related-posts boxes and "READ MORE: <a>…" lines show other articles' headlines (a
    misquote charged to this article), the site's header its name; the article's own
    <header> holds its headline, which is checked."""
    page = ('<html><body><header class="site-header"><p>City “News” Daily</p></header>'
            '<article><header class="entry-header"><h1>Mayor: “Pier reopens Monday”</h1>'
            '</header><p>She wrote it on X.</p>'
            '<p><strong>READ MORE:</strong> <a href="/2025/pier-closed">Mayor: “Pier shut '
            'for good”</a></p>'
            '<p><a href="/2025/other">Mayor says “crews deserve thanks”</a></p>'
            '<div class="related-posts"><h4><a href="/a">Mayor: “no ferries”</a></h4></div>'
            '<ul class="more-stories"><li>Mayor: “taxes will rise”</li></ul>'
            '<p>Holt wrote: <a href="https://x.com/holt/status/1977000000000000001">“We open '
            'Monday”</a></p></article></body></html>').encode()
    paragraphs = article_paragraphs(page, "a.html")
    assert paragraphs == ["Mayor: “Pier reopens Monday”", "She wrote it on X.",
                          "Holt wrote: “We open Monday”"], paragraphs


HARBOUR = [Author("PortOfRivera", "Port of Rivera"), Author("MayorNoraHolt", "Nora Holt")]


@pytest.mark.parametrize("sentence, speaker", [
    # the author named as whom the words answer or are said to: another's words
    ("The fishermen's cooperative fired back at Holt: “The quay stays closed to trawlers.”",
     None),
    ("Los pescadores respondieron a Holt: «El muelle seguirá cerrado».", None),
    ("The governor praised Holt, writing that “the quay reopens on time.”", None),
    # another speaker, named right before the verb, after the author's own clause
    ("Holt posted her figures an hour after the harbour master, Ana Silva, told reporters "
     "the cranes were “fully operational again.”", None),
    # words said to another outlet, nothing about X
    ("Speaking to the BBC on Sunday, Holt said the quay would reopen “to every vessel.”",
     None),
    # a clause of its own after a semicolon, with its own subject
    ("Holt called the audit biased; the auditors concluded she “overstated the repairs.”",
     None),
    # ...while the author's own words stay hers
    ("Holt, the city's mayor, wrote: “The quay reopens on Monday.”", "MayorNoraHolt"),
    ("According to Holt, “the quay reopens on Monday.”", "MayorNoraHolt"),
    ("Holt told reporters on X that “the quay reopens on Monday.”", "MayorNoraHolt"),
    ("Nora Holt wrote to the Port of Rivera: “We reopen the quay on Monday.”", "MayorNoraHolt"),
    # German puts the subject after the verb when the sentence opens with a time, and
    # capitalises its nouns: "Am Montag Abend" is no speaker of its own
    ("Am Montag Abend schrieb Holt auf X: „Der Kai ist wieder offen.“", "MayorNoraHolt"),
    ("Gestern Abend erklärte Bürgermeisterin Holt: „Der Kai ist wieder offen.“",
     "MayorNoraHolt"),
])
def test_a_quote_is_the_authors_only_when_the_sentence_gives_it_to_them(sentence, speaker):
    """A sentence that names an embedded author and quotes someone else — the author as
    whom it answers, a named speaker of its own, words said on television — gave the
    quote to the author, a false misquote when it echoed their post."""
    claims = find_claims([sentence], HARBOUR)
    assert [c.handle for c in claims] == ([speaker] if speaker else []), claims


@pytest.mark.parametrize("text, lang", [
    ("دولت هرگز با این طرح موافقت نکرده است", "fa"),  # Persian's own letters (گ, ی, ک)
    ("حکومت اس منصوبے کو منظور نہیں کرے گی", "ur"),
    ("الحكومة لن توافق على هذه الخطة", "ar"),
    ("Уряд ніколи не погодиться на цей план", "uk"),
    ("Правительство никогда не согласится с этим планом", "ru"),
    ("Влада никада неће прихватити овај план", "sr"),
    ("ворог випустив ракети", None),  # no letter only one language writes: not "ru"
    ("el govern no acceptarà aquesta proposta", "ca"),
    ("el gobierno no aceptará esta propuesta", "es"),
])
def test_a_script_several_languages_write_is_no_language_by_itself(text, lang):
    """Persian was guessed Arabic and Ukrainian Russian by their script alone: a made-up
    quote in the post's own language was called a translation (cross_language)."""
    assert guess_language(text) == lang


def test_a_hebrew_gershayim_typed_as_a_quote_mark_opens_no_quote():
    """צה"ל, ח"כ, ארה"ב: Hebrew's gershayim, typed as '"', was paired as a quote mark,
    and the quote after it was never read."""
    authors = [Author("IDFSpokesHe", "דובר צה\"ל")]
    claims = find_claims(['ח"כ כהן ציין כי דובר צה"ל כתב: "כוחותינו ימשיכו לפעול בכל '
                          'הגזרות" הבוקר בארה"ב.'], authors)
    assert [(c.handle, c.quote) for c in claims] == [
        ("IDFSpokesHe", "כוחותינו ימשיכו לפעול בכל הגזרות")]


@pytest.mark.parametrize("author, sentence", [
    (Author("RajeshVermaMP", "राजेश वर्मा"), "वर्मा ने एक्स पर लिखा: “दिल्ली में 500 नए बसें चलेंगी”।"),
    (Author("AnisurRahmanBD", "আনিসুর রহমান"), "রহমান এক্সে লিখেছেন, “ঢাকায় ৫০০টি নতুন বাস চলবে।”"),
    (Author("KavithaSelvamTN", "கவிதா செல்வம்"), "செல்வம் எக்ஸில் எழுதினார்: “சென்னையில் 500 புதிய பேருந்துகள்”."),
])
def test_a_surname_in_an_indic_script_names_its_author(author, sentence):
    """Devanagari, Bengali and Tamil write vowel signs that \\w does not count as word
    characters: वर्मा was split into वर and म, and named no one."""
    [claim] = find_claims([sentence], [author])
    assert claim.handle == author.handle


@pytest.mark.parametrize("sentence, quoted", [
    # a term or a scare quote inside a noun phrase, a title, a name: nobody's words
    ("Holt defended her so-called “quay plan” on Monday.", []),
    ("Holt promoted the documentary “The Drowned Quay” on X.", []),
    ("Holt announced “Operation Safe Harbour” for the weekend.", []),
    ("Holt kritisierte die angebliche „Hafenreform“ scharf.", []),
    # ...while someone's words of two or three stay a quote
    ("Holt wrote: “Quay reopens.”", ["Quay reopens."]),
    ("Holt said the quay was “ready for ferries”.", ["ready for ferries"]),
    ("Соколова написала: «Ответ последует»", ["Ответ последует"]),
])
def test_terms_titles_and_names_in_quotation_marks_are_no_claims(sentence, quoted):
    """A scare quote or a title near an author's name was checked as their words, and said
    `not_found` of every post."""
    claims = find_claims([sentence], [Author("MayorNoraHolt", "Nora Holt"),
                                      Author("SokolovaMFA", "Мария Соколова")])
    assert [c.quote for c in claims] == quoted


def test_a_q_element_and_a_quote_block_after_a_colon_line_are_quotes():
    """<q> has its marks drawn by the browser, a quote block set off after "Holt wrote on
    X:" none at all: neither was read as a quote, and a misquote in them went unchecked."""
    page = ("<html><body><article><p>Holt wrote that <q>the quay reopens on Monday</q>.</p>"
            "<p>Later she added on X:</p><blockquote><p>Ferries run from Tuesday at 6.</p>"
            "</blockquote><blockquote class=\"pull\"><p>Not a quote of hers.</p></blockquote>"
            "</article></body></html>").encode()
    paragraphs = article_paragraphs(page, "a.html")
    claims = find_claims(paragraphs, [Author("MayorNoraHolt", "Nora Holt")])
    assert [c.quote for c in claims] == ["the quay reopens on Monday"]
    assert "Later she added on X: “Ferries run from Tuesday at 6.”" in paragraphs


@pytest.mark.parametrize("sentence, claimed", [
    ("Holt’s post on Saturday said that “the quay reopens on Monday.”", True),
    ("Holt’s tweet, sent at 2 a.m., read: “The quay reopens on Monday.”", True),
    ("Reyes disputed Holt’s claim and said: “The quay stays shut on Monday.”", False),
])
def test_a_post_that_speaks_a_few_words_after_its_owner_is_the_speaker(sentence, claimed):
    claims = find_claims([sentence], [Author("MayorNoraHolt", "Nora Holt")])
    assert bool(claims) == claimed, claims


def test_a_prose_quote_in_traditional_characters_of_a_simplified_post():
    """A Hong Kong page quotes the ministry's simplified post in traditional characters:
    the same words (found), and a changed one still altered."""
    posts = [("1977000000000000041", "外交部发言人表示，这一立场不会改变。", "zh")]
    assert check_claim(Claim("MFA_China", "s", "這一立場不會改變"), posts, "zh-HK").result \
        == "found"
    assert check_claim(Claim("MFA_China", "s", "這一立場會改變"), posts, "zh-HK").result \
        == "altered"


@pytest.mark.parametrize("sentence, named", [
    ("김 장관은 X에 \"정부는 의대 정원 확대 방침을 유지할 것입니다\"라고 썼다.", True),
    ("김장관은 \"정부는 의대 정원 확대 방침을 유지할 것입니다\"라고 밝혔다.", True),
    ("김치 업계는 \"정부는 의대 정원 확대 방침을 유지할 것입니다\"라고 했다.", False),
])
def test_a_korean_family_name_with_a_title_names_its_author(sentence, named):
    """Korean news names an official by family name and title after the first mention
    (김 장관 for 김민준): the quote was never checked."""
    claims = find_claims([sentence], [Author("minjun_kim", "김민준")])
    assert bool(claims) == named, claims


@pytest.mark.parametrize("sentence, handle", [
    # a verb of saying before its subject, as Spanish, Portuguese and English invert it
    ("«El puerto abre el lunes», dijo Ortega a los periodistas.", "LuciaOrtegaM"),
    ("“Is the quay open?” asked Ortega on X.", "LuciaOrtegaM"),
    # a quote after "so" in Russian is a quote, not a term
    ("Ортега ответила так: «Порт откроется»", "LuciaOrtegaM"),
    ("Ortega a dit « Jamais ça » sur X.", "LuciaOrtegaM"),
])
def test_a_speaker_after_the_verb_or_a_short_quote_after_so_is_still_a_claim(sentence, handle):
    claims = find_claims([sentence], [Author("LuciaOrtegaM", "Lucía Ortega"),
                                      Author("LuciaOrtegaM", "Ортега")])
    assert [c.handle for c in claims] == [handle], claims


def test_a_container_whose_class_mentions_related_keeps_the_article():
    """A box of other articles' links is no prose; a container whose class merely says
    "related" (a theme's `entry-content has-related`) holds the article and is read."""
    body = "".join(f"<p>Paragraph {i} of the story about the quay and its crews.</p>"
                   for i in range(8))
    page = (f'<html><body><article><div class="entry-content has-related">{body}'
            '<p>Holt wrote: “The quay reopens on Monday.”</p></div>'
            '<div class="related"><h4><a href="/a">Holt: “no ferries”</a></h4></div>'
            "</article></body></html>").encode()
    paragraphs = article_paragraphs(page, "a.html")
    assert "Holt wrote: “The quay reopens on Monday.”" in paragraphs
    assert not any("no ferries" in p for p in paragraphs)
