"""German numbers: digit strings in German format ("1.500.000", "1,5") and number words ("zwölf")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from text_to_num import text2num

from famprog import lexicon
from famprog.normalize.spans import opening_class

SOFT_HYPHEN = "\u00ad"

# A German-format number: thousands grouped by dots (or none), optional decimal comma.
# Each repetition starts with a dot, so the groups cannot be split two ways: linear time.
# thousands grouped by dots ("1.500.000") or by (narrow, non-breaking) spaces ("400 000", DIN 5008),
# or by apostrophes, the Swiss way ("1'200'000", "250’000"; a decimal point after them: "1'200.50").
SWISS_MARKS = "'\u2019"
DIGITS = (
    r"(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])"
    rf"|\d{{1,3}}(?:[{SWISS_MARKS}]\d{{3}})+(?:\.\d{{1,2}}(?![\d.]))?(?![\d{SWISS_MARKS}])|\d+)(?:,\d+)?"
)
_DIGITS_FULL = re.compile(DIGITS)
_GROUPING = re.compile(r"[.\s\u00a0\u202f]")
# Longest plausible number word ("neunhundertneunundneunzigtausend..."): beyond it, not a number.
_MAX_WORD = 60


@cache
def number_stems_pattern() -> str:
    """Regex source for the stems a German number word starts with."""
    stems = sorted(lexicon.words("numbers", "stems"), key=len, reverse=True)
    return "|".join(re.escape(s) for s in stems)


@cache
def number_word_pattern() -> str:
    """Regex source for a candidate number word: starts with a number stem; checked by text2num after."""
    # the stems are tried one by one only after a letter that one of them begins with
    firsts = opening_class(lexicon.words("numbers", "stems"))
    stems = number_stems_pattern()
    return rf"(?<![\w\-{SOFT_HYPHEN}]){firsts}(?i:(?:{stems})[a-zäöüß{SOFT_HYPHEN}]*)(?![\w-])"


@cache
def _articles() -> frozenset[str]:
    return frozenset(lexicon.words("numbers", "articles"))


@lru_cache(maxsize=8192)  # bounded: number words recur, other words are looked up once
def parse_number_word(word: str) -> int | None:
    """The value of one German cardinal number word, or None. Forms of the article "ein" are None."""
    folded = word.replace(SOFT_HYPHEN, "").lower()
    if not folded or len(folded) > _MAX_WORD or not folded.isalpha() or folded in _articles():
        return None
    if not re.match(number_stems_pattern(), folded):
        return None
    try:
        value = text2num(folded, "de")
    except (ValueError, TypeError, IndexError, KeyError):
        return None
    return value if isinstance(value, int) and value >= 0 else None


def parse_german_decimal(text: str) -> Decimal | None:
    """Exact value of a German digit string ("1.500.000", "250.000,50"; Swiss "1'200'000.50"), or None."""
    text = text.strip()
    if not _DIGITS_FULL.fullmatch(text):
        return None
    if any(mark in text for mark in SWISS_MARKS):
        # Swiss grouping: the point is the decimal mark
        text = re.sub(rf"[{SWISS_MARKS}]", "", text).replace(".", ",")
    try:
        return Decimal(_GROUPING.sub("", text).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None


def to_number(value: Decimal) -> int | float:
    """An int where the value is integral, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_german_number(text: str) -> int | float | None:
    """ "1.500.000" -> 1500000, "1,5" -> 1.5, "zehn" -> 10, "einundzwanzig" -> 21; anything else -> None."""
    decimal = parse_german_decimal(text)
    if decimal is not None:
        return to_number(decimal)
    return parse_number_word(text.strip())


def format_german_number(value: int | float, decimals: int | None = None) -> str:
    """The German spelling of a number: 1500000 -> "1.500.000", 1.5 -> "1,5"."""
    if isinstance(value, float) and value != value:  # NaN
        raise ValueError("cannot format NaN")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if number < 0 else ""
    plain = format(abs(number), "f")
    whole, _, fraction = plain.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
