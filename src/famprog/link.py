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
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from famprog.components.lexicon_view import name_lexicon
from famprog.components.names import schwartz_hearst
from famprog.components.tokens import text_of
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


NAME_PARTS = re.compile(r"[\s\-/]+")


def _capitals(abbreviation: str) -> str:
    """The capitals of an abbreviation: "BaFaSt" -> "BFS"."""
    return "".join(c for c in abbreviation if c.isupper())


def _initials(name: str) -> str:
    """The first letters of a name's capitalised parts, split at spaces, hyphens and slashes:
    "Bayerische Familien-Stützpunkte" -> "BFS", "Bayerische Familien-Treffs und Stützpunkte" -> "BFTS"."""
    return "".join(part[0] for part in NAME_PARTS.split(name) if part and part[0].isupper())


def entity_key(name: str) -> str:
    """The folded name, with a leading state adjective in any inflection read as the state itself:
    "Sächsischen Staatsministerium" and "Sächsisches Staatsministerium" are one name."""
    return _entity_key(name, id(name_lexicon()))


@lru_cache(maxsize=8192)
def _entity_key(name: str, lexicon: int) -> str:
    """``entity_key`` under the name lexicon of id ``lexicon`` (lexicons replaced by a user's word lists
    are kept alive, so an id is never reused); cached: a release names its programs and bodies again
    and again, and releases name the same ones."""
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


def _without_head_word(name: str) -> str:
    """The name without a program head opening it ("Landesprogramm Familienzentren" -> "Familienzentren")."""
    return name.partition(" ")[2] if name_lexicon().program_head(name.partition(" ")[0]) else name


def _spells_from_start(abbreviation: str, rest: str) -> bool:
    """The abbreviation's letters occur in order in ``rest``, the first letter starting it (Schwartz &
    Hearst): "FamZ" / "Familienzentren"."""
    return bool(rest) and rest[0].lower() == abbreviation[0].lower() and schwartz_hearst(abbreviation, rest) == 0


def without_program_head(name: str) -> list[str]:
    """ "Landesprogramm Berliner Familienzentren" also answers to "Berliner Familienzentren"."""
    first, _, rest = name.partition(" ")
    if rest and len(rest.split()) >= 2 and name_lexicon().program_head(first) == first:
        return [entity_key(rest)]
    return []


def named_entities(doc: Doc, key: str, with_region: bool = True) -> list[dict[str, Any]]:
    """Group the spans of ``doc.spans[key]`` into entities: name, abbreviation, aliases, mentions, and
    (``with_region``) the region of the name or of its spans."""
    text = text_of(doc)
    # every span's characters, text and attributes read once, in the order of the text
    found = sorted(span_attributes(doc, key), key=lambda found: found[0])
    if not found:
        return []
    chars = [c for c, _ in found]
    texts = [text[start:end] for start, end in chars]
    attrs = [a or {} for _, a in found]
    names = [a.get("name") or t for a, t in zip(attrs, texts, strict=True)]
    keys = [entity_key(n) for n in names]
    uf = UnionFind(len(found))
    by_abbr = _join_by_forms(uf, key == "famprog_programs", keys, names, texts, attrs)
    full = [i for i, a in enumerate(attrs) if a.get("rule") not in ABBREVIATION_RULES]
    representative: dict[str, int] = {}
    for i in full:
        representative.setdefault(keys[i], i)
    _join_by_word_prefix(uf, representative)
    _join_by_spelling(uf, by_abbr, representative, names)
    for i in range(len(found) - 1):
        if text[chars[i][1] : chars[i + 1][0]].strip() == "/":
            uf.union(i, i + 1)

    entities = []
    for group in uf.groups():
        full_names = [names[i] for i in group if attrs[i].get("rule") not in ABBREVIATION_RULES]
        candidates = full_names or [names[i] for i in group]
        name = max(candidates, key=lambda n: (len(n), -candidates.index(n)))
        abbreviations = [attrs[i]["abbreviation"] for i in group if attrs[i].get("abbreviation")]
        abbreviation = max(set(abbreviations), key=lambda a: (abbreviations.count(a), a)) if abbreviations else None
        aliases: list[str] = []
        for i in group:
            for alias in [texts[i], names[i], *(attrs[i].get("aliases") or [])]:
                if alias not in aliases and alias != name and alias != abbreviation:
                    aliases.append(alias)
        mentions = [Mention(start, end, text[start:end]) for start, end in sorted({chars[i] for i in group})]
        entity = {"name": name, "abbreviation": abbreviation, "aliases": aliases, "mentions": mentions}
        if with_region:
            regions = [attrs[i]["region"] for i in group if attrs[i].get("region")]
            entity["region"] = region_from_name(name) or (regions[0] if regions else None)
        entities.append(entity)
    return sorted(entities, key=lambda e: _first_range(e["mentions"]))


def _join_by_forms(
    uf: UnionFind, programs: bool, keys: list[str], names: list[str], texts: list[str], attrs: list[dict]
) -> dict[str, int]:
    """Join the spans (by index) that share a folded form (name, text, alias; for ``programs`` also the
    name without its head and without a dative plural) or an abbreviation; returns the first span
    of each abbreviation."""
    first_by_key: dict[str, int] = {}
    by_abbr: dict[str, int] = {}
    for i, (k, a) in enumerate(zip(keys, attrs, strict=True)):
        # most spans are their own name: their text's key is the name's key
        forms = [k, k if texts[i] == names[i] else entity_key(texts[i]), *map(entity_key, a.get("aliases") or [])]
        if programs:
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
    return by_abbr


def _join_by_word_prefix(uf: UnionFind, representative: dict[str, int]) -> None:
    """Join a name of two or more words with the longer names it opens ("stiftung x" / "stiftung x sachsen");
    ``representative`` holds one span per folded full name."""
    unique = sorted(representative)
    for k in unique:
        if len(k.split()) < 2:
            continue
        j = bisect_left(unique, k + " ")
        while j < len(unique) and unique[j].startswith(k + " "):
            uf.union(representative[k], representative[unique[j]])
            j += 1


def _join_by_spelling(uf: UnionFind, by_abbr: dict[str, int], representative: dict[str, int], names: list[str]) -> None:
    """Join an abbreviation's spans with the full names it spells.

    Strictly, the abbreviation's capitals (two or more) are exactly the initials of the name's
    capitalised parts: "BaFaSt" spells "Bayerische Familien-Stützpunkte" (B, F, S), not "Bayerische
    Familien-Treffs und Stützpunkte"; all such names join. Failing that, the one name whose letters
    spell it in order once its program head is left out joins ("FamZ-Programm" and "Landesprogramm
    Familienzentren" in a text that never defines FamZ). Each name's initials and rest are read once."""
    if not by_abbr:
        return
    initials = {j: _initials(names[j]) for j in representative.values()}
    rests: dict[int, str] = {}
    for abbr, i in by_abbr.items():
        capitals = _capitals(abbr)
        strict = [j for j in representative.values() if len(capitals) >= 2 and capitals == initials[j]]
        loose = strict
        if not strict:
            loose = []
            for j in representative.values():
                if j not in rests:
                    rests[j] = _without_head_word(names[j])
                if _spells_from_start(abbr, rests[j]):
                    loose.append(j)
        if len(strict) >= 1 or len(loose) == 1:
            for j in loose:
                uf.union(i, j)


def programs(doc: Doc) -> list[Program]:
    return [Program(id=slugify(e["name"]), **e) for e in named_entities(doc, "famprog_programs")]


def organisations(doc: Doc) -> list[Organisation]:
    return [
        Organisation(id=slugify(e["name"]), **e)
        for e in named_entities(doc, "famprog_organisations", with_region=False)
    ]


def people(doc: Doc) -> list[Person]:
    text = text_of(doc)
    # every span's characters and attributes read once, in the order of the text
    found = sorted(span_attributes(doc, "famprog_people"), key=lambda found: found[0])
    by_name: dict[str, Person] = {}
    order: list[str] = []
    pending: list[tuple[str, Mention, dict]] = []
    for (start, end), attrs in found:
        attrs = attrs or {}
        mention = Mention(start, end, text[start:end])
        rule = attrs.get("rule", "")
        if rule.startswith("family-name:"):
            pending.append((fold(rule.split(":", 1)[1]), mention, attrs))
            continue
        name = attrs.get("name") or mention.text  # whitespace collapsed where a name is wrapped over lines
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
        person.mentions.append(mention)
    for key, mention, attrs in pending:
        if key in by_name:
            by_name[key].mentions.append(mention)
            # "Ministerin Roth" after "Eva Roth" gives the role the full naming lacked
            role = attrs.get("role")
            if role and by_name[key].role is None:
                by_name[key].role = role
    out = [by_name[k] for k in order]
    for p in out:
        p.mentions = sorted(set(p.mentions))
    return sorted(out, key=lambda p: _first_range(p.mentions))


def _grouped_by_value(doc: Doc, group: str, key: Callable[[dict], tuple], make: Callable[[dict], Any]) -> list[Any]:
    """One item per normalized value of a span group, each with all its mentions; ``make`` builds an
    item from the first match, and a later match of a more specific date kind upgrades it."""
    text = text_of(doc)
    items: dict[tuple, Any] = {}
    # each item's mentions as character ranges: a range said twice is one mention, and ranges sort
    # as their Mentions do (a Mention's text follows from its range)
    ranges: dict[tuple, set[tuple[int, int]]] = {}
    for _, m in span_attributes(doc, group):
        value = key(m)
        item = items.get(value)
        if item is None:
            item = items[value] = make(m)
            ranges[value] = set()
        elif isinstance(item, DateItem) and KIND_ORDER.get(m.get("kind") or "date", 3) < KIND_ORDER.get(item.kind, 3):
            item.kind = m["kind"]
        ranges[value].add((m["start"], m["end"]))
    for value, item in items.items():
        item.mentions = [Mention(start, end, text[start:end]) for start, end in sorted(ranges[value])]
    return sorted(items.values(), key=lambda item: _first_range(item.mentions))


def span_attributes(doc: Doc, group: str) -> list[tuple[tuple[int, int], dict | None]]:
    """The character range and ``span._.famprog`` of every span of ``doc.spans[group]``, in the group's
    order ([] for a missing group).

    spaCy keeps a span's extension value in ``doc.user_data`` under a key of the attribute's name and
    the span's characters, and ``span._`` builds an object per read to find it; here the key is made
    directly (checked against ``span._`` on the first span a process reads: should spaCy key its
    values otherwise, every span is read through ``span._``)."""
    spans = doc.spans.get(group)
    if not spans:
        return []
    if _user_data_keys[0] is False:
        return [((span.start_char, span.end_char), span._.famprog) for span in spans]
    get = doc.user_data.get
    out = []
    for span in spans:
        chars = span.start_char, span.end_char
        out.append((chars, get(("._.", "famprog", *chars))))
    if _user_data_keys[0] is None:  # not checked yet: is that spaCy's key?
        first = spans[0]._.famprog
        if first is None or first is not out[0][1]:
            _user_data_keys[0] = False if first is not None else None
            return [((span.start_char, span.end_char), span._.famprog) for span in spans]
        _user_data_keys[0] = True
    return out


# whether span attributes are read from ``doc.user_data`` (None until checked on the first span read)
_user_data_keys: list[bool | None] = [None]


def _first_range(mentions: list[Mention]) -> tuple[int, int]:
    """The character range of the first of sorted mentions: items sort by it as by the Mention itself
    (a mention's text follows from its range), without comparing dataclasses."""
    return mentions[0].start, mentions[0].end


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
