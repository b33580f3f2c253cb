"""Counts of family and child-sector facilities (guidelines §2.6): "Rund 35 Kindertageseinrichtungen"."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from famprog import lexicon
from famprog.normalize.numbers import (
    DIGITS,
    SOFT_HYPHEN,
    number_stems_pattern,
    parse_german_decimal,
    parse_number_word,
)
from famprog.normalize.spans import (
    digit_runs,
    digit_starts,
    fold,
    literal_starts,
    merge_windows,
    non_overlapping,
    scan,
    words_pattern,
)


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
_SPACES = re.compile(r"\s+")
_ADJECTIVE = re.compile(rf"[a-zäöüß][a-zäöüß{SOFT_HYPHEN}-]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OPENING = "(„\"'‚«»[“"


@cache
def _facilities() -> tuple[re.Pattern[str], dict[str, str], frozenset[str]]:
    entries = [*lexicon.load("facilities")["facilities"], *lexicon.load("facilities")["context_facilities"]]
    unit_of: dict[str, str] = {}
    for entry in entries:
        for form in entry["forms"]:
            unit_of[re.sub(r"\s+", " ", form.lower())] = entry["singular"]
    forms = words_pattern(unit_of)
    firsts = re.escape("".join(sorted({form[0] for form in unit_of})))
    # A capitalised word (hyphenated compounds included) ending in a facility form.
    # The lazy prefix meets only literal alternatives: at most one pass per word start; the
    # alternatives are tried only after a letter one of them begins with (one class test, not 69).
    pattern = re.compile(
        rf"(?<![{_WORD_CHARS}])(?=[A-ZÄÖÜ])(?P<prefix>[{_WORD_CHARS}]*?)"
        rf"(?=(?i:[{firsts}]))(?P<form>(?i:{forms}))(?![{_WORD_CHARS}])"
    )
    excluded = frozenset(w.lower() for w in lexicon.words("facilities", "not_facilities"))
    return pattern, unit_of, excluded


@cache
def _context_forms() -> dict[str, tuple[str, ...]]:
    """Forms that count only as a whole word in a text holding one of their stems ("Häuser")."""
    return {
        form: tuple(entry["after"])
        for entry in lexicon.load("facilities")["context_facilities"]
        for form in entry["forms"]
    }


@cache
def _round_qualifiers() -> frozenset[str]:
    """Qualifiers that approximate only before a round number ("an die 1.750", not "an die 34")."""
    return frozenset(lexicon.words("money", "round_qualifiers"))


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
    "Die Familienzentren" -> "Familienzentrum", "Modell-Kitas" -> "Modell-Kita". Nouns that count
    only in context ("Häuser") are left out."""
    found: list[tuple[int, int, str]] = []
    for m in _NOUN_WORD.finditer(text, start, end):
        unit = _facility_unit(m.group(), False)
        if unit is not None:
            found.append((m.start(), m.end(), unit))
    return found


@cache
def _facility_unit(word: str, context: bool) -> str | None:
    """The unit of one capitalised word that is a facility noun, else None; ``context``: the text
    speaks of a kind of house, so "Häuser" counts."""
    pattern, unit_of, excluded = _facilities()
    m = pattern.fullmatch(word)
    if m is None or word.replace(SOFT_HYPHEN, "").lower() in excluded:
        return None
    return _unit_of_match(m, unit_of, context)


def _unit_of_match(m: re.Match[str], unit_of: dict[str, str], context: bool) -> str | None:
    form = _SPACES.sub(" ", m["form"].lower())
    if form in _context_forms() and (m["prefix"] or not context):
        return None  # "Krankenhäuser"; "Häuser" in a text about no kind of house
    return _unit(m["prefix"], m["form"], unit_of[form])


@lru_cache(maxsize=4096)  # bounded: the words before facility nouns recur ("die", "rund", "16")
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
        if k and not _is_adjective(tokens[-k][1]):
            return None  # the words between number and noun must all be adjectives
        stripped = token.lstrip(_OPENING)
        start += len(token) - len(stripped)
        parsed = _count_value(stripped)
        if parsed is None:
            continue
        value, year_like = parsed
        before = tokens[: len(tokens) - 1 - k]
        key = _qualifier_key(before)
        if year_like and not key:
            return None  # "2018 Familienzentren" is rather a year
        if key:
            if key in _round_qualifiers() and value % 50:
                return start, value, False  # "an die 34 Kitas": to the 34 Kitas
            return before[-len(key.split())][0], value, _qualifiers()[key]
        return start, value, False
    return None


@lru_cache(maxsize=4096)  # bounded: the words before facility nouns recur ("der", "neuen")
def _is_adjective(word: str) -> bool:
    """Whether a word may stand between a count and its noun: a lower-case word, no number word."""
    return bool(_ADJECTIVE.fullmatch(word)) and parse_number_word(word) is None


def _qualifier_key(tokens: list[tuple[int, str]]) -> str:
    for n in (2, 1):
        if len(tokens) >= n:
            key = " ".join(word for _, word in tokens[-n:]).lower()
            if key in _qualifiers():
                return key
    return ""


_RUN_BACK = re.compile(rf"[{_WORD_CHARS}]*")
_RUN_CHAR = re.compile(rf"[{_WORD_CHARS}]")


@cache
def _stems() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The stems number words begin with (lower case), and the stem at a place of the folded text."""
    stems = lexicon.words("numbers", "stems")
    return tuple(s.lower() for s in stems), re.compile(number_stems_pattern().lower())


@cache
def _form_pieces() -> tuple[str, ...]:
    """Pieces of which every facility form holds one in its first word (lower case): the first words,
    leaving out those that hold another ("familienzentren" holds "zentren", "kinderhaus" "haus"), and
    of those ending alike the ending ("stelle" for "beratungsstelle", "fachstelle", …)."""
    firsts = {form.split()[0] for form in _facilities()[1]}
    pieces = [p for p in firsts if not any(q != p and q in p for q in firsts)]
    ends: dict[str, int] = {}
    for p in pieces:
        ends[p[-_SHARED_END:]] = ends.get(p[-_SHARED_END:], 0) + 1
    return tuple(sorted({p[-_SHARED_END:] if ends[p[-_SHARED_END:]] > 1 else p for p in pieces}))


_SHARED_END = 6


def _noun_starts(text: str, folded: str) -> list[int]:
    """Where the word runs start that hold a piece of a facility form (sorted): a facility noun is a
    word run ending in a form, so the noun pattern can only match at one of them. A ``str.find`` per
    piece over the folded text, in C, where a pattern of the forms' starts stopped at every letter one
    of them begins with ("e", "s", "k", …)."""
    size = len(text)
    backwards = None
    starts: set[int] = set()
    for piece in _form_pieces():
        at = folded.find(piece)
        while at != -1:
            if at and _RUN_CHAR.match(text, at - 1):
                if backwards is None:
                    backwards = text[::-1]
                starts.add(size - _RUN_BACK.match(backwards, size - at).end())
            else:
                starts.add(at)
            at = folded.find(piece, at + 1)
    return sorted(starts)


def _anchors(text: str, folded: str) -> list[tuple[int, int]]:
    """The spans that ``\\d+|(?<![\\w])(?i:stems)`` finds: every count begins with one."""
    stems, stem = _stems()
    hits = digit_runs(text)
    for at in literal_starts(folded, stems, word_start=True):
        found = stem.match(folded, at)
        if found is not None:
            hits.append(found.span())
    hits.sort()
    return hits


def find_center_counts(text: str) -> list[CountMatch]:
    """Every count of facilities in ``text``, sorted by start, non-overlapping.

    Counts stand before their noun ("16 Familienzentren", "an 34 der 36 Häuser"), after it ("die
    Zahl der Kitas stieg von 900 auf 950") or refer back to the last count ("88 davon", "heute sind
    es 2417"). Counts above :data:`MAX_COUNT` are no facility counts.
    """
    pattern, unit_of, excluded = _facilities()
    found: list[CountMatch] = []
    folded = fold(text)
    regions = merge_windows(_anchors(text, folded), len(text), 0, _LOOKBACK)
    if not regions:
        return found
    context = _speaks_of_context(folded)
    noun_starts = _noun_starts(text, folded)
    for start, end in regions:
        # A noun is a word run ending in a facility form: it can only match at the start of that run
        # (a run starting in the region; one holding a form only after the region's end is tried in vain).
        candidates = noun_starts[bisect_left(noun_starts, start) : bisect_left(noun_starts, end)]
        nouns = scan(pattern, text, candidates, end)
        found.extend(_counts_in(text, nouns, unit_of, excluded, context))
    found.extend(_counts_after_noun(text, folded, context))
    found = non_overlapping(found)
    found.extend(_referring_counts(text, folded, found))
    return same_count_same_unit(non_overlapping(c for c in found if c.value <= MAX_COUNT))


def _speaks_of_context(folded: str) -> bool:
    """Whether a text (:func:`fold`-ed) holds a stem that makes a context form count ("Häuser" in a
    text on "Mehrgenerationenhäuser"). Only a context form asks: in a text without one the stems are
    not looked for, and each stem is looked for once however many forms share it."""
    forms, stems = _context_words()
    return any(form in folded for form in forms) and any(stem in folded for stem in stems)


@cache
def _context_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The context forms (leaving out those holding another: "häusern" holds "häuser") and their
    stems, each once."""
    forms = tuple(f for f in _context_forms() if not any(g != f and g in f for g in _context_forms()))
    stems = dict.fromkeys(stem for entry_stems in _context_forms().values() for stem in entry_stems)
    return forms, tuple(stems)


def same_count_same_unit(counts: list[CountMatch]) -> list[CountMatch]:
    """One text that counts the same number of facilities twice speaks of the same facilities
    ("950 Familienzentren erhalten Gütesiegel" … "rund 950 Kindertageseinrichtungen haben …"): every
    mention gets the unit of the first specific one (not a generic head like "Zentrum"), and is
    approximate where any of them is."""
    by_value: dict[int, list[CountMatch]] = {}
    for count in counts:
        by_value.setdefault(count.value, []).append(count)
    if len(by_value) == len(counts):
        return counts
    generic = frozenset(lexicon.words("facilities", "generic_units"))
    unified: dict[int, tuple[str, bool]] = {}
    for value, group in by_value.items():
        specific = [c.unit for c in group if c.unit not in generic]
        unified[value] = ((specific or [group[0].unit])[0], any(c.approximate for c in group))
    return [replace(c, unit=unified[c.value][0], approximate=unified[c.value][1]) for c in counts]


# More facilities than any release counts (Germany has some 60,000 Kitas): a misreading.
MAX_COUNT = 100_000
_COORDINATED = re.compile(rf"[A-ZÄÖÜ][{_WORD_CHARS}]*-\s+(?:und|oder|bzw\.)\s+\Z")


def _counts_in(
    text: str, nouns: Iterator[re.Match[str]], unit_of: dict[str, str], excluded: frozenset[str], context: bool
) -> list[CountMatch]:
    found: list[CountMatch] = []
    for m in nouns:
        noun = m.group()
        if noun.replace(SOFT_HYPHEN, "").lower() in excluded:
            continue
        unit = _unit_of_match(m, unit_of, context)
        if unit is None:
            continue
        noun_start = m.start()
        # "Kinder- und Familienzentren": the coordinated first part belongs to the unit
        coordinated = None
        if "- " in text[max(0, noun_start - 12) : noun_start]:
            coordinated = _COORDINATED.search(text, max(0, noun_start - 40), noun_start)
        if coordinated and m["prefix"] == "" and unit[:1].isupper():
            noun_start = coordinated.start()
            unit = re.sub(r"\s+", " ", coordinated.group()) + unit
        before = _number_before(text, noun_start)
        if before is None:
            partitive = _partitive_before(text, noun_start, 5)
            if partitive is not None:
                found.append(CountMatch(partitive[0], m.end(), partitive[1], unit, False))
            continue
        start, value, approximate = before
        found.append(CountMatch(start, m.end(), value, unit, approximate))
        # "an 34 der 36 Mehrgenerationenhäuser": the part is a count of the same facility
        partitive = _partitive_before(text, start, 0)
        if partitive is not None:
            found.append(CountMatch(partitive[0], partitive[2], partitive[1], unit, False))
    return found


_PARTITIVE = re.compile(
    rf"(?<![\w.,])(?P<n>{DIGITS})\s+(?:der|von(?:\s+den)?)\s+(?P<mid>(?:[^\s\d.,;:!?()„“\"]+\s+)*)\Z"
)


def _partitive_before(text: str, position: int, max_words: int) -> tuple[int, int, int] | None:
    """(start, value, end) of the number of "34 der 36 Häuser", "23 der geförderten MGH": a part
    of the facilities named after it, with at most ``max_words`` words between."""
    window_start = max(0, position - 80)
    near = text[window_start:position] if max_words else text[max(0, position - 5) : position]
    if "der " not in near and "von " not in near and "den " not in near:
        return None
    # what a search from window_start finds: the pattern starts with the part's number, so it is tried
    # only where a run of digits starts (none in most windows), not at every character
    m = None
    for at in digit_starts(text, window_start, position):
        m = _PARTITIVE.match(text, at, position)
        if m is not None:
            break
    if m is None or len(m["mid"].split()) > max_words or m.start() == window_start and window_start:
        return None
    parsed = _count_value(m["n"])
    if parsed is None or parsed[1]:
        return None  # a year ("2020 der Kitas") is no part
    return m.start(), parsed[0], m.end("n")


# --- counts after their noun, and counts that refer back ---------------------------------------

_NUMBER_TOKEN = rf"(?:{DIGITS}|[a-zäöüß{SOFT_HYPHEN}]+)"
# "die (Gesamt)zahl der (neuen) Häuser": the facility noun a later number counts
_NUMBER_OF = re.compile(
    rf"(?<![\w])(?i:(?:gesamt)?zahl|anzahl)\s+(?i:der|an)\s+(?:[a-zäöüß][\w\-]*\s+){{0,2}}"
    rf"(?P<noun>[A-ZÄÖÜ][{_WORD_CHARS}]*)"
)
_CLAUSE_END = re.compile(r"[.;!?](?:\s|\Z)|\n")
# Words one of which stands in the three before the number: "von 439 auf 500", "liegt bei 950"
_VALUE_WORDS = frozenset(["auf", "von", "bei", "beträgt", "betrug", "liegt", "lag", "stieg", "steigt", "sind", "ist"])
_NUMBER_IN_CLAUSE = re.compile(rf"(?<![\w.,]){_NUMBER_TOKEN}(?![\w.,]*\d)")
_NOUN_AFTER = re.compile(r"[ \t]+[A-ZÄÖÜ]")
_OTHER_UNIT_AFTER = re.compile(r"[ \t]*(?:%|€|(?i:prozent|euro|eur|mio|millionen|mrd|milliarden|jahre|monate)(?!\w))")


def _counts_after_noun(text: str, folded: str, context: bool) -> list[CountMatch]:
    """ "Die Gesamtzahl der Häuser wird von 439 auf 500 erhöht" (439 and 500), "Die Zahl der Kitas
    liegt bei rund 950": numbers after "von"/"auf"/"bei" in the clause of "Zahl der <facility>"."""
    found: list[CountMatch] = []
    for m in _finds(text, folded, "zahl", _NUMBER_OF, 8):
        unit = _facility_unit(m["noun"], context)
        if unit is None:
            continue
        end = _CLAUSE_END.search(text, m.end())
        clause_end = min(end.start() if end else len(text), m.end() + 160)
        for n in _NUMBER_IN_CLAUSE.finditer(text, m.end(), clause_end):
            count = _count_after(text, m.end(), n)
            if count is not None:
                found.append(CountMatch(count[0], n.end(), count[1], unit, count[2]))
    return found


def _finds(text: str, folded: str, word: str, pattern: re.Pattern[str], back: int) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` tried only where ``word`` stands in the folded text (at most ``back``
    characters before it): a literal search in C instead of a regex scan over the whole text."""
    at = folded.find(word)
    last_end = 0
    while at >= 0:
        for start in range(max(last_end, at - back), at + 1):
            m = pattern.match(text, start)
            if m is not None:
                yield m
                last_end = m.end()
                break
        at = folded.find(word, max(at + 1, last_end))


def _count_after(text: str, clause_start: int, n: re.Match[str]) -> tuple[int, int, bool] | None:
    """(start, value, approximate) of one number in a "Zahl der …" clause, or None."""
    parsed = _count_value(n.group())
    if parsed is None or _OTHER_UNIT_AFTER.match(text, n.end()):
        return None
    if _NOUN_AFTER.match(text[n.end() : n.end() + 2]):
        return None  # a number before a noun of its own ("auf 20 Landkreise")
    value, year_like = parsed
    words = text[clause_start : n.start()].split()[-3:]
    folded_words = [w.lower() for w in words]
    if not _VALUE_WORDS & set(folded_words) or (folded_words and folded_words[-1] == "um"):
        return None  # "um 50" is a change, not the number
    key = _qualifier_key([(0, w) for w in words])
    if year_like and not key:
        return None
    start = n.start()
    if key:
        start = text.rfind(words[-len(key.split())], clause_start, n.start())
    return start, value, bool(key and _qualifiers()[key])


# "88 davon", "davon 88": a part of the facilities counted just before
_OF_THEM = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUMBER_TOKEN})\s+davon(?![\w])|(?<![\w])[Dd]avon\s+(?P<m>{DIGITS})(?![\w.,]*\d)(?!\s+[A-ZÄÖÜ])"
)
# "heute sind es 2417", "inzwischen sind es rund 830": the same facilities counted again
_THEY_ARE = re.compile(
    rf"(?<![\w])(?:sind|waren|seien|wären)\s+es\s+(?:(?:jetzt|heute|nun|inzwischen|mittlerweile|bereits|schon"
    rf"|bundesweit|landesweit|insgesamt|derzeit|aktuell)\s+)*(?:(?P<q>[a-zäöü][\w.]*(?:\s+als|\s+zu)?)\s+)?"
    rf"(?P<n>{DIGITS})(?![\w.,]*\d)(?!\s*[A-ZÄÖÜ%€])"
)
# After "88 davon …": ", 65 im Westen und 23 in Bayern" continue the list
_LIST_MORE = re.compile(rf"(?:,|\s+und)\s+(?P<n>{DIGITS})\s+(?:im|in|auf|aus)\s")
# A number between a count and the words referring to it is counted by them instead; years and
# references ("20/1422") are not counts.
_OTHER_NUMBER = re.compile(r"(?<![\w.,/])(?!(?:19|20)\d\d(?!\d))\d[\d.]*(?![\d/])(?!/\d)")
_REFER_BACK = 400


def _referring_counts(text: str, folded: str, counts: list[CountMatch]) -> list[CountMatch]:
    """Counts that refer to the count before them: "88 davon befinden sich in Bayern, 65 im Westen",
    "Zertifiziert wurden 184 Familienzentren; heute sind es 2417"."""
    found: list[CountMatch] = []
    if not counts or ("davon" not in folded and " es " not in folded):
        return found
    ends = [c.end for c in counts]
    for m in [*_finds(text, folded, "davon", _OF_THEM, 30), *_finds(text, folded, " es ", _THEY_ARE, 7)]:
        number = m["n"] or m["m"]
        group = "n" if m["n"] else "m"
        parsed = _count_value(number)
        before = _count_before(text, counts, ends, m.start())
        if parsed is None or parsed[1] or before is None:
            continue
        key = m.groupdict().get("q")
        approximate = bool(key and _qualifiers().get(key.lower()))
        found.append(CountMatch(m.start(group), m.end(group), parsed[0], before.unit, approximate))
        if "davon" in m.group().lower():
            found.extend(_list_continued(text, m.end(), before.unit))
    return found


def _count_before(text: str, counts: list[CountMatch], ends: list[int], position: int) -> CountMatch | None:
    """The last count before ``position`` that nothing else counted since, near enough to refer to;
    ``ends``: the counts' ends (sorted, as the counts do not overlap)."""
    k = bisect_right(ends, position)
    if k == 0 or position - ends[k - 1] > _REFER_BACK:
        return None
    last = counts[k - 1]
    if _OTHER_NUMBER.search(text, last.end, position):
        return None
    return last


def _list_continued(text: str, start: int, unit: str) -> list[CountMatch]:
    end = _CLAUSE_END.search(text, start)
    stop = end.start() if end else len(text)
    found = []
    for m in _LIST_MORE.finditer(text, start, stop):
        parsed = _count_value(m["n"])
        if parsed is not None and not parsed[1]:
            found.append(CountMatch(m.start("n"), m.end("n"), parsed[0], unit, False))
    return found
