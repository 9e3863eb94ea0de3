"""Which docket columns fit which terminal width (courtscreen/tui/widgets/docket_columns.py)."""

from __future__ import annotations

import pytest

from courtscreen.tui.widgets.docket_columns import (
    CELL_PADDING,
    PARTIES_MIN,
    caption_name,
    court_labels,
    judge_cell,
    plan_columns,
)


@pytest.mark.parametrize("width", range(40, 200))
@pytest.mark.parametrize("court", [0, 15])
def test_parties_always_get_their_room_and_the_table_fits(width, court):
    plan = plan_columns(width, case_no=14, court=court, judge=18)
    assert plan.width("Parties") >= PARTIES_MIN
    if width >= 16 + 14 + PARTIES_MIN + 3 * CELL_PADDING:
        assert sum(w + CELL_PADDING for _, w in plan.widths) <= width
    assert plan.keys[0] == "Hearing" and "Case no." in plan.keys


def test_80_columns_keep_hearing_case_status_and_parties():
    plan = plan_columns(79, case_no=14, court=15)
    assert plan.keys == ("Hearing", "Case no.", "Status", "Parties")
    assert plan.width("Parties") == 30


def test_120_columns_show_every_column():
    assert plan_columns(119, case_no=14, court=0).keys == (
        "Hearing", "Type", "Case no.", "Tier", "Screening", "Parties", "Judge")
    with_court = plan_columns(119, case_no=14, court=15)
    assert with_court.keys == ("Hearing", "Type", "Case no.", "Tier", "Screening", "Court",
                               "Parties", "Judge")
    assert with_court.width("Court") == 15  # a court label is never cut


def test_columns_drop_judge_then_court_then_type():
    seen = [plan_columns(w, case_no=14, court=15).keys for w in range(119, 70, -1)]
    order = []
    for keys in seen:
        for gone in ("Judge", "Court", "Type", "Tier", "Screening"):
            if gone not in keys and gone not in order:
                order.append(gone)
    assert order[:3] == ["Judge", "Court", "Type"]


def test_court_labels_keep_the_words_that_tell_courts_apart():
    labels = court_labels(["Bexley County Superior Court", "Harlan County District Court",
                           "Harlan County Family Court"])
    assert labels == {"Bexley County Superior Court": "Bexley Superior",
                      "Harlan County District Court": "Harlan District",
                      "Harlan County Family Court": "Harlan Family"}
    # two courts that would read the same keep their full names
    same = court_labels(["Court of Lake", "Lake Court of"])
    assert same == {"Court of Lake": "Court of Lake", "Lake Court of": "Lake Court of"}


def test_judges_and_prosecutors_by_their_short_names():
    assert judge_cell("Hon. Priya Vennacombe", 18) == "Priya Vennacombe"
    assert judge_cell("Hon. Priya Vennacombe", 10) == "Vennacombe"
    assert judge_cell("Hon. Roland Easterbrook", 10) == "Easterbro…"
    assert caption_name("State of Franklin") == "State"
    assert caption_name("People of the State of New York") == "People"
    assert caption_name("Commonwealth of Massachusetts") == "Commonwealth"
    for name in ("State Farm Insurance", "Statesman of Oz", "State of Franklin Department of Revenue",
                 "Ana Quill"):
        assert caption_name(name) == name
