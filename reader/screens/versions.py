"""Earlier versions of a paragraph's translation, newest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from translate.cache import CachedParagraph


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
