"""famprog's spaCy components on short German texts written for these tests."""

from __future__ import annotations

import pytest

from famprog.extract import extract
from famprog.nlp import PIPELINE, build_pipeline
from famprog.reading import read_bytes
from famprog.serialize import record_to_dict


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def record(pipeline, text: str) -> dict:
    return record_to_dict(extract(pipeline, read_bytes(text.encode("utf-8"), "test.txt")))


def names(items: list[dict]) -> set[str]:
    out = set()
    for item in items:
        out.add(item["name"])
        out.update(item.get("aliases", []))
        if item.get("abbreviation"):
            out.add(item["abbreviation"])
    return out


def test_pipeline_order_is_fixed(pipeline):
    assert tuple(pipeline.pipe_names) == PIPELINE


@pytest.mark.parametrize(
    ("text", "program", "abbreviation"),
    [
        ("Das Landesprogramm „Gute Nachbarschaft“ (LGN) startet im Mai.", "Gute Nachbarschaft", "LGN"),
        ('Das Bundesprogramm "Starke Familien" wird verlängert.', "Starke Familien", None),
        ("Das Programm «Familie im Zentrum» wird verlängert.", "Familie im Zentrum", None),
        ("Das Land setzt das Landesprogramm Familienbildung vor Ort fort.", "Landesprogramm Familienbildung", None),
        (
            "Die Sächsische Initiative für Nachbarschaft, Teilhabe und Bildung (SINTB) wirkt.",
            "Sächsische Initiative für Nachbarschaft, Teilhabe und Bildung",
            "SINTB",
        ),
        ("Die Brandenburger Familienzentren arbeiten eng zusammen.", "Brandenburger Familienzentren", None),
        ("Im Rahmen der Richtlinie FaBiQ werden Kitas gefördert.", "Richtlinie FaBiQ", "FaBiQ"),
    ],
)
def test_program_names(pipeline, text, program, abbreviation):
    rec = record(pipeline, text)
    assert rec["programs"], text
    item = rec["programs"][0]
    assert program in names([item])
    assert item.get("abbreviation") == abbreviation


def test_program_spellings_are_one_item(pipeline):
    text = (
        "Die Hessischen Familienstützpunkte (HeFaS) sind gefragt. Das HeFaS-Programm wächst. "
        "Seit 2020 gilt die Richtlinie HeFaS."
    )
    rec = record(pipeline, text)
    assert len(rec["programs"]) == 1
    program = rec["programs"][0]
    assert program["abbreviation"] == "HeFaS"
    assert {"HeFaS-Programm", "Richtlinie HeFaS"} <= set(program["aliases"])
    assert len(program["mentions"]) >= 3


def test_generic_words_are_no_programs_or_organisations(pipeline):
    text = (
        "Das Programm richtet sich an Familien. Die Landesservicestelle berät. Die Stiftung lädt ein. "
        "Der Hessische Familienpreis wurde verliehen. Nach §16 des Kinder- und Jugendhilfegesetzes (KJHG) gilt das."
    )
    rec = record(pipeline, text)
    assert rec["programs"] == []
    assert rec["organisations"] == []


@pytest.mark.parametrize(
    ("text", "organisation", "abbreviation"),
    [
        (
            "Das Sächsische Staatsministerium für Soziales, Familie und Integration (SMSFI) lädt ein.",
            "Sächsische Staatsministerium für Soziales, Familie und Integration",
            "SMSFI",
        ),
        (
            "Die Heinrich Berger Stiftung für Kinder und Jugend fördert das Vorhaben.",
            "Heinrich Berger Stiftung für Kinder und Jugend",
            None,
        ),
        ("Das Lindenhof-Institut berät die Kommunen.", "Lindenhof-Institut", None),
        ("Der Verein Kinderhafen Nord e.V. organisiert das Fest.", "Verein Kinderhafen Nord e.V.", None),
        ("Das Jugendamt Erfurt hat zugestimmt.", "Jugendamt Erfurt", None),
        (
            "Das Institut für soziale Innovation und Teilhabe (ISIT) begleitet das Vorhaben.",
            "Institut für soziale Innovation und Teilhabe",
            "ISIT",
        ),
    ],
)
def test_organisation_names(pipeline, text, organisation, abbreviation):
    rec = record(pipeline, text)
    assert organisation in names(rec["organisations"]), rec["organisations"]
    found = next(o for o in rec["organisations"] if organisation in names([o]))
    assert found.get("abbreviation") == abbreviation


def test_genitive_organisation_is_split_from_its_owner(pipeline):
    rec = record(pipeline, "Die Servicestelle Kinderwege der Stiftung Lebensraum Familie hat eröffnet.")
    assert {"Servicestelle Kinderwege", "Stiftung Lebensraum Familie"} <= names(rec["organisations"])


def test_person_inside_organisation_name_is_no_person(pipeline):
    rec = record(pipeline, "Im Saal der Anna Weber Stiftung und der Hans-Peter-Krause-Stiftung wurde gefeiert.")
    assert rec["people"] == []
    assert {"Anna Weber Stiftung", "Hans-Peter-Krause-Stiftung"} <= names(rec["organisations"])


def test_people_with_roles_titles_and_parties(pipeline):
    text = (
        "Die Thüringer Ministerin für Bildung, Jugend und Familie, Sabine Kettler (SPD), eröffnete die Tagung. "
        "Staatssekretär Dr. Jan Olbrich sprach ein Grußwort. Prof. Dr. Ute Hansen, Leiterin des Instituts für "
        "Familienforschung, stellte Ergebnisse vor. „Wir sind zufrieden“, sagte Kettler."
    )
    rec = record(pipeline, text)
    people = {p["name"]: p for p in rec["people"]}
    assert set(people) == {"Sabine Kettler", "Jan Olbrich", "Ute Hansen"}
    assert people["Sabine Kettler"]["role"] == "Ministerin für Bildung, Jugend und Familie"
    assert people["Sabine Kettler"]["party"] == "SPD"
    assert len(people["Sabine Kettler"]["mentions"]) == 2  # the later "Kettler" is the same person
    assert people["Jan Olbrich"]["titles"] == ["Dr."]
    assert people["Jan Olbrich"]["role"] == "Staatssekretär"
    assert people["Ute Hansen"]["titles"] == ["Prof.", "Dr."]
    assert people["Ute Hansen"]["role"].startswith("Leiterin des Instituts")


def test_role_in_a_list_belongs_to_the_next_name(pipeline):
    rec = record(pipeline, "Es diskutierten Dr. Eva Brandt, Jugendamtsleiterin Karla Mertens und Tom Gerlach.")
    people = {p["name"]: p for p in rec["people"]}
    assert "role" not in people["Eva Brandt"]
    assert people["Karla Mertens"]["role"] == "Jugendamtsleiterin"


def test_people_from_cues_and_headlines(pipeline):
    text = "Miriam Roth: „Familien brauchen Orte“\n\nText folgt.\n\nFoto: Lena Vogt\n\nAnsprechpartnerin: Petra Albers"
    rec = record(pipeline, text)
    assert {p["name"] for p in rec["people"]} == {"Miriam Roth", "Lena Vogt", "Petra Albers"}


def test_clutter_yields_nothing(pipeline):
    text = (
        "Familienzentren wachsen\n\nDas Ministerium für Familie und Soziales fördert 12 Familienzentren.\n\n"
        "Schreibe einen Kommentar\n\nDeine E-Mail-Adresse wird nicht veröffentlicht. Dr. Max Muster, 2019, "
        "5.000 Euro, 30 Familienzentren"
    )
    rec = record(pipeline, text)
    assert [c["value"] for c in rec["center_counts"]] == [12]
    assert rec["people"] == [] and rec["amounts"] == [] and rec["dates"] == []


def test_values_are_joined_by_calendar_value(pipeline):
    text = "Berlin, 3. Mai 2023\n\nAm 03.05.2023 wurde gefeiert. Seit 2019 gibt es das Angebot, seit 2019 wächst es."
    rec = record(pipeline, text)
    assert rec["document"]["published"] == "2023-05-03"
    by_value = {d["value"]: d for d in rec["dates"]}
    assert set(by_value) == {"2023-05-03", "2019"}
    assert len(by_value["2023-05-03"]["mentions"]) == 2
    assert by_value["2019"]["kind"] == "since"


def test_year_less_date_and_heute_resolve_against_the_document_date(pipeline):
    text = "Pressemitteilung vom 14.03.2024\n\nHeute wurde das Zentrum eröffnet. Am 7. Juni folgt das Fest."
    rec = record(pipeline, text)
    assert {d["value"] for d in rec["dates"]} == {"2024-03-14", "2024-06-07"}


def test_parties_in_parentheses_and_known_organisations(pipeline):
    rec = record(pipeline, "Familienministerin Lea Brandt (Grüne) besuchte mit der Diakonie und der AWO eine Kita.")
    assert {"Grüne", "Diakonie", "AWO"} <= names(rec["organisations"])
    assert rec["people"][0]["party"] == "BÜNDNIS 90/DIE GRÜNEN"


def test_quoted_project_is_a_program_but_a_quoted_book_title_is_not(pipeline):
    rec = record(
        pipeline, "Das Projekt „Familie gemeinsam stärken“ erschien im Handbuch „Thüringer Familienzentren heute“."
    )
    assert names(rec["programs"]) >= {"Familie gemeinsam stärken"}
    assert "Thüringer Familienzentren" not in names(rec["programs"])


def test_facility_names_are_no_people(pipeline):
    rec = record(pipeline, "Leiterin Familienzentrum Sonnenschein lud ein. Foto: Kita Regenbogen")
    assert rec["people"] == []


def test_clause_after_an_organisation_is_not_its_name(pipeline):
    rec = record(pipeline, "Wie das Ministerium Ende März mitteilte, will die Stiftung Fördermittel bereitstellen.")
    assert rec["organisations"] == []


def test_party_in_parentheses_defines_no_abbreviation_and_adjectives_belong_to_the_role(pipeline):
    text = (
        "Die familienpolitische Sprecherin der CDU-Fraktion, Jana Wolff (CDU), widersprach. "
        "„Nein“, sagte Ministerin Eva Roth."
    )
    rec = record(pipeline, text)
    people = {p["name"]: p for p in rec["people"]}
    assert people["Jana Wolff"]["role"] == "familienpolitische Sprecherin der CDU-Fraktion"
    assert people["Jana Wolff"]["party"] == "CDU"
    assert people["Eva Roth"]["role"] == "Ministerin"
    assert "CDU-Fraktion" in names(rec["organisations"])


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # an adjective that only places the role in time is not part of it
        ("Unter dem damaligen Familienminister Egon Bredemeier geht es los.", ("Familienminister", [], None)),
        ("Die amtierende Ministerin Eva Roth sagte Ja.", ("Ministerin", [], None)),
        ("Der derzeitige Bürgermeister Jan Kolbe sagte Ja.", ("Bürgermeister", [], None)),
        ("Die ehemalige Ministerin Eva Roth sagte Ja.", ("ehemalige Ministerin", [], None)),  # says what she was
        ("Die stellvertretende Leiterin Eva Roth sagte Ja.", ("stellvertretende Leiterin", [], None)),
        # an academic title written out before the name is a title
        ("Die Leitung hat Professor Reinhold Ahlert.", (None, ["Prof."], None)),
        ("Es sprach Professorin Ute Hansen.", (None, ["Prof."], None)),
        (
            "Prof. Dr. Ute Hansen, Professorin für Sozialpädagogik, sagte Ja.",
            ("Professorin für Sozialpädagogik", ["Prof.", "Dr."], None),
        ),
        # a party before the hyphen of a role is the party
        ("Wie der CDU-Landtagsabgeordnete Jannik Ahlers erfuhr, geht es weiter.", ("Landtagsabgeordnete", [], "CDU")),
        ("Die SPD-Fraktionsvorsitzende Anna Beispiel sagte Ja.", ("Fraktionsvorsitzende", [], "SPD")),
        ("Die Kita-Leiterin Anna Beispiel sagte Ja.", ("Kita-Leiterin", [], None)),  # no party: the role stays
    ],
)
def test_role_titles_and_party_of_a_role_phrase(pipeline, text, person):
    rec = record(pipeline, text)
    assert [(p.get("role"), p.get("titles") or [], p.get("party")) for p in rec["people"]] == [person]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Wie die CDU-Landtagsabgeordneten Jannik Ahlers und Gerd Wöhlken-Brüning erfuhren, geht es weiter.",
            [("Landtagsabgeordnete", "CDU"), ("Landtagsabgeordnete", "CDU")],
        ),
        (
            "Die Bürgermeister Jan Kolbe, Eva Roth und Anna Beispiel sagten Ja.",
            [("Bürgermeister", None), ("Bürgermeister", None), ("Bürgermeister", None)],
        ),
        (
            "Die Abgeordneten Jan Kolbe (SPD) und Eva Roth (CDU) sagten Ja.",
            [("Abgeordnete", "SPD"), ("Abgeordnete", "CDU")],
        ),
        # a role in the singular is the first name's only
        ("Die Ministerin Eva Roth und Jan Kolbe sagten Ja.", [("Ministerin", None), (None, None)]),
        ("Des Abgeordneten Jan Kolbe und Eva Roth wurde gedacht.", [("Abgeordnete", None), (None, None)]),
        # a name with a role of its own keeps it
        (
            "Die Minister Jan Kolbe und Staatssekretärin Eva Roth sagten Ja.",
            [("Minister", None), ("Staatssekretärin", None)],
        ),
    ],
)
def test_a_plural_role_belongs_to_every_name_of_its_list(pipeline, text, people):
    rec = record(pipeline, text)
    assert [(p.get("role"), p.get("party")) for p in rec["people"]] == people


def _head_by_scan(word, heads, exact_only):
    """The compound rule of lexicon_view._head_of written as the plain scan over all head forms."""
    low = word.lower()
    if low in heads:
        return heads[low]
    last = low.rsplit("-", 1)[-1]
    if last in heads and last != low:
        return word[: len(word) - len(last)] + heads[last]
    for form, nominative in heads.items():
        if len(low) > len(form) + 2 and low.endswith(form) and nominative.lower() not in exact_only:
            return word[: len(word) - len(form)] + nominative.lower()
    return None


HEAD_WORDS = [
    "Landesprogramm",
    "Landesprogramms",
    "Bundesprogrammen",
    "Modellprojekt",
    "Landesservicestelle",
    "Lindenhof-Instituts",
    "K-Bank",
    "Kolping-Werk",
    "Stiftung",
    "Kreisverwaltung",
    "Jugendamt",
    "Familienministerium",
    "Bank",
    "Sparkasse",
    "Dienst",
    "Sozialdienst",
    "Programm",
    "Xprogramm",
    "Abprogramm",
    "Familienzentrum",
    "Haus",
    "İnstitut",
    "Quartiersberatungsstelle",
    "und",
    "",
]


@pytest.mark.parametrize("word", HEAD_WORDS)
def test_compound_heads_are_found_as_the_scan_over_all_forms_finds_them(word):
    from famprog.components import lexicon_view as lv

    lex = lv.name_lexicon()
    assert lv._head_of(word, lex.program_heads) == _head_by_scan(word, lex.program_heads, frozenset())
    exact = lv._exact_only_org_heads()
    assert lv._head_of(word, lex.org_heads, exact) == _head_by_scan(word, lex.org_heads, exact)


def test_compound_heads_of_every_word_of_the_bundled_texts():
    from pathlib import Path

    from famprog.components import lexicon_view as lv
    from famprog.reading import read_path

    root = Path(__file__).resolve().parent.parent
    paths = [p for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file()]
    paths += sorted((root / "tests" / "fixtures" / "devset" / "texts").glob("*.txt"))
    words = {w.strip('.,;:!?()„“"') for p in paths for w in read_path(p).text.split()}
    lex = lv.name_lexicon()
    exact = lv._exact_only_org_heads()
    for word in sorted(words):
        assert lv._head_of(word, lex.program_heads) == _head_by_scan(word, lex.program_heads, frozenset()), word
        assert lv._head_of(word, lex.org_heads, exact) == _head_by_scan(word, lex.org_heads, exact), word


@pytest.mark.parametrize("seed", range(5))
def test_head_of_equals_a_scan_of_every_head_form(seed: int) -> None:
    import random

    from famprog.components.lexicon_view import _exact_only_org_heads, _head_of, name_lexicon

    lex = name_lexicon()
    rng = random.Random(seed)
    tables = [(lex.org_heads, _exact_only_org_heads()), (lex.program_heads, frozenset())]
    for heads, exact_only in tables:
        forms = list(heads)
        for _ in range(400):
            stem = rng.choice(["", "Ab", "abc", "Landes", "Kita-", "x-", "Familien", "Ö"])
            word = stem + rng.choice(forms) + rng.choice(["", "s", "n", "es", "-X"])
            word = word.capitalize() if rng.random() < 0.5 else word
            assert _head_of(word, heads, exact_only) == _head_by_scan(word, heads, exact_only), word


NAME_PIECES = [
    "SPD",
    "CDU",
    "Linke",
    "DIE LINKE",
    "Die Grünen",
    "Bündnis 90/Die Grünen",
    "B90/Grüne",
    "AWO",
    "Caritas",
    "Diakonie",
    "Deutsches Rotes Kreuz",
    "Städte- und Gemeindebund",
    "Johanniter-Unfall-Hilfe",
    "(",
    ")",
    "/",
    "-",
    "_",
    ".",
    "„",
    "x",
    "Kreis",
    "e.V.",
    " ",
    "\n",
    "2",
]


@pytest.mark.parametrize("seed", range(40))
def test_word_start_matches_equal_a_scan_of_the_whole_text(seed, pipeline):
    import random

    from famprog.components.lexicon_view import name_lexicon
    from famprog.components.names import _form_initials, known_organisation_pattern, party_pattern
    from famprog.components.tokens import TokenView, word_start_matches
    from famprog.extract import make_doc

    rng = random.Random(seed)
    text = "".join(rng.choice(NAME_PIECES) + rng.choice(["", " ", " ", "(", ")"]) for _ in range(60))
    view = TokenView(make_doc(pipeline, text))
    lex = name_lexicon()
    patterns = [party_pattern(lex), known_organisation_pattern(lex)]
    found = word_start_matches(patterns, view, _form_initials(lex))
    for pattern, matches in zip(patterns, found, strict=True):
        assert [m.span() for m in matches] == [m.span() for m in pattern.finditer(text)]


def test_token_view_is_shared_only_while_the_doc_is_unchanged(pipeline):
    from famprog.components.tokens import OFFSETS_KEY, TokenView
    from famprog.extract import make_doc

    doc = make_doc(pipeline, "Die Arbeiterwohlfahrt (AWO) e.V. fördert\nFamilien.")
    first = TokenView.of(doc)
    assert TokenView.of(doc) is first
    fresh = TokenView(doc)
    assert (fresh.words, fresh.idx, fresh.breaks) == (first.words, first.idx, first.breaks)
    other = make_doc(pipeline, "Die Arbeiterwohlfahrt (AWO) e.V. fördert\nFamilien.")
    assert TokenView.of(other) is not first  # another Doc of the same text
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    doc.user_data.pop(OFFSETS_KEY, None)
    again = TokenView.of(doc)
    assert again.words[0] == "Die Arbeiterwohlfahrt"


def test_token_view_is_rebuilt_when_a_wrapped_line_break_is_no_longer_one(pipeline):
    from famprog.components.tokens import TokenView

    doc = pipeline("Das Landesprogramm Familien-\nzentren fördert die Arbeit\nder Zentren.")
    first = TokenView.of(doc)
    assert TokenView.of(doc) is first and len(first.words) < len(doc)  # the wrapped breaks left out
    for token in doc:  # a component after famprog_lines starts a sentence on every line
        if token.i and doc[token.i - 1].text.isspace():
            token.is_sent_start = True
    again = TokenView.of(doc)
    assert again is not first
    assert again.words == TokenView(doc).words == [t.text for t in doc]


def _numbers_ending_sentences_by_scan(text, idx, ends):
    from bisect import bisect_right

    from famprog.components.structure import NUMBER_AT_SENTENCE_END, YEAR_AT_SENTENCE_END

    out = set()
    for m in [*YEAR_AT_SENTENCE_END.finditer(text), *NUMBER_AT_SENTENCE_END.finditer(text)]:
        i = bisect_right(idx, m.start(1)) - 1
        if i >= 0 and idx[i] == m.start(1) and ends[i] - idx[i] == len(m.group(1)) and i + 1 < len(idx):
            out.add(i)
    return out


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Heute sind es 3252. Der Ausbau ist ausgereizt.", 2),  # a count ends its sentence
        ("Es gibt 214. Jedes Zentrum erhält Geld.", 2),
        ("Inzwischen sind es 1250. Mittlerweile kommen weitere hinzu.", 2),
        ("Es waren 18. Heute sind es 20.", 2),
        ("Die Förderung läuft bis 2027. Das Land zahlt.", 2),  # a year
        ("Das Programm startete 2019. Grundlage ist ein Beschluss.", 2),
        ("Sie ist die 27. Anlaufstelle im Land.", 1),  # ordinals stay inside their sentence
        ("Wir feiern den 50. Jahrestag der Gründung.", 1),
        ("Am 3. Mai beginnt die Förderung.", 1),
        ("Zum 100. Geburtstag kamen alle.", 1),
        ("Kapitel 4. Finanzen des Landes.", 1),
        ("Die Zahl stieg auf 12345. Der Rest folgt.", 1),  # five digits: no count of this kind ends so
    ],
)
def test_a_number_with_its_full_stop_ends_a_sentence_before_a_sentence_opener(pipeline, text, sentences):
    """German keeps "3252." together like an ordinal, so spaCy's sentencizer sees no full stop; a year
    before a capital and a number of up to four digits before a word that opens sentences (never one
    an ordinal takes: "27. Anlaufstelle", "3. Mai") end the sentence."""
    doc = pipeline(text)
    assert len(list(doc.sents)) == sentences, [s.text for s in doc.sents]


SENTENCE_END_PIECES = [
    "2021.",
    "1999.",
    "2100.",
    "18.",
    "7.",
    "123.",
    "1234.",
    "3252.",
    "12345.",
    "١٢.",
    "3.5.",
    "Der",
    "Das",
    "Im",
    "Grundlage",
    "Jedes",
    "Heute",
    "„Wir",
    "bis",
    "zum",
    "31.",
    "Dezember",
    "am",
    "/",
    ".",
    "e.V.",
    "x2021.",
]


@pytest.mark.parametrize("seed", range(40))
def test_numbers_ending_sentences_equal_the_scan_of_the_whole_text(seed, pipeline):
    import random

    from famprog.components.structure import numbers_ending_sentences
    from famprog.components.tokens import token_offsets
    from famprog.extract import make_doc

    rng = random.Random(seed)
    text = "".join(rng.choice(SENTENCE_END_PIECES) + rng.choice([" ", " ", "  ", "\t", "\n", ""]) for _ in range(50))
    idx, ends = token_offsets(make_doc(pipeline, text))
    assert set(numbers_ending_sentences(text, idx, ends)) == _numbers_ending_sentences_by_scan(text, idx, ends)


@pytest.mark.parametrize("seed", range(30))
def test_wrapped_line_breaks_equal_a_look_at_every_token(seed, pipeline):
    import random

    from famprog.components.tokens import wrapped_line_breaks

    rng = random.Random(seed)
    pieces = ["Familien", "zentrum", "in", "der", "Stadt.", "Das", "Land", "fördert", "\n", "\n\n", " \n", "\n "]
    lines = ["".join(rng.choice(pieces) + " " for _ in range(12)) for _ in range(8)]
    doc = pipeline("\n".join(line.ljust(70, "x") if rng.random() < 0.6 else line for line in lines))
    words = [t.text for t in doc]
    by_scan = {
        i
        for i in range(len(doc) - 1)
        if words[i].isspace() and words[i].count("\n") == 1 and doc[i + 1].is_sent_start is False
    }
    assert wrapped_line_breaks(doc, words) == by_scan


SENTENCIZER_PIECES = ["Das", "Land", "fördert", ".", "!", "?", "...", "!?", "“", "„", ")", "2021.", "e.V.", "𑁇", "。"]


@pytest.mark.parametrize("punct_chars", [None, [".", "𑁇"], [".", "!?"], ["“"]])
@pytest.mark.parametrize("seed", range(15))
def test_sentencizer_splits_as_spacys_for_any_punct_chars(seed, punct_chars, pipeline):
    import random

    import spacy

    from famprog.components.structure import FamprogSentencizer
    from famprog.extract import make_doc

    rng = random.Random(seed)
    text = "".join(rng.choice(SENTENCIZER_PIECES) + rng.choice([" ", " ", "", "\n"]) for _ in range(40))
    reference = spacy.blank("de").add_pipe("sentencizer", config={"punct_chars": punct_chars})
    ours = FamprogSentencizer("sentencizer", punct_chars=punct_chars)
    expected = [t.is_sent_start for t in reference(make_doc(pipeline, text))]
    assert [t.is_sent_start for t in ours(make_doc(pipeline, text))] == expected


@pytest.mark.parametrize("seed", range(30))
def test_mask_blanks_the_ranges_as_a_character_loop_does(seed):
    import random

    from famprog.components.values import mask

    rng = random.Random(seed)
    text = "".join(rng.choice(["Menü", "\n", " ", "Kita", "\n\n", "ä"]) for _ in range(40))
    ranges = []
    for _ in range(rng.randrange(5)):  # unsorted, overlapping, empty, touching the ends
        start = rng.randrange(len(text) + 1)
        ranges.append((start, rng.randrange(start, len(text) + 1)))
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    assert mask(text, ranges) == "".join(chars)


WORD_TABLE = [
    ["Die", "Stiftung", "Kinderglück", "fördert", "das", "Landesprogramm", "„", "Starke", "Familien", "“", "."],
    ["Stiftung", "e.", "V.", "(", "dpa", ")", "BMFSFJ", "und", "Sächsische", "Familienzentren"],
    ["Ministerin", "Dr.", "Anna", "Kolbe", "sagte", ":", "Foto", ":", "Jan", "von", "Arnim"],
    [],
    ["und", "und", "und"],
]


@pytest.mark.parametrize("limit", [1, 3, 50_000])
def test_word_classes_give_the_classes_of_the_test_and_stay_bounded(limit):
    from famprog.components.lexicon_view import WordClasses

    def classify(word: str) -> int:
        return len(word) if word[:1].isupper() else 0

    classes = WordClasses(classify, limit=limit)
    bound = max(limit, *(len(set(words)) for words in WORD_TABLE))  # a text has all its words' classes
    for _ in range(2):  # the second round answers from the kept classes (or after forgetting them)
        for words in WORD_TABLE:
            assert classes.positions(words) == [i for i, w in enumerate(words) if classify(w)]
            assert classes.classes(words) == [classify(w) for w in words]
            assert all(classes[w] == classify(w) for w in words)
            assert len(classes._classes) <= bound


def test_word_classes_keep_the_words_of_the_previous_generation():
    """A word met again after its generation has passed keeps its class without a new test; the
    classes kept stay within the bound."""
    from famprog.components.lexicon_view import WordClasses

    tested: list[str] = []

    def classify(word: str) -> int:
        tested.append(word)
        return len(word)

    classes = WordClasses(classify, limit=10)
    classes.classes(["Stiftung", "Verein"])
    classes.classes(["a", "b", "c", "d"])  # the current generation is full: it becomes the previous one
    assert "Stiftung" in classes._previous and "Stiftung" not in classes._classes
    tested.clear()
    assert classes.classes(["Stiftung", "a"]) == [8, 1]
    assert tested == []
    assert "Stiftung" in classes._classes
    for n in range(50):
        classes.classes([f"w{n}", f"x{n}"])
        assert len(classes._classes) + len(classes._previous) <= 10


def _bundled_views(pipeline):
    from pathlib import Path

    from famprog.components.tokens import TokenView
    from famprog.extract import annotate
    from famprog.reading import read_path

    root = Path(__file__).resolve().parent.parent
    paths = [p for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file()]
    paths += sorted((root / "tests" / "fixtures" / "devset" / "texts").glob("*.txt"))
    for path in paths:
        doc = annotate(pipeline, read_path(path))
        yield doc, TokenView(doc)


def test_name_walks_over_key_words_find_what_walks_over_every_token_find(pipeline):
    """The key words (``is_key_word``) are all the tokens a name walk acts at: walking only them finds
    the same quotations, headed names, short organisations and abbreviations as walking every token."""
    from famprog.components.lexicon_view import name_lexicon
    from famprog.components.names import NameRecognizer

    recognizer = NameRecognizer(name_lexicon())
    for _, v in _bundled_views(pipeline):
        keys, every = recognizer.key_words.positions(v.words), list(range(v.n))
        assert recognizer.quotations(v, keys) == recognizer.quotations(v, every)
        assert recognizer.headed_names(v, set(), keys) == recognizer.headed_names(v, set(), every)
        spans = recognizer.headed_names(v, set(), every)
        assert recognizer.short_organisations(v, spans, keys) == recognizer.short_organisations(v, spans, every)
        assert recognizer.abbreviations(v, list(spans), keys) == recognizer.abbreviations(v, list(spans), every)


def test_people_openers_are_every_word_a_person_walk_acts_at(pipeline):
    """A word without an opener class starts no person: it is no role word, title, cue (or first part of
    one), given name or name part."""
    from famprog.components.lexicon_view import name_lexicon
    from famprog.components.people import PeopleRecognizer

    people = PeopleRecognizer(name_lexicon())
    lex = people.lex
    for _, v in _bundled_views(pipeline):
        for w in set(v.words):
            acts = w[0].isupper() and (
                lex.is_role(w)
                or w in people.role_abbreviations
                or w in people.title_words
                or w in lex.person_cues
                or any(cue.startswith(w) and cue != w for cue in lex.person_cues)
                or w in lex.given_names
                or people.name_part(w)
            )
            assert bool(people.opens_person(w)) == bool(acts), w


def test_people_candidates_find_what_trying_every_opener_finds(pipeline):
    """The name parts ``candidates`` leaves out (followed by no word that may go on with a name, and
    no first part of a cue) start no person: recognizing at every opener finds the same people."""
    from famprog.components.lexicon_view import name_lexicon
    from famprog.components.people import PeopleRecognizer

    people = PeopleRecognizer(name_lexicon())
    every_opener = PeopleRecognizer(name_lexicon())
    every_opener.candidates = lambda words: [  # type: ignore[method-assign]
        (i, every_opener.openers[words[i]]) for i in every_opener.openers.positions(words)
    ]
    found = 0
    for doc, v in _bundled_views(pipeline):
        blocked = v.clutter_flags()
        assert people.recognize(v, list(blocked)) == every_opener.recognize(v, list(blocked))
        found += len(doc.spans["famprog_people"])
    assert found > 0


def test_blocking_name_spans_marks_the_view_tokens_inside_them(pipeline):
    """``block_spans`` marks the same view tokens as a look-up of every Doc token of the spans,
    also in hard-wrapped texts, whose line breaks inside sentences are no tokens of the view."""
    import textwrap
    from pathlib import Path

    from spacy.tokens import Doc

    from famprog.components.people import block_spans
    from famprog.components.tokens import TokenView
    from famprog.extract import annotate

    def folded(path: Path) -> tuple[Doc, TokenView]:  # every paragraph line wrapped at 72 characters
        lines = read_bytes(path.read_bytes(), path.name).text.split("\n")
        text = "\n".join("\n".join(textwrap.wrap(line, 72, break_long_words=False)) or line for line in lines)
        doc = annotate(pipeline, read_bytes(text.encode("utf-8"), path.name))
        return doc, TokenView(doc)

    raw = sorted((Path(__file__).resolve().parent.parent / "data" / "raw").rglob("*.txt"))
    docs = [*map(folded, raw), *_bundled_views(pipeline)]
    assert any(v.n < len(doc) for doc, v in docs)  # some texts have wrapped line breaks
    for doc, v in docs:
        spans = [*doc.spans["famprog_programs"], *doc.spans["famprog_organisations"]]
        expected = [False] * v.n
        for span in spans:
            for t in range(span.start, span.end):
                i = v.view_index(t)
                if i is not None:
                    expected[i] = True
        blocked = [False] * v.n
        block_spans(v, spans, blocked)
        assert blocked == expected


def test_span_text_is_the_document_text_at_its_characters(pipeline):
    """Linking reads a span's text as the document text at the span's characters (no spaCy Span.text,
    which builds a Token per token): the two are the same for every span of every group."""
    from famprog.components.tokens import span_chars, text_of

    for doc, _ in _bundled_views(pipeline):
        text = text_of(doc)
        for key in ("famprog_programs", "famprog_organisations", "famprog_people"):
            for span in doc.spans.get(key, []):
                start, end = span_chars(span)
                assert text[start:end] == span.text


HAND_OVER_TEXTS = [
    "",
    "Die Arbeiterwohlfahrt (AWO) e.V. fördert\nFamilien.",
    "Die Ev. Kirchengemeinde Nord und die Kath. Pfarrei Süd.",  # famprog_clutter merges tokens
    "Familienzentrum\u200b Mobile\u200bhilfe in Jena.",  # famprog_clutter splits tokens
    "Das Landesprogramm Familien-\nzentren fördert die Arbeit\nder Zentren.",  # wrapped lines
    "Anfang\n" + "„" * 450 + "\nEnde ",  # a long chunk, not kept by the chunk cache
]


@pytest.mark.parametrize("text", HAND_OVER_TEXTS)
def test_token_words_from_the_tokenizer_are_the_docs_tokens_after_every_component(pipeline, text):
    from famprog.components.tokens import TEXT_KEY, WORDS_KEY, TokenView, token_words
    from famprog.extract import make_doc

    doc = make_doc(pipeline, text)
    assert WORDS_KEY in doc.user_data
    doc.user_data[TEXT_KEY] = text
    for _, component in pipeline.pipeline:
        doc = component(doc)
        assert token_words(doc) == [t.text for t in doc]
    view = TokenView(doc)
    doc.user_data.pop(WORDS_KEY)  # the same view with the words sliced from the text
    sliced = TokenView(doc)
    assert (view.words, view.breaks, view.doc_index) == (sliced.words, sliced.breaks, sliced.doc_index)


def test_token_words_are_handed_over_only_while_the_tokens_are_those_of_the_tokenizer(pipeline):
    from famprog.components.tokens import OFFSETS_KEY, WORDS_KEY, token_words
    from famprog.extract import make_doc

    doc = make_doc(pipeline, "Die Ev. Kirchengemeinde lädt ein.")
    assert token_words(doc) is doc.user_data[WORDS_KEY][1]
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:3])
    doc.user_data.pop(OFFSETS_KEY, None)  # as famprog's components do after changing tokens
    assert token_words(doc) is not doc.user_data[WORDS_KEY][1]
    assert token_words(doc) == ["Die", "Ev.", "Kirchengemeinde", "lädt", "ein", "."]


OCCURRENCE_PIECES = ["Ott", "Bär", "SPD", "Kolbe", "Jan Kolbe", "Ot", "O", "Otto", "Ott-Bär", "(", ")", ",", "."]
OCCURRENCE_PIECES += ["Ottos", "CDU", "CD", "von Arnim", "Arnim", "\n", "e.V.", "Stiftung Ott"]


@pytest.mark.parametrize("seed", range(40))
def test_occurrences_at_token_starts_are_the_same_for_few_and_for_many_forms(seed, pipeline):
    import random

    from famprog.components.tokens import FEW_FORMS, occurrences, token_offsets
    from famprog.extract import make_doc

    rng = random.Random(seed)
    absent = [f"Zzzz{n:03d}" for n in range(FEW_FORMS)]  # never in the text: only the other search is used
    for _ in range(50):
        pieces = [
            rng.choice(OCCURRENCE_PIECES) + rng.choice(["", " ", " ", "-", "\n"]) for _ in range(rng.randint(1, 12))
        ]
        text = "".join(pieces)
        forms = rng.sample(OCCURRENCE_PIECES, rng.randint(1, 8))
        starts = token_offsets(make_doc(pipeline, text))[0]
        few = occurrences(text, forms, starts)
        assert few == occurrences(text, forms + absent, starts)
        assert few == [f for f in occurrences(text, forms) if f[0] in starts]  # all places, at tokens
        assert len(set(few)) == len(few)


@pytest.mark.parametrize(
    "text",
    ["Die Mitglieder der SPD", "bei der CD", "Frau Ott", "Frau Ot", "Herr O", "O", "SPD", "SPD,CD", "Otto Bär"],
)
def test_occurrences_list_a_short_form_ending_the_text_once(text, pipeline):
    """A form shorter than the look-up prefix that ends the text is one occurrence in every search
    (the look-up by first characters used to list it once per prefix length)."""
    from famprog.components.tokens import FEW_FORMS, occurrences, token_offsets
    from famprog.extract import make_doc

    forms = ["SPD", "CD", "Ott", "Ot", "O", "Bär", "Otto"]
    starts = token_offsets(make_doc(pipeline, text))[0]
    many = forms + [f"Zzzz{n:03d}" for n in range(FEW_FORMS)]
    expected = [f for f in occurrences(text, forms) if f[0] in starts]
    assert occurrences(text, forms, starts) == expected
    assert occurrences(text, many, starts) == expected
    assert len(set(expected)) == len(expected) >= 1


def test_word_start_matches_with_keys_starting_with_whitespace_start_inside_tokens_only(pipeline):
    import re

    from famprog.components.tokens import TokenView, word_start_matches
    from famprog.extract import make_doc

    text = "(x) SPD und  SPD."  # the space after ")" belongs to no token; the second of two is one
    view = TokenView(make_doc(pipeline, text))
    [matches] = word_start_matches([re.compile(r" SPD")], view, frozenset({" S"}))
    assert [m.span() for m in matches] == [(12, 16)]
    [matches] = word_start_matches([re.compile(r"SPD")], view, frozenset({"SP"}))
    assert [m.span() for m in matches] == [(4, 7), (13, 16)]
