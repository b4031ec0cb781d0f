"""Stage 5: occurrences of one post become one Embed; different claims stay apart."""

from __future__ import annotations

from lxml import etree

from ..dates import numeric_readings, parse_shown_date
from ..ids import clean_handle, snowflake_date
from ..models import Embed
from .occurrence import Occurrence


def _outer_html(el) -> str:
    return etree.tostring(el, encoding="unicode", method="html", with_tail=False)


def merge(occurrences: list[Occurrence], source: str, *, markup: bool = True
          ) -> tuple[Embed, ...]:
    """Occurrences of one post become one Embed; different rich claims stay apart.
    markup=False: no Embed.raw (a caller that never shows it is spared serialising
    every embed's markup: 16,000 of them take 60-70 ms)."""
    groups: list[list[Occurrence]] = []
    by_id: dict[str, list[list[Occurrence]]] = {}
    for occ in occurrences:
        if occ.post_id is None:
            groups.append([occ])
            continue
        candidates = by_id.setdefault(occ.post_id, [])
        target = None
        for group in candidates:
            lead = _lead(group)
            if not occ.rich or not lead.rich or _same_claim(lead, occ):
                target = group
                break
        if target is None:
            target = []
            candidates.append(target)
            groups.append(target)
        target.append(occ)
    if by_id and len(groups) > len(by_id):
        groups = _join_copies(groups)
    embeds = [_embed_of(group, source, markup) for group in groups]
    embeds.sort(key=lambda e: e.positions[0])
    return tuple(embeds)


def _join_copies(groups: list[list[Occurrence]]) -> list[list[Occurrence]]:
    """A copy without an id (an embed's text as plain text) of a post the page also shows
    with its id — the same handle, date and text — is that post (X-FORMATS §1.10): one
    Embed, the copy's position among its positions."""
    shown: dict[tuple, list[Occurrence]] = {}
    for group in groups:
        lead = group[0] if len(group) == 1 else _lead(group)
        if lead.post_id is not None and lead.rich:
            shown.setdefault(_claim_key(lead), group)
    if not shown:
        return groups
    kept = []
    for group in groups:
        lead = group[0]
        if len(group) == 1 and lead.post_id is None and lead.rich:
            target = shown.get(_claim_key(lead))
            if target is not None:
                target.append(lead)
                continue
        kept.append(group)
    return kept


def _claim_key(occ: Occurrence) -> tuple:
    return ((occ.handle or "").lower(), " ".join((occ.shown_date or "").split()),
            " ".join((occ.text or "").split()), occ.media)


def _lead(group: list[Occurrence]) -> Occurrence:
    return next((o for o in group if o.rich), None) or next(
        (o for o in group if o.kind == "embed"), group[0]
    )


def _same_claim(a: Occurrence, b: Occurrence) -> bool:
    return (a.text, a.author_name, a.media) == (b.text, b.author_name, b.media)


def _markup(raw, markup: bool) -> str | None:
    if not markup or raw is None:
        return None
    return raw if isinstance(raw, str) else _outer_html(raw)


def _one_reading(shown: str | None) -> str | None:
    """The date a date in numbers alone is, when it can be read one way only ("14.11.2025";
    not "11.10.2025", day or month first)."""
    readings = numeric_readings(shown)
    return readings[0] if len(readings) == 1 else None


def _embed_of(group: list[Occurrence], source: str, markup: bool = True) -> Embed:
    if len(group) == 1:  # most posts occur once: no searches of the group
        lead = group[0]
        handle, kind, positions = lead.handle, lead.kind, (lead.position,)
    else:
        lead = _lead(group)
        handle = lead.handle if lead.handle_shown else None
        handle = handle or next((o.handle for o in group if o.handle_shown), None)
        handle = handle or lead.handle or next((o.handle for o in group if o.handle), None)
        kind = "embed" if any(o.kind == "embed" for o in group) else lead.kind
        positions = tuple(sorted(o.position for o in group))
    date = snowflake_date(lead.post_id) if lead.post_id else None
    return Embed(
        source=source,
        kind=kind,
        form=lead.form,
        positions=positions,
        post_id=lead.post_id,
        handle=clean_handle(handle),
        author_name=lead.author_name,
        date=date or parse_shown_date(lead.shown_date) or _one_reading(lead.shown_date),
        shown_date=lead.shown_date,
        text=lead.text,
        lang=lead.lang,
        media=lead.media,
        raw=_markup(lead.raw, markup),
    )
