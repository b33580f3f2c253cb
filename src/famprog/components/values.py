"""Dates, money amounts and center counts: spaCy components over famprog's German normalizers.

Each component runs one normalizer over the document text, drops matches inside web clutter and
stores the rest as spans with their normalized value in ``span._.famprog``. The exact character
range of the match is kept there too (``start``/``end``), since a match need not end on a token edge.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from famprog.components.tokens import CLUTTER_KEY, SpanValues, ensure_extensions, text_of, token_offsets

PUBLISHED_KEY = "famprog_published"
# a date from outside the text (a manifest): the document's date where the text has no dateline
PUBLISHED_FALLBACK_KEY = "famprog_published_fallback"


def mask(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """The text with clutter blanked out (line breaks kept), so offsets stay valid."""
    if not ranges:
        return text
    pieces = []
    done = 0  # the text before this is copied or blanked
    for start, end in sorted(ranges):
        start = max(start, done)  # ranges may overlap
        if end <= start:
            continue
        pieces += [text[done:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


_NOT_NEWLINE = re.compile(r"[^\n]")


def in_ranges(start: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``start`` falls in one of the sorted, non-overlapping ``ranges``."""
    k = bisect_right(ranges, (start, float("inf"))) - 1
    return k >= 0 and ranges[k][0] <= start < ranges[k][1]


def store_matches(doc: Doc, key: str, label: str, matches: Iterable[Any]) -> None:
    """Keep the matches outside web clutter as ``doc.spans[key]``, labelled ``label``: each match (with
    ``start``/``end`` character offsets) becomes the span of the tokens it touches, as
    ``doc.char_span(start, end, alignment_mode="expand")`` makes it (None there: left out), and its
    fields go to ``span._.famprog`` as a dict.

    The tokens are found in famprog's cached token offsets and each value is written where ``span._``
    keeps it (``tokens.SpanValues``): a ``char_span`` and an ``Underscore`` object per match cost more
    than finding most of them."""
    clutter = doc.user_data.get(CLUTTER_KEY)
    clutter = sorted(clutter) if clutter else None
    idx, ends = token_offsets(doc)
    size = len(text_of(doc))
    label_id = doc.vocab.strings.add(label)
    values = SpanValues(doc)
    group = []
    for m in matches:
        start_char, end_char = m.start, m.end
        if clutter and in_ranges(start_char, clutter):
            continue
        if not (0 <= start_char < size and 0 < end_char <= size and start_char < end_char):
            continue  # outside the text: no span
        # the token holding a character (its trailing space included), as spaCy's token_by_char finds it
        start = bisect_right(idx, start_char) - 1
        end = bisect_right(idx, end_char - 1)
        if start_char == ends[start]:
            start += 1  # a match starting at a token's trailing space begins with the next token
        span = Span(doc, start, end, label=label_id)
        span_start = idx[start] if start < len(idx) else size
        values.set_at(span, span_start, ends[end - 1] if end > start else span_start, dict(m.__dict__))
        group.append(span)  # dataclasses.asdict deep-copies: far slower than dict(m.__dict__)
    doc.spans[key] = group


class ValueComponent:
    key = ""
    label = ""

    def __init__(self, finder: Callable[[Doc], Iterable[Any]]) -> None:
        ensure_extensions()
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        store_matches(doc, self.key, self.label, self.finder(doc))
        return doc


class FamprogDates(ValueComponent):
    """Dates, spans, "seit"/"bis" dates; year-less dates and "heute" resolve against the document date.

    The document's own date (dateline, "Pressemitteilung vom …") is found first and kept in
    ``doc.user_data["famprog_published"]`` as an ISO string or None.
    """

    key, label = "famprog_dates", "DATE"

    def __init__(self) -> None:
        super().__init__(self.find)

    @staticmethod
    def find(doc: Doc) -> Iterable[Any]:
        import datetime

        from famprog.normalize.dates import find_dates, find_published

        if PUBLISHED_KEY not in doc.user_data:
            published = find_published(mask(text_of(doc), doc.user_data.get(CLUTTER_KEY) or ()))
            doc.user_data[PUBLISHED_KEY] = published.value if published else None
            doc.user_data[PUBLISHED_KEY + "_span"] = (published.start, published.end) if published else None
            doc.user_data[PUBLISHED_KEY + "_from"] = "text" if published else None
            if published is None and doc.user_data.get(PUBLISHED_FALLBACK_KEY):
                doc.user_data[PUBLISHED_KEY] = doc.user_data[PUBLISHED_FALLBACK_KEY]
                doc.user_data[PUBLISHED_KEY + "_from"] = "meta"
        iso = doc.user_data[PUBLISHED_KEY]
        reference = datetime.date.fromisoformat(iso) if iso and len(iso) == 10 else None
        return find_dates(text_of(doc), reference)


class FamprogAmounts(ValueComponent):
    """Sums of money. ``span._.famprog`` holds start, end, value, currency, period ("year", "month",
    "week" or None), approximate and per (the recipient paid for each, singular nominative, or None)."""

    key, label = "famprog_amounts", "AMOUNT"

    def __init__(self) -> None:
        from famprog.normalize.amounts import find_amounts

        super().__init__(lambda doc: find_amounts(text_of(doc)))


class FamprogCounts(ValueComponent):
    """Counts of facilities. ``span._.famprog`` holds start, end, value, unit (singular nominative;
    one unit per counted number in a document) and approximate."""

    key, label = "famprog_counts", "CENTER_COUNT"

    def __init__(self) -> None:
        from famprog.normalize.counts import find_center_counts

        super().__init__(lambda doc: find_center_counts(text_of(doc)))


@Language.factory("famprog_dates", default_config={})
def make_dates(nlp: Language, name: str) -> FamprogDates:
    return FamprogDates()


@Language.factory("famprog_amounts", default_config={})
def make_amounts(nlp: Language, name: str) -> FamprogAmounts:
    return FamprogAmounts()


@Language.factory("famprog_counts", default_config={})
def make_counts(nlp: Language, name: str) -> FamprogCounts:
    return FamprogCounts()
