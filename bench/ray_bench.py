"""Ray Data against the single-process path, on a generated archive, figures printed.

    python bench/ray_bench.py                   # 2,000 articles, identity and tiny Marian
    python bench/ray_bench.py --size base --articles 500 --engines marian
    python bench/ray_bench.py --block 64        # paragraphs per Ray task (default: the product's)

The archive is JSONL shards of generated articles whose sentences are drawn
word by word from the seeds' vocabulary, so (unlike the seeds repeated) no
two sentences are alike and the cache cannot shortcut the work. Each
configuration starts from an empty cache and translates the whole archive:

- local: ``bireader translate`` in one process (``--engine local``);
- ray, 1 worker and 2 workers: ``--engine ray`` on a local Ray started for the
  run (its start-up time is reported apart, as a cluster is started once).

Two engines: the identity engine, which costs nothing, so its figures are
the overhead of each path alone; and a random-weight Marian (tiny, the real
work in miniature, or ``--size base``, transformer-base) decoded by the
default backend, CTranslate2 int8, with its 4 beams. The output format is
JSONL shards in both cases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.cache import Cache  # noqa: E402
from translate.engines import EngineSpec, open_engine  # noqa: E402
from translate.jobs.local import translate_batch  # noqa: E402
from translate.jobs.ray import (  # noqa: E402
    PARAGRAPHS_PER_TASK,
    RayOptions,
    translate_batch_on_ray,
)
from translate.testing.synthetic import build_marian, seed_corpus  # noqa: E402

SEEDS = ROOT / "seeds"


def generate_archive(folder: Path, articles: int, paragraphs: int, seed: int = 0) -> int:
    """JSONL shards of made-up articles; returns the number of paragraphs."""
    rng = random.Random(seed)
    words = sorted({w for line in seed_corpus(SEEDS) for w in re.findall(r"\w+", line)})
    folder.mkdir(parents=True)

    def sentence() -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))
        return text[0].upper() + text[1:] + "."

    per_shard = 500
    for start in range(0, articles, per_shard):
        lines = []
        for number in range(start, min(start + per_shard, articles)):
            record = {
                "id": f"article-{number:06d}",
                "title": sentence()[:-1],
                "paragraphs": [f"{sentence()} {sentence()}" for _ in range(paragraphs)],
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        (folder / f"shard-{start // per_shard:04d}.jsonl").write_text("\n".join(lines) + "\n")
    return articles * (paragraphs + 1)


def run_local(archive: Path, model: str, work: Path, models: Path) -> float:
    start = time.perf_counter()
    with Cache(work / "cache") as cache:
        engine = open_engine(model, models_dir=models)
        summary = translate_batch([archive], work / "out", engine, cache, fmt="json")
    assert summary.ok, summary.line()
    return time.perf_counter() - start


def run_ray(archive: Path, model: str, work: Path, models: Path, workers: int, block: int) -> float:
    start = time.perf_counter()
    with Cache(work / "cache") as cache:
        spec = EngineSpec(model)
        engine = spec.open(models)
        options = RayOptions(workers=workers, models_dir=str(models), paragraphs_per_task=block)
        summary = translate_batch_on_ray(
            [archive], work / "out", engine, spec, cache, options, fmt="jsonl"
        )
    assert summary.ok, summary.line()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--paragraphs", type=int, default=3, help="per article, plus the title")
    parser.add_argument("--size", choices=("tiny", "base"), default="tiny", help="Marian's size")
    parser.add_argument("--engines", default="identity,marian", help="identity, marian or both")
    parser.add_argument(
        "--block", type=int, default=PARAGRAPHS_PER_TASK, help="paragraphs per Ray task"
    )
    args = parser.parse_args()

    import ray

    work = Path(tempfile.mkdtemp(prefix="bireader-raybench-"))
    archive = work / "archive"
    total = generate_archive(archive, args.articles, args.paragraphs)
    marian = build_marian(work / f"marian-{args.size}", seed_corpus(SEEDS), preset=args.size)
    # Converted once, as a user's first run does, into one folder every row shares,
    # so that no row pays for it.
    models = work / "models"
    open_engine(str(marian), models_dir=models).fetch()
    start = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    startup = time.perf_counter() - start

    cores = os.cpu_count()
    print(
        f"{cores} CPU cores; {args.articles} articles, {total} paragraphs (titles included); "
        f"{args.block} paragraphs per Ray task"
    )
    print(f"local Ray start-up: {startup:.1f} s (not counted below)")
    print(f"{'engine':<12} {'path':<16} {'seconds':>8} {'paragraphs/s':>13} {'vs local':>9}")
    engines = {"identity": "identity", "marian": str(marian)}
    for label in args.engines.split(","):
        model = engines[label]
        label = f"{args.size} Marian" if label == "marian" else label
        results = {}
        for name, runner in (
            ("local", lambda w, m=model: run_local(archive, m, w, models)),
            ("ray, 1 worker", lambda w, m=model: run_ray(archive, m, w, models, 1, args.block)),
            ("ray, 2 workers", lambda w, m=model: run_ray(archive, m, w, models, 2, args.block)),
        ):
            results[name] = runner(Path(tempfile.mkdtemp(dir=work)))
            ratio = results["local"] / results[name]
            print(
                f"{label:<12} {name:<16} {results[name]:>8.1f} {total / results[name]:>13.1f} "
                f"{ratio:>8.2f}x"
            )
    ray.shutdown()


if __name__ == "__main__":
    main()
