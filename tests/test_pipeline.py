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


TOKENIZER_TEXTS = [
    TEXT,
    "Die Richtlinie HeFaS. Sie gilt ab 1.1.2024; LFQ. und KiTa. auch.",
    "Dipl.-Päd. Eva Roth, Mag. Jan Ott und Dr. med. Lea Uhl (V.i.S.d.P.) sowie Prof. Dr.-Ing. Kai Bär.",
    "z.B. rd. 5 Mio. Euro, ca. 12 Std./Wo., Nr. 4 u.a. am 3. Okt. – s. o.",
    "www.familie.de/kita?x=1 – info@land.de, 24/7, „Gute Orte“ (LGO).",
]


def _pattern(rule) -> str | None:
    """The regex behind a tokenizer rule (a compiled pattern's bound search/match/finditer), None for none."""
    return None if rule is None else rule.__self__.pattern


def test_tokenizer_rules_as_set_on_spacys_german_tokenizer():
    """famprog's rules in the German language data give the tokenizer that setting them on
    ``spacy.blank("de")``'s tokenizer gives: the same special cases, affix rules and tokens."""
    from spacy.symbols import ORTH

    from famprog import lexicon

    reference = spacy.blank("de")
    suffixes = [*reference.Defaults.suffixes, r"(?<=[a-zäöüß][A-ZÄÖÜ])\."]
    reference.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    people = lexicon.load("people")
    pieces = [piece for title in people["titles"] for piece in title.split()]
    pieces += [cue.rstrip(":") for cue in people["person_cues"] if "." in cue.rstrip(":")]
    for piece in pieces:
        reference.tokenizer.add_special_case(piece, [{ORTH: piece}])
    built, made = build_pipeline().tokenizer, reference.tokenizer
    assert built.rules == made.rules
    for rule in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        assert _pattern(getattr(built, rule)) == _pattern(getattr(made, rule)), rule
    for text in TOKENIZER_TEXTS:
        assert [t.text for t in built(text)] == [t.text for t in made(text)]
