"""Integrity of the German language data under resources/de/ used by the normalizers.

Schema, no duplicates, entries normalized the way the loaders expect, and every entry a single
token (or a known token sequence) for spaCy's German tokenizer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import spacy
import yaml

from famprog import lexicon
from famprog.normalize.numbers import parse_german_number

FILES = ["months", "numbers", "money", "facilities", "calendar"]


@cache
def _nlp() -> spacy.language.Language:
    return spacy.blank("de")


def _tokenizes_cleanly(surface: str) -> bool:
    """One token per space-separated piece, a piece splitting off at most its final dot."""
    tokens = [t.text for t in _nlp()(surface)]
    flat_options: list[list[str]] = [[]]
    for piece in surface.split():
        options = [[piece]] + ([[piece[:-1], "."]] if piece.endswith(".") and len(piece) > 1 else [])
        flat_options = [done + option for done in flat_options for option in options]
    return tokens in flat_options


def _lower_and_clean(entries: list[str]) -> None:
    for entry in entries:
        assert entry == entry.strip(), entry
        assert entry == entry.lower(), entry
        assert "  " not in entry, entry
    assert len(entries) == len(set(entries)), sorted({e for e in entries if entries.count(e) > 1})


ALL_FILES = sorted(p.stem for p in (Path(lexicon.__file__).parent / "resources" / "de").glob("*.yaml"))


@pytest.mark.parametrize("name", ALL_FILES)
def test_fast_loader_reads_every_file_as_the_pure_python_loader_does(name: str) -> None:
    path = Path(lexicon.__file__).parent / "resources" / "de" / f"{name}.yaml"
    assert lexicon.load(name) == yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_files_are_mappings(name: str) -> None:
    assert isinstance(lexicon.load(name), dict)


def test_months() -> None:
    months = lexicon.load("months")["months"]
    _lower_and_clean([str(k) for k in months])
    assert all(isinstance(v, int) and 1 <= v <= 12 for v in months.values())
    assert set(months.values()) == set(range(1, 13))
    for name in months:
        assert _tokenizes_cleanly(name.capitalize()), name


def test_numbers() -> None:
    data = lexicon.load("numbers")
    for key in ("stems", "words", "articles", "one_before_scale"):
        _lower_and_clean(lexicon.words("numbers", key))
    for word in data["words"]:
        assert parse_german_number(word) is not None, word
        assert _tokenizes_cleanly(word), word
    for article in data["articles"]:
        assert parse_german_number(article) is None, article
    assert set(data["one_before_scale"]) <= set(data["articles"])
    scales = data["scales"]
    _lower_and_clean(list(scales))
    assert all(isinstance(v, int) and v >= 1000 for v in scales.values())
    for scale in scales:
        assert _tokenizes_cleanly(scale.capitalize()), scale


def test_money() -> None:
    data = lexicon.load("money")
    _lower_and_clean([str(k) for k in data["currencies"]])
    assert all(isinstance(v, str) and len(v) == 3 and v.isupper() for v in data["currencies"].values())
    _lower_and_clean(list(data["periods"]))
    assert set(data["periods"].values()) <= {"year", "month", "week", "day"}
    assert set(data["periods_before"]) <= set(data["periods"])
    _lower_and_clean(list(data["qualifiers"]))
    assert all(isinstance(v, bool) for v in data["qualifiers"].values())
    assert data["qualifiers"]["insgesamt"] is False
    _lower_and_clean(data["range_openers"])
    for word in [*data["currencies"], *data["qualifiers"]]:
        assert _tokenizes_cleanly(word), word


def test_facilities() -> None:
    data = lexicon.load("facilities")
    forms: list[str] = []
    singulars: list[str] = []
    for entry in data["facilities"]:
        assert set(entry) == {"singular", "forms"}, entry
        singular = entry["singular"]
        assert singular[:1].isupper() and singular == singular.strip(), singular
        singulars.append(singular)
        _lower_and_clean(entry["forms"])
        assert singular.lower() in entry["forms"], singular
        forms.extend(entry["forms"])
        for form in entry["forms"]:
            assert _tokenizes_cleanly(form[:1].upper() + form[1:]), form
    assert len(forms) == len(set(forms))
    assert len(singulars) == len(set(singulars))
    _lower_and_clean(lexicon.words("facilities", "not_facilities"))
    others = lexicon.words("facilities", "other_count_nouns")
    _lower_and_clean(others)
    assert not set(others) & set(forms)


def test_calendar() -> None:
    data = lexicon.load("calendar")
    weekdays = data["weekdays"]
    _lower_and_clean(list(weekdays))
    assert set(weekdays.values()) == set(range(1, 8))
    for key in (
        "weekday_before",
        "weekday_after",
        "weekday_today",
        "numeric_day_month_after",
        "span_connectors",
        "not_after",
        "published_nouns",
        "published_phrases",
        "published_labels",
        "agencies",
    ):
        _lower_and_clean(lexicon.words("calendar", key))
    _lower_and_clean(list(data["relative_days"]))
    assert all(isinstance(v, int) for v in data["relative_days"].values())
    prefixes = data["prefixes"]
    _lower_and_clean(list(prefixes))
    assert set(prefixes.values()) <= {"since", "until", "none"}
    assert set(data["numeric_day_month_after"]) <= set(prefixes)
    for word in [*weekdays, *prefixes]:
        assert _tokenizes_cleanly(word.capitalize()), word
