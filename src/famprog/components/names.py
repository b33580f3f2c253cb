"""Programs and organisations: names built around German head nouns, quotations and abbreviations.

German public-sector names have a head noun ("Landesprogramm", "Ministerium", "Stiftung", "e.V."),
modifiers before it (a state adjective, proper words, a truncated compound "Kooperations- und") and a
tail after it (capitalised words, "für"/"der" phrases, comma lists closed by "und"). Programs are also
named in quotations after a program head („…“), by "XY-Programm" / "Richtlinie XY", and by a state
adjective before a plural facility noun ("Sächsische Familienzentren"). An abbreviation in
parentheses is tied to the words before it that spell it (Schwartz & Hearst 2003).

The recognizer works on token texts only; it writes ``doc.spans["famprog_programs"]`` and
``doc.spans["famprog_organisations"]``, each span with ``span._.famprog = {"name", "abbreviation", "rule"}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import compress
from operator import itemgetter

from spacy.language import Language
from spacy.tokens import Doc, Span

from famprog import caches
from famprog.components.lexicon_view import NameLexicon, WordClasses, is_acronym, is_capitalised, name_lexicon
from famprog.components.tokens import SpanValues, TokenView, ensure_extensions, occurrences, word_start_matches
from famprog.normalize.declension import nominative_modifiers

PROGRAM, ORG = "PROGRAM", "ORG"
OPENERS = {"„": '“”"', "“": "”“", '"': '"', "«": "»", "»": "«", "‚": "‘’"}
MAX_TAIL = 14
ORDINALS = frozenset(
    {"ersten", "erste", "zweiten", "dritten", "vierten", "fünften", "letzten", "nächsten", "neuen", "weiteren"}
)
PROGRAM_CONTEXT = re.compile(
    r"(?<![\w-])([A-ZÄÖÜ][\wÄÖÜäöüß]{1,11})-(?:Programm|Landesprogramm|Richtlinie)"
    r"|(?<![\w-])(?:Richtlinie|Programm|Programms|Landesprogramm)\s+([A-ZÄÖÜ][\wÄÖÜäöüß]{1,11})(?![\w-])"
)
PROGRAM_CONTEXT_WORDS = ("Programm", "Landesprogramm", "Richtlinie")  # every match holds one of them
MAX_CONTEXT_STEM = 12  # the most characters of "XY" in "XY-Programm" (a capital and up to 11 more)


@dataclass
class NameSpan:
    kind: str
    start: int  # token index
    end: int  # token index, exclusive
    name: str
    rule: str
    abbreviation: str | None = None
    aliases: list[str] = field(default_factory=list)
    head: int | None = None  # token index of the head noun, where the name has one
    region: str | None = None  # a state named by an adjective before the head, outside the name


def schwartz_hearst(short: str, long: str) -> int | None:
    """Start offset in ``long`` of the shortest suffix whose letters spell ``short``, or None.

    Each letter of ``short`` (case ignored) is found from the end of ``long`` backwards, after the
    letters found so far; the first one must begin a word of ``long``. A letter is found by
    ``str.rfind`` in ``long`` lower-cased character by character (``_lowered_in_place``)."""
    low = _lowered_in_place(long)
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        if len(c) != 1:
            return None  # no single character of ``low`` equals it
        i = low.rfind(c, 0, i + 1)
        while s == 0 and i > 0 and long[i - 1].isalnum():  # the first letter begins a word
            i = low.rfind(c, 0, i)
        if i < 0:
            return None
        i -= 1
        s -= 1
    return max(long.rfind(" ", 0, i + 1) + 1, 0)


def _lowered_in_place(text: str) -> str:
    """``text`` with each character lowered on its own, at its place: ``text.lower()`` where that keeps
    every character one character (nearly always); a character that lowers to several ("İ") becomes
    NUL, and Greek capital sigma its plain small form (``str.lower`` would choose by context)."""
    low = text.lower()
    if len(low) == len(text) and "\u03a3" not in text:
        return low
    return "".join(lowered if len(lowered := ch.lower()) == 1 else "\0" for ch in text)


class SharedWordClasses:
    """The word classes of several rule components in one table: per distinct word a row with one
    class per component (a column), so that a document's tokens are looked up once for all of them.

    A look-up is cheap, but the table is large (the 2,000 bench releases have 31,000 distinct tokens),
    and each pass over a document's tokens pays its cache misses again (0.09 ms per document): the
    rows of the last list of words looked up are kept for the next component that reads the same
    list (the words of a ``TokenView``, which consecutive components share; word lists are read-only).
    Each column's test must depend on the word alone; the rows of at most ``limit`` words are kept
    (``WordClasses``), and the rows themselves are shared among the words that have the same."""

    DISTINCT_ROWS = 4_096  # a bound on the rows kept for sharing (tests give a few classes each)

    def __init__(self, limit: int = 50_000) -> None:
        self._tests: dict[str, Callable[[str], int]] = {}
        self._table = WordClasses(self._row, limit)
        self._last: tuple[list[str] | None, list[tuple[int, ...]]] = (None, [])
        self._distinct: dict[tuple[int, ...], tuple[int, ...]] = {}
        caches.register(self)  # its table (a WordClasses) registers itself

    def clear_caches(self) -> None:
        """Forget the shared rows and the last look-up (``caches.release``)."""
        self._last = (None, [])
        self._distinct = {}

    def column(self, name: str, test: Callable[[str], int]) -> WordColumn:
        """The column ``name``, its classes given by ``test``. A second call with a name replaces its
        test (the same test of a new component); the rows kept so far are dropped either way."""
        self._tests[name] = test
        self._table = WordClasses(self._row, self._table.limit)
        self._last = (None, [])
        return WordColumn(self, list(self._tests).index(name))

    def rows(self, words: list[str]) -> list[tuple[int, ...]]:
        """The row of each of the ``words``, in their order (the list of the last call again for the
        same list of words: read it only)."""
        last_words, rows = self._last
        if last_words is not words:
            rows = self._table.classes(words)
            self._last = (words, rows)
        return rows

    def row(self, word: str) -> tuple[int, ...]:
        """The row of a word of the last ``rows`` call (a KeyError for a word not in it)."""
        return self._table[word]

    def _row(self, word: str) -> tuple[int, ...]:
        row = tuple([test(word) for test in self._tests.values()])
        if len(self._distinct) >= self.DISTINCT_ROWS:
            self._distinct.clear()
        return self._distinct.setdefault(row, row)


class WordColumn:
    """One component's column of a ``SharedWordClasses`` table, read like a ``WordClasses``."""

    def __init__(self, table: SharedWordClasses, index: int) -> None:
        self.table = table
        self.index = index

    def classes(self, words: list[str]) -> list[int]:
        """The class of each of the ``words``, in their order (a new list)."""
        return list(map(itemgetter(self.index), self.table.rows(words)))

    def positions(self, words: list[str]) -> list[int]:
        """Indices of the ``words`` that have a class (not 0), in ascending order."""
        return list(compress(range(len(words)), map(itemgetter(self.index), self.table.rows(words))))

    def __getitem__(self, word: str) -> int:
        """The class of a word of the last ``classes`` or ``positions`` call (a KeyError for a word not in it)."""
        return self.table.row(word)[self.index]


_SHARED_CLASSES: dict[int, SharedWordClasses] = {}


def shared_word_classes(lex: NameLexicon) -> SharedWordClasses:
    """The word classes the name and people components of ``lex`` share (one table per lexicon)."""
    key = id(lex)
    if key not in _SHARED_CLASSES:
        _SHARED_CLASSES[key] = SharedWordClasses()
    return _SHARED_CLASSES[key]


class NameRecognizer:
    def __init__(self, lex: NameLexicon) -> None:
        self.lex = lex
        # the few tokens the walks over the whole text act at, found by a look-up per token (in the
        # table shared with the people component: one look-up per token for both)
        self.key_words = shared_word_classes(lex).column("names", self.is_key_word)
        self.self_naming_heads = tuple(sorted(lex.self_naming_heads))  # for one str.endswith

    # ---- token predicates -------------------------------------------------------------------------
    def name_word(self, w: str) -> bool:
        """A capitalised word that can be part of a name tail (an acronym starts with a capital too)."""
        return is_capitalised(w) and w not in self.lex.non_name and w[0].isalpha()

    def proper_word(self, w: str) -> bool:
        """A word that can be the proper part before a head ("Anna Berger Stiftung")."""
        return (
            self.name_word(w)
            and w not in self.lex.generic_nouns
            and not self.lex.is_role(w)
            and self.lex.org_head(w) is None
            and self.lex.program_head(w) is None
        )

    def proper_program_stem(self, stem: str) -> bool:
        """The first part of "Startchancen-Programm": a capitalised word of its own, not a generic noun,
        a head or a federal/state modifier ("Kita-Programm", "Bundes-Programm" name no program)."""
        return (
            len(stem) >= 5
            and self.proper_word(stem)
            and "-" not in stem
            and stem.lower() not in {"bundes", "landes", "förder", "sonder", "modell", "aktions", "corona"}
            and not stem.lower().endswith(self.lex.facility_endings)
        )

    def is_key_word(self, w: str) -> bool:
        """A word at which a name may start or be marked: an opening quotation mark, a parenthesis
        (of an abbreviation), a news agency, a ministry's abbreviation, a word of ``may_open_headed_name``."""
        lex = self.lex
        # the look-ups in sets first: most words are tested once, and the head look-ups cost most
        return (
            w in OPENERS
            or w == "("
            or w in lex.news_agencies
            or w in lex.org_suffix_heads
            or w == "e."
            or lex.ministry_abbreviation.match(w) is not None
            or self.may_open_headed_name(w)
        )

    def may_open_headed_name(self, w: str) -> bool:
        """A word at which ``headed_names`` may find a name: a legal form ("GmbH", "e.V.", the "e." of
        "e. V."), or a capitalised program or organisation head, state adjective or "XY-Programm"."""
        lex = self.lex
        if w in lex.org_suffix_heads or w == "e.":
            return True
        return w[:1].isupper() and (
            w in lex.state_adjectives
            or ("-" in w and w.lower().endswith(lex.program_suffixes))
            or (lex.may_have_head(w) and (lex.program_head(w) is not None or lex.org_head(w) is not None))
        )

    def starts_entity(self, v: TokenView, i: int) -> bool:
        w = v.words[i]
        if self.lex.org_head(w) or self.lex.program_head(w) or w in self.lex.state_adjectives:
            return True
        return v.words[i] in self.lex.given_names and i + 1 < v.n and self.proper_word(v.words[i + 1])

    # ---- tails ------------------------------------------------------------------------------------
    def scan_tail(
        self,
        v: TokenView,
        i: int,
        first_connector: bool = True,
        genitive_first: bool = False,
        absorb: bool = False,
        proper_first: bool = False,
    ) -> int:
        """End (exclusive) of the name words that follow a head at token ``i``; ``i`` if none.

        ``proper_first``: the first word must be proper, not a generic noun ("Landesregierung Familien"
        is a body and an object, not one name)."""
        words, n = v.words, v.n
        j = end = i
        limit = min(n, i + MAX_TAIL)
        qualified = False  # a "für …" qualifier was read: a "zur/zum" phrase after it is a purpose
        while j < limit and not v.breaks[j]:
            w = words[j]
            if j == i and (w in self.lex.tail_stop_words or (proper_first and w in self.lex.generic_nouns)):
                break
            if self.name_word(w) and not self.lex.is_role(w):
                if end > i and self.starts_new_entity_after_connector(v, j):
                    break
                j += 1
                end = j
                continue
            nxt = self.connector_end(v, j, limit, end > i, first_connector, genitive_first, absorb, qualified)
            if nxt is not None:
                qualified = qualified or w == "für"
                j = nxt
                continue
            if w == "," and end > i:
                close = self.comma_list_end(v, j, limit)
                if close is None:
                    break
                j = end = close  # "… und Gleichstellung des Landes Sachsen-Anhalt" may follow
                continue
            if w.endswith("-") and len(w) > 1 and j + 2 < limit and words[j + 1] in {"und", "oder"}:
                j += 2
                continue
            break
        return self.without_generic_purpose(v, i, end)

    def connector_end(
        self,
        v: TokenView,
        j: int,
        limit: int,
        has_tail: bool,
        first_connector: bool,
        genitive_first: bool,
        absorb: bool,
        qualified: bool,
    ) -> int | None:
        """At a connector inside a name tail: the token where the name goes on, or None where it ends.

        German name tails go on with "für"/"der"/"des"/"und" + a capitalised word; "zur"/"zum" only as
        the first qualifier and not in a support-verb phrase ("zur Verfügung stellen"); "im" + one
        word of a place ("im Quartier"), not another body ("im Mutter-Kind-Zentrum des …"); "nach" +
        a noun that is no adverbial ("Ankommen nach Krisen", not "nach Angaben des …")."""
        words = v.words
        w = words[j]
        if w == "nach":
            return self.after_nach(v, j, limit) if has_tail else None
        opening = {"für", "zur", "zum", "der", "des"} if genitive_first else {"für", "zur", "zum"}
        if w not in self.lex.connectors or not (has_tail or (first_connector and w in opening)):
            return None
        if w in {"zur", "zum"} and qualified:
            return None
        k = j + 1
        if k < limit and self.is_adjective(words[k]) and k + 1 < limit and self.name_word(words[k + 1]):
            k += 1
        if k >= limit or v.breaks[k] or not self.name_word(words[k]) or self.lex.is_role(words[k]):
            return None
        if w in {"zur", "zum"} and words[k] in self.lex.support_verb_nouns:
            return None
        if w == "im" and not self.place_after_im(v, k):
            return None
        # "Servicestelle X der Stiftung Y" are two; "Jugendamt des Regionalverbands X" is one
        if w in {"der", "des"} and self.starts_entity(v, k) and not absorb:
            return None
        return k

    def after_nach(self, v: TokenView, j: int, limit: int) -> int | None:
        k = j + 1
        if k >= limit or v.breaks[k]:
            return None
        w = v.words[k]
        if not self.name_word(w) or w in self.lex.after_nach_no_name or w in self.lex.tail_stop_words:
            return None
        return k

    def place_after_im(self, v: TokenView, k: int) -> bool:
        """ "im Quartier", "im Sozialraum": one plain word that closes the name."""
        w = v.words[k]
        if "-" in w or self.lex.org_head(w) or self.lex.program_head(w):
            return False
        if k + 1 >= v.n:
            return True
        nxt = v.words[k + 1]
        return nxt not in {"der", "des"} and (v.breaks[k + 1] or not self.name_word(nxt))

    def without_generic_purpose(self, v: TokenView, i: int, end: int) -> int:
        """Cut a closing "zur Umsetzung" / "zum Ausbau"-like phrase without object: it says what the
        thing is for, it does not name it ("eine Richtlinie zur Umsetzung, die …")."""
        if end - i >= 2 and v.words[end - 2] in {"zur", "zum"} and v.words[end - 1] in self.lex.generic_purpose_nouns:
            nxt = v.words[end] if end < v.n else ""
            if nxt not in {"der", "des", "von", "vom"}:
                return end - 2
        return end

    def starts_new_entity_after_connector(self, v: TokenView, j: int) -> bool:
        return j > 0 and v.words[j - 1] in {"der", "des"} and self.starts_entity(v, j)

    def comma_list_end(self, v: TokenView, j: int, limit: int) -> int | None:
        """At a comma inside a name: the end of a list "A, B, C und D", or None if it is no such list."""
        words = v.words
        k = j
        while k < limit and words[k] == ",":
            k += 1
            if k >= limit or v.breaks[k] or not self.name_word(words[k]):
                return None
            while k < limit and not v.breaks[k] and self.name_word(words[k]):
                k += 1
        if k + 1 < limit and words[k] in {"und", "sowie"} and self.name_word(words[k + 1]):
            k += 1
            while k < limit and not v.breaks[k] and self.name_word(words[k]):
                k += 1
            return k
        return None

    @staticmethod
    def is_adjective(w: str) -> bool:
        return (
            w.islower()
            and w not in ORDINALS
            and len(w) > 3
            and w.endswith(("e", "en", "er", "es", "em"))
            and w
            not in {
                "eine",
                "einen",
                "einer",
                "eines",
                "einem",
                "diese",
                "diesen",
                "dieser",
                "dieses",
                "diesem",
                "seine",
                "ihre",
                "ihren",
                "unsere",
                "keine",
                "alle",
                "allen",
                "jeder",
                "jede",
                "jedes",
            }
        )

    def scan_premodifiers(self, v: TokenView, head: int) -> int:
        """Start of the modifiers before a head: proper words, a state adjective, "Kooperations- und"."""
        words = v.words
        start = head
        k = head - 1
        proper = 0
        while k >= 0 and not v.breaks[k]:
            w = words[k]
            if w in {"und", "oder"} and k > 0 and words[k - 1].endswith("-") and len(words[k - 1]) > 1:
                start = k - 1
                k -= 2
                continue
            if w in self.lex.state_adjectives or (k == head - 1 and w in self.lex.lower_state_adjectives):
                start = k  # "Sächsische Landesregierung", "das nordrhein-westfälische Bildungsministerium"
                break
            if proper < 3 and self.proper_word(w) and not is_acronym(w):
                start = k
                proper += 1
                k -= 1
                continue
            break
        return start

    # ---- recognizers ------------------------------------------------------------------------------
    def quotations(self, v: TokenView, keys: list[int]) -> list[tuple[int, int]]:
        """(open, close) token indices of quotations within one line; ``keys`` are the positions of the
        key words (``is_key_word``), among them every opening mark."""
        out = []
        words, n = v.words, v.n
        resume = 0  # a quotation's closing mark opens none
        for i in keys:
            closers = OPENERS.get(words[i])
            if i < resume or not closers:
                continue
            for j in range(i + 1, min(n, i + 40)):
                if v.line_end(j):
                    if self.unclosed_program_name(v, i, j):
                        out.append((i, j))
                    break
                if words[j] in closers and j > i + 1:
                    out.append((i, j))
                    out.extend(self.inner_quotations(v, i + 1, j))
                    resume = j + 1
                    break
            else:
                if n <= i + 40 and self.unclosed_program_name(v, i, n):
                    out.append((i, n))
        return out

    def unclosed_program_name(self, v: TokenView, o: int, end: int) -> bool:
        """A quotation after a program head whose closing mark is lost at the end of the line or text
        (a cut-off copy: 'des Aktionsprogramms „Ankommen nach Krisen für Kinder'): a name when the
        words up to there are capitalised words and name connectors only."""
        if o == 0 or not self.lex.program_head(v.words[o - 1]) or end - o < 2 or end - o > 12:
            return False
        inner = v.words[o + 1 : end]
        return (
            self.name_word(inner[0])
            and all(self.name_word(w) or w in self.lex.connectors or w == "nach" for w in inner)
            and self.name_word(inner[-1])
        )

    @staticmethod
    def quotation_at(v: TokenView, o: int) -> int | None:
        """The closing mark of a quotation opening at token ``o`` within its line, or None."""
        closers = OPENERS.get(v.words[o]) if o < v.n else None
        if not closers:
            return None
        for j in range(o + 2, min(v.n, o + 40)):
            if v.line_end(j):
                return None
            if v.words[j] in closers:
                return j
        return None

    @staticmethod
    def inner_quotations(v: TokenView, start: int, end: int) -> list[tuple[int, int]]:
        """Quotations in single quotes inside a quotation: „… der Initiative ‚Viva X’ …“."""
        out = []
        words = v.words
        for i in range(start, end):
            if words[i] == "‚":
                for j in range(i + 2, end):
                    if words[j] in "‘’":
                        out.append((i, j))
                        break
        return out

    def recognize(self, v: TokenView) -> list[NameSpan]:
        lex, words = self.lex, v.words
        spans: list[NameSpan] = []
        opaque: set[int] = set()
        keys = self.key_words.positions(words)

        for o, c in self.quotations(v, keys):
            before = words[o - 1] if o > 0 else ""
            head = lex.program_head(before) or (before.lower().endswith(lex.program_suffixes) and before)
            content = v.text(o + 1, c)
            first = words[o + 1]
            inner_head = lex.program_head(words[o + 2]) if first in lex.state_adjectives and o + 2 < c else None
            if head:
                nominative = lex.program_head(before) or before
                span = NameSpan(PROGRAM, o + 1, c, content, "quoted-after-head", aliases=[f"{nominative} {content}"])
                span.region = (
                    lex.state_adjectives.get(words[o - 2]) if o >= 2 else None
                )  # "Hessischen Landesprogramms „X“"
                spans.append(span)
            elif lex.program_head(first) or inner_head:
                spans.append(NameSpan(PROGRAM, o + 1, c, content, "quoted-program-name"))
            elif before in lex.title_nouns or (
                before and lex.org_head(before) is None and is_capitalised(before) and before not in lex.non_name
            ):
                opaque.update(range(o + 1, c))

        spans.extend(self.headed_names(v, opaque, keys))
        listed = self.listed_programs(v)
        if listed:  # a user's name beats a guessed program that cuts through it ("Initiative X | 2030")
            spans = [s for s in spans if s.kind != PROGRAM or not any(_cuts(s, u) for u in listed)] + listed
        spans.extend(self.parties(v))
        spans.extend(self.short_organisations(v, spans, keys))
        spans = self.abbreviations(v, spans, keys)
        return [s for s in spans if s.kind == PROGRAM or opaque.isdisjoint(range(s.start, s.end))]

    def listed_programs(self, v: TokenView) -> list[NameSpan]:
        """Program names from a user word list (``--lexicon``), wherever they stand as whole words."""
        if not self.lex.program_names:
            return []
        out = []
        for start, end, form in occurrences(v.doc_text, list(self.lex.program_names), v.idx):
            tok = v.char_span(start, end)
            if tok is not None:
                out.append(NameSpan(PROGRAM, tok[0], tok[1], form, "user-lexicon"))
        return out

    def headed_names(self, v: TokenView, opaque: set[int], keys: list[int]) -> list[NameSpan]:
        """Names built around a head noun, a state adjective, "XY-Programm" or a legal form, at the
        positions ``keys`` (``is_key_word``)."""
        lex, words, n = self.lex, v.words, v.n
        spans: list[NameSpan] = []
        for i in keys:
            if v.breaks[i] or i in opaque:
                continue
            w = words[i]
            if not w[0].isupper():  # every head, state adjective and "XY-Programm" is capitalised
                form_end = self.legal_form_at(v, i)
                if form_end:
                    spans.extend(self.organisation_before(v, i, form_end))
                continue
            # "HeFaS-Programm"; "Startchancen-Programm": a program named by its own word before the head
            if "-" in w and w.lower().endswith(lex.program_suffixes):
                stem = w.rsplit("-", 1)[0]
                if is_acronym(stem) and stem not in lex.funding_sources:
                    spans.append(NameSpan(PROGRAM, i, i + 1, w, "abbreviation-program", abbreviation=stem))
                    continue
                if self.proper_program_stem(stem):
                    spans.append(NameSpan(PROGRAM, i, i + 1, lex.program_head(w) or w, "hyphen-program"))
                    continue
            head = lex.program_head(w)
            if head:
                nxt = words[i + 1] if i + 1 < n else ""
                if is_acronym(nxt) and not v.breaks[i + 1]:  # "Richtlinie HeFaS", "Programm LFQ"
                    spans.append(NameSpan(PROGRAM, i, i + 2, f"{head} {nxt}", "head-abbreviation", abbreviation=nxt))
                    continue
                if head in lex.program_heads_bare:
                    end = self.scan_tail(v, i + 1)
                    if end > i + 1:
                        start = i - 1 if i > 0 and words[i - 1] in lex.state_adjectives else i
                        tail = v.text(i + 1, end)
                        close = self.quotation_at(v, end)  # "Bundesprogramm Mehrgenerationenhaus „X - Y“"
                        if close is not None:
                            tail, end = f"{tail} {v.text(end + 1, close)}", close + 1
                        name = " ".join(x for x in [words[start] if start < i else "", head, tail] if x)
                        spans.append(NameSpan(PROGRAM, start, end, name, "head-tail", head=i))
                continue
            if w in lex.state_adjectives and i + 1 < n and not v.breaks[i + 1]:
                nxt_low = words[i + 1].lower()
                if is_capitalised(words[i + 1]) and nxt_low.endswith(lex.state_program_plurals):
                    spans.append(NameSpan(PROGRAM, i, i + 2, v.text(i, i + 2), "state-plural"))
                    continue
            org = lex.org_head(w)
            if org:
                spans.extend(self.organisation_at(v, i, org))
                continue
            if w in lex.org_suffix_heads:  # "GmbH", "AG"
                spans.extend(self.organisation_before(v, i, i + 1))
        return spans

    def short_organisations(self, v: TokenView, spans: list[NameSpan], keys: list[int]) -> list[NameSpan]:
        """Organisations named by a short form alone: a news agency in a credit or dateline ("(dpa)",
        "(dpa/lnw)", "Foto: X/dpa", "(hib/XY)") and a ministry's abbreviation ("BMFSFJ", "StMAS:")
        that names no program of the text; looked for at the positions ``keys`` (``is_key_word``)."""
        words, n = v.words, v.n
        program_abbrs = {s.abbreviation for s in spans if s.kind == PROGRAM and s.abbreviation}
        out = []
        for i in keys:
            w = words[i]
            if w in self.lex.news_agencies:
                before = words[i - 1] if i > 0 else ""
                after = words[i + 1] if i + 1 < n else ""
                if before in {"(", "/", "©"} or after in {")", "/"}:
                    out.append(NameSpan(ORG, i, i + 1, w, "news-agency"))
            elif (
                self.lex.ministry_abbreviation.match(w)
                and w not in program_abbrs
                and w not in self.lex.parties
                and not v.in_clutter(i)
            ):
                out.append(NameSpan(ORG, i, i + 1, w, "abbreviation-mention", abbreviation=w))
        return out

    def organisation_before(self, v: TokenView, i: int, form_end: int) -> list[NameSpan]:
        """A name closed by a legal form ``i``..``form_end``: "Familienzentrum KiWi e.V.",
        "Kinderland gGmbH", "Elternhilfe e. V. Wetzlar"."""
        words = v.words
        start = i
        k = i - 1
        while (
            k >= 0 and i - k <= 4 and not v.breaks[k] and self.name_word(words[k]) and words[k] not in self.lex.non_name
        ):
            start = k
            k -= 1
        if start == i:
            return []
        end = self.legal_form_end(v, i)
        return [NameSpan(ORG, start, end, v.text(start, end), "suffix-head")]

    def organisation_at(self, v: TokenView, i: int, nominative: str) -> list[NameSpan]:
        words = v.words
        start = self.scan_premodifiers(v, i)
        # "Jugendamt des Landkreises X": an office of a place takes the place's body into its name
        w = words[i]
        if w.isupper() and len(w) > 3:  # a header in capitals: "BÜRGERSCHAFT DER FREIEN UND HANSESTADT X"
            end = self.capitals_tail(v, i + 1)
            if end == i + 1:
                return []
            return [NameSpan(ORG, i, end, capitals_to_name(nominative, v.text(i + 1, end)), "org-head", head=i)]
        without_qualifier = nominative.rsplit("-", 1)[-1] in self.lex.heads_without_qualifier
        alone = self.names_itself(nominative)
        end = self.scan_tail(
            v,
            i + 1,
            first_connector=not without_qualifier,
            genitive_first=True,
            absorb=nominative in self.lex.heads_with_place,
            # "die Landesregierung Familien unterstützt": a body's name takes no generic noun after it
            proper_first=without_qualifier or alone,
        )
        end = self.legal_form_end(v, end)  # "… im Sozialraum e.V."
        first_part = w.split("-", 1)[0]
        # "Auridis-Stiftung" is a name by itself; "Eltern-Kind-Zentrum" is a kind of place
        hyphen_proper = (
            "-" in w
            and is_capitalised(first_part)
            and first_part not in self.lex.generic_nouns
            and nominative != w.lower()
        )
        truncated_only = start < i and v.words[start].endswith("-") and start + 2 == i
        if (start == i or (truncated_only and not alone)) and end == i + 1 and not hyphen_proper and not alone:
            return []  # a bare head ("die Landesservicestelle", "Service- und Koordinierungsstelle") describes
        if start == i and end == i + 1 and hyphen_proper and w.split("-", 1)[0] in self.lex.state_adjectives:
            return []
        modifiers = nominative_modifiers(words[start:i], nominative) if start < i else []
        premodifier = v.text(start, i) if modifiers == words[start:i] else " ".join(modifiers)
        parts = [premodifier, nominative, v.text(i + 1, end)]
        name = " ".join(p for p in parts if p)
        return [NameSpan(ORG, start, end, name, "org-head", head=i)]

    def capitals_tail(self, v: TokenView, i: int) -> int:
        """End of a name tail in capitals after a head in capitals: words in capitals joined by
        connectors in capitals ("DER", "UND", "FÜR"); a word in lower or mixed case ends it."""
        words, n = v.words, v.n
        j = end = i
        while j < n and j < i + MAX_TAIL and not v.breaks[j]:
            w = words[j]
            if not (w.isupper() and w[0].isalpha()):
                break
            if w.lower() in self.lex.connectors:
                if j + 1 < n and words[j + 1].isupper() and words[j + 1].lower() not in self.lex.connectors:
                    j += 1
                    continue
                break
            j += 1
            end = j
        return end

    def names_itself(self, nominative: str) -> bool:
        """A one-word body that is one of a kind: a federal or state modifier ("Bundesregierung",
        "Landesjugendamt", "Bundesfamilienministerium") or a standing conference
        ("Gesundheitsministerkonferenz"). "Landesministerium" without a portfolio is not."""
        low = nominative.lower()
        if low.endswith(self.self_naming_heads):
            return True
        for modifier in self.lex.self_naming_modifiers:
            if low.startswith(modifier):
                rest = low[len(modifier) :]
                return any(
                    rest.endswith(body) and (body != "ministerium" or len(rest) > len(body) + 2)
                    for body in self.lex.self_naming_bodies
                )
        return False

    def legal_form_end(self, v: TokenView, end: int) -> int:
        """Take a legal form after a name ("e.V.", "e. V.", "gGmbH") and a place after it
        ("Elternhilfe e. V. Wetzlar")."""
        form = self.legal_form_at(v, end)
        if not form:
            return end
        end = form
        if end < v.n and not v.breaks[end] and self.place_word(v, end):
            end += 1
        return end

    def legal_form_at(self, v: TokenView, i: int) -> int | None:
        """End of a legal form starting at token ``i`` ("e.V." or "e." + "V."), or None."""
        words = v.words
        if i < v.n and words[i] in self.lex.org_suffix_heads:
            return i + 1
        if i + 1 < v.n and words[i] == "e." and words[i + 1] == "V.":
            return i + 2
        return None

    def place_word(self, v: TokenView, k: int) -> bool:
        """A capitalised word after a legal form that names the seat, followed by no other capital."""
        w = v.words[k]
        if not self.proper_word(w) or w in self.lex.generic_nouns or w in self.lex.state_adjectives:
            return False
        nxt = v.words[k + 1] if k + 1 < v.n else ""
        return not (nxt and is_capitalised(nxt) and not v.breaks[k + 1])

    def parties(self, v: TokenView) -> list[NameSpan]:
        """Parties and organisations known by a name without a head noun ("DIE LINKE", "Diakonie")."""
        out = []
        patterns = [party_pattern(self.lex), known_organisation_pattern(self.lex)]
        parties, known = word_start_matches(patterns, v, _form_initials(self.lex))
        for m in parties:
            span = v.char_span(m.start(), m.end())
            if span is not None:
                out.append(NameSpan(ORG, span[0], span[1], self.lex.parties[m.group(0)], "party"))
        for m in known:
            span = v.char_span(m.start(), m.end())
            if span is not None:
                out.append(NameSpan(ORG, span[0], span[1], m.group(0), "known-organisation"))
        return out

    def abbreviations(self, v: TokenView, spans: list[NameSpan], keys: list[int]) -> list[NameSpan]:
        """Tie "(ABBR)" / "(kurz: ABBR)" to the name before it; may create the inner name as a new span.
        ``keys`` are the positions of the key words (``is_key_word``), among them every "("."""
        words, n = v.words, v.n
        by_end: dict[int, list[NameSpan]] = {}
        for s in spans:
            by_end.setdefault(s.end, []).append(s)
        program_abbrs = {s.abbreviation for s in spans if s.kind == PROGRAM and s.abbreviation}
        context: list[set[str]] = []  # read once, on the first long form that needs it (few do)

        def program_context(abbr: str) -> bool:
            if abbr in program_abbrs:
                return True
            if not context:
                context.append(self.program_context_abbreviations(v))
            return abbr in context[0]

        new: list[NameSpan] = []
        for i in keys:
            if words[i] != "(":
                continue
            k = i + 1
            if k < n and words[k].lower() in {"kurz", "abgekürzt"}:
                k += 1
                if k < n and words[k] == ":":
                    k += 1
            if not (k + 1 < n and words[k + 1] == ")" and is_acronym(words[k])):
                continue
            abbr = words[k]
            if abbr in self.lex.parties:  # "Stefan Gorny (CDU)" names a party, it defines nothing
                continue
            end = i - 1 if i > 0 and words[i - 1] in '“”"»«‘' else i
            lo = max(0, end - 14)
            for j in range(end - 1, lo - 1, -1):
                if words[j] in {".", ";", ":", "!", "?", "(", ")"} or v.line_end(j):
                    lo = j + 1
                    break
            while lo < end and v.breaks[lo]:
                lo += 1
            if lo >= end:
                continue
            offset = schwartz_hearst(abbr, v.text(lo, end))
            lf_start = v.token_at_offset(lo, end, offset) if offset is not None else None
            owners = [s for s in by_end.get(end, [])]
            if lf_start is not None:
                # the long form spells the owner when it reaches back to the owner's head or further;
                # one that starts after the head names something inside the owner ("Servicestelle X (ABBR)")
                # a program's abbreviation often leaves out its head word: "Landesprogramm Familienzentren
                # im Quartier (FiQ)"
                covering = [
                    s
                    for s in owners
                    if lf_start <= (s.head if s.head is not None else s.start) + (s.kind == PROGRAM)
                    or (s.rule == "quoted-after-head" and s.start - 2 <= lf_start)
                ]
                if covering:
                    for s in covering:
                        s.abbreviation = s.abbreviation or abbr
                    continue
                kind = self.classify_long_form(v, lf_start, end, partial(program_context, abbr))
                if kind:
                    new.append(
                        NameSpan(
                            kind, lf_start, end, v.text(lf_start, end), "abbreviation-definition", abbreviation=abbr
                        )
                    )
        return spans + new

    def classify_long_form(self, v: TokenView, start: int, end: int, program_context: Callable[[], bool]) -> str | None:
        """The kind of the long form ``start``..``end`` before an abbreviation: by a head or a state
        adjective before a plural facility noun; else a program where the text names one by the
        abbreviation (``program_context``, asked last: reading the text for it costs most)."""
        words = v.words[start:end]
        if not words or not (is_capitalised(words[0]) or words[0].endswith("-")):
            return None
        if any(self.lex.program_head(w) for w in words[:3]):
            return PROGRAM
        if any(self.lex.org_head(w) for w in words):
            return ORG
        if words[0] in self.lex.state_adjectives and words[-1].lower().endswith(self.lex.state_program_plurals):
            return PROGRAM
        if all(is_capitalised(w) or w in self.lex.connectors for w in words) and program_context():
            return PROGRAM
        return None

    def program_context_abbreviations(self, v: TokenView) -> set[str]:
        """Abbreviations the text uses as a program's name ("XY-Programm", "Richtlinie XY"), but not
        the European funds that pay for programs ("ESF-Programm": the fund is no program)."""
        found = {m.group(1) or m.group(2) for m in program_context_matches(v.doc_text)}
        return found - self.lex.funding_sources


def program_context_matches(text: str) -> list[re.Match[str]]:
    """``list(PROGRAM_CONTEXT.finditer(text))``, tried only where a match can start: at "Programm",
    "Landesprogramm" or "Richtlinie", or 2 to 12 characters (an abbreviation) before one of them
    that follows a hyphen. Found by ``str.find``: the regex tried at every capital of a long text
    cost more than all other abbreviation rules."""
    starts: set[int] = set()
    for word in PROGRAM_CONTEXT_WORDS:
        at = text.find(word)
        while at != -1:
            starts.add(at)
            if at and text[at - 1] == "-":  # "XY-Programm": XY starts 2 to 12 characters before the hyphen
                starts.update(range(max(at - 1 - MAX_CONTEXT_STEM, 0), at - 2))
            at = text.find(word, at + 1)
    matches = []
    resume = 0  # finditer's matches do not overlap
    for start in sorted(starts):
        if start < resume:
            continue
        m = PROGRAM_CONTEXT.match(text, start)
        if m is not None:
            matches.append(m)
            resume = m.end()
    return matches


_PARTY_RE: dict[int, re.Pattern[str]] = {}
_INITIALS: dict[int, frozenset[str]] = {}


def _form_initials(lex: NameLexicon) -> frozenset[str]:
    """The first two characters of every party and known-organisation form (each has three or more)."""
    key = id(lex)
    if key not in _INITIALS:
        forms = [*lex.parties, *lex.known_organisations]
        if any(len(f) < 2 for f in forms):
            raise ValueError("party and known-organisation forms have at least two characters")
        _INITIALS[key] = frozenset(f[:2] for f in forms)
    return _INITIALS[key]


def party_pattern(lex: NameLexicon) -> re.Pattern[str]:
    key = id(lex)
    if key not in _PARTY_RE:
        forms = sorted(lex.parties, key=len, reverse=True)
        # a party is written in capitals or stands in parentheses; "Linke"/"Grüne" alone are ordinary words
        safe = [f for f in forms if not f.istitle() or " " in f or "/" in f]
        plain = [f for f in forms if f not in safe]
        _PARTY_RE[key] = re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(f) for f in safe)
            + r")(?![\w-])"
            + r"|(?<=\()(?:"
            + "|".join(re.escape(f) for f in plain)
            + r")(?=\))"
        )
    return _PARTY_RE[key]


_KNOWN_RE: dict[int, re.Pattern[str]] = {}


def known_organisation_pattern(lex: NameLexicon) -> re.Pattern[str]:
    key = id(lex)
    if key not in _KNOWN_RE:
        forms = sorted(lex.known_organisations, key=len, reverse=True)
        _KNOWN_RE[key] = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")
    return _KNOWN_RE[key]


def capitals_to_name(head: str, tail: str) -> str:
    """A name written in capitals as German spells it: nouns and adjectives capitalised, connectors in
    lower case ("Bürgerschaft", "DER FREIEN UND HANSESTADT X" -> "Bürgerschaft der Freien und Hansestadt X")."""
    connectors = name_lexicon().connectors
    words = [w.lower() if w.lower() in connectors else w.capitalize() for w in tail.split()]
    return " ".join([head, *words])


SHORT_MINISTRY = re.compile(r"^(Bundes|Landes|Staats)([a-zäöüß]{4,})ministerium$", re.IGNORECASE)


def link_short_ministries(spans: list[NameSpan]) -> None:
    """ "Bundesfamilienministerium" is the short name of "Bundesministerium für Familie, Senioren, …" in
    the same text: the full name becomes its alias, so both are one organisation. The portfolio word
    ("familien") must begin a word of the full name's "für …" list ("Familie")."""
    full = [s for s in spans if s.kind == ORG and "ministerium für " in s.name.lower()]
    if not full:
        return
    for s in spans:
        m = SHORT_MINISTRY.match(s.name) if s.kind == ORG else None
        if not m:
            continue
        modifier, topic = m.group(1).lower(), m.group(2).lower()
        for f in full:
            head, _, portfolio = f.name.partition(" für ")
            words = [w.strip(",").lower() for w in portfolio.split()]
            if head.lower().endswith(modifier + "ministerium") and any(w[:5] == topic[:5] for w in words):
                if f.name not in s.aliases:
                    s.aliases.append(f.name)
                break


def _cuts(span: NameSpan, listed: NameSpan) -> bool:
    """``span`` overlaps ``listed`` without containing it whole."""
    overlaps = span.start < listed.end and listed.start < span.end
    return overlaps and not (span.start <= listed.start and listed.end <= span.end)


def resolve_overlaps(spans: list[NameSpan]) -> list[NameSpan]:
    """Within one kind keep the longest of overlapping spans; programs may sit inside organisations."""
    out: list[NameSpan] = []
    for kind in (ORG, PROGRAM):
        occupied: set[int] = set()
        for s in sorted((s for s in spans if s.kind == kind), key=lambda s: (-(s.end - s.start), s.start)):
            tokens = range(s.start, s.end)
            if occupied.isdisjoint(tokens):
                occupied.update(tokens)
                out.append(s)
    return sorted(out, key=lambda s: (s.start, s.kind))


@cache
def _all_facility_forms() -> tuple[str, ...]:
    from famprog import lexicon

    return tuple(form for f in lexicon.load("facilities")["facilities"] for form in f["forms"] if " " not in form)


def short_program_names(name: str, lex: NameLexicon) -> list[str]:
    """The proper part of "Landesprogramm Familienwerkstatt Baden-Württemberg": "Familienwerkstatt
    Baden-Württemberg" and "Familienwerkstatt", by which a release names the program again. Only a
    distinctive word qualifies: no generic or facility noun ("Landesprogramm Familienzentren" has none)."""
    words = name.split()
    if len(words) < 2 or lex.program_head(words[0]) != words[0]:
        return []
    rest = words[1:]
    out = [" ".join(rest)] if len(rest) >= 2 else []
    if len(rest) == 2 and rest[1] in set(lex.state_adjectives.values()):
        rest = rest[:1]
    word = rest[0]
    if (
        len(rest) == 1
        and len(word) >= 6
        and is_capitalised(word)
        and word not in lex.generic_nouns
        and word not in lex.non_name
        and not word.lower().endswith(_all_facility_forms())
        and lex.org_head(word) is None
        and lex.program_head(word) is None
    ):
        out.append(word)
    return out


def add_repeated_mentions(v: TokenView, spans: list[NameSpan]) -> list[NameSpan]:
    """Every further occurrence of a found name, abbreviation or short name is a mention of the same entity."""
    forms: dict[str, tuple[str, NameSpan]] = {}
    lex = name_lexicon()
    for s in spans:
        short = short_program_names(s.name, lex) if s.kind == PROGRAM else []
        for form in [v.text(s.start, s.end), s.abbreviation, *short]:
            if form and len(form) >= 2 and form not in forms:
                forms[form] = (s.kind, s)
    if not forms:
        return spans
    occupied: dict[str, bytearray] = {}  # by kind, a flag per token of the view
    for s in spans:
        occupied.setdefault(s.kind, bytearray(v.n))[s.start : s.end] = b"\1" * (s.end - s.start)
    extra = []
    for start, end, form in occurrences(v.doc_text, list(forms), v.idx):
        tok = v.char_span(start, end)
        if tok is None or v.in_clutter(tok[0]):
            continue
        kind, source = forms[form]
        taken = occupied.setdefault(kind, bytearray(v.n))
        if 1 in taken[tok[0] : tok[1]]:
            continue
        is_abbr = form == source.abbreviation
        extra.append(
            NameSpan(
                kind,
                tok[0],
                tok[1],
                source.name,
                "abbreviation-mention" if is_abbr else "repeated-name",
                abbreviation=source.abbreviation if is_abbr else None,
            )
        )
        taken[tok[0] : tok[1]] = b"\1" * (tok[1] - tok[0])
    return spans + extra


@Language.factory("famprog_names", default_config={})
def make_name_recognizer(nlp: Language, name: str) -> FamprogNames:
    return FamprogNames()


class FamprogNames:
    """spaCy component: programs and organisations into ``doc.spans``."""

    def __init__(self) -> None:
        ensure_extensions()
        self.recognizer = NameRecognizer(name_lexicon())

    def __call__(self, doc: Doc) -> Doc:
        v = TokenView.of(doc)
        spans = [s for s in self.recognizer.recognize(v) if not v.in_clutter(s.start)]
        spans = add_repeated_mentions(v, resolve_overlaps(spans))
        link_short_ministries(spans)
        values = SpanValues(doc)
        for kind, key in ((PROGRAM, "famprog_programs"), (ORG, "famprog_organisations")):
            group = []
            label = doc.vocab.strings.add(kind)  # the label's id: a Span looks up a label's text each time
            for s in sorted((s for s in spans if s.kind == kind), key=lambda s: s.start):
                span = Span(doc, *v.doc_span(s.start, s.end), label=label)
                values.set(
                    span,
                    {
                        "name": " ".join(s.name.split()),  # a name wrapped over two lines is one line
                        "abbreviation": s.abbreviation,
                        "aliases": [" ".join(a.split()) for a in s.aliases],
                        "rule": s.rule,
                        "region": s.region,
                    },
                )
                group.append(span)
            doc.spans[key] = group
        return doc


