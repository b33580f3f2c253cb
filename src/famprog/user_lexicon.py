"""User word lists (placeholder: filled in by the next commit)."""

from __future__ import annotations

from famprog.errors import FamprogError


class LexiconError(FamprogError):
    """A user word list is malformed."""


def active_key() -> object:
    return None


def activate(paths: object) -> None:
    raise LexiconError("user word lists are not supported yet")
