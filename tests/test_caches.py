"""Extraction's memo caches are emptied in one place (``caches.release``): at the end of each memory
zone and before identity resolution. Emptying them must change no record and keep loaded resources."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from famprog import caches
from famprog.extract import MemoryZones, extract
from famprog.nlp import build_pipeline
from famprog.reading import read_path
from famprog.serialize import record_to_dict

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted(p for p in (ROOT / "data" / "raw").rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
TEXTS += sorted((ROOT / "tests" / "fixtures" / "devset" / "texts").glob("*.txt"))


def _famprog_caches() -> list[tuple[str, object]]:
    """(module.name, function) of every functools cache in famprog's loaded modules."""
    found = {}
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("famprog"):
            continue
        for attr, value in vars(module).items():
            if callable(getattr(value, "cache_parameters", None)):
                found.setdefault(id(value), (f"{name}.{attr}", value))
    return sorted(found.values(), key=lambda pair: pair[0])


def _bounded(value: object) -> bool:
    return value.cache_parameters()["maxsize"] is not None  # type: ignore[attr-defined]


def test_release_empties_every_bounded_memo_and_keeps_loaded_resources(nlp):
    extract(nlp, read_path(TEXTS[0]))
    before = {name: value.cache_info().currsize for name, value in _famprog_caches()}  # type: ignore[attr-defined]
    filled = [name for name, value in _famprog_caches() if _bounded(value) and before[name]]
    resources = [name for name, value in _famprog_caches() if not _bounded(value) and before[name]]
    assert len(filled) >= 10 and len(resources) >= 5  # the test sees both kinds

    assert caches.release() >= len(filled)

    after = {name: value.cache_info().currsize for name, value in _famprog_caches()}  # type: ignore[attr-defined]
    assert [name for name in filled if after[name]] == []
    assert {name: after[name] for name in resources} == {name: before[name] for name in resources}


class _Holder:
    def __init__(self) -> None:
        self.memo = {"Wort": 1}

    def clear_caches(self) -> None:
        self.memo = {}


def test_release_clears_registered_holders_and_holds_them_weakly():
    kept, dropped = _Holder(), _Holder()
    caches.register(kept)
    caches.register(dropped)
    del dropped
    gc.collect()
    caches.release()
    assert kept.memo == {}
    assert [holder for holder in caches._HOLDERS if isinstance(holder, _Holder)] == [kept]


@pytest.mark.parametrize("every", [1, 2, 5])
def test_records_do_not_change_when_caches_are_emptied_between_documents(every):
    """Every bundled and held-out release, extracted with the memos emptied after every ``every``-th
    document, gives the records of a run that never empties them."""
    plain_nlp, emptied_nlp = build_pipeline(), build_pipeline()
    plain = [record_to_dict(extract(plain_nlp, read_path(path))) for path in TEXTS]
    emptied = []
    for n, path in enumerate(TEXTS, 1):
        emptied.append(record_to_dict(extract(emptied_nlp, read_path(path))))
        if n % every == 0:
            caches.release()
    assert len(plain) > 20
    for path, a, b in zip(TEXTS, plain, emptied, strict=True):
        assert a == b, path


def test_the_end_of_a_memory_zone_empties_the_memos():
    from famprog.identity import fold

    nlp = build_pipeline()
    zones = MemoryZones(nlp, documents=2)
    with zones.document():
        extract(nlp, read_path(TEXTS[0]))
    assert fold.cache_info().currsize > 0  # one document: the zone is still open
    with zones.document():
        extract(nlp, read_path(TEXTS[1]))
    assert fold.cache_info().currsize == 0
    assert not nlp.vocab.in_memory_zone


def test_a_run_with_the_store_drops_the_tokens_of_pieces_before_resolution(tmp_path, monkeypatch):
    from famprog import extract as extract_module
    from famprog import runner
    from famprog.store import Store

    seen: list[int] = []
    original = Store.resolve

    def resolve(self):
        seen.append(len(extract_module._chunk_caches))
        return original(self)

    monkeypatch.setattr(Store, "resolve", resolve)
    (tmp_path / "out").mkdir()
    with Store.open(tmp_path / "out" / "famprog.sqlite") as db:
        options = runner.RunOptions(out=str(tmp_path / "out"), fmt=runner.OutputFormat.json, jobs=1, store=db)
        summary = runner.run([str(TEXTS[0]), str(TEXTS[1])], options)
    assert summary.written == 2 and not summary.failures
    assert seen == [0]


def test_bounded_caches_are_module_functions_where_release_finds_them():
    """``release`` finds bounded caches as attributes of famprog's modules: one in a class body or a
    closure would be out of its reach, and a long run's memory would grow with it."""
    import ast

    hidden = []
    for path in sorted((ROOT / "src" / "famprog").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                name = ast.unparse(call.func if call else decorator)
                bounded = name.endswith("lru_cache") and not (
                    call and any(k.arg == "maxsize" and ast.unparse(k.value) == "None" for k in call.keywords)
                )
                if bounded and id(node) not in top:
                    hidden.append(f"{path.name}:{node.lineno} {node.name}")
    assert hidden == []
