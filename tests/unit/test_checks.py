"""The per-paragraph checks of compare mode, on hand-made Indonesian/English pairs."""

# Typographic quotes and dashes are test data here:
# ruff: noqa: RUF001

from __future__ import annotations

import pytest
from helpers import SEEDS_DIR

from translate.quality.checks import (
    Flag,
    attention,
    check_length,
    check_names,
    check_numbers,
    check_repetition,
    check_untranslated,
    run_checks,
)

SEEDS = SEEDS_DIR


def seed_paragraph(name: str, start: str) -> str:
    """The paragraph (or the title, line 1) of a seed that starts with ``start``."""
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    (paragraph,) = [line for line in lines if line.startswith(start)][:1]
    return paragraph


def reasons(flags: list[Flag]) -> list[str]:
    return [f.reason for f in flags]


# ------------------------------------------------------------------------ numbers

NUMBERS_KEPT = [
    ("Harga naik menjadi 1.000 rupiah.", "The price rose to 1,000 rupiah."),
    ("Sebanyak 1,5 juta orang mengungsi.", "Some 1.5 million people fled."),
    ("Gajinya Rp 1.500.000 per bulan.", "His salary is Rp 1,500,000 a month."),
    ("Gajinya Rp 1.500.000 per bulan.", "His salary is IDR 1.5 million a month."),
    ("Belarus mendapat pinjaman $ 1,5 miliar.", "Belarus got a $1.5 billion loan."),
    ("Belarus mendapat pinjaman $ 1,5 miliar.", "Belarus got a loan of $1,500,000,000."),
    ("Utang mencapai Rp 2,75 triliun.", "The debt reached Rp 2.75 trillion."),
    ("Rapat dimulai pukul 10.30 WIB.", "The meeting began at 10:30 local time."),
    ("Rapat dimulai pukul 10.30 WIB.", "The meeting began at 10.30 a.m. Jakarta time."),
    ("Pembicaraan dimulai pukul 15.00 WIB.", "Talks began at 3 p.m. local time."),
    ("Inflasi naik 2,5 persen.", "Inflation rose 2.5 percent."),
    ("Inflasi naik 2,5%.", "Inflation rose by 2.5%."),
    ("Mereka bertemu pada 22 Februari 2023.", "They met on February 22, 2023."),
    ("Dia menghabiskan enam jam di sana.", "He spent six hours there."),
    ("Ada 3 korban jiwa.", "There were three fatalities."),
    ("Ini langkah ke-2 dari 12 langkah.", "This is the second of 12 steps."),
    ("Sebanyak 25.000 orang hadir.", "As many as 25 thousand people attended."),
    ("Pemilu 2020 memicu protes.", "The 2020 election sparked protests."),
    ("Nilainya Rp 5 T.", "It is worth Rp 5 trillion."),
    ("Kesepakatan senilai 1,5 juta dolar.", "A $1.5m deal."),
    ("Perang berlangsung 1.000 hari.", "The war has lasted 1.000 days."),  # copied format
]


@pytest.mark.parametrize(("source", "target"), NUMBERS_KEPT)
def test_numbers_correct_conversions_pass(source: str, target: str) -> None:
    assert check_numbers(source, target) == []


NUMBERS_BROKEN = [
    # A thousands dot read as a decimal point is the classic id->en slip.
    ("Sebanyak 1.500 orang hadir.", "As many as 1.5 people attended.", "1.500 (1,500) missing"),
    ("Pinjaman $ 1,5 miliar.", "A $15 billion loan.", "1,5 miliar (1.5 billion) missing"),
    ("Sebanyak 1,5 juta orang.", "Some 1.5 people.", "1,5 juta (1.5 million) missing"),
    ("Rapat dimulai pukul 10.30.", "The meeting began in the morning.", "10.30 (10:30) missing"),
    ("Inflasi naik 2,5 persen.", "Inflation rose 25 percent.", "2,5 (2.5) missing"),
    ("Mereka bertemu pada 22 Februari.", "They met in February.", "22 missing"),
]


@pytest.mark.parametrize(("source", "target", "reason"), NUMBERS_BROKEN)
def test_numbers_lost_are_flagged(source: str, target: str, reason: str) -> None:
    flags = check_numbers(source, target)
    assert reason in reasons(flags)
    assert all(f.check == "numbers" for f in flags)


def test_invented_number_weighs_less_than_a_missing_one() -> None:
    (invented,) = check_numbers("Dia tiba kemarin.", "He arrived on 12 May.")
    assert invented.reason == "12 not in source"
    (missing,) = check_numbers("Dia tiba 12 Mei.", "He arrived in May.")
    assert invented.weight < missing.weight


# -------------------------------------------------------------------------- names

NAMES_KEPT = [
    ("Pemimpin China Xi Jinping bertemu Lukashenko.", "Chinese leader Xi Jinping met Lukashenko."),
    # Translated place and title names count through their English forms.
    (
        "Presiden Rusia bertemu di Tiongkok pada hari Senin.",
        "The Russian president met in China on Monday.",
    ),
    (
        "Delegasi dari Amerika Serikat tiba di Moskow.",
        "A delegation from the United States arrived in Moscow.",
    ),
    ("Kementerian Luar Negeri China membantahnya.", "China's Foreign Ministry denied it."),
    # A close transliteration is not a missing name.
    (
        "Pemimpin Belarusia Alyaksandr Lukashenka tiba.",
        "Belarusian leader Alexander Lukashenko arrived.",
    ),
    (
        "Presiden Ukraina Volodomyr Zelenskyy berbicara.",
        "Ukrainian President Volodymyr Zelensky spoke.",
    ),
    # Capitalised only because they start a sentence: common words, not names.
    ("Pertemuan itu berlangsung hangat.", "The meeting was warm."),
    # Title case in a headline says nothing about names.
    (
        "Putin, Lukashenka Menyimpulkan Pembicaraan Saat Barat Meningkatkan Tekanan",
        "Putin, Lukashenka Conclude Talks As West Steps Up Pressure",
    ),
]


@pytest.mark.parametrize(("source", "target"), NAMES_KEPT)
def test_names_kept_or_translated_pass(source: str, target: str) -> None:
    assert check_names(source, target) == []


NAMES_LOST = [
    ("Pemimpin China Xi Jinping bertemu Lukashenko.", "China's leader met Lukashenko.",
     "Xi Jinping missing"),
    ("Pemimpin China Xi Jinping bertemu Lukashenko.", "Chinese leader Xi Jinping met him.",
     "Lukashenko missing"),
    ("Juru bicara Hua Chunying mengatakan itu.", "A spokeswoman said so.", "Hua Chunying missing"),
    # A foreign-looking name counts even at the start of a sentence.
    ("Lukashenko mendukung posisi China.", "He backed China's position.", "Lukashenko missing"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "target", "reason"), NAMES_LOST)
def test_names_missing_are_flagged(source: str, target: str, reason: str) -> None:
    assert reasons(check_names(source, target)) == [reason]


# ------------------------------------------------------------------- untranslated

UNTRANSLATED = [
    ("Dia mengatakan bahwa rencana itu gagal.", "He said bahwa the plan failed.", ["bahwa"]),
    (
        "Mereka menjalin kerja sama yang erat dengan Minsk.",
        "They forged kerja sama yang erat with Minsk.",
        ["yang", "kerja", "sama", "erat"],
    ),
]


@pytest.mark.parametrize(("source", "target", "words"), UNTRANSLATED)
def test_untranslated_words_are_reported(source: str, target: str, words: list[str]) -> None:
    (flag,) = check_untranslated(source, target)
    assert flag.check == "untranslated"
    assert all(word in flag.reason for word in words)


UNTRANSLATED_FINE = [
    ("Data dari media sosial dan video internet.", "Data from social media and internet video."),
    ("Status hotel itu normal.", "The hotel's status is normal."),
    ("Kerja sama bilateral dan multilateral.", "Bilateral and multilateral cooperation."),
    # A foreign word inside the Indonesian text stays foreign in English.
    ("Sebuah upacara bersama phalanx pasukan.", "A ceremony with a phalanx of troops."),
    # "Yang" the Chinese surname is not the relative pronoun.
    ("Menteri Yang Jiechi tiba.", "Minister Yang Jiechi arrived."),
]


@pytest.mark.parametrize(("source", "target"), UNTRANSLATED_FINE)
def test_shared_words_and_names_are_not_untranslated(source: str, target: str) -> None:
    assert check_untranslated(source, target) == []


def test_function_words_weigh_more_than_content_words() -> None:
    (function,) = check_untranslated("bahwa dia datang", "he said bahwa he came")
    (content,) = check_untranslated("kapal itu datang", "the kapal came")
    assert function.weight > content.weight


# --------------------------------------------------------------------- repetition

LOOPS = [
    ("The the the minister spoke.", "“The” ×3"),
    ("He met officials of the Ministry of the Ministry of the Ministry.", "“of the Ministry” ×3"),
    (
        "China and Belarus signed agreements, China and Belarus signed agreements, and left.",
        "“China and Belarus signed agreements” ×2",
    ),
    ("peace peace peace peace peace peace", "“peace” ×6"),
]


@pytest.mark.parametrize(("target", "reason"), LOOPS)
def test_repetition_loops_are_flagged(target: str, reason: str) -> None:
    assert reasons(check_repetition(target)) == [reason]


NOT_LOOPS = [
    "It was a very, very long meeting.",
    "He said that that was not the case.",
    "The talks began, the talks ended, and the talks failed.",
    "Xi and Lukashenko met; Xi greeted Lukashenko at a ceremony.",
]


@pytest.mark.parametrize("target", NOT_LOOPS)
def test_normal_prose_is_not_a_loop(target: str) -> None:
    assert check_repetition(target) == []


def test_one_ngram_dominating_the_output_is_flagged() -> None:
    target = "in the war in the war and in the war but in the war again in the war"
    assert check_repetition(target)


# ------------------------------------------------------------------------- length

LONG_SOURCE = (
    "Presiden China Xi Jinping dan Presiden Belarusia Alexander Lukashenko menandatangani "
    "serangkaian perjanjian bilateral yang akan memperluas kerja sama di berbagai bidang."
)


@pytest.mark.parametrize(
    ("source", "target", "check"),
    [
        (LONG_SOURCE, "Xi and Lukashenko signed.", "length"),
        ("Dia datang.", "He came. " * 12, "length"),
        (LONG_SOURCE, "   ", "empty"),
    ],
)
def test_implausible_lengths_are_flagged(source: str, target: str, check: str) -> None:
    (flag,) = check_length(source, target)
    assert flag.check == check


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("CNN", "CNN"),
        ("Hongkong", "Hong Kong"),
        ("Dia datang.", "He arrived yesterday."),  # short texts: ratios are noise
        ("", ""),
    ],
)
def test_plausible_lengths_pass(source: str, target: str) -> None:
    assert check_length(source, target) == []


def test_shorter_output_weighs_more() -> None:
    (short,) = check_length(LONG_SOURCE, "x" * 60)
    (shorter,) = check_length(LONG_SOURCE, "x" * 20)
    assert shorter.weight > short.weight


# ---------------------------------------------------------------------- run_checks

SEED_TRANSLATIONS = [
    (
        ("001_51ed02acc8b627b7.txt", "“Atas undangan Presiden China Xi Jinping"),
        "“At the invitation of Chinese President Xi Jinping, Belarusian President Alexander "
        "Lukashenko will pay a state visit to China from February 28 to March 2,” said "
        "spokeswoman Hua Chunying.",
    ),
    (
        ("003_a5b2618d017f9403.txt", "Terakhir kali Putin dan Lukashenka"),
        "The last time Putin and Lukashenka met in person was in mid-September 2020 in Sochi, "
        "when Belarus secured a $1.5 billion loan for its battered economy.",
    ),
    (
        ("003_a5b2618d017f9403.txt", "Presiden Rusia Vladimir Putin dan pemimpin"),
        "Russian President Vladimir Putin and Belarusian leader Alyaksandr Lukashenka spent six "
        "hours together at the Russian Black Sea resort of Sochi on February 22 to discuss "
        "their stalled integration efforts.",
    ),
    (
        ("000_8ffb37e631d296ce.txt", "Bekas negara Soviet itu"),
        "The former Soviet state has been hit with sweeping sanctions by the US and its allies "
        "in response to Moscow's aggression after Lukashenko allowed Russian troops to attack "
        "Ukraine via the 1,000-kilometer (621-mile) Ukraine-Belarus border north of Kyiv.",
    ),
    (
        ("004_0aca5b8c67ae9ee5.txt", "slawifm.com"),
        "slawifm.com – Monday, August 14, 2023: Li Shangfu, China's defense minister, flew to "
        "Russia and Belarus. Moscow and Beijing are making this move amid tensions with the West.",
    ),
    (
        ("004_0aca5b8c67ae9ee5.txt", "Di Konferensi Moskow"),
        "At the Moscow Conference on International Security, Li is scheduled to give a speech. "
        "He will meet Russian military officials and others there.",
    ),
]


@pytest.mark.parametrize(("where", "english"), SEED_TRANSLATIONS)
def test_sound_translations_of_seed_paragraphs_raise_no_flags(
    where: tuple[str, str], english: str
) -> None:
    assert run_checks(seed_paragraph(*where), english) == []


def test_sound_translation_with_figures_raises_no_flags() -> None:
    source = (
        "Harga beras naik menjadi Rp 12.500 per kilogram pada pukul 09.00 WIB, naik 3,2 persen "
        "dari pekan lalu, kata Menteri Perdagangan Zulkifli Hasan."
    )
    target = (
        "Rice prices rose to Rp 12,500 per kilogram at 9 a.m. Western Indonesian Time, up 3.2 "
        "percent from last week, said Trade Minister Zulkifli Hasan."
    )
    assert run_checks(source, target) == []


def test_blank_translation_is_only_empty() -> None:
    flags = run_checks("Harga naik 2,5 persen menurut Lukashenko.", "")
    assert [f.check for f in flags] == ["empty"]
    assert attention(flags) == 1.0


def test_run_checks_collects_every_kind() -> None:
    source = "Presiden Xi Jinping mengatakan bahwa 1.500 tentara dikirim ke perbatasan."
    target = "President said bahwa bahwa bahwa 1.5 soldiers soldiers soldiers."
    checks = {f.check for f in run_checks(source, target)}
    assert {"numbers", "names", "untranslated", "repetition"} <= checks


# ----------------------------------------------------------------------- attention


def test_attention_of_no_flags_is_zero() -> None:
    assert attention([]) == 0.0


def test_attention_grows_with_more_and_heavier_flags() -> None:
    light = Flag("numbers", "12 not in source", 0.2)
    heavy = Flag("numbers", "1.500 (1,500) missing", 0.5)
    assert 0 < attention([light]) < attention([heavy]) < attention([heavy, light])
    assert attention([heavy, light]) < attention([heavy, heavy, light]) <= 1.0
    assert attention([Flag("empty", "no translation", 1.0), light]) == 1.0


def test_attention_orders_paragraphs_by_trouble() -> None:
    source = "Pinjaman $ 1,5 miliar disetujui Lukashenko pada 22 Februari."
    good = "Lukashenko approved the $1.5 billion loan on February 22."
    one_slip = "Lukashenko approved the $15 billion loan on February 22."
    broken = "The the the loan was approved approved approved yang."
    scores = [attention(run_checks(source, t)) for t in (good, one_slip, broken)]
    assert scores[0] == 0.0
    assert scores[0] < scores[1] < scores[2]
