"""The CTranslate2 backend: same tokens as transformers, converted once, keyed apart."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import NO_TORCH_PROBE, ROOT, run_cli

from translate.articles import read_article
from translate.engines import open_engine
from translate.segment import split_to_fit

ctranslate2 = pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.ctranslate2


def seed_pieces(seeds_dir: Path, engine, count: int = 40) -> list[str]:
    pieces: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for paragraph in read_article(path).blocks:
            spans = split_to_fit(paragraph.text, engine.count_tokens, engine.max_input_tokens)
            pieces += [paragraph.text[s.start : s.end] for s in spans]
    return pieces[:count]


@pytest.mark.parametrize("family", ["marian", "nllb"])
def test_float32_greedy_gives_the_same_tokens_as_transformers(
    family, tmp_path, seeds_dir, marian_dir, nllb_dir
):
    model = marian_dir if family == "marian" else nllb_dir
    reference = open_engine(str(model), num_beams=1, backend="transformers")
    fast = open_engine(
        str(model),
        num_beams=1,
        backend="ctranslate2",
        quantization="float32",
        models_dir=tmp_path / "models",
    )
    pieces = seed_pieces(seeds_dir, reference)
    # Through the engines, as text: length bounds and decoding included.
    assert fast.translate(pieces) == reference.translate(pieces)

    # And token by token, each decoder called directly for 24 tokens.
    tokenizer, nllb = reference.tokens.tokenizer, family == "nllb"
    batch = tokenizer(
        [reference.tokens.prepare(p) for p in pieces], return_tensors="pt", padding=True
    )
    extra = {"forced_bos_token_id": tokenizer.convert_tokens_to_ids("eng_Latn")} if nllb else {}
    generated = reference.model.generate(
        **batch, num_beams=1, do_sample=False, max_new_tokens=25 + nllb, **extra
    )
    # Less the decoder start token, and the EOS that forced_eos_token_id puts last.
    expected = [row[1:-1].tolist() for row in generated]
    sources = [
        tokenizer.convert_ids_to_tokens(tokenizer(reference.tokens.prepare(p))["input_ids"])
        for p in pieces
    ]
    results = fast.translator.translate_batch(
        sources,
        target_prefix=[["eng_Latn"]] * len(pieces) if nllb else None,
        beam_size=1,
        max_decoding_length=24 + nllb,
        max_input_length=0,
    )
    got = [tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results]
    assert got == expected


def test_backend_and_quantisation_are_part_of_the_identity(tmp_path, marian_dir):
    models = tmp_path / "models"
    plain = open_engine(str(marian_dir), backend="transformers")
    int8 = open_engine(str(marian_dir), backend="ctranslate2", models_dir=models)
    f32 = open_engine(
        str(marian_dir), backend="ctranslate2", quantization="float32", models_dir=models
    )
    assert len({plain.key, int8.key, f32.key}) == 3
    assert int8.signature["backend"] == "ctranslate2"
    assert int8.signature["quantization"] == "int8"  # the CPU default
    assert f32.signature["quantization"] == "float32"
    # Everything else that decides the output is the transformers engine's.
    shared = {k: v for k, v in int8.signature.items() if k not in ("backend", "quantization")}
    assert shared == {k: v for k, v in plain.signature.items() if k != "backend"}
    assert int8.converted != f32.converted


def test_converted_once_into_the_models_folder_and_reused(tmp_path, seeds_dir, marian_dir, capfd):
    models = tmp_path / "models"
    first = open_engine(str(marian_dir), backend="ctranslate2", models_dir=models)
    pieces = seed_pieces(seeds_dir, first, 6)
    out = first.translate(pieces)
    assert "converting" in capfd.readouterr().err
    assert (first.converted / "model.bin").is_file()
    assert first.converted.parent == models
    assert [p.name for p in models.iterdir()] == [first.converted.name]  # no leftovers
    stamp = (first.converted / "model.bin").stat().st_mtime_ns

    second = open_engine(str(marian_dir), backend="ctranslate2", models_dir=models)
    assert second.translate(pieces) == out
    assert "converting" not in capfd.readouterr().err
    assert (second.converted / "model.bin").stat().st_mtime_ns == stamp


def test_without_the_extra_the_error_is_one_line(tmp_path, seeds_dir, marian_dir, monkeypatch):
    from translate.engines.models import ModelUnavailable

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import fails as if not installed
    engine = open_engine(str(marian_dir), backend="ctranslate2", models_dir=tmp_path / "m")
    with pytest.raises(ModelUnavailable) as caught:
        engine.load()
    message = str(caught.value)
    assert "\n" not in message
    assert "pip install 'ctranslate2" in message


def test_quantize_without_ctranslate2_is_refused_in_one_line(tmp_path, seeds_dir, marian_dir):
    result = run_cli(
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "o"),
        "--model",
        str(marian_dir),
        "--cache",
        str(tmp_path / "c"),
        "--backend",
        "transformers",
        "--quantize",
        "int8",
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "leave out --backend transformers" in result.stderr


@pytest.mark.slow
def test_cli_backend_end_to_end_then_warm_without_loading_anything(tmp_path, seeds_dir, marian_dir):
    args = [
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "out"),
        "--model",
        str(marian_dir),
        "--cache",
        str(tmp_path / "c"),
        "--backend",
        "ctranslate2",
    ]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert "0 from cache" in first.stderr
    converted = list((tmp_path / "c" / "models").glob("ct2-int8-*/model.bin"))
    assert len(converted) == 1
    for path in sorted(seeds_dir.glob("*.txt")):
        markdown = (tmp_path / "out" / f"{path.stem}.md").read_text()
        assert "no translation" not in markdown

    warm = subprocess.run(
        [sys.executable, "-c", NO_TORCH_PROBE.replace("'torch'", "'torch', 'ctranslate2'"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert warm.returncode == 0, warm.stderr
    assert "0 paragraphs translated" in warm.stderr
    assert warm.stderr.strip().endswith("LIGHT")

    # The transformers backend has its own key: nothing of the above is reused.
    other = run_cli(*args[:-2], "--beams", "1")
    assert other.returncode == 0, other.stderr
    assert "0 from cache" in other.stderr
