"""The incident timeline drawn in the terminal: SLII areas down, periods across.

A cell shows how many incidents fall in that area and period: bold red digits
for acts found proven, dim yellow for alleged or disputed ones, a dot for
none. Reading left to right shows frequency and escalation at a glance.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from courtscreen.domain.findings_timeline import Cell, TimelineGrid, timeline_grid

LABEL_WIDTH = 14
CELL_WIDTH = 3


def render_grid(grid: TimelineGrid) -> Text:
    out = Text()
    if not grid.columns:
        out.append("No dated incidents yet: the timeline fills in as incidents are recorded.", "dim")
        if grid.undated:
            out.append(f"\n{grid.undated} incident(s) have no date.", "yellow")
        return out
    out.append(" " * LABEL_WIDTH)
    out.append(header_line(grid) + "\n", "dim")
    for _, label, cells in grid.rows:
        out.append(label[: LABEL_WIDTH - 1].ljust(LABEL_WIDTH))
        for cell in cells:
            out.append_text(_cell(cell))
        out.append("\n")
    out.append("All".ljust(LABEL_WIDTH), "bold")
    for cell in grid.totals:
        out.append_text(_cell(cell))
    unit = "month" if grid.unit == "month" else "week (starting Monday)"
    out.append(f"\n{'':{LABEL_WIDTH}}one column per {unit}; ", "dim")
    out.append("red", "bold red")
    out.append(" = found proven, ", "dim")
    out.append("yellow", "yellow")
    out.append(" = alleged or disputed", "dim")
    if grid.undated:
        out.append(f"; {grid.undated} undated", "yellow")
    return out


def header_line(grid: TimelineGrid) -> str:
    """Period labels placed over their columns, every few columns so that they never collide."""
    width = CELL_WIDTH * len(grid.columns)
    chars = [" "] * (width + 8)
    step = 3 if grid.unit == "month" else 2
    for k in range(0, len(grid.columns), step):
        label = grid.columns[k] if grid.unit == "week" else grid.columns[k][2:]  # "26-03"
        at = k * CELL_WIDTH + 1
        chars[at:at + len(label)] = label
    return "".join(chars).rstrip()


def _cell(cell: Cell) -> Text:
    if not cell.total:
        return Text(" · ".ljust(CELL_WIDTH), "dim")
    n = str(cell.total) if cell.total < 10 else "+"
    style = "bold red" if cell.proven else "yellow"
    return Text(f" {n}".ljust(CELL_WIDTH), style)


class Timeline(Static):
    DEFAULT_CSS = "Timeline { height: auto; padding: 0 0 1 0; }"

    def show(self, incidents, width: int | None = None) -> None:
        columns = max(6, ((width or self.size.width or 80) - LABEL_WIDTH - 2) // CELL_WIDTH)
        self.update(render_grid(timeline_grid(incidents, max_columns=columns)))
