"""Ray Data against the single-process path, on a generated archive, figures printed.

    python bench/ray_bench.py                   # 2,000 articles, tiny Marian and identity
    python bench/ray_bench.py --articles 500    # a quicker look

The archive is JSONL shards of generated articles whose sentences are drawn
word by word from the seeds' vocabulary, so (unlike the seeds repeated) no
two sentences are alike and the cache cannot shortcut the work. Each
configuration starts from an empty cache and translates the whole archive:

- local: ``bireader translate`` in one process (``--engine local``);
- ray, 1 worker and 2 workers: ``--engine ray`` on a local Ray started for the
  run (its start-up time is reported apart, as a cluster is started once).

Two engines: the identity engine, which costs nothing, so its figures are
the overhead of each path alone; and the random-weight tiny Marian, the
real work in miniature. The output format is JSONL shards in both cases.
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
from translate.jobs.ray import RayOptions, translate_batch_on_ray  # noqa: E402
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


def run_local(archive: Path, model: str, work: Path) -> float:
    start = time.perf_counter()
    with Cache(work / "cache") as cache:
        engine = open_engine(model, models_dir=cache.models_dir)
        summary = translate_batch([archive], work / "out", engine, cache, fmt="json")
    assert summary.ok, summary.line()
    return time.perf_counter() - start


def run_ray(archive: Path, model: str, work: Path, workers: int) -> float:
    start = time.perf_counter()
    with Cache(work / "cache") as cache:
        spec = EngineSpec(model)
        engine = spec.open(cache.models_dir)
        options = RayOptions(workers=workers, models_dir=str(cache.models_dir))
        summary = translate_batch_on_ray(
            [archive], work / "out", engine, spec, cache, options, fmt="jsonl"
        )
    assert summary.ok, summary.line()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--paragraphs", type=int, default=3, help="per article, plus the title")
    args = parser.parse_args()

    import ray

    work = Path(tempfile.mkdtemp(prefix="bireader-raybench-"))
    archive = work / "archive"
    total = generate_archive(archive, args.articles, args.paragraphs)
    marian = build_marian(work / "marian-tiny", seed_corpus(SEEDS))
    start = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    startup = time.perf_counter() - start

    cores = os.cpu_count()
    print(f"{cores} CPU cores; {args.articles} articles, {total} paragraphs (titles included)")
    print(f"local Ray start-up: {startup:.1f} s (not counted below)")
    print(f"{'engine':<12} {'path':<16} {'seconds':>8} {'paragraphs/s':>13} {'vs local':>9}")
    for label, model in (("identity", "identity"), ("tiny Marian", str(marian))):
        results = {}
        for name, runner in (
            ("local", lambda w, m=model: run_local(archive, m, w)),
            ("ray, 1 worker", lambda w, m=model: run_ray(archive, m, w, 1)),
            ("ray, 2 workers", lambda w, m=model: run_ray(archive, m, w, 2)),
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
