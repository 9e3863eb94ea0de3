"""Who did what to whom in one case: the person whose conduct is at issue, the protected persons
and their relationship.

A docket's columns say who filed (petitioner) and who answers (respondent or
defendant); they do not say whose conduct the court is examining. In custody and
divorce cases the petitioner is often the one whose conduct is at issue, and in
criminal cases the protected person (the victim) is often not on the docket at
all. These facts are recorded per case and every finding, provision and caption
reads them from here, never from the docket roles directly.

The relationship and the hearing decide which firearms language may appear:
18 U.S.C. 922(g)(8) needs an intimate partner (18 U.S.C. 921(a)(32): spouse,
former spouse, co-parent, cohabiting or formerly cohabiting partner; not a
dating partner who never lived with the respondent) and an order issued after a
hearing of which the respondent had actual notice and a chance to take part.

This module is the shared vocabulary (pure data); the store keeps it and the
screens and the CLI edit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CONDUCT_ROLES = ("petitioner", "respondent", "defendant")
PROTECTED_KINDS = ("party", "victim", "child", "household")

RELATIONSHIPS = {
    "spouse": "spouse",
    "former_spouse": "former spouse",
    "co_parent": "parent of a child in common",
    "cohabiting": "cohabiting partner",
    "formerly_cohabiting": "former cohabiting partner",
    "dating": "dating partner (never lived together)",
    "family_household": "family or household member",
    "acquaintance": "acquaintance",
    "stranger": "stranger",
    "": "not recorded",
}
# 18 U.S.C. 921(a)(32) "intimate partner" (with cohabitation as the courts read it).
INTIMATE_RELATIONSHIPS = frozenset({"spouse", "former_spouse", "co_parent", "cohabiting",
                                    "formerly_cohabiting"})

ORDER_KINDS = {"ex_parte": "ex parte", "temporary": "temporary", "final": "final", "": "not recorded"}


@dataclass(frozen=True)
class ProtectedPerson:
    """One person the order protects.

    kind "party": a party of the case, `role` names it (petitioner/respondent);
    kind "victim": the victim in a criminal case (name may be typed in when the docket has none);
    kind "child" / "household": named by `name`.
    """

    kind: str
    role: str = ""
    name: str = ""


@dataclass(frozen=True)
class CaseRoles:
    """The roles the court has recorded for one case (or the defaults for its type)."""

    conduct_of: str = "respondent"  # a CONDUCT_ROLES value: whose conduct is at issue
    protected: tuple[ProtectedPerson, ...] = (ProtectedPerson("party", "petitioner"),)
    victim_name: str = ""  # criminal cases: the victim as the court names them
    relationship: str = ""  # a RELATIONSHIPS key
    cohabited: bool | None = None  # ever lived together (None: not recorded)
    hearing_with_notice: bool | None = None  # after a hearing with actual notice and a chance to be heard
    order_kind: str = ""  # an ORDER_KINDS key: the order this case's documents belong to
    order_date: date | None = None  # the date that order was (or will be) entered
    mutual: bool = False  # cross-petitions / mutual order: each party's conduct found separately
    recorded: bool = False  # False: these are the defaults for the case type, nobody has confirmed them

    @property
    def intimate_partner(self) -> bool:
        """The protected party is the conduct party's intimate partner (18 U.S.C. 921(a)(32))."""
        if self.relationship in INTIMATE_RELATIONSHIPS:
            return True
        return self.relationship == "dating" and self.cohabited is True

    @property
    def federal_firearms_order(self) -> bool:
        """The recorded facts allow 18 U.S.C. 922(g)(8) language (credible threat is checked separately)."""
        return self.intimate_partner and self.hearing_with_notice is True


def default_roles(criminal: bool) -> CaseRoles:
    """Civil: the respondent's conduct, the petitioner protected. Criminal: the defendant's, the victim."""
    if criminal:
        return CaseRoles(conduct_of="defendant", protected=(ProtectedPerson("victim"),))
    return CaseRoles()

