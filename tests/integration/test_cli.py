"""The batch CLI end to end, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from helpers import NO_TORCH_PROBE, ROOT, run_cli, translate_command
from markdown_it import MarkdownIt

from translate.articles import find_articles, read_article
from translate.cli import main

SCHEMA = json.loads((ROOT / "docs/article.schema.json").read_text())
MD = MarkdownIt("commonmark").enable("table")


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def invoke_identity(tmp_path: Path, *args: str):
    """``bireader translate ARGS`` with the identity engine and a cache of the test's own."""
    return invoke("translate", *args, "--model", "identity", "--cache", str(tmp_path / "c"))


def seed_articles(seeds_dir):
    files, _ = find_articles([seeds_dir])
    return [read_article(f) for f in files]


def test_help_reads_well():
    top = invoke("--help")
    assert top.exit_code == 0 and "translate" in top.output
    sub = invoke("translate", "--help")
    assert sub.exit_code == 0
    for option in ("--out", "--format", "--layout", "--model", "--revision", "--beams", "--cache"):
        assert option in sub.output
    assert "Examples" in sub.output and "Exit status" in sub.output


def test_identity_batch_gives_back_every_article_exactly(tmp_path, seeds_dir):
    out = tmp_path / "out"
    result = invoke_identity(tmp_path, str(seeds_dir), "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    articles = seed_articles(seeds_dir)
    files = sorted(out.glob("*.json"))
    assert [f.name for f in files] == sorted(
        [a.path.stem + ".json" for a in articles] + ["index.json"]
    )
    for article in articles:
        document = json.loads((out / f"{article.path.stem}.json").read_text())
        jsonschema.validate(document, SCHEMA)
        records = [document["title"], *document["paragraphs"]]
        assert [r["source"] for r in records] == [p.text for p in article.blocks]
        # Every story paragraph comes back translated; debris comes back marked, untranslated.
        assert [r["translation"] for r in records] == [
            None if p.debris else p.text for p in article.blocks
        ]
        assert [r.get("debris") for r in records] == [p.debris for p in article.blocks]
        assert [r["id"] for r in records] == [p.id for p in article.blocks]
        for record in (r for r in records if "debris" not in r):
            pieces = [s["source"] for s in record["segments"]]
            assert pieces == [s["target"] for s in record["segments"]]
            assert " ".join(pieces) == record["source"]  # seeds separate sentences by one space
    index = json.loads((out / "index.json").read_text())
    assert len(index["articles"]) == 5 and all(a["complete"] for a in index["articles"])


@pytest.mark.parametrize("layout", ["side", "stacked"])
def test_markdown_export_of_seeds_is_valid_and_complete(tmp_path, seeds_dir, layout):
    out = tmp_path / "out"
    result = invoke_identity(tmp_path, str(seeds_dir), "--out", str(out), "--layout", layout)
    assert result.exit_code == 0, result.output
    for article in seed_articles(seeds_dir):
        tokens = MD.parse((out / f"{article.path.stem}.md").read_text())
        texts = [
            "".join(c.content for c in t.children if c.type == "text")
            for t in tokens
            if t.type == "inline"
        ]
        if layout == "side":
            texts = texts[:2] + texts[4:]  # drop the table header
        expected = [t for p in article.story for t in (p.text, p.text)]  # debris left out
        assert texts == expected
    assert (out / "index.md").exists()


def test_bad_files_are_skipped_named_and_the_rest_goes_on(tmp_path, seeds_dir):
    inbox = tmp_path / "in"
    shutil.copytree(seeds_dir, inbox)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (inbox / "latin1.txt").write_bytes("Judul\nKafe murah \xe9".encode("latin-1"))
    out = tmp_path / "out"
    result = run_cli(
        "translate",
        str(inbox),
        str(tmp_path / "missing.txt"),
        "--out",
        str(out),
        "--model",
        "identity",
        "--cache",
        str(tmp_path / "c"),
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for name, problem in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "not valid UTF-8"),
        ("missing.txt", "no such file"),
    ]:
        assert any(name in line and problem in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert "4 sources skipped" in result.stderr
    assert len(list(out.glob("*.md"))) == 6  # five seeds and the index


def test_exports_inside_the_input_folder_are_not_read_back(tmp_path, seeds_dir):
    inbox = tmp_path / "in"
    shutil.copytree(seeds_dir, inbox)
    for _ in range(2):
        result = invoke_identity(tmp_path, str(inbox), "--out", str(inbox / "en"))
        assert result.exit_code == 0, result.output
        assert "5 articles" in result.output


def test_empty_folder_and_unwritable_output_are_one_line(tmp_path, seeds_dir):
    (tmp_path / "empty").mkdir()
    empty = run_cli(
        "translate",
        str(tmp_path / "empty"),
        "--out",
        str(tmp_path / "o"),
        "--model",
        "identity",
        "--cache",
        str(tmp_path / "c"),
    )
    assert empty.returncode == 2 and "no articles found (*.txt, *.md" in empty.stderr
    (tmp_path / "file").write_text("x")
    blocked = run_cli(
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "file" / "sub"),
        "--model",
        "identity",
        "--cache",
        str(tmp_path / "c"),
    )
    assert blocked.returncode == 1 and "Traceback" not in blocked.stderr
    assert str(tmp_path / "file") in blocked.stderr and "cannot write" in blocked.stderr


def test_offline_without_the_model_is_one_line(tmp_path, seeds_dir):
    result = run_cli(
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "out"),
        "--cache",
        str(tmp_path / "c"),
        env={"HF_HOME": str(tmp_path / "hf")},
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.strip()
    assert "Helsinki-NLP/opus-mt-id-en" in line and "HF_HUB_OFFLINE" in line
    assert "--model PATH" in line and "connect to the internet" in line


def test_unreachable_hub_is_one_line(tmp_path, seeds_dir):
    env = {
        "HF_HOME": str(tmp_path / "hf"),
        "HF_HUB_OFFLINE": "0",
        "HF_ENDPOINT": "http://hub.invalid",  # .invalid never resolves (RFC 2606)
    }
    result = run_cli(
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "out"),
        "--model",
        "nllb",
        "--cache",
        str(tmp_path / "c"),
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "facebook/nllb-200-distilled-600M" in result.stderr
    assert "cannot be reached" in result.stderr


def test_corrupt_cache_is_one_line_and_untouched(tmp_path, seeds_dir):
    cache = tmp_path / "c"
    cache.mkdir()
    (cache / "translations.sqlite").write_bytes(b"garbage" * 1000)
    result = run_cli(
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "out"),
        "--model",
        "identity",
        "--cache",
        str(cache),
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "translations.sqlite" in result.stderr
    assert (cache / "translations.sqlite").read_bytes() == b"garbage" * 1000


@pytest.mark.slow
def test_marian_end_to_end_then_all_from_cache_without_loading_a_model(
    tmp_path, seeds_dir, marian_dir
):
    args = [
        "translate",
        str(seeds_dir),
        "--out",
        str(tmp_path / "out"),
        "--model",
        str(marian_dir),
        "--cache",
        str(tmp_path / "c"),
        "--beams",
        "1",
    ]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    total = sum(len(a.story) for a in seed_articles(seeds_dir))
    assert "0 from cache" in first.stderr
    for article in seed_articles(seeds_dir):
        markdown = (tmp_path / "out" / f"{article.path.stem}.md").read_text()
        assert "no translation" not in markdown
        assert markdown.count("\n| ") == len(article.story) - 1 + 2  # + header, rule
    # Move the model: its content hash, not its path, names it.
    moved = tmp_path / "moved-model"
    shutil.copytree(marian_dir, moved)
    args[5] = str(moved)
    second = subprocess.run(
        [sys.executable, "-c", NO_TORCH_PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert second.returncode == 0, second.stderr
    assert "0 paragraphs translated" in second.stderr
    assert f"{len({p.text for a in seed_articles(seeds_dir) for p in a.story})} from cache" in (
        second.stderr
    )
    assert second.stderr.strip().endswith("LIGHT")
    assert total > 0


@pytest.mark.slow
def test_nllb_end_to_end(tmp_path, seeds_dir, nllb_dir):
    result = run_cli(
        "translate",
        str(seeds_dir / "004_0aca5b8c67ae9ee5.txt"),
        "--out",
        str(tmp_path / "o"),
        "--model",
        str(nllb_dir),
        "--cache",
        str(tmp_path / "c"),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "o/004_0aca5b8c67ae9ee5.json").read_text())
    jsonschema.validate(document, SCHEMA)
    assert document["engine"]["family"] == "nllb"
    assert all(p["translation"] for p in document["paragraphs"])


@pytest.mark.slow
def test_killed_run_resumes_and_loses_only_the_batch_in_flight(tmp_path, seeds_dir, marian_dir):
    cache = tmp_path / "c"
    args = translate_command(
        seeds_dir,
        "--out",
        tmp_path / "out",
        "--model",
        marian_dir,
        "--cache",
        cache,
        "--batch-tokens",
        "64",
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    db = cache / "translations.sqlite"
    before: dict = {}
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    before = dict(conn.execute("SELECT source, created FROM pieces"))
            except sqlite3.Error:
                pass
            if len(before) >= 3:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert before, "no batch reached the cache before the kill"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob(".*.tmp"))

    again = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        after = dict(conn.execute("SELECT source, created FROM pieces"))
    # Every piece finished before the kill was kept, not translated again.
    assert all(after[source] == created for source, created in before.items())
    assert len(after) > len(before)
    for article in seed_articles(seeds_dir):
        assert "no translation" not in (tmp_path / "out" / f"{article.path.stem}.md").read_text()


def test_ray_engine_without_ray_installed_is_one_line(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import fails as if not installed
    result = CliRunner().invoke(
        main,
        [
            "translate",
            str(seeds_dir),
            "--out",
            str(tmp_path / "o"),
            "--engine",
            "ray",
            "--model",
            "identity",
            "--cache",
            str(tmp_path / "c"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "pip install 'bireader[ray]'" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_shard_formats_need_the_ray_engine(tmp_path, seeds_dir, fmt):
    result = invoke_identity(
        tmp_path, str(seeds_dir), "--out", str(tmp_path / "o"), "--format", fmt
    )
    assert result.exit_code == 1
    assert "--engine ray" in result.output and result.output.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_a_normal_run_prints_only_our_own_lines(tmp_path, seeds_dir, marian_dir, backend):
    """No weights-loading bar, no deprecation or sequence-length warning from the libraries."""
    article = tmp_path / "long.txt"
    long_paragraph = " ".join(
        (seeds_dir / "004_0aca5b8c67ae9ee5.txt").read_text(encoding="utf-8").split()[:900]
    )  # longer than the tokenizer's model_max_length: counting it is not an error
    article.write_text(f"Judul\n\n{long_paragraph}\n\nParagraf pendek.\n", encoding="utf-8")
    result = run_cli(
        "translate",
        str(article),
        "--out",
        str(tmp_path / "out"),
        "--model",
        str(marian_dir),
        "--cache",
        str(tmp_path / "c"),
        "--beams",
        "4",  # the beam-search cache path
        "--backend",
        backend,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("Translating 3 paragraphs")
    if backend == "ctranslate2":  # converted once, and it says so in one line of its own
        assert lines.pop(1).startswith(f"bireader: converting {marian_dir} for CTranslate2")
    assert all(line.startswith("progress: ") for line in lines[1:-1]), result.stderr
    assert lines[-1].startswith("1 article: 3 paragraphs translated")
