"""The direction text is drawn in (the Unicode Bidirectional Algorithm, UAX #9): what a
quote's direction characters, or the markup kept as them (archiver.extract.html's
_direction_of), do to its words that the post's do not. Shared by the verdicts of
embeds (archiver.verify) and of prose quotes (archiver.quotes)."""

from __future__ import annotations

import unicodedata


#: The characters that steer the Unicode Bidirectional Algorithm: marks (LRM, RLM, ALM),
#: embeddings, overrides and their PDF, isolates and their PDI.
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")
_NO_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def drawn(text: str) -> str:
    """`text` in the order a screen draws it, line by line (UAX #9, each line's direction
    from its first strong letter, as X's dir=auto), its direction characters left out."""
    from bidi import get_display

    return "\n".join(get_display(line).translate(_NO_CONTROLS) for line in text.split("\n"))


def direction_change(quoted: str, post: str) -> str | None:
    """What a quote's direction characters (or the markup kept as them) do that the post's
    do not, in words, or None: the code points are the post's, but not what a reader sees
    (the comparison of words drops the invisible characters themselves)."""
    ours = overridden_runs(quoted)
    theirs = [_run_key(run) for _s, _e, run in overridden_runs(post)] if ours else []
    # (the post's own override, however the copy ends its run: without its invisible
    # PDF, or cut with "…")
    turned = [run for run in ours if not any(_run_key(run[2]) in their for their in theirs)]
    if turned:
        # a right-to-left override draws "1234 USD by Friday" as "yadirF yb DSU 4321"
        _start, _end, run = turned[0]
        shown_run = run[1:].rstrip("\u202c")
        return (f"holds an invisible {'right-to-left' if run[0] == RLO else 'left-to-right'} "
                f"override (U+{ord(run[0]):04X}, as a character or as markup such as <bdo>) "
                f"the post does not: “{shown_run}” is drawn in reverse")
    reordering = reordering_controls(quoted, post)
    if reordering:
        # embeddings, isolates, marks: "Final score: ⟨RLE⟩3 - 1⟨PDF⟩" is drawn "1 - 3"
        return (f"holds invisible direction characters the post does not "
                f"({', '.join(f'U+{ord(c):04X}' for c in reordering)}, as characters or as "
                "markup such as dir=\"rtl\"), which draw its words in another order than "
                "the post's")
    return None


def reordering_controls(quoted: str, post: str) -> list[str]:
    """The direction characters of a quote that the post does not hold, when they draw
    its words in another order than they are drawn without them; [] otherwise. (A mark a
    site adds that changes nothing drawn is no change.)"""
    own = [c for c in dict.fromkeys(quoted) if c in BIDI_CONTROLS]
    extra = [c for c in own if quoted.count(c) > post.count(c)]
    if not extra:
        return []
    moved = [line for line in quoted.split("\n") if any(c in BIDI_CONTROLS for c in line)
             and drawn(line) != drawn(line.translate(_NO_CONTROLS)) and _moves_words(line)]
    return extra if moved else []


#: The controls that open a run (embeddings, overrides, isolates) and those that close it.
_OPENERS, _CLOSERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068", "\u202c\u2069"


def _moves_words(line: str) -> bool:
    """Whether a line's direction characters move its words, not only set a number or a
    name the right way round: in a left-to-right line any change of what is drawn does
    ("Final score: ⟨RLE⟩3 - 1⟨PDF⟩" drawn "1 - 3"); in a right-to-left one, a run they
    open over right-to-left words does ("من ⟨LRE⟩120 إلى 80⟨PDF⟩"), while one over a
    phone number or a handle (a site's fix: "⟨LRO⟩+1 555 0100⟨PDF⟩") does not."""
    strong = next((unicodedata.bidirectional(c) for c in line
                   if unicodedata.bidirectional(c) in ("L", "R", "AL")), "L")
    if strong == "L":
        return True
    depth, inside = 0, False
    for c in line:
        if c in _OPENERS:
            depth += 1
        elif c in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth and unicodedata.bidirectional(c) in ("R", "AL"):
            inside = True
    return inside


def _run_key(run: str) -> str:
    return run.rstrip(PDF + " .…").rstrip()


LRO, RLO, PDF = "\u202d", "\u202e", "\u202c"
#: The bidi classes an override turns around: letters written left to right and digits
#: under a right-to-left override, right-to-left letters under a left-to-right one.
_TURNED = {RLO: frozenset({"L", "EN", "AN"}), LRO: frozenset({"R", "AL"})}


def overridden_runs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, run) of each bidi override in `text` that changes what is drawn: the
    run from the override to its PDF (or a line's end) holds characters it turns around.
    An override over text that runs its way already changes nothing visible."""
    runs = []
    if RLO not in text and LRO not in text:  # (nearly every text: one look each)
        return runs
    for start, ch in enumerate(text):
        if ch not in _TURNED:
            continue
        end = start + 1
        while end < len(text) and text[end] not in (PDF, "\n", "\u2029", LRO, RLO):
            end += 1
        if end < len(text) and text[end] == PDF:
            end += 1
        if any(unicodedata.bidirectional(c) in _TURNED[ch] for c in text[start + 1:end]):
            runs.append((start, end, text[start:end]))
    return runs
