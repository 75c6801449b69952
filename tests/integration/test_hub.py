"""A hub model, downloaded once, then used offline for good: the real download code.

A loopback stand-in of the Hugging Face hub (``hub_server.StandInHub``)
serves tiny checkpoints through the hub's API, and ``bireader translate``
runs in fresh processes against it with ``HF_ENDPOINT``, so
``huggingface_hub`` writes its cache exactly as it does for a real model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, assert_clean, failure_line
from hub_server import StandInHub

REPO = "Helsinki-NLP/opus-mt-id-en"  # the default model, so the quick start itself is tested
ARTICLE = "004_0aca5b8c67ae9ee5.txt"

pytestmark = pytest.mark.hub


def bireader(tmp_path: Path, hub: StandInHub, *args: str | Path, offline: bool = False):
    env = {
        **os.environ,
        "HF_HOME": str(tmp_path / "hf"),
        "HF_ENDPOINT": hub.url,
        "HF_HUB_OFFLINE": "1" if offline else "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "translate", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def translate_one(tmp_path, hub, seeds_dir, run: str, *extra: str, offline: bool = False):
    """Translate one article into a cache of its own, so the model must be loaded each time."""
    result = bireader(
        tmp_path,
        hub,
        "translate",
        seeds_dir / ARTICLE,
        "--out",
        tmp_path / f"out-{run}",
        "--cache",
        tmp_path / f"cache-{run}",
        "--format",
        "json",
        "--beams",
        "1",
        *extra,
        offline=offline,
    )
    document = None
    if result.returncode == 0:
        exported = tmp_path / f"out-{run}" / ARTICLE.replace(".txt", ".json")
        document = json.loads(exported.read_text())
    return result, document


def failure(result) -> str:
    return failure_line(result, download_bars=True)


def downloads(hub: StandInHub) -> list[str]:
    return [path for method, path in hub.requests if method == "GET" and "/resolve/" in path]


@pytest.fixture
def hub():
    with StandInHub() as server:
        yield server


@pytest.mark.slow
def test_download_once_then_offline_for_good(tmp_path, hub, seeds_dir, marian_dir):
    commit = hub.add_commit(REPO, marian_dir)

    first, document = translate_one(tmp_path, hub, seeds_dir, "online")
    assert first.returncode == 0, first.stderr
    assert_clean(first)
    assert document["engine"]["weights"] == f"hub:{REPO}@{commit}"
    assert all(p["translation"] for p in document["paragraphs"])
    fetched = downloads(hub)
    assert any(p.endswith("/model.safetensors") for p in fetched)
    assert len(fetched) == len(set(fetched)), "a file was downloaded twice"

    # HF_HUB_OFFLINE: no request at all, same commit, so the same cache key.
    hub.clear_requests()
    offline, again = translate_one(tmp_path, hub, seeds_dir, "offline", offline=True)
    assert offline.returncode == 0, offline.stderr
    assert_clean(offline)
    assert again["engine"] == document["engine"]
    assert hub.requests == []

    # No network at all: the hub is gone, HF_HUB_OFFLINE is not set.
    hub.stop()
    gone, again = translate_one(tmp_path, hub, seeds_dir, "unreachable")
    assert gone.returncode == 0, gone.stderr
    assert_clean(gone)
    assert again["engine"] == document["engine"]

    # The hub is back: nothing is downloaded again.
    hub.start()
    hub.clear_requests()
    back, again = translate_one(tmp_path, hub, seeds_dir, "back")
    assert back.returncode == 0, back.stderr
    assert again["engine"] == document["engine"]
    assert downloads(hub) == []


@pytest.mark.slow
def test_revision_by_branch_tag_and_sha_works_offline_afterwards(
    tmp_path, hub, seeds_dir, marian_dir
):
    first = hub.add_commit(REPO, marian_dir, tags=("v1.0",))
    changed = tmp_path / "changed"
    shutil.copytree(marian_dir, changed)
    (changed / "README.md").write_text("a newer commit of the same weights\n")
    second = hub.add_commit(REPO, changed, branch="dev")
    assert first != second

    for revision, commit in (("dev", second), ("v1.0", first), (first, first)):
        for offline in (False, True):
            run = f"{revision}-{offline}"
            result, document = translate_one(
                tmp_path, hub, seeds_dir, run, "--revision", revision, offline=offline
            )
            assert result.returncode == 0, (run, result.stderr)
            assert document["engine"]["weights"] == f"hub:{REPO}@{commit}", run


@pytest.mark.slow
@pytest.mark.ctranslate2
def test_ctranslate2_converts_the_downloaded_snapshot_offline(tmp_path, hub, seeds_dir, marian_dir):
    pytest.importorskip("ctranslate2")
    commit = hub.add_commit(REPO, marian_dir)
    online, _ = translate_one(tmp_path, hub, seeds_dir, "online")
    assert online.returncode == 0, online.stderr
    hub.stop()
    result, document = translate_one(
        tmp_path, hub, seeds_dir, "ct2", "--backend", "ctranslate2", offline=True
    )
    assert result.returncode == 0, result.stderr
    assert_clean(result)
    assert document["engine"]["weights"] == f"hub:{REPO}@{commit}"
    assert document["engine"]["backend"] == "ctranslate2"
    assert all(p["translation"] for p in document["paragraphs"])


@pytest.mark.slow
def test_a_download_cut_off_mid_file_fails_in_one_line_and_the_next_run_finishes_it(
    tmp_path, hub, seeds_dir, marian_dir
):
    hub.add_commit(REPO, marian_dir)
    # More cuts than huggingface_hub retries within one call.
    hub.cut_off("model.safetensors", times=8, after_bytes=1000)
    cut, _ = translate_one(tmp_path, hub, seeds_dir, "cut")
    line = failure(cut)
    assert REPO in line and "run again" in line

    # Offline, the partial download is named as such, with the remedy.
    partial, _ = translate_one(tmp_path, hub, seeds_dir, "partial", offline=True)
    line = failure(partial)
    assert "partly downloaded" in line and "model.safetensors" in line

    hub.cut_off("model.safetensors", times=0)
    retry, document = translate_one(tmp_path, hub, seeds_dir, "retry")
    assert retry.returncode == 0, retry.stderr
    snapshot = next((tmp_path / "hf" / "hub").glob("models--*/snapshots/*/model.safetensors"))
    assert snapshot.read_bytes() == (marian_dir / "model.safetensors").read_bytes()
    assert all(p["translation"] for p in document["paragraphs"])


def test_unknown_repo_and_revision_are_one_line(tmp_path, hub, seeds_dir, marian_dir):
    hub.add_commit(REPO, marian_dir)
    missing, _ = translate_one(tmp_path, hub, seeds_dir, "repo", "--model", "nobody/nothing")
    line = failure(missing)
    assert "nobody/nothing" in line and "not on the Hugging Face hub" in line
    branch, _ = translate_one(tmp_path, hub, seeds_dir, "rev", "--revision", "no-such-branch")
    assert "no-such-branch" in failure(branch)
