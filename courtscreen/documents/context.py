"""The view model a form is filled from: plain dicts of text, built from frozen records.

`CaseRecord` is everything documents read about a case, loaded once from the
store (documents.case_record) and never an ORM object. `build_context` turns it,
the chosen provisions and the jurisdiction profile into the dict the template
sees. Confidential details (the protected person's addresses, workplace,
school, shelter, confidential incident locations) enter the context only when
`include_confidential` is set for this one document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from courtscreen.config import Jurisdiction
from courtscreen.documents.manifest import Manifest
from courtscreen.documents.render import clean_text
from courtscreen.domain.case_roles import CaseRoles, default_roles
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.clauses import CaseFacts, Clause, Support
from courtscreen.domain.findings import Conclusion, Incident
from courtscreen.domain.incident_dates import format_date

WITHHELD_NOTICE = ("Confidential details of the protected person (addresses, workplace, school, shelter) "
                   "are withheld from this document and kept on file with the court.")
INCLUDED_NOTICE = ("CONFIDENTIAL: this copy includes protected addresses and locations at the request of "
                   "{by}. Do not serve it on the respondent or file it in the public record.")


@dataclass(frozen=True)
class ProtectedPlace:
    kind: str
    label: str
    value: str


@dataclass(frozen=True)
class CaseRecord:
    """One case as documents read it. Frozen plain data: safe to hand to a thread or a template."""

    case_id: int
    case_number: str
    court: str
    case_type: CaseType
    division: str = ""
    title: str = ""
    nature: str = ""
    hearing_date: date | None = None
    judge: str = ""
    courtroom: str = ""
    petitioner: str = ""
    respondent: str = ""
    victim: str = ""
    incidents: tuple[Incident, ...] = ()
    conclusion: Conclusion = field(default_factory=Conclusion)
    protected: tuple[ProtectedPlace, ...] = ()
    behaviours: frozenset[str] = frozenset()
    risk_markers: frozenset[str] = frozenset()
    # Who did what to whom (store.case_roles); None given = the defaults for a civil or criminal case.
    roles: CaseRoles = None  # type: ignore[assignment]
    cross_conclusion: Conclusion = field(default_factory=Conclusion)  # mutual: on the other party's conduct

    def __post_init__(self):
        if self.roles is None:
            object.__setattr__(self, "roles", default_roles(self.criminal))

    @property
    def criminal(self) -> bool:
        return self.case_type in (CaseType.DOMESTIC_VIOLENCE, CaseType.OTHER_CRIMINAL)

    def facts(self) -> CaseFacts:
        return CaseFacts(self.incidents, self.conclusion, self.behaviours, self.risk_markers,
                         frozenset(p.kind for p in self.protected))


@dataclass(frozen=True)
class Choice:
    """A provision the user chose, with the parameter values they gave (defaults otherwise)."""

    clause_id: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Provision:
    clause: Clause
    params: dict
    support: Support
    text: str


def choose(form: Manifest, record: CaseRecord, choices: list[Choice] | None,
           include_confidential: bool = False) -> list[Provision]:
    """The provisions for this document (documents.provisions words them with the case's roles)."""
    from courtscreen.documents.provisions import choose as choose_provisions

    return choose_provisions(form, record, choices, include_confidential)


def courtroom(value: str) -> str:
    """'2A' -> 'Courtroom 2A'; a docket that already says 'Courtroom 2A' or 'Dept. 4' is kept."""
    text = _t(value)
    words = ("courtroom", "court room", "room", "dept", "department", "hall", "chamber")
    return text if not text or text.lower().startswith(words) else f"Courtroom {text}"


def _t(value) -> str:
    return clean_text(str(value or "")).strip()


def _date(d: date | None, style: str = "us") -> str:
    return format_date(d, style) if d else ""


def build_context(form: Manifest, record: CaseRecord, provisions: list[Provision], jurisdiction: Jurisdiction,
                  *, include_confidential: bool = False, user: str = "", today: date | None = None,
                  version: int = 0, pretrial: bool = False) -> dict:
    """The dict the template sees: text, numbers, booleans and lists of dicts, nothing live."""
    today = today or date.today()
    criminal = record.criminal
    resp_label = "Defendant" if criminal else "Respondent"
    pet_label = "Plaintiff" if criminal else "Petitioner"
    from courtscreen.documents.findings_context import findings_context

    findings = findings_context(record, jurisdiction, include_confidential)
    style = jurisdiction.date_style
    withheld = bool(record.protected) or any(i.location_confidential and i.location for i in record.incidents)
    notice = (INCLUDED_NOTICE.format(by=_t(user) or "the court") if include_confidential
              else WITHHELD_NOTICE if withheld else "")
    order_title = jurisdiction.order_names.get(form.id, form.title)
    judge = _t(record.judge)
    context = {
        "court": {"name": _t(record.court or jurisdiction.court_name) or "In the Court",
                  "state": _t(jurisdiction.state), "county": _t(jurisdiction.county),
                  "division": _t(record.division)},
        "case": {"number": _t(record.case_number), "title": _t(record.title),
                 "type": record.case_type.label, "nature": _t(record.nature),
                 "hearing_date": _date(record.hearing_date, style), "judge": judge,
                 "courtroom": courtroom(record.courtroom)},
        "parties": {"petitioner": _t(record.petitioner) or "(petitioner not named on the docket)",
                    "respondent": _t(record.respondent) or "(respondent not named on the docket)",
                    "protected": findings["protected_named"].split(", ", 1)[-1] if ", " in
                    findings["protected_named"] else findings["protected_named"],
                    "petitioner_label": pet_label, "respondent_label": resp_label,
                    "protected_label": "Victim" if criminal or form.kind == "conditions" else
                    findings["sets"][0]["protected"].removeprefix("the ").capitalize(),
                    "conduct": findings["conduct"], "conduct_named": findings["conduct_named"],
                    "protected_named": findings["protected_named"]},
        "order": {"title": _t(order_title), "form_id": form.id,
                  "served_on_respondent": form.served_on_respondent},
        "provisions": [],  # each with its own basis: documents.provisions.complete_context
        "findings": findings,
        "confidential": {"included": include_confidential, "notice": notice},
        "citations": {k: _t(v) for k, v in jurisdiction.citations.items()},
        "signature": {"judge": judge or "", "title": _t(jurisdiction.signature_title),
                      "court": _t(record.court or jurisdiction.court_name)},
        "generated": {"date": _date(today, style), "by": _t(user), "version": version},
    }
    # Provisions with their own basis and the order's own terms (issue 22: documents.provisions).
    from courtscreen.documents.provisions import complete_context

    return complete_context(context, form, record, provisions, jurisdiction, pretrial)
