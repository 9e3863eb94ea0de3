"""Every party row stays itself (issue 15), on SQLite and PostgreSQL.

The import never merges parties by name; names in every script keep their own key;
"X VS X" is two people; surname-only names never link automatically; "et al" is
stripped; organisations never link cases; the same co-party counts as evidence; the
repeat-party flag follows the linker's links. Fictional people only.
"""

from __future__ import annotations

import sqlalchemy as sa
from helpers.db import case_by_number, parties_of, select, table
from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people


def load(engine, tmp_path, rows, name="d.csv"):
    return import_docket(engine, docket_csv(tmp_path / name, rows, HEADER), ImportOptions(),
                         CaseTypeRules.load(), "clerk")


def links(engine) -> list[tuple[str, str, str]]:
    t = sa.table("party_link", sa.column("party_a"), sa.column("party_b"), sa.column("status"))
    names = {r["id"]: r["full_name"] for r in select(engine, "party")}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.party_a, t.c.party_b, t.c.status)).all()
    return sorted((names[a], names[b], s) for a, b, s in rows)


def repeat(engine, *numbers) -> dict[str, bool]:
    return {n: case_by_number(engine, n)["repeat_party"] for n in numbers}


SCRIPTS = [
    ["2026-PFA-00301", FAMILY, "", "Relief from abuse", "2026-12-01", "", "", "مريم الحسيني", "יוסף כהן"],
    ["2026-PFA-00302", FAMILY, "", "Relief from abuse", "2026-12-01", "", "", "Анна Иванова", "Иван Петров"],
    ["2026-PFA-00303", FAMILY, "", "Relief from abuse", "2026-12-01", "", "", "王芳", "李伟"],
]


def test_arabic_hebrew_cyrillic_and_chinese_names_stay_distinct_people(engine, tmp_path):
    load(engine, tmp_path, SCRIPTS)
    assert parties_of(engine, case_by_number(engine, "2026-PFA-00301")["id"]) == [
        ("petitioner", "مريم الحسيني"), ("respondent", "יוסף כהן")]
    assert parties_of(engine, case_by_number(engine, "2026-PFA-00302")["id"]) == [
        ("petitioner", "Анна Иванова"), ("respondent", "Иван Петров")]
    assert parties_of(engine, case_by_number(engine, "2026-PFA-00303")["id"]) == [
        ("petitioner", "王芳"), ("respondent", "李伟")]
    keys = [r["name_key"] for r in select(engine, "party")]
    assert len(keys) == len(set(keys)) == 6 and "" not in keys
    assert links(engine) == []
    assert not any(repeat(engine, "2026-PFA-00301", "2026-PFA-00302", "2026-PFA-00303").values())


def test_the_same_cyrillic_name_in_two_cases_is_compared_in_its_own_script(engine, tmp_path):
    rows = [SCRIPTS[1], ["2026-CU-00304", FAMILY, "Custody", "Parenting time", "2026-12-02", "", "",
                         "Анна Иванова", "Иван Петров"]]
    load(engine, tmp_path, rows)
    assert ("Анна Иванова", "Анна Иванова", "linked") in links(engine)
    assert all(repeat(engine, "2026-PFA-00302", "2026-CU-00304").values())


def test_x_vs_x_is_two_parties_never_linked_to_each_other(engine, tmp_path):
    rows = [["2026-DR-00401", FAMILY, "Divorce", "Dissolution", "2026-12-01", "", "", "AKWAR", "AKWAR"],
            ["2026-DR-00402", FAMILY, "Divorce", "Dissolution", "2026-12-01", "", "",
             "Akwar, Dana", "Akwar, Dana"]]
    load(engine, tmp_path, rows)
    for number in ("2026-DR-00401", "2026-DR-00402"):
        listed = parties_of(engine, case_by_number(engine, number)["id"])
        assert [role for role, _ in listed] == ["petitioner", "respondent"]
        case_id = case_by_number(engine, number)["id"]
        ids = {r["party_id"] for r in select(engine, "case_party", table("case_party").c.case_id == case_id)}
        assert len(ids) == 2  # two rows, not one person in both roles
    assert links(engine) == []  # surname only never links; one case's two parties are never linked
    assert not any(repeat(engine, "2026-DR-00401", "2026-DR-00402").values())


def test_surname_only_styles_never_link_or_flag_cases(engine, tmp_path):
    rows = [[f"2026-CV-005{i:02d}", SUPERIOR, "Civil", "Collection", "2026-12-01", "", "",
             "WILLIAMS", other] for i, other in enumerate(["JONES", "BROWN", "DAVIS", "MILLER", "J. WILSON"])]
    load(engine, tmp_path, rows)
    assert len(select(engine, "party", table("party").c.name_key == "williams")) == 5
    assert links(engine) == []
    assert not any(r["repeat_party"] for r in select(engine, "court_case"))


def test_et_al_is_stripped_and_organisations_link_nobody(engine, tmp_path):
    rows = [["2026-CV-00601", SUPERIOR, "Civil", "Injunction", "2026-12-01", "", "",
             "NATIONAL ORGANIZATION FOR WOMEN et al", "TRUMP et al"],
            ["2026-CV-00602", SUPERIOR, "Civil", "Injunction", "2026-12-02", "", "",
             "NATIONAL ORGANIZATION FOR WOMEN et al", "Marlowe, Odette"],
            ["26-CR-00603", SUPERIOR, "Criminal", "Stalking", "2026-12-03", "", "",
             "People of the State of Franklin", "Pryce, Wren"],
            ["26-CR-00604", SUPERIOR, "Criminal", "Harassment", "2026-12-03", "", "",
             "People of the State of Franklin", "Oberlin, Ansel"],
            ["26-CR-00605", SUPERIOR, "Criminal", "Threats", "2026-12-03", "", "",
             "United States", "Ellery, Tamsin"]]
    load(engine, tmp_path, rows)
    by_name = {r["full_name"]: r for r in select(engine, "party")}
    trump = by_name["Trump"]
    assert (trump["last_name"], trump["first_name"], trump["is_organisation"]) == ("Trump", "", False)
    assert not any(r["last_name"].lower() == "al" for r in by_name.values())
    for org in ("National Organization For Women", "People of the State of Franklin", "United States"):
        assert by_name[org]["is_organisation"] is True
    assert links(engine) == []
    assert not any(r["repeat_party"] for r in select(engine, "court_case"))


def test_the_same_co_party_is_evidence(engine, tmp_path):
    """Celeste Ashdown and Dorian Ashdown in a PO case and a custody case: each links to itself
    through the other; a second Celeste Ashdown with another co-party is only suggested."""
    rows = [["2026-PFA-00701", FAMILY, "", "Relief from abuse", "2026-12-01", "", "",
             "Ashdown, Celeste", "Ashdown, Dorian"],
            ["2026-CU-00702", FAMILY, "Custody", "Parenting time", "2026-12-02", "", "",
             "Celeste Ashdown", "Dorian Ashdown"],
            ["2026-CV-00703", SUPERIOR, "Civil", "Collection", "2026-12-03", "", "",
             "Ridgeview Property Management LLC", "Ashdown, Celeste"]]
    load(engine, tmp_path, rows)
    found = {people.get_link(engine, s.id).reasons: s for s in people.suggestions(engine, None)}
    t = sa.table("party_link", sa.column("party_a"), sa.column("party_b"), sa.column("status"),
                 sa.column("reasons"))
    cases = {r["party_id"]: r["case_id"] for r in select(engine, "case_party")}
    numbers = {r["id"]: r["case_number"] for r in select(engine, "court_case")}
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.party_a, t.c.party_b, t.c.status, t.c.reasons)).all()
    by_cases = {tuple(sorted((numbers[cases[a]], numbers[cases[b]]))): (s, why) for a, b, s, why in rows}
    pair = by_cases[("2026-CU-00702", "2026-PFA-00701")]
    assert pair[0] == "linked" and "same co-party in both cases" in pair[1]
    assert all(repeat(engine, "2026-PFA-00701", "2026-CU-00702").values())
    civil = [v for k, v in by_cases.items() if "2026-CV-00703" in k]
    assert civil and all(s == "suggested" and "co-party" not in why for s, why in civil)
    assert not repeat(engine, "2026-CV-00703")["2026-CV-00703"]
    assert found  # the civil Celeste waits for a person


def test_reimport_keeps_party_rows_and_decisions(engine, tmp_path):
    rows = [["2026-PFA-00801", FAMILY, "", "Relief from abuse", "2026-12-01", "", "",
             "Ashdown, Celeste", "Ashdown, Dorian"],
            ["2026-CV-00803", SUPERIOR, "Civil", "Collection", "2026-12-03", "", "",
             "Ridgeview Property Management LLC", "Ashdown, Celeste"]]
    load(engine, tmp_path, rows, "a.csv")
    [s] = people.suggestions(engine)
    people.decide(engine, s.id, "rejected", "clerk")
    before = {r["id"] for r in select(engine, "party")}
    changed = [list(r) for r in rows]
    changed[0][4] = "2026-12-09"  # the hearing moves; the parties are the same
    load(engine, tmp_path, changed, "b.csv")
    assert {r["id"] for r in select(engine, "party")} == before
    assert people.get_link(engine, s.id).status == "rejected"
    assert not any(r["repeat_party"] for r in select(engine, "court_case"))
