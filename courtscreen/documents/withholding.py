"""Withhold protected values from a document's context before anything is rendered.

build_context leaves the protected person's places out of the provisions, but
free text is another matter: an address typed into an incident's description,
a reaction or an evidence note, the court's conclusion, a docket column (a
courtroom column holding an address), a court-form field. So the finished
context, every string of it, is checked against every protected value on file
for the case and its linked cases (store.protected_values) with the one
forgiving matcher (domain.protected_values), and the user is told how many
places were withheld and where (documents.service.Draft.withheld).
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine

from courtscreen.domain.protected_values import ProtectedValues, Withheld
from courtscreen.store.protected_values import protected_values

_PATH = re.compile(r"^(?P<top>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<key>[a-z_]+))?")
_CASE_FIELDS = {"courtroom": "courtroom", "title": "case title", "nature": "nature of the case",
                "judge": "judge", "number": "case number", "type": "case type",
                "hearing_date": "hearing date"}


def protected_for(engine: Engine, record) -> ProtectedValues:
    """The protected values of this case and its linked cases, plus any the record itself carries."""
    values = protected_values(engine, record.case_id)
    values += [p.value for p in record.protected if p.value != "(confidential)"]  # a placeholder, not a value
    values += [i.location for i in record.incidents if i.location_confidential and i.location]
    return ProtectedValues(values)


def where_words(path: str, context: dict) -> str:
    """A context path ('findings.incidents[1].text') as the user knows the place ('finding on incident 2')."""
    top, _, rest = path.partition(".")
    if top == "case":
        return _CASE_FIELDS.get(rest, f"case {rest.replace('_', ' ')}")
    if top in ("court", "signature"):
        return "court name" if "court" in rest or "name" in rest else rest.replace("_", " ")
    if top == "parties":
        return "party names"
    m = re.match(r"(\w+)\[(\d+)\]", top)
    if top == "findings" or (m and m.group(1) == "findings"):
        m2 = re.match(r"incidents\[(\d+)\]", rest)
        if m2:
            try:
                number = context["findings"]["incidents"][int(m2.group(1))]["number"]
            except (KeyError, IndexError, TypeError):
                number = int(m2.group(1)) + 1
            return f"finding on incident {number}"
        if rest.startswith("not_found"):
            return "allegations not found"
        if rest.startswith("conclusions"):
            return "the court's conclusions"
        return "findings summary"
    if m and m.group(1) == "provisions":
        try:
            p = context["provisions"][int(m.group(2))]
            return f"provision {p['number']} ({p['heading']})" + (" basis" if rest in ("basis", "support")
                                                                   else "")
        except (KeyError, IndexError, TypeError):
            return "a provision"
    if m:
        return f"{m.group(1).replace('_', ' ')} {int(m.group(2)) + 1}"
    return path.replace("_", " ").replace(".", ": ")


def withhold(context: dict, values: ProtectedValues, fields=None) -> tuple[dict, tuple[Withheld, ...]]:
    """The context with protected values replaced by [confidential], and where that happened.

    Everything is scrubbed; only places under the form's own fields (its manifest's `fields`, the
    parts of the context the template may print) are reported, so an addendum does not report
    findings it never prints.
    """
    scrubbed, hits = values.scrub_tree(context)
    counts: dict[str, int] = {}
    for path, n in hits:
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        if fields and top not in fields:
            continue
        words = where_words(path, context)
        counts[words] = counts.get(words, 0) + n
    return scrubbed, tuple(Withheld(w, n) for w, n in counts.items())
