"""Which of a run's matches are kept, and at what level: a party that would be linked to two
different people is linked to neither (those become suggestions), and a person is asked
about one suggestion per pair of people, each person's best (see find_matches in
domain.link_evidence, which weighs the matches first)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from courtscreen.domain.party_matching import AUTO_LINK, FUZZY_CAP, Clusters, Match, PartyName


def signatures_conflict(m1: str, d1: date | None, m2: str, d2: date | None) -> bool:
    """Two (middle initial, date of birth) that cannot be one person's."""
    return bool((m1 and m2 and m1 != m2) or (d1 and d2 and d1 != d2))


SUGGESTIONS_PER_PERSON = 1  # a clerk decides person against person, not row against row


def prune_suggestions(found: dict[tuple[int, int], Match],
                      cases: dict[int, int | None] | None = None,
                      middles: dict[int, str] | None = None) -> dict[tuple[int, int], Match]:
    """Keep the suggestions a person needs to decide: one per pair of people (the best), none
    inside a person this run links together, and for each person only their best.

    A namesake named in four cases beside a person named in four would otherwise be sixteen
    suggestions for one question; a common name would be hundreds."""
    groups = Clusters(cases={k: v for k, v in (cases or {}).items() if v is not None},
                      middles=middles)
    for (a, b), m in sorted(found.items(), key=lambda kv: -kv[1].confidence):
        if m.confidence >= AUTO_LINK:
            groups.join(a, b)
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for (a, b), m in found.items():
        if m.confidence >= AUTO_LINK:
            continue
        ga, gb = groups.find(a), groups.find(b)
        if ga == gb:
            continue
        key = (ga, gb) if ga < gb else (gb, ga)
        if key not in best or m.confidence > found[best[key]].confidence:
            best[key] = (a, b)
    per: dict[int, list[tuple[int, tuple[int, int]]]] = defaultdict(list)
    for key, pair in best.items():
        for g in key:
            per[g].append((found[pair].confidence, pair))
    keep: set[tuple[int, int]] = set()
    for items in per.values():
        items.sort(key=lambda x: (-x[0], x[1]))
        keep.update(pair for _, pair in items[:SUGGESTIONS_PER_PERSON])
    return {pair: m for pair, m in found.items() if m.confidence >= AUTO_LINK or pair in keep}


def _conflict(a: PartyName, b: PartyName) -> bool:
    return bool(signatures_conflict(a.middle, a.dob, b.middle, b.dob)
                or (a.suffix and b.suffix and a.suffix != b.suffix))


def demote_ambiguous(found: dict[tuple[int, int], Match], people: dict[int, PartyName],
                     known_links: Iterable[tuple[int, int]] = ()) -> dict[tuple[int, int], Match]:
    """A party that would be linked to two different people (Priya Larkspur, no birth date, and
    two Priya Larkspurs born in 1968 and 1991) is linked to neither: those become suggestions."""
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in [pair for pair, m in found.items() if m.confidence >= AUTO_LINK] + list(known_links):
        partners[a].add(b)
        partners[b].add(a)
    ambiguous = set()
    for x, ps in partners.items():
        if len(ps) > 1:
            group = [people[p] for p in ps if p in people]
            if any(_conflict(g, h) for i, g in enumerate(group) for h in group[i + 1:]):
                ambiguous.add(x)
    if not ambiguous:
        return found
    out = dict(found)
    for (a, b), m in found.items():
        if m.confidence >= AUTO_LINK and (a in ambiguous or b in ambiguous):
            out[(a, b)] = Match(FUZZY_CAP, (*m.reasons, "the name fits more than one person"),
                                m.name_score)
    return out
