"""The pipeline proven by invariants: an identity engine must give back every paragraph."""

from __future__ import annotations

import pytest

from translate.articles import find_articles, read_article
from translate.cache import Cache
from translate.engines import IdentityEngine
from translate.pipeline import assemble, translate_paragraphs
from translate.segment import split_to_fit


class CountingEngine(IdentityEngine):
    """Identity, but it records every piece it is asked to translate."""

    def __init__(self, max_input_tokens: int = 400, fail_on: str | None = None, empty_on=None):
        super().__init__(max_input_tokens)
        self.calls: list[list[str]] = []
        self.fail_on, self.empty_on = fail_on, empty_on

    def translate(self, sources):
        self.calls.append(list(sources))
        if self.fail_on and any(self.fail_on in s for s in sources):
            raise RuntimeError("model exploded")
        return ["" if self.empty_on and self.empty_on in s else s for s in sources]

    @property
    def pieces(self) -> list[str]:
        return [p for call in self.calls for p in call]


def seed_paragraphs(seeds_dir) -> list[str]:
    files, _ = find_articles([seeds_dir])
    return [p.text for path in files for p in read_article(path).blocks]


@pytest.mark.parametrize("max_tokens", [400, 12])
def test_identity_gives_back_every_seed_paragraph_exactly(tmp_path, seeds_dir, max_tokens):
    texts = seed_paragraphs(seeds_dir)
    engine = CountingEngine(max_input_tokens=max_tokens)
    with Cache(tmp_path) as cache:
        outcome = translate_paragraphs(texts, engine, cache, batch_tokens=200)
    assert not outcome.failed
    for text in texts:
        cached = outcome.translations[text]
        assert cached.translation == text
        assert "".join(cached.source_pieces()) == "".join(cached.target_pieces())
        assert all(engine.count_tokens(p) <= max_tokens for p in cached.source_pieces())
    # Batches respect the budget and no piece is sent twice (captions repeat in seeds).
    assert len(engine.pieces) == len(set(engine.pieces))
    if max_tokens == 12:
        assert max(len(call) for call in engine.calls) > 1


def test_twenty_thousand_characters_without_a_full_stop(tmp_path):
    words = [f"kata{i % 97}" for i in range(3000)]
    text = " ".join(words)[:20000].strip()
    engine = CountingEngine(max_input_tokens=50)
    with Cache(tmp_path) as cache:
        outcome = translate_paragraphs([text], engine, cache)
    cached = outcome.translations[text]
    assert cached.translation == text
    assert len(cached.source_pieces()) > 20
    assert all(engine.count_tokens(p) <= 50 for p in engine.pieces)


def test_second_run_translates_nothing(tmp_path, seeds_dir):
    texts = seed_paragraphs(seeds_dir)
    with Cache(tmp_path) as cache:
        translate_paragraphs(texts, CountingEngine(), cache)
    again = CountingEngine()
    with Cache(tmp_path) as cache:
        outcome = translate_paragraphs(texts, again, cache)
    assert again.calls == []
    assert outcome.translated == 0 and outcome.from_cache == len(set(texts))


def test_engines_never_share_entries(tmp_path):
    with Cache(tmp_path) as cache:
        translate_paragraphs(["Satu. Dua."], CountingEngine(400), cache)
        other = CountingEngine(300)  # another setting is another identity
        assert other.key != CountingEngine(400).key
        translate_paragraphs(["Satu. Dua."], other, cache)
    assert sorted(other.pieces) == ["Dua.", "Satu."]


def test_failures_and_empty_output_are_not_stored_and_do_not_stop_the_rest(tmp_path):
    texts = ["Ini baik.", "Ini meledak.", "Ini kosong.", "Ini juga baik."]
    engine = CountingEngine(fail_on="meledak", empty_on="kosong")
    with Cache(tmp_path) as cache:
        outcome = translate_paragraphs(texts, engine, cache)
        assert set(outcome.translations) == {"Ini baik.", "Ini juga baik."}
        assert "model exploded" in outcome.failed["Ini meledak."]
        assert "empty" in outcome.failed["Ini kosong."]
        assert set(cache.paragraphs(engine.key, texts)) == {"Ini baik.", "Ini juga baik."}
        retry = CountingEngine()
        translate_paragraphs(texts, retry, cache)
        assert sorted(retry.pieces) == ["Ini kosong.", "Ini meledak."]


def test_finished_pieces_of_an_unfinished_paragraph_are_reused(tmp_path):
    text = "Kalimat pertama. Kalimat kedua yang gagal."
    with Cache(tmp_path) as cache:
        first = CountingEngine(fail_on="gagal")
        translate_paragraphs([text], first, cache)
        second = CountingEngine()
        outcome = translate_paragraphs([text], second, cache)
    assert second.pieces == ["Kalimat kedua yang gagal."]
    assert outcome.translations[text].translation == text


def test_progress_reaches_the_total(tmp_path, seeds_dir):
    texts = seed_paragraphs(seeds_dir)
    seen, plans = [], []
    with Cache(tmp_path) as cache:
        translate_paragraphs(
            texts,
            CountingEngine(),
            cache,
            batch_tokens=300,
            on_batch=seen.append,
            on_plan=plans.append,
        )
    assert plans == [len(set(texts))]
    assert [round(b.done, 6) for b in seen] == sorted(round(b.done, 6) for b in seen)
    assert seen[-1].done == pytest.approx(len(set(texts)))
    assert sum(len(b.completed) for b in seen) == len(set(texts))


def test_assemble_keeps_the_source_separators():
    text = "Satu.  Dua?\tTiga!"
    spans = split_to_fit(text, lambda s: len(s.split()), 10)
    translation, alignment = assemble(text, spans, ["One.", "Two?", "Three!"])
    assert translation == "One.  Two?\tThree!"
    assert [translation[a:b] for a, b in alignment.target] == ["One.", "Two?", "Three!"]
    assert [text[a:b] for a, b in alignment.source] == ["Satu.", "Dua?", "Tiga!"]
