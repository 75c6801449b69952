"""Translation engines: what the pipeline needs of a model, and how it is named.

An engine's *identity* is everything that decides its output (backend,
weights, generation settings). Its hash keys the cache, so two engines never
share entries: another model, revision, backend or setting is another key.
"""

from __future__ import annotations

import hashlib
import json
import math
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from pathlib import Path

from .models import DigestMemo, ModelSource, ModelUnavailable, locate_model, no_memo

# Output length is bounded per source piece as fairseq does (a * source + b), so a
# model caught in a repetition loop stops near the length of a plausible
# translation instead of running to the model's maximum. English renderings of
# Indonesian news run at about the same token count; 1.5x + 10 leaves room.
LENGTH_A = 1.5
LENGTH_B = 10
# Pieces are kept below this share of the model's output cap, so that a
# translation somewhat longer than its source still fits.
INPUT_SHARE_OF_OUTPUT = 0.8


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


def identity_key(identity: dict) -> str:
    canonical = json.dumps(identity, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class Engine(ABC):
    """A translator of sentence-sized pieces; loads its model only when asked to translate."""

    name: str  # for people: the model as the user named it
    identity: dict
    max_input_tokens: int
    # Cores to leave free while translating: an interactive reader keeps one
    # so that the screen answers keys while the model works.
    reserve_cores: int = 0

    @property
    def key(self) -> str:
        return identity_key(self.identity)

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


class IdentityEngine(Engine):
    """Gives every piece back unchanged: proves the pipeline loses nothing."""

    def __init__(self, max_input_tokens: int = 400) -> None:
        self.name = "identity"
        self.max_input_tokens = max_input_tokens
        self.identity = {"backend": "identity", "max_input_tokens": max_input_tokens}

    def count_tokens(self, text: str) -> int:
        # About what a subword tokenizer makes of Indonesian: a word and a bit.
        return len(text.split()) + len(text) // 12 + 1

    def translate(self, sources: list[str]) -> list[str]:
        return list(sources)


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


def make_identity(backend: str, source: ModelSource, settings: GenerationSettings) -> dict:
    identity = {
        "backend": backend,
        "weights": source.weights,
        "family": source.family,
        **asdict(settings),
    }
    if source.family == "marian":
        identity["normalise"] = "moses-punct"  # the input preprocessing OPUS-MT was trained with
    return identity


BACKENDS = ("transformers", "ctranslate2")
DEFAULT_BACKEND = "transformers"


def open_engine(
    model: str,
    revision: str | None = None,
    num_beams: int | None = None,
    memo: DigestMemo = no_memo,
    *,
    backend: str | None = DEFAULT_BACKEND,
    quantization: str | None = None,
    models_dir: Path | None = None,
) -> Engine:
    """The engine for a model name; cheap (no torch, no ctranslate2) until it translates.

    ``quantization`` and ``models_dir`` (where conversions are kept, normally
    the cache's ``models/`` folder) apply to the ctranslate2 backend.
    """
    if model == "identity":
        return IdentityEngine()
    source = locate_model(model, revision, memo)
    settings = settings_for(source, num_beams)
    backend = backend or DEFAULT_BACKEND
    if backend == "ctranslate2":
        from .ct2 import DEFAULT_QUANTIZATION, CTranslate2Engine

        if models_dir is None:
            raise ValueError("the ctranslate2 backend needs a folder for converted models")
        return CTranslate2Engine(source, settings, models_dir, quantization or DEFAULT_QUANTIZATION)
    if backend != "transformers":
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if quantization not in (None, "float32"):
        raise ModelUnavailable(
            f"quantization {quantization!r} needs --backend ctranslate2; "
            "the transformers backend runs in float32"
        )
    from .hf import TransformersEngine

    return TransformersEngine(source, settings)


@dataclass(frozen=True)
class EngineSpec:
    """An engine as the user chose it: enough to open the same one again, anywhere."""

    model: str
    revision: str | None = None
    beams: int | None = None
    backend: str | None = None
    quantization: str | None = None

    def open(self, models_dir: Path | None = None, memo: DigestMemo = no_memo) -> Engine:
        return open_engine(
            self.model,
            self.revision,
            self.beams,
            memo,
            backend=self.backend,
            quantization=self.quantization,
            models_dir=models_dir,
        )
