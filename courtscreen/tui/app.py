"""The courtscreen Textual app: the docket worklist and what hangs off it.

The app receives its settings and database engine from outside (run_app, or a
test building it on a temporary database); nothing here creates an engine at
import time. Every database call runs in a thread worker so the screen never
freezes, and every error becomes a message on screen, never a traceback.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from textual.app import App
from textual.binding import Binding

from courtscreen.config import Settings
from courtscreen.tui.commands import CourtscreenCommands
from courtscreen.tui.screens.docket import DocketScreen

DARK, LIGHT = "textual-dark", "textual-light"


class CourtscreenApp(App):
    """Screen a court docket for stalking."""

    TITLE = "courtscreen"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CourtscreenCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Theme"),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, settings: Settings, engine: Engine, import_first: Path | None = None,
                 on_ready=None, today: date | None = None):
        super().__init__()
        self.today = today or date.today()  # fixed by tests so "upcoming" does not drift
        self.settings = settings
        self.engine = engine
        self.import_first = import_first
        self.on_ready = on_ready  # called once the first page of cases is on screen (benchmarks)
        self.theme = DARK

    def on_mount(self) -> None:
        self.sub_title = self.settings.user
        self.push_screen(DocketScreen())
        if self.import_first is not None:
            from courtscreen.tui.screens.import_dialog import ImportDialog

            self.push_screen(ImportDialog(initial_path=str(self.import_first)))

    def action_help(self) -> None:
        from courtscreen.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_import(self) -> None:
        from courtscreen.tui.screens.import_dialog import ImportDialog

        self.push_screen(ImportDialog())


def run_app(settings: Settings, import_first: Path | None = None) -> None:
    """Check the database before the screen opens: a bad URL is a message, not a crash."""
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    CourtscreenApp(settings, engine, import_first=import_first).run()
