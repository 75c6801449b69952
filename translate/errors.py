"""Failures the user can act on: one line each, and what to change.

The library says what went wrong and what to do in its own words; where the
fix is an option of the front end (another model folder, another backend),
it names the remedy and the front end words it: the command line as a flag,
the reader as a menu.
"""

from __future__ import annotations

from enum import StrEnum


class Remedy(StrEnum):
    LOCAL_MODEL = "local-model"  # use a model folder on this machine instead
    TRANSFORMERS = "transformers"  # decode with the transformers backend instead
    CTRANSLATE2 = "ctranslate2"  # the choice needs the ctranslate2 backend (the default)
    NO_REVISION = "no-revision"  # a revision names a hub commit, not a folder
    OTHER_CACHE = "other-cache"  # use another cache folder
    LOCAL_RAY = "local-ray"  # start a local Ray instead of joining a cluster


class Unavailable(Exception):
    """Something needed cannot be used; ``str()`` is one line with the problem and the fix."""

    def __init__(self, message: str, remedy: Remedy | None = None) -> None:
        super().__init__(message)
        self.remedy = remedy


def first_line(exc: BaseException) -> str:
    """An exception as a short phrase for a one-line message."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    if isinstance(exc, LookupError):  # str(KeyError('x')) is just "'x'"
        return f"{type(exc).__name__} {text.splitlines()[0]}"
    return text.splitlines()[0]
