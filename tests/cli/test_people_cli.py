"""`courtscreen people`: persons in several cases, suggestions, confirm/reject, related cases."""

from __future__ import annotations

from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv

ROWS = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "9:00 AM", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "QUILL, ANNA", "Bob J. Quill"],  # a short form: linked automatically
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "2026-12-03", "2:00 PM", "",
     "State of Franklin", "R. J. Quill"],  # an initial only: suggested
    ["2026-CV-00105", SUPERIOR, "Civil", "Breach of contract", "2026-12-07", "", "",
     "Ridgeview Property Management LLC", "Pryce, Wren"],
]


def imported(courtscreen, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "d.csv", ROWS, HEADER))
    assert result.exit_code == 0, result.output
    # one suggestion per pair of people (R. J. Quill = Robert J. / Bob J. Quill?)
    assert "people: 2 new links across spellings, 1 new suggestions" in result.output
    return result


def test_people_lists_persons_with_their_cases_on_a_timeline(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    out = courtscreen("people").output
    assert "Anna Quill — 2 cases" in out
    assert "Robert J. Quill — 2 cases (also written: Bob J. Quill)" in out
    assert out.index("2026-DR-000101") < out.index("2026-PFA-00102")
    assert "State of Franklin" not in out and "Ridgeview" not in out
    assert "Nobody is named in 9 or more cases." in courtscreen("people", "--min-cases", "9").output


def test_confirm_a_suggestion_and_it_survives_a_reimport(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    out = courtscreen("people", "suggestions").output
    assert "R. J. Quill" in out and "check (" in out
    link_id = out.split("link ", 1)[1].split(":", 1)[0]
    done = courtscreen("people", "confirm", link_id)
    assert done.exit_code == 0 and "are one person" in done.output
    assert "Robert J. Quill — 3 cases" in courtscreen("people").output
    courtscreen("import", docket_csv(tmp_path / "d.csv", ROWS, HEADER))
    assert "Robert J. Quill — 3 cases" in courtscreen("people").output
    assert "No suggested links" in courtscreen("people", "suggestions").output
    related = courtscreen("people", "related", "26-CADV-0103").output
    assert "2026-DR-000101" in related and "confirmed" in related


def test_reject_by_party_ids_and_errors(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    out = courtscreen("people").output
    ids = out.split("Robert J. Quill — 2 cases")[1].split("[party ids ")[1].split("]")[0].split(", ")
    done = courtscreen("people", "reject", *ids)
    assert done.exit_code == 0 and "two different people" in done.output
    assert "Robert J. Quill — 2 cases" not in courtscreen("people").output
    bad = courtscreen("people", "confirm", "999")
    assert bad.exit_code == 2 and "there is no link 999" in bad.output
    assert courtscreen("people", "confirm", "1", "2", "3").exit_code == 2
    assert "no case numbered" in courtscreen("people", "related", "NOPE").output


def test_link_one_batch_as_the_app_does_after_an_import(courtscreen, tmp_path):
    """`people link --batch N` is what the app runs in its own process after an import."""
    from helpers.dockets import docket_csv

    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("people", "link", "--batch", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Compared ") and "people: " in result.output
