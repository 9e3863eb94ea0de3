"""Find the protected person's confidential values inside any text, forgivingly, and withhold them.

Confidentiality is about values, not fields: an address typed into an
incident's description, a reaction, an evidence note, the court's own words or
a docket column (a courtroom column that holds an address) is as confidential
as the address field itself. Documents (documents.service) and exports
(exporting.rows) both check every text that goes out against every protected
value on file for the case and its linked cases, with this one matcher.

Matching is forgiving, because people do not type an address the same way
twice: case, punctuation and spacing are ignored ("14 Larkspur Row," inside
"outside 14 larkspur row."), common abbreviations are read as the word
("Apt 3" is "apartment 3", "St" is "street"), the street without its house
number is matched too ("Larkspur Row"), and so is each comma-separated part
of an address that is more than one word ("Apt 3" of "14 Larkspur Row, Apt 3").
Phone numbers match on their digits whatever the separators. Matching is by
whole words: "Row" does not match inside "Rowan". When in doubt, more is
withheld, never less.

Pure text rules: no database, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CONFIDENTIAL = "[confidential]"

# Read an abbreviation as its word, so "Apt 3" and "apartment 3" are the same tokens.
ABBREVIATIONS = {
    "apt": "apartment", "apartmt": "apartment", "ste": "suite", "st": "street", "str": "street",
    "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive", "ln": "lane", "blvd": "boulevard",
    "ct": "court", "pl": "place", "hwy": "highway", "pkwy": "parkway", "cir": "circle", "ter": "terrace",
    "terr": "terrace", "sq": "square", "mt": "mount", "ft": "fort", "n": "north", "s": "south",
    "e": "east", "w": "west", "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
    "bldg": "building", "fl": "floor", "rm": "room", "no": "number", "nr": "number",
}
_WORD = re.compile(r"[^\W_]+")
_DIGITS_ONLY = re.compile(r"[\d\s().+\-/]+")
MIN_PHONE_DIGITS = 7


def _norm(token: str) -> str:
    t = token.casefold()
    return ABBREVIATIONS.get(t, t)


def tokens(text: str) -> list[str]:
    """The words of a text as the matcher compares them (case folded, abbreviations expanded)."""
    return [_norm(m.group()) for m in _WORD.finditer(text)]


def _worth_matching(words: tuple[str, ...]) -> bool:
    """Too short to be a value of its own ("3", "IL") would withhold ordinary words everywhere."""
    if not words:
        return False
    if len(words) >= 2:
        return any(len(w) >= 2 and not w.isdigit() for w in words) or sum(map(len, words)) >= 5
    return len(words[0]) >= 4 or (words[0].isdigit() and len(words[0]) >= MIN_PHONE_DIGITS)


def variants(value: str) -> set[tuple[str, ...]]:
    """The word sequences that count as this value: the whole, its parts, the street without number."""
    out: set[tuple[str, ...]] = set()
    whole = tuple(tokens(value))
    if _worth_matching(whole):
        out.add(whole)
    for part in re.split(r"[,;\n]", value):
        words = tuple(tokens(part))
        if len(words) >= 2 and _worth_matching(words):
            out.add(words)
        # "14 Larkspur Row" -> "Larkspur Row"; "14B Elm St" -> "Elm Street"
        if len(words) >= 2 and words[0][:1].isdigit():
            street = words[1:]
            if len(street) >= 2 or (len(street) == 1 and len(street[0]) >= 6):
                out.add(street)
    return out


def _phone_pattern(value: str) -> re.Pattern | None:
    if not _DIGITS_ONLY.fullmatch(value.strip()):
        return None
    digits = re.sub(r"\D", "", value)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    sep = r"[\s().\-/]*"
    return re.compile(r"(?<!\d)(?:\+?1" + sep + r")?\(?" + sep.join(digits) + r"(?!\d)")


@dataclass(frozen=True)
class Withheld:
    """Where values were withheld in one document or export: a place a user recognises, and how often."""

    where: str
    count: int


class ProtectedValues:
    """The protected values of one case (and its linked cases), ready to find in any text."""

    def __init__(self, values: Iterable[str]):
        self.values = tuple(sorted({v.strip() for v in values if v and v.strip()}))
        seqs: set[tuple[str, ...]] = set()
        self._phones: list[re.Pattern] = []
        for v in self.values:
            phone = _phone_pattern(v)
            if phone is not None:
                self._phones.append(phone)
            else:
                seqs |= variants(v)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for s in sorted(seqs, key=len, reverse=True):  # longest first: the whole address before a part
            self._by_first.setdefault(s[0], []).append(s)

    def __bool__(self) -> bool:
        return bool(self._by_first or self._phones)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for pattern in self._phones:
            spans += [m.span() for m in pattern.finditer(text)]
        if self._by_first:
            words = list(_WORD.finditer(text))
            norm = [_norm(m.group()) for m in words]
            i = 0
            while i < len(words):
                hit = next((s for s in self._by_first.get(norm[i], ())
                            if tuple(norm[i:i + len(s)]) == s), None)
                if hit is None:
                    i += 1
                    continue
                spans.append((words[i].start(), words[i + len(hit) - 1].end()))
                i += len(hit)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:  # overlapping hits (a phone inside an address) are one place
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def count(self, text: str) -> int:
        """How many places in the text hold a protected value."""
        return len(self._spans(text)) if self and text else 0

    def scrub(self, text: str) -> tuple[str, int]:
        """The text with each protected value replaced by [confidential], and how many were replaced."""
        if not self or not text:
            return text, 0
        spans = self._spans(text)
        if not spans:
            return text, 0
        out, last = [], 0
        for start, end in spans:
            out += [text[last:start], CONFIDENTIAL]
            last = end
        out.append(text[last:])
        return "".join(out), len(spans)

    def __call__(self, text: str) -> str:
        return self.scrub(text)[0]

    def scrub_tree(self, data, where: str = "") -> tuple[object, list[tuple[str, int]]]:
        """Scrub every string inside dicts, lists and tuples; (new data, [(path, count)]) of each hit.

        Paths read like `findings.incidents[2].text`; the caller words them for the user.
        """
        hits: list[tuple[str, int]] = []

        def walk(node, path: str):
            if isinstance(node, str):
                new, n = self.scrub(node)
                if n:
                    hits.append((path, n))
                return new
            if isinstance(node, dict):
                return {k: walk(v, f"{path}.{k}" if path else str(k)) for k, v in node.items()}
            if isinstance(node, (list, tuple)):
                items = [walk(v, f"{path}[{i}]") for i, v in enumerate(node)]
                return type(node)(items) if isinstance(node, tuple) else items
            return node

        return walk(data, where), hits


def summarise(withheld: Iterable[Withheld]) -> str:
    """'3 places withheld: finding on incident 2 (2), courtroom' (no value ever appears)."""
    items = list(withheld)
    total = sum(w.count for w in items)
    if not total:
        return ""
    where = ", ".join(w.where + (f" ({w.count})" if w.count > 1 else "") for w in items)
    return f"{total} confidential value{'s' if total != 1 else ''} withheld as {CONFIDENTIAL}: {where}"
