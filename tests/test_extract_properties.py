"""Properties of the whole extraction (read -> annotate -> link -> record) on arbitrary text.

For any text: no exception but ``InputError``, every mention and every fact's evidence slices back
to its text, the same text gives the same record, and every record validates against the schema.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from famprog.errors import InputError
from famprog.extract import extract
from famprog.reading import read_bytes
from famprog.serialize import dumps_json, dumps_yaml, record_to_dict

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# fmt: off
WORDS = [
    # numbers, money, counts
    "1", "12", "24", "0,6", "2,5", "5,35", "37.500", "1.200.000", "2023", "2019/20", "zwölf", "drei", "rund",
    "bis zu", "knapp", "mehr als", "Euro", "€", "EUR", "Mio.", "Millionen", "Milliarden", "Tausend", "jährlich",
    "pro Jahr", "im Monat", "Familienzentren", "Kindertageseinrichtungen", "Standorte", "Familienstützpunkte",
    # dates
    "Januar", "März", "Mai", "Dezember", "am", "vom", "bis", "seit", "ab dem", "1.", "31.", "14.03.2023",
    "Haushaltsjahr", "heutigen", "Dienstag", "Ende",
    # people and organisations
    "Dr.", "Prof.", "Ministerin", "Staatssekretär", "Landrat", "Leiterin", "Anna", "Müller", "Weiß-Schmidt",
    "(SPD)", "(CDU)", "(Bündnis 90/Die Grünen)", "Ministerium für", "Soziales,", "Familie", "und", "Jugend",
    "Thüringer", "Sächsisches", "Staatsministerium", "Stiftung", "e.V.", "gGmbH", "Jugendamt", "Kassel",
    # programs and quotes
    "Landesprogramm", "Förderprogramm", "Richtlinie", "„", "“", "«", "»", '"', "(ABC)", "(LFQ)", "LFQ",
    "LFQ-Programm", "Familienorte im Quartier", "Starke Wege",
    # punctuation and layout
    ".", ",", ":", ";", "–", "-", "/", "(", ")", "§", "\n", "\n\n", "\t", "  ", "Pressemitteilung vom",
    "Erfurt,", "Zurück", "Drucken", "Startseite", "Foto:", "©",
]
# fmt: on

german_ish = st.lists(st.sampled_from(WORDS), min_size=1, max_size=80).map(" ".join)
german_lines = st.lists(german_ish, min_size=1, max_size=8).map("\n".join)
any_text = st.text(max_size=400)
mixed = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=60).map(" ".join)


def extract_text(nlp, text: str, suffix: str = ".txt") -> tuple[dict | None, str | None]:
    """The record dict and the decoded source text, or (None, None) when famprog refuses the input."""
    try:
        source = read_bytes(text.encode("utf-8"), "prop.txt", suffix=suffix)
    except InputError:
        return None, None
    return record_to_dict(extract(nlp, source)), source.text


def check_record(record: dict, text: str, validator) -> None:
    validator.validate(record)
    assert record["document"]["chars"] == len(text)
    for kind in ("programs", "organisations", "people", "dates", "amounts", "center_counts"):
        for item in record[kind]:
            for m in item["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(text), (kind, m)
                assert text[m["start"] : m["end"]] == m["text"], (kind, item, m)
    for fact in record["facts"]:
        ev = fact.get("evidence")
        if ev is not None:
            assert text[ev["start"] : ev["end"]] == ev["text"], fact
    dumps_json(record)
    dumps_yaml(record)


@PROPERTY
@given(text=any_text)
def test_arbitrary_text(nlp, record_validator, text):
    record, source = extract_text(nlp, text)
    if record is not None:
        check_record(record, source, record_validator)


@PROPERTY
@given(text=st.one_of(german_ish, german_lines))
def test_german_ish_text(nlp, record_validator, text):
    record, source = extract_text(nlp, text)
    if record is not None:
        check_record(record, source, record_validator)


@PROPERTY
@given(text=mixed)
def test_german_words_mixed_with_arbitrary_text(nlp, record_validator, text):
    record, source = extract_text(nlp, text)
    if record is not None:
        check_record(record, source, record_validator)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=german_lines)
def test_german_ish_html(nlp, record_validator, text):
    html = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</article></body></html>"
    record, source = extract_text(nlp, html, suffix=".html")
    if record is not None:
        check_record(record, source, record_validator)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(german_lines, mixed))
def test_same_text_gives_the_same_record(nlp, text):
    first, _ = extract_text(nlp, text)
    second, _ = extract_text(nlp, text)
    assert first == second
    if first is not None:
        assert dumps_json(first) == dumps_json(second)


@pytest.mark.parametrize(
    "text",
    [
        "Das Land fördert 24 Familienzentren mit 2,5 Millionen Euro jährlich.",
        "„“ (ABC) Dr. Ministerium für (",
        "Ministerin Dr. ( Müller ) sagte am 31. 2. 2023: 1.2.3.4 Euro",
        "x" * 5000,
        "\u00a0\u200b\ufeffÄ",
    ],
)
def test_examples_that_once_looked_risky(nlp, record_validator, text):
    record, source = extract_text(nlp, text)
    if record is not None:
        check_record(record, source, record_validator)
