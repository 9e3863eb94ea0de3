"""The app's one handler for long jobs: start them, route their messages, keep them going.

Every long job (import, linking, export, batch generation) runs in its own process
(courtscreen.jobs.process) and sends typed messages: progress, problems, and one final
result / cancelled / failed. The handler hands each message, on the screen's thread, to the
screen that started the job while that screen is open; once the user sends a job to the
background (or the screen closes), the handler itself shows its progress in the title bar and
a notice when it ends, and refreshes the docket. Nothing a job does is lost because a screen
went away.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from courtscreen.jobs.process import JobProcess
from courtscreen.jobs.protocol import JobProblem, Message


class JobListener(Protocol):
    def on_job_message(self, job: RunningJob, message: Message) -> None: ...


@dataclass(eq=False)
class RunningJob:
    kind: str
    label: str  # what the job is about, for notices: "x.csv"
    listener: Any = None  # a screen with on_job_message, or None once in the background
    problems: list[JobProblem] = field(default_factory=list)
    process: JobProcess | None = None
    final: Message | None = None

    @property
    def running(self) -> bool:
        return self.final is None

    def cancel(self) -> None:
        if self.process is not None:
            self.process.cancel()


def link_words(link: dict | None) -> str:
    """The linking summary in the app's words (no command-line advice)."""
    if not link:
        return "people: not linked; use “Link people across cases” in the command palette (ctrl+p)"
    text = (f"people: {link['new_links']} new links across spellings, {link['new_suggestions']} "
            "new suggestions to check")
    if link["new_suggestions"]:
        text += " (People screen, p)"
    return text + f"; {link['repeat_cases']} cases share a person with another case"


def import_outcome(data: dict) -> str:
    """One line for a notice: what an import saved."""
    return (f"{data['added']:,} cases added, {data['updated']:,} updated"
            if data["added"] or data["updated"] else "nothing changed")


NOTHING_DONE = {"export": "no file was written", "batch": "no document was made"}


def batch_outcome(data: dict) -> str:
    """One line for a notice: what a batch generation made (or made before it was cancelled)."""
    ok = sum(1 for o in data["outcomes"] if o["ok"])
    text = f"{ok:,} document(s) generated, {data['done'] - ok:,} case(s) could not have one"
    if data["cancelled"]:
        text = f"Cancelled after {data['done']:,} of {data['total']:,} case(s): " + text
    folder = next((o["path"] for o in data["outcomes"] if o["ok"]), "")
    return text + (f"; in {Path(folder).parent}" if folder else "") + "."


class JobHandler:
    def __init__(self, app) -> None:
        self.app = app
        self.jobs: list[RunningJob] = []

    @property
    def running(self) -> list[RunningJob]:
        return [j for j in self.jobs if j.running]

    def start(self, kind: str, params: dict[str, Any], label: str, listener=None) -> RunningJob:
        job = RunningJob(kind, label, listener)
        self.jobs.append(job)
        env = {**os.environ, "COURTSCREEN_USER": self.app.settings.user}
        job.process = JobProcess(kind, params, lambda m: self._from_thread(job, m), env=env)
        return job

    def _from_thread(self, job: RunningJob, message: Message) -> None:
        if not self.app.is_running:
            return  # the app has closed: the child finishes its job on its own
        with contextlib.suppress(RuntimeError):  # it closed just now
            self.app.call_from_thread(self._deliver, job, message)

    def _deliver(self, job: RunningJob, message: Message) -> None:
        if message.type == "problem":
            job.problems.append(message)
        if message.type in ("result", "cancelled", "failed"):
            job.final = message
        listener = job.listener
        if listener is not None and listener.is_attached:
            listener.on_job_message(job, message)
        else:
            self._in_background(job, message)
        if not job.running and job in self.jobs:
            self.jobs.remove(job)

    def to_background(self, job: RunningJob) -> None:
        """The screen that started the job is going away; the handler takes the job over."""
        job.listener = None
        self._show_in_title(f"{self._verb(job)} {job.label} in the background…")

    def _verb(self, job: RunningJob) -> str:
        return {"import": "Importing", "link": "Linking people for",
                "export": "Exporting", "batch": "Generating"}.get(job.kind, "Working on")

    def _show_in_title(self, text: str) -> None:
        base = getattr(self.app, "base_sub_title", self.app.sub_title)
        self.app.sub_title = f"{base} · {text}" if text else base

    def _in_background(self, job: RunningJob, message: Message) -> None:
        if job.kind == "preview":
            return  # a preview nobody waits for any more: nothing to tell
        if message.type == "progress":
            count = f" {message.done:,} of {message.total:,}" if message.total else "…"
            self._show_in_title(f"{self._verb(job)} {job.label}: {message.stage}{count}")
            return
        if message.type == "problem":
            return
        self._show_in_title("")
        if message.type == "result":
            data = message.data
            if job.kind == "export":
                self.app.notify(f"Export finished: {data['cases']:,} cases written to {data['path']}.",
                                title="Exported", timeout=10)
                return
            if job.kind == "batch":
                self.app.notify(batch_outcome(data), title="Documents", timeout=10)
                return
            if job.kind == "import":
                text = f"Import of {job.label} finished: {import_outcome(data)}."
                if data.get("batch_id") and data.get("link") is None and data["added"] + data["updated"]:
                    text += " " + link_words(None)
            else:
                text = link_words(data.get("link"))
            self.app.notify(text, title="Done", timeout=10)
            self.app.refresh_docket()
        elif message.type == "cancelled":
            nothing = NOTHING_DONE.get(job.kind, "nothing was changed")
            self.app.notify(f"{job.label}: cancelled; {nothing}.", title="Cancelled")
        else:
            nothing = ("Documents already made are kept." if job.kind == "batch"
                       else NOTHING_DONE.get(job.kind, "nothing was changed").capitalize() + ".")
            self.app.notify(f"{job.label}: {message.message}\n{nothing}",
                            title="Failed", severity="error", timeout=12)
