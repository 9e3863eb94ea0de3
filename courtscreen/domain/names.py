"""Party names as dockets write them, split into parts and a comparable key.

Case-management exports write the same person as "QUILL, ROBERT J." in one
case and "Robert Quill" in another; titles such as "ANNA QUILL VS. ROBERT
QUILL" carry both parties in one cell. Stalking shows up as a pattern across
cases, so names must be split and keyed the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq"}
ORGANISATION_WORDS = re.compile(
    r"\b(state|commonwealth|people|county|city|town|village|department|dept|bank|llc|inc|"
    r"corp|corporation|company|co|ltd|lp|llp|trust|association|university|hospital|"
    r"services|agency|united states|usa|district|school)\b",
    re.IGNORECASE,
)
TITLE_SEPARATOR = re.compile(r"\s+(?:vs?\.?|versus|v/s)\s+|\s+vs?\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class PersonName:
    full: str  # tidy display form, "Robert J. Quill"
    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""
    is_organisation: bool = False

    @property
    def key(self) -> str:
        """Comparable key: 'quill robert' for every spelling of the same name."""
        if self.is_organisation:
            return fold(self.full)
        return " ".join(p for p in (fold(self.last), fold(self.first)) if p)


def fold(text: str) -> str:
    """Accent-free, lower-case, letters and digits only, single-spaced."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def tidy_case(text: str) -> str:
    """Title-case names typed in ALL CAPS or all lower case; leave mixed case alone."""
    if text.isupper() or text.islower():
        return re.sub(r"[^\W\d_]+", lambda m: _cap(m.group(0)), text.lower())
    return text


def _cap(word: str) -> str:
    if word in SUFFIXES and len(word) <= 3 and word not in ("sr", "jr"):
        return word.upper()
    if word.startswith("mc") and len(word) > 2:
        return "Mc" + word[2:].capitalize()
    return word.capitalize()


@lru_cache(maxsize=65536)
def parse_person_name(raw: str) -> PersonName | None:
    """Split one name. Returns None for an empty cell."""
    text = " ".join(str(raw).split()).strip(" ,;")
    if not text:
        return None
    text = tidy_case(text)
    if ORGANISATION_WORDS.search(text) and "," not in text.split()[0]:
        return PersonName(full=text, last=text, is_organisation=True)
    if "," in text:
        last, _, rest = text.partition(",")
        words = rest.replace(",", " ").split()
    else:
        words = text.split()
        last = ""
    suffix = ""
    if words and words[-1].strip(".").lower() in SUFFIXES:
        suffix = words.pop()
    if not last:
        if len(words) == 1:
            return PersonName(full=text, last=words[0], suffix=suffix)
        last = words.pop() if words else ""
        if words and words[-1].strip(".").lower() in SUFFIXES:  # "Robert Quill Jr" handled above
            suffix = words.pop()
    first = words[0] if words else ""
    middle = " ".join(words[1:])
    full = " ".join(p for p in (first, middle, last.strip(), suffix) if p)
    return PersonName(full=full, first=first, middle=middle, last=last.strip(), suffix=suffix)


def split_names(cell: str) -> list[str]:
    """One cell may list several parties: 'DOE, JANE; DOE, JOHN' or one per line."""
    return [part for part in re.split(r"\s*[;\n]\s*", str(cell)) if part.strip()]


def split_case_title(title: str) -> tuple[str, str] | None:
    """'ANNA QUILL VS. ROBERT QUILL' -> ('ANNA QUILL', 'ROBERT QUILL'); None if not a title."""
    parts = TITLE_SEPARATOR.split(" ".join(str(title).split()), maxsplit=1)
    if len(parts) != 2:
        return None
    return parts[0].strip(), parts[1].strip()
