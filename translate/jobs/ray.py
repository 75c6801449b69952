"""Batch translation on Ray Data: the single-machine pipeline, spread over a pool of actors.

Nothing here schedules work: Ray Data reads the articles, this module's
functions turn them into paragraphs and sentence pieces (with the library's
own segmentation), and ``map_batches`` hands batches of paragraphs to a pool of
actors that each open the engine once. The driver keeps the only copy of the
cache:

1. It reads the hashes of the paragraphs and pieces already translated by
   this engine, once, and gives them to the actors, which skip that work.
2. Results stream back to it as they finish (new pieces and each paragraph's
   piece boundaries); it assembles the paragraphs exactly as
   ``translate_paragraphs`` does and writes each arriving batch in one
   transaction. A stopped or failed job therefore resumes from what arrived,
   and the reader sees translations while the job runs.
3. Output: Markdown or JSON files are written on the driver by the
   single-machine exporter, from the cache, so they are byte for byte what
   ``--engine local`` writes. JSONL and Parquet shards are written by Ray
   workers, which fetch the translations from a cache-reading actor placed on
   the driver's node, so the output never has to fit on the driver.

Engine signature, segmentation and cache keys are those of the local path:
the actors call ``open_engine`` with the same arguments and refuse to work if
their engine's key differs from the driver's (another model file on a node).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..articles import (
    HTML_SUFFIXES,
    SHARD_SUFFIXES,
    Article,
    ArticleError,
    ArticleMeta,
    Paragraph,
    article_files,
    article_from_record,
    read_article_bytes,
    with_marks,
)
from ..cache import Cache, CachedParagraph
from ..engines import Engine, EngineSpec
from ..errors import Remedy, Unavailable, first_line
from ..export import ArticleResult, to_json
from ..hashing import text_hash
from ..pipeline import DEFAULT_BATCH_TOKENS, assemble, translate_pieces
from ..segment import Span, split_to_fit
from ..web.extract import read_html_bytes
from . import RAY_FORMATS
from .local import Summary, failure_line, translate_batch

if TYPE_CHECKING:
    from ray import ObjectRef

EXTRA_HINT = "pip install 'bireader[ray]'"
# Paragraphs handed to an actor at a time. An actor sorts a block's pieces by
# length and batches them by the token budget, as the local path does with a
# whole run, so a block must hold many batches' worth for that to pay; it is
# also what progress advances by and the most a worker that dies takes with
# it. bench/README.md (Ray) has the measurements behind the figure.
PARAGRAPHS_PER_TASK = 512
# Articles an exporter writes at a time: reading from the cache is cheap, so
# small batches keep the shard writers' memory small.
ARTICLES_PER_EXPORT = 64
# A worker that dies (a lost node, a spot instance taken back) is restarted and
# its batch retried; a batch that kills its worker this many times in a row is
# given up and reported, so that one poison batch cannot stall a long job.
TASK_RETRIES = 3


class RayUnavailable(Unavailable):
    """Ray cannot be used; the message is one line with the remedy."""


@contextmanager
def job_errors(ray: Any) -> Iterator[None]:
    """A Ray job that fails (a worker that cannot open the model, a lost cluster)
    becomes one line: the error Ray ends its report with, and what to do."""
    try:
        yield
    except ray.exceptions.RayError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        raise RayUnavailable(
            f"the Ray job stopped: {lines[-1] if lines else type(exc).__name__}; "
            "finished batches are cached, run again to go on"
        ) from exc


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None  # None: start a local Ray on this machine
    workers: int = 1
    gpus_per_worker: float = 0.0
    batch_tokens: int = DEFAULT_BATCH_TOKENS
    # Where workers keep converted (CTranslate2) models: the cache's models/
    # folder on a local Ray; on a cluster each node converts into its own.
    models_dir: str | None = None
    paragraphs_per_task: int = PARAGRAPHS_PER_TASK


@dataclass
class RayOutcome:
    articles: int = 0  # articles read
    paragraphs: int = 0  # paragraph rows read (a paragraph in two articles counts twice)
    translated: int = 0  # paragraphs translated and cached by this run
    from_cache: int = 0  # paragraphs found in the cache
    failed: dict[str, str] = field(default_factory=dict)  # paragraph -> reason
    problems: list[str] = field(default_factory=list)  # unreadable articles or records
    lost: int = 0  # paragraph rows whose batch was given up after TASK_RETRIES

    @property
    def lost_message(self) -> str:
        return (
            f"{self.lost} paragraphs not translated: their batch killed its Ray worker "
            f"{TASK_RETRIES + 1} times (Ray's log above says why); run again to retry them"
        )


def short_hash(text: str) -> bytes:
    """96 bits of SHA-256: enough to tell cached texts apart, a third of the memory."""
    return bytes.fromhex(text_hash(text)[:24])


def connect(options: RayOptions) -> Any:
    # bireader shows its own progress; Ray's bars and INFO lines would talk over it.
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "WARNING")
    try:
        import ray
    except ImportError:
        raise RayUnavailable(f"Ray is not installed: {EXTRA_HINT}") from None
    if not ray.is_initialized():
        try:
            if options.address:
                ray.init(
                    address=options.address, log_to_driver=False, logging_level=logging.WARNING
                )
            else:
                ray.init(
                    include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
                )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RayUnavailable(
                f"cannot join the Ray cluster at {options.address} ({first_line(exc)}); "
                "start it with 'ray start --head' there",
                Remedy.LOCAL_RAY,
            ) from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return ray


# -- reading articles on workers ---------------------------------------------------


def read_dataset(ray: Any, files: list[Path]) -> Any:
    """Articles as a Ray dataset of rows ``{"article": json, "error": str}``."""
    shards = [str(f) for f in files if f.suffix.lower() in SHARD_SUFFIXES]
    texts = [str(f) for f in files if f.suffix.lower() not in SHARD_SUFFIXES]
    parts = []
    if texts:
        parts.append(
            ray.data.read_binary_files(texts, include_paths=True).map_batches(
                _articles_from_files, batch_format="pyarrow"
            )
        )
    jsonl = [s for s in shards if s.lower().endswith(".jsonl")]
    parquet = [s for s in shards if s.lower().endswith(".parquet")]
    if jsonl:
        # Line by line, not read_json: one malformed record must not sink its shard.
        parts.append(
            ray.data.read_text(jsonl, include_paths=True).map_batches(
                _articles_from_lines, batch_format="pyarrow"
            )
        )
    if parquet:
        parts.append(
            ray.data.read_parquet(parquet, include_paths=True).map_batches(
                _articles_from_records, batch_format="pyarrow"
            )
        )
    dataset = parts[0]
    return dataset.union(*parts[1:]) if len(parts) > 1 else dataset


def _article_json(article: Article) -> str:
    """An article between Ray tasks: its text, debris marks and metadata, as read."""
    return json.dumps(
        {
            "id": str(article.path),
            "title": article.title.text,
            "paragraphs": [p.text for p in article.paragraphs],
            "debris": [p.debris for p in article.paragraphs],
            "meta": article.meta.as_dict(),
        },
        ensure_ascii=False,
    )


def _articles_from_files(batch: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"article": [], "error": []}
    for data, path in zip(batch["bytes"].to_pylist(), batch["path"].to_pylist(), strict=True):
        read = read_html_bytes if path.lower().endswith(HTML_SUFFIXES) else read_article_bytes
        try:
            out["article"].append(_article_json(read(data, Path(path))))
            out["error"].append("")
        except ArticleError as exc:
            out["article"].append("")
            out["error"].append(str(exc))
    return out


def _articles_from_records(batch: Any) -> dict[str, list[str]]:
    return _articles(batch.to_pylist())


def _articles_from_lines(batch: Any) -> dict[str, list[str]]:
    records: list[object] = []
    for line, path in zip(batch["text"].to_pylist(), batch["path"].to_pylist(), strict=True):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            record = ArticleError(Path(path), f"a line is not JSON ({exc})")
        records.append(record if not isinstance(record, dict) else {**record, "path": path})
    return _articles(records)


def _articles(records: list[object]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"article": [], "error": []}
    for record in records:
        try:
            if isinstance(record, ArticleError):
                raise record
            if not isinstance(record, dict):
                raise ArticleError(Path("record"), "a record must be a JSON object")
            article = article_from_record(record, str(record.get("path", "record")))
            out["article"].append(_article_json(article))
            out["error"].append("")
        except ArticleError as exc:
            out["article"].append("")
            out["error"].append(str(exc))
    return out


def _loads(article: str) -> Article:
    record = json.loads(article)
    paragraphs = zip(record["paragraphs"], record["debris"], strict=True)
    return Article(
        Path(record["id"]),
        Paragraph(record["title"]),
        tuple(Paragraph(text, reason) for text, reason in paragraphs),
        ArticleMeta(**record["meta"]),
    )


def _paragraphs(batch: dict[str, Any]) -> dict[str, list[str]]:
    """Article rows to paragraph rows; unreadable articles pass on as error rows."""
    out: dict[str, list[str]] = {"paragraph": [], "error": []}
    for article, error in zip(batch["article"], batch["error"], strict=True):
        if error:
            out["paragraph"].append("")
            out["error"].append(str(error))
            continue
        # Debris is never translated; what a person marked is skipped by the actors.
        for block in _loads(str(article)).story:
            out["paragraph"].append(block.text)
            out["error"].append("")
    return out


# -- translating on workers ------------------------------------------------------------


class Translator:
    """A Ray Data actor: opens the engine once, then translates batches of paragraphs."""

    def __init__(
        self,
        spec: EngineSpec,
        models_dir: str | None,
        key: str,
        known: list[ObjectRef[tuple[set[bytes], set[bytes], set[bytes]]]],
        batch_tokens: int,
    ) -> None:
        import ray

        # Without a folder (on a cluster) each node converts into its own cache.
        self.engine = spec.open(Path(models_dir) if models_dir else None)
        if self.engine.key != key:
            raise RuntimeError(
                f"this worker's {spec.model} is not the driver's (engine key {self.engine.key} "
                f"!= {key}); give every node the same model files"
            )
        self.engine.load()
        # Wrapped in a list so that Ray hands over the reference, fetched once here.
        self.paragraphs_done, self.pieces_done, self.marked = ray.get(known[0])
        self.batch_tokens = batch_tokens

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        """One row out per distinct paragraph in; ``status`` says what became of it."""
        out: dict[str, list[str]] = {
            k: [] for k in ("status", "paragraph", "spans", "pieces", "error")
        }

        def emit(
            status: str, text: str = "", spans: str = "[]", pieces: str = "{}", error: str = ""
        ) -> None:
            for column, value in zip(out, (status, text, spans, pieces, error), strict=True):
                out[column].append(value)

        plans: dict[str, list[Span]] = {}
        for text, error in zip(batch["paragraph"], batch["error"], strict=True):
            text, error = str(text), str(error)
            if error:
                emit("unreadable", error=error)
            elif short_hash(text) in self.marked:
                emit("debris", text)
            elif text in plans:
                emit("duplicate", text)  # one row out per row in keeps progress true
            elif short_hash(text) in self.paragraphs_done:
                emit("cached", text)
            else:
                plans[text] = split_to_fit(
                    text, self.engine.count_tokens, self.engine.max_input_tokens
                )
        pieces = {text[s.start : s.end] for text, spans in plans.items() for s in spans}
        missing = [p for p in sorted(pieces) if short_hash(p) not in self.pieces_done]
        results: dict[str, str | Exception] = {}
        for done in translate_pieces(missing, self.engine, self.batch_tokens):
            results.update(done)
        for text, spans in plans.items():
            own = [text[s.start : s.end] for s in spans]
            failures = sorted(
                {str(results[p]) for p in own if isinstance(results.get(p), Exception)}
            )
            new = {p: results[p] for p in own if isinstance(results.get(p), str)}
            emit(
                "failed" if failures else "translated",
                text,
                json.dumps([[s.start, s.end] for s in spans]),
                json.dumps(new, ensure_ascii=False),
                "; ".join(failures),
            )
        return out


# -- the driver --------------------------------------------------------------------------


def known_hashes(cache: Cache, key: str) -> tuple[set[bytes], set[bytes], set[bytes]]:
    """Paragraphs and pieces this engine has already translated, and the paragraphs a
    person marked as debris, read once."""
    return (
        {bytes.fromhex(h)[:12] for h in cache.source_hashes("paragraphs", key)},
        {bytes.fromhex(h)[:12] for h in cache.source_hashes("pieces", key)},
        {bytes.fromhex(h)[:12] for h in cache.marked_debris()},
    )


def store_results(
    cache: Cache, engine: Engine, rows: dict[str, list[str]], outcome: RayOutcome
) -> int:
    """Assemble arriving paragraphs as the local pipeline does; one transaction per batch."""
    new_pieces: dict[str, str] = {}
    finished: list[tuple[str, list[Span], list[str]]] = []
    wanted: list[str] = []
    for status, text, spans_json, pieces_json, error in zip(
        rows["status"], rows["paragraph"], rows["spans"], rows["pieces"], rows["error"], strict=True
    ):
        if status == "unreadable":
            outcome.problems.append(error)
            continue
        if status == "cached":
            outcome.from_cache += 1
            continue
        if status == "debris":
            continue
        if status == "failed":
            outcome.failed[text] = error
            continue
        pieces = json.loads(pieces_json)
        new_pieces.update(pieces)
        spans = [Span(start, end) for start, end in json.loads(spans_json)]
        own = [text[s.start : s.end] for s in spans]
        finished.append((text, spans, own))
        wanted += [p for p in own if p not in pieces]
    known = {**cache.pieces(engine.key, wanted), **new_pieces}
    paragraphs = []
    for text, spans, own in finished:
        if all(p in known for p in own):
            translation, alignment = assemble(text, spans, [known[p] for p in own])
            paragraphs.append((text, translation, alignment))
        else:  # a piece another process removed from the cache meanwhile
            outcome.failed[text] = "a piece of it is missing from the cache; run again"
    cache.store(engine.key, new_pieces, paragraphs, engine.name)
    outcome.translated += len(paragraphs)
    return len(finished)


def translate_on_ray(
    files: list[Path],
    engine: Engine,
    spec: EngineSpec,
    cache: Cache,
    options: RayOptions,
    *,
    on_plan: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> RayOutcome:
    """Translate every paragraph of these article files and shards into the cache.

    ``on_plan`` hears how many paragraph rows there are, ``on_progress`` how
    many have come back so far; ``cancelled`` is asked after each arriving
    batch, and a stopped job keeps everything that arrived.
    """
    ray = connect(options)
    outcome = RayOutcome()
    cache.register_engine(engine.key, engine.name, engine.signature)
    # Download (and convert) once, here, rather than in every worker at the same time.
    engine.fetch()
    with job_errors(ray):
        articles = read_dataset(ray, files).materialize()
        from ray.data.expressions import col

        outcome.articles = articles.filter(expr=col("error") == "").count()
        paragraphs = (
            articles.map_batches(_paragraphs, batch_format="numpy")
            # Blocks of exactly one batch: Ray bundles smaller blocks into one task,
            # and a task is what a dead worker takes down with it.
            .repartition(target_num_rows_per_block=options.paragraphs_per_task, strict=True)
            .materialize()
        )
        outcome.paragraphs = paragraphs.count()
        if on_plan:
            on_plan(outcome.paragraphs)
        known = ray.put(known_hashes(cache, engine.key))
        cpus = (
            max(1, (os.cpu_count() or 1) // max(1, options.workers)) if not options.address else 1
        )
        with warnings.catch_warnings():
            # Ray 2.60 deprecates these remote args but names no other way to bound retries.
            warnings.simplefilter("ignore", DeprecationWarning)
            translated = paragraphs.map_batches(
                Translator,
                fn_constructor_kwargs={
                    "spec": spec,
                    "models_dir": options.models_dir,
                    "key": engine.key,
                    "known": [known],
                    "batch_tokens": options.batch_tokens,
                },
                batch_size=options.paragraphs_per_task,
                batch_format="numpy",
                # One task at a time per actor: a worker that dies takes only the
                # batch it was running with it, not the ones queued behind it.
                compute=ray.data.ActorPoolStrategy(
                    size=options.workers, max_tasks_in_flight_per_actor=1
                ),
                num_cpus=cpus,
                num_gpus=options.gpus_per_worker or None,
                max_restarts=-1,
                max_task_retries=TASK_RETRIES,
            )
        # A batch whose retries ran out is dropped rather than abort the whole job:
        # every batch that did arrive is cached, and the rows that never came back
        # are counted below.
        translated.context.max_errored_blocks = -1
        done = 0
        for batch in translated.iter_batches(batch_size=None, batch_format="numpy"):
            rows = {
                k: [str(v) for v in batch[k]]
                for k in ("status", "paragraph", "spans", "pieces", "error")
            }
            done += len(rows["status"])
            store_results(cache, engine, rows, outcome)
            if on_progress:
                on_progress(done)
            if cancelled():
                break
        else:
            outcome.lost = outcome.paragraphs - done
    return outcome


# -- shard output, written by workers -------------------------------------------------


class CacheReader:
    """A Ray actor on the driver's node: the one place workers read translations from."""

    def __init__(self, cache_dir: str) -> None:
        self.cache = Cache(Path(cache_dir))

    def paragraphs(self, key: str, texts: list[str]) -> dict[str, CachedParagraph]:
        return self.cache.paragraphs(key, texts)

    def marks(self, texts: list[str]) -> dict[str, str | None]:
        return self.cache.marks(texts)


class Exporter:
    """A Ray Data actor: articles in, finished bireader.article/1 records out."""

    # reader: a CacheReader actor handle in a list; Ray types a handle's methods as Never.
    def __init__(self, reader: list[Any], signature: dict[str, Any], key: str, fmt: str) -> None:
        self.reader, self.signature, self.key, self.fmt = reader[0], signature, key, fmt

    def __call__(self, batch: dict[str, Any]) -> Any:
        import pyarrow as pa
        import ray

        articles = [
            _loads(str(a)) for a, e in zip(batch["article"], batch["error"], strict=True) if not e
        ]
        texts = list(dict.fromkeys(p.text for a in articles for p in a.blocks))
        translations: dict[str, CachedParagraph] = (
            ray.get(self.reader.paragraphs.remote(self.key, texts)) if texts else {}
        )
        marks = ray.get(self.reader.marks.remote(texts)) if texts else {}
        articles = [with_marks(a, marks) for a in articles]
        rows = []
        for article in articles:
            result = ArticleResult(article, article.source, translations, {})
            document = json.loads(to_json(result, self.signature, self.key))
            if self.fmt == "jsonl":
                # The very document --format json writes, on one line.
                rows.append({"line": json.dumps(document, ensure_ascii=False)})
            else:
                rows.append(_flat_record(article, translations, document, self.key))
        if self.fmt == "jsonl":
            return pa.Table.from_pylist(rows, schema=pa.schema([("line", pa.string())]))
        return pa.Table.from_pylist(rows, schema=parquet_schema())


def parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("engine_key", pa.string()),
            ("title", pa.string()),
            ("title_translation", pa.string()),
            ("paragraphs", pa.list_(pa.string())),
            ("translations", pa.list_(pa.string())),
            ("debris", pa.list_(pa.string())),  # why a paragraph is not translated, or null
            ("complete", pa.bool_()),
            ("document", pa.string()),
        ]
    )


def _flat_record(
    article: Article, translations: dict[str, CachedParagraph], document: dict[str, Any], key: str
) -> dict[str, Any]:
    def text(block: Paragraph) -> str | None:
        cached = None if block.debris else translations.get(block.text)
        return cached.translation if cached else None

    return {
        "id": str(article.path),
        "engine_key": key,
        "title": article.title.text,
        "title_translation": text(article.title),
        "paragraphs": [p.text for p in article.paragraphs],
        "translations": [text(p) for p in article.paragraphs],
        "debris": [p.debris for p in article.paragraphs],
        "complete": all(b.text in translations for b in article.story),
        "document": json.dumps(document, ensure_ascii=False),
    }


def write_shards(
    files: list[Path], engine: Engine, cache: Cache, out_dir: Path, fmt: str, options: RayOptions
) -> list[Path]:
    """Write one record per article as JSONL or Parquet shards, from Ray workers."""
    ray = connect(options)
    from ray.data.datasource import BlockBasedFileDatasink, FilenameProvider
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    class Shards(FilenameProvider):
        def get_filename_for_task(self, write_uuid: str, task_index: int) -> str:
            return f"part-{task_index:05d}-{write_uuid}.{fmt}"

    class JsonLines(BlockBasedFileDatasink):
        """Each row's ready-made JSON line, as is (Ray's write_json would re-encode it)."""

        def write_block_to_file(self, block: Any, file: Any) -> None:
            table = block.to_arrow()
            if "line" not in table.column_names:  # an empty block carries no schema
                return
            for line in table.column("line").to_pylist():
                file.write((line + "\n").encode("utf-8"))

    here = ray.get_runtime_context().get_node_id()
    reader = (
        ray.remote(CacheReader)
        .options(num_cpus=0, scheduling_strategy=NodeAffinitySchedulingStrategy(here, soft=False))
        .remote(str(cache.directory))
    )
    records = read_dataset(ray, files).map_batches(
        Exporter,
        fn_constructor_kwargs={
            "reader": [reader],
            "signature": engine.signature,
            "key": engine.key,
            "fmt": fmt,
        },
        batch_size=ARTICLES_PER_EXPORT,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=options.workers),
        num_cpus=0.5,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"part-*.{fmt}"):  # a previous run's shards, and only those
        old.unlink()
    with job_errors(ray):
        if fmt == "jsonl":
            records.write_datasink(
                JsonLines(str(out_dir), filename_provider=Shards(), file_format="jsonl")
            )
        else:
            records.write_parquet(str(out_dir), filename_provider=Shards())
    return sorted(out_dir.glob(f"part-*.{fmt}"))


def iter_shard_records(out_dir: Path) -> Iterator[dict[str, Any]]:
    """The records of written shards (JSONL or Parquet), for tests and tools."""
    for path in sorted(out_dir.iterdir()):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)
        elif path.suffix == ".parquet":
            import pyarrow.parquet as pq

            yield from pq.read_table(path).to_pylist()


def translate_batch_on_ray(
    paths: list[Path],
    out_dir: Path,
    engine: Engine,
    spec: EngineSpec,
    cache: Cache,
    options: RayOptions,
    *,
    fmt: str = "md",
    layout: str = "side",
    warn: Callable[[str], None] = print,
    on_plan: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Summary:
    """``bireader translate --engine ray``: translate on Ray, then write the output."""
    files, problems = article_files(paths, exclude=out_dir)
    summary = Summary(skipped=problems)
    outcome = RayOutcome()
    if files:
        outcome = translate_on_ray(
            files, engine, spec, cache, options, on_plan=on_plan, on_progress=on_progress
        )
    if outcome.lost:
        warn(outcome.lost_message)
    if fmt in RAY_FORMATS:
        for problem in problems:
            warn(f"skipped {problem}")
        for message in outcome.problems:
            warn(f"skipped {message}")
        for text, reason in outcome.failed.items():
            warn(failure_line(text, reason))
        summary.written = write_shards(files, engine, cache, out_dir, fmt, options) if files else []
        summary.articles = outcome.articles
        summary.skipped += [ArticleError(Path(p.split(": ", 1)[0]), p) for p in outcome.problems]
        summary.failed = len(outcome.failed) + outcome.lost
    else:
        # Every translation is in the cache now: the local exporter writes the files,
        # so they are exactly what the single-machine path writes.
        summary = translate_batch(
            paths, out_dir, engine, cache, fmt=fmt, layout=layout, warn=warn, cached_only=True
        )
    summary.translated, summary.from_cache = outcome.translated, outcome.from_cache
    return summary
