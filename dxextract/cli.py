"""The `dxextract` command line: argument handling only; the work is in the pipeline.

Exit codes: 0 every input was read; 1 some input could not be read (the others were
processed and written); 2 a usage error or a bad rule file; 130 interrupted (Ctrl-C),
143 terminated (SIGTERM). A reader that leaves early (`dxextract parse … | head`) ends
the run quietly with the code it would have had so far (0, or 1 if an input had failed).
"""
from __future__ import annotations

import codecs
import errno
import os
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, List, Optional, TextIO

import typer

if TYPE_CHECKING:  # the pipeline is imported only by commands that run it: --help stays fast
    from .pipeline import Document, Extractor

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 128 + signal.SIGTERM

EXIT_HELP = """Exit codes: 0 all inputs read · 1 some input could not be read (named on stderr as
"dxextract: FILE: reason"; the others are still processed and written) · 2 usage error
or bad rule file · 130 interrupted (Ctrl-C)."""

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


class Failures:
    """Counts inputs that could not be read (each reported once on stderr) and inputs read."""

    def __init__(self) -> None:
        self.count = 0
        self.read = 0

    def report(self, message: str) -> None:
        self.count += 1
        err(message)

    def read_to_end(self, path: str) -> None:  # noqa: ARG002 - the on_read of pipeline.reported
        self.read += 1

    @property
    def exit_code(self) -> int:
        return EXIT_INPUT if self.count else EXIT_OK


def err(message: str) -> None:
    print(f"dxextract: {message}", file=sys.stderr, flush=True)


def _check_reading(encoding: Optional[str], input_format: Optional[str]) -> Optional[str]:
    """--encoding and --input-format checked once for all inputs; the input format's name
    (None: detect)."""
    _check_encoding(encoding)
    return _check_input_format(input_format)


def _check_encoding(encoding: Optional[str]) -> None:
    """An unknown --encoding is a usage error, said once, not a failure of every input."""
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
        "".encode(encoding)  # rejects codecs that are not text encodings (base64, rot13)
    except (LookupError, UnicodeError, ValueError):
        err(f"unknown encoding {encoding!r} (--encoding): try utf-8, utf-16, cp1258")
        raise typer.Exit(EXIT_USAGE) from None


def _check_input_format(name: Optional[str]) -> Optional[str]:
    """The --input-format value as a format name (None: detect); unknown is a usage error."""
    from .sources import input_format  # noqa: PLC0415

    try:
        return input_format(name)
    except ValueError as exc:
        err(f"{exc} (--input-format)")
        raise typer.Exit(EXIT_USAGE) from None


def _extractor(rule_dirs: List[Path]) -> "Extractor":
    from .pipeline import extractor_for  # noqa: PLC0415
    from .rules import RuleError  # noqa: PLC0415

    try:
        return extractor_for(tuple(str(d) for d in rule_dirs))
    except RuleError as exc:
        err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


def _documents(paths: List[str], extractor: "Extractor", encoding: Optional[str],
               failures: Failures, progress: bool, input_format: Optional[str] = None,
               explain: bool = False) -> Iterator["Document"]:
    """Each readable input as a Document; unreadable ones are reported and skipped. With
    `explain`, a document's records are every number of it (`records.Explained`)."""
    from .pipeline import Document, read_document, reported  # noqa: PLC0415
    from .reader import InputError  # noqa: PLC0415

    with _progress(len(paths), progress) as advance:
        for path in paths:
            _stop_if_signalled()
            try:
                document = read_document(extractor, path, encoding, input_format, explain)
            except InputError as exc:
                failures.report(str(exc))
            else:
                yield Document(document.doc, document.context,
                               _until_signalled(reported(path, document.records, failures.report,
                                                         failures.read_to_end)),
                               document.tally)
            advance()


def _documents_elsewhere(paths: List[str], rules: List[Path], encoding: Optional[str], failures: Failures,
                         progress: bool, jobs: int, scheduler: Optional[str],
                         input_format: Optional[str] = None) -> Iterator["Document"]:
    """The same documents as _documents, from worker processes or a Dask cluster. Connecting
    happens here, before any output, so an unreachable scheduler writes nothing."""
    rule_dirs = [str(d) for d in rules]
    if scheduler:
        try:
            from .cluster import SchedulerError, run  # noqa: PLC0415
        except ImportError:
            err("--scheduler needs Dask: pip install 'dxextract[dask]'")
            raise typer.Exit(EXIT_USAGE) from None
        try:
            documents = run(paths, scheduler, rule_dirs=rule_dirs, encoding=encoding, input_format=input_format,
                            on_error=failures.report, on_read=failures.read_to_end)
        except SchedulerError as exc:
            err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
    else:
        from .parallel import default_jobs, documents as in_processes  # noqa: PLC0415
        documents = in_processes(paths, jobs=jobs if jobs > 0 else default_jobs(), encoding=encoding,
                                 input_format=input_format, rule_dirs=rule_dirs, on_error=failures.report,
                                 on_read=failures.read_to_end)
    return _advancing(documents, len(paths), progress)


def _advancing(documents: Iterator["Document"], total: int, progress: bool) -> Iterator["Document"]:
    with _progress(total, progress) as advance:
        for document in documents:
            yield document
            advance()


@contextmanager
def _progress(total: int, wanted: bool):
    """A progress bar on stderr, only for a person watching a terminal: never when stderr
    is a file or a pipe (logs stay clean), never for a single input."""
    if not (wanted and total > 1 and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    # The console must be stderr's: the default one writes to stdout, where the data goes.
    console = Console(stderr=True)
    columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda: bar.advance(task)


class Numbers:
    """What became of the numbers of every document passed through `counted`, told in one
    line on stderr at the end of a run: how many were values, parts of values, excluded by
    a trap, and unexplained — holes in the rules, which `dxextract explain` lists."""

    def __init__(self) -> None:
        self.tallies: list = []

    def counted(self, documents: Iterator["Document"]) -> Iterator["Document"]:
        for document in documents:
            self.tallies.append(document.tally)  # complete once its records are read
            yield document

    def tell(self) -> None:
        from .claims import Tally  # noqa: PLC0415

        total = Tally()
        for tally in self.tallies:
            total.add(tally)
        if not self.tallies:
            return
        reports = f"{len(self.tallies)} report{'s' if len(self.tallies) != 1 else ''}"
        holes = "" if not total.unexplained else " (dxextract explain lists them)"
        values = f"{total.value} value{'s' if total.value != 1 else ''}"
        parts = f"{total.part} part of a value" if total.part == 1 else f"{total.part} parts of values"
        numbers = f"{total.numbers} number{'s' if total.numbers != 1 else ''}"
        err(f"{numbers} in {reports}: {values}, {parts}, {total.excluded} excluded, "
            f"{total.unexplained} unexplained{holes}")


def _silence_stdout() -> None:
    """After the reader of stdout left: send anything still buffered to /dev/null, so
    Python does not complain about the closed pipe when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _is_pipe_closed(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


@contextmanager
def _output(path: Optional[Path], failures: Failures, binary: bool = False) -> Iterator[TextIO]:
    """stdout, or FILE written atomically: the data goes to a temporary file beside FILE
    that replaces it only when the run ends well. An error, Ctrl-C or a run that could
    read none of its inputs leaves any earlier FILE untouched and no temporary file behind.
    `binary` opens FILE for bytes (the workbook), which never goes to stdout.
    """
    if path is None or str(path) == "-":
        with _stdout(failures) as out:
            yield out
        return
    if path.is_dir():
        err(f"{path}: is a directory (--output wants a file)")
        raise typer.Exit(EXIT_USAGE)
    target = Path(os.path.realpath(path))  # through a symlink, as `> FILE` writes
    folder = target.parent
    if not folder.is_dir():
        err(f"{path}: folder {folder} does not exist (--output)")
        raise typer.Exit(EXIT_USAGE)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        err(f"{path}: cannot write: {(exc.strerror or str(exc)).lower()}")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        with (open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")) as out:
            yield out
        _stop_if_signalled()
        if failures.count and not failures.read:
            err(f"no input could be read; {path} left unchanged")
            raise typer.Exit(EXIT_INPUT)
        # mkstemp makes the file private (0600): give it the mode FILE had, or the mode
        # a new file gets under the umask, as a plain `> FILE` would.
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def _stdout(failures: Failures) -> Iterator[TextIO]:
    """stdout as UTF-8 whatever the locale, newlines untranslated; a reader that leaves
    early (`| head`) ends the run quietly."""
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation: a captured stdout
        yield sys.stdout
        return
    out = open(fd, "w", encoding="utf-8", newline="", closefd=False,
               buffering=1 if sys.stdout.isatty() else 1 << 16)
    try:
        yield out
        out.flush()
    except OSError as exc:
        if not _is_pipe_closed(exc):
            raise
        _silence_stdout()
        raise typer.Exit(failures.exit_code) from None
    finally:
        try:
            out.close()
        except OSError:  # the pipe closed: nothing more can reach the reader
            _silence_stdout()


FORMAT_HELP = ("Output format: csv (default), jsonl, json, table, or xlsx (a workbook, with -o FILE; "
               "-o FILE.xlsx alone chooses it).")
RULES_HELP = "A folder of your own rule files, merged over the built-in rules (repeatable)."
ENCODING_HELP = "Force the input encoding, e.g. utf-8, utf-16-le, cp1258 (default: detect)."
INPUT_FORMAT_HELP = "Read every input as text, pdf, docx or html (default: auto, by its bytes, then its name)."
INPUTS_HELP = """Inputs are read by what they are: plain text, PDF (its text layer; records get a page),
DOCX (paragraphs and tables) or a saved web page (HTML: the article only). The file's first
bytes decide, then its extension; --input-format forces one. `dxextract text FILE` prints
the text that offsets point into."""


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
    from . import writers  # noqa: PLC0415

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
    input_format = _check_reading(encoding, input_format)
    extractor = _extractor(rules)
    failures = Failures()
    numbers = Numbers()
    if (jobs != 1 or scheduler) and not explain:
        documents = _documents_elsewhere(files, rules, encoding, failures, progress, jobs, scheduler, input_format)
    else:
        documents = _documents(files, extractor, encoding, failures, progress, input_format, explain)
    documents = numbers.counted(documents)
    if wide:
        _write_wide(documents, extractor, output, conflicts, excel, failures)
        numbers.tell()
        raise typer.Exit(failures.exit_code)
    if format == "xlsx":
        from .writers.xlsx import WorkbookFull, write_xlsx  # noqa: PLC0415

        try:
            with _output(output, failures, binary=True) as out:
                write_xlsx(out, documents, extractor.catalogue)
        except WorkbookFull as exc:
            err(f"{output}: {exc}; {output} left unchanged")
            raise typer.Exit(EXIT_USAGE) from None
        numbers.tell()
        raise typer.Exit(failures.exit_code)
    with _output(output, failures) as out:
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
    from .writers import FORMATS  # noqa: PLC0415

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
    from .writers.wide import write_wide  # noqa: PLC0415

    with _output(output, failures) as out:
        if conflicts is None:
            found = write_wide(out, documents, extractor.catalogue, excel=excel)
        else:
            with _output(conflicts, failures) as report:
                found = write_wide(out, documents, extractor.catalogue, report, excel=excel)
    if found and conflicts is None:
        err(f"{found} cell(s) had more than one value; --conflicts FILE lists them")


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
    from . import show as viewer  # noqa: PLC0415
    from .pipeline import failure_message  # noqa: PLC0415
    from .reader import InputError  # noqa: PLC0415
    from .values import RuleTimeout  # noqa: PLC0415

    try:
        kinds = viewer.parse_kinds(only)
    except ValueError as exc:
        err(f"--only: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if output is not None and str(output) != "-" and output.suffix.lower() in (".html", ".htm"):
        as_html = True
    input_format = _check_reading(encoding, input_format)
    extractor = _extractor(rules)
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
    with _output(output, failures) as out:
        if as_html:
            from .writers.html import write_page  # noqa: PLC0415

            write_page(out, views, kinds)
        else:
            console = viewer.console_for(out)
            for i, view in enumerate(views):
                if i:
                    console.print()
                viewer.render(console, view, kinds)
    raise typer.Exit(failures.exit_code)


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
    from .reader import InputError  # noqa: PLC0415
    from .sources import open_source  # noqa: PLC0415

    input_format = _check_reading(encoding, input_format)
    failures = Failures()
    try:
        blocks = iter(open_source(file, encoding, input_format).blocks)
        first = next(blocks, None)  # a text file's problems show here, before any output
    except InputError as exc:
        failures.report(str(exc))
        raise typer.Exit(failures.exit_code) from None
    with _stdout(failures) as out:
        try:
            if first is not None:
                out.write(first.text)
            for block in blocks:
                out.write(block.text)
        except InputError as exc:  # a bad byte further on: what came before stands
            out.flush()
            failures.report(str(exc))
    raise typer.Exit(failures.exit_code)


@app.command("eval", help=f"""Score the extraction of FILES against hand-checked answers (GOLD, JSON Lines).

Prints detection precision/recall/F1, value, qualifier, role and scope accuracy and label
token-F1 on matched values, and strict F1, as SPEC section 6 defines them; --show lists
what was missed, what was found that the gold does not have, and what was matched wrong.

Examples:

  dxextract eval tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --show 20 tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --json tests/gold/seeds.jsonl seeds/*.txt

{EXIT_HELP} An unreadable GOLD file is a usage error (2).""")
def eval_(
    gold: Path = typer.Argument(..., metavar="GOLD", help="Gold answers, JSON Lines (SPEC section 6)."),
    files: List[str] = typer.Argument(..., metavar="FILE", help="The documents the gold file describes."),
    show: int = typer.Option(0, "--show", metavar="N", help="List up to N misses, false positives and wrong matches."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENC", help=ENCODING_HELP),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help=INPUT_FORMAT_HELP),
    rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP),
) -> None:
    import json  # noqa: PLC0415

    from .evaluate import load_gold, report, score  # noqa: PLC0415
    from .writers import record_dict  # noqa: PLC0415

    try:
        gold_records = load_gold(str(gold))
    except (OSError, ValueError) as exc:
        err(f"{gold}: cannot read gold answers: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    input_format = _check_reading(encoding, input_format)
    extractor = _extractor(rules)
    failures = Failures()
    numbers = Numbers()
    predicted = [record_dict(r, d.context)
                 for d in numbers.counted(_documents(files, extractor, encoding, failures, True, input_format))
                 for r in d.records]
    result = score(gold_records, predicted)
    with _stdout(failures) as out:
        if as_json:
            out.write(json.dumps(result.figures(), ensure_ascii=False) + "\n")
        else:
            for line in report(result, show):
                out.write(f"{line}\n")
    numbers.tell()
    raise typer.Exit(failures.exit_code)


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
    input_format = _check_reading(encoding, input_format)
    extractor = _extractor(rules)
    failures = Failures()
    numbers = Numbers()
    columns = ("doc", "start", "end", "line", "col", "text", "status", "rule", "reason", "around")
    with _stdout(failures) as out:
        writer = csv.writer(out, lineterminator="\n")
        if format == "csv":
            writer.writerow(columns)
        for document in numbers.counted(_documents(files, extractor, encoding, failures, True, input_format,
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
    catalogue = _extractor(rules).catalogue
    rows = [(i.code, i.name, i.pillar, " ".join(i.kinds), i.unit or "") for i in catalogue.indicators]
    failures = Failures()
    with _stdout(failures) as out:
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


@rules_app.command("list", help=f"""List every rule: id, kind (or section) and file, one per line, tab-separated.

Examples:

  dxextract rules list

  dxextract rules list --rules my_rules/ | grep percent

{EXIT_HELP}""")
def rules_list(rules: List[Path] = typer.Option([], "--rules", metavar="DIR", help=RULES_HELP)) -> None:
    extractor = _extractor(rules)
    book = extractor.book
    failures = Failures()
    with _stdout(failures) as out:
        for section, key in (("rules", "id"), ("qualifiers", "id"), ("roles", "id"), ("scopes", "id"),
                             ("labels", "id"), ("readings", "id"), ("indicators", "code"), ("provinces", "id"),
                             ("periods", "id")):
            for entry in book.section(section, key=key):
                kind = entry.get("kind") or ("trap" if section == "rules" else section.rstrip("s"))
                out.write(f"{entry[key]}\t{kind}\t{Path(entry['_file']).name}\n")
    raise typer.Exit(EXIT_OK)


@rules_app.command("check", help="""Validate rule files and run every example they hold.

DIR is a folder of your own rules, checked together with the built-in ones (without DIR,
the built-in rules alone). Each failing example is printed as "FAIL rule-id (file): what".

Examples:

  dxextract rules check

  dxextract rules check my_rules/

Exit codes: 0 all examples hold · 1 some example fails · 2 a rule file is malformed
(the message names the file, the rule id and what is wrong) · 130 interrupted.""")
def rules_check(folder: Optional[Path] = typer.Argument(None, metavar="DIR",
                                                        help="Your rules folder (optional).")) -> None:
    from .examples import run_example  # noqa: PLC0415
    from .values import RuleTimeout  # noqa: PLC0415

    extractor = _extractor([folder] if folder else [])
    failed = total = 0
    failures = Failures()
    with _stdout(failures) as out:
        for example in _examples(extractor.book):
            total += 1
            try:
                problem = run_example(example, extractor)
            except RuleTimeout as exc:
                problem = str(exc)
            if problem:
                failed += 1
                out.write(f"FAIL {example.rule_id} ({Path(example.file).name}): {problem}\n")
        out.write(f"{total - failed} passed, {failed} failed\n")
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


class _Sections:
    """A stand-in rulebook for examples.iter_examples: with `entry`, it holds that one entry
    of one section (so a malformed example can be blamed on its file and rule); without,
    it is empty and notes which sections are asked for, in order."""

    def __init__(self, name: Optional[str] = None, entry: Optional[dict] = None):
        self.name, self.entry = name, entry
        self.asked: list[tuple[str, str]] = []

    def section(self, name: str, key: str = "id") -> list[dict]:
        self.asked.append((name, key))
        return [self.entry] if self.entry is not None and name == self.name else []


def _examples(book) -> Iterator:
    """Every example of the book, in the order examples.iter_examples gives them; an example
    of the wrong shape is a rule-file error naming the file and the rule (exit 2)."""
    from .examples import iter_examples  # noqa: PLC0415
    from .rules import RuleError  # noqa: PLC0415

    probe = _Sections()
    list(iter_examples(probe))
    for section, key in dict.fromkeys(probe.asked):
        try:
            entries = book.section(section, key=key)
        except RuleError as exc:
            err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        for entry in entries:
            try:
                examples = list(iter_examples(_Sections(section, entry)))
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                what = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
                err(str(RuleError(entry.get("_file", "?"), entry.get(key), f"malformed example in '{section}': {what}")))
                raise typer.Exit(EXIT_USAGE) from None
            yield from examples


# The signals the run received. A handler's exception is lost when the signal lands in a
# `__del__` (the regex engine runs some while it compiles a pattern): the run asks here
# before it commits its output, and between reports.
_received: list[int] = []


def _terminate(signum, frame) -> None:  # noqa: ARG001
    """SIGTERM unwinds like Ctrl-C does, so `-o FILE` leaves no temporary file behind."""
    _received.append(signum)
    raise SystemExit(EXIT_TERMINATED)


def _interrupt(signum, frame) -> None:  # noqa: ARG001
    _received.append(signum)
    raise KeyboardInterrupt


def _stop_if_signalled() -> None:
    """Unwind now if a signal came whose exception was lost."""
    if signal.SIGTERM in _received:
        raise SystemExit(EXIT_TERMINATED)
    if _received:
        raise KeyboardInterrupt


def _until_signalled(records: Iterator) -> Iterator:
    for record in records:
        if _received:
            _stop_if_signalled()
        yield record


def _quiet_about_signals(unraisable) -> None:
    """The lost exception of a signal's handler is no error to print: the run stops anyway."""
    if not (_received and isinstance(unraisable.exc_value, (SystemExit, KeyboardInterrupt))):
        sys.__unraisablehook__(unraisable)


def main() -> None:
    """Entry point: quiet on a closed pipe and on Ctrl-C, as Unix tools are."""
    sys.unraisablehook = _quiet_about_signals
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where SIGINT is ignored
            signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        pass
    try:
        app()
    except KeyboardInterrupt:  # typer turns one inside a command into exit 130; this is the rest
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        if not _is_pipe_closed(exc):
            raise
        _silence_stdout()
        sys.exit(EXIT_OK)
