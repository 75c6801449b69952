"""Renaming the engine fingerprint to ``signature`` changed no cache key.

``tests/data`` holds a cache and a table of engine keys written by the code
before the rename: the same engines must find every translation in that
cache and compute the very same keys.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import DATA_DIR

from translate.articles import normalise_line
from translate.cache import Cache
from translate.engines import IdentityEngine
from translate.engines.base import GenerationSettings, model_signature, signature_key
from translate.engines.models import ModelSource
from translate.pipeline import translate_paragraphs

DATA = DATA_DIR
KEYS = json.loads((DATA / "keys-before-signature.json").read_text())


def test_model_engine_keys_are_those_made_before_the_rename():
    checked = 0
    for row in KEYS:
        if row["backend"] == "identity":
            continue
        repo = row["weights"].removeprefix("hub:").split("@")[0]
        source = ModelSource(
            name=repo,
            weights=row["weights"],
            directory=Path("."),
            repo=repo,
            commit=row["weights"].split("@")[1],
            family=row["family"],
            config={},
            generation={},
        )
        beams, max_length, max_input = row["settings"]
        settings = GenerationSettings(beams, max_length, max_input)
        extra = {"quantization": row["quantization"]} if row["quantization"] else {}
        signature = model_signature(row["backend"], source, settings, **extra)
        assert signature_key(signature) == row["key"], row
        checked += 1
    assert checked == 4  # both families, both backends


def test_a_cache_written_before_the_rename_is_found_whole(tmp_path, seeds_dir):
    cache_dir = tmp_path / "cache"
    shutil.copytree(DATA / "cache-before-signature", cache_dir)
    engine = IdentityEngine()
    assert engine.key == next(r["key"] for r in KEYS if r["backend"] == "identity")
    # Every line as the old code read it (it split off no bylines or site tags).
    files = sorted(seeds_dir.iterdir())
    texts = [n for f in files for line in f.read_text().splitlines() if (n := normalise_line(line))]
    with Cache(cache_dir) as cache:
        outcome = translate_paragraphs(texts, engine, cache)
    assert outcome.translated == 0
    assert outcome.from_cache == len(set(texts))
