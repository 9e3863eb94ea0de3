"""The clause catalogue: order provisions and supervision conditions, and what supports each.

Pure data and rules (clauses.toml). A court's order is specific to the conduct
found: each provision names the findings it rests on, so a clerk sees at a
glance which provisions the record supports, which rest only on the screening
or on allegations, and which have no support at all.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from courtscreen.domain.case_roles import CaseRoles
from courtscreen.domain.findings import METHODS, Conclusion, Incident
from courtscreen.domain.screening import load_catalogue

PARAM_KINDS = ("text", "int")
# Kinds of confidential detail a clause may rest on (store.findings.PROTECTED_KINDS keys).
PROTECTED_KINDS = ("home", "workplace", "phone", "email", "school", "childcare", "shelter", "vehicle",
                   "other")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Words a clause may use for the case's people and places (documents.provisions fills them from the
# case's roles): {restrained} is the person whose conduct is at issue ({respondent} is the old name).
CASE_WORDS = ("restrained", "respondent", "protected", "places", "firearms_basis")
MAX_PARAM_LENGTH = 400


class ClauseError(ValueError):
    """The catalogue or a user's parameter is wrong; the message names the clause and field."""


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str = "text"
    default: str = ""
    prefix: str = ""  # put before a non-empty value (", namely …"), may use placeholders


@dataclass(frozen=True)
class Rule:
    """What a provision rests on.

    Its own triggers are the specific methods and screening behaviours it names
    (a proven incident with one of them pre-selects it). An SLII area is far too
    broad to be a trigger (motions filed and threats are both "interference"), so
    `areas` only marks incidents as related: shown, never a basis. `law` names a
    standing rule of law that may itself be the basis (see support_for).
    """

    areas: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    risk_markers: tuple[str, ...] = ()
    protected_kinds: tuple[str, ...] = ()  # places on file the provision refers to: context, not support
    conclusion: tuple[str, ...] = ()  # "credible_threat"
    law: tuple[str, ...] = ()  # LAW_BASES keys
    requires: tuple[str, ...] = ()  # REQUIREMENTS keys: not offered at all unless each holds
    stages: tuple[str, ...] = ()  # supervision: "sentence", "pretrial"; empty: either
    exception_of: str = ""  # an exception to that provision, for the judge to tick
    always: bool = False  # a standing provision (duration): offered and selected in every case

    def triggers(self, inc: Incident) -> bool:
        return bool(set(inc.methods) & set(self.methods) or set(inc.behaviours) & set(self.behaviours))

    def related(self, inc: Incident) -> bool:
        return bool(set(inc.areas) & set(self.areas))


LAW_BASES = ("federal_firearms_order", "conviction", "state_firearms_law")
REQUIREMENTS = {"intimate_partner": "offered only when the protected person is the conduct party's "
                                    "intimate partner (roles)"}
STAGES = ("sentence", "pretrial")


@dataclass(frozen=True)
class Clause:
    id: str
    forms: tuple[str, ...]
    heading: str
    text: str
    params: tuple[Param, ...]
    rule: Rule
    source: str = ""
    liberty: str = ""  # a liberty-heavy provision: why it is never pre-ticked (offered with its support)

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


@dataclass(frozen=True)
class ClauseCatalogue:
    version: str
    clauses: tuple[Clause, ...]

    def for_form(self, form_id: str) -> list[Clause]:
        """The form's clauses in catalogue order, standing ones (duration) last."""
        return sorted((c for c in self.clauses if form_id in c.forms), key=lambda c: c.rule.always)

    def get(self, clause_id: str) -> Clause:
        for c in self.clauses:
            if c.id == clause_id:
                return c
        raise ClauseError(f"{clause_id!r} is not a clause in the catalogue "
                          f"(known: {', '.join(c.id for c in self.clauses)})")


# A court's own clauses merged in (documents.court_clauses.install); None: the bundled catalogue only.
court_catalogue: ClauseCatalogue | None = None


def load_clauses() -> ClauseCatalogue:
    return court_catalogue or bundled_clauses()


@lru_cache(maxsize=1)
def bundled_clauses() -> ClauseCatalogue:
    text = resources.files("courtscreen.domain").joinpath("clauses.toml").read_text("utf-8")
    return parse_clauses(tomllib.loads(text), "clauses.toml")


def parse_clauses(raw: dict, where: str) -> ClauseCatalogue:
    """Build and check a catalogue; every problem names the clause and the field."""
    cat = load_catalogue()
    known = {
        "areas": {a.id for a in cat.areas}, "methods": set(METHODS),
        "behaviours": {b.id for a in cat.areas for b in a.behaviours},
        "risk_markers": {m.id for m in cat.risk_markers}, "protected_kinds": set(PROTECTED_KINDS),
        "conclusion": {"credible_threat"}, "law": set(LAW_BASES), "requires": set(REQUIREMENTS),
        "stages": set(STAGES),
    }
    problems, clauses, seen = [], [], set()
    for i, c in enumerate(raw.get("clause", []), 1):
        cid = c.get("id", f"#{i}")
        at = f"{where}: clause {cid}"
        if cid in seen:
            problems.append(f"{at}: id used twice")
        seen.add(cid)
        for key in ("forms", "heading", "text"):
            if not c.get(key):
                problems.append(f"{at}: {key} is missing")
        params = []
        for p in c.get("param", []):
            if p.get("kind", "text") not in PARAM_KINDS:
                problems.append(f"{at}: param {p.get('name')}: kind must be one of {', '.join(PARAM_KINDS)}")
            params.append(Param(p["name"], p.get("label", p["name"]), p.get("kind", "text"),
                                str(p.get("default", "")), p.get("prefix", "")))
        support = c.get("support", {})
        for key, ids in support.items():
            if key in ("always", "exception_of"):
                continue
            if key not in known:
                problems.append(f"{at}: support.{key} is not a kind of support ({', '.join(known)})")
                continue
            bad = sorted(set(ids) - known[key])
            if bad:
                problems.append(f"{at}: support.{key}: {', '.join(bad)} not known")
        names = {p.name for p in params} | set(CASE_WORDS)
        unknown = sorted(set(PLACEHOLDER.findall(c.get("text", ""))) - names)
        if unknown:
            problems.append(f"{at}: text uses {{{', '.join(unknown)}}}, which is neither a parameter "
                            f"nor one of {', '.join(CASE_WORDS)}")
        rule = Rule(**{k: tuple(v) for k, v in support.items() if k not in ("always", "exception_of")},
                    exception_of=str(support.get("exception_of", "")),
                    always=bool(support.get("always", False))) if not problems else Rule()
        clauses.append(Clause(cid, tuple(c.get("forms", ())), c.get("heading", ""), c.get("text", ""),
                              tuple(params), rule, c.get("source", ""), str(c.get("liberty", ""))))
    ids = {c.id for c in clauses}
    problems += [f"{where}: clause {c.id}: support.exception_of: {c.rule.exception_of} is not a clause"
                 for c in clauses if c.rule.exception_of and c.rule.exception_of not in ids]
    if problems:
        raise ClauseError("; ".join(problems))
    return ClauseCatalogue(str(raw.get("version", "")), tuple(clauses))


# ----- what supports a clause in one case ------------------------------------------------------

@dataclass(frozen=True)
class CaseFacts:
    """What the record of one case says, as the support rules read it."""

    incidents: tuple[Incident, ...] = ()
    conclusion: Conclusion = field(default_factory=Conclusion)
    behaviours: frozenset[str] = frozenset()  # ticked in the screening
    risk_markers: frozenset[str] = frozenset()  # recorded in the screening
    protected_kinds: frozenset[str] = frozenset()  # confidential details on file
    roles: CaseRoles = field(default_factory=CaseRoles)  # who did what to whom (default: civil roles)
    criminal: bool = False
    domestic_violence: bool = False  # a criminal domestic-violence case: its conviction is an MCDV
    pretrial: bool = False  # supervision: conditions of pretrial release, not of a sentence
    state_firearms_law: str = ""  # the jurisdiction profile's own firearms rule, if state law has one


@dataclass(frozen=True)
class LawBasis:
    """A standing rule of law a provision rests on; `sure` when the recorded facts meet it."""

    text: str
    sure: bool = True


@dataclass(frozen=True)
class Support:
    clause: Clause
    proven: tuple[Incident, ...] = ()  # incidents found proven that name one of the clause's triggers
    pending: tuple[Incident, ...] = ()  # alleged or disputed ones
    related: tuple[Incident, ...] = ()  # same SLII area only: shown, never a basis
    screening: tuple[str, ...] = ()  # "screening: GPS tracker …", "risk marker: Access to firearms"
    record: tuple[str, ...] = ()  # "credible threat found", "standing provision"
    law: tuple[LawBasis, ...] = ()
    context: tuple[str, ...] = ()  # "confidential home on file": what the provision refers to
    offered: bool = True
    not_offered: str = ""  # why the form does not offer it in this case

    @property
    def supported(self) -> bool:
        return self.offered and bool(self.proven or self.pending or self.related or self.screening
                                     or self.record or self.law or self.context
                                     or self.clause.rule.exception_of)

    @property
    def preselect(self) -> bool:
        """Pre-ticked only on its own proven trigger, the court's conclusion or a standing rule of law;
        never a liberty-heavy provision or an exception (the judge decides those)."""
        if not self.offered or self.clause.liberty or self.clause.rule.exception_of:
            return False
        return bool(self.proven or self.record or any(b.sure for b in self.law))

    @property
    def incident_numbers(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.proven)

    def why_not_preselected(self) -> str:
        """Why a clerk sees this one unticked ("" when it is pre-selected)."""
        if not self.offered:
            return self.not_offered
        if self.preselect:
            return ""
        if self.clause.liberty:
            return (f"liberty-heavy ({self.clause.liberty}): never pre-ticked; the judge decides on the "
                    "support shown")
        if self.clause.rule.exception_of:
            return "an exception for the judge to choose when it applies"
        if self.law:
            return "the law may apply: confirm the offence of conviction before choosing it"
        if self.pending:
            return "its trigger is only alleged or disputed, not found proven"
        if self.related or self.screening or self.context:
            return "no proven incident names its trigger (same SLII area, screening or places on file only)"
        return "nothing recorded supports it"

    def describe(self) -> str:
        """One line for the clerk: what this provision rests on, or that nothing does."""
        if not self.offered:
            return f"not offered: {self.not_offered}"
        parts = []
        if self.proven:
            parts.append(_incidents("proven", self.proven))
        parts += list(self.record)
        parts += [f"law: {b.text}" for b in self.law]
        if self.pending:
            parts.append(_incidents("alleged or disputed only", self.pending))
        if self.related:
            parts.append(_incidents("same SLII area only, not its trigger", self.related))
        parts += list(self.screening)
        if self.clause.rule.exception_of:
            parts.append(f"exception to {self.clause.rule.exception_of}")
        parts += list(self.context)
        return "; ".join(parts) if parts else "no supporting finding"


def _incidents(what: str, incs) -> str:
    nums = ", ".join(str(n) for n in sorted(i.number for i in incs))
    return f"incident{'s' if len(incs) != 1 else ''} {nums} ({what})"


def _law(key: str, facts: CaseFacts) -> LawBasis | None:
    """A standing rule of law as the recorded facts allow it, or None when it does not apply."""
    if key == "federal_firearms_order":
        threat = facts.conclusion.credible_threat == "yes"
        if not facts.criminal and facts.roles.federal_firearms_order and threat:
            return LawBasis("18 U.S.C. 922(g)(8) (order after a hearing with notice protecting an intimate "
                            "partner; credible threat found)")
        return None
    if key == "conviction":
        if not facts.criminal or facts.pretrial:
            return None
        if facts.domestic_violence:
            return LawBasis("the rule that a conviction of a misdemeanor crime of domestic violence or of a "
                            "felony bars possession (18 U.S.C. 922(g)(9), (g)(1))")
        return LawBasis("the rule that a felony conviction bars possession (18 U.S.C. 922(g)(1))", sure=False)
    if key == "state_firearms_law":
        return LawBasis(f"state law: {facts.state_firearms_law}") if facts.state_firearms_law else None
    return None


def _offered(rule: Rule, facts: CaseFacts) -> str:
    """'' when the provision is offered in this case; else why not."""
    if "intimate_partner" in rule.requires and not facts.roles.intimate_partner:
        return "the parties are not recorded as intimate partners (roles)"
    stage = "pretrial" if facts.pretrial else "sentence"
    if rule.stages and stage not in rule.stages:
        return ("a condition of a sentence, not of pretrial release" if facts.pretrial
                else "a pretrial-release condition")
    return ""


def support_for(clause: Clause, facts: CaseFacts) -> Support:
    rule = clause.rule
    live = [i for i in facts.incidents if not i.withdrawn]
    triggered = [i for i in live if rule.triggers(i)]
    proven = tuple(i for i in triggered if i.finding == "proven")
    pending = tuple(i for i in triggered if i.finding != "proven")
    related = tuple(i for i in live if not rule.triggers(i) and rule.related(i))
    cat = load_catalogue()
    labels = {b.id: b.label for a in cat.areas for b in a.behaviours}
    markers = {m.id: m.label for m in cat.risk_markers}
    screening = [f"screening: {labels[b]}" for b in rule.behaviours if b in facts.behaviours]
    screening += [f"risk marker: {markers[m]}" for m in rule.risk_markers if m in facts.risk_markers]
    record = []
    if "credible_threat" in rule.conclusion and facts.conclusion.credible_threat == "yes":
        record.append("credible threat found")
    if rule.always:
        record.append("standing provision")
    kinds = [k for k in rule.protected_kinds if k in facts.protected_kinds]
    context = ("confidential " + ", ".join(kinds) + " on file",) if kinds else ()
    law = tuple(b for b in (_law(k, facts) for k in rule.law) if b is not None)
    why = _offered(rule, facts)
    return Support(clause, proven, pending, related, tuple(screening), tuple(record), law, context,
                   offered=not why, not_offered=why)


def supports(form_id: str, facts: CaseFacts, catalogue: ClauseCatalogue | None = None) -> list[Support]:
    catalogue = catalogue or load_clauses()
    return [support_for(c, facts) for c in catalogue.for_form(form_id)]


# ----- filling a clause -------------------------------------------------------------------------

def check_params(clause: Clause, values: dict[str, str]) -> dict[str, str]:
    """The clause's parameters with defaults filled in; a bad value raises naming clause and field."""
    out = {}
    for name in values:
        if not any(p.name == name for p in clause.params):
            known = ", ".join(p.name for p in clause.params) or "none"
            raise ClauseError(f"{clause.id}.{name}: not a parameter of this clause (parameters: {known})")
    for p in clause.params:
        value = " ".join(str(values.get(p.name, p.default)).split())
        if len(value) > MAX_PARAM_LENGTH:
            raise ClauseError(f"{clause.id}.{p.name}: longer than {MAX_PARAM_LENGTH} characters")
        if p.kind == "int" and not (value.isdigit() and 0 < int(value) < 100000):
            raise ClauseError(f"{clause.id}.{p.name} ({p.label}): {value!r} is not a whole number above 0")
        out[p.name] = value
    return out


def fill(clause: Clause, params: dict[str, str], names: dict[str, str]) -> str:
    """The clause text with its placeholders replaced; values are inserted as plain text.

    Only `{name}` is replaced (no attribute or index access), and substitution is
    one pass, so a value that itself contains braces stays as typed.
    """
    values = dict(names)
    for p in clause.params:
        value = params.get(p.name, p.default)
        if p.prefix:
            value = (PLACEHOLDER.sub(lambda m: names.get(m.group(1), m.group(0)), p.prefix) + value
                     if value else "")
        values[p.name] = value
    def value(m: re.Match) -> str:
        v = values.get(m.group(1), m.group(0))
        sentence_start = m.start() == 0 or clause.text[:m.start()].rstrip().endswith((".", ":"))
        return v[:1].upper() + v[1:] if sentence_start else v

    return PLACEHOLDER.sub(value, clause.text)
