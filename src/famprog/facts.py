"""Facts: values tied to the program (or organisation) they are about, sentence by sentence.

Rules (each fact records the one that produced it):
  funding / center_count   an amount or count in a sentence that names a program, or refers to one
                           ("Dieses Programm", "das Programm", "Es"/"Sie" at the start) -> the last
                           named program; failing both, the one program named in one of the two
                           sentences before, in the same paragraph ("Eine feste Größe sind die X.
                           Rund 35 Kitas …").
  start / end              a span ("vom … bis …") tied like a value; a "seit"/"ab" or "bis" date only
                           in a sentence that names exactly one program by name.
  operated_by              a program and an organisation in one sentence with a cue of running it
                           ("in Kooperation mit", "umgesetzt", "in Trägerschaft", "koordiniert", or
                           "Programm X am/beim Institut …").
  funded_by                an organisation as the one that "fördert"/"finanziert" the program, or the
                           program "gefördert von/durch" it.
``as_of`` is the first plain date of the sentence, else the document's date.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import SENT_START
from spacy.tokens import Doc

from famprog.components.tokens import text_of, token_offsets
from famprog.model import Amount, CenterCount, DateItem, Fact, Mention, Organisation, Program

ANAPHOR = re.compile(
    r"\b(?:(?:[Dd]ieses|[Dd]as|[Dd]em|[Dd]es|[Dd]iese[mn]?)\s+(?:(?:neue|[A-ZÄÖÜ]\w+er|\w+e)\s+)?"
    r"(?:Landes|Bundes|Förder|Modell)?(?:[Pp]rogramm(?:s|es)?|[Pp]rojekt(?:s|es)?|[Vv]orhaben(?:s)?)"
    r"|(?:[Dd]iese|[Dd]ie|[Dd]er)\s+(?:neuen?\s+)?(?:Landes)?(?:Initiative|Richtlinie))\b"
)
# a program named or referred to first thing in the sentence is what the sentence is about
SUBJECT_ANAPHOR = re.compile(
    r"^\W*(?:Das|Dieses|Die|Diese)\s+(?:\w+\s+)?(?:Landes|Bundes|Förder|Modell)?(?:[Pp]rogramm|[Pp]rojekt|[Vv]orhaben|Initiative|Richtlinie|Förderung)\b"
)
START_CUE = re.compile(
    r"(?:\w*[Ss]tart|gestartet|startete|begann|beginnt|Auftakt|ins Leben gerufen|aufgelegt|eingeführt)\b"
)
END_CUE = re.compile(
    r"\b(?:läuft|befristet|Laufzeit|endet|verlänger\w*|fortzuführen|fortgeführt|fortführen|gesichert)\b"
)
# money for something else than running the program: its evaluation, a building
OTHER_PURPOSE = re.compile(r"\b(?:Evaluation|Evaluierung|Studie|Gutachten|Untersuchung|Umbau|Sanierung|Neubau)\b")
# a count of centers added, not of all centers: "23 weitere Kitas", "acht neuen Standorten"
INCREMENT = re.compile(r"\b(?:weitere[nr]?|neue[nr]?|zusätzliche[nr]?)\b", re.IGNORECASE)
# an amount for each center ("Jedes Familienzentrum kann bis zu 35.000 Euro erhalten") is no program funding
PER_CENTER = re.compile(
    r"\b(?:je|jede[rsnm]?|pro|ein(?:e|em|er)?|die einzelnen)\s+(?:\w+\s+)?"
    r"\w*(?:zentrum|zentren|einrichtung|kita|haus|stützpunkt|punkt|treff|standort|anlaufstelle|büro|ort)\b",
    re.IGNORECASE,
)
PRONOUN_START = re.compile(r"^\s*(?:Es|Sie|Dieses|Diese)\s+[a-zäöüß]")
OPERATES = re.compile(
    r"in Kooperation mit|umgesetzt|durchgeführt|koordiniert|[Tt]rägerschaft|\bTräger\b|betreut|angesiedelt|"
    r"verantwortet|organisiert|begleitet"
)
PASSIVE_OPERATES = re.compile(r"\b(?:koordiniert|umgesetzt|durchgeführt|betreut|getragen|organisiert)\b")
FUNDS = re.compile(r"\b(?:fördert|finanziert|fördern|finanzieren)\b")
FUNDED_BY = re.compile(r"\bgefördert\s+(?:von|durch)\b|\bmit\s+(?:Mitteln|Unterstützung)\s+(?:des|der)\b")
AT_ORGANISATION = re.compile(r"^[\s“”\"»«]*(?:am|beim|bei der|bei dem|an der)\s+$")


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Located:
    """A mention of an item with the item it belongs to."""

    start: int
    end: int
    item: object


def sentences(doc: Doc) -> list[Sentence]:
    """Sentence character ranges without surrounding whitespace, with their paragraph number."""
    text = text_of(doc)
    breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n", text)]
    if not len(doc):
        return []
    idx, _ = token_offsets(doc)
    flags = doc.to_array([SENT_START]).tolist()
    starts = [start for k, (start, flag) in enumerate(zip(idx, flags, strict=True)) if k == 0 or flag == 1]
    out = []
    for begin, finish in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:finish]
        start = begin + len(chunk) - len(chunk.lstrip())
        end = begin + len(chunk.rstrip())
        if end > start:
            out.append(Sentence(start, end, bisect_right(breaks, start)))
    return out


def locate(items: list, sentences_: list[Sentence]) -> dict[int, list[Located]]:
    """Mentions of items grouped by the index of the sentence they stand in."""
    starts = [s.start for s in sentences_]
    out: dict[int, list[Located]] = {}
    for item in items:
        for m in item.mentions:
            k = bisect_right(starts, m.start) - 1
            if k >= 0 and m.start < sentences_[k].end:
                out.setdefault(k, []).append(Located(m.start, m.end, item))
    for group in out.values():
        group.sort(key=lambda loc: loc.start)
    return out


def link_facts(
    doc: Doc,
    published: str | None,
    programs: list[Program],
    organisations: list[Organisation],
    dates: list[DateItem],
    amounts: list[Amount],
    counts: list[CenterCount],
) -> list[Fact]:
    sents = sentences(doc)
    text = text_of(doc)
    prog_at = locate(programs, sents)
    org_at = locate(organisations, sents)
    date_at = locate(dates, sents)
    amount_at = locate(amounts, sents)
    count_at = locate(counts, sents)
    facts: list[Fact] = []
    seen: set[tuple] = set()
    last_program: Program | None = None
    referred_at: dict[int, list[Program]] = {}

    def add(
        subject: Program | Organisation, predicate: str, value, sent: Sentence, rule: str, as_of: str | None, **extra
    ) -> None:
        key = (subject.id, predicate, str(value), extra.get("period"), extra.get("unit"))
        if key in seen:
            return
        seen.add(key)
        evidence = Mention(sent.start, sent.end, text[sent.start : sent.end])
        facts.append(
            Fact(
                subject=subject.id,
                subject_name=subject.name,
                predicate=predicate,
                value=value,
                as_of=as_of,
                evidence=evidence,
                rule=rule,
                **extra,
            )
        )

    for k, sent in enumerate(sents):
        sent_text = text[sent.start : sent.end]
        named = prog_at.get(k, [])
        named_programs = _unique(loc.item for loc in named)
        referred: Program | None = None
        rule_ref = ""
        if not named_programs and last_program is not None:
            if ANAPHOR.search(sent_text):
                referred, rule_ref = last_program, "anaphora"
            elif (
                PRONOUN_START.match(sent_text)
                and k > 0
                and sents[k - 1].paragraph == sent.paragraph
                and len(_unique(loc.item for loc in prog_at.get(k - 1, []))) == 1
            ):
                referred, rule_ref = last_program, "pronoun"
        previous: Program | None = None
        if not named_programs and referred is None:
            # the nearest of the three sentences before that names a program (list items and a short
            # paragraph after the program's introduction still speak of it)
            for back in (k - 1, k - 2, k - 3):
                if back < 0:
                    break
                before = _unique(loc.item for loc in prog_at.get(back, [])) or referred_at.get(back, [])
                if before:
                    previous = before[0] if len(before) == 1 else None
                    break
        if referred is not None:
            referred_at[k] = [referred]  # "Wo steht das Programm?" lets the answer speak of it
        plain_dates = [loc.item for loc in date_at.get(k, []) if loc.item.kind == "date"]
        as_of = plain_dates[0].value if plain_dates else published

        amounts_here = amount_at.get(k, [])
        for n, loc in enumerate(amounts_here):
            subject, rule = choose_subject(loc.start, named, named_programs, referred, rule_ref, previous)
            a = loc.item
            nxt = amounts_here[n + 1] if n + 1 < len(amounts_here) else None
            if (
                nxt is not None
                and re.match(r"\s*auf\b", text[loc.end : nxt.start])
                and text[loc.start : loc.end].lower().startswith("von")
            ):
                rule += ":old-value"  # "von 0,6 auf 2,6 Millionen Euro": both are facts, the first the earlier one
            if (
                subject is not None
                and not PER_CENTER.search(text[sent.start : loc.start])
                and not OTHER_PURPOSE.search(sent_text)
            ):
                add(
                    subject,
                    "funding",
                    a.value,
                    sent,
                    f"funding:{rule}",
                    as_of,
                    currency=a.currency,
                    period=a.period,
                    approximate=a.approximate,
                )
        for loc in count_at.get(k, []):
            subject, rule = choose_subject(loc.start, named, named_programs, referred, rule_ref, previous)
            c = loc.item
            if subject is not None and not INCREMENT.search(text[loc.start : loc.end]):
                add(
                    subject,
                    "center_count",
                    c.value,
                    sent,
                    f"center_count:{rule}",
                    as_of,
                    unit=c.unit,
                    approximate=c.approximate,
                )
        # a span ("vom … bis …") is a program's run: it may refer back to the program like a value;
        # "seit"/"bis" alone are too often about something else, so they need the program named
        span_subject, span_rule = (
            (named_programs[0], "named")
            if len(named_programs) == 1
            else (
                choose_subject(sent.start, [], [], referred, rule_ref, previous) if not named_programs else (None, "")
            )
        )
        for loc in date_at.get(k, []):
            d = loc.item
            # a program's run is given to the month or day ("vom 1. März 2015 bis …"); year spans are
            # budget or school years ("Doppelhaushalt 2023/24") and evaluation periods
            if d.kind == "span" and d.end and span_subject is not None and len(d.value) >= 7:
                add(span_subject, "start", d.value, sent, f"start:span:{span_rule}", d.value)
                add(span_subject, "end", d.end, sent, f"end:span:{span_rule}", d.value)
        # "seit"/"bis" dates: the program named alone in the sentence, or referred to as its subject
        # ("Das Modellprojekt ist bis Ende 2025 befristet"); a start cue makes a plain date the start
        # ("Das Programm war 2018 … gestartet"); an end cue lets "bis" refer back ("Die Förderung läuft bis …")
        subject, how = (None, "")
        if len(named_programs) == 1:
            subject, how = named_programs[0], "named"
        elif referred is not None and SUBJECT_ANAPHOR.match(sent_text):
            subject, how = referred, rule_ref
        if subject is not None or previous is not None or referred is not None:
            for loc in date_at.get(k, []):
                d = loc.item
                if subject is not None and d.kind == "since" and text[loc.start : loc.end][:4].lower() == "seit":
                    add(subject, "start", d.value, sent, f"start:since:{how}", d.value)
                elif d.kind == "until" and (subject is not None or END_CUE.search(sent_text)):
                    target = subject or referred or previous
                    add(target, "end", d.value, sent, f"end:until:{how or 'previous-sentence'}", as_of)
                elif d.kind == "date" and START_CUE.search(sent_text) and len(date_at.get(k, [])) == 1:
                    target = subject or referred or previous
                    add(target, "start", d.value, sent, f"start:cue:{how or 'previous-sentence'}", d.value)
        program = named_programs[-1] if named_programs else referred
        orgs = org_at.get(k, [])
        if program is not None and orgs:
            _organisation_facts(add, program, named, orgs, sent, sent_text, as_of, text)
        if named_programs:
            last_program = named[-1].item
    return facts


def choose_subject(
    pos: int,
    named: list[Located],
    named_programs: list[Program],
    referred: Program | None,
    rule_ref: str,
    previous: Program | None,
) -> tuple[Program | None, str]:
    """The program a value at ``pos`` is about: named in the sentence (the nearest before it), referred
    to, or named just before; with the rule that chose it."""
    if named_programs:
        before = [loc.item for loc in named if loc.start <= pos]
        return (before[-1] if before else named[0].item), "named-in-sentence"
    if referred is not None:
        return referred, rule_ref
    if previous is not None:
        return previous, "previous-sentence"
    return None, ""


# cues that an organisation runs a program, by where they stand relative to the organisation's name
COOPERATION_BEFORE = re.compile(r"in Kooperation mit\s+(?:dem|der|den)?\s*$")
CARRIER_BEFORE = re.compile(
    r"(?:Trägerschaft|Träger|Umsetzung|Koordination|Koordinierung|Leitung)"
    r"(?:\s+(?:des|der)\s+[^,;:]{1,90}?)?"  # "Träger des Landesprogramms „X“ ist …"
    r"\s+(?:des|der|ist|sind|übernimmt|übernehmen|liegt\s+bei|obliegt)?\s*(?:das|die|der|dem)?\s*$"
)
PASSIVE_BEFORE = re.compile(r"(?:umgesetzt|durchgeführt|koordiniert)\s+(?:vom|von|durch)\s+(?:dem|der|den|das)?\s*$")
AGENT_BEFORE = re.compile(r"\b(?:vom|von|durch)\s+(?:dem|der|den|das)?\s*$")
ACTIVE_AFTER = re.compile(r"(?:koordiniert|betreut|verantwortet|organisiert|leitet|setzt)\b")


def _organisation_facts(add, program, named, orgs, sent, sent_text, as_of, text) -> None:
    for loc in orgs:
        org = loc.item
        before = text[max(sent.start, loc.start - 140) : loc.start]
        follows = text[loc.end : min(sent.end, loc.end + 40)].strip()
        after_program = any(
            0 <= loc.start - p.end <= 12 and AT_ORGANISATION.match(text[p.end : loc.start]) for p in named
        )
        if FUNDS.match(follows) or FUNDED_BY.search(before):
            add(program, "funded_by", org.name, sent, "funded_by:cue", as_of)
        elif after_program:  # "Leiterin des Programms „X“ am Institut …"
            add(program, "operated_by", org.name, sent, "operated_by:program-at-organisation", as_of)
        elif OPERATES.search(sent_text) and COOPERATION_BEFORE.search(before):
            add(program, "operated_by", org.name, sent, "operated_by:cooperation", as_of)
        elif CARRIER_BEFORE.search(before):  # "Träger ist …", "Die Koordination übernimmt …"
            add(program, "operated_by", org.name, sent, "operated_by:carrier", as_of)
        elif PASSIVE_BEFORE.search(before) or (AGENT_BEFORE.search(before) and PASSIVE_OPERATES.search(sent_text)):
            add(program, "operated_by", org.name, sent, "operated_by:passive", as_of)
        elif (
            ACTIVE_AFTER.match(follows)
            and any(p.start > loc.end for p in named)
            or (ACTIVE_AFTER.match(follows) and ANAPHOR.search(text[loc.end : sent.end]))
        ):  # "Die Servicestelle X koordiniert das Landesprogramm"
            add(program, "operated_by", org.name, sent, "operated_by:active", as_of)


def _unique(items) -> list:
    """Items in first-seen order, each once (by identity: items are the record's own objects)."""
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out
