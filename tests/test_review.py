"""The review site: built from the bundled releases, checked as HTML and in headless Chromium
(every mention highlighted once, every fact link points at an element, no console errors, a
screenshot that is not blank). The browser tests skip when no Chromium is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLES
from famprog.review import Mark, build_site, nest

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    summary = build_site([EXAMPLES], out)
    assert not summary.problems
    return out, summary


class Elements(HTMLParser):
    """Ids, mention marks and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.mentions: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if a.get("data-mention"):
            self.mentions.append(a["data-mention"] or "")
        for name in ("href", "src"):
            value = a.get(name) or ""
            if value.startswith("#"):
                self.links.append(value[1:])
            elif re.match(r"^(https?:)?//", value):
                self.external.append(value)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def expected_mentions(record_page: str, record: dict) -> list[str]:
    keys = [("programs", "program"), ("organisations", "organisation"), ("people", "person"), ("dates", "date"),
            ("amounts", "amount"), ("center_counts", "center_count")]
    return sorted(f"m-{kind}-{i}-{j}" for key, kind in keys for i, item in enumerate(record.get(key, []))
                  for j, _ in enumerate(item.get("mentions", [])))


# ---- nesting of marks: every mark gets exactly one element, the text is kept ----------------------

NEST_CASES = [
    ("abcdef", [(0, 3), (3, 6)], "<a>abc</a><a>def</a>"),
    ("abcdef", [(0, 6), (2, 4)], "<a>ab<a>cd</a>ef</a>"),
    ("abcdef", [(0, 4), (2, 6)], "<a>ab<a>cd</a></a>ef"),  # crossing: the inner one is cut
    ("abcdef", [(1, 2), (1, 5)], "a<a><a>b</a>cde</a>f"),
    ("abc", [(1, 1), (5, 6)], "abc"),  # empty and out-of-range marks give nothing
]


@pytest.mark.parametrize(("text", "ranges", "html"), NEST_CASES)
def test_nest_keeps_text_and_nests_marks(text, ranges, html):
    marks = [Mark(s, e, 0, "a", {}) for s, e in ranges]
    pieces = nest(text, marks)
    out = "".join(v if k == "text" else ("<a>" if k == "open" else "</a>") for k, v in pieces)
    assert out == html
    assert "".join(v for k, v in pieces if k == "text") == text


# ---- the built site as HTML --------------------------------------------------------------------


def test_site_has_index_release_and_program_pages(site):
    out, summary = site
    assert (out / "index.html").is_file()
    assert len(summary.releases) == len([p for p in EXAMPLES.rglob("*") if p.is_file()])
    assert summary.programs
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in summary.releases + summary.programs:
        assert f'href="{page}"' in index


def test_every_page_works_offline(site):
    out, _ = site
    for page in out.rglob("*.html"):
        assert parse(page.read_text(encoding="utf-8")).external == [], page


def test_release_pages_mark_each_mention_once_and_links_resolve(site):
    import famprog

    out, summary = site
    for source in sorted(p for p in EXAMPLES.rglob("*") if p.is_file()):
        record = famprog.extract_file(source).to_dict()
        page = next(p for p in summary.releases if p.endswith(f"{source.name}.html"))
        elements = parse((out / page).read_text(encoding="utf-8"))
        assert sorted(elements.mentions) == expected_mentions(page, record), page
        assert len(elements.ids) == len(set(elements.ids)), page
        assert set(elements.links) <= set(elements.ids), page
        facts = [i for i in elements.ids if i.startswith("f-")]
        assert len(facts) == len(record["facts"])


def test_release_text_is_escaped(tmp_path):
    doc = tmp_path / "boese.txt"
    doc.write_text(
        "Das Landesprogramm „<script>alert(1)</script> & Co“ fördert 12 Familienzentren.\n"
        "<img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    build_site([doc], tmp_path / "site")
    html = next((tmp_path / "site" / "releases").glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_records_as_input_find_their_text(tmp_path, monkeypatch):
    import orjson

    import famprog

    monkeypatch.chdir(EXAMPLES.parent.parent)
    source = sorted(EXAMPLES.rglob("*.txt"))[0].relative_to(Path.cwd())
    record = famprog.extract_file(source)
    json_path = tmp_path / "rec.json"
    json_path.write_bytes(orjson.dumps(record.to_dict()))
    summary = build_site([json_path, record], tmp_path / "site")
    for page in summary.releases:
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "data-mention" in html and "source text was not found" not in html


def test_program_pages_chart_points_link_to_releases(site):
    out, summary = site
    charts = 0
    for page in summary.programs:
        html = (out / page).read_text(encoding="utf-8")
        for href in re.findall(r'<a href="(\.\./releases/[^"#]+)#(f-\d+)"', html):
            target = (out / "programs" / href[0]).resolve()
            assert target.is_file()
            assert f'id="{href[1]}"' in target.read_text(encoding="utf-8")
        charts += html.count("<svg")
    assert charts >= 1


def _funding(as_of, value, **qualifiers):
    from famprog.review_programs import Point, series_of

    fact = {"predicate": "funding", "value": value, "currency": "EUR", **qualifiers}
    return Point(as_of, "funding", value, str(value), "funding:test", None, None, "d.txt", series_of(fact))


@pytest.mark.parametrize(
    ("points", "titles"),
    [
        # a program's total beside the sum each facility gets: two lines, never one
        (
            [_funding("2020", 5_000_000), _funding("2021", 20_000, per="Familienzentrum"), _funding("2022", 6_000_000)],
            ["Funding (EUR)", "Funding (EUR for each Familienzentrum)"],
        ),
        # a yearly sum beside one for the whole term
        (
            [_funding("2020", 1_000_000, period="year"), _funding("2024", 4_000_000)],
            ["Funding (EUR)", "Funding (EUR per year)"],
        ),
        # one series: no qualifier in the title; undated points are not charted
        ([_funding("2020", 1_000_000, period="year"), _funding(None, 9, period="year")], ["Funding"]),
        ([_funding(None, 9)], []),
    ],
)
def test_program_charts_keep_series_of_sums_apart(points, titles):
    from famprog.review_programs import ProgramView

    view = ProgramView("p", "P", points=points)
    charts = view.charts()
    assert [c["title"] for c in charts] == titles
    assert sum(len(c["dots"]) for c in charts) == len([p for p in points if p.as_of])


@pytest.mark.parametrize(
    "dates",
    [
        ["2009-01-21", "2022-04-14", "2022"],
        ["2022-01", "2022-12-31", "2023-01-01"],
        ["2015", "2016-06", "2019-11-30", "2024-02-29"],
        ["2020-03-15"],
    ],
)
def test_a_chart_puts_each_point_inside_the_span_of_its_year(dates):
    """A year is the span between the grid lines of its first day and the next year's, labelled in
    its middle: a point of 14 April 2022 lies right of the 2022 line, not left of the 2021/2022 one."""
    from famprog.review_programs import chart

    points = [_funding(d, 1_000 * (n + 1)) for n, d in enumerate(dates)]
    c = chart("Funding", points)
    lines = c["xgrid"]
    assert lines == sorted(lines) and c["left"] <= min(lines) and max(lines) <= c["right"]
    labels = {t["label"]: t["x"] for t in c["xticks"]}
    by_title = {d["title"].split(":")[0]: d["x"] for d in c["dots"]}
    for as_of in dates:
        year, x = int(as_of[:4]), by_title[as_of]
        starts = [g for g in lines if g <= x]
        ends = [g for g in lines if g > x]
        # the grid line left of the point is its year's first day: the labels of no other year lie between
        assert not starts or not any(starts[-1] < lx <= x for label, lx in labels.items() if int(label) != year)
        assert not ends or not any(x <= lx < ends[0] for label, lx in labels.items() if int(label) != year)
        if str(year) in labels and starts and ends:
            assert starts[-1] < labels[str(year)] < ends[0]


def test_site_from_a_fact_store(tmp_path):
    import famprog
    from famprog.store import Store

    db = tmp_path / "famprog.sqlite"
    records = [famprog.extract_file(p) for p in sorted(EXAMPLES.rglob("*.txt"))[:4]]
    store = Store.open(db)
    try:
        for record in records:
            store.add(record)
        store.resolve()
    finally:
        store.close()
    summary = build_site(records, tmp_path / "site", db=db)
    assert summary.programs


# ---- in a real browser -------------------------------------------------------------------------


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    command = [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@browser
def test_console_error_detector_sees_errors(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>undefinedFunction();</script>", encoding="utf-8")
    assert console_errors(chromium("--dump-dom", page.as_uri()).stderr)


@browser
def test_pages_in_chromium_have_no_console_errors_and_marks_in_the_dom(site):
    out, summary = site
    for page in ["index.html", summary.releases[0], summary.programs[0]]:
        result = chromium("--dump-dom", (out / page).as_uri())
        assert result.returncode == 0, result.stderr[-500:]
        assert console_errors(result.stderr) == [], page
        dom = parse(result.stdout)
        assert set(dom.links) <= set(dom.ids), page
        if page.startswith("releases/"):
            html = parse((out / page).read_text(encoding="utf-8"))
            assert sorted(dom.mentions) == sorted(html.mentions) and dom.mentions


def png_colours(path: Path) -> int:
    """How many distinct byte values the image rows hold: a blank page gives a handful."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat)))


@browser
def test_screenshot_of_a_release_is_not_blank(site, tmp_path):
    out, summary = site
    shot = tmp_path / "release.png"
    page = next(p for p in summary.releases if "pm-2019-014" in p) if any(
        "pm-2019-014" in p for p in summary.releases) else summary.releases[0]
    result = chromium("--window-size=1400,1000", f"--screenshot={shot}", (out / page).as_uri())
    assert shot.is_file(), result.stderr[-500:]
    assert png_colours(shot) > 40
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><body style='background:#fff'></body>", encoding="utf-8")
    chromium("--window-size=400,300", f"--screenshot={tmp_path / 'blank.png'}", blank.as_uri())
    assert png_colours(tmp_path / "blank.png") < 10


FIT_PROBE = """<script>
window.addEventListener("load", () => {
  const panel = document.querySelector("aside.facts");
  const table = panel.querySelector("table");
  document.body.setAttribute("data-overflow", String(Math.round(table.scrollWidth - panel.clientWidth)));
});
</script></body>"""


@browser
@pytest.mark.parametrize("width", [1600, 1400, 1260, 1100, 800])
def test_the_fact_table_of_a_release_fits_its_panel(site, width):
    """Seven fact columns beside the text (or below it in a narrow window) show whole, without a
    scrollbar: the release with the most facts, its longest names included."""
    out, summary = site
    pages = [out / page for page in summary.releases]
    page = max(pages, key=lambda p: p.read_text(encoding="utf-8").count("<tr id="))
    probe = page.with_name("fit-probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", FIT_PROBE), encoding="utf-8")
    try:
        result = chromium(f"--window-size={width},900", "--virtual-time-budget=3000", "--dump-dom", probe.as_uri())
    finally:
        probe.unlink()
    overflow = re.search(r'data-overflow="(-?\d+)"', result.stdout)
    assert overflow, result.stderr[-500:]
    assert int(overflow.group(1)) <= 0


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("center_count", "center_<wbr>count"),
        ("funding:previous-sentence", "funding:<wbr>previous-sentence"),
        ("start:since:named", "start:<wbr>since:<wbr>named"),
        ("a<b>_c", "a&lt;b&gt;_<wbr>c"),
        ("_lead", "_<wbr>lead"),
        ("trailing_", "trailing_"),
        ("v1.2/x", "v1.<wbr>2/<wbr>x"),
        ("plain", "plain"),
    ],
)
def test_breakable_escapes_and_marks_the_joints_of_identifiers(text, html):
    from famprog.review import breakable

    assert str(breakable(text)) == html


# ---- the command ---------------------------------------------------------------------------------


def test_review_command_writes_the_site(tmp_path):
    from conftest import invoke_cli

    result = invoke_cli("review", EXAMPLES, "--out", tmp_path / "site", "--min-confidence", "0.8")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    "layout",
    [
        {},  # an empty folder
        {"notes.csv": "a,b\n", "scan.pdf": "%PDF-1.4"},  # files that are neither records nor documents
        {"2023/": None, "2024/q1/": None},  # nested folders, all empty
    ],
)
def test_review_of_folders_without_records_or_documents_fails_in_one_line(tmp_path, layout):
    from conftest import invoke_cli

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in layout.items():
        if text is None:
            (folder / name).mkdir(parents=True)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    result = invoke_cli("review", folder, "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(folder) in result.stderr
    assert "no records or documents" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "records",
    [
        {"x.json": '{"a": 1}'},
        {"x.json": "[1, 2]", "y.yaml": "- 1\n"},
        {"x.json": "{not json"},
    ],
)
def test_review_of_inputs_none_of_which_can_be_read_writes_no_site(tmp_path, records):
    from conftest import invoke_cli

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in records.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = invoke_cli("review", folder, "--out", tmp_path / "site")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(records) + 1 and all(line.startswith("famprog: ") for line in lines)
    assert all(any(name in line for line in lines) for name in records)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("spell", [lambda d: [d / "a.txt", d / "a.txt"], lambda d: [d, d / "a.txt"]])
def test_review_reads_a_file_given_twice_once(tmp_path, spell):
    from conftest import invoke_cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Das Land Hessen fördert 214 Familienzentren.\n", encoding="utf-8")
    result = invoke_cli("review", *spell(folder), "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "review site of 1 release" in result.stderr
    assert len(list((tmp_path / "site" / "releases").glob("*.html"))) == 1


def test_an_empty_folder_beside_documents_costs_nothing(tmp_path):
    from conftest import invoke_cli

    (tmp_path / "empty").mkdir()
    result = invoke_cli("review", tmp_path / "empty", EXAMPLES, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_review_command_names_each_bad_word_list_entry(tmp_path):
    from conftest import invoke_cli

    words = tmp_path / "words.yaml"
    words.write_text("program_names: [Familienglück, 42]\nrole_suffixes: [Leiter]\n", encoding="utf-8")
    result = invoke_cli("review", EXAMPLES, "--out", tmp_path / "site", "--lexicon", words)
    assert result.exit_code == 2
    assert f"{words}:1:" in result.stderr and f"{words}:2:" in result.stderr


def test_a_record_written_as_json_and_yaml_is_one_release(tmp_path):
    import orjson

    import famprog
    from famprog.serialize import dumps_yaml

    record = famprog.extract_text("Das Land Hessen fördert inzwischen 214 Familienzentren.", path="a.txt")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.json").write_bytes(orjson.dumps(record.to_dict()))
    (folder / "a.yaml").write_text(dumps_yaml(record.to_dict()), encoding="utf-8")
    (folder / "b.yaml").write_text(dumps_yaml(record.to_dict()), encoding="utf-8")  # YAML alone counts
    summary = build_site([folder], tmp_path / "site")
    assert len(summary.releases) == 2


@pytest.mark.parametrize(
    ("raw_name", "shown"),
    [
        (b"b\xff.txt", "b\\xff.txt"),  # a byte that is never UTF-8
        (b"M\xe4rz.txt", "M\\xe4rz.txt"),  # Latin-1 "März"
        (b"\x80\x81.txt", "\\x80\\x81.txt"),  # continuation bytes without a lead byte
        ("März.txt".encode(), "März.txt"),  # a UTF-8 name stays as it is
    ],
)
def test_review_of_a_file_whose_name_is_not_utf8(tmp_path, raw_name, shown):
    """A file name that is not UTF-8 is shown as extract writes it (\\xNN), not a crash writing the page."""
    import os

    from conftest import invoke_cli

    src = tmp_path / "in"
    src.mkdir()
    good = sorted(EXAMPLES.rglob("*.txt"))[0]
    with open(os.path.join(os.fsencode(src), raw_name), "wb") as handle:
        handle.write(good.read_bytes())
    result = invoke_cli("review", src, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "site" / "releases").glob("*.html"))
    assert len(pages) == 1
    assert shown in pages[0].read_text(encoding="utf-8")


def _lfb_record(year: str, region: str | None) -> dict:
    import json

    path = Path(__file__).parent / "fixtures" / "knowledge" / "lfb" / year / f"lfb-{year}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    for program in record["programs"]:
        program["region"] = region
    return record


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        # one id, two states: two programs, each with its own release's facts
        (("Niedersachsen", "Saarland"), {"p1-niedersachsen": ["2019"] * 4, "p1-saarland": ["2021"]}),
        (("Hessen", "Hessen"), {"p1": ["2019"] * 4 + ["2021"]}),  # one id, one state: one program
        ((None, None), {"p1": ["2019"] * 4 + ["2021"]}),
        (("Hessen", None), {"p1-hessen": ["2019"] * 4, "p1": ["2021"]}),
    ],
)
def test_review_without_store_keeps_programs_of_different_regions_apart(regions, expected):
    """Without --db, programs meet only within their region, as in the store: two releases' "p1" of
    Niedersachsen and of Saarland are two program pages, each with its own facts, and each release's
    facts link to its own program's page (a new user's review put Saarland's and Niedersachsen's
    Frühe Hilfen on one page)."""
    from famprog.review import Release
    from famprog.review_programs import program_views

    years = ("2019", "2021")
    releases = [Release(_lfb_record(year, region), None) for year, region in zip(years, regions, strict=True)]
    views = program_views(releases, None)
    got = {v.id: [p.source[-8:-4] for p in v.points] for v in views.values() if v.id.startswith("p1")}
    assert got == expected
    for release, region in zip(releases, regions, strict=True):
        assert release.programs["p1"].region == region


def test_review_reads_records_jsonl_like_record_files(tmp_path):
    """A folder written with --format jsonl (records.jsonl) gives the same site as one written with
    --format json; a bad line is one problem naming FILE:LINE and costs the other records nothing."""
    from conftest import invoke_cli

    for fmt in ("json", "jsonl"):
        result = invoke_cli("extract", EXAMPLES / "th", "--out", tmp_path / fmt, "--format", fmt, "--no-db", "-q")
        assert result.exit_code == 0, result.stderr
    sites = {}
    for fmt in ("json", "jsonl"):
        summary = build_site([tmp_path / fmt], tmp_path / f"site-{fmt}")
        assert not summary.problems
        sites[fmt] = {p: (tmp_path / f"site-{fmt}" / p).read_bytes() for p in summary.releases + summary.programs}
    assert sites["json"] == sites["jsonl"] and sites["json"]
    lines = (tmp_path / "jsonl" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "jsonl" / "records.jsonl").write_text("\n".join([lines[0], "{kaputt", *lines[1:]]) + "\n", "utf-8")
    summary = build_site([tmp_path / "jsonl"], tmp_path / "site-bad")
    assert len(summary.problems) == 1 and "records.jsonl:2: not a famprog record" in summary.problems[0]
    assert len(summary.releases) == len(lines)  # the other records are all there


@pytest.mark.parametrize(
    "qualifiers",
    [{}, {"period": "year"}, {"per": "Familienzentrum"}, {"period": "year", "per": "Mehrgenerationenhaus"}],
)
def test_a_stored_fact_and_a_record_fact_fall_in_one_series(qualifiers):
    from famprog.review_programs import series_of
    from famprog.store import StoredFact

    stored = StoredFact(
        "f#0", "p", "program", "funding", 100, None, None, "EUR", qualifiers.get("period"), False, "2020", "d",
        "d.txt", None, None, None, None, "funding:test", per=qualifiers.get("per"),
    )
    assert series_of(stored) == series_of({"predicate": "funding", "currency": "EUR", **qualifiers})
    assert series_of({"predicate": "center_count", "value": 3, **qualifiers}) == ""


@pytest.mark.parametrize("what", ["none", "moved", "changed"])
def test_review_says_which_releases_lost_their_source_text(tmp_path: Path, what: str) -> None:
    """Records whose source text is gone or changed make pages with facts only; the command says so in
    one warning line naming them (a new user saw exit 0 and no word), and still exits 0."""
    from conftest import invoke_cli

    src = tmp_path / "src"
    src.mkdir()
    files = sorted(EXAMPLES.rglob("*.txt"))[:2]
    for path in files:
        shutil.copy(path, src / path.name)
    extracted = invoke_cli("extract", src, "--out", tmp_path / "records", "--no-db", "--format", "json", "--quiet")
    assert extracted.exit_code == 0, extracted.stderr
    lost = src / files[0].name
    if what == "moved":
        lost.rename(tmp_path / "elsewhere.txt")
    elif what == "changed":
        lost.write_text(lost.read_text(encoding="utf-8") + "\nNachtrag.", encoding="utf-8")
    result = invoke_cli("review", tmp_path / "records", "--out", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "source text" in line]
    if what == "none":
        assert warnings == []
    else:
        assert len(warnings) == 1 and "1 release" in warnings[0] and files[0].name in warnings[0]
        assert files[1].name not in warnings[0]


@pytest.mark.parametrize(
    ("item", "predicate", "shown"),
    [
        ({"value": 1000000, "currency": "EUR"}, "funding", "1 Mio. €"),
        ({"value": 40, "currency": "EUR", "per": "Kind", "approximate": True}, "funding", "≈ 40 € je Kind"),
        ({"value": 1500000, "currency": "EUR", "period": "year"}, "funding", "1,5 Mio. € / Jahr"),
        ({"value": 30000, "currency": "EUR"}, "funding", "30.000 €"),
        ({"value": 214, "unit": "Familienzentrum", "approximate": True}, "center_count", "≈ 214 Familienzentren"),
        ({"value": 1, "unit": "Familienzentrum"}, "center_count", "1 Familienzentrum"),
        ({"value": "2019-01"}, "start", "2019-01"),
        ({"value": "Caritasverband"}, "operated_by", "Caritasverband"),
    ],
)
def test_review_shows_values_as_the_command_line_does(item: dict, predicate: str, shown: str) -> None:
    """The review site writes a value in German as ``timeline`` and ``diff`` do ("1 Mio. €", "je Kind"),
    not as "1 000 000 EUR for each Kind" beside them."""
    from famprog.review import format_value

    assert format_value(item, predicate) == shown
