"""Evidence weights estimated from the docket itself (m/u, in bits), for link_evidence.

Fixed weights are guesses about somebody else's docket: a court that rarely writes middle
initials, or whose people rarely come back with the same other party, should weigh them
as its own rows show. `estimate_weights` learns them from pairs whose truth the data
itself gives: rows of one name with a date of birth in two cases are one person when the
dates agree (an m sample) and two people when they differ (a u sample). That is the idea
of splink's "m from a label column" and "u from random pairs", with the birth date as the
label, in a few lines instead of an EM run.
"""

from __future__ import annotations

import math
from collections import Counter

from courtscreen.domain.party_matching import PartyName

MIDDLE_BITS = 4.0  # two middle initials agree: about 1 in 18 by chance (default)
MIDDLE_ONE_BITS = -2.0  # a middle initial on one row only: more usual for two people (default)
NO_COPARTY_BITS = -1.0  # both cases name another person, and they differ (default)

ESTIMATE_ROWS = 30  # rows per name used for estimate_weights (a common name would be quadratic)
PRIOR_PAIRS = 100  # estimate_weights leans on the defaults until it has this many pairs of each kind


def _middle_state(a: PartyName, b: PartyName) -> str:
    if a.middle and b.middle:
        return "agree" if a.middle == b.middle else "differ"
    return "one" if a.middle or b.middle else "none"


def estimate_weights(dated: dict[str, list[PartyName]]) -> dict[str, float]:
    """The middle-initial and co-party weights (log2 m/u) as this docket shows them, from pairs
    of rows that carry one name and a date of birth in two cases: the same date of birth makes
    them one person (an m sample), two dates two people (a u sample). So a court that rarely
    writes middle initials, or whose people rarely come back with the same other party, weighs
    them as it should. Estimates are shrunk towards the defaults while the samples are small
    (PRIOR_PAIRS); "neither has a middle initial" stays neutral, as missing data (splink's rule).
    """
    m_mid: Counter = Counter()
    u_mid: Counter = Counter()
    m_co: Counter = Counter()
    u_co: Counter = Counter()
    for rows in dated.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if a.case_id is not None and a.case_id == b.case_id:
                    continue
                same = a.dob == b.dob
                (m_mid if same else u_mid)[_middle_state(a, b)] += 1
                if a.coparties and b.coparties:
                    (m_co if same else u_co)[bool(a.coparties & b.coparties)] += 1
    out = {}
    for name, m, u, state, default in (("middle_agree", m_mid, u_mid, "agree", MIDDLE_BITS),
                                       ("middle_one", m_mid, u_mid, "one", MIDDLE_ONE_BITS),
                                       ("no_coparty", m_co, u_co, False, NO_COPARTY_BITS)):
        out[name] = _shrunk(m, u, state, default)
    # an agreeing initial is never evidence against; one missing, or two co-parties, never for
    out["middle_agree"] = max(0.0, out["middle_agree"])
    out["middle_one"], out["no_coparty"] = min(0.0, out["middle_one"]), min(0.0, out["no_coparty"])
    return out


def _shrunk(m: Counter, u: Counter, state, default: float) -> float:
    nm, nu = sum(m.values()), sum(u.values())
    if not nm or not nu:
        return default
    k = len(m | u) or 1
    est = math.log2(((m[state] + 0.5) / (nm + 0.5 * k)) / ((u[state] + 0.5) / (nu + 0.5 * k)))
    n = min(nm, nu)
    w = (n * est + PRIOR_PAIRS * default) / (n + PRIOR_PAIRS)
    return max(default - 3, min(default + 3, w))
