"""Party names as dockets write them, split into parts and a comparable key.

Case-management exports write the same person as "QUILL, ROBERT J." in one
case and "Robert Quill" in another; titles such as "ANNA QUILL VS. ROBERT
QUILL" carry both parties in one cell. Stalking shows up as a pattern across
cases, so names must be split and keyed the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq"}
SURNAME_PARTICLES = {"de", "la", "del", "della", "der", "den", "van", "von", "da", "di", "du", "le",
                     "st", "st.", "mac", "al", "el", "ten", "ter", "dos", "das", "bin", "ibn"}
ORGANISATION_WORDS = frozenset({
    "state", "commonwealth", "people", "county", "city", "town", "village", "department", "dept",
    "bank", "llc", "inc", "corp", "corporation", "company", "co", "ltd", "lp", "llp", "trust",
    "association", "university", "hospital", "services", "agency", "usa", "district", "school",
    "union", "group", "clinic", "partners", "associates", "holdings", "properties", "apartments",
    "management", "insurance", "credit", "medical", "center", "centre", "foundation", "church",
    "authority", "board", "organization", "organisation", "national", "society", "committee",
    "council", "commission", "office", "government", "ministry", "police", "sheriff", "estate",
    "federation", "institute", "alliance", "coalition", "league", "network", "project",
})
# Several words that name the public side of a case: "People of the State of New York",
# "United States of America", "In re the Marriage of" (not a person either).
ORGANISATION_PHRASES = re.compile(
    r"\b(?:united states|people of|state of|commonwealth of|in re|in the matter of|matter of)\b",
    re.IGNORECASE)
# "TRUMP et al", "DOE, JANE ET AL.", "Smith etal": the others are not named; strip the words.
ET_AL = re.compile(r"[\s,]*\bet\.?\s*al(?:ia|ii)?\b\.?[\s,]*$", re.IGNORECASE)
TITLE_SEPARATOR = re.compile(r"\s+(?:vs?\.?|versus|v/s)\s+|\s+vs?\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class PersonName:
    full: str  # tidy display form, "Robert J. Quill"
    first: str = ""
    middle: str = ""
    last: str = ""
    suffix: str = ""
    is_organisation: bool = False
    # Comparable key: 'quill robert' for every spelling of the same name.
    key: str = field(init=False, compare=False)
    # Who this is on a docket: the key plus middle initial and suffix, so that
    # Robert J. Quill and Robert K. Quill stay two people until someone links them.
    identity: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if self.is_organisation:
            key = fold(self.full)
        else:
            last, first = fold(self.last), fold(self.first)
            key = f"{last} {first}" if last and first else last or first
        object.__setattr__(self, "key", key)
        initial = fold(self.middle)[:1]
        object.__setattr__(self, "identity", f"{key}|{initial}|{fold(self.suffix)}")


_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """The comparable form of a name in its own script: NFKC, case-folded, single-spaced words
    of letters, marks and digits, with the accents of Latin letters folded away (Zoë = Zoe).

    Arabic, Hebrew, Cyrillic, CJK... letters are kept as they are: folding to [a-z0-9] would
    give every such name the same empty key. A text with no letters or digits folds to "".
    """
    if not text:
        return ""
    if text.isascii():
        if text.isalnum():  # the usual single plain word
            return text.lower()
        return " ".join(_WORD.findall(text.lower()))
    return _fold_unicode(text)


@lru_cache(maxsize=65536)
def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    latin_base = False
    for ch in unicodedata.normalize("NFKD", text):
        cat = unicodedata.category(ch)
        if cat[0] == "M":
            if not latin_base:  # a mark of another script (Devanagari vowel signs...) is kept
                out.append(ch)
            continue
        if cat[0] in "LN":
            latin_base = ch.isascii() or "LATIN" in unicodedata.name(ch, "")
            out.append(ch)
        else:
            latin_base = False
            out.append(" ")
    return " ".join(unicodedata.normalize("NFC", "".join(out)).split())


def strip_et_al(text: str) -> tuple[str, bool]:
    """'TRUMP et al' -> ('TRUMP', True): the unnamed others are not part of anyone's name."""
    stripped = ET_AL.sub("", text)
    return (stripped, True) if stripped != text else (text, False)


def is_organisation_name(text: str) -> bool:
    """Words or phrases that name a body, not a person ("State of", "Association"...)."""
    if ORGANISATION_PHRASES.search(text):
        return True
    return not ORGANISATION_WORDS.isdisjoint(text.lower().replace(".", " ").replace(",", " ").split())


def tidy_case(text: str) -> str:
    """Title-case names typed in ALL CAPS or all lower case; leave mixed case alone."""
    if text.isupper() or text.islower():
        titled = text.title()  # capitalises each run of letters, as _cap does in the usual case
        if "Mc" in titled or _UPPER_SUFFIX.search(titled):
            return _LETTERS.sub(lambda m: _cap(m.group(0)), text.lower())
        return titled
    return text


_UPPER_SUFFIX = re.compile(r"(?<![^\W\d_])(?:Ii|Iii|Iv|Esq)(?![^\W\d_])")  # letters either side


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
    text, _ = strip_et_al(text)
    text = text.strip(" ,;")
    if not text:
        return None
    text = tidy_case(text)
    last_first = "," in text.split()[0] and len(text.split()) <= 4  # "COUNTY, JOHN": a person
    if (not last_first or ORGANISATION_PHRASES.search(text)) and is_organisation_name(text):
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
        while len(words) > 1 and words[-1].lower() in SURNAME_PARTICLES:  # "Maria de la Cruz"
            last = f"{words.pop()} {last}"
    first = words[0] if words else ""
    middle = " ".join(words[1:])
    last = last.strip()
    full = " ".join([p for p in (first, middle, last, suffix) if p])
    return PersonName(full=full, first=first, middle=middle, last=last, suffix=suffix)


_NAME_LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
_LETTERS = re.compile(r"[^\W\d_]+")


def split_names(cell: str) -> list[str]:
    """One cell may list several parties: 'DOE, JANE; DOE, JOHN' or one per line."""
    if ";" not in cell and "\n" not in cell:
        return [cell] if cell.strip() else []
    return [part for part in _NAME_LIST_SEPARATOR.split(cell) if part.strip()]


def split_case_title(title: str, strict: bool = False) -> tuple[str, str] | None:
    """'ANNA QUILL VS. ROBERT QUILL' -> ('ANNA QUILL', 'ROBERT QUILL'); None if not a title.

    strict is for a cell that normally holds one name: there a bare "v." between
    single words is a middle initial ("Vivian V. Vance"), not "versus".
    """
    text = " ".join(str(title).split())
    match = TITLE_SEPARATOR.search(text)
    if not match:
        return None
    left, right = text[: match.start()].strip(), text[match.end():].strip()
    bare_v = match.group(0).strip().lower() in ("v", "v.")
    if strict and bare_v and len(left.split()) < 2 and len(right.split()) < 2:
        return None  # "Vivian V. Vance": a middle initial, not "versus"
    return left, right
