"""The import service: file in, cases in the database, a report out.

Used by `courtscreen import` and by the TUI's import dialog alike. The whole
write is one transaction: if anything fails, the database is as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.triage import TriageRules
from courtscreen.importing import normalise, readers
from courtscreen.importing.mapping import (
    FIELD_BY_NAME,
    ColumnMapping,
    MappingError,
    build_mapping,
)
from courtscreen.importing.normalise import YearPolicy
from courtscreen.importing.profiles import Profile
from courtscreen.importing.readers import DEFAULT_MAX_BYTES, BackgroundRead, ReadError, Sheet
from courtscreen.importing.records import CaseRecord, Problem, Progress, RowConverter
from courtscreen.importing.row_checks import RowChecks, check_rows
from courtscreen.importing.stream import Conversion, ConversionStream, describe_rows
from courtscreen.importing.workbook_guard import ReadLimits
from courtscreen.importing.writer import DocketWriter, WriteCounts, create_batch, finish_batch
from courtscreen.memory import paused_gc
from courtscreen.store.database import DatabaseError
from courtscreen.store.migrate import ensure_schema


class ImportFailed(Exception):
    """Nothing was imported; the message says why and what to do.

    `code` is stable ('unreadable', 'over_limit', 'no_case_numbers', 'no_rows', 'strict', ...),
    `limit` names a limit that was hit, and `report` holds the rows' problems when the file
    was read but no row could be imported (so that they can still be written out).
    """

    def __init__(self, message: str, code: str = "unreadable", limit: str = "",
                 report: ImportReport | None = None):
        super().__init__(message)
        self.code, self.limit, self.report = code, limit, report


@dataclass
class ImportOptions:
    sheet: str | None = None
    explicit_map: dict[str, list[str]] = field(default_factory=dict)
    has_header: bool | None = None  # None: detect
    year: int | None = None
    as_of: date | None = None
    court: str = ""
    max_bytes: int = DEFAULT_MAX_BYTES
    strict: bool = False  # refuse the whole file if any row is rejected
    limits: ReadLimits = field(default_factory=ReadLimits)
    unmapped: frozenset[str] = frozenset()  # fields the user chose to leave without a column

    def with_profile(self, profile: Profile) -> ImportOptions:
        """Profile values fill in what the user did not say on the command line."""
        merged = dict(profile.map)
        merged.update(self.explicit_map)
        return ImportOptions(
            sheet=self.sheet or profile.sheet, explicit_map=merged,
            has_header=self.has_header if self.has_header is not None else profile.has_header,
            year=self.year or profile.year, as_of=self.as_of, court=self.court or profile.court,
            max_bytes=self.max_bytes, strict=self.strict, limits=self.limits,
            unmapped=self.unmapped,
        )


@dataclass
class ImportReport:
    path: Path
    sheet: Sheet
    mapping: ColumnMapping
    records: list[CaseRecord]
    problems: list[Problem]
    rows_read: int
    blank_rows: int
    merged_rows: list[int]
    notes: list[str]
    sha256: str
    counts: WriteCounts | None = None  # None for a preview
    batch_id: int | None = None
    row_values: dict[int, list[str]] = field(default_factory=dict)  # problem rows, as read

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "rejected"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def changed_nothing(self) -> bool:
        return self.counts is not None and not (self.counts.added or self.counts.updated)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_docket(path: Path, options: ImportOptions) -> Sheet:
    """Read the file, choosing the sheet that looks most like a docket."""
    return readers.read_docket(path, options.sheet, options.max_bytes, options.limits)


STREAM_CHUNK_ROWS = 5000  # rows converted while the previous chunk is written


def prepare(path: Path, options: ImportOptions, rules: CaseTypeRules,
            progress: Progress | None = None, triage: TriageRules | None = None,
            reading: BackgroundRead | None = None) -> ImportReport:
    """Read, map and normalise; touches no database. Used by a preview as well.

    reading: the same file already being read on a thread (see BackgroundRead).
    """
    sheet, mapping, converter, checks = _read_and_map(path, options, rules, progress, triage,
                                                      reading)
    conv = converter.convert(sheet.rows, progress)
    return _report(Path(path), sheet, mapping, converter, conv, file_sha256(Path(path)), checks)


def _read_and_map(path: Path, options: ImportOptions, rules: CaseTypeRules,
                  progress: Progress | None, triage: TriageRules | None,
                  reading: BackgroundRead | None
                  ) -> tuple[Sheet, ColumnMapping, RowConverter, RowChecks]:
    """The sheet, its column mapping and a converter for its rows; or ImportFailed."""
    path = Path(path)
    if progress:
        progress("Reading", 0, 1)
    try:
        if reading is not None and (reading.path, reading.sheet or None, reading.max_bytes,
                                    reading.limits) == (path, options.sheet or None,
                                                        options.max_bytes, options.limits):
            sheet = reading.result()
        else:
            sheet = read_docket(path, options)
        mapping = build_mapping(sheet.rows, options.explicit_map, options.has_header,
                                options.unmapped)
    except ReadError as exc:
        raise ImportFailed(_with_path(exc, path), exc.code, exc.limit) from exc
    except MappingError as exc:
        where = f" (sheet {sheet.name!r} of {', '.join(map(repr, sheet.sheet_names))})" \
            if len(sheet.sheet_names) > 1 else ""
        raise ImportFailed(_with_path(exc, path) + where, exc.code) from exc
    data_rows = len(sheet.rows) - mapping.data_start
    if data_rows <= 0 or not any(
        any(str(c).strip() for c in r if c is not None) for r in sheet.rows[mapping.data_start:]
    ):
        raise ImportFailed(f"{sheet.label}: has a header row but no data rows; nothing to "
                           "import.", "no_rows")
    checks = check_rows(sheet, mapping)
    years = YearPolicy(options.year, options.as_of)
    converter = RowConverter(mapping, rules, years, default_court=options.court, triage=triage)
    return sheet, mapping, converter, checks


@dataclass
class Columns:
    """A file's columns as the mapping editor offers them, before any mapping is judged."""

    label: str
    headers: list[str]
    header_row: int | None
    first_rows: list[list[str]]


def peek(path: Path, options: ImportOptions, rows: int = 5) -> Columns:
    """The sheet's columns and first data rows (ImportFailed if the file cannot be read)."""
    from courtscreen.importing.mapping import column_headers

    try:
        sheet = read_docket(Path(path), options)
    except ReadError as exc:
        raise ImportFailed(_with_path(exc, Path(path)), exc.code, exc.limit) from exc
    headers, header_row = column_headers(sheet.rows, options.has_header)
    start = header_row or 0
    first = [[normalise.text(c) for c in r] for r in sheet.rows[start:start + 40]
             if any(normalise.text(c) for c in r)][:rows]
    return Columns(sheet.label, headers, header_row, first)


def _with_path(exc: Exception, path: Path) -> str:
    return str(exc) if str(exc).startswith((str(path), path.name)) else f"{path}: {exc}"


def _report(path: Path, sheet: Sheet, mapping: ColumnMapping, converter: RowConverter,
            conv: Conversion, sha256: str, checks: RowChecks) -> ImportReport:
    """What the conversion found, as the report the CLI and the app show."""
    problems = [Problem(mapping.header_row or 0, "", "warning", w, "mapping")
                for w in mapping.warnings]
    problems += checks.problems + conv.problems
    problems.sort(key=lambda p: p.row)
    row_values = dict(checks.original)
    for p in problems:  # the rows as read, for a problems file a clerk can fix and import
        if p.row and p.row not in row_values and p.row <= len(sheet.rows):
            row_values[p.row] = [normalise.text(c) for c in sheet.rows[p.row - 1]]
    sheet.rows = []  # converted: the raw cells are not needed again, and 50,000 rows are ~60 MB
    years = converter.years
    notes = []
    if sheet.encoding:
        delim = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}.get(sheet.delimiter,
                                                                               sheet.delimiter)
        notes.append(f"read as {sheet.encoding} text, {delim}-separated")
    if len(sheet.sheet_names) > 1:
        notes.append(f"used sheet {sheet.name!r} of {', '.join(map(repr, sheet.sheet_names))}")
    if mapping.header_row is None:
        notes.append("the file has no header row; columns were mapped by position")
    elif mapping.header_row > 1:
        notes.append(f"header found on row {mapping.header_row}; rows above it were skipped")
    if years.inferred or years.year:
        notes.append(years.describe())
    blank_rows = conv.blank_rows - checks.emptied  # rows emptied by the checks are listed
    if blank_rows:
        notes.append(f"{blank_rows} blank rows skipped")
    several = describe_rows(conv)  # "charge rows" / "hearing rows" (issue 20)
    if several:
        notes.append(several)
    for name in ("hearing_date", "petitioner", "respondent"):
        if name not in mapping.fields:
            notes.append(f"no column for {FIELD_BY_NAME[name].label.lower()}; "
                         "map one if the file has it")
    return ImportReport(path=path, sheet=sheet, mapping=mapping, records=conv.records,
                        problems=problems, rows_read=conv.rows_read, blank_rows=blank_rows,
                        merged_rows=conv.merged_rows, notes=notes, sha256=sha256,
                        row_values=row_values)


def import_docket(engine: Engine, path: Path, options: ImportOptions, rules: CaseTypeRules,
                  user: str, progress: Progress | None = None,
                  triage: TriageRules | None = None, link: bool = True,
                  reading: BackgroundRead | None = None) -> ImportReport:
    """Read, convert and write in one transaction; then link people (unless link=False:
    the app links in a separate process so that the screen stays responsive)."""
    with paused_gc():
        return _import(engine, path, options, rules, user, progress, triage, link, reading)


def _import(engine, path, options, rules, user, progress, triage, link, reading) -> ImportReport:
    report = _convert_and_write(engine, Path(path), options, rules, user, progress, triage,
                                reading)
    # The cases are in the database now; the report keeps counts, problems and notes. Letting
    # the 50,000 records go (they live only inside _convert_and_write) before linking keeps
    # the import's peak memory down.
    report.records = []
    counts = report.counts
    if link and (counts.added or counts.updated or _linking_owed(engine)):
        report.notes.append(_link_people(engine, report.batch_id))
    return report


def _convert_and_write(engine, path: Path, options: ImportOptions, rules, user, progress,
                       triage, reading) -> ImportReport:
    sheet, mapping, converter, checks = _read_and_map(path, options, rules, progress, triage,
                                                      reading)
    _stored_lookalikes(engine, sheet, mapping, converter, checks)
    # Written a chunk at a time while the next is converted, and let go once written (a
    # 100 MB export holds half a million cases), unless strict: that must see every row
    # before it writes any.
    stream = converter.stream(sheet.rows, progress,
                              None if options.strict else STREAM_CHUNK_ROWS, keep_records=False)
    expected_rows = len(sheet.rows)
    ready = _first_chunk(stream)
    if not ready or (options.strict and stream.rejected):
        for _ in stream:  # to its end, for the report
            pass
        _refuse(_report(path, sheet, mapping, converter, stream.result(), file_sha256(path),
                        checks), options)
    sha256 = file_sha256(path)
    ensure_schema(engine)
    try:
        with engine.begin() as conn:
            batch_id = create_batch(conn, file_name=path.name, sha256=sha256,
                                    sheet=sheet.name, user=user,
                                    mapping=mapping.to_profile_map())
            with DocketWriter(conn, batch_id, expected_rows=expected_rows,
                              progress=progress) as out:
                out.add(ready.pop())  # each chunk is let go once its statements are queued
                for chunk in stream:
                    out.add(chunk)
                counts = out.finish()
            report = _report(path, sheet, mapping, converter, stream.result(), sha256, checks)
            finish_batch(conn, batch_id, counts, rows_read=report.rows_read,
                         merged=len(report.merged_rows), problems=report.problems)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"the import of {path.name} failed while saving and was rolled back; the "
            f"database is as it was. ({type(exc).__name__}: {str(exc).splitlines()[0]})"
        ) from exc
    report.counts, report.batch_id = counts, batch_id
    return report


def _stored_lookalikes(engine: Engine, sheet: Sheet, mapping: ColumnMapping,
                       converter: RowConverter, checks: RowChecks) -> None:
    """Case numbers of the file that look like one already in the database (row_checks)."""
    import sqlalchemy as sa

    from courtscreen.importing.case_numbers import skeleton
    from courtscreen.importing.row_checks import check_stored_twins
    from courtscreen.store.case_keys import stored_case_numbers, stored_non_ascii_case_numbers

    if not sa.inspect(engine).has_table("court_case"):
        return  # a new database: nothing stored to look like
    plain = stored_case_numbers(engine, {skeleton(v) for v in checks.unresolved}) \
        if checks.unresolved else []
    odd = stored_non_ascii_case_numbers(engine)
    if not plain and not odd:
        return
    width = len(mapping.headers)

    def court_of(row: list) -> str:
        cells = [normalise.text(c) for c in row] + [""] * (width - len(row))
        key = converter.key_of(cells)
        return key[0] if key else (converter.default_court or "").upper()

    check_stored_twins(checks, sheet.rows, mapping, court_of, plain, odd)


def _first_chunk(stream: ConversionStream) -> list[list[CaseRecord]]:
    """Convert until a chunk has cases (before the database is touched); [] if none has."""
    for chunk in stream:
        return [chunk]
    return []


def _refuse(report: ImportReport, options: ImportOptions) -> NoReturn:
    if options.strict and report.rejected:
        raise ImportFailed(
            f"{report.sheet.label}: {len(report.rejected)} rows have problems and the import was "
            f"to refuse the file if any row has one, so nothing was imported. First: "
            f"{report.rejected[0]}", "strict", report=report)
    raise ImportFailed(
        f"{report.sheet.label}: none of the {report.rows_read} rows could be imported. "
        f"First problem: {report.rejected[0] if report.rejected else 'no data rows'}",
        "no_rows", report=report)


def _linking_owed(engine: Engine) -> bool:
    """An earlier import's linking was interrupted: this import resumes it (store.people)."""
    from courtscreen.store.people import linking_owed

    return bool(linking_owed(engine))


def _link_people(engine: Engine, batch_id: int) -> str:
    """Link this import's parties to the same people in other cases, after the import committed.

    A failure here never loses the import: it is saved, and the note says how to retry.
    """
    from courtscreen.store.people import link_batch

    try:
        return link_batch(engine, batch_id).summary()
    except Exception as exc:  # the import is saved whatever went wrong; say so and how to retry
        first = (str(exc).strip().splitlines() or [""])[0]
        return (f"the cases were imported, but linking people across cases failed "
                f"({type(exc).__name__}: {first}); run `courtscreen people link` to retry")
