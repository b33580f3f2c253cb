"""The value components' spans (components/values.py ``store_matches``): built from famprog's token
offsets, they are the spans ``Doc.char_span(alignment_mode="expand")`` gives, each value readable as
``span._.famprog``."""

from __future__ import annotations

import random
from dataclasses import dataclass

import spacy

from famprog.components.tokens import CLUTTER_KEY, ensure_extensions
from famprog.components.values import store_matches


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    value: int


TEXT = "Am 3. Mai 2020 erhielten  16 Familienzentren\n\njeweils 5.000 Euro (rund 1,5 Mio. EUR) vom Land.  "


def test_spans_are_char_spans_expanded() -> None:
    ensure_extensions()
    nlp = spacy.blank("de")
    rng = random.Random(7)
    for _ in range(300):
        doc = nlp(TEXT)
        doc.user_data[CLUTTER_KEY] = ((60, 70),) if rng.random() < 0.5 else ()
        matches = []
        for k in range(rng.randint(0, 6)):
            start = rng.randint(-2, len(TEXT) + 1)
            matches.append(_Match(start, start + rng.randint(1, 25), k))
        store_matches(doc, "k", "LABEL", matches)
        # what char_span and span._ make, on a second Doc (two matches over the same tokens share a value)
        other = nlp(TEXT)
        spans = []
        for m in matches:
            if doc.user_data[CLUTTER_KEY] and 60 <= m.start < 70:
                continue
            span = other.char_span(m.start, m.end, label="LABEL", alignment_mode="expand")
            if span is not None:
                span._.famprog = dict(m.__dict__)
                spans.append(span)
        expected = [(s.start, s.end, s.start_char, s.end_char, s._.famprog) for s in spans]
        got = [(s.start, s.end, s.start_char, s.end_char, s._.famprog) for s in doc.spans["k"]]
        assert got == expected
        assert all(s.label_ == "LABEL" for s in doc.spans["k"])
