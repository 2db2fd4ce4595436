"""The `dxextract` command line: argument handling only; the work is in the pipeline.

Exit codes: 0 every input was read; 1 some input could not be read (the others were
processed and written); 2 a usage error or a bad rule file; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, List, Optional

import typer

if TYPE_CHECKING:  # the pipeline is imported only by commands that run it: --help stays fast
    from .pipeline import Document, Extractor

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_HELP = """Exit codes: 0 all inputs read · 1 some input failed (the others are still processed and
written) · 2 usage error or bad rule file · 130 interrupted."""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=f"""Extract every indicator value from Vietnamese digital-transformation reports.

Each value comes with its exact source span (start/end offsets, line, col), kind,
normalised value, qualifier, role, label and scope.

Examples:

  dxextract parse reports/*.txt > values.csv

  dxextract parse --format jsonl report.txt | jq .label

  cat report.txt | dxextract parse - --format table

  dxextract eval tests/gold/seeds.jsonl seeds/*.txt

{EXIT_HELP}""",
)
rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="List or check rule files (for people who write rules).")
app.add_typer(rules_app, name="rules")


class Failures:
    """Counts inputs that could not be read; each is reported once on stderr."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        err(message)


def err(message: str) -> None:
    print(f"dxextract: {message}", file=sys.stderr, flush=True)


def _extractor(rule_dirs: List[Path]) -> "Extractor":
    from .pipeline import extractor_for  # noqa: PLC0415
    from .rules import RuleError  # noqa: PLC0415

    try:
        return extractor_for(tuple(str(d) for d in rule_dirs))
    except RuleError as exc:
        err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


def _documents(paths: List[str], extractor: "Extractor", encoding: Optional[str],
               failures: Failures, progress: bool) -> Iterator["Document"]:
    """Each readable input as a Document; unreadable ones are reported and skipped."""
    from .values import RuleTimeout  # noqa: PLC0415
    from .pipeline import Document  # noqa: PLC0415
    from .reader import InputError, read_blocks  # noqa: PLC0415

    def guarded(path: str, records):
        try:
            yield from records
        except (InputError, RuleTimeout) as exc:
            failures.report(str(exc) if isinstance(exc, InputError) else f"{path}: {exc}")

    with _progress(len(paths), progress) as advance:
        for path in paths:
            try:
                document = extractor.document(path, read_blocks(path, encoding))
            except InputError as exc:
                failures.report(str(exc))
            else:
                yield Document(document.doc, document.context, guarded(path, document.records))
            advance()


@contextmanager
def _progress(total: int, wanted: bool):
    """A progress bar on stderr, only for a person watching a terminal."""
    if not (wanted and total > 1 and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.progress import Progress  # noqa: PLC0415

    with Progress(transient=True, console=None) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda: bar.advance(task)


@contextmanager
def _output(path: Optional[Path]):
    """stdout, or a file written atomically: a failed run leaves any old file untouched."""
    if path is None or str(path) == "-":
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=False)
        try:
            yield out
            out.flush()
        finally:
            out.detach()
        return
    folder = path.resolve().parent
    if not folder.is_dir():
        err(f"{path}: folder does not exist")
        raise typer.Exit(EXIT_USAGE)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


FORMAT_HELP = "Output format: csv (default), jsonl, json or table."
RULES_HELP = "A folder of your own rule files, merged over the built-in rules (repeatable)."


@app.command(help=f"""Print one row per value found in FILES (use - for stdin).

Columns: doc, start, end, line, col, text, kind, value, total, unit, qualifier, role,
label, scope, indicator, rule, province, period (JSON adds province_now and date).

Examples:

  dxextract parse seeds/*.txt > values.csv

  dxextract parse --excel -o values.csv reports/*.txt

  dxextract parse --format jsonl report.txt

  dxextract parse --format table - < report.txt

  dxextract parse --rules my_rules/ reports/*.txt

{EXIT_HELP}""")
def parse(
    files: List[str] = typer.Argument(..., help="Report files; - reads standard input."),
    format: str = typer.Option("csv", "--format", "-f", help=FORMAT_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    excel: bool = typer.Option(False, "--excel", help="CSV for Excel: UTF-8 BOM and CRLF line ends."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force the input encoding (default: detect)."),
    rules: List[Path] = typer.Option([], "--rules", help=RULES_HELP),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar when stderr is a terminal."),
) -> None:
    from . import writers  # noqa: PLC0415

    if format not in writers.FORMATS:
        err(f"unknown format {format!r}: choose one of {', '.join(writers.FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    if excel and format != "csv":
        err("--excel goes with --format csv")
        raise typer.Exit(EXIT_USAGE)
    extractor = _extractor(rules)
    failures = Failures()
    documents = _documents(files, extractor, encoding, failures, progress)
    with _output(output) as out:
        if format == "csv":
            writers.write_csv(out, documents, excel=excel)
        else:
            getattr(writers, f"write_{format}")(out, documents)
    raise typer.Exit(EXIT_INPUT if failures.count else EXIT_OK)


@app.command("eval", help=f"""Score the extraction of FILES against hand-checked answers (GOLD, JSON Lines).

Prints detection precision/recall/F1, value, qualifier, role and scope accuracy and label
token-F1 on matched values, and strict F1, as SPEC section 6 defines them; --show lists
what was missed, what was found that the gold does not have, and what was matched wrong.

Examples:

  dxextract eval tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --show 20 tests/gold/seeds.jsonl seeds/*.txt

  dxextract eval --json tests/gold/seeds.jsonl seeds/*.txt

{EXIT_HELP}""")
def eval_(
    gold: Path = typer.Argument(..., help="Gold answers, JSON Lines (SPEC section 6)."),
    files: List[str] = typer.Argument(..., help="The documents the gold file describes."),
    show: int = typer.Option(0, "--show", help="List up to N misses, false positives and wrong matches."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force the input encoding."),
    rules: List[Path] = typer.Option([], "--rules", help=RULES_HELP),
) -> None:
    import json  # noqa: PLC0415

    from .evaluate import load_gold, report, score  # noqa: PLC0415
    from .writers import record_dict  # noqa: PLC0415

    try:
        gold_records = load_gold(str(gold))
    except (OSError, ValueError) as exc:
        err(f"{gold}: cannot read gold answers: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    extractor = _extractor(rules)
    failures = Failures()
    predicted = [record_dict(r, d.context) for d in _documents(files, extractor, encoding, failures, True)
                 for r in d.records]
    result = score(gold_records, predicted)
    if as_json:
        print(json.dumps(result.figures(), ensure_ascii=False))
    else:
        for line in report(result, show):
            print(line)
    raise typer.Exit(EXIT_INPUT if failures.count else EXIT_OK)


@rules_app.command("list", help="""List every rule: id, section, kind and file.

Examples:

  dxextract rules list

  dxextract rules list --rules my_rules/""")
def rules_list(rules: List[Path] = typer.Option([], "--rules", help=RULES_HELP)) -> None:
    extractor = _extractor(rules)
    book = extractor.book
    for section, key in (("rules", "id"), ("qualifiers", "id"), ("roles", "id"), ("scopes", "id"),
                         ("labels", "id"), ("readings", "id"), ("indicators", "code"), ("provinces", "id"),
                         ("periods", "id")):
        for entry in book.section(section, key=key):
            kind = entry.get("kind") or ("trap" if section == "rules" else section.rstrip("s"))
            print(f"{entry[key]}\t{kind}\t{Path(entry['_file']).name}")


@rules_app.command("check", help=f"""Validate rule files and run every example they hold.

DIR is a folder of your own rules, checked together with the built-in ones.

Examples:

  dxextract rules check

  dxextract rules check my_rules/

Exit codes: 0 all examples hold · 1 some example fails · 2 a rule file is malformed.""")
def rules_check(folder: Optional[Path] = typer.Argument(None, help="Your rules folder (optional).")) -> None:
    from .examples import iter_examples, run_example  # noqa: PLC0415

    extractor = _extractor([folder] if folder else [])
    failed = total = 0
    for example in iter_examples(extractor.book):
        total += 1
        problem = run_example(example, extractor)
        if problem:
            failed += 1
            print(f"FAIL {example.rule_id} ({Path(example.file).name}): {problem}")
    print(f"{total - failed} passed, {failed} failed")
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def main() -> None:
    """Entry point: quiet on a closed pipe and on Ctrl-C, as Unix tools are."""
    try:
        app()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader (say `head`) left: stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
