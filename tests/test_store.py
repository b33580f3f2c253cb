"""The fact store: contents, store-wide ids, idempotent re-runs, replacement of changed documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from famprog.identity import rename_ids
from famprog.model import Amount, Document, Fact, Mention, Program, Record
from famprog.store import Store, StoreError

CORPUS = Path(__file__).parent / "fixtures" / "knowledge" / "lfb"


def corpus() -> list[dict[str, Any]]:
    """Three releases about one program: 2019 (16 centers, 0,6 Mio), 2021 (28), 2023 (35, 2,6 Mio)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.rglob("*.json"))]


def filled(path: Path | str = ":memory:") -> Store:
    store = Store.open(path)
    for record in corpus():
        store.upsert_record(record)
    return store


def rows(store: Store, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return store.connection.execute(sql, args).fetchall()


def test_one_entity_per_program_across_documents() -> None:
    store = filled()
    programs = {e.id: e for e in store.entities("program")}
    assert set(programs) == {"landesprogramm-familienbildung", "landesprogramm-familie"}
    lfb = programs["landesprogramm-familienbildung"]
    assert (lfb.name, lfb.abbreviation) == ("Landesprogramm Familienbildung", "LFB")
    assert store.aliases(lfb.id) == ["LFB", "LFB-Programm", "Landesprogramm Familienbildung"]
    assert [e.id for e in store.entities("person")] == ["heike-werner"]
    assert [e.id for e in store.entities("organisation")] == ["karl-kuebel-stiftung"]


def test_merges_are_traceable() -> None:
    store = filled()
    merges = rows(
        store,
        "SELECT document_id, kind, name, merged_by, merge_rule FROM items ORDER BY document_id, kind, item",
    )
    assert ("corpus/lfb-2021.txt", "program", "LFB-Programm", "LFB-Programm", "generic-word") in merges
    assert ("corpus/lfb-2023.txt", "program", "LFB", "LFB", "abbreviation") in merges
    assert (
        "corpus/lfb-2021.txt",
        "organisation",
        "Karl Kübel Stiftung für Kind und Familie",
        "Karl Kübel Stiftung für Kind und Familie",
        "qualifier",
    ) in merges
    founders = [m for m in merges if m[0] == "corpus/lfb-2019.txt"]
    assert all(m[3] is None and m[4] is None for m in founders)
    aliases = rows(store, "SELECT alias, merged_by, merge_rule FROM aliases WHERE document_id = 'corpus/lfb-2023.txt'")
    assert ("LFB", "LFB", "abbreviation") in aliases


def test_person_with_roles_over_time_is_one_person() -> None:
    store = filled()
    roles = rows(store, "SELECT entity_id, role FROM items WHERE kind = 'person' ORDER BY document_id")
    assert roles == [("heike-werner", "Ministerin"), ("heike-werner", "Staatssekretärin")]


def test_facts_carry_store_ids_values_and_evidence() -> None:
    store = filled()
    facts = store.facts("landesprogramm-familienbildung")
    assert [(f.predicate, f.value, f.as_of) for f in facts] == [
        ("center_count", 16, "2019-01"),
        ("start", "2019-01", "2019-01"),
        ("funding", 600000, "2019-03-01"),
        ("operated_by", "Karl Kübel Stiftung", "2019-03-01"),
        ("center_count", 28, "2021-06-15"),
        ("center_count", 35, "2023-05-02"),
        ("funding", 2600000, "2023-05-02"),
    ]
    funding = facts[2]
    assert (funding.currency, funding.period, funding.unit) == ("EUR", "year", None)
    assert funding.evidence == "Das Land stellt dafür jährlich 0,6 Millionen Euro bereit."
    assert (funding.evidence_start, funding.evidence_end, funding.document_path) == (
        89,
        146,
        "corpus/lfb-2019.txt",
    )
    assert facts[3].object_id == "karl-kuebel-stiftung"
    assert facts[0].unit == "Familienzentrum"


def test_mentions_point_at_entities() -> None:
    store = filled()
    mentions = rows(
        store,
        'SELECT document_id, start, "end", text FROM mentions WHERE entity_id = ? ORDER BY document_id, start',
        "landesprogramm-familienbildung",
    )
    assert mentions[0] == ("corpus/lfb-2019.txt", 4, 34, "Landesprogramm Familienbildung")
    assert mentions[-1] == ("corpus/lfb-2023.txt", 60, 63, "LFB")


def test_upsert_returns_store_ids_for_the_record() -> None:
    store = filled()
    record = corpus()[2]
    assert store.upsert_record(record) == {
        "p1": "landesprogramm-familienbildung",
        "o1": "karl-kuebel-stiftung",
    }


def test_same_corpus_twice_leaves_the_store_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "famprog.sqlite"
    with filled(db) as store:
        before = store.dump()
    with filled(db) as store:  # a second run over a store on disk
        assert store.dump() == before
        for record in reversed(corpus()):  # and in another order
            store.upsert_record(record)
        assert store.dump() == before


def test_reextracting_one_document_touches_no_other() -> None:
    store = filled()
    others = rows(store, "SELECT * FROM facts WHERE document_id != 'corpus/lfb-2021.txt' ORDER BY id")
    record = corpus()[1]
    record["facts"][0]["value"] = 29
    store.upsert_record(record)
    assert rows(store, "SELECT * FROM facts WHERE document_id != 'corpus/lfb-2021.txt' ORDER BY id") == others
    assert rows(store, "SELECT value_num FROM facts WHERE document_id = 'corpus/lfb-2021.txt'") == [(29,)]


def test_changed_text_replaces_old_facts_and_drops_orphans() -> None:
    store = filled()
    changed = copy.deepcopy(corpus()[0])
    changed["document"]["sha256"] = "sha-new"
    changed["programs"] = [changed["programs"][0]]  # "Landesprogramm Familie" no longer named
    changed["facts"] = [changed["facts"][0] | {"value": 17}]
    store.upsert_record(changed)
    assert rows(store, "SELECT sha256 FROM documents WHERE id = 'corpus/lfb-2019.txt'") == [("sha-new",)]
    assert rows(store, "SELECT predicate, value_num FROM facts WHERE document_id = 'corpus/lfb-2019.txt'") == [
        ("center_count", 17)
    ]
    assert store.entity("landesprogramm-familie") is None
    assert not rows(store, "SELECT * FROM aliases WHERE entity_id IS NULL OR entity_id = 'landesprogramm-familie'")
    assert store.entity("landesprogramm-familienbildung") is not None


def test_ids_are_a_function_of_the_documents_in_the_store() -> None:
    store = filled()
    assert store.remove_document("corpus/lfb-2019.txt")
    assert not store.remove_document("corpus/lfb-2019.txt")
    # "LFB-Programm" and "LFB" still meet; the id is the one a store of these two documents gives
    fresh = Store.open(":memory:")
    for record in corpus():
        if record["document"]["path"] != "corpus/lfb-2019.txt":
            fresh.upsert_record(record)
    assert [e.id for e in store.entities("program")] == [e.id for e in fresh.entities("program")] == ["lfb-programm"]
    assert store.dump() == fresh.dump()
    assert store.entity("heike-werner") is not None


def test_identity_persists_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "famprog.sqlite"
    filled(db).close()
    with Store.open(db, readonly=True) as store:
        identity = store.identity()
        assert identity["program"].lookup("LFB") == "landesprogramm-familienbildung"
        assert identity["program"].lookup("LFB-Programm") == "landesprogramm-familienbildung"
        assert identity["organisation"].lookup("Karl Kübel Stiftung für Kind und Familie") == "karl-kuebel-stiftung"
        with pytest.raises(StoreError):
            store.upsert_record(corpus()[0])
    with Store.open(db) as store:
        new = {
            "document": {"path": "corpus/lfb-2025.txt", "sha256": "s", "published": "2025-01-10"},
            "programs": [{"id": "p1", "name": "LFB"}],
        }
        assert store.upsert_record(new) == {"p1": "landesprogramm-familienbildung"}


def test_record_objects_and_store_ids_back_into_the_record() -> None:
    store = filled()
    record = Record(
        document=Document(path="corpus/x.txt", sha256="abc", encoding="utf-8", format="text", chars=50),
        programs=[Program(id="p7", name="LFB-Programm", mentions=[Mention(0, 12, "LFB-Programm")])],
        amounts=[Amount(value=2_600_000, period="year")],
        facts=[
            Fact(
                subject="p7",
                subject_name="LFB-Programm",
                predicate="funding",
                value=2_600_000,
                currency="EUR",
                period="year",
                as_of="2024",
                evidence=Mention(0, 40, "Das LFB-Programm erhält 2,6 Mio. Euro."),
            )
        ],
    )
    ids = store.upsert_record(record)
    rename_ids(record, ids)
    assert record.programs[0].id == record.facts[0].subject == "landesprogramm-familienbildung"
    assert rows(store, "SELECT subject_id, as_of FROM facts WHERE document_id = 'corpus/x.txt'") == [
        ("landesprogramm-familienbildung", "2024")
    ]


def test_region_from_state_adjective_and_from_region_facts() -> None:
    store = Store.open(":memory:")
    store.upsert_record(
        {
            "document": {"path": "h.txt", "published": "2020-01-01"},
            "programs": [{"id": "p1", "name": "Hessisches Landesprogramm Familienzentren"}],
            "organisations": [{"id": "o1", "name": "Thüringer Ministerium für Familie"}],
        }
    )
    store.upsert_record(
        {
            "document": {"path": "r.txt", "published": "2020-01-01"},
            "programs": [{"id": "p1", "name": "Familiennetzwerk"}],
            "facts": [{"subject": "p1", "predicate": "region", "value": "Sachsen"}],
        }
    )
    regions = {e.name: e.region for e in store.entities()}
    assert regions == {
        "Hessisches Landesprogramm Familienzentren": "Hessen",
        "Thüringer Ministerium für Familie": "Thüringen",
        "Familiennetzwerk": "Sachsen",
    }


def test_facts_by_subject_name_without_item_ids() -> None:
    """Records written by hand (or gold files) name subjects instead of giving ids."""
    store = Store.open(":memory:")
    store.upsert_record(
        {
            "document": {"path": "g.txt", "published": "2018-06-07"},
            "programs": [{"name": "Thüringer Eltern-Kind-Zentren", "abbreviation": "ThEKiZ"}],
            "facts": [
                {"subject": "ThEKiZ", "predicate": "center_count", "value": 35},
                {"subject": "Thüringer Präventionsketten", "predicate": "start", "value": "2015"},
            ],
        }
    )
    facts = {(f.subject_id, f.predicate, f.value, f.as_of) for f in store.facts()}
    assert facts == {
        ("thueringer-eltern-kind-zentren", "center_count", 35, "2018-06-07"),
        ("thueringer-praeventionsketten", "start", "2015", "2018-06-07"),
    }


def test_schema_settings(tmp_path: Path) -> None:
    with filled(tmp_path / "s.sqlite") as store:
        assert store.connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert store.connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert store.connection.execute("PRAGMA user_version").fetchone() == (2,)
        assert not rows(store, "PRAGMA foreign_key_check")
        # speed settings of the writer that keep durability: undo pages of a record in memory, a
        # bounded page cache, every commit synced (FULL) with the rollback journal
        assert store.connection.execute("PRAGMA temp_store").fetchone() == (2,)
        assert store.connection.execute("PRAGMA cache_size").fetchone() == (-8192,)
        assert store.connection.execute("PRAGMA synchronous").fetchone() == (2,)


def _copies_out_of_line(store: Store) -> list[tuple[Any, ...]]:
    """Aliases, mentions and facts whose entity (and alias and rule) differ from their item's."""
    return rows(
        store,
        "SELECT 'alias', a.document_id, a.item FROM aliases a JOIN items i USING (document_id, kind, item)"
        " WHERE a.entity_id IS NOT i.entity_id OR a.merged_by IS NOT i.merged_by OR a.merge_rule IS NOT i.merge_rule"
        " UNION ALL SELECT 'mention', m.document_id, m.item FROM mentions m"
        " JOIN items i USING (document_id, kind, item)"
        " WHERE m.entity_id IS NOT i.entity_id"
        " UNION ALL SELECT 'fact', f.document_id, f.subject_item FROM facts f JOIN items i"
        " ON i.document_id = f.document_id AND i.kind = f.subject_kind AND i.item = f.subject_item"
        " WHERE f.subject_id IS NOT i.entity_id",
    )


def test_aliases_mentions_and_facts_follow_their_items_through_every_change() -> None:
    store = filled()
    assert rows(store, "SELECT count(*) FROM items WHERE entity_id IS NULL") == [(0,)]
    assert not _copies_out_of_line(store)
    store.remove_document("corpus/lfb-2019.txt")  # the program's id changes: "lfb-programm"
    assert not _copies_out_of_line(store)
    assert rows(store, "SELECT DISTINCT subject_id FROM facts WHERE subject_kind = 'program'") == [("lfb-programm",)]
    store.upsert_record(corpus()[0])  # and back
    assert not _copies_out_of_line(store)
    assert store.dump() == filled().dump()
    unresolved = Store.open(":memory:")
    for record in corpus():
        unresolved.upsert_record(record, resolve=False)
    assert rows(unresolved, "SELECT count(*) FROM aliases WHERE entity_id IS NOT NULL") == [(0,)]
    unresolved.resolve()
    assert not _copies_out_of_line(unresolved)


def test_keeps_record_ids_tells_whether_a_record_needs_the_stores_ids() -> None:
    store = Store.open(":memory:")
    record = corpus()[1]  # its items "p1", "o1", … become store-wide ids
    store.upsert_record(record, resolve=False)
    assert not store.keeps_record_ids("corpus/lfb-2021.txt")  # not resolved yet
    renamed = store.upsert_record(record)
    assert any(item != entity for item, entity in renamed.items())
    assert not store.keeps_record_ids("corpus/lfb-2021.txt")
    for list_name in ("programs", "organisations", "people"):
        for item in record.get(list_name) or []:
            item["id"] = renamed.get(item["id"], item["id"])
    for fact in record.get("facts") or []:
        fact["subject"] = renamed.get(fact["subject"], fact["subject"])
    store.upsert_record(record)  # the record with the store's ids, stored again
    assert store.keeps_record_ids("corpus/lfb-2021.txt")
    assert store.keeps_record_ids("no/such/document.txt")  # no item that would need another id


def _indexed_leading_columns(store: Store, table: str) -> set[str]:
    leading = set()
    for index in rows(store, f"PRAGMA index_list({table})"):
        columns = rows(store, f"PRAGMA index_info({index[1]})")
        leading.add(columns[0][2])
    return leading


def test_every_reference_to_an_entity_is_indexed(tmp_path: Path) -> None:
    # SQLite looks a deleted or inserted entity up in every table that references it; an unindexed
    # reference makes identity resolution quadratic in the store's size
    with filled(tmp_path / "s.sqlite") as store:
        tables = [r[0] for r in rows(store, "SELECT name FROM sqlite_master WHERE type = 'table'")]
        references = [
            (table, fk[3])
            for table in tables
            for fk in rows(store, f"PRAGMA foreign_key_list({table})")
            if fk[2] == "entities"
        ]
        assert len(references) >= 5
        for table, column in references:
            assert column in _indexed_leading_columns(store, table), f"{table}.{column} has no index"


def test_a_store_without_a_later_index_gets_it_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with filled(path) as store:
        store.connection.execute("DROP INDEX facts_object")
        before = store.dump()
    with Store.open(path, readonly=True) as reader:
        assert "object_id" not in _indexed_leading_columns(reader, "facts")
    with Store.open(path) as store:
        assert "object_id" in _indexed_leading_columns(store, "facts")
        assert store.dump() == before


@pytest.mark.parametrize("count", [0, 1, 2, 3, 31, 32, 33, 70])
def test_rows_inserted_in_statements_of_many_rows_are_the_rows_given(count: int) -> None:
    from famprog.store import _insert_rows

    db = Store.open(":memory:").connection
    db.execute("CREATE TABLE t (a TEXT, b INTEGER, c TEXT)")
    given = [(f"a{n}", n, None if n % 3 else "c") for n in range(count)]
    _insert_rows(db, "INSERT INTO t (a, b, c) VALUES ", given)
    assert db.execute("SELECT a, b, c FROM t ORDER BY rowid").fetchall() == given


def test_checks_refuse_an_unknown_kind_or_field() -> None:
    import sqlite3

    store = filled()
    db = store.connection
    assert db.execute("SELECT count(*) FROM items WHERE kind = 'program'").fetchone()[0] > 0
    document = db.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(
            "INSERT INTO items (document_id, kind, item, position, name) VALUES (?, 'event', 'x', 0, 'X')", (document,)
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("INSERT INTO entities (id, kind, name) VALUES ('x', 'event', 'X')")
    item = db.execute("SELECT kind, item FROM items WHERE document_id = ? LIMIT 1", (document,)).fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute(
            "INSERT INTO aliases (alias, folded, field, document_id, kind, item) VALUES ('X', 'x', 'label', ?, ?, ?)",
            (document, *item),
        )


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no fact store"):
        Store.open(tmp_path / "missing.sqlite", create=False)
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database at all, just text" * 20)
    with pytest.raises(StoreError):
        Store.open(junk)
    with pytest.raises(StoreError, match="document path"):
        Store.open(":memory:").upsert_record({"document": {}})


def test_bulk_upsert_then_resolve_equals_record_by_record() -> None:
    bulk = Store.open(":memory:")
    for record in corpus():
        assert bulk.upsert_record(record, resolve=False) == {}
    bulk.resolve()
    assert bulk.dump() == filled().dump()


def _index_definitions(store: Store) -> list[tuple[str, str]]:
    return rows(store, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")


def test_a_resolution_that_changes_most_items_keeps_every_index(tmp_path: Path, monkeypatch: Any) -> None:
    # a bulk resolution builds the entity indexes again instead of moving each entry; the store ends
    # with the same indexes, and a resolution that fails half-way leaves them (and the rows) as they were
    import famprog.store as store_module

    fresh = _index_definitions(Store.open(":memory:"))
    bulk = Store.open(tmp_path / "s.sqlite")
    for record in corpus():
        bulk.upsert_record(record, resolve=False)
    unresolved = bulk.dump()

    def failing(*args: Any) -> None:
        assert len(_index_definitions(bulk)) < len(fresh)  # the entity indexes are being rebuilt
        raise store_module.sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "_update_assignments", failing)
    with pytest.raises(StoreError):
        bulk.resolve()
    assert _index_definitions(bulk) == fresh
    assert bulk.dump() == unresolved
    monkeypatch.undo()
    bulk.resolve()
    assert _index_definitions(bulk) == fresh
    assert bulk.dump() == filled().dump()
    assert rows(bulk, "PRAGMA integrity_check") == [("ok",)]


def test_a_batch_into_an_empty_store_builds_the_entity_indexes_once(tmp_path: Path) -> None:
    # written without the entity indexes; resolve() builds them, and a run killed before it leaves a
    # store that readers refuse and the next writer completes with every index
    fresh = _index_definitions(Store.open(":memory:"))
    for killed in (False, True):
        path = tmp_path / f"s-{killed}.sqlite"
        store = Store.open(path)
        with store.batch():
            for record in corpus():
                store.upsert_record(record, resolve=False)
        assert len(_index_definitions(store)) < len(fresh)
        if killed:
            store.close()
            with pytest.raises(StoreError, match="unfinished"):
                Store.open(path, readonly=True)
            store = Store.open(path)
            assert _index_definitions(store) == fresh
        store.resolve()
        assert _index_definitions(store) == fresh
        assert store.dump() == filled().dump()
        assert rows(store, "PRAGMA integrity_check") == [("ok",)]
        store.close()
    # a batch into a store that holds documents keeps its indexes (an incremental run)
    with Store.open(tmp_path / "s-False.sqlite") as store:
        with store.batch():
            store.upsert_record(corpus()[0], resolve=False)
            assert _index_definitions(store) == fresh


def _subject_by_the_rules(items: list[Any], subject: str, subject_name: str | None) -> Any:
    """The item a fact is about as the rule reads: the first program or organisation with that id, else
    the first named (name, alias, abbreviation) as the subject, else as its subject name."""
    from famprog.identity import fold

    candidates = [it for it in items if it.kind != "person"]
    for it in candidates:
        if it.item == subject:
            return it
    for text in (subject, subject_name):
        if not text:
            continue
        for it in candidates:
            if fold(text) in {fold(s) for s in [it.name, *it.aliases, *([it.abbreviation] if it.abbreviation else [])]}:
                return it
    return None


def test_fact_subjects_found_as_the_rule_reads() -> None:
    import random

    from famprog.store import _items_of, _Subjects

    rng = random.Random(5)
    names = ["Landesprogramm Familie", "LFB", "LFB-Programm", "Karl Kübel Stiftung", "Heike Werner", "das Programm"]
    for _ in range(300):
        record: dict[str, Any] = {}
        for list_name in ("programs", "organisations", "people"):
            record[list_name] = [
                {
                    "id": rng.choice(["p1", "p2", "o1", "x", "landesprogramm-familie"]),
                    "name": rng.choice(names),
                    "aliases": rng.sample(names, rng.randint(0, 2)),
                    "abbreviation": rng.choice([None, "LFB", "KKS"]),
                }
                for _ in range(rng.randint(0, 3))
            ]
        items = _items_of(record)
        subjects = _Subjects(items)
        for subject in ["p1", "x", "o1", "LFB", "lfb programm", "Heike Werner", "", "Unbekannt", "Des Programms"]:
            for subject_name in [None, "Karl Kübel Stiftung", "LFB", "Niemand"]:
                assert subjects.find(subject, subject_name) is _subject_by_the_rules(items, subject, subject_name)


@pytest.mark.parametrize(
    ("sqlite_message", "expected"),
    [
        ("unable to open database file", "cannot open the fact store (unable to open database file; is its folder"),
        ("database is locked", "cannot open the fact store: the fact store is locked by another program"),
        ("file is not a database", "cannot open the fact store: the file is damaged or not a database"),
        ("attempt to write a readonly database", "cannot open the fact store: the fact store or its folder is"),
        ("disk I/O error", "cannot open the fact store: disk I/O error"),
    ],
)
def test_store_reasons_say_cannot_open_once(sqlite_message, expected):
    """A store that cannot be opened is one reason, not "cannot open the fact store (cannot open it (…))"."""
    import sqlite3

    from famprog.store import store_reason

    reason = store_reason(sqlite3.OperationalError(sqlite_message), "cannot open the fact store")
    assert reason.startswith(expected)
    assert reason.count("cannot open") == 1


def test_corpus_items_are_the_rows_with_each_repeated_text_held_once():
    """``_corpus_items`` (identity resolution's copy of the items table) changes no value, and a text that
    many items share (document, name, item id, aliases, stored entity, …) is one object, however SQLite
    returns it."""
    import json
    import sqlite3

    from famprog.identity import CorpusItem
    from famprog.store import _corpus_items

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (d, k, i, n, a, al, f, r, im, e, m, u)")
    names = ["Landesprogramm Familie", "Lokale Bündnisse", "Anna Berger Stiftung", "LFB", "Familienzentren"]
    rows = [
        (f"doc-{n % 7}.txt", ("program", "organisation", "person")[n % 3], f"item-{n % 5}", names[n % 5])
        + ((None, "LFB")[n % 2], ("[]", '["LFB", "Landesförderung"]')[n % 2], (None, "Familienzentrum")[n % 2])
        + ((None, "Hessen")[n % 3 == 0],)
        + (n % 2, (None, f"entity-{n % 4}")[n % 2], None, (None, "alias")[n % 4 == 1])
        for n in range(60)
    ]
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    corpus, stored = _corpus_items(db.execute("SELECT * FROM t ORDER BY rowid"))
    assert corpus == [
        CorpusItem((d, k, i), k, n, a, tuple(json.loads(al)), f, r, bool(im))
        for d, k, i, n, a, al, f, r, im, *_ in rows
    ]
    assert stored == [row[9:] for row in rows]
    columns = {
        "document": [c.ref[0] for c in corpus],
        "item": [c.ref[2] for c in corpus],
        "kind": [c.kind for c in corpus],
        "name": [c.name for c in corpus],
        "abbreviation": [c.abbreviation for c in corpus],
        "aliases": [c.aliases for c in corpus],
        "alias": [alias for c in corpus for alias in c.aliases],
        "facility": [c.facility for c in corpus],
        "region": [c.region for c in corpus],
        "stored": stored,
    }
    for column, values in columns.items():
        assert len({id(v) for v in values}) == len(set(values)), column
