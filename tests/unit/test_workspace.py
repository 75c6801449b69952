"""The reader's domain functions, without the UI."""

import subprocess
import sys

import pytest

from translate import session
from translate.articles import parse_article
from translate.cache import Alignment, CachedParagraph
from translate.engines import EngineSpec, IdentityEngine


def test_search_finds_both_languages_case_insensitively(tmp_path):
    article = parse_article("Judul\nPresiden tiba. Presiden pergi.\nLain.", tmp_path / "a.txt")
    text = article.paragraphs[0].text
    target = "The president arrived. The PRESIDENT left."
    translations = {text: CachedParagraph(text, target, Alignment(((0, 1),), ((0, 1),)), "m", 0.0)}
    hits = session.search(article, translations, "presiden")
    assert [(h.block, h.side, h.start) for h in hits] == [
        (1, "source", 0),
        (1, "source", 15),
        (1, "target", 4),
        (1, "target", 27),
    ]
    assert session.search(article, translations, "  ") == []
    assert session.search(article, translations, "[a-z]+") == []  # plain text, not a regex


def test_person_translation_overrides_and_history_keeps_the_old(tmp_path):
    engine = IdentityEngine()
    cache = tmp_path / "c"
    session.translate_in_order(engine, cache, ["Satu."], lambda batch: None)
    session.save_person_translation(cache, "Satu.", "  One,\nsaid a person. ")
    session.save_person_translation(cache, "Satu.", "One.")
    shown = session.shown_translations(cache, engine.key, ["Satu."])
    assert shown["Satu."].translation == "One." and shown["Satu."].model == session.PERSON
    earlier = session.history(cache, session.PERSON, "Satu.")
    assert [h.translation for h in earlier] == ["One, said a person."]
    with pytest.raises(ValueError):
        session.save_person_translation(cache, "Satu.", " \n ")


def test_choose_engine_falls_back_to_what_the_cache_knows(tmp_path):
    choice = session.choose_engine(EngineSpec(str(tmp_path / "gone")), tmp_path / "c")
    assert choice.engine is None and choice.key is None and "no such model" in choice.problem


def test_translate_in_order_stops_when_cancelled(tmp_path):
    seen = []
    texts = [f"Kalimat {i}." for i in range(40)]
    session.translate_in_order(
        IdentityEngine(), tmp_path / "c", texts, seen.append, cancelled=lambda: len(seen) >= 2
    )
    done = sum(len(batch.completed) for batch in seen)
    assert 0 < done < len(texts)


def test_translate_in_order_starts_with_the_title_and_first_paragraph_alone(tmp_path):
    seen = []
    texts = [f"Kalimat {i}." for i in range(20)]
    session.translate_in_order(IdentityEngine(), tmp_path / "c", texts, seen.append)
    runs = [run for batch in seen if (run := [t for t in texts if t in batch.completed])]
    assert runs[0] == texts[: session.FIRST_CHUNK]
    assert [t for run in runs for t in run] == texts  # in reading order, each once
    assert max(len(run) for run in runs) == session.READING_CHUNK


@pytest.mark.parametrize("command", [["-m", "reader"], ["-m", "translate", "read"]])
def test_read_command_help(command):
    result = subprocess.run([sys.executable, *command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "else seeds/" in result.stdout and "--model" in result.stdout
