"""Keeping Python's cyclic garbage collector out of the way of bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen = False  # freeze_long_lived has run in this process


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of a bulk job.

    An import builds millions of small objects (cells, records, names, rows)
    that all live until it ends. The collector's full passes over them cost
    about a fifth of a 50,000-row import and free nothing: reference counting
    still frees everything as usual. The collector is switched back on (if it
    was on) however the job ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_long_lived() -> None:
    """Leave the objects alive now out of every later full collection.

    Called once the app has started (gc.freeze): its ~100,000 start-up objects (modules,
    classes, styles, the docket's widgets) live until it quits, yet each full collection walked
    them all again, ~150 ms on the UI thread every few page flips on a two-core machine, the
    longest stall a clerk felt while paging or typing. Textual's drawing leaves cycles behind
    (a cleared cache's linked entries, a line cached on itself), so the collector stays on and
    still frees those; only the start-up set is no longer walked.

    Once per process, and without a full collection first (that would be the very stall this
    avoids): whatever start-up garbage is frozen with it stays, once. A second app in the same
    process (the tests run hundreds) freezes nothing more, so no app's leftovers are kept.
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
