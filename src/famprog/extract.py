"""One document in, one Record out: read -> annotate -> normalize -> link -> assemble.

This module orchestrates the stages and never prints; errors are ``FamprogError`` subclasses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from famprog import __version__, link
from famprog.components.lexicon_view import name_lexicon
from famprog.components.tokens import CLUTTER_KEY, TEXT_KEY
from famprog.components.values import PUBLISHED_KEY
from famprog.facts import link_facts
from famprog.identity import region_from_name
from famprog.model import Document, Organisation, Record
from famprog.reading import SourceText

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PUBLISHER_CUE = re.compile(r"(?:Pressemitteilung|Medieninformation|Presseinformation|Mitteilung)\s+(?:des|der|vom)\s+$")
HEADER_LINES = 4


LONG_RUN = re.compile(r"\S{400,}")
TOKEN_PIECES = re.compile(r"\w+|[^\w\s]")


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text``; a run of hundreds of characters without a space is cut into word and
    punctuation pieces by one regex first, because spaCy's affix loop is quadratic on such runs
    ("„„„„…" of 10,000 characters takes seconds)."""
    if not LONG_RUN.search(text):
        return nlp.make_doc(text)
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for m in re.finditer(r"\S+|\s+", text):
        piece = m.group()
        if not piece[0].isspace():
            pieces = TOKEN_PIECES.findall(piece) if len(piece) >= 400 else [t.text for t in nlp.tokenizer(piece)]
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
        elif words and not spaces[-1] and piece[0] == " ":
            spaces[-1] = True
            if len(piece) > 1:
                words.append(piece[1:])
                spaces.append(False)
        else:
            words.append(piece)
            spaces.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:  # a piece the regex does not cover (never expected): spaCy's own way, slow but right
        return nlp.make_doc(text)
    return doc


def annotate(nlp: Language, source: SourceText) -> Doc:
    """Run the pipeline on the document text, with the reader's clutter ranges handed in."""
    if len(source.text) >= nlp.max_length:
        nlp.max_length = len(source.text) + 1
    doc = make_doc(nlp, source.text)
    doc.user_data[TEXT_KEY] = source.text
    doc.user_data[CLUTTER_KEY] = tuple(source.clutter)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def extract(nlp: Language, source: SourceText) -> Record:
    doc = annotate(nlp, source)
    published = doc.user_data.get(PUBLISHED_KEY)
    programs = link.programs(doc)
    organisations = link.organisations(doc)
    dates = link.dates(doc)
    amounts = link.amounts(doc)
    counts = link.center_counts(doc)
    facts = link_facts(doc, published, programs, organisations, dates, amounts, counts)
    issuer = publisher(source.text, organisations)
    # a program whose name names no state belongs to the state of the ministry that announces it
    home = next(
        (
            r
            for r in (
                region_from_name(o.name)
                for o in organisations
                if o.name == issuer or name_lexicon().org_head(o.name.split()[min(1, len(o.name.split()) - 1)])
            )
            if r
        ),
        None,
    )
    for program in programs:
        federal = any(n.startswith("Bundes") for n in [program.name, *program.aliases])
        program.region = program.region or (None if federal else home)
    document = Document(
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        format=source.format,  # type: ignore[arg-type]
        chars=len(source.text),
        title=source.title,
        published=published,
        publisher=issuer,
        famprog_version=__version__,
    )
    return Record(
        document=document,
        programs=programs,
        organisations=organisations,
        people=link.people(doc),
        dates=dates,
        amounts=amounts,
        center_counts=counts,
        facts=facts,
    )


def publisher(text: str, organisations: list[Organisation]) -> str | None:
    """The issuing organisation: named in the first lines of the release, or after "Pressemitteilung des"."""
    header_end = 0
    lines = 0
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        header_end = m.end()
        lines += 1
        if lines >= HEADER_LINES:
            break
    parties = set(name_lexicon().parties.values())
    for org in organisations:
        if org.name in parties:
            continue
        for mention in org.mentions:
            if mention.start < header_end or PUBLISHER_CUE.search(text[max(0, mention.start - 40) : mention.start]):
                return org.name
    return None
