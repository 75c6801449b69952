"""Word wrapping and the vertical layout of paragraph pairs.

Kept apart from the widget so it can be measured and tested on its own: the
reader lays out every pair of an article at the current width (a 5,000
paragraph article included), then renders only the lines on screen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len

_WORD = re.compile(r"\S+")


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells; each line as (start, end) offsets into text.

    Spaces at line breaks are dropped; a word wider than the line is broken
    between characters. An empty text still takes one (empty) line.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    start = end = used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        word = match.group()
        size = len(word) if word.isascii() else cell_len(word)
        gap = word_start - end if used else 0
        if used and used + gap + size <= width:
            end, used = word_end, used + gap + size
            continue
        if used:
            lines.append((start, end))
        start, end, used = word_start, word_end, size
        while used > width:  # a word longer than a line: break it by cells
            cut, cells = start, 0
            while cut < word_end and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, start + 1)
            lines.append((start, cut))
            start, used = cut, cell_len(text[cut:word_end])
    if used or not lines:
        lines.append((start, end))
    return lines


@dataclass
class Block:
    """One pair as laid out: the lines of each side and the rows it takes."""

    source: list[tuple[int, int]]
    target: list[tuple[int, int]]
    height: int


class PairLayout:
    """Rows of every pair at one width: side by side, or stacked."""

    GAP = 1  # blank rows between pairs

    def __init__(self, sources: list[str], targets: list[str], width: int, stacked: bool) -> None:
        self.width, self.stacked = width, stacked
        self.column = width if stacked else max(8, (width - 3) // 2)
        self.blocks = [self._block(s, t) for s, t in zip(sources, targets, strict=True)]
        self.offsets: list[int] = []
        row = 0
        for block in self.blocks:
            self.offsets.append(row)
            row += block.height + self.GAP
        self.height = row

    def _block(self, source: str, target: str) -> Block:
        left = wrap(source, self.column)
        right = wrap(target, self.column - (2 if self.stacked else 0))
        height = len(left) + len(right) if self.stacked else max(len(left), len(right))
        return Block(left, right, height)

    def relayout(self, index: int, source: str, target: str) -> bool:
        """Re-wrap one pair (its translation arrived); True if its height changed."""
        block = self._block(source, target)
        delta = block.height - self.blocks[index].height
        self.blocks[index] = block
        if delta:
            for later in range(index + 1, len(self.offsets)):
                self.offsets[later] += delta
            self.height += delta
        return bool(delta)

    def locate(self, row: int) -> tuple[int, int]:
        """The pair at a row and the row within it (>= its height: the gap after it)."""
        index = max(0, bisect_right(self.offsets, row) - 1)
        return index, row - self.offsets[index]
