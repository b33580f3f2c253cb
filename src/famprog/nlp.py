"""famprog's spaCy pipeline: ``spacy.blank("de")`` plus famprog's own components in a fixed order.

    clutter -> sentencizer -> lines -> names -> people -> dates -> amounts -> counts

The sentencizer applies spaCy's own rule (``spacy.pipeline.Sentencizer``) through a subclass that reads
token arrays instead of Token objects.

Names come before people (a name inside an organisation is no person); values come last and see
the clutter ranges. The pipeline can be saved with ``nlp.to_disk`` and loaded back with
``spacy.load`` once famprog is importable (its factories register on import of ``famprog.components``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

PIPELINE = (
    "famprog_clutter",
    "sentencizer",
    "famprog_lines",
    "famprog_names",
    "famprog_people",
    "famprog_dates",
    "famprog_amounts",
    "famprog_counts",
)


def register_components() -> None:
    """Import the component modules so their ``@Language.factory`` registrations run."""
    from famprog.components import names, people, structure, values  # noqa: F401


def lean_lexemes(nlp: Language) -> Language:
    """Make ``nlp`` compute, for each word it meets the first time, only the lexical attribute famprog
    reads (``IS_PUNCT``, for the sentencizer) instead of spaCy's two dozen (shape, stop word, like_num,
    like_url, …): a fifth of the time of making a Doc on text with many new words. For a process that
    only extracts (``famprog extract``); a pipeline handed to users (``famprog.api.pipeline``) keeps
    all attributes. Returns ``nlp``."""
    from spacy.attrs import IS_PUNCT

    nlp.vocab.lex_attr_getters = {k: v for k, v in nlp.vocab.lex_attr_getters.items() if k == IS_PUNCT}
    return nlp


def build_pipeline() -> Language:
    """famprog's pipeline: spaCy's German, as ``spacy.blank("de")`` makes it, with famprog's tokenizer
    rules (a suffix rule and special cases) and components."""
    nlp = _german_with_famprog_rules().from_config({})
    for name in PIPELINE:
        # the sentencizer is spaCy's rule, in famprog's faster implementation, under spaCy's name
        nlp.add_pipe("famprog_sentencizer" if name == "sentencizer" else name, name=name)
    return nlp


@cache
def _german_with_famprog_rules() -> type[Language]:
    """spaCy's German (``lang`` "de") whose language data carry famprog's tokenizer rules.

    The rules go into the data the tokenizer is built from (spaCy's way of customizing a language),
    so it is built once with them: set on a built tokenizer, a new suffix rule or special case makes
    spaCy reload all 400 German special cases again. A saved pipeline keeps the rules in its
    tokenizer file, so ``spacy.load`` gives the same tokens with plain German.
    """
    from spacy.lang.de import German, GermanDefaults
    from spacy.symbols import ORTH

    from famprog import lexicon

    register_components()
    people = lexicon.load("people")
    # academic titles stay one token each ("Dipl.-Päd.", "Mag.", "med."), as the people component reads them
    pieces = [piece for title in people["titles"] for piece in title.split()]
    pieces += [cue.rstrip(":") for cue in people["person_cues"] if "." in cue.rstrip(":")]  # "V.i.S.d.P."

    class FamprogGermanDefaults(GermanDefaults):
        # split the full stop after a mixed-case acronym ending in a capital ("Richtlinie HeFaS.");
        # spaCy's German rules split it only after two capitals ("LFQ.")
        suffixes = [*GermanDefaults.suffixes, r"(?<=[a-zäöüß][A-ZÄÖÜ])\."]
        tokenizer_exceptions = {**GermanDefaults.tokenizer_exceptions, **{p: [{ORTH: p}] for p in pieces}}

    class FamprogGerman(German):
        Defaults = FamprogGermanDefaults

    return FamprogGerman
