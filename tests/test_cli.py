"""The command line through typer's CliRunner: commands, help, the extract contract, exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from pathlib import Path

import pytest
import typer.main
import yaml

from conftest import EXAMPLES, REPO, assert_offsets, files_under, invoke_cli
from famprog import __version__, runner
from famprog.cli import app
from famprog.reading import read_path
from famprog.runner import OutputFormat, RunOptions, run

EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*") if p.is_file())
N = len(EXAMPLE_FILES)  # the example releases in data/raw (their number changes as examples are added)
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def extract(*args, out: Path | str, fmt: str = "json", jobs: int = 1, extra: tuple[str, ...] = ()):
    return invoke_cli("extract", *args, "--out", out, "--format", fmt, "--jobs", str(jobs), "--no-db", *extra)


SUMMARY = re.compile(r"^famprog: \d+ documents?: ")


def summary_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if SUMMARY.search(line)]
    assert len(lines) == 1, stderr
    return lines[0]


def summary_counts(stderr: str) -> dict[str, int]:
    line = summary_line(stderr)
    match = re.search(r"(\d+) documents?: (\d+) records? written, (\d+) unchanged and skipped, (\d+) failed", line)
    assert match, line
    return dict(zip(("documents", "written", "skipped", "failed"), map(int, match.groups()), strict=True))


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of the ten example releases (tests may change it)."""
    target = tmp_path / "raw"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture(scope="module")
def both_run(tmp_path_factory: pytest.TempPathFactory):
    """The examples extracted once with the default format (JSON and YAML)."""
    out = tmp_path_factory.mktemp("both") / "out"
    result = invoke_cli("extract", EXAMPLES, "--out", out, "--jobs", "1", "--no-db")
    assert result.exit_code == 0, result.stderr
    return out, result


# ---- help, version, commands ----------------------------------------------------------------------


def test_help_lists_every_command():
    result = invoke_cli("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_no_arguments_shows_help():
    result = invoke_cli()
    assert "extract" in result.output


def test_version():
    result = invoke_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"famprog {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(command):
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    assert (click_command.help or "").strip(), f"famprog {command} has no help text"
    result = invoke_cli(command, "--help")
    assert result.exit_code == 0, result.output
    assert click_command.help.strip().splitlines()[0] in " ".join(result.stdout.split())
    for param in click_command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert (param.help or "").strip(), f"famprog {command} {param.opts[0]} has no help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"famprog {command}" in readme, f"README.md does not show `famprog {command}`"


# ---- schema -----------------------------------------------------------------------------------------


def test_schema_command_prints_a_valid_json_schema(record_validator):
    from jsonschema import Draft202012Validator

    result = invoke_cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema == record_validator.schema


# ---- the extract contract -------------------------------------------------------------------------


def test_records_mirror_the_input_folder(both_run):
    out, result = both_run
    expected = {p.relative_to(EXAMPLES).with_suffix(e).as_posix() for p in EXAMPLE_FILES for e in (".json", ".yaml")}
    written = {p for p in files_under(out) if not p.startswith(".")}
    assert written == expected
    assert "th/pm-2019-014.json" in written


def test_every_record_validates_and_offsets_slice_the_source(both_run, record_validator):
    out, _ = both_run
    for path in EXAMPLE_FILES:
        record = json.loads((out / path.relative_to(EXAMPLES)).with_suffix(".json").read_text(encoding="utf-8"))
        record_validator.validate(record)
        source = read_path(path)
        assert record["document"]["path"] == str(path)
        assert record["document"]["sha256"] == source.sha256
        assert_offsets(record, source.text)


def test_yaml_is_readable_and_equals_the_json(both_run):
    out, _ = both_run
    for json_path in sorted(out.rglob("*.json")):
        if json_path.name.startswith("."):
            continue
        text = json_path.with_suffix(".yaml").read_text(encoding="utf-8")
        assert yaml.safe_load(text) == json.loads(json_path.read_text(encoding="utf-8"))
        assert text.startswith("document:\n")  # block style, not one flow mapping
        assert "{" not in text.split("\n", 1)[0]
        assert "\\u" not in text and "\\x" not in text  # umlauts and quotes unescaped
    sample = (out / "th" / "pm-2019-014.yaml").read_text(encoding="utf-8")
    assert "Thüringer" in sample and "„" in sample


def test_json_keeps_umlauts_unescaped(both_run):
    out, _ = both_run
    text = (out / "th" / "pm-2019-014.json").read_text(encoding="utf-8")
    assert "Thüringer" in text and "\\u00fc" not in text


@pytest.mark.parametrize("fmt, suffixes", [("json", {".json"}), ("yaml", {".yaml"}), ("both", {".json", ".yaml"})])
def test_format_chooses_the_files(tmp_path, fmt, suffixes):
    doc = EXAMPLES / "he" / "pm-2024-007.txt"
    result = extract(doc, out=tmp_path / "out", fmt=fmt)
    assert result.exit_code == 0, result.stderr
    written = {p for p in files_under(tmp_path / "out") if not p.startswith(".")}
    assert written == {f"pm-2024-007{s}" for s in suffixes}


def test_jsonl_into_a_folder(tmp_path):
    result = extract(EXAMPLES, out=tmp_path / "out", fmt="jsonl")
    assert result.exit_code == 0, result.stderr
    lines = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["document"]["path"] for line in lines) == sorted(map(str, EXAMPLE_FILES))


def test_jsonl_to_stdout_carries_only_records(record_validator):
    result = extract(EXAMPLES, out="-", fmt="jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXAMPLE_FILES)
    records = [json.loads(line) for line in lines]  # every stdout line is one JSON object
    for record in records:
        record_validator.validate(record)
    assert [r["document"]["path"] for r in records] == list(map(str, EXAMPLE_FILES))
    assert summary_counts(result.stderr)["written"] == len(EXAMPLE_FILES)
    # no message on standard output (this must not depend on where the checkout lies: its path is in the records)
    assert not [line for line in result.stdout.splitlines() if line.startswith("famprog:")]


def test_jsonl_to_stdout_with_a_failure_keeps_stdout_clean(tmp_path):
    (tmp_path / "leer.txt").write_bytes(b"")
    shutil.copy(EXAMPLES / "he" / "pm-2024-007.txt", tmp_path / "ok.txt")
    result = extract(tmp_path, out="-", fmt="jsonl")
    assert result.exit_code == 1
    assert [json.loads(line)["document"]["path"] for line in result.stdout.splitlines()] == [str(tmp_path / "ok.txt")]
    assert "leer.txt" in result.stderr and "leer.txt" not in result.stdout


def test_stdin_into_a_folder(tmp_path):
    data = (EXAMPLES / "he" / "pm-2024-007.txt").read_bytes()
    result = invoke_cli(
        "extract", "-", "--out", tmp_path / "out", "--format", "json", "--jobs", "1", "--no-db", input=data
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "out" / "stdin.json").read_text(encoding="utf-8"))
    assert record["document"]["path"] == "<stdin>"
    from_file = json.loads(extract(EXAMPLES / "he" / "pm-2024-007.txt", out="-", fmt="jsonl").stdout)
    del record["document"], from_file["document"]
    assert record == from_file


def test_stdin_to_stdout():
    data = (EXAMPLES / "th" / "pm-2021-052.txt").read_bytes()  # Windows-1252
    result = invoke_cli("extract", "-", "--out", "-", "--format", "jsonl", "--jobs", "1", "--no-db", input=data)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["document"]["encoding"] == "cp1252"
    assert record["programs"]


def test_single_file_goes_to_its_stem(tmp_path):
    result = extract(EXAMPLES / "th" / "pm-2023-031.txt", out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "pm-2023-031.json").is_file()


def test_same_stem_in_one_folder_never_overwrites(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "he" / "pm-2024-007.txt", folder / "a.txt")
    shutil.copy(EXAMPLES / "by" / "pm-2022-089.html", folder / "a.html")
    shutil.copy(EXAMPLES / "th" / "pm-2019-014.txt", folder / "a.md")
    result = extract(folder, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp_path / "out").glob("*.json"))]
    paths = sorted(r["document"]["path"] for r in records)
    assert paths == sorted(str(folder / name) for name in ("a.txt", "a.html", "a.md"))


def test_same_name_from_two_inputs_never_overwrites(tmp_path):
    for name in ("eins", "zwei"):
        (tmp_path / name).mkdir()
    shutil.copy(EXAMPLES / "he" / "pm-2024-007.txt", tmp_path / "eins" / "pm.txt")
    shutil.copy(EXAMPLES / "nw" / "pm-2023-210.txt", tmp_path / "zwei" / "pm.txt")
    file_arg = tmp_path / "pm.txt"
    shutil.copy(EXAMPLES / "sn" / "pm-2020-045.txt", file_arg)
    result = extract(tmp_path / "eins", tmp_path / "zwei", file_arg, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").rglob("*.json")]
    paths = sorted(r["document"]["path"] for r in records)
    assert paths == sorted(str(p) for p in (tmp_path / "eins" / "pm.txt", tmp_path / "zwei" / "pm.txt", file_arg))
    assert summary_counts(result.stderr)["written"] == 3


def test_only_document_suffixes_are_read_from_folders(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(EXAMPLES / "he" / "pm-2024-007.txt", folder / "sub" / "pm.TXT")
    (folder / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / ".hidden.txt").write_text("Versteckt", encoding="utf-8")
    result = extract(folder, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert summary_counts(result.stderr) == {"documents": 1, "written": 1, "skipped": 0, "failed": 0}
    assert (tmp_path / "out" / "sub" / "pm.json").is_file()


# ---- summary and exit codes -----------------------------------------------------------------------


def test_summary_goes_to_stderr(both_run):
    _, result = both_run
    assert result.stdout == ""
    assert summary_counts(result.stderr) == {"documents": N, "written": N, "skipped": 0, "failed": 0}


def test_quiet_prints_no_summary(tmp_path):
    result = extract(EXAMPLES / "he" / "pm-2024-007.txt", out=tmp_path / "out", extra=("--quiet",))
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""


def test_some_failed_documents_give_exit_code_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "he" / "pm-2024-007.txt", folder / "gut.txt")
    (folder / "leer.txt").write_bytes(b"")
    (folder / "bild.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = extract(folder, out=tmp_path / "out")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if not SUMMARY.search(line)]
    assert len(errors) == 2
    assert any(str(folder / "leer.txt") in e and "empty" in e for e in errors)
    assert any(str(folder / "bild.txt") in e and "PNG" in e for e in errors)
    assert summary_counts(result.stderr) == {"documents": 3, "written": 1, "skipped": 0, "failed": 2}
    assert (tmp_path / "out" / "gut.json").is_file()


def test_nonexistent_path_is_bad_usage(tmp_path):
    result = extract(EXAMPLES / "he" / "pm-2024-007.txt", tmp_path / "fehlt.txt", out=tmp_path / "out")
    assert result.exit_code == 2
    assert "fehlt.txt" in result.stderr and "no such file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_format_is_bad_usage(tmp_path):
    result = extract(EXAMPLES / "he" / "pm-2024-007.txt", out=tmp_path / "out", fmt="xml")
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_unwritable_output_folder_is_bad_usage(tmp_path):
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    result = extract(EXAMPLES / "he" / "pm-2024-007.txt", out=blocker)
    assert result.exit_code == 2
    assert str(blocker) in result.stderr and "cannot write" in result.stderr


def test_negative_jobs_is_bad_usage(tmp_path):
    result = extract(EXAMPLES / "he" / "pm-2024-007.txt", out=tmp_path / "out", jobs=-1)
    assert result.exit_code == 2


# ---- determinism ------------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_output(tmp_path, both_run):
    out, _ = both_run
    again = tmp_path / "again"
    result = invoke_cli("extract", EXAMPLES, "--out", again, "--jobs", "1", "--no-db")
    assert result.exit_code == 0, result.stderr
    assert files_under(again) == files_under(out)


def test_one_and_two_workers_give_identical_output(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert extract(EXAMPLES, out=one, fmt="both", jobs=1).exit_code == 0
    result = extract(EXAMPLES, out=two, fmt="both", jobs=2)
    assert result.exit_code == 0, result.stderr
    assert files_under(one) == files_under(two)
    stream_one = extract(EXAMPLES, out="-", fmt="jsonl", jobs=1).stdout
    stream_two = extract(EXAMPLES, out="-", fmt="jsonl", jobs=2).stdout
    assert stream_one == stream_two


# ---- skipping unchanged inputs ----------------------------------------------------------------------


def test_rerun_skips_unchanged_and_force_redoes(tmp_path, examples):
    out = tmp_path / "out"
    first = extract(examples, out=out)
    assert summary_counts(first.stderr) == {"documents": N, "written": N, "skipped": 0, "failed": 0}
    before = files_under(out)

    second = extract(examples, out=out)
    assert second.exit_code == 0
    assert summary_counts(second.stderr) == {"documents": N, "written": 0, "skipped": N, "failed": 0}
    assert files_under(out) == before

    forced = extract(examples, out=out, extra=("--force",))
    assert summary_counts(forced.stderr) == {"documents": N, "written": N, "skipped": 0, "failed": 0}
    assert files_under(out) == before


def test_changed_input_is_redone(tmp_path, examples):
    out = tmp_path / "out"
    extract(examples, out=out)
    changed = examples / "he" / "pm-2024-007.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("6,2 Mio. Euro", "7,3 Mio. Euro"), encoding="utf-8")
    result = extract(examples, out=out)
    assert summary_counts(result.stderr) == {"documents": N, "written": 1, "skipped": N - 1, "failed": 0}
    record = json.loads((out / "he" / "pm-2024-007.json").read_text(encoding="utf-8"))
    assert 7_300_000 in [a["value"] for a in record["amounts"]]


def test_deleted_record_is_written_again(tmp_path, examples):
    out = tmp_path / "out"
    extract(examples, out=out)
    (out / "he" / "pm-2024-007.json").unlink()
    result = extract(examples, out=out)
    assert summary_counts(result.stderr)["written"] == 1
    assert (out / "he" / "pm-2024-007.json").is_file()


def test_other_format_is_not_skipped(tmp_path, examples):
    out = tmp_path / "out"
    extract(examples, out=out, fmt="json")
    result = extract(examples, out=out, fmt="yaml")
    assert summary_counts(result.stderr)["written"] == N
    assert (out / "he" / "pm-2024-007.yaml").is_file()


@pytest.mark.parametrize(
    ("first", "then", "left"),
    [
        ("both", "json", {".json"}),
        ("both", "yaml", {".yaml"}),
        ("json", "yaml", {".yaml"}),
        ("yaml", "both", {".json", ".yaml"}),
        ("json", "jsonl", {".json"}),  # one .jsonl file for the run: the per-release records stay
    ],
)
def test_a_run_in_another_format_leaves_no_record_of_the_old_one(tmp_path, first, then, left):
    """Records of another format that an earlier run wrote would contradict the new ones (a changed
    text, a newer famprog): they go; a file famprog did not write stays."""
    doc = EXAMPLES / "he" / "pm-2024-007.txt"
    out = tmp_path / "out"
    assert extract(doc, out=out, fmt=first).exit_code == 0
    (out / "notes.yaml").write_text("mine\n", encoding="utf-8")
    assert extract(doc, out=out, fmt=then).exit_code == 0
    records = {Path(p).suffix for p in files_under(out) if Path(p).name.startswith("pm-2024-007")}
    assert records == left
    assert (out / "notes.yaml").read_text(encoding="utf-8") == "mine\n"


def test_failed_document_is_retried(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "leer.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert extract(folder, out=out).exit_code == 1
    again = extract(folder, out=out)
    assert again.exit_code == 1 and "leer.txt" in again.stderr


# ---- atomic writes ------------------------------------------------------------------------------------


def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".famprog-probe")]


def test_no_temporary_files_after_a_run(both_run):
    out, _ = both_run
    assert not _leftovers(out)


@pytest.mark.parametrize("where", ["right after creating the temporary file", "while writing", "before renaming"])
def test_interrupted_run_leaves_no_partial_files(tmp_path, examples, monkeypatch, where):
    """Ctrl-C in the middle of the fourth record: no tmp or half file; earlier records intact."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    options = RunOptions(out=str(out), fmt=OutputFormat.json, jobs=1)
    run([str(examples)], options)
    old = files_under(out, "*.json")
    for p in examples.rglob("*.txt"):
        p.write_bytes(p.read_bytes() + b"\n")  # changed inputs: every text document is redone
    run([str(examples)], RunOptions(out=str(fresh), fmt=OutputFormat.json, jobs=1))
    new = files_under(fresh, "*.json")

    calls = {"write": 0, "replace": 0, "open": 0}
    real_write, real_replace, real_open = runner._write_all, os.replace, os.open

    def fake_open(path, flags, *args, **kwargs):
        """The fourth record's temporary file exists when Ctrl-C lands (before any byte is written)."""
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).startswith(".famprog-"):
            calls["open"] += 1
            if where.startswith("right after") and calls["open"] == 4:
                os.close(fd)
                raise KeyboardInterrupt
        return fd

    def fake_write(fd, data):
        """The fourth record's write stops halfway with Ctrl-C."""
        calls["write"] += 1
        if where == "while writing" and calls["write"] == 4:
            real_write(fd, data[: len(data) // 2])
            raise KeyboardInterrupt
        return real_write(fd, data)

    def fake_replace(src, dst, **kwargs):
        calls["replace"] += 1
        if where == "before renaming" and calls["replace"] == 4:
            raise KeyboardInterrupt
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(runner, "MANIFEST_SAVE_SECONDS", 3600.0)  # the manifest is written at the end only
    monkeypatch.setattr(runner, "_write_all", fake_write)
    monkeypatch.setattr(runner.os, "replace", fake_replace)
    monkeypatch.setattr(runner.os, "open", fake_open)
    with pytest.raises(KeyboardInterrupt):
        run([str(examples)], options)
    monkeypatch.undo()

    assert not _leftovers(out)
    after = files_under(out, "*.json")
    assert set(after) == set(old)
    for rel, data in after.items():
        assert data in (old[rel], new[rel]), f"{rel} is neither the old nor the new record"
    # unchanged HTML pages are skipped, so the three text records written first are new
    texts = sorted(p.relative_to(examples).with_suffix(".json").as_posix() for p in examples.rglob("*.txt"))
    assert sorted(rel for rel in after if after[rel] != old[rel]) == texts[:3]

    # the next run finishes the job: three plus the HTML pages skipped, the rest redone, a clean run's bytes
    summary = run([str(examples)], options)
    assert not summary.failures and not _leftovers(out)
    html = len(EXAMPLE_FILES) - len(texts)
    assert (summary.skipped, summary.written) == (html + 3, len(texts) - 3)
    assert files_under(out, "*.json") == new


def test_with_a_store_a_record_is_written_again_only_when_its_ids_change(tmp_path, examples, monkeypatch):
    """A record whose items already have the store's ids is written once (the store alone tells, the
    record is not read back); every other one once more with the store's ids, as the manifest says."""
    from famprog.store import Store

    out = tmp_path / "out"
    writes: dict[str, int] = {}
    real_write = runner.write_file

    def counting_write(root, rel, text):
        writes[rel.as_posix()] = writes.get(rel.as_posix(), 0) + 1
        return real_write(root, rel, text)

    monkeypatch.setattr(runner, "write_file", counting_write)
    with Store.open(tmp_path / "famprog.sqlite") as store:
        summary = run([str(examples)], RunOptions(out=str(out), fmt=OutputFormat.json, jobs=1, store=store))
        assert not summary.failures
        manifest = json.loads((out / runner.MANIFEST).read_text(encoding="utf-8"))
        twice = 0
        for key, entry in manifest.items():
            rel = entry["out"] + ".json"
            record = json.loads((out / rel).read_text(encoding="utf-8"))
            by_position = store.item_entities_at(key)
            assert entry["ids"] == "store"
            assert not runner.store_ids(record, by_position), f"{rel} lacks the store's ids"
            assert writes[rel] == (1 if store.keeps_record_ids(key) else 2), rel
            twice += writes[rel] == 2
        assert 0 < twice < len(manifest)  # both kinds occur in the examples


def test_read_regular_file_returns_every_byte_and_refuses_what_is_no_file(tmp_path):
    for size in (0, 1, 4095, 65536, 200_003):
        path = tmp_path / f"doc-{size}.txt"
        data = os.urandom(size)
        path.write_bytes(data)
        assert runner._read_regular_file(path) == data
    with pytest.raises(OSError):
        runner._read_regular_file(tmp_path)  # a folder
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(OSError, match="not a regular file"):
        runner._read_regular_file(tmp_path / "pipe.txt")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "famprog: 1 document: 1 record written, 0 unchanged and skipped, 0 failed"),
        (2, "famprog: 2 documents: 2 records written, 0 unchanged and skipped, 0 failed"),
        (3, "famprog: 3 documents: 3 records written, 0 unchanged and skipped, 0 failed"),
    ],
)
def test_summary_line_counts_in_singular_and_plural(tmp_path: Path, n: int, expected: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for path in sorted(EXAMPLES.rglob("*.txt"))[:n]:
        shutil.copy(path, src / path.name)
    result = extract(src, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert summary_line(result.stderr).startswith(expected + " (")


def _ctrl_c() -> None:
    raise KeyboardInterrupt


def _sigterm() -> None:
    from famprog.cli import _terminate

    _terminate(signal.SIGTERM, None)  # what the CLI's SIGTERM handler does


@pytest.mark.parametrize(
    ("stop", "code", "word"),
    [(_ctrl_c, 130, "interrupted"), (_sigterm, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"],
)
@pytest.mark.parametrize("to_folder", [True, False], ids=["folder", "stdout"])
def test_an_interrupted_run_says_how_to_finish(
    tmp_path: Path, monkeypatch, stop, code: int, word: str, to_folder: bool
) -> None:
    """Ctrl-C or SIGTERM during extract: exit 128 + the signal, and one line saying what to do (a new
    user saw exit 130 and nothing); a stream to standard output keeps nothing, so it is not promised."""
    from famprog import runner

    def interrupted(*args, **kwargs):
        stop()

    monkeypatch.setattr(runner, "run", interrupted)
    result = extract(EXAMPLES, out=tmp_path / "out" if to_folder else "-")
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0]
    assert ("run the same command again" in lines[0]) == to_folder


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["extract", "x.txt", "--jobs", "-1"], "--jobs"),
        (["extract", "x.txt", "--bogus"], "--bogus"),
        (["extract", "x.txt", "--format", "xml"], "'xml' is not one of"),
        (["extract", "x.txt", "--min-confidence", "2"], "--min-confidence"),
        (["extract"], "Missing argument"),
        (["diff"], "Missing argument 'old'"),
        (["timeline", "--since", "2020"], "name a PROGRAM"),
        (["--bogus"], "--bogus"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_a_usage_error_is_one_line_with_exit_2(run_cli, args: list[str], said: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert not result.stdout
    line, *rest = result.stderr.splitlines()
    assert not rest and line.startswith("famprog: ") and said in line and "--help')" in line


def test_no_arguments_show_the_help(run_cli) -> None:
    result = run_cli()
    assert "Usage: famprog [OPTIONS] COMMAND" in result.output and "extract" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "no-such-old", "no-such-new"],
        ["diff", "no-such.sqlite", "--since", "gestern"],
        ["programs", "--db", "no-such.sqlite"],
        ["timeline", "LFQ", "--db", "no-such.sqlite"],
        ["facts", "--db", "no-such.sqlite"],
        ["review", "no-such-folder"],
        ["extract", "no-such-folder"],
    ],
)
def test_every_command_names_itself_famprog_in_its_one_error_line(run_cli, args: list[str], tmp_path: Path) -> None:
    result = run_cli(*[tmp_path / a if a.startswith("no-such") else a for a in args])
    assert result.exit_code == 2
    line, *rest = result.stderr.splitlines()
    assert not rest and line.startswith("famprog: ")


@pytest.mark.parametrize(
    "spell",
    [
        lambda d: [d / "a.txt", d / "a.txt", d],  # a file twice, then inside its folder
        lambda d: [d, d / "a.txt"],  # the folder first
        lambda d: [d, d / "sub" / ".." / "a.txt", d],  # another spelling of the same path, a folder twice
    ],
)
def test_a_document_given_twice_is_extracted_once(tmp_path: Path, spell) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in ("a", "b"):
        (src / f"{name}.txt").write_text(f"Das Land fördert {name} 12 Familienzentren.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke_cli("extract", *spell(src), "--out", out, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "2 documents: 2 records written" in result.stderr
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json", "b.json"]
