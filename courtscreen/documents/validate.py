"""check_template: is this DOCX a form courtscreen can fill? Every problem says where and what to do.

Checks, in order: the file is a readable DOCX; tags typed in Word carry no
curly quotes; `{%p %}` / `{%tr %}` tags stand alone in their paragraph; the
Jinja syntax is valid (with the paragraph it fails in); the template uses only
fields its manifest declares; and a trial fill with a fictional case succeeds
in the sandbox (catching misspelt fields and attempts to reach Python internals).
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
from courtscreen.documents.render import RenderError, make_env, render_docx

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
CURLY = "\u201c\u201d\u2018\u2019\u00ab\u00bb"
PARAGRAPH_TAGS = re.compile(r"\{%\s*(p|tr|tc|r)\s")


@dataclass(frozen=True)
class Problem:
    where: str  # "paragraph 12" / "footer" / "manifest"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _parts(data: bytes) -> list[tuple[str, str]]:
    """(name, xml) of the body, headers and footers."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        extra = sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        wanted = ["word/document.xml", *extra]
        return [(n.split("/")[1].removesuffix(".xml").replace("document", "body"), z.read(n).decode("utf-8"))
                for n in wanted if n in names]


def _paragraphs(xml: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL)]


def check_template(path: Path, manifest: Manifest | None = None) -> list[Problem]:
    """All problems found in the template at `path` (empty when it can be offered)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(str(path), f"cannot be read ({exc.strerror})")]
    return check_template_bytes(data, path.name, manifest)


def check_template_bytes(data: bytes, name: str, manifest: Manifest | None = None) -> list[Problem]:
    try:
        parts = _parts(data)
        from docx import Document

        Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        return [Problem(name, f"not a readable Word .docx file ({exc}); open it in Word and save it "
                              "again as 'Word Document (.docx)'")]
    except Exception as exc:  # python-docx raises several kinds for damaged packages
        return [Problem(name, f"not a readable Word .docx file ({type(exc).__name__}: {exc})")]
    if not parts or parts[0][0] != "body":
        return [Problem(name, "has no word/document.xml: not a Word document")]
    problems: list[Problem] = []
    for part, xml in parts:
        for n, text in enumerate(_paragraphs(xml), 1):
            where = f"{part} paragraph {n}"
            for tag in TAG.findall(text):
                if any(q in tag for q in CURLY):
                    problems.append(Problem(where, f"the tag {tag!r} contains curly quotes; Word's "
                                            "AutoFormat changed them. Retype them as straight quotes "
                                            "' or \"."))
            for m in PARAGRAPH_TAGS.finditer(text):
                end = text.find("%}", m.start())
                tag = text[m.start():end + 2] if end >= 0 else text[m.start():]
                rest = text.replace(tag, "").strip()
                if rest:
                    kind = m.group(1)
                    problems.append(Problem(where, f"'{tag}' must be alone in its paragraph (docxtpl "
                                            f"removes the whole {'paragraph' if kind == 'p' else 'row'}); "
                                            f"move {rest[:40]!r} to a paragraph of its own."))
    if problems:
        return problems
    problems += _syntax(data, name)
    if problems:
        return problems
    if manifest is not None:
        problems += _fields(data, manifest)
        if not problems:
            problems += _trial(data, name, manifest)
    return problems


def _patched(data: bytes) -> list[tuple[str, str]]:
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    tpl.init_docx()
    out = [("body", tpl.patch_xml(tpl.get_xml()))]
    for uri, label in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for _, part in tpl.get_headers_footers(uri):
            out.append((label, tpl.patch_xml(tpl.xml_to_string(parse_xml(part.blob)))))
    return out


def _syntax(data: bytes, name: str) -> list[Problem]:
    env = make_env()
    problems = []
    for part, xml in _patched(data):
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
        try:
            env.parse("\n".join(lines))
        except TemplateSyntaxError as exc:
            line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
            text = re.sub(r"<[^>]+>", "", line).strip()
            problems.append(Problem(f"{part} paragraph {max((exc.lineno or 1) - 1, 1)}",
                                    f"Jinja syntax error: {exc.message}"
                                    + (f" in {text[:100]!r}" if text else "")))
    return problems


def used_fields(data: bytes) -> set[str]:
    env = make_env()
    names: set[str] = set()
    for _, xml in _patched(data):
        names |= meta.find_undeclared_variables(env.parse(xml))
    return names


def _fields(data: bytes, manifest: Manifest) -> list[Problem]:
    extra = sorted(used_fields(data) - set(manifest.fields))
    if not extra:
        return []
    return [Problem(manifest.template, f"uses {', '.join(extra)}, which the manifest "
                    f"{manifest.path.name if manifest.path else ''} does not provide (fields = "
                    f"{list(manifest.fields)}). Add the field to the manifest if courtscreen provides "
                    "it, or correct the spelling in the template.")]


def _trial(data: bytes, name: str, manifest: Manifest) -> list[Problem]:
    """Fill the template with a fictional case; a misspelt attribute or a sandbox breach shows here."""
    from courtscreen.documents.sample import sample_context

    try:
        render_docx(data, sample_context(manifest, today=date(2026, 1, 15)), name)
    except RenderError as exc:
        return [Problem(name, str(exc).removeprefix(f"{name}: "))]
    return []
