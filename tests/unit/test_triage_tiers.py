"""Classification that reads like a lawyer, and flags with a strength (issue 20).

Every vocabulary item named in the issue, negation ("Not DV", "non-DV", "no DV"), word
boundaries, the tiers and the priority they give, and a court's own rules from config."""

from __future__ import annotations

import pytest

from courtscreen.domain.case_types import CaseType, CaseTypeRules
from courtscreen.domain.triage import (
    PRIORITY_LINKED,
    Tier,
    TriageRules,
    parse_tier,
    tier_of_priority,
    why_here,
)

RULES = CaseTypeRules.load()
TRIAGE = TriageRules.load()


def typed(nature: str = "", label: str = "", number: str = "X-1") -> CaseType:
    return RULES.classify(number, label, nature).case_type


def charge_codes(text: str, case_type: CaseType = CaseType.OTHER_CRIMINAL) -> list[str]:
    return [f.code for f in TRIAGE.flags(case_type, text) if f.code.startswith("charge:")]


# ----------------------------------------------------------------------------- negation


@pytest.mark.parametrize("label", ["Not DV at Disposition", "non-DV", "No DV", "NOT DOMESTIC VIOLENCE",
                                   "Non-domestic violence"])
def test_a_denied_case_type_is_not_that_type(label):
    assert typed(label=label) is not CaseType.DOMESTIC_VIOLENCE


@pytest.mark.parametrize("label", ["DV at Disposition", "DV", "Domestic Violence"])
def test_the_plain_case_type_still_counts(label):
    assert typed(label=label) is CaseType.DOMESTIC_VIOLENCE


def test_phrases_match_whole_words_only():
    assert typed(label="Advocacy") is not CaseType.DOMESTIC_VIOLENCE  # "dv" inside a word
    assert charge_codes("DISTALKINGTON ROAD") == []
    assert charge_codes("not harassment") == []
    assert charge_codes("not harassment; harassment") == ["charge:harassment"]  # a later one counts


# ----------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize("nature", [
    "VIOLATE EXPARTE OR PROTECTIVE ORDER",
    "VIOLATION OF A PRETRIAL PROTECTIVE ORDER",
    "CRIMINAL CONTEMPT 2ND DEGREE: DISOBEY ORDER OF PROTECTION",
    "Criminal contempt in the first degree - violation of an order of protection",
    "Violation of no-contact order",
    "Violation of peace order",
])
def test_order_violations_are_criminal_charges_flagged_stalking_specific(nature):
    assert typed(nature) is CaseType.DOMESTIC_VIOLENCE  # a criminal case, not a PO petition
    assert "charge:order_violation" in charge_codes(nature)
    assert tier_of_priority(TRIAGE.priority(charge_codes(nature))) is Tier.STALKING


@pytest.mark.parametrize("nature", [
    "Petition for injunction for protection against stalking",  # Florida
    "Injunction for protection against domestic violence",
    "Petition for anti-harassment order",  # Washington
    "Antiharassment order hearing",
    "Peace order petition",  # Maryland
    "Family offense petition",  # New York Family Court
    "Harassment prevention order (c.258E)",  # Massachusetts
    "Protection from abuse",
    "Order of protection - final hearing",
])
def test_civil_orders_are_protection_orders(nature):
    assert typed(nature) is CaseType.PROTECTION_ORDER


@pytest.mark.parametrize("nature", ["Extreme risk protection order petition", "ERPO hearing",
                                    "Gun violence restraining order"])
def test_an_extreme_risk_order_is_its_own_type_not_a_victim_protection_order(nature):
    assert typed(nature) is CaseType.EXTREME_RISK
    assert not CaseType.EXTREME_RISK.stalking_relevant


@pytest.mark.parametrize("nature", ["Dependency shelter care hearing", "Child welfare review",
                                    "Abuse and neglect adjudication", "Termination of parental rights",
                                    "CHINS petition"])
def test_child_welfare_is_its_own_flagged_type(nature):
    assert typed(nature) is CaseType.CHILD_WELFARE
    flags = TRIAGE.flags(CaseType.CHILD_WELFARE, nature)
    assert "type:child_welfare" in [f.code for f in flags]


def test_dependency_in_the_case_type_column_and_case_number():
    assert typed(label="Dependency") is CaseType.CHILD_WELFARE
    assert typed(number="2026-JD-00012") is CaseType.CHILD_WELFARE


STALKING_SPECIFIC = {
    "STALKING": "stalking", "Cyberstalking": "stalking", "AGGRAVATED STALKING": "stalking",
    "VIOLATE EXPARTE OR PROTECTIVE ORDER": "order_violation",
    "Violation of conditions of release": "release_violation",
    "HARASSMENT BY ELECTRONIC COMMUNICATION": "electronic_harassment",
    "Electronic communication harassment": "electronic_harassment",
    "Unlawful surveillance 2nd degree": "surveillance",
    "Nonconsensual dissemination of private sexual images": "intimate_images",
    "Unlawful dissemination of an intimate image": "intimate_images",
    "Menacing": "threats", "TERRORISTIC THREAT": "threats",
}
PATTERN_RELEVANT = {
    "HARASSMENT": "harassment", "CRIMINAL TRESPASS": "trespass",
    "BURGLARY OF A RESIDENCE": "burglary", "CRIMINAL MISCHIEF >=$100<$750": "property_damage",
    "Strangulation": "strangulation", "Impeding breathing or circulation": "strangulation",
    "Unlawful restraint": "unlawful_restraint", "Kidnapping": "kidnapping",
    "Cruelty to animals": "animal_cruelty", "Tampering with a witness": "witness_tampering",
    "Obscene or annoying phone calls": "obscene_calls", "Sextortion": "sextortion",
    "Contempt of court": "contempt", "Identity theft": "identity_theft",
}


@pytest.mark.parametrize(("text", "code"), STALKING_SPECIFIC.items())
def test_stalking_specific_charges(text, code):
    flags = [f for f in TRIAGE.flags(CaseType.OTHER_CRIMINAL, text) if f.code.startswith("charge:")]
    assert flags[0].code == f"charge:{code}"
    assert flags[0].tier is Tier.STALKING
    assert flags[0].reason.startswith("stalking-specific: ")


@pytest.mark.parametrize(("text", "code"), PATTERN_RELEVANT.items())
def test_pattern_relevant_charges(text, code):
    flags = [f for f in TRIAGE.flags(CaseType.OTHER_CRIMINAL, text) if f.code.startswith("charge:")]
    assert flags[0].code == f"charge:{code}"
    assert flags[0].tier is Tier.PATTERN
    assert flags[0].reason.startswith("pattern-relevant: ")


def test_electronic_harassment_is_not_also_plain_harassment():
    assert charge_codes("HARASSMENT BY ELECTRONIC COMMUNICATION") == ["charge:electronic_harassment"]


# ----------------------------------------------------------------------------- priority


def test_priority_orders_stalking_and_order_violation_then_e_harassment_then_pattern_then_type():
    def p(text, ct=CaseType.DOMESTIC_VIOLENCE):
        return TRIAGE.priority(f.code for f in TRIAGE.flags(ct, text))

    stalking, violation = p("STALKING"), p("VIOLATE EXPARTE OR PROTECTIVE ORDER")
    e_harass = p("HARASSMENT BY ELECTRONIC COMMUNICATION")
    mischief, plain = p("CRIMINAL MISCHIEF"), p("ASSAULT")
    assert stalking == violation < e_harass < PRIORITY_LINKED < mischief < plain
    assert tier_of_priority(plain) is Tier.CASE_TYPE  # the DV case type alone
    assert tier_of_priority(p("ASSAULT", CaseType.OTHER_CRIMINAL)) is Tier.NONE


def test_a_case_takes_its_strongest_charge():
    many = "ASSAULT; CRIMINAL MISCHIEF; STALKING"
    assert tier_of_priority(TRIAGE.priority(charge_codes(many))) is Tier.STALKING


def test_why_here_says_it_in_words():
    codes = [f.code for f in TRIAGE.flags(CaseType.DOMESTIC_VIOLENCE, "STALKING")]
    assert why_here(TRIAGE, codes, TRIAGE.priority(codes)) == (
        "stalking-specific charge: stalking; case type: Domestic violence; then nearest hearing first")
    linked = why_here(TRIAGE, ["type:custody"], PRIORITY_LINKED,
                      ["Ada Fenwick is a party to 24-CR-1 (Alder Court): a stalking-specific charge"])
    assert linked.startswith("raised by a linked case: Ada Fenwick is a party to 24-CR-1")
    assert "case type: Custody" in linked


def test_tier_names_parse_for_the_command_line():
    assert parse_tier("stalking") is Tier.STALKING
    assert parse_tier("pattern-relevant") is Tier.PATTERN
    assert parse_tier("case type") is Tier.CASE_TYPE
    with pytest.raises(ValueError, match="use one of: stalking, linked, pattern, type, none"):
        parse_tier("loud")


# ----------------------------------------------------------------------------- courts extend it


def test_a_court_extends_the_vocabulary_in_config():
    rules = CaseTypeRules.load({"text": [{"case_type": "protection_order",
                                          "phrases": ["sexual assault protection order"]}]})
    assert rules.classify("X-1", "", "Sexual assault protection order").case_type \
        is CaseType.PROTECTION_ORDER
    triage = TriageRules.load({"charge": [{"code": "luring", "label": "luring", "tier": "stalking",
                                           "phrases": ["luring"]}]})
    (flag,) = [f for f in triage.flags(CaseType.OTHER, "LURING A MINOR") if f.code.startswith("charge")]
    assert flag.tier is Tier.STALKING
    with pytest.raises(ValueError, match="tier"):
        TriageRules.load({"charge": [{"code": "x", "phrases": ["x"], "tier": "loud"}]})
