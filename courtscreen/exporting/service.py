"""Export the (filtered) docket to a file: the one entry point for the CLI and the TUI.

Safety of the file:
- An existing file is never replaced unless the caller says so (--force).
- The export is written to a temporary file beside the target and moved into
  place only when complete, so a failure never leaves half a spreadsheet.
- A file open in Excel (its "~$name" lock file is present, or Windows
  refuses the replace) is reported as such, with what to do.

Confidential details: see redaction.py. Including them needs permission
(`redaction.may_include_confidential`, replaceable through ExportOptions) and
is recorded in the audit log for every case whose details were written.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from courtscreen.advice import CLI, Advice, AdvisedError
from courtscreen.domain.protected_values import Withheld
from courtscreen.domain.triage import TriageRules
from courtscreen.exporting import redaction
from courtscreen.exporting.rows import DocketReader
from courtscreen.exporting.summary import DocketCounts, header_lines
from courtscreen.store.worklist import WorklistFilter

FORMATS = {".xlsx": "xlsx", ".csv": "csv"}
Progress = Callable[[str, int, int], None]


class ExportError(AdvisedError):
    """The export could not be written; the message says why and what to do (worded per front
    end: courtscreen.advice). No file was left."""


INCLUDE_CONFIDENTIAL = Advice(cli="Use --include-confidential to include them.",
                              app="Tick 'Include confidential details' to include them.")


class ExportCancelled(ExportError):
    pass


@dataclass(frozen=True)
class ExportOptions:
    filter: WorklistFilter = field(default_factory=WorklistFilter)
    include_confidential: bool = False
    overwrite: bool = False
    triage: TriageRules | None = None
    # The user's roles.Access (decided when the CLI or the app started); None: no roles known.
    access: object | None = None
    # Replaces redaction.may_include_confidential when given (tests, embedding applications).
    permission: Callable[[str], bool] | None = None

    def allowed(self, user: str) -> bool:
        """May this user include confidential details? (Always true when they are not asked for.)"""
        if not self.include_confidential:
            return True
        if self.permission is not None:
            return self.permission(user)
        return redaction.may_include_confidential(user, self.access)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    cases: int
    counts: DocketCounts
    include_confidential: bool
    redacted_columns: tuple[str, ...]  # original docket columns written as [redacted]
    audited_cases: int  # cases whose confidential details were written (and audited)
    withheld: tuple = ()  # domain.protected_values.Withheld: where protected values became [confidential]

    def lines(self, front_end: str = CLI) -> list[str]:
        out = [f"Exported {self.cases:,} case{'' if self.cases == 1 else 's'} to {self.path}"]
        if self.include_confidential:
            out.append(f"Confidential details included for {self.audited_cases:,} cases; "
                       "the audit log records this export.")
        else:
            out.append("Confidential details left out (protected details, screening notes"
                       + (", columns " + ", ".join(self.redacted_columns) if self.redacted_columns else "")
                       + "). " + INCLUDE_CONFIDENTIAL.words(front_end))
            if self.withheld:
                from courtscreen.domain.protected_values import summarise

                out.append(summarise(self.withheld) + ".")
        return out


def export_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(f"{path.name}: the file name must end in .xlsx (Excel) or .csv")
    return fmt


def check_target(path: Path, overwrite: bool) -> str:
    """Everything that can be checked before any work: format, folder, existing or open file."""
    fmt = export_format(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist; create it or choose another folder")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"you may not write to the folder {folder}; choose another folder")
    lock = folder / f"~${path.name}"
    if lock.exists():
        raise ExportError(f"{path.name} is open in Excel (its lock file {lock.name} is there); close it "
                          "in Excel, or choose another name, and export again")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name ending in .{fmt}")
    if path.exists() and not overwrite:
        raise ExportError(f"{path} already exists", Advice(
            cli="choose another name, or replace it with --force",
            app="choose another name, or tick 'Replace if it exists'"))
    return fmt


def export_docket(engine: Engine, path: Path, options: ExportOptions, user: str,
                  progress: Progress | None = None,
                  should_stop: Callable[[], bool] | None = None) -> ExportResult:
    path = Path(path).expanduser().absolute()
    fmt = check_target(path, options.overwrite)
    if not options.allowed(user):
        raise ExportError(redaction.not_allowed_message(user))
    reader = DocketReader(engine, options.filter, include_confidential=options.include_confidential,
                          triage=options.triage)
    if progress:
        progress("Reading the docket", 0, 0)
    try:
        total = reader.count()
        columns = reader.columns()
    except SQLAlchemyError as exc:
        raise ExportError(f"the docket could not be read: {_first_line(exc)}") from exc
    counts = DocketCounts()
    audited: list[tuple[int, tuple[str, ...]]] = []

    def rows():
        for row in reader.rows():
            if row.confidential:
                audited.append((row.case_id, row.confidential))
            yield row

    def on_row(n: int) -> None:
        if n % 500 == 0 or n == total:
            if should_stop is not None and should_stop():
                raise ExportCancelled("export cancelled; no file was written")
            if progress:
                progress("Writing", n, total)

    at = datetime.now().astimezone()
    temp = _temp_beside(path)
    try:
        if fmt == "xlsx":
            from courtscreen.exporting.xlsx_writer import write_xlsx

            n = write_xlsx(temp, columns, rows(), counts,
                           lambda n: header_lines(options.filter, user, at, n, options.include_confidential),
                           on_row)
        else:
            from courtscreen.exporting.csv_writer import write_csv

            n = write_csv(temp, columns, rows(), counts, on_row)
        _move_into_place(temp, path, options.overwrite)
    except ExportError:
        _remove(temp)
        raise
    except SQLAlchemyError as exc:
        _remove(temp)
        raise ExportError(f"the docket could not be read: {_first_line(exc)}; no file was written") from exc
    except OSError as exc:
        _remove(temp)
        raise ExportError(f"{path.name} could not be written: {exc.strerror or exc}; no file was "
                          "written (is the disk full, or the file open in another program?)") from exc
    except BaseException:
        _remove(temp)
        raise
    if options.include_confidential:
        try:
            _audit(engine, user, path, audited, n)
        except SQLAlchemyError as exc:
            _remove(path)
            raise ExportError("the export included confidential details but the audit log could not "
                              f"be written ({_first_line(exc)}), so the file was deleted") from exc
    if progress:
        progress("Done", n, n)
    return ExportResult(path=path, format=fmt, cases=n, counts=counts,
                        include_confidential=options.include_confidential,
                        redacted_columns=tuple(c.source for c in columns if c.redacted and c.source
                                               and not options.include_confidential),
                        audited_cases=len(audited),
                        withheld=tuple(Withheld(f"column {title}", n)
                                       for title, n in reader.withheld.items()))


def _audit(engine: Engine, user: str, path: Path, audited, total: int) -> None:
    """One entry for the export (no case), one per case whose confidential details are in the file."""
    from courtscreen.store.audit import write_audit
    from courtscreen.store.models import utc_now

    now = utc_now()
    with engine.begin() as conn:
        write_audit(conn, now, user, None, "export", 0, [
            ("exported", "confidential", "",
             f"{path}: {total} cases, confidential details of {len(audited)} included")])
        for case_id, what in audited:
            write_audit(conn, now, user, case_id, "export", 0,
                        [("exported", "confidential", "", f"{path} ({', '.join(what)})")])


def _temp_beside(path: Path) -> Path:
    """An empty, new file next to the target (made like any new file, so the usual permissions)."""
    for _ in range(10):
        temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.part{path.suffix}")
        try:
            with temp.open("xb"):
                return temp
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write in {path.parent}: {exc.strerror or exc}") from exc
    raise ExportError(f"cannot make a temporary file in {path.parent}")


def _move_into_place(temp: Path, path: Path, overwrite: bool) -> None:
    if not overwrite:
        try:  # atomic "create, never replace": fails if someone made the file meanwhile
            os.link(temp, path)
        except FileExistsError:
            raise ExportError(f"{path} appeared while exporting; nothing was replaced. Export again "
                              "with another name, or replace it") from None
        except OSError:
            pass  # a file system without hard links: fall through to a plain move
        else:
            _remove(temp)
            return
        if path.exists():
            raise ExportError(f"{path} already exists; nothing was replaced")
    for attempt in range(3):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if attempt == 2:
                raise ExportError(f"{path.name} is open in another program (Excel?) or read-only; "
                                  "close it and export again. Nothing was replaced.") from None
            time.sleep(0.2)  # Windows: a virus scanner may hold the file for a moment


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
