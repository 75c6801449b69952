"""A news page's HTML as an article: title, body paragraphs in order, metadata, debris marked.

trafilatura finds the story in the page and its metadata (title, date, site,
author, canonical URL); the page's figure captions and image alt texts are
collected besides, because outlets repeat a photo's caption as a body
paragraph and the debris pass needs to recognise it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..articles import Article, ArticleError, ArticleMeta, build_article, normalise_line

# A charset declared in the page itself: <meta charset="..."> or the http-equiv form.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z-]+)""", re.I)
# Labels that browsers (the WHATWG Encoding standard) read as windows-1252; Python's
# latin-1 codec would turn its curly quotes and dashes into control characters.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}


# Less text than this is a menu or a stub that trafilatura's fallbacks picked up, not a story.
MIN_STORY_CHARS = 80


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used
    source: str  # where it came from: "header", "meta", "bom" or "detected"


def _codec(label: str) -> str | None:
    import codecs

    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, header_charset: str | None = None) -> Decoded:
    """Bytes to text: a BOM, then the HTTP header's charset, then the page's meta
    charset, then detection (charset-normalizer)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(codec, errors="replace"), codec, "bom")
    candidates: list[tuple[str | None, str]] = []
    if header_charset:
        candidates.append((_codec(header_charset), "header"))
    if match := _META_CHARSET.search(data[:4096]):
        candidates.append((_codec(match.group(1).decode("ascii", "replace")), "meta"))
    for declared, source in candidates:
        if declared is None:
            continue
        try:
            return Decoded(data.decode(declared), declared, source)
        except UnicodeDecodeError:
            continue  # a wrong declaration: try the next witness
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    detected = best.encoding if best is not None else "utf-8"
    return Decoded(data.decode(detected, errors="replace"), detected, "detected")


def _captions(html: str) -> list[str]:
    """Figure captions and image alt texts of the page."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    texts = [c.text_content() for c in tree.iter("figcaption")]
    texts += [str(alt) for alt in tree.xpath("//img/@alt")]
    return [line for line in (normalise_line(" ".join(t.split())) for t in texts) if line]


@dataclass(frozen=True)
class Extraction:
    """What a page gave: its story's text and metadata, before debris is marked."""

    title: str
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]  # figure captions and image alt texts
    meta: ArticleMeta

    def article(self, path: Path) -> Article:
        return build_article(path, self.title, list(self.paragraphs), self.meta, self.captions)

    def to_json(self) -> dict[str, Any]:
        return {
            "extractor": extractor_version(),
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "captions": list(self.captions),
            "meta": self.meta.as_dict(),
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Extraction | None:
        """A stored extraction, or None when another extractor version made it."""
        if record.get("extractor") != extractor_version():
            return None
        return cls(
            record["title"],
            tuple(record["paragraphs"]),
            tuple(record["captions"]),
            ArticleMeta(**record["meta"]),
        )


def extractor_version() -> str:
    from importlib.metadata import version

    # The second part changes when this module reads pages differently.
    return f"trafilatura {version('trafilatura')}/1"


def extract(html: str, where: str, url: str = "") -> Extraction:
    """The story of a news page; ArticleError (naming ``where``) when the page has none.

    ``url`` is where the page was fetched from, if it was.
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,  # a caption repeated in the body is debris to mark, not to drop
    )
    text = getattr(document, "text", None) or ""
    lines = [line for line in (normalise_line(raw) for raw in text.splitlines()) if line]
    title = normalise_line(getattr(document, "title", None) or "")
    if sum(len(line) for line in lines) < MIN_STORY_CHARS:
        raise ArticleError(where, "no article text found in the page")
    if not title:
        title, lines = lines[0], lines[1:]
    # Pages repeat the headline above the story (trafilatura keeps the page's h1).
    lines = [line for n, line in enumerate(lines) if n >= 4 or line != title]
    language = getattr(document, "language", None) or ""
    if not language and (match := _HTML_LANG.search(html[:4096])):
        language = match.group(1)
    meta = ArticleMeta(
        url=url,
        canonical_url=getattr(document, "url", None) or "",
        site=getattr(document, "sitename", None) or "",
        author=getattr(document, "author", None) or "",
        date=getattr(document, "date", None) or "",
        language=language,
    )
    return Extraction(title, tuple(lines), tuple(_captions(html)), meta)


def read_html_bytes(data: bytes, path: Path) -> Article:
    """A saved page (``.html`` / ``.htm``) as an article."""
    if not data.strip():
        raise ArticleError(path, "empty file (no text to translate)")
    return extract(decode_html(data).text, str(path)).article(path)
