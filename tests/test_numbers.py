"""German number parsing and formatting (normalize/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from famprog.normalize.numbers import format_german_number, parse_german_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1500000),
        ("1,5", 1.5),
        ("35", 35),
        ("5.000", 5000),
        ("250.000,50", 250000.5),
        ("0,6", 0.6),
        ("1,0", 1),
        ("zehn", 10),
        ("Zehn", 10),
        ("einundzwanzig", 21),
        ("zwölf", 12),
        ("hundert", 100),
        ("zweihundert", 200),
        ("zwei\u00adhundert", 200),
        ("dreitausend", 3000),
        ("null", 0),
        # Swiss grouping: apostrophes (straight or typographic), a decimal point after them
        ("1'200'000", 1200000),
        ("250’000", 250000),
        ("12'000.50", 12000.5),
    ],
)
def test_parse_german_number(text: str, expected: int | float) -> None:
    value = parse_german_number(text)
    assert value == expected
    assert isinstance(value, type(expected))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ein",
        "eine",
        "einer",
        "Gäste",
        "1.5",
        "1.50",
        "1,5,5",
        "12a",
        "Achtung",
        "elfmeter",
        "-",
        "x" * 500,
    ],
)
def test_parse_german_number_rejects(text: str) -> None:
    assert parse_german_number(text) is None


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1500000, None, "1.500.000"),
        (1.5, None, "1,5"),
        (5000, None, "5.000"),
        (2.5, 2, "2,50"),
        (0, None, "0"),
    ],
)
def test_format_german_number(value: int | float, decimals: int | None, expected: str) -> None:
    assert format_german_number(value, decimals) == expected


@given(st.integers(min_value=0, max_value=10**15))
def test_integers_round_trip(value: int) -> None:
    assert parse_german_number(format_german_number(value)) == value


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_floats_round_trip(value: float) -> None:
    assert parse_german_number(format_german_number(value)) == value


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_fixed_decimals_round_trip(whole: int, cents: int) -> None:
    text = format_german_number(whole) + f",{cents:02d}"
    assert parse_german_number(text) == pytest.approx(whole + cents / 100)


@pytest.mark.parametrize("text", ["1'20", "12'000'0", "1'200,000.5", "'200", "1''200"])
def test_broken_swiss_grouping_is_no_number(text: str) -> None:
    assert parse_german_number(text) is None


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(["'", "’"]))
def test_swiss_grouping_round_trip(value: int, mark: str) -> None:
    swiss = format_german_number(value).replace(".", mark)
    assert parse_german_number(swiss) == value
