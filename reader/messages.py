"""Messages from the reader's workers to the app: the only way results reach the screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from translate.articles import Article, ArticleError
from translate.cache import CachedParagraph
from translate.library import LibraryArticle
from translate.quality.compare import ArticleReport
from translate.session import EngineChoice


@dataclass
class EngineReady(Message):
    choice: EngineChoice


@dataclass
class TranslationsArrived(Message):
    key: str | None  # the engine they belong to (None: a person's)
    translations: dict[str, CachedParagraph]
    person: bool = False


@dataclass
class TranslationFailed(Message):
    notes: dict[str, str]


@dataclass
class Progress(Message):
    running: bool
    text: str = ""

    def can_replace(self, message: Message) -> bool:
        # Only the latest progress line matters; older ones still queued can go.
        return isinstance(message, Progress)


@dataclass
class CompareReady(Message):
    report: ArticleReport
    labels: list[str]


@dataclass
class ArticlesArrived(Message):
    """Articles fetched from the web (files are read at start), with what failed."""

    articles: list[Article]
    problems: list[ArticleError]


@dataclass
class MarksArrived(Message):
    """A person's debris marks: paragraph text -> reason, or None for "story"."""

    marks: dict[str, str | None]


@dataclass
class LibraryRefreshed(Message):
    """A refresh of the feeds ended: the new articles, what failed, the library as it is now."""

    new: list[Article]
    failed: list[str]
    library: list[LibraryArticle]
