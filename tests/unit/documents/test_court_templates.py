"""A court's own templates as docxtpl / AssemblyLine authors write them (issue 18).

Each test builds the template it needs; fictional people only. Court templates are checked in the
template worker (documents.isolation); the time limit is lowered so a runaway loop is quick to see.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from doc_cases import docx_paragraphs, make_docx, maximal
from docx import Document

from courtscreen.documents import isolation
from courtscreen.documents.court_fill import fill_form
from courtscreen.documents.manifest import ManifestError, load_manifest
from courtscreen.documents.questions import AnswerError, parse_answers
from courtscreen.documents.registry import load_registry
from courtscreen.documents.sample import sample_court_context
from courtscreen.documents.validate import check_template, errors
from courtscreen.domain import clauses as clause_rules


@pytest.fixture(autouse=True)
def _quick_limit_and_bundled_catalogue(monkeypatch):
    monkeypatch.setattr(isolation, "SECONDS", 30.0)
    yield
    clause_rules.court_catalogue = None


def manifest_text(form_id: str, template: str | None = None, extra: str = "") -> str:
    return (f'title = "Court form {form_id}"\ntemplate = "{template or form_id + ".docx"}"\n'
            f'kind = "order"\n{extra}')


def court_form(folder: Path, form_id: str, paragraphs: list[str], extra: str = "",
               manifest_name: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / (manifest_name or f"{form_id}.toml")).write_text(manifest_text(form_id, extra=extra), "utf-8")
    return make_docx(folder / f"{form_id}.docx", paragraphs)


def runs_docx(path: Path, paragraphs: list[list[str]]) -> Path:
    """Each paragraph as several runs, the way Word splits a tag it has formatted."""
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for i, text in enumerate(runs):
            p.add_run(text).bold = bool(i % 2)
    doc.save(path)
    return path


def problems(path: Path) -> list[str]:
    m = path.with_suffix(".toml")
    return [str(p) for p in errors(check_template(path, load_manifest(m) if m.exists() else None))]


def test_curly_quotes_inside_tags_render_as_docxtpl_cleans_them(tmp_path):
    path = court_form(tmp_path / "court", "judge_line", [
        "{% if case.judge == \u201cHon. Sample Judge\u201d %}Before the assigned judge{% endif %}",
        "{{ parties.respondent|default(\u2018none\u2019) }}"])
    assert problems(path) == []
    form = load_registry(tmp_path / "court").forms["judge_line"]
    text = docx_paragraphs(fill_form(form, sample_court_context(form.manifest)))
    assert "Before the assigned judge" in text and "Sam Example" in text


def test_run_tags_and_split_runs_are_accepted(tmp_path):
    folder = tmp_path / "court"
    folder.mkdir()
    (folder / "runs.toml").write_text(manifest_text("runs"), "utf-8")
    runs_docx(folder / "runs.docx", [
        ["Respondent: ", "{%r if respondent.name %}", "{{ respondent.last_name }}", "{%r endif %}",
         " (named)"],
        ["Case {{ case.", "number", " }} before {{ case.judge }}"]])
    assert problems(folder / "runs.docx") == []
    form = load_registry(folder).forms["runs"]
    text = docx_paragraphs(fill_form(form, sample_court_context(form.manifest)))
    assert "Respondent: Example (named)" in text
    assert "Case 2026-SAMPLE-0001 before Hon. Sample Judge" in text


def test_unknown_filter_is_one_rejected_form_and_the_others_stay(tmp_path):
    court_form(tmp_path / "court", "good_one",
               ["{{ [parties.petitioner, parties.respondent]|comma_and_list }}"])
    court_form(tmp_path / "court", "bad_filter", ["{{ parties.respondent|catchall_names }}"])
    registry = load_registry(tmp_path / "court")
    assert "good_one" in registry.forms and "protection_addendum" in registry.forms
    (bad,) = registry.rejected
    message = str(bad.problems[0])
    assert "No filter named 'catchall_names'" in message and "comma_and_list" in message
    form = registry.forms["good_one"]
    filled = docx_paragraphs(fill_form(form, sample_court_context(form.manifest)))
    assert "Pat Example and Sam Example" in filled
    with pytest.raises(LookupError, match="was rejected"):
        registry.get("bad_filter")


def test_runaway_loop_is_stopped_and_rejected_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "SECONDS", 6.0)
    court_form(tmp_path / "court", "runaway", [
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"])
    court_form(tmp_path / "court", "fine", ["{{ case.number }}"])
    registry = load_registry(tmp_path / "court")
    assert "fine" in registry.forms and "runaway" not in registry.forms
    (bad,) = registry.rejected
    assert "runaway.docx" in str(bad.path)
    assert "stopped" in str(bad.problems[0]) and "did not finish within 6 s" in str(bad.problems[0])
    form = registry.forms["fine"]  # the worker was replaced: the next court form still fills
    assert "2026-SAMPLE-0001" in docx_paragraphs(fill_form(form, sample_court_context(form.manifest)))


def test_a_misspelt_field_inside_the_confidential_branch_is_found(tmp_path):
    path = court_form(tmp_path / "court", "secret", [
        "{{ case.number }}", "{% if confidential.included %}Born {{ respondent.dob }} at "
                             "{{ respondent.adress }}{% endif %}"])
    (msg,) = problems(path)
    assert "with confidential details included" in msg and "adress" in msg


def test_empty_lists_and_each_question_value_are_tried(tmp_path):
    path = court_form(tmp_path / "court", "branches", [
        "{{ provisions[0].heading }}",
        "{% if frequency == 'weekly' %}{{ respondent.nosuch }}{% endif %}"],
        extra='[questions.frequency]\nlabel = "Reporting"\ntype = "choice"\n'
              'choices = ["monthly", "weekly"]\n')
    found = problems(path)
    assert any("with no provisions" in p for p in found)
    assert any("frequency = 'weekly'" in p and "nosuch" in p for p in found)


def test_an_id_that_differs_from_the_file_name_is_reported_with_the_fix(tmp_path):
    folder = tmp_path / "court"
    court_form(folder, "Terms_Of_Probation", ["{{ case.number }}"], extra='id = "terms"\n',
               manifest_name="Terms_Of_Probation.toml")
    with pytest.raises(ManifestError) as exc:
        load_manifest(folder / "Terms_Of_Probation.toml")
    message = str(exc.value)
    assert "differs from the file name" in message and "terms_of_probation.toml" in message
    # without id, the id is derived from a well-named file
    (folder / "Terms_Of_Probation.toml").unlink()
    (folder / "terms_of_probation.toml").write_text(manifest_text("x", "Terms_Of_Probation.docx"), "utf-8")
    assert load_manifest(folder / "terms_of_probation.toml").id == "terms_of_probation"
    assert "terms_of_probation" in load_registry(folder).forms


def test_manifest_maps_the_templates_own_names_and_asks_questions(tmp_path):
    extra = '''[map]
defendant_first_name = "respondent.first_name"
defendant_last = "respondent.last_name | upper"
charge_list = "charges | map(attribute='description') | list"
officer = "'Magistrate' if case.judicial_officer_title == 'Magistrate' else 'Judge'"
[questions.term]
label = "Term of probation"
type = "choice"
choices = ["6 months", "12 months"]
[questions.bond]
label = "Bond amount"
type = "money"
[questions.report_by]
label = "Report by"
type = "date"
'''
    court_form(tmp_path / "court", "probation_terms", [
        "Defendant {{ defendant_first_name }} {{ defendant_last }} ({{ officer }})",
        "Charges: {{ charge_list|comma_and_list }}",
        "Probation for {{ term }}; bond {{ bond|money }}; report by {{ report_by|date_format }}."],
        extra=extra)
    form = load_registry(tmp_path / "court").forms["probation_terms"]
    answers = parse_answers(form.manifest.questions, {"term": "12 MONTHS", "bond": "1,500",
                                                      "report_by": "2026-03-01"})
    text = docx_paragraphs(fill_form(form, sample_court_context(form.manifest), answers))
    assert "Defendant Sam EXAMPLE (Judge)" in text
    assert "Charges: Stalking (first offense)" in text
    assert "Probation for 12 months; bond $1,500.00; report by March 1, 2026." in text
    with pytest.raises(AnswerError) as exc:
        parse_answers(form.manifest.questions, {"term": "forever", "report_by": "1 March"})
    assert "'forever' is not one of: 6 months, 12 months" in str(exc.value)
    assert "bond: no answer given" in str(exc.value) and "YYYY-MM-DD" in str(exc.value)


def test_confidential_names_are_empty_unless_included():
    from courtscreen.documents.manifest import parse_manifest

    m = parse_manifest({"title": "t", "template": "t.docx"}, Path("t.toml"))
    withheld, included = sample_court_context(m), sample_court_context(m, include_confidential=True)
    assert withheld["respondent"]["dob"] == "" and included["respondent"]["dob"] == "3 March 1988"
    assert withheld["petitioner"]["address"] == "" and included["petitioner"]["address"] == "1 Example Road"
    assert [i["location"] for i in withheld["incidents"]][1] == ""
    assert included["respondent"]["address"] == "9 Sample Lane"
    assert withheld["docket"]["Respondent Address"] == "" and withheld["docket"]["Charge 1"]
    assert included["docket"]["Respondent Address"] == "9 Sample Lane"


def test_a_court_clause_file_adds_and_replaces_clauses(tmp_path):
    folder = tmp_path / "court"
    court_form(folder, "court_order", ["{%p for p in provisions %}", "{{ p.number }}. {{ p.heading }}: "
                                       "{{ p.text }}", "{%p endfor %}"],
               extra='provisions = ["po_no_contact", "court_reporting"]\n')
    (folder / "clauses.toml").write_text('''
[[clause]]
id = "court_reporting"
forms = ["court_order"]
heading = "Report to the court"
text = "{respondent} shall report to the court's compliance office every {every}."
source = "Sample County local rule 4"
  [[clause.param]]
  name = "every"
  label = "How often"
  default = "week"
  [clause.support]
  areas = ["life_invasion"]

[[clause]]
id = "po_firearms"
forms = ["protection_addendum"]
heading = "Firearms (county wording)"
text = "{respondent} shall surrender every firearm to the sheriff."
  [clause.support]
  risk_markers = ["firearm_access"]
''', "utf-8")
    registry = load_registry(folder)
    assert not registry.rejected, registry.rejected
    catalogue = clause_rules.load_clauses()
    assert catalogue.get("po_firearms").heading == "Firearms (county wording)"
    assert "+court-" in catalogue.version
    offered = {c.id for c in catalogue.for_form("court_order")}
    assert offered == {"po_no_contact", "court_reporting"}
    from courtscreen.config import Jurisdiction
    from courtscreen.documents.context import Choice, build_context, choose

    form = registry.forms["court_order"]
    record = maximal()
    provisions = choose(form.manifest, record, [Choice("court_reporting", {"every": "month"})])
    ctx = build_context(form.manifest, record, provisions, Jurisdiction())
    text = docx_paragraphs(fill_form(form, ctx))
    assert "1. Report to the court: The respondent shall report to the court's compliance office every " \
           "month." in text


def test_a_bad_court_clause_file_is_reported_and_forms_still_load(tmp_path):
    folder = tmp_path / "court"
    court_form(folder, "plain", ["{{ case.number }}"])
    (folder / "clauses.toml").write_text('[[clause]]\nid = "x"\nforms = ["plain"]\nheading = "X"\n'
                                         'text = "{nobody} shall"\n', "utf-8")
    registry = load_registry(folder)
    assert "plain" in registry.forms
    assert any("clauses.toml" in str(p) and "nobody" in str(p) for r in registry.rejected for p in r.problems)


def test_a_paragraph_tag_sharing_text_is_a_note_not_a_rejection(tmp_path):
    path = court_form(tmp_path / "court", "shared", ["Orders: {%p for p in provisions %}", "{{ p.text }}",
                                                     "{%p endfor %}"])
    found = check_template(path, load_manifest(path.with_suffix(".toml")))
    assert not errors(found)
    assert any(p.severity == "note" and "'Orders:'" in p.message for p in found)


def test_every_documented_name_is_in_the_context():
    from courtscreen.documents.field_reference import FIELDS
    from courtscreen.documents.manifest import parse_manifest

    manifest = parse_manifest({"title": "t", "template": "t.docx"}, Path("t.toml"))
    ctx = sample_court_context(manifest, None, True)
    for f in FIELDS:
        head, _, rest = f.name.partition(".")
        head = head.removesuffix("[]")
        assert head in ctx, f.name
        if rest and not f.name.startswith("incidents[]"):
            assert rest in ctx[head], f.name
    incident_keys = {f.name.split(".")[1] for f in FIELDS if f.name.startswith("incidents[]")}
    assert set(ctx["incidents"][0]) >= incident_keys


def test_generated_docs_match_the_reference():
    from courtscreen.documents.field_docs import reference_markdown

    doc = Path(__file__).resolve().parents[3] / "docs" / "template-authoring.md"
    assert doc.read_text("utf-8") == reference_markdown(), \
        "regenerate: courtscreen forms fields --markdown > docs/template-authoring.md"


def test_docx_is_a_real_document(tmp_path):
    path = court_form(tmp_path / "court", "plain", ["{{ case.number }}"])
    assert Document(io.BytesIO(path.read_bytes())).paragraphs


def test_row_and_cell_tags_in_a_table_as_docxtpl_defines_them(tmp_path):
    folder = tmp_path / "court"
    folder.mkdir()
    (folder / "table.toml").write_text(manifest_text("table"), "utf-8")
    doc = Document()
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for i in incidents %}"
    table.cell(1, 0).text = "{{ i.number|ordinal }}"
    table.cell(1, 1).text = "{{ i.description }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    doc.save(folder / "table.docx")
    assert problems(folder / "table.docx") == []
    registry = load_registry(folder)
    assert not registry.rejected, registry.rejected
    form = registry.forms["table"]
    out = Document(io.BytesIO(fill_form(form, sample_court_context(form.manifest))))
    rows = [[c.text for c in r.cells] for r in out.tables[0].rows]
    assert rows[0] == ["1st", "sent 41 text messages in one night"] and len(rows) == 3


def test_a_filled_document_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "MAX_BYTES", 100_000)
    court_form(tmp_path / "court", "big", ["{% for n in range(3000) %}{{ case.number }} {{ n }} "
                                           "{{ respondent.name }} {{ case.judge }} {% endfor %}"])
    form = load_registry(tmp_path / "court").forms["big"]
    from courtscreen.documents.render import RenderError

    with pytest.raises(RenderError, match=r"big.docx: the filled document is \d+\.\d MB unpacked, more "
                                          r"than the 0\.1 MB"):
        fill_form(form, sample_court_context(form.manifest))
