"""Shared test fixtures: the German pipeline (built once per session) and a CLI runner.

Tests marked ``slow`` run only with ``pytest --run-slow`` (or ``FAMPROG_RUN_SLOW=1``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "data" / "raw"  # ten fictional releases (txt, html, cp1252, BOM, CRLF)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", default=False, help="Also run tests marked slow.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than ~20 s; runs only with --run-slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow") or os.environ.get("FAMPROG_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp():
    """famprog's spaCy pipeline, built once for the whole session."""
    from famprog.nlp import build_pipeline

    return build_pipeline()


def invoke_cli(*args: str | os.PathLike[str], input: bytes | str | None = None) -> Result:
    """Run ``famprog ARGS...`` in-process; ``result.stdout`` and ``result.stderr`` are kept apart."""
    from famprog.cli import app

    return CliRunner().invoke(app, [os.fspath(a) for a in args], input=input)


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """``run_cli("extract", path, "--out", out, "--no-db")`` -> typer ``Result`` (exit_code, stdout, stderr)."""
    return invoke_cli


@pytest.fixture(scope="session")
def record_validator():
    """A jsonschema validator for famprog records (``validator.validate(record)``)."""
    from jsonschema import Draft202012Validator

    from famprog.schema import record_schema

    schema = record_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def files_under(root: Path, pattern: str = "*") -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones too) as ``relative posix path -> bytes``."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob(pattern)) if p.is_file()}


def assert_offsets(record: dict, text: str) -> None:
    """Every mention of every item and every fact's evidence slices back to its text."""
    for kind, items in record.items():
        if kind in ("document", "facts"):
            continue
        for item in items:
            for m in item["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"], (kind, item, m)
    for fact in record["facts"]:
        ev = fact.get("evidence")
        if ev is not None:
            assert text[ev["start"] : ev["end"]] == ev["text"], fact


SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "eval" / "score.py"


def scored_rows(texts: Path, gold: Path, out: Path) -> dict:
    """Extract ``texts`` into ``out`` (JSON, no store, one worker) and score them against ``gold`` with
    the shared scorer; returns its rows ({"micro": {"f1": …}, "facts": …, …})."""
    import json
    import subprocess
    import sys

    from typer.testing import CliRunner

    from famprog.cli import app

    args = ["extract", str(texts), "--out", str(out), "--format", "json", "--no-db", "--quiet", "--jobs", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(out), "--json"], capture_output=True, text=True, check=True
    )
    # --json prints the figures, then its one-line verdict
    return json.loads(scored.stdout.rsplit("\nmicro F1", 1)[0])["rows"]
