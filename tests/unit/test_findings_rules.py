"""Findings of fact (courtscreen.domain.findings): approximate dates, incident validation, the
course-of-conduct rule and the draft findings text, on several shapes of case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from courtscreen.domain.findings import (
    Conclusion,
    IncidentError,
    course_of_conduct,
    draft_findings,
    parse_conclusion,
    parse_incident,
)
from courtscreen.domain.findings_elements import Decision
from courtscreen.domain.findings_text import WITHHELD, Parties
from courtscreen.domain.findings_timeline import summary_lines, timeline_grid
from courtscreen.domain.incident_dates import DateProblem, parse_when

TODAY = date(2026, 11, 23)
TARGET = Conclusion(directed_at="the petitioner, Marisol Quenby",
                    elements={"directed": Decision("found", "the petitioner, Marisol Quenby")})
ALL_FOUND = {k: Decision("found") for k in ("acts", "continuity", "directed", "reasonable_person",
                                             "fear_caused")}


def inc(when: str, finding: str = "proven", number: int = 0, **extra):
    data = {"when": when, "description": extra.pop("description", "sent threatening messages"),
            "finding": finding, **extra}
    return replace(parse_incident(data, TODAY), number=number)


# ----- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end, phrase", [
    ("2026-03-05", date(2026, 3, 5), date(2026, 3, 5), "on March 5, 2026"),
    ("03/05/2026", date(2026, 3, 5), date(2026, 3, 5), "on March 5, 2026"),
    ("March 5, 2026", date(2026, 3, 5), date(2026, 3, 5), "on March 5, 2026"),
    ("on or about 2026-03-05", date(2026, 3, 5), date(2026, 3, 5), "on or about March 5, 2026"),
    ("early March 2026", date(2026, 3, 1), date(2026, 3, 10), "in early March 2026"),
    ("late February 2026", date(2026, 2, 21), date(2026, 2, 28), "in late February 2026"),
    ("March 2026", date(2026, 3, 1), date(2026, 3, 31), "in March 2026"),
    ("2026-03-01 to 2026-03-15", date(2026, 3, 1), date(2026, 3, 15), "from March 1, 2026 to March 15, 2026"),
    ("5 March to 9 April 2026", date(2026, 3, 5), date(2026, 4, 9), "from March 5, 2026 to April 9, 2026"),
    ("about August 2026", date(2026, 8, 1), date(2026, 8, 31), "in about August 2026"),
    ("early March to late April 2026", date(2026, 3, 1), date(2026, 4, 30),
     "from early March 2026 to late April 2026"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "in 2025"),
])
def test_dates_as_people_say_them(text, start, end, phrase):
    when = parse_when(text, TODAY)
    assert (when.start, when.end, when.phrase()) == (start, end, phrase)
    assert when.text == text


def test_the_day_month_style_is_kept_for_the_whole_phrase():
    phrase = parse_when("2026-03-01 to 2026-03-15", TODAY).phrase("day_month")
    assert phrase == "from 1 March 2026 to 15 March 2026"


def test_a_month_still_running_ends_today_not_in_the_future():
    when = parse_when("November 2026", TODAY)
    assert (when.start, when.end) == (date(2026, 11, 1), TODAY)


@pytest.mark.parametrize("text, says", [
    ("2027-01-05", "is in the future"),
    ("2026-03-15 to 2026-03-01", "ends (2026-03-01) before it starts (2026-03-15)"),
    ("2026-02-30", "is not a real date"),
    ("last Tuesday", "is not a date this understands"),
    ("", "give the date"),
    ("March", "has no year"),
])
def test_bad_dates_are_refused_with_the_reason(text, says):
    with pytest.raises(DateProblem) as exc:
        parse_when(text, TODAY)
    assert says in str(exc.value)


# ----- incident validation --------------------------------------------------------------------

def test_every_problem_is_reported_at_once_naming_the_field():
    with pytest.raises(IncidentError) as exc:
        parse_incident({"when": "2027-01-01", "description": "  ", "finding": "maybe", "methods": ["fax"],
                        "areas": ["stalking"], "colour": "red",
                        "evidence": [{"kind": "dna", "source": "rumour"}]}, TODAY)
    fields = [p.split(":")[0] for p in exc.value.problems]
    assert fields == ["colour", "when", "description", "finding", "methods", "areas",
                      "evidence[1].kind", "evidence[1].source"]
    assert "in the future" in exc.value.problems[1]


def test_lists_may_be_given_as_comma_separated_text_as_a_spreadsheet_has_them():
    i = parse_incident({"when": "2026-04-01", "description": "called 20 times", "methods": "phone, text",
                        "areas": "intimidation;interference"}, TODAY)
    assert i.methods == ("phone", "text") and i.areas == ("intimidation", "interference")


def test_a_credible_threat_finding_needs_its_basis():
    with pytest.raises(IncidentError, match="credible_threat_basis"):
        parse_conclusion({"credible_threat": "yes"})
    assert parse_conclusion({"credible_threat": "no"}).credible_threat == "no"


# ----- course of conduct ------------------------------------------------------------------------

def test_a_single_incident_is_not_a_course_of_conduct_and_says_what_to_ask_on_the_screen_only():
    coc = course_of_conduct([inc("2026-05-02", reactions=["fear"])], TARGET)
    assert not coc.established and coc.draft
    assert coc.element("acts").met is None  # the court decides; the tool counts
    assert coc.element("acts").against == ("only 1 act(s) found proven",)
    assert coc.missing[0] == "1 act(s) found proven, 2 required; ask about other acts (when, what, how)"


def test_only_alleged_incidents_ask_for_findings_and_are_left_out_of_the_text():
    incidents = [inc("2026-05-02", "alleged"), inc("2026-05-09", "alleged"), inc("2026-06-01", "disputed")]
    coc = course_of_conduct(incidents, TARGET)
    assert (coc.proven, coc.alleged, coc.disputed) == (0, 2, 1)
    assert not coc.established
    assert "make findings on the 3 alleged or disputed incident(s)" in coc.missing[0]
    draft = draft_findings(incidents, TARGET)
    assert draft.incidents == () and draft.not_found == ()  # left out unless the user words them
    assert draft.draft and not any("not yet" in c or "Make findings" in c for c in draft.conclusions)


def test_a_long_pattern_over_a_year_is_established_only_when_the_court_finds_each_element():
    start = date(2025, 9, 1)
    incidents = [inc((start + timedelta(days=30 * k)).isoformat(), number=k + 1,
                     areas=[["surveillance"], ["intimidation"], ["life_invasion", "interference"]][k % 3],
                     reactions=["fear"] if k == 5 else [])
                 for k in range(12)]
    conclusion = Conclusion("the petitioner, Marisol Quenby", "yes", "threatened to kill her with a rifle",
                            elements=ALL_FOUND)
    coc = course_of_conduct(incidents, conclusion)
    assert coc.established and coc.proven == 12
    assert coc.span_days == 330
    assert coc.areas == ("surveillance", "life_invasion", "intimidation", "interference")
    assert coc.missing == []
    lines = summary_lines(incidents, coc)
    assert lines[0] == "12 act(s) found proven over 330 days (2025-09-01 to 2026-07-28); 0 alleged, " \
                       "0 disputed, 0 withdrawn."
    who = Parties(conduct="the respondent", conduct_name="Dorian Vale", protected_name="Marisol Quenby")
    draft = draft_findings(incidents, conclusion, parties=who)
    assert len(draft.incidents) == 12 and not draft.draft
    assert draft.conclusions[0] == ("The court finds 12 acts by the respondent, Dorian Vale, from "
                                    "September 1, "
                                    "2025 to July 28, 2026.")
    assert draft.conclusions[-2] == "These acts constitute a course of conduct directed at the petitioner."
    assert draft.conclusions[-1] == ("The court finds that the respondent represents a credible threat "
                                     "to the "
                                     "physical safety of the petitioner: threatened to kill her with a "
                                     "rifle.")


def test_fear_is_the_courts_decision_and_a_not_afraid_reaction_is_against_it():
    incidents = [inc("2026-05-02", reaction_text="not afraid, did not mind"), inc("2026-05-09")]
    coc = course_of_conduct(incidents, TARGET)
    assert not coc.established and coc.element("fear_caused").met is None
    assert coc.element("fear_caused").for_ == ()
    assert "not afraid" in coc.element("fear_caused").against[0]
    stated = Conclusion(elements={**ALL_FOUND, "fear_caused": Decision("found", "afraid to leave home")})
    assert course_of_conduct(incidents, stated).established
    text = draft_findings(incidents, stated).conclusions
    assert ("The conduct caused the petitioner fear or substantial emotional distress: afraid to leave "
            "home.") in text


def test_older_conclusions_keep_their_meaning():
    from courtscreen.domain.findings import conclusion_from_dict

    old = conclusion_from_dict({"directed_at": "the petitioner, M.Q.", "credible_threat": "no",
                                "credible_threat_basis": "", "fear_or_distress": "afraid to go out"}, 3)
    assert old.elements["directed"] == Decision("found", "the petitioner, M.Q.")
    assert old.elements["fear_caused"] == Decision("", "afraid to go out")  # words, not a decision
    assert (old.credible_threat, old.version) == ("no", 3)


def test_element_words_required_by_the_profile():
    with pytest.raises(IncidentError, match="elements.fear_caused.words"):
        parse_conclusion({"elements": {"fear_caused": {"status": "found"}}}, words_required=("fear_caused",))
    with pytest.raises(IncidentError, match="elements.colour"):
        parse_conclusion({"elements": {"colour": {"status": "found"}}})


def test_three_acts_required_where_the_state_requires_three():
    incidents = [inc("2026-05-02", reactions=["fear"]), inc("2026-05-09")]
    found = Conclusion(elements=ALL_FOUND)
    assert course_of_conduct(incidents, found, acts_required=2).established
    coc = course_of_conduct(incidents, found, acts_required=3)
    assert not coc.established and coc.draft  # "acts found" with too few acts is not final


def test_withdrawn_incidents_do_not_count():
    a, b = inc("2026-05-02", reactions=["fear"]), inc("2026-05-09")
    b = replace(b, withdrawn=True, withdrawn_reason="wrong case")
    coc = course_of_conduct([a, b], Conclusion(elements=ALL_FOUND))
    assert (coc.proven, coc.withdrawn) == (1, 1) and not coc.established


def test_undecided_credible_threat_is_asked_not_assumed():
    coc = course_of_conduct([inc("2026-05-02", reactions=["fear"]), inc("2026-05-09")],
                            Conclusion(elements=ALL_FOUND))
    assert coc.credible_threat == "" and "credible threat" in coc.missing[-1]
    assert coc.established  # the elements of a course of conduct are found without it
    assert not any("credible threat" in c for c in draft_findings([], Conclusion()).conclusions)


def test_mental_state_is_an_element_only_where_the_profile_requires_one():
    incidents = [inc("2026-05-02"), inc("2026-05-09")]
    found = Conclusion(elements=ALL_FOUND)
    assert course_of_conduct(incidents, found, mental_state="none").established
    coc = course_of_conduct(incidents, found, mental_state="intent")
    assert not coc.established and coc.element("mental_state").met is None


# ----- draft text ---------------------------------------------------------------------------------

def test_an_incident_sentence_has_date_act_method_place_evidence_and_reaction():
    i = inc("early March 2026", number=1, description="followed the petitioner from work",
            methods=["in_person", "gps_tracker"], areas=["surveillance"], location="Orchard Lane car park",
            evidence=[{"kind": "police_report", "detail": "report 26-0412", "source": "police_report"}],
            reactions=["fear", "changed_routine"], reaction_text="now drives a different way home")
    who = Parties(conduct="the respondent", protected="the petitioner")
    text = draft_findings([i], parties=who).incidents[0]
    assert text == ("In early March 2026, the respondent followed the petitioner from work using a tracking "
                    "device or location app at Orchard Lane car park. The court relies on report 26-0412 "
                    "from a police report. As a result, the petitioner was afraid and changed daily "
                    "routines. "
                    "The petitioner described the effect of this conduct as follows: now drives a different "
                    "way home.")


def test_a_confidential_location_is_withheld_unless_included():
    i = inc("2026-03-05", location="14 Larkspur Row, Flat 2", location_confidential=True)
    assert "Larkspur" not in draft_findings([i]).incidents[0]
    assert WITHHELD in draft_findings([i]).incidents[0]
    assert "14 Larkspur Row, Flat 2" in draft_findings([i], include_confidential=True).incidents[0]


def test_no_incidents_at_all():
    draft = draft_findings([], TARGET)
    assert draft.incidents == () and draft.not_found == ()
    assert draft.summary == "0 act(s) found proven; 0 alleged, 0 disputed, 0 withdrawn."


# ----- timeline ------------------------------------------------------------------------------------

def test_timeline_uses_weeks_for_a_short_pattern_and_months_for_a_long_one():
    short = timeline_grid([inc("2026-05-04", areas=["surveillance"]), inc("2026-05-20", "alleged",
                                                                           areas=["intimidation"])])
    assert short.unit == "week" and short.columns[0] == "05-04" and len(short.columns) == 3
    rows = {a: cells for a, _, cells in short.rows}
    assert rows["surveillance"][0].proven == 1 and rows["intimidation"][2].other == 1
    long = timeline_grid([inc("2025-01-10"), inc("2026-04-02"), inc("2026-04-20")])
    assert long.unit == "month" and long.columns[0] == "2025-01" and long.columns[-1] == "2026-04"
    assert long.column_totals()[-1] == 2
    assert [a for a, _, _ in long.rows][-1] == "other"  # incidents with no area get their own row


def test_timeline_keeps_the_newest_periods_when_narrow():
    grid = timeline_grid([inc("2024-01-10"), inc("2026-04-02")], max_columns=6)
    assert grid.columns == ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04")
    assert grid.column_totals() == [0, 0, 0, 0, 0, 1]


def test_a_series_is_drawn_across_every_week_it_ran():
    series = inc("2026-08-03 to 2026-08-30", number=1, areas=["life_invasion"],
                 series_frequency="about 40 texts a day", acts_counted=4)
    single = inc("2026-08-05", number=2, areas=["surveillance"])
    grid = timeline_grid([series, single])
    assert grid.unit == "week" and len(grid.columns) == 4
    row = dict((a, cells) for a, _, cells in grid.rows)["life_invasion"]
    assert [c.proven for c in row] == [1, 1, 1, 1]  # across its weeks, not one mark at the start
    assert grid.column_totals() == [2, 1, 1, 1]
    assert course_of_conduct([series, single]).acts == 5
