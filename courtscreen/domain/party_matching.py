"""Is this party the same person as that one? Names and dates of birth across cases.

Dockets name one person many ways: "QUILL, ROBERT J." in a protection order,
"Bob Quill" in a criminal case, "R. Quill" in a custody motion. The import
already treats one exact spelling (and date of birth) as one party; this module
compares parties whose names differ and says how sure it is, in words a clerk
can check.

Rules, in order:
- Organisations never match people (and are not matched here at all).
- A date-of-birth conflict blocks a match: two birth dates are two people.
  So do different suffixes (Jr. and Sr. are father and son).
- An exact date-of-birth match outweighs spelling: "Jon Quil" born 1980-03-04
  is "John Quill" born 1980-03-04.
- Without matching dates of birth, only names that agree exactly, through a
  known short form (Bob = Robert) or with an added middle initial are linked
  automatically; initials, transposed names, part of a double-barrelled
  surname and misspellings are only suggested, for a person to confirm.

Then the evidence is weighed (Fellegi-Sunter style, `weigh`): agreement on a name
counts for more when the name is rare in this database and less when it is common
(frequencies from the database itself), a date of birth in both adds much, a middle
initial in both adds a little, and the same co-party in both cases (the same pair of
people in a PO case and a custody case) adds much. A common name with nothing else
agreeing is only suggested, or not shown at all. Two parties of one case are never
compared: "AKWAR VS AKWAR" is two people unless someone confirms otherwise.

Candidates come from blocking keys (domain.blocking), so a docket of 100,000 parties is
never compared pair by pair.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import Indel

from courtscreen.domain.names import fold

AUTO_LINK = 90  # at or above: linked without asking (a user can still reject it)
SUGGEST = 70  # at or above: shown as a suggestion to confirm or reject
FUZZY_CAP = 85  # a misspelt name without a matching date of birth is never linked automatically
MIN_PART = 80  # a first or last name less similar than this is a different name
MIN_SURNAME = 85  # surnames are longer and more varied: Penlow is not Penhallow

NICKNAMES_FILE = Path(__file__).with_name("nicknames.toml")


@cache
def _nickname_table() -> dict[str, frozenset[str]]:
    data = tomllib.loads(NICKNAMES_FILE.read_text(encoding="utf-8"))
    table: dict[str, set[str]] = defaultdict(set)
    for formal, shorts in data["names"].items():
        table[formal].add(formal)
        for short in shorts:
            table[short].add(formal)
    return {name: frozenset(forms) for name, forms in table.items()}


@lru_cache(maxsize=65536)
def formal_names(first: str) -> frozenset[str]:
    """The formal given names a (folded) first name may stand for: 'bob' -> {'robert'}.
    One set per given name, shared by every party row with it (each of a 250,000-case
    docket's 400,000 people held its own copy: some 80 MB)."""
    return _nickname_table().get(first, frozenset((first,)))


@dataclass(frozen=True, slots=True)
class PartyName:
    """A person's name as stored on a party row, folded for comparison."""

    id: int
    first: str  # folded: 'robert'; 'r' when only an initial is given
    middle: str  # folded initial or ''
    last: str  # folded: 'garcia lindqvist' for Garcia-Lindqvist
    suffix: str = ""
    dob: date | None = None
    case_id: int | None = None  # the case this party row belongs to (never compared with its own)
    coparties: frozenset[str] = frozenset()  # 'last first' of the other people of that case
    # Worked out once per party (a big docket compares each party many times):
    last_parts: frozenset[str] = field(init=False, compare=False)
    compact_last: str = field(init=False, compare=False)
    forms: frozenset[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_parts", _last_parts(self.last))
        object.__setattr__(self, "compact_last", self.last.replace(" ", ""))
        object.__setattr__(self, "forms", formal_names(self.first))

    @property
    def canon(self) -> str:
        """The formal given name ('robert' for Bob); '' for an initial or no given name."""
        return min(self.forms) if len(self.first) > 1 else ""

    @property
    def initials(self) -> str:
        """First letters of given name and surname, sorted (robust to a transposed name)."""
        if not self.first or not self.last:
            return ""
        return "".join(sorted((self.first[0], self.last[0])))

    @classmethod
    def of(cls, id: int, first: str, middle: str, last: str, suffix: str = "",
           dob: date | None = None, case_id: int | None = None,
           coparties: frozenset[str] = frozenset()) -> PartyName:
        return cls(id, _folded(first), _folded(middle)[:1], _folded(last), _folded(suffix), dob,
                   case_id, coparties)

    @property
    def person_key(self) -> str:
        """'quill robert' for a co-party comparison; '' without both a given name and a surname."""
        if len(self.first) < 2 or not self.last:
            return ""
        return f"{self.compact_last} {min(formal_names(self.first))}"  # Bob and Robert agree

    @property
    def initial_only(self) -> bool:
        return len(self.first) == 1

    def label(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


@lru_cache(maxsize=262144)
def _last_parts(last: str) -> frozenset[str]:
    return frozenset(p for p in last.split() if len(p) > 1)


@cache
def _folded(text: str) -> str:
    return fold(text or "")


@dataclass(frozen=True)
class Match:
    """How sure we are that two parties are one person, and why (in words)."""

    confidence: int  # 0-100
    reasons: tuple[str, ...]
    name_score: int = 100  # how well the names alone agree (before middle names, suffixes, DOB)

    @property
    def level(self) -> str:
        if self.confidence >= AUTO_LINK:
            return "linked"
        if self.confidence >= SUGGEST:
            return "suggested"
        return "no match"

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def describe_confidence(confidence: int) -> str:
    """A confidence a clerk can read: 'high (95)', 'check (80)'."""
    word = "high" if confidence >= AUTO_LINK else "check" if confidence >= SUGGEST else "low"
    return f"{word} ({confidence})"


def _similar(a: str, b: str) -> int:
    return round(Indel.normalized_similarity(a, b) * 100)


def _first_score(a: PartyName, b: PartyName) -> tuple[int, str, bool]:
    """(score, reason, fuzzy) for the first names of a and b."""
    fa, fb = a.first, b.first
    if fa == fb:
        return 100, "", False
    if len(fa) == 1 or len(fb) == 1:
        full, initial = (b, fa) if len(fa) == 1 else (a, fb)
        if full.first[0] == initial or any(f[0] == initial for f in full.forms):
            return 85, "first name given as an initial", False
        return 0, "", True
    if a.forms & b.forms:
        return 95, f"{fa} and {fb} are forms of one name", False
    if fa[0] != fb[0]:
        return 0, "", True
    return _similar(fa, fb), f"first names spelt differently ({fa}/{fb})", True


def _last_score(a: PartyName, b: PartyName) -> tuple[int, str, bool]:
    if a.last == b.last:
        return 100, "", False
    if a.compact_last == b.compact_last:
        return 98, "", False
    pa, pb = a.last_parts, b.last_parts
    if pa and pb and (pa < pb or pb < pa):  # Garcia and Garcia-Lindqvist, not Garcia-Ruiz
        return 78, "one surname is part of the other's double surname", False
    if a.last[0] != b.last[0]:
        return 0, "", True  # a misspelling rarely changes the first letter; Greendale is not Pendale
    score = _similar(a.compact_last, b.compact_last)
    if score < MIN_SURNAME:
        return 0, "", True
    return score, f"surnames spelt differently ({a.last}/{b.last})", True


def _names(a: PartyName, b: PartyName, swapped: bool) -> tuple[int, list[str], bool]:
    first, why_first, fuzzy_first = _first_score(a, b)
    if first < MIN_PART:
        return 0, [], True
    last, why_last, fuzzy_last = _last_score(a, b)
    if last == 0:
        return 0, [], True
    score = min(first, last)
    reasons = [r for r in (why_last, why_first) if r]
    if swapped:
        score = min(score, 88)
        reasons.insert(0, "first and last names transposed")
    return score, reasons, fuzzy_first or fuzzy_last


def compare(a: PartyName, b: PartyName) -> Match | None:
    """The match between two people, or None when something rules it out."""
    if a.dob and b.dob and a.dob != b.dob:
        return None  # a date-of-birth conflict blocks a match
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return None  # Jr. and Sr.
    if not a.first or not b.first or not a.last or not b.last:
        return None  # one word is not enough to tell people apart
    score, reasons, fuzzy = _names(a, b, swapped=False)
    if score < SUGGEST and a.first != a.last and (a.first == b.last or a.last == b.first):
        swapped = PartyName(b.id, b.last, b.middle, b.first, b.suffix, b.dob)
        score, reasons, fuzzy = _names(a, swapped, swapped=True)
    if score == 0:
        return None
    name_score = score
    same_dob = a.dob is not None and a.dob == b.dob
    if a.middle and b.middle and a.middle != b.middle:
        if not same_dob:
            return None  # Robert J. and Robert K. are two people unless a birth date says otherwise
        score -= 10
        reasons.append("middle initials differ")
    elif bool(a.middle) != bool(b.middle):
        score -= 15  # namesakes are common: Otis Yarrowby may be any of several Otis ?. Yarrowbys
        reasons.append("middle initial on one only")
    if bool(a.suffix) != bool(b.suffix):
        score -= 15  # Robert Quill and Robert Quill Jr. may be father and son
        reasons.append("suffix on one only")
    if same_dob:
        if score < 60:
            return None  # a shared birthday alone is a coincidence
        score = min(100 if score >= 100 else 99, score + 20)
        reasons.insert(0, "same date of birth")
    else:
        if fuzzy:
            score = min(score, FUZZY_CAP)
        if a.dob or b.dob:
            reasons.append("date of birth on one only")
        elif score >= SUGGEST:
            reasons.append("no date of birth to compare")
    if score < SUGGEST:
        return None
    if not reasons or reasons == ["no date of birth to compare"]:
        reasons.insert(0, "same name")
    return Match(max(0, min(100, score)), tuple(reasons), name_score)


class Clusters:
    """People as groups of party ids, joined link by link, never across a rejection, and (unless
    a person confirmed it) never across two birth dates, two middle initials or one case."""

    def __init__(self, dobs: dict[int, date | None] | None = None,
                 rejected: Iterable[tuple[int, int]] = (),
                 cases: dict[int, int] | None = None,
                 middles: dict[int, str] | None = None):
        self.parent: dict[int, int] = {}
        self.dobs: dict[int, set[date]] = {}
        self.cases: dict[int, set[int]] = {}  # root -> cases of its parties
        self.middles: dict[int, set[str]] = {}  # root -> middle initials of its parties
        self._case_of = cases or {}
        self._middle_of = middles or {}
        self.blocked: dict[int, set[int]] = defaultdict(set)  # root -> roots it must not join
        self._dob_of = dobs or {}
        self._rejected = list(rejected)
        for a, b in self._rejected:
            self.blocked[self.find(a)].add(self.find(b))
            self.blocked[self.find(b)].add(self.find(a))

    def find(self, x: int) -> int:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            dob = self._dob_of.get(x)
            self.dobs[x] = {dob} if dob else set()
            case = self._case_of.get(x)
            self.cases[x] = {case} if case is not None else set()
            middle = self._middle_of.get(x)
            self.middles[x] = {middle} if middle else set()
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def join(self, a: int, b: int, force: bool = False) -> bool:
        """Join a's and b's people; refused (False) across a rejection, or (unless forced: a
        person confirmed it) two birth dates or two parties of one case."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if rb in self.blocked.get(ra, ()):
            return False
        if not force and self.dobs[ra] and self.dobs[rb] and self.dobs[ra] != self.dobs[rb]:
            return False
        if not force and not self.cases[ra].isdisjoint(self.cases[rb]):
            return False  # petitioner and respondent of one case are two people
        if not force and self.middles[ra] and self.middles[rb] and self.middles[ra] != self.middles[rb]:
            return False  # Robert J. and Robert K. Quill, joined through a plain Robert Quill
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.dobs[ra] |= self.dobs.pop(rb)
        self.cases[ra] |= self.cases.pop(rb)
        self.middles[ra] |= self.middles.pop(rb)
        moved = self.blocked.pop(rb, set())
        self.blocked[ra] |= moved
        for other in moved:
            peers = self.blocked[other]
            peers.discard(rb)
            peers.add(ra)
        return True

    def groups(self) -> dict[int, int]:
        """party id -> person id (the smallest party id of the group), for groups of two or more."""
        members: dict[int, list[int]] = defaultdict(list)
        for x in list(self.parent):
            members[self.find(x)].append(x)
        return {x: root for root, xs in members.items() if len(xs) > 1 for x in xs}
