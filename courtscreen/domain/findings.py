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
            "disputed": "disputed"}
THREAT = {"yes": "found", "no": "not found", "": "not yet decided"}


def party_names(parties) -> dict:
    """respondent= / protected= for the draft text: the first names the docket gives those roles."""
    out = {}
    for p in parties:
        if p.role in ("respondent", "defendant") and "respondent" not in out:
            out["respondent"] = p.name
        if p.role in ("petitioner", "victim") and "protected" not in out:
            out["protected"] = p.name
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
        }

    def to_dict(self) -> dict:
        """Everything a user can edit, flat: what the audit log diffs and the CLI reads."""
        return {"when": self.when.text, "finding": self.finding, **self.details()}

    @property
    def counts(self) -> bool:
        return not self.withdrawn and self.finding == "proven"


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
             "evidence", "reactions", "reaction_text", "behaviours"}
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
    if problems:
        raise IncidentError(problems)
    return Incident(
        when=when, description=description, finding=finding, methods=methods, areas=areas,
        location=str(data.get("location", "") or "").strip(), location_confidential=confidential,
        evidence=tuple(evidence), reactions=reactions,
        reaction_text=str(data.get("reaction_text", "") or "").strip(), behaviours=behaviours,
    )


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
        behaviours=tuple(details.get("behaviours", ())), number=number, id=id, version=version,
        withdrawn=withdrawn, withdrawn_reason=withdrawn_reason,
    )


# ----- the case-level conclusion ------------------------------------------------------------

@dataclass(frozen=True)
class Conclusion:
    """What the court decides about the conduct as a whole (kept per case)."""

    directed_at: str = ""  # the specific person: "the petitioner, Jane Roe"
    credible_threat: str = ""  # yes / no / "" (not decided)
    credible_threat_basis: str = ""
    fear_or_distress: str = ""  # the court's words on the effect, if not clear from incidents
    version: int = 0

    def to_dict(self) -> dict:
        return {"directed_at": self.directed_at, "credible_threat": self.credible_threat,
                "credible_threat_basis": self.credible_threat_basis,
                "fear_or_distress": self.fear_or_distress}


def parse_conclusion(data: dict) -> Conclusion:
    problems = []
    known = {"directed_at", "credible_threat", "credible_threat_basis", "fear_or_distress"}
    problems += [f"{k}: not a conclusion field (known: {', '.join(sorted(known))})"
                 for k in data if k not in known]
    threat = str(data.get("credible_threat", "") or "").strip().lower()
    if threat not in THREAT:
        problems.append(f"credible_threat: {threat!r} is not yes, no or empty (not decided)")
    if threat == "yes" and not str(data.get("credible_threat_basis", "") or "").strip():
        problems.append("credible_threat_basis: say what the credible-threat finding rests on")
    if problems:
        raise IncidentError(problems)
    return Conclusion(*(str(data.get(k, "") or "").strip() for k in
                        ("directed_at", "credible_threat", "credible_threat_basis", "fear_or_distress")))


# ----- the course-of-conduct rule ---------------------------------------------------------------

@dataclass(frozen=True)
class Element:
    name: str
    met: bool | None  # None: the court has not decided (credible threat)
    detail: str
    to_do: str = ""  # what to ask or find when it is not met


@dataclass(frozen=True)
class CourseOfConduct:
    proven: int
    alleged: int
    disputed: int
    withdrawn: int
    first: date | None
    last: date | None
    areas: tuple[str, ...]
    methods: tuple[str, ...]
    elements: tuple[Element, ...]
    acts_required: int

    @property
    def established(self) -> bool:
        """The first three elements are met (credible threat is a separate finding)."""
        return all(e.met for e in self.elements[:3])

    @property
    def span_days(self) -> int | None:
        return (self.last - self.first).days if self.first and self.last else None

    @property
    def missing(self) -> list[str]:
        return [e.to_do for e in self.elements if not e.met and e.to_do]


def course_of_conduct(incidents, conclusion: Conclusion | None = None,
                      acts_required: int = 2) -> CourseOfConduct:
    """Whether the recorded findings cover the elements of a course of conduct, and what is missing.

    Only incidents found proven count as acts; alleged and disputed ones are
    reported so the user knows what still needs a finding.
    """
    conclusion = conclusion or Conclusion()
    live = [i for i in incidents if not i.withdrawn]
    proven = [i for i in live if i.finding == "proven"]
    alleged = sum(1 for i in live if i.finding == "alleged")
    disputed = sum(1 for i in live if i.finding == "disputed")
    starts = [i.when.start for i in proven if i.when.start]  # the span runs from start to start
    area_order = list(area_labels())
    areas = tuple(a for a in area_order if any(a in i.areas for i in proven))
    methods = tuple(m for m in METHODS if any(m in i.methods for i in proven))
    elements = []
    short = acts_required - len(proven)
    pending = alleged + disputed
    elements.append(Element(
        f"{acts_required} or more acts", len(proven) >= acts_required,
        f"{len(proven)} act(s) found proven" + (f"; {pending} more alleged or disputed" if pending else ""),
        "" if short <= 0 else (
            f"Make findings on the {pending} alleged or disputed incident(s), or ask whether other "
            f"acts occurred: {short} more proven act(s) needed." if pending else
            f"Ask about other acts (when, what, how): {short} more proven act(s) needed."),
    ))
    target = conclusion.directed_at.strip()
    elements.append(Element(
        "Directed at a specific person", bool(target),
        f"Directed at {target}" if target else "No person named",
        "" if target else "Name the person the conduct was directed at (usually the petitioner).",
    ))
    effect = [i for i in proven if i.reactions or i.reaction_text]
    has_effect = bool(effect) or bool(conclusion.fear_or_distress.strip())
    elements.append(Element(
        "Fear or substantial emotional distress", has_effect,
        (f"Described for {len(effect)} proven act(s)" if effect else "")
        + ("; " if effect and conclusion.fear_or_distress else "")
        + (conclusion.fear_or_distress.strip() if conclusion.fear_or_distress.strip() else ""),
        "" if has_effect else "Ask how the conduct affected the victim (fear, distress, changes made "
                              "to daily life) and record it on the incidents.",
    ))
    threat = conclusion.credible_threat
    elements.append(Element(
        "Credible threat to physical safety", None if threat == "" else threat == "yes",
        {"yes": f"Found: {conclusion.credible_threat_basis}", "no": "Not found",
         "": "Not yet decided"}[threat],
        "Decide whether the respondent is a credible threat to the physical safety of the "
        "petitioner or a child (this finding matters for 18 U.S.C. 922(g)(8))." if threat == "" else "",
    ))
    return CourseOfConduct(
        proven=len(proven), alleged=alleged, disputed=disputed,
        withdrawn=sum(1 for i in incidents if i.withdrawn),
        first=min(starts) if starts else None, last=max(starts) if starts else None,
        areas=areas, methods=methods, elements=tuple(elements), acts_required=acts_required,
    )


# ----- draft findings text -------------------------------------------------------------------

WITHHELD = "[a confidential location, withheld]"


@dataclass(frozen=True)
class DraftFindings:
    """Paragraphs ready for a template: each incident found, then the conclusions."""

    incidents: tuple[str, ...]  # one paragraph per proven incident, in date order
    not_found: tuple[str, ...]  # alleged / disputed ones, listed so nothing is silently dropped
    conclusions: tuple[str, ...]
    summary: str  # one sentence: "3 acts between 2 March and 14 April 2026 …"
    by_incident: dict[int, str] = field(default_factory=dict)  # incident number -> paragraph


def draft_findings(incidents, conclusion: Conclusion | None = None, *, acts_required: int = 2,
                   respondent: str = "the respondent", protected: str = "the petitioner",
                   include_confidential: bool = False) -> DraftFindings:
    conclusion = conclusion or Conclusion()
    coc = course_of_conduct(incidents, conclusion, acts_required)
    live = sorted((i for i in incidents if not i.withdrawn), key=_order)
    labels = area_labels()
    found, others, by_number = [], [], {}
    for inc in live:
        text = _incident_sentence(inc, respondent, protected, labels, include_confidential)
        if inc.finding == "proven":
            found.append(text)
            by_number[inc.number] = text
        else:
            others.append(f"Incident {inc.number} ({FINDINGS[inc.finding]}): {text}")
    conclusions = []
    if coc.proven:
        span = _span(coc.first, coc.last)
        areas = _join([labels[a].lower() for a in coc.areas]) or "no SLII area recorded"
        conclusions.append(
            f"The court finds {coc.proven} act{'s' if coc.proven != 1 else ''} by {respondent}"
            + (f" {span}" if span else "") + f", involving {areas}.")
    threat = coc.elements[3]
    if coc.established:
        conclusions.append(
            f"These acts form a course of conduct directed at {conclusion.directed_at}: "
            f"{coc.proven} acts evidencing a continuity of purpose that would cause a reasonable "
            "person to fear for their safety or to suffer substantial emotional distress, and "
            f"did cause {protected} such fear or distress.")
    else:
        conclusions.append("The findings do not yet establish a course of conduct: "
                           + " ".join(coc.missing[:3]))
    if threat.met is True:
        conclusions.append(f"The court finds that {respondent} represents a credible threat to the "
                           f"physical safety of {protected}: {conclusion.credible_threat_basis}.")
    elif threat.met is False:
        conclusions.append(f"The court does not find that {respondent} represents a credible threat "
                           f"to the physical safety of {protected}.")
    span = _span(coc.first, coc.last)
    summary = (f"{coc.proven} proven act(s)" + (f" {span}" if span else "")
               + f"; {coc.alleged} alleged, {coc.disputed} disputed, {coc.withdrawn} withdrawn.")
    return DraftFindings(tuple(found), tuple(others), tuple(conclusions), summary, by_number)


def _order(inc: Incident):
    return (inc.when.start or date.max, inc.number)


def _incident_sentence(inc: Incident, respondent: str, protected: str, labels: dict,
                       include_confidential: bool) -> str:
    when = inc.when.phrase()
    how = _join([METHODS[m] for m in inc.methods])
    where = ""
    if inc.location:
        where = WITHHELD if inc.location_confidential and not include_confidential else inc.location
        where = f" at {where}"
    desc = inc.description.rstrip(".")
    text = f"{when[0].upper()}{when[1:]}, {respondent} {desc}" if _reads_as_act(desc) else (
        f"{when[0].upper()}{when[1:]}: {desc}")
    text += (f" ({how})" if how else "") + where + "."
    if inc.areas:
        text += f" ({_join([labels.get(a, a) for a in inc.areas])}.)"
    if inc.evidence:
        parts = []
        for ev in inc.evidence:
            p = EVIDENCE_KINDS.get(ev.kind, ev.kind)
            if ev.detail:
                p += f": {ev.detail}"
            if ev.source:
                p += f" (from {SOURCES.get(ev.source, ev.source)})"
            parts.append(p)
        text += " Evidence: " + "; ".join(parts) + "."
    reaction = [REACTIONS[r] for r in inc.reactions]
    said = inc.reaction_text.rstrip(".")
    if reaction:
        text += f" As a result {protected} {_join(reaction)}" + (f"; {said}" if said else "") + "."
    elif said:
        text += f" Effect on {protected}: {said}."
    return text


def _reads_as_act(desc: str) -> bool:
    """'sent 14 texts' reads after 'the respondent'; 'Respondent sent…' or 'A tracker was…' do not."""
    first = desc.split(" ", 1)[0]
    return bool(first) and first[0].islower()


def _span(first: date | None, last: date | None) -> str:
    if not first:
        return ""
    if not last or last == first:
        return f"on {first:%-d %B %Y}"
    return f"between {first:%-d %B %Y} and {last:%-d %B %Y}"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

