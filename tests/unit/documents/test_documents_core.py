"""The documents package is core: no Textual; and the optional PDF step when LibreOffice is present."""

from __future__ import annotations

import subprocess
import sys

import pytest
from doc_cases import maximal

from courtscreen.documents.pdf import PdfUnavailable, to_pdf


def test_importing_documents_loads_no_textual():
    code = ("import sys, courtscreen.documents.service, courtscreen.documents.validate; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pdf_is_written_beside_the_docx_and_never_over_an_existing_one(tmp_path):
    from helpers.pdf_tools import need_pdf_tools

    need_pdf_tools("soffice")
    from courtscreen.config import Jurisdiction
    from courtscreen.documents.context import build_context, choose
    from courtscreen.documents.registry import load_registry
    from courtscreen.documents.render import render_docx

    form = load_registry().get("findings_of_fact")
    record = maximal()
    ctx = build_context(form.manifest, record, choose(form.manifest, record, None), Jurisdiction())
    docx = tmp_path / "order.docx"
    docx.write_bytes(render_docx(form.template, ctx, "findings_of_fact.docx"))
    pdf = to_pdf(docx)
    assert pdf == tmp_path / "order.pdf" and pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(PdfUnavailable, match="already exists and is never overwritten"):
        to_pdf(docx)
