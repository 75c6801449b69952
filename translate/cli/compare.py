"""``bireader compare``: several translations side by side, and where they disagree."""

from __future__ import annotations

from pathlib import Path

import click

from ..cache import Cache
from ..errors import Unavailable
from ..sources import as_sources
from .options import backend_option, beams_option, cache_option, fail, quantize_option


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--models",
    default="marian,nllb",
    show_default=True,
    help="Comma-separated models to compare: shorthands, hub ids or local directories, "
    "each optionally with :beams=N (another setting) or :earlier (the version a "
    "retranslation replaced).",
)
@click.option(
    "--reference",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A person's translation: English lines one to one with the article's.",
)
@click.option(
    "--out",
    "-o",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a report: FILE.md (Markdown) or FILE.json; without it, print a table.",
)
@beams_option
@backend_option
@quantize_option
@cache_option
def compare(
    sources: tuple[str, ...],
    models: str,
    reference: Path | None,
    out_file: Path | None,
    beams: int | None,
    backend: str | None,
    quantize: str | None,
    cache_dir: Path | None,
) -> None:
    """Line up several translations of articles and show where they disagree.

    SOURCES are web pages by URL, saved pages, article files or folders, as
    for translate; debris is left out of the comparison.

    Translates what is missing with each model (into the cache), then scores
    every paragraph: chrF agreement between each two translations, BLEU
    against a person's translation where there is one (--reference, or edits
    made in the reader), and checks against the source (numbers, names, words
    left untranslated, repetition loops, length). The attention score puts
    the paragraphs most worth a look first.

    \b
    Examples:
      bireader compare seeds/001_51ed02acc8b627b7.txt
      bireader compare article.txt --models marian,./my-opus-mt --reference article.en.txt
      bireader compare seeds/ --models marian,marian:beams=1 --out report.md
    """
    from ..articles import ArticleError
    from ..export import write_atomic
    from ..quality.compare import compare_files
    from ..quality.report import reports_json, reports_markdown
    from .progress import ProgressReport
    from .tables import print_reports

    names = [m.strip() for m in models.split(",") if m.strip()]
    if not names:
        fail("--models names no model")
    try:
        with Cache(cache_dir) as cache, ProgressReport() as report:
            reports = compare_files(
                as_sources(sources),
                names,
                cache,
                beams=beams,
                backend=backend,
                quantization=quantize,
                reference=reference,
                warn=lambda text: report.message(f"bireader: {text}"),
                on_plan=report.start,
                on_batch=lambda batch: report.update(batch.done),
            )
    except (Unavailable, ArticleError) as exc:
        fail(exc)
    if not reports:
        fail("no articles to compare")
    if out_file is None:
        print_reports(reports)
        return
    text = reports_json(reports) if out_file.suffix == ".json" else reports_markdown(reports)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out_file, text)
    except OSError as exc:
        fail(f"{out_file}: cannot write ({exc.strerror or exc})")
    click.echo(f"wrote {out_file}", err=True)
