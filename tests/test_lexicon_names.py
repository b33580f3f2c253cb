"""Integrity of the German name data (names.yaml, people.yaml, given_names.yaml, states.yaml, clutter.yaml):
schema, no duplicates, and every entry matchable by the components that use it."""

from __future__ import annotations

import pytest
import spacy

from famprog import lexicon
from famprog.components.lexicon_view import name_lexicon


@pytest.fixture(scope="module")
def tokenizer():
    from famprog.nlp import build_pipeline

    return build_pipeline().tokenizer


def no_duplicates(entries: list[str]) -> None:
    assert len(entries) == len(set(entries)), sorted({e for e in entries if entries.count(e) > 1})


@pytest.mark.parametrize("name", ["names", "people", "given_names", "states", "clutter"])
def test_files_are_mappings(name):
    assert isinstance(lexicon.load(name), dict)


@pytest.mark.parametrize("table", ["program_heads", "organisation_heads"])
def test_heads_are_single_capitalised_tokens_with_their_inflections(tokenizer, table):
    heads = lexicon.load("names")[table]
    forms = [form for nominative, inflected in heads.items() for form in [nominative, *inflected]]
    no_duplicates(forms)
    for form in forms:
        assert form[0].isupper(), form
        assert [t.text for t in tokenizer(form)] == [form], form


def test_bare_program_heads_are_program_heads():
    data = lexicon.load("names")
    assert set(data["program_heads_bare_name"]) <= set(data["program_heads"])


def test_state_adjectives_are_single_tokens_and_name_real_states(tokenizer):
    adjectives = lexicon.load("names")["state_adjectives"]
    assert len(adjectives) == 16
    forms = [form for group in adjectives.values() for form in group]
    no_duplicates(forms)
    for form in forms:
        assert len(tokenizer(form)) == 1, form
    assert set(adjectives) == set(lexicon.load("states")["states"])


def test_word_lists_have_no_duplicates_and_expected_case():
    names, people = lexicon.load("names"), lexicon.load("people")
    for key in ("non_name_words", "generic_nouns", "title_nouns", "known_organisations"):
        no_duplicates(names[key])
        assert all(w[0].isupper() for w in names[key]), key
    for key in ("name_connectors", "state_program_plurals"):
        no_duplicates(names[key])
        assert all(w == w.lower() for w in names[key]), key
    no_duplicates(people["role_suffixes"])
    assert all(w == w.lower() for w in people["role_suffixes"])
    given = lexicon.words("given_names", "names")
    no_duplicates(given)
    assert all(g[0].isupper() and " " not in g for g in given)


def test_titles_and_cues_tokenize_as_the_people_component_expects(tokenizer):
    for title in lexicon.load("people")["titles"]:
        assert all(t.text.endswith(".") or t.text.isupper() or t.text == "PD" for t in tokenizer(title)), title
    for cue in lexicon.load("people")["person_cues"]:
        texts = [t.text for t in tokenizer(cue)]
        assert texts in ([cue], [cue[:-1], ":"]), (cue, texts)


def test_parties_map_every_form_to_its_first_form():
    lex = name_lexicon()
    for group in lexicon.load("people")["parties"]:
        assert all(lex.parties[form] == group[0] for form in group)


def test_role_words_are_recognised_in_compounds():
    lex = name_lexicon()
    for word in ["Sozialministerin", "Jugendamtsleiterin", "Oberbürgermeister", "Staatssekretärin", "Landrätin"]:
        assert lex.is_role(word), word
    for word in ["Mitarbeiterinnen", "Familienzentrum", "Ministerium"]:
        assert not lex.is_role(word), word


def test_spacy_blank_german_is_what_famprog_builds_on():
    assert spacy.blank("de").lang == "de"
