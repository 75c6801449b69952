"""Finding a model's files and identity without loading it.

A model is named by a shorthand, a Hugging Face hub id or a local directory.
Resolving it reads only ``config.json`` and ``generation_config.json`` (from
the directory or the local hub cache, downloading those two small files on
first use), so a run whose translations are all cached never imports torch or
transformers and never touches the weights.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHORTHANDS = {
    "marian": "Helsinki-NLP/opus-mt-id-en",
    "nllb": "facebook/nllb-200-distilled-600M",
}
DEFAULT_MODEL = "marian"

# model_type in config.json -> the family whose calling conventions we follow.
FAMILIES = {"marian": "marian", "m2m_100": "nllb"}

# Files that make up a model directory's identity: weights, configs, tokenizer.
_IDENTITY_SUFFIXES = (".json", ".safetensors", ".bin", ".spm", ".model", ".txt")


class ModelUnavailable(Exception):
    """The model cannot be used here; the message is one line with the remedy."""


@dataclass(frozen=True)
class ModelSource:
    """A located model: where its files are and what exactly it is."""

    name: str  # hub id, or the directory as given (for display)
    weights: str  # identity of the weights: "hub:<id>@<commit>" or "sha256:<digest>"
    location: str  # what to pass to from_pretrained
    revision: str | None  # hub commit to pin from_pretrained to; None for directories
    family: str
    config: dict
    generation: dict


DigestMemo = Callable[[Path, Callable[[Path], str]], str]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"{path}: unreadable model file ({exc})") from exc


def _family(config: dict, where: str) -> str:
    model_type = config.get("model_type", "")
    try:
        return FAMILIES[model_type]
    except KeyError:
        raise ModelUnavailable(
            f"{where}: model type {model_type or 'unknown'!r} is not supported; "
            "use a Marian (opus-mt) or NLLB/M2M100 translation model"
        ) from None


def directory_digest(directory: Path) -> str:
    """Content hash of a model directory, so a copied or moved model keeps its cache."""
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.name.endswith(_IDENTITY_SUFFIXES):
            digest.update(path.name.encode() + b"\0")
            with path.open("rb") as fh:
                digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()


def no_memo(directory: Path, compute: Callable[[Path], str]) -> str:
    return compute(directory)


def _locate_directory(directory: Path, memo: DigestMemo) -> ModelSource:
    config = _read_json(directory / "config.json")
    if not config:
        raise ModelUnavailable(
            f"{directory}: not a model directory (no config.json); pass a folder saved "
            "with save_pretrained, e.g. a downloaded Helsinki-NLP/opus-mt-id-en"
        )
    return ModelSource(
        name=str(directory),
        weights="sha256:" + memo(directory.resolve(), directory_digest),
        location=str(directory.resolve()),
        revision=None,
        family=_family(config, str(directory)),
        config=config,
        generation=_read_json(directory / "generation_config.json"),
    )


def _offline(repo: str, why: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"model {repo!r} is not downloaded and {why}: connect to the internet once "
        "so it can be fetched, or pass a local model directory with --model PATH"
    )


def _hub_commit(repo: str, revision: str | None) -> str:
    """The commit a hub revision points to, preferring the local hub cache.

    Preferring the cache keeps a model used once working offline and
    unchanged; pass a revision to move to another commit. The hub is asked
    through its API, which fails fast when offline, where a file download
    would retry for half a minute.
    """
    from huggingface_hub import HfApi, constants, try_to_load_from_cache
    from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

    cached = try_to_load_from_cache(repo, "config.json", revision=revision)
    if isinstance(cached, str):
        return Path(cached).parent.name  # the cache stores files under snapshots/<commit>/
    if constants.HF_HUB_OFFLINE:
        raise _offline(repo, "HF_HUB_OFFLINE is set")
    try:
        return HfApi().model_info(repo, revision=revision).sha
    except RevisionNotFoundError:
        raise ModelUnavailable(f"model {repo!r} has no revision {revision!r}") from None
    except RepositoryNotFoundError:
        raise ModelUnavailable(
            f"model {repo!r} is not on the Hugging Face hub (or needs a login); "
            "check the name, or pass a local model directory with --model PATH"
        ) from None
    except Exception:  # DNS, connection, TLS and timeout errors of the HTTP client
        raise _offline(repo, "the hub cannot be reached") from None


def _hub_file(repo: str, filename: str, commit: str) -> Path | None:
    """A file of a hub commit from the hub cache, downloaded if needed; None if absent."""
    from huggingface_hub import hf_hub_download, try_to_load_from_cache
    from huggingface_hub.errors import EntryNotFoundError, LocalEntryNotFoundError

    cached = try_to_load_from_cache(repo, filename, revision=commit)
    if isinstance(cached, str):
        return Path(cached)
    if cached is not None:  # the cache records that the file does not exist
        return None
    try:
        return Path(hf_hub_download(repo, filename, revision=commit))
    except LocalEntryNotFoundError:  # a subclass of EntryNotFoundError: offline, not absent
        raise _offline(repo, "the hub cannot be reached") from None
    except EntryNotFoundError:
        return None


def _locate_hub(repo: str, revision: str | None) -> ModelSource:
    commit = _hub_commit(repo, revision)
    config_path = _hub_file(repo, "config.json", commit)
    if config_path is None:
        raise ModelUnavailable(f"model {repo!r} has no config.json; is it a transformers model?")
    generation_path = _hub_file(repo, "generation_config.json", commit)
    config = _read_json(config_path)
    return ModelSource(
        name=repo,
        weights=f"hub:{repo}@{commit}",
        location=repo,
        revision=commit,
        family=_family(config, repo),
        config=config,
        generation=_read_json(generation_path) if generation_path else {},
    )


def locate_model(
    model: str = DEFAULT_MODEL, revision: str | None = None, memo: DigestMemo = no_memo
) -> ModelSource:
    """Resolve a shorthand, hub id or directory to a ModelSource.

    Raises ModelUnavailable with a one-line message when the model is not
    here and cannot be fetched.
    """
    name = SHORTHANDS.get(model, model)
    path = Path(os.path.expanduser(name))
    if path.is_dir():
        if revision:
            raise ModelUnavailable(f"{name}: --revision applies to hub models, not directories")
        return _locate_directory(path, memo)
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        raise ModelUnavailable(
            f"{name}: no such model directory; pass an existing folder, a hub id "
            f"like Helsinki-NLP/opus-mt-id-en, or one of: {', '.join(SHORTHANDS)}"
        )
    return _locate_hub(name, revision)
