"""Signals: SIGTERM and Ctrl-C unwind the run (so `-o FILE` leaves no temporary file
behind), asked for again between reports and before output is committed, where a handler's
exception was lost."""
from __future__ import annotations

import signal
import sys
from typing import Iterator

from .exits import EXIT_TERMINATED

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


def stop_if_signalled() -> None:
    """Unwind now if a signal came whose exception was lost."""
    if signal.SIGTERM in _received:
        raise SystemExit(EXIT_TERMINATED)
    if _received:
        raise KeyboardInterrupt


def until_signalled(records: Iterator) -> Iterator:
    for record in records:
        if _received:
            stop_if_signalled()
        yield record


def _quiet_about_signals(unraisable) -> None:
    """The lost exception of a signal's handler is no error to print: the run stops anyway."""
    if not (_received and isinstance(unraisable.exc_value, (SystemExit, KeyboardInterrupt))):
        sys.__unraisablehook__(unraisable)


def install() -> None:
    """The handlers, for a run from the command line."""
    sys.unraisablehook = _quiet_about_signals
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where SIGINT is ignored
            signal.signal(signal.SIGINT, _interrupt)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        pass
