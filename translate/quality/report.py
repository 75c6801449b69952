"""Compare reports rendered for people (Markdown) and for tools (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..export import escape_markdown
from .checks import Flag
from .compare import ArticleReport

REPORT_SCHEMA = "bireader.compare/1"


def article_json(report: ArticleReport) -> dict[str, Any]:
    return {
        "source_file": report.source_file,
        "title": report.title,
        "translations": report.labels,
        "reference": report.reference,
        "summary": {
            "mean_agreement_chrf": {k: round(v, 1) for k, v in report.mean_agreement.items()},
            "mean_bleu": {k: round(v, 1) for k, v in report.mean_bleu.items()},
            "paragraphs": len(report.paragraphs),
            "flagged": sum(p.flagged for p in report.paragraphs),
            "worst": [p.id for p in report.worst()],
        },
        "paragraphs": [
            {
                **{k: v for k, v in asdict(p).items() if k != "flags"},
                "flags": {label: [asdict(f) for f in fs] for label, fs in p.flags.items()},
                "flagged": p.flagged,
            }
            for p in report.paragraphs
        ],
    }


def reports_json(reports: list[ArticleReport]) -> str:
    document = {"schema": REPORT_SCHEMA, "articles": [article_json(r) for r in reports]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _flags_text(flags: list[Flag]) -> str:
    return "; ".join(f"{f.check}: {f.reason}" for f in flags)


def reports_markdown(reports: list[ArticleReport]) -> str:
    """One Markdown document: a summary per article, then every paragraph."""
    lines: list[str] = []
    for number, report in enumerate(reports, 1):
        anchor = f"a{number}"
        lines += [f"# {escape_markdown(report.title)}", ""]
        reference = f" · reference: {report.reference}" if report.reference else ""
        lines += [
            f"Source: {escape_markdown(report.source_file)} · translations: "
            f"{escape_markdown(', '.join(report.labels))}{reference}",
            "",
            "## Summary",
            "",
            "| translations | mean chrF agreement |",
            "| --- | --- |",
        ]
        lines += [f"| {escape_markdown(k)} | {v:.1f} |" for k, v in report.mean_agreement.items()]
        if report.mean_bleu:
            lines += ["", "| translation | mean BLEU against the reference |", "| --- | --- |"]
            lines += [f"| {escape_markdown(k)} | {v:.1f} |" for k, v in report.mean_bleu.items()]
        flagged = sum(p.flagged for p in report.paragraphs)
        lines += ["", f"**{flagged} of {len(report.paragraphs)} paragraphs flagged.**"]
        if worst := report.worst():
            links = ", ".join(
                f"[¶ {p.index}](#{anchor}-p{p.index}) ({p.attention:.2f})" for p in worst
            )
            lines += ["", f"Most worth a look: {links}"]
        lines += ["", "## Paragraphs", ""]
        for p in report.paragraphs:
            mark = " ⚑" if p.flagged else ""
            lines += [
                f'<a id="{anchor}-p{p.index}"></a>',
                "",
                f"### ¶ {p.index}{' (title)' if p.index == 0 else ''} · attention "
                f"{p.attention:.2f}{mark}",
                "",
                f"> {escape_markdown(p.source)}",
                "",
                "| translation | text | flags |",
                "| --- | --- | --- |",
            ]
            for label, text in p.translations.items():
                shown = escape_markdown(text) if text else "*(none)*"
                flags = escape_markdown(_flags_text(p.flags.get(label, [])))
                lines.append(f"| {escape_markdown(label)} | {shown} | {flags} |")
            figures = [f"chrF {pair}: {score:.1f}" for pair, score in p.agreement.items()]
            figures += [f"BLEU {label}: {score:.1f}" for label, score in p.bleu.items()]
            if "all" in p.flags:
                figures.append(_flags_text(p.flags["all"]))
            if figures:
                lines += ["", escape_markdown(" · ".join(figures))]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
