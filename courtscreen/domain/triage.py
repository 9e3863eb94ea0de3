"""Triage: which cases on a docket to screen for stalking first, and why.

Stalking is often charged or pleaded as something else (harassment, criminal
mischief, trespass, order violations), and it hides in custody and divorce
cases. The flags here are computed from the docket alone, explained in words,
and kept as data (`triage_rules.toml`) a court can extend.

Flags have a strength (a tier), because a docket where most cases carry some
flag is no worklist at all: a stalking or order-violation charge says far more
than a criminal mischief charge. A case's priority is its strongest flag; a
case whose party is in another case with stalking evidence is raised (the
cross-case evidence is worked out in SQL by store.triage_links). See
docs/triage.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from courtscreen.domain.case_types import CaseType, Phrase, PhraseIndex, normalise_words

REPEAT_PARTY = "repeat_party"


class Tier(StrEnum):
    STALKING = "stalking"  # stalking-specific charge
    LINKED = "linked"  # cross-case evidence: a party's other case
    PATTERN = "pattern"  # pattern-relevant charge
    CASE_TYPE = "type"  # a case type where stalking hides
    NONE = "none"

    @property
    def words(self) -> str:
        return TIER_WORDS[self]


TIER_WORDS = {
    Tier.STALKING: "stalking-specific",
    Tier.LINKED: "linked case",
    Tier.PATTERN: "pattern-relevant",
    Tier.CASE_TYPE: "case type",
    Tier.NONE: "no flag",
}

# Priority numbers (lower first), stored on each case so that SQL sorts 60,000 cases.
# Stalking-specific rank 1 (stalking, order violations) -> 10, rank 2 -> 20; a case
# raised by a linked case -> 25; pattern-relevant rank 1..3 -> 30..34; case type -> 40.
PRIORITY_LINKED = 25
PRIORITY_TYPE = 40
PRIORITY_NONE = 50


def tier_of_priority(priority: int) -> Tier:
    if priority < PRIORITY_LINKED:
        return Tier.STALKING
    if priority == PRIORITY_LINKED:
        return Tier.LINKED
    if priority < PRIORITY_TYPE:
        return Tier.PATTERN
    if priority < PRIORITY_NONE:
        return Tier.CASE_TYPE
    return Tier.NONE


def priority_range(tier: Tier) -> tuple[int, int]:
    """The priority numbers of a tier (inclusive), for filtering by tier."""
    return {Tier.STALKING: (0, PRIORITY_LINKED - 1), Tier.LINKED: (PRIORITY_LINKED, PRIORITY_LINKED),
            Tier.PATTERN: (PRIORITY_LINKED + 1, PRIORITY_TYPE - 1),
            Tier.CASE_TYPE: (PRIORITY_TYPE, PRIORITY_NONE - 1),
            Tier.NONE: (PRIORITY_NONE, 10_000)}[tier]


def parse_tier(text: str) -> Tier:
    key = text.strip().lower().replace("_", "-")
    for tier in Tier:
        if key in (tier.value, tier.words, tier.words.split("-")[0], tier.words.replace(" ", "-")):
            return tier
    choices = ", ".join(t.value for t in Tier)
    raise ValueError(f"unknown flag tier {text!r}; use one of: {choices}")


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str  # shown on the case view
    tier: Tier = Tier.CASE_TYPE
    priority: int = PRIORITY_TYPE


@dataclass(frozen=True)
class ChargeRule:
    code: str
    label: str
    phrases: tuple[Phrase, ...]
    slii: str
    tier: Tier = Tier.PATTERN
    rank: int = 1

    @property
    def priority(self) -> int:
        base = 10 if self.tier is Tier.STALKING else 30
        step = 10 if self.tier is Tier.STALKING else 2
        return base + step * (max(self.rank, 1) - 1)

    def tier_words(self) -> str:
        return self.tier.words


class TriageRules:
    def __init__(self, charges: list[ChargeRule], version: int):
        self.charges, self.version = charges, version
        self.by_code = {}
        for rule in charges:
            self.by_code.setdefault(rule.code, rule)
        self._index = PhraseIndex([rule.phrases for rule in charges])

    @classmethod
    def load(cls, extra: dict | None = None) -> TriageRules:
        raw = tomllib.loads(
            resources.files("courtscreen.domain").joinpath("triage_rules.toml").read_text("utf-8")
        )
        items = list((extra or {}).get("charge", [])) + list(raw.get("charge", []))
        charges = []
        for i, item in enumerate(items):
            try:
                tier = Tier(str(item.get("tier", "pattern")))
                if tier not in (Tier.STALKING, Tier.PATTERN):
                    raise ValueError("tier must be \"stalking\" or \"pattern\"")
                charges.append(ChargeRule(
                    code=str(item["code"]), label=str(item.get("label", item["code"])),
                    phrases=tuple(Phrase(str(p)) for p in item["phrases"]),
                    slii=str(item.get("slii", "")), tier=tier, rank=int(item.get("rank", 1)),
                ))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"triage charge rule {i}: needs code and phrases, tier "
                                 f"\"stalking\" or \"pattern\" ({exc})") from exc
        return cls(charges, int(raw.get("version", 1)))

    def flags(self, case_type: CaseType, *texts: str) -> list[Flag]:
        """Flags from one case's own docket data (type and hearing/charge text), strongest
        first."""
        out = []
        words = normalise_words(" ; ".join(t for t in texts if t))
        seen = set()
        # Only phrases whose first word is in the text, in the rules' order: a hit takes its
        # words out, which can only make fewer phrases match, never others.
        for r, i in self._index.candidates(words):
            rule = self.charges[r]
            if rule.code in seen:
                continue
            hit = rule.phrases[i].find(words)
            if hit is None:
                continue
            seen.add(rule.code)
            # A later, general rule does not match the same words again.
            words = words.replace(f" {hit} ", " | ", 1)
            why = f" ({rule.slii})" if rule.slii else ""
            out.append(Flag(f"charge:{rule.code}",
                            f"{rule.tier_words()}: charge/hearing text mentions {hit!r}: "
                            f"{rule.label}{why}", rule.tier, rule.priority))
        if case_type.stalking_relevant:
            out.append(Flag(f"type:{case_type.value}",
                            f"case type: {case_type.label} case, a kind of case where stalking is "
                            "often present and should be screened for", Tier.CASE_TYPE,
                            PRIORITY_TYPE))
        out.sort(key=lambda f: f.priority)
        return out

    def priority(self, codes) -> int:
        """A case's own priority number from its flag codes (the strongest flag)."""
        best = PRIORITY_NONE
        for code in codes:
            kind, _, name = code.partition(":")
            if kind == "charge" and name in self.by_code:
                best = min(best, self.by_code[name].priority)
            elif kind == "type":
                best = min(best, PRIORITY_TYPE)
        return best

    def describe(self, code: str) -> tuple[Tier, str]:
        """A stored flag code in words: its tier and label."""
        kind, _, name = code.partition(":")
        if kind == "charge" and name in self.by_code:
            rule = self.by_code[name]
            return rule.tier, rule.label
        if kind == "type":
            try:
                return Tier.CASE_TYPE, CaseType(name).label
            except ValueError:
                pass
        return Tier.NONE, code


def why_here(rules: TriageRules, codes, priority: int, linked: list[str] = ()) -> str:
    """Why the worklist puts a case where it is, in words."""
    tier = tier_of_priority(priority)
    own = [rules.describe(c) for c in codes if c]
    strongest = [label for t, label in own if t is Tier.STALKING] or \
        [label for t, label in own if t is Tier.PATTERN]
    types = [label for t, label in own if t is Tier.CASE_TYPE]
    parts = []
    if tier is Tier.STALKING:
        parts.append("stalking-specific charge: " + ", ".join(strongest))
    elif tier is Tier.LINKED:
        parts.append("raised by a linked case" + (": " + "; ".join(linked) if linked else ""))
        if strongest:
            parts.append("pattern-relevant charge: " + ", ".join(strongest))
    elif tier is Tier.PATTERN:
        parts.append("pattern-relevant charge: " + ", ".join(strongest))
    elif tier is Tier.CASE_TYPE:
        parts.append("case type: " + ", ".join(types))
    else:
        parts.append("no flag: nothing on the docket points at stalking")
    if tier is not Tier.LINKED and linked:
        parts.append("also linked: " + "; ".join(linked))
    if tier is not Tier.CASE_TYPE and types:
        parts.append("case type: " + ", ".join(types))
    return "; ".join(parts) + "; then nearest hearing first"


def repeat_party_flag(name: str, other_cases: int) -> Flag:
    plural = "case" if other_cases == 1 else "cases"
    return Flag(REPEAT_PARTY, f"{name} also appears in {other_cases} other {plural}: stalking is a "
                              "pattern that each case sees only a piece of")


def encode(flags: list[Flag]) -> str:
    return ",".join(f.code for f in flags)
