"""serialize.to_dict: the fast conversion gives what a plain field-by-field walk gives, over a table of
records and values, and its table of dataclass field names stays bounded. serialize.dumps_yaml: its
event path writes the bytes yaml.dump writes, over a table of scalars that need quoting and at random."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- YAML: the event fast path writes what yaml.dump writes -------------------------------------------


def yaml_reference(data: Any) -> str:
    """The record's YAML as PyYAML's representer and serializer make it: what ``dumps_yaml`` must give."""
    import yaml

    return yaml.dump(
        data, Dumper=serialize._BlockDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110
    )


# scalars whose plain text would read back as another type, or that need quotes, blocks or folding
TRICKY_SCALARS = [
    "",
    " ",
    "2024",
    "2024-05-01",
    "0x1F",
    "1_000",
    "1e3",
    ".5",
    "-.inf",
    ".nan",
    "~",
    "null",
    "Null",
    "true",
    "ja",
    "yes",
    "No",
    "off",
    "y",
    "=",
    "<<",
    "a: b",
    "a:b",
    "#Kommentar",
    "Preis # netto",
    "- Punkt",
    "? frage",
    "[Liste]",
    "{x}",
    "'zitat'",
    '"Zitat"',
    "„Frühe Hilfen“",
    "@home",
    "`code`",
    "%Anteil",
    "!tag",
    "&anker",
    "*alias",
    "|",
    ">",
    "  führend",
    "folgend  ",
    "Zeile\nZeile",
    "Ende\n",
    "\nAnfang",
    "a\tb",
    "\u00a0Euro",
    "Familien\u00adzentrum",
    "x" * 200,
    "Wort " * 40,
    "2,5 Mio. €",
    "€",
    "ß",
    "\u2028",
    "\ufeffBOM",
    "\x85",
    0,
    -1,
    2**63,
    True,
    False,
    None,
    1.5,
    1e17,
    float("inf"),
    float("-inf"),
    float("nan"),
    -0.0,
]


@pytest.mark.parametrize("value", TRICKY_SCALARS, ids=repr)
def test_dumps_yaml_as_yaml_dump_for_each_scalar(value: Any) -> None:
    data = {"value": value, "list": [value, {"nested": value}], "key " + str(value): [], "empty": {}}
    assert serialize.dumps_yaml(data) == yaml_reference(data)


def test_dumps_yaml_as_yaml_dump_for_records() -> None:
    plain = replace(FULL, dates=[DateItem("2024-01-01", "2024-12-31", "span", [M]), DateItem("2024", kind="date")])
    for record in (Record(document=DOC), plain):
        data = serialize.record_to_dict(record)
        assert serialize.dumps_yaml(data) == yaml_reference(data)


def test_dumps_yaml_other_types_through_yaml_dump() -> None:
    """A value the event path does not write itself (a tuple, a str subclass) gives yaml.dump's text."""
    data = {"pair": (1, 2), "kind": Kind.DATE, "plain": "x"}
    with pytest.raises(serialize.RecordValueError):  # a safe dumper cannot write an enum: one error
        serialize.dumps_yaml(data)
    data = {"pair": (1, 2), "plain": ["x", 3]}
    assert serialize.dumps_yaml(data) == yaml_reference(data)


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb"], ids=repr)
def test_dumps_yaml_unwritable_text_is_one_error(value: str) -> None:
    with pytest.raises(serialize.RecordValueError, match="YAML"):
        serialize.dumps_yaml({"text": value})


_scalars = st.one_of(
    st.text(max_size=130),
    st.sampled_from([s for s in TRICKY_SCALARS if isinstance(s, str)]),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=12), _documents, max_size=5))
def test_dumps_yaml_as_yaml_dump_property(data: dict[str, Any]) -> None:
    try:
        expected = yaml_reference(data)
    except Exception:  # text the emitter refuses (lone surrogates): dumps_yaml must refuse it as one error
        with pytest.raises(serialize.RecordValueError):
            serialize.dumps_yaml(data)
        return
    assert serialize.dumps_yaml(data) == expected


def test_dumps_yaml_scalar_events_stay_bounded() -> None:
    """Each distinct scalar's event is kept for the next record, up to a bound; past it the output is
    still yaml.dump's."""
    many = {"values": [f"Name {n}" for n in range(serialize._MAX_EVENTS + 10)]}
    assert serialize.dumps_yaml(many) == yaml_reference(many)
    assert len(serialize._EVENTS) <= serialize._MAX_EVENTS
    again = {"values": ["Name 1", 2024, "2024", True, None, "ja"]}
    assert serialize.dumps_yaml(again) == yaml_reference(again)
