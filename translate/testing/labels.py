"""Debris labels (``tests/data/debris/seeds.json``, ``tests/data/web/labels.json``) and
how well the automatic marking matches them: precision and recall, per reason too.

A labelled document maps each paragraph's text, as written in its source, to
``"story"`` or a debris reason. An article's paragraphs are matched to the
labels by text (a byline split off the first paragraph is put back for that).
Labelled paragraphs the extraction never produced (trafilatura drops ads and
navigation) are counted apart: they are neither marked nor missed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..articles import Article

STORY = "story"


@dataclass
class Score:
    marked_right: int = 0  # debris marked as debris
    marked_wrong: int = 0  # story marked as debris: the costly mistake
    missed: int = 0  # debris left as story
    story: int = 0  # story left as story
    reason_right: int = 0  # debris marked with the labelled reason
    by_reason: Counter[tuple[str, str]] = field(default_factory=Counter)  # (label, marked)
    not_extracted: list[str] = field(default_factory=list)  # labelled, not in the article
    unlabelled: list[str] = field(default_factory=list)  # in the article, not labelled
    wrong: list[str] = field(default_factory=list)  # story paragraphs marked, with the reason
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        marked = self.marked_right + self.marked_wrong
        return self.marked_right / marked if marked else 1.0

    @property
    def recall(self) -> float:
        debris = self.marked_right + self.missed
        return self.marked_right / debris if debris else 1.0


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return labels


def paragraph_texts(
    article: Article, labelled: Collection[str] = ()
) -> list[tuple[str, str | None]]:
    """Each paragraph's text as its source wrote it, with its debris reason.

    The byline goes back in front of the paragraph it was split from: the one
    of the first story paragraphs that, with it, is a labelled text.
    """
    texts = [(p.text, p.debris) for p in article.paragraphs]
    byline = article.meta.byline
    if byline:
        for number in [i for i, (_, reason) in enumerate(texts) if reason is None][:3]:
            if (candidate := f"{byline} {texts[number][0]}") in labelled:
                texts[number] = (candidate, None)
                break
    return texts


def score(article: Article, labels: dict[str, Any], into: Score | None = None) -> Score:
    """Add one article's marking, judged against its labels, to a score."""
    result = into or Score()
    wanted = {p["text"]: p["label"] for p in labels["paragraphs"]}
    seen = set()
    for text, reason in paragraph_texts(article, wanted):
        if text not in wanted:
            result.unlabelled.append(text)
            continue
        seen.add(text)
        label = wanted[text]
        result.by_reason[(label, reason or STORY)] += 1
        if label == STORY and reason is None:
            result.story += 1
        elif label == STORY:
            result.marked_wrong += 1
            result.wrong.append(f"{reason}: {text}")
        elif reason is None:
            result.missed += 1
            result.misses.append(f"{label}: {text}")
        else:
            result.marked_right += 1
            result.reason_right += label == reason
    result.not_extracted += [t for t in wanted if t not in seen]
    return result
