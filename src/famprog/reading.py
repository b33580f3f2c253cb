"""Bytes -> decoded text + metadata: the first stage of famprog.

What ``SourceText.text`` is, because every offset famprog reports refers to it:

1. the raw bytes decoded (UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, UTF-16 without BOM,
   Windows-1252, or another single-byte encoding that charset-normalizer finds), the BOM dropped;
2. for HTML, the main text of the page as trafilatura extracts it (a plain tag-stripping
   fallback when trafilatura finds nothing or fails);
3. line endings "\\r\\n" and "\\r" turned into "\\n";
4. Unicode NFC, so that "u" + combining diaeresis and "ü" are one character everywhere.

Nothing else is changed: web clutter stays in the text and is only marked by ``clutter``
(ranges of ``text``), so later stages can skip it while offsets stay true to the document.

Bad input raises ``InputError`` with a short reason; nothing else escapes for bad bytes.
All work is linear in the input size: no regex runs on a line longer than ``_MAX_PATTERN_LINE``.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

from famprog import lexicon
from famprog.errors import InputError

__all__ = ["SourceText", "find_clutter", "find_title", "read_bytes", "read_path"]


@dataclass(frozen=True)
class SourceText:
    """One input document, decoded; all famprog offsets refer to ``text``."""

    path: str
    text: str
    encoding: str
    format: str
    sha256: str
    clutter: tuple[tuple[int, int], ...]
    title: str | None


# --------------------------------------------------------------------------- public API


def read_path(path: Path, display: str | None = None) -> SourceText:
    """Read and decode the file at ``path``; ``display`` is the path shown in records and errors."""
    shown = display if display is not None else str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, shown, suffix=Path(path).suffix)


def read_bytes(data: bytes, path: str, suffix: str = ".txt") -> SourceText:
    """Decode ``data``; ``suffix`` ".html"/".htm" (or markup at the start of the text) means HTML."""
    if not data:
        raise InputError(path, "empty file")
    raw_text, encoding = _decode(data, path)
    raw_text = _normalize(raw_text)
    is_html = suffix.lower() in {".html", ".htm", ".xhtml"} or _looks_like_html(raw_text)
    html_title: str | None = None
    if is_html:
        text, html_title = _html_to_text(raw_text)
        text = _normalize(text)
    else:
        text = raw_text
    if not text.strip():
        raise InputError(path, "no text")
    clutter = find_clutter(text)
    title = clean_title(html_title) or find_title(text, clutter)
    return SourceText(
        path=path,
        text=text,
        encoding=encoding,
        format="html" if is_html else "text",
        sha256=hashlib.sha256(data).hexdigest(),
        clutter=clutter,
        title=title,
    )


def find_clutter(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted, non-overlapping ``(start, end)`` ranges of ``text`` that are web boilerplate.

    Line-based (guidelines §1): a line is clutter when it matches a phrase or pattern of
    ``resources/de/clutter.yaml``; a comment form makes everything from its first line on
    clutter; short lines (menu items) in a run bounded by clutter on both sides, or by
    clutter and the end of the text, join that block. Blank lines between clutter lines are
    part of the block; a range starts and ends on a visible character.
    """
    lines = text.split("\n")
    kinds = [_classify_line(line) if line else _BLANK for line in lines]  # most blank lines are empty

    form_start = next((i for i, kind in enumerate(kinds) if kind == _FORM), None)
    if form_start is not None:
        for i in range(form_start, len(kinds)):
            if kinds[i] != _BLANK:
                kinds[i] = _CLUTTER

    _absorb_short_runs(kinds)

    ranges: list[tuple[int, int]] = []
    line_start = 0
    for line, kind in zip(lines, kinds, strict=True):
        start, line_start = line_start, line_start + len(line) + 1
        if kind != _CLUTTER:
            continue
        start, end = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
        if ranges and _only_blank(text, ranges[-1][1], start):
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return tuple(ranges)


def find_title(text: str, clutter: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str | None:
    """The headline: the first substantial content line that is no label, date or organisation line.

    Returns None when the first substantial line is already body text (a long paragraph, or a line
    of more than one sentence): null rather than a guess.
    """
    blocked = sorted(clutter)
    b = 0
    for start, end in _lines(text):
        while b < len(blocked) and blocked[b][1] <= start:
            b += 1
        if b < len(blocked) and blocked[b][0] < end and start < blocked[b][1]:
            continue
        line = _strip_space(text[start:end])
        if not line or not _is_headline_candidate(line):
            continue
        if len(line) > _MAX_TITLE or _is_body_line(line):
            return None
        return clean_title(_strip_quotes(line))
    return None


def _is_body_line(line: str) -> bool:
    """A line of running text: two sentences ("… zurück. Deshalb …"), or a long one ending in a full stop."""
    return bool(_SENTENCE_INSIDE.search(line)) or (len(line) > _MAX_SENTENCE_TITLE and line.endswith("."))


def clean_title(title: str | None) -> str | None:
    """A headline without the site's tail or breadcrumb: "X | Landesportal Hessen", "X - Ministerium für
    Soziales", "| Ministerium … | Soziales" lose their site parts; a dateline glued to the headline
    ("Potsdam:Land fördert …") is cut off. None when nothing of a headline is left."""
    if not title:
        return None
    title = _GLUED_DATELINE.sub("", title.strip())
    parts = _TITLE_SEPARATOR.split(title)
    while len(parts) > 1 and _is_site_part(parts[-1]):
        parts.pop()
    while len(parts) > 1 and (not parts[0].strip() or _is_site_part(parts[0])):
        parts.pop(0)
    # the separators between the parts that stay are kept as written
    kept = title[title.find(parts[0]) : title.rfind(parts[-1]) + len(parts[-1])] if parts else ""
    kept = kept.strip(" |–-")
    return kept if len(kept.split()) >= 2 and not _is_site_part(kept) else None


def _is_site_part(part: str) -> bool:
    """A segment of a title that names the site or the issuing body, not the news."""
    words = part.split()
    if not words or len(words) > 12:
        return False
    low = part.lower()
    if any(w in low for w in _rules().site_words):
        return True
    return _is_org_line(words, _rules())


# --------------------------------------------------------------------------- decoding

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"RIFF", "audio or video file"),
    (b"OggS", "audio file"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM begins with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Characters that German text in a Western single-byte encoding plausibly contains above ASCII.
_PLAUSIBLE_HIGH = frozenset(
    "äöüÄÖÜßẞ„“”‚‘’«»‹›–—…€§°·•´`¨©®™²³½¼¾µ×÷¡¿\u00a0\u00adéèêëáàâãåæçíìîïñóòôõøúùûýÿÉÈÊÁÀÂÇÍÓÔÚÑŠšŽžŒœ"
)
# C0/C1 control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)])
_CONTROL_CHAR = re.compile("[" + re.escape(_CONTROL) + "]")


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Decoded text and the name of the encoding used."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"undecodable data: invalid {name} after a {name} byte-order mark") from exc
            _check_controls(text, path)
            return text, name

    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"binary data ({kind}), not text")

    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError(path, "binary data (NUL bytes), not text")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(path, "undecodable data: looks like UTF-16 but is not valid UTF-16") from exc
        _check_controls(text, path)
        return text, codec

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_controls(text, path)
        return text, "utf-8"

    declared = _declared_charset(data)
    for codec in dict.fromkeys([c for c in (declared, "cp1252") if c]):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible_western(text):
            return text, codec

    guessed = _guess_with_charset_normalizer(data)
    if guessed is not None:
        text, codec = guessed
        if _plausible_western(text):
            return text, codec

    raise InputError(path, "undecodable data: neither UTF-8 nor a Western European encoding")


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order when NUL bytes sit in every second position, as in Latin-script UTF-16."""
    if len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    half = len(data) // 2
    if odd_nul >= 0.3 * half and even_nul <= 0.05 * half:
        return "utf-16-le"
    if even_nul >= 0.3 * half and odd_nul <= 0.05 * half:
        return "utf-16-be"
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, as a Python codec name."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # pages that declare Latin-1 are in practice Windows-1252 (as browsers treat them)
    return "cp1252" if name in {"latin-1", "iso8859-1"} else name


def _guess_with_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding in {"utf_8", "ascii"}:
        return None
    try:
        return data.decode(best.encoding), best.encoding.replace("_", "-")
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible_western(text: str) -> bool:
    """German text decoded as a single-byte encoding: no control bytes, high characters mostly German."""
    if _control_count(text) > max(2, len(text) // 1000):
        return False
    high = len(text) - len(text.encode("ascii", "ignore"))
    if high == 0:
        return True
    plausible = sum(text.count(ch) for ch in _PLAUSIBLE_HIGH)
    return plausible >= 0.8 * high


def _control_count(text: str) -> int:
    return sum(1 for _ in _CONTROL_CHAR.finditer(text))


def _check_controls(text: str, path: str) -> None:
    if _control_count(text) > max(2, len(text) // 1000):
        raise InputError(path, "binary data (control characters), not text")


def _normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- HTML

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def _looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:8192]) is not None


def _html_to_text(html: str) -> tuple[str, str | None]:
    """Main text of an HTML page, and its headline if the markup names one.

    A page that marks its content with <article> (or <main>) gives that element's text: trafilatura
    drops dateline blocks (class "meta") and figure captions there, which carry the publication date
    and photo credits. Other pages go through trafilatura; the whole page's text is the last resort.
    """
    scan = _TagTextParser()
    try:
        scan.feed(html)
        scan.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; anything it still raises is bad markup
        pass
    text = scan.main_text()
    if len(text) < _MIN_MAIN_TEXT:
        text = _trafilatura_text(html) or ""
    if not text.strip():
        text = scan.text()
    return text, scan.title()


def _trafilatura_text(html: str) -> str | None:
    try:
        import trafilatura

        return trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            output_format="txt",
            with_metadata=False,
        )
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, LookupError):
        return None
    except Exception:  # noqa: BLE001 - lxml raises its own errors on hostile markup; fall back
        return None


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
# page furniture that may sit inside <article>/<main> but is never part of the release
_SKIP_IN_MAIN = frozenset({"nav", "aside", "form", "button", "select", "dialog"})
_MIN_MAIN_TEXT = 200


class _TagTextParser(HTMLParser):
    """Iterative (never recursive) scan for the page text, the <article>/<main> text and the title.

    Safe on deeply nested markup: html.parser keeps no tree, only counters.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skip = 0
        self._in: str | None = None  # "title" or "h1" while inside one
        self._title: list[str] = []
        self._h1: list[str] = []
        self._og_title: str | None = None
        self._main_tag: str | None = None  # "article" or "main", the first one seen
        self._main_depth = 0
        self._main_done = False
        self._main_skip = 0
        self._main: dict[str, list[str]] = {"article": [], "main": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            props = dict(attrs)
            if (props.get("property") or props.get("name")) in {"og:title", "twitter:title"}:
                self._og_title = self._og_title or (props.get("content") or None)
            return
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title" and not self._title:
            self._in = "title"
        elif tag == "h1" and not self._h1:
            self._in = "h1"
        if tag in {"article", "main"} and not self._main[tag]:
            if self._main_tag is None or (self._main_tag == "main" and tag == "article" and not self._main_done):
                self._main_tag, self._main_depth, self._main_skip = tag, 0, 0
        if tag == self._main_tag and not self._main_done:
            self._main_depth += 1
        if self._main_depth and tag in _SKIP_IN_MAIN:
            self._main_skip += 1
        if tag in _BLOCK_TAGS:
            self._append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if self._main_depth and tag in _SKIP_IN_MAIN and self._main_skip:
            self._main_skip -= 1
        if tag in {"title", "h1"}:
            self._in = None
        if tag in _BLOCK_TAGS:
            self._append("\n")
        if tag == self._main_tag and self._main_depth:
            self._main_depth -= 1
            if not self._main_depth:
                self._main_done = tag == "article"

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self._title.append(data)
        elif self._in == "h1" and not self._skip:
            self._h1.append(data)
        if not self._skip:
            self._append(data)

    def _append(self, data: str) -> None:
        self._parts.append(data)
        if self._main_depth and not self._main_skip and self._main_tag and not self._skip:
            self._main[self._main_tag].append(data)

    def text(self) -> str:
        return _join_lines(self._parts)

    def main_text(self) -> str:
        """Text of the first <article>, else of the first <main>; "" when the page has neither."""
        return _join_lines(self._main["article"]) or _join_lines(self._main["main"])

    def title(self) -> str | None:
        for candidate in ("".join(self._h1), self._og_title or "", "".join(self._title)):
            cleaned = _strip_quotes(" ".join(candidate.split()))
            if cleaned:
                return cleaned
        return None


def _join_lines(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- clutter

_BLANK, _CONTENT, _SHORT, _CLUTTER, _FORM = range(5)
_MAX_PATTERN_LINE = 500
_MAX_SHORT_WORDS = 4
_LEADING_BULLETS = "•·-–—*»›>|▸►■□▪"
_TRAILING_MARKS = " :|›»>"


@dataclass(frozen=True)
class _ClutterRules:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    form_starts: tuple[str, ...]
    labels: frozenset[str]
    org_heads: frozenset[str]
    credit_labels: tuple[str, ...]
    site_words: tuple[str, ...]


@cache
def _rules() -> _ClutterRules:
    data = lexicon.load("clutter")
    skip = data.get("title_skip") or {}
    return _ClutterRules(
        lines=frozenset(_fold(p) for p in lexicon.words("clutter", "lines")),
        prefixes=tuple(_fold(p) for p in lexicon.words("clutter", "prefixes")),
        # kept apart: Python's re cannot use the "^" anchors of an alternation under search()
        patterns=tuple(re.compile(p) for p in lexicon.words("clutter", "patterns")),
        form_starts=tuple(_fold(p) for p in lexicon.words("clutter", "comment_form_start")),
        labels=frozenset(w.lower() for w in skip.get("labels", [])),
        org_heads=frozenset(w.lower() for w in skip.get("org_heads", [])),
        credit_labels=tuple(w.lower() for w in skip.get("credit_labels", [])),
        site_words=tuple(w.lower() for w in skip.get("site_words", [])),
    )


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its "\\n"."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def _strip_space(line: str) -> str:
    return line.strip().strip("\u00a0\u200b\ufeff\u2007\u202f").strip()


def _fold(line: str) -> str:
    """Lowercased, whitespace collapsed, leading bullets and trailing separators removed."""
    folded = " ".join(line.lower().split())
    folded = folded.lstrip(_LEADING_BULLETS).lstrip()
    return folded.rstrip(_TRAILING_MARKS)


_CACHED_LINE = 120  # menus, footers and labels are short lines


def _classify_line(line: str) -> int:
    """:func:`_classify`, remembered for short lines: menus, footers and labels recur line for line in
    the releases of one site."""
    return _classify_short(line) if len(line) <= _CACHED_LINE else _classify(line)


@lru_cache(maxsize=2048)
def _classify_short(line: str) -> int:
    return _classify(line)


def _classify(line: str) -> int:
    if not line.strip():
        return _BLANK
    if len(line) > _MAX_PATTERN_LINE:
        return _CONTENT
    rules = _rules()
    folded = _fold(line)
    if folded.startswith(rules.form_starts):
        return _FORM
    if folded in rules.lines or folded.startswith(rules.prefixes):
        return _CLUTTER
    if any(p.search(folded) for p in rules.patterns):
        return _CLUTTER
    return _SHORT if _is_short(line) else _CONTENT


def _is_short(line: str) -> bool:
    """A menu-item-like line: at most four words and no sentence punctuation."""
    stripped = _strip_space(line)
    if len(stripped.split(maxsplit=_MAX_SHORT_WORDS)) > _MAX_SHORT_WORDS:  # five parts: five words or more
        return False
    return not any(ch in stripped for ch in '.!?:;„“"')


def _absorb_short_runs(kinds: list[int]) -> None:
    """Short lines between two clutter lines, between clutter and the end, or directly under clutter."""
    i = 0
    n = len(kinds)
    while i < n:
        if kinds[i] != _SHORT:
            i += 1
            continue
        j = i
        while j < n and kinds[j] in (_SHORT, _BLANK):
            j += 1
        before = next((kinds[k] for k in range(i - 1, -1, -1) if kinds[k] != _BLANK), None)
        after = kinds[j] if j < n else None
        if before == _CLUTTER and after in (_CLUTTER, None):
            for k in range(i, j):
                if kinds[k] == _SHORT:
                    kinds[k] = _CLUTTER
        i = j
    # menu items listed line by line right under a clutter line ("Startseite\nThemen\nFamilie");
    # a blank line ends the menu, so a heading set off below a skip link stays content
    for i in range(1, n):
        if kinds[i] == _SHORT and kinds[i - 1] == _CLUTTER:
            kinds[i] = _CLUTTER


def _only_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


# --------------------------------------------------------------------------- title

_MAX_TITLE = 300
_MAX_SENTENCE_TITLE = 160  # a longer line ending in a full stop is a paragraph
# a sentence end inside the line followed by another sentence: body text, not a headline
_SENTENCE_INSIDE = re.compile(r"[a-zäöüß]{2}[.!?][“”\"«»]?\s+(?:[A-ZÄÖÜ][a-zäöüß]|„)")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|^\s*\|\s*|\s*\|\s*$")
_GLUED_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w.-]+:(?=[A-ZÄÖÜ])")
_VOTE_LINE = re.compile(r":\s*\d")
_MAX_LABEL_WORDS = 6
_MIN_TITLE_WORDS = 4  # fewer words are kickers and section names ("Aus dem Netzwerk")
_MONTHS = (
    "januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
    "|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez"
)
_WEEKDAYS = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
# A line that is only a date or a dateline: "13.06.2018", "Erfurt, 14. März 2023", "Dienstag, 3. Mai 2022"
_DATE_LINE = re.compile(
    rf"^(?:[^\W\d][\w./ -]{{0,40}}, ?)?(?:(?:{_WEEKDAYS}),? ?)?"
    rf"(?:\d{{1,2}}\. ?(?:\d{{1,2}}\.|(?:{_MONTHS})\.?) ?\d{{2,4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTHS}) \d{{4}})"
    r"(?: ?[-–(|].{0,40})?$",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"[^\W\d_][\w-]*")
_STATE_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][\w-]*(?:er|isches|sches|ische|sche|isch)$")
_QUOTE_PAIRS = {"„": '“”"', "“": '”"', '"': '"“”', "»": "«", "«": "»", "‚": "‘’", "'": "'"}


def _is_headline_candidate(line: str) -> bool:
    rules = _rules()
    words = line.split()
    if len(words) < _MIN_TITLE_WORDS:
        return False
    if line.endswith(":") or line.startswith("|"):  # a label, a breadcrumb
        return False
    if len(_VOTE_LINE.findall(line)) >= 2:  # "Abstimmung: Ja: 6, Nein: 0"
        return False
    if _DATE_LINE.match(line):
        return False
    first = _FIRST_WORD.match(line)
    first_word = first.group(0).lower() if first else ""
    if first_word in rules.labels and first is not None and first.start() == 0:
        return False
    if len(words) <= _MAX_LABEL_WORDS and any(ch.isdigit() for ch in line):
        # "Medienservice – Pressemitteilung 045/2020"
        if any(_is_label_word(w, rules) for w in words):
            return False
    if first_word in rules.credit_labels or line.startswith("©"):
        return False
    return not _is_org_line(words, rules)


def _is_label_word(word: str, rules: _ClutterRules) -> bool:
    """ "Pressemitteilung", "PM", and compounds of a source with one: "NRW-Mitteilung"."""
    low = word.lower().strip("–-:,")
    return low in rules.labels or any(low.endswith("-" + label) for label in rules.labels if len(label) > 3)


def _is_org_line(words: list[str], rules: _ClutterRules) -> bool:
    """An organisation name standing alone: "Thüringer Ministerium für …", "Staatskanzlei …"."""
    if len(words) > 15 or any(q in " ".join(words) for q in '„“"«»:'):
        return False
    head = words[0]
    if _STATE_ADJECTIVE.match(head) and len(words) > 1:
        head = words[1]
    head = head.lower().strip(",")
    return any(head == h or (head.endswith(h) and len(head) - len(h) <= 12) for h in rules.org_heads)


def _strip_quotes(line: str) -> str:
    line = _strip_space(line)
    while len(line) >= 2 and line[0] in _QUOTE_PAIRS and line[-1] in _QUOTE_PAIRS[line[0]]:
        inner = line[1:-1]
        # only when the quotes enclose the whole line, not two quoted parts
        if any(q in inner for q in '„“”"«»'):
            break
        line = _strip_space(inner)
    return line
