"""Triage: which cases on a docket to screen for stalking first, and why.

Stalking is often charged or pleaded as something else (harassment, criminal
mischief, trespass, order violations), and it hides in custody and divorce
cases. The flags here are computed from the docket alone, explained in words,
and kept as data (`triage_rules.toml`) a court can extend.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from courtscreen.domain.case_types import CaseType, normalise_words

REPEAT_PARTY = "repeat_party"


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str  # shown on the case view


@dataclass(frozen=True)
class ChargeRule:
    code: str
    label: str
    phrases: tuple[str, ...]
    slii: str


class TriageRules:
    def __init__(self, charges: list[ChargeRule], version: int):
        self.charges, self.version = charges, version

    @classmethod
    def load(cls, extra: dict | None = None) -> TriageRules:
        raw = tomllib.loads(
            resources.files("courtscreen.domain").joinpath("triage_rules.toml").read_text("utf-8")
        )
        items = list((extra or {}).get("charge", [])) + list(raw.get("charge", []))
        charges = []
        for i, item in enumerate(items):
            try:
                charges.append(ChargeRule(
                    code=str(item["code"]), label=str(item.get("label", item["code"])),
                    phrases=tuple(normalise_words(str(p)) for p in item["phrases"]),
                    slii=str(item.get("slii", "")),
                ))
            except (KeyError, TypeError) as exc:
                raise ValueError(f"triage charge rule {i}: needs code and phrases ({exc})") from exc
        return cls(charges, int(raw.get("version", 1)))

    def flags(self, case_type: CaseType, *texts: str) -> list[Flag]:
        """Flags from one case's own docket data (type and hearing/charge text)."""
        out = []
        if case_type.stalking_relevant:
            out.append(Flag(f"type:{case_type.value}",
                            f"{case_type.label} case: a case type where stalking is often present "
                            "and should be screened for"))
        words = normalise_words(" ".join(t for t in texts if t))
        seen = set()
        for rule in self.charges:
            if rule.code in seen:
                continue
            hit = next((p for p in rule.phrases if p in words), None)
            if hit:
                seen.add(rule.code)
                why = f" ({rule.slii})" if rule.slii else ""
                out.append(Flag(f"charge:{rule.code}",
                                f"hearing/charge text mentions {hit.strip()!r}: {rule.label}{why}"))
        return out


def repeat_party_flag(name: str, other_cases: int) -> Flag:
    plural = "case" if other_cases == 1 else "cases"
    return Flag(REPEAT_PARTY, f"{name} also appears in {other_cases} other {plural}: stalking is a "
                              "pattern that each case sees only a piece of")


def encode(flags: list[Flag]) -> str:
    return ",".join(f.code for f in flags)
