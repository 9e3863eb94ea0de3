"""The case view's "Charges and hearings" section: every docket row of the case.

A charge file has a row per charge; each is listed with its own statute, severity,
disposition, dates and the row of the file it came from (store.docket_entries).
"""

from __future__ import annotations

from rich.markup import escape

SHOWN = 40  # a case with more rows lists the first SHOWN and says how many more


def entries_lines(entries, source_file: str = "") -> list[str]:
    """Rich markup lines (values escaped) for the section, heading included."""
    if not entries:
        return []
    charges = sum(1 for x in entries if x.kind == "charge")
    hearings = len(entries) - charges
    counts = ", ".join(part for part in (
        f"{charges} charge row{'s' if charges != 1 else ''}" if charges else "",
        f"{hearings} hearing row{'s' if hearings != 1 else ''}" if hearings else "") if part)
    where = f", {escape(source_file)}" if source_file else ""
    lines = ["", f"[b]Charges and hearings[/b]  [dim]({counts}{where})[/dim]"]
    for x in entries[:SHOWN]:
        bits = [escape(x.text or "(no text)")]
        if x.code:
            bits.append(f"statute {escape(x.code)}")
        if x.severity:
            bits.append(escape(x.severity))
        if x.disposition:
            verdict = escape(x.disposition)
            if x.disposition_date:
                verdict += f" ({x.disposition_date:%Y-%m-%d})"
            bits.append(f"disposition: {verdict}")
        when = f"{x.entry_date:%Y-%m-%d}" if x.entry_date else ""
        if when and x.entry_time:
            when += f" {x.entry_time:%H:%M}"
        row = f"row {x.source_row}" if x.source_row else ""
        meta = " · ".join(p for p in (when, row) if p)
        lines.append(f"  {x.seq}. {' · '.join(bits)}" + (f"  [dim]{meta}[/dim]" if meta else ""))
    if len(entries) > SHOWN:
        lines.append(f"  [dim]… {len(entries) - SHOWN} more rows (all of them in the export's "
                     "Charges sheet)[/dim]")
    return lines
