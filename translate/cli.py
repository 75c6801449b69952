"""The ``bireader`` command line."""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import click

from . import __version__
from .benchmark import CONTENDERS
from .cache import ENV_VAR, Cache, CacheError, default_cache_dir
from .ct2 import QUANTIZATIONS
from .engine import BACKENDS, DEFAULT_BACKEND
from .export import FORMATS, LAYOUTS
from .models import DEFAULT_MODEL, ModelUnavailable
from .pipeline import DEFAULT_BATCH_TOKENS
from .ray_batch import RAY_FORMATS, RayUnavailable

EXIT_SKIPPED = 2  # finished, but some files or paragraphs could not be translated
EXIT_FAILED = 1  # nothing could be done: model or cache unavailable

_MODEL_HELP = (
    "Model: 'marian' (Helsinki-NLP/opus-mt-id-en, default), 'nllb' "
    "(facebook/nllb-200-distilled-600M), any hub id, or a local model directory."
)


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def _fail(message: str) -> None:
    click.echo(f"bireader: {message}", err=True)
    sys.exit(EXIT_FAILED)


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
backend_option = click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default=None,
    help="transformers (PyTorch), or ctranslate2: several times faster on a CPU; it "
    "needs pip install 'bireader[ctranslate2]' and converts the model once into the cache "
    f"[default: {DEFAULT_BACKEND}; with --engine ray, ctranslate2 where installed].",
)
quantize_option = click.option(
    "--quantize",
    type=click.Choice(QUANTIZATIONS),
    default=None,
    help="ctranslate2 weights: int8 (default: a quarter of the memory, faster) or float32.",
)


def model_options(func):
    """Options shared by every command that translates with one model."""
    func = quantize_option(func)
    func = backend_option(func)
    func = cache_option(func)
    func = beams_option(func)
    func = click.option(
        "--revision", default=None, help="Hub revision (branch, tag or commit) to pin."
    )(func)
    func = click.option(
        "--model", "-m", default=DEFAULT_MODEL, show_default=True, help=_MODEL_HELP
    )(func)
    return func


class PluginGroup(click.Group):
    """Subcommands of other packages (the reader), found by entry point and loaded on use.

    This keeps the library free of any import of the UI.
    """

    def _plugins(self) -> dict[str, EntryPoint]:
        return {ep.name: ep for ep in entry_points(group="bireader.commands")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugins()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and (plugin := self._plugins().get(name)):
            command = plugin.load()
        return command


@click.group(
    cls=PluginGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="bireader")
@click.option(
    "--verbose", "-v", is_flag=True, help="Also show the libraries' own warnings, logs and bars."
)
def main(verbose: bool) -> None:
    """Read Indonesian news with an English translation beside every paragraph.

    Translations come from an offline neural model (Marian opus-mt or
    NLLB-200) and are kept in a cache, so nothing is translated twice.
    """
    from .logs import quiet_process, set_verbose

    if verbose:
        set_verbose()
    quiet_process()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False))
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
    paths: tuple[Path, ...],
    out_dir: Path,
    fmt: str,
    layout: str,
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
    """Translate articles (files or folders of *.txt / *.md) to bilingual files in OUT.

    Each file is one article: the first non-blank line is the title, every
    further non-blank line a paragraph.

    \b
    Examples:
      bireader translate seeds/ --out out/
      bireader translate seeds/ --out out/ --model nllb --layout stacked
      bireader translate news/ --out json/ --format json --model ./opus-mt-id-en
      bireader translate news/ --out out/ --backend ctranslate2
      bireader translate archive/ --out shards/ --engine ray --workers 2 --format jsonl

    Exit status: 0 when everything was translated, 2 when some files were
    skipped or paragraphs failed (each is named on stderr), 1 when the model
    or the cache cannot be used.
    """
    from .batch import translate_batch
    from .engine import EngineSpec
    from .progress import ProgressReport

    if fmt in RAY_FORMATS and runner != "ray":
        _fail(f"--format {fmt} writes shards with Ray: add --engine ray")
    if backend is None:
        backend = (
            "ctranslate2" if runner == "ray" and _installed("ctranslate2") else DEFAULT_BACKEND
        )
    try:
        with Cache(cache_dir) as cache, ProgressReport() as report:
            spec = EngineSpec(model, revision, beams, backend, quantize)
            engine = spec.open(cache.models_dir, cache.digest)
            warn = lambda text: report.message(f"bireader: {text}")  # noqa: E731
            if runner == "ray":
                from .ray_batch import RayOptions, translate_batch_on_ray

                # On a cluster each node converts models into its own cache folder.
                models = None if ray_address else str(cache.models_dir)
                options = RayOptions(ray_address, workers, gpus_per_worker, batch_tokens, models)
                summary = translate_batch_on_ray(
                    list(paths),
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
                    on_plan=report.start,
                    on_batch=lambda batch: report.update(batch.done),
                )
    except (ModelUnavailable, CacheError, RayUnavailable) as exc:
        _fail(str(exc))
    except OSError as exc:  # the output folder cannot be created or written
        _fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})")
    except KeyboardInterrupt:
        click.echo(
            "bireader: interrupted; finished batches are cached, run again to go on", err=True
        )
        sys.exit(130)
    click.echo(f"{summary.line()}; wrote {len(summary.written)} files to {out_dir}", err=True)
    if not summary.ok:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    paths: tuple[Path, ...],
    models: str,
    reference: Path | None,
    out_file: Path | None,
    beams: int | None,
    backend: str | None,
    quantize: str | None,
    cache_dir: Path | None,
) -> None:
    """Line up several translations of articles and show where they disagree.

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
    from .articles import ArticleError
    from .compare import compare_files, reports_json, reports_markdown
    from .progress import ProgressReport
    from .report_table import print_reports

    names = [m.strip() for m in models.split(",") if m.strip()]
    if not names:
        _fail("--models names no model")
    try:
        with Cache(cache_dir) as cache, ProgressReport() as report:
            reports = compare_files(
                list(paths),
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
    except (ModelUnavailable, CacheError, ArticleError) as exc:
        _fail(str(exc))
    if not reports:
        _fail("no articles to compare")
    if out_file is None:
        print_reports(reports)
        return
    from .export import write_atomic

    text = reports_json(reports) if out_file.suffix == ".json" else reports_markdown(reports)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out_file, text)
    except OSError as exc:
        _fail(f"{out_file}: cannot write ({exc.strerror or exc})")
    click.echo(f"wrote {out_file}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--models",
    "families",
    default="marian",
    show_default=True,
    help="Architectures to build and time, comma-separated: marian (transformer-base), "
    "nllb (NLLB-200-distilled-600M: builds a 2.4 GB checkpoint).",
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
    default (this project), ctranslate2 (this project, --backend ctranslate2)
    and ct2-raw (CTranslate2's translate_batch alone, the ceiling). Prints
    source tokens per second, wall time, peak memory and the ratios, then a
    warm re-run of bireader translate. See bench/speed.py.

    \b
    Examples:
      bireader bench
      bireader bench --runs 1 --paragraphs 20 --contenders baseline,default
    """
    import json
    import shutil
    import tempfile

    from .benchmark import render, run_benchmark

    seeds = list(paths) or [Path("seeds")]
    if not all(p.is_dir() for p in seeds):
        _fail(f"{', '.join(map(str, seeds))}: pass folders of articles (e.g. seeds/)")
    chosen = tuple(c.strip() for c in contenders.split(",") if c.strip())
    if unknown := [c for c in chosen if c not in CONTENDERS]:
        _fail(f"unknown contender {unknown[0]!r}; choose from {', '.join(CONTENDERS)}")
    if any(c.startswith("ct") for c in chosen):
        try:
            import ctranslate2  # noqa: F401
        except ImportError:
            _fail("the ctranslate2 contenders need pip install 'bireader[ctranslate2]'")
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
