"""Dates, spans and the document's date (guidelines §2.4, normalize/dates.py)."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from famprog import lexicon
from famprog.normalize.dates import find_dates, find_published, parse_bare_date

REFERENCE = datetime.date(2022, 9, 9)  # a Friday

# (text, [(value, end_value, kind), ...]) with the reference date above.
ROWS = [
    ("13.06.2018", [("2018-06-13", None, "date")]),
    ("13.6.18", [("2018-06-13", None, "date")]),
    ("am 7. Juni 2018", [("2018-06-07", None, "date")]),
    ("09. September 2022", [("2022-09-09", None, "date")]),
    ("7. Jun. 2018", [("2018-06-07", None, "date")]),
    ("2018-06-07", [("2018-06-07", None, "date")]),
    ("Montag, 7. Juni 2018", [("2018-06-07", None, "date")]),
    ("am 07.06.", [("2022-06-07", None, "date")]),
    ("Januar 2019", [("2019-01", None, "date")]),
    ("Jan. 2019", [("2019-01", None, "date")]),
    ("im Dezember 1999", [("1999-12", None, "date")]),
    ("vom 1. November 2010 bis 30. September 2014", [("2010-11-01", "2014-09-30", "span")]),
    ("von 2019 bis 2022", [("2019", "2022", "span")]),
    ("2019 bis 2022", [("2019", "2022", "span")]),
    ("2019–2022", [("2019", "2022", "span")]),
    ("zwischen 2019 und 2021", [("2019", "2021", "span")]),
    ("1. bis 3. Juni 2022", [("2022-06-01", "2022-06-03", "span")]),
    ("Juni bis August 2021", [("2021-06", "2021-08", "span")]),
    ("vom 1. bis 3. Juni", [("2022-06-01", "2022-06-03", "span")]),
    ("seit 2015 die", [("2015", None, "since")]),
    ("Seit Januar 2019 erfolgt", [("2019-01", None, "since")]),
    ("seit dem 1. Oktober 2020", [("2020-10-01", None, "since")]),
    ("Seit 1. Oktober 2020 berät", [("2020-10-01", None, "since")]),
    ("ab 2024", [("2024", None, "since")]),
    ("ab dem Haushaltsjahr 2019", [("2019", None, "since")]),
    ("ab dem Jahr 2019", [("2019", None, "since")]),
    ("bis 2025", [("2025", None, "until")]),
    ("bis Ende 2025", [("2025", None, "until")]),
    ("Haushaltsjahr 2023", [("2023", None, "date")]),
    ("2023/24", [("2023", "2024", "span")]),
    ("2023/2024", [("2023", "2024", "span")]),
    ("im Jahr 2019", [("2019", None, "date")]),
    ("Mitte 2020", [("2020", None, "date")]),
    ("Ende 2020", [("2020", None, "date")]),
    ("Anfang 2020", [("2020", None, "date")]),
    ("am 7. Juni", [("2022-06-07", None, "date")]),
    ("heute", [("2022-09-09", None, "date")]),
    ("Heute beginnt", [("2022-09-09", None, "date")]),
    ("am heutigen Dienstag", [("2022-09-09", None, "date")]),
    ("gestern", [("2022-09-08", None, "date")]),
    ("morgen", [("2022-09-10", None, "date")]),
    ("am Montag", [("2022-09-05", None, "date")]),
    ("am Freitag", [("2022-09-09", None, "date")]),
    ("am vergangenen Freitag", [("2022-09-02", None, "date")]),
    ("am kommenden Freitag", [("2022-09-16", None, "date")]),
    ("am nächsten Montag", [("2022-09-12", None, "date")]),
    ("bereits 2017 und 2018 gefördert", [("2017", None, "date"), ("2018", None, "date")]),
    ("seit 2006 für eine", [("2006", None, "since")]),
    ("2018 wurde das Programm", [("2018", None, "date")]),
    ("29.02.2020", [("2020-02-29", None, "date")]),
    # two days of one month: one span
    ("am 26./27. September", [("2022-09-26", "2022-09-27", "span")]),
    ("am 26. und 27. September", [("2022-09-26", "2022-09-27", "span")]),
    ("vom 3./4. Mai 2018", [("2018-05-03", "2018-05-04", "span")]),
    ("am 3. u. 4. Mai 2018", [("2018-05-03", "2018-05-04", "span")]),
    ("am 30./31. Juni 2018", []),
    # school, Kita and budget years
    ("Schuljahr 1999/00", [("1999", "2000", "span")]),
    ("im Kita-Jahr 2022/2023", [("2022", "2023", "span")]),
    ("des Kindergartenjahres 2008/2009", [("2008", "2009", "span")]),
    ("seit dem Schuljahr 2019/20", [("2019", "2020", "since")]),
    ("ab dem Kita-Jahr 2024/25", [("2024", "2025", "since")]),
    ("bis 2029/30", [("2029", "2030", "until")]),
    ("Doppelhaushalt 2025/26", [("2025", "2026", "span")]),
    ("in den Haushaltsjahren 2019 und 2020", [("2019", "2020", "span")]),
    ("für die Haushaltsjahre 2025 und 2026", [("2025", "2026", "span")]),
    ("in den Doppelhaushaltsjahren 2025 und 2026", [("2025", "2026", "span")]),
    ("in den Jahren 2020 und 2021", [("2020", None, "date"), ("2021", None, "date")]),
    ("in den Jahren 2007 bis 2013", [("2007", "2013", "span")]),
    ("von 2017 bis 2020", [("2017", "2020", "span")]),
    ("2019/25", []),
    # the end of a year
    ("bis zum Ende des Jahres 2029", [("2029", None, "until")]),
    ("bis Ende des Jahres 2029", [("2029", None, "until")]),
    ("seit Beginn des Jahres 2020", [("2020", None, "since")]),
    ("zum Ende des Schuljahres 2023/24", [("2023", "2024", "span")]),
    # a month without a year takes the document's year, after a word that makes it a date
    ("ab Februar", [("2022-02", None, "since")]),
    ("seit März gibt es", [("2022-03", None, "since")]),
    ("ab Februar 214 Familienzentren", [("2022-02", None, "since")]),  # a count after the month, no year
    ("bis Ende Juni", [("2022-06", None, "until")]),
    ("im Mai", [("2022-05", None, "date")]),
    ("August Bebel sagte", []),
    ("Der Mai ist gekommen", []),
    # years outside 1900-2099 make no date, and the day and month before them are not kept
    ("bis 2. März 2100", []),
    ("am 3. Mai 1850", []),
    ("seit Mai 2150", []),
    ("im Jahr 2150", []),
    ("13.06.2100", []),
]

NEGATIVES = [
    "0361 30257 - 604",
    "Tel.: +49 (0) 611 817 3408",
    "0361/3798-0",
    "§16 des Gesetzes",
    "§ 16 Abs. 2",
    "§ 2019",
    "Kinder von 0 bis 10 Jahren",
    "bis 10 Jahre",
    "2.019 Euro",
    "2019 Euro",
    "2020 Teilnehmende",
    "2018 Familienzentren",
    "65187 Wiesbaden",
    "Dostojewskistraße 4",
    "Version 2.1.12",
    "10.30 Uhr",
    "9.30 Uhr",
    "31.02.2020",
    "30.13.2020",
    "1.1.1.1.1.1",
    "das 3. Familienzentrum",
    "07.06. ohne Kontext",
    "Am Morgen",
    "5 Prozent",
    "Nr. 2019",
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_dates(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    matches = find_dates(text, REFERENCE)
    assert [(m.value, m.end_value, m.kind) for m in matches] == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, REFERENCE) == []


@pytest.mark.parametrize(
    "text",
    [
        "am 7. Juni",
        "heute",
        "am heutigen Dienstag",
        "gestern",
        "am Montag",
        "am 07.06.",
        "ab Februar",
        "am 26./27. Mai",
    ],
)
def test_relative_dates_need_a_reference(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Das Projekt lief vom 1. November 2010 bis 30. September 2014 in Weimar.",
            "vom 1. November 2010 bis 30. September 2014",
        ),
        ("Seit Januar 2019 erfolgt die Förderung.", "Seit Januar 2019"),
        ("ab dem Haushaltsjahr 2019 zugeordnet", "ab dem Haushaltsjahr 2019"),
        ("Am Montag, 7. Juni 2018 tagte", "Am Montag, 7. Juni 2018"),
    ],
)
def test_spans_include_the_words(text: str, phrase: str) -> None:
    (match,) = find_dates(text)
    assert text[match.start : match.end] == phrase


def _month_name(month: int) -> str:
    names = [n for n, v in lexicon.load("months")["months"].items() if v == month and not n.endswith(".")]
    return names[0].capitalize()


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_german_forms_round_trip(day: datetime.date) -> None:
    for text in (
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day}. {_month_name(day.month)} {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
    ):
        (match,) = find_dates(f"Es war am {text} in Erfurt.")
        assert match.value == day.isoformat()
        assert parse_bare_date(text) == day.isoformat()


@given(st.text(max_size=200), st.none() | st.dates())
def test_arbitrary_text(text: str, reference: datetime.date | None) -> None:
    matches = find_dates(text, reference)
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert m.kind in {"date", "span", "since", "until"}
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))
    find_published(text)


@given(st.text(alphabet=st.sampled_from(list("0123456789.-/ –bisJuniamseit\n§")), max_size=80))
def test_digit_soup(text: str) -> None:
    for m in find_dates(text, REFERENCE):
        assert text[m.start : m.end]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 200_000,
        "." * 200_000,
        "1." * 100_000,
        "1.1." * 50_000,
        "-" * 200_000,
        "A" * 200_000,
        "2019 " * 40_000,
        "12. " * 50_000,
        "7. Juni 2018 bis " * 12_000,
        "1/" * 100_000,
    ],
)
def test_long_runs_finish_quickly(text: str) -> None:
    started = time.process_time()
    matches = find_dates(text, REFERENCE)
    find_published(text)
    assert time.process_time() - started < 2
    assert all(text[m.start : m.end] for m in matches)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13.06.2018\nThüringer Ministerium\n\nText", "2018-06-13"),
        ("\n\nPressemitteilung vom 09.09.2022 zum Thema:\n", "2022-09-09"),
        ("Medieninformation 122 vom 13. Juni 2018\nText", "2018-06-13"),
        ("Titel\nErschienen am 3. März 2021\nText", "2021-03-03"),
        ("Titel\nVeröffentlicht am 03.03.2021", "2021-03-03"),
        ("Titel\nDatum: 03.03.2021\nText", "2021-03-03"),
        ("Titel\nStand: Mittwoch, 3. März 2021\n", "2021-03-03"),
        ("Titel\n\nErfurt, 9. September 2022 – Das Land fördert …", "2022-09-09"),
        ("Titel\n\n24. Mai 2025 – dpa meldet …", "2025-05-24"),
        ("Titel\n\nBerlin, 24. Mai 2025 (dpa) Das Land …", "2025-05-24"),
        ("Titel\nDienstag, 7. Juni 2022\nText", "2022-06-07"),
        # every dateline form of the guidelines (§2.4)
        ("Titel\nErfurt, 12.03.2024 – Das Land fördert …", "2024-03-12"),
        ("Titel\nErfurt, 12.03.2024. Das Land fördert …", "2024-03-12"),
        ("Titel\nERFURT, 12. März 2024. Das Land …", "2024-03-12"),
        ("Titel\n\nDas Land fördert 20 Zentren, sagte die Ministerin in Mainz. (12.03.2024)\nText", "2024-03-12"),
        ("Titel\n\n„Das ist gut“, sagte sie.“ (12.03.2024)\nText", "2024-03-12"),
        ("Titel\n12.03.2024 | Pressemitteilung\nText", "2024-03-12"),
        ("Titel\n23.09.2022, Magdeburg\nText", "2022-09-23"),
        ("Titel\n23.09.2022, Bad Muster – Das Land …", "2022-09-23"),
        ("Titel\n\n12.03.2024\n\nText", "2024-03-12"),
        ("Kreisverband Mitteilung 184/2004 vom 26.01.2004\nText", "2004-01-26"),
        ("LANDTAG Drucksache 7/1234 7. Wahlperiode 13.09.19 Kleine Anfrage", "2019-09-13"),
    ],
)
def test_published(text: str, value: str) -> None:
    match = find_published(text)
    assert match is not None
    assert match.value == value
    assert text[match.start : match.end]


@pytest.mark.parametrize(
    "text",
    [
        "Hessisches Ministerium\n\nSeit 1. Oktober 2020 berät die neue Anlaufstelle\n",
        "Titel\n\nDas Projekt lief vom 1. November 2010 bis 30. September 2014.",
        "Titel\nam 7. Juni 2018 fand eine Tagung statt",
        "",
        "Januar 2019\nText",
        # event dates in body text are no datelines
        "Titel\nDie Anmeldung läuft bis Freitag (12.03.2024)\nText",
        "Titel\nDas Fest findet am 12.03.2024 statt.\n",
        "Titel\nAm 12.03.2024. Das Land …",
        "Titel\n\nDie Tagung (12.03.2024)\nText",
        "Titel\nDie Fachtagung findet am 12. März 2024, 10 Uhr, in Erfurt statt.",
    ],
)
def test_no_published(text: str) -> None:
    assert find_published(text) is None


SHARED = Path(__file__).resolve().parents[2] / "shared"


def _seed_cases() -> list[tuple[Path, object]]:
    gold_dir, seed_dir = SHARED / "eval" / "gold", SHARED / "seeds"
    if not gold_dir.is_dir():
        return []
    cases = []
    for gold in sorted(gold_dir.glob("*.yaml")):
        seed = seed_dir / f"{gold.stem}.txt"
        if seed.exists():
            cases.append((seed, yaml.safe_load(gold.read_text(encoding="utf-8")).get("published")))
    return cases


@pytest.mark.skipif(not _seed_cases(), reason="shared seeds not available")
@pytest.mark.parametrize(("seed", "published"), _seed_cases() or [(None, None)])
def test_published_on_seeds(seed: Path, published: object) -> None:
    match = find_published(seed.read_text(encoding="utf-8"))
    expected = None if published is None else str(published)
    assert (match.value if match else None) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13.06.2018", "2018-06-13"),
        ("Januar 2019", "2019-01"),
        ("2015", "2015"),
        ("7. Juni 2018", "2018-06-07"),
        ("2018-06-07", "2018-06-07"),
        ("", None),
    ],
)
def test_parse_bare_date(text: str, value: str | None) -> None:
    assert parse_bare_date(text) == value


_DIGIT_VARIANTS = [
    "2018",
    "1999",
    "2100",
    "1899",
    "20189",
    "201",
    "2018-06-07",
    "2018/19",
    "1.",
    "13.",
    "03.",
    "130.",
    "13.6.",
    "13.06.2018",
    "7. Juni",
    "7.Juni 2018",
    "26./27. September",
    "3. und 4. Mai",
    "1.500 Euro",
    "12,5",
    "0511 123",
    "§ 12.",
    "Nr. 3.",
    "5 bis 7.",
    "٣. März",
    "١٩٩٩",
    "2 Kitas",
    "12:30",
    "2023–2024",
]


@pytest.mark.parametrize("text", [*_DIGIT_VARIANTS, " ".join(_DIGIT_VARIANTS)])
def test_digit_pre_check_is_exact(text: str) -> None:
    """A digit run that the pre-check turns away is one where the full pattern matches nothing."""
    from famprog.normalize.dates import _may_open_atom, _pattern
    from famprog.normalize.spans import digit_runs

    for context in (text, f"am {text}", f"bis {text} und", f"({text})"):
        for start, end in digit_runs(context):
            if not _may_open_atom(context, start, end):
                assert _pattern().match(context, start) is None, (context, start)


# prefix words, weekdays and "am" before, between and after the digits and month names a date opens at
_WORDS_AROUND = [
    "Am Montag, den 3. März 2020 um 12 Uhr, ab dem Jahr und bis Ende",
    "seit dem Haushaltsjahr 2019 und in den Haushaltsjahren 2020 und 2021 bis zum",
    "vom 1. bis 3. Juni 2021, ab Februar, bis Ende Juni, seit Mitte April und am",
    "Stand: Mai 2023. Die 12 Kitas öffnen am kommenden Dienstag, ab Anfang des",
    "Schuljahr 2023/24 und Haushaltsjahres 2022 ab dem",
]


@pytest.mark.parametrize("text", _WORDS_AROUND)
@pytest.mark.parametrize("reference", [None, REFERENCE])
def test_words_after_the_last_opener_change_nothing(
    text: str, reference: datetime.date | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A phrase's first date opens at a digit run or a month name: leaving out the words after the
    last of these in a region finds the same dates as trying every word of the region."""
    from famprog.normalize import dates
    from famprog.normalize.spans import WordStarts

    fast = find_dates(text, reference)
    words, months = dates._starts()

    class EveryWord(WordStarts):
        def between(self, folded: str, start: int, end: int) -> list[int]:
            return words.between(folded, start, len(folded))

    monkeypatch.setattr(dates, "_starts", lambda: (EveryWord([]), months))
    assert find_dates(text, reference) == fast
    assert fast


@pytest.mark.parametrize(
    "before",
    ["", " ", "§ ", "§", "§§\n", "Nr. ", "Nr.", "Tel.: ", "TEL:\t", "Abs.\u00a0", "vom ", "x" * 30 + " Nr. ", "Nr.x "],
)
def test_reference_word_before_is_the_last_word(before: str) -> None:
    """ "§ 12.03.", "Nr. 3.": the word right before the number is read as the last whitespace-separated
    piece of the 20 characters before it, "§" also glued to it."""
    import re

    from famprog.normalize.dates import _blocked_before, _not_after

    text = before + "12.03.2020"
    window = text[max(0, len(before) - 20) : len(before)]
    last = re.search(r"(\S+)\s*\Z", window)
    expected = window.rstrip().endswith("§") or bool(last and last.group(1).lower().rstrip(":") in _not_after())
    assert _blocked_before(text, len(before)) == expected
