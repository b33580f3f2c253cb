"""famprog as a Python library: one text or file in, one ``Record`` out.

    >>> import famprog
    >>> record = famprog.extract_text("Erfurt, 14. März 2019. Das Landesprogramm „Familienorte“ ...")
    >>> record.programs[0].name, record.to_dict()["facts"]

The spaCy pipeline is built on the first call and kept for the life of the process (one per process,
about 0.3 s to build). Everything here is safe to use from worker processes: the functions are
module-level (picklable by reference for ``concurrent.futures``, Dask or Spark), a forked child reuses
the parent's pipeline and a spawned one builds its own on first use, and records are plain dataclasses
that pickle. spaCy is imported on the first extraction, not on ``import famprog``.

Errors: bad input raises ``famprog.InputError`` (empty text, undecodable bytes, an unreadable file);
a bad word list ``famprog.LexiconError``; every error famprog raises on purpose is a ``FamprogError``.
"""

from __future__ import annotations

import os
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from famprog import model
from famprog.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language

    from famprog.reading import SourceText

__all__ = ["Record", "extract_file", "extract_source", "extract_text", "pipeline", "record_to_dict"]


@dataclass
class Record(model.Record):
    """The record of one document (``famprog.model.Record``) with ``to_dict()``.

    Fields: ``document`` (path, sha256, encoding, format, chars, title, published as ISO date or None,
    publisher), ``programs``, ``organisations``, ``people``, ``dates``, ``amounts``, ``center_counts``
    and ``facts``; every item carries ``mentions`` with character offsets into the decoded text.
    """

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready dicts and lists, keys in the order of the record contract
        (``None`` values and empty lists of items left out, ``document.published`` always present)."""
        return record_to_dict(self)


def record_to_dict(record: model.Record) -> dict[str, Any]:
    """Any ``famprog.model.Record`` as the dict that ``famprog extract`` writes as JSON."""
    from famprog.serialize import record_to_dict as _to_dict

    return _to_dict(record)


# ---- the pipeline: one per process ---------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[object, Language] | None = None  # (the user lexicon's key it was built with, pipeline)


def _after_fork() -> None:
    # a fork while another thread builds the pipeline would leave the child's lock held forever
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def pipeline() -> Language:
    """famprog's spaCy pipeline (``famprog.nlp.build_pipeline``), built once per process and cached.

    It is rebuilt only when the active user word lists (``famprog.user_lexicon.activate``) changed.
    Thread-safe; building takes about 0.3 s plus spaCy's import (about 0.7 s).
    """
    global _cached
    from famprog.user_lexicon import active_key

    key = active_key()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != key:
            from famprog.nlp import build_pipeline

            _cached = (key, build_pipeline())
        return _cached[1]


# ---- extraction ------------------------------------------------------------------------------------


def extract_text(
    text: str,
    *,
    published: str | None = None,
    path: str | None = None,
    lexicon: list[str | os.PathLike[str]] | tuple[str | os.PathLike[str], ...] | None = None,
) -> Record:
    """Extract the record of one press release given as text.

    ``text`` is taken as decoded text (line endings and Unicode normalization are applied as for files,
    so mention offsets refer to ``record.document`` text as famprog reads it); markup at its start
    makes it read as HTML. ``published`` (ISO ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) overrides the
    date famprog would find in the text: year-less dates, "heute" and each fact's ``as_of`` are
    resolved against it. ``path`` is the name shown in ``record.document.path`` (default ``"<text>"``).
    ``lexicon``: YAML word lists of your own (see ``famprog.user_lexicon``) for this and later calls.

    Returns a ``Record``; raises ``InputError`` for empty text or a malformed ``published``,
    ``LexiconError`` for a bad word list.
    """
    from famprog.reading import read_bytes

    shown = path if path is not None else "<text>"
    if not isinstance(text, str):
        raise InputError(shown, f"text must be a str, not {type(text).__name__}")
    if published is not None:
        _check_published(shown, published)
    if lexicon is not None:
        from famprog.user_lexicon import activate

        activate(lexicon)
    source = read_bytes(text.encode("utf-8"), shown, suffix=Path(shown).suffix or ".txt")
    return _extract(source, published)


def extract_file(
    path: str | os.PathLike[str],
    *,
    published: str | None = None,
    lexicon: list[str | os.PathLike[str]] | tuple[str | os.PathLike[str], ...] | None = None,
) -> Record:
    """Extract the record of one press release file (.txt, .md, .html or .htm; the encoding is detected).

    ``record.document.path`` is ``path`` as given. ``published`` and ``lexicon`` as for ``extract_text``.
    Raises ``InputError`` when the file cannot be read or decoded (binary, empty, undecodable bytes).
    """
    from famprog.reading import read_path

    shown = os.fspath(path)
    if published is not None:
        _check_published(shown, published)
    if lexicon is not None:
        from famprog.user_lexicon import activate

        activate(lexicon)
    return _extract(read_path(Path(shown), shown), published)


def _check_published(shown: str, published: str) -> None:
    import datetime

    parts = published.split("-") if isinstance(published, str) else []
    try:
        if len(parts) == 3:
            datetime.date.fromisoformat(published)
        elif len(parts) in (1, 2) and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
            datetime.date(int(parts[0]), int(parts[1]) if len(parts) == 2 else 1, 1)
        else:
            raise ValueError(published)
    except ValueError:
        reason = f"published must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), not {published!r}"
        raise InputError(shown, reason) from None


def extract_source(source: SourceText, *, published: str | None = None) -> Record:
    """The record of a document already read (``famprog.reading.read_path`` / ``read_bytes``), for
    callers that also need its decoded text and clutter ranges (the review site)."""
    if published is not None:
        _check_published(source.path, published)
    return _extract(source, published)


def _extract(source: Any, published: str | None) -> Record:
    from famprog.extract import extract

    token = _given_published.set(published)
    try:
        record = extract(_view(pipeline()), source)  # type: ignore[arg-type]
    finally:
        _given_published.reset(token)
    from famprog.confidence import apply_confidence

    apply_confidence(record)  # each fact's confidence: the measured precision of its rule
    return Record(**{name: getattr(record, name) for name in record.__dataclass_fields__})


# The document date given by the caller. The dates component takes a date already in ``doc.user_data``
# instead of looking for one; a first pipeline step puts the given date there.
_given_published: ContextVar[str | None] = ContextVar("famprog_given_published", default=None)


def _given_date(doc: Any) -> Any:
    from famprog.components.values import PUBLISHED_KEY

    published = _given_published.get()
    if published is not None:
        doc.user_data[PUBLISHED_KEY] = published
        doc.user_data[PUBLISHED_KEY + "_span"] = None
    return doc


_views: dict[int, _PipelineView] = {}


def _view(nlp: Language) -> _PipelineView:
    """The pipeline with the given-date step in front, one per pipeline (``extract`` caches the
    tokenizer's pieces per pipeline object, so the view must live as long as the pipeline)."""
    view = _views.get(id(nlp))
    if view is None or view._nlp is not nlp:
        _views.clear()
        view = _views[id(nlp)] = _PipelineView(nlp, [("famprog_given_date", _given_date), *nlp.pipeline])
    return view


class _PipelineView:
    """A stand-in for a ``Language`` with other components: everything else is the wrapped pipeline's.
    The shared pipeline itself stays untouched (other threads may be using it)."""

    def __init__(self, nlp: Language, components: list[tuple[str, Any]]) -> None:
        self._nlp = nlp
        self.pipeline = components

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("_nlp", "pipeline"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._nlp, name, value)
