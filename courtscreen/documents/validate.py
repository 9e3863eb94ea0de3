"""check_template: is this DOCX a form courtscreen can fill? Every problem says where and what to do.

The check reports what would really fail, as docxtpl renders it. It works on
the XML docxtpl itself produces (DocxTemplate.patch_xml: split runs joined,
curly quotes inside tags made straight, {%p %} / {%tr %} / {%tc %} / {%r %}
resolved to their paragraph, row, cell or run) and never second-guesses it.
Checks, in order: a readable DOCX; the Jinja syntax and filters (compiled, so
an unknown filter is found here, with the filters a template may use); names
the manifest neither provides nor maps; the manifest's [map] expressions; and
a trial fill through every branch a case can take (the sample case with
confidential details withheld and included, empty lists, each question's
values), each in the sandbox.

Notes (severity "note") do not reject a form: text sharing a paragraph with a
{%p %} tag, which docxtpl removes with the paragraph, as it documents.
Court templates are checked in the template worker (check_isolated), under a
time limit, so a runaway loop is reported instead of hanging the caller.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from courtscreen.documents.manifest import Manifest
from courtscreen.documents.render import RenderError, filter_hint, make_env

PARAGRAPH_TAG = re.compile(r"\{%-?\s*p\s")


@dataclass(frozen=True)
class Problem:
    where: str  # "body paragraph 12" / "footer" / "manifest"
    message: str
    severity: str = "error"  # "error" rejects the form; "note" is shown by forms check only

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _paragraph_texts(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    paras = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL)]
    return [(f"body paragraph {n}", t) for n, t in enumerate(paras, 1)]


def check_template(path: Path, manifest: Manifest | None = None) -> list[Problem]:
    """All problems found in the template at `path` (no errors: it can be offered)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(str(path), f"cannot be read ({exc.strerror})")]
    return check_template_bytes(data, path.name, manifest)


def check_template_bytes(data: bytes, name: str, manifest: Manifest | None = None) -> list[Problem]:
    try:
        from docx import Document

        Document(io.BytesIO(data))
        paragraphs = _paragraph_texts(data)
        parts = _patched(data)
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        return [Problem(name, f"not a readable Word .docx file ({exc}); open it in Word and save it "
                              "again as 'Word Document (.docx)'")]
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        return [Problem(name, f"not a readable Word .docx file ({type(exc).__name__}: {exc})")]
    problems = _notes(paragraphs)
    syntax = _syntax(parts)
    if syntax:
        return problems + syntax
    if manifest is not None:
        found = _fields(parts, manifest) + _mapping(manifest)
        problems += found or _trial(data, name, manifest)
    return problems


def _notes(paragraphs) -> list[Problem]:
    out = []
    for where, text in paragraphs:
        m = PARAGRAPH_TAG.search(text)
        if not m:
            continue
        end = text.find("%}", m.start())
        tag = text[m.start():end + 2] if end >= 0 else text[m.start():]
        rest = text.replace(tag, "").strip()
        if rest:
            out.append(Problem(where, f"docxtpl removes the whole paragraph of '{tag}', so {rest[:40]!r} "
                                      "beside it never appears; move that text to a paragraph of its own if "
                                      "it should", "note"))
    return out


def _patched(data: bytes) -> list[tuple[str, str]]:
    """(part, XML) exactly as docxtpl hands it to Jinja: body, headers, footers."""
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    out = [("body", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for _, part in tpl.get_headers_footers(uri):
            out.append((label, tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))))
    return out


def _syntax(parts) -> list[Problem]:
    """Compile each part as docxtpl's render_xml_part does: syntax errors and unknown filters."""
    problems = []
    for part, xml in parts:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        lines = source.splitlines()
        env = make_env()
        try:
            env.from_string(source)
        except TemplateSyntaxError as exc:  # TemplateAssertionError (unknown filter/test) included
            line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
            text = re.sub(r"<[^>]+>", "", line).strip()
            problems.append(Problem(f"{part} paragraph {max((exc.lineno or 1) - 1, 1)}",
                                    f"Jinja syntax error: {(exc.message or '').rstrip('.')}"
                                    + (f" in {text[:100]!r}" if text else "")
                                    + filter_hint(exc.message)))
    return problems


def used_fields(data: bytes) -> set[str]:
    env = make_env()
    names: set[str] = set()
    for _, xml in _patched(data):
        names |= meta.find_undeclared_variables(env.parse(xml))
    return names - set(env.globals)


def _fields(parts, manifest: Manifest) -> list[Problem]:
    env = make_env()
    used: set[str] = set()
    for _, xml in parts:
        used |= meta.find_undeclared_variables(env.parse(xml))
    extra = sorted(used - set(env.globals) - set(manifest.fields) - manifest.own_names)
    if not extra:
        return []
    where = manifest.path.name if manifest.path else "the manifest"
    return [Problem(manifest.template, f"uses {', '.join(extra)}, which courtscreen does not provide for "
                    f"this form. Map each to a courtscreen field in {where} ([map] {extra[0]} = "
                    "\"respondent.first_name\", for example), declare it as a question, or correct the "
                    "spelling; 'courtscreen forms fields' lists the fields.")]


def _mapping(manifest: Manifest) -> list[Problem]:
    env = make_env()
    out = []
    for name, expression in manifest.mapping:
        try:
            env.compile_expression(expression)
        except TemplateSyntaxError as exc:
            out.append(Problem(f"{manifest.path.name if manifest.path else 'manifest'} map.{name}",
                               f"{expression!r}: {exc.message}{filter_hint(exc.message)}"))
    return out


def _trial(data: bytes, name: str, manifest: Manifest) -> list[Problem]:
    """Fill the template through every branch a case can take; one problem per distinct failure."""
    from courtscreen.documents.court_fill import fill_in_process
    from courtscreen.documents.isolation import MAX_BYTES
    from courtscreen.documents.sample import trial_contexts

    seen: dict[str, str] = {}
    for label, context, answers in trial_contexts(manifest, today=date(2026, 1, 15)):
        try:
            fill_in_process(data, manifest, context, answers, MAX_BYTES)
        except RenderError as exc:
            message = str(exc).removeprefix(f"{manifest.template}: ").removeprefix(f"{name}: ")
            seen.setdefault(message, label)
    return [Problem(f"{name}, trial fill ({label})", message) for message, label in seen.items()]


def check_isolated(data: bytes, name: str, manifest: Manifest | None, seconds: float | None = None
                   ) -> list[Problem]:
    """check_template_bytes in the template worker, under a time limit: a court template's check."""
    from courtscreen.documents import isolation

    try:
        status, value = isolation.call("check", (data, name, manifest), seconds or isolation.SECONDS)
    except isolation.TemplateTimeout as exc:
        return [Problem(name, f"the trial fill was stopped: {exc}. Look for a {{% for %}} loop over a large "
                              "range, or loops nested inside each other.")]
    if status != "ok":
        return [Problem(name, f"could not be checked: {value}")]
    return value
