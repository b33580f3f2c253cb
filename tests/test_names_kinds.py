"""Organisations, people and name boundaries by kind: tables of invented German examples."""

from __future__ import annotations

import pytest

from famprog.components.lexicon_view import name_lexicon, role_nominative
from famprog.components.names import NameRecognizer
from famprog.components.tokens import occurrences
from famprog.nlp import build_pipeline
from famprog.normalize.declension import head_gender, nominative_adjective, nominative_modifiers

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def org_names(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [s._.famprog["name"] for s in doc.spans["famprog_organisations"]]


def program_names(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [s._.famprog["name"] for s in doc.spans["famprog_programs"]]


def people(nlp, text: str) -> list[tuple[str, str | None, str | None, list[str]]]:
    doc = nlp(text)
    return [
        (s.text, s._.famprog["role"], s._.famprog["party"], s._.famprog["titles"]) for s in doc.spans["famprog_people"]
    ]


# ---- organisations ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news agencies in a credit or dateline
        ("Kiel (dpa) - Das Land fördert Familien.", "dpa"),
        ("Mainz (dpa/lrs) - Der Kreis baut aus.", "dpa"),
        ("Bonn (KNA) Die Kirchen beraten.", "KNA"),
        ("(Foto: © Jana Wolters/dpa)", "dpa"),
        ("Berlin: (hib/XYZ) Die Regierung antwortet.", "hib"),
        ("Frankfurt (epd). Die Diakonie berät.", "epd"),
        # abbreviations of ministries used alone
        ("BMFSFJ: Neue Zahlen zu Kitas", "BMFSFJ"),
        ("StMAS: Mehr Geld für Familien", "StMAS"),
        ("Das TMASGFF teilte mit, dass …", "TMASGFF"),
        # one-word compounds with a federal or state modifier
        ("Das Bundesfamilienministerium hat Mittel bereitgestellt.", "Bundesfamilienministerium"),
        ("Die Bundesregierung antwortet auf eine Anfrage.", "Bundesregierung"),
        ("Die Landesregierung Familien unterstützt weiter.", "Landesregierung"),
        ("Die Staatsregierung beschließt den Haushalt.", "Staatsregierung"),
        ("Das Landesjugendamt berät die Träger.", "Landesjugendamt"),
        ("Das Brandenburger Sozialministerium fördert.", "Brandenburger Sozialministerium"),
        # authorities with a place
        ("Das Regierungspräsidium Gießen prüft die Anträge.", "Regierungspräsidium Gießen"),
        ("Das Landratsamt Waldheim berät.", "Landratsamt Waldheim"),
        ("Das Bezirksamt Nordstadt lädt ein.", "Bezirksamt Nordstadt"),
        # facilities with a name of their own
        ("Das Familienzentrum Regenbogen wird erweitert.", "Familienzentrum Regenbogen"),
        ("im Familienstützpunkt Lindau Nordwest eröffnet", "Familienstützpunkt Lindau Nordwest"),
        ("des Familienstützpunkts Lindau Nordwest", "Familienstützpunkt Lindau Nordwest"),
        # associations with e.V. in both spellings
        ("Der Verein Kinderglück e. V. in Talheim hilft.", "Verein Kinderglück e. V."),
        ("Der Verein Kinderglück e.V. in Talheim hilft.", "Verein Kinderglück e.V."),
        ("zusammen mit dem Elternhilfe e. V. Talheim umgesetzt", "Elternhilfe e. V. Talheim"),
        # church bodies
        ("Träger ist die Ev. Kirchengemeinde Talheim-Nord (Kreis X).", "Ev. Kirchengemeinde Talheim-Nord"),
        ("Träger ist die Kath. Kirchengemeinde St. Anna (Kreis X).", "Kath. Kirchengemeinde St. Anna"),
        ("in Trägerschaft des Diakonischen Werkes Talheim-Land", "Diakonisches Werk Talheim-Land"),
        ("Der Caritasverband Talheim berät Eltern.", "Caritasverband Talheim"),
        # parliaments and conferences
        ("BÜRGERSCHAFT Die Bürgerschaft der Freien und Hansestadt Talburg tagt.",
         "Bürgerschaft der Freien und Hansestadt Talburg"),
        ("Die Jugend- und Familienministerkonferenz (JFMK) hat beschlossen.", "Jugend- und Familienministerkonferenz"),
        ("Die Gesundheitsministerkonferenz (GMK) hat beschlossen.", "Gesundheitsministerkonferenz"),
        ("Das Bayerische Kabinett beschließt den Ausbau.", "Bayerisches Kabinett"),
        ("Das nordrhein-westfälische Bildungsministerium hat entschieden.",
         "nordrhein-westfälisches Bildungsministerium"),
    ],
)  # fmt: skip
def test_organisation_kinds(nlp, text, expected):
    assert expected in org_names(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Die dpa ist eine Agentur.",  # an agency named in running text, not in a credit
        "Das Landesministerium prüft.",  # no portfolio: a kind of body
        "Die Landesservicestelle berät.",
        "Das Netzwerk Familie wächst.",  # a compound in -werk is no "Werk"
        "Die MGH (Mehrgenerationenhäuser) wachsen.",  # no ministry abbreviation
        "Das Werk wird fortgesetzt.",
    ],
)
def test_no_organisation(nlp, text):
    assert org_names(nlp, text) == []


# ---- names in the nominative ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Programm des Niedersächsischen Ministeriums für Soziales und Familie läuft.",
         "Niedersächsisches Ministerium für Soziales und Familie"),
        ("dem Niedersächsischen Ministerium für Soziales und Familie",
         "Niedersächsisches Ministerium für Soziales und Familie"),
        ("in Trägerschaft des Diakonischen Werkes Talheim", "Diakonisches Werk Talheim"),
        ("mit dem Präsidenten des Deutschen Industrie- und Handelskammertages, Jan Ohm,",
         "Deutscher Industrie- und Handelskammertag"),
        ("nach Angaben der Sächsischen Landesregierung", "Sächsische Landesregierung"),
        ("im Sächsischen Landtag", "Sächsischer Landtag"),
        ("des Bayerischen Kabinetts", "Bayerisches Kabinett"),
        ("der Protestantischen Kirchengemeinde Talheim", "Protestantische Kirchengemeinde Talheim"),
        ("des Berliner Senats", "Berliner Senat"),  # place adjectives in -er never decline
    ],
)  # fmt: skip
def test_organisation_names_in_the_nominative(nlp, text, expected):
    assert expected in org_names(nlp, text)


@pytest.mark.parametrize(
    ("noun", "gender"),
    [("Landesregierung", "f"), ("Staatsministerium", "n"), ("Handelskammertag", "m"), ("Werk", "n"),
     ("Kirchengemeinde", "f"), ("Verband", "m"), ("Kabinett", "n"), ("Bürgerschaft", "f"), ("Xyzq", None)],
)  # fmt: skip
def test_head_gender(noun, gender):
    assert head_gender(noun) == gender


@pytest.mark.parametrize(
    ("word", "gender", "nominative"),
    [("Sächsischen", "n", "Sächsisches"), ("Sächsischen", "f", "Sächsische"), ("Deutschen", "m", "Deutscher"),
     ("Diakonischen", "n", "Diakonisches"), ("Freien", "f", "Freie"), ("Berliner", "m", "Berliner"),
     ("Thüringer", "n", "Thüringer"), ("Kath.", "f", "Kath."), ("Familien", "n", "Familien")],
)  # fmt: skip
def test_nominative_adjective(word, gender, nominative):
    assert nominative_adjective(word, gender) == nominative


def test_nominative_modifiers_skip_truncated_compound():
    assert nominative_modifiers(["Deutschen", "Industrie-", "und"], "Handelskammertag") == [
        "Deutscher",
        "Industrie-",
        "und",
    ]


# ---- no over-long spans -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "expected", "not_expected"),
    [
        ("Die Landesregierung Familien hilft.", "org", "Landesregierung", "Landesregierung Familien"),
        ("von der Landesfachstelle Kita und Familie Talheim koordiniert", "org",
         "Landesfachstelle Kita und Familie Talheim", None),
        ("Das Programm des Sächsischen Staatsministeriums für Soziales und Familie zur Unterstützung und "
         "Stärkung der Familien tritt in Kraft.", "org", "Sächsisches Staatsministerium für Soziales und Familie",
         "Sächsisches Staatsministerium für Soziales und Familie zur Unterstützung und Stärkung der Familien"),
        ("Das Familienzentrum Sonnenhof im Mutter-Kind-Zentrum des Klinikums öffnet.", "org",
         "Familienzentrum Sonnenhof", "Familienzentrum Sonnenhof im Mutter-Kind-Zentrum des Klinikums"),
        ("1960 hat das Bundesfamilienministerium zum ersten Mal Mittel gegeben.", "org",
         "Bundesfamilienministerium", "Bundesfamilienministerium zum ersten Mal Mittel"),
        ("Antwort des Senats Betr.: Kitas", "org", None, "Senat Betr."),
        ("Wo Familienzentrum draufsteht, ist Hilfe drin.", "org", None, "Wo Familienzentrum"),
        ("Das Land stellt 2 Millionen Euro für das Förderprogramm zur Verfügung.", "program", None,
         "Förderprogramm zur Verfügung"),
        ("Das Ministerium erarbeitet eine Richtlinie zur Umsetzung, die im Mai gilt.", "program", None,
         "Richtlinie zur Umsetzung"),
        ("im Rahmen des Aktionsprogramms Ankommen nach Krisen für Kinder und Jugendliche vorgesehen", "program",
         "Aktionsprogramm Ankommen nach Krisen für Kinder und Jugendliche", "Aktionsprogramm Ankommen"),
        ("Das Landesprogramm Gute Nachbarschaft nach Angaben des Landes", "program",
         "Landesprogramm Gute Nachbarschaft", None),
        ("die Stiftung Talheim zur Förderung der Jugend", "org", "Stiftung Talheim zur Förderung der Jugend", None),
    ],
)  # fmt: skip
def test_name_boundaries(nlp, text, kind, expected, not_expected):
    found = org_names(nlp, text) if kind == "org" else program_names(nlp, text)
    if expected:
        assert expected in found
    if not_expected:
        assert not_expected not in found


@pytest.mark.parametrize("zw", list(ZERO_WIDTH))
def test_zero_width_characters_never_inside_a_name(nlp, zw):
    texts = [
        f"Das Familienzentrum{zw} Regenbogen öffnet.",
        f"Das Familienzentrum Regen{zw}bogen öffnet.",
        f"Die Stiftung{zw}Talheim und das {zw}Landesprogramm Gute Nachbarschaft{zw} starten.",
        f"Das Bundes{zw}familienministerium fördert.",
        f"Die Ev. Kirchengemeinde Talheim{zw} und die Kath. Kirchengemeinde St. Anna{zw}.",  # split and merge
    ]
    for text in texts:
        doc = nlp(text)
        assert doc.text == text  # offsets stay those of the text as read
        for key in ("famprog_organisations", "famprog_programs", "famprog_people"):
            for span in doc.spans[key]:
                assert not any(c in span.text for c in ZERO_WIDTH), (text, span.text)


# ---- people -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "role", "party", "titles"),
    [
        ("Kleine Anfrage des Abgeordneten Jan Kolbe (FDP) vom 5. Mai", "Jan Kolbe", "Abgeordnete", "FDP", []),
        ("Kleine Anfrage der Abg. Dr. Ohmsen (SPD) vom 5. Mai", "Ohmsen", "Abg.", "SPD", ["Dr."]),
        ("sagt Staatssekretärin Gisela v. Altenau.", "Gisela v. Altenau", "Staatssekretärin", None, []),
        ("sagt Ministerin Ursula von der Heide.", "Ursula von der Heide", "Ministerin", None, []),
        ("Bürgermeister Rombeck berichtet kurz.", "Rombeck", "Bürgermeister", None, []),
        ("Danach lässt stellvertretender Vorsitzender Dörrlich abstimmen.", "Dörrlich",
         "stellvertretender Vorsitzender", None, []),
        ("Fotografien der Künstlerin Isa Brandhuber", "Isa Brandhuber", "Künstlerin", None, []),
        ("mit dem Präsidenten des Landesverbands Talheim, Eberhard Konrad Wilm, und",
         "Eberhard Konrad Wilm", "Präsident des Landesverbands Talheim", None, []),
        ("„Gut so“, sagte Ministerin Kerstel: „Weiter so.“", "Kerstel", "Ministerin", None, []),
    ],
)  # fmt: skip
def test_people_kinds(nlp, text, name, role, party, titles):
    found = {p[0]: p for p in people(nlp, text)}
    assert name in found, people(nlp, text)
    assert found[name][1:] == (role, party, titles)


@pytest.mark.parametrize(
    "text",
    [
        "Die Ministerin Hilfe leistet.",  # after an article the word is an object
        "Ministerin Talheimer Familien besuchte",  # two capitals: no family name alone
        "Der Bürgermeister Förderung beantragt.",
    ],
)
def test_no_family_name_alone(nlp, text):
    assert all(len(p[0].split()) > 1 for p in people(nlp, text)) or people(nlp, text) == []


@pytest.mark.parametrize(
    ("word", "nominative"),
    [("Abgeordneten", "Abgeordnete"), ("Präsidenten", "Präsident"), ("Referenten", "Referent"),
     ("Ministerin", "Ministerin"), ("Vorsitzenden", "Vorsitzende"), ("Familien", None), ("Leitern", "Leitern"),
     ("Hebammen", None), ("Lotsen", None)],
)  # fmt: skip
def test_role_nominative(word, nominative):
    if word in name_lexicon().non_roles:
        assert not name_lexicon().is_role(word)
    else:
        assert role_nominative(word) == nominative


def test_role_nominative_equals_the_rule_without_its_quick_test():
    """The look-up of a word's last letters rejects only words the suffix rule rejects too."""
    from famprog.components.lexicon_view import _role_by_suffix, _role_suffixes

    suffixes = _role_suffixes()[0]
    stems = ["", "a", "Landes", "Familien", "STAATS"]
    words = [stem + form for stem in stems for s in suffixes for form in (s, s + "n", s + "en", s[1:], s.upper())]
    words += ["", "n", "en", "ten", "Hebammen", "Familien", "Kinder"]
    for word in words:
        assert role_nominative(word) == _role_by_suffix(word), word


# ---- linear time ------------------------------------------------------------------------------------
def test_occurrences_indexed_by_token_starts_match_the_plain_search():
    text = "Die Stiftung Talheim und HeFaS. HeFaS-Programm, (HeFaS) Stiftung Talheims AWO AWO."
    starts = [0, 4, 13, 21, 25, 30, 32, 47, 49, 50, 55, 57, 66, 75, 79, 82]
    forms = ["Stiftung Talheim", "HeFaS", "AWO", "Talheim"]
    plain = occurrences(text, forms)
    indexed = occurrences(text, forms, [s for s in range(len(text)) if s == 0 or not text[s - 1].isalnum()])
    assert indexed == plain
    assert starts  # documentation of the shape


PROGRAM_CONTEXT_PIECES = [
    *("Programm", "Programms", "Landesprogramm", "Richtlinie", "-", " ", "  ", "\n", "_", "é", "x"),
    *("HeFaS", "LFQ", "Ü", "ÄÖÜ", "Abcdefghijkl", "Abcdefghijklm"),  # stems of 1, 12 and 13 characters
]


@pytest.mark.parametrize("seed", range(20))
def test_program_context_matches_equal_a_scan_of_the_whole_text(seed):
    import random

    from famprog.components.names import PROGRAM_CONTEXT, program_context_matches

    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(PROGRAM_CONTEXT_PIECES) for _ in range(rng.randint(1, 14)))
        found = [m.span() for m in program_context_matches(text)]
        assert found == [m.span() for m in PROGRAM_CONTEXT.finditer(text)], text


SCHWARTZ_HEARST_CHARACTERS = "abcABC xyz-.1äÄßẞİıiIΣσς"  # with characters that lower to two or by context


def _schwartz_hearst_by_character(short: str, long: str) -> int | None:
    """The definition, as a scan character by character: each letter of ``short`` (lowered) found from
    the end of ``long`` backwards by comparing each character lowered on its own."""
    s, i = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (long[i].lower() != c or (s == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return max(long.rfind(" ", 0, i + 1) + 1, 0)


@pytest.mark.parametrize("seed", range(10))
def test_schwartz_hearst_equals_the_search_character_by_character(seed):
    import random

    from famprog.components.names import schwartz_hearst

    rng = random.Random(seed)
    for _ in range(3000):
        short = "".join(rng.choice(SCHWARTZ_HEARST_CHARACTERS) for _ in range(rng.randint(0, 4)))
        long = "".join(rng.choice(SCHWARTZ_HEARST_CHARACTERS) for _ in range(rng.randint(0, 14)))
        assert schwartz_hearst(short, long) == _schwartz_hearst_by_character(short, long), (short, long)
    assert schwartz_hearst("LSF", "Landesprogramm Starke Familien") == 0
    assert schwartz_hearst("SF", "Landesprogramm Starke Familien") == 15


def test_span_values_are_read_through_spacy(nlp):
    doc = nlp("Die Birkenhain-Stiftung und die Stiftung Lindenhof fördern das Landesprogramm Starke Familien.")
    spans = [*doc.spans["famprog_organisations"], *doc.spans["famprog_programs"]]
    assert len(spans) == 3
    assert all(span._.famprog["name"] == span.text for span in spans)
    assert sorted(key for key in doc.user_data if key[0] == "._.") == sorted(
        ("._.", "famprog", span.start_char, span.end_char) for span in spans
    )


def test_program_context_is_read_once_per_document(nlp, monkeypatch):
    # many abbreviation definitions in a long text: the program context is computed once
    calls = 0
    original = NameRecognizer.program_context_abbreviations

    def counting(self, v):
        nonlocal calls
        calls += 1
        return original(self, v)

    monkeypatch.setattr(NameRecognizer, "program_context_abbreviations", counting)
    body = " ".join(f"Die Talheimer Runde Nummer{i} (TRN{i}) tagt." for i in range(200))
    nlp(body + " Das TRN5-Programm läuft.")
    assert calls <= 1


@pytest.mark.parametrize(
    ("text", "programs"),
    [
        # a European fund's short form before "-Programm" says where the money comes from
        (
            "Im August 2022 hat das ESF-Programm »KINDER STÄRKEN 2.0« begonnen. Es wird aus Mitteln des "
            "Europäischen Sozialfonds (ESF) gefördert.",
            ["KINDER STÄRKEN 2.0"],
        ),
        ("Das EFRE-Programm „Soziale Quartiere“ startet 2024.", ["Soziale Quartiere"]),
        # a program's own short form still names it
        ("Das HeFaS-Programm fördert Familienzentren.", ["HeFaS-Programm"]),
        (
            "Die Landesinitiative Familie im Quartier (FiQ) startet. Das FiQ-Programm läuft bis 2025.",
            ["Landesinitiative Familie im Quartier"],
        ),
    ],
)
def test_a_funds_short_form_before_programm_is_no_program(nlp, text, programs):
    from famprog.extract import extract
    from famprog.reading import read_bytes
    from famprog.serialize import record_to_dict

    rec = record_to_dict(extract(nlp, read_bytes(text.encode("utf-8"), "t.txt")))
    assert sorted(p["name"] for p in rec["programs"]) == sorted(programs)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Das Bundesministerium für Familie, Senioren, Frauen und Jugend fördert. Das Bundesfamilienministerium "
         "teilte mit …", "Bundesministerium für Familie, Senioren, Frauen und Jugend"),
        ("Das Landesministerium für Soziales und Gesundheit fördert. Das Landessozialministerium teilte mit …",
         "Landesministerium für Soziales und Gesundheit"),
    ],
)  # fmt: skip
def test_short_ministry_names_the_full_one(nlp, text, alias):
    doc = nlp(text)
    short = [s for s in doc.spans["famprog_organisations"] if "ministerium für" not in s._.famprog["name"]]
    assert short and alias in short[0]._.famprog["aliases"]


def test_short_ministry_of_another_portfolio_stays_apart(nlp):
    doc = nlp("Das Bundesministerium für Gesundheit fördert. Das Bundesfamilienministerium teilte mit …")
    assert all(not s._.famprog["aliases"] for s in doc.spans["famprog_organisations"])


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("Die Zentren entstehen im Rahmen des Startchancen-Programms des Bundes.", "Startchancen-Programm"),
        ("„Die Häuser sind ein Baustein der Initiative ‚Gute Nachbarn’, sagte sie heute“, so X.", "Gute Nachbarn"),
        (
            "durch die Umsetzung des Aktionsprogramms „Aufholen nach Krisen für Kinder und Jugendliche",
            "Aufholen nach Krisen für Kinder und Jugendliche",
        ),
        ("des Aktionsprogramms „Aufholen nach Krisen für Kinder\nNeue Zeile", "Aufholen nach Krisen für Kinder"),
        ("mit Mitteln aus dem Bundesprogramm Mehrgenerationenhaus „Miteinander - Füreinander“ (2021 bis 2028)",
         "Bundesprogramm Mehrgenerationenhaus Miteinander - Füreinander"),
    ],
)
def test_program_kinds(nlp, text, program):
    assert program in program_names(nlp, text)


@pytest.mark.parametrize(
    "text", ["Das Kita-Programm läuft.", "Das Bundes-Programm läuft.", "Das Familienzentren-Programm läuft."]
)
def test_no_hyphen_program(nlp, text):
    assert program_names(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    ["Das Programm „Familien stärken, sagte sie, ist gut", "Er sagte „Das Aktionsprogramm läuft gut"],
)
def test_unclosed_quotation_of_no_name(nlp, text):
    assert program_names(nlp, text) == []


def test_a_name_word_is_a_capitalised_word_of_the_name_lists_acronyms_among_them() -> None:
    """``name_word`` reads no acronym test: every acronym starts with a capital ("LFQ", "HeFaS", "ÖPNV")."""
    import random

    from famprog.components.lexicon_view import is_acronym, is_capitalised

    recognizer = NameRecognizer(name_lexicon())
    lex = recognizer.lex
    rng = random.Random(7)
    letters = "aBcDeFhsLQ" + "ÄÖÜäöüß" + "0129" + "-.İ "
    words = ["LFQ", "HeFaS", "IKFF", "ÖPNV", "Ä2", "aB", "eV", "e.V.", "x", "", "İKK", *lex.non_name]
    words += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(20_000)]
    for w in words:
        assert not is_acronym(w) or is_capitalised(w), w
        expected = (is_capitalised(w) or is_acronym(w)) and w not in lex.non_name and w[0].isalpha()
        assert recognizer.name_word(w) == expected, w
