"""Fill a form: courtscreen's context, the clerk's answers and the manifest's mapped names, then render.

Bundled forms are filled in this process. A court's own form is filled in the
template worker (documents.isolation) under a time and size limit, because its
Jinja code — the template and the manifest's [map] expressions — is not ours.
"""

from __future__ import annotations

import io
import zipfile

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from courtscreen.documents.isolation import TemplateTimeout, call
from courtscreen.documents.manifest import Manifest
from courtscreen.documents.questions import AnswerError, parse_answers

__all__ = ["AnswerError", "answers_for", "context_for", "fill_form", "snapshot", "template_context"]
from courtscreen.documents.render import RenderError, filter_hint, make_env, render_docx


def template_context(manifest: Manifest, context: dict, answers: dict | None = None) -> dict:
    """The dict the template sees: `context`, each answer by name, then each [map] name in order."""
    answers = dict(answers or {})
    out = {**context, "answers": answers, **answers}
    if not manifest.mapping:
        return out
    env = make_env()
    for name, expression in manifest.mapping:
        where = f"{manifest.template}: map.{name} = {expression!r}"
        try:
            out[name] = env.compile_expression(expression, undefined_to_none=False)(**out)
        except SecurityError as exc:
            raise RenderError(f"{where} tries to reach Python internals ({exc}); it was refused") from None
        except TemplateError as exc:
            raise RenderError(f"{where}: {exc.message or exc}{filter_hint(exc.message)}. 'courtscreen forms "
                              "fields' lists the fields a mapping can use.") from None
        except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:
            raise RenderError(f"{where}: {exc}") from None
    return out


def fill_in_process(template: bytes, manifest: Manifest, context: dict, answers: dict | None,
                    max_bytes: int = 0) -> bytes:
    data = render_docx(template, template_context(manifest, context, answers), manifest.template)
    if max_bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as z:  # the unpacked size: repeated text zips small
            size = sum(i.file_size for i in z.infolist())
        if size > max_bytes:
            raise RenderError(f"{manifest.template}: the filled document is {size / 1e6:.1f} MB unpacked, "
                              f"more than the {max_bytes / 1e6:.1f} MB a document may be (a loop repeating "
                              "far too often?); it was not saved")
    return data


def fill_form(form, context: dict, answers: dict | None = None, seconds: float | None = None) -> bytes:
    """The filled DOCX for a registry Form. RenderError (naming the template) on any failure."""
    from courtscreen.documents import isolation

    manifest = form.manifest
    if form.origin == "bundled":
        return fill_in_process(form.template, manifest, context, answers)
    context = {**context, "order": {**context["order"], "title": manifest.title}}
    try:
        status, value = call("fill", (form.template, manifest, context, answers, isolation.MAX_BYTES),
                             seconds or isolation.SECONDS)
    except TemplateTimeout as exc:
        raise RenderError(f"{manifest.template}: the template was stopped: {exc}. Check its loops with "
                          "'courtscreen forms check'.") from None
    if status != "ok":
        raise RenderError(value)
    return value


def answers_for(form, given: dict | None) -> dict:
    """The form's answers: given ones checked against its questions, defaults for the rest."""
    return parse_answers(form.manifest.questions, dict(given or {}))


def context_for(engine, form, record, context: dict, include_confidential: bool, answers: dict) -> dict:
    """A court form (or any form with mapped names or questions) gets the court-template names too."""
    manifest = form.manifest
    if form.origin == "bundled" and not manifest.mapping and not manifest.questions:
        return context
    from courtscreen.documents.court_context import extend_context
    from courtscreen.store.case_details import CaseDetails, case_details

    details = case_details(engine, record.case_id) if engine is not None else CaseDetails()
    return extend_context(context, record, details, include_confidential=include_confidential,
                          answers=answers)


def snapshot(context: dict, answers: dict, record=None, include_confidential: bool = False) -> dict:
    """What the document was filled with, to store beside it.

    A copy without confidential details stores exactly its context. For a copy that includes them,
    each protected value (addresses, confidential locations, dates of birth) is replaced by
    CONFIDENTIAL_MARK: the values stay in protected_detail, which only some roles may read, and never
    reach generated_document or the database's audit trail of it.
    """
    data = {"context": context, "answers": answers, "confidential_redacted": False}
    if not include_confidential:
        return data
    secrets = set()
    if record is not None:
        secrets |= {p.value for p in record.protected}
        secrets |= {i.location for i in record.incidents if i.location_confidential}
    for person in context.get("people", []):
        secrets |= {person.get(k, "") for k in ("dob", "dob_iso", "address")}
    for key in ("petitioner", "respondent", "victim", "protected_person"):
        person = context.get(key)
        if isinstance(person, dict):
            secrets |= {person.get(k, "") for k in ("dob", "dob_iso", "address")}
    secrets = sorted((s for s in secrets if s and len(s.strip()) > 2), key=len, reverse=True)
    return {"context": _redact(context, secrets), "answers": answers, "confidential_redacted": True}


CONFIDENTIAL_MARK = "[confidential]"


def _redact(value, secrets: list[str]):
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, CONFIDENTIAL_MARK)
        return value
    if isinstance(value, dict):
        return {k: _redact(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact(v, secrets) for v in value]
    return value
