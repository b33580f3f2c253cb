"""Renamings a release states: one program takes the place of another.

German agencies write a program's successor in a few fixed ways:

- active replacing verbs, successor first: "Das Bundesprogramm X löst das Aktionsprogramm Y ab",
  "X ersetzt Y", "X tritt an die Stelle des Programms Y";
- passive, successor after "durch"/"von": "Y wird durch X abgelöst", "Y wurde von X ersetzt";
- transfer into, successor after "in": "Y wird in das Programm X überführt", "Y geht in X auf/über";
- successor and predecessor nouns: "X, das Nachfolgeprogramm des Y" (after "Nachfolge… des/von"
  stands the predecessor), "das Vorgängerprogramm Y" (in apposition: the predecessor).

``successions(text, programs)`` reads these from the text and the record's programs (their
mentions) and returns ``Succession(successor id, predecessor id, evidence)`` triples; a sentence
yields a pair only when it names exactly two programs and its cue says which is which. Pure: no
spaCy, no store.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from famprog.model import Mention, Program
from famprog.regions import lowered

# a cue word: without one a sentence states no renaming
CUE = re.compile(
    r"abl[öo]s|l[öo]s(?:t|en|te|ten)\b|Nachfolge|Vorgänger|überführ|übergeleitet|ersetz|an die Stelle"
    r"|aufgeh|aufgegangen|über(?:geht|ging|gehen)|\bgeht\b|\bging\b",
    re.IGNORECASE,
)
CUE_LOWER = re.compile(CUE.pattern.lower())
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[„\"A-ZÄÖÜ0-9])|\n\s*\n")
_FILL = r"(?:[\w-]+\s+){0,3}"  # articles and adjectives before a name: "des bisherigen"
# what stands right before a program's name and gives it its role
PREDECESSOR_BEFORE = re.compile(
    rf"(?:Nachfolge\w*|Nachfolger\w*)\s+(?:des|der|von|vom|zum|zur|für|fuer)\s+{_FILL}$"
    rf"|Vorgänger(?:programm|initiative|projekt)?\w*\s+(?!des\b|der\b|von\b|vom\b){_FILL}$"
    rf"|an\s+die\s+Stelle\s+(?:des|der|von|vom)\s+{_FILL}$"
    rf"|Stelle\s+(?:des|der|von|vom)\s+{_FILL}$",
    re.IGNORECASE,
)
SUCCESSOR_BEFORE_PASSIVE = re.compile(rf"\b(?:durch|von|vom)\s+{_FILL}$", re.IGNORECASE)
SUCCESSOR_BEFORE_TRANSFER = re.compile(rf"\b(?:in|ins|im)\s+{_FILL}$", re.IGNORECASE)
PASSIVE = re.compile(
    r"\babgel[öo]st\b|\bersetzt\s+(?:wird|wurde|werden|worden)\b|\b(?:wird|wurde|werden|worden)\b.*\bersetzt\b",
    re.IGNORECASE,
)
TRANSFER = re.compile(
    r"überführt|übergeleitet|aufgeh\w*|aufgegangen|\b(?:geht|ging|gehen)\b.*\b(?:über|auf)\b|übergeht|überging",
    re.IGNORECASE,
)
ACTIVE = re.compile(
    r"\bl[öo]s(?:t|en|te|ten)\b.*\bab\b|\bablös\w*|\bersetz(?:t|en|te|ten)\b|\btr(?:itt|eten|at)\b.*\ban die Stelle\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Succession:
    """``successor`` takes the place of ``predecessor`` (program ids of one record); ``evidence`` is the
    sentence that says so, as offsets into the document text."""

    successor: str
    predecessor: str
    evidence: Mention


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _shared_sentences(text: str, spots: list[tuple[int, int, str]]) -> Iterable[tuple[int, int]]:
    """The sentences of ``_sentences(text)`` in which spots (program mentions: start, end, program id;
    sorted) of two programs start, in text order; a few of all (79 of 50,000 in 2,000 releases).

    Two spots of different programs in one sentence have two consecutive spots of different programs
    between them, with no sentence end between their starts: one search between each such pair finds
    the candidates, and the split of the text goes only as far as the last of them. A sentence end is a
    run of whitespace that the characters around it make one, so a search that starts at a character
    that is no whitespace finds the ends the split of the whole text finds; where a spot starts at
    whitespace or past the text (a program's mention never does), every sentence is given."""
    if any(not text[s : s + 1] or text[s].isspace() for s, _, _ in spots):
        yield from _sentences(text)
        return
    sentences = _sentences(text)
    current = (0, 0)  # the last sentence the split reached
    for (s, _, first), (t, _, second) in pairwise(spots):
        if first == second or s < current[1] or SENTENCE_END.search(text, s, t + 1) is not None:
            continue  # one program, a sentence given already, or a sentence end between them
        while current[1] <= s:
            current = next(sentences)
        yield current


def successions(text: str, programs: list[Program]) -> list[Succession]:
    """The renamings ``text`` states between ``programs`` of its record (see the module docstring)."""
    if len(programs) < 2:
        return []
    spots = sorted((m.start, m.end, p.id) for p in programs for m in p.mentions)
    spot_starts = [s for s, _, _ in spots]
    lower = lowered(text)  # a case-blind alternation is slow: the lower-case one over the lower-cased text
    cue, haystack = (CUE_LOWER, lower) if len(lower) == len(text) else (CUE, text)
    out: list[Succession] = []
    for start, end in _shared_sentences(text, spots):
        lo, hi = bisect_left(spot_starts, start), bisect_left(spot_starts, end)
        if hi - lo < 2:
            continue
        inside = [(s, e, pid) for s, e, pid in spots[lo:hi] if e <= end]
        ids = list(dict.fromkeys(pid for _, _, pid in inside))
        # the cue word is looked for only in the few sentences that name two programs (no cue spans
        # a sentence end, and the text around a sentence is space, so its word boundaries hold)
        if len(ids) != 2 or not cue.search(haystack, start, end):
            continue
        sentence = text[start:end]
        pair = _roles(text, start, sentence, inside, ids)
        if pair is not None:
            out.append(Succession(pair[0], pair[1], Mention(start, end, sentence)))
    return list(dict.fromkeys(out))


def _roles(
    text: str, start: int, sentence: str, inside: list[tuple[int, int, str]], ids: list[str]
) -> tuple[str, str] | None:
    """(successor, predecessor) of a sentence naming two programs, or None when its cue says nothing."""
    other = {ids[0]: ids[1], ids[1]: ids[0]}
    passive, transfer = PASSIVE.search(sentence), TRANSFER.search(sentence)
    for s, _, pid in inside:
        before = text[max(start, s - 80) : s]
        if PREDECESSOR_BEFORE.search(before):
            return other[pid], pid
        if passive and SUCCESSOR_BEFORE_PASSIVE.search(before):
            return pid, other[pid]
        if transfer and not passive and SUCCESSOR_BEFORE_TRANSFER.search(before):
            return pid, other[pid]
    if ACTIVE.search(sentence) and not passive and not transfer:
        return ids[0], ids[1]  # "X löst Y ab": the subject comes first
    return None
