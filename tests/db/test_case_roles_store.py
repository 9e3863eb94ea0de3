"""Roles per case (courtscreen.store.case_roles) on SQLite and PostgreSQL: defaults by case type,
saving audited field by field, refusal of a stale save, and the migration giving existing cases
their defaults."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic import command
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.domain.case_roles import ProtectedPerson, RolesError, parse_roles
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import migrate
from courtscreen.store.case_roles import StaleRoles, get_roles, save_roles
from courtscreen.store.database import make_engine

CLERK = "Imogen Thistlewood"


@pytest.fixture
def cases(engine, tmp_path) -> dict[str, int]:
    import_docket(engine, docket_csv(tmp_path / "docket.csv"), ImportOptions(), CaseTypeRules.load(), "Test")
    return {c["case_number"]: c["id"] for c in db.select(engine, "court_case")}


def test_a_case_without_recorded_roles_reads_as_the_defaults_for_its_type(engine, cases):
    civil, version = get_roles(engine, cases["2026-CU-00104"])
    assert (civil.conduct_of, civil.protected, civil.recorded, version) == (
        "respondent",
        (ProtectedPerson("party", "petitioner"),),
        False,
        0,
    )
    criminal, _ = get_roles(engine, cases["26-CADV-0103"])
    assert (criminal.conduct_of, criminal.protected) == ("defendant", (ProtectedPerson("victim"),))


def test_saving_roles_is_audited_and_a_stale_save_is_refused(engine, cases):
    cid = cases["2026-CU-00104"]
    roles = parse_roles(
        {
            "conduct_of": "petitioner",
            "protected": ["respondent", "child:M.M."],
            "relationship": "former_spouse",
            "hearing_with_notice": "yes",
        },
        criminal=False,
    )
    saved = save_roles(engine, cid, 0, roles, CLERK)
    assert saved.conduct_of == "petitioner" and saved.recorded
    assert saved.protected == (ProtectedPerson("party", "respondent"), ProtectedPerson("child", name="M.M."))
    assert saved.intimate_partner and saved.hearing_with_notice is True
    rows = db.select(engine, "audit_entry", db.table("audit_entry").c.record == "roles")
    fields = {r["field_name"]: (r["old_value"], r["new_value"]) for r in rows}
    assert fields["conduct_of"] == ("respondent", "petitioner")
    assert fields["relationship"] == ("", "former_spouse")
    assert all(r["user_name"] == CLERK for r in rows)
    with pytest.raises(StaleRoles):
        save_roles(engine, cid, 0, roles, CLERK)  # opened before the first save
    assert get_roles(engine, cid)[1] == 1


def test_bad_roles_are_refused_naming_the_field():
    with pytest.raises(RolesError) as err:
        parse_roles(
            {
                "conduct_of": "respondent",
                "protected": ["respondent", "child:"],
                "relationship": "neighbour",
                "cohabited": "maybe",
            },
            criminal=False,
            parties=frozenset({"petitioner", "respondent"}),
        )
    text = str(err.value)
    assert "protected: respondent is the person whose conduct is at issue" in text
    assert "protected: child needs a name" in text
    assert "relationship: 'neighbour'" in text and "cohabited: 'maybe'" in text
    with pytest.raises(RolesError, match="conduct_of: this case has no defendant"):
        parse_roles(
            {"conduct_of": "defendant"}, criminal=False, parties=frozenset({"petitioner", "respondent"})
        )


def test_upgrading_to_i21_gives_existing_cases_the_defaults(db_url, tmp_path):
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        import_docket(
            engine, docket_csv(tmp_path / "docket.csv"), ImportOptions(), CaseTypeRules.load(), "Test"
        )
        before_i21 = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index("i21") - 1]
        with engine.begin() as conn:  # back before i21 with the cases in it (the table goes away)
            command.downgrade(migrate._config(engine, conn), before_i21)
        with engine.connect() as conn:
            assert "case_roles" not in sa.inspect(conn).get_table_names()
        before = db.count(engine, "court_case")
        migrate.upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT c.case_number, r.details_json, r.recorded FROM case_roles r "
                    "JOIN court_case c ON c.id = r.case_id"
                )
            ).all()
        by_case = {n: (json.loads(d), bool(rec)) for n, d, rec in rows}
        assert len(by_case) == before == db.count(engine, "court_case")
        assert by_case["26-CADV-0103"][0]["conduct_of"] == "defendant"
        assert by_case["26-CADV-0103"][0]["protected"] == ["victim"]
        assert by_case["2026-PFA-00102"][0]["conduct_of"] == "respondent"
        assert not any(rec for _, rec in by_case.values())
        cid = db.case_by_number(engine, "26-CADV-0103")["id"]
        assert get_roles(engine, cid)[0].conduct_of == "defendant"
    finally:
        engine.dispose()


def test_conclusions_per_party_and_older_conclusions_keep_their_meaning(engine, cases):
    from courtscreen.domain.findings import parse_conclusion
    from courtscreen.domain.findings_elements import Decision
    from courtscreen.store import findings
    from courtscreen.store.models import utc_now

    cid = cases["2026-CU-00104"]
    with engine.begin() as conn:  # a conclusion saved before element decisions existed
        conn.execute(db.table("conduct_conclusion").insert(), {
            "case_id": cid, "version": 1, "updated_by": "old", "updated_at": utc_now(),
            "details_json": json.dumps({"directed_at": "the petitioner, Odette Marlowe",
                                        "credible_threat": "", "credible_threat_basis": "",
                                        "fear_or_distress": "afraid at night"})})
    old = findings.get_conclusion(engine, cid)
    assert old.elements == {"directed": Decision("found", "the petitioner, Odette Marlowe"),
                            "fear_caused": Decision("", "afraid at night")}
    cross = parse_conclusion({"elements": {"acts": {"status": "not_found"}}})
    before = findings.get_conclusion(engine, cid, "cross")
    findings.save_conclusion(engine, cid, before, cross, CLERK, "cross")
    assert findings.get_conclusion(engine, cid, "cross").elements == {"acts": Decision("not_found")}
    assert findings.get_conclusion(engine, cid).directed_at == "the petitioner, Odette Marlowe"  # kept
    both = findings.case_findings(engine, cid)
    assert both.cross_conclusion.elements["acts"].status == "not_found"
    assert both.conclusion.elements["directed"].status == "found"
    fields = [r["field_name"] for r in db.select(engine, "audit_entry",
                                                   db.table("audit_entry").c.record == "conclusion")]
    assert "cross.elements.acts.status" in fields
