"""The courtscreen Textual app: the docket worklist and what hangs off it.

The app receives its settings and database engine from outside (run_app, or a
test building it on a temporary database); nothing here creates an engine at
import time. Every database call runs in a thread worker so the screen never
freezes, and every error becomes a message on screen, never a traceback.
"""

from __future__ import annotations

import inspect
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches

from courtscreen import clock
from courtscreen.config import Settings
from courtscreen.tui.commands import CourtscreenCommands
from courtscreen.tui.screens.docket import DocketScreen

DARK, LIGHT = "textual-dark", "textual-light"


class CourtscreenApp(App):
    """Screen a court docket for stalking."""

    TITLE = "courtscreen"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CourtscreenCommands}
    # Screens narrower than 100 columns get the class -narrow: forms stack their side-by-side
    # fields into one column there (app.tcss), so each field is wide enough to type in.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False),  # listed in ? and the palette
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, settings: Settings, engine: Engine, import_first: Path | None = None,
                 on_ready=None, today: date | None = None, access=None):
        super().__init__()
        from courtscreen.store.access import access_for

        # Who is working and what their role allows; decided once (run_app refuses strangers first).
        self.access = access or access_for(engine, settings.user, settings.role_overrides)
        self.today = today or clock.today()  # fixed by tests so "upcoming" does not drift
        self.settings = settings
        self.engine = engine
        self.import_first = import_first
        self.on_ready = on_ready  # called once the first page of cases is on screen (benchmarks)
        self.theme = DARK
        from courtscreen.tui.jobs import JobHandler

        self.jobs = JobHandler(self)  # every long job (import, linking) and its messages
        self.base_sub_title = ""
        from courtscreen.tui.screens.session_lock import IdleWatch

        self.idle = IdleWatch(self)  # issue 17: hide case data after an idle time

    async def on_event(self, event) -> None:
        self.idle.touch(event)
        await super().on_event(event)

    def call_from_thread(self, callback, *args, **kwargs):
        """A thread worker's result that arrives while the app is closing finds its screen torn
        down (NoMatches on a widget already removed): it is dropped, as the user, who quit, expects,
        instead of ending the app with a traceback. Any other time a NoMatches is a real bug."""

        async def unless_closing():
            try:
                result = callback(*args, **kwargs)
                return await result if inspect.isawaitable(result) else result
            except NoMatches:
                if not self.closing:
                    raise
                return None

        return super().call_from_thread(unless_closing)

    @property
    def closing(self) -> bool:
        """The app is shutting down (Textual clears its running flag first thing when it does)."""
        return not self._running

    def allowed(self, permission: str, what: str) -> bool:
        """True if the user's role allows it; otherwise say so (who may) and return False."""
        from courtscreen.domain.roles import PermissionDenied, load_roles

        try:
            self.access.require(permission, what, load_roles(self.settings.role_overrides))
        except PermissionDenied as exc:
            self.notify(str(exc), title="Not allowed", severity="warning", timeout=8)
            from courtscreen.store.trail import log_refusal  # issue 17: who tried what, in the trail

            reason = str(exc)
            self.run_worker(lambda: log_refusal(self.engine, self.access.user, what, reason), thread=True,
                            group="audit")
            return False
        return True

    def on_mount(self) -> None:
        role = self.access.role
        self.sub_title = self.settings.user + ("" if role.id == "single-user" else f" · {role.label}")
        self.base_sub_title = self.sub_title  # the job handler adds a job's progress after it
        self.push_screen(DocketScreen())
        self.idle.start()
        if self.import_first is not None:
            from courtscreen.tui.screens.import_dialog import ImportDialog

            self.push_screen(ImportDialog(initial_path=str(self.import_first)))

    def first_page_shown(self) -> None:
        """The docket's first page is on the screen (the moment start-up is measured to).

        Checking whether linking is owed waits until now: its thread loads the linking code
        (~70 ms of imports), which on a two-core machine slowed the first page's query and
        drawing it ran beside."""
        if self.on_ready:
            self.on_ready()
        from courtscreen.tui.widgets.linking_owed import show_linking_owed

        # issue 15: a line on the docket when linking people is owed
        self.call_after_refresh(show_linking_owed, self)

    def action_help(self) -> None:
        from courtscreen.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_people(self) -> None:
        from courtscreen.tui.screens.people import PeopleScreen

        self.push_screen(PeopleScreen(self.engine))

    def on_people_screen_open_case(self, event) -> None:
        from courtscreen.tui.screens.case_view import CaseScreen

        self.push_screen(CaseScreen(event.case_id))

    def refresh_docket(self) -> None:
        """After a job changed the cases: show them (the docket also reloads when resumed)."""
        from courtscreen.tui.screens.docket import DocketScreen

        if isinstance(self.screen, DocketScreen):
            self.screen.action_refresh()

    def action_link_people(self) -> None:
        """Link every party to the same people in other cases, in its own process."""
        if not self.allowed("import", "link people across cases"):
            return
        if any(j.kind in ("import", "link") for j in self.jobs.running):
            self.notify("An import or linking is already running; try again when it is done.",
                        title="Busy", severity="warning")
            return
        job = self.jobs.start("link", {"database_url": self.settings.database_url},
                              "every case")
        self.jobs.to_background(job)

    async def action_quit(self) -> None:
        """Quit; a job still running in its own process finishes and is saved on its own,
        which the terminal says as the app closes."""
        running = [j for j in self.jobs.running if j.kind != "preview"]
        if running:
            names = ", ".join(j.label for j in running)
            self.exit(message=f"Still running in the background: {names}. It finishes and is "
                              "saved on its own; the docket shows it the next time you open it.")
            return
        self.exit()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_import(self) -> None:
        from courtscreen.tui.screens.import_dialog import ImportDialog

        if not self.allowed("import", "import dockets"):
            return
        self.push_screen(ImportDialog())


def run_app(settings: Settings, import_first: Path | None = None) -> None:
    """Check the database before the screen opens: a bad URL is a message, not a crash."""
    from courtscreen.store.access import access_for
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import ensure_schema

    engine = make_engine(settings.database_url)
    try:
        ensure_schema(engine)
        access = access_for(engine, settings.user, settings.role_overrides)  # PermissionDenied: a message
        CourtscreenApp(settings, engine, import_first=import_first, access=access).run()
    finally:
        engine.dispose()  # SQLite folds its write-ahead log into the file as the app closes
