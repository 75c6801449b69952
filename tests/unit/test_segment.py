"""Segmentation: the span contract, the labelled Indonesian set, and cutting pieces to fit."""

# Typographic quotes and dashes are test data here:
# ruff: noqa: RUF001

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata

import pytest
from helpers import DATA_DIR, SEEDS_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.segment import Span, split_sentences, split_to_fit

DATA = DATA_DIR / "segmentation_id.jsonl"
SEEDS = SEEDS_DIR


def words(s: str) -> int:
    return len(s.split())


def thirds(s: str) -> int:
    return len(s) // 3


def load_labelled() -> list[dict]:
    with DATA.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def seed_paragraphs() -> list[str]:
    """Every non-blank line of every seed article (title included), untrimmed."""
    return [
        line
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def pieces(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start : s.end] for s in spans]


def assert_contract(text: str, spans: list[Span], *, glued_ok: bool = False) -> None:
    """Ordered, non-empty, trimmed spans with only whitespace around and between them.

    With ``glued_ok`` (split_to_fit's hard cuts) two spans may touch; otherwise
    at least one whitespace character separates them.
    """
    position = 0
    for index, span in enumerate(spans):
        assert isinstance(span, Span)
        assert position <= span.start < span.end <= len(text), (spans, text)
        gap = text[position : span.start]
        assert gap.strip() == "", f"non-whitespace {gap!r} outside every span"
        if index and not glued_ok:
            assert gap, f"spans {spans[index - 1]} and {span} touch"
        piece = text[span.start : span.end]
        assert piece == piece.strip(), f"untrimmed piece {piece!r}"
        position = span.end
    assert text[position:].strip() == ""
    # Hence the paragraph is rebuilt exactly from the spans and the gaps.
    rebuilt, position = [], 0
    for span in spans:
        rebuilt += [text[position : span.start], text[span.start : span.end]]
        position = span.end
    assert "".join(rebuilt) + text[position:] == text


def assert_fits(text: str, spans: list[Span], count, limit: int) -> None:
    for piece in pieces(text, spans):
        assert count(piece) <= limit, (len(piece), count(piece), limit, piece[:80])


# --- The labelled set ---------------------------------------------------------------

LABELLED = load_labelled()


def test_labelled_set_is_big_varied_and_consistent():
    assert len(LABELLED) >= 80
    assert len({e["id"] for e in LABELLED}) == len(LABELLED)
    tags = {tag for e in LABELLED for tag in e["tags"]}
    for needed in (
        "plain", "must-split", "abbrev-title", "abbrev-degree", "abbrev-company",
        "abbrev-address", "abbrev-latin", "abbrev-month", "initials", "decimal",
        "thousands", "currency", "clock", "quotes", "question", "exclamation",
        "ellipsis", "domain", "email", "list", "seed",
    ):  # fmt: skip
        assert needed in tags, needed
    for example in LABELLED:  # the gold sentences are the text, in order, whitespace between
        text, position = example["text"], 0
        for sentence in example["sentences"]:
            start = text.index(sentence, position)
            assert text[position:start].strip() == "" and sentence == sentence.strip()
            position = start + len(sentence)
        assert text[position:].strip() == ""


@pytest.mark.parametrize(
    "example",
    [
        pytest.param(e, id=e["id"], marks=pytest.mark.xfail(strict=True, reason=e["known_failure"]))
        if "known_failure" in e
        else pytest.param(e, id=e["id"])
        for e in LABELLED
    ],
)
def test_labelled_example(example):
    text = example["text"]
    spans = split_sentences(text)
    assert_contract(text, spans)
    assert pieces(text, spans) == example["sentences"]


def test_seed_examples_come_from_the_seed_files():
    lines = set(seed_paragraphs())
    seeds = [e for e in LABELLED if "seed" in e["tags"]]
    assert len(seeds) >= 5
    assert all(e["text"] in lines for e in seeds)


# --- The contract -------------------------------------------------------------------


@pytest.mark.parametrize("paragraph", seed_paragraphs())
def test_contract_on_seed_paragraphs(paragraph):
    assert_contract(paragraph, split_sentences(paragraph))
    for count, limit in ((words, 400), (words, 8), (thirds, 12), (len, 5)):
        spans = split_to_fit(paragraph, count, limit)
        assert_contract(paragraph, spans, glued_ok=True)
        assert_fits(paragraph, spans, count, limit)


NEWS_TOKENS = [
    "Dr.", "dr.", "Prof.", "H.", "Hj.", "S.H.,", "M.Si.", "Ph.D.", "PT.", "Tbk.", "CV.",
    "Jl.", "No.", "Kec.", "RT.", "dll.", "dsb.", "a.n.", "s.d.", "vs.", "Jan.", "Des.",
    "B.", "B.J.", "A.", "1.", "2)", "Rp", "1.500.000", "2,5", "$", "10.30", "persen.",
    "detik.com", "www.bps.go.id.", "nama@mail.co.id", "Ia", "ia", "Menteri", "kata",
    "Jakarta.", "Jakarta", "“", "”", "‘", "’", '"', "'", "(", ")", "[", "...", "…", "?",
    "!", "?!", ".", ",", ";", ":", "–", "—", "-", "iPhone", "e\u0301", "😀", "\u200d",
    "\u00a0", " ", "  ", "\t", "\n",
]  # fmt: skip
news_like = st.lists(st.one_of(st.sampled_from(NEWS_TOKENS), st.text(max_size=4)), max_size=60).map(
    lambda parts: " ".join(parts)
)
any_text = st.one_of(st.text(), news_like)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_split_sentences_contract_on_random_text(text):
    assert_contract(text, split_sentences(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, st.sampled_from([words, thirds]), st.integers(min_value=1, max_value=12))
def test_split_to_fit_contract_on_random_text(text, count, limit):
    spans = split_to_fit(text, count, limit)
    assert_contract(text, spans, glued_ok=True)
    for piece in pieces(text, spans):
        # Only a single grapheme (base + marks/joiners) can stay over the limit.
        single_grapheme = not any(_cuttable_before(piece, i) for i in range(1, len(piece)))
        assert count(piece) <= limit or single_grapheme


@settings(max_examples=200, deadline=None)
@given(news_like)
def test_split_to_fit_only_refines_sentences(text):
    """Every piece lies inside one sentence: cutting to fit never merges sentences."""
    sentences = split_sentences(text)
    for span in split_to_fit(text, words, 3):
        assert any(s.start <= span.start and span.end <= s.end for s in sentences)


def _cuttable_before(piece: str, i: int) -> bool:
    char, before = piece[i], piece[i - 1]
    return not (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or "\u200d" in (char, before)
        or 0xFE00 <= ord(char) <= 0xFE0F
    )


# --- Cutting to fit -------------------------------------------------------------------


def test_everything_fits_means_just_sentences():
    text = "Harga naik 2,5 persen. Menteri Keuangan menilai angka itu masih terkendali."
    assert split_to_fit(text, words, 400) == split_sentences(text)
    assert pieces(text, split_sentences(text)) == [
        "Harga naik 2,5 persen.",
        "Menteri Keuangan menilai angka itu masih terkendali.",
    ]


def test_empty_and_blank_paragraphs():
    assert split_sentences("") == [] and split_to_fit("", words, 5) == []
    assert split_sentences(" \n\t ") == [] and split_to_fit(" \n\t ", words, 5) == []


def test_max_tokens_must_be_positive():
    with pytest.raises(ValueError):
        split_to_fit("Satu. Dua.", words, 0)


class Counter:
    """A count_tokens that records how often, and on how much text, it was called."""

    def __init__(self, count):
        self.count, self.calls, self.chars = count, 0, 0

    def __call__(self, s: str) -> int:
        self.calls += 1
        self.chars += len(s)
        return self.count(s)


@pytest.mark.parametrize(
    ("count", "limit"), [(words, 60), (thirds, 120), (words, 1), (len, 200)], ids=str
)
@pytest.mark.parametrize("commas", [True, False], ids=["with-commas", "no-punctuation"])
def test_twenty_thousand_characters_without_a_full_stop(count, limit, commas):
    clause = "pemerintah daerah terus berupaya meningkatkan kualitas layanan publik bagi warga"
    text = ""
    while len(text) < 20_000:
        text += clause + (", " if commas else " ")
    text = text[:20_000].rstrip(", ") + " dan seterusnya"
    counter = Counter(count)
    began = time.perf_counter()
    spans = split_to_fit(text, counter, limit)
    elapsed = time.perf_counter() - began
    assert elapsed < 1.0, elapsed
    assert len(split_sentences(text)) == 1
    assert_contract(text, spans)  # only whitespace cuts were needed
    assert_fits(text, spans, count, limit)
    # count_tokens is used sparingly: a couple of calls per piece, never per character.
    assert counter.calls <= 3 * len(spans) + 5, (counter.calls, len(spans))
    if commas and limit > 1:  # clause punctuation is preferred to bare whitespace
        assert all(p.endswith(",") for p in pieces(text, spans)[:-1])


def test_clause_cuts_are_balanced():
    clause = "warga yang terdampak banjir mulai kembali ke rumah masing-masing"
    text = "; ".join([clause] * 4) + "."
    spans = split_to_fit(text, words, 20)  # 36 words: two pieces of two clauses each
    assert pieces(text, spans) == ["; ".join([clause] * 2) + ";", "; ".join([clause] * 2) + "."]


def test_a_clause_cut_that_only_chips_a_word_off_gives_way_to_a_balanced_cut():
    text = "Namun, " + " ".join(["pemerintah daerah terus meningkatkan layanan"] * 8) + "."
    got = pieces(text, split_to_fit(text, words, 30))  # 42 words: two pieces of about 21
    assert len(got) == 2 and all(15 <= words(p) <= 30 for p in got), got


def test_an_uneven_clause_cut_is_still_taken_when_it_makes_both_sides_fit():
    text = "Menurut laporan itu, " + " ".join(["harga beras terus naik"] * 6) + "."
    got = pieces(text, split_to_fit(text, words, 25))  # 27 words, comma after the 3rd
    assert got == [text[: text.index(",") + 1], text[text.index(",") + 2 :]]


def test_dash_and_closing_quote_are_clause_cuts():
    text = (
        "Lukashenko – sekutu dekat Vladimir Putin – berjanji memperdalam hubungan "
        "pertahanan “tanpa syarat” dengan China dalam pertemuan di Beijing."
    )
    got = pieces(text, split_to_fit(text, words, 8))
    assert all(p.endswith(("–", "”", ".")) for p in got), got


def test_url_without_spaces_is_cut_between_characters():
    url = "https://www.bps.go.id/publikasi/" + "".join(f"data{i}-" for i in range(800))
    assert len(url) > 5000 and " " not in url
    text = f"Unduh laporan lengkap di {url} secara gratis."
    counter = Counter(thirds)
    spans = split_to_fit(text, counter, 50)
    assert_contract(text, spans, glued_ok=True)
    assert_fits(text, spans, thirds, 50)
    inside = [p for p in pieces(text, spans) if p in url]
    assert "".join(inside) == url  # hard cuts: consecutive pieces, nothing between them
    assert all(thirds(p) >= 40 for p in inside[:-1])  # greedy: each cut piece nearly full
    assert counter.calls < 20 * len(spans)  # a binary search per piece, not a scan


@pytest.mark.parametrize(
    "grapheme", ["e\u0301", "a\u0308\u0323", "👩\u200d💻", "👍🏽", "✌\ufe0f"], ids=ascii
)
def test_hard_cuts_never_split_a_grapheme(grapheme):
    run = grapheme * 700
    spans = split_to_fit(run, len, 10)
    assert_contract(run, spans, glued_ok=True)
    assert_fits(run, spans, len, 10)
    for piece in pieces(run, spans):
        assert len(piece) % len(grapheme) == 0 and piece.startswith(grapheme), ascii(piece)


def test_a_grapheme_longer_than_the_limit_stays_whole():
    text = "x" + "\u0301" * 12 + "y"
    got = pieces(text, split_to_fit(text, len, 4))
    assert got == ["x" + "\u0301" * 12, "y"]


def test_real_tokenizer_like_counts_are_respected():
    """A count that is not proportional to length (long words cost more) still bounds pieces."""

    def subwords(s: str) -> int:
        return sum(1 + len(w) // 4 for w in s.split())

    text = " ".join(["Pemerintah", "meningkatkan", "kesejahteraan", "masyarakat", "pedesaan"] * 400)
    spans = split_to_fit(text, subwords, 37)
    assert_contract(text, spans)
    assert_fits(text, spans, subwords, 37)


def test_import_stays_light():
    code = (
        "import sys, translate.segment; "
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_hard_cuts_keep_surrogate_pairs_together():
    """Text decoded with surrogatepass holds UTF-16 halves; a cut never separates a pair."""
    pair = "\ud83d\ude00"
    spans = split_to_fit(pair * 300, len, 7)
    assert all(p.startswith(pair) and len(p) % 2 == 0 for p in pieces(pair * 300, spans))
