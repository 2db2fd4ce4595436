"""The Typer apps: `dxextract` and its group `dxextract rules`. Each command is defined in a
module of its own and registers itself on them."""
from __future__ import annotations

import typer

from .exits import EXIT_HELP

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,  # a crash must not dump a report's text
    help=f"""Extract every indicator value from Vietnamese digital-transformation reports.

Each value comes with its exact source span (start/end offsets, line, col), kind,
normalised value, qualifier, role, label and scope.

Examples:

  dxextract parse reports/*.txt > values.csv

  dxextract parse --format jsonl report.txt | jq .label

  cat report.txt | dxextract parse - --format table

  dxextract show --only percent report.txt

  dxextract show --html -o report.html reports/*.txt

  dxextract parse report.pdf minutes.docx page.html

  dxextract text report.pdf

  dxextract eval tests/gold/seeds.jsonl seeds/*.txt

  dxextract rules check my_rules/

{EXIT_HELP}""",
)
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help=f"""List or check rule files (for people who write rules).

Examples:

  dxextract rules list

  dxextract rules check my_rules/

{EXIT_HELP}""")
app.add_typer(rules_app, name="rules")
