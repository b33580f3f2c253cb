"""One document in, one Record out: read -> annotate -> normalize -> link -> assemble.

This module orchestrates the stages and never prints; errors are ``FamprogError`` subclasses.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from famprog import __version__, link
from famprog.components.tokens import CLUTTER_KEY, TEXT_KEY
from famprog.components.values import PUBLISHED_KEY, in_ranges
from famprog.confidence import apply_confidence
from famprog.facts import link_facts, sentences
from famprog.funding_lines import FundingLines
from famprog.metadata import publisher
from famprog.model import Document, DocumentMeta, Mention, Record
from famprog.reading import SourceText
from famprog.regions import region_mentions

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


SPLIT = re.compile(r"(\s+)")
TOKEN_PIECES = re.compile(r"\w+|[^\w\s]")
LONG_CHUNK = 400
CACHE_LIMIT = 200_000
_chunk_caches: weakref.WeakKeyDictionary[Language, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` exactly as ``nlp.make_doc`` does, but fast and in linear time.

    spaCy's tokenizer caches the tokens of each space-separated chunk, but stops caching for the rest
    of a document after its first special case ("Dr.", "e.V."), which German press texts have in
    their first lines; so here each chunk is tokenized once per process and looked up after that
    (6x faster on the benchmark corpus, the same tokens: tests/test_extract.py checks it). A chunk of
    hundreds of characters without a space is cut into word and punctuation pieces by one regex,
    because spaCy's affix loop is quadratic on such runs ("„„„„…").
    """
    from spacy.tokens import Doc

    cache = _chunk_caches.get(nlp)
    if cache is None or len(cache) > CACHE_LIMIT:
        cache = _chunk_caches[nlp] = {}
    tokenizer = nlp.tokenizer
    words: list[str] = []
    spaces: list[bool] = []
    # SPLIT.split alternates chunk, whitespace, chunk, …: even positions are chunks (maybe empty)
    for k, piece in enumerate(SPLIT.split(text)):
        if not piece:
            continue
        if k % 2 == 0:
            pieces = cache.get(piece)
            if pieces is None:
                if len(piece) >= LONG_CHUNK:
                    pieces = TOKEN_PIECES.findall(piece)
                else:
                    pieces = cache[piece] = [t.text for t in tokenizer(piece)]
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
        elif words and piece[0] == " ":  # the first space belongs to the token before it
            spaces[-1] = True
            if len(piece) > 1:
                words.append(piece[1:])
                spaces.append(False)
        else:
            words.append(piece)
            spaces.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces)


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


def extract(nlp: Language, source: SourceText, meta: DocumentMeta | None = None) -> Record:
    """One release in, one Record out. ``meta`` (from a manifest) gives the date, region, URL and source
    where the text has none of its own; ``document.published_from`` says which one the record carries."""
    meta = meta or DocumentMeta()
    doc = annotate(nlp, source)
    published = doc.user_data.get(PUBLISHED_KEY)
    published_from = "text" if published else None
    if published is None and meta.published:
        published, published_from = meta.published, "meta"
        doc.user_data[PUBLISHED_KEY] = published  # relative dates ("heute", "ab Februar") are not re-read
    programs = link.programs(doc)
    organisations = link.organisations(doc)
    dates = link.dates(doc)
    amounts = link.amounts(doc)
    counts = link.center_counts(doc)
    text = source.text
    clutter = sorted(source.clutter)
    regions = [r for r in region_mentions(text) if not in_ranges(r.start, clutter)]
    implicit, lines = FundingLines(
        text, sentences(doc), programs, organisations, counts, regions, fallback_region=meta.region
    ).find()
    programs = sorted([*programs, *implicit], key=lambda p: p.mentions[0] if p.mentions else Mention(0, 0, ""))
    facts = link_facts(doc, published, programs, organisations, dates, amounts, counts, lines, regions)
    issuer = publisher(text, organisations)
    document = Document(
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        format=source.format,  # type: ignore[arg-type]
        chars=len(source.text),
        title=source.title,
        published=published,
        published_from=published_from,  # type: ignore[arg-type]
        publisher=issuer,
        url=meta.url,
        source=meta.source,
        region=meta.region,
        famprog_version=__version__,
    )
    return apply_confidence(
        Record(
            document=document,
            programs=programs,
            organisations=organisations,
            people=link.people(doc),
            dates=dates,
            amounts=amounts,
            center_counts=counts,
            facts=facts,
        )
    )
