"""Command palette entries (ctrl+p) for the main actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

ACTIONS = [
    ("Import a docket file", "import", "Read a spreadsheet export into the database"),
    ("Show flagged cases only", "screen.toggle_flagged", "Toggle the flagged-only filter"),
    ("Sort by priority", "screen.sort('priority')", "Unscreened, flagged, nearest hearing first"),
    ("Sort by hearing date", "screen.sort('hearing')", "Nearest hearing first"),
    ("Clear all filters", "screen.clear_filters", "Show every case again"),
    ("Export the docket to a spreadsheet", "screen.export", "The cases the filters show, to .xlsx or CSV"),
    ("Generate a form for every shown case", "screen.batch_generate",
     "One order, findings or conditions document per case the filters match"),
    ("People in several cases", "people", "Persons named in more than one case, on a timeline"),
    ("Switch dark / light theme", "toggle_theme", "Change the colours"),
    ("Help: keys and actions", "help", "List every key binding"),
]


class CourtscreenCommands(Provider):
    async def discover(self) -> Hits:
        for name, action, help_text in ACTIONS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action),
                          help=help_text)
