"""Progress on the terminal: a rich bar on a TTY, plain timestamped lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class ProgressReport:
    """Paragraph progress for a long run; use as a context manager."""

    def __init__(
        self, stream: TextIO | None = None, interval: float = 5.0, silent_off_tty: bool = False
    ) -> None:
        """``silent_off_tty``: no progress at all when not on a terminal (for cron jobs,
        whose mail should hold the summary and the failures only)."""
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream, highlight=False, soft_wrap=True)
        self.tty = self.console.is_terminal
        self.silent = silent_off_tty and not self.tty
        self.interval = interval
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._total = 0
        self._what = ""
        self._start = 0.0
        self._last_line = 0.0

    def __enter__(self) -> ProgressReport:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def message(self, text: str) -> None:
        """A line for the person at the terminal, printed above the bar."""
        self.console.print(text, markup=False, highlight=False)

    def start(self, total: int, what: str = "Translating") -> None:
        """Announce the work; the bar itself appears with the first update.

        Between the two the model loads, and a first download prints its own
        progress bars, which must not fight with ours.
        """
        self._total, self._what = total, what
        if total and not self.silent:
            self.message(f"{what} {total} paragraphs (loading the model)")

    def _begin(self) -> None:
        self._start = self._last_line = time.monotonic()
        if self.tty:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("paragraphs"),
                TaskProgressColumn(),
                TextColumn("[dim]{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self._task = self._progress.add_task(self._what, total=self._total, rate="")
            self._progress.start()

    def update(self, done: float) -> None:
        if self.silent:
            return
        if not self._start:
            self._begin()
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = done / elapsed
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, rate=f"{rate:.2f}/s")
            return
        now = time.monotonic()
        if done < self._total and now - self._last_line < self.interval:
            return
        self._last_line = now
        percent = 100 * done / self._total if self._total else 100
        left = max(0.0, self._total - done) / rate if rate else None
        eta = time.strftime("%H:%M:%S", time.gmtime(left)) if left is not None else "?"
        self.message(
            f"progress: {done:.0f}/{self._total} paragraphs ({percent:.0f}%), "
            f"{rate:.2f} paragraphs/s, ETA {eta}"
        )
