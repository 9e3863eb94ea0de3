"""Blocking: which parties are compared at all.

Candidates come from blocking keys (surname + the given name's first two letters,
surname + initial for names written with an initial, the name with first and last
swapped, date of birth, given name + surname sound, start or end), so a docket of
100,000 parties is never compared pair by pair. Within a block, only pairs whose
names could be one person's are made (see candidate_pairs), and never a pair that
`party_matching.compare` refuses without looking at the names (two birth dates, two
middle initials without one birth date).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from courtscreen.domain.party_matching import (
    MIN_PART,
    MIN_SURNAME,
    PartyName,
    _first_score,
    _similar,
    formal_names,
)

MAX_BLOCK = 5000  # a blocking key shared by more parties than this is too common to compare on


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
        # Every person's keys are in the blocks now; the cache of them (150 MB at 250,000
        # cases) would only add to the largest moment of the run, the pairing that follows.
        _name_keys.cache_clear()
    seen: set[int] = set()  # pairs as one number (lower id << 32 | higher id): half the memory
    first_names_agree: dict[tuple[str, str], bool] = {}
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        if scope is not None and not any(m.id in scope for m in members):
            continue
        for a, b in _block_pairs(key, members, first_names_agree, scope):
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


def _block_pairs(key: str, members: list[PartyName], agree: dict[tuple[str, str], bool],
                 scope: set[int] | None = None) -> Iterator[tuple[PartyName, PartyName]]:
    """The block's candidate pairs, in a fixed order. With scope (an incremental run), the
    same pairs in the same order less those without a party of scope, which are never made:
    a block of hundreds of existing Smiths holds one or two new ones."""
    if key.startswith("t:"):  # the same two names, either way round: every pair is a candidate
        yield from _pairs_within(members, scope=scope)
        return
    if key.startswith("i:"):  # an initial's block: only pairs with a party named by initial
        if any(m.initial_only for m in members):
            for a, b in _later(members, _in(scope)):
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
        mine = _with_scope(by_last, scope)
        for la, lb in _later(lasts, None if mine is None else mine.__contains__):
            if _close_surnames(la, lb):
                yield from _across(by_last[la], by_last[lb], scope)
        return
    groups: dict[str, list[PartyName]] = defaultdict(list)
    for m in members:
        groups[m.first].append(m)
    firsts = list(groups)
    lasts = {f: {m.last for m in group} for f, group in groups.items()}
    mine = _with_scope(groups, scope)
    same_dob = key.startswith("d:")  # its members share a birth date: middles may differ
    for fa, later in _each_later(firsts, None if mine is None else mine.__contains__):
        ga = groups[fa]
        if mine is None or fa in mine:
            yield from _pairs_within(ga, same_dob, scope)
        for fb in later:
            ok = agree.get((fa, fb))
            if ok is None:
                ok = agree[(fa, fb)] = _first_score(ga[0], groups[fb][0])[0] >= MIN_PART
            if ok or fa in lasts[fb] or fb in lasts[fa]:
                yield from _pairs_across(ga, groups[fb], same_dob, scope)


def _with_scope(groups: dict[str, list[PartyName]], scope: set[int] | None) -> set[str] | None:
    """The groups holding a party of scope (None: no scope, every group)."""
    if scope is None:
        return None
    return {k for k, group in groups.items() if any(m.id in scope for m in group)}


def _each_later(xs: list, keep: Callable[[object], bool] | None
                ) -> Iterator[tuple[object, list]]:
    """Each x of xs with the xs after it, in order; with keep (an incremental run), only the
    pairs with an x kept: every later x after a kept one, only the kept ones after another."""
    if keep is None:
        for i, a in enumerate(xs):
            yield a, xs[i + 1:]
        return
    pos = [j for j, x in enumerate(xs) if keep(x)]
    for i, a in enumerate(xs):
        if keep(a):
            yield a, xs[i + 1:]
        elif not pos or i > pos[-1]:
            return
        else:
            yield a, [xs[j] for j in pos[bisect_right(pos, i):]]


def _later(xs: list, keep: Callable[[object], bool] | None) -> Iterator[tuple]:
    """Each pair of xs in order, the second after the first (see _each_later)."""
    for a, later in _each_later(xs, keep):
        for b in later:
            yield a, b


def _in(scope: set[int] | None) -> Callable[[PartyName], bool] | None:
    return None if scope is None else (lambda m: m.id in scope)


def _across(xs: list[PartyName], ys: list[PartyName], scope: set[int] | None
            ) -> Iterator[tuple[PartyName, PartyName]]:
    """Each a of xs with each b of ys, in order; with scope, only pairs with one in it."""
    ys_mine = ys if scope is None else [b for b in ys if b.id in scope]
    for a in xs:
        for b in ys if scope is None or a.id in scope else ys_mine:
            yield a, b


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


def _pairs_within(members: list[PartyName], same_dob: bool = False,
                  scope: set[int] | None = None) -> Iterator[tuple[PartyName, PartyName]]:
    if same_dob or len(members) < 8:
        for a, b in _later(members, _in(scope)):
            if same_dob or _pair_possible(a, b):
                yield a, b
        return
    buckets = _by_middle(members)
    bare = buckets.pop("", [])
    for a, b in _later(bare, _in(scope)):
        if _dobs_agree(a, b):
            yield a, b
    for group in buckets.values():
        if scope is None:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if _dobs_agree(a, b):
                        yield a, b
                for b in bare:
                    if _dobs_agree(a, b):
                        yield a, b
            continue
        # the same order as above: a, then its later group members, then the bare ones
        bare_mine = [b for b in bare if b.id in scope]
        group_mine = [j for j, m in enumerate(group) if m.id in scope]
        for i, a in enumerate(group):
            if a.id in scope:
                later, bares = group[i + 1:], bare
            else:
                later, bares = [group[j] for j in group_mine[bisect_right(group_mine, i):]], bare_mine
            for b in later:
                if _dobs_agree(a, b):
                    yield a, b
            for b in bares:
                if _dobs_agree(a, b):
                    yield a, b


def _pairs_across(ga: list[PartyName], gb: list[PartyName], same_dob: bool = False,
                  scope: set[int] | None = None) -> Iterator[tuple[PartyName, PartyName]]:
    if same_dob or len(ga) * len(gb) < 64:
        for a, b in _across(ga, gb, scope):
            if same_dob or _pair_possible(a, b):
                yield a, b
        return
    ba, bb = _by_middle(ga), _by_middle(gb)
    for ma, xs in ba.items():
        for mb, ys in bb.items():
            if ma and mb and ma != mb:
                continue
            for a, b in _across(xs, ys, scope):
                if _dobs_agree(a, b):
                    yield a, b


def _pair_possible(a: PartyName, b: PartyName) -> bool:
    if a.dob is not None and b.dob is not None:
        return a.dob == b.dob
    return not (a.middle and b.middle and a.middle != b.middle)
