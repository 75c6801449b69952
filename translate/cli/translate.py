"""``bireader translate``: folders of articles to bilingual Markdown or JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cache import Cache
from ..errors import Unavailable
from ..export import FORMATS, LAYOUTS
from ..jobs import RAY_FORMATS
from ..sources import as_sources, is_url
from .options import (
    EXIT_INTERRUPTED,
    EXIT_SKIPPED,
    batch_tokens_option,
    fail,
    model_options,
    refetch_option,
)


@click.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the translated files (one per article, plus an index).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, *RAY_FORMATS]),
    default="md",
    show_default=True,
    help="Markdown for reading, JSON for other tools (one file per article); with "
    "--engine ray also jsonl or parquet shards (one record per article), written by Ray.",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="side",
    show_default=True,
    help="Markdown: a two-column table, or each paragraph above its translation.",
)
@click.option(
    "--library",
    "from_library",
    is_flag=True,
    help="Translate the articles kept by bireader refresh (with --unread, --bookmarked, --since).",
)
@click.option("--unread", is_flag=True, help="--library: only the unread articles.")
@click.option("--bookmarked", is_flag=True, help="--library: only the bookmarked articles.")
@click.option("--since", metavar="DATE", help="--library: only articles published since DATE.")
@click.option(
    "--keep-debris",
    is_flag=True,
    help="Markdown: keep the lines marked as scraped debris (captions, promotions, "
    "sign-offs...), marked, instead of leaving them out. They are never translated.",
)
@refetch_option
@batch_tokens_option
@click.option(
    "--engine",
    "runner",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where to translate: this process, or Ray Data (pip install 'bireader[ray]'): "
    "a local Ray on this machine, or a cluster with --ray-address.",
)
@click.option(
    "--ray-address",
    default=None,
    help="Join this Ray cluster (e.g. ray://head:10001 or auto) [default: start a local Ray].",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Ray: model replicas (actors), each loading the model once.",
)
@click.option(
    "--gpus-per-worker",
    type=click.FloatRange(0),
    default=0,
    show_default=True,
    help="Ray: GPUs each worker asks for (0: CPU only).",
)
@model_options
def translate(
    sources: tuple[str, ...],
    out_dir: Path,
    fmt: str,
    layout: str,
    from_library: bool,
    unread: bool,
    bookmarked: bool,
    since: str | None,
    keep_debris: bool,
    refetch: bool,
    model: str,
    revision: str | None,
    beams: int | None,
    batch_tokens: int,
    cache_dir: Path | None,
    backend: str | None,
    quantize: str | None,
    runner: str,
    ray_address: str | None,
    workers: int,
    gpus_per_worker: float,
) -> None:
    """Translate articles to bilingual files in OUT: web pages by URL, saved pages
    (*.html), text files (*.txt / *.md) and folders of them.

    A text file is one article: the first non-blank line is the title, every
    further non-blank line a paragraph. From a web page only the story is
    taken, with its title, date, outlet and author. Scraped debris (photo
    captions, "Baca juga" links, promotions, sign-offs...) is marked and not
    translated. A URL is fetched once and kept in the cache; --refetch gets it
    again.

    \b
    Examples:
      bireader translate https://news.example.co.id/berita/123 --out out/
      bireader translate page.html --out out/
      bireader translate --library --unread --out today/
      bireader translate seeds/ --out out/
      bireader translate seeds/ --out out/ --model nllb --layout stacked
      bireader translate news/ --out json/ --format json --model ./opus-mt-id-en
      bireader translate news/ --out out/ --backend transformers
      bireader translate archive/ --out shards/ --engine ray --workers 2 --format jsonl

    Exit status: 0 when everything was translated, 2 when some files or URLs
    were skipped or paragraphs failed (each is named on stderr), 1 when the
    model or the cache cannot be used.
    """
    from ..engines import EngineSpec
    from ..jobs.local import translate_batch
    from .progress import ProgressReport

    if from_library:
        from ..session import library_articles

        kept = library_articles(cache_dir, unread=unread, bookmarked=bookmarked, since=since)
        if not kept:
            fail("no articles in the library match: bireader feeds add URL, then bireader refresh")
        sources = (*sources, *(a.page_url for a in kept))
    elif not sources:
        fail("name the articles to translate (files, folders or URLs), or pass --library")
    paths = as_sources(sources)
    if fmt in RAY_FORMATS and runner != "ray":
        fail(f"--format {fmt} writes shards with Ray: add --engine ray")
    if runner == "ray" and (urls := [s for s in paths if is_url(s)]):
        fail(f"{urls[0]}: --engine ray reads files; translate URLs with the local engine")
    try:
        with Cache(cache_dir) as cache, ProgressReport() as report:
            spec = EngineSpec(model, revision, beams, backend, quantize)
            engine = spec.open(cache.models_dir, cache.digest)
            warn = lambda text: report.message(f"bireader: {text}")  # noqa: E731
            if runner == "ray":
                from ..jobs.ray import RayOptions, translate_batch_on_ray

                # On a cluster each node converts models into its own cache folder.
                models = None if ray_address else str(cache.models_dir)
                options = RayOptions(
                    address=ray_address,
                    workers=workers,
                    gpus_per_worker=gpus_per_worker,
                    batch_tokens=batch_tokens,
                    models_dir=models,
                )
                summary = translate_batch_on_ray(
                    [Path(s) for s in paths],
                    out_dir,
                    engine,
                    spec,
                    cache,
                    options,
                    fmt=fmt,
                    layout=layout,
                    warn=warn,
                    on_plan=report.start,
                    on_progress=report.update,
                )
            else:
                summary = translate_batch(
                    list(paths),
                    out_dir,
                    engine,
                    cache,
                    fmt=fmt,
                    layout=layout,
                    batch_tokens=batch_tokens,
                    warn=warn,
                    keep_debris=keep_debris,
                    refetch=refetch,
                    on_fetch=lambda url: report.message(f"bireader: fetching {url}"),
                    on_plan=report.start,
                    on_batch=lambda batch: report.update(batch.done),
                )
    except Unavailable as exc:  # the model, the cache or Ray
        fail(exc)
    except OSError as exc:  # the output folder cannot be created or written
        fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})")
    except KeyboardInterrupt:
        click.echo(
            "bireader: interrupted; finished batches are cached, run again to go on", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"{summary.line()}; wrote {len(summary.written)} files to {out_dir}", err=True)
    if not summary.ok:
        sys.exit(EXIT_SKIPPED)
