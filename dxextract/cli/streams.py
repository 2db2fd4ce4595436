"""Where the output goes: stdout as UTF-8 (a reader that leaves early ends the run
quietly), or a file written atomically."""
from __future__ import annotations

import errno
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional, TextIO

import typer

from .exits import EXIT_INPUT, EXIT_USAGE, Failures, err
from .signals import stop_if_signalled

def silence_stdout() -> None:
    """After the reader of stdout left: send anything still buffered to /dev/null, so
    Python does not complain about the closed pipe when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def is_pipe_closed(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


@contextmanager
def output_stream(path: Optional[Path], failures: Failures, binary: bool = False) -> Iterator[TextIO]:
    """stdout, or FILE written atomically: the data goes to a temporary file beside FILE
    that replaces it only when the run ends well. An error, Ctrl-C or a run that could
    read none of its inputs leaves any earlier FILE untouched and no temporary file behind.
    `binary` opens FILE for bytes (the workbook), which never goes to stdout.
    """
    if path is None or str(path) == "-":
        with standard_output(failures) as out:
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
        stop_if_signalled()
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
def standard_output(failures: Failures) -> Iterator[TextIO]:
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
        if not is_pipe_closed(exc):
            raise
        silence_stdout()
        raise typer.Exit(failures.exit_code) from None
    finally:
        try:
            out.close()
        except OSError:  # the pipe closed: nothing more can reach the reader
            silence_stdout()
