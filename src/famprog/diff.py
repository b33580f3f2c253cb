"""Records over time → changes: what a later extraction, or a later release, says differently.

``diff(old, new)`` compares two sources, each a folder of JSON records written by
``famprog extract`` or a fact store (``.sqlite``); ``diff(store, since=DATE)`` compares what one
store knew from facts dated before DATE with what it knows now.

The *state* of a subject's slot (predicate plus unit, or currency and period) is the set of
values stated at its latest ``as_of`` (undated facts count only where a slot has no dated one).
A slot is ``added`` or ``removed`` when only one side has it, ``changed`` when both have it with
different values. Beside the latest state, a date both sides have facts for (or both sides' undated
facts) whose values differ is a revision: ``changed`` with that ``as_of`` (a release extracted again,
or corrected, that changes an earlier figure). Subjects are matched by identity:
same id, else one of the new side's aliases resolving to the old side's entity. When the
latest date of a slot carries different values from different documents, the change is
flagged ``conflict`` and every value is shown; nothing is resolved silently. Undated facts never
conflict (nothing says they speak of the same time), and ``since`` leaves them out of both sides
(``Diff.undated_left_out`` says how many), since they cannot be placed before or after the date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from famprog.errors import FamprogError, InputError
from famprog.identity import fold
from famprog.meta_manifest import valid_iso_date
from famprog.record_files import RECORD_SUFFIXES, read_jsonl, read_record, without_yaml_twins
from famprog.store import Store, StoredFact
from famprog.timeline import dated_on_or_after, fact_slot, format_value

ChangeKind = Literal["added", "removed", "changed"]
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DiffSourceError(FamprogError):
    """A diff side is neither a folder of JSON records nor a fact store, or cannot be read."""


@dataclass(frozen=True)
class FactValue:
    value: int | float | str
    as_of: str | None
    document: str
    evidence: str | None
    approximate: bool = False


@dataclass
class Change:
    change: ChangeKind
    predicate: str
    unit: str | None
    currency: str | None
    period: str | None
    old: list[FactValue] = field(default_factory=list)
    new: list[FactValue] = field(default_factory=list)
    conflict: bool = False
    per: str | None = None
    as_of: str | None = None  # a revision: the earlier date (or "" for undated facts) whose values differ

    def _values(self, values: list[FactValue]) -> str:
        shown = [
            format_value(self.predicate, v.value, self.unit, self.currency, self.period, v.approximate, self.per)
            for v in values
        ]
        text = " | ".join(dict.fromkeys(shown)) or "∅"
        return text

    def summary(self) -> str:
        """ "center_count 16 Familienzentren → 35 Familienzentren", "funding 600.000 € / Jahr → 2,6 Mio. € / Jahr"."""
        if self.change == "added":
            text = f"{self.predicate} {self._values(self.new)}"
        elif self.change == "removed":
            text = f"{self.predicate} {self._values(self.old)}"
        else:
            text = f"{self.predicate} {self._values(self.old)} → {self._values(self.new)}"
        if self.as_of is not None:
            text += f" (as of {self.as_of})" if self.as_of else " (undated)"
        return text + (" (conflict)" if self.conflict else "")


@dataclass
class SubjectDiff:
    id: str
    kind: str
    name: str
    status: ChangeKind
    changes: list[Change] = field(default_factory=list)


@dataclass
class Conflict:
    """Different values for one slot at its latest date, from different documents (new side)."""

    subject: str
    predicate: str
    values: list[FactValue]


@dataclass
class Diff:
    old: str
    new: str
    since: str | None
    subjects: list[SubjectDiff] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    undated_left_out: int = 0  # with ``since``: facts without a date, on neither side

    @property
    def changed(self) -> bool:
        """True when a slot or a program was added, removed or changed (conflicts alone do not count)."""
        return bool(self.subjects)

    def to_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "since": self.since,
            "changed": self.changed,
            "subjects": [asdict(s) for s in self.subjects],
            "conflicts": [asdict(c) for c in self.conflicts],
            "undated_left_out": self.undated_left_out,
        }


def open_source(path: str | Path) -> Store:
    """A store for one diff side: the fact store itself, or a scratch store of records: a folder of
    them (``*.json``, ``*.yaml`` and ``records.jsonl``, as ``famprog extract`` writes them), a
    ``records.jsonl`` or a single record file."""
    path = Path(path)
    if path.is_dir():
        return _scratch_store(path, _folder_records(path))
    if path.is_file():
        if path.suffix.lower() in RECORD_SUFFIXES:
            return _scratch_store(path, _file_records(path, path.name))
        with path.open("rb") as handle:
            header = handle.read(16)
        if header.startswith(b"SQLite format 3"):
            return Store.open(path, readonly=True)
        raise DiffSourceError(
            f"{path}: neither records of famprog (a folder, records.jsonl, .json, .yaml) nor its fact store"
        )
    raise DiffSourceError(f"{path}: no such file or folder")


def _scratch_store(path: Path, records: Iterable[tuple[str, str, Any]]) -> Store:
    """An in-memory store of ``records`` ((where, document path if the record gives none, record)),
    resolved once over all of them; ``DiffSourceError`` when there is none or one is no record."""
    store = Store.open(":memory:")
    try:
        found = False
        for where, fallback, data in records:
            _add_record(store, where, fallback, data)
            found = True
        if not found:
            raise DiffSourceError(f"{path}: no records here (*.json, *.yaml or records.jsonl)")
    except DiffSourceError:
        store.close()
        raise
    store.resolve()  # once for the whole side: identity over all its records
    return store


def _folder_records(path: Path) -> Iterator[tuple[str, str, Any]]:
    """(where, document path if the record gives none, record) of every record in a folder written by
    ``famprog extract``: its ``*.json`` files (``--format json``/``both``), its ``*.yaml`` files that
    have no JSON twin (``--format yaml``) and the lines of its ``records.jsonl`` (``--format jsonl``)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES)
    for file in without_yaml_twins(files):
        if file.suffix.lower() != ".jsonl" or file == path / "records.jsonl":
            yield from _file_records(file, file.relative_to(path).as_posix())


def _file_records(file: Path, shown: str) -> Iterator[tuple[str, str, Any]]:
    """The records of one file: a record file, or each line of a ``records.jsonl``
    (``DiffSourceError`` naming the file, or FILE:LINE, that is no record)."""
    try:
        if file.suffix.lower() != ".jsonl":
            yield str(file), shown, read_record(file)
            return
        problems: list[str] = []
        records = read_jsonl(file, problems)
    except InputError as exc:
        raise DiffSourceError(str(exc)) from exc
    if problems:
        raise DiffSourceError(problems[0])
    for n, record in enumerate(records, 1):
        yield f"{file}:{n}", f"{shown}:{n}", record


def _add_record(store: Store, where: str, fallback: str, data: Any) -> None:
    """Put one record of a folder into the folder's scratch store (``DiffSourceError`` if it is none)."""
    if not isinstance(data, dict) or "document" not in data:
        raise DiffSourceError(f"{where}: not a famprog record (no 'document')")
    try:
        document = data.get("document") or {}
        doc_path = (document.get("path") if isinstance(document, dict) else None) or fallback
        store.upsert_record(data, path=str(doc_path), resolve=False)
    except (FamprogError, TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
        raise DiffSourceError(f"{where}: not a famprog record ({type(exc).__name__}: {exc})") from exc


def is_date(text: str) -> bool:
    """An ISO date of a year, month or day that exists: "2021", "2021-06", "2021-06-30" (not "2022-13-45")."""
    return bool(_DATE.match(text)) and valid_iso_date(text)


def diff(old: str | Path | Store, new: str | Path | Store | None = None, since: str | None = None) -> Diff:
    """Compare two sources, or one source before ``since`` (ISO date) with all of it."""
    if new is None and since is None:
        raise DiffSourceError("diff needs a second source or a --since date")
    if new is not None and since is not None:
        raise DiffSourceError("give either a second source or a --since date, not both")
    if since is not None and not is_date(since):
        raise DiffSourceError(f"--since {since!r}: expected an ISO date like 2021 or 2021-06-30")
    opened: list[Store] = []
    try:
        old_store = old if isinstance(old, Store) else _track(open_source(old), opened)
        old_label = old_store.path if isinstance(old, Store) else str(old)
        if since is not None:
            return _compare(old_store, old_store, old_label, f"{old_label} (all facts)", since)
        assert new is not None
        new_store = new if isinstance(new, Store) else _track(open_source(new), opened)
        new_label = new_store.path if isinstance(new, Store) else str(new)
        return _compare(old_store, new_store, old_label, new_label, None)
    finally:
        for store in opened:
            store.close()


def _track(store: Store, opened: list[Store]) -> Store:
    opened.append(store)
    return store


def _entity_map(old: Store, new: Store) -> dict[str, str]:
    """{new entity id: old entity id} for entities both sides know: the same id and kind, or a name or
    alias of the new one that names one old entity of its kind, in the same region where both have one
    (programs meet only within their region: a federal "Aktionsprogramm X" is not a state's "X")."""
    if old is new:
        return {e.id: e.id for e in new.entities()}
    old_entities = {e.id: e for e in old.entities()}
    identity = old.identity()
    mapping = {}
    for entity in new.entities():
        known = old_entities.get(entity.id)
        if known is not None and known.kind == entity.kind:
            mapping[entity.id] = entity.id
            continue
        for alias in [entity.name, *new.aliases(entity.id)]:
            hit = identity[entity.kind].lookup(alias)  # type: ignore[index]
            if hit and _same_region(old_entities.get(hit), entity):
                mapping[entity.id] = hit
                break
    return mapping


def _same_region(old: Any, new: Any) -> bool:
    """Whether two entities may be one across the sides: their regions agree, or one has none."""
    old_region, new_region = getattr(old, "region", None), getattr(new, "region", None)
    return not (old_region and new_region and old_region != new_region)


def _value_key(fact: StoredFact, translate: Callable[[str], str]) -> str:
    if fact.object_id:
        return f"entity:{translate(fact.object_id)}"
    if isinstance(fact.value, str):
        return f"text:{fold(fact.value)}"
    return f"num:{float(fact.value)!r}"


@dataclass
class _State:
    values: dict[str, FactValue]  # value key -> one witness
    conflict: bool


def _states(
    facts: list[StoredFact], subject: Callable[[str], str], translate: Callable[[str], str]
) -> dict[tuple[str, tuple[str, str, str, str]], _State]:
    latest: dict[tuple[str, tuple[str, str, str, str]], list[StoredFact]] = defaultdict(list)
    for fact in facts:
        latest[(subject(fact.subject_id), fact_slot(fact))].append(fact)
    out = {}
    for key, group in latest.items():
        newest = max(f.as_of or "" for f in group)
        group = sorted((f for f in group if (f.as_of or "") == newest), key=lambda f: (f.document_path, f.id))
        values: dict[str, FactValue] = {}
        documents: dict[str, set[str]] = defaultdict(set)
        for f in group:
            vk = _value_key(f, translate)
            documents[vk].add(f.document_id)
            values.setdefault(vk, FactValue(f.value, f.as_of, f.document_path, f.evidence, f.approximate))
        conflict = bool(newest) and len(values) > 1 and len(set().union(*documents.values())) > 1
        out[key] = _State(dict(sorted(values.items())), conflict)
    return out


def _values_by_date(
    facts: list[StoredFact], subject: Callable[[str], str], translate: Callable[[str], str]
) -> dict[tuple[str, tuple[str, str, str, str], str], dict[str, FactValue]]:
    """{(subject, slot, as_of or ""): {value key: one witness}} over all of a side's facts."""
    out: dict[tuple[str, tuple[str, str, str, str], str], dict[str, FactValue]] = defaultdict(dict)
    for f in sorted(facts, key=lambda f: (f.document_path, f.id)):
        values = out[(subject(f.subject_id), fact_slot(f), f.as_of or "")]
        witness = FactValue(f.value, f.as_of, f.document_path, f.evidence, f.approximate)
        values.setdefault(_value_key(f, translate), witness)
    return out


def _revisions(
    old_facts: list[StoredFact],
    new_facts: list[StoredFact],
    to_old: Callable[[str], str],
    old_states: dict[tuple[str, tuple[str, str, str, str]], _State],
    new_states: dict[tuple[str, tuple[str, str, str, str]], _State],
) -> list[tuple[str, Change]]:
    """(subject, Change) for each date of a slot that both sides have facts for, with other values,
    other than the slot's latest state that both sides share (compared as the slot's state)."""
    old_dated = _values_by_date(old_facts, lambda i: i, lambda i: i)
    new_dated = _values_by_date(new_facts, to_old, to_old)
    out = []
    for key in sorted(old_dated.keys() & new_dated.keys()):
        subject, slot, as_of = key
        before, after = old_dated[key], new_dated[key]
        if sorted(before) == sorted(after):
            continue
        old_state, new_state = old_states.get((subject, slot)), new_states.get((subject, slot))
        latest_of = [next(iter(s.values.values())).as_of or "" for s in (old_state, new_state) if s and s.values]
        if latest_of and all(date == as_of for date in latest_of):
            continue  # the slot's latest state: already compared
        predicate, unit, currency, slot_period = slot
        period, _, per = slot_period.partition("|per ")
        out.append((subject, Change(
            change="changed", predicate=predicate, unit=unit or None, currency=currency or None,
            period=period or None, old=[before[k] for k in sorted(before)], new=[after[k] for k in sorted(after)],
            per=per or None, as_of=as_of,
        )))
    return out


def _present(store: Store, before: str | None) -> set[str]:
    """Program ids named in the store (with ``before``: in documents dated before it, or undated)."""
    sql = "SELECT DISTINCT i.entity_id FROM items i JOIN documents d ON d.id = i.document_id WHERE i.kind = 'program'"
    args: tuple[str, ...] = ()
    if before is not None:
        sql, args = sql + " AND (d.published IS NULL OR d.published < ?)", (before,)
    return {r[0] for r in store.connection.execute(sql, args) if r[0]}


def _compare(old: Store, new: Store, old_label: str, new_label: str, since: str | None) -> Diff:
    mapping = _entity_map(old, new)

    def to_old(entity_id: str) -> str:
        return mapping.get(entity_id, f"new:{entity_id}")

    old_facts, new_facts = old.facts(), new.facts()
    left_out = 0
    if since is not None:
        left_out = sum(1 for f in new_facts if not f.as_of)
        new_facts = [f for f in new_facts if f.as_of]
        old_facts = [f for f in old_facts if f.as_of and not dated_on_or_after(f.as_of, since)]
    old_states = _states(old_facts, lambda i: i, lambda i: i)
    new_states = _states(new_facts, to_old, to_old)

    changes: dict[str, list[Change]] = defaultdict(list)
    conflicts: list[Conflict] = []
    for key in sorted(set(old_states) | set(new_states)):
        subject, (predicate, unit, currency, slot_period) = key
        period, _, per = slot_period.partition("|per ")
        before, after = old_states.get(key), new_states.get(key)
        if after and after.conflict:
            conflicts.append(Conflict(subject.removeprefix("new:"), predicate, list(after.values.values())))
        if before and after and list(before.values) == list(after.values):
            continue
        kind: ChangeKind = "added" if before is None else "removed" if after is None else "changed"
        changes[subject].append(
            Change(
                change=kind,
                predicate=predicate,
                unit=unit or None,
                currency=currency or None,
                period=period or None,
                old=list(before.values.values()) if before else [],
                new=list(after.values.values()) if after else [],
                conflict=bool((before and before.conflict) or (after and after.conflict)),
                per=per or None,
            )
        )

    for key, change in _revisions(old_facts, new_facts, to_old, old_states, new_states):
        changes[key].append(change)

    old_programs = _present(old, since)
    new_programs = {to_old(i) for i in _present(new, None)}
    names = {e.id: (e.kind, e.name) for e in old.entities()}
    for entity in new.entities():
        names.setdefault(to_old(entity.id), (entity.kind, entity.name))

    subjects = []
    for subject in sorted(set(changes) | (old_programs ^ new_programs)):
        kind_name = names.get(subject, ("program", subject))
        if subject in new_programs and subject not in old_programs:
            status: ChangeKind = "added"
        elif subject in old_programs and subject not in new_programs:
            status = "removed"
        else:
            status = "changed"
        shown_id = subject.removeprefix("new:")
        subjects.append(SubjectDiff(shown_id, kind_name[0], kind_name[1], status, changes.get(subject, [])))
    subjects.sort(key=lambda s: (s.kind != "program", fold(s.name), s.id))
    return Diff(old_label, new_label, since, subjects, conflicts, left_out)
