"""Document structure: web clutter ranges and sentence starts at line breaks."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from functools import cache
from itertools import compress

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from famprog.components.tokens import CLUTTER_KEY, OFFSETS_KEY, ZERO_WIDTH, text_of, token_offsets, token_words

# German keeps "2021." and "18." together as if they were ordinals; before a capital (a year) or a
# function word that opens sentences (any number: "bisher waren es 18. Das Land …") the stop ends one
YEAR_AT_SENTENCE_END = re.compile(r"(?<![\d.])((?:19|20)\d\d\.)[ \t]+(?=[A-ZÄÖÜ„\"])")
# words that open a sentence but do not follow an ordinal ("der 27. Anlaufstelle", "am 3. Mai"): after
# "<number>." they mean the number ended its sentence ("heute sind es 3252. Der Ausbau …")
SENTENCE_OPENERS = (
    "Der|Die|Das|Den|Dem|Des|Ein|Eine|Einer|Im|In|Am|Es|Sie|Er|Wir|Ich|Auch|Damit|Dabei|Dazu|Zudem|Außerdem"
    "|So|Nach|Mit|Seit|Ab|Bis|Für|Bei|Insgesamt|Derzeit|Bisher|Künftig|Dies|Diese|Dieser|Dieses"
    "|Jeder|Jede|Jedes|Heute|Inzwischen|Mittlerweile|Damals|Aktuell|Zusätzlich|Dafür|Hierfür|Daher|Deshalb"
)
NUMBER_AT_SENTENCE_END = re.compile(rf"(?<![\d.])(\d{{1,4}}\.)[ \t]+(?=(?:{SENTENCE_OPENERS})\s)")
NEWLINE = re.compile(r"\n")
# where a token of both patterns can end: a full stop after a digit, before a space or tab (a literal
# first, which the regex engine finds quickly)
DIGIT_STOP = re.compile(r"\.(?<=\d\.)[ \t]")
WORD = re.compile(r"\S+")
NEAR_WIDTH = 15  # columns short of the wrap width within which a line counts as filled
ZERO_WIDTH_RUN = re.compile(f"[{ZERO_WIDTH}]+")
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

            doc.user_data[CLUTTER_KEY] = tuple(find_clutter(text_of(doc)))
        split_zero_width(doc)
        merge_abbreviations(doc)
        return doc


@cache
def abbreviation_pattern() -> re.Pattern[str]:
    from famprog import lexicon

    forms = [a[:-1] for a in lexicon.load("names")["abbreviations_with_stop"]]
    # "(?<![\w.])(?:Ev|Kath)\." with the look-behind after each form's first character: the regex
    # engine then skips ahead to those characters in C instead of trying every position
    branches = [re.escape(f[0]) + r"(?<![\w.](?s:.))" + re.escape(f[1:]) if f else r"(?<![\w.])" for f in forms]
    return re.compile("(?:" + "|".join(branches) + r")\.")


def merge_abbreviations(doc: Doc) -> None:
    """ "Ev." / "Kath." / "Abg." become one token each: spaCy's German rules split their full stop
    off, which made it a sentence end and cut names ("Ev. Kirchengemeinde X")."""
    text = text_of(doc)
    idx, ends = token_offsets(doc)
    merges = []
    for m in abbreviation_pattern().finditer(text):
        i = bisect_right(idx, m.start()) - 1
        if 0 <= i < len(idx) - 1 and idx[i] == m.start() and ends[i] == m.end() - 1 and ends[i + 1] == m.end():
            merges.append(i)
    if merges:
        with doc.retokenize() as retokenizer:
            for i in merges:
                retokenizer.merge(doc[i : i + 2])
        doc.user_data.pop(OFFSETS_KEY, None)


def split_zero_width(doc: Doc) -> None:
    """Zero-width characters copied from web pages ("Familienzentrum\\u200b Mobile") become tokens of
    their own, so that no name span takes one in: the name components treat them as breaks."""
    text = text_of(doc)
    if not any(c in text for c in ZERO_WIDTH):  # a search per character, in C: far quicker than a class
        return
    idx, ends = token_offsets(doc)
    tokens = sorted({bisect_right(idx, m.start()) - 1 for m in ZERO_WIDTH_RUN.finditer(text)})
    with doc.retokenize() as retokenizer:
        for i in tokens:
            word = text[idx[i] : ends[i]]
            pieces = [p for p in re.split(f"([{ZERO_WIDTH}]+)", word) if p]
            if len(pieces) < 2:
                continue
            token = doc[i]  # the last piece keeps the token's trailing space
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))
    doc.user_data.pop(OFFSETS_KEY, None)  # the token offsets are read anew


@Language.factory("famprog_lines", default_config={})
def make_line_breaker(nlp: Language, name: str) -> FamprogLines:
    return FamprogLines()


class FamprogLines:
    """Runs after the sentencizer: a line break ends a sentence when the next line starts a new one.

    Headlines, datelines and list items carry no final full stop, so a line break after them starts a
    sentence. A line break inside a sentence does not: in hard-wrapped text a line that ends without
    sentence punctuation continues when the next line starts in lower case ("in\\nder Sozialplanung")
    or when the line is full: the next line's first word would not have fitted within the text's wrap
    width, and the next line is full too or ends its paragraph (a block of short lines, as in a
    contact block, is no paragraph). A blank line always ends a sentence. A year with a full stop
    before a capital ends a sentence too.
    """

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        text = text_of(doc)
        idx, ends = token_offsets(doc)
        # all sentence starts are changed in one array and written back at once: spaCy's per-token
        # setter rescans the document, which made long documents quadratic
        sent_starts = doc.to_array([SENT_START]).view("int64")  # -1: not a start, 0: unset, 1: a start
        width = wrap_width(text)
        seen = -1
        for m in NEWLINE.finditer(text):
            i = bisect_right(idx, m.start()) - 1  # the whitespace token holding this line break
            if i <= seen or i + 1 >= n:
                continue
            seen = i
            if continues_sentence(text, idx, ends, i, width):
                if sent_starts[i + 1] != 1:
                    sent_starts[i + 1] = -1
            else:
                sent_starts[i + 1] = 1
        # German keeps "2021." together as if it were an ordinal, so the sentencizer sees no full stop
        # after a year that ends a sentence ("… bis 31. Dezember 2021. Grundlage ist …")
        for i in numbers_ending_sentences(text, idx, ends):
            sent_starts[i + 1] = 1
        sent_starts[0] = 1
        doc.from_array([SENT_START], sent_starts.view("uint64"))
        return doc


def numbers_ending_sentences(text: str, idx: list[int], ends: list[int]) -> list[int]:
    """Indices of the tokens that are a year or a number of up to four digits with its full stop
    ("2021.", "18.", "3252.") where ``YEAR_AT_SENTENCE_END`` or ``NUMBER_AT_SENTENCE_END`` finds one:
    a look-up per token ending in a digit and a full stop before a space or tab (where both need one)
    instead of two scans of the whole text (the same tokens: a match that does not cover one token
    exactly marks nothing)."""
    out = []
    last = len(idx) - 1
    for hit in DIGIT_STOP.finditer(text):
        end = hit.start() + 1
        i = bisect_right(idx, end - 1) - 1
        if i < 0 or ends[i] != end:
            continue
        start = idx[i]
        if i == last or not 2 <= end - start <= 5 or not text[start].isdecimal():
            continue
        if not text[end - 2].isdecimal():
            continue
        # a year before any capital; any number of up to four digits (a count: "3252.") before an opener
        patterns = (YEAR_AT_SENTENCE_END, NUMBER_AT_SENTENCE_END) if end - start == 5 else (NUMBER_AT_SENTENCE_END,)
        for pattern in patterns:
            m = pattern.match(text, start)
            if m is not None and m.end(1) == end:
                out.append(i)
                break
    return out


def continues_sentence(text: str, idx: list[int], ends: list[int], i: int, width: int | None) -> bool:
    """Whether the line break in whitespace token ``i`` lies inside a sentence (see ``FamprogLines``)."""
    space = text[idx[i] : ends[i]]
    if space.count("\n") > 1 or i == 0:
        return False  # a blank line
    prev = text[idx[i - 1] : ends[i - 1]]
    if prev in SENTENCE_END:
        return False
    first = text[idx[i + 1] : idx[i + 1] + 1]
    if first.isalpha() and first.islower():
        return True
    if width is None or not (first.isalnum() or first in '„"(§'):
        return False
    line_start = text.rfind("\n", 0, idx[i]) + 1
    length = len(text[line_start : ends[i - 1]].rstrip())
    next_word = WORD.match(text, idx[i + 1])
    if length + 1 + (next_word.end() - next_word.start() if next_word else 0) <= width:
        return False  # the next word would have fitted: the line ended on purpose
    # a block of short lines (a contact block: body, office, name) is no wrapped paragraph: the next
    # line of a wrapped one is filled too, or ends its paragraph
    next_end = text.find("\n", idx[i + 1])
    if next_end == -1:
        return True
    next_length = len(text[idx[i + 1] : next_end].rstrip())
    after = text[next_end + 1 : text.find("\n", next_end + 1) if text.find("\n", next_end + 1) != -1 else len(text)]
    return next_length >= width - NEAR_WIDTH or not after.strip()


def wrap_width(text: str) -> int | None:
    """The column a hard-wrapped text was folded at, or None for a text whose paragraphs are lines.

    A text is hard-wrapped when most lines that another line follows within the same paragraph end
    within a few columns of the longest line (textwrap and mail clients fill lines up to the width;
    only a paragraph's last line is short); the width is the longest line."""
    lengths = [len(line.rstrip()) for line in text.split("\n")]
    inner = [n for n, nxt in zip(lengths, lengths[1:], strict=False) if n >= 20 and nxt > 0]
    if len(inner) < 3:
        return None
    width = max(inner)
    if not 50 <= width <= 120:  # text folded for mail or print; short lines are headers and lists
        return None
    near = sum(1 for n in inner if n >= width - NEAR_WIDTH)
    return width if near >= 0.7 * len(inner) else None


@Language.factory(
    "famprog_sentencizer",
    default_config={"punct_chars": None, "overwrite": False, "scorer": {"@scorers": "spacy.senter_scorer.v1"}},
)
def make_sentencizer(nlp: Language, name: str, punct_chars, overwrite: bool, scorer) -> FamprogSentencizer:
    return FamprogSentencizer(name, punct_chars=punct_chars, overwrite=overwrite, scorer=scorer)


class FamprogSentencizer(Sentencizer):
    """spaCy's rule-based sentencizer, same rule, without a Python ``Token`` per token.

    The rule: after a token of ``punct_chars`` ("." "!" "?" …), the first token that is neither
    punctuation nor one of them starts a sentence; so does the first token. The tokens of
    ``punct_chars`` are found by a look-up per token text in C, and only the tokens after them are
    looked at.
    """

    def predict(self, docs):
        return [_sentence_starts(doc, self.punct_chars) for doc in docs]


def _sentence_starts(doc: Doc, punct_chars: Collection[str]) -> list[bool]:
    """The sentencizer's guesses for ``doc``: True for each token that starts a sentence."""
    n = len(doc)
    if not n:
        return []
    words = token_words(doc)
    # the tokens that are one of punct_chars, selected in C
    enders = list(compress(range(n), map(punct_chars.__contains__, words)))
    guesses = [False] * n
    guesses[0] = True
    # after each run of punctuation that holds a sentence-ending token, the next token starts a sentence
    ender_set = set(enders)
    j = 0
    for i in enders:
        if i < j:
            continue  # in the run of the last one
        j = i + 1
        while j < n and (j in ender_set or doc[j].is_punct):
            j += 1
        if j < n:
            guesses[j] = True
    return guesses
