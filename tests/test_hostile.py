"""Hostile inputs: each gives a sensible record or ONE clear error line naming the file and the reason,
while the other documents of the same run are processed and the exit code follows the rules.

Big and binary inputs are generated in ``tmp_path``; the small text fixtures live in
``tests/fixtures/hostile/``.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, FIXTURES, assert_offsets, invoke_cli
from famprog.reading import read_bytes

HOSTILE = FIXTURES / "hostile"
GERMAN = (HOSTILE / "german.txt").read_text(encoding="utf-8")
GOOD = ["th/pm-2019-014.txt", "by/pm-2022-089.html"]  # two ordinary releases in every run


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = (1).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    idat = chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")


def _pdf() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) + b"\n%%EOF\n"


def _zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("pm.txt", GERMAN)
    return buf.getvalue()


def _invalid_utf8() -> bytes:
    data = GERMAN.encode("utf-8")
    # a stray continuation byte and a truncated two-byte sequence in otherwise valid UTF-8
    return data[:40] + b"\x80" + data[40:90] + b"\xc3" + data[90:]


def _nested_html() -> bytes:
    body = "<div>" * 5000 + "<p>" + GERMAN.replace("\n", "<br>") + "</p>" + "</div>" * 5000
    return f"<!doctype html><html><head><title>Tief</title></head><body>{body}</body></html>".encode()


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the hostile folder
    data: Callable[[], bytes]
    expect: str  # "record" or "error"
    reason: str = ""  # for errors: a word the reason must contain
    contains: str = ""  # for records: a string the decoded text must contain


CASES = [
    Case("empty.txt", lambda: b"", "error", "empty"),
    Case("whitespace.txt", lambda: b" \n\t\r\n   \n\xc2\xa0\n", "error", "text"),
    Case("png.txt", _png, "error", "PNG"),
    Case("pdf.txt", _pdf, "error", "PDF"),
    Case("zip.txt", _zip, "error", "ZIP"),
    Case("nul-bytes.txt", lambda: bytes(range(256)) * 8, "error", "binary"),
    # mostly UTF-8 with two bad bytes: famprog refuses it rather than guess (a record would be fine too)
    Case("invalid-utf8.txt", _invalid_utf8, "error", "undecodable"),
    Case("utf16-le-nobom.txt", lambda: GERMAN.encode("utf-16-le"), "record", contains="Größere Förderung"),
    Case("utf16-be-nobom.txt", lambda: GERMAN.encode("utf-16-be"), "record", contains="Größere Förderung"),
    Case("utf16-bom.txt", lambda: GERMAN.encode("utf-16"), "record", contains="Größere Förderung"),
    Case("utf8-bom.txt", lambda: codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "record", contains="Größere Förderung"),
    Case("cp1252.txt", lambda: GERMAN.encode("cp1252"), "record", contains="„Familienzentren im Quartier“"),
    Case("long-line.txt", lambda: (GERMAN.replace("\n", " ") * 120)[:40_000].encode(), "record", contains="Euro"),
    Case("nested.html", _nested_html, "record", contains="Familienzentren"),
    Case("english.txt", lambda: (HOSTILE / "english.txt").read_bytes(), "record", contains="Ministry"),
    Case("french.txt", lambda: (HOSTILE / "french.txt").read_bytes(), "record", contains="ministère"),
    Case("Ordner mit Ümläuten/Pressemitteilung Größe 1.txt", lambda: GERMAN.encode(), "record", contains="Größere"),
]
ERRORS = [c for c in CASES if c.expect == "error"]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    """One CLI run over a folder holding every hostile case, two good releases and broken links."""
    root = tmp_path_factory.mktemp("hostile")
    src = root / "in"
    for case in CASES:
        path = src / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data())
    for rel in GOOD:
        (src / "good" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / rel, src / "good" / rel)
    # links that fail for root too: dangling, self-referencing, a folder pointing to its parent
    (src / "links").mkdir()
    (src / "links" / "dangling.txt").symlink_to(src / "links" / "missing.txt")
    (src / "links" / "self.txt").symlink_to("self.txt")
    (src / "links" / "loop").symlink_to("..", target_is_directory=True)
    out = root / "out"
    started = time.process_time()
    result = invoke_cli("extract", src, "--out", out, "--format", "both", "--jobs", "1", "--no-db")
    return src, out, result, time.process_time() - started


def _lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line and "documents:" not in line]


def test_run_finishes_with_exit_code_1_and_a_summary(hostile_run):
    src, out, result, seconds = hostile_run
    assert result.exit_code == 1, result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    n_errors = len(ERRORS) + 2  # dangling.txt, self.txt
    n_records = len(CASES) - len(ERRORS) + len(GOOD)
    assert f"{n_records} records written" in summary
    assert f"{n_errors} failed" in summary
    assert f"{n_errors + n_records} documents" in summary
    assert result.stdout == ""
    assert seconds < 60


@pytest.mark.parametrize("rel", GOOD)
def test_good_documents_in_a_hostile_run_get_their_records(hostile_run, rel):
    src, out, result, _ = hostile_run
    record = json.loads((out / "good" / rel).with_suffix(".json").read_text(encoding="utf-8"))
    assert record["programs"] and record["amounts"]


@pytest.mark.parametrize("case", ERRORS, ids=lambda c: c.name)
def test_bad_document_gives_one_error_line(hostile_run, case):
    src, out, result, _ = hostile_run
    lines = _lines_naming(result.stderr, case.name)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("famprog: ") and str(src / case.name) in lines[0]
    assert case.reason.lower() in lines[0].lower(), lines[0]
    assert not list(out.rglob(Path(case.name).stem + ".*"))


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "record"], ids=lambda c: c.name)
def test_odd_document_gives_a_sensible_record(hostile_run, record_validator, case):
    src, out, result, _ = hostile_run
    assert not _lines_naming(result.stderr, case.name), result.stderr
    target = (out / case.name).with_suffix(".json")
    record = json.loads(target.read_text(encoding="utf-8"))
    record_validator.validate(record)
    assert yaml.safe_load(target.with_suffix(".yaml").read_text(encoding="utf-8")) == record
    assert record["document"]["path"] == str(src / case.name)
    source = read_bytes((src / case.name).read_bytes(), str(src / case.name), suffix=Path(case.name).suffix)
    assert case.contains in source.text
    assert "\ufffd" not in source.text and "Ã" not in source.text  # no replacement characters, no mojibake
    assert record["document"]["chars"] == len(source.text)
    assert_offsets(record, source.text)


@pytest.mark.parametrize("name", ["utf16-le-nobom.txt", "utf16-bom.txt", "utf8-bom.txt", "cp1252.txt"])
def test_encodings_give_the_same_items_as_utf8(hostile_run, name):
    src, out, result, _ = hostile_run
    plain = json.loads((out / "Ordner mit Ümläuten" / "Pressemitteilung Größe 1.json").read_text(encoding="utf-8"))
    other = json.loads((out / name).with_suffix(".json").read_text(encoding="utf-8"))
    for kind in ("programs", "organisations", "people", "dates", "amounts", "center_counts", "facts"):
        assert other[kind] == plain[kind], kind


@pytest.mark.parametrize("name", ["dangling.txt", "self.txt"])
def test_broken_symlinks_are_named_with_a_reason(hostile_run, name):
    src, out, result, _ = hostile_run
    lines = _lines_naming(result.stderr, name)
    assert len(lines) == 1 and "cannot read" in lines[0], result.stderr


def test_symlinked_parent_folder_is_not_followed(hostile_run):
    src, out, result, _ = hostile_run
    assert not (out / "links" / "loop").exists()
    assert "loop" not in result.stderr


def test_no_temporary_files_are_left(hostile_run):
    src, out, result, _ = hostile_run
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".famprog-probe")]


# ---- single inputs, named on the command line ---------------------------------------------------


def _extract(*args, out: Path) -> object:
    return invoke_cli("extract", *args, "--out", out, "--jobs", "1", "--no-db", "--format", "json")


def test_path_with_spaces_and_umlauts(tmp_path):
    path = tmp_path / "Größe Ümlaut ß" / "Pressemitteilung Nr. 1 (März).txt"
    path.parent.mkdir()
    path.write_text(GERMAN, encoding="utf-8")
    result = _extract(path, out=tmp_path / "Aus gabe ä")
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "Aus gabe ä" / "Pressemitteilung Nr. 1 (März).json").read_text(encoding="utf-8"))
    assert record["document"]["path"] == str(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_named_and_the_others_are_processed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GERMAN, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(GERMAN, encoding="utf-8")
    locked.chmod(0)
    try:
        result = _extract(folder, out=tmp_path / "out")
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1
    lines = _lines_naming(result.stderr, "locked.txt")
    assert len(lines) == 1 and "cannot read" in lines[0]
    assert (tmp_path / "out" / "ok.json").exists()


def test_dangling_symlink_named_directly(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    good = tmp_path / "ok.txt"
    good.write_text(GERMAN, encoding="utf-8")
    result = _extract(link, good, out=tmp_path / "out")
    assert result.exit_code == 1
    assert len(_lines_naming(result.stderr, "gone.txt")) == 1
    assert (tmp_path / "out" / "ok.json").exists()


def test_fifo_does_not_hang_the_run(tmp_path):
    """A named pipe (in a folder or named directly) is no document: reading it would block forever."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "ok.txt").write_text(GERMAN, encoding="utf-8")

    class Blocked(BaseException):  # not an OSError, so famprog cannot mistake it for a read error
        pass

    def hang(signum, frame):
        raise Blocked

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(20)
    try:
        result = _extract(folder, folder / "pipe.txt", out=tmp_path / "out")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert not isinstance(result.exception, Blocked), "famprog blocked reading a FIFO"
    assert result.exit_code == 1, result.stderr
    lines = _lines_naming(result.stderr, "pipe.txt")
    # named inside the folder and on its own: one document, one line
    assert len(lines) == 1 and "not a regular file" in lines[0], result.stderr
    assert (tmp_path / "out" / "ok.json").exists()


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("scan.png", _png, "PNG"),
        ("bericht.pdf", _pdf, "PDF"),
        ("archiv.zip", _zip, "ZIP"),
    ],
)
def test_binary_file_named_directly(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data())
    result = _extract(path, out=tmp_path / "out")
    assert result.exit_code == 1
    lines = _lines_naming(result.stderr, name)
    assert len(lines) == 1 and reason in lines[0], result.stderr


def test_output_folder_that_is_a_file_is_bad_usage(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(GERMAN, encoding="utf-8")
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = _extract(good, out=blocker / "sub")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(blocker / "sub") in lines[0] and "cannot write" in lines[0], result.stderr
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the folder's mode")
def test_read_only_output_folder_is_bad_usage(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = _extract(good, out=out)
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "cannot write" in result.stderr


# ---- size ----------------------------------------------------------------------------------------


def _release_of_size(n: int) -> bytes:
    block = (EXAMPLES / "he" / "pm-2022-118.txt").read_bytes() + b"\n\n"
    return (block * (n // len(block) + 1))[:n]


def test_20_mb_release(tmp_path, record_validator):
    path = tmp_path / "gross.txt"
    path.write_bytes(_release_of_size(20_000_000))
    result = _extract(path, out=tmp_path / "out")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 0:
        record_validator.validate(json.loads((tmp_path / "out" / "gross.json").read_text(encoding="utf-8")))
    else:  # refusing it is fine, with one clear line
        assert len(_lines_naming(result.stderr, "gross.txt")) == 1


def test_200000_character_line(tmp_path, record_validator):
    path = tmp_path / "zeile.txt"
    path.write_bytes((GERMAN.replace("\n", " ") * 400)[:200_000].encode())
    started = time.process_time()
    result = _extract(path, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert time.process_time() - started < 20
    record_validator.validate(json.loads((tmp_path / "out" / "zeile.json").read_text(encoding="utf-8")))


def test_large_release_stays_fast(tmp_path, record_validator):
    """A 60 KB release (25 copies of an example) finishes: the bound only catches a runaway stage;
    growth with size is shown by make bench."""
    path = tmp_path / "lang.txt"
    path.write_bytes(_release_of_size(60_000))
    started = time.process_time()
    result = _extract(path, out=tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    record_validator.validate(json.loads((tmp_path / "out" / "lang.json").read_text(encoding="utf-8")))
    assert time.process_time() - started < 60
