"""Generating documents in the app: the form screen for one case and the batch screen for the docket."""

from __future__ import annotations

from datetime import date

from docx import Document
from tuikit import SIZE, db_rows, scalar, settle, table_rows, text_of, wait_until

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.findings import Conclusion, parse_incident
from courtscreen.store import findings as store
from courtscreen.store.worklist import WorklistFilter
from courtscreen.tui.screens.batch_generate import BatchGenerateScreen
from courtscreen.tui.screens.generate_form import GenerateFormScreen

HOME = "9 Thistledown Row"
CLERK = "clerk"


def po_case(engine) -> tuple[int, str]:
    cid, number = db_rows(engine, "select id, case_number from court_case "
                                  "where case_type = 'protection_order' order by case_number limit 1")[0]
    store.add_incidents(engine, cid, [
        parse_incident({"when": "2026-10-01", "description": "sent 30 texts in one night",
                        "finding": "proven", "methods": ["text"], "areas": ["life_invasion"],
                        "reactions": ["fear"]}, date(2026, 11, 1)),
        parse_incident({"when": "2026-10-05", "description": "hid a tracker on the petitioner's car",
                        "finding": "proven", "methods": ["gps_tracker"], "areas": ["surveillance"],
                        "behaviours": ["gps_tracker"]}, date(2026, 11, 1)),
    ], CLERK)
    store.save_conclusion(engine, cid, Conclusion(), Conclusion("the petitioner"), CLERK)
    store.add_protected(engine, cid, "home", HOME, CLERK)
    return cid, number


async def form_loaded(pilot) -> GenerateFormScreen:
    await settle(pilot)
    screen = pilot.app.screen
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, GenerateFormScreen)
                     and pilot.app.screen.record is not None, what="the form screen to load")
    return screen


def status(screen) -> str:
    return text_of(screen.query_one("#gen-status"))


async def test_provisions_are_preselected_with_their_support_then_preview_and_generate(app, docket_engine):
    cid, number = po_case(docket_engine)
    results = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(cid, "protection_addendum"), results.append)
        screen = await form_loaded(pilot)
        form_list = screen.query_one("#gen-form")
        assert form_list.prompt != "Loading forms…"  # no leftover entry once the forms are in
        provisions = screen.query_one("#gen-provisions")
        selected = set(provisions.selected)
        assert {"po_no_contact", "po_no_surveillance", "po_duration"} <= selected
        # a tracker on the car is not access to the petitioner's devices or accounts (issue 22)
        assert "po_no_device_access" not in selected
        assert "po_firearms" not in selected and "po_no_posting" not in selected
        assert "cu_filing_leave" not in selected
        prompts = {provisions.get_option_at_index(i).value: str(provisions.get_option_at_index(i).prompt)
                   for i in range(provisions.option_count)}
        assert "No contact by any means — incident 1 (proven)" in prompts["po_no_contact"]
        assert "po_no_contact" in prompts
        assert "NO SUPPORTING FINDING" in prompts["po_firearms"]
        assert "liberty-heavy: never pre-ticked" in prompts["cu_filing_leave"]
        assert "exception to po_no_contact" in prompts["po_nc_counsel"]

        screen.action_preview()
        await settle(pilot)
        await wait_until(pilot, lambda: "Preview ready" in status(screen), what="the preview")
        preview = text_of(screen.query_one("#gen-preview"))
        assert "IT IS ORDERED" in preview and number in preview
        assert HOME not in preview and "withheld from this document" in preview
        assert scalar(docket_engine, "select count(*) from generated_document") == 0  # preview saves nothing

        # An address on file is not a finding: stay-away is offered, not pre-ticked; the clerk ticks it.
        assert "po_stay_away" not in provisions.selected
        assert "confidential home on file" in prompts["po_stay_away"]
        provisions.select("po_stay_away")
        await pilot.click("#gen-confidential")
        screen.action_generate()
        await settle(pilot)
        await wait_until(pilot, lambda: "Saved version 1" in status(screen), what="the document to be saved")
        doc = screen.generated
        assert doc.confidential_included and doc.path.exists()
        assert HOME in "\n".join(p.text for p in Document(doc.path).paragraphs)
        assert scalar(docket_engine, "select count(*) from generated_document where case_id = :c", c=cid) == 1
        await pilot.press("escape")
        await settle(pilot)
    assert results == [doc]


async def test_switching_form_and_an_empty_choice_is_a_message_not_a_traceback(app, docket_engine):
    cid, _ = po_case(docket_engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(cid))
        screen = await form_loaded(pilot)
        screen.query_one("#gen-form").value = "custody_safety"
        await settle(pilot)
        provisions = screen.query_one("#gen-provisions")
        assert "cu_communication_app" in provisions.selected  # supported by the texts found proven
        provisions.deselect_all()
        screen.action_generate()
        await settle(pilot)
        await wait_until(pilot, lambda: "no provision chosen" in status(screen), what="the error message")
        assert screen.query_one("#gen-generate").disabled is False
        screen.query_one("#gen-form").value = "findings_of_fact"
        await settle(pilot)
        assert screen.query_one("#gen-provisions").option_count == 0
        screen.action_preview()
        await settle(pilot)
        await wait_until(pilot, lambda: "Preview ready" in status(screen), what="the findings preview")
        assert "FINDINGS OF FACT" in text_of(screen.query_one("#gen-preview"))


async def test_a_case_that_does_not_exist_shows_a_message(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(987654))
        await settle(pilot)
        await wait_until(pilot, lambda: "no case with id 987654" in status(pilot.app.screen), what="message")


async def test_batch_generates_for_the_filtered_docket_with_a_report_per_case(app, docket_engine):
    cid, number = po_case(docket_engine)
    f = WorklistFilter(case_types=frozenset({CaseType.PROTECTION_ORDER}))
    expected = scalar(docket_engine, "select count(*) from court_case where case_type = 'protection_order'")
    results = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(BatchGenerateScreen(f, "protection_addendum"), results.append)
        await settle(pilot)
        screen = pilot.app.screen
        await wait_until(pilot, lambda: not screen.query_one("#batch-start").disabled, what="the case count")
        assert f"{expected:,} case(s) match" in text_of(screen.query_one("#batch-status"))
        assert screen.query_one("#batch-form").prompt != "Loading forms…"
        await pilot.click("#batch-start")
        await settle(pilot)
        await wait_until(pilot, lambda: "generated," in text_of(screen.query_one("#batch-status")),
                         what="the batch to finish")
        rows = table_rows(screen.query_one("#batch-report"))
        assert len(rows) == expected
        by_case = {r["Case no."]: r for r in rows}
        assert by_case[number]["Result"] == "v1"  # the case with findings gets its order
        failed = [r for r in rows if r["Result"] == "failed"]
        assert len(failed) == expected - 1
        assert all("no provision of protection_addendum is supported" in r["File or reason"] for r in failed)
        assert f"1 generated, {expected - 1} failed" in text_of(screen.query_one("#batch-status"))
        await pilot.press("escape")
        await settle(pilot)
    assert len(results[0]) == expected


async def test_a_clerk_is_offered_only_the_forms_the_role_allows(make_app, docket_engine):
    from tuikit import select_options

    from courtscreen.domain.roles import Access, load_roles

    cid, _ = po_case(docket_engine)
    app = make_app(docket_engine, access=Access("Cleo", load_roles()["clerk"]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(cid))
        screen = await form_loaded(pilot)
        offered = [value for _, value in select_options(screen.query_one("#gen-form"))]
        assert "supervision_conditions" not in offered and "protection_addendum" in offered
        await pilot.click("#gen-confidential")
        screen.action_generate()
        await settle(pilot)
        assert screen.generated is None  # refused with a notice naming who may
        assert scalar(docket_engine, "select count(*) from generated_document") == 0


async def test_preview_withholds_an_address_typed_into_a_finding_and_says_where(app, docket_engine):
    cid, number = po_case(docket_engine)
    store.add_incidents(docket_engine, cid, [parse_incident(
        {"when": "2026-10-09", "description": "waited outside 9 thistledown row at night",
         "finding": "proven", "methods": ["in_person"], "areas": ["surveillance"],
         "behaviours": ["showing_up"]},
        date(2026, 11, 1))], CLERK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(cid, "protection_addendum"))
        screen = await form_loaded(pilot)
        screen.action_preview()
        await settle(pilot)
        await wait_until(pilot, lambda: "Preview ready" in status(screen), what="the preview")
        preview = text_of(screen.query_one("#gen-preview"))
        assert "thistledown" not in preview.lower() and "[confidential]" in preview
        assert "confidential values withheld as [confidential]" in status(screen)
        assert "basis" in status(screen)  # where: the provisions' printed basis


async def test_pretrial_switch_takes_the_search_condition_off_the_list(app, docket_engine):
    cid, _ = db_rows(docket_engine, "select id, case_number from court_case "
                                    "where case_type = 'domestic_violence' order by case_number limit 1")[0]
    store.add_incidents(docket_engine, cid, [parse_incident(
        {"when": "2026-10-01", "description": "made 212 phone calls in a month", "finding": "proven",
         "methods": ["phone"], "areas": ["life_invasion"]}, date(2026, 11, 1))], CLERK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GenerateFormScreen(cid, "supervision_conditions"))
        screen = await form_loaded(pilot)
        provisions = screen.query_one("#gen-provisions")

        def prompt(cid):
            return next(str(provisions.get_option_at_index(i).prompt) for i in range(provisions.option_count)
                        if provisions.get_option_at_index(i).value == cid)

        assert "sv_disclose_devices" in provisions.selected and "sv_search" not in provisions.selected
        assert "liberty-heavy" in prompt("sv_search")
        screen.query_one("#gen-pretrial").value = True
        await settle(pilot)
        assert "not offered: a condition of a sentence" in prompt("sv_search")
        screen.action_preview()
        await settle(pilot)
        await wait_until(pilot, lambda: "Preview ready" in status(screen), what="the preview")
        assert "CONDITIONS OF PRETRIAL RELEASE" in text_of(screen.query_one("#gen-preview"))
