"""The translation cache: SQLite, keyed by engine signature and text content.

Two levels are kept. *Pieces* (sentence-sized model inputs) are written as each
batch finishes, so a run killed mid-way loses at most the batch in flight and
a repeated sentence (photo captions often are) is translated once. *Paragraphs*
hold the assembled translation and its sentence alignment, which is what the
exports and the reader show.

Keys never involve file names or paths: a moved, renamed or copied article, or
the cache file copied to another machine, keeps every translation.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Remedy, Unavailable
from .hashing import text_hash
from .sqlite import Database

SCHEMA_VERSION = 3  # 2: history of replaced translations; 3: debris marked by hand
DB_NAME = "translations.sqlite"
ENV_VAR = "BIREADER_CACHE"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS engines (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    identity TEXT NOT NULL,  -- the engine's signature, as JSON
    last_used REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pieces (
    engine TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS paragraphs (
    engine TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    alignment TEXT NOT NULL,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, source_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS history (
    engine TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    translation TEXT NOT NULL,
    alignment TEXT NOT NULL,
    model TEXT NOT NULL,
    created REAL NOT NULL,
    replaced REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_paragraph ON history (engine, source_hash);
CREATE TABLE IF NOT EXISTS marks (
    source_hash TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    debris TEXT,  -- why a person marked it as debris, or NULL: a person said it is story
    created REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS digests (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL
);
"""


class CacheError(Unavailable):
    """The cache cannot be used; the message is one line naming the file and the fix."""


def default_cache_dir() -> Path:
    """$BIREADER_CACHE, else the checkout's cache/ folder, else the user cache dir."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    checkout = Path(__file__).resolve().parent.parent / "cache"
    if checkout.is_dir() and os.access(checkout, os.W_OK):
        return checkout
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bireader"


def models_dir(cache_dir: Path | None = None) -> Path:
    """Where converted models (CTranslate2) are kept, beside a cache's translations."""
    return (cache_dir or default_cache_dir()) / "models"


@dataclass(frozen=True)
class Alignment:
    """Which span of the source became which span of the translation, piece by piece."""

    source: tuple[tuple[int, int], ...]
    target: tuple[tuple[int, int], ...]

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "target": self.target})

    @classmethod
    def from_json(cls, raw: str) -> Alignment:
        data = json.loads(raw)
        return cls(
            tuple(tuple(span) for span in data["source"]),
            tuple(tuple(span) for span in data["target"]),
        )


@dataclass(frozen=True)
class CachedParagraph:
    source: str
    translation: str
    alignment: Alignment
    model: str
    created: float

    def source_pieces(self) -> list[str]:
        return [self.source[a:b] for a, b in self.alignment.source]

    def target_pieces(self) -> list[str]:
        return [self.translation[a:b] for a, b in self.alignment.target]


class Cache(Database):
    """One SQLite file; safe to share between processes (WAL, busy timeout)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_dir()
        self.path = self.directory / DB_NAME
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are opened explicitly, one per batch.
            self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 60000")
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise CacheError(
                f"{self.path}: not a usable bireader cache ({exc}); move the file aside "
                "to start a new cache",
                Remedy.OTHER_CACHE,
            ) from None
        except OSError as exc:
            raise CacheError(f"{self.directory}: cannot create the cache folder ({exc})") from None

    @property
    def models_dir(self) -> Path:
        return models_dir(self.directory)

    def _setup(self) -> None:
        db = self._db
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # durable across process kills in WAL mode
        if self._schema_version() == SCHEMA_VERSION:
            return  # the common case takes no write lock
        with self.transaction():
            version = self._schema_version()  # again, now that no one else can be migrating
            if version is not None and version > SCHEMA_VERSION:
                raise CacheError(
                    f"{self.path}: written by a newer bireader (cache schema {version}, this "
                    f"version reads {SCHEMA_VERSION}); upgrade bireader",
                    Remedy.OTHER_CACHE,
                )
            # Every schema change so far only adds tables, so creating what is
            # missing migrates any older version.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def _schema_version(self) -> int | None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            if tables:
                raise sqlite3.DatabaseError("an SQLite file, but not one bireader wrote")
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return int(row[0]) if row else None

    # -- engines -------------------------------------------------------------

    def register_engine(self, key: str, name: str, signature: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO engines VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE "
                "SET last_used = excluded.last_used, name = excluded.name",
                (key, name, json.dumps(signature, sort_keys=True), time.time()),
            )

    def engine_keys(self, name: str) -> list[str]:
        """Keys of engines that ran under this model name, most recently used first.

        Lets a reader show what was translated with a model that is not on
        this machine (a cache copied from elsewhere).
        """
        rows = self._db.execute(
            "SELECT key FROM engines WHERE name = ? ORDER BY last_used DESC", (name,)
        )
        return [key for (key,) in rows]

    # -- paragraphs ----------------------------------------------------------

    def _lookup(
        self, table: str, columns: str, engine: str | None, sources: Iterable[str]
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of a table for these source texts (hash lookup, text verified); of
        one engine, or (``engine`` None) of a table keyed by text alone."""
        of_engine = "engine = ? AND " if engine is not None else ""
        for chunk in _chunks(list(dict.fromkeys(sources)), 500):
            hashes = {text_hash(s): s for s in chunk}
            marks = ",".join("?" * len(hashes))
            rows = self._db.execute(
                f"SELECT source_hash, source, {columns} FROM {table} "
                f"WHERE {of_engine}source_hash IN ({marks})",
                (*([engine] if engine is not None else []), *hashes),
            )
            yield from (row[1:] for row in rows if hashes[row[0]] == row[1])

    def paragraphs(self, engine: str, sources: Iterable[str]) -> dict[str, CachedParagraph]:
        """Cached translations of these paragraph texts, by text."""
        rows = self._lookup("paragraphs", "translation, alignment, model, created", engine, sources)
        return {
            source: CachedParagraph(source, target, Alignment.from_json(align), model, created)
            for source, target, align, model, created in rows
        }

    def source_hashes(self, table: str, engine: str) -> Iterator[str]:
        """Hashes (hex SHA-256) of every text of this engine in ``paragraphs`` or ``pieces``."""
        if table not in ("paragraphs", "pieces"):
            raise ValueError(table)
        query = f"SELECT source_hash FROM {table} WHERE engine = ?"
        for (digest,) in self._db.execute(query, (engine,)):
            yield digest

    def pieces(self, engine: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of these pieces, by piece text."""
        return dict(self._lookup("pieces", "target", engine, sources))

    def store(
        self,
        engine: str,
        pieces: dict[str, str],
        paragraphs: Iterable[tuple[str, str, Alignment]],
        model: str,
    ) -> None:
        """Write a finished batch's pieces and the paragraphs it completed, atomically.

        A paragraph translation that replaces another keeps the old one in the
        history, so a retranslation or an edit never loses a version.
        """
        now = time.time()
        paragraphs = list(paragraphs)
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO history SELECT engine, source_hash, translation, alignment, model, "
                "created, ? FROM paragraphs WHERE engine = ? AND source_hash = ? "
                "AND translation != ?",
                [(now, engine, text_hash(s), t) for s, t, _ in paragraphs],
            )
            db.executemany(
                "INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?, ?)",
                [(engine, text_hash(s), s, t, now) for s, t in pieces.items()],
            )
            db.executemany(
                "INSERT OR REPLACE INTO paragraphs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(engine, text_hash(s), s, t, a.to_json(), model, now) for s, t, a in paragraphs],
            )

    def history(self, engine: str, source: str) -> list[CachedParagraph]:
        """Earlier translations of a paragraph by this engine, newest first."""
        rows = self._db.execute(
            "SELECT translation, alignment, model, created FROM history "
            "WHERE engine = ? AND source_hash = ? ORDER BY replaced DESC",
            (engine, text_hash(source)),
        )
        return [
            CachedParagraph(source, target, Alignment.from_json(align), model, created)
            for target, align, model, created in rows
        ]

    # -- debris marked by hand ---------------------------------------------------

    def marks(self, sources: Iterable[str]) -> dict[str, str | None]:
        """A person's verdict on these paragraphs: a debris reason, or None for story.

        Paragraphs nobody marked are absent. Marks are keyed by text alone, not
        by engine: whether a line is the story does not depend on the model.
        """
        return dict(self._lookup("marks", "debris", None, sources))

    def marked_debris(self) -> Iterator[str]:
        """Hashes (hex SHA-256) of every paragraph a person marked as debris."""
        for (digest,) in self._db.execute("SELECT source_hash FROM marks WHERE debris IS NOT NULL"):
            yield digest

    def set_mark(self, source: str, debris: str | None) -> None:
        """Record a person's verdict: ``debris`` is the reason, or None for "this is story"."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?)",
                (text_hash(source), source, debris, time.time()),
            )

    def clear_mark(self, source: str) -> None:
        """Forget a person's verdict; the automatic marking applies again."""
        with self.transaction() as db:
            db.execute("DELETE FROM marks WHERE source_hash = ?", (text_hash(source),))

    # -- model directory digests ---------------------------------------------

    def digest(self, directory: Path, compute: Callable[[Path], str]) -> str:
        """Content digest of a model folder, recomputed only when its files change."""
        stats = [p.stat() for p in sorted(directory.iterdir()) if p.is_file()]
        size = sum(s.st_size for s in stats)
        mtime = max((s.st_mtime_ns for s in stats), default=0)
        row = self._db.execute(
            "SELECT size, mtime_ns, digest FROM digests WHERE path = ?", (str(directory),)
        ).fetchone()
        if row and row[0] == size and row[1] == mtime:
            cached: str = row[2]
            return cached
        digest = compute(directory)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?)",
                (str(directory), size, mtime, digest),
            )
        return digest


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
