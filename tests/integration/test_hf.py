"""The transformers backend on generated Marian and NLLB checkpoints (random weights)."""

from __future__ import annotations

import math

import pytest

from translate.engines import open_engine
from translate.engines.base import LENGTH_A, LENGTH_B
from translate.engines.models import ModelUnavailable, locate_model


def spy_generate(engine):
    """Record what the real ``generate`` returns, to inspect output tokens."""
    model = engine.model
    original = model.generate
    outputs = []

    def generate(*args, **kwargs):
        result = original(*args, **kwargs)
        outputs.append((kwargs, result))
        return result

    model.generate = generate
    return outputs


def test_marian_follows_its_generation_config(marian_dir):
    engine = open_engine(str(marian_dir), backend="transformers")
    assert engine.signature["family"] == "marian"
    assert engine.signature["num_beams"] == 4
    assert engine.signature["max_length"] == 512
    assert engine.max_input_tokens == int(512 * 0.8)
    assert engine.signature["weights"].startswith("sha256:")
    assert engine.signature["normalise"] == "moses-punct"
    # OPUS-MT saw Moses-normalised punctuation in training; so must its input here.
    assert engine.tokens.prepare("«Ya»   katanya…") == '"Ya" katanya...'
    assert engine.count_tokens("«Ya»   katanya…") == len(
        engine.tokens.tokenizer('"Ya" katanya...')["input_ids"]
    )
    calls = spy_generate(engine)
    short = "Presiden tiba."
    long = "Presiden Rusia Vladimir Putin dan pemimpin Belarusia menghabiskan enam jam bersama."
    out = engine.translate([long, short])
    assert len(out) == 2 and all(isinstance(t, str) and t for t in out)
    kwargs, sequences = calls[0]
    assert kwargs["num_beams"] == 4
    pad = engine.tokens.tokenizer.pad_token_id
    assert engine.model.generation_config.bad_words_ids == [[pad]]
    assert (sequences[:, 0] == engine.model.generation_config.decoder_start_token_id).all()
    # Each row stops at its own bound (the test model never emits EOS by itself).
    for row, source in zip(sequences, [long, short], strict=True):
        generated = int((row != pad).sum()) - 1  # minus EOS
        bound = math.ceil(LENGTH_A * engine.count_tokens(source) + LENGTH_B)
        assert generated == bound


def test_beams_option_changes_identity(marian_dir):
    default, greedy = (
        open_engine(str(marian_dir), backend="transformers"),
        open_engine(str(marian_dir), num_beams=1, backend="transformers"),
    )
    assert greedy.signature["num_beams"] == 1
    assert default.key != greedy.key


def test_nllb_sets_source_language_and_forces_english(nllb_dir):
    engine = open_engine(str(nllb_dir), backend="transformers")
    assert engine.signature["family"] == "nllb"
    assert engine.signature["max_length"] == 200
    assert engine.max_input_tokens == 160
    tokenizer = engine.tokens.tokenizer
    ids = tokenizer("Presiden tiba di Jakarta.")["input_ids"]
    assert ids[0] == tokenizer.convert_tokens_to_ids("ind_Latn")
    assert ids[-1] == tokenizer.eos_token_id
    calls = spy_generate(engine)
    out = engine.translate(["Presiden tiba di Jakarta.", "Ekonomi tumbuh."])
    assert all(out)
    kwargs, sequences = calls[0]
    english = tokenizer.convert_tokens_to_ids("eng_Latn")
    assert kwargs["forced_bos_token_id"] == english
    assert (sequences[:, 1] == english).all()
    assert "eng_Latn" not in out[0]


def test_real_tokenizer_counts_drive_splitting(marian_dir):
    from translate.segment import split_to_fit

    engine = open_engine(str(marian_dir), backend="transformers")
    text = ", ".join(["Pemerintah Indonesia mengumumkan kebijakan ekonomi baru"] * 120)
    spans = split_to_fit(text, engine.count_tokens, engine.max_input_tokens)
    assert len(spans) > 1
    assert all(engine.count_tokens(text[s.start : s.end]) <= engine.max_input_tokens for s in spans)


def test_not_a_model_directory_is_one_clear_line(tmp_path):
    with pytest.raises(ModelUnavailable) as info:
        locate_model(str(tmp_path))
    assert "not a model directory" in str(info.value) and "\n" not in str(info.value)


def test_unsupported_family_is_refused(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelUnavailable, match="not supported"):
        locate_model(str(tmp_path))


def test_missing_path_is_not_taken_for_a_hub_id(tmp_path):
    with pytest.raises(ModelUnavailable, match="no such model directory"):
        locate_model(str(tmp_path / "nope"))


@pytest.mark.parametrize("family", ["marian", "nllb"])
def test_beam_search_cache_changes_the_speed_only(family, marian_dir, nllb_dir, monkeypatch):
    """The cross-attention cache is left in place between beam steps: same output."""
    from transformers import DynamicCache, EncoderDecoderCache

    from translate.engines import transformers as hf

    engine = open_engine(
        str(marian_dir if family == "marian" else nllb_dir), num_beams=4, backend="transformers"
    )
    pieces = [
        "Presiden Rusia Vladimir Putin dan pemimpin Belarusia menghabiskan enam jam bersama.",
        "Presiden tiba.",
        "Harga cabai naik 20 persen di Pasar Induk Kramat Jati, Jakarta, pada Senin (3/11).",
    ]
    calls = spy_generate(engine)
    fast = engine.translate(pieces)
    assert type(calls[-1][0]["cache"]).__name__ == "SharedCrossAttentionCache"

    def stock_cache(model):
        config = model.config
        return EncoderDecoderCache(DynamicCache(config=config), DynamicCache(config=config))

    monkeypatch.setattr(hf, "_beam_search_cache", stock_cache)
    assert engine.translate(pieces) == fast


@pytest.mark.parametrize("family", ["marian", "nllb"])
def test_the_model_never_sees_invisible_format_characters(family, marian_dir, nllb_dir):
    engine = open_engine(
        str(marian_dir if family == "marian" else nllb_dir), num_beams=1, backend="transformers"
    )
    clean = "Pertumbuhan ekonomi Indonesia naik 5 persen."
    marked = "Per\u00adtum\u00adbuhan eko\u200bnomi\u200c Indo\u200dnesia naik\u2060 5 persen."
    assert engine.tokens.prepare(marked) == engine.tokens.prepare(clean)
    assert list(engine.tokens.input_ids(marked)) == list(engine.tokens.input_ids(clean))
    assert engine.translate([marked]) == engine.translate([clean])


def test_the_identity_invariant_holds_with_invisible_characters(tmp_path):
    from translate.cache import Cache
    from translate.engines import IdentityEngine
    from translate.pipeline import translate_paragraphs

    texts = ["Per\u00adtum\u00adbuhan eko\u200bnomi naik. Harga\u2060 turun.", "Kata\u200d lain."]
    with Cache(tmp_path / "c") as cache:
        outcome = translate_paragraphs(texts, IdentityEngine(), cache)
    assert {t: c.translation for t, c in outcome.translations.items()} == {t: t for t in texts}
