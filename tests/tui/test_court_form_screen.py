"""A court's own form in the generate screen: its title, its questions asked of the clerk, and a
broken court template that neither blames the case nor stops the other forms (issue 18)."""

from __future__ import annotations

from dataclasses import replace

from docx import Document
from test_generate_form import form_loaded, po_case, status
from tuikit import SIZE, TODAY, select_options, settle, wait_until

from courtscreen.config import Jurisdiction
from courtscreen.domain import clauses as clause_rules
from courtscreen.tui.screens.generate_form import GenerateFormScreen

MANIFEST = """title = "Bond conditions (county entry)"
template = "Bond_Conditions.docx"
kind = "order"

[map]
defendant = "respondent.name"

[questions.bond_amount]
label = "Bond amount"
type = "money"

[questions.reporting]
label = "Reporting frequency"
type = "choice"
choices = ["weekly", "monthly"]
"""


def court_folder(tmp_path):
    folder = tmp_path / "court_forms"
    folder.mkdir()
    (folder / "bond_conditions.toml").write_text(MANIFEST, "utf-8")
    doc = Document()
    doc.add_paragraph("{{ order.title }}")
    doc.add_paragraph("{{ defendant }}: bond {{ bond_amount|money }}, report {{ reporting }}.")
    doc.save(folder / "Bond_Conditions.docx")
    (folder / "broken.toml").write_text('title = "Broken"\ntemplate = "broken.docx"\n', "utf-8")
    bad = Document()
    bad.add_paragraph("{{ parties.respondent|comma_and_lists }}")
    bad.save(folder / "broken.docx")
    return folder


async def test_a_court_form_asks_its_questions_and_is_generated(tui_settings, docket_engine, tmp_path):
    from courtscreen.tui.app import CourtscreenApp

    cid, _ = po_case(docket_engine)
    settings = replace(tui_settings, jurisdiction=Jurisdiction(forms_dir=court_folder(tmp_path)))
    app = CourtscreenApp(settings, docket_engine, today=TODAY)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(GenerateFormScreen(cid, "bond_conditions"))
            screen = await form_loaded(pilot)
            await wait_until(pilot, lambda: bool(screen.query("#q-reporting")), what="the questions")
            assert "1 rejected by the checks" in status(screen)
            assert ("Bond conditions (county entry)", "bond_conditions") in select_options(
                screen.query_one("#gen-form"))
            assert "broken" not in [v for _, v in select_options(screen.query_one("#gen-form"))]
            screen.query_one("#q-reporting").value = "weekly"
            screen.action_generate()
            await settle(pilot)
            await wait_until(pilot, lambda: "bond_amount: no answer given" in status(screen),
                             what="the missing answer")
            assert "answer it on the generate screen" in status(screen)
            assert "--set" not in status(screen)  # the app's own words, never a command-line flag
            screen.query_one("#q-bond_amount").value = "750"
            screen.action_generate()
            await settle(pilot)
            await wait_until(pilot, lambda: "Saved version 1" in status(screen), what="the document")
            text = [p.text for p in Document(screen.generated.path).paragraphs]
            assert text[0] == "Bond conditions (county entry)"
            assert text[1].endswith(": bond $750.00, report weekly.")
            screen.query_one("#gen-form").value = "protection_addendum"  # bundled forms still work
            await settle(pilot)
            assert not screen.query_one("#gen-questions").display
    finally:
        clause_rules.court_catalogue = None
