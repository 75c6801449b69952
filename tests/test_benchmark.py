"""``bireader bench`` runs every contender on the same work and reports honestly."""

from __future__ import annotations

import json

import pytest
from test_cli import run_cli

from translate.benchmark import Measurement, Report, render

pytest.importorskip("ctranslate2")


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
    assert list(rows) == ["baseline", "default", "ctranslate2", "ct2-raw"]
    # The same source tokens for all: the same work, forced to the same length.
    assert len({m["tokens"] for m in rows.values()}) == 1
    for m in rows.values():
        assert len(m["seconds"]) == 2 and all(s > 0 for s in m["seconds"])
        assert m["peak_rss_mb"] > 50
    assert rows["baseline"]["vs_baseline"] == pytest.approx(1.0)
    assert rows["ctranslate2"]["vs_ct2_raw"] == pytest.approx(
        rows["ctranslate2"]["tokens_per_second"] / rows["ct2-raw"]["tokens_per_second"]
    )
    assert report["cores"] >= 1 and report["beams"] == 4
    warm = report["warm"]
    assert len(warm["seconds"]) >= 3 and warm["imports_torch"] is False
    # The printed table names each contender and every target, met or missed.
    assert "x baseline" in result.stdout and "warm re-run" in result.stdout
    assert result.stdout.count("(target") == 6
    # The checkpoints stay in --work for the next run; the conversion too.
    assert (tmp_path / "work" / "marian-tiny" / "config.json").is_file()
    assert list((tmp_path / "work" / "models").glob("ct2-int8-*/model.bin"))


def test_render_says_by_how_much_a_target_is_missed():
    slow = Measurement("default", "/m/marian-base", 1000, [10.0], 900.0)
    base = Measurement("baseline", "/m/marian-base", 1000, [20.0], 700.0)
    lines = render(Report(2, 4, 1, [base, slow]))
    assert any(line.startswith("MISS default: x baseline = 2.00 (target >= 4)") for line in lines)
    assert any(line.startswith("met  default: peak RSS MB = 900.00") for line in lines)
