"""Session lock: after an idle time the app hides every case behind a sign-in screen.

The idle time is 30 minutes by default; COURTSCREEN_LOCK_MINUTES changes it
(0 turns the lock off, e.g. on a desk that locks itself). While locked nothing
of the case underneath shows: the lock screen is opaque and the case screens
stay where they were.

Signing in again:
- PostgreSQL: the app closes every connection when it locks (the database
  session ends), and reconnects with the person's own credentials: the password
  typed here, or libpq's usual ways (~/.pgpass, PGPASSWORD, a client
  certificate) when left empty. The new session must be the same login.
- SQLite has no credentials: the person types their name to go on. This only
  hides the screen from passers-by; anyone at the desk can do the same.
"""

from __future__ import annotations

import os
import time

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

DEFAULT_MINUTES = 30.0
ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


def lock_minutes() -> float:
    raw = os.environ.get("COURTSCREEN_LOCK_MINUTES", "").strip()
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_MINUTES
    except ValueError:
        return DEFAULT_MINUTES


class IdleWatch:
    """Notes the user's last key or click and locks the app when they have been away too long."""

    def __init__(self, app, minutes: float | None = None, clock=time.monotonic):
        self.app = app
        self.seconds = (lock_minutes() if minutes is None else minutes) * 60
        self.clock = clock
        self.last = clock()
        self.locked = False

    def start(self) -> None:
        if self.seconds > 0:
            self.app.set_interval(min(30.0, max(self.seconds / 4, 0.05)), self.check)

    def touch(self, event) -> None:
        if isinstance(event, ACTIVITY):
            self.last = self.clock()

    def check(self) -> None:
        if not self.locked and self.seconds > 0 and self.clock() - self.last >= self.seconds:
            self.lock()

    def lock(self) -> None:
        self.locked = True
        engine = getattr(self.app, "engine", None)
        if engine is not None and engine.dialect.name == "postgresql":
            engine.dispose()  # end the database session: signing in again opens a new one
        self.app.push_screen(SessionLock(self), self._unlocked)

    def _unlocked(self, _result=None) -> None:
        self.locked = False
        self.last = self.clock()


class SessionLock(ModalScreen[bool]):
    """Opaque: nothing of the screens underneath shows through."""

    DEFAULT_CSS = """
    SessionLock { background: $background; align: center middle; }
    SessionLock > Vertical { width: 64; height: auto; border: thick $primary; padding: 1 2; }
    SessionLock #lock-problem { color: $error; }
    """
    BINDINGS = [("escape", "nothing", "")]  # Escape must not uncover the case

    def __init__(self, watch: IdleWatch):
        super().__init__()
        self.watch = watch

    @property
    def postgres(self) -> bool:
        engine = getattr(self.app, "engine", None)
        return engine is not None and engine.dialect.name == "postgresql"

    def compose(self) -> ComposeResult:
        user = self.app.access.user if getattr(self.app, "access", None) else self.app.settings.user
        with Vertical():
            yield Label("[b]courtscreen is locked[/b]")
            yield Static(f"Locked after {self.watch.seconds / 60:g} idle minutes; case data is hidden.")
            if self.postgres:
                yield Static(f"Sign in again as {user}: your database password (leave empty to use "
                             "~/.pgpass or PGPASSWORD).")
                yield Input(password=True, placeholder="password", id="lock-secret")
            else:
                yield Static(f"Type your name ({user}) to go on.")
                yield Input(placeholder="your name", id="lock-secret")
            yield Static("", id="lock-problem")
            yield Button("Sign in", id="unlock", variant="primary")

    def action_nothing(self) -> None:
        pass

    @on(Input.Submitted, "#lock-secret")
    @on(Button.Pressed, "#unlock")
    def _submit(self) -> None:
        secret = self.query_one("#lock-secret", Input).value
        self.query_one("#lock-problem", Static).update("Checking…")
        self.sign_in(secret)

    @work(thread=True, exclusive=True, group="unlock")
    def sign_in(self, secret: str) -> None:
        problem = self._check(secret)
        self.app.call_from_thread(self._done, problem)

    def _check(self, secret: str) -> str:
        app = self.app
        user = app.access.user if getattr(app, "access", None) else app.settings.user
        if not self.postgres:
            same = secret.strip().lower() == user.lower()
            return "" if same else "That is not the name you signed in with."
        import sqlalchemy as sa

        from courtscreen.store.database import make_engine

        old = app.engine
        if old.url.password and secret != old.url.password:  # the URL's password must be typed again
            return "That is not your database password."
        url = old.url.set(password=secret) if secret else old.url
        try:
            engine = make_engine(url.render_as_string(hide_password=False))
            with engine.connect() as conn:
                login = conn.execute(sa.text("SELECT session_user")).scalar()
        except sa.exc.SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", exc)).strip().splitlines()
            return f"Could not sign in: {first[0] if first else type(exc).__name__}"
        if login != (old.url.username or login):
            engine.dispose()
            return f"That signed in as {login!r}, not as you; nothing was opened."
        if engine is not old:
            app.engine = engine
            old.dispose()
        return ""

    def _done(self, problem: str) -> None:
        if problem:
            self.query_one("#lock-problem", Static).update(problem)
            self.query_one("#lock-secret", Input).value = ""
            return
        self.dismiss(True)
