"""Comparing several translations of an article, paragraph by paragraph.

Each paragraph gets agreement figures between every two translations (chrF,
from sacrebleu), BLEU against a person's translation where there is one,
checks of each translation against the source (``checks``), and an attention
score that combines them, so the paragraphs most worth a look come first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from ..articles import Article, ArticleError, normalise_line
from ..cache import Cache
from ..engines import EngineSpec, ModelUnavailable
from ..pipeline import BatchDone, translate_paragraphs
from ..session import PERSON, choose_engine, translate_in_order
from ..sources import Source, load_articles, with_person_marks
from .checks import Flag, attention, run_checks

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


def _means(rows: Iterable[dict[str, float]]) -> dict[str, float]:
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
    for label, translation in translations.items():
        if label != reference:
            report.flags[label] = run_checks(source, translation or "")
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
        if block.debris is None  # debris is not translated, so there is nothing to compare
    ]
    return ArticleReport(article.source, article.title.text, list(columns), reference, paragraphs)


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
    paths: list[Source],
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
    articles, problems = load_articles(paths, cache_dir=cache.directory)
    articles = with_person_marks(articles, cache)
    for problem in problems:
        warn(f"skipped {problem}")
    if reference is not None and len(articles) != 1:
        raise ArticleError(reference, "a reference file goes with exactly one article")
    texts = [p.text for a in articles for p in a.story]
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
        translate_paragraphs(texts, engine, cache, on_plan=on_plan, on_batch=on_batch)
        columns[label] = translation_column(cache, engine.key, texts, earlier=specs[label][2])
    reference_label = with_person(columns, cache, texts)
    if reference is not None:
        lines = read_reference(reference, articles[0])
        blocks = [p.text for p in articles[0].blocks]
        columns["reference"] = dict(zip(blocks, lines, strict=True))
        reference_label = "reference"
    return [compare_article(article, columns, reference_label) for article in articles]


def translation_column(
    cache: Cache, key: str, texts: list[str], earlier: bool = False
) -> dict[str, str]:
    """One column of a comparison: an engine's cached translations, by source text.

    ``earlier``: the version each translation replaced, where there is one.
    """
    if earlier:
        return {t: history[0].translation for t in texts if (history := cache.history(key, t))}
    return {t: c.translation for t, c in cache.paragraphs(key, texts).items()}


def with_person(columns: dict[str, dict[str, str]], cache: Cache, texts: list[str]) -> str | None:
    """Add a person's translations (edited in the reader) as a column, the reference.

    Returns the reference label, or None when no paragraph has a person's version.
    """
    person = translation_column(cache, PERSON, texts)
    if not person:
        return None
    columns["person"] = person
    return "person"


def compare_for_reading(
    article: Article,
    specs: list[EngineSpec],
    cache_dir: Path | None,
    cancelled: Callable[[], bool] = lambda: False,
    reserve_cores: int = 0,
) -> ArticleReport:
    """Translate an article with each engine where needed, then compare the translations.

    Columns are named by model. A model that is not here still joins with
    what the cache holds of it (translations made elsewhere).
    """
    texts = [p.text for p in article.story]
    keys: dict[str, str] = {}
    for spec in specs:
        choice = choose_engine(spec, cache_dir, reserve_cores)
        if choice.key is None:  # then there is no engine either
            raise ModelUnavailable(choice.problem or f"model {spec.model!r} is not available")
        if choice.engine is not None:
            translate_in_order(choice.engine, cache_dir, texts, lambda batch: None, cancelled)
        keys[spec.model] = choice.key
    with Cache(cache_dir) as cache:
        columns = {model: translation_column(cache, key, texts) for model, key in keys.items()}
        reference = with_person(columns, cache, texts)
    return compare_article(article, columns, reference)
