"""Draw docs/img/worklist.svg: the worklist on the bundled sample docket at 120x40.

    PYTHONPATH=. python docs/make_screenshot.py

A throwaway SQLite database in a temporary folder; "today" fixed at the sample's first
hearing day, so the picture shows what a clerk sees on that morning.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


async def draw(out: Path) -> None:
    from courtscreen.config import Settings
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.importing.service import ImportOptions, import_docket
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade
    from courtscreen.tui.app import CourtscreenApp

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'shot.sqlite'}"
        engine = make_engine(url)
        upgrade(engine)
        import_docket(engine, REPO / "fixtures" / "sample_docket.csv", ImportOptions(),
                      CaseTypeRules.load(), "clerk")
        app = CourtscreenApp(Settings(database_url=url, user="clerk", data_dir=Path(tmp)), engine,
                             today=date(2026, 11, 23))
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(20):
                await app.workers.wait_for_complete()
                await pilot.pause(0.1)
            out.write_text(app.export_screenshot(title="courtscreen: the docket worklist"),
                           encoding="utf-8")
        engine.dispose()


if __name__ == "__main__":
    asyncio.run(draw(REPO / "docs" / "img" / "worklist.svg"))
