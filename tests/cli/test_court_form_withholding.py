"""A court form's own answers and mapped fields are withheld like any other text (issues 18 and 22)."""

from __future__ import annotations

import pytest
from docx import Document
from test_forms_cli import HOME, PO, docket  # noqa: F401  (one PO case; HOME is its protected address)

from courtscreen.domain import clauses as clause_rules

MANIFEST = """title = "Entry: special terms (Harlan County)"
template = "Special_Terms.docx"
kind = "order"
provisions = ["po_no_contact"]

[questions.special_note]
label = "Special note"
type = "text"
"""


@pytest.fixture
def court_dir(tmp_path, config_path):
    folder = tmp_path / "court_forms"
    folder.mkdir()
    (folder / "special_terms.toml").write_text(MANIFEST, "utf-8")
    doc = Document()
    for text in ("{{ order.title }}", "Note: {{ special_note }}", "{%p for p in provisions %}",
                 "{{ p.heading }}. {{ p.text }}", "{%p endfor %}"):
        doc.add_paragraph(text)
    doc.save(folder / "Special_Terms.docx")
    config_path.write_text(f'[jurisdiction]\nforms_dir = "{folder.as_posix()}"\n', "utf-8")
    yield folder
    clause_rules.court_catalogue = None


@pytest.mark.usefixtures("docket", "court_dir")
def test_an_address_typed_as_an_answer_is_withheld(courtscreen, tmp_path):
    out = tmp_path / "out"
    street = HOME.split(",")[0]
    made = courtscreen("generate", PO, "--form", "special_terms", "--set",
                       f"special_note=not to drive past {street.lower()}", "--out", out)
    assert made.exit_code == 0, made.output
    (path,) = out.iterdir()
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "Note: not to drive past [confidential]" in text
    assert street.split()[1] not in text  # "Quince"
    assert "the form's answers" in made.output
