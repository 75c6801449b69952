import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from translate.articles import Article, ArticleMeta, Paragraph, normalise_line, parse_article
from translate.cache import Alignment, CachedParagraph
from translate.export import (
    ArticleResult,
    escape_markdown,
    output_names,
    safe_stem,
    to_json,
    to_markdown,
)

TRICKY = [
    "a | b || c",
    "# bukan judul",
    "*tebal* dan _miring_ dan **dua**",
    "kode `x = 1` di sini",
    "<b>html</b> <script>alert(1)</script>",
    "[tautan](http://contoh.com) dan ![gambar](x.png)",
    "<http://contoh.com> dan www.detik.com dan https://kompas.com/a_b",
    "1. bukan daftar",
    "2) juga bukan",
    "- bukan butir",
    "+ plus",
    "> bukan kutipan",
    "&amp; &copy; &#35; entitas",
    "garis miring terbalik \\ dan \\* dan di akhir \\",
    "~~coret~~ ~satu~",
    "---",
    "===",
    "Rp 1.500.000 naik 2,5 persen pukul 10.30 WIB",
    "[^1] catatan kaki dan [x]: http://ref",
    "    empat spasi di depan",
]

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def inline_text(token) -> tuple[str, set[str]]:
    """The literal text of an inline token and the kinds of its children."""
    kinds = {child.type for child in token.children}
    text = "".join(child.content for child in token.children if child.type == "text")
    return text, kinds


def story_article(texts: list[str]) -> Article:
    """An article of these lines as they are: nothing marked as debris."""
    lines = [normalise_line(t) for t in texts]
    return Article(Path("a.txt"), Paragraph(lines[0]), tuple(Paragraph(t) for t in lines[1:]))


def result_for(texts: list[str], translate=str.upper, missing: set[str] = frozenset()):
    article = story_article(texts)
    translations = {}
    for p in article.blocks:
        if p.text in missing:
            continue
        target = translate(p.text)
        align = Alignment(((0, len(p.text)),), ((0, len(target)),))
        translations[p.text] = CachedParagraph(p.text, target, align, "test", 0.0)
    return article, ArticleResult(article, "a.txt", translations, {m: "boom" for m in missing})


@pytest.mark.parametrize("text", TRICKY)
def test_escaped_text_renders_literally(text):
    tokens = MD.parse(escape_markdown(text))
    inlines = [t for t in tokens if t.type == "inline"]
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    rendered, kinds = inline_text(inlines[0])
    assert kinds == {"text"}, kinds
    assert rendered == text.strip()


def test_side_by_side_is_one_gfm_table_with_every_paragraph_literal():
    article, result = result_for(["Judul | *x*", *TRICKY])
    markdown = to_markdown(result, "side")
    tokens = MD.parse(markdown)
    assert tokens[0].type == "heading_open"
    title, _ = inline_text(tokens[1])
    assert title == "Judul | *x*"
    cells = [t for t in tokens if t.type == "inline"][2:]
    header, body = cells[:2], cells[2:]
    assert [inline_text(c)[0] for c in header] == ["Bahasa Indonesia", "English"]
    assert len(body) == 2 * len(article.paragraphs)
    for index, paragraph in enumerate(article.paragraphs):
        source, target = body[2 * index], body[2 * index + 1]
        assert inline_text(source) == (paragraph.text, {"text"})
        assert inline_text(target) == (paragraph.text.upper(), {"text"})


def test_stacked_puts_each_translation_under_its_source():
    article, result = result_for(["Judul", *TRICKY])
    tokens = MD.parse(to_markdown(result, "stacked"))
    texts = [inline_text(t)[0] for t in tokens if t.type == "inline"]
    expected = ["Judul", "JUDUL"]
    for paragraph in article.paragraphs:
        expected += [paragraph.text, paragraph.text.upper()]
    assert texts == expected
    assert sum(t.type == "blockquote_open" for t in tokens) == len(article.paragraphs)


def test_missing_translation_is_said_not_hidden():
    _, result = result_for(["Judul", "Satu.", "Dua."], missing={"Dua."})
    markdown = to_markdown(result, "side")
    assert "| Dua. | *(no translation: boom)* |" in markdown


def test_control_characters_in_translations_are_removed():
    _, result = result_for(["Judul", "Satu."], translate=lambda t: t + "\x1b[2J\x07!")
    assert "\x1b" not in to_markdown(result) and "\x07" not in to_markdown(result)


def test_json_has_ids_pieces_and_engine():
    article, result = result_for(["Judul", "Satu. Dua.", "Tiga."], missing={"Tiga."})
    document = json.loads(to_json(result, {"backend": "identity"}, "k1"))
    assert document["schema"] == "bireader.article/1"
    assert document["engine"] == {"key": "k1", "backend": "identity"}
    first, second = document["paragraphs"]
    assert first["id"] == article.paragraphs[0].id
    assert first["source"] == "Satu. Dua." and first["translation"] == "SATU. DUA."
    assert first["segments"] == [{"source": "Satu. Dua.", "target": "SATU. DUA."}]
    assert second["translation"] is None and second["error"] == "boom"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("000_8ffb.txt", "000_8ffb"),
        ("../../etc/passwd", "passwd"),
        ("..", "article"),
        ("con.txt", "con_"),
        ("index.md", "index_"),
        ("berita: hari ini?.md", "berita-hari-ini"),
        ("\x1b[31mred.txt", "31mred"),
        ("é" * 300 + ".txt", "é" * 100),
    ],
)
def test_safe_stems(name, stem):
    assert safe_stem(name) == stem


def test_output_names_are_unique_and_inside_the_folder():
    sources = [Path("a/berita.txt"), Path("b/berita.md"), Path("c/Berita.txt"), Path("../x/..")]
    names = output_names(sources, "md")
    assert list(names.values()) == ["berita.md", "berita-2.md", "Berita-3.md", "article.md"]
    assert all("/" not in n and not n.startswith(".") for n in names.values())


DEBRIS_ARTICLE = [
    "Banjir rendam Jakarta | 31left",
    "Jakarta, CNN Indonesia -- Hujan deras membuat sejumlah permukiman terendam sejak Selasa.",
    "Baca juga: Pramono minta camat siagakan pompa",
    "Warga diimbau tetap waspada dan menghubungi nomor darurat 112.",
    "(nvc/nvc)",
]


def test_debris_is_left_out_of_markdown_unless_kept_and_then_marked():
    article = parse_article("\n".join(DEBRIS_ARTICLE), Path("a.txt"))
    assert [p.debris for p in article.paragraphs] == [None, "related", None, "sign-off"]
    translations = {
        p.text: CachedParagraph(p.text, p.text.upper(), Alignment((), ()), "t", 0.0)
        for p in article.story
    }
    result = ArticleResult(article, "a.txt", translations)
    assert result.complete
    plain = to_markdown(result, "side")
    assert "Baca juga" not in plain and "nvc" not in plain
    assert "HUJAN DERAS" in plain and "WARGA DIIMBAU" in plain
    kept = to_markdown(result, "stacked", keep_debris=True)
    assert "Baca juga: Pramono" in kept and "*(related, not translated)*" in kept
    assert "\\(nvc/nvc\\)" not in kept and "(nvc/nvc)" in kept


def test_json_carries_debris_with_no_translation_and_the_metadata():
    article = parse_article("\n".join(DEBRIS_ARTICLE), Path("a.txt"))
    document = json.loads(to_json(ArticleResult(article, "a.txt", {}), {"backend": "x"}, "k"))
    assert document["meta"] == {"byline": "Jakarta, CNN Indonesia --", "site_tag": "31left"}
    assert document["title"]["source"] == "Banjir rendam Jakarta"
    first, related, _, sign_off = document["paragraphs"]
    assert first["source"].startswith("Hujan deras") and first["translation"] is None
    assert related == {
        "id": article.paragraphs[1].id,
        "source": "Baca juga: Pramono minta camat siagakan pompa",
        "debris": "related",
        "translation": None,
    }
    assert sign_off["debris"] == "sign-off" and "error" not in sign_off


def test_markdown_names_the_outlet_date_author_and_link():
    meta = ArticleMeta(url="https://x.id/a", site="detikNews", date="2026-01-14", author="Fadhil")
    article = Article(Path("a"), Paragraph("Judul"), (Paragraph("Isi berita."),), meta)
    markdown = to_markdown(ArticleResult(article, "a", {}))
    assert "*detikNews · 2026-01-14 · Fadhil · <https://x.id/a>*" in markdown
