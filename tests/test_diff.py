"""Records over time → changes: folders, stores, --since, identity matching, conflicts, exit codes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from famprog.cli_knowledge import diff_command
from famprog.diff import DiffSourceError, diff
from famprog.store import Store

CORPUS = Path(__file__).parent / "fixtures" / "knowledge" / "lfb"

app = typer.Typer(pretty_exceptions_show_locals=False)
app.command("diff")(diff_command)
app.command("noop")(lambda: None)  # two commands, so "diff" is a subcommand as in famprog
runner = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})


def records() -> dict[str, dict[str, Any]]:
    return {p.relative_to(CORPUS).as_posix(): json.loads(p.read_text("utf-8")) for p in sorted(CORPUS.rglob("*.json"))}


def write(folder: Path, recs: dict[str, dict[str, Any]]) -> Path:
    for name, record in recs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def summaries(result) -> dict[str, list[str]]:
    return {s.id: [c.summary() for c in s.changes] for s in result.subjects}


def test_folder_against_later_folder(tmp_path: Path) -> None:
    recs = records()
    old = write(tmp_path / "old", {k: v for k, v in recs.items() if k.startswith("2019")})
    new = write(tmp_path / "new", recs)
    result = diff(old, new)
    assert result.changed
    assert summaries(result) == {
        "landesprogramm-familienbildung": [
            "center_count 16 Familienzentren → 35 Familienzentren",
            "funding 600.000 € / Jahr → 2,6 Mio. € / Jahr",
        ]
    }
    change = result.subjects[0].changes[0]
    assert change.change == "changed" and not change.conflict
    assert change.old[0].evidence.startswith("Das Landesprogramm Familienbildung (LFB) startet")
    assert (change.new[0].document, change.new[0].as_of) == ("corpus/lfb-2023.txt", "2023-05-02")


def test_identical_sources_have_no_changes(tmp_path: Path) -> None:
    folder = write(tmp_path / "a", records())
    result = diff(folder, write(tmp_path / "b", records()))
    assert not result.changed and result.subjects == []


def test_since_compares_one_store_before_and_after(tmp_path: Path) -> None:
    db = tmp_path / "f.sqlite"
    with Store.open(db) as store:
        for record in records().values():
            store.upsert_record(record)
    result = diff(db, since="2021-06-15")
    assert summaries(result) == {
        "landesprogramm-familienbildung": [
            "center_count 16 Familienzentren → 35 Familienzentren",
            "funding 600.000 € / Jahr → 2,6 Mio. € / Jahr",
        ]
    }
    assert not diff(db, since="2024").changed
    everything_new = diff(db, since="2019")
    statuses = {s.id: s.status for s in everything_new.subjects}
    assert statuses == {"landesprogramm-familienbildung": "added", "landesprogramm-familie": "added"}
    assert all(c.change == "added" for s in everything_new.subjects for c in s.changes)


def test_stores_matched_by_identity_not_by_id(tmp_path: Path) -> None:
    recs = list(records().values())
    # The old store has no release with the long name: its entity got another id.
    old = Store.open(tmp_path / "old.sqlite")
    old.upsert_record(recs[2])
    old.upsert_record(recs[1])
    assert [e.id for e in old.entities("program")] == ["lfb-programm"]
    old.close()
    new = Store.open(tmp_path / "new.sqlite")
    for record in recs:
        new.upsert_record(record)
    new.close()
    result = diff(tmp_path / "old.sqlite", tmp_path / "new.sqlite")
    by_id = {s.id: s for s in result.subjects}
    # The program is matched through its aliases; only the facts dated 2019 are new, and they
    # are older than what the old store already knew, so the latest state did not change.
    assert by_id["lfb-programm"].status == "changed"
    assert by_id["landesprogramm-familie"].status == "added"
    added = {c.predicate for s in result.subjects for c in s.changes}
    assert added == {"start", "operated_by"}


def test_removed_and_added_slots(tmp_path: Path) -> None:
    recs = records()
    newer = copy.deepcopy(recs)
    newer["2019/lfb-2019.json"]["facts"] = [
        f for f in newer["2019/lfb-2019.json"]["facts"] if f["predicate"] != "operated_by"
    ]
    newer["2023/lfb-2023.json"]["facts"].append(
        {"subject": "p1", "predicate": "end", "value": "2027-12-31", "as_of": "2023-05-02"}
    )
    result = diff(write(tmp_path / "a", recs), write(tmp_path / "b", newer))
    changes = {(c.change, c.predicate) for s in result.subjects for c in s.changes}
    assert changes == {("removed", "operated_by"), ("added", "end")}
    lines = summaries(result)["landesprogramm-familienbildung"]
    assert "operated_by Karl Kübel Stiftung" in lines and "end 2027-12-31" in lines


def test_conflicts_are_flagged_not_resolved(tmp_path: Path) -> None:
    recs = records()
    newer = copy.deepcopy(recs)
    newer["2023/lfb-2023b.json"] = {
        "document": {"path": "corpus/lfb-2023b.txt", "published": "2023-05-02"},
        "programs": [{"id": "p1", "name": "LFB"}],
        "facts": [
            {
                "subject": "p1",
                "predicate": "center_count",
                "value": 36,
                "unit": "Familienzentrum",
                "as_of": "2023-05-02",
            }
        ],
    }
    result = diff(write(tmp_path / "a", recs), write(tmp_path / "b", newer))
    [change] = result.subjects[0].changes
    assert change.conflict
    assert change.summary() == "center_count 35 Familienzentren → 35 Familienzentren | 36 Familienzentren (conflict)"
    assert [c.predicate for c in result.conflicts] == ["center_count"]
    assert sorted(v.value for v in result.conflicts[0].values) == [35, 36]


def test_bad_sources(tmp_path: Path) -> None:
    with pytest.raises(DiffSourceError, match="no such file"):
        diff(tmp_path / "nothing", tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DiffSourceError, match="no records here"):
        diff(tmp_path / "empty", since="2020")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.json").write_text("[1, 2]")
    with pytest.raises(DiffSourceError, match="not a famprog record"):
        diff(tmp_path / "bad", since="2020")
    with pytest.raises(DiffSourceError, match="ISO date"):
        diff(tmp_path / "bad", since="last year")


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    recs = records()
    old = write(tmp_path / "old", {k: v for k, v in recs.items() if k.startswith("2019")})
    new = write(tmp_path / "new", recs)
    changed = runner.invoke(app, ["diff", str(old), str(new)])
    assert changed.exit_code == 1, changed.output
    assert "~ center_count 16 Familienzentren → 35 Familienzentren" in changed.output
    assert "~ funding 600.000 € / Jahr → 2,6 Mio. € / Jahr" in changed.output
    same = runner.invoke(app, ["diff", str(new), str(new)])
    assert same.exit_code == 0 and "no changes" in same.output
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["changed"] is True
    assert data["subjects"][0]["changes"][0]["new"][0]["value"] == 35
    assert runner.invoke(app, ["diff", str(old), str(new), "--format", "json"]).output == as_json.output


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "OLD"],  # neither NEW nor --since
        ["diff", "OLD", "OLD", "--since", "2020"],  # both
        ["diff", "OLD", "--since", "gestern"],  # not a date
        ["diff", "MISSING", "--since", "2020"],  # no such source
        ["diff", "OLD", "--format", "xml", "--since", "2020"],
    ],
)
def test_cli_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    old = write(tmp_path / "old", records())
    args = [str(old) if a == "OLD" else str(tmp_path / "missing") if a == "MISSING" else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("since", ["2023", "2023-01", "2023-01-01", "2023-05-02"])
def test_since_puts_a_year_only_fact_after_every_day_of_its_year(tmp_path: Path, since: str) -> None:
    """A fact dated "2023" is on or after 2023-01-01 (a new user's diff --since 2023-01-01 counted it
    as before, so the change it makes did not show)."""
    recs = records()
    for fact in recs["2023/lfb-2023.json"]["facts"]:
        fact["as_of"] = "2023"
    db = tmp_path / "f.sqlite"
    with Store.open(db) as store:
        for record in recs.values():
            store.upsert_record(record)
    assert summaries(diff(db, since=since)) == {
        "landesprogramm-familienbildung": [
            "center_count 28 Familienzentren → 35 Familienzentren",
            "funding 600.000 € / Jahr → 2,6 Mio. € / Jahr",
        ]
    }
    assert not diff(db, since="2024").changed


def _revised(recs: dict[str, dict[str, Any]], name: str, predicate: str, value: Any, as_of: Any = "keep") -> None:
    for fact in recs[name]["facts"]:
        if fact["predicate"] == predicate:
            fact["value"] = value
            if as_of != "keep":
                fact["as_of"] = as_of


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (  # an earlier figure corrected: the latest state is the same, the revision shows
            lambda r: _revised(r, "2019/lfb-2019.json", "center_count", 17),
            ["center_count 16 Familienzentren → 17 Familienzentren (as of 2019-01)"],
        ),
        (
            lambda r: _revised(r, "2019/lfb-2019.json", "funding", 650_000),
            ["funding 600.000 € / Jahr → 650.000 € / Jahr (as of 2019-03-01)"],
        ),
        (  # the latest figure: compared as the slot's state, not twice
            lambda r: _revised(r, "2023/lfb-2023.json", "center_count", 36),
            ["center_count 35 Familienzentren → 36 Familienzentren"],
        ),
        (lambda r: None, []),
    ],
)
def test_two_sources_show_revised_earlier_values(tmp_path: Path, edit, expected) -> None:
    """A release extracted again that changes an earlier figure is a change (a new user changed
    "1.750 Familienzentren" of 2009 and diff said "no changes" because a later figure existed)."""
    old = write(tmp_path / "old", records())
    recs = records()
    edit(recs)
    new = write(tmp_path / "new", recs)
    result = diff(old, new)
    assert summaries(result).get("landesprogramm-familienbildung", []) == expected
    assert result.changed is bool(expected)


@pytest.mark.parametrize(("old_value", "new_value", "changed"), [(28, 30, True), (28, 28, False)])
def test_two_sources_compare_undated_values_too(tmp_path: Path, old_value, new_value, changed) -> None:
    old_recs, new_recs = records(), records()
    for recs, value in ((old_recs, old_value), (new_recs, new_value)):  # a release without any date
        _revised(recs, "2021/lfb-2021.json", "center_count", value, None)
        recs["2021/lfb-2021.json"]["document"]["published"] = None
    result = diff(write(tmp_path / "old", old_recs), write(tmp_path / "new", new_recs))
    expected = [f"center_count {old_value} Familienzentren → {new_value} Familienzentren (undated)"] if changed else []
    assert summaries(result).get("landesprogramm-familienbildung", []) == expected


def _as_jsonl(folder: Path, recs: dict[str, dict[str, Any]], broken: str | None = None) -> Path:
    folder.mkdir(parents=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in recs.values()]
    if broken is not None:
        lines.insert(1, broken)
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_folder_written_with_format_jsonl_is_a_diff_source(tmp_path: Path) -> None:
    """`extract --format jsonl --out DIR` writes DIR/records.jsonl: diff reads it like *.json files
    (a new user's diff answered "no JSON records in this folder")."""
    as_files = write(tmp_path / "files", records())
    assert not diff(as_files, _as_jsonl(tmp_path / "lines", records())).changed
    recs = records()
    _revised(recs, "2023/lfb-2023.json", "center_count", 36)
    assert summaries(diff(as_files, _as_jsonl(tmp_path / "edited", recs))) == {
        "landesprogramm-familienbildung": ["center_count 35 Familienzentren → 36 Familienzentren"]
    }


@pytest.mark.parametrize(("line", "problem"), [("{not json", "not a famprog record"), ("[1, 2]", "(no document)")])
def test_a_bad_line_of_records_jsonl_is_named_by_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    folder = _as_jsonl(tmp_path / "lines", records(), broken=line)
    with pytest.raises(DiffSourceError) as caught:
        diff(folder, folder)
    assert str(caught.value).startswith(f"{folder / 'records.jsonl'}:2: ") and problem in str(caught.value)


@pytest.fixture(scope="module")
def three_formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same releases extracted as JSON, YAML and JSON lines (no store)."""
    from conftest import EXAMPLES, invoke_cli

    tmp = tmp_path_factory.mktemp("formats")
    out = {}
    for fmt in ("json", "yaml", "jsonl"):
        out[fmt] = tmp / fmt
        result = invoke_cli("extract", EXAMPLES / "he", "--out", out[fmt], "--format", fmt, "--no-db", "-q")
        assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(
    "other",
    [
        lambda f: f["yaml"],  # a folder of YAML records (--format yaml)
        lambda f: f["jsonl"],  # a folder with records.jsonl
        lambda f: f["jsonl"] / "records.jsonl",  # the file itself
    ],
)
def test_diff_reads_records_in_every_format_extract_writes(three_formats: dict[str, Path], other) -> None:
    from conftest import invoke_cli

    result = invoke_cli("diff", three_formats["json"], other(three_formats))
    assert result.exit_code == 0, result.output
    assert "no changes" in result.stdout


def test_diff_of_a_single_record_file_and_of_a_bad_line(three_formats: dict[str, Path], tmp_path: Path) -> None:
    from conftest import invoke_cli

    record = sorted(three_formats["json"].glob("*.json"))[0]
    assert invoke_cli("diff", record, record).exit_code == 0
    bad = tmp_path / "records.jsonl"
    bad.write_text((three_formats["jsonl"] / "records.jsonl").read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    result = invoke_cli("diff", three_formats["json"], bad)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and f"{bad}:" in result.stderr


def _program_record(path: str, program: dict[str, Any], value: int) -> dict[str, Any]:
    """A minimal record of one program with one funding fact."""
    return {
        "document": {"path": path, "sha256": f"sha-{path}", "published": "2022-05-01"},
        "programs": [{"id": "p1", **program, "mentions": [{"start": 0, "end": 10, "text": program["name"][:10]}]}],
        "facts": [
            {
                "subject": "p1",
                "subject_name": program["name"],
                "predicate": "funding",
                "value": value,
                "currency": "EUR",
                "as_of": "2022",
                "evidence": {"start": 0, "end": 10, "text": "x"},
                "rule": "fixture",
            }
        ],
    }


STATE_PROGRAM = {
    "name": "Aufholen nach Corona für Kinder und Jugendliche",
    "aliases": ["Aktionsprogramm Aufholen nach Corona für Kinder und Jugendliche"],
    "region": "Saarland",
}


@pytest.mark.parametrize(
    ("program", "matched"),
    [
        # a federal program of the same name is another program: added, the state's stays unchanged
        ({"name": "Aktionsprogramm Aufholen nach Corona für Kinder und Jugendliche", "region": "Bund"}, False),
        # the same region, or none given: the same program
        ({"name": "Aktionsprogramm Aufholen nach Corona für Kinder und Jugendliche", "region": "Saarland"}, True),
        ({"name": "Aktionsprogramm Aufholen nach Corona für Kinder und Jugendliche"}, True),
    ],
)
def test_programs_of_other_regions_do_not_meet_across_the_sides(tmp_path: Path, program, matched) -> None:
    old = write(tmp_path / "old", {"a.json": _program_record("a.txt", STATE_PROGRAM, 500_000)})
    new = write(
        tmp_path / "new",
        {
            "a.json": _program_record("a.txt", STATE_PROGRAM, 500_000),
            "b.json": _program_record("b.txt", program, 10_000_000),
        },
    )
    result = diff(old, new)
    statuses = sorted(s.status for s in result.subjects)
    assert statuses == (["changed"] if matched else ["added"])
