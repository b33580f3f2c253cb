"""Hard-wrapped text: a line break inside a sentence is no sentence end, and extraction does not change."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from famprog.components.structure import wrap_width
from famprog.extract import extract
from famprog.nlp import build_pipeline
from famprog.reading import read_bytes
from famprog.serialize import record_to_dict

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def fold(text: str, width: int = 72) -> str:
    """The text as a mail client folds it: every paragraph line wrapped at ``width``, blank lines kept."""
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)) if line.strip() else line
        for line in text.split("\n")
    )


def summary(rec: dict) -> dict[str, list[str]]:
    """Names and values of a record, without offsets."""
    out = {k: sorted(" ".join(i["name"].split()) for i in rec[k]) for k in ("programs", "organisations", "people")}
    out.update({k: sorted(str(i["value"]) for i in rec[k]) for k in ("dates", "amounts", "center_counts")})
    out["facts"] = sorted(f"{f['subject']} {f['predicate']} {f['value']}" for f in rec["facts"])
    return out


def sentences(nlp, text: str) -> list[str]:
    return [" ".join(s.text.split()) for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize("path", sorted(RAW.rglob("*.txt")), ids=lambda p: p.name)
def test_folded_release_gives_the_same_items(nlp, path):
    source = read_bytes(path.read_bytes(), path.name)
    folded = read_bytes(fold(source.text).encode("utf-8"), path.name)
    assert summary(record_to_dict(extract(nlp, folded))) == summary(record_to_dict(extract(nlp, source)))


PARAGRAPH = (
    "Das Landesprogramm Gute Nachbarschaft fördert seit dem Jahr 2020 insgesamt vierzig Familienzentren "
    "in den Landkreisen Talheim und Bergau. Die Stiftung Talheimer Land für Familien begleitet das "
    "Programm gemeinsam mit dem Landesjugendamt und berät die Träger vor Ort. Staatssekretärin Anna "
    "Kolbe-Wiesner sagte, die Zentren seien unverzichtbar für die Familien der Region."
)


@pytest.mark.parametrize("width", [60, 72, 80])
def test_wrapped_paragraph_keeps_its_sentences(nlp, width):
    text = "Pressemitteilung\n\n" + fold(PARAGRAPH, width) + "\n\n" + fold(PARAGRAPH, width) + "\n"
    assert wrap_width(text) is not None
    assert sentences(nlp, text) == sentences(nlp, "Pressemitteilung\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH + "\n")


@pytest.mark.parametrize(
    ("text", "lines_apart"),
    [
        # a headline, a dateline and list items end without a full stop: each is its own sentence
        ("Neue Familienzentren im Land\nDas Land fördert weitere Zentren.", True),
        ("Talheim, 3. Mai 2024\nDas Land fördert weitere Zentren.", True),
        ("Gefördert werden:\n- Familienzentren\n- Mehrgenerationenhäuser", True),
        # a line that continues in lower case is one sentence with the next, wrapped or not
        ("Das Land fördert die Zentren in\nallen Landkreisen.", False),
    ],
)
def test_line_breaks(nlp, text, lines_apart):
    first_line = text.split("\n")[0]
    assert (sentences(nlp, text)[0] == " ".join(first_line.split())) == lines_apart


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [
        (fold(PARAGRAPH * 2, 72), True),
        (PARAGRAPH + "\n\n" + PARAGRAPH, False),  # paragraphs as lines
        ("Kontakt\nMinisterium für Familie\nPressestelle\nTel. 0123 456\n\n" + PARAGRAPH, False),
    ],
)
def test_wrap_width(text, wrapped):
    assert (wrap_width(text) is not None) == wrapped
