"""A line on the docket when linking people is owed (issue 15).

An import commits its cases first and links their parties after, in a transaction that
stamps the import as linked (store.people.linking_owed). A linking killed half-way, or an
import made with --no-link, leaves the stamp empty: the repeat-party flags and the "same
people in other cases" summaries then miss those cases. At start-up the app checks, and if
linking is owed the docket says so and how to resume it from the app. The line goes once the
linking is done (checked again every few seconds while it is shown).
"""

from __future__ import annotations

from textual.widgets import Static

RECHECK_SECONDS = 5.0


def owed_text(count: int) -> str:
    return (f"Linking people is owed for {count} import(s) (interrupted or skipped): repeat-party "
            "flags may be missing. Resume it: ctrl+p → “Link people across cases”.")


class LinkingOwedLine(Static):
    DEFAULT_CSS = """
    LinkingOwedLine { background: $warning 30%; padding: 0 1; height: auto; }
    """

    def __init__(self, count: int) -> None:
        super().__init__(owed_text(count), id="linking-owed")

    def on_mount(self) -> None:
        self.set_interval(RECHECK_SECONDS, self._recheck)

    def _recheck(self) -> None:
        self.run_worker(self._count, thread=True, exclusive=True, group="linking-owed")

    def _count(self) -> None:
        from courtscreen.store.people import linking_owed

        try:
            n = len(linking_owed(self.app.engine))
        except Exception:  # a database hiccup: keep the line as it is
            return
        self.app.call_from_thread(self._show, n)

    def _show(self, n: int) -> None:
        if n:
            self.update(owed_text(n))
        else:
            self.remove()


def show_linking_owed(app) -> None:
    """Check (in a thread) whether linking is owed; if so, put the line on the docket."""

    def check() -> None:
        from courtscreen.store.people import linking_owed

        try:
            n = len(linking_owed(app.engine))
        except Exception:  # an unreadable database is reported by the docket itself
            return
        if n:
            app.call_from_thread(_mount, app, n)

    app.run_worker(check, thread=True, group="linking-owed")


def _mount(app, n: int) -> None:
    from courtscreen.tui.screens.docket import DocketScreen

    for screen in app.screen_stack:
        if isinstance(screen, DocketScreen) and not screen.query("#linking-owed"):
            screen.mount(LinkingOwedLine(n), before=screen.query_one("#cases"))
            return
