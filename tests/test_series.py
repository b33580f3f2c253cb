"""Knowledge over time on series of releases (issue 8), through the command line.

Fixtures: data/raw/he and data/raw/sh (two states, three years each, never naming the funding line)
and tests/fixtures/series (an invented state program renamed by a later release, and an undated one
whose date comes from a --meta manifest).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from tests.conftest import EXAMPLES, invoke_cli

from famprog.cli_knowledge import FACT_COLUMNS
from famprog.store import Store

ROOT = Path(__file__).resolve().parents[1]
HE, SH = ROOT / "data" / "raw" / "he", ROOT / "data" / "raw" / "sh"
SERIES = Path(__file__).parent / "fixtures" / "series"


def _corpus(tmp: Path) -> Path:
    """Copies of the series (he, sh, series) in one folder, so that records carry stable paths."""
    src = tmp / "in"
    for name, folder in (("he", HE), ("sh", SH), ("th", SERIES)):
        (src / name).mkdir(parents=True)
        for file in folder.glob("*.txt"):
            shutil.copy(file, src / name / file.name)
    return src


def _tables(db: Path) -> dict[str, list[tuple]]:
    with Store.open(db, readonly=True) as store:
        dump = store.dump()
    return {t: dump[t] for t in ("documents", "entities", "items", "facts", "successions")}


def _records(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))}


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("series")
    src = _corpus(tmp)
    out = tmp / "out"
    result = invoke_cli("extract", src / "he", src / "sh", src / "th", "--out", out, "-f", "json", "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    return src, out


def test_ids_do_not_depend_on_the_order_of_the_run(series: tuple[Path, Path], tmp_path: Path) -> None:
    src, out = series
    # other order of the inputs, two workers
    other = tmp_path / "other"
    result = invoke_cli("extract", src / "th", src / "sh", src / "he", "--out", other, "-f", "json", "-j", "2", "-q")
    assert result.exit_code == 0, result.output
    # two batches into one store: B then A
    batches = tmp_path / "batches"
    for folder in (src / "th", src / "sh", src / "he"):
        assert invoke_cli("extract", folder, "--out", batches, "-f", "json", "-j", "1", "-q").exit_code == 0
    expected = _tables(out / "famprog.sqlite")
    assert _tables(other / "famprog.sqlite") == expected
    assert _tables(batches / "famprog.sqlite") == expected
    assert _records(other) == _records(out)
    assert _records(batches) == _records(out)


def test_one_entity_per_funding_line_and_per_renamed_program(series: tuple[Path, Path]) -> None:
    _, out = series
    with Store.open(out / "famprog.sqlite", readonly=True) as store:
        lines = {(e.facility, e.region): e for e in store.entities("program") if e.implicit}
        # three releases of each state that never name the line: one entity each, named or not
        for state in ("Hessen", "Schleswig-Holstein"):
            assert len(store.entity_documents(lines[("Familienzentrum", state)].id)) == 3
        rules = store.connection.execute(
            "SELECT name, merge_rule FROM items WHERE merge_rule = 'succession' ORDER BY name"
        ).fetchall()
        assert rules and {r[0] for r in rules} == {"Familienorte"}
        renamed = next(e for e in store.entities("program") if e.region == "Thüringen" and e.facility)
        assert "Familienorte" in store.aliases(renamed.id)
        evidence = store.connection.execute("SELECT evidence_text FROM successions").fetchall()
        assert evidence == [("Das Landesprogramm „Familienorte Plus“ löst das Landesprogramm „Familienorte“ ab.",)]


def test_timeline_of_a_funding_line_by_its_pair(series: tuple[Path, Path]) -> None:
    _, out = series
    db = out / "famprog.sqlite"
    by_name = invoke_cli("timeline", "Familienzentren (Hessen)", "--db", db)
    by_options = invoke_cli("timeline", "--facility", "Familienzentrum", "--region", "Hessen", "--db", db)
    assert by_name.exit_code == by_options.exit_code == 0, by_name.output
    assert by_name.stdout == by_options.stdout
    counts = [line.split("\t") for line in by_name.stdout.splitlines() if "\tcenter_count\t" in line]
    dated = [c[0] for c in counts if c[0]]
    assert dated == sorted(dated) and len(counts) >= 3
    assert all(c[4] and c[5] for c in counts)  # document and evidence


@pytest.mark.parametrize("region", ["Hessen", "hessen", "HE", "Hessens", "Land Hessen", "Bundesland Hessen"])
def test_a_funding_line_by_any_form_of_its_state(series: tuple[Path, Path], region: str) -> None:
    _, out = series
    db = out / "famprog.sqlite"
    by_name = invoke_cli("timeline", "Familienzentren (Hessen)", "--db", db)
    for command in ("timeline", "facts"):
        result = invoke_cli(command, "--facility", "Familienzentren", "--region", region, "--db", db)
        assert result.exit_code == 0, result.output
    by_options = invoke_cli("timeline", "--facility", "Familienzentrum", "--region", region, "--db", db)
    assert by_options.stdout == by_name.stdout


@pytest.mark.parametrize("region", ["Frankfurt am Main", "Kassel", "Bund", "Hesse"])
def test_a_place_or_other_region_is_not_taken_for_its_state(series: tuple[Path, Path], region: str) -> None:
    _, out = series
    result = invoke_cli("timeline", "--facility", "Familienzentrum", "--region", region, "--db", out / "famprog.sqlite")
    assert result.exit_code != 0
    assert region in result.output


def test_timeline_keeps_undated_facts_apart_and_never_in_conflict(series: tuple[Path, Path]) -> None:
    _, out = series
    result = invoke_cli("timeline", "Familienorte Plus", "--db", out / "famprog.sqlite")
    assert result.exit_code == 0, result.output
    head, _, undated = result.stdout.partition("# undated:")
    assert "71 Familienzentren" in undated and "71 Familienzentren" not in head
    assert "\t!\t" not in undated
    assert "40 Familienzentren" in head and "1,2 Mio. €" in head
    since = invoke_cli("timeline", "Familienorte Plus", "--since", "2020", "--db", out / "famprog.sqlite")
    assert since.exit_code == 0 and "40 Familienzentren" not in since.stdout
    assert "left out 1 undated facts" in since.stderr


@pytest.mark.parametrize("date", ["2022-13-45", "2021-02-30", "gestern", "21-06-30"])
def test_since_rejects_dates_that_do_not_exist(series: tuple[Path, Path], date: str) -> None:
    _, out = series
    db = out / "famprog.sqlite"
    for args in (("timeline", "Familienorte Plus", "--since", date, "--db", db), ("diff", db, "--since", date)):
        result = invoke_cli(*args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1 and date in result.stderr


def test_diff_since_counts_undated_facts_it_left_out(series: tuple[Path, Path]) -> None:
    _, out = series
    result = invoke_cli("diff", out / "famprog.sqlite", "--since", "2020")
    assert result.exit_code == 1
    assert "undated facts left out" in result.stdout


@pytest.mark.parametrize(("kind", "article"), [("organisation", "an organisation"), ("person", "a person")])
def test_timeline_of_an_organisation_or_person_says_what_it_is(
    series: tuple[Path, Path], kind: str, article: str
) -> None:
    _, out = series
    db = out / "famprog.sqlite"
    with Store.open(db, readonly=True) as store:
        names = {e.name for e in store.entities("program")}
        entity = next(e for e in store.entities(kind) if e.name not in names)
    result = invoke_cli("timeline", entity.name, "--db", db)
    assert result.exit_code == 2 and not result.stdout
    assert f"is {article}, not a program" in result.stderr


def _one_name_in_two_states(db: Path) -> Path:
    """A store with "Richtlinie Familienförderung" of Sachsen and of Niedersachsen (two programs)."""
    with Store.open(db) as store:
        for n, state in enumerate(("Sachsen", "Niedersachsen")):
            store.upsert_record(
                {
                    "document": {"path": f"d{n}.txt", "sha256": f"s{n}", "published": "2020-01-01"},
                    "programs": [{"id": "p1", "name": "Richtlinie Familienförderung", "region": state}],
                }
            )
    return db


def test_ambiguous_name_lists_candidates(tmp_path: Path) -> None:
    db = _one_name_in_two_states(tmp_path / "s.sqlite")
    result = invoke_cli("timeline", "Richtlinie Familienförderung", "--db", db)
    assert result.exit_code == 2 and "names 2 programs" in result.stderr
    assert "(Sachsen)" in result.stderr and "(Niedersachsen)" in result.stderr


@pytest.mark.parametrize(
    ("asked", "region"),
    [
        ("Richtlinie Familienförderung (Sachsen)", "Sachsen"),
        ("Richtlinie Familienförderung (Niedersachsen)", "Niedersachsen"),
        ("richtlinie familienförderung (NI)", "Niedersachsen"),
        ("Richtlinie Familienförderung (Freistaat Sachsen)", "Sachsen"),
    ],
)
def test_a_listed_candidate_is_taken_as_written(tmp_path: Path, asked: str, region: str) -> None:
    db = _one_name_in_two_states(tmp_path / "s.sqlite")
    result = invoke_cli("programs", "--db", db, "--format", "json")
    ids = {r["region"]: r["id"] for r in json.loads(result.stdout)}
    by_label = invoke_cli("timeline", asked, "--db", db, "--format", "json")
    assert by_label.exit_code == 0, by_label.output
    assert by_label.stdout == invoke_cli("timeline", ids[region], "--db", db, "--format", "json").stdout
    assert invoke_cli("timeline", "Richtlinie Familienförderung (Bayern)", "--db", db).exit_code == 2


def test_facts_export_reads_as_a_table(series: tuple[Path, Path]) -> None:
    _, out = series
    db = out / "famprog.sqlite"
    result = invoke_cli("facts", "Familienorte Plus", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r["program_name"] for r in rows} == {"Familienorte Plus"}
    assert {"program_id", "facility", "region", "value", "as_of", "confidence", "document", "url", "evidence"} <= set(
        rows[0]
    )
    assert all(float(r["confidence"]) > 0 for r in rows if r["confidence"])
    tsv = invoke_cli("facts", "Familienorte Plus", "--db", db, "--format", "tsv")
    assert list(csv.DictReader(io.StringIO(tsv.stdout), delimiter="\t")) == rows
    jsonl = invoke_cli("facts", "--db", db, "--format", "jsonl", "--min-confidence", "0.8")
    assert all(json.loads(line)["confidence"] >= 0.8 for line in jsonl.stdout.splitlines())
    table = invoke_cli("facts", "--db", db, "--format", "table")
    assert table.exit_code == 0 and table.stdout.startswith("program_id\t")


@pytest.mark.parametrize(
    "evidence",
    [
        "Das Land fördert\n148 Familienzentren.",
        "Das Land fördert\r\n148 Familienzentren.",
        "Das Land fördert\t148\n\nFamilienzentren.",
        'Das Land fördert "148" Familienzentren.',
    ],
)
def test_a_tsv_row_is_one_line_and_a_csv_row_keeps_the_evidence(tmp_path: Path, evidence: str) -> None:
    db = tmp_path / "s.sqlite"
    fact = {
        "subject": "p1",
        "subject_name": "Familienzentren (Hessen)",
        "predicate": "center_count",
        "value": 148,
        "unit": "Familienzentrum",
        "evidence": {"start": 0, "end": len(evidence), "text": evidence},
        "rule": "center_count:named-in-sentence",
    }
    with Store.open(db) as store:
        store.upsert_record(
            {
                "document": {"path": "d.txt", "sha256": "s", "published": "2020-01-01"},
                "programs": [{"id": "p1", "name": "Familienzentren (Hessen)", "region": "Hessen"}],
                "facts": [fact],
            }
        )
    tsv = invoke_cli("facts", "--db", db, "--format", "tsv")
    assert tsv.exit_code == 0, tsv.output
    rows = list(csv.DictReader(io.StringIO(tsv.stdout), delimiter="\t"))
    lines = tsv.stdout.splitlines()
    assert len(lines) == 1 + len(rows) and {len(line.split("\t")) for line in lines} == {len(FACT_COLUMNS)}
    count = next(r for r in rows if r["predicate"] == "center_count")
    assert count["evidence"] == " ".join(evidence.replace("\t", " ").split())
    shown = list(csv.DictReader(io.StringIO(invoke_cli("facts", "--db", db).stdout)))
    # csv quotes the sentence whole (its reader gives \r\n back as \n)
    assert next(r for r in shown if r["predicate"] == "center_count")["evidence"] == evidence.replace("\r\n", "\n")


def test_programs_lists_aliases_facility_region_and_dates(series: tuple[Path, Path]) -> None:
    _, out = series
    result = invoke_cli("programs", "--db", out / "famprog.sqlite")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.stdout), delimiter="\t")}
    renamed = next(r for r in rows.values() if r["name"] == "Familienorte Plus")
    assert "Familienorte" in renamed["aliases"].split("; ")
    assert (renamed["facility"], renamed["region"]) == ("Familienzentrum", "Thüringen")
    assert renamed["first_seen"] == "2018-04-12" and renamed["documents"] == "3"


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_programs_for_scripts_give_flags_as_booleans(series: tuple[Path, Path], fmt: str) -> None:
    _, out = series
    result = invoke_cli("programs", "--db", out / "famprog.sqlite", "--format", fmt)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert {type(r["implicit"]) for r in rows} == {bool}
    assert any(r["implicit"] for r in rows) and not all(r["implicit"] for r in rows)


def test_meta_manifest_dates_a_release_and_a_changed_manifest_re_extracts(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SERIES / "th-undated.txt", src / "bilanz.txt")
    meta = tmp_path / "meta.csv"
    meta.write_text("path,url,published,region,source\nin/bilanz.txt,https://example.invalid/b,2023-03-01,,Land\n")
    out = tmp_path / "out"
    assert invoke_cli("extract", src, "--out", out, "-f", "json", "-q", "--meta", meta).exit_code == 0
    document = json.loads((out / "bilanz.json").read_text())["document"]
    assert (document["published"], document["published_from"], document["url"]) == (
        "2023-03-01",
        "meta",
        "https://example.invalid/b",
    )
    again = invoke_cli("extract", src, "--out", out, "-f", "json", "--meta", meta)
    assert "1 unchanged and skipped" in again.stderr
    meta.write_text("path,url,published,region,source\nin/bilanz.txt,,2023-04-01,,\n")
    changed = invoke_cli("extract", src, "--out", out, "-f", "json", "--meta", meta)
    assert "1 record written" in changed.stderr
    with Store.open(out / "famprog.sqlite", readonly=True) as store:
        assert [f.as_of for f in store.facts() if f.predicate == "center_count"] == ["2023-04-01"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("path,published\nx.txt,2022-13-45\n", "no ISO date"),
        ("path,region\nx.txt,Bayernland\n", "no German state"),
        ("path,url\nx.txt,ftp://a\n", "no http(s) address"),
        ("path\nmissing.txt\n", "no such file"),
        ("file,published\nx.txt,2020\n", "unknown column"),
        ("path\nx.txt\nx.txt\n", "listed twice"),
        ('{"path": "x.txt", "date": "2020"}\n', "unknown field"),
        ('{"path": "x.txt"\n', "not a JSON object"),
    ],
)
def test_meta_manifest_rows_are_validated_one_line_each(tmp_path: Path, body: str, reason: str) -> None:
    (tmp_path / "x.txt").write_text("Das Land fördert 12 Familienzentren.\n")
    meta = tmp_path / ("meta.jsonl" if body.startswith("{") else "meta.csv")
    meta.write_text(body)
    result = invoke_cli("extract", tmp_path / "x.txt", "--out", tmp_path / "out", "--meta", meta)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and reason in result.stderr and str(meta) in result.stderr


@pytest.mark.parametrize(
    ("body", "reasons"),
    [
        ("path,published,url\nx.txt,2022-13-45,ftp://a\n", ["no ISO date", "no http(s) address"]),
        (
            "path,published,url,region\nmissing.txt,20x,mailto:a,Bayernland\n",
            ["no ISO date", "no http(s) address", "no German state", "no such file"],
        ),
        ("path,region\n,Hessenland\n", ["no path", "no German state"]),
        ("file,date,path\nx.txt,2020,x.txt\n", ["unknown columns 'file', 'date'"]),
        ('{"path": "x.txt", "date": "2020", "url": "x"}\n', ["unknown field 'date'", "no http(s) address"]),
        ('{"path": "nope.txt", "published": "2020-02-30"}\n', ["no ISO date", "no such file"]),
    ],
)
def test_meta_manifest_row_names_every_problem_it_has(tmp_path: Path, body: str, reasons: list[str]) -> None:
    """A row with several mistakes names all of them in its one line, so one correction suffices."""
    (tmp_path / "x.txt").write_text("Das Land fördert 12 Familienzentren.\n")
    meta = tmp_path / ("meta.jsonl" if body.startswith("{") else "meta.csv")
    meta.write_text(body)
    result = invoke_cli("extract", tmp_path / "x.txt", "--out", tmp_path / "out", "--meta", meta)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{meta}:" in result.stderr
    assert [reason for reason in reasons if reason not in result.stderr] == []


@pytest.mark.parametrize(
    ("written", "region"),
    [("NRW", "Nordrhein-Westfalen"), ("BY", "Bayern"), ("Freistaat Sachsen", "Sachsen"), ("Hessen", "Hessen"),
     ("Bund", "Bund")],
)
def test_meta_manifest_takes_a_state_in_any_form_famprog_knows(tmp_path: Path, written: str, region: str) -> None:
    """A manifest's region may be a state's abbreviation or full title, as ``--region`` takes it; the
    record and store get the state's name."""
    (tmp_path / "x.txt").write_text("Das Landesprogramm „Familie vor Ort“ fördert 12 Familienzentren.\n")
    meta = tmp_path / "meta.csv"
    meta.write_text(f"path,region\nx.txt,{written}\n")
    result = invoke_cli("extract", tmp_path / "x.txt", "--out", tmp_path / "out", "-f", "json", "--meta", meta)
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "out" / "x.json").read_text())
    assert record["document"]["region"] == region


def test_a_document_is_the_same_from_any_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "a" / "b"
    src.mkdir(parents=True)
    shutil.copy(SERIES / "th-2018-0412.txt", src / "r.txt")
    db = tmp_path / "f.sqlite"
    monkeypatch.chdir(tmp_path)
    assert invoke_cli("extract", "a/b/r.txt", "--out", tmp_path / "o1", "--db", db, "-q").exit_code == 0
    monkeypatch.chdir(src)
    assert invoke_cli("extract", "r.txt", "--out", tmp_path / "o2", "--db", db, "-q").exit_code == 0
    with Store.open(db, readonly=True) as store:
        assert [d["id"] for d in store.documents()] == [str(src.resolve() / "r.txt")]
    rooted = tmp_path / "rooted.sqlite"
    args = ("--out", tmp_path / "o3", "--db", rooted, "--root", tmp_path / "a", "-q")
    assert invoke_cli("extract", "r.txt", *args).exit_code == 0
    with Store.open(rooted, readonly=True) as store:
        assert [d["id"] for d in store.documents()] == ["b/r.txt"]
    outside = invoke_cli("extract", "r.txt", "--out", tmp_path / "o4", "--root", tmp_path / "z", "-q")
    assert outside.exit_code == 2 and "not inside --root" in outside.stderr


def test_a_second_unnamed_stdin_document_is_refused(tmp_path: Path) -> None:
    out, first, second = tmp_path / "out", "Das Land fördert 12 Familienzentren.\n", "Der Bund fördert 5 MGH.\n"
    assert invoke_cli("extract", "-", "--out", out, "-q", input=first).exit_code == 0
    assert invoke_cli("extract", "-", "--out", out, "-q", input=first).exit_code == 0  # the same one again
    refused = invoke_cli("extract", "-", "--out", out, "-q", input=second)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "--stdin-name" in refused.stderr
    named = invoke_cli("extract", "-", "--out", out, "-q", "--stdin-name", "bund.txt", input=second)
    assert named.exit_code == 0
    with Store.open(out / "famprog.sqlite", readonly=True) as store:
        assert sorted(d["id"] for d in store.documents()) == ["<stdin>", "bund.txt"]
    assert (out / "bund.json").exists() and (out / "stdin.json").exists()


def test_an_older_store_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as con:
        for table in ("documents", "entities", "items", "aliases", "mentions", "facts"):
            con.execute(f"CREATE TABLE {table} (id)")
        con.execute("PRAGMA user_version = 1")
    for args in (("programs", "--db", db), ("extract", SERIES / "th-undated.txt", "--out", tmp_path / "o", "--db", db)):
        result = invoke_cli(*args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1
        assert "older famprog (schema version 1)" in result.stderr


@pytest.mark.parametrize(
    ("tables", "version", "said"),
    [
        (("notes",), 0, "not a famprog fact store (the database of another application)"),
        (("notes",), 7, "not a famprog fact store (the database of another application)"),
        (("documents", "entities", "items", "aliases", "mentions", "facts"), 3, "newer famprog (schema version 3)"),
    ],
)
def test_a_store_famprog_cannot_read_is_named_in_plain_words(
    tmp_path: Path, tables: tuple[str, ...], version: int, said: str
) -> None:
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as con:
        for table in tables:
            con.execute(f"CREATE TABLE {table} (id)")
        con.execute(f"PRAGMA user_version = {version}")
    result = invoke_cli("programs", "--db", db)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert said in result.stderr and "user_version" not in result.stderr


def test_a_batch_is_all_or_nothing_and_the_store_stays_sound(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite"
    record = {"document": {"path": "x.txt", "sha256": "s"}, "programs": [{"id": "p1", "name": "Programm A"}]}
    with Store.open(db) as store:
        with pytest.raises(KeyboardInterrupt), store.batch():
            store.upsert_record(record, resolve=False)
            store.commit()
            store.upsert_record({**record, "document": {"path": "y.txt", "sha256": "t"}}, resolve=False)
            raise KeyboardInterrupt
        assert [d["id"] for d in store.documents()] == ["x.txt"]
        assert store.connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize(
    "command",
    [
        ["programs"],
        ["programs", "--format", "json"],
        ["facts", "--format", "jsonl"],
        ["facts", "--format", "csv"],
        ["facts", "--format", "tsv"],
        ["timeline", "Familienzentren (Hessen)"],
    ],
)
def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(series: tuple[Path, Path], command: list[str]) -> None:
    """``famprog programs | head -1``: no traceback, no error line, and not exit 1 (documents failed)."""
    import subprocess
    import sys

    _, out = series
    child = subprocess.Popen(
        [sys.executable, "-m", "famprog", *command, "--db", str(out / "famprog.sqlite")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before famprog writes
    stderr = child.stderr.read()
    assert child.wait(timeout=60) in (0, 141)
    assert stderr == b""


def test_a_broken_pipe_other_than_standard_output_is_not_taken_for_a_reader_that_left(
    series: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's pipe that breaks is a failure to report, not ``| head``: no quiet exit 141."""
    import famprog.cli_knowledge

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(famprog.cli_knowledge, "list_programs", broken)
    _, out = series
    result = invoke_cli("programs", "--db", out / "famprog.sqlite")
    assert result.exit_code not in (0, 141)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_extract_to_standard_output_ends_quietly_when_the_reader_leaves(tmp_path: Path, fmt: str, jobs: str) -> None:
    """``famprog extract DIR --out - | head``: the run ends at the first record the reader no longer
    takes, exit 141, no line per remaining document ("cannot write its record: Broken pipe") and no
    "documents failed" exit 1."""
    import subprocess
    import sys

    src = tmp_path / "in"
    for n, path in enumerate(sorted(EXAMPLES.rglob("*.txt")) * 3):  # more than a pipe's buffer holds
        src.mkdir(exist_ok=True)
        shutil.copy(path, src / f"{n:03d}-{path.name}")
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "famprog",
            "extract",
            str(src),
            "--out",
            "-",
            "--no-db",
            "--format",
            fmt,
            "--jobs",
            jobs,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(100)
    child.stdout.close()  # the reader leaves after a few bytes
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=120) == 141, stderr
    assert "Broken pipe" not in stderr and "failed" not in stderr, stderr
