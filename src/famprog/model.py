"""The record famprog writes for one document (guidelines §5), as plain dataclasses.

This module imports nothing of famprog: every other stage depends on it, it depends on none.
Field order here is the key order in JSON and YAML output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DateKind = Literal["date", "span", "since", "until"]
Period = Literal["year", "month", "week", "day"]
Predicate = Literal["funding", "center_count", "start", "end", "operated_by", "funded_by", "region"]


@dataclass(frozen=True, order=True)
class Mention:
    """Where an item stands: ``source[start:end] == text`` in the decoded document text."""

    start: int
    end: int
    text: str


@dataclass
class Document:
    path: str
    sha256: str
    encoding: str
    format: Literal["text", "html"]
    chars: int
    title: str | None = None
    published: str | None = None
    published_from: Literal["text", "meta"] | None = None  # where ``published`` came from
    publisher: str | None = None
    url: str | None = None  # from a manifest (``--meta``)
    source: str | None = None  # who published it, from a manifest (``--meta``)
    region: str | None = None  # the state the release is about, from a manifest where the text names none
    famprog_version: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    """What a manifest says of a release (``famprog extract --meta``): each field fills the record where
    the text lacks it; the text wins where it has its own dateline or names its state."""

    published: str | None = None
    url: str | None = None
    source: str | None = None
    region: str | None = None


@dataclass
class Program:
    id: str
    name: str
    abbreviation: str | None = None
    aliases: list[str] = field(default_factory=list)
    implicit: bool = False  # an unnamed funding line (guidelines §2.1.1): known by facility and region
    facility: str | None = None  # the kind of facility it funds, singular nominative ("Familienzentrum")
    region: str | None = None  # the German state it belongs to, or "Bund"
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Organisation:
    id: str
    name: str
    abbreviation: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Person:
    id: str
    name: str
    titles: list[str] = field(default_factory=list)
    role: str | None = None
    party: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class DateItem:
    value: str
    end: str | None = None
    kind: DateKind = "date"
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Amount:
    value: int | float
    currency: str = "EUR"
    period: Period | None = None
    approximate: bool = False
    per: str | None = None  # paid for each of these, singular nominative ("Familienzentrum", "Kind")
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class CenterCount:
    value: int
    unit: str
    approximate: bool = False
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Fact:
    """A value tied to the program or organisation it is about, with the sentence it stands in.

    ``subject`` is the id of a program or organisation of the same record; ``value`` is a number
    (funding, center_count), an ISO date (start, end) or an organisation's name (operated_by,
    funded_by) or a state (region).
    """

    subject: str
    subject_name: str
    predicate: Predicate
    value: int | float | str
    unit: str | None = None
    currency: str | None = None
    period: Period | None = None
    approximate: bool = False
    per: str | None = None
    as_of: str | None = None
    evidence: Mention | None = None
    rule: str = ""
    confidence: float | None = None  # measured precision of ``rule`` (famprog.confidence)


@dataclass
class Record:
    document: Document
    programs: list[Program] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    center_counts: list[CenterCount] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
