"""Docket pages from the database, off the UI thread, newest request first.

Why not one thread worker per keystroke: a thread cannot be stopped mid-query, so typing
"state of" quickly used to leave eight queries running at once on a two-core machine, each
slowing the others, and every one of them counted the matches and re-read the summary. Here
one thread runs at a time; while it works, later requests replace each other and only the
newest runs next. The table is shown as soon as its page is read; the count of matching cases
follows in a thread of its own, newest filter first in the same way (it is skipped when the
page itself says how many there are), so a count never delays the next keystroke's page. After a page
flip or a reload the next page is read ahead while the user
reads this one, so "]" shows it at once (not while typing in a filter: a read-ahead would
delay the next keystroke's page). A cached page lives until the docket is reloaded after a
change (DocketScreen.reload(fresh=True)).
"""

from __future__ import annotations

import contextlib
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
        self._count_wanted = None  # (criteria, generation) to count next
        self._counting = False

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

    class _Closed(Exception):
        """The app has closed: call_from_thread has no loop to call into."""

    def _call(self, fn, *args) -> None:
        if not self.screen.app.is_running:
            raise self._Closed
        try:
            self.screen.app.call_from_thread(fn, *args)
        except RuntimeError as exc:
            raise self._Closed from exc

    def _work(self) -> None:
        try:
            self._pages_loop()
        except self._Closed:
            with self._lock:
                self._busy = False

    def _pages_loop(self) -> None:
        engine, call = self.screen.app.engine, self._call
        while (job := self._next()) is not None:
            criteria, offset, generation, want_count, read_ahead = job
            try:
                rows = self._page(engine, criteria, offset)
            except Exception as exc:  # the database went away, a bad query: say so, keep running
                call(self.screen.show_error, f"Could not read the docket: {exc}")
                continue
            total = self._totals.get(criteria)
            if total is None and offset == 0 and len(rows) < self.page_size:
                total = len(rows)  # the page is all there is
            call(self.screen.show_page, rows, total, offset, generation)
            if total is None and want_count:
                call(self._count_soon, criteria, generation)  # own thread: never delays a page
            following = offset + self.page_size
            if read_ahead and not self._pending() and (total is None or following < total):
                with contextlib.suppress(Exception):  # the flip itself will say what is wrong
                    self._page(engine, criteria, following)  # read ahead for "]"

    def _count_next(self) -> None:
        """The count thread: the newest filter's count, one at a time, the same way."""
        try:
            self._counts_loop()
        except self._Closed:
            with self._lock:
                self._counting = False

    def _counts_loop(self) -> None:
        while True:
            with self._lock:
                job, self._count_wanted = self._count_wanted, None
                if job is None:
                    self._counting = False
                    return
            criteria, generation = job
            epoch = self._epoch
            try:
                total = worklist.count(self.screen.app.engine, criteria)
            except Exception as exc:  # a message on screen, never a traceback
                self._call(self.screen.show_error, f"Could not count the cases: {exc}")
                continue
            if epoch == self._epoch:
                self._totals[criteria] = total
            self._call(self.screen.show_total, total, generation)

    def _count_soon(self, criteria, generation: int) -> None:
        with self._lock:
            self._count_wanted = (criteria, generation)
            if self._counting:
                return
            self._counting = True
        self.screen.run_worker(self._count_next, thread=True, group="docket-count")

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
