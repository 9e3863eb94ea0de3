"""No protected value escapes: every document kind, every export kind and the error log (SQLite and
PostgreSQL). The examples are the ones reproduced in issue 22; every name and address is invented."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date

import openpyxl
import pytest
from docx import Document
from helpers import db
from helpers.dockets import FAMILY, write_csv

from courtscreen.config import Jurisdiction, Settings
from courtscreen.documents import service
from courtscreen.documents.registry import load_registry
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Conclusion, Evidence, parse_incident
from courtscreen.exporting.service import ExportOptions, export_docket
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings as store
from courtscreen.store.worklist import WorklistFilter

CLERK = "Imogen Thistlewood"
HOME = "14 Larkspur Row"
WORK = "Ashgrove Veterinary Clinic, 9 Quarry Hill"
PO, DIVORCE = "2026-PFA-00102", "2026-DR-000101"
TODAY = date(2026, 12, 2)
HEADER = ["Case No.", "Court", "Case Type", "Nature of Action", "Hearing Date", "Judge", "Courtroom",
          "Petitioner/Plaintiff", "Respondent/Defendant", "Notes"]
ROWS = [
    [PO, FAMILY, "", "Relief from abuse", "2026-12-02", "Hon. Desmond Hale", HOME, "Quill, Anna",
     "Quill, Robert J.", "petitioner now at 14 larkspur row"],
    [DIVORCE, FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "Hon. Miriam Okafor", "3",
     "Quill, Anna", "Quill, Robert J.", "works at the Ashgrove Veterinary Clinic"],
]
FORMS = ("findings_of_fact", "protection_addendum", "custody_safety", "supervision_conditions")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url="", user=CLERK, data_dir=tmp_path / "data",
                    jurisdiction=Jurisdiction(state="State of Franklin"))


@pytest.fixture
def cases(engine, tmp_path) -> dict[str, int]:
    import_docket(engine, write_csv(tmp_path / "d.csv", [HEADER, *ROWS]), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    ids = {c["case_number"]: c["id"] for c in db.select(engine, "court_case")}
    po = ids[PO]
    store.add_incidents(engine, po, [
        parse_incident({"when": "2026-03-02", "finding": "proven", "methods": ["in_person"],
                        "areas": ["surveillance"], "behaviours": ["showing_up"],
                        "description": "waited in his truck outside 14 Larkspur Row for two hours",
                        "reaction_text": "stopped sleeping at 14 larkspur row",
                        "evidence": [Evidence("photo", "doorbell camera at Larkspur Row",
                                              "petition").to_dict()],
                        "reactions": ["fear"]}, TODAY),
        parse_incident({"when": "2026-03-09", "finding": "proven", "methods": ["in_person"],
                        "areas": ["surveillance"], "behaviours": ["following"],
                        "description": "followed her from work to the parking lot",
                        "location": "Marsh Lane car park", "location_confidential": True}, TODAY),
        parse_incident({"when": "2026-03-12", "finding": "proven", "methods": ["text"],
                        "areas": ["life_invasion"], "behaviours": ["repeated_calls_texts"],
                        "description": "texted that he had been in the Marsh Lane car park again"},
                       TODAY),
    ], CLERK)
    store.save_conclusion(engine, po, Conclusion(),
                          Conclusion("the petitioner, Anna Quill, of 14 Larkspur Row"), CLERK)
    store.add_protected(engine, po, "home", HOME, CLERK)
    # The workplace is on file only for the linked divorce case (same parties).
    store.add_protected(engine, ids[DIVORCE], "workplace", WORK, CLERK)
    store.add_incidents(engine, ids[DIVORCE], [parse_incident({
        "when": "2026-02-01", "finding": "proven", "description": "came to the Ashgrove Veterinary Clinic",
        "methods": ["in_person"], "areas": ["surveillance"]}, TODAY)], CLERK)
    return ids


def _docx_everything(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs + s.footer.paragraphs]
    return "\n".join(parts)


def _no_value(text: str):
    low = text.casefold()
    for word in ("larkspur", "marsh lane", "ashgrove", "quarry hill"):
        assert word not in low, word


def test_every_form_withholds_every_protected_value_in_every_field(engine, settings, cases, tmp_path):
    form_ids = [f for f in FORMS if f in load_registry().forms]
    assert len(form_ids) == 4
    for form_id in form_ids:
        form = load_registry().get(form_id)
        choices = [service.Choice("cu_confidential_address")] if form_id == "custody_safety" else None
        d = service.draft(engine, settings, form, cases[PO], choices, today=TODAY)
        _no_value(d.text())
        _no_value(_docx_everything(d.data))
        _no_value(d.data.decode("latin-1"))
        assert "[confidential]" in d.text()
        assert d.withheld and sum(w.count for w in d.withheld) >= 1
        places = {w.where for w in d.withheld}
        assert "courtroom" in places, (form_id, places)
    fof = service.draft(engine, settings, load_registry().get("findings_of_fact"), cases[PO], today=TODAY)
    places = {w.where for w in fof.withheld}
    assert {"finding on incident 1", "finding on incident 3", "courtroom"} <= places
    assert fof.withheld_note.startswith(f"{sum(w.count for w in fof.withheld)} confidential values withheld")
    assert "Larkspur" not in fof.withheld_note


def test_saved_docx_and_batch_withhold_and_included_copy_keeps(engine, settings, cases, tmp_path):
    form = load_registry().get("findings_of_fact")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path / "o", today=TODAY)
    _no_value(_docx_everything(doc.path.read_bytes()))
    assert doc.withheld
    (row,) = db.select(engine, "generated_document")
    assert json.loads(row["provisions_json"])["withheld"] == sum(w.count for w in doc.withheld)
    outcomes = service.generate_batch(engine, settings, form, [cases[PO], cases[DIVORCE]],
                                      out_dir=tmp_path / "b", today=TODAY)
    assert all(o.ok for o in outcomes)
    for o in outcomes:
        _no_value(_docx_everything(o.document.path.read_bytes()))
    included = service.draft(engine, settings, form, cases[PO], include_confidential=True, today=TODAY)
    assert "14 Larkspur Row" in included.text() and not included.withheld


def test_exports_withhold_in_every_column_and_format(engine, cases, tmp_path):
    for name in ("out.csv", "out.xlsx"):
        path = tmp_path / name
        result = export_docket(engine, path, ExportOptions(filter=WorklistFilter()), CLERK)
        report = "\n".join(result.lines())
        assert "confidential values withheld as [confidential]: " in report
        assert "column Courtroom" in report and "column Notes (2)" in report, report
        _no_value(report)
        if name.endswith(".csv"):
            text = path.read_text("utf-8")
        else:
            ws = openpyxl.load_workbook(path).active
            text = "\n".join(str(c.value) for r in ws.iter_rows() for c in r if c.value is not None)
        _no_value(text)
        assert "[confidential]" in text
        rows = list(csv.reader(io.StringIO(text))) if name.endswith(".csv") else None
        if rows:
            assert any("[confidential]" in cell for r in rows for cell in r)


def test_cli_preview_and_generate_say_how_many_were_withheld(engine, cases, tmp_path, db_url, monkeypatch):
    from click.testing import CliRunner

    from courtscreen.cli.base import cli

    runner = CliRunner()
    out = runner.invoke(cli, ["--db", db_url, "--user", CLERK, "generate", PO, "--form",
                              "findings_of_fact", "--preview"])
    assert out.exit_code == 0, out.output
    _no_value(out.output)
    assert "confidential values withheld as [confidential]: " in out.output
    assert "courtroom" in out.output


@pytest.mark.postgres
def test_a_failing_protect_on_postgresql_never_prints_or_logs_the_value(postgres_url, tmp_path, monkeypatch,
                                                                        capsys):
    """A forced internal error (a label longer than the column) with the address as the value."""
    from courtscreen.cli import base
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade

    engine = make_engine(postgres_url)
    upgrade(engine)
    import_docket(engine, write_csv(tmp_path / "d.csv", [HEADER, *ROWS]), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    data = tmp_path / "data"
    monkeypatch.setenv("COURTSCREEN_DATA_DIR", str(data))
    monkeypatch.setattr(sys, "argv", ["courtscreen", "--db", postgres_url, "--user", CLERK, "findings",
                                      "protect", PO, "--kind", "home", "--value", "14 Larkspur Row",
                                      "--label", "x" * 400])
    with pytest.raises(SystemExit) as exit_:
        base.main()
    assert exit_.value.code != 0
    shown = capsys.readouterr()
    log = (data / "courtscreen-error.log").read_text("utf-8")
    assert "Internal error" in shown.err and "StringDataRightTruncation" in log + shown.err
    for text in (shown.out, shown.err, log):
        assert "Larkspur" not in text
        assert "xxxxxxxxxx" not in text  # no parameter at all


def test_a_value_past_the_check_is_refused_and_a_one_word_value_does_not_block(engine, settings, cases,
                                                                                monkeypatch):
    form = load_registry().get("findings_of_fact")
    from courtscreen.documents import court_fill

    real = court_fill.fill_form

    def leaky(form, context, answers=None, seconds=None):  # a field filled after the check
        context = {**context, "case": {**context["case"], "courtroom": "at 14 Larkspur Row"}}
        return real(form, context, answers, seconds)

    monkeypatch.setattr(court_fill, "fill_form", leaky)
    with pytest.raises(service.GenerationError, match="nothing was written"):
        service.draft(engine, settings, form, cases[PO], today=TODAY)
    monkeypatch.setattr(court_fill, "fill_form", real)
    store.add_protected(engine, cases[PO], "other", "Conclusions", CLERK)  # a word the template prints
    d = service.draft(engine, settings, form, cases[PO], today=TODAY)
    assert "CONCLUSIONS" in d.text().upper()


def test_the_pdf_withholds_too(engine, settings, cases, tmp_path, db_url):
    import subprocess

    from helpers.pdf_tools import need_pdf_tools

    if db_url.startswith("postgresql"):
        pytest.skip("the PDF is made from the DOCX; one database is enough")
    need_pdf_tools("soffice", "pdftotext")
    doc = service.generate(engine, settings, load_registry().get("protection_addendum"), cases[PO],
                           out_dir=tmp_path / "pdf", pdf=True, today=TODAY)
    assert doc.pdf is not None, doc.pdf_note
    text = subprocess.run(["pdftotext", str(doc.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ADDENDUM TO PROTECTION ORDER" in text and "[confidential]" in text
    _no_value(text)


def test_a_value_on_file_only_for_the_linked_case_is_withheld_too(engine, settings, cases):
    """The home address is on file for the PO case only; the divorce case of the same two people
    (each party its own row, linked as one person) must not print it either."""
    from courtscreen.store.protected_values import linked_case_ids

    with engine.connect() as conn:
        assert linked_case_ids(conn, cases[DIVORCE]) == {cases[PO]}
    store.add_incidents(engine, cases[DIVORCE], [parse_incident({
        "when": "2026-02-03", "finding": "proven", "methods": ["in_person"], "areas": ["surveillance"],
        "description": "waited in his truck outside 14 Larkspur Row"}, TODAY)], CLERK)
    form = load_registry().get("findings_of_fact")
    d = service.draft(engine, settings, form, cases[DIVORCE], today=TODAY)
    _no_value(d.text())
    _no_value(_docx_everything(d.data))
    assert "outside [confidential]" in d.text()
