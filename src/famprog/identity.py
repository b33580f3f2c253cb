"""Stable, store-wide ids for programs, organisations and people across documents.

One press release calls a program "Hessische Familienstützpunkte (HeFaS)", the next
"HeFaS-Programm", a third just "HeFaS": all three must land on one id, while
"Landesprogramm Familie" and "Landesprogramm Familienbildung" stay two. Matching is
conservative and explainable: every name is reduced to folded *keys* (case, dashes, quotes,
a leading article and genitive endings of head nouns do not count), items meet on an exact
key, and each merge records the alias that caused it (``merged_by``) and the rule (``merge_rule``).

Rules, strongest first:

``name`` / ``alias`` / ``abbreviation``
    a folded key of the item equals one of the entity's keys; a key that already belongs to two
    entities is ambiguous and resolves nothing.
``generic-word``
    programs only: "HeFaS-Programm", "Programm HeFaS", "Richtlinie HeFaS" also yield "hefas".
``qualifier``
    organisations only: "Anna Berger Stiftung" ≡ "Anna Berger Stiftung für Kind und Familie" when the
    shorter is a word-boundary prefix of the longer, has ≥ 2 words one of which ends in a head noun
    (Stiftung, Institut, …), the rest opens with a qualifier word (für, der, …) or is a state, and
    the prefix fits exactly one entity.

People match on their folded name only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from famprog import lexicon
from famprog.errors import ResourceError
from famprog.model import Record

Kind = Literal["program", "organisation", "person"]
KINDS: tuple[Kind, ...] = ("program", "organisation", "person")

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_QUOTES = re.compile(r"[\"'„“”‚‘’«»‹›`´]")
_DASHES = re.compile(r"[-‐‑‒–—_/]")
_OTHER = re.compile(r"[^\w\s&+]")
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem"})

# Head nouns of German public-sector names. A word ending in one of them marks a name as an
# organisation's or program's (for the qualifier rule) and takes genitive -s/-es we fold away.
_HEAD_NOUNS = (
    "stiftung",
    "institut",
    "ministerium",
    "verband",
    "verein",
    "amt",
    "buero",
    "stelle",
    "zentrum",
    "zentrale",
    "werk",
    "netzwerk",
    "akademie",
    "agentur",
    "kammer",
    "bund",
    "gesellschaft",
    "hochschule",
    "universitaet",
    "beirat",
    "rat",
    "forum",
    "programm",
    "projekt",
    "buendnis",
    "haus",
    "dienst",
    "behoerde",
    "senat",
    "landkreis",
    "kreis",
)
_GENITIVE_HEADS = tuple(h for h in _HEAD_NOUNS if not h.endswith(("ung", "e", "ei", "aet")))
# Words that open a trailing qualifier of an organisation's name ("… für Kind und Familie").
_QUALIFIER_WORDS = frozenset({"fuer", "der", "des", "von", "vom", "zur", "zum", "im", "in", "am", "an"})
# Generic words around a program's proper name: "HeFaS-Programm", "Richtlinie HeFaS".
_PROGRAM_WORDS = frozenset({"programm", "richtlinie", "modellprojekt", "foerderprogramm", "foerderrichtlinie"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of a name: case, dashes, quotes, spacing, a leading article and the
    genitive ending of head nouns folded away ("des Lindenhof-Institutes" → "lindenhof institut")."""
    key = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLITERATION)
    if not key.isascii():  # ASCII has no accents to take off
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    key = _QUOTES.sub("", key)
    key = _OTHER.sub(" ", _DASHES.sub(" ", key))
    words = key.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(_fold_genitive(w) for w in words)


def _fold_genitive(word: str) -> str:
    if not word.endswith("s"):
        return word  # every ending below ends in "s"
    for ending in ("es", "s"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem.endswith(_GENITIVE_HEADS):
            return stem
    if word.endswith("nisses") and len(word) > 8:
        return word[:-3]
    return word


@lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """A readable ASCII slug: "Thüringer Familienzentren" → "thueringer-familienzentren"."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(_TRANSLITERATION)
    if not text.isascii():  # ASCII has no accents to take off (most names, once umlauts are spelled out)
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    return slug or "item"


def program_keys(key: str) -> list[str]:
    """Extra keys of a program name without its generic words: "hefas programm" → ["hefas"]."""
    words = key.split()
    extra = []
    if len(words) > 1 and words[-1] in _PROGRAM_WORDS:
        extra.append(" ".join(words[:-1]))
    if len(words) > 1 and words[0] in _PROGRAM_WORDS:
        extra.append(" ".join(words[1:]))
    return [k for k in extra if len(k) >= 2 and k != key]


def has_head_noun(key: str) -> bool:
    return any(word.endswith(_HEAD_NOUNS) for word in key.split())


@lru_cache(maxsize=1)
def _state_forms() -> tuple[tuple[str, str], ...]:
    data = lexicon.load("states").get("states")
    if not isinstance(data, dict):
        raise ResourceError("language data de/states.yaml: 'states' must map each state to its adjectives")
    forms = []
    for state, adjectives in data.items():
        for form in [state, *(adjectives or [])]:
            forms.append((fold(form), state))
    # Longest first, so "Sachsen-Anhaltische" is not read as "Sachsen".
    return tuple(sorted(forms, key=lambda f: (-len(f[0]), f[0])))


def states() -> list[str]:
    """The 16 states as named in ``resources/de/states.yaml``."""
    return sorted({state for _, state in _state_forms()})


@lru_cache(maxsize=65536)
def region_from_name(name: str) -> str | None:
    """The state a name opens with as an adjective: "Hessisches Ministerium …" → "Hessen". Of
    several forms the name opens with, the longest counts ("Sachsen-Anhaltische" is not "Sachsen")."""
    words = fold(name).split(" ")
    forms, most_words = _adjective_index()
    for k in range(min(most_words, len(words)), 0, -1):  # the name's first words, most first
        state = forms.get(" ".join(words[:k]))
        if state is not None:
            return state
    return None


@lru_cache(maxsize=1)
def _adjective_index() -> tuple[dict[str, str], int]:
    """``_adjective_forms`` as a mapping (of a form listed twice, the first counts) and the most
    words a form has: a name's first one, two, … words are looked up instead of every form tried."""
    forms: dict[str, str] = {}
    for form, state in _adjective_forms():
        forms.setdefault(form, state)
    return forms, max((len(form.split(" ")) for form in forms), default=0)


@lru_cache(maxsize=1)
def _adjective_forms() -> tuple[tuple[str, str], ...]:
    """``_state_forms`` without the states' own names ("hessisch…", not "hessen"), longest first."""
    return tuple((form, state) for form, state in _state_forms() if form != fold(state))


def _is_state(words: str) -> bool:
    return any(words == form for form, _ in _state_forms())


@dataclass(frozen=True)
class Resolution:
    """Where an item landed: the entity id, and the alias and rule that merged it (None if new)."""

    id: str
    merged_by: str | None = None
    merge_rule: str | None = None


@dataclass(slots=True)  # a store's resolution holds one per entity of the corpus
class _Entity:
    id: str
    name: str
    origins: dict[str, str] = field(default_factory=dict)  # its keys -> the rule that first gave each


class IdentityIndex:
    """Folded names, aliases and abbreviations of one kind of item, mapped to entity ids.

    ``resolve`` adds an item (creating an entity or merging into one); ``lookup`` only reads.
    ``rows()`` / ``from_rows()`` turn the index into the store's aliases table and back.
    """

    def __init__(self, kind: Kind, taken: set[str] | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.kind = kind
        self._taken = taken if taken is not None else set()
        self._entities: dict[str, _Entity] = {}
        # a key -> its entity's id, or the set of ids where several entities share it (few do): a set
        # per key would be most of a store's resolution memory
        self._by_key: dict[str, str | set[str]] = {}
        self._by_prefix: dict[str, set[str]] = {}  # first two words of a key -> keys

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __len__(self) -> int:
        return len(self._entities)

    def ids(self) -> list[str]:
        return sorted(self._entities)

    def name_of(self, entity_id: str) -> str:
        return self._entities[entity_id].name

    def keys_of(self, entity_id: str) -> set[str]:
        return set(self._entities[entity_id].origins)

    def _item_keys(self, name: str, abbreviation: str | None, aliases: Iterable[str]) -> list[tuple[str, str, str]]:
        """(key, surface form, rule) of an item, strongest first."""
        found: list[tuple[str, str, str]] = []
        surfaces = [(name, "name"), *((a, "alias") for a in aliases)]
        if abbreviation:
            surfaces.append((abbreviation, "abbreviation"))
        for surface, rule in surfaces:
            key = fold(surface)
            if key:
                found.append((key, surface, rule))
        if self.kind == "program":
            for key, surface, _ in list(found):
                found.extend((extra, surface, "generic-word") for extra in program_keys(key))
        seen: set[str] = set()
        return [k for k in found if not (k[0] in seen or seen.add(k[0]))]

    def _unique(self, key: str) -> str | None:
        ids = self._by_key.get(key)
        if ids is None or isinstance(ids, str):
            return ids
        return next(iter(ids)) if len(ids) == 1 else None

    def _qualifier_match(self, key: str) -> str | None:
        """The one organisation whose key is this key plus/minus a trailing qualifier."""
        words = key.split()
        if len(words) < 2:
            return None
        hits: set[str] = set()
        for other in self._by_prefix.get(" ".join(words[:2]), ()):
            short, long_ = (key, other) if len(key) < len(other) else (other, key)
            if short == long_ or not long_.startswith(short + " "):
                continue
            tail = long_[len(short) + 1 :]
            if len(short.split()) < 2 or not has_head_noun(short):
                continue
            if tail.split()[0] not in _QUALIFIER_WORDS and not _is_state(tail):
                continue
            ids = self._by_key[other]
            if isinstance(ids, str):
                hits.add(ids)
            else:
                hits |= ids
        if len(hits) != 1:
            return None
        entity_id = next(iter(hits))
        # Two different qualified names under one short name are two bodies: do not chain them.
        for other in self._entities[entity_id].origins:
            if other.split()[:2] == words[:2] and not _prefix_related(other, key):
                return None
        return entity_id

    def _long_names_agree(self, entity_id: str, name_key: str) -> bool:
        entity = self._entities[entity_id]
        long_keys = [k for k, origin in entity.origins.items() if origin in ("name", "alias") and " " in k]
        words = name_key.split()
        return not long_keys or any(k.split()[:2] == words[:2] or _prefix_related(k, name_key) for k in long_keys)

    def lookup(self, text: str) -> str | None:
        """The entity a name, alias or abbreviation stands for, or None; never adds anything."""
        if text in self._entities:
            return text
        for key, _, _ in self._item_keys(text, None, ()):
            hit = self._unique(key)
            if hit:
                return hit
        return self._qualifier_match(fold(text)) if self.kind == "organisation" else None

    def match(self, name: str, abbreviation: str | None = None, aliases: Iterable[str] = ()) -> Resolution | None:
        """The entity an item would merge into, with the alias and rule, or None."""
        return self._match(self._item_keys(name, abbreviation, aliases), name, abbreviation)

    def _match(self, keys: list[tuple[str, str, str]], name: str, abbreviation: str | None) -> Resolution | None:
        """``match`` for the item's keys (``_item_keys``), computed once by the caller."""
        if self.kind == "person":
            keys = keys[:1]
        name_key = fold(name)
        abbreviation_key = fold(abbreviation) if abbreviation else ""
        # "Landesprogramm X (LX)": a long name of its own, beside the abbreviation.
        long_named = bool(abbreviation_key) and abbreviation_key not in name_key.split()
        for key, surface, rule in keys:
            hit = self._unique(key)
            if not hit:
                continue
            # A bare "LFB" meeting the abbreviation learned elsewhere is an abbreviation merge.
            origin = self._entities[hit].origins.get(key)
            if rule in ("name", "alias") and origin in ("abbreviation", "generic-word"):
                rule = origin
            if rule == "abbreviation" and long_named and not self._long_names_agree(hit, name_key):
                continue  # two different long names sharing an abbreviation are two programs
            return Resolution(hit, surface, rule)
        if self.kind == "organisation":
            for key, surface, _ in keys:
                hit = self._qualifier_match(key)
                if hit:
                    return Resolution(hit, surface, "qualifier")
        return None

    def resolve(
        self,
        name: str,
        abbreviation: str | None = None,
        aliases: Iterable[str] = (),
        preferred_id: str | None = None,
    ) -> Resolution:
        """Merge an item into the entity it matches, or create one; learn all of its keys."""
        keys = self._item_keys(name, abbreviation, aliases)
        found = self._match(keys, name, abbreviation)
        if found is None:
            entity_id = self.new_id(preferred_id or slugify(name))
            self._entities[entity_id] = _Entity(entity_id, name)
            found = Resolution(entity_id)
        self._learn(found.id, [(k, rule) for k, _, rule in (keys[:1] if self.kind == "person" else keys)])
        return found

    def new_id(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{wanted}-{n}"
        self._taken.add(candidate)
        return candidate

    def add_entity(self, entity_id: str, name: str, keys: Iterable[tuple[str, str]]) -> None:
        """Put a known entity (e.g. from the store) into the index under its own id, with
        ``(key, origin)`` pairs where origin is 'name', 'alias', 'abbreviation' or 'generic-word'."""
        self._taken.add(entity_id)
        self._entities.setdefault(entity_id, _Entity(entity_id, name))
        self._learn(entity_id, keys)

    def _learn(self, entity_id: str, keys: Iterable[tuple[str, str]]) -> None:
        entity = self._entities[entity_id]
        qualified = self.kind == "organisation"  # only the qualifier rule reads the prefixes
        for key, origin in keys:
            entity.origins.setdefault(key, origin)
            ids = self._by_key.get(key)
            if ids is None:
                self._by_key[key] = entity_id
            elif isinstance(ids, set):
                ids.add(entity_id)
            elif ids != entity_id:
                self._by_key[key] = {ids, entity_id}
            if qualified:
                words = key.split(" ", 2)
                if len(words) >= 2:
                    self._by_prefix.setdefault(" ".join(words[:2]), set()).add(key)

    def rows(self) -> Iterator[tuple[str, str, str, str]]:
        """(entity id, canonical name, folded key, origin of the key) for every key, sorted."""
        for entity_id in sorted(self._entities):
            entity = self._entities[entity_id]
            for key in sorted(entity.origins):
                yield entity_id, entity.name, key, entity.origins[key]

    @classmethod
    def from_rows(cls, kind: Kind, rows: Iterable[tuple[str, ...]], taken: set[str] | None = None) -> IdentityIndex:
        """Rebuild an index from ``(entity id, name, alias[, origin])`` rows: ``rows()`` of another
        index, or the store's aliases table (alias, field)."""
        index = cls(kind, taken)
        for entity_id, name, alias, *rest in rows:
            origin = rest[0] if rest else "name"
            key = fold(alias)
            keys = [(key, origin)]
            if kind == "program":
                keys += [(extra, "generic-word") for extra in program_keys(key)]
            index.add_entity(entity_id, name, [k for k in keys if k[0]])
        return index


def _prefix_related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


class Identity:
    """The three per-kind indexes of one id space (ids are unique across kinds)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.indexes: dict[Kind, IdentityIndex] = {kind: IdentityIndex(kind, self.taken) for kind in KINDS}

    def __getitem__(self, kind: Kind) -> IdentityIndex:
        return self.indexes[kind]

    def lookup(self, text: str, kinds: Iterable[Kind] = KINDS) -> tuple[Kind, str] | None:
        for kind in kinds:
            hit = self.indexes[kind].lookup(text)
            if hit:
                return kind, hit
        return None


def assign_ids(record: Record, identity: Identity) -> dict[str, str]:
    """Resolve a record's programs, organisations and people through ``identity`` and rewrite
    their ``.id`` and every ``Fact.subject`` in place; returns {old id: new id}."""
    mapping: dict[str, str] = {}
    for kind, items in (("program", record.programs), ("organisation", record.organisations)):
        for item in items:
            found = identity[kind].resolve(item.name, item.abbreviation, item.aliases)  # type: ignore[index]
            mapping[item.id] = found.id
    for person in record.people:
        mapping[person.id] = identity["person"].resolve(person.name).id
    rename_ids(record, mapping)
    return mapping


def rename_ids(record: Record, mapping: Mapping[str, str]) -> None:
    """Rewrite item ids and fact subjects of a record by ``mapping`` (e.g. from ``Store.upsert_record``)."""
    for item in [*record.programs, *record.organisations, *record.people]:
        item.id = mapping.get(item.id, item.id)
    for fact in record.facts:
        fact.subject = mapping.get(fact.subject, fact.subject)


# ---- a whole corpus at once: ids as a function of the corpus, not of the order of a run ---------


@dataclass(frozen=True, slots=True)  # slots: a store's resolution holds one per item of the corpus
class CorpusItem:
    """One program, organisation or person of one record, as the store keeps it.

    ``ref`` identifies the item for the caller (e.g. ``(document id, kind, item id)``) and must sort;
    ``facility``/``region``/``implicit`` are the funding-line fields of programs (guidelines §2.1.1).
    """

    ref: tuple
    kind: Kind
    name: str
    abbreviation: str | None = None
    aliases: tuple[str, ...] = ()
    facility: str | None = None
    region: str | None = None
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class Assignment:
    """The entity an item belongs to: its cluster (a stable key, not yet the final id), and the alias
    and rule that merged it (None for the item that founded the cluster)."""

    cluster: str
    merged_by: str | None = None
    merge_rule: str | None = None


def canonical_order(item: CorpusItem) -> tuple:
    """Items are resolved in this order, which depends on the items alone, never on the run."""
    return (KINDS.index(item.kind), item.implicit, fold(item.name), item.name, item.ref)


def resolve_corpus(
    items: Iterable[CorpusItem], successions: Iterable[tuple[tuple, tuple]] = ()
) -> dict[tuple, Assignment]:
    """Resolve every item of a corpus to an entity, the same whatever order the items come in.

    Named programs meet on their names, aliases and abbreviations within one region: "Richtlinie
    Familienförderung" of Sachsen and of Niedersachsen stay two entities; a program of unknown region
    joins the one regional entity its keys match. A funding line (``implicit``) is one entity per
    (facility, region) across documents; so is a program named by nothing but its facility
    ("Bundesprogramm Mehrgenerationenhaus", "Landesprogramm Familienzentren"); both join the named
    program of the same facility and region when that program is the only one of the pair (rule
    ``funding-line``). ``successions`` are (successor ref, predecessor ref) pairs a release states
    ("… löst das Aktionsprogramm X ab"): their entities become one (rule ``succession``).
    Organisations and people meet as in ``IdentityIndex``. Returns {item.ref: Assignment}.
    """
    ordered = sorted(items, key=canonical_order)
    out: dict[tuple, Assignment] = {}
    named = [i for i in ordered if i.kind == "program" and not i.implicit]
    out.update(_resolve_named_programs(named))
    out.update(_resolve_funding_lines([i for i in ordered if i.kind == "program" and i.implicit], named, out))
    made: dict[tuple[str, str, str | None, str | None], Assignment] = {}
    for kind in ("organisation", "person"):
        index = IdentityIndex(kind)
        for item in (i for i in ordered if i.kind == kind):
            found = (
                index.resolve(item.name, item.abbreviation, item.aliases)
                if kind != "person"
                else index.resolve(item.name)
            )
            # one Assignment per entity and merge (most items repeat one): a store's resolution holds one
            # per item otherwise, a fifth of its peak memory
            key = (kind, found.id, found.merged_by, found.merge_rule)
            assignment = made.get(key)
            if assignment is None:
                assignment = made[key] = Assignment(f"{kind}:{found.id}", found.merged_by, found.merge_rule)
            out[item.ref] = assignment
    pairs = sorted(set(successions))
    successors = {successor for successor, _ in pairs}
    names = {i.ref: i.name for i in ordered if i.ref in successors}  # of successors: witnesses of a merge
    return _join_successions(out, pairs, names)


def _join_successions(
    out: dict[tuple, Assignment], pairs: list[tuple[tuple, tuple]], names: Mapping[tuple, str]
) -> dict[tuple, Assignment]:
    """Merge the entities of each (successor, predecessor) pair. The entity of the newest name (a
    successor that is no one's predecessor) keeps its cluster key; the others join it with rule
    ``succession``, ``merged_by`` the name of the program that took their place."""
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    successors: set[str] = set()
    predecessors: set[str] = set()
    witness: dict[str, str] = {}
    for successor, predecessor in pairs:
        if successor not in out or predecessor not in out:
            continue
        a, b = out[successor].cluster, out[predecessor].cluster
        if a == b:
            continue
        successors.add(a)
        predecessors.add(b)
        witness.setdefault(b, names.get(successor, ""))
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    if not parent:
        return out
    components: dict[str, set[str]] = {}
    for cluster in {a.cluster for a in out.values()}:
        components.setdefault(root(cluster), set()).add(cluster)
    target: dict[str, str] = {}
    for members in components.values():
        newest = sorted(c for c in members if c in successors and c not in predecessors) or sorted(members)
        for cluster in members:
            target[cluster] = newest[0]
    joined = {}
    for ref, a in out.items():
        goal = target.get(a.cluster, a.cluster)
        if goal == a.cluster:
            joined[ref] = a
        else:
            joined[ref] = Assignment(goal, witness.get(a.cluster) or a.merged_by, "succession")
    return joined


def _resolve_named_programs(items: list[CorpusItem]) -> dict[tuple, Assignment]:
    out: dict[tuple, Assignment] = {}
    by_region: dict[str, IdentityIndex] = {}
    for item in (i for i in items if i.region):
        index = by_region.setdefault(item.region, IdentityIndex("program"))  # type: ignore[arg-type]
        found = index.resolve(item.name, item.abbreviation, item.aliases)
        out[item.ref] = Assignment(f"program:{item.region}:{found.id}", found.merged_by, found.merge_rule)
    loose = IdentityIndex("program")
    for item in (i for i in items if not i.region):
        hits = {
            (region, found.id, found.merged_by, found.merge_rule)
            for region, index in by_region.items()
            if (found := index.match(item.name, item.abbreviation, item.aliases)) is not None  # type: ignore[misc]
        }
        if len(hits) == 1:
            region, entity, merged_by, rule = next(iter(hits))
            out[item.ref] = Assignment(f"program:{region}:{entity}", merged_by, rule)
        else:
            found = loose.resolve(item.name, item.abbreviation, item.aliases)
            out[item.ref] = Assignment(f"program::{found.id}", found.merged_by, found.merge_rule)
    return out


def _resolve_funding_lines(
    lines: list[CorpusItem], named: list[CorpusItem], resolved: Mapping[tuple, Assignment]
) -> dict[tuple, Assignment]:
    """Lines, and clusters of programs named by their facility alone, become the one named program
    of their (facility, region) where there is exactly one, else one entity of the pair."""
    members: dict[str, list[CorpusItem]] = {}
    for item in named:
        members.setdefault(resolved[item.ref].cluster, []).append(item)
    specific: dict[tuple[str, str], set[str]] = {}
    generic: dict[str, tuple[str, str]] = {}
    for cluster, items in members.items():
        pairs = {(i.facility or "", i.region or "") for i in items if i.facility and i.region}
        if len(pairs) == 1 and all(i.facility and names_only_facility(i.name, i.facility) for i in items):
            generic[cluster] = next(iter(pairs))
            continue
        for pair in pairs:
            specific.setdefault(pair, set()).add(cluster)

    def target(pair: tuple[str, str]) -> str:
        clusters = specific.get(pair, set())
        return next(iter(clusters)) if len(clusters) == 1 else f"line:{pair[0]}|{pair[1]}"

    out: dict[tuple, Assignment] = {}
    for cluster, pair in generic.items():
        for item in members[cluster]:
            out[item.ref] = Assignment(target(pair), f"{pair[0]} ({pair[1]})", "funding-line")
    for item in lines:
        pair = (item.facility or "", item.region or "")
        cluster = target(pair)
        joins = not cluster.startswith("line:")
        merged_by = f"{pair[0]} ({pair[1]})" if joins else None
        out[item.ref] = Assignment(cluster, merged_by, "funding-line" if joins else None)
    return out


# Words of a program's name that say no more than "a program of some level": "Bundesprogramm
# Mehrgenerationenhaus", "Landesförderprogramm für Familienzentren", "Förderung der Familienzentren".
_LINE_WORDS = frozenset(
    {
        "programm",
        "foerderprogramm",
        "bundesprogramm",
        "landesprogramm",
        "aktionsprogramm",
        "sonderprogramm",
        "landesfoerderprogramm",
        "bundesfoerderprogramm",
        "foerderung",
        "landesfoerderung",
        "bundesfoerderung",
        "richtlinie",
        "foerderrichtlinie",
        "initiative",
        "bundesinitiative",
        "landesinitiative",
        "fuer",
        "der",
        "die",
        "von",
        "zur",
        "des",
        "in",
        "im",
    }
)


@lru_cache(maxsize=1)
def _facility_forms() -> dict[str, frozenset[str]]:
    """{folded singular facility: all its folded forms}, from ``resources/de/funding.yaml``."""
    out: dict[str, frozenset[str]] = {}
    for entry in lexicon.load("funding").get("facilities") or []:
        forms = {fold(entry["singular"]), fold(entry.get("plural") or entry["singular"])}
        forms |= {fold(f) for f in entry.get("forms") or []}
        out[fold(entry["singular"])] = frozenset(forms)
    return out


@lru_cache(maxsize=65536)
def names_only_facility(name: str, facility: str) -> bool:
    """True when a program's name says only "a program for this kind of facility" (of some state or
    the federal level): "Aktionsprogramm Mehrgenerationenhäuser", "Landesprogramm Familienzentren",
    "Förderung der Familienzentren in Hessen"; False for a name of its own ("Bundesprogramm
    Mehrgenerationenhaus Miteinander – Füreinander") and for the bare facility noun."""
    forms = _facility_forms().get(fold(facility))
    if not forms:
        return False
    all_words = fold(name).split()
    words = [w for w in all_words if w not in _LINE_WORDS]
    rest = " ".join(words)
    for form, _ in (*_state_forms(), ("bund", "Bund")):  # longest first: "sachsen anhalt" before "sachsen"
        if rest.startswith(form + " "):
            rest = rest[len(form) + 1 :]
        if rest.endswith(" " + form):
            rest = rest[: -len(form) - 1]
    return len(words) < len(all_words) and rest in forms


def final_ids(assignments: Mapping[tuple, Assignment], names: Mapping[str, str]) -> dict[str, str]:
    """{cluster: entity id}: the slug of each cluster's canonical name (``names``), numbered in the
    order of the clusters' sorted keys where two slugs collide; a function of the corpus alone."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for cluster in sorted({a.cluster for a in assignments.values()}):
        wanted = slugify(names[cluster])
        region = _cluster_region(cluster)
        if wanted in used and region:  # "Richtlinie Familienförderung" of two states
            wanted = f"{wanted}-{slugify(region)}"
        candidate, n = wanted, 1
        while candidate in used:
            n += 1
            candidate = f"{wanted}-{n}"
        out[cluster] = candidate
        used.add(candidate)
    return out


def _cluster_region(cluster: str) -> str | None:
    """The region a cluster key carries: "program:Sachsen:…" and "line:Familienzentrum|Hessen"."""
    if cluster.startswith("program:"):
        return cluster.split(":", 2)[1] or None
    if cluster.startswith("line:"):
        return cluster.partition("|")[2] or None
    return None
