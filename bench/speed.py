"""Translation speed: ``bireader bench``, then the figures judged against our targets.

    python bench/speed.py                       # transformer-base Marian on seeds/, 3 runs each
    python bench/speed.py --models marian,nllb  # and NLLB-200-distilled-600M
    python bench/speed.py --help                # every option of bireader bench

What is measured and how: translate/testing/speed.py. The targets are ours,
not the product's: they live here, and bench/README.md keeps the figures.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.cli.bench import bench  # noqa: E402

TARGETS = {"transformers": 4.0, "default": 10.0}  # times the baseline's speed
CEILING_TARGET = 0.95  # the default path against raw CTranslate2 on the same batches
WARM_TARGET_S = 1.0  # bireader translate seeds/ with everything cached
RSS_TARGETS_MB = {"transformers": 1536, "default": 1024}  # transformer-base Marian


def verdict(what: str, value: float, target: float, below: bool = False) -> str:
    met = value < target if below else value >= target
    sign = "<" if below else ">="
    return f"{'met ' if met else 'MISS'} {what} = {value:.2f} (target {sign} {target:g})"


def judge(report: dict) -> list[str]:
    lines = []
    for m in report["measurements"]:
        name = f"{Path(m['model']).name} {m['contender']}"
        if m["contender"] in TARGETS and m["vs_baseline"] is not None:
            lines.append(verdict(f"{name}: x baseline", m["vs_baseline"], TARGETS[m["contender"]]))
        if m["contender"] == "default" and m["vs_ct2_raw"] is not None:
            lines.append(verdict(f"{name}: x ct2-raw", m["vs_ct2_raw"], CEILING_TARGET))
        if m["contender"] in RSS_TARGETS_MB and "marian" in Path(m["model"]).name:
            target = RSS_TARGETS_MB[m["contender"]]
            lines.append(verdict(f"{name}: peak RSS MB", m["peak_rss_mb"], target, below=True))
    if warm := report.get("warm"):
        median = sorted(warm["seconds"])[len(warm["seconds"]) // 2]
        lines.append(verdict("warm re-run of seeds/: seconds", median, WARM_TARGET_S, below=True))
    return lines


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--help" in args or "-h" in args:
        bench(args, prog_name="bench/speed.py")
    with tempfile.TemporaryDirectory() as work:
        figures = Path(work) / "figures.json"
        try:
            bench([*args, "--json", str(figures)], prog_name="bench/speed.py")
        except SystemExit as done:
            if done.code:
                raise
        print()
        print("\n".join(judge(json.loads(figures.read_text()))))
