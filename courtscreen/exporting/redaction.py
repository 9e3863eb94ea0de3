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

REDACTED = "[redacted]"
CONFIDENTIAL = "[confidential]"

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
    """Replaces given confidential values inside text, ignoring case."""

    def __init__(self, values: Iterable[str]):
        # Longest first, so "12 Elm St, Apt 4" is replaced whole before "12 Elm St".
        found = sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)
        self._folded = [v.casefold() for v in found]
        self._pattern = re.compile("|".join(re.escape(v) for v in found), re.IGNORECASE) if found else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        folded = text.casefold()
        if not any(v in folded for v in self._folded):
            return text
        return self._pattern.sub(CONFIDENTIAL, text)
