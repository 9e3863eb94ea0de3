"""Case numbers as keys: one docket number, one case, however it was typed or pasted.

A non-breaking hyphen, full-width digits or a zero-width space make a case number
look the same on screen and key differently; Unicode NFKC plus removing invisible
characters and unifying dashes makes them one. A Cyrillic "Р" or Greek "Ο" in
place of the Latin letter survives NFKC: those are found by their Latin look-alike
(a "skeleton") and reported.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
# Letters of other scripts that print like Latin capitals (Unicode confusables, the ones
# a docket's letters and digits can be mistaken for).
_LATIN_LOOKALIKES = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "а": "a", "е": "e", "о": "o",
    "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
})


def normalise_case_number(value: str) -> str:
    """NFKC, no invisible characters, plain spaces and hyphens, trimmed."""
    s = unicodedata.normalize("NFKC", value)
    s = _INVISIBLE.sub("", s)
    s = _SPACES.sub(" ", s)
    s = _DASHES.sub("-", s)
    return " ".join(s.split())


def skeleton(value: str) -> str:
    return value.translate(_LATIN_LOOKALIKES).upper()


def lookalike_twins(odd: dict[str, list[int]], plain: set[str]) -> dict[str, tuple[str, str]]:
    """For each case number with non-Latin letters: (the plain case number it looks like, or
    '' if none in the file; the script of the odd letters)."""
    out = {}
    for value in odd:
        scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in value if not ch.isascii()}
        script = " and ".join(sorted(s.title() for s in scripts if s)) or "non-Latin"
        twin_key = skeleton(value)
        twin = twin_key if twin_key.isascii() and twin_key in plain else ""
        out[value] = (twin, script)
    return out
