"""Party names: splitting, tidying and the comparable key (courtscreen.domain.names)."""

from __future__ import annotations

import pytest

from courtscreen.domain.names import fold, parse_person_name, split_case_title, split_names, tidy_case


def parts(raw: str) -> tuple[str, str, str, str, str]:
    n = parse_person_name(raw)
    assert n is not None
    return n.full, n.first, n.middle, n.last, n.suffix


def test_last_comma_first_middle_initial():
    assert parts("QUILL, ROBERT J.") == ("Robert J. Quill", "Robert", "J.", "Quill", "")


def test_first_last():
    assert parts("Robert Quill") == ("Robert Quill", "Robert", "", "Quill", "")


def test_first_middle_last():
    assert parts("Anna Maria Quill") == ("Anna Maria Quill", "Anna", "Maria", "Quill", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Robert J. Quill Jr.", ("Robert J. Quill Jr.", "Robert", "J.", "Quill", "Jr.")),
        ("QUILL, ROBERT JR", ("Robert Quill Jr", "Robert", "", "Quill", "Jr")),
        ("Quill, Robert, Jr.", ("Robert Quill Jr.", "Robert", "", "Quill", "Jr.")),
        ("Robert Quill III", ("Robert Quill III", "Robert", "", "Quill", "III")),
        ("SMITH, JOHN, III", ("John Smith III", "John", "", "Smith", "III")),
    ],
)
def test_suffixes(raw, expected):
    assert parts(raw) == expected


def test_suffix_does_not_change_the_key():
    keys = {parse_person_name(n).key for n in ("Robert Quill", "QUILL, ROBERT JR", "Robert J. Quill III")}
    assert keys == {"quill robert"}


def test_hyphenated_surname_both_orders():
    a = parse_person_name("MERRIWEATHER-TULL, JASPER R.")
    b = parse_person_name("Jasper Merriweather-Tull")
    assert a.last == b.last == "Merriweather-Tull"
    assert a.full == "Jasper R. Merriweather-Tull"
    assert a.key == b.key == "merriweather tull jasper"


def test_unicode_accents_are_kept_for_display_and_folded_in_the_key():
    accented = parse_person_name("Zoë Ångström")
    plain = parse_person_name("ANGSTROM, ZOE")
    assert accented.full == "Zoë Ångström"
    assert plain.full == "Zoe Angstrom"
    assert accented.key == plain.key == "angstrom zoe"


def test_fold():
    assert fold("Zoë Ångström-Ñúñez") == "zoe angstrom nunez"
    assert fold("  O'Brien,  José ") == "o brien jose"


def test_all_caps_names_are_tidied_mixed_case_left_alone():
    assert parse_person_name("ANNA QUILL").full == "Anna Quill"
    assert parse_person_name("anna quill").full == "Anna Quill"
    assert parse_person_name("MCDONALD, RONALD").full == "Ronald McDonald"
    assert parse_person_name("o'brien, patrick").full == "Patrick O'Brien"
    assert parse_person_name("Anna deVries").full == "Anna deVries"
    assert tidy_case("ROBERT QUILL III") == "Robert Quill III"
    assert tidy_case("McKenzie Tull") == "McKenzie Tull"


def test_same_person_written_every_way_shares_one_key():
    spellings = ["QUILL, ROBERT J.", "Robert Quill", "Robert J. Quill", "quill, robert", " Quill ,  Robert  "]
    assert {parse_person_name(s).key for s in spellings} == {"quill robert"}


def test_different_people_get_different_keys():
    assert parse_person_name("Quill, Anna").key != parse_person_name("Quill, Robert").key


@pytest.mark.parametrize("raw", ["State of Franklin", "STATE OF FRANKLIN",
                                 "Ridgeview Property Management LLC", "Harlan County Department of Children"])
def test_organisations_are_not_split(raw):
    n = parse_person_name(raw)
    assert n.is_organisation
    assert n.first == "" and n.middle == ""
    assert n.key == fold(raw)


def test_surname_that_is_an_organisation_word_stays_a_person_when_written_last_first():
    n = parse_person_name("COUNTY, JOHN")
    assert not n.is_organisation
    assert (n.first, n.last) == ("John", "County")


def test_single_word_name_is_a_surname():
    assert parts("Cher") == ("Cher", "", "", "Cher", "")


@pytest.mark.parametrize("raw", ["", "   ", " , ;"])
def test_empty_name_is_none(raw):
    assert parse_person_name(raw) is None


def test_surname_particles_give_the_same_key_in_both_orders():
    assert parse_person_name("Maria de la Cruz").key == parse_person_name("DE LA CRUZ, MARIA").key


# --------------------------------------------------------------------------- titles and lists


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ANNA QUILL VS. ROBERT QUILL", ("ANNA QUILL", "ROBERT QUILL")),
        ("A v. B", ("A", "B")),
        ("Anna Quill v Robert Quill", ("Anna Quill", "Robert Quill")),
        ("Quill, Anna vs Quill, Robert", ("Quill, Anna", "Quill, Robert")),
        ("State of Franklin versus Ezra Hartmore", ("State of Franklin", "Ezra Hartmore")),
        ("  Anna   Quill   V.   Robert Quill ", ("Anna Quill", "Robert Quill")),
    ],
)
def test_split_case_title(title, expected):
    assert split_case_title(title) == expected


@pytest.mark.parametrize("title", ["In re the marriage of Quill", "Vasquez", "Bev Smith", "Vivian Vance", ""])
def test_not_a_case_title(title):
    assert split_case_title(title) is None


def test_split_names_on_semicolons_and_lines():
    assert split_names("DOE, JANE; DOE, JOHN") == ["DOE, JANE", "DOE, JOHN"]
    assert split_names("DOE, JANE\nDOE, JOHN") == ["DOE, JANE", "DOE, JOHN"]
    assert split_names("Quill, Anna;Quill, Robert ; ") == ["Quill, Anna", "Quill, Robert"]
    assert split_names("Quill, Anna") == ["Quill, Anna"]
    assert split_names("") == []


def test_middle_initial_and_suffix_separate_namesakes_but_not_spellings():
    j1 = parse_person_name("QUILL, ROBERT J.")
    j2 = parse_person_name("Robert James Quill")
    k = parse_person_name("Robert K. Quill")
    jr = parse_person_name("Robert J. Quill Jr.")
    assert j1.key == j2.key == k.key == jr.key == "quill robert"
    assert j1.identity == j2.identity  # "J." and "James" share the initial
    assert len({j1.identity, k.identity, jr.identity}) == 3


@pytest.mark.parametrize(("raw", "expected"), [
    ("ROBERT QUILL III", "Robert Quill III"),
    ("MCDONALD, ANNA", "McDonald, Anna"),
    ("O'BRIEN-SMITH, IVY", "O'Brien-Smith, Ivy"),
    ("ivan quill iv", "Ivan Quill IV"),
    ("ANSEL OBERLIN ESQ", "Ansel Oberlin ESQ"),
    ("VANCE, VIVIAN V.", "Vance, Vivian V."),
    ("ÉLODIE D'ARCY JR", "Élodie D'Arcy Jr"),
    ("Robert McQuill", "Robert McQuill"),  # mixed case is left as typed
])
def test_tidy_case_capitalises_each_word_with_suffixes_and_mc(raw, expected):
    assert tidy_case(raw) == expected
