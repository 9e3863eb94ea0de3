"""Reproducible documents (issue 18): the fill data stored with each document, absolute paths, the PDF
recorded and hashed, and a status the clerk moves forward (signed, served, entered), with dates and who;
an upgrade from 0005 keeps the documents already recorded."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from helpers import db
from test_documents_store import CLERK, HOME, PO, TODAY, cases, settings  # noqa: F401

from courtscreen.documents import service
from courtscreen.documents.registry import load_registry
from courtscreen.store.document_status import StatusError, record_pdf, set_status, status_history


def test_a_document_keeps_its_fill_data_and_an_absolute_path(engine, settings, cases, tmp_path,  # noqa: F811
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = load_registry().get("protection_addendum")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=Path("relative_out"), today=TODAY)
    assert doc.path.is_absolute() and doc.path.parent == (tmp_path / "relative_out")
    (row,) = db.select(engine, "generated_document")
    assert row["output_path"] == str(doc.path) and os.path.isabs(row["output_path"])
    snapshot = json.loads(row["snapshot_json"])
    assert snapshot["context"]["case"]["number"] == PO
    assert snapshot["context"]["confidential"]["included"] is False
    assert HOME not in row["snapshot_json"]  # withheld from the document, so from its snapshot
    assert row["status"] == "draft"
    included = service.generate(engine, settings, form, cases[PO], include_confidential=True, today=TODAY,
                                out_dir=tmp_path / "o2")
    secret = next(r for r in db.select(engine, "generated_document") if r["id"] == included.id)
    assert HOME in "\n".join(p.text for p in Document(included.path).paragraphs)
    # the address is in the document, but never in generated_document (readable by every role) or
    # the database's audit trail of it: it stays in protected_detail
    assert HOME not in secret["snapshot_json"] and "[confidential]" in secret["snapshot_json"]
    assert json.loads(secret["snapshot_json"])["confidential_redacted"] is True


def test_status_moves_forward_with_date_and_who(engine, settings, cases, tmp_path):  # noqa: F811
    form = load_registry().get("protection_addendum")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path / "o")
    set_status(engine, doc.id, "signed", "Judge's clerk", date.today(), "signed in chambers")
    set_status(engine, doc.id, "served", CLERK, date.today())
    with pytest.raises(StatusError, match="already served"):
        set_status(engine, doc.id, "signed", CLERK)
    with pytest.raises(StatusError, match="not a step"):
        set_status(engine, doc.id, "lost", CLERK)
    with pytest.raises(StatusError, match="no generated document with id 999"):
        set_status(engine, 999, "signed", CLERK)
    history = status_history(engine, doc.id)
    assert [(h["status"], h["recorded_by"], h["note"]) for h in history] == [
        ("signed", "Judge's clerk", "signed in chambers"), ("served", CLERK, "")]
    assert db.select(engine, "generated_document")[0]["status"] == "served"
    audit = [r for r in db.select(engine, "audit_entry") if r["action"] == "status"]
    assert [a["new_value"].split(" on ")[0] for a in audit] == ["signed", "served"]


def test_a_pdf_is_recorded_with_its_hash(engine, settings, cases, tmp_path):  # noqa: F811
    form = load_registry().get("protection_addendum")
    doc = service.generate(engine, settings, form, cases[PO], out_dir=tmp_path / "o")
    pdf = tmp_path / "o" / "copy.pdf"
    pdf.write_bytes(b"%PDF-1.4 a stand-in")
    sha = record_pdf(engine, doc.id, pdf)
    (row,) = db.select(engine, "generated_document")
    assert row["pdf_path"] == str(pdf)
    assert row["pdf_sha256"] == sha == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_upgrade_from_0005_keeps_recorded_documents(tmp_path):
    from courtscreen.store.database import make_engine
    from courtscreen.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.exec_driver_sql("""
            insert into court_case (court, case_number, case_type, case_type_reason, division, nature,
                case_title, judge, courtroom, status, notes, source_json, row_hash, flags, flag_count,
                repeat_party, screening_status, screening_result, search_text, created_at, updated_at)
            values ('C', 'X-1', 'custody', '', '', '', '', '', '', '', '', '{}', '', '', 0, 0,
                'not_screened', '', '', '2026-01-01', '2026-01-01')""")
        conn.exec_driver_sql("""
            insert into generated_document (case_id, form_id, version, template_sha256, output_path,
                output_sha256, provisions_json, confidential_included, generated_at, generated_by)
            values (1, 'findings_of_fact', 1, 'a', '/x.docx', 'b', '[]', 0, '2026-01-02', 'clerk')""")
    upgrade(engine)
    (row,) = db.select(engine, "generated_document")
    assert row["output_path"] == "/x.docx" and row["status"] == "draft" and row["snapshot_json"] == "{}"
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from document_status_event")).scalar() == 0
    engine.dispose()
