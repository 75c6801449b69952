"""Random-weight stand-ins for the real translation checkpoints.

The hub cannot be reached from tests or benchmarks, so these builders write
model directories that load through the very same ``AutoTokenizer`` /
``AutoModelForSeq2SeqLM.from_pretrained`` path as the real ones, with random
weights and a tokenizer trained on whatever (Indonesian) corpus is given.

What mirrors the real checkpoints:

- ``build_marian`` -> ``Helsinki-NLP/opus-mt-id-en``: ``MarianMTModel``
  (swish, scaled embeddings, static sinusoidal positions, shared embeddings,
  512 positions), the ``MarianTokenizer`` files (``source.spm``,
  ``target.spm``, ``vocab.json`` with ``</s>`` = 0, ``<unk>`` = 1 and
  ``<pad>`` last, ``tokenizer_config.json``) and the real
  ``generation_config.json`` (4 beams, max_length 512, ``<pad>`` banned and
  used as decoder start, renormalised logits).
- ``build_nllb`` -> ``facebook/nllb-200-distilled-600M``:
  ``M2M100ForConditionalGeneration`` (relu, scaled embeddings, 1024
  positions), an ``NllbTokenizer`` ``tokenizer.json`` (BPE; ``<s>`` 0,
  ``<pad>`` 1, ``</s>`` 2, ``<unk>`` 3, pieces, the 202 language codes,
  ``<mask>`` last) and the real ``generation_config.json`` (max_length 200).
  The "600m" preset also reproduces the real ids (``eng_Latn`` = 256047) and
  the 256,206-row embedding.

What differs: the weights are noise, the SentencePiece models are trained on
the given corpus (Marian's ``target.spm`` is a copy of ``source.spm``, as there
is no English corpus), vocabularies are padded to the real sizes with
filler tokens the tokenizers never produce, and NLLB has no Unicode normaliser (building one
needs protobuf). With ``suppress_eos`` (the default) the model can choose
neither EOS nor any other non-text token (see ``_suppress_non_text``), so
output length is set by ``max_length`` / ``max_new_tokens`` alone instead of
by chance, and decoded output is never empty.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

# How far below the text pieces non-text logits are pushed when suppressed:
# far out of reach of random logits (a few units), and safe in float16.
PENALTY = 1000.0
# SentencePiece target size; the ~21 KB seed corpus supports about a thousand
# pieces, and hard_vocab_limit=False lets unigram training stop below it.
SPM_VOCAB_SIZE = 1000


class _Shape(TypedDict):
    d_model: int
    encoder_layers: int
    decoder_layers: int
    encoder_attention_heads: int
    decoder_attention_heads: int
    encoder_ffn_dim: int
    decoder_ffn_dim: int


@dataclass(frozen=True)
class _Preset:
    d_model: int
    layers: int  # per stack
    heads: int
    ffn: int
    vocab_size: int | None = None  # embedding rows; None: just the tokenizer's tokens

    def shape(self) -> _Shape:
        """Marian and M2M100 configs share these key names."""
        return {
            "d_model": self.d_model,
            "encoder_layers": self.layers,
            "decoder_layers": self.layers,
            "encoder_attention_heads": self.heads,
            "decoder_attention_heads": self.heads,
            "encoder_ffn_dim": self.ffn,
            "decoder_ffn_dim": self.ffn,
        }


_TINY = _Preset(d_model=32, layers=2, heads=2, ffn=64)
MARIAN_PRESETS = {"tiny": _TINY, "base": _Preset(512, 6, 8, 2048, vocab_size=55_000)}
# Real NLLB: pieces end at 256000, 202 language codes from 256001, <mask> at
# 256203, and two spare embedding rows (256,206 in all).
NLLB_PRESETS = {"tiny": _TINY, "600m": _Preset(1024, 12, 16, 4096, vocab_size=256_206)}
_NLLB_FIRST_LANG_ID = 256_001


def seed_corpus(seeds_dir: Path) -> list[str]:
    """The non-blank lines of the seed articles: text to train the tokenizers on."""
    return [
        line.strip()
        for path in sorted(Path(seeds_dir).glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _preset(presets: dict[str, _Preset], name: str) -> _Preset:
    try:
        return presets[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose from {sorted(presets)}") from None


def _train_spm(corpus: Iterable[str], model_type: str, seed: int) -> bytes:
    """Train a SentencePiece model in memory, as the real tokenizers were trained."""
    import sentencepiece as spm

    lines = [line for line in corpus if line.strip()]
    if not lines:
        raise ValueError("the corpus has no text to train a tokenizer on")
    spm.set_random_generator_seed(seed)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type=model_type,
        vocab_size=SPM_VOCAB_SIZE,
        hard_vocab_limit=False,
        character_coverage=1.0,  # every character of the corpus round-trips
        num_threads=1,  # deterministic output, so equal inputs give equal directories
        minloglevel=2,
    )
    return model.getvalue()


def _normal_pieces(spm_model: bytes) -> list[str]:
    """The pieces of a SentencePiece model, without its own <unk>/<s>/</s>."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_model)
    return [
        sp.id_to_piece(i)
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]


def _fillers(count: int) -> list[str]:
    """Tokens no tokenizer produces, to give the embedding matrix its real size."""
    if count < 0:
        raise ValueError("vocab_size is smaller than the trained vocabulary")
    # Plain words, not <tags>: random weights do emit them, and the decoded
    # text should pass through Markdown and HTML untouched.
    return [f"▁filler{i:06d}" for i in range(count)]


def _ids(tokens: list[str]) -> dict[str, int]:
    """Token -> id by position; a repeated token would silently shift every later id."""
    vocab = {token: i for i, token in enumerate(tokens)}
    if len(vocab) != len(tokens):
        raise ValueError("the vocabulary has a repeated token")
    return vocab


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _suppress_non_text(model: Any, text_ids: range) -> None:
    """Give every token outside ``text_ids`` (EOS included) a logit of -PENALTY.

    Random weights end a sequence whenever EOS happens to score highest, often
    at once, so output lengths (and timings) would be luck; they also tend to
    repeat the last token, and after NLLB's forced ``eng_Latn`` that is a
    language code that decodes to nothing. A trained model never writes
    specials, language codes or unused fillers mid-sentence, so neither may
    this one. The change lives in the saved weights and survives
    ``from_pretrained``; generation's forced tokens (``forced_bos_token_id``,
    ``forced_eos_token_id``, processors that set scores directly) still win.
    """
    import torch

    rows = model.get_output_embeddings().weight
    other = torch.ones(rows.shape[0], dtype=torch.bool)
    other[text_ids.start : text_ids.stop] = False
    with torch.no_grad():
        bias = getattr(model, "final_logits_bias", None)
        if bias is not None:  # Marian adds a saved bias to every logit.
            bias[0, other] = -PENALTY
            return
        # M2M100 has no logits bias, so make one: the decoder's final LayerNorm
        # emits the constant PENALTY in dimension 0, and only the (tied) output
        # rows of non-text tokens read it, with weight -1.
        norm = model.get_decoder().layer_norm
        norm.weight[0] = 0.0
        norm.bias[0] = PENALTY
        rows[:, 0] = 0.0
        rows[other, 0] = -1.0


def _save_model(
    out_dir: Path,
    model_class: Any,
    config: Any,
    generation: dict[str, Any],
    *,
    seed: int,
    suppress_eos: bool,
    text_ids: range,
) -> None:
    """Initialise a model from ``config`` with a fixed seed and save it like a real one."""
    import torch
    from transformers import GenerationConfig
    from transformers.utils import logging as hf_logging

    with torch.random.fork_rng():  # leave the caller's random state alone
        torch.manual_seed(seed)
        model = model_class(config).eval()
    if suppress_eos:
        _suppress_non_text(model, text_ids)
    # Without generation_config.json transformers 5 falls back to max_length 20.
    model.generation_config = GenerationConfig(**generation)
    # transformers draws a progress bar while saving; the benchmarks print their own lines.
    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model.save_pretrained(out_dir)
    finally:
        if shown:
            hf_logging.enable_progress_bar()


def build_marian(
    out_dir: Path,
    corpus: Iterable[str],
    *,
    preset: str = "tiny",
    vocab_size: int | None = None,
    seed: int = 0,
    suppress_eos: bool = True,
) -> Path:
    """Write a random-weight ``Helsinki-NLP/opus-mt-id-en`` look-alike to ``out_dir``.

    ``vocab_size`` (default: the preset's, 55,000 for "base") pads ``vocab.json``
    with filler tokens so the embedding and output matrices have the real size;
    ``None`` on "tiny" keeps just the trained pieces. ``<pad>`` is always last.
    ``suppress_eos=False`` leaves the random weights as drawn (see
    ``_suppress_non_text`` for what True changes).
    """
    from transformers import MarianConfig, MarianMTModel

    spec = _preset(MARIAN_PRESETS, preset)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    spm_model = _train_spm(corpus, "unigram", seed)
    pieces = _normal_pieces(spm_model)
    tokens = ["</s>", "<unk>", *pieces]
    size = vocab_size or spec.vocab_size or len(tokens) + 1
    tokens += [*_fillers(size - len(tokens) - 1), "<pad>"]
    pad_id = len(tokens) - 1

    (out_dir / "source.spm").write_bytes(spm_model)
    (out_dir / "target.spm").write_bytes(spm_model)
    _write_json(out_dir / "vocab.json", _ids(tokens))
    _write_json(
        out_dir / "tokenizer_config.json",
        {
            "source_lang": "id",
            "target_lang": "en",
            "model_max_length": 512,
            "separate_vocabs": False,
        },
    )
    # Real opus-mt configs carry static_position_embeddings. transformers configs take
    # extra keys at runtime (accept_kwargs), but mypy sees only their dataclass fields.
    config = MarianConfig(  # type: ignore[call-arg]
        vocab_size=len(tokens),
        decoder_vocab_size=len(tokens),
        **spec.shape(),
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        max_position_embeddings=512,
        share_encoder_decoder_embeddings=True,
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        bos_token_id=0,
        eos_token_id=0,
        forced_eos_token_id=0,
    )
    generation = {
        "bad_words_ids": [[pad_id]],
        "bos_token_id": 0,
        "decoder_start_token_id": pad_id,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": 512,
        "num_beams": 4,
        "pad_token_id": pad_id,
        "renormalize_logits": True,
    }
    _save_model(
        out_dir,
        MarianMTModel,
        config,
        generation,
        seed=seed,
        suppress_eos=suppress_eos,
        text_ids=range(2, 2 + len(pieces)),
    )
    return out_dir


def build_nllb(
    out_dir: Path,
    corpus: Iterable[str],
    *,
    preset: str = "tiny",
    seed: int = 0,
    suppress_eos: bool = True,
) -> Path:
    """Write a random-weight ``facebook/nllb-200-distilled-600M`` look-alike to ``out_dir``.

    "600m" is the real size (about 2.5 GB on disk, slow to build) and has the
    real token ids; "tiny" is for unit tests. ``suppress_eos`` as in
    ``build_marian``.
    """
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES
    from transformers.tokenization_utils_base import generate_merges

    spec = _preset(NLLB_PRESETS, preset)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    spm_model = _train_spm(corpus, "bpe", seed)
    pieces = _normal_pieces(spm_model)
    tokens = ["<s>", "<pad>", "</s>", "<unk>", *pieces]
    if spec.vocab_size:
        tokens += _fillers(_NLLB_FIRST_LANG_ID - len(tokens))
    tokens += [*FAIRSEQ_LANGUAGE_CODES, "<mask>"]
    vocab = _ids(tokens)
    # The merges a SentencePiece BPE model implies, derived as transformers'
    # own converter does (pieces ranked by score, i.e. by merge order).
    merges = generate_merges({p: vocab[p] for p in pieces}, {p: -vocab[p] for p in pieces})

    (out_dir / "sentencepiece.bpe.model").write_bytes(spm_model)
    tokenizer = NllbTokenizer(vocab=vocab, merges=merges, model_max_length=1024)
    tokenizer.save_pretrained(out_dir)

    rows = spec.vocab_size or len(tokens)
    # tokenizer_class is no M2M100Config field: an extra key, as for MarianConfig above.
    config = M2M100Config(  # type: ignore[call-arg]
        vocab_size=rows,
        **spec.shape(),
        activation_function="relu",
        scale_embedding=True,
        max_position_embeddings=1024,
        dropout=0.1,
        attention_dropout=0.1,
        activation_dropout=0.0,
        encoder_layerdrop=0.0,
        decoder_layerdrop=0.0,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        tokenizer_class="NllbTokenizer",
    )
    generation = {
        "bos_token_id": 0,
        "decoder_start_token_id": 2,
        "eos_token_id": 2,
        "max_length": 200,
        "pad_token_id": 1,
    }
    _save_model(
        out_dir,
        M2M100ForConditionalGeneration,
        config,
        generation,
        seed=seed,
        suppress_eos=suppress_eos,
        text_ids=range(4, 4 + len(pieces)),
    )
    return out_dir
