"""What the pipeline needs of a translation engine, and how an engine is named.

An engine's *signature* is everything that decides its output (backend,
weights, generation settings). Its hash keys the cache, so two engines never
share entries: another model, revision, backend or setting is another key.

Nothing here imports a backend; ``translate.engines.open_engine`` does, for
the one it is asked for.
"""

from __future__ import annotations

import json
import math
import os
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import Any

from ..hashing import text_hash
from .models import ModelSource
from .tokens import Tokens

# Output length is bounded per source piece as fairseq does (a * source + b), so a
# model caught in a repetition loop stops near the length of a plausible
# translation instead of running to the model's maximum. English renderings of
# Indonesian news run at about the same token count; 1.5x + 10 leaves room.
LENGTH_A = 1.5
LENGTH_B = 10
# Pieces are kept below this share of the model's output cap, so that a
# translation somewhat longer than its source still fits.
INPUT_SHARE_OF_OUTPUT = 0.8

Signature = dict[str, Any]


@dataclass(frozen=True)
class GenerationSettings:
    num_beams: int
    max_length: int  # the model's own output cap, decoder start token included
    max_input_tokens: int  # longest piece fed to the model, special tokens included
    length_a: float = LENGTH_A
    length_b: int = LENGTH_B

    def output_bound(self, source_tokens: int) -> int:
        """Most output tokens for a piece, not counting the decoder start and EOS."""
        bound = math.ceil(self.length_a * source_tokens + self.length_b)
        return max(1, min(bound, self.max_length - 2))

    def row_limits(self, source_lengths: list[int], forced: int = 0) -> list[int]:
        """Each row's own output limit in a batch, ``forced`` leading tokens included.

        Forced tokens (NLLB's target language) are output tokens but not text,
        so they come on top of the bound; the model's cap leaves room for the
        decoder start and EOS.
        """
        ceiling = self.max_length - 2
        return [min(self.output_bound(n) + forced, ceiling) for n in source_lengths]


def signature_key(signature: Signature) -> str:
    """The cache key of a signature: stable across runs, machines and key order."""
    canonical = json.dumps(signature, sort_keys=True, separators=(",", ":"))
    return text_hash(canonical)[:32]


def thread_count(reserve: int = 0) -> int:
    """Threads for a backend: OMP_NUM_THREADS if set, else every core less ``reserve``."""
    if threads := os.environ.get("OMP_NUM_THREADS", "").strip():
        return max(1, int(threads))
    return max(1, (os.cpu_count() or 1) - reserve)


class Engine(ABC):
    """A translator of sentence-sized pieces; loads its model only when asked to translate."""

    name: str  # for people: the model as the user named it
    signature: Signature
    max_input_tokens: int
    # Cores to leave free while translating: an interactive reader keeps one
    # so that the screen answers keys while the model works.
    reserve_cores: int = 0

    @property
    def key(self) -> str:
        return signature_key(self.signature)

    @property
    def prepared(self) -> bool:
        """Whether the model's files are in place (``fetch`` would be quick)."""
        return True

    def fetch(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Put the model's files in place (download, convert) without loading the model."""

    def load(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Load the model now (downloading it if needed) rather than mid-run."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Length of the text in model input tokens."""

    @abstractmethod
    def translate(self, sources: list[str]) -> list[str]:
        """Translate pieces, in order; one output per input."""

    def close(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Release the model (a no-op for engines without one)."""


class ModelEngine(Engine):
    """An engine of a located checkpoint; the backends differ only in how they decode.

    Both take the same ``Tokens`` (tokenizer, input ids) and the same settings,
    so segmentation, batching and the length bounds never depend on the backend.
    """

    backend: str

    def __init__(
        self,
        source: ModelSource,
        settings: GenerationSettings,
        tokens: Tokens | None = None,
        reserve_cores: int = 0,
        **backend_settings: Any,
    ) -> None:
        self.source = source
        self.settings = settings
        self.tokens = tokens or Tokens(source)
        self.reserve_cores = reserve_cores
        self.name = source.name
        self.max_input_tokens = settings.max_input_tokens
        self.signature = model_signature(self.backend, source, settings, **backend_settings)

    def count_tokens(self, text: str) -> int:
        return self.tokens.count(text)


def settings_for(source: ModelSource, num_beams: int | None) -> GenerationSettings:
    """Generation settings that follow the checkpoint's own generation_config."""
    gen, cfg = source.generation, source.config
    # transformers falls back to 20 tokens when a checkpoint sets no max_length;
    # that silently truncates, so fall back to the model's position limit instead.
    max_length = int(gen.get("max_length") or cfg.get("max_position_embeddings") or 512)
    positions = int(cfg.get("max_position_embeddings") or max_length)
    return GenerationSettings(
        num_beams=int(num_beams or gen.get("num_beams") or 1),
        max_length=max_length,
        max_input_tokens=min(positions, int(max_length * INPUT_SHARE_OF_OUTPUT)),
    )


def model_signature(
    backend: str, source: ModelSource, settings: GenerationSettings, **extra: Any
) -> Signature:
    """A model engine's signature; ``extra`` holds backend settings (quantisation)."""
    signature: Signature = {
        "backend": backend,
        "weights": source.weights,
        "family": source.family,
        **asdict(settings),
        **extra,
    }
    if source.family == "marian":
        signature["normalise"] = "moses-punct"  # the input preprocessing OPUS-MT was trained with
    return signature
