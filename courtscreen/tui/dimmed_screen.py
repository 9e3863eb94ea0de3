"""The screen beneath a dialog, dimmed as Textual dims it, with each style's tint worked out once.

A dialog with a see-through background (ModalScreen) draws the screen beneath it tinted:
Textual's BackgroundScreen blends every segment's colours with the tint on every full redraw.
Opening the import dialog redraws fully five to eight times (mount, resume, resize, the
docket's footer following the new focus), and each time blended the whole 120x40 docket again,
6-20 ms a time on this machine. The docket has a few dozen distinct styles, so the blended
style is kept per (style, tint) here: the same segments come out, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, ScreenResultType

_NULL_STYLE = Style()


@lru_cache(maxsize=4096)
def tinted(style: Style | None, color: Color) -> Style:
    """What BackgroundScreen.process_segments makes of one style (color.a > 0)."""
    style = _NULL_STYLE if style is None else style.clear_meta_and_links()
    return style + Style.from_color(
        (Color.from_rich_color(style.color) + color).rich_color if style.color is not None else None,
        (Color.from_rich_color(style.bgcolor) + color).rich_color if style.bgcolor is not None else None,
    )


class DimmedScreen(BackgroundScreen):
    @classmethod
    def process_segments(cls, segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        if color.a == 0:  # Textual's own special case: links and meta cleared, no tint
            yield from super().process_segments(segments, color)
            return
        for segment in segments:
            text, style, control = segment
            yield segment if control else Segment(text, tinted(style, color), control)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self.process_segments(console.render(self.screen._compositor, options), self.color)


class DimmingModalScreen(ModalScreen[ScreenResultType]):
    """A ModalScreen whose dimmed background is drawn by DimmedScreen (same picture, cheaper)."""

    def render(self) -> RenderableType:
        rendered = super().render()
        if type(rendered) is BackgroundScreen:
            return DimmedScreen(rendered.screen, rendered.color)
        return rendered
