"""Word wrapping and the vertical layout of paragraph pairs.

Kept apart from the widget so it can be measured and tested on its own: the
reader lays out every pair of an article at the current width (a 5,000
paragraph article included), then renders only the lines on screen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
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
    open_line = False  # whether the current line holds a word (zero-width ones count)
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        word = match.group()
        size = len(word) if word.isascii() else cell_len(word)
        if open_line and used + (word_start - end) + size <= width:
            end, used = word_end, used + (word_start - end) + size
            continue
        if open_line:
            lines.append((start, end))
        start, end, used, open_line = word_start, word_end, size, True
        while used > width and end - start > 1:  # a word longer than a line: break by cells
            cut, cells = start, 0
            while cut < word_end and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, start + 1)
            lines.append((start, cut))
            start, used = cut, cell_len(text[cut:word_end])
    if open_line or not lines:
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

    def __init__(
        self,
        sources: list[str],
        targets: list[str],
        width: int,
        stacked: bool,
        folded: Collection[int] = (),
    ) -> None:
        """``folded``: pairs shown as their first line only (debris, out of the way)."""
        self.width, self.stacked = width, stacked
        self.column = width if stacked else max(8, (width - 3) // 2)
        self.folded = set(folded)
        self.blocks = [
            self._block(s, t, i in self.folded)
            for i, (s, t) in enumerate(zip(sources, targets, strict=True))
        ]
        self.offsets: list[int] = []
        self.height = 0
        self._place()

    def _block(self, source: str, target: str, folded: bool = False) -> Block:
        left = wrap(source, self.column)
        right = wrap(target, self.column - (2 if self.stacked else 0))
        if folded:
            left, right = left[:1], ([] if self.stacked else right[:1])
        height = len(left) + len(right) if self.stacked else max(len(left), len(right))
        return Block(left, right, height)

    def relayout(self, changed: dict[int, tuple[str, str]]) -> bool:
        """Re-wrap the pairs whose text changed; True if any height changed.

        Offsets are recomputed once for the whole batch, so a thousand
        translations arriving together cost one pass, not a thousand.
        """
        moved = False
        for index, (source, target) in changed.items():
            block = self._block(source, target, index in self.folded)
            moved |= block.height != self.blocks[index].height
            self.blocks[index] = block
        if moved:
            self._place()
        return moved

    def _place(self) -> None:
        self.offsets = []
        row = 0
        for block in self.blocks:
            self.offsets.append(row)
            row += block.height + self.GAP
        self.height = row

    def locate(self, row: int) -> tuple[int, int]:
        """The pair at a row and the row within it (>= its height: the gap after it)."""
        index = max(0, bisect_right(self.offsets, row) - 1)
        return index, row - self.offsets[index]
