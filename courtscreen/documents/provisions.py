"""The provisions of one order: chosen from the catalogue, worded with the case's roles, each with the
specific finding or rule of law it rests on, and the order's own terms (its date and kind, full faith
and credit, the firearms notice, the supervision statute).

Who is restrained and who is protected come from the case's recorded roles
(domain.case_roles), never from the docket columns: in custody litigation the
petitioner is often the person whose conduct is at issue. `case_roles` is the
one seam that reads them from a CaseRecord (its `roles` once the findings work
stores them, else the defaults for the case type).

The basis printed on the order names the finding ("Based on finding 2: the
respondent hid a GPS tracker under the petitioner's car on 10 August 2026"),
never the screening; a standing rule of law is named as such.
"""

from __future__ import annotations

import re
from datetime import date

from courtscreen.domain.case_roles import CaseRoles, default_roles, other_party
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.clauses import (
    CaseFacts,
    ClauseError,
    Support,
    check_params,
    fill,
    supports,
)
from courtscreen.domain.findings import course_of_conduct

PLACE_WORDS = {  # how a protected place is named in an order; the address follows only if included
    "home": "the residence of {protected}", "workplace": "the workplace of {protected}",
    "school": "the children's school", "childcare": "the children's childcare provider",
    "shelter": "any shelter or safe housing where {protected} is staying",
}
DEFAULT_PLACES = "the residence, workplace and school of {protected}"
PARTY_WORDS = {"petitioner": "the petitioner", "respondent": "the respondent", "defendant": "the defendant"}
MAX_BASIS_FINDINGS = 3
CONDITION_REASON = "Reason for this condition, as the court states it: ______________________________"
PROVISION_REASON = "No finding recorded for this provision; the court's reason: _________________________"
BLANK_DATE = "______________"


def case_roles(record) -> CaseRoles:
    """The roles of the case: recorded ones when the record carries them, else the type's defaults."""
    roles = getattr(record, "roles", None)
    return roles if isinstance(roles, CaseRoles) else default_roles(record.criminal)


def case_facts(record, jurisdiction=None, pretrial: bool = False) -> CaseFacts:
    """What the support rules read: the findings, the screening, the roles and the profile's law."""
    return CaseFacts(record.incidents, record.conclusion, record.behaviours, record.risk_markers,
                     frozenset(p.kind for p in record.protected), roles=case_roles(record),
                     criminal=record.criminal, pretrial=pretrial,
                     domestic_violence=record.case_type == CaseType.DOMESTIC_VIOLENCE,
                     state_firearms_law=str(getattr(jurisdiction, "firearms_state_law", "") or "").strip())


def role_words(form, record) -> dict[str, str]:
    """{restrained} and {protected} as the case's roles name them."""
    roles = case_roles(record)
    if form.kind == "conditions" or record.criminal:
        restrained = "the defendant"
    else:
        restrained = PARTY_WORDS.get(roles.conduct_of, "the respondent")
    first = roles.protected[0] if roles.protected else None
    if first is None or first.kind == "victim" or (form.kind == "conditions" and first.kind == "party"):
        protected = "the victim" if (record.criminal or form.kind == "conditions") else "the petitioner"
    elif first.kind == "party":
        protected = PARTY_WORDS.get(first.role, "the petitioner")
    else:
        protected = first.name or ("the child" if first.kind == "child" else "the household member")
    return {"restrained": restrained, "respondent": restrained, "protected": protected}


def _list(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    sep = "; " if any("," in p for p in parts) else ", "
    return sep.join(parts[:-1]) + (";" if sep == "; " else "") + " and " + parts[-1]


def places_phrase(record, words: dict, include_confidential: bool) -> str:
    """'the residence of the petitioner, the workplace of the petitioner and the children's school'."""
    parts = []
    for p in record.protected:
        if p.kind not in PLACE_WORDS:
            continue
        phrase = PLACE_WORDS[p.kind].format(**words)
        parts.append(f"{phrase} at {p.value}" if include_confidential else phrase)
    parts = list(dict.fromkeys(parts))
    return _list(parts) if parts else DEFAULT_PLACES.format(**words)


def federal_firearms(facts: CaseFacts) -> bool:
    """18 U.S.C. 922(g)(8) applies: intimate partner, hearing with notice, credible threat found."""
    return (not facts.criminal and facts.roles.federal_firearms_order
            and facts.conclusion.credible_threat == "yes")


def firearms_basis(facts: CaseFacts, words: dict) -> str:
    """The sentence on the law the recorded facts allow, or nothing (never 'federal law requires')."""
    r = words["restrained"]
    if facts.state_firearms_law:
        return f" {facts.state_firearms_law.rstrip('.')}."
    if federal_firearms(facts):
        return (f" This order meets the conditions of 18 U.S.C. § 922(g)(8): while it is in effect federal "
                f"law also forbids {r} to possess a firearm or ammunition.")
    if facts.criminal and not facts.pretrial and facts.domestic_violence:
        return (" Federal law also forbids possession by a person convicted of a misdemeanor crime of "
                "domestic violence or of a felony (18 U.S.C. § 922(g)(9), (g)(1)).")
    return ""


def choose(form, record, choices, include_confidential: bool = False, jurisdiction=None,
           pretrial: bool = False) -> list:
    """The provisions for this document: the user's choices, or the pre-selected ones if None.

    A clause the user names that this form does not offer in this case, or a bad
    parameter, raises ClauseError naming it (and why it is not offered).
    """
    from courtscreen.documents.context import Provision as ContextProvision

    facts = case_facts(record, jurisdiction, pretrial)
    every = {s.clause.id: s for s in supports(form.id, facts)}
    available = {cid: s for cid, s in every.items() if s.offered}
    if choices is None:
        from courtscreen.documents.context import Choice

        choices = [Choice(cid) for cid, s in available.items() if s.preselect]
    words = role_words(form, record)
    names = {**words, "places": places_phrase(record, words, include_confidential),
             "firearms_basis": firearms_basis(facts, words)}
    out = []
    for choice in choices:
        if choice.clause_id in every and choice.clause_id not in available:
            raise ClauseError(f"{choice.clause_id!r} is not offered for this case: "
                              f"{every[choice.clause_id].not_offered}")
        if choice.clause_id not in available:
            raise ClauseError(f"{choice.clause_id!r} is not a provision of the form {form.id} "
                              f"(its provisions: {', '.join(available) or 'none'})")
        support = available[choice.clause_id]
        params = check_params(support.clause, choice.params)
        out.append(ContextProvision(support.clause, params, support, fill(support.clause, params, names)))
    order = list(available)
    return sorted(out, key=lambda p: order.index(p.clause.id))


def date_words(d: date | None, jurisdiction=None) -> str:
    """A date in the document's one style: the profile's `date_style` when it has one."""
    if d is None:
        return ""
    style = getattr(jurisdiction, "date_style", None)
    if style is None:
        return f"{d:%-d %B %Y}"
    from courtscreen.domain.incident_dates import format_date

    return format_date(d, style)


def _when(inc, jurisdiction=None) -> str:
    style = getattr(jurisdiction, "date_style", None)
    return inc.when.phrase(style) if style is not None else inc.when.phrase()


def _finding_sentence(inc, restrained: str, jurisdiction=None) -> str:
    desc = inc.description.strip()
    if desc.endswith(".") and not re.search(r"\b[a-zA-Z]\.[a-zA-Z]\.$", desc):  # keep "3 a.m."
        desc = desc[:-1]
    when = _when(inc, jurisdiction)
    first = desc.split(" ", 1)[0]
    if first and first[0].islower():
        return f"{restrained} {desc} {when}"
    return f"{desc} ({when})"


def basis(support: Support, words: dict, conclusion=None, jurisdiction=None) -> str:
    """What the order says a provision rests on: the specific findings, the court's conclusion, the law."""
    parts = []
    incs = sorted(support.proven, key=lambda i: i.number)
    if incs:
        nums = [str(i.number) for i in incs]
        label = (f"finding {nums[0]}" if len(nums) == 1
                 else "findings " + ", ".join(nums[:-1]) + " and " + nums[-1])
        shown = "; ".join(_finding_sentence(i, words["restrained"], jurisdiction)
                          for i in incs[:MAX_BASIS_FINDINGS])
        more = len(incs) - MAX_BASIS_FINDINGS
        parts.append(f"{label}: {shown}" + (f"; and {more} more" if more > 0 else ""))
    if "credible threat found" in support.record:
        why = (getattr(conclusion, "credible_threat_basis", "") or "").strip().rstrip(".")
        parts.append("the court's finding of a credible threat" + (f": {why}" if why else ""))
    parts += [b.text for b in support.law if b.sure]
    return ("Based on " + "; and on ".join(parts)) if parts else ""


def order_terms(form, record, jurisdiction, pretrial: bool = False) -> dict:
    """The order's own facts for the template: what it forms part of, FFC, firearms, supervision law."""
    roles = case_roles(record)
    facts = case_facts(record, jurisdiction, pretrial)
    kind = {"ex_parte": "ex parte", "temporary": "temporary", "final": "final"}.get(roles.order_kind, "")
    entered = (f"the {kind + ' ' if kind else ''}protection order entered in this case on "
               f"{date_words(roles.order_date, jurisdiction) or BLANK_DATE}")
    state_law = str(getattr(jurisdiction, "firearms_state_law", "") or "").strip()
    if federal_firearms(facts):
        notice = "possessing a firearm or ammunition while it is in force is a federal crime"
    elif state_law:
        notice = state_law.rstrip(".")
    else:
        notice = ""
    words = role_words(form, record)
    return {"entered": entered, "kind": kind, "date": date_words(roles.order_date, jurisdiction),
            "restrained": words["restrained"], "protected": words["protected"],
            "restrained_name": party_name(record, roles, restrained=True, form=form),
            "protected_name": (party_name(record, roles, restrained=False, form=form)
                               or ("" if form.kind == "conditions" else words["protected"])),
            "full_faith_and_credit": full_faith_and_credit(record, roles, jurisdiction),
            "federal_firearms": federal_firearms(facts),
            "firearms_notice": notice, "pretrial": pretrial,
            "supervision_citation": supervision_citation(jurisdiction, pretrial)}


def full_faith_and_credit(record, roles: CaseRoles, jurisdiction) -> bool:
    """Whether the order may say it is to be enforced everywhere (18 U.S.C. 2265).

    A one-sided order: yes. A mutual order keeps full faith and credit against the original
    petitioner only where the court made specific findings that each party was entitled to the
    order (2265(c)); here that means, for each party's own conduct, at least one incident found
    proven and every element the findings need decided "found" (the case's conclusion for one
    party, the cross conclusion for the other). Anything less for either party: no such sentence.
    """
    if not roles.mutual:
        return True
    acts = getattr(jurisdiction, "acts_required", 2)
    mental = getattr(jurisdiction, "mental_state", "none")
    for actor, conclusion in ((roles.conduct_of, record.conclusion),
                              (other_party(roles.conduct_of), record.cross_conclusion)):
        found = course_of_conduct(record.incidents, conclusion, acts, mental, actor=actor,
                                  conduct_of=roles.conduct_of)
        if not found.proven or not all(e.met for e in found.needed):
            return False
    return True


def party_name(record, roles: CaseRoles, *, restrained: bool, form=None) -> str:
    """The name of the restrained or the protected person, from the roles (never assumed from columns)."""
    if restrained:
        if record.criminal or roles.conduct_of in ("respondent", "defendant"):
            return record.respondent or "(not named on the docket)"
        return record.petitioner or "(not named on the docket)"
    first = roles.protected[0] if roles.protected else None
    if first is None or first.kind == "victim":
        return roles.victim_name or record.victim or ""
    if first.kind == "party":
        name = record.respondent if first.role in ("respondent", "defendant") else record.petitioner
        return name or record.conclusion.directed_at or "(not named on the docket)"
    return first.name or record.conclusion.directed_at or "the protected person"


def supervision_citation(jurisdiction, pretrial: bool) -> str:
    """§ 3563(b) only for a federal court (probation); pretrial: § 3142(c); a state court: its own."""
    federal = bool(getattr(jurisdiction, "federal_court", False))
    citations = dict(getattr(jurisdiction, "citations", {}) or {})
    if pretrial:
        return citations.get("pretrial_release", "") or ("18 U.S.C. § 3142(c)" if federal else "")
    own = citations.get("supervision", "")
    if federal:
        return own or "18 U.S.C. § 3563(b)"
    return "" if "3563" in own else own


def provision_rows(form, record, provisions, jurisdiction=None) -> list[dict]:
    """The provisions as the template prints them: each with its own basis (or, for a condition, a line
    for the court's reason: a condition needs its own nexus, never boilerplate)."""
    from courtscreen.documents.render import clean_text

    words = role_words(form, record)
    rows = []
    for n, p in enumerate(provisions, 1):
        text = basis(p.support, words, record.conclusion, jurisdiction)
        if text:
            text = text[:1].upper() + text[1:]
        elif form.kind == "conditions":
            text = CONDITION_REASON
        elif not (p.clause.rule.exception_of or p.clause.rule.always):
            text = PROVISION_REASON
        rows.append({"number": n, "id": p.clause.id, "heading": clean_text(p.clause.heading),
                     "text": clean_text(p.text), "support": clean_text(p.support.describe()),
                     "basis": clean_text(text)})
    return rows


def complete_context(context: dict, form, record, provisions, jurisdiction, pretrial: bool = False) -> dict:
    """The provisions with their own basis, and the order's own terms: build_context's last step."""
    context["provisions"] = provision_rows(form, record, provisions, jurisdiction)
    terms = order_terms(form, record, jurisdiction, pretrial)
    context["order"].update(terms)
    if pretrial and form.kind == "conditions":
        context["order"]["title"] = "Conditions of Pretrial Release (Stalking)"
    context["citations"]["supervision"] = terms["supervision_citation"]
    return context
