"""Facts tie values to the program they are about; each rule on a text written for it."""

from __future__ import annotations

import re

import pytest

from famprog.extract import extract
from famprog.nlp import build_pipeline
from famprog.reading import read_bytes
from famprog.serialize import record_to_dict


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


def facts(pipeline, text: str) -> list[tuple]:
    rec = record_to_dict(extract(pipeline, read_bytes(text.encode("utf-8"), "facts.txt")))
    return [(f["subject_name"], f["predicate"], f["value"], f.get("as_of")) for f in rec["facts"]]


def test_funding_through_anaphora(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ wirkt. Dieses Programm, welches das Land mit 1,5 Millionen Euro "
        "jährlich fördert, soll wachsen."
    )
    assert facts(pipeline, text) == [("Familie vor Ort", "funding", 1500000, None)]


def test_count_in_the_sentence_after_the_program(pipeline):
    text = (
        "Eine feste Größe sind die Sächsischen Familienzentren geworden. Rund 40 Kindertageseinrichtungen machen mit."
    )
    assert facts(pipeline, text) == [("Sächsischen Familienzentren", "center_count", 40, None)]


def test_count_far_from_any_program_belongs_to_the_funding_line_not_the_program(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ wirkt.\n\nFamilienzentren sind Orte der Begegnung. Sie beraten "
        "Eltern. Sie vernetzen Angebote.\n\nIn Sachsen gibt es 16 Familienzentren."
    )
    assert facts(pipeline, text) == [("Familienzentren (Sachsen)", "center_count", 16, None)]


def test_span_gives_start_and_end(pipeline):
    text = (
        "Das Modellprojekt „Kitas als Familienorte“ lief vom 1. März 2015 bis 31. Dezember 2018 "
        "in zwölf ausgewählten Modelleinrichtungen."
    )
    got = facts(pipeline, text)
    assert ("Kitas als Familienorte", "start", "2015-03-01", "2015-03-01") in got
    assert ("Kitas als Familienorte", "end", "2018-12-31", "2015-03-01") in got
    assert ("Kitas als Familienorte", "center_count", 12, "2015-03-01") in got  # the date before it in the sentence


def test_since_date_needs_exactly_one_named_program(pipeline):
    one = "Seit 2016 fördert das Land die Bayerischen Familienstützpunkte."
    two = "Seit 2019 läuft die Richtlinie FaBi im Rahmen des Landesprogramms „Starke Familien“."
    assert facts(pipeline, one) == [("Bayerischen Familienstützpunkte", "start", "2016", "2016")]
    assert [f for f in facts(pipeline, two) if f[1] == "start"] == []


def test_operated_by_cooperation_and_as_of_document_date(pipeline):
    text = (
        "Pressemitteilung vom 02.05.2022\n\nDas Programm „Starke Wege“ startet. Es wird in Kooperation mit "
        "dem Institut für Familienforschung und Beratung (IFB) umgesetzt."
    )
    assert ("Starke Wege", "operated_by", "Institut für Familienforschung und Beratung", "2022-05-02") in facts(
        pipeline, text
    )


def test_a_funder_is_neither_a_fact_of_the_contract_nor_an_operator(pipeline):
    text = "Die Lindenberg-Stiftung fördert das Landesprogramm „Familie vor Ort“ seit Jahren."
    assert [f for f in facts(pipeline, text) if f[1] in ("funded_by", "operated_by")] == []


@pytest.mark.parametrize(
    ("text", "run"),
    [
        # the program's run
        (
            "Das Landesprogramm „Familie vor Ort“ läuft von März 2017 bis Dezember 2020.",
            [("start", "2017-03"), ("end", "2020-12")],
        ),
        (
            "Die Laufzeit des Landesprogramms „Familie vor Ort“ geht vom 1. März 2017 bis 31. Dezember 2020.",
            [("start", "2017-03-01"), ("end", "2020-12-31")],
        ),
        # a phase of it: the first starts the program, a later one runs it to its end
        (
            "Das Landesprogramm „Familie vor Ort“ hatte in der ersten Laufzeit von März 2017 bis Dezember 2020 "
            "zwölf Standorte.",
            [("start", "2017-03")],
        ),
        ("Im Landesprogramm „Familie vor Ort“ lief die Pilotphase von März 2017 bis Mai 2018.", [("start", "2017-03")]),
        (
            "Im Landesprogramm „Familie vor Ort“ läuft die zweite Förderphase von März 2021 bis Dezember 2023.",
            [("end", "2023-12")],
        ),
        (
            "Im Landesprogramm „Familie vor Ort“ werden in der neuen Förderperiode vom 1. Januar 2024 bis "
            "31. Dezember 2028 280 Standorte gefördert.",
            [("end", "2028-12-31")],
        ),
    ],
)
def test_a_phase_of_a_program_is_not_its_run(pipeline, text, run):
    assert [(f[1], f[2]) for f in facts(pipeline, text) if f[1] in ("start", "end")] == run


@pytest.mark.parametrize(
    ("text", "per"),
    [
        (
            "In Bayern gibt es 120 Familienstützpunkte (FSP). Der Freistaat fördert jeden FSP mit 7.000 Euro im Jahr.",
            ["Familienstützpunkt"],
        ),
        (
            "In Hessen gibt es 200 Familienzentren (FZ). Das Land fördert jedes FZ mit 12.000 Euro im Jahr. "
            "Der Zuschuss für die Familienzentren steigt auf bis zu 14.000 Euro.",
            ["Familienzentrum", "Familienzentrum"],
        ),
    ],
)
def test_a_sum_per_the_short_form_of_the_facilities_is_per_facility(pipeline, text, per):
    """One unit for the sums of a line, whether a release writes "je FSP" or "für die Familienstützpunkte"."""
    rec = record_to_dict(extract(pipeline, read_bytes(text.encode(), "p.txt")))
    assert [f.get("per") for f in rec["facts"] if f["predicate"] == "funding"] == per


def test_amount_without_program_is_no_fact(pipeline):
    assert facts(pipeline, "Die Stadt gibt 50.000 Euro für den Spielplatz aus.") == []


def test_evidence_is_the_sentence(pipeline):
    text = "Das Landesprogramm „Familie vor Ort“ erhält 2 Millionen Euro. Mehr folgt."
    rec = record_to_dict(extract(pipeline, read_bytes(text.encode(), "e.txt")))
    evidence = rec["facts"][0]["evidence"]
    assert evidence["text"] == "Das Landesprogramm „Familie vor Ort“ erhält 2 Millionen Euro."
    assert text[evidence["start"] : evidence["end"]] == evidence["text"]


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        (
            "Für das Landesprogramm „Familie vor Ort“ steigen die Mittel von 0,6 auf 2,6 Millionen Euro jährlich.",
            2600000,
        ),
        ("Das Landesprogramm „Familie vor Ort“ wächst von 2,5 Millionen Euro auf 3,5 Millionen Euro.", 3500000),
        ("Im Landesprogramm „Familie vor Ort“ gibt es künftig 14.000 Euro statt 12.000 Euro.", 14000),
        ("Im Landesprogramm „Familie vor Ort“ gibt es 14.000 Euro statt bis dahin 12.000 Euro.", 14000),
        ("Im Landesprogramm „Familie vor Ort“ steigt die Zahl von zunächst 40 auf 52 Familienzentren.", 52),
        # a value of the past, then one of the present
        (
            "Im Landesprogramm „Familie vor Ort“ wurden unter der damaligen Ministerin 261 Familienzentren "
            "zertifiziert; heute sind es 3252.",
            3252,
        ),
        ("Im Landesprogramm „Familie vor Ort“ gab es anfangs 12 Familienzentren, inzwischen sind es 40.", 40),
        ("Das Landesprogramm „Familie vor Ort“ hatte damals 2 Mio. Euro, heute sind es 5 Mio. Euro.", 5000000),
        ("Im Landesprogramm „Familie vor Ort“ waren es ursprünglich 30 Familienzentren, mittlerweile sind es 45.", 45),
    ],
)
def test_a_change_of_level_gives_the_new_value_only(pipeline, sentence, level):
    values = [f[2] for f in facts(pipeline, sentence) if f[1] in ("funding", "center_count")]
    assert values == [level]


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Landesprogramm „Familie vor Ort“ wird um 3,5 Millionen Euro aufgestockt.",
        "Das Landesprogramm „Familie vor Ort“ wird um jeweils bis zu 1.000 Euro erhöht.",
        "Das Landesprogramm „Familie vor Ort“ erhält 2024 rund 400.000 Euro mehr.",
        "Für das Landesprogramm „Familie vor Ort“ stehen 2025 rund 4 Millionen Euro zusätzlich zur Verfügung.",
        "Das Landesprogramm „Familie vor Ort“ bekommt 2024 1,5 Mio. Euro zusätzlich.",
        "Das Landesprogramm „Familie vor Ort“ erhält 200.000 Euro weniger.",
        "Weitere zehn Millionen Euro sind zur Aufstockung des Landesprogramms „Familie vor Ort“ vorgesehen.",
        "Für das Landesprogramm „Familie vor Ort“ stehen 2 Millionen Euro zur Aufstockung bereit.",
    ],
)
def test_an_increase_is_no_level(pipeline, sentence):
    assert [f for f in facts(pipeline, sentence) if f[1] == "funding"] == []


@pytest.mark.parametrize(
    ("sentence", "levels"),
    [
        # two values of the present, or no value said of the past: both stay
        ("Im Landesprogramm „Familie vor Ort“ gibt es heute 40 Familienzentren und 12 Familienbüros.", [40, 12]),
        ("Das Landesprogramm „Familie vor Ort“ fördert 40 Familienzentren, derzeit auch 12 Familienbüros.", [40, 12]),
        ("Damals wie heute fördert das Landesprogramm „Familie vor Ort“ 40 Familienzentren.", [40]),
    ],
)
def test_values_of_the_present_stay(pipeline, sentence, levels):
    assert [f[2] for f in facts(pipeline, sentence) if f[1] == "center_count"] == levels


def test_amount_for_each_center_is_a_funding_fact(pipeline):
    text = "Im Landesprogramm „Familie vor Ort“ kann jedes Familienzentrum bis zu 35.000 Euro pro Jahr erhalten."
    assert [f[:3] for f in facts(pipeline, text) if f[1] == "funding"] == [("Familie vor Ort", "funding", 35000)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Im Landesprogramm „Familie vor Ort“ entstehen in jedem Bezirk vier Familienzentren.",
        "Im Landesprogramm „Familie vor Ort“ gibt es je Landkreis zwei Familienzentren.",
        "Im Landesprogramm „Familie vor Ort“ arbeiten pro Stadtteil drei Familienzentren.",
    ],
)
def test_a_count_per_district_is_no_program_count(pipeline, sentence):
    assert [f for f in facts(pipeline, sentence) if f[1] == "center_count"] == []


@pytest.mark.parametrize(
    "share",
    [
        "In Bayern arbeiten 88 Mehrgenerationenhäuser.",
        "23 der geförderten Mehrgenerationenhäuser gibt es in Mecklenburg-Vorpommern.",
        "Im Freistaat Sachsen sind es 40 Mehrgenerationenhäuser.",
    ],
)
def test_a_states_share_is_no_count_of_a_federal_program(pipeline, share):
    text = f"Das Bundesprogramm „Miteinander vor Ort“ fördert 530 Mehrgenerationenhäuser. {share}"
    assert [f[2] for f in facts(pipeline, text) if f[1] == "center_count"] == [530]


@pytest.mark.parametrize(
    ("second", "kept"),
    [
        ("Davon trägt der Bund 30.000 Euro.", []),
        ("Die Kommunen tragen davon 10.000 Euro.", []),
        ("Davon entfielen allein 2,6 Millionen Euro auf das Jahr 2023.", []),
        ("Davon flossen allein 2,6 Millionen Euro im Jahr 2023.", [2600000]),
    ],
)
def test_a_part_of_a_sum_is_no_level(pipeline, second, kept):
    text = f"Das Landesprogramm „Familie vor Ort“ erhält insgesamt 8,7 Millionen Euro. {second}"
    assert [f[2] for f in facts(pipeline, text) if f[1] == "funding" and f[2] != 8700000] == kept


@pytest.mark.parametrize(
    "second",
    [
        "Die Kita „Sonnenblume“ in Pirna erhält 18.000 Euro für neue Spielgeräte.",
        "Das Familienzentrum „Lindenhof“ bekommt 5.000 Euro von einem Sponsor.",
        "Die Kommunen tragen 10.000 Euro.",
    ],
)
def test_money_of_one_named_facility_or_another_actor_is_not_the_programs(pipeline, second):
    text = f"Das Landesprogramm „Familie vor Ort“ fördert 45 Eltern-Kind-Zentren. {second}"
    assert [f for f in facts(pipeline, text) if f[1] == "funding"] == []


@pytest.mark.parametrize(
    ("second", "per"),
    [
        (
            "Über fünf Jahre erhalten 500 ausgewählte Mehrgenerationenhäuser jährlich 40.000 Euro.",
            "Mehrgenerationenhaus",
        ),
        ("Familienzentren in benachteiligten Stadtteilen erhalten künftig 14.000 Euro.", "Familienzentrum"),
        ("Alle anderen Familienzentren werden mit 13.000 Euro gefördert.", "Familienzentrum"),
        ("Insgesamt erhalten die Familienzentren 200.000 Euro.", None),
        ("Das Land stellt dafür 40.000 Euro bereit.", None),
        # the grant for the facilities of a kind, without their number
        ("Der Zuschuss des Landes für die Familienzentren soll auf bis zu 9.000 Euro steigen.", "Familienzentrum"),
        ("Die Pauschale für alle Mehrgenerationenhäuser beträgt 12.000 Euro im Jahr.", "Mehrgenerationenhaus"),
        ("Der Zuschuss für die 20 Familienzentren beträgt 200.000 Euro.", None),  # their total
        ("Der Zuschuss für die Familienzentren beträgt insgesamt 200.000 Euro.", None),
    ],
)
def test_a_sum_that_a_plural_of_facilities_receives_is_per_facility(pipeline, second, per):
    text = f"Das Landesprogramm „Familie vor Ort“ wächst. {second}"
    rec = record_to_dict(extract(pipeline, read_bytes(text.encode(), "p.txt")))
    assert [f.get("per") for f in rec["facts"] if f["predicate"] == "funding"] == [per]


@pytest.mark.parametrize(
    "second",
    [
        "Das Mehrgenerationenhaus wird in Höhe von jährlich 5.000 Euro von der Stadt kofinanziert.",
        "Die Stadtverordnetenversammlung stellt im Haushalt jährlich 5.000 Euro für die Förderung bereit.",
    ],
)
def test_one_houses_money_and_a_towns_budget_are_not_the_programs(pipeline, second):
    text = f"Das Bundesprogramm „Miteinander vor Ort“ läuft weiter. {second}"
    assert [f for f in facts(pipeline, text) if f[1] == "funding"] == []


def test_the_place_a_federal_statement_was_made_is_no_share(pipeline):
    text = (
        "Das Bundesprogramm „Miteinander vor Ort“ wird fortgesetzt. Wie das Ministerium am Mittwoch in Berlin "
        "mitteilte, erhalten die bundesweit rund 530 Mehrgenerationenhäuser auch 2025 Geld."
    )
    assert [f[2] for f in facts(pipeline, text) if f[1] == "center_count"] == [530]


@pytest.mark.parametrize(
    ("second", "subject"),
    [
        (
            "In diesem Förderprogramm stehen jährlich 2 Millionen Euro für die Netzwerke Frühe Hilfen bereit.",
            "Starke Familien",
        ),
        ("Diese Bundesinitiative hat 3 Millionen Euro im Jahr.", "Bundesinitiative Frühe Hilfen"),
    ],
)
def test_a_demonstrative_refers_to_the_program_whose_head_word_it_repeats(pipeline, second, subject):
    text = (
        "Die Bundesinitiative Frühe Hilfen wird seit 2013 ergänzt durch das Landesförderprogramm „Starke "
        f"Familien“ und die Bundesinitiative Frühe Hilfen. {second}"
    )
    assert [f[0] for f in facts(pipeline, text) if f[1] == "funding"] == [subject]


def test_a_sentence_with_its_own_actor_does_not_inherit_the_program(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ fördert Familienzentren. "
        "Am Ausbau beteiligt sich der Bund mit 1,2 Millionen Euro."
    )
    assert [f for f in facts(pipeline, text) if f[1] == "funding"] == []


@pytest.mark.parametrize(
    ("text", "predicate", "value"),
    [
        ("Das Landesprogramm „Familie vor Ort“ startet am 1. Januar 2017.", "start", "2017-01-01"),
        ("Das Landesprogramm „Familie vor Ort“ läuft von 2017 bis 2020.", "end", "2020"),
        ("Das Landesprogramm „Familie vor Ort“ läuft von 2017 bis 2020.", "start", "2017"),
        ("Das Landesprogramm „Familie vor Ort“ wurde im Jahr 2014 eingeführt.", "start", "2014"),
        ("Das Landesprogramm „Familie vor Ort“ endet im Dezember 2022.", "end", "2022-12"),
        ("Das Landesprogramm „Familie vor Ort“ tritt am 1. Juli 2013 in Kraft.", "start", "2013-07-01"),
        (
            "Im Jahr 2009 hat das Land erstmals Mittel für das Landesprogramm „Familie vor Ort“ bereitgestellt.",
            "start",
            "2009",
        ),
        ("Die Förderung im Landesprogramm „Familie vor Ort“ wird ab 1. Januar 2016 gewährt.", "start", "2016-01-01"),
    ],
)
def test_start_and_end_cues(pipeline, text, predicate, value):
    assert [f[2] for f in facts(pipeline, text) if f[1] == predicate] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Im Landesprogramm „Familie vor Ort“ steigen die Mittel ab 2025 von 2,1 auf 3,4 Millionen Euro.",
        "Im Landesprogramm „Familie vor Ort“ gibt es seit 2020 bis zu 40.000 Euro pro Haus.",
        "Das Landesprogramm „Familie vor Ort“ lädt am 3./4. Mai 2018 zur Fachtagung ein.",
        "Anträge für das Landesprogramm „Familie vor Ort“ sind vom 1. November 2024 bis 15. Dezember 2024 möglich.",
    ],
)
def test_no_start_from_the_date_of_a_value_or_an_event(pipeline, text):
    assert [f for f in facts(pipeline, text) if f[1] == "start"] == []


def test_no_end_from_a_sentence_about_something_else(pipeline):
    text = "Das Landesprogramm „Familie vor Ort“ bildet Fachkräfte aus. Sie werden bis November 2023 qualifiziert."
    assert [f for f in facts(pipeline, text) if f[1] == "end"] == []


def test_start_cue_and_end_cue_refer_back_to_the_program(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ wächst. Das Programm war im März 2018 mit neun Kitas gestartet. "
        "Die Förderung läuft bis Ende 2027."
    )
    got = facts(pipeline, text)
    assert ("Familie vor Ort", "start", "2018-03", "2018-03") in got
    assert ("Familie vor Ort", "end", "2027", None) in got


def test_budget_year_span_is_no_program_run(pipeline):
    text = "Das Landesprogramm „Familie vor Ort“ ist im Doppelhaushalt 2023/24 mit 2 Millionen Euro ausgestattet."
    assert [f for f in facts(pipeline, text) if f[1] in ("start", "end")] == []


def test_passive_operator(pipeline):
    text = "Das Landesprogramm „Familie vor Ort“ wird von der Servicestelle Familienorte koordiniert."
    assert ("Familie vor Ort", "operated_by", "Servicestelle Familienorte", None) in facts(pipeline, text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Servicestelle Familienorte koordiniert das Landesprogramm „Familie vor Ort“.",
        "Die Koordination des Landesprogramms „Familie vor Ort“ übernimmt die Servicestelle Familienorte.",
        "Träger des Landesprogramms „Familie vor Ort“ ist die Servicestelle Familienorte.",
    ],
)
def test_operator_cues(pipeline, sentence):
    assert ("Familie vor Ort", "operated_by", "Servicestelle Familienorte", None) in facts(pipeline, sentence)


def test_added_centers_and_evaluation_costs_are_no_program_facts(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ umfasst 40 Familienzentren. 23 weitere Kitas befinden sich auf dem Weg. "
        "Die Evaluation des Programms kostete 120.000 Euro."
    )
    assert facts(pipeline, text) == [("Familie vor Ort", "center_count", 40, None)]


@pytest.mark.parametrize(
    "added",
    [
        "23 weitere Kitas befinden sich auf dem Weg.",
        "Ab 1. Juli 2023 können weitere 157 Kitas unterstützt werden.",
        "Im Herbst kommen weitere 12 Familienzentren hinzu.",
        "2024 werden zusätzlich 15 Familienzentren gefördert.",
        "Dazu kommen zusätzliche 8 Standorte.",
        "Die neuen 20 Familienzentren starten im Mai.",
    ],
)
def test_centers_added_are_no_count_of_the_program_before_or_after_the_number(pipeline, added):
    text = f"Das Landesprogramm „Familie vor Ort“ umfasst 40 Familienzentren. {added}"
    assert facts(pipeline, text) == [("Familie vor Ort", "center_count", 40, None)]


@pytest.mark.parametrize(
    ("sentence", "second"),
    [
        ("2013 mit einer Million Euro und im darauffolgenden Jahr mit 2,5 Millionen Euro.", "2014"),
        ("2013 mit einer Million Euro und im Folgejahr mit 2,5 Millionen Euro.", "2014"),
        ("2013 mit einer Million Euro und im Jahr darauf mit 2,5 Millionen Euro.", "2014"),
        ("im März 2013 mit einer Million Euro, ein Jahr später mit 2,5 Millionen Euro.", "2014"),
        ("2013 mit einer Million Euro und im folgenden Jahr mit 2,5 Millionen Euro.", "2014"),
        ("2013 mit einer Million Euro und danach mit 2,5 Millionen Euro.", "2013"),  # no year named
    ],
)
def test_the_following_year_dates_a_value_after_a_year(pipeline, sentence, second):
    text = f"Das Land förderte das Landesprogramm „Familie vor Ort“ {sentence}"
    dated = [(f[2], f[3]) for f in facts(pipeline, text) if f[1] == "funding"]
    assert dated[0][0] == 1000000 and dated[0][1].startswith("2013")
    assert dated[1] == (2500000, second)


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Land bat den Bund zum Landesprogramm „Familie vor Ort“, bis Ende Juli 2019 mitzuteilen, ob es weitergeht.",
        "Anträge für das Landesprogramm „Familie vor Ort“ können bis zum 31. März 2024 gestellt werden.",
        "Für das Landesprogramm „Familie vor Ort“ sind die Unterlagen bis 15. Mai 2024 einzureichen.",
        "Die Antragsfrist im Landesprogramm „Familie vor Ort“ endet am 30. Juni 2024.",
        "Im Landesprogramm „Familie vor Ort“ ist der Bedarf bis zum 1. Oktober 2024 anzumelden.",
    ],
)
def test_a_deadline_is_no_end_of_the_program(pipeline, sentence):
    assert [f for f in facts(pipeline, sentence) if f[1] == "end"] == []


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        ("Das Landesprogramm „Familie vor Ort“ läuft bis Ende 2025.", "2025"),
        ("Das Landesprogramm „Familie vor Ort“ endet am 30. Juni 2024.", "2024-06-30"),
        ("Das Landesprogramm „Familie vor Ort“ ist bis 2026 gesichert, wie das Ministerium mitteilte.", "2026"),
    ],
)
def test_an_end_without_a_deadline_word_stays(pipeline, sentence, end):
    assert [f[2] for f in facts(pipeline, sentence) if f[1] == "end"] == [end]


def test_short_name_and_answer_after_a_question_refer_to_the_program(pipeline):
    text = (
        "Seit 2022 gibt es das Landesprogramm Familienwerkstatt Baden-Württemberg.\n\n"
        "Frage: Wo steht das Programm?\n\nAntwort: Heute sind es 46 Familienzentren.\n\n"
        "Das Land fördert die Familienwerkstatt mit 1,9 Millionen Euro im Jahr."
    )
    got = facts(pipeline, text)
    assert ("Landesprogramm Familienwerkstatt Baden-Württemberg", "center_count", 46, None) in got
    assert ("Landesprogramm Familienwerkstatt Baden-Württemberg", "funding", 1900000, None) in got


def test_program_abbreviation_without_its_head_word(pipeline):
    rec = record_to_dict(
        extract(pipeline, read_bytes("Das Landesprogramm Familienzentren im Quartier (FiQ) wächst.".encode(), "a.txt"))
    )
    assert rec["programs"][0]["abbreviation"] == "FiQ"


@pytest.mark.parametrize(
    "reference",
    [
        "Das Programm hat sich bewährt.",
        "Dieses Förderprogramm hat sich bewährt.",
        "Das Landesprogramm hat sich bewährt.",
    ],
)
def test_a_reference_in_a_sentence_without_values_passes_the_program_on(pipeline, reference):
    # the sentence that refers to the program holds no value, date or organisation; a later sentence
    # within three of it inherits the program through that reference (the program's own name is
    # four sentences back, too far to inherit from directly)
    text = (
        "Das Landesprogramm „Familie vor Ort“ wirkt. Viele Eltern kommen gern. Die Räume sind hell. "
        f"{reference} Die Nachfrage wächst. Inzwischen machen 40 Einrichtungen mit."
    )
    assert facts(pipeline, text) == [("Familie vor Ort", "center_count", 40, None)]


def test_without_a_reference_a_far_program_is_not_inherited(pipeline):
    text = (
        "Das Landesprogramm „Familie vor Ort“ wirkt. Viele Eltern kommen gern. Die Räume sind hell. "
        "Es gibt Kaffee. Die Nachfrage wächst. Inzwischen machen 40 Einrichtungen mit."
    )
    assert facts(pipeline, text) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Dieses Programm läuft bis 2025.",
        "Das neue Landesprogramm startet im Mai.",
        "Die Initiative wird fortgeführt.",
        "Dem Modellprojekt stehen 2 Mio. Euro zur Verfügung.",
        "Des Vorhabens Ziel ist klar.",
        "Diese Richtlinie tritt in Kraft.",
        "Der Programmstart war 2019, gestartet wurde im Herbst.",
        "Die Kita erhält 5.000 Euro.",
        "Auftakt: ins Leben gerufen, erstmals zum ersten Mal",
        "Start-up, Starterpaket, restart, Neustart.",
        "In diesem Förderprogramm stehen 2 Mio. € bereit",
        "Mit dieser neuen Landesinitiative und diesen Richtlinien",
        "DIESES Vorhaben, Dieser Aktionsprojekte",
        "",
    ],
)
def test_cheap_checks_keep_the_searches_answer(sentence):
    from famprog.facts import ANAPHOR, DEMONSTRATIVE, START_CUE, _may_be_anaphor, _may_be_demonstrative

    if ANAPHOR.search(sentence):
        assert _may_be_anaphor(sentence)  # the substring test may only skip sentences without a match
    if DEMONSTRATIVE.search(sentence):
        assert _may_be_demonstrative(sentence)
    first_written = re.compile(START_CUE.pattern.replace("(?:[Ss]tart|", r"(?:\w*[Ss]tart|", 1))
    assert first_written.pattern != START_CUE.pattern
    assert bool(START_CUE.search(sentence)) == bool(first_written.search(sentence))


# the sentence patterns as written with a "\b" in front (facts.py writes it as a look-behind after the
# first letter, so that the regex engine skips to the letters that can open a match)
WITH_BOUNDARY_IN_FRONT = {
    "ANAPHOR": r"\b(?:(?:[Dd]ieses|[Dd]as|[Dd]em|[Dd]es|[Dd]iese[mn]?)\s+(?:(?:neue|[A-ZÄÖÜ]\w+er|\w+e)\s+)?"
    r"(?:Landes|Bundes|Förder|Modell)?(?:[Pp]rogramm(?:s|es)?|[Pp]rojekt(?:s|es)?|[Vv]orhaben(?:s)?)"
    r"|(?:[Dd]iese|[Dd]ie|[Dd]er)\s+(?:neuen?\s+)?(?:Landes)?(?:Initiative|Richtlinie))\b",
    "OWN_ACTOR": r"\b(?:beteilig\w*\s+sich\s+(?:der|die|das)|(?:der|die|das)\s+\w+\s+beteilig\w*\s+sich)\b"
    r"|\b(?:[Dd]er|[Dd]ie|[Dd]as)\s+(?:Bund|Kommunen?|Stadt|Gemeinden?|Landkreis|Kreis|Träger|Eltern|Verein)\s+"
    r"(?:zahl|gib|leist|trag|beteilig|steuer|finanzier)\w*"
    r"|\b(?:[Dd]ie|[Dd]as|[Dd]er)\s+(?:[\w-]+-)?(?:Kita|Kindertagesstätte|Familienzentrum|Mehrgenerationenhaus"
    r"|Eltern-Kind-Zentrum|Familienstützpunkt|Einrichtung|Haus)\s+[„\"»‚]",
    "MUNICIPAL_BODY": r"\b(?:Stadtverordnetenversammlung|Stadtrat|Gemeinderat|Kreistag|Stadtverwaltung"
    r"|Gemeindeverwaltung|Kreisverwaltung)\b",
    "OTHER_PURPOSE": r"\b(?:Evaluation|Evaluierung|Studie|Gutachten|Untersuchung|Umbau|Sanierung|Neubau)\b",
    "PART_OF_BEFORE": r"\b[Dd]avon\b[^.;]*$",
    "TOTAL": r"\b(?:[Ii]nsgesamt|Gesamt\w*|zusammen|alle\s+\w+\s+zusammen)\b",
}
SENTENCES_FOR_PATTERNS = [
    "Das Programm läuft weiter; dieses Förderprogramm und diesem Landesprogramm, xdas Programm, _das Projekt.",
    "Die neue Initiative und der Landesrichtlinie; Dder Bund zahlt, 1der Bund zahlt, -die Stadt trägt.",
    "Am Ausbau beteiligt sich der Bund, die Stadt beteiligt sich, Die Kita „Sonnenblume“ erhält, das Haus »A«.",
    "Stadtrat, xStadtrat, Gemeindeverwaltung. Kreistag-Beschluss und Kreisverwaltung",
    "Evaluation, Neubauten, _Studie, Umbau und Sanierung; insgesamt, Insgesamt, xinsgesamt, Gesamtkosten",
    "alle drei zusammen; davon trägt der Bund 30.000 Euro",
    "Davon",
    "é das Programm",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES_FOR_PATTERNS)
@pytest.mark.parametrize("name", sorted(WITH_BOUNDARY_IN_FRONT))
def test_sentence_patterns_match_as_written_with_a_boundary_in_front(name, sentence):
    import famprog.facts

    fast, written = getattr(famprog.facts, name), re.compile(WITH_BOUNDARY_IN_FRONT[name])
    for start in range(len(sentence) + 1):  # every suffix: the start of a string is a boundary too
        part = sentence[start:]
        assert [(m.span(), m.group()) for m in fast.finditer(part)] == [
            (m.span(), m.group()) for m in written.finditer(part)
        ]


CUE_WORDS = (
    "Start start gestartet startete startet begann beginnt begonnen Auftakt ins Leben gerufen aufgelegt eingeführt"
    " in  Kraft tritt gegründet erstmals zum ersten\nMal läuft befristet Laufzeit endet verlängert fortzuführen"
    " fortgeführt fortführen gesichert"
)


@pytest.mark.parametrize("sentence", SENTENCES_FOR_PATTERNS + ["Der Programmstart 2019", *CUE_WORDS.split(" ")])
def test_cue_words_are_in_every_cue(sentence):
    from famprog.facts import END_CUE, START_CUE, _Cues

    cues = _Cues(sentence)
    assert cues.start == bool(START_CUE.search(sentence))
    assert cues.end == bool(END_CUE.search(sentence))
    for m in START_CUE.finditer(sentence):
        assert any(word in m.group() for word in _Cues.START_WORDS)
    for m in END_CUE.finditer(sentence):
        assert any(word in m.group() for word in _Cues.END_WORDS)
