"""User word lists (--lexicon, famprog.toml): validation with file and line, and the lists at work."""

from __future__ import annotations

import textwrap

import pytest

import famprog
from famprog.user_lexicon import Config, LexiconError, activate, find_config, load_word_list


@pytest.fixture(autouse=True)
def no_user_lists_after():
    yield
    activate([])


def write(tmp_path, text: str, name: str = "words.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
    program_names: [Familienglück, Kinderchancen 2030]
    program_heads: {Landesinitiative: [Landesinitiativen]}
    organisation_heads: {Familienbüro: [Familienbüros]}
    known_organisations: [Kinderwerk Nord]
    facilities:
      - {singular: Familientreff, forms: [familientreffs, familientreff]}
    role_suffixes: [quartiersmanager, quartiersmanagerin]
"""


def test_a_good_list_loads_in_the_shipped_schema(tmp_path):
    entries = load_word_list(write(tmp_path, GOOD))
    assert entries["program_names"] == ["Familienglück", "Kinderchancen 2030"]
    assert entries["program_heads"] == {"Landesinitiative": ["Landesinitiativen"]}
    assert entries["facilities"] == [{"singular": "Familientreff", "forms": ["familientreffs", "familientreff"]}]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("program_names: [Familienglück, 42]\n", 1, "must be a word"),
        ("program_names:\n  - Familienglück\n  - ''\n", 3, "is empty"),
        ("program_names:\n  - ' Familienglück'\n", 2, "spaces"),
        ("program_names: [Familienglück, Familienglück]\n", 1, "listed twice"),
        ("program_names: [X]\n", 1, "too short"),
        ("program_names: Familienglück\n", 1, "must be a list"),
        ("program_names:\n  - [a, b]\n", 2, "must be a word"),
        ("role_suffixes: [Quartiersmanagerin]\n", 1, "lower case"),
        ("program_heads: [Landesinitiative]\n", 1, "mapping of nominative"),
        ("organisation_heads:\n  familienbüro: [familienbüros]\n", 2, "capital letter"),
        ("organisation_heads:\n  Familienbüro: Familienbüros\n", 2, "must be a list"),
        ("facilities:\n  - {singular: Familientreff}\n", 2, "exactly the keys"),
        ("facilities:\n  - {singular: Familientreff, forms: [Familientreffs]}\n", 2, "lower case"),
        ("facilities:\n  - {singular: Familientreff, forms: []}\n", 2, "lists no forms"),
        ("\n\ncolour: blue\n", 3, "unknown key 'colour'"),
        ("program_names: [Familienglück\n", 2, "not valid YAML"),
        ("- Familienglück\n", 1, "must be a mapping"),
    ],
)
def test_each_bad_entry_is_named_with_file_and_line(tmp_path, text, line, reason):
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as caught:
        load_word_list(path)
    assert len(caught.value.problems) == 1, caught.value.problems
    assert caught.value.problems[0].startswith(f"{path}:{line}: ")
    assert reason in caught.value.problems[0]
    assert isinstance(caught.value, famprog.FamprogError)


def test_every_bad_entry_is_reported_at_once(tmp_path):
    path = write(tmp_path, "program_names: [Familienglück, 42]\nrole_suffixes: [Leiter]\ncolour: blue\n")
    with pytest.raises(LexiconError) as caught:
        load_word_list(path)
    assert [p.split(":")[1] for p in caught.value.problems] == ["1", "2", "3"]


def test_an_empty_file_is_an_empty_list(tmp_path):
    assert load_word_list(write(tmp_path, "")) == {}


def test_a_missing_file_is_a_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        activate([tmp_path / "fehlt.yaml"])


# A listed program name is found wherever it stands as a whole word; never inside another word.
PROGRAM_CONTEXTS = [
    ("Das Land fördert Familienglück mit 2 Millionen Euro.", ["Familienglück"]),
    ("Familienglück startet im Mai.", ["Familienglück"]),
    ("Im Rahmen von „Familienglück“ entstehen 12 Familienzentren.", ["Familienglück"]),
    ("Die Initiative Kinderchancen 2030 läuft bis 2030.", ["Kinderchancen 2030"]),
    ("Das Familienglücksspiel ist kein Programm.", []),
    ("Das Anti-Familienglück-Seminar ist kein Programm.", []),
]


@pytest.mark.parametrize(("text", "names"), PROGRAM_CONTEXTS)
def test_listed_program_names_are_found_in_any_release(tmp_path, text, names):
    words = write(tmp_path, "program_names: [Familienglück, Kinderchancen 2030]\n")
    found = [p.name for p in famprog.extract_text(text, lexicon=[words]).programs if p.name in names or not names]
    assert [n for n in found if n in {"Familienglück", "Kinderchancen 2030"}] == names


def test_role_words_and_organisation_heads_extend_the_shipped_ones(tmp_path):
    text = "Quartierslotsin Petra Lang vom Familiennetzwerkbüro Nordstadt begrüßt das Programm.\n"
    before = famprog.extract_text(text)
    assert not any(o.name.startswith("Familiennetzwerkbüro") for o in before.organisations)
    words = write(tmp_path, "role_suffixes: [quartierslotsin]\norganisation_heads: {Familiennetzwerkbüro: []}\n")
    after = famprog.extract_text(text, lexicon=[words])
    assert ("Petra Lang", "Quartierslotsin") in [(p.name, p.role) for p in after.people]
    assert "Familiennetzwerkbüro Nordstadt" in [o.name for o in after.organisations]


def test_deactivating_restores_the_shipped_lexicon(tmp_path):
    text = "Das Land fördert Familienglück mit 2 Millionen Euro.\n"
    words = write(tmp_path, "program_names: [Familienglück]\n")
    assert famprog.extract_text(text, lexicon=[words]).programs
    activate([])
    assert not famprog.extract_text(text).programs


def test_a_bad_list_changes_nothing(tmp_path):
    good = write(tmp_path, "program_names: [Familienglück]\n", "good.yaml")
    bad = write(tmp_path, "program_names: [1]\n", "bad.yaml")
    activate([good])
    with pytest.raises(LexiconError):
        activate([bad])
    assert famprog.extract_text("Familienglück startet.\n").programs


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"famprog.toml": 'lexicon = "words.yaml"\nmin_confidence = 0.8\n'}, (("words.yaml",), 0.8, "famprog.toml")),
        ({"famprog.toml": 'lexicon = ["a.yaml", "b/c.yaml"]\n'}, (("a.yaml", "b/c.yaml"), None, "famprog.toml")),
        ({"pyproject.toml": '[tool.famprog]\nlexicon = ["w.yaml"]\n'}, (("w.yaml",), None, "pyproject.toml")),
        ({"pyproject.toml": '[project]\nname = "x"\n'}, ((), None, None)),
        ({}, ((), None, None)),
        (
            {"famprog.toml": "min_confidence = 0.5\n", "pyproject.toml": "[tool.famprog]\nmin_confidence = 0.9\n"},
            ((), 0.5, "famprog.toml"),
        ),
    ],
)
def test_config_from_famprog_toml_or_pyproject(tmp_path, files, expected):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    lexicon, threshold, source = expected
    config = find_config(tmp_path)
    assert config == Config(
        lexicon=tuple(tmp_path / p for p in lexicon),
        min_confidence=threshold,
        source=tmp_path / source if source else None,
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("min_confidence = 2\n", "from 0 to 1"),
        ('min_confidence = "hoch"\n', "from 0 to 1"),
        ("lexicon = 3\n", "path or a list"),
        ("lexcon = []\n", "unknown setting 'lexcon'"),
        ("lexicon = [\n", "cannot read the config"),
    ],
)
def test_bad_config_is_a_lexicon_error(tmp_path, text, reason):
    (tmp_path / "famprog.toml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=reason):
        find_config(tmp_path)


def test_a_rerun_with_other_word_lists_extracts_again(tmp_path):
    from typer.testing import CliRunner

    from famprog.cli import app

    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("Das Programm Familienglück startet in Kassel.\n", encoding="utf-8")
    words = write(tmp_path, "program_names: [Familienglück]\n")
    out = tmp_path / "out"
    base = ["extract", str(source), "--out", str(out), "--no-db", "--format", "json"]
    assert CliRunner().invoke(app, base).exit_code == 0
    unchanged = CliRunner().invoke(app, base)
    assert "1 unchanged and skipped" in unchanged.output + (unchanged.stderr or "")
    with_lists = CliRunner().invoke(app, [*base, "--lexicon", str(words)])
    assert with_lists.exit_code == 0
    assert "0 unchanged and skipped" in with_lists.output + (with_lists.stderr or "")
