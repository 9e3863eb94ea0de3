"""Command palette entries (ctrl+p): the main actions, each only where it works.

An entry whose action belongs to a screen ("screen.export") is offered only on a screen that
has that action, so the docket's filters and exports never show up on a case or a form where
they would do nothing. App-wide entries ("import", "people") work from every screen.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

ACTIONS = [
    ("Import a docket file", "import", "Read a spreadsheet export into the database"),
    ("Show flagged cases only", "screen.toggle_flagged", "Toggle the flagged-only filter"),
    ("Sort by priority", "screen.sort('priority')",
     "Not yet screened (or in progress), strongest flag, nearest hearing first"),
    ("Sort by hearing date", "screen.sort('hearing')", "Nearest hearing first"),
    ("Clear all filters", "screen.clear_filters", "Show every case again"),
    ("Export the docket to a spreadsheet", "screen.export", "The cases the filters show, to .xlsx or CSV"),
    ("Generate a form for every shown case", "screen.batch_generate",
     "One order, findings or conditions document per case the filters match"),
    ("People in several cases", "people", "Persons named in more than one case, on a timeline"),
    ("Link people across cases", "link_people",
     "Match every party against the others again (after an upgrade, or if linking failed)"),
    ("Switch dark / light theme", "toggle_theme", "Change the colours"),
    ("Help: keys and actions", "help", "List every key binding"),
]


def works_on(screen, action: str) -> bool:
    """True if the action does something on this screen."""
    if not action.startswith("screen."):
        return True
    name = action.removeprefix("screen.").split("(", 1)[0]
    return callable(getattr(screen, f"action_{name}", None))


class CourtscreenCommands(Provider):
    def _offered(self):
        return [(n, a, h) for n, a, h in ACTIONS if works_on(self.screen, a)]

    async def discover(self) -> Hits:
        for name, action, help_text in self._offered():
            yield DiscoveryHit(name, partial(self.app.run_action, action),
                               help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._offered():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name),
                          partial(self.app.run_action, action), help=help_text)
