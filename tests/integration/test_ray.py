"""Batch translation on a local Ray: the same results as the single-machine path."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATA_DIR

from translate.articles import article_files, find_articles, read_article
from translate.cache import Cache
from translate.cli import main
from translate.engines import EngineSpec, IdentityEngine, open_engine

ray = pytest.importorskip("ray")
cloudpickle = pytest.importorskip("ray.cloudpickle")
pytestmark = pytest.mark.ray

from translate.jobs.ray import (  # noqa: E402 - only with Ray installed
    TASK_RETRIES,
    RayOptions,
    RayUnavailable,
    iter_shard_records,
    translate_batch_on_ray,
    translate_on_ray,
)

SMALL_BLOCK = 16  # paragraphs per Ray task, where a test needs the seeds in several blocks


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def run(*args: str):
    return CliRunner().invoke(main, ["translate", *map(str, args)], catch_exceptions=False)


def identity_on_ray(source: Path, out: Path, cache: Path, fmt: str, *extra: str):
    """``bireader translate`` on Ray with the identity engine."""
    return run(
        source,
        "--out",
        out,
        "--format",
        fmt,
        "--engine",
        "ray",
        "--model",
        "identity",
        "--cache",
        cache,
        *extra,
    )


def seed_articles(seeds_dir: Path):
    return [read_article(f) for f in find_articles([seeds_dir])[0]]


def write_shards(seeds_dir: Path, folder: Path, extra: list[str] = ()) -> Path:
    """The seeds as an archive: two JSONL shards of records (id, title, paragraphs)."""
    folder.mkdir()
    records = [
        json.dumps(
            {
                "id": a.path.stem,
                "title": a.title.text,
                "paragraphs": [p.text for p in a.paragraphs],
            },
            ensure_ascii=False,
        )
        for a in seed_articles(seeds_dir)
    ]
    (folder / "a.jsonl").write_text("\n".join(records[:2]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join([*records[2:], *extra]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_identity_through_ray_gives_back_every_article_exactly(tmp_path, seeds_dir):
    result = identity_on_ray(seeds_dir, tmp_path / "o", tmp_path / "c", "json", "--workers", "2")
    assert result.exit_code == 0, result.output
    for article in seed_articles(seeds_dir):
        document = json.loads((tmp_path / "o" / f"{article.path.stem}.json").read_text())
        got = [
            document["title"]["translation"],
            *(p["translation"] for p in document["paragraphs"]),
        ]
        # Debris is carried through, marked and untranslated.
        assert got == [None if b.debris else b.text for b in article.blocks]


@pytest.mark.slow
def test_saved_pages_on_ray_give_what_the_single_machine_path_gives(tmp_path):
    pages = DATA_DIR / "web"
    local = run(
        pages,
        "--out",
        tmp_path / "local",
        "--cache",
        tmp_path / "c1",
        "--format",
        "json",
        "--model",
        "identity",
    )
    assert local.exit_code == 0, local.output
    on_ray = identity_on_ray(pages, tmp_path / "ray", tmp_path / "c2", "json")
    assert on_ray.exit_code == 0, on_ray.output
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "ray").iterdir()) and len(names) == 6
    for name in names:
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    shards = identity_on_ray(pages, tmp_path / "shards", tmp_path / "c2", "jsonl")
    assert shards.exit_code == 0, shards.output
    records = {r["source_file"]: r for r in iter_shard_records(tmp_path / "shards")}
    for name in (n for n in names if n != "index.json"):
        document = json.loads((tmp_path / "local" / name).read_text())
        assert records[document["source_file"]] == document


@pytest.mark.slow
def test_ray_writes_byte_identical_json_to_the_single_machine_path(tmp_path, seeds_dir, marian_dir):
    common = ["--format", "json", "--model", marian_dir, "--backend", "transformers"]
    local = run(seeds_dir, "--out", tmp_path / "local", "--cache", tmp_path / "c1", *common)
    assert local.exit_code == 0, local.output
    on_ray = run(
        seeds_dir,
        "--out",
        tmp_path / "ray",
        "--cache",
        tmp_path / "c2",
        *common,
        "--engine",
        "ray",
    )
    assert on_ray.exit_code == 0, on_ray.output
    assert "0 from cache" in on_ray.output
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "ray").iterdir())
    assert len(names) == len(seed_articles(seeds_dir)) + 1  # and the index
    for name in names:
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


@pytest.mark.slow
def test_a_stopped_job_resumes_from_what_is_cached(tmp_path, seeds_dir, marian_dir):
    files, _ = article_files([seeds_dir])
    spec = EngineSpec(str(marian_dir), beams=1)
    engine = spec.open()
    options = RayOptions(paragraphs_per_task=SMALL_BLOCK)  # several batches to stop between
    total = len({b.text for a in seed_articles(seeds_dir) for b in a.story})
    with Cache(tmp_path / "c") as cache:
        first = translate_on_ray(files, engine, spec, cache, options, cancelled=lambda: True)
        assert 0 < first.translated < total
        pieces_before = dict(
            cache._db.execute("SELECT source_hash, created FROM pieces").fetchall()
        )
        second = translate_on_ray(files, engine, spec, cache, options)
        assert second.translated == total - first.translated
        assert second.from_cache >= first.translated
        # Nothing the first job finished was translated again.
        after = dict(cache._db.execute("SELECT source_hash, created FROM pieces").fetchall())
        assert all(after[h] == created for h, created in pieces_before.items())
        assert (
            len(
                cache.paragraphs(
                    engine.key, [b.text for a in seed_articles(seeds_dir) for b in a.story]
                )
            )
            == total
        )


@pytest.mark.slow
def test_sharded_jsonl_in_and_out_with_a_bad_record_skipped(tmp_path, seeds_dir):
    shards = write_shards(seeds_dir, tmp_path / "in", extra=['{"id": "broken", "title": 5}'])
    result = identity_on_ray(shards, tmp_path / "o", tmp_path / "c", "jsonl")
    assert result.exit_code == 2, result.output
    assert "broken" in result.output and "skipped" in result.output
    records = list(iter_shard_records(tmp_path / "o"))
    assert all(
        p.name.startswith("part-") and p.suffix == ".jsonl" for p in (tmp_path / "o").iterdir()
    )
    expected = {a.path.stem: a for a in seed_articles(seeds_dir)}
    assert sorted(r["source_file"] for r in records) == sorted(expected)
    for record in records:
        article = expected[record["source_file"]]
        assert record["schema"] == "bireader.article/1"
        assert record["title"]["translation"] == article.title.text
        assert [p["translation"] for p in record["paragraphs"]] == [
            None if p.debris else p.text for p in article.paragraphs
        ]

    # The same shards again, as Parquet: all from the cache now.
    again = identity_on_ray(shards, tmp_path / "p", tmp_path / "c", "parquet")
    assert "0 paragraphs translated" in again.output
    rows = list(iter_shard_records(tmp_path / "p"))
    assert sorted(r["id"] for r in rows) == sorted(expected)
    for row in rows:
        article = expected[row["id"]]
        assert row["debris"] == [p.debris for p in article.paragraphs]
        assert row["complete"] and row["translations"] == [
            None if p.debris else p.text for p in article.paragraphs
        ]
        assert json.loads(row["document"])["source_file"] == row["id"]


def test_shards_read_locally_give_the_same_json_as_article_files(tmp_path, seeds_dir):
    shards = write_shards(seeds_dir, tmp_path / "in")
    engine = open_engine("identity")
    with Cache(tmp_path / "c") as cache:
        from translate.jobs.local import translate_batch

        summary = translate_batch([shards], tmp_path / "o", engine, cache, fmt="json")
    assert summary.ok and summary.articles == len(seed_articles(seeds_dir))


class DyingEngine(IdentityEngine):
    """The identity engine, except that its process dies on the first batch with
    ``fatal`` in it, as a worker does on a lost node or a crashing library;
    ``times`` says how many times before it gets through (a marker file counts,
    since each death takes the worker's memory with it)."""

    def __init__(self, marker: str, fatal: str, times: int) -> None:
        super().__init__()
        self.marker, self.fatal, self.times = Path(marker), fatal, times

    def translate(self, sources: list[str]) -> list[str]:
        if any(s in self.fatal for s in sources):  # sources are its sentence pieces
            deaths = len(self.marker.read_text()) if self.marker.exists() else 0
            if deaths < self.times:
                self.marker.write_text("x" * (deaths + 1))
                os._exit(1)
        return super().translate(sources)


@dataclass(frozen=True)
class DyingSpec(EngineSpec):
    marker: str = ""
    fatal: str = ""
    times: int = 1

    def open(self, models_dir=None, memo=None):
        return DyingEngine(self.marker, self.fatal, self.times)


@dataclass(frozen=True)
class OtherModelSpec(EngineSpec):
    """As if a worker's node had other model files than the driver's."""

    def open(self, models_dir=None, memo=None):
        return IdentityEngine(max_input_tokens=300)


# Ray's workers cannot import this test module; ship the classes above by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def dying_spec(tmp_path, seeds_dir, times: int) -> DyingSpec:
    """A worker that dies ``times`` times on the batch with one of the seeds' paragraphs."""
    fatal = seed_articles(seeds_dir)[2].story[3].text  # a paragraph that is translated
    return DyingSpec("identity", marker=str(tmp_path / "deaths"), fatal=fatal, times=times)


def test_a_worker_that_dies_is_restarted_and_its_batch_retried(tmp_path, seeds_dir):
    files, _ = article_files([seeds_dir])
    spec = dying_spec(tmp_path, seeds_dir, times=2)
    engine = spec.open()
    with Cache(tmp_path / "c") as cache:
        outcome = translate_on_ray(files, engine, spec, cache, RayOptions())
        texts = [b.text for a in seed_articles(seeds_dir) for b in a.story]
        cached = cache.paragraphs(engine.key, texts)
    assert (tmp_path / "deaths").read_text() == "xx"
    assert outcome.lost == 0 and not outcome.failed
    assert {t: c.translation for t, c in cached.items()} == {t: t for t in texts}


@pytest.mark.slow
def test_a_batch_that_keeps_killing_its_worker_is_given_up_and_reported(tmp_path, seeds_dir):
    spec = dying_spec(tmp_path, seeds_dir, times=99)
    engine = spec.open()
    warnings: list[str] = []
    with Cache(tmp_path / "c") as cache:
        summary = translate_batch_on_ray(
            [seeds_dir],
            tmp_path / "o",
            engine,
            spec,
            cache,
            # Blocks smaller than the seeds, so that there are other blocks to go on with.
            RayOptions(paragraphs_per_task=SMALL_BLOCK),
            warn=warnings.append,
        )
    assert len((tmp_path / "deaths").read_text()) == TASK_RETRIES + 1
    # The job went on past that batch: only its paragraphs are missing.
    lost = [w for w in warnings if "killed its Ray worker" in w]
    assert len(lost) == 1 and "run again" in lost[0]
    missing = [w for w in warnings if w.startswith("no translation for paragraph")]
    assert 0 < len(missing) <= SMALL_BLOCK
    assert not summary.ok and summary.failed == len(missing)
    assert summary.translated > 0


@pytest.mark.slow
def test_a_worker_with_another_model_stops_the_job_with_one_line(tmp_path, seeds_dir):
    files, _ = article_files([seeds_dir])
    with Cache(tmp_path / "c") as cache, pytest.raises(RayUnavailable) as failure:
        translate_on_ray(
            files, open_engine("identity"), OtherModelSpec("identity"), cache, RayOptions()
        )
    message = str(failure.value)
    assert "\n" not in message
    assert message.startswith("the Ray job stopped: RuntimeError: this worker's identity")
    assert message.endswith(
        "give every node the same model files; finished batches are cached, run again to go on"
    )
