"""The elements of a course of conduct, each decided by the court, and what the record offers for each.

The tool never decides an element. It counts the acts the court found proven
(a series counts as the number of acts the court says), and for every element
it lists what the incidents offer for it and against it (a reaction recorded
as "not afraid" is against the fear element, never for it). The court then
records each element as found, not found or not decided, in its own words.
Documents state only what was decided; while an element the form needs is
undecided the document is a DRAFT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ELEMENTS = {
    "acts": "Number of acts",
    "continuity": "Continuity of purpose",
    "directed": "Directed at a specific person",
    "reasonable_person": "Would cause a reasonable person fear or substantial emotional distress",
    "fear_caused": "Fear or substantial emotional distress actually caused",
    "mental_state": "Mental state required by the statute",
}
STATUSES = {"found": "found", "not_found": "not found", "": "not decided"}
MENTAL_STATES = {
    "none": "",
    "knowing": "acted knowingly",
    "intent": "acted with the intent to harass, intimidate, injure or place the person under surveillance",
    "reckless": "acted recklessly, consciously disregarding a substantial risk that the conduct would cause "
                "fear or emotional distress",
}
# Words in a recorded reaction that speak against fear or distress having been caused.
AGAINST_FEAR = re.compile(r"\b(not|wasn'?t|was not|never|no longer)\s+(afraid|scared|frightened|worried|"
                          r"bothered|upset|distressed|concerned)\b|\bdid(n'?t| not) mind\b|^\s*(none|no|"
                          r"no effect|nothing|n/?a|unaffected)\s*\.?\s*$|\bno effect\b|\bunaffected\b", re.I)


@dataclass(frozen=True)
class Decision:
    """What the court decided on one element, in its own words."""

    status: str = ""  # found / not_found / "" (not decided)
    words: str = ""

    def to_dict(self) -> dict:
        return {"status": self.status, "words": self.words}


@dataclass(frozen=True)
class Element:
    key: str
    name: str
    decision: Decision
    needed: bool
    for_: tuple[str, ...] = ()  # what the record offers for it (proposals, never a decision)
    against: tuple[str, ...] = ()  # what speaks against it

    @property
    def met(self) -> bool | None:
        """True found, False not found, None not decided (the court's decision, nothing else)."""
        return {"found": True, "not_found": False}.get(self.decision.status)

    @property
    def detail(self) -> str:
        return STATUSES[self.decision.status] + (f": {self.decision.words}" if self.decision.words else "")


@dataclass(frozen=True)
class CourseOfConduct:
    proven: int  # incidents found proven
    acts: int  # acts the court counts (a series counts as the acts the court says)
    alleged: int
    disputed: int
    withdrawn: int
    first: date | None
    last: date | None
    areas: tuple[str, ...]
    methods: tuple[str, ...]
    elements: tuple[Element, ...]
    acts_required: int
    credible_threat: str = ""  # yes / no / ""

    def element(self, key: str) -> Element:
        return next(e for e in self.elements if e.key == key)

    @property
    def needed(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if e.needed)

    @property
    def decided(self) -> bool:
        """Every element the findings need is found or not found."""
        return all(e.met is not None for e in self.needed)

    @property
    def established(self) -> bool:
        """The court found every element (and the proven acts reach the number required)."""
        return self.decided and all(e.met for e in self.needed) and self.acts >= self.acts_required

    @property
    def rejected(self) -> bool:
        """The court found at least one element not proven: no course of conduct, decided."""
        return any(e.met is False for e in self.needed)

    @property
    def draft(self) -> bool:
        """The document cannot be final: an element undecided, or 'acts found' with too few acts."""
        if self.rejected:
            return False
        return not self.decided or self.acts < self.acts_required

    @property
    def span_days(self) -> int | None:
        return (self.last - self.first).days if self.first and self.last else None

    @property
    def missing(self) -> list[str]:
        """What is still to do, for the screen and `findings show` only: never printed in a document."""
        out = []
        if self.acts < self.acts_required:
            pending = self.alleged + self.disputed
            out.append(f"{self.acts} act(s) found proven, {self.acts_required} required"
                       + (f"; make findings on the {pending} alleged or disputed incident(s)" if pending else
                          "; ask about other acts (when, what, how)"))
        out += [f"Decide: {e.name.lower()}" for e in self.needed if e.met is None]
        if self.credible_threat == "":
            out.append("Decide whether there is a credible threat to physical safety")
        return out


def _nums(incidents) -> str:
    nums = [str(i.number) for i in incidents]
    if not nums:
        return ""
    word = "incident" if len(nums) == 1 else "incidents"
    return f"{word} {nums[0]}" if len(nums) == 1 else f"{word} {', '.join(nums[:-1])} and {nums[-1]}"


def reaction_against(inc) -> bool:
    """The recorded reaction says the person was not afraid or not affected."""
    return bool(inc.reaction_text and AGAINST_FEAR.search(inc.reaction_text))


def course_of_conduct(incidents, conclusion=None, acts_required: int = 2, mental_state: str = "none",
                      *, actor: str | None = None, conduct_of: str = "") -> CourseOfConduct:
    """The elements with the court's decisions and, beside each, what the incidents offer.

    `actor` selects one party's incidents in a mutual case (incidents recorded
    without an actor belong to `conduct_of`, the case's conduct party).
    """
    from courtscreen.domain.findings import METHODS, REACTIONS, Conclusion, area_labels

    conclusion = conclusion or Conclusion()
    live = [i for i in incidents if not i.withdrawn]
    if actor is not None:
        live = [i for i in live if (i.actor or conduct_of) == actor]
    proven = [i for i in live if i.finding == "proven"]
    acts = sum(i.acts_counted for i in proven)
    alleged = sum(1 for i in live if i.finding == "alleged")
    disputed = sum(1 for i in live if i.finding == "disputed")
    starts = [i.when.start for i in proven if i.when.start]
    ends = [i.when.end for i in proven if i.when.end]
    labels = area_labels()
    areas = tuple(a for a in labels if any(a in i.areas for i in proven))
    methods = tuple(m for m in METHODS if any(m in i.methods for i in proven))
    series = [i for i in proven if i.is_series]
    got = conclusion.elements

    def el(key, needed=True, for_=(), against=()):
        return Element(key, ELEMENTS[key], got.get(key, Decision()), needed, tuple(x for x in for_ if x),
                       tuple(x for x in against if x))

    count_for = f"{acts} act(s) found proven ({_nums(proven)})" if proven else ""
    if series:
        count_for += "; " + "; ".join(f"series in incident {i.number} counted as {i.acts_counted} act(s)"
                                      for i in series)
    elements = [
        el("acts", for_=(count_for, f"{acts_required} required by the jurisdiction profile"),
           against=(f"only {acts} act(s) found proven" if acts < acts_required else "",)),
        el("continuity", for_=(f"proven acts over {(max(ends) - min(starts)).days + 1} days by "
                               f"{', '.join(METHODS[m] for m in methods) or 'methods not recorded'}"
                               if starts and ends and len(proven) > 1 else "",)),
        el("directed", for_=(f"protected person(s) recorded on the case; words now: {got['directed'].words}"
                             if "directed" in got and got["directed"].words else "",)),
        el("reasonable_person", for_=(
            f"{labels[a].lower()} recorded on {_nums([i for i in proven if a in i.areas])}" for a in areas)),
        el("fear_caused",
           for_=tuple(f"reactions recorded on {_nums([i])}: "
                      + ", ".join([REACTIONS[r] for r in i.reactions] + [i.reaction_text][:1 if
                                  i.reaction_text and not reaction_against(i) else 0])
                      for i in proven if i.reactions or (i.reaction_text and not reaction_against(i))),
           against=tuple(f"reaction recorded on {_nums([i])}: {i.reaction_text!r}"
                         for i in proven if reaction_against(i))),
        el("mental_state", needed=mental_state not in ("", "none"),
           for_=(f"the statute requires that the person {MENTAL_STATES.get(mental_state, mental_state)}"
                 if mental_state not in ("", "none") else "",)),
    ]
    return CourseOfConduct(
        proven=len(proven), acts=acts, alleged=alleged, disputed=disputed,
        withdrawn=sum(1 for i in incidents if i.withdrawn), first=min(starts) if starts else None,
        last=max(ends) if ends else None, areas=areas, methods=methods, elements=tuple(elements),
        acts_required=acts_required, credible_threat=conclusion.credible_threat,
    )
