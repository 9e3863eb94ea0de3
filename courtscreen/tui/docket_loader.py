"""Docket pages from the database, off the UI thread, newest request first.

Why not one thread worker per keystroke: a thread cannot be stopped mid-query, so typing
"state of" quickly used to leave eight queries running at once on a two-core machine, each
slowing the others, and every one of them counted the matches and re-read the summary. Here
one thread runs at a time; while it works, later requests replace each other and only the
newest runs next. The table is shown as soon as its page is read; the count of matching cases
follows (and is skipped when the page itself says how many there are, or when the user has
already typed on). After a page flip or a reload the next page is read ahead while the user
reads this one, so "]" shows it at once (not while typing in a filter: a read-ahead would
delay the next keystroke's page). A cached page lives until the docket is reloaded after a
change (DocketScreen.reload(fresh=True)).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from courtscreen.store import worklist

CACHED_PAGES = 8


class PageLoader:
    def __init__(self, screen, page_size: int) -> None:
        self.screen = screen
        self.page_size = page_size
        self._lock = threading.Lock()
        self._wanted = None  # (criteria, offset, generation, count wanted)
        self._busy = False
        self._pages: OrderedDict = OrderedDict()  # (criteria, offset) -> rows
        self._totals: dict = {}  # criteria -> number of matching cases
        self._epoch = 0  # bumped by forget(): a query started before it is not cached

    def forget(self) -> None:
        """The cases changed (a screening, an import): read everything again."""
        with self._lock:
            self._epoch += 1
            self._pages.clear()
            self._totals.clear()

    def request(self, criteria, offset: int, generation: int, count: bool,
                read_ahead: bool = False) -> None:
        with self._lock:
            self._wanted = (criteria, offset, generation, count, read_ahead)
            if self._busy:
                return  # the running thread picks the newest request up when it is done
            self._busy = True
        self.screen.run_worker(self._work, thread=True, group="docket-pages")

    def _next(self):
        with self._lock:
            job, self._wanted = self._wanted, None
            if job is None:
                self._busy = False
            return job

    def _pending(self) -> bool:
        return self._wanted is not None

    def _work(self) -> None:
        engine, call = self.screen.app.engine, self.screen.app.call_from_thread
        while (job := self._next()) is not None:
            criteria, offset, generation, want_count, read_ahead = job
            try:
                rows = self._page(engine, criteria, offset)
                total = self._totals.get(criteria)
                if total is None and offset == 0 and len(rows) < self.page_size:
                    total = len(rows)  # the page is all there is
                call(self.screen.show_page, rows, total, offset, generation)
                if total is None and want_count and not self._pending():
                    epoch = self._epoch
                    total = worklist.count(engine, criteria)
                    if epoch == self._epoch:
                        self._totals[criteria] = total
                    call(self.screen.show_total, total, generation)
                following = offset + self.page_size
                if read_ahead and not self._pending() and (total is None or following < total):
                    self._page(engine, criteria, following)  # read ahead for "]"
            except RuntimeError:  # the app is closing (call_from_thread has no loop to call into)
                with self._lock:
                    self._busy = False
                return
            except Exception as exc:  # the database went away, a bad query: say so, keep running
                try:
                    call(self.screen.show_error, f"Could not read the docket: {exc}")
                except RuntimeError:
                    with self._lock:
                        self._busy = False
                    return

    def _page(self, engine, criteria, offset: int):
        key = (criteria, offset)
        with self._lock:
            rows = self._pages.get(key)
            if rows is not None:
                self._pages.move_to_end(key)
                return rows
            epoch = self._epoch
        rows = worklist.page(engine, criteria, offset, self.page_size)
        with self._lock:
            if epoch != self._epoch:
                return rows  # read before the cases changed: shown once at most, never kept
            self._pages[key] = rows
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        return rows
