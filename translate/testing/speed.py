"""Translation speed against the usual ways, measured the same way for each.

A random-weight checkpoint with a real model's architecture translates the
paragraphs of ``seeds/`` with each contender in turn:

- ``baseline``: what people write first. transformers 5 removed the
  ``translation`` pipeline, so this is the loop that pipeline ran: tokenise
  one paragraph, ``generate``, decode, next paragraph.
- ``transformers``: the project's own path (``translate_paragraphs``) with
  the transformers backend: segmentation, length-sorted token-budget
  batches, the cache written batch by batch.
- ``default``: the same path with the default backend, CTranslate2 (int8 on
  a CPU).
- ``ct2-raw``: ``Translator.translate_batch`` alone on the same batches,
  tokenised beforehand: the ceiling for the one above.
- ``argos-style``: CTranslate2 called the way Argos Translate calls it by
  default: one ``translate_batch`` per paragraph on its sentences in input
  order, tokenised on the way, ``max_batch_size=32``, beam size 4,
  ``length_penalty=0.2``, ``replace_unknowns``, scores returned. What the
  usual CTranslate2 tool does with the same model and sentences.

Random weights would stop at random lengths, so the checkpoint can never
choose EOS and every contender is held to one output length per sentence,
equal to the sentence's source length in tokens (a paragraph gets the sum of
its sentences'); CTranslate2 decodes each batch to its longest row and cuts
the others, as the project's backend does. Each contender runs in a fresh
process, so its peak RSS is its own; loading the model is not timed, and the
figure is the median of several timed runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..articles import load_articles
from ..cache import Cache
from ..engines import Engine, open_engine
from ..engines.ctranslate2 import CTranslate2Engine
from ..engines.tokens import SOURCE_LANG, TARGET_LANG
from ..engines.transformers import TransformersEngine
from ..pipeline import DEFAULT_BATCH_TOKENS, plan_batches, translate_paragraphs
from ..segment import split_to_fit
from . import CONTENDERS, CT2_CONTENDERS
from .synthetic import build_marian, build_nllb, seed_corpus

# Every contender is held to one output token per source token.
FORCED_LENGTHS = {"length_a": 1.0, "length_b": 0}


@dataclass
class Measurement:
    contender: str
    model: str
    tokens: int  # source tokens translated per run
    seconds: list[float]  # one per timed run
    peak_rss_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.median


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the
    forked parent (the benchmark, holding torch) into the child.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the work ---------------------------------------------------------------------


def seed_paragraphs(paths: list[Path], limit: int | None = None) -> list[str]:
    articles, _ = load_articles(paths)
    texts = list(dict.fromkeys(p.text for a in articles for p in a.paragraphs))
    return texts[:limit] if limit else texts


def forced_engine(model_dir: Path, beams: int | None, **backend: Any) -> Engine:
    """The project's engine, held to one output token per source token."""
    return open_engine(str(model_dir), num_beams=beams, settings=FORCED_LENGTHS, **backend)


def model_engine(model_dir: Path, beams: int | None) -> TransformersEngine:
    engine = forced_engine(model_dir, beams, backend="transformers")
    assert isinstance(engine, TransformersEngine)
    return engine


def ct2_engine(model_dir: Path, beams: int | None, models_dir: Path) -> CTranslate2Engine:
    engine = forced_engine(model_dir, beams, backend="ctranslate2", models_dir=models_dir)
    assert isinstance(engine, CTranslate2Engine)
    return engine


def pieces_of(text: str, engine: Engine) -> list[str]:
    spans = split_to_fit(text, engine.count_tokens, engine.max_input_tokens)
    return [text[s.start : s.end] for s in spans]


# -- contenders, each run inside its own process ----------------------------------


def _baseline(model_dir: Path, texts: list[str], beams: int | None) -> Callable[[], None]:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    engine = model_engine(model_dir, beams)  # for the forced lengths only
    family = engine.source.family
    extra = {"src_lang": SOURCE_LANG} if family == "nllb" else {}
    tokenizer = AutoTokenizer.from_pretrained(model_dir, **extra)
    model = AutoModelForSeq2SeqLM.from_pretrained(model_dir, dtype=torch.float32).eval()
    forced = engine.tokens.forced
    lengths = [sum(engine.count_tokens(p) for p in pieces_of(t, engine)) for t in texts]
    kwargs = {}
    if family == "nllb":
        kwargs["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(TARGET_LANG)

    def run() -> None:
        for text, length in zip(texts, lengths, strict=True):
            batch = tokenizer(text, return_tensors="pt")
            output = model.generate(
                **batch,
                num_beams=engine.settings.num_beams,
                max_new_tokens=length + forced,
                min_new_tokens=length + forced,
                **kwargs,
            )
            tokenizer.decode(output[0], skip_special_tokens=True)

    return run


def _project(
    model_dir: Path, texts: list[str], beams: int | None, batch_tokens: int, **backend: object
) -> Callable[[], None]:
    work = Path(tempfile.mkdtemp(prefix="bireader-bench-cache-"))
    models_dir = backend.pop("models_dir", work / "models")
    engine = forced_engine(model_dir, beams, models_dir=models_dir, **backend)
    engine.load()

    def run() -> None:
        # A new cache each run, so every run translates everything.
        with Cache(Path(tempfile.mkdtemp(dir=work))) as cache:
            outcome = translate_paragraphs(texts, engine, cache, batch_tokens=batch_tokens)
        if outcome.failed:
            raise RuntimeError(f"{len(outcome.failed)} paragraphs failed")

    return run


def _ct2_raw(
    model_dir: Path, texts: list[str], beams: int | None, batch_tokens: int, models_dir: Path
) -> Callable[[], None]:
    engine = ct2_engine(model_dir, beams, models_dir)
    translator = engine.translator
    pieces = list(dict.fromkeys(p for t in texts for p in pieces_of(t, engine)))
    batches = []
    for batch in plan_batches(pieces, engine, batch_tokens):
        tokens = engine.source_tokens(batch)
        length = max(map(len, tokens)) + engine.tokens.forced
        batches.append((tokens, engine.target_prefix(len(batch)), length))

    def run() -> None:
        for tokens, prefix, length in batches:
            translator.translate_batch(
                tokens,
                target_prefix=prefix,
                beam_size=engine.settings.num_beams,
                max_decoding_length=length,
                max_input_length=0,
            )

    return run


# Argos Translate's own settings for CTranslate2 (argostranslate/translate.py).
ARGOS_BATCH_SIZE = 32
ARGOS_BEAMS = 4
ARGOS_LENGTH_PENALTY = 0.2


def _argos_style(model_dir: Path, texts: list[str], models_dir: Path) -> Callable[[], None]:
    engine = ct2_engine(model_dir, ARGOS_BEAMS, models_dir)
    translator, tokens = engine.translator, engine.tokens
    paragraphs = [pieces_of(t, engine) for t in texts]

    def run() -> None:
        for sentences in paragraphs:
            ids = tokens.tokenizer([tokens.prepare(s) for s in sentences])["input_ids"]
            source = [tokens.tokenizer.convert_ids_to_tokens(row) for row in ids]
            results = translator.translate_batch(
                source,
                target_prefix=engine.target_prefix(len(source)),
                max_batch_size=ARGOS_BATCH_SIZE,
                beam_size=ARGOS_BEAMS,
                length_penalty=ARGOS_LENGTH_PENALTY,
                replace_unknowns=True,
                return_scores=True,
                # One call per paragraph, so one length for its sentences (the
                # model never ends a sentence itself).
                max_decoding_length=max(map(len, source)) + tokens.forced,
            )
            for result in results:
                hypothesis = result.hypotheses[0][tokens.forced :]
                tokens.decode(tokens.tokenizer.convert_tokens_to_ids(hypothesis))

    return run


def run_contender(
    contender: str,
    model_dir: Path,
    texts: list[str],
    beams: int | None,
    runs: int,
    work: Path,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
) -> Measurement:
    """Set up one contender in this process, then time ``runs`` runs of it."""
    models_dir = work / "models"
    if contender == "baseline":
        run = _baseline(model_dir, texts, beams)
    elif contender == "transformers":
        run = _project(model_dir, texts, beams, batch_tokens, backend="transformers")
    elif contender == "default":
        run = _project(
            model_dir, texts, beams, batch_tokens, backend="ctranslate2", models_dir=models_dir
        )
    elif contender == "ct2-raw":
        run = _ct2_raw(model_dir, texts, beams, batch_tokens, models_dir)
    elif contender == "argos-style":
        run = _argos_style(model_dir, texts, models_dir)
    else:
        raise ValueError(f"unknown contender {contender!r}")
    engine = forced_engine(model_dir, beams)
    tokens = sum(engine.count_tokens(p) for t in texts for p in pieces_of(t, engine))
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return Measurement(contender, str(model_dir), tokens, seconds, peak_rss_mb())


def measure(
    contender: str,
    model_dir: Path,
    seeds: list[Path],
    limit: int | None,
    beams: int | None,
    runs: int,
    work: Path,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
) -> Measurement:
    """Run a contender in a fresh process and read back its measurement."""
    args = {
        "batch_tokens": batch_tokens,
        "contender": contender,
        "model_dir": str(model_dir),
        "seeds": [str(p) for p in seeds],
        "limit": limit,
        "beams": beams,
        "runs": runs,
        "work": str(work),
    }
    code = "import sys; from translate.testing.speed import _child; _child(sys.argv[1])"
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**os.environ, "TRANSFORMERS_VERBOSITY": "error", "PYTHONWARNINGS": "ignore"},
    )
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{contender} failed: {tail[0]}")
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def _child(payload: str) -> None:
    args = json.loads(payload)
    texts = seed_paragraphs([Path(p) for p in args["seeds"]], args["limit"])
    result = run_contender(
        args["contender"],
        Path(args["model_dir"]),
        texts,
        args["beams"],
        args["runs"],
        Path(args["work"]),
        args["batch_tokens"],
    )
    print(json.dumps(dataclasses.asdict(result)))


# -- the warm re-run ------------------------------------------------------------------

_PROBE = """
import json, runpy, sys
from translate.testing.speed import peak_rss_mb
sys.argv = {argv!r}
try:
    runpy.run_module("translate", run_name="__main__")
except SystemExit:
    pass
heavy = "torch" in sys.modules or "transformers" in sys.modules
print(json.dumps([peak_rss_mb(), heavy]))
"""


def warm_run(args: list[str], runs: int) -> tuple[list[float], float, bool]:
    """``bireader ARGS`` timed from process start to exit, then its peak RSS and
    whether it imported torch or transformers. Run it once beforehand, so all is cached."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "translate", *args], check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    probe = _PROBE.format(argv=["bireader", *args])
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    rss, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, rss, heavy


# -- the whole benchmark -------------------------------------------------------------


@dataclass
class WarmRun:
    seconds: list[float]
    peak_rss_mb: float
    imports_torch: bool

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Report:
    cores: int
    beams: int
    runs: int
    measurements: list[Measurement]
    warm: WarmRun | None = None

    def ratio(self, measurement: Measurement, to: str) -> float | None:
        other = next(
            (m for m in self.measurements if m.contender == to and m.model == measurement.model),
            None,
        )
        return measurement.tokens_per_second / other.tokens_per_second if other else None

    def to_json(self) -> dict[str, Any]:
        return {
            "cores": self.cores,
            "beams": self.beams,
            "runs": self.runs,
            "measurements": [
                {
                    **dataclasses.asdict(m),
                    "median_seconds": m.median,
                    "tokens_per_second": m.tokens_per_second,
                    "vs_baseline": self.ratio(m, "baseline"),
                    "vs_ct2_raw": self.ratio(m, "ct2-raw"),
                    "vs_argos_style": self.ratio(m, "argos-style"),
                }
                for m in self.measurements
            ],
            "warm": dataclasses.asdict(self.warm) if self.warm else None,
        }


def build_models(
    seeds: list[Path], work: Path, families: list[str], preset: str
) -> dict[str, Path]:
    """Random-weight checkpoints with the real architectures, built once per work folder."""
    corpus = [line for path in seeds for line in seed_corpus(path)]
    built = {}
    for family in families:
        size = {"marian": {"real": "base"}, "nllb": {"real": "600m"}}[family].get(preset, preset)
        directory = work / f"{family}-{size}"
        if not (directory / "config.json").is_file():
            builder = build_marian if family == "marian" else build_nllb
            builder(directory, corpus, preset=size)
        built[family] = directory
    return built


def run_benchmark(
    seeds: list[Path],
    work: Path,
    *,
    families: list[str],
    preset: str = "real",
    contenders: tuple[str, ...] = CONTENDERS,
    runs: int = 3,
    beams: int | None = None,
    limit: int | None = None,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    warm: bool = True,
    say: Callable[[str], None] = lambda _: None,
) -> Report:
    models = build_models(seeds, work, families, preset)
    measurements = []
    for family, model_dir in models.items():
        if any(c in CT2_CONTENDERS for c in contenders):
            # Converted here, once: a one-time cost that must not count as a run's.
            ct2_engine(model_dir, beams, work / "models").fetch()
        for contender in contenders:
            say(f"{family}: {contender} ({runs} runs)")
            measurements.append(
                measure(contender, model_dir, seeds, limit, beams, runs, work, batch_tokens)
            )
    used_beams = model_engine(next(iter(models.values())), beams).settings.num_beams
    report = Report(os.cpu_count() or 1, used_beams, runs, measurements)
    if warm:
        model_dir = next(iter(models.values()))
        args = ["translate", *map(str, seeds), "--out", str(work / "warm-out")]
        args += ["--cache", str(work / "warm-cache"), "--model", str(model_dir)]
        say("warm re-run: filling the cache once")
        subprocess.run([sys.executable, "-m", "translate", *args], check=True, capture_output=True)
        say("warm re-run: timing")
        report.warm = WarmRun(*warm_run(args, max(runs, 3)))
    return report


def render(report: Report) -> list[str]:
    """The report as lines of text: figures and ratios (bench/ judges them against targets)."""
    lines = [
        f"{report.cores} CPU cores; beams {report.beams}; median of {report.runs} runs; "
        "every contender forced to one output token per source token",
        "",
        f"{'model':<12} {'contender':<12} {'tokens':>7} {'seconds':>8} {'tok/s':>8} "
        f"{'x baseline':>10} {'x ct2-raw':>9} {'x argos':>8} {'peak RSS':>9}",
    ]
    for m in report.measurements:
        base, ceiling = report.ratio(m, "baseline"), report.ratio(m, "ct2-raw")
        argos = report.ratio(m, "argos-style")
        lines.append(
            f"{Path(m.model).name:<12} {m.contender:<12} {m.tokens:>7} {m.median:>8.2f} "
            f"{m.tokens_per_second:>8.1f} {_times(base):>10} {_times(ceiling):>9} "
            f"{_times(argos):>8} {m.peak_rss_mb:>6.0f} MB"
        )
    if report.warm:
        w = report.warm
        lines += [
            "",
            f"warm re-run of bireader translate: {w.median:.2f} s median "
            f"(runs: {', '.join(f'{s:.2f}' for s in w.seconds)}; peak RSS {w.peak_rss_mb:.0f} MB;"
            f" imports torch or transformers: {'yes' if w.imports_torch else 'no'})",
        ]
    return lines


def _times(ratio: float | None) -> str:
    return f"{ratio:.2f}x" if ratio is not None else "-"
