"""The CTranslate2 backend: the same models, converted once, decoded in C++.

Tokenisation, segmentation and length bounds are the transformers backend's
own (this engine inherits them), so only the decoder differs. The converted
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

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from .engine import GenerationSettings, identity_key, make_identity
from .hf import TARGET_LANG, TransformersEngine
from .models import ModelSource, ModelUnavailable, first_line

QUANTIZATIONS = ("int8", "float32")
DEFAULT_QUANTIZATION = "int8"  # CPU default: a quarter of the memory, about twice the speed
EXTRA_HINT = "pip install 'bireader[ctranslate2]'"


def converted_dir(models_dir: Path, source: ModelSource, quantization: str) -> Path:
    """Where a model's conversion lives: one folder per weights and quantisation."""
    tag = identity_key({"weights": source.weights, "quantization": quantization})[:16]
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

    from .logs import quiet_transformers

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
            f"({first_line(exc)}); check the model folder {files}, or leave out "
            "--backend ctranslate2"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


class CTranslate2Engine(TransformersEngine):
    backend = "ctranslate2"

    def __init__(
        self,
        source: ModelSource,
        settings: GenerationSettings,
        models_dir: Path,
        quantization: str = DEFAULT_QUANTIZATION,
    ) -> None:
        super().__init__(source, settings)
        self.quantization = quantization
        self.identity = {
            **make_identity(self.backend, source, settings),
            "quantization": quantization,
        }
        self.converted = converted_dir(models_dir, source, quantization)

    def convert(self) -> Path:
        """The converted model's folder, converting (and downloading) first if needed."""
        return convert(self.source, self.files, self.quantization, self.converted)

    @property
    def model(self) -> Any:
        if self._model is None:
            try:
                import ctranslate2
            except ImportError:
                raise ModelUnavailable(
                    f"the ctranslate2 backend is not installed; {EXTRA_HINT}, "
                    "or leave out --backend to use transformers"
                ) from None
            path = self.convert()
            cores = max(1, (os.cpu_count() or 1) - self.reserve_cores)
            threads = int(os.environ.get("OMP_NUM_THREADS") or cores)
            try:
                self._model = ctranslate2.Translator(
                    str(path),
                    device="cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu",
                    compute_type=self.quantization,
                    intra_threads=threads,
                    inter_threads=1,
                )
            except Exception as exc:  # a damaged conversion: say which folder to remove
                raise ModelUnavailable(
                    f"{path}: the converted model could not be loaded ({first_line(exc)}); "
                    "delete that folder and run again to convert the model anew"
                ) from None
        return self._model

    def translate(self, sources: list[str]) -> list[str]:
        tokenizer, translator = self.tokenizer, self.model
        ids = [self.input_ids(s) for s in sources]
        tokens = [tokenizer.convert_ids_to_tokens(row.tolist()) for row in ids]
        prefix = None
        forced = 0
        if self.source.family == "nllb":
            prefix = [[TARGET_LANG]] * len(sources)
            forced = 1  # the language token is an output token, not text
        ceiling = self.settings.max_length - 2  # as transformers: room for start and EOS
        limits = [min(self.settings.output_bound(len(row)) + forced, ceiling) for row in ids]
        results = translator.translate_batch(
            tokens,
            target_prefix=prefix,
            beam_size=self.settings.num_beams,
            # One bound per batch here; each row is cut to its own bound below,
            # which is what forcing EOS at that length does in greedy search.
            max_decoding_length=max(limits),
            max_input_length=0,  # segmentation already made every piece fit
        )
        outputs = []
        for result, limit in zip(results, limits, strict=True):
            hypothesis = result.hypotheses[0][:limit][forced:]
            text = tokenizer.decode(
                tokenizer.convert_tokens_to_ids(hypothesis), skip_special_tokens=True
            )
            outputs.append(text.strip())
        return outputs

    def close(self) -> None:
        self._model = None
