"""The few exceptions that stop a caller.

What the outside world does to us (a 404, a timeout, malformed HTML) is an outcome
recorded as data, not an exception. These are for stopping::

    ArchiverError
     ├── ArchiveOpenError    the archive file cannot be opened, migrated or written
     │    ├── ArchiveMissingError   a command that only reads found no archive at the path
     │    ├── NotAnArchiveError     the file at the path is no archive (another database)
     │    └── ArchiveWriteError     a write failed: the disk is full, or will not be written
     └── UsageError          a request the library cannot carry out as asked (bad date…)

    Interrupted              (a BaseException) SIGINT: the work under way was cut short
"""


class ArchiverError(Exception):
    """Base class of every exception this package raises on purpose."""


class RenderUnavailable(ArchiverError):
    """Rendering cannot work here: Playwright or Chromium is missing, or will not start."""


class ArchiveOpenError(ArchiverError):
    """The archive cannot be opened, migrated or written."""


class ArchiveMissingError(ArchiveOpenError):
    """There is no archive where one was to be read (reading never creates one)."""


class NotAnArchiveError(ArchiveOpenError):
    """The file is there, but it is no archive: an empty file, not SQLite at all, or a
    SQLite database this tool never started (see store.archive_problem). Nothing is
    written to it: every command refuses it, `migrate` included."""


class ArchiveWriteError(ArchiveOpenError):
    """A write to the archive (or to the run's lock file) failed: the disk or the
    archive's size limit is full, the disk gave an I/O error, or the file is read-only.

    The transaction under way was rolled back: the archive holds every write that
    completed before it, and nothing of the one that failed. Work stops here: every later
    write would fail the same way.

    `kind` says which, for the advice that fits: "full" (the disk, or the archive's size
    limit; an I/O error is said the same), "read_only" (the file), "folder" (its folder,
    where SQLite keeps its -wal and -shm files), "damaged" (SQLite found the file
    corrupt: store.raise_if_damaged).
    """

    def __init__(self, message: str, kind: str = "full"):
        super().__init__(message)
        self.kind = kind


class UsageError(ArchiverError):
    """An argument the library cannot work with, such as an invalid date."""


class TimeUp(ArchiverError):
    """The run's time was up before an article's page was read whole (or asked for): as
    for an article whose turn came after the run's end, nothing of it is recorded and the
    next run reads it."""


class HostResting(TimeUp):
    """The article's host asked not to be asked again before a time (a 429's Retry-After)
    and this run has not reached it: its page was not asked for, nothing of it is
    recorded, and a later run reads it. `host` names the site, `detail` says until when."""

    def __init__(self, detail: str, host: str):
        super().__init__(detail)
        self.detail, self.host = detail, host


class Interrupted(BaseException):
    """The work under way was cut short by an interrupt (SIGINT, Ctrl-C), not by anything
    the outside world did: a request stopped by it is no outcome of the site, so nothing
    of it is recorded (a failed fetch stored for it would be false evidence: "too slow",
    "X did not answer"), and the next run asks again.

    A BaseException, as KeyboardInterrupt is: no `except Exception` that keeps a run going
    past one article's or one post's failure may take it for that failure.
    """


#: The signal that stopped this process, as an interrupt: SIGINT (Ctrl-C, 2) unless a
#: supervisor's SIGTERM (15: systemd, `timeout`, `kill`) did. A command stopped by it
#: exits 128 + its number (130, 143), as a shell reports it.
STOPPED_BY = {"signal": 2}


def interrupt_exit_status() -> int:
    return 128 + STOPPED_BY["signal"]


def stop_on_sigterm() -> None:
    """Make SIGTERM stop the work under way as SIGINT does (a KeyboardInterrupt in the
    main thread): what finished is kept and said, the runs row says 'interrupted', where
    the default action ended the process with nothing said and the row left unfinished."""
    import signal

    def terminated(signum, _frame):
        STOPPED_BY["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminated)

