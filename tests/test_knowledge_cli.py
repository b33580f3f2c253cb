"""famprog extract fills the fact store; programs, timeline and diff read it (end to end, through the CLI).

The corpus is data/raw/th: one program ("Familienorte im Quartier", LFQ) followed through releases of
2019, 2021 and 2023, named in full in one and only as "LFQ-Programm"/"Richtlinie LFQ" in another.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from famprog.cli import app

RAW = Path(__file__).resolve().parents[1] / "data" / "raw" / "th"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def dump(db: Path) -> dict:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in tables}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("th")
    shutil.copytree(RAW, root / "raw")
    out = root / "out"
    result = invoke("extract", root / "raw", "--out", out, "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return root, out, out / "famprog.sqlite"


def test_one_identity_across_documents(corpus):
    _, out, db = corpus
    ids = set()
    for record in out.glob("*.json"):
        data = json.loads(record.read_text(encoding="utf-8"))
        ids.update(p["id"] for p in data["programs"])
    result = invoke("programs", "--db", db, "--format", "json")
    programs = json.loads(result.output)
    (lfq,) = [p for p in programs if "LFQ" in json.dumps(p)]
    assert lfq["documents"] == 3
    assert lfq["id"] in ids  # the records carry the store's id
    assert lfq["region"] == "Thüringen"


def test_timeline_is_in_date_order_with_sources(corpus):
    _, _, db = corpus
    result = invoke("timeline", "LFQ", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    dated = [e["as_of"] for e in entries if e["as_of"]]
    assert dated == sorted(dated)
    counts = {e["value"] for e in entries if e["predicate"] == "center_count"}
    assert {16, 28, 35} <= counts
    assert all(e["document"] and e["evidence"] for e in entries if e["predicate"] != "region")


def test_unknown_program_is_a_clear_error(corpus):
    _, _, db = corpus
    result = invoke("timeline", "Kein solches Programm", "--db", db)
    assert result.exit_code != 0
    assert "Kein solches Programm" in result.output


def test_re_extraction_leaves_the_store_unchanged(corpus):
    root, out, db = corpus
    before = dump(db)
    result = invoke("extract", root / "raw", "--out", out, "--jobs", "1", "--quiet", "--force")
    assert result.exit_code == 0
    assert dump(db) == before


def test_changed_document_replaces_its_facts_and_diff_reports_it(corpus, tmp_path):
    root, out, db = corpus
    old_db = tmp_path / "old.sqlite"
    shutil.copy(db, old_db)
    assert invoke("diff", old_db, db).exit_code == 0  # nothing changed yet
    release = root / "raw" / "pm-2023-031.txt"
    release.write_text(release.read_text(encoding="utf-8").replace("rund 35", "rund 42"), encoding="utf-8")
    assert invoke("extract", root / "raw", "--out", out, "--jobs", "1", "--quiet").exit_code == 0
    with sqlite3.connect(db) as con:
        values = {r[0] for r in con.execute("SELECT value_num FROM facts WHERE predicate = 'center_count'")}
    assert 42 in values and 35 not in values
    result = invoke("diff", old_db, db, "--format", "json")
    assert result.exit_code == 1
    assert "42" in result.output and "35" in result.output


PROGRAM_HEADERS = ["id", "name", "aliases", "facility", "region", "documents", "facts", "first_seen", "last_seen"]
PROGRAM_ROWS = [
    [
        "landesprogramm-familienzentren-staerken-und-weiterentwickeln",
        "Landesprogramm Familienzentren stärken und weiterentwickeln (FZSW)",
        "FZSW-Programm; Richtlinie FZSW; Landesförderprogramm Familienzentren",
        "Familienzentrum",
        "Nordrhein-Westfalen",
        "12",
        "48",
        "2009-03-01",
        "2024-11-30",
    ],
    ["mgh", "Mehrgenerationenhäuser (Bund)", "", "Mehrgenerationenhaus", "Bund", "3", "7", "2007", "2022"],
]


ALL_OPTIONAL = ["aliases", "facility", "first_seen", "last_seen", "documents"]


def _id_column(table: str) -> list[str]:
    """The pieces of the first column of a rich table's body, line by line."""
    cells = [line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│")]
    return [cell for cell in cells if cell]


@pytest.mark.parametrize(
    ("width", "dropped", "ids", "words_whole"),
    [
        (220, [], "whole", True),
        (160, ["aliases", "facility"], "whole", True),
        (120, ALL_OPTIONAL, "whole", True),  # a new user's 120 columns split "Schleswig-Hol|stein"
        (100, ALL_OPTIONAL, "at hyphens", True),  # the 60-character id wraps at its hyphens: names stay whole
        (80, ALL_OPTIONAL, "at hyphens", True),
        (66, ALL_OPTIONAL, "at hyphens", "pieces"),  # places wrap at their hyphens too: "Nordrhein-|Westfalen"
        (60, ALL_OPTIONAL, "at hyphens", False),  # words are split only where ids broken at hyphens do not fit
        (50, ALL_OPTIONAL, "cut", False),  # nothing else is left: ids are cut anywhere
    ],
)
def test_a_terminal_table_fits_its_width_and_leaves_out_the_least_needed_columns(width, dropped, ids, words_whole):
    """On a narrow terminal famprog leaves out aliases, facility, dates and document counts before it
    would split words or squeeze columns to a letter per line; region and facts stay; then ids wrap at
    their hyphens, then words are split, and ids are cut anywhere only where nothing else is left."""
    import io

    from rich.console import Console

    from famprog.cli_knowledge import render_table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    left_out = render_table(console, "Programs", PROGRAM_HEADERS, PROGRAM_ROWS, keep={0}, optional=(2, 3, 7, 8, 5))
    assert left_out == dropped
    text = buffer.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    table = text.split("(left out")[0]
    for header in PROGRAM_HEADERS:
        assert (header in table) == (header not in dropped), header  # shown headers unbroken
    assert all(row[0] in table for row in PROGRAM_ROWS) == (ids == "whole")
    pieces = _id_column(table)
    assert "".join(pieces) == "".join(row[0] for row in PROGRAM_ROWS)  # every id shown, in order
    if ids == "at hyphens":
        ends = {row[0].split("-")[-1] for row in PROGRAM_ROWS}
        assert all(p.endswith("-") or p in ends or any(p.endswith("-" + e) for e in ends) for p in pieces), pieces
    assert ("Bund" in table) and ("48" in table)  # region and facts of every row are on the screen
    shown = [n for n, header in enumerate(PROGRAM_HEADERS) if header not in dropped and n > 0]  # ids: above
    words = {w for row in PROGRAM_ROWS for n in shown for w in row[n].split()}
    if words_whole is True:
        assert all(w in table for w in words), sorted(w for w in words if w not in table)
    elif words_whole == "pieces":  # whole, or broken only after a hyphen
        cells = " ".join(c.strip() for line in table.splitlines() if line.startswith("│") for c in line.split("│"))
        pieces = {p for w in words for p in re.findall(r"[^-]*-|[^-]+$", w)}
        assert all(p in cells for p in pieces), sorted(p for p in pieces if p not in cells)
        assert any(w not in table for w in words)  # and some are broken: the case is the one it names


@pytest.mark.parametrize("command", [["programs"], ["timeline", "Familienzentren (Hessen)"], ["facts"]])
@pytest.mark.parametrize("how", ["created", "first-batch-killed"])
def test_an_empty_store_is_one_line_not_an_empty_answer(tmp_path: Path, command: list[str], how: str) -> None:
    """A store without documents, as a first run killed before its first commit leaves it, is not
    an answer of "no programs": the reading commands say so in one line with exit code 2."""
    from famprog.store import Store

    db = tmp_path / "famprog.sqlite"
    with Store.open(db) as store:
        if how == "first-batch-killed":
            with pytest.raises(KeyboardInterrupt), store.batch():
                store.upsert_record({"document": {"path": "d.txt", "sha256": "s"}, "programs": []})
                raise KeyboardInterrupt
    result = invoke(*command, "--db", db)
    assert result.exit_code == 2 and not result.stdout
    line, *rest = result.stderr.splitlines()
    assert not rest and str(db) in line and "no document yet" in line


@pytest.mark.parametrize("threshold", [0.5, 0.85, 0.898, 0.9, 0.939, 0.95])
def test_facts_table_shows_the_confidence_min_confidence_compares(corpus, threshold: float) -> None:
    """Each confidence in the facts table is the stored one, so that a row shown at or above
    --min-confidence is one the filter keeps (0.898 shown as 0.90 fell under --min-confidence 0.9)."""
    _, _, db = corpus
    with sqlite3.connect(db) as con:
        stored = [c for (c,) in con.execute("SELECT confidence FROM facts WHERE confidence IS NOT NULL")]
    result = runner.invoke(
        app,
        ["facts", "--db", str(db), "--format", "table", "--min-confidence", str(threshold)],
        env={"COLUMNS": "250", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    shown = [
        float(cell)
        for line in result.output.splitlines()
        for cell in line.split()
        if cell.count(".") == 1 and cell.replace(".", "").isdigit() and cell.startswith("0.")
    ]
    assert sorted(shown) == sorted(round(c, 3) for c in stored if c >= threshold)
    assert all(value >= threshold for value in shown)


def test_programs_table_and_json_name_their_columns_alike(corpus):
    """A column of the piped table is the JSON field of the same name (first_seen, not "first as_of"),
    with the same value, so a script can switch formats without renaming."""
    _, _, db = corpus
    table = invoke("programs", "--db", db)
    data = json.loads(invoke("programs", "--db", db, "--format", "json").output)
    header, *lines = table.output.splitlines()
    columns = header.split("\t")
    assert columns == PROGRAM_HEADERS
    for line, program in zip(lines, data, strict=True):
        row = dict(zip(columns, line.split("\t"), strict=True))
        for column in ("id", "facility", "region", "documents", "facts", "first_seen", "last_seen"):
            assert row[column] == ("" if program[column] is None else str(program[column])), column
