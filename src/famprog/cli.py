"""famprog's command line: thin commands that parse options, call the library and print.

spaCy and dateparser are imported only inside the commands that need them, so ``famprog --help`` and
``famprog --version`` answer at once. Exit codes: 0 all good, 1 some documents failed (each named
with its reason), 2 bad usage or an output, input or fact store that cannot be used (one line).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
import typer.core

from famprog import __version__
from famprog.runner import OutputFormat


class _OneLineUsageErrors(typer.core.TyperGroup):
    """famprog's command group: a usage error (an unknown option, a bad value, a missing argument, an
    unknown program) is one line on standard error, ``famprog: <what is wrong> (see 'famprog extract
    --help')``, with exit code 2, like every other error of famprog; click's own form is four lines
    with the usage. Help asked for by giving no arguments is shown as it is."""

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with _one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        with _one_line_usage_errors(), _quiet_when_the_reader_is_gone():
            return super().invoke(ctx)


@contextmanager
def _quiet_when_the_reader_is_gone() -> Iterator[None]:
    """``famprog programs | head -1``: when the reader of standard output closes it, the command ends
    at once without a word, with exit code 141 (128 + SIGPIPE, as a shell reports a program that
    SIGPIPE ended), not 1 ("some documents failed")."""
    try:
        yield
    except BrokenPipeError:
        if not _stdout_reader_gone():
            raise  # another pipe (a worker's): a failure to report, not a reader that left
        try:  # the interpreter flushes standard output once more at exit: give it somewhere to go
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise typer.Exit(141) from None


def _stdout_reader_gone() -> bool:
    """Whether standard output is a pipe whose reading end is closed (poll reports an error on it)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    try:
        from typer._click import exceptions  # typer 0.2x carries its own click
    except ImportError:  # pragma: no cover - older typer on the click package
        from click import exceptions  # type: ignore[no-redef]
    try:
        yield
    except exceptions.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            raise
        command = exc.ctx.command_path if exc.ctx is not None else "famprog"
        message = " ".join(exc.format_message().replace("Value error, ", "").split())  # pydantic's prefix
        typer.echo(f"famprog: {message} (see '{command} --help')", err=True)
        raise typer.Exit(2) from None


app = typer.Typer(
    cls=_OneLineUsageErrors,
    name="famprog",
    help="Extract programs, organisations, people, dates, money and center counts from German press releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # press text must never leak into tracebacks
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"famprog {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Extract knowledge records from German press releases about family-policy programs."""


def _error(message: str) -> None:
    typer.echo(f"famprog: {message}", err=True)


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (searched recursively for .txt, .md, .html, .htm) or - for standard input."
        ),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Output folder, or - to stream records to standard output.")
    ] = "data/out",
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Record format: json, yaml, both, or jsonl (one line per record). Default: both; with --out -, jsonl.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Extract again even where input and famprog version are unchanged.")
    ] = False,
    db: Annotated[Path | None, typer.Option("--db", help="Fact store to fill (default: OUT/famprog.sqlite).")] = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="Do not write the fact store.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary; errors only.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per document.")] = False,
    lexicon: LexiconOption = None,
    meta: Annotated[
        Path | None,
        typer.Option(
            "--meta",
            help="A CSV or JSONL manifest (columns path,url,published,region,source) giving releases the date, "
            "region, URL and source their text lacks; paths relative to the manifest's folder.",
            dir_okay=False,
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Key documents in the fact store by their path below this folder (default: the resolved path).",
            file_okay=False,
        ),
    ] = None,
    stdin_name: Annotated[
        str | None, typer.Option("--stdin-name", help="The document name of standard input (-) in the store.")
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave facts below this confidence (0-1) out."),
    ] = None,
) -> None:
    """Extract one record per press release and write it as JSON and/or YAML."""
    from famprog.meta_manifest import MetaError, load_meta
    from famprog.runner import OutputLock, RunOptions, UsageError, check_target, discover, printable, run
    from famprog.store import StoreError, store_reason

    if quiet and verbose:
        _fail("--quiet and --verbose exclude each other")
    if stdin_name is not None and not stdin_name.strip():
        _fail("--stdin-name needs a non-empty name")
    manifest = None
    if meta is not None:
        try:
            manifest = load_meta(meta)
        except MetaError as exc:
            for problem in exc.problems:
                _error(problem)
            raise typer.Exit(2) from None
    _activate_lexicon(lexicon)  # before the pipeline is built: worker processes fork with it
    if fmt is None:
        fmt = OutputFormat.jsonl if out == "-" else OutputFormat.both
    if out == "-" and fmt is OutputFormat.both:
        _fail("--format both needs an output folder; with --out - choose json (one line per record) or yaml")
    if out == "-" and db is not None and not no_db:
        _fail("--db needs --out DIR: records streamed to standard output cannot carry the store's ids (or add --no-db)")
    store = None
    lock = None
    previous_handler = None
    if threading.current_thread() is threading.main_thread():
        # SIGTERM ends the run like Ctrl-C: the manifest stays honest, the workers end
        previous_handler = signal.signal(signal.SIGTERM, _terminate)
    try:
        found = discover(paths, root, stdin_name)
        if not found:
            _fail(f"no documents (.txt, .md, .html, .htm) in {', '.join(paths)}")
        if out != "-":
            check_target(Path(out), "output folder", folder=True)
            if Path(out).is_dir() and os.access(out, os.W_OK | os.X_OK):
                # one run per output folder, refused at once: a second run must not wait on the store
                # the first one is writing (SQLite's busy timeout) only to find nothing left to do;
                # a folder that is not there yet has no run writing in it, and is made by run()
                lock = OutputLock(Path(out))
            if not no_db:
                check_target(db or Path(out) / "famprog.sqlite", "fact store", folder=False)
                from famprog.store import Store

                store = Store.open(db or Path(out) / "famprog.sqlite")
        options = RunOptions(
            out=out,
            fmt=fmt,
            jobs=jobs or os.cpu_count() or 1,
            force=force,
            store=store,
            root=str(root) if root is not None else None,
            stdin_name=stdin_name,
            meta=manifest,
            min_confidence=min_confidence,
            lock=lock,
        )
        progress = _Progress(enabled=not quiet and sys.stderr.isatty(), verbose=verbose)
        with progress:
            summary = run(paths, options, on_outcome=progress.advance, on_total=progress.start, jobs=found)
    except (UsageError, StoreError) as exc:
        _fail(str(exc))
    except sqlite3.Error as exc:  # a store that broke during the run (damaged page, disk error)
        _fail(f"{db or Path(out) / 'famprog.sqlite'}: {store_reason(exc)}")
    except (KeyboardInterrupt, _Terminated) as exc:
        # the records written so far are whole and the manifest says which; the store's open batch
        # was rolled back: the same command again redoes only what is missing
        what = "terminated" if isinstance(exc, _Terminated) else "interrupted"
        if str(out) == "-":  # nothing is kept of a stream: the records went to the reader
            _error(what)
        else:
            _error(f"{what}: run the same command again to finish (what is done is kept and skipped)")
        raise typer.Exit(exc.code if isinstance(exc, _Terminated) else 128 + signal.SIGINT) from None
    finally:
        if store is not None:
            store.close()
        if lock is not None:
            lock.release()
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
    for display, reason in summary.failures:
        if not verbose:
            _error(reason if reason.startswith(display) else f"{display}: {reason}")
    if summary.replaced:
        display, rel = summary.replaced[0]
        others = f" and {_counted(len(summary.replaced) - 1, 'other')}" if len(summary.replaced) > 1 else ""
        _error(
            f"warning: this run's inputs replaced the records of {printable(display)}{others} of an earlier run "
            f"into {printable(out)} (same record name {printable(rel)}); "
            "give each input folder its own --out to keep both"
        )
    if not quiet:
        rate = summary.words / summary.seconds if summary.seconds else 0.0
        removed = f", records of {_counted(summary.removed, 'deleted input')} removed" if summary.removed else ""
        if summary.replaced:
            removed += f", records of {_counted(len(summary.replaced), 'other input')} replaced"
        typer.echo(
            f"famprog: {_counted(summary.read + summary.skipped, 'document')}: "
            f"{_counted(summary.written, 'record')} written, "
            f"{summary.skipped} unchanged and skipped, {len(summary.failures)} failed{removed} "
            f"({summary.seconds:.1f} s, {rate:,.0f} words/s)",
            err=True,
        )
    if summary.failures:
        raise typer.Exit(1)


def _counted(n: int, noun: str) -> str:
    """ "1 document", "2 documents": the summary line's counts (English nouns with a plain -s plural)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


LexiconOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon",
        help="A YAML word list of your own (program names, organisation heads, facility nouns, role words); "
        "repeatable. Default: 'lexicon' of famprog.toml or [tool.famprog] in pyproject.toml.",
    ),
]


def _activate_lexicon(paths: list[Path] | None) -> float | None:
    """Activate the word lists given, else those of the config in the working folder; returns the
    config's min_confidence. Exit 2 with one line per bad entry."""
    from famprog.user_lexicon import LexiconError, activate, find_config

    try:
        config = find_config(Path.cwd())
        activate(paths if paths else config.lexicon)
    except LexiconError as exc:
        for problem in exc.problems:
            _error(problem)
        raise typer.Exit(2) from None
    return config.min_confidence


@app.command()
def review(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Records (.json, .yaml), documents (.txt, .md, .html, .htm) or folders of them."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the site (index.html inside).")] = Path(
        "review"
    ),
    db: Annotated[Path | None, typer.Option("--db", help="Fact store for the program pages.")] = None,
    min_confidence: Annotated[
        float | None, typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave out facts below this confidence.")
    ] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Write a static review site: releases with their mentions marked, facts linked to the text, programs charted."""
    from famprog.errors import FamprogError
    from famprog.review import NothingToReview, build_site

    threshold = _activate_lexicon(lexicon)
    try:
        threshold = min_confidence if min_confidence is not None else threshold
        summary = build_site(paths, out, db=db, min_confidence=threshold)
    except NothingToReview as exc:
        for problem in exc.problems:
            _error(problem)
        _fail(str(exc))
    except FamprogError as exc:
        _fail(str(exc))
    for problem in summary.problems:
        _error(problem)
    if summary.without_text:  # moved, changed since, or never given: the page shows facts only
        from famprog.runner import printable

        shown = ", ".join(printable(p) for p in summary.without_text[:3])
        more = f" and {len(summary.without_text) - 3} more" if len(summary.without_text) > 3 else ""
        _error(f"warning: the source text of {_counted(len(summary.without_text), 'release')} was not found or"
               f" changed since its record was written ({shown}{more}): their pages show facts only")
    typer.echo(f"famprog: review site of {_counted(len(summary.releases), 'release')} and "
               f"{_counted(len(summary.programs), 'program')}: "
               f"{summary.index}", err=True)
    if summary.problems:
        raise typer.Exit(1)


def _fail(message: str) -> NoReturn:
    """One line on standard error, exit code 2 (bad usage, or an output or store that cannot be used)."""
    _error(message)
    raise typer.Exit(2)


class _Terminated(SystemExit):
    """SIGTERM during a run: ends it like Ctrl-C, with exit code 128 + the signal's number."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated(128 + signum)


class _Progress:
    """A rich progress bar on a terminal; one plain line per document with --verbose; else nothing."""

    def __init__(self, enabled: bool, verbose: bool) -> None:
        self.enabled, self.verbose = enabled, verbose
        self.bar = None
        self.task = None

    def __enter__(self) -> _Progress:
        return self

    def start(self, total: int) -> None:
        if not self.enabled or self.verbose:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,  # records streamed with --out - belong on standard output
            redirect_stderr=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("extract", total=total, rate=0.0)

    def advance(self, outcome) -> None:
        if self.verbose:
            status = outcome.error or f"ok ({outcome.job.display})"
            typer.echo(f"famprog: {status}", err=True)
        if self.bar is not None:
            task = self.bar.tasks[0]
            elapsed = task.elapsed or 0.0
            self.bar.update(self.task, advance=1, rate=(task.completed + 1) / elapsed if elapsed else 0.0)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
def schema() -> None:
    """Print the JSON Schema of a record."""
    import json

    from famprog.schema import record_schema

    typer.echo(json.dumps(record_schema(), ensure_ascii=False, indent=2))


@app.command("model")
def save_model(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to save the spaCy pipeline to.")] = Path(
        "models/famprog_de"
    ),
) -> None:
    """Save famprog's spaCy pipeline so that spacy.load() can use it (with famprog installed)."""
    from famprog.nlp import build_pipeline

    nlp = build_pipeline()
    nlp.meta["name"] = "famprog_de"
    nlp.meta["version"] = __version__
    nlp.meta["description"] = "famprog's rule-based German pipeline for family-policy press releases"
    nlp.meta["requirements"] = [f"famprog>={__version__}"]
    nlp.to_disk(out)
    typer.echo(f"famprog: pipeline saved to {out}", err=True)


def _register_knowledge_commands() -> None:
    from famprog.cli_knowledge import diff_command, facts_command, programs_command, timeline_command

    app.command("programs")(programs_command)
    app.command("timeline")(timeline_command)
    app.command("facts")(facts_command)
    app.command("diff")(diff_command)


_register_knowledge_commands()


def main() -> None:
    app()
