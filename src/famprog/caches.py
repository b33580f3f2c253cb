"""Extraction's memo caches, emptied in one place: at the end of each memory zone and of a run.

famprog keeps per-word results in bounded caches (folded names, place look-ups, word classes, YAML
scalar events), so that the words a corpus repeats cost one look-up. They fill as a run meets new
words: emptied at the end of each memory zone (``extract.MemoryZones``) they hold at most a zone's
words, and emptied after the run's last document they leave their memory to identity resolution,
which then holds every item of the store at once (bench: peak RSS on all of the corpus over a quarter
of it). The tokens of text pieces (``extract.make_doc``) are bounded by generations of their own and
dropped apart, before identity resolution (``extract.forget_tokens``).

Two kinds are emptied by ``release``:

- every bounded ``functools.lru_cache`` of famprog's loaded modules (``maxsize`` set: memos of
  per-word functions). Unbounded ones (``functools.cache``) hold loaded resources (gazetteer, word
  lists, compiled patterns) and stay: loading them again would cost more than they hold;
- the caches of objects registered with ``register`` (an object with a ``clear_caches()`` method,
  held by a weak reference, so a dropped pipeline's components go as before).

Emptying a cache never changes a result, only what the next look-ups cost.
"""

from __future__ import annotations

import sys
import weakref
from typing import Protocol


class CacheHolder(Protocol):
    def clear_caches(self) -> None:
        """Forget every memoized result (the object works as before, recomputing them)."""


_HOLDERS: weakref.WeakSet[CacheHolder] = weakref.WeakSet()


def register(holder: CacheHolder) -> None:
    """Have ``release`` call ``holder.clear_caches()``; ``holder`` is held weakly (a module, a
    component, a cache object)."""
    _HOLDERS.add(holder)


def release() -> int:
    """Empty the bounded ``lru_cache``s of famprog's loaded modules and the registered holders'
    caches; the number of caches emptied (a function imported into several modules counts once)."""
    emptied: set[int] = set()
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "famprog" or name.startswith("famprog.")):
            continue
        for value in list(vars(module).values()):
            parameters = getattr(value, "cache_parameters", None)
            if callable(parameters) and id(value) not in emptied and parameters().get("maxsize") is not None:
                value.cache_clear()
                emptied.add(id(value))
    holders = list(_HOLDERS)
    for holder in holders:
        holder.clear_caches()
    return len(emptied) + len(holders)
