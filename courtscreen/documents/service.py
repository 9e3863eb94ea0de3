"""Generate documents: fill a form for a case, save it, record it, never overwrite.

Every document is recorded in `generated_document` (form, template hash, case,
user, time, output hash, the provisions with their parameters and support,
whether confidential details were included) and in the audit log. Regenerating
makes version n+1 in a new file; output names sort by case, then date:
    <case number>_<YYYY-MM-DD>_<form id>_v<n>.docx
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.advice import Advice, AdvisedError
from courtscreen.config import Settings
from courtscreen.documents import court_fill
from courtscreen.documents import provisions as order_provisions
from courtscreen.documents.case_record import CaseNotFound, load_case_record
from courtscreen.documents.context import CaseRecord, Choice, Provision, build_context
from courtscreen.documents.pdf import PdfUnavailable, to_pdf
from courtscreen.documents.registry import Form
from courtscreen.documents.render import RenderError, docx_text
from courtscreen.documents.withholding import protected_for, withhold
from courtscreen.domain.clauses import ClauseError, load_clauses
from courtscreen.domain.protected_values import Withheld, summarise
from courtscreen.store.audit import write_audit
from courtscreen.store.document_status import record_pdf
from courtscreen.store.models import GeneratedDocument, utc_now
from courtscreen.store.protected_values import ProtectedValuesUnreadable

documents_t = GeneratedDocument.__table__


class GenerationError(AdvisedError):
    """This document could not be made; nothing was recorded. The message says why and what to do.

    `usage` is true when the request itself was wrong (a provision or parameter the form does not have).
    """

    def __init__(self, message: str, usage: bool = False, advice: Advice | None = None):
        super().__init__(message, advice, usage=usage)


@dataclass(frozen=True)
class Generated:
    id: int
    case_id: int
    case_number: str
    form_id: str
    version: int
    path: Path
    sha256: str
    confidential_included: bool
    pdf: Path | None = None
    pdf_note: str = ""
    withheld: tuple[Withheld, ...] = ()  # where protected values were replaced by [confidential]

    @property
    def withheld_note(self) -> str:
        return summarise(self.withheld)


@dataclass(frozen=True)
class Draft:
    """A filled document not yet saved: what the preview shows and generate() writes."""

    form: Form
    record: CaseRecord
    provisions: tuple[Provision, ...]
    include_confidential: bool
    version: int
    data: bytes
    answers: dict = field(default_factory=dict)  # the clerk's answers to the form's questions (issue 18)
    snapshot: dict = field(default_factory=dict)  # the data the document was filled with (issue 18)
    withheld: tuple[Withheld, ...] = ()  # where protected values were replaced by [confidential]
    pretrial: bool = False

    def text(self) -> str:
        return docx_text(self.data)

    @property
    def withheld_note(self) -> str:
        """'2 confidential values withheld as [confidential]: courtroom, finding on incident 1'."""
        return summarise(self.withheld)


def output_name(case_number: str, day: date, form_id: str, version: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", case_number).strip("-.") or "case"
    return f"{safe}_{day:%Y-%m-%d}_{form_id}_v{version}.docx"


def next_version(engine: Engine, case_id: int, form_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.coalesce(sa.func.max(documents_t.c.version), 0) + 1).where(
            documents_t.c.case_id == case_id, documents_t.c.form_id == form_id)).scalar_one()


def draft(engine: Engine, settings: Settings, form: Form, case_id: int, choices: list[Choice] | None = None,
          include_confidential: bool = False, today: date | None = None,
          record: CaseRecord | None = None, version: int | None = None, answers: dict | None = None,
          pretrial: bool = False) -> Draft:
    """Fill the form for the case in memory. choices None: the provisions the findings support.

    pretrial: supervision conditions of pretrial release (no sentence-only conditions such as a
    search; the release statute cited), not of a sentence.
    """
    try:
        record = record or load_case_record(engine, case_id)
        provisions = order_provisions.choose(form.manifest, record, choices, include_confidential,
                                             settings.jurisdiction, pretrial)
    except CaseNotFound as exc:
        raise GenerationError(str(exc)) from None
    except ClauseError as exc:
        raise GenerationError(str(exc), usage=True) from None
    standing_only = choices is None and all(p.clause.rule.always for p in provisions)
    offers = bool(load_clauses().for_form(form.id))  # a court form may offer none (issue 18)
    if form.manifest.kind != "findings" and offers and (not provisions or standing_only):
        raise GenerationError(
            f"{record.case_number}: no provision of {form.id} is supported by the findings recorded for this "
            "case; record findings first, or choose provisions yourself" if choices is None else
            f"{record.case_number}: no provision chosen for {form.id}; choose at least one")
    version = version or next_version(engine, case_id, form.id)
    context = build_context(form.manifest, record, provisions, settings.jurisdiction,
                            include_confidential=include_confidential, user=settings.user, today=today,
                            version=version, pretrial=pretrial)
    try:
        values = None if include_confidential else protected_for(engine, record)
    except ProtectedValuesUnreadable as exc:
        raise GenerationError(f"{record.case_number}: {exc}") from None
    withheld: tuple[Withheld, ...] = ()
    try:  # a court form's questions, mapped names and isolated fill: documents.court_fill (issue 18)
        given = court_fill.answers_for(form, answers)
        context = court_fill.context_for(engine, form, record, context, include_confidential, given)
        # Every text the template can print (court-form answers included) is checked against every
        # protected value on file (this case and linked ones), whatever field it came from.
        filled_answers = given
        if values:
            manifest = form.manifest
            report = manifest.fields if manifest.declared_fields and not manifest.mapping else None
            context, withheld = withhold(context, values, report)
            filled_answers, hits = values.scrub_tree(given)  # the form's answers reach the template too
            if hits:
                withheld += (Withheld("the form's answers", sum(n for _, n in hits)),)
        data = court_fill.fill_form(form, context, filled_answers)
    except court_fill.AnswerError as exc:
        raise GenerationError(f"{record.case_number}: {form.id}: {exc.fact}", usage=True,
                              advice=exc.advice) from None
    except RenderError as exc:
        raise GenerationError(str(exc)) from None
    if values and values.count(docx_text(data)) > values.count(docx_text(form.template)):
        # A value got into the filled document past the check (a field filled after it, or the
        # template's own text): never write such a document. Words the template itself prints
        # ("the children's school") are counted out, so a one-word value does not block every form.
        raise GenerationError(f"{record.case_number}: a confidential value of this case would appear in "
                              f"{form.id} outside the fields courtscreen checks; nothing was written. "
                              "Check the template's own text and fields (courtscreen forms check).")
    return Draft(form, record, tuple(provisions), include_confidential, version, data, given,
                 court_fill.snapshot(context, filled_answers, record, include_confidential), withheld,
                 pretrial)


RETRIES = 50  # tries to take a version number while others generate the same form for the case


def save(engine: Engine, settings: Settings, d: Draft, out_dir: Path | None = None, pdf: bool = False,
         today: date | None = None) -> Generated:
    """Write the draft to a new file and record it; a version taken meanwhile makes the next one."""
    folder = Path(out_dir or settings.documents_dir).absolute()  # recorded paths are absolute (issue 18)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GenerationError(f"{folder}: cannot create the output folder ({exc.strerror})",
                              advice=Advice(cli="choose another with --out or [jurisdiction] "
                                                "output_dir in the config file",
                                            app="ask whoever set courtscreen up to change "
                                                "[jurisdiction] output_dir in the config file")) from None
    day = today or date.today()
    # Each failed try means another user's document took the number, so every round someone
    # succeeds: the bound is only a guard against a database that refuses for another reason.
    for _ in range(RETRIES):
        try:
            return _record(engine, settings, d, folder, day, pdf)
        except sa.exc.IntegrityError:  # someone generated the same form for this case meanwhile
            d = draft(engine, settings, d.form, d.record.case_id,
                      [Choice(p.clause.id, p.params) for p in d.provisions], d.include_confidential, today,
                      record=d.record, answers=d.answers, pretrial=d.pretrial)
    raise GenerationError(f"{d.record.case_number}: could not take a version number for {d.form.id}; try "
                          f"again")


def _record(engine, settings, d: Draft, folder: Path, day: date, pdf: bool) -> Generated:
    now = utc_now()
    sha = hashlib.sha256(d.data).hexdigest()
    scrub = protected_for(engine, d.record) if not d.include_confidential else None
    provisions = [{"id": p.clause.id, "params": p.params, "incidents": list(p.support.incident_numbers),
                   "support": scrub(p.support.describe()) if scrub else p.support.describe()}
                  for p in d.provisions]
    path = _new_file(folder, output_name(d.record.case_number, day, d.form.id, d.version))
    try:
        with engine.begin() as conn:
            doc_id = conn.execute(sa.insert(documents_t).returning(documents_t.c.id), {
                "case_id": d.record.case_id, "form_id": d.form.id, "version": d.version,
                "template_sha256": d.form.sha256, "output_path": str(path), "output_sha256": sha,
                "provisions_json": json.dumps({"catalogue": load_clauses().version, "provisions": provisions,
                                               "withheld": sum(w.count for w in d.withheld)},
                                              ensure_ascii=False),
                "confidential_included": d.include_confidential, "generated_at": now,
                "generated_by": settings.user,
                "snapshot_json": json.dumps(d.snapshot, ensure_ascii=False, default=str)}).scalar_one()
            write_audit(conn, now, settings.user, d.record.case_id, "document", doc_id, [
                ("generated", d.form.id, "", f"version {d.version}: {path.name}"
                 + (" (confidential details included)" if d.include_confidential else ""))])
            path.write_bytes(d.data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    pdf_path, note = None, ""
    if pdf:
        try:
            pdf_path = to_pdf(path)
            record_pdf(engine, doc_id, pdf_path)  # its path and hash, with the document (issue 18)
        except PdfUnavailable as exc:
            note = str(exc)
    return Generated(doc_id, d.record.case_id, d.record.case_number, d.form.id, d.version, path, sha,
                     d.include_confidential, pdf_path, note, d.withheld)


def _new_file(folder: Path, name: str) -> Path:
    """Claim a file name that does not exist yet (never overwrite); '-2', '-3' … if it does."""
    stem, suffix = name.rsplit(".", 1)
    for n in range(1, 100):
        path = folder / (name if n == 1 else f"{stem}-{n}.{suffix}")
        try:
            with path.open("xb"):
                return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise GenerationError(f"{path}: cannot be written ({exc.strerror})") from None
    raise GenerationError(f"{folder}: too many files named {name}")


def generate(engine: Engine, settings: Settings, form: Form, case_id: int,
             choices: list[Choice] | None = None,
             *, include_confidential: bool = False, out_dir: Path | None = None, pdf: bool = False,
             today: date | None = None, answers: dict | None = None, pretrial: bool = False) -> Generated:
    d = draft(engine, settings, form, case_id, choices, include_confidential, today, answers=answers,
              pretrial=pretrial)
    return save(engine, settings, d, out_dir, pdf, today)


# ----- many cases ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    case_id: int
    case_number: str
    document: Generated | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.document is not None


def generate_batch(engine: Engine, settings: Settings, form: Form, case_ids: list[int],
                   choices: list[Choice] | None = None, *, include_confidential: bool = False,
                   out_dir: Path | None = None, pdf: bool = False, today: date | None = None,
                   progress: Callable[[int, int, Outcome], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, answers: dict | None = None,
                   pretrial: bool = False) -> list[Outcome]:
    """One document per case; a failing case is reported and the batch goes on."""
    outcomes = []
    for n, case_id in enumerate(case_ids, 1):
        if cancelled and cancelled():
            break
        try:
            doc = generate(engine, settings, form, case_id, choices,
                           include_confidential=include_confidential,
                           out_dir=out_dir, pdf=pdf, today=today, answers=answers, pretrial=pretrial)
            outcome = Outcome(case_id, doc.case_number, doc)
        except GenerationError as exc:
            number = _number(engine, case_id)
            outcome = Outcome(case_id, number, error=str(exc).removeprefix(f"{number}: "))
        outcomes.append(outcome)
        if progress:
            progress(n, len(case_ids), outcome)
    return outcomes


def _number(engine: Engine, case_id: int) -> str:
    from courtscreen.store.models import CourtCase

    t = CourtCase.__table__
    with engine.connect() as conn:
        return conn.execute(sa.select(t.c.case_number).where(t.c.id == case_id)).scalar() or f"case {case_id}"


def documents_for(engine: Engine, case_id: int) -> list[dict]:
    """The documents generated for a case, newest first (for the case view and the CLI)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(documents_t).where(documents_t.c.case_id == case_id)
                            .order_by(documents_t.c.generated_at.desc(), documents_t.c.id.desc())).mappings()
        return [dict(r) for r in rows]


def matching_cases(engine: Engine, f, limit: int = 0) -> list[tuple[int, str]]:
    """(case id, case number) of every case a docket filter (store.worklist.WorklistFilter) matches."""
    from courtscreen.store import worklist

    out: list[tuple[int, str]] = []
    while True:
        rows = worklist.page(engine, f, offset=len(out), limit=500)
        out += [(r.case.id, r.case.case_number) for r in rows]
        if len(rows) < 500 or (limit and len(out) >= limit):
            return out[:limit] if limit else out
