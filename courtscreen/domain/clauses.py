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

from courtscreen.domain.findings import METHODS, Conclusion, Incident
from courtscreen.domain.screening import load_catalogue

PARAM_KINDS = ("text", "int")
# Kinds of confidential detail a clause may rest on (store.findings.PROTECTED_KINDS keys).
PROTECTED_KINDS = ("home", "workplace", "phone", "email", "school", "childcare", "shelter", "vehicle",
                   "other")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
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
    areas: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    risk_markers: tuple[str, ...] = ()
    protected_kinds: tuple[str, ...] = ()
    conclusion: tuple[str, ...] = ()  # "credible_threat"
    always: bool = False  # a standing provision (duration): offered and selected in every case

    def matches(self, inc: Incident) -> bool:
        return bool(set(inc.areas) & set(self.areas) or set(inc.methods) & set(self.methods)
                    or set(inc.behaviours) & set(self.behaviours))


@dataclass(frozen=True)
class Clause:
    id: str
    forms: tuple[str, ...]
    heading: str
    text: str
    params: tuple[Param, ...]
    rule: Rule
    source: str = ""

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
        "conclusion": {"credible_threat"},
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
            if key == "always":
                continue
            if key not in known:
                problems.append(f"{at}: support.{key} is not a kind of support ({', '.join(known)})")
                continue
            bad = sorted(set(ids) - known[key])
            if bad:
                problems.append(f"{at}: support.{key}: {', '.join(bad)} not known")
        names = {p.name for p in params} | {"respondent", "protected", "places"}
        unknown = sorted(set(PLACEHOLDER.findall(c.get("text", ""))) - names)
        if unknown:
            problems.append(f"{at}: text uses {{{', '.join(unknown)}}}, which is neither a parameter "
                            "nor respondent/protected/places")
        rule = Rule(**{k: tuple(v) for k, v in support.items() if k != "always"},
                    always=bool(support.get("always", False))) if not problems else Rule()
        clauses.append(Clause(cid, tuple(c.get("forms", ())), c.get("heading", ""), c.get("text", ""),
                              tuple(params), rule, c.get("source", "")))
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


@dataclass(frozen=True)
class Support:
    clause: Clause
    proven: tuple[Incident, ...] = ()  # incidents found proven that match the rule
    pending: tuple[Incident, ...] = ()  # alleged or disputed ones
    screening: tuple[str, ...] = ()  # "screening: GPS tracker …", "risk marker: Access to firearms"
    record: tuple[str, ...] = ()  # "credible threat found", "confidential home address on file", "standing"

    @property
    def supported(self) -> bool:
        return bool(self.proven or self.pending or self.screening or self.record)

    @property
    def preselect(self) -> bool:
        """Selected by default: rests on a proven incident, the court's conclusion or a standing rule."""
        return bool(self.proven or self.record)

    @property
    def incident_numbers(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.proven)

    def describe(self) -> str:
        """One line for the clerk: what this provision rests on, or that nothing does."""
        parts = []
        if self.proven:
            parts.append(_incidents("proven", self.proven))
        parts += list(self.record)
        if self.pending:
            parts.append(_incidents("alleged or disputed only", self.pending))
        parts += list(self.screening)
        return "; ".join(parts) if parts else "no supporting finding"


def _incidents(what: str, incs) -> str:
    nums = ", ".join(str(n) for n in sorted(i.number for i in incs))
    return f"incident{'s' if len(incs) != 1 else ''} {nums} ({what})"


def support_for(clause: Clause, facts: CaseFacts) -> Support:
    rule = clause.rule
    live = [i for i in facts.incidents if not i.withdrawn and rule.matches(i)]
    proven = tuple(i for i in live if i.finding == "proven")
    pending = tuple(i for i in live if i.finding != "proven")
    cat = load_catalogue()
    labels = {b.id: b.label for a in cat.areas for b in a.behaviours}
    markers = {m.id: m.label for m in cat.risk_markers}
    screening = [f"screening: {labels[b]}" for b in rule.behaviours if b in facts.behaviours]
    screening += [f"risk marker: {markers[m]}" for m in rule.risk_markers if m in facts.risk_markers]
    record = []
    if "credible_threat" in rule.conclusion and facts.conclusion.credible_threat == "yes":
        record.append("credible threat found")
    kinds = [k for k in rule.protected_kinds if k in facts.protected_kinds]
    if kinds:
        record.append("confidential " + ", ".join(kinds) + " on file")
    if rule.always:
        record.append("standing provision")
    return Support(clause, proven, pending, tuple(screening), tuple(record))


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
