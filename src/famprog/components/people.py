"""People: names after role words, titles and cues, with their role, titles and party.

Triggers, in German press usage:
  role word ... name      "Staatssekretärin Anna Kolbe", "Die Ministerin für A, B und C, Sabine Kettler"
  title name              "Prof. Dr. Ute Hansen"
  cue name                "Foto: …", "Ansprechpartnerin: …"
  given name + family     "Sabine Kettler: „…“" (a list of common given names is language data)
  name, role              "Jan von Arnim, Geschäftsführer der Birkenhain-Stiftung"
A later mention of the family name alone ("so Kettler") is a mention of the same person.
Words inside a program's or organisation's name are never a person ("Hanna-Lindner-Stiftung").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress

from spacy.language import Language
from spacy.tokens import Doc, Span

from famprog import caches, lexicon
from famprog.components.lexicon_view import (
    NameLexicon,
    is_acronym,
    name_lexicon,
    role_nominative,
)
from famprog.components.names import NameRecognizer, shared_word_classes
from famprog.components.tokens import SpanValues, TokenView, ensure_extensions, occurrences

ARTICLES = frozenset(
    {
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "Der",
        "Die",
        "Das",
        "Den",
        "Dem",
        "Des",
    }
)
MAX_TITLES = 4  # "Prof. Dr. Dr. h.c." at most; keeps a run of "Dr. Dr. Dr. …" linear
# endings of adjectives before a role ("familienpolitische", "stellvertretende", "ehemalige", "neue"),
# chosen so that verbs before a role ("sagte Ministerin X") are not taken
ROLE_ADJECTIVE_ENDINGS = tuple(
    stem + ending for stem in ("isch", "ig", "end", "lich", "al", "iv", "neu") for ending in ("e", "en", "er")
)
# adjectives that only place a role in time ("der damalige Familienminister", "die amtierende
# Ministerin"): the role is the noun; "ehemalige", "stellvertretende" say what the function is and stay
TIME_ADJECTIVE_STEMS = ("damalig", "derzeitig", "jetzig", "heutig", "amtierend", "seinerzeitig")
# a role word that is an academic title before a name: "Professor Reinhold Ahlert" has the title Prof.
ACADEMIC_TITLE_WORDS = {"Professor": "Prof.", "Professorin": "Prof.", "Doktor": "Dr.", "Doktorin": "Dr."}
ROLE_CONNECTORS = frozenset({"der", "des", "für", "im", "am", "beim", "vom", "von"})
PARTICLES = frozenset({"von", "v.", "van", "de", "zu"})
# endings of common nouns: a single capitalised word after a role that ends so is no family name
NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "ität", "nis", "tum", "ismus", "ment", "ik")
# what a capitalised word can open, in the order ``PeopleRecognizer.recognize`` tries them: a role word
# (or its abbreviation), a title, a cue, a given name, a part of a name; last, a word that opens nothing
# but may be the first part of a cue written as two tokens ("Foto" ":")
ROLE, TITLE, CUE, GIVEN_NAME, NAME_PART, CUE_START = range(1, 7)
NAME_PART_CACHE = 50_000  # words; a bound for long runs on ever new words


@dataclass
class PersonSpan:
    start: int
    end: int
    titles: list[str] = field(default_factory=list)
    role: str | None = None
    party: str | None = None
    rule: str = ""
    shared_role: bool = False  # a plural role ("die Abgeordneten X und Y"): the next name of a list has it too


class PeopleRecognizer:
    def __init__(self, lex: NameLexicon) -> None:
        self.lex = lex
        self.names = NameRecognizer(lex)
        self.title_words = frozenset(t for title in lex.titles for t in title.split())
        self.role_abbreviations = frozenset(lexicon.load("people").get("role_abbreviations", []))
        self._name_parts: dict[str, bool] = {}
        self.cue_starts = frozenset(cue[:k] for cue in lex.person_cues for k in range(1, len(cue)))
        # in the table of word classes shared with the name component: one look-up per token for both
        self.openers = shared_word_classes(lex).column("people", self.opens_person)
        caches.register(self)

    def clear_caches(self) -> None:
        """Forget which words are name parts (``caches.release``)."""
        self._name_parts = {}

    def opens_person(self, w: str) -> int:
        """What a word can open (``ROLE`` … ``CUE_START``), 0 for nothing: the first that applies."""
        if not w[:1].isupper():  # role words, titles, cues and given names are capitalised
            return 0
        if self.lex.is_role(w) or w in self.role_abbreviations:
            return ROLE
        if w in self.title_words:
            return TITLE
        if w in self.lex.person_cues:
            return CUE
        if w in self.lex.given_names:
            return GIVEN_NAME
        if self.name_part(w):
            return NAME_PART
        return CUE_START if w in self.cue_starts else 0

    def name_part(self, w: str) -> bool:
        """A word that can be part of a person's name; cached, as the same words recur."""
        known = self._name_parts.get(w)
        if known is None:
            known = self._name_parts[w] = self._is_name_part(w)
            if len(self._name_parts) > NAME_PART_CACHE:
                self._name_parts.clear()
        return known

    def _is_name_part(self, w: str) -> bool:
        lex = self.lex
        # the look-ups in sets first, the tests of suffixes and heads last (most words pass them all)
        return (
            w[:1].isupper()
            and w[0].isalpha()
            and w not in lex.non_name
            and w not in lex.generic_nouns
            and w not in lex.state_adjectives
            and not w.endswith((".", ":"))
            and not lex.is_role(w)
            and not (lex.may_have_head(w) and (lex.org_head(w) is not None or lex.program_head(w) is not None))
            and not is_acronym(w)
            and not w.lower().endswith(lex.facility_endings)  # "Kita Sonnenblume", "Familienzentrum Mitte"
        )

    def scan_name(self, v: TokenView, i: int, blocked: list[bool] | None = None) -> int:
        """End of a person's name starting at token ``i`` (given name(s), particles, family name), or ``i``."""
        words, n = v.words, v.n
        j = i
        parts = 0
        while j < n and not v.breaks[j] and not (blocked and blocked[j]) and parts < 4:
            w = words[j]
            if self.name_part(w):
                j += 1
                parts += 1
                continue
            if parts >= 1 and w in PARTICLES:
                k = j + 1
                if k < n and words[k] in {"der", "dem"}:
                    k += 1
                if k < n and not (blocked and blocked[k]) and self.name_part(words[k]):
                    j = k
                    continue
            break
        if parts < 2:
            return i
        # a third capitalised word must not be a noun starting the rest of the sentence
        if parts >= 3 and j < n and words[j].islower() and words[j] not in {"und", "sowie", "oder"}:
            j -= 1
        return j

    def name_may_go_on(self, v: TokenView, k: int, blocked: list[bool]) -> bool:
        """Token ``k`` may continue a name begun before it (a name part or a particle): without it
        ``scan_name`` finds no name of two parts; a cheap test before that scan."""
        if k >= v.n or v.breaks[k] or blocked[k]:
            return False
        return v.words[k] in PARTICLES or self.name_part(v.words[k])

    def family_name_alone(self, v: TokenView, i: int, blocked: list[bool]) -> bool:
        """A family name alone right after a role or title: "Bürgermeister Rombach berichtet",
        "Ministerin Kerstan:", "Dr. Huber (SPD)". The word after it must not be capitalised (that would
        be a given name and family name, or a noun), and the word must not look like a common noun."""
        words, n = v.words, v.n
        if i >= n or blocked[i] or v.breaks[i] or not self.name_part(words[i]):
            return False
        w = words[i]
        if w in self.lex.given_names or w in self.lex.tail_stop_words or w.lower().endswith(NOUN_ENDINGS) or len(w) < 3:
            return False
        nxt = words[i + 1] if i + 1 < n else ""
        if nxt in {"(", ":"}:
            return True
        if nxt and not (v.breaks[i + 1] or nxt == "," or nxt.isspace() or nxt[0].islower()):
            return False
        # "die Ministerin Hilfe leistet": after an article the word is an object; a role used as a title
        # before a family name stands without one ("Bürgermeister Rombach berichtet")
        r = i - 1
        while r > 0 and v.words[r] in self.title_words:
            r -= 1
        r = self.role_start(v, r)
        return not (r > 0 and words[r - 1] in ARTICLES)

    def titles_at(self, v: TokenView, i: int) -> tuple[list[str], int]:
        titles: list[str] = []
        while i < v.n and v.words[i] in self.title_words and len(titles) < MAX_TITLES:
            titles.append(v.words[i])
            i += 1
        return titles, i

    def role_phrase_end(self, v: TokenView, r: int) -> int:
        """End of a role phrase starting with the role word at ``r``: "Leiterin des Programms „X“"."""
        words, n = v.words, v.n
        end = r + 1
        if end < n and words[end] in ROLE_CONNECTORS:
            k = end + 1
            if words[end] == "für":
                tail = self.names.scan_tail(v, k, first_connector=False)
                return tail if tail > k else end
            if k < n and words[k] in ARTICLES:
                k += 1
            # an entity after the connector: head token, optional quotation, name tail
            tail_start = k
            if k < n and (
                self.lex.org_head(words[k])
                or self.lex.program_head(words[k])
                or words[k] in self.lex.state_adjectives
                or self.names.proper_word(words[k])
                or is_acronym(words[k])
            ):
                if words[k] in self.lex.state_adjectives:
                    k += 1
                pre = k
                while k < n and not v.breaks[k] and k - pre < 4:
                    if words[k].endswith("-") and k + 2 < n and words[k + 1] in {"und", "oder"}:
                        k += 2  # "Industrie- und Handelskammertages"
                    elif self.names.proper_word(words[k]):
                        k += 1
                    else:
                        break
                if k < n and (self.lex.org_head(words[k]) or self.lex.program_head(words[k])):
                    k += 1
                elif k == pre and k < n and is_acronym(words[k]):
                    k += 1
                if k < n and words[k] in {"„", "“", '"', "«", "»"}:
                    for q in range(k + 1, min(n, k + 20)):
                        if words[q] in {"“", "”", '"', "»", "«"}:
                            return q + 1
                        if v.line_end(q):
                            break
                k = self.names.scan_tail(v, k) if k > tail_start else k
                if k > tail_start:
                    return k
        return end

    def role_start(self, v: TokenView, r: int) -> int:
        """Include a truncated compound ("Sozial- und Integrationsminister") or an adjective
        ("familienpolitische Sprecherin", "stellvertretende Leiterin") before the role word."""
        words = v.words
        if r >= 2 and words[r - 1] in {"und", "oder"} and words[r - 2].endswith("-") and len(words[r - 2]) > 1:
            return r - 2
        if (
            r >= 1
            and words[r - 1].islower()
            and words[r - 1].endswith(ROLE_ADJECTIVE_ENDINGS)
            and not words[r - 1].startswith(TIME_ADJECTIVE_STEMS)
        ):
            return r - 1
        return r

    def parts_of_role(self, role: str | None, titles: list[str]) -> tuple[str | None, list[str], str | None]:
        """(role, titles, party) of a role phrase: a party before a hyphen is the person's party
        ("CDU-Landtagsabgeordnete" -> Landtagsabgeordnete, CDU), and a role that is an academic title
        alone is a title ("Professor" -> Prof.)."""
        if role is None:
            return None, titles, None
        if role in ACADEMIC_TITLE_WORDS:
            title = ACADEMIC_TITLE_WORDS[role]
            return None, titles if title in titles else [title, *titles], None
        head, dash, rest = role.partition("-")
        if dash and rest[:1].isupper() and head in self.lex.parties and " " not in head:
            return rest, titles, self.lex.parties[head]
        return role, titles, None

    def party_after(self, v: TokenView, j: int) -> tuple[str | None, int]:
        words, n = v.words, v.n
        if j < n and words[j] == "(":
            for k in range(j + 2, min(n, j + 8)):
                if words[k] == ")":
                    inner = v.text(j + 1, k)
                    if inner in self.lex.parties:
                        return self.lex.parties[inner], k + 1
                    break
        return None, j

    def role_after(self, v: TokenView, j: int) -> str | None:
        """A role apposition after a name: ", Geschäftsführer der X" / ", der Institutsleiter des Y" / " Leiterin …"."""
        words, n = v.words, v.n
        k = j
        if k < n and words[k] == ",":
            k += 1
            if k < n and words[k] in ARTICLES:
                k += 1
        if k < n and self.lex.is_role(words[k]):
            end = self.role_phrase_end(v, k)
            _, after = self.titles_at(v, end)
            if self.scan_name(v, after) > after:  # no list per call: this runs for many tokens
                return None  # "X, Jugendamtsleiterin Y": the role belongs to the next name of a list
            return v.text(self.role_start(v, k), end)
        return None

    def name_after_role(
        self, v: TokenView, i: int, blocked: list[bool]
    ) -> tuple[int | None, list[str], str | None, bool]:
        """The name after a role word at ``i``: (name start or None, titles, role, family name alone).

        "Staatssekretärin Anna Kolbe", "der Ministerin für A und B, Sabine Kettler", "des Abgeordneten
        Jan Kolbe" (role in the nominative: "Abgeordnete"), "Bürgermeister Rombach", "Abg. Dr. Huber"."""
        words, n = v.words, v.n
        r_end = self.role_phrase_end(v, i) if words[i] not in self.role_abbreviations else i + 1
        for end in dict.fromkeys((r_end, i + 1)):
            k = end + 1 if end < n and words[end] == "," and end == r_end else end
            titles, k = self.titles_at(v, k)
            if self.scan_name(v, k, blocked) > k:
                return k, titles, self.role_text(v, i, end), False
            if end == i + 1 and self.family_name_alone(v, k, blocked):
                return k, titles, self.role_text(v, i, end), True
        return None, [], None, False

    def role_text(self, v: TokenView, r: int, end: int) -> str:
        """The role phrase with its role noun in the nominative ("Präsidenten des X" -> "Präsident des X")."""
        word = v.words[r]
        nominative = role_nominative(word) or word
        start = self.role_start(v, r)
        if nominative == word:
            return v.text(start, end)
        return " ".join(p for p in (v.text(start, r), nominative, v.text(r + 1, end)) if p)

    def candidates(self, words: list[str]) -> list[tuple[int, int]]:
        """(token index, what its word opens) for the tokens ``recognize`` tries, in ascending order:
        every word that opens something, but a name part only where the next word may go on with the
        name or the word may begin a cue ("Foto" ":").

        Most capitalised German words are name parts (nouns), and most are followed by a lower-case
        word: ruled out here at one look-up each. A word that opens nothing or only begins a cue
        (class 0 or ``CUE_START``) is no name part either, so only a particle may follow then."""
        kinds = self.openers.classes(words)
        last = len(words) - 1
        return [
            (i, kinds[i])
            for i in compress(range(len(words)), kinds)
            if kinds[i] != NAME_PART
            or (i < last and (kinds[i + 1] not in (0, CUE_START) or words[i + 1] in PARTICLES))
            or words[i] in self.cue_starts
        ]

    def recognize(self, v: TokenView, blocked: list[bool]) -> list[PersonSpan]:
        words, n = v.words, v.n
        found: list[PersonSpan] = []
        resume = 0  # the end of the last name found
        for i, opens in self.candidates(words):
            if i < resume or blocked[i] or v.breaks[i]:
                continue
            w = words[i]
            role = None
            name_at = None
            rule = ""
            single = False  # a family name alone, after a role or a title
            shared = False
            if opens == ROLE:
                name_at, titles, role, single = self.name_after_role(v, i, blocked)
                rule = "role-name"
                shared = self.plural_role(v, i)
            elif opens == TITLE:
                titles, k = self.titles_at(v, i)
                if self.scan_name(v, k, blocked) > k:
                    name_at, rule = k, "title-name"
                elif self.family_name_alone(v, k, blocked) and self.party_after(v, k + 1)[0]:
                    name_at, rule, single = k, "title-name", True
            elif opens == CUE or (w in self.cue_starts and i + 1 < n and f"{w}{words[i + 1]}" in self.lex.person_cues):
                k = i + (2 if words[i + 1 : i + 2] == [":"] else 1)
                titles, k = self.titles_at(v, k)
                if self.scan_name(v, k, blocked) > k:
                    name_at, rule = k, "cue-name"
            elif opens == GIVEN_NAME:
                titles = []
                if self.scan_name(v, i, blocked) > i:
                    name_at, rule = i, "given-name"
            elif opens == NAME_PART and self.name_may_go_on(v, i + 1, blocked):
                # a name of any origin followed by its role or party: "Okan Yıldız, Geschäftsführer der …",
                # "Lena Brück (SPD)"
                titles = []
                end = self.scan_name(v, i, blocked)
                if end > i and (self.party_after(v, end)[0] or self.role_after(v, end)):
                    name_at, rule = i, "name-role"
            if name_at is None:
                continue
            end = name_at + 1 if single else self.scan_name(v, name_at, blocked)
            party, after = self.party_after(v, end)
            role, titles, role_party = self.parts_of_role(self.role_after(v, after) or role, titles)
            party = party or role_party
            found.append(PersonSpan(name_at, end, titles=titles, role=role, party=party, rule=rule, shared_role=shared))
            resume = end
        return share_list_roles(v, found)

    def plural_role(self, v: TokenView, r: int) -> bool:
        """A role word at ``r`` in the plural: "Ministerinnen", or a plural article before a role that
        is no feminine singular ("die CDU-Landtagsabgeordneten", "die Bürgermeister", "beide Ministerinnen")."""
        word = v.words[r]
        if word.endswith("innen"):
            return True
        k = self.role_start(v, r) - 1
        article = v.words[k].lower() if k >= 0 else ""
        return article in {"die", "beide", "beiden", "zwei", "drei"} and not word.endswith("in")


def share_list_roles(v: TokenView, people: list[PersonSpan]) -> list[PersonSpan]:
    """The names listed after a plural role share it: "die CDU-Landtagsabgeordneten Jannik Ahlers und Gerd
    Wöhlken-Brüning" gives both the role Landtagsabgeordnete and the party CDU. A name with a role or
    party of its own keeps it; only "und", "sowie" or a comma may stand between the names (after the
    first one's party in parentheses: "die Abgeordneten Jan Kolbe (SPD) und Eva Roth (CDU)")."""
    for first, nxt in zip(people, people[1:], strict=False):
        if not first.shared_role or nxt.role is not None:
            continue
        between = v.words[first.end : nxt.start]
        if between[:1] == ["("] and ")" in between:
            between = between[between.index(")") + 1 :]
        if len(between) == 1 and between[0] in {"und", "sowie", ","}:
            nxt.role = first.role
            nxt.party = nxt.party or first.party
            nxt.shared_role = True  # and on to the next name of the list
    return people


def add_family_name_mentions(v: TokenView, people: list[PersonSpan], blocked: list[bool]) -> list[PersonSpan]:
    """ "Kettler", "so Hansen", "von Arnim": the family name alone names the same person again."""
    occupied = [False] * v.n
    for p in people:
        for t in range(p.start, p.end):
            occupied[t] = True
    families: dict[str, PersonSpan] = {}
    for p in people:
        words = v.words[p.start : p.end]
        if len(words) < 2:
            continue
        first_particle = next((k for k, w in enumerate(words) if w in PARTICLES and k > 0), None)
        family = " ".join(words[first_particle:]) if first_particle else words[-1]
        families.setdefault(family, p)
    for p in people:  # "Minister Kolbe" after "Jan Kolbe": the same person again
        family = v.text(p.start, p.end)
        if p.end - p.start == 1 and family in families:
            source = families[family]
            p.rule = f"family-name:{v.text(source.start, source.end)}"
    for p in people:  # a family name alone comes first: the full name named later is its source
        if p.end - p.start == 1 and not p.rule.startswith("family-name:"):
            families.setdefault(v.text(p.start, p.end), p)
    if not families:
        return people
    extra = []
    for start, end, family in occurrences(v.doc_text, list(families), v.idx):
        tok = v.char_span(start, end)
        if tok is None or any(occupied[t] or blocked[t] for t in range(*tok)) or v.in_clutter(tok[0]):
            continue
        if tok[0] > 0 and v.words[tok[0] - 1] in ARTICLES:
            continue
        source = families[family]
        extra.append(PersonSpan(tok[0], tok[1], rule=f"family-name:{v.text(source.start, source.end)}"))
    return people + extra


def block_spans(v: TokenView, spans: Iterable[Span], blocked: list[bool]) -> None:
    """Set ``blocked`` (one flag per token of the view ``v``) for the view's tokens inside ``spans``
    (spans of ``v.doc``): the view's tokens of a Doc range are one run, found by two bisections."""
    for span in spans:
        lo, hi = bisect_left(v.doc_index, span.start), bisect_left(v.doc_index, span.end)
        blocked[lo:hi] = [True] * (hi - lo)


@Language.factory("famprog_people", default_config={})
def make_people(nlp: Language, name: str) -> FamprogPeople:
    return FamprogPeople()


class FamprogPeople:
    """spaCy component: people into ``doc.spans["famprog_people"]`` with titles, role and party."""

    def __init__(self) -> None:
        ensure_extensions()
        self.recognizer = PeopleRecognizer(name_lexicon())

    def __call__(self, doc: Doc) -> Doc:
        v = TokenView.of(doc)
        blocked = v.clutter_flags()
        for key in ("famprog_programs", "famprog_organisations"):
            block_spans(v, doc.spans.get(key, []), blocked)
        people = add_family_name_mentions(v, self.recognizer.recognize(v, blocked), blocked)
        group = []
        values = SpanValues(doc)
        label = doc.vocab.strings.add("PERSON")  # the label's id: a Span looks up a label's text each time
        for p in sorted(people, key=lambda p: p.start):
            span = Span(doc, *v.doc_span(p.start, p.end), label=label)
            values.set(
                span,
                {
                    "titles": p.titles,
                    "role": p.role,
                    "party": p.party,
                    "rule": p.rule,
                    "name": " ".join(v.text(p.start, p.end).split()),  # a name wrapped over two lines
                },
            )
            group.append(span)
        doc.spans["famprog_people"] = group
        return doc
