"""The transformers backend: Marian (opus-mt) and NLLB-200 through ``generate``.

torch and transformers are imported on first use only, so a run that finds
everything in the cache starts fast and never loads a model.

Calling conventions follow the models' documentation:
- Marian: the checkpoint's generation_config decides beams, length cap and
  ``bad_words_ids=[[pad]]``; decoding starts from ``<pad>``.
- NLLB: generation forces ``eng_Latn`` as the first output token
  (``forced_bos_token_id``).
"""

from __future__ import annotations

from typing import Any

from .base import ModelEngine, thread_count
from .tokens import TARGET_LANG


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

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> Any:
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
    values after each beam step; on a CPU that copying dominated generation
    time (bench/README.md). Beams only ever swap with beams of the same
    sentence, and a sentence's beams all hold the same copy of its encoder
    states, so reordering the cross-attention cache changes nothing but the
    clock.
    """
    from transformers import DynamicCache, EncoderDecoderCache

    class SharedCrossAttentionCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx: Any) -> None:
            self.self_attention_cache.reorder_cache(beam_idx)

    return SharedCrossAttentionCache(
        DynamicCache(config=model.config), DynamicCache(config=model.config)
    )


class TransformersEngine(ModelEngine):
    backend = "transformers"

    _model: Any = None  # loaded on first use

    @property
    def model(self) -> Any:
        if self._model is None:
            import torch
            from transformers import AutoModelForSeq2SeqLM

            torch.set_num_threads(thread_count(self.reserve_cores))
            model = self.tokens.from_pretrained(AutoModelForSeq2SeqLM, dtype=torch.float32)
            model = model.eval()
            # A GPU when there is one (a Ray worker given --gpus-per-worker, or a
            # desktop with CUDA torch); float32 either way, so the signature holds.
            self._model = model.to("cuda") if torch.cuda.is_available() else model
        return self._model

    def fetch(self) -> None:
        _ = self.tokens.files

    def load(self) -> None:
        _ = self.tokens.tokenizer, self.model

    def translate(self, sources: list[str]) -> list[str]:
        import torch
        from transformers import LogitsProcessorList

        tokenizer, model = self.tokens.tokenizer, self.model
        # No truncation: segmentation already cut every piece to fit, and a
        # silently shortened input would be a silently shortened translation.
        batch = tokenizer.pad(
            {"input_ids": [self.tokens.input_ids(s).tolist() for s in sources]},
            return_tensors="pt",
        )
        batch = batch.to(model.device)
        lengths = batch["attention_mask"].sum(dim=1).tolist()
        kwargs: dict[str, Any] = {}
        if self.tokens.forced:
            kwargs["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(TARGET_LANG)
        limits = self.settings.row_limits(lengths, self.tokens.forced)
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
