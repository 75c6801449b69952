"""Editing a translation: what a person writes is kept as their translation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea


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
