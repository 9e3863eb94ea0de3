"""The child side of a long job: `python -m courtscreen.jobs.child`, driven over stdin/stdout.

It reads one "start" line, runs the job and writes protocol lines (courtscreen.jobs.protocol).
A "cancel" line (or SIGTERM) makes the next progress step raise JobCancelled; the import's one
transaction then rolls back, and the child answers "cancelled". If the app goes away (stdin
closes) the job carries on to its end: the clerk may have asked for it to finish in the
background. Progress is sent at most ten times a second.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from courtscreen.jobs import protocol
from courtscreen.jobs.protocol import Cancelled, Failed, JobProblem, Progress, Result

PROGRESS_INTERVAL = 0.1
# Seconds to wait at each progress step: lets tests (and demonstrations) cancel a job at a
# known point instead of racing a fast machine. Never set in normal use.
PACE_ENV = "COURTSCREEN_JOB_PACE"


class JobCancelled(BaseException):
    """Raised inside the job when the app asked to cancel. A BaseException so that no
    `except Exception` on the way can swallow it before the transaction rolls back."""


class Channel:
    """Writes protocol lines; reads "cancel" from the app on a thread."""

    def __init__(self, out=None) -> None:
        self.out = out or sys.stdout
        self.cancelled = threading.Event()
        self._last = 0.0
        self._pace = float(os.environ.get(PACE_ENV) or 0)

    def send(self, message) -> None:
        try:
            self.out.write(protocol.encode(message) + "\n")
            self.out.flush()
        except (BrokenPipeError, OSError, ValueError):
            self.out = open(os.devnull, "w")  # noqa: SIM115 -- the app has gone: finish quietly

    def listen(self, stream) -> None:
        def read() -> None:
            for line in stream:
                try:
                    if protocol.parse_object(line).get("type") == "cancel":
                        self.cancelled.set()
                except protocol.ProtocolError:
                    continue

        threading.Thread(target=read, daemon=True, name="job-cancel-listener").start()

    def check(self) -> None:
        if self.cancelled.is_set():
            raise JobCancelled

    def progress(self, stage: str, done: int, total: int | None) -> None:
        """The Progress callback the import service calls; also the cancel point."""
        if self._pace:
            time.sleep(self._pace)
        self.check()
        self._send_progress(stage, done, total)

    def report(self, stage: str, done: int, total: int | None) -> None:
        """Progress without being a cancel point (for a job that polls `cancelled` itself and
        cleans up on its own, like the export); the pace waits after the step is reported."""
        self._send_progress(stage, done, total)
        if self._pace:
            time.sleep(self._pace)

    def _send_progress(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if total is not None and done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self.send(Progress(stage, done, total))


# --------------------------------------------------------------------------- the jobs


def _options(params: dict[str, Any]):
    from courtscreen.importing.profiles import load_profile
    from courtscreen.importing.service import ImportOptions

    if params.get("options"):  # every option as chosen in the app's mapping editor
        chosen = dict(params["options"])
        chosen["as_of"] = date.fromisoformat(chosen["as_of"]) if chosen.get("as_of") else None
        if "limits" in chosen:
            from courtscreen.importing.workbook_guard import ReadLimits

            chosen["limits"] = ReadLimits(**chosen["limits"])
        if "unmapped" in chosen:
            chosen["unmapped"] = frozenset(chosen["unmapped"])
        return ImportOptions(**chosen)
    as_of = date.fromisoformat(params["as_of"]) if params.get("as_of") else None
    options = ImportOptions(as_of=as_of, court=params.get("court", ""))
    if params.get("profile"):
        options = options.with_profile(load_profile(params["profile"], Path(params["profiles_dir"])))
    return options


def _rules(params: dict[str, Any]):
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.domain.triage import TriageRules

    return (CaseTypeRules.load(params.get("case_type_rules") or {}),
            TriageRules.load(params.get("triage_rules") or {}))


def run_preview(params: dict[str, Any], channel: Channel) -> Result:
    from courtscreen.importing.report import preview_lines
    from courtscreen.importing.service import prepare

    rules, triage = _rules(params)
    report = prepare(Path(params["path"]), _options(params), rules, channel.progress, triage)
    return Result("preview", {"path": str(report.path), "lines": preview_lines(report, rows=8)})


def link_data(report) -> dict[str, Any]:
    return {"parties_checked": report.parties_checked, "new_links": report.new_links,
            "new_suggestions": report.new_suggestions, "people": report.people,
            "repeat_cases": report.repeat_cases, "seconds": round(report.seconds, 3)}


def run_import(params: dict[str, Any], channel: Channel) -> Result:
    from courtscreen.importing.report import report_lines
    from courtscreen.importing.service import import_docket
    from courtscreen.store.database import make_engine

    rules, triage = _rules(params)
    engine = make_engine(params["database_url"])
    try:
        report = import_docket(engine, Path(params["path"]), _options(params), rules,
                               params["user"], channel.progress, triage, link=False)
        counts = report.counts
        data = {"path": str(report.path), "lines": report_lines(report),
                "batch_id": report.batch_id, "added": counts.added, "updated": counts.updated,
                "link": None, "cancel_came_too_late": channel.cancelled.is_set()}
        if params.get("link", True) and (counts.added or counts.updated):
            # Saved: from here on a cancel cannot undo the import, and linking is quick to redo.
            channel.send(Progress("Linking people across cases", 0, None))
            data["link"] = _link(engine, report.batch_id, channel)
        data["cancel_came_too_late"] = channel.cancelled.is_set()
        return Result("import", data)
    finally:
        engine.dispose()


def _link(engine, batch_id: int | None, channel: Channel) -> dict[str, Any] | None:
    from courtscreen.store.people import link_all, link_batch

    try:
        report = link_batch(engine, batch_id) if batch_id else link_all(engine)
    except Exception as exc:  # the cases are saved whatever went wrong here: say so, structured
        first = (str(exc).strip().splitlines() or [""])[0]
        channel.send(JobProblem("link_failed", f"{type(exc).__name__}: {first}", "error"))
        return None
    return link_data(report)


def run_link(params: dict[str, Any], channel: Channel) -> Result:
    from courtscreen.store.database import make_engine

    engine = make_engine(params["database_url"])
    try:
        channel.send(Progress("Linking people across cases", 0, None))
        return Result("link", {"link": _link(engine, params.get("batch_id"), channel)})
    finally:
        engine.dispose()


def run_export(params: dict[str, Any], channel: Channel) -> Result | Failed:
    """Export the cases of the app's filter. Cancel stops between cases (no file is left);
    the export's own failures come back in the app's words (its controls, not CLI flags)."""
    from courtscreen.advice import APP, words_for
    from courtscreen.domain.triage import TriageRules
    from courtscreen.exporting.service import ExportCancelled, ExportError, ExportOptions, export_docket
    from courtscreen.jobs.filters import filter_from_json
    from courtscreen.store.access import access_for
    from courtscreen.store.database import make_engine

    engine = make_engine(params["database_url"])
    try:
        user = params["user"]
        options = ExportOptions(filter=filter_from_json(params["filter"]),
                                include_confidential=bool(params.get("include_confidential")),
                                overwrite=bool(params.get("overwrite")),
                                triage=TriageRules.load(params.get("triage_rules") or {}),
                                access=access_for(engine, user, params.get("role_overrides")))

        try:
            result = export_docket(engine, Path(params["path"]), options, user,
                                   lambda stage, done, total: channel.report(stage, done, total or None),
                                   channel.cancelled.is_set)
        except ExportCancelled:
            raise JobCancelled from None
        except ExportError as exc:
            return Failed("export", "export_failed", words_for(exc, APP))
        return Result("export", {"path": str(result.path), "cases": result.cases,
                                 "lines": result.lines(APP)})
    finally:
        engine.dispose()


def run_batch(params: dict[str, Any], channel: Channel) -> Result:
    """One form for each of the cases the app listed. Cancel stops between documents: every
    document made so far is complete and recorded, none is half-written; the result says how
    far it got (a cancel before the first document is "cancelled": nothing was made). A case
    that cannot have the document is a structured problem, and the batch goes on."""
    from courtscreen.documents.registry import load_registry
    from courtscreen.documents.service import generate_batch
    from courtscreen.jobs.settings_json import settings_from_json
    from courtscreen.store.database import make_engine

    settings = settings_from_json(params["settings"])
    form = load_registry(settings.jurisdiction.forms_dir).forms.get(params["form_id"])
    if form is None:
        return Failed("batch", "unknown_form", f"the form {params['form_id']!r} is not available")
    case_ids = [int(c) for c in params["case_ids"]]
    engine = make_engine(settings.database_url)

    def progress(n: int, total: int, outcome) -> None:
        if not outcome.ok:
            channel.send(JobProblem("document_not_made", outcome.error, "error", field=form.id,
                                    values={"case_id": outcome.case_id, "case_number": outcome.case_number}))
        channel.report("case", n, total)

    try:
        channel.send(Progress("case", 0, len(case_ids)))
        outcomes = generate_batch(engine, settings, form, case_ids,
                                  include_confidential=bool(params.get("include_confidential")),
                                  progress=progress, cancelled=channel.cancelled.is_set)
    finally:
        engine.dispose()
    if not outcomes and case_ids:
        raise JobCancelled
    return Result("batch", {
        "form_id": form.id, "total": len(case_ids), "done": len(outcomes),
        "cancelled": len(outcomes) < len(case_ids),
        "outcomes": [{"case_id": o.case_id, "case_number": o.case_number, "ok": o.ok,
                      "version": o.document.version if o.ok else None,
                      "path": str(o.document.path) if o.ok else "", "error": o.error}
                     for o in outcomes]})


JOBS = {"preview": run_preview, "import": run_import, "link": run_link, "export": run_export,
        "batch": run_batch}


def known_failure(exc: BaseException) -> bool:
    from courtscreen.config import ConfigError
    from courtscreen.importing.mapping import MappingError
    from courtscreen.importing.service import ImportFailed
    from courtscreen.store.database import DatabaseError

    return isinstance(exc, ImportFailed | DatabaseError | MappingError | ConfigError | ValueError
                      | OSError)


def run(job: str, params: dict[str, Any], channel: Channel) -> None:
    """Run one job and send exactly one final message."""
    try:
        channel.check()
        channel.send(JOBS[job](params, channel))
    except JobCancelled:
        channel.send(Cancelled(job))
    except Exception as exc:
        if known_failure(exc):
            channel.send(Failed(job, "job_failed", str(exc)))
        else:
            channel.send(Failed(job, "internal", f"{type(exc).__name__}: {exc}"))


def main() -> int:
    channel = Channel()
    first = sys.stdin.readline()
    try:
        start = protocol.parse_object(first)
    except protocol.ProtocolError as exc:
        channel.send(Failed("?", "protocol", str(exc)))
        return 2
    job = start.get("job")
    if start.get("type") != "start" or job not in JOBS:
        channel.send(Failed(str(job), "protocol", f"unknown job {job!r}"))
        return 2
    signal.signal(signal.SIGTERM, lambda *_: channel.cancelled.set())
    channel.listen(sys.stdin)
    run(job, start.get("params") or {}, channel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
