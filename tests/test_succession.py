"""Renamings a release states (famprog.succession): every way German agencies write them, and negatives."""

from __future__ import annotations

import re

import pytest

from famprog.model import Mention, Program
from famprog.succession import successions

OLD, NEW = "Aktionsprogramm Lernhäuser", "Bundesprogramm Lernhaus „Gemeinsam stark“"


def _programs(text: str, names: dict[str, str]) -> list[Program]:
    programs = []
    for pid, name in names.items():
        mentions = [Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text)]
        programs.append(Program(pid, name, mentions=mentions))
    return programs


CASES = [
    # (sentence with {old} and {new}, expected (successor, predecessor) or None)
    ("Das {new} löst das {old} ab.", ("new", "old")),
    ("Seit 2017 löst das {new} das erfolgreiche {old} ab.", ("new", "old")),
    ("Das {old} wird 2017 durch das {new} abgelöst.", ("new", "old")),
    ("Das {old} wurde von dem {new} abgelöst.", ("new", "old")),
    ("Das {old} wird in das {new} überführt.", ("new", "old")),
    ("Das {old} geht im neuen {new} auf.", ("new", "old")),
    ("Das {new} ist das Nachfolgeprogramm des {old}.", ("new", "old")),
    ("Als Nachfolgeprogramm des {old} startet das {new}.", ("new", "old")),
    ("Das {new} ersetzt das {old}.", ("new", "old")),
    ("Das {new} tritt an die Stelle des {old}.", ("new", "old")),
    ("Wie das Vorgängerprogramm {old} fördert das {new} Häuser.", ("new", "old")),
    # negatives: no cue, one program, a cue that says nothing about the two
    ("Das {new} und das {old} fördern Häuser.", None),
    ("Das {new} fördert 500 Häuser; das {old} förderte 450.", None),
    ("Das {new} löst viele Probleme.", None),
    ("Die Ministerin löst ihr Versprechen ein: {new} und {old} laufen weiter.", None),
]


@pytest.mark.parametrize(("template", "expected"), CASES)
def test_successions(template: str, expected: tuple[str, str] | None) -> None:
    text = "Berlin. " + template.format(old=OLD, new=NEW) + " Weitere Informationen folgen."
    found = successions(text, _programs(text, {"old": OLD, "new": NEW}))
    if expected is None:
        assert found == []
    else:
        assert [(s.successor, s.predecessor) for s in found] == [expected]
        assert found[0].evidence.text == text[found[0].evidence.start : found[0].evidence.end]
        assert NEW in found[0].evidence.text


def test_three_programs_in_a_sentence_give_no_pair() -> None:
    text = f"Das {NEW} löst das {OLD} und das Programm Kita-Plus ab."
    programs = _programs(text, {"old": OLD, "new": NEW, "third": "Programm Kita-Plus"})
    assert successions(text, programs) == []


@pytest.mark.parametrize(("template", "expected"), CASES)
def test_successions_where_the_sentence_is_the_whole_text_or_the_text_lowers_unevenly(
    template: str, expected: tuple[str, str] | None
) -> None:
    # the cue is looked for within the sentence: at the text's very start and end, and with the
    # case-blind pattern where lower-casing moves offsets ("İ" becomes two characters)
    sentence = template.format(old=OLD, new=NEW)
    for text in (sentence, "İstanbul. " + sentence + " İ"):
        found = successions(text, _programs(text, {"old": OLD, "new": NEW}))
        assert [(s.successor, s.predecessor) for s in found] == ([expected] if expected else [])


def test_a_cue_in_another_sentence_is_no_cue() -> None:
    text = f"Das alte Programm wird abgelöst. Das {NEW} und das {OLD} fördern Häuser. Es ersetzt nichts."
    assert successions(text, _programs(text, {"old": OLD, "new": NEW})) == []
