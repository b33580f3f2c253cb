"""Batch extraction: find the documents, extract them (in parallel), write the records atomically.

The main process discovers inputs, reads their bytes, decides what to skip, and is the only writer;
worker processes decode and extract and hand back finished record texts. Nothing here prints: the
CLI passes callbacks for progress and reads the returned ``Summary``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from famprog import __version__
from famprog.errors import FamprogError, OutputError

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
MANIFEST = ".famprog-manifest"  # JSON, but no .json suffix: record folders are globbed for *.json
STDIN = "-"
IN_FLIGHT_PER_WORKER = 4


class OutputFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    both = "both"
    jsonl = "jsonl"


EXTENSIONS = {OutputFormat.json: (".json",), OutputFormat.yaml: (".yaml",), OutputFormat.both: (".json", ".yaml")}


@dataclass(frozen=True)
class Job:
    """One input document and where its record goes (relative to the output folder, no extension)."""

    display: str
    source: Path | None  # None: standard input
    out_rel: PurePosixPath


@dataclass
class Outcome:
    job: Job
    record: dict[str, Any] | None = None
    texts: dict[str, str] = field(default_factory=dict)  # extension -> file content
    error: str | None = None
    words: int = 0


@dataclass
class Task:
    """One document to extract, or one that already failed to be read."""

    job: Job
    data: bytes = b""
    fmt: OutputFormat = OutputFormat.json
    error: str | None = None

    def run(self) -> Outcome:
        if self.error is not None:
            return Outcome(self.job, error=self.error)
        return extract_job(self.job, self.data, self.fmt)


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


class UsageError(FamprogError):
    """The command line names something that cannot be used (exit code 2)."""


# ---- discovery ----------------------------------------------------------------------------------


def discover(inputs: Iterable[str]) -> list[Job]:
    """Files, folders (recursively: .txt, .md, .html, .htm) or "-"; output paths never collide."""
    jobs: list[Job] = []
    for arg in inputs:
        if arg == STDIN:
            jobs.append(Job("<stdin>", None, PurePosixPath("stdin")))
            continue
        path = Path(arg)
        if path.is_dir():
            for file in _walk(path):
                rel = file.relative_to(path)
                jobs.append(Job(str(file), file, PurePosixPath(*rel.parts).with_suffix("")))
        elif path.exists() or path.is_symlink():
            jobs.append(Job(str(path), path, PurePosixPath(_safe_stem(path.name))))
        else:
            raise UsageError(f"{arg}: no such file or folder")
    return _disambiguate(jobs)


def _walk(root: Path) -> Iterator[Path]:
    # followlinks=False: a symlinked folder is not entered, so a symlink loop cannot trap the walk
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if Path(name).suffix.lower() in SUFFIXES and not name.startswith("."):
                yield Path(folder) / name


def _safe_stem(name: str) -> str:
    stem = Path(name).stem or name
    return stem.lstrip(".") or "document"


def _disambiguate(jobs: list[Job]) -> list[Job]:
    """Two inputs with the same output stem ("a.txt", "a.html") keep their extension in the name."""
    counts: dict[PurePosixPath, int] = {}
    for job in jobs:
        counts[job.out_rel] = counts.get(job.out_rel, 0) + 1
    out, used = [], set()
    for job in jobs:
        rel = job.out_rel
        if counts[rel] > 1 and job.source is not None:
            rel = rel.with_name(rel.name + job.source.suffix.replace(".", "_"))
        candidate, n = rel, 2
        while candidate in used:
            candidate = rel.with_name(f"{rel.name}-{n}")
            n += 1
        used.add(candidate)
        out.append(Job(job.display, job.source, candidate))
    return out


# ---- extraction (worker side) ---------------------------------------------------------------------

_NLP = None


def _pipeline():
    global _NLP
    if _NLP is None:
        from famprog.nlp import build_pipeline

        _NLP = build_pipeline()
    return _NLP


def extract_job(job: Job, data: bytes, fmt: OutputFormat) -> Outcome:
    """Decode, extract and serialize one document. Bad input becomes ``Outcome.error``, never an exception."""
    from famprog.extract import extract
    from famprog.reading import read_bytes
    from famprog.serialize import record_to_dict

    try:
        suffix = job.source.suffix if job.source is not None else ".txt"
        source = read_bytes(data, job.display, suffix=suffix)
        record = record_to_dict(extract(_pipeline(), source))
    except FamprogError as exc:
        return Outcome(job, error=str(exc) if str(exc).startswith(job.display) else f"{job.display}: {exc}")
    except RecursionError:
        return Outcome(job, error=f"{job.display}: document too deeply nested to process")
    except MemoryError:
        return Outcome(job, error=f"{job.display}: document too large for the memory available")
    except Exception as exc:  # a bug of ours must not cost the other documents their records
        return Outcome(job, error=f"{job.display}: internal error ({type(exc).__name__}: {exc}); please report it")
    return Outcome(job, record=record, texts=serialize(record, fmt), words=len(source.text.split()))


def serialize(record: dict[str, Any], fmt: OutputFormat) -> dict[str, str]:
    """The file contents of one record, by extension."""
    from famprog.serialize import dumps_json, dumps_jsonl, dumps_yaml

    texts = {}
    if fmt is OutputFormat.jsonl:
        texts[".jsonl"] = dumps_jsonl(record)
    if fmt in (OutputFormat.json, OutputFormat.both):
        texts[".json"] = dumps_json(record)
    if fmt in (OutputFormat.yaml, OutputFormat.both):
        texts[".yaml"] = dumps_yaml(record)
    return texts


def rename_ids(record: dict[str, Any], mapping: dict[str, str]) -> bool:
    """Give a record's programs, organisations, people and facts the fact store's ids; True if any changed."""
    changed = False
    for kind in ("programs", "organisations", "people"):
        for item in record.get(kind, []):
            new = mapping.get(item["id"], item["id"])
            changed |= new != item["id"]
            item["id"] = new
    for fact in record.get("facts", []):
        new = mapping.get(fact["subject"], fact["subject"])
        changed |= new != fact["subject"]
        fact["subject"] = new
    return changed


# ---- writing --------------------------------------------------------------------------------------


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that no reader ever sees a half-written file, even after Ctrl-C."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_path(out_dir: Path, rel: PurePosixPath, extension: str) -> Path:
    target = (out_dir / Path(*rel.parts)).with_name(rel.name + extension)
    root = out_dir.resolve()
    if root not in target.resolve().parents:
        raise OutputError(f"{target}: output path escapes the output folder {out_dir}")
    return target


def check_writable(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".famprog-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot write records there: {exc.strerror or exc}") from exc


class Manifest:
    """What was written from which input content and famprog version, for skipping unchanged inputs."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        try:
            self.entries: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def unchanged(self, rel: PurePosixPath, sha256: str, fmt: OutputFormat, out_dir: Path) -> bool:
        entry = self.entries.get(str(rel))
        if not entry or entry != {"sha256": sha256, "version": __version__, "format": fmt.value}:
            return False
        return all(output_path(out_dir, rel, ext).exists() for ext in EXTENSIONS[fmt])

    def record(self, rel: PurePosixPath, sha256: str, fmt: OutputFormat) -> None:
        self.entries[str(rel)] = {"sha256": sha256, "version": __version__, "format": fmt.value}

    def save(self) -> None:
        atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")


# ---- the run --------------------------------------------------------------------------------------


class FactStore(Protocol):
    """What the run needs of the fact store (``famprog.store.Store``)."""

    def upsert_record(self, record: dict[str, Any], *, resolve: bool = True) -> dict[str, str]: ...

    def resolve(self) -> None: ...

    def item_entities(self, document_id: str) -> dict[str, str]: ...

    def documents(self) -> list[dict[str, Any]]: ...


@dataclass
class RunOptions:
    out: str = "data/out"  # a folder, or "-" for standard output
    fmt: OutputFormat = OutputFormat.both
    jobs: int = 1
    force: bool = False
    store: FactStore | None = None  # filled as records are written; records get its ids


def run(
    inputs: list[str],
    options: RunOptions,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    stream: Any = None,
) -> Summary:
    """Extract every input document; returns the figures for the summary."""
    started = time.perf_counter()
    jobs = discover(inputs)
    to_stdout = options.out == STDIN
    fmt = options.fmt
    if to_stdout and fmt is not OutputFormat.yaml:
        fmt = OutputFormat.jsonl
    out_dir = Path(options.out)
    if not to_stdout:
        check_writable(out_dir)
    manifest = Manifest(out_dir) if not to_stdout and fmt is not OutputFormat.jsonl else None
    store = options.store
    # a document the store lacks is extracted again even when its record is up to date
    stored = {(d["path"], d["sha256"]) for d in store.documents()} if store is not None else None
    jsonl_lines: list[str] = []
    summary = Summary()
    if on_total:
        on_total(len(jobs))

    def tasks() -> Iterator[Task]:
        for job in jobs:
            try:
                data = sys.stdin.buffer.read() if job.source is None else _read_regular_file(job.source)
            except OSError as exc:
                yield Task(job, error=f"{job.display}: cannot read: {exc.strerror or exc}")
                continue
            sha = hashlib.sha256(data).hexdigest()
            digests[job.out_rel] = sha
            if (
                manifest is not None
                and not options.force
                and manifest.unchanged(job.out_rel, sha, fmt, out_dir)
                and (stored is None or (job.display, sha) in stored)
            ):
                skipped.add(job.out_rel)
                continue
            yield Task(job, data, fmt)

    digests: dict[PurePosixPath, str] = {}
    skipped: set[PurePosixPath] = set()
    stored_now: list[tuple[str, PurePosixPath]] = []
    try:
        for outcome in _outcomes(tasks(), min(options.jobs, len(jobs))):
            summary.read += 1
            if outcome.error:
                summary.failures.append((outcome.job.display, outcome.error))
            else:
                summary.words += outcome.words
                if store is not None and outcome.record is not None:
                    # identity is resolved once over the whole store after the run: per record it
                    # would cost the whole store each time
                    store.upsert_record(outcome.record, resolve=False)
                    stored_now.append((outcome.job.display, outcome.job.out_rel))
                if to_stdout:
                    (stream or sys.stdout).write(next(iter(outcome.texts.values())))
                elif fmt is OutputFormat.jsonl:
                    jsonl_lines.append(outcome.texts[".jsonl"])
                else:
                    for ext, text in outcome.texts.items():
                        atomic_write(output_path(out_dir, outcome.job.out_rel, ext), text)
                    if manifest is not None:
                        manifest.record(outcome.job.out_rel, digests[outcome.job.out_rel], fmt)
                summary.written += 1
            if on_outcome:
                on_outcome(outcome)
        if store is not None:  # also after an interrupted run left rows unresolved
            store.resolve()
            jsonl_lines = _apply_store_ids(store, stored_now, out_dir, fmt, jsonl_lines)
        if fmt is OutputFormat.jsonl and not to_stdout:
            atomic_write(out_dir / "records.jsonl", "".join(jsonl_lines))
    finally:
        if manifest is not None:
            manifest.save()
    summary.skipped = len(skipped)
    summary.seconds = time.perf_counter() - started
    return summary


def _apply_store_ids(
    store: FactStore,
    stored: list[tuple[str, PurePosixPath]],
    out_dir: Path,
    fmt: OutputFormat,
    jsonl_lines: list[str],
) -> list[str]:
    """Give the records just written the fact store's ids, rewriting only those whose ids changed.
    Records are read back from disk one at a time, so memory stays flat."""
    if fmt is OutputFormat.jsonl:
        out = []
        for line, (display, _) in zip(jsonl_lines, stored, strict=True):
            record = json.loads(line)
            out.append(serialize(record, fmt)[".jsonl"] if rename_ids(record, store.item_entities(display)) else line)
        return out
    for display, rel in stored:
        mapping = store.item_entities(display)
        if all(key == value for key, value in mapping.items()):
            continue
        first = output_path(out_dir, rel, EXTENSIONS[fmt][0])
        text = first.read_text(encoding="utf-8")
        record = json.loads(text) if first.suffix == ".json" else _load_yaml(text)
        if rename_ids(record, mapping):
            for ext, body in serialize(record, fmt).items():
                atomic_write(output_path(out_dir, rel, ext), body)
    return jsonl_lines


def _load_yaml(text: str) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(text)


def _read_regular_file(path: Path) -> bytes:
    # a FIFO, socket or device named like a document would block the run (or never end): refuse it
    # before opening; O_NONBLOCK keeps a FIFO swapped in after the check from blocking open()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError("not a regular file")
        return fh.read()


def _outcomes(tasks: Iterator[Task], workers: int) -> Iterator[Outcome]:
    """Outcomes in input order. With several workers, at most a few documents per worker are in
    flight, so memory stays flat however large the corpus (``Executor.map`` would submit them all)."""
    if workers <= 1:
        for task in tasks:
            yield task.run()
        return
    import multiprocessing

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    pool: ProcessPoolExecutor | None = None
    window: deque[Future[Outcome] | Outcome] = deque()
    try:
        for task in tasks:
            if task.error is not None:
                window.append(task.run())
            else:
                if pool is None:
                    _pipeline()  # built once before forking: the workers share it copy-on-write
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
                window.append(pool.submit(extract_job, task.job, task.data, task.fmt))
            while len(window) > IN_FLIGHT_PER_WORKER * workers:
                yield _settled(window.popleft())
        while window:
            yield _settled(window.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _settled(item: Future[Outcome] | Outcome) -> Outcome:
    return item.result() if isinstance(item, Future) else item
