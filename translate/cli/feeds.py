"""``bireader feeds`` (follow, list, forget, import, export) and ``bireader refresh``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..cache import Cache, default_cache_dir
from ..errors import Unavailable
from ..export import FORMATS
from ..library import Library
from .options import EXIT_SKIPPED, cache_option, fail, model_options


@click.group()
def feeds() -> None:
    """The news feeds you follow (RSS or Atom): add, list, remove, import, export.

    \b
    Examples:
      bireader feeds add https://www.antaranews.com/rss/terkini.xml --name Antara
      bireader feeds add https://news.detik.com      # a page that names its feed
      bireader feeds list
      bireader feeds import subscriptions.opml
    """


def _library(cache_dir: Path | None) -> Library:
    try:
        return Library(cache_dir)
    except Unavailable as exc:
        fail(exc)


@feeds.command("add")
@click.argument("url")
@click.option("--name", help="What to call it [default: the feed's own title].")
@cache_option
def add(url: str, name: str | None, cache_dir: Path | None) -> None:
    """Follow the feed at URL, or the feed a web page at URL names."""
    from ..web.extract import decode_html
    from ..web.feeds import FEED_TYPES, FeedError, discover, parse_feed
    from ..web.fetch import HTML_TYPES, FetchError, fetch

    try:
        page = fetch(url, accept=FEED_TYPES + HTML_TYPES)
        feed_url = page.final_url if page.moved else url
        try:
            parsed = parse_feed(page.body, page.final_url)
        except FeedError:
            found = discover(decode_html(page.body, page.charset).text, page.final_url)
            if found is None:
                fail(f"{url}: neither a feed nor a page that names one")
            page = fetch(found, accept=FEED_TYPES)
            feed_url = page.final_url if page.moved else found
            parsed = parse_feed(page.body, page.final_url)
    except FetchError as exc:
        fail(str(exc))
    except FeedError as exc:
        fail(f"{url}: {exc}")
    with _library(cache_dir) as library:
        label = name or parsed.title or feed_url
        if library.add_feed(feed_url, label):
            click.echo(f"following {label}: {feed_url} ({len(parsed.items)} items now)")
        else:
            click.echo(f"already following {feed_url}")


@feeds.command("list")
@cache_option
def list_feeds(cache_dir: Path | None) -> None:
    """The feeds you follow, with their articles, unread ones, last refresh and error."""
    from rich.console import Console
    from rich.table import Table

    with _library(cache_dir) as library:
        followed, counts = library.feeds(), library.counts()
    if not followed:
        click.echo("no feeds yet: bireader feeds add URL")
        return
    table = Table("name", "URL", "articles", "unread", "last refresh", "last error")
    for feed in followed:
        total, unread = counts.get(feed.url, (0, 0))
        when = (
            time.strftime("%Y-%m-%d %H:%M", time.localtime(feed.last_refresh))
            if feed.last_refresh
            else "never"
        )
        table.add_row(feed.name, feed.url, str(total), str(unread), when, feed.last_error or "")
    Console().print(table)


@feeds.command("remove")
@click.argument("feed")
@cache_option
def remove(feed: str, cache_dir: Path | None) -> None:
    """Stop following FEED (its URL or name); its articles stay in the library."""
    with _library(cache_dir) as library:
        removed = library.remove_feed(feed)
    if removed is None:
        fail(f"{feed}: not a feed you follow (bireader feeds list shows them)")
    click.echo(f"stopped following {removed.name}: {removed.url}")


@feeds.command("import")
@click.argument("opml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@cache_option
def import_opml(opml: Path, cache_dir: Path | None) -> None:
    """Follow every feed of an OPML subscription list."""
    from ..web.feeds import FeedError, read_opml

    try:
        listed = read_opml(opml.read_bytes())
    except FeedError as exc:
        fail(f"{opml}: {exc}")
    with _library(cache_dir) as library:
        added = sum(library.add_feed(url, name) for url, name in listed)
    click.echo(f"{added} feeds added, {len(listed) - added} already followed, from {opml}")


@feeds.command("export")
@click.argument("opml", required=False, type=click.Path(dir_okay=False, path_type=Path))
@cache_option
def export_opml(opml: Path | None, cache_dir: Path | None) -> None:
    """Write the feeds you follow as OPML to OPML, or to the terminal."""
    from ..export import write_atomic
    from ..web.feeds import write_opml

    with _library(cache_dir) as library:
        text = write_opml([(f.url, f.name) for f in library.feeds()])
    if opml is None:
        click.echo(text, nl=False)
    else:
        write_atomic(opml, text)
        click.echo(f"wrote {opml}", err=True)


@click.command()
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write the new articles here, as translate writes them.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@model_options
def refresh(
    out_dir: Path | None,
    fmt: str,
    model: str,
    revision: str | None,
    beams: int | None,
    cache_dir: Path | None,
    backend: str | None,
    quantize: str | None,
) -> None:
    """Fetch the new articles of every feed you follow, keep them and translate them.

    Each feed is asked only for what changed (a feed with nothing new costs
    one short request, and no model is loaded). Headlines are translated
    first, then the articles. Made for cron: one summary line, no progress
    bar when not on a terminal.

    \b
    Exit status: 0 when all went well, 2 when some feed or page failed (each
    is named on stderr), 1 when the model or the cache cannot be used.
    """
    from ..engines import EngineSpec
    from ..jobs.refresh import refresh as run_refresh
    from .progress import ProgressReport

    try:
        with (
            Cache(cache_dir or default_cache_dir()) as cache,
            ProgressReport(silent_off_tty=True) as report,
        ):
            spec = EngineSpec(model, revision, beams, backend, quantize)
            summary = run_refresh(
                cache,
                lambda: spec.open(cache.models_dir, cache.digest),
                out_dir=out_dir,
                fmt=fmt,
                warn=lambda text: report.message(f"bireader: {text}"),
                on_plan=report.start,
                on_batch=lambda batch: report.update(batch.done),
            )
    except Unavailable as exc:
        fail(exc)
    written = f"; wrote {len(summary.written)} files to {out_dir}" if summary.written else ""
    click.echo(f"{summary.line()}{written}", err=True)
    if not summary.ok:
        sys.exit(EXIT_SKIPPED)


@click.group()
def library() -> None:
    """The articles kept by bireader refresh."""


@library.command("prune")
@click.option(
    "--older-than",
    "age",
    required=True,
    help="How old an article may get, by when it was fetched: 30d, 12h, 2w.",
)
@cache_option
def prune(age: str, cache_dir: Path | None) -> None:
    """Forget the articles fetched longer ago than --older-than; bookmarked ones stay."""
    units = {"h": 3600, "d": 86400, "w": 7 * 86400}
    number, unit = age[:-1], age[-1:].lower()
    if not number.isdigit() or unit not in units:
        fail(f"--older-than {age}: give a number and h, d or w, such as 30d")
    with _library(cache_dir) as kept:
        removed = kept.prune(int(number) * units[unit])
    click.echo(f"forgot {removed} articles fetched more than {age} ago")
