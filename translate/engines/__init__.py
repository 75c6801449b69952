"""Translation engines, and the one place that knows every backend.

``open_engine`` locates the model (cheaply: two small config files) and
imports only the backend it was asked for, so naming an engine never loads
torch, transformers or CTranslate2; each engine loads its model on first use.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cache import models_dir as default_models_dir
from ..errors import Remedy
from .base import Engine, GenerationSettings, settings_for
from .identity import IdentityEngine
from .models import DigestMemo, ModelUnavailable, locate_model, no_memo

BACKENDS = ("ctranslate2", "transformers")
# CTranslate2 decodes the same models several times faster on a CPU, in a
# fraction of the memory; it is what the field's offline translators use.
DEFAULT_BACKEND = "ctranslate2"
QUANTIZATIONS = ("int8", "int8_float16", "float16", "float32")

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "QUANTIZATIONS",
    "Engine",
    "EngineSpec",
    "GenerationSettings",
    "IdentityEngine",
    "ModelUnavailable",
    "default_quantization",
    "open_engine",
]


def default_quantization() -> str:
    """int8 on a CPU; int8 weights with float16 arithmetic on a CUDA GPU."""
    # Without an NVIDIA driver there is no CUDA device: a run that finds all in
    # the cache then need not import CTranslate2 at all.
    if not Path("/proc/driver/nvidia").exists() and not shutil.which("nvidia-smi"):
        return "int8"
    try:
        import ctranslate2
    except ImportError:  # the engine says how to install it when it is used
        return "int8"
    return "int8_float16" if ctranslate2.get_cuda_device_count() > 0 else "int8"


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

    ``quantization`` and ``models_dir`` (where conversions are kept: the
    cache's ``models/`` folder unless given) apply to the ctranslate2 backend.
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

        return CTranslate2Engine(
            source,
            generation,
            models_dir or default_models_dir(),
            quantization or default_quantization(),
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
