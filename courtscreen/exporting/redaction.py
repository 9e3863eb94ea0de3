"""What an export leaves out unless the user includes confidential details.

Left out by default (the domain rule: exports redact confidential details):

- Protected details (the protected person's home, workplace, phone, email,
  children's school, childcare, shelter, vehicle) are never a column, and any
  of them that turns up inside another cell (a docket note, a case title) of
  the case or of a related case (one sharing a party) is replaced by
  ``[confidential]``.
- Original docket columns whose header names such a detail (address, phone,
  email, school, shelter, employer, workplace, social security number) keep
  their header, but each filled cell reads ``[redacted]``.
- The screening narrative and the screener's notes per behaviour area. They
  are sensitive records written in the screener's own words and often repeat
  what the victim said, including where they live or work. The result, the
  status, who screened and when stay in the export.

With ``--include-confidential`` all of it is written, two extra columns
("Screening notes", "Protected details") appear, and every case whose
confidential details left the database gets an audit entry naming the file
and the user, plus one docket-level entry (no case) for the export itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from courtscreen.domain.protected_values import CONFIDENTIAL, ProtectedValues

REDACTED = "[redacted]"
__all__ = ["CONFIDENTIAL", "REDACTED", "Scrubber", "confidential_header", "may_include_confidential",
           "not_allowed_message"]

# Header words that mark an original docket column as confidential (matched as whole words).
_CONFIDENTIAL_HEADER = re.compile(
    r"\b(address|addr|street|apt|zip|zipcode|postcode|postal|phone|phones|telephone|tel|mobile|cell"
    r"|e-?mail|email|school|childcare|daycare|shelter|employer|workplace|work place|ssn"
    r"|social security)\b"
)


def may_include_confidential(user: str, access=None) -> bool:
    """Whether this user may export confidential details: the one place that decides.

    `access` is the courtscreen.domain.roles.Access the CLI or the app decided
    at start (issue 8): its role must allow "include_confidential". Without
    one (a caller that knows no roles, such as a script on a single-user
    database) the answer is yes, as in a database with no registered users.
    """
    if access is None:
        return True
    return bool(access.allows("include_confidential"))


def not_allowed_message(user: str) -> str:
    return (f"{user} may not export confidential details (protected addresses and phone numbers, "
            "screening notes). Export without them, or ask your courtscreen administrator.")


def confidential_header(header: str) -> bool:
    """True for an original docket column that holds confidential contact details."""
    words = re.sub(r"[^a-z0-9@-]+", " ", header.lower().replace("_", " "))
    return bool(_CONFIDENTIAL_HEADER.search(words))


class Scrubber:
    """Replaces the given confidential values inside text with [confidential].

    The forgiving matcher documents use too (domain.protected_values): case,
    punctuation and abbreviations ignored, the street without its number matched.
    """

    def __init__(self, values: Iterable[str]):
        self._values = ProtectedValues(values)

    def __bool__(self) -> bool:
        return bool(self._values)

    def __call__(self, text: str) -> str:
        return self._values(text) if text else text

    def scrub(self, text: str) -> tuple[str, int]:
        """The text with values replaced, and how many places were (for the export's report)."""
        return self._values.scrub(text) if text else (text, 0)
