"""Unnamed funding lines (guidelines §2.1.1) and where a release belongs: tables of German usage."""

from __future__ import annotations

import re

import pytest

from famprog import lexicon
from famprog.extract import extract
from famprog.funding_lines import facility_kinds, facility_mentions, facility_of_name, generic_name
from famprog.nlp import build_pipeline
from famprog.reading import read_bytes
from famprog.regions import home_region, is_federal_release, region_mentions
from famprog.serialize import record_to_dict


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def record(pipeline, text: str) -> dict:
    return record_to_dict(extract(pipeline, read_bytes(text.encode("utf-8"), "line.txt")))


@pytest.mark.parametrize(
    ("text", "facility", "region", "predicate", "value"),
    [
        ("Das Land Hessen fördert inzwischen 214 Familienzentren.", "Familienzentrum", "Hessen", "center_count", 214),
        (
            "Das Brandenburger Familienministerium fördert künftig Familienzentren mit 500.000 Euro im Jahr.",
            "Familienzentrum",
            "Brandenburg",
            "funding",
            500000,
        ),
        (
            "In Bayern existieren derzeit 59 Familienstützpunkte. Sie werden vom Freistaat gefördert.",
            "Familienstützpunkt",
            "Bayern",
            "center_count",
            59,
        ),
        (
            "Die 32 Familienbildungsstätten in Schleswig-Holstein erhalten vom Land 2019 mehr Geld.",
            "Familienbildungsstätte",
            "Schleswig-Holstein",
            "center_count",
            32,
        ),
        (
            "Der Bund fördert 530 Mehrgenerationenhäuser mit jeweils 40.000 Euro.",
            "Mehrgenerationenhaus",
            "Bund",
            "center_count",
            530,
        ),
        (
            "Nordrhein-Westfalen treibt den Ausbau der Familienzentren voran. "
            "Das Land stellt dafür jährlich 5,7 Millionen Euro zur Verfügung.",
            "Familienzentrum",
            "Nordrhein-Westfalen",
            "funding",
            5700000,
        ),
        (
            "Der Landkreis fördert Familienstützpunkte im Freistaat Bayern mit 7.000 Euro je Familienstützpunkt.",
            "Familienstützpunkt",
            "Bayern",
            "funding",
            7000,
        ),
        (
            "Düsseldorf (dpa/lnw) - Die Landesregierung fördert Kinder- und Familienzentren mit 2 Millionen Euro.",
            "Kinder- und Familienzentrum",
            "Nordrhein-Westfalen",
            "funding",
            2000000,
        ),
    ],
)
def test_an_unnamed_funding_line_is_a_program_with_its_facts(pipeline, text, facility, region, predicate, value):
    rec = record(pipeline, text)
    lines = [p for p in rec["programs"] if p.get("implicit")]
    assert [(p["facility"], p["region"]) for p in lines] == [(facility, region)]
    assert lines[0]["mentions"], "a funding line has mentions"
    assert (predicate, value) in [(f["predicate"], f["value"]) for f in rec["facts"] if f["subject"] == lines[0]["id"]]


@pytest.mark.parametrize(
    "text",
    [
        # one facility with a name of its own, not a kind of facility
        "Das Familienzentrum Lindenhof in Kassel wird erweitert. Dieses Familienzentrum fördert Familien.",
        # no region anywhere
        "Familienzentren erhalten 12.000 Euro im Jahr.",
        # a general kind of facility without an actor of the public hand
        "In Hessen erhalten 20 Kitas Spenden von 5.000 Euro.",
        # facilities spoken of without funding
        "In Sachsen sind Familienzentren beliebte Treffpunkte.",
        # a town's count, no funding: no line of the state
        "Das Land Niedersachsen gratuliert. In Lüneburg gibt es damit sechs Familienzentren.",
        "Im Landkreis Harz arbeiten inzwischen zwölf Familienzentren.",
    ],
)
def test_no_funding_line_without_a_funded_kind_and_a_region(pipeline, text):
    assert [p for p in record(pipeline, text)["programs"] if p.get("implicit")] == []


def test_a_named_program_of_the_same_facility_and_region_is_the_subject(pipeline):
    text = (
        "Das Hessische Landesprogramm „Familienzentren vor Ort“ wächst. Das Land fördert inzwischen 214 "
        "Familienzentren."
    )
    rec = record(pipeline, text)
    assert [p for p in rec["programs"] if p.get("implicit")] == []
    program = rec["programs"][0]
    assert (program["facility"], program["region"]) == ("Familienzentrum", "Hessen")
    assert [(f["subject"], f["value"]) for f in rec["facts"]] == [(program["id"], 214)]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a state's program named beside the federal one it adds to
        (
            "Wiesbaden – Die Mittel der Bundesinitiative Frühe Hilfen werden seit 2013 ergänzt durch das "
            "Landesförderprogramm „Frühe Hilfen und Kinderschutz“. Das Land Hessen stellt dafür 1 Million Euro bereit.",
            "Hessen",
        ),
        (
            "Der Bund und das Land Sachsen einigten sich: Die Landesinitiative „Starke Familien vor Ort“ "
            "ergänzt das Bundesprogramm „Kita-Einstieg“.",
            "Sachsen",
        ),
        # no state named anywhere: no region rather than the federal level
        (
            "Die Mittel des Bundes werden durch das Landesprogramm „Familienwerkstatt Plus“ ergänzt.",
            None,
        ),
    ],
)
def test_a_landes_program_is_a_states_never_the_federal_levels(pipeline, text, region):
    rec = record(pipeline, text)
    landes = [p for p in rec["programs"] if any(n.startswith("Landes") for n in [p["name"], *p.get("aliases", [])])]
    assert len(landes) == 1 and landes[0].get("region") == region


def test_the_line_is_named_by_the_texts_generic_phrase(pipeline):
    rec = record(
        pipeline,
        "Der Freistaat Bayern stellt 3,5 Millionen Euro für das Förderprogramm der Familienstützpunkte bereit.",
    )
    line = next(p for p in rec["programs"] if p.get("implicit"))
    assert line["name"] == "Förderprogramm"
    assert "Familienstützpunkte (Bayern)" in line["aliases"]


@pytest.mark.parametrize(
    ("said", "singular"),
    [
        ("Familienzentren", "Familienzentrum"),
        ("Mehrgenerationenhäusern", "Mehrgenerationenhaus"),
        ("MGH", "Mehrgenerationenhaus"),
        ("Kinder- und Familienzentren", "Kinder- und Familienzentrum"),
        ("Häuser der Familie", "Haus der Familie"),
        ("Eltern-Kind-Zentren", "Eltern-Kind-Zentrum"),
        ("Familienstützpunkten", "Familienstützpunkt"),
    ],
)
def test_facility_nouns_in_any_inflection(said, singular):
    found = facility_mentions(f"Es gibt viele {said} im Land.")
    assert [m.kind.singular for m in found] == [singular]


@pytest.mark.parametrize(
    "said",
    ["familienzentren", "Rechenzentren", "Familienzentrenleitung", "Mgh", "Kita-Familienzentren", "XFamilienzentren"],
)
def test_no_facility_in_lower_case_or_in_other_compounds(said):
    assert facility_mentions(f"Es gibt viele {said} im Land.") == []


@pytest.mark.parametrize(
    ("name", "facility"),
    [
        ("Aktionsprogramm Mehrgenerationenhäuser", "Mehrgenerationenhaus"),
        ("Weiterentwicklung von Kindertageseinrichtungen zu Familienzentren", "Familienzentrum"),
        ("Landesprogramm Familie vor Ort", None),
    ],
)
def test_facility_of_a_program_name(name, facility):
    kind = facility_of_name(name)
    assert (kind.singular if kind else None) == facility


def _facility_of_name_plain(name):
    """facility_of_name as first written: every form tried on every word, sorted anew each time."""
    found = facility_mentions(name)
    if found:
        return found[-1].kind
    kinds = facility_kinds()
    for word in reversed(re.findall(r"[\wäöüÄÖÜß-]+", name)):
        for form in sorted(kinds, key=len, reverse=True):
            if len(form) > 4 and word.lower().endswith(form) and word.lower() != form:
                return kinds[form]
    return None


@pytest.mark.parametrize(
    "name",
    [
        "Saarländische Kita-Familienzentren",
        "Landesprogramm Kinder- und Familienzentren",
        "Netzwerk Familienbildungsstätten Nord",
        "Programm Starke Mehrgenerationenhäuser",
        "Bündnis für Familie",
        "KITA-PLUS-FAMILIENZENTREN",
        "Förderung der Eltern-Kind-Zentren",
        "Landesprogramm Familie vor Ort",
        "",
    ],
)
def test_facility_of_name_keeps_the_plain_answer(name):
    assert facility_of_name(name) == _facility_of_name_plain(name)
    # the cached answer, asked again, is the uncached one
    assert facility_of_name(name) == facility_of_name.__wrapped__(name) == _facility_of_name_plain(name)


def test_the_caches_of_names_and_lowered_texts_stay_bounded():
    from famprog.regions import lowered

    assert facility_of_name.cache_info().maxsize == 4096
    assert lowered.cache_info().maxsize == 16
    for n in range(100):
        facility_of_name(f"Programm Nummer {n} für Familienzentren")
        lowered(f"Text {n}")
    assert facility_of_name.cache_info().currsize <= 4096
    assert lowered.cache_info().currsize <= 16


@pytest.mark.parametrize(
    "text",
    [
        "Das Sächsische Staatsministerium fördert Familienzentren in Sachsen.",
        "SÄCHSISCHE Familienzentren; İstanbul-Kita und Familienzentren in Bayern.",  # lowering moves offsets
        "Die Straße der Familienzentren: ẞ und ß, Thüringer Mehrgenerationenhäuser.",
        "",
    ],
)
def test_region_and_facility_mentions_are_the_same_with_the_lowered_text_cached(text):
    from famprog.regions import lowered

    lowered.cache_clear()
    cold = (region_mentions(text), facility_mentions(text))
    assert lowered(text) == text.lower()
    warm = (region_mentions(text), facility_mentions(text))
    assert cold == warm


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("Landesförderprogramms", "Landesförderprogramm"),
        ("Förderprogramm", "Förderprogramm"),
        ("förderrichtlinie", "Förderrichtlinie"),
    ],
)
def test_generic_name_in_the_nominative(said, name):
    assert generic_name(said) == name


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Das Brandenburger Familienministerium", ["Brandenburg"]),
        ("Bayerns Familienministerin", ["Bayern"]),
        ("die nordrhein-westfälische Landesregierung", ["Nordrhein-Westfalen"]),
        ("Düsseldorf (dpa/lnw) - Das Land", ["Nordrhein-Westfalen"]),
        ("im Freistaat Sachsen", ["Sachsen"]),
        ("In NRW gibt es", ["Nordrhein-Westfalen"]),
        ("das Bundesfamilienministerium", ["Bund"]),
        ("der Bund und die Länder", ["Bund"]),
        ("in jedem Bundesland", []),
        ("der AWO Bundesverband", []),
        ("Sachsen-Anhalts Sozialministerin", ["Sachsen-Anhalt"]),
        # a state's name or "Bund" inside a word or compound is no mention; one right after it is
        ("in Oberbayern und Niederbayern", []),
        ("die Ost-Bund-Gruppe", []),
        ("XLand Berlin", ["Berlin"]),
        ("Bund_Bund Bund", ["Bund"]),
        ("Bayern2 Bayern-Tour Bayern", ["Bayern"]),
        ("(Bayern)/Hessen", ["Bayern", "Hessen"]),
        ("Bayern", ["Bayern"]),
        ("NRWNRW NRW.", ["Nordrhein-Westfalen"]),
        ("ÄBund Bundesländer Bundesprogramm", ["Bund"]),
    ],
)
def test_region_mentions(text, regions):
    assert [m.region for m in region_mentions(text) if m.source != "place"] == regions


def test_home_region_and_federal_release():
    mentions = region_mentions("Das Hessische Ministerium fördert. In Hessen gibt es 200. Der Bund gibt auch Geld.")
    assert home_region(mentions) == "Hessen"
    assert not is_federal_release(mentions)
    federal = region_mentions("Das Bundesfamilienministerium und die Bundesregierung fördern, sagte sie in Berlin.")
    assert is_federal_release(federal)


def test_language_data_of_funding_lines_is_clean():
    data = lexicon.load("funding")
    forms = [form for entry in data["facilities"] for form in entry["forms"]]
    assert len(forms) == len(set(forms)), "a form belongs to one kind"
    assert all(form == form.lower() for form in forms)
    for entry in data["facilities"]:
        assert entry["singular"].lower() in entry["forms"]
        assert entry["plural"].lower() in entry["forms"]
    assert set(facility_kinds()) == set(forms)
    regions = lexicon.load("regions")
    states = set(lexicon.load("states")["states"])
    assert set(regions["state_forms"]) == states
    assert set(regions["agency_desks"].values()) <= states


@pytest.mark.parametrize(
    ("text", "meta", "published", "published_from", "region"),
    [
        # a dpa item without a date or state of its own: the manifest gives both
        (
            "Das Land fördert inzwischen 214 Familienzentren.",
            {"published": "2021-05-03", "region": "Hessen"},
            "2021-05-03",
            "meta",
            "Hessen",
        ),
        # the text's own dateline and state win over the manifest
        (
            "Kiel, 12.03.2024 – Schleswig-Holstein fördert 90 Familienzentren.",
            {"published": "2024-01-01", "region": "Hessen"},
            "2024-03-12",
            "text",
            "Schleswig-Holstein",
        ),
        # no manifest, no date: nothing is guessed
        ("Das Land Hessen fördert inzwischen 214 Familienzentren.", {}, None, None, "Hessen"),
    ],
)
def test_metadata_from_a_manifest_fills_what_the_text_lacks(pipeline, text, meta, published, published_from, region):
    from famprog.model import DocumentMeta

    rec = record_to_dict(extract(pipeline, read_bytes(text.encode("utf-8"), "m.txt"), DocumentMeta(**meta)))
    assert rec["document"]["published"] == published
    assert rec["document"].get("published_from") == published_from
    assert [p["region"] for p in rec["programs"] if p.get("implicit")] == [region]
    assert all(f.get("as_of") == published for f in rec["facts"])


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("Das Land Hessen fördert ab Februar 214 Familienzentren.", ["2021-02"]),
        ("Am 7. Juni stellte das Land Hessen die Zahlen vor.", ["2021-06-07"]),
    ],
)
def test_a_manifest_date_anchors_dates_without_a_year(pipeline, text, dates):
    from famprog.model import DocumentMeta

    rec = record_to_dict(
        extract(pipeline, read_bytes(text.encode("utf-8"), "m.txt"), DocumentMeta(published="2021-05-03"))
    )
    assert [d["value"] for d in rec["dates"]] == dates
    assert rec["document"]["published_from"] == "meta"


def test_every_state_adjective_is_a_candidate_of_the_fast_prefilter():
    from famprog.regions import ADJECTIVE_CANDIDATE

    for adjectives in lexicon.load("states")["states"].values():
        for adjective in adjectives or []:
            for form in (adjective, adjective.lower()):
                assert ADJECTIVE_CANDIDATE.fullmatch(form), form


WHOLE_WORD_TEXTS = [
    "Bayern, Bayerns und Oberbayern; Ost-Bund, Bund_Bund, Bund2 Bund.",
    "XLand Berlin Land Berlin-Mitte Land Berlins Berlin",
    "Freistaats Bayerns Freistaat Bayern-Fahrt Freistaat Bayern",
    "ÄBundes Bundesland Bundesprogramm -Bund –Bund „Bund“ Bundes­programm",
    "",
    "Bund",
]


@pytest.mark.parametrize("text", WHOLE_WORD_TEXTS)
def test_whole_words_finds_what_a_look_behind_finds(text):
    import re

    from famprog.regions import _federal, _state_patterns, whole_words

    for pattern in (_state_patterns()[0], _federal()[0]):
        behind = re.compile(r"(?<![\w-])(?:" + pattern.pattern + ")")
        assert [m.span() for m in whole_words(pattern, text)] == [m.span() for m in behind.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Die bayerische Staatsregierung und das nordrhein-westfälische Ministerium",
        "In Oberbayern, Ober-Bayern und Niedersachsens Kommunen",
        "sächsische, thüringer und saarländische Träger; Hamburger Senat",
        "_bayerisch xbayerisch 3bayerisch -bayerisch bayerisch-sächsisch",
        "",
    ],
)
def test_adjective_candidates_as_with_a_look_behind(text):
    from famprog.regions import ADJECTIVE_CANDIDATE, ADJECTIVE_CANDIDATE_LOWER, whole_words

    lowered = text.lower()
    with_look_behind = re.compile(ADJECTIVE_CANDIDATE.pattern.replace("(?i:", "(?:"))
    assert [m.span() for m in whole_words(ADJECTIVE_CANDIDATE_LOWER, lowered)] == [
        m.span() for m in with_look_behind.finditer(lowered)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kinder- und Familienzentren, Familienzentrum, Familienzentrums-Netz und Kita-Familienzentren",
        "Mehrgenerationenhäuser; Mehrgenerationenhäusern. Familienbildungsstätten! MGH, Kitas, Kita",
        "das Landesförderprogramms-Ende, Förderprogrammes, Förderungen, Förderung-",
        "kinder- und familienzentrumsarbeit, Familienzentrenplus, Familienzentren_",
        "",
    ],
)
def test_longest_of_matches_as_the_plain_alternation(text):
    from famprog.funding_lines import WORD_END, longest_of
    from famprog.regions import whole_words

    lowered = text.lower()
    for words in (list(facility_kinds()), lexicon.load("funding")["references"], ["ab", "abc", "abcd", "b"]):
        plain = re.compile("(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")" + WORD_END)
        trie = re.compile("(" + longest_of(words, WORD_END) + ")")
        assert [m.span(1) for m in whole_words(trie, lowered)] == [m.span(1) for m in whole_words(plain, lowered)]
    assert [m.span() for m in re.finditer(longest_of(["ab", "abc", "b"], WORD_END), "abc ab abd b")] == [
        (0, 3),
        (4, 6),
        (11, 12),
    ]


FACILITY_TEXTS = [
    "Kinder- und Familienzentren, kinder- und Familienzentren, Familienzentrum und Familienzentrums-Netz",
    "Das Landesförderprogramm fördert MGH und Mehrgenerationenhäuser; die Förderung der Häuser der Familie.",
    "Bundesprogramm, Förderrichtlinien, Landesförderung und Gesamtförderung; xFörderung, Kita-Förderung",
    "İm Landesprogramm Familienzentren",  # lower-casing moves the offsets: the case-blind patterns
    "",
]


@pytest.mark.parametrize("text", FACILITY_TEXTS)
def test_facilities_and_references_in_one_pass_as_in_two(text):
    from famprog.funding_lines import (
        WORD_END,
        _case_blind,
        _patterns,
        facilities_and_references,
        facility_mentions,
        longest_of,
    )

    references_alone = re.compile("(" + longest_of(lexicon.load("funding")["references"], WORD_END) + ")")
    facilities, references = facilities_and_references(text)
    assert facilities == facility_mentions(text)
    assert references == [m.span(1) for m in _case_blind(_patterns()[2], references_alone, text)]


DATELINE_TEXTS = [
    "Potsdam (dpa/bb) - Das Land\nfördert.\n\nERFURT, 12. März\nWetzlar - \n  Bad Kissingen (epd) –\nx",
    "Köln -\nBonn (dpa) - Text\n",
    "Mainz - Text -\nTrier (x)",
    "\n\n",
    "",
]


@pytest.mark.parametrize("text", DATELINE_TEXTS)
def test_datelines_at_line_breaks_as_at_every_position(text):
    from famprog.regions import DATELINE_PLACE, _datelines

    assert [m.span(1) for m in _datelines(text)] == [m.span(1) for m in DATELINE_PLACE.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "im Landkreis Harz, in Speyer, aus Bad Kissingen, Stadt Neustadt (Hessen), Berlin Mitte, xin Bonn",
        "Kreises Borken, Regierungsbezirk Köln, Städteregion Aachen, Landratsamt Regen; Landkreis-Chef in Essen",
        "In Frankfurt am Main und Im Jahr; Aus Halle an der Saale",
        "",
    ],
)
def test_place_cues_as_with_a_boundary_in_front(text):
    from famprog.regions import PLACE_CUE

    written = re.compile(
        r"\b(?:Landkreis(?:es)?|Kreis(?:es)?|Stadt|Gemeinde|Regierungspräsidium|Regierungsbezirk|Landratsamt"
        r"|Bezirksamt|Städteregion|Regionalverband|[Ii]n|[Ii]m|[Aa]us)\s+" + PLACE_CUE.pattern.split(r")\s+", 1)[1]
    )
    for start in range(len(text) + 1):
        part = text[start:]
        assert [m.span(1) for m in PLACE_CUE.finditer(part)] == [m.span(1) for m in written.finditer(part)]


def test_adjective_stems_are_in_every_state_adjective():
    from famprog.regions import _adjective_stems

    for adjectives in lexicon.load("states")["states"].values():
        for adjective in adjectives or []:
            assert any(stem in adjective.lower() for stem in _adjective_stems()), adjective


@pytest.mark.parametrize(
    ("text", "short"),
    [
        # a short form defined after the facility noun names the line too (famprog timeline FSP)
        ("In Bayern gibt es 59 Familienstützpunkte (FSP). Der Freistaat fördert jeden FSP.", "FSP"),
        ("Das Land Hessen fördert 214 Familienzentren (FZ) mit 3 Millionen Euro.", "FZ"),
        ("Thüringen fördert 24 Eltern-Kind-Zentren (EKiZ) im Jahr 2023.", "EKiZ"),
        ("Der Bund fördert 530 Mehrgenerationenhäuser (MGH) mit jeweils 40.000 Euro.", "MGH"),
        # a state or a plain word in parentheses says where or what, it is no short form
        ("Das Land fördert 214 Familienzentren (NRW) mit 3 Millionen Euro.", None),
        ("Das Land fördert 214 Familienzentren (Hessen) mit 3 Millionen Euro.", None),
        ("Das Land Sachsen fördert 30 Familienzentren (Stand 2023) mit 3 Millionen Euro.", None),
        ("Das Land Hessen fördert 214 Familienzentren mit 3 Millionen Euro.", None),
    ],
)
def test_a_funding_line_takes_the_short_form_its_release_defines(pipeline, text: str, short: str | None) -> None:
    lines = [p for p in record(pipeline, text)["programs"] if p.get("implicit")]
    assert len(lines) == 1, lines
    assert lines[0].get("abbreviation") == short
