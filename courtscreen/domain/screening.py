"""Stalking screening: the catalogue, the answers, the steps and the result rule.

The screener is asked about behaviours in the four SLII areas, never "is this
stalking?". The result is an aid to the screener's judgement, in words, with
the reasons; it is never a danger score. Validated instruments (SHARP, Danger
Assessment, LAP) are named and their completion recorded, not reproduced.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus

ANSWERS = ("yes", "no", "unknown")
INCIDENT_COUNTS = {"none": "No incident described", "one": "One incident",
                   "two_or_more": "Two or more separate incidents", "unknown": "Not known yet"}
INFO_SOURCES = {"petition": "Petition or complaint", "police_report": "Police report",
                "hearing_testimony": "Hearing testimony", "probation_interview": "Probation interview",
                "file_review": "File review", "victim_interview": "Victim / advocate interview",
                "other": "Other"}
SCREENER_ROLES = {"clerk": "Clerk", "probation_officer": "Probation officer",
                  "judicial_staff": "Judicial staff", "advocate": "Advocate", "other": "Other"}


@dataclass(frozen=True)
class Behaviour:
    id: str
    label: str
    tech: bool = False


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    question: str
    help: str
    behaviours: tuple[Behaviour, ...]
    offender_question: str = ""  # for a probation officer's offender interview or file review

    def question_for(self, role: str, words: dict[str, str] | None = None) -> str:
        """The area's question in the case's roles; a probation officer gets the offender wording."""
        offender = role == "probation_officer" and self.offender_question
        text = self.offender_question if offender else self.question
        return worded(text, words, role)


def question_words(conduct_of: str = "respondent", protected: str = "the petitioner",
                   role: str = "") -> dict[str, str]:
    """{conduct} / {protected} for the questions: from the case's roles (domain.case_roles)."""
    if role == "probation_officer":
        return {"conduct": "the offender", "protected": "the victim"}
    return {"conduct": f"the {conduct_of}", "protected": protected}


def worded(text: str, words: dict[str, str] | None = None, role: str = "") -> str:
    """Fill {conduct} and {protected}; without roles, the defaults for a civil case."""
    words = words or question_words(role=role)
    out = text.replace("{conduct}", words["conduct"]).replace("{protected}", words["protected"])
    return out[:1].upper() + out[1:]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    applies_to: frozenset[CaseType]
    roles: frozenset[str]
    areas: tuple[str, ...]


@dataclass(frozen=True)
class RiskMarker:
    id: str
    label: str
    source: str
    lethality: bool = False  # associated with intimate-partner homicide: urge a validated assessment


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    by: str
    where: str


@dataclass(frozen=True)
class Catalogue:
    version: str
    framework_source: str
    areas: tuple[Area, ...]
    questions: tuple[Question, ...]
    risk_markers: tuple[RiskMarker, ...]
    instruments: tuple[Instrument, ...]

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def questions_for(self, case_type: CaseType, role: str) -> list[Question]:
        """The case-type questions this screener should be asked."""
        return [q for q in self.questions
                if case_type in q.applies_to and (not q.roles or role in q.roles)]


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    raw = tomllib.loads(resources.files("courtscreen.domain")
                        .joinpath("screening_catalogue.toml").read_text("utf-8"))
    areas = tuple(
        Area(a["id"], a["label"], a["question"], a.get("help", ""),
             tuple(Behaviour(b["id"], b["label"], bool(b.get("tech", False)))
                   for b in a.get("behaviour", [])), a.get("offender_question", ""))
        for a in raw["area"]
    )
    questions = tuple(
        Question(q["id"], q["text"], frozenset(CaseType(t) for t in q["applies_to"]),
                 frozenset(q.get("roles", [])), tuple(q.get("areas", [])))
        for q in raw.get("question", [])
    )
    markers = tuple(RiskMarker(m["id"], m["label"], m["source"], bool(m.get("lethality", False)))
                    for m in raw.get("risk_marker", []))
    instruments = tuple(Instrument(i["id"], i["name"], i["by"], i["where"])
                        for i in raw.get("instrument", []))
    return Catalogue(str(raw["version"]), raw.get("framework_source", ""), areas, questions,
                     markers, instruments)


@dataclass
class Answers:
    """What the screener recorded. Plain data: saved as JSON, diffed for the audit log."""

    info_sources: list[str] = field(default_factory=list)
    screener_role: str = ""
    areas: dict[str, str] = field(default_factory=dict)  # area id -> yes / no / unknown
    behaviours: dict[str, list[str]] = field(default_factory=dict)  # area id -> behaviour ids
    area_notes: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # question id -> yes / no / unknown
    incidents: str = "unknown"
    fear: str = "unknown"  # fear or substantial emotional distress described
    narrative: str = ""
    risk_markers: list[str] = field(default_factory=list)
    instruments: dict[str, str] = field(default_factory=dict)  # instrument id -> result as recorded

    def to_dict(self) -> dict:
        return {
            "info_sources": list(self.info_sources), "screener_role": self.screener_role,
            "areas": dict(self.areas), "behaviours": {k: list(v) for k, v in self.behaviours.items()},
            "area_notes": dict(self.area_notes), "questions": dict(self.questions),
            "incidents": self.incidents, "fear": self.fear, "narrative": self.narrative,
            "risk_markers": list(self.risk_markers), "instruments": dict(self.instruments),
        }

    @classmethod
    def from_dict(cls, data: dict, catalogue: Catalogue | None = None) -> Answers:
        """Build and validate; every problem names its field, e.g. 'areas.surveillance'."""
        catalogue = catalogue or load_catalogue()
        if not isinstance(data, dict):
            raise ValueError("the answers must be a JSON object")
        known = set(cls().to_dict())
        extra = sorted(set(data) - known)
        if extra:
            raise ValueError(f"unknown field(s) {', '.join(extra)}; fields are {', '.join(sorted(known))}")
        problems: list[str] = []
        a = cls(**{k: v for k, v in data.items() if k in known})
        for name in ("screener_role", "incidents", "fear", "narrative"):
            if not isinstance(getattr(a, name), str):
                problems.append(f"{name}: must be text")
                setattr(a, name, "" if name in ("screener_role", "narrative") else "unknown")
        _check_list(problems, "info_sources", a.info_sources, INFO_SOURCES)
        if a.screener_role and a.screener_role not in SCREENER_ROLES:
            problems.append(f"screener_role: {a.screener_role!r} is not one of {', '.join(SCREENER_ROLES)}")
        area_ids = {x.id for x in catalogue.areas}
        for key, value in _items(problems, "areas", a.areas):
            if key not in area_ids:
                problems.append(f"areas.{key}: not an SLII area ({', '.join(sorted(area_ids))})")
            elif not isinstance(value, str) or value not in ANSWERS:
                problems.append(f"areas.{key}: {value!r} is not yes, no or unknown")
        for key, ids in _items(problems, "behaviours", a.behaviours):
            if key not in area_ids:
                problems.append(f"behaviours.{key}: not an SLII area")
                continue
            _check_list(problems, f"behaviours.{key}", ids,
                        {b.id: b for b in catalogue.area(key).behaviours})
        question_ids = {q.id for q in catalogue.questions}
        for key, value in _items(problems, "questions", a.questions):
            if key not in question_ids:
                problems.append(f"questions.{key}: no such question in catalogue {catalogue.version}")
            elif not isinstance(value, str) or value not in ANSWERS:
                problems.append(f"questions.{key}: {value!r} is not yes, no or unknown")
        if a.incidents not in INCIDENT_COUNTS:
            problems.append(f"incidents: {a.incidents!r} is not one of {', '.join(INCIDENT_COUNTS)}")
        if a.fear not in ANSWERS:
            problems.append(f"fear: {a.fear!r} is not yes, no or unknown")
        _check_list(problems, "risk_markers", a.risk_markers, {m.id: m for m in catalogue.risk_markers})
        for key, value in _items(problems, "instruments", a.instruments):
            if key not in {i.id for i in catalogue.instruments}:
                problems.append(f"instruments.{key}: not a known instrument "
                                f"({', '.join(i.id for i in catalogue.instruments)})")
            elif not isinstance(value, str):
                problems.append(f"instruments.{key}: the result must be text")
        for key, value in _items(problems, "area_notes", a.area_notes):
            if key not in area_ids:
                problems.append(f"area_notes.{key}: not an SLII area")
            elif not isinstance(value, str):
                problems.append(f"area_notes.{key}: must be text")
        if problems:
            raise ValueError("; ".join(problems))
        return a


def _items(problems: list[str], name: str, value) -> list[tuple]:
    if not isinstance(value, dict):
        problems.append(f"{name}: must be an object of id -> value")
        return []
    return list(value.items())


def _check_list(problems: list[str], name: str, values, allowed) -> None:
    if not isinstance(values, list):
        problems.append(f"{name}: must be a list")
        return
    for v in values:
        if not isinstance(v, str) or v not in allowed:
            problems.append(f"{name}: {v!r} is not one of {', '.join(allowed)}")


# ----- the steps of the wizard --------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    id: str  # "about", an area id, "case_questions", "pattern", "risk", "result"
    title: str


def steps_for(case_type: CaseType, role: str, catalogue: Catalogue | None = None) -> list[Step]:
    catalogue = catalogue or load_catalogue()
    steps = [Step("about", "Where the information comes from")]
    steps += [Step(a.id, a.label) for a in catalogue.areas]
    if catalogue.questions_for(case_type, role):
        steps.append(Step("case_questions", f"{case_type.label}: questions for this kind of case"))
    steps += [Step("pattern", "Pattern and impact"), Step("risk", "Risk markers and instruments"),
              Step("result", "Result")]
    return steps


# ----- the result rule --------------------------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    status: ScreeningStatus
    reasons: tuple[str, ...]
    areas_yes: tuple[str, ...]
    behaviour_count: int
    risk_markers: tuple[RiskMarker, ...]

    @property
    def headline(self) -> str:
        return self.status.label

    @property
    def lethality(self) -> tuple[RiskMarker, ...]:
        """Markers associated with intimate-partner homicide: a validated assessment is urged."""
        return tuple(m for m in self.risk_markers if m.lethality)


LETHALITY_ADVICE = ("Markers associated with lethality are present ({markers}). Complete a validated "
                    "assessment (the Danger Assessment or the Lethality Assessment Program screen) with a "
                    "trained advocate today and plan for safety.")


def assess(answers: Answers, catalogue: Catalogue | None = None) -> Assessment:
    """Stalking indicated / possible (needs follow-up) / not indicated, and why.

    Indicated: two or more incidents, at least one SLII area answered yes, and
    fear or substantial emotional distress described. Not indicated: every
    area answered no and no behaviour recorded. Anything between needs
    follow-up, and the reasons say what is missing.
    """
    catalogue = catalogue or load_catalogue()
    labels = {a.id: a.label for a in catalogue.areas}
    ticked = {area: ids for area, ids in answers.behaviours.items() if ids}
    areas_yes = tuple(a.id for a in catalogue.areas
                      if answers.areas.get(a.id) == "yes" or a.id in ticked)
    behaviour_count = sum(len(ids) for ids in ticked.values())
    answered = [answers.areas.get(a.id, "unknown") for a in catalogue.areas]
    markers = tuple(m for m in catalogue.risk_markers if m.id in answers.risk_markers)
    reasons: list[str] = []
    if areas_yes:
        reasons.append("behaviour reported in " + ", ".join(labels[a] for a in areas_yes)
                       + (f" ({behaviour_count} specific behaviour(s) ticked)" if behaviour_count else ""))
    reasons.append({"two_or_more": "two or more separate incidents described",
                    "one": "only one incident described so far: a course of conduct needs two or more",
                    "none": "no incident described",
                    "unknown": "the number of incidents is not known yet"}[answers.incidents])
    reasons.append({"yes": "fear or substantial emotional distress described",
                    "no": "no fear or distress described",
                    "unknown": "whether the victim is afraid or distressed is not known yet"}[answers.fear])
    if areas_yes and answers.incidents == "two_or_more" and answers.fear == "yes":
        status = ScreeningStatus.INDICATED
    elif not areas_yes and all(v == "no" for v in answered) and answers.incidents != "two_or_more":
        status = ScreeningStatus.NOT_INDICATED
        reasons = ["every SLII area was answered no and no behaviour was recorded"]
    else:
        status = ScreeningStatus.POSSIBLE
        if not areas_yes and all(v == "unknown" for v in answered):
            reasons.insert(0, "no SLII area could be answered yet")
        elif not areas_yes and all(v == "no" for v in answered):
            reasons.insert(0, "every SLII area was answered no, yet two or more incidents are "
                              "described: check which behaviours the incidents involve")
        elif not areas_yes:
            reasons.insert(0, "no area answered yes, but some are still unknown")
    if markers:
        reasons.append(f"{len(markers)} risk marker(s) present: " + "; ".join(m.label for m in markers))
    lethal = [m.label.split(" (")[0].lower() for m in markers if m.lethality]
    if lethal:
        reasons.append(LETHALITY_ADVICE.format(markers="; ".join(lethal)))
    return Assessment(status, tuple(reasons), areas_yes, behaviour_count, markers)


def flatten(answers: dict, prefix: str = "") -> dict[str, str]:
    """{'areas': {'surveillance': 'yes'}} -> {'areas.surveillance': 'yes'}, for the audit log."""
    out: dict[str, str] = {}
    for key, value in answers.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        elif isinstance(value, list):
            out[path] = ", ".join(str(v) for v in value)
        else:
            out[path] = str(value)
    return out


def changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(field, old value, new value) for every field that differs."""
    a, b = flatten(old), flatten(new)
    keys = sorted(set(a) | set(b))
    return [(k, a.get(k, ""), b.get(k, "")) for k in keys if a.get(k, "") != b.get(k, "")]
