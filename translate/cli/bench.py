"""``bireader bench``: translation speed with random-weight models of the real size."""

from __future__ import annotations

from pathlib import Path

import click

from ..testing import CONTENDERS
from .options import batch_tokens_option, beams_option, fail


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--models",
    "families",
    default="marian",
    show_default=True,
    help="Architectures to build and time, comma-separated: marian (transformer-base), "
    "nllb (NLLB-200-distilled-600M: builds a checkpoint of about 2.5 GB).",
)
@click.option(
    "--contenders",
    default=",".join(CONTENDERS),
    show_default=True,
    help="Which ways of translating to time, comma-separated.",
)
@click.option("--runs", type=click.IntRange(1, 50), default=3, show_default=True)
@click.option(
    "--paragraphs",
    "limit",
    type=click.IntRange(1),
    default=None,
    help="Only the first N paragraphs [default: all].",
)
@click.option(
    "--size",
    type=click.Choice(["real", "tiny"]),
    default="real",
    show_default=True,
    help="real: the models' true architectures; tiny: a quick check of the benchmark itself.",
)
@batch_tokens_option
@click.option("--no-warm", is_flag=True, help="Skip the warm re-run of bireader translate.")
@click.option(
    "--work",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the built checkpoints, kept for later runs [default: a temporary one].",
)
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path))
@beams_option
def bench(
    paths: tuple[Path, ...],
    families: str,
    contenders: str,
    runs: int,
    limit: int | None,
    size: str,
    batch_tokens: int,
    no_warm: bool,
    work: Path | None,
    json_file: Path | None,
    beams: int | None,
) -> None:
    """Time translation with random-weight models of the real size (no download needed).

    Translates the paragraphs of PATHS (default: seeds/) with each contender:
    baseline (one generate call per paragraph, as transformers' examples do),
    transformers (this project, --backend transformers), default (this
    project with its default decoder, CTranslate2), ct2-raw (CTranslate2's
    translate_batch alone on the same batches: the ceiling) and argos-style
    (CTranslate2 called per paragraph as Argos Translate does). Prints
    source tokens per second, wall time, peak memory and the ratios, then a
    warm re-run of bireader translate. bench/speed.py judges the figures.

    \b
    Examples:
      bireader bench
      bireader bench --runs 1 --paragraphs 20 --contenders baseline,default
    """
    import json
    import shutil
    import tempfile

    from ..testing.speed import render, run_benchmark

    seeds = list(paths) or [Path("seeds")]
    if not all(p.is_dir() for p in seeds):
        fail(f"{', '.join(map(str, seeds))}: pass folders of articles (e.g. seeds/)")
    chosen = tuple(c.strip() for c in contenders.split(",") if c.strip())
    if unknown := [c for c in chosen if c not in CONTENDERS]:
        fail(f"unknown contender {unknown[0]!r}; choose from {', '.join(CONTENDERS)}")
    folder = work or Path(tempfile.mkdtemp(prefix="bireader-bench-"))
    try:
        report = run_benchmark(
            seeds,
            folder,
            families=[f.strip() for f in families.split(",") if f.strip()],
            preset=size,
            contenders=chosen,
            runs=runs,
            beams=beams,
            limit=limit,
            batch_tokens=batch_tokens,
            warm=not no_warm,
            say=lambda text: click.echo(f"bireader bench: {text}", err=True),
        )
    finally:
        if work is None:
            shutil.rmtree(folder, ignore_errors=True)
    click.echo("\n".join(render(report)))
    if json_file:
        json_file.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
