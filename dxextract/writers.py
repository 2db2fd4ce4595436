"""Write records: csv, jsonl, json, table — one function each.

Each writer consumes a stream of documents and writes as it goes, so memory stays flat
however many files are read (the table, meant for a person at a terminal, holds one
document's rows at a time: a table must see its rows before it can size its columns).
"""
from __future__ import annotations

import csv
import errno
import json
import os
from functools import lru_cache
from typing import Iterable, Iterator, Sequence, TextIO

from .context import Context
from .pipeline import Document
from .records import CSV_COLUMNS, CSV_CONTEXT, RECORD_FIELDS, Record, csv_row, record_row

FORMATS = ("csv", "jsonl", "json", "table")
# One encoder for every record: json.dumps builds a new one per call when given options.
_JSON = json.JSONEncoder(ensure_ascii=False)
CONTEXT_KEYS = ("province", "province_now", "period", "date")


def record_dict(record: Record, context: Context) -> dict:
    """A record as JSON: the SPEC fields in order, then the report's context."""
    return {**_fields_dict(record), **_context_dict(context)}


def _fields_dict(record: Record) -> dict:
    return dict(zip(RECORD_FIELDS, record_row(record)))


def _context_dict(context: Context) -> dict:
    return {key: getattr(context, key) for key in CONTEXT_KEYS}


def write_csv(out: TextIO, documents: Iterable[Document], excel: bool = False) -> int:
    """CSV with a header, in SPEC column order plus `province`, `period` and `page`. `excel`
    starts with a UTF-8 BOM so Excel reads the Vietnamese text as UTF-8."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")  # None is written as ""
    writer.writerow(CSV_COLUMNS)
    count = 0
    for document in documents:
        context = [getattr(document.context, key) for key in CSV_CONTEXT]
        for record in document.records:
            writer.writerow(csv_row(record, context))
            count += 1
    return count


def _json_records(documents: Iterable[Document]) -> Iterator[str]:
    """Each record as the JSON object of `record_dict`. The context's part of it is encoded
    once per document and put after the record's own fields: encoded again for every
    record, it took a sixth of the writing."""
    for document in documents:
        tail = ", " + _JSON.encode(_context_dict(document.context))[1:]
        for record in document.records:
            yield _JSON.encode(_fields_dict(record))[:-1] + tail


def write_jsonl(out: TextIO, documents: Iterable[Document]) -> int:
    count = 0
    for line in _json_records(documents):
        out.write(line + "\n")
        count += 1
    return count


def write_json(out: TextIO, documents: Iterable[Document]) -> int:
    """One JSON array, written element by element."""
    out.write("[")
    count = 0
    for line in _json_records(documents):
        out.write(",\n " if count else "\n ")
        out.write(line)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


# Widths a terminal table needs to stay readable: the label takes what is left.
TABLE_WIDTH_WHEN_NOT_A_TERMINAL = 160

# C0 and C1 control characters shown as visible symbols, so a report's text never sends
# escape sequences to a terminal (ESC would otherwise pass through rich untouched).
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL_PICTURES.update({0x7F: 0x2421, **{c: 0xFFFD for c in range(0x80, 0xA0)}})


def visible(text: str) -> str:
    """`text` with control characters replaced one for one by visible symbols (tab and
    newline kept): offsets into it are offsets into `text`."""
    return text.translate(_CONTROL_PICTURES)


def console_for(out: TextIO, width: int | None = None):
    """A rich Console on `out`: the terminal's width on a terminal; elsewhere (a pipe,
    a file) $COLUMNS or a width a table reads well at, and no colour unless FORCE_COLOR."""
    if width is None and not _isatty(out):
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 0 else TABLE_WIDTH_WHEN_NOT_A_TERMINAL
    return _console_class()(file=out, width=width, soft_wrap=False, highlight=False, emoji=False, markup=False)


@lru_cache(maxsize=1)
def _console_class():
    from rich.console import Console  # noqa: PLC0415 - rich is imported only for people's views

    class QuietPipeConsole(Console):
        """rich exits with 1 when the reader of a pipe leaves (`| head`); raise instead, so
        the command ends as it does for the other formats."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "the reader of the output left")

    return QuietPipeConsole


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _cell(value) -> str:
    return "" if value is None else visible(str(value)).replace("\n", " ")


QUALIFIER_SIGNS = {"=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "~"}


def value_cell(row: dict) -> str:
    """`~13000`, `≥95`, `13/63`: the qualifier (when not exact), the value, the total."""
    sign = QUALIFIER_SIGNS.get(row.get("qualifier") or "=", row.get("qualifier") or "")
    total = "" if row.get("total") is None else f"/{row['total']}"
    return f"{sign}{row['value']}{total}"


# name, how the cell is made, how it fits: (no_wrap, max width, justify); label takes the rest.
_TABLE_COLUMNS = (
    ("line:col", lambda r: f"{r['line']}:{r['col']}", (True, None, "right")),
    ("text", lambda r: r["text"], (False, 24, "left")),
    ("kind", lambda r: r["kind"], (True, None, "left")),
    ("value", value_cell, (True, None, "right")),
    ("unit", lambda r: r["unit"], (False, 18, "left")),
    ("role", lambda r: r["role"], (True, None, "left")),
    ("label", lambda r: r["label"], (False, None, "left")),
    ("scope", lambda r: r["scope"], (True, None, "left")),
    ("indicator", lambda r: r["indicator"], (False, 30, "left")),
)
# On a terminal too narrow for every column, these go first, in this order.
_DROP_ORDER = ("indicator", "scope", "unit", "role")
LABEL_MIN_WIDTH = 20


def records_table(rows: Sequence[dict], width: int, title: str | None = None, caption: str | None = None,
                  kind_styles: dict[str, str] | None = None):
    """A rich Table of record dicts (as `record_dict` makes them) for people, `width` wide.

    Short columns never wrap; the label takes the width that is left and wraps at spaces;
    long words fold, nothing is cut off. The value column carries the qualifier (`~13000`,
    `>8231`, `≥95`) and the total (`13/63`). Columns with nothing in them are left out;
    on a terminal too narrow for the rest, the least needed go (the caption says which).
    Cells are plain text, never rich markup: a `[` in a report prints as itself."""
    from rich import box  # noqa: PLC0415
    from rich.cells import cell_len  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    columns = _TABLE_COLUMNS
    cells = [[_cell(make(row)) for _, make, _ in columns] for row in rows]
    names = [name for name, _, _ in columns]
    need = {}
    for i, (name, _, (_, cap, _)) in enumerate(columns):
        widest = max([cell_len(name)] + [cell_len(r[i]) for r in cells])
        need[name] = min(widest, cap) if cap else widest
    keep = [n for i, n in enumerate(names) if n in ("label", "line:col", "kind", "value") or any(r[i] for r in cells)]
    hidden = [n for n in names if n not in keep]
    for name in _DROP_ORDER:
        used = sum(need[n] + 3 for n in keep if n != "label")
        if used + LABEL_MIN_WIDTH <= width or name not in keep:
            continue
        keep.remove(name)
        hidden.append(name)
    narrow = [n for n in hidden if any(r[names.index(n)] for r in cells)]
    if narrow:
        note = f"(too narrow for {', '.join(narrow)}: widen the terminal, or use --format csv)"
        caption = f"{caption} {note}" if caption else note

    table = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False,
                  title_justify="left", caption_justify="left", expand=True, title_style="bold")
    for name, _, (no_wrap, cap, justify) in columns:
        if name not in keep:
            continue
        if name == "label":
            table.add_column(name, overflow="fold", ratio=1, min_width=LABEL_MIN_WIDTH)
        else:
            table.add_column(name, no_wrap=no_wrap, overflow="fold", justify=justify,
                             width=need[name], min_width=need[name])
    styles = kind_styles or {}
    at = [names.index(n) for n in keep]
    styled = {names.index("text"), names.index("kind")}
    for row, texts in zip(rows, cells):
        style = styles.get(row["kind"], "")
        row_cells = []
        for i in at:
            cell = Text(texts[i])
            if style and i in styled:
                cell.stylize(style)  # the characters only, not the cell's padding
            row_cells.append(cell)
        table.add_row(*row_cells)
    return table


def context_line(doc: str, context: Context) -> str:
    """`seeds/000.txt · Hòa Bình (now Phú Thọ) · period 2023 · dated 2023-12-05`."""
    parts = [doc]
    if context.province:
        now = context.province_now
        parts.append(context.province + (f" (now {now})" if now and now != context.province else ""))
    if context.period:
        parts.append(f"period {context.period}")
    if context.date:
        parts.append(f"dated {context.date}")
    return visible(" · ".join(parts))


def write_table(out: TextIO, documents: Iterable[Document]) -> int:
    """A rich table per document, for people at a terminal: titled with the document and
    what it is about. Each document's table is printed when the document is done, so only
    one document's rows are held at a time."""
    console = console_for(out)
    count = 0
    for document in documents:
        rows = [record_dict(record, document.context) for record in document.records]
        count += len(rows)
        title = context_line(document.doc, document.context)
        if not rows:
            console.print(f"{title}: no values found", style="dim")
            continue
        found = f"{len(rows)} value{'s' if len(rows) != 1 else ''}"
        console.print(records_table(rows, console.width, title=title, caption=found))
    return count
