"""Generating documents on SQLite and PostgreSQL: recorded, versioned, audited, never overwritten,
confidential details out unless included, batches that report each case."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.config import Jurisdiction, Settings
from courtscreen.documents import service
from courtscreen.documents.context import Choice
from courtscreen.documents.registry import load_registry
from courtscreen.domain.case_types import CaseType, CaseTypeRules
from courtscreen.domain.findings import Conclusion, parse_incident
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings as store
from courtscreen.store.worklist import WorklistFilter

CLERK = "Imogen Thistlewood"
HOME = "14 Larkspur Lane, Harlan"
PO = "2026-PFA-00102"
TODAY = date(2026, 12, 2)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(database_url="", user=CLERK, data_dir=tmp_path / "data",
                    jurisdiction=Jurisdiction(state="State of Franklin"))


@pytest.fixture
def cases(engine, tmp_path) -> dict[str, int]:
    import_docket(engine, docket_csv(tmp_path / "docket.csv"), ImportOptions(), CaseTypeRules.load(), "clerk")
    ids = {c["case_number"]: c["id"] for c in db.select(engine, "court_case")}
    po = ids[PO]
    store.add_incidents(engine, po, [
        parse_incident({"when": "2026-03-02", "description": "sent 14 texts in one night",
                        "finding": "proven",
                        "methods": ["text"], "areas": ["life_invasion"], "reactions": ["fear"]}, TODAY),
        parse_incident({"when": "2026-03-09", "description": "waited outside the petitioner's home",
                        "finding": "proven", "methods": ["in_person"], "areas": ["surveillance"],
                        "location": HOME, "location_confidential": True,
                        "behaviours": ["showing_up"]}, TODAY),
    ], CLERK)
    store.save_conclusion(engine, po, Conclusion(), Conclusion("the petitioner, Anna Quill"), CLERK)
    store.add_protected(engine, po, "home", HOME, CLERK)
    return ids


def text_of(path: Path) -> str:
    doc = Document(io.BytesIO(path.read_bytes()))
    return "\n".join(p.text for p in doc.paragraphs)


def test_generate_records_the_document_and_audits_it(engine, settings, cases, tmp_path):
    form = load_registry().get("protection_addendum")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path / "out", today=TODAY)
    assert doc.path == tmp_path / "out" / f"{PO}_2026-12-02_protection_addendum_v1.docx"
    assert doc.path.read_bytes() and hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.sha256
    (row,) = db.select(engine, "generated_document")
    assert row["case_id"] == cases[PO] and row["form_id"] == "protection_addendum" and row["version"] == 1
    assert row["template_sha256"] == form.sha256 and row["output_sha256"] == doc.sha256
    assert row["generated_by"] == CLERK and row["confidential_included"] is False
    assert row["output_path"] == str(doc.path)
    recorded = json.loads(row["provisions_json"])
    ids = [p["id"] for p in recorded["provisions"]]
    assert "po_no_contact" in ids and "po_duration" in ids and "po_firearms" not in ids
    assert recorded["provisions"][0]["incidents"] == [1, 2]
    audit = db.select(engine, "audit_entry", db.table("audit_entry").c.record == "document")
    assert [(a["action"], a["field_name"], a["record_id"]) for a in audit] == [
        ("generated", "protection_addendum", row["id"])]
    assert doc.path.name in audit[0]["new_value"]


def test_regenerating_makes_a_new_version_and_never_overwrites(engine, settings, cases, tmp_path):
    form = load_registry().get("findings_of_fact")
    out = tmp_path / "out"
    first = service.generate(engine, settings, form, cases[PO], out_dir=out, today=TODAY)
    before = first.path.read_bytes()
    # A file already sits where version 2 would go (say, copied in by hand): it is left alone.
    squatter = out / f"{PO}_2026-12-02_findings_of_fact_v2.docx"
    squatter.write_bytes(b"someone else's file")
    second = service.generate(engine, settings, form, cases[PO], out_dir=out, today=TODAY)
    assert second.version == 2 and second.path.name == f"{PO}_2026-12-02_findings_of_fact_v2-2.docx"
    assert squatter.read_bytes() == b"someone else's file"
    assert first.path.read_bytes() == before
    footer = Document(second.path).sections[0].footer.paragraphs
    assert "document version 2" in "\n".join(p.text for p in footer)
    assert [r["version"] for r in db.select(engine, "generated_document")] == [1, 2]
    assert sorted(p.name for p in out.iterdir()) == sorted([first.path.name, squatter.name, second.path.name])


def test_victims_address_is_absent_unless_included(engine, settings, cases, tmp_path):
    for form_id in ("findings_of_fact", "protection_addendum"):
        form = load_registry().get(form_id)
        plain = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path, today=TODAY)
        assert "Larkspur" not in text_of(plain.path)
        assert "Larkspur" not in plain.path.read_bytes().decode("latin-1")  # not hidden anywhere in the file
        included = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path, today=TODAY,
                                    include_confidential=True)
        assert HOME in text_of(included.path)
    flags = [r["confidential_included"] for r in db.select(engine, "generated_document")]
    assert flags == [False, True, False, True]


def test_chosen_provisions_and_parameters(engine, settings, cases, tmp_path):
    form = load_registry().get("protection_addendum")
    doc = service.generate(engine, settings, form, cases[PO], [Choice("po_stay_away", {"distance": "1000"}),
                                                               Choice("po_firearms")], out_dir=tmp_path)
    text = text_of(doc.path)
    assert "at least 1000 feet away from the residence of the petitioner" in text
    assert "Firearms and ammunition" in text and "No contact by any means" not in text
    with pytest.raises(service.GenerationError, match="po_stay_away.distance"):
        service.generate(engine, settings, form, cases[PO], [Choice("po_stay_away", {"distance": "-5"})],
                         out_dir=tmp_path)
    assert len(db.select(engine, "generated_document")) == 1  # the refused one left no record


def test_a_case_without_findings_gets_no_empty_order(engine, settings, cases, tmp_path):
    form = load_registry().get("custody_safety")
    with pytest.raises(service.GenerationError, match="no provision of custody_safety is supported"):
        service.generate(engine, settings, form, cases["2026-CU-00104"], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_batch_reports_every_case_and_goes_on_after_a_failure(engine, settings, cases, tmp_path):
    form = load_registry().get("protection_addendum")
    f = WorklistFilter(case_types=frozenset({CaseType.PROTECTION_ORDER, CaseType.CUSTODY}),
                       sort="case_number")
    found = service.matching_cases(engine, f)
    assert [n for _, n in found] == ["2026-CU-00104", PO]
    seen = []
    outcomes = service.generate_batch(engine, settings, form, [c for c, _ in found], out_dir=tmp_path,
                                      progress=lambda n, total, o: seen.append((n, total, o.ok)))
    # The custody case has no findings: a duration clause alone is no order, so it is reported, not made.
    assert seen == [(1, 2, False), (2, 2, True)]
    assert "no provision of protection_addendum is supported" in outcomes[0].error
    custody = load_registry().get("custody_safety")
    outcomes = service.generate_batch(engine, settings, custody, [c for c, _ in found], out_dir=tmp_path)
    assert [(o.case_number, o.ok) for o in outcomes] == [("2026-CU-00104", False), (PO, True)]
    assert outcomes[0].error.startswith("no provision of custody_safety is supported")


def test_output_names_sort_by_case_then_date():
    names = [service.output_name("2026-CU-9", date(2026, 1, 2), "f", 1),
             service.output_name("2026-CU-10", date(2025, 1, 2), "f", 1),
             service.output_name("2026/CU 9 <x>", date(2026, 1, 1), "f", 3)]
    assert names[2] == "2026-CU-9-x_2026-01-01_f_v3.docx"
    assert service.output_name("../..", date(2026, 1, 1), "f", 1) == "case_2026-01-01_f_v1.docx"


def test_pdf_missing_is_a_clear_note_and_the_docx_is_kept(engine, settings, cases, tmp_path, monkeypatch):
    monkeypatch.setattr("courtscreen.documents.pdf.soffice", lambda: None)
    form = load_registry().get("findings_of_fact")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path, pdf=True)
    assert doc.pdf is None and "LibreOffice (soffice) is not installed" in doc.pdf_note
    assert doc.path.exists()


def test_the_same_form_generated_at_once_by_eight_users_gets_eight_versions(engine, settings, cases,
                                                                            tmp_path):
    """Simultaneous generation of one form for one case: every document recorded with its own
    version number and its own file, none lost (the unique constraint and the retry in save)."""
    import threading

    if engine.dialect.name == "postgresql":
        engine.pool._pool.maxsize = 12  # noqa: SLF001  (8 simultaneous connections)
    form = load_registry().get("findings_of_fact")
    out, start, made, errors = tmp_path / "out", threading.Barrier(8), [], []

    def generate() -> None:
        start.wait()
        try:
            made.append(service.generate(engine, settings, form, cases[PO], out_dir=out, today=TODAY))
        except Exception as exc:  # noqa: BLE001  (asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=generate) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(d.version for d in made) == list(range(1, 9))
    rows = db.select(engine, "generated_document")
    assert sorted(r["version"] for r in rows) == list(range(1, 9))
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(r["output_path"]).name for r in rows)
    for d in made:  # each file says its own version in the footer
        footer = "\n".join(p.text for p in Document(d.path).sections[0].footer.paragraphs)
        assert f"document version {d.version}" in footer
