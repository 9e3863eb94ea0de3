"""Findings of fact a judge can adopt: scenario cases filled into the bundled form and read back with
python-docx. Who did what to whom comes from the case's roles; only what the court decided is stated;
no working notes; dates, series and citations as the court would write them. Fictional people only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from doc_cases import docx_paragraphs

from courtscreen.config import Jurisdiction
from courtscreen.documents.context import CaseRecord, build_context, choose
from courtscreen.documents.registry import load_registry
from courtscreen.documents.render import render_docx
from courtscreen.domain.case_roles import CaseRoles, ProtectedPerson
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.findings import Conclusion, Incident, parse_incident
from courtscreen.domain.findings_elements import Decision

TODAY = date(2026, 12, 1)
FRANKLIN = Jurisdiction(
    state="State of Franklin",
    citations_given=frozenset({"stalking", "course_of_conduct"}),
    citations={
        "stalking": "Franklin Rev. Stat. § 12-401 (example)",
        "course_of_conduct": "Franklin Rev. Stat. § 12-401(1) (example)",
    },
)
ALL = ("acts", "continuity", "directed", "reasonable_person", "fear_caused")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def fill(registry, record: CaseRecord, jurisdiction: Jurisdiction = FRANKLIN) -> str:
    form = registry.get("findings_of_fact")
    ctx = build_context(
        form.manifest,
        record,
        choose(form.manifest, record, []),
        jurisdiction,
        user="Imogen Thistlewood",
        today=TODAY,
        version=1,
    )
    return "\n".join(docx_paragraphs(render_docx(form.template, ctx, form.manifest.template)))


def inc(n, when, description, finding="proven", **kw) -> Incident:
    data = {"when": when, "description": description, "finding": finding, **kw}
    return replace(parse_incident(data, TODAY), number=n)


def decided(*found, not_found=(), words=None, **kw) -> Conclusion:
    words = words or {}
    elements = {k: Decision("found", words.get(k, "")) for k in found}
    elements |= {k: Decision("not_found", words.get(k, "")) for k in not_found}
    return Conclusion(elements=elements, **kw)


def custody(**kw) -> CaseRecord:
    base = dict(
        case_id=4,
        case_number="2026-CU-00104",
        court="Harlan County Family Court",
        case_type=CaseType.CUSTODY,
        petitioner="Odette Marlowe",
        respondent="Silas Marlowe",
        hearing_date=date(2026, 12, 4),
        judge="Hon. Miriam Okafor",
    )
    return CaseRecord(**(base | kw))


def test_petitioner_as_stalker_custody_case(registry):
    roles = CaseRoles(
        conduct_of="petitioner",
        protected=(ProtectedPerson("party", "respondent"),),
        relationship="former_spouse",
        recorded=True,
    )
    incidents = (
        inc(
            1,
            "2026-08-03",
            "filed a third emergency motion to suspend parenting time without new facts",
            methods=["court_filing"],
            reactions=["distress"],
        ),
        inc(
            2,
            "2026-08-17",
            "photographed the respondent's new home during an exchange",
            methods=["in_person"],
            reactions=["fear"],
        ),
    )
    text = fill(
        registry, custody(roles=roles, incidents=incidents, conclusion=decided(*ALL, credible_threat="no"))
    )
    assert "On August 3, 2026, the petitioner filed a third emergency motion" in text
    assert "As a result, the respondent suffered substantial emotional distress" in text
    assert "The court finds two acts by the petitioner, Odette Marlowe" in text
    assert "course of conduct directed at the respondent within the meaning of Franklin Rev. Stat." in text
    assert "the respondent filed" not in text and "caused the petitioner" not in text
    assert "The court does not find that the petitioner represents a credible threat" in text
    assert "DRAFT" not in text


def test_not_afraid_case_gives_no_fear_conclusion(registry):
    incidents = (
        inc(1, "2026-09-01", "sent 30 texts in one evening", methods=["text"], reaction_text="none"),
        inc(
            2,
            "2026-09-09",
            "waited outside the petitioner's office",
            methods=["in_person"],
            reaction_text="not afraid, did not mind",
        ),
    )
    record = custody(
        case_type=CaseType.PROTECTION_ORDER,
        incidents=incidents,
        conclusion=decided("acts", "continuity", "directed", "reasonable_person"),
    )
    text = fill(registry, record)
    assert "did cause" not in text and "caused the petitioner fear" not in text
    assert "These acts constitute a course of conduct" not in text
    assert "DRAFT — NOT FOR SIGNATURE" in text  # the fear element is not decided
    record = replace(
        record,
        conclusion=decided("acts", "continuity", "directed", "reasonable_person", not_found=("fear_caused",)),
    )
    text = fill(registry, record)
    assert "The court does not find that the conduct caused the petitioner fear" in text
    assert "the court does not find a course of conduct" in text and "DRAFT" not in text
    from courtscreen.domain.findings_elements import course_of_conduct

    fear = course_of_conduct(incidents, record.conclusion).element("fear_caused")
    assert fear.for_ == () and len(fear.against) == 2 and "not afraid" in fear.against[1]


def test_one_act_short_has_no_to_do_text_and_is_marked_draft(registry):
    incidents = (
        inc(
            1, "2026-08-01", "sent 14 texts between midnight and 3 a.m.", methods=["text"], reactions=["fear"]
        ),
        inc(2, "2026-08-22", "came to the petitioner's workplace", "alleged"),
        inc(3, "2026-08-25", "left a note on the petitioner's car", "alleged", if_not_proven="no_finding"),
    )
    text = fill(
        registry,
        custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents, conclusion=decided("directed")),
    )
    assert "DRAFT — NOT FOR SIGNATURE" in text and "DRAFT — ELEMENTS NOT YET DECIDED" in text
    for note in ("do not yet establish", "Make findings", "Decide", "alleged, not yet found", "Ask about"):
        assert note not in text
    assert "came to the petitioner's workplace" not in text  # left out, as chosen
    assert (
        "The court makes no finding on the allegation that on August 25, 2026, the respondent left a "
        "note on the petitioner's car"
    ) in text


def test_criminal_case_speaks_of_the_defendant_and_the_victim_never_the_state(registry):
    incidents = (
        inc(1, "2026-10-02", "followed the victim home from work", methods=["in_person"], reactions=["fear"]),
        inc(
            2,
            "2026-10-09",
            "sent a message saying he knew where she parked",
            methods=["text"],
            reactions=["fear"],
        ),
    )
    record = CaseRecord(
        case_id=3,
        case_number="26-CADV-0103",
        court="Bexley County Superior Court",
        case_type=CaseType.DOMESTIC_VIOLENCE,
        petitioner="State of Franklin",
        respondent="Robert J. Quill",
        incidents=incidents,
        conclusion=decided(*ALL),
    )
    text = fill(registry, record)
    body = text.split("v.", 1)[1]
    assert "the defendant followed the victim" in text.replace("The", "the")
    assert "petitioner" not in text.lower()
    assert "State of Franklin such" not in text and "caused State" not in text
    assert "the victim, the victim" not in text
    named = replace(
        record,
        roles=CaseRoles(
            conduct_of="defendant",
            protected=(ProtectedPerson("victim"),),
            victim_name="Anna Quill",
            recorded=True,
        ),
    )
    text = fill(registry, named)
    assert text.count("the victim, Anna Quill") == 1 and "the victim, the victim" not in text
    assert "caused the victim fear" in text and body


def test_three_acts_required_never_cites_2266(registry):
    j = Jurisdiction(state="Commonwealth of Example", acts_required=3)
    incidents = tuple(inc(n, f"2026-07-{n + 9:02d}", f"sent unwanted letter number {n}") for n in (1, 2, 3))
    text = fill(
        registry,
        custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents, conclusion=decided(*ALL)),
        j,
    )
    assert "2266" not in text and "2261A" not in text
    assert "[citation]" in text  # the profile gave no statute of its own
    assert "The court finds three acts" in text
    assert j.citation_warnings()


def test_a_series_reads_as_repeated_conduct_and_counts_as_the_court_says(registry):
    incidents = (
        inc(
            1,
            "2026-08-12 to 2026-11-14",
            "sent text messages to the petitioner",
            methods=["text"],
            series_frequency="about 40 texts a day",
            acts_counted=14,
            reactions=["distress"],
        ),
    )
    text = fill(
        registry, custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents, conclusion=decided(*ALL))
    )
    assert (
        "From August 12, 2026 to November 14, 2026, the respondent sent text messages to the petitioner, "
        "about 40 texts a day."
    ) in text
    assert "The court counts this repeated conduct as 14 acts." in text
    assert "The court finds 14 acts" in text and "DRAFT" not in text


def test_series_refusals_name_the_field():
    from courtscreen.domain.findings import IncidentError

    with pytest.raises(IncidentError, match="series_count: a series is 2 or more acts"):
        parse_incident(
            {"when": "2026-08-12 to 2026-11-14", "description": "called", "series_count": 1}, TODAY
        )
    with pytest.raises(IncidentError, match="ends .* before it starts"):
        parse_incident(
            {"when": "2026-11-14 to 2026-08-12", "description": "called", "series_count": 5}, TODAY
        )


def test_ongoing_conduct_span_runs_to_the_latest_end(registry):
    incidents = (
        inc(1, "about August 2026", "sent messages through a friend", methods=["third_party"]),
        inc(2, "2026-08-20", "appeared at the petitioner's gym"),
        inc(3, "2026-11-02 to 2026-11-30", "drove past the petitioner's home every night"),
    )
    text = fill(
        registry, custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents, conclusion=decided(*ALL))
    )
    assert "from about August 2026 to November 30, 2026" in text
    assert "In about August 2026, the respondent sent messages through a friend." in text
    assert "November 2, 2026." not in text


def test_mutual_case_has_two_sets_of_findings(registry):
    roles = CaseRoles(
        conduct_of="respondent",
        protected=(ProtectedPerson("party", "petitioner"),),
        mutual=True,
        recorded=True,
    )
    incidents = (
        inc(1, "2026-09-01", "sent 20 texts in one night", actor="respondent"),
        inc(2, "2026-09-05", "waited outside the petitioner's home", actor="respondent"),
        inc(3, "2026-09-03", "posted the respondent's address online", actor="petitioner"),
    )
    text = fill(
        registry,
        custody(
            roles=roles,
            incidents=incidents,
            conclusion=decided(*ALL),
            cross_conclusion=decided(not_found=("acts",)),
        ),
    )
    assert "FINDINGS ON THE CONDUCT OF THE RESPONDENT, SILAS MARLOWE" in text
    assert "FINDINGS ON THE CONDUCT OF THE PETITIONER, ODETTE MARLOWE" in text
    first, second = text.split("FINDINGS ON THE CONDUCT OF THE PETITIONER", 1)
    assert "sent 20 texts" in first and "posted the respondent's address" not in first
    assert "the petitioner posted the respondent's address online" in second
    assert "course of conduct directed at the petitioner" in first
    assert "The court does not find two or more acts" in second


def test_dating_partner_never_cohabiting_gets_no_federal_firearms_text(registry):
    roles = CaseRoles(relationship="dating", cohabited=False, hearing_with_notice=True, recorded=True)
    incidents = (
        inc(1, "2026-09-01", "threatened the petitioner while holding a handgun", reactions=["fear"]),
        inc(2, "2026-09-04", "followed the petitioner to work", reactions=["fear"]),
    )
    text = fill(
        registry,
        custody(
            case_type=CaseType.PROTECTION_ORDER,
            roles=roles,
            incidents=incidents,
            conclusion=decided(
                *ALL, credible_threat="yes", credible_threat_basis="the threat with a handgun"
            ),
        ),
    )
    assert "922" not in text and "firearm" not in text.lower().replace("handgun", "")
    assert "credible threat to the physical safety of the petitioner: the threat with a handgun" in text
    from courtscreen.domain.case_roles import firearms_note

    assert "not an intimate partner" in firearms_note(roles, "yes")


def test_court_prose_has_no_screen_labels(registry):
    incidents = (
        inc(
            1,
            "2026-08-20",
            "hid a GPS tracker (an AirTag) under the petitioner's car",
            methods=["gps_tracker"],
            evidence=[{"kind": "other", "detail": "the AirTag itself"}],
            reactions=["safety_measures"],
        ),
        inc(
            2,
            "2026-08-28",
            "posted the petitioner's photograph on Facebook",
            methods=["social_media"],
            evidence=[{"kind": "screenshot", "source": "petition"}],
        ),
    )
    text = fill(
        registry, custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents, conclusion=decided(*ALL))
    )
    assert "(with a GPS tracker" not in text and "(on social media)" not in text
    assert "on Facebook on social media" not in text and "Evidence:" not in text
    assert "other evidence:" not in text and "(locks, cameras, escort)" not in text
    assert "The court relies on the AirTag itself." in text
    assert "The court relies on screenshots submitted with the petition." in text


def test_the_bundled_franklin_profile_says_its_citations_are_examples(registry, tmp_path, monkeypatch):
    from pathlib import Path

    from courtscreen.config import load_settings

    profile = Path(__file__).parents[3] / "fixtures" / "franklin_config.toml"
    monkeypatch.setenv("COURTSCREEN_CONFIG", str(profile))
    monkeypatch.setenv("COURTSCREEN_DATA_DIR", str(tmp_path))
    j = load_settings().jurisdiction
    assert j.citation_warnings() == []
    incidents = (inc(1, "2026-09-01", "sent 20 texts in one night"),
                 inc(2, "2026-09-05", "followed her home"))
    text = fill(registry, custody(case_type=CaseType.PROTECTION_ORDER, incidents=incidents,
                                  conclusion=decided(*ALL)), j)
    assert "within the meaning of Franklin Rev. Stat. § 12-401(1) (example)" in text
    assert "citations in these findings are examples for the fictional State of Franklin" in text
    assert "[citation]" not in text and "2266" not in text


def test_922g8_text_only_with_an_intimate_partner_a_hearing_with_notice_and_a_credible_threat(registry):
    incidents = (inc(1, "2026-09-01", "threatened the petitioner with a handgun", reactions=["fear"]),
                 inc(2, "2026-09-04", "followed the petitioner to work", reactions=["fear"]))
    threat = decided(*ALL, credible_threat="yes", credible_threat_basis="the threat with a handgun")
    spouse = CaseRoles(relationship="former_spouse", hearing_with_notice=True, recorded=True)
    text = fill(registry, custody(case_type=CaseType.PROTECTION_ORDER, roles=spouse, incidents=incidents,
                                  conclusion=threat))
    assert "an intimate partner within the meaning of 18 U.S.C. § 921(a)(32)" in text
    assert "(18 U.S.C. § 922(g)(8))" in text
    ex_parte = replace(spouse, hearing_with_notice=False)
    text = fill(registry, custody(case_type=CaseType.PROTECTION_ORDER, roles=ex_parte, incidents=incidents,
                                  conclusion=threat))
    assert "922" not in text and "921" not in text
