"""The `text` command: the text that every offset points into."""
from __future__ import annotations

from typing import Optional

import typer

from .apps import app
from .exits import EXIT_HELP, Failures
from .inputs import ENCODING_HELP, INPUT_FORMAT_HELP, INPUTS_HELP, check_reading
from .streams import standard_output

@app.command(help=f"""Print the text dxextract reads from FILE: what every offset points into.

For a text file, the text as decoded; for a PDF, DOCX or web page, the text extracted from
it (a paragraph or a table row per line, table cells separated by tabs; a PDF's running
headers, footers and page numbers left out). The records' start and end index this text,
so text[start:end] is each record's text. Printed as UTF-8, exactly (no newline added).

{INPUTS_HELP}

Examples:

  dxextract text report.pdf > report.txt

  dxextract text page.html | less

  dxextract text --input-format html saved_page.aspx

{EXIT_HELP}""")
def text(
    file: str = typer.Argument(..., metavar="FILE", help="A report; - reads standard input."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
) -> None:
    from ..reader import InputError  # noqa: PLC0415
    from ..sources import open_source  # noqa: PLC0415

    input_format = check_reading(encoding, input_format)
    failures = Failures()
    try:
        blocks = iter(open_source(file, encoding, input_format).blocks)
        first = next(blocks, None)  # a text file's problems show here, before any output
    except InputError as exc:
        failures.report(str(exc))
        raise typer.Exit(failures.exit_code) from None
    with standard_output(failures) as out:
        try:
            if first is not None:
                out.write(first.text)
            for block in blocks:
                out.write(block.text)
        except InputError as exc:  # a bad byte further on: what came before stands
            out.flush()
            failures.report(str(exc))
    raise typer.Exit(failures.exit_code)
