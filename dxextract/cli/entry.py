"""The entry point: every command registered on the app, and the run kept quiet on a closed
pipe and on Ctrl-C, as Unix tools are."""
from __future__ import annotations

import sys

# Each registers its commands, in the order `dxextract --help` lists them.
from . import parse, show, text, score, explain, indicators, rules  # noqa: F401, I001
from .apps import app
from .exits import EXIT_INTERRUPTED, EXIT_OK
from .signals import install
from .streams import is_pipe_closed, silence_stdout


def main() -> None:
    """Entry point: quiet on a closed pipe and on Ctrl-C, as Unix tools are."""
    install()
    try:
        app()
    except KeyboardInterrupt:  # typer turns one inside a command into exit 130; this is the rest
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        if not is_pipe_closed(exc):
            raise
        silence_stdout()
        sys.exit(EXIT_OK)
