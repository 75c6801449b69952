"""The identity engine: gives every piece back unchanged.

It proves the pipeline loses nothing (no paragraph dropped, merged, reordered
or truncated) and stands in for a model in tests and the reader's compare.
"""

from __future__ import annotations

from .base import Engine


class IdentityEngine(Engine):
    def __init__(self, max_input_tokens: int = 400) -> None:
        self.name = "identity"
        self.max_input_tokens = max_input_tokens
        self.signature = {"backend": "identity", "max_input_tokens": max_input_tokens}

    def count_tokens(self, text: str) -> int:
        # About what a subword tokenizer makes of Indonesian: a word and a bit.
        return len(text.split()) + len(text) // 12 + 1

    def translate(self, sources: list[str]) -> list[str]:
        return list(sources)
