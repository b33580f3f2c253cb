"""The writer thread of a one-process run (``runner._Batch.extract_all``): a document is committed (store
rows, record files, manifest) while the next one is extracted. Whatever the writer meets, the run ends as
one without the thread would: failures in input order, a store error raised by ``run``, an interruption
of the main thread waiting for the document in the writer before the store's batch is rolled back."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, files_under
from famprog import runner
from famprog.runner import OutputFormat, RunOptions, run
from famprog.store import Store, StoreError, StoreValueError


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    return src


def _run(src: Path, out: Path, **kwargs) -> runner.Summary:
    with Store.open(out.parent / f"{out.name}.sqlite") as db:
        return run([str(src)], RunOptions(out=str(out), fmt=OutputFormat.json, jobs=1, store=db), **kwargs)


def _displays(src: Path) -> list[str]:
    return [job.display for job in runner.discover([str(src)])]


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("famprog-writer")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict]:
    """The inputs, records and store dump of one clean run over the examples."""
    base = tmp_path_factory.mktemp("writer")
    src = _corpus(base)
    _run(src, base / "clean")
    with Store.open(base / "clean.sqlite", readonly=True) as db:
        return src, files_under(base / "clean", "*.json"), db.dump()


def test_the_commits_run_in_a_writer_thread_in_input_order(clean, tmp_path, monkeypatch):
    src, records, dump = clean
    threads, order = set(), []
    real = runner._Batch._commit

    def commit(self, outcome):
        threads.add(threading.current_thread().name)
        order.append(outcome.job.display)
        return real(self, outcome)

    monkeypatch.setattr(runner._Batch, "_commit", commit)
    reported: list[str] = []
    summary = _run(src, tmp_path / "out", on_outcome=lambda o: reported.append(o.job.display))
    assert threads and all(name.startswith("famprog-writer") for name in threads)
    assert order == reported == _displays(src)
    assert summary.written == len(order) and not summary.failures
    assert files_under(tmp_path / "out", "*.json") == records
    with Store.open(tmp_path / "out.sqlite", readonly=True) as db:
        assert db.dump() == dump
    assert not _writer_threads()


@pytest.mark.parametrize("failing", [(0,), (1, 3), (9,)])
def test_a_record_the_store_refuses_fails_alone_in_input_order(clean, tmp_path, monkeypatch, failing):
    src, _, _ = clean
    jobs = runner.discover([str(src)])
    displays = [job.display for job in jobs]
    refused = {jobs[i].document for i in failing}
    real = Store.upsert_record

    def upsert(self, record, path=None, *args, **kwargs):
        if path in refused:
            raise StoreValueError("a value of the record cannot be stored (test)")
        return real(self, record, path, *args, **kwargs)

    monkeypatch.setattr(Store, "upsert_record", upsert)
    reported: list[str] = []
    summary = _run(src, tmp_path / "out", on_outcome=lambda o: reported.append(o.job.display))
    assert reported == displays
    assert [display for display, _ in summary.failures] == [j.display for j in jobs if j.document in refused]
    assert all("cannot be stored (test)" in reason for _, reason in summary.failures)
    assert summary.written == len(displays) - len(refused)


@pytest.mark.parametrize("nth", [1, 4])
def test_a_store_that_breaks_in_the_writer_ends_the_run_with_its_error(clean, tmp_path, monkeypatch, nth):
    src, _, _ = clean
    displays = _displays(src)
    calls = {"n": 0}
    real = Store.upsert_record

    def upsert(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            raise StoreError("the store broke (test)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "upsert_record", upsert)
    reported: list[str] = []
    with pytest.raises(StoreError, match="broke"):
        _run(src, tmp_path / "out", on_outcome=lambda o: reported.append(o.job.display))
    assert reported == displays[: nth - 1]  # the documents before it, and nothing after it
    assert len(files_under(tmp_path / "out", "*.json")) == nth - 1
    assert not _writer_threads()


@pytest.mark.parametrize("signal_error", [KeyboardInterrupt, SystemExit])
def test_an_interruption_waits_for_the_document_in_the_writer(clean, tmp_path, monkeypatch, signal_error):
    """Ctrl-C (or SIGTERM, which the CLI turns into an exception) reaches the main thread while it extracts
    a document and the writer still stores the one before: the writer finishes that document before the
    store's batch is rolled back, and the next run gives the bytes and rows of a clean run."""
    src, records, dump = clean
    writing = threading.Event()
    finished: list[float] = []
    real_upsert, real_extract = Store.upsert_record, runner.extract_job

    def upsert(self, *args, **kwargs):
        writing.set()
        time.sleep(0.2)  # still storing when the main thread is interrupted
        result = real_upsert(self, *args, **kwargs)
        finished.append(time.monotonic())
        return result

    def extract(job, *args, **kwargs):
        if writing.is_set():
            raise signal_error
        return real_extract(job, *args, **kwargs)

    rolled_back: list[float] = []
    real_batch = Store.batch

    def batch(self):
        context = real_batch(self)

        class Watched:
            def __enter__(self):
                return context.__enter__()

            def __exit__(self, *exc):
                rolled_back.append(time.monotonic())
                return context.__exit__(*exc)

        return Watched()

    monkeypatch.setattr(Store, "upsert_record", upsert)
    monkeypatch.setattr(runner, "extract_job", extract)
    monkeypatch.setattr(Store, "batch", batch)
    with pytest.raises(signal_error):
        _run(src, tmp_path / "out")
    assert len(finished) == 1 and rolled_back and finished[0] <= rolled_back[0]
    assert not _writer_threads()
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    monkeypatch.undo()
    summary = _run(src, tmp_path / "out")
    assert not summary.failures
    assert files_under(tmp_path / "out", "*.json") == records
    with Store.open(tmp_path / "out.sqlite", readonly=True) as db:
        assert db.dump() == dump


def test_a_second_interruption_while_waiting_for_the_writer_keeps_waiting(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    release = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(release.wait, 5)
        calls = {"n": 0}
        real_wait = runner.wait

        def interrupted_wait(futures):
            calls["n"] += 1
            if calls["n"] <= 2:
                raise KeyboardInterrupt
            release.set()
            return real_wait(futures)

        monkeypatch.setattr(runner, "wait", interrupted_wait)
        runner._wait_through_interrupts(future)
        assert future.done() and calls["n"] == 3
