"""Translation engines, and the one place that knows every backend.

``open_engine`` locates the model (cheaply: two small config files) and
imports only the backend it was asked for, so naming an engine never loads
torch, transformers or CTranslate2; each engine loads its model on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Remedy
from .base import Engine, GenerationSettings, settings_for
from .identity import IdentityEngine
from .models import DigestMemo, ModelUnavailable, locate_model, no_memo

BACKENDS = ("transformers", "ctranslate2")
DEFAULT_BACKEND = "transformers"
QUANTIZATIONS = ("int8", "float32")
DEFAULT_QUANTIZATION = "int8"  # CPU default: a quarter of the memory, about twice the speed

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_QUANTIZATION",
    "QUANTIZATIONS",
    "Engine",
    "EngineSpec",
    "GenerationSettings",
    "IdentityEngine",
    "ModelUnavailable",
    "open_engine",
]


def open_engine(
    model: str,
    revision: str | None = None,
    num_beams: int | None = None,
    memo: DigestMemo = no_memo,
    *,
    backend: str | None = DEFAULT_BACKEND,
    quantization: str | None = None,
    models_dir: Path | None = None,
    settings: dict[str, Any] | None = None,
    reserve_cores: int = 0,
) -> Engine:
    """The engine for a model name; cheap (no torch, no ctranslate2) until it translates.

    ``quantization`` and ``models_dir`` (where conversions are kept, normally
    the cache's ``models/`` folder) apply to the ctranslate2 backend.
    ``settings`` replaces generation settings (the benchmark's fixed output
    lengths); they become part of the engine's signature like any other.
    ``reserve_cores`` leaves cores free for an interactive UI while it translates.
    """
    if model == "identity":
        return IdentityEngine()
    source = locate_model(model, revision, memo)
    generation = settings_for(source, num_beams)
    if settings:
        generation = replace(generation, **settings)
    backend = backend or DEFAULT_BACKEND
    if backend == "ctranslate2":
        from .ctranslate2 import CTranslate2Engine

        if models_dir is None:
            raise ValueError("the ctranslate2 backend needs a folder for converted models")
        return CTranslate2Engine(
            source,
            generation,
            models_dir,
            quantization or DEFAULT_QUANTIZATION,
            reserve_cores=reserve_cores,
        )
    if backend != "transformers":
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if quantization not in (None, "float32"):
        raise ModelUnavailable(
            f"quantization {quantization!r} is for the ctranslate2 backend; "
            "the transformers backend runs in float32",
            Remedy.CTRANSLATE2,
        )
    from .transformers import TransformersEngine

    return TransformersEngine(source, generation, reserve_cores=reserve_cores)


@dataclass(frozen=True)
class EngineSpec:
    """An engine as the user chose it: enough to open the same one again, anywhere."""

    model: str
    revision: str | None = None
    beams: int | None = None
    backend: str | None = None
    quantization: str | None = None

    def open(
        self, models_dir: Path | None = None, memo: DigestMemo = no_memo, reserve_cores: int = 0
    ) -> Engine:
        return open_engine(
            self.model,
            self.revision,
            self.beams,
            memo,
            backend=self.backend,
            quantization=self.quantization,
            models_dir=models_dir,
            reserve_cores=reserve_cores,
        )
