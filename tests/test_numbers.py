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


# ---- the finders' shared helpers (normalize/spans.py) ---------------------------------------------
SPAN_PIECES = [
    "Euro",
    "eur",
    "EUR",
    "€",
    "$",
    "Neuro",
    "seit dem",
    "seit",
    "Am",
    "am",
    "Samstag",
    "zwei",
    "zweihundert",
    "1",
    "2020",
    "_",
    "-",
    " ",
    "\n",
    "İ",
    "ſ",
    "K",
    "Σ",
]


@pytest.mark.parametrize("seed", range(40))
def test_literal_starts_hold_every_hit_of_the_starts_pattern(seed):
    import random

    from famprog.normalize.spans import fold, literal_starts, starts_pattern

    rng = random.Random(seed)
    text = fold("".join(rng.choice(SPAN_PIECES) for _ in range(60)))
    for words, word_start in [
        (["euro", "eur", "€", "$", "us-dollar"], False),
        (["seit dem", "seit", "am", "samstag"], True),
        (["zwei", "zweihundert", "_x"], True),
    ]:
        for end in (None, len(text) // 2):
            hits = [m.start() for m in starts_pattern(words, word_start).finditer(text, 0, end or len(text))]
            found = literal_starts(text, words, word_start, end)
            assert set(hits) <= set(found)
            assert found == sorted(set(found))
            assert all(any(text.startswith(w.split()[0], at) for w in words) for at in found)


@pytest.mark.parametrize("seed", range(40))
def test_word_starts_are_what_the_starts_pattern_finds(seed):
    import random

    from famprog.normalize.spans import WordStarts, fold, starts_pattern

    rng = random.Random(seed)
    text = fold("".join(rng.choice([*SPAN_PIECES, "am", "im ", "seit", ".", "xam"]) for _ in range(60)))
    size = len(text)
    for words in [("seit dem", "seit", "am", "samstag"), ("zwei", "zweihundert", "_x"), ("am", "im")]:
        for start, end in [(0, size), (0, size // 2), (1, size), (size // 3, size // 2), (5, 7)]:
            hits = [m.start() for m in starts_pattern(words, word_start=True).finditer(text, start, end)]
            assert WordStarts(words).between(text, start, end) == hits


@pytest.mark.parametrize("seed", range(40))
def test_opening_class_keeps_every_match_of_its_alternation(seed):
    import random
    import re

    from famprog.normalize.spans import opening_class, words_pattern

    rng = random.Random(seed)
    text = "".join(rng.choice([*SPAN_PIECES, "Euro", "EUR", "Stunde", "€", "$"]) for _ in range(60))
    for words in [["euro", "eur", "€", "$", "us-dollar"], ["seit dem", "seit", "am", "samstag"], ["zwei", "kind"]]:
        plain = re.compile(rf"(?i:{words_pattern(words)})")
        guarded = re.compile(rf"{opening_class(words)}(?i:{words_pattern(words)})")
        for at in range(len(text)):
            found, kept = plain.match(text, at), guarded.match(text, at)
            assert (found and found.span()) == (kept and kept.span())


@pytest.mark.parametrize("seed", range(20))
def test_fold_and_digit_runs_kept_for_the_last_text_equal_them_computed_anew(seed):
    import random
    import re

    from famprog.normalize import spans

    rng = random.Random(seed)
    texts = ["".join(rng.choice(SPAN_PIECES) for _ in range(30)) for _ in range(3)]
    for text in [*texts, texts[0], texts[0]]:  # the same text again, and another after it
        expected = text
        for char, plain in (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k")):
            expected = expected.replace(char, plain)
        assert spans.fold(text) == expected.lower() and len(spans.fold(text)) == len(text)
        runs = spans.digit_runs(text)
        assert runs == [m.span() for m in re.finditer(r"\d+", text)]
        runs.append((0, 0))  # a caller's list is its own
        assert spans.digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]
    # one text is kept, not all
    assert spans._last_fold[0][0] is text and len(spans._last_fold) == 1 and len(spans._last_digit_runs) == 1


@pytest.mark.parametrize("seed", range(30))
def test_digit_starts_equal_a_scan_of_the_range(seed):
    import random
    import re

    from famprog.normalize.spans import digit_starts

    rng = random.Random(seed)
    text = "".join(rng.choice(["1", "23", "٣", "x", " ", ".", "2020"]) for _ in range(40))
    for _ in range(10):
        start = rng.randrange(len(text))
        end = rng.randrange(start + 1, len(text) + 1)
        assert digit_starts(text, start, end) == [m.start() for m in re.compile(r"\d+").finditer(text, start, end)]


@pytest.mark.parametrize("seed", range(30))
def test_merge_windows_equals_merging_clamped_windows_one_by_one(seed):
    import random

    from famprog.normalize.spans import merge_windows

    rng = random.Random(seed)
    size = rng.randrange(1, 300)
    hits = []
    for _ in range(rng.randrange(8)):
        start = rng.randrange(size)
        hits.append((start, min(size, start + rng.randrange(1, 6))))
    hits.sort()
    before, after = rng.randrange(0, 90), rng.randrange(0, 130)
    expected: list[tuple[int, int]] = []
    for hit_start, hit_end in hits:
        start, end = max(0, hit_start - before), min(size, hit_end + after)
        if expected and start <= expected[-1][1]:
            expected[-1] = (expected[-1][0], max(expected[-1][1], end))
        else:
            expected.append((start, end))
    assert merge_windows(hits, size, before, after) == expected


@pytest.mark.parametrize("text", ["", "1", "a1b22c333", "٣٤ und 12", "1.500,5 €", "x²³ 7", "2020/21\n٣"])
def test_digit_runs_are_the_runs_of_backslash_d(text):
    import re

    from famprog.normalize.spans import digit_runs

    assert digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]


@pytest.mark.parametrize("seed", range(40))
def test_literal_starts_skip_only_words_the_text_cannot_hold(seed):
    """A word holding a shorter one that the text lacks is not looked for: the places found are those
    of looking for every word."""
    import random

    from famprog.normalize.spans import fold, literal_starts

    rng = random.Random(seed)
    pieces = ["morgen", "übermorgen", "gestern", "vorgestern", "hundert", "einhundert", "us-dollar", "am", " ", "x"]
    text = fold("".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))))
    words = ["vorgestern", "gestern", "heute", "morgen", "übermorgen", "am", "einhundert", "hundert", "us-dollar"]
    for word_start in (False, True):
        for end in (None, len(text) // 2):
            stop = len(text) if end is None else end
            every = {at for w in words for at in range(stop) if text.startswith(w, at, stop)}
            if word_start:
                every = {at for at in every if not at or not (text[at - 1].isalnum() or text[at - 1] == "_")}
            assert literal_starts(text, words, word_start, end) == sorted(every)


@pytest.mark.parametrize("seed", range(20))
def test_words_pattern_grouped_by_first_letter_matches_as_the_plain_alternation(seed):
    """Grouping the phrases by first letter changes no match, as written or case-insensitively, also
    where a phrase needs what follows it (backtracking into the next phrase of the alternation)."""
    import random
    import re

    from famprog.normalize.spans import words_pattern

    rng = random.Random(seed)
    lists = [
        ["Januar", "Jan.", "Juni", "Jun.", "Juli", "März", "Mai", "Mrz.", "September", "Sept.", "Sep."],
        ["kita", "Kita", "kitas", "kinderhaus", "haus der familie", "häuser", "Häuser der Familie", "zentren"],
        ["euro", "eur", "€", "$", "us-dollar", "seit dem", "seit", "am", "samstag", "ab", "bis zum"],
    ]
    pieces = ["Jan.", "Juni ", "juli", "Mai", "märz", "Sept", "Kita", "KITAS", "Häuser  der\nFamilie", "kinder"]
    pieces += ["haus", "EUR", "€", "seit dem ", "Seit", "am ", "Samstag", "bis zum", "x", " ", "s"]
    text = "".join(rng.choice(pieces) for _ in range(80))
    for words in lists:
        plain = "|".join(
            r"\s+".join(re.escape(p) for p in w.split()) for w in sorted(words, key=lambda w: (-len(w), w))
        )
        for source in (r"(?:{})(?![a-zäöüß])", r"(?i:{})(?![\w])", r"(?:{})\s*\d?"):
            grouped, reference = re.compile(source.format(words_pattern(words))), re.compile(source.format(plain))
            for at in range(len(text)):
                found, expected = grouped.match(text, at), reference.match(text, at)
                assert (found and found.span()) == (expected and expected.span())
