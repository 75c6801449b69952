"""Accuracy of Indonesian sentence segmentation on the labelled set.

Compares (a) raw sentencex (language "id") with (b) bireader's wrapper
(``translate.segment.split_sentences``) on ``tests/data/segmentation_id.jsonl``:
per-paragraph exact match, and precision / recall / F1 of the sentence
boundaries (a boundary is the offset where a sentence ends, the paragraph's
end excluded).

    python bench/segmentation_eval.py            # summary
    python bench/segmentation_eval.py --errors   # also list every wrong paragraph
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.segment import Span, sentencex_spans, split_sentences  # noqa: E402

DATA = ROOT / "tests" / "data" / "segmentation_id.jsonl"


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def gold_spans(example: dict) -> list[Span]:
    text, spans, position = example["text"], [], 0
    for sentence in example["sentences"]:
        start = text.index(sentence, position)
        position = start + len(sentence)
        spans.append(Span(start, position))
    return spans


def boundaries(spans: list[Span]) -> set[int]:
    return {span.end for span in spans[:-1]}


def evaluate(segment: Callable[[str], list[Span]], examples: list[dict]) -> dict:
    exact = tp = fp = fn = 0
    wrong = []
    for example in examples:
        gold = gold_spans(example)
        found = segment(example["text"])
        if found == gold:
            exact += 1
        else:
            wrong.append((example, found))
        g, f = boundaries(gold), boundaries(found)
        tp, fp, fn = tp + len(g & f), fp + len(f - g), fn + len(g - f)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "exact": exact,
        "total": len(examples),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "wrong": wrong,
    }


def summary_line(name: str, r: dict) -> str:
    share = f"{r['exact']}/{r['total']} {r['exact'] / r['total']:.1%}"
    return (
        f"{name:<28} {share:>13} {r['precision']:>10.3f} {r['recall']:>8.3f} {r['f1']:>7.3f}"
        f"   {r['tp']}/{r['fp']}/{r['fn']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong paragraph")
    parser.add_argument(
        "--per-example", action="store_true", help="exact match of every paragraph, both systems"
    )
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    examples = load(args.data)
    held_out = [e for e in examples if "heldout" in e["tags"]]
    systems = {"sentencex (raw, id)": sentencex_spans, "bireader wrapper": split_sentences}
    results = {name: evaluate(segment, examples) for name, segment in systems.items()}

    print(f"{len(examples)} paragraphs, {sum(len(e['sentences']) for e in examples)} sentences")
    print(f"{'system':<28} {'exact':>13} {'precision':>10} {'recall':>8} {'F1':>7}   tp/fp/fn")
    for name, result in results.items():
        print(summary_line(name, result))
    if held_out:
        print(f"held-out subset ({len(held_out)} paragraphs, written after the rules were set):")
        for name, segment in systems.items():
            print(summary_line(f"  {name}", evaluate(segment, held_out)))

    print("\nexact match by tag" + " " * 15 + "  ".join(f"{n:>20}" for n in systems))
    wrong = {name: {e["id"] for e, _ in r["wrong"]} for name, r in results.items()}
    for tag in sorted({t for e in examples for t in e["tags"]}):
        tagged = [e["id"] for e in examples if tag in e["tags"]]
        cells = [
            f"{sum(i not in wrong[n] for i in tagged)}/{len(tagged)}".rjust(20) for n in systems
        ]
        print(f"  {tag:<33}" + "  ".join(cells))

    if args.per_example:
        print("\nper example (1 = exact match):")
        for example in examples:
            marks = "  ".join(
                f"{n.split()[0]}={int(example['id'] not in wrong[n])}" for n in systems
            )
            print(f"  {example['id']:<14} {marks}")
    if args.errors:
        for name, r in results.items():
            print(f"\nwrong for {name}:")
            for example, found in r["wrong"]:
                print(f"  [{example['id']}]")
                for span in found:
                    print(f"      | {example['text'][span.start : span.end]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
