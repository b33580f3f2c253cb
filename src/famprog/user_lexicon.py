"""Word lists of your own: program names, organisation heads, facility nouns and role words.

A user word list is a YAML mapping with any of these keys, in the schema of ``resources/de/``::

    program_names: [Familienglück, Kinderchancen 2030]       # full names, found in any release
    program_heads: {Landesinitiative: [Landesinitiativen]}    # nominative: [inflected forms] (names.yaml)
    organisation_heads: {Familienbüro: [Familienbüros]}       # as program_heads (names.yaml)
    known_organisations: [Kinderwerk Nord]                    # names without a head noun (names.yaml)
    facilities:                                               # facilities.yaml
      - {singular: Familientreff, forms: [familientreffs, familientreff]}
    role_suffixes: [quartiersmanager, quartiersmanagerin]     # lower case, both genders (people.yaml)

``load_word_list(path)`` validates a file and reports every bad entry at once, each as
``FILE:LINE: what is wrong``, in one ``LexiconError``. ``activate(paths)`` makes the lists part of the
lexicon of this process (``famprog.api.pipeline()`` is rebuilt with them); ``activate([])`` drops them.

``find_config(folder)`` reads ``famprog.toml`` or ``[tool.famprog]`` of ``pyproject.toml`` in a folder:
``lexicon = ["words.yaml"]`` (paths relative to the config file) and ``min_confidence = 0.8``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from famprog.errors import FamprogError

__all__ = ["Config", "LexiconError", "activate", "active_key", "find_config", "load_word_list"]


class LexiconError(FamprogError):
    """A user word list or config is malformed; ``problems`` holds one ``FILE:LINE: reason`` per bad entry."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


SCHEMA = {
    "program_names": "names",
    "program_heads": "forms",
    "organisation_heads": "forms",
    "known_organisations": "names",
    "facilities": "facilities",
    "role_suffixes": "lower",
}


class _Checker:
    """Walks the YAML nodes of one file (they carry line numbers) and collects the problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def bad(self, node: yaml.Node, reason: str) -> None:
        self.problems.append(f"{self.path}:{node.start_mark.line + 1}: {reason}")

    def word(self, node: yaml.Node, what: str, *, lower: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            shown = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
            self.bad(node, f"{what} must be a word or name in quotes or plain text, not {shown!r}")
            return None
        value = node.value
        if not value.strip():
            self.bad(node, f"{what} is empty")
        elif value != value.strip() or "\n" in value or "  " in value:
            self.bad(node, f"{what} {value!r} has leading, trailing, doubled spaces or a line break")
        elif len(value) < 2:
            self.bad(node, f"{what} {value!r} is too short to match safely (2 characters at least)")
        elif lower and value != value.lower():
            self.bad(node, f"{what} {value!r} must be written in lower case (matched as a word ending)")
        else:
            return value
        return None

    def words(self, node: yaml.Node, what: str, *, lower: bool = False) -> list[str]:
        if not isinstance(node, yaml.SequenceNode):
            self.bad(node, f"{what} must be a list ([a, b] or one '- entry' per line)")
            return []
        out: list[str] = []
        for item in node.value:
            value = self.word(item, f"an entry of {what}", lower=lower)
            if value is not None and value in out:
                self.bad(item, f"{value!r} is listed twice")
            elif value is not None:
                out.append(value)
        return out

    def forms(self, node: yaml.Node, key: str) -> dict[str, list[str]]:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, f"{key} must be a mapping of nominative: [inflected forms]")
            return {}
        out: dict[str, list[str]] = {}
        for key_node, value_node in node.value:
            nominative = self.word(key_node, f"{key} entry")
            inflected = self.words(value_node, f"inflected forms of {key_node.value!r}")
            if nominative is not None and nominative in out:
                self.bad(key_node, f"{nominative!r} is listed twice")
            elif nominative is not None and not nominative[0].isupper():
                self.bad(key_node, f"{nominative!r} must start with a capital letter (a German noun)")
            elif nominative is not None:
                out[nominative] = inflected
        return out

    def facilities(self, node: yaml.Node) -> list[dict[str, Any]]:
        if not isinstance(node, yaml.SequenceNode):
            self.bad(node, "facilities must be a list of {singular: Noun, forms: [plural, singular]}")
            return []
        out = []
        for item in node.value:
            fields = {k.value: v for k, v in item.value} if isinstance(item, yaml.MappingNode) else None
            if fields is None or set(fields) != {"singular", "forms"}:
                self.bad(item, "a facility must have exactly the keys singular and forms")
                continue
            singular = self.word(fields["singular"], "singular")
            forms = self.words(fields["forms"], "forms", lower=True)
            if singular is not None and forms:
                out.append({"singular": singular, "forms": forms})
            elif singular is not None and isinstance(fields["forms"], yaml.SequenceNode) and not fields["forms"].value:
                self.bad(item, f"facility {singular!r} lists no forms")
        return out


def load_word_list(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate one user word list; the entries by key, ready for ``activate``.

    Raises ``LexiconError`` listing every problem (unreadable file, YAML syntax, unknown key, wrong
    type, empty, duplicated or badly spaced entry, upper case in a word ending), each with file and line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError([f"{path}: cannot read the word list ({exc})"]) from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError([f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc
    checker = _Checker(path)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise LexiconError([f"{path}:1: a word list must be a mapping with keys {', '.join(SCHEMA)}"])
    entries: dict[str, Any] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        kind = SCHEMA.get(key)
        if kind is None:
            checker.bad(key_node, f"unknown key {key!r} (known: {', '.join(SCHEMA)})")
        elif kind == "forms":
            entries[key] = checker.forms(value_node, key)
        elif kind == "facilities":
            entries[key] = checker.facilities(value_node)
        else:
            entries[key] = checker.words(value_node, key, lower=kind == "lower")
    if checker.problems:
        raise LexiconError(checker.problems)
    return entries


def merge_word_lists(lists: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Several validated word lists as one: lists joined without repeats, mappings updated in order."""
    merged: dict[str, Any] = {}
    for entries in lists:
        for key, value in entries.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                known = merged.setdefault(key, [])
                known.extend(v for v in value if v not in known)
    return merged


# ---- the active lists of this process --------------------------------------------------------------

_active: tuple[tuple[str, int, int], ...] = ()


def active_key() -> tuple[tuple[str, int, int], ...]:
    """Which word lists are active (path, mtime, size per file): a pipeline is valid for one key."""
    return _active


def activate(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Make these word lists (validated, merged) part of the lexicon of this process, replacing any
    lists activated before; an empty sequence drops them. Unchanged files are not read again.
    Raises ``LexiconError`` (nothing changes then)."""
    global _active
    from famprog.components.lexicon_view import set_user_entries

    files = [Path(p).resolve() for p in paths]
    key = tuple(_stamp(f) for f in files)
    if key == _active:
        return
    entries = merge_word_lists(load_word_list(f) for f in files)
    set_user_entries(entries or None)
    _active = key


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise LexiconError([f"{path}: cannot read the word list ({exc.strerror or exc})"]) from exc
    return str(path), stat.st_mtime_ns, stat.st_size


# ---- configuration ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    """famprog's settings from a config file; ``source`` is the file they came from (None: defaults)."""

    lexicon: tuple[Path, ...] = ()
    min_confidence: float | None = None
    source: Path | None = None


def find_config(folder: str | os.PathLike[str] = ".") -> Config:
    """The settings of ``famprog.toml`` in ``folder``, else of ``[tool.famprog]`` in its ``pyproject.toml``,
    else the defaults. Keys: ``lexicon`` (a path or list of paths, relative to the config file) and
    ``min_confidence`` (0 to 1). Raises ``LexiconError`` for malformed TOML or values."""
    folder = Path(folder)
    for name, section in (("famprog.toml", ()), ("pyproject.toml", ("tool", "famprog"))):
        path = folder / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise LexiconError([f"{path}: cannot read the config ({exc})"]) from exc
        for part in section:
            data = data.get(part, {}) if isinstance(data, dict) else {}
        if not data and section:
            continue
        return _config(path, data)
    return Config()


def _config(path: Path, data: dict[str, Any]) -> Config:
    problems = [f"{path}: unknown setting {k!r} (known: lexicon, min_confidence)" for k in data
                if k not in ("lexicon", "min_confidence")]
    lexicon = data.get("lexicon", [])
    if isinstance(lexicon, str):
        lexicon = [lexicon]
    if not isinstance(lexicon, list) or not all(isinstance(p, str) and p for p in lexicon):
        problems.append(f"{path}: lexicon must be a path or a list of paths")
        lexicon = []
    threshold = data.get("min_confidence")
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int | float)
                                  or not 0 <= threshold <= 1):
        problems.append(f"{path}: min_confidence must be a number from 0 to 1, not {threshold!r}")
        threshold = None
    if problems:
        raise LexiconError(problems)
    return Config(
        lexicon=tuple(path.parent / p for p in lexicon),
        min_confidence=float(threshold) if threshold is not None else None,
        source=path,
    )
