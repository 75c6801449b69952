"""Every way a model can be unusable: one line naming it and the fix, exit 1, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, failure_line

ARTICLE = "004_0aca5b8c67ae9ee5.txt"


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def break_model(folder: Path, how: str) -> str:
    """Damage a copy of a model as an interrupted copy or a bad edit would; the file to name."""
    if how == "truncated weights":
        truncate(folder / "model.safetensors")
        return "model.safetensors"
    if how == "garbage weights":
        (folder / "model.safetensors").write_bytes(b"\x00" * 5000)
        return "model.safetensors"
    if how == "no weights":
        (folder / "model.safetensors").unlink()
        return "model.safetensors or pytorch_model.bin"
    if how == "missing tokenizer file":
        (folder / "source.spm").unlink()
        return "source.spm"
    if how == "corrupt tokenizer file":
        (folder / "source.spm").write_bytes(b"not a sentencepiece model")
        return str(folder)
    if how == "config not JSON":
        (folder / "config.json").write_text("{ not json")
        return "config.json"
    if how == "unsupported model type":
        config = json.loads((folder / "config.json").read_text())
        (folder / "config.json").write_text(json.dumps({**config, "model_type": "gpt2"}))
        return "gpt2"
    raise AssertionError(how)


def run_translate(tmp_path: Path, model: Path, *extra: str):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "translate",
            "translate",
            str(ROOT / "seeds" / ARTICLE),
            "--out",
            str(tmp_path / "out"),
            "--model",
            str(model),
            "--cache",
            str(tmp_path / "c"),
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "HF_HUB_OFFLINE": "1"},
        timeout=300,
    )


def last_line(result) -> str:
    # A conversion announces itself before it fails.
    return failure_line(result, ("Translating ", "bireader: converting "))


@pytest.mark.parametrize(
    "how",
    [
        "truncated weights",
        "garbage weights",
        "no weights",
        "missing tokenizer file",
        "corrupt tokenizer file",
        "config not JSON",
        "unsupported model type",
    ],
)
def test_a_broken_model_folder_is_one_line_with_the_fix(tmp_path, marian_dir, how):
    folder = tmp_path / "model"
    shutil.copytree(marian_dir, folder)
    named = break_model(folder, how)
    line = last_line(run_translate(tmp_path, folder))
    assert named in line
    if how != "unsupported model type":
        assert "copy or save the model folder again" in line
    assert "connect to the internet" not in line  # a local folder is not fixed by a download


@pytest.mark.slow
@pytest.mark.ctranslate2
def test_a_half_written_ctranslate2_conversion_is_one_line_naming_the_folder(tmp_path, marian_dir):
    pytest.importorskip("ctranslate2")
    first = run_translate(tmp_path, marian_dir, "--backend", "ctranslate2")
    assert first.returncode == 0, first.stderr
    converted = next((tmp_path / "c" / "models").glob("ct2-*/model.bin"))
    truncate(converted)
    shutil.rmtree(tmp_path / "c" / "translations.sqlite", ignore_errors=True)
    (tmp_path / "c" / "translations.sqlite").unlink()
    line = last_line(run_translate(tmp_path, marian_dir, "--backend", "ctranslate2"))
    assert str(converted.parent) in line and "delete that folder" in line


@pytest.mark.ctranslate2
def test_a_failing_ctranslate2_conversion_is_one_line(tmp_path, marian_dir):
    pytest.importorskip("ctranslate2")
    folder = tmp_path / "model"
    shutil.copytree(marian_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    # Passes our checks and loads in transformers' config, but the converter rejects it.
    (folder / "config.json").write_text(json.dumps({**config, "activation_function": "nope"}))
    line = last_line(run_translate(tmp_path, folder, "--backend", "ctranslate2"))
    assert "could not be converted for CTranslate2" in line and str(folder) in line
    assert not list((tmp_path / "c" / "models").glob("ct2-*"))  # nothing half-written left
