"""One document in, one Record out: read -> annotate -> normalize -> link -> assemble.

This module orchestrates the stages and never prints; errors are ``FamprogError`` subclasses.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from famprog import __version__, caches, link
from famprog.components.tokens import CLUTTER_KEY, TEXT_KEY, hand_over_words
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
# a space right after a character that is no whitespace: spaCy gives it to the token before it as
# that token's trailing space (the literal first, which the regex engine searches for quickly)
TOKEN_SPACE = re.compile(r" (?<=\S )")
TOKEN_PIECES = re.compile(r"\w+|[^\w\s]")
# a chunk of letters only, or of digits only: no prefix, suffix or infix rule of spaCy's German
# tokenizer applies to it (they all need a punctuation mark, symbol or quote), so it is one token
# unless a special case says otherwise
PLAIN_CHUNK = re.compile(r"[A-Za-zÄÖÜäöüß]+|[0-9]+")
LONG_CHUNK = 400
# pieces per generation of the chunk cache; two generations are kept, so memory stays flat in corpus
# size while the pieces met again and again stay (on the bench corpus: 4.4 MB after 500 documents and
# after 2,000, for 2.7 more new pieces per document than an unbounded cache, 0.9 of them for spaCy's
# tokenizer)
GENERATION = 15_000


class _ChunkCache:
    """Tokens of the pieces of text between token spaces one pipeline has met (chunks without
    whitespace, mostly), and its special cases that are plain.

    ``words[piece]`` is the piece's token texts, ``spaces[piece]`` their trailing-space flags when a
    token space follows the piece (only the last token has one). The empty piece has no tokens.

    The pieces are kept in two generations: ``words`` and ``spaces`` hold the current one, which
    every document's pieces are moved into (``missing``); when it holds more than ``GENERATION``
    pieces, it becomes the previous one and the one before is dropped (``age``). A piece met in
    either generation is not tokenized again."""

    def __init__(self, nlp: Language) -> None:
        self.words: dict[str, tuple[str, ...]] = {"": ()}
        self.spaces: dict[str, tuple[bool, ...]] = {"": ()}
        self._previous_words: dict[str, tuple[str, ...]] = {}
        self._previous_spaces: dict[str, tuple[bool, ...]] = {}
        self.plain_specials = frozenset(k for k in nlp.tokenizer.rules if PLAIN_CHUNK.fullmatch(k))

    def age(self) -> None:
        """Start a new generation when the current one is full (before a document's look-ups)."""
        if len(self.words) > GENERATION:
            self._previous_words, self._previous_spaces = self.words, self.spaces
            self.words, self.spaces = {"": ()}, {"": ()}

    def missing(self, pieces: Iterable[str]) -> set[str]:
        """Those of ``pieces`` not in the cache; those of the previous generation are moved into the
        current one."""
        new = set(pieces).difference(self.words)  # a look-up per piece in C (a dict is special-cased)
        previous = self._previous_words
        if not (new and previous):
            return new
        known = [piece for piece in new if piece in previous]  # few: not a pass over ``previous``
        for piece in known:
            self.words[piece] = previous[piece]
            self.spaces[piece] = self._previous_spaces[piece]
        return new.difference(known)

    def put(self, chunk: str, words: tuple[str, ...]) -> None:
        self.words[chunk] = words
        self.spaces[chunk] = _spaced(len(words))

    def remove(self, chunk: str) -> None:
        del self.words[chunk]
        del self.spaces[chunk]


@lru_cache(maxsize=64)
def _spaced(n: int) -> tuple[bool, ...]:
    """Trailing-space flags of ``n`` tokens of which only the last has a space (shared tuples)."""
    return (False,) * (n - 1) + (True,) if n else ()


_chunk_caches: weakref.WeakKeyDictionary[Language, _ChunkCache] = weakref.WeakKeyDictionary()


def forget_tokens() -> None:
    """Drop the tokens ``make_doc`` keeps of text pieces (every pipeline's; at 2,000 bench releases
    about 4 MiB), where no more documents are to come: the next call starts a new cache."""
    _chunk_caches.clear()


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` exactly as ``nlp.make_doc`` does, but fast and in linear time.

    spaCy's tokenizer caches the tokens of each space-separated chunk, but not inside a memory zone
    nor for the rest of a document after its first special case ("Dr.", "e.V."); so here the tokens
    of each piece of text are computed once and looked up after that, in a cache of two generations
    (``_ChunkCache``; the same tokens: tests/test_extract.py checks it). The pieces are the text
    between the spaces that end a token (a space after a non-space character, which spaCy gives to
    the token before it); nearly all have been met before, and the tokens and space flags of all of
    them are joined by two look-ups in C, with no Python step per piece. A piece holding other
    whitespace ("Euro.\\n\\nDie") is its chunks' tokens and its whitespace runs. Chunks not seen
    before are tokenized together, in one tokenizer call per document (a call per chunk cost more
    than the tokenizing), and a chunk of letters only or digits only is one token without asking the
    tokenizer. A chunk of hundreds of characters without a space is cut into word and punctuation
    pieces by one regex, because spaCy's affix loop is quadratic on such runs ("„„„„…"); such a
    piece is not kept.

    The token texts are handed over to the components' token views (``tokens.hand_over_words``),
    which would otherwise slice them from the text again.
    """
    from spacy.tokens import Doc

    state = _chunk_caches.get(nlp)
    if state is None:
        state = _chunk_caches[nlp] = _ChunkCache(nlp)
    state.age()
    pieces = TOKEN_SPACE.split(text)
    # every piece but the last is followed by a token's space
    new = state.missing(pieces)
    transient = _add_pieces(nlp, state, sorted(new)) if new else []
    words = list(chain.from_iterable(map(state.words.__getitem__, pieces)))
    spaces = list(chain.from_iterable(map(state.spaces.__getitem__, pieces)))
    if pieces[-1]:
        spaces[-1] = False
    for piece in transient:
        state.remove(piece)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    hand_over_words(doc, words)
    return doc


def _add_pieces(nlp: Language, state: _ChunkCache, pieces: list[str]) -> list[str]:
    """Put the tokens of ``pieces`` (text between token spaces, none cached) into the cache, and
    return those put there for one document only: pieces of ``LONG_CHUNK`` characters or more.

    Inside a piece every whitespace run is a token of its own: a space after a non-space character
    would have ended the piece."""
    chunks: list[str] = []
    composed: list[tuple[str, list[str]]] = []
    for piece in pieces:
        parts = SPLIT.split(piece)
        if len(parts) == 1 and len(piece) < LONG_CHUNK:
            chunks.append(piece)
        else:
            composed.append((piece, parts))
            chunks += [part for part in parts[::2] if len(part) < LONG_CHUNK]
    new = state.missing(chunks)
    if new:
        _tokenize_new_chunks(nlp, state, [chunk for chunk in dict.fromkeys(chunks) if chunk in new])
    for piece, parts in composed:
        words: list[str] = []
        for n, part in enumerate(parts):
            if n % 2:
                words.append(part)  # a whitespace run
            elif len(part) >= LONG_CHUNK:
                words += TOKEN_PIECES.findall(part)
            else:
                words += state.words[part]
        state.put(piece, tuple(words))
    return [piece for piece in pieces if len(piece) >= LONG_CHUNK]


def _tokenize_new_chunks(nlp: Language, state: _ChunkCache, chunks: list[str]) -> None:
    """Put the tokens of ``chunks`` (distinct, none cached, each without whitespace and shorter than
    ``LONG_CHUNK``) into the cache.

    The chunks that need spaCy's rules are joined by single spaces and tokenized in one call: spaCy
    tokenizes each space-separated chunk on its own, and a token followed by the joining space ends
    its chunk."""
    plain_specials = state.plain_specials
    ordered: list[str] = []
    for chunk in chunks:
        if PLAIN_CHUNK.fullmatch(chunk) and chunk not in plain_specials:
            state.put(chunk, (chunk,))
        else:
            ordered.append(chunk)
    if not ordered:
        return
    from spacy.attrs import IDX, LENGTH, SPACY

    joined = " ".join(ordered)
    position = 0
    pieces: list[str] = []
    # token texts from the arrays: a Python Token per token costs more than the slicing
    for start, length, space in nlp.tokenizer(joined).to_array([IDX, LENGTH, SPACY]).tolist():
        pieces.append(joined[start : start + length])
        if space:
            state.put(ordered[position], tuple(pieces))
            position += 1
            pieces = []
    if pieces:
        state.put(ordered[position], tuple(pieces))
        position += 1
    if position != len(ordered):  # never seen; should spaCy ever tokenize across a space, ask per chunk
        for chunk in ordered:
            state.put(chunk, tuple(t.text for t in nlp.tokenizer(chunk)))


class MemoryZones:
    """spaCy memory zones over a run of documents, so that a long run's memory stays flat.

    Every document adds the words it has not met to the pipeline's vocabulary and string store; in
    a zone (``Language.memory_zone``) they are transient and freed when the zone ends. A zone per
    document would create the lexemes of common words again for every document; one zone per
    ``documents`` documents frees what a run adds at the cost of one re-creation per zone. The end of
    a zone also empties famprog's memo caches (``caches.release``; the tokens of text pieces stay,
    bounded by their generations): they fill with the new words of every document, and emptied once
    per zone they hold at most a zone's words or two (``famprog extract --no-db`` over the 2,000 bench
    releases: peak RSS 135 MiB, 130 MiB over a quarter of them, where it was 148 and 129 MiB; 0.7%
    more instructions, for the memos computed again).

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
        """End the open zone, if any (at the end of a run), and with it what extraction memoized in
        it (``caches.release``): a run's memory then holds at most a zone's documents' words."""
        if self._open is not None:
            stack, self._open = self._open, None
            stack.close()
            caches.release()


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
