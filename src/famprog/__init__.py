"""famprog: German press releases about family-policy programs in, knowledge records out.

The Python API (``famprog.api``): ``extract_text``, ``extract_file``, ``Record.to_dict``. Importing
``famprog`` stays light: spaCy is loaded on the first extraction.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "FamprogError",
    "InputError",
    "LexiconError",
    "Record",
    "__version__",
    "extract_file",
    "extract_text",
]

_LAZY = {
    "extract_text": "famprog.api",
    "extract_file": "famprog.api",
    "Record": "famprog.api",
    "FamprogError": "famprog.errors",
    "InputError": "famprog.errors",
    "LexiconError": "famprog.user_lexicon",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'famprog' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
