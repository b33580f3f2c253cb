"""The scorer of ../shared on the seed press releases, when that folder is there (CI has it)."""

from __future__ import annotations

import pytest

from conftest import SCORER, SHARED, scored_rows

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared is not beside the checkout")


def test_seed_scores_reach_the_bar(tmp_path):
    rows = scored_rows(SHARED / "seeds", SHARED / "eval" / "gold", tmp_path)
    assert rows["micro"]["f1"] >= 0.90
    assert rows["facts"]["f1"] >= 0.60
