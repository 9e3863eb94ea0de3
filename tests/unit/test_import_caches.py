"""What the import remembers between rows to go faster must not change what it finds (issue 20).

The phrase index, the per-cells party cache, the per-text date cache and the direct JSON of a
row's cells each replace slower code; these tests hold them to the results of that code.
"""

from __future__ import annotations

import json
from datetime import date

from courtscreen.domain.case_types import CaseType, CaseTypeRules, normalise_words
from courtscreen.domain.triage import TriageRules, encode
from courtscreen.importing.mapping import build_mapping, parse_map_spec
from courtscreen.importing.normalise import YearPolicy
from courtscreen.importing.records import RowConverter, source_json


def _flags_every_phrase(rules: TriageRules, case_type: CaseType, text: str) -> str:
    """TriageRules.flags as it was before the index: every rule, every phrase, in order."""
    out = []
    words = normalise_words(text)
    seen = set()
    for rule in rules.charges:
        if rule.code in seen:
            continue
        for phrase in rule.phrases:
            hit = phrase.find(words)
            if hit is None:
                continue
            seen.add(rule.code)
            words = words.replace(f" {hit} ", " | ", 1)
            out.append(f"charge:{rule.code}")
            break
    return ",".join(sorted(out))


def _texts(rules: TriageRules) -> list[str]:
    """Every vocabulary phrase, negated, and run together with others as a charge file's
    joined charge texts are."""
    phrases = [p.text.replace("*", "of the") for r in rules.charges for p in r.phrases]
    out = list(phrases)
    out += [f"not {p}" for p in phrases[::3]]
    out += [f"{a}; {b}; {c}" for a, b, c in zip(phrases, phrases[7:], phrases[13:], strict=False)]
    out += ["VIOLATION OF A PRETRIAL PROTECTIVE ORDER; STALKING", "CRIMINAL MISCHIEF; HARASSMENT",
            "Not DV at Disposition", "", "assault family violence; criminal trespass habitation"]
    return out


def test_flags_through_the_phrase_index_are_those_of_every_phrase_tried():
    rules = TriageRules.load()
    for text in _texts(rules):
        got = ",".join(sorted(f.code for f in rules.flags(CaseType.OTHER_CRIMINAL, text)
                              if f.code.startswith("charge:")))
        assert got == _flags_every_phrase(rules, CaseType.OTHER_CRIMINAL, text), text


def test_case_type_through_the_phrase_index_is_that_of_every_rule_tried():
    from courtscreen.domain.case_types import _first_phrase_with_needle

    rules = CaseTypeRules.load()
    texts = [p.text.replace("*", "a") for r in rules.text for p in r.needles]
    texts += [f"non {t}" for t in texts[::4]] + [f"{a} and {b}" for a, b in
                                                 zip(texts, texts[5:], strict=False)]
    for text in texts:
        assert rules._first_hit(rules.text, text) == _first_phrase_with_needle(rules.text, text)
        assert rules._first_hit(rules.label, text) == _first_phrase_with_needle(rules.label, text)


def test_source_json_is_the_json_encoders_text():
    encoder = json.JSONEncoder(ensure_ascii=False, default=str)
    for cells in ({}, {"Charge": "STALKING"}, {"Name": 'O"Brien, Seán\\ \n\t\u2028\x01'},
                  {"Count": 3}, {"Filed": date(2026, 1, 2)}, {1: "x"}):
        assert source_json(cells) == encoder.encode(cells)
        assert json.loads(source_json(cells)) == json.loads(encoder.encode(cells))


def _converter(rows, map_spec="", years=None):
    mapping = build_mapping(rows, parse_map_spec(map_spec) if map_spec else None)
    return RowConverter(mapping, CaseTypeRules.load(), years or YearPolicy(year=2026))


def test_one_defendant_in_a_criminal_and_a_civil_case_keeps_each_role():
    # The same party cells on both rows share their parsed parties; the criminal case's
    # respondent becomes its defendant without changing the civil case's respondent.
    rows = [["Case No.", "Case Type", "Respondent"],
            ["26-CR-1", "Criminal", "Quill, Robert"],
            ["26-CV-2", "Civil", "Quill, Robert"],
            ["26-CR-1", "Criminal", "Quill, Robert"]]
    crim, civ = _converter(rows).convert(rows).records
    assert [(p.role, p.name.full) for p in crim.parties] == [("defendant", "Robert Quill")]
    assert [(p.role, p.name.full) for p in civ.parties] == [("respondent", "Robert Quill")]


def test_a_repeated_date_without_a_year_is_counted_on_every_row_and_a_bad_one_rejected_on_each():
    years = YearPolicy(as_of=date(2026, 12, 1))
    rows = [["Case No.", "Hearing Date"], ["26-DR-0001", "12 Dec"], ["26-DR-0002", "12 Dec"],
            ["26-DR-0003", "12 Dec"], ["26-DR-0004", "31/31/2026"], ["26-DR-0005", "31/31/2026"],
            ["26-DR-0006", "2026-12-05"], ["26-DR-0007", "2026-12-05"]]
    conv = _converter(rows, years=years).convert(rows)
    assert years.inferred == 3
    assert [p.row for p in conv.problems if p.severity == "rejected"] == [5, 6]
    assert {r.case_number: r.hearing_date for r in conv.records} == {
        "26-DR-0001": date(2026, 12, 12), "26-DR-0002": date(2026, 12, 12),
        "26-DR-0003": date(2026, 12, 12),
        "26-DR-0006": date(2026, 12, 5), "26-DR-0007": date(2026, 12, 5)}


def test_flags_text_is_unchanged_for_a_stalking_charge():
    rules = TriageRules.load()
    flags = rules.flags(CaseType.OTHER_CRIMINAL, "STALKING; CRIMINAL MISCHIEF")
    assert [f.code for f in flags][:1] == ["charge:stalking"]
    assert encode(flags)
