"""Comparison reports as a terminal table (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..quality.compare import ArticleReport


def print_reports(reports: list[ArticleReport], console: Console | None = None) -> None:
    console = console or Console()
    for report in reports:
        agreement = ", ".join(f"{k} {v:.1f}" for k, v in report.mean_agreement.items())
        bleu = ", ".join(f"{k} {v:.1f}" for k, v in report.mean_bleu.items())
        flagged = sum(p.flagged for p in report.paragraphs)
        console.print(Text(report.title, style="bold"))
        console.print(
            Text(
                f"mean chrF agreement: {agreement or '-'}"
                + (f" · mean BLEU vs {report.reference}: {bleu}" if bleu else "")
                + f" · {flagged} of {len(report.paragraphs)} paragraphs flagged"
            )
        )
        table = Table(show_lines=True, expand=True)
        table.add_column("¶", justify="right", no_wrap=True)
        table.add_column("attention", justify="right", no_wrap=True)
        table.add_column("source", ratio=2)
        for label in report.labels:
            table.add_column(label, ratio=2)
        table.add_column("flags", ratio=2)
        for p in report.paragraphs:
            style = "bold red" if p.flagged else ""
            flags = "\n".join(
                f"{label}: {f.check}: {f.reason}" for label, fs in p.flags.items() for f in fs
            )
            table.add_row(
                str(p.index),
                Text(f"{p.attention:.2f}", style=style),
                Text(p.source),
                *(Text(p.translations.get(label) or "-") for label in report.labels),
                Text(flags),
            )
        console.print(table)
