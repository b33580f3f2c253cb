"""Center counts (guidelines §2.6, normalize/counts.py)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from famprog import lexicon
from famprog.normalize import counts
from famprog.normalize.counts import _count_value, _is_adjective, _partitive_before, find_center_counts

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
    # facility nouns of real releases
    ("insgesamt 127 gemeinnützigen Familienferienstätten", 127, "Familienferienstätte", False),
    ("32 Familienbildungsstätten", 32, "Familienbildungsstätte", False),
    ("acht Familiengrundschulzentren", 8, "Familiengrundschulzentrum", False),
    ("34 Kinder- und Familienzentren", 34, "Kinder- und Familienzentrum", False),
    ("rund 60 Eltern- und Familienzentren", 60, "Eltern- und Familienzentrum", True),
    ("59 Familienstützpunkte", 59, "Familienstützpunkt", False),
    ("12 MGH", 12, "Mehrgenerationenhaus", False),
    ("an die 1.750 Familienzentren", 1750, "Familienzentrum", True),
    ("rd. 40 Familienzentren", 40, "Familienzentrum", True),
    ("an die 34 Kitas", 34, "Kita", False),
    # the facilities a part is counted of, with words between
    ("23 der mit öffentlichen Mitteln geförderten MGH", 23, "Mehrgenerationenhaus", False),
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
    started = time.process_time()
    matches = find_center_counts(text)
    assert time.process_time() - started < 2
    if text.startswith("3 Kitas"):
        assert len(matches) == 25_000


# (text, [(value, unit, approximate), ...]): counts beside, after or referring back to their noun
SEVERAL = [
    (
        "Die Mittel gehen an 34 der 36 Mehrgenerationenhäuser.",
        [(34, "Mehrgenerationenhaus", False), (36, "Mehrgenerationenhaus", False)],
    ),
    ("Nur 5 von 20 Kitas nahmen teil.", [(5, "Kita", False), (20, "Kita", False)]),
    (
        "Nach 200 Mehrgenerationenhäusern wird die Gesamtzahl der Häuser von zunächst 439 auf insgesamt 500 erhöht.",
        [(200, "Mehrgenerationenhaus", False), (439, "Haus", False), (500, "Haus", False)],
    ),
    ("Die Zahl der Familienzentren liegt bei rund 950.", [(950, "Familienzentrum", True)]),
    ("Die Zahl der Kitas stieg um 50 auf 1.000.", [(1000, "Kita", False)]),
    ("Die Zahl der Kitas stieg auf 20 Landkreise verteilt.", []),
    (
        "Gefördert werden 531 Mehrgenerationenhäuser (MGH) im Jahr 2022. Das steht in der Drucksache 20/1422."
        " 88 davon befinden sich in Bayern, 65 im Westen und 23 in Sachsen.",
        [
            (531, "Mehrgenerationenhaus", False),
            (88, "Mehrgenerationenhaus", False),
            (65, "Mehrgenerationenhaus", False),
            (23, "Mehrgenerationenhaus", False),
        ],
    ),
    (
        "Damals wurden 184 Familienzentren zertifiziert; heute sind es 2417.",
        [(184, "Familienzentrum", False), (2417, "Familienzentrum", False)],
    ),
    (
        "Im Jahr 2010 gab es 300 Familienzentren, inzwischen sind es rund 450.",
        [(300, "Familienzentrum", False), (450, "Familienzentrum", True)],
    ),
    # a number counted by something else in between is no count of the facilities
    ("In 16 Familienzentren arbeiten 120 Fachkräfte, 30 davon in Teilzeit.", [(16, "Familienzentrum", False)]),
    ("Es gibt 16 Familienzentren. Dort sind es 120 Fachkräfte.", [(16, "Familienzentrum", False)]),
    ("30 davon in Teilzeit.", []),
    # houses count only in a text about a kind of house, never as a compound's tail
    (
        "Es gibt 455 Mehrgenerationenhäuser. Rund 250 Häuser kommen hinzu.",
        [(455, "Mehrgenerationenhaus", False), (250, "Haus", True)],
    ),
    ("Rund 250 Häuser wurden gebaut.", []),
    ("Es gibt 455 Mehrgenerationenhäuser und 12 Krankenhäuser.", [(455, "Mehrgenerationenhaus", False)]),
    # one number counted twice in one text: one unit (the specific one), approximate if once so
    (
        "950 Familienzentren erhalten Gütesiegel. Bislang haben rund 950 Kindertageseinrichtungen das Siegel.",
        [(950, "Familienzentrum", True), (950, "Familienzentrum", True)],
    ),
    ("Es gibt 165 Zentren. Die 165 Familienzentren arbeiten.", [(165, "Familienzentrum", False)] * 2),
    # more facilities than any release counts
    ("200.000 Kitas", []),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_several_counts(text: str, expected: list[tuple[int, str, bool]]) -> None:
    assert [(m.value, m.unit, m.approximate) for m in find_center_counts(text)] == expected


def test_word_caches_stay_bounded() -> None:
    """The rules look up the words before each facility noun in caches that a long run cannot grow."""
    for cached in (_count_value, _is_adjective):
        assert cached.cache_info().maxsize == 4096
        for n in range(5000):
            cached(f"wort{n}")
        assert cached.cache_info().currsize <= 4096


PARTITIVE_TEXTS = [
    "Die Mittel gehen an 34 der 36 Mehrgenerationenhäuser.",
    "Nur 5 von den 20 geförderten Kitas nahmen teil.",
    "23 der geförderten MGH",
    "Mittel für die Kitas der Stadt und von den Trägern der Häuser",
    "im Jahr 2020 der Kitas",
    "Drucksache 20/1422 der Landesregierung",
]


@pytest.mark.parametrize("text", PARTITIVE_TEXTS)
def test_partitive_tried_at_digits_only_changes_nothing(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "34 der 36" starts with its number: trying the pattern where runs of digits start finds what a
    search from every character of the window finds."""
    fast = [_partitive_before(text, at, words) for at in range(len(text) + 1) for words in (0, 5)]
    monkeypatch.setattr(counts, "digit_starts", lambda text, start, end: list(range(start, end)))
    assert fast == [_partitive_before(text, at, words) for at in range(len(text) + 1) for words in (0, 5)]


CONTEXT_TEXTS = [
    "Es gibt 455 Mehrgenerationenhäuser. Rund 250 Häuser kommen hinzu.",
    "Rund 250 Häuser wurden gebaut.",
    "In 12 Häusern der Familie und 3 Häusern arbeiten 5 Familienzentren.",
    "Die 40 MGH und 7 HÄUSERN wachsen; 3 Kinderhäuser öffnen.",
    "12 Kitas, keine Häuser, 4 Familienhäuser",
    "35 Familienzentren ohne ein Wort vom Haus",
]


@pytest.mark.parametrize("text", CONTEXT_TEXTS)
def test_context_stems_looked_for_only_with_a_context_form(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same counts as when every stem is looked for in every text."""
    fast = find_center_counts(text)
    stems = {stem for entry in counts._context_forms().values() for stem in entry}
    monkeypatch.setattr(counts, "_speaks_of_context", lambda folded: any(stem in folded for stem in stems))
    assert find_center_counts(text) == fast


NOUN_TEXTS = [
    *CONTEXT_TEXTS,
    *(row[0] for row in ROWS),
    "Es gibt 3 Häuser  der\nFamilie und 12 Modell-Kitas, 4 Kinder- und Familienzentren.",
    "Die 7 Familien\u00adzentren und 9 KITAS; 2 Beratungs- und 5 Servicestellen",
    "Richtung 12 Stellen, 4 Gärten, 8 Stellenwerte und 3 Kitasozialarbeit",
]


@pytest.mark.parametrize("text", NOUN_TEXTS)
def test_nouns_tried_at_form_pieces_only_changes_nothing(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A facility noun is tried only at the start of a word run holding a piece of a form: the same
    counts as when it is tried at every character."""
    fast = find_center_counts(text)
    monkeypatch.setattr(counts, "_noun_starts", lambda text, folded: list(range(len(text))))
    assert find_center_counts(text) == fast
