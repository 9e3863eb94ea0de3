"""Which docket columns fit the terminal, and how wide each one is.

Party names get the room: the table keeps at least PARTIES_MIN characters for them and drops
the less important columns first (the judge, then the court, then the case type). If the
triage tier and the screening status still do not both fit, they share one "Status" column:
the screening result once a case has one (in progress, INDICATED, ...), its tier while it
awaits a screener. A dropped column is still in the case view, and the "why here" line under
the list names the highlighted case's tier at every width. At 120 columns the whole set
shows; at 80 the hearing, case number, status and parties do.

Pure layout arithmetic (no Textual), so it is tested without a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTIES_MIN = 24  # "Rosalind Oakdale v. Desm…": enough to recognise a case
PARTIES_MAX = 60
CELL_PADDING = 2  # DataTable puts one space on each side of every cell
STATUS = "Status"  # tier and screening in one column, on narrow terminals


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # also the column's title
    min: int  # narrower than this and the column is dropped, not squeezed
    want: int  # the width it grows to when there is room
    drop_rank: int  # the lowest rank drops first; 0 never drops


@dataclass(frozen=True)
class ColumnPlan:
    widths: tuple[tuple[str, int], ...]  # (key, width) of the columns shown, in display order

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.widths)

    def width(self, key: str) -> int:
        return dict(self.widths).get(key, 0)


def plan_columns(width: int, case_no: int = 16, court: int = 0, judge: int = 18) -> ColumnPlan:
    """The columns for a table `width` cells wide (scrollbar already taken off).

    case_no, court and judge are the widths their longest values need (court 0: one court in
    the database, no Court column).
    """
    specs = [
        ColumnSpec("Hearing", 16, 16, 0),
        ColumnSpec("Type", 4, 4, 3),
        ColumnSpec("Case no.", case_no, case_no, 0),
        ColumnSpec("Tier", 9, 9, 2),
        ColumnSpec("Screening", 11, 11, 2),
        ColumnSpec("Court", court, court, 4),  # never cut: "Harlan Dist…" could be two courts
        ColumnSpec("Parties", PARTIES_MIN, PARTIES_MAX, 0),
        ColumnSpec("Judge", min(10, judge), judge, 5),
    ]
    shown = [s for s in specs if s.want > 0]

    def needed(cols) -> int:
        return sum(c.min + CELL_PADDING for c in cols)

    while needed(shown) > width and any(c.drop_rank > 2 for c in shown):
        shown.remove(max((c for c in shown if c.drop_rank), key=lambda c: c.drop_rank))
    if needed(shown) > width:  # tier and screening in one column
        at = shown.index(next(c for c in shown if c.key == "Tier"))
        shown = [c for c in shown if c.key not in ("Tier", "Screening")]
        shown.insert(at, ColumnSpec(STATUS, 11, 11, 1))
    if needed(shown) > width:
        shown = [c for c in shown if not c.drop_rank]
    sizes = {c.key: c.min for c in shown}
    spare = width - needed(shown)
    # Room left over goes to the court and judge up to what their names need, then to parties.
    for key in ("Court", "Judge", "Parties"):
        spec = next((c for c in shown if c.key == key), None)
        if spec is not None and spare > 0:
            grow = min(spare, spec.want - sizes[key])
            sizes[key] += grow
            spare -= grow
    return ColumnPlan(tuple((c.key, sizes[c.key]) for c in shown))


_HONORIFIC = re.compile(r"^(the\s+)?(hon\.?|honorable|honourable|judge|justice)\s+", re.I)


def judge_label(name: str) -> str:
    """'Hon. Desmond Hale' -> 'Desmond Hale': the column is narrow and every judge is one."""
    return _HONORIFIC.sub("", name.strip()) or name.strip()


def judge_cell(name: str, width: int) -> str:
    """The judge in `width` cells: the whole name if it fits, else the surname (how court staff
    say it: "Vennacombe's calendar"), cut if even that is too long."""
    label = judge_label(name)
    if len(label) <= width:
        return label
    return fit(label.split()[-1] if label.split() else label, width)


# "State of Franklin v. Wren Pryce" is captioned "State v. Wren Pryce": the prosecuting
# sovereign by its usual short name, so the defendant's name stays in sight.
_SOVEREIGN = re.compile(r"^(?:the\s+)?(?:(state|commonwealth)|(people)\s+of\s+the\s+state)"
                        r"\s+of\s+[\w.]+(?:\s+[\w.]+)?$", re.I)


def caption_name(name: str) -> str:
    m = _SOVEREIGN.match(name.strip())
    return (m.group(1) or m.group(2)).title() if m else name


def court_labels(names: list[str]) -> dict[str, str]:
    """Each court by the words that tell it from the others: the words every court's name
    shares ('County', 'Court') go, so 'Harlan County District Court' reads 'Harlan District'.
    If that would make two courts look the same, the full names stay."""
    names = [n for n in names if n.strip()]
    if len(names) < 2:
        return {n: n.strip() for n in names}
    words = [n.split() for n in names]
    shared = set.intersection(*({w.casefold() for w in ws} for ws in words))
    short = {n: " ".join(w for w in ws if w.casefold() not in shared) or n.strip()
             for n, ws in zip(names, words, strict=True)}
    if len({s.casefold() for s in short.values()}) < len({n.strip().casefold() for n in names}):
        return {n: n.strip() for n in names}
    return short


def fit(text: str, width: int) -> str:
    """The text cut to width with an ellipsis (never wider: DataTable would cut it silently)."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
