"""The `dxextract` command line: argument handling only; the work is in the pipeline.

Exit codes: 0 every input was read; 1 some input could not be read (the others were
processed and written); 2 a usage error or a bad rule file; 130 interrupted (Ctrl-C),
143 terminated (SIGTERM). A reader that leaves early (`dxextract parse … | head`) ends
the run quietly with the code it would have had so far (0, or 1 if an input had failed).

One module a concern: apps.py holds the Typer apps, on which each command registers itself
from a module of its own (parse, show, text, score for `eval`, explain, indicators, rules for
`rules list` and `rules check`); they share the checks of inputs and rules (inputs.py), the
running of documents in this process or in others (running.py), the output streams
(streams.py), the exit codes and messages (exits.py) and the handling of signals
(signals.py). entry.py registers every command and is the entry point, `main`.
"""
from .entry import app, main

__all__ = ["app", "main"]
