"""Weighing the evidence that two party rows are one person (Fellegi-Sunter, in bits).

`party_matching.compare` says whether two names could be one person's and how well they
agree. This module turns that, and everything else the two rows say, into odds:

- the name: agreement on a name counts for more when the name is rare in this database
  and less when it is common (given name and surname counted separately, from the
  database's own rows, so the figures move as dockets arrive); and when the rows of
  this name already show two people (two birth dates, two middle initials) that could
  each be one of the pair, the name alone says little;
- the date of birth: agreement is strong evidence, a conflict rules the pair out;
- the middle initial: agreement adds, one missing takes a little away;
- the same co-party in both cases (the other party of each case is itself a name
  match: the same pair of people in a PO case and a custody case) is strong evidence.

Each weight is log2(m/u): how much more often the observation is seen for the same
person than for two people. The sum is compared with two thresholds: at or above
AUTO_BITS the rows are linked without asking (a person can still reject it); between
SUGGEST_BITS and AUTO_BITS a person is asked; below, nothing is shown. Initials-only
names, surname-only names and organisations are never linked automatically (the latter
two are not compared at all). The reasons say in words what counted.

Reference: Fellegi & Sunter (1969), as in the UK Ministry of Justice's splink, whose
term-frequency adjustments are the rare/common name weights here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from courtscreen.domain.blocking import candidate_pairs
from courtscreen.domain.link_queue import demote_ambiguous, prune_suggestions, signatures_conflict
from courtscreen.domain.link_weights import (
    ESTIMATE_ROWS,
    MIDDLE_BITS,
    MIDDLE_ONE_BITS,
    NO_COPARTY_BITS,
    estimate_weights,
)
from courtscreen.domain.party_matching import AUTO_LINK, SUGGEST, Match, PartyName, compare

AUTO_BITS = 6.0  # odds of 64 : 1 or better (the family-namesake floor keeps it honest): link
SUGGEST_BITS = 0.0  # even odds or better: ask a person; below that, not shown
DOB_BITS = 13.0  # two dates of birth agree: about 1 in 18,000 by chance (50 years of birthdays)
COPARTY_BITS = 10.0  # the other party of both cases is one person too (by name)
PRIOR_ROWS = 200  # smoothing: a small database borrows typical name shares
FIRST_SHARE, LAST_SHARE, INITIAL_SHARE = 0.02, 0.001, 0.06
FAMILY_SHARE = 0.03  # full names carried by two people of one family, until the data says
MAX_SIGNATURES = 24  # (middle, date of birth) signatures kept per name: enough to see namesakes


def recurrence_from(dated_rows: int, dated_people: int) -> float:
    """Other rows per person, from the rows with a date of birth (a person is a date of birth
    and the first letters of the names); 1 until there are enough of them to tell."""
    if dated_rows < 200 or not dated_people:
        return 1.0
    return min(3.0, max(0.2, dated_rows / dated_people - 1))


def family_from(dated_names: int, names_with_two_dobs: int) -> float:
    """Namesakes also run in families (a son named after his father, no "Jr." on the docket):
    the share of full names seen with a date of birth that are seen with two, smoothed towards
    a typical share (FAMILY_SHARE) while the database has few of them."""
    return min(0.2, (names_with_two_dobs + FAMILY_SHARE * PRIOR_ROWS) / (dated_names + PRIOR_ROWS))


@dataclass(frozen=True)
class NameFrequencies:
    """How common each given name and surname is among this database's party rows, and
    which different people (by middle initial and date of birth) each full name is known
    to stand for."""

    rows: int
    first: Counter
    last: Counter
    initial: Counter
    recurrence: float  # other rows per person, estimated from rows with a date of birth
    signatures: dict  # 'last first' -> set of (middle, dob) seen with that name
    family: float = 0.0  # share of full names carried by two people whatever their rarity
    weights: dict = field(default_factory=dict)  # bits estimated from this docket: see estimate_weights
    last_rows: Counter = field(default_factory=Counter)  # rows per surname (see last_share)
    _known: dict = field(default_factory=dict, compare=False, repr=False)  # known_namesakes cache
    _shares: dict = field(default_factory=dict, compare=False, repr=False)  # see _cached

    @classmethod
    def of(cls, people: Iterable[PartyName]) -> NameFrequencies:
        """Counted from the rows themselves (store.link_index counts the same in SQL)."""
        first: Counter = Counter()
        initial: Counter = Counter()
        with_dob: Counter = Counter()
        given: dict[str, set[str]] = defaultdict(set)
        last_rows: Counter = Counter()
        sigs: dict[str, set] = defaultdict(set)
        dobs: dict[str, set] = defaultdict(set)
        dated: dict[str, list[PartyName]] = defaultdict(list)
        rows = 0
        for p in people:
            rows += 1
            if len(p.first) > 1:
                first[p.canon] += 1
            if p.first:
                initial[p.first[0]] += 1
            given[p.compact_last].add(p.canon or p.first)
            last_rows[p.compact_last] += 1
            if p.dob and p.initials:
                with_dob[(p.dob, p.initials)] += 1
            key = p.person_key
            if key and (p.middle or p.dob):
                s = sigs[key]
                if len(s) < MAX_SIGNATURES:
                    s.add((p.middle, p.dob))
            if key and p.dob:
                dobs[key].add(p.dob)
                if len(dated[key]) < ESTIMATE_ROWS:
                    dated[key].append(p)
        # A surname's count is how many different given names carry it (a person named in ten
        # cases is one Quill, not ten); a namesake with another given name counts.
        last = Counter({surname: len(names) for surname, names in given.items()})
        n_dated = sum(with_dob.values())
        return cls(rows, first, last, initial,
                   recurrence_from(n_dated, len(with_dob)), dict(sigs),
                   family_from(len(dobs), sum(1 for d in dobs.values() if len(d) > 1)),
                   estimate_weights(dated), last_rows)

    @property
    def people(self) -> float:
        """Roughly how many different people the rows stand for."""
        return (self.rows + PRIOR_ROWS) / (1 + self.recurrence)

    def share(self, counts: Counter, key: str, typical: float, own: int = 2) -> float:
        """Share of rows with this name, smoothed towards a typical share (the pair's own
        rows are not counted)."""
        seen = max(0, counts.get(key, 0) - own)
        return (seen + typical * PRIOR_ROWS) / (self.rows + PRIOR_ROWS)

    def first_share(self, a: PartyName, b: PartyName) -> float:
        return self._cached(("f", a.first, b.first), self._first_share, a, b)

    def last_share(self, a: PartyName, b: PartyName) -> float:
        return self._cached(("l", a.compact_last, b.compact_last), self._last_share, a, b)

    def _cached(self, key: tuple, work: Callable, a: PartyName, b: PartyName) -> float:
        """A share worked out once per pair of names: a charge file's 61,000 defendants of 400
        names make half a million pairs of a few thousand name pairs."""
        got = self._shares.get(key)
        if got is None:
            if len(self._shares) > 100_000:  # a big docket's name pairs rarely repeat
                self._shares.clear()
            got = self._shares[key] = work(a, b)
        return got

    def _first_share(self, a: PartyName, b: PartyName) -> float:
        if len(a.first) == 1 or len(b.first) == 1:
            return self.share(self.initial, a.first[0], INITIAL_SHARE)
        return max(self.share(self.first, f, FIRST_SHARE) for f in (a.forms & b.forms or a.forms))

    def _last_share(self, a: PartyName, b: PartyName) -> float:
        """Share of people with this surname: counted as the different given names carrying it
        (a person named in ten cases is one Quill, not ten), or, when more, as its rows over
        the rows a person has (a docket of few given names: twenty Avery Ashgroves are not
        one person because there are only twenty given names)."""
        per_person = 1 + self.recurrence
        return max(max(self.share(self.last, p.compact_last, LAST_SHARE, own=1),
                       (max(0, self.last_rows.get(p.compact_last, 0) - 2) / per_person
                        + LAST_SHARE * PRIOR_ROWS) / (self.rows + PRIOR_ROWS))
                   for p in (a, b))

    def known_namesakes(self, a: PartyName, b: PartyName) -> int:
        """Other people known to carry this name who could be one row of the pair but not the
        other: Robert J. Quill born 1968 and Robert Quill (no initial, no date), when a Robert
        K. Quill is also on file. Then the name alone cannot say which Robert Quill it is."""
        ask = (a.person_key, a.middle, a.dob, b.person_key, b.middle, b.dob)
        got = self._known.get(ask)
        if got is None:
            if len(self._known) > 100_000:  # a big docket's names rarely repeat: bound memory
                self._known.clear()
            got = self._known[ask] = self._known_namesakes(a, b)
        return got

    def _known_namesakes(self, a: PartyName, b: PartyName) -> int:
        middle, dob = a.middle or b.middle, a.dob or b.dob
        found = set()
        for key in {a.person_key, b.person_key} - {""}:
            for m, d in self.signatures.get(key, ()):
                fits_a = not signatures_conflict(m, d, a.middle, a.dob)
                fits_b = not signatures_conflict(m, d, b.middle, b.dob)
                if fits_a != fits_b or (fits_a and signatures_conflict(m, d, middle, dob)):
                    found.add((m, d))
        # two signatures may be one person (an initial on one row, a birth date on another)
        return _distinct_people(found)


def _distinct_people(sigs: set) -> int:
    """A lower bound on how many people the signatures are: count those that conflict with
    every one counted so far."""
    chosen: list = []
    for m, d in sorted(sigs, key=lambda s: (not (s[0] and s[1]), str(s))):
        if all(signatures_conflict(m, d, cm, cd) for cm, cd in chosen):
            chosen.append((m, d))
    return len(chosen)


def weigh(m: Match, a: PartyName, b: PartyName, freq: NameFrequencies,
          coparty: tuple[PartyName, PartyName] | None = None) -> Match | None:
    """The name comparison `m` weighed against how common the name is and the other evidence;
    None when the evidence is too weak even to ask. coparty: the other parties of the two
    cases when they too are one name (the same pair of people in both cases)."""
    bits, reasons, strong = evidence_bits(m, a, b, freq, coparty, floor=SUGGEST_BITS)
    if bits < SUGGEST_BITS:
        return None
    p = 1 / (1 + 2 ** -bits)
    initials_only = a.initial_only or b.initial_only
    if initials_only:
        reasons.append("a given name written as an initial is never linked without a person")
    if bits >= AUTO_BITS and not initials_only and m.confidence >= SUGGEST:
        return Match(max(AUTO_LINK, min(100, round(100 * p))), tuple(reasons), m.name_score)
    if not strong and not initials_only:
        reasons.append("the name alone is not enough here")
    return Match(min(AUTO_LINK - 1, max(SUGGEST, round(100 * p))), tuple(reasons), m.name_score)


def evidence_bits(m: Match, a: PartyName, b: PartyName, freq: NameFrequencies,
                  coparty: tuple[PartyName, PartyName] | None = None,
                  floor: float = -math.inf) -> tuple[float, list[str], bool]:
    """(weight in bits, reasons in words, whether anything beyond the name agreed); a pair that
    cannot reach `floor` whatever it shares is given up early (its bits are then an upper
    bound, with no reasons)."""
    first_share, last_share = freq.first_share(a, b), freq.last_share(a, b)
    # Odds that the two rows are one person on the name alone: how often a person recurs
    # against how many other people are expected to carry this name by chance, or are
    # known to carry it.
    chance = max(freq.people * first_share * last_share, freq.family)
    same_dob = a.dob is not None and a.dob == b.dob
    shared = (a.coparties & b.coparties) - {""}
    # The most this pair could weigh (known namesakes only take away): below `floor`, stop.
    most = (math.log2(freq.recurrence) - math.log2(chance) + DOB_BITS * same_dob
            + (COPARTY_BITS if shared or coparty else 0)
            + max(0.0, *freq.weights.values(), MIDDLE_BITS) * bool(a.middle or b.middle))
    if most < floor:
        return most, [], False
    known = freq.known_namesakes(a, b)
    namesakes = max(chance, known)
    bits = math.log2(freq.recurrence) - math.log2(namesakes)
    reasons = list(m.reasons)
    if same_dob:
        bits += DOB_BITS
    bits -= max(0, 100 - m.name_score) / 4  # a weaker name agreement counts for less
    w = freq.weights
    if a.middle and a.middle == b.middle:
        bits += w.get("middle_agree", MIDDLE_BITS)
        reasons.append("same middle initial")
    elif bool(a.middle) != bool(b.middle):
        bits += w.get("middle_one", MIDDLE_ONE_BITS)
    if bool(a.suffix) != bool(b.suffix):
        bits -= 2
    if shared or coparty:
        bits += COPARTY_BITS
        who = coparty[0].label().title() if coparty else _label(sorted(shared)[0])
        reasons.append(f"same co-party in both cases ({who})")
    elif a.coparties and b.coparties:
        bits += w.get("no_coparty", NO_COPARTY_BITS)
    if known and not same_dob:
        reasons.append("another person of this name is on file")
    surname_count = freq.last.get(a.compact_last, 0)
    if surname_count >= 20:
        reasons.append(f"common surname here ({surname_count} given names with it)")
    elif surname_count <= 3 and freq.rows >= 1000:
        reasons.append("rare surname here")
    if first_share >= 0.02 and freq.rows >= 1000:
        reasons.append("common given name here")
    return bits, reasons, bool(shared or coparty or same_dob)


def _label(key: str) -> str:
    last, _, first = key.partition(" ")
    return f"{first} {last}".title().strip()


def find_matches(people: Iterable[PartyName], scope: set[int] | None = None,
                 known_links: Iterable[tuple[int, int]] = (),
                 freq: NameFrequencies | None = None,
                 mates: dict[int, list[PartyName]] | Callable | None = None,
                 blocks: dict[str, list[PartyName]] | None = None,
                 pairs: Iterable[tuple[PartyName, PartyName]] | None = None
                 ) -> dict[tuple[int, int], Match]:
    """(lower id, higher id) -> match, for every candidate pair that is at least a suggestion.

    freq: the database's name frequencies (worked out from `people` when not given: an
    incremental run passes the whole database's). mates: case id -> the people of that case,
    or a function giving that for a set of case ids (asked only for the cases of pairs whose
    names could be one person's), for the co-party evidence; from `people` when not given.
    known_links: pairs already linked (from earlier imports), so that a party that would
    join two different people is noticed across imports too. blocks: the blocks of an
    incremental run as the index holds them (worked out from `people` when not given).
    pairs: the candidate pairs, when the caller has made them already (an incremental run
    makes them first, to ask SQL only about the parties they involve).
    """
    people = list(people)
    freq = freq or NameFrequencies.of(people)
    if pairs is None:
        pairs = candidate_pairs(people, scope, blocks)
    compared = ((a, b, m) for a, b in pairs
                if (m := compare(a, b)) is not None)  # a stream: a full run's pairs are millions
    if mates is None:
        mates = defaultdict(list)
        for p in people:
            if p.case_id is not None:
                mates[p.case_id].append(p)
    elif callable(mates):  # an incremental run: load the co-parties of the pairs' cases only
        compared = list(compared)
        mates = mates({x.case_id for a, b, _ in compared for x in (a, b) if x.case_id is not None})
    found = {}
    for a, b, m in compared:
        if (w := weigh(m, a, b, freq, _coparty(a, b, mates))) is not None:
            found[(a.id, b.id)] = w
    found = demote_ambiguous(found, {p.id: p for p in people}, known_links)
    return prune_suggestions(found, {p.id: p.case_id for p in people},
                             {p.id: p.middle for p in people})


def _coparty(a: PartyName, b: PartyName, mates: dict[int, list[PartyName]]
             ) -> tuple[PartyName, PartyName] | None:
    """Another party of a's case and another of b's case whose names could be one person's."""
    for c in mates.get(a.case_id, ()) if a.case_id is not None else ():
        if c.id == a.id or not c.first:
            continue
        for d in mates.get(b.case_id, ()) if b.case_id is not None else ():
            if d.id != b.id and d.id != c.id and d.first and compare(c, d) is not None:
                return c, d
    return None
