"""Schema of the language data the value finders read beyond tests/test_lexicon.py: currencies as written,
rates, recipients, fractions, year nouns, month-alone prefixes, house context and generic units."""

from __future__ import annotations

from decimal import Decimal

from famprog import lexicon

PERIODS = {"year", "month", "week"}


def _lower_unique(entries: list[str]) -> None:
    assert all(e == e.strip() and e == e.lower() and "  " not in e for e in entries), entries
    assert len(entries) == len(set(entries)), entries


def test_currencies_as_written() -> None:
    table = lexicon.load("money")["currencies_as_written"]
    for word, (iso, factor) in table.items():
        assert word[:1].isupper(), word  # matched as written: upper case, "dm" is no currency
        assert len(iso) == 3 and iso.isupper(), iso
        assert isinstance(factor, int) and factor in (1, 1000), factor
    assert not {w.lower() for w in table} & set(lexicon.load("money")["currencies"])


def test_rates_and_recipients() -> None:
    money = lexicon.load("money")
    _lower_unique(list(money["period_adjectives"]))
    assert set(money["period_adjectives"].values()) <= PERIODS
    _lower_unique(list(money["period_nouns"]))
    assert set(money["period_nouns"].values()) <= PERIODS
    _lower_unique(list(money["recipients"]))
    assert all(singular[:1].isupper() for singular in money["recipients"].values())
    _lower_unique(money["worth_nouns"])
    _lower_unique(money["receiving_verbs"])
    _lower_unique(money["total_words"])
    assert set(money["round_qualifiers"]) <= set(money["qualifiers"])
    assert set(money["periods_before"]) <= set(money["periods"])


def test_fractions() -> None:
    fractions = lexicon.load("numbers")["fractions_before_scale"]
    _lower_unique(list(fractions))
    assert all(0 < Decimal(str(v)) < 10 for v in fractions.values())


def test_calendar_year_words() -> None:
    calendar = lexicon.load("calendar")
    _lower_unique(calendar["year_nouns"])
    assert set(calendar["span_with_und_after"]) <= set(calendar["year_nouns"])
    _lower_unique(calendar["month_alone_after"])
    assert set(calendar["month_alone_after"]) <= set(calendar["prefixes"])


def test_facility_context_and_generic_units() -> None:
    data = lexicon.load("facilities")
    singulars = {entry["singular"] for entry in data["facilities"]}
    for entry in data["context_facilities"]:
        assert set(entry) == {"singular", "forms", "after"}, entry
        _lower_unique(entry["forms"])
        _lower_unique(entry["after"])
        assert entry["singular"] not in singulars
    generic = lexicon.words("facilities", "generic_units")
    assert set(generic) <= singulars | {e["singular"] for e in data["context_facilities"]}
