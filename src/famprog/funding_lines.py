"""Funding lines: the public funding of a kind of facility, named or not (guidelines §2.1.1).

Agency items and municipal notices report "Das Land fördert inzwischen 214 Familienzentren" or
"Brandenburg erhöht die Förderung für Familienzentren" and never name a program. What a researcher
follows from year to year is that funding line, known by the pair (facility, region). This module

1. finds the kinds of facility a release speaks of (``facility_mentions``: "Familienzentren",
   "Kinder- und Familienzentren", "MGH"), outside the names of programs and organisations;
2. gives named programs their ``facility`` (from the name, else from the sentences that name them)
   and ``region`` (state adjective of the name, "Bundes…", else the release's home state);
3. decides which (facility, region) pairs are funded in the release: a specific kind of facility in
   a sentence with a funding word ("fördert", "Zuschuss", "Landesmittel"), a generic reference
   ("das Förderprogramm") or a center count of it; a general kind (Kitas) only with a funding word
   and an actor of the public hand in the same sentence;
4. ties each pair to the named program of the same pair when there is exactly one, else makes an
   implicit program (``implicit: true``) named by the text's own generic phrase
   ("Landesförderprogramm") or "<facility plural> (<region>)".

The result is a list of ``LineMention``: where in the text a funding line is spoken of (its facility
nouns and generic references), for ``famprog.facts`` to tie values to.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from famprog import lexicon
from famprog.gazetteer import state_named
from famprog.identity import region_from_name, slugify
from famprog.model import CenterCount, Mention, Organisation, Program
from famprog.regions import FEDERAL, RegionMention, home_region, is_federal_release, lowered, whole_words

# a singular facility noun that speaks of the kind: "je Familienzentrum", "jedes Familienzentrum", "als Familienzentrum"
# what stands between two items of a list: a comma, "und", "oder", "sowie", a dash, a number word
LIST_JOINT = re.compile(
    r"^(?=[^.;:]*(?:,|\bund\b|\boder\b|\bsowie\b|[–-]))\s*(?:(?:,|und|oder|sowie|[–-]|[\wäöüß]+)\s*){1,4}$"
)
ABBREVIATION_AFTER = re.compile(r"\s*\(([A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,7})\)")
NAME_WORD = re.compile(r"[\wäöüÄÖÜß-]+")
PER_FACILITY = re.compile(r"\b(?:je|pro|jedes|jeden|jedem|jeder|als)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class FacilityKind:
    """A kind of facility a funding line pays for, from ``resources/de/funding.yaml``."""

    singular: str
    plural: str
    general: bool


@dataclass(frozen=True, order=True)
class FacilityMention:
    start: int
    end: int
    kind: FacilityKind


@dataclass(frozen=True)
class LineMention:
    """Where a funding line is spoken of: a facility noun (``how="facility"``) or a generic reference
    such as "das Förderprogramm" (``how="reference"``)."""

    start: int
    end: int
    program: Program
    how: Literal["facility", "reference"]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@cache
def facility_kinds() -> dict[str, FacilityKind]:
    """Lower-case form -> kind, for every form listed in ``funding.yaml``."""
    out: dict[str, FacilityKind] = {}
    for entry in lexicon.load("funding")["facilities"]:
        kind = FacilityKind(entry["singular"], entry["plural"], bool(entry.get("general")))
        for form in entry["forms"]:
            out[form] = kind
    return out


LOOK_BEHIND = r"(?<![\w-])"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = lexicon.load("funding")
    forms = sorted(facility_kinds(), key=len, reverse=True)
    facility = re.compile(LOOK_BEHIND + "(" + "|".join(map(re.escape, forms)) + r")(?![\w-])", re.IGNORECASE)
    stems = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, data["funding_stems"])) + r")", re.IGNORECASE)
    references = re.compile(
        LOOK_BEHIND + "(" + "|".join(map(re.escape, sorted(data["references"], key=len, reverse=True))) + r")(?![\w-])",
        re.IGNORECASE,
    )
    actors = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, data["public_actors"])) + r")(?![\w-])", re.IGNORECASE
    )
    return facility, stems, references, actors


@cache
def _lower_facility() -> re.Pattern[str]:
    """The facility pattern for lower-cased text (a case-blind alternation is slow), without its
    leading look-behind (``regions.whole_words`` checks the character before), as a trie: the same
    matches, at half the cost of trying each of forty words at every position."""
    return re.compile("(" + longest_of(facility_kinds(), WORD_END) + ")")


WORD_END = r"(?![\w-])"


def longest_of(words: Iterable[str], end: str) -> str:
    """A regex for the longest of ``words`` that ``end`` follows: what ``(?:w1|w2|…)end`` with the words
    longest first matches, written as a trie ("familienzentr(?:en…|um…)") so that the engine follows
    the letters of the text instead of trying every word in turn."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def alternatives(node: dict[str, dict]) -> str:
        # longer words first: every continuation is tried before the word that ends here
        options = [re.escape(char) + alternatives(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            options.append(end)
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return alternatives(trie)


def _case_blind(pattern: re.Pattern[str], lower: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Matches of a case-blind pattern: the lower-case pattern over the lower-cased text where that keeps
    every offset (it does for German), else the case-blind pattern itself."""
    lower_text = lowered(text)
    return whole_words(lower, lower_text) if len(lower_text) == len(text) else pattern.finditer(text)


def facility_mentions(text: str) -> list[FacilityMention]:
    """Every facility noun of ``funding.yaml`` in ``text``: "Familienzentren" → Familienzentrum,
    "Kinder- und Familienzentren" → Kinder- und Familienzentrum, "MGH" → Mehrgenerationenhaus."""
    return _facilities(text, [m.span(1) for m in _case_blind(_patterns()[0], _lower_facility(), text)])


def _facilities(text: str, spans: Iterable[tuple[int, int]]) -> list[FacilityMention]:
    """The mentions of the facility forms found at ``spans`` that are written as nouns."""
    kinds = facility_kinds()
    out = []
    for start, end in spans:
        word = text[start:end]
        kind = kinds.get(word.lower())
        short = len(word) <= 3  # an acronym ("MGH") only in capitals
        if kind is not None and (word.isupper() if short else word[0].isupper()):
            out.append(FacilityMention(start, end, kind))
    return out


def facilities_and_references(text: str) -> tuple[list[FacilityMention], list[tuple[int, int]]]:
    """``facility_mentions(text)`` and the character ranges of the generic references ("das
    Förderprogramm") in ``text``, found in one pass over the lower-cased text where lower-casing keeps
    the offsets: the forms of both lists in one trie. The same matches as two passes: no facility form
    and no reference open with the same two letters, and neither holds a word the other opens with."""
    lower_text = lowered(text)
    if len(lower_text) != len(text):
        references = [m.span(1) for m in _patterns()[2].finditer(text)]
        return facility_mentions(text), references
    kinds = facility_kinds()
    facilities: list[tuple[int, int]] = []
    references = []
    for m in whole_words(_lower_forms(), lower_text):
        (facilities if m.group() in kinds else references).append(m.span())
    return _facilities(text, facilities), references


@cache
def _lower_forms() -> re.Pattern[str]:
    """The facility forms and references in one trie for lower-cased text, as ``_lower_facility``."""
    return re.compile(longest_of([*facility_kinds(), *lexicon.load("funding")["references"]], WORD_END))


def short_form_after(text: str, end: int) -> str | None:
    """The short form a release defines in parentheses right after a facility noun ending at ``end``:
    "Familienstützpunkte (FSP)", "Eltern-Kind-Zentren (EKiZ)" → "FSP", "EKiZ". An abbreviation has at
    least two capitals; a state in parentheses ("Familienzentren (NRW)", "(Hessen)") says where, it is
    no name of the facility."""
    m = ABBREVIATION_AFTER.match(text, end)
    if not m:
        return None
    short = m.group(1)
    if sum(c.isupper() for c in short) < 2 or state_named(short):
        return None
    return short


def with_abbreviations(text: str, found: list[FacilityMention]) -> list[FacilityMention]:
    """Add the mentions of an abbreviation the release defines for a kind of facility:
    "Sechs Familienstützpunkte (FSP) …", then "jeden FSP" is a Familienstützpunkt too."""
    defined: dict[str, FacilityKind] = {}
    for f in found:
        short = short_form_after(text, f.end)
        if short:
            defined.setdefault(short, f.kind)
    if not defined:
        return found
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, sorted(defined, key=len, reverse=True))) + r")(?![\w-])"
    )
    extra = [FacilityMention(m.start(1), m.end(1), defined[m.group(1)]) for m in pattern.finditer(text)]
    return sorted(set(found) | set(extra))


@lru_cache(maxsize=4096)
def facility_of_name(name: str) -> FacilityKind | None:
    """The kind of facility a program's name names, the last one where it names several
    ("Weiterentwicklung von Kindertageseinrichtungen zu Familienzentren" → Familienzentrum), also at
    the end of a compound ("Saarländische Kita-Familienzentren" → Familienzentrum). Cached: releases
    name the same programs again and again."""
    found = facility_mentions(name)
    if found:
        return found[-1].kind
    kinds, heads = facility_kinds(), _compound_heads()
    for word in reversed(NAME_WORD.findall(name)):
        word = word.lower()
        if not word.endswith(heads):
            continue  # most words end in no facility noun: one test in C instead of one per form
        for form in heads:
            if word.endswith(form) and word != form:
                return kinds[form]
    return None


@cache
def _compound_heads() -> tuple[str, ...]:
    """The forms of ``facility_kinds`` that can end a compound (over four letters), longest first."""
    return tuple(form for form in sorted(facility_kinds(), key=len, reverse=True) if len(form) > 4)


def generic_name(reference: str) -> str:
    """A generic reference in the nominative singular: "Landesförderprogramms" → "Landesförderprogramm"."""
    word = reference[0].upper() + reference[1:]
    for ending in ("es", "s"):
        if word.endswith("programm" + ending):
            return word[: -len(ending)]
    return word


def is_federal_name(names: list[str]) -> bool:
    """A program of the federal level by its name: "Bundesprogramm …", "Bundesinitiative …"."""
    return any(n.startswith("Bundes") or " Bundes" in n for n in names)


def is_state_level_name(names: list[str]) -> bool:
    """A program of a state by its name: "Landesprogramm …", "Landesförderprogramm …", "Landesinitiative
    …" (a state's program even in a sentence about the federal one it adds to)."""
    return any(n.startswith("Landes") for n in names)


class FundingLines:
    """The funding lines of one release; ``find`` returns its implicit programs and line mentions."""

    def __init__(
        self,
        text: str,
        sentences: list,
        programs: list[Program],
        organisations: list[Organisation],
        counts: list[CenterCount],
        regions: list[RegionMention],
        fallback_region: str | None = None,
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.starts = [s.start for s in sentences]
        self.programs = programs
        self.regions = sorted(regions)
        self.region_starts = [m.start for m in self.regions]
        # the state the text names most; else the one a manifest gives for the release
        self.home = home_region(regions) or (fallback_region if fallback_region != FEDERAL else None)
        self.federal = is_federal_release(regions) or (fallback_region == FEDERAL and not self.home)
        named = [m for p in programs for m in p.mentions] + [m for o in organisations for m in o.mentions]
        facilities, references = facilities_and_references(text)
        facilities = with_abbreviations(text, facilities)
        inside = _Cover(named)
        self.facilities = [f for f in facilities if not inside(f.start, f.end)]
        _, stems, _, actors = _patterns()
        self.references = [_Span(start, end) for start, end in references if not inside(start, end)]
        self.reference_sentences = {self.sentence_of(r.start) for r in self.references}
        self.count_units = {self.sentence_of(m.start): c.unit for c in counts for m in c.mentions}
        self.stems, self.actors = stems, actors
        self._stem_at: dict[int, bool] = {}  # sentence -> whether it has a funding word

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def sentence_text(self, k: int) -> str:
        s = self.sentences[k]
        return self.text[s.start : s.end]

    def region_at(self, k: int) -> str | None:
        """The region a sentence speaks for: a state it names, else the federal level it names, else
        the release's home state (or the federal level for a federal release)."""
        here = self.regions_in(k)
        states = [r for r in here if r != FEDERAL]
        if states and not (self.federal and FEDERAL in here):
            return states[0]
        if here:
            return FEDERAL if FEDERAL in here else states[0]
        return FEDERAL if self.federal else self.home

    def state_at(self, k: int) -> str | None:
        """The state a sentence speaks for: the first it names, else the release's home state (never
        the federal level)."""
        return next((r for r in self.regions_in(k) if r != FEDERAL), self.home)

    def regions_in(self, k: int) -> list[str]:
        """The regions sentence ``k`` names, in text order (states and "Bund")."""
        s = self.sentences[k]
        return [
            m.region
            for m in self.regions[bisect_left(self.region_starts, s.start) : bisect_left(self.region_starts, s.end)]
        ]

    def describe_named(self) -> None:
        """Give each named program its facility and region where the text makes them clear."""
        for program in self.programs:
            names = [program.name, *program.aliases]
            kind = next((k for k in map(facility_of_name, names) if k), None)
            if kind is None:
                kind = self.facility_near(program)
            program.facility = program.facility or (kind.singular if kind else None)
            if program.region is None:
                by_name = next((r for r in map(region_from_name, names) if r), None)
                if by_name:
                    program.region = by_name
                elif is_federal_name(names):
                    program.region = FEDERAL
                elif is_state_level_name(names):
                    program.region = self.state_at(self.sentence_of(program.mentions[0].start))
                else:
                    program.region = self.region_at(self.sentence_of(program.mentions[0].start))

    def facility_near(self, program: Program) -> FacilityKind | None:
        """The kind of facility spoken of in the sentences that name a program and no other, else in
        the sentence right after its first naming, in the same paragraph ("… das Programm „X“. Die
        300 Familienbüros, die seither entstanden …")."""
        own = {self.sentence_of(m.start) for m in program.mentions}
        others = {self.sentence_of(m.start) for p in self.programs if p is not program for m in p.mentions}
        alone = own - others
        kinds = [f.kind for f in self.facilities if self.sentence_of(f.start) in alone]
        if not kinds and alone:
            k = min(alone)
            if k + 1 < len(self.sentences) and self.sentences[k + 1].paragraph == self.sentences[k].paragraph:
                kinds = [f.kind for f in self.facilities if self.sentence_of(f.start) == k + 1]
        return _most_common_specific(kinds)

    def funded(self) -> dict[tuple[str, str], list[FacilityMention]]:
        """(facility, region) -> the facility mentions of the sentences that show its funding.

        A sentence shows a line's funding where it speaks of the kind of facility in the plural or
        per facility ("je Familienzentrum") with a funding word or a generic reference (strong), or
        with a count of them (weak). Weak evidence makes a line only where no strong one exists, a
        general kind (Kitas) only where no specific kind is funded, and one kind has one region: the
        one most of its sentences name."""
        evidence: dict[tuple[str, str], list[tuple[FacilityMention, bool]]] = {}
        listed = self.listed_kinds()
        for f in self.facilities:
            k = self.sentence_of(f.start)
            if k < 0 or k in listed or not self.speaks_of_kind(f):
                continue
            strength = self.shows_funding(k, f)
            region = self.region_at(k)
            if strength is not None and region:
                evidence.setdefault((f.kind.singular, region), []).append((f, strength))
        strong = {key for key, found in evidence.items() if any(s for _, s in found)}
        keep = {key: found for key, found in evidence.items() if key in strong or not strong}
        specific = {key for key, found in keep.items() if not found[0][0].kind.general}
        keep = {key: found for key, found in keep.items() if key in specific or not specific}
        by_facility: dict[str, list[tuple[str, str]]] = {}
        for key in keep:
            by_facility.setdefault(key[0], []).append(key)
        out = {}
        for keys in by_facility.values():
            best = max(keys, key=lambda key: (len(keep[key]), -keep[key][0][0].start))
            out[best] = [f for f, _ in keep[best]]
        return out

    def listed_kinds(self) -> set[int]:
        """Sentences that list several kinds of facility ("280 Standorte – Mehrgenerationenhäuser,
        Familienzentren und Familienbildungsstätten", "in fünf Kitas, zwei Familienzentren und …"):
        they describe what a program funds, they are no funding line of any one kind. Two kinds joined
        otherwise ("von Kindertageseinrichtungen zu Kinder- und Familienzentren") are no list."""
        out: set[int] = set()
        for a, b in zip(self.facilities, self.facilities[1:], strict=False):
            k = self.sentence_of(a.start)
            if k == self.sentence_of(b.start) and a.kind != b.kind and LIST_JOINT.match(self.text[a.end : b.start]):
                out.add(k)
        return out

    def speaks_of_kind(self, f: FacilityMention) -> bool:
        """The kind of facility, not one facility: a plural ("Familienzentren"), or a singular after
        "je", "pro", "jedes", "als" ("je Familienzentrum", "als Familienzentrum anerkannt")."""
        said = self.text[f.start : f.end].lower()
        singular = f.kind.singular.lower()
        if said not in (singular, singular + "s", singular + "es"):
            return True
        return bool(PER_FACILITY.search(self.text[max(0, f.start - 12) : f.start]))

    def shows_funding(self, k: int, f: FacilityMention) -> bool | None:
        """True for a funding word or reference in the sentence, False for a count alone, else None."""
        sentence = self.sentence_text(k)
        stem = self._stem_at.get(k)
        if stem is None:  # a sentence often speaks of several facilities: searched once
            stem = self._stem_at[k] = bool(self.stems.search(sentence))
        if f.kind.general:
            return True if stem and self.actors.search(sentence) else None
        if stem or k in self.reference_sentences:
            return True
        if self.count_units.get(k) is None or self.names_a_town(k):
            return None  # "In Lüneburg gibt es sechs Familienzentren": a town's count funds no state line
        return False

    def names_a_town(self, k: int) -> bool:
        """The sentence places itself in a municipality or district of the gazetteer."""
        s = self.sentences[k]
        lo, hi = bisect_left(self.region_starts, s.start), bisect_left(self.region_starts, s.end)
        return any(m.source == "place" for m in self.regions[lo:hi])

    def find(self) -> tuple[list[Program], list[LineMention]]:
        self.describe_named()
        found: list[tuple[Program, str]] = []
        implicit: list[Program] = []
        for (facility, region), evidence in sorted(self.funded().items(), key=lambda kv: kv[1][0].start):
            same = [p for p in self.programs if p.facility == facility and p.region == region]
            if not same:
                same = self.program_before(region, evidence)
                for p in same:
                    p.facility = facility
            if len(same) > 1:
                continue
            program = same[0] if same else self.implicit_program(facility, region, evidence)
            if not same:
                implicit.append(program)
            found.append((program, facility))
        # a release about one funding line refers to it as "die Förderung" anywhere; where it names
        # programs, "das Programm" is one of those
        sole = len(found) == 1 and (not found[0][0].implicit or not self.programs)
        lines = [m for program, facility in found for m in self.line_mentions(program, facility, sole)]
        return implicit, sorted(lines, key=lambda m: (m.start, m.end))

    def program_before(self, region: str, evidence: list[FacilityMention]) -> list[Program]:
        """The named program of no known facility that a line's first sentence follows: the one named
        last before it in the same paragraph or the three sentences before ("Das Landesprogramm „X“
        startet. … Heute sind es 46 Familienzentren."): the line is that program's."""
        k = self.sentence_of(evidence[0].start)
        limit = self.sentences[k].end
        last: dict[int, Program] = {}
        for p in self.programs:
            if p.facility is None and p.region in (region, None):
                for m in p.mentions:
                    j = self.sentence_of(m.start)
                    near = k - j <= 3 or self.sentences[j].paragraph == self.sentences[k].paragraph
                    if m.start < limit and near:
                        last[m.start] = p
        return [last[max(last)]] if last else []

    def implicit_program(self, facility: str, region: str, evidence: list[FacilityMention]) -> Program:
        plural = evidence[0].kind.plural
        fallback = f"{plural} ({region})"
        sentences = {self.sentence_of(f.start) for f in evidence}
        phrases = [
            generic_name(self.text[r.start : r.end])
            for r in self.references
            if self.sentence_of(r.start) in sentences and self.text[r.start : r.end].lower() != "förderung"
        ]
        name = phrases[0] if phrases else fallback
        aliases = [a for a in dict.fromkeys([*phrases, fallback]) if a != name]
        return Program(
            id=slugify(f"{plural}-{region}"),
            name=name,
            abbreviation=self.defined_abbreviation(facility),
            aliases=aliases,
            implicit=True,
            facility=facility,
            region=region,
        )

    def defined_abbreviation(self, facility: str) -> str | None:
        """The short form the release defines for the line's facility in parentheses after its noun,
        "Sechs Familienstützpunkte (FSP) gibt es …" → "FSP" (the first one), so that the line is found
        by it too (``famprog timeline FSP``); None where it defines none."""
        for f in self.facilities:
            if f.kind.singular == facility:
                short = short_form_after(self.text, f.end)
                if short:
                    return short
        return None

    def line_mentions(self, program: Program, facility: str, sole: bool) -> list[LineMention]:
        """The facility nouns of the line everywhere in the text, and the generic references in the
        sentences that name its facility (anywhere, where the release speaks of this line alone)."""
        out = [LineMention(f.start, f.end, program, "facility") for f in self.facilities if f.kind.singular == facility]
        line_sentences = {self.sentence_of(m.start) for m in out}
        out += [
            LineMention(r.start, r.end, program, "reference")
            for r in self.references
            if sole or self.sentence_of(r.start) in line_sentences
        ]
        if program.implicit:
            program.mentions = sorted({Mention(m.start, m.end, self.text[m.start : m.end]) for m in out})
        return out


class _Cover:
    """Whether a character range lies inside one of the given mentions, in logarithmic time."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [s for s, _ in spans]
        # the furthest end of any mention starting at or before each position in the sorted order
        self.reach: list[int] = []
        for _, end in spans:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def __call__(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def _most_common_specific(kinds: list[FacilityKind]) -> FacilityKind | None:
    specific = [k for k in kinds if not k.general] or kinds
    if not specific:
        return None
    counts = Counter(specific)
    return max(counts, key=lambda k: (counts[k], -specific.index(k)))
