"""Where one ``famprog extract`` run spends its time, stage by stage, measured in process.

    python bench/stages.py FILE_LIST OUT_DIR [--no-db]

Runs famprog's command line in this process (``--jobs 1``, store on unless ``--no-db``) on the files
listed in FILE_LIST, with cheap timers wrapped around the functions that make up each stage (reading,
tokenization, each spaCy component, linking, regions, funding lines, facts, serialization, writing,
store). A stage's time is its own: time spent in a nested stage counts there, not twice. What no
stage covers (discovery, hashing, the pool, the progress line) is "other". Prints one JSON object:
{"stages": {name: seconds}, "calls": {name: calls}, "total": seconds, "documents": n}.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path
from typing import Any

_stack: list[list[float]] = []  # per open stage: [start, time of nested stages]
SECONDS: dict[str, float] = {}
CALLS: dict[str, int] = {}
MISSING: list[str] = []


def timed(stage: str, func: Any) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        frame = [time.perf_counter(), 0.0]
        _stack.append(frame)
        try:
            return func(*args, **kwargs)
        finally:
            _stack.pop()
            spent = time.perf_counter() - frame[0]
            SECONDS[stage] = SECONDS.get(stage, 0.0) + spent - frame[1]
            CALLS[stage] = CALLS.get(stage, 0) + 1
            if _stack:
                _stack[-1][1] += spent

    return wrapper


def wrap(owner: Any, attribute: str, stage: str) -> None:
    """Replace ``owner.attribute`` by a timed version; a name famprog no longer has is reported."""
    func = getattr(owner, attribute, None)
    if func is None:
        MISSING.append(f"{getattr(owner, '__name__', owner)}.{attribute}")
        return
    setattr(owner, attribute, timed(stage, func))


def instrument() -> None:
    import famprog.extract
    import famprog.link
    import famprog.reading
    import famprog.runner
    import famprog.serialize
    from famprog.funding_lines import FundingLines
    from famprog.nlp import build_pipeline, lean_lexemes

    wrap(famprog.runner, "_read_regular_file", "reading (file)")
    wrap(famprog.reading, "read_bytes", "reading (decode, clutter, title)")
    wrap(famprog.extract, "make_doc", "tokenization")
    nlp = lean_lexemes(build_pipeline())  # as famprog.runner builds it
    for name, component in nlp.pipeline:
        wrap(type(component), "__call__", f"component {name}")
    famprog.runner._NLP = nlp
    for func in ("programs", "organisations", "dates", "amounts", "center_counts", "people"):
        wrap(famprog.link, func, "linking")
    wrap(famprog.extract, "region_mentions", "regions")
    wrap(FundingLines, "find", "funding lines")
    wrap(famprog.extract, "link_facts", "facts")
    wrap(famprog.extract, "sentences", "facts (sentences)")
    wrap(famprog.extract, "publisher", "publisher")
    wrap(famprog.extract, "apply_confidence", "confidence")
    wrap(famprog.serialize, "record_to_dict", "serialization")
    wrap(famprog.runner, "serialize", "serialization")
    for func in ("write_file", "atomic_write"):
        wrap(famprog.runner, func, "writing")
    for method in ("save", "record"):
        wrap(famprog.runner.Manifest, method, "writing (manifest)")
    try:
        from famprog.store import Store
    except ImportError:
        return
    for method in ("upsert_record", "resolve", "documents", "item_entities_at"):
        wrap(Store, method, "store")
    for method in ("_finish_pending",):
        wrap(famprog.runner._Batch, method, "store (ids into records)")


def main(argv: list[str]) -> int:
    files = Path(argv[0]).read_text(encoding="utf-8").splitlines()
    out = argv[1]
    no_db = "--no-db" in argv[2:]
    instrument()
    from famprog.cli import app

    args = ["extract", *files, "--out", out, "--jobs", "1", "--format", "json", "--force", "--quiet"]
    if no_db:
        args.append("--no-db")
    started = time.perf_counter()
    try:
        app(args, standalone_mode=False)
    except SystemExit as exc:  # typer may exit 1 when a document failed
        if exc.code not in (0, 1, None):
            raise
    total = time.perf_counter() - started
    print(json.dumps({"stages": SECONDS, "calls": CALLS, "total": total, "documents": len(files), "missing": MISSING}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
