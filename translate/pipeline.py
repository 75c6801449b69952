"""Paragraphs in, cached translations out.

Pending paragraphs are cut into pieces the model can take whole (sentences,
then clauses or words for overlong ones); the pieces of *all* pending
paragraphs are pooled, de-duplicated, sorted by length and batched by a token
budget, which keeps padding (wasted compute) low. Each finished batch is
written to the cache in one transaction together with the paragraphs it
completed, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .cache import Alignment, Cache, CachedParagraph
from .engines.base import Engine
from .segment import Span, split_to_fit

log = logging.getLogger(__name__)

# Source tokens per batch, padding included. Memory grows with it (beam search
# keeps rows x beams x length of keys and values), speed hardly does beyond
# this (bench/README.md has the figures).
DEFAULT_BATCH_TOKENS = 1000
MAX_BATCH_SIZE = 64


@dataclass
class BatchDone:
    """Posted after each batch: what it completed and how far the run is."""

    completed: dict[str, CachedParagraph]
    done: float  # paragraphs' worth of work finished (fractional: pieces count)
    total: int  # paragraphs pending when the run started


@dataclass
class Outcome:
    translations: dict[str, CachedParagraph] = field(default_factory=dict)
    from_cache: int = 0
    translated: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # paragraph -> reason

    def add(self, other: Outcome) -> None:
        """Count another run's outcome in with this one (a run done in several parts)."""
        self.translations.update(other.translations)
        self.from_cache += other.from_cache
        self.translated += other.translated
        self.failed.update(other.failed)


@dataclass
class _Pending:
    text: str
    spans: list[Span]
    weights: list[float]  # each piece's share of the paragraph's work

    @property
    def pieces(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.spans]


def assemble(text: str, spans: list[Span], targets: list[str]) -> tuple[str, Alignment]:
    """Join piece translations with the source's own separators, recording the alignment."""
    out: list[str] = []
    source_spans, target_spans = [], []
    position, previous_end = 0, 0
    for index, (span, target) in enumerate(zip(spans, targets, strict=True)):
        if index:
            gap = text[previous_end : span.start]
            out.append(gap)
            position += len(gap)
        out.append(target)
        source_spans.append((span.start, span.end))
        target_spans.append((position, position + len(target)))
        position += len(target)
        previous_end = span.end
    return "".join(out), Alignment(tuple(source_spans), tuple(target_spans))


def plan_batches(pieces: list[str], engine: Engine, budget: int) -> list[list[str]]:
    """Length-sorted batches of at most ``budget`` padded source tokens each."""
    lengths = {piece: engine.count_tokens(piece) for piece in pieces}
    ordered = sorted(pieces, key=lengths.__getitem__, reverse=True)
    batches: list[list[str]] = []
    current: list[str] = []
    for piece in ordered:
        # Longest first, so the first piece of a batch sets its padded width.
        width = lengths[current[0]] if current else lengths[piece]
        if current and (width * (len(current) + 1) > budget or len(current) >= MAX_BATCH_SIZE):
            batches.append(current)
            current = []
        current.append(piece)
    if current:
        batches.append(current)
    return batches


def _translate_batch(engine: Engine, batch: list[str]) -> dict[str, str | Exception]:
    """Translate a batch; on failure retry its pieces one by one so one bad piece stays alone."""
    try:
        return dict(zip(batch, engine.translate(batch), strict=True))
    except Exception as exc:
        if len(batch) == 1:
            log.warning("translation failed for a piece: %s", exc)
            return {batch[0]: exc}
    results: dict[str, str | Exception] = {}
    for piece in batch:
        results.update(_translate_batch(engine, [piece]))
    return results


def translate_pieces(
    pieces: list[str], engine: Engine, batch_tokens: int = DEFAULT_BATCH_TOKENS
) -> Iterator[dict[str, str | Exception]]:
    """Translate pieces in length-sorted token-budget batches; one result dict per batch.

    A piece that fails, or comes back empty (a model failure, never a
    translation), maps to the exception instead of a text.
    """
    for batch in plan_batches(pieces, engine, batch_tokens):
        results: dict[str, str | Exception] = {}
        for piece, result in _translate_batch(engine, batch).items():
            if isinstance(result, str) and not result.strip():
                result = ValueError("the model produced an empty translation")
            results[piece] = result
        yield results


def translate_paragraphs(
    texts: Iterable[str],
    engine: Engine,
    cache: Cache,
    *,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    on_batch: Callable[[BatchDone], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    refresh: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Outcome:
    """Make sure every paragraph has a cached translation by this engine.

    Paragraphs found in the cache are returned without the model being
    loaded. ``on_plan`` hears how many paragraphs need the model before any
    work starts; ``on_batch`` hears after every batch. ``refresh`` translates
    anew, bypassing the cache (replaced translations go to its history).
    ``cancelled`` is asked before each batch: a stopped run keeps what it
    finished.
    """
    unique = list(dict.fromkeys(texts))
    cached = {} if refresh else cache.paragraphs(engine.key, unique)
    outcome = Outcome(translations=cached)
    outcome.from_cache = len(outcome.translations)
    todo = [text for text in unique if text not in outcome.translations]
    if on_plan:
        on_plan(len(todo))
    if not todo:
        return outcome
    engine.load()  # before any progress display: a first download shows its own bars

    cache.register_engine(engine.key, engine.name, engine.signature)
    pending: list[_Pending] = []
    for text in todo:
        spans = split_to_fit(text, engine.count_tokens, engine.max_input_tokens)
        lengths = [s.end - s.start for s in spans]
        pending.append(_Pending(text, spans, [n / sum(lengths) for n in lengths]))

    known = {} if refresh else cache.pieces(engine.key, (p for i in pending for p in i.pieces))
    failed: dict[str, Exception] = {}
    done = 0.0

    def harvest() -> dict[str, CachedParagraph]:
        """Assemble every pending paragraph whose pieces are all translated."""
        nonlocal pending, done
        finished: dict[str, CachedParagraph] = {}
        still: list[_Pending] = []
        for item in pending:
            pieces = item.pieces
            if any(p in failed for p in pieces):
                reasons = {str(failed[p]) for p in pieces if p in failed}
                outcome.failed[item.text] = "; ".join(sorted(reasons))
            elif all(p in known for p in pieces):
                translation, alignment = assemble(item.text, item.spans, [known[p] for p in pieces])
                finished[item.text] = CachedParagraph(
                    item.text, translation, alignment, engine.name, 0.0
                )
            else:
                still.append(item)
        pending = still
        return finished

    def commit(new_pieces: dict[str, str]) -> None:
        finished = harvest()
        cache.store(
            engine.key,
            new_pieces,
            [(t, p.translation, p.alignment) for t, p in finished.items()],
            engine.name,
        )
        outcome.translations.update(finished)
        outcome.translated += len(finished)
        if on_batch:
            on_batch(BatchDone(finished, done, len(todo)))

    commit({})  # paragraphs whose pieces a killed run already finished
    shares: dict[str, float] = {}
    for item in pending:
        for piece, weight in zip(item.pieces, item.weights, strict=True):
            shares[piece] = shares.get(piece, 0.0) + weight
    missing = list(dict.fromkeys(p for item in pending for p in item.pieces if p not in known))
    if cancelled():
        return outcome
    for results in translate_pieces(missing, engine, batch_tokens):
        new_pieces: dict[str, str] = {}
        for piece, result in results.items():
            if isinstance(result, Exception):
                failed[piece] = result
            else:
                new_pieces[piece] = result
            done += shares.get(piece, 0.0)
        known.update(new_pieces)
        commit(new_pieces)
        if cancelled():
            break
    return outcome
