from pathlib import Path

import pytest

from translate.articles import ArticleError, find_articles, paragraph_id, read_article


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_title_and_paragraphs_blank_lines_only_separate(tmp_path):
    path = write(
        tmp_path / "a.txt", b"\n\n  Judul berita  \n\nParagraf satu.\n\n\n\nParagraf dua.\n"
    )
    article = read_article(path)
    assert article.title.text == "Judul berita"
    assert [p.text for p in article.paragraphs] == ["Paragraf satu.", "Paragraf dua."]


@pytest.mark.parametrize(
    "data",
    [
        "Judul\r\nSatu café.\r\nDua.\r\n".encode(),
        "\ufeffJudul\nSatu café.\nDua.".encode(),
        "\ufeffJudul\r\nSatu cafe\u0301.\r\n\r\nDua.\r\n".encode(),  # decomposed é -> NFC
        "Judul\rSatu café.\rDua.".encode(),  # old Mac line ends
    ],
)
def test_bom_crlf_and_nfc_never_reach_the_text(tmp_path, data):
    article = read_article(write(tmp_path / "a.txt", data))
    texts = [p.text for p in article.blocks]
    assert texts == ["Judul", "Satu café.", "Dua."]
    assert all("\ufeff" not in t and "\r" not in t for t in texts)


def test_control_and_escape_characters_are_removed(tmp_path):
    article = read_article(write(tmp_path / "a.txt", b"Judul\x1b[31m merah\x07\xc2\x9b\nIsi\x0c\n"))
    # ESC, BEL and C1 CSI go; what is left of the sequence is harmless text.
    assert [p.text for p in article.blocks] == ["Judul[31m merah", "Isi"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t\n", "empty"),
        (b"Judul\n\xff\xfe bukan utf-8\n", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_files_raise_one_line_naming_file_and_problem(tmp_path, data, problem):
    path = write(tmp_path / "bad.txt", data)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_paragraph_ids_depend_on_text_only(tmp_path):
    a = read_article(write(tmp_path / "x/a.txt", b"Judul\nSatu.\nDua.\n"))
    b = read_article(write(tmp_path / "y/renamed.md", b"Judul lain\nSatu.\nTambahan.\nDua.\n"))
    assert a.paragraphs[0].id == b.paragraphs[0].id == paragraph_id("Satu.")
    assert a.paragraphs[1].id == b.paragraphs[2].id
    assert a.paragraphs[0].id != a.paragraphs[1].id


def test_find_articles_recurses_sorts_and_reports_missing(tmp_path):
    write(tmp_path / "b.txt", b"x")
    write(tmp_path / "sub/a.md", b"x")
    write(tmp_path / "sub/notes.json", b"{}")
    write(tmp_path / ".hidden/c.txt", b"x")
    write(tmp_path / "sub/.d.txt", b"x")
    found, missing = find_articles([tmp_path, tmp_path / "b.txt", tmp_path / "nope"])
    assert found == [tmp_path / "b.txt", tmp_path / "sub/a.md"]
    assert [m.path for m in missing] == [tmp_path / "nope"]


def test_all_seeds_read(seeds_dir):
    found, missing = find_articles([seeds_dir])
    assert len(found) == 5 and not missing
    for path in found:
        article = read_article(path)
        assert article.title.text and len(article.paragraphs) >= 5


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def test_bidirectional_format_characters_never_reach_the_text(tmp_path):
    # The "Trojan Source" trick: an override makes a terminal show text reversed.
    path = tmp_path / "a.txt"
    path.write_text(f"Judul\u202e berita\n\nHarga{BIDI} naik\u2067 20 persen\u2069.\n")
    article = read_article(path)
    text = "".join(p.text for p in article.blocks)
    assert not set(BIDI) & set(text)
    assert article.paragraphs[0].text == "Harga naik 20 persen."


def test_invisible_characters_that_carry_words_are_kept_in_the_source(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Judul\n\nper\u00adtum\u00adbuhan ekonomi\u200b Indonesia\n")
    assert read_article(path).paragraphs[0].text == (
        "per\u00adtum\u00adbuhan ekonomi\u200b Indonesia"
    )
