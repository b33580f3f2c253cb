"""Annotated Doc -> record items: one item per entity per document, with its aliases and mentions.

Spans of one program or organisation are joined when their folded names are equal, when one is a
word prefix of the other ("Stiftung Kinderglück" / "Stiftung Kinderglück Sachsen"), when they
share an abbreviation, when an abbreviation spells a name ("BaFaSt" / "Bayerische Familien-Stützpunkte"),
and when two names stand side by side as "A / B". People are joined by name and by family-name
mentions. Dates, amounts and counts are joined by value.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from spacy.tokens import Doc, Span

from famprog.components.lexicon_view import name_lexicon
from famprog.components.names import schwartz_hearst
from famprog.components.tokens import span_chars, text_of
from famprog.identity import fold, region_from_name, slugify
from famprog.model import Amount, CenterCount, DateItem, Mention, Organisation, Person, Program

ABBREVIATION_RULES = {"abbreviation-mention", "abbreviation-program", "head-abbreviation"}
KIND_ORDER = {"span": 0, "since": 1, "until": 2, "date": 3}


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return sorted(out.values(), key=lambda g: g[0])


def mention_of(doc: Doc, start: int, end: int) -> Mention:
    return Mention(start, end, text_of(doc)[start:end])


def span_mention(span: Span) -> Mention:
    start, end = span_chars(span)
    return Mention(start, end, text_of(span.doc)[start:end])


def spells(abbreviation: str, name: str) -> bool:
    """True when the abbreviation's capitals are exactly the initials of the name's capitalised parts.

    "BaFaSt" spells "Bayerische Familien-Stützpunkte" (B, F, S), not "Bayerische Familien-Treffs
    und Stützpunkte". Without a "Name (ABBR)" definition in the text, only this strict form counts.
    """
    capitals = "".join(c for c in abbreviation if c.isupper())
    initials = "".join(part[0] for part in re.split(r"[\s\-/]+", name) if part and part[0].isupper())
    return len(capitals) >= 2 and capitals == initials


def entity_key(name: str) -> str:
    """The folded name, with a leading state adjective in any inflection read as the state itself:
    "Sächsischen Staatsministerium" and "Sächsisches Staatsministerium" are one name."""
    first, _, rest = name.partition(" ")
    state = name_lexicon().state_adjectives.get(first)
    return fold(f"{state} {rest}") if state and rest else fold(name)


def dative_plural_free(key: str) -> list[str]:
    """A program name of three or more words also answers to its last word without a final -n
    ("Lokale Bündnisse für Familien" / "… für Familie"): releases inflect or pluralise the tail."""
    words = key.split()
    if len(words) >= 3 and len(words[-1]) > 4 and words[-1].endswith("n"):
        return [" ".join([*words[:-1], words[-1][:-1]])]
    return []


def spells_loosely(abbreviation: str, name: str) -> bool:
    """The abbreviation's letters occur in order in the name without its head word, the first letter
    starting the name (Schwartz & Hearst): "FamZ" / "Landesprogramm Familienzentren"."""
    rest = name.partition(" ")[2] if name_lexicon().program_head(name.partition(" ")[0]) else name
    return bool(rest) and rest[0].lower() == abbreviation[0].lower() and schwartz_hearst(abbreviation, rest) == 0


def without_program_head(name: str) -> list[str]:
    """ "Landesprogramm Berliner Familienzentren" also answers to "Berliner Familienzentren"."""
    first, _, rest = name.partition(" ")
    if rest and len(rest.split()) >= 2 and name_lexicon().program_head(first) == first:
        return [entity_key(rest)]
    return []


def named_entities(doc: Doc, key: str) -> list[dict[str, Any]]:
    """Group the spans of ``doc.spans[key]`` into entities: name, abbreviation, aliases, mentions."""
    spans = sorted(doc.spans.get(key, []), key=span_chars)
    if not spans:
        return []
    attrs = [s._.famprog or {} for s in spans]
    names = [a.get("name") or s.text for s, a in zip(spans, attrs, strict=True)]
    keys = [entity_key(n) for n in names]
    uf = UnionFind(len(spans))
    first_by_key: dict[str, int] = {}
    by_abbr: dict[str, int] = {}
    for i, (k, a) in enumerate(zip(keys, attrs, strict=True)):
        forms = [k, entity_key(spans[i].text), *(entity_key(x) for x in a.get("aliases") or [])]
        if key == "famprog_programs":
            forms.extend(without_program_head(names[i]))
            forms.extend(dative_plural_free(k))
        for form in forms:
            if form in first_by_key:
                uf.union(first_by_key[form], i)
            else:
                first_by_key[form] = i
        abbr = a.get("abbreviation")
        if abbr:
            if abbr in by_abbr:
                uf.union(by_abbr[abbr], i)
            else:
                by_abbr[abbr] = i
    full = [i for i, a in enumerate(attrs) if a.get("rule") not in ABBREVIATION_RULES]
    representative: dict[str, int] = {}
    for i in full:
        representative.setdefault(keys[i], i)
    unique = sorted(representative)
    for k in unique:
        if len(k.split()) < 2:
            continue
        j = bisect_left(unique, k + " ")
        while j < len(unique) and unique[j].startswith(k + " "):
            uf.union(representative[k], representative[unique[j]])
            j += 1
    for abbr, i in by_abbr.items():
        strict = [j for j in representative.values() if spells(abbr, names[j])]
        # failing a strict spelling, the one name whose letters spell the abbreviation in order
        # ("FamZ-Programm" and "Landesprogramm Familienzentren" in a text that never defines FamZ)
        loose = strict or [j for j in representative.values() if spells_loosely(abbr, names[j])]
        if len(strict) >= 1 or len(loose) == 1:
            for j in loose:
                uf.union(i, j)
    for i in range(len(spans) - 1):
        between = text_of(doc)[span_chars(spans[i])[1] : span_chars(spans[i + 1])[0]]
        if between.strip() == "/":
            uf.union(i, i + 1)

    entities = []
    for group in uf.groups():
        members = [spans[i] for i in group]
        full_names = [names[i] for i in group if attrs[i].get("rule") not in ABBREVIATION_RULES]
        candidates = full_names or [names[i] for i in group]
        name = max(candidates, key=lambda n: (len(n), -candidates.index(n)))
        abbreviations = [attrs[i]["abbreviation"] for i in group if attrs[i].get("abbreviation")]
        abbreviation = max(set(abbreviations), key=lambda a: (abbreviations.count(a), a)) if abbreviations else None
        aliases: list[str] = []
        for i in group:
            for alias in [spans[i].text, names[i], *(attrs[i].get("aliases") or [])]:
                if alias not in aliases and alias != name and alias != abbreviation:
                    aliases.append(alias)
        mentions = sorted({span_mention(s) for s in members})
        regions = [attrs[i]["region"] for i in group if attrs[i].get("region")]
        entities.append(
            {
                "name": name,
                "abbreviation": abbreviation,
                "aliases": aliases,
                "mentions": mentions,
                "region": region_from_name(name) or (regions[0] if regions else None),
            }
        )
    return sorted(entities, key=lambda e: e["mentions"][0])


def programs(doc: Doc) -> list[Program]:
    return [Program(id=slugify(e["name"]), **e) for e in named_entities(doc, "famprog_programs")]


def organisations(doc: Doc) -> list[Organisation]:
    return [
        Organisation(id=slugify(e["name"]), **{k: v for k, v in e.items() if k != "region"})
        for e in named_entities(doc, "famprog_organisations")
    ]


def people(doc: Doc) -> list[Person]:
    spans = sorted(doc.spans.get("famprog_people", []), key=span_chars)
    by_name: dict[str, Person] = {}
    order: list[str] = []
    pending: list[tuple[str, Span]] = []
    for span in spans:
        attrs = span._.famprog or {}
        rule = attrs.get("rule", "")
        if rule.startswith("family-name:"):
            pending.append((fold(rule.split(":", 1)[1]), span))
            continue
        name = attrs.get("name") or span.text  # whitespace collapsed where a name is wrapped over lines
        key = fold(name)
        person = by_name.get(key)
        if person is None:
            person = by_name[key] = Person(id=slugify(name), name=name)
            order.append(key)
        for title in attrs.get("titles") or []:
            if title not in person.titles:
                person.titles.append(title)
        role = attrs.get("role")
        if role and (person.role is None or len(role) > len(person.role)):
            person.role = role
        person.party = person.party or attrs.get("party")
        person.mentions.append(span_mention(span))
    for key, span in pending:
        if key in by_name:
            by_name[key].mentions.append(span_mention(span))
            # "Ministerin Roth" after "Eva Roth" gives the role the full naming lacked
            role = (span._.famprog or {}).get("role")
            if role and by_name[key].role is None:
                by_name[key].role = role
    out = [by_name[k] for k in order]
    for p in out:
        p.mentions = sorted(set(p.mentions))
    return sorted(out, key=lambda p: p.mentions[0])


def _grouped_by_value(doc: Doc, group: str, key: Callable[[dict], tuple], make: Callable[[dict], Any]) -> list[Any]:
    """One item per normalized value of a span group, each with all its mentions; ``make`` builds an
    item from the first match, and a later match of a more specific date kind upgrades it."""
    items: dict[tuple, Any] = {}
    for span in doc.spans.get(group, []):
        m = span._.famprog
        item = items.get(key(m))
        if item is None:
            item = items[key(m)] = make(m)
        elif isinstance(item, DateItem) and KIND_ORDER.get(m.get("kind") or "date", 3) < KIND_ORDER.get(item.kind, 3):
            item.kind = m["kind"]
        item.mentions.append(mention_of(doc, m["start"], m["end"]))
    return _sorted_by_mention(items.values())


def dates(doc: Doc) -> list[DateItem]:
    return _grouped_by_value(
        doc,
        "famprog_dates",
        lambda m: (m["value"], m.get("end_value")),
        lambda m: DateItem(value=m["value"], end=m.get("end_value"), kind=m.get("kind") or "date"),
    )


def amounts(doc: Doc) -> list[Amount]:
    return _grouped_by_value(
        doc,
        "famprog_amounts",
        lambda m: (m["value"], m["currency"], m.get("period")),
        lambda m: Amount(m["value"], m["currency"], m.get("period"), bool(m.get("approximate")), m.get("per")),
    )


def center_counts(doc: Doc) -> list[CenterCount]:
    return _grouped_by_value(
        doc,
        "famprog_counts",
        lambda m: (m["value"], m["unit"]),
        lambda m: CenterCount(m["value"], m["unit"], bool(m.get("approximate"))),
    )


def _sorted_by_mention(items: Iterable[Any]) -> list[Any]:
    out = list(items)
    for item in out:
        item.mentions = sorted(set(item.mentions))
    return sorted(out, key=lambda item: item.mentions[0])
