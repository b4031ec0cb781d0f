"""Checking what a post source answers before it is believed.

An answer is parsed into `Parsed(outcome, post, signal, detail)`. Besides "ok",
"unavailable" and "outage", a source can give a "bad_answer": well-formed JSON that is
not a trustworthy answer for the asked post. Its signal says why:

- `id_mismatch`: the answer is for another post than the one asked (a retweet answers
  with the original's id);
- `bad_field`: a field is present with the wrong JSON type (text as a number, user.id_str
  as an object, a list where an object belongs), or a required one is missing;
- `bad_json`: JSON whose shape is no answer at all (a list or a number at the top, an
  oEmbed answer without a post blockquote).

A bad answer is stored as evidence and never becomes a version of the post, nor changes
its status. The readers below raise `BadAnswer` on the first wrong field; absent and null
optional fields are fine.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from ..models import PostData

__all__ = [
    "BadAnswer", "Parsed", "as_list", "is_empty", "json_kind", "load_json", "opt_dict",
    "opt_int_pair", "opt_list", "opt_number", "opt_str", "records",
]


class Parsed(NamedTuple):
    """What one answer body says: outcome, the post (for "ok"), signal and detail."""

    outcome: str  # ok | unavailable | outage | bad_answer
    post: PostData | None = None
    signal: str | None = None
    detail: str | None = None  # one line, for a person


class BadAnswer(Exception):
    """An answer that must not be believed: `signal` (id_mismatch, bad_field, bad_json)
    and `detail`, one line naming the field and what it was."""

    def __init__(self, signal: str, detail: str):
        super().__init__(detail)
        self.signal = signal
        self.detail = detail


def load_json(body: bytes | None) -> tuple[bool, object]:
    """(True, the decoded value), or (False, None) for a body that is not JSON."""
    if body is None:
        return False, None
    try:
        return True, json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False, None


def is_empty(value) -> bool:
    """{}, [], "" or null: what an endpoint gives when it is not answering."""
    return value is None or (isinstance(value, (dict, list, str)) and not value)


def json_kind(value) -> str:
    """The JSON type of a decoded value, as a detail names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _wrong(path: str, value, expected: str) -> BadAnswer:
    return BadAnswer("bad_field", f"{path} is {json_kind(value)}, expected {expected}")


def opt_str(obj: dict, key: str, path: str = "") -> str | None:
    """obj[key] as a string; None when absent or null. Raises BadAnswer otherwise, also
    for a string that is not valid Unicode (a lone surrogate from a \\ud83d escape)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(path + key, value, "a string")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadAnswer("bad_field", f"{path}{key} is a string with a lone surrogate, "
                                         "expected valid Unicode") from None
    return value


def opt_dict(obj: dict, key: str, path: str = "") -> dict:
    """obj[key] as an object; {} when absent or null."""
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _wrong(path + key, value, "an object")
    return value


def opt_list(obj: dict, key: str, path: str = "") -> list:
    """obj[key] as a list; [] when absent, null or {} (2026 payloads write empty entity
    lists as {})."""
    return as_list(obj.get(key), path + key)


def as_list(value, path: str) -> list:
    if value is None or value == {}:
        return []
    if not isinstance(value, list):
        raise _wrong(path, value, "a list")
    return value


def records(items: list, path: str):
    """(index, object) for each element of a list of objects; null elements are skipped."""
    for index, item in enumerate(items):
        if item is None:
            continue
        if not isinstance(item, dict):
            raise _wrong(f"{path}[{index}]", item, "an object")
        yield index, item


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def opt_number(obj: dict, key: str, path: str = "") -> int | float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _wrong(path + key, value, "a number")
    return value


def opt_int_pair(obj: dict, key: str, path: str = "") -> tuple[int, int] | None:
    """obj[key] as [int, int] (display_text_range, indices); None when absent or null."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise _wrong(path + key, value, "two integers")
    if len(value) != 2:
        raise BadAnswer("bad_field",
                        f"{path}{key} is a list of {len(value)}, expected two integers")
    for index, item in enumerate(value):
        if not _is_int(item):
            raise _wrong(f"{path}{key}[{index}]", item, "an integer")
    return value[0], value[1]
