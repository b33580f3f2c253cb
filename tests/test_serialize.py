"""serialize.to_dict: the fast conversion gives what a plain field-by-field walk gives, over a table of
records and values, and its table of dataclass field names stays bounded."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from typing import Any

import pytest

from famprog import serialize
from famprog.model import Amount, CenterCount, DateItem, Document, Fact, Mention, Organisation, Person, Program, Record


def reference(obj: Any) -> Any:
    """The conversion written plainly: what ``to_dict`` must give."""
    if isinstance(obj, str | int | float | bool | type(None)):
        return obj
    if isinstance(obj, list | tuple):
        return [reference(x) for x in obj]
    if is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in fields(obj):
            value = reference(getattr(obj, f.name))
            if not isinstance(obj, Record) and (value is None or value == []) and f.name != "published":
                continue
            out[f.name] = value
        return out
    return obj


class Kind(StrEnum):
    DATE = "date"


@dataclass(frozen=True, order=True)
class SubMention(Mention):
    note: str | None = None


M = Mention(3, 9, "Kita-Plus")
DOC = Document(path="a.txt", sha256="0" * 64, encoding="utf-8", format="text", chars=120)
FULL = Record(
    document=Document(
        "a.html", "f" * 64, "cp1252", "html", 5, "Titel", "2024-01-02", "text", "Land", "u", "s", "Bayern"
    ),
    programs=[Program("p1", "Kita-Plus", "KP", ["Kita Plus"], True, "Kita", "Bund", [M, M])],
    organisations=[Organisation("o1", "Ministerium", mentions=[M])],
    people=[Person("x1", "Anna Muster", ["Dr."], "Ministerin", "SPD", [M])],
    dates=[DateItem("2024-01-01", "2024-12-31", "span", [M]), DateItem("2024", kind=Kind.DATE)],
    amounts=[Amount(1.5e6, period="year", approximate=True, per="Kind"), Amount(0, mentions=[])],
    center_counts=[CenterCount(12, "Familienzentrum", mentions=(M,))],  # a tuple where a list stands
    facts=[
        Fact("p1", "Kita-Plus", "funding", 1500000, evidence=M, rule="r", confidence=0.9),
        Fact("p1", "", "region", ""),
    ],
)


@pytest.mark.parametrize(
    "value",
    [
        Record(document=DOC),  # a record keeps its empty lists, the document its null ``published``
        FULL,
        M,
        [M, (M, None), [], "x", 1, 2.5, True, None],
        Kind.DATE,
        {"a": 1},  # not a dataclass: as it is
        Mention,  # a dataclass class, not an instance: as it is
        DateItem("2024", mentions=None),  # type: ignore[arg-type]
        # mentions are built directly when they hold two ints and a str; any other content as any dataclass
        Mention(0, 0, ""),
        [Mention(1, 2, None), Mention(1, 2, []), Mention(None, 2, "x")],  # type: ignore[arg-type]
        [Mention(True, 2, "x"), Mention(1.0, 2, "x"), Mention(1, 2, Kind.DATE), Mention(1, 2, M)],  # type: ignore[arg-type]
        Fact("p1", "P", "start", "2024", evidence=Mention(1, 2, ("a", M))),  # type: ignore[arg-type]
        (SubMention(1, 2, "x", "note"), SubMention(1, 2, "x", None)),
    ],
)
def test_to_dict_as_the_plain_walk(value: Any) -> None:
    got = serialize.to_dict(value)
    assert got == reference(value)
    if isinstance(got, dict):
        assert list(got) == list(reference(value))  # the key order is the output's
        assert serialize.dumps_json(got) == serialize.dumps_json(reference(value))


def test_field_table_stays_bounded() -> None:
    for n in range(serialize._MAX_PLANS + 50):
        cls = dataclass(type(f"Made{n}", (), {"__annotations__": {"a": int}}))
        assert serialize.to_dict(cls(a=n)) == {"a": n}
    assert len(serialize._PLANS) <= serialize._MAX_PLANS
    assert serialize.to_dict(FULL) == reference(FULL)  # the model's classes still convert
