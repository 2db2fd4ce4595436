"""`dxextract show FILES`: reports for a person to read, every value highlighted by kind.

At a terminal (this module) or as one page to share (`--html`, writers/html.py), both from
the Views `load` makes.

On top, the document and what it is about and a legend (each kind in its colour, with how
many values of it were found); then the text, line-numbered, each value marked in its
kind's colour; then the table of the values (writers.records_table). `--only` keeps some
kinds. The text is shown exactly as decoded: offsets are never shifted, control characters
appear as visible symbols (a report cannot send escape sequences to the terminal), line
ends of any style (`\\r\\n`, `\\r`, `\\n`) end a line.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import regex
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .context import Context
from .pipeline import Extractor
from .sources import open_source
from .records import KINDS, Record
from .writers import console_for, context_line, record_dict, records_table, visible

# A marker-pen look: dark text on a coloured ground, one colour per kind, readable on dark
# and light terminals alike (and distinct without colour: every value is also bold).
KIND_STYLES = {
    "percent": "bold black on magenta",
    "count": "bold black on cyan",
    "length": "bold black on green",
    "money": "bold black on yellow",
    "fraction": "bold white on blue",
    "rank": "bold white on red",
    "rate": "bold black on bright_cyan",
    "measure": "bold black on bright_green",
    "multiple": "bold black on bright_magenta",
}
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class View:
    """One document, whole, with its records (offsets into `text`)."""

    doc: str
    text: str
    context: Context
    records: tuple[Record, ...]


def parse_kinds(only: Iterable[str]) -> tuple[str, ...]:
    """`--only percent --only money,rank` → the kinds in their usual order; none given means
    all. ValueError names an unknown kind."""
    wanted = {k.strip().lower() for item in only for k in item.split(",") if k.strip()}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)}: choose from {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in wanted) if wanted else KINDS


def load(path: str, extractor: Extractor, encoding: Optional[str] = None, input_format: Optional[str] = None) -> View:
    """Read and extract one document, text, PDF, DOCX or HTML (reader.InputError if it
    cannot be read). The whole text is kept: a person reads it."""
    source = open_source(path, encoding, input_format)
    blocks = list(source.blocks)
    document = extractor.document(path, blocks, date=source.date)
    records = tuple(document.records)
    return View(path, "".join(b.text for b in blocks), document.context, records)


def legend(kinds: Sequence[str], records: Sequence[Record]) -> Text:
    """Each kind in its own colour, with its count: `percent 12  count 20 …`."""
    counts = {k: 0 for k in kinds}
    for r in records:
        if r.kind in counts:
            counts[r.kind] += 1
    out = Text()
    out.append("Kinds: ", style="bold")
    for i, kind in enumerate(kinds):
        if i:
            out.append("  ")
        out.append(f" {kind} ", style=KIND_STYLES[kind])
        out.append(f" {counts[kind]}", style="dim" if not counts[kind] else "")
    return out


def highlighted_lines(text: str, records: Sequence[Record]) -> list[tuple[int, Text]]:
    """(line number, the line as rich Text with each record's span styled by its kind).

    The line break stays out of the Text; a span crossing a line end is styled on both
    lines. Characters are swapped one for one (control characters → visible symbols), so
    offsets into a line's Text are offsets into the source."""
    lines: list[tuple[int, int, int]] = []  # (number, start, end without the break)
    for number, m in enumerate(_LINE.finditer(text), start=1):
        body = m.group().rstrip("\r\n")
        lines.append((number, m.start(), m.start() + len(body)))
    spans = sorted(((r.start, r.end, KIND_STYLES.get(r.kind, "bold")) for r in records), key=lambda s: s[0])
    out: list[tuple[int, Text]] = []
    k = 0  # first span that may still touch the current line
    for number, start, end in lines:
        line = Text(visible(text[start:end]), no_wrap=False, end="")
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        j = k
        while j < len(spans) and spans[j][0] < end:
            s, e, style = spans[j]
            if e > start:
                line.stylize(style, max(s, start) - start, min(e, end) - start)
            j += 1
        out.append((number, line))
    return out


def render(console: Console, view: View, kinds: Sequence[str] = KINDS) -> None:
    """Print the view: heading and legend, the highlighted text, the table of values."""
    records = [r for r in view.records if r.kind in kinds]
    console.print(Rule(Text(context_line(view.doc, view.context), style="bold"), align="left"))
    console.print(legend(kinds, records))
    console.print()
    text = Table.grid(padding=(0, 1), expand=True)
    text.add_column(justify="right", style="dim", no_wrap=True)
    text.add_column(ratio=1, overflow="fold")
    for number, line in highlighted_lines(view.text, records):
        text.add_row(str(number), line)
    console.print(text)
    console.print()
    if not records:
        what = "values" if tuple(kinds) == KINDS else f"values of kind {', '.join(kinds)}"
        console.print(Text(f"No {what} found.", style="dim"))
        return
    rows = [record_dict(r, view.context) for r in records]
    caption = f"{len(rows)} value{'s' if len(rows) != 1 else ''}"
    console.print(records_table(rows, console.width, caption=caption, kind_styles=KIND_STYLES))


def render_to_text(view: View, kinds: Sequence[str] = KINDS, width: int = 120, styles: bool = False) -> str:
    """The view as `render` prints it, captured (for tests and embedding); with `styles`,
    ANSI escape codes included."""
    console = Console(record=True, width=width, force_terminal=styles, color_system="standard" if styles else None,
                      file=_Discard(), highlight=False, emoji=False, markup=False)
    render(console, view, kinds)
    return console.export_text(styles=styles)


class _Discard:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


__all__ = ["KIND_STYLES", "View", "parse_kinds", "load", "legend", "highlighted_lines", "render",
           "render_to_text", "console_for"]
