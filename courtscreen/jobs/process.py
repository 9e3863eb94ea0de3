"""The parent side of a long job: start the child process, read its messages, ask it to cancel.

Used by the app (courtscreen.tui.jobs) and usable by any other front end. Secrets (the
database URL) travel on the child's stdin, never on a command line other users could read.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from typing import Any

from courtscreen.jobs import protocol
from courtscreen.jobs.protocol import FINAL_TYPES, Failed, Message

CHILD_MODULE = "courtscreen.jobs.child"


class JobProcess:
    """One job in its own process. on_message is called on a reader thread for every message,
    ending with exactly one final message (result, cancelled or failed) even if the child
    crashes or says something that is not the protocol."""

    def __init__(self, job: str, params: dict[str, Any], on_message: Callable[[Message], None],
                 env: dict[str, str] | None = None) -> None:
        self.job = job
        self.on_message = on_message
        self.finished = threading.Event()
        self.cancel_requested = False
        # A file, not a pipe: a chatty child never blocks. Closed when the child has ended.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(
            [sys.executable, "-m", CHILD_MODULE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._errors, text=True, encoding="utf-8", env=env,
            start_new_session=True,  # Ctrl+C in the terminal is for the app, not the job
        )
        self._write(protocol.start_line(job, params))
        self._reader = threading.Thread(target=self._read, daemon=True, name=f"job-{job}")
        self._reader.start()

    def _write(self, line: str) -> None:
        try:
            self._proc.stdin.write(line + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the child has ended; its final message (or its absence) says how

    def _read(self) -> None:
        final = None
        for line in self._proc.stdout:
            try:
                message = protocol.decode(line)
            except protocol.ProtocolError as exc:
                final = Failed(self.job, "protocol", str(exc))
                break
            if message.type in FINAL_TYPES:
                final = message
                break
            self.on_message(message)
        self._proc.wait()
        if final is None:
            self._errors.seek(0)
            errors = self._errors.read().decode("utf-8", "replace").strip().splitlines()
            final = Failed(self.job, "crashed", f"the {self.job} process ended unexpectedly "
                           f"(exit {self._proc.returncode}): {errors[-1] if errors else 'no message'}")
        with contextlib.suppress(OSError):
            self._proc.stdin.close()
        self._errors.close()
        self.finished.set()
        self.on_message(final)

    def cancel(self) -> None:
        """Ask the child to stop at its next step; it answers "cancelled" (or its result, if the
        work was already saved)."""
        self.cancel_requested = True
        self._write(protocol.cancel_line())

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)
