"""A one-line Static whose new text never asks for a layout of the screen.

Static.update lays the whole screen out again by default, in case the new text changes the
widget's size. The docket's lines above and below the list (summary, "why here", status) are
one line high and as wide as the screen (app.tcss), whatever they say: the docket's status and
"why here" lines change with every page and every row the cursor moves to, and each change
cost a second layout and drawing of the whole screen after the page's own. Unchanged text is
not drawn again at all.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class StatusLine(Static):
    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        if content == self._shown:
            return
        self._shown = content
        super().update(content, layout=layout)

    _shown: VisualType | None = None
