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
        start = time.process_time()
        doc = make_doc(NLP, text)
        assert doc.text == text
        return time.process_time() - start

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


# chunks the fast path answers without the tokenizer (letters only, digits only) beside chunks it must
# not (letters with digits, affixes, special cases, letters outside German's alphabet)
PLAIN_AND_NEAR = st.sampled_from(
    [
        "Familienzentren",
        "Straße",
        "ÄÖÜäöüß",
        "XD",
        "xDD",
        "PD",
        "2024",
        "007",
        "B96",
        "10km",
        "5%",
        "Grüße,",
        "Jahr.",
        "Mio.",
        "Dr.",
        "(Kita)",
        "œuvre",
        "ﬁnden",
        "Ǆ",
        "ſ",
        "İstanbul",
        "e.V.",
        "z.B.",
        "Haus-",
        "Kinder-",
        "/",
        "s",
        "S",
        "ü",
    ]
)
SEPARATORS = st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\xa0", ""])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PLAIN_AND_NEAR, SEPARATORS), max_size=30), st.text(alphabet="abcXYZäß019.-,", max_size=20))
def test_plain_chunks_and_batched_new_chunks_give_spacys_tokens(pairs, word):
    # the chunk cache persists between examples: every example mixes cached chunks with new ones
    text = "".join(chunk + gap for chunk, gap in pairs) + " " + word + " " + word[::-1]
    expected = [(t.text, t.whitespace_) for t in NLP.make_doc(text)]
    assert [(t.text, t.whitespace_) for t in make_doc(NLP, text)] == expected


@pytest.mark.parametrize(
    "chunk, tokens",
    [
        ("Familienzentren", ["Familienzentren"]),
        ("2024", ["2024"]),
        ("XD", ["XD"]),  # a special case of spaCy's that is letters only
        ("2024.", ["2024."]),  # German keeps ordinals and a year's full stop
        ("Jahr.", ["Jahr", "."]),
        ("(FiQ)", ["(", "FiQ", ")"]),
        ("10km", ["10", "km"]),
    ],
)
def test_chunk_tokens_table(chunk, tokens):
    assert [t.text for t in make_doc(NLP, f"Im {chunk} neu")][1:-1] == tokens
    assert [t.text for t in NLP.make_doc(f"Im {chunk} neu")][1:-1] == tokens


WHITESPACE_VARIANTS = [
    "",
    " ",
    "   ",
    "\n",
    "Wort",
    " Wort",
    "  Wort",
    "Wort ",
    "Wort  ",
    "Wort   ",
    "Wort\n",
    "\nWort",
    "Ein  Wort",
    "Ein   Wort.",
    "Ein\tWort",
    "Ein \tWort",
    "Ein\t Wort",
    "Ein\nWort",
    "Ein \nWort",
    "Ein\n Wort",
    "Ein \n Wort",
    "Ein\n\nWort",
    "Ein\r\nWort",
    "Ein\xa0Wort",
    "Ein \xa0Wort",
    "Ein\xa0 Wort",
    "Ein\u2009Wort\u3000!",
    "Dr. Anna\nBeispiel  (SPD)\t–\xa05.000 Euro. \n",
    "Euro.\n\nDie Stadt, e.V.\n \n„Zitat“ \t ",
    "Anfang\n" + "„" * 450 + "\nEnde ",  # a long chunk, cut by a regex (here as spaCy cuts it)
]


@pytest.mark.parametrize("text", WHITESPACE_VARIANTS)
def test_whitespace_variants_give_spacys_tokens(text):
    expected = [(t.text, t.whitespace_) for t in NLP.make_doc(text)]
    for _ in range(2):  # the second time from the cache
        doc = make_doc(NLP, text)
        assert doc.text == text
        assert [(t.text, t.whitespace_) for t in doc] == expected


def test_chunk_cache_stays_bounded(monkeypatch):
    import famprog.extract as extract

    monkeypatch.setattr(extract, "GENERATION", 50)
    nlp = build_pipeline()
    for n in range(40):
        text = f"Wort{n}a Wort{n}b, Zeile\n{n}. Absatz ({n})"
        expected = [(t.text, t.whitespace_) for t in nlp.make_doc(text)]
        assert [(t.text, t.whitespace_) for t in make_doc(nlp, text)] == expected
        state = extract._chunk_caches[nlp]
        assert len(state.words) + len(state._previous_words) <= 2 * (50 + len(text.split()) + 1)


def test_chunk_cache_keeps_the_pieces_of_the_previous_generation(monkeypatch):
    """A piece met again after its generation has passed is moved into the current one, not
    tokenized again; one met in neither is tokenized."""
    import famprog.extract as extract

    monkeypatch.setattr(extract, "GENERATION", 10)
    nlp = build_pipeline()
    tokenized: list[str] = []
    tokenize = extract._tokenize_new_chunks

    def counting(nlp, state, chunks):
        tokenized.extend(chunks)
        tokenize(nlp, state, chunks)

    monkeypatch.setattr(extract, "_tokenize_new_chunks", counting)
    recurring = "Familienzentrum, (LSZ) Euro."
    make_doc(nlp, recurring)
    for n in range(4):  # enough new pieces to start one new generation
        make_doc(nlp, f"Wort{n}x, Satz{n}y. Zeile{n}z:")
    state = extract._chunk_caches[nlp]
    assert "(LSZ)" not in state.words and "(LSZ)" in state._previous_words
    tokenized.clear()
    text = recurring + " Neu1,"
    expected = [(t.text, t.whitespace_) for t in nlp.make_doc(text)]
    assert [(t.text, t.whitespace_) for t in make_doc(nlp, text)] == expected
    assert tokenized == ["Neu1,"]
    assert "(LSZ)" in state.words


def test_bundled_texts_tokenize_as_spacy_does():
    from pathlib import Path

    from famprog.reading import read_path

    root = Path(__file__).resolve().parent.parent
    paths = [p for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file()]
    paths += sorted((root / "tests" / "fixtures" / "devset" / "texts").glob("*.txt"))
    assert paths
    for path in paths:
        text = read_path(path).text
        expected = [(t.text, t.whitespace_) for t in NLP.make_doc(text)]
        assert [(t.text, t.whitespace_) for t in make_doc(NLP, text)] == expected, path


ZONE_TEXTS = [
    "Das Land fördert 214 Familienzentren mit 3,5 Millionen Euro. Ministerin Anna Beispiel (SPD) lobt das.",
    "Potsdam (dpa/bb) - Das Brandenburger Landesprogramm „Starke Familien“ läuft von 2021 bis 2028.",
    "Zwölf neue Eltern-Kind-Zentren öffnen im Landkreis Harz; jedes erhält 15.000 Euro pro Jahr.",
    "Quietschende Wörterbuchlücken: Xylofonbauer, Zwetschgenröster und Ölmühlenwärter.",
    "Der Verein Lichtblick e. V. erhält seit März 2019 jährlich 11.000 Euro für sein Haus.",
]


@pytest.mark.parametrize("documents", [1, 2, 3, 100])
def test_memory_zones_change_no_record_and_free_the_words_they_add(documents):
    from famprog.extract import MemoryZones, extract
    from famprog.reading import read_bytes
    from famprog.serialize import record_to_dict

    def run(nlp, zones):
        records = []
        for n, text in enumerate(ZONE_TEXTS * 2):
            source = read_bytes(text.encode("utf-8"), f"zone-{n}.txt")
            if zones is None:
                records.append(record_to_dict(extract(nlp, source)))
                continue
            with zones.document():
                records.append(record_to_dict(extract(nlp, source)))
        return records

    plain = run(build_pipeline(), None)
    nlp = build_pipeline()
    strings_before = len(nlp.vocab.strings)
    zones = MemoryZones(nlp, documents=documents)
    assert run(nlp, zones) == plain
    zones.close()
    assert not nlp.vocab.in_memory_zone
    assert len(nlp.vocab.strings) == strings_before  # every word the texts added is gone again


def test_memory_zones_end_the_zone_of_a_document_that_raised():
    from famprog.extract import MemoryZones

    nlp = build_pipeline()
    zones = MemoryZones(nlp, documents=100)
    with pytest.raises(RuntimeError), zones.document():
        nlp.make_doc("Ein Wort, das es noch nicht gab: Zwetschgenröster.")
        raise RuntimeError
    assert not nlp.vocab.in_memory_zone
    with zones.document():  # and the next document opens a new one
        assert nlp.vocab.in_memory_zone


def test_lean_lexemes_change_no_record_of_the_bundled_and_held_out_releases():
    """famprog reads no lexical attribute but IS_PUNCT: a pipeline that computes only that one (what
    ``famprog extract`` runs) gives every record a full pipeline gives."""
    from pathlib import Path

    from famprog.extract import extract
    from famprog.nlp import lean_lexemes
    from famprog.reading import read_path
    from famprog.serialize import record_to_dict

    root = Path(__file__).resolve().parent.parent
    paths = sorted(p for p in (root / "data" / "raw").rglob("*") if p.is_file() and p.suffix in (".txt", ".html"))
    paths += sorted((root / "tests" / "fixtures" / "devset" / "texts").glob("*.txt"))
    assert len(paths) > 20
    full, lean = build_pipeline(), lean_lexemes(build_pipeline())
    assert len(lean.vocab.lex_attr_getters) == 1
    for path in paths:
        source = read_path(path)
        assert record_to_dict(extract(lean, source)) == record_to_dict(extract(full, source)), path


def test_span_attributes_are_those_span_underscore_reads(nlp):
    from famprog.extract import annotate
    from famprog.link import span_attributes
    from famprog.reading import read_bytes

    text = (
        "Berlin, 3. Mai 2021. Das Bundesministerium für Familie, Senioren, Frauen und Jugend (BMFSFJ) fördert "
        "seit 1. Januar 2020 mit 5 Mio. Euro rund 120 Familienzentren im Bundesprogramm „Familie stärken“. "
        "Bundesfamilienministerin Dr. Anna Beispiel sagte: „Familienzentren helfen.“ Beispiel dankte dem Land."
    )
    doc = annotate(nlp, read_bytes(text.encode("utf-8"), "t.txt"))
    groups = ("famprog_programs", "famprog_organisations", "famprog_people", "famprog_dates", "famprog_amounts")
    for group in (*groups, "famprog_counts", "no_such_group"):
        expected = [((s.start_char, s.end_char), s._.famprog) for s in doc.spans.get(group, [])]
        assert span_attributes(doc, group) == expected
        assert all(found is read for (_, found), (_, read) in zip(span_attributes(doc, group), expected, strict=True))
    assert all(doc.spans.get(group) for group in groups)
