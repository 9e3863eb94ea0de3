"""Case types and how a docket row is classified into one.

Stalking screening matters most in custody, divorce, protection-order and
domestic-violence cases, so the importer sorts every case into one of those or
a generic bucket. Dockets say what a case is in three places, each less
reliable than the last: a case-type column, the nature / hearing-type text,
and letter codes in the case number. The rules are data
(`case_type_rules.toml`, extended by the court's config) so a court can teach
courtscreen its own vocabulary without a code change.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources


class CaseType(StrEnum):
    CUSTODY = "custody"
    DIVORCE = "divorce"
    PROTECTION_ORDER = "protection_order"
    DOMESTIC_VIOLENCE = "domestic_violence"
    CHILD_WELFARE = "child_welfare"
    EXTREME_RISK = "extreme_risk"
    OTHER_CRIMINAL = "other_criminal"
    CIVIL = "civil"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]

    @property
    def short(self) -> str:
        return CASE_TYPE_SHORT[self]

    @property
    def stalking_relevant(self) -> bool:
        """The case types the screening guidance names first."""
        return self in STALKING_RELEVANT


CASE_TYPE_LABELS = {
    CaseType.CUSTODY: "Custody",
    CaseType.DIVORCE: "Divorce",
    CaseType.PROTECTION_ORDER: "Protection order",
    CaseType.DOMESTIC_VIOLENCE: "Domestic violence",
    CaseType.CHILD_WELFARE: "Child welfare / dependency",
    CaseType.EXTREME_RISK: "Extreme risk (firearms) order",
    CaseType.OTHER_CRIMINAL: "Other criminal",
    CaseType.CIVIL: "Civil",
    CaseType.OTHER: "Other",
}
CASE_TYPE_SHORT = {
    CaseType.CUSTODY: "CUST",
    CaseType.DIVORCE: "DIV",
    CaseType.PROTECTION_ORDER: "PO",
    CaseType.DOMESTIC_VIOLENCE: "DV",
    CaseType.CHILD_WELFARE: "CW",
    CaseType.EXTREME_RISK: "ERPO",
    CaseType.OTHER_CRIMINAL: "CRIM",
    CaseType.CIVIL: "CIV",
    CaseType.OTHER: "OTH",
}
# Child welfare / dependency cases are where stalking is also missed (domain.md); an extreme
# risk protection order is a firearms order, not a victim-protection order: not listed here.
STALKING_RELEVANT = frozenset(
    {CaseType.CUSTODY, CaseType.DIVORCE, CaseType.PROTECTION_ORDER, CaseType.DOMESTIC_VIOLENCE,
     CaseType.CHILD_WELFARE}
)
GENERIC = frozenset({CaseType.OTHER_CRIMINAL, CaseType.CIVIL, CaseType.OTHER})


def parse_case_type(text: str) -> CaseType:
    """Accept 'protection_order', 'protection order', 'PO', 'po' … for CLI filters."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    for ct in CaseType:
        if key in (ct.value, ct.short.lower(), ct.label.lower().replace(" ", "_")):
            return ct
    choices = ", ".join(ct.value for ct in CaseType)
    raise ValueError(f"unknown case type {text!r}; use one of: {choices}")


@lru_cache(maxsize=16384)
def normalise_words(text: str) -> str:
    """Lower-case, strip accents, '&' -> 'and', punctuation -> spaces, padded with spaces.

    The padding lets a phrase match on whole words with a plain substring test.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    return " " + " ".join(re.findall(r"[a-z0-9]+", text)) + " "


# A word right before a phrase that denies it: "Not DV at Disposition", "non-DV", "no DV".
NEGATIONS = frozenset({"not", "non", "no", "without", "never"})
GAP = "*"  # in a phrase: up to GAP_WORDS words ("violation of * protective order")
GAP_WORDS = 4


class Phrase:
    """A phrase matched on whole words, respecting a negation right before it.

    "violation of * protective order" allows up to four words where the `*` is ("violation
    of a pretrial protective order"); "criminal contempt * order of protection" likewise.
    """

    __slots__ = ("text", "parts", "_regex", "_first", "first_word")

    def __init__(self, text: str):
        self.text = " ".join(text.split())
        self.parts = tuple(normalise_words(p).strip() for p in self.text.split(GAP))
        gap = r"(?: [a-z0-9]+){0," + str(GAP_WORDS) + "}"
        body = (gap + " ").join(re.escape(p) for p in self.parts if p)
        self._regex = re.compile(r"(?<= )(" + body + r")(?= )")
        # The first part, as whole words: a match needs it, and a substring test is much
        # quicker than the regex (an import classifies thousands of charge texts).
        self._first = f" {next((p for p in self.parts if p), '')} "
        self.first_word = self._first.split()[0] if self._first.strip() else ""

    def find(self, words: str) -> str | None:
        """The matched text in `words` (from normalise_words), or None; a match preceded by a
        negating word does not count (a later, unnegated one still does)."""
        if self._first not in words:
            return None
        for m in self._regex.finditer(words):
            before = words[: m.start()].split()
            if before and before[-1] in NEGATIONS:
                continue
            return m.group(1)
        return None

    def __repr__(self) -> str:
        return f"Phrase({self.text!r})"


class PhraseIndex:
    """Ordered groups of phrases (rules), looked up by their first word.

    A docket has thousands of distinct charge texts and the rules a few hundred phrases:
    instead of trying every phrase on every text, only those whose first word occurs in the
    text are tried, in the rules' own order, so the first match is the same one.
    """

    def __init__(self, groups: list[tuple[Phrase, ...]]):
        self._by_word: dict[str, list[tuple[int, int]]] = {}
        self._always: list[tuple[int, int]] = []  # a phrase without a word
        for g, phrases in enumerate(groups):
            for i, phrase in enumerate(phrases):
                where = self._by_word.setdefault(phrase.first_word, []) if phrase.first_word \
                    else self._always
                where.append((g, i))

    def candidates(self, words: str) -> list[tuple[int, int]]:
        """(group, phrase) positions that may match `words` (from normalise_words), in order."""
        out = list(self._always)
        by_word = self._by_word
        for word in set(words.split()) & by_word.keys():
            out += by_word[word]
        out.sort()
        return out


def find_phrase(phrases, words: str) -> tuple[Phrase, str] | None:
    for phrase in phrases:
        hit = phrase.find(words)
        if hit is not None:
            return phrase, hit
    return None


@dataclass(frozen=True)
class Classification:
    case_type: CaseType
    reason: str  # in words, shown to the user: why this type


@dataclass(frozen=True)
class _Rule:
    case_type: CaseType
    needles: tuple  # Phrase for label/text rules, upper-case codes for prefix rules


class CaseTypeRules:
    """Ordered phrase and code rules; the first match in each source wins."""

    def __init__(self, label: list[_Rule], text: list[_Rule], prefix: list[_Rule], version: int):
        self.label, self.text, self.prefix, self.version = label, text, prefix, version
        self._index = {id(label): PhraseIndex([r.needles for r in label]),
                       id(text): PhraseIndex([r.needles for r in text])}

    @classmethod
    def load(cls, extra: dict | None = None) -> CaseTypeRules:
        raw = tomllib.loads(
            resources.files("courtscreen.domain").joinpath("case_type_rules.toml").read_text("utf-8")
        )
        extra = extra or {}
        lists = {}
        for kind, key in (("label", "phrases"), ("text", "phrases"), ("prefix", "codes")):
            rules = []
            for source, origin in ((extra, "config"), (raw, "built-in")):
                for i, item in enumerate(source.get(kind, [])):
                    rules.append(_parse_rule(item, key, kind, origin, i))
            lists[kind] = rules
        return cls(lists["label"], lists["text"], lists["prefix"], int(raw.get("version", 1)))

    def classify(self, case_number: str, type_label: str = "", nature: str = "") -> Classification:
        """Pick the most specific type the row supports, and say why."""
        found = self._first_hit(self.label, type_label) if type_label.strip() else None
        from_label = found[0] if found else None
        if from_label and from_label not in GENERIC:
            return Classification(from_label, f"case-type column says {type_label.strip()!r}")
        hit = self._first_hit(self.text, nature) if nature.strip() else None
        if hit and hit[0] not in GENERIC:
            return Classification(hit[0], f"hearing/nature text mentions {hit[1].strip()!r}")
        code = _first_code(self.prefix, case_number)
        if code and code[0] not in GENERIC:
            return Classification(code[0], f"case number contains the code {code[1]!r}")
        if from_label:
            return Classification(from_label, f"case-type column says {type_label.strip()!r}")
        if hit:
            return Classification(hit[0], f"hearing/nature text mentions {hit[1].strip()!r}")
        if code:
            return Classification(code[0], f"case number contains the code {code[1]!r}")
        return Classification(CaseType.OTHER, "nothing in the row names a known case type")

    def _first_hit(self, rules: list[_Rule], text: str) -> tuple[CaseType, str] | None:
        """As _first_phrase_with_needle, trying only the phrases whose first word is there."""
        words = normalise_words(text)
        for g, i in self._index[id(rules)].candidates(words):
            hit = rules[g].needles[i].find(words)
            if hit is not None:
                return rules[g].case_type, hit
        return None


def _parse_rule(item: dict, key: str, kind: str, origin: str, index: int) -> _Rule:
    where = f"{origin} case-type rule {kind}[{index}]"
    try:
        case_type = CaseType(item["case_type"])
        values = item[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise TypeError(f"'{key}' must be a list of strings, e.g. {key} = [\"text\"]")
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"{where}: needs case_type (one of {[c.value for c in CaseType]}) "
                         f"and a list '{key}' ({exc})") from exc
    if kind == "prefix":
        needles = tuple(str(v).upper() for v in values)
    else:
        needles = tuple(Phrase(str(v)) for v in values)
    return _Rule(case_type, needles)


def _first_phrase(rules: list[_Rule], text: str) -> CaseType | None:
    hit = _first_phrase_with_needle(rules, text)
    return hit[0] if hit else None


def _first_phrase_with_needle(rules: list[_Rule], text: str) -> tuple[CaseType, str] | None:
    words = normalise_words(text)
    for rule in rules:
        found = find_phrase(rule.needles, words)
        if found:
            return rule.case_type, found[1]
    return None


def _first_code(rules: list[_Rule], case_number: str) -> tuple[CaseType, str] | None:
    codes = set(re.findall(r"[A-Z]+", case_number.upper()))
    if not codes:
        return None
    for rule in rules:
        for needle in rule.needles:
            if needle in codes:
                return rule.case_type, needle
    return None
