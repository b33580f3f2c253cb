"""Counts of family and child-sector facilities (guidelines §2.6): "Rund 35 Kindertageseinrichtungen"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from famprog import lexicon
from famprog.normalize.numbers import (
    DIGITS,
    SOFT_HYPHEN,
    number_stems_pattern,
    parse_german_decimal,
    parse_number_word,
)
from famprog.normalize.spans import fold, merge_windows, non_overlapping, scan, starts_pattern, words_pattern


@dataclass(frozen=True)
class CountMatch:
    """A number of facilities; ``unit`` is the counted noun in the singular nominative."""

    start: int
    end: int
    value: int
    unit: str
    approximate: bool


_WORD_CHARS = rf"\w{SOFT_HYPHEN}-"
# Up to this many lower-case words (adjectives, participles) between number and noun.
_MAX_ADJECTIVES = 2
# How far back from the noun to look for the number and its qualifier.
_LOOKBACK = 120
_KEEP = _MAX_ADJECTIVES + 3
_DIGIT_NUMBER = re.compile(DIGITS)
_ADJECTIVE = re.compile(rf"[a-zäöüß][a-zäöüß{SOFT_HYPHEN}-]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OPENING = "(„\"'‚«»[“"


@cache
def _facilities() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    entries = lexicon.load("facilities")["facilities"]
    unit_of: dict[str, str] = {}
    for entry in entries:
        for form in entry["forms"]:
            unit_of[re.sub(r"\s+", " ", form.lower())] = entry["singular"]
    forms = words_pattern(unit_of)
    # A capitalised word (hyphenated compounds included) ending in a facility form.
    # The lazy prefix meets only literal alternatives: at most one pass per word start.
    pattern = re.compile(
        rf"(?<![{_WORD_CHARS}])(?=[A-ZÄÖÜ])(?P<prefix>[{_WORD_CHARS}]*?)(?P<form>(?i:{forms}))(?![{_WORD_CHARS}])"
    )
    excluded = frozenset(w.lower() for w in lexicon.words("facilities", "not_facilities"))
    return pattern, unit_of, excluded


@cache
def _qualifiers() -> dict[str, bool]:
    qualifiers = lexicon.load("money")["qualifiers"]
    return {re.sub(r"\s+", " ", str(k).lower()): bool(v) for k, v in qualifiers.items()}


def _unit(prefix: str, form: str, singular: str) -> str | None:
    if not prefix:
        return singular if form[:1].isupper() else None
    if " " in singular:  # multi-word nouns ("Haus der Familie") take no compound prefix
        return None
    if prefix.endswith("-"):
        return prefix + singular
    return prefix + singular.lower()


_NOUN_WORD = re.compile(rf"(?<![{_WORD_CHARS}])[A-ZÄÖÜ][{_WORD_CHARS}]*")


def facility_nouns(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, singular nominative) of every facility noun in ``text[start:end]``:
    "Die Familienzentren" -> "Familienzentrum", "Modell-Kitas" -> "Modell-Kita"."""
    found: list[tuple[int, int, str]] = []
    for m in _NOUN_WORD.finditer(text, start, end):
        unit = _facility_unit(m.group())
        if unit is not None:
            found.append((m.start(), m.end(), unit))
    return found


@cache
def _facility_unit(word: str) -> str | None:
    """The unit of one capitalised word that is a facility noun, else None."""
    pattern, unit_of, excluded = _facilities()
    m = pattern.fullmatch(word)
    if m is None or word.replace(SOFT_HYPHEN, "").lower() in excluded:
        return None
    return _unit(m["prefix"], m["form"], unit_of[re.sub(r"\s+", " ", m["form"].lower())])


def _count_value(token: str) -> tuple[int, bool] | None:
    """(value, looks like a year) for a number token, or None."""
    if _DIGIT_NUMBER.fullmatch(token):
        value = parse_german_decimal(token)
        if value is None or value != value.to_integral_value():
            return None
        return int(value), bool(_YEAR.fullmatch(token))
    word = parse_number_word(token)
    return None if word is None else (word, False)


def _number_before(text: str, noun_start: int) -> tuple[int, int, bool] | None:
    """(start, value, approximate) of the count phrase ending right before the noun, or None."""
    window_start = max(0, noun_start - _LOOKBACK)
    window = text[window_start:noun_start]
    if not window or not window[-1].isspace():
        return None
    # Only the last _KEEP tokens matter: the number, the adjectives after it, a qualifier before it.
    words = window.rsplit(None, _KEEP)
    if len(words) <= _KEEP and window_start > 0 and words and not text[window_start - 1].isspace():
        words = words[1:]  # the first token is cut off
    elif len(words) > _KEEP:
        words = words[1:]
    tokens: list[tuple[int, str]] = []
    cursor = len(window)
    for word in reversed(words):
        cursor = window.rfind(word, 0, cursor)
        tokens.append((window_start + cursor, word))
    tokens.reverse()
    for k in range(min(_MAX_ADJECTIVES, len(tokens) - 1) + 1):
        start, token = tokens[-1 - k]
        between = tokens[len(tokens) - k :]
        if not all(_ADJECTIVE.fullmatch(word) and parse_number_word(word) is None for _, word in between):
            return None
        stripped = token.lstrip(_OPENING)
        start += len(token) - len(stripped)
        parsed = _count_value(stripped)
        if parsed is None:
            continue
        value, year_like = parsed
        qualified_start = _qualifier_before(tokens[: len(tokens) - 1 - k], start)
        if year_like and qualified_start is None:
            return None  # "2018 Familienzentren" is rather a year
        if qualified_start is not None:
            return qualified_start, value, _qualifiers()[_qualifier_key(tokens[: len(tokens) - 1 - k])]
        return start, value, False
    return None


def _qualifier_key(tokens: list[tuple[int, str]]) -> str:
    for n in (2, 1):
        if len(tokens) >= n:
            key = " ".join(word for _, word in tokens[-n:]).lower()
            if key in _qualifiers():
                return key
    return ""


def _qualifier_before(tokens: list[tuple[int, str]], number_start: int) -> int | None:
    key = _qualifier_key(tokens)
    if not key:
        return None
    return tokens[-len(key.split())][0]


_DIGIT_RUN = re.compile(r"\d+")
_RUN_BACK = re.compile(rf"[{_WORD_CHARS}]*")


@cache
def _stems() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a number word may start (in folded text), and its stem there."""
    stems = lexicon.words("numbers", "stems")
    return starts_pattern([s.lower() for s in stems], word_start=True), re.compile(number_stems_pattern().lower())


@cache
def _form_starts() -> re.Pattern[str]:
    return starts_pattern(_facilities()[1])


def _anchors(text: str, folded: str) -> list[tuple[int, int]]:
    """The spans that ``\\d+|(?<![\\w])(?i:stems)`` finds: every count begins with one."""
    starts, stem = _stems()
    hits = [m.span() for m in _DIGIT_RUN.finditer(text)]
    for m in starts.finditer(folded):
        found = stem.match(folded, m.start())
        if found is not None:
            hits.append(found.span())
    hits.sort()
    return hits


def find_center_counts(text: str) -> list[CountMatch]:
    """Every count of facilities in ``text``, sorted by start, non-overlapping."""
    pattern, unit_of, excluded = _facilities()
    found: list[CountMatch] = []
    folded = fold(text)
    regions = merge_windows(_anchors(text, folded), len(text), 0, _LOOKBACK)
    if not regions:
        return found
    backwards = text[::-1]
    size = len(text)
    forms = _form_starts()
    for start, end in regions:
        # A noun is a word run ending in a facility form: it can only match at the start of that run.
        candidates = sorted(
            {size - _RUN_BACK.match(backwards, size - m.start()).end() for m in forms.finditer(folded, start, end)}
        )
        nouns = scan(pattern, text, [c for c in candidates if c >= start], end)
        found.extend(_counts_in(text, nouns, unit_of, excluded))
    return non_overlapping(found)


def _counts_in(
    text: str, nouns: Iterator[re.Match[str]], unit_of: dict[str, str], excluded: frozenset[str]
) -> list[CountMatch]:
    found: list[CountMatch] = []
    for m in nouns:
        noun = m.group()
        if noun.replace(SOFT_HYPHEN, "").lower() in excluded:
            continue
        unit = _unit(m["prefix"], m["form"], unit_of[re.sub(r"\s+", " ", m["form"].lower())])
        if unit is None:
            continue
        before = _number_before(text, m.start())
        if before is None:
            continue
        start, value, approximate = before
        found.append(CountMatch(start, m.end(), value, unit, approximate))
    return found
