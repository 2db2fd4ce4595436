"""The workbook: `dxextract parse -o values.xlsx FILES`.

Four sheets, each with its header row frozen, an autofilter and columns sized to what
they hold:

- `values`: one row per record, the columns of the JSON output in its order. Numbers are
  numbers (typed cells, so no locale reads `76.2` as a date or as 762), and each cell
  holds exactly the JSON `value`: a percentage keeps 76.2 and is *shown* as `76,2%` by a
  number format that adds a literal `%` (a spreadsheet's own percent format would need
  0.762 in the cell, and the figure would no longer match the JSON or the report); whole
  numbers show their thousands (`1.482` in a Vietnamese locale, `1,482` in an English one).
- `provinces`: the `--wide` table, one row per report, one column per indicator.
- `conflicts`: the values a `provinces` cell could not show, with their spans.
- `reports`: one row per input: its province, the unit it belongs to since the 2025 merger
  (`province_now`), period, date, how many values were found, how many numbers it holds
  and how many of them no rule explains (`dxextract explain` lists those).

Text is written in NFC and always as text: a label or a file name that opens with `=`,
`+`, `-` or `@` is a string cell (marked "quote prefix", so editing it keeps it text),
never a formula. Written with xlsxwriter in its constant-memory mode, row by row as the
documents come, so a large run holds one row of the values sheet at a time (and the small
per-report tables).
"""
from __future__ import annotations

from typing import BinaryIO, Iterable, Optional

from ..catalogue import Catalogue
from ..pipeline import Document
from ..records import RECORD_FIELDS, Record, number_out, record_row
from .common import CONTEXT_KEYS, FORMULA_STARTS, for_people
from .wide import CONFLICT_COLUMNS, ROW_KEYS, Conflict, column_order, conflict_row, primary_kinds, wide_row

VALUE_COLUMNS = RECORD_FIELDS + CONTEXT_KEYS
REPORT_COLUMNS = ("doc", "province", "province_now", "period", "date", "values", "numbers", "unexplained")
SHEETS = ("values", "provinces", "conflicts", "reports")

# Excel's number formats: `.` and `,` here are the reader's own decimal and group marks.
PERCENT_FORMAT = 'General"%"'  # 76.2 shows as 76,2% (vi) or 76.2% (en); the cell keeps 76.2
WHOLE_FORMAT = "#,##0"  # 1482 shows as 1.482 (vi) or 1,482 (en)
WIDTH_MIN, WIDTH_MAX = 4, 60  # in characters of the default font
MAX_ROWS = 1_048_576  # a sheet's rows in Excel and LibreOffice, the header included


class WorkbookFull(ValueError):
    """More rows than a sheet can hold: the run stops rather than drop values silently."""


class _Sheet:
    """One worksheet written row by row, remembering each column's widest cell. Numbers in
    the `measured` columns (a value, a total, an indicator's cell) are formatted by their
    record's kind; other numbers (offsets, lines, counts) are plain."""

    def __init__(self, book: "_Book", worksheet, header: Iterable[str], measured: Iterable[str] = ()):
        self.book, self.sheet, self.header = book, worksheet, list(header)
        self.measured = {self.header.index(name) for name in measured}
        self.widths = [len(h) + 3 for h in self.header]  # room for the filter's arrow
        self.row = 0
        for col, name in enumerate(self.header):
            self.sheet.write_string(0, col, name, book.header)
        self.row = 1

    def write(self, cells: Iterable, kinds=None) -> None:
        """A row, cells in column order: str as text, int and float as numbers, None left
        empty. `kinds` gives the record kind of each measured cell: a str for all of them,
        or a mapping of column index to kind."""
        if self.row >= MAX_ROWS:
            raise WorkbookFull(f"sheet {self.sheet.name} is full: a workbook holds at most {MAX_ROWS - 1:,} rows "
                               "a sheet; write CSV or JSON Lines instead")
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            if isinstance(cell, str):
                self._text(col, cell)
            else:
                kind = None
                if col in self.measured:
                    kind = kinds if isinstance(kinds, str) or kinds is None else kinds.get(col)
                self._number(col, cell, kind)
        self.row += 1

    def _text(self, col: int, text: str) -> None:
        text = for_people(text)
        self.sheet.write_string(self.row, col, text,
                                self.book.quoted if text.startswith(FORMULA_STARTS) else self.book.text)
        self._fit(col, max(map(len, text.splitlines() or [""])) + 1)

    def _number(self, col: int, value, kind: Optional[str]) -> None:
        value = number_out(value)
        fmt, shown = self.book.number_format(value, kind) if col in self.measured else (None, len(repr(value)))
        self.sheet.write_number(self.row, col, value, fmt)
        self._fit(col, shown + 2)  # numbers sit on the right: keep them off the next column's text

    def _fit(self, col: int, length: int) -> None:
        if length + 2 > self.widths[col]:
            self.widths[col] = length + 2

    def finish(self) -> None:
        """Freeze the header row, filter every column, size the columns; printed, a sheet
        is landscape, one page wide, the header row on every page."""
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)
        self.sheet.repeat_rows(0)
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), len(self.header) - 1)
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, min(max(width, WIDTH_MIN), WIDTH_MAX))


class _Book:
    def __init__(self, out: BinaryIO):
        import xlsxwriter  # noqa: PLC0415 - only the workbook needs it

        self.workbook = xlsxwriter.Workbook(out, {
            "constant_memory": True,
            # write_string and write_number are used throughout; these only guard write().
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        })
        self.workbook.set_properties({"title": "dxextract: values found in reports",
                                      "comments": "Written by dxextract parse -o FILE.xlsx"})
        self.header = self.workbook.add_format({"bold": True, "bottom": 1})
        # Text is indented a little, so it does not run into the number on its left.
        self.text = self.workbook.add_format({"indent": 1})
        self.quoted = self.workbook.add_format({"quote_prefix": True, "indent": 1})
        self.percent = self.workbook.add_format({"num_format": PERCENT_FORMAT})
        self.whole = self.workbook.add_format({"num_format": WHOLE_FORMAT})

    def sheet(self, name: str, header: Iterable[str], measured: Iterable[str] = ()) -> _Sheet:
        return _Sheet(self, self.workbook.add_worksheet(name), header, measured)

    def number_format(self, value, kind: Optional[str]):
        """(format, characters it shows) for a value of `kind`."""
        text = repr(value)
        if kind == "percent":
            return self.percent, len(text) + 1
        if isinstance(value, int) and abs(value) >= 1000:
            return self.whole, len(text) + (len(text) - 1) // 3
        return None, len(text)


def write_xlsx(out: BinaryIO, documents: Iterable[Document], catalogue: Catalogue) -> int:
    """Write the workbook to `out` (a binary file); returns the number of records."""
    book = _Book(out)
    # Sheets appear in the order they are added; each is written when its rows are known.
    values = book.sheet("values", VALUE_COLUMNS, measured=("value", "total"))
    provinces = book.workbook.add_worksheet("provinces")
    conflicts_sheet = book.sheet("conflicts", CONFLICT_COLUMNS, measured=("kept", "other"))
    reports = book.sheet("reports", REPORT_COLUMNS)
    primary = primary_kinds(catalogue)
    wide: list[dict] = []
    conflicts: list[Conflict] = []
    count = 0
    for document in documents:
        context = [getattr(document.context, key) for key in CONTEXT_KEYS]
        found = [0]

        def written(records: Iterable[Record], context=context, found=found) -> Iterable[Record]:
            for record in records:
                values.write(record_row(record) + context, kinds=record.kind)
                found[0] += 1
                yield record

        wide.append(wide_row(document.doc, document.context, written(document.records), primary, conflicts))
        count += found[0]
        by_key = dict(zip(CONTEXT_KEYS, context))
        # The records are read: the report's tally of numbers is complete.
        reports.write([document.doc, *(by_key.get(k) for k in CONTEXT_KEYS), found[0], document.tally.numbers,
                       document.tally.unexplained])
    for conflict in conflicts:
        conflicts_sheet.write(conflict_row(conflict), kinds=conflict.kept.kind)
    _write_provinces(book, provinces, wide, catalogue)
    for sheet in (values, conflicts_sheet, reports):
        sheet.finish()
    book.workbook.close()
    return count


def _write_provinces(book: _Book, worksheet, rows: list[dict], catalogue: Catalogue) -> None:
    columns = column_order(rows, catalogue)
    sheet = _Sheet(book, worksheet, [*ROW_KEYS, *columns], measured=columns)
    first = len(ROW_KEYS)
    for row in rows:
        records = [row.get(column) for column in columns]
        sheet.write([row["doc"], row["province"], row["period"], *(r and r.value for r in records)],
                    kinds={first + i: r.kind for i, r in enumerate(records) if r is not None})
    sheet.finish()
