"""Records as ``famprog extract`` writes them, read back: ``*.json`` and ``*.yaml`` record files and
``records.jsonl`` (a record per line), for the commands that take records as input (``review``,
``diff``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from famprog.errors import InputError

RECORD_SUFFIXES = frozenset({".json", ".yaml", ".yml", ".jsonl"})  # .jsonl: a record per line (records.jsonl)
YAML_SUFFIXES = frozenset({".yaml", ".yml"})


def without_yaml_twins(files: Iterable[Path]) -> list[Path]:
    """``files`` without the YAML record of a record also written as JSON (``--format both``), in
    their order."""
    files = list(files)
    json_twins = {p.with_suffix("") for p in files if p.suffix.lower() == ".json"}
    return [p for p in files if p.suffix.lower() not in YAML_SUFFIXES or p.with_suffix("") not in json_twins]


def read_record(path: Path) -> dict[str, Any]:
    """One record file, JSON or YAML. ``InputError`` when it cannot be read or is no famprog record
    (a mapping with a ``document`` mapping)."""
    import orjson
    import yaml

    try:
        raw = path.read_bytes()
        data = orjson.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"not a famprog record ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
        raise InputError(str(path), "not a famprog record (no document)")
    return data


def read_jsonl(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    """The records of a ``records.jsonl`` (``extract --format jsonl --out DIR``), one per line; a line
    that is not a famprog record is one line in ``problems`` naming FILE:LINE, and is skipped.
    ``InputError`` when the file cannot be read at all."""
    import orjson

    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read it ({exc.strerror or exc})") from exc
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except ValueError as exc:
            problems.append(f"{path}:{n}: not a famprog record ({exc})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("document"), dict):
            problems.append(f"{path}:{n}: not a famprog record (no document)")
            continue
        records.append(data)
    return records
