"""Programs and timelines from the fact store, through the library and the CLI."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from famprog.cli_knowledge import diff_command, programs_command, timeline_command
from famprog.store import Store
from famprog.timeline import UnknownProgramError, dated_on_or_after, format_value, list_programs, timeline

CORPUS = Path(__file__).parent / "fixtures" / "knowledge" / "lfb"

app = typer.Typer(pretty_exceptions_show_locals=False)
app.command("programs")(programs_command)
app.command("timeline")(timeline_command)
app.command("diff")(diff_command)
runner = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})

CONFLICTING = {
    "document": {"path": "corpus/lfb-2023-kurz.txt", "sha256": "k", "published": "2023-05-02"},
    "programs": [{"id": "p1", "name": "Landesprogramm Familienbildung", "abbreviation": "LFB"}],
    "facts": [
        {
            "subject": "p1",
            "predicate": "center_count",
            "value": 36,
            "unit": "Familienzentrum",
            "as_of": "2023-05-02",
            "evidence": {"start": 0, "end": 30, "text": "Inzwischen gibt es 36 Zentren."},
        }
    ],
}


def make_store(path: Path | str = ":memory:", extra: tuple[dict, ...] = ()) -> Store:
    store = Store.open(path)
    for file in sorted(CORPUS.rglob("*.json")):
        store.upsert_record(json.loads(file.read_text(encoding="utf-8")))
    for record in extra:
        store.upsert_record(record)
    return store


def test_list_programs() -> None:
    programs = list_programs(make_store())
    assert [p.id for p in programs] == ["landesprogramm-familie", "landesprogramm-familienbildung"]
    lfb = programs[1]
    assert (lfb.name, lfb.abbreviation, lfb.aliases) == (
        "Landesprogramm Familienbildung",
        "LFB",
        ["LFB-Programm"],
    )
    assert (lfb.documents, lfb.facts, lfb.first_seen, lfb.last_seen) == (3, 7, "2019-01", "2023-05-02")


@pytest.mark.parametrize(
    "name", ["LFB", "LFB-Programm", "landesprogramm familienbildung", "landesprogramm-familienbildung"]
)
def test_timeline_by_id_name_alias_or_abbreviation(name: str) -> None:
    entries = timeline(make_store(), name)
    assert [(e.as_of, e.predicate, e.value) for e in entries] == [
        ("2019-01", "center_count", 16),
        ("2019-01", "start", "2019-01"),
        ("2019-03-01", "funding", 600000),
        ("2019-03-01", "operated_by", "Karl Kübel Stiftung"),
        ("2021-06-15", "center_count", 28),
        ("2023-05-02", "center_count", 35),
        ("2023-05-02", "funding", 2600000),
    ]
    assert entries[4].document == "corpus/lfb-2021.txt"
    assert entries[4].evidence == "Im LFB-Programm arbeiten inzwischen 28 Familienzentren."
    assert not any(e.conflict for e in entries)


def test_timeline_flags_conflicts_between_documents() -> None:
    entries = timeline(make_store(extra=(CONFLICTING,)), "LFB")
    counts = [e for e in entries if e.predicate == "center_count" and e.as_of == "2023-05-02"]
    assert [(e.value, e.conflict, e.conflicting_values) for e in counts] == [
        (36, True, [35, 36]),
        (35, True, [35, 36]),
    ]
    funding = [e for e in entries if e.predicate == "funding"]
    assert not any(e.conflict for e in funding)


def test_same_value_twice_is_no_conflict() -> None:
    again = json.loads(json.dumps(CONFLICTING))
    again["facts"][0]["value"] = 35
    entries = timeline(make_store(extra=(again,)), "LFB")
    assert not any(e.conflict for e in entries)


def test_unknown_program_suggests_close_names() -> None:
    with pytest.raises(UnknownProgramError) as info:
        timeline(make_store(), "Landesprogramm Familienbldung")
    assert info.value.suggestions[0] == "Landesprogramm Familienbildung"
    assert "did you mean" in str(info.value)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("funding", 600000, None, "EUR", "year"), "600.000 € / Jahr"),
        (("funding", 1500000, None, "EUR", "year", True), "≈ 1,5 Mio. € / Jahr"),
        (("funding", 2600000, None, "EUR", "year"), "2,6 Mio. € / Jahr"),
        (("funding", 77400000, None, "EUR", None), "77,4 Mio. €"),
        (("funding", 1_250_000_000, None, "EUR", None), "1,25 Mrd. €"),
        (("funding", 5000, None, "EUR", None), "5.000 €"),
        (("funding", 40000, None, "EUR", None, False, "Familienzentrum"), "40.000 € je Familienzentrum"),
        (("funding", 1000, None, "EUR", "month", False, "Familienzentrum"), "1.000 € je Familienzentrum / Monat"),
        (("center_count", 35, "Familienzentrum"), "35 Familienzentren"),
        (("center_count", 1, "Familienzentrum"), "1 Familienzentrum"),
        (("center_count", 214, "Familienzentrum", None, None, True), "≈ 214 Familienzentren"),
        (("center_count", 2417, "Familienzentrum"), "2.417 Familienzentren"),
        (("center_count", 90, "Kita", None, None, True), "≈ 90 Kitas"),
        (("center_count", 12, "Beratungsstelle"), "12 Beratungsstelle"),
        (("start", "2019-01"), "2019-01"),
        (("operated_by", "Karl Kübel Stiftung"), "Karl Kübel Stiftung"),
    ],
)
def test_format_value(args: tuple, text: str) -> None:
    assert format_value(*args) == text


def test_cli_programs_formats(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    make_store(db).close()
    table = runner.invoke(app, ["programs", "--db", str(db)])
    assert table.exit_code == 0
    lines = table.output.splitlines()
    assert lines[0].split("\t") == [
        "id", "name", "aliases", "facility", "region", "documents", "facts", "first_seen", "last_seen"
    ]
    assert "landesprogramm-familienbildung\tLandesprogramm Familienbildung (LFB)" in table.output
    as_json = runner.invoke(app, ["programs", "--db", str(db), "--format", "json"])
    assert json.loads(as_json.output)[1]["aliases"] == ["LFB-Programm"]
    as_yaml = runner.invoke(app, ["programs", "--db", str(db), "-f", "yaml"])
    assert yaml.safe_load(as_yaml.output) == json.loads(as_json.output)
    again = runner.invoke(app, ["programs", "--db", str(db), "--format", "json"])
    assert again.output == as_json.output


def test_cli_timeline(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    make_store(db, extra=(CONFLICTING,)).close()
    result = runner.invoke(app, ["timeline", "LFB", "--db", str(db)])
    assert result.exit_code == 0
    assert "2023-05-02\tcenter_count\t36 Familienzentren\t!\tcorpus/lfb-2023-kurz.txt" in result.output
    assert "2019-03-01\tfunding\t600.000 € / Jahr\t\tcorpus/lfb-2019.txt" in result.output
    as_yaml = runner.invoke(app, ["timeline", "LFB-Programm", "--db", str(db), "--format", "yaml"])
    assert yaml.safe_load(as_yaml.output)[0]["value"] == 16


def test_cli_errors_are_usage_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["programs", "--db", str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2 and "no fact store" in missing.output
    db = tmp_path / "f.sqlite"
    make_store(db).close()
    unknown = runner.invoke(app, ["timeline", "Familienbldung", "--db", str(db)])
    assert unknown.exit_code == 2 and "Landesprogramm Familienbildung" in unknown.output
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize("command", [programs_command, timeline_command, diff_command])
def test_every_command_and_option_has_help(command) -> None:
    assert command.__doc__
    for name, hint in typing.get_type_hints(command, include_extras=True).items():
        if name == "return":
            continue
        infos = [m for m in getattr(hint, "__metadata__", ()) if hasattr(m, "help")]
        assert infos and infos[0].help, f"{command.__name__}: {name} has no help"
    name = command.__name__.removesuffix("_command")
    assert runner.invoke(app, [name, "--help"]).exit_code == 0


@pytest.mark.parametrize(
    ("as_of", "since", "on_or_after"),
    [
        ("2022", "2022-01-01", True),  # a year is on or after each of its days
        ("2022", "2022-06-30", True),
        ("2022", "2022", True),
        ("2022", "2022-12", True),
        ("2022", "2023-01-01", False),
        ("2021", "2022", False),
        ("2022-06", "2022-06-15", True),  # a month is on or after each of its days
        ("2022-06", "2022-07-01", False),
        ("2022-06", "2022", True),
        ("2021-12", "2022", False),
        ("2022-06-30", "2022-06-30", True),
        ("2022-06-29", "2022-06-30", False),
        ("2022-01-01", "2022", True),
        ("2021-12-31", "2022", False),
        ("2023-02-01", "2022-06", True),
    ],
)
def test_since_compares_dates_at_the_coarser_precision(as_of, since, on_or_after):
    """--since of timeline and diff: "2022" is on or after 2022-01-01 (a new user's --since
    2022-01-01 left out the facts dated 2022 that --since 2022 kept); a fact is on exactly one side."""
    assert dated_on_or_after(as_of, since) is on_or_after


def _lines_store() -> Store:
    """Funding lines of one facility in two states, another facility's line in Bayern and a named
    program in Sachsen (guidelines §2.1.1)."""
    store = Store.open(":memory:")
    programs = [
        ("Familienzentrum", "Nordrhein-Westfalen", True, "Familienzentren"),
        ("Familienzentrum", "Brandenburg", True, "Familienzentren"),
        ("Familienstützpunkt", "Bayern", True, "Familienstützpunkte"),
        (None, "Sachsen", False, "Richtlinie Familienförderung"),
    ]
    for n, (facility, region, implicit, name) in enumerate(programs):
        store.upsert_record(
            {
                "document": {"path": f"d{n}.txt", "sha256": str(n)},
                "programs": [
                    {"id": "p1", "name": name, "facility": facility, "region": region, "implicit": implicit}
                ],
            }
        )
    return store


@pytest.mark.parametrize(
    ("asked", "first"),
    [
        # a facility with a state the store has no line of: the region's programs come first, named with it
        ("Familienzentren (BY)", ["Familienstützpunkte (Bayern)"]),
        ("Familienzentren (Freistaat Bayern)", ["Familienstützpunkte (Bayern)"]),
        ("Familienzentrum (Sachsen)", ["Richtlinie Familienförderung (Sachsen)"]),
        # then the facility's lines elsewhere, all of them (not the first of one facility word)
        ("Familienzentren (Hessen)", ["Familienzentren (Brandenburg)", "Familienzentren (Nordrhein-Westfalen)"]),
        ("Famlienzentren", ["Familienzentren (Brandenburg)", "Familienzentren (Nordrhein-Westfalen)"]),
        ("Richtlinie Familienfördrung", ["Richtlinie Familienförderung"]),
    ],
)
def test_unknown_program_suggests_the_region_then_the_facility(asked: str, first: list[str]) -> None:
    with pytest.raises(UnknownProgramError) as info:
        timeline(_lines_store(), asked)
    assert info.value.suggestions[: len(first)] == first
    assert len(info.value.suggestions) <= 3
    for suggestion in info.value.suggestions:  # each is a name timeline takes
        timeline(_lines_store(), suggestion)
