"""Saved column-mapping profiles (courtscreen.importing.profiles)."""

from __future__ import annotations

import pytest

from courtscreen.importing.mapping import MappingError
from courtscreen.importing.profiles import Profile, load_profile, parse_profile, save_profile
from courtscreen.importing.service import ImportOptions


def test_save_and_load_round_trip(tmp_path):
    profile = Profile(name="harlan-family", description="Harlan export", has_header=True,
                      sheet="Hearings", court="Harlan County Family Court",
                      map={"case_number": ['Docket "#"'], "hearing_date": ["Day", "Month"]})
    path = save_profile(profile, tmp_path)
    assert path == tmp_path / "harlan-family.toml"
    assert load_profile("harlan-family", tmp_path) == profile
    assert load_profile(str(path), tmp_path / "elsewhere") == Profile(**{**profile.__dict__})


def test_year_survives_a_round_trip(tmp_path):
    save_profile(Profile(name="p", map={"case_number": ["A"]}, year=2026), tmp_path)
    assert load_profile("p", tmp_path).year == 2026


def test_builtin_vermont_profile(tmp_path):
    p = load_profile("vermont-calendar", tmp_path / "no-user-profiles")
    assert p.name == "vermont-calendar" and p.has_header is True
    assert p.map["case_number"] == ["docket"]
    assert p.map["hearing_date"] == ["day", "month"]
    assert p.map["hearing_time"] == ["time", "am_pm"]


def test_unknown_profile_lists_the_known_ones(tmp_path):
    save_profile(Profile(name="mine", map={"case_number": ["1"]}), tmp_path)
    with pytest.raises(MappingError) as err:
        load_profile("nope", tmp_path)
    assert str(err.value) == "no mapping profile 'nope'; known profiles: mine, vermont-calendar"


@pytest.mark.parametrize("name", ["my profile", "../escape", "a/b", ""])
def test_profile_names_are_safe_file_names(tmp_path, name):
    with pytest.raises(MappingError, match="use letters, digits"):
        save_profile(Profile(name=name), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_profile_with_unknown_field_or_bad_toml():
    with pytest.raises(MappingError, match="unknown field 'docket' in \\[map\\]"):
        parse_profile('[map]\ndocket = ["A"]\n', "test")
    with pytest.raises(MappingError, match="profile test: not valid TOML"):
        parse_profile("[map\n", "test")


def test_command_line_wins_over_profile():
    profile = Profile(name="p", map={"case_number": ["docket"], "judge": ["E"]}, has_header=False,
                      court="Profile Court", year=2025, sheet="S")
    options = ImportOptions(explicit_map={"judge": ["F"]}, year=2027, court="").with_profile(profile)
    assert options.explicit_map == {"case_number": ["docket"], "judge": ["F"]}
    assert (options.year, options.court, options.sheet, options.has_header) \
        == (2027, "Profile Court", "S", False)
