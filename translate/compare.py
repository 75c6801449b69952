"""Comparing several translations of an article, paragraph by paragraph.

Each paragraph gets agreement figures between every two translations (chrF,
from sacrebleu), BLEU against a person's translation where there is one,
checks of each translation against the source (``checks``), and an attention
score that combines them, so the paragraphs most worth a look come first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

from .articles import Article, ArticleError, normalise_line
from .cache import Cache
from .checks import Flag, attention, run_checks
from .export import escape_markdown
from .pipeline import BatchDone, translate_paragraphs

REPORT_SCHEMA = "bireader.compare/1"
# Below this chrF two translations are taken to disagree: on id->en news,
# two sound translations of a sentence typically score 50-70.
DISAGREE_BELOW = 40.0
FLAG_AT = 0.3  # attention from which a paragraph counts as flagged


@dataclass
class ParagraphReport:
    index: int  # 0 is the title
    id: str
    source: str
    translations: dict[str, str | None]
    agreement: dict[str, float] = field(default_factory=dict)  # "a ~ b" -> chrF
    bleu: dict[str, float] = field(default_factory=dict)  # label -> BLEU vs the reference
    flags: dict[str, list[Flag]] = field(default_factory=dict)
    attention: float = 0.0

    @property
    def flagged(self) -> bool:
        return self.attention >= FLAG_AT


@dataclass
class ArticleReport:
    source_file: str
    title: str
    labels: list[str]
    reference: str | None  # the label that serves as reference, if any
    paragraphs: list[ParagraphReport]

    @property
    def mean_agreement(self) -> dict[str, float]:
        return _means(p.agreement for p in self.paragraphs)

    @property
    def mean_bleu(self) -> dict[str, float]:
        return _means(p.bleu for p in self.paragraphs)

    def worst(self, count: int = 5) -> list[ParagraphReport]:
        flagged = [p for p in self.paragraphs if p.flagged]
        return sorted(flagged, key=lambda p: -p.attention)[:count]


def _means(rows) -> dict[str, float]:
    """Per key, the mean over the rows that have it."""
    values: dict[str, list[float]] = {}
    for row in rows:
        for key, value in row.items():
            values.setdefault(key, []).append(value)
    return {key: sum(v) / len(v) for key, v in values.items()}


def read_reference(path: Path, article: Article) -> list[str]:
    """A person's translation: English paragraphs one to one with the article's blocks.

    Same layout as an article (first non-blank line the title, every further
    non-blank line a paragraph), so it can be written beside the original.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(path, f"cannot read the reference ({exc})") from exc
    lines = [line for raw in text.splitlines() if (line := normalise_line(raw))]
    if len(lines) != len(article.blocks):
        raise ArticleError(
            path,
            f"{len(lines)} non-blank lines, but {article.path.name} has {len(article.blocks)} "
            "(a title and its paragraphs); the reference must match it line for line",
        )
    return lines


def compare_paragraph(
    index: int,
    source: str,
    paragraph_id: str,
    translations: dict[str, str | None],
    reference: str | None = None,
) -> ParagraphReport:
    from sacrebleu.metrics import BLEU, CHRF

    chrf = CHRF()
    bleu = BLEU(effective_order=True)  # sentence-level BLEU needs it
    report = ParagraphReport(index, paragraph_id, source, dict(translations))
    present = {label: text for label, text in translations.items() if text}
    for a, b in combinations(present, 2):
        # chrF is not symmetric; the mean of both directions is.
        forward = chrf.sentence_score(present[a], [present[b]]).score
        backward = chrf.sentence_score(present[b], [present[a]]).score
        report.agreement[f"{a} ~ {b}"] = round((forward + backward) / 2, 1)
    if reference and reference in present:
        for label, text in present.items():
            if label != reference:
                score = bleu.sentence_score(text, [present[reference]]).score
                report.bleu[label] = round(score, 1)
    for label, text in translations.items():
        if label != reference:
            report.flags[label] = run_checks(source, text or "")
    scores = [attention(flags) for flags in report.flags.values()]
    disagreement = [
        Flag("agreement", f"{pair}: chrF {score:.0f}", min(1.0, (DISAGREE_BELOW - score) / 40))
        for pair, score in report.agreement.items()
        if score < DISAGREE_BELOW
    ]
    report.attention = round(max([*scores, attention(disagreement)], default=0.0), 3)
    if disagreement:
        report.flags.setdefault("all", []).extend(disagreement)
    return report


def compare_article(
    article: Article,
    columns: dict[str, dict[str, str]],
    reference: str | None = None,
) -> ArticleReport:
    """Compare translations of an article. ``columns``: label -> {source text: translation}."""
    paragraphs = [
        compare_paragraph(
            index,
            block.text,
            block.id,
            {label: column.get(block.text) for label, column in columns.items()},
            reference,
        )
        for index, block in enumerate(article.blocks)
    ]
    return ArticleReport(
        str(article.path), article.title.text, list(columns), reference, paragraphs
    )


def parse_model_spec(spec: str, beams: int | None) -> tuple[str, int | None, bool]:
    """``MODEL[:beams=N][:earlier]`` -> (model, beams, whether to take earlier versions).

    ``marian:beams=1`` against ``marian`` compares greedy with beam search;
    ``marian:earlier`` is what each paragraph's translation was before its
    last retranslation.
    """
    name, *options = spec.split(":")
    earlier = False
    for option in options:
        if option.startswith("beams=") and option[6:].isdigit() and int(option[6:]) >= 1:
            beams = int(option[6:])
        elif option == "earlier":
            earlier = True
        else:
            raise ArticleError(Path(spec), f"unknown model option {option!r} (beams=N, earlier)")
    return name, beams, earlier


def compare_files(
    paths: list[Path],
    models: list[str],
    cache: Cache,
    *,
    beams: int | None = None,
    backend: str | None = None,
    quantization: str | None = None,
    reference: Path | None = None,
    warn: Callable[[str], None] = print,
    on_plan: Callable[[int], None] | None = None,
    on_batch: Callable[[BatchDone], None] | None = None,
) -> list[ArticleReport]:
    """Translate what is missing with every model (into the cache), then compare.

    A person's translations in the cache (edited in the reader) join as a
    column and serve as the reference, unless a reference file is given.
    """
    from .engine import EngineSpec
    from .workspace import PERSON, load_articles

    articles, problems = load_articles(paths)
    for problem in problems:
        warn(f"skipped {problem}")
    if reference is not None and len(articles) != 1:
        raise ArticleError(reference, "a reference file goes with exactly one article")
    texts = [p.text for a in articles for p in a.blocks]
    columns: dict[str, dict[str, str]] = {}
    # Every model is located before any is run: a typo fails at once, not after an hour.
    specs = {label: parse_model_spec(label, beams) for label in models}
    engines = {
        label: EngineSpec(name, None, spec_beams, backend, quantization).open(
            cache.models_dir, cache.digest
        )
        for label, (name, spec_beams, _) in specs.items()
    }
    for label, engine in engines.items():
        outcome = translate_paragraphs(texts, engine, cache, on_plan=on_plan, on_batch=on_batch)
        if specs[label][2]:  # the version each translation replaced, where there is one
            columns[label] = {
                t: earlier[0].translation
                for t in texts
                if (earlier := cache.history(engine.key, t))
            }
        else:
            columns[label] = {t: c.translation for t, c in outcome.translations.items()}
    person = {t: c.translation for t, c in cache.paragraphs(PERSON, texts).items()}
    label = None
    if person:
        columns["person"], label = person, "person"
    if reference is not None:
        lines = read_reference(reference, articles[0])
        columns["reference"] = dict(zip(texts, lines, strict=True))
        label = "reference"
    return [compare_article(article, columns, label) for article in articles]


def article_json(report: ArticleReport) -> dict:
    return {
        "source_file": report.source_file,
        "title": report.title,
        "translations": report.labels,
        "reference": report.reference,
        "summary": {
            "mean_agreement_chrf": {k: round(v, 1) for k, v in report.mean_agreement.items()},
            "mean_bleu": {k: round(v, 1) for k, v in report.mean_bleu.items()},
            "paragraphs": len(report.paragraphs),
            "flagged": sum(p.flagged for p in report.paragraphs),
            "worst": [p.id for p in report.worst()],
        },
        "paragraphs": [
            {
                **{k: v for k, v in asdict(p).items() if k != "flags"},
                "flags": {label: [asdict(f) for f in fs] for label, fs in p.flags.items()},
                "flagged": p.flagged,
            }
            for p in report.paragraphs
        ],
    }


def reports_json(reports: list[ArticleReport]) -> str:
    document = {"schema": REPORT_SCHEMA, "articles": [article_json(r) for r in reports]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _flags_text(flags: list[Flag]) -> str:
    return "; ".join(f"{f.check}: {f.reason}" for f in flags)


def reports_markdown(reports: list[ArticleReport]) -> str:
    """One Markdown document: a summary per article, then every paragraph."""
    lines: list[str] = []
    for number, report in enumerate(reports, 1):
        anchor = f"a{number}"
        lines += [f"# {escape_markdown(report.title)}", ""]
        reference = f" · reference: {report.reference}" if report.reference else ""
        lines += [
            f"Source: {escape_markdown(report.source_file)} · translations: "
            f"{escape_markdown(', '.join(report.labels))}{reference}",
            "",
            "## Summary",
            "",
            "| translations | mean chrF agreement |",
            "| --- | --- |",
        ]
        lines += [f"| {escape_markdown(k)} | {v:.1f} |" for k, v in report.mean_agreement.items()]
        if report.mean_bleu:
            lines += ["", "| translation | mean BLEU against the reference |", "| --- | --- |"]
            lines += [f"| {escape_markdown(k)} | {v:.1f} |" for k, v in report.mean_bleu.items()]
        flagged = sum(p.flagged for p in report.paragraphs)
        lines += ["", f"**{flagged} of {len(report.paragraphs)} paragraphs flagged.**"]
        if worst := report.worst():
            links = ", ".join(
                f"[¶ {p.index}](#{anchor}-p{p.index}) ({p.attention:.2f})" for p in worst
            )
            lines += ["", f"Most worth a look: {links}"]
        lines += ["", "## Paragraphs", ""]
        for p in report.paragraphs:
            mark = " ⚑" if p.flagged else ""
            lines += [
                f'<a id="{anchor}-p{p.index}"></a>',
                "",
                f"### ¶ {p.index}{' (title)' if p.index == 0 else ''} · attention "
                f"{p.attention:.2f}{mark}",
                "",
                f"> {escape_markdown(p.source)}",
                "",
                "| translation | text | flags |",
                "| --- | --- | --- |",
            ]
            for label, text in p.translations.items():
                shown = escape_markdown(text) if text else "*(none)*"
                flags = escape_markdown(_flags_text(p.flags.get(label, [])))
                lines.append(f"| {escape_markdown(label)} | {shown} | {flags} |")
            figures = [f"chrF {pair}: {score:.1f}" for pair, score in p.agreement.items()]
            figures += [f"BLEU {label}: {score:.1f}" for label, score in p.bleu.items()]
            if "all" in p.flags:
                figures.append(_flags_text(p.flags["all"]))
            if figures:
                lines += ["", escape_markdown(" · ".join(figures))]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
