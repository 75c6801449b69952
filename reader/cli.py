"""``bireader read``: open the reader from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from translate.cli.options import model_options

_CHECKOUT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def default_paths() -> list[Path]:
    here = Path("seeds")
    return [here if here.is_dir() else _CHECKOUT_SEEDS]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@model_options
def read(
    paths: tuple[Path, ...],
    model: str,
    revision: str | None,
    beams: int | None,
    cache_dir: Path | None,
    backend: str | None,
    quantize: str | None,
) -> None:
    """Read articles with the English translation beside each paragraph.

    PATHS are article files or folders (default: seeds/). Translations in the
    cache show at once; the rest are translated in the background while you
    read. Press ? inside for the keys.

    \b
    Examples:
      bireader read
      bireader read news/ --model nllb
      python -m reader seeds/001_51ed02acc8b627b7.txt
    """
    from translate.engines import EngineSpec
    from translate.logs import quiet_process

    from .app import ReaderApp

    quiet_process()  # also when started as python -m reader
    spec = EngineSpec(model, revision, beams, backend, quantize)
    ReaderApp(list(paths) or default_paths(), spec, cache_dir).run()
