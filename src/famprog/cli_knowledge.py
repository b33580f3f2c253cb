"""The knowledge commands: ``famprog programs``, ``famprog timeline``, ``famprog facts``, ``famprog diff``.

Thin Typer commands over ``timeline`` and ``diff``: they parse options, call the library and
print. ``cli.py`` registers them::

    app.command("programs")(programs_command)
    app.command("timeline")(timeline_command)
    app.command("facts")(facts_command)
    app.command("diff")(diff_command)
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import yaml

from famprog.diff import Diff, diff, is_date
from famprog.errors import FamprogError
from famprog.store import DEFAULT_DB, Store, store_reason
from famprog.timeline import (
    ProgramChoiceError,
    UnknownProgramError,
    dated_on_or_after,
    find_line,
    find_program,
    format_value,
    list_programs,
    timeline,
)


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


class FactsFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    table = "table"


DbOption = Annotated[
    Path,
    typer.Option("--db", help="The fact store written by 'famprog extract'.", dir_okay=False),
]


def open_store_for_extract(db: Path) -> Store:
    """The fact store ``famprog extract`` fills, created if missing; call ``.add(record)`` per
    record in the main process (single writer) and ``.close()`` at the end."""
    try:
        return Store.open(db)
    except FamprogError as exc:
        _fail(str(exc))


def _fail(message: str) -> NoReturn:
    """One line on standard error and exit code 2: the store or a source cannot be used."""
    typer.echo(f"famprog: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _open(db: Path) -> Iterator[Store]:
    """The fact store opened for reading; a store that cannot be read (missing, foreign, damaged,
    unfinished, empty, read-only with a hot journal) ends the command with one line and exit code 2."""
    try:
        store = Store.open(db, readonly=True)
    except FamprogError as exc:
        _fail(str(exc))
    try:
        if store.is_empty():
            _fail(
                f"{db}: the fact store holds no document yet (was its first 'famprog extract' interrupted?);"
                " run 'famprog extract' to fill it"
            )
        yield store
    except sqlite3.Error as exc:
        _fail(f"{db}: {store_reason(exc)}")
    finally:
        store.close()


def _emit(data: Any, fmt: TableFormat) -> None:
    if fmt is TableFormat.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False), nl=False)


def programs_command(
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output: a table, or JSON/YAML for scripts.")
    ] = TableFormat.table,
) -> None:
    """List the programs in the fact store: id, name, aliases, facility, region, documents, facts,
    first_seen and last_seen (the earliest and latest as_of of its facts), named as in its JSON."""
    with _open(db) as store:
        summaries = list_programs(store)
    if format is not TableFormat.table:
        _emit([asdict(s) for s in summaries], format)
        return
    rows = [
        [
            s.id,
            s.name + (f" ({s.abbreviation})" if s.abbreviation else ""),
            "; ".join(s.aliases),
            s.facility or "",
            s.region or "",
            str(s.documents),
            str(s.facts),
            s.first_seen or "",
            s.last_seen or "",
        ]
        for s in summaries
    ]
    headers = ["id", "name", "aliases", "facility", "region", "documents", "facts", "first_seen", "last_seen"]
    _table("Programs", headers, rows, keep={0}, optional=(2, 3, 7, 8, 5))


MIN_COLUMN = 10  # characters a wrapping column keeps on a terminal: no cell turns into a letter per line


def _table(
    title: str,
    headers: list[str],
    rows: list[list[str]],
    keep: set[int] | None = None,
    optional: tuple[int, ...] = (),
) -> None:
    """A rich table on a terminal; tab-separated lines with a header row when piped (all columns)."""
    if sys.stdout.isatty():
        from rich.console import Console

        render_table(Console(), title, headers, rows, keep=keep, optional=optional)
        return
    typer.echo("\t".join(headers))
    for row in rows:
        typer.echo("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))


def render_table(
    console: Any,
    title: str,
    headers: list[str],
    rows: list[list[str]],
    keep: set[int] | None = None,
    optional: tuple[int, ...] = (),
) -> list[str]:
    """Print ``rows`` as a rich table that fits ``console.width``; return the headers left out.

    Columns in ``keep`` (ids) are shown whole on one line where the terminal allows it; the others
    wrap but keep at least ``MIN_COLUMN`` characters and, where the terminal allows it, their longest
    word (or their longest cell, if shorter), so that no word is split. Where the terminal is too
    narrow for that (``_fit_layout``), the columns in ``optional`` are left out in that order (a note
    says which); then ids wrap at their hyphens ("aktionsprogramm-aufholen-|nach-corona-…"), which
    keeps names and places whole; then names and places wrap at their hyphens too ("Nordrhein-|
    Westfalen"); then words are split; and where even that does not fit, ids are cut anywhere rather
    than push the last columns off the screen. So an 80-column terminal shows readable ids, names and
    figures instead of a letter per line."""
    from rich.table import Table

    layout = _fit_layout(console.width, headers, rows, keep or set(), optional)
    table = Table(title=title)
    for n in layout.shown:
        if n in layout.widths:  # its cells broken at spaces and hyphens to this width
            table.add_column(headers[n], width=layout.widths[n], overflow="fold")
        else:
            whole = n in layout.whole
            overflow = "ignore" if whole else "fold"
            table.add_column(headers[n], no_wrap=whole, min_width=layout.least[n], overflow=overflow)
    for row in rows:
        table.add_row(*(_wrap_pieces(row[n], layout.widths[n]) if n in layout.widths else row[n] for n in layout.shown))
    console.print(table)
    if layout.dropped:
        left_out = ", ".join(layout.dropped)
        console.print(f"(left out for the terminal's width: {left_out}; pipe the output for every column)")
    return layout.dropped


@dataclass
class _Layout:
    shown: list[int]  # column indices, in order
    dropped: list[str]  # headers left out
    least: dict[int, int]  # a column's least width
    widths: dict[int, int] = field(default_factory=dict)  # columns whose cells famprog breaks at hyphens
    whole: set[int] = field(default_factory=set)  # ids shown on one line


# how much a column keeps together, most readable first: (ids, other cells), each "line" (on one line),
# "words" (whole words), "pieces" (broken at spaces and after hyphens) or "any" (anywhere)
_STAGES = (("line", "words"), ("pieces", "words"), ("pieces", "pieces"), ("pieces", "any"))


def _fit_layout(
    width: int, headers: list[str], rows: list[list[str]], keep: set[int], optional: tuple[int, ...]
) -> _Layout:
    """The most readable layout of the table that fits ``width`` columns (see ``render_table``)."""

    def least(n: int, ids: str, cells_mode: str) -> int:
        cells = [headers[n], *(r[n] for r in rows)]
        longest = max(map(len, cells))
        mode = ids if n in keep else cells_mode
        if mode == "line":
            return longest
        if mode == "words":  # "Schleswig-Hol|stein", "Aktionsprogra|mm" are hard to read
            parts = [len(w) for c in cells[1:] for w in c.split()]
        elif mode == "pieces":
            parts = [len(p) for c in cells[1:] for p in _pieces(c)]
        else:
            parts = []
        return min(longest, max([MIN_COLUMN, len(headers[n]), *parts]))

    def total(shown: list[int], stage: tuple[str, str]) -> int:
        return sum(least(k, *stage) + 3 for k in shown) + 1

    for stage in _STAGES:
        shown, dropped = list(range(len(headers))), []
        for n in optional:
            # an optional column matters less than an id on one line: once ids must wrap, all are left out
            if stage[0] == "line" and total(shown, stage) <= width:
                break
            shown.remove(n)
            dropped.append(headers[n])
        if total(shown, stage) <= width:
            break
    else:  # even so too narrow: ids are cut anywhere rather than push the last columns off the screen
        return _Layout(shown, dropped, {n: least(n, "any", "any") for n in shown})
    ids, cells_mode = stage
    layout = _Layout(shown, dropped, {n: least(n, ids, cells_mode) for n in shown})
    layout.whole = {n for n in shown if n in keep and ids == "line"}
    if ids == "pieces":
        rest = width - total(shown, stage)
        for n in shown:
            if n in keep:  # with words whole, the ids take what the others leave (up to their longest)
                room = min(rest, least(n, "line", cells_mode) - layout.least[n]) if cells_mode == "words" else 0
                layout.widths[n] = layout.least[n] + max(room, 0)
            elif cells_mode == "pieces":
                layout.widths[n] = layout.least[n]
    return layout


def _pieces(text: str) -> list[str]:
    """The parts of ``text`` between spaces, cut after hyphens: "Nordrhein-Westfalen (NRW)" ->
    ["Nordrhein-", "Westfalen", "(NRW)"]."""
    return re.findall(r"[^\s-]*-+|[^\s-]+", text) or [text]


def _wrap_pieces(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters, broken at spaces and after hyphens (a piece
    longer than ``width`` stays whole on its line; the table folds it)."""
    lines: list[str] = []
    line = ""
    for m in re.finditer(r"([^\s-]*-+|[^\s-]+)(\s*)", text):
        piece, space = m.groups()
        if line and len(line) + len(piece) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece + (" " if space else "")
    lines.append(line.rstrip())
    return "\n".join(lines)


def _entity_for(store: Store, program: str | None, facility: str | None, region: str | None) -> Any:
    """The program the timeline and facts commands were asked about; exit 2 with the candidates for
    an organisation or an ambiguous name, with close names for an unknown one."""
    try:
        if facility or region:
            if not (facility and region):
                raise typer.BadParameter("give --facility and --region together", param_hint="--facility")
            line = find_line(store, facility, region)
            if line is None:
                raise UnknownProgramError(f"{facility} ({region})", [])
            return line
        assert program is not None
        return find_program(store, program)
    except ProgramChoiceError as exc:
        typer.echo(f"famprog: {exc}", err=True)
        for entity_id, name, entity_region in exc.candidates:
            typer.echo(f"  {entity_id}\t{name}" + (f" ({entity_region})" if entity_region else ""), err=True)
        raise typer.Exit(2) from None
    except UnknownProgramError as exc:
        raise typer.BadParameter(str(exc), param_hint="PROGRAM") from exc


FacilityOption = Annotated[
    str | None, typer.Option("--facility", help="A funding line by its facility (with --region): Familienzentrum.")
]
RegionOption = Annotated[
    str | None, typer.Option("--region", help="A funding line by its state or 'Bund' (with --facility).")
]


def timeline_command(
    program: Annotated[
        str | None,
        typer.Argument(
            help="The program: its id, name, an alias, its abbreviation, or a funding line as "
            "'Familienzentren (Nordrhein-Westfalen)'."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    facility: FacilityOption = None,
    region: RegionOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only facts dated on or after this ISO date (2021, 2021-06-30); a fact dated to a year or "
            "month counts for every day of it.",
        ),
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output: a table, or JSON/YAML for scripts.")
    ] = TableFormat.table,
) -> None:
    """Show what the press releases said about one program over time, with sources: dated facts in
    as_of order, then the undated ones apart; '!' marks a conflict (different values for the same
    date from different documents)."""
    if program is None and not (facility or region):
        raise typer.BadParameter("name a PROGRAM, or a funding line with --facility and --region", param_hint="PROGRAM")
    if since is not None and not is_date(since):
        _fail(f"--since {since!r}: not a date; give an ISO date like 2021, 2021-06 or 2021-06-30")
    with _open(db) as store:
        entity = _entity_for(store, program, facility, region)
        entries = timeline(store, entity)
    left_out = 0
    if since is not None:
        left_out = sum(1 for e in entries if not e.as_of)
        entries = [e for e in entries if e.as_of and dated_on_or_after(e.as_of, since)]
    if format is not TableFormat.table:
        _emit([asdict(e) for e in entries], format)
        return
    headers = ["as of", "predicate", "value", "conflict", "document", "evidence"]
    dated = [_timeline_row(e) for e in entries if e.as_of]
    undated = [_timeline_row(e) for e in entries if not e.as_of]
    _table(f"Timeline: {entity.name} [{entity.id}]", headers, dated, keep={0}, optional=(3,))
    if undated:
        typer.echo("")
        typer.echo(f"# undated: {len(undated)} {'fact' if len(undated) == 1 else 'facts'} whose release gives no date "
            "(never compared, never conflicts)")
        _table(f"Undated: {entity.name}", headers, undated, optional=(3,))
    if left_out:
        typer.echo(f"famprog: --since {since} left out {left_out} undated facts", err=True)


def _timeline_row(e: Any) -> list[str]:
    return [
        e.as_of or "",
        e.predicate,
        format_value(e.predicate, e.value, e.unit, e.currency, e.period, e.approximate, e.per),
        "!" if e.conflict else "",
        e.document,
        e.evidence or "",
    ]


FACT_COLUMNS = (
    "program_id",
    "program_name",
    "subject_kind",
    "facility",
    "region",
    "predicate",
    "value",
    "unit",
    "currency",
    "period",
    "per",
    "approximate",
    "as_of",
    "confidence",
    "rule",
    "document",
    "url",
    "evidence",
)


def fact_rows(store: Store, entity_id: str | None, min_confidence: float | None) -> list[dict[str, Any]]:
    """The store's facts (of one entity, or all) as flat rows of ``FACT_COLUMNS``, in subject, as_of order."""
    entities = {e.id: e for e in store.entities()}
    out = []
    for f in store.facts(entity_id):
        if min_confidence is not None and (f.confidence is None or f.confidence < min_confidence):
            continue
        subject = entities.get(f.subject_id)
        out.append(
            {
                "program_id": f.subject_id,
                "program_name": subject.name if subject else "",
                "subject_kind": f.subject_kind,
                "facility": subject.facility if subject else None,
                "region": subject.region if subject else None,
                "predicate": f.predicate,
                "value": f.value,
                "unit": f.unit,
                "currency": f.currency,
                "period": f.period,
                "per": f.per,
                "approximate": f.approximate,
                "as_of": f.as_of,
                "confidence": f.confidence,
                "rule": f.rule,
                "document": f.document_path,
                "url": f.url,
                "evidence": f.evidence,
            }
        )
    return sorted(out, key=lambda r: (r["program_id"], r["as_of"] is None, r["as_of"] or "", r["predicate"]))


def facts_command(
    program: Annotated[
        str | None, typer.Argument(help="Only this program's facts (id, name, alias or 'Facility (Region)').")
    ] = None,
    db: DbOption = DEFAULT_DB,
    facility: FacilityOption = None,
    region: RegionOption = None,
    format: Annotated[
        FactsFormat,
        typer.Option(
            "--format", "-f", help="csv and tsv (for pandas.read_csv or R; a tsv row is one line), jsonl, or a table."
        ),
    ] = FactsFormat.csv,
    min_confidence: Annotated[
        float | None, typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave out facts below this confidence.")
    ] = None,
) -> None:
    """Export the store's facts, one row per fact with its program, value, date, confidence and source."""
    with _open(db) as store:
        entity = _entity_for(store, program, facility, region) if (program or facility or region) else None
        rows = fact_rows(store, entity.id if entity else None, min_confidence)
    if format is FactsFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    if format is FactsFormat.table:
        shown = ["program_id", "as_of", "predicate", "value", "confidence", "document"]
        cells = [
            [
                r["program_id"],
                r["as_of"] or "",
                r["predicate"],
                format_value(r["predicate"], r["value"], r["unit"], r["currency"], r["period"], r["approximate"],
                             r["per"]),
                "" if r["confidence"] is None else f"{r['confidence']:.3f}",  # as stored: 0.898 is not 0.90
                r["document"],
            ]
            for r in rows
        ]
        _table("Facts", shown, cells, keep={0}, optional=(4,))
        return
    # row by row to standard output, as jsonl and the table: a reader that leaves (``| head``) ends
    # the command with 141 whatever the format (one write of the whole text often fitted the pipe)
    writer = csv.DictWriter(
        sys.stdout, FACT_COLUMNS, delimiter="," if format is FactsFormat.csv else "\t", lineterminator="\n"
    )
    writer.writeheader()
    cell = _tsv_cell if format is FactsFormat.tsv else _csv_cell
    for row in rows:
        writer.writerow({k: cell(v) for k, v in row.items()})


_LINE_BREAKS = re.compile(r"[\t\r\n]+")


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


def _tsv_cell(value: Any) -> Any:
    """A TSV cell holds no tab or line break (a row is one line for cut, awk and sort): an evidence
    sentence wrapped over lines in its release gets a space at each break."""
    if isinstance(value, str):
        return _LINE_BREAKS.sub(" ", value)
    return _csv_cell(value)


def render_diff(result: Diff) -> str:
    """The text form of a diff: one block per subject, one line per changed slot."""
    lines = [f"--- {result.old}", f"+++ {result.new}"]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for subject in result.subjects:
        lines.append(f"{marks[subject.status]} {subject.kind} {subject.name} [{subject.id}]")
        for change in subject.changes:
            lines.append(f"    {marks[change.change]} {change.summary()}")
            for side, values in (("was", change.old), ("now", change.new)):
                for value in values:
                    evidence = f': "{" ".join(value.evidence.split())}"' if value.evidence else ""
                    lines.append(f"        {side} {value.as_of or '?'} {value.document}{evidence}")
    for conflict in result.conflicts:
        shown = " | ".join(f"{v.value} ({v.document})" for v in conflict.values)
        lines.append(f"! conflict {conflict.subject} {conflict.predicate}: {shown}")
    if not result.subjects:
        lines.append("no changes")
    if result.since and result.undated_left_out:
        lines.append(
            f"({result.undated_left_out} undated facts left out: they cannot be placed before or after {result.since})"
        )
    return "\n".join(lines)


_SIDE = "records (a folder of .json or .yaml records, a records.jsonl, a record file) or a fact store (.sqlite)."


def diff_command(
    old: Annotated[Path, typer.Argument(help="Old side: " + _SIDE)],
    new: Annotated[Path | None, typer.Argument(help="New side: " + _SIDE)] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Compare OLD's facts dated before this ISO date with all of OLD's facts; a fact dated to a "
            "year or month is before it only when its whole year or month is.",
        ),
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output: text, or JSON for scripts.")] = (
        DiffFormat.text
    ),
) -> None:
    """Show what changed between two extractions, or in one store since a date.

    Exit status as diff(1): 0 when nothing changed, 1 when something did, 2 on trouble.
    """
    if new is None and since is None:
        raise typer.BadParameter("give a NEW source or --since DATE", param_hint="NEW")
    if new is not None and since is not None:
        raise typer.BadParameter("give either a NEW source or --since, not both", param_hint="--since")
    if since is not None and not is_date(since):
        _fail(f"--since {since!r}: not a date; give an ISO date like 2021, 2021-06 or 2021-06-30")
    try:
        result = diff(old, new, since=since)
    except FamprogError as exc:
        _fail(str(exc))
    except sqlite3.Error as exc:
        _fail(store_reason(exc))
    if format is DiffFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_diff(result))
    raise typer.Exit(1 if result.changed else 0)
