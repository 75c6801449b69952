"""The article view: paragraph pairs, each level with its translation.

A Line API widget: pairs are laid out once per width (``PairLayout``) and only
the rows on screen are rendered, so a 5,000-paragraph article opens and
scrolls as fast as a short one. Text is emitted as plain segments, never
parsed as markup, so ``[bold]`` or ``[@click=...]`` in an article is shown
as it is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from translate.articles import Article, normalise_line
from translate.cache import CachedParagraph

from .layout import PairLayout

AUTO_STACK_BELOW = 90  # columns: narrower than this, side by side leaves too little per side


@dataclass
class PairState:
    """What the view shows for an article; the app owns and updates it."""

    article: Article
    translations: dict[str, CachedParagraph] = field(default_factory=dict)
    person: Collection[str] = field(default_factory=set)  # translations a person wrote
    notes: dict[str, str] = field(default_factory=dict)  # why a translation is missing
    show_debris: bool = False  # False: each debris paragraph folded to one line
    hits: dict[tuple[int, str], list[tuple[int, int]]] = field(default_factory=dict)

    def target(self, index: int) -> tuple[str, bool]:
        """The text beside a paragraph, and whether it is a real translation."""
        block = self.article.blocks[index]
        text = block.text
        if block.debris:
            return f"({block.debris}, not translated; x: it is story)", False
        if cached := self.translations.get(text):
            return normalise_line(cached.translation), True
        return self.notes.get(text, "… translating"), False

    def folded(self) -> set[int]:
        """The paragraphs shown as one line: debris, unless it is to be shown."""
        if self.show_debris:
            return set()
        return {i for i, b in enumerate(self.article.blocks) if b.debris}


class PairView(ScrollView, can_focus=True):
    """Original and translation, pair by pair, with a paragraph and sentence cursor."""

    COMPONENT_CLASSES = {
        "pairs--title",
        "pairs--source",
        "pairs--target",
        "pairs--pending",
        "pairs--cursor",
        "pairs--sentence",
        "pairs--hit",
        "pairs--rule",
        "pairs--person",
        "pairs--debris",
    }

    BINDINGS = [
        Binding("down,j", "move(1)", "Next ¶", show=False),
        Binding("up,k", "move(-1)", "Previous ¶", show=False),
        Binding("right,l", "sentence(1)", "Next sentence", show=False),
        Binding("left,h", "sentence(-1)", "Previous sentence", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "jump(0)", "First ¶", show=False),
        Binding("end,G", "jump(-1)", "Last ¶", show=False),
        # Here rather than on the app, so that Tab means "next article" while
        # reading and keeps its usual meaning in dialogs and the search box.
        Binding("tab", "app.article(1)", "Next article", show=False),
        Binding("shift+tab", "app.article(-1)", "Previous article", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)
    sentence: reactive[int | None] = reactive(None, init=False)
    stacked: reactive[bool | None] = reactive(None, init=False)  # None: by width

    class CursorMoved(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state: PairState | None = None
        self._layout: PairLayout | None = None
        self._strips: LRUCache[tuple, Strip] = LRUCache(2000)
        self._generation: dict[int, int] = {}

    # -- content -------------------------------------------------------------

    def show(self, state: PairState, cursor: int = 0) -> None:
        self.state = state
        self._relayout()
        self.set_reactive(PairView.cursor, min(cursor, len(state.article.blocks) - 1))
        self.set_reactive(PairView.sentence, None)
        self.scroll_to(0, self._layout.offsets[self.cursor], animate=False, immediate=True)
        self._invalidate()

    def update_pairs(self, indexes: set[int]) -> None:
        """Some translations arrived or changed: re-wrap those pairs only."""
        if self.state is None or self._layout is None:
            return
        blocks = self.state.article.blocks
        changed = {i: (blocks[i].text, self.state.target(i)[0]) for i in indexes}
        for index in indexes:
            self._bump(index)
        if self._layout.relayout(changed):
            self.virtual_size = Size(self.size.width, self._layout.height)
            self._strips.clear()
        self.refresh()

    def refresh_highlights(self) -> None:
        self._invalidate()

    @property
    def is_stacked(self) -> bool:
        if self.stacked is not None:
            return self.stacked
        return self.size.width < AUTO_STACK_BELOW

    def _relayout(self) -> None:
        if self.state is None:
            return
        width = max(self._width(), 20)
        blocks = self.state.article.blocks
        targets = [self.state.target(i)[0] for i in range(len(blocks))]
        self._layout = PairLayout(
            [b.text for b in blocks], targets, width, self.is_stacked, self.state.folded()
        )
        self.virtual_size = Size(width, self._layout.height)
        self._invalidate()

    def _width(self) -> int:
        """Columns for text: the widget less its padding and scrollbar."""
        return self.scrollable_content_region.width or self.size.width

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def _bump(self, index: int) -> None:
        self._generation[index] = self._generation.get(index, 0) + 1

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        if self._layout is not None:
            self._scroll_to_cursor()

    def watch_stacked(self) -> None:
        self._relayout()
        self._scroll_to_cursor()

    def watch_cursor(self, old: int, new: int) -> None:
        self.sentence = None
        self._bump(old)
        self._bump(new)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(new))

    def watch_sentence(self) -> None:
        self._bump(self.cursor)
        self.refresh()

    # -- navigation ----------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        if self._layout is None:
            return
        block = self._layout.blocks[self.cursor]
        top = self._layout.offsets[self.cursor]
        region = Region(0, top, 1, min(block.height, max(self.size.height, 1)))
        self.scroll_to_region(region, animate=False, immediate=True)

    def _count(self) -> int:
        return len(self.state.article.blocks) if self.state else 0

    def action_move(self, step: int) -> None:
        if self._count():
            self.cursor = max(0, min(self._count() - 1, self.cursor + step))

    def action_jump(self, index: int) -> None:
        if self._count():
            self.cursor = index % self._count()

    def action_page(self, direction: int) -> None:
        if self._layout is None:
            return
        row = self._layout.offsets[self.cursor] + direction * max(1, self.size.height - 2)
        index, _ = self._layout.locate(max(0, min(row, self._layout.height - 1)))
        if index == self.cursor:
            index = max(0, min(self._count() - 1, index + direction))
        self.cursor = index

    def action_sentence(self, step: int) -> None:
        pieces = self._alignment()
        if not pieces:
            return
        current = -1 if self.sentence is None and step > 0 else self.sentence
        if current is None:
            current = len(pieces)
        self.sentence = max(0, min(len(pieces) - 1, current + step))

    def _alignment(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        if self.state is None:
            return []
        cached = self.state.translations.get(self.state.article.blocks[self.cursor].text)
        if cached is None:
            return []
        return list(zip(cached.alignment.source, cached.alignment.target, strict=True))

    def on_click(self, event: events.Click) -> None:
        if self._layout is None:
            return
        row = event.y + round(self.scroll_y)
        if row >= self._layout.height:
            return
        index, line = self._layout.locate(row)
        self.cursor = index
        offset = self._offset_at(index, line, event.x)
        if offset is not None:
            side, position = offset
            for number, (source, target) in enumerate(self._alignment()):
                start, end = source if side == "source" else target
                if start <= position <= end:
                    self.sentence = number
                    break

    def _offset_at(self, index: int, line: int, x: int) -> tuple[str, int] | None:
        """Which side and character a click at (row-in-pair, x) falls on."""
        block = self._layout.blocks[index]
        column = self._layout.column
        if self.is_stacked:
            if line < len(block.source):
                side, span = "source", block.source[line]
            elif line - len(block.source) < len(block.target):
                side, span, x = "target", block.target[line - len(block.source)], x - 2
            else:
                return None
        elif x < column and line < len(block.source):
            side, span = "source", block.source[line]
        elif x >= column + 3 and line < len(block.target):
            side, span, x = "target", block.target[line], x - column - 3
        else:
            return None
        return side, min(span[0] + max(x, 0), span[1])

    # -- rendering -----------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._width()
        row = y + round(self.scroll_y)
        if self.state is None or self._layout is None or row >= self._layout.height:
            return Strip.blank(width)
        index, line = self._layout.locate(row)
        key = (index, line, self._generation.get(index, 0), width, self.is_stacked)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_pair_line(index, line).adjust_cell_length(width)
            self._strips[key] = strip
        return strip

    def _styles(self, index: int) -> dict[str, Style]:
        names = ("title", "source", "target", "pending", "cursor", "sentence", "hit", "rule")
        names += ("debris",)
        styles = {n: self.get_component_rich_style(f"pairs--{n}") for n in names}
        styles["person"] = self.get_component_rich_style("pairs--person")
        if index == 0:
            styles["source"] = styles["target"] = styles["title"]
        elif self.state is not None and self.state.article.blocks[index].debris:
            styles["source"] = styles["pending"] = styles["debris"]
        if index == self.cursor:
            for name in ("source", "target", "pending", "rule", "person"):
                styles[name] = styles[name] + styles["cursor"]
        return styles

    def _marks(self, index: int, side: str) -> list[tuple[int, int, str]]:
        """Character ranges of one side to highlight, with the style's name."""
        marks = [(a, b, "hit") for a, b in self.state.hits.get((index, side), [])]
        if index == self.cursor and self.sentence is not None:
            pieces = self._alignment()
            if self.sentence < len(pieces):
                start, end = pieces[self.sentence][0 if side == "source" else 1]
                marks.append((start, end, "sentence"))
        return marks

    def _side(
        self, text: str, span: tuple[int, int], base: Style, marks, styles, width: int
    ) -> list[Segment]:
        start, end = span
        cuts = {start, end}
        for a, b, _ in marks:
            cuts.update(c for c in (a, b) if start < c < end)
        ordered = sorted(cuts)
        segments = []
        for a, b in pairwise(ordered):
            style = base
            for mark_start, mark_end, name in marks:
                if mark_start <= a and b <= mark_end:
                    style = style + styles[name]
            segments.append(Segment(text[a:b].replace("\t", " "), style))
        used = sum(s.cell_length for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return segments

    def _render_pair_line(self, index: int, line: int) -> Strip:
        layout, state = self._layout, self.state
        block = layout.blocks[index]
        styles = self._styles(index)
        source = state.article.blocks[index].text
        target, translated = state.target(index)
        target_style = styles["target"] if translated else styles["pending"]
        target_marks = self._marks(index, "target") if translated else []
        is_person = source in state.person
        if line >= block.height:  # the gap between pairs
            return Strip([Segment(" " * layout.width, Style(bgcolor=styles["rule"].bgcolor))])
        if layout.stacked:
            if line < len(block.source):
                return Strip(
                    self._side(
                        source,
                        block.source[line],
                        styles["source"],
                        self._marks(index, "source"),
                        styles,
                        layout.width,
                    )
                )
            marker = "✎ " if is_person and line == len(block.source) else "  "
            lead = Segment(marker, styles["person"] if is_person else target_style)
            span = block.target[line - len(block.source)]
            rest = self._side(target, span, target_style, target_marks, styles, layout.width - 2)
            return Strip([lead, *rest])
        empty = (0, 0)
        left_span = block.source[line] if line < len(block.source) else empty
        right_span = block.target[line] if line < len(block.target) else empty
        left = self._side(
            source,
            left_span,
            styles["source"],
            self._marks(index, "source"),
            styles,
            layout.column,
        )
        rule = " ✎ " if is_person and line == 0 else " │ "
        middle = Segment(rule, styles["person"] if is_person and line == 0 else styles["rule"])
        right = self._side(target, right_span, target_style, target_marks, styles, layout.column)
        return Strip([*left, middle, *right])
