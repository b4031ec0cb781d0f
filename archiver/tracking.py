"""Tracking parameters: the parts of a URL that say where a reader came from, never what
the URL names. One list, for the URLs a source lists (archiver.sources) and for the links
of a post an article shows (archiver.compare, archiver.verify). Pure functions."""

from __future__ import annotations

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


def _tracking(parameter: str) -> bool:
    name = unquote_plus(parameter.split("=", 1)[0]).strip().lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def without_tracking(url: str) -> str:
    """`url` without its tracking parameters (TRACKING_PARAMETERS) and its fragment, the
    other parameters kept as written, in their order; `url` itself when it has neither."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "#" not in url and not any(_tracking(p) for p in parts.query.split("&")):
        return url
    query = "&".join(p for p in parts.query.split("&") if p and not _tracking(p))
    return urlunsplit(parts._replace(query=query, fragment=""))
