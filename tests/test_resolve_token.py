"""The syndication token against vectors computed with Node's own Number#toString(36)."""

import csv
from pathlib import Path

import pytest

from archiver.resolve.token import js_number_to_string, syndication_token

VECTORS = Path(__file__).parent / "pages" / "x" / "token_and_snowflake_vectors.tsv"
with open(VECTORS, encoding="utf-8") as _f:
    ROWS = list(csv.DictReader(_f, delimiter="\t"))


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_token_matches_javascript(row):
    assert syndication_token(row["id"]) == row["syndication_token"]


@pytest.mark.parametrize(
    "value, radix, expected",
    [
        (0.5, 2, "0.1"),
        (255.0, 16, "ff"),
        (-255.5, 16, "-ff.8"),
        (0.1, 10, "0.1"),
        (1e21, 36, "5v1j4f4ds7c000"),
        (2**53 + 2.0, 2, "1" + "0" * 51 + "10"),
        (3.0, 36, "3"),
    ],
)
def test_js_number_to_string_known_values(value, radix, expected):
    assert js_number_to_string(value, radix) == expected
