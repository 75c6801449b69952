"""The reader goes on whatever a worker raises: a notice, never an exit."""

from __future__ import annotations

import time

from helpers import SIZE, UpperEngine, make_app, screen_text, settle

import reader.app
from reader.app import ReaderApp
from translate.cache import Cache
from translate.engines import EngineSpec
from translate.engines.models import ModelUnavailable


class ExplodingEngine(UpperEngine):
    """Raises where the pipeline does not catch: while counting tokens for batching."""

    def count_tokens(self, text):
        raise RuntimeError("tokenizer exploded")


class FailingBatchEngine(UpperEngine):
    def translate(self, sources):
        raise RuntimeError("batch exploded")


async def wait_for_status(pilot, app: ReaderApp, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if text in app.status_text and not any(w.is_running for w in app.workers):
            return
    raise AssertionError(f"status never said {text!r}; it says {app.status_text!r}")


async def quits_cleanly(pilot, app: ReaderApp) -> None:
    await pilot.press("q")
    await pilot.pause(0.1)
    assert app.return_code == 0


async def test_a_broken_model_leaves_the_originals_readable(tmp_path, seeds_dir, marian_dir):
    import shutil

    broken = tmp_path / "model"
    shutil.copytree(marian_dir, broken)
    data = (broken / "model.safetensors").read_bytes()
    (broken / "model.safetensors").write_bytes(data[: len(data) // 2])
    article = seeds_dir / "004_0aca5b8c67ae9ee5.txt"
    app = ReaderApp([article], EngineSpec(str(broken)), tmp_path / "c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_status(pilot, app, "model not available")
        assert app.is_running
        shown = screen_text(app.pairs)
        assert (
            app.article.paragraphs[0].text[:30] in shown.replace("\n", " ")
            or app.article.title[:20] in shown
        )
        await pilot.press("j", "j")  # still answers keys
        await quits_cleanly(pilot, app)


async def test_an_exception_in_a_worker_is_a_notice_not_an_exit(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], ExplodingEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_status(pilot, app, "translating failed")
        assert app.is_running
        assert any("tokenizer exploded" in n.message for n in app._notifications)
        await quits_cleanly(pilot, app)


async def test_a_failing_batch_marks_its_paragraphs_and_the_reader_goes_on(tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], FailingBatchEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.notes and all("batch exploded" in note for note in app.notes.values())
        await quits_cleanly(pilot, app)


async def test_a_failing_cache_write_is_a_notice_and_nothing_shown_is_lost(
    tmp_path, seeds_dir, monkeypatch
):
    import sqlite3

    def broken_store(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Cache, "store", broken_store)
    app = make_app(tmp_path, [seeds_dir / "004_0aca5b8c67ae9ee5.txt"], UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_status(pilot, app, "failed")
        assert app.is_running
        assert any("disk I/O error" in n.message for n in app._notifications)
        await quits_cleanly(pilot, app)


async def test_compare_keeps_the_engine_choice_the_reader_was_started_with(
    tmp_path, seeds_dir, monkeypatch
):
    asked = []

    def compare_for_reading(article, specs, cache_dir, cancelled, reserve_cores):
        asked.append(specs)
        raise ModelUnavailable("not here")

    monkeypatch.setattr(reader.app, "compare_for_reading", compare_for_reading)
    spec = EngineSpec("upper", "abc123", 2, "ctranslate2", "float32")
    app = ReaderApp([seeds_dir / "004_0aca5b8c67ae9ee5.txt"], spec, tmp_path / "c", UpperEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await wait_for_status(pilot, app, "comparing failed")
    [(own, other)] = asked
    assert own == spec
    assert (other.backend, other.quantization, other.beams) == ("ctranslate2", "float32", 2)
    assert other.model != "upper" and other.revision is None  # a revision names one model's commit
