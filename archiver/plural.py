"""Counts said in words: `1 post`, `3 posts`, `0 posts`, never `1 posts`."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None, *, grouped: bool = False) -> str:
    """`n` and `noun` in the number `n` takes (`plural`, default noun + "s"); `grouped`
    writes the number with thousands separators (1,234)."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {noun if n == 1 else plural or noun + 's'}"
