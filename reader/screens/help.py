"""The keys, on one screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

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
    ("X", "show / fold scraped debris (captions, promotions, sign-offs)"),
    ("x", "mark this paragraph as debris, or as story (saved)"),
    ("u / b", "library: mark the article read or unread / bookmark it"),
    ("o", "open the article's web page in the browser"),
    ("f, / in the list", "library: all, unread, bookmarked, each feed; search headlines"),
    ("R", "library: refresh the feeds in the background"),
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
