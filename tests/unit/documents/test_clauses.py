"""The clause catalogue: what supports each provision, what is pre-selected, and how values are filled."""

from __future__ import annotations

from dataclasses import replace

import pytest
from doc_cases import HOME, incident, maximal, minimal

from courtscreen.documents.context import Choice, choose
from courtscreen.documents.provisions import places_phrase, role_words
from courtscreen.documents.registry import load_registry
from courtscreen.domain.clauses import (
    CaseFacts,
    ClauseError,
    check_params,
    fill,
    load_clauses,
    parse_clauses,
    supports,
)
from courtscreen.domain.findings import Conclusion

FORMS = ("protection_addendum", "custody_safety", "supervision_conditions")


def by_id(form_id, facts):
    return {s.clause.id: s for s in supports(form_id, facts)}


def test_catalogue_loads_and_every_order_form_has_provisions():
    cat = load_clauses()
    assert cat.version
    for form_id in FORMS:
        assert len(cat.for_form(form_id)) >= 7
    assert all(c.source for c in cat.clauses)


def test_issue_provisions_are_in_the_catalogue():
    ids = {c.id for c in load_clauses().clauses}
    needed = """po_no_contact po_stay_away po_no_surveillance po_no_device_access po_no_posting po_firearms
        po_duration cu_exchange_place cu_supervised_exchange cu_staggered_exchange cu_communication_app
        cu_no_questioning cu_confidential_address cu_filing_leave sv_no_contact sv_exclusion_zones
        sv_disclose_devices sv_search sv_home_visits sv_no_tracking_tools sv_firearms
        sv_treatment sv_curfew"""
    assert set(needed.split()) <= ids


def test_nothing_recorded_leaves_only_the_standing_provision_selected():
    support = by_id("protection_addendum", CaseFacts())
    assert [cid for cid, s in support.items() if s.preselect] == ["po_duration"]
    assert support["po_firearms"].describe() == "no supporting finding"
    assert not support["po_firearms"].supported


def test_proven_incidents_support_and_preselect_with_their_numbers():
    facts = maximal().facts()
    support = by_id("protection_addendum", facts)
    s = support["po_no_surveillance"]
    # Incident 2 (waited outside the home) shares only the surveillance area: related, not the basis.
    assert s.preselect and s.incident_numbers == (3,)
    assert s.describe().startswith("incident 3 (proven)")
    assert "incident 2 (same SLII area only, not its trigger)" in s.describe()


def test_alleged_only_or_screening_only_support_is_shown_but_not_preselected():
    record = maximal()
    support = by_id("protection_addendum", record.facts())
    posting = support["po_no_posting"]
    assert posting.supported and not posting.preselect
    assert "incident 4 (alleged or disputed only)" in posting.describe()
    no_threat = replace(record, conclusion=Conclusion("the petitioner", "no"), incidents=())
    firearms = by_id("protection_addendum", no_threat.facts())["po_firearms"]
    assert not firearms.preselect
    assert "risk marker: Access to firearms" in firearms.describe()
    assert "screening: Displayed or talked about weapons" in firearms.describe()


def test_credible_threat_finding_preselects_firearms():
    facts = CaseFacts(conclusion=Conclusion("the petitioner", "yes", "threats with a gun"))
    s = by_id("supervision_conditions", facts)["sv_firearms"]
    assert s.preselect and s.describe() == "credible threat found"


def test_withdrawn_incidents_support_nothing():
    inc = incident(1, maximal().incidents[0].when.start, "sent texts", methods=("text",), withdrawn=True)
    assert not by_id("supervision_conditions", CaseFacts(incidents=(inc,)))["sv_no_contact"].supported


def test_confidential_place_on_file_supports_the_confidentiality_clause():
    record = maximal()
    s = by_id("custody_safety", replace(record, incidents=()).facts())["cu_confidential_address"]
    # Offered with what it refers to; an address on file is not a finding, so it is not pre-ticked.
    assert s.supported and not s.preselect and "confidential home, school on file" in s.describe()


def test_values_are_inserted_literally_and_sentences_capitalised():
    clause = load_clauses().get("po_duration")
    text = fill(clause, {"until": "{protected} {{ 7*7 }} {0.__class__}"},
                {"respondent": "the respondent", "protected": "the petitioner", "places": ""})
    assert "until {protected} {{ 7*7 }} {0.__class__}, unless" in text
    assert ". The petitioner may ask the court to renew" in text


def test_parameters_are_checked_by_name_and_kind():
    clause = load_clauses().get("po_stay_away")
    assert check_params(clause, {}) == {"distance": "500"}
    with pytest.raises(ClauseError,
                       match=r"po_stay_away.distance \(Distance in feet\): 'far' is not a whole"):
        check_params(clause, {"distance": "far"})
    with pytest.raises(ClauseError, match=r"po_stay_away.colour: not a parameter .*parameters: distance"):
        check_params(clause, {"colour": "red"})


def test_unknown_provision_for_a_form_is_refused_by_name():
    form = load_registry().get("custody_safety").manifest
    with pytest.raises(ClauseError, match="'sv_curfew' is not a provision of the form custody_safety"):
        choose(form, minimal(), [Choice("sv_curfew")])


def test_places_withhold_addresses_unless_included():
    record = maximal()
    words = role_words(load_registry().get("protection_addendum").manifest, record)
    assert HOME not in places_phrase(record, words, False)
    assert places_phrase(record, words, False) == "the residence of the petitioner and the children's school"
    assert f"the residence of the petitioner at {HOME}" in places_phrase(record, words, True)
    assert places_phrase(minimal(), words, False) == "the residence, workplace and school of the petitioner"


def test_a_bad_catalogue_names_each_problem():
    raw = {"clause": [{"id": "x", "forms": ["f"], "heading": "H", "text": "{respondent} {nope}",
                       "support": {"areas": ["telepathy"], "moods": ["a"]}},
                      {"id": "x", "forms": ["f"], "heading": "H", "text": "t"}]}
    with pytest.raises(ClauseError) as exc:
        parse_clauses(raw, "court.toml")
    msg = str(exc.value)
    assert "court.toml: clause x: support.areas: telepathy not known" in msg
    assert "support.moods is not a kind of support" in msg
    assert "text uses {nope}" in msg and "id used twice" in msg
