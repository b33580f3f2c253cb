"""The spaCy pipeline: fixed order, saved to disk and loaded back with spacy.load."""

from __future__ import annotations

import spacy

from famprog.nlp import PIPELINE, build_pipeline

TEXT = "Staatssekretärin Dr. Anna Kolbe (SPD) übergab 1,2 Millionen Euro an das Landesprogramm „Gute Orte“ (LGO)."


def annotations(doc) -> dict:
    return {key: [(s.text, s.label_) for s in doc.spans[key]] for key in sorted(doc.spans)}


def test_saved_pipeline_loads_and_gives_the_same_spans(tmp_path):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "famprog_de")
    loaded = spacy.load(tmp_path / "famprog_de")
    assert tuple(loaded.pipe_names) == PIPELINE
    assert annotations(loaded(TEXT)) == annotations(nlp(TEXT))
    assert ("Anna Kolbe", "PERSON") in annotations(loaded(TEXT))["famprog_people"]


def test_components_work_in_a_users_own_pipeline():
    from famprog.nlp import register_components

    register_components()
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("famprog_amounts")
    doc = nlp("Es gibt rund 480.000 Euro pro Jahr.")
    (span,) = doc.spans["famprog_amounts"]
    assert span._.famprog["value"] == 480000 and span._.famprog["period"] == "year"


def test_spacy_load_finds_famprogs_components_without_importing_famprog(tmp_path):
    import subprocess
    import sys

    build_pipeline().to_disk(tmp_path / "famprog_de")
    code = (
        "import spacy; nlp = spacy.load(r'%s'); "
        "doc = nlp('Landrätin Dr. Eva Roth übergab 5.000 Euro.'); "
        "print([s.text for s in doc.spans['famprog_people']], [s.text for s in doc.spans['famprog_amounts']])"
    ) % (tmp_path / "famprog_de")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['Eva Roth'] ['5.000 Euro']"
