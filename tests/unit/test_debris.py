"""Scraped debris is marked with its reason, story never is, and nothing is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATA_DIR, SEEDS_DIR

from translate import debris
from translate.articles import parse_article, read_article, with_marks
from translate.sources import load_articles
from translate.testing.labels import Score, load_labels, score
from translate.web.extract import decode_html

STORY = "Pemerintah Provinsi DKI Jakarta telah mengerahkan petugas gabungan ke lokasi banjir."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("(nvc/nvc)", debris.SIGN_OFF),
        ("( dna / dna )", debris.SIGN_OFF),
        ("Pewarta: Rahmat Hidayat Nasution", debris.SIGN_OFF),
        ("COPYRIGHT © ANTARA 2026", debris.SIGN_OFF),
        ("Baca juga: Pramono Minta Camat Siagakan Pompa", debris.RELATED),
        ("Lihat Juga : Ranking FIFA", debris.RELATED),
        ("Simak juga Video: Detik-detik Warga Dievakuasi", debris.RELATED),
        ("Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.", "promo"),
        ("KLIK DI SINI UNTUK MENDAPATKAN APLIKASI FOX NEWS", debris.PROMO),
        ("ADVERTISEMENT", debris.AD),
        ("SCROLL TO CONTINUE WITH CONTENT", debris.AD),
        ("RUSIA DAN CINA DALAM PERLOMBAAN SENJATA TIDAK RESMI", debris.HEADLINE),
        ("Kamis, 16 April 2026 22:10 WIB", debris.DATELINE),
        ("—", debris.DATELINE),
    ],
)
def test_each_kind_of_debris_is_marked_with_its_reason(line, reason):
    assert debris.mark([STORY, line, STORY + " Lagi."]) == [None, reason, None]


@pytest.mark.parametrize(
    "line",
    [
        "“AS adalah satu-satunya yang membutuhkan pembantaian ini,” katanya.",
        "KPK DAN BPK MEMERIKSA PT ABC TBK ATAS DUGAAN KORUPSI DANA DESA.",  # a sentence
        "proposal perdamaian China",  # a subheading inside the story
        "Kremlin belum memberikan pernyataan apa pun.",
        "Editor-in-chief Budi mengatakan (kepada wartawan) bahwa ia akan mundur.",
        "Ia membaca juga laporan itu sebelum rapat dimulai pada pukul 10.00 WIB.",
    ],
)
def test_story_that_looks_like_debris_is_left_alone(line):
    assert debris.mark([STORY, STORY + " Dua.", line, STORY + " Tiga."])[2] is None


def test_lone_names_above_the_story_are_datelines_but_not_inside_it():
    texts = ["Hongkong", "CNN", "—", STORY, "Ringkasan", STORY + " Dua."]
    assert debris.mark(texts) == ["dateline", "dateline", "dateline", None, None, None]


def test_a_caption_repeated_with_a_photo_credit_marks_both_copies():
    caption = "Warga menggunakan perahu karet melintasi banjir di Kampung Melayu."
    texts = [STORY, caption, f"{caption} (Foto: detikcom/Agung Pambudhy)", STORY + " Dua."]
    assert debris.mark(texts) == [None, "caption", "caption", None]


def test_a_paragraph_equal_to_a_figure_caption_of_the_page_is_a_caption():
    caption = "Kolom abu membubung dari kawah Gunung Lewotobi Laki-laki."
    texts = [STORY, f"{caption} (ANTARA FOTO/Budi)", STORY + " Dua."]
    assert debris.mark(texts, captions=[caption]) == [None, "caption", None]
    assert debris.mark(texts) == [None, None, None]


@pytest.mark.parametrize(
    ("text", "byline"),
    [
        (
            "Jakarta, CNN Indonesia -- Timnas Indonesia meraih kemenangan.",
            "Jakarta, CNN Indonesia --",
        ),
        (
            "JAKARTA, KOMPAS.com - Badan Pangan Nasional menaikkan HET beras.",
            "JAKARTA, KOMPAS.com -",
        ),
        ("TEMPO.CO, Jakarta - Debat publik kedua berlangsung panas.", "TEMPO.CO, Jakarta -"),
        ("Jakarta (ANTARA) - Badan Geologi menaikkan status gunung.", "Jakarta (ANTARA) -"),
        ("Jakarta - Hujan deras mengguyur Jakarta sejak Selasa malam.", "Jakarta -"),
        ("Xi Jinping \u2013 sekutu dekat Putin \u2013 berjanji memperdalam hubungan.", ""),
        ("Pemimpin China Xi Jinping dan Lukashenko berjanji memperdalam hubungan.", ""),
    ],
)
def test_a_byline_is_split_off_the_first_paragraph_and_kept(text, byline):
    article = parse_article(f"Judul berita\n{text}\nParagraf kedua berita ini.", Path("a.txt"))
    assert article.meta.byline == byline
    assert article.paragraphs[0].text == text.removeprefix(byline).strip()
    assert article.paragraphs[0].debris is None


def test_a_site_tag_is_split_off_the_title():
    article = parse_article("China dan Belarus memperdalam hubungan | 31left\nIsi.", Path("a"))
    assert (article.title.text, article.meta.site_tag) == (
        "China dan Belarus memperdalam hubungan",
        "31left",
    )
    kept = parse_article("Harga beras: naik | turun di pasar tradisional hari ini\nIsi.", Path("a"))
    assert kept.meta.site_tag == "" and kept.title.text.endswith("hari ini")


def test_debris_is_marked_never_deleted_and_a_person_can_overrule_it():
    lines = [line for line in (SEEDS_DIR / "002_082d6fc98803b495.txt").read_text().splitlines()]
    article = read_article(SEEDS_DIR / "002_082d6fc98803b495.txt")
    assert len(article.paragraphs) == len([x for x in lines if x.strip()]) - 1
    caption = next(p for p in article.paragraphs if p.debris == "caption")
    story = article.story[3]
    marked = with_marks(article, {caption.text: None, story.text: debris.BY_HAND})
    assert next(p for p in marked.paragraphs if p.text == caption.text).debris is None
    assert next(p for p in marked.paragraphs if p.text == story.text).debris == debris.BY_HAND
    assert len(marked.story) == len(article.story)  # one out, one in


def label_score(folder: Path, labels_file: Path) -> Score:
    result = Score()
    for name, labels in load_labels(labels_file).items():
        articles, problems = load_articles([folder / name])
        assert not problems
        score(articles[0], labels, result)
    return result


@pytest.mark.parametrize(
    ("folder", "labels", "recall"),
    [
        (SEEDS_DIR, DATA_DIR / "debris/seeds.json", 0.9),
        (DATA_DIR / "web", DATA_DIR / "web/labels.json", 0.9),
    ],
)
def test_the_labelled_seeds_and_pages_are_marked_with_no_story_lost(folder, labels, recall):
    """Precision first: no labelled story paragraph may be marked (bench/debris_eval.py)."""
    result = label_score(folder, labels)
    assert result.wrong == []
    assert result.recall >= recall
    assert result.reason_right == result.marked_right
    assert result.unlabelled == []
    story = {
        p["text"]
        for d in load_labels(labels).values()
        for p in d["paragraphs"]
        if p["label"] == "story"
    }
    assert not story & set(result.not_extracted)  # extraction drops no story paragraph


def test_decoding_prefers_the_header_then_the_meta_then_detection():
    page = '<html><head><meta charset="utf-8"></head><body><p>“Café”</p></body></html>'
    cp1252 = page.replace("utf-8", "windows-1252").encode("cp1252")
    assert decode_html(cp1252).source == "meta" and "“Café”" in decode_html(cp1252).text
    assert decode_html(cp1252, "windows-1252").source == "header"
    assert (
        decode_html(page.replace('<meta charset="utf-8">', "").encode("utf-8")).text.count("“") == 1
    )
    # A page that lies (says UTF-8, is windows-1252) falls through to detection.
    liar = page.encode("cp1252")
    assert decode_html(liar).source == "detected"
    # Browsers read a latin-1 label as windows-1252: curly quotes, not control characters.
    latin = page.replace("utf-8", "iso-8859-1").encode("cp1252")
    assert "“Café”" in decode_html(latin).text
