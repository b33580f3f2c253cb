"""Manifests of metadata from outside the text (``famprog extract --meta FILE``).

Web archives and crawls come with a list of what they fetched: where from, when, by whom. famprog
reads such a list as CSV (a header row) or JSONL (one object per line) with the columns

    path       the release's file: relative to the manifest's folder, or absolute (required)
    url        where it was published (http:// or https://)
    published  its date: ISO "2021", "2021-06" or "2021-06-30"
    region     the state it is about, as in resources/de/states.yaml, or "Bund"
    source     who published it ("Landesregierung NRW", "dpa")

and gives each release a ``model.DocumentMeta`` (the text still wins where it has its own date or
names its state; ``document.published_from`` says which). Rows are matched to inputs by resolved
path. Every bad row is one line ``FILE:LINE: reason`` in a ``MetaError``; nothing is half-read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from famprog.errors import FamprogError
from famprog.identity import states
from famprog.model import DocumentMeta

COLUMNS = ("path", "url", "published", "region", "source")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class MetaError(FamprogError):
    """A --meta manifest that cannot be used; ``problems`` holds one ``FILE:LINE: reason`` per bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems in the --meta manifest")
        self.problems = problems


def valid_iso_date(text: str) -> bool:
    """True for an ISO date of a year, month or day that exists ("2022-13-45" is none)."""
    m = _ISO.match(text)
    if not m:
        return False
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _rows(path: Path, text: str) -> list[tuple[int, object]]:
    """(line number, row) pairs; a row is a dict, or a reason why the line is no row."""
    if path.suffix.lower() in (".jsonl", ".ndjson") or text.lstrip().startswith("{"):
        out: list[tuple[int, object]] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                out.append((n, f"not a JSON object ({exc.msg})"))
        return out
    reader = csv.DictReader(io.StringIO(text))
    unknown = [c for c in reader.fieldnames or [] if c and c.strip() not in COLUMNS]
    if unknown:
        listed = ", ".join(repr(c) for c in unknown)
        return [(1, f"unknown column{'s' if len(unknown) > 1 else ''} {listed} (columns: {', '.join(COLUMNS)})")]
    if not reader.fieldnames or "path" not in [c.strip() for c in reader.fieldnames]:
        return [(1, f"the header row needs a 'path' column (columns: {', '.join(COLUMNS)})")]
    return [(reader.line_num, {k.strip(): v for k, v in row.items() if k}) for row in reader]


def _check(row: object, base: Path, known_states: set[str]) -> tuple[str, DocumentMeta] | str:
    """(resolved path, meta) of one row, or every reason it is bad, joined by "; " (a row with a
    wrong date and a wrong address is corrected once, not once per run)."""
    if not isinstance(row, dict):
        return row if isinstance(row, str) else "not a JSON object"
    reasons: list[str] = []
    extra = [k for k in row if k not in COLUMNS]
    if extra:
        listed = ", ".join(repr(k) for k in extra)
        reasons.append(f"unknown field{'s' if len(extra) > 1 else ''} {listed} (fields: {', '.join(COLUMNS)})")
    values = {k: (str(v).strip() if v is not None else "") for k, v in row.items()}
    published, url, region = values.get("published", ""), values.get("url", ""), values.get("region", "")
    if not values.get("path"):
        reasons.append("no path")
    if published and not valid_iso_date(published):
        reasons.append(f"published {published!r} is no ISO date like 2021, 2021-06 or 2021-06-30")
    if url and not re.match(r"^https?://\S+$", url):
        reasons.append(f"url {url!r} is no http(s) address")
    if region and region not in known_states:
        from famprog.gazetteer import state_named

        named = state_named(region)  # "NRW", "BY", "Freistaat Bayern": the forms famprog's other options take
        if named is None:
            reasons.append(f"region {region!r} is no German state (as in famprog's states list) nor 'Bund'")
        else:
            region = named
    target = Path(values.get("path") or ".")
    target = (target if target.is_absolute() else base / target).resolve()
    if values.get("path") and not target.is_file():
        reasons.append(f"path {values['path']!r}: no such file")
    if reasons:
        return "; ".join(reasons)
    meta = DocumentMeta(
        published=published or None, url=url or None, source=values.get("source") or None, region=region or None
    )
    return str(target), meta


def load_meta(path: str | Path) -> dict[str, DocumentMeta]:
    """{resolved path of a release: its DocumentMeta} from a CSV or JSONL manifest (``MetaError``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise MetaError([f"{path}: cannot read the --meta manifest: {reason}"]) from exc
    base = path.resolve().parent
    known = {*states(), "Bund"}
    out: dict[str, DocumentMeta] = {}
    problems: list[str] = []
    for line, row in _rows(path, text):
        checked = _check(row, base, known)
        if isinstance(checked, str):
            problems.append(f"{path}:{line}: {checked}")
        elif checked[0] in out:
            problems.append(f"{path}:{line}: {checked[0]} is listed twice")
        else:
            out[checked[0]] = checked[1]
    if problems:
        raise MetaError(problems)
    return out
