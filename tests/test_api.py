"""The Python API: famprog.extract_text / extract_file / Record.to_dict, one pipeline per process,
usable from process pools (fork and spawn), and a light ``import famprog``."""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

import famprog
from conftest import EXAMPLES
from famprog import api
from famprog.errors import FamprogError, InputError

RELEASE = (
    "Erfurt, 14. März 2019. Das Landesprogramm „Familienorte im Quartier“ fördert ab heute "
    "16 Familienzentren mit 600.000 Euro jährlich.\n"
)
UNDATED = "Das Landesprogramm „Familienorte im Quartier“ fördert seit heute 16 Familienzentren.\n"


def _programs(text: str) -> list[str]:
    """A worker function for the pools: module-level, so it pickles by reference."""
    return [p.name for p in famprog.extract_text(text).programs]


def test_extract_text_returns_record_with_items_and_to_dict():
    record = famprog.extract_text(RELEASE)
    assert isinstance(record, famprog.Record)
    assert [p.name for p in record.programs] == ["Familienorte im Quartier"]
    data = record.to_dict()
    assert data["document"]["path"] == "<text>"
    assert data["document"]["published"] == "2019-03-14"
    assert {f["predicate"] for f in data["facts"]} >= {"funding"}
    for m in record.amounts[0].mentions:
        assert RELEASE[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2020-05-04", "2020-05-04"),  # a full date: 'heute' is that day
        ("2021-02", "2021-02"),  # a month
        ("2022", "2022"),  # a year
        (None, None),  # no date in the text, none given
    ],
)
def test_published_overrides_the_document_date(published, expected):
    record = famprog.extract_text(UNDATED, published=published)
    assert record.document.published == expected
    if expected and len(expected) == 10:
        assert {f.as_of for f in record.facts} == {expected}
        assert expected in [d.value for d in record.dates]


def test_published_given_wins_over_the_dateline():
    assert famprog.extract_text(RELEASE, published="2018-01-02").document.published == "2018-01-02"


@pytest.mark.parametrize("bad", ["14.03.2019", "2019-13-01", "yesterday", "19-03", "2019-02-30"])
def test_malformed_published_is_an_input_error(bad):
    with pytest.raises(InputError, match="ISO date"):
        famprog.extract_text(RELEASE, published=bad)


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_empty_text_is_an_input_error(text):
    with pytest.raises(FamprogError):
        famprog.extract_text(text, path="leer.txt")


def test_path_names_the_document():
    assert famprog.extract_text(RELEASE, path="th/pm-1.txt").document.path == "th/pm-1.txt"


def test_extract_file_equals_the_cli_record():
    from famprog.runner import Job, OutputFormat, extract_job

    for source in sorted(EXAMPLES.rglob("*.*"))[:4]:
        record = famprog.extract_file(source)
        outcome = extract_job(Job(str(source), source, None), source.read_bytes(), OutputFormat.json)  # type: ignore[arg-type]
        assert record.to_dict() == outcome.record


def test_extract_file_missing_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        famprog.extract_file(tmp_path / "fehlt.txt")


def test_pipeline_is_built_once_per_process():
    famprog.extract_text(RELEASE)
    first = api.pipeline()
    famprog.extract_text(UNDATED, published="2020-01-01")
    assert api.pipeline() is first


def test_record_pickles():
    record = famprog.extract_text(RELEASE)
    again = pickle.loads(pickle.dumps(record))
    assert again.to_dict() == record.to_dict()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_process_pool(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    texts = [RELEASE, UNDATED, RELEASE.replace("Familienorte im Quartier", "Starke Familien")]
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(pool.map(_programs, texts))
    assert results == [_programs(t) for t in texts]


def test_import_famprog_loads_no_spacy():
    code = "import sys, famprog; famprog.extract_text; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_public_functions_are_documented():
    for fn in (famprog.extract_text, famprog.extract_file, famprog.Record.to_dict, api.pipeline):
        assert fn.__doc__ and len(fn.__doc__) > 60
