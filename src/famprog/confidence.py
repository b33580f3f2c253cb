"""How far to trust a fact: the measured precision of the rule that produced it.

Every fact names its rule (``funding:named-in-sentence``, ``center_count:previous-sentence``, …). The
table ``resources/de/confidence.json`` holds, per rule, how many of its facts matched a gold fact
(``tp``) and how many were spurious (``fp``) on the annotated releases beside the project
(``../shared/realdev``) and on famprog's own held-out set (``tests/fixtures/devset``), scored with
the shared scorer (a fact the gold marks optional counts neither way). A fact's ``confidence`` is
that precision, smoothed for rules seen rarely: a Beta prior of strength ``PRIOR`` (pseudo-facts)
centred on the precision of all rules of the same predicate, which is itself smoothed towards the
precision of all facts:

    predicate: (tp_p + PRIOR * p_all) / (n_p + PRIOR)        rule: (tp_r + PRIOR * p_pred) / (n_r + PRIOR)

A rule never seen gets its predicate's figure, a predicate never seen ``p_all``.

    python -m famprog.confidence --rebuild [--shared ../shared]    rebuilds the table from the data
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import is_dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from famprog.errors import FamprogError, ResourceError

__all__ = ["apply_confidence", "build_table", "confidence_of", "filter_facts", "load_table"]

PRIOR = 4.0
TABLE = "confidence.json"
REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared"
DEVSET = REPO / "tests" / "fixtures" / "devset"
SETS = ("realdev", "devset")


# ---- using the table -----------------------------------------------------------------------------


@cache
def load_table() -> dict[str, Any]:
    """The shipped table (``resources/de/confidence.json``), parsed once per process."""
    path = resources.files("famprog") / "resources" / "de" / TABLE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError(f"the confidence table de/{TABLE} is missing") from exc
    except ValueError as exc:
        raise ResourceError(f"the confidence table de/{TABLE} is malformed: {exc}") from exc


def confidence_of(rule: str, table: dict[str, Any] | None = None) -> float:
    """The confidence (0..1) of a fact made by ``rule``: its rule's smoothed precision, else its
    predicate's (the part of the rule before the first ':'), else that of all facts."""
    table = table if table is not None else load_table()
    if rule in table["rules"]:
        return float(table["rules"][rule]["confidence"])
    predicate = rule.split(":", 1)[0]
    if predicate in table["predicates"]:
        return float(table["predicates"][predicate]["confidence"])
    return float(table["all"]["confidence"])


def apply_confidence(record: Any) -> Any:
    """Set ``confidence`` on every fact of a record (a ``famprog.model.Record`` or its dict) from its
    rule; returns the same record. Facts are dataclasses (attribute) or dicts (key)."""
    for fact in _facts(record):
        value = confidence_of(_get(fact, "rule") or "")
        if isinstance(fact, dict):
            fact["confidence"] = value
        else:
            fact.confidence = value
    return record


def filter_facts(record: Any, min_confidence: float) -> Any:
    """Drop the facts below ``min_confidence`` (0..1) from a record or record dict, in place; facts
    without a confidence get it from their rule first. Returns the record. ``ValueError`` outside 0..1."""
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be from 0 to 1, not {min_confidence}")
    kept = []
    for fact in _facts(record):
        value = _get(fact, "confidence")
        if value is None:
            value = confidence_of(_get(fact, "rule") or "")
        if value >= min_confidence:
            kept.append(fact)
    if isinstance(record, dict):
        record["facts"] = kept
    else:
        record.facts = kept
    return record


def _facts(record: Any) -> list[Any]:
    if isinstance(record, dict):
        return list(record.get("facts") or [])
    if is_dataclass(record):
        return list(record.facts)
    raise TypeError(f"not a famprog record: {type(record).__name__}")


def _get(fact: Any, name: str) -> Any:
    return fact.get(name) if isinstance(fact, dict) else getattr(fact, name, None)


# ---- measuring it ----------------------------------------------------------------------------------


class ConfidenceDataError(FamprogError):
    """The annotated data the table is measured on is not there."""


def _scorer(shared: Path) -> Any:
    path = shared / "eval" / "score.py"
    if not path.is_file():
        raise ConfidenceDataError(f"{path}: the shared scorer is missing")
    spec = importlib.util.spec_from_file_location("famprog_shared_score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def gold_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    """(name, texts folder, gold folder) of the annotated sets the table is measured on."""
    folders = {"realdev": shared / "realdev", "devset": DEVSET}
    sets = [(name, folders[name] / "texts", folders[name] / "gold") for name in SETS]
    missing = [str(g) for _, _, g in sets if not g.is_dir()]
    if missing:
        raise ConfidenceDataError(f"annotated data missing: {', '.join(missing)}")
    return sets


def count_rules(shared: Path = DEFAULT_SHARED) -> dict[str, dict[str, int]]:
    """{rule: {"tp": n, "fp": n}} over the gold sets: each record's facts matched one to one against
    the gold facts with the shared scorer's own matching; spurious facts are fp, optional ones neither."""
    import yaml

    from famprog.api import extract_file, record_to_dict

    score = _scorer(shared)
    counts: dict[str, dict[str, int]] = {}
    for _, texts, golds in gold_sets(shared):
        for gold_path in sorted(golds.glob("*.yaml")):
            text = next((p for p in sorted(texts.glob(gold_path.stem + ".*")) if p.suffix != ".yaml"), None)
            if text is None:
                continue
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            pred = record_to_dict(extract_file(text))
            _count_document(score, pred, gold, counts)
    return counts


def _count_document(score: Any, pred: dict[str, Any], gold: dict[str, Any], counts: dict[str, dict[str, int]]) -> None:
    s_facts, g_facts = list(pred.get("facts") or []), list(gold.get("facts") or [])
    pairs = [(1.0 if score.fact_matches(pred, s, gold, g) else 0.0, si, gi)
             for si, s in enumerate(s_facts) for gi, g in enumerate(g_facts)]
    matched = score.assign(pairs)
    optional = list((gold.get("optional") or {}).get("facts") or [])
    for si, fact in enumerate(s_facts):
        tally = counts.setdefault(fact.get("rule") or "", {"tp": 0, "fp": 0})
        if si in matched:
            tally["tp"] += 1
        elif not any(score.fact_matches(pred, fact, gold, o) for o in optional):
            tally["fp"] += 1


def _smoothed(tp: int, fp: int, prior_mean: float) -> float:
    return round((tp + PRIOR * prior_mean) / (tp + fp + PRIOR), 3)


def build_table(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The confidence table from counts per rule (see the module doc for the smoothing)."""
    tp_all = sum(c["tp"] for c in counts.values())
    fp_all = sum(c["fp"] for c in counts.values())
    p_all = round(tp_all / (tp_all + fp_all), 3) if tp_all + fp_all else 0.5
    by_predicate: dict[str, dict[str, int]] = {}
    for rule, c in counts.items():
        p = by_predicate.setdefault(rule.split(":", 1)[0], {"tp": 0, "fp": 0})
        p["tp"], p["fp"] = p["tp"] + c["tp"], p["fp"] + c["fp"]
    predicates = {
        name: {**c, "confidence": _smoothed(c["tp"], c["fp"], p_all)} for name, c in sorted(by_predicate.items())
    }
    rules = {rule: {**c, "confidence": _smoothed(c["tp"], c["fp"], predicates[rule.split(":", 1)[0]]["confidence"])}
             for rule, c in sorted(counts.items())}
    return {
        "about": "confidence of a fact = smoothed precision of its rule, measured by python -m famprog.confidence"
        " --rebuild on ../shared/realdev and tests/fixtures/devset (see famprog/confidence.py)",
        "prior_strength": PRIOR,
        "sets": list(SETS),
        "all": {"tp": tp_all, "fp": fp_all, "confidence": p_all},
        "predicates": predicates,
        "rules": rules,
    }


def dumps_table(table: dict[str, Any]) -> str:
    """The table as the shipped file's text: indented, keys in order, a final newline."""
    return json.dumps(table, ensure_ascii=False, indent=1) + "\n"


def table_path() -> Path:
    return Path(__file__).resolve().parent / "resources" / "de" / TABLE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m famprog.confidence", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help=f"measure the rules again and write de/{TABLE}")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (realdev, eval)")
    args = parser.parse_args(argv)
    if not args.rebuild:
        table = load_table()
        for rule, row in table["rules"].items():
            print(f"{row['confidence']:.3f}  tp {row['tp']:3d}  fp {row['fp']:3d}  {rule}")
        return 0
    try:
        table = build_table(count_rules(args.shared))
    except FamprogError as exc:
        print(f"famprog: {exc}", file=sys.stderr)
        return 2
    table_path().write_text(dumps_table(table), encoding="utf-8")
    print(f"famprog: {len(table['rules'])} rules measured, written to {table_path()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
