"""Calendar references in German text (guidelines §2.4): dates, spans, "seit …", "bis …", the document's date.

One compiled pattern finds candidate phrases (a date "atom", optionally a prefix like "seit dem" and a
second atom after "bis"/"–"); Python code then checks the calendar and the context. dateparser is used
only by ``parse_bare_date`` as a last resort, never while scanning text.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from itertools import islice

from famprog import lexicon
from famprog.normalize.spans import (
    WordStarts,
    digit_runs,
    fold,
    fold_once,
    literal_starts,
    merge_windows,
    non_overlapping,
    scan,
    starts_pattern,
    words_pattern,
)


@dataclass(frozen=True)
class DateMatch:
    """A calendar reference; ``value`` (and ``end_value`` for spans) is ISO at the precision written."""

    start: int
    end: int
    value: str
    end_value: str | None
    kind: str  # "date", "span", "since" or "until"


_YEAR = r"(?<![\w.,])(?:19|20)\d\d(?!\d|[.,]\d)"
_LAST_YEAR = 2099
# Two-digit years: 00-69 -> 20xx, 70-99 -> 19xx.
_PIVOT = 70
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:%|€|\$|(?i:euro|eur|prozent|mio\b|millionen|mrd\b|milliarden|tsd\b|tausend|uhr\b))"
)
_DIGIT_BEFORE = re.compile(r"\d[\s/()+–-]{0,3}\Z")
_DIGIT_AFTER = re.compile(r"[\s/()–-]{0,3}\d")
_CAPITAL_AFTER = re.compile(r"\s+[A-ZÄÖÜ]")
_SPACES = re.compile(r"\s+")
# Every dated phrase holds a digit; the full pattern runs only around digits.
_BEFORE_DIGITS = 80
_AFTER_DIGITS = 40


def _lower_map(name: str, key: str) -> dict[str, object]:
    return {re.sub(r"\s+", " ", str(k).lower()): v for k, v in lexicon.load(name)[key].items()}


@cache
def _months() -> dict[str, int]:
    return {k: int(v) for k, v in _lower_map("months", "months").items()}  # type: ignore[call-overload]


@cache
def _weekdays() -> dict[str, int]:
    return {k: int(v) for k, v in _lower_map("calendar", "weekdays").items()}  # type: ignore[call-overload]


@cache
def _month_pattern() -> str:
    # Month names are capitalised nouns: match them as written ("Juni", "Jun."), not "juni".
    names = [m[:1].upper() + m[1:] for m in _months()]
    return rf"(?:{words_pattern(names)})(?![a-zäöüß])"


@cache
def _weekday_pattern() -> str:
    return rf"(?i:{words_pattern(list(_weekdays()))})(?![a-zäöüß])"


# A four-digit number right after a day and month that is no year of 1900-2099 ("2. März 2100"):
# the date is not read without it.
_NO_YEAR_AFTER = r"(?!\s+\d{4}(?!\d))"


def _atom(t: str) -> str:
    """One date as written; group names carry the tag ``t`` so two atoms fit in one pattern."""
    month = _month_pattern()
    return rf"""(?:
      (?P<{t}iso>(?<![\w.,-])(?P<{t}isoy>(?:19|20)\d\d)-(?P<{t}isom>[01]\d)-(?P<{t}isod>[0-3]\d)(?![\w-]))
    | (?P<{t}num>(?<![\w.,])(?P<{t}numd>[0-3]?\d)\.\s?(?P<{t}numm>[01]?\d)\.
        (?:(?P<{t}numy>(?:19|20)\d\d|\d\d)(?!\d|[.,]\d)|\s(?P<{t}numy2>(?:19|20)\d\d)(?!\d|[.,]\d)|(?![\d]|\.\d)))
    | (?P<{t}dm>(?<![\w.,])(?P<{t}dmd>[0-3]?\d)\.\s*(?P<{t}dmm>{month})(?:\s+(?P<{t}dmy>{_YEAR})|{_NO_YEAR_AFTER}))
    | (?P<{t}my>(?P<{t}mym>{month})\s+(?P<{t}myy>{_YEAR}))
    | (?P<{t}two>(?<![\w.,])(?P<{t}twod1>[0-3]?\d)\.\s*(?:/|und|u\.|&)\s*(?P<{t}twod2>[0-3]?\d)\.\s*
        (?P<{t}twom>{month})(?:\s+(?P<{t}twoy>{_YEAR})|{_NO_YEAR_AFTER}))
    | (?P<{t}y>{_YEAR})
    | (?P<{t}d>(?<![\w.,])(?P<{t}dd>[0-3]?\d)\.(?=\s*(?:bis|[–—-])))
    | (?P<{t}m>{month}(?=\s*(?:bis|[–—-])))
    | (?P<{t}mo>{month}){_NO_YEAR_AFTER}(?!\s*\d{2}(?!\d))  # not before a short year ("März 21"); counts may follow
    )"""


@cache
def _prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in _lower_map("calendar", "prefixes").items()}


@cache
def _year_nouns() -> list[str]:
    return lexicon.words("calendar", "year_nouns")


@cache
def _pattern() -> re.Pattern[str]:
    prefixes = words_pattern(list(_prefixes()))
    connectors = words_pattern([*lexicon.words("calendar", "span_connectors"), "/"])
    year_nouns = words_pattern(_year_nouns())
    source = rf"""
    (?:(?=[^\W\d_])(?<![\w])(?P<wd>(?i:am\s+)?{_weekday_pattern()}),?\s+(?:(?i:den)\s+)?)?
    (?:(?=[^\W\d_])(?<![\w])(?P<pre>(?i:{prefixes})):?\s+)?
    (?:(?=[^\W\d_])(?<![\w])(?P<yn>(?i:{year_nouns}))(?![\w-])\s+(?=\d))?
    (?P<a>{_atom("a_")})
    (?:
        /(?P<yy>\d\d)(?![\d.,])
      | \s*(?P<conn>(?i:{connectors}))\s*(?:(?P<pre2>(?i:ende|mitte|anfang|beginn))\s+)?(?P<b>{_atom("b_")})
    )?
    """
    return re.compile(source, re.VERBOSE)


@cache
def _relative_pattern() -> re.Pattern[str]:
    days = _lower_map("calendar", "relative_days")
    # "morgen" only in lower case ("der Morgen" is the noun); the others also capitalised at sentence start.
    words = [w for w in days if w != "morgen"]
    weekday_words = [
        *lexicon.words("calendar", "weekday_before"),
        *lexicon.words("calendar", "weekday_after"),
        *lexicon.words("calendar", "weekday_today"),
    ]
    source = rf"""
    (?<![\w])(?:
        (?P<rel>(?i:{words_pattern(words)})|morgen)
      | (?i:am)\s+(?:(?P<wrel>(?i:{words_pattern(weekday_words)}))\s+)?
        (?:(?P<wday>{_weekday_pattern()})|(?P<tag>Tag))
    )(?![\w])
    """
    return re.compile(source, re.VERBOSE)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < _PIVOT else 1900
    return year


class _Parts:
    """Year, month, day of one atom; None where the text does not say."""

    __slots__ = ("year", "month", "day", "numeric_without_year", "second_day", "month_alone")

    def __init__(
        self, year: int | None, month: int | None, day: int | None, numeric_without_year: bool = False
    ) -> None:
        self.year, self.month, self.day = year, month, day
        self.numeric_without_year = numeric_without_year
        self.second_day: int | None = None  # "26./27. September": the second day of one month
        self.month_alone = False  # "ab Februar": a month name without day or year


def _parts(m: re.Match[str], t: str) -> _Parts:
    if m[t + "two"]:
        year = int(m[t + "twoy"]) if m[t + "twoy"] else None
        parts = _Parts(year, _months()[m[t + "twom"].lower()], int(m[t + "twod1"]))
        parts.second_day = int(m[t + "twod2"])
        return parts
    if m[t + "mo"]:
        parts = _Parts(None, _months()[m[t + "mo"].lower()], None)
        parts.month_alone = True
        return parts
    if m[t + "iso"]:
        return _Parts(int(m[t + "isoy"]), int(m[t + "isom"]), int(m[t + "isod"]))
    if m[t + "num"]:
        year_text = m[t + "numy"] or m[t + "numy2"]
        year = _year(year_text) if year_text else None
        return _Parts(year, int(m[t + "numm"]), int(m[t + "numd"]), year is None)
    if m[t + "dm"]:
        year = int(m[t + "dmy"]) if m[t + "dmy"] else None
        return _Parts(year, _months()[m[t + "dmm"].lower()], int(m[t + "dmd"]))
    if m[t + "my"]:
        return _Parts(int(m[t + "myy"]), _months()[m[t + "mym"].lower()], None)
    if m[t + "y"]:
        return _Parts(int(m[t + "y"]), None, None)
    if m[t + "d"]:
        return _Parts(None, None, int(m[t + "dd"]))
    return _Parts(None, _months()[m[t + "m"].lower()], None)


def _iso(p: _Parts) -> str | None:
    """ISO text at the written precision, or None for an impossible or incomplete date."""
    if p.year is None:
        return None
    if p.month is None:
        return None if p.day is not None else f"{p.year:04d}"
    if p.day is None:
        return f"{p.year:04d}-{p.month:02d}" if 1 <= p.month <= 12 else None
    try:
        return datetime.date(p.year, p.month, p.day).isoformat()
    except ValueError:
        return None


@cache
def _month_alone_after() -> frozenset[str]:
    return frozenset(lexicon.words("calendar", "month_alone_after"))


@cache
def _not_after() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.words("calendar", "not_after"))


def _blocked_before(text: str, start: int) -> bool:
    """A reference word ("§", "Nr.", "Tel.") right before the number: not a date."""
    words = text[max(0, start - 20) : start].split()
    if not words:
        return False
    return words[-1].endswith("§") or words[-1].lower().rstrip(":") in _not_after()


def _year_context_ok(text: str, start: int, end: int, has_prefix: bool) -> bool:
    """A bare 4-digit year is a date unless it is a count, an amount or part of a phone number."""
    if _NOT_A_YEAR_AFTER.match(text, end):
        return False
    if _DIGIT_BEFORE.search(text[max(0, start - 4) : start]) or _DIGIT_AFTER.match(text, end):
        return False
    if not has_prefix and _CAPITAL_AFTER.match(text, end):
        return False  # "2020 Teilnehmende", "2018 Familienzentren": a number before a noun
    return True


def _fill(first: _Parts, last: _Parts) -> None:
    """The first date of a span borrows what it leaves out from the second: "1. bis 3. Juni 2022"."""
    if first.year is None:
        first.year = last.year
        if first.month is None:
            first.month = last.month


def find_dates(text: str, reference: datetime.date | None = None) -> list[DateMatch]:
    """Every calendar reference in ``text``; year-less and relative ones need ``reference``."""
    found: list[DateMatch] = []
    prefixes = _prefixes()
    pattern = _pattern()
    hits = digit_runs(text)
    words, months = _starts()
    # Month names are candidates everywhere; with a document date they anchor a phrase on their own
    # ("ab Februar": a month name alone after a prefix word takes the document's year).
    month_starts = [m.start() for m in months.finditer(text)] if reference is not None else None
    anchors = hits
    if month_starts:
        anchors = sorted(hits + [(start, start + 1) for start in month_starts])
    regions = merge_windows(anchors, len(text), _BEFORE_DIGITS, _AFTER_DIGITS)
    folded = fold(text) if regions or reference is not None else text
    digits = [start for start, end in hits if _may_open_atom(text, start, end)]
    for start, end in regions:
        # A phrase starts with a digit run, a month name, a weekday, "am" or a prefix word; its first
        # date opens at a digit run or a month name, so no word after the last of these starts one.
        openers = digits[bisect_left(digits, start) : bisect_left(digits, end)]
        if month_starts is None:
            named = [m.start() for m in months.finditer(text, start, end)]
        else:
            named = month_starts[bisect_left(month_starts, start) : bisect_left(month_starts, end)]
        if named:
            openers = sorted(openers + named)
        if not openers:
            continue
        candidates = words.between(folded, start, openers[-1]) + openers
        candidates.sort()
        for m in scan(pattern, text, candidates, end):
            found.extend(_from_match(text, m, prefixes, reference))
    if reference is not None:
        found.extend(_relative(text, reference, folded))
    return non_overlapping(found)


def _may_open_atom(text: str, start: int, end: int) -> bool:
    """Whether the digit run ``text[start:end]`` can open a date atom: a year or ISO date begins with
    four digits "19.." or "20..", every other atom with a day of one or two digits and a point
    ("3.", "03.10."). Exact for :func:`_pattern` at a run's start, whose other parts begin with a letter;
    most runs (amounts, counts, phone numbers) fail it, and the full pattern is not tried there."""
    if end - start == 4:
        return text.startswith(("19", "20"), start)
    return end - start <= 2 and text.startswith(".", end)


@cache
def _starts() -> tuple[WordStarts, re.Pattern[str]]:
    """Where a phrase of :func:`_pattern` not starting with a digit may begin: at a word (in folded
    text) or at a month name (as written: they are matched case-sensitively)."""
    # Year nouns ("Schuljahr 1999/00") start no candidate of their own: after a prefix they are
    # matched from it, alone the phrase is found from its digits.
    words = WordStarts([*_prefixes(), *_weekdays(), "am"])
    return words, starts_pattern(m[:1].upper() + m[1:] for m in _months())


def _from_match(
    text: str, m: re.Match[str], prefixes: dict[str, str], reference: datetime.date | None
) -> list[DateMatch]:
    pre = _SPACES.sub(" ", m["pre"].lower()) if m["pre"] else None
    pre_kind = prefixes.get(pre, "none") if pre else "none"
    a = _parts(m, "a_")
    a_start, a_end = m.start("a"), m.end("a")
    if _blocked_before(text, m.start()):
        return []
    if a.numeric_without_year and pre not in lexicon.words("calendar", "numeric_day_month_after"):
        return []
    conn = m["conn"].lower() if m["conn"] else None
    if a.second_day is not None:
        return _two_days(m, a, reference)
    if m["b"] is not None and (conn != "und" or pre == "zwischen" or _plural_years(m)):
        kind = pre_kind if conn == "/" and pre_kind in ("since", "until") else "span"
        return _span(m, a, pre, reference, kind)
    if m["yy"] is not None and a.month is None and a.year is not None:
        # "2023/24", "Schuljahr 1999/00": a school, Kita or budget year across the turn of the year
        end_year = a.year // 100 * 100 + int(m["yy"])
        if end_year <= a.year:
            end_year += 100
        if end_year - a.year in (1, 2) and end_year <= _LAST_YEAR:
            kind = pre_kind if pre_kind in ("since", "until") else "span"
            return [DateMatch(m.start(), m.end(), str(a.year), str(end_year), kind)]
        return []
    results: list[DateMatch] = []
    first = _single(text, a, a_start, a_end, pre, pre_kind, m.start(), reference)
    if first:
        results.append(first)
    if m["b"] is not None:  # "2017 und 2018": two dates
        b = _parts(m, "b_")
        if b.numeric_without_year:
            return results
        second = _single(text, b, m.start("b"), m.end("b"), None, "none", m.start("b"), reference, True)
        if second:
            results.append(second)
    return results


def _plural_years(m: re.Match[str]) -> bool:
    """ "in den Haushaltsjahren 2019 und 2020": "und" joins a span (a double budget)."""
    words = " ".join(w for w in (m["pre"], m["yn"]) if w).lower()
    return words.endswith(tuple(lexicon.words("calendar", "span_with_und_after")))


def _two_days(m: re.Match[str], a: _Parts, reference: datetime.date | None) -> list[DateMatch]:
    """ "am 26./27. September", "3. und 4. Mai 2018": one span over two days of one month."""
    if a.year is None:
        if reference is None:
            return []
        a.year = reference.year
    first = _iso(a)
    second = _iso(_Parts(a.year, a.month, a.second_day))
    if first is None or second is None or first >= second:
        return []
    return [DateMatch(m.start(), m.end("a"), first, second, "span")]


def _span(m: re.Match[str], a: _Parts, pre: str | None, reference: datetime.date | None, kind: str) -> list[DateMatch]:
    """ "vom 1. November 2010 bis 30. September 2014", "2023/2024", "Juni bis August": one span."""
    b = _parts(m, "b_")
    if b.second_day is not None:
        return []
    if b.numeric_without_year and pre not in lexicon.words("calendar", "numeric_day_month_after"):
        return []
    if b.year is None and reference is not None and b.month is not None:
        b.year = reference.year
    _fill(a, b)
    if a.year is None and reference is not None and a.month is not None:
        a.year = reference.year
    start_iso, end_iso = _iso(a), _iso(b)
    if start_iso and end_iso and start_iso <= end_iso:
        return [DateMatch(m.start(), m.end(), start_iso, end_iso, kind)]
    return []


def _single(
    text: str,
    p: _Parts,
    start: int,
    end: int,
    pre: str | None,
    pre_kind: str,
    phrase_start: int,
    reference: datetime.date | None,
    in_list: bool = False,
) -> DateMatch | None:
    if p.month is None and p.day is not None:
        return None  # a lone "3." is an ordinal
    if p.month_alone:
        # "ab Februar", "bis Ende Juni": the document's year, only after a word that makes it a date
        if reference is None or pre not in _month_alone_after():
            return None
        p.year = reference.year
    if p.year is None:
        if reference is None or p.day is None:
            return None
        p.year = reference.year
    if p.month is None and not _year_context_ok(text, start, end, pre is not None or in_list):
        return None
    iso = _iso(p)
    if iso is None:
        return None
    kind = pre_kind if pre_kind in ("since", "until") else "date"
    return DateMatch(phrase_start, end, iso, None, kind)


@cache
def _relative_days() -> dict[str, object]:
    return _lower_map("calendar", "relative_days")


@cache
def _relative_starts() -> tuple[str, ...]:
    """The words a relative date begins with (lower case)."""
    return (*_relative_days(), "am")


def _relative(text: str, reference: datetime.date, folded: str) -> list[DateMatch]:
    before = set(lexicon.words("calendar", "weekday_before"))
    after = set(lexicon.words("calendar", "weekday_after"))
    days = _relative_days()
    found: list[DateMatch] = []
    starts = literal_starts(folded, _relative_starts(), word_start=True)
    for m in scan(_relative_pattern(), text, starts, len(text)):
        if m["rel"]:
            offset = int(days[m["rel"].lower()])  # type: ignore[call-overload]
            day = reference + datetime.timedelta(days=offset)
        else:
            rel = m["wrel"].lower() if m["wrel"] else None
            if m["tag"]:
                if rel != "heutigen":
                    continue
                day = reference
            else:
                weekday = _weekdays()[m["wday"].lower()]
                if rel == "heutigen":
                    day = reference
                elif rel in after:
                    day = reference + datetime.timedelta(days=(weekday - reference.isoweekday()) % 7 or 7)
                else:
                    back = (reference.isoweekday() - weekday) % 7
                    if rel in before and back == 0:
                        back = 7
                    day = reference - datetime.timedelta(days=back)
        found.append(DateMatch(m.start(), m.end(), day.isoformat(), None, "date"))
    return found


# --- the document's own date -------------------------------------------------------------------

_TOP_LINES = 8
_DATELINE_LINES = 15
_LINE = re.compile(r"[^\n]+")
_A_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _PublishedPatterns:
    alone: re.Pattern[str]  # a date alone on its line, maybe after a label ("Datum: …")
    cue: re.Pattern[str]  # "Pressemitteilung vom …", "Veröffentlicht am …"
    dateline: re.Pattern[str]  # "Erfurt, 12.03.2024 –", "12.03.2024 | Pressemitteilung"
    closing: re.Pattern[str]  # "… in Düsseldorf. (21.01.2009)" at the end of a lead paragraph
    cue_words: tuple[str, ...]  # the words a cue begins with, in lower case


@cache
def _published_patterns() -> _PublishedPatterns:
    atom = _atom("a_")
    weekday = rf"(?:{_weekday_pattern()},?\s+(?:(?i:den)\s+)?)?"
    labels = words_pattern(lexicon.words("calendar", "published_labels"))
    alone = re.compile(rf"[\s\W]*(?:(?i:{labels})\s*:?\s*)?{weekday}(?P<a>{atom})[\s.]*", re.VERBOSE)
    nouns = words_pattern(lexicon.words("calendar", "published_nouns"))
    phrases = words_pattern(lexicon.words("calendar", "published_phrases"))
    cue = re.compile(
        rf"""(?<![\w])(?:
            (?i:{nouns})(?:\s+(?:Nr\.\s*)?\d+(?:/\d+)?)?\s+(?i:vom)
          | (?i:{phrases})
          | (?i:{labels})\s*:
        )\s*{weekday}(?P<a>{atom})""",
        re.VERBOSE,
    )
    agencies = words_pattern(lexicon.words("calendar", "agencies"))
    place = r"[A-ZÄÖÜ][\w./-]*(?:[ \t][\w./()-]+){0,3}"
    dateline = re.compile(
        rf"""[ \t]*(?:[^\n·|]{{0,60}}[·|][ \t]*){{0,3}}  # labels before "·" or "|"
        (?:{place},[ \t]*)?{weekday}(?P<a>{atom})
        (?:,?[ \t]*\d{{1,2}}[:.]\d{{2}}(?:[ \t]*Uhr)?)?  # a time after the date: "12.06.2024, 14:37 Uhr"
        [ \t]*(?:[–—-]|\|\s|\((?i:{agencies})(?:/\w+)?\)|[.]?[ \t]*$
          |\.[ \t]+(?=[A-ZÄÖÜ„"])  # "Erfurt, 12.03.2024. Das Land …"
          |,[ \t]*{place}[ \t]*(?:$|[–—-]))  # "23.09.2022, Magdeburg"
        """,
        re.VERBOSE,
    )
    closing = re.compile(rf"""(?:^|[.!?"“”][ \t]*)\((?P<a>{atom})\)[ \t]*$""", re.VERBOSE)
    cue_words = [
        *lexicon.words("calendar", "published_nouns"),
        *lexicon.words("calendar", "published_phrases"),
        *lexicon.words("calendar", "published_labels"),
    ]
    return _PublishedPatterns(alone, cue, dateline, closing, tuple(w.lower() for w in cue_words))


def _full_date(m: re.Match[str]) -> str | None:
    p = _parts(m, "a_")
    return _iso(p) if p.day is not None and p.year is not None else None


def find_published(text: str) -> DateMatch | None:
    """The document's own date: a date line near the top, a "Pressemitteilung vom …" cue, a dateline
    ("Erfurt, 12.03.2024 –", "23.09.2022, Magdeburg"), or a date in parentheses closing the lead
    paragraph. A date inside a sentence (an event) is none of these: then None, not a guess."""
    patterns = _published_patterns()
    # only the first lines can hold it: the rest of the text is never split into lines
    visible = ((m.start(), m.group()) for m in _LINE.finditer(text) if m.group().strip())
    lines = list(islice(visible, max(_TOP_LINES, _DATELINE_LINES)))
    top_end = len(text)
    if len(lines) >= _DATELINE_LINES:
        top_end = lines[_DATELINE_LINES - 1][0] + len(lines[_DATELINE_LINES - 1][1])
    # a full date has digits: a line without one holds none (a test far quicker than the patterns)
    dated = [(k, offset, line) for k, (offset, line) in enumerate(lines) if _A_DIGIT.search(line)]
    for _, offset, line in (d for d in dated if d[0] < _TOP_LINES):
        m = patterns.alone.fullmatch(line)
        if m and (iso := _full_date(m)):
            return DateMatch(offset + m.start("a"), offset + m.end("a"), iso, None, "date")
    # a cue begins with one of its words: the pattern is tried only where one does (the text here is
    # masked, no other finder's: its top is folded alone)
    cue_starts = literal_starts(fold_once(text[:top_end]), patterns.cue_words, word_start=True)
    for m in scan(patterns.cue, text, cue_starts, top_end):
        if iso := _full_date(m):
            return DateMatch(m.start("a"), m.end("a"), iso, None, "date")
    for _, offset, line in dated:
        m = patterns.dateline.match(line)
        if m and (iso := _full_date(m)):
            return DateMatch(offset + m.start("a"), offset + m.end("a"), iso, None, "date")
    for _, offset, line in dated:
        if not line.rstrip().endswith(")"):
            continue
        m = patterns.closing.search(line)
        if m and (iso := _full_date(m)):
            return DateMatch(offset + m.start("a"), offset + m.end("a"), iso, None, "date")
    return None


def parse_bare_date(text: str) -> str | None:
    """ISO at the written precision for a string that is only a date; dateparser as the last resort."""
    stripped = text.strip()
    if not stripped:
        return None
    matches = [m for m in _pattern().finditer(stripped)]
    if len(matches) == 1 and matches[0].start() == 0 and matches[0].end() == len(stripped):
        found = _from_match(stripped, matches[0], _prefixes(), None)
        if len(found) == 1 and found[0].kind == "date":
            return found[0].value
    if len(stripped) > 60:
        return None
    import dateparser  # slow to import; only for odd spellings that the patterns do not know

    data = dateparser.date.DateDataParser(languages=["de"]).get_date_data(stripped)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return f"{day.year:04d}"
    if data.period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
