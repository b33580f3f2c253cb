"""The scorer of ../shared on the seed press releases, when that folder is there (CI has it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS, GOLD, SCORER = SHARED / "seeds", SHARED / "eval" / "gold", SHARED / "eval" / "score.py"

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared is not beside the checkout")


def test_seed_scores_reach_the_bar(tmp_path):
    from typer.testing import CliRunner

    from famprog.cli import app

    result = CliRunner().invoke(
        app, ["extract", str(SEEDS), "--out", str(tmp_path), "--format", "json", "--no-db", "--jobs", "1", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(tmp_path), "--json"], capture_output=True, text=True, check=True
    )
    # --json prints the figures, then its one-line verdict
    rows = json.loads(scored.stdout.rsplit("\nmicro F1", 1)[0])["rows"]
    assert rows["micro"]["f1"] >= 0.90
    assert rows["facts"]["f1"] >= 0.60
