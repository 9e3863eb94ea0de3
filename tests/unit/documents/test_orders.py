"""Issue 22: orders and conditions that are narrow, tied to specific findings, worded from the case's
roles. One test per example the issue reproduced; every person and place is invented."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest
from doc_cases import docx_paragraphs, incident

from courtscreen.config import Jurisdiction
from courtscreen.documents.context import CaseRecord, Choice, ProtectedPlace, build_context
from courtscreen.documents.provisions import basis, case_facts, choose, date_words, places_phrase, role_words
from courtscreen.documents.registry import load_registry
from courtscreen.documents.render import render_docx
from courtscreen.domain.case_roles import CaseRoles, ProtectedPerson, default_roles
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.clauses import ClauseError, supports
from courtscreen.domain.findings import Conclusion

DAY = date(2026, 8, 10)
STATE = Jurisdiction(state="State of Franklin")
FEDERAL = Jurisdiction(state="United States", federal_court=True)
AUG10 = date_words(DAY, STATE)  # the profile's date style ("10 August 2026" or "August 10, 2026")


@dataclass(frozen=True)
class Record(CaseRecord):
    """A CaseRecord carrying recorded roles (what the findings work stores per case)."""

    roles: CaseRoles = field(default_factory=CaseRoles)


def record(*incidents, case_type=CaseType.PROTECTION_ORDER, roles=None, **kw) -> Record:
    criminal = case_type in (CaseType.DOMESTIC_VIOLENCE, CaseType.OTHER_CRIMINAL)
    return Record(case_id=7, case_number="2026-PO-0700", court="Harlan County Family Court",
                  case_type=case_type,
                  petitioner="Odette Marlowe", respondent="Silas Marlowe",
                  victim="Odette Marlowe" if criminal else "", incidents=tuple(incidents),
                  roles=roles or default_roles(criminal), **kw)


def by_id(form_id, rec, jurisdiction=STATE, pretrial=False):
    return {s.clause.id: s for s in supports(form_id, case_facts(rec, jurisdiction, pretrial))}


def text_of(form_id, rec, choices=None, jurisdiction=STATE, pretrial=False, include_confidential=False):
    form = load_registry().get(form_id)
    provisions = choose(form.manifest, rec, choices, include_confidential, jurisdiction, pretrial)
    ctx = build_context(form.manifest, rec, provisions, jurisdiction,
                        include_confidential=include_confidential, user="Imogen Thistlewood",
                        today=date(2026, 12, 2), version=1, pretrial=pretrial)
    return "\n".join(docx_paragraphs(render_docx(form.template, ctx, form.manifest.template)))


SPOOFED = incident(1, DAY, "sent texts from spoofed numbers", methods=("text",), areas=("life_invasion",),
                   behaviours=("impersonation_spoofing",))
MOTIONS = incident(2, DAY, "filed six motions in four weeks", methods=("court_filing",),
                   areas=("interference",), behaviours=("litigation_abuse",))
TRACKER = incident(2, DAY, "hid a GPS tracker on the petitioner's car", methods=("gps_tracker",),
                   areas=("surveillance",), behaviours=("gps_tracker",))
CALLS = incident(1, DAY, "made 212 phone calls in a month", methods=("phone",), areas=("life_invasion",),
                 behaviours=("repeated_calls_texts",))
FOLLOWED = incident(3, DAY, "followed her from work to her car", methods=("in_person",),
                    areas=("surveillance",), behaviours=("following",))


def test_posting_is_narrow_and_not_preselected_on_spoofed_texts():
    s = by_id("protection_addendum", record(SPOOFED))
    assert not s["po_no_posting"].supported and not s["po_no_posting"].preselect
    assert s["po_no_contact"].preselect  # spoofed texts are contact, not posting
    text = text_of("protection_addendum", record(SPOOFED), [Choice("po_no_posting")])
    assert "any statement about" not in text
    for part in ("(a) a threat to the petitioner", "identifying details of the petitioner",
                 "(c) any intimate image", "pretends to be, or to come from", "communication directed at"):
        assert part in text


def test_motions_filed_do_not_support_exchanges_or_message_limits():
    s = by_id("custody_safety", record(MOTIONS))
    assert s["cu_supervised_exchange"].proven == () and not s["cu_supervised_exchange"].preselect
    assert not s["cu_communication_app"].supported
    leave = s["cu_filing_leave"]
    assert leave.incident_numbers == (2,) and not leave.preselect
    assert "prefiling order" in leave.why_not_preselected()


def test_gps_never_preselected_and_an_address_on_file_is_not_a_basis():
    addr = record(protected=(ProtectedPlace("home", "Home", "14 Larkspur Row"),),
                  case_type=CaseType.DOMESTIC_VIOLENCE)
    s = by_id("supervision_conditions", addr)
    assert not s["sv_gps"].preselect and not s["sv_gps"].supported
    assert not s["sv_exclusion_zones"].preselect
    followed = by_id("supervision_conditions", replace(addr, incidents=(FOLLOWED,)))
    assert followed["sv_gps"].supported and not followed["sv_gps"].preselect
    why = followed["sv_gps"].why_not_preselected()
    assert "liberty-heavy (GPS monitoring, at the supervisee's cost)" in why
    assert followed["sv_exclusion_zones"].preselect and followed["sv_curfew"].supported
    assert not followed["sv_curfew"].preselect


def test_phone_calls_support_device_disclosure_and_search():
    s = by_id("supervision_conditions", record(CALLS, case_type=CaseType.DOMESTIC_VIOLENCE))
    assert s["sv_disclose_devices"].preselect and s["sv_disclose_devices"].incident_numbers == (1,)
    assert s["sv_search"].incident_numbers == (1,) and not s["sv_search"].preselect  # a search: never ticked


def test_firearms_rest_on_the_conviction_for_a_dv_probationer():
    s = by_id("supervision_conditions", record(case_type=CaseType.DOMESTIC_VIOLENCE))["sv_firearms"]
    assert s.preselect and s.supported and "NO SUPPORT" not in s.describe()
    assert "922(g)(9)" in s.describe()
    text = text_of("supervision_conditions", record(case_type=CaseType.DOMESTIC_VIOLENCE),
                   [Choice("sv_firearms")])
    assert "Based on the rule that a conviction of a misdemeanor crime of domestic violence" in text
    other = by_id("supervision_conditions", record(case_type=CaseType.OTHER_CRIMINAL))["sv_firearms"]
    assert other.supported and not other.preselect and "confirm the offence" in other.why_not_preselected()
    pretrial = by_id("supervision_conditions", record(case_type=CaseType.DOMESTIC_VIOLENCE), pretrial=True)
    assert not pretrial["sv_firearms"].law  # no conviction yet before trial


def test_federal_firearms_wording_only_for_an_intimate_partner_after_a_hearing_with_notice():
    threat = Conclusion("the petitioner", "yes", "threatened her with a handgun")
    spouse = CaseRoles(relationship="spouse", hearing_with_notice=True, order_kind="final",
                       order_date=date(2026, 12, 1))
    rec = record(conclusion=threat, roles=spouse)
    s = by_id("protection_addendum", rec)["po_firearms"]
    assert s.preselect and "922(g)(8)" in s.describe()
    text = text_of("protection_addendum", rec)
    assert "meets the conditions of 18 U.S.C. § 922(g)(8)" in text
    assert "is a federal crime (18 U.S.C. § 922(g)(8))" in text
    # A stalker who is an acquaintance, under an ex parte order: never told federal law requires surrender.
    stranger = CaseRoles(relationship="acquaintance", hearing_with_notice=False, order_kind="ex_parte")
    text = text_of("protection_addendum", record(conclusion=threat, roles=stranger))
    assert "federal" not in text.lower() and "922" not in text
    assert "Firearms and ammunition" in text  # the court's own order on its credible-threat finding


def test_state_firearms_law_comes_from_the_profile():
    law = Jurisdiction(state="State of Franklin", firearms_state_law="Franklin Stat. 12-34 bars possession "
                       "by a person subject to a protection order")
    s = by_id("protection_addendum", record(), law)["po_firearms"]
    assert s.preselect and "state law: Franklin Stat. 12-34" in s.describe()
    text = text_of("protection_addendum", record(), jurisdiction=law)
    assert "Franklin Stat. 12-34 bars possession" in text


def test_no_contact_exceptions_are_offered_for_the_judge_to_tick():
    s = by_id("protection_addendum", record(CALLS))
    for cid in ("po_nc_parenting_app", "po_nc_counsel", "po_nc_legal_process"):
        assert s[cid].supported and not s[cid].preselect
        assert s[cid].describe() == "exception to po_no_contact"
    text = text_of("protection_addendum", record(CALLS),
                   [Choice("po_no_contact"), Choice("po_nc_parenting_app", {"app": "TalkingParents"})])
    assert "only through TalkingParents" in text


def test_filing_leave_needs_the_courts_finding_and_keeps_emergency_motions():
    text = text_of("custody_safety", record(MOTIONS), [Choice("cu_filing_leave")])
    assert ("The court finds, on the record of this case, that the respondent has made a pattern of "
            "filings") in text
    assert "without legitimate purpose" in text
    assert "emergency motion about a child's safety" in text and "response to a filing" in text


def test_supervision_wording_home_visits_zones_costs_and_no_boilerplate():
    rec = record(FOLLOWED, case_type=CaseType.DOMESTIC_VIOLENCE,
                 protected=(ProtectedPlace("home", "Home", "14 Larkspur Row"),))
    text = text_of("supervision_conditions", rec, [Choice(c) for c in
                   ("sv_home_visits", "sv_exclusion_zones", "sv_gps", "sv_substance")])
    assert "A home visit is not a search" in text and "see any room, vehicle or device" not in text
    assert "shall not knowingly enter" in text and "written notice of its boundary" in text
    assert "after finding what the defendant is able to pay" in text
    assert "reasonably related" not in text and "no more restrictive than necessary" not in text
    # each condition its own nexus: the finding, or a line for the court's reason
    assert f"(Based on finding 3: the defendant followed her from work to her car on {AUG10}.)" in text
    assert "Reason for this condition, as the court states it:" in text  # substance: screening is no finding
    assert "14 Larkspur Row" not in text and "Larkspur" not in text
    exchange = text_of("custody_safety", record(MOTIONS), [Choice("cu_supervised_exchange")])
    assert "after considering each parent's ability to pay" in exchange
    assert "paid by the respondent" not in exchange
    assert "No finding recorded for this provision; the court's reason:" in exchange  # chosen, no finding


def test_pretrial_variant_has_no_search_and_cites_the_release_statute():
    rec = record(CALLS, case_type=CaseType.DOMESTIC_VIOLENCE)
    s = by_id("supervision_conditions", rec, pretrial=True)
    assert not s["sv_search"].offered and "not of pretrial release" in s["sv_search"].not_offered
    with pytest.raises(ClauseError, match="not offered for this case"):
        choose(load_registry().get("supervision_conditions").manifest, rec, [Choice("sv_search")], False,
               STATE, True)
    text = text_of("supervision_conditions", rec, jurisdiction=FEDERAL, pretrial=True)
    assert "CONDITIONS OF PRETRIAL RELEASE" in text and "released before trial" in text
    assert "18 U.S.C. § 3142(c)" in text and "3563" not in text and "warrant" not in text


def test_3563b_only_for_a_federal_court():
    rec = record(CALLS, case_type=CaseType.DOMESTIC_VIOLENCE)
    assert "3563" not in text_of("supervision_conditions", rec, jurisdiction=STATE)
    assert "(18 U.S.C. § 3563(b))" in text_of("supervision_conditions", rec, jurisdiction=FEDERAL)
    own = Jurisdiction(state="State of Franklin", citations={"supervision": "Franklin Stat. 9-1-7"})
    assert "(Franklin Stat. 9-1-7)" in text_of("supervision_conditions", rec, jurisdiction=own)


def test_dv_intervention_only_for_intimate_partners():
    threats = incident(1, DAY, "threatened to hurt her", areas=("intimidation",),
                       behaviours=("explicit_threats",))
    rec = record(threats, case_type=CaseType.OTHER_CRIMINAL,
                 roles=replace(default_roles(True), relationship="acquaintance"))
    s = by_id("supervision_conditions", rec)
    assert not s["sv_treatment"].offered
    assert "not recorded as intimate partners" in s["sv_treatment"].not_offered
    assert s["sv_counselling"].offered
    partner = by_id("supervision_conditions",
                    replace(rec, roles=replace(rec.roles, relationship="former_spouse")))
    assert partner["sv_treatment"].offered and partner["sv_treatment"].preselect


def _all_found(*keys: str) -> Conclusion:
    from courtscreen.domain.findings_elements import Decision

    return Conclusion(elements={k: Decision("found", "") for k in keys})


NEEDED = ("acts", "continuity", "directed", "reasonable_person", "fear_caused")


def test_full_faith_and_credit_for_a_mutual_order_only_with_findings_for_each_party():
    """18 U.S.C. 2265(c): a mutual order is enforced everywhere only where the court found each
    party entitled to it; the sentence must not appear on a finding for one side only."""
    ffc = "every state, tribe and territory"
    assert ffc in text_of("protection_addendum", record(CALLS))
    mutual = replace(CaseRoles(), mutual=True)
    assert ffc not in text_of("protection_addendum", record(CALLS, roles=mutual))
    his = [incident(n, DAY, f"act {n} of the respondent", methods=("phone",), areas=("life_invasion",),
                    actor="respondent") for n in (1, 2)]
    hers = [incident(n, DAY, f"act {n} of the petitioner", methods=("text",), areas=("life_invasion",),
                     actor="petitioner") for n in (3, 4)]
    one_side = record(*his, *hers, roles=mutual, conclusion=_all_found(*NEEDED))
    assert ffc not in text_of("protection_addendum", one_side)
    undecided = replace(one_side, cross_conclusion=_all_found("acts", "continuity"))
    assert ffc not in text_of("protection_addendum", undecided)
    both = replace(one_side, cross_conclusion=_all_found(*NEEDED))
    assert ffc in text_of("protection_addendum", both)
    no_acts_of_hers = record(*his, roles=mutual, conclusion=_all_found(*NEEDED),
                             cross_conclusion=_all_found(*NEEDED))
    assert ffc not in text_of("protection_addendum", no_acts_of_hers)  # no specific finding on her


def test_places_list_reads_as_one_list():
    rec = record(protected=(ProtectedPlace("home", "Home", "14 Larkspur Row"),
                            ProtectedPlace("workplace", "Work", "Ashgrove Clinic"),
                            ProtectedPlace("school", "School", "Maple Grove Elementary")))
    form = load_registry().get("protection_addendum").manifest
    words = role_words(form, rec)
    assert places_phrase(rec, words, False) == ("the residence of the petitioner, the workplace of the "
                                                "petitioner and the children's school")
    text = text_of("protection_addendum", replace(rec, incidents=(FOLLOWED,)), [Choice("po_stay_away")])
    assert "; and the workplace" not in text and ", and from any other place" not in text
    assert "stay away from any other place where the respondent knows the petitioner to be living" in text


def test_addendum_uses_the_orders_own_date_and_kind_not_the_hearing_date():
    rec = record(CALLS, hearing_date=date(2027, 1, 5),
                 roles=CaseRoles(order_kind="temporary", order_date=date(2026, 11, 20)))
    text = text_of("protection_addendum", rec)
    assert ("forms part of the temporary protection order entered in this case on "
            f"{date_words(date(2026, 11, 20), STATE)}") in text
    assert date_words(date(2027, 1, 5), STATE) not in text.split("Courtroom")[0]
    unknown = text_of("protection_addendum", record(CALLS, hearing_date=date(2027, 1, 5)))
    assert "entered in this case on ______________" in unknown


def test_printed_basis_names_the_specific_finding():
    rec = record(TRACKER)
    s = by_id("protection_addendum", rec)["po_no_surveillance"]
    words = role_words(load_registry().get("protection_addendum").manifest, rec)
    assert basis(s, words) == ("Based on finding 2: the respondent hid a GPS tracker on the petitioner's car "
                               f"on {AUG10}")
    assert "(Based on finding 2: the respondent hid a GPS tracker" in text_of("protection_addendum", rec)


def test_roles_decide_who_is_restrained_and_protected():
    roles = CaseRoles(conduct_of="petitioner", protected=(ProtectedPerson("party", "respondent"),))
    text = text_of("custody_safety", record(FOLLOWED, case_type=CaseType.CUSTODY, roles=roles))
    assert ('the conduct of Odette Marlowe ("the petitioner") toward Silas Marlowe ("the respondent")'
            in text)
    assert "The petitioner shall arrive at each exchange" in text
