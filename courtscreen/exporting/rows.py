"""Read the docket for an export: the columns first, then the rows in chunks.

Two passes over the filtered cases, both streamed (``yield_per``): the first
reads only the original headers (to order the columns and size them), the
second builds the rows, a thousand cases at a time, with one query per chunk
for each count. Memory stays bounded by the chunk, not by the docket.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.domain.triage import TriageRules
from courtscreen.exporting import columns as C
from courtscreen.exporting.redaction import CONFIDENTIAL, REDACTED, Scrubber, confidential_header
from courtscreen.importing.normalise import parse_date
from courtscreen.store.access import can_read_confidential_values
from courtscreen.store.findings import PROTECTED_KINDS, incident_counts
from courtscreen.store.models import GeneratedDocument, ProtectedDetail, Screening
from courtscreen.store.protected_values import confidential_locations
from courtscreen.store.tables import tables
from courtscreen.store.worklist import WorklistFilter, _order, _where

CHUNK = 1000
# Docket fields whose original text is replaced by the parsed value, so Excel gets a real date.
DATE_FIELDS = ("hearing_date", "filing_date", "hearing_time", "petitioner_dob", "respondent_dob")
screening_t = Screening.__table__
document_t = GeneratedDocument.__table__
protected_t = ProtectedDetail.__table__


@dataclass(frozen=True)
class ExportRow:
    case_id: int
    case_type: CaseType
    status: ScreeningStatus
    values: list  # one per column: str, int, date, time, datetime or None
    confidential: tuple[str, ...] = ()  # what confidential details this row carries (when included)


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back the stored UTC moment without its zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


class DocketReader:
    """The filtered docket as export rows; `columns()` before `rows()`."""

    def __init__(self, engine: Engine, f: WorklistFilter, *, include_confidential: bool = False,
                 triage: TriageRules | None = None, chunk: int = CHUNK):
        self.engine, self.filter, self.chunk = engine, f, chunk
        self.include_confidential = include_confidential
        triage = triage or TriageRules.load()
        self._charge_labels = {f"charge:{r.code}": r.label for r in triage.charges}
        self._columns: list[C.Column] | None = None
        self._batch_kinds: dict[int, dict[str, frozenset[str]]] = {}
        self._locations: dict[int, list[str]] = {}  # confidential incident locations, by case
        self.withheld: dict[str, int] = {}  # column title -> protected values replaced in it

    # ----- pass 1: columns ---------------------------------------------------------------------

    def count(self) -> int:
        cases = tables(self.engine).court_case
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(cases)
                                .where(_where(self.filter, conn.dialect.name, cases))).scalar_one()

    def columns(self) -> list[C.Column]:
        if self._columns is not None:
            return self._columns
        t = tables(self.engine)
        cases = t.court_case
        patterns: dict[tuple[str, ...], None] = {}
        longest: dict[str, int] = {}
        with self.engine.connect() as conn:
            for bid, mapping in conn.execute(sa.select(t.import_batch.c.id, t.import_batch.c.mapping_json)):
                self._batch_kinds[bid] = _date_headers(mapping)
            q = (sa.select(cases.c.source_json).where(_where(self.filter, conn.dialect.name, cases))
                 .order_by(cases.c.source_batch_id, cases.c.source_row, cases.c.id))
            for (raw,) in conn.execution_options(yield_per=5000).execute(q):
                source = _loads(raw)
                patterns.setdefault(tuple(source), None)
                for k, v in source.items():
                    n = len(v) if isinstance(v, str) else len(str(v))
                    if n > longest.get(k, 0):
                        longest[k] = n
        headers = C.merge_orders(patterns)
        redacted = {h for h in headers if confidential_header(h)}
        self._columns = C.plan(headers, longest, redacted, self.include_confidential)
        return self._columns

    # ----- pass 2: rows ------------------------------------------------------------------------

    def rows(self) -> Iterator[ExportRow]:
        cols = self.columns()
        sources = [c for c in cols if c.source is not None]
        t = tables(self.engine)
        cases = t.court_case
        picked = [cases.c.id, cases.c.case_number, cases.c.case_type, cases.c.flags, cases.c.repeat_party,
                  cases.c.screening_status, cases.c.screening_result, cases.c.hearing_date,
                  cases.c.hearing_time, cases.c.filing_date, cases.c.source_json, cases.c.source_batch_id,
                  screening_t.c.updated_by, screening_t.c.updated_at, screening_t.c.completed_at]
        if self.include_confidential:
            picked.append(screening_t.c.answers_json)
        protected = self._protected()
        self._locations = {} if self.include_confidential else confidential_locations(self.engine)
        with self.engine.connect() as conn:
            q = (sa.select(*picked).join(screening_t, screening_t.c.case_id == cases.c.id, isouter=True)
                 .where(_where(self.filter, conn.dialect.name, cases)).order_by(*_order(self.filter, cases)))
            result = conn.execution_options(yield_per=self.chunk).execute(q)
            for part in result.mappings().partitions():
                ids = [r["id"] for r in part]
                related = _related(conn, [r["id"] for r in part if r["repeat_party"]])
                incidents = incident_counts(self.engine, ids)
                documents = _documents(conn, ids)
                for r in part:
                    others = related.get(r["id"], ())
                    yield self._row(r, sources, others, incidents.get(r["id"], 0),
                                    documents.get(r["id"], 0), protected)

    def _protected(self) -> dict[int, list[tuple[str, str, str, bool]]]:
        """Every protected detail, by case (a small table: only cases with findings recorded)."""
        out: dict[int, list[tuple[str, str, str, bool]]] = {}
        with self.engine.connect() as conn:
            # PostgreSQL: a role that may not read the values (issue 17) gets None for them.
            value = protected_t.c.value if can_read_confidential_values(conn) else sa.null()
            q = sa.select(protected_t.c.case_id, protected_t.c.kind, protected_t.c.label, value,
                          protected_t.c.withdrawn).order_by(protected_t.c.id)
            for cid, kind, label, value, withdrawn in conn.execute(q):
                out.setdefault(cid, []).append((kind, label, value, bool(withdrawn)))
        return out

    def _row(self, r, sources, others, incidents: int, documents: int, protected) -> ExportRow:
        include = self.include_confidential
        source = _loads(r["source_json"])
        kinds = self._batch_kinds.get(r["source_batch_id"], {})
        scrub = None
        if not include and (protected or self._locations):
            values = [d[2] for cid in (r["id"], *others) for d in protected.get(cid, ())]
            values += [v for cid in (r["id"], *others) for v in self._locations.get(cid, ())]
            scrub = Scrubber(values) if values else None
            if any(v is None for v in values):  # values this role may not read: withhold the free text
                scrub = _WithholdAll(r["case_number"])
        carried: list[str] = []
        out: list = []
        for col in sources:
            text = source.get(col.source)
            if text is None or text == "":
                out.append(None)
                continue
            if not isinstance(text, str):
                text = str(text)
            if col.redacted:
                if not include:
                    out.append(REDACTED)
                    continue
                carried.append(col.source)
            kind = kinds.get(col.source)
            value = _typed(kind, text, r) if kind else None
            if value is None and scrub:
                value, n = scrub.scrub(text)
                if n:
                    self.withheld[col.title] = self.withheld.get(col.title, 0) + n
            out.append(value if value is not None else text)
        status = ScreeningStatus(r["screening_status"])
        result = r["screening_result"]
        ctype = CaseType(r["case_type"])
        screened = r["completed_at"] or r["updated_at"]
        out += [ctype.label, _status_words(status), ScreeningStatus(result).label if result else "",
                self._flag_words(r["flags"], bool(r["repeat_party"])), len(others), incidents, documents,
                r["updated_by"] or "", _local_date(screened)]
        if include:
            notes = _screening_notes(r["answers_json"])
            details = "; ".join(f"{label or PROTECTED_KINDS.get(kind, kind)}: {value}"
                                for kind, label, value, withdrawn in protected.get(r["id"], ())
                                if not withdrawn)
            out += [notes, details]
            if notes:
                carried.append("screening notes")
            if details:
                carried.append("protected details")
        return ExportRow(r["id"], ctype, status, out, tuple(carried))

    def _flag_words(self, codes: str, repeat_party: bool) -> str:
        words = []
        for code in (c for c in codes.split(",") if c):
            if code.startswith("type:"):
                try:
                    words.append(f"{CaseType(code[5:]).label} case")
                except ValueError:
                    words.append(code)
            else:
                words.append(self._charge_labels.get(code, code.partition(":")[2] or code))
        if repeat_party:
            words.append("a party is in other cases")
        return "; ".join(words)


class _WithholdAll:
    """For a role that may not read the protected values (PostgreSQL, issue 17), so cannot scrub them:
    every docket text of the case is withheld except its case number."""

    def __init__(self, case_number: str):
        self.case_number = case_number

    def __bool__(self) -> bool:
        return True

    def __call__(self, text: str) -> str:
        return self.scrub(text)[0]

    def scrub(self, text: str) -> tuple[str, int]:
        return (text, 0) if text == self.case_number else (CONFIDENTIAL, 1)


def _loads(raw: str | None) -> dict:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _date_headers(mapping_json: str) -> dict[str, frozenset[str]]:
    """Header -> the date/time fields an import mapped it to (one header can hold date and time)."""
    out: dict[str, frozenset[str]] = {}
    for name, headers in _loads(mapping_json).items():
        if name not in DATE_FIELDS or not isinstance(headers, list) or len(headers) != 1:
            continue  # a date split over several columns stays as the original text
        header = str(headers[0])
        out[header] = out.get(header, frozenset()) | {name}
    return out


def _typed(fields: frozenset[str], text: str, r):
    """The parsed value for a date/time column, or None to keep the original text."""
    if "hearing_date" in fields:
        day = r["hearing_date"]
        if day is not None and "hearing_time" in fields and r["hearing_time"] is not None:
            return datetime.combine(day, r["hearing_time"])
        return day
    if "hearing_time" in fields:
        return r["hearing_time"]
    if "filing_date" in fields:
        return r["filing_date"]
    try:  # a date of birth: parsed as the import parsed it; text that does not parse stays text
        return parse_date(text)
    except ValueError:
        return None


def _status_words(status: ScreeningStatus) -> str:
    if status is ScreeningStatus.NOT_SCREENED:
        return "Not screened"
    if status is ScreeningStatus.IN_PROGRESS:
        return "In progress"
    return "Complete"


def _screening_notes(answers_json: str | None) -> str:
    answers = _loads(answers_json)
    parts = []
    notes = answers.get("area_notes")
    if isinstance(notes, dict):
        parts += [f"{area}: {text}" for area, text in notes.items() if isinstance(text, str) and text.strip()]
    narrative = answers.get("narrative")
    if isinstance(narrative, str) and narrative.strip():
        parts.append(narrative.strip())
    return "\n".join(parts)


def _related(conn: Connection, case_ids: list[int]) -> dict[int, set[int]]:
    """Other cases sharing a person (linked or confirmed across spellings), as the case view
    counts them: store.people decides who is the same person (issue 15)."""
    from courtscreen.store.people import related_case_ids

    return related_case_ids(conn, case_ids)


def _documents(conn: Connection, case_ids: list[int]) -> dict[int, int]:
    q = (sa.select(document_t.c.case_id, sa.func.count()).where(document_t.c.case_id.in_(case_ids))
         .group_by(document_t.c.case_id))
    return dict(conn.execute(q).all())
