"""What the tests check of a command's terminal output, shared by the test modules."""

from __future__ import annotations

import subprocess

Result = subprocess.CompletedProcess


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
