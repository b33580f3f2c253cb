"""Program pages of the review site: a program's (or funding line's) names, region, facility and facts
over time, with SVG charts of center counts and funding drawn at build time (``famprog.review``)."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from famprog.review import Release

CHARTED = (("center_count", "Center counts"), ("funding", "Funding"))
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 70, 20, 16, 34


@dataclass
class Point:
    """One fact of a program: when it held, what it says, and where to read it."""

    as_of: str | None
    predicate: str
    value: Any
    text: str  # the value as shown
    rule: str
    confidence: float | None
    release: str | None  # "../releases/<page>.html#f-<n>", None when that release is not on the site
    source: str  # the document path
    series: str = ""  # what makes values comparable beyond the predicate (``series_of``): "EUR per year"


def series_of(fact: Any) -> str:
    """The series a funding fact belongs to: its currency, period and "per", as shown after the value
    ("EUR per year for each Familienzentrum"). A sum per facility and a program's total, or a yearly
    sum and one for the whole term, are not points of one line. Other predicates are one series.
    ``fact``: a record's fact (a dict) or a ``StoredFact``."""
    get = fact.get if isinstance(fact, dict) else lambda name: getattr(fact, name, None)
    if get("predicate") != "funding":
        return ""
    text = get("currency") or ""
    if get("period"):
        text += f" per {get('period')}"
    if get("per"):
        text += f" for each {get('per')}"
    return text.strip()


@dataclass
class ProgramView:
    id: str
    name: str
    page: str = ""
    aliases: list[str] = field(default_factory=list)
    region: str | None = None
    facility: str | None = None
    implicit: bool = False
    points: list[Point] = field(default_factory=list)

    def charts(self) -> list[dict[str, Any]]:
        """One chart per charted predicate and series (``series_of``) that has dated numeric facts (see
        ``chart``): titled "Funding (EUR per year)" where a program has sums of several series."""
        out = []
        for predicate, title in CHARTED:
            points = [p for p in self.points if p.predicate == predicate and _year(p.as_of) is not None
                      and isinstance(p.value, int | float)]
            series = sorted({p.series for p in points})
            for name in series:
                shown = f"{title} ({name})" if name and len(series) > 1 else title
                out.append(chart(shown, [p for p in points if p.series == name]))
        return out


def program_views(releases: list[Release], db: str | os.PathLike[str] | None) -> dict[str, ProgramView]:
    """The programs of the releases by id, or of the fact store ``db`` when given; pages named."""
    from famprog.review import page_name

    views = _from_store(Path(db), releases) if db is not None else _from_records(releases)
    taken: set[str] = set()
    for view in sorted(views.values(), key=lambda v: v.id):
        view.page = page_name(view.id, taken)
        view.points.sort(key=lambda p: (p.as_of or "", p.predicate, p.source))
    return views


def _from_records(releases: list[Release]) -> dict[str, ProgramView]:
    """Program views from the records alone: a record's program ids are its own, so releases of
    several regions that use one id ("fruehe-hilfen" of Niedersachsen and of Saarland) make one
    view per region (programs meet only within their region: the store's rule)."""
    from famprog.identity import slugify
    from famprog.review import format_value

    regions: dict[str, set[str | None]] = {}
    for release in releases:
        for program in release.record.get("programs", []):
            regions.setdefault(program["id"], set()).add(program.get("region"))
    views: dict[str, ProgramView] = {}  # by the record id, with the region where regions share it
    for release in releases:
        subjects = release.programs = {}
        for program in release.record.get("programs", []):
            region = program.get("region") if len(regions[program["id"]]) > 1 else None
            key, shown = (f"{program['id']}@{region}", f"{program['id']}-{slugify(region)}") if region else (
                program["id"], program["id"])
            view = views.setdefault(key, ProgramView(shown, program["name"]))
            subjects[program["id"]] = view
            for alias in [program["name"], program.get("abbreviation"), *program.get("aliases", [])]:
                if alias and alias not in view.aliases:
                    view.aliases.append(alias)
            view.region = view.region or program.get("region")
            view.facility = view.facility or program.get("facility")
            view.implicit = view.implicit or bool(program.get("implicit"))
        document = release.record["document"]
        for n, fact in enumerate(release.record.get("facts", [])):
            view = subjects.get(fact["subject"])
            if view is not None:
                view.points.append(Point(
                    fact.get("as_of") or document.get("published"), fact["predicate"], fact["value"],
                    format_value(fact, fact["predicate"]), fact.get("rule", ""), fact.get("confidence"),
                    f"../releases/{release.page}#f-{n}", document["path"], series_of(fact)))
    return views


def _from_store(db: Path, releases: list[Release]) -> dict[str, ProgramView]:
    from famprog.review import format_value
    from famprog.store import Store

    pages = {r.record["document"]["path"]: r.page for r in releases}
    facilities = {p["id"]: p.get("facility") for r in releases for p in r.record.get("programs", [])}
    store = Store.open(db, create=False, readonly=True)
    try:
        views = {}
        for entity in store.entities("program"):
            view = views[entity.id] = ProgramView(entity.id, entity.name, aliases=store.aliases(entity.id),
                                                  region=entity.region, facility=facilities.get(entity.id))
            for fact in store.facts(entity.id):
                page = pages.get(fact.document_path)
                n = fact.id.rsplit("#", 1)[-1]
                item = {"value": fact.value, "unit": fact.unit, "currency": fact.currency, "period": fact.period,
                        "approximate": fact.approximate, "per": fact.per}
                view.points.append(Point(
                    fact.as_of or fact.published, fact.predicate, fact.value, format_value(item, fact.predicate),
                    fact.rule, fact.confidence, f"../releases/{page}#f-{n}" if page else None, fact.document_path,
                    series_of(fact)))
    finally:
        store.close()
    for release in releases:  # records written with the store carry its ids
        release.programs = {p["id"]: views[p["id"]] for p in release.record.get("programs", []) if p["id"] in views}
    return views


def _year(as_of: str | None) -> float | None:
    """An ISO date, month or year as a fractional year (the middle of a month or year when that is all)."""
    if not as_of:
        return None
    parts = as_of.split("-")
    try:
        if len(parts) == 1:
            return int(parts[0]) + 0.5
        if len(parts) == 2:
            return int(parts[0]) + (int(parts[1]) - 0.5) / 12
        day = datetime.date.fromisoformat(as_of)
    except ValueError:
        return None
    return day.year + (day.timetuple().tm_yday - 1) / 366


def chart(title: str, points: list[Point]) -> dict[str, Any]:
    """Coordinates of a line chart of ``points`` over as_of, in an SVG of WIDTH x HEIGHT pixels:
    y from 0 to the largest value, x from the first to the last year. Each year is the span between
    two grid lines at its first and its last day (``xgrid``), labelled in its middle (``xticks``): a
    point of April 2022 lies inside the span of 2022, left of its label."""
    xs = [_year(p.as_of) or 0.0 for p in points]
    lo, hi = min(xs) - 0.5, max(xs) + 0.5
    top = max(float(p.value) for p in points) or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year: float) -> float:
        return round(LEFT + (year - lo) / (hi - lo) * inner_w, 1)

    def y_of(value: float) -> float:
        return round(TOP + inner_h - value / top * inner_h, 1)

    dots = [{"x": x_of(x), "y": y_of(float(p.value)), "href": p.release,
             "title": f"{p.as_of}: {p.text} ({p.source})"} for x, p in sorted(zip(xs, points, strict=True),
                                                                           key=lambda t: t[0])]
    first, last = int(lo + 0.5), int(hi - 0.5)
    step = max(1, (last - first + 1) // 8)
    return {
        "title": title, "width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": HEIGHT - BOTTOM,
        "right": WIDTH - RIGHT, "top": TOP, "dots": dots,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "xticks": [{"x": x_of(y + 0.5), "label": str(y)} for y in range(first, last + 1, step)],
        "xgrid": [x_of(y) for y in range(first, last + 2) if lo <= y <= hi],
        "yticks": [{"y": y_of(v), "label": f"{v:,.0f}".replace(",", " ")} for v in (0, top / 2, top)],
    }
