"""One document in, one Record out: read -> annotate -> normalize -> link -> assemble.

This module orchestrates the stages and never prints; errors are ``FamprogError`` subclasses.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING

from famprog import __version__, link
from famprog.components.tokens import CLUTTER_KEY, TEXT_KEY
from famprog.components.values import PUBLISHED_FALLBACK_KEY, PUBLISHED_KEY, in_ranges
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
# a chunk of letters only, or of digits only: no prefix, suffix or infix rule of spaCy's German
# tokenizer applies to it (they all need a punctuation mark, symbol or quote), so it is one token
# unless a special case says otherwise
PLAIN_CHUNK = re.compile(r"[A-Za-zÄÖÜäöüß]+|[0-9]+")
LONG_CHUNK = 400
CACHE_LIMIT = 30_000  # chunks; cleared when full, so memory stays flat in corpus size


class _ChunkCache:
    """Tokens of the space-separated chunks one pipeline has met, and its special cases that are plain."""

    def __init__(self, nlp: Language) -> None:
        self.tokens: dict[str, list[str]] = {}
        self.plain_specials = frozenset(k for k in nlp.tokenizer.rules if PLAIN_CHUNK.fullmatch(k))


_chunk_caches: weakref.WeakKeyDictionary[Language, _ChunkCache] = weakref.WeakKeyDictionary()


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` exactly as ``nlp.make_doc`` does, but fast and in linear time.

    spaCy's tokenizer caches the tokens of each space-separated chunk, but stops caching for the rest
    of a document after its first special case ("Dr.", "e.V."), which German press texts have in
    their first lines; so here each chunk is tokenized once per process and looked up after that
    (the same tokens: tests/test_extract.py checks it). Chunks not seen before are tokenized
    together, in one tokenizer call per document (a call per chunk cost more than the tokenizing),
    and a chunk of letters only or digits only is one token without asking the tokenizer. A chunk
    of hundreds of characters without a space is cut into word and punctuation pieces by one regex,
    because spaCy's affix loop is quadratic on such runs ("„„„„…").
    """
    from spacy.tokens import Doc

    state = _chunk_caches.get(nlp)
    if state is None or len(state.tokens) > CACHE_LIMIT:
        state = _chunk_caches[nlp] = _ChunkCache(nlp)
    cache = state.tokens
    parts = SPLIT.split(text)
    # SPLIT.split alternates chunk, whitespace, chunk, …: even positions are chunks (maybe empty)
    chunks, gaps = parts[::2], parts[1::2]
    _tokenize_new_chunks(nlp, state, chunks)
    gaps.append("")
    get = cache.get
    words: list[str] = []
    spaces: list[bool] = []
    for chunk, gap in zip(chunks, gaps, strict=True):
        if chunk:
            pieces = get(chunk)
            if pieces is None:  # a long chunk, never cached
                pieces = TOKEN_PIECES.findall(chunk)
            words += pieces
            spaces += [False] * len(pieces)
        if not gap:
            continue
        if gap[0] == " " and words:  # the first space belongs to the token before it
            spaces[-1] = True
            if len(gap) > 1:
                words.append(gap[1:])
                spaces.append(False)
        else:
            words.append(gap)
            spaces.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _tokenize_new_chunks(nlp: Language, state: _ChunkCache, chunks: list[str]) -> None:
    """Put the tokens of every chunk not yet cached into the cache (long chunks excepted).

    The chunks that need spaCy's rules are joined by single spaces and tokenized in one call: spaCy
    tokenizes each space-separated chunk on its own, and a token followed by the joining space ends
    its chunk."""
    cache, plain_specials = state.tokens, state.plain_specials
    missing = [chunk for chunk in chunks if chunk not in cache]
    if not missing:
        return
    new: dict[str, None] = {}
    for chunk in missing:
        if not chunk or chunk in cache or chunk in new or len(chunk) >= LONG_CHUNK:
            continue
        if PLAIN_CHUNK.fullmatch(chunk) and chunk not in plain_specials:
            cache[chunk] = [chunk]
        else:
            new[chunk] = None
    if not new:
        return
    from spacy.attrs import IDX, LENGTH, SPACY

    ordered = list(new)
    joined = " ".join(ordered)
    position = 0
    pieces: list[str] = []
    # token texts from the arrays: a Python Token per token costs more than the slicing
    for start, length, space in nlp.tokenizer(joined).to_array([IDX, LENGTH, SPACY]).tolist():
        pieces.append(joined[start : start + length])
        if space:
            cache[ordered[position]] = pieces
            position += 1
            pieces = []
    if pieces:
        cache[ordered[position]] = pieces
        position += 1
    if position != len(ordered):  # never seen; should spaCy ever tokenize across a space, ask per chunk
        for chunk in ordered:
            cache[chunk] = [t.text for t in nlp.tokenizer(chunk)]


class MemoryZones:
    """spaCy memory zones over a run of documents, so that a long run's memory stays flat.

    Every document adds the words it has not met to the pipeline's vocabulary and string store; in
    a zone (``Language.memory_zone``) they are transient and freed when the zone ends. A zone per
    document would create the lexemes of common words again for every document; one zone per
    ``documents`` documents frees what a run adds at the cost of one re-creation per zone.

    Only for a process that owns the pipeline (``famprog extract`` and its workers): Docs made in a
    zone are invalid after it ends, so nothing may keep a Doc across ``document()`` calls — records
    hold plain Python values only. Where the pipeline is already in a zone (a caller's own), none is
    opened.
    """

    def __init__(self, nlp: Language, documents: int = 256) -> None:
        self.nlp = nlp
        self.documents = documents
        self._open: contextlib.ExitStack | None = None
        self._count = 0

    @contextlib.contextmanager
    def document(self) -> Iterator[None]:
        """Around the extraction of one document: opens a zone where none is open, ends it after
        every ``documents``-th document (and after a document that raised)."""
        if self._open is None and not self.nlp.vocab.in_memory_zone:
            self._open = contextlib.ExitStack()
            self._open.enter_context(self.nlp.memory_zone())
            self._count = 0
        try:
            yield
        except BaseException:
            self.close()
            raise
        self._count += 1
        if self._count >= self.documents:
            self.close()

    def close(self) -> None:
        """End the open zone, if any (at the end of a run)."""
        if self._open is not None:
            stack, self._open = self._open, None
            stack.close()


def annotate(nlp: Language, source: SourceText, fallback_published: str | None = None) -> Doc:
    """Run the pipeline on the document text, with the reader's clutter ranges handed in.

    ``fallback_published`` (ISO date from a manifest) is the document's date where the text has no
    dateline of its own; year-less and relative dates ("heute", "ab Februar") resolve against it."""
    if len(source.text) >= nlp.max_length:
        nlp.max_length = len(source.text) + 1
    doc = make_doc(nlp, source.text)
    doc.user_data[TEXT_KEY] = source.text
    doc.user_data[CLUTTER_KEY] = tuple(source.clutter)
    if fallback_published:
        doc.user_data[PUBLISHED_FALLBACK_KEY] = fallback_published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def extract(nlp: Language, source: SourceText, meta: DocumentMeta | None = None) -> Record:
    """One release in, one Record out. ``meta`` (from a manifest) gives the date, region, URL and source
    where the text has none of its own; ``document.published_from`` says which one the record carries."""
    meta = meta or DocumentMeta()
    doc = annotate(nlp, source, meta.published)
    published = doc.user_data.get(PUBLISHED_KEY)
    published_from = doc.user_data.get(PUBLISHED_KEY + "_from") if published else None
    programs = link.programs(doc)
    organisations = link.organisations(doc)
    dates = link.dates(doc)
    amounts = link.amounts(doc)
    counts = link.center_counts(doc)
    text = source.text
    clutter = sorted(source.clutter)
    regions = [r for r in region_mentions(text) if not in_ranges(r.start, clutter)]
    sents = sentences(doc)
    implicit, lines = FundingLines(
        text, sents, programs, organisations, counts, regions, fallback_region=meta.region
    ).find()
    programs = sorted([*programs, *implicit], key=lambda p: p.mentions[0] if p.mentions else Mention(0, 0, ""))
    facts = link_facts(doc, published, programs, organisations, dates, amounts, counts, lines, regions, sents)
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
