"""The library: the feeds a person follows and the articles they brought, with read state.

One SQLite file, ``library.sqlite``, beside the translation cache, with its
own schema version. An article is keyed by its canonical URL, so the same
story linked from two feeds is one article; a feed item is remembered by its
GUID (else its link), so a refresh fetches only what is new. The article's
text is not stored here: its page is in the page store (``translate.web.store``)
and is read from there, so the library holds what a reader lists and filters
by, and read and bookmarked flags.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import CacheError, default_cache_dir
from .sqlite import Database

LIBRARY_NAME = "library.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_refresh REAL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS items (
    feed TEXT NOT NULL,
    item TEXT NOT NULL,
    article TEXT,
    seen REAL NOT NULL,
    PRIMARY KEY (feed, item)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    page_url TEXT NOT NULL,
    feed TEXT,
    site TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT NOT NULL,
    fetched REAL NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Feed:
    url: str
    name: str
    added: float
    etag: str | None = None
    last_modified: str | None = None
    last_refresh: float | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class LibraryArticle:
    url: str  # canonical: the key
    page_url: str  # where its page was fetched from (the page store's key)
    feed: str | None
    site: str
    title: str
    published: str
    fetched: float
    read: bool = False
    bookmarked: bool = False


class Library(Database):
    """The library file of a cache folder; one connection, used from one thread."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.directory = cache_dir or default_cache_dir()
        self.path = self.directory / LIBRARY_NAME
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise CacheError(
                f"{self.path}: not a usable bireader library ({exc}); move the file aside"
            ) from None

    def _setup(self) -> None:
        with self.transaction() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row and int(row[0]) > SCHEMA_VERSION:
                raise CacheError(
                    f"{self.path}: written by a newer bireader (library schema {row[0]}); "
                    "upgrade bireader"
                )
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    # -- feeds ------------------------------------------------------------------

    def add_feed(self, url: str, name: str) -> bool:
        """Follow a feed; False if it was followed already."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO feeds (url, name, added) VALUES (?, ?, ?)",
                (url, name, time.time()),
            )
        return cursor.rowcount == 1

    def remove_feed(self, url_or_name: str) -> Feed | None:
        """Stop following a feed (by URL or name); its articles stay in the library."""
        feed = next((f for f in self.feeds() if url_or_name in (f.url, f.name)), None)
        if feed is not None:
            with self.transaction() as db:
                db.execute("DELETE FROM feeds WHERE url = ?", (feed.url,))
                db.execute("DELETE FROM items WHERE feed = ?", (feed.url,))
        return feed

    def feeds(self) -> list[Feed]:
        rows = self._db.execute(
            "SELECT url, name, added, etag, last_modified, last_refresh, last_error "
            "FROM feeds ORDER BY name COLLATE NOCASE, url"
        )
        return [Feed(*row) for row in rows]

    def refreshed(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        moved_to: str | None = None,
    ) -> None:
        """Record a refresh of a feed: its validators, or why it failed; a feed that moved
        for good (301) is followed at its new URL from now on."""
        with self.transaction() as db:
            if error is not None:
                db.execute(
                    "UPDATE feeds SET last_refresh = ?, last_error = ? WHERE url = ?",
                    (time.time(), error, url),
                )
                return
            db.execute(
                "UPDATE feeds SET last_refresh = ?, last_error = NULL, "
                "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified) "
                "WHERE url = ?",
                (time.time(), etag, last_modified, url),
            )
            if moved_to and moved_to != url:
                exists = db.execute("SELECT 1 FROM feeds WHERE url = ?", (moved_to,)).fetchone()
                if exists:
                    db.execute("DELETE FROM feeds WHERE url = ?", (url,))
                else:
                    db.execute("UPDATE feeds SET url = ? WHERE url = ?", (moved_to, url))
                db.execute("UPDATE OR IGNORE items SET feed = ? WHERE feed = ?", (moved_to, url))

    # -- items and articles -------------------------------------------------------

    def seen_items(self, feed: str) -> set[str]:
        rows = self._db.execute("SELECT item FROM items WHERE feed = ?", (feed,))
        return {item for (item,) in rows}

    def has_article(self, url: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone() is not None
        )

    def add_article(self, article: LibraryArticle, feed: str | None, item: str | None) -> bool:
        """Keep an article (and the feed item that brought it); False if it was kept already."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO articles (url, page_url, feed, site, title, published, "
                "fetched) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    article.url,
                    article.page_url,
                    article.feed,
                    article.site,
                    article.title,
                    article.published,
                    article.fetched,
                ),
            )
            if feed is not None and item is not None:
                db.execute(
                    "INSERT OR IGNORE INTO items VALUES (?, ?, ?, ?)",
                    (feed, item, article.url, time.time()),
                )
        return cursor.rowcount == 1

    def skip_item(self, feed: str, item: str) -> None:
        """Remember an item that brought nothing to keep, so it is not fetched again."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO items VALUES (?, ?, NULL, ?)", (feed, item, time.time())
            )

    def articles(
        self,
        *,
        feed: str | None = None,
        unread: bool = False,
        bookmarked: bool = False,
        since: str | None = None,
    ) -> list[LibraryArticle]:
        """Articles newest first (by publication, else fetch time); ``since`` is an ISO date."""
        clauses: list[str] = []
        values: list[str] = []
        if since is not None:
            clauses.append("published >= ?")
            values.append(since)
        if feed is not None:
            clauses.append("feed = ?")
            values.append(feed)
        if unread:
            clauses.append("read = 0")
        if bookmarked:
            clauses.append("bookmarked = 1")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._db.execute(
            "SELECT url, page_url, feed, site, title, published, fetched, read, bookmarked "
            f"FROM articles {where} ORDER BY published DESC, fetched DESC",
            values,
        )
        return [
            LibraryArticle(
                url, page_url, feed, site, title, published, fetched, bool(read), bool(marked)
            )
            for url, page_url, feed, site, title, published, fetched, read, marked in rows
        ]

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per feed URL: (articles, unread)."""
        rows = self._db.execute(
            "SELECT feed, count(*), sum(read = 0) FROM articles WHERE feed IS NOT NULL "
            "GROUP BY feed"
        )
        return {feed: (total, unread) for feed, total, unread in rows}

    def prune(self, older_than_s: float) -> int:
        """Forget articles fetched longer ago than this (bookmarked ones stay); how many."""
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM articles WHERE bookmarked = 0 AND fetched < ?",
                (time.time() - older_than_s,),
            )
        return cursor.rowcount

    def set_read(self, url: str, read: bool = True) -> None:
        with self.transaction() as db:
            db.execute("UPDATE articles SET read = ? WHERE url = ?", (int(read), url))

    def set_bookmarked(self, url: str, bookmarked: bool = True) -> None:
        with self.transaction() as db:
            db.execute("UPDATE articles SET bookmarked = ? WHERE url = ?", (int(bookmarked), url))
