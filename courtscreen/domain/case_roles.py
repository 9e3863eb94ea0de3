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



# ----- reading, checking and storing roles ------------------------------------------------------

class RolesError(ValueError):
    """What is wrong with the roles a user gave, one problem per entry, each naming the field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def protected_spec(p: ProtectedPerson) -> str:
    """The CLI's spelling of a protected person: petitioner, victim, child:NAME, household:NAME."""
    if p.kind == "party":
        return p.role
    if p.kind == "victim":
        return "victim"
    return f"{p.kind}:{p.name}"


def roles_to_dict(roles: CaseRoles) -> dict:
    """The JSON the store keeps (and the audit log diffs)."""
    return {"conduct_of": roles.conduct_of, "protected": [protected_spec(p) for p in roles.protected],
            "victim_name": roles.victim_name, "relationship": roles.relationship,
            "cohabited": {True: "yes", False: "no", None: ""}[roles.cohabited],
            "hearing_with_notice": {True: "yes", False: "no", None: ""}[roles.hearing_with_notice],
            "order_kind": roles.order_kind,
            "order_date": roles.order_date.isoformat() if roles.order_date else "",
            "mutual": "yes" if roles.mutual else "no"}


def _yes_no(problems: list[str], name: str, value) -> bool | None:
    if value is None or value == "" or isinstance(value, bool):
        return None if value == "" else value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true"):
        return True
    if text in ("no", "n", "false"):
        return False
    problems.append(f"{name}: {value!r} is not yes or no")
    return None


def parse_roles(data: dict, *, criminal: bool, parties: frozenset[str] = frozenset()) -> CaseRoles:
    """Check roles a user gave (CLI options, the roles screen, stored JSON) and build CaseRoles.

    `parties` are the docket roles present on the case (petitioner, respondent,
    defendant, victim); a role naming a party not on the case is refused when
    `parties` is given. Raises RolesError listing every problem, each naming its field.
    """
    problems: list[str] = []
    base = default_roles(criminal)
    conduct = str(data.get("conduct_of", base.conduct_of) or base.conduct_of).strip().lower()
    if conduct not in CONDUCT_ROLES:
        problems.append(f"conduct_of: {conduct!r} is not one of {', '.join(CONDUCT_ROLES)}")
    elif parties and conduct not in parties:
        problems.append(f"conduct_of: this case has no {conduct} on the docket (its parties: "
                        f"{', '.join(sorted(parties)) or 'none'})")
    protected = []
    raw = data.get("protected")
    specs = [protected_spec(p) for p in base.protected] if raw is None else raw
    if isinstance(specs, str):
        specs = [specs]
    if not specs and conduct in CONDUCT_ROLES:
        specs = [protected_spec(p) for p in default_roles(criminal).protected] if conduct != "petitioner" \
            else ["respondent"]
    for spec in specs:
        text = str(spec).strip()
        kind, _, name = text.partition(":")
        kind = kind.strip().lower()
        name = " ".join(name.split())
        if kind in ("petitioner", "respondent", "defendant"):
            if kind == conduct:
                problems.append(f"protected: {kind} is the person whose conduct is at issue; the protected "
                                "person must be someone else")
            elif parties and kind not in parties:
                problems.append(f"protected: this case has no {kind} on the docket")
            else:
                protected.append(ProtectedPerson("party", kind))
        elif kind == "victim":
            protected.append(ProtectedPerson("victim", name=name))
        elif kind in ("child", "household"):
            if not name:
                problems.append(f"protected: {kind} needs a name ({kind}:NAME, e.g. {kind}:A.B.)")
            else:
                protected.append(ProtectedPerson(kind, name=name))
        else:
            problems.append(f"protected: {text!r} is not petitioner, respondent, victim, child:NAME or "
                            "household:NAME")
    relationship = str(data.get("relationship", "") or "").strip().lower().replace(" ", "_").replace("-", "_")
    if relationship not in RELATIONSHIPS:
        problems.append(f"relationship: {relationship!r} is not one of "
                        f"{', '.join(k for k in RELATIONSHIPS if k)}")
    cohabited = _yes_no(problems, "cohabited", data.get("cohabited", ""))
    hearing = _yes_no(problems, "hearing_with_notice", data.get("hearing_with_notice", ""))
    mutual = _yes_no(problems, "mutual", data.get("mutual", "")) or False
    order_kind = str(data.get("order_kind", "") or "").strip().lower().replace("-", "_").replace(" ", "_")
    if order_kind not in ORDER_KINDS:
        problems.append(f"order_kind: {order_kind!r} is not one of {', '.join(k for k in ORDER_KINDS if k)}")
    order_date = None
    raw_date = str(data.get("order_date", "") or "").strip()
    if raw_date:
        try:
            order_date = date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"order_date: {raw_date!r} is not a date (write it as 2026-08-20)")
    if mutual and conduct == "defendant":
        problems.append("mutual: a criminal case has no cross-petition; mutual findings are for civil cases")
    victim_name = " ".join(str(data.get("victim_name", "") or "").split())
    if problems:
        raise RolesError(problems)
    if victim_name:
        protected = [ProtectedPerson("victim", name=victim_name) if p.kind == "victim" and not p.name else p
                     for p in protected]
    return CaseRoles(conduct_of=conduct, protected=tuple(dict.fromkeys(protected)), victim_name=victim_name,
                     relationship=relationship, cohabited=cohabited, hearing_with_notice=hearing,
                     order_kind=order_kind, order_date=order_date, mutual=mutual, recorded=True)


def other_party(role: str) -> str:
    """The other side of a civil case: whose conduct the cross-petition puts at issue."""
    return {"respondent": "petitioner", "petitioner": "respondent"}.get(role, role)


def firearms_note(roles: CaseRoles, credible_threat: str = "") -> str:
    """Why the findings do or do not mention 18 U.S.C. 922(g)(8): for the case view and the CLI."""
    if not roles.intimate_partner:
        why = ("the relationship is not recorded" if not roles.relationship else
               f"a {RELATIONSHIPS.get(roles.relationship, roles.relationship)} is not an intimate partner "
               "under 18 U.S.C. 921(a)(32)")
        return f"not mentioned: {why}"
    if roles.hearing_with_notice is not True:
        return ("not mentioned: the order is not recorded as following a hearing with actual notice and a "
                "chance to take part")
    if credible_threat != "yes":
        return "not mentioned until the court finds a credible threat"
    return "mentioned: intimate partner, hearing with notice, credible threat found"
