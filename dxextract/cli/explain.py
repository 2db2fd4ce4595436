"""The `explain` command: what became of every number of the reports."""
from __future__ import annotations

from typing import List, Optional
from pathlib import Path

import typer

from .apps import app
from .exits import EXIT_HELP, EXIT_USAGE, Failures, err
from .inputs import ENCODING_HELP, INPUT_FORMAT_HELP, RULES_HELP, check_reading, load_extractor
from .running import Numbers, documents_here
from .streams import standard_output

EXPLAIN_FORMATS = ("lines", "csv", "jsonl")


@app.command(help=f"""Say what became of every number in FILES: a value, a part of one, not a value, or unexplained.

Every number of the text — digits (76,2 · 1.567.705 · 2024) and numbers spelled in
words (hai, mười lăm) — is one of:

\b
  value        the number of a value (the rule that found it, and the value's kind)
  part         part of a value: a fraction's total (151/151), the 100 of /100 dân
  excluded     not a value: the trap that took it and its reason (date, period,
               identifier, version, furniture, list, name, other: SPEC section 4)
  unexplained  no rule took it and no trap explains it: a hole in the rules

An unexplained number is either a value the rules miss or a non-value no trap knows: this
is how a rule writer finds what to add, on any report, without gold answers. The last
line (on stderr) counts each. --format lines (default) prints FILE:LINE:COL: status,
the number, the rule or trap and reason, and the number «marked» in its line; csv and
jsonl give the same as data (columns doc, start, end, line, col, text, status, rule,
reason, around).

Examples:

  dxextract explain report.txt

  dxextract explain --unexplained reports/*.txt

  dxextract explain --format csv reports/*.txt > numbers.csv

  dxextract explain --rules my_rules/ --unexplained report.txt

{EXIT_HELP}""")
def explain(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Report files; - reads standard input."),
    format: str = typer.Option("lines", "--format", "-f", metavar="FORMAT", help="lines (default), csv or jsonl."),
    unexplained: bool = typer.Option(False, "--unexplained", "-u", help="Only the numbers nothing explains."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
) -> None:
    import csv  # noqa: PLC0415
    import json  # noqa: PLC0415

    if format not in EXPLAIN_FORMATS:
        err(f"unknown format {format!r}: choose one of {', '.join(EXPLAIN_FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    input_format = check_reading(encoding, input_format)
    extractor = load_extractor(rules)
    failures = Failures()
    numbers = Numbers()
    columns = ("doc", "start", "end", "line", "col", "text", "status", "rule", "reason", "around")
    with standard_output(failures) as out:
        writer = csv.writer(out, lineterminator="\n")
        if format == "csv":
            writer.writerow(columns)
        for document in numbers.counted(documents_here(files, extractor, encoding, failures, True, input_format,
                                                       explain=True)):
            for row in document.records:
                if unexplained and row.status != "unexplained":
                    continue
                if format == "lines":
                    why = f"{row.rule} ({row.reason})" if row.rule else ""
                    out.write(f"{row.doc}:{row.line}:{row.col}: {row.status:<11} {row.text}  {why}  {row.around}\n")
                elif format == "csv":
                    writer.writerow([getattr(row, c) for c in columns])
                else:
                    out.write(json.dumps({c: getattr(row, c) for c in columns}, ensure_ascii=False) + "\n")
    numbers.tell()
    raise typer.Exit(failures.exit_code)
