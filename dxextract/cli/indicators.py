"""The `indicators` command: the indicator catalogue."""
from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from .apps import app
from .exits import EXIT_HELP, EXIT_USAGE, Failures, err
from .inputs import RULES_HELP, load_extractor
from .streams import standard_output

@app.command(help=f"""List the indicator catalogue: code, name, pillar, kinds and unit.

The codes are what the indicator column of parse holds and what --wide makes columns
of. With --rules DIR your own indicators (rules files with an 'indicators' section) are
listed with the built-in ones.

Examples:

  dxextract indicators

  dxextract indicators --format csv > indicators.csv

  dxextract indicators --rules my_rules/ --format csv

{EXIT_HELP}""")
def indicators(
    format: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table (default) or csv."),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
) -> None:
    import csv  # noqa: PLC0415

    if format not in ("table", "csv"):
        err(f"unknown format {format!r}: choose table or csv")
        raise typer.Exit(EXIT_USAGE)
    catalogue = load_extractor(rules).catalogue
    rows = [(i.code, i.name, i.pillar, " ".join(i.kinds), i.unit or "") for i in catalogue.indicators]
    failures = Failures()
    with standard_output(failures) as out:
        if format == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(("code", "name", "pillar", "kinds", "unit"))
            writer.writerows(rows)
        else:
            from rich.console import Console  # noqa: PLC0415
            from rich.table import Table  # noqa: PLC0415

            table = Table(title=f"{len(rows)} indicators", header_style="bold")
            for column in ("code", "name", "pillar", "kinds", "unit"):
                table.add_column(column, overflow="fold", no_wrap=column == "code")
            for row in rows:
                table.add_row(*row)
            Console(file=out).print(table)
    raise typer.Exit(failures.exit_code)
