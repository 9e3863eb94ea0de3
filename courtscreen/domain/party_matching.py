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

Candidates come from blocking keys (surname + the given name's first two letters,
surname + initial for names written with an initial, the name with first and last
swapped, date of birth, given name + surname sound, start or end), so a docket of
100,000 parties is never compared pair by pair.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
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
MAX_BLOCK = 5000  # a blocking key shared by more parties than this is too common to compare on

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


def formal_names(first: str) -> frozenset[str]:
    """The formal given names a (folded) first name may stand for: 'bob' -> {'robert'}."""
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


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


def soundex(word: str) -> str:
    """American Soundex of a folded word: Quill and Qill are both Q400."""
    if not word:
        return ""
    codes = word.translate(_SOUNDEX)
    out, last = word[0], codes[0]
    for ch, code in zip(word[1:], codes[1:], strict=True):
        if code.isdigit() and code != last:
            out += code
        if ch not in "hw":
            last = code
        if len(out) == 4:
            break
    return out.ljust(4, "0")


def blocking_keys(p: PartyName) -> set[str]:
    """Keys under which p is compared with others; two parties sharing none are never compared."""
    if not p.first or not p.last:
        return set()
    keys = set(_name_keys(p.first, p.last))  # names repeat: worked out once per spelling
    if p.dob:
        keys.add(f"d:{p.dob.isoformat()}")
    return keys


@lru_cache(maxsize=262144)
def _name_keys(first: str, last: str) -> frozenset[str]:
    keys: set[str] = set()
    forms = formal_names(first)
    parts = frozenset(x for x in last.split() if len(x) > 1)
    initials = {first[0]} | {f[0] for f in forms}
    for part in parts or {last}:
        for i in initials:  # an initial against every name it may stand for (paired: see below)
            keys.add(f"i:{part}|{i}")
        if len(first) > 1:  # full given names: the first two letters (Jon/John, Bob/Robert)
            for f in {first} | forms:
                keys.add(f"n:{part}|{f[:2]}")
    if len(first) > 1:
        compact = last.replace(" ", "")
        code = soundex(compact)
        for canon in forms:
            keys.add(f"s:{canon}|{code}")
            # a misspelt surname keeps its start or its end: Aldubury and Aldunbury (a double
            # surname's halves are keys of their own above: its end is often a common word)
            # (a misspelling rarely changes the first letter: _last_score asks for it too)
            keys.add(f"p:{canon}|{compact[:5]}")
            if " " not in last:
                keys.add(f"e:{canon}|{compact[0]}{compact[-4:]}")
    keys.add("t:" + "|".join(sorted((first, last))))
    return frozenset(keys)


def candidate_pairs(people: Iterable[PartyName], scope: set[int] | None = None,
                    blocks: dict[str, list[PartyName]] | None = None
                    ) -> Iterator[tuple[PartyName, PartyName]]:
    """Pairs sharing a blocking key, each once; with scope, only pairs involving a party in it.

    Within a block, parties are grouped by first name, and two groups are paired
    only when their first names could be one name (the same, a short form, an
    initial, a close spelling) or one group's first name is the other's surname
    (transposed names). A surname block of a 50,000-case docket holds hundreds
    of Smiths; John and Jane are never compared party by party.
    """
    if blocks is not None:  # read from the index (store.link_index): keys not worked out again
        pass
    elif scope is not None:  # an incremental import: only the blocks its parties are in
        blocks = defaultdict(list)
        people = list(people)
        wanted = {k for p in people if p.id in scope for k in blocking_keys(p)}
        for p in people:
            for key in blocking_keys(p):
                if key in wanted:
                    blocks[key].append(p)
    else:
        blocks = defaultdict(list)
        for p in people:
            for key in blocking_keys(p):
                blocks[key].append(p)
    seen: set[int] = set()  # pairs as one number (lower id << 32 | higher id): half the memory
    first_names_agree: dict[tuple[str, str], bool] = {}
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        if scope is not None and not any(m.id in scope for m in members):
            continue
        for a, b in _block_pairs(key, members, first_names_agree):
            if scope is not None and a.id not in scope and b.id not in scope:
                continue
            pair = a.id << 32 | b.id if a.id < b.id else b.id << 32 | a.id
            if pair in seen or a.id == b.id or (a.case_id is not None and a.case_id == b.case_id):
                continue  # two parties of one case are two people unless a person confirms it
            seen.add(pair)
            yield (a, b) if a.id < b.id else (b, a)


@lru_cache(maxsize=1_000_000)
def _close_surnames(a: str, b: str) -> bool:
    """Could one surname be the other misspelt (what _last_score accepts as a spelling)?"""
    return bool(a and b and a[0] == b[0] and abs(len(a) - len(b)) <= 3
                and _similar(a, b) >= MIN_SURNAME)


def _block_pairs(key: str, members: list[PartyName], agree: dict[tuple[str, str], bool]
                 ) -> Iterator[tuple[PartyName, PartyName]]:
    if key.startswith("t:"):  # the same two names, either way round: every pair is a candidate
        yield from _pairs_within(members)
        return
    if key.startswith("i:"):  # an initial's block: only pairs with a party named by initial
        initials = [m for m in members if m.initial_only]
        if not initials:
            return
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.initial_only or b.initial_only:
                    yield a, b
        return
    if key[:2] in ("s:", "p:", "e:"):
        # Misspelt-surname blocks (one given name, surnames sounding or starting or ending
        # alike): two parties with the same surname are paired by its own n: block already;
        # two different surnames only when they are close enough to be one misspelt.
        by_last: dict[str, list[PartyName]] = defaultdict(list)
        for m in members:
            by_last[m.compact_last].append(m)
        lasts = sorted(by_last)
        for i, la in enumerate(lasts):
            for lb in lasts[i + 1:]:
                if _close_surnames(la, lb):
                    for a in by_last[la]:
                        for b in by_last[lb]:
                            yield a, b
        return
    groups: dict[str, list[PartyName]] = defaultdict(list)
    for m in members:
        groups[m.first].append(m)
    firsts = list(groups)
    lasts = {f: {m.last for m in group} for f, group in groups.items()}
    same_dob = key.startswith("d:")  # its members share a birth date: middles may differ
    for i, fa in enumerate(firsts):
        ga = groups[fa]
        yield from _pairs_within(ga, same_dob)
        for fb in firsts[i + 1:]:
            ok = agree.get((fa, fb))
            if ok is None:
                ok = agree[(fa, fb)] = _first_score(ga[0], groups[fb][0])[0] >= MIN_PART
            if ok or fa in lasts[fb] or fb in lasts[fa]:
                yield from _pairs_across(ga, groups[fb], same_dob)


# Pairs that `compare` rules out without looking at the names are not made at all: two birth
# dates, or two middle initials without one birth date (the d: block, whose members share a
# birth date, pairs those). A docket of few names (a charge file: 20 given names, 20 surnames,
# 26 middle initials) would otherwise make millions of pairs only to refuse them one by one.


def _by_middle(members: list[PartyName]) -> dict[str, list[PartyName]]:
    out: dict[str, list[PartyName]] = defaultdict(list)
    for m in members:
        out[m.middle].append(m)
    return out


def _dobs_agree(a: PartyName, b: PartyName) -> bool:
    return a.dob is None or b.dob is None or a.dob == b.dob


def _pairs_within(members: list[PartyName], same_dob: bool = False
                  ) -> Iterator[tuple[PartyName, PartyName]]:
    if same_dob or len(members) < 8:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if same_dob or _pair_possible(a, b):
                    yield a, b
        return
    buckets = _by_middle(members)
    bare = buckets.pop("", [])
    for i, a in enumerate(bare):
        for b in bare[i + 1:]:
            if _dobs_agree(a, b):
                yield a, b
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _dobs_agree(a, b):
                    yield a, b
            for b in bare:
                if _dobs_agree(a, b):
                    yield a, b


def _pairs_across(ga: list[PartyName], gb: list[PartyName], same_dob: bool = False
                  ) -> Iterator[tuple[PartyName, PartyName]]:
    if same_dob or len(ga) * len(gb) < 64:
        for a in ga:
            for b in gb:
                if same_dob or _pair_possible(a, b):
                    yield a, b
        return
    ba, bb = _by_middle(ga), _by_middle(gb)
    for ma, xs in ba.items():
        for mb, ys in bb.items():
            if ma and mb and ma != mb:
                continue
            for a in xs:
                for b in ys:
                    if _dobs_agree(a, b):
                        yield a, b


def _pair_possible(a: PartyName, b: PartyName) -> bool:
    if a.dob is not None and b.dob is not None:
        return a.dob == b.dob
    return not (a.middle and b.middle and a.middle != b.middle)


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
