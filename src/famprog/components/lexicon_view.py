"""The German word lists the name components need, loaded once and shaped for fast look-up."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, filterfalse
from typing import Any

from famprog import caches, lexicon

# words whose role or head reading is remembered (least recently used ones forgotten): most calls are
# for the words of the document at hand, so a small bound keeps memory flat in corpus size at the same
# hit rate (on the bench corpus 4,096 miss 3 to 7% more words than 32,768, and keep 9 MB less)
WORD_CACHE = 4_096
ACRONYM = re.compile(r"^(?=(?:[^A-ZÄÖÜ]*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöüß0-9]{1,11}$")


def is_acronym(word: str) -> bool:
    """ "LFQ", "HeFaS", "IKFF": a short word with at least two capitals that starts with one."""
    return bool(ACRONYM.match(word)) and not word.isdigit()


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


class WordClasses:
    """The class of a word (an int, 0 for none) from a test run once per distinct word, and the
    positions of the words of a text that have one.

    A rule component walks every token of a text but acts at few of them (a head noun, a role word):
    with the classes kept per word, the walk is one look-up per token. ``classify`` must depend on
    the word alone. About ``limit`` classes are kept at most (and those of one text), in two
    generations: the words of every call are moved into the current one, and when it would hold more
    than half of ``limit`` it becomes the previous one and the one before is forgotten; so memory
    stays flat in corpus size while the words met again and again keep their class."""

    def __init__(self, classify: Callable[[str], int], limit: int = 32_768) -> None:
        self.classify = classify
        self.limit = limit
        self._classes: dict[str, int] = {}
        self._previous: dict[str, int] = {}
        caches.register(self)

    def clear_caches(self) -> None:
        """Start a new generation (``caches.release``): the classes of the words met since the last
        call stay as the previous one, so that the words met again move forward without being
        classified again (a full clear cost 1% more instructions over a run), and the ones before go."""
        self._previous, self._classes = self._classes, {}

    def classes(self, words: list[str]) -> list[int]:
        """The class of each of the ``words``, in their order (a new list)."""
        classes = self._classes
        # the words without a class yet, tested in C without a set of all words (most have one)
        new = set(filterfalse(classes.__contains__, words))
        if new:
            if len(classes) + len(new) > max(self.limit // 2, 1):
                self._previous, classes = classes, {}
                self._classes = classes
                new = set(words)
            previous, classify = self._previous, self.classify
            for word in new:
                known = previous.get(word)
                classes[word] = classify(word) if known is None else known
        return list(map(classes.__getitem__, words))

    def positions(self, words: list[str]) -> list[int]:
        """Indices of the ``words`` that have a class, in ascending order."""
        # the indices whose word's class is not 0, selected in C
        return list(compress(range(len(words)), self.classes(words)))

    def __getitem__(self, word: str) -> int:
        """The class of a word of the last ``classes`` or ``positions`` call (a KeyError for a word not in it)."""
        return self._classes[word]


@dataclass(frozen=True)
class NameLexicon:
    program_heads: dict[str, str]  # any form, lower-cased -> nominative
    program_heads_bare: frozenset[str]  # nominatives that take an unquoted name
    program_suffixes: tuple[str, ...]  # lower-cased "-programm", ...
    funding_sources: frozenset[str]  # "ESF": "ESF-Programm" says where the money comes from
    org_heads: dict[str, str]  # any form, lower-cased -> nominative
    org_suffix_heads: frozenset[str]
    heads_with_place: frozenset[str]
    heads_without_qualifier: frozenset[str]
    connectors: frozenset[str]
    non_name: frozenset[str]
    generic_nouns: frozenset[str]
    tail_stop_words: frozenset[str]
    state_program_plurals: tuple[str, ...]
    state_adjectives: dict[str, str]  # adjective form -> state
    title_nouns: frozenset[str]
    role_suffixes: tuple[str, ...]
    non_roles: frozenset[str]
    person_cues: frozenset[str]
    titles: frozenset[str]
    particles: frozenset[str]
    parties: dict[str, str]  # form -> canonical
    given_names: frozenset[str]
    known_organisations: tuple[str, ...]
    facility_endings: tuple[str, ...]
    lower_state_adjectives: frozenset[str]
    self_naming_modifiers: tuple[str, ...]
    self_naming_bodies: tuple[str, ...]
    self_naming_heads: frozenset[str]
    news_agencies: frozenset[str]
    ministry_abbreviation: re.Pattern[str]
    after_nach_no_name: frozenset[str]
    support_verb_nouns: frozenset[str]
    generic_purpose_nouns: frozenset[str]
    program_names: tuple[str, ...] = ()  # full program names from a user word list, found wherever they stand

    def program_head(self, word: str) -> str | None:
        """The nominative program head a token is or ends in ("Landesprogramms" -> "Landesprogramm")."""
        return _program_head(word)

    def org_head(self, word: str) -> str | None:
        """The nominative organisation head a token is or ends in ("Lindenhof-Instituts" -> "Lindenhof-Institut")."""
        return _org_head(word)

    def is_role(self, word: str) -> bool:
        return _is_role(word)

    def may_have_head(self, word: str) -> bool:
        """False for a word that has neither a program nor an organisation head (``program_head`` and
        ``org_head`` are None): it does not end, lower-cased, in any of their head forms. Told by one
        look-up of its last letters, for the first test of a new word (most words end in no head form).
        The head forms are those ``program_head`` and ``org_head`` read: the current lexicon's."""
        low = word.lower()
        by_tail, short = _head_forms_by_tail(name_lexicon())
        return low.endswith(by_tail.get(low[-TAIL:], ())) or (bool(short) and low.endswith(short))


@lru_cache(maxsize=WORD_CACHE)
def _is_role(word: str) -> bool:
    lex = name_lexicon()
    return word not in lex.non_roles and is_capitalised(word) and role_nominative(word) is not None


# weak masculine role nouns take -en in every case but the nominative: "des Präsidenten", "dem Referenten"
WEAK_ROLE_ENDINGS = ("ent", "ant", "ist", "at")


@lru_cache(maxsize=WORD_CACHE)
def role_nominative(word: str) -> str | None:
    """The nominative of a role noun ("Abgeordneten" -> "Abgeordnete", "Präsidenten" -> "Präsident",
    "Ministerin" -> "Ministerin"), or None for a word that is no role noun.

    Adjectival role nouns ("Abgeordnete", "Beauftragte", "Vorsitzende") add -n after an article; weak
    masculine nouns ("Präsident", "Referent") add -en."""
    tails = _role_suffixes()[3]
    if tails is not None and word.lower()[-TAIL:] not in tails:  # most words: one look-up
        return None
    return _role_by_suffix(word)


def _role_by_suffix(word: str) -> str | None:
    """``role_nominative`` by its suffix rule alone, without the quick test of the last letters."""
    suffixes, adjectival, weak, _ = _role_suffixes()
    low = word.lower()
    if low.endswith(suffixes):
        return word
    # only nouns from participles and adjectives ("Abgeordnete", "Vorsitzende"): "Hebammen" is a plural
    if low.endswith("n") and low[:-1].endswith(adjectival):
        return word[:-1]
    if low.endswith("en") and low[:-2].endswith(weak):
        return word[:-2]
    return None


@cache
def _role_suffixes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[str] | None]:
    """The role suffixes: all, those of adjectival nouns (-te, -de), those of weak masculine nouns;
    and the last ``TAIL`` letters of every word ``role_nominative`` takes (a suffix, an adjectival one
    with -n, a weak one with -en), or None where a suffix is shorter than that."""
    suffixes = name_lexicon().role_suffixes
    adjectival = tuple(r for r in suffixes if r.endswith(("te", "de")))
    weak = tuple(r for r in suffixes if r.endswith(WEAK_ROLE_ENDINGS))
    endings = [*suffixes, *(r + "n" for r in adjectival), *(r + "en" for r in weak)]
    tails = frozenset(e[-TAIL:] for e in endings) if all(len(e) >= TAIL for e in endings) else None
    return suffixes, adjectival, weak, tails


@lru_cache(maxsize=WORD_CACHE)
def _program_head(word: str) -> str | None:
    return _head_of(word, name_lexicon().program_heads)


@lru_cache(maxsize=WORD_CACHE)
def _org_head(word: str) -> str | None:
    return _head_of(word, name_lexicon().org_heads, _exact_only_org_heads())


@cache
def _exact_only_org_heads() -> frozenset[str]:
    return frozenset(h.lower() for h in lexicon.load("names").get("exact_only_heads", []))


def _head_of(word: str, heads: dict[str, str], exact_only: frozenset[str] = frozenset()) -> str | None:
    low = word.lower()
    if low in heads:
        return heads[low]
    # compounds: "Birkenhain-Stiftung", "Landesservicestelle", "Lindenhof-Instituts"
    if "-" in low:
        last = low.rsplit("-", 1)[-1]
        if last in heads:  # a hyphen compound keeps any head: "K-Bank", "Kolping-Werk"
            return word[: len(word) - len(last)] + heads[last]
    # a closed compound ends in a head form with at least three letters before it; of several forms
    # it ends in, the one listed first counts (the forms ending in the word's last letters are tried,
    # not all forms: most words end in no head form's last letters)
    tail_lengths, by_tail = _compound_index(heads, exact_only)
    best: tuple[int, str, str] | None = None
    for k in tail_lengths:
        for rank, form, nominative in by_tail.get(low[-k:], ()):
            if len(low) > len(form) + 2 and low.endswith(form):
                if best is None or rank < best[0]:
                    best = (rank, form, nominative)
                break  # the forms of a tail are in ``heads``' order: the first that fits is the best
    if best is None:
        return None
    return word[: len(word) - len(best[1])] + best[2].lower()


# (the lengths of the tails, ascending; by tail the forms ending in it as (rank in heads, form, nominative))
CompoundIndex = tuple[tuple[int, ...], dict[str, tuple[tuple[int, str, str], ...]]]
_compound_indexes: dict[tuple[int, int], tuple[dict[str, str], CompoundIndex]] = {}
TAIL = 3  # letters of a head form's end that rule out most words at one look-up


def _compound_index(heads: dict[str, str], exact_only: frozenset[str]) -> CompoundIndex:
    """The head forms a closed compound may end in, grouped by their last ``TAIL`` letters (all of
    a shorter form), each as (rank in ``heads``, form, nominative) in ``heads``' order; and the
    lengths of those tails in ascending order. Heads in ``exact_only`` never end a compound."""
    key = (id(heads), id(exact_only))
    entry = _compound_indexes.get(key)
    if entry is None or entry[0] is not heads:
        by_tail: dict[str, list[tuple[int, str, str]]] = {}
        for rank, (form, nominative) in enumerate(heads.items()):
            if nominative.lower() not in exact_only:
                by_tail.setdefault(form[-TAIL:], []).append((rank, form, nominative))
        index = (tuple(sorted({len(t) for t in by_tail})), {t: tuple(forms) for t, forms in by_tail.items()})
        entry = _compound_indexes[key] = (heads, index)
    return entry[1]


_head_form_indexes: dict[int, tuple[NameLexicon, dict[str, tuple[str, ...]], tuple[str, ...]]] = {}


def _head_forms_by_tail(lex: NameLexicon) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Every program and organisation head form of ``lex`` (lower-cased), by its last ``TAIL`` letters;
    and the forms shorter than that. A word that ends in a head form ends in one of its tail's."""
    entry = _head_form_indexes.get(id(lex))
    if entry is None or entry[0] is not lex:
        by_tail: dict[str, list[str]] = {}
        for form in dict.fromkeys([*lex.program_heads, *lex.org_heads]):
            by_tail.setdefault(form[-TAIL:], []).append(form)
        short = tuple(form for tail, forms in by_tail.items() if len(tail) < TAIL for form in forms)
        index = {tail: tuple(forms) for tail, forms in by_tail.items() if len(tail) == TAIL}
        entry = _head_form_indexes[id(lex)] = (lex, index, short)
    return entry[1], entry[2]


# ---- user word lists: a registry that extends the shipped lists (famprog.user_lexicon fills it) ----

_user_entries: dict[str, Any] = {}
_retired: list[NameLexicon] = []  # kept alive: patterns elsewhere are cached by id() of a lexicon


def set_user_entries(entries: Mapping[str, Any] | None) -> None:
    """Extend the shipped word lists with a user's (validated by ``famprog.user_lexicon``), or drop
    them with ``None``. Keys: ``program_names``, ``program_heads``, ``organisation_heads``,
    ``known_organisations``, ``facilities``, ``role_suffixes`` in the schema of ``resources/de/``.
    Pipelines built before keep the lists they were built with; build a new one after this."""
    if name_lexicon.cache_info().currsize:
        _retired.append(name_lexicon())
    _user_entries.clear()
    _user_entries.update(entries or {})
    for cached in (name_lexicon, _role_suffixes, _is_role, role_nominative, _program_head, _org_head):
        cached.cache_clear()
    _compound_indexes.clear()
    _head_form_indexes.clear()


def _merged(table: dict[str, Any], key: str) -> Any:
    """The shipped value of ``key`` with the user's entries added (lists appended, mappings updated)."""
    extra = _user_entries.get(key)
    if not extra:
        return table[key]
    if isinstance(extra, dict):
        return {**table[key], **extra}
    return [*table[key], *(e for e in extra if e not in table[key])]


@cache
def name_lexicon() -> NameLexicon:
    names = dict(lexicon.load("names"))
    people = dict(lexicon.load("people"))
    for key in ("program_heads", "organisation_heads", "known_organisations"):
        names[key] = _merged(names, key)
    people["role_suffixes"] = _merged(people, "role_suffixes")
    facilities = [*lexicon.load("facilities")["facilities"], *_user_entries.get("facilities", [])]

    def forms(table: dict[str, list[str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for nominative, inflected in table.items():
            for form in [nominative, *inflected]:
                out[form.lower()] = nominative
        return out

    states = {form: state for state, adjectives in names["state_adjectives"].items() for form in adjectives}
    parties = {form: group[0] for group in people["parties"] for form in group}
    return NameLexicon(
        program_heads=forms(names["program_heads"]),
        program_heads_bare=frozenset(names["program_heads_bare_name"]),
        program_suffixes=tuple(s.lower() for s in names["program_suffixes"]),
        funding_sources=frozenset(names["funding_sources"]),
        org_heads=forms(names["organisation_heads"]),
        org_suffix_heads=frozenset(names["organisation_suffix_heads"]),
        heads_with_place=frozenset(names["organisation_heads_with_place"]),
        heads_without_qualifier=frozenset(names["heads_without_qualifier"]),
        connectors=frozenset(names["name_connectors"]),
        non_name=frozenset(names["non_name_words"]),
        generic_nouns=frozenset(names["generic_nouns"]),
        tail_stop_words=frozenset(names["tail_stop_words"]),
        state_program_plurals=tuple(names["state_program_plurals"]),
        state_adjectives=states,
        title_nouns=frozenset(names["title_nouns"]),
        role_suffixes=tuple(people["role_suffixes"]),
        non_roles=frozenset(people["non_roles"]),
        person_cues=frozenset(people["person_cues"]),
        titles=frozenset(people["titles"]),
        particles=frozenset(people["name_particles"]),
        parties=parties,
        given_names=frozenset(lexicon.words("given_names", "names")),
        known_organisations=tuple(names["known_organisations"]),
        facility_endings=tuple(
            form
            for facility in facilities
            for form in facility["forms"]
            if len(form) >= 4 and " " not in form and not form.endswith(("haus", "häuser", "häusern"))
        ),
        lower_state_adjectives=frozenset(form.lower() for form in states),
        self_naming_modifiers=tuple(m.lower() for m in names["self_naming_modifiers"]),
        self_naming_bodies=tuple(names["self_naming_bodies"]),
        self_naming_heads=frozenset(h.lower() for h in names["self_naming_heads"]),
        news_agencies=frozenset(names["news_agencies"]),
        ministry_abbreviation=re.compile(names["ministry_abbreviation"]),
        after_nach_no_name=frozenset(names["after_nach_no_name"]),
        support_verb_nouns=frozenset(names["support_verb_nouns"]),
        generic_purpose_nouns=frozenset(names["generic_purpose_nouns"]),
        program_names=tuple(_user_entries.get("program_names", ())),
    )
