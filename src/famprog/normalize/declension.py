"""German adjective declension for organisation names: the nominative form a name is filed under.

A release writes "des Niedersächsischen Ministeriums", "dem Diakonischen Werk", "des Deutschen
Industrie- und Handelskammertages"; the item is named in the nominative without article, with the
strong adjective ending of the head noun's gender: "Niedersächsisches Ministerium", "Diakonisches
Werk", "Deutscher Industrie- und Handelskammertag", "Sächsische Landesregierung". The inflected form
stays an alias. The rule, not a list of names:

    strong (no article) nominative ending:  masculine -er, feminine -e, neuter -es

The gender of a compound is the gender of its last element, read from noun endings that German
assigns regularly (-ung, -schaft, -ion, -ei, -tät feminine; -um, -amt, -werk neuter; -tag, -verband,
-rat masculine). An unknown head leaves the name as written.
"""

from __future__ import annotations

FEMININE = (
    "ung", "schaft", "heit", "keit", "ion", "ei", "tät", "ie", "stelle", "gemeinde", "behörde", "schule",
    "agentur", "initiative", "richtlinie", "kammer", "konferenz", "bank", "kirche", "hilfe", "linie",
    "offensive", "kanzlei", "akademie", "liga", "union", "partei", "versammlung", "einrichtung",
)  # fmt: skip
NEUTER = (
    "um", "amt", "werk", "institut", "programm", "projekt", "kabinett", "büro", "haus", "netzwerk",
    "kolleg", "bündnis", "vorhaben", "kreuz", "parlament", "präsidium", "hilfswerk", "kontor",
)  # fmt: skip
MASCULINE = (
    "tag", "verband", "verein", "rat", "dienst", "senat", "ring", "kreis", "bund", "stützpunkt", "treff",
    "plan", "ausschuss", "konvent", "hof", "beirat", "fonds", "landtag", "kreistag", "orden", "konzern",
)  # fmt: skip
STRONG_ENDING = {"m": "er", "f": "e", "n": "es"}
# stems of adjectives that decline; place adjectives in -er ("Berliner", "Thüringer") never do
DECLINABLE_STEMS = ("isch", "sch", "lich", "ig", "al", "iv", "ell", "är", "ar", "ös", "frei", "neu", "ein")
INFLECTIONS = ("es", "en", "em", "er", "e")


def head_gender(noun: str) -> str | None:
    """ "m", "f" or "n" for a German noun by its (last element's) ending, or None where no rule decides.

    "Landesregierung" -> "f", "Staatsministerium" -> "n", "Handelskammertag" -> "m".
    """
    low = noun.lower().rsplit("-", 1)[-1]
    best: tuple[int, str] | None = None
    for gender, endings in (("f", FEMININE), ("n", NEUTER), ("m", MASCULINE)):
        for ending in endings:
            if low.endswith(ending) and (best is None or len(ending) > best[0]):
                best = (len(ending), gender)
    return best[1] if best else None


def adjective_stem(word: str) -> str | None:
    """The stem of an inflected adjective ("Sächsischen" -> "Sächsisch"), or None for a word that is
    no declinable adjective ("Berliner", "Familien", "Kath.")."""
    if not word or not word[-1].isalpha():
        return None
    for ending in INFLECTIONS:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and stem.lower().endswith(DECLINABLE_STEMS):
            return stem
    return None


def nominative_adjective(word: str, gender: str) -> str:
    """An adjective before a noun of ``gender`` in the strong nominative: ("Diakonischen", "n") ->
    "Diakonisches". A word that is no declinable adjective is returned unchanged."""
    stem = adjective_stem(word)
    return stem + STRONG_ENDING[gender] if stem else word


def nominative_modifiers(modifiers: list[str], head: str) -> list[str]:
    """The words before a head noun, declined for the head's gender in the nominative without article.

    Only the adjectives that stand directly before the head, or before a truncated compound
    ("Deutschen Industrie- und Handelskammertag"), change; other words stay as written.
    """
    gender = head_gender(head)
    if gender is None:
        return list(modifiers)
    out = list(modifiers)
    k = len(out) - 1
    # skip a truncated compound "Industrie- und" between the adjective and the head
    if k >= 1 and out[k] in {"und", "oder"} and out[k - 1].endswith("-"):
        k -= 2
    while k >= 0 and adjective_stem(out[k]):
        out[k] = nominative_adjective(out[k], gender)
        k -= 1
    return out
