"""Reading articles from disk.

One article per file: the first non-blank line is the title, every further
non-blank line is a paragraph. Text is decoded as UTF-8 (a BOM is dropped),
line ends are unified, Unicode is normalised to NFC and each line is stripped
of surrounding whitespace, so nothing of the file's encoding details can reach
a translation, a cache key or an export.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import debris
from .hashing import text_hash

ARTICLE_SUFFIXES = (".txt", ".md")
# Saved web pages, read by translate.web.extract.
HTML_SUFFIXES = (".html", ".htm")
# Archives: many articles per file, one record each (id, title, paragraphs).
SHARD_SUFFIXES = (".jsonl", ".parquet")

# C0/C1 control characters other than tab never belong in prose; scraped text
# sometimes carries them (and ANSI escapes start with ESC), so they are dropped
# at the door rather than escaped at every output.
_CONTROL = {c: None for c in range(0x20) if c != 0x09}
_CONTROL.update({c: None for c in range(0x7F, 0xA0)})
_CONTROL[0xFEFF] = None  # stray BOMs / zero-width no-break spaces mid-file
# Bidirectional marks, embeddings, overrides and isolates reorder what a
# terminal shows (the "Trojan Source" trick) and carry no meaning in
# Indonesian or English prose.
_CONTROL.update({c: None for c in (0x200E, 0x200F, 0x061C)})
_CONTROL.update({c: None for c in range(0x202A, 0x202F)})
_CONTROL.update({c: None for c in range(0x2066, 0x206A)})


class ArticleError(Exception):
    """A file that cannot be read as an article; the message names file and problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def paragraph_id(text: str) -> str:
    """Stable id derived from the paragraph's text alone.

    Editing one paragraph leaves the ids, and so the cache entries, of all
    the others untouched; moving or renaming the file changes nothing.
    """
    return text_hash(text)[:16]


@dataclass(frozen=True)
class Paragraph:
    text: str
    # Why this is not the story (translate.debris names the reasons); None: story.
    debris: str | None = None
    id: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", paragraph_id(self.text))


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text; empty strings where nothing is."""

    url: str = ""  # where it was fetched from (after redirects)
    canonical_url: str = ""
    site: str = ""
    author: str = ""
    date: str = ""  # as the page gives it, ISO 8601 where it can be read
    language: str = ""
    byline: str = ""  # "Jakarta, CNN Indonesia --", split off the first paragraph
    site_tag: str = ""  # "31left", split off the title

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Article:
    path: Path
    title: Paragraph
    paragraphs: tuple[Paragraph, ...]
    meta: ArticleMeta = ArticleMeta()

    @cached_property
    def blocks(self) -> tuple[Paragraph, ...]:
        """Title first, then the paragraphs, debris included: everything shown."""
        return (self.title, *self.paragraphs)

    @cached_property
    def story(self) -> tuple[Paragraph, ...]:
        """The blocks that get translated: all but the debris."""
        return tuple(b for b in self.blocks if b.debris is None)

    @property
    def source(self) -> str:
        """Where the article came from, as people name it: its URL, else its file."""
        return self.meta.url or str(self.path)


def normalise_line(line: str) -> str:
    return unicodedata.normalize("NFC", line.translate(_CONTROL)).strip()


def parse_article(text: str, path: Path) -> Article:
    """Split decoded text into title and paragraphs (blank lines only separate)."""
    # splitlines() also breaks on U+2028/U+2029 and form feeds, which scraped
    # text uses as paragraph breaks.
    lines = [normalise_line(raw) for raw in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ArticleError(path, "empty file (no text to translate)")
    return build_article(path, lines[0], lines[1:])


def build_article(
    path: Path,
    title: str,
    body: list[str],
    meta: ArticleMeta = ArticleMeta(),
    captions: Iterable[str] = (),
) -> Article:
    """An article from its normalised title and paragraphs, with the debris marked.

    The one place every reader of articles (text files, shards, HTML pages)
    goes through, so debris is marked the same whichever way an article came.
    ``captions`` are the page's figure captions and image alt texts.
    """
    title, site_tag = debris.split_site_tag(title)
    reasons = debris.mark(body, captions)
    paragraphs = [Paragraph(text, reason) for text, reason in zip(body, reasons, strict=True)]
    byline = ""
    # The byline opens the story, which a standfirst or a repeated headline may precede.
    for number in [i for i, p in enumerate(paragraphs) if p.debris is None][:3]:
        byline, rest = debris.split_byline(paragraphs[number].text)
        if byline:
            paragraphs[number] = Paragraph(rest)
            break
    meta = replace(meta, byline=meta.byline or byline, site_tag=meta.site_tag or site_tag)
    return Article(path=path, title=Paragraph(title), paragraphs=tuple(paragraphs), meta=meta)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, f"cannot read ({exc.strerror or exc})") from exc


def read_article(path: Path) -> Article:
    """Read one article file; raise ArticleError with a one-line reason."""
    return read_article_bytes(_read_bytes(path), path)


def read_article_bytes(data: bytes, path: Path) -> Article:
    """An article file's bytes, read (by ``read_article`` or a Ray worker) as one article."""
    if not data.strip():
        raise ArticleError(path, "empty file (no text to translate)")
    if b"\x00" in data:
        raise ArticleError(path, "binary file (contains NUL bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            path,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8",
        ) from exc
    return parse_article(text, path)


def find_articles(paths: Iterable[Path]) -> tuple[list[Path], list[ArticleError]]:
    """Expand files and folders (recursively) into article files, in a stable order.

    A path named explicitly is used whatever its suffix; inside folders only
    ``*.txt``, ``*.md``, shards and saved pages (``*.html``, ``*.htm``) count,
    and hidden files and folders are skipped.
    Paths that do not exist come back as errors so the caller can report them
    and go on with the rest.
    """
    found: list[Path] = []
    missing: list[ArticleError] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                candidates.extend(
                    Path(root, f)
                    for f in files
                    if f.lower().endswith(ARTICLE_SUFFIXES + SHARD_SUFFIXES + HTML_SUFFIXES)
                    and not f.startswith(".")
                )
            candidates.sort()
        elif path.exists():
            candidates = [path]
        else:
            missing.append(ArticleError(path, "no such file or folder"))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found, missing


def article_from_record(record: dict[str, Any], where: str) -> Article:
    """An archive record ``{"id", "title", "paragraphs": [...]}`` as an article.

    The text is normalised exactly as a file's is, so an article gives the same
    paragraphs, cache keys and translations whichever way it is stored. The id
    stands in for the file name.
    """
    article_id, title, paragraphs = (record.get(k) for k in ("id", "title", "paragraphs"))
    if article_id is None or str(article_id).strip() == "":
        raise ArticleError(Path(where), "record without an id")
    name = Path(str(article_id))
    if not isinstance(title, str) or not (
        isinstance(paragraphs, list | tuple) and all(isinstance(p, str) for p in paragraphs)
    ):
        raise ArticleError(
            Path(f"{where}#{article_id}"),
            "a record needs a text 'title' and a list of texts 'paragraphs'",
        )
    return parse_article("\n".join([title, *paragraphs]), name)


def read_shard(path: Path) -> tuple[list[Article], list[ArticleError]]:
    """The articles of a JSONL or Parquet archive shard; bad records come back as errors."""
    articles: list[Article] = []
    problems: list[ArticleError] = []
    try:
        if path.suffix.lower() == ".parquet":
            try:
                import pyarrow.parquet as pq
            except ImportError:
                raise ArticleError(
                    path, "reading Parquet needs pyarrow: pip install 'bireader[ray]'"
                ) from None
            records = pq.read_table(path).to_pylist()
        else:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
            records = []
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except ValueError as exc:
                    problems.append(ArticleError(Path(f"{path}:{number}"), f"not JSON ({exc})"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return [], [ArticleError(path, f"cannot read the shard ({exc})")]
    for number, record in enumerate(records, 1):
        try:
            if not isinstance(record, dict):
                raise ArticleError(Path(f"{path}:{number}"), "a record must be a JSON object")
            articles.append(article_from_record(record, f"{path}:{number}"))
        except ArticleError as exc:
            problems.append(exc)
    return articles, problems


def read_articles(
    files: Iterable[Path], read_html: Callable[[bytes, Path], Article] | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """Read article files and shards; what cannot be read comes back as errors.

    Saved web pages need ``read_html`` (``translate.web.extract.read_html_bytes``,
    which sits above this module); without it they are reported, not read.
    """
    articles: list[Article] = []
    problems: list[ArticleError] = []
    for path in files:
        if path.suffix.lower() in SHARD_SUFFIXES:
            found, bad = read_shard(path)
            articles += found
            problems += bad
            continue
        try:
            if path.suffix.lower() in HTML_SUFFIXES:
                if read_html is None:
                    raise ArticleError(path, "a web page; read it with bireader's web input")
                articles.append(read_html(_read_bytes(path), path))
            else:
                articles.append(read_article(path))
        except ArticleError as exc:
            problems.append(exc)
    return articles, problems


def with_marks(article: Article, marks: Mapping[str, str | None]) -> Article:
    """The article with a person's debris marks over the automatic ones.

    ``marks`` maps paragraph text to a reason, or to None where a person said
    the paragraph is story (``Cache.marks``). The title is always story.
    """
    if not any(p.text in marks for p in article.paragraphs):
        return article
    paragraphs = tuple(
        Paragraph(p.text, marks[p.text]) if p.text in marks else p for p in article.paragraphs
    )
    return replace(article, paragraphs=paragraphs)


def article_files(
    paths: Iterable[Path], exclude: Path | None = None
) -> tuple[list[Path], list[ArticleError]]:
    """Article files and shards under the paths, and the paths that are not there.

    Files under ``exclude`` (an output folder) are left out, so exporting
    into a folder inside the input never feeds the exports back in.
    """
    paths = list(paths)
    files, problems = find_articles(paths)
    if exclude is not None:
        skip = exclude.resolve()
        files = [f for f in files if not f.resolve().is_relative_to(skip)]
    if not files and not problems:
        where = paths[0] if len(paths) == 1 else Path(".")
        problems.append(
            ArticleError(
                where, "no articles found (*.txt, *.md, *.html, or *.jsonl / *.parquet shards)"
            )
        )
    return files, problems


def load_articles(
    paths: Iterable[Path], exclude: Path | None = None
) -> tuple[list[Article], list[ArticleError]]:
    """Every article under the paths, and what could not be found or read.

    The one way in for the command line, the reader, compare and the
    benchmark: a bad file is set aside with its reason, never fatal.
    """
    files, problems = article_files(paths, exclude)
    articles, unreadable = read_articles(files)
    return articles, problems + unreadable
