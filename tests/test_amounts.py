"""Money amounts (guidelines §2.5, normalize/amounts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from famprog.normalize.amounts import find_amounts
from famprog.normalize.numbers import format_german_number

# (text, value, currency, period, approximate) of the one amount in the text.
ROWS = [
    ("1,5 Millionen Euro jährlich", 1500000, "EUR", "year", False),
    ("welches das Land mit 1,5 Millionen Euro jährlich fördert", 1500000, "EUR", "year", False),
    ("5.000 Euro", 5000, "EUR", None, False),
    ("5,2 Mio. Euro", 5200000, "EUR", None, False),
    ("EUR 5.000", 5000, "EUR", None, False),
    ("5.000 €", 5000, "EUR", None, False),
    ("1,5 Mio. €", 1500000, "EUR", None, False),
    ("250.000,50 Euro", 250000.5, "EUR", None, False),
    ("rund 3 Mrd. Euro", 3000000000, "EUR", None, True),
    ("Rund 3 Milliarden Euro", 3000000000, "EUR", None, True),
    ("etwa 200 Tsd. Euro", 200000, "EUR", None, True),
    ("ca. 40.000 Euro", 40000, "EUR", None, True),
    ("knapp 2 Millionen Euro", 2000000, "EUR", None, True),
    ("über 500.000 Euro", 500000, "EUR", None, True),
    ("mehr als 1 Mrd. €", 1000000000, "EUR", None, True),
    ("bis zu 10.000 Euro monatlich", 10000, "EUR", "month", True),
    ("insgesamt 40.000 Euro", 40000, "EUR", None, False),
    ("zwei Millionen Euro", 2000000, "EUR", None, False),
    ("eine Million Euro", 1000000, "EUR", None, False),
    ("mit einer Milliarde Euro", 1000000000, "EUR", None, False),
    ("zehntausend Euro pro Jahr", 10000, "EUR", "year", False),
    ("300 Euro im Monat", 300, "EUR", "month", False),
    ("20.000 Euro p.a.", 20000, "EUR", "year", False),
    ("jährlich rund 2 Mio. Euro", 2000000, "EUR", "year", True),
    ("100 US-Dollar", 100, "USD", None, False),
    ("12 Franken", 12, "CHF", None, False),
    ("500 Tausend Euro", 500000, "EUR", None, False),
    ("Zuschüsse von bis zu 5.000 Euro", 5000, "EUR", None, True),
]


@pytest.mark.parametrize(("text", "value", "currency", "period", "approximate"), ROWS)
def test_one_amount(text: str, value: float, currency: str, period: str | None, approximate: bool) -> None:
    (match,) = find_amounts(text)
    assert (match.value, match.currency, match.period, match.approximate) == (
        value,
        currency,
        period,
        approximate,
    )
    assert text[match.start : match.end].strip() == text[match.start : match.end]


@pytest.mark.parametrize(
    "text",
    [
        "Der Euro-Raum wächst.",
        "in der Euro-Zone",
        "5 Prozent mehr",
        "Der Euro ist stabil.",
        "in Europa 2019",
        "etwa 90 Gäste",
        "Kinder von 0 bis 10 Jahren",
        "seit 2015",
        "16 Familienzentren",
        "ein Euro-Programm",
        "Tel.: +49 (0) 611 817 3408",
        "Der Dollar fiel.",
    ],
)
def test_no_amount(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("von 0,6 auf 2,6 Millionen Euro", [600000, 2600000]),
        ("zwischen 2 und 3 Millionen Euro", [2000000, 3000000]),
        ("1.000 bis 2.000 Euro", [1000, 2000]),
        ("von 5.000 Euro auf 7.000 Euro", [5000, 7000]),
        ("5.000 € und 1,5 Mio. €", [5000, 1500000]),
        ("Kosten und 5 Mio. Euro", [5000000]),
        ("von 2019 bis 2022 insgesamt 5 Mio. Euro", [5000000]),
    ],
)
def test_several_amounts(text: str, values: list[int]) -> None:
    matches = find_amounts(text)
    assert [m.value for m in matches] == values
    assert all(m.currency == "EUR" for m in matches)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


def test_range_spans_do_not_overlap() -> None:
    text = "Die Mittel stiegen von 0,6 auf 2,6 Millionen Euro."
    first, second = find_amounts(text)
    assert text[first.start : first.end] == "von 0,6"
    assert text[second.start : second.end] == "2,6 Millionen Euro"


@given(st.integers(min_value=1, max_value=10**12))
def test_formatted_amount_found(value: int) -> None:
    text = f"Das Land gibt {format_german_number(value)} Euro."
    (match,) = find_amounts(text)
    assert match.value == value


@given(st.text(alphabet=st.sampled_from(list("0123456789.,€ EuroMio-bisundvonauf\n")), max_size=80))
def test_never_raises_and_slices_back(text: str) -> None:
    matches = find_amounts(text)
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert m.currency in {"EUR", "USD", "CHF"}
        assert m.value >= 0
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    for m in find_amounts(text):
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "." * 200_000,
        "1." * 100_000,
        "1,1" * 70_000,
        "1.000" * 40_000,
        "5 Euro " * 30_000,
        "-" * 200_000,
        "A" * 200_000,
        "zehn" * 50_000,
    ],
)
def test_long_runs_finish_quickly(text: str) -> None:
    import time

    started = time.perf_counter()
    matches = find_amounts(text)
    assert time.perf_counter() - started < 2
    assert all(text[m.start : m.end] for m in matches)
    if text.startswith("5 Euro"):
        assert len(matches) == 30_000
