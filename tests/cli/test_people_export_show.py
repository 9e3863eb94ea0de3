"""`courtscreen people export | show | quality` (issue 15); export on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import date

from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv

from courtscreen.domain.findings import Incident, parse_when
from courtscreen.store.database import make_engine
from courtscreen.store.findings import add_incident
from courtscreen.store.screenings import find_case_id

ROWS = [
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-CU-00110", FAMILY, "Custody", "Modify parenting time", "2026-12-05", "", "",
     "QUILL, ANNA", "Bob J. Quill"],  # the same pair: linked on the co-party
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "2026-12-03", "2:00 PM", "",
     "State of Franklin", "R. J. Quill"],  # an initial only: suggested
    ["2026-DR-00120", FAMILY, "Divorce", "Dissolution", "2026-12-06", "", "", "AKWAR", "AKWAR"],
]


def test_people_export_columns_and_statuses(courtscreen, db_url, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv", ROWS, HEADER), db=db_url).exit_code == 0
    out = tmp_path / "people.csv"
    result = courtscreen("people", "export", out, db=db_url)
    assert result.exit_code == 0, result.output
    assert "Wrote 8 party rows" in result.output
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["case_number", "court", "role", "name", "dob", "person_id", "link_status",
                             "party_id", "is_organisation"]
    by = {(r["case_number"], r["role"], r["name"]): r for r in rows}
    robert = by[("2026-PFA-00102", "respondent", "Robert J. Quill")]
    bob = by[("2026-CU-00110", "respondent", "Bob J. Quill")]
    assert robert["person_id"] == bob["person_id"] and robert["link_status"] == bob["link_status"] == "linked"
    anna_po, anna_cu = by[("2026-PFA-00102", "petitioner", "Anna Quill")], by[("2026-CU-00110", "petitioner",
                                                                                 "Anna Quill")]
    assert anna_po["person_id"] == anna_cu["person_id"] != robert["person_id"]
    r_j = by[("26-CADV-0103", "defendant", "R. J. Quill")]
    assert r_j["link_status"] == "suggested" and r_j["person_id"] == r_j["party_id"]
    state = by[("26-CADV-0103", "petitioner", "State of Franklin")]
    assert (state["link_status"], state["is_organisation"]) == ("none", "yes")
    akwar = [r for r in rows if r["case_number"] == "2026-DR-00120"]
    assert len({r["person_id"] for r in akwar}) == 2 and {r["link_status"] for r in akwar} == {"none"}
    assert all(r["dob"] == "" for r in rows)


def test_people_show_puts_every_case_and_its_incidents_on_one_timeline(courtscreen, cli_db, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv", ROWS, HEADER)).exit_code == 0
    engine = make_engine(cli_db)
    po = find_case_id(engine, "2026-PFA-00102")
    add_incident(engine, po, Incident(when=parse_when("2026-10-03", date(2026, 11, 23)),
                                      description="Waited outside her workplace after her shift"), "clerk")
    out = courtscreen("people", "show", "Bob Quill").output
    assert out.startswith("Robert J. Quill — 2 cases; also written: Bob J. Quill")
    assert out.index("2026-PFA-00102") < out.index("2026-CU-00110")
    assert "[2026-PFA-00102] 2026-10-03: Waited outside her workplace" in out
    assert "26-CADV-0103" not in out  # only suggested: not part of the pattern until confirmed
    assert "2 people match 'Quill'" not in out
    several = courtscreen("people", "show", "Quill").output
    assert "people match 'Quill'; give a party id" in several
    assert "no person matches" in courtscreen("people", "show", "Franklin").output



def test_people_quality_counts_decisions_and_rejected_automatic_links(courtscreen, tmp_path):
    courtscreen("import", docket_csv(tmp_path / "d.csv", ROWS, HEADER))
    out = courtscreen("people", "quality").output
    assert "8 party rows; links: 2 linked automatically, 1 suggestions waiting" in out
    assert "no automatic link has been checked by a person yet" in out
    people = courtscreen("people").output
    robert_ids = people.split("Robert J. Quill", 1)[1].split("[party ids ", 1)[1].split("]", 1)[0]
    a, b = robert_ids.split(", ")
    assert courtscreen("people", "reject", a, b).exit_code == 0
    out = courtscreen("people", "quality").output
    assert "decisions by people: 1" in out
    assert "automatic links checked by a person: 0 confirmed, 1 rejected (100.0% rejected)" in out
