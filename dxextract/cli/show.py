"""The `show` command: the reports with their values highlighted, for people (a terminal or
an HTML page)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .apps import app
from .exits import EXIT_HELP, EXIT_USAGE, Failures, err
from .inputs import ENCODING_HELP, INPUT_FORMAT_HELP, RULES_HELP, check_reading, load_extractor
from .streams import output_stream

@app.command(help=f"""Show FILES with every value highlighted by kind, and the table of their values.

A view for people: the text with each value coloured by its kind (a legend on top), then
one row per value (line:col, text, kind, value, unit, qualifier, role, label, scope,
indicator). --only restricts both to some kinds. At a terminal, colours appear (set
NO_COLOR to turn them off, FORCE_COLOR to keep them in a pipe).

--html writes one self-contained page to share instead (-o FILE.html alone chooses it):
each report's province and period on top, its text with every value highlighted (hover
or Tab to a value to see its record), the table of values beside it (a row jumps to its
value), filters by kind and role; several FILES give one page with a section each. It
needs no network and runs nothing from the reports. With -o FILE the output is written
atomically.

Examples:

  dxextract show seeds/000_a73a295ff00220cb.txt

  dxextract show --only percent --only fraction report.txt

  dxextract show --only percent,money report.txt | less -R

  dxextract show --html -o report.html reports/*.txt

  dxextract show --encoding cp1258 - < old_report.txt

  dxextract show report.pdf

{EXIT_HELP}""")
def show(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Reports; - reads standard input."),
    only: List[str] = typer.Option([], "--only", "-k", metavar="KIND",
                                   help="Only these kinds (repeatable, or a comma list): percent, count, "
                                        "length, money, fraction, rank, rate, measure, multiple."),
    as_html: bool = typer.Option(False, "--html", help="Write one self-contained HTML page (to share)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write to FILE (atomically) instead of stdout."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
) -> None:
    from .. import show as viewer  # noqa: PLC0415
    from ..pipeline import failure_message  # noqa: PLC0415
    from ..reader import InputError  # noqa: PLC0415
    from ..values import RuleTimeout  # noqa: PLC0415

    try:
        kinds = viewer.parse_kinds(only)
    except ValueError as exc:
        err(f"--only: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if output is not None and str(output) != "-" and output.suffix.lower() in (".html", ".htm"):
        as_html = True
    input_format = check_reading(encoding, input_format)
    extractor = load_extractor(rules)
    failures = Failures()
    views = []
    for file in files:
        try:
            views.append(viewer.load(file, extractor, encoding, input_format))
        except (InputError, RuleTimeout) as exc:
            failures.report(failure_message(file, exc))
        else:
            failures.read_to_end(file)
    if not views and (output is None or str(output) == "-"):
        raise typer.Exit(failures.exit_code)
    with output_stream(output, failures) as out:
        if as_html:
            from ..writers.html import write_page  # noqa: PLC0415

            write_page(out, views, kinds)
        else:
            console = viewer.console_for(out)
            for i, view in enumerate(views):
                if i:
                    console.print()
                viewer.render(console, view, kinds)
    raise typer.Exit(failures.exit_code)
