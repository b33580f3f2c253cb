"""Helpers shared by the finders: choosing non-overlapping matches deterministically."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    """An alternation of literal phrases, longest first, inner spaces matching any whitespace."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(piece) for piece in w.split()) for w in parts)


def windows(text: str, anchors: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged regions around every anchor hit: the finders run their full patterns only there.

    A phrase must contain its anchor (a digit, a currency word) and reach at most ``before`` characters
    ahead of it and ``after`` behind it, so scanning the windows finds what scanning the text would.
    """
    regions: list[tuple[int, int]] = []
    for hit in anchors.finditer(text):
        start, end = max(0, hit.start() - before), min(len(text), hit.end() + after)
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions
