"""Evidence weights estimated from the docket, namesakes of a docket with few names, and the
pairs blocking no longer makes (those compare() refuses anyway)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from courtscreen.domain.blocking import blocking_keys, candidate_pairs
from courtscreen.domain.link_evidence import (
    MIDDLE_BITS,
    NameFrequencies,
    estimate_weights,
    find_matches,
)
from courtscreen.domain.party_matching import PartyName, compare

FIRSTS = ["Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Indy", "Jules"]
LASTS = ["Ashgrove", "Brindle", "Copperfield", "Dunmore", "Elmsworth"]


def _few_names(n: int, seed: int = 3, dob_share: float = 0.0) -> list[PartyName]:
    """A charge file's defendants: few given names and surnames, any middle initial; every row
    another person (one defendant per case, drawn at random)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        dob = date(1960, 1, 1) + timedelta(days=rnd.randrange(9000)) if rnd.random() < dob_share else None
        out.append(PartyName.of(i, rnd.choice(FIRSTS), chr(65 + rnd.randrange(26)), rnd.choice(LASTS),
                                dob=dob, case_id=i))
    return out


def test_a_docket_of_few_names_does_not_ask_about_every_namesake():
    """130 rows of each given name + surname, five of each with one middle initial (a charge
    file's shape): a surname with 1,300 rows is common, however few given names carry it, and
    five Avery A. Ashgroves are five people as likely as one. Nothing to link or ask."""
    people = _few_names(6500)
    freq = NameFrequencies.of(people)
    assert freq.last["ashgrove"] <= len(FIRSTS)  # few given names carry it ...
    assert freq.last_share(people[0], people[0]) > 0.05  # ... but a fifth of the rows have it
    assert find_matches(people) == {}


def test_a_rare_name_among_them_is_still_linked_on_its_co_party():
    people = _few_names(2000)
    pair = [PartyName.of(5000, "Zebulon", "Q", "Marchbanks", case_id=9000,
                         coparties=frozenset({"quill wren"})),
            PartyName.of(5001, "Zebulon", "Q", "Marchbanks", case_id=9001,
                         coparties=frozenset({"quill wren"}))]
    found = find_matches(people + pair)
    assert found[(5000, 5001)].level == "linked"
    assert "same co-party in both cases (Wren Quill)" in found[(5000, 5001)].explanation


def _dated(rows: list[tuple[str, str, date, int]]) -> dict[str, list[PartyName]]:
    out: dict[str, list[PartyName]] = {}
    for i, (first, middle, dob, case) in enumerate(rows):
        p = PartyName.of(i, first, middle, "Quill", dob=dob, case_id=case)
        out.setdefault(p.person_key, []).append(p)
    return out


def test_middle_initial_weights_are_estimated_from_the_docket():
    """One name and a birth date in two cases: the same date is one person (their initials
    agree here every time), two dates are two people (whose initials differ): an agreeing
    initial weighs more than the default; with little data the default is kept."""
    d1, d2 = date(1970, 1, 1), date(1980, 1, 1)
    rows = []
    for k in range(300):  # 300 names, each one person in two cases and a namesake
        first = f"robert{k}"
        rows += [(first, "J", d1, 3 * k), (first, "J", d1, 3 * k + 1), (first, "K", d2, 3 * k + 2)]
    w = estimate_weights(_dated(rows))
    assert w["middle_agree"] > MIDDLE_BITS + 1
    few = estimate_weights(_dated(rows[:6]))
    assert abs(few["middle_agree"] - MIDDLE_BITS) < 1  # two names say little: near the default
    assert estimate_weights({}) == {"middle_agree": MIDDLE_BITS, "middle_one": -2.0,
                                    "no_coparty": -1.0}


def test_blocks_skip_only_pairs_compare_refuses():
    """Big blocks are split by middle initial; every pair compare() would accept is still made,
    including two initials with one birth date (paired by the date's block)."""
    born = date(1975, 5, 5)
    people = _few_names(400, seed=5, dob_share=0.3)
    people += [PartyName.of(900, "Avery", "J", "Ashgrove", dob=born, case_id=900),
               PartyName.of(901, "Avery", "K", "Ashgrove", dob=born, case_id=901)]
    made = {(a.id, b.id) for a, b in candidate_pairs(people)}
    wanted = set()
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            if blocking_keys(a) & blocking_keys(b) and compare(a, b) is not None:
                wanted.add((min(a.id, b.id), max(a.id, b.id)))
    assert wanted <= made
    assert (900, 901) in made
    refused = [(a, b) for a, b in candidate_pairs(people) if compare(a, b) is None]
    assert len(refused) < len(made) // 5  # the refused pairs are no longer most of the work
