"""Shared fixtures: an isolated environment, the seed articles and random-weight checkpoints.

The test folders: ``unit/`` (fast, the library alone), ``integration/`` (models,
subprocesses, the command line, Ray, CTranslate2, the stand-in hub) and ``tui/``
(the reader, driven with Textual's Pilot, and its snapshots). Shared code lives
in ``helpers.py``; ``tests/`` is on ``sys.path`` (``pythonpath`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEEDS_DIR

from translate.testing.synthetic import build_marian, build_nllb, seed_corpus


@pytest.fixture(autouse=True)
def isolated_environment(request: pytest.FixtureRequest, monkeypatch, tmp_path_factory) -> None:
    """Every test gets a cache folder of its own and no network for models.

    BIREADER_CACHE points at a fresh folder, so nothing reads or writes the
    checkout's or the user's cache. HF_HUB_OFFLINE=1, unless the test is marked
    ``hub`` (it talks to the stand-in hub and says itself when to be offline).
    """
    monkeypatch.setenv("BIREADER_CACHE", str(tmp_path_factory.mktemp("bireader-cache")))
    if request.node.get_closest_marker("hub"):
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")


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
