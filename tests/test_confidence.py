"""Confidence per fact: the measured, smoothed precision of its rule; the shipped table is rebuilt from
the annotated data and must not be stale; filtering by a threshold."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import famprog
from famprog.confidence import (
    DEFAULT_SHARED,
    PRIOR,
    apply_confidence,
    build_table,
    confidence_of,
    count_rules,
    dumps_table,
    filter_facts,
    load_table,
    table_path,
)

needs_shared = pytest.mark.skipif(
    not (DEFAULT_SHARED / "realdev" / "gold").is_dir() or not (DEFAULT_SHARED / "eval" / "score.py").is_file(),
    reason="../shared (realdev gold and the scorer) is not beside the checkout",
)

COUNTS = {
    "funding:named-in-sentence": {"tp": 36, "fp": 4},  # many observations: close to 0.9
    "funding:rare": {"tp": 1, "fp": 0},  # one observation: pulled towards the predicate, not 1.0
    "start:cue:named": {"tp": 0, "fp": 2},  # only errors: pulled up, but well below the rest
}


def test_smoothing_pulls_rare_rules_to_their_predicate():
    table = build_table(COUNTS)
    assert table["all"] == {"tp": 37, "fp": 6, "confidence": round(37 / 43, 3)}
    funding = table["predicates"]["funding"]
    assert funding["confidence"] == round((37 + PRIOR * table["all"]["confidence"]) / (41 + PRIOR), 3)
    rules = table["rules"]
    assert rules["funding:named-in-sentence"]["confidence"] == round((36 + PRIOR * funding["confidence"]) / 44, 3)
    assert funding["confidence"] < rules["funding:rare"]["confidence"] < 1.0
    assert rules["start:cue:named"]["confidence"] < 0.6
    assert rules["funding:rare"]["tp"] == 1 and rules["funding:rare"]["fp"] == 0  # the counts stay visible


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("funding:named-in-sentence", "rule"),
        ("funding:never-seen", "predicate"),  # an unknown rule of a known predicate
        ("region:never-seen", "all"),  # an unknown predicate
        ("", "all"),
    ],
)
def test_confidence_falls_back_from_rule_to_predicate_to_all(rule, expected):
    table = build_table(COUNTS)
    want = {
        "rule": table["rules"].get(rule, {}).get("confidence"),
        "predicate": table["predicates"]["funding"]["confidence"],
        "all": table["all"]["confidence"],
    }[expected]
    assert confidence_of(rule, table) == want


def test_the_shipped_table_is_consistent_with_its_counts():
    table = load_table()
    counts = {rule: {"tp": row["tp"], "fp": row["fp"]} for rule, row in table["rules"].items()}
    assert build_table(counts) == table
    assert dumps_table(table) == table_path().read_text(encoding="utf-8")
    assert all(0.0 < row["confidence"] < 1.0 for row in table["rules"].values())


RELEASE = (
    "Erfurt, 14. März 2019. Das Landesprogramm „Familienorte im Quartier“ fördert ab heute "
    "16 Familienzentren mit 600.000 Euro jährlich.\n"
)


def test_apply_confidence_to_records_and_dicts():
    record = famprog.extract_text(RELEASE)
    assert record.facts
    apply_confidence(record)
    assert all(f.confidence == confidence_of(f.rule) for f in record.facts)
    data = apply_confidence(record.to_dict())
    assert [f["confidence"] for f in data["facts"]] == [confidence_of(f.rule) for f in record.facts]


@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.8, 0.9, 1.0])
def test_filter_facts_keeps_facts_at_or_above_the_threshold(threshold):
    data = famprog.extract_text(RELEASE).to_dict()
    facts = copy.deepcopy(data["facts"])
    kept = filter_facts(data, threshold)["facts"]
    assert kept == [f for f in facts if confidence_of(f["rule"]) >= threshold]


@pytest.mark.parametrize("bad", [-0.1, 1.5])
def test_filter_facts_refuses_thresholds_outside_0_1(bad):
    with pytest.raises(ValueError):
        filter_facts({"facts": []}, bad)


@needs_shared
def test_the_shipped_table_is_not_stale():
    """Fails after a rule changed without `python -m famprog.confidence --rebuild`."""
    rebuilt = build_table(count_rules(DEFAULT_SHARED))
    shipped = load_table()
    stale = {
        rule: (shipped["rules"].get(rule), row)
        for rule, row in rebuilt["rules"].items()
        if shipped["rules"].get(rule) != row
    }
    stale.update({rule: (row, None) for rule, row in shipped["rules"].items() if rule not in rebuilt["rules"]})
    assert not stale, f"confidence table stale, run: python -m famprog.confidence --rebuild ({stale})"


@needs_shared
def test_confident_facts_are_precise_on_realdev():
    """Facts with confidence >= 0.8 have precision >= 0.8 when scored on realdev."""
    import yaml

    from famprog.confidence import _count_document, _scorer

    score = _scorer(DEFAULT_SHARED)
    counts: dict[str, dict[str, int]] = {}
    realdev = DEFAULT_SHARED / "realdev"
    for gold_path in sorted((realdev / "gold").glob("*.yaml")):
        text = next(p for p in (realdev / "texts").glob(gold_path.stem + ".*"))
        _count_document(
            score,
            famprog.extract_file(Path(text)).to_dict(),
            yaml.safe_load(gold_path.read_text(encoding="utf-8")),
            counts,
        )
    tp = sum(c["tp"] for r, c in counts.items() if confidence_of(r) >= 0.8)
    fp = sum(c["fp"] for r, c in counts.items() if confidence_of(r) >= 0.8)
    assert tp + fp > 0 and tp / (tp + fp) >= 0.8, (tp, fp)


@pytest.mark.parametrize("threshold", [0.0, 0.85, 1.0])
def test_extract_min_confidence_leaves_weaker_facts_out(tmp_path, threshold):
    import json

    from typer.testing import CliRunner

    from famprog.cli import app

    source = tmp_path / "a.txt"
    source.write_text(
        "Das Land Hessen fördert inzwischen 214 Familienzentren. Dafür stehen 2 Millionen Euro bereit.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = [
        "extract",
        str(source),
        "--out",
        str(out),
        "--no-db",
        "--format",
        "json",
        "--min-confidence",
        str(threshold),
    ]
    assert CliRunner().invoke(app, args).exit_code == 0
    facts = json.loads((out / "a.json").read_text(encoding="utf-8"))["facts"]
    assert all(f["confidence"] >= threshold for f in facts)
    if threshold == 0.0:
        assert facts


def test_the_readme_table_is_the_shipped_table() -> None:
    """README's confidence table and its figure for all facts say what confidence.json ships (a
    rebuilt table without a README update left the README's figures stale)."""
    import re

    from famprog.confidence import load_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = {
        m["rule"]: (int(m["tp"]), int(m["fp"]), m["confidence"])
        for m in re.finditer(r"^\| `(?P<rule>[^`]+)` \| (?P<tp>\d+) \| (?P<fp>\d+) \| (?P<confidence>[\d.]+) \|$",
                             readme, re.MULTILINE)
    }
    table = load_table()
    assert shown == {rule: (r["tp"], r["fp"], f"{r['confidence']:.2f}") for rule, r in table["rules"].items()}
    every = table["all"]
    assert f"({every['confidence']:.2f}: {every['tp']} right, {every['fp']} wrong)" in readme
