"""Helpers shared by the finders: choosing non-overlapping matches deterministically."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def non_overlapping(matches: Iterable[S]) -> list[S]:
    """Keep the leftmost, then longest, of overlapping matches; the result is sorted by start."""
    chosen: list[S] = []
    last_end = -1
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if match.start >= last_end:
            chosen.append(match)
            last_end = match.end
    return chosen


def words_pattern(words: Iterable[str]) -> str:
    """An alternation of literal phrases, longest first, inner spaces matching any whitespace; as
    written, or case-insensitively inside ``(?i:…)``.

    The phrases are grouped by their first letter (in lower case): the regex engine tries a group's
    phrases only after its first character matched ("J" of "Januar", "Jan.", "Juli", …), where it
    tried every phrase of a plain alternation at every place a pattern asks for a month. At one place
    of a text at most one group can match, so the phrase matched (or, on backtracking, the next one
    tried) is the one the plain alternation, longest first, gives."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    alternatives = [r"\s+".join(re.escape(piece) for piece in w.split()) for w in parts]
    groups: dict[str, list[int]] = {}  # first letter in lower case -> the phrases' places in ``parts``
    for k, word in enumerate(parts):
        groups.setdefault(word.lstrip()[:1].lower(), []).append(k)
    if len(groups) < 2 or "" in groups or not _distinct_under_ignorecase(list(groups)):
        return "|".join(alternatives)
    # a group's phrases sharing their first character as written, the regex compiler factors it out
    return "|".join(
        "(?:" + "|".join(alternatives[k] for k in members) + ")" if len(members) > 1 else alternatives[members[0]]
        for members in groups.values()
    )


def _distinct_under_ignorecase(keys: list[str]) -> bool:
    """Whether no character matches two of ``keys`` (single characters), even case-insensitively
    (the regex engine takes "ſ" for "s", "K" (Kelvin) for "k")."""
    return not any(
        re.fullmatch(re.escape(a), b, re.IGNORECASE) for i, a in enumerate(keys) for b in keys[i + 1 :]
    ) and not any(c in "".join(keys) for c in "\u017f\u212a\u0131\u0130")


def opening_class(words: Iterable[str]) -> str:
    """A lookahead (regex source) for the characters ``words`` begin with, case-insensitively: put
    before a case-insensitive alternation, it rejects most positions with one class test, where the
    regex engine would try every word of the alternation one by one."""
    firsts = "".join(sorted({w[0] for w in words if w}))
    return rf"(?=(?i:[{re.escape(firsts)}]))"


def windows(text: str, anchors: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged regions around every anchor hit: the finders run their full patterns only there.

    A phrase must contain its anchor (a digit, a currency word) and reach at most ``before`` characters
    ahead of it and ``after`` behind it, so scanning the windows finds what scanning the text would.
    """
    return merge_windows([hit.span() for hit in anchors.finditer(text)], len(text), before, after)


def merge_windows(hits: list[tuple[int, int]], size: int, before: int, after: int) -> list[tuple[int, int]]:
    """:func:`windows` for anchor hits already found (sorted spans) in a text of length ``size``."""
    regions: list[tuple[int, int]] = []
    if not hits:
        return regions
    # the open region grows while the next window touches it (plain comparisons: a loop per anchor)
    region_start, region_end = hits[0][0] - before, hits[0][1] + after
    for hit_start, hit_end in hits:
        start, end = hit_start - before, hit_end + after
        if start <= region_end:
            if end > region_end:
                region_end = end
        else:
            regions.append((region_start if region_start > 0 else 0, region_end if region_end < size else size))
            region_start, region_end = start, end
    regions.append((region_start if region_start > 0 else 0, region_end if region_end < size else size))
    return regions


# Case folding that keeps every position: what ``(?i:w)`` matches in a text, ``w`` (lower case) matches
# in its fold. ``str.lower`` alone would turn "İ" into two characters and leave "ſ", "ı", "K" (Kelvin)
# apart from the letters that the regex engine's case-insensitive matching takes them for.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


_UNFOLDED = "\u0130\u0131\u017f\u212a"


# what was computed for the text asked for last (one text each, so memory stays flat): the finders of
# dates, amounts and counts of one document share it; a tuple, replaced whole
_last_fold: list[tuple[str, str]] = [("", "")]
_last_digit_runs: list[tuple[str, list[tuple[int, int]]]] = [("", [])]
# the runs of "\d+", found quicker: a pattern opening with one "\d" lets the regex engine skip ahead
# to a digit in C (a third less time on the bench corpus)
_DIGIT_RUN = re.compile(r"\d\d*")


def fold(text: str) -> str:
    """``text`` in lower case, character by character (same length, same word/space/digit classes)."""
    last = _last_fold[0]
    if last[0] is not text:
        last = _last_fold[0] = (text, fold_once(text))
    return last[1]


def fold_once(text: str) -> str:
    """:func:`fold` for a text the other finders do not ask for (a part of one): not kept, so the
    fold of the document text that they share stays."""
    # a search per character: in C, and at once where the text holds no character of their width
    folded = text
    for char in _UNFOLDED:
        if char in folded:  # str.replace: far quicker than str.translate on a long text
            folded = folded.replace(char, _FOLD[ord(char)])
    return folded.lower()


def digit_runs(text: str) -> list[tuple[int, int]]:
    """The spans of all runs of digits in ``text`` (what ``\\d+`` finds), as a new list."""
    return list(_kept_digit_runs(text))


def _kept_digit_runs(text: str) -> list[tuple[int, int]]:
    last = _last_digit_runs[0]
    if last[0] is not text:
        last = _last_digit_runs[0] = (text, [m.span() for m in _DIGIT_RUN.finditer(text)])
    return last[1]


def digit_starts(text: str, start: int, end: int) -> list[int]:
    """Where the matches of ``re.finditer(r"\\d+", text, start, end)`` begin, from :func:`digit_runs`:
    the runs that begin in the range, after ``start`` itself where a run goes on across it."""
    runs = _kept_digit_runs(text)
    first = bisect_left(runs, (start, -1))
    found = [start] if first and runs[first - 1][1] > start else []
    found += [run_start for run_start, _ in runs[first : bisect_left(runs, (end, -1))]]
    return found


def starts_pattern(words: Iterable[str], word_start: bool = False) -> re.Pattern[str]:
    """Where in a :func:`fold`-ed text one of ``words`` (lower case) may begin, one character per hit.

    Each alternative starts with a literal character, so the regex engine skips ahead to candidate
    characters in C; a hit consumes one character, so ``finditer`` reports overlapping candidates too.
    A superset: the hit is one character, the rest of the phrase is only looked ahead at.
    """
    rests: dict[str, set[str]] = {}
    for word in words:
        word = " ".join(word.split())
        if word:
            rests.setdefault(word[0], set()).add(word[1:])
    behind = r"(?<![\w].)" if word_start else ""
    branches = []
    for char in sorted(rests):
        alternatives = sorted(rests[char], key=lambda w: (-len(w), w))
        # rests keep single inner spaces ("n die" of "an die"): each matches any whitespace
        ahead = "" if "" in rests[char] else "(?=" + "|".join(_spaced(w) for w in alternatives) + ")"
        branches.append(re.escape(char) + behind + ahead)
    return re.compile("|".join(branches) or r"(?!)")


class WordStarts:
    """Where in a :func:`fold`-ed text one of ``words`` (lower case, each beginning with a letter)
    begins as a word: the places that ``starts_pattern(words, word_start=True)`` hits, found quicker.
    The pattern behind it matches the character before the word (no word character), so the regex
    engine stops once per gap between words instead of at every letter a word may begin with."""

    def __init__(self, words: Iterable[str]) -> None:
        words = list(words)
        self._at_start = starts_pattern(words, word_start=True)
        self._after_gap = re.compile(rf"\W(?={starts_pattern(words).pattern})")

    def between(self, folded: str, start: int, end: int) -> list[int]:
        """The word starts in ``folded[start:end]``, sorted: what ``finditer(folded, start, end)`` of
        the starts pattern hits."""
        # a gap right before ``start`` belongs to a word starting there
        found = [m.end() for m in self._after_gap.finditer(folded, start - 1 if start else 0, end)]
        if start == 0 and self._at_start.match(folded, 0, end):
            found.insert(0, 0)
        return found


def literal_starts(folded: str, words: Iterable[str], word_start: bool = False, end: int | None = None) -> list[int]:
    """Where in ``folded[:end]`` one of ``words`` (lower case; or as written, in the text itself) may
    begin, sorted: the places that ``starts_pattern(words, word_start).finditer(folded, 0, end)`` hits,
    and maybe a few more (a word's first piece is looked for, without what follows a space).

    A ``str.find`` per word, in C: quicker than the pattern where its first characters are common
    letters, which the regex engine stops at one by one; for a handful of words. A word holding a
    shorter one that the text lacks is not looked for ("übermorgen" in a text without "morgen")."""
    stop = len(folded) if end is None else end
    found: set[int] = set()
    absent: set[str] = set()
    for piece, inner in _first_pieces(tuple(words)):
        at = folded.find(piece, 0, stop) if absent.isdisjoint(inner) else -1
        if at == -1:
            absent.add(piece)
        while at != -1:
            found.add(at)
            at = folded.find(piece, at + 1, stop)
    if word_start:
        # the rule of ``(?<![\w].)``: no word character (a letter, digit or underscore) before
        found = {at for at in found if not at or not (folded[at - 1].isalnum() or folded[at - 1] == "_")}
    return sorted(found)


@lru_cache(maxsize=32)
def _first_pieces(words: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """The first space-separated piece of each word, leaving out those that another one begins, each
    with the other pieces it holds; shortest first, so that these are looked for before it."""
    pieces = sorted({w.split()[0] for w in words if w.split()})
    pieces = [p for p in pieces if not any(p != q and p.startswith(q) for q in pieces)]
    return tuple(
        (p, frozenset(q for q in pieces if q != p and q in p)) for p in sorted(pieces, key=lambda p: (len(p), p))
    )


def _spaced(phrase: str) -> str:
    return r"\s+".join(re.escape(piece) for piece in phrase.split(" "))


def scan(pattern: re.Pattern[str], text: str, starts: Iterable[int], end: int) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` yields, given every position (sorted, >= start) where
    ``pattern`` can match at all: the pattern is tried only there. Its matches must not be empty."""
    pos = -1
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start, end)
        if m is not None:
            yield m
            pos = m.end()
