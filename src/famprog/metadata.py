"""Document metadata read from the text and its items: who issues a release.

The document's date comes from ``famprog.normalize.dates.find_published``; its title from
``famprog.reading.find_title``.

The publisher is reported only where the release says who issues it, else None (a guess from the
first organisation of the body is wrong more often than right). In German releases the issuer is:

  named by a cue          "Pressemitteilung des Ministeriums für …", "Herausgeber: Stiftung X"
  a news agency's mark    "Potsdam (dpa) -", "Berlin: (hib/XY)", "Mainz (dpa/lrs) –"
  a header segment        a line of the header that is the body's name alone ("Ministerium für …"),
                          a breadcrumb part ("| Ministerium für … | Soziales", "Zeitung - Staatskanzlei
                          X - Mainz –"), a source label before a headline ("StMAS: Ausbau …"), a
                          parliament's header ("BÜRGERSCHAFT DER … Drucksache 21/1")
  a label of a source     "StGB NRW-Mitteilung 184/2004" (the source before "-Mitteilung")
"""

from __future__ import annotations

import re

from famprog.components.lexicon_view import name_lexicon
from famprog.model import Organisation

PUBLISHER_CUE = re.compile(
    r"(?:(?:Presse|Medien)?(?:[Mm]itteilung|[Ii]nformation)\s+(?:des|der|vom)"
    r"|Herausgeber(?:in)?\s*:|Herausgegeben\s+(?:von|vom)|V\.i\.S\.d\.P\.\s*:)\s+$"
)
HEADER_LINES = 5  # the first non-blank lines: site name, breadcrumb, kicker, headline, dateline
SEGMENT_BEFORE = ("|", "-", "–", "—", "·", "/")
SEGMENT_AFTER = ("|", "-", "–", "—", "·", ":", "/")
DOCUMENT_TYPES = ("Drucksache", "Pressemitteilung", "Presseinformation", "Medieninformation", "Pressemeldung")
SOURCE_LABEL = re.compile(r"(?m)^\s*([A-ZÄÖÜ][\wÄÖÜäöüß]*(?: [A-ZÄÖÜ]{2,})?)-(?:Presse)?[Mm]itteilung\b")
DATELINE_BEFORE_AGENCY = re.compile(r"^\s*(?:[A-ZÄÖÜ][\w./-]*(?: [A-ZÄÖÜ][\w./-]*)*\s*:?\s*)?\($")


def publisher(text: str, organisations: list[Organisation]) -> str | None:
    """The issuing organisation's name, or None where the release does not say who issues it.

    ``organisations`` are the record's items with their mentions (character offsets into ``text``).
    """
    header_end = _header_end(text)
    parties = set(name_lexicon().parties.values())
    candidates = [
        (mention.start, mention.end, org)
        for org in organisations
        if org.name not in parties
        for mention in org.mentions
    ]
    candidates.sort(key=lambda c: c[0])
    for start, _, org in candidates:
        if PUBLISHER_CUE.search(text[max(0, start - 40) : start]):
            return org.name
    agencies = name_lexicon().news_agencies
    for start, _, org in candidates:
        if org.name in agencies and start < header_end + 400 and _in_dateline(text, start):
            return org.name
    for start, end, org in candidates:
        if start < header_end and org.name not in agencies and _is_segment(text, start, end):
            return org.name
    label = SOURCE_LABEL.search(text, 0, header_end)
    return label.group(1) if label else None


def _header_end(text: str) -> int:
    """Offset where the first ``HEADER_LINES`` non-blank lines end."""
    end = 0
    for lines, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), start=1):
        end = m.end()
        if lines >= HEADER_LINES:
            break
    return end


def _line_of(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after characters start..end on their line, stripped."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[line_start:start].strip(), text[end:line_end].strip()


def _in_dateline(text: str, start: int) -> bool:
    """An agency mark opening a line's text: "Potsdam (dpa/bb) - …", "Berlin: (hib/XY) …", "(KNA) …"."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(DATELINE_BEFORE_AGENCY.match(text[line_start:start]))


def _is_segment(text: str, start: int, end: int) -> bool:
    """A mention that is a part of its line by itself: the whole line, or a part between separators."""
    before, after = _line_of(text, start, end)
    if before and not before.endswith(SEGMENT_BEFORE):
        return False
    return not after or after.startswith(SEGMENT_AFTER) or after.startswith(DOCUMENT_TYPES)
