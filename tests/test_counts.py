"""Center counts (guidelines §2.6, normalize/counts.py)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from famprog import lexicon
from famprog.normalize.counts import find_center_counts

ROWS = [
    ("In Thüringen gibt es aktuell 16 Familienzentren.", 16, "Familienzentrum", False),
    ("Rund 35 Kindertageseinrichtungen kümmern sich", 35, "Kindertageseinrichtung", True),
    ("in zehn ausgewählten Modelleinrichtungen realisiert", 10, "Modelleinrichtung", False),
    ("unterstützt die 181 Familienzentren in Hessen", 181, "Familienzentrum", False),
    ("zwölf Eltern-Kind-Zentren", 12, "Eltern-Kind-Zentrum", False),
    ("zwei\u00adhundert Kitas", 200, "Kita", False),
    ("einundzwanzig neue Mehrgenerationenhäuser", 21, "Mehrgenerationenhaus", False),
    ("drei Häuser der Familie", 3, "Haus der Familie", False),
    ("in 5 Häusern der Familie", 5, "Haus der Familie", False),
    ("mehr als 100 Standorte", 100, "Standort", True),
    ("etwa 40 Kindertagesstätten", 40, "Kindertagesstätte", True),
    ("an 12 Familienstützpunkten", 12, "Familienstützpunkt", False),
    ("sieben Anlaufstellen", 7, "Anlaufstelle", False),
    ("(12 Kitas)", 12, "Kita", False),
    ("1.200 Kindergärten", 1200, "Kindergarten", False),
    ("rund 2018 Familienzentren", 2018, "Familienzentrum", True),
    ("4 Familienbüros", 4, "Familienbüro", False),
    ("1 Familienzentrum", 1, "Familienzentrum", False),
]


@pytest.mark.parametrize(("text", "value", "unit", "approximate"), ROWS)
def test_one_count(text: str, value: int, unit: str, approximate: bool) -> None:
    (match,) = find_center_counts(text)
    assert (match.value, match.unit, match.approximate) == (value, unit, approximate)
    assert text[match.start : match.end].split()[-1].rstrip(".,)") in text


@pytest.mark.parametrize(
    "text",
    [
        "etwa 90 Gäste",
        "neun Modellprojekte",
        "zwei Prozessbegleitende",
        "Kinder von 0 bis 10 Jahren",
        "zweimal jährlich",
        "16 Landkreise",
        "120 Teilnehmende",
        "5.000 Euro",
        "drei Jahre",
        "2018 Familienzentren",
        "eine Einrichtung",
        "einer Kita",
        "das 3. Familienzentrum",
        "4 Rechenzentren",
        "interessierten Standorten",
        "in den Familienzentren",
        "1,5 Kitas",
    ],
)
def test_no_count(text: str) -> None:
    assert find_center_counts(text) == []


@pytest.mark.parametrize("noun", lexicon.words("facilities", "other_count_nouns"))
def test_other_count_nouns_are_not_facilities(noun: str) -> None:
    assert find_center_counts(f"Es gibt 12 {noun.capitalize()} im Land.") == []


def test_spans_include_qualifier_and_adjectives() -> None:
    text = "Rund 35 Kindertageseinrichtungen und in zehn ausgewählten Modelleinrichtungen"
    first, second = find_center_counts(text)
    assert text[first.start : first.end] == "Rund 35 Kindertageseinrichtungen"
    assert text[second.start : second.end] == "zehn ausgewählten Modelleinrichtungen"


@given(st.integers(min_value=1, max_value=5000))
def test_any_number_of_family_centers(value: int) -> None:
    text = f"Im Land arbeiten {value:,} Familienzentren.".replace(",", ".")
    (match,) = find_center_counts(text)
    assert match.value == value


@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    for m in find_center_counts(text):
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "." * 200_000,
        "1." * 100_000,
        "A" * 200_000,
        "-" * 200_000,
        "Kita" * 50_000,
        "3 Kitas " * 25_000,
        "zehn" * 50_000,
        "Familienzentren " * 12_000,
    ],
)
def test_long_runs_finish_quickly(text: str) -> None:
    started = time.perf_counter()
    matches = find_center_counts(text)
    assert time.perf_counter() - started < 2
    if text.startswith("3 Kitas"):
        assert len(matches) == 25_000
