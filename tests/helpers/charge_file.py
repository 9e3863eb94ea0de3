"""A generated charge-level docket in the shape of a real statewide DV charge file.

One row per charge: a case (court + case id) has one to several rows, each with its
own charge text, statute, severity, disposition and dates. Most charges are
assault or criminal mischief; a few dozen cases are charged with stalking or with
violating a protective order, about nine hundred with electronic-communication
harassment; the same case id occurs in two courts for about one case in eight.
Every name is invented. Used by the tests (priority order on a real-shaped file) and
by bench/bench_charge_import.py (which puts tests/ on its path).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HEADER = ["Court", "Case ID", "Defendant", "Filed Date", "Offense Date", "Charge Description",
          "Statute", "Charge Level", "Disposition", "Disposition Date", "DV_at_Disposition"]
COURTS = ["Alder County Justice Court Pct 1", "Birch County Justice Court Pct 2",
          "Cedar County Justice Court Pct 1", "Dogwood County Justice Court Pct 3"]
FIRST = ["Avery", "Blake", "Casey", "Dana", "Emery", "Finley", "Gray", "Harper", "Indy", "Jules",
         "Kendall", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Tatum"]
LAST = ["Ashgrove", "Brindle", "Copperfield", "Dunmore", "Elmsworth", "Fenwick", "Galloway",
        "Hartwell", "Ivesdale", "Jessop", "Kestrel", "Larkspur", "Mossbank", "Northcote",
        "Oxley", "Pemberton", "Quarrington", "Redfern", "Stillwater", "Thornbury"]
# (charge text, statute, level): the stalking-specific ones first.
STALKING = [("STALKING", "42.072", "F3")]
ORDER_VIOLATION = [("VIOLATE EXPARTE OR PROTECTIVE ORDER", "25.07", "MA"),
                   ("VIOLATION OF A PRETRIAL PROTECTIVE ORDER", "25.07(A)", "MA")]
E_HARASSMENT = [("HARASSMENT BY ELECTRONIC COMMUNICATION", "42.07(A)(7)", "MB")]
COMMON = [("ASSAULT CAUSES BODILY INJURY FAMILY MEMBER", "22.01(B)", "MA"),
          ("ASSAULT BY CONTACT FAMILY MEMBER", "22.01(A)(3)", "MC"),
          ("CRIMINAL MISCHIEF >=$100<$750", "28.03(B)(2)", "MB"),
          ("CRIMINAL MISCHIEF <$100", "28.03(B)(1)", "MC"),
          ("DISORDERLY CONDUCT", "42.01", "MC"),
          ("PUBLIC INTOXICATION", "49.02", "MC")]
PATTERN = [("CRIMINAL TRESPASS", "30.05", "MB"), ("HARASSMENT", "42.07", "MB"),
           ("INTERFERENCE WITH EMERGENCY CALL", "42.062", "MA")]
DISPOSITIONS = ["GUILTY", "DISMISSED", "DEFERRED ADJUDICATION", "NOT GUILTY", "PENDING"]


def write_charge_file(path: Path, cases: int = 61_000, rows: int = 130_000, stalking: int = 9,
                      order_violation: int = 26, e_harassment: int = 909,
                      seed: int = 20) -> dict[str, set[tuple[str, str]]]:
    """Write the CSV; returns the (court, case id) keys of the cases charged with stalking or an
    order violation ("top") and with electronic harassment only ("e_harassment")."""
    rnd = random.Random(seed)
    keys: list[tuple[str, str]] = []
    shared = cases // 8  # case ids that occur in a second court
    for i in range(cases - shared):
        keys.append((COURTS[i % len(COURTS)], f"{20 + i % 6:02d}-CR-{i:06d}"))
    for i in range(shared):
        court, number = keys[i * 7 % len(keys)]
        other = COURTS[(COURTS.index(court) + 1) % len(COURTS)]
        keys.append((other, number))
    per_case = [1] * cases
    for _ in range(rows - cases):
        per_case[rnd.randrange(cases)] += 1
    top = set(rnd.sample(range(cases), stalking + order_violation))
    top_list = sorted(top)
    stalk_cases = set(top_list[:stalking])
    rest = [i for i in range(cases) if i not in top]
    harass = set(rnd.sample(rest, e_harassment))
    out = {"top": set(), "e_harassment": set()}
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, (court, number) in enumerate(keys):
            name = f"{rnd.choice(LAST)}, {rnd.choice(FIRST)} {chr(65 + i % 26)}"
            month, day = 1 + i % 12, 1 + i % 28
            filed = f"{month:02d}/{day:02d}/2024"
            dv = "DV at Disposition" if rnd.random() < 0.7 else "Not DV at Disposition"
            charges = [rnd.choice(COMMON + PATTERN) for _ in range(per_case[i])]
            # the telling charge is often not the first row of the case
            at = rnd.randrange(len(charges))
            if i in stalk_cases:
                charges[at] = STALKING[0]
                out["top"].add((court, number))
            elif i in top:
                charges[at] = rnd.choice(ORDER_VIOLATION)
                out["top"].add((court, number))
            elif i in harass:
                charges[at] = E_HARASSMENT[0]
                out["e_harassment"].add((court, number))
            for text, statute, level in charges:
                w.writerow([court, number, name, filed, filed, text, statute, level,
                            rnd.choice(DISPOSITIONS), f"{month:02d}/{min(day + 1, 28):02d}/2024", dv])
    return out
