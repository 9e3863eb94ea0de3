"""Findings of fact: incidents, the course-of-conduct rule and draft findings text.

Pure rules, no database: the store saves what `parse_incident` accepted, the
TUI and the CLI show what `course_of_conduct` and `draft_findings` return, and
the documents place the same text into orders. Findings that survive appeal are
specific (date, act, method, evidence, effect), and a course of conduct needs a
minimum number of acts (two under 18 U.S.C. 2266; three in some states, so the
number comes from configuration).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from courtscreen.domain.findings_elements import ELEMENTS, STATUSES, Decision
from courtscreen.domain.incident_dates import DateProblem, When, parse_when
from courtscreen.domain.screening import load_catalogue

METHODS = {
    "in_person": "in person", "phone": "by phone call", "text": "by text message",
    "email": "by email", "social_media": "on social media", "mail": "by mail, notes or gifts",
    "gps_tracker": "with a GPS tracker or location app",
    "spyware": "through spyware or access to the victim's devices or accounts",
    "third_party": "through a third party", "court_filing": "through a court filing",
    "other": "by another means",
}
REACTIONS = {
    "fear": "was afraid", "distress": "was in substantial emotional distress",
    "changed_routine": "changed daily routine", "moved": "moved home",
    "changed_number": "changed phone number or accounts", "missed_work": "missed work or school",
    "safety_measures": "took safety measures (locks, cameras, escort)",
}
EVIDENCE_KINDS = {
    "screenshot": "screenshots", "call_log": "call log", "police_report": "police report",
    "witness": "witness", "photo": "photographs or video", "document": "document or record",
    "device_report": "device or tracker report", "testimony": "testimony", "other": "other evidence",
}
SOURCES = {
    "petition": "the petition or affidavit", "testimony": "testimony at hearing",
    "police_report": "a police report", "probation_file": "the probation file",
    "screening": "the stalking screening", "other": "another source",
}
FINDINGS = {"proven": "found proven", "alleged": "alleged, not yet found",
            "disputed": "disputed"}  # screen labels: never printed in a document
# What a document says about an incident the court has not found proven (the user chooses per incident).
IF_NOT_PROVEN = {"omit": "left out of the document",
                 "no_finding": "The court makes no finding on the allegation that …",
                 "not_found": "The court does not find that …"}
THREAT = {"yes": "found", "no": "not found", "": "not yet decided"}
THREAT_TO = {"protected": "the protected person", "children": "the child or children",
             "both": "the protected person and the child or children"}


def party_names(parties) -> dict[str, str]:
    """role -> the first name the docket gives that role (petitioner, respondent, defendant, victim).

    Who did what to whom is NOT read from here: that is the case's roles
    (domain.case_roles); this only supplies the names for those roles.
    """
    out: dict[str, str] = {}
    for p in parties:
        if p.name and p.role not in out:
            out[p.role] = p.name
    return out


def area_labels() -> dict[str, str]:
    return {a.id: a.label for a in load_catalogue().areas}


@dataclass(frozen=True)
class Evidence:
    kind: str
    detail: str = ""  # "police report 26-0412", "screenshots of 14 texts"
    source: str = ""  # a SOURCES key

    def to_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "source": self.source}


@dataclass(frozen=True)
class Incident:
    """One act, as recorded. `number` and `id` are set by the store."""

    when: When
    description: str  # what the respondent did, in the recorder's words
    finding: str = "alleged"
    methods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    location: str = ""
    location_confidential: bool = False  # e.g. the victim's home or the children's school
    evidence: tuple[Evidence, ...] = ()
    reactions: tuple[str, ...] = ()
    reaction_text: str = ""  # the victim's reaction in words ("stopped taking the bus")
    behaviours: tuple[str, ...] = ()  # screening behaviour ids this incident is an instance of
    actor: str = ""  # whose act (petitioner/respondent) in a mutual case; "" = the case's conduct party
    series_count: int = 0  # a repeated behaviour: how many times (0: one act, or not counted)
    series_frequency: str = ""  # a repeated behaviour: "about 40 texts a day"
    acts_counted: int = 1  # how many acts the court counts this incident as (a series may be several)
    if_not_proven: str = "omit"  # an IF_NOT_PROVEN key: what the document says if not found proven
    number: int = 0
    id: int | None = None
    version: int = 0
    withdrawn: bool = False
    withdrawn_reason: str = ""

    def details(self) -> dict:
        """The JSON document the store keeps beside the date columns."""
        return {
            "description": self.description, "methods": list(self.methods), "areas": list(self.areas),
            "location": self.location, "location_confidential": self.location_confidential,
            "evidence": [e.to_dict() for e in self.evidence], "reactions": list(self.reactions),
            "reaction_text": self.reaction_text, "behaviours": list(self.behaviours),
            "actor": self.actor, "series_count": self.series_count, "series_frequency": self.series_frequency,
            "acts_counted": self.acts_counted, "if_not_proven": self.if_not_proven,
        }

    def to_dict(self) -> dict:
        """Everything a user can edit, flat: what the audit log diffs and the CLI reads."""
        return {"when": self.when.text, "finding": self.finding, **self.details()}

    @property
    def counts(self) -> bool:
        return not self.withdrawn and self.finding == "proven"

    @property
    def is_series(self) -> bool:
        """A repeated behaviour over a period, recorded as one incident."""
        return self.series_count >= 2 or bool(self.series_frequency)


class IncidentError(ValueError):
    """What is wrong with an incident, one problem per entry, each naming the field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_incident(data: dict, today: date) -> Incident:
    """Check a user's incident (from the form, JSON or a spreadsheet row) and build it.

    Raises IncidentError listing every problem, each starting with the field name,
    so a clerk fixes them all in one go.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise IncidentError(["incident: expected an object with fields such as when, description"])
    known = {"when", "finding", "description", "methods", "areas", "location", "location_confidential",
             "evidence", "reactions", "reaction_text", "behaviours", "actor", "series_count",
             "series_frequency", "acts_counted", "if_not_proven"}
    for key in data:
        if key not in known:
            problems.append(f"{key}: not an incident field (known: {', '.join(sorted(known))})")
    when = None
    try:
        when = parse_when(str(data.get("when", "") or ""), today)
    except DateProblem as exc:
        problems.append(f"when: {exc}")
    description = str(data.get("description", "") or "").strip()
    if not description:
        problems.append("description: say what the respondent did (e.g. 'sent 14 texts in one night')")
    finding = str(data.get("finding", "alleged") or "alleged").strip().lower()
    if finding not in FINDINGS:
        problems.append(f"finding: {finding!r} is not one of {', '.join(FINDINGS)}")
    methods = _choices(problems, "methods", data.get("methods", []), METHODS)
    areas = _choices(problems, "areas", data.get("areas", []), area_labels())
    reactions = _choices(problems, "reactions", data.get("reactions", []), REACTIONS)
    behaviour_ids = {b.id for a in load_catalogue().areas for b in a.behaviours}
    behaviours = _choices(problems, "behaviours", data.get("behaviours", []), behaviour_ids)
    evidence = []
    raw_evidence = data.get("evidence", [])
    if not isinstance(raw_evidence, list):
        problems.append("evidence: expected a list of {kind, detail, source}")
        raw_evidence = []
    for i, item in enumerate(raw_evidence, 1):
        if isinstance(item, str):
            item = {"kind": "other", "detail": item}
        if not isinstance(item, dict):
            problems.append(f"evidence[{i}]: expected {{kind, detail, source}}")
            continue
        kind = str(item.get("kind", "other") or "other")
        source = str(item.get("source", "") or "")
        if kind not in EVIDENCE_KINDS:
            problems.append(f"evidence[{i}].kind: {kind!r} is not one of {', '.join(EVIDENCE_KINDS)}")
        if source and source not in SOURCES:
            problems.append(f"evidence[{i}].source: {source!r} is not one of {', '.join(SOURCES)}")
        evidence.append(Evidence(kind, str(item.get("detail", "") or "").strip(), source))
    confidential = data.get("location_confidential", False)
    if not isinstance(confidential, bool):
        problems.append("location_confidential: expected true or false")
    actor = str(data.get("actor", "") or "").strip().lower()
    if actor not in ("", "petitioner", "respondent", "defendant"):
        problems.append(f"actor: {actor!r} is not petitioner, respondent or defendant (whose act this is)")
    count = _whole(problems, "series_count", data.get("series_count", 0), 0)
    frequency = " ".join(str(data.get("series_frequency", "") or "").split())
    counted = _whole(problems, "acts_counted", data.get("acts_counted", 1) or 1, 1)
    series = count >= 2 or bool(frequency)
    if count == 1:
        problems.append("series_count: a series is 2 or more acts; leave it empty for a single act")
    if series and when is not None and when.exact:
        problems.append("when: a series needs the period it ran over (e.g. '2026-08-12 to 2026-11-14')")
    if counted > 1 and not series:
        problems.append("acts_counted: only a series (series_count or series_frequency) counts as more "
                        "than one act")
    if count >= 2 and counted > count:
        problems.append(f"acts_counted: {counted} is more than the {count} times recorded in series_count")
    if_not = str(data.get("if_not_proven", "omit") or "omit").strip().lower()
    if if_not not in IF_NOT_PROVEN:
        problems.append(f"if_not_proven: {if_not!r} is not one of {', '.join(IF_NOT_PROVEN)}")
    if problems:
        raise IncidentError(problems)
    return Incident(
        when=when, description=description, finding=finding, methods=methods, areas=areas,
        location=str(data.get("location", "") or "").strip(), location_confidential=confidential,
        evidence=tuple(evidence), reactions=reactions,
        reaction_text=str(data.get("reaction_text", "") or "").strip(), behaviours=behaviours,
        actor=actor, series_count=count, series_frequency=frequency, acts_counted=counted,
        if_not_proven=if_not,
    )


def _whole(problems: list[str], name: str, value, least: int) -> int:
    """A whole number from a form, JSON or a spreadsheet cell ('', 40, '40', 40.0)."""
    if value in ("", None):
        return least if least else 0
    try:
        number = float(str(value).strip())
    except ValueError:
        problems.append(f"{name}: {value!r} is not a whole number")
        return least
    if number != int(number) or number < 0:
        problems.append(f"{name}: {value!r} is not a whole number")
        return least
    return int(number)


def _choices(problems: list[str], name: str, values, allowed) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [v.strip() for v in values.replace(";", ",").split(",") if v.strip()]
    if not isinstance(values, list | tuple):
        problems.append(f"{name}: expected a list")
        return ()
    bad = [v for v in values if v not in allowed]
    if bad:
        problems.append(f"{name}: {', '.join(map(repr, bad))} not known (choose from "
                        f"{', '.join(sorted(allowed))})")
    return tuple(dict.fromkeys(v for v in values if v in allowed))


def incident_from_record(*, id: int, number: int, date_start, date_end, date_text: str, finding: str,
                         details: dict, withdrawn: bool, withdrawn_reason: str, version: int) -> Incident:
    """Rebuild a stored incident (the store has validated it on the way in)."""
    return Incident(
        when=When(date_start, date_end, date_text), description=details.get("description", ""),
        finding=finding, methods=tuple(details.get("methods", ())), areas=tuple(details.get("areas", ())),
        location=details.get("location", ""),
        location_confidential=bool(details.get("location_confidential", False)),
        evidence=tuple(Evidence(e.get("kind", "other"), e.get("detail", ""), e.get("source", ""))
                       for e in details.get("evidence", ())),
        reactions=tuple(details.get("reactions", ())), reaction_text=details.get("reaction_text", ""),
        behaviours=tuple(details.get("behaviours", ())), actor=details.get("actor", ""),
        series_count=int(details.get("series_count", 0) or 0),
        series_frequency=details.get("series_frequency", ""),
        acts_counted=int(details.get("acts_counted", 1) or 1),
        if_not_proven=details.get("if_not_proven", "omit") or "omit", number=number, id=id, version=version,
        withdrawn=withdrawn, withdrawn_reason=withdrawn_reason,
    )


# ----- the case-level conclusion ------------------------------------------------------------

@dataclass(frozen=True)
class Conclusion:
    """What the court decides about the conduct as a whole (kept per case; per party when mutual).

    `elements` holds the court's decision on each element of a course of
    conduct (findings_elements.ELEMENTS), found / not found / not decided, in
    its own words. `directed_at` and `fear_or_distress` are the words of the
    directed and fear elements, kept under their old names for older records.
    """

    directed_at: str = ""  # the specific person: "the petitioner, Jane Roe"
    credible_threat: str = ""  # yes / no / "" (not decided)
    credible_threat_basis: str = ""
    fear_or_distress: str = ""  # the court's words on the effect
    version: int = 0
    elements: dict = field(default_factory=dict)  # element key -> Decision
    threat_to: str = "protected"  # a THREAT_TO key: whose physical safety the credible threat concerns

    def to_dict(self) -> dict:
        return {"directed_at": self.directed_at, "credible_threat": self.credible_threat,
                "credible_threat_basis": self.credible_threat_basis,
                "fear_or_distress": self.fear_or_distress, "threat_to": self.threat_to,
                "elements": {k: self.elements[k].to_dict() for k in ELEMENTS if k in self.elements}}


def conclusion_from_dict(data: dict, version: int = 0) -> Conclusion:
    """A stored conclusion. Records from before element decisions keep their meaning: a person the
    court named as the target is the directed element found in those words; the court's words on
    fear stay as words, the element itself not decided."""
    elements = {k: Decision(str(v.get("status", "")), str(v.get("words", "")))
                for k, v in (data.get("elements") or {}).items() if k in ELEMENTS and isinstance(v, dict)}
    if "elements" not in data:
        if str(data.get("directed_at", "")).strip():
            elements["directed"] = Decision("found", data["directed_at"].strip())
        if str(data.get("fear_or_distress", "")).strip():
            elements["fear_caused"] = Decision("", data["fear_or_distress"].strip())
    return Conclusion(str(data.get("directed_at", "")), str(data.get("credible_threat", "")),
                      str(data.get("credible_threat_basis", "")), str(data.get("fear_or_distress", "")),
                      version, elements, str(data.get("threat_to", "protected") or "protected"))


def parse_conclusion(data: dict, words_required: tuple[str, ...] = ()) -> Conclusion:
    """Check the court's conclusions; `words_required` are the elements the profile wants worded."""
    problems = []
    known = {"directed_at", "credible_threat", "credible_threat_basis", "fear_or_distress", "elements",
             "threat_to"}
    problems += [f"{k}: not a conclusion field (known: {', '.join(sorted(known))})"
                 for k in data if k not in known]
    threat = str(data.get("credible_threat", "") or "").strip().lower()
    if threat not in THREAT:
        problems.append(f"credible_threat: {threat!r} is not yes, no or empty (not decided)")
    if threat == "yes" and not str(data.get("credible_threat_basis", "") or "").strip():
        problems.append("credible_threat_basis: say what the credible-threat finding rests on")
    threat_to = str(data.get("threat_to", "protected") or "protected").strip().lower()
    if threat_to not in THREAT_TO:
        problems.append(f"threat_to: {threat_to!r} is not one of {', '.join(THREAT_TO)}")
    elements = {}
    raw = data.get("elements") or {}
    if not isinstance(raw, dict):
        problems.append("elements: expected {element: {status, words}}")
        raw = {}
    for key, value in raw.items():
        if key not in ELEMENTS:
            problems.append(f"elements.{key}: not an element (elements: {', '.join(ELEMENTS)})")
            continue
        if isinstance(value, Decision):
            value = value.to_dict()
        status = str(value.get("status", "") or "").strip().lower().replace(" ", "_")
        status = {"undecided": "", "not_decided": "", "yes": "found", "no": "not_found"}.get(status, status)
        words = " ".join(str(value.get("words", "") or "").split())
        if status not in STATUSES:
            problems.append(f"elements.{key}.status: {status!r} is not found, not_found or undecided")
            continue
        if status and key in words_required and not words:
            problems.append(f"elements.{key}.words: the jurisdiction profile requires the court's words for "
                            f"a decision on {ELEMENTS[key].lower()}")
        if status or words:
            elements[key] = Decision(status, words)
    if problems:
        raise IncidentError(problems)
    directed = elements.get("directed", Decision()).words or str(data.get("directed_at", "") or "").strip()
    fear = (elements.get("fear_caused", Decision()).words
            or str(data.get("fear_or_distress", "") or "").strip())
    return Conclusion(directed, threat, str(data.get("credible_threat_basis", "") or "").strip(), fear,
                      0, elements, threat_to)


def course_of_conduct(incidents, conclusion: Conclusion | None = None, acts_required: int = 2,
                      mental_state: str = "none", **kwargs):
    """See findings_elements.course_of_conduct (kept here for the callers that import it from findings)."""
    from courtscreen.domain.findings_elements import course_of_conduct as elements_of

    return elements_of(incidents, conclusion, acts_required, mental_state, **kwargs)


def draft_findings(incidents, conclusion: Conclusion | None = None, **kwargs):
    """See findings_text.draft_findings."""
    from courtscreen.domain.findings_text import draft_findings as draft

    return draft(incidents, conclusion, **kwargs)
