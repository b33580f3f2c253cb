"""Money amounts in German text (guidelines §2.5): "rund 1,5 Mio. Euro jährlich", "EUR 5.000"."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache

from famprog import lexicon
from famprog.normalize.counts import facility_nouns
from famprog.normalize.numbers import (
    DIGITS,
    SWISS_MARKS,
    number_word_pattern,
    parse_german_decimal,
    parse_number_word,
    to_number,
)
from famprog.normalize.spans import (
    digit_starts,
    fold,
    literal_starts,
    merge_windows,
    non_overlapping,
    opening_class,
    scan,
    starts_pattern,
    words_pattern,
)


@dataclass(frozen=True)
class AmountMatch:
    """A sum of money; ``text[start:end]`` is the phrase, qualifier and period word included.

    ``per`` is the recipient the sum is paid for each of, in the singular nominative ("Kind",
    "Familienzentrum"), or None for a sum in total.
    """

    start: int
    end: int
    value: int | float
    currency: str
    period: str | None
    approximate: bool
    per: str | None = None


# A number that is not part of a longer number, a word or a decimal/grouping run.
_NUM_DIGITS = rf"(?<![\w.,{SWISS_MARKS}]){DIGITS}(?![.,{SWISS_MARKS}]?\d)"
# No sum a release reports exceeds this (EUR or any currency): a larger value is a misreading.
MAX_AMOUNT = 10**12
# A capitalised noun, hyphenated compounds included ("Kita-Jahr").
_NOUN = r"[A-ZÄÖÜ][\w\-]*"


def _lower_map(name: str, key: str) -> dict[str, object]:
    return {str(k).lower(): v for k, v in lexicon.load(name)[key].items()}


def _word_alternation(words: list[str]) -> str:
    """Words case-insensitively, symbols as written; a word must not run on into letters."""
    return rf"{opening_class(words)}(?i:{words_pattern(words)})(?![a-zäöüß])"


def _currency_words() -> list[str]:
    """Currency words matched case-insensitively (lower case)."""
    return list(_lower_map("money", "currencies"))


@cache
def _as_written() -> dict[str, tuple[str, int]]:
    """Currency abbreviations matched as written -> (ISO 4217, factor)."""
    table = lexicon.load("money")["currencies_as_written"]
    return {re.sub(r"\s+", " ", str(k)): (str(v[0]), int(v[1])) for k, v in table.items()}


def _currency_pattern() -> str:
    written = rf"(?<![A-Za-zÄÖÜäöüß])(?:{words_pattern(_as_written())})"
    words = _currency_words()
    return rf"(?:{opening_class(words)}(?i:{words_pattern(words)})|{written})(?![a-zäöüß])"


@cache
def _pattern() -> re.Pattern[str]:
    qualifiers = _lower_map("money", "qualifiers")
    periods = _lower_map("money", "periods")
    scales = _lower_map("numbers", "scales")
    before = lexicon.words("money", "periods_before")
    openers = lexicon.words("money", "range_openers")

    cur = _currency_pattern()
    scale = _word_alternation(list(scales))
    qual = rf"(?<![\w]){_word_alternation(list(qualifiers))}"
    # "im Jahr 2016 eine Million Euro" names a year: "im Jahr" before a year is no period.
    period = rf"{_word_alternation(list(periods))}(?!\s*\d)"
    period_before = _word_alternation(before)
    adjective = rf"(?i:{words_pattern(list(_lower_map('money', 'period_adjectives')))})(?:e[nmrs]?)(?![\w])"
    opener = rf"(?<![\w]){_word_alternation(openers)}"
    one = words_pattern(lexicon.words("numbers", "one_before_scale"))
    fraction = words_pattern(list(_lower_map("numbers", "fractions_before_scale")))
    # "eine Million Euro": the article counts as one only right before a scale word; so does a
    # fraction ("einer halben Million Euro").
    number = rf"""(?:(?<![\w])(?:(?i:{one})\s+)?(?i:{fraction})(?=\s*{scale})
        |{_NUM_DIGITS}|{number_word_pattern()}|(?<![\w])(?i:{one})(?=\s*{scale}))"""
    connector = r"(?:auf|bis|und|–|-|—)"
    # "300-Euro-Pauschale", "5-Millionen-Euro-Programm": compounds join number, scale and currency.
    join = r"(?:\s*|-)"

    source = rf"""
    (?:(?=[^\W\d_])(?:(?P<pb>{period_before})\s+
      |(?P<pj>{adjective})\s+(?:{_NOUN}\s+(?:(?:(?i:in)\s+Höhe\s+)?von|über)\s+)?))?
    (?P<body>
      (?:(?=[^\W\d_])(?P<qa>{qual})\s+)?
      (?!\d)(?P<ca>{cur})\s*(?P<na>{_NUM_DIGITS})(?:\s*(?P<sa>{scale}))?(?:,[-–])?
    |
      (?:(?=[^\W\d_])(?P<ro>{opener})\s+)?
      (?:(?=[^\W\d_])(?P<qb>{qual})\s+)?
      (?:
        (?P<n1>{number})(?:{join}(?P<s1>{scale}))?(?:\s*(?P<c1>{cur}))?
        \s*(?P<rc>{connector})\s*
        (?:(?P<q2>{qual})\s+)?
      )?
      (?P<nb>{number})(?:{join}(?P<sb>{scale}))?{join}(?P<cb>{cur})(?:,[-–])?
    )
    (?:\s+(?P<rate>(?i:je|pro)\s+(?P<r1>{_NOUN})(?:\s+und\s+(?P<r2>{_NOUN}))?))?
    (?:\s+(?P<pa>{period}))?
    """
    return re.compile(source, re.VERBOSE)


@dataclass(frozen=True)
class _Tables:
    currencies: dict[str, tuple[str, int]]
    qualifiers: dict[str, bool]
    periods: dict[str, str]
    scales: dict[str, int]
    adjectives: dict[str, str]
    period_nouns: dict[str, str]


@cache
def _tables() -> _Tables:
    def fold(mapping: dict[str, object]) -> dict[str, object]:
        return {re.sub(r"\s+", " ", k): v for k, v in mapping.items()}

    currencies = {k: (str(v), 1) for k, v in fold(_lower_map("money", "currencies")).items()}
    return _Tables(
        currencies,
        fold(_lower_map("money", "qualifiers")),  # type: ignore[arg-type]
        fold(_lower_map("money", "periods")),  # type: ignore[arg-type]
        fold(_lower_map("numbers", "scales")),  # type: ignore[arg-type]
        _lower_map("money", "period_adjectives"),  # type: ignore[arg-type]
        _lower_map("money", "period_nouns"),  # type: ignore[arg-type]
    )


def _fold(word: str | None) -> str | None:
    return None if word is None else _fold_word(word)


@lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    return re.sub(r"\s+", " ", word).lower()


@cache
def _fractions() -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in _lower_map("numbers", "fractions_before_scale").items()}


def _value(number: str, scale: str | None, before_scale: bool) -> Decimal | None:
    value = parse_german_decimal(number)
    if value is None:
        folded = _fold(number) or ""
        last = folded.split()[-1]
        if before_scale and last in _fractions():
            value = _fractions()[last]
        elif before_scale and folded in _words_set("numbers", "one_before_scale"):
            value = Decimal(1)
        else:
            word = parse_number_word(number)
            value = None if word is None else Decimal(word)
    if value is None:
        return None
    if scale is not None:
        value *= _tables().scales[_fold(scale) or ""]
    return value


# Every amount names its currency; the full pattern runs only around currency words.
_BEFORE_CURRENCY = 150
_AFTER_CURRENCY = 60


@cache
def _anchor() -> tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    """The currency words (lower case), the currency word at a place of the folded text, and the
    currency abbreviations matched as written (in the text itself)."""
    currencies = _currency_words()
    written = re.compile(rf"(?<![A-Za-zÄÖÜäöüß])(?:{words_pattern(_as_written())})(?![a-zäöüß])")
    return tuple(currencies), re.compile(words_pattern(currencies)), written


@cache
def _starts() -> re.Pattern[str]:
    """Where an amount phrase not starting with a digit may begin (in folded text)."""
    words = [
        *(w.lower() for w in _as_written()),
        *_currency_words(),
        *_lower_map("money", "qualifiers"),
        *_lower_map("money", "period_adjectives"),
        *(w.lower() for w in lexicon.words("money", "periods_before")),
        *(w.lower() for w in lexicon.words("money", "range_openers")),
        *(w.lower() for w in lexicon.words("numbers", "one_before_scale")),
        *_lower_map("numbers", "fractions_before_scale"),
        *(w.lower() for w in lexicon.words("numbers", "stems")),
    ]
    return starts_pattern(words)


def find_amounts(text: str) -> list[AmountMatch]:
    """Every sum of money in ``text``, sorted by start, non-overlapping.

    Values outside what a release can mean (negative, above :data:`MAX_AMOUNT`) give no match.
    """
    found: list[AmountMatch] = []
    pattern = _pattern()
    folded = fold(text)
    hits, currency_starts = _currency_hits(text, folded)
    regions = merge_windows(hits, len(text), _BEFORE_CURRENCY, _AFTER_CURRENCY)
    if not regions:
        return found
    words = _starts()
    cues = _Cues(text)
    for start, end in regions:
        # An amount holds its currency word: a phrase starts at the last place one may start, or before.
        last = currency_starts[bisect_left(currency_starts, end) - 1]
        candidates = []
        for m in words.finditer(folded, start, end):  # the search stops at the first word after ``last``
            if m.start() > last:
                break
            candidates.append(m.start())
        candidates += digit_starts(text, start, last + 1)
        candidates.sort()
        for m in scan(pattern, text, candidates, end):
            found.extend(_from_match(text, m, cues))
    return same_sum_same_rate(non_overlapping(found))


def same_sum_same_rate(amounts: list[AmountMatch]) -> list[AmountMatch]:
    """A sum named twice in one text with its period or recipient said once ("mit 12.000 Euro
    jährlich gefördert" … "44 Kitas erhalten … 12.000 Euro") is the same grant: a mention without a
    period (or ``per``) takes the one the other mentions agree on."""
    periods: dict[tuple[object, str], set[str]] = {}
    pers: dict[tuple[object, str], set[str]] = {}
    for a in amounts:
        if a.period is not None:
            periods.setdefault((a.value, a.currency), set()).add(a.period)
        if a.per is not None:
            pers.setdefault((a.value, a.currency), set()).add(a.per)
    if not periods and not pers:
        return amounts
    out = []
    for a in amounts:
        key = (a.value, a.currency)
        if a.period is None and len(periods.get(key, ())) == 1:
            a = replace(a, period=next(iter(periods[key])))
        if a.per is None and len(pers.get(key, ())) == 1:
            a = replace(a, per=next(iter(pers[key])))
        out.append(a)
    return out


def _currency_hits(text: str, folded: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The spans of currency words: what ``(?i:currencies).finditer(text)`` finds (leaving out words
    that merely end in one: "Neuro" has no "EUR"), and the abbreviations as written, sorted; and
    every place where the amount pattern may match a currency (inside a word too), sorted."""
    words, currency, written = _anchor()
    hits: list[tuple[int, int]] = []
    word_starts = literal_starts(folded, words)
    for at in word_starts:
        if hits and at < hits[-1][1]:
            continue
        if at and folded[at].isalpha() and folded[at - 1].isalpha():
            continue
        m = currency.match(folded, at)
        if m is not None:
            hits.append(m.span())
    extra = []
    written_starts = literal_starts(text, tuple(_as_written()))
    for at in written_starts:
        m = written.match(text, at)
        if m is not None:
            extra.append(m.span())
    if not extra:
        return hits, word_starts
    return sorted(hits + extra), sorted(word_starts + written_starts)


@dataclass
class _Raw:
    """One amount of a match before the checks: start, end, value, currency, qualifier word."""

    start: int
    end: int
    number_start: int
    value: Decimal
    currency: str
    qualifier: str | None
    qualifier_start: int


def _from_match(text: str, m: re.Match[str], cues: _Cues) -> list[AmountMatch]:
    t = _tables()
    period, per = _rate(m)
    if period is None:
        word = _fold(m["pa"] or m["pb"])
        period = t.periods.get(word) if word else None
    if period is None and m["pj"]:
        stem = _fold(m["pj"]) or ""
        period = next((p for s, p in t.adjectives.items() if stem.startswith(s)), None)
    raws = _ca_amounts(m) if m["ca"] is not None else _number_amounts(m)
    found: list[AmountMatch] = []
    for raw in raws:
        if raw.value > MAX_AMOUNT or _negative_before(text, raw.number_start):
            continue
        approximate = _approximate(text, raw.qualifier, raw.qualifier_start, raw.value)
        raw_per, raw_period = per, period
        if per is None:
            raw_per, each_period = (None, None)
            if cues.near(raw.start - _CONTEXT_BEFORE, m.end() + 12):
                raw_per, each_period = _per_in_context(text, raw.start, m.end(), raw.value)
            raw_period = raw_period or each_period
        found.append(
            AmountMatch(raw.start, raw.end, to_number(raw.value), raw.currency, raw_period, approximate, raw_per)
        )
    return found


def _lead(m: re.Match[str]) -> int:
    """Where the mention starts: at a period adverb before it ("jährlich 5.000 Euro"), not at an
    adjective phrase ("jährlichen Zuschuss von")."""
    return m.start() if m["pb"] else m.start("body")


@lru_cache(maxsize=256)
def _currency(word: str | None) -> tuple[str, int]:
    written = re.sub(r"\s+", " ", word or "")
    if written in _as_written():
        return _as_written()[written]
    return _tables().currencies[_fold(word) or ""]


def _ca_amounts(m: re.Match[str]) -> list[_Raw]:
    """ "EUR 5.000", "CHF 1'200'000": currency before the number."""
    iso, factor = _currency(m["ca"])
    value = _value(m["na"], m["sa"], m["sa"] is not None)
    if value is None:
        return []
    start = _lead(m)
    qual_start = m.start("qa") if m["qa"] else start
    return [_Raw(start, m.end(), m.start("na"), value * factor, iso, _fold(m["qa"]), qual_start)]


def _number_amounts(m: re.Match[str]) -> list[_Raw]:
    """ "5.000 Euro", "von 0,6 auf 2,6 Millionen Euro" (two), "1.000 bis 2.000 Euro" (two)."""
    iso, factor = _currency(m["cb"])
    second = _value(m["nb"], m["sb"], m["sb"] is not None)
    if second is None:
        return []
    second *= factor
    opener = _fold(m["ro"])
    connector = m["rc"]
    first = None
    iso1, factor1 = (iso, factor)
    if m["n1"] is not None:
        # "von X auf Y", "zwischen X und Y", "X bis Y": the first number borrows scale and currency.
        scale1 = m["s1"] or m["sb"]
        first = _value(m["n1"], scale1, scale1 is not None)
        if m["c1"]:
            iso1, factor1 = _currency(m["c1"])
        if (connector == "auf" and opener != "von") or (connector == "und" and opener != "zwischen"):
            # Not a range: the first number is an amount of its own only with its own currency.
            first = _value(m["n1"], m["s1"], m["s1"] is not None) if m["c1"] else None
    qual1 = _fold(m["qb"])
    found: list[_Raw] = []
    if first is not None:
        start1 = m.start("ro") if m["ro"] else (m.start("qb") if m["qb"] else m.start("n1"))
        if m["pb"]:
            start1 = m.start()
        end1 = max(e for e in (m.end("n1"), m.end("s1"), m.end("c1")) if e >= 0)
        q1_start = m.start("qb") if m["qb"] else start1
        found.append(_Raw(start1, end1, m.start("n1"), first * factor1, iso1, qual1, q1_start))
        qual2 = _fold(m["q2"]) or qual1
        start2 = m.start("q2") if m["q2"] else m.start("nb")
        q2_start = m.start("q2") if m["q2"] else q1_start
    elif m["n1"] is not None:
        start2 = m.start("q2") if m["q2"] else m.start("nb")
        qual2 = _fold(m["q2"])
        q2_start = start2
        if connector == "bis" and not qual2:
            # "Förderung bis 5.000 Euro": an upper bound.
            start2 = q2_start = m.start("rc")
            qual2 = "bis zu"
    else:
        start2 = _lead(m)
        qual2 = qual1
        q2_start = m.start("qb") if m["qb"] else start2
    found.append(_Raw(start2, m.end(), m.start("nb"), second, iso, qual2, q2_start))
    return found


@cache
def _words_set(name: str, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.words(name, key))


_WORD_BEFORE = re.compile(r"([\w\-]+)\s*\Z")


def _approximate(text: str, qualifier: str | None, qualifier_start: int, value: Decimal) -> bool:
    """Whether a qualifier makes the amount approximate ("rund", "bis zu"); "an die" only before a
    round number, "über" not after a document noun ("ein Gutschein über 50 Euro": worth)."""
    if not qualifier or not _tables().qualifiers.get(qualifier):
        return False
    if qualifier in _words_set("money", "round_qualifiers"):
        return value % 50 == 0
    if qualifier == "über":
        before = _WORD_BEFORE.search(text, max(0, qualifier_start - 40), qualifier_start)
        if before and before.group(1).lower().endswith(tuple(_words_set("money", "worth_nouns"))):
            return False
    return True


_SIGN_BEFORE = re.compile(r"(?:(?<![\w.,\-−])[-−]|(?<![\w])(?i:minus)\s+)\Z")


def _negative_before(text: str, number_start: int) -> bool:
    """A sign glued to the number ("-5.000 Euro") or "minus" before it: a negative sum."""
    if number_start == 0:
        return False
    before = text[number_start - 1]
    if before not in "-−" and not (before.isspace() and "s" in text[max(0, number_start - 3) : number_start]):
        return False
    return bool(_SIGN_BEFORE.search(text, max(0, number_start - 8), number_start))


def _rate(m: re.Match[str]) -> tuple[str | None, str | None]:
    """(period, per) of "je Kind und Monat", "pro Einrichtung und Jahr", "pro Jahr", "je Haus"."""
    if not m["rate"]:
        return None, None
    period_nouns = _tables().period_nouns
    period = per = None
    for noun in (m["r1"], m["r2"]):
        if noun is None:
            continue
        folded = noun.lower()
        if folded in period_nouns:
            period = period or period_nouns[folded]
        elif per is None:
            per = noun
    return period, per


# How far back (and ahead, for "jeweils") in the sentence to look for the recipient of a rate.
_CONTEXT_BEFORE = 160
_CONTEXT_AFTER = 100
_SENTENCE_END = re.compile(r"[!?;]\s|\n|[.:]\s+(?=[A-ZÄÖÜ„\"])")
# "jede Kita", "jedes neue Familienzentrum": up to two adjectives between
_EACH = re.compile(rf"(?<![\w])(?i:jede[nmrs]?)\s+(?:[a-zäöüß][\w\-]*\s+){{0,2}}(?P<noun>{_NOUN})")
_JEWEILS = re.compile(r"(?<![\w])(?i:jeweils)(?![\w])")
_WORD = re.compile(r"[\w\-]+")


def _sentence_before(text: str, start: int) -> int:
    """Where the sentence (or clause after a semicolon) holding ``start`` begins, looking back at most
    :data:`_CONTEXT_BEFORE` characters."""
    window_start = max(0, start - _CONTEXT_BEFORE)
    cut = window_start
    for m in _SENTENCE_END.finditer(text, window_start, start):
        cut = m.end()
    return cut


def _sentence_after(text: str, end: int) -> int:
    m = _SENTENCE_END.search(text, end, min(len(text), end + _CONTEXT_AFTER))
    return m.start() if m else min(len(text), end + _CONTEXT_AFTER)


def _per_in_context(text: str, start: int, end: int, value: Decimal) -> tuple[str | None, str | None]:
    """(per, period) of a sum paid for each one, from its sentence: "Jede Kita erhält 5.000 Euro"
    (per Kita), "Die Familienzentren erhalten jeweils bis zu 20.000 Euro" (per Familienzentrum),
    "Die Kitas erhalten 10.000 Euro" (per Kita), "Jedes Jahr gibt das Land 5 Mio. Euro" (period year)."""
    sentence = _sentence_before(text, start)
    if value <= MAX_PER_FACILITY and (receiver := _receiver(text, sentence, start)):
        return receiver, None
    if _JEWEILS.search(text, max(sentence, start - 40), start) or _JEWEILS.match(text, end + 1):
        recipient = _last_recipient(text, sentence, start)
        recipient = recipient or _first_recipient(text, end, _sentence_after(text, end))
        if recipient:
            return recipient, None
    each = None
    for m in _EACH.finditer(text, sentence, start):
        each = m
    # "Jede Kita erhält …", "fördert jeden Stützpunkt mit …": the recipient in the amount's own clause
    # ("Damit jedes Kind …, stellt das Land 5 Mio. Euro bereit" pays for no child).
    if each is None or "," in text[each.end() : start]:
        return None, None
    noun = each["noun"]
    period = _tables().period_nouns.get(noun.lower())
    return (None, period) if period else (noun, None)


# a superset pre-check (no word boundaries): what "[jJ]e(?:de|weils)|erh(?:alten|ielten)|beka?m" finds;
# no two of them start at one place
_EACH_WORDS = ("jede", "Jede", "jeweils", "Jeweils", "erhalten", "erhielten", "bekam", "bekm")
# A sum a facility receives for itself: above it, "Die Kitas erhalten …" speaks of a total.
MAX_PER_FACILITY = 250_000


@cache
def _receiving() -> re.Pattern[str]:
    verbs = words_pattern(lexicon.words("money", "receiving_verbs"))
    totals = words_pattern(lexicon.words("money", "total_words"))
    return re.compile(rf"(?<![\w])(?:(?P<verb>{verbs})|(?P<total>(?i:{totals})))(?![\w])")


def _receiver(text: str, sentence: int, start: int) -> str | None:
    """The facility of "Die Kitas erhalten 10.000 Euro", "erhalten 500 Häuser jährlich 40.000 Euro":
    a plural facility noun and a plural verb of receiving before the sum, no word of a total."""
    verb = None
    for m in _receiving().finditer(text, sentence, start):
        if m["total"]:
            return None
        verb = verb or m
    if verb is None:
        return None
    # plural nouns only: the written form is not the singular unit ("Kitas", not "Kita")
    nouns = [
        (n_start, unit) for n_start, n_end, unit in facility_nouns(text, sentence, start) if text[n_start:n_end] != unit
    ]
    # the subject: the first noun after an inverted verb ("erhalten 500 Häuser"), else the first one
    after = [unit for n_start, unit in nouns if n_start > verb.start()]
    return after[0] if after else (nouns[0][1] if nouns else None)


_CUE_CHUNK = 2048


class _Cues:
    """Where the words that make a sum one per recipient stand ("jede", "jeweils", "erhalten"): found
    lazily, each character of the text scanned once however many amounts ask."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions: list[int] = []
        self.low = self.scanned = 0  # [low, scanned) is scanned; amounts come in text order

    def near(self, start: int, end: int) -> bool:
        """Whether a cue starts in ``[start, end)``."""
        start, end = max(0, start), min(len(self.text), end)
        if start < self.low or start > self.scanned:
            self.positions, self.low, self.scanned = [], start, start
        if end > self.scanned:
            # scan ahead in chunks; a cue word is at most 9 characters: rescan the seam so none is cut
            until = min(len(self.text), max(end, self.scanned + _CUE_CHUNK))
            for at in _each_words(self.text, max(self.low, self.scanned - 9), until + 9):
                if not self.positions or at > self.positions[-1]:
                    self.positions.append(at)
            self.scanned = until
        k = bisect_left(self.positions, start)
        return k < len(self.positions) and self.positions[k] < end


def _each_words(text: str, start: int, end: int) -> list[int]:
    """Where ``finditer`` of the alternation of :data:`_EACH_WORDS` over ``text[start:end]`` finds one
    (leftmost first, none inside the one before): a ``str.find`` per word, in C, where the regex engine
    stops at every "e"."""
    found = []
    for word in _EACH_WORDS:
        at = text.find(word, start, end)
        while at != -1:
            found.append((at, at + len(word)))
            at = text.find(word, at + 1, end)
    found.sort()
    starts = []
    done = start
    for at, word_end in found:
        if at >= done:
            starts.append(at)
            done = word_end
    return starts


def _recipients_in(text: str, start: int, end: int) -> list[str]:
    """Singular nominatives of the facility nouns and per-head recipients between start and end."""
    recipients = _lower_map("money", "recipients")
    nouns = [(n_start, unit) for n_start, _, unit in facility_nouns(text, start, end)]
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        if word[:1].isupper() and word.lower() in recipients:
            nouns.append((m.start(), str(recipients[word.lower()])))
    nouns.sort()
    return [unit for _, unit in nouns]


def _last_recipient(text: str, start: int, end: int) -> str | None:
    found = _recipients_in(text, start, end)
    return found[-1] if found else None


def _first_recipient(text: str, start: int, end: int) -> str | None:
    found = _recipients_in(text, start, end)
    return found[0] if found else None
