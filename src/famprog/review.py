"""A static review site of records: read the extractions in the text, check the facts by eye.

``build_site(inputs, out_dir, db=None)`` writes, for opening from the file system (no server, no CDN,
no external fonts or scripts):

- ``index.html``: the releases with date, publisher, title and counts of items and facts, sortable
  (``static/sort.js``), and the programs;
- ``releases/<path>.html``: the release text with every mention marked by kind (program, organisation,
  person, date, amount, center count; the normalized value on hover), web clutter greyed, and beside
  it the facts (subject, predicate, value, as_of, confidence, rule), each linked to its evidence
  sentence and to the mention of its value;
- ``programs/<id>.html``: one page per program or funding line: aliases, region, facility and an SVG
  chart of center counts and funding over ``as_of``, drawn when the site is built, each point linked
  to the fact in its release. With ``db`` (a fact store) programs, aliases and facts come from the store.

Inputs: documents (.txt, .md, .html, .htm; extracted here), record files (.json, .yaml, or a
``records.jsonl`` of a record per line, as written by ``famprog extract``; their text is read again
from ``document.path`` when the file is there and its sha256 matches) or folders of either, or
records (``famprog.Record`` or dicts). Every piece of
release text goes through Jinja2's autoescape. spaCy's displaCy span renderer was considered: it draws
tokens, not character ranges, and gives a mention neither an id nor a title, which the fact links need.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from famprog.errors import FamprogError, InputError, OutputError
from famprog.record_files import RECORD_SUFFIXES, read_jsonl, read_record, without_yaml_twins

__all__ = ["SiteSummary", "build_site"]

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
ITEM_KINDS = (
    ("programs", "program"),
    ("organisations", "organisation"),
    ("people", "person"),
    ("dates", "date"),
    ("amounts", "amount"),
    ("center_counts", "center_count"),
)
VALUE_KIND = {"funding": "amounts", "center_count": "center_counts", "start": "dates", "end": "dates",
              "operated_by": "organisations", "funded_by": "organisations"}


@dataclass
class Release:
    """One record with its decoded text (None when the source could not be found again)."""

    record: dict[str, Any]
    text: str | None
    clutter: tuple[tuple[int, int], ...] = ()
    page: str = ""
    programs: dict[str, Any] = field(default_factory=dict)  # its facts' subject ids -> ProgramView (their pages)


@dataclass
class SiteSummary:
    """What ``build_site`` wrote: page paths relative to the site folder, and inputs it skipped."""

    index: Path
    releases: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    without_text: list[str] = field(default_factory=list)  # records whose source text was not found


# ---- inputs -----------------------------------------------------------------------------------------


class NothingToReview(InputError):
    """None of the records or documents given could be read: ``problems`` has a line for each; no
    site is written."""

    def __init__(self, problems: list[str]) -> None:
        FamprogError.__init__(self, "no review site written: none of the records or documents could be read")
        self.problems = problems


def load_releases(inputs: Iterable[Any], problems: list[str]) -> list[Release]:
    """Records and their texts from documents, record files, folders or records (see the module doc).
    A document or record that cannot be read is added to ``problems`` as one line and skipped.

    A file given twice (on its own and in its folder) is read once, where it came first.

    ``InputError`` for a path that does not exist, and for folders without any record or document
    (a site of nothing would look like a finished review)."""
    releases: list[Release] = []
    folders: list[str] = []
    seen: set[Path] = set()
    for item in inputs:
        if isinstance(item, str | os.PathLike):
            files = _files(Path(item))
            if not files:
                folders.append(str(item))
            for path in files:
                if (resolved := path.resolve()) in seen:
                    continue
                seen.add(resolved)
                try:
                    if path.suffix.lower() == ".jsonl":
                        releases += [_release_from_record(r, base=path.parent) for r in read_jsonl(path, problems)]
                    else:
                        releases.append(_release_from_file(path))
                except FamprogError as exc:
                    problems.append(str(exc))
        else:
            releases.append(_release_from_record(item))
    if folders and not releases and not problems:
        wanted = ", ".join(sorted(RECORD_SUFFIXES - {".yml"}) + sorted(DOCUMENT_SUFFIXES))
        raise InputError(", ".join(folders), f"no records or documents found ({wanted})")
    return releases


def _files(path: Path) -> list[Path]:
    """The documents and records below ``path``; of a record written both as JSON and as YAML
    (``--format both``), the JSON one."""
    if path.is_dir():
        wanted = DOCUMENT_SUFFIXES | RECORD_SUFFIXES
        return without_yaml_twins(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted))
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return [path]


def _release_from_file(path: Path) -> Release:
    if path.suffix.lower() in RECORD_SUFFIXES:
        return _release_from_record(read_record(path), base=path.parent)
    from famprog.api import extract_source, record_to_dict
    from famprog.reading import read_path
    from famprog.runner import printable

    source = read_path(path, printable(str(path)))  # the document's path as extract writes it ("b\\xff.txt")
    return Release(_with_confidence(record_to_dict(extract_source(source))), source.text, tuple(source.clutter))


def _release_from_record(record: Any, base: Path | None = None) -> Release:
    from famprog.reading import read_path

    data = _with_confidence(record if isinstance(record, dict) else _to_dict(record))
    document = data["document"]
    for folder in (Path.cwd(), *(base.parents if base else ())):
        candidate = folder / document.get("path", "")
        if not candidate.is_file():
            continue
        try:
            source = read_path(candidate, document["path"])
        except FamprogError:
            continue
        if source.sha256 == document.get("sha256"):
            return Release(data, source.text, tuple(source.clutter))
    return Release(data, None)


def _with_confidence(record: dict[str, Any]) -> dict[str, Any]:
    """Records written before facts carried a confidence get it from their rules (on a copy)."""
    from famprog.confidence import confidence_of

    if all("confidence" in f for f in record.get("facts", [])):
        return record
    facts = [{**f, "confidence": f.get("confidence", confidence_of(f.get("rule", "")))} for f in record["facts"]]
    return {**record, "facts": facts}


def _to_dict(record: Any) -> dict[str, Any]:
    from famprog.api import record_to_dict

    return record_to_dict(record)


# ---- the marked text --------------------------------------------------------------------------------


@dataclass
class Mark:
    """A range of the text to wrap in an element: a mention, an evidence sentence or clutter."""

    start: int
    end: int
    rank: int  # at the same start, lower ranks open first (outside)
    tag: str
    attrs: dict[str, str]


def nest(text: str, marks: Sequence[Mark]) -> list[tuple[str, Any]]:
    """The text as ("text", str), ("open", Mark), ("close", Mark) pieces, properly nested.

    Marks that cross (overlap without one containing the other) are cut at the end of the outer one,
    so every mark still gets exactly one element."""
    pieces: list[tuple[str, Any]] = []
    stack: list[tuple[int, Mark]] = []
    pos = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.rank)):
        if mark.start >= len(text) or mark.end <= mark.start:
            continue
        while stack and stack[-1][0] <= mark.start:
            end, closing = stack.pop()
            pieces.append(("text", text[pos:end]))
            pieces.append(("close", closing))
            pos = end
        pieces.append(("text", text[pos : mark.start]))
        pos = mark.start
        end = min(mark.end, stack[-1][0] if stack else len(text))
        pieces.append(("open", mark))
        stack.append((end, mark))
    while stack:
        end, closing = stack.pop()
        pieces.append(("text", text[pos:end]))
        pieces.append(("close", closing))
        pos = end
    pieces.append(("text", text[pos:]))
    return [p for p in pieces if p[0] != "text" or p[1]]


def mention_id(kind: str, item: int, mention: int) -> str:
    return f"m-{kind}-{item}-{mention}"


def evidence_id(start: int, end: int) -> str:
    return f"s-{start}-{end}"


def release_marks(release: Release) -> list[Mark]:
    """Every mention of the record (by kind, with its normalized value as title), every fact's evidence
    sentence and every clutter range."""
    marks = [Mark(s, e, 0, "span", {"class": "clutter", "title": "web clutter: nothing is extracted here"})
             for s, e in release.clutter]
    for fact in release.record.get("facts", []):
        ev = fact.get("evidence")
        if ev:
            marks.append(Mark(ev["start"], ev["end"], 1, "span",
                              {"class": "sentence", "id": evidence_id(ev["start"], ev["end"])}))
    for key, kind in ITEM_KINDS:
        for i, item in enumerate(release.record.get(key, [])):
            title = f"{kind}: {describe(kind, item)}"
            for j, m in enumerate(item.get("mentions", [])):
                attrs = {"class": f"mention {kind}", "id": mention_id(kind, i, j), "title": title,
                         "data-mention": mention_id(kind, i, j)}
                marks.append(Mark(m["start"], m["end"], 2, "mark", attrs))
    unique: dict[str, Mark] = {}
    for mark in marks:  # two facts with one evidence sentence share its element
        unique.setdefault(mark.attrs.get("id", f"c-{mark.start}-{mark.end}"), mark)
    return list(unique.values())


def describe(kind: str, item: dict[str, Any]) -> str:
    """The normalized value of an item, as shown on hover."""
    if kind in ("program", "organisation"):
        extra = [f"({item['abbreviation']})" if item.get("abbreviation") else "",
                 f"region {item['region']}" if item.get("region") else "",
                 f"facility {item['facility']}" if item.get("facility") else ""]
        return " ".join(x for x in [item["name"], *extra] if x) + f" [{item['id']}]"
    if kind == "person":
        return ", ".join(x for x in [item["name"], item.get("role"), item.get("party")] if x)
    if kind == "date":
        value = item["value"] + (f" – {item['end']}" if item.get("end") else "")
        return f"{value} ({item.get('kind', 'date')})"
    if kind == "amount":
        return format_value(item, "funding")
    return f"{'~' if item.get('approximate') else ''}{item['value']} {item.get('unit', '')}".strip()


def format_value(item: dict[str, Any], predicate: str) -> str:
    """A fact's or item's value with unit, currency, period and "per" as the command line shows it
    (``timeline.format_value``): "1,5 Mio. € / Jahr", "≈ 40 € je Kind", "≈ 214 Familienzentren"."""
    from famprog.timeline import format_value as shown

    return shown(
        predicate,
        item["value"],
        item.get("unit") if predicate != "funding" else None,
        item.get("currency"),
        item.get("period"),
        bool(item.get("approximate")),
        item.get("per"),
    )


# ---- facts -----------------------------------------------------------------------------------------


def fact_rows(release: Release) -> list[dict[str, Any]]:
    """The facts of a release as table rows, with the ids of their evidence and value mention."""
    rows = []
    for n, fact in enumerate(release.record.get("facts", [])):
        ev = fact.get("evidence")
        rows.append({
            "id": f"f-{n}",
            "fact": fact,
            "value": format_value(fact, fact["predicate"]),
            "evidence": evidence_id(ev["start"], ev["end"]) if ev and release.text is not None else None,
            "mention": value_mention(release.record, fact) if release.text is not None else None,
        })
    return rows


def value_mention(record: dict[str, Any], fact: dict[str, Any]) -> str | None:
    """The id of the mention that states a fact's value: an item of the value's kind with that value,
    mentioned inside the evidence sentence (else anywhere)."""
    key = VALUE_KIND.get(fact["predicate"])
    if key is None:
        return None
    kind = dict(ITEM_KINDS)[key]
    ev = fact.get("evidence") or {"start": 0, "end": 0}
    found = None
    for i, item in enumerate(record.get(key, [])):
        if not _same_value(key, item, fact):
            continue
        for j, m in enumerate(item.get("mentions", [])):
            if ev["start"] <= m["start"] and m["end"] <= ev["end"]:
                return mention_id(kind, i, j)
            found = found or mention_id(kind, i, j)
    return found


def _same_value(key: str, item: dict[str, Any], fact: dict[str, Any]) -> bool:
    if key == "organisations":
        return fact["value"] in (item["name"], item.get("abbreviation"), *item.get("aliases", []))
    if key == "dates":
        return fact["value"] in (item["value"], item.get("end"))
    return item["value"] == fact["value"]


# ---- pages -----------------------------------------------------------------------------------------


def page_name(path: str, taken: set[str]) -> str:
    """A file name for a release or program page: readable, safe on every file system, unique."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("/", "__")).strip("._")[:120] or "release"
    name, k = f"{stem}.html", 2
    while name in taken:
        name, k = f"{stem}-{k}.html", k + 1
    taken.add(name)
    return name


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("famprog", "templates"),
        autoescape=jinja2.select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["format_value"] = format_value
    env.filters["breakable"] = breakable
    return env


_JOINTS = re.compile(r"(?<=[_:/.])(?=\w)")


def breakable(text: object) -> Any:
    """``text`` HTML-escaped, with a line-break opportunity (``<wbr>``) after each ``_ : / .`` that a
    word follows: an identifier of a narrow table column ("center_count:named-in-sentence") then
    breaks at its joints, not inside a word (a hyphen is one already)."""
    from markupsafe import Markup, escape

    return Markup("<wbr>").join(escape(part) for part in _JOINTS.split(str(text)))


def build_site(inputs: Iterable[Any], out_dir: str | os.PathLike[str], db: str | os.PathLike[str] | None = None,
               *, min_confidence: float | None = None) -> SiteSummary:
    """Write the review site of ``inputs`` into ``out_dir`` (created; pages there are replaced).
    ``min_confidence`` (0..1) leaves out the facts below it (``famprog.confidence.filter_facts``).

    Returns a ``SiteSummary``; raises ``OutputError`` when ``out_dir`` cannot be written, ``InputError``
    for an input path that does not exist, and ``NothingToReview`` when no input could be read.
    Unreadable documents or records are listed in ``SiteSummary.problems`` and skipped.
    """
    from famprog.review_programs import program_views

    out = Path(out_dir)
    problems: list[str] = []
    releases = load_releases(inputs, problems)
    if problems and not releases:
        raise NothingToReview(problems)
    if min_confidence is not None:
        from famprog.confidence import filter_facts

        for release in releases:
            filter_facts(release.record, min_confidence)
    taken: set[str] = set()
    for release in sorted(releases, key=lambda r: r.record["document"]["path"]):
        release.page = page_name(release.record["document"]["path"], taken)
    programs = program_views(releases, db)
    env = _environment()
    try:
        for folder in ("releases", "programs", "static"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        for asset in ("style.css", "sort.js"):
            shutil.copyfile(Path(__file__).parent / "templates" / "static" / asset, out / "static" / asset)
        summary = SiteSummary(index=out / "index.html", problems=problems)
        for release in releases:
            html = env.get_template("release.html").render(
                release=release, document=release.record["document"], pieces=_pieces(release),
                facts=fact_rows(release), programs=release.programs)
            (out / "releases" / release.page).write_text(html, encoding="utf-8")
            summary.releases.append(f"releases/{release.page}")
            if release.text is None:
                summary.without_text.append(release.record["document"]["path"])
        for program in programs.values():
            html = env.get_template("program.html").render(program=program)
            (out / "programs" / program.page).write_text(html, encoding="utf-8")
            summary.programs.append(f"programs/{program.page}")
        index = env.get_template("index.html").render(releases=sorted(releases, key=_by_date),
                                                      programs=sorted(programs.values(), key=lambda p: p.name))
        summary.index.write_text(index, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the review site ({exc.strerror or exc})") from exc
    return summary


def _pieces(release: Release) -> list[tuple[str, Any]]:
    return nest(release.text, release_marks(release)) if release.text is not None else []


def _by_date(release: Release) -> tuple[str, str]:
    document = release.record["document"]
    return (document.get("published") or "", document["path"])
