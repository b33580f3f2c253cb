"""Large single releases: famprog's time and peak memory on one document of 1, 4 and 16 MB.

    python bench/large.py [--sizes 1,4,16]

Each size runs in its own child process (``famprog extract FILE --no-db``), timed as a whole and with
its peak resident memory from ``os.wait4``; the text is a bundled release repeated to the size, so
every component meets the same mix of names, values and sentences at every size. Linear time means
t(16 MB) / t(1 MB) near 16. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "raw" / "he" / "pm-2022-118.txt"
FAMPROG = str(Path(sys.executable).parent / "famprog")
MB = 1_000_000


def release_of_size(size: int) -> bytes:
    """A bundled release repeated (paragraph-separated) to ``size`` bytes, cut at a line end."""
    block = SOURCE.read_bytes() + b"\n\n"
    data = block * (size // len(block) + 1)
    cut = data.rfind(b"\n", 0, size)
    return data[: cut if cut > 0 else size]


def run_one(path: Path, out: Path) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one ``famprog extract`` child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [FAMPROG, "extract", str(path), "--out", str(out), "--no-db", "--format", "json", "--force", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def measure_large(sizes_mb: list[int], report) -> None:
    """Run every size and hand each row to ``report(what, value, target)``."""
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes_mb:
            path = Path(tmp) / f"release-{size}mb.txt"
            path.write_bytes(release_of_size(size * MB))
            seconds, peak, code = run_one(path, Path(tmp) / "out")
            times[size] = seconds
            status = "" if code == 0 else f"exit {code}"
            report(f"one release of {size} MB: wall time, peak RSS", f"{seconds:.1f} s, {peak:.0f} MiB", status)
    if len(times) >= 2:
        small, large = min(times), max(times)
        ratio = times[large] / times[small]
        report(
            f"t({large} MB) / t({small} MB)",
            f"{ratio:.1f}",
            f"linear ~ {large / small:.0f} (start-up of about 1 s counts in the small one)",
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,4,16", help="sizes in MB, comma-separated")
    args = ap.parse_args()
    print("large releases (famprog extract FILE --no-db, one child process each)")
    measure_large(
        [int(s) for s in args.sizes.split(",") if s.strip()],
        lambda what, value, target="": print(f"  {what:<52} {value:>22}  {target}", flush=True),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
