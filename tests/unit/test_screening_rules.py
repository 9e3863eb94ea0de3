"""The screening rules, no database: question flow per case type and role, the result rule,
validation of answers, the audit diff, and the catalogue itself."""

from __future__ import annotations

import dataclasses
import numbers

import pytest

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening import (
    ANSWERS,
    Answers,
    Assessment,
    assess,
    changes,
    flatten,
    load_catalogue,
    steps_for,
)
from courtscreen.domain.screening_status import ScreeningStatus

SLII = ["surveillance", "life_invasion", "intimidation", "interference"]
CUSTODY_QUESTIONS = ["exchanges_used", "children_questioned", "address_demands", "repetitive_filings",
                     "shared_accounts_devices"]
PO_QUESTIONS = ["petition_conduct", "prior_orders", "contact_after_service"]
DV_ANY_ROLE = ["prior_orders", "pattern_in_charges", "jail_contact", "bail_contact"]
PROBATION_ONLY = ["offender_devices", "offender_knows_whereabouts", "offender_fixation"]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def step_ids(case_type: CaseType, role: str = "clerk") -> list[str]:
    return [s.id for s in steps_for(case_type, role)]


def question_ids(catalogue, case_type: CaseType, role: str = "clerk") -> list[str]:
    return [q.id for q in catalogue.questions_for(case_type, role)]


def answers(**kw) -> Answers:
    return Answers(**kw)


# --------------------------------------------------------------------------- question flow


def test_steps_start_with_about_then_the_four_slii_areas_in_order():
    for case_type in CaseType:
        ids = step_ids(case_type)
        assert ids[:5] == ["about", *SLII], case_type
        assert ids[-3:] == ["pattern", "risk", "result"], case_type


def test_area_steps_carry_the_area_labels(catalogue):
    steps = steps_for(CaseType.CUSTODY, "clerk")
    assert [(s.id, s.title) for s in steps[1:5]] == [(a.id, a.label) for a in catalogue.areas]
    assert [s.title for s in steps[1:5]] == ["Surveillance", "Life invasion", "Intimidation", "Interference"]


def test_custody_clerk_gets_the_custody_questions(catalogue):
    assert step_ids(CaseType.CUSTODY) == ["about", *SLII, "case_questions", "pattern", "risk", "result"]
    case_step = next(s for s in steps_for(CaseType.CUSTODY, "clerk") if s.id == "case_questions")
    assert case_step.title.startswith("Custody")
    assert question_ids(catalogue, CaseType.CUSTODY) == CUSTODY_QUESTIONS


def test_divorce_shares_the_custody_questions(catalogue):
    assert question_ids(catalogue, CaseType.DIVORCE) == CUSTODY_QUESTIONS


def test_protection_order_gets_petition_prior_orders_and_contact_after_service(catalogue):
    assert "case_questions" in step_ids(CaseType.PROTECTION_ORDER)
    ids = question_ids(catalogue, CaseType.PROTECTION_ORDER)
    assert set(PO_QUESTIONS) <= set(ids)
    assert not {"exchanges_used", "children_questioned", "jail_contact"} & set(ids)


def test_domestic_violence_clerk_gets_pattern_jail_bail_but_not_the_probation_questions(catalogue):
    ids = question_ids(catalogue, CaseType.DOMESTIC_VIOLENCE, "clerk")
    assert ids == DV_ANY_ROLE
    assert not set(PROBATION_ONLY) & set(ids)


def test_domestic_violence_probation_officer_also_gets_the_offender_questions(catalogue):
    ids = question_ids(catalogue, CaseType.DOMESTIC_VIOLENCE, "probation_officer")
    assert ids == DV_ANY_ROLE + PROBATION_ONLY


@pytest.mark.parametrize("role", ["", "clerk", "judicial_staff", "advocate", "other"])
def test_probation_questions_are_only_for_probation_officers(catalogue, role):
    for case_type in CaseType:
        assert not set(PROBATION_ONLY) & set(question_ids(catalogue, case_type, role))


@pytest.mark.parametrize("case_type", [CaseType.CIVIL, CaseType.OTHER])
@pytest.mark.parametrize("role", ["clerk", "probation_officer", ""])
def test_civil_and_other_have_no_case_questions_step(case_type, role):
    assert step_ids(case_type, role) == ["about", *SLII, "pattern", "risk", "result"]


# --------------------------------------------------------------------------- the result rule


def test_indicated_needs_two_incidents_an_area_and_fear():
    a = assess(answers(areas={"surveillance": "yes"}, incidents="two_or_more", fear="yes"))
    assert a.status is ScreeningStatus.INDICATED
    assert a.headline == "Stalking indicated"
    assert a.areas_yes == ("surveillance",)
    assert "behaviour reported in Surveillance" in a.reasons
    assert "two or more separate incidents described" in a.reasons
    assert "fear or substantial emotional distress described" in a.reasons


def test_one_incident_is_possible_and_says_two_or_more_are_needed():
    a = assess(answers(areas={"intimidation": "yes"}, incidents="one", fear="yes"))
    assert a.status is ScreeningStatus.POSSIBLE
    assert a.headline == "Possible: needs follow-up"
    assert any("two or more" in r and "one incident" in r for r in a.reasons), a.reasons


def test_nothing_known_is_possible_and_says_no_area_could_be_answered():
    a = assess(Answers())
    assert a.status is ScreeningStatus.POSSIBLE
    assert a.reasons[0] == "no SLII area could be answered yet"
    a = assess(answers(areas=dict.fromkeys(SLII, "unknown")))
    assert a.status is ScreeningStatus.POSSIBLE
    assert a.reasons[0] == "no SLII area could be answered yet"


@pytest.mark.parametrize("fear", ["no", "unknown"])
def test_fear_not_described_is_possible(fear):
    a = assess(answers(areas={"life_invasion": "yes"}, incidents="two_or_more", fear=fear))
    assert a.status is ScreeningStatus.POSSIBLE
    assert not any(r == "fear or substantial emotional distress described" for r in a.reasons)
    assert any("afraid" in r or "fear" in r for r in a.reasons)


def test_every_area_no_is_not_indicated():
    a = assess(answers(areas=dict.fromkeys(SLII, "no"), incidents="none", fear="no"))
    assert a.status is ScreeningStatus.NOT_INDICATED
    assert a.headline == "Not indicated"
    assert a.reasons == ("every SLII area was answered no and no behaviour was recorded",)
    assert a.areas_yes == () and a.behaviour_count == 0


def test_one_area_left_unanswered_is_not_not_indicated():
    a = assess(answers(areas=dict.fromkeys(SLII[:3], "no"), incidents="none", fear="no"))
    assert a.status is ScreeningStatus.POSSIBLE
    assert a.reasons[0] == "no area answered yes, but some are still unknown"


def test_every_area_no_with_two_incidents_does_not_claim_areas_are_unknown():
    a = assess(answers(areas=dict.fromkeys(SLII, "no"), incidents="two_or_more", fear="yes"))
    assert a.status is ScreeningStatus.POSSIBLE
    assert not any("still unknown" in r for r in a.reasons), a.reasons


def test_ticked_behaviours_count_as_their_area_even_without_a_yes():
    a = assess(answers(areas={"surveillance": "unknown", "interference": "no"},
                       behaviours={"surveillance": ["gps_tracker", "following"],
                                   "interference": ["account_takeover"]},
                       incidents="two_or_more", fear="yes"))
    assert a.status is ScreeningStatus.INDICATED
    assert a.areas_yes == ("surveillance", "interference")
    assert a.behaviour_count == 3
    assert "behaviour reported in Surveillance, Interference (3 specific behaviour(s) ticked)" in a.reasons


def test_ticked_behaviour_alone_stops_a_not_indicated():
    a = assess(answers(areas=dict.fromkeys(SLII, "no"), behaviours={"intimidation": ["pets"]},
                       incidents="none", fear="no"))
    assert a.status is ScreeningStatus.POSSIBLE
    assert a.areas_yes == ("intimidation",)


def test_empty_behaviour_lists_do_not_count():
    a = assess(answers(areas=dict.fromkeys(SLII, "no"), behaviours={"intimidation": []}, incidents="none"))
    assert a.status is ScreeningStatus.NOT_INDICATED


def test_risk_markers_are_listed_with_their_sources(catalogue):
    a = assess(answers(areas={"surveillance": "yes"}, incidents="two_or_more", fear="yes",
                       risk_markers=["firearm_access", "intimate_partner"]))
    by_id = {m.id: m for m in catalogue.risk_markers}
    # catalogue order, each with its citation
    assert [m.id for m in a.risk_markers] == ["intimate_partner", "firearm_access"]
    assert all(m.source == by_id[m.id].source and m.source for m in a.risk_markers)
    assert "Campbell et al. (2003)" in a.risk_markers[1].source
    assert a.reasons[-2] == ("2 risk marker(s) present: Current or former intimate partner; "
                             "Access to firearms")
    assert a.reasons[-1].startswith("Markers associated with lethality are present (access to firearms). "
                                    "Complete a validated assessment")
    assert "with a trained advocate today" in a.reasons[-1]
    assert [m.id for m in a.lethality] == ["firearm_access"]


def test_no_lethality_sentence_without_such_markers():
    a = assess(answers(risk_markers=["intimate_partner", "escalation"]))
    assert not a.lethality and not any("lethality" in r for r in a.reasons)


def test_questions_follow_the_case_roles_and_the_probation_officers_task(catalogue):
    from courtscreen.domain.screening import question_words

    area = catalogue.area("surveillance")
    custody = area.question_for("clerk", question_words("petitioner", "the respondent"))
    assert custody.startswith("Has the petitioner followed or watched the respondent")
    assert "{" not in custody and "the victim" not in custody
    words = question_words("defendant", "the victim", "probation_officer")
    po = area.question_for("probation_officer", words)
    assert po.startswith("In interview or in the file: has the offender")
    for q in catalogue.questions:
        assert "the respondent" not in q.text.replace("{conduct}", ""), q.id


def test_the_sparc_items_and_markers_added_in_2026_12(catalogue):
    ids = {b.id: a.id for a in catalogue.areas for b in a.behaviours}
    for behaviour, area in [("obsessive_communication", "surveillance"),
                            ("held_against_will", "interference"),
                            ("caused_accident", "interference"), ("intimate_images", "interference"),
                            ("image_threats", "intimidation"), ("doxxing", "interference"),
                            ("fake_profiles", "life_invasion"), ("children_devices_car", "surveillance"),
                            ("unexplained_knowledge", "surveillance"), ("harmed_pets", "interference")]:
        assert ids.get(behaviour) == area, behaviour
    markers = {m.id: m for m in catalogue.risk_markers}
    assert "strangulation" in markers and markers["strangulation"].lethality
    assert "coercive_control" in markers
    assert "McFarlane, Campbell & Watson (2002)" in markers["threats_to_kill"].source
    assert "Danger Assessment" in markers["suicide_threats"].source
    assert "NISVS" not in markers["intimate_partner"].source  # a risk finding, not a prevalence figure


def test_risk_markers_do_not_change_the_status():
    base = answers(areas=dict.fromkeys(SLII, "no"), incidents="none", fear="no")
    marked = answers(areas=dict.fromkeys(SLII, "no"), incidents="none", fear="no",
                     risk_markers=[m.id for m in load_catalogue().risk_markers])
    assert assess(base).status is assess(marked).status is ScreeningStatus.NOT_INDICATED


def test_assessment_never_carries_a_numeric_score():
    every_marker = [m.id for m in load_catalogue().risk_markers]
    a = assess(answers(areas=dict.fromkeys(SLII, "yes"), incidents="two_or_more", fear="yes",
                       risk_markers=every_marker,
                       behaviours={"surveillance": ["following", "spyware"]}))
    names = [f.name for f in dataclasses.fields(Assessment)]
    assert names == ["status", "reasons", "areas_yes", "behaviour_count", "risk_markers"]
    assert not any(word in n for n in names for word in ("score", "point", "level", "danger", "risk_level"))
    # the only number is a count of ticked behaviours; nothing is a float or a weighted total
    numeric = {n: getattr(a, n) for n in names if isinstance(getattr(a, n), numbers.Number)}
    assert numeric == {"behaviour_count": 2}
    assert isinstance(a.status, ScreeningStatus) and isinstance(a.headline, str)
    text = " ".join(a.reasons).lower()
    assert "score" not in text and "/10" not in text and "%" not in text
    for m in a.risk_markers:
        # a marker is cited and may be flagged as associated with lethality: never weighted
        assert [f.name for f in dataclasses.fields(m)] == ["id", "label", "source", "lethality"]
        assert isinstance(m.lethality, bool)


# --------------------------------------------------------------------------- validation


def problem(data: dict) -> str:
    with pytest.raises(ValueError) as exc:
        Answers.from_dict(data)
    return str(exc.value)


@pytest.mark.parametrize(("data", "path"), [
    ({"areas": {"surveillance": "maybe"}}, "areas.surveillance: 'maybe' is not yes, no or unknown"),
    ({"areas": {"stalking": "yes"}}, "areas.stalking: not an SLII area"),
    ({"areas": "yes"}, "areas: must be an object"),
    ({"behaviours": {"life_invasion": ["following"]}},
     "behaviours.life_invasion: 'following' is not one of"),
    ({"behaviours": {"life_invasion": "repeated_calls_texts"}}, "behaviours.life_invasion: must be a list"),
    ({"behaviours": {"nonsense": ["following"]}}, "behaviours.nonsense: not an SLII area"),
    ({"questions": {"xyz": "yes"}}, "questions.xyz: no such question in catalogue 2026.12"),
    ({"questions": {"exchanges_used": "often"}},
     "questions.exchanges_used: 'often' is not yes, no or unknown"),
    ({"incidents": "three"}, "incidents: 'three' is not one of none, one, two_or_more, unknown"),
    ({"fear": "a bit"}, "fear: 'a bit' is not yes, no or unknown"),
    ({"risk_markers": ["firearms"]}, "risk_markers: 'firearms' is not one of"),
    ({"risk_markers": "firearm_access"}, "risk_markers: must be a list"),
    ({"instruments": {"foo": "done"}},
     "instruments.foo: not a known instrument (sharp, danger_assessment, lap)"),
    ({"info_sources": ["gossip"]}, "info_sources: 'gossip' is not one of"),
    ({"screener_role": "judge"}, "screener_role: 'judge' is not one of"),
    ({"narrative": 42}, "narrative: must be text"),
])
def test_each_bad_value_names_its_field_path(data, path):
    assert path in problem(data)


def test_an_unknown_top_level_field_is_named_with_the_known_fields():
    message = problem({"areas": {}, "danger_score": 7})
    assert message.startswith("unknown field(s) danger_score;")
    assert "areas" in message and "risk_markers" in message


def test_every_problem_is_reported_at_once():
    message = problem({"areas": {"surveillance": "maybe"}, "fear": "a bit", "questions": {"xyz": "yes"}})
    parts = message.split("; ")
    assert [p.split(":")[0] for p in parts] == ["areas.surveillance", "questions.xyz", "fear"]


def test_not_an_object_is_refused():
    with pytest.raises(ValueError, match="must be a JSON object"):
        Answers.from_dict(["surveillance"])


@pytest.mark.parametrize(("data", "field"), [
    ({"incidents": ["two_or_more"]}, "incidents"),
    ({"screener_role": ["clerk"]}, "screener_role"),
    ({"risk_markers": [{"id": "firearm_access"}]}, "risk_markers"),
    ({"behaviours": {"surveillance": [["following"]]}}, "behaviours.surveillance"),
])
def test_unhashable_values_are_reported_with_their_field(data, field):
    with pytest.raises(ValueError, match=field):
        Answers.from_dict(data)


@pytest.mark.parametrize(("data", "field"), [
    ({"area_notes": "Followed her home"}, "area_notes"),
    ({"area_notes": {"stalking": "Followed her home"}}, "area_notes.stalking"),
    ({"area_notes": {"surveillance": ["Followed her home"]}}, "area_notes.surveillance"),
    ({"instruments": {"sharp": 17}}, "instruments.sharp"),
])
def test_area_notes_and_instrument_results_are_validated(data, field):
    with pytest.raises(ValueError, match=field):
        Answers.from_dict(data)


FULL = {
    "info_sources": ["petition", "police_report"], "screener_role": "clerk",
    "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "unknown", "interference": "no"},
    "behaviours": {"surveillance": ["showing_up", "location_app"]},
    "area_notes": {"surveillance": "Waited outside the daycare twice in October."},
    "questions": {"exchanges_used": "yes"}, "incidents": "two_or_more", "fear": "yes",
    "narrative": "Petitioner moved and changed her number.", "risk_markers": ["intimate_partner"],
    "instruments": {"sharp": "completed 2026-11-20"},
}


def test_round_trip_to_dict_from_dict():
    a = Answers.from_dict(FULL)
    assert a.to_dict() == FULL
    assert Answers.from_dict(a.to_dict()) == a
    assert Answers.from_dict({}).to_dict() == Answers().to_dict()


def test_to_dict_copies_so_callers_cannot_mutate_the_answers():
    a = Answers.from_dict(FULL)
    d = a.to_dict()
    d["areas"]["surveillance"] = "no"
    d["behaviours"]["surveillance"].append("spyware")
    assert a.areas["surveillance"] == "yes"
    assert a.behaviours["surveillance"] == ["showing_up", "location_app"]


def test_every_answer_value_is_one_of_the_three():
    assert ANSWERS == ("yes", "no", "unknown")


# --------------------------------------------------------------------------- the audit diff


def test_flatten_gives_dotted_paths_and_joins_lists():
    flat = flatten(FULL)
    assert flat["areas.surveillance"] == "yes"
    assert flat["behaviours.surveillance"] == "showing_up, location_app"
    assert flat["instruments.sharp"] == "completed 2026-11-20"
    assert flat["info_sources"] == "petition, police_report"
    assert flat["incidents"] == "two_or_more"
    assert all(isinstance(v, str) for v in flat.values())


def test_changes_gives_one_entry_per_changed_field():
    new = Answers.from_dict(FULL).to_dict()
    new["areas"]["surveillance"] = "no"
    new["areas"]["interference"] = "yes"
    new["behaviours"]["surveillance"] = ["showing_up"]
    new["risk_markers"] = ["intimate_partner", "firearm_access"]
    new["questions"] = {}
    new["instruments"]["lap"] = "screened in 2026-11-21"
    assert changes(FULL, new) == [
        ("areas.interference", "no", "yes"),
        ("areas.surveillance", "yes", "no"),
        ("behaviours.surveillance", "showing_up, location_app", "showing_up"),
        ("instruments.lap", "", "screened in 2026-11-21"),
        ("questions.exchanges_used", "yes", ""),
        ("risk_markers", "intimate_partner", "intimate_partner, firearm_access"),
    ]


def test_no_change_no_entries():
    assert changes(FULL, Answers.from_dict(FULL).to_dict()) == []


def test_changes_from_a_fresh_draft():
    fresh = Answers().to_dict()
    diff = changes(fresh, {**fresh, "fear": "yes", "areas": {"surveillance": "yes"}})
    assert diff == [("areas.surveillance", "", "yes"), ("fear", "unknown", "yes")]


# --------------------------------------------------------------------------- the catalogue


def test_catalogue_has_a_version_and_a_source(catalogue):
    assert isinstance(catalogue.version, str) and catalogue.version.strip()
    assert catalogue.version == "2026.12"
    assert "Logan" in catalogue.framework_source


def test_every_area_has_behaviours_and_a_question(catalogue):
    assert [a.id for a in catalogue.areas] == SLII
    for area in catalogue.areas:
        assert area.behaviours, area.id
        assert area.question.strip().endswith("?"), area.id
        assert "stalking" not in area.question.lower(), "ask about behaviours, never 'is this stalking?'"
    ids = [b.id for a in catalogue.areas for b in a.behaviours]
    assert len(ids) == len(set(ids)), "behaviour ids must be unique across areas"


def test_some_behaviours_are_marked_as_technology(catalogue):
    tech = {b.id for a in catalogue.areas for b in a.behaviours if b.tech}
    assert {"gps_tracker", "spyware", "account_takeover", "repeated_calls_texts"} <= tech
    assert {b.id for a in catalogue.areas for b in a.behaviours if not b.tech}


def test_every_risk_marker_cites_a_source(catalogue):
    assert catalogue.risk_markers
    for m in catalogue.risk_markers:
        assert m.source.strip(), m.id
        assert m.label.strip(), m.id


def test_validated_instruments_are_named_with_where_to_find_them(catalogue):
    by_id = {i.id: i for i in catalogue.instruments}
    assert set(by_id) == {"sharp", "danger_assessment", "lap"}
    assert by_id["sharp"].name.startswith("SHARP")
    assert "Danger Assessment" in by_id["danger_assessment"].name
    assert "LAP" in by_id["lap"].name
    for inst in catalogue.instruments:
        assert inst.where.strip() and inst.by.strip(), inst.id
    assert "dangerassessment.org" in by_id["danger_assessment"].where


def test_every_question_refers_to_real_areas_and_case_types(catalogue):
    area_ids = set(SLII)
    for q in catalogue.questions:
        assert set(q.areas) <= area_ids, q.id
        assert q.applies_to, q.id
        assert q.roles <= {"probation_officer"}, q.id
