"""Facts: values tied to the program (or organisation) they are about, sentence by sentence.

Rules (each fact records the one that produced it):
  funding / center_count   an amount or count in a sentence that names a program, or refers to one
                           ("Dieses Programm", "das Programm", "Es"/"Sie" at the start) -> the last
                           named program; failing both, the one program named in one of the two
                           sentences before, in the same paragraph ("Eine feste Größe sind die X.
                           Rund 35 Kitas …").
  start / end              a span ("vom … bis …") tied like a value; a "seit"/"ab" or "bis" date only
                           in a sentence that names exactly one program by name.
  operated_by              a program and an organisation in one sentence with a cue of running it
                           ("in Kooperation mit", "umgesetzt", "in Trägerschaft", "koordiniert", or
                           "Programm X am/beim Institut …").
  funded_by                an organisation as the one that "fördert"/"finanziert" the program, or the
                           program "gefördert von/durch" it.
``as_of`` is the first plain date of the sentence, else the document's date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from famprog.components.tokens import text_of, token_offsets
from famprog.funding_lines import LineMention, facility_kinds
from famprog.model import Amount, CenterCount, DateItem, Fact, Mention, Organisation, Program
from famprog.regions import FEDERAL, RegionMention

# (every article opens with "d" or "D": the pattern opens with that character set, and the "\b" in front of
# the article is a look-behind after its first letter, so that the regex engine skips to the letters
# that can open a match instead of trying every position of the sentence)
ANAPHOR = re.compile(
    r"[Dd](?<!\w.)(?:(?:ieses|as|em|es|iese[mn]?)\s+(?:(?:neue|[A-ZÄÖÜ]\w+er|\w+e)\s+)?"
    r"(?:Landes|Bundes|Förder|Modell)?(?:[Pp]rogramm(?:s|es)?|[Pp]rojekt(?:s|es)?|[Vv]orhaben(?:s)?)"
    r"|(?:iese|ie|er)\s+(?:neuen?\s+)?(?:Landes)?(?:Initiative|Richtlinie))\b"
)
# "dieses Programm", "in diesem Förderprogramm": a demonstrative reference to a program named before
DEMONSTRATIVE = re.compile(
    r"\b[Dd]iese[smnr]?\s+(?:\w+e[nrs]?\s+)?(?:Landes|Bundes|Förder|Modell|Aktions)?"
    r"(?:[Pp]rogramm|[Pp]rojekt|[Vv]orhaben|[Ii]nitiative|[Rr]ichtlinie)\w*"
)
# a program named or referred to first thing in the sentence is what the sentence is about
SUBJECT_ANAPHOR = re.compile(
    r"^\W*(?:Das|Dieses|Die|Diese)\s+(?:\w+\s+)?(?:Landes|Bundes|Förder|Modell)?(?:[Pp]rogramm|[Pp]rojekt|[Vv]orhaben|Initiative|Richtlinie|Förderung)\b"
)
# only ever asked whether a sentence has one: "[Ss]tart" stands for any word ending in it ("Programmstart"),
# without the leading "\w*" that made the engine try every position of the sentence
START_CUE = re.compile(
    r"(?:[Ss]tart|gestartet|startete|startet|begann|beginnt|begonnen|Auftakt|ins Leben gerufen|aufgelegt|eingeführt"
    r"|in\s+Kraft|tritt|gegründet|erstmals|zum\s+ersten\s+Mal)\b"
)
# "ab" dates that start a funding: "Die Förderung wird ab 1. Januar 2016 gewährt", "fördert ab dem 1. August den Aufbau"
FROM_ON_START = re.compile(r"\b(?:gewährt|Aufbau|aufgebaut)\b")
END_CUE = re.compile(
    r"\b(?:läuft|befristet|Laufzeit|endet|verlänger\w*|fortzuführen|fortgeführt|fortführen|gesichert)\b"
)
# a date by which something is to be reported, applied for or handed in, not the end of the program:
# "bis Ende Juli 2019 mitzuteilen", "bis zum 31. März gestellt werden", "Die Antragsfrist endet am …"
DEADLINE_BEFORE = re.compile(r"\b(?:\w*[Ff]rist|Anträge|Antrag|Bewerbungen|Meldungen)\b")
DEADLINE_AFTER = re.compile(
    r"\b(?:\w+zu(?:teilen|reichen|legen|geben|melden|zeigen)|zu\s+(?:melden|beantragen|berichten|bewerben)"
    r"|(?:gestellt|eingereicht|beantragt|vorgelegt|gemeldet|angemeldet)\s+werden)\b"
)
# money for something else than running the program: its evaluation, a building
OTHER_PURPOSE = re.compile(  # (the "\b" in front after the first letter, as in ``ANAPHOR``)
    r"(?:E(?<!\w.)valu(?:ation|ierung)|S(?<!\w.)tudie|G(?<!\w.)utachten|U(?<!\w.)(?:ntersuchung|mbau)"
    r"|S(?<!\w.)anierung|N(?<!\w.)eubau)\b"
)
# a count of centers added, not of all centers: "23 weitere Kitas", "acht neuen Standorten"
_ADDED = r"weitere[nr]?|neue[nr]?|zusätzliche[nr]?"
INCREMENT = re.compile(rf"\b(?:{_ADDED})\b", re.IGNORECASE)
# the same words before the number: "weitere 157 Kitas", "zusätzlich 12 Familienzentren"
INCREMENT_BEFORE = re.compile(rf"\b(?:{_ADDED}|zusätzlich)\s+$", re.IGNORECASE)
# a count for each district or town is no count of the program: "in jedem Bezirk vier Familienzentren"
PER_UNIT = re.compile(r"\b(?:in\s+)?(?:jede[mnrs]?|je|pro)\s+[\wäöüß-]+\s+(?:\w+\s+)?$", re.IGNORECASE)
# the old value after "statt"/"anstelle von": "14.000 Euro statt bis dahin 12.000 Euro"
INSTEAD_BEFORE = re.compile(r"\b(?:statt|anstatt|anstelle\s+von|gegenüber|zuvor|vorher)\s+(?:\w+\s+){0,2}$")
# a phase of a program, not its whole run: the first phase ("in der ersten Laufzeit von 2017 bis 2020", "die
# Pilotphase von … bis …") starts the program but does not end it; a later one ("in der zweiten Förderphase
# vom 1. Januar 2024 bis 31. Dezember 2028", "die neue Förderperiode") runs it to its end but did not start it
PHASE_BEFORE = re.compile(
    r"\b(?:(?P<first>[Ee]rste[nrs]?\s+\w*(?:[Ll]aufzeit|[Pp]hase|[Pp]eriode|[Rr]unde)|(?:Pilot|Modell|Erprobungs)phase)"
    r"|(?P<later>(?:[Zz]weite|[Dd]ritte|[Vv]ierte|[Nn]eue|[Aa]ktuelle|[Ll]aufende|[Nn]ächste|[Kk]ommende)[nrs]?"
    r"\s+\w*(?:[Ll]aufzeit|[Pp]hase|[Pp]eriode|[Rr]unde)))\W+(?:\w+\W+){0,2}$"
)
# a value of the past before one of the present in the same sentence: "Unter dem damaligen Minister wurden
# 261 Familienzentren zertifiziert; heute sind es 3252", "anfangs 12 Zentren, inzwischen 40"
THEN_BEFORE = re.compile(
    r"\b(?:[Dd]amal(?:s|ig\w*)|[Ss]einerzeit|[Ee]inst|[Aa]nfangs|[Zz]unächst|[Uu]rsprünglich|zu\s+Beginn)\b"
)
NOW_BETWEEN = re.compile(r"\b(?:heute|inzwischen|mittlerweile|derzeit|aktuell|zurzeit|jetzt|nun)\b", re.IGNORECASE)
CHANGE_VERB = re.compile(
    r"\b(?:aufgestockt|aufstock\w*|erhöh\w*|gestiegen|steig\w*|gesenkt|gekürzt|kürz\w*|verringert|angehoben|anheb\w*)\b"
)
# a sentence with its own actor does not inherit the previous sentence's program:
# "Am Ausbau beteiligt sich der Bund mit 1,2 Mrd. Euro"
# (every cue opens with "b", "d" or "D", after which a look-behind stands for the "\b" in front, as in
# ``ANAPHOR``; which letter it was, a look-behind after it tells)
OWN_ACTOR = re.compile(
    r"[bDd](?<!\w.)(?:(?<=b)eteilig\w*\s+sich\s+(?:der|die|das)\b|(?<=d)(?:er|ie|as)\s+\w+\s+beteilig\w*\s+sich\b"
    r"|(?<=[Dd])(?:er|ie|as)\s+(?:Bund|Kommunen?|Stadt|Gemeinden?|Landkreis|Kreis|Träger|Eltern|Verein)\s+"
    r"(?:zahl|gib|leist|trag|beteilig|steuer|finanzier)\w*"
    # one facility with a name of its own: "Die Kita „Sonnenblume“ in Pirna erhält 18.000 Euro"
    r"|(?<=[Dd])(?:ie|as|er)\s+(?:[\w-]+-)?(?:Kita|Kindertagesstätte|Familienzentrum|Mehrgenerationenhaus"
    r"|Eltern-Kind-Zentrum|Familienstützpunkt|Einrichtung|Haus)\s+[„\"»‚])"
)
# a part of a sum said before: "Davon trägt der Bund 30.000 Euro", "davon allein 2,6 Millionen"
PART_OF_BEFORE = re.compile(r"[Dd](?<!\w.)avon\b[^.;]*$")  # (the "\b" in front as in ``ANAPHOR``)
FUNDING_WORD = re.compile(
    r"\b(?:förder\w*|geförder\w*|Förder\w*|Zuschuss\w*|Landesmittel\w*|Bundesmittel\w*|Mittel|zur\s+Verfügung|bereit)"
)
AFTER_NAME = re.compile(r"^[“”\"»«]?\s*(?:[„\"»«‚][^“”\"«»‘’]{1,80}[“”\"«»‘’]\s*)?\(\s*$")
VALUE_GAP = re.compile(
    r"^[\s,]*(?:(?:bis\s+zu|rund|jeweils|je|über|mehr\s+als|knapp|etwa|ca\.|insgesamt|nur|noch)\s+)*$"
)
YEAR_AFTER = re.compile(r"\s+(?:im\s+(?:Haushalts)?[Jj]ahr|in)\s+\d{4}\b")
# the place a statement was made at: "… in Berlin mitteilte", "sagte sie in Berlin."
SAID_AT = re.compile(r"\s*(?:mit\b|mitteilte|mitgeteilt|sagte|erklärte|betonte|bekannt)")
SAID_BEFORE = re.compile(r"\b(?:sagte|erklärte|betonte|teilte|berichtete)\b[^.;:]{0,40}$")
# a sentence about one facility of its own: "Das Mehrgenerationenhaus wird …", "Unser Familienzentrum erhält …"
ONE_FACILITY_SUBJECT = re.compile(
    r"^\W*(?:Das|Die|Der|Unser|Unsere)\s+(?:[\wäöü]+e\s+)?(?:[\w-]+-)?(?:Mehrgenerationenhaus|Familienzentrum|Kita"
    r"|Kindertagesstätte|Eltern-Kind-Zentrum|Familienstützpunkt|Familienbüro|Haus\s+der\s+Familie)\b(?!\s*[-(])"
)
# the sentence's subject is a plural of facilities: "Familienzentren in … erhalten", "Die 500 ausgewählten Häuser"
PLURAL_SUBJECT = re.compile(
    r"^\W*(?:(?:Die|Alle|Diese)\s+)?(?:[\d.]+\s+|rund\s+[\d.]+\s+)?(?:[\wäöü]+e[nr]?\s+)?"
    r"(?P<noun>[\wäöüÄÖÜß-]*(?:zentren|häuser|Häuser|stützpunkte|einrichtungen|Kitas|stätten|büros|treffs))\b"
)
# a town's or district's own budget: "die Stadtverordnetenversammlung … im Haushalt die jährlichen 5.000 €"
MUNICIPAL_BODY = re.compile(  # (the "\b" in front after the first letter, as in ``ANAPHOR``)
    r"(?:S(?<!\w.)tadt(?:verordnetenversammlung|rat|verwaltung)|G(?<!\w.)emeinde(?:rat|verwaltung)"
    r"|K(?<!\w.)reis(?:tag|verwaltung))\b"
)
# money others add: "von der Stadt kofinanziert", "mindestens zehn Prozent Eigenanteil"
COFINANCING = re.compile(r"\b(?:Eigenanteil|Eigenmittel\w*|kofinanzier\w*|Kofinanzierung)\b")
# "erhalten 500 ausgewählte Häuser jährlich 40.000 Euro"
PLURAL_RECEIVERS = re.compile(
    r"\b(?:erhalten|bekommen)\s+(?:die\s+)?(?:[\d.]+\s+|rund\s+[\d.]+\s+)?(?:[\wäöü]+e[nr]?\s+)?"
    r"(?P<noun>[\wäöüÄÖÜß-]*(?:zentren|häuser|Häuser|stützpunkte|einrichtungen|Kitas|stätten|büros|treffs))\b"
)
# a grant named as the one for the facilities of a kind, without their number: "Der Zuschuss des Landkreises
# für die Familienstützpunkte soll … auf bis zu 9.000 Euro erhöht werden" (for each; "für die 20
# Familienzentren" gives their total)
GRANT_FOR_PLURAL = re.compile(
    r"\b(?:Zuschuss|Zuschüsse|Pauschale|Förderpauschale|Förderbetrag|Zuwendung|Basisförderung|Grundförderung)"
    r"\s+(?:(?:des|der)\s+[\wäöüÄÖÜß]+\s+)?für\s+(?:die|alle)\s+(?:[\wäöü]+e[nr]?\s+)?"
    r"(?P<noun>[\wäöüÄÖÜß-]*(?:zentren|häuser|Häuser|stützpunkte|einrichtungen|Kitas|stätten|büros|treffs))\b"
)
FUNDED_PASSIVE = re.compile(r"\bwerden\b.*?\b(?:gefördert|finanziert|bezuschusst|unterstützt)\b")
TOTAL = re.compile(  # (the "\b" in front after the first letter, as in ``ANAPHOR``)
    r"(?:I(?<!\w.)nsgesamt|i(?<!\w.)nsgesamt|G(?<!\w.)esamt\w*|z(?<!\w.)usammen|a(?<!\w.)lle\s+\w+\s+zusammen)\b"
)
RECEIVES = re.compile(r"\b(?:erhält|erhielt|erhalten|bekommt|bekam|bekommen)\b")
# the run of a program in years: "läuft von 2017 bis 2020", "Laufzeit 2021 bis 2028", "in den Jahren 2007 bis 2013"
RUN_CUE = re.compile(
    r"\b(?:läuft|lief|liefen|laufen|Laufzeit|Förderzeitraum|Förderperiode|in\s+den\s+Jahren|Programmlaufzeit)\b"
)
END_DATE_CUE = re.compile(r"\b(?:endet|endete|ausgelaufen|läuft\s+\w*\s*aus|beendet|eingestellt)\b")
PRONOUN_START = re.compile(r"^\s*(?:Es|Sie|Dieses|Diese)\s+[a-zäöüß]")
PASSIVE_OPERATES = re.compile(r"\b(?:koordiniert|umgesetzt|durchgeführt|betreut|getragen|organisiert)\b")
FUNDS = re.compile(r"\b(?:fördert|finanziert|fördern|finanzieren)\b")
FUNDED_BY = re.compile(r"\bgefördert\s+(?:von|durch)\b|\bmit\s+(?:Mitteln|Unterstützung)\s+(?:des|der)\b")
# "Programm „X“ am Institut …", "Landesprogramm des Sozialministeriums": the program's home runs it
AT_ORGANISATION = re.compile(r"^[\s“”\"»«]*(?:am|beim|bei der|bei dem|an der|des|der)\s+$")


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Located:
    """A mention of an item with the item it belongs to; for programs, how the text speaks of it:
    by its name, by a generic reference ("das Förderprogramm") or by its facility noun."""

    start: int
    end: int
    item: Any
    how: str = "name"


def sentences(doc: Doc) -> list[Sentence]:
    """Sentence character ranges without surrounding whitespace, with their paragraph number."""
    text = text_of(doc)
    breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n", text)]
    if not len(doc):
        return []
    idx, _ = token_offsets(doc)
    # the tokens that open a sentence, found on spaCy's array: no Python work per token
    opening = doc.to_array([SENT_START]).reshape(-1) == 1
    opening[0] = True
    starts = [idx[k] for k in numpy.flatnonzero(opening).tolist()]
    out = []
    for begin, finish in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:finish]
        start = begin + len(chunk) - len(chunk.lstrip())
        end = begin + len(chunk.rstrip())
        if end > start:
            out.append(Sentence(start, end, bisect_right(breaks, start)))
    return out


def locate(items: list, sentences_: list[Sentence], starts: list[int] | None = None) -> dict[int, list[Located]]:
    """Mentions of items grouped by the index of the sentence they stand in; ``starts`` are the
    sentences' starts where the caller has them."""
    if starts is None:
        starts = [s.start for s in sentences_]
    out: dict[int, list[Located]] = {}
    for item in items:
        for m in item.mentions:
            k = bisect_right(starts, m.start) - 1
            if k >= 0 and m.start < sentences_[k].end:
                out.setdefault(k, []).append(Located(m.start, m.end, item))
    for group in out.values():
        group.sort(key=lambda loc: loc.start)
    return out


class Subjects:
    """Which program a sentence is about: named in it (by name, or a funding line by its facility noun
    or a generic reference), referred to ("das Programm", "Sie …"), or inherited from the sentences
    before; and the antecedent of a demonstrative. Keeps the order in which the text names programs."""

    def __init__(
        self, text: str, sents: list[Sentence], prog_at: dict[int, list[Located]], date_at: dict, published: str | None
    ) -> None:
        self.text = text
        self.sents = sents
        self.prog_at = prog_at
        self.date_at = date_at
        self.published = published
        self.referred_at: dict[int, list[Program]] = {}
        self.history: list[Program] = []  # named programs in the order the text names them

    def context(self, k: int, sent: Sentence, last_program: Program | None) -> Context:
        """The programs a sentence names, refers to or inherits, and its as-of date."""
        sent_text = self.text[sent.start : sent.end]
        located = self.prog_at.get(k, [])
        # a program named by its name outranks a funding line spoken of by its facility noun
        named = [loc for loc in located if loc.how == "name"] or located
        named_programs = _unique(loc.item for loc in named)
        referred, rule_ref = self.referred(k, sent_text, last_program) if not named_programs else (None, "")
        # a sentence that names a program inherits none, unless all it names are unnamed funding lines
        # (see below): only then is the program of the sentences before asked for
        lines_only = all(loc.how == "facility" and loc.item.implicit for loc in named)
        previous = self.previous_program(k, sent_text) if referred is None and lines_only else None
        if named_programs and previous is not None and not previous.implicit and self.named_just_before(k, previous):
            # an unnamed funding line spoken of by its facility noun yields to the program named just before
            # (unless that program funds another kind of facility)
            if all(
                loc.how == "facility" and loc.item.implicit and previous.facility in (None, loc.item.facility)
                for loc in named
            ):
                named, named_programs = [], []
        if named_programs:
            previous = None
        if referred is not None:
            self.referred_at[k] = [referred]  # "Wo steht das Programm?" lets the answer speak of it
        plain_dates = [loc.item for loc in self.date_at.get(k, []) if loc.item.kind == "date"]
        as_of = plain_dates[0].value if plain_dates else self.published
        return Context(named, named_programs, referred, rule_ref, previous, as_of)

    def referred(self, k: int, sent_text: str, last_program: Program | None) -> tuple[Program | None, str]:
        """The program a sentence that names none refers to, with the rule: an anaphor ("das Programm",
        "dieses Förderprogramm") → its antecedent; a sentence opening with a pronoun ("Sie …") right
        after a sentence of the same paragraph that names one program → that program."""
        if last_program is None:
            return None, ""
        anaphor = ANAPHOR.search(sent_text) if _may_be_anaphor(sent_text) else None
        if anaphor:
            return self.antecedent(anaphor.group(), last_program), "anaphora"
        sent = self.sents[k]
        if (
            k - 1 in self.prog_at  # (asked first: most sentences follow one that names no program)
            and PRONOUN_START.match(sent_text)
            and k > 0
            and self.sents[k - 1].paragraph == sent.paragraph
            and len(_unique(loc.item for loc in self.prog_at.get(k - 1, []))) == 1
        ):
            return last_program, "pronoun"
        return None, ""

    def note_reference(self, k: int, sent: Sentence, last_program: Program | None) -> Program | None:
        """What ``context`` keeps of a sentence that names no program and holds no value or date: the
        program it refers to, which a following sentence may inherit (returned too)."""
        referred, _ = self.referred(k, self.text[sent.start : sent.end], last_program)
        if referred is not None:
            self.referred_at[k] = [referred]
        return referred

    def subject_of_value(self, k: int, loc: Located, sent: Sentence, c: Context) -> tuple[Program | None, str]:
        """The program a value is about: ``choose_subject``, except that a demonstrative before the value
        with no program named before it ("In diesem Förderprogramm stehen 2 Mio. € für … der Netzwerke
        Frühe Hilfen") speaks of the program it refers back to."""
        if self.history and not any(n.start < loc.start and n.how == "name" for n in c.named):
            before = self.text[sent.start : loc.start]
            demonstrative = DEMONSTRATIVE.search(before) if _may_be_demonstrative(before) else None
            if demonstrative:
                return self.antecedent(demonstrative.group(), self.history[-1]), "anaphora"
        return choose_subject(loc.start, c.named, c.named_programs, c.referred, c.rule_ref, c.previous)

    def antecedent(self, anaphor: str, last_program: Program) -> Program:
        """The program an anaphor refers to: the last one named whose name ends its head word like the
        anaphor's ("dieses Förderprogramm" → the "Landesförderprogramm …" named before, not a
        "Bundesinitiative" named after it), else the last program named."""
        head = re.sub(r"(?:es|s)$", "", anaphor.split()[-1]).lower()
        for program in reversed(self.history):
            words = [w.lower() for n in (program.name, *program.aliases) for w in n.split()]
            if any(w.endswith(head) for w in words):
                return program
        return last_program

    def named_just_before(self, k: int, program: Program) -> bool:
        """The program is named by its name in one of the two sentences before, in the same paragraph."""
        return any(
            loc.item is program and loc.how == "name"
            for back in (k - 1, k - 2)
            if back >= 0 and self.sents[back].paragraph == self.sents[k].paragraph
            for loc in self.prog_at.get(back, [])
        )

    def previous_program(self, k: int, sent_text: str) -> Program | None:
        """The one program of the nearest of the three sentences before that names one (list items and a
        short paragraph after the program's introduction still speak of it); None where the sentence
        has an actor of its own."""
        found = None
        for back in (k - 1, k - 2, k - 3):
            if back < 0:
                break
            located = self.prog_at.get(back)
            before = _unique(loc.item for loc in located) if located else self.referred_at.get(back, [])
            if before:
                found = before[0] if len(before) == 1 else None
                break
        # the actor searches only where there is a program to refuse (most sentences have none)
        if found is None or OWN_ACTOR.search(sent_text) or MUNICIPAL_BODY.search(sent_text):
            return None
        return found


class FactLinker:
    """Ties the values of one release to its programs, sentence by sentence (see the module docstring)."""

    def __init__(
        self,
        doc: Doc,
        published: str | None,
        programs: list[Program],
        organisations: list[Organisation],
        dates: list[DateItem],
        amounts: list[Amount],
        counts: list[CenterCount],
        lines: Sequence[LineMention] = (),
        regions: Sequence[RegionMention] = (),
        sents: list[Sentence] | None = None,
    ) -> None:
        self.text = text_of(doc)
        self.sents = sents if sents is not None else sentences(doc)
        self.published = published
        # named programs by their names; funding lines by their facility nouns and references (``lines``)
        starts = [t.start for t in self.sents]
        self.prog_at = locate([p for p in programs if not p.implicit], self.sents, starts)
        for k, located in locate_lines(lines, self.sents, starts).items():
            self.prog_at.setdefault(k, []).extend(located)
            self.prog_at[k].sort(key=lambda loc: loc.start)
        self.org_at = locate(organisations, self.sents, starts)
        self.date_at = locate(dates, self.sents, starts)
        self.amount_at = locate(amounts, self.sents, starts)
        self.count_at = locate(counts, self.sents, starts)
        self.value_maps = (self.amount_at, self.count_at, self.date_at)
        self.regions_at: dict[int, list[RegionMention]] = {}
        for r in regions:
            j = bisect_right(starts, r.start) - 1
            if j >= 0 and r.start < self.sents[j].end:
                self.regions_at.setdefault(j, []).append(r)
        self.facts: list[Fact] = []
        self.seen: dict[tuple, Fact] = {}
        self.subjects = Subjects(self.text, self.sents, self.prog_at, self.date_at, published)
        # a release about one program or funding line: money in a sentence that speaks of funding is its
        self.sole_program = programs[0] if len(programs) == 1 else None
        # a sum "je FSP" is per Familienstützpunkt where the release defines FSP as its facilities' short
        # form ("Familienstützpunkte (FSP)"): one unit for the sums of a line, however it is written
        self.unit_names = {p.abbreviation: p.facility for p in programs if p.abbreviation and p.facility}

    def add(
        self,
        subject: Program | Organisation,
        predicate: str,
        value,
        sent: Sentence,
        rule: str,
        as_of: str | None,
        **extra,
    ) -> None:
        # one fact per subject, predicate and value: the same sum said with and without its period, or a
        # count said of "Kitas" and of "Familienzentren", is one fact (the first, with a period if any)
        key = (subject.id, predicate, str(value))
        if key in self.seen:
            fact = self.seen[key]
            fact.period = fact.period or extra.get("period")
            return
        evidence = Mention(sent.start, sent.end, self.text[sent.start : sent.end])
        self.seen[key] = fact = Fact(
            subject=subject.id,
            subject_name=subject.name,
            predicate=predicate,
            value=value,
            as_of=as_of,
            evidence=evidence,
            rule=rule,
            **extra,
        )
        self.facts.append(fact)

    def link(self) -> list[Fact]:
        last_program: Program | None = None
        busy = set(self.prog_at).union(*self.value_maps)  # the sentences that hold a program, value or date
        for k, sent in enumerate(self.sents):
            if k not in busy:
                # most sentences name no program and hold nothing to tie to one: only a reference counts,
                # and the organisations named where it refers to a program (what ``context`` would give)
                referred = self.subjects.note_reference(k, sent, last_program)
                orgs = self.org_at.get(k)
                if orgs and referred is not None and not referred.implicit:
                    sent_text = self.text[sent.start : sent.end]
                    _organisation_facts(self.add, referred, [], orgs, sent, sent_text, self.published, self.text)
                continue
            context = self.subjects.context(k, sent, last_program)
            self.values(k, sent, context)
            self.run_dates(k, sent, context)
            program = context.named_programs[-1] if context.named_programs else context.referred
            orgs = self.org_at.get(k, [])
            # an unnamed funding line is run by many bodies: no single operator
            if program is not None and orgs and not program.implicit:
                named = [loc for loc in context.named if loc.how == "name"]
                sent_text = self.text[sent.start : sent.end]
                _organisation_facts(self.add, program, named, orgs, sent, sent_text, context.as_of, self.text)
            if context.named_programs:
                last_program = context.named[-1].item
                self.subjects.history.extend(p for p in context.named_programs if not p.implicit)
        return self.facts

    def as_of_at(self, k: int, pos: int, default: str | None) -> str | None:
        """The date a value at ``pos`` holds at: the nearest date before it in its sentence ("seit 2020
        bis zu 40.000 Euro", "im Jahr 2013 eine Million Euro"), or the year after it where the words
        between say so ("2013 eine Million und im darauffolgenden Jahr 2,5 Millionen Euro": 2014), else
        the sentence's or document's date."""
        dated = ("date", "since", "span")
        before = [loc for loc in self.date_at.get(k, []) if loc.end <= pos and loc.item.kind in dated]
        if not before:
            return default
        return year_after(before[-1].item.value, self.text[before[-1].end : pos])

    def values(self, k: int, sent: Sentence, c: Context) -> None:
        if k not in self.amount_at and k not in self.count_at:
            return  # most busy sentences hold a date or an organisation only
        text, sent_text = self.text, self.text[sent.start : sent.end]
        amounts_here = self.amount_at.get(k, [])
        for n, loc in enumerate(amounts_here):
            if is_earlier_level(text, loc, amounts_here[n + 1] if n + 1 < len(amounts_here) else None, sent):
                continue  # "von 0,6 auf 2,6 Millionen", "14.000 statt 12.000 Euro": the new value is the level
            if is_change(text, loc, sent):
                continue  # "um 3,5 Millionen Euro aufgestockt" is an increase, not a level
            if PART_OF_BEFORE.search(text[sent.start : loc.start]) and not YEAR_AFTER.match(text, loc.end):
                continue  # a share of a sum, not the program's level ("davon … 2,6 Millionen im Jahr 2023" is one)
            if ONE_FACILITY_SUBJECT.match(sent_text) and not any(
                n.how == "name" and n.start < loc.start for n in c.named
            ):
                continue  # "Das Mehrgenerationenhaus wird mit 5.000 € … kofinanziert": one house's money
            subject, rule = self.subjects.subject_of_value(k, loc, sent, c)
            if subject is None:
                subject, rule = self.receiving_organisation(k, loc, sent)
            if (
                subject is None
                and self.sole_program is not None
                and FUNDING_WORD.search(sent_text)
                and not MUNICIPAL_BODY.search(sent_text)
                and not COFINANCING.search(sent_text)
            ):
                subject, rule = self.sole_program, "sole-program"
            a = loc.item
            if subject is not None and not OTHER_PURPOSE.search(sent_text):
                self.add(
                    subject,
                    "funding",
                    a.value,
                    sent,
                    f"funding:{rule}",
                    self.as_of_at(k, loc.start, c.as_of),
                    currency=a.currency,
                    period=a.period,
                    approximate=a.approximate,
                    per=None
                    if TOTAL.search(text[sent.start : loc.start])
                    else (self.unit_names.get(a.per, a.per) if a.per else per_facility(sent_text, a.value)),
                )
        counts_here = self.count_at.get(k, [])
        for n, loc in enumerate(counts_here):
            c_item = loc.item
            before = text[max(sent.start, loc.start - 40) : loc.start]
            added = INCREMENT.search(text[loc.start : loc.end]) or INCREMENT_BEFORE.search(before)
            if added or PER_UNIT.search(before):
                continue  # "23 weitere Kitas", "weitere 157 Kitas", "in jedem Bezirk vier Familienzentren"
            if is_earlier_level(text, loc, counts_here[n + 1] if n + 1 < len(counts_here) else None, sent):
                continue
            subject, rule = self.subjects.subject_of_value(k, loc, sent, c)
            if subject is not None and self.counts_the_line(subject, c_item) and not self.a_share(k, subject):
                self.add(
                    subject,
                    "center_count",
                    c_item.value,
                    sent,
                    f"center_count:{rule}",
                    self.as_of_at(k, loc.start, c.as_of),
                    unit=c_item.unit,
                    approximate=c_item.approximate,
                )

    @staticmethod
    def counts_the_line(subject: Program | Organisation, count) -> bool:
        """A funding line counts its own kind of facility or a generic one ("Einrichtungen", "Standorte"),
        not another kind ("34 der 36 Mehrgenerationenhäuser" is no count of a Familienzentren line)."""
        facility = getattr(subject, "facility", None)
        if not getattr(subject, "implicit", False) or not facility:
            return True
        kinds = facility_kinds()
        unit_kind = kinds.get(count.unit.lower())
        return unit_kind is None or unit_kind.singular == facility

    def a_share(self, k: int, subject: Program | Organisation) -> bool:
        """A count of one state's part of a federal program ("88 davon befinden sich in Bayern", "23 der
        geförderten Häuser gibt es in Mecklenburg-Vorpommern") is no count of the program."""
        if getattr(subject, "region", None) != FEDERAL:
            return False
        return any(
            r.region != FEDERAL
            and not SAID_AT.match(self.text, r.end)
            and not SAID_BEFORE.search(self.text[self.sents[k].start : r.start])
            for r in self.regions_at.get(k, [])
        )

    def receiving_organisation(self, k: int, loc: Located, sent: Sentence) -> tuple[Organisation | None, str]:
        """An organisation that receives money for itself: "Der Verein Lichtblick erhält 11.000 Euro"."""
        for org in self.org_at.get(k, []):
            between = self.text[org.end : loc.start]
            if org.end <= loc.start and len(between) <= 80 and RECEIVES.search(between):
                return org.item, "organisation-receives"
        return None, ""

    def value_follows(self, k: int, pos: int) -> bool:
        """An amount or count starts within a few words after ``pos`` in sentence ``k``."""
        return any(
            loc.start >= pos and VALUE_GAP.match(self.text[pos : loc.start])
            for loc in [*self.amount_at.get(k, []), *self.count_at.get(k, [])]
        )

    def run_dates(self, k: int, sent: Sentence, c: Context) -> None:
        """Start and end of a program's run from spans, "seit"/"bis" dates and start/end cues."""
        if k not in self.date_at:
            return
        text, sent_text = self.text, self.text[sent.start : sent.end]
        by_name = _unique(loc.item for loc in c.named if loc.how != "facility")
        span_subject, span_rule = (
            (by_name[0], "named")
            if len(by_name) == 1
            else (
                choose_subject(sent.start, [], [], c.referred, c.rule_ref, c.previous)
                if not c.named_programs
                else (None, "")
            )
        )
        for loc in self.date_at.get(k, []):
            d = loc.item
            if d.kind != "span" or not d.end or span_subject is None:
                continue
            # a program's run is given to the month or day ("vom 1. März 2015 bis …"), or in years with a
            # cue of its run ("läuft von 2017 bis 2020", "(2021 bis 2028)" after the name); other year spans
            # are budget or school years ("Doppelhaushalt 2023/24") and evaluation periods
            run_cue = bool(RUN_CUE.search(sent_text))
            precise = len(d.value) >= 7 or run_cue or _right_after_name(text, loc, c.named)
            if getattr(span_subject, "implicit", False):
                precise = run_cue  # an unnamed line's run needs a word of running ("läuft von … bis …")
            if precise and not _is_event(d.value, d.end):
                phase = PHASE_BEFORE.search(text[max(sent.start, loc.start - 60) : loc.start])
                if phase is None or phase["first"]:
                    self.add(span_subject, "start", d.value, sent, f"start:span:{span_rule}", d.value)
                if phase is None or phase["later"]:
                    self.add(span_subject, "end", d.end, sent, f"end:span:{span_rule}", d.value)
        subject, how = (None, "")
        if len(by_name) == 1:
            subject, how = by_name[0], "named"
        elif c.referred is not None and SUBJECT_ANAPHOR.match(sent_text):
            subject, how = c.referred, c.rule_ref
        lines = _unique(loc.item for loc in c.named if loc.how == "facility")
        cues = _Cues(sent_text)
        if subject is None and len(lines) == 1 and cues.start and FUNDING_WORD.search(sent_text):
            # "1972 hat das Ministerium zum ersten Mal Mittel für Familienbildungsstätten bereitgestellt"
            subject, how = lines[0], "facility"
        if subject is None and c.previous is None and c.referred is None:
            return
        dates_here = self.date_at.get(k, [])
        for loc in dates_here:
            d = loc.item
            said = text[loc.start : loc.end].lower()
            # "seit 2020 bis zu 40.000 Euro pro Haus": the date of a value, not the program's start
            of_value = self.value_follows(k, loc.end)
            if (
                subject is not None
                and d.kind == "since"
                and not of_value
                and (said.startswith("seit") or cues.start or FROM_ON_START.search(sent_text))
            ):
                self.add(subject, "start", d.value, sent, f"start:since:{how}", d.value)
            elif d.kind == "until" and (subject is not None or cues.end):
                if is_deadline(text, loc, sent):
                    continue
                target = subject or c.referred or c.previous
                self.add(target, "end", d.value, sent, f"end:until:{how or 'previous-sentence'}", c.as_of)
            elif d.kind == "date" and len(dates_here) == 1 and (cues.start or cues.end):
                target = subject or c.referred or c.previous
                predicate = "end" if END_DATE_CUE.search(sent_text) else "start"
                if predicate == "start" and not cues.start:
                    continue
                if predicate == "end" and is_deadline(text, loc, sent):
                    continue
                self.add(target, predicate, d.value, sent, f"{predicate}:cue:{how or 'previous-sentence'}", d.value)


class _Cues:
    """Whether a sentence has a start cue (``START_CUE``) or an end cue (``END_CUE``), each searched at
    most once and only where a word every match holds occurs (a substring test is several times
    cheaper than the search; a sentence with several dates asks again and again)."""

    START_WORDS = ("tart", "beg", "Auftakt", "ins Leben gerufen", "aufgelegt", "eingeführt", "Kraft", "tritt")
    START_WORDS += ("gegründet", "erstmals", "ersten")
    END_WORDS = ("läuft", "befristet", "Laufzeit", "endet", "verlänger", "fort", "gesichert")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def start(self) -> bool:
        return any(map(self.text.__contains__, self.START_WORDS)) and bool(START_CUE.search(self.text))

    @cached_property
    def end(self) -> bool:
        return any(map(self.text.__contains__, self.END_WORDS)) and bool(END_CUE.search(self.text))


@dataclass
class Context:
    named: list[Located]
    named_programs: list[Program]
    referred: Program | None
    rule_ref: str
    previous: Program | None
    as_of: str | None


def link_facts(
    doc: Doc,
    published: str | None,
    programs: list[Program],
    organisations: list[Organisation],
    dates: list[DateItem],
    amounts: list[Amount],
    counts: list[CenterCount],
    lines: Sequence[LineMention] = (),
    regions: Sequence[RegionMention] = (),
    sents: list[Sentence] | None = None,
) -> list[Fact]:
    """The facts of one release: values tied to the programs, funding lines and organisations they
    are about. ``lines`` are where funding lines are spoken of (``famprog.funding_lines``)."""
    return FactLinker(doc, published, programs, organisations, dates, amounts, counts, lines, regions, sents).link()


def locate_lines(lines, sentences_: list[Sentence], starts: list[int] | None = None) -> dict[int, list[Located]]:
    """Line mentions grouped by sentence, as ``Located`` with how they speak of the line; ``starts``
    as for ``locate``."""
    if starts is None:
        starts = [s.start for s in sentences_]
    out: dict[int, list[Located]] = {}
    for m in lines:
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < sentences_[k].end:
            out.setdefault(k, []).append(Located(m.start, m.end, m.program, m.how))
    return out


def is_earlier_level(text: str, loc: Located, nxt: Located | None, sent: Sentence) -> bool:
    """The old value of a change: "von 0,6 auf 2,6 Millionen Euro" (the first), "14.000 Euro statt
    bis dahin 12.000 Euro" (the second), "von zunächst geplanten 439 auf insgesamt 500", and a value
    said of the past before one said of the present ("damals 261 Familienzentren …; heute sind es
    3252", "anfangs 12, inzwischen 40 Zentren": the first)."""
    if (
        nxt is not None
        and NOW_BETWEEN.search(text[loc.end : nxt.start])
        and THEN_BEFORE.search(text[sent.start : loc.end])
    ):
        return True
    if nxt is not None and re.match(r"\s*(?:\w+\s+){0,3}auf\b", text[loc.end : nxt.start]):
        if re.search(r"\bvon\s+(?:\w+\s+){0,3}$", text[max(sent.start, loc.start - 40) : loc.start]) or text[
            loc.start : loc.end
        ].lower().startswith("von"):
            return True
    return bool(INSTEAD_BEFORE.search(text[max(sent.start, loc.start - 40) : loc.start]))


def per_facility(sentence: str, value: float) -> str | None:
    """The facility a sum is paid for when the sentence's subject is a plural of facilities that receive
    it ("Familienzentren in benachteiligten Stadtteilen erhalten … 14.000 Euro", "500 ausgewählte Häuser
    erhalten jährlich 40.000 Euro"), or the sum is the grant for the facilities of a kind ("Der Zuschuss
    für die Familienstützpunkte … bis zu 9.000 Euro"); sums of a total ("insgesamt", over 250,000) are none."""
    if value > 250_000 or TOTAL.search(sentence):
        return None
    m = GRANT_FOR_PLURAL.search(sentence)
    if m is None:
        m = PLURAL_SUBJECT.match(sentence) or PLURAL_RECEIVERS.search(sentence)
        if not m or not (RECEIVES.search(sentence) or FUNDED_PASSIVE.search(sentence)):
            return None
    kind = facility_kinds().get(m.group("noun").lower())
    if kind is not None:
        return kind.singular
    return "Haus" if m.group("noun") == "Häuser" else None


# the year after a date just given: "im darauffolgenden Jahr", "im Folgejahr", "im Jahr darauf", "ein Jahr später"
FOLLOWING_YEAR = re.compile(
    r"\b(?:im\s+(?:darauf\s*folgenden|folgenden)\s+Jahr|im\s+Folgejahr|im\s+Jahr\s+darauf|ein\s+Jahr\s+später)\b",
    re.IGNORECASE,
)


def year_after(as_of: str, between: str) -> str:
    """``as_of`` (an ISO date, month or year), or its year plus one when the words ``between`` it and a
    value name the following year ("2013 eine Million Euro und im darauffolgenden Jahr 2,5 Millionen")."""
    if FOLLOWING_YEAR.search(between) and as_of[:4].isdigit():
        return str(int(as_of[:4]) + 1)
    return as_of


def is_deadline(text: str, loc: Located, sent: Sentence) -> bool:
    """A date by which something is due, not a program's end: a reporting, application or filing word
    after it in its sentence ("bis Ende Juli 2019 mitzuteilen", "bis zum 31. März gestellt werden",
    "bis 15. Mai einzureichen") or a deadline word before it ("Die Antragsfrist endet am 30. Juni")."""
    after = text[loc.end : min(sent.end, loc.end + 80)]
    before = text[max(sent.start, loc.start - 60) : loc.start]
    return bool(DEADLINE_AFTER.search(after) or DEADLINE_BEFORE.search(before))


def is_change(text: str, loc: Located, sent: Sentence) -> bool:
    """An increase or cut by an amount: "um 3,5 Millionen Euro aufgestockt", "400 000 Euro mehr",
    "4 Millionen Euro zusätzlich", "weitere zehn Millionen Euro … zur Aufstockung des Programms" (on top
    of the level, which the sentence does not give; "fördert sie bis 2027 mit weiteren 1,35 Millionen
    Euro" is the level of a new period)."""
    before = text[max(sent.start, loc.start - 30) : loc.start]
    after = text[loc.end : min(sent.end, loc.end + 60)]
    if re.search(r"\bAufstockung\b", after):
        return True
    if re.search(r"\bum\s+(?:jeweils\s+|bis\s+zu\s+|rund\s+|knapp\s+|mehr\s+als\s+)*$", before) and CHANGE_VERB.search(
        after
    ):
        return True
    return bool(re.match(r"\s+(?:mehr|weniger|zusätzlich)\b", after))


def _right_after_name(text: str, loc: Located, named: list[Located]) -> bool:
    """A span in parentheses right after a program's name, maybe after its quoted title:
    "Bundesprogramm „X“ (2021 bis 2028)", "Programm Y (2019–2022)"."""
    return any(
        0 <= loc.start - p.end <= 90 and AFTER_NAME.match(text[p.end : loc.start]) for p in named if p.how == "name"
    )


def _is_event(start: str, end: str) -> bool:
    """A span of days shorter than a quarter is an event or an application window ("am 3./4. Mai 2018",
    "Anträge vom 1. November bis 15. Dezember"), not a program's run."""
    if len(start) != 10 or len(end) != 10:
        return False
    from datetime import date

    return (date.fromisoformat(end) - date.fromisoformat(start)).days < 92


def choose_subject(
    pos: int,
    named: list[Located],
    named_programs: list[Program],
    referred: Program | None,
    rule_ref: str,
    previous: Program | None,
) -> tuple[Program | None, str]:
    """The program a value at ``pos`` is about: named in the sentence (the nearest before it), referred
    to, or named just before; with the rule that chose it."""
    if named_programs:
        before = [loc.item for loc in named if loc.start <= pos]
        return (before[-1] if before else named[0].item), "named-in-sentence"
    if referred is not None:
        return referred, rule_ref
    if previous is not None:
        return previous, "previous-sentence"
    return None, ""


# cues that an organisation runs a program, by where they stand relative to the organisation's name
COOPERATION_BEFORE = re.compile(r"in Kooperation mit\s+(?:dem|der|den)?\s*$")
CARRIER_BEFORE = re.compile(
    r"(?:Trägerschaft|Träger|Umsetzung|Koordination|Koordinierung|Leitung|Projektleitung|Verantwortung|Federführung)"
    r"(?:\s+(?:des|der)\s+[^,;:]{1,90}?)?"  # "Träger des Landesprogramms „X“ ist …"
    r"\s+(?:des|der|ist|sind|übernimmt|übernehmen|liegt\s+bei|lag\s+bei|obliegt|hat|hatte|haben)?\s*"
    r"(?:das|die|der|dem)?\s*$"
)
PASSIVE_BEFORE = re.compile(r"(?:umgesetzt|durchgeführt|koordiniert)\s+(?:vom|von|durch)\s+(?:dem|der|den|das)?\s*$")
AGENT_BEFORE = re.compile(r"\b(?:vom|von|durch)\s+(?:dem|der|den|das)?\s*$")
ACTIVE_AFTER = re.compile(r"(?:koordiniert|betreut|verantwortet|organisiert|leitet|setzt)\b")


def _organisation_facts(add, program, named, orgs, sent, sent_text, as_of, text) -> None:
    for loc in orgs:
        org = loc.item
        before = text[max(sent.start, loc.start - 140) : loc.start]
        follows = text[loc.end : min(sent.end, loc.end + 40)].strip()
        after_program = any(
            0 <= loc.start - p.end <= 12 and AT_ORGANISATION.match(text[p.end : loc.start]) for p in named
        )
        if FUNDS.match(follows) or FUNDED_BY.search(before):
            continue  # who funds a program is no fact of guidelines §3, and never its operator
        if after_program:  # "Leiterin des Programms „X“ am Institut …"
            add(program, "operated_by", org.name, sent, "operated_by:program-at-organisation", as_of)
        elif COOPERATION_BEFORE.search(before):  # "… in Kooperation mit dem X": a cue of running the program
            add(program, "operated_by", org.name, sent, "operated_by:cooperation", as_of)
        elif CARRIER_BEFORE.search(before):  # "Träger ist …", "Die Koordination übernimmt …"
            add(program, "operated_by", org.name, sent, "operated_by:carrier", as_of)
        elif PASSIVE_BEFORE.search(before) or (AGENT_BEFORE.search(before) and PASSIVE_OPERATES.search(sent_text)):
            add(program, "operated_by", org.name, sent, "operated_by:passive", as_of)
        elif (
            ACTIVE_AFTER.match(follows)
            and any(p.start > loc.end for p in named)
            or (ACTIVE_AFTER.match(follows) and ANAPHOR.search(text[loc.end : sent.end]))
        ):  # "Die Servicestelle X koordiniert das Landesprogramm"
            add(program, "operated_by", org.name, sent, "operated_by:active", as_of)


def _may_be_anaphor(text: str) -> bool:
    """Whether ``text`` holds one of the nouns every ``ANAPHOR`` match ends in (a substring test is
    several times cheaper than the search, and most sentences have none)."""
    return "rogramm" in text or "rojekt" in text or "orhaben" in text or "Initiative" in text or "Richtlinie" in text


def _may_be_demonstrative(text: str) -> bool:
    """Whether ``text`` holds "iese", as every ``DEMONSTRATIVE`` match does ("dieses", "Diesem"): the
    substring test is several times cheaper than the search, and most text before a value has none."""
    return "iese" in text


def _unique(items) -> list:
    """Items in first-seen order, each once (by identity: items are the record's own objects)."""
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out
