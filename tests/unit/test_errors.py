"""The library says what to change; the command line words it as a flag."""

from __future__ import annotations

import pytest

from translate.cli.options import REMEDIES, explain
from translate.engines import open_engine
from translate.engines.models import ModelUnavailable, locate_model
from translate.errors import Remedy, Unavailable, first_line


def test_every_remedy_has_its_flag():
    assert set(REMEDIES) == set(Remedy)


def test_a_missing_model_names_the_remedy_not_the_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailable) as caught:
        locate_model("marian")
    assert caught.value.remedy is Remedy.LOCAL_MODEL
    assert "--" not in str(caught.value)
    line = explain(caught.value)
    assert line.startswith(str(caught.value)) and line.endswith("with --model PATH")
    assert "\n" not in line


def test_quantisation_without_ctranslate2_asks_for_that_backend(marian_dir):
    with pytest.raises(ModelUnavailable) as caught:
        open_engine(str(marian_dir), backend="transformers", quantization="int8")
    assert caught.value.remedy is Remedy.CTRANSLATE2
    assert explain(caught.value).endswith("; leave out --backend transformers")


def test_errors_without_a_remedy_are_left_as_they_are():
    assert explain(Unavailable("the cache is gone")) == "the cache is gone"
    assert explain(ValueError("bad")) == "bad"


def test_first_line_of_exceptions():
    assert first_line(KeyError("x")) == "KeyError 'x'"
    assert first_line(RuntimeError("")) == "RuntimeError"
    assert first_line(OSError("one\ntwo")) == "one"
