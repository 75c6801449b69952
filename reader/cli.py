"""``bireader read``: open the reader from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from translate.cli.options import model_options, refetch_option

_CHECKOUT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def default_paths() -> list[Path]:
    here = Path("seeds")
    return [here if here.is_dir() else _CHECKOUT_SEEDS]


@click.command()
@click.argument("sources", nargs=-1)
@refetch_option
@model_options
def read(
    sources: tuple[str, ...],
    refetch: bool,
    model: str,
    revision: str | None,
    beams: int | None,
    cache_dir: Path | None,
    backend: str | None,
    quantize: str | None,
) -> None:
    """Read articles with the English translation beside each paragraph.

    SOURCES are web pages by URL, saved pages (*.html), article files or
    folders (default: the library's articles, fetched by bireader refresh,
    else seeds/). Translations in the cache show at once; the
    rest are translated in the background while you read. Scraped debris
    (captions, promotions, sign-offs...) is folded away and not translated.
    Press ? inside for the keys.

    \b
    Examples:
      bireader read
      bireader read https://news.example.co.id/berita/123
      bireader read news/ --model nllb
      python -m reader seeds/001_51ed02acc8b627b7.txt
    """
    from translate import session
    from translate.engines import EngineSpec
    from translate.logs import quiet_process
    from translate.sources import as_sources

    from .app import ReaderApp

    quiet_process()  # also when started as python -m reader
    spec = EngineSpec(model, revision, beams, backend, quantize)
    # With no SOURCES: the library's articles, newest first, else the seeds (and R fetches).
    library = None if sources else session.library_articles(cache_dir)
    paths = as_sources(sources) or [a.page_url for a in library or []] or default_paths()
    ReaderApp(paths, spec, cache_dir, refetch=refetch, library=library).run()
