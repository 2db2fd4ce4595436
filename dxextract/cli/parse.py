"""The `parse` command: one row per value, in any output format."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from .apps import app
from .exits import EXIT_HELP, EXIT_USAGE, Failures, err
from .inputs import ENCODING_HELP, INPUT_FORMAT_HELP, INPUTS_HELP, RULES_HELP, check_reading, load_extractor
from .running import Numbers, documents_elsewhere, documents_here
from .streams import output_stream

if TYPE_CHECKING:
    from ..pipeline import Extractor

FORMAT_HELP = ("Output format: csv (default), jsonl, json, table, or xlsx (a workbook, with -o FILE; "
               "-o FILE.xlsx alone chooses it).")


@app.command(help=f"""Print one row per value found in FILES (use - for stdin).

Columns: doc, start, end, line, col, text, kind, value, total, unit, qualifier, role,
label, scope, indicator, rule, province, period, page (JSON adds province_now and date;
page is the PDF page of the value, empty for other inputs).

{INPUTS_HELP}

Text encodings are detected (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258);
--encoding forces one. With -o FILE the output is written atomically: FILE is replaced
only when the run ends well, so a failed or interrupted run leaves it as it was.

A last line on stderr tells what became of the numbers of the reports: values, parts of
values (a fraction's total), excluded (dates, codes…) and unexplained ones, which no rule
took or explained; the explain command lists them. --explain adds a row for every number
that is not a value's own, with columns status and reason (read in one process).

Examples:

  dxextract parse seeds/*.txt > values.csv

  dxextract parse report.pdf minutes.docx page.html notes.txt > values.csv

  dxextract parse --excel -o values.csv reports/*.txt

  dxextract parse -o values.xlsx reports/*.txt

  dxextract parse --format jsonl report.txt

  dxextract parse --format table - < report.txt

  dxextract parse --encoding cp1258 --rules my_rules/ old_reports/*.txt

  dxextract parse --wide --conflicts conflicts.csv -o provinces.csv reports/*.txt

  dxextract parse --jobs 2 reports/*.txt > values.csv

With --wide the output is one row per report (doc, province, period) and one column per
indicator code found, the value in the cell: CODE@cấp xã for a scope, CODE:target or
CODE:change for a goal or a rise, CODE#count for a kind other than the indicator's
first. A cell holds the first value the report states; --conflicts FILE lists the other
values stated for the same cell, with their spans.

-o FILE.xlsx writes a workbook (xlsx; --format xlsx says so for any file name): a sheet
"values" (one row per value, numbers as numbers, percentages shown with %, the same
values as the JSON), "provinces" (the --wide table), "conflicts" and "reports" (each
input with its province, period, date and number of values). --excel makes CSV that a
spreadsheet opens with Vietnamese intact (UTF-8 BOM, CRLF) and no cell a formula: text
that opens with = + - or @ is written with a leading ' (plain CSV stays raw data).

--jobs N reads N files at a time in N processes (0: one per core); --scheduler
tcp://HOST:PORT runs the extraction on a Dask cluster (pip install 'dxextract[dask]').
Either way the output is the same, in the same order, as with one process.


{EXIT_HELP}""")
def parse(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Report files; - reads standard input."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=FORMAT_HELP,
                                         show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write to FILE (atomically) instead of stdout."),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: UTF-8 BOM and CRLF line ends."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar when stderr is a terminal."),
    wide: bool = typer.Option(False, "--wide", help="One row per report, one column per indicator (CSV)."),
    conflicts: Optional[Path] = typer.Option(None, "--conflicts", metavar="FILE",
                                             help="With --wide: write the values a cell could not show to FILE."),
    jobs: int = typer.Option(1, "--jobs", "-j", metavar="N", min=0,
                             help="Read N files at a time in N processes (0: one per core)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Run on the Dask cluster at tcp://HOST:PORT."),
    explain: bool = typer.Option(False, "--explain",
                                 help="A row for every number, not only values: columns status and reason say "
                                      "what became of it (see dxextract explain)."),
) -> None:
    from .. import writers  # noqa: PLC0415

    format = _format_for(format, output, wide, conflicts, excel)
    if excel and format != "csv":
        err("--excel goes with --format csv")
        raise typer.Exit(EXIT_USAGE)
    if wide and format != "csv":
        err("--wide writes CSV: leave out --format")
        raise typer.Exit(EXIT_USAGE)
    if conflicts is not None and not wide:
        err("--conflicts goes with --wide")
        raise typer.Exit(EXIT_USAGE)
    if explain and (wide or format in ("table", "xlsx")):
        err("--explain writes csv, jsonl or json")
        raise typer.Exit(EXIT_USAGE)
    input_format = check_reading(encoding, input_format)
    extractor = load_extractor(rules)
    failures = Failures()
    numbers = Numbers()
    if (jobs != 1 or scheduler) and not explain:
        documents = documents_elsewhere(files, rules, encoding, failures, progress, jobs, scheduler, input_format)
    else:
        documents = documents_here(files, extractor, encoding, failures, progress, input_format, explain)
    documents = numbers.counted(documents)
    if wide:
        _write_wide(documents, extractor, output, conflicts, excel, failures)
        numbers.tell()
        raise typer.Exit(failures.exit_code)
    if format == "xlsx":
        from ..writers.xlsx import WorkbookFull, write_xlsx  # noqa: PLC0415

        try:
            with output_stream(output, failures, binary=True) as out:
                write_xlsx(out, documents, extractor.catalogue)
        except WorkbookFull as exc:
            err(f"{output}: {exc}; {output} left unchanged")
            raise typer.Exit(EXIT_USAGE) from None
        numbers.tell()
        raise typer.Exit(failures.exit_code)
    with output_stream(output, failures) as out:
        if format == "csv":
            writers.write_csv(out, documents, excel=excel, explain=explain)
        elif format == "table":
            writers.write_table(out, documents)
        else:
            getattr(writers, f"write_{format}")(out, documents, explain=explain)
    numbers.tell()
    raise typer.Exit(failures.exit_code)


def _format_for(format: Optional[str], output: Optional[Path], wide: bool, conflicts: Optional[Path],
                excel: bool) -> str:
    """The output format: --format, or xlsx for -o FILE.xlsx, or csv. A workbook goes to a
    file only, and holds the --wide table itself."""
    from ..writers import FORMATS  # noqa: PLC0415

    to_file = output is not None and str(output) != "-"
    workbook_name = to_file and output.suffix.lower() == ".xlsx"
    if format is None:
        format = "xlsx" if workbook_name else "csv"
    elif format not in FORMATS:
        err(f"unknown format {format!r}: choose one of {', '.join(FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    elif workbook_name and format != "xlsx":
        err(f"{output}: an .xlsx file holds a workbook, not {format}: leave out --format, or name the file "
            f".{format}")
        raise typer.Exit(EXIT_USAGE)
    if format == "xlsx":
        if not to_file:
            err("xlsx is a workbook, not text for a terminal or a pipe: write it with -o FILE.xlsx")
            raise typer.Exit(EXIT_USAGE)
        if wide or conflicts is not None:
            err("the workbook already holds the --wide table (sheet provinces) and its conflicts (sheet "
                "conflicts): leave out --wide and --conflicts")
            raise typer.Exit(EXIT_USAGE)
    return format


def _write_wide(documents, extractor: "Extractor", output: Optional[Path], conflicts: Optional[Path],
                excel: bool, failures: Failures) -> None:
    from ..writers.wide import write_wide  # noqa: PLC0415

    with output_stream(output, failures) as out:
        if conflicts is None:
            found = write_wide(out, documents, extractor.catalogue, excel=excel)
        else:
            with output_stream(conflicts, failures) as report:
                found = write_wide(out, documents, extractor.catalogue, report, excel=excel)
    if found and conflicts is None:
        err(f"{found} cell(s) had more than one value; --conflicts FILE lists them")
