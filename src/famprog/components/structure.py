"""Document structure: web clutter ranges and sentence starts at line breaks."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from famprog.components.tokens import CLUTTER_KEY

SENTENCE_END = frozenset({".", "!", "?", ":", "“", "”", '"', "»", "«"})


@Language.factory("famprog_clutter", default_config={})
def make_clutter(nlp: Language, name: str) -> FamprogClutter:
    return FamprogClutter()


class FamprogClutter:
    """Marks web clutter (menus, comment forms, cookie notes) as character ranges in ``doc.user_data``.

    famprog's reader computes them before the pipeline runs; when a Doc arrives without them (a user's
    own text), the component finds them itself.
    """

    def __call__(self, doc: Doc) -> Doc:
        if CLUTTER_KEY not in doc.user_data:
            from famprog.reading import find_clutter

            doc.user_data[CLUTTER_KEY] = tuple(find_clutter(doc.text))
        return doc


@Language.factory("famprog_lines", default_config={})
def make_line_breaker(nlp: Language, name: str) -> FamprogLines:
    return FamprogLines()


class FamprogLines:
    """Runs after the sentencizer: a line break ends a sentence when the next line starts a new one.

    Headlines, datelines and list items carry no final full stop; a hard-wrapped line that continues in
    lower case ("in\\n\\nder Sozialplanung") is not split.
    """

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        for i, token in enumerate(doc):
            if "\n" not in token.text or i + 1 >= n:
                continue
            nxt = doc[i + 1]
            prev = doc[i - 1].text if i > 0 else ""
            starts_line = nxt.text[:1].isupper() or nxt.text[:1].isdigit() or not nxt.text[:1].isalpha()
            if starts_line or prev in SENTENCE_END or "\n\n" in token.text:
                nxt.is_sent_start = True
            elif not nxt.is_sent_start:
                nxt.is_sent_start = False
        return doc
