"""Document metadata on invented releases: the publisher only where the release says who issues it."""

from __future__ import annotations

import pytest

from famprog.extract import extract
from famprog.nlp import build_pipeline
from famprog.reading import read_bytes
from famprog.serialize import record_to_dict

BODY = "Das Land fördert 20 Familienzentren mit 1,5 Millionen Euro jährlich."


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def document(nlp, text: str) -> dict:
    return record_to_dict(extract(nlp, read_bytes(text.encode("utf-8"), "test.txt")))["document"]


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        # the header names the issuing body on a line of its own
        (f"Ministerium für Familie und Jugend\n\nPressemitteilung 12/2024\n\nMehr Geld für Zentren\n\n{BODY}",
         "Ministerium für Familie und Jugend"),
        # a breadcrumb part
        (f"Landesportal\n\n| Ministerium für Familie und Jugend | Soziales\n\nMehr Geld für Zentren\n\n{BODY}",
         "Ministerium für Familie und Jugend"),
        # a cue
        (f"Mehr Geld für Zentren\n\nPressemitteilung des Ministeriums für Familie und Jugend\n\n{BODY}",
         "Ministerium für Familie und Jugend"),
        (f"Mehr Geld für Zentren\n\n{BODY}\n\nHerausgeber: Stiftung Talheimer Land\n",
         "Stiftung Talheimer Land"),
        # a news agency's dateline
        (f"Mehr Geld für Zentren\n\nTalheim (dpa/th) - {BODY} Das Sozialministerium Talheim bestätigte das.",
         "dpa"),
        (f"Mehr Geld für Zentren\nBerlin: (hib/ABC) {BODY}", "hib"),
        # a source label before the headline
        (f"Aktuelles\n\nStMFJ: Mehr Geld für Familienzentren im Land\n\n{BODY}", "StMFJ"),
        # a parliament's header in capitals
        (f"BÜRGERSCHAFT DER FREIEN UND HANSESTADT TALBURG Drucksache 21/1234\n\n{BODY}",
         "Bürgerschaft der Freien und Hansestadt Talburg"),
        # a source's label "X-Mitteilung"
        (f"Mitteilungen - Soziales\nStGB XY-Mitteilung 12/2004 vom 26.01.2004\nMehr Geld für Zentren\n{BODY}",
         "StGB XY"),
    ],
)  # fmt: skip
def test_publisher_named_by_the_release(nlp, text, publisher):
    assert document(nlp, text).get("publisher") == publisher


@pytest.mark.parametrize(
    "text",
    [
        # an organisation that is the subject of the headline or the first sentence issues nothing
        f"Familienzentrum Sonnenhof wird erweitert\n\n{BODY}",
        f"Mehr Geld für Zentren\n\nDie Landesregierung fördert die Zentren. {BODY}",
        f"Mehr Geld für Zentren\n\nDas Bundesfamilienministerium hat 455 Häuser gefördert.\n\n{BODY}",
        # a photo credit names no issuer
        f"Mehr Geld für Zentren\n\nKinder spielen. (Bild: © Jana Wolters/dpa)\n\n{BODY}",
        # a party is no issuer
        f"SPD\n\nMehr Geld für Zentren\n\n{BODY}",
    ],
)
def test_no_publisher_guessed(nlp, text):
    assert document(nlp, text).get("publisher") is None
