"""`archiver run --log FILE`: the run's rotating log file."""

from __future__ import annotations

import logging.handlers
import sys

import click


class RunLog(logging.handlers.RotatingFileHandler):
    """run --log: the rotating log file. When it cannot be written (a full disk), that is
    said once on stderr, in one line, the run goes on without it, and it exits 1."""

    def __init__(self, path: str):
        super().__init__(path, maxBytes=10_000_000, backupCount=5, encoding="utf-8")
        self.path = path
        self.failed: str | None = None

    def emit(self, record) -> None:
        if self.failed is None:
            super().emit(record)

    def flush(self) -> None:
        if self.failed is None:
            try:
                super().flush()
            except OSError as exc:
                self._failed(exc)

    def close(self) -> None:
        try:
            super().close()
        except OSError as exc:  # what was still buffered would not go either
            self._failed(exc)

    def handleError(self, record) -> None:  # noqa: N802 - logging's name
        self._failed(sys.exc_info()[1])

    def _failed(self, exc) -> None:
        if self.failed is None:
            reason = getattr(exc, "strerror", None) or exc
            self.failed = f"--log {self.path}: cannot write there ({reason}); the run goes on"
            click.echo(f"archiver: {self.failed}", err=True)
