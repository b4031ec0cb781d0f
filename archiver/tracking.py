"""Tracking parameters: the parts of a URL that say where a reader came from, never what
the URL names. One list, for the URLs a source lists (archiver.sources) and for the links
of a post an article shows (archiver.compare, archiver.verify). Pure functions."""

from __future__ import annotations

from functools import lru_cache
from html import unescape
from urllib.parse import parse_qs, parse_qsl, unquote, unquote_plus, urlsplit, urlunsplit

#: Query parameters that only say where a reader came from — analytics, ad clicks, mail
#: campaigns, shares — never which article: removed from every listed URL, with its
#: fragment, so that one article is one URL (and one row). Matched without regard to case;
#: every `utm_*` (and the other families below) too. Other parameters stay: they may select the article (`?p=123`).
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc",
    "_hsmi", "mkt_tok", "vero_id", "oly_anon_id", "oly_enc_id", "wickedid", "ref_src", "ocid",
    "cmpid", "xtor", "at_medium", "at_campaign", "smid", "wt.mc_id",
    # referral markers sites add to their own links
    "referrer", "referer", "via", "cmp", "ito", "sr_share", "guccounter",
    "guce_referrer", "guce_referrer_sig",
})
#: Parameters that mark a referral on most sites, and name what is shown on some (GitHub's
#: ?ref= a branch, a viewer's ?src= a file): one side's that the other lacks is tracking,
#: two values of one are two links (archiver.tracking.same_address).
REFERRAL_PARAMETERS = frozenset({"ref", "src"})
#: Families of them: Google Analytics (utm_), its in-site twin (itm_), Matomo/Piwik
#: (mtm_, pk_), HubSpot ads (hsa_).
TRACKING_PREFIXES = ("utm_", "itm_", "mtm_", "pk_", "hsa_")
#: Share parameters of one site's own links, which elsewhere may select something: X's
#: ?s=20&t=… on a status link, YouTube's ?si=…, Facebook's mibextid.
SITE_TRACKING = {
    "x.com": frozenset({"s", "t", "ref_url"}), "twitter.com": frozenset({"s", "t", "ref_url"}),
    # (YouTube's t= starts the same video at a moment: where it goes is the same video)
    "youtube.com": frozenset({"si", "feature", "t"}), "youtu.be": frozenset({"si", "feature", "t"}),
    "facebook.com": frozenset({"mibextid", "rdid", "sfnsn"}),
    "forbes.com": frozenset({"sh"}), "substack.com": frozenset({"r"}),
}


def _site(host: str) -> frozenset:
    host = host.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    for prefix in ("www.", "mobile.", "m."):
        host = host.removeprefix(prefix)
    while host:  # the site or the platform it is on (news.example.substack.com)
        found = SITE_TRACKING.get(host)
        if found is not None:
            return found
        host = host.split(".", 1)[1] if host.count(".") > 1 else ""
    return frozenset()


def _tracking(parameter: str, site: frozenset = frozenset(), referral: bool = True) -> bool:
    name = unquote_plus(parameter.split("=", 1)[0]).strip().lower()
    return (name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES) or name in site
            or (referral and name in REFERRAL_PARAMETERS))


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


def idna_host(host: str) -> str:
    """A host in its ASCII (punycode) form, as X's expanded URLs write it."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def link_key(url: str) -> str:
    """Where a link goes, in one form: two links with one key go to the same page. Entities
    and percent-escapes read; no scheme; the host in lower case, ASCII (IDNA) form, without
    "www.", "m." or a default port; no trailing slash; no tracking parameter or fragment.
    Nothing else is forgiven: "/report/12" is not "/report/1"."""
    url = unescape(url.strip())
    route = url.split("#", 1)[1] if "#" in url else ""
    # a fragment that routes a page ("#/report/12", "#!/mayor") names what it shows
    route = "#" + route if route[:1] in ("/", "!") else ""
    url = without_tracking(url)
    lower = url[:8].lower()
    for scheme in ("https://", "http://", "//"):
        if lower.startswith(scheme):
            url = url[len(scheme):]
            break
    cut = min((i for i in (url.find("/"), url.find("?"), url.find("#")) if i != -1),
              default=len(url))
    host, rest = url[:cut], url[cut:]
    host = unquote(host).lower().rstrip(".")
    for port in (":80", ":443"):
        host = host.removesuffix(port)
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    if host == "twitter.com":
        host = "x.com"  # X's own addresses, under either name
    rest = unquote(rest).split("#", 1)[0].rstrip("?")
    path, question, query = rest.partition("?")
    return idna_host(host) + path.rstrip("/") + question + query + unquote(route)


def same_address(a: str, b: str) -> bool:
    """Whether two links go to the same page: one link_key, and the referral parameters
    both carry (REFERRAL_PARAMETERS) of one value."""
    if link_key(a) != link_key(b):
        return False
    try:
        qa, qb = urlsplit(unescape(a.strip())).query, urlsplit(unescape(b.strip())).query
    except ValueError:
        return True
    if not (qa and qb):
        return True
    va, vb = parse_qs(qa), parse_qs(qb)
    return all(va[name] == vb[name] for name in REFERRAL_PARAMETERS
               if name in va and name in vb)


#: Web archives, whose copy of a page is addressed by the page's URL written whole in the
#: path (web.archive.org/web/2020…/https://…): any other site's path holding a URL is
#: that site's page, not the URL's.
WEB_ARCHIVES = frozenset({
    "web.archive.org", "wayback.archive.org", "wayback.archive-it.org", "archive.org",
    "archive.ph", "archive.today", "archive.is", "archive.li", "archive.md", "archive.vn",
    "archive.fo", "arquivo.pt", "webarchive.org.uk", "www.webarchive.org.uk",
    "webarchive.loc.gov", "webarchive.nla.gov.au", "perma.cc", "ghostarchive.org",
    "timetravel.mementoweb.org",
})


def wrapped_links(url: str) -> list[str]:
    """The URLs a link wraps: a click tracker's or redirector's query value that is a URL
    (`l.facebook.com/l.php?u=…`, `google.com/url?q=…`), or, for a web archive's copy
    (WEB_ARCHIVES), the address written whole, with its scheme, in its path
    (`web.archive.org/web/2020…/https://…`)."""
    found = []
    try:
        parts = urlsplit(url)
    except ValueError:
        return found
    for _name, value in parse_qsl(parts.query):
        if value.lower().startswith(("http://", "https://", "www.")):
            found.append(value)
    host = (parts.hostname or "").lower()
    at = max(parts.path.lower().find("/http://"), parts.path.lower().find("/https://"))
    if at != -1 and (host in WEB_ARCHIVES or host.removeprefix("www.") in WEB_ARCHIVES):
        found.append(url[url.find(parts.path) + at + 1:])
    return found
