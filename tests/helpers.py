"""What the test modules share: paths, ways to run the CLI, output checks, reader helpers.

Test modules import from here (``from helpers import ...``), never from each other.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from translate.engines import IdentityEngine

if TYPE_CHECKING:
    from reader.app import ReaderApp
    from reader.widgets.pairs import PairView

ROOT = Path(__file__).resolve().parent.parent  # the checkout
SEEDS_DIR = ROOT / "seeds"
DATA_DIR = ROOT / "tests" / "data"

Result = subprocess.CompletedProcess


# -- running the command line ---------------------------------------------------


def translate_command(*args: str | Path) -> list[str]:
    """``bireader translate ARGS`` as a fresh Python process runs it."""
    return [sys.executable, "-m", "translate", "translate", *map(str, args)]


def run_cli(*args: str, env: dict | None = None, timeout: float = 300):
    """Run ``python -m translate`` in a fresh process, as a user would."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "translate", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=ROOT,
    )


# ``python -c NO_TORCH_PROBE ARGS`` runs ``bireader ARGS``, then says on stderr
# whether torch or transformers were loaded (LOADED) or not (LIGHT).
NO_TORCH_PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['bireader', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('translate', run_name='__main__')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "heavy = {'torch', 'transformers'} & set(sys.modules)\n"
    "print('LOADED' if heavy else 'LIGHT', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


# -- what a command prints ------------------------------------------------------


def assert_clean(result: Result) -> None:
    """Only our own lines: no traceback, no library warning."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "Warning" not in result.stderr, result.stderr


def own_lines(stderr: str, download_bars: bool = False) -> list[str]:
    """The non-blank lines of stderr; with ``download_bars``, less a first download's bars."""
    if not download_bars:
        return [line for line in stderr.splitlines() if line.strip()]
    lines = [line.rsplit("\r", 1)[-1].strip() for line in stderr.splitlines()]
    return [line for line in lines if line and "it/s]" not in line and "%|" not in line]


def failure_line(
    result: Result, announcements: tuple[str, ...] = ("Translating ",), download_bars: bool = False
) -> str:
    """The one line a failed run prints besides its announcements: exit 1, nothing else."""
    assert result.returncode == 1, result.stderr
    assert_clean(result)
    *before, last = own_lines(result.stderr, download_bars)
    assert last.startswith("bireader: "), result.stderr
    assert all(line.startswith(announcements) for line in before), result.stderr
    return last


# -- the reader -------------------------------------------------------------------

SIZE = (130, 40)


class UpperEngine(IdentityEngine):
    """Deterministic stand-in for a model: upper-cases; may be slowed or made to vary."""

    def __init__(self, delay: float = 0.0, vary: bool = False) -> None:
        super().__init__()
        self.signature = {"backend": "upper", "vary": vary}
        self.name = "upper"
        self.delay, self.vary = delay, vary
        self.calls = itertools.count(1)
        self.release = threading.Event()
        self.release.set()

    def translate(self, sources):
        self.release.wait(10)
        time.sleep(self.delay)
        call = next(self.calls)
        return [s.upper() + (f" v{call}" if self.vary else "") for s in sources]


async def settle(pilot, app: ReaderApp, timeout: float = 20.0) -> None:
    """Wait until the reader has nothing left to translate."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        texts = {p.text for a in app.articles for p in a.story}
        busy = any(w.is_running for w in app.workers)
        done = texts <= set(app.shown()) | set(app.notes)
        if not busy and app.choice is not None and done and not app._dirty:
            return  # translated, and the sidebar and status line have caught up
    raise AssertionError("the reader did not finish translating")


def screen_text(view: PairView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def make_app(tmp_path, paths, engine=None, model="upper") -> ReaderApp:
    from reader.app import ReaderApp

    return ReaderApp(paths, model=model, cache_dir=tmp_path / "c", engine=engine)
