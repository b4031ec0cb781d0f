"""UTC timestamps in one format for every *_at column: 2026-11-24T23:05:00Z."""

from datetime import datetime, timezone


def utc_now() -> str:
    """The current UTC time, ISO-8601, second precision, with a Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
