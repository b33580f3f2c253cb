"""famprog.reading: decoding, hostile input, HTML, web clutter (guidelines §1) and headlines."""

from __future__ import annotations

import codecs
import hashlib
import re
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from famprog.errors import InputError
from famprog.reading import SourceText, find_clutter, find_title, read_bytes, read_path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CLUTTER_YAML = Path(__file__).resolve().parents[1] / "src" / "famprog" / "resources" / "de" / "clutter.yaml"

GERMAN = "Grüße aus Köln: Das Land fördert „Familienzentren“ mit 5,2 Mio. € – größer, schöner, weiß."


def clutter_text(source: SourceText) -> list[str]:
    return [source.text[start:end] for start, end in source.clutter]


def is_covered(source: SourceText, needle: str) -> bool:
    """Every character of every occurrence of ``needle`` lies in a clutter range."""
    start = source.text.find(needle)
    assert start >= 0, f"{needle!r} not in text"
    while start >= 0:
        end = start + len(needle)
        if not any(a <= start and end <= b for a, b in source.clutter):
            return False
        start = source.text.find(needle, end)
    return True


def touches_clutter(source: SourceText, needle: str) -> bool:
    start = source.text.find(needle)
    assert start >= 0, f"{needle!r} not in text"
    end = start + len(needle)
    return any(a < end and start < b for a, b in source.clutter)


def assert_ranges_valid(text: str, ranges: tuple[tuple[int, int], ...]) -> None:
    previous_end = -1
    for start, end in ranges:
        assert 0 <= start < end <= len(text)
        assert start > previous_end, "ranges must be sorted and must not overlap or touch"
        assert text[start].strip() and text[end - 1].strip(), "a range starts and ends on a visible character"
        previous_end = end


# --------------------------------------------------------------------------- decoding

ENCODED = [
    ("utf-8", GERMAN.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"), "utf-16"),
    ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"), "utf-16"),
    ("utf-16 LE without BOM", GERMAN.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE without BOM", GERMAN.encode("utf-16-be"), "utf-16-be"),
    ("utf-32 with BOM", codecs.BOM_UTF32_LE + GERMAN.encode("utf-32-le"), "utf-32"),
    ("windows-1252", GERMAN.encode("cp1252"), "cp1252"),
]


@pytest.mark.parametrize(("label", "data", "encoding"), ENCODED, ids=[row[0] for row in ENCODED])
def test_decodes_german_text_without_mojibake(label: str, data: bytes, encoding: str) -> None:
    source = read_bytes(data, "pm.txt")
    assert source.text == GERMAN
    assert source.encoding == encoding
    assert source.format == "text"
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert not source.text.startswith("\ufeff")


def test_latin1_without_cp1252_specials() -> None:
    source = read_bytes("Straße in Gießen, Größe: 12 Plätze.".encode("latin-1"), "pm.txt")
    assert source.text == "Straße in Gießen, Größe: 12 Plätze."


def test_dos_codepage_is_recognised() -> None:
    text = "Die Förderung für Familienzentren in Thüringen wird erhöht. Größere Träger können Anträge stellen."
    source = read_bytes(text.encode("cp850"), "alt.txt")
    assert source.text == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zeile eins\r\nZeile zwei\r\n", "Zeile eins\nZeile zwei\n"),
        ("Zeile eins\rZeile zwei", "Zeile eins\nZeile zwei"),
        ("gemischt\r\n\rund\n", "gemischt\n\nund\n"),
    ],
)
def test_line_endings_are_normalized(raw: str, expected: str) -> None:
    assert read_bytes(raw.encode(), "pm.txt").text == expected


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Fördergelder für Thüringer Familien")
    assert decomposed != "Fördergelder für Thüringer Familien"
    assert read_bytes(decomposed.encode(), "pm.txt").text == "Fördergelder für Thüringer Familien"


def test_read_path_reads_file_and_uses_display_path(tmp_path: Path) -> None:
    file = tmp_path / "pm.txt"
    file.write_bytes(GERMAN.encode("cp1252"))
    source = read_path(file, display="raw/pm.txt")
    assert source.path == "raw/pm.txt"
    assert source.text == GERMAN
    assert read_path(file).path == str(file)


# --------------------------------------------------------------------------- hostile input

HOSTILE = [
    ("empty", b"", "empty file"),
    ("whitespace", b" \n\t\r\n  ", "no text"),
    ("no-break spaces", "\u00a0\n\u00a0".encode(), "no text"),
    ("BOM only", codecs.BOM_UTF8, "no text"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary data (PDF document), not text"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (PNG image), not text"),
    ("zip", b"PK\x03\x04\x14\x00\x06\x00", "binary data (ZIP archive or Office document), not text"),
    ("gif", b"GIF89a\x01\x00\x01\x00", "binary data (GIF image), not text"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary data (JPEG image), not text"),
    ("nul bytes", b"Text\x00mit\x00\x00\x01\x02 Nullbytes", "binary data (NUL bytes), not text"),
    ("random bytes", bytes(range(256)) * 4, "binary data (NUL bytes), not text"),
    (
        "control bytes",
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + b"abc",
        "binary data (control characters), not text",
    ),
    (
        "broken utf-16",
        codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00",
        "undecodable data: invalid utf-16 after a utf-16 byte-order mark",
    ),
]


@pytest.mark.parametrize(("label", "data", "reason"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_hostile_input_gives_input_error(label: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, "bad.txt")
    assert caught.value.reason == reason
    assert caught.value.path == "bad.txt"


def test_high_bytes_that_are_no_western_text_are_undecodable() -> None:
    data = bytes(b for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)) * 8
    with pytest.raises(InputError) as caught:
        read_bytes(data, "bad.txt")
    assert caught.value.reason.startswith(("undecodable data", "binary data"))


def test_unreadable_path_gives_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_path(tmp_path / "fehlt.txt", display="fehlt.txt")
    assert caught.value.reason.startswith("cannot read: ")
    assert caught.value.path == "fehlt.txt"
    with pytest.raises(InputError, match="cannot read"):
        read_path(tmp_path)


def test_long_line_is_fast() -> None:
    line = "Förderung " * 20_000  # 200,000 characters, no newline
    clutter_like = "Inhaltselement überspringen " * 7_200
    arrows = "Startseite > " * 15_000
    for text in (line, clutter_like, arrows, "a" * 200_000 + ".jpg"):
        started = time.process_time()
        source = read_bytes(text.encode(), "long.txt")
        assert time.process_time() - started < 2.0
        assert_ranges_valid(source.text, source.clutter)


def test_twenty_megabytes_work_in_linear_time() -> None:
    paragraph = "Das Land fördert rund 35 Kindertageseinrichtungen mit 1,5 Millionen Euro jährlich.\n\nZurück\n"
    data = (paragraph * (20_000_000 // len(paragraph.encode()) + 1)).encode()
    assert len(data) > 20_000_000
    started = time.process_time()
    source = read_bytes(data, "big.txt")
    assert time.process_time() - started < 30.0
    assert len(source.clutter) > 100_000


# --------------------------------------------------------------------------- HTML

MINISTRY_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Neue Familienzentren im Land | Ministerium für Soziales</title>
<meta property="og:title" content="Neue Familienzentren im Land">
<script>var tracking = "Wir verwenden Cookies";</script></head>
<body>
<div id="cookie-banner"><p>Wir verwenden Cookies, um unsere Website für Sie zu verbessern.</p>
<button>Alle akzeptieren</button></div>
<header><a href="#main">Zum Inhalt springen</a><nav><ul><li>Startseite</li><li>Presse</li>
<li>Themen</li></ul></nav></header>
<main id="main"><article>
<h1>Land fördert zwölf neue Familienzentren</h1>
<p>Magdeburg, 14. März 2023. Das Ministerium für Soziales fördert ab dem Haushaltsjahr 2024 zwölf neue
Familienzentren mit rund 480.000 Euro jährlich. Die Einrichtungen sollen Eltern früh erreichen und
Angebote der Familienbildung im Stadtteil bündeln.</p>
<p>„Familienzentren sind Orte, an denen Eltern Rat und Gemeinschaft finden“, sagte die Ministerin bei
der Vorstellung des Programms in der Landeshauptstadt.</p>
<p>Kontakt für Pressevertreter: Pressestelle, Telefon 0391 567 0000</p>
</article></main>
<footer><p>Impressum</p><p>Datenschutz</p></footer>
</body></html>"""


def test_html_page_gives_main_text_and_title() -> None:
    source = read_bytes(MINISTRY_PAGE.encode(), "pm.html", suffix=".html")
    assert source.format == "html"
    assert source.title == "Land fördert zwölf neue Familienzentren"
    assert "zwölf neue\nFamilienzentren" in source.text or "zwölf neue Familienzentren" in source.text
    assert "rund 480.000 Euro jährlich" in source.text
    assert "var tracking" not in source.text
    assert "Kontakt für Pressevertreter" in source.text
    assert source.sha256 == hashlib.sha256(MINISTRY_PAGE.encode()).hexdigest()
    assert_ranges_valid(source.text, source.clutter)


def test_html_is_sniffed_in_text_files() -> None:
    source = read_bytes(MINISTRY_PAGE.encode(), "pm.txt", suffix=".txt")
    assert source.format == "html"
    assert "<p>" not in source.text


def test_html_declared_windows_1252_is_decoded() -> None:
    page = MINISTRY_PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    source = read_bytes(page.encode("cp1252"), "pm.htm", suffix=".htm")
    assert "fördert" in source.text
    assert source.encoding == "cp1252"


def test_deeply_nested_html_does_not_crash() -> None:
    body = (
        "<div>" * 5000 + "<p>Das Land fördert neun Mehrgenerationenhäuser mit 1,5 Millionen Euro.</p>" + "</div>" * 5000
    )
    page = f"<!DOCTYPE html><html><head><title>Tiefe Seite</title></head><body>{body}</body></html>"
    source = read_bytes(page.encode(), "deep.html", suffix=".html")
    assert "neun Mehrgenerationenhäuser" in source.text
    assert source.title == "Tiefe Seite"


def test_html_without_text_is_no_text() -> None:
    with pytest.raises(InputError, match="no text"):
        read_bytes(b"<!DOCTYPE html><html><body><script>x()</script></body></html>", "x.html", ".html")


# --------------------------------------------------------------------------- clutter on own fixtures

NAVIGATION_FIXTURE = """Inhaltselement überspringen
Startseite > Presse > Pressemitteilungen

Themen

Inhaltselement überspringen

Landesprogramm Starke Familien (LSF)

Das Landesprogramm Starke Familien fördert seit Januar 2019 zwölf Familienzentren.

Hintergrund:
Die Familienzentren arbeiten eng mit dem Jugendamt zusammen.

Kontakt für Pressevertreter
Erika Musterfrau
Tel.: 0361 123 456
E-Mail: presse@example.de
Ministerium für Familie
Musterstraße 1
99084 Erfurt

Zurück
Nach oben
Drucken
Seite teilen
"""


def test_navigation_is_clutter_and_headings_and_contact_are_content() -> None:
    source = read_bytes(NAVIGATION_FIXTURE.encode(), "nav.txt")
    assert_ranges_valid(source.text, source.clutter)
    assert is_covered(source, "Inhaltselement überspringen")
    assert is_covered(source, "Startseite > Presse > Pressemitteilungen")
    assert is_covered(source, "Themen")  # a menu item between two skip links
    for content in (
        "Landesprogramm Starke Familien (LSF)",  # a heading right after a skip link stays content
        "zwölf Familienzentren",
        "Hintergrund:",
        "Kontakt für Pressevertreter",
        "Erika Musterfrau",
        "Tel.: 0361 123 456",
        "99084 Erfurt",
    ):
        assert not touches_clutter(source, content), content
    assert clutter_text(source)[-1] == "Zurück\nNach oben\nDrucken\nSeite teilen"
    assert source.title == "Landesprogramm Starke Familien (LSF)"


COMMENT_FIXTURE = """Ein Jahr Familienzentrum am Markt

Das Familienzentrum feierte am Samstag mit rund 200 Gästen.

Bilder von der Feier
IMG_4711.jpg
sommerfest-2023.png

Teilen auf Facebook
Twitter
Instagram

Schreibe einen Kommentar
Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert
Kommentar
Name*
E-Mail*
Website
Das ist ein langer Satz in einem Kommentar, der auch nicht zum Inhalt gehört.
Kommentar abschicken
"""


def test_comment_form_runs_to_the_end_and_galleries_are_clutter() -> None:
    source = read_bytes(COMMENT_FIXTURE.encode(), "blog.txt")
    assert_ranges_valid(source.text, source.clutter)
    start = source.text.index("Bilder von der Feier")
    assert source.clutter[-1] == (start, len(source.text.rstrip("\n")))
    assert not touches_clutter(source, "rund 200 Gästen")
    assert source.title == "Ein Jahr Familienzentrum am Markt"


COOKIE_FIXTURE = """Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung unserer Website zu ermöglichen.
Cookie-Einstellungen
Alle akzeptieren
Datenschutzerklärung

Anzeige

Logo Landesportal Familie
Pressemitteilung Nr. 45/2023
Hannover, 3. Mai 2023

Neun Mehrgenerationenhäuser erhalten Förderung

Das Land unterstützt neun Mehrgenerationenhäuser mit bis zu 25.000 Euro pro Jahr.
Foto: familienfest_2023.JPG (Maria Beispiel)
Weitere Informationen zum Datenschutz stehen im Abschnitt über die Förderung.
"""


def test_cookie_banner_ads_logos_and_image_files_are_clutter() -> None:
    source = read_bytes(COOKIE_FIXTURE.encode(), "cookies.txt")
    assert_ranges_valid(source.text, source.clutter)
    texts = clutter_text(source)
    assert texts[0].startswith("Wir verwenden Cookies") and texts[0].endswith("Logo Landesportal Familie")
    assert is_covered(source, "Foto: familienfest_2023.JPG (Maria Beispiel)")
    assert not touches_clutter(source, "Pressemitteilung Nr. 45/2023")
    assert not touches_clutter(source, "Weitere Informationen zum Datenschutz")
    assert source.title == "Neun Mehrgenerationenhäuser erhalten Förderung"


@pytest.mark.parametrize(
    ("line", "clutter"),
    [
        ("Startseite > Presse > Pressemitteilungen", True),
        ("Land › Ministerium › Presse › 2023", True),
        ("Familie > Kinder", False),  # two parts: a heading may read so
        ("Foto: familienfest_2023.JPG (Maria Beispiel)", True),
        ("IMG_1234.jpeg", True),
        ("Das Programm.pngx läuft", False),
        ("Bericht . png und mehr", False),
        ("Logo Landesportal Familie", True),
        ("Besuchen Sie www.familie.example.de – Logo", True),
        ("www.familie.example.de Kampagnenlogo", False),  # "logo" only inside a word
        ("Logo: Landesinitiative Familie", True),
        ("Logos der Träger und www-Adressen", False),  # "Logos" is not the alt text's "Logo"
        ("Die Träger stellen ihre Logos vor.", False),
    ],
)
def test_clutter_line_patterns(line: str, clutter: bool) -> None:
    """The line patterns of resources/de/clutter.yaml, written for the regex engine's speed, still
    say what their comments say: breadcrumbs of three parts or more, image file names, logo alt texts."""
    from famprog.reading import _fold, _rules

    assert any(p.search(_fold(line)) for p in _rules().patterns) is clutter


def test_text_without_clutter_has_no_ranges() -> None:
    text = "Familienzentren stärken\n\nDas Land fördert zwölf Familienzentren.\nZurückhaltung ist geboten."
    assert find_clutter(text) == ()
    assert find_clutter("") == ()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Zurück",
                "",
                "\u00a0",
                "Menü",
                "Themen",
                "Das Land fördert zwölf Familienzentren.",
                "Schreibe einen Kommentar",
                "IMG_1.jpg",
                "Kontakt",
                "Startseite > A > B",
                "  ",
                "Hintergrund:",
            ]
        )
        | st.text(max_size=40),
        max_size=30,
    )
)
def test_clutter_ranges_are_always_valid(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert_ranges_valid(text, find_clutter(text))


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "13.06.2018\nThüringer Ministerium für Bildung, Jugend und Sport\n\nMedieninformation 17\n\n"
            "Neue Familienzentren im Ilm-Kreis eröffnet\n\nText.",
            "Neue Familienzentren im Ilm-Kreis eröffnet",
        ),
        (
            "Erfurt, 14. März 2023\n„Familien brauchen starke Orte im Quartier“\nText.",
            "Familien brauchen starke Orte im Quartier",
        ),
        (
            'Pressemitteilung vom 09.03.2021 zum Thema:\n\nStart des Programms "Gute Nachbarn"\n',
            'Start des Programms "Gute Nachbarn"',
        ),
        (
            "Sächsisches Staatsministerium für Soziales und Gesellschaftlichen Zusammenhalt\n"
            "Mehr Geld für Familienzentren in Sachsen\n",
            "Mehr Geld für Familienzentren in Sachsen",
        ),
        (
            "Landratsamt Musterkreis\nFoto: Maria Beispiel\nDer Kreis erhält sechs Familienstützpunkte\n",
            "Der Kreis erhält sechs Familienstützpunkte",
        ),
        ("Zurück\nMenü\n\n" + "Dies ist ein langer Absatz ohne Überschrift. " * 10, None),
        ("", None),
        # site tails and breadcrumbs are no part of the headline
        ("Neue Familienzentren im Land | Landesportal Talheim\n\nText.", "Neue Familienzentren im Land"),
        ("Neue Familienzentren im Land - Ministerium für Familie und Jugend\n\nText.", "Neue Familienzentren im Land"),
        ("| Ministerium für Familie und Jugend | Soziales\n\nNeue Familienzentren im Land\n\nText.",
         "Neue Familienzentren im Land"),
        ("Talheim:Land fördert neue Familienzentren\n\nText.", "Land fördert neue Familienzentren"),
        # labels and votes are no headline; a body sentence is none either: null, not a guess
        ("Mitteilungen - Jugend, Soziales, Gesundheit\nXY-Mitteilung 12/2004 vom 26.01.2004\n"
         "Neue Familienzentren im Land\nText.", "Neue Familienzentren im Land"),
        ("Beschluss: Einstimmig\n\nAbstimmung: Ja: 6, Nein: 0, Enthaltungen: 2\n\n"
         "Der Bürgermeister berichtet über das Programm. Danach wird abgestimmt.", None),
        ("Familien mit Bedarf schrecken oft vor Beratung zurück. Deshalb muss das Angebot zu den Familien "
         "kommen.\nText.", None),
    ],
)  # fmt: skip
def test_find_title(text: str, title: str | None) -> None:
    assert find_title(text, find_clutter(text)) == title


# --------------------------------------------------------------------------- the seed press releases

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def seed(prefix: str) -> SourceText:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_path(path)


@needs_seeds
def test_seed_000_service_block_is_clutter() -> None:
    source = seed("000")
    start = source.text.index("Wegweiser")
    end = source.text.rindex("Publikationen") + len("Publikationen")
    assert source.clutter == ((start, end),)
    assert source.title is not None
    assert source.title.startswith("Heike Werner: „Thüringer Eltern-Kind-Zentren werden wichtiger")
    assert source.title.endswith("Bestandteil des Landesprogramms Familie“")
    assert not touches_clutter(source, "Hintergrund:")


@needs_seeds
def test_seed_001_comment_form_is_clutter() -> None:
    source = seed("001")
    start = source.text.index("Schreibe einen Kommentar")
    assert source.clutter == ((start, len(source.text.rstrip())),)
    assert not touches_clutter(source, "Rund 35 Kindertageseinrichtungen")
    assert source.title == "Alle an Bord – auf Kurs für Familien"


@needs_seeds
def test_seed_002_skip_links_are_clutter() -> None:
    source = seed("002")
    assert all("überspringen" in chunk for chunk in clutter_text(source))
    assert is_covered(source, "Inhaltselment überspringen")
    assert len(source.clutter) == 3
    for heading in (
        "Landesprogramm Solidarisches Zusammenleben (LSZ)",
        "Thüringer Eltern-Kind-Zentren\n",
        "Armutsprävention",
        "Kommunale Armutsstrategien",
        "Seit Oktober 2018",
    ):
        assert not touches_clutter(source, heading), heading
    assert source.title == "Landesprogramm Solidarisches Zusammenleben (LSZ)"


@needs_seeds
def test_seed_003_has_no_clutter_and_its_headline() -> None:
    source = seed("003")
    assert source.clutter == ()
    assert source.title == 'Auftaktveranstaltung des Programms "Thüringer Präventionsketten"'


@needs_seeds
def test_seed_004_only_zurueck_is_clutter() -> None:
    source = seed("004")
    assert clutter_text(source) == ["Zurück"]
    assert not touches_clutter(source, "Kontakt für Pressevertreter")
    assert not touches_clutter(source, "65187 Wiesbaden")
    assert source.title == "Seit 1. Oktober 2020 berät die neue Anlaufstelle für lokale Familienzentren"


@needs_seeds
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.name[:3])
def test_seed_offsets_refer_to_the_decoded_file(path: Path) -> None:
    source = read_path(path)
    assert source.text == unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))
    assert_ranges_valid(source.text, source.clutter)


# --------------------------------------------------------------------------- language data


def test_clutter_yaml_is_well_formed() -> None:
    data = yaml.safe_load(CLUTTER_YAML.read_text(encoding="utf-8"))
    for key in ("lines", "prefixes", "comment_form_start"):
        phrases = data[key]
        assert phrases and all(isinstance(p, str) and p for p in phrases), key
        assert all(p == p.lower() and p == " ".join(p.split()) for p in phrases), f"{key}: lowercase, single spaces"
        assert len(phrases) == len(set(phrases)), f"{key}: duplicates"
    for pattern in data["patterns"]:
        re.compile(pattern)
    for key in ("labels", "org_heads", "credit_labels"):
        words = data["title_skip"][key]
        assert len(words) == len(set(words)) and all(w == w.lower() for w in words), key


# --------------------------------------------------------------------------- more fixtures


def test_menu_items_directly_under_clutter_are_clutter_but_set_off_headings_are_not() -> None:
    text = "Zum Inhalt springen\nStartseite\nThemen\nFamilie\n\nFamilienzentren im Land\n\nDer Text folgt."
    source = read_bytes(text.encode(), "menu.txt")
    assert clutter_text(source) == ["Zum Inhalt springen\nStartseite\nThemen\nFamilie"]
    assert not touches_clutter(source, "Familienzentren im Land")


def test_label_lines_with_numbers_are_no_headline() -> None:
    text = "Medienservice – Pressemitteilung 045/2020\n\nNeun Häuser erhalten eine Förderung\n\nText."
    assert find_title(text, ()) == "Neun Häuser erhalten eine Förderung"


def test_article_text_keeps_dateline_and_photo_credit() -> None:
    page = MINISTRY_PAGE.replace(
        "<h1>", '<p class="meta">Pressemitteilung Nr. 12/2023 · Magdeburg, 14. März 2023</p><h1>'
    ).replace("</article>", "<figure><figcaption>Foto: Maria Beispiel</figcaption></figure></article>")
    source = read_bytes(page.encode(), "pm.html", suffix=".html")
    assert source.text.startswith("Pressemitteilung Nr. 12/2023 · Magdeburg, 14. März 2023\n")
    assert "Foto: Maria Beispiel" in source.text
    assert "Zum Inhalt springen" not in source.text
    assert source.title == "Land fördert zwölf neue Familienzentren"


# --------------------------------------------------------------------------- the example releases in data/raw

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
RAW_FILES = sorted(p for p in RAW.glob("*/*") if p.suffix in {".txt", ".html"}) if RAW.is_dir() else []

RAW_EXPECTED = {
    "th/pm-2019-014.txt": ("utf-8-sig", "Landesprogramm „Familienorte im Quartier“ startet mit 16"),
    "th/pm-2021-052.txt": ("cp1252", "Familienorte: Jetzt 28 Einrichtungen im Landesnetzwerk"),
    "th/pm-2023-031.txt": ("utf-8", "Molkenthin: „Familienorte gehören in jede Region Thüringens“"),
    "sn/pm-2020-045.txt": ("utf-8", "«Generationen unter einem Dach»: Neun Mehrgenerationenhäuser"),
    "by/pm-2022-089.html": ("utf-8", "Hailbeck: 47 Familienstützpunkte sind ein starkes Netz für Familien"),
}
# lines of the example releases that are content even though they sit next to clutter
RAW_CONTENT = [
    "Kontakt für Pressevertreter",
    "Ansprechpartnerin:",
    "Hintergrund:",
    "Foto: ",
    "Tel.: ",
    "Pressestelle",
    "Übergabe der Förderbescheide in Kassel",
]


@pytest.mark.skipif(not RAW_FILES, reason="data/raw not present")
@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_releases_read_cleanly(path: Path) -> None:
    source = read_path(path)
    key = f"{path.parent.name}/{path.name}"
    if source.format == "text":  # an HTML page's clutter lives in markup that extraction drops
        assert source.clutter, "every example release carries some web clutter"
    assert_ranges_valid(source.text, source.clutter)
    assert source.title and len(source.title.split()) >= 4
    if key in RAW_EXPECTED:
        encoding, title_start = RAW_EXPECTED[key]
        assert source.encoding == encoding
        assert source.title.startswith(title_start)
    for needle in RAW_CONTENT:
        if needle in source.text:
            assert not touches_clutter(source, needle), needle
    assert "\r" not in source.text and "\ufeff" not in source.text
    for start, end in source.clutter:
        assert "Euro" not in source.text[start:end] and "€" not in source.text[start:end]
