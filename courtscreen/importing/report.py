"""The import report and preview as plain text lines, shared by the CLI and the TUI."""

from __future__ import annotations

from courtscreen.importing.mapping import FIELDS, column_letter
from courtscreen.importing.service import ImportReport

MAX_WARNINGS_SHOWN = 50
# Stable codes for the problems the converter words without one (importing.records).
_CODE_BY_START = (("no case number", "missing_case_number"), ("Hearing time", "bad_time"),
                  ("Hearing date", "bad_date"), ("Filing date", "bad_date"),
                  ("date of birth ignored", "bad_date_of_birth"),
                  ("repeats the header row", "repeated_header"),
                  ("the hearing type", "hearing_type_is_docket_number"))


def problem_code(problem) -> str:
    """The problem's stable code (for a problems file and for the app's own wording)."""
    if problem.code:
        return problem.code
    for start, code in _CODE_BY_START:
        if problem.message.startswith(start):
            return code
    return "rejected_row" if problem.severity == "rejected" else "warning"


def report_lines(report: ImportReport) -> list[str]:
    counts = report.counts
    lines = [f"Imported {report.sheet.label}  (sha256 {report.sha256[:12]}…)"]
    if counts is not None:
        lines.append(
            f"{report.rows_read} rows read: {counts.added} cases added, {counts.updated} updated, "
            f"{counts.unchanged} unchanged; {len(report.rejected)} rows not imported; "
            f"{len(report.warnings)} warnings."
        )
        if report.changed_nothing:
            lines.append("Nothing changed: every case is already in the database exactly as this "
                         "file has it.")
    lines += _problem_lines(report)
    return lines


def _problem_lines(report: ImportReport) -> list[str]:
    lines = []
    if report.notes:
        lines.append("Notes:")
        lines += [f"  - {n}" for n in report.notes]
    if report.rejected:
        lines.append(f"Rows not imported ({len(report.rejected)}):")
        lines += [f"  {p}" for p in report.rejected]
    if report.warnings:
        lines.append(f"Warnings ({len(report.warnings)}; the rows were imported):")
        lines += [f"  {p}" for p in report.warnings[:MAX_WARNINGS_SHOWN]]
        if len(report.warnings) > MAX_WARNINGS_SHOWN:
            lines.append(f"  … and {len(report.warnings) - MAX_WARNINGS_SHOWN} more "
                         "(a problems file lists them all)")
    return lines


def mapping_lines(report: ImportReport) -> list[str]:
    m = report.mapping
    where = f"header on row {m.header_row}" if m.header_row else "no header row"
    lines = [f"Proposed column mapping for {report.sheet.label} ({where}):",
             f"  {'field':<26} {'column(s)':<44} confidence"]
    for spec in FIELDS:
        if spec.name in m.fields:
            conf = m.confidence.get(spec.name, 1.0)
            lines.append(f"  {spec.label:<26} {m.describe(spec.name):<44} {conf:.0%}")
    used = {c for cols in m.fields.values() for c in cols}
    unused = [f"{column_letter(i)} {h!r}" for i, h in enumerate(m.headers) if i not in used]
    if unused:
        lines.append("  not used: " + ", ".join(unused))
    return lines


def preview_lines(report: ImportReport, rows: int = 10) -> list[str]:
    lines = mapping_lines(report)
    lines.append(f"First {min(rows, len(report.records))} cases as they would be imported:")
    for rec in report.records[:rows]:
        when = f"{rec.hearing_date or '—'}" + (f" {rec.hearing_time:%H:%M}" if rec.hearing_time else "")
        parties = "; ".join(f"{p.role}: {p.name.full}" for p in rec.parties) or "no parties"
        lines.append(f"  row {rec.row}: {rec.court or '(no court)'} {rec.case_number} "
                     f"[{rec.case_type.label}] hearing {when} — {parties}")
    lines.append(f"{len(report.records)} cases from {report.rows_read} rows; "
                 f"{len(report.rejected)} rows would not be imported. Nothing was changed.")
    lines += _problem_lines(report)
    return lines
