"""Wrapping and pair layout, the geometry behind 'each paragraph level with its translation'."""

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.widgets.layout import PairLayout, wrap

WORDS = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P"]), min_size=1),
    max_size=40,
)


@given(WORDS, st.integers(min_value=1, max_value=60))
def test_wrap_keeps_every_word_in_order_and_fits_the_width(words, width):
    text = " ".join(words)
    lines = wrap(text, width)
    # Every line fits, unless it is one character wider than the whole line.
    assert all(cell_len(text[a:b]) <= width or b - a == 1 for a, b in lines)
    rebuilt = "".join(text[a:b] for a, b in lines)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")


def test_wrap_examples():
    assert wrap("satu dua tiga", 8) == [(0, 8), (9, 13)]
    assert wrap("", 5) == [(0, 0)]
    assert wrap("abcdefghij", 4) == [(0, 4), (4, 8), (8, 10)]
    assert wrap("中文字", 4) == [(0, 2), (2, 3)]  # wide characters take two cells


def test_pairs_are_level_and_rows_add_up():
    sources = ["satu " * 30, "dua", "tiga " * 5]
    targets = ["one", "two " * 40, "three " * 5]
    layout = PairLayout(sources, targets, 61, stacked=False)
    for block, source, target in zip(layout.blocks, sources, targets, strict=True):
        assert block.height == max(len(wrap(source, 29)), len(wrap(target, 29)))
    assert layout.offsets[1] == layout.blocks[0].height + 1
    assert layout.locate(layout.offsets[2]) == (2, 0)
    assert layout.locate(layout.offsets[1] - 1) == (0, layout.blocks[0].height)  # the gap
    stacked = PairLayout(sources, targets, 61, stacked=True)
    assert stacked.blocks[1].height == 1 + len(wrap(targets[1], 59))


def test_relayout_moves_only_what_follows():
    layout = PairLayout(["a", "b", "c"], ["…", "…", "…"], 40, stacked=False)
    assert layout.relayout({1: ("b", "two " * 30)})
    assert layout.offsets == [0, 2, 2 + layout.blocks[1].height + 1]
    assert not layout.relayout({0: ("a", "one")})
