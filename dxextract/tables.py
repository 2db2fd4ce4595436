"""Values laid out in tables: the unit from the table's heading (`ĐVT: %`) or an ĐVT
column, the label from the row's heading (a sub-row's from its parent row, a transposed
table's from the column's heading), the role and qualifier from the column's heading.

Four layouts are read, each into the same rows of cells:
- cells apart by tabs, `|` or runs of two or more spaces (`_delimited`);
- a flattened statistics table, cells apart by single spaces, under a header row of years
  (`2022 2023 Ước 2024`) or an ĐVT caption (`_flat`): each row ends in as many number cells
  as the header has columns, and what is before them is the row's heading (and its unit,
  when the header names an ĐVT column);
- a transposed table with one cell per line (`_stacked`): the column headings once at the
  top, then each row opened by its year.
A row heading a PDF wrapped onto two lines is joined; a sub-row (Thành thị, Nam, a
district, Cấp xã) takes its parent's heading; a table opened by a total row (Tổng số, Chung)
takes its title. What is not a value in a table is said too: the numbers of a header cell
(years are dates), a row's year, a numbering column, a table's number and a row heading's own
number (lists), the `100` of an ĐVT `Thuê bao/100 dân` (unit).

The patterns and word lists are in rules/tables.yaml; this module only walks rows and
columns. It asks for the structure real tables have (a header row or an ĐVT caption, two or
more rows of the same shape, short cells), so a run of numbers in prose is left alone.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable, Optional

import regex

from .claims import Exclusion, Find
from .patterns import compile_pattern
from .normalize import fold
from .numbers import NumberReader
from .rules import RuleError, Rulebook

_RULER = regex.compile(r"[\s|:\-–=+]*")
_YEAR = regex.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?![\d.,/]\d)")
_DIGIT = regex.compile(r"\d+")
_ROMAN = regex.compile(r"[IVX]{1,5}\.?")
# A cell between separators, empty ones included: what opens the line or follows a separator.
_CELL_BY_SEPARATOR_KEEPING_EMPTY = regex.compile(r"(?:^|(?<=[\t|]))[^\t|]*")
_CELL_BY_SPACES = regex.compile(r"\S+(?: \S+)*")  # cells apart by two spaces or more
# A line exported as CSV with ";" between its cells ("1;Thành phố Vị Thanh;168;612,4"): two
# separators or more, none followed by a space as prose's semicolons are.
_SEMICOLON_ROW = regex.compile(r"[^;\n]*+(?:;(?! )[^;\n]*+){2,}+")
_CELL_BY_SEMICOLON_KEEPING_EMPTY = regex.compile(r"(?:^|(?<=;))[^;]*")
_TOKEN = regex.compile(r"\S+")
# An arrow between a row's cells, from one value to the next ("17,8 → 19,6").
_ARROW = regex.compile(r"→|->|=>|⇒|⟶")
# A note in brackets closing a row, words only ("13,1 → 14,8 (chủ yếu nhờ Thái Nguyên)").
_ROW_NOTE = regex.compile(r"\h+\([^()\d\n]*\p{L}[^()\d\n]*\)\h*$")
_LETTER = regex.compile(r"\p{L}")
_ACRONYM = regex.compile(r"\p{Lu}{2,}[\p{Lu}\d]*")  # "CPI", "IIP", "GRDP": a name's letters, no unit
# A list's item that gives its heading a number after a colon ("- Viễn thông di động: 9.870"),
# and the share a bracket may add after it ("(chiếm 53,6%)", "(18,5%)"): under an ĐVT caption
# such items are a table of one column.
_LISTED_ROW = regex.compile(r"\h*[-–+•*]\h*[^:\n]*\p{L}[^:\n]*:\h*\d")
# A cell's bound as a sign or a word ("≥ 95", "dưới 2,5"): the qualifier it gives.
_BOUND_WORDS = {"≥": ">=", "≤": "<=", "dưới": "<", "trên": ">", "hơn": ">", "tối thiểu": ">=", "ít nhất": ">=",
                "tối đa": "<=", "không quá": "<=", "khoảng": "~"}
_LIST_MARK = regex.compile(r"[-–+•*]\h*")
# Where a header of word headings flattened with single spaces opens its next heading: a capital.
_CAPITAL_OPENING = regex.compile(r"\h+(?=\p{Lu})")
_SHARE_NOTE = regex.compile(r"\h+\((?:[^()\d\n]*\p{L}\h+)?\d[\d.,]*\h?%\)\h*$")
# How many lines above a table may carry its "ĐVT: …" caption or its title.
_CAPTION_REACH = 3
# How many lines above a table its title may name the level it is of (a title of two lines in
# capitals, a note in brackets, a blank line and a caption between).
_TITLE_REACH = 6
# A cell of a space-aligned row is short: a line with a longer run of words is prose.
_MAX_SPACED_CELL = 80
# The longest column heading of a table with one cell per line.
_MAX_STACKED_HEADING = 120
# The longest heading of a value or unit column ("Kế hoạch năm 2024", "So với KH (%)").
_MAX_COLUMN_HEADING = 40
TABLE_RULE = "table.cells"
TABLE_PRIORITY = 100


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Row:
    start: int
    cells: tuple[_Cell, ...]
    spaced: bool = False  # cells apart by runs of spaces (not tabs or bars)
    barred: bool = False  # opened by a bar, taken for a markdown row's ("| a | b |")


@dataclass
class _Column:
    """What a value column's heading says about its cells."""
    role: Optional[str] = None
    qualifier: Optional[str] = None
    unit: Optional[str] = None    # its own unit: "So với KH (%)"
    label: Optional[str] = None   # a transposed table's: the heading without its unit
    scope: Optional[str] = None   # the level a column holds: "Cấp huyện"


@dataclass
class _Line:
    """One row of a table, whatever its layout."""
    heading: Optional[_Cell]
    unit: Optional[_Cell]
    values: list[tuple[int, _Cell]]           # (column, cell)
    qualifier: Optional[str] = None           # a row headed "2025 (ước)"
    role: Optional[str] = None
    width: int = 0                            # a flattened row's number cells, empty ones included
    indent: int = 0                           # a space-aligned row's heading, from its line's start
    excluded: list[Exclusion] = field(default_factory=list)  # its heading's numbering
    numbering: Optional[str] = None           # the cell numbering the row ("I", "1", "1.2")


@dataclass
class _Table:
    lines: list[_Line]
    columns: list[_Column]
    caption_unit: Optional[str] = None
    title: Optional[str] = None
    unit_column: bool = False
    transposed: bool = False
    # Every row a place (a district, a commune, the whole province): the cells are labelled by
    # their column, as the rows only say where.
    by_place: bool = False
    scope: Optional[str] = None   # the level its title restricts it to ("… CỦA UBND CẤP HUYỆN")
    exclusions: list[Exclusion] = field(default_factory=list)
    # A caption's unit for each kind of column ("ĐVT: doanh nghiệp; tỷ lệ: %; số thu: triệu
    # đồng"): (the folded word a column's heading holds, its unit).
    named_units: list[tuple[str, str]] = field(default_factory=list)


class TableReader:
    """The table rules of a rulebook, compiled once."""

    def __init__(self, book: Rulebook, reader: NumberReader, lexicons: dict, unit_name):
        entries = book.section("tables")
        self.enabled = bool(entries)
        self.yields_to: frozenset[str] = frozenset()
        self.listed_openers: tuple[str, ...] = ()
        if not entries:
            return
        entry = entries[-1]
        self.reader, self.unit_name = reader, unit_name

        def pattern(key: str, optional: bool = False) -> Optional[regex.Pattern]:
            if optional and key not in entry:
                return None
            if not isinstance(entry.get(key), str):
                raise RuleError(entry.get("_file", "?"), entry.get("id"), f"needs a '{key}' pattern")
            return compile_pattern({**entry, "pattern": entry[key]}, reader.macros, lexicons)

        self.cell = pattern("cell")
        self.missing = pattern("missing_cell", True)
        self.numbering = pattern("numbering")
        self.caption = pattern("unit_caption")
        self.caption_named_unit = pattern("caption_named_unit", True)
        self.caption_with_exceptions = pattern("caption_with_exceptions", True)
        self.unit_column = pattern("unit_column")
        self.target_column = pattern("target_column")
        self.change_column = pattern("change_column")
        # Optional: a column's own unit ("So với KH (%)"), and columns of levels whose heading
        # names a plan they are compared with ("So với KH", "TH/KH"), not a goal.
        self.column_unit = pattern("column_unit", True)
        self.column_unit_word = pattern("column_unit_word", True)
        self.row_unit = pattern("row_unit", True)
        self.slashed_header = pattern("slashed_header", True)
        self.slashed_row = pattern("slashed_row", True)
        index_unit = entry.get("index_column_unit")
        if index_unit is not None and not (isinstance(index_unit, str) and index_unit.strip()):
            raise RuleError(entry.get("_file", "?"), entry.get("id"), "'index_column_unit' must be a word")
        self.index_column_unit: Optional[str] = index_unit
        self.breakdown_heading = pattern("breakdown_heading", True)
        self.whole_heading = pattern("whole_heading", True)
        self.own_heading = pattern("own_heading", True)
        self.level_column = pattern("level_column", True)
        self.estimate_column = pattern("estimate_column", True)
        self.label_column = pattern("label_column", True)
        self.year_header = pattern("year_header", True)
        self.header_words = pattern("header_words", True)
        self.year_cell = pattern("year_cell", True)
        self.scan = pattern("scan", True)
        self.total_row = pattern("total_row", True)
        self.sub_row = pattern("sub_row", True)
        self.place_row = pattern("place_row", True)
        self.bodies_column = pattern("bodies_column", True)
        self.column_numbers = pattern("column_numbers", True)
        self.scope_row = pattern("scope_row", True)
        self.title_scope = pattern("title_scope", True)
        self.title = pattern("title", True)
        self.caption_line = pattern("caption_line", True)
        self.bilingual = pattern("bilingual", True)
        self.rank_heading = pattern("rank_heading", True)
        self.heading_numbering = pattern("heading_numbering", True)
        self.footnote_mark = pattern("footnote_mark", True)
        self.header_line = pattern("header_line", True)
        self.tail_heading = pattern("tail_heading", True)
        self.header_period = pattern("header_period", True)
        self.column_heading = pattern("column_heading", True)
        self.percent_heading = pattern("percent_heading", True)
        self.rank_column = pattern("rank_column", True)
        self.per_unit_heading = pattern("per_unit_heading", True)
        self.word_header = pattern("word_header", True)
        self.counted_heading = pattern("counted_heading", True)
        self.listed_openers = tuple(entry.get("listed_openers") or ())
        kinds = entry.get("kinds") or {}
        if not isinstance(kinds, dict):
            raise RuleError(entry.get("_file", "?"), entry.get("id"), "'kinds' must map a kind to unit words")
        self.kind_of_unit = {fold(u): (kind, u) for kind, units in kinds.items() for u in units}
        self.yields_to = frozenset(entry.get("yields_to") or ())

    # -- finding tables -------------------------------------------------------------------

    def find(self, text: str) -> list[Find]:
        """Every value in a table cell of `text`, labelled by its row heading."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[list[Find], list[Exclusion]]:
        """The values in the tables of `text`, and the numbers of those tables that are no
        values (header years, row numbers, a unit's 100)."""
        if not self.enabled:
            return [], []
        has_cells = "\t" in text or "|" in text or "  " in text or ";" in text
        # One scan for the lines that may open a table of another layout: a line ending in
        # a year (a header row of years, a transposed row's year) or holding an ĐVT caption.
        hits = list(self.scan.finditer(text)) if self.scan is not None else []
        listed = self._listed_starts(text)
        slashed = self.slashed_header is not None and " / " in text
        if not has_cells and not hits and not listed and not slashed:
            return [], []
        lines = list(_lines(text))
        starts = [s for s, _ in lines]
        year_lines: list[int] = []
        captions: list[tuple[int, regex.Match]] = []
        for hit in hits:
            index = bisect.bisect_right(starts, hit.start()) - 1
            line = lines[index][1]
            if hit.group("year") is not None or hit.group("tail") is not None:
                if not year_lines or year_lines[-1] != index:
                    year_lines.append(index)
            elif not captions or captions[-1][0] != index:
                m = self.caption.search(line)
                if m is not None:
                    captions.append((index, m))
        used: set[int] = set()
        tables: list[_Table] = []
        if has_cells:
            tables.extend(self._delimited(lines, used))
        headers = [i for i in year_lines if self.year_header is not None and self.year_header.fullmatch(lines[i][1])]
        word_headers = [i for i in year_lines if i not in headers and self.word_header is not None and
                        self.word_header.fullmatch(lines[i][1])]
        if headers or captions or word_headers:
            tables.extend(self._flat(lines, headers, captions, used, word_headers))
        opens = [i for i in year_lines if i not in used and self._year_cell(_Cell(0, 0, lines[i][1])) is not None]
        if opens:
            tables.extend(self._stacked(lines, opens, used))
        if listed:
            tables.extend(self._listed(lines, [bisect.bisect_right(starts, at) - 1 for at in listed], used))
        if slashed:
            tables.extend(self._slashed(lines, used))
        finds: list[Find] = []
        exclusions: list[Exclusion] = []
        for table in tables:
            finds.extend(self._finds(table))
            exclusions.extend(table.exclusions)
        return finds, exclusions

    # -- cells apart by tabs, bars or runs of spaces ----------------------------------------

    def _delimited(self, lines, used: set[int]) -> list[_Table]:
        out = []
        run: list[_Row] = []
        wraps: dict[int, _Cell] = {}  # a row's heading going on on the next line
        # A row's heading on the line above (and its indent), its English beside the cells.
        headings_above: dict[int, tuple[_Cell, int]] = {}
        first = 0
        # A line of cells counts only beside another: prose has many a lone double space.
        split = [_may_hold_cells(line) for _, line in lines]
        last = len(lines) - 1
        for index, (start, line) in enumerate(lines):
            row = self._row(start, line) if split[index] and (
                index and split[index - 1] or index < last and split[index + 1] or run
                or index + 1 < last and split[index + 2] and self._heads_translation(lines[index + 1][1], lines, index + 1)
            ) else None
            if row is not None:
                if not run:
                    first = index
                run.append(row)
                continue
            if not run:
                continue
            if ("|" in line or "-" in line) and _RULER.fullmatch(line):
                continue  # a markdown ruler between header and rows
            if run and self._heads_translation(line, lines, index):
                # A bilingual yearbook's row: its heading alone, then the English heading with
                # the cells ("Số thuê bao Internet" / "  Fixed broadband … Nghìn thuê bao 381,5").
                lead = len(line) - len(line.lstrip())
                headings_above[len(run)] = (_Cell(start + lead, start + len(line.rstrip()), line.strip()), lead)
                continue
            if len(run) > 1 and self._wraps(line, lines, index):
                # A long heading wrapped onto a line of its own, in lower case or indented
                # under the heading column: it goes on with the row above.
                lead = len(line) - len(line.lstrip())
                wraps[len(run) - 1] = _Cell(start + lead, start + len(line.rstrip()), line.strip())
                continue
            table = self._delimited_table(run, lines, first, wraps, headings_above)
            if table is not None:
                out.append(table)
                used.update(range(first, index))
            run, wraps, headings_above = [], {}, {}
        table = self._delimited_table(run, lines, first, wraps, headings_above)
        if table is not None:
            out.append(table)
            used.update(range(first, len(lines)))
        return out

    def _unmerged(self, cells: list[_Cell], width: int) -> list[_Cell]:
        """A space-aligned row with fewer cells than its header: a cell that ends in a number
        after a single space ("tỷ đồng 900", where the unit filled its column) is two."""
        k = len(cells) - 1
        while len(cells) < width and k >= 0:
            cell = cells[k]
            cut = cell.text.rfind(" ")
            if cut > 0 and self._is_value(_Cell(0, 0, cell.text[cut + 1:])) and \
                    _LETTER.search(cell.text[:cut]) and not self._is_value(_Cell(0, 0, cell.text[:cut])):
                cells[k:k + 1] = [_Cell(cell.start, cell.start + cut, cell.text[:cut].rstrip()),
                                  _Cell(cell.start + cut + 1, cell.end, cell.text[cut + 1:])]
            k -= 1
        return cells

    def _wraps(self, line: str, lines, index: int) -> bool:
        """Whether a line of one cell goes on with the heading of the row above: words, no
        number, in lower case or indented, and a row or the table's end after it."""
        text = line.strip()
        if not _is_group_heading(line, True) or self.cell.search(text) and _DIGIT.fullmatch(text):
            return False
        after = lines[index + 1][1] if index + 1 < len(lines) else ""
        row_after = bool(after.strip()) and self._row(lines[index + 1][0], after) is not None
        if text[:1].islower():
            return row_after or not after.strip()
        # Indented under the heading column, capitalised ("Cổng DVC tỉnh"): only between rows.
        # A note in brackets under it ("(trừ văn bản mật)") goes on with it too.
        return (line[:2] == "  " or line[:1] == "\t") and (text[:1].isalpha() or text[:1] == "(") and row_after

    def _heads_translation(self, line: str, lines, index: int) -> bool:
        """Whether a line of one cell heads the row below it, whose own heading is its English
        translation: words, no number, and the row after it opening in English."""
        if not _is_group_heading(line) or index + 1 >= len(lines):
            return False
        row = self._row(*lines[index + 1])
        return row is not None and _is_translation(row.cells[0].text)

    def _row(self, start: int, line: str) -> Optional[_Row]:
        separated = "\t" in line or "|" in line
        semicolons = not separated and _is_semicolon_row(line)
        if not (separated or semicolons or "  " in line):
            return None  # one cell: no row
        spaced = not separated and not semicolons
        barred = False
        if spaced:
            parts = list(_CELL_BY_SPACES.finditer(line))
        elif semicolons:
            parts = list(_CELL_BY_SEMICOLON_KEEPING_EMPTY.finditer(line))
        else:
            # Empty cells between separators keep their place, so each cell stays under its
            # column's heading; the bars that open and close a markdown row enclose no cell.
            parts = list(_CELL_BY_SEPARATOR_KEEPING_EMPTY.finditer(line))
            barred = bool(parts) and not parts[0].group().strip() and line.lstrip().startswith("|")
            if barred:
                parts = parts[1:]
            if parts and not parts[-1].group().strip() and line.rstrip().endswith("|"):
                parts = parts[:-1]
        cells = tuple(_Cell(start + m.start() + (len(m.group()) - len(m.group().lstrip())),
                            start + m.start() + len(m.group().rstrip()), m.group().strip())
                      for m in parts)
        filled = [c for c in cells if c.text]
        if spaced and any(len(c.text) > _MAX_SPACED_CELL for c in cells):
            return None  # a line of prose with a double space in it
        if spaced and self.caption_line is not None and self.caption_line.match(line):
            return None  # "Bảng 1. … (ĐVT: %)": a table's caption, its unit set apart by spaces
        if all(_RULER.fullmatch(c.text) for c in filled):
            return None  # a markdown ruler
        # One cell is a row only past the first two columns of a row of tabs or bars: a header's
        # second line heading one column ("| | | DVCTT toàn trình |").
        alone = not spaced and len(filled) == 1 and cells.index(filled[0]) >= 2 and \
            not self._is_caption(filled[0].text)  # "\t\t\tĐơn vị tính: hồ sơ": a caption, no row
        return _Row(start, cells, spaced, barred) if len(filled) >= 2 or alone else None

    def _delimited_table(self, rows: list[_Row], lines, first_line: int,
                         wraps: Optional[dict[int, _Cell]] = None,
                         headings_above: Optional[dict[int, tuple[_Cell, int]]] = None) -> Optional[_Table]:
        if len(rows) < 2 or not any(self._is_value(c) for r in rows[1:] for c in r.cells):
            return None
        rows = self._rejoined(rows)
        header = rows[0] if not any(self._is_value(c) and not _YEAR.fullmatch(c.text) for c in rows[0].cells) \
            else None
        body = rows[1:] if header else rows
        if not any(self._is_value(c) for r in body for c in r.cells):
            return None
        title, numbers = self._title(lines, first_line)
        table = _Table([], [], self._caption_unit(lines, first_line, rows[0]), title, exclusions=numbers,
                       scope=self._title_scope(lines, first_line),
                       named_units=self._caption_named_units(lines, first_line))
        width = max(len(r.cells) for r in rows)
        heads = list(header.cells) if header else []
        below = _subheads(header, body[0], self._is_value) if header is not None and len(body) > 1 else None
        if below is not None:
            # A header on two lines ("Quý I/2024 | | Quý II/2024 |" over "Số lượng | Tỷ lệ (%)",
            # "Ước TH   Năm" over "năm 2025   2026"): each column is headed by the heading
            # spanning it and its own below.
            table.exclusions.extend(x for cell in body[0].cells for x in self._heading_numbers(cell))
            heads = _spanned(heads, below, self.breakdown_heading, self.total_row, self.whole_heading,
                             self.own_heading)
            body = body[1:]
        first_body = len(rows) - len(body)  # the index in `rows` of the first row of values
        # "Đơn vị" heading the first column (after a numbering one) names the bodies the rows are
        # about, not a unit.
        # A first column headed "Hạng" holds each row's rank, no numbering.
        ranked = bool(heads) and self.rank_column is not None and self.rank_column.fullmatch(heads[0].text) is not None
        first = 1 if heads and (ranked or self.numbering.fullmatch(heads[0].text)) else 0
        # A first column merged down its rows in a Word table ("Khu vực": "Thành phố" once, empty
        # cells below) groups the rows, whose bodies the next column names ("Đơn vị").
        grouped = first == 0 and len(heads) > 1 and self.bodies_column is not None and \
            self.bodies_column.fullmatch(heads[1].text) is not None and \
            self.bodies_column.fullmatch(heads[0].text) is None and \
            any(len(r.cells) > 2 and not r.cells[0].text and r.cells[1].text for r in body)
        if grouped:
            first = 1
        unit_col = next((k for k, c in enumerate(heads) if k > first and self.unit_column.fullmatch(c.text)), None)
        # The rows' heading is the cell under "Chỉ tiêu" (not a merged "Nhóm chỉ tiêu" before it), or
        # under the bodies' column of a grouped table.
        heading_col = next((k for k, c in enumerate(heads) if k >= first and self.label_column is not None and
                            self.label_column.fullmatch(c.text)), 1 if grouped else None)
        table.unit_column = unit_col is not None
        table.columns = [self._column(heads[k].text if k < len(heads) else "") for k in range(width)]
        for k, col in enumerate(table.columns):
            col.label = self._without_unit(heads[k].text) if k < len(heads) else None
            if col.unit is None and col.label:
                # "Tỷ lệ nộp thuế điện tử" under "(ĐVT: doanh nghiệp; tỷ lệ: %)": its cells are %.
                words = f" {fold(col.label)} "
                col.unit = next((u for name, u in table.named_units if f" {name} " in words), None)
        if ranked:
            table.columns[0].unit = heads[0].text
        _goals_after_estimate(table.columns, [_year_of(heads[k].text) if k < len(heads) else None
                                              for k in range(width)])
        if header is not None:
            # A header cell names a column: its numbers are no values. Years are dates, a span of
            # time ("6 tháng 2025") a period, anything else ("Lần 2") other.
            for cell in header.cells:
                table.exclusions.extend(self._heading_numbers(cell))
        # A table whose rows are years (the header's first cell "Năm"): the label is the
        # column's heading.
        table.transposed = bool(body) and all(self._year_cell(r.cells[0]) is not None for r in body)
        # A first column counting 1, 2, 3 … numbers the rows (a numbered list laid out in
        # cells is no table of values either).
        firsts = [r.cells[0].text for r in body]
        counting = bool(firsts) and all(t.isdigit() for t in firsts) and \
            [int(t) for t in firsts] == list(range(int(firsts[0]), int(firsts[0]) + len(firsts)))
        for n, row in enumerate(body, first_body):
            if header is not None and n == first_body and self._units_row(row, table.columns):
                continue
            if self._column_numbers(row):
                for cell in row.cells:  # "(1) (2) (3)": the columns' numbers
                    table.exclusions.extend(self._digits(cell, "list"))
                continue
            cells = self._unmerged(list(row.cells), len(heads)) if row.spaced else list(row.cells)
            if row.spaced and header is not None and header.spaced and len(cells) < len(heads) and \
                    cells and cells[0].start > row.start:
                # "     Toàn tỉnh   478   414   82,6" under "TT   Đơn vị   Số trường …": an
                # indented row that leaves its first columns empty keeps its cells under theirs.
                aligned = _under(header, _Row(row.start, tuple(cells), True))
                if len(aligned) == len(header.cells) and not aligned[0].text:
                    cells = aligned
            if row.barred and not rows[0].barred and len(cells) == width - 1:
                # "  | Tổng cộng | 118 | 4.033,4" under rows that open with no bar: the bar
                # closes an empty first cell, not a markdown row's border.
                cells.insert(0, _Cell(row.start, row.start, ""))
            line = _Line(None, None, [])
            numbered = not ranked and (len(cells) > 2 or counting) and self.numbering.fullmatch(cells[0].text) is not None and \
                len(cells) > 1 and not self._is_value(cells[1])
            for k, cell in enumerate(cells):
                if k == 0 and numbered and not table.transposed:
                    table.exclusions.extend(self._digits(cell, "list"))
                    line.numbering = cell.text
                    continue
                if k == 0 and table.transposed:
                    year = self._year_cell(cell)
                    table.exclusions.extend(self._digits(cell, "date"))
                    line.qualifier = self._row_qualifier(year)
                    continue
                if k == unit_col:
                    line.unit = cell
                    continue
                if self._is_value(cell):
                    line.values.append((k, cell))
                elif line.heading is None and cell.text and not self._is_missing(cell) and (
                        heading_col is None or k == heading_col or k > heading_col or
                        heading_col >= len(cells) or not cells[heading_col].text):
                    line.heading, line.excluded = self._unnumbered(cell)
            wrap = (wraps or {}).get(n)
            if wrap is not None and line.heading is not None:
                line.heading = _Cell(line.heading.start, wrap.end, f"{line.heading.text} {wrap.text}")
            above = (headings_above or {}).get(n)
            if above is not None:
                cell, line.indent = above
                line.heading, line.excluded = self._unnumbered(cell)
            elif row.spaced and line.heading is not None:
                line.indent = line.heading.start - row.start
            # A row with its heading and unit but empty cells ("8 | Tỷ lệ văn bản đi được ký số | % |
            # | |") heads the sub-rows under it ("8.1 | - Cấp tỉnh | % | 98 | …"): kept, as their parent.
            parent = not line.values and line.heading is not None and line.unit is not None and \
                not table.transposed
            if line.values and (line.heading is not None or table.transposed) or parent:
                table.lines.append(line)
        bodies = first < len(heads) and self.bodies_column is not None and \
            self.bodies_column.fullmatch(heads[first].text) is not None
        table.by_place = not table.transposed and len(table.lines) >= 2 and \
            sum(1 for c in table.columns if c.label) >= 2 and (bodies or all(self._is_place(line.heading)
                                                                            for line in table.lines))
        return table if table.lines else None

    def _rejoined(self, rows: list[_Row]) -> list[_Row]:
        """Rows whose heading a PDF or Word wrapped: a row of its number and the heading's first
        line alone ("2\tTỷ lệ hộ gia đình có kết nối Internet"), then a row opened by an empty
        cell that goes on with it in lower case and holds the cells ("\tcáp quang\t%\t85\t81,6").
        The two are one row, its heading joined."""
        out: list[_Row] = []
        n = 0
        while n < len(rows):
            row = rows[n]
            nxt = rows[n + 1] if n + 1 < len(rows) else None
            filled = [c for c in row.cells if c.text]
            if nxt is not None and not row.spaced and not nxt.spaced and len(filled) == 2 and \
                    row.cells[0].text and self.numbering.fullmatch(row.cells[0].text) and \
                    not self._is_value(row.cells[1]) and _LETTER.search(row.cells[1].text) and \
                    len(nxt.cells) > 2 and not nxt.cells[0].text and nxt.cells[1].text[:1].islower() and \
                    not self._is_value(nxt.cells[1]) and any(self._is_value(c) for c in nxt.cells[2:]):
                head = _Cell(row.cells[1].start, nxt.cells[1].end, f"{row.cells[1].text} {nxt.cells[1].text}")
                out.append(_Row(row.start, (row.cells[0], head) + tuple(nxt.cells[2:]), row.spaced, row.barred))
                n += 2
                continue
            out.append(row)
            n += 1
        return out

    def _is_caption(self, text: str) -> bool:
        """Whether a cell is an ĐVT caption and nothing more ("Đơn vị tính: hồ sơ")."""
        m = self.caption.search(text)
        return m is not None and m.start() <= 1 and not text[m.end():].strip(" )")

    def _column_numbers(self, row: _Row) -> bool:
        """A row that only numbers the columns: "(1) (2) (3) (5)=(4)/(3)", or a form's
        "A B C 1 2 3 4" (letters for the columns of words, then 1, 2, 3 … counting)."""
        filled = [c.text for c in row.cells if c.text]
        if self.column_numbers is None or len(filled) < 2 or \
                not all(self.column_numbers.fullmatch(t) for t in filled):
            return False
        bare = [int(t) for t in filled if t.isdigit()]
        return not bare or len(filled) >= 3 and bare == list(range(1, len(bare) + 1)) and \
            all(not t.isdigit() for t in filled[:len(filled) - len(bare)])

    def _units_row(self, row: _Row, columns: list[_Column]) -> bool:
        """A row under the header that gives each column its unit, opened by "ĐVT"
        ("|ĐVT|Trạm|km|%|thuê bao/100 dân"): the columns take them, and it holds no values."""
        filled = [(k, c) for k, c in enumerate(row.cells) if c.text]
        if len(filled) < 2 or not self.unit_column.fullmatch(filled[0][1].text) or \
                any(self._is_value(c) for _, c in filled[1:]):
            return False
        for k, cell in filled[1:]:
            if k < len(columns) and columns[k].unit is None:
                columns[k].unit = cell.text
        return True

    def _is_place(self, heading: Optional[_Cell]) -> bool:
        """Whether a row heading names a place or the whole: "Huyện Mỹ Lộc", "Toàn tỉnh"."""
        if heading is None or self.place_row is None or self.total_row is None:
            return False
        text = self._strip_bilingual(heading.text)
        return self.place_row.fullmatch(text) is not None or self.total_row.fullmatch(text) is not None

    # -- flattened tables, cells apart by single spaces ---------------------------------------

    def _flat(self, lines, headers: list[int], captions, used: set[int], word_headers: list[int]) -> list[_Table]:
        """Tables under a header row of years, a header row of word headings, or an ĐVT caption
        without a header."""
        out = []
        for index in word_headers:
            table = self._word_header_table(lines, index, used) if index not in used else None
            if table is not None:
                out.append(table)
        for index in headers:
            if index in used:
                continue
            table = self._flat_table(lines, index, True, used)
            if table is not None:
                out.append(table)
        for index, m in captions:
            if index in used or index + 1 >= len(lines) or index + 1 in used:
                continue
            if not self._caption_alone(lines[index][1], m):
                continue  # a caption inside a sentence
            table = self._flat_table(lines, index, False, used)
            if table is not None:
                out.append(table)
        return out

    @staticmethod
    def _caption_alone(line: str, m) -> bool:
        """Whether the caption opens or ends its line ("(ĐVT: %)", "Biểu 1. … (ĐVT: %)",
        "Đơn vị tính: Nghìn thuê bao - Unit: …"), as captions stand, not inside a sentence."""
        before = line[:m.start()].strip()
        after = line[m.end():].strip()
        # A caption in brackets may close a title that leads to its list: "Cơ cấu doanh thu
        # theo mảng (ĐVT: tỷ đồng):" over "- Viễn thông di động: 9.870 (chiếm 53,6%)".
        return before in ("", "(") or not after or after.startswith(("-", "–")) or after in (")", "):")

    def _flat_table(self, lines, index: int, header: bool, used: set[int]) -> Optional[_Table]:
        """The rows after line `index` (a header of years, or a caption): each ends in the
        same number of number cells."""
        start, line = lines[index]
        columns: list[_Column] = []
        exclusions: list[Exclusion] = []
        unit_column = False
        if header:
            years = list(_YEAR.finditer(line))
            lead = line[:years[0].start()]
            unit_column = self.unit_column.search(lead) is not None
            above = lines[index - 1][1] if index else ""
            # The header's line of words above the years heads them too, where it stands over
            # their column ("Ước TH" over "năm 2025"); a line with numbers is no header's.
            over_years = "" if _DIGIT.search(above) else above
            if not unit_column and self.header_line is not None and self.header_line.fullmatch(above):
                # The headings of the label and unit columns on a line of their own, above
                # the years ("Chỉ tiêu ĐVT" / "2022 2023 2024").
                unit_column = self.unit_column.search(above) is not None
            for i, m in enumerate(years):
                before = line[(years[i - 1].end() if i else years[0].start()):m.start()]
                after = line[m.end():years[i + 1].start() if i + 1 < len(years) else len(line)]
                note = after[:after.index(")") + 1] if after.lstrip().startswith("(") and ")" in after else ""
                if i and before.lstrip().startswith("("):
                    before = before[before.index(")") + 1:] if ")" in before else before
                words = self._first_column_words(lead) if i == 0 else before
                x0 = years[i - 1].end() if i else len(lead) - len(words.lstrip())
                over = over_years[x0:m.end()].strip()
                columns.append(self._column(f"{over} {words} {m.group()} {note}"))
                exclusions.append(Exclusion(TABLE_RULE, "date", start + m.start(), start + m.end()))
            _goals_after_estimate(columns, [int(m.group()) for m in years])
            # Columns after the years that compare them: "So sánh 2024/2023 (%)", "Tăng (%)".
            tail_from = years[-1].end()
            for m in self.tail_heading.finditer(line, tail_from) if self.tail_heading is not None else ():
                col = self._column(m.group())
                if col.unit is None and m.group().rstrip().endswith("%"):
                    col.unit = "%"
                columns.append(col)
                exclusions.extend(self._digits(_Cell(start + m.start(), start + m.end(), m.group()), "date"))
        caption_unit = self._caption_unit(lines, index + (0 if header else 1), None)
        rows: list[_Line] = []
        k = len(columns) or None
        at = index + 1
        while at < len(lines) and at not in used:
            parsed = self._flat_row(*lines[at], k, unit_column)
            if parsed is None:
                following = self._flat_row(*lines[at + 1], k, unit_column) \
                    if at + 1 < len(lines) and at + 1 not in used and _is_group_heading(lines[at][1], True) else None
                wrapped = following is not None and following.heading is not None and (
                    following.heading.text[:1].islower() or _is_translation(following.heading.text))
                if following is None or not wrapped and not _is_group_heading(lines[at][1]):
                    break
                if wrapped:
                    # A row heading broken over two lines, as a PDF wraps a long one: the line
                    # without numbers opens it, the row's words in lower case go on with it.
                    first_start, first_line = lines[at]
                    lead = len(first_line) - len(first_line.lstrip())
                    if _is_translation(following.heading.text):
                        # A bilingual yearbook's row: its heading, then the English line that
                        # holds the cells ("Số thuê bao Internet" / "Fixed broadband … 381,5").
                        joined = _Cell(first_start + lead, first_start + len(first_line.rstrip()), first_line.strip())
                    else:
                        joined = _Cell(first_start + lead, following.heading.end,
                                       first_line.strip() + " " + following.heading.text)
                    following.heading, numbering = self._unnumbered(joined)
                    following.excluded = following.excluded + numbering
                    if k is None:
                        k = following.width
                    rows.append(following)
                # Else a group heading between rows ("I. Hạ tầng số"): the row follows it.
                at += 2 if wrapped else 1
                continue
            if k is None:
                k = parsed.width
            rows.append(parsed)
            at += 1
        title, numbers = self._title(lines, index)
        # One row is a table only under a title, a unit caption and a header of years that its
        # cells fill ("370. Mật độ thuê bao …" / "Đơn vị tính: …" / "2020 … Sơ bộ 2024" /
        # "Toàn tỉnh 20,9 23,5 25,6 27,5 29,0").
        alone = header and len(rows) == 1 and len(columns) >= 2 and rows[0].width == len(columns) and \
            title is not None and caption_unit is not None
        # Under a caption alone, one column only where each row is a list's item "- X: N".
        listed = not header and all(_LISTED_ROW.match(lines[i][1]) or not _DIGIT.search(lines[i][1])
                                    for i in range(index + 1, at))
        if len(rows) < 2 and not alone or (k or 0) < (1 if header or listed else 2):
            return None
        if listed:
            for row in rows:  # every row a list's item: none is another's sub-row
                if row.heading is not None:
                    dash = _LIST_MARK.match(row.heading.text)
                    if dash and dash.end() < len(row.heading.text):
                        row.heading = _Cell(row.heading.start + dash.end(), row.heading.end,
                                            row.heading.text[dash.end():])
        used.update(range(index, at))
        table = _Table(rows, columns or [_Column() for _ in range(k)], caption_unit, title, unit_column,
                       exclusions=exclusions + numbers, scope=self._title_scope(lines, index))
        return table

    def _word_header_table(self, lines, index: int, used: set[int]) -> Optional[_Table]:
        """The rows under a header of word headings flattened with single spaces, each heading
        opening on a capital ("TT Cơ quan chủ trì Số nhiệm vụ được giao Đã hoàn thành Đang thực
        hiện Chậm tiến độ Tỷ lệ hoàn thành (%)"): the last headings head the number cells each
        row ends in, the first one or two its numbering and its heading, a body or a place (so
        each cell is labelled by its column). A column that names no unit counts what the count
        column before it names ("Đã hoàn thành" after "Số nhiệm vụ được giao": nhiệm vụ)."""
        headings = _CAPITAL_OPENING.split(lines[index][1].strip())
        rows: list[_Line] = []
        k: Optional[int] = None
        at = index + 1
        while at < len(lines) and at not in used:
            row = self._flat_row(*lines[at], k, False)
            if row is None:
                break
            k = k or row.width
            rows.append(row)
            at += 1
        if len(rows) < 2 or k is None or not 1 <= len(headings) - k <= 2:
            return None
        columns: list[_Column] = []
        noun: Optional[str] = None
        for heading in headings[-k:]:
            column = self._column(heading)
            column.label = self._without_unit(heading)
            counted = self.counted_heading.match(column.label) if self.counted_heading is not None else None
            noun = counted.group("noun") if counted is not None else noun
            share = self.percent_heading is not None and self.percent_heading.match(column.label) is not None
            if column.unit is None and not share:
                column.unit = noun
            columns.append(column)
        used.update(range(index, at))
        return _Table(rows, columns, by_place=True, scope=self._title_scope(lines, index))

    def _first_column_words(self, lead: str) -> str:
        """The words of a header before its first year that head that year's column
        ("Chỉ tiêu ĐVT Ước 2024": "Ước")."""
        m = self.unit_column.search(lead)
        if m:
            return lead[m.end():]
        m = self.label_column.match(lead) if self.label_column is not None else None
        return lead[m.end():] if m else lead

    def _flat_row(self, start: int, line: str, k: Optional[int], unit_column: bool) -> Optional[_Line]:
        note = _ROW_NOTE.search(line) if line.endswith(")") else None
        if note is None and line.endswith(")") and _LISTED_ROW.match(line):
            note = _SHARE_NOTE.search(line)
        # Cells joined by arrows read as cells apart ("Đông Nam Bộ: 15,9 → 17,2").
        tokens = [m for m in _TOKEN.finditer(line, 0, note.start() if note else len(line))
                  if not _ARROW.fullmatch(m.group())]
        numbers = 0
        for m in reversed(tokens):
            text = m.group()
            if self.cell.fullmatch(text) or self._is_missing_text(text):
                numbers += 1
                if k is not None and numbers == k:
                    break
            else:
                break
        if numbers < 1 or (k is not None and numbers != k) or numbers == len(tokens):
            return None
        cells = tokens[len(tokens) - numbers:]
        head_end = tokens[len(tokens) - numbers - 1].end()
        if line[head_end - 1] == ":":
            head_end -= 1  # "Đông Nam Bộ: 15,9 → 17,2": the colon only leads to the cells
        head_text = line[:head_end]
        if not _LETTER.search(head_text):
            return None
        lead = len(head_text) - len(head_text.lstrip())
        heading, excluded = self._unnumbered(_Cell(start + lead, start + head_end, head_text.strip()))
        unit = None
        if unit_column:
            heading, unit = self._split_unit(heading)
        values = [(j, _Cell(start + m.start(), start + m.end(), m.group())) for j, m in enumerate(cells)
                  if self.cell.fullmatch(m.group())]
        if not values:
            return None
        return _Line(heading, unit, values, width=numbers, excluded=excluded)

    @staticmethod
    def _lower_case_unit(words: list[str]) -> Optional[int]:
        """Where an ĐVT cell in lower case starts at the end of a flattened row's heading: the
        noun the heading counts, said again ("Số trạm BTS trạm", "Hộ có cáp quang hộ",
        "Mật độ thuê bao thuê bao/100 dân"), or a per-unit ("TB/100 dân")."""
        plain = [fold(w.strip(",;:")) for w in words]
        slash = next((i for i in range(len(words) - 1, max(0, len(words) - 4), -1) if "/" in words[i]), None)
        if slash is not None:
            plain[slash] = plain[slash].split("/")[0]
            end = slash + 1
        else:
            end = len(words)
        for n in (3, 2, 1):
            cut = end - n
            if cut < 1:
                continue
            tail = plain[cut:end]
            if tail[0] == "số" and n > 1:
                continue  # "… công nghệ số doanh nghiệp": "số" closes the heading, no unit opens on it
            if any(plain[k:k + n] == tail for k in range(0, cut - n + 1)):
                return cut
        return slash

    def _unnumbered(self, heading: _Cell) -> tuple[_Cell, list[Exclusion]]:
        """A row heading without the number it opens with ("1. Tỷ lệ …", "II. Hạ tầng …") and
        the footnote mark it ends with ("Tỷ lệ hộ có kết nối Internet(1)"), and those numbers
        as list numbers."""
        excluded: list[Exclusion] = []
        mark = self.footnote_mark.search(heading.text) if self.footnote_mark is not None else None
        if mark is not None and mark.start() > 0:
            excluded = self._digits(_Cell(heading.start + mark.start(), heading.start + mark.end(), mark.group()),
                                    "list")
            heading = _Cell(heading.start, heading.end, heading.text[:mark.start()] + heading.text[mark.end():])
        m = self.heading_numbering.match(heading.text) if self.heading_numbering is not None else None
        if m is None or m.end() >= len(heading.text):
            return heading, excluded
        number = _Cell(heading.start + m.start(), heading.start + m.end(), m.group())
        return _Cell(heading.start + m.end(), heading.end, heading.text[m.end():]), \
            self._digits(number, "list") + excluded

    def _split_unit(self, heading: _Cell) -> tuple[_Cell, Optional[_Cell]]:
        """A flattened row's heading and its ĐVT cell: "Số trạm BTS Trạm" -> "Số trạm BTS",
        "Trạm". The unit starts at the last capitalised word that follows a word in lower
        case (statistics tables capitalise the unit cell), or is a unit sign ("%", "Mbps")."""
        text = self._strip_bilingual(heading.text)
        if self.sub_row is not None and self.sub_row.fullmatch(text):
            return heading, None
        words = list(_TOKEN.finditer(text))
        if len(words) < 2:
            return heading, None
        cut = None
        last = words[-1].group()
        if fold(last) in self.kind_of_unit or last == "%":
            cut = len(words) - 1
            if len(words) > 2 and fold(words[-2].group()) in self.reader.scales:
                cut -= 1
        else:
            for i in range(len(words) - 1, 0, -1):
                if not _capitalised(words[i].group()):
                    continue
                j = i
                while j > 0 and _capitalised(words[j - 1].group()):
                    j -= 1
                # A run of capitalised words is a name ("Lào Cai"), unless a scale word opens
                # the unit inside it ("Viettel Tỷ đồng").
                scaled = [n for n in range(j, i + 1) if fold(words[n].group()) in self.reader.scales]
                cut = scaled[0] if scaled else i if j == i else None
                break
            if cut is None:
                cut = self._lower_case_unit([w.group() for w in words])
        if cut is None or cut == 0 or len(words) - cut > 4 or "(" in text[words[cut].start():]:
            return heading, None
        head_end = words[cut - 1].end()
        unit_start = words[cut].start()
        return (_Cell(heading.start, heading.start + head_end, text[:head_end].strip()),
                _Cell(heading.start + unit_start, heading.start + len(text), text[unit_start:].strip()))

    # -- a list whose items hold their cells apart by slashes -----------------------------------

    def _slashed(self, lines, used: set[int]) -> list[_Table]:
        """Items under a heading that names their columns in brackets, apart by slashes ("KẾT
        QUẢ MỘT SỐ CHỈ TIÊU (Kế hoạch / Thực hiện / So KH)"), each "- Heading (unit): 610 / 688,4 /
        112,9%": a table whose row headings end at the colon; a word in place of a number
        ("đạt", "vượt") is an empty cell."""
        out: list[_Table] = []
        for index, (start, line) in enumerate(lines):
            if index in used or "/" not in line:
                continue
            m = self.slashed_header.search(line)
            if m is None:
                continue
            heads = [h.strip() for h in m.group("columns").split("/")]
            columns = [self._column(h) for h in heads]
            if not any(c.role is not None for c in columns):
                continue  # "(Hà Nội / TP.HCM)": places, not a plan and its result
            rows: list[_Line] = []
            at = index + 1
            while at < len(lines) and at not in used:
                row_start, row = lines[at]
                item = self.slashed_row.fullmatch(row)
                if item is None:
                    break
                parts = list(regex.finditer(r"[^/]+", row[item.start("cells"):item.end("cells")]))
                if len(parts) != len(heads):
                    break
                values: list[tuple[int, _Cell]] = []
                for k, part in enumerate(parts):
                    text = part.group().strip()
                    if self.cell.fullmatch(text):
                        lead = len(part.group()) - len(part.group().lstrip())
                        cell_start = row_start + item.start("cells") + part.start() + lead
                        values.append((k, _Cell(cell_start, cell_start + len(text), text)))
                    elif _DIGIT.search(text):
                        values = []
                        break
                if not values:
                    break
                heading = _Cell(row_start + item.start("head"), row_start + item.end("head"), item.group("head"))
                rows.append(_Line(heading, None, values, width=len(heads)))
                at += 1
            if len(rows) < 2:
                continue
            used.update(range(index, at))
            out.append(_Table(rows, columns))
        return out

    # -- one cell per line, rows opened by their year ------------------------------------------

    def _stacked(self, lines, opens: list[int], used: set[int]) -> list[_Table]:
        return _one_cell_per_line(lines, opens, used, self._stacked_table)

    def _stacked_table(self, cells, at: int, used: set[int]) -> Optional[_Table]:
        """The table whose first row opens at cells[at] (a year): k number lines follow each
        year, and the k lines before the first year are the column headings."""
        k = 0
        while at + 1 + k < len(cells) and self._is_value(_Cell(0, 0, cells[at + 1 + k][2])) \
                and self._year_cell(_Cell(0, 0, cells[at + 1 + k][2])) is None:
            k += 1
        if k < 1 or at - k < 0:
            return None
        headings = cells[at - k:at]
        if any(self._is_value(_Cell(0, 0, l)) or len(l.strip()) > _MAX_STACKED_HEADING or _YEAR.search(l)
               for _, _, l in headings):
            return None
        columns = []
        for _, _, l in headings:
            col = self._column(l.strip())
            col.label = self._without_unit(l.strip())
            columns.append(col)
        table = _Table([], columns, transposed=True)
        n = at
        while n + k < len(cells):
            i, s, l = cells[n]
            year = self._year_cell(_Cell(s, s + len(l), l.strip()))
            group = cells[n + 1:n + 1 + k]
            if year is None or len(group) < k or \
                    not all(self._is_value(_Cell(0, 0, g)) and self._year_cell(_Cell(0, 0, g)) is None
                            for _, _, g in group):
                break
            lead = len(l) - len(l.lstrip())
            cell = _Cell(s + lead, s + len(l.rstrip()), l.strip())
            table.exclusions.extend(self._heading_numbers(cell))
            values = []
            for j, (_, gs, g) in enumerate(group):
                lead = len(g) - len(g.lstrip())
                values.append((j, _Cell(gs + lead, gs + len(g.rstrip()), g.strip())))
            table.lines.append(_Line(None, None, values, qualifier=self._row_qualifier(year)))
            used.update(c[0] for c in cells[n:n + 1 + k])
            n += 1 + k
        if len(table.lines) < 2:
            return None
        used.update(c[0] for c in headings)
        table.title, numbers = self._title([(s, l) for _, s, l in cells], at - k)
        table.exclusions.extend(numbers)
        table.caption_unit = None
        return table

    # -- one cell per line, rows of indicators under the column headings ----------------------

    def _listed_starts(self, text: str) -> list[int]:
        """Where a line holds nothing but the heading of a label column ("Chỉ tiêu"): a table
        with one cell per line may open there. Found with str.find, as such a line is rare."""
        out = []
        for word in self.listed_openers:
            at = text.find(word)
            while at >= 0:
                line_start = text.rfind("\n", 0, at) + 1
                line_end = text.find("\n", at)
                line_end = len(text) if line_end < 0 else line_end
                if not text[line_start:at].strip() and not text[at + len(word):line_end].strip():
                    out.append(line_start)
                at = text.find(word, at + len(word))
        return sorted(set(out))

    def _listed(self, lines, opens: list[int], used: set[int]) -> list[_Table]:
        return _one_cell_per_line(lines, opens, used, self._listed_table)

    def _listed_table(self, cells, at: int, used: set[int]) -> Optional[_Table]:
        """The table under cells[at] (its label column's heading): the other columns' headings
        on the lines after it, then each row as that many lines — its heading (after its
        number, if any), its unit when there is an ĐVT column, its values."""
        def cell_at(n: int) -> _Cell:
            _, s, l = cells[n]
            lead = len(l) - len(l.lstrip())
            return _Cell(s + lead, s + len(l.rstrip()), l.strip())

        headings: list[_Cell] = []
        j = at + 1
        while j < len(cells) and self.column_heading is not None:
            head = cell_at(j)
            if len(head.text) > _MAX_COLUMN_HEADING or self._is_value(head) or \
                    not self.column_heading.fullmatch(head.text):
                break
            headings.append(head)
            j += 1
        unit_col = next((h for h, c in enumerate(headings) if self.unit_column.fullmatch(c.text)), None)
        if len([h for h in range(len(headings)) if h != unit_col]) < 1:
            return None
        table = _Table([], [self._column(c.text) for c in headings], unit_column=unit_col is not None)
        for head in headings:
            table.exclusions.extend(self._heading_numbers(head))
        n = j
        first = at
        while n < len(cells):
            numbered = self.numbering.fullmatch(cells[n][2]) is not None and n + 1 < len(cells) and \
                not self._is_value(cell_at(n + 1))
            group = [cell_at(m) for m in range(n + numbered, min(len(cells), n + numbered + 1 + len(headings)))]
            if len(group) < 1 + len(headings):
                break
            heading, rest = group[0], group[1:]
            if not _LETTER.search(heading.text) or self._is_value(heading) or len(heading.text) > _MAX_STACKED_HEADING:
                break
            line = _Line(None, None, [])
            line.heading, line.excluded = self._unnumbered(heading)
            ok = True
            for h, cell in enumerate(rest):
                if h == unit_col:
                    ok = ok and not self._is_value(cell) and len(cell.text) <= _MAX_COLUMN_HEADING
                    line.unit = cell
                elif self._is_value(cell):
                    line.values.append((h, cell))
                elif not (self._is_missing(cell) or len(cell.text) <= 20 and not _DIGIT.search(cell.text)):
                    ok = False  # a short word ("Đạt", "Vượt") may stand in a column; a sentence not
            if not ok or not line.values:
                break
            if numbered:
                line.excluded = line.excluded + self._digits(cell_at(n), "list")
            table.lines.append(line)
            n += numbered + 1 + len(headings)
        if len(table.lines) < 2:
            return None
        used.update(cells[m][0] for m in range(first, n))
        above = [(s, l) for _, s, l in cells]
        table.title, numbers = self._title(above, at)
        table.exclusions.extend(numbers)
        table.caption_unit = self._caption_unit(above, at, None)
        return table

    # -- from rows to values ---------------------------------------------------------------

    def _finds(self, table: _Table) -> list[Find]:
        out: list[Find] = []
        parent_label: Optional[str] = None
        parent_unit: Optional[str] = None
        parent_indent = 0
        breakdown = False
        group_scope: Optional[str] = None  # the level a group's row names ("II  CẤP HUYỆN")
        for n, line in enumerate(table.lines):
            label, scope, unit_text = None, None, None
            if not table.transposed:
                heading = self._strip_bilingual(line.heading.text) if line.heading else None
                if heading is None:
                    continue
                # "Kim ngạch xuất khẩu (triệu USD) | 2.167 | 23.109": a row with no ĐVT cell of
                # its own names its unit in brackets after its heading.
                own_unit = None
                if line.unit is None:
                    heading, own_unit = self._heading_unit(heading, self._captions_every_row(table.caption_unit))
                scope = self._level(heading)
                # Rows numbered 1, 2, … under a group's row numbered I, II, … that names a level
                # ("I  CẤP TỈNH" / "1  Sở Y tế") are of that level; a row numbered by no one (a
                # total) ends the group.
                if line.numbering is None or _ROMAN.fullmatch(line.numbering):
                    group_scope = scope if line.numbering is not None else None
                else:
                    scope = scope or group_scope
                # A sub-row: named as one, without the unit its parent has, or (in a table
                # aligned by spaces) indented under its parent.
                sub = scope is not None or (self.sub_row is not None and self.sub_row.fullmatch(heading)) or \
                    (table.unit_column and line.unit is None and parent_unit is not None) or \
                    (parent_label is not None and line.indent > parent_indent)
                total = table.title is not None and self.total_row is not None and \
                    self.total_row.fullmatch(heading) is not None
                if n == 0 and total:
                    breakdown = True
                    parent_label = table.title
                if breakdown:
                    label = parent_label
                elif sub and parent_label is not None:
                    label = parent_label
                elif (sub and n == 0 or total) and table.title:
                    # Districts (or a total row) with no row above to break down: what the
                    # table's title names.
                    label = table.title
                    if n == 0:
                        parent_label = table.title
                else:
                    label = heading
                    parent_label = heading
                    parent_unit = self._strip_bilingual(line.unit.text) if line.unit else own_unit
                    parent_indent = line.indent
                unit_text = self._strip_bilingual(line.unit.text) if line.unit else \
                    own_unit or (parent_unit if sub else None)
            for k, cell in line.values:
                column = table.columns[k] if k < len(table.columns) else _Column()
                cell_label = column.label if table.transposed or table.by_place and column.label else label
                if table.by_place and column.label and table.title and not self._names_measure(column.label):
                    # Rows of places or bodies under columns of periods ("Tháng 9/2024"): what
                    # is measured is what the table's title names.
                    cell_label = table.title
                if not cell_label:
                    continue
                unit = column.unit or unit_text or table.caption_unit
                m = self.cell.fullmatch(cell.text)
                find = self._cell_find(cell, m, cell_label, unit, column.role or line.role,
                                       line.qualifier or column.qualifier, scope or column.scope or table.scope)
                out.extend(find)
            if line.unit is not None:
                table.exclusions.extend(self._digits(line.unit, "unit"))
            table.exclusions.extend(line.excluded)
        return out

    def _captions_every_row(self, caption_unit: Optional[str]) -> bool:
        """Whether an ĐVT caption's unit is every row's, not only that of rows naming none
        ("ĐVT: lượt, trừ dòng có ghi chú")."""
        return caption_unit is not None and not (
            self.caption_with_exceptions is not None and self.caption_with_exceptions.search(caption_unit))

    def _heading_unit(self, heading: str, captioned: bool) -> tuple[str, Optional[str]]:
        """A row heading without the unit it names in brackets, and that unit: "Diện tích (km²)"
        -> "Diện tích", "km²"; "Dân số (triệu người)", "Số xã đạt chuẩn (xã)". A note in brackets
        is no unit: a name's letters ("Chỉ số giá tiêu dùng (CPI)"), a share's words ("Tỷ lệ hồ
        sơ (toàn trình)": a share's unit is "%" alone), a place's "(cũ)". Under a caption naming
        the unit ("ĐVT: %"), only a unit the rules know is the row's own: "(mobile app)" is a
        gloss."""
        m = self.row_unit.search(heading) if self.row_unit is not None else None
        if m is None or m.start() == 0:
            return heading, None
        unit = m.group("unit").strip()
        words = unit.split()
        rest = [w for w in words if fold(w) not in self.reader.scales]
        known = unit == "%" or "/" in unit or fold(unit) in self.kind_of_unit or \
            (rest and fold(" ".join(rest)) in self.kind_of_unit)
        share = self.percent_heading is not None and self.percent_heading.match(heading) is not None
        if not known and (captioned or share or not rest or any(_ACRONYM.fullmatch(w) for w in rest) or len(rest) > 2):
            return heading, None
        return heading[:m.start()].rstrip(), unit

    def _names_measure(self, heading: Optional[str]) -> bool:
        """Whether a column's heading names what is measured ("Số mã vùng trồng", "Diện tích"),
        not a year, a plan or a result ("Năm 2024", "Kế hoạch", "Thực hiện")."""
        return bool(heading) and _LETTER.search(heading) is not None and _YEAR.search(heading) is None and \
            (self.column_heading is None or self.column_heading.fullmatch(heading) is None)

    def _cell_find(self, cell: _Cell, m, label: str, unit: Optional[str], role: Optional[str],
                   qualifier: Optional[str], scope: Optional[str]) -> list[Find]:
        """The value of a cell; two for a range ("90-95", "140 – 160"): its lower bound (>=) and
        its upper (<=), as a range in a sentence gives (SPEC section 3)."""
        per = self.per_unit_heading.search(label) if self.per_unit_heading is not None else None
        if per is not None and not m.group("percent") and not m.group("total"):
            # "Số thuê bao băng rộng di động/100 dân | thuê bao": a rate per the heading's
            # denominator, named by the heading before it.
            label, unit = label[:per.start()].rstrip(), f"{unit}/{per.group('per')}" if unit else None
        kind, unit_out, number = self._kind(unit, label, bool(m.group("percent")))
        if kind == "rank" and self.rank_heading is not None:
            label = self.rank_heading.sub("", label, count=1) or label  # what is ranked
        try:
            value = self.reader.read(m.group("num") + number)
            total = self.reader.read(m.group("total")) if m.group("total") else None
            high = self.reader.read(m.group("num2") + number) if m.group("num2") else None
        except ValueError:
            return []
        if total is not None:
            if kind not in ("count", "fraction") or total < value:
                return []  # "18/11" in a cell is a date, not a part of a whole
            kind = "fraction"

        def find(group: str, start: int, end: int, value: float, total: Optional[float],
                 qualifier: Optional[str]) -> Find:
            """The value whose number is `group`, its span `start`-`end` in the cell."""
            return Find(TABLE_RULE, kind, cell.start + start, cell.start + end, value, total, unit_out,
                        cell.start + m.start(group), cell.start + m.end(group), cell.start, cell.end, TABLE_PRIORITY,
                        qualifier=qualifier, role=role or "level", label=label, scope=scope)

        percent_end = m.end("percent") if m.group("percent") else None
        if high is not None:
            if high <= value or kind == "rank":
                return []  # "2024-2023", "15-3": no range of values
            return [find("num", m.start("num"), m.end("num"), value, None, ">="),
                    find("num2", m.start("num2"), percent_end or m.end("num2"), high, None, "<=")]
        start = m.start("num")
        if m.group("sign") in ("-", "−") and (role or "level") == "change":
            # A fall in a column of rises and falls keeps its sign: "Tăng/giảm (%)" -5,6 is -5.6.
            value, start = -value, m.start("sign")
        end = percent_end or (m.end("total") if total is not None else m.end("num"))
        bound = m.group("bound")
        if bound:
            qualifier = _BOUND_WORDS.get(bound.lower(), bound)
        return [find("num", start, end, value, total, qualifier)]

    def _kind(self, unit: Optional[str], label: str, has_percent: bool) -> tuple[str, Optional[str], str]:
        """(kind, unit, scale words to read with the number) from a unit heading."""
        if has_percent:
            return "percent", "%", ""
        share = self.percent_heading is not None and self.percent_heading.match(label) is not None
        if unit is not None and "," in unit:
            # "(ĐVT: hồ sơ, %)": a unit for each kind of row — "%" for a share's.
            units = [u.strip() for u in unit.split(",") if u.strip()]
            unit = next((u for u in units if (u == "%") == share), units[0] if units else None)
        if unit is None:
            return ("percent", "%", "") if share else ("count", None, "")
        unit = self._strip_bilingual(unit).strip()
        folded = fold(unit)
        known = self.kind_of_unit.get(folded)
        if known is not None and known[0] == "percent":
            return "percent", "%", ""
        words = unit.split()
        scale_words = []
        while words and fold(words[0]) in self.reader.scales:
            scale_words.append(words.pop(0))
        scale = " " + " ".join(scale_words) if scale_words else ""
        if "/" in unit:
            # "Thuê bao/100 dân", "TB/100 dân": a rate's whole unit; its scale words multiply
            # the cells as in a sentence ("ĐVT: triệu đồng/m2": 112,4 is 112400000 đồng/m2).
            return "rate", " ".join(words) if scale_words and words else unit, scale if words else ""
        rest = " ".join(words)
        known = self.kind_of_unit.get(fold(rest)) if rest else None
        if known is None and not rest:
            known = self.kind_of_unit.get(folded)  # "Tỷ" alone: money
            scale = ""
        kind = known[0] if known else None
        if kind == "money":
            money_words = unit.split()
            scale_m = " ".join(w for w in money_words if fold(w) in self.reader.scales)
            currency = " ".join(w for w in money_words if fold(w) not in self.reader.scales) or "đồng"
            return "money", self.unit_name(currency), " " + scale_m if scale_m else ""
        if kind == "rank":
            return "rank", None, ""
        if kind is not None:
            return kind, self.unit_name(known[1]), scale
        return "count", rest or unit, scale

    # -- headings --------------------------------------------------------------------------

    def _column(self, heading: str) -> _Column:
        col = _Column()
        if self.level_column is not None and self.level_column.search(heading):
            col.role = "level"
        elif self.target_column.search(heading):
            col.role = "target"
        elif self.change_column.search(heading):
            col.role = "change"
        if self.estimate_column is not None and self.estimate_column.search(heading):
            col.qualifier = "~"
        col.scope = self._level(heading.strip())
        if self.column_unit is not None:
            m = self.column_unit.search(heading)
            if m and not (self.estimate_column is not None and self.estimate_column.fullmatch(m.group("unit"))):
                col.unit = m.group("unit").strip()
        if col.unit is None and self.rank_column is not None and self.rank_column.fullmatch(heading.strip()):
            col.unit = "xếp hạng"  # "Xếp hạng theo tỷ lệ trực tuyến": its cells are ranks
        if col.unit is None and self.column_unit_word is not None:
            m = self.column_unit_word.fullmatch(heading)
            if m:
                col.unit = m.group("unit") or self.index_column_unit  # an index's name alone: "EGDI"
        return col

    def _level(self, heading: str) -> Optional[str]:
        """The administrative level a row or column heading names ("Cấp xã", "- Trong đó: cấp
        huyện"), as a scope."""
        m = self.scope_row.search(heading) if self.scope_row is not None else None
        return f"cấp {fold(m.group('level'))}" if m else None

    def _without_unit(self, heading: str) -> str:
        if self.column_unit is None:
            return heading
        m = self.column_unit.search(heading)
        return heading[:m.start()].strip() if m else heading

    def _year_cell(self, cell: _Cell):
        return self.year_cell.fullmatch(cell.text) if self.year_cell is not None else None

    def _row_qualifier(self, year) -> Optional[str]:
        if year is None or self.estimate_column is None:
            return None
        return "~" if self.estimate_column.search(year.group()) else None

    def _caption_unit(self, lines, first_line: int, first_row: Optional[_Row]) -> Optional[str]:
        for _, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            m = self.caption.search(line)
            if m:
                return self._strip_bilingual(m.group("unit")).strip()
            # A title whose unit closes it in brackets: "Bảng 2.6. Tỷ lệ hồ sơ … (%)".
            titled = self.title is not None and self.column_unit is not None and self.title.match(line.strip())
            m = self.column_unit.search(line.rstrip()) if titled else None
            if m:
                return m.group("unit").strip()
        for cell in first_row.cells if first_row is not None else ():
            m = self.caption.search(cell.text + "\n")
            if m:
                return m.group("unit").strip()
        return None

    def _caption_named_units(self, lines, first_line: int) -> list[tuple[str, str]]:
        """The units an ĐVT caption gives kinds of columns after its first ("(ĐVT: doanh nghiệp;
        tỷ lệ: %; số thu: triệu đồng)" -> [("ty le", "%"), ("so thu", "triệu đồng")])."""
        if self.caption_named_unit is None:
            return []
        for _, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            m = self.caption.search(line)
            if m:
                return [(fold(n.group("name").strip()), n.group("unit").strip())
                        for n in self.caption_named_unit.finditer(line, m.end())]
        return []

    def _title(self, lines, first_line: int) -> tuple[Optional[str], list[Exclusion]]:
        """The table's title ("Bảng 2. Doanh nghiệp … phân theo quy mô" -> "Doanh nghiệp …"),
        within a few lines above it, and its number (a list number: "Bảng 2.", "245.")."""
        if self.title is None:
            return None, []
        for start, line in reversed(lines[max(0, first_line - _CAPTION_REACH):first_line]):
            lead = len(line) - len(line.lstrip())
            m = self.title.match(line.strip())
            if m:
                number = m.span("number")
                return m.group("title").strip(), [Exclusion(TABLE_RULE, "list", start + lead + number[0],
                                                            start + lead + number[1])] if number[0] >= 0 else []
        return None, []

    def _title_scope(self, lines, first_line: int) -> Optional[str]:
        """The level a table's title restricts it to ("BIỂU TỔNG HỢP … / CỦA UBND CẤP HUYỆN NĂM
        2024"): searched in the title's lines, a numbered caption or a line in capitals, a few
        lines above the table (past its notes in brackets and its ĐVT caption)."""
        if self.title_scope is None:
            return None
        for _, line in reversed(lines[max(0, first_line - _TITLE_REACH):first_line]):
            text = line.strip()
            titled = text.isupper() or self.title is not None and self.title.match(text) is not None
            m = self.title_scope.search(text) if titled else None
            if m is not None:
                return f"cấp {fold(m.group('level'))}"
        return None

    def _strip_bilingual(self, text: str) -> str:
        """A heading without its English translation ("Trạm - Station" -> "Trạm")."""
        if self.bilingual is None or not any(sep in text for sep in (" - ", " – ", " / ")):
            return text
        m = self.bilingual.search(text)
        return text[:m.start()].rstrip() if m and m.start() > 0 else text

    def _heading_numbers(self, cell: _Cell) -> list[Exclusion]:
        """The numbers of a column's heading, which names the column: years are dates, a span
        of time ("6 tháng 2025") a period, anything else ("Lần 2") other."""
        years = [m.span() for m in _YEAR.finditer(cell.text)]
        periods = [m.span() for m in self.header_period.finditer(cell.text)] if self.header_period is not None else []
        out = []
        for m in _DIGIT.finditer(cell.text):
            reason = "date" if any(a <= m.start() < b for a, b in years) else \
                "period" if any(a <= m.start() < b for a, b in periods) else "other"
            out.append(Exclusion(TABLE_RULE, reason, cell.start + m.start(), cell.start + m.end()))
        return out

    def _digits(self, cell: _Cell, reason: str) -> list[Exclusion]:
        return [Exclusion(TABLE_RULE, reason, cell.start + m.start(), cell.start + m.end())
                for m in _DIGIT.finditer(cell.text)]

    def _is_value(self, cell: _Cell) -> bool:
        return self.cell.fullmatch(cell.text) is not None

    def _is_missing(self, cell: _Cell) -> bool:
        return self._is_missing_text(cell.text)

    def _is_missing_text(self, text: str) -> bool:
        return self.missing is not None and self.missing.fullmatch(text) is not None


def _is_group_heading(line: str, numbers_allowed: bool = False) -> bool:
    """A line heading a group of rows: short, with words and no number (or the first line
    of a row heading broken over two, which may hold one: "… từ 15 tuổi trở lên sử dụng")."""
    text = line.strip()
    return 0 < len(text) <= _MAX_SPACED_CELL and _LETTER.search(text) is not None and \
        (numbers_allowed or not _DIGIT.search(text))


def _is_translation(text: str) -> bool:
    """A heading in English, as bilingual yearbooks print under the Vietnamese one: letters,
    none of them Vietnamese, and more than a row's number in Roman numerals ("II")."""
    return _LETTER.search(text) is not None and text.isascii() and _ROMAN.fullmatch(text) is None


def _capitalised(word: str) -> bool:
    """A word in title case ("Trạm", "Nghìn", "Km", "Mbps"), not an acronym ("BTS")."""
    letters = [c for c in word if c.isalpha()]
    return word[0].isalpha() and word[0].isupper() and (len(letters) == 1 or any(c.islower() for c in letters[1:]))


def _lines(text: str):
    """(offset, line without its break) for each line of `text`."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        yield pos, raw.rstrip("\r\n")
        pos += len(raw)


def _one_cell_per_line(lines, opens: list[int], used: set[int], table_at) -> list[_Table]:
    """The tables of text that holds one cell per line, blank lines dropped: `table_at(cells,
    n, used)` reads the one that opens at the n-th cell, for each line of `opens` not yet in
    a table."""
    out = []
    cells = [(i, s, l) for i, (s, l) in enumerate(lines) if l.strip()]
    position = {i: n for n, (i, _, _) in enumerate(cells)}
    for index in opens:
        if index in used or index not in position:
            continue
        table = table_at(cells, position[index], used)
        if table is not None:
            out.append(table)
    return out


def _is_semicolon_row(line: str) -> bool:
    return ";" in line and "; " not in line and _SEMICOLON_ROW.fullmatch(line) is not None


def _may_hold_cells(line: str) -> bool:
    """Whether a line may be a row of cells: tabs, bars, runs of spaces or CSV semicolons
    between them."""
    return "\t" in line or "|" in line or "  " in line or _is_semicolon_row(line)


def _subheads(header: "_Row", below: "_Row", is_value: Callable[["_Cell"], bool]) -> Optional[list["_Cell"]]:
    """The row under a header as more of the header, cell by header column, when it heads
    the value columns too: no value but years in it, nothing under the header's first two
    columns (its numbering and labels)."""
    if any(is_value(c) and not _YEAR.fullmatch(c.text) for c in below.cells):
        return None
    aligned = _under(header, below) if below.spaced else list(below.cells)
    filled = [k for k, c in enumerate(aligned) if c.text]
    if not filled or filled[0] < 2:
        return None
    return aligned


def _under(header: "_Row", below: "_Row") -> list["_Cell"]:
    """The cells of a space-aligned row, each under the header cell its start stands under
    (its columns' own cells are fewer: no blank cell keeps a place)."""
    starts = [c.start - header.start for c in header.cells]
    out = [_Cell(0, 0, "") for _ in header.cells]
    for cell in below.cells:
        k = max(bisect.bisect_right(starts, cell.start - below.start) - 1, 0)
        if out[k].text:
            return list(below.cells)  # two cells under one heading: no alignment to trust
        out[k] = cell
    return out


def _spanned(heads: list["_Cell"], below: list["_Cell"], breakdown: Optional[regex.Pattern],
             total: Optional[regex.Pattern] = None, whole: Optional[regex.Pattern] = None,
             own: Optional[regex.Pattern] = None) -> list["_Cell"]:
    """Each column's heading from a header on two lines: the one spanning it from the left
    ("Quý I/2024") and its own below ("Tỷ lệ (%)"), or its own alone under a heading that
    only says the columns break another down ("Trong đó"), or its own alone where it names a
    measure whole ("Tổng số trạm BTS") under a group's caption ("Hạ tầng di động"), and so
    the parts beside it under the same caption ("Trong đó: trạm 5G")."""
    out = []
    above: Optional[_Cell] = None
    captioned = False  # the heading spanning this column only groups the measures under it
    for k in range(max(len(heads), len(below))):
        top = heads[k] if k < len(heads) else None
        if top is not None and top.text:
            # A spreadsheet repeats a merged heading in each of its columns: still one caption.
            captioned = captioned and top.text == above.text
            above = top
        sub = below[k] if k < len(below) else None
        if sub is None or not sub.text:
            out.append(top if top is not None else _Cell(0, 0, ""))
        elif above is None or breakdown is not None and breakdown.fullmatch(above.text):
            if above is not None and out and out[-1].text and sub.text[:1].islower() and top is not None and \
                    top.text and whole is not None:
                # "Trong đó:" over "trực tuyến" beside "Tổng số hồ sơ tiếp nhận": a part named by
                # a word that qualifies the whole of the column before ("hồ sơ tiếp nhận trực tuyến").
                m = whole.match(out[-1].text)
                base = out[-1].text[m.end():] if m is not None and m.end() < len(out[-1].text) else out[-1].text
                out.append(_Cell(sub.start, sub.end, f"{base} {sub.text}"))
            else:
                out.append(sub)
        elif total is not None and total.fullmatch(sub.text):
            out.append(above)  # "Tổng số" under "Hồ sơ tiếp nhận": the whole it heads
        elif own is not None and own.fullmatch(sub.text) and not any(c.isdigit() for c in above.text):
            captioned = True
            out.append(sub)
        else:
            # "Trong đó trực tuyến" under "Hồ sơ tiếp nhận": "Hồ sơ tiếp nhận trực tuyến".
            part = breakdown.match(sub.text) if breakdown is not None else None
            text = sub.text[part.end():] if part is not None and part.end() < len(sub.text) else sub.text
            out.append(_Cell(sub.end - len(text), sub.end, text) if captioned and part is not None
                       else _Cell(above.start, sub.end, f"{above.text} {text}"))
    return out


def _year_of(heading: str) -> Optional[int]:
    years = _YEAR.findall(heading)
    return int(years[-1]) if len(years) == 1 else None


def _goals_after_estimate(columns: list[_Column], years: list[Optional[int]]) -> None:
    """A plan's table sets the estimate of a year ("Ước TH năm 2025") before the years it
    aims for ("2026 … 2030"): a later year's column that says nothing of its role is a goal."""
    estimated: Optional[int] = None
    for col, year in zip(columns, years):
        if year is None:
            continue
        if col.qualifier == "~" and col.role in (None, "level"):
            estimated = year
        elif estimated is not None and col.role is None and year > estimated:
            col.role = "target"
