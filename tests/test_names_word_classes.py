"""The word classes the name and people components share: each column reads like a table of its own."""

from __future__ import annotations

import pytest

from famprog.components.lexicon_view import WordClasses, name_lexicon
from famprog.components.names import NameRecognizer, SharedWordClasses, shared_word_classes
from famprog.components.people import PeopleRecognizer

WORDS = [
    ["Das", "Landesprogramm", "„", "Starke", "Familien", "“", "der", "Stiftung", "(", "LSF", ")", "."],
    ["Ministerin", "Dr.", "Anna", "Kolbe", "sagte", ":", "Foto", ":", "Jan", "von", "Arnim"],
    ["e.", "V.", "gGmbH", "dpa", "BMFSFJ", "\n\n", " ", "Sächsische", "Familienzentren"],
    [],
    ["und", "und", "und"],
]


def capital_length(word: str) -> int:
    return len(word) if word[:1].isupper() else 0


def has_dot(word: str) -> int:
    return int("." in word)


@pytest.mark.parametrize("limit", [1, 3, 50_000])
def test_each_column_gives_the_classes_of_its_test_and_the_table_stays_bounded(limit):
    shared = SharedWordClasses(limit)
    first, second = shared.column("first", capital_length), shared.column("second", has_dot)
    alone = {first: WordClasses(capital_length), second: WordClasses(has_dot)}
    bound = max(limit, *(len(set(words)) for words in WORDS))  # a text has all its words' rows
    for _ in range(2):  # the second round answers from the kept rows (or after forgetting them)
        for words in WORDS:
            for column in (first, second, first):  # the rows of one list of words are read again
                assert column.classes(words) == alone[column].classes(words)
                assert column.positions(words) == alone[column].positions(words)
                assert all(column[w] == alone[column][w] for w in words)
            copy = list(words)  # another list of the same words: looked up anew, the same classes
            assert second.classes(copy) == second.classes(words)
            assert len(shared._table._classes) <= bound
    assert len(shared._distinct) <= SharedWordClasses.DISTINCT_ROWS


def test_a_column_named_again_takes_the_new_test_and_drops_the_rows_kept():
    shared = SharedWordClasses()
    column = shared.column("first", capital_length)
    words = WORDS[0]
    assert column.classes(words) == [capital_length(w) for w in words]
    again = shared.column("first", has_dot)
    assert again.index == column.index
    assert column.classes(words) == again.classes(words) == [has_dot(w) for w in words]


def test_names_and_people_share_one_table_and_read_their_own_classes():
    lex = name_lexicon()
    names, people = NameRecognizer(lex), PeopleRecognizer(lex)
    assert names.key_words.table is people.openers.table is shared_word_classes(lex)
    for words in WORDS:
        assert names.key_words.positions(words) == [i for i, w in enumerate(words) if names.is_key_word(w)]
        assert people.openers.classes(words) == [people.opens_person(w) for w in words]


def test_a_word_without_a_head_form_at_its_end_has_no_head():
    """``may_have_head`` is False only for words whose program and organisation head are None."""
    lex = name_lexicon()
    forms = [*lex.program_heads, *lex.org_heads]
    words = [w for form in forms for w in (form, form.capitalize(), "Landes" + form, "X-" + form.upper(), form[1:])]
    words += ["Kinder", "Familienzentrum", "Stiftungen", "Werk", "K-Bank", "Ministeriums", "", "a", "Σ"]
    for word in words:
        heads = (lex.program_head(word), lex.org_head(word))
        assert lex.may_have_head(word) or heads == (None, None), word
    assert not lex.may_have_head("Kinder")
