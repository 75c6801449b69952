"""Where articles come from, one way in: files, folders, shards, saved pages and URLs.

The command line, the reader, compare and the benchmarks all load articles
here. A source that cannot be read (a missing file, a page that will not
download, a page with no story in it) comes back as one ``ArticleError``
naming it and the reason; the rest go on.

A URL is fetched once: the page is kept in the cache folder
(``translate.web.store``) and read from there on later runs, offline;
``refetch`` fetches it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from .articles import Article, ArticleError, article_files, read_articles, with_marks
from .cache import Cache, default_cache_dir
from .export import safe_stem
from .web.extract import Extraction, decode_html, extract, read_html_bytes
from .web.fetch import FetchError, fetch
from .web.store import load_page, save_page

Source = str | Path  # a URL (str) or a file or folder


def is_url(source: Source) -> bool:
    return isinstance(source, str) and source.lower().startswith(("http://", "https://"))


def as_sources(arguments: Iterable[str]) -> list[Source]:
    """Command-line arguments as sources: URLs stay text (a Path would mangle ``//``)."""
    return [a if is_url(a) else Path(a) for a in arguments]


def url_path(url: str) -> Path:
    """A file-like name for a fetched article, from the last part of its URL path."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    name = safe_stem(segments[-1]) if segments else ""
    return Path(parts.hostname or "page", name or "index")


def load_articles(
    sources: Iterable[Source],
    exclude: Path | None = None,
    *,
    cache_dir: Path | None = None,
    refetch: bool = False,
    on_fetch: Callable[[str], None] | None = None,
) -> tuple[list[Article], list[ArticleError]]:
    """Every article of the sources (files first, then URLs, each in the order given),
    and what could not be found, fetched or read.

    ``exclude`` is an output folder whose files are never read back in;
    ``on_fetch`` hears each URL before it goes over the network.
    """
    sources = list(sources)
    urls = [s for s in sources if is_url(s)]
    paths = [Path(s) for s in sources if not is_url(s)]
    articles: list[Article] = []
    problems: list[ArticleError] = []
    if paths or not urls:
        files, problems = article_files(paths, exclude)
        articles, unreadable = read_articles(files, read_html=read_html_bytes)
        problems += unreadable
    for url in dict.fromkeys(str(u) for u in urls):
        try:
            articles.append(web_article(url, cache_dir, refetch=refetch, on_fetch=on_fetch))
        except ArticleError as exc:
            problems.append(exc)
    return articles, problems


def web_article(
    url: str,
    cache_dir: Path | None = None,
    *,
    refetch: bool = False,
    on_fetch: Callable[[str], None] | None = None,
) -> Article:
    """The article at a URL: from the stored page, else fetched (and stored)."""
    directory = cache_dir or default_cache_dir()
    stored = None if refetch else load_page(directory, url)
    if stored is None:
        if on_fetch:
            on_fetch(url)
        try:
            page = fetch(url)
        except FetchError as exc:
            raise ArticleError(url, exc.reason) from None
        extraction = None
    else:
        page, record = stored
        extraction = Extraction.from_json(record) if record else None
    if extraction is None:
        try:
            extraction = extract(decode_html(page.body, page.charset).text, url, page.final_url)
        finally:
            # Kept even when it has no story: the next run need not download it to find out.
            save_page(directory, page, extraction.to_json() if extraction else None)
    return extraction.article(url_path(page.final_url))


def with_person_marks(articles: list[Article], cache: Cache) -> list[Article]:
    """The articles with the debris marks people made (in the reader) applied."""
    marks = cache.marks(p.text for a in articles for p in a.paragraphs)
    return [with_marks(a, marks) for a in articles] if marks else articles
