"""A light, list-based view of a spaCy Doc for the rule components: token texts, offsets, breaks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import or_

from spacy.attrs import IDX, LENGTH
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
# zero-width characters of web copies (U+200B, U+200C, U+200D, U+2060, U+FEFF): never part of a name
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
CLUTTER_KEY = "famprog_clutter"
TEXT_KEY = "famprog_text"
OFFSETS_KEY = "famprog_offsets"
WORDS_KEY = "famprog_words"


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character of every token, read once per document from spaCy's arrays:
    creating a Python ``Token`` per token costs more than famprog's rules."""
    offsets = doc.user_data.get(OFFSETS_KEY)
    if offsets is None or len(offsets[0]) != len(doc):
        if len(doc):
            columns = doc.to_array([IDX, LENGTH])  # one row per token; a list per column is made at once
            offsets = (columns[:, 0].tolist(), (columns[:, 0] + columns[:, 1]).tolist())
        else:
            offsets = ([], [])
        doc.user_data[OFFSETS_KEY] = offsets
    return offsets


def hand_over_words(doc: Doc, words: list[str]) -> None:
    """Keep the token texts the tokenizer had at hand for the views of ``doc``: they hold as long as
    its tokens do. They are tied to the token offsets read now; a component that changes the tokens
    drops those (``OFFSETS_KEY``), and the views slice the text again."""
    doc.user_data[WORDS_KEY] = (token_offsets(doc)[0], words)


def token_words(doc: Doc) -> list[str]:
    """The text of every token: the list handed over by ``hand_over_words`` while the tokens are
    still those, else sliced from the text. Read-only."""
    idx, ends = token_offsets(doc)
    handed = doc.user_data.get(WORDS_KEY)
    if handed is not None and handed[0] is idx:
        return handed[1]
    text = text_of(doc)
    return list(map(text.__getitem__, map(slice, idx, ends)))  # the slicing in C, no Python step


def span_chars(span: Span) -> tuple[int, int]:
    """A span's character range from the cached token offsets (``Span.start_char`` builds Tokens)."""
    idx, ends = token_offsets(span.doc)
    return idx[span.start], ends[span.end - 1]


def text_of(doc: Doc) -> str:
    """The document text, built once: spaCy's ``Doc.text`` joins all tokens anew on every call."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def ensure_extensions() -> None:
    """Register famprog's attribute on spans: ``span._.famprog`` holds the normalized values."""
    if not Span.has_extension("famprog"):
        Span.set_extension("famprog", default=None)


class SpanValues:
    """Sets ``span._.famprog`` for the spans of one Doc. spaCy keeps the value in ``doc.user_data``
    under ("._.", "famprog", start_char, end_char) and makes an ``Underscore`` object at each
    ``span._`` (2 µs a span, a tenth of the name component's time): after the first span has shown
    that the value lands under that key and reads back (an extension without getter or setter), the
    others' values are written there directly; else each goes through ``span._``."""

    def __init__(self, doc: Doc) -> None:
        self.data = doc.user_data
        extension = Span.get_extension("famprog")  # (default, method, getter, setter)
        self.plain: bool | None = None if extension is not None and extension[2:] == (None, None) else False

    def set(self, span: Span, value: dict) -> None:
        """``span._.famprog = value``."""
        self.set_at(span, span.start_char, span.end_char, value)

    def set_at(self, span: Span, start_char: int, end_char: int, value: dict) -> None:
        """``span._.famprog = value`` for a span whose characters the caller knows (``start_char`` of
        its first token, ``end_char`` of its last; a Span computes them from its Tokens)."""
        key = ("._.", "famprog", start_char, end_char)
        if self.plain:
            self.data[key] = value
            return
        span._.famprog = value
        if self.plain is None:
            self.plain = self.data.get(key) is value and span._.famprog is value


class TokenView:
    """Token texts and offsets of a Doc as plain lists, computed once per component call (or shared
    by consecutive components through ``TokenView.of``). A view is read-only."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.doc_text = text_of(doc)
        idx, ends = token_offsets(doc)
        text = self.doc_text
        words = token_words(doc)
        # the view's tokens are the Doc's without the line breaks inside sentences (hard-wrapped
        # text): names and quotations go on across them; ``doc_index`` maps a view index back
        candidates = line_break_candidates(doc, words)
        wrapped = wrapped_among(doc, candidates)
        self._source = (idx, doc.user_data.get(CLUTTER_KEY), candidates, wrapped)
        if wrapped:
            self.doc_index = [i for i in range(len(words)) if i not in wrapped]
            idx = [idx[i] for i in self.doc_index]
            ends = [ends[i] for i in self.doc_index]
            words = [words[i] for i in self.doc_index]
        else:
            self.doc_index = list(range(len(words)))
        self.idx, self.ends, self.words = idx, ends, words
        self.n = len(words)
        # a break: punctuation or whitespace; the tests run in C, without a Python step per token
        self.breaks = list(map(or_, map(BREAK_TOKENS.__contains__, words), map(str.isspace, words)))
        if any(c in text for c in ZERO_WIDTH):  # rare: only then a token can be made of them
            self.breaks = [b or is_zero_width(w) for b, w in zip(self.breaks, words, strict=True)]
        self._clutter = clutter_mask(doc, self.idx)

    @classmethod
    def of(cls, doc: Doc) -> TokenView:
        """The view of ``doc``: the one the previous component built when the Doc's text, tokens,
        clutter ranges and wrapped line breaks are still the same, else a new one. Of the wrapped
        line breaks only the sentence starts after them are looked at again: which tokens are line
        breaks follows from the text and tokens."""
        last = _last_view[0]
        if last is not None and last.doc is doc and last.doc_text is doc.user_data.get(TEXT_KEY):
            idx, clutter, candidates, wrapped = last._source
            if (
                token_offsets(doc)[0] is idx
                and doc.user_data.get(CLUTTER_KEY) is clutter
                and wrapped_among(doc, candidates) == wrapped
            ):
                return last
        view = _last_view[0] = cls(doc)
        return view

    def view_index(self, doc_i: int) -> int | None:
        """The view index of Doc token ``doc_i``, or None for a line break the view leaves out."""
        i = bisect_left(self.doc_index, doc_i)
        return i if i < self.n and self.doc_index[i] == doc_i else None

    def doc_span(self, start: int, end: int) -> tuple[int, int]:
        """Doc token indices (start, end) of the view's tokens start..end-1."""
        return self.doc_index[start], self.doc_index[end - 1] + 1

    def line_end(self, i: int) -> bool:
        """Token ``i`` ends a line that ends its sentence or paragraph (not a wrapped line)."""
        return self.breaks[i] and "\n" in self.words[i]

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

    def clutter_flags(self) -> list[bool]:
        """For every token of the view whether it lies in web clutter (a new list)."""
        return list(self._clutter)

    def in_clutter(self, i: int) -> bool:
        return self._clutter[i] if i < self.n else False


_last_view: list[TokenView | None] = [None]  # the view built last (it keeps one Doc alive)


def wrapped_line_breaks(doc: Doc, words: list[str]) -> set[int]:
    """Doc indices of line-break tokens inside a sentence: ``famprog_lines`` marked the token after
    them as no sentence start (-1). Without that component's marks (a user's pipeline) there are none.
    ``words`` are the Doc's token texts."""
    return wrapped_among(doc, line_break_candidates(doc, words))


def line_break_candidates(doc: Doc, words: list[str]) -> list[int]:
    """Doc indices, ascending, of the tokens that may be a wrapped line break: whitespace with one
    line break, not the last token. Whether one is depends on the sentence starts (``wrapped_among``)."""
    text = text_of(doc)
    if len(words) < 2 or "\n" not in text:
        return []
    # a look-up per line break instead of a test per token: the tokens holding one are few
    idx, ends = token_offsets(doc)
    last = len(words) - 1
    candidates = []
    at = text.find("\n")
    while at != -1:
        i = bisect_right(idx, at) - 1
        if i >= 0 and at < ends[i]:  # else the break lies in no token (never, in spaCy's Docs)
            w = words[i]
            if i < last and w.isspace() and w.count("\n") == 1:
                candidates.append(i)
            at = ends[i] - 1
        at = text.find("\n", at + 1)
    return candidates


def wrapped_among(doc: Doc, candidates: list[int]) -> set[int]:
    """The ``candidates`` (of ``line_break_candidates``) before a token marked as no sentence start."""
    # a Token per candidate: they are few, and reading the whole Doc's array cost ten times more
    return {i for i in candidates if doc[i + 1].is_sent_start is False}


def is_zero_width(word: str) -> bool:
    """A token made of zero-width characters only (the clutter component splits them off words)."""
    return bool(word) and all(c in ZERO_WIDTH for c in word)


def clutter_mask(doc: Doc, idx: list[int]) -> list[bool]:
    ranges = doc.user_data.get(CLUTTER_KEY) or ()
    mask = [False] * len(idx)
    for start, end in ranges:
        for i in range(bisect_left(idx, start), bisect_left(idx, end)):
            mask[i] = True
    return mask


def occurrences(text: str, forms: list[str], starts: list[int] | None = None) -> list[tuple[int, int, str]]:
    """Where each form stands in ``text`` as a whole word (no letter, digit or hyphen around it),
    longest forms first, sorted by position.

    With ``starts`` (the token start offsets, sorted) only occurrences that begin at a token are found.
    For a few forms (the names a document repeats), ``str.find`` per form, each hit looked up among
    the starts; for many (a user's word list) the forms are indexed by their first characters and the
    tokens filtered by their first character in one pass: linear in the text's length however many
    forms there are. Without ``starts``, ``str.find`` per form.

    Each occurrence is listed once.
    """
    found: list[tuple[int, int, str]] = []
    ordered = sorted(set(forms), key=len, reverse=True)
    if starts is None:
        for form in ordered:
            start = text.find(form)
            while start != -1:
                if _whole_word(text, start, start + len(form)):
                    found.append((start, start + len(form), form))
                start = text.find(form, start + 1)
    elif len(ordered) <= FEW_FORMS:
        n = len(starts)
        for form in ordered:
            at = text.find(form)
            while at != -1:
                k = bisect_left(starts, at)
                if k < n and starts[k] == at and _whole_word(text, at, at + len(form)):
                    found.append((at, at + len(form), form))
                at = text.find(form, at + 1)
    else:
        by_prefix: dict[str, list[str]] = {}
        for form in ordered:
            by_prefix.setdefault(form[:PREFIX], []).append(form)
        # the prefix lengths to look up at a start: ``PREFIX``, then those of the shorter forms
        lengths = (PREFIX, *sorted({len(k) for k in by_prefix if len(k) < PREFIX}))
        if "" not in by_prefix:  # most tokens cannot start any form: their first character says so
            firsts = {form[0] for form in ordered}
            starts = [start for start in starts if text[start : start + 1] in firsts]
        for start in starts:
            for k in lengths:
                for form in by_prefix.get(text[start : start + k], ()):
                    end = start + len(form)
                    if text.startswith(form, start) and _whole_word(text, start, end):
                        found.append((start, end, form))
        # at the end of the text the look-up keys of several lengths can be cut to the same key
        found = list(dict.fromkeys(found))
    return sorted(found, key=lambda f: (f[0], -(f[1] - f[0])))


PREFIX = 4
FEW_FORMS = 64  # up to this many forms, a search per form costs less than a look at every token


def word_start_matches(
    patterns: list[re.Pattern[str]], v: TokenView, keys: frozenset[str]
) -> list[list[re.Match[str]]]:
    """``list(pattern.finditer(v.doc_text))`` for each pattern whose every match starts right after no
    letter, digit, underscore or hyphen with two characters of ``keys`` (a whole-word alternation of
    names, "(?<![\\w-])(?:SPD|CDU)(?![\\w-])", with the first two characters of its forms as keys),
    tried only where such a match can start: at a token, or after a mark inside one ("B90/Grüne").
    The places where two characters of ``keys`` stand after no such character are found by one scan
    in C; each one inside a token of the view is a candidate: all of them, unless a key starts with
    whitespace (only a token's trailing space and a wrapped line break lie in no token of the view)."""
    text = v.doc_text
    key_starts, space_key = _key_starts(keys)
    candidates = [hit.start() for hit in key_starts.finditer(text)]
    if space_key:
        candidates = [at for at in candidates if _in_view_token(v, at)]
    found: list[list[re.Match[str]]] = []
    for pattern in patterns:
        matches: list[re.Match[str]] = []
        resume = 0
        for start in candidates:
            if start < resume:
                continue
            m = pattern.match(text, start)
            if m is not None:
                matches.append(m)
                resume = max(m.end(), start + 1)
        found.append(matches)
    return found


def _in_view_token(v: TokenView, at: int) -> bool:
    i = bisect_right(v.idx, at) - 1
    return i >= 0 and at < v.ends[i]


@lru_cache(maxsize=8)
def _key_starts(keys: frozenset[str]) -> tuple[re.Pattern[str], bool]:
    """Where one of ``keys`` (two characters each) stands after no letter, digit, underscore or
    hyphen: a hit per place, consuming its first character (its second looked ahead at), so that
    places one character apart are all found; and whether a key starts with whitespace."""
    seconds: dict[str, set[str]] = {}
    for key in keys:
        seconds.setdefault(key[:1], set()).add(key[1:])
    branches = [
        re.escape(first) + r"(?<![\w-](?s:.))(?=" + "|".join(re.escape(second) for second in sorted(rest)) + ")"
        for first, rest in sorted(seconds.items())
    ]
    return re.compile("|".join(branches) or "(?!)"), any(key[:1].isspace() for key in keys)


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-")
