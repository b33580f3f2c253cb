"""Record <-> dict, and JSON / YAML text with a stable key order.

Keys follow the dataclass field order of ``famprog.model``; ``None`` values and empty lists are left
out, except ``document.published``, which the record contract always carries. Output is byte-identical
for the same record: no timestamps, no set iteration, no locale.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

import orjson
import yaml

from famprog.errors import FamprogError
from famprog.model import Record

ALWAYS = {"published"}


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


PLAIN = (str, int, float, bool, type(None))


def to_dict(obj: Any) -> Any:
    if isinstance(obj, PLAIN):
        return obj
    if isinstance(obj, list | tuple):
        return [to_dict(x) for x in obj]
    if is_dataclass(obj) and not isinstance(obj, type):
        keep_empty = isinstance(obj, Record)
        out = {}
        for name in _field_names(type(obj)):
            value = to_dict(getattr(obj, name))
            if not keep_empty and (value is None or value == []) and name not in ALWAYS:
                continue
            out[name] = value
        return out
    return obj


def record_to_dict(record: Record) -> dict[str, Any]:
    return to_dict(record)


class RecordValueError(FamprogError):
    """A record holds a value that JSON cannot carry (an integer beyond 64 bits, text that is not
    valid Unicode): the document fails with one line, the batch goes on."""


def _orjson(data: dict[str, Any], option: int) -> str:
    try:
        return orjson.dumps(data, option=option).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError, ValueError) as exc:
        raise RecordValueError(f"a value of the record cannot be written as JSON ({exc})") from exc


def dumps_json(data: dict[str, Any]) -> str:
    """The record as indented JSON (``RecordValueError`` when a value cannot be written)."""
    # orjson: the standard library's encoder falls back to pure Python as soon as it indents
    return _orjson(data, orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def dumps_jsonl(data: dict[str, Any]) -> str:
    """The record as one line of JSON (``RecordValueError`` when a value cannot be written)."""
    return _orjson(data, orjson.OPT_APPEND_NEWLINE)


class _BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when present: 10x faster
    """Safe dumper writing multi-line strings as blocks and never aliasing repeated objects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def dumps_yaml(data: dict[str, Any]) -> str:
    """The record as YAML (``RecordValueError`` when a value cannot be written)."""
    try:
        return yaml.dump(
            data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110
        )
    except (yaml.YAMLError, UnicodeError, TypeError, ValueError) as exc:
        raise RecordValueError(f"a value of the record cannot be written as YAML ({exc})") from exc
