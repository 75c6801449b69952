"""The command palette (Ctrl+P): switch model, toggle layout."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import Hit, Hits, Provider


@runtime_checkable
class Commandable(Protocol):
    models: list[str]

    def switch_model(self, model: str) -> None: ...

    def action_toggle_layout(self) -> None: ...


class ModelCommands(Provider):
    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, Commandable):
            return
        matcher = self.matcher(query)
        commands = [(f"Use model: {m}", partial(app.switch_model, m)) for m in app.models]
        commands.append(("Toggle layout: side by side / stacked", app.action_toggle_layout))
        for title, callback in commands:
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback)
