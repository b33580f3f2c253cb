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
    # Swiss grouping with apostrophes (straight and typographic), a decimal point after them
    ("CHF 1'200'000", 1200000, "CHF", None, False),
    ("250’000 Franken", 250000, "CHF", None, False),
    ("Fr. 3'500 sowie CHF 12'000.50", 12000.5, "CHF", None, False),
    ("rund 75'000 Schweizer Franken", 75000, "CHF", None, True),
    # scaled units and compounds
    ("450 TEUR", 450000, "EUR", None, False),
    ("80 T€", 80000, "EUR", None, False),
    ("TEUR 120", 120000, "EUR", None, False),
    ("eine 300-Euro-Pauschale", 300, "EUR", None, False),
    ("ein 5-Millionen-Euro-Programm", 5000000, "EUR", None, False),
    ("das 2,5-Mio.-Euro-Paket", 2500000, "EUR", None, False),
    # currencies before the euro
    ("450.000 D-Mark", 450000, "DEM", None, False),
    ("1,2 Mio. DM", 1200000, "DEM", None, False),
    ("300.000 Deutsche Mark", 300000, "DEM", None, False),
    ("50 TDM", 50000, "DEM", None, False),
    # fractions before a scale word
    ("rund einer halben Million Euro im Jahr", 500000, "EUR", "year", True),
    ("eine halbe Milliarde Euro", 500000000, "EUR", None, False),
    ("zweieinhalb Millionen Euro", 2500000, "EUR", None, False),
    ("anderthalb Millionen Euro", 1500000, "EUR", None, False),
    # periods: after, before, as an adjective of the sum or its noun, in a rate
    ("die jährlichen 5.000 €", 5000, "EUR", "year", False),
    ("einen jährlichen Zuschuss von 7.000 Euro", 7000, "EUR", "year", False),
    ("eine monatliche Pauschale in Höhe von 150 Euro", 150, "EUR", "month", False),
    ("5.000 Euro im Jahr", 5000, "EUR", "year", False),
    ("Das Land zahlt im Jahr 5.000 Euro.", 5000, "EUR", "year", False),
    ("im Jahr 2016 5.000 Euro", 5000, "EUR", None, False),
    ("Jedes Jahr stellt das Land 2 Mio. Euro bereit.", 2000000, "EUR", "year", False),
    ("im Jahr 2016 eine Million Euro", 1000000, "EUR", None, False),
    ("eine Million Euro im Jahr 2016", 1000000, "EUR", None, False),
    ("die jährliche Bilanz nennt 5.000 Euro", 5000, "EUR", None, False),
    # approximation
    ("rd. 2 Mio. Euro", 2000000, "EUR", None, True),
    ("an die 500 Euro", 500, "EUR", None, True),
    ("ein Gutschein über 50 Euro", 50, "EUR", None, False),
    ("einen Förderbescheid über 20.000 Euro", 20000, "EUR", None, False),
    ("überreichte einen Spendenscheck über 2.000 Euro", 2000, "EUR", None, False),
    ("Das Land gibt über 2.000 Euro", 2000, "EUR", None, True),
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


# (text, value, period, per): sums paid for each facility, child, family.
PER_ROWS = [
    ("150 Euro je Kind und Monat", 150, "month", "Kind"),
    ("5.000 Euro pro Einrichtung und Jahr", 5000, "year", "Einrichtung"),
    ("5.000 Euro pro Jahr und Einrichtung", 5000, "year", "Einrichtung"),
    ("bis zu 18.000 Euro je Familienzentrum", 18000, None, "Familienzentrum"),
    ("40.000 Euro pro Haus", 40000, None, "Haus"),
    ("12.000 Euro pro Kita jährlich", 12000, "year", "Kita"),
    ("Die Kitas erhalten jeweils bis zu 20.000 Euro.", 20000, None, "Kita"),
    ("Jeweils 5.000 Euro erhalten die teilnehmenden Familienzentren.", 5000, None, "Familienzentrum"),
    ("Die Familien bekommen jeweils 300 Euro.", 300, None, "Familie"),
    ("Der Kreis fördert jeden Stützpunkt mit einem Startgeld von 3.000 Euro.", 3000, None, "Stützpunkt"),
    ("Jede Kita erhält 5.000 Euro.", 5000, None, "Kita"),
    ("Jedes neue Familienzentrum erhält bis zu 19.000 Euro pro Jahr.", 19000, "year", "Familienzentrum"),
    ("5.000 Euro pro Jahr", 5000, "year", None),
    ("Das Land gibt 5 Mio. Euro.", 5000000, None, None),
    ("Damit jedes Kind gute Chancen hat, stellt das Land 5 Mio. Euro bereit.", 5000000, None, None),
    ("Jedes Kind zählt. Das Land gibt 5 Mio. Euro.", 5000000, None, None),
    # a plural facility subject receiving a sum: each one receives it, unless it is a total
    ("Die Kitas erhalten 20.000 Euro.", 20000, None, "Kita"),
    ("Kitas, die sich zu Familienzentren entwickeln, erhalten 10.000 Euro.", 10000, None, "Kita"),
    ("Ab 2024 erhalten 300 ausgewählte Familienzentren jährlich 40.000 Euro.", 40000, "year", "Familienzentrum"),
    ("Die Familienzentren erhalten insgesamt 2 Mio. Euro.", 2000000, None, None),
    ("Die Familienzentren erhalten 2 Mio. Euro.", 2000000, None, None),
    ("Die Kita erhält 5.000 Euro.", 5000, None, None),
    ("Die Kitas werden mit 5.000 Euro gefördert.", 5000, None, None),
    ("Der Zuschuss steigt auf 9 Euro pro Tag.", 9, None, "Tag"),
]


@pytest.mark.parametrize(("text", "value", "period", "per"), PER_ROWS)
def test_per_recipient(text: str, value: int, period: str | None, per: str | None) -> None:
    (match,) = find_amounts(text)
    assert (match.value, match.period, match.per) == (value, period, per)


def test_rate_in_the_mention() -> None:
    text = "Das Land zahlt 150 Euro je Kind und Monat."
    (match,) = find_amounts(text)
    assert text[match.start : match.end] == "150 Euro je Kind und Monat"


@pytest.mark.parametrize(
    "text",
    [
        # values a release cannot mean: negative sums, sums above 10^12
        "ein Saldo von -5.000 Euro",
        "minus 5.000 Euro",
        "(−2.000 Euro)",
        "2.000.000.000.000 Euro",
        "5.000 Milliarden Euro",
        # lower-case abbreviations and words that merely end in a currency word
        "5 dm lang",
        "die Akteure",
        "450 teur",
        # Swiss grouping broken off: no value rather than a wrong one
        "CHF 1'20",
        "12'000'0 Franken",
    ],
)
def test_no_amount_outside_range(text: str) -> None:
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

    started = time.process_time()
    matches = find_amounts(text)
    assert time.process_time() - started < 2
    assert all(text[m.start : m.end] for m in matches)
    if text.startswith("5 Euro"):
        assert len(matches) == 30_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sum named twice, its period or recipient said once: the same grant
        (
            "Die Zentren werden mit 12.000 Euro jährlich gefördert. Im Bericht stehen 12.000 Euro.",
            [(12000, "year", None), (12000, "year", None)],
        ),
        (
            "Die Zentren werden mit 12.000 Euro jährlich gefördert. Dort erhalten 44 Kitas 12.000 Euro.",
            [(12000, "year", "Kita"), (12000, "year", "Kita")],
        ),
        # different periods stated: each keeps its own, the bare one takes none
        (
            "5.000 Euro jährlich und 5.000 Euro monatlich, dazu 5.000 Euro.",
            [(5000, "year", None), (5000, "month", None), (5000, None, None)],
        ),
        ("10.000 Euro jährlich und 20.000 Euro.", [(10000, "year", None), (20000, None, None)]),
    ],
)
def test_same_sum_same_rate(text: str, expected: list[tuple[int, str | None, str | None]]) -> None:
    assert [(m.value, m.period, m.per) for m in find_amounts(text)] == expected


@pytest.mark.parametrize("seed", range(40))
def test_cue_words_found_by_search_equal_the_alternation(seed):
    import random
    import re

    from famprog.normalize.amounts import _each_words

    rng = random.Random(seed)
    pieces = ["jede", "Jede", "jeweils", "erhalten", "rhielten", "bekam", "bekm", "je", "e", "b", "k", "x", " "]
    text = "".join(rng.choice(pieces) for _ in range(50))
    alternation = re.compile(r"[jJ]e(?:de|weils)|erh(?:alten|ielten)|beka?m")
    for start, end in [(0, len(text)), (3, len(text) - 5), (7, 30)]:
        assert _each_words(text, start, end) == [m.start() for m in alternation.finditer(text, start, end)]


# amounts whose currency stands at the end of a stretch of figures, or where a currency word hides
# inside another word: the candidates after the last currency word of a region are never tried
CURRENCY_LAST = [
    "Im Jahr 2020 gab das Land 5.000 Euro, 2021 dann 12 Prozent mehr, am 3. März 2022 nochmals 40 Tagungen.",
    "Von 2019 bis 2023 flossen 1,5 Millionen Euro und 300.000 Euro, dazu 12 Stellen und 4 Kitas.",
    "5 MillionenEuro für 3 Jahre, Teuro 500 und 20 Neuro 7 sowie 12 TEUR 4 und DM 5 Deutsche Mark 9",
    "jährlich 5.000 € und monatlich 300 $ für 40 Familien in 12 Orten, 1.000 CHF 2.000 Franken 3",
]


@pytest.mark.parametrize("text", CURRENCY_LAST)
def test_candidates_after_the_last_currency_change_nothing(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same amounts as when a currency may start anywhere (every candidate of a region tried)."""
    from famprog.normalize import amounts

    fast = find_amounts(text)
    hits = amounts._currency_hits
    monkeypatch.setattr(amounts, "_currency_hits", lambda t, f: (hits(t, f)[0], list(range(len(t) + 1))))
    assert find_amounts(text) == fast
    assert fast
