"""Running the documents of a run, in this process or in others (worker processes or a
Dask cluster), with a progress bar for a person watching, and the count of what became of
their numbers."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, List, Optional

import typer

from .exits import EXIT_USAGE, Failures, err
from .signals import stop_if_signalled, until_signalled

if TYPE_CHECKING:  # the pipeline is imported only by commands that run it: --help stays fast
    from ..pipeline import Document, Extractor

def documents_here(paths: List[str], extractor: "Extractor", encoding: Optional[str],
                   failures: Failures, progress: bool, input_format: Optional[str] = None,
                   explain: bool = False) -> Iterator["Document"]:
    """Each readable input as a Document; unreadable ones are reported and skipped. With
    `explain`, a document's records are every number of it (`records.Explained`)."""
    from ..pipeline import Document, read_document, reported  # noqa: PLC0415
    from ..reader import InputError  # noqa: PLC0415

    with _progress(len(paths), progress) as advance:
        for path in paths:
            stop_if_signalled()
            try:
                document = read_document(extractor, path, encoding, input_format, explain)
            except InputError as exc:
                failures.report(str(exc))
            else:
                yield Document(document.doc, document.context,
                               until_signalled(reported(path, document.records, failures.report,
                                                        failures.read_to_end)),
                               document.tally)
            advance()


def documents_elsewhere(paths: List[str], rules: List[Path], encoding: Optional[str], failures: Failures,
                        progress: bool, jobs: int, scheduler: Optional[str],
                        input_format: Optional[str] = None) -> Iterator["Document"]:
    """The same documents as documents_here, from worker processes or a Dask cluster. Connecting
    happens here, before any output, so an unreachable scheduler writes nothing."""
    rule_dirs = [str(d) for d in rules]
    if scheduler:
        try:
            from ..cluster import SchedulerError, run  # noqa: PLC0415
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
        from ..parallel import default_jobs, documents as in_processes  # noqa: PLC0415
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
        from ..claims import Tally  # noqa: PLC0415

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
