"""The random-weight checkpoints load and behave like the real ones they stand in for."""

from __future__ import annotations

import json

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from translate.testing.synthetic import build_marian, seed_corpus

SENTENCE = "Pemimpin China Xi Jinping dan timpalannya dari Belarus Alexander Lukashenko berjanji."


@pytest.fixture(scope="module")
def marian(marian_dir):
    return AutoTokenizer.from_pretrained(marian_dir), AutoModelForSeq2SeqLM.from_pretrained(
        marian_dir
    )


@pytest.fixture(scope="module")
def nllb(nllb_dir):
    tokenizer = AutoTokenizer.from_pretrained(nllb_dir, src_lang="ind_Latn")
    return tokenizer, AutoModelForSeq2SeqLM.from_pretrained(nllb_dir)


def test_seed_corpus_is_the_non_blank_lines(seeds_dir):
    lines = seed_corpus(seeds_dir)
    assert len(lines) > 50
    assert all(line.strip() == line and line for line in lines)


def test_sacremoses_is_there_for_marian_punctuation(marian):
    """Without it MarianTokenizer warns and falls back to an identity normaliser."""
    import sacremoses  # noqa: F401

    tokenizer, _ = marian
    curly = "\u201csolusi politik\u201d \u2013 kata"  # the seed articles' quotes and dash
    assert tokenizer.normalize(curly) == '"solusi politik" - kata'


def test_marian_files_and_ids_are_laid_out_like_opus_mt(marian_dir, marian):
    tokenizer, model = marian
    assert type(tokenizer).__name__ == "MarianTokenizer"
    assert {p.name for p in marian_dir.iterdir()} >= {
        "config.json",
        "generation_config.json",
        "model.safetensors",
        "source.spm",
        "target.spm",
        "vocab.json",
        "tokenizer_config.json",
    }
    vocab = json.loads((marian_dir / "vocab.json").read_text(encoding="utf-8"))
    pad = len(vocab) - 1
    assert (vocab["</s>"], vocab["<unk>"], vocab["<pad>"]) == (0, 1, pad)
    assert tokenizer.pad_token_id == pad and tokenizer.eos_token_id == 0
    assert model.config.vocab_size == len(vocab)
    assert model.config.pad_token_id == model.config.decoder_start_token_id == pad


def test_marian_generation_config_is_the_real_one(marian):
    tokenizer, model = marian
    pad = tokenizer.pad_token_id
    gen = model.generation_config
    assert (gen.num_beams, gen.max_length, gen.bad_words_ids) == (4, 512, [[pad]])
    assert (gen.decoder_start_token_id, gen.pad_token_id) == (pad, pad)
    assert (gen.bos_token_id, gen.eos_token_id, gen.forced_eos_token_id) == (0, 0, 0)
    assert gen.renormalize_logits is True


def test_marian_round_trip(marian):
    tokenizer, _ = marian
    ids = tokenizer(SENTENCE)["input_ids"]
    assert ids[-1] == tokenizer.eos_token_id and tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == SENTENCE


def test_marian_generates_exactly_max_new_tokens(marian):
    tokenizer, model = marian
    batch = tokenizer([SENTENCE, "Ini kalimat pendek."], return_tensors="pt", padding=True)
    with torch.inference_mode():
        out = model.generate(**batch, max_new_tokens=9)  # 4 beams, from generation_config
    assert out.shape == (2, 1 + 9)  # decoder start + 9, the last one the forced EOS
    assert (out[:, 0] == tokenizer.pad_token_id).all() and (out[:, -1] == 0).all()
    # Only text pieces in between: no early EOS, no <unk>, never the banned <pad>.
    assert ((out[:, 1:-1] > 1) & (out[:, 1:-1] < tokenizer.pad_token_id)).all()
    texts = tokenizer.batch_decode(out, skip_special_tokens=True)
    assert all(isinstance(text, str) and text for text in texts)


def test_nllb_tokenizer_behaves_like_the_real_one(nllb):
    tokenizer, model = nllb
    assert type(tokenizer).__name__ == "NllbTokenizer"
    assert tokenizer.convert_tokens_to_ids(["<s>", "<pad>", "</s>", "<unk>"]) == [0, 1, 2, 3]
    assert tokenizer.convert_tokens_to_ids("<mask>") == len(tokenizer) - 1
    assert model.config.vocab_size == len(tokenizer)
    ids = tokenizer(SENTENCE)["input_ids"]
    assert ids[0] == tokenizer.convert_tokens_to_ids("ind_Latn")
    assert ids[-1] == tokenizer.eos_token_id == 2
    assert tokenizer.unk_token_id not in ids
    assert tokenizer.decode(ids, skip_special_tokens=True) == SENTENCE


def test_nllb_generation_config_is_the_real_one(nllb):
    _, model = nllb
    gen = model.generation_config
    assert gen.max_length == 200
    assert (gen.bos_token_id, gen.pad_token_id, gen.eos_token_id) == (0, 1, 2)
    assert gen.decoder_start_token_id == 2


def test_nllb_generation_starts_with_the_forced_target_language(nllb):
    tokenizer, model = nllb
    eng = tokenizer.convert_tokens_to_ids("eng_Latn")
    assert eng != tokenizer.unk_token_id
    batch = tokenizer([SENTENCE, "Ini kalimat pendek."], return_tensors="pt", padding=True)
    with torch.inference_mode():
        out = model.generate(**batch, max_new_tokens=8, num_beams=2, forced_bos_token_id=eng)
    assert out.shape == (2, 1 + 8)  # EOS suppressed: every row runs to max_new_tokens
    assert (out[:, 0] == 2).all() and (out[:, 1] == eng).all()
    # Then text pieces only: no EOS, no second language code.
    first_code = tokenizer.convert_tokens_to_ids("ace_Arab")
    assert ((out[:, 2:] > 3) & (out[:, 2:] < first_code)).all()
    texts = tokenizer.batch_decode(out, skip_special_tokens=True)
    assert all(isinstance(text, str) and text for text in texts)


def test_same_seed_same_files(tmp_path, seeds_dir, marian_dir):
    """Equal inputs give a byte-identical directory, so its content hash is stable."""
    again = build_marian(tmp_path / "again", seed_corpus(seeds_dir))
    for path in marian_dir.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
