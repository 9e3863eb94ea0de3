"""Draft findings text: the court's prose for each incident found, and only the conclusions decided.

Screen labels (methods, areas, reactions, the finding state) are for the
screen. Here every incident reads as a sentence a judge would sign: who did
what (the case's roles, never the docket's columns), when (approximate dates
kept approximate, one date style), how and where, on what evidence, with what
effect. An allegation the court has not found proven is left out or worded as
the court would, as the user chose for that incident; a to-do list or "not yet
found" never reaches a document. An element the court has not decided gives
no sentence at all (the document is then a DRAFT: see findings_elements).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from courtscreen.domain.findings import THREAT_TO, Conclusion, Incident
from courtscreen.domain.findings_elements import MENTAL_STATES, CourseOfConduct, course_of_conduct
from courtscreen.domain.incident_dates import span_phrase

WITHHELD = "a confidential location (withheld)"
# Method words as the court writes them, and words that show a description already says how.
METHOD_PROSE = {
    "in_person": ("", ()),
    "phone": ("by telephone", ("call", "phone", "rang", "voicemail")),
    "text": ("by text message", ("text", "sms", "message")),
    "email": ("by email", ("email", "e-mail")),
    "social_media": (
        "on social media",
        (
            "facebook",
            "instagram",
            "tiktok",
            "snapchat",
            "social media",
            "twitter",
            "posted",
            "online",
            "profile",
            "whatsapp",
        ),
    ),
    "mail": ("by mail, notes or gifts", ("letter", "card", "note", "gift", "flowers", "mail", "package")),
    "gps_tracker": (
        "using a tracking device or location app",
        ("gps", "tracker", "airtag", "tile", "location", "tracking"),
    ),
    "spyware": (
        "through spyware or access to the protected person's devices or accounts",
        ("spyware", "account", "password", "logged in", "device", "stalkerware"),
    ),
    "third_party": (
        "through another person",
        ("through", "friend", "mother", "father", "sister", "brother", "asked"),
    ),
    "court_filing": ("through a court filing", ("filed", "filing", "motion", "petition", "complaint")),
    "other": ("", ()),
}
REACTION_PROSE = {
    "fear": "was afraid",
    "distress": "suffered substantial emotional distress",
    "changed_routine": "changed daily routines",
    "moved": "moved to a new home",
    "changed_number": "changed phone number or accounts",
    "missed_work": "missed work or school",
    "safety_measures": "took steps for safety",
}
EVIDENCE_PROSE = {
    "screenshot": "screenshots",
    "call_log": "a call log",
    "police_report": "a police report",
    "witness": "the testimony of a witness",
    "photo": "photographs or video",
    "document": "a document or record",
    "device_report": "a report on the device or tracker",
    "testimony": "testimony",
    "other": "other evidence",
}
SOURCE_PROSE = {
    "petition": "submitted with the petition",
    "testimony": "given at the hearing",
    "police_report": "from a police report",
    "probation_file": "from the probation file",
    "screening": "",
    "other": "",
}


@dataclass(frozen=True)
class Parties:
    """How the findings name the people: the case's roles in the case's vocabulary.

    `conduct` is "the respondent" / "the defendant" / "the petitioner"; the
    `*_name` fields are the names the docket (or the court) gives them. A name
    is used once, at the first mention ("the victim, Jane Doe"); an unnamed
    victim is "the victim", never "the victim, the victim".
    """

    conduct: str = "the respondent"
    protected: str = "the petitioner"
    conduct_name: str = ""
    protected_name: str = ""
    children: tuple[str, ...] = ()

    def named(self, who: str) -> str:
        label, name = (
            (self.conduct, self.conduct_name) if who == "conduct" else (self.protected, self.protected_name)
        )
        return f"{label}, {name}" if name and name.lower() not in label.lower() else label

    def threat_whom(self, threat_to: str) -> str:
        kids = (
            "the child " + self.children[0]
            if len(self.children) == 1
            else "the children " + _join(list(self.children))
            if self.children
            else "the child or children"
        )
        return {"protected": self.protected, "children": kids, "both": f"{self.protected} and {kids}"}.get(
            threat_to, THREAT_TO.get(threat_to, self.protected)
        )


@dataclass(frozen=True)
class DraftFindings:
    """Paragraphs ready for a template: each incident found, the court's wording of allegations not found,
    and the conclusions the court decided (nothing for what it has not)."""

    incidents: tuple[str, ...]  # one paragraph per proven incident, in date order
    not_found: tuple[str, ...]  # allegations, worded as the court chose ("The court does not find that …")
    conclusions: tuple[str, ...]
    summary: str  # for the screen: "3 acts from … to …"
    by_incident: dict[int, str] = field(default_factory=dict)  # incident number -> paragraph
    draft: bool = False  # an element the findings need is not decided: the document is a DRAFT
    missing: tuple[str, ...] = ()  # what is still to do: for the screen and `findings show`, never a form
    coc: CourseOfConduct | None = None


def draft_findings(
    incidents,
    conclusion: Conclusion | None = None,
    *,
    acts_required: int = 2,
    mental_state: str = "none",
    parties: Parties | None = None,
    respondent: str = "",
    protected: str = "",
    include_confidential: bool = False,
    style: str = "us",
    actor: str | None = None,
    conduct_of: str = "",
    citation: str = "",
) -> DraftFindings:
    """The findings text for one party's conduct (`actor`; None: every incident)."""
    conclusion = conclusion or Conclusion()
    if parties is None:
        parties = Parties(conduct=respondent or "the respondent", protected=protected or "the petitioner")
    coc = course_of_conduct(
        incidents, conclusion, acts_required, mental_state, actor=actor, conduct_of=conduct_of
    )
    live = sorted(
        (i for i in incidents if not i.withdrawn and (actor is None or (i.actor or conduct_of) == actor)),
        key=_order,
    )
    found, others, by_number = [], [], {}
    for inc in live:
        if inc.finding == "proven":
            text = incident_sentence(inc, parties, include_confidential, style)
            found.append(text)
            by_number[inc.number] = text
        elif inc.if_not_proven in ("no_finding", "not_found"):
            others.append(allegation_sentence(inc, parties, include_confidential, style))
    conclusions = _conclusions(coc, conclusion, parties, live, style, citation, mental_state)
    span = span_phrase([i.when for i in live if i.finding == "proven"], style)
    summary = (
        f"{coc.acts} act(s) found proven"
        + (f" {span}" if span else "")
        + f"; {coc.alleged} alleged, {coc.disputed} disputed, {coc.withdrawn} withdrawn."
    )
    return DraftFindings(
        tuple(found),
        tuple(others),
        tuple(conclusions),
        summary,
        by_number,
        coc.draft,
        tuple(coc.missing),
        coc,
    )


def _conclusions(
    coc: CourseOfConduct, c: Conclusion, who: Parties, live, style: str, citation: str, mental_state: str
) -> list[str]:
    out = []
    proven = [i for i in live if i.finding == "proven"]
    if coc.acts:
        span = span_phrase([i.when for i in proven], style)
        series = [i for i in proven if i.acts_counted > 1]
        named = who.named("conduct")
        out.append(
            f"The court finds {_count(coc.acts)} act{'s' if coc.acts != 1 else ''} by "
            f"{named}"
            + ("," if span and named != who.conduct else "")
            + (f" {span}" if span else "")
            + (
                ", counting the repeated conduct found in paragraph"
                + ("s " if len(series) > 1 else " ")
                + _join([str(proven.index(i) + 1) for i in series])
                + " as the number of acts stated there"
                if series
                else ""
            )
            + "."
        )
    for e in coc.needed:
        words = e.decision.words.rstrip(".")
        if e.met is None:
            continue
        yes = e.met
        if e.key == "acts":
            if not yes:
                out.append(
                    f"The court does not find {_count(coc.acts_required)} or more acts, as the law "
                    "requires for a course of conduct" + (f": {words}" if words else "") + "."
                )
        elif e.key == "continuity":
            out.append(
                (
                    "The acts evidence a continuity of purpose"
                    if yes
                    else "The court does not find that the acts evidence a continuity of purpose"
                )
                + (f": {words}" if words else "")
                + "."
            )
        elif e.key == "directed":
            out.append(
                f"The conduct was directed at a specific person, {words or who.named('protected')}."
                if yes
                else "The court does not find that the conduct was directed at a specific person"
                + (f": {words}" if words else "")
                + "."
            )
        elif e.key == "reasonable_person":
            out.append(
                (
                    "The conduct would cause a reasonable person in the circumstances of "
                    f"{who.protected} to fear for their safety or the safety of others or to suffer "
                    "substantial emotional distress"
                    if yes
                    else "The court does not find that the conduct would cause a reasonable person to "
                         "fear for "
                    "their safety or the safety of others or to suffer substantial emotional distress"
                )
                + (f": {words}" if words else "")
                + "."
            )
        elif e.key == "fear_caused":
            out.append(
                (
                    f"The conduct caused {who.protected} fear or substantial emotional distress"
                    if yes
                    else f"The court does not find that the conduct caused {who.protected} fear or "
                         f"substantial "
                    "emotional distress"
                )
                + (f": {words}" if words else "")
                + "."
            )
        elif e.key == "mental_state":
            state = MENTAL_STATES.get(mental_state, mental_state)
            out.append(
                (
                    f"{_cap(who.conduct)} {state}"
                    if yes
                    else f"The court does not find that {who.conduct} {state}"
                )
                + (f": {words}" if words else "")
                + "."
            )
    if coc.established:
        out.append(
            f"These acts constitute a course of conduct directed at {who.protected}"
            + (f" within the meaning of {citation}" if citation else "")
            + "."
        )
    elif coc.rejected:
        out.append(
            "On these findings, the court does not find a course of conduct"
            + (f" within the meaning of {citation}" if citation else "")
            + "."
        )
    whom = who.threat_whom(c.threat_to)
    if c.credible_threat == "yes":
        out.append(
            f"The court finds that {who.conduct} represents a credible threat to the physical safety of "
            f"{whom}: {c.credible_threat_basis.rstrip('.')}."
        )
    elif c.credible_threat == "no":
        out.append(
            f"The court does not find that {who.conduct} represents a credible threat to the physical "
            f"safety of {whom}."
        )
    return out


def incident_sentence(
    inc: Incident, who: Parties, include_confidential: bool = False, style: str = "us"
) -> str:
    """One proven incident as the court writes it."""
    text = _act(inc, who, include_confidential, style) + "."
    if inc.acts_counted > 1:
        text += f" The court counts this repeated conduct as {_count(inc.acts_counted)} acts."
    if inc.evidence:
        parts = []
        for ev in inc.evidence:
            item = ev.detail.rstrip(".") or EVIDENCE_PROSE.get(ev.kind, "other evidence")
            source = SOURCE_PROSE.get(ev.source, "")
            if source and ev.source.replace("_", " ") in item.lower():
                source = ""  # "police report 26-0412", not "… from a police report"
            parts.append(item + (f" {source}" if source else ""))
        text += f" The court relies on {_join(parts)}."
    reaction = [REACTION_PROSE[r] for r in inc.reactions if r in REACTION_PROSE]
    said = inc.reaction_text.strip().rstrip(".")
    if reaction:
        text += f" As a result, {who.protected} {_join(reaction)}."
    if said:
        text += f" {_cap(who.protected)} described the effect of this conduct as follows: {said}."
    return text


def allegation_sentence(
    inc: Incident, who: Parties, include_confidential: bool = False, style: str = "us"
) -> str:
    """An allegation the court did not find proven, in the court's words (never 'not yet found')."""
    act = _act(inc, who, include_confidential, style, lead=False)
    opening = (
        "The court does not find that"
        if inc.if_not_proven == "not_found"
        else "The court makes no finding on the allegation that"
    )
    return f"{opening} {act}."


def _act(inc: Incident, who: Parties, include_confidential: bool, style: str, lead: bool = True) -> str:
    when = inc.when.phrase(style)
    desc = inc.description.strip().rstrip(".")
    low = desc.lower()
    how = [
        METHOD_PROSE[m][0]
        for m in inc.methods
        if m in METHOD_PROSE and METHOD_PROSE[m][0] and not any(k in low for k in METHOD_PROSE[m][1])
    ]
    where = ""
    if inc.location:
        place = WITHHELD if inc.location_confidential and not include_confidential else inc.location
        if place.lower() not in low:
            where = f" at {place}"
    body = f"{who.conduct} {desc}" if _reads_as_act(desc) else desc
    if inc.series_frequency:
        body += f", {inc.series_frequency}"
    if inc.series_count >= 2:
        body += f", {inc.series_count} times in all"
    body += (f" {_join(how)}" if how else "") + where
    when_text = when if lead else when
    return f"{_cap(when_text)}, {body}" if lead else f"{when_text}, {body}"


def _reads_as_act(desc: str) -> bool:
    """'sent 14 texts' reads after 'the respondent'; 'Respondent sent…' or 'A tracker was…' do not."""
    first = desc.split(" ", 1)[0]
    return bool(first) and first[0].islower()


def _order(inc: Incident):
    return (inc.when.start or date.max, inc.number)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(n: int) -> str:
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 <= n < len(words) else str(n)


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
