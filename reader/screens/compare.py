"""Compare mode: the source and two translations in aligned columns, flags marked.

Articles are read a few dozen paragraphs at a time, so each pair row is an
ordinary widget here (Textual keeps rows level with ``height: auto``). The
comparison itself is computed by ``translate.quality.compare`` in a worker.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from translate.quality.compare import ArticleReport, ParagraphReport


def _column(text: str | None, flags: list, label: str) -> Text:
    body = Text(text or "(none)", style="" if text else "dim italic")
    for flag in flags:
        body.append(f"\n⚑ {flag.check}: {flag.reason}", style="bold yellow")
    return body


class CompareRow(Horizontal):
    """One paragraph: source | translation A | translation B."""

    def __init__(self, paragraph: ParagraphReport, labels: list[str]) -> None:
        super().__init__(classes="compare-row -flagged" if paragraph.flagged else "compare-row")
        self.paragraph, self.labels = paragraph, labels

    def compose(self) -> ComposeResult:
        p = self.paragraph
        figures = " · ".join(f"chrF {score:.0f}" for score in p.agreement.values())
        head = Text()  # no base style, so the source text below is not bold
        head.append(f"¶ {p.index} · attention {p.attention:.2f}", style="bold")
        if figures:
            head.append(f" · {figures}", style="dim")
        for flag in p.flags.get("all", []):
            head.append(f"\n⚑ {flag.reason}", style="bold")
        yield Static(head + Text("\n") + Text(p.source), classes="compare-source")
        for label in self.labels:
            yield Static(
                _column(p.translations.get(label), p.flags.get(label, []), label),
                classes="compare-target",
            )


class CompareScreen(Screen[tuple[int, str] | None]):
    """Dismisses with (paragraph index, chosen label) when a translation is picked."""

    BINDINGS = [
        Binding("escape,c,q", "dismiss_screen", "Back"),
        Binding("n", "next_flagged(1)", "Next flagged"),
        Binding("N", "next_flagged(-1)", "Previous flagged"),
        Binding("j,down", "move(1)", "Next ¶", show=False),
        Binding("k,up", "move(-1)", "Previous ¶", show=False),
        Binding("1", "pick(0)", "Use left"),
        Binding("2", "pick(1)", "Use right"),
        Binding("e", "edit", "Edit"),
    ]

    def __init__(self, report: ArticleReport, labels: list[str]) -> None:
        super().__init__()
        self.report, self.labels = report, labels
        self.cursor = 0

    def compose(self) -> ComposeResult:
        flagged = sum(p.flagged for p in self.report.paragraphs)
        agreement = ", ".join(f"{k}: chrF {v:.1f}" for k, v in self.report.mean_agreement.items())
        with Vertical():
            yield Static(
                Text(
                    f"Compare · {' | '.join(self.labels)} · mean {agreement or '-'} · "
                    f"{flagged} of {len(self.report.paragraphs)} flagged"
                ),
                id="compare-summary",
            )
            with Horizontal(id="compare-header"):
                yield Static("source", classes="compare-source")
                for label in self.labels:
                    yield Static(Text(label), classes="compare-target")
            with VerticalScroll(id="compare-rows"):
                for paragraph in self.report.paragraphs:
                    yield CompareRow(paragraph, self.labels)
        yield Footer()

    def on_mount(self) -> None:
        self._focus_row()

    @property
    def rows(self) -> list[CompareRow]:
        return list(self.query(CompareRow))

    def _focus_row(self) -> None:
        for index, row in enumerate(self.rows):
            row.set_class(index == self.cursor, "-cursor")
        self.rows[self.cursor].scroll_visible(animate=False)

    def action_move(self, step: int) -> None:
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))
        self._focus_row()

    def action_next_flagged(self, step: int) -> None:
        paragraphs = self.report.paragraphs
        for offset in range(1, len(paragraphs) + 1):
            index = (self.cursor + step * offset) % len(paragraphs)
            if paragraphs[index].flagged:
                self.cursor = index
                self._focus_row()
                return
        self.notify("No flagged paragraph.", timeout=2)

    def action_pick(self, column: int) -> None:
        if column < len(self.labels):
            self.dismiss((self.cursor, self.labels[column]))

    def action_edit(self) -> None:
        self.dismiss((self.cursor, "edit"))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
