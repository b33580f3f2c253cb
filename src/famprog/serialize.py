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


def dumps_json(data: dict[str, Any]) -> str:
    # orjson: the standard library's encoder falls back to pure Python as soon as it indents
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def dumps_jsonl(data: dict[str, Any]) -> str:
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8")


class _BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when present: 10x faster
    """Safe dumper writing multi-line strings as blocks and never aliasing repeated objects."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def dumps_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110
    )
