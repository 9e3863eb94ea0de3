"""Docket rows -> clean case records, with every rejected row explained.

This is the pure part of an import: no database. Each data row becomes a
CaseRecord or a Problem naming its row, column and what to fix. Rows that
repeat a case already seen in the file (a case with several hearings on one
calendar, a charge file with a row per charge) are one case keeping the
earliest hearing, and every row is kept as one of the case's docket entries.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from itertools import zip_longest
from operator import itemgetter
from typing import TYPE_CHECKING

from courtscreen.domain.case_types import CaseType, CaseTypeRules, normalise_words
from courtscreen.domain.names import (
    PersonName,
    parse_person_name,
    split_case_title,
    split_names,
)
from courtscreen.domain.triage import Flag, TriageRules, encode
from courtscreen.importing.mapping import FIELD_BY_NAME, ColumnMapping, column_letter
from courtscreen.importing.normalise import YearPolicy, parse_date, parse_time, shown, text

if TYPE_CHECKING:
    from courtscreen.importing.stream import Conversion, ConversionStream

CRIMINAL = {CaseType.DOMESTIC_VIOLENCE, CaseType.OTHER_CRIMINAL}
_UNSEEN = object()
_LETTER_CODES = re.compile(r"[A-Z]+")
Progress = Callable[[str, int, int], None]
_SOURCE_JSON = json.JSONEncoder(ensure_ascii=False, default=str)  # one encoder for 50,000 rows
_QUOTE = json.encoder.encode_basestring  # what that encoder quotes each text with (C)


def source_json(cells: dict) -> str:
    """A row's cells as JSON text, the same text as _SOURCE_JSON.encode gives. A row's
    cells are text: those are joined here directly (json's encode() sets up a new encoder
    on each call, a third of the time for 130,000 small rows); anything else goes to it."""
    try:
        return "{" + ", ".join([f"{_QUOTE(k)}: {_QUOTE(v)}" for k, v in cells.items()]) + "}"
    except TypeError:  # a key or value that is not text
        return _SOURCE_JSON.encode(cells)
RECORD_TEXT_FIELDS = ("court", "case_type", "division", "nature", "case_title", "judge",
                      "courtroom", "status", "notes")
PARTY_TEXT_FIELDS = ("petitioner", "respondent", "victim", "child")


@dataclass(frozen=True)
class Problem:
    row: int  # 1-based, as the spreadsheet shows it
    column: str  # "B 'Hearing Date'" or ""
    severity: str  # "rejected" | "warning"
    message: str
    code: str = ""  # stable, e.g. "summary_row"; importing.report.problem_code fills the rest

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class PartyRecord:
    """One party of a case as the docket names them.

    A small slotted class: a 50,000-row import builds 100,000 of them and looks up each
    one's identity several times, so it is worked out once, here.
    """

    __slots__ = ("role", "name", "dob", "identity")

    def __init__(self, role: str, name: PersonName, dob: date | None = None):
        self.role, self.name, self.dob = role, name, dob
        # Who this is on a docket (name, middle initial, suffix, date of birth): one party row.
        self.identity: tuple[str, date | None] = (name.identity, dob)

    def _fields(self) -> tuple:
        return (self.role, self.name, self.dob)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartyRecord) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"PartyRecord(role={self.role!r}, name={self.name!r}, dob={self.dob!r})"


CHARGE_FIELDS = ("statute", "severity", "disposition")
_CHARGE_HEADER = re.compile(r"charge|offen[cs]e|count|statute|violation|crime", re.IGNORECASE)


class EntryRecord:
    """One docket row of a case (a charge, a hearing or an event) with its own fields.

    A charge file has a row per charge: the case is what the rows share, and every row is
    kept as an entry (store table docket_entry), never merged away.
    """

    __slots__ = ("row", "kind", "text", "code", "severity", "disposition", "disposition_date",
                 "entry_date", "entry_time", "judge", "source")

    def __init__(self, row: int, kind: str, text: str, code: str = "", severity: str = "",
                 disposition: str = "", disposition_date: date | None = None,
                 entry_date: date | None = None, entry_time: time | None = None, judge: str = "",
                 source: dict | None = None):
        self.row, self.kind, self.text, self.code = row, kind, text, code
        self.severity, self.disposition, self.disposition_date = severity, disposition, disposition_date
        self.entry_date, self.entry_time, self.judge = entry_date, entry_time, judge
        self.source = source if source is not None else {}  # dict, or its JSON text once merged

    def charge_only_fields(self) -> str:
        """What this entry holds beyond the case's own fields (for the case's content hash)."""
        return f"{self.kind}|{self.text}|{self.code}|{self.severity}|{self.disposition}|" \
               f"{shown(self.disposition_date)}|{shown(self.entry_date)}|{shown(self.entry_time)}"

    def __repr__(self) -> str:
        return f"EntryRecord(row={self.row}, kind={self.kind!r}, text={self.text!r})"


@dataclass(slots=True)  # slots: 50,000 records per import, a third smaller without __dict__
class CaseRecord:
    row: int
    court: str
    case_number: str
    case_type: CaseType = CaseType.OTHER
    case_type_reason: str = ""
    type_label: str = ""
    division: str = ""
    nature: str = ""
    case_title: str = ""
    filing_date: date | None = None
    hearing_date: date | None = None
    hearing_time: time | None = None
    judge: str = ""
    courtroom: str = ""
    status: str = ""
    notes: str = ""
    parties: list[PartyRecord] = field(default_factory=list)
    source: dict[str, str] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    flags_text: str = ""  # encode(flags), worked out once per kind of case
    triage_rank: int = 50  # domain.triage priority number of the strongest flag
    entries: list[EntryRecord] = field(default_factory=list)  # every docket row of the case
    source_text: str = field(default="", init=False, repr=False, compare=False)
    # (COURT, CASE NUMBER): the case's identity; looked up several times per row on import
    key: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.key = (self.court.upper(), self.case_number.upper())

    def content_hash(self) -> str:
        """Everything an import sets, so an unchanged row can be recognised and left alone."""
        # The fields joined by \x1f (None and dates as str() gives them), then each party,
        # then the flags: the same text every version has hashed, so that rows imported
        # before stay "unchanged".
        head = (f"{self.court}\x1f{self.case_number}\x1f{self.case_type.value}\x1f"
                f"{self.case_type_reason}\x1f{self.division}\x1f{self.nature}\x1f"
                f"{self.case_title}\x1f{shown(self.filing_date)}\x1f{shown(self.hearing_date)}\x1f"
                f"{shown(self.hearing_time)}\x1f{self.judge}\x1f{self.courtroom}\x1f{self.status}\x1f"
                f"{self.notes}")
        parties = sorted([f"{p.role}|{p.name.full}|{p.name.key}|{shown(p.dob)}" for p in self.parties])
        parts = [head, *parties, self.flags_text]
        # Every docket row (a second charge, a changed verdict) counts; a case of one plain
        # row hashes as it always has, so that re-importing an older docket is "unchanged".
        if len(self.entries) > 1 or any(e.code or e.severity or e.disposition
                                        for e in self.entries):
            parts += [e.charge_only_fields() for e in self.entries]
        text = "\x1f".join(parts)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def source_json(self) -> str:
        """The source row as JSON text, encoded once (the case row and its first docket entry
        both store it)."""
        if not self.source_text:
            self.source_text = source_json(self.source)
        return self.source_text

    def search_text(self) -> str:
        """What the worklist's free-text search looks in: case number, party names and the
        text and codes of every charge and hearing row."""
        words = [self.case_number.lower()] + [p.name.full.lower() for p in self.parties]
        seen = set()
        for e in self.entries:
            for value in (e.text, e.code):
                low = value.lower()
                if low and low not in seen:
                    seen.add(low)
                    words.append(low)
        if not self.entries and self.nature:
            words.append(self.nature.lower())
        return " ".join(words)


class RowConverter:
    """Applies a mapping to the rows of one sheet."""

    def __init__(self, mapping: ColumnMapping, rules: CaseTypeRules, years: YearPolicy,
                 default_court: str = "", triage: TriageRules | None = None):
        self.mapping, self.rules, self.years = mapping, rules, years
        self.triage = triage or TriageRules.load()
        self._class_cache: dict[tuple, tuple] = {}
        # The parties of a row's party cells: a charge file repeats the defendant on every
        # charge row of a case (PartyRecords are never changed once made, so rows share them)
        self._party_cache: dict[tuple, tuple[PartyRecord, ...]] = {}
        self._dates: dict[str, date | None] = {}  # see _date
        self.default_court = default_court
        self.cols = mapping.fields
        self.single = {name: cols[0] for name, cols in mapping.fields.items() if len(cols) == 1}
        self._charge_kind = "charge" if (
            any(n in self.cols for n in CHARGE_FIELDS)
            or any(_CHARGE_HEADER.search(mapping.headers[c]) for c in self.cols.get("nature", ())))\
            else "hearing"
        self._dob_fields = [(role, name) for role, name in (("petitioner", "petitioner_dob"),
                                                            ("respondent", "respondent_dob"))
                            if name in self.cols]
        self._date_fields = [n for n in ("filing_date", "hearing_date", "hearing_time")
                             if n in self.cols]
        self.use_blank_column(None)

    def use_blank_column(self, blank: int | None) -> None:
        """Read each row's text fields with one itemgetter call instead of a method call per
        field (a quarter of the conversion time on a big docket). `blank`: a column index past
        every row's last cell, so that clean_cells pads it empty and unmapped fields read "".
        None: a method call per field, for rows not padded that way."""
        def getter(names: tuple[str, ...]) -> Callable[[list[str]], tuple[str, ...]]:
            if blank is None or any(len(self.cols.get(n, ())) > 1 for n in names):
                return lambda cells: tuple(self._text(cells, n) for n in names)
            return itemgetter(*(self.single.get(n, blank) for n in names))

        self._record_texts = getter(RECORD_TEXT_FIELDS)
        self._party_texts = getter(PARTY_TEXT_FIELDS)
        self._entry_texts = getter(CHARGE_FIELDS)

    def _column(self, name: str) -> str:
        cols = self.cols.get(name, [])
        if not cols:
            return ""
        return " + ".join(f"{column_letter(c)} {self.mapping.headers[c]!r}" for c in cols)

    def _text(self, cells: list[str], name: str) -> str:
        """The field's text: one column, or several joined with spaces."""
        col = self.single.get(name)
        if col is not None:
            return cells[col]  # clean_cells pads short rows to the header's width
        cols = self.cols.get(name)
        if not cols:
            return ""
        return " ".join(cells[c] for c in cols if cells[c])

    def _value(self, row: list, cells: list[str], name: str):
        """The field's typed value (a date cell stays a date) for date and time fields."""
        cols = self.cols.get(name)
        if cols and len(cols) == 1:
            return row[cols[0]] if cols[0] < len(row) else None
        return self._text(cells, name) or None

    def _date(self, raw):
        """parse_date, remembered per distinct text (a docket repeats its dates thousands of
        times). A date without a year is worked out every time: each one is counted for the
        report's note. A text that is no date raises every time, for each row's problem."""
        if type(raw) is not str:
            return parse_date(raw, self.years)
        known = self._dates.get(raw, _UNSEEN)
        if known is not _UNSEEN:
            return known
        years = self.years
        before = years.inferred
        value = parse_date(raw, years)
        if years.inferred == before:
            if len(self._dates) > CACHE_LIMIT:
                self._dates.clear()
            self._dates[raw] = value
        return value

    def convert(self, rows: list[list], progress: Progress | None = None) -> Conversion:
        """Every row at once (a preview, a small docket): the stream in a single chunk."""
        stream = self.stream(rows, progress)
        for _ in stream:
            pass
        return stream.result()

    def stream(self, rows: list[list], progress: Progress | None = None,
               chunk_rows: int | None = None, keep_records: bool = True) -> ConversionStream:
        """The rows converted `chunk_rows` at a time (None: all in one chunk); see
        importing.stream."""
        from courtscreen.importing.stream import ConversionStream

        return ConversionStream(self, rows, progress, chunk_rows, keep_records)

    def key_of(self, cells) -> tuple[str, str] | None:
        """(COURT, CASE NUMBER) of a row's cleaned cells, as CaseRecord.key; None without a
        case number."""
        number = self._text(cells, "case_number")
        if not number:
            return None
        court = self._text(cells, "court") or self.default_court
        return (court.upper(), number.upper())

    def _record(self, row: list, cells: list[str], number: int,
                problems: list[Problem]) -> CaseRecord | None:
        text_of = self._text
        case_number = text_of(cells, "case_number")
        if not case_number:
            problems.append(Problem(number, self._column("case_number"), "rejected",
                                    "no case number; fill it in or delete the row, then import again"))
            return None
        court, type_label, division, nature, title, judge, room, status, notes = \
            self._record_texts(cells)
        rec = CaseRecord(row=number, court=court or self.default_court, case_number=case_number,
                         type_label=type_label, division=division, nature=nature,
                         case_title=title, judge=judge, courtroom=room, status=status, notes=notes)
        for name in self._date_fields:  # an unmapped one stays None
            try:
                raw = self._value(row, cells, name)
                value = parse_time(raw) if name == "hearing_time" else self._date(raw)
            except ValueError as exc:
                problems.append(Problem(number, self._column(name), "rejected",
                                        f"{FIELD_BY_NAME[name].label}: {exc}; "
                                        "correct it and import again"))
                return None
            setattr(rec, name, value)
        rec.parties = self._parties(row, cells, number, rec, problems)
        rec.source = {h: v for h, v in zip(self.mapping.headers, cells, strict=False) if v}
        rec.entries = [self._entry(row, cells, number, rec, problems)]
        return rec

    def _entry(self, row, cells, number, rec: CaseRecord, problems) -> EntryRecord:
        """The row itself as a docket entry: its charge or hearing with its own fields."""
        when = None
        if "disposition_date" in self.cols:
            try:
                when = self._date(self._value(row, cells, "disposition_date"))
            except ValueError as exc:
                problems.append(Problem(number, self._column("disposition_date"), "warning",
                                        f"disposition date ignored: {exc}"))
        statute, severity, disposition = self._entry_texts(cells)
        return EntryRecord(number, self._charge_kind, rec.nature, statute, severity, disposition,
                           when, rec.hearing_date, rec.hearing_time, rec.judge, rec.source)

    def _parties(self, row, cells, number, rec: CaseRecord, problems) -> list[PartyRecord]:
        cells_of = self._party_texts(cells)
        if self._dob_fields:  # a date of birth may be wrong on one row only: row by row
            return self._parse_parties(row, cells, number, rec, problems, cells_of)
        key = (*cells_of, rec.case_title)
        known = self._party_cache.get(key)
        if known is None:
            if len(self._party_cache) > CACHE_LIMIT:
                self._party_cache.clear()
            known = self._party_cache[key] = tuple(
                self._parse_parties(row, cells, number, rec, problems, cells_of))
        return list(known)

    def _parse_parties(self, row, cells, number, rec: CaseRecord, problems,
                       cells_of: tuple[str, ...]) -> list[PartyRecord]:
        pet_cell, resp_cell, victim_cell, child_cell = cells_of
        if not resp_cell:
            title = split_case_title(pet_cell, strict=True) or split_case_title(rec.case_title)
            if title:
                pet_cell, resp_cell = title
        elif not pet_cell and rec.case_title:
            title = split_case_title(rec.case_title)
            pet_cell = title[0] if title else ""
        dobs = {}
        for role, name in self._dob_fields:
            try:
                dobs[role] = parse_date(self._value(row, cells, name))
            except ValueError as exc:
                problems.append(Problem(number, self._column(name), "warning",
                                        f"date of birth ignored: {exc}"))
        parties = []
        for role, cell in (("petitioner", pet_cell), ("respondent", resp_cell),
                           ("victim", victim_cell), ("child", child_cell)):
            if not cell:
                continue
            names = split_names(cell)
            for raw in names:
                parsed = parse_person_name(raw)
                if parsed:
                    dob = dobs.get(role) if len(names) == 1 else None
                    parties.append(PartyRecord(role, parsed, dob))
        return parties

    def _classify(self, rec: CaseRecord) -> Problem | None:
        """Set the case type and flags; returns the warning about a docket number given as
        the hearing type, if there is one."""
        # A docket repeats a few dozen (type, nature, case-number code) combinations
        # thousands of times: classify each combination once.
        key = (tuple(_LETTER_CODES.findall(rec.case_number.upper())), rec.type_label, rec.nature)
        cached = self._class_cache.get(key)
        if cached is None:
            result = self.rules.classify(rec.case_number, rec.type_label, rec.nature)
            flags = self.triage.flags(result.case_type, rec.nature, rec.type_label)
            cached = (result, flags, encode(flags), self.triage.priority(f.code for f in flags))
            self._class_cache[key] = cached
        result, rec.flags, rec.flags_text, rec.triage_rank = cached
        rec.case_type, rec.case_type_reason = result.case_type, result.reason
        if rec.case_type in CRIMINAL:
            rec.parties = [PartyRecord("defendant", p.name, p.dob) if p.role == "respondent" else p
                           for p in rec.parties]
        if rec.nature[:1].isdigit() and normalise_words(rec.nature).strip().startswith(
                normalise_words(rec.case_number).strip()):
            return Problem(rec.row, self._column("nature"), "warning",
                           f"the hearing type {rec.nature!r} is a docket number, not a hearing "
                           f"type; case type set from other columns ({result.case_type.label})")
        return None


CACHE_LIMIT = 20_000  # distinct values remembered per column between chunks


def clean_cells(rows: list[list], width: int = 0,
                caches: list[dict] | None = None) -> list[list[str]]:
    """Every cell as trimmed text (normalise.text), each row as wide as the widest and at
    least `width` (the header's), so that every mapped column can be indexed.
    `caches`: one dict per column, kept between the chunks of one sheet.

    Worked column by column: a docket column repeats the same dates, judges and
    hearing types thousands of times, so each distinct value is cleaned once and
    the rest is a dictionary look-up (a quarter of an import's conversion time
    otherwise goes on cleaning the same text again).
    """
    columns = list(zip_longest(*rows, fillvalue=None))
    columns += [(None,) * len(rows)] * (width - len(columns))
    if caches is None:
        caches = []
    caches += [{} for _ in range(len(columns) - len(caches))]
    cleaned = []
    for column, known in zip(columns, caches, strict=False):
        if len(known) > CACHE_LIMIT:  # a column of distinct values (case numbers): no use
            known.clear()
        kinds = set(map(type, column))
        if bool in kinds:  # True == 1 as a dict key: keep them apart, cell by cell
            cleaned.append(list(map(text, column)))
            continue
        for value in dict.fromkeys(column):
            if value not in known:
                known[value] = text(value)
        cleaned.append(list(map(known.__getitem__, column)))
    del columns
    return [list(row) for row in zip(*cleaned, strict=True)]


def merge_rows(into: CaseRecord, other: CaseRecord) -> None:
    """A second row for the same case: keep the earliest hearing, join the hearing texts,
    keep the row itself as one more docket entry."""
    if other.hearing_date and (
        into.hearing_date is None
        or (other.hearing_date, other.hearing_time or time()) < (into.hearing_date,
                                                                 into.hearing_time or time())
    ):
        into.hearing_date, into.hearing_time = other.hearing_date, other.hearing_time
        into.judge = other.judge or into.judge
        into.courtroom = other.courtroom or into.courtroom
    if other.nature and other.nature.lower() not in into.nature.lower():
        into.nature = f"{into.nature}; {other.nature}" if into.nature else other.nature
    for name in ("division", "case_title", "filing_date", "status", "notes", "type_label",
                 "judge", "courtroom"):
        if not getattr(into, name) and getattr(other, name):
            setattr(into, name, getattr(other, name))
    # `into` may have been classified already, its respondents renamed defendants
    known = {(_SAME_ROLE.get(p.role, p.role), p.name.key) for p in into.parties}
    into.parties += [p for p in other.parties
                     if (_SAME_ROLE.get(p.role, p.role), p.name.key) not in known]
    # Every charge and hearing row is kept. Of its cells, those that differ from the case's
    # first row (the charge, its statute, verdict…), as JSON text: the rest is the case's own
    # source row, and 130,000 rows of a charge file are held until written.
    first = into.source
    for e in other.entries:
        if isinstance(e.source, dict):
            row = e.source
            diff = {k: v for k, v in row.items() if first.get(k) != v}
            diff.update({k: "" for k in first if k not in row})
            e.source = source_json(diff)
    into.entries += other.entries


_SAME_ROLE = {"defendant": "respondent"}
