"""How well scraped debris is marked: precision and recall against hand labels.

    python bench/debris_eval.py             # seeds/ and the HTML fixtures
    python bench/debris_eval.py --errors    # also every wrong mark and every miss

The labels: tests/data/debris/seeds.json (every line of seeds/) and
tests/data/web/labels.json (the pages in tests/data/web/, shaped like five
Indonesian outlets' markup). Articles are read exactly as ``bireader
translate`` reads them (the HTML through trafilatura), so the figures cover
extraction and marking together. A story paragraph wrongly marked costs more
than debris left in, so precision is the figure to keep high.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.sources import load_articles  # noqa: E402
from translate.testing.labels import Score, load_labels, score  # noqa: E402

SETS = {
    "seeds/": (ROOT / "seeds", ROOT / "tests/data/debris/seeds.json"),
    "HTML fixtures": (ROOT / "tests/data/web", ROOT / "tests/data/web/labels.json"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list wrong marks and misses")
    args = parser.parse_args()
    total = Score()
    print(f"{'set':<14} {'paragraphs':>10} {'debris':>7} {'precision':>10} {'recall':>7}")
    for name, (folder, labels_file) in SETS.items():
        labels = load_labels(labels_file)
        result = Score()
        for file_name, labelled in labels.items():
            articles, problems = load_articles([folder / file_name])
            if problems:
                raise SystemExit(f"{problems[0]}")
            score(articles[0], labelled, result)
            score(articles[0], labelled, total)
        show(name, result)
        if args.errors:
            for line in result.wrong:
                print(f"  wrongly marked  {line[:110]}")
            for line in result.misses:
                print(f"  missed          {line[:110]}")
            for line in result.not_extracted:
                print(f"  not extracted   {line[:110]}")
            for line in result.unlabelled:
                print(f"  unlabelled      {line[:110]}")
    show("all", total)
    print()
    print("by label (rows) and mark (columns):")
    labels_seen = sorted({label for label, _ in total.by_reason})
    marks_seen = sorted({mark for _, mark in total.by_reason})
    print(f"{'':<10}" + "".join(f"{m[:9]:>10}" for m in marks_seen))
    for label in labels_seen:
        print(f"{label:<10}" + "".join(f"{total.by_reason[(label, m)]:>10}" for m in marks_seen))
    debris = total.marked_right
    print(
        f"\nright reason for {total.reason_right} of {debris} debris paragraphs marked; "
        f"{len(total.not_extracted)} labelled paragraphs not extracted (ads, boxes), "
        f"{len(total.unlabelled)} extracted paragraphs without a label"
    )


def show(name: str, result: Score) -> None:
    paragraphs = result.marked_right + result.marked_wrong + result.missed + result.story
    debris = result.marked_right + result.missed
    print(
        f"{name:<14} {paragraphs:>10} {debris:>7} {result.precision:>10.3f} {result.recall:>7.3f}"
    )


if __name__ == "__main__":
    main()
