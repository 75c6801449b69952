"""Modal screens: help, editing a translation, earlier versions, choosing a model."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from translate.cache import CachedParagraph

KEYS = [
    ("↓ j / ↑ k", "next / previous paragraph"),
    ("→ l / ← h", "next / previous sentence (highlighted with its translation)"),
    ("PgDn Space / PgUp", "page down / up"),
    ("g Home / G End", "first / last paragraph"),
    ("] Tab / [ Shift+Tab", "next / previous article"),
    ("/", "search both languages"),
    ("n / N", "next / previous search hit"),
    ("r", "retranslate this paragraph (the old version is kept)"),
    ("e", "edit the translation (saved as your translation)"),
    ("v", "earlier versions of this paragraph's translation"),
    ("y / Y", "copy the pair / the translation"),
    ("s", "side by side ↔ stacked"),
    ("m", "switch model"),
    ("c", "compare with another model (n: next flagged, 1/2: keep one as yours)"),
    ("Ctrl+P", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Text()
        for keys, what in KEYS:
            table.append(f"{keys:>22}  ", style="bold")
            table.append(f"{what}\n")
        with Vertical(id="dialog"):
            yield Label("Keys", classes="dialog-title")
            yield Static(table, id="keys")
            yield Label(
                "Mouse: click a sentence to highlight it; the wheel scrolls.", classes="hint"
            )


class EditScreen(ModalScreen[str | None]):
    """Edit a translation in place; returns the new text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, source: str, translation: str) -> None:
        super().__init__()
        self.source, self.translation = source, translation

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Your translation  (Ctrl+S saves, Esc cancels)", classes="dialog-title")
            yield Static(self.source, markup=False, classes="source")
            yield TextArea(self.translation, soft_wrap=True, id="editor")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class VersionsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,v,q", "dismiss", "Close")]

    def __init__(self, current: CachedParagraph | None, earlier: list[CachedParagraph]) -> None:
        super().__init__()
        self.current, self.earlier = current, earlier

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Versions of this translation, newest first", classes="dialog-title")
            with VerticalScroll():
                versions = ([self.current] if self.current else []) + self.earlier
                if not versions:
                    yield Label("No translation yet.")
                for number, version in enumerate(versions):
                    label = "now" if number == 0 and self.current else f"earlier {number}"
                    yield Label(f"{label} · {version.model}", classes="hint")
                    yield Static(version.translation, markup=False, classes="version")


class ModelScreen(ModalScreen[str | None]):
    """Pick the engine to read with."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, models: list[str], current: str) -> None:
        super().__init__()
        self.models, self.current = models, current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Read with model", classes="dialog-title")
            yield OptionList(
                *(
                    Option(Text(("● " if m == self.current else "  ") + m), id=m)
                    for m in self.models
                )
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
