"""Footers that show the keys that matter at the terminal's width.

An 80-column footer holds about eight keys. A screen lists in FOOTER_WIDE_ONLY the actions
whose keys the footer shows only from WIDE columns on; below that they are hidden from the
footer but keep working, and every key stays listed in ? (Help) and ctrl+p.
"""

from __future__ import annotations

from dataclasses import replace

from textual import events

WIDE = 100  # the app's -wide breakpoint (CourtscreenApp.HORIZONTAL_BREAKPOINTS)


class WidthAwareFooter:
    """Mixin for a Screen: FOOTER_WIDE_ONLY actions show in the footer only when it is wide."""

    FOOTER_WIDE_ONLY: frozenset[str] = frozenset()
    FOOTER_WIDE_AT = WIDE  # columns from which the footer is wide enough for them
    _footer_wide: bool | None = None

    def on_resize(self, event: events.Resize) -> None:
        self.show_wide_keys(event.size.width >= self.FOOTER_WIDE_AT)

    def show_wide_keys(self, wide: bool) -> None:
        if wide == self._footer_wide:
            return
        self._footer_wide = wide
        bindings = self._bindings.key_to_bindings  # this screen's own copy (Textual DOMNode)
        for key, items in bindings.items():
            bindings[key] = [replace(b, show=wide) if b.action in self.FOOTER_WIDE_ONLY else b
                             for b in items]
        self.refresh_bindings()
