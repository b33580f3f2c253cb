"""Where a release belongs: the German states and the federal level its text names.

Agency items and municipal notices seldom write the state where it matters; they write
"Brandenburger Familienministerium", "Bayerns Sozialministerin", "die nordrhein-westfälische
Landesregierung", "Düsseldorf (dpa/lnw)", "im Landkreis Vorpommern-Greifswald", "der Bund". This module finds
each such reference with its character offsets (``region_mentions``) and decides the state a
release is about (``home_region``), so that an unnamed funding line gets its region even when its
own sentence only says "das Land".

Sources, strongest first: a state's name or other form (``resources/de/regions.yaml``), a state
adjective in any inflection and case (``states.yaml``), a press agency's regional desk, a place of
the gazetteer after a place cue ("Landkreis", "Stadt", "in", a dateline); the federal level from
"Bund" and "Bundes…" compounds.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from famprog import lexicon

FEDERAL = "Bund"
# a dateline opens a paragraph with a place: "Potsdam (dpa/bb) -", "Wetzlar - ", "ERFURT, 12. März"
_DATELINE = r"[ \t]*([A-ZÄÖÜ][\w.\- ÄÖÜäöüß]{1,40}?)(?:\s*\(|\s+[-–—]\s|,\s*\d)"
DATELINE_PLACE = re.compile("(?m)^" + _DATELINE)
# a line break after which a dateline opens: the literal lets the regex engine skip from line break to
# line break, where ``DATELINE_PLACE`` tries every position of the text (see ``_datelines``)
DATELINE_AFTER_BREAK = re.compile(r"\n(?=" + _DATELINE + ")")
# places after words that introduce one: "im Landkreis Harz", "die Stadt Neustadt (Hessen)", "in Speyer"
# (the cue words ``\b``-bounded in front: after each word's first letter a look-behind for a word
# character before that letter, so that the pattern opens with literals only and the regex engine skips
# to the letters that can open a cue instead of trying every position; no cue word opens another)
_PLACE_CUE_WORDS = (
    "i[nm]", "aus", "I[nm]", "Aus", "Land(?:kreis(?:es)?|ratsamt)", "Kreis(?:es)?", "St(?:adt|ädteregion)",
    "Gemeinde", "Regi(?:erungs(?:präsidium|bezirk)|onalverband)", "Bezirksamt",
)  # fmt: skip
PLACE_CUE = re.compile(
    "(?:" + "|".join(word[0] + r"(?<!\w.)" + word[1:] for word in _PLACE_CUE_WORDS) + r")\s+"
    r"((?:Bad\s+)?[A-ZÄÖÜ][\wäöüß\-]+(?:\s+(?:am|an\s+der|im|in|ob\s+der|a\.)\s*[A-ZÄÖÜ][\wäöüß.\-]+)?(?:\s+\([A-ZÄÖÜ][\wäöüß\-]+\))?)"
)
# words that can be a state adjective: they open with a state's stem (checked against the list after);
# the stems grouped by their first letter, so that the engine tries one group per position, not sixteen stems
ADJECTIVE_CANDIDATE = re.compile(
    r"(?<![\w-])(?i:b(?:aden|ay|erlin|randenburg|rem)|h(?:amburg|ess)|mecklenburg|n(?:iedersächs|ordrhein)"
    r"|rheinland|s(?:aarl|ächs|achsen|chleswig)|thüring)[\w-]*(?![\w-])"
)
# for lower-cased text, without the look-behind (``whole_words`` checks the character before)
ADJECTIVE_CANDIDATE_LOWER = re.compile(ADJECTIVE_CANDIDATE.pattern.removeprefix(r"(?<![\w-])").replace("(?i:", "(?:"))
AGENCY_DESK = re.compile(r"\((?:dpa|epd|KNA|AFP)\s*/\s*([a-z]{2,3})\)")


@dataclass(frozen=True, order=True)
class RegionMention:
    """A reference to a state (``region`` = the state's name) or to the federal level ("Bund")."""

    start: int
    end: int
    region: str
    source: str  # "state", "adjective", "agency", "place", "federal"


@cache
def _state_patterns() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """The pattern of the states' names and other forms (case-sensitive), their states, and the
    states of the adjectives (lower case; found through ``ADJECTIVE_CANDIDATE``)."""
    states = lexicon.load("states")["states"]
    forms: dict[str, str] = {}
    for state in states:
        forms[state] = state
    for state, others in lexicon.load("regions")["state_forms"].items():
        for form in others:
            forms[form] = state
    adjectives: dict[str, str] = {}
    for state, adjs in states.items():
        for adj in adjs or []:
            adjectives[adj.lower()] = state
    # no look-behind in front: an alternation of literals lets the regex engine skip to the letters
    # that can open one; ``whole_words`` checks the character before
    names = re.compile("(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?![\w-])")
    return names, forms, adjectives


@cache
def _federal() -> tuple[re.Pattern[str], frozenset[str]]:
    data = lexicon.load("regions")
    words = "|".join(map(re.escape, data["federal_words"]))
    return re.compile(rf"(?:{words}|Bundes[a-zäöüß]\w*)(?![\w-])"), frozenset(data["not_federal"])  # see whole_words


@lru_cache(maxsize=16)
def lowered(text: str) -> str:
    """``text.lower()``, kept for the last few texts: regions, funding lines and successions each look
    for case-blind words in the lower-cased text of the same release (and funding lines in its
    program names), so the release is lower-cased once."""
    return text.lower()


def whole_words(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that do not continue a word or a hyphenated compound
    ("Bayern" in "in Bayern", not in "Oberbayern"; "Bund" not in "Ost-Bund"): what ``finditer`` yields
    with a look-behind for no word character or hyphen in front of the pattern, several times faster.
    ``pattern`` should open with literals and end with its own right boundary."""
    pos = 0
    search = pattern.search
    while (m := search(text, pos)) is not None:
        start = m.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before in "_-":
            pos = start + 1  # a match that continues a word: a later one may start inside it
            continue
        yield m
        pos = m.end() if m.end() > start else start + 1


def state_of_place(name: str, free_text: bool = False) -> str | None:
    """The state of a German municipality or district, from famprog's gazetteer; None when the name is
    unknown or names places in several states. ``free_text``: the name was not introduced as a place
    ("in Essen" rather than "Stadt Essen"), so ordinary words never count."""
    from famprog.gazetteer import state_of_place as lookup

    return lookup(name, free_text=free_text)


def region_mentions(text: str) -> list[RegionMention]:
    """Every reference to a state or to the federal level in ``text``, in text order.

    "Das Brandenburger Familienministerium" → (4, 15, "Brandenburg", "adjective");
    "Bayerns" → Bayern; "Bundesfamilienministerium" → "Bund"; "Potsdam (dpa/bb)" → the state of
    Potsdam from the gazetteer; "Bundesland", "Bundesverband" → nothing.
    """
    from famprog.gazetteer import state_of_place as place_state  # see ``state_of_place``

    names, forms, adjectives = _state_patterns()
    # (start, end, region, source) tuples: they sort and compare as the mentions do, in C
    out = [(m.start(), m.end(), forms[m.group()], "state") for m in whole_words(names, text)]
    # adjectives by a look-up per word: one alternation of 80 forms without case is slow on long texts
    lower = lowered(text)
    if len(lower) != len(text):
        candidates = ADJECTIVE_CANDIDATE.finditer(text)  # lower-casing moved offsets (not German text)
    elif any(map(lower.__contains__, _adjective_stems())):
        candidates = whole_words(ADJECTIVE_CANDIDATE_LOWER, lower)
    else:
        candidates = ()  # two releases in three have no state adjective: a scan per stem tells
    out += [
        (m.start(), m.end(), adjectives[m.group().lower()], "adjective")
        for m in candidates
        if m.group().lower() in adjectives
    ]
    desks = lexicon.load("regions")["agency_desks"]
    out += [
        (m.start(1), m.end(1), desks[m.group(1)], "agency") for m in AGENCY_DESK.finditer(text) if m.group(1) in desks
    ]
    federal, not_federal = _federal()
    out += [
        (m.start(), m.end(), FEDERAL, "federal") for m in whole_words(federal, text) if m.group() not in not_federal
    ]
    taken = sorted((start, end) for start, end, _, _ in out)
    starts = [start for start, _ in taken]
    for pattern, matches in ((PLACE_CUE, PLACE_CUE.finditer(text)), (DATELINE_PLACE, _datelines(text))):
        for m in matches:
            start, end = m.span(1)
            k = bisect_left(starts, end)  # the mentions starting before this one ends
            if k and taken[k - 1][1] > start or any(e > start for _, e in taken[max(0, k - 4) : k]):
                continue
            free = pattern is DATELINE_PLACE or m.group(0).split()[0].lower() in ("in", "im", "aus")
            state = place_state(m.group(1).strip(), free_text=free)
            if state:
                out.append((start, end, state, "place"))
    return [RegionMention(*found) for found in sorted(set(out))]


@cache
def _adjective_stems() -> tuple[str, ...]:
    """Lower-case strings of which every state adjective holds one: each state's adjectives' common
    beginning ("bayerisch", "berliner"), those that hold another left out ("niedersächsisch" holds
    "sächsisch"). A text holding none of them has no state adjective."""
    by_state: dict[str, list[str]] = {}
    for adjective, state in _state_patterns()[2].items():
        by_state.setdefault(state, []).append(adjective)
    common = {os.path.commonprefix(forms) for forms in by_state.values()}
    return tuple(sorted(stem for stem in common if not any(other in stem for other in common if other != stem)))


def _datelines(text: str) -> Iterator[re.Match[str]]:
    """What ``DATELINE_PLACE.finditer(text)`` yields, trying only the start of the text and the line
    starts where ``DATELINE_AFTER_BREAK`` sees a dateline open."""
    m = DATELINE_PLACE.match(text)
    end = 0
    if m is not None:
        end = m.end()
        yield m
    for brk in DATELINE_AFTER_BREAK.finditer(text):
        if brk.end() >= end:  # not inside the dateline before
            m = DATELINE_PLACE.match(text, brk.end())  # "^" holds after the line break
            if m is not None:
                end = m.end()
                yield m


def home_region(mentions: list[RegionMention]) -> str | None:
    """The state a release is about: the state referred to most often (a state's name, adjective,
    desk or place; the federal level does not count); ties go to the state named first. None when
    the text names no state."""
    counts = Counter(m.region for m in mentions if m.region != FEDERAL)
    if not counts:
        return None
    first = {}
    for m in mentions:
        first.setdefault(m.region, m.start)
    return min(counts, key=lambda state: (-counts[state], first[state]))


def is_federal_release(mentions: list[RegionMention]) -> bool:
    """A release about the federal level: it names no state, or the federal level more often than any
    state."""
    counts = Counter(m.region for m in mentions)
    federal = counts.pop(FEDERAL, 0)
    return federal > 0 and (not counts or federal > max(counts.values()))
