"""What the store knows about programs over time: the program list and one program's timeline.

Library functions: they return data and never print; ``cli_knowledge`` renders them.

A program is named by its id, name, an alias, its abbreviation, or for a funding line by its pair
("Familienzentren (Nordrhein-Westfalen)", or ``facility`` and ``region``). A name that fits several
programs, or an organisation, is answered with the candidates (``ProgramChoiceError``), never with an
empty timeline. Facts without a date (``as_of``) are kept apart: they are shown, never compared, and
never count as conflicts; a conflict is two documents giving different values for the same date.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from famprog.errors import FamprogError
from famprog.gazetteer import state_named
from famprog.identity import _facility_forms, fold, program_keys
from famprog.store import Store, StoredEntity, StoredFact


class UnknownProgramError(FamprogError):
    """No program in the store has this id, name, alias or abbreviation."""

    def __init__(self, program: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no program {program!r} in the fact store{hint}")
        self.program = program
        self.suggestions = suggestions


class ProgramChoiceError(FamprogError):
    """The name fits several programs, or names an organisation or person: ``candidates`` lists
    (id, name, region) of the programs meant, to pick one by its id."""

    def __init__(self, message: str, candidates: list[tuple[str, str, str | None]]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class ProgramSummary:
    id: str
    name: str
    abbreviation: str | None
    aliases: list[str]
    region: str | None
    documents: int
    facts: int
    first_seen: str | None  # the earliest as_of of its facts (else the earliest publication date)
    last_seen: str | None
    facility: str | None = None
    implicit: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    as_of: str | None
    predicate: str
    value: int | float | str
    unit: str | None
    currency: str | None
    period: str | None
    approximate: bool
    document: str
    published: str | None
    evidence: str | None
    rule: str
    conflict: bool = False
    conflicting_values: list[int | float | str] = field(default_factory=list)
    per: str | None = None
    confidence: float | None = None


def list_programs(store: Store) -> list[ProgramSummary]:
    """Every program entity in the store, sorted by name then id."""
    out = []
    for entity in store.entities("program"):
        documents = store.entity_documents(entity.id)
        facts = store.facts(entity.id)
        dates = sorted({f.as_of for f in facts if f.as_of} or {p for _, p in documents if p})
        aliases = [a for a in store.aliases(entity.id) if a != entity.name and a != entity.abbreviation]
        out.append(
            ProgramSummary(
                id=entity.id,
                name=entity.name,
                abbreviation=entity.abbreviation,
                aliases=aliases,
                region=entity.region,
                documents=len(documents),
                facts=len(facts),
                first_seen=dates[0] if dates else None,
                last_seen=dates[-1] if dates else None,
                facility=entity.facility,
                implicit=entity.implicit,
            )
        )
    return sorted(out, key=lambda p: (fold(p.name), p.id))


_PAIR = re.compile(r"^(?P<facility>.+?)\s*\((?P<region>[^()]+)\)\s*$")


def find_line(store: Store, facility: str, region: str) -> StoredEntity | None:
    """The program entity of a funding line: its facility (any form: "Familienzentren") and region (as
    stored, else any form of a state's name: "NRW", "Freistaat Bayern", "BW"); where
    named programs of the pair stand beside an unnamed line, the line. None when there is none (or several)."""
    wanted = fold(facility)
    for key, forms in _facility_forms().items():
        if wanted in forms:
            wanted = key
            break
    regions = _region_forms(region)
    hits = [
        e
        for e in store.entities("program")
        if e.facility and fold(e.facility) == wanted and e.region and fold(e.region) in regions
    ]
    if len(hits) > 1:  # named programs of the pair beside the line: the line itself is the one unnamed
        hits = [e for e in hits if e.implicit]
    return hits[0] if len(hits) == 1 else None


def find_program(store: Store, program: str) -> StoredEntity:
    """The program entity ``program`` names: an id, name, alias, abbreviation, "<facility> (<region>)"
    or "<name> (<region>)" as a choice among programs of one name lists them.

    ``ProgramChoiceError`` for an organisation or a name of several programs (with the candidates),
    ``UnknownProgramError`` (with close names) for none."""
    entity = store.entity(program)
    if entity is not None and entity.kind == "program":
        return entity
    if entity is not None:
        raise _not_a_program(store, entity)
    pair = _PAIR.match(program)
    if pair:
        line = find_line(store, pair["facility"], pair["region"]) or _named_in_region(
            store, pair["facility"], pair["region"]
        )
        if line is not None:
            return line
    hits = _programs_named(store, program)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise ProgramChoiceError(
            f"{program!r} names {len(hits)} programs; give one of them as listed, by its id or as name (region)",
            [(e.id, e.name, e.region) for e in hits],
        )
    found = store.identity().lookup(program, kinds=("organisation", "person"))
    if found is not None:
        other = store.entity(found[1])
        if other is not None:
            raise _not_a_program(store, other)
    raise UnknownProgramError(program, _suggestions(store, program))


def _suggestions(store: Store, program: str) -> list[str]:
    """Up to three programs to offer for an unknown ``program``, as ``find_program`` takes them. For
    "<facility or name> (<region>)": first the close programs of that region, with their region
    ("Familienstützpunkte (Bayern)" for "Familienzentren (BY)"), then those of a close name or
    facility elsewhere ("Familienzentren (Brandenburg)"); else the close names."""
    names: dict[str, list[str]] = {}  # folded surface: the programs it names (a facility: its lines)
    local: dict[str, list[str]] = {}  # the same, for the programs of the region asked for
    pair = _PAIR.match(program)
    regions = _region_forms(pair["region"]) if pair else set()
    programs = store.entities("program")
    shared = Counter(fold(e.name) for e in programs)
    for e in programs:
        surfaces = {fold(s) for s in (e.facility or e.name, e.name, e.id, *store.aliases(e.id))}
        in_region = bool(e.region and fold(e.region) in regions)
        label = e.name  # with its region where the name alone is not one program's, or the region was asked
        if e.region and not e.name.endswith(f"({e.region})") and (in_region or shared[fold(e.name)] > 1):
            label = f"{e.name} ({e.region})"
        for key in surfaces:
            names.setdefault(key, []).append(label)
            if in_region:
                local.setdefault(key, []).append(label)
    found: list[str] = []
    for table, key in ((local, pair and fold(pair["facility"])), (names, pair and fold(pair["facility"]))):
        if key:
            found += [n for c in difflib.get_close_matches(key, list(table), n=3, cutoff=0.5) for n in table[c]]
    found += [n for c in difflib.get_close_matches(fold(program), list(names), n=3, cutoff=0.5) for n in names[c]]
    return list(dict.fromkeys(found))[:3]


def _named_in_region(store: Store, name: str, region: str) -> StoredEntity | None:
    """The one program named ``name`` whose region is ``region`` (as stored or any form of a state's
    name): "Richtlinie Familienförderung (Sachsen)" as a choice among programs of one name lists it."""
    regions = _region_forms(region)
    hits = [e for e in _programs_named(store, name) if e.region and fold(e.region) in regions]
    return hits[0] if len(hits) == 1 else None


def _region_forms(region: str) -> set[str]:
    """A region as asked for, folded, and the state it names in another form ("NRW", "Freistaat
    Sachsen", "Hessens", "BY"): the stored regions it matches."""
    return {fold(region), fold(state_named(region) or region)}


def _programs_named(store: Store, program: str) -> list[StoredEntity]:
    """Program entities with a surface form (name, alias, abbreviation, or one without its generic
    word) that folds like ``program``."""
    key = fold(program)
    shorter = set(program_keys(key))
    found: set[str] = set()
    for entity_id, alias in store.connection.execute(
        "SELECT DISTINCT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE e.kind = 'program'"
    ):
        folded = fold(alias)
        if folded == key or folded in shorter or key in program_keys(folded):
            found.add(entity_id)
    return [e for e in (store.entity(i) for i in sorted(found)) if e is not None]


def _not_a_program(store: Store, entity: StoredEntity) -> ProgramChoiceError:
    """An organisation or person named where a program was asked for, with the programs it has facts about."""
    rows = store.connection.execute(
        "SELECT DISTINCT e.id, e.name, e.region FROM facts f JOIN entities e ON e.id = f.subject_id"
        " WHERE f.object_id = ? AND e.kind = 'program' ORDER BY e.id",
        (entity.id,),
    ).fetchall()
    return ProgramChoiceError(
        f"{entity.name!r} is {'an organisation' if entity.kind == 'organisation' else 'a person'}, not a program"
        + ("; programs it operates or funds:" if rows else "; 'famprog programs' lists the programs"),
        [(r[0], r[1], r[2]) for r in rows],
    )


def dated_on_or_after(as_of: str, since: str) -> bool:
    """Whether a fact dated ``as_of`` (ISO "2022", "2022-06" or "2022-06-30") counts as on or after
    ``since`` (ISO, any of those precisions), compared at the coarser of the two precisions: a date
    given to the year or month is on or after every day of its year or month ("2022" is on or after
    2022-01-01 and 2022-06-30; "2021-12" is not on or after 2022). The complement is "before"
    (``diff --since``), so a fact is on exactly one side."""
    width = min(len(as_of), len(since))
    return as_of[:width] >= since[:width]


def fact_value_key(fact: StoredFact) -> str:
    """What makes two values of one predicate the same: the entity of an organisation, the
    folded text of a name or date, the number itself."""
    if fact.object_id:
        return f"entity:{fact.object_id}"
    if isinstance(fact.value, str):
        return f"text:{fold(fact.value)}"
    return f"num:{float(fact.value)!r}"


def fact_slot(fact: StoredFact) -> tuple[str, str, str, str]:
    """Predicate plus what qualifies its value: unit for counts, currency and period for money
    (and what an amount is paid for: "je Familienzentrum" is another slot than the whole sum)."""
    period = fact.period or ""
    if fact.per:
        period = f"{period}|per {fact.per}"
    return (fact.predicate, fact.unit or "", fact.currency or "", period)


def conflicts(facts: list[StoredFact]) -> dict[str, list[int | float | str]]:
    """{fact id: the differing values} for facts whose subject, slot and date (``as_of``) carry
    different values in different documents. Undated facts never conflict: nothing says they speak
    of the same time."""
    groups: dict[tuple, list[StoredFact]] = defaultdict(list)
    for fact in facts:
        if fact.as_of:
            groups[(fact.subject_id, fact_slot(fact), fact.as_of)].append(fact)
    out: dict[str, list[int | float | str]] = {}
    for group in groups.values():
        by_value: dict[str, set[str]] = defaultdict(set)
        for fact in group:
            by_value[fact_value_key(fact)].add(fact.document_id)
        documents = set().union(*by_value.values())
        if len(by_value) > 1 and len(documents) > 1:
            values = sorted({f.value for f in group}, key=lambda v: (isinstance(v, str), str(v)))
            for fact in group:
                out[fact.id] = values
    return out


def timeline(store: Store, program: str | StoredEntity) -> list[TimelineEntry]:
    """The facts about one program, dated ones first in as_of order (then predicate), undated ones
    after them; each with its source."""
    entity = program if isinstance(program, StoredEntity) else find_program(store, program)
    facts = store.facts(entity.id)
    clashing = conflicts(facts)
    entries = [
        TimelineEntry(
            as_of=f.as_of,
            predicate=f.predicate,
            value=f.value,
            unit=f.unit,
            currency=f.currency,
            period=f.period,
            approximate=f.approximate,
            document=f.document_path,
            published=f.published,
            evidence=f.evidence,
            rule=f.rule,
            conflict=f.id in clashing,
            conflicting_values=clashing.get(f.id, []),
            per=f.per,
            confidence=f.confidence,
        )
        for f in facts
    ]
    return sorted(
        entries,
        key=lambda e: (e.as_of is None, e.as_of or "", e.predicate, e.document, str(e.value)),
    )


# ---- values as people read them ---------------------------------------------------------------------

_PERIODS = {"year": "Jahr", "month": "Monat", "week": "Woche", "day": "Tag"}
_CURRENCIES = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF"}


def german_number(number: float, decimals: int = 2) -> str:
    """A number as German texts write it: "40.000", "1,5", "77,4" (at most ``decimals`` decimals)."""
    text = f"{number:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{number:,.0f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _plural(unit: str, value: float) -> str:
    """The plural of a facility noun for counts other than one ("Familienzentrum" → "Familienzentren")."""
    if value == 1:
        return unit
    from famprog import lexicon

    for entry in lexicon.load("funding").get("facilities") or []:
        if entry.get("singular") == unit:
            return str(entry.get("plural") or unit)
    return unit


def format_value(
    predicate: str,
    value: int | float | str,
    unit: str | None = None,
    currency: str | None = None,
    period: str | None = None,
    approximate: bool = False,
    per: str | None = None,
) -> str:
    """A value as a German reader writes it: "1,5 Mio. € / Jahr", "≈ 214 Familienzentren",
    "40.000 € je Familienzentrum", "2019-01" (dates and names as they are)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = float(value)
    if currency or predicate == "funding":
        if abs(number) >= 1_000_000_000:
            text = f"{german_number(number / 1_000_000_000)} Mrd."
        elif abs(number) >= 1_000_000:
            text = f"{german_number(number / 1_000_000)} Mio."
        else:
            text = german_number(number)
        if currency:
            text += f" {_CURRENCIES.get(currency, currency)}"
        if per:
            text += f" je {per}"
        if period:
            text += f" / {_PERIODS.get(period, period)}"
    else:
        text = german_number(number)
        if unit:
            text += f" {_plural(unit, number)}"
        if period:
            text += f" / {_PERIODS.get(period, period)}"
    return f"≈ {text}" if approximate else text
