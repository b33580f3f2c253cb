"""Batch extraction: find the documents, extract them (in parallel), write the records atomically.

The main process discovers inputs, reads their bytes, decides what to skip, and is the only writer;
worker processes decode and extract and hand back finished record texts. Nothing here prints: the
CLI passes callbacks for progress and reads the returned ``Summary``.

What a run promises, whatever happens to it (Ctrl-C, SIGTERM, SIGKILL, a killed worker, a full disk,
a locked store, a hostile input):

- one document never costs the batch: reading, extracting, serializing, storing and writing a
  document all happen inside that document's own error handling; a failure is one line;
- a record file is always whole (exclusive temporary file in the target folder + rename, never
  through a symlink), and a symlink inside the output folder is refused, never followed;
- the manifest (``OUT/.famprog-manifest``, keyed by input) only vouches for what is final: with a
  fact store, a record carries the store's ids only after identity is resolved at the end of the run,
  and until then its entry says ``"ids": "pending"``; the next run finishes pending records without
  extracting them again, so a re-run after any interruption gives the bytes of a clean run;
- the manifest is saved as the run goes (at most every second), so a run killed with SIGKILL resumes;
- worker processes end with the main process (PR_SET_PDEATHSIG on Linux, and a parent watch);
- one run at a time per output folder (``OUT/.famprog-lock``); a second is refused in one line;
- records and store rows of inputs that no longer exist are removed at the end of a complete run.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import secrets
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from famprog import __version__, caches
from famprog.errors import FamprogError, OutputError

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
MANIFEST = ".famprog-manifest"  # JSON, but no .json suffix: record folders are globbed for *.json
LOCK = ".famprog-lock"
STDIN = "-"
IN_FLIGHT_PER_WORKER = 4
MAX_NAME_BYTES = 200  # a file name plus ".yaml" and a temporary name stays under the 255-byte limit
MANIFEST_SAVE_SECONDS = 1.0


class OutputFormat(StrEnum):
    json = "json"
    yaml = "yaml"
    both = "both"
    jsonl = "jsonl"


EXTENSIONS = {OutputFormat.json: (".json",), OutputFormat.yaml: (".yaml",), OutputFormat.both: (".json", ".yaml")}


def pending_format(fmt: OutputFormat) -> OutputFormat:
    """The format a record is written in while its store ids are pending: with ``--format both`` the
    JSON alone. Its YAML is written once, with the store's ids, at the end of the run: a YAML record
    costs about 40 times a JSON one to write, and the store changes the ids of most records."""
    return OutputFormat.json if fmt is OutputFormat.both else fmt


@dataclass(frozen=True)
class Job:
    """One input document and where its record goes (relative to the output folder, no extension)."""

    display: str  # the path as given, printable (bytes that are not UTF-8 shown as \\xNN)
    source: Path | None  # None: standard input
    out_rel: PurePosixPath
    key: str = ""  # the document's identity in the store and manifest (``document_key``)

    @property
    def document(self) -> str:
        return self.key or self.display


@dataclass
class Outcome:
    job: Job
    record: dict[str, Any] | None = None
    texts: dict[str, str] = field(default_factory=dict)  # extension -> file content
    error: str | None = None
    words: int = 0
    successions: list[dict[str, Any]] = field(default_factory=list)  # renamings the text states


@dataclass
class Task:
    """One document to extract, or one that already failed to be read."""

    job: Job
    data: bytes = b""
    fmt: OutputFormat = OutputFormat.json
    error: str | None = None
    retried: bool = False
    meta: Any = None  # model.DocumentMeta from --meta, or None
    min_confidence: float | None = None  # facts below it are left out of the record (--min-confidence)

    def run(self) -> Outcome:
        if self.error is not None:
            return Outcome(self.job, error=self.error)
        try:
            return extract_job(*self.arguments())
        except Exception as exc:  # a bug around the extraction costs this document only
            return Outcome(
                self.job, error=f"{self.job.display}: internal error ({type(exc).__name__}: {exc}); please report it"
            )

    def arguments(self) -> tuple[Any, ...]:
        """The arguments of ``extract_job`` for this task."""
        return (self.job, self.data, self.fmt, self.meta, self.min_confidence)


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    skipped: int = 0
    removed: int = 0  # records of inputs that no longer exist, removed with their store rows
    # inputs of an earlier run whose record an input of this run, of the same name, has replaced:
    # (document key, record path below the output folder), sorted
    replaced: list[tuple[str, str]] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


class UsageError(FamprogError):
    """The command line names something that cannot be used (exit code 2)."""


# ---- discovery ----------------------------------------------------------------------------------


def printable(text: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) become ``\\xNN``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _fit_name(name: str) -> str:
    """An output file or folder name: printable, no backslash, at most ``MAX_NAME_BYTES`` bytes
    (a longer one keeps its start and gets a digest of the whole, so names stay distinct)."""
    name = printable(name).replace("\\", "_")
    raw = name.encode("utf-8")
    if len(raw) <= MAX_NAME_BYTES:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:12]
    return raw[: MAX_NAME_BYTES - 13].decode("utf-8", "ignore") + "-" + digest


def _out_rel(parts: Iterable[str]) -> PurePosixPath:
    return PurePosixPath(*(_fit_name(p) for p in parts))


def discover(inputs: Iterable[str], root: str | Path | None = None, stdin_name: str | None = None) -> list[Job]:
    """Files, folders (recursively: .txt, .md, .html, .htm) or "-"; output paths never collide.

    Each job carries its document key (``document_key``); standard input is ``stdin_name`` when
    given, else ``<stdin>``."""
    base = Path(root).resolve() if root is not None else None
    jobs: list[Job] = []
    for arg in inputs:
        if arg == STDIN:
            if stdin_name:
                jobs.append(Job(printable(stdin_name), None, _out_rel([_safe_stem(Path(stdin_name).name)]), stdin_name))
            else:
                jobs.append(Job(UNNAMED_STDIN, None, PurePosixPath("stdin"), UNNAMED_STDIN))
            continue
        path = Path(arg)
        if path.is_dir():
            for file in _walk(path):
                rel = file.relative_to(path)
                jobs.append(
                    Job(printable(str(file)), file, _out_rel(rel.with_suffix("").parts), document_key(file, base))
                )
        elif path.exists() or path.is_symlink():
            jobs.append(Job(printable(str(path)), path, _out_rel([_safe_stem(path.name)]), document_key(path, base)))
        else:
            raise UsageError(f"{printable(arg)}: no such file or folder")
    return _disambiguate(_once_each(jobs))


def _once_each(jobs: list[Job]) -> list[Job]:
    """A document given twice (as a file and inside a folder, or through two spellings of its path)
    is one job, where it came first: its key is its identity."""
    seen: set[str] = set()
    out = []
    for job in jobs:
        if job.source is not None:
            if job.key in seen:
                continue
            seen.add(job.key)
        out.append(job)
    return out


UNNAMED_STDIN = "<stdin>"


def document_key(path: Path, root: Path | None = None) -> str:
    """A document's identity in the store: its resolved path, or with ``root`` (resolved) its path
    relative to the root, so that the same file is the same document from any working folder (and,
    with a root, on any machine). ``UsageError`` for a file outside the root."""
    resolved = Path(os.path.abspath(path)).parent.resolve() / path.name  # a symlinked file keeps its name
    if root is None:
        return printable(str(resolved))
    try:
        return printable(resolved.relative_to(root).as_posix())
    except ValueError:
        raise UsageError(f"{printable(str(path))}: not inside --root {printable(str(root))}") from None


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
            rel = rel.with_name(_fit_name(rel.name + printable(job.source.suffix).replace(".", "_")))
        candidate, n = rel, 2
        while candidate in used:
            candidate = rel.with_name(f"{rel.name}-{n}")
            n += 1
        used.add(candidate)
        out.append(Job(job.display, job.source, candidate, job.key))
    return out


# ---- extraction (worker side) ---------------------------------------------------------------------

_NLP = None


def _pipeline():
    global _NLP
    if _NLP is None:
        from famprog.nlp import build_pipeline, lean_lexemes

        _NLP = lean_lexemes(build_pipeline())  # this process only extracts
        # the pipeline's objects (rules, word lists, compiled patterns) live as long as the process:
        # out of the collector's sight, full collections stop walking them for every document
        gc.freeze()
        # a document makes and drops ~10^5 short-lived containers, nearly none in cycles: a young
        # generation of 50,000 objects (the default is 700) spares ~350 collections per 500
        # documents (-1.7 M instructions per document under cachegrind; peak memory unchanged)
        gc.set_threshold(50_000, 20, 100)
    return _NLP


_ZONES = None


def _memory_zones():
    """This process's ``extract.MemoryZones`` over its pipeline (the run owns the process's pipeline)."""
    global _ZONES
    if _ZONES is None:
        from famprog.extract import MemoryZones

        _ZONES = MemoryZones(_pipeline())
    return _ZONES


def _release_extraction_memory() -> None:
    """After a run's last document: end this process's memory zone (the words it added go) and empty
    extraction's memo caches (``caches.release``), so that identity resolution, which holds the whole
    store, reuses their memory. Results are unchanged; the next run's first documents fill the caches
    again."""
    if _ZONES is not None:
        from famprog.extract import forget_tokens

        _ZONES.close()
        forget_tokens()
    caches.release()  # also where this process extracted nothing (--jobs 2): the store's own memos


def extract_job(
    job: Job, data: bytes, fmt: OutputFormat, meta: Any = None, min_confidence: float | None = None
) -> Outcome:
    """Decode, extract and serialize one document (``meta``: its ``DocumentMeta`` from a manifest;
    facts below ``min_confidence`` left out). Bad input becomes ``Outcome.error``, never an exception."""
    from famprog.extract import extract
    from famprog.reading import read_bytes
    from famprog.serialize import record_to_dict, to_dict
    from famprog.succession import successions

    try:
        suffix = printable(job.source.suffix) if job.source is not None else ".txt"
        source = read_bytes(data, job.display, suffix=suffix)
        with _memory_zones().document():  # the words this document adds are freed with its zone
            extracted = extract(_pipeline(), source, meta=meta)
        if min_confidence is not None:
            from famprog.confidence import filter_facts

            filter_facts(extracted, min_confidence)
        renamings = [to_dict(s) for s in successions(source.text, extracted.programs)]
        record = record_to_dict(extracted)
        texts = serialize(record, fmt)
    except FamprogError as exc:
        return Outcome(job, error=_document_error(job.display, str(exc)))
    except RecursionError:
        return Outcome(job, error=f"{job.display}: document too deeply nested to process")
    except MemoryError:
        return Outcome(job, error=f"{job.display}: document too large for the memory available")
    except Exception as exc:  # a bug of ours must not cost the other documents their records
        return Outcome(job, error=f"{job.display}: internal error ({type(exc).__name__}: {exc}); please report it")
    return Outcome(job, record=record, texts=texts, words=len(source.text.split()), successions=renamings)


def _with_word_lists(digest: str, min_confidence: float | None = None) -> str:
    """A document's skip key part for what is outside its text: its --meta row, the user's word lists
    (``--lexicon``) and ``--min-confidence``, so that a run with other ones extracts it again."""
    from famprog.user_lexicon import active_key

    lists = active_key()
    if not lists and min_confidence is None:
        return digest
    text = json.dumps([digest, [list(entry) for entry in lists], min_confidence], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _document_error(display: str, message: str) -> str:
    return message if message.startswith(display) else f"{display}: {message}"


def serialize(record: dict[str, Any], fmt: OutputFormat) -> dict[str, str]:
    """The file contents of one record, by extension (``serialize.RecordValueError`` when a value
    cannot be written)."""
    from famprog.serialize import dumps_json, dumps_jsonl, dumps_yaml

    texts = {}
    if fmt is OutputFormat.jsonl:
        texts[".jsonl"] = dumps_jsonl(record)
    if fmt in (OutputFormat.json, OutputFormat.both):
        texts[".json"] = dumps_json(record)
    if fmt in (OutputFormat.yaml, OutputFormat.both):
        texts[".yaml"] = dumps_yaml(record)
    return texts


_LISTS = (("programs", "program"), ("organisations", "organisation"), ("people", "person"))


def store_ids(record: dict[str, Any], by_position: dict[tuple[str, int], str]) -> bool:
    """Give a record the fact store's ids, item by item (``by_position``: {(kind, position in its
    list): entity id}); True if any changed. Idempotent: a record that already carries the store's
    ids is left as it is, so an interrupted pass can simply be done again."""
    mapping: dict[str, str] = {}
    for list_name, kind in _LISTS:
        for position, item in enumerate(record.get(list_name) or []):
            entity = by_position.get((kind, position))
            if entity is not None:
                mapping.setdefault(item["id"], entity)
    changed = False
    for list_name, kind in _LISTS:
        for position, item in enumerate(record.get(list_name) or []):
            new = by_position.get((kind, position), item["id"])
            changed |= new != item["id"]
            item["id"] = new
    for fact in record.get("facts", []):
        new = mapping.get(fact["subject"], fact["subject"])
        changed |= new != fact["subject"]
        fact["subject"] = new
    return changed


# ---- writing --------------------------------------------------------------------------------------

# the file write of a record; tests replace it to simulate a failure in the middle of a write
_write_all = os.write


def _open_folder(root: Path, parts: tuple[str, ...], create: bool = True) -> int:
    """A descriptor of the folder ``root/parts...``, made where missing; no part may be a symlink."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts:
            try:
                inner = _open_subfolder(fd, part, create)
            except OSError as exc:
                raise OutputError(f"{root / Path(*parts)}: not a folder inside the output folder (a symlink?)") from exc
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_subfolder(fd: int, name: str, create: bool) -> int:
    """A descriptor of the folder ``name`` in the folder ``fd``, made when missing and ``create``
    (opened first: the folder is there for all records but the first, so no mkdir is tried)."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        return os.open(name, flags, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            raise
    try:
        os.mkdir(name, dir_fd=fd)
    except FileExistsError:
        pass  # made by another process in the meantime
    return os.open(name, flags, dir_fd=fd)


def write_file(root: Path, rel: PurePosixPath, text: str) -> None:
    """Write ``text`` to ``root/rel`` so that no reader ever sees a half-written file, even after
    Ctrl-C: an exclusive temporary file in the same folder, then a rename. Nothing below ``root``
    is followed through a symlink, and a symlink where the file goes is refused (``OutputError``)."""
    fd = _open_folder(root, rel.parts[:-1])
    try:
        try:
            st = os.stat(rel.name, dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{root / Path(*rel.parts)}: not a regular file (a symlink?); refusing to replace it")
        encoded = text.encode("utf-8")
        if st is not None and st.st_size == len(encoded) and _holds(fd, rel.name, encoded):
            # a run with --force over its own output: replacing a file by the same bytes would cost a
            # rename, which on ext4 flushes the new file and waits for the old one's writeback
            return
        tmp = f".famprog-{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        try:
            # opened inside the try: a Ctrl-C or SIGTERM that lands right after the file exists still
            # removes it (the name is random and exclusive: unlinking it when the open never happened
            # removes nothing of anybody's)
            out = os.open(tmp, flags, 0o666, dir_fd=fd)
            try:  # on the descriptor itself: a file object would stat and seek it first
                data = memoryview(encoded)
                while data:
                    data = data[_write_all(out, data) :]
            finally:
                os.close(out)
            os.replace(tmp, rel.name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            try:
                os.unlink(tmp, dir_fd=fd)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)


def _holds(fd: int, name: str, data: bytes) -> bool:
    """Whether the regular file ``name`` in the folder ``fd`` holds exactly ``data`` (False when it
    cannot be read, or is a symlink by now)."""
    try:
        existing = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=fd)
    except OSError:
        return False
    try:
        return os.read(existing, len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(existing)


def atomic_write(path: Path, text: str) -> None:
    """``write_file`` for a path whose folder the user named (it is created where missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path.parent, PurePosixPath(path.name), text)


def output_path(out_dir: Path, rel: PurePosixPath, extension: str) -> Path:
    """Where a record goes: ``out_dir`` (resolve it once per run, not per document) / rel + extension."""
    return Path(f"{out_dir}/{rel}{extension}")


def _record_rel(rel: PurePosixPath, extension: str) -> PurePosixPath:
    return rel.with_name(rel.name + extension)


def _nearest_existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_target(path: Path, what: str, *, folder: bool) -> None:
    """Refuse (``UsageError``) a place to write that cannot be used, before anything is created:
    a folder that is a file, a file that is a folder, a parent that is no folder or not writable."""
    name = printable(str(path))
    if folder and path.exists() and not path.is_dir():
        raise UsageError(f"{name}: cannot write the {what} there: it is a file, not a folder")
    if not folder and path.is_dir():
        raise UsageError(f"{name}: cannot write the {what} there: it is a folder, not a file")
    existing = path if folder and path.is_dir() else _nearest_existing(path.parent if not folder else path)
    if not existing.is_dir():
        raise UsageError(f"{name}: cannot write the {what} there: {printable(str(existing))} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{name}: cannot write the {what}: {printable(str(existing))} is not writable")


def check_writable(out_dir: Path) -> None:
    """Make the output folder and prove that a file can be created in it (``UsageError`` if not)."""
    check_target(out_dir, "output folder", folder=True)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = _probe(out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"{printable(str(out_dir))}: cannot write records there: {exc.strerror or exc}") from exc


def _probe(folder: Path) -> tuple[int, str]:
    probe = str(folder / f".famprog-probe-{secrets.token_hex(8)}")
    return os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600), probe


class OutputLock:
    """One run at a time per output folder: an advisory lock on ``OUT/.famprog-lock`` that the
    system releases when the process ends, however it ends."""

    def __init__(self, out_dir: Path) -> None:
        import fcntl

        path = out_dir / LOCK
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise UsageError(f"{printable(str(path))}: cannot lock the output folder: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(self.fd)
            raise UsageError(
                f"{printable(str(out_dir))}: another famprog run is writing there; wait for it or choose another --out"
            ) from exc

    def release(self) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock


class Manifest:
    """What was written from which input, for skipping unchanged inputs. Keyed by the document's key
    (``document_key``: its resolved path, or its path below ``--root``); each entry: sha256, famprog
    version, format, ``meta`` (a digest of the document's row of ``--meta``, "" without one), ``out``
    (the record's path in the output folder, no extension), ``source`` (the file's absolute path, to
    see whether it still exists) and ``ids``: ``record`` (the record's own ids, no store), ``pending``
    (stored, store ids not yet given to the record) or ``store`` (the record carries the store's ids)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST
        self.dirty = False
        self.saved_at = time.monotonic()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        # entries of the older manifest keyed by output name carry no "out": they are dropped, so the
        # first run after an upgrade extracts everything once
        self.entries: dict[str, dict[str, str]] = (
            {k: v for k, v in raw.items() if isinstance(v, dict) and isinstance(v.get("out"), str)}
            if isinstance(raw, dict)
            else {}
        )

    def unchanged(self, job: Job, sha256: str, fmt: OutputFormat, with_store: bool, meta: str = "") -> bool:
        entry = self.entries.get(job.document)
        if not entry or (
            entry.get("sha256"),
            entry.get("version"),
            entry.get("format"),
            entry.get("out"),
            entry.get("meta", ""),
        ) != (sha256, __version__, fmt.value, str(job.out_rel), meta):
            return False
        if entry.get("ids") not in (("pending", "store") if with_store else ("record", "pending")):
            return False
        written = EXTENSIONS[pending_format(fmt) if entry.get("ids") == "pending" else fmt]
        return all(_is_regular(output_path(self.out_dir, job.out_rel, ext)) for ext in written)

    def record(self, job: Job, sha256: str, fmt: OutputFormat, ids: str, meta: str = "") -> None:
        self.entries[job.document] = {
            "sha256": sha256,
            "version": __version__,
            "format": fmt.value,
            "meta": meta,
            "out": str(job.out_rel),
            "source": printable(os.path.abspath(job.source)) if job.source is not None else "",
            "ids": ids,
        }
        self.dirty = True

    def written_extensions(self, job: Job) -> tuple[str, ...]:
        """The record files an earlier run wrote for this document at its output place (by the format
        it ran with), e.g. (".json", ".yaml") after ``--format both``."""
        entry = self.entries.get(job.document)
        if not entry or entry.get("out") != str(job.out_rel):
            return ()
        try:
            return EXTENSIONS.get(OutputFormat(entry.get("format")), ())
        except ValueError:
            return ()

    def forget(self, display: str) -> None:
        if self.entries.pop(display, None) is not None:
            self.dirty = True

    def save(self, *, now: bool = False) -> None:
        """Write the manifest when something changed (with ``now=False``: at most every second)."""
        if not self.dirty or (not now and time.monotonic() - self.saved_at < MANIFEST_SAVE_SECONDS):
            return
        import orjson  # the standard library's encoder is pure Python when it indents: 25x slower

        # the whole manifest each time (10 ms for 2,000 entries with the standard library, 0.4 ms here)
        text = orjson.dumps(self.entries, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        write_file(self.out_dir, PurePosixPath(MANIFEST), text.decode("utf-8"))
        self.dirty = False
        self.saved_at = time.monotonic()


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


# ---- the run --------------------------------------------------------------------------------------


class FactStore(Protocol):
    """What the run needs of the fact store (``famprog.store.Store``)."""

    def upsert_record(
        self, record: dict[str, Any], path: str | None = None, *, resolve: bool = True, successions: Any = ()
    ) -> dict[str, str]: ...

    def batch(self) -> Any: ...

    def commit(self) -> None: ...

    def document_digest(self, document_id: str) -> str | None: ...

    def resolve(self) -> None: ...

    def item_entities_at(self, document_id: str) -> dict[tuple[str, int], str]: ...

    def keeps_record_ids(self, document_id: str) -> bool: ...

    def reading(self) -> Any: ...

    def remove_document(self, path: str, *, resolve: bool = True) -> bool: ...

    def documents(self) -> list[dict[str, Any]]: ...


@dataclass
class RunOptions:
    out: str = "data/out"  # a folder, or "-" for standard output
    fmt: OutputFormat = OutputFormat.both
    jobs: int = 1
    force: bool = False
    store: FactStore | None = None  # filled as records are written; records get its ids
    root: str | None = None  # documents are keyed by their path below this folder (else resolved path)
    stdin_name: str | None = None  # the document key of standard input (else "<stdin>")
    meta: dict[str, Any] | None = None  # {resolved path or stdin name: model.DocumentMeta} from --meta
    min_confidence: float | None = None  # leave facts below this confidence out of records and store
    lock: OutputLock | None = None  # the output folder's lock, when the caller took it (before opening the store)


STORE_BATCH = 200  # documents per store transaction: one commit (and journal sync) per batch, not per document


def run(
    inputs: list[str],
    options: RunOptions,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    stream: Any = None,
    jobs: list[Job] | None = None,
) -> Summary:
    """Extract every input document; returns the figures for the summary. ``jobs``: what
    ``discover(inputs, options.root, options.stdin_name)`` gave, when the caller has it already.

    Raises ``UsageError`` for inputs or outputs that cannot be used (before anything is written),
    and ``store.StoreError`` when the fact store itself cannot be used (locked, damaged, read-only);
    a failure of one document is a line in ``Summary.failures``."""
    started = time.perf_counter()
    if jobs is None:
        jobs = discover(inputs, options.root, options.stdin_name)
    to_stdout = options.out == STDIN
    if to_stdout and options.fmt is OutputFormat.both:
        raise UsageError("--format both needs an output folder: standard output takes one format (json or yaml)")
    if to_stdout and options.store is not None:
        raise UsageError("the fact store needs --out DIR: records streamed to standard output cannot carry its ids")
    batch = _Batch(jobs, options, stream)
    lock = None
    if not to_stdout and options.lock is None:
        check_writable(batch.out_dir)
        lock = OutputLock(batch.out_dir)
    try:
        batch.start()
        if on_total:
            on_total(len(jobs))
        if batch.store is not None:
            with batch.store.batch():  # rolled back on an error: the next run redoes it
                try:
                    batch.extract_all(on_outcome)
                except (KeyboardInterrupt, SystemExit):
                    # Ctrl-C or SIGTERM: keep the rows of the documents done (a record cut off in the
                    # middle is rolled back to its savepoint), so that the next run skips them; the
                    # store stays unresolved until then, and readers say so
                    batch.store.commit()
                    raise
        else:
            batch.extract_all(on_outcome)
        batch.finish()
    finally:
        try:
            if batch.manifest is not None:
                batch.manifest.save(now=True)
        finally:
            if lock is not None:
                lock.release()
    batch.summary.seconds = time.perf_counter() - started
    return batch.summary


class _Batch:
    """The state of one run: jobs, manifest, store, and what was written."""

    def __init__(self, jobs: list[Job], options: RunOptions, stream: Any) -> None:
        self.jobs = jobs
        self.options = options
        self.to_stdout = options.out == STDIN
        fmt = options.fmt
        if self.to_stdout and fmt is not OutputFormat.yaml:
            fmt = OutputFormat.jsonl
        self.fmt = fmt
        self.out_dir = Path(os.path.abspath(options.out))  # resolved once: output_path only joins
        self.stream = stream
        self.store = options.store
        self.manifest: Manifest | None = None
        self.stored: set[tuple[str, str]] | None = None
        self.jsonl: list[tuple[str, str]] = []  # (display, line) of records.jsonl
        self.summary = Summary()
        self.digests: dict[str, str] = {}  # document key -> sha256
        self.meta_digests: dict[str, str] = {}  # document key -> digest of its --meta row
        self.previous_outs: dict[str, str] = {}  # input -> its record's path before this run
        self.stdin_data: bytes | None = None
        self.since_commit = 0
        # documents whose record file this run wrote from the record it stored: the store alone tells
        # whether such a record needs other ids (a pending record of an earlier run may have them already)
        self.stored_as_written: set[str] = set()

    def start(self) -> None:
        if not self.to_stdout and self.fmt is not OutputFormat.jsonl:
            self.manifest = Manifest(self.out_dir)
            self.previous_outs = {display: entry["out"] for display, entry in self.manifest.entries.items()}
        if self.store is not None:
            # a document the store lacks is extracted again even when its record is up to date
            self.stored = {(d["id"], d["sha256"]) for d in self.store.documents()}
        if any(job.source is None for job in self.jobs):
            self.stdin_data = sys.stdin.buffer.read()
            self._refuse_second_unnamed_stdin()

    def _refuse_second_unnamed_stdin(self) -> None:
        """An unnamed standard input must not replace another unnamed one (``UsageError``)."""
        if self.options.stdin_name or self.stdin_data is None:
            return
        sha = hashlib.sha256(self.stdin_data).hexdigest()
        held = self.store.document_digest(UNNAMED_STDIN) if self.store is not None else None
        entry = self.manifest.entries.get(UNNAMED_STDIN) if self.manifest is not None else None
        if (held and held != sha) or (entry and entry.get("sha256") != sha):
            raise UsageError(
                "another document from standard input is already stored as <stdin>;"
                " name this one with --stdin-name NAME (or remove the first)"
            )

    def _meta(self, job: Job) -> tuple[Any, str]:
        """The document's ``DocumentMeta`` from ``--meta`` and a digest of it ("" without one)."""
        if not self.options.meta:
            return None, ""
        where = str(Path(os.path.abspath(job.source)).resolve()) if job.source is not None else job.display
        meta = self.options.meta.get(where)
        if meta is None:
            return None, ""
        text = json.dumps([meta.published, meta.url, meta.source, meta.region], ensure_ascii=False)
        return meta, hashlib.sha256(text.encode()).hexdigest()[:16]

    # -- the documents --

    def tasks(self) -> Iterator[Task]:
        for job in self.jobs:
            try:
                data = (self.stdin_data or b"") if job.source is None else _read_regular_file(job.source)
            except OSError as exc:
                yield Task(job, error=f"{job.display}: cannot read: {exc.strerror or exc}")
                continue
            sha = hashlib.sha256(data).hexdigest()
            self.digests[job.document] = sha
            meta, meta_digest = self._meta(job)
            meta_digest = _with_word_lists(meta_digest, self.options.min_confidence)
            self.meta_digests[job.document] = meta_digest
            if self._skippable(job, sha, meta_digest):
                self.summary.skipped += 1
                continue
            # with the store, records are written in their pending format first (``pending_format``)
            fmt = pending_format(self.fmt) if self.store is not None and self.manifest is not None else self.fmt
            yield Task(job, data, fmt, meta=meta, min_confidence=self.options.min_confidence)

    def _skippable(self, job: Job, sha: str, meta: str) -> bool:
        if self.manifest is None or self.options.force:
            return False
        with_store = self.store is not None
        if not self.manifest.unchanged(job, sha, self.fmt, with_store, meta):
            return False
        return self.stored is None or (job.document, sha) in self.stored

    def extract_all(self, on_outcome: Callable[[Outcome], None] | None) -> None:
        for outcome in _outcomes(self.tasks(), min(self.options.jobs, len(self.jobs))):
            self.summary.read += 1
            if outcome.error is None:
                error = self._commit(outcome)
                if error is not None:
                    outcome = Outcome(outcome.job, error=error)
            if outcome.error:
                self.summary.failures.append((outcome.job.display, outcome.error))
            else:
                self.summary.words += outcome.words
                self.summary.written += 1
            if self.manifest is not None:
                self.manifest.save()
            if on_outcome:
                on_outcome(outcome)

    def _commit(self, outcome: Outcome) -> str | None:
        """Store and write one extracted document; the reason when it cannot be, else None.
        A fact store that cannot be used at all ends the run (``StoreError``)."""
        from famprog.store import StoreValueError

        job = outcome.job
        stored = False
        try:
            if self.store is not None and outcome.record is not None:
                # identity is resolved once over the whole store after the run: per record it
                # would cost the whole store each time
                self.store.upsert_record(outcome.record, job.document, resolve=False, successions=outcome.successions)
                stored = True
                self.since_commit += 1
            if self.to_stdout:
                text = next(iter(outcome.texts.values()))
                (self.stream or sys.stdout).write(("---\n" + text) if self.fmt is OutputFormat.yaml else text)
            elif self.fmt is OutputFormat.jsonl:
                self.jsonl.append((job.document, outcome.texts[".jsonl"]))
            else:
                for ext, text in outcome.texts.items():
                    write_file(self.out_dir, _record_rel(job.out_rel, ext), text)
                if self.manifest is not None:
                    # a record an earlier run wrote in another format would contradict this one
                    for ext in self.manifest.written_extensions(job):
                        if ext not in outcome.texts and _is_regular(output_path(self.out_dir, job.out_rel, ext)):
                            output_path(self.out_dir, job.out_rel, ext).unlink()
                if stored:
                    self.stored_as_written.add(job.document)
                if self.manifest is not None:
                    ids = "pending" if self.store is not None else "record"
                    self.manifest.record(
                        job, self.digests[job.document], self.fmt, ids, self.meta_digests.get(job.document, "")
                    )
            if self.store is not None and self.since_commit >= STORE_BATCH:
                self.store.commit()
                self.since_commit = 0
        except StoreValueError as exc:
            return _document_error(job.display, str(exc))
        except (OutputError, OSError) as exc:
            if stored and self.store is not None:
                self.store.remove_document(job.document, resolve=False)
            if self.to_stdout and isinstance(exc, BrokenPipeError):
                raise  # the reader of standard output left (``| head``): the run ends, quietly (cli)
            reason = str(exc) if isinstance(exc, OutputError) else (exc.strerror or str(exc))
            return f"{job.display}: cannot write its record: {printable(reason)}"
        return None

    # -- the end of a complete run --

    def finish(self) -> None:
        if self.manifest is not None:
            self._remove_stale()
        if self.store is not None:
            _release_extraction_memory()  # identity resolution holds the whole store: let it reuse that
            self.store.resolve()
            with self.store.reading():  # one read lock for the look-ups of every record
                if self.manifest is not None:
                    self._finish_pending()
                elif self.jsonl:
                    self.jsonl = [(d, self._jsonl_with_ids(d, line)) for d, line in self.jsonl]
        if self.fmt is OutputFormat.jsonl and not self.to_stdout:
            atomic_write(self.out_dir / "records.jsonl", "".join(line for _, line in self.jsonl))

    def _jsonl_with_ids(self, display: str, line: str) -> str:
        assert self.store is not None
        record = json.loads(line)
        return (
            serialize(record, self.fmt)[".jsonl"] if store_ids(record, self.store.item_entities_at(display)) else line
        )

    def _finish_pending(self) -> None:
        """Give every pending record the store's ids (also those an interrupted run left pending)."""
        assert self.manifest is not None and self.store is not None
        for display, entry in sorted(self.manifest.entries.items()):
            if entry.get("ids") != "pending" or entry.get("format") != self.fmt.value:
                continue
            rel = PurePosixPath(entry["out"])
            try:
                self._rewrite_with_store_ids(display, rel)
            except (OSError, OutputError, ValueError) as exc:
                self.manifest.forget(display)  # not final: the next run extracts it again
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.summary.failures.append((display, f"{display}: cannot give its record the store's ids: {reason}"))
                continue
            entry["ids"] = "store"
            self.manifest.dirty = True
            self.manifest.save()

    def _rewrite_with_store_ids(self, display: str, rel: PurePosixPath) -> None:
        """Give a pending record the store's ids, and write the formats that waited for them."""
        assert self.store is not None
        first = output_path(self.out_dir, rel, EXTENSIONS[self.fmt][0])
        if not _is_regular(first):
            raise OutputError(f"{printable(str(first))}: missing or not a regular file")
        waiting = [ext for ext in EXTENSIONS[self.fmt] if ext not in EXTENSIONS[pending_format(self.fmt)]]
        if not waiting and display in self.stored_as_written and self.store.keeps_record_ids(display):
            return  # the record written in this run has the store's ids: nothing to read or write
        if first.suffix == ".json":
            record = _load_json(_read_regular_file(first))
        else:
            record = _load_yaml(first.read_text(encoding="utf-8"))
        changed = store_ids(record, self.store.item_entities_at(display))
        if changed or waiting:
            for ext, body in serialize(record, self.fmt).items():
                if changed or ext in waiting:
                    write_file(self.out_dir, _record_rel(rel, ext), body)

    def _remove_stale(self) -> None:
        """Forget what no input produces any more: entries of inputs that no longer exist, and entries
        whose record now belongs to another input; their records and store rows go with them."""
        assert self.manifest is not None
        current = {job.document: job for job in self.jobs}
        claimed = {str(job.out_rel) for job in self.jobs}
        for display, old in sorted(self.previous_outs.items()):
            job = current.get(display)
            if job is not None and old != str(job.out_rel) and old not in claimed:
                self._remove_files(PurePosixPath(old))  # the input's record moved to another name
        for display, entry in sorted(self.manifest.entries.items()):
            if display in current:
                continue
            source = entry.get("source", display)
            # a file that is still there, or a document of standard input, belongs to another run
            still_there = not source or os.path.lexists(source)
            if still_there and entry["out"] not in claimed:
                continue  # an input of another run into this folder: still there, so its record stays
            if entry["out"] not in claimed:
                self._remove_files(PurePosixPath(entry["out"]))
            if self.store is not None:
                self.store.remove_document(display, resolve=False)
            self.manifest.forget(display)
            if still_there:  # a record of the same name from this run took its place
                self.summary.replaced.append((display, entry["out"]))
            else:
                self.summary.removed += 1

    def _remove_files(self, rel: PurePosixPath) -> None:
        for ext in (".json", ".yaml"):
            path = output_path(self.out_dir, rel, ext)
            if _is_regular(path):
                path.unlink()


def _load_json(data: bytes) -> dict[str, Any]:
    import orjson  # several times faster than the standard library's decoder, as for writing

    return orjson.loads(data)


def _load_yaml(text: str) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(text)


def _read_regular_file(path: Path) -> bytes:
    # a FIFO, socket or device named like a document would block the run (or never end): refuse it
    # before opening; O_NONBLOCK keeps a FIFO swapped in after the check from blocking open()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:  # on the descriptor itself: a file object would stat it twice more and seek it
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError("not a regular file")
        parts = []
        while part := os.read(fd, max(info.st_size + 1, 1 << 16)):  # as a rule one read, then the end
            parts.append(part)
        return b"".join(parts)
    finally:
        os.close(fd)


# ---- worker processes -----------------------------------------------------------------------------


def _worker_init(parent: int) -> None:
    """A worker ends with the main process: Ctrl-C is the main process's to handle, SIGTERM ends the
    worker, and the kernel (Linux) or a watch thread ends it when the main process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the main process died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="famprog-parent-watch").start()


class _Pool:
    """A process pool that survives a killed worker: the documents in flight are tried once more
    in a fresh pool; a document in flight twice when a worker died fails with one line."""

    def __init__(self, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        self.context = (
            multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        )
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, task: Task) -> Future[Outcome]:
        if self.pool is None:
            _pipeline()  # built once before forking: the workers share it copy-on-write
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=self.context, initializer=_worker_init, initargs=(os.getpid(),)
            )
        return self.pool.submit(extract_job, *task.arguments())

    def renew(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _outcomes(tasks: Iterator[Task], workers: int) -> Iterator[Outcome]:
    """Outcomes in input order. With several workers, at most a few documents per worker are in
    flight, so memory stays flat however large the corpus (``Executor.map`` would submit them all)."""
    if workers <= 1:
        for task in tasks:
            yield task.run()
        return
    pool = _Pool(workers)
    window: deque[tuple[Task, Future[Outcome] | None]] = deque()
    try:
        for task in tasks:
            window.append((task, None if task.error is not None else pool.submit(task)))
            while len(window) > IN_FLIGHT_PER_WORKER * workers:
                yield _settled(window, pool)
        while window:
            yield _settled(window, pool)
    finally:
        pool.shutdown()


def _settled(window: deque[tuple[Task, Future[Outcome] | None]], pool: _Pool) -> Outcome:
    task, future = window.popleft()
    if future is None:
        return task.run()
    try:
        return future.result()
    except BrokenProcessPool:
        pass
    except Exception as exc:  # raised around extract_job (e.g. an argument that does not pickle): this document only
        return Outcome(
            task.job, error=f"{task.job.display}: internal error ({type(exc).__name__}: {exc}); please report it"
        )
    # a worker died (killed, out of memory): every document in flight is tried again in a new pool
    pool.renew()
    pending = list(window)
    window.clear()
    for other, _ in pending:
        window.append((other, None if other.error is not None else pool.submit(other)))
    if task.retried:
        return Outcome(
            task.job, error=f"{task.job.display}: a worker process died while extracting it (killed or out of memory)"
        )
    task.retried = True
    window.appendleft((task, pool.submit(task)))
    return _settled(window, pool)
