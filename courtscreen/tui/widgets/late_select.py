"""A Select that may be mounted late, while the app is closing.

The docket mounts its filter row right after the first page of cases is shown. A clerk who
quits at that moment (or a test that ends there) tears the Select's children down between its
compose and its mount, and Textual's Select then fails looking for its option list or its label
(NoMatches: SelectOverlay, '#label'), a traceback on the way out. Textual's own Select already
treats a missing overlay as "the widget has likely been removed" in its other handlers; this
does the same in its mount-time set-up, and only while the app is closing.
"""

from __future__ import annotations

from contextlib import contextmanager

from textual.css.query import NoMatches
from textual.widgets import Select


@contextmanager
def _unless_closing(widget):
    try:
        yield
    except NoMatches:
        if not getattr(widget.app, "closing", False):
            raise  # a missing part while the app runs is a real bug


class LateSelect(Select):
    def _setup_options_renderables(self) -> None:
        with _unless_closing(self):
            super()._setup_options_renderables()

    def _init_selected_option(self, hint=Select.NULL) -> None:
        with _unless_closing(self):
            super()._init_selected_option(hint)
