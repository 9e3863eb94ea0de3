"""A form's manifest (forms/<id>.toml): what the form is and what its template may use.

    id = "protection_addendum"
    title = "Protection order — detailed stalking provisions (addendum)"
    template = "protection_addendum.docx"
    kind = "order"                    # findings | order | conditions
    served_on_respondent = true       # confidential details stay out unless included
    case_types = ["protection_order", "domestic_violence"]   # where it is suggested first
    fields = ["court", "case", "parties", "order", "provisions", "confidential", "signature"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

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


def parse_manifest(raw: dict, path: Path) -> Manifest:
    problems = []
    known = {"id", "title", "template", "kind", "served_on_respondent", "case_types", "fields", "description"}
    problems += [f"{k}: not a manifest key (keys: {', '.join(sorted(known))})" for k in raw if k not in known]
    for key in ("id", "title", "template"):
        if not isinstance(raw.get(key), str) or not raw.get(key, "").strip():
            problems.append(f"{key}: missing; give it as text")
    form_id = str(raw.get("id", ""))
    if form_id and not set(form_id) <= ID_CHARS:
        problems.append(f"id: {form_id!r} may use only lower-case letters, digits and _")
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
    fields = raw.get("fields", [])
    if not isinstance(fields, list) or not fields:
        problems.append("fields: list the context fields the template uses, e.g. [\"court\", \"case\"]")
        fields = []
    bad = [f for f in fields if f not in CONTEXT_FIELDS]
    if bad:
        problems.append(f"fields: {', '.join(map(repr, bad))} not provided by courtscreen "
                        f"(it provides: {', '.join(CONTEXT_FIELDS)})")
    if problems:
        raise ManifestError(f"{path}: " + "; ".join(problems))
    return Manifest(form_id, raw["title"].strip(), template, kind, served, tuple(case_types), tuple(fields),
                    str(raw.get("description", "")).strip(), path)
