"""What the reader shows, tested without Textual (reader/state.py)."""

from __future__ import annotations

from reader.state import ReadingState
from translate.cache import Alignment, CachedParagraph


def cached(source: str, translation: str, model: str) -> CachedParagraph:
    alignment = Alignment(((0, len(source)),), ((0, len(translation)),))
    return CachedParagraph(source, translation, alignment, model, 0.0)


def test_a_persons_translation_stands_over_the_engines_whatever_arrives_first():
    state = ReadingState()
    state.use_engine("k1")
    state.arrived(None, {"Satu.": cached("Satu.", "One, said a person.", "person")}, person=True)
    assert state.arrived(
        "k1", {"Satu.": cached("Satu.", "One.", "m"), "Dua.": cached("Dua.", "Two.", "m")}
    )
    assert state.shown["Satu."].translation == "One, said a person."
    assert state.shown["Dua."].translation == "Two."
    assert state.machine["Satu."].translation == "One."  # kept for the versions screen


def test_a_late_batch_of_another_engine_is_dropped():
    state = ReadingState()
    assert not state.arrived("k1", {"Satu.": cached("Satu.", "One.", "m")})  # no engine yet
    state.use_engine("k2")
    assert not state.arrived("k1", {"Satu.": cached("Satu.", "One.", "m")})
    assert state.shown == {}


def test_switching_engines_keeps_the_persons_and_drops_the_old_engines():
    state = ReadingState()
    shown = state.shown  # a view holds this very dict
    state.use_engine("k1")
    state.arrived("k1", {"Satu.": cached("Satu.", "One.", "m1")})
    state.arrived(None, {"Dua.": cached("Dua.", "Two, by hand.", "person")}, person=True)
    state.use_engine(None, ready=False)
    assert state.shown is shown
    assert set(shown) == {"Dua."}
    assert state.machine == {}


def test_notes_say_why_and_go_when_a_translation_arrives():
    state = ReadingState()
    state.use_engine("k1")
    state.failed({"Satu.": "model exploded"})
    state.unavailable(["Dua."])
    assert state.notes == {
        "Satu.": "(no translation: model exploded)",
        "Dua.": "(no translation: model not available)",
    }
    state.arrived("k1", {"Satu.": cached("Satu.", "One.", "m")})
    assert "Satu." not in state.notes and "Dua." in state.notes
    state.use_engine("k2")
    assert state.notes == {}
