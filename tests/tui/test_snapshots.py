"""Every screen of the reader as a person sees it, compared with an accepted SVG snapshot.

The engine upper-cases (no model, no timing), each test has a cache of its own,
and a screenshot is taken only once the reader has settled: nothing translating,
no notification showing, no blinking cursor. ``--snapshot-update`` rewrites the
files under ``__snapshots__/test_snapshots/``; look at them before committing.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
from helpers import SIZE, UpperEngine, make_app, settle
from textual.screen import Screen
from textual.widgets import TextArea

from reader.app import ReaderApp
from reader.screens import CompareScreen, EditScreen, HelpScreen, ModelScreen, VersionsScreen
from reader.screens.compare import CompareRow

ARTICLE = "004_0aca5b8c67ae9ee5.txt"


async def wait_for_screen(pilot, app: ReaderApp, kind: type[Screen], timeout: float = 30.0):
    """Wait until ``kind`` is the screen on top and nothing is running behind it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if isinstance(app.screen, kind) and not any(w.is_running for w in app.workers):
            return app.screen
    raise AssertionError(f"{kind.__name__} never showed; {type(app.screen).__name__} did")


async def still(pilot, app: ReaderApp) -> None:
    """No toast left over ("Retranslating…", "Comparing…") and a frame drawn since."""
    app.clear_notifications()
    await pilot.pause(0.1)


@pytest.mark.parametrize("stacked", [False, True])
def test_snapshot_main_screen(snap_compare, tmp_path, seeds_dir, stacked):
    app = make_app(tmp_path, [seeds_dir / "001_51ed02acc8b627b7.txt"], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        if stacked:
            await pilot.press("s")
        await pilot.press("j", "l")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


@pytest.mark.parametrize("shown", [False, True])
def test_snapshot_debris_folded_and_shown(snap_compare, tmp_path, seeds_dir, shown):
    app = make_app(tmp_path, [seeds_dir / "002_082d6fc98803b495.txt"], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        if shown:
            await pilot.press("X")
        app.pairs.cursor = next(i for i, b in enumerate(app.article.blocks) if b.debris)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_snapshot_help_screen(snap_compare, tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / ARTICLE], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, app, HelpScreen)
        await still(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_snapshot_model_menu(snap_compare, tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / ARTICLE], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        await pilot.press("m")
        await wait_for_screen(pilot, app, ModelScreen)
        await still(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_snapshot_edit_screen(snap_compare, tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / ARTICLE], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        await pilot.press("j", "e")
        screen = await wait_for_screen(pilot, app, EditScreen)
        screen.query_one(TextArea).cursor_blink = False  # the cursor shown, steadily
        await still(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


class SecondThoughtsEngine(UpperEngine):
    """Upper-cases, and numbers each piece's translations: v1, then v2 when retranslated.

    Counted per piece, not per call, so the numbers do not depend on how pieces are batched.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[str] = Counter()

    def translate(self, sources):
        self.seen.update(sources)
        return [f"{s.upper()} v{self.seen[s]}" for s in sources]


def test_snapshot_versions_screen(snap_compare, tmp_path, seeds_dir):
    """After one retranslation: the version now and the one it replaced."""
    app = make_app(tmp_path, [seeds_dir / ARTICLE], SecondThoughtsEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        await pilot.press("j")
        text = app.article.blocks[1].text
        before = app.shown()[text].translation
        await pilot.press("r")
        deadline = time.monotonic() + 20
        while app.shown()[text].translation == before and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await settle(pilot, app)
        await still(pilot, app)  # "Retranslating…" would stay under the versions screen
        await pilot.press("v")
        await wait_for_screen(pilot, app, VersionsScreen)
        await still(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_snapshot_compare_screen(snap_compare, tmp_path, seeds_dir):
    app = make_app(tmp_path, [seeds_dir / ARTICLE], UpperEngine())

    async def ready(pilot) -> None:
        await settle(pilot, app)
        app.models = ["upper", "identity"]
        await pilot.press("c")
        screen = await wait_for_screen(pilot, app, CompareScreen)
        deadline = time.monotonic() + 10
        while not screen.query(CompareRow) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await still(pilot, app)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
