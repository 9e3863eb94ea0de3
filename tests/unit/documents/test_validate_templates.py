"""Broken and hostile templates: each refused with a message naming the template, the place and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_cases import make_docx

from courtscreen.documents.manifest import ManifestError, load_manifest
from courtscreen.documents.registry import load_registry
from courtscreen.documents.render import RenderError, render_docx
from courtscreen.documents.validate import check_template

MANIFEST = """id = "{id}"
title = "A court's own order"
template = "{id}.docx"
kind = "order"
fields = ["court", "case", "parties", "provisions"]
"""


def court_form(folder: Path, form_id: str, paragraphs: list[str], manifest: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{form_id}.toml").write_text(manifest or MANIFEST.format(id=form_id), "utf-8")
    return make_docx(folder / f"{form_id}.docx", paragraphs)


def problems(path: Path) -> list[str]:
    manifest = load_manifest(path.with_suffix(".toml")) if path.with_suffix(".toml").exists() else None
    return [str(p) for p in check_template(path, manifest)]


def test_a_good_court_template_passes_and_is_offered(tmp_path):
    court_form(tmp_path / "court", "my_order", [
        "{{ court.name }}", "Case {{ case.number }}: {{ parties.petitioner }} v. {{ parties.respondent }}",
        "{%p for p in provisions %}", "{{ p.number }}. {{ p.text }}", "{%p endfor %}"])
    assert problems(tmp_path / "court" / "my_order.docx") == []
    registry = load_registry(tmp_path / "court")
    assert registry.forms["my_order"].origin == "court"


def test_not_a_docx(tmp_path):
    path = tmp_path / "order.docx"
    path.write_bytes(b"this is a text file")
    (msg,) = problems(path)
    assert "order.docx" in msg and "not a readable Word .docx" in msg and "save it" in msg


def test_curly_quotes_in_a_tag_are_accepted_because_docxtpl_straightens_them(tmp_path):
    path = make_docx(tmp_path / "quotes.docx", ["{{ case.number }}", "{% if case.judge == "
                                                                     "\u201cHale\u201d %}x{% endif %}"])
    assert problems(path) == []


def test_paragraph_tag_sharing_its_paragraph_is_only_a_note(tmp_path):
    path = make_docx(tmp_path / "shared.docx", ["Orders: {%p for p in provisions %}", "{{ p.text }}",
                                                "{%p endfor %}"])
    (note,) = check_template(path)
    assert note.severity == "note" and "body paragraph 1" in str(note) and "'Orders:'" in str(note)


def test_jinja_syntax_error_names_the_paragraph(tmp_path):
    path = make_docx(tmp_path / "syntax.docx", ["Fine", "Also fine", "{% for p in provisions %}{{ p.text }}",
                                                "no endfor anywhere"])
    (msg,) = problems(path)
    assert "Jinja syntax error" in msg and "endfor" in msg


def test_unclosed_expression(tmp_path):
    path = make_docx(tmp_path / "unclosed.docx", ["Case {{ case.number }", "{{ parties.respondent }}"])
    (msg,) = problems(path)
    assert "Jinja syntax error" in msg and "body paragraph" in msg


def test_field_the_manifest_does_not_provide(tmp_path):
    path = court_form(tmp_path, "extra", ["{{ case.number }}", "{{ victim_address }}", "{{ "
                                                                                       "findings.summary }}"])
    (msg,) = problems(path)
    assert "findings, victim_address" in msg and "does not provide" in msg and "extra.toml" in msg


def test_misspelt_attribute_found_by_the_trial_fill(tmp_path):
    path = court_form(tmp_path, "typo", ["{{ case.numbr }}"])
    (msg,) = problems(path)
    assert "typo.docx" in msg and "numbr" in msg and "does not provide" in msg


def test_reaching_python_internals_is_refused_and_names_the_template(tmp_path):
    path = court_form(tmp_path, "hostile", ["{{ case.number }}", "{{ ''.__class__ }}"])
    (msg,) = problems(path)
    assert "hostile.docx" in msg and "Python internals" in msg


def test_render_refuses_injection_with_the_template_name(tmp_path):
    path = make_docx(tmp_path / "evil.docx",
                     ["{{ ''.__class__.__mro__[1].__subclasses__() }}"])
    with pytest.raises(RenderError, match=r"^evil.docx: the template tries to reach Python internals"):
        render_docx(path.read_bytes(), {}, "evil.docx")


def test_manifest_problems_each_named(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "Bad Id"\ntitle = ""\ntemplate = "../x.doc"\nkind = "memo"\n'
                   'fields = ["case", "ssn"]\ncolour = "red"\n', "utf-8")
    with pytest.raises(ManifestError) as exc:
        load_manifest(bad)
    msg = str(exc.value)
    for part in ("bad.toml", "colour: not a manifest key", "title: missing", "id: 'Bad Id'",
                 "template: '../x.doc'", "kind: 'memo'", "'ssn' not provided"):
        assert part in msg


def test_a_broken_court_form_is_rejected_not_offered_and_does_not_replace_the_bundled_one(tmp_path):
    court = tmp_path / "court"
    court_form(court, "protection_addendum", ["{{ case.number }", "x"])
    registry = load_registry(court)
    assert registry.forms["protection_addendum"].origin == "bundled"
    (rejected,) = registry.rejected
    assert rejected.path.name == "protection_addendum.docx"
    assert "Jinja syntax error" in str(rejected.problems[0])


def test_manifest_without_its_template(tmp_path):
    (tmp_path / "lost.toml").write_text(MANIFEST.format(id="lost"), "utf-8")
    registry = load_registry(tmp_path)
    (rejected,) = registry.rejected
    assert "lost.docx: cannot be read" in str(rejected.problems[0])
    with pytest.raises(LookupError, match="rejected"):
        registry.get("lost")
