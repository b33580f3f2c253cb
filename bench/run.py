"""famprog's benchmark: throughput, parallel speed-up, memory, start-up and regex safety. Prints a table.

    python bench/run.py [--docs 2000] [--seed 1234] [--no-reference] [--no-adversarial] [--no-strace]

The whole command runs with the fact store off (``--no-db``) and on (the default), ``--jobs 1`` and 2;
a per-stage profile (bench/stages.py) runs in process, and file-system calls per document are counted
with ``strace -c`` when it is installed.

The corpus comes from bench/generate.py and is regenerated when missing or stale. Every command
is timed as a child process; its peak resident memory is the ``ru_maxrss`` that ``os.wait4``
reports for exactly that child (with the worker processes it waited for), so runs do not mask
each other the way a shared ``RUSAGE_CHILDREN`` maximum would.
"""

from __future__ import annotations

import argparse
import cProfile
import filecmp
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import generate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
OUT = ROOT / "bench" / "out"
FAMPROG = str(Path(sys.executable).parent / "famprog")
REFERENCE_MODEL = "fr_core_news_sm"
REFERENCE_BATCH = 64
ADVERSARIAL_SIZES = (10_000, 20_000, 40_000, 80_000)
ADVERSARIAL_BUDGET = 30.0  # seconds: a size whose quadratic forecast exceeds this is skipped
SUPERLINEAR = 16.0  # t(80k)/t(10k) above this is clearly worse than linear (8)


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    returncode: int
    stdout: str


def measure(cmd: list[str]) -> Measured:
    """Wall time and peak RSS of one child process tree (Linux reports ru_maxrss in KiB)."""
    # files, not pipes: communicate() would reap the child before os.wait4 could read its usage
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if child.returncode not in (0, 1):
        sys.stderr.write(stderr)
        raise SystemExit(f"bench: {' '.join(cmd[:3])} ... exited with {child.returncode}")
    return Measured(seconds, usage.ru_maxrss / 1024, child.returncode, stdout)


def extract_cmd(inputs: list[str], out: Path, jobs: int, store: bool = False, fmt: str | None = "json") -> list[str]:
    """The command line of one timed run; ``fmt=None`` leaves ``--format`` at its default (both)."""
    shutil.rmtree(out, ignore_errors=True)
    return [
        FAMPROG,
        "extract",
        *inputs,
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        *([] if store else ["--no-db"]),
        *(["--format", fmt] if fmt else []),
        "--force",
        "--quiet",
    ]


def same_tree(a: Path, b: Path) -> bool:
    """Same record files (the store's own files and the run's manifest aside)."""

    def records(root: Path) -> list[Path]:
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and p.suffix in (".json", ".yaml"))

    files_a, files_b = records(a), records(b)
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / rel, b / rel, shallow=False) for rel in files_a)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, what: str, value: str, target: str = "") -> None:
        self.rows.append((what, value, target))
        print(f"  {what:<52} {value:>22}  {target}", flush=True)

    def section(self, title: str) -> None:
        print(f"\n{title}", flush=True)


# ---- reference (runs in its own child process) ----------------------------------------------------


def reference_child(list_file: Path) -> None:
    import spacy

    from famprog.reading import read_path

    texts = [read_path(Path(p)).text for p in list_file.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    nlp = spacy.load(REFERENCE_MODEL)
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=REFERENCE_BATCH):
        pass
    done = time.perf_counter()
    print(json.dumps({"load": loaded - started, "pipe": done - loaded, "model": nlp.meta.get("version")}))


def reference_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec(REFERENCE_MODEL) is not None


# ---- adversarial inputs ---------------------------------------------------------------------------


def adversarial_text(kind: str, size: int) -> str:
    if kind == "digits":
        unit = "0123456789"
    elif kind == "dots":
        unit = "."
    elif kind == "1.1.1.":
        unit = "1."
    elif kind == "capitals":
        unit = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    elif kind == "hyphens":
        unit = "-"
    elif kind == "Dr. Dr.":
        unit = "Dr. "
    elif kind == "„„„„":
        unit = "„"
    elif kind == "Ministerium für A, B, ...":
        words = (
            "Familie",
            "Jugend",
            "Senioren",
            "Frauen",
            "Gleichstellung",
            "Soziales",
            "Gesundheit",
            "Integration",
            "Arbeit",
            "Bildung",
            "Kultur",
            "Sport",
            "Digitales",
            "Verbraucherschutz",
        )
        parts, length, i = ["Ministerium für "], 16, 0
        while length < size:
            word = f"{words[i % len(words)]}, "
            parts.append(word)
            length += len(word)
            i += 1
        return "".join(parts)[:size]
    else:
        raise ValueError(kind)
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL_KINDS = (
    "digits",
    "dots",
    "1.1.1.",
    "capitals",
    "hyphens",
    "Dr. Dr.",
    "„„„„",
    "Ministerium für A, B, ...",
)


def time_extract(nlp, text: str) -> float:
    from famprog.extract import extract
    from famprog.reading import read_bytes

    best = float("inf")
    for attempt in range(3):
        _cold_tokenizer(nlp)
        started = time.perf_counter()
        extract(nlp, read_bytes(text.encode("utf-8"), "adv.txt"))
        best = min(best, time.perf_counter() - started)
        if best > 0.5 or attempt == 1 and best > 0.1:  # repeat only short timings, where noise dominates
            break
    return best


def _cold_tokenizer(nlp) -> None:
    # spaCy caches tokenized chunks; a repeated adversarial run would time the cache, not the regexes
    nlp.tokenizer.prefix_search = nlp.tokenizer.prefix_search


def hottest(nlp, text: str, top: int = 4) -> list[str]:
    from famprog.extract import extract
    from famprog.reading import read_bytes

    _cold_tokenizer(nlp)
    profile = cProfile.Profile()
    profile.enable()
    extract(nlp, read_bytes(text.encode("utf-8"), "adv.txt"))
    profile.disable()
    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    lines = []
    for (file, line, func), (_, _, tottime, _, _) in rows[:top]:
        where = f"{Path(file).parent.name}/{Path(file).name}:{line}" if file != "~" else "builtin"
        lines.append(f"{tottime:6.2f}s  {func}  ({where})")
    return lines


def adversarial(table: Table) -> None:
    from famprog.nlp import build_pipeline

    nlp = build_pipeline()
    time_extract(nlp, "Warm-up.")
    header = "".join(f"{size // 1000:>7}k" for size in ADVERSARIAL_SIZES)
    print(f"  {'input (seconds per size)':<28}{header}   t80k/t10k", flush=True)
    flagged = []
    for kind in ADVERSARIAL_KINDS:
        times: list[float | None] = []
        for size in ADVERSARIAL_SIZES:
            last = next((t for t in reversed(times) if t is not None), None)
            if last is not None and last * 4 > ADVERSARIAL_BUDGET:
                times.append(None)
                continue
            times.append(time_extract(nlp, adversarial_text(kind, size)))
        cells = "".join(f"{t:8.3f}" if t is not None else f"{'skip':>8}" for t in times)
        if times[-1] is not None and times[0]:
            ratio = times[-1] / times[0]
            verdict = f"{ratio:8.1f}" + ("  SUPER-LINEAR" if ratio > SUPERLINEAR else "")
            if ratio > SUPERLINEAR:
                flagged.append(kind)
        else:
            verdict = "     n/a  SUPER-LINEAR (too slow to finish)"
            flagged.append(kind)
        print(f"  {kind:<28}{cells}   {verdict}", flush=True)
    for kind in flagged:
        size = ADVERSARIAL_SIZES[0]
        print(f"  profile of '{kind}' at {size // 1000}k characters (top functions by own time):")
        for line in hottest(nlp, adversarial_text(kind, size)):
            print(f"    {line}")
    table.add("adversarial inputs growing super-linearly", ", ".join(flagged) or "none", "target: none")


# ---- the run --------------------------------------------------------------------------------------


def source_fingerprint() -> str:
    import hashlib

    import famprog

    digest = hashlib.sha256()
    for path in sorted(Path(famprog.__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml"):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if not p.name.startswith("."))


def new_chunk_share(texts: list[str]) -> float:
    """The share of whitespace-separated chunks a process meets for the first time, in corpus order
    (what a per-chunk tokenizer cache cannot answer)."""
    seen: set[str] = set()
    new = total = 0
    for text in texts:
        for chunk in text.split():
            total += 1
            if chunk not in seen:
                seen.add(chunk)
                new += 1
    return new / total if total else 0.0


def write_list(files: list[Path]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(str(p) for p in files))
    return fh.name


# ---- per-stage profile and file-system calls -------------------------------------------------------

FS_SYSCALLS = (
    "openat", "open", "close", "read", "pread64", "write", "pwrite64", "lseek", "newfstatat", "fstat", "stat",
    "lstat", "statx", "access", "faccessat2", "getdents64", "mkdir", "mkdirat", "rename", "renameat",
    "renameat2", "unlink", "unlinkat", "fsync", "fdatasync", "ftruncate", "fcntl", "flock", "readlink",
    "readlinkat", "chmod", "fchmod", "utimensat", "symlink", "link", "linkat",
)  # fmt: skip


def stage_profile(table: Table, files: list[Path], store: bool) -> None:
    """bench/stages.py in a child process on ``files``: milliseconds per document and share per stage."""
    listing = write_list(files)
    out = OUT / ("stages-db" if store else "stages-nodb")
    shutil.rmtree(out, ignore_errors=True)
    try:
        cmd = [sys.executable, str(ROOT / "bench" / "stages.py"), listing, str(out), *([] if store else ["--no-db"])]
        run = measure(cmd)
    finally:
        os.unlink(listing)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    total, n = figures["total"], figures["documents"]
    stages = dict(figures["stages"])
    stages["other (discovery, hashing, run set-up)"] = total - sum(stages.values())
    print(f"  {'stage':<52} {'ms/document':>11} {'share':>7}")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<52} {seconds * 1000 / n:11.2f} {100 * seconds / total:6.1f}%")
    table.add(f"whole run in process ({n} documents)", f"{total * 1000 / n:.2f} ms/document")
    for name in figures.get("missing", ()):
        print(f"  bench: note: {name} not found; its stage is not timed")


def syscalls(cmd: list[str]) -> dict[str, int]:
    """System calls of ``cmd`` and its children by name (``strace -f -c``)."""
    with tempfile.NamedTemporaryFile(suffix=".strace", delete=False) as fh:
        report = fh.name
    try:
        subprocess.run(["strace", "-f", "-c", "-o", report, *cmd], cwd=ROOT, capture_output=True, check=False)
        counts = {}
        for line in Path(report).read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) >= 5 and parts[0][0].isdigit() and parts[3].isdigit():
                counts[parts[-1]] = int(parts[3])
        return counts
    finally:
        os.unlink(report)


def fs_calls(table: Table, files: list[Path], store: bool) -> None:
    """File-system calls per document: the difference between runs on n and 3n documents, over 2n
    (start-up, imports and the store's set-up cancel out)."""
    small, large = files[: len(files) // 3], files
    counts = []
    for subset in (small, large):
        cmd = extract_cmd([str(p) for p in subset], OUT / "strace", 1, store=store)
        counts.append(syscalls(cmd))
    n = len(large) - len(small)
    per_doc = {name: (counts[1].get(name, 0) - counts[0].get(name, 0)) / n for name in FS_SYSCALLS}
    per_doc = {name: v for name, v in per_doc.items() if v >= 0.05}
    label = "store on" if store else "--no-db"
    table.add(f"{label}: file-system calls per document", f"{sum(per_doc.values()):.1f}")
    detail = ", ".join(f"{name} {v:.1f}" for name, v in sorted(per_doc.items(), key=lambda kv: -kv[1]))
    print(f"    {detail}")


def batch(table: Table, files: list[Path], words: int, store: bool) -> tuple[Measured, Measured]:
    label = "store on" if store else "--no-db"
    suffix = "db" if store else "nodb"
    code_before = source_fingerprint()
    one = measure(extract_cmd([str(CORPUS)], OUT / f"jobs1-{suffix}", 1, store=store))
    table.add(f"{label}, --jobs 1: wall time", f"{one.seconds:.1f} s")
    table.add(f"{label}, --jobs 1: documents/s", f"{len(files) / one.seconds:,.1f}")
    table.add(f"{label}, --jobs 1: words/s", f"{words / one.seconds:,.0f}")
    table.add(f"{label}, --jobs 1: peak RSS", f"{one.peak_mib:.0f} MiB")
    two = measure(extract_cmd([str(CORPUS)], OUT / f"jobs2-{suffix}", 2, store=store))
    speedup = one.seconds / two.seconds
    table.add(f"{label}, --jobs 2: wall time", f"{two.seconds:.1f} s")
    table.add(f"{label}, --jobs 2: words/s", f"{words / two.seconds:,.0f}")
    table.add(f"{label}, --jobs 2: peak RSS of the largest process", f"{two.peak_mib:.0f} MiB")
    table.add(
        f"{label}, --jobs 2: speed-up vs --jobs 1",
        f"{speedup:.2f}x",
        f"target >= 1.6 on 2 cores: {_ok(speedup >= 1.6)}",
    )
    identical = same_tree(OUT / f"jobs1-{suffix}", OUT / f"jobs2-{suffix}")
    if source_fingerprint() != code_before:
        print("bench: WARNING: famprog's source changed between the --jobs 1 and --jobs 2 runs")
    table.add(f"{label}: --jobs 1 and --jobs 2 records byte-identical", "yes" if identical else "NO")
    for code, run in (("1", one), ("2", two)):
        if run.returncode:
            table.add(f"{label}, --jobs {code}: exit code (some documents failed)", str(run.returncode))
    return one, two


def reference(table: Table, files: list[Path], words: int) -> float | None:
    """The statistical reference's words/s, or None when it is not installed."""
    if not reference_installed():
        table.add("reference", f"skipped: {REFERENCE_MODEL} is not installed")
        return None
    listing = write_list(files)
    try:
        ref = measure([sys.executable, __file__, "--reference-child", listing])
    finally:
        os.unlink(listing)
    figures = json.loads(ref.stdout.strip().splitlines()[-1])
    ref_rate = words / figures["pipe"]
    table.add(f"model version {figures['model']}: load time", f"{figures['load']:.1f} s")
    table.add("reference words/s (pipe only, load excluded)", f"{ref_rate:,.0f}")
    table.add("reference peak RSS", f"{ref.peak_mib:.0f} MiB")
    return ref_rate


def compile_bytecode() -> None:
    """Write famprog's bytecode before timing, as an installed package has it.

    An editable install has no ``__pycache__`` until a run writes it, and with
    ``PYTHONDONTWRITEBYTECODE`` set (as in some CI and container shells) no run ever does: every
    timed child would compile famprog's sources again (about 0.15 s per process, workers included),
    which no installed copy pays."""
    import compileall

    import famprog

    compileall.compile_dir(Path(famprog.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=generate.DEFAULT_DOCS)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--no-reference", action="store_true", help="skip the fr_core_news_sm reference")
    parser.add_argument("--no-adversarial", action="store_true", help="skip the backtracking inputs")
    parser.add_argument("--no-strace", action="store_true", help="skip counting file-system calls")
    parser.add_argument("--reference-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reference_child:
        reference_child(args.reference_child)
        return 0

    import spacy

    from famprog import __version__
    from famprog.reading import read_path

    began = time.perf_counter()
    table = Table()
    print(
        f"famprog {__version__} bench: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"spaCy {spacy.__version__}, {platform.machine()} {platform.system()}"
    )

    compile_bytecode()
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"bench: WARNING: load average {load:.1f} before the start; other processes skew the figures")
    table.section("corpus")
    if generate.is_current(CORPUS, args.docs, args.seed):
        state = "up to date"
    else:
        generate.generate(CORPUS, args.docs, args.seed)
        state = "generated"
    files = corpus_files(CORPUS)
    texts = [read_path(p).text for p in files]
    words = sum(len(t.split()) for t in texts)
    size = sum(p.stat().st_size for p in files)
    table.add(f"documents (seed {args.seed}, {state})", f"{len(files):,}")
    table.add("size", f"{size / 1e6:.2f} MB")
    table.add("words (whitespace tokens of the decoded texts)", f"{words:,}")
    table.add("chunks new to the process, whole corpus", f"{100 * new_chunk_share(texts):.1f}%")
    table.add("chunks new to the process, first 72 documents", f"{100 * new_chunk_share(texts[:72]):.1f}%")

    table.section("batch extraction, fact store off (famprog extract --no-db --format json --force --quiet)")
    nodb, nodb2 = batch(table, files, words, store=False)
    table.section("batch extraction, fact store on (famprog extract --format json --force --quiet)")
    db, db2 = batch(table, files, words, store=True)
    table.section("the default command (famprog extract CORPUS --force --quiet: JSON and YAML records, store on)")
    default = measure(extract_cmd([str(CORPUS)], OUT / "default", 1, store=True, fmt=None))
    table.add("--jobs 1: wall time", f"{default.seconds:.1f} s")
    table.add("--jobs 1: words/s", f"{words / default.seconds:,.0f}")

    table.section("peak memory vs corpus share (store on, --jobs 1)")
    peaks = {}
    for share, step in (("25%", 4), ("50%", 2)):
        subset = [str(p) for p in files[::step]]
        run = measure(extract_cmd(subset, OUT / f"share{step}", 1, store=True))
        peaks[share] = run.peak_mib
        table.add(f"{share} ({len(subset)} documents): peak RSS", f"{run.peak_mib:.0f} MiB")
    peaks["100%"] = db.peak_mib
    table.add(f"100% ({len(files)} documents, the --jobs 1 run): peak RSS", f"{db.peak_mib:.0f} MiB")
    growth = peaks["100%"] / peaks["25%"]
    table.add("peak RSS 100% / 25%", f"{growth:.2f}", f"target flat (<= 1.10): {_ok(growth <= 1.10)}")

    table.section(f"reference: spacy.load('{REFERENCE_MODEL}').pipe(texts, batch_size={REFERENCE_BATCH}), one process")
    ref_rate = None if args.no_reference else reference(table, files, words)
    if args.no_reference:
        table.add("reference", "skipped (--no-reference)")
    if ref_rate:
        for label, run, target in (
            ("store on, --jobs 1", db, 10),
            ("--no-db, --jobs 1", nodb, 12),
            ("default (JSON + YAML, store on), --jobs 1", default, None),
            ("store on, --jobs 2", db2, None),
            ("--no-db, --jobs 2", nodb2, None),
        ):
            ratio = (words / run.seconds) / ref_rate
            goal = f"target >= {target}x: {_ok(ratio >= target)}" if target else ""
            table.add(f"famprog {label} (whole command) / reference", f"{ratio:.1f}x", goal)

    sample = files[:: max(1, len(files) // 400)]
    table.section(f"stages, in process (bench/stages.py, store on, --jobs 1, {len(sample)} documents, fresh process)")
    stage_profile(table, sample, store=True)

    if args.no_strace or shutil.which("strace") is None:
        table.section("file-system calls: skipped" + ("" if args.no_strace else " (strace is not installed)"))
    else:
        table.section("file-system calls per document (strace -f -c, --jobs 1; runs of n and 3n documents)")
        for store in (True, False):
            fs_calls(table, files[:300], store)

    table.section("start-up")
    helps = [measure([FAMPROG, "--help"]).seconds for _ in range(5)]
    help_median = statistics.median(helps)
    table.add("famprog --help (median of 5)", f"{help_median:.3f} s", f"target < 0.3 s: {_ok(help_median < 0.3)}")
    single = sorted((ROOT / "data" / "raw" / "th").glob("*.txt"))[0]
    colds = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [FAMPROG, "extract", str(single.relative_to(ROOT)), "--out", tmp, "--no-db"]
            colds.append(measure(cmd).seconds)
    cold = statistics.median(colds)
    table.add(
        f"cold extract of {single.relative_to(ROOT)} (median of 3)",
        f"{cold:.3f} s",
        f"target < 1.5 s: {_ok(cold < 1.5)}",
    )

    if not args.no_adversarial:
        table.section("adversarial inputs, in process: read_bytes + extract (best of up to 3; linear ~ 8)")
        adversarial(table)

    print(f"\nbench: done in {time.perf_counter() - began:.0f} s")
    return 0


def _ok(passed: bool) -> str:
    return "ok" if passed else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
