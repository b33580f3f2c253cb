"""famprog's own chunk-cached tokenization gives exactly spaCy's tokens, in linear time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from famprog.extract import make_doc
from famprog.nlp import build_pipeline

NLP = build_pipeline()
PIECES = st.sampled_from(
    [
        "Dr.",
        "Prof.",
        "e.V.",
        "z.B.",
        "u.a.",
        "13.06.2018",
        "9.",
        "September",
        "2022.",
        "„",
        "“",
        "(LSZ)",
        "ThEKiZ-Programm",
        "1,5",
        "Mio.",
        "€",
        "Euro",
        "Kooperations-",
        "und",
        "Servicestelle",
        "Heike",
        "Werner:",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\xa0",
        "-",
        "–",
        "/",
        "§16",
        "www.example.de",
        "info@example.de",
        "5.000",
        "Sie",
        "sagt",
        ".",
        ",",
        "!?",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40), st.text(max_size=60))
def test_same_tokens_as_spacy(pieces, noise):
    text = "".join(pieces) + noise
    expected = [(t.text, t.whitespace_) for t in NLP.make_doc(text)]
    got = make_doc(NLP, text)
    assert got.text == text
    assert [(t.text, t.whitespace_) for t in got] == expected


@pytest.mark.parametrize("run", ["„", "1.", "a-", "Dr. "])
def test_long_runs_without_spaces_stay_linear(run):
    def seconds(n: int) -> float:
        text = "Anfang " + run * n + " Ende"
        start = time.perf_counter()
        doc = make_doc(NLP, text)
        assert doc.text == text
        return time.perf_counter() - start

    seconds(500)
    assert seconds(20_000) < 2.0


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40), st.text(max_size=60))
def test_sentencizer_splits_exactly_as_spacys(pieces, noise):
    import spacy

    reference = spacy.blank("de").add_pipe("sentencizer")
    text = "".join(pieces) + noise
    ours = NLP.get_pipe("sentencizer")(make_doc(NLP, text))
    theirs = reference(make_doc(NLP, text))
    assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in theirs]
