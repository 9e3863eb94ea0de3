"""The docket's first page comes up without loading the code only other screens use.

Start-up is measured against a bare Textual app (bench/bench_tui.py), and most of it is
imports. Importing, documents, exporting, linking and their libraries (openpyxl, calamine,
docx, Jinja, rapidfuzz, Alembic) load when a user opens what needs them, not before the list
a clerk came for. A fresh process is needed: this test process has imported them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = """
import json, sys
from datetime import date
from pathlib import Path
from courtscreen.config import Settings
from courtscreen.store.database import make_engine
from courtscreen.tui.app import CourtscreenApp

url, data_dir = sys.argv[1], sys.argv[2]
app = CourtscreenApp(Settings(database_url=url, user="clerk", data_dir=Path(data_dir)),
                     make_engine(url), today=date(2026, 11, 23))
seen = {}
def ready():
    seen["rows"] = app.screen.query_one("#cases").row_count
    seen["modules"] = sorted(sys.modules)
    app.exit()
app.on_ready = ready
app.run(headless=True, size=(120, 40))
print(json.dumps(seen))
"""

NOT_AT_FIRST_PAGE = (
    "courtscreen.importing", "courtscreen.documents", "courtscreen.exporting",
    "courtscreen.domain.link_evidence", "courtscreen.domain.party_matching",
    "courtscreen.domain.findings", "courtscreen.tui.screens.import_dialog",
    "courtscreen.tui.screens.case_view", "courtscreen.tui.screens.people",
    "openpyxl", "python_calamine", "docx", "docxtpl", "jinja2", "rapidfuzz", "alembic",
)


def test_the_first_page_loads_no_other_screens_code(docket_engine, tui_url, tmp_path):
    env = dict(os.environ, COURTSCREEN_DATA_DIR=str(tmp_path / "data"))
    out = subprocess.run([sys.executable, "-c", CHILD, tui_url, str(tmp_path / "data")],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["rows"] > 0  # the first page was on screen when the modules were read
    loaded = [m for m in seen["modules"]
              if any(m == name or m.startswith(name + ".") for name in NOT_AT_FIRST_PAGE)]
    assert loaded == []
    assert "sqlalchemy" in seen["modules"]  # the check reads the child's modules, not nothing
