"""Sorting docket rows into case types (courtscreen.domain.case_types)."""

from __future__ import annotations

import pytest

from courtscreen.domain.case_types import CaseType, CaseTypeRules, normalise_words, parse_case_type


@pytest.fixture(scope="module")
def rules() -> CaseTypeRules:
    return CaseTypeRules.load()


def classify(rules, case_number="X-1", type_label="", nature=""):
    return rules.classify(case_number, type_label, nature)


# --------------------------------------------------------------------------- each source alone


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Custody", CaseType.CUSTODY),
        ("Parenting Time", CaseType.CUSTODY),
        ("Divorce", CaseType.DIVORCE),
        ("Dissolution of Marriage", CaseType.DIVORCE),
        ("Protection Order", CaseType.PROTECTION_ORDER),
        ("PFA", CaseType.PROTECTION_ORDER),
        ("Domestic Violence", CaseType.DOMESTIC_VIOLENCE),
        ("Criminal", CaseType.OTHER_CRIMINAL),
        ("Small Claims", CaseType.CIVIL),
    ],
)
def test_case_type_column(rules, label, expected):
    result = classify(rules, type_label=label)
    assert result.case_type is expected
    assert result.reason == f"case-type column says {label!r}"


@pytest.mark.parametrize(
    ("nature", "expected", "needle"),
    [
        ("contested dissolution hearing", CaseType.DIVORCE, "contested dissolution"),
        ("parental rights & responsibilities modification he", CaseType.CUSTODY, "parental rights"),
        ("emergency relief hearing", CaseType.PROTECTION_ORDER, "emergency relief"),
        ("Relief from abuse - emergency", CaseType.PROTECTION_ORDER, "relief from abuse"),
        ("Violation of protective order", CaseType.DOMESTIC_VIOLENCE, "violation of protective order"),
        ("Petition for protection from stalking", CaseType.PROTECTION_ORDER, "protection from stalking"),
        ("Landlord/tenant", CaseType.CIVIL, "landlord"),
        ("arraignment", CaseType.OTHER_CRIMINAL, "arraignment"),
    ],
)
def test_nature_text(rules, nature, expected, needle):
    result = classify(rules, nature=nature)
    assert result.case_type is expected
    assert result.reason == f"hearing/nature text mentions {needle!r}"


@pytest.mark.parametrize(
    ("number", "expected", "code"),
    [
        ("2026-DR-000171", CaseType.DIVORCE, "DR"),
        ("26-CADV-0192", CaseType.DOMESTIC_VIOLENCE, "CADV"),
        ("2024-PFA-00369", CaseType.PROTECTION_ORDER, "PFA"),
        ("2026-cu-00395", CaseType.CUSTODY, "CU"),  # lower-case codes count too
        ("2026-CR-00001", CaseType.OTHER_CRIMINAL, "CR"),
        ("2026-CV-09901", CaseType.CIVIL, "CV"),
    ],
)
def test_case_number_codes(rules, number, expected, code):
    result = classify(rules, case_number=number)
    assert result.case_type is expected
    assert result.reason == f"case number contains the code {code!r}"


def test_codes_match_whole_letter_groups_only(rules):
    # "DRAFT" contains DR but is not the DR code; "PO" inside "POL" neither.
    assert classify(rules, case_number="2026-DRAFT-1").case_type is CaseType.OTHER
    assert classify(rules, case_number="POL-77").case_type is CaseType.OTHER


def test_phrases_match_whole_words_only(rules):
    # "po" is a protection-order label, but not inside "report"; "dv" not inside "advice".
    assert classify(rules, type_label="Report").case_type is CaseType.OTHER
    assert classify(rules, type_label="Advice").case_type is CaseType.OTHER


def test_nothing_known(rules):
    result = classify(rules, case_number="12-345", type_label="Miscellaneous", nature="status conference")
    assert result.case_type is CaseType.OTHER
    assert result.reason == "nothing in the row names a known case type"


# --------------------------------------------------------------------------- specific beats generic


def test_criminal_label_with_domestic_assault_is_domestic_violence(rules):
    result = classify(rules, type_label="Criminal", nature="Domestic assault")
    assert result.case_type is CaseType.DOMESTIC_VIOLENCE
    assert "domestic assault" in result.reason


def test_violation_of_protective_order_is_a_dv_charge_not_a_petition(rules):
    result = classify(rules, type_label="Criminal", nature="Violation of protective order")
    assert result.case_type is CaseType.DOMESTIC_VIOLENCE


def test_generic_label_loses_to_a_specific_case_number_code(rules):
    assert classify(rules, case_number="26-CADV-0103", type_label="Criminal").case_type \
        is CaseType.DOMESTIC_VIOLENCE
    assert classify(rules, case_number="2026-PFA-1", type_label="Civil").case_type \
        is CaseType.PROTECTION_ORDER


def test_generic_label_kept_when_nothing_more_specific(rules):
    result = classify(rules, case_number="2026-CV-1", type_label="Criminal", nature="Stalking")
    assert result.case_type is CaseType.OTHER_CRIMINAL
    assert result.reason == "case-type column says 'Criminal'"


def test_specific_label_beats_other_sources(rules):
    result = classify(rules, case_number="2026-CR-1", type_label="Divorce", nature="Domestic assault")
    assert result.case_type is CaseType.DIVORCE


def test_generic_text_used_when_no_label(rules):
    result = classify(rules, case_number="12-345", nature="Stalking")
    assert result.case_type is CaseType.OTHER_CRIMINAL


# --------------------------------------------------------------------------- court config


def test_config_rules_are_tried_before_built_in_ones():
    court = CaseTypeRules.load({"text": [{"case_type": "protection_order", "phrases": ["stalking"]}]})
    result = court.classify("12-345", "", "Stalking")
    assert result.case_type is CaseType.PROTECTION_ORDER
    assert CaseTypeRules.load().classify("12-345", "", "Stalking").case_type is CaseType.OTHER_CRIMINAL


def test_config_code_rule_overrides_built_in_code():
    court = CaseTypeRules.load({"prefix": [{"case_type": "custody", "codes": ["dr"]}]})
    result = court.classify("2026-DR-1")
    assert result.case_type is CaseType.CUSTODY
    assert result.reason == "case number contains the code 'DR'"


def test_config_label_rule_teaches_a_new_word():
    court = CaseTypeRules.load({"label": [{"case_type": "protection_order", "phrases": ["SPO petition"]}]})
    assert court.classify("1", "SPO Petition").case_type is CaseType.PROTECTION_ORDER


@pytest.mark.parametrize(
    ("extra", "where", "key"),
    [
        ({"text": [{"case_type": "stalkingish", "phrases": ["x"]}]},
         "config case-type rule text[0]", "phrases"),
        ({"label": [{"case_type": "custody", "phrases": ["a"]}, {"phrases": ["b"]}]},
         "config case-type rule label[1]", "phrases"),
        ({"prefix": [{"case_type": "custody"}]}, "config case-type rule prefix[0]", "codes"),
    ],
)
def test_bad_config_rule_raises_naming_the_rule(extra, where, key):
    with pytest.raises(ValueError) as err:
        CaseTypeRules.load(extra)
    message = str(err.value)
    assert message.startswith(where + ":")
    assert f"a list '{key}'" in message
    assert "custody" in message and "protection_order" in message  # lists the valid types


def test_config_rule_with_a_string_instead_of_a_list_is_refused():
    with pytest.raises(ValueError, match=r"text\[0\]"):
        CaseTypeRules.load({"text": [{"case_type": "custody", "phrases": "stalking protective order"}]})


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [("po", CaseType.PROTECTION_ORDER), ("PO", CaseType.PROTECTION_ORDER),
     ("protection order", CaseType.PROTECTION_ORDER), ("Protection-Order", CaseType.PROTECTION_ORDER),
     ("dv", CaseType.DOMESTIC_VIOLENCE), ("DIV", CaseType.DIVORCE), ("custody", CaseType.CUSTODY),
     (" other_criminal ", CaseType.OTHER_CRIMINAL)],
)
def test_parse_case_type(text, expected):
    assert parse_case_type(text) is expected


def test_parse_case_type_unknown_lists_the_choices():
    with pytest.raises(ValueError) as err:
        parse_case_type("nonsense")
    assert str(err.value) == ("unknown case type 'nonsense'; use one of: custody, divorce, "
                              "protection_order, domestic_violence, child_welfare, extreme_risk, "
                              "other_criminal, civil, other")


def test_normalise_words():
    assert normalise_words("Parental Rights & Responsibilities") == " parental rights and responsibilities "
    assert normalise_words("Relief-from-Abuse (émergency)") == " relief from abuse emergency "


def test_case_type_labels_and_stalking_relevance():
    assert CaseType.PROTECTION_ORDER.label == "Protection order"
    assert CaseType.DOMESTIC_VIOLENCE.short == "DV"
    relevant = {ct for ct in CaseType if ct.stalking_relevant}
    assert relevant == {CaseType.CUSTODY, CaseType.DIVORCE, CaseType.PROTECTION_ORDER,
                        CaseType.DOMESTIC_VIOLENCE, CaseType.CHILD_WELFARE}
