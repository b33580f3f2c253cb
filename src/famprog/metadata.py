"""Document metadata read from the text and its items: who issues a release.

The document's date comes from ``famprog.normalize.dates.find_published``; its title from
``famprog.reading.find_title``.
"""

from __future__ import annotations

import re

from famprog.components.lexicon_view import name_lexicon
from famprog.model import Organisation

PUBLISHER_CUE = re.compile(r"(?:Pressemitteilung|Medieninformation|Presseinformation|Mitteilung)\s+(?:des|der|vom)\s+$")
HEADER_LINES = 4


def publisher(text: str, organisations: list[Organisation]) -> str | None:
    """The issuing organisation: named in the first lines of the release, or after "Pressemitteilung des"."""
    header_end = 0
    lines = 0
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        header_end = m.end()
        lines += 1
        if lines >= HEADER_LINES:
            break
    parties = set(name_lexicon().parties.values())
    for org in organisations:
        if org.name in parties:
            continue
        for mention in org.mentions:
            if mention.start < header_end or PUBLISHER_CUE.search(text[max(0, mention.start - 40) : mention.start]):
                return org.name
    return None
