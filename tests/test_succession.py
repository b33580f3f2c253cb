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


def _successions_over_every_sentence(text: str, programs: list[Program]) -> list[tuple[str, str, Mention]]:
    """``successions`` as it read every sentence of the text: the reference of the search for the few
    sentences that name two programs."""
    from bisect import bisect_left

    from famprog.regions import lowered
    from famprog.succession import CUE, CUE_LOWER, _roles, _sentences

    lower = lowered(text)
    cue, haystack = (CUE_LOWER, lower) if len(lower) == len(text) else (CUE, text)
    spots = sorted((m.start, m.end, p.id) for p in programs for m in p.mentions)
    starts = [s for s, _, _ in spots]
    out = []
    for start, end in _sentences(text):
        inside = [(s, e, pid) for s, e, pid in spots[bisect_left(starts, start) : bisect_left(starts, end)] if e <= end]
        ids = list(dict.fromkeys(pid for _, _, pid in inside))
        if len(ids) == 2 and cue.search(haystack, start, end):
            pair = _roles(text, start, text[start:end], inside, ids)
            if pair is not None:
                out.append((*pair, Mention(start, end, text[start:end])))
    return list(dict.fromkeys(out))


PIECES = [
    OLD,
    NEW,
    "Programm Kita-Plus",
    "Nachfolgeprogramm des",
    *"Das das löst ab wird durch abgelöst ersetzt und fördert Häuser 2017 „Zitat“ . ! ? : İ".split(),
    *[" ", "  ", "\n", "\n\n", " \n \n ", "\t"],
]


@pytest.mark.parametrize("seed", range(300))
def test_the_sentences_naming_two_programs_are_found_as_reading_every_sentence_finds_them(seed: int) -> None:
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", ". ", "\n"]) for _ in range(rng.randint(0, 40)))
    names = {"old": OLD, "new": NEW, "third": "Programm Kita-Plus"}
    programs = _programs(text, names)
    if seed % 10 == 0:  # a mention that starts at whitespace or past the text: every sentence is read
        programs[0].mentions.append(Mention(len(text), len(text), ""))
    if seed % 10 == 1 and " " in text:
        at = text.index(" ")
        programs[1].mentions.append(Mention(at, at + 1, " "))
    found = [(s.successor, s.predecessor, s.evidence) for s in successions(text, programs)]
    assert found == _successions_over_every_sentence(text, programs)
