"""Checks on each data row before it is converted: nothing shifted, nothing that is not a case.

- A text row with one cell more than the header, where an unquoted delimiter split a
  field ("SMITH<tab>VS HOLLAND"), is repaired by joining the two cells that make the row
  fit its columns again (the case number back in its column) and reported as a warning;
  a row that cannot be repaired, or is otherwise the wrong width, is a problem row.
- Summary rows (a repeated header, "Total", "Subtotal: 5 cases", a footer or section
  title alone on its row) are skipped and listed.
- NUL bytes (removed by the reader) and lines decoded as cp1252 in a UTF-8 file are
  reported by row.
- Case numbers are normalised (case_numbers) before they become keys.
- A workbook hearing column of real date-times gives the hearing time as well.

Rows that are skipped or refused here are emptied, so the converter passes over them;
`emptied` says how many, so that the report does not count them as blank.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time

from courtscreen.importing.case_numbers import lookalike_twins, normalise_case_number, skeleton
from courtscreen.importing.content_mapping import (
    TOTAL_WORDS,
    cell_kind,
    looks_like_case_number,
    sample,
)
from courtscreen.importing.mapping import ColumnMapping, column_letter
from courtscreen.importing.normalise import text
from courtscreen.importing.readers import Sheet
from courtscreen.importing.records import Problem

_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}


@dataclass
class RowChecks:
    problems: list[Problem] = field(default_factory=list)
    emptied: int = 0
    original: dict[int, list[str]] = field(default_factory=dict)  # row -> its cells as read
    # case numbers with look-alike letters and no plain twin in the file: value -> (script,
    # indexes of their problems), for the check against the database (check_stored_twins)
    unresolved: dict[str, tuple[str, list[int]]] = field(default_factory=dict)


def check_rows(sheet: Sheet, mapping: ColumnMapping) -> RowChecks:
    """Repair, skip or refuse rows in place (sheet.rows); the problems found, by row."""
    out = RowChecks()
    rows, start = sheet.rows, mapping.data_start
    case_cols = mapping.fields.get("case_number", [])
    case_col = case_cols[0] if len(case_cols) == 1 else None
    header = ([text(c).lower() for c in rows[start - 1]] if mapping.header_row else None)
    width_of = _expected_width(rows, start, header)
    kinds = _column_kinds(rows, start, width_of) if sheet.delimiter else []
    nul, recoded = set(sheet.nul_rows), set(sheet.recoded_rows)
    nul_cells: dict[int, list[int]] = {}
    for r, c in sheet.nul_cells:
        nul_cells.setdefault(r, []).append(c)
    for number in range(1, start + 1):  # the header and the rows above it
        _report_nul_cells(out, number, nul_cells, mapping)
    for i in range(start, len(rows)):
        row, number = rows[i], i + 1
        if number in nul:
            out.problems.append(Problem(number, "", "warning", "held NUL bytes (invisible "
                                        "control characters); they were removed", "nul_bytes"))
        _report_nul_cells(out, number, nul_cells, mapping)
        if number in recoded:
            out.problems.append(Problem(number, "", "warning", "this line is not UTF-8 like the "
                                        "rest of the file; it was read as cp1252 (Windows): "
                                        "check its accented letters", "mixed_encoding"))
        if not row or not any(text(c) for c in row):
            continue
        reason = _summary_reason(row, header, case_col)
        if reason:
            _empty(out, rows, i, Problem(number, "", "warning", f"{reason}; skipped (not a case)",
                                         "summary_row"))
            continue
        if sheet.delimiter:
            _check_width(out, rows, i, width_of, kinds, case_col, mapping, sheet.delimiter)
    _normalise_case_numbers(out, rows, start, case_col, mapping)
    _time_from_datetimes(rows, start, mapping)
    return out


def _report_nul_cells(out: RowChecks, number: int, nul_cells: dict[int, list[int]],
                      mapping: ColumnMapping) -> None:
    for c in nul_cells.get(number, ()):
        where = f"{column_letter(c)} {mapping.headers[c]!r}" if c < len(mapping.headers) \
            else column_letter(c)
        out.problems.append(Problem(number, where, "warning", "held NUL bytes (invisible "
                                    "control characters); they were removed", "nul_bytes"))


def _empty(out: RowChecks, rows: list[list], i: int, problem: Problem) -> None:
    out.original.setdefault(i + 1, [text(c) for c in rows[i]])
    out.problems.append(problem)
    rows[i] = []
    out.emptied += 1


def _trimmed_len(row: list) -> int:
    n = len(row)
    while n and not text(row[n - 1]):
        n -= 1
    return n


def _expected_width(rows: list[list], start: int, header: list[str] | None) -> int:
    if header is not None:
        return _trimmed_len(header)
    widths = Counter(_trimmed_len(r) for r in sample(rows, start))
    return widths.most_common(1)[0][0] if widths else 0


def _column_kinds(rows: list[list], start: int, width: int) -> list[str]:
    """The usual kind of value in each column, from the rows of the right width."""
    fitting = [r for r in sample(rows, start) if _trimmed_len(r) <= width <= len(r)]
    kinds = []
    for c in range(width):
        seen = Counter(cell_kind(r[c]) for r in fitting if c < len(r))
        kinds.append(seen.most_common(1)[0][0] if seen else "empty")
    return kinds


def _fit(cells: list, kinds: list[str]) -> int:
    return sum(1 for c, k in zip(cells, kinds, strict=False) if cell_kind(c) == k)


def _check_width(out: RowChecks, rows: list[list], i: int, width: int, kinds: list[str],
                 case_col: int | None, mapping: ColumnMapping, delimiter: str) -> None:
    row, number = rows[i], i + 1
    n = _trimmed_len(row)
    if n == width or width == 0 or (n < width <= len(row)):
        return  # every delimiter is there (trailing cells empty), or the row is the width
    name = _DELIMITER_NAMES.get(delimiter, repr(delimiter))
    if n == width + 1:
        best, best_fit = None, -1
        for j in range(n - 1):
            joined = [*row[:j], f"{row[j]}{delimiter}{row[j + 1]}", *row[j + 2:n]]
            if case_col is not None and not looks_like_case_number(joined[case_col]):
                continue
            fit = _fit(joined, kinds)
            if fit > best_fit:
                best, best_fit = j, fit
        if best is not None and best_fit >= _fit(row, kinds):
            out.original[number] = [text(c) for c in row]
            joined = f"{row[best]}{delimiter}{row[best + 1]}"
            rows[i] = [*row[:best], joined, *row[best + 2:]]
            out.problems.append(Problem(
                number, f"{column_letter(best)} {mapping.headers[best]!r}", "warning",
                f"had one cell more than the header: a {name} inside {text(joined)!r} split it, "
                f"which put the cells after it one column off; the two cells were joined again",
                "extra_cell_repaired"))
            return
    elif n < width and (case_col is None or (case_col < n and looks_like_case_number(row[case_col]))
                        ) and (not any(k != "empty" for k in kinds) or _fit(row[:n], kinds) >= n - 1):
        return  # trailing cells left out, and the cells there fit their columns: nothing moved
    _empty(out, rows, i, Problem(
        number, "", "rejected",
        f"has {n} cells where the header has {width}, and no single {name} inside a field "
        "explains it, so its values may be in the wrong columns; fix the row and import it again",
        "wrong_width"))


def _summary_reason(row: list, header: list[str] | None, case_col: int | None) -> str:
    """Why a row is not a case ('' when it may be one). Called for every row: it looks at
    no more than the first three filled cells unless the first cell repeats the header's."""
    filled: list[tuple[int, object]] = []
    for c, v in enumerate(row):
        if v is None or (type(v) is str and not v.strip()):
            continue
        filled.append((c, v.strip() if type(v) is str else v))
        if len(filled) == 3:
            break
    if header is not None and type(row[0]) is str and row[0].strip().lower() == header[0]:
        cells = [text(c).lower() for c in row]
        if cells[:len(header)] == header[:len(cells)]:
            return "repeats the header row (a page break?)"
    for _, v in filled:
        if type(v) is str and v[:1] in "TtSsGgCc" and TOTAL_WORDS.match(v):
            return f"a summary row ({v[:40]!r})"
    if len(filled) == 1 and len(header or row) >= 3:
        c, v = filled[0]
        if c != case_col or not looks_like_case_number(v):
            return f"a title, footer or merged row with only {text(v)[:40]!r}"
    return ""


def _normalise_case_numbers(out: RowChecks, rows: list[list], start: int, case_col: int | None,
                            mapping: ColumnMapping) -> None:
    if case_col is None:
        return
    odd: dict[str, list[int]] = {}
    for i in range(start, len(rows)):
        row = rows[i]
        if case_col >= len(row) or type(row[case_col]) is not str:
            continue
        value = row[case_col]
        if not value.isascii():
            value = normalise_case_number(value)
            row[case_col] = value
            if not value.isascii():
                odd.setdefault(value, []).append(i + 1)
    if not odd:
        return
    # Only the plain numbers that an odd one looks like (not a set of every case number).
    wanted = {skeleton(v) for v in odd}
    plain = {v for r in rows[start:] if case_col < len(r) and type(r[case_col]) is str
             and (v := r[case_col].strip().upper()) in wanted}
    column = _case_column(case_col, mapping)
    for value, (twin, script) in lookalike_twins(odd, plain).items():
        for number in odd[value]:
            out.original.setdefault(number, [text(c) for c in rows[number - 1]])
            rows[number - 1][case_col] = twin if twin else value
            said = (f"the case number {value!r} has {script} letters that look like Latin ones; "
                    + (f"it was taken as {twin!r}, a case number in this file"
                       if twin else "check it against the court's record"))
            if not twin:
                out.unresolved.setdefault(value, (script, []))[1].append(len(out.problems))
            out.problems.append(Problem(number, column, "warning", said, "lookalike_case_number"))


def _case_column(case_col: int, mapping: ColumnMapping) -> str:
    return f"{column_letter(case_col)} {mapping.headers[case_col]!r}"


def check_stored_twins(out: RowChecks, rows: list[list], mapping: ColumnMapping,
                       court_of: Callable[[list], str], stored_plain: list[tuple[str, str]],
                       stored_odd: list[tuple[str, str]]) -> None:
    """Look-alikes of case numbers already in the database, reported by row with both numbers.

    stored_plain: (court, number) of stored cases whose number is what an unresolved odd
    number of the file looks like; such a row is taken as that case when the court is the
    same (one case, not a look-alike second one). stored_odd: stored numbers that have
    look-alike letters themselves; a plain number of the file that looks like one is
    reported (which of the two is right is for the clerk to check).
    `court_of(row)`: the row's court as the import keys it (upper case).
    """
    case_cols = mapping.fields.get("case_number", [])
    if len(case_cols) != 1:
        return
    case_col = case_cols[0]
    column = _case_column(case_col, mapping)
    by_number: dict[str, list[tuple[str, str]]] = {}
    for court, number in stored_plain:
        by_number.setdefault(number.upper(), []).append((court, number))
    for value, (script, indexes) in out.unresolved.items():
        found = by_number.get(skeleton(value))
        if not found:
            continue
        for i in indexes:
            problem = out.problems[i]
            row = rows[problem.row - 1]
            same = [n for c, n in found if c.upper() == court_of(row)]
            if same:
                row[case_col] = same[0]
                said = (f"the case number {value!r} has {script} letters that look like Latin "
                        f"ones; it was taken as {same[0]!r}, a case already in the database")
            else:
                court, number = found[0]
                said = (f"the case number {value!r} has {script} letters that look like Latin "
                        f"ones, like {number!r}, a case already in the database (court "
                        f"{court!r}, not this row's); check it against the court's record")
            out.problems[i] = Problem(problem.row, column, "warning", said,
                                      "lookalike_case_number")
    twins: dict[str, tuple[str, str]] = {}
    for court, number in stored_odd:
        look = skeleton(normalise_case_number(number))
        if look.isascii() and look != number.upper():
            twins[look] = (court, number)
    if not twins:
        return
    for i in range(mapping.data_start, len(rows)):
        row = rows[i]
        if case_col >= len(row) or type(row[case_col]) is not str:
            continue
        hit = twins.get(row[case_col].strip().upper())
        if hit and hit[0].upper() == court_of(row):
            out.problems.append(Problem(
                i + 1, column, "warning",
                f"the case number {row[case_col].strip()!r} looks like {hit[1]!r}, a case already "
                "in the database whose number has letters of another script that look like "
                "Latin ones; they are kept apart: check which number is the court's",
                "lookalike_case_number"))


def _time_from_datetimes(rows: list[list], start: int, mapping: ColumnMapping) -> None:
    """A hearing column of Excel date-times (14 Dec 2026 9:00) gives the time too, when no
    column holds the time: a new column past the last, empty where the time is midnight."""
    cols = mapping.fields.get("hearing_date", [])
    if "hearing_time" in mapping.fields or len(cols) != 1:
        return
    col = cols[0]
    timed = [r[col] for r in rows[start:start + 400] if col < len(r)
             and isinstance(r[col], datetime) and r[col].time() != time()]
    if not timed:
        return
    new = len(mapping.headers)
    mapping.headers.append(f"time of {mapping.headers[col]}")
    mapping.fields["hearing_time"] = [new]
    mapping.confidence["hearing_time"] = 1.0
    for i in range(start, len(rows)):
        row = rows[i]
        value = row[col] if col < len(row) else None
        if isinstance(value, datetime) and value.time() != time():
            row.extend([None] * (new - len(row)))
            row.append(value.time())
