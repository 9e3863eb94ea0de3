"""Sandboxed docxtpl rendering.

docxtpl's defaults are unsafe for court documents: without autoescape a value
such as "Smith & Sons <LLC>" silently truncates the document, and its plain
Jinja environment lets a template reach Python internals. Every render here
uses a fresh SandboxedEnvironment with autoescape and StrictUndefined, so a
value is always text (even "{{ 7*7 }}"), a missing field is an error rather
than a blank in an order, and a hostile template is refused by name.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from courtscreen.documents.filters import FILTERS

# Characters XML 1.0 forbids; a value pasted from another system may carry them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class RenderError(Exception):
    """The template could not be filled; the message names the template and what to do."""


def make_env() -> SandboxedEnvironment:
    """A new environment for one document: nothing carries over between documents."""
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


def filter_hint(message: str | None) -> str:
    """For 'No filter named …': the filters a template may use."""
    if not message or "No filter named" not in message:
        return ""
    return (f". Filters courtscreen adds: {', '.join(sorted(FILTERS))}; and Jinja's own (default, join, "
            "upper, lower, title, replace, length, first, last, map, select …)")


def clean_text(value: str) -> str:
    """Text safe to place in a document: XML-forbidden control characters dropped.

    docxtpl turns \\a, \\t and \\f into paragraph, tab and page breaks; they are
    replaced with spaces so a value cannot restructure the document.
    """
    for ch in "\a\f\t\v":
        value = value.replace(ch, " ")
    return _BAD_XML.sub("", value)


def render_docx(template: bytes, context: dict, name: str) -> bytes:
    """Fill the DOCX template `template` (bytes) and return the document as bytes."""
    doc = DocxTemplate(io.BytesIO(template))
    try:
        doc.render(context, jinja_env=make_env(), autoescape=True)
    except SecurityError as exc:
        raise RenderError(f"{name}: the template tries to reach Python internals ({exc}). It was "
                          "refused; remove that tag from the template.") from None
    except UndefinedError as exc:
        raise RenderError(f"{name}: the template uses a field courtscreen does not provide ({exc}). "
                          f"Run 'courtscreen forms check' to see the fields each form may use.") from None
    except TemplateSyntaxError as exc:
        near = " ".join(getattr(exc, "docx_context", []) or [])[:120]
        raise RenderError(f"{name}: template syntax error: {exc.message}"
                          + (f" near {near.strip()!r}" if near.strip() else "")
                          + filter_hint(exc.message)) from None
    except TemplateError as exc:
        raise RenderError(f"{name}: the template could not be filled: {exc}") from None
    except MemoryError:
        raise RenderError(f"{name}: filling the template needed more memory than a document may use (a "
                          "loop or value that grows without end); it was stopped") from None
    except Exception as exc:  # lxml / zip problems from a damaged template
        raise RenderError(f"{name}: the template could not be filled ({type(exc).__name__}: {exc}); "
                          "run 'courtscreen forms check' on it") from None
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """The document's text as a reader sees it: paragraphs and table rows in order, then footers."""
    document = Document(io.BytesIO(data))
    lines = _block_lines(document.element.body)
    footer = []
    for section in document.sections:
        footer += [p.text for p in section.footer.paragraphs if p.text.strip()]
    if footer:
        lines += ["", *footer]
    return "\n".join(lines)


def _block_lines(body) -> list[str]:
    from docx.oxml.ns import qn

    lines: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_para_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                cells = []
                for cell in row.iter(qn("w:tc")):
                    cells.append(" / ".join(t for t in (_para_text(p) for p in cell.iter(qn("w:p"))) if t))
                lines.append("   ".join(c for c in cells if c))
    return lines


def _para_text(p) -> str:
    from docx.oxml.ns import qn

    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)
