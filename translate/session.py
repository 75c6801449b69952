"""A reading session: articles, an engine, the cache, a person's edits.

The reader (and anything else interactive) calls these functions from worker
threads. Each call opens its own cache connection, so nothing here is shared
between threads, and several processes may work on one cache at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import debris
from .articles import Article, Paragraph
from .cache import Alignment, Cache, CachedParagraph, default_cache_dir
from .engines import Engine, EngineSpec
from .engines.models import SHORTHANDS, ModelUnavailable
from .library import LIBRARY_NAME, Library, LibraryArticle
from .pipeline import BatchDone, Outcome, translate_paragraphs

# The engine key under which a person's translations are kept: one per
# paragraph text, shown in place of any model's and compared against them.
PERSON = "person"
# Paragraphs per translation run in the reader: small enough that the first
# screenful fills in quickly, large enough to batch well. The first run is
# smaller still (the title and the first paragraph), so that something is
# translated on screen as soon as the model has loaded.
READING_CHUNK = 8
FIRST_CHUNK = 2

T = TypeVar("T")


@dataclass(frozen=True)
class EngineChoice:
    """The engine for a model name, or why there is none.

    ``key`` may be set without ``engine``: the model is not here, but the cache
    holds translations it made elsewhere, which can still be shown.
    """

    name: str
    engine: Engine | None
    key: str | None
    problem: str | None = None


def choose_engine(spec: EngineSpec, cache_dir: Path | None, reserve_cores: int = 0) -> EngineChoice:
    """Open an engine without loading its model; fall back to the cache's record of it.

    ``reserve_cores``: cores the engine leaves free (an interactive reader keeps one).
    """
    name = SHORTHANDS.get(spec.model, spec.model)
    with Cache(cache_dir) as cache:
        try:
            engine = spec.open(cache.models_dir, cache.digest, reserve_cores)
        except ModelUnavailable as exc:
            keys = cache.engine_keys(name)
            return EngineChoice(name, None, keys[0] if keys else None, str(exc))
    return EngineChoice(engine.name, engine, engine.key)


def cached_translations(
    cache_dir: Path | None, key: str | None, texts: Iterable[str]
) -> tuple[dict[str, CachedParagraph], dict[str, CachedParagraph]]:
    """The engine's cached translations (none without a key) and a person's, by text."""
    texts = list(texts)
    with Cache(cache_dir) as cache:
        machine = cache.paragraphs(key, texts) if key else {}
        return machine, cache.paragraphs(PERSON, texts)


def debris_marks(cache_dir: Path | None, texts: Iterable[str]) -> dict[str, str | None]:
    """A person's debris marks on these paragraphs: a reason, or None for "story"."""
    with Cache(cache_dir) as cache:
        return cache.marks(texts)


def toggle_debris(cache_dir: Path | None, paragraph: Paragraph, automatic: str | None) -> None:
    """Save a person's verdict that this paragraph is the opposite of what it shows as.

    ``paragraph.debris`` is what it shows as now, ``automatic`` what the
    automatic marking said; a verdict equal to the automatic one is no mark.
    """
    wanted, marked = debris.toggled(paragraph.debris, automatic)
    with Cache(cache_dir) as cache:
        if marked:
            cache.set_mark(paragraph.text, wanted)
        else:
            cache.clear_mark(paragraph.text)


def library_articles(
    cache_dir: Path | None,
    *,
    unread: bool = False,
    bookmarked: bool = False,
    since: str | None = None,
) -> list[LibraryArticle]:
    """The library's articles, newest first (none when nothing was ever refreshed)."""
    directory = cache_dir or default_cache_dir()
    if not (directory / LIBRARY_NAME).exists():
        return []
    with Library(directory) as library:
        return library.articles(unread=unread, bookmarked=bookmarked, since=since)


def mark_article(
    cache_dir: Path | None, url: str, *, read: bool | None = None, bookmarked: bool | None = None
) -> None:
    """Set a library article's read or bookmarked flag."""
    with Library(cache_dir) as library:
        if read is not None:
            library.set_read(url, read)
        if bookmarked is not None:
            library.set_bookmarked(url, bookmarked)


def overlay(machine: Mapping[str, T], person: Mapping[str, T]) -> dict[str, T]:
    """What stands beside each paragraph: a person's translation, else the model's.

    The one rule for it, whatever the values are (texts or cached records).
    """
    return {**machine, **person}


def shown_translations(
    cache_dir: Path | None, key: str | None, texts: Iterable[str]
) -> dict[str, CachedParagraph]:
    """What to show beside each paragraph: a person's translation, else the engine's."""
    return overlay(*cached_translations(cache_dir, key, texts))


def translate_in_order(
    engine: Engine,
    cache_dir: Path | None,
    texts: list[str],
    on_batch: Callable[[BatchDone], None],
    cancelled: Callable[[], bool] = lambda: False,
    chunk: int = READING_CHUNK,
) -> Outcome:
    """Translate in reading order, a few paragraphs at a time, so the top fills in first."""
    total = Outcome()
    first = min(FIRST_CHUNK, chunk)
    starts = [0, *range(first, len(texts), chunk)] if len(texts) > first else [0]
    with Cache(cache_dir) as cache:
        for start, end in zip(starts, [*starts[1:], len(texts)], strict=True):
            if cancelled():
                break
            total.add(
                translate_paragraphs(
                    texts[start:end], engine, cache, on_batch=on_batch, cancelled=cancelled
                )
            )
    return total


def retranslate(engine: Engine, cache_dir: Path | None, text: str) -> CachedParagraph | None:
    """Translate a paragraph anew, bypassing the cache; the old version stays in the history."""
    with Cache(cache_dir) as cache:
        outcome = translate_paragraphs([text], engine, cache, refresh=True)
    return outcome.translations.get(text)


def save_person_translation(cache_dir: Path | None, source: str, translation: str) -> None:
    """Keep a person's translation of a paragraph (an earlier one goes to the history)."""
    translation = " ".join(translation.split())
    if not translation:
        raise ValueError("an empty translation is not saved")
    alignment = Alignment(((0, len(source)),), ((0, len(translation)),))
    with Cache(cache_dir) as cache:
        cache.store(PERSON, {}, [(source, translation, alignment)], PERSON)


def history(cache_dir: Path | None, key: str, source: str) -> list[CachedParagraph]:
    with Cache(cache_dir) as cache:
        return cache.history(key, source)


@dataclass(frozen=True)
class Hit:
    """A search match: paragraph index in the article's blocks, side, and span."""

    block: int
    side: str  # "source" or "target"
    start: int
    end: int


def search(article: Article, translations: dict[str, CachedParagraph], query: str) -> list[Hit]:
    """Case-insensitive matches of a plain-text query in both languages, in reading order."""
    if not query.strip():
        return []
    pattern = re.compile(re.escape(query.strip()), re.IGNORECASE)
    hits: list[Hit] = []
    for index, paragraph in enumerate(article.blocks):
        sides = [("source", paragraph.text)]
        if cached := translations.get(paragraph.text):
            sides.append(("target", cached.translation))
        for side, text in sides:
            hits.extend(Hit(index, side, m.start(), m.end()) for m in pattern.finditer(text))
    return hits
