"""Reader responsiveness, measured headless (Textual's run_test), figures printed.

    python bench/reader_bench.py            # all four measurements
    python bench/reader_bench.py --quick    # smaller model for a fast look

1. Time to first paint for seeds/ with a warm cache: from creating the app to
   the first screen with every translation showing.
2. Key-press latency while a translation runs: a random-weight Marian of the
   real transformer-base size translates seeds/ in the worker thread while
   ``j`` is pressed repeatedly; each press is timed until the cursor has moved
   and the screen has been refreshed.
3. Time to the first translation on screen: seeds/ opened with an empty cache
   and the model already converted on disk (the default decoder, CTranslate2,
   with the model's 4 beams), from creating the app until the first paragraph
   of the open article shows its translation, and until all of them do.
4. Open time for a 5,000-paragraph article (seed paragraphs repeated, warm
   cache) until every translation shows, the time to jump to its end and back
   and page down, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from reader.app import ReaderApp  # noqa: E402
from reader.widgets.pairs import PairView  # noqa: E402
from translate import session  # noqa: E402
from translate.articles import load_articles  # noqa: E402
from translate.cache import models_dir  # noqa: E402
from translate.engines import EngineSpec, IdentityEngine, open_engine  # noqa: E402
from translate.testing.synthetic import build_marian, seed_corpus  # noqa: E402

SEEDS = ROOT / "seeds"
SIZE = (140, 45)


class RenderClock:
    """Records when the article view last rendered a line, to time key presses honestly.

    Pilot.press waits for the whole process to go idle, which never happens
    while a model translates in another thread; here a key is sent the way the
    terminal driver sends it, and timed until the screen shows its effect.
    """

    last = 0.0

    @classmethod
    def install(cls) -> None:
        original = PairView.render_line

        def render_line(view, y):
            cls.last = time.perf_counter()
            return original(view, y)

        PairView.render_line = render_line

    @classmethod
    async def press(cls, app: ReaderApp, key: str) -> float:
        before = app.pairs.cursor
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        start = time.perf_counter()
        app._driver.send_message(event)
        while app.pairs.cursor == before:
            await asyncio.sleep(0.0005)
        moved = time.perf_counter()
        while cls.last < moved:
            await asyncio.sleep(0.0005)
        return cls.last - start


async def until(pilot, predicate, timeout: float = 600.0) -> float:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not reached")
        await pilot.pause(0.001)
    return time.perf_counter() - start


def all_shown(app: ReaderApp) -> bool:
    texts = {p.text for a in app.articles for p in a.blocks}
    return app.choice is not None and texts <= set(app.shown())


async def first_paint(cache: Path) -> float:
    engine = IdentityEngine()
    texts = [p.text for a in load_articles([SEEDS])[0] for p in a.blocks]
    session.translate_in_order(engine, cache, texts, lambda batch: None)  # warm the cache
    start = time.perf_counter()
    app = ReaderApp([SEEDS], "identity", cache, engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: all_shown(app))
        await pilot.pause(0)  # let the refresh reach the screen
        return time.perf_counter() - start


async def keypress_latency(cache: Path, model: Path, presses: int) -> tuple[list[float], bool]:
    app = ReaderApp([SEEDS], EngineSpec(str(model), beams=1), cache)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.choice is not None and app.status_text != "ready", 120)
        await until(pilot, lambda: "translated" in app.status_text, 300)  # model loaded, running
        clock = RenderClock
        latencies = []
        slowest = (0.0, "")
        for number in range(presses):
            last = app.pairs.cursor == len(app.article.blocks) - 1
            latencies.append(await clock.press(app, "g" if last else "j"))
            if latencies[-1] > slowest[0]:
                slowest = (latencies[-1], f"press {number + 1}, status '{app.status_text}'")
            await asyncio.sleep(0.05)  # a person does not type faster than this
        print(f"  slowest key press: {slowest[0] * 1000:.0f} ms at {slowest[1]}")
        still_running = any(w.is_running for w in app.workers)
        app.workers.cancel_all()
        return latencies, still_running


async def first_translation(cache: Path, model: Path) -> tuple[float, float]:
    # Converted beforehand, into the folder the reader uses: a person's second day.
    open_engine(str(model), models_dir=models_dir(cache)).fetch()
    start = time.perf_counter()
    app = ReaderApp([SEEDS], EngineSpec(str(model)), cache)

    def translated() -> list[bool]:
        return [b.text in app.shown() for b in app.article.blocks] if app.choice else [False]

    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any(translated()), 300)
        await pilot.pause(0)  # let the refresh reach the screen
        first = time.perf_counter() - start
        await until(pilot, lambda: all(translated()), 600)
        await pilot.pause(0)
        whole = time.perf_counter() - start
        app.workers.cancel_all()
        return first, whole


async def big_article(cache: Path, paragraphs: int) -> tuple[float, float]:
    lines = [p.text for a in load_articles([SEEDS])[0] for p in a.paragraphs]
    body = [f"{lines[i % len(lines)]} ({i})" for i in range(paragraphs)]
    path = Path(tempfile.mkdtemp()) / "big.txt"
    path.write_text("Artikel besar\n" + "\n".join(body) + "\n", encoding="utf-8")
    engine = IdentityEngine()
    texts = ["Artikel besar", *body]
    session.translate_in_order(engine, cache, texts, lambda batch: None, chunk=5000)
    start = time.perf_counter()
    app = ReaderApp([path], "identity", cache, engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: all_shown(app))
        await pilot.pause(0)
        opened = time.perf_counter() - start
        clock = RenderClock
        start = time.perf_counter()
        for key in ["G", "g", *["pagedown"] * 20]:
            await clock.press(app, key)
        jumped = time.perf_counter() - start
        app.workers.cancel_all()
        return opened, jumped


def report_first(first: float, whole: float, preset: str) -> None:
    print(
        f"first translation on screen, empty cache, Marian-{preset} converted: "
        f"{first * 1000:.0f} ms (the whole first article: {whole * 1000:.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny model, fewer presses")
    parser.add_argument("--paragraphs", type=int, default=5000)
    parser.add_argument(
        "--first-only", action="store_true", help="only the time to the first translation"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="bireader-bench-"))
    RenderClock.install()

    if args.first_only:
        preset = "tiny" if args.quick else "base"
        model = build_marian(work / f"marian-{preset}", seed_corpus(SEEDS), preset=preset)
        report_first(*asyncio.run(first_translation(work / "c4", model)), preset)
        return

    paint = asyncio.run(first_paint(work / "c1"))
    print(f"first paint, seeds/ (5 articles), warm cache: {paint * 1000:.0f} ms")

    preset = "tiny" if args.quick else "base"
    model = build_marian(work / f"marian-{preset}", seed_corpus(SEEDS), preset=preset)
    latencies, running = asyncio.run(keypress_latency(work / "c2", model, 10 if args.quick else 40))
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"key press latency while translating with Marian-{preset} "
        f"({'translation still running' if running else 'translation finished early'}): "
        f"median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms over {len(latencies)} presses"
    )

    report_first(*asyncio.run(first_translation(work / "c4", model)), preset)

    opened, jumped = asyncio.run(big_article(work / "c3", args.paragraphs))
    print(f"open a {args.paragraphs}-paragraph article: {opened * 1000:.0f} ms")
    print(f"then G, g and 20 x PageDown: {jumped * 1000:.0f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (models included): {peak:.0f} MB")


if __name__ == "__main__":
    main()
