"""A pause of Python's cyclic garbage collector around work that makes many objects and
no reference cycles."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_cycle_collection():
    """Pause the cyclic garbage collector while a pass builds its records. Reference
    counting frees them all (none is in a cycle); each collection would walk them again,
    which costs more than building them: 3-5x on the verifier's records (bench/verify.py).
    (Not around each page's extraction: measured, a pause per page made the corpus
    slower, 99 against 81 ms, the collection it defers coming right after.) Paused only
    if it ran, and resumed however the work ends. Threads share the switch: one that finds it off
    leaves it for the one that turned it off to turn on again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
