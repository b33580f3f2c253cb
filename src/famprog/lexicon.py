"""German language data shipped with famprog: YAML files under ``resources/de/``.

Each file is a mapping; ``load("months")`` returns it parsed, cached for the life of the process.
The data are reviewed like code and checked by ``tests/test_lexicon.py``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from famprog.errors import ResourceError

LANGUAGE = "de"
# libyaml's parser where PyYAML was built with it (its wheels are): the same documents, parsed ten
# times faster, which is a sixth of famprog's start-up and of every worker's
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed contents of ``resources/de/<name>.yaml``."""
    path = resources.files("famprog") / "resources" / LANGUAGE / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except FileNotFoundError as exc:
        raise ResourceError(f"language data {LANGUAGE}/{name}.yaml is missing") from exc
    except yaml.YAMLError as exc:
        raise ResourceError(f"language data {LANGUAGE}/{name}.yaml is malformed: {exc}") from exc
    if not isinstance(data, dict):
        raise ResourceError(f"language data {LANGUAGE}/{name}.yaml must hold a mapping")
    return data


def words(name: str, key: str) -> list[str]:
    """A word list from a resource file, e.g. ``words("facilities", "nouns")``."""
    value = load(name).get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise ResourceError(f"language data {LANGUAGE}/{name}.yaml: '{key}' must be a list of strings")
    return value
