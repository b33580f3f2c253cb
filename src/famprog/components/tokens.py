"""A light, list-based view of a spaCy Doc for the rule components: token texts, offsets, breaks."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

BREAK_TOKENS = frozenset(
    {
        ".",
        ";",
        ":",
        "!",
        "?",
        "(",
        ")",
        "[",
        "]",
        "„",
        "“",
        "”",
        '"',
        "«",
        "»",
        "‚",
        "‘",
        "’",
        "–",
        "—",
        "-",
        "/",
        "|",
        "•",
        "*",
        "…",
    }
)
CLUTTER_KEY = "famprog_clutter"


def ensure_extensions() -> None:
    """Register famprog's attribute on spans: ``span._.famprog`` holds the normalized values."""
    if not Span.has_extension("famprog"):
        Span.set_extension("famprog", default=None)


class TokenView:
    """Token texts and offsets of a Doc as plain lists, computed once per component call."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.doc_text = doc.text
        self.words = [t.text for t in doc]
        self.idx = [t.idx for t in doc]
        self.n = len(self.words)
        self.ends = [i + len(w) for i, w in zip(self.idx, self.words, strict=True)]
        self.breaks = [w in BREAK_TOKENS or w.isspace() for w in self.words]
        self.sent_start = [bool(t.is_sent_start) for t in doc]
        self._clutter = clutter_mask(doc, self.idx)

    def text(self, i: int, j: int) -> str:
        """The source text of tokens i..j-1."""
        if j <= i:
            return ""
        return self.doc_text[self.idx[i] : self.ends[j - 1]]

    def char_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Token indices (i, j) exactly covering characters start..end, or None if not on token edges."""
        i = bisect_left(self.idx, start)
        if i >= self.n or self.idx[i] != start:
            return None
        j = bisect_right(self.idx, end - 1)
        if j == 0 or self.ends[j - 1] != end:
            return None
        return i, j

    def token_at_offset(self, lo: int, hi: int, offset: int) -> int | None:
        """The token at character ``offset`` within ``text(lo, hi)``."""
        target = self.idx[lo] + offset
        i = bisect_left(self.idx, target, lo, hi)
        return i if i < hi else None

    def in_clutter(self, i: int) -> bool:
        return self._clutter[i] if i < self.n else False


def clutter_mask(doc: Doc, idx: list[int]) -> list[bool]:
    ranges = doc.user_data.get(CLUTTER_KEY) or ()
    mask = [False] * len(idx)
    for start, end in ranges:
        for i in range(bisect_left(idx, start), bisect_left(idx, end)):
            mask[i] = True
    return mask
