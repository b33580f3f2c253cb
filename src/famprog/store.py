"""The fact store: every extracted record of a corpus in one SQLite file, with store-wide ids.

Default location ``data/out/famprog.sqlite``. One writer (``famprog extract`` in its main
process); readers (``programs``, ``timeline``, ``diff``) open it read-only.

A document is keyed by its path. ``Store.upsert_record`` replaces all rows of that document
in one transaction and then re-resolves identity over the whole store, so the store is a
function of the documents in it: extracting the same corpus twice leaves every table with the
same rows, and a document whose text changed loses its old facts and gains its new ones.
Entity ids are kept once given (an entity keeps the id most of its items already carried);
an entity left without items is deleted. No column holds wall-clock time.

Schema (``PRAGMA user_version = 2``; ``PRAGMA foreign_keys = ON``; rollback journal, no WAL)::

    documents  id TEXT PK (the path), path, sha256, published (ISO date or NULL), title,
               publisher, famprog_version
    entities   id TEXT PK (slug, e.g. "thueringer-familienzentren"), kind
               ('program' | 'organisation' | 'person'), name (canonical: the name most documents
               use, ties to the longer), abbreviation, region (a state: from region facts, else
               from a leading state adjective of the name, "Thüringer …" → Thüringen)
    items      one program/organisation/person item of one record:
               PK (document_id, kind, item) where item is its id inside the record; position,
               entity_id, name, abbreviation, aliases (JSON list), titles (JSON list), role, party,
               merged_by (the alias of this item that matched the entity; NULL when the item
               founded it), merge_rule ('name' | 'alias' | 'abbreviation' | 'generic-word' |
               'qualifier'; NULL when it founded it)
    aliases    one row per surface form of an item (its name, each alias, its abbreviation):
               entity_id, alias, folded (the matching key), field ('name' | 'alias' |
               'abbreviation'), document_id, kind, item, merged_by, merge_rule
    mentions   entity_id, document_id, kind, item, start, end, text (offsets into the
               decoded document text)
    facts      id TEXT PK ("<document id>#<n>", n = position in the record's facts),
               document_id, subject_id (entity), subject_kind, subject_item, predicate
               ('funding' | 'center_count' | 'start' | 'end' | 'operated_by' | 'funded_by' |
               'region'), value_num (funding, center_count), value_text (dates, names, states),
               object_id (the organisation entity of operated_by/funded_by, if known), unit,
               currency, period, approximate (0/1), as_of (ISO date), evidence_text,
               evidence_start, evidence_end, rule

Deleting a document cascades to its items, aliases, mentions and facts.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from famprog.errors import FamprogError
from famprog.identity import (
    KINDS,
    Assignment,
    CorpusItem,
    Identity,
    IdentityIndex,
    Kind,
    _cluster_region,
    final_ids,
    fold,
    program_keys,
    region_from_name,
    resolve_corpus,
)
from famprog.model import Record

DEFAULT_DB = Path("data/out/famprog.sqlite")
SCHEMA_VERSION = 2

# The CHECKs list their values as comparisons joined by OR, not as IN lists: SQLite evaluates an IN list
# of three or more values through a temporary table it builds again for each row written (a third of
# the cost of storing a record's items and aliases). They accept and refuse the same values.
SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    published TEXT,
    published_from TEXT,
    title TEXT,
    publisher TEXT,
    url TEXT,
    source TEXT,
    region TEXT,
    famprog_version TEXT NOT NULL DEFAULT ''
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind = 'program' OR kind = 'organisation' OR kind = 'person'),
    name TEXT NOT NULL,
    abbreviation TEXT,
    region TEXT,
    facility TEXT,
    implicit INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE items (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind = 'program' OR kind = 'organisation' OR kind = 'person'),
    item TEXT NOT NULL,
    position INTEGER NOT NULL,
    entity_id TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
    name TEXT NOT NULL,
    abbreviation TEXT,
    aliases TEXT NOT NULL DEFAULT '[]',
    titles TEXT NOT NULL DEFAULT '[]',
    role TEXT,
    party TEXT,
    facility TEXT,
    region TEXT,
    implicit INTEGER NOT NULL DEFAULT 0,
    merged_by TEXT,
    merge_rule TEXT,
    PRIMARY KEY (document_id, kind, item)
);
CREATE TABLE aliases (
    entity_id TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
    alias TEXT NOT NULL,
    folded TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field = 'name' OR field = 'alias' OR field = 'abbreviation'),
    document_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    merged_by TEXT,
    merge_rule TEXT,
    FOREIGN KEY (document_id, kind, item) REFERENCES items(document_id, kind, item) ON DELETE CASCADE
);
CREATE TABLE mentions (
    entity_id TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
    document_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    FOREIGN KEY (document_id, kind, item) REFERENCES items(document_id, kind, item) ON DELETE CASCADE
);
CREATE TABLE facts (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    subject_id TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
    subject_kind TEXT NOT NULL,
    subject_item TEXT NOT NULL,
    predicate TEXT NOT NULL,
    value_num NUMERIC,
    value_text TEXT,
    object_id TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
    unit TEXT,
    currency TEXT,
    period TEXT,
    per TEXT,
    approximate INTEGER NOT NULL DEFAULT 0,
    as_of TEXT,
    evidence_text TEXT,
    evidence_start INTEGER,
    evidence_end INTEGER,
    rule TEXT NOT NULL DEFAULT '',
    confidence REAL,
    FOREIGN KEY (document_id, subject_kind, subject_item)
        REFERENCES items(document_id, kind, item) ON DELETE CASCADE
);
CREATE TABLE successions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    successor_item TEXT NOT NULL,
    predecessor_item TEXT NOT NULL,
    evidence_text TEXT,
    evidence_start INTEGER,
    evidence_end INTEGER,
    PRIMARY KEY (document_id, successor_item, predecessor_item)
);
CREATE INDEX items_entity ON items(entity_id);
CREATE INDEX aliases_entity ON aliases(entity_id);
CREATE INDEX aliases_item ON aliases(document_id, kind, item);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_item ON mentions(document_id, kind, item);
CREATE INDEX facts_subject ON facts(subject_id, predicate);
CREATE INDEX facts_item ON facts(document_id, subject_kind, subject_item);
CREATE INDEX facts_object ON facts(object_id);
"""

# The indexes of the columns that reference entities(id), as in SCHEMA. Every such column needs
# one: SQLite checks a foreign key on each insert into and delete from entities by looking the key
# up in every referencing table, and without an index that is a scan of the whole table per entity.
# A batch into an empty store writes its rows without them and resolution builds them once, sorted
# (``Store.batch``): cheaper than an entry per row, moved again when resolution fills the column.
ENTITY_INDEXES = {
    "items_entity": "items(entity_id)",
    "aliases_entity": "aliases(entity_id)",
    "mentions_entity": "mentions(entity_id)",
    "facts_subject": "facts(subject_id, predicate)",
    "facts_object": "facts(object_id)",
}

# Indexes a store of this schema version may lack (made by an earlier famprog of the same version, or
# left by a run killed before its resolution); created when the store is opened for writing.
LATER_INDEXES = tuple(f"CREATE INDEX IF NOT EXISTS {name} ON {on}" for name, on in ENTITY_INDEXES.items())

TABLES = ("documents", "entities", "items", "aliases", "mentions", "facts", "successions")


def _schema_columns() -> dict[str, tuple[str, ...]]:
    """Each table's columns, read from the schema itself (built once in memory)."""
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.executescript(SCHEMA)
        return {t: tuple(r[1] for r in scratch.execute(f"PRAGMA table_info({t})")) for t in TABLES}
    finally:
        scratch.close()


_COLUMNS = _schema_columns()
_KIND_OF_LIST = {"programs": "program", "organisations": "organisation", "people": "person"}


class StoreError(FamprogError):
    """The fact store cannot be opened, read or written."""


class StoreValueError(StoreError):
    """One record cannot be stored (a value the store cannot hold); the store itself is fine."""


# A writer's settings that change no durability (rollback journal, synced at each commit, as is):
# - the savepoint of each record keeps its undo pages in memory instead of a temporary file (a few
#   dozen pages per record; on disk they were 70 write calls per record);
# - a page cache of 8 MiB instead of 2 MiB, so that a batch of records rarely spills pages (a spill
#   syncs the journal once more). For 2,000 releases 16 MiB saved 4 of 54 journal syncs and half
#   the page reads (34,000, from the operating system's cache) but grew a run's peak memory by 8 MiB
#   more (the cache fills as the store grows, up to its bound); 4 MiB made 74 syncs.
WRITER_PRAGMAS = ("PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -8192")

BUSY_TIMEOUT = 60.0  # seconds a writer waits for another one (identity resolution of a large store)
_INT64 = 2**63

# sqlite3 binds None only after looking for an adapter for it (a dictionary look-up, then ``__adapt__``
# and ``__conform__`` attribute look-ups that fail): 3,200 instructions per NULL, and a record's rows
# hold about 120 of them. An adapter for None that gives None back (bound as NULL, as before) is found
# by the first look-up: 1,200 instructions. The same for every connection of the process.
sqlite3.register_adapter(type(None), {}.get)


def store_reason(exc: BaseException, doing: str = "") -> str:
    """An SQLite error in words a user can act on; ``doing`` ("cannot open the fact store") heads a
    reason that does not already say it cannot open the store."""
    text = str(exc)
    if "unable to open" in text:
        return f"{doing or 'cannot open it'} ({text}; is its folder writable?)"
    reason = _reason_of(text)
    return f"{doing}: {reason}" if doing else reason


def _reason_of(text: str) -> str:
    if "locked" in text or "busy" in text:
        return f"the fact store is locked by another program (waited {BUSY_TIMEOUT:.0f} s); try again when it is done"
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return f"the file is damaged or not a database ({text})"
    if "readonly" in text or "read-only" in text:
        return f"the fact store or its folder is read-only ({text})"
    return text


def _connect(name: str, memory: bool, readonly: bool) -> sqlite3.Connection:
    if memory:
        connection = sqlite3.connect(name, timeout=BUSY_TIMEOUT)
    elif readonly:
        # read-write where possible, so that SQLite can roll back a hot journal an interrupted writer
        # left; query_only keeps the reader from changing anything else
        uri = Path(name).resolve().as_uri()
        writable = os.access(name, os.W_OK) and os.access(Path(name).resolve().parent, os.W_OK)
        connection = sqlite3.connect(f"{uri}?mode={'rw' if writable else 'ro'}", uri=True, timeout=BUSY_TIMEOUT)
    else:
        connection = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=rwc", uri=True, timeout=BUSY_TIMEOUT)
    connection.isolation_level = None  # we open transactions ourselves
    connection.execute("PRAGMA foreign_keys = ON")
    if readonly and not memory:
        connection.execute("PRAGMA query_only = ON")
    return connection


def _schema_problem(db: sqlite3.Connection, objects: list[tuple[str, str]], version: int) -> str | None:
    """Why the database is not a famprog store of this schema, or None."""
    if not objects and version == 0:
        return "an empty database"
    tables = {name for kind, name in objects if kind == "table"}
    if 0 < version < SCHEMA_VERSION and set(TABLES[:6]) <= tables:
        return (
            f"it was written by an older famprog (schema version {version});"
            " delete it or choose another --db, then run 'famprog extract' again"
        )
    if version > SCHEMA_VERSION and set(TABLES[:6]) <= tables:
        return f"it was written by a newer famprog (schema version {version}); use that famprog or choose another --db"
    if version != SCHEMA_VERSION:
        return "the database of another application"
    missing = [t for t in TABLES if t not in tables]
    if missing:
        return f"no table {missing[0]}"
    for table, columns in _COLUMNS.items():
        have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        lacking = [c for c in columns if c not in have]
        if lacking:
            return f"table {table} lacks column {lacking[0]}"
    return None


@dataclass(frozen=True)
class StoredFact:
    """One row of ``facts`` with its document, as the knowledge commands read it."""

    id: str
    subject_id: str
    subject_kind: str
    predicate: str
    value: int | float | str
    object_id: str | None
    unit: str | None
    currency: str | None
    period: str | None
    approximate: bool
    as_of: str | None
    document_id: str
    document_path: str
    published: str | None
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    rule: str
    per: str | None = None
    confidence: float | None = None
    url: str | None = None


@dataclass(frozen=True)
class StoredEntity:
    id: str
    kind: str
    name: str
    abbreviation: str | None
    region: str | None
    facility: str | None = None
    implicit: bool = False


@dataclass(slots=True)
class _Item:
    kind: Kind
    item: str
    position: int
    name: str
    abbreviation: str | None
    aliases: list[str]
    titles: list[str]
    role: str | None
    party: str | None
    mentions: list[tuple[int, int, str]]
    facility: str | None = None
    region: str | None = None
    implicit: bool = False


class Store:
    """An open fact store. Use ``Store.open(path)``; close it (or use ``with``) when done."""

    def __init__(self, connection: sqlite3.Connection, path: str, readonly: bool = False) -> None:
        self.connection = connection
        self.path = path
        self.readonly = readonly
        self._batching = False

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, create: bool = True, readonly: bool = False) -> Store:
        """Open (and with ``create``, make) the store at ``path``; ``":memory:"`` for a scratch store.

        Nothing is changed in a file before it is known to be a famprog store (or an empty one):
        a database of another application is refused as it is. Creation is race-free (several
        processes may create the same store at once). Readers refuse a store that an interrupted
        run left unresolved. Every refusal is a ``StoreError`` of one line."""
        name = str(path)
        memory = name == ":memory:"
        if not memory and not os.path.lexists(name):
            if not create or readonly:
                raise StoreError(f"{name}: no fact store here (run 'famprog extract' first, or pass --db)")
            try:
                Path(name).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{name}: cannot create the fact store: {exc.strerror or exc}") from exc
        if not memory and os.path.isdir(name):
            raise StoreError(f"{name}: a folder, not a fact store")
        try:
            connection = _connect(name, memory, readonly)
        except sqlite3.Error as exc:
            raise StoreError(f"{name}: {store_reason(exc, 'cannot open the fact store')}") from exc
        store = cls(connection, name, readonly)
        try:
            store._check_or_create(create and not readonly)
            if readonly:
                store._check_finished()
            elif not memory:
                connection.execute("PRAGMA journal_mode = DELETE")  # ours: only now may it change
                for pragma in WRITER_PRAGMAS:
                    connection.execute(pragma)
        except BaseException:
            connection.close()
            raise
        return store

    def _check_or_create(self, create: bool) -> None:
        """Check the schema; create it in an empty database. Checking and creating happen in one
        write transaction, so two processes creating the same store cannot both create it."""
        db = self.connection
        try:
            if create:
                db.execute("BEGIN IMMEDIATE")
            try:
                objects = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if create and not objects and version == 0:
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    objects = db.execute("SELECT type, name FROM sqlite_master").fetchall()
                    version = SCHEMA_VERSION
                problem = _schema_problem(db, objects, version)
                if create and problem is None:
                    for statement in LATER_INDEXES:
                        db.execute(statement)
            finally:
                if create:
                    db.execute("COMMIT" if db.in_transaction else "SELECT 1")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {store_reason(exc)}") from exc
        if problem and problem.startswith("it was written"):
            raise StoreError(f"{self.path}: cannot use this fact store: {problem}")
        if problem:
            raise StoreError(f"{self.path}: not a famprog fact store ({problem})")

    def _check_finished(self) -> None:
        try:
            row = self.connection.execute("SELECT 1 FROM items WHERE entity_id IS NULL LIMIT 1").fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {store_reason(exc)}") from exc
        if row:
            raise StoreError(
                f"{self.path}: an interrupted 'famprog extract' left this fact store unfinished;"
                " run the same 'famprog extract' again to complete it"
            )

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; inside a batch (``batch()``) a savepoint of the batch's transaction,
        so that one record that cannot be stored costs that record only."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        nested = self._batching and self.connection.in_transaction
        try:
            self.connection.execute("SAVEPOINT record" if nested else "BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {store_reason(exc)}") from exc
        try:
            if not nested:
                self.connection.execute("PRAGMA defer_foreign_keys = ON")
            yield self.connection
            self.connection.execute("RELEASE record" if nested else "COMMIT")
        except BaseException as exc:
            if self.connection.in_transaction:
                try:
                    self.connection.execute("ROLLBACK TO record" if nested else "ROLLBACK")
                    if nested:
                        self.connection.execute("RELEASE record")
                except sqlite3.Error:
                    pass  # SQLite rolled back itself (I/O error, full disk); the journal covers the rest
            if isinstance(
                exc,
                OverflowError
                | UnicodeError
                | sqlite3.InterfaceError
                | sqlite3.IntegrityError
                | sqlite3.ProgrammingError,
            ):
                raise StoreValueError(f"a value of the record cannot be stored ({exc})") from exc
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: {store_reason(exc)}") from exc
            raise

    @contextmanager
    def batch(self) -> Iterator[Store]:
        """Write many records in one transaction (``commit()`` ends it and starts the next one).

        Crash-safe as single writes are: SQLite's rollback journal undoes an unfinished batch, so a
        run killed at any moment leaves the store as it was at the last commit. An exception rolls the
        open batch back."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        self._begin_batch()
        try:
            if self.connection.execute("SELECT 1 FROM items LIMIT 1").fetchone() is None:
                _drop_indexes(self.connection, tuple(ENTITY_INDEXES))  # built by resolve() (see ENTITY_INDEXES)
            yield self
        except BaseException:
            self._batching = False
            if self.connection.in_transaction:
                try:
                    self.connection.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        self._end_batch()

    def _begin_batch(self) -> None:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute("PRAGMA defer_foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {store_reason(exc)}") from exc
        self._batching = True

    def _end_batch(self) -> None:
        self._batching = False
        try:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {store_reason(exc)}") from exc

    def commit(self) -> None:
        """Inside ``batch()``: make what was written so far durable and go on in a new transaction."""
        if self._batching:
            self._end_batch()
            self._begin_batch()

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """Many reads in one read transaction: one shared lock (and one check of the journal) for all
        of them, instead of one per query; they all see the store as it was at the first read. Not
        inside a write transaction or batch."""
        self.connection.execute("BEGIN DEFERRED")
        try:
            yield self
        finally:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")  # a read transaction: nothing to write

    # -- writing --------------------------------------------------------------------------

    def upsert_record(
        self,
        record: Record | Mapping[str, Any],
        path: str | None = None,
        sha256: str | None = None,
        *,
        resolve: bool = True,
        successions: Iterable[Any] = (),
    ) -> dict[str, str]:
        """Replace the rows of the record's document with the record's; return {item id in the
        record: store-wide entity id} for its programs, organisations and people.

        ``path`` is the document's key in the store (default: the record's ``document.path``): give a
        stable one (``runner.document_key``), never the spelling of a command line. ``successions``
        are ``succession.Succession`` items (or their dicts) of the record; a record's own
        ``successions`` list is read too.

        Identity is re-resolved over the whole store after each record (cost grows with the
        store). For a large batch pass ``resolve=False`` and call ``resolve()`` once at the end;
        until then the new rows carry no entity ids and the returned mapping is empty."""
        data = _as_dict(record)
        document = dict(data.get("document") or {})
        doc_id = path or document.get("path")
        if not doc_id:
            raise StoreError("a record needs a document path to be stored")
        doc_id = str(doc_id)
        digest = sha256 or document.get("sha256") or _content_hash(data)
        items = _items_of(data)
        facts = _facts_of(data, items, doc_id)
        renamings = _successions_of([*(data.get("successions") or []), *successions], doc_id)
        with self._transaction() as db:
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            db.execute(
                "INSERT INTO documents (id, path, sha256, published, published_from, title, publisher, url, source,"
                " region, famprog_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    str(document.get("path") or doc_id),
                    digest,
                    document.get("published"),
                    document.get("published_from"),
                    document.get("title"),
                    document.get("publisher"),
                    document.get("url"),
                    document.get("source"),
                    document.get("region"),
                    document.get("famprog_version") or "",
                ),
            )
            _insert_items(db, doc_id, items)
            _insert_rows(
                db,
                "INSERT INTO facts (id, document_id, subject_kind, subject_item, predicate, value_num,"
                " value_text, unit, currency, period, per, approximate, as_of, evidence_text, evidence_start,"
                " evidence_end, rule, confidence) VALUES ",
                facts,
            )
            db.executemany(
                "INSERT OR IGNORE INTO successions (document_id, successor_item, predecessor_item, evidence_text,"
                " evidence_start, evidence_end) VALUES (?, ?, ?, ?, ?, ?)",
                renamings,
            )
            if not resolve:
                return {}
            self._reresolve()
            rows = db.execute("SELECT item, entity_id FROM items WHERE document_id = ?", (doc_id,)).fetchall()
        return {item: entity_id for item, entity_id in rows}

    def add(self, record: Record | Mapping[str, Any]) -> dict[str, str]:
        """``upsert_record(record)`` under the name ``famprog extract`` calls it by."""
        return self.upsert_record(record)

    def resolve(self) -> None:
        """Re-resolve identity over the whole store (after ``upsert_record(..., resolve=False)``)."""
        with self._transaction():
            self._reresolve()

    def remove_document(self, path: str, *, resolve: bool = True) -> bool:
        """Delete one document (by its key) and everything extracted from it; True if it was there.
        With ``resolve=False`` identity is left to a later ``resolve()``."""
        with self._transaction() as db:
            gone = db.execute("DELETE FROM documents WHERE id = ?", (path,)).rowcount > 0
            if gone and resolve:
                self._reresolve()
        return gone

    def document_digest(self, document_id: str) -> str | None:
        """The sha256 the store holds for a document key, or None."""
        row = self.connection.execute("SELECT sha256 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def _reresolve(self) -> None:
        """Resolve every item of the store to an entity again (``identity.resolve_corpus``: the result is
        a function of the stored documents, not of the order they came in) and write what changed."""
        with _collector_paused():
            self._resolve_all()

    def _resolve_all(self) -> None:
        db = self.connection
        corpus, stored = _corpus_items(
            db.execute(
                "SELECT document_id, kind, item, name, abbreviation, aliases, facility, region, implicit, entity_id,"
                " merged_by, merge_rule FROM items"
            )
        )
        pairs = [
            ((doc, "program", successor), (doc, "program", predecessor))
            for doc, successor, predecessor in db.execute(
                "SELECT document_id, successor_item, predecessor_item FROM successions"
            )
        ]
        assignments = resolve_corpus(corpus, pairs)
        clusters: dict[str, list[CorpusItem]] = {}
        for item in corpus:
            clusters.setdefault(assignments[item.ref].cluster, []).append(item)
        names = {cluster: _canonical_name(members) for cluster, members in clusters.items()}
        final = final_ids(assignments, names)

        changed = []
        for item, before in zip(corpus, stored, strict=True):
            found = assignments[item.ref]
            new = (final[found.cluster], found.merged_by, found.merge_rule)
            if before != new:
                changed.append((*new, *item.ref))
        _write_assignments(db, changed, len(corpus))
        for statement in LATER_INDEXES:  # those a batch into an empty store or _write_assignments left out
            db.execute(statement)
        self._write_entities(clusters, names, final)
        self._link_objects(corpus, assignments, final)
        db.execute("DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM items WHERE entity_id IS NOT NULL)")

    def _write_entities(
        self, clusters: dict[str, list[CorpusItem]], names: dict[str, str], final: dict[str, str]
    ) -> None:
        db = self.connection
        region_votes: dict[str, Counter[str]] = {}
        for subject_id, value in db.execute(
            "SELECT subject_id, value_text FROM facts WHERE predicate = 'region' AND value_text IS NOT NULL"
        ):
            region_votes.setdefault(subject_id, Counter()).update([value])
        existing = {
            r[0]: tuple(r)
            for r in db.execute("SELECT id, kind, name, abbreviation, region, facility, implicit FROM entities")
        }
        rows = []
        for cluster, members in clusters.items():
            entity_id = final[cluster]
            kind = members[0].kind
            abbreviation = _most_common(m.abbreviation for m in members)
            region = _cluster_region(cluster) or _most_common(m.region for m in members)
            votes = region_votes.get(entity_id)
            if region is None and votes:
                region = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            elif region is None and kind != "person":
                region = region_from_name(names[cluster]) or next(
                    (r for r in (region_from_name(m.name) for m in members) if r), None
                )
            facility = _most_common(m.facility for m in members) if kind == "program" else None
            implicit = 1 if kind == "program" and all(m.implicit for m in members) else 0
            row = (entity_id, kind, names[cluster], abbreviation, region, facility, implicit)
            if existing.get(entity_id) != row:
                rows.append(row)
        db.executemany(
            "INSERT INTO entities (id, kind, name, abbreviation, region, facility, implicit)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET kind = excluded.kind,"
            " name = excluded.name, abbreviation = excluded.abbreviation, region = excluded.region,"
            " facility = excluded.facility, implicit = excluded.implicit",
            rows,
        )

    def _link_objects(
        self, corpus: list[CorpusItem], assignments: Mapping[tuple, Assignment], final: Mapping[str, str]
    ) -> None:
        """Names of operators and funders point to the organisation entity they name, where exactly one does."""
        db = self.connection
        by_key: dict[str, set[str]] = {}
        for item in corpus:
            if item.kind != "organisation":
                continue
            entity = final[assignments[item.ref].cluster]
            for surface in (item.name, *item.aliases, *([item.abbreviation] if item.abbreviation else [])):
                by_key.setdefault(fold(surface), set()).add(entity)
        updates = []
        for fact_id, value, object_id in db.execute(
            "SELECT id, value_text, object_id FROM facts WHERE predicate IN ('operated_by', 'funded_by')"
        ).fetchall():
            hits = by_key.get(fold(value)) if value else None
            new_object = next(iter(hits)) if hits and len(hits) == 1 else None
            if new_object != object_id:
                updates.append((new_object, fact_id))
        db.executemany("UPDATE facts SET object_id = ? WHERE id = ?", updates)

    # -- reading --------------------------------------------------------------------------

    def identity(self) -> Identity:
        """The store's identity as indexes, rebuilt from the aliases table (for look-ups and
        ``identity.assign_ids``)."""
        identity = Identity()
        for kind in KINDS:
            rows = self.connection.execute(
                "SELECT DISTINCT a.entity_id, e.name, a.alias, a.field FROM aliases a"
                " JOIN entities e ON e.id = a.entity_id WHERE e.kind = ?"
                " ORDER BY a.entity_id, a.alias, a.field",
                (kind,),
            ).fetchall()
            index = IdentityIndex.from_rows(kind, rows, identity.taken)
            identity.indexes[kind] = index
        return identity

    def entities(self, kind: str | None = None) -> list[StoredEntity]:
        sql = "SELECT id, kind, name, abbreviation, region, facility, implicit = 1 FROM entities"
        args: tuple[str, ...] = ()
        if kind:
            sql, args = sql + " WHERE kind = ?", (kind,)
        return [_entity(r) for r in self.connection.execute(sql + " ORDER BY id", args)]

    def entity(self, entity_id: str) -> StoredEntity | None:
        row = self.connection.execute(
            "SELECT id, kind, name, abbreviation, region, facility, implicit = 1 FROM entities WHERE id = ?",
            (entity_id,),
        ).fetchone()
        return _entity(row) if row else None

    def item_entities(self, document_id: str) -> dict[str, str]:
        """{item id in the document's record: store-wide entity id} for one stored document."""
        rows = self.connection.execute(
            "SELECT item, entity_id FROM items WHERE document_id = ? AND entity_id IS NOT NULL", (document_id,)
        )
        return {item: entity for item, entity in rows}

    def item_entities_at(self, document_id: str) -> dict[tuple[str, int], str]:
        """{(kind, position in the record's list of that kind): store-wide entity id} for one stored
        document; by position, so that giving a record these ids twice changes nothing the second time."""
        rows = self.connection.execute(
            "SELECT kind, position, entity_id FROM items WHERE document_id = ? AND entity_id IS NOT NULL"
            " AND item NOT LIKE 'fact-subject:%'",
            (document_id,),
        )
        return {(kind, position): entity for kind, position, entity in rows}

    def keeps_record_ids(self, document_id: str) -> bool:
        """True when every item of the stored document has as its entity id the id it was stored with
        (its id in the record given to ``upsert_record``): that record already carries the store's
        ids. False for an item not yet resolved."""
        row = self.connection.execute(
            "SELECT 1 FROM items WHERE document_id = ? AND entity_id IS NOT item"
            " AND item NOT LIKE 'fact-subject:%' LIMIT 1",
            (document_id,),
        ).fetchone()
        return row is None

    def aliases(self, entity_id: str) -> list[str]:
        """Every distinct surface form the entity was written as, sorted."""
        rows = self.connection.execute(
            "SELECT DISTINCT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (entity_id,)
        )
        return [r[0] for r in rows]

    def entity_documents(self, entity_id: str) -> list[tuple[str, str | None]]:
        """(path, published) of the documents that name the entity, sorted by path."""
        rows = self.connection.execute(
            "SELECT DISTINCT d.path, d.published FROM items i JOIN documents d ON d.id = i.document_id"
            " WHERE i.entity_id = ? ORDER BY d.path",
            (entity_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def facts(self, subject_id: str | None = None) -> list[StoredFact]:
        sql = (
            "SELECT f.id, f.subject_id, f.subject_kind, f.predicate, f.value_num, f.value_text, f.object_id,"
            " f.unit, f.currency, f.period, f.approximate, f.as_of, f.document_id, d.path, d.published,"
            " f.evidence_text, f.evidence_start, f.evidence_end, f.rule, f.per, f.confidence, d.url"
            " FROM facts f JOIN documents d ON d.id = f.document_id"
        )
        args: tuple[str, ...] = ()
        if subject_id:
            sql, args = sql + " WHERE f.subject_id = ?", (subject_id,)
        out = []
        for r in self.connection.execute(sql + " ORDER BY f.id", args):
            value = r[4] if r[4] is not None else (r[5] if r[5] is not None else "")
            out.append(StoredFact(r[0], r[1], r[2], r[3], value, *r[6:10], bool(r[10]), *r[11:]))
        return out

    def is_empty(self) -> bool:
        """Whether the store holds no document: never filled, or its first run was killed before the
        first batch was committed (SQLite's journal undid it)."""
        return self.connection.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def documents(self) -> list[dict[str, Any]]:
        cursor = self.connection.execute(
            "SELECT id, path, sha256, published, published_from, title, publisher, url, source, region,"
            " famprog_version FROM documents ORDER BY id"
        )
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor]

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows, sorted: equal dumps mean equal store contents."""
        return {
            table: sorted(self.connection.execute(f"SELECT * FROM {table}").fetchall(), key=_sort_key)
            for table in TABLES
        }


def _entity(row: tuple[Any, ...]) -> StoredEntity:
    """A row of (id, kind, name, abbreviation, region, facility, implicit) as a StoredEntity; SQLite
    gives the flag as 0/1, the entity (and JSON made of it) as a bool."""
    return StoredEntity(*row[:6], implicit=bool(row[6]))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a block that builds many objects that are not cycles
    (rows, keys, indexes of identity resolution): each collection would walk every live object, a
    third of the resolution's time for 2,000 releases. Memory is freed as usual (reference counts);
    cycles made in the block are collected after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _corpus_items(cursor: Iterable[tuple[Any, ...]]) -> tuple[list[CorpusItem], list[tuple[Any, ...]]]:
    """The items of the store as identity resolution's ``CorpusItem`` (ref: ``(document id, kind, item
    id)``), and beside each its stored ``(entity id, merged_by, merge_rule)``, from rows of the items
    query of ``_resolve_all``.

    Each distinct value of a column that repeats across items (document ids, names, item ids, alias
    lists, stored triples) is held once, however SQLite returns it (a new string per row): resolving
    a whole store holds one object per distinct text, not one per item. For 2,000 releases the
    resolution's peak is then about 12 MiB, not 20."""
    shared: dict[Any, Any] = {}
    same = shared.setdefault
    aliases_of: dict[str, tuple[str, ...]] = {}
    corpus: list[CorpusItem] = []
    stored: list[tuple[Any, ...]] = []
    for d, k, i, n, a, al, f, r, im, e, m, u in cursor:
        aliases = aliases_of.get(al)
        if aliases is None:
            aliases = aliases_of[al] = tuple(same(x, x) for x in _json_tuple(al))
        k = same(k, k)
        corpus.append(
            CorpusItem(
                (same(d, d), k, same(i, i)), k, same(n, n), same(a, a), aliases, same(f, f), same(r, r), bool(im)
            )
        )
        triple = (e, m, u)
        stored.append(same(triple, triple))
    return corpus, stored


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((0, "") if v is None else (1, repr(v)) for v in row)


def _canonical_name(members: list[CorpusItem]) -> str:
    """The entity's name: among its full names (not an abbreviation, nor an abbreviation with a generic
    word: "LFB", "LFB-Programm"), the one most items use (compared folded), ties to the longer; then its
    most used spelling, ties alphabetical. A function of the members alone, whatever their order."""
    if len(members) == 1:
        return members[0].name  # most entities are named once: the rules below give this name
    short = {fold(m.abbreviation) for m in members if m.abbreviation}
    full = [m for m in members if not _is_short_form(fold(m.name), short)] or members
    keys = Counter(fold(m.name) for m in full)
    key = min(keys.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
    spellings = Counter(m.name for m in full if fold(m.name) == key)
    return min(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _is_short_form(key: str, abbreviations: set[str]) -> bool:
    return key in abbreviations or any(k in abbreviations for k in program_keys(key))


def _as_dict(record: Record | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(record, Record):
        return dataclasses.asdict(record)
    if isinstance(record, Mapping):
        return dict(record)
    raise StoreError(f"cannot store a {type(record).__name__}; expected a Record or its dict")


def _content_hash(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _mentions(raw: Any) -> list[tuple[int, int, str]]:
    out = []
    for m in raw or []:
        # a dict first: the test against the Mapping ABC costs more than the rest of the loop
        if (isinstance(m, dict) or isinstance(m, Mapping)) and "start" in m and "end" in m:
            out.append((int(m["start"]), int(m["end"]), str(m.get("text", ""))))
    return out


def _items_of(data: Mapping[str, Any]) -> list[_Item]:
    """The program, organisation and person items of a record, in its order; an item without a name
    is left out, and an id a list repeats gets a "'" per repetition. Facility, region and implicit
    are a program's only."""
    items: list[_Item] = []
    for list_name, kind in _KIND_OF_LIST.items():
        raws = data.get(list_name)
        if not raws:
            continue
        program = kind == "program"
        seen: set[str] = set()
        for position, raw in enumerate(raws):
            get = raw.get
            name = str(get("name") or "").strip()
            if not name:
                continue
            item_id = str(get("id") or f"{kind}-{position + 1}")
            while item_id in seen:
                item_id += "'"
            seen.add(item_id)
            aliases, titles = get("aliases"), get("titles")
            items.append(
                _Item(
                    kind,  # type: ignore[arg-type]
                    item_id,
                    position,
                    name,
                    get("abbreviation") or None,
                    [str(a) for a in aliases if str(a).strip()] if aliases else [],
                    [str(t) for t in titles] if titles else [],
                    get("role") or None,
                    get("party") or None,
                    _mentions(get("mentions")),
                    (get("facility") or None) if program else None,
                    (get("region") or None) if program else None,
                    bool(get("implicit")) if program else False,
                )
            )
    return items


class _Subjects:
    """The program and organisation items a document's facts can be about, looked up by item id and by
    the folded name, alias or abbreviation; the first item in the record's order wins (an item added
    later, such as a fact's own subject, comes after all others). The names are folded only when a
    fact's subject is not an item id (most are)."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = [it for it in items if it.kind != "person"]
        self.by_id: dict[str, _Item] = {}
        for it in self.items:
            self.by_id.setdefault(it.item, it)
        self._by_key: dict[str, _Item] | None = None

    def add(self, it: _Item) -> None:
        if it.kind == "person":
            return
        self.items.append(it)
        self.by_id.setdefault(it.item, it)
        if self._by_key is not None:
            self._learn(it)

    def _learn(self, it: _Item) -> None:
        assert self._by_key is not None
        for surface in (it.name, *it.aliases, *([it.abbreviation] if it.abbreviation else [])):
            self._by_key.setdefault(fold(surface), it)

    def find(self, subject: str, subject_name: str | None) -> _Item | None:
        """The item a fact is about: by id, else by name, alias or abbreviation of ``subject`` or of
        ``subject_name``; None when no item is named so."""
        if subject in self.by_id:
            return self.by_id[subject]
        if self._by_key is None:
            self._by_key = {}
            for it in self.items:
                self._learn(it)
        for text in (subject, subject_name):
            if text and (it := self._by_key.get(fold(text))) is not None:
                return it
        return None


def _facts_of(data: Mapping[str, Any], items: list[_Item], doc_id: str) -> list[tuple[Any, ...]]:
    rows = []
    published = (data.get("document") or {}).get("published")
    # a program's region is an attribute in the record and a fact in the store
    regions = [
        {
            "subject": p.get("id"),
            "subject_name": p.get("name"),
            "predicate": "region",
            "value": p["region"],
            "as_of": published,
            "rule": "region:record",
        }
        for p in data.get("programs") or []
        if p.get("region")
    ]
    subjects = _Subjects(items)
    for n, raw in enumerate([*(data.get("facts") or []), *regions]):
        subject = str(raw.get("subject") or "")
        subject_name = raw.get("subject_name")
        it = subjects.find(subject, subject_name)
        if it is None:
            # A subject the record does not list as an item: keep the fact on an item of its own.
            name = str(subject_name or subject).strip()
            if not name:
                continue
            it = _Item("program", f"fact-subject:{name}", len(items), name, None, [], [], None, None, [])
            if all((i.kind, i.item) != (it.kind, it.item) for i in items):
                items.append(it)
                subjects.add(it)
        value = raw.get("value")
        predicate = str(raw.get("predicate") or "")
        numeric = isinstance(value, _NUMBERS) and not isinstance(value, bool)
        evidence = raw.get("evidence")
        # a dict first: the test against the Mapping ABC costs more than the rest of the row
        if isinstance(evidence, dict) or isinstance(evidence, Mapping):
            ev_text, ev_start, ev_end = evidence.get("text"), evidence.get("start"), evidence.get("end")
        else:
            ev_text, ev_start, ev_end = (str(evidence) if evidence else None), None, None
        rows.append(
            (
                f"{doc_id}#{n}",
                doc_id,
                it.kind,
                it.item,
                predicate,
                value if numeric else None,
                None if numeric or value is None else str(value),
                raw.get("unit"),
                raw.get("currency"),
                raw.get("period"),
                raw.get("per"),
                1 if raw.get("approximate") else 0,
                raw.get("as_of") or published,
                ev_text,
                ev_start,
                ev_end,
                str(raw.get("rule") or ""),
                _confidence(raw.get("confidence")),
            )
        )
    return rows


_NUMBERS = (int, float)  # a tuple: isinstance with it is quicker than with ``int | float``


def _confidence(value: Any) -> float | None:
    return float(value) if isinstance(value, _NUMBERS) and not isinstance(value, bool) else None


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value, ties alphabetical; None when there is none."""
    present = [v for v in values if v]
    if len(present) <= 1:
        return present[0] if present else None  # most entities have one item: no counting
    counts = Counter(present)
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _successions_of(raw: Iterable[Any], doc_id: str) -> list[tuple[Any, ...]]:
    """Rows of ``successions`` from ``succession.Succession`` items or their dicts."""
    rows = []
    for s in raw:
        data = dataclasses.asdict(s) if dataclasses.is_dataclass(s) and not isinstance(s, type) else s
        if not isinstance(data, Mapping) or not data.get("successor") or not data.get("predecessor"):
            continue
        evidence = data.get("evidence") or {}
        rows.append(
            (
                doc_id,
                str(data["successor"]),
                str(data["predecessor"]),
                evidence.get("text") if isinstance(evidence, Mapping) else None,
                evidence.get("start") if isinstance(evidence, Mapping) else None,
                evidence.get("end") if isinstance(evidence, Mapping) else None,
            )
        )
    return rows


def _insert_items(db: sqlite3.Connection, doc_id: str, items: list[_Item]) -> None:
    """Insert a document's items with their aliases and mentions: three statements per document,
    not three per item (each statement run costs more than the rows it writes)."""
    item_rows, alias_rows, mention_rows = [], [], []
    for it in items:
        item_rows.append(
            (
                doc_id,
                it.kind,
                it.item,
                it.position,
                it.name,
                it.abbreviation,
                _json_list(it.aliases),
                _json_list(it.titles),
                it.role,
                it.party,
                it.facility,
                it.region,
                1 if it.implicit else 0,
            )
        )
        # its surface forms: the name, each alias once, the abbreviation
        kind, item = it.kind, it.item
        alias_rows.append((it.name, fold(it.name), "name", doc_id, kind, item))
        if it.aliases:
            alias_rows.extend(dict.fromkeys((a, fold(a), "alias", doc_id, kind, item) for a in it.aliases))
        if it.abbreviation:
            alias_rows.append((it.abbreviation, fold(it.abbreviation), "abbreviation", doc_id, kind, item))
        mentions = it.mentions if len(it.mentions) < 2 else sorted(set(it.mentions))
        mention_rows.extend((doc_id, kind, item, s, e, t) for s, e, t in mentions)
    _insert_rows(
        db,
        "INSERT INTO items (document_id, kind, item, position, name, abbreviation, aliases, titles, role, party,"
        " facility, region, implicit) VALUES ",
        item_rows,
    )
    _insert_rows(db, "INSERT INTO aliases (alias, folded, field, document_id, kind, item) VALUES ", alias_rows)
    _insert_rows(db, 'INSERT INTO mentions (document_id, kind, item, start, "end", text) VALUES ', mention_rows)


# Rows per INSERT statement: a document's rows of one table go in statements of 32, 16, 8, 4, 2 and 1
# rows (at most six; each size's statement is compiled once and cached by sqlite3).
_ROWS_PER_INSERT = 32


def _insert_rows(db: sqlite3.Connection, head: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (tuples of equal length) with ``head`` ("INSERT INTO t (a, b) VALUES "): a
    statement of many rows costs SQLite its set-up (transaction check, cursors, halt) once, where
    ``executemany`` pays it per row."""
    done, total = 0, len(rows)
    while done < total:
        size = min(_ROWS_PER_INSERT, 1 << ((total - done).bit_length() - 1))
        chunk = rows[done : done + size]
        db.execute(_values_sql(head, len(chunk[0]), size), list(chain.from_iterable(chunk)))
        done += size


@cache
def _values_sql(head: str, width: int, count: int) -> str:
    """``head`` followed by ``count`` rows of ``width`` placeholders."""
    row = "(" + ", ".join("?" * width) + ")"
    return head + ", ".join([row] * count)


def _json_tuple(text: str) -> tuple[str, ...]:
    """A JSON list of the store (``items.aliases``) as a tuple; "[]" without the decoder."""
    return tuple(json.loads(text)) if text != "[]" else ()


def _json_list(values: list[str]) -> str:
    """A list of strings as the store's JSON text (the empty list, by far the most common, without
    the encoder)."""
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _write_assignments(db: sqlite3.Connection, changed: list[tuple[Any, ...]], total: int) -> None:
    """Give the changed items (``(entity, merged_by, merge_rule, document, kind, item)`` rows, of
    ``total`` in the store) their new entity, alias and rule, then bring every alias, mention and fact
    in line with its item.

    The copies are brought in line by one joined UPDATE per table (UPDATE … FROM, SQLite 3.33), not
    one statement per item: a batch run changes nearly every item, and a scan of the table in SQLite
    (about 50 ms for 2,000 releases when nothing changed) costs less than 25,000 statement runs."""
    if not changed:
        # an unchanged item's copies match it: new rows come with unresolved items (so those change),
        # and a deleted item takes its copies with it
        return
    if len(changed) * 2 > total:
        # most rows change (a batch run's resolution): building the indexes of the changed columns
        # again once (by the caller), sorted, costs less than moving each row's entry (0.1 s of 0.45 s
        # for 2,000 releases); in the caller's transaction, so a killed run leaves them as they were
        _drop_indexes(db, _ASSIGNMENT_INDEXES)
    _update_assignments(db, changed)


# The indexes of the entity columns that ``_update_assignments`` changes.
_ASSIGNMENT_INDEXES = ("items_entity", "aliases_entity", "mentions_entity", "facts_subject")


def _drop_indexes(db: sqlite3.Connection, names: tuple[str, ...]) -> None:
    for name in names:
        db.execute(f"DROP INDEX IF EXISTS {name}")


def _update_assignments(db: sqlite3.Connection, changed: list[tuple[Any, ...]]) -> None:
    db.executemany(
        "UPDATE items SET entity_id = ?, merged_by = ?, merge_rule = ? WHERE document_id = ? AND kind = ? AND item = ?",
        changed,
    )
    db.execute(
        "UPDATE aliases SET entity_id = i.entity_id, merged_by = i.merged_by, merge_rule = i.merge_rule FROM items i"
        " WHERE i.document_id = aliases.document_id AND i.kind = aliases.kind AND i.item = aliases.item"
        " AND (aliases.entity_id IS NOT i.entity_id OR aliases.merged_by IS NOT i.merged_by"
        " OR aliases.merge_rule IS NOT i.merge_rule)"
    )
    db.execute(
        "UPDATE mentions SET entity_id = i.entity_id FROM items i"
        " WHERE i.document_id = mentions.document_id AND i.kind = mentions.kind AND i.item = mentions.item"
        " AND mentions.entity_id IS NOT i.entity_id"
    )
    db.execute(
        "UPDATE facts SET subject_id = i.entity_id FROM items i"
        " WHERE i.document_id = facts.document_id AND i.kind = facts.subject_kind AND i.item = facts.subject_item"
        " AND facts.subject_id IS NOT i.entity_id"
    )
