"""The richer context court templates read, layered on documents.context.build_context.

build_context gives the bundled forms their pre-worded strings. A court's own
template (written for docassemble/AssemblyLine or a home-grown entry tool)
wants the parts: each party's name parts, role, date of birth and address,
the hearing time, the filing date, the docket's own columns, each incident's
fields, the findings' elements. `extend_context` adds them as new top-level
names (and a few keys of `case`), never changing what build_context made.

Confidential values (dates of birth, addresses, confidential incident
locations) are empty strings unless confidential details are included for this
one document, exactly like the protected addresses of build_context.
The reference of every name is documents.field_reference.FIELDS.
"""

from __future__ import annotations

from courtscreen.documents.context import CaseRecord
from courtscreen.documents.render import clean_text
from courtscreen.domain.findings import course_of_conduct
from courtscreen.domain.names import parse_person_name
from courtscreen.store.case_details import CaseDetails, PartyDetail

PROTECTED_ROLES = ("petitioner", "victim")
RESPONDENT_ROLES = ("respondent", "defendant")


def _t(value) -> str:
    return clean_text(str(value or "")).strip()


def _iso(d) -> str:
    return d.isoformat() if d else ""


def _long(d) -> str:
    return f"{d:%-d %B %Y}" if d else ""


def person(detail: PartyDetail | None, role: str, include_confidential: bool, address: str = "") -> dict:
    """A party as a template reads it; an absent party is all empty strings (a template can test it)."""
    if detail is None:
        detail = PartyDetail(role, "")
    first, middle, last, suffix = detail.first_name, detail.middle_name, detail.last_name, detail.suffix
    if detail.full_name and not (first or last) and not detail.is_organisation:
        parsed = parse_person_name(detail.full_name)
        if parsed is not None:
            first, middle, last, suffix = parsed.first, parsed.middle, parsed.last, parsed.suffix
    show = include_confidential
    return {"name": _t(detail.full_name), "first_name": _t(first), "middle_name": _t(middle),
            "last_name": _t(last), "suffix": _t(suffix), "role": detail.role,
            "is_organisation": bool(detail.is_organisation),
            "dob": _long(detail.dob) if show else "", "dob_iso": _iso(detail.dob) if show else "",
            "address": _t(address) if show else ""}


def _parties(record: CaseRecord, details: CaseDetails) -> list[PartyDetail]:
    if details.parties:
        return list(details.parties)
    out = []  # no store rows (a sample): the names the record gives
    for role, names in (("petitioner", record.petitioner), ("victim", record.victim),
                        ("respondent", record.respondent)):
        out += [PartyDetail(role, n.strip()) for n in names.split(";") if n.strip()]
    return out


SENSITIVE_WORDS = ("address", "addr", "street", "zip", "postal", "dob", "birth", "phone", "email", "e-mail",
                   "ssn", "social security", "shelter", "school", "employer", "workplace")


def sensitive_header(header: str) -> bool:
    """A docket column that may hold a protected detail: empty unless confidential details are included."""
    h = header.lower()
    return any(w in h for w in SENSITIVE_WORDS)


def _docket_value(details: CaseDetails, *words: str) -> str:
    for header, value in details.docket:
        h = header.lower()
        if all(w in h for w in words) and value.strip():
            return value
    return ""


def extend_context(context: dict, record: CaseRecord, details: CaseDetails, *,
                   include_confidential: bool, answers: dict | None = None) -> dict:
    """A new dict: `context` plus the court-template names (documents.field_reference.FIELDS)."""
    parties = _parties(record, details)
    home = next((p.value for p in record.protected if p.kind == "home"), "")

    def address(p: PartyDetail) -> str:
        if p.role in PROTECTED_ROLES and home:
            return home
        return _docket_value(details, p.role, "address")

    people = [person(p, p.role, include_confidential, address(p)) for p in parties]

    def first(*roles: str) -> dict:
        p = next((p for p in parties if p.role in roles), None)
        return person(p, roles[0], include_confidential, address(p) if p else "")

    protected_roles = ("victim", "petitioner") if record.criminal else ("petitioner", "victim")
    judge = _t(record.judge)
    title = "Magistrate" if judge.lower().startswith(("magistrate", "mag.")) else "Judge" if judge else ""
    case = {**context["case"], "filing_date": _long(details.filing_date),
            "filing_date_iso": _iso(details.filing_date), "hearing_date_iso": _iso(record.hearing_date),
            "hearing_time": f"{details.hearing_time:%-I:%M %p}" if details.hearing_time else "",
            "status": _t(details.status), "judicial_officer_title": title}
    docket = {h: "" if sensitive_header(h) and not include_confidential else _t(v) for h, v in details.docket}
    charges = _charges(details)
    coc = course_of_conduct(record.incidents, record.conclusion)
    incidents = []
    for inc in record.incidents:
        if inc.withdrawn:
            continue
        hidden = inc.location_confidential and not include_confidential
        incidents.append({
            "number": inc.number, "date": _long(inc.when.start), "date_iso": _iso(inc.when.start),
            "date_text": _t(inc.when.text), "description": _t(inc.description), "finding": inc.finding,
            "methods": list(inc.methods), "areas": list(inc.areas), "behaviours": list(inc.behaviours),
            "reactions": list(inc.reactions), "reaction_text": _t(inc.reaction_text),
            "location": "" if hidden else _t(inc.location),
            "evidence": [{"kind": e.kind, "detail": _t(e.detail)} for e in inc.evidence]})
    answers = dict(answers or {})
    return {
        **context, "case": case,
        "petitioner": first("petitioner"), "respondent": first(*RESPONDENT_ROLES),
        "victim": first("victim"), "protected_person": first(*protected_roles),
        "people": people, "attorneys": [p for p in people if "attorney" in p["role"]],
        "hearing": {"date": context["case"]["hearing_date"], "date_iso": _iso(record.hearing_date),
                    "time": case["hearing_time"], "courtroom": context["case"]["courtroom"]},
        "docket": docket, "docket_columns": [{"header": h, "value": v} for h, v in docket.items()],
        "charges": charges, "incidents": incidents,
        "elements": [{"name": e.name, "met": e.met, "detail": _t(e.detail)} for e in coc.elements],
        "conclusion": {"directed_at": _t(record.conclusion.directed_at),
                       "credible_threat": record.conclusion.credible_threat,
                       "credible_threat_basis": _t(record.conclusion.credible_threat_basis)},
        "generated": {**context["generated"], "date_iso": _iso(_today(context))},
        "answers": answers,
    }


def _charges(details: CaseDetails) -> list[dict]:
    """Every charge row the docket gave for the case (one row per charge), in file order; for a
    docket imported with its charges in columns ("Charge 1", "Offense"), those columns."""
    rows = [e for e in details.entries if e.kind == "charge" and e.text.strip()]
    if rows:
        return [{"number": n, "header": "charge", "description": _t(e.text), "statute": _t(e.code),
                 "severity": _t(e.severity), "disposition": _t(e.disposition),
                 "disposition_date": _long(e.disposition_date), "date": _long(e.entry_date)}
                for n, e in enumerate(rows, 1)]
    charged = [(h, v) for h, v in details.docket
               if ("charge" in h.lower() or "offense" in h.lower()) and v.strip()]
    return [{"number": n, "header": h, "description": _t(v), "statute": "", "severity": "",
             "disposition": "", "disposition_date": "", "date": ""} for n, (h, v) in enumerate(charged, 1)]


def _today(context: dict):
    from datetime import date, datetime

    text = context["generated"]["date"]
    try:
        return datetime.strptime(text, "%d %B %Y").date()
    except ValueError:
        return date.today()
