"""Benchmark: archiver.extract.extract() against a bare lxml parse of the same bytes.

Run from the repository root:  .venv/bin/python bench/extract.py  [--reps N] [--quick]
                                                                  [--only PART,...]

Every figure is a RATIO to lxml's parse of the same bytes, measured in the same run:

    lxml.etree.fromstring(data, lxml.etree.HTMLParser(encoding='utf-8', remove_comments=True))

Per page: one untimed warm-up of each contender, then N repetitions (default 7; 3 with
--quick) in which the runs ALTERNATE (extract, lxml, [parse_document], extract, lxml, ...);
each contender's figure is the median of its N runs. Group ratios are sums of medians over
sums of medians (= the ratio of the two ms/MB figures). The machines are shared and noisy:
nothing here asserts a wall time; the figures are printed beside their targets.

Targets (a headline per target is printed at the end):
  1. corpus pages with posts: every tests/pages/corpus/ page whose INDEX.tsv post_ids is
     non-empty (INDEX.tsv is read at run time, so new pages are picked up).   <= 1.5x
  2. a generated page dense with official embeds (16 MB; 2 MB with --quick): ~1,000
     blockquote.twitter-tweet embeds per MB, English/Arabic/Turkish, 19-digit snowflake ids,
     interleaved with article prose. The library call:                       <= 2.5x
     Beside it, the floor of any reader of lxml's tree: the parse plus a bare read of the
     blockquotes (an XPath, each one's text and its links' hrefs, nothing checked).
     and `archiver extract --json FILE > /dev/null` as a subprocess on that page, against
     the library call in-process (same alternation): the CLI's wall time, the same CLI on a
     tiny one-embed page (interpreter start-up + imports), the net (difference), and
     the CLI over the library call in per cent, both with start-up excluded (net) and
     counted (wall):                                                          <= +15%
     This part runs first: the CLI imports archiver/ afresh, this process imported it at
     start; if archiver/ changes on disk meanwhile (a shared checkout being edited), the
     comparison is marked VOID (a hash of archiver/**/*.py is taken at import and after).
  3. pages with no post but with the X links every news page has: the corpus's no-post
     pages plus a generated 5 MB news page with share/intent links, profile and hashtag
     links, follow buttons, widgets.js and twitter:* meta tags, and no status URL and no
     post id anywhere:                                                        <= 0.1x
     For information: generated pages with no X link at all (1 MB, 5 MB), and the 1 MB one
     with the word "status" once in a script (xhr.status).
  4. tweetfinder (PyPI), if importable (this bench installs nothing): on every corpus page,
     its recall against INDEX.tsv (distinct post ids found / gold ids) and pages per
     second, beside ours (measured in the same alternation). It is called offline as
     `tweetfinder.Article(html=text)` on the page decoded by archiver.decode.decode_page
     (decoding inside the timed region, as extract() decodes inside its own); an audit hook
     refuses any socket connection to a non-loopback address while it runs.

Baseline bytes: the extractor hands libxml2 UTF-8. For a page whose encoding (found by
archiver.decode.sniff_encoding) is not UTF-8, lxml parses the page decoded with that codec
and re-encoded to UTF-8; the conversion is done once, untimed (the extractor's own time
includes it). The parsed trees are freed inside the timed regions.

Stage breakdown (targets 1 and 2): the public archiver.extract.parse_document() (the
extractor's own decoding and parse, no search) is timed in the same alternation; the rest
of extract() is everything after the parse. Skipped if parse_document is not public.

Generated pages are deterministic (random.Random with fixed seeds) and cached in bench/out/
(git-ignored) under a name carrying a hash of the generator code, so they are rebuilt only
when the generator changes. MB = 10^6 bytes.
"""

from __future__ import annotations

from _common import revision  # noqa: E402 - bench/ is on sys.path when run
import argparse
import csv
import datetime as dt
import gc
import hashlib
import importlib
import importlib.util
import ipaddress
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout even without the editable install


def code_digest() -> str:
    """A hash of archiver/'s Python files: the CLI subprocesses import the code as it is on
    disk when they start, the bench process as it was when it started; if someone edits
    archiver/ during a run, the two differ and the comparison is void."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "archiver").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


from archiver.decode import decode_page, sniff_encoding  # noqa: E402
from archiver.extract import extract  # noqa: E402

CODE_AT_IMPORT = code_digest()  # the archiver/ this process runs (modules load once)

CORPUS = ROOT / "tests" / "pages" / "corpus"
OUT = ROOT / "bench" / "out"
MB = 1_000_000

TARGET_CORPUS = 1.5
TARGET_DENSE = 2.5
TARGET_CLI_PERCENT = 15.0
TARGET_NO_POST = 0.1

DENSE_MB, DENSE_MB_QUICK = 16, 2
EMBEDS_PER_MB = 1000

# --- generated pages: everything down to "GENERATOR END" is hashed into the cache names ----
# GENERATOR START

# Words for prose. The "no X" pages are checked below for strings no X-free page would hold.
_WORDS = tuple((
    "the council government minister said on Tuesday that officials would review plan budget"
    " city river bridge election voters poll campaign economy inflation rates market shares"
    " company report quarter growth analysts expected energy prices winter heating families"
    " schools teachers students university research climate flooding rainfall coast harbour"
    " police investigation court judge ruling appeal hospital doctors patients health service"
    " transport rail strike union workers wages agreement talks negotiations summit leaders"
    " talks defence security border trade tariffs exports imports farmers harvest weather"
    " museum exhibition artist festival music film director award season team coach match"
    " league final goal victory defeat fans stadium road traffic accident fire emergency crews"
    " residents neighbourhood housing rent prices construction project delay cost million"
    " billion percent according to spokesperson statement press conference interview week"
    " month year earlier later new old local national international regional federal state"
    " café naïve résumé déjà vu São Paulo Zürich Kraków Malmö Düsseldorf Ōsaka Reykjavík"
).split())
_WORDS_AR = tuple((
    "قال وزير الخارجية إن الحكومة ستعقد اجتماعا مع الوفد في العاصمة يوم الثلاثاء لبحث الأوضاع"
    " الأمنية والاقتصادية في المنطقة وأكد المتحدث باسم الرئاسة أن المفاوضات مستمرة بين الطرفين"
    " حول اتفاق وقف إطلاق النار والمساعدات الإنسانية للسكان في غزة وسوريا والعراق ولبنان وأضاف"
    " أن مجلس الأمن الدولي سيصوت على مشروع القرار الجديد خلال الأسبوع المقبل بحسب مصادر مطلعة"
    " الانتخابات البرلمانية الناخبين أسعار الطاقة التضخم البنك المركزي الشركات الطلاب الجامعة"
).split())
_WORDS_TR = tuple((
    "Dışişleri Bakanı yaptığı açıklamada hükümetin bu hafta Ankara'da heyetle görüşeceğini"
    " söyledi bölgedeki güvenlik ve ekonomi durumu ele alınacak Cumhurbaşkanlığı sözcüsü"
    " müzakerelerin sürdüğünü belirtti ateşkes anlaşması insani yardım Suriye Irak İstanbul"
    " İzmir seçim belediye başkanı vatandaşlar enflasyon faiz oranları Merkez Bankası ihracat"
    " çiftçiler hasat öğrenciler üniversite deprem bölgesinde çalışmalar devam ediyor"
    " toplantıda ülkenin geleceği için önemli kararlar alındığını ifade etti"
).split())
_LANG_WORDS = {"en": _WORDS, "ar": _WORDS_AR, "tr": _WORDS_TR}
_HASHTAGS = {"en": ("Breaking", "Election2025", "Climate", "WorldCup", "Economy", "News"),
             "ar": ("غزة", "عاجل", "سوريا", "لبنان", "الأمم_المتحدة"),
             "tr": ("SonDakika", "Deprem", "Ankara", "Seçim2025", "Ekonomi", "İstanbul")}
_AUTHORS = {"en": ("Alex Morgan", "Sam Lee", "Maria Garcia", "Chen Wei", "Emma Dubois",
                   "UN News", "City Council", "Met Office"),
            "ar": ("وزارة الخارجية", "عمر حداد", "فاطمة خان", "الأمم المتحدة", "قناة الأخبار"),
            "tr": ("Hakan Fidan", "Ömer Çelik", "Ayşe Yılmaz", "Dışişleri Bakanlığı",
                   "İçişleri Bakanlığı", "AFAD")}
_DOMAINS = (
    "www.example-news.com", "www.bbc.co.uk", "www.reuters.com", "apnews.com",
    "www.lemonde.fr", "www.spiegel.de", "en.wikipedia.org", "www.nytimes.com",
    "www.theguardian.com", "www.elpais.com", "www.gov.uk", "data.worldbank.org",
    "www.youtube.com", "www.instagram.com", "www.facebook.com", "www.linkedin.com",
)
_NAMES = ("Alex Morgan", "Sam Lee", "Maria Garcia", "Chen Wei", "Fatima Khan", "Jonas Berg",
          "Aiko Tanaka", "Lucas Silva", "Emma Dubois", "Omar Haddad", "Olga Petrova")
_HANDLE_PARTS = ("news", "daily", "report", "live", "city", "desk", "info", "world", "sport",
                 "alex", "sam", "maria", "chen", "omar", "emma", "lucas", "aiko", "olga",
                 "haber", "gundem", "akhbar", "ajel", "un", "gov", "min", "press")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_TWITTER_EPOCH_MS = 1_288_834_974_657
_OUTLET = "ExampleNewsLive"


def _sentence(rng: random.Random, lo: int = 8, hi: int = 22, lang: str = "en") -> str:
    words = rng.choices(_LANG_WORDS[lang], k=rng.randint(lo, hi))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _slug(rng: random.Random) -> str:
    return "-".join(rng.choices(_WORDS[:120], k=rng.randint(3, 6))).lower()


def _linked_sentence(rng: random.Random, lang: str) -> str:
    sentence = _sentence(rng, lang=lang)
    roll = rng.random()
    if roll < 0.35:
        words = sentence.split(" ")
        i = rng.randrange(len(words))
        j = min(len(words), i + rng.randint(1, 4))
        anchor = " ".join(words[i:j])
        words[i:j] = [f'<a href="https://{rng.choice(_DOMAINS)}/{rng.randint(2015, 2025)}/'
                      f'{_slug(rng)}" rel="noopener">{anchor}</a>']
        sentence = " ".join(words)
    elif roll < 0.45:
        sentence = f"<strong>{sentence}</strong>"
    elif roll < 0.5:
        sentence = f"<em>{sentence}</em>"
    return sentence


def _p_open(lang: str) -> str:
    return '<p dir="rtl" lang="ar">' if lang == "ar" else ("<p>" if lang == "en" else
                                                            f'<p lang="{lang}">')


def _paragraph(rng: random.Random, lang: str = "en") -> str:
    parts = [_linked_sentence(rng, lang) for _ in range(rng.randint(2, 6))]
    return f"{_p_open(lang)}{' '.join(parts)}</p>\n"


def _paragraph_of(rng: random.Random, lang: str, budget: int) -> str:
    """A paragraph of about `budget` bytes (at least one sentence)."""
    parts, size = [], 0
    while not parts or size < budget - 60:
        part = _linked_sentence(rng, lang)
        parts.append(part)
        size += len(part.encode("utf-8")) + 1
    return f"{_p_open(lang)}{' '.join(parts)}</p>\n"


def _figure(rng: random.Random) -> str:
    n = rng.randint(100000, 999999)
    base = f"https://static.example-news.com/images/{rng.randint(2019, 2025)}/{n}"
    return (
        f'<figure class="article-image">\n'
        f'  <picture><source type="image/webp" srcset="{base}-480.webp 480w, {base}-960.webp 960w,'
        f' {base}-1440.webp 1440w" sizes="(max-width: 768px) 100vw, 720px">\n'
        f'  <img src="{base}-960.jpg" alt="{_sentence(rng, 4, 9)}" width="960" height="540"'
        f' loading="lazy" decoding="async"></picture>\n'
        f'  <figcaption>{_sentence(rng, 6, 14)} <span class="credit">Photo: '
        f'{rng.choice(_NAMES)}</span></figcaption>\n</figure>\n'
    )


def _script(rng: random.Random) -> str:
    n = rng.randint(1000, 9999)
    return (
        '<script type="text/javascript">\n'
        f"window.dataLayer = window.dataLayer || [];\n"
        f"window.dataLayer.push({{'event': 'slot_{n}', 'section': '{rng.choice(_WORDS)}',"
        f" 'position': {rng.randint(1, 40)}}});\n"
        f"(function(d){{var s=d.createElement('script');s.async=true;"
        f"s.src='https://ads.example-cdn.net/tag/{n}.js';d.head.appendChild(s);}})(document);\n"
        "</script>\n"
    )


def _aside(rng: random.Random) -> str:
    items = "".join(
        f'  <li><a href="https://www.example-news.com/{_slug(rng)}-{rng.randint(10**7, 10**8)}">'
        f"{_sentence(rng, 5, 10)}</a></li>\n"
        for _ in range(rng.randint(3, 6))
    )
    return f'<aside class="related"><h3>Related</h3>\n<ul>\n{items}</ul></aside>\n'


def _ad(rng: random.Random) -> str:
    n = rng.randint(1, 99)
    return (f'<div class="ad-slot" id="ad-{n}-{rng.randint(1000, 9999)}" data-ad-unit="/1234/news/'
            f'article/{n}" data-sizes="[[300,250],[728,90]]"></div>\n')


def _head(rng: random.Random, title: str, x_meta: bool = False) -> str:
    slug = _slug(rng)
    metas = "".join(
        f'<meta name="{name}" content="{_sentence(rng, 4, 12)}">\n'
        for name in ("description", "keywords", "news_keywords", "robots-extra")
    )
    if x_meta:  # the twitter:* cards every news page carries
        metas += (
            '<meta name="twitter:card" content="summary_large_image">\n'
            f'<meta name="twitter:site" content="@{_OUTLET}">\n'
            f'<meta name="twitter:site:id" content="{rng.randint(10**6, 10**8)}">\n'
            f'<meta name="twitter:creator" content="@{_handle(rng)}">\n'
            f'<meta name="twitter:title" content="{title}">\n'
            f'<meta name="twitter:description" content="{_sentence(rng, 8, 16)}">\n'
            f'<meta name="twitter:image" content="https://static.example-news.com/og/{slug}.jpg">\n'
            f'<meta property="twitter:url" content="https://www.example-news.com/world/{slug}">\n'
        )
    styles = "".join(
        f'<link rel="stylesheet" href="https://static.example-news.com/css/{_slug(rng)}.css">\n'
        for _ in range(6)
    )
    css = "".join(
        f".c{i} {{ margin: {i % 7}px; padding: {i % 5}px; color: #{rng.randint(0, 0xFFFFFF):06x}; }}\n"
        for i in range(120)
    )
    ld = (
        '{"@context":"https://schema.org","@type":"NewsArticle","headline":"' + title + '",'
        '"datePublished":"2024-03-14T09:30:00Z","author":{"@type":"Person","name":"'
        + rng.choice(_NAMES) + '"},"publisher":{"@type":"Organization","name":"Example News"}}'
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title} | Example News</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{metas}"
        '<meta property="og:site_name" content="Example News">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<meta property="og:image" content="https://static.example-news.com/og/{slug}.jpg">\n'
        '<meta property="article:published_time" content="2024-03-14T09:30:00Z">\n'
        f'<link rel="canonical" href="https://www.example-news.com/world/{slug}">\n'
        f"{styles}<style>\n{css}</style>\n"
        f'<script type="application/ld+json">{ld}</script>\n'
        f"{_script(rng)}</head>\n"
    )


def _nav(rng: random.Random, x_links: bool = False) -> str:
    links = "".join(
        f'<li><a href="/{w.lower()}">{w.capitalize()}</a></li>'
        for w in rng.sample(_WORDS[:100], 12)
    )
    social = ""
    if x_links:
        social = (
            '<ul class="social"><li><a href="https://www.facebook.com/ExampleNews">Facebook</a>'
            f'</li><li><a href="https://twitter.com/{_OUTLET}" class="social-x" title="X">'
            f'@{_OUTLET}</a></li><li><a href="https://x.com/{_OUTLET}">X</a></li></ul>\n'
            f'<a href="https://twitter.com/{_OUTLET}?ref_src=twsrc%5Etfw" class="twitter-follow-'
            f'button" data-show-count="false">Follow @{_OUTLET}</a>'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
            "</script>\n"
        )
    return (f'<header class="site-header"><nav><ul class="menu">{links}</ul></nav>{social}'
            "</header>\n")


def _footer(rng: random.Random) -> str:
    links = "".join(
        f'<li><a href="https://{d}/">{d}</a></li>' for d in rng.sample(_DOMAINS, 8)
    )
    return f'<footer class="site-footer"><ul>{links}</ul><p>© 2024 Example News</p></footer>\n'


def _page(rng: random.Random, target_bytes: int, body: Callable[[int], list[str]],
          x_links: bool = False) -> bytes:
    title = _sentence(rng, 6, 12).rstrip(".")
    head = _head(rng, title, x_meta=x_links)
    tail = f"</article>\n{_footer(rng)}{_script(rng)}</body>\n</html>\n"
    top = (f'<body class="article">\n{_nav(rng, x_links)}<article class="story">\n'
           f'<h1>{title}</h1>\n<p class="byline">By {rng.choice(_NAMES)}, <time datetime='
           f'"2024-03-14">14 March 2024</time></p>\n')
    budget = target_bytes - len((head + top + tail).encode("utf-8"))
    return (head + top + "".join(body(budget)) + tail).encode("utf-8")


def _filler(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.70:
        return _paragraph(rng)
    if roll < 0.80:
        return _figure(rng)
    if roll < 0.86:
        return f"<h2>{_sentence(rng, 3, 8).rstrip('.')}</h2>\n"
    if roll < 0.92:
        return _aside(rng)
    if roll < 0.96:
        return _ad(rng)
    return _script(rng)


def generate_article(target_bytes: int, seed: int) -> bytes:
    """A deterministic article page of about `target_bytes` with no X link at all."""
    rng = random.Random(seed)

    def body(budget: int) -> list[str]:
        blocks, size = [], 0
        while size < budget:
            blocks.append(_filler(rng))
            size += len(blocks[-1].encode("utf-8"))
        return blocks

    return _page(rng, target_bytes, body)


def with_status_word(page: bytes) -> bytes:
    """The same page with one ordinary (non-X) use of the word "status" in a script."""
    snippet = (b"<script>var xhr = new XMLHttpRequest(); xhr.onload = function () {"
               b" if (xhr.status === 200) { console.log('ok'); } };</script>\n")
    return page.replace(b"</body>", snippet + b"</body>", 1)


def _handle(rng: random.Random) -> str:
    handle = "".join(rng.sample(_HANDLE_PARTS, 2))
    handle = handle[0].upper() + handle[1:] + (str(rng.randint(1, 999)) if rng.random() < 0.4
                                               else "")
    return handle[:15]


def _code(rng: random.Random, n: int = 10) -> str:
    return "".join(rng.choices(_ALNUM, k=n))


def snowflake(rng: random.Random) -> tuple[int, dt.datetime]:
    """A post id as X mints them (2019-2025): ms since X's epoch << 22 | datacenter (5 bits)
    | worker (5 bits) | sequence (12 bits, mostly small), and its creation time."""
    ms = rng.randint(1_546_300_800_000, 1_761_955_200_000)  # 2019-01-01 .. 2025-11-01
    seq = rng.randint(0, 40) if rng.random() < 0.9 else rng.randint(0, 4095)
    post_id = ((ms - _TWITTER_EPOCH_MS) << 22) | (rng.randint(0, 31) << 17) \
        | (rng.randint(0, 31) << 12) | seq
    return post_id, dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)


def _tweet_text(rng: random.Random, lang: str) -> str:
    """The <p> of an official embed: words, t.co links, #hashtags, @mentions, pic links."""
    words = rng.choices(_LANG_WORDS[lang], k=rng.randint(6, 30))
    parts: list[str] = []
    for i, word in enumerate(words):
        parts.append(word)
        roll = rng.random()
        if roll < 0.04:
            tag = rng.choice(_HASHTAGS[lang])
            parts.append(f'<a href="https://twitter.com/hashtag/{quote(tag)}?src=hash&amp;'
                         f'ref_src=twsrc%5Etfw">#{tag}</a>')
        elif roll < 0.06:
            h = _handle(rng)
            parts.append(f'<a href="https://twitter.com/{h}?ref_src=twsrc%5Etfw">@{h}</a>')
        elif roll < 0.075 and i > 3:
            parts.append("<br><br>")
    text = " ".join(parts)
    if rng.random() < 0.5:
        code = _code(rng)
        shown = (f"https://t.co/{code}" if rng.random() < 0.6
                 else f"{rng.choice(_DOMAINS).removeprefix('www.')}/{_slug(rng)[:18]}…")
        text += f' <a href="https://t.co/{code}">{shown}</a>'
    if rng.random() < 0.4:
        text += f' <a href="https://t.co/{_code(rng)}">pic.twitter.com/{_code(rng)}</a>'
    return text


def _embed(rng: random.Random, post_id: int, when: dt.datetime) -> str:
    """An official X embed as publish.twitter.com hands it out and sites paste it."""
    lang = rng.choices(("en", "ar", "tr"), weights=(5, 3, 2))[0]
    handle = _handle(rng)
    direction = "rtl" if lang == "ar" else "ltr"
    script = ('\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
              "</script>" if rng.random() < 0.3 else "")
    return (
        f'<blockquote class="twitter-tweet" data-lang="en"><p lang="{lang}" dir="{direction}">'
        f"{_tweet_text(rng, lang)}</p>&mdash; {rng.choice(_AUTHORS[lang])} (@{handle}) "
        f'<a href="https://twitter.com/{handle}/status/{post_id}?ref_src=twsrc%5Etfw">'
        f"{_MONTHS[when.month - 1]} {when.day}, {when.year}</a></blockquote>{script}\n"
    )


def generate_dense(target_bytes: int, seed: int) -> bytes:
    """An article of about `target_bytes` with EMBEDS_PER_MB official embeds per MB, each
    followed by prose (paragraphs in English, Arabic or Turkish, now and then a figure, a
    heading or an aside) sized so that the embeds are evenly spread."""
    rng = random.Random(seed)
    n = max(1, round(target_bytes / MB * EMBEDS_PER_MB))
    seen: set[int] = set()

    def body(budget: int) -> list[str]:
        unit = budget / n
        blocks, size = [], 0
        for i in range(n):
            post_id, when = snowflake(rng)
            while post_id in seen or len(str(post_id)) != 19:
                post_id, when = snowflake(rng)
            seen.add(post_id)
            blocks.append(_embed(rng, post_id, when))
            size += len(blocks[-1].encode("utf-8"))
            while size < (i + 1) * unit - 120:
                if rng.random() < 0.1:
                    block = _filler(rng)
                else:
                    lang = rng.choices(("en", "ar", "tr"), weights=(5, 3, 2))[0]
                    block = _paragraph_of(rng, lang, min(900, int((i + 1) * unit - size)))
                blocks.append(block)
                size += len(block.encode("utf-8"))
        return blocks

    return _page(rng, target_bytes, body)


def _share_bar(rng: random.Random, slug: str, title: str) -> str:
    url = f"https://www.example-news.com/world/{slug}"
    q_url, q_title = quote(url, safe=""), quote(title, safe="")
    return (
        '<div class="share-bar" data-share-url="' + url + '">'
        f'<a class="share share--twitter" href="https://twitter.com/intent/tweet?text={q_title}'
        f'&amp;url={q_url}&amp;via={_OUTLET}" target="_blank" rel="noopener">Tweet</a> '
        f'<a class="share share--x" href="https://twitter.com/share?url={q_url}&amp;text='
        f'{q_title}">Share on X</a> '
        f'<a class="share share--facebook" href="https://www.facebook.com/sharer/sharer.php?u='
        f'{q_url}">Facebook</a> '
        f'<a class="share share--whatsapp" href="https://wa.me/?text={q_title}%20{q_url}">'
        "WhatsApp</a> "
        f'<a class="share share--mail" href="mailto:?subject={q_title}&amp;body={q_url}">Email'
        "</a></div>\n"
    )


def _no_post_entry(rng: random.Random) -> str:
    """A live-blog entry of a news page: prose, and now and then a hashtag link, the
    reporter's profile link, a click-to-tweet quote, a follow button, a share bar (about
    about 190 twitter.com/x.com URLs per MB in all; the corpus's no-post pages have 10-102)."""
    lang = rng.choices(("en", "ar", "tr"), weights=(5, 3, 2))[0]
    title = _sentence(rng, 4, 10, lang).rstrip(".")
    slug = _slug(rng) + f"-{rng.randint(10**6, 10**8)}"
    reporter = _handle(rng)
    paras = []
    for _ in range(rng.randint(1, 4)):
        para = _paragraph(rng, lang)
        if rng.random() < 0.05:
            tag = rng.choice(_HASHTAGS[lang])
            para = para.replace(
                "</p>", f' <a href="https://twitter.com/hashtag/{quote(tag)}?src=hash">#{tag}'
                        "</a></p>", 1)
        paras.append(para)
    quote_block = ""
    if rng.random() < 0.05:
        said = _sentence(rng, 6, 14, lang)
        quote_block = (
            f'<blockquote class="pull-quote"><p>{said}</p><a class="click-to-tweet" href='
            f'"https://twitter.com/intent/tweet?text={quote(said, safe="")}&amp;url='
            f'{quote("https://www.example-news.com/live/" + slug, safe="")}">Tweet this quote'
            "</a></blockquote>\n")
    follow = ""
    if rng.random() < 0.03:
        follow = (
            f'<a href="https://twitter.com/{reporter}?ref_src=twsrc%5Etfw" class="twitter-follow-'
            f'button" data-show-count="false" data-lang="{lang}">Follow @{reporter}</a>'
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
            "</script>\n")
    extra = _filler(rng) if rng.random() < 0.5 else ""
    byline = rng.choice(_AUTHORS[lang])
    if rng.random() < 0.1:
        byline += f' <a href="https://twitter.com/{reporter}" class="author-x">@{reporter}</a>'
    share = _share_bar(rng, slug, title) if rng.random() < 0.06 else ""
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    return (
        f'<section class="live-entry" id="entry-{rng.randint(10**5, 10**7)}">'
        f'<time datetime="2025-10-{rng.randint(1, 28):02d}T{hour:02d}:{minute:02d}">'
        f"{hour:02d}:{minute:02d}</time>\n<h2>{title}</h2>\n<p class=\"byline\">{byline}</p>\n"
        f"{''.join(paras)}{quote_block}{extra}{follow}{share}</section>\n"
    )


def generate_no_post(target_bytes: int, seed: int) -> bytes:
    """A news page of about `target_bytes` with every ordinary X link (share/intent links,
    profiles, hashtags, follow buttons, widgets.js, twitter:* meta) and no post."""
    rng = random.Random(seed)

    def body(budget: int) -> list[str]:
        blocks, size = [], 0
        while size < budget:
            blocks.append(_no_post_entry(rng))
            size += len(blocks[-1].encode("utf-8"))
        return blocks

    return _page(rng, target_bytes, body, x_links=True)


def tiny_page() -> bytes:
    """A small page with one embed: what the CLI costs beyond the work on a page."""
    rng = random.Random(7)
    post_id, when = snowflake(rng)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Tiny</title></head>"
            f"<body><article><p>{_sentence(rng)}</p>\n{_embed(rng, post_id, when)}"
            "</article></body></html>\n").encode("utf-8")


# GENERATOR END
# --- cache of generated pages in bench/out/ ---------------------------------------------------


def _generator_hash() -> str:
    source = Path(__file__).read_text(encoding="utf-8")
    start = source.index("# GENERATOR " + "START")
    end = source.index("# GENERATOR " + "END")
    return hashlib.sha256(source[start:end].encode("utf-8")).hexdigest()[:12]


def cached(name: str, make: Callable[[], bytes]) -> tuple[Path, bytes, bool]:
    """The page `name` from bench/out/ if the current generator made it, else generated and
    stored there (older versions of the same page are removed). Returns (path, bytes, reused)."""
    OUT.mkdir(parents=True, exist_ok=True)
    digest = _generator_hash()
    path = OUT / f"extract-{name}-{digest}.html"
    if path.exists():
        return path, path.read_bytes(), True
    for old in OUT.glob(f"extract-{name}-*.html"):
        if re.fullmatch(rf"extract-{re.escape(name)}-[0-9a-f]{{12}}\.html", old.name):
            old.unlink()
    data = make()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path, data, False


# Strings no page without any X link may hold (bench-owned, independent of the extractor).
_NO_X_FORBIDDEN = (b"status", b"weet", b"twitter", b"(@", b"://x.com", b"t.co/")
_DIGIT_RUN_RE = re.compile(rb"\d{10,}")


def check_no_x(name: str, page: bytes) -> None:
    low = page.lower()
    present = [m.decode() for m in _NO_X_FORBIDDEN if m in low]
    if present:  # a generator defect, not a timing assertion
        raise SystemExit(f"generated {name} page contains {present}: fix the generator")


def check_no_post(name: str, page: bytes) -> None:
    low = page.lower()
    bad = [m.decode() for m in (b"status", b"twitter-tweet", b"tweet-id", b"tweetid", b"/i/web")
           if m in low]
    run = _DIGIT_RUN_RE.search(page)
    if run:
        bad.append(f"digit run {run.group().decode()}")
    if bad:
        raise SystemExit(f"generated {name} page contains {bad}: fix the generator")


# --- timing ----------------------------------------------------------------------------------

try:
    import ctypes

    _malloc_trim = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError):  # not glibc
    _malloc_trim = None


def _settle() -> None:
    """Untimed, after every timed run: glibc defers consolidating a freed tree's
    hundreds of thousands of small blocks to the next large allocation, whoever makes
    it. Without this, the run after an lxml parse pays for lxml's garbage."""
    if _malloc_trim is not None:
        _malloc_trim(0)


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    _settle()
    return elapsed


def alternate(fns: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    """Median seconds of each callable: one untimed warm-up of each, then `reps` rounds in
    which each runs once, in turn (a, b, c, a, b, c, ...)."""
    for fn in fns.values():
        fn()
        _settle()
    gc.collect()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(reps):
        for key, fn in fns.items():
            times[key].append(_timed(fn))
    return {k: statistics.median(v) for k, v in times.items()}


def lxml_parse(data: bytes) -> None:
    etree.fromstring(data, etree.HTMLParser(encoding="utf-8", remove_comments=True))
    # the tree is dropped here, inside the caller's timed region


def baseline_input(data: bytes) -> tuple[bytes, str]:
    """The UTF-8 bytes lxml is timed on (see the module docstring)."""
    encoding, how = sniff_encoding(data)
    if encoding.startswith("utf-8"):
        return data, ""
    text = data.decode(encoding, "replace")
    return text.encode("utf-8", "replace"), f"{encoding} ({how}) re-encoded to UTF-8"


def _public_parse_document():
    """archiver.extract.parse_document if it is still public (for the stage breakdown)."""
    module = importlib.import_module("archiver.extract")
    return getattr(module, "parse_document", None)


@dataclass
class Page:
    name: str
    data: bytes
    gold: list[str] | None = None  # post ids in the page (INDEX.tsv or generated); None: unknown
    path: Path | None = None
    baseline: bytes = b""
    baseline_note: str = ""
    ids: list[str | None] = field(default_factory=list)  # post_id of each Embed extract() gave
    t: dict[str, float] = field(default_factory=dict)  # median seconds per contender

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def found(self) -> set[str]:
        return {i for i in self.ids if i}

    def recall(self) -> tuple[int, int]:
        gold = set(self.gold or ())
        return len(self.found & gold), len(gold)

    @property
    def ratio(self) -> float:
        return self.t["extract"] / self.t["lxml"]


def tree_read_floor(data: bytes, reps: int) -> tuple[int, float]:
    """(blockquotes, ratio): the least an extractor that reads embeds from lxml's tree
    spends on them beyond the parse: an XPath for the official blockquotes, each one's
    text and its links' hrefs, against the parse (medians, alternated)."""
    from lxml import etree

    find = etree.XPath('//blockquote[contains(@class, "twitter-tweet")]')

    def parse():
        return etree.fromstring(data, etree.HTMLParser(encoding="utf-8", remove_comments=True))

    tree = parse()

    def read():
        return [("".join(bq.itertext()), [a.get("href") for a in bq.iter("a")])
                for bq in find(tree)]

    found = len(read())
    times = alternate({"parse": parse, "read": read}, reps)
    return found, times["read"] / times["parse"]


def measure(page: Page, reps: int, stages: bool = False) -> None:
    data, source = page.data, page.name
    if not page.baseline:
        page.baseline, page.baseline_note = baseline_input(data)
    base = page.baseline
    page.ids = [e.post_id for e in extract(data, source)]
    fns: dict[str, Callable[[], object]] = {
        "extract": lambda: extract(data, source),
        "lxml": lambda: lxml_parse(base),
    }
    parse_document = _public_parse_document() if stages else None
    if parse_document is not None:
        fns["parse_document"] = lambda: parse_document(data)
    page.t = alternate(fns, reps)


# --- report helpers --------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


def group_ratio(pages: list[Page], key: str = "extract") -> float:
    return sum(p.t[key] for p in pages) / sum(p.t["lxml"] for p in pages)


def ms_per_mb(seconds: float, nbytes: int) -> float:
    return seconds * 1000 / (nbytes / MB)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


_X_LINK_RE = re.compile(rb"(?i)(?:twitter\.com|//x\.com)/")


def x_links_per_mb(data: bytes) -> float:
    return len(_X_LINK_RE.findall(data)) / (len(data) / MB)


def print_table(pages: list[Page], label: str, stages: bool = False,
                x_links: bool = False) -> None:
    has_stages = stages and all("parse_document" in p.t for p in pages)
    print(f"{'page':46} {'KB':>7} {'posts':>9} {'extract':>9} {'lxml':>9} {'ratio':>6}"
          + (f" {'parse_doc':>9} {'rest':>9}" if has_stages else "")
          + (f" {'X links/MB':>10}" if x_links else ""))
    for p in pages:
        if p.gold:
            hit, total = p.recall()
            extra = len(p.found - set(p.gold))
            posts = f"{hit}/{total}" + (f"+{extra}" if extra else "")
        elif p.gold is not None:
            posts = f"{len(p.ids)} found"
        else:
            posts = str(len(p.ids))
        line = (f"{p.name[:46]:46} {p.size / 1000:7.0f} {posts:>9} {ms(p.t['extract'])}"
                f" {ms(p.t['lxml'])} {p.ratio:6.2f}")
        if has_stages:
            line += f" {ms(p.t['parse_document'])} {ms(p.t['extract'] - p.t['parse_document'])}"
        if x_links:
            line += f" {x_links_per_mb(p.data):10.0f}"
        print(line)
    nbytes = sum(p.size for p in pages)
    t_ex = sum(p.t["extract"] for p in pages)
    t_lx = sum(p.t["lxml"] for p in pages)
    line = (f"{label}: {len(pages)} page{'s' if len(pages) != 1 else ''}, {nbytes / MB:.2f} MB;"
            f" sums of medians: extract {t_ex * 1000:.1f} ms ({ms_per_mb(t_ex, nbytes):.2f} ms/MB),"
            f" lxml {t_lx * 1000:.1f} ms ({ms_per_mb(t_lx, nbytes):.2f} ms/MB),"
            f" ratio {t_ex / t_lx:.3f}")
    print(line)
    if has_stages:
        t_pd = sum(p.t["parse_document"] for p in pages)
        print(f"    stages: parse_document (decode + parse) {ms_per_mb(t_pd, nbytes):.2f} ms/MB"
              f" = {t_pd / t_lx:.2f}x lxml; the rest of extract() (search, records, tree free)"
              f" {ms_per_mb(t_ex - t_pd, nbytes):.2f} ms/MB = {(t_ex - t_pd) / t_lx:.2f}x lxml")
    notes = [f"    {p.name}: {p.baseline_note}" for p in pages if p.baseline_note]
    if notes:
        print("    lxml baseline input for non-UTF-8 pages:")
        print("\n".join(notes))


# --- parts -----------------------------------------------------------------------------------


def load_corpus() -> tuple[list[Page], list[Page], list[str]]:
    """(pages with posts, pages without, notes), from INDEX.tsv as it is now."""
    with open(CORPUS / "INDEX.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with_posts, without, notes = [], [], []
    listed = set()
    for row in rows:
        name = (row.get("file") or "").strip()
        if not name:
            continue
        listed.add(name)
        path = CORPUS / name
        if not path.is_file():
            notes.append(f"INDEX.tsv lists {name}, which is not in the corpus: skipped")
            continue
        ids = [i.strip() for i in (row.get("post_ids") or "").split(",") if i.strip()]
        page = Page(name, path.read_bytes(), gold=ids, path=path)
        (with_posts if ids else without).append(page)
    for path in sorted(CORPUS.iterdir()):
        if path.name not in listed and path.name not in ("INDEX.tsv", "README.md"):
            notes.append(f"{path.name} is not in INDEX.tsv: skipped (no gold)")
    return with_posts, without, notes


def run_cli(page_path: Path, tiny_path: Path, data: bytes, reps: int) -> dict[str, float] | None:
    """Wall time of `archiver extract --json FILE > /dev/null` on the dense page and on the
    tiny page, alternating with the library call on the dense page in-process."""
    script = Path(sys.executable).parent / "archiver"
    if script.is_file() and os.access(script, os.X_OK):
        command = [str(script)]
    elif shutil.which("archiver"):
        command = [shutil.which("archiver")]
    else:
        command = [sys.executable, "-m", "archiver.cli"]
    # The CLI runs the checkout the in-process call runs, not whatever the venv installed.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    print(f"CLI command: PYTHONPATH={ROOT} {' '.join(command)} extract --json FILE > /dev/null")
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        # An installed CLI runs from compiled bytecode (pip compiles it; a checkout writes
        # it on its first run, the untimed warm-up here): with this set, every start would
        # compile archiver/ from source (~25 ms), which no user's CLI does.
        print("  (PYTHONDONTWRITEBYTECODE is set here: unset for the CLI, whose warm-up run "
              "writes archiver/'s bytecode as a first run does)")

    def cli(path: Path) -> Callable[[], None]:
        def run() -> None:
            done = subprocess.run([*command, "extract", "--json", str(path)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            if done.returncode != 0:
                raise RuntimeError(f"CLI exited {done.returncode}: "
                                   f"{done.stderr.decode(errors='replace')[-500:]}")
        return run

    source = page_path.name
    try:
        return alternate({"cli": cli(page_path), "cli_tiny": cli(tiny_path),
                          "library": lambda: extract(data, source)}, reps)
    except (OSError, RuntimeError) as exc:
        print(f"CLI could not be run: {exc}")
        return None


def _loopback_only(event: str, args: tuple) -> None:
    """Audit hook: no socket may connect beyond loopback while tweetfinder runs."""
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address:
            try:
                if ipaddress.ip_address(address[0]).is_loopback:
                    return
            except ValueError:
                pass
            raise PermissionError(f"bench/extract.py: refused a connection to {address!r}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host not in (None, "localhost") and not str(host).startswith("127.") \
                and host != "::1":
            raise PermissionError(f"bench/extract.py: refused to resolve {host!r}")


def run_tweetfinder(pages: list[Page], reps: int) -> dict | None:
    try:
        if importlib.util.find_spec("tweetfinder") is None:
            raise ImportError("no module named tweetfinder")
        import logging
        import tweetfinder
        logging.getLogger("readability").setLevel(logging.ERROR)
    except Exception as exc:  # noqa: BLE001 - any failure to import means: skip
        print(f"tweetfinder is not importable ({exc}): part 4 skipped"
              " (install it in a separate venv to compare; this bench installs nothing)")
        return None
    sys.addaudithook(_loopback_only)
    Article = tweetfinder.Article
    version = getattr(tweetfinder, "__version__", "?")
    try:  # its embed search alone, without readability and mention counting (private API)
        from bs4 import BeautifulSoup
        find_embeds = Article._find_embeds
    except (ImportError, AttributeError):
        find_embeds = None
    print(f"tweetfinder {version} ({Path(tweetfinder.__file__).parent}): "
          "Article(html=decode_page(bytes)[0]), ids = distinct tweet_id of"
          " list_embedded_tweets();")
    print("  'tf embeds only' = BeautifulSoup(text, 'lxml') + its Article._find_embeds (no"
          " readability, no mention search), for information.")
    print(f"  {reps} alternating reps per page (extract, tweetfinder, tf embeds only);"
          " medians; decoding inside each timed region.")

    def tf_ids(text: str) -> tuple[set[str], int, str]:
        try:
            embeds = Article(html=text).list_embedded_tweets()
        except Exception as exc:  # noqa: BLE001 - a crash is a result too
            return set(), 0, type(exc).__name__
        raw = {str(e.get("tweet_id")) for e in embeds}
        ids = {i for i in raw if i.isdigit()}
        return ids, len(raw - ids), ""

    def tf_call(data: bytes) -> Callable[[], None]:
        def run() -> None:
            try:
                Article(html=decode_page(data)[0])
            except Exception:  # noqa: BLE001 - timed up to the crash
                pass
        return run

    def tf_embeds(data: bytes) -> Callable[[], None]:
        def run() -> None:
            stub = Article.__new__(Article)
            stub._html_soup = BeautifulSoup(decode_page(data)[0], "lxml")
            try:
                find_embeds(stub)
            except Exception:  # noqa: BLE001
                pass
        return run

    print(f"{'page':46} {'gold':>5} {'ours':>8} {'tf':>8} {'tf err':>17}"
          f" {'extract':>9} {'tf':>9} {'tf embeds':>9}")
    rows = []
    errors = 0
    for p in pages:
        ours = {e.post_id for e in extract(p.data, p.name) if e.post_id}
        theirs, junk, error = tf_ids(decode_page(p.data)[0])
        fns: dict[str, Callable[[], object]] = {
            "extract": lambda d=p.data, n=p.name: extract(d, n),
            "tf": tf_call(p.data),
        }
        if find_embeds is not None:
            fns["tf_embeds"] = tf_embeds(p.data)
        t = alternate(fns, reps)
        gold = set(p.gold or ())
        rows.append((p, gold, ours, theirs, t))
        errors += bool(error)
        note = error or (f"{junk} non-id" if junk else "")
        print(f"{p.name[:46]:46} {len(gold):5} {len(ours & gold):>4}"
              f"{'+' + str(len(ours - gold)) if ours - gold else '':4}"
              f" {len(theirs & gold):>4}{'+' + str(len(theirs - gold)) if theirs - gold else '':4}"
              f" {note[:17]:>17} {ms(t['extract'])} {ms(t['tf'])}"
              f" {ms(t['tf_embeds']) if 'tf_embeds' in t else '        -'}")
    gold_n = max(1, sum(len(g) for _, g, _, _, _ in rows))
    ours_hit = sum(len(o & g) for _, g, o, _, _ in rows)
    tf_hit = sum(len(f & g) for _, g, _, f, _ in rows)
    ours_extra = sum(len(o - g) for _, g, o, _, _ in rows)
    tf_extra = sum(len(f - g) for _, g, _, f, _ in rows)
    t_ours = sum(r[4]["extract"] for r in rows)
    t_tf = sum(r[4]["tf"] for r in rows)
    t_tfe = sum(r[4]["tf_embeds"] for r in rows) if find_embeds is not None else None
    n = len(rows)
    result = {
        "version": version, "pages": n, "gold": gold_n,
        "ours_hit": ours_hit, "ours_extra": ours_extra, "ours_pps": n / t_ours,
        "tf_hit": tf_hit, "tf_extra": tf_extra, "tf_pps": n / t_tf,
        "tfe_pps": (n / t_tfe) if t_tfe else None, "tf_errors": errors,
    }
    print(f"posts = gold ids found (+ ids found that are not gold); {n} pages, {gold_n} gold ids")
    print(f"  ours:        recall {ours_hit}/{gold_n} = {ours_hit / gold_n:.1%},"
          f" {ours_extra} extra ids, {n / t_ours:8.1f} pages/s")
    print(f"  tweetfinder: recall {tf_hit}/{gold_n} = {tf_hit / gold_n:.1%},"
          f" {tf_extra} extra ids, {n / t_tf:8.1f} pages/s"
          + (f"  (its embed search alone: {n / t_tfe:.1f} pages/s)" if t_tfe else "")
          + (f"; it raised on {errors} page{'s' if errors != 1 else ''}" if errors else ""))
    return result


def cli_part(dense: Page, tiny: tuple[Path, bytes, bool], reps: int) -> str:
    """Part 2b; run first of all, while archiver/ on disk most likely still is the code this
    process imported (the CLI subprocesses import it afresh). Returns the headline."""
    print(f"\n== 2b. CLI `archiver extract --json` on the dense page vs the library call"
          f" in-process, target <= +{TARGET_CLI_PERCENT:.0f}% (run first) ==")
    t = run_cli(dense.path, tiny[0], dense.data, reps)
    if t is None:
        return "2b. CLI: could not be run (see above)"
    void = code_digest() != CODE_AT_IMPORT
    if void:
        print("VOID: archiver/ changed on disk since this run started, so the CLI ran other"
              " code than the library call in this process; the figures below are not a"
              " comparison: run again")
    lib, wall, start = t["library"], t["cli"], t["cli_tiny"]
    net = wall - start
    pct_net = (net / lib - 1) * 100
    pct_wall = (wall / lib - 1) * 100
    print(f"{'library call extract(bytes) in-process:':42}{lib * 1000:9.1f} ms")
    print(f"{'CLI on the dense page (wall):':42}{wall * 1000:9.1f} ms"
          f"   = {pct_wall:+.1f}% over the library call, start-up COUNTED")
    print(f"{f'CLI on a tiny 1-embed page ({len(tiny[1])} B):':42}{start * 1000:9.1f} ms"
          "   (interpreter start-up + imports)")
    print(f"{'net = wall - tiny:':42}{net * 1000:9.1f} ms"
          f"   = {pct_net:+.1f}% over the library call, start-up EXCLUDED")
    print("(the CLI reads the file, runs extract_page with the page's metadata and without"
          " serialising each embed's markup, which it never prints, and writes one JSON line"
          " per post)")
    return (("2b. VOID (archiver/ changed during the run): " if void else "2b. ")
            + f"CLI on the dense page: net of start-up {pct_net:+.1f}% over the library"
            f" call (target <= +{TARGET_CLI_PERCENT:.0f}%: {verdict(pct_net, TARGET_CLI_PERCENT)});"
            f" counting start-up ({start * 1000:.0f} ms) {pct_wall:+.1f}%"
            f" ({verdict(pct_wall, TARGET_CLI_PERCENT)})")


# --- main ------------------------------------------------------------------------------------

def decode_part(pages: list[Page], reps: int) -> str:
    """Time the choice of codec (and the bytes handed to the parser) both ways, and count
    the pages on which the two choose differently."""
    import codecs

    from bs4.dammit import UnicodeDammit

    from archiver.extract import decoding

    def name(label: str | None) -> str | None:
        try:
            return codecs.lookup(label).name if label else None
        except LookupError:
            return label

    ours_fast = ours_full = dammit = 0.0
    differ = []
    for page in pages:
        data = page.data
        times = alternate({
            "ours": lambda: decoding.decode(data),
            "ours, validated": lambda: decoding.decode(data, trust_utf8=False),
            "dammit": lambda: UnicodeDammit(data, is_html=True).unicode_markup.encode("utf-8"),
        }, reps)
        ours_fast += times["ours"]
        ours_full += times["ours, validated"]
        dammit += times["dammit"]
        mine = decoding.decode(data, trust_utf8=False).encoding
        theirs = name(UnicodeDammit(data, is_html=True).original_encoding)
        if mine != theirs and {mine, theirs} != {"cp1252", "iso8859-1"}:
            differ.append(f"{page.name}: ours {mine}, UnicodeDammit {theirs}")
    mb = sum(len(p.data) for p in pages) / MB
    print(f"{len(pages)} pages, {mb:.2f} MB (sums of medians):")
    print(f"  ours, UTF-8 confirmed by the strict parse  {ms(ours_fast)} ms")
    print(f"  ours, UTF-8 validated up front             {ms(ours_full)} ms")
    print(f"  UnicodeDammit (+ UTF-8 for lxml)           {ms(dammit)} ms")
    print("  codecs chosen differently: " + ("; ".join(differ) or "none")
          + " (cp1252 for ISO-8859-1 is WHATWG's rule, not a difference)")
    return (f"5. decoding: UnicodeDammit {dammit / ours_fast:.1f}x ours"
            f" ({ms(dammit).strip()} vs {ms(ours_fast).strip()} ms over {len(pages)} pages),"
            f" {len(differ)} page(s) decoded differently")


PARTS = ("corpus", "dense", "cli", "nopost", "info", "tweetfinder", "decode")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, help="timed repetitions per page (default 7;"
                        " 3 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"fewer reps and a {DENSE_MB_QUICK} MB dense page instead of"
                             f" {DENSE_MB} MB")
    parser.add_argument("--only", help="comma-separated parts to run: " + ",".join(PARTS))
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.quick else 7)
    if reps < 1:
        parser.error("--reps must be at least 1")
    parts = set(PARTS) if not args.only else {s.strip() for s in args.only.split(",")}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {sorted(unknown)}; choose from {', '.join(PARTS)}")
    dense_mb = DENSE_MB_QUICK if args.quick else DENSE_MB
    tf_reps = min(reps, 3)

    print("bench/extract.py: archiver.extract.extract() vs lxml.etree.fromstring(HTMLParser)")
    print(f"Python {platform.python_version()} ({sys.executable}),"
          f" lxml {'.'.join(map(str, etree.LXML_VERSION))},"
          f" libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))}, {platform.machine()},"
          f" {os.cpu_count()} CPUs; code at {revision()} (archiver/**/*.py {CODE_AT_IMPORT})")
    print(f"Per page: 1 untimed warm-up each, then {reps} rounds alternating the contenders;"
          " figures are medians; group ratio = sum of medians / sum of medians. MB = 10^6 B.")
    started = time.perf_counter()
    headlines: list[str] = []

    # generated pages (cached in bench/out/)
    generated: dict[str, tuple[Path, bytes, bool]] = {}
    need = {
        "dense": ("dense" in parts or "cli" in parts),
        "nopost": "nopost" in parts,
        "info": "info" in parts,
    }
    t_gen = time.perf_counter()
    if need["dense"]:
        generated["dense"] = cached(f"dense-{dense_mb}mb",
                                    lambda: generate_dense(dense_mb * MB, seed=1016))
        generated["tiny"] = cached("tiny", tiny_page)
    if need["nopost"]:
        generated["nopost"] = cached("nopost-news-5mb", lambda: generate_no_post(5 * MB, seed=305))
        check_no_post("no-post 5 MB", generated["nopost"][1])
    if need["info"]:
        generated["nox1"] = cached("nox-1mb", lambda: generate_article(1 * MB, seed=101))
        generated["nox5"] = cached("nox-5mb", lambda: generate_article(5 * MB, seed=105))
        check_no_x("no-X 1 MB", generated["nox1"][1])
        check_no_x("no-X 5 MB", generated["nox5"][1])
    if generated:
        reused = [k for k, v in generated.items() if v[2]]
        made = [k for k, v in generated.items() if not v[2]]
        print(f"Generated pages in {OUT.relative_to(ROOT)}/ (generator {_generator_hash()}):"
              f" reused {', '.join(reused) or 'none'}; made {', '.join(made) or 'none'}"
              f" ({time.perf_counter() - t_gen:.1f} s)")

    corpus_posts, corpus_none, notes = load_corpus()
    for note in notes:
        print(f"Corpus: {note}")
    if _public_parse_document() is None:
        print("Stage breakdown unavailable: archiver.extract.parse_document is not public")

    dense = None
    if "dense" in parts or "cli" in parts:
        path, data, _ = generated["dense"]
        gold = [m.decode() for m in re.findall(rb"/status/(\d{19})\?ref_src", data)]
        dense = Page(f"gen: dense {dense_mb} MB, {len(gold)} embeds", data, gold=gold, path=path)
    # 2b. the CLI first: see cli_part
    if "cli" in parts:
        headlines.append(cli_part(dense, generated["tiny"], reps))

    # 1. corpus pages with posts
    if "corpus" in parts:
        print(f"\n== 1. Corpus pages with posts (INDEX.tsv post_ids non-empty), target <="
              f" {TARGET_CORPUS}x lxml ==")
        for p in corpus_posts:
            measure(p, reps, stages=True)
        print_table(corpus_posts, "group", stages=True)
        r = group_ratio(corpus_posts)
        hit = sum(p.recall()[0] for p in corpus_posts)
        gold = sum(p.recall()[1] for p in corpus_posts)
        worst = max(corpus_posts, key=lambda p: p.ratio)
        headlines.append(
            f"1. corpus pages with posts ({len(corpus_posts)} pages): {r:.2f}x lxml"
            f" (target <= {TARGET_CORPUS}x: {verdict(r, TARGET_CORPUS)});"
            f" worst page {worst.name} {worst.ratio:.2f}x; recall {hit}/{gold}")

    # 2a. dense page, the library call
    if "dense" in parts:
        print(f"\n== 2a. Generated page dense with official embeds ({dense_mb} MB,"
              f" {EMBEDS_PER_MB} blockquote.twitter-tweet per MB, en/ar/tr), target <="
              f" {TARGET_DENSE}x lxml ==")
        print(f"page: {dense.path.relative_to(ROOT)}")
        measure(dense, reps, stages=True)
        print_table([dense], "dense", stages=True)
        floor = tree_read_floor(dense.data, reps)
        print(f"floor: a bare read of the parsed tree (find the {floor[0]:,} blockquotes, "
              f"their text and their links' hrefs, nothing checked) {floor[1]:.2f}x lxml's "
              f"parse; with the parse, {1 + floor[1]:.2f}x, before any rule is applied")
        hit, total = dense.recall()
        headlines.append(
            f"2a. dense {dense_mb} MB page, library call: {dense.ratio:.2f}x lxml"
            f" ({ms_per_mb(dense.t['extract'], dense.size):.1f} vs"
            f" {ms_per_mb(dense.t['lxml'], dense.size):.1f} ms/MB;"
            f" target <= {TARGET_DENSE}x: {verdict(dense.ratio, TARGET_DENSE)});"
            f" recall {hit}/{total}")
    # 3. pages with ordinary X links and no post
    if "nopost" in parts:
        print(f"\n== 3. Pages with X links but no post, target <= {TARGET_NO_POST}x lxml ==")
        path, data, _ = generated["nopost"]
        gen = Page("gen: no-post news page with X links, 5 MB", data, gold=[], path=path)
        print(f"generated page: {path.relative_to(ROOT)}")
        group = corpus_none + [gen]
        for p in group:
            measure(p, reps)
        print_table(corpus_none, "corpus no-post pages", x_links=True)
        print_table([gen], "generated 5 MB", x_links=True)
        print("(X links/MB: twitter.com/ or x.com/ URLs per MB: share, intent, profile, hashtag,"
              " follow, widgets.js)")
        print(f"both together: ratio {group_ratio(group):.3f}")
        fp = sum(len(p.ids) for p in group)
        r_all, r_corpus, r_gen = group_ratio(group), group_ratio(corpus_none), gen.ratio
        headlines.append(
            f"3. no-post pages with X links: {r_all:.2f}x lxml over corpus + generated"
            f" (target <= {TARGET_NO_POST}x: {verdict(r_all, TARGET_NO_POST)});"
            f" corpus {len(corpus_none)} pages {r_corpus:.2f}x"
            f" ({verdict(r_corpus, TARGET_NO_POST)}), generated 5 MB {r_gen:.2f}x"
            f" ({verdict(r_gen, TARGET_NO_POST)}); posts reported: {fp}")

    # for information: no X at all
    if "info" in parts:
        print("\n== For information: generated pages with no X link at all ==")
        nox1, nox5 = generated["nox1"][1], generated["nox5"][1]
        info = [Page("gen: no X link, 1 MB", nox1, gold=[]),
                Page("gen: no X link, 5 MB", nox5, gold=[]),
                Page("gen: no X link, 1 MB + 'xhr.status'", with_status_word(nox1), gold=[])]
        for p in info:
            measure(p, reps)
        print_table(info[:2], "no X at all")
        print_table(info[2:], "one 'status' word")
        headlines.append(f"info: no X link at all {group_ratio(info[:2]):.3f}x lxml;"
                         f" with one 'xhr.status' {info[2].ratio:.2f}x (no target)")

    # 4. tweetfinder
    if "tweetfinder" in parts:
        print("\n== 4. tweetfinder side by side, on every corpus page (no target) ==")
        res = run_tweetfinder(corpus_posts + corpus_none, tf_reps)
        if res is None:
            headlines.append("4. tweetfinder: not importable, skipped")
        else:
            g = res["gold"]
            headlines.append(
                f"4. on {res['pages']} corpus pages ({g} gold ids): tweetfinder"
                f" {res['version']} recall {res['tf_hit'] / g:.0%} ({res['tf_hit']}/{g},"
                f" {res['tf_extra']} extra), {res['tf_pps']:.1f} pages/s; ours recall"
                f" {res['ours_hit'] / g:.0%} ({res['ours_hit']}/{g}, {res['ours_extra']}"
                f" extra), {res['ours_pps']:.1f} pages/s")

    # 5. decoding: ours against beautifulsoup4's UnicodeDammit, on the same pages
    if "decode" in parts:
        print("\n== 5. Decoding: archiver.extract.decoding against bs4's UnicodeDammit"
              " (no target) ==")
        headlines.append(decode_part(corpus_posts + corpus_none, reps))

    if code_digest() != CODE_AT_IMPORT:
        headlines.append(f"note: archiver/ changed on disk during this run; the in-process"
                         f" figures are of the code as it was at the start ({CODE_AT_IMPORT})")
    print("\n== Headline ==")
    for line in sorted(headlines, key=lambda h: (h[0] not in "1234", h[:3])):
        print("  " + line)
    print(f"\nTotal benchmark time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
