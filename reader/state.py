"""What the reader shows beside each paragraph, kept apart from how it is drawn.

Plain Python, tested without Textual: the app feeds it what its workers
report and draws what it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from translate.cache import CachedParagraph
from translate.session import overlay


@dataclass
class ReadingState:
    """The shown translations: a person's over the engine's, and notes where none is.

    ``shown`` and ``notes`` are updated in place, never replaced, so a view
    that holds them always draws the current state.
    """

    key: str | None = None  # the engine whose translations are shown
    ready: bool = False  # whether ``key`` is settled (an engine is chosen)
    machine: dict[str, CachedParagraph] = field(default_factory=dict)
    person: dict[str, CachedParagraph] = field(default_factory=dict)
    shown: dict[str, CachedParagraph] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # why a paragraph has no translation

    def use_engine(self, key: str | None, ready: bool = True) -> None:
        """Show another engine's translations (none until they arrive)."""
        self.key, self.ready = key, ready
        self.machine = {}
        self.notes.clear()
        self.shown.clear()
        self.shown.update(overlay(self.machine, self.person))

    def arrived(
        self, key: str | None, translations: dict[str, CachedParagraph], person: bool = False
    ) -> bool:
        """Take in translations; False for a late batch of an engine no longer shown."""
        if person:
            self.person.update(translations)
        elif not self.ready or key != self.key:
            return False
        else:
            self.machine.update(translations)
        texts = list(translations)
        self.shown.update(overlay(_only(self.machine, texts), _only(self.person, texts)))
        for text in texts:
            self.notes.pop(text, None)
        return True

    def failed(self, reasons: dict[str, str]) -> None:
        """Paragraphs the engine could not translate, with why."""
        self.notes.update({text: f"(no translation: {why})" for text, why in reasons.items()})

    def unavailable(self, texts: Iterable[str]) -> None:
        """No model to translate with: every paragraph without a translation says so."""
        self.notes.update(dict.fromkeys(texts, "(no translation: model not available)"))


def _only(translations: dict[str, CachedParagraph], texts: list[str]) -> dict[str, CachedParagraph]:
    return {t: translations[t] for t in texts if t in translations}
