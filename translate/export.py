"""Bilingual exports: Markdown (GFM table or stacked) and JSON, one file per article.

Article text is data, never markup: everything that CommonMark/GFM could read
as syntax is backslash-escaped, so ``|``, ``#``, ``*``, backticks, HTML and
links in a news article stay literal in any renderer.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .articles import Article, Paragraph, normalise_line
from .cache import CachedParagraph

JSON_SCHEMA_ID = "bireader.article/1"
FORMATS = ("md", "json")
LAYOUTS = ("side", "stacked")

# Inline syntax anywhere in a line; escaping any ASCII punctuation is valid CommonMark.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# Block syntax that only matters at the start of a line (stacked layout).
# (A backslash before a digit is no escape: for "1." the dot is escaped.)
_LINE_START = re.compile(r"^(\s*)([#>+=-])|^(\s*\d+)([.)])")
# GFM turns bare www. and scheme:// text into links; break the trigger.
_AUTOLINK = re.compile(r"(?i)\b(www)\.|(:)(?=//)")


def escape_markdown(text: str) -> str:
    """Text that renders literally as one paragraph or table cell."""
    text = normalise_line(text)
    text = _INLINE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: f"{m[1]}\\." if m[1] else "\\:", text)
    return _LINE_START.sub(lambda m: f"{m[1] or m[3] or ''}\\{m[2] or m[4]}", text)


@dataclass
class ArticleResult:
    """An article with whatever translations it has; ``failed`` says why others are missing."""

    article: Article
    source_name: str
    translations: Mapping[str, CachedParagraph]
    failed: Mapping[str, str] = field(default_factory=dict)

    def translation(self, paragraph: Paragraph) -> CachedParagraph | None:
        return self.translations.get(paragraph.text)

    def missing_note(self, paragraph: Paragraph) -> str:
        reason = self.failed.get(paragraph.text, "not translated yet")
        return f"(no translation: {reason})"

    @property
    def complete(self) -> bool:
        """Every paragraph of the story has its translation (debris is never translated)."""
        return all(p.text in self.translations for p in self.article.story)


def _target_markdown(result: ArticleResult, paragraph: Paragraph, emphasis: bool = False) -> str:
    """The translation, escaped; a missing one is an italic note saying why."""
    cached = result.translation(paragraph)
    if cached is None:
        return "*" + escape_markdown(result.missing_note(paragraph)) + "*"
    text = escape_markdown(cached.translation)
    return f"*{text}*" if emphasis else text


def _byline_markdown(article: Article) -> list[str]:
    """One line of what is known about the article: outlet, date, author, link."""
    meta = article.meta
    parts = [escape_markdown(v) for v in (meta.site, meta.date, meta.author) if v]
    if link := meta.canonical_url or meta.url:
        parts.append(f"<{link}>" if ">" not in link and " " not in link else escape_markdown(link))
    return [f"*{' · '.join(parts)}*", ""] if parts else []


def _debris_markdown(paragraph: Paragraph) -> str:
    return f"*({escape_markdown(paragraph.debris or '')}, not translated)*"


def to_markdown(result: ArticleResult, layout: str = "side", keep_debris: bool = False) -> str:
    """The article as Markdown; debris is left out unless ``keep_debris``, then marked."""
    article = result.article
    lines = [
        f"# {escape_markdown(article.title.text)}",
        "",
        _target_markdown(result, article.title, emphasis=True),
        "",
        *_byline_markdown(article),
    ]
    shown = [p for p in article.paragraphs if keep_debris or p.debris is None]

    def target(p: Paragraph) -> str:
        return _debris_markdown(p) if p.debris else _target_markdown(result, p)

    if layout == "side":
        lines += ["| Bahasa Indonesia | English |", "| --- | --- |"]
        lines += [f"| {escape_markdown(p.text)} | {target(p)} |" for p in shown]
    else:
        for p in shown:
            lines += [escape_markdown(p.text), "", "> " + target(p), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _paragraph_json(result: ArticleResult, paragraph: Paragraph) -> dict[str, Any]:
    cached = result.translation(paragraph)
    record: dict[str, Any] = {"id": paragraph.id, "source": paragraph.text}
    if paragraph.debris is not None:
        record.update(debris=paragraph.debris, translation=None)
        return record
    if cached is None:
        record.update(translation=None, error=result.failed.get(paragraph.text, "not translated"))
        return record
    record.update(
        translation=cached.translation,
        segments=[
            {"source": s, "target": t}
            for s, t in zip(cached.source_pieces(), cached.target_pieces(), strict=True)
        ],
        model=cached.model,
    )
    return record


def to_json(result: ArticleResult, signature: dict[str, Any], engine_key: str) -> str:
    article = result.article
    document: dict[str, Any] = {
        "schema": JSON_SCHEMA_ID,
        "source_file": result.source_name,
        **({"meta": article.meta.as_dict()} if article.meta.as_dict() else {}),
        "engine": {"key": engine_key, **signature},
        "title": _paragraph_json(result, article.title),
        "paragraphs": [_paragraph_json(result, p) for p in article.paragraphs],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_UNSAFE_NAME = re.compile(r"[^\w.-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
_RESERVED |= {f"lpt{i}" for i in range(10)} | {"index"}


def safe_stem(name: str) -> str:
    """A file name stem that is safe on every common file system and stays inside DIR."""
    stem = unicodedata.normalize("NFC", Path(name).stem)
    stem = _UNSAFE_NAME.sub("-", stem).strip(".-_")[:100] or "article"
    if stem.lower() in _RESERVED:
        stem += "_"
    return stem


def output_names(sources: list[Path], suffix: str) -> dict[Path, str]:
    """Unique output file names for input files; the same stem twice gets -2, -3..."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for source in sources:
        stem = candidate = safe_stem(source.name)
        number = 1
        while candidate.lower() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.lower())
        names[source] = f"{candidate}.{suffix}"
    return names


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a killed run never leaves half a file."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def index_markdown(entries: list[tuple[str, ArticleResult]]) -> str:
    lines = [
        "# Translated articles",
        "",
        "| Article | Paragraphs | Translated |",
        "| --- | --- | --- |",
    ]
    for filename, result in entries:
        blocks = result.article.story
        done = sum(p.text in result.translations for p in blocks)
        title = escape_markdown(result.article.title.text)
        lines.append(f"| [{title}](<{filename}>) | {len(blocks) - 1} | {done}/{len(blocks)} |")
    return "\n".join(lines) + "\n"


def index_json(entries: list[tuple[str, ArticleResult]]) -> str:
    records = [
        {
            "file": filename,
            "source_file": result.source_name,
            "title": result.article.title.text,
            "paragraphs": len(result.article.paragraphs),
            "complete": result.complete,
        }
        for filename, result in entries
    ]
    return json.dumps({"articles": records}, ensure_ascii=False, indent=2) + "\n"
