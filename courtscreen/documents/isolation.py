"""Court templates are checked and filled in a worker process, under a time and a size limit.

A court's own template is Jinja code courtscreen did not write: even in the
sandbox a nested loop can run for hours and a string can grow without end.
Each job (a check, or a fill) goes to one long-lived worker process; the parent
waits at most `seconds` for the answer and, when it does not come, ends the
worker (a fresh one takes the next job), so one bad template is reported by
name and never stops another form, the CLI or the app. The worker's address
space is capped (POSIX) and a filled document larger than `max_bytes` is refused.

Bundled forms are ours and are filled in-process (no round trip).
"""

from __future__ import annotations

import atexit
import os
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass

SECONDS = 20.0          # a court template's check (all its trial fills) or one fill
STARTUP_SECONDS = 90.0  # the first job also waits for the worker to import courtscreen
MAX_BYTES = 30_000_000  # a filled DOCX larger than this is refused
MEMORY_BYTES = 3 << 30  # address-space cap of the worker


class TemplateTimeout(Exception):
    """The job did not finish in time (or the worker died); the worker was ended."""


@dataclass(frozen=True)
class Limits:
    seconds: float = SECONDS
    max_bytes: int = MAX_BYTES


def _cap_memory() -> None:
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # Windows, or a stricter limit already set
        pass


def _serve(conn) -> None:
    """The worker's loop: (function name, args) in, ("ok", value) or ("error", message) out."""
    _cap_memory()
    from courtscreen.documents import isolated_jobs
    from courtscreen.documents.render import RenderError

    conn.send(("ready", None))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", getattr(isolated_jobs, name)(*args)))
        except MemoryError:
            conn.send(("error", "filling the template needed more memory than a document may use (a loop "
                                "or a value that grows without end)"))
        except RenderError as exc:  # already names the template and what to do
            conn.send(("error", str(exc)))
        except Exception as exc:  # reported to the parent by name, never a traceback
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    """One worker process (python -m courtscreen.documents.isolation), started on first use, replaced
    after a timeout. A plain subprocess, not multiprocessing: it never re-runs the caller's main module,
    and never forks a process that runs Textual's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._conn = None

    def _start(self) -> None:
        from multiprocessing.connection import Listener

        key = secrets.token_bytes(32)
        with Listener(("127.0.0.1", 0), authkey=key) as listener:
            host, port = listener.address
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            proc = subprocess.Popen([sys.executable, "-m", "courtscreen.documents.isolation", str(port)],
                                    stdin=subprocess.PIPE, env=env)
            proc.stdin.write(key.hex().encode() + b"\n")
            proc.stdin.close()
            listener._listener._socket.settimeout(STARTUP_SECONDS)
            try:
                conn = listener.accept()
                if not conn.poll(STARTUP_SECONDS):
                    raise TimeoutError
                conn.recv()
            except (OSError, EOFError, TimeoutError):
                proc.kill()
                raise TemplateTimeout(f"the template worker did not start within {STARTUP_SECONDS:.0f} s") \
                    from None
        self._proc, self._conn = proc, conn

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(5)
            self._conn.close()
        self._proc = self._conn = None

    def call(self, name: str, args: tuple, seconds: float):
        """Run isolated_jobs.<name>(*args) in the worker; ('ok'|'error', value). TemplateTimeout if slow."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self.stop()
                self._start()
            try:
                self._conn.send((name, args))
                if self._conn.poll(seconds):
                    return self._conn.recv()
            except (EOFError, OSError):
                self.stop()
                raise TemplateTimeout("the template worker stopped while filling it (it ran out of memory "
                                      "or crashed)") from None
            self.stop()
            raise TemplateTimeout(f"it did not finish within {seconds:g} s (a loop that never ends, or one "
                                  "far too large)") from None


_worker = Worker()


def call(name: str, args: tuple, seconds: float = SECONDS):
    return _worker.call(name, args, seconds)


def shutdown() -> None:
    _worker.stop()


atexit.register(shutdown)


if __name__ == "__main__":
    from multiprocessing.connection import Client

    authkey = bytes.fromhex(sys.stdin.readline().strip())
    _serve(Client(("127.0.0.1", int(sys.argv[1])), authkey=authkey))
