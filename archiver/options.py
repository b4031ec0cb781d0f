"""Option types the commands share (click)."""

from __future__ import annotations

import click


class Count(click.ParamType):
    """A whole number from `low` up (--limit, --workers), said as one in its errors
    (click's IntRange says "'x' is not a valid integer range", "0 is not in the range
    1<=x<=9223372036854775807")."""

    name = "N"

    def __init__(self, low: int = 1, high: int = 2**63 - 1):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            try:
                if "_" in text:  # (Python's 1_000, which no user means)
                    raise ValueError(text)
                number = int(text, 10)
            except ValueError:
                self.fail(f"{value!r} is not a whole number", param, ctx)
        if number < self.low:
            self.fail(f"{number}: it must be at least {self.low}", param, ctx)
        if number > self.high:
            self.fail(f"{number}: it must be at most {self.high}", param, ctx)
        return number
