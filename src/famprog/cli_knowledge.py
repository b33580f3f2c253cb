"""The knowledge commands: ``famprog programs``, ``famprog timeline``, ``famprog diff``.

Thin Typer commands over ``timeline`` and ``diff``: they parse options, call the library and
print. ``cli.py`` registers them::

    app.command("programs")(programs_command)
    app.command("timeline")(timeline_command)
    app.command("diff")(diff_command)
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import yaml

from famprog.diff import Diff, diff, is_date
from famprog.errors import FamprogError
from famprog.store import DEFAULT_DB, Store, store_reason
from famprog.timeline import UnknownProgramError, format_value, list_programs, timeline


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


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


def _fail(message: str, command: str = "famprog") -> NoReturn:
    """One line on standard error and exit code 2: the store or a source cannot be used."""
    typer.echo(f"{command}: {message}", err=True)
    raise typer.Exit(2)


@contextmanager
def _open(db: Path) -> Iterator[Store]:
    """The fact store opened for reading; a store that cannot be read (missing, foreign, damaged,
    unfinished, read-only with a hot journal) ends the command with one line and exit code 2."""
    try:
        store = Store.open(db, readonly=True)
    except FamprogError as exc:
        _fail(str(exc))
    try:
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


def _table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    """A rich table on a terminal; tab-separated lines with a header row when piped."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for header in headers:
            table.add_column(header)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    typer.echo("\t".join(headers))
    for row in rows:
        typer.echo("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row))


def programs_command(
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output: a table, or JSON/YAML for scripts.")
    ] = TableFormat.table,
) -> None:
    """List the programs in the fact store: id, name, region, documents, first and last seen."""
    with _open(db) as store:
        summaries = list_programs(store)
    if format is not TableFormat.table:
        _emit([asdict(s) for s in summaries], format)
        return
    rows = [
        [
            s.id,
            s.name + (f" ({s.abbreviation})" if s.abbreviation else ""),
            s.region or "",
            str(s.documents),
            str(s.facts),
            s.first_seen or "",
            s.last_seen or "",
        ]
        for s in summaries
    ]
    _table("Programs", ["id", "name", "region", "documents", "facts", "first seen", "last seen"], rows)


def timeline_command(
    program: Annotated[str, typer.Argument(help="The program: its id, name, an alias or its abbreviation.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output: a table, or JSON/YAML for scripts.")
    ] = TableFormat.table,
) -> None:
    """Show what the press releases said about one program over time, with sources; '!' marks a
    conflict (different values for the same date from different documents)."""
    with _open(db) as store:
        try:
            entries = timeline(store, program)
        except UnknownProgramError as exc:
            raise typer.BadParameter(str(exc), param_hint="PROGRAM") from exc
    if format is not TableFormat.table:
        _emit([asdict(e) for e in entries], format)
        return
    rows = [
        [
            e.as_of or "",
            e.predicate,
            format_value(e.predicate, e.value, e.unit, e.currency, e.period, e.approximate),
            "!" if e.conflict else "",
            e.document,
            e.evidence or "",
        ]
        for e in entries
    ]
    _table(f"Timeline: {program}", ["as of", "predicate", "value", "conflict", "document", "evidence"], rows)


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
                    evidence = f': "{value.evidence}"' if value.evidence else ""
                    lines.append(f"        {side} {value.as_of or '?'} {value.document}{evidence}")
    for conflict in result.conflicts:
        shown = " | ".join(f"{v.value} ({v.document})" for v in conflict.values)
        lines.append(f"! conflict {conflict.subject} {conflict.predicate}: {shown}")
    if not result.subjects:
        lines.append("no changes")
    return "\n".join(lines)


def diff_command(
    old: Annotated[Path, typer.Argument(help="Old side: a folder of JSON records or a fact store (.sqlite).")],
    new: Annotated[
        Path | None, typer.Argument(help="New side: a folder of JSON records or a fact store (.sqlite).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare OLD's facts dated before this ISO date with all of OLD's facts."),
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
        raise typer.BadParameter(f"{since!r} is not an ISO date like 2021 or 2021-06-30", param_hint="--since")
    try:
        result = diff(old, new, since=since)
    except FamprogError as exc:
        _fail(str(exc), "famprog diff")
    except sqlite3.Error as exc:
        _fail(store_reason(exc), "famprog diff")
    if format is DiffFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_diff(result))
    raise typer.Exit(1 if result.changed else 0)
