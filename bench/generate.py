"""Build a reproducible corpus of varied German press releases for ``make bench``.

The releases in data/raw and tests/fixtures/devset/texts are decoded with famprog's reader, cut into
header, body paragraphs and footer, and recombined: body paragraphs and sentences are reordered and
borrowed across releases, people get other given and family names (family names partly built from
syllables), amounts and counts are scaled, dates shifted, and, so that most documents bring words the
process has not seen (as real releases do), nouns become other compounds ("Beratungsstelle" ->
"Quartiersberatungsstelle"), and places built from syllables ("Oberlindenhausen") appear in added
sentences with fresh numbers. The same seed and document count give a byte-identical corpus.

    python bench/generate.py [--docs 2000] [--seed 1234] [--out bench/corpus]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from famprog.reading import read_path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
DEVSET = ROOT / "tests" / "fixtures" / "devset" / "texts"
DEFAULT_OUT = ROOT / "bench" / "corpus"
DEFAULT_SEED = 1234
DEFAULT_DOCS = 2000
STAMP = ".corpus.json"  # a dot file: famprog's folder walk skips it

FEMALE = (
    "Anja",
    "Annett",
    "Aylin",
    "Birgit",
    "Carola",
    "Claudia",
    "Doreen",
    "Elke",
    "Friederike",
    "Heike",
    "Henrike",
    "Ines",
    "Julia",
    "Katrin",
    "Kerstin",
    "Lena",
    "Maren",
    "Marion",
    "Miriam",
    "Nadine",
    "Petra",
    "Sabine",
    "Silke",
    "Stefanie",
    "Susanne",
    "Ulrike",
    "Veronika",
    "Yvonne",
    "Zeynep",
    "Anke",
)
MALE = (
    "Andreas",
    "Anselm",
    "Bernd",
    "Christian",
    "Dirk",
    "Frank",
    "Friedrich",
    "Georg",
    "Hendrik",
    "Holger",
    "Jens-Uwe",
    "Jörg",
    "Jürgen",
    "Klaus-Dieter",
    "Lutz",
    "Markus",
    "Matthias",
    "Michael",
    "Rainer",
    "Ralf",
    "Stefan",
    "Thomas",
    "Tobias",
    "Uwe",
    "Volker",
    "Werner",
    "Mehmet",
    "Karl-Heinz",
    "Sven",
    "Torsten",
)
FAMILY = (
    "Achterberg",
    "Bäumler",
    "Brenninger",
    "Dietzsch",
    "Eichhorst",
    "Falkenroth",
    "Gerlach",
    "Hagedorn",
    "Hollstein",
    "Jankowski",
    "Kleinschmidt",
    "Köhler-Brandt",
    "Lindemann",
    "Mertens",
    "Neubauer",
    "Oberländer",
    "Pöschl",
    "Quandt",
    "Reinecke",
    "Sauerwein",
    "Schäfer-Ohm",
    "Steinbrück",
    "Tews",
    "Uhlig",
    "Vogelsang",
    "Wagenknecht",
    "Weißgerber",
    "Yilmaz",
    "Zöllner",
    "Özdemir",
    "Brückner",
    "Domröse",
    "Ehlers",
    "Fuchs-Liebig",
    "Grabowski",
    "Heuer",
    "Ilgner",
    "Jaschke",
    "Kramer",
    "Lorenz",
)
NUMBER_WORDS = ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf")
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
# abbreviations after which a full stop does not end a sentence
ABBREVIATIONS = ("Dr.", "Prof.", "Nr.", "bzw.", "ca.", "z.B.", "e.V.", "u.a.", "Tel.", "St.", "Abs.", "Str.")

# syllables of invented places and family names: unseen words in every document, as in real releases
PLACE_PREFIXES = ("", "", "", "Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Hohen", "Nieder", "Bad ")
PLACE_STEMS = (
    "Eich",
    "Buch",
    "Linden",
    "Rosen",
    "Wald",
    "Berg",
    "Mühl",
    "Stein",
    "Kirch",
    "Wester",
    "Oster",
    "Hage",
    "Marien",
    "Fried",
    "Karls",
    "Lud",
    "Wolfs",
    "Hirsch",
    "Erl",
    "Birken",
    "Tann",
    "Fal",
    "Grün",
    "Sonne",
    "Elster",
    "Wester",
    "Brunn",
    "Hasel",
    "Fisch",
    "Kalt",
    "Warm",
    "Brei",
    "Schön",
    "Roth",
    "Weiß",
    "Sand",
)
PLACE_SUFFIXES = (
    "dorf",
    "hausen",
    "heim",
    "feld",
    "stedt",
    "bach",
    "burg",
    "au",
    "ingen",
    "rode",
    "hagen",
    "kirchen",
    "born",
    "werder",
    "leben",
    "hofen",
    "tal",
    "see",
    "furt",
    "brück",
    "beck",
    "witz",
    "ow",
    "lage",
)
FAMILY_SUFFIXES = ("mann", "er", "ert", "hardt", "meier", "bauer", "schmidt", "ke", "el", "inger", "hoff", "land")
# modifiers of German compound nouns as agencies write them ("Quartiers-", "Landes-", "Modell-")
MODIFIERS = (
    "Landes",
    "Kreis",
    "Stadt",
    "Bezirks",
    "Gemeinde",
    "Modell",
    "Pilot",
    "Netzwerk",
    "Quartiers",
    "Kinder",
    "Jugend",
    "Eltern",
    "Bildungs",
    "Gesundheits",
    "Beratungs",
    "Förder",
    "Sozial",
    "Integrations",
    "Präventions",
    "Koordinierungs",
    "Fach",
    "Regional",
    "Haupt",
    "Zusatz",
    "Sonder",
    "Übergangs",
    "Verbund",
    "Kooperations",
    "Projekt",
    "Qualitäts",
    "Nachbarschafts",
    "Stadtteil",
    "Dorf",
    "Schul",
    "Freizeit",
    "Betreuungs",
    "Sprach",
    "Begegnungs",
    "Ehrenamts",
    "Senioren",
    "Generationen",
    "Inklusions",
    "Erziehungs",
    "Bewegungs",
    "Medien",
    "Kultur",
    "Umwelt",
    "Wohn",
    "Arbeits",
    "Ferien",
    "Nachmittags",
    "Wochenend",
)
NOUN = re.compile(
    r"(?<![\w„-])([A-ZÄÖÜ][a-zäöüß]{3,}(?:ungen|ung|heit|keit|schaft|zentrum|zentren|stelle|stellen|angebot"
    r"|angebote|arbeit|programm|projekt|projekte|netzwerk|netzwerke|mittel|haus|häuser|plan|konzept|bericht"
    r"|gesetz|richtlinie|orte|raum|räume|gruppe|gruppen|kurse|kurs|treff))(?![\w-])"
)
# adjectives take prefixes as agencies coin them ("landesweite", "überregionalen")
ADJECTIVE = re.compile(
    r"(?<![\w-])([a-zäöüß]{3,}(?:ische|ischen|ischer|liche|lichen|licher|ige|igen|iger|ale|alen|aler|ive|iven))(?![\w-])"
)
ADJECTIVE_PREFIXES = (
    "über",
    "inner",
    "landes",
    "kreis",
    "stadt",
    "bundes",
    "inter",
    "gesamt",
    "nicht",
    "fach",
    "sozial",
)
ADDED = (
    "In {place} {verb} {n} {what} {when}.",
    "Auch der Landkreis {place} beteiligt sich mit {n} {what} und {money} Euro.",
    "Die Gemeinde {place} erhält {money} Euro für {n} {what}.",
    "Seit {year} {verb} in {place} und {place2} {n} {what}.",
    "Ansprechpartnerin in {place} ist {given} {family}, Telefon 0{phone}.",
)
ADDED_VERBS = ("arbeiten", "bestehen", "entstehen", "öffnen", "gibt es")
ADDED_WHAT = ("Familienzentren", "Beratungsstellen", "Elterncafés", "Mehrgenerationenhäuser", "Projekte", "Angebote")
ADDED_WHEN = ("im kommenden Jahr", "bis Ende {year}", "seit dem Frühjahr", "ab {month} {year}", "derzeit")

_GIVEN = "|".join(sorted((re.escape(n) for n in FEMALE + MALE), key=len, reverse=True))
_CAP = r"[A-ZÄÖÜ][a-zäöüß]+"
PERSON = re.compile(rf"\b({_GIVEN})\s+({_CAP}(?:-{_CAP})?)\b")
DATE = re.compile(rf"\b(\d{{1,2}})\.(\s*)({'|'.join(MONTHS)})(\s+)((?:19|20)\d\d)\b")
NUMERIC_DATE = re.compile(r"\b(\d\d)\.(\d\d)\.((?:19|20)\d\d)\b")
YEAR = re.compile(r"(?<![\d.,])\b((?:19|20)\d\d)\b(?![.,]\d)")
MONEY = re.compile(r"\b(\d{1,3}(?:\.\d{3})*(?:,\d+)?)(\s+)(Millionen |Milliarden |Mio\. )?(Euro|EUR)\b")
# a count: a small number before a capitalised noun; not a year, a paragraph, a phone or postcode part
COUNT = re.compile(r"(?<![§\d.,/-] )(?<![§\d.,/-])\b(?!(?:19|20)\d\d\b)([1-9]\d{0,3})(\s+)(?=[A-ZÄÖÜ][a-zäöüß])")
COUNT_WORD = re.compile(rf"\b({'|'.join(NUMBER_WORDS)})(\s+)(?=[A-ZÄÖÜ][a-zäöüß])")
SENTENCE_GAP = re.compile(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])")


@dataclass(frozen=True)
class Release:
    """One source release cut into the parts the generator recombines."""

    state: str
    head: tuple[str, ...]
    body: tuple[str, ...]
    tail: tuple[str, ...]


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) <= 3:  # releases without blank lines (the HTML one): one paragraph per line
        parts = [p.strip() for p in text.splitlines() if p.strip()]
    return parts


def _source_files(raw: Path) -> list[Path]:
    sources = [p for p in raw.rglob("*") if p.is_file() and not p.name.startswith(".")]
    if raw == RAW and DEVSET.is_dir():
        sources += [p for p in DEVSET.glob("*.txt") if not p.name.startswith(".")]
    return sorted(sources)


def load_releases(raw: Path = RAW) -> list[Release]:
    releases = []
    for path in _source_files(raw):
        paragraphs = _paragraphs(read_path(path).text)
        long = [i for i, p in enumerate(paragraphs) if len(p) >= 150 and "\n" not in p.strip()]
        if not long:
            continue
        first, last = long[0], long[-1]
        releases.append(
            Release(
                state=path.parent.name if path.parent.parent.name != "devset" else "devset",
                head=tuple(paragraphs[:first]),
                body=tuple(paragraphs[first : last + 1]),
                tail=tuple(paragraphs[last + 1 :]),
            )
        )
    return releases


def sources_digest(raw: Path = RAW) -> str:
    digest = hashlib.sha256()
    for path in _source_files(raw):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def corpus_key(seed: int, docs: int, raw: Path = RAW) -> dict[str, object]:
    """What the corpus depends on; a corpus whose stamp differs is stale."""
    generator = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return {"seed": seed, "docs": docs, "generator": generator, "sources": sources_digest(raw)}


# ---- variation ----------------------------------------------------------------------------------


def _sentences(paragraph: str) -> list[str]:
    pieces = SENTENCE_GAP.split(paragraph)
    merged: list[str] = []
    for piece in pieces:
        if merged and (merged[-1].endswith(ABBREVIATIONS) or re.search(r"\b\d{1,2}\.$", merged[-1])):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return merged


def _shuffle_sentences(rng: random.Random, paragraph: str) -> str:
    sentences = _sentences(paragraph)
    # quotes may span sentences; reordering them would leave a quotation mark dangling
    if len(sentences) < 3 or "„" in paragraph:
        return paragraph
    rest = sentences[1:]
    rng.shuffle(rest)
    return " ".join([sentences[0], *rest])


def _format_german(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _parse_german(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


class Variation:
    """One document's consistent replacements: the same person or count is changed the same way."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year_shift = rng.randint(-4, 3)
        self.money_factor = rng.choice((0.5, 0.75, 0.8, 1.0, 1.2, 1.25, 1.5, 2.0, 2.5, 3.0))
        self.given: dict[str, str] = {}
        self.family: dict[str, str] = {}
        self.counts: dict[str, str] = {}
        self.count_words: dict[str, str] = {}

    def invented_family(self) -> str:
        return self.rng.choice(PLACE_STEMS).strip() + self.rng.choice(FAMILY_SUFFIXES)

    def place(self) -> str:
        rng = self.rng
        prefix = rng.choice(PLACE_PREFIXES)
        stem = rng.choice(PLACE_STEMS)
        return prefix + (stem.lower() if prefix and not prefix.endswith(" ") else stem) + rng.choice(PLACE_SUFFIXES)

    def compound(self, m: re.Match[str]) -> str:
        noun = m.group(1)
        if self.rng.random() >= 0.75:
            return noun
        modifier = self.rng.choice(MODIFIERS)
        if self.rng.random() < 0.3:  # a compound of three ("Landesmodellprojekt")
            modifier += self.rng.choice(MODIFIERS).lower()
        return modifier + noun[0].lower() + noun[1:] if not noun.startswith(modifier) else noun

    def prefixed(self, m: re.Match[str]) -> str:
        word = m.group(1)
        return self.rng.choice(ADJECTIVE_PREFIXES) + word if self.rng.random() < 0.5 else word

    def added_sentence(self) -> str:
        rng = self.rng
        year = rng.randint(2015, 2027)
        fill = {
            "place": self.place(),
            "place2": self.place(),
            "verb": rng.choice(ADDED_VERBS),
            "n": rng.randint(2, 240),
            "what": rng.choice(ADDED_WHAT),
            "when": rng.choice(ADDED_WHEN).format(year=year, month=rng.choice(MONTHS)),
            "money": _format_german(rng.randint(2, 900) * 500, 0),
            "year": year,
            "given": rng.choice(FEMALE),
            "family": self.invented_family(),
            "phone": f"{rng.randint(30, 9999)} {rng.randint(10000, 999999)}",
        }
        return rng.choice(ADDED).format(**fill)

    def apply(self, text: str) -> str:
        text = NOUN.sub(self.compound, text)
        text = ADJECTIVE.sub(self.prefixed, text)
        text = PERSON.sub(self._person, text)
        if self.family:
            names = sorted(self.family, key=len, reverse=True)
            bare = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
            text = bare.sub(lambda m: self.family[m.group(1)], text)
        text = DATE.sub(self._date, text)
        text = NUMERIC_DATE.sub(self._numeric_date, text)
        text = YEAR.sub(lambda m: str(int(m.group(1)) + self.year_shift), text)
        text = MONEY.sub(self._money, text)
        text = COUNT.sub(self._count, text)
        text = COUNT_WORD.sub(self._count_word, text)
        return text

    def _person(self, m: re.Match[str]) -> str:
        given, family = m.group(1), m.group(2)
        if given not in self.given:
            self.given[given] = self.rng.choice(FEMALE if given in FEMALE else MALE)
        if family not in self.family and family not in self.family.values():
            self.family[family] = self.rng.choice(FAMILY) if self.rng.random() < 0.3 else self.invented_family()
        return f"{self.given[given]} {self.family.get(family, family)}"

    def _date(self, m: re.Match[str]) -> str:
        day = min(int(m.group(1)) + self.rng.randint(-3, 3), 28)
        return f"{max(day, 1)}.{m.group(2)}{m.group(3)}{m.group(4)}{m.group(5)}"  # YEAR shifts the year

    def _numeric_date(self, m: re.Match[str]) -> str:
        day = max(1, min(int(m.group(1)) + self.rng.randint(-3, 3), 28))
        return f"{day:02d}.{m.group(2)}.{int(m.group(3)) + self.year_shift}"

    def _money(self, m: re.Match[str]) -> str:
        number, gap, scale, currency = m.group(1), m.group(2), m.group(3) or "", m.group(4)
        value = _parse_german(number) * self.money_factor
        if scale:
            text = _format_german(round(value, 1), 1).removesuffix(",0")
        else:
            step = 500 if value >= 10_000 else 50 if value >= 1_000 else 5
            text = _format_german(max(step, round(value / step) * step), 0)
        return f"{text}{gap}{scale}{currency}"

    def _count(self, m: re.Match[str]) -> str:
        number = m.group(1)
        if number not in self.counts:
            value = int(number)
            self.counts[number] = str(max(1, round(value * self.rng.uniform(0.5, 2.5))))
        return self.counts[number] + m.group(2)

    def _count_word(self, m: re.Match[str]) -> str:
        word = m.group(1)
        if word not in self.count_words:
            self.count_words[word] = self.rng.choice(NUMBER_WORDS)
        return self.count_words[word] + m.group(2)


def compose(rng: random.Random, releases: list[Release]) -> tuple[str, str]:
    """One varied release: (state folder, text)."""
    base = rng.choice(releases)
    body = list(base.body)
    lead, rest = body[0], body[1:]
    for _ in range(rng.choices((0, 1, 2, 4), weights=(4, 4, 2, 1))[0]):
        donor = rng.choice(releases)
        rest.append(rng.choice(donor.body[1:] or donor.body))
    if rng.random() < 0.02:  # an occasional long release (an annual report style text)
        for donor in rng.sample(releases, k=min(5, len(releases))):
            rest.extend(donor.body)
    rng.shuffle(rest)
    if rng.random() < 0.2:
        rest.insert(rng.randrange(len(rest) + 1), lead)
    else:
        rest.insert(0, lead)
    body = [_shuffle_sentences(rng, p) if rng.random() < 0.4 else p for p in rest]
    tail = list(base.tail) if rng.random() < 0.9 else []
    variation = Variation(rng)
    text = variation.apply("\n\n".join([*base.head, *body, *tail]) + "\n")
    # sentences with invented places and fresh numbers, added after variation so they keep them
    paragraphs = text.split("\n\n")
    for _ in range(rng.choice((3, 4, 5, 6))):
        k = rng.randrange(len(base.head), max(len(base.head) + 1, len(paragraphs) - len(tail)))
        if k < len(paragraphs):
            paragraphs[k] = paragraphs[k].rstrip() + " " + variation.added_sentence()
    return base.state, "\n\n".join(paragraphs)


def generate(out: Path, docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED, raw: Path = RAW) -> int:
    """Write the corpus to ``out`` (replacing an earlier one); returns its size in bytes."""
    if out.exists():
        if any(out.iterdir()) and not (out / STAMP).exists():
            raise SystemExit(f"{out}: exists and is not a bench corpus; refusing to replace it")
        shutil.rmtree(out)
    rng = random.Random(seed)
    releases = load_releases(raw)
    total = 0
    for index in range(docs):
        state, text = compose(rng, releases)
        path = out / state / f"bench-{index:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    (out / STAMP).write_text(json.dumps(corpus_key(seed, docs, raw), sort_keys=True) + "\n", encoding="utf-8")
    return total


def is_current(out: Path, docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED, raw: Path = RAW) -> bool:
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == json.loads(json.dumps(corpus_key(seed, docs, raw), sort_keys=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="number of releases (default 2000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 1234)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus folder (default bench/corpus)")
    args = parser.parse_args(argv)
    size = generate(args.out, args.docs, args.seed)
    print(f"bench: {args.docs} releases, {size / 1e6:.2f} MB written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
