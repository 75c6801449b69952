"""Finding a model's files and identity, and fetching its files once.

A model is named by a shorthand, a Hugging Face hub id or a local directory.
Locating it (``locate_model``) reads only ``config.json`` and
``generation_config.json``, downloading those two small files on first use,
so a run whose translations are all cached never imports torch or
transformers and never touches the weights. ``model_files`` fetches and
checks the rest when a model is about to be loaded.

Hub models go through ``huggingface_hub.snapshot_download``, which records
the commit a branch or tag pointed to (``refs/``) and the commit's file
listing, so that a model downloaded once resolves the same commit with the
network gone. Local copies are preferred over asking the hub: a model stays
the commit it was first downloaded at (and its translations stay in the
cache under one key) until the user names another revision.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Remedy, Unavailable, first_line

if TYPE_CHECKING:
    from huggingface_hub.errors import IncompleteSnapshotError

SHORTHANDS = {
    "marian": "Helsinki-NLP/opus-mt-id-en",
    "nllb": "facebook/nllb-200-distilled-600M",
}
DEFAULT_MODEL = "marian"

# model_type in config.json -> the family whose calling conventions we follow.
FAMILIES = {"marian": "marian", "m2m_100": "nllb"}

# Files that make up a model directory's identity: weights, configs, tokenizer.
_IDENTITY_SUFFIXES = (".json", ".safetensors", ".bin", ".spm", ".model", ".txt")

CONFIG_FILES = ["config.json", "generation_config.json"]
TOKENIZER_FILES = [
    "*.spm",
    "vocab.json",
    "sentencepiece.bpe.model",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
]
# One weights format only: hub repos often carry both, and TensorFlow, Flax
# and Rust copies besides, each as large as the model.
SAFETENSORS = ["model.safetensors", "model-*.safetensors", "model.safetensors.index.json"]
PYTORCH = ["pytorch_model.bin", "pytorch_model-*.bin", "pytorch_model.bin.index.json"]
# What each family's tokenizer cannot be built without (any one of a tuple).
REQUIRED_TOKENIZER: dict[str, list[tuple[str, ...]]] = {
    "marian": [("source.spm",), ("target.spm",), ("vocab.json",)],
    "nllb": [("sentencepiece.bpe.model", "tokenizer.json")],
}


class ModelUnavailable(Unavailable):
    """The model cannot be used here; the message is one line with the remedy."""


@dataclass(frozen=True)
class ModelSource:
    """A located model: where its files are and what exactly it is."""

    name: str  # hub id, or the directory as given (for display)
    weights: str  # identity of the weights: "hub:<id>@<commit>" or "sha256:<digest>"
    directory: Path  # a local model folder, or the hub snapshot folder of ``commit``
    repo: str | None  # hub id; None for local directories
    commit: str | None  # the hub commit the files belong to; None for directories
    family: str
    config: dict[str, Any]
    generation: dict[str, Any]


DigestMemo = Callable[[Path, Callable[[Path], str]], str]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ModelUnavailable(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ModelUnavailable(f"{path}: not valid JSON ({exc}); {_refetch_hint(path)}") from None
    if not isinstance(data, dict):
        raise ModelUnavailable(f"{path}: not a JSON object; {_refetch_hint(path)}")
    return data


def _refetch_hint(path: Path) -> str:
    """How to replace a broken file: download again for hub files, copy again for folders."""
    repo = _hub_repo_of(path)
    if repo:
        return f"remove the download with 'hf cache rm model/{repo}' and run again to fetch it anew"
    return "copy or save the model folder again"


def _hub_repo_of(path: Path) -> str | None:
    # huggingface_hub keeps a repo under models--<org>--<name>/snapshots/<commit>/.
    for part in path.parts:
        if part.startswith("models--"):
            return part.removeprefix("models--").replace("--", "/")
    return None


def _family(config: dict[str, Any], where: str) -> str:
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
    try:
        digest = memo(directory.resolve(), directory_digest)
    except OSError as exc:
        raise ModelUnavailable(
            f"{exc.filename or directory}: cannot read the model file ({exc.strerror or exc})"
        ) from None
    return ModelSource(
        name=str(directory),
        weights="sha256:" + digest,
        directory=directory.resolve(),
        repo=None,
        commit=None,
        family=_family(config, str(directory)),
        config=config,
        generation=_read_json(directory / "generation_config.json"),
    )


def _offline(repo: str, why: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"model {repo!r} is not downloaded and {why}: connect to the internet once "
        "so it can be fetched",
        Remedy.LOCAL_MODEL,
    )


def _incomplete(repo: str, missing: list[str], why: str) -> ModelUnavailable:
    listed = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return ModelUnavailable(
        f"model {repo!r} is only partly downloaded (missing {listed}) and {why}: "
        "connect to the internet once so the download can finish"
    )


def _is_offline() -> bool:
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


def _snapshot(
    repo: str,
    revision: str | None,
    patterns: list[str],
    missing_in: Callable[[Path], list[str]],
) -> Path:
    """The hub snapshot folder of a revision, downloading only files it lacks.

    ``missing_in`` names what a folder still lacks for the caller's purpose.

    The local cache is tried first (no network at all); the hub only when the
    files are not all there. A download interrupted half way is finished by
    the next call: huggingface_hub keeps the partial file and resumes it.
    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import (
        GatedRepoError,
        IncompleteSnapshotError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    missing: list[str] = []
    try:
        local = snapshot_download(
            repo, revision=revision, allow_patterns=patterns, local_files_only=True
        )
        folder = Path(local)
        missing = missing_in(folder)
        if not missing:
            return folder
    except IncompleteSnapshotError as exc:
        missing = _missing_from(exc, repo, patterns)
    except LocalEntryNotFoundError:
        pass
    if _is_offline():
        why = "HF_HUB_OFFLINE is set"
        raise (_incomplete(repo, missing, why) if missing else _offline(repo, why))
    try:
        folder = Path(snapshot_download(repo, revision=revision, allow_patterns=patterns))
    except RevisionNotFoundError:
        raise ModelUnavailable(f"model {repo!r} has no revision {revision!r}") from None
    except (RepositoryNotFoundError, GatedRepoError):
        raise ModelUnavailable(
            f"model {repo!r} is not on the Hugging Face hub (or needs a login); check the name",
            Remedy.LOCAL_MODEL,
        ) from None
    except IncompleteSnapshotError as exc:
        missing = _missing_from(exc, repo, patterns)
        raise _incomplete(repo, missing, "the hub cannot be reached") from None
    except LocalEntryNotFoundError:
        raise _offline(repo, "the hub cannot be reached") from None
    except Exception as exc:  # the hub's HTTP errors, a connection cut mid-file, a full disk
        raise ModelUnavailable(
            f"model {repo!r} could not be downloaded ({first_line(exc)}); run again to resume"
        ) from None
    if missing := missing_in(folder):
        raise ModelUnavailable(
            f"model {repo!r} has no {missing[0]} at revision {revision or 'main'!r}; "
            "is it a transformers translation model?"
        )
    return folder


def _missing_from(error: IncompleteSnapshotError, repo: str, patterns: list[str]) -> list[str]:
    """The wanted files of the commit's recorded listing that its snapshot folder lacks."""
    from huggingface_hub import get_cached_repo_tree
    from huggingface_hub.utils import filter_repo_objects

    folder = Path(error.snapshot_path)  # snapshots/<commit>/
    listed = [f.path for f in get_cached_repo_tree(repo, revision=folder.name)]
    wanted = filter_repo_objects(listed, allow_patterns=patterns)
    return [name for name in wanted if not (folder / name).exists()]


def _locate_hub(repo: str, revision: str | None) -> ModelSource:
    folder = _snapshot(repo, revision, CONFIG_FILES, _missing_config)
    commit = folder.name  # snapshot_download returns snapshots/<commit>/
    config = _read_json(folder / "config.json")
    return ModelSource(
        name=repo,
        weights=f"hub:{repo}@{commit}",
        directory=folder,
        repo=repo,
        commit=commit,
        family=_family(config, repo),
        config=config,
        generation=_read_json(folder / "generation_config.json"),
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
            raise ModelUnavailable(
                f"{name}: a revision applies to hub models, not directories", Remedy.NO_REVISION
            )
        return _locate_directory(path, memo)
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        raise ModelUnavailable(
            f"{name}: no such model directory; pass an existing folder, a hub id "
            f"like Helsinki-NLP/opus-mt-id-en, or one of: {', '.join(SHORTHANDS)}"
        )
    return _locate_hub(name, revision)


def _weights_patterns(repo: str, commit: str) -> list[str]:
    """The one weights format to fetch: safetensors where the commit has it, else PyTorch."""
    from huggingface_hub import HfApi, get_cached_repo_tree
    from huggingface_hub.errors import CachedRepoTreeNotFoundError

    try:
        names = [f.path for f in get_cached_repo_tree(repo, revision=commit)]
    except CachedRepoTreeNotFoundError:
        if _is_offline():
            return SAFETENSORS + PYTORCH  # whatever was downloaded before
        try:
            names = [f.rfilename for f in HfApi().model_info(repo, revision=commit).siblings or []]
        except Exception:  # the hub cannot say; take whichever is there
            return SAFETENSORS + PYTORCH
    if any(n == "model.safetensors" or n == "model.safetensors.index.json" for n in names):
        return SAFETENSORS
    return PYTORCH


def model_files(source: ModelSource) -> Path:
    """The folder with every file the model needs, checked; hub files are downloaded once.

    Raises ModelUnavailable with one line naming the folder or hub id, the
    file, the problem and the fix.
    """
    folder = source.directory
    if source.repo is not None and source.commit is not None:
        patterns = CONFIG_FILES + TOKENIZER_FILES + _weights_patterns(source.repo, source.commit)
        folder = _snapshot(
            source.repo,
            source.commit,
            patterns,
            lambda folder: _missing_model_files(folder, source.family),
        )
    check_model_folder(folder, source.family, source.name)
    return folder


def _missing_config(folder: Path) -> list[str]:
    return [] if (folder / "config.json").is_file() else ["config.json"]


def _missing_model_files(folder: Path, family: str) -> list[str]:
    """The files (or choices of files) a model folder lacks to be loaded."""
    missing = [
        " or ".join(choices)
        for choices in REQUIRED_TOKENIZER.get(family, [])
        if not any((folder / choice).is_file() for choice in choices)
    ]
    if not _weights_files(folder):
        missing.append("model.safetensors or pytorch_model.bin")
    return _missing_config(folder) + missing


def _weights_files(folder: Path) -> list[Path]:
    for index_name in ("model.safetensors.index.json", "pytorch_model.bin.index.json"):
        index = folder / index_name
        if index.is_file():
            weight_map = _read_json(index).get("weight_map") or {}
            return [folder / name for name in sorted(set(weight_map.values()))] or [index]
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (folder / name).is_file():
            return [folder / name]
    return []


def _check_weights(path: Path) -> str | None:
    """Why a weights file cannot be loaded (truncated, corrupt), or None if it looks whole."""
    if not path.is_file():
        return "is missing"
    if path.suffix == ".safetensors":
        from safetensors import SafetensorError, safe_open

        try:
            # Opening parses the header and checks it against the file's length,
            # which catches a copy or download cut short; no tensor is read.
            with safe_open(str(path), framework="numpy"):
                pass
        except (SafetensorError, OSError) as exc:
            return f"is truncated or corrupt ({first_line(exc)})"
        return None
    with path.open("rb") as fh:
        head = fh.read(2)
    if head == b"PK":  # torch.save's zip format: a cut-off file loses its central directory
        try:
            with zipfile.ZipFile(path):
                pass
        except (zipfile.BadZipFile, OSError) as exc:
            return f"is truncated or corrupt ({first_line(exc)})"
    elif not head.startswith(b"\x80"):  # nor torch's older pickle format
        return "is not a PyTorch weights file"
    return None


def check_model_folder(folder: Path, family: str, name: str) -> None:
    """Check that a model folder has whole weights and its tokenizer's files.

    Cheap: weights are checked by their headers and length, not read. What
    it cannot see (a corrupt tokenizer model, say) surfaces when loading.
    """
    if missing := _missing_model_files(folder, family):
        where = f"model {name!r}" if _hub_repo_of(folder) else str(folder)
        raise ModelUnavailable(
            f"{where}: {missing[0]} is missing from {folder}; {_refetch_hint(folder)}"
        )
    for path in _weights_files(folder):
        if problem := _check_weights(path):
            raise ModelUnavailable(f"{path}: model weights {problem}; {_refetch_hint(path)}")


def load_failure(source: ModelSource, folder: Path, exc: BaseException) -> ModelUnavailable:
    """One line for a model whose files passed the checks but would not load."""
    where = f"model {source.name!r} ({folder})" if source.repo else str(folder)
    return ModelUnavailable(
        f"{where}: could not be loaded ({first_line(exc)}); {_refetch_hint(folder)}"
    )
