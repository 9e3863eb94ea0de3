"""A generated set of fictional people written many ways, with the truth known, for measuring matching.

Each person is named in one to four cases; each mention may drop the middle
initial, use a short form of the first name, give only an initial, transpose
first and last name, misspell the surname, keep one half of a double surname,
or leave out the date of birth. Distractors make it hard: namesakes (same first
and last name, another middle initial or birth date) and relatives (same
surname). Every name is invented or generic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from courtscreen.domain.link_evidence import find_matches
from courtscreen.domain.names import parse_person_name
from courtscreen.domain.party_matching import Clusters, PartyName

FIRSTS = ("robert william margaret elizabeth katherine james john thomas patricia richard "  # noqa: SIM905
          "anna celeste dorian marisol tobin yusuf greta leland odette casimir wren harriet "
          "bastian imani noor silas beatrix emeric lorna quentin thaddeus elowen darnell ximena "
          "fenwick priya ansel margit cormac delphine ezra tamsin augustin keziah lowell").split()
SHORT = {"robert": "Bob", "william": "Bill", "margaret": "Peggy", "elizabeth": "Liz",
         "katherine": "Kate", "james": "Jim", "john": "Jack", "thomas": "Tom", "patricia": "Trish",
         "richard": "Rick", "beatrix": "Bea", "thaddeus": "Thad"}
LASTS = ("quill pellworth marlowe tannehill vosberg okonjo halvorsen castellano ferrante "  # noqa: SIM905
         "gallowglass hargreave jablonski kettering lindqvist nightingale oberlin pryce sandoval "
         "thistlewood umberfield valcourt yarrowby zeller abernethy corrigan delacroix garcia "
         "iverson kowalczyk larkspur nakashima ostrander penhallow quintero rosenthal trevelyan "
         "vasquez achebe brannigan drummond ellery gorecki").split()
# Invented place-like surnames (Ashby, Wynford...), so that chance namesakes are rare and the
# namesakes in the set are the deliberate ones.
_ROOTS = "ash black bram brook cald dun elm fern glen hart lang mill oak pen red thorn"
_ENDS = "bury by combe dale field ford ham ley more stead ton wick"
LASTS += [r + e for r in _ROOTS.split() for e in _ENDS.split()]  # noqa: SIM905
# A docket's surnames are many and mostly rare: a pool of a few thousand invented ones (with
# the short list above drawn more often) keeps chance namesakes near a real docket's rate;
# the deliberate namesakes and relatives below are what makes the set hard.
_HEADS = "al bel cor dar el fal gor hal is jor kel lor mor nor"
RARE_LASTS = [h + r + e for h in _HEADS.split() for r in _ROOTS.split() for e in _ENDS.split()]  # noqa: SIM905


@dataclass(frozen=True)
class Mention:
    person: int  # the truth
    text: str  # as a docket writes it
    dob: date | None
    case: int = 0  # the case it is a party of (each case names two people)
    coparties: frozenset[str] = frozenset()  # unused: measure() works them out from the cases
    kind: str = ""  # "namesake" / "relative" when this person was made to resemble another


# How often names recur, roughly as on a real docket: a few very common surnames (one person in
# a hundred each, like Smith or Garcia), a long tail of rare ones; a few common given names.
# Chance namesakes ("Robert Quill" twice, two people) then come from the name frequencies, which
# is what weighing by frequency is for; the deliberate ones below are the ones it cannot see.
COMMON_LASTS = LASTS[:12]
COMMON_FIRSTS = FIRSTS[:10]


def _pick_last(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(COMMON_LASTS)
    if roll < 0.32:
        return rng.choice(LASTS[12:])
    return rng.choice(RARE_LASTS)


def _pick_first(rng: random.Random) -> str:
    return rng.choice(COMMON_FIRSTS) if rng.random() < 0.4 else rng.choice(FIRSTS[10:])


def _person(rng: random.Random, pid: int, first=None, last=None):
    first = first or _pick_first(rng)
    last = last or _pick_last(rng)
    if rng.random() < 0.08:
        last = f"{last}-{rng.choice(LASTS)}"
    middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.7 else ""
    suffix = rng.choice(["Jr.", "Sr.", "III"]) if rng.random() < 0.04 else ""
    dob = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50)) if rng.random() < 0.5 else None
    return pid, first.title(), middle, last.title(), suffix, dob


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    if rng.random() < 0.5:
        return word[:i] + word[i + 1:]  # a dropped letter
    return word[:i] + word[i] + word[i:]  # a doubled letter


def _mention(rng: random.Random, p, case: int, kind: str) -> Mention:
    pid, first, middle, last, suffix, dob = p
    roll = rng.random()
    if roll < 0.08:
        middle = ""
    elif roll < 0.18:  # a short form when the name has one (else written in full)
        first = SHORT.get(first.lower(), first)
    elif roll < 0.23:
        first = first[0] + "."
    elif roll < 0.26:
        first, last = last, first
    elif roll < 0.31:
        last = _typo(rng, last)
    elif roll < 0.36 and "-" in last:
        last = rng.choice(last.split("-"))
    if dob and rng.random() < 0.3:
        dob = None
    mid = f" {middle}." if middle else ""
    suf = f" {suffix}" if suffix else ""
    text = f"{last}, {first}{mid}{suf}" if rng.random() < 0.7 else f"{first}{mid} {last}{suf}"
    return Mention(pid, text, dob, case, kind=kind)


def generate(n_people: int = 3000, seed: int = 11) -> list[Mention]:
    """Cases of two people each. Most people come back to court with the same other person (a
    protection order, then custody, then a contempt); some with someone new; some once.

    Hard on purpose: 4% of people are namesakes of someone already in the set (same given name
    and surname, another person: a father and son without "Jr.", two cousins) and 5% relatives
    (same surname), on top of the chance namesakes the common names make."""
    rng = random.Random(seed)
    people, kinds = [], {}
    for pid in range(n_people):
        roll = rng.random()
        if people and roll < 0.04:
            other = rng.choice(people)
            people.append(_person(rng, pid, other[1], other[3]))
            kinds[pid] = kinds[other[0]] = "namesake"
        elif people and roll < 0.09:
            people.append(_person(rng, pid, last=rng.choice(people)[3]))
            kinds.setdefault(pid, "relative")
        else:
            people.append(_person(rng, pid))
    order = list(range(n_people))
    rng.shuffle(order)
    cases: list[tuple[int, int]] = []
    couples = n_people * 7 // 20  # 70% of people are one of a couple that comes back to court
    for i in range(couples):
        a, b = order[2 * i], order[2 * i + 1]
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            cases.append((a, b))
        if rng.random() < 0.2:
            cases.append((a, rng.choice(order[2 * couples:])))  # and someone else
    for a in order[2 * couples:]:
        for _ in range(rng.choice([1, 1, 2, 3])):
            cases.append((a, rng.choice(order)))
    mentions = []
    for case, (a, b) in enumerate(cases):
        if a == b:
            continue
        for pid in (a, b):
            mentions.append(_mention(rng, people[pid], case, kinds.get(pid, "")))
    return mentions


@dataclass(frozen=True)
class Scores:
    parties: int
    suggestions: int  # pairs left for a person to confirm or reject
    true_pairs: int
    linked_precision: float
    linked_recall: float
    shown_precision: float  # linked or suggested: what the user sees
    shown_recall: float

    @property
    def per_thousand(self) -> float:
        return 1000 * self.suggestions / self.parties if self.parties else 0.0

    def lines(self) -> list[str]:
        return [f"{self.parties} party rows, {self.true_pairs} pairs that are truly one person, "
                f"{self.suggestions} suggestions ({self.per_thousand:.1f} per 1,000 party rows)",
                f"linked automatically: precision {self.linked_precision:.3f}, "
                f"recall {self.linked_recall:.3f}",
                f"linked or suggested:  precision {self.shown_precision:.3f}, "
                f"recall {self.shown_recall:.3f}"]


def _pairs(groups: dict[int, list[int]]) -> set[tuple[int, int]]:
    return {pair for ids in groups.values() for pair in combinations(sorted(ids), 2)}


def measure(mentions: list[Mention]) -> Scores:
    """One party row per mention, as the import makes them (it never merges by name), then
    matching and grouping as store.people does (no two rows of one case joined)."""
    truth: dict[int, int] = {}
    parsed = [parse_person_name(m.text) for m in mentions]
    keys = [PartyName.of(0, n.first, n.middle, n.last).person_key for n in parsed]
    in_case: dict[int, list[int]] = {}
    for rid, m in enumerate(mentions):
        in_case.setdefault(m.case, []).append(rid)
    names: list[PartyName] = []
    for rid, (m, n) in enumerate(zip(mentions, parsed, strict=True)):
        mates = frozenset(keys[o] for o in in_case[m.case] if o != rid) - {""}
        names.append(PartyName.of(rid, n.first, n.middle, n.last, n.suffix, m.dob,
                                  case_id=m.case, coparties=mates))
        truth[rid] = m.person
    true_groups: dict[int, list[int]] = {}
    for rid, person in truth.items():
        true_groups.setdefault(person, []).append(rid)
    true_pairs = _pairs(true_groups)
    matches = [(a, b, m) for (a, b), m in find_matches(names).items()]
    clusters = Clusters({n.id: n.dob for n in names}, cases={n.id: n.case_id for n in names},
                        middles={n.id: n.middle for n in names})
    for a, b, m in sorted(matches, key=lambda x: -x[2].confidence):
        if m.level == "linked":
            clusters.join(a, b)
    linked_groups: dict[int, list[int]] = {}
    for rid, who in clusters.groups().items():
        linked_groups.setdefault(who, []).append(rid)
    linked = _pairs(linked_groups)
    suggested = {(a, b) for a, b, m in matches if m.level != "linked"}
    shown = linked | suggested | {(a, b) for a, b, _ in matches}

    def pr(found: set) -> tuple[float, float]:
        tp = len(found & true_pairs)
        return (tp / len(found) if found else 1.0), (tp / len(true_pairs) if true_pairs else 1.0)

    lp, lr = pr(linked)
    sp, sr = pr(_closure(shown))
    return Scores(len(names), len(suggested), true_pairs=len(true_pairs), linked_precision=lp,
                  linked_recall=lr, shown_precision=sp, shown_recall=sr)


def _closure(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Every pair a user ends up with after confirming what is linked or suggested."""
    c = Clusters()
    for a, b in pairs:
        c.join(a, b, force=True)
    groups: dict[int, list[int]] = {}
    for rid, who in c.groups().items():
        groups.setdefault(who, []).append(rid)
    return _pairs(groups)


if __name__ == "__main__":
    for line in measure(generate()).lines():
        print(line)
