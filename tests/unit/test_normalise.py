"""Cells -> text, dates and times (courtscreen.importing.normalise)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from courtscreen.importing.normalise import YearPolicy, parse_date, parse_time, shown, text

DEC_1 = date(2026, 12, 1)


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, ""),
        ("  Quill,   Anna \n J. ", "Quill, Anna J."),
        (12.0, "12"),  # Excel stores whole numbers as floats
        (12.5, "12.5"),
        (4512, "4512"),
        (datetime(2026, 12, 1, 9, 30), "2026-12-01 09:30:00"),
    ],
)
def test_text_trims_and_single_spaces(cell, expected):
    assert text(cell) == expected


# --------------------------------------------------------------------------- full dates


@pytest.mark.parametrize(
    "cell",
    [
        46357,  # Excel serial number for 2026-12-01
        46357.0,
        46357.75,  # serial with a time-of-day fraction
        "46357",  # serial that arrived as text (CSV export of a date column)
        "2026-12-01",  # ISO
        "2026/12/01",
        "2026-12-01 00:00:00",  # a datetime cell exported as text
        "2026-12-01T09:30:00",
        "12/01/2026",  # US
        "12/1/2026",
        "12/01/26",
        "12-01-2026",
        "Dec 1, 2026",
        "Dec 1 2026",
        "December 1, 2026",
        "December 1st, 2026",  # ordinal suffix
        "1st December 2026",
        "1 Dec 2026",
        "01-Dec-2026",
        "01-Dec-26",
        "01.12.2026",  # day.month.year, as European exports write it
        "Tue Dec 1 2026",
        "Tuesday, December 1st, 2026",
        "  Dec   1,  2026  ",
    ],
)
def test_full_dates_in_every_supported_format(cell):
    assert parse_date(cell) == DEC_1


@pytest.mark.parametrize("cell", ["2nd", "3rd", "4th", "21st", "22nd", "23rd"])
def test_ordinal_suffixes(cell):
    day = int(cell[:-2])
    assert parse_date(f"March {cell}, 2027") == date(2027, 3, day)


def test_date_and_datetime_cells_pass_through():
    assert parse_date(date(2026, 12, 1)) == DEC_1
    assert parse_date(datetime(2026, 12, 1, 14, 30)) == DEC_1


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_cell_is_no_date(cell):
    assert parse_date(cell) is None


def test_excel_serials_follow_the_1899_12_30_epoch():
    assert parse_date(1) == date(1899, 12, 31)
    assert parse_date(45658) == date(2025, 1, 1)
    assert parse_date(45657.999) == date(2024, 12, 31)


@pytest.mark.parametrize("cell", [0, -5, 2958466, 10**9])
def test_numbers_that_are_not_excel_dates_are_refused(cell):
    with pytest.raises(ValueError, match="not a valid Excel date number"):
        parse_date(cell)


# --------------------------------------------------------------------------- dates without a year


@pytest.mark.parametrize("cell", ["12 jul", "12 July", "jul 12", "July 12th", "12th jul", "7/12", "07-12"])
def test_yearless_date_takes_the_fixed_year(cell):
    assert parse_date(cell, YearPolicy(year=2027)) == date(2027, 7, 12)


def test_yearless_date_inferred_from_as_of():
    policy = YearPolicy(as_of=date(2021, 6, 29))
    assert parse_date("12 jul", policy) == date(2021, 7, 12)
    assert parse_date("24 jan", policy) == date(2022, 1, 24)  # a calendar running into next year
    assert policy.inferred == 2


def test_yearless_inference_across_new_year():
    policy = YearPolicy(as_of=date(2025, 12, 20))
    assert parse_date("3 jan", policy) == date(2026, 1, 3)  # just after new year: next year
    assert parse_date("15 dec", policy) == date(2025, 12, 15)  # a few days back: this year
    assert parse_date("20 oct", policy) == date(2025, 10, 20)  # exactly 61 days back: still this year
    assert parse_date("19 oct", policy) == date(2026, 10, 19)  # 62 days back: read as next October


def test_yearless_inference_early_in_the_year_looks_back_to_december():
    policy = YearPolicy(as_of=date(2026, 1, 10))
    assert parse_date("28 dec", policy) == date(2025, 12, 28)
    assert parse_date("2 feb", policy) == date(2026, 2, 2)


def test_year_policy_describe_says_what_was_done():
    fixed = YearPolicy(year=2027)
    assert fixed.describe() == "dates without a year were given the year 2027, as asked"
    inferred = YearPolicy(as_of=date(2021, 6, 29))
    parse_date("12 jul", inferred)
    message = inferred.describe()
    assert message.startswith("1 dates had no year")
    assert "29 Apr 2021" in message and "as of 29 Jun 2021" in message
    assert "the year or the 'as of' date" in message and "--" not in message


def test_29_february_without_year_in_a_fixed_non_leap_year():
    assert parse_date("29 feb", YearPolicy(year=2028)) == date(2028, 2, 29)
    with pytest.raises(ValueError, match="29 February does not exist in 2027"):
        parse_date("29 feb", YearPolicy(year=2027))


def test_29_february_inferred_year_gives_a_clerk_readable_message():
    with pytest.raises(ValueError, match=r"29 feb.*(February|leap)"):
        parse_date("29 feb", YearPolicy(as_of=date(2021, 6, 29)))


# --------------------------------------------------------------------------- impossible dates


def test_february_30_names_the_month_and_day():
    with pytest.raises(ValueError) as err:
        parse_date("02/30/2026")
    assert str(err.value) == "'02/30/2026' is not a real date (February has no day 30)"


def test_month_13_names_the_month():
    with pytest.raises(ValueError) as err:
        parse_date("13/01/2026")
    assert str(err.value) == "'13/01/2026' is not a real date (there is no month 13)"


def test_iso_impossible_dates():
    with pytest.raises(ValueError, match=r"April has no day 31"):
        parse_date("2026-04-31")
    with pytest.raises(ValueError, match=r"there is no month 13"):
        parse_date("2026-13-01")
    with pytest.raises(ValueError, match=r"February has no day 29"):
        parse_date("2/29/2027")


@pytest.mark.parametrize("cell", ["next week", "TBD", "continued", "12/01/2026/1"])
def test_words_are_not_dates_and_the_message_gives_examples(cell):
    with pytest.raises(ValueError) as err:
        parse_date(cell)
    assert str(err.value) == (f"{cell!r} is not a date courtscreen understands "
                              "(use e.g. 2026-12-01 or 12/01/2026)")


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9:00 AM", time(9, 0)),
        ("9:00AM", time(9, 0)),
        ("9:00 am", time(9, 0)),
        ("9:00 a.m.", time(9, 0)),
        ("3:00 pm", time(15, 0)),  # what a joined "time + am_pm" pair of columns looks like
        ("3:00 PM", time(15, 0)),
        ("03:00   pm", time(15, 0)),
        ("12:00 PM", time(12, 0)),
        ("12:15 AM", time(0, 15)),
        ("3 pm", time(15, 0)),
        ("3pm", time(15, 0)),
        ("9:15:30 AM", time(9, 15, 30)),
        ("13:30", time(13, 30)),
        ("08:30:15", time(8, 30, 15)),
        ("0930", time(9, 30)),
    ],
)
def test_times_of_day(cell, expected):
    assert parse_time(cell) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, time(0, 0)), (0.375, time(9, 0)), (0.5, time(12, 0)), (0.6041666667, time(14, 30)),
     (14.5 / 24, time(14, 30))],
)
def test_excel_fractions_of_a_day(fraction, expected):
    assert parse_time(fraction) == expected


def test_time_datetime_and_timedelta_cells():
    assert parse_time(time(9, 30, 0, 500)) == time(9, 30)
    assert parse_time(datetime(2026, 12, 1, 14, 5, 0, 999)) == time(14, 5)
    assert parse_time(timedelta(hours=10, minutes=45)) == time(10, 45)


@pytest.mark.parametrize("cell", [None, ""])
def test_empty_time(cell):
    assert parse_time(cell) is None


@pytest.mark.parametrize("cell", ["noon", "25:00", "9:75 AM", "after lunch"])
def test_nonsense_times_are_refused_with_examples(cell):
    with pytest.raises(ValueError) as err:
        parse_time(cell)
    assert str(err.value) == f"{cell!r} is not a time of day (use e.g. 9:30 AM or 14:00)"


def test_shown_is_str_of_dates_and_times_however_often_asked():
    from datetime import UTC, timezone

    values = [date(2026, 12, 1), time(9, 30), time(9, 30, 15), None, date(2026, 12, 1),
              time(9, 30, tzinfo=UTC), time(10, 30, tzinfo=timezone(timedelta(hours=1))),
              datetime(2026, 12, 1, 0, 0), True, 1]
    for _ in range(2):  # the second time from what it remembered
        assert [shown(v) for v in values] == [str(v) for v in values]
