"""The extractor on pages it was not written from (tests/pages/unseen/README.md): each
page's posts as GOLD.json decided them before the extractor ran."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from archiver.extract import extract

UNSEEN = Path(__file__).parent / "pages" / "unseen"
GOLD = json.loads((UNSEEN / "GOLD.json").read_text(encoding="utf-8"))
FIELDS = ("post_id", "handle", "author_name", "date", "shown_date", "text", "lang", "media",
          "kind")


def _folded(value):
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def _pair(gold_posts: list[dict], found: list[dict]) -> tuple[list, list]:
    """(gold post, found post or None) pairs, and the found posts no gold post took: a
    post is matched by its id, or (without one) by its handle, the candidate agreeing on
    most decided fields first."""
    used: set[int] = set()
    pairs = []
    for want in gold_posts:
        candidates = [i for i, got in enumerate(found) if i not in used and (
            (want.get("post_id") is not None and got["post_id"] == want["post_id"])
            or (want.get("post_id") is None and got["post_id"] is None
                and (got["handle"] or "").lower() == (want.get("handle") or "").lower()))]
        if not candidates:
            pairs.append((want, None))
            continue
        best = max(candidates, key=lambda i: sum(
            found[i].get(f) == want[f] for f in FIELDS if f in want))
        used.add(best)
        pairs.append((want, found[best]))
    return pairs, [got for i, got in enumerate(found) if i not in used]


def test_the_held_out_set_is_whole():
    assert len(GOLD) == 102 and sum(len(entry["posts"]) for entry in GOLD) == 157
    for entry in GOLD:
        assert (UNSEEN / entry["file"]).is_file(), entry["file"]


@pytest.mark.parametrize("entry", GOLD, ids=[e["file"] for e in GOLD])
def test_a_page_nobody_wrote_the_rules_from(entry, caplog):
    data = (UNSEEN / entry["file"]).read_bytes()
    with caplog.at_level(logging.WARNING, logger="archiver"):
        found = [embed.to_json() for embed in extract(data, entry["file"])]
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    pairs, extra = _pair(entry["posts"], found)
    problems = []
    for want, got in pairs:
        name = want.get("post_id") or "@" + str(want.get("handle"))
        if got is None:
            problems.append(f"missed {name}")
            continue
        for field in FIELDS:
            if field not in want:
                continue
            expected, actual = want[field], got.get(field)
            if field == "text" and entry.get("ws_text"):
                expected, actual = _folded(expected), _folded(actual)
            if expected != actual:
                problems.append(f"{name} {field}: expected {expected!r}, got {actual!r}")
    for got in extra:
        if got["post_id"] in entry.get("optional", ()):
            continue
        if got["post_id"] is None and entry.get("optional_text_posts"):
            continue
        problems.append(f"reported, not shown: {got['post_id']} @{got['handle']} ({got['kind']})")
    assert not problems, (entry["imitates"], problems)
