"""One exception root for everything famprog raises on purpose.

Library code raises these; only ``cli.py`` turns them into messages and exit codes.
"""

from __future__ import annotations


class FamprogError(Exception):
    """Root of famprog's own errors."""


class InputError(FamprogError):
    """A document cannot be read or decoded: the user's input is at fault."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class OutputError(FamprogError):
    """A record cannot be written where it was asked to go."""


class ResourceError(FamprogError):
    """famprog's own language data is missing or malformed."""


class InternalError(FamprogError):
    """A bug in famprog, not a problem with the input."""
