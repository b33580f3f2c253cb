"""Golden records for the bundled examples in data/raw.

The expected records live in tests/golden/. After a deliberate change of the extractor, regenerate
them with ``FAMPROG_UPDATE_GOLDEN=1 make test`` and review the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from famprog.extract import extract
from famprog.nlp import build_pipeline
from famprog.reading import read_path
from famprog.runner import SUFFIXES
from famprog.serialize import dumps_json, record_to_dict

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FAMPROG_UPDATE_GOLDEN") == "1"
EXAMPLES = sorted(p for p in RAW.rglob("*") if p.suffix in SUFFIXES)


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def test_there_are_enough_examples():
    assert len(EXAMPLES) >= 8
    assert any(p.suffix in {".html", ".htm"} for p in EXAMPLES)
    assert len({p.parent.name for p in EXAMPLES}) >= 4  # several states


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(RAW).as_posix())
def test_golden_record(pipeline, path):
    rel = path.relative_to(RAW).as_posix()
    source = read_path(path, display=rel)
    got = dumps_json(record_to_dict(extract(pipeline, source)))
    golden = GOLDEN / (rel.rsplit(".", 1)[0] + ".json")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden record for {rel}; run with FAMPROG_UPDATE_GOLDEN=1"
    assert json.loads(got) == json.loads(golden.read_text(encoding="utf-8"))
