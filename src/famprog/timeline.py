"""What the store knows about programs over time: the program list and one program's timeline.

Library functions: they return data and never print; ``cli_knowledge`` renders them.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from famprog.errors import FamprogError
from famprog.identity import fold
from famprog.store import Store, StoredEntity, StoredFact


class UnknownProgramError(FamprogError):
    """No program in the store has this id, name, alias or abbreviation."""

    def __init__(self, program: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no program {program!r} in the fact store{hint}")
        self.program = program
        self.suggestions = suggestions


@dataclass(frozen=True)
class ProgramSummary:
    id: str
    name: str
    abbreviation: str | None
    aliases: list[str]
    region: str | None
    documents: int
    facts: int
    first_seen: str | None
    last_seen: str | None


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


def list_programs(store: Store) -> list[ProgramSummary]:
    """Every program entity in the store, sorted by name then id."""
    out = []
    for entity in store.entities("program"):
        documents = store.entity_documents(entity.id)
        dates = sorted(p for _, p in documents if p)
        aliases = [a for a in store.aliases(entity.id) if a != entity.name and a != entity.abbreviation]
        out.append(
            ProgramSummary(
                id=entity.id,
                name=entity.name,
                abbreviation=entity.abbreviation,
                aliases=aliases,
                region=entity.region,
                documents=len(documents),
                facts=len(store.facts(entity.id)),
                first_seen=dates[0] if dates else None,
                last_seen=dates[-1] if dates else None,
            )
        )
    return sorted(out, key=lambda p: (fold(p.name), p.id))


def find_program(store: Store, program: str) -> StoredEntity:
    """The program (else organisation) entity ``program`` names: an id, name, alias or abbreviation."""
    entity = store.entity(program)
    if entity is not None and entity.kind != "person":
        return entity
    found = store.identity().lookup(program, kinds=("program", "organisation"))
    if found is not None:
        entity = store.entity(found[1])
        if entity is not None:
            return entity
    names = {}
    for e in store.entities("program"):
        for alias in [e.name, e.id, *store.aliases(e.id)]:
            names.setdefault(fold(alias), e.name)
    close = difflib.get_close_matches(fold(program), list(names), n=3, cutoff=0.5)
    raise UnknownProgramError(program, list(dict.fromkeys(names[c] for c in close)))


def fact_value_key(fact: StoredFact) -> str:
    """What makes two values of one predicate the same: the entity of an organisation, the
    folded text of a name or date, the number itself."""
    if fact.object_id:
        return f"entity:{fact.object_id}"
    if isinstance(fact.value, str):
        return f"text:{fold(fact.value)}"
    return f"num:{float(fact.value)!r}"


def fact_slot(fact: StoredFact) -> tuple[str, str, str, str]:
    """Predicate plus what qualifies its value: unit for counts, currency and period for money."""
    return (fact.predicate, fact.unit or "", fact.currency or "", fact.period or "")


def conflicts(facts: list[StoredFact]) -> dict[str, list[int | float | str]]:
    """{fact id: the differing values} for facts whose subject, slot and as_of carry different
    values in different documents."""
    groups: dict[tuple, list[StoredFact]] = defaultdict(list)
    for fact in facts:
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


def timeline(store: Store, program: str) -> list[TimelineEntry]:
    """The facts about one program, oldest first (as_of, then predicate), each with its source."""
    entity = find_program(store, program)
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
        )
        for f in facts
    ]
    return sorted(
        entries,
        key=lambda e: (e.as_of is None, e.as_of or "", e.predicate, e.document, str(e.value)),
    )


def format_value(
    predicate: str,
    value: int | float | str,
    unit: str | None = None,
    currency: str | None = None,
    period: str | None = None,
    approximate: bool = False,
) -> str:
    """A value as a reader writes it: "2.6 Mio EUR/year", "35 Familienzentrum", "≈ 90"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if predicate == "funding" and abs(number) >= 100_000:
            text = f"{number / 1_000_000:g} Mio"
        elif number.is_integer():
            text = str(int(number))
        else:
            text = f"{number:g}"
    else:
        text = str(value)
    if currency:
        text += f" {currency}"
    if period:
        text += f"/{period}" if currency else f" per {period}"
    if unit and predicate != "funding":
        text += f" {unit}"
    return f"≈ {text}" if approximate else text
