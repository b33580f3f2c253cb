"""Chaos: batch runs and the fact store under interruption, killed processes, concurrency, damage and
hostile paths. Every case ends in a state a clean run would also reach, or in one line and exit 2.

Runs in about half a minute: interruptions are injected in-process at chosen moments (deterministic),
and only the SIGKILL cases start real processes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, files_under, invoke_cli
from famprog import runner
from famprog.runner import OutputFormat, OutputLock, RunOptions, run
from famprog.store import BUSY_TIMEOUT, Store

GOOD = EXAMPLES / "he" / "pm-2024-007.txt"


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    return src


def _run(
    src: Path, out: Path, *, jobs: int = 1, store: bool = True, fmt: OutputFormat = OutputFormat.json
) -> runner.Summary:
    db = Store.open(out.parent / f"{out.name}.sqlite") if store else None
    try:
        return run([str(src)], RunOptions(out=str(out), fmt=fmt, jobs=jobs, store=db))
    finally:
        if db is not None:
            db.close()


def _state(out: Path) -> tuple[dict[str, bytes], dict]:
    """The record files (JSON and YAML) and the store's rows of a run into ``out``."""
    records = {**files_under(out, "*.json"), **files_under(out, "*.yaml")}
    db = out.parent / f"{out.name}.sqlite"
    with Store.open(db, readonly=True) as store:
        return records, store.dump()


def _clean_run(base: Path, fmt: OutputFormat) -> tuple[tuple[dict[str, bytes], dict], Path]:
    """The records and store of one clean run over the examples (inputs under the same path)."""
    src = _corpus(base)
    _run(src, base / "out", fmt=fmt)
    state = _state(base / "out")
    shutil.rmtree(src)
    return state, base


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[dict[str, bytes], dict], Path]:
    return _clean_run(tmp_path_factory.mktemp("clean"), OutputFormat.json)


# ---- interrupted at several moments, then run again: the bytes of a clean run ---------------------

MOMENTS = [
    ("store", 1),  # the first record's store rows
    ("store", 6),
    ("write", 3),  # a record file
    ("resolve", 1),  # identity resolution at the end
    ("ids", 2),  # giving the records the store's ids
    ("manifest", 1),  # the manifest's final save
]



def _interrupt_at(monkeypatch: pytest.MonkeyPatch, moment: str, nth: int) -> None:
    """Raise KeyboardInterrupt at the ``nth`` time the run reaches ``moment``: "store" (a record's
    rows stored), "write" (a JSON record file), "yaml" (a YAML record file), "resolve" (identity
    resolution), "ids" (a record given the store's ids) or "manifest" (the manifest's final save)."""
    calls = {"n": 0}

    def hit(at: str) -> None:
        if at == moment:
            calls["n"] += 1
            if calls["n"] == nth:
                raise KeyboardInterrupt

    real_upsert, real_resolve, real_write = Store.upsert_record, Store.resolve, runner.write_file
    real_ids, real_save = runner.store_ids, runner.Manifest.save

    def upsert(self, record, *a, **k):
        result = real_upsert(self, record, *a, **k)
        hit("store")
        return result

    def resolve(self):
        hit("resolve")
        return real_resolve(self)

    def write(root, rel, text):
        hit({".json": "write", ".yaml": "yaml"}.get(rel.suffix, ""))
        return real_write(root, rel, text)

    def ids(record, mapping):
        changed = real_ids(record, mapping)
        hit("ids")
        return changed

    def save(self, *, now=False):
        if now:
            hit("manifest")
        return real_save(self, now=now)

    monkeypatch.setattr(Store, "upsert_record", upsert)
    monkeypatch.setattr(Store, "resolve", resolve)
    monkeypatch.setattr(runner, "write_file", write)
    monkeypatch.setattr(runner, "store_ids", ids)
    monkeypatch.setattr(runner.Manifest, "save", save)


@pytest.mark.parametrize(("moment", "nth"), MOMENTS)
def test_interrupted_then_rerun_equals_clean_run(clean, monkeypatch, moment, nth):
    (records, dump), base = clean
    src = _corpus(base)  # the same input paths as the clean run: records carry their path
    out = base / f"out-{moment}-{nth}"
    try:
        _interrupt_at(monkeypatch, moment, nth)
        with pytest.raises(KeyboardInterrupt):
            _run(src, out)
        monkeypatch.undo()
        summary = _run(src, out)
        assert not summary.failures
        assert _state(out) == (records, dump)
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    finally:
        shutil.rmtree(src)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("done", [1, 4, 9])
@pytest.mark.parametrize("signal_exc", [KeyboardInterrupt, lambda: SystemExit(143)], ids=["SIGINT", "SIGTERM"])
def test_interrupted_run_keeps_what_is_done_for_the_next_run(clean, jobs, done, signal_exc):
    """Ctrl-C or SIGTERM after ``done`` documents: the next run extracts only the others (the store
    keeps the finished documents' rows, though they came in the middle of a batch), and ends with
    the bytes of a clean run. Before, the open batch was rolled back and every document of it was
    extracted again, while the message said "what is done is kept and skipped"."""
    (records, dump), base = clean
    src = _corpus(base)
    out = base / f"out-kept-{jobs}-{done}-{signal_exc is KeyboardInterrupt}"
    try:
        seen = {"n": 0}

        def on_outcome(outcome: object) -> None:
            seen["n"] += 1
            if seen["n"] == done:
                raise signal_exc()

        db = Store.open(out.parent / f"{out.name}.sqlite")
        try:
            with pytest.raises((KeyboardInterrupt, SystemExit)):
                run([str(src)], RunOptions(out=str(out), fmt=OutputFormat.json, jobs=jobs, store=db), on_outcome)
        finally:
            db.close()
        summary = _run(src, out, jobs=jobs)
        assert not summary.failures
        assert summary.skipped == done
        assert _state(out) == (records, dump)
    finally:
        shutil.rmtree(src)


# ---- --format both with the store: the YAML waits for the store's ids --------------------------------


@pytest.fixture(scope="module")
def clean_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[dict[str, bytes], dict], Path]:
    return _clean_run(tmp_path_factory.mktemp("clean-both"), OutputFormat.both)


def test_with_the_store_each_yaml_record_is_written_once_with_the_store_ids(tmp_path, monkeypatch):
    """``--format both`` with the store: a record's YAML is written once, after identity resolution,
    and says what its JSON says (the JSON of a record whose ids the store changed is written twice)."""
    import yaml

    written: list[str] = []
    real_write = runner.write_file

    def write(root, rel, text):
        written.append(rel.as_posix())
        return real_write(root, rel, text)

    monkeypatch.setattr(runner, "write_file", write)
    src = _corpus(tmp_path)
    summary = _run(src, tmp_path / "out", fmt=OutputFormat.both)
    yaml_writes = [w for w in written if w.endswith(".yaml")]
    assert summary.written > 10 and len(yaml_writes) == len(set(yaml_writes)) == summary.written
    for path in (tmp_path / "out").rglob("*.json"):
        if path.name.startswith("."):
            continue
        as_yaml = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
        assert as_yaml == json.loads(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize(
    ("moment", "nth"), [("store", 3), ("write", 2), ("yaml", 1), ("yaml", 5), ("resolve", 1), ("ids", 5)]
)
def test_format_both_interrupted_then_rerun_equals_clean_run(clean_both, monkeypatch, moment, nth):
    """Interrupted while records wait for their YAML (or while it is written), the next run finishes
    them without extracting them again and ends with the bytes of a clean run."""
    (records, dump), base = clean_both
    src = _corpus(base)
    out = base / f"out-both-{moment}-{nth}"
    try:
        _interrupt_at(monkeypatch, moment, nth)
        with pytest.raises(KeyboardInterrupt):
            _run(src, out, fmt=OutputFormat.both)
        monkeypatch.undo()
        stored = [p for p in out.rglob("*.json") if not p.name.startswith(".")]
        summary = _run(src, out, fmt=OutputFormat.both)
        assert not summary.failures
        assert summary.skipped >= len(stored) - 1  # at most the record cut off in the middle is extracted again
        assert _state(out) == (records, dump)
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    finally:
        shutil.rmtree(src)


# ---- processes killed -----------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out = []
    for task in tasks:
        try:
            out += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_sigkill_of_the_main_process_ends_its_workers_and_the_next_run_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--out", str(corpus), "--docs", "160"],
        check=True,
        capture_output=True,
    )
    famprog = [sys.executable, "-m", "famprog", "extract", str(corpus), "--format", "json", "--jobs", "2", "-q"]
    subprocess.run([*famprog, "--out", str(tmp_path / "clean")], check=True)

    out = tmp_path / "out"
    child = subprocess.Popen([*famprog, "--out", str(out)])
    manifest = out / runner.MANIFEST
    deadline = time.monotonic() + 60
    while not manifest.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    workers = _children(child.pid)
    child.kill()
    child.wait()
    time.sleep(1.5)
    assert workers and not [w for w in workers if _alive(w)], "workers outlived the main process"

    rerun = subprocess.run([*famprog, "--out", str(out)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert files_under(out, "*.json") == files_under(tmp_path / "clean", "*.json")
    with (
        Store.open(out / "famprog.sqlite", readonly=True) as a,
        Store.open(tmp_path / "clean" / "famprog.sqlite", readonly=True) as b,
    ):
        assert a.dump() == b.dump()


_KILLED_WORKER = """
import json, os, signal, sys
from famprog import runner
from famprog.runner import OutputFormat, RunOptions, run
src, out, flag, jobs = sys.argv[1:5]
real = runner.extract_job

def dying(job, data, fmt, *rest):
    if job.display.endswith("always.txt") or (job.display.endswith("killer.txt") and not os.path.exists(flag)):
        if job.display.endswith("killer.txt"):
            open(flag, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return real(job, data, fmt, *rest)

runner.extract_job = dying
summary = run([src], RunOptions(out=out, fmt=OutputFormat.json, jobs=int(jobs)))
print(json.dumps(summary.failures))
"""


def test_a_killed_worker_costs_no_document(tmp_path):
    """A worker killed once (killer.txt) costs nothing; one killed every time (always.txt) costs only
    its own document. Run in a child process of its own, as the command line runs it."""
    src = _corpus(tmp_path)
    shutil.copy(GOOD, src / "killer.txt")
    shutil.copy(GOOD, src / "always.txt")

    def extract(out: str, jobs: int) -> list[list[str]]:
        args = [sys.executable, "-c", _KILLED_WORKER, str(src), str(tmp_path / out), str(tmp_path / "flag"), str(jobs)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    failures = extract("out", 2)
    assert [d for d, _ in failures] == [str(src / "always.txt")]
    assert "worker process died" in failures[0][1]
    (src / "always.txt").unlink()
    assert extract("single", 1) == []
    assert files_under(tmp_path / "out", "*.json") == files_under(tmp_path / "single", "*.json")


_RAISING_WORKER = """
import json, sys
from famprog import runner
from famprog.runner import OutputFormat, RunOptions, run
src, out, jobs = sys.argv[1:4]
real = runner.extract_job

def raising(job, *args):
    if job.display.endswith("bad.txt"):
        raise RuntimeError("boom")
    return real(job, *args)

runner.extract_job = raising
summary = run([src], RunOptions(out=out, fmt=OutputFormat.json, jobs=int(jobs)))
print(json.dumps(summary.failures))
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_around_the_extraction_costs_only_its_document(tmp_path, jobs):
    """A bug that raises outside extract_job's own handling (in a worker or in process) fails one document."""
    src = _corpus(tmp_path)
    shutil.copy(GOOD, src / "bad.txt")
    args = [sys.executable, "-c", _RAISING_WORKER, str(src), str(tmp_path / "out"), str(jobs)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    failures = json.loads(done.stdout)
    assert [d for d, _ in failures] == [str(src / "bad.txt")]
    assert "internal error (RuntimeError: boom)" in failures[0][1]
    written = files_under(tmp_path / "out", "*.json")
    documents = [p for p in src.rglob("*") if p.suffix in (".txt", ".html")]
    assert "bad.json" not in written and len(written) == len(documents) - 1


# ---- the store with others ------------------------------------------------------------------------


def _open_at_once(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        Store.open(path).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
        results.put(f"{type(exc).__name__}: {exc}")


def _write_many(path: str, worker: int, barrier, results) -> None:
    barrier.wait()
    try:
        with Store.open(path) as store:
            for n in range(15):
                record = {
                    "document": {"path": f"w{worker}/d{n}.txt", "sha256": "x", "published": "2024-01-01"},
                    "programs": [{"id": "p", "name": f"Landesprogramm Familienzentren {n}"}],
                }
                store.upsert_record(record, resolve=n % 5 == 4)
        results.put("ok")
    except Exception as exc:  # noqa: BLE001
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("target", [_open_at_once, _write_many])
def test_concurrent_store_creation_and_writers(tmp_path, target):
    context = multiprocessing.get_context("fork")
    n = 10 if target is _open_at_once else 4
    barrier, results = context.Barrier(n), context.Queue()
    path = str(tmp_path / "shared.sqlite")
    args = [(path, barrier, results) if target is _open_at_once else (path, i, barrier, results) for i in range(n)]
    procs = [context.Process(target=target, args=a) for a in args]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert outcomes == ["ok"] * n
    with Store.open(path, readonly=True) as store:
        assert len(store.documents()) == (0 if target is _open_at_once else 4 * 15)


def _foreign(path: Path, kind: str) -> None:
    db = sqlite3.connect(path)
    if kind == "wal":
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE notes (x)")
        db.execute("INSERT INTO notes VALUES (1)")
    elif kind == "view":
        db.execute("CREATE VIEW v AS SELECT 1")
        db.execute("PRAGMA user_version = 7")
    elif kind == "index-only":
        db.execute("CREATE TABLE documents (id)")
        db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


@pytest.mark.parametrize("kind", ["wal", "view", "index-only"])
def test_a_foreign_database_is_refused_untouched(tmp_path, kind):
    db = tmp_path / "other.sqlite"
    _foreign(db, kind)
    before = files_under(tmp_path)
    result = invoke_cli("extract", GOOD, "--out", tmp_path / "out", "--db", db, "-q")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "not a famprog fact store" in result.stderr
    assert files_under(tmp_path) == before
    assert not (tmp_path / "out").exists()


def _damage(db: Path, how: str) -> None:
    if how == "malformed":
        with db.open("r+b") as fh:
            fh.seek(4096 * 2)
            fh.write(b"\xde\xad" * 2048)
    elif how == "missing column":
        with sqlite3.connect(db) as c:
            c.execute("ALTER TABLE facts DROP COLUMN rule")
    elif how == "unfinished":
        with sqlite3.connect(db) as c:
            c.execute("UPDATE items SET entity_id = NULL")


@pytest.mark.parametrize("how", ["malformed", "missing column", "unfinished"])
@pytest.mark.parametrize("command", ["programs", "diff", "extract"])
def test_a_damaged_store_is_one_line_and_exit_2(clean, tmp_path, how, command):
    _, base = clean
    db = tmp_path / "famprog.sqlite"
    shutil.copy(base / "out.sqlite", db)
    _damage(db, how)
    if how == "unfinished" and command == "extract":
        pytest.skip("extract completes an unfinished store")
    args = {
        "programs": ("programs", "--db", db),
        "diff": ("diff", db, base / "out.sqlite"),
        "extract": ("extract", GOOD, "--out", tmp_path / "o", "--db", db, "-q", "--force"),
    }[command]
    result = invoke_cli(*args)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_a_hot_journal_is_rolled_back_by_readers_and_writers(clean, tmp_path):
    _, base = clean
    db = tmp_path / "famprog.sqlite"
    shutil.copy(base / "out.sqlite", db)
    code = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1'); c.execute('BEGIN IMMEDIATE'); c.execute('DELETE FROM facts')\n"
        "c.executemany('INSERT INTO documents (id, path, sha256) VALUES (?, ?, ?)',"
        " [('x' * 900 + str(i), 'p', 's') for i in range(60)])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    assert Path(f"{db}-journal").exists()
    result = invoke_cli("programs", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(
        invoke_cli("programs", "--db", base / "out.sqlite", "-f", "json").stdout
    )


# ---- hostile inputs and paths beside good documents -----------------------------------------------


def test_batch_killing_inputs_fail_alone(tmp_path, monkeypatch):
    """Values that JSON or the store cannot hold, file names that are not UTF-8 or 245 bytes long,
    and a symlink planted where a record goes: one line each, every other record written."""
    from famprog import serialize

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "huge-json.txt", "huge-store.txt", "z.txt"):
        (src / name).write_bytes(GOOD.read_bytes())
    (src / "planted.txt").write_bytes(GOOD.read_bytes())
    (src / os.fsdecode(b"b\xff.txt")).write_bytes(GOOD.read_bytes())
    long_name = "x" * 245 + ".txt"
    (src / long_name).write_bytes(GOOD.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("secret")
    os.symlink(victim, out / "planted.json")

    real = serialize.record_to_dict

    def poisoned(record):
        data = real(record)
        path = data["document"]["path"]
        if path.endswith("huge-json.txt"):
            data["amounts"] = [{"value": 10**24, "currency": "EUR"}]
        if path.endswith("huge-store.txt") and data.get("facts"):
            data["facts"][0]["value"] = 2**63 + 5
        return data

    monkeypatch.setattr(serialize, "record_to_dict", poisoned)
    store = Store.open(tmp_path / "s.sqlite")
    try:
        summary = run([str(src)], RunOptions(out=str(out), fmt=OutputFormat.both, jobs=1, store=store))
    finally:
        store.close()
    failed = sorted(Path(d).name for d, _ in summary.failures)
    assert failed == ["huge-json.txt", "huge-store.txt", "planted.txt"]
    assert all("\n" not in reason for _, reason in summary.failures)
    assert victim.read_text() == "secret" and (out / "planted.json").is_symlink()
    names = {p.name for p in out.glob("*.json")}
    assert {"a.json", "z.json", "b_xff.json"} <= names
    assert [n for n in names if n.startswith("xxx") and len(n.encode()) <= 210]
    with Store.open(tmp_path / "s.sqlite", readonly=True) as s:
        stored = {Path(d["path"]).name for d in s.documents()}
    assert "huge-store.txt" not in stored and "a.txt" in stored and "b\\xff.txt" in stored


def test_a_planted_temporary_file_symlink_is_never_followed(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("secret")
    monkeypatch.setattr(runner.secrets, "token_hex", lambda n: "f" * (2 * n))
    os.symlink(victim, out / f".famprog-{'f' * 16}.tmp")
    with pytest.raises(FileExistsError):
        runner.write_file(out, runner.PurePosixPath("a.json"), "RECORD")
    assert victim.read_text() == "secret" and not (out / "a.json").exists()


def test_a_symlinked_folder_inside_the_output_is_refused_in_one_line(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(GOOD, src / "a.txt")
    shutil.copy(GOOD, src / "sub" / "b.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(elsewhere, tmp_path / "out" / "sub")
    result = invoke_cli("extract", src, "--out", tmp_path / "out", "--no-db", "-f", "json")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "b.txt" in line]
    assert len(lines) == 1 and "symlink" in lines[0]
    assert not list(elsewhere.iterdir()) and (tmp_path / "out" / "a.json").exists()


def test_a_second_run_into_the_same_output_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    lock = OutputLock(out)
    try:
        result = invoke_cli("extract", GOOD, "--out", out, "--no-db", "-q")
    finally:
        lock.release()
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "another famprog run" in result.stderr
    assert invoke_cli("extract", GOOD, "--out", out, "--no-db", "-q").exit_code == 0


def test_the_manifest_is_keyed_by_input_and_forgets_deleted_inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    other = EXAMPLES / "th" / "pm-2019-014.txt"
    shutil.copy(GOOD, src / "a.txt")
    shutil.copy(other, src / "a_txt.txt")
    shutil.copy(other, src / "a.html")
    out = tmp_path / "out"
    assert invoke_cli("extract", src, "--out", out, "-f", "json", "-q").exit_code == 0
    (src / "a.html").unlink()
    result = invoke_cli("extract", src, "--out", out, "-f", "json")
    assert result.exit_code == 0 and "records of 1 deleted input removed" in result.stderr
    records = {p.name: json.loads(p.read_text())["document"]["path"] for p in out.glob("*.json")}
    assert records == {"a.json": str(src / "a.txt"), "a_txt.json": str(src / "a_txt.txt")}
    with Store.open(out / "famprog.sqlite", readonly=True) as store:
        assert sorted(d["path"] for d in store.documents()) == sorted(records.values())


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny tmpfs needs root")
def test_disk_full_costs_documents_not_the_batch_and_leaves_no_half_record(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "96k"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        result = invoke_cli("extract", EXAMPLES, "--out", disk / "out", "-f", "both")
        assert result.exit_code in (1, 2), result.output
        assert "Traceback" not in result.stderr
        for record in (disk / "out").rglob("*.json"):
            json.loads(record.read_text())  # whole, or not there
        assert not [p for p in (disk / "out").rglob("*") if p.name.endswith(".tmp")]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.parametrize(
    "store_args",
    [
        pytest.param((), id="store in the output folder"),
        pytest.param(("--db", "{out}/anders.sqlite"), id="--db inside the output folder"),
        pytest.param(("--db", "{tmp}/elsewhere.sqlite"), id="--db outside the output folder"),
    ],
)
def test_a_second_run_is_refused_before_it_waits_on_the_store(tmp_path, store_args):
    """A run that finds the output folder locked says so at once, even while the first run holds the
    store's write lock (it used to wait out SQLite's busy timeout, then report nothing to do)."""
    import sqlite3

    out = tmp_path / "out"
    args = [a.format(out=out, tmp=tmp_path) for a in store_args]
    assert invoke_cli("extract", GOOD, "--out", out, "-q", *args).exit_code == 0
    db = Path(args[1]) if args else out / "famprog.sqlite"
    lock = OutputLock(out)
    writer = sqlite3.connect(db, timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # what the first run's batch holds while it extracts
    try:
        started = time.monotonic()
        result = invoke_cli("extract", GOOD, "--out", out, "-q", "--force", *args)
        waited = time.monotonic() - started
    finally:
        writer.rollback()
        writer.close()
        lock.release()
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "another famprog run" in result.stderr
    assert waited < BUSY_TIMEOUT / 2


@pytest.mark.parametrize("store", [False, True], ids=["--no-db", "store"])
@pytest.mark.parametrize(("shared_names", "replaced"), [(3, 3), (1, 1), (0, 0)])
def test_a_run_that_replaces_another_inputs_records_says_so(tmp_path, store, shared_names, replaced):
    """Two input folders with the same file names into one --out: the second run's records take the
    first one's places; that is said in a warning and in the summary, never as "deleted inputs"
    (a new user lost the first folder's records to a message about deleted inputs)."""
    examples = sorted((EXAMPLES / "th").glob("*.txt"))[:3]
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    for n, path in enumerate(examples):
        shutil.copy(path, first / path.name)
        shutil.copy(path, second / (path.name if n < shared_names else f"anders-{path.name}"))
    db = () if store else ("--no-db",)
    assert invoke_cli("extract", first, "--out", tmp_path / "out", "-f", "json", *db).exit_code == 0
    result = invoke_cli("extract", second, "--out", tmp_path / "out", "-f", "json", *db)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert "deleted input" not in result.stderr
    if replaced:
        assert len(warnings) == 1 and str(first) in warnings[0] and "its own --out" in warnings[0]
        assert f"records of {replaced} other input" in result.stderr
    else:
        assert not warnings and "replaced" not in result.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == 3 + (3 - shared_names)
