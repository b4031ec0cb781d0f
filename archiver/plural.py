"""Counts said in words: `1 post`, `3 posts`, `0 posts`, never `1 posts`."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None, *, grouped: bool = False) -> str:
    """`n` and `noun` in the number `n` takes (`plural`, default noun + "s"); `grouped`
    writes the number with thousands separators (1,234)."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {noun if n == 1 else plural or noun + 's'}"


#: Where a misquote in an article's own prose is (`misquotes_said`), on one article's
#: page and report, and across articles.
IN_THE_PROSE = "the article's prose"
IN_PROSE = "articles' prose"


def misquotes_said(total: int, prose: int = 0, where: str = IN_THE_PROSE, *,
                   zero: str = "no misquote", grouped: bool = False) -> str:
    """How many misquotes, those in an article's own prose (quote_claims 'altered') told
    apart from the embeds': `2 misquotes (1 in the article's prose)`, `1 misquote (in the
    article's prose)`, `3 misquotes`; `zero` for none. The pages, the report and `archiver
    verify` say it so."""
    if not total:
        return zero
    said = f"{total:,}" if grouped else str(total)
    said += " misquote" + ("" if total == 1 else "s")
    if prose:
        number = f"{prose:,}" if grouped else str(prose)
        said += f" (in {where})" if prose == total else f" ({number} in {where})"
    return said


#: A faithful excerpt whose detail notes what a cut takes (quotes.cuts_to_read): no
#: misquote, but to be read. The served /misquotes page lists them under this heading.
CUTS_TO_READ = "Cuts to read"


def cuts_to_read_said(n: int, *, lead: str = "", grouped: bool = False) -> str:
    """How many cuts to read, after `lead` (`, 2 cuts to read`); "" for none: a summary
    says them only when there are any."""
    if not n:
        return ""
    return lead + counted(n, "cut", grouped=grouped) + " to read"
