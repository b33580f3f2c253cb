"""Record <-> dict, and JSON / YAML text with a stable key order.

Keys follow the dataclass field order of ``famprog.model``; ``None`` values and empty lists are left
out, except ``document.published``, which the record contract always carries. Output is byte-identical
for the same record: no timestamps, no set iteration, no locale.
"""

from __future__ import annotations

import io
import sys
from dataclasses import fields, is_dataclass
from typing import Any

import orjson
import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from famprog import caches
from famprog.errors import FamprogError
from famprog.model import Mention, Record

ALWAYS = {"published"}


# exact types, one set lookup per value (a subclass of str, an enum value, is returned as it is below)
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})

_PLANS: dict[type, tuple[tuple[str, ...], bool] | None] = {}
_MAX_PLANS = 256  # one entry per class of the record model (plus what callers pass): never near full


def _plan(cls: type) -> tuple[tuple[str, ...], bool] | None:
    """Field names of a dataclass and whether it keeps its empty fields; None for any other class."""
    try:
        return _PLANS[cls]
    except KeyError:
        pass
    plan = (tuple(f.name for f in fields(cls)), issubclass(cls, Record)) if is_dataclass(cls) else None
    if len(_PLANS) < _MAX_PLANS:
        _PLANS[cls] = plan
    return plan


def to_dict(obj: Any) -> Any:
    """Dataclasses (recursively) as dicts in field order, lists and tuples as lists, plain values as
    they are; ``None`` and empty lists are left out of every dataclass but ``Record``."""
    cls = type(obj)
    if cls in _PLAIN_TYPES:
        return obj
    if cls is Mention:
        return _mention_dict(obj)
    plan = _PLANS.get(cls) or _plan(cls)  # the dict first: most values are dataclasses of the model
    if plan is not None:
        return _dataclass_dict(obj, *plan)
    if isinstance(obj, list | tuple):
        return [_mention_dict(x) if type(x) is Mention else x if type(x) in _PLAIN_TYPES else to_dict(x) for x in obj]
    return obj


def _dataclass_dict(obj: Any, names: tuple[str, ...], keep_empty: bool) -> dict[str, Any]:
    out = {}
    for name in names:
        value = getattr(obj, name)
        if type(value) is list:  # the item lists and mentions, without a call of their own
            value = [
                _mention_dict(x) if type(x) is Mention else x if type(x) in _PLAIN_TYPES else to_dict(x) for x in value
            ]
        elif type(value) not in _PLAIN_TYPES:
            value = to_dict(value)
        if not keep_empty and (value is None or value == []) and name not in ALWAYS:
            continue
        out[name] = value
    return out


def _mention_dict(mention: Mention) -> dict[str, Any]:
    """A mention as ``to_dict`` gives it, built at once when its fields hold what the model says (two
    ints and a str): mentions are most of a record's objects (about 40 of 80 on the bench corpus)."""
    start, end, text = mention.start, mention.end, mention.text
    if type(start) is int and type(end) is int and type(text) is str:
        return {"start": start, "end": end, "text": text}
    return _dataclass_dict(mention, *_plan(Mention))  # type: ignore[misc]


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

_STR, _MAP, _SEQ, _INT, _BOOL, _NULL = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "int", "bool", "null")
)
_EVENTS: dict[tuple[str, str], ScalarEvent] = {}
_MAX_EVENTS = 65_536  # distinct scalars remembered (names and quotes vary); then start afresh


def clear_caches() -> None:
    """Forget the scalars' events (``caches.release``)."""
    _EVENTS.clear()


caches.register(sys.modules[__name__])


def _scalar(dumper: _BlockDumper, tag: str, value: str, style: str | None = None) -> ScalarEvent:
    """The event of a scalar as PyYAML's serializer makes it, with its ``implicit`` pair: whether its
    plain text reads back with ``tag`` ("2024" does not read back as a str, so it is quoted), and
    whether its quoted text does. Both depend on the text only (a safe dumper has no path resolvers),
    and the emitter only reads an event, so each distinct scalar's event is made once: a record
    repeats most of its scalars (keys, rule names, types)."""
    key = (tag, value)
    event = _EVENTS.get(key)
    if event is None:
        implicit = (
            tag == dumper.resolve(ScalarNode, value, (True, False)),
            tag == dumper.resolve(ScalarNode, value, (False, True)),
        )
        event = ScalarEvent(None, tag, implicit, value, style=style)
        if len(_EVENTS) >= _MAX_EVENTS:
            _EVENTS.clear()
        _EVENTS[key] = event
    return event


class _NotPlain(Exception):
    """A value of a type ``_emit`` does not write itself (a subclass, a tuple, a set)."""


def _emit(dumper: _BlockDumper, data: Any) -> None:
    """Hand ``data`` to the emitter as the events PyYAML's representer and serializer would make of
    it (``default_flow_style=False``, no aliases), for the types of a record. The representer's
    node graph, its look-ups along each type's method resolution order and the serializer's three
    calls back per node were two thirds of a dump. Raises ``_NotPlain`` on any other type."""
    emit = dumper.emit
    cls = type(data)
    if cls is str:
        emit(_scalar(dumper, _STR, data, "|" if "\n" in data else None))
    elif cls is dict:
        emit(MappingStartEvent(None, _MAP, True, flow_style=False))
        for key, value in data.items():
            _emit(dumper, key)
            _emit(dumper, value)
        emit(MappingEndEvent())
    elif cls is list:
        emit(SequenceStartEvent(None, _SEQ, True, flow_style=False))
        for value in data:
            _emit(dumper, value)
        emit(SequenceEndEvent())
    elif cls is int:  # SafeRepresenter: str(data); bool and None as below
        emit(_scalar(dumper, _INT, str(data)))
    elif cls is bool:
        emit(_scalar(dumper, _BOOL, "true" if data else "false"))
    elif data is None:
        emit(_scalar(dumper, _NULL, "null"))
    elif cls is float:
        node = dumper.represent_float(data)  # .nan, .inf, 1.0e+17
        emit(_scalar(dumper, node.tag, node.value, node.style))
    else:
        raise _NotPlain(cls.__name__)


def dumps_yaml(data: dict[str, Any]) -> str:
    """The record as YAML (``RecordValueError`` when a value cannot be written): the text of
    ``yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False,
    default_flow_style=False, width=110)``, for plain records in about 60% of its time (events go
    to libyaml's emitter directly), for any other value through ``yaml.dump`` itself."""
    options: dict[str, Any] = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False, "width": 110}
    try:
        stream = io.StringIO()
        dumper = _BlockDumper(stream, **options)
        try:
            dumper.open()
            dumper.emit(DocumentStartEvent(explicit=None))
            _emit(dumper, data)
            dumper.emit(DocumentEndEvent(explicit=None))
            dumper.close()
            return stream.getvalue()
        except _NotPlain:
            return yaml.dump(data, Dumper=_BlockDumper, **options)
        finally:
            dumper.dispose()
    except (yaml.YAMLError, UnicodeError, TypeError, ValueError) as exc:
        raise RecordValueError(f"a value of the record cannot be written as YAML ({exc})") from exc
