"""The JSON Schema of a famprog record (guidelines §5 plus famprog's extra fields)."""

from __future__ import annotations

from typing import Any

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _mention() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["start", "end", "text"],
        "properties": {
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "text": {"type": "string", "minLength": 1},
        },
        "additionalProperties": False,
    }


def _items(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": [*required, "mentions"],
            "properties": {
                **properties,
                "mentions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/mention"}},
            },
            "additionalProperties": False,
        },
    }


def record_schema() -> dict[str, Any]:
    string = {"type": "string", "minLength": 1}
    strings = {"type": "array", "items": string}
    date = {"type": "string", "pattern": ISO_DATE}
    named = {"id": string, "name": string, "abbreviation": string, "aliases": strings}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://famprog.invalid/record.schema.json",
        "title": "famprog record",
        "description": "What famprog extracts from one German press release about family-policy programs.",
        "type": "object",
        "required": ["document", "programs", "organisations", "people", "dates", "amounts", "center_counts", "facts"],
        "additionalProperties": False,
        "$defs": {"mention": _mention()},
        "properties": {
            "document": {
                "type": "object",
                "required": ["path", "sha256", "published"],
                "properties": {
                    "path": string,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "encoding": string,
                    "format": {"enum": ["text", "html"]},
                    "chars": {"type": "integer", "minimum": 0},
                    "title": string,
                    "published": {"oneOf": [date, {"type": "null"}]},
                    "published_from": {"enum": ["text", "meta"]},
                    "publisher": string,
                    "url": string,
                    "source": string,
                    "region": string,
                    "famprog_version": string,
                },
                "additionalProperties": False,
            },
            "programs": _items(
                {**named, "implicit": {"type": "boolean"}, "facility": string, "region": string}, ["id", "name"]
            ),
            "organisations": _items(named, ["id", "name"]),
            "people": _items(
                {"id": string, "name": string, "titles": strings, "role": string, "party": string}, ["id", "name"]
            ),
            "dates": _items(
                {"value": date, "end": date, "kind": {"enum": ["date", "span", "since", "until"]}}, ["value"]
            ),
            "amounts": _items(
                {
                    "value": {"type": "number"},
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    "period": {"enum": ["year", "month", "week", "day"]},
                    "approximate": {"type": "boolean"},
                    "per": string,
                },
                ["value", "currency"],
            ),
            "center_counts": _items(
                {"value": {"type": "integer", "minimum": 0}, "unit": string, "approximate": {"type": "boolean"}},
                ["value", "unit"],
            ),
            "facts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["subject", "predicate", "value"],
                    "properties": {
                        "subject": string,
                        "subject_name": string,
                        "predicate": {
                            "enum": ["funding", "center_count", "start", "end", "operated_by", "funded_by", "region"]
                        },
                        "value": {"type": ["number", "string"]},
                        "unit": string,
                        "currency": string,
                        "period": {"enum": ["year", "month", "week", "day"]},
                        "approximate": {"type": "boolean"},
                        "per": string,
                        "as_of": date,
                        "evidence": {"$ref": "#/$defs/mention"},
                        "rule": string,
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                    "additionalProperties": False,
                },
            },
        },
    }
