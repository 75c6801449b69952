"""Compare mode: agreement, checks and attention per paragraph; CLI and reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT
from markdown_it import MarkdownIt

from translate.articles import read_article
from translate.quality.compare import compare_paragraph, read_reference
from translate.session import save_person_translation

ARTICLE = "004_0aca5b8c67ae9ee5.txt"


def test_identical_translations_agree_and_need_no_look():
    report = compare_paragraph(
        1,
        "Harga naik 2,5 persen.",
        "x",
        {"a": "Prices rose 2.5 percent.", "b": "Prices rose 2.5 percent."},
    )
    assert report.agreement == {"a ~ b": 100.0}
    assert report.attention == 0.0 and not report.flagged


def test_disagreement_and_broken_numbers_raise_attention():
    calm = compare_paragraph(
        1,
        "Harga naik 2,5 persen.",
        "x",
        {"a": "Prices rose 2.5 percent.", "b": "Prices went up 2.5%."},
    )
    loud = compare_paragraph(
        1, "Harga naik 2,5 persen.", "x", {"a": "Prices rose 25 percent.", "b": "The the the the."}
    )
    assert loud.attention > calm.attention and loud.flagged
    assert any(f.check == "numbers" for f in loud.flags["a"])
    assert any(f.check == "repetition" for f in loud.flags["b"])
    assert loud.agreement["a ~ b"] < calm.agreement["a ~ b"]


def test_bleu_only_against_a_reference():
    report = compare_paragraph(
        1,
        "Presiden tiba.",
        "x",
        {"m": "The president arrived.", "person": "The president arrived."},
        reference="person",
    )
    assert report.bleu == {"m": 100.0}
    assert "person" not in report.flags  # the reference is not checked against itself


def test_reference_must_match_line_for_line(tmp_path, seeds_dir):
    article = read_article(seeds_dir / ARTICLE)
    short = tmp_path / "ref.txt"
    short.write_text("Title only\n")
    with pytest.raises(Exception, match="must match it line for line"):
        read_reference(short, article)


def run_compare(*args, cache):
    return subprocess.run(
        [sys.executable, "-m", "translate", "compare", *map(str, args), "--cache", str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        timeout=600,
    )


@pytest.mark.slow
def test_two_models_and_a_reference_end_to_end(tmp_path, seeds_dir, marian_dir, nllb_dir):
    article = read_article(seeds_dir / ARTICLE)
    reference = tmp_path / "ref.txt"
    reference.write_text("\n".join(f"English {i}." for i in range(len(article.blocks))) + "\n")
    models = f"{marian_dir},{nllb_dir}"
    out = tmp_path / "report.json"
    result = run_compare(
        seeds_dir / ARTICLE,
        "--models",
        models,
        "--reference",
        reference,
        "--beams",
        "1",
        "--out",
        out,
        cache=tmp_path / "c",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document["schema"] == "bireader.compare/1"
    (report,) = document["articles"]
    assert report["translations"] == [str(marian_dir), str(nllb_dir), "reference"]
    assert report["reference"] == "reference"
    assert len(report["paragraphs"]) == len(article.blocks)
    first = report["paragraphs"][1]
    assert set(first["agreement"]) == {
        f"{marian_dir} ~ {nllb_dir}",
        f"{marian_dir} ~ reference",
        f"{nllb_dir} ~ reference",
    }
    assert set(first["bleu"]) == {str(marian_dir), str(nllb_dir)}
    assert all(isinstance(p["attention"], float) for p in report["paragraphs"])
    # Random-weight models produce nonsense, which the checks must notice.
    assert report["summary"]["flagged"] > 0

    markdown_out = tmp_path / "report.md"
    again = run_compare(
        seeds_dir / ARTICLE,
        "--models",
        models,
        "--reference",
        reference,
        "--out",
        markdown_out,
        "--beams",
        "1",
        cache=tmp_path / "c",
    )
    assert again.returncode == 0, again.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown_out.read_text())
    headings = [t for t in tokens if t.type == "heading_open" and t.tag == "h3"]
    assert len(headings) == len(article.blocks)
    assert sum(t.type == "table_open" for t in tokens) >= len(article.blocks)

    table = run_compare(
        seeds_dir / ARTICLE, "--models", models, "--beams", "1", cache=tmp_path / "c"
    )
    assert table.returncode == 0, table.stderr
    assert "attention" in table.stdout and "flagged" in table.stdout


def test_a_persons_edits_join_as_the_reference(tmp_path, seeds_dir):
    article = read_article(seeds_dir / ARTICLE)
    save_person_translation(tmp_path / "c", article.title.text, "Chinese defence minister flies")
    out = tmp_path / "r.json"
    result = run_compare(
        seeds_dir / ARTICLE, "--models", "identity", "--out", out, cache=tmp_path / "c"
    )
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(out.read_text())["articles"]
    assert report["reference"] == "person"
    title = report["paragraphs"][0]
    assert title["translations"]["person"] == "Chinese defence minister flies"
    assert "identity" in title["bleu"]


def test_missing_model_is_one_line(tmp_path, seeds_dir):
    result = run_compare(
        seeds_dir / ARTICLE, "--models", f"identity,{tmp_path / 'nope'}", cache=tmp_path / "c"
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no such model directory" in result.stderr


@pytest.mark.slow
def test_settings_and_earlier_versions_are_columns_too(tmp_path, seeds_dir, marian_dir):
    from translate.engines import open_engine
    from translate.quality.compare import parse_model_spec
    from translate.session import retranslate

    assert parse_model_spec("marian:beams=1", None) == ("marian", 1, False)
    assert parse_model_spec("./m:earlier", 4) == ("./m", 4, True)
    with pytest.raises(Exception, match="unknown model option"):
        parse_model_spec("marian:fast", None)
    article = read_article(seeds_dir / ARTICLE)
    out = tmp_path / "r.json"
    models = f"{marian_dir},{marian_dir}:beams=1"
    result = run_compare(
        seeds_dir / ARTICLE, "--models", models, "--out", out, cache=tmp_path / "c"
    )
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(out.read_text())["articles"]
    assert report["translations"] == [str(marian_dir), f"{marian_dir}:beams=1"]
    # An earlier version exists once a paragraph has been retranslated.
    engine = open_engine(str(marian_dir))
    engine.translate = lambda sources: [s.upper() for s in sources]
    retranslate(engine, tmp_path / "c", article.title.text)
    models = f"{marian_dir}:earlier,identity"
    result = run_compare(
        seeds_dir / ARTICLE, "--models", models, "--out", out, cache=tmp_path / "c"
    )
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(out.read_text())["articles"]
    title = report["paragraphs"][0]["translations"]
    assert title[f"{marian_dir}:earlier"] and title[f"{marian_dir}:earlier"] != title["identity"]
    assert report["paragraphs"][1]["translations"][f"{marian_dir}:earlier"] is None
