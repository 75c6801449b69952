"""What every command shares: options, exit codes, and one-line failures.

The library names a remedy (``translate.errors.Remedy``); this is where it
becomes the flag a user types.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..cache import ENV_VAR, default_cache_dir
from ..engines import BACKENDS, DEFAULT_BACKEND, QUANTIZATIONS
from ..engines.models import DEFAULT_MODEL
from ..errors import Remedy, Unavailable
from ..pipeline import DEFAULT_BATCH_TOKENS

EXIT_SKIPPED = 2  # finished, but some files or paragraphs could not be translated
EXIT_FAILED = 1  # nothing could be done: model or cache unavailable
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])

# Each follows the library's own words for the problem and its fix.
REMEDIES = {
    Remedy.LOCAL_MODEL: ", or pass a local model directory with --model PATH",
    Remedy.TRANSFORMERS: ", or pass --backend transformers",
    Remedy.CTRANSLATE2: "; leave out --backend transformers",
    Remedy.NO_REVISION: "; leave out --revision",
    Remedy.OTHER_CACHE: ", or pass another --cache folder",
    Remedy.LOCAL_RAY: ", or leave out --ray-address for a local Ray",
}


def explain(problem: Exception) -> str:
    """A failure as one line, with the flag that fixes it where there is one."""
    remedy = problem.remedy if isinstance(problem, Unavailable) else None
    return f"{problem}{REMEDIES[remedy]}" if remedy else str(problem)


def fail(problem: Exception | str) -> NoReturn:
    """Say what went wrong on one line and exit with EXIT_FAILED."""
    text = problem if isinstance(problem, str) else explain(problem)
    click.echo(f"bireader: {text}", err=True)
    sys.exit(EXIT_FAILED)


MODEL_HELP = (
    "Model: 'marian' (Helsinki-NLP/opus-mt-id-en, default), 'nllb' "
    "(facebook/nllb-200-distilled-600M), any hub id, or a local model directory."
)

cache_option = click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Cache folder [default: ${ENV_VAR}, else {default_cache_dir()}].",
)
beams_option = click.option(
    "--beams", type=click.IntRange(1, 16), default=None, help="Beam size [default: the model's]."
)
batch_tokens_option = click.option(
    "--batch-tokens",
    type=click.IntRange(16, 1_000_000),
    default=DEFAULT_BATCH_TOKENS,
    show_default=True,
    help="Source tokens per batch; lower it to use less memory.",
)
refetch_option = click.option(
    "--refetch",
    is_flag=True,
    help="Download web pages again instead of reading the copies kept in the cache.",
)
backend_option = click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="The decoder: ctranslate2 (converts the model once into the cache, then several "
    "times faster on a CPU) or transformers (PyTorch, float32). Each keeps its own "
    f"translations in the cache [default: {DEFAULT_BACKEND}].",
)
quantize_option = click.option(
    "--quantize",
    type=click.Choice(QUANTIZATIONS),
    default=None,
    help="ctranslate2 weights and arithmetic [default: int8 on a CPU, int8_float16 on a CUDA GPU].",
)


def model_options(func: F) -> F:
    """Options shared by every command that translates with one model."""
    func = quantize_option(func)
    func = backend_option(func)
    func = cache_option(func)
    func = beams_option(func)
    func = click.option(
        "--revision", default=None, help="Hub revision (branch, tag or commit) to pin."
    )(func)
    func = click.option("--model", "-m", default=DEFAULT_MODEL, show_default=True, help=MODEL_HELP)(
        func
    )
    return func
