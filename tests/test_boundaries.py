"""Module boundaries of style.md, checked: normalize imports neither spaCy nor the CLI; model imports no famprog."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "famprog"


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_normalize_imports_no_spacy_and_no_cli():
    for path in (SRC / "normalize").glob("*.py"):
        found = imports(path)
        assert not any(m.split(".")[0] in {"spacy", "typer", "rich"} for m in found), path
        assert not any(m.startswith(("famprog.cli", "famprog.components", "famprog.nlp")) for m in found), path


def test_model_imports_nothing_of_famprog():
    assert not any(m.startswith("famprog") for m in imports(SRC / "model.py"))


def test_cli_start_imports_no_heavy_libraries():
    import subprocess
    import sys

    heavy = "('spacy', 'dateparser', 'trafilatura')"
    code = f"import sys, famprog.cli; print(' '.join(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
