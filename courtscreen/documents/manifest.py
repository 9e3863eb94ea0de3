"""A form's manifest (forms/<id>.toml): what the form is and what its template may use.

    id = "protection_addendum"
    title = "Protection order — detailed stalking provisions (addendum)"
    template = "protection_addendum.docx"
    kind = "order"                    # findings | order | conditions
    served_on_respondent = true       # confidential details stay out unless included
    case_types = ["protection_order", "domestic_violence"]   # where it is suggested first
    fields = ["court", "case", "parties", "order", "provisions", "confidential", "signature"]

A court's own form may also have (see docs/template-authoring.md):

    provisions = ["po_no_contact", "court_reporting"]   # clauses it offers, bundled or the court's own
    [map]                                               # the template's own names -> courtscreen fields
    defendant_first_name = "respondent.first_name"
    charge_list = "charges | map(attribute='description') | list"
    [questions.probation_term]                          # asked of the clerk (documents.questions)
    label = "Term of probation"
    type = "text"

Id rules: an id uses lower-case letters, digits and _, and is the manifest's file
name without .toml. `id` may be left out: it is then derived from the file name
(Terms_Of_Probation.toml -> terms_of_probation). `fields` may be left out: every
courtscreen field is then available.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from courtscreen.documents.questions import NAME, Question, parse_questions
from courtscreen.domain.case_types import CaseType

# Every top-level name the context builder provides (documents.context.build_context).
CONTEXT_FIELDS = {
    "court": "court name, state, county, division",
    "case": "number, title, type, nature, hearing_date, judge, courtroom",
    "parties": "petitioner, respondent, protected, petitioner_label, respondent_label, protected_label",
    "order": "title, form_id, served_on_respondent",
    "provisions": "list of {number, id, heading, text, support}",
    "findings": "incidents, not_found, conclusions, summary, acts_required, established, credible_threat",
    "confidential": "included, notice",
    "citations": "the jurisdiction's statute citations by key",
    "signature": "judge, title, court",
    "generated": "date, by, version",
}
KINDS = ("findings", "order", "conditions")
ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class ManifestError(ValueError):
    """The manifest is missing or wrong; the message names the file and the field."""


@dataclass(frozen=True)
class Manifest:
    id: str
    title: str
    template: str
    kind: str
    served_on_respondent: bool
    case_types: tuple[CaseType, ...]
    fields: tuple[str, ...]
    description: str = ""
    path: Path | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # (template name, Jinja expression over courtscreen fields)
    questions: tuple[Question, ...] = ()
    provisions: tuple[str, ...] = ()  # clause ids offered besides those the catalogue gives this id
    declared_fields: bool = True  # False: fields left out, every courtscreen field available

    @property
    def own_names(self) -> set[str]:
        """Names the template may use besides courtscreen's: mapped names and question names."""
        return {name for name, _ in self.mapping} | {q.name for q in self.questions}

    @property
    def template_path(self) -> Path:
        assert self.path is not None
        return self.path.parent / self.template


def load_manifest(path: Path) -> Manifest:
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read ({exc.strerror})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: not valid TOML ({exc}); fix the file") from exc
    return parse_manifest(raw, path)


def derive_id(file_name: str) -> str:
    """The form id a file name gives: 'Terms Of Probation (2024).docx' -> 'terms_of_probation_2024'."""
    stem = Path(file_name).stem
    out = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return out or "court_form"


def id_rule(path: Path) -> str:
    return (f"an id uses only lower-case letters, digits and _ and must equal the manifest's file name; "
            f"for {path.name} write id = \"{derive_id(path.name)}\" and name the file "
            f"{derive_id(path.name)}.toml, or leave id out")


def parse_manifest(raw: dict, path: Path) -> Manifest:
    problems = []
    known = {"id", "title", "template", "kind", "served_on_respondent", "case_types", "fields", "description",
             "map", "questions", "provisions"}
    problems += [f"{k}: not a manifest key (keys: {', '.join(sorted(known))})" for k in raw if k not in known]
    for key in ("title", "template"):
        if not isinstance(raw.get(key), str) or not raw.get(key, "").strip():
            problems.append(f"{key}: missing; give it as text")
    form_id = str(raw.get("id", "")).strip() or derive_id(path.name)
    if not set(form_id) <= ID_CHARS:
        problems.append(f"id: {form_id!r} may use only lower-case letters, digits and _ ({id_rule(path)})")
    elif form_id != path.stem:
        problems.append(f"id: {form_id!r} differs from the file name {path.name!r}; {id_rule(path)}")
    template = str(raw.get("template", ""))
    if template and (Path(template).name != template or not template.lower().endswith(".docx")):
        problems.append(f"template: {template!r} must be a .docx file name in the same folder as the "
                        "manifest")
    kind = raw.get("kind", "order")
    if kind not in KINDS:
        problems.append(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    served = raw.get("served_on_respondent", True)
    if not isinstance(served, bool):
        problems.append("served_on_respondent: must be true or false")
    case_types = []
    for t in raw.get("case_types", []):
        try:
            case_types.append(CaseType(t))
        except ValueError:
            problems.append(f"case_types: {t!r} is not one of {', '.join(c.value for c in CaseType)}")
    from courtscreen.documents.field_reference import top_level_names

    provided = set(CONTEXT_FIELDS) | top_level_names()
    declared = "fields" in raw
    fields = raw.get("fields", [])
    if declared and (not isinstance(fields, list) or not fields):
        problems.append("fields: list the context fields the template uses, e.g. [\"court\", \"case\"], "
                        "or leave fields out to allow every field")
        fields = []
    bad = [f for f in fields if f not in provided]
    if bad:
        problems.append(f"fields: {', '.join(map(repr, bad))} not provided by courtscreen "
                        f"(it provides: {', '.join(sorted(provided))}; 'courtscreen forms fields' lists "
                        "them)")
    if not declared:
        fields = sorted(provided)
    mapping = raw.get("map", {})
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        problems.append("map: write it as a table [map] of name = \"courtscreen field\", e.g. "
                        "defendant_first_name = \"respondent.first_name\"")
        mapping = {}
    problems += [f"map.{k}: a template name uses letters, digits and _" for k in mapping if not NAME.match(k)]
    questions = parse_questions(raw.get("questions"), problems)
    clash = sorted({q.name for q in questions} & set(mapping))
    if clash:
        problems.append(f"{', '.join(clash)}: both a question and a mapped name; use one")
    offered = raw.get("provisions", [])
    if not isinstance(offered, list) or not all(isinstance(c, str) for c in offered):
        problems.append("provisions: list clause ids, e.g. [\"po_no_contact\"]")
        offered = []
    if problems:
        raise ManifestError(f"{path}: " + "; ".join(problems))
    return Manifest(form_id, raw["title"].strip(), template, kind, served, tuple(case_types), tuple(fields),
                    str(raw.get("description", "")).strip(), path, tuple(mapping.items()), questions,
                    tuple(offered), declared)
