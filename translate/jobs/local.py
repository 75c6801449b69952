"""Batch mode: folders of articles to bilingual Markdown or JSON files.

One bad file never stops a batch: it is reported on one line and counted as
skipped. Translations land in the cache batch by batch as they finish, and
each export is written atomically, so an interrupted run loses nothing it
finished and the next run picks up the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..articles import Article, ArticleError
from ..cache import Cache
from ..engines import Engine
from ..export import (
    ArticleResult,
    index_json,
    index_markdown,
    output_names,
    to_json,
    to_markdown,
    write_atomic,
)
from ..pipeline import DEFAULT_BATCH_TOKENS, BatchDone, Outcome, translate_paragraphs
from ..sources import Source, load_articles, with_person_marks


@dataclass
class Summary:
    articles: int = 0
    translated: int = 0  # paragraphs the model translated in this run
    from_cache: int = 0  # paragraphs found in the cache
    failed: int = 0  # paragraphs left without a translation
    skipped: list[ArticleError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.failed

    def line(self) -> str:
        return (
            f"{self.articles} article{'' if self.articles == 1 else 's'}: "
            f"{self.translated} paragraphs translated, "
            f"{self.from_cache} from cache, {len(self.skipped)} sources skipped, "
            f"{self.failed} paragraphs failed"
        )


def translate_batch(
    paths: Sequence[Source],
    out_dir: Path,
    engine: Engine,
    cache: Cache,
    *,
    fmt: str = "md",
    layout: str = "side",
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    warn: Callable[[str], None] = print,
    on_plan: Callable[[int], None] | None = None,
    on_batch: Callable[[BatchDone], None] | None = None,
    cached_only: bool = False,
    keep_debris: bool = False,
    refetch: bool = False,
    on_fetch: Callable[[str], None] | None = None,
) -> Summary:
    """Translate articles and write one file each, plus an index.

    ``cached_only`` writes from the cache without translating (what another
    process, such as a Ray job, has just put there); the rest count as failed.
    Debris is never translated; Markdown leaves it out unless ``keep_debris``.
    URLs are fetched once (``refetch``: again); ``on_fetch`` hears each.
    """
    articles, problems = load_articles(
        paths, exclude=out_dir, cache_dir=cache.directory, refetch=refetch, on_fetch=on_fetch
    )
    articles = with_person_marks(articles, cache)
    for problem in problems:
        warn(f"skipped {problem}")
    summary = Summary(articles=len(articles), skipped=problems)
    texts = [p.text for article in articles for p in article.story]
    if cached_only:
        outcome = Outcome(translations=cache.paragraphs(engine.key, texts))
        outcome.failed = {t: "not translated" for t in texts if t not in outcome.translations}
    else:
        outcome = translate_paragraphs(
            texts, engine, cache, batch_tokens=batch_tokens, on_plan=on_plan, on_batch=on_batch
        )
    summary.translated = outcome.translated
    summary.from_cache = outcome.from_cache
    summary.failed = len(outcome.failed)
    for text, reason in outcome.failed.items():
        warn(failure_line(text, reason))

    summary.written = write_articles(
        articles, out_dir, engine, outcome, fmt=fmt, layout=layout, keep_debris=keep_debris
    )
    return summary


def failure_line(text: str, reason: str) -> str:
    """One line for a paragraph left without a translation, naming its start."""
    return f"no translation for paragraph {text[:60]!r}...: {reason}"


def write_articles(
    articles: list[Article],
    out_dir: Path,
    engine: Engine,
    outcome: Outcome,
    *,
    fmt: str = "md",
    layout: str = "side",
    keep_debris: bool = False,
) -> list[Path]:
    """One file per article and an index, each written atomically; the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = output_names([a.path for a in articles], fmt)
    entries: list[tuple[str, ArticleResult]] = []
    written = []
    for article in articles:
        result = ArticleResult(article, article.source, outcome.translations, outcome.failed)
        if fmt == "json":
            text = to_json(result, engine.signature, engine.key)
        else:
            text = to_markdown(result, layout, keep_debris)
        target = out_dir / names[article.path]
        write_atomic(target, text)
        written.append(target)
        entries.append((names[article.path], result))
    index = out_dir / f"index.{fmt}"
    write_atomic(index, index_json(entries) if fmt == "json" else index_markdown(entries))
    return [*written, index]
