"""How a run ends and what it says on stderr: the exit codes, the messages, and the count of
inputs that could not be read.

Exit codes: 0 every input was read; 1 some input could not be read (the others were
processed and written); 2 a usage error or a bad rule file; 130 interrupted (Ctrl-C),
143 terminated (SIGTERM). A reader that leaves early (`dxextract parse … | head`) ends
the run quietly with the code it would have had so far (0, or 1 if an input had failed).
"""
from __future__ import annotations

import signal
import sys

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 128 + signal.SIGTERM

EXIT_HELP = """Exit codes: 0 all inputs read · 1 some input could not be read (named on stderr as
"dxextract: FILE: reason"; the others are still processed and written) · 2 usage error
or bad rule file · 130 interrupted (Ctrl-C)."""


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
