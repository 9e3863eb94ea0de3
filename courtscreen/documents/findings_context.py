"""The findings part of a document's context: who did what to whom from the case's roles, the court's
prose for each incident, only the conclusions decided, the DRAFT mark, and the citations the
jurisdiction profile supplies.

A mutual case (cross-petitions) gets one set of findings per party, each on
that party's own incidents and the court's own conclusions about that party
(18 U.S.C. 2265(c): a mutual order needs specific findings for each party).
"""

from __future__ import annotations

from courtscreen.config import Jurisdiction
from courtscreen.documents.render import clean_text
from courtscreen.domain.case_roles import RELATIONSHIPS, CaseRoles, other_party
from courtscreen.domain.findings_text import Parties, draft_findings

ROLE_WORDS = {"petitioner": "the petitioner", "respondent": "the respondent", "defendant": "the defendant"}


def _t(value) -> str:
    return clean_text(str(value or "")).strip()


def protected_people(roles: CaseRoles, names: dict[str, str], exclude: str = "") -> list[tuple[str, str]]:
    """(how the findings name them, their name or "") for each protected person, in order."""
    out = []
    for p in roles.protected:
        if p.kind == "party":
            if p.role != exclude:
                out.append((ROLE_WORDS.get(p.role, f"the {p.role}"), names.get(p.role, "")))
        elif p.kind == "victim":
            out.append(("the victim", p.name or roles.victim_name or names.get("victim", "")))
        elif p.kind == "child":
            out.append((f"the child {p.name}", ""))
        else:
            out.append((f"{p.name}, a member of the household", ""))
    return out


def parties_for(roles: CaseRoles, names: dict[str, str], actor: str | None = None) -> Parties:
    """How one set of findings names the people. `actor` is the party whose conduct this set is about
    (in a mutual case the other party is then the protected one)."""
    actor = actor or roles.conduct_of
    if actor != roles.conduct_of:  # the cross-petition: the roles are reversed
        people = [(ROLE_WORDS.get(roles.conduct_of, ""), names.get(roles.conduct_of, ""))]
    else:
        people = protected_people(roles, names, exclude=actor) or [("the protected person", "")]
    first_label, first_name = people[0]
    children = tuple(p.name for p in roles.protected if p.kind == "child")
    return Parties(
        conduct=ROLE_WORDS.get(actor, f"the {actor}"),
        protected=first_label,
        conduct_name=_t(names.get(actor, "")),
        protected_name=_t(first_name),
        children=children,
    )


def firearms_finding(roles: CaseRoles, who: Parties, jurisdiction: Jurisdiction) -> str:
    """Only when the record supports it: intimate partner, hearing with notice, credible threat found."""
    relation = RELATIONSHIPS.get(roles.relationship, roles.relationship)
    cite = jurisdiction.citations.get("firearms", "18 U.S.C. § 922(g)(8)")
    return (f"{who.protected[:1].upper()}{who.protected[1:]} is the {relation} of {who.conduct}, an intimate "
            f"partner within the meaning of 18 U.S.C. § 921(a)(32). These findings follow a hearing of which "
            f"{who.conduct} received actual notice and at which {who.conduct} had an opportunity to "
            f"participate, and include a finding of a credible threat to the physical safety of "
            f"{who.protected} ({cite}).")


def findings_context(record, jurisdiction: Jurisdiction, include_confidential: bool = False) -> dict:
    """The `findings` dict of a findings document (and of any form that lists findings)."""
    roles = record.roles
    names = {
        "petitioner": record.petitioner,
        "respondent": record.respondent,
        "defendant": record.respondent,
        "victim": record.victim,
    }
    if record.criminal:
        names["petitioner"] = ""  # the State is a party, never the person harmed or the actor
    citation = jurisdiction.findings_citation("course_of_conduct")
    actors = [roles.conduct_of] + ([other_party(roles.conduct_of)] if roles.mutual else [])
    sets = []
    for n, actor in enumerate(actors):
        conclusion = record.conclusion if n == 0 else record.cross_conclusion
        who = parties_for(roles, names, actor)
        draft = draft_findings(
            record.incidents,
            conclusion,
            acts_required=jurisdiction.acts_required,
            mental_state=jurisdiction.mental_state,
            parties=who,
            include_confidential=include_confidential,
            style=jurisdiction.date_style,
            actor=actor if roles.mutual else None,
            conduct_of=roles.conduct_of,
            citation=citation,
        )
        sets.append(
            {
                "heading": (f"Findings on the conduct of {who.named('conduct')}" if roles.mutual else ""),
                "conduct": who.conduct,
                "conduct_named": _t(who.named("conduct")),
                "protected": who.protected,
                "protected_named": _t(who.named("protected")),
                "incidents": [{"number": k, "text": _t(v)} for k, v in draft.by_incident.items()],
                "none_found": f"The court does not find any act of {who.conduct} proven on the present "
                              f"record.",
                "not_found": [_t(t) for t in draft.not_found],
                "conclusions": [_t(t) for t in draft.conclusions]
                + ([_t(firearms_finding(roles, who, jurisdiction))] if n == 0 and roles.federal_firearms_order
                   and conclusion.credible_threat == "yes" and not record.criminal else []),
                "draft": draft.draft,
                "established": draft.coc.established,
                "summary": _t(draft.summary),
                "missing": list(draft.missing),
                "credible_threat": {"yes": "found", "no": "not found"}.get(
                    conclusion.credible_threat, "not decided"
                ),
            }
        )
    first = sets[0]
    kind = "criminal" if record.criminal else "civil"
    return {
        **{
            k: first[k]
            for k in ("incidents", "not_found", "conclusions", "summary", "established", "credible_threat")
        },
        "sets": sets,
        "mutual": roles.mutual,
        "draft": any(s["draft"] for s in sets),
        "acts_required": jurisdiction.acts_required,
        "standard_of_proof": _t(jurisdiction.standard_of_proof.get(kind, "")),
        "citation": _t(citation),
        "citations_note": _t(jurisdiction.citations_note),
        "warnings": jurisdiction.citation_warnings(),
        "conduct": first["conduct"],
        "conduct_named": first["conduct_named"],
        "protected_named": first["protected_named"],
    }
