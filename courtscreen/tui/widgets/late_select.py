"""A Select that may be mounted late, while the app is closing.

The docket mounts its filter row right after the first page of cases is shown. A clerk who
quits at that moment (or a test that ends there) tears the Select's children down between its
compose and its mount, and Textual's Select then fails looking for its option list
(NoMatches: SelectOverlay), which shows as a traceback on the way out. Textual's own Select
already treats a missing overlay as "the widget has likely been removed" in its other
handlers; this does the same when the options are set up.
"""

from __future__ import annotations

from textual.widgets import Select
from textual.widgets._select import SelectOverlay


class LateSelect(Select):
    def _setup_options_renderables(self) -> None:
        if not self.query(SelectOverlay):
            return  # being removed before it finished mounting: nothing to set up
        super()._setup_options_renderables()
