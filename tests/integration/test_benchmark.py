"""``bireader bench`` runs every contender on the same work and reports honestly."""

from __future__ import annotations

import importlib.util
import json

import pytest
from helpers import ROOT, run_cli

from translate.testing.speed import Measurement, Report, render


def bench_script():
    """bench/speed.py, where the targets live (tooling, not product)."""
    path = ROOT / "bench" / "speed.py"
    spec = importlib.util.spec_from_file_location("bench_speed", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.ctranslate2


@pytest.mark.slow
def test_bench_times_every_contender_on_the_same_work(tmp_path, seeds_dir):
    out = tmp_path / "bench.json"
    result = run_cli(
        "bench",
        str(seeds_dir),
        "--size",
        "tiny",
        "--runs",
        "2",
        "--paragraphs",
        "6",
        "--work",
        str(tmp_path / "work"),
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    rows = {m["contender"]: m for m in report["measurements"]}
    assert list(rows) == ["baseline", "transformers", "default", "ct2-raw", "argos-style"]
    # The same source tokens for all: the same work, forced to the same length.
    assert len({m["tokens"] for m in rows.values()}) == 1
    for m in rows.values():
        assert len(m["seconds"]) == 2 and all(s > 0 for s in m["seconds"])
        assert m["peak_rss_mb"] > 50
    assert rows["baseline"]["vs_baseline"] == pytest.approx(1.0)
    assert rows["argos-style"]["vs_argos_style"] == pytest.approx(1.0)
    assert rows["default"]["vs_ct2_raw"] == pytest.approx(
        rows["default"]["tokens_per_second"] / rows["ct2-raw"]["tokens_per_second"]
    )
    assert report["cores"] >= 1 and report["beams"] == 4
    warm = report["warm"]
    assert len(warm["seconds"]) >= 3 and warm["imports_torch"] is False
    # The printed table names each contender; bench/speed.py judges every target.
    assert "x baseline" in result.stdout and "warm re-run" in result.stdout
    assert "(target" not in result.stdout
    verdicts = bench_script().judge(report)
    assert len(verdicts) == 6 and all("(target" in line for line in verdicts)
    # The checkpoints stay in --work for the next run; the conversion too.
    assert (tmp_path / "work" / "marian-tiny" / "config.json").is_file()
    assert list((tmp_path / "work" / "models").glob("ct2-int8-*/model.bin"))


def test_the_bench_script_says_by_how_much_a_target_is_missed():
    slow = Measurement("transformers", "/m/marian-base", 1000, [10.0], 900.0)
    base = Measurement("baseline", "/m/marian-base", 1000, [20.0], 700.0)
    report = Report(2, 4, 1, [base, slow])
    lines = bench_script().judge(report.to_json())
    assert "MISS marian-base transformers: x baseline = 2.00 (target >= 4)" in lines
    assert any(
        line.startswith("met  marian-base transformers: peak RSS MB = 900.00") for line in lines
    )
    assert any("transformers" in line and "2.00x" in line for line in render(report))
