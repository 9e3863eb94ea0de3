"""Which column of the docket holds which field.

Every case-management system names its columns differently ("Case No.",
"Docket #", "CaseNumber"). courtscreen proposes a mapping from the header row
with a confidence per field, and the user can override any part of it with
an explicit mapping (column by header name, letter or 1-based position,
several joined with '+') or a saved profile. A proposal is checked against the
content (content_mapping): a "case number" column must hold case numbers.
Files with no header row get a proposal from their content alone.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from courtscreen.importing.content_mapping import (
    LOOKED_FOR,
    ampm_column,
    best_case_column,
    judge_case_column,
    looks_like_case_number,
    propose_by_content,
    sample,
)

HEADER_SCAN_ROWS = 20
ACCEPT_SCORE = 0.86


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    synonyms: tuple[str, ...]


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("case_number", "Case number", (
        "case number", "case", "docket", "docket number", "case id", "cause number",
        "file number", "case file number", "matter number", "index number", "case docket")),
    FieldSpec("court", "Court", (
        "court", "court name", "county", "court location", "jurisdiction", "venue", "circuit")),
    FieldSpec("division", "Division", ("division", "court division", "section", "court type")),
    FieldSpec("case_type", "Case type", (
        "case type", "type", "case category", "category", "case class", "type of case",
        "case subtype", "matter type")),
    FieldSpec("nature", "Nature / hearing type", (
        "nature", "nature of action", "nature of case", "nature of suit", "hearing type",
        "event type", "event", "proceeding", "proceeding type", "charge", "charges", "offense",
        "offence", "description", "cause of action", "case description", "hearing description",
        "hearing purpose", "purpose", "matter")),
    FieldSpec("case_title", "Case title", (
        "case title", "title", "caption", "style", "case name", "case style", "parties")),
    FieldSpec("filing_date", "Filing date", (
        "filed", "filing date", "date filed", "file date", "filed date", "opened", "date opened")),
    FieldSpec("hearing_date", "Hearing date", (
        "hearing date", "date", "event date", "court date", "scheduled date", "session date",
        "next hearing", "next hearing date", "calendar date", "appearance date", "hearing")),
    FieldSpec("hearing_time", "Hearing time", (
        "time", "hearing time", "event time", "start time", "scheduled time", "session time")),
    FieldSpec("judge", "Judge", (
        "judge", "judicial officer", "hearing officer", "magistrate", "assigned judge",
        "justice", "judge name")),
    FieldSpec("courtroom", "Courtroom", (
        "courtroom", "court room", "room", "department", "dept", "hearing room",
        "courtroom location", "location")),
    FieldSpec("status", "Status", ("status", "case status", "disposition", "state")),
    FieldSpec("notes", "Notes", ("notes", "note", "comments", "comment", "remarks")),
    FieldSpec("petitioner", "Petitioner / plaintiff", (
        "petitioner", "plaintiff", "petitioner plaintiff", "plaintiff petitioner", "applicant",
        "complainant", "movant", "party 1", "first party", "petitioner name", "plaintiff name")),
    FieldSpec("respondent", "Respondent / defendant", (
        "respondent", "defendant", "respondent defendant", "defendant respondent", "accused",
        "party 2", "second party", "respondent name", "defendant name")),
    FieldSpec("petitioner_dob", "Petitioner date of birth", (
        "petitioner dob", "plaintiff dob", "petitioner date of birth", "plaintiff date of birth")),
    FieldSpec("respondent_dob", "Respondent date of birth", (
        "respondent dob", "defendant dob", "respondent date of birth", "defendant date of birth",
        "dob", "date of birth", "birth date")),
    FieldSpec("victim", "Victim / protected party", (
        "victim", "alleged victim", "protected party", "protected person", "victim name")),
    FieldSpec("child", "Children", ("child", "children", "minor", "minors", "minor child")),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
_SYNONYMS = [(syn, f.name) for f in FIELDS for syn in f.synonyms]
_EXACT = {syn: name for syn, name in reversed(_SYNONYMS)}


class MappingError(Exception):
    """The columns cannot be mapped; the message says what was looked for.

    `code`: 'no_case_numbers' (no column holds case numbers), 'bad_column' (a column named
    in the mapping does not exist), 'bad_mapping' (a mapping written wrongly). Each front end
    says in its own words how to name the columns.
    """

    def __init__(self, message: str, code: str = "bad_mapping"):
        super().__init__(message)
        self.code = code


def normalise_header(text: object) -> str:
    """'Case No.' / 'Docket #' / 'CaseNumber' / 'hearing_date (mm/dd)' -> plain words."""
    s = re.sub(r"\(.*?\)", " ", str(text or ""))
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", s).lower()
    s = s.replace("#", " number ").replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", s)
    words = ["number" if w in ("no", "num", "nbr", "nr") else w for w in words]
    return " ".join(words)


def score_header(text: object) -> tuple[str | None, float]:
    """Best field for one header cell and the confidence (0..1)."""
    norm = normalise_header(text)
    if not norm:
        return None, 0.0
    if norm in _EXACT:
        return _EXACT[norm], 1.0
    best, best_score = None, 0.0
    for syn, name in _SYNONYMS:
        s = fuzz.ratio(norm, syn) / 100
        if s > best_score:
            best, best_score = name, s
    return (best, best_score) if best_score >= ACCEPT_SCORE else (None, best_score)


@dataclass
class ColumnMapping:
    headers: list[str]  # one label per column: the header text, or "column N"
    header_row: int | None  # 1-based row of the header; None when the file has none
    fields: dict[str, list[int]] = field(default_factory=dict)  # field -> 0-based columns
    confidence: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        """0-based index of the first data row."""
        return self.header_row if self.header_row is not None else 0

    def describe(self, field_name: str) -> str:
        cols = self.fields.get(field_name, [])
        return " + ".join(f"{column_letter(c)} {self.headers[c]!r}" for c in cols)

    def to_profile_map(self) -> dict[str, list[str]]:
        """Columns named by header text when there is a header, else by position."""
        out = {}
        for name, cols in self.fields.items():
            if self.header_row is not None:
                out[name] = [self.headers[c] for c in cols]
            else:
                out[name] = [str(c + 1) for c in cols]
        return out


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return letters


def find_header_row(rows: list[list]) -> int | None:
    """0-based index of the row that looks most like a header, skipping title rows."""
    best, best_score = None, 0.0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        fields = {}
        for cell in row:
            name, s = score_header(cell)
            if name and s > fields.get(name, 0):
                fields[name] = s
        score = sum(fields.values()) + (1.0 if "case_number" in fields else 0.0)
        plausible = len(fields) >= 2 or fields.get("case_number", 0.0) >= 1.0
        if plausible and score > best_score:
            best, best_score = i, score
    return best


def _row_naming(rows: list[list], explicit: dict[str, list[str]]) -> int | None:
    """The first row whose cells include every column name the user's mapping gives."""
    names = {normalise_header(r) for refs in explicit.values() for r in refs
             if not r.strip().isdigit() and not re.fullmatch(r"[A-Za-z]{1,2}", r.strip())}
    if not names:
        return None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if names <= {normalise_header(c) for c in row}:
            return i
    return None


def propose_mapping(header: list) -> tuple[dict[str, list[int]], dict[str, float], list[str]]:
    """Greedy best-first assignment: each field once, each column once."""
    candidates = []
    seen: dict[str, int] = {}
    warnings = []
    for col, cell in enumerate(header):
        norm = normalise_header(cell)
        if norm and norm in seen:
            warnings.append(
                f"columns {column_letter(seen[norm])} and {column_letter(col)} are both headed "
                f"{str(cell).strip()!r}; using {column_letter(seen[norm])}. Map the field to "
                f"{column_letter(col)} if that is the right one."
            )
            continue
        seen[norm] = col
        for syn, name in _SYNONYMS:
            s = 1.0 if norm == syn else fuzz.ratio(norm, syn) / 100
            if s >= ACCEPT_SCORE:
                candidates.append((s, col, name))
    candidates.sort(key=lambda t: (-t[0], t[1]))
    fields: dict[str, list[int]] = {}
    confidence: dict[str, float] = {}
    used: set[int] = set()
    for s, col, name in candidates:
        if name in fields or col in used:
            continue
        fields[name], confidence[name] = [col], round(s, 2)
        used.add(col)
    return fields, confidence, warnings


def parse_map_spec(spec: str) -> dict[str, list[str]]:
    """'case_number=docket,hearing_date=day+month' -> {'case_number': ['docket'], ...}."""
    out: dict[str, list[str]] = {}
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        name, eq, cols = part.partition("=")
        name = name.strip().lower().replace(" ", "_").replace("-", "_")
        if not eq or not cols.strip():
            raise MappingError(f"mapping {part!r}: write FIELD=COLUMN, e.g. case_number=B")
        if name not in FIELD_BY_NAME:
            raise MappingError(
                f"mapping {part!r}: unknown field {name!r}; fields are "
                + ", ".join(f.name for f in FIELDS)
            )
        out[name] = [c.strip() for c in cols.split("+") if c.strip()]
        if not out[name]:
            raise MappingError(f"mapping {part!r}: name at least one column after '='")
    return out


def resolve_column(ref: str, headers: list[str], has_header: bool) -> int:
    """A column named by 1-based position, letter (when no header matches) or header text."""
    ref = ref.strip()
    if ref.isdigit():
        index = int(ref) - 1
        if not 0 <= index < len(headers):
            raise MappingError(f"column {ref} does not exist: the file has {len(headers)} columns",
                               "bad_column")
        return index
    if has_header:
        wanted = normalise_header(ref)
        for i, h in enumerate(headers):
            if normalise_header(h) == wanted:
                return i
    if re.fullmatch(r"[A-Za-z]{1,2}", ref):
        index = _letter_index(ref)
        if index < len(headers):
            return index
    known = ", ".join(repr(h) for h in headers) if has_header else f"1..{len(headers)}"
    raise MappingError(f"no column {ref!r} in the file; columns are {known}", "bad_column")


def _letter_index(ref: str) -> int:
    n = 0
    for ch in ref.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_headers(rows: list[list], has_header: bool | None = None) -> tuple[list[str], int | None]:
    """Each column's label and the 1-based header row (None: no header row), unjudged."""
    width = max((len(r) for r in rows[:200]), default=0)
    index = find_header_row(rows) if has_header is not False else None
    if has_header and index is None:
        index = 0
    if index is None:
        return [f"column {i + 1}" for i in range(width)], None
    header = list(rows[index]) + [""] * (width - len(rows[index]))
    return [str(h).strip() if str(h or "").strip() else f"column {i + 1}"
            for i, h in enumerate(header)], index + 1


def build_mapping(
    rows: list[list], explicit: dict[str, list[str]] | None = None, has_header: bool | None = None,
    unmapped: frozenset[str] = frozenset(),
) -> ColumnMapping:
    """Find the header, propose a mapping, check it against the content, and apply the
    user's explicit choices on top."""
    explicit = explicit or {}
    width = max((len(r) for r in rows[:200]), default=0)
    header_index = find_header_row(rows) if has_header is not False else None
    if header_index is None and has_header is not False and explicit:
        header_index = _row_naming(rows, explicit)
    if has_header and header_index is None:
        header_index = 0
    if header_index is not None:
        header = list(rows[header_index]) + [""] * (width - len(rows[header_index]))
        headers = [str(h).strip() if str(h or "").strip() else f"column {i + 1}"
                   for i, h in enumerate(header)]
        fields, confidence, warnings = propose_mapping(header)
    else:
        headers = [f"column {i + 1}" for i in range(width)]
        fields, confidence, warnings = {}, {}, []
    mapping = ColumnMapping(
        headers=headers,
        header_row=None if header_index is None else header_index + 1,
        fields=fields, confidence=confidence, warnings=warnings,
    )
    data = sample(rows, mapping.data_start)
    if header_index is None:
        mapping.fields, mapping.confidence = propose_by_content(data, width)
        header_index = _unnamed_header(rows, mapping, has_header)
        if header_index is not None:  # a header of names no synonym knows ("Ref", "When")
            mapping.header_row = header_index + 1
            mapping.headers = [str(h).strip() if str(h or "").strip() else f"column {i + 1}"
                               for i, h in enumerate(list(rows[header_index])
                                                     + [""] * (width - len(rows[header_index])))]
            data = sample(rows, mapping.data_start)
            mapping.fields, mapping.confidence = propose_by_content(data, width)
    else:
        join_split_columns(mapping, data)
    for name, refs in explicit.items():
        cols = [resolve_column(r, headers, header_index is not None) for r in refs]
        for other, other_cols in list(mapping.fields.items()):
            if other != name and set(other_cols) & set(cols) and other not in explicit:
                del mapping.fields[other]
                mapping.confidence.pop(other, None)
        mapping.fields[name] = cols
        mapping.confidence[name] = 1.0
    for name in unmapped - set(explicit):
        mapping.fields.pop(name, None)
        mapping.confidence.pop(name, None)
    _check_case_numbers(mapping, data, "case_number" in explicit)
    return mapping


def _unnamed_header(rows: list[list], mapping: ColumnMapping, has_header: bool | None) -> int | None:
    """The first non-blank row, when the content says it is a header after all: its cell in
    the case-number column is a word where the rows below hold case numbers, and none of its
    cells is a number or date."""
    cols = mapping.fields.get("case_number")
    if has_header is False or not cols:
        return None
    first = next((i for i, r in enumerate(rows[:HEADER_SCAN_ROWS])
                  if any(str(c or "").strip() for c in r)), None)
    if first is None or cols[0] >= len(rows[first]):
        return None
    cells = [c for c in rows[first] if str(c or "").strip()]
    words = all(isinstance(c, str) and not any(ch.isdigit() for ch in c) for c in cells)
    return first if words and not looks_like_case_number(rows[first][cols[0]]) else None


def _check_case_numbers(mapping: ColumnMapping, data: list[list], explicit: bool) -> None:
    """The case-number column must hold case numbers; else find the one that does, or refuse."""
    cols = mapping.fields.get("case_number")
    if cols and len(cols) > 1:
        return  # joined from several columns: each part need not look like a whole number
    judged = judge_case_column(data, cols[0]) if cols else None
    if judged is not None and (judged.plausible or not data):
        return
    if judged is not None and explicit:
        mapping.warnings.append(f"the case-number column {mapping.describe('case_number')} does "
                                f"not look like case numbers ({judged.describe()}); check it")
        return
    better = best_case_column(data, len(mapping.headers))
    if better is not None:
        if judged is not None:
            mapping.warnings.append(
                f"the column {mapping.describe('case_number')} was named like a case number but "
                f"does not hold case numbers ({judged.describe()}); column "
                f"{column_letter(better.column)} {mapping.headers[better.column]!r} does, and "
                "is used instead")
        for other, other_cols in list(mapping.fields.items()):
            if better.column in other_cols:
                del mapping.fields[other]
                mapping.confidence.pop(other, None)
        mapping.fields["case_number"] = [better.column]
        mapping.confidence["case_number"] = round(better.shape_share, 2)
        return
    what = (f"the column {mapping.describe('case_number')} ({judged.describe()})" if judged
            else "no column")
    raise MappingError(
        f"no column holds case numbers: looked for {LOOKED_FOR}; found {what}. Headers: "
        + ", ".join(repr(h) for h in mapping.headers[:20]), "no_case_numbers")


_MERIDIEM_HEADERS = {"am pm", "ampm", "am", "pm", "meridiem", "a p", "am or pm"}


def join_split_columns(mapping: ColumnMapping, data: list[list]) -> None:
    """Join what a calendar splits: time + am/pm, and day + month (+ year) into a date.

    Done whenever the columns are recognised, with or without a profile: a time column
    of "3:00" beside an "am_pm" column of "pm" is 15:00, never 03:00.
    """
    used = {c for cols in mapping.fields.values() for c in cols}
    norm = [normalise_header(h) for h in mapping.headers]
    time_cols = mapping.fields.get("hearing_time")
    if time_cols and len(time_cols) == 1:
        meridiem = next((i for i, h in enumerate(norm) if h in _MERIDIEM_HEADERS
                         and i not in used), None)
        if meridiem is None:
            columns = {c: [r[c] for r in data if c < len(r) and str(r[c] or "").strip()]
                       for c in range(len(mapping.headers))}
            meridiem = ampm_column(columns, used)
        if meridiem is not None:
            time_cols.append(meridiem)
            used.add(meridiem)
    if "hearing_date" not in mapping.fields:
        parts = [next((i for i, h in enumerate(norm) if h == want and i not in used), None)
                 for want in ("day", "month", "year")]
        if parts[0] is not None and parts[1] is not None:
            mapping.fields["hearing_date"] = [p for p in parts if p is not None]
            mapping.confidence["hearing_date"] = 0.9

