"""The transformers backend: Marian (opus-mt) and NLLB-200 through ``generate``.

torch and transformers are imported on first use only, so a run that finds
everything in the cache starts fast and never loads a model.

Calling conventions follow the models' documentation:
- Marian: the checkpoint's generation_config decides beams, length cap and
  ``bad_words_ids=[[pad]]``; decoding starts from ``<pad>``. OPUS-MT models were
  trained on Moses-punctuation-normalised text; ``MarianTokenizer`` sets up
  that normaliser (sacremoses) but transformers 5 does not apply it when
  encoding, so it is applied here, before tokenisation.
- NLLB: the tokenizer is created with ``src_lang="ind_Latn"`` (it prefixes the
  language code) and generation forces ``eng_Latn`` as the first output token.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path
from typing import Any

from .engine import Engine, GenerationSettings, make_identity
from .logs import quiet_transformers
from .models import ModelSource, load_failure, model_files

# Pieces whose token ids an engine remembers (a few MB); beyond, it starts afresh.
IDS_MEMORY = 50_000
SOURCE_LANG = "ind_Latn"
TARGET_LANG = "eng_Latn"
# Invisible format characters that survive reading (soft hyphen, zero-width
# space, non-joiner, joiner, word joiner): OPUS training text was cleaned of
# them, so the model sees text without them while the article keeps them.
INVISIBLE = {c: None for c in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060)}


def use_cores(reserve: int = 0) -> None:
    """All cores for torch, less ``reserve`` left for an interactive UI."""
    import torch

    # torch defaults to the physical core count; OMP_NUM_THREADS wins if set.
    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(max(1, (os.cpu_count() or 1) - reserve))


def _length_processor(limits: list[int], num_beams: int, eos_token_id: int) -> Any:
    """Force EOS for each row once it reaches its own source's length bound.

    ``max_new_tokens`` is one number per batch; this keeps a short sentence
    batched beside a long one from inheriting the long one's budget.
    """
    import torch
    from transformers import LogitsProcessor

    class PerRowLengthBound(LogitsProcessor):
        def __init__(self) -> None:
            # Beam search lays out rows source by source, num_beams each.
            self.limits = torch.tensor(limits).repeat_interleave(num_beams)

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor):
            generated = input_ids.shape[1] - 1  # the decoder start token is not output
            done = self.limits.to(scores.device) <= generated
            if done.any():
                scores[done] = -float("inf")
                scores[done, eos_token_id] = 0.0
            return scores

    return PerRowLengthBound()


def _beam_search_cache(model: Any) -> Any:
    """A KV cache for beam search that leaves the cross-attention part in place.

    transformers reorders every layer's self- *and* cross-attention keys and
    values after each beam step; on a CPU that copying took two thirds of
    generation time. Beams only ever swap with beams of the same sentence, and
    a sentence's beams all hold the same copy of its encoder states, so
    reordering the cross-attention cache changes nothing but the clock.
    """
    from transformers import DynamicCache, EncoderDecoderCache

    class SharedCrossAttentionCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx: Any) -> None:
            self.self_attention_cache.reorder_cache(beam_idx)

    return SharedCrossAttentionCache(
        DynamicCache(config=model.config), DynamicCache(config=model.config)
    )


class TransformersEngine(Engine):
    backend = "transformers"

    def __init__(self, source: ModelSource, settings: GenerationSettings) -> None:
        self.source = source
        self.settings = settings
        self.name = source.name
        self.max_input_tokens = settings.max_input_tokens
        self.identity = make_identity(self.backend, source, settings)
        self._tokenizer: Any = None
        self._model: Any = None
        self._files: Path | None = None
        self._ids: dict[str, array] = {}

    @property
    def files(self) -> Path:
        """The model's local folder, complete and checked (downloaded on first use)."""
        if self._files is None:
            self._files = model_files(self.source)
        return self._files

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            extra = {"src_lang": SOURCE_LANG} if self.source.family == "nllb" else {}
            self._tokenizer = self._load(AutoTokenizer, **extra)
        return self._tokenizer

    @property
    def model(self) -> Any:
        if self._model is None:
            import torch
            from transformers import AutoModelForSeq2SeqLM

            use_cores(self.reserve_cores)
            model = self._load(AutoModelForSeq2SeqLM, dtype=torch.float32).eval()
            # A GPU when there is one (a Ray worker given --gpus-per-worker, or a
            # desktop with CUDA torch); float32 either way, so the identity holds.
            self._model = model.to("cuda") if torch.cuda.is_available() else model
        return self._model

    def _load(self, auto_class: Any, **kwargs: Any) -> Any:
        folder = self.files
        quiet_transformers()
        try:
            # From the local folder, never the hub: the files were fetched and
            # checked above, all of one commit, so loading works offline.
            return auto_class.from_pretrained(str(folder), **kwargs)
        except Exception as exc:  # any failure of a broken file: one line, not a traceback
            raise load_failure(self.source, folder, exc) from None

    def load(self) -> None:
        _ = self.tokenizer, self.model

    def prepare(self, text: str) -> str:
        """The text the model is given for a piece."""
        text = text.translate(INVISIBLE)
        if self.source.family == "marian":
            return self.tokenizer.normalize(text)
        return text

    def input_ids(self, text: str) -> array:
        """The model input for a piece, special tokens included; remembered.

        Segmentation, batching and translation each need a piece's tokens;
        remembered, each piece is tokenised once.
        """
        ids = self._ids.get(text)
        if ids is None:
            if len(self._ids) >= IDS_MEMORY:
                self._ids.clear()
            ids = array("i", self.tokenizer(self.prepare(text))["input_ids"])  # 4 bytes a token
            self._ids[text] = ids
        return ids

    def count_tokens(self, text: str) -> int:
        return len(self.input_ids(text))

    def translate(self, sources: list[str]) -> list[str]:
        import torch
        from transformers import LogitsProcessorList

        tokenizer, model = self.tokenizer, self.model
        # No truncation: segmentation already cut every piece to fit, and a
        # silently shortened input would be a silently shortened translation.
        batch = tokenizer.pad(
            {"input_ids": [self.input_ids(s).tolist() for s in sources]}, return_tensors="pt"
        )
        batch = batch.to(model.device)
        lengths = batch["attention_mask"].sum(dim=1).tolist()
        kwargs: dict[str, Any] = {}
        forced = 0
        if self.source.family == "nllb":
            kwargs["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(TARGET_LANG)
            forced = 1  # the language token is an output token, not text
        ceiling = self.settings.max_length - 2  # room for the decoder start and EOS
        limits = [min(self.settings.output_bound(n) + forced, ceiling) for n in lengths]
        eos = model.generation_config.eos_token_id
        eos = eos[0] if isinstance(eos, list) else eos
        if self.settings.num_beams > 1:
            kwargs["cache"] = _beam_search_cache(model)
        with torch.inference_mode():
            output = model.generate(
                **batch,
                num_beams=self.settings.num_beams,
                # The decoder start, the longest row's bound, EOS. (max_length, not
                # max_new_tokens, which transformers warns about beside a checkpoint's
                # own max_length on every call.)
                max_length=max(limits) + 2,
                logits_processor=LogitsProcessorList(
                    [_length_processor(limits, self.settings.num_beams, eos)]
                ),
                **kwargs,
            )
        return [text.strip() for text in tokenizer.batch_decode(output, skip_special_tokens=True)]

    def close(self) -> None:
        self._model = None
