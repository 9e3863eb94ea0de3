"""Issue 15: the upgrade splits party rows the old import shared between cases (decisions
kept), and linking killed half-way is detected and resumed, never silently lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import sqlalchemy as sa
from helpers.db import case_by_number, select
from helpers.dockets import FAMILY, HEADER, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people
from courtscreen.store.database import make_engine
from courtscreen.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
ROWS = [["2026-PFA-00901", FAMILY, "", "Relief from abuse", "2026-12-01", "", "",
         "Ashdown, Celeste", "Ashdown, Dorian"],
        ["2026-CU-00902", FAMILY, "Custody", "Parenting time", "2026-12-02", "", "",
         "Ashdown, Celeste", "Ashdown, Dorian"]]


def test_upgrade_splits_shared_party_rows_and_keeps_decisions(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "0005")
    now = "2026-11-30 10:00:00+00:00"
    with engine.begin() as conn:
        x = conn.exec_driver_sql
        x("INSERT INTO import_batch (id, file_name, file_sha256, sheet, imported_at, imported_by, rows_read,"
          " added, updated, unchanged, merged, rejected, mapping_json) VALUES "
          f"(1, 'old.csv', 'x', '', '{now}', 'clerk', 3, 3, 0, 0, 0, 0, '{{}}')")
        for cid, number in ((1, "2026-DR-1"), (2, "2026-PFA-2"), (3, "2026-DR-3")):
            x("INSERT INTO court_case (id, court, case_number, case_type, case_type_reason, division, nature,"
              " case_title, judge, courtroom, status, notes, source_json, source_batch_id, source_row,"
              " row_hash, created_at, updated_at, screening_status, screening_result, flags, flag_count,"
              f" search_text, repeat_party) VALUES ({cid}, 'C', '{number}', 'divorce', '', '', '', '', '',"
              f" '', '', '', '{{}}', 1, {cid}, 'h{cid}', '{now}', '{now}', 'not_screened', '', '', 0, '',"
              " true)")
        for pid, first, last in ((1, "", "Akwar"), (2, "Wren", "Pryce"), (3, "Ansel", "Oberlin")):
            x("INSERT INTO party (id, full_name, first_name, middle_name, last_name, suffix,"
              f" is_organisation, name_key) VALUES ({pid}, '{(first + ' ' + last).strip()}', '{first}', '',"
              f" '{last}', '', false, '{(last + ' ' + first).strip().lower()}')")
        # "AKWAR VS AKWAR": one row for both parties of case 1; Wren Pryce shared by cases 2 and 3.
        for cid, pid, role in ((1, 1, "petitioner"), (1, 1, "respondent"), (2, 2, "respondent"),
                               (3, 2, "respondent"), (2, 3, "petitioner")):
            x(f"INSERT INTO case_party (case_id, party_id, role) VALUES ({cid}, {pid}, '{role}')")
        x("INSERT INTO party_link (party_a, party_b, confidence, reasons, status, decided_by, updated_at)"
          f" VALUES (2, 3, 0, 'by hand', 'rejected', 'clerk', '{now}')")
        if engine.dialect.name == "postgresql":  # rows written with their ids: move the sequences on
            for name in ("party", "court_case", "import_batch"):
                x(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
    upgrade(engine)
    parties = {r["id"]: r for r in select(engine, "party")}
    assert len(parties) == 5
    cp = select(engine, "case_party")
    akwar = sorted(r["party_id"] for r in cp if r["case_id"] == 1)
    assert len(set(akwar)) == 2 and akwar[0] == 1  # the first occurrence keeps the id
    wren = {r["case_id"]: r["party_id"] for r in cp if r["role"] == "respondent" and r["case_id"] in (2, 3)}
    assert wren[2] == 2 and wren[3] != 2
    t = sa.table("party_link", sa.column("party_a"), sa.column("party_b"), sa.column("status"),
                 sa.column("reasons"), sa.column("decided_by"))
    with engine.connect() as conn:
        found = {(a, b): (s, why, by) for a, b, s, why, by in conn.execute(sa.select(t))}
    assert found[(2, 3)][0] == "rejected" and found[(2, 3)][2] == "clerk"  # decision kept
    assert found[(2, wren[3])][0] == "linked" and "migration i15" in found[(2, wren[3])][1]
    assert not any(set(pair) == set(akwar) for pair in found)  # X VS X: never linked
    assert people.linking_owed(engine) == []
    engine.dispose()


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.importing.service import ImportOptions, import_docket
    from courtscreen.store import linking
    from courtscreen.store.database import make_engine

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # the power goes, half-way through linking

    linking.regroup = killed  # after the links are written, before the groups
    import_docket(make_engine(sys.argv[1]), Path(sys.argv[2]), ImportOptions(), CaseTypeRules.load(), "clerk")
""")


def test_linking_killed_half_way_is_detected_and_resumed(engine, tmp_path):
    path = docket_csv(tmp_path / "d.csv", ROWS, HEADER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", KILLER, engine.url.render_as_string(hide_password=False),
                           str(path)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    assert len(select(engine, "court_case")) == 2  # the import itself committed
    assert people.linking_owed(engine) != []
    assert not case_by_number(engine, "2026-CU-00902")["repeat_party"]
    # The same file again: nothing changed in the cases, but the owed linking is done and said.
    again = import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "clerk")
    note = " ".join(again.notes)
    assert "had not finished (interrupted); done now" in note
    assert people.linking_owed(engine) == []
    assert case_by_number(engine, "2026-CU-00902")["repeat_party"]
