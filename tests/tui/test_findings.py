"""The findings screens, driven with Pilot as a clerk would: add an incident (with a refused save that
keeps what was typed), edit it, withdraw it with a reason, start one from the screening, record the
conclusions; and what the database and the audit log then hold. Plus a snapshot of the timeline."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tuikit import settle, text_of, wait_until

from courtscreen.domain.findings import parse_incident
from courtscreen.domain.screening import Answers
from courtscreen.store import findings as store
from courtscreen.store import screenings
from courtscreen.store.screenings import find_case_id
from courtscreen.tui.screens.findings import FindingsScreen
from courtscreen.tui.screens.incident_form import IncidentForm

CASE = "2026-PFA-00378"  # a protection-order case of the sample docket


@pytest.fixture
def case_id(docket_engine) -> int:
    return find_case_id(docket_engine, CASE)


async def open_findings(pilot, case_id: int) -> FindingsScreen:
    await settle(pilot)
    pilot.app.push_screen(FindingsScreen(case_id))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen)
                     and pilot.app.screen.found is not None, what="the findings to load")
    await settle(pilot)
    return pilot.app.screen


def incidents(engine, case_id):
    return store.list_incidents(engine, case_id)


def audit(engine, case_id):
    return [(a.user, a.record, a.action, a.field, a.old, a.new)
            for a in screenings.audit_log(engine, case_id) if a.record == "incident"]


async def test_add_an_incident_fixing_a_bad_date_first(app, docket_engine, case_id):
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_findings(pilot, case_id)
        empty = text_of(screen.query_one("#conduct"))
        assert "No incidents recorded yet. Press a to add the first one." in empty
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        form = pilot.app.screen
        await pilot.press(*"2027-02-01")
        await pilot.press("tab", "1", "tab")  # finding: found proven
        await pilot.press(*"waited outside her workplace for two hours")
        form.query_one("#methods").select("in_person")
        form.query_one("#areas").select("surveillance")
        form.query_one("#reactions").select("fear")
        await pilot.press("ctrl+s")
        await settle(pilot)
        problems = text_of(form.query_one("#inc-problems"))
        assert "when: '2027-02-01' is in the future" in problems
        assert pilot.app.screen is form and incidents(docket_engine, case_id) == []
        assert form.query_one("#description").text == "waited outside her workplace for two hours"
        when = form.query_one("#when")
        assert when.has_focus
        when.value = "early March 2026"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to the list")
        await settle(pilot)
        [saved] = incidents(docket_engine, case_id)
        assert (saved.number, saved.finding, saved.when.start) == (1, "proven", date(2026, 3, 1))
        assert (saved.methods, saved.areas, saved.reactions) == (("in_person",), ("surveillance",), ("fear",))
        assert saved.description == "waited outside her workplace for two hours"
        table = pilot.app.screen.query_one("#incidents")
        assert [text_of_cell(c) for c in table.get_row_at(0)][:3] == ["1", "2026-03-01…03-10", "proven"]
        assert "1 act(s) found proven (2026-03-01…03-10);" in text_of(pilot.app.screen.query_one("#conduct"))
        created = ("clerk", "incident", "created", "when", "", "early March 2026")
        assert created in audit(docket_engine, case_id)


def text_of_cell(cell) -> str:
    return getattr(cell, "plain", None) or str(cell).split("]", 1)[-1].replace("[/]", "")


async def test_edit_then_withdraw_is_audited_and_the_incident_stays(app, docket_engine, case_id):
    first = store.add_incident(docket_engine, case_id, parse_incident(
        {"when": "2026-04-14", "description": "sent 40 texts in one night", "finding": "alleged"},
        date(2026, 11, 23)), "clerk")
    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        form = pilot.app.screen
        assert form.query_one("#when").value == "2026-04-14"
        form.query_one("#finding").value = "proven"
        form.query_one("#ev-detail-0").value = "screenshots of the texts"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to the list")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("enter")  # no reason yet: refused, dialog stays
        await settle(pilot)
        assert "Give the reason" in text_of(pilot.app.screen.query_one("#withdraw-problem"))
        await pilot.press(*"entered on the wrong case", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to the list")
        await settle(pilot)
        assert "1 withdrawn" in text_of(pilot.app.screen.query_one("#findings-title"))
        assert "0 act(s) found proven" in text_of(pilot.app.screen.query_one("#conduct"))
    [stored] = incidents(docket_engine, case_id)
    assert stored.withdrawn and stored.withdrawn_reason == "entered on the wrong case" and stored.version == 3
    assert stored.evidence[0].detail == "screenshots of the texts"
    log = audit(docket_engine, case_id)
    assert ("clerk", "incident", "edited", "finding", "alleged", "proven") in log
    assert log[-1] == ("clerk", "incident", "withdrawn", "reason", "", "entered on the wrong case")
    assert first.id == stored.id


async def test_a_save_after_someone_elses_is_refused_and_the_form_keeps_the_text(app, docket_engine, case_id):
    first = store.add_incident(docket_engine, case_id, parse_incident(
        {"when": "2026-04-14", "description": "sent texts", "finding": "alleged"}, date(2026, 11, 23)),
        "clerk")
    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        form = pilot.app.screen
        store.update_incident(docket_engine, first, parse_incident(
            {**first.to_dict(), "finding": "disputed"}, date(2026, 11, 23)), "Barnaby Quillfeather")
        form.query_one("#description").text = "sent 40 texts in one night"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is form
        problem = text_of(form.query_one("#inc-problems"))
        assert "Barnaby Quillfeather saved incident 1" in problem and "finding: alleged → disputed" in problem
        assert form.query_one("#description").text == "sent 40 texts in one night"
    assert incidents(docket_engine, case_id)[0].description == "sent texts"


async def test_start_an_incident_from_a_screening_behaviour(app, docket_engine, case_id):
    record = screenings.start_screening(docket_engine, case_id, "clerk")
    screenings.save(docket_engine, record, Answers(areas={"surveillance": "yes"},
                                                   behaviours={"surveillance": ["gps_tracker"]}), "clerk")
    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        assert "Press b to start one from the behaviours" in text_of(pilot.app.screen.query_one("#conduct"))
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")  # the only behaviour offered
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        form = pilot.app.screen
        assert form.query_one("#description").text.startswith("hid a GPS or Bluetooth tracker")
        assert list(form.query_one("#areas").selected) == ["surveillance"]
        form.query_one("#when").value = "May 2026"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to the list")
        await settle(pilot)
        await pilot.press("b")  # nothing left to start from
        await settle(pilot)
        assert isinstance(pilot.app.screen, FindingsScreen)
    [saved] = incidents(docket_engine, case_id)
    assert saved.behaviours == ("gps_tracker",)


async def test_conclusions_prefill_the_petitioner_and_need_a_basis_for_a_threat(app, docket_engine, case_id):
    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        await pilot.press("c")
        await settle(pilot)
        dialog = pilot.app.screen
        assert dialog.query_one("#directed-at").value == "the petitioner, Corbin Elmstead"
        assert dialog.query_one("#el-directed").value == ""  # the words are offered; the court decides
        dialog.query_one("#el-directed").value = "found"
        dialog.query_one("#threat").value = "yes"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "credible_threat_basis" in text_of(dialog.query_one("#conclusion-problem"))
        dialog.query_one("#basis").value = "threatened to shoot her; owns a rifle"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to the list")
        await settle(pilot)
        assert "✓ Directed at a specific person" in text_of(pilot.app.screen.query_one("#conduct"))
    saved = store.get_conclusion(docket_engine, case_id)
    assert saved.credible_threat == "yes"
    assert saved.credible_threat_basis == "threatened to shoot her; owns a rifle"
    assert saved.elements["directed"].status == "found"
    assert saved.elements["directed"].words == "the petitioner, Corbin Elmstead"
    assert "fear_caused" not in saved.elements  # not decided unless the court says so


async def test_the_case_view_summarises_findings_and_f_opens_them(app, docket_engine, case_id):
    from courtscreen.tui.screens.case_view import CaseScreen

    other = find_case_id(docket_engine, "2026-CU-00368")  # so that database ids and numbers differ
    store.add_incident(docket_engine, other, parse_incident(
        {"when": "2026-04-01", "description": "x"}, date(2026, 11, 23)), "clerk")
    store.add_incidents(docket_engine, case_id, [parse_incident(
        {"when": w, "description": "followed her", "finding": "proven", "reactions": ["fear"]},
        date(2026, 11, 23)) for w in ("2026-05-01", "2026-06-01")], "clerk")
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CaseScreen(case_id))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen)
                         and pilot.app.screen.query("#case-detail")
                         and "Findings of fact" in text_of(pilot.app.screen.query_one("#case-detail")),
                         what="the case")
        detail = text_of(pilot.app.screen.query_one("#case-detail"))
        assert "2 act(s) found proven over 31 days (2026-05-01 to 2026-06-01)" in detail
        assert "elements not all decided: findings are a DRAFT — next: Decide: number of acts" in detail
        assert "Conduct of the respondent; protected: petitioner" in detail
        assert "defaults, not confirmed" in detail
        assert ("Federal firearms (18 U.S.C. 922(g)(8)): not mentioned: the relationship is not "
                "recorded") in detail
        assert "clerk created incident 1 when: — → 2026-05-01" in detail  # its number in this case
        assert "clerk created incident 2 when: — → 2026-06-01" in detail
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="findings")


def test_timeline_snapshot(snap_compare, app, docket_engine, case_id):
    rows = [("2026-01-10", "alleged", ["surveillance"]), ("2026-03-02", "proven", ["surveillance"]),
            ("2026-03-20", "proven", ["intimidation"]), ("early May 2026", "proven", ["life_invasion"]),
            ("2026-05-12", "proven", ["surveillance", "interference"]), ("2026-05-14", "proven", []),
            ("2026-05-30", "disputed", ["intimidation"])]
    store.add_incidents(docket_engine, case_id, [parse_incident(
        {"when": w, "description": "sent threatening messages", "finding": f, "areas": a,
         "reactions": ["fear"]}, date(2026, 11, 23)) for w, f, a in rows], "clerk")

    async def run_before(pilot):
        await open_findings(pilot, case_id)

    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_details_json_is_plain_data():
    """The stored JSON is what `courtscreen findings` and exports read back: plain lists and strings."""
    inc = parse_incident({"when": "2026-04-14", "description": "x", "methods": "text"}, date(2026, 11, 23))
    assert json.loads(json.dumps(inc.details()))["methods"] == ["text"]


async def test_confidential_details_are_added_and_withdrawn(app, docket_engine, case_id):
    from courtscreen.tui.screens.protected_details import ProtectedDetails

    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProtectedDetails), what="the dialog")
        dialog = pilot.app.screen
        dialog.query_one("#protected-value").value = "14 Larkspur Row"
        await pilot.click("#add")
        await settle(pilot)
        assert "Choose the kind of detail" in text_of(dialog.query_one("#protected-problem"))
        dialog.query_one("#protected-kind").value = "home"
        dialog.query_one("#protected-value").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [d.value for d in store.list_protected(docket_engine, case_id)] == ["14 Larkspur Row"]
        dialog.query_one("#protected").focus()
        await pilot.press("delete")
        await settle(pilot)
        assert store.list_protected(docket_engine, case_id) == []
        assert dialog.query_one("#protected").row_count == 0
    logged = [(a.record, a.action, a.field, a.new) for a in screenings.audit_log(docket_engine, case_id)]
    assert ("protected", "created", "home", "(confidential)") in logged
    assert "Larkspur" not in repr(logged)


async def test_the_screener_sees_related_cases_screenings_and_incidents(app, docket_engine):
    """ctrl+r in the wizard: the other cases of the same people, their screening and incidents."""
    from sqlalchemy import text

    from courtscreen.tui.screens.related_pattern import RelatedPatternScreen
    from courtscreen.tui.screens.screening import ScreeningScreen

    with docket_engine.connect() as conn:  # a family case whose respondent is in another case
        here, there = conn.execute(text("""
            SELECT a.case_id, b.case_id FROM case_party a JOIN case_party b
              ON a.party_id = b.party_id AND a.case_id < b.case_id
            JOIN party p ON p.id = a.party_id JOIN court_case c ON c.id = a.case_id
            WHERE NOT p.is_organisation AND c.case_type IN ('custody', 'protection_order', 'divorce')
            ORDER BY a.case_id LIMIT 1""")).one()
    store.add_incident(docket_engine, there, parse_incident(
        {"when": "2026-02-14", "description": "slashed the tyres of her car", "finding": "proven"},
        date(2026, 11, 23)), "clerk")
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(ScreeningScreen(here))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScreeningScreen)
                         and getattr(pilot.app.screen, "case_number", None), what="the wizard")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, RelatedPatternScreen)
                         and "incident(s) recorded" in text_of(pilot.app.screen.query_one("#pattern-text")),
                         what="the related cases")
        shown = text_of(pilot.app.screen.query_one("#pattern-text"))
        assert "2026-02-14  found proven: slashed the tyres of her car" in shown
        assert "Not screened." in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ScreeningScreen)


async def test_roles_screen_records_who_did_what_to_whom_at_80x24(app, docket_engine, case_id):
    from courtscreen.store.case_roles import get_roles
    from courtscreen.tui.screens.case_roles_form import CaseRolesForm

    async with app.run_test(size=(80, 24)) as pilot:
        await open_findings(pilot, case_id)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseRolesForm), what="the roles form")
        form = pilot.app.screen
        assert "defaults for the case type, not yet confirmed" in text_of(form.query_one("#roles-box Static"))
        assert form.query_one("#save").region.bottom <= 24  # Save reachable without scrolling
        form.query_one("#conduct-of").value = "petitioner"  # the protected list still says petitioner
        await pilot.press("ctrl+s")
        await settle(pilot)
        problem = text_of(form.query_one("#roles-problem"))
        assert "protected: petitioner is the person whose conduct is at issue" in problem
        form.query_one("#protected").value = "respondent; child:M.M."
        form.query_one("#relationship").value = "dating"
        form.query_one("#cohabited").value = "no"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="back to findings")
    roles, version = get_roles(docket_engine, case_id)
    assert (roles.conduct_of, roles.relationship, roles.cohabited, version) == (
        "petitioner", "dating", False, 1)
    assert [p.role or p.name for p in roles.protected] == ["respondent", "M.M."]
    assert not roles.intimate_partner
    assert ("roles", "saved", "conduct_of", "respondent", "petitioner") in [
        (a.record, a.action, a.field, a.old, a.new) for a in screenings.audit_log(docket_engine, case_id)]


async def test_editing_an_incident_keeps_its_series_and_its_document_wording(app, docket_engine, case_id):
    [inc] = store.add_incidents(docket_engine, case_id, [parse_incident(
        {"when": "2026-08-12 to 2026-11-14", "description": "sent text messages", "finding": "alleged",
         "series_frequency": "about 40 texts a day", "acts_counted": 14, "if_not_proven": "not_found"},
        date(2026, 11, 23))], "clerk")
    async with app.run_test(size=(120, 60)) as pilot:
        await open_findings(pilot, case_id)
        pilot.app.push_screen(IncidentForm(case_id, inc))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        await settle(pilot)
        form = pilot.app.screen
        assert form.query_one("#series-frequency").value == "about 40 texts a day"
        assert form.query_one("#if-not-proven").value == "not_found"
        form.query_one("#finding").value = "proven"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="saved")
    [saved] = incidents(docket_engine, case_id)
    assert (saved.finding, saved.series_frequency, saved.acts_counted, saved.if_not_proven) == (
        "proven", "about 40 texts a day", 14, "not_found")
