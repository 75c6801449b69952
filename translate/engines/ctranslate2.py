"""The CTranslate2 backend: the same models, converted once, decoded in C++.

Tokenisation, segmentation and length bounds are shared with the transformers
backend (one ``Tokens`` object), so only the decoder differs. The converted
model is written once, per weights and quantisation, under the cache's
``models/`` folder and reused from then on; converting needs torch and
transformers, translating afterwards does not load a torch model at all.

Calling conventions follow CTranslate2's guides for these models:
- Marian: source tokens end with ``</s>``; the converter drops ``<pad>`` from
  the target vocabulary and starts the decoder from a zero embedding, which is
  what transformers' ``<pad>`` start and ``bad_words_ids=[[pad]]`` amount to.
- NLLB: source tokens are ``ind_Latn … </s>`` as the tokenizer makes them; the
  target prefix ``eng_Latn`` plays the part of ``forced_bos_token_id``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..errors import Remedy, first_line
from ..logs import quiet_transformers
from .base import GenerationSettings, ModelEngine, signature_key, thread_count
from .models import ModelSource, ModelUnavailable
from .tokens import TARGET_LANG, Tokens

# CTranslate2 is a dependency of bireader; this is for an install that lost it.
INSTALL_HINT = "pip install 'ctranslate2>=4.5'"


def converter_version() -> str:
    """CTranslate2's major version: a new one may read old conversions differently."""
    try:
        return version("ctranslate2").split(".")[0]
    except PackageNotFoundError:
        return "none"


def converted_dir(models_dir: Path, source: ModelSource, quantization: str) -> Path:
    """Where a model's conversion lives: one folder per weights (the hub commit or the
    folder's content hash), quantisation and CTranslate2 major version."""
    tag = signature_key(
        {"weights": source.weights, "quantization": quantization, "ct2": converter_version()}
    )[:16]
    return models_dir / f"ct2-{quantization}-{tag}"


def convert(source: ModelSource, files: Path, quantization: str, target: Path) -> Path:
    """Convert the checkpoint in ``files`` for CTranslate2, unless done before.

    ``files`` is the model's local folder (a hub snapshot of one commit), so
    config, tokenizer and weights all come from the same commit, offline too.
    The conversion is written beside the target and renamed into place, so a
    killed conversion never leaves a half-written model that looks finished.
    """
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter

    quiet_transformers()
    target.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"bireader: converting {source.name} for CTranslate2 ({quantization}, once) into {target}",
        file=sys.stderr,
    )
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        converter = TransformersConverter(str(files), low_cpu_mem_usage=True)
        converter.convert(str(work), quantization=quantization, force=True)
        try:
            work.rename(target)
        except OSError:  # another process finished the same conversion first
            if not (target / "model.bin").is_file():
                raise
    except Exception as exc:  # the converter raises all kinds: one line, not a traceback
        raise ModelUnavailable(
            f"model {source.name!r} could not be converted for CTranslate2 "
            f"({first_line(exc)}); check the model folder {files}",
            Remedy.TRANSFORMERS,
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


class CTranslate2Engine(ModelEngine):
    backend = "ctranslate2"

    def __init__(
        self,
        source: ModelSource,
        settings: GenerationSettings,
        models_dir: Path,
        quantization: str,
        tokens: Tokens | None = None,
        reserve_cores: int = 0,
    ) -> None:
        super().__init__(source, settings, tokens, reserve_cores, quantization=quantization)
        self.quantization = quantization
        self.converted = converted_dir(models_dir, source, quantization)
        self._translator: Any = None

    def convert(self) -> Path:
        """The converted model's folder, converting (and downloading) first if needed."""
        return convert(self.source, self.tokens.files, self.quantization, self.converted)

    @property
    def translator(self) -> Any:
        if self._translator is None:
            try:
                import ctranslate2
            except ImportError:
                raise ModelUnavailable(
                    f"the ctranslate2 backend is not installed; {INSTALL_HINT}",
                    Remedy.TRANSFORMERS,
                ) from None
            path = self.convert()
            try:
                self._translator = ctranslate2.Translator(
                    str(path),
                    device="cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu",
                    compute_type=self.quantization,
                    intra_threads=thread_count(self.reserve_cores),
                    inter_threads=1,
                )
            except Exception as exc:  # a damaged conversion: say which folder to remove
                raise ModelUnavailable(
                    f"{path}: the converted model could not be loaded ({first_line(exc)}); "
                    "delete that folder and run again to convert the model anew"
                ) from None
        return self._translator

    @property
    def prepared(self) -> bool:
        return (self.converted / "model.bin").is_file()

    def fetch(self) -> None:
        self.convert()

    def load(self) -> None:
        _ = self.tokens.tokenizer, self.translator

    def source_tokens(self, sources: list[str]) -> list[list[str]]:
        """The pieces as the token strings CTranslate2 takes, special tokens included."""
        tokenizer = self.tokens.tokenizer
        return [tokenizer.convert_ids_to_tokens(self.tokens.input_ids(s).tolist()) for s in sources]

    def target_prefix(self, count: int) -> list[list[str]] | None:
        return [[TARGET_LANG]] * count if self.tokens.forced else None

    def translate(self, sources: list[str]) -> list[str]:
        tokenizer, translator = self.tokens.tokenizer, self.translator
        tokens = self.source_tokens(sources)
        forced = self.tokens.forced
        limits = self.settings.row_limits([len(row) for row in tokens], forced)
        results = translator.translate_batch(
            tokens,
            target_prefix=self.target_prefix(len(sources)),
            beam_size=self.settings.num_beams,
            # One bound per batch here; each row is cut to its own bound below,
            # which is what forcing EOS at that length does in greedy search.
            max_decoding_length=max(limits),
            max_input_length=0,  # segmentation already made every piece fit
        )
        outputs = []
        for result, limit in zip(results, limits, strict=True):
            hypothesis = result.hypotheses[0][:limit][forced:]
            outputs.append(self.tokens.decode(tokenizer.convert_tokens_to_ids(hypothesis)))
        return outputs

    def close(self) -> None:
        self._translator = None
