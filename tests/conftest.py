"""Shared fixtures: the seed articles and random-weight model checkpoints."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from translate.synthetic import build_marian, build_nllb, seed_corpus

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def translate_command(*args: str | Path) -> list[str]:
    """``bireader translate ARGS`` as a fresh Python process runs it."""
    return [sys.executable, "-m", "translate", "translate", *map(str, args)]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny opus-mt-id-en look-alike, built once per session."""
    return build_marian(tmp_path_factory.mktemp("marian"), seed_corpus(SEEDS_DIR))


@pytest.fixture(scope="session")
def nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny nllb-200-distilled-600M look-alike, built once per session."""
    return build_nllb(tmp_path_factory.mktemp("nllb"), seed_corpus(SEEDS_DIR))
