"""Tracking parameters: the parts of a URL that say where a reader came from, never what
the URL names. One list, for the URLs a source lists (archiver.sources) and for the links
of a post an article shows (archiver.compare, archiver.verify). Pure functions."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

#: Query parameters that only say where a reader came from — analytics, ad clicks, mail
#: campaigns, shares — never which article: removed from every listed URL, with its
#: fragment, so that one article is one URL (and one row). Matched without regard to case;
#: every `utm_*` too. Other parameters stay: they may select the article (`?p=123`).
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
    "_hsmi", "mkt_tok", "vero_id", "oly_anon_id", "oly_enc_id", "wickedid", "ref_src", "ocid",
    "cmpid", "xtor", "at_medium", "at_campaign", "smid", "wt.mc_id",
})
TRACKING_PREFIXES = ("utm_",)
#: Share parameters of one site's own links, which elsewhere may select something: X's
#: ?s=20&t=… on a status link, YouTube's ?si=…, Facebook's mibextid.
SITE_TRACKING = {
    "x.com": frozenset({"s", "t", "ref_url"}), "twitter.com": frozenset({"s", "t", "ref_url"}),
    "youtube.com": frozenset({"si", "feature"}), "youtu.be": frozenset({"si", "feature"}),
    "facebook.com": frozenset({"mibextid", "rdid", "sfnsn"}),
}


def _site(host: str) -> frozenset:
    host = host.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    for prefix in ("www.", "mobile.", "m."):
        host = host.removeprefix(prefix)
    return SITE_TRACKING.get(host, frozenset())


def _tracking(parameter: str, site: frozenset = frozenset()) -> bool:
    name = unquote_plus(parameter.split("=", 1)[0]).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES) or name in site


@lru_cache(maxsize=8192)  # a post's links are read for every quote of it
def without_tracking(url: str) -> str:
    """`url` without its tracking parameters (TRACKING_PARAMETERS, and its site's own
    share parameters, SITE_TRACKING) and its fragment, the other parameters kept as
    written, in their order; `url` itself when it has neither."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    site = _site(parts.netloc)
    if "#" not in url and not any(_tracking(p, site) for p in parts.query.split("&")):
        return url
    query = "&".join(p for p in parts.query.split("&") if p and not _tracking(p, site))
    return urlunsplit(parts._replace(query=query, fragment=""))
