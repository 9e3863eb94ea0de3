"""A sheet's rows turned into finished case records, a chunk at a time, in bounded memory.

An import writes one chunk of cases while the next is converted, and lets each chunk go
once it is written: a 100 MB export (half a million cases) must not hold half a million
records, their source rows and parties until the end. What makes that hard is a case
listed on several rows that are far apart (a calendar with a second hearing at the end, a
charge file not sorted by case): its record is not finished until its last row is read.

So the rows are looked at once before converting (`_last_rows`): for every case, which
row is its last. A case whose rows all lie in one chunk is merged there and yielded with
that chunk. A case still open when its chunk ends is dropped and only its row numbers are
kept; at its last row it is converted again from those rows (the sheet's rows are in
memory anyway) and yielded finished. Every record yielded is final: the writer never has
to revise a case it wrote, and nothing but small per-case keys lives longer than a chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from courtscreen.importing.mapping import FIELD_BY_NAME
from courtscreen.importing.normalise import text
from courtscreen.importing.records import (
    CaseRecord,
    Problem,
    Progress,
    RowConverter,
    clean_cells,
    merge_rows,
)

PLAUSIBLE_FROM_YEAR = 1900
PLAUSIBLE_YEARS_AHEAD = 5


@dataclass
class Conversion:
    records: list[CaseRecord]  # every case, when kept (a preview); [] for an import's stream
    problems: list[Problem]
    rows_read: int
    blank_rows: int
    merged_rows: list[int]
    cases: int = 0
    charge_rows: int = 0
    hearing_rows: int = 0


class ConversionStream:
    """Iterating yields, for each chunk of rows, the cases finished in it (classified).

    keep_records: also keep every record for result() (a preview, a small docket); an
    import does not, and lets each chunk go once it is written.
    With chunk_rows=None there is one chunk, yielded after every row is read.
    """

    def __init__(self, converter: RowConverter, rows: list[list], progress: Progress | None,
                 chunk_rows: int | None, keep_records: bool = True):
        self.converter, self.rows, self.progress = converter, rows, progress
        self.chunk_rows = chunk_rows
        self.keep_records = keep_records
        self.records: list[CaseRecord] = []
        self.problems: list[Problem] = []
        self.merged: list[int] = []
        self.blank = 0
        self.cases = self.charge_rows = self.hearing_rows = 0
        self._done = False
        self._chunks = self._convert()  # one pass: iterating again goes on where it stopped

    @property
    def rejected(self) -> int:
        return sum(1 for p in self.problems if p.severity == "rejected")

    def __iter__(self) -> Iterator[list[CaseRecord]]:
        return self._chunks

    def _convert(self) -> Iterator[list[CaseRecord]]:
        conv = self.converter
        start = conv.mapping.data_start
        data = self.rows[start:]
        size = self.chunk_rows or max(len(data), 1)
        # One column past the widest row: empty in every cleaned row (see use_blank_column).
        blank = max(len(conv.mapping.headers), max(map(len, data), default=0))
        conv.use_blank_column(blank)
        self._header = [h.lower() for h in conv.mapping.headers]
        header0 = self._header[0] if conv.mapping.header_row and self._header else None
        last = self._last_rows(data) if self.chunk_rows is not None else None
        caches: list[dict] = []
        parked: dict[tuple[str, str], list[int]] = {}  # open cases of earlier chunks: their rows
        for first, end in _chunk_bounds(len(data), size, taper=self.chunk_rows is not None):
            rows = data[first:end]
            open_: dict[tuple[str, str], CaseRecord] = {}
            closed: set[tuple[str, str]] = set()  # open cases whose last row was in this chunk
            finished: list[CaseRecord] = []
            for offset, (row, cells) in enumerate(zip(rows, clean_cells(rows, blank + 1, caches),
                                                      strict=True), start=first):
                number = start + offset + 1
                if self.progress and offset % 2000 == 0:
                    self.progress("Checking rows", offset, len(data))
                if not any(cells):
                    self.blank += 1
                    continue
                if header0 is not None and cells[0].lower() == header0 and \
                        self._repeats_header(cells):
                    self.problems.append(Problem(number, "", "warning",
                                                 "repeats the header row (a page break?); skipped"))
                    continue
                record = conv._record(row, cells, number, self.problems)
                key = record.key if record is not None else conv.key_of(cells)
                if record is not None:
                    if key in open_:
                        merge_rows(open_[key], record)
                        self.merged.append(number)
                    elif key in parked:
                        parked[key].append(offset)
                        self.merged.append(number)
                    else:
                        open_[key] = record
                if last is None or key is None or not last[offset]:
                    continue
                if key in parked:  # the last row of a case begun in an earlier chunk
                    finished.append(self._rebuild(data, parked.pop(key), start, blank, caches))
                elif key in open_:
                    closed.add(key)
            for key, rec in open_.items():
                if last is None or key in closed:
                    finished.append(rec)
                else:  # more rows to come in a later chunk: only its row numbers are kept
                    parked[key] = [e.row - start - 1 for e in rec.entries]
            del open_
            for rec in finished:
                self._finish(rec)
            if finished:
                yield finished
        # Every parked case has met its last row by now; should one not have (a key read
        # differently the two times), it is finished here rather than lost.
        rest = [self._rebuild(data, offsets, start, blank, caches) for offsets in parked.values()]
        for rec in rest:
            self._finish(rec)
        if rest:
            yield rest
        if self.progress:
            self.progress("Checking rows", len(data), len(data))
        self._done = True

    def _repeats_header(self, cells: list[str]) -> bool:
        mapping = self.converter.mapping
        if not mapping.header_row:
            return False
        header = self._header
        return cells[0].lower() == header[0] and [c.lower() for c in cells[:len(header)]] == header

    def _last_rows(self, data: list[list]) -> bytearray:
        """1 for each row that is the last row of its case, 0 otherwise: one look at each
        row's case-number and court cells. The keys are let go again; they are kept by court
        (no tuple per case), and a case number already in capitals is the row's own string."""
        conv = self.converter
        marks = bytearray(len(data))
        last: dict[str, dict[str, int]] = {}  # COURT -> CASE NUMBER -> offset of its last row
        courts: dict[str, dict[str, int]] = {}
        cells = _KeyCells()
        header = bool(conv.mapping.header_row)
        for offset, row in enumerate(data):
            cells.row = row
            number = conv._text(cells, "case_number")
            if not number:
                continue
            if header and row and text(row[0]).lower() == self._header[0]:
                padded = [text(c) for c in row] + [""] * (len(self._header) - len(row))
                if self._repeats_header(padded):
                    continue
            court = conv._text(cells, "court") or conv.default_court
            by_number = courts.get(court)
            if by_number is None:
                by_number = courts[court] = last.setdefault(court.upper(), {})
            upper = number.upper()
            if upper == number:
                upper = number
            before = by_number.get(upper)
            if before is not None:
                marks[before] = 0
            by_number[upper] = offset
            marks[offset] = 1
        return marks

    def _rebuild(self, data: list[list], offsets: list[int], start: int, blank: int,
                 caches: list[dict]) -> CaseRecord:
        """A case whose rows spread over several chunks, converted again from all of its rows
        (their problems were reported the first time)."""
        conv = self.converter
        inferred = conv.years.inferred  # counted once, the first time
        rows = [data[o] for o in offsets]
        again: list[Problem] = []
        rec = None
        for o, row, cells in zip(offsets, rows, clean_cells(rows, blank + 1, caches), strict=True):
            one = conv._record(row, cells, start + o + 1, again)
            if one is None:
                continue
            if rec is None:
                rec = one
            else:
                merge_rows(rec, one)
        conv.years.inferred = inferred
        assert rec is not None  # parked only with an accepted row
        return rec

    def _finish(self, rec: CaseRecord) -> None:
        warning = self.converter._classify(rec)
        if warning:
            self.problems.append(warning)
        self.problems += implausible_dates(rec)
        self.cases += 1
        for e in rec.entries:
            if e.kind == "charge":
                self.charge_rows += 1
            else:
                self.hearing_rows += 1
        if self.keep_records:
            self.records.append(rec)

    def result(self) -> Conversion:
        """The whole conversion, once every chunk has been taken."""
        if not self._done:
            raise RuntimeError("ConversionStream.result() before the stream was read to its end")
        data_rows = max(len(self.rows) - self.converter.mapping.data_start, 0)
        records = sorted(self.records, key=lambda r: r.row)
        return Conversion(records, sorted(self.problems, key=lambda p: p.row), data_rows,
                          self.blank, sorted(self.merged), self.cases, self.charge_rows,
                          self.hearing_rows)


class _KeyCells:
    """A raw row seen as cleaned cells, cleaning only the cells asked for (a case key needs
    the case-number and court columns)."""

    __slots__ = ("row",)

    def __init__(self) -> None:
        self.row: list = []

    def __getitem__(self, col: int) -> str:
        row = self.row
        return text(row[col]) if col < len(row) else ""


def implausible_dates(rec: CaseRecord) -> list[Problem]:
    """Dates before 1900 or more than five years ahead: imported, with a warning by row."""
    out = []
    latest = date.today().year + PLAUSIBLE_YEARS_AHEAD
    for name in ("filing_date", "hearing_date"):
        value = getattr(rec, name)
        if value is not None and not PLAUSIBLE_FROM_YEAR <= value.year <= latest:
            out.append(Problem(rec.row, "", "warning",
                               f"{FIELD_BY_NAME[name].label} {value.isoformat()} is implausible "
                               f"(before {PLAUSIBLE_FROM_YEAR} or after {latest}); check it",
                               "implausible_date"))
    return out


def describe_rows(conv: Conversion) -> str | None:
    """The report's note on cases listed on several rows (a charge file, a calendar): how
    many charge rows and hearing rows there are, in those words; None when each case had
    one row."""
    if not conv.merged_rows:
        return None
    charges, hearings = conv.charge_rows, conv.hearing_rows
    kinds = " and ".join(part for part in (
        f"{charges:,} charge row{'s' if charges != 1 else ''}" if charges else "",
        f"{hearings:,} hearing row{'s' if hearings != 1 else ''}" if hearings else "") if part)
    return (f"{kinds} for {conv.cases:,} cases: {len(conv.merged_rows):,} rows belong to a "
            "case listed on an earlier row and are kept as that case's further "
            f"{'charges' if charges >= hearings else 'hearings'} (its earliest hearing is the "
            "case's hearing), e.g. rows " + ", ".join(map(str, conv.merged_rows[:5])))


def _chunk_bounds(total: int, size: int, taper: bool) -> list[tuple[int, int]]:
    """(first, last) row offsets of each chunk. With taper, the last `size` rows come in five
    smaller chunks: what is left to write after the last row is converted is then small."""
    if total <= 0:
        return []
    tail = min(total, size) if taper else 0
    cuts = list(range(0, total - tail, size))
    cuts += list(range(total - tail, total, max(size // 5, 1)))
    return list(zip(cuts, [*cuts[1:], total], strict=True))
