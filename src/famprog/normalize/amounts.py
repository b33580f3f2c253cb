"""Money amounts in German text (guidelines §2.5): "rund 1,5 Mio. Euro jährlich", "EUR 5.000"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from famprog import lexicon
from famprog.normalize.numbers import (
    DIGITS,
    number_word_pattern,
    parse_german_decimal,
    parse_number_word,
    to_number,
)
from famprog.normalize.spans import fold, merge_windows, non_overlapping, scan, starts_pattern, words_pattern


@dataclass(frozen=True)
class AmountMatch:
    """A sum of money; ``text[start:end]`` is the phrase, qualifier and period word included."""

    start: int
    end: int
    value: int | float
    currency: str
    period: str | None
    approximate: bool


# A number that is not part of a longer number, a word or a decimal/grouping run.
_NUM_DIGITS = rf"(?<![\w.,]){DIGITS}(?![.,]?\d)"


def _lower_map(name: str, key: str) -> dict[str, object]:
    return {str(k).lower(): v for k, v in lexicon.load(name)[key].items()}


def _word_alternation(words: list[str]) -> str:
    """Words case-insensitively, symbols as written; a word must not run on into letters."""
    return rf"(?i:{words_pattern(words)})(?![a-zäöüß])"


@cache
def _pattern() -> re.Pattern[str]:
    currencies = _lower_map("money", "currencies")
    qualifiers = _lower_map("money", "qualifiers")
    periods = _lower_map("money", "periods")
    scales = _lower_map("numbers", "scales")
    before = lexicon.words("money", "periods_before")
    openers = lexicon.words("money", "range_openers")

    cur = _word_alternation(list(currencies))
    scale = _word_alternation(list(scales))
    qual = rf"(?<![\w]){_word_alternation(list(qualifiers))}"
    period = _word_alternation(list(periods))
    period_before = _word_alternation(before)
    opener = rf"(?<![\w]){_word_alternation(openers)}"
    one = words_pattern(lexicon.words("numbers", "one_before_scale"))
    # "eine Million Euro": the article counts as one only right before a scale word.
    number = rf"(?:{_NUM_DIGITS}|{number_word_pattern()}|(?<![\w])(?i:{one})(?=\s*{scale}))"
    connector = r"(?:auf|bis|und|–|-|—)"

    source = rf"""
    (?:(?P<pb>{period_before})\s+)?
    (?:
      (?:(?P<qa>{qual})\s+)?
      (?P<ca>{cur})\s*(?P<na>{_NUM_DIGITS})(?:\s*(?P<sa>{scale}))?(?:,[-–])?
    |
      (?:(?P<ro>{opener})\s+)?
      (?:(?P<qb>{qual})\s+)?
      (?:
        (?P<n1>{number})(?:\s*(?P<s1>{scale}))?(?:\s*(?P<c1>{cur}))?
        \s*(?P<rc>{connector})\s*
        (?:(?P<q2>{qual})\s+)?
      )?
      (?P<nb>{number})(?:\s*(?P<sb>{scale}))?\s*(?P<cb>{cur})(?:,[-–])?
    )
    (?:\s+(?P<pa>{period}))?
    """
    return re.compile(source, re.VERBOSE)


@cache
def _tables() -> tuple[dict[str, str], dict[str, bool], dict[str, str], dict[str, int]]:
    def fold(mapping: dict[str, object]) -> dict[str, object]:
        return {re.sub(r"\s+", " ", k): v for k, v in mapping.items()}

    return (
        fold(_lower_map("money", "currencies")),  # type: ignore[return-value]
        fold(_lower_map("money", "qualifiers")),
        fold(_lower_map("money", "periods")),
        fold(_lower_map("numbers", "scales")),
    )


def _fold(word: str | None) -> str | None:
    return None if word is None else re.sub(r"\s+", " ", word).lower()


def _value(number: str, scale: str | None, before_scale: bool) -> Decimal | None:
    value = parse_german_decimal(number)
    if value is None:
        folded = number.lower()
        if before_scale and folded in lexicon.words("numbers", "one_before_scale"):
            value = Decimal(1)
        else:
            word = parse_number_word(number)
            value = None if word is None else Decimal(word)
    if value is None:
        return None
    if scale is not None:
        value *= _tables()[3][_fold(scale) or ""]
    return value


# Every amount names its currency; the full pattern runs only around currency words.
_BEFORE_CURRENCY = 150
_AFTER_CURRENCY = 60


@cache
def _anchor() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a currency word may start (in folded text), and the currency word there."""
    currencies = list(_lower_map("money", "currencies"))
    return starts_pattern(currencies), re.compile(words_pattern(currencies))


@cache
def _starts() -> re.Pattern[str]:
    """Where an amount phrase not starting with a digit may begin (in folded text)."""
    words = [
        *_lower_map("money", "currencies"),
        *_lower_map("money", "qualifiers"),
        *(w.lower() for w in lexicon.words("money", "periods_before")),
        *(w.lower() for w in lexicon.words("money", "range_openers")),
        *(w.lower() for w in lexicon.words("numbers", "one_before_scale")),
        *(w.lower() for w in lexicon.words("numbers", "stems")),
    ]
    return starts_pattern(words)


_DIGIT_RUN = re.compile(r"\d+")


def find_amounts(text: str) -> list[AmountMatch]:
    """Every sum of money in ``text``, sorted by start, non-overlapping."""
    found: list[AmountMatch] = []
    pattern = _pattern()
    folded = fold(text)
    starts, currency = _anchor()
    # The spans that (?i:currencies).finditer(text) finds.
    hits: list[tuple[int, int]] = []
    for hit in starts.finditer(folded):
        if hits and hit.start() < hits[-1][1]:
            continue
        m = currency.match(folded, hit.start())
        if m is not None:
            hits.append(m.span())
    regions = merge_windows(hits, len(text), _BEFORE_CURRENCY, _AFTER_CURRENCY)
    if not regions:
        return found
    words = _starts()
    for start, end in regions:
        candidates = [m.start() for m in words.finditer(folded, start, end)]
        candidates += [m.start() for m in _DIGIT_RUN.finditer(text, start, end)]
        candidates.sort()
        for m in scan(pattern, text, candidates, end):
            found.extend(_from_match(m))
    return non_overlapping(found)


def _from_match(m: re.Match[str]) -> list[AmountMatch]:
    currencies, qualifiers, periods, _ = _tables()
    found: list[AmountMatch] = []
    period_word = _fold(m["pa"] or m["pb"])
    period = periods.get(period_word) if period_word else None
    if m["ca"] is not None:
        value = _value(m["na"], m["sa"], m["sa"] is not None)
        if value is None:
            return found
        qual = _fold(m["qa"])
        found.append(
            AmountMatch(
                start=m.start(),
                end=m.end(),
                value=to_number(value),
                currency=currencies[_fold(m["ca"]) or ""],
                period=period,
                approximate=bool(qual and qualifiers[qual]),
            )
        )
        return found
    currency = currencies[_fold(m["cb"]) or ""]
    second = _value(m["nb"], m["sb"], m["sb"] is not None)
    if second is None:
        return found
    opener = _fold(m["ro"])
    connector = m["rc"]
    first = None
    if m["n1"] is not None:
        # "von X auf Y", "zwischen X und Y", "X bis Y": the first number borrows scale and currency.
        scale1 = m["s1"] or m["sb"]
        first = _value(m["n1"], scale1, scale1 is not None)
        currency1 = currencies[_fold(m["c1"]) or ""] if m["c1"] else currency
        if (connector == "auf" and opener != "von") or (connector == "und" and opener != "zwischen"):
            # Not a range: the first number is an amount of its own only with its own currency.
            first = _value(m["n1"], m["s1"], m["s1"] is not None) if m["c1"] else None
    qual1 = _fold(m["qb"])
    approx1 = bool(qual1 and qualifiers[qual1])
    if first is not None:
        start1 = m.start("ro") if m["ro"] else (m.start("qb") if m["qb"] else m.start("n1"))
        if m["pb"]:
            start1 = m.start()
        end1 = max(e for e in (m.end("n1"), m.end("s1"), m.end("c1")) if e >= 0)
        found.append(AmountMatch(start1, end1, to_number(first), currency1, period, approx1))
        qual2 = _fold(m["q2"])
        start2 = m.start("q2") if m["q2"] else m.start("nb")
        approx2 = bool(qual2 and qualifiers[qual2]) or approx1
    else:
        if m["n1"] is not None:
            start2 = m.start("q2") if m["q2"] else m.start("nb")
            qual2 = _fold(m["q2"])
            if connector in ("bis",) and not qual2:
                # "Förderung bis 5.000 Euro": an upper bound.
                start2 = m.start("rc")
                qual2 = "bis zu"
            approx2 = bool(qual2 and qualifiers.get(qual2))
        else:
            start2 = m.start()
            approx2 = approx1
    found.append(AmountMatch(start2, m.end(), to_number(second), currency, period, approx2))
    return found
