"""``bireader refresh``: the new articles of every followed feed, fetched, kept and translated.

For each feed: a conditional GET (ETag, Last-Modified), so a feed with nothing
new costs one request and a 304; its items not seen before (by GUID, else
link); each item's page fetched and extracted with the web input code (debris
marked) and kept in the library, one article per canonical URL, so a story
linked from two feeds is kept once. Then the new articles are translated into
the cache, every headline first, then the bodies, and the model is opened
only when there is something new. A feed or a page that fails is one line and
the rest goes on. A lock file keeps two refreshes from running at once.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..articles import Article, ArticleError
from ..cache import Cache
from ..engines import Engine
from ..errors import Unavailable
from ..library import Library, LibraryArticle
from ..pipeline import BatchDone, Outcome, translate_paragraphs
from ..sources import web_article
from ..web.feeds import FEED_TYPES, FeedError, parse_feed
from ..web.fetch import HTML_TYPES, FetchError, fetch
from .local import failure_line, write_articles

LOCK_NAME = "refresh.lock"


class RefreshRunning(Unavailable):
    """Another refresh holds the lock."""


@dataclass
class RefreshSummary:
    feeds: int = 0
    unchanged: int = 0  # feeds that answered 304 Not Modified
    new: list[Article] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line each: URL and reason
    translated: int = 0
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        return (
            f"{self.feeds} feeds: {len(self.new)} new articles, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed; {self.translated} paragraphs translated"
        )


@contextmanager
def refresh_lock(cache_dir: Path) -> Iterator[None]:
    """Held for the whole refresh; a second refresh is refused rather than queued."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(cache_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RefreshRunning(
                f"{cache_dir / LOCK_NAME}: another refresh is running; try again when it ends"
            ) from None
        yield
    finally:
        os.close(handle)


def fetch_new(
    library: Library,
    cache_dir: Path,
    *,
    warn: Callable[[str], None] = print,
    on_fetch: Callable[[str], None] | None = None,
) -> RefreshSummary:
    """Fetch every feed and keep its new articles in the library (no translation)."""
    summary = RefreshSummary()
    for feed in library.feeds():
        summary.feeds += 1
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            page = fetch(feed.url, accept=FEED_TYPES + HTML_TYPES, headers=headers)
            if page.status == 304:
                summary.unchanged += 1
                library.refreshed(feed.url, moved_to=page.final_url if page.moved else None)
                continue
            parsed = parse_feed(page.body, page.final_url)
        except (FetchError, FeedError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            library.refreshed(feed.url, error=reason)
            summary.failed.append(f"{feed.url}: {reason}")
            warn(f"feed {feed.url}: {reason}")
            continue
        url = page.final_url if page.moved else feed.url
        library.refreshed(feed.url, etag=page.etag, last_modified=page.last_modified, moved_to=url)
        seen = library.seen_items(url)
        for item in parsed.items:
            if item.key in seen:
                continue
            try:
                article = web_article(item.link, cache_dir, on_fetch=on_fetch)
            except ArticleError as exc:
                # Not remembered as seen: a page that failed is tried again next time.
                summary.failed.append(str(exc))
                warn(f"page {exc}")
                continue
            meta = article.meta
            kept = LibraryArticle(
                url=meta.canonical_url or meta.url or item.link,
                page_url=item.link,
                feed=url,
                site=meta.site or parsed.title,
                title=article.title.text,
                published=meta.date or item.published,
                fetched=time.time(),
            )
            if library.add_article(kept, url, item.key):
                summary.new.append(article)
    return summary


def translate_new(
    articles: list[Article],
    engine: Engine,
    cache: Cache,
    on_plan: Callable[[int], None] | None = None,
    on_batch: Callable[[BatchDone], None] | None = None,
) -> Outcome:
    """Headlines first (a reader's list fills in at once), then the bodies."""
    titles = [a.title.text for a in articles]
    bodies = [p.text for a in articles for p in a.story[1:]]
    total = Outcome()
    for texts in (titles, bodies):
        total.add(translate_paragraphs(texts, engine, cache, on_plan=on_plan, on_batch=on_batch))
    return total


def fetch_feeds(
    cache_dir: Path,
    *,
    warn: Callable[[str], None] = print,
    on_fetch: Callable[[str], None] | None = None,
) -> RefreshSummary:
    """Under the lock, fetch every feed into the library; what the reader's refresh runs
    (the reader translates the new articles itself, in reading order)."""
    with refresh_lock(cache_dir), Library(cache_dir) as library:
        return fetch_new(library, cache_dir, warn=warn, on_fetch=on_fetch)


def refresh(
    cache: Cache,
    open_engine: Callable[[], Engine],
    *,
    out_dir: Path | None = None,
    fmt: str = "md",
    warn: Callable[[str], None] = print,
    on_fetch: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    on_batch: Callable[[BatchDone], None] | None = None,
) -> RefreshSummary:
    """Refresh every feed, translate what is new, and write it to ``out_dir`` if given.

    ``open_engine`` is called only when there is something new to translate.
    """
    with refresh_lock(cache.directory):
        with Library(cache.directory) as library:
            summary = fetch_new(library, cache.directory, warn=warn, on_fetch=on_fetch)
        if summary.new:
            engine = open_engine()
            outcome = translate_new(summary.new, engine, cache, on_plan, on_batch)
            summary.translated = outcome.translated
            for text, reason in outcome.failed.items():
                summary.failed.append(failure_line(text, reason))
            if out_dir is not None:
                summary.written = write_articles(summary.new, out_dir, engine, outcome, fmt=fmt)
    return summary
