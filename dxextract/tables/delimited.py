"""Tables whose cells stand apart by tabs, `|`, runs of two or more spaces or CSV semicolons
or commas (PDF text, markdown, Word and spreadsheet tables): a header row (on one line or two), then
rows of cells; a heading a PDF wrapped onto a line of its own goes on with its row, and a
bilingual yearbook's English line holds the cells of the heading above it."""
from __future__ import annotations

import bisect
from typing import Callable, Optional

import regex

from .cells import (DIGIT, ELISION, LETTER, MAX_SPACED_CELL, YEAR, Cell, Column, Line, Row, Table, digits,
                    goals_after_estimate, is_group_heading, is_translation, year_of)
from .keyed import is_keyed_line
from .table_rules import TableRules

_RULER = regex.compile(r"[\s|:\-–=+]*")
# A cell between separators, empty ones included: what opens the line or follows a separator.
_CELL_BY_SEPARATOR_KEEPING_EMPTY = regex.compile(r"(?:^|(?<=[\t|]))[^\t|]*")
_CELL_BY_SPACES = regex.compile(r"\S+(?: \S+)*")  # cells apart by two spaces or more
# A line exported as CSV with ";" between its cells ("1;Thành phố Vị Thanh;168;612,4"): two
# separators or more, none followed by a space as prose's semicolons are.
_SEMICOLON_ROW = regex.compile(r"[^;\n]*+(?:;(?! )[^;\n]*+){2,}+")
_CELL_BY_SEMICOLON_KEEPING_EMPTY = regex.compile(r"(?:^|(?<=;))[^;]*")
# A line exported as CSV with "," between its cells ("Chỉ tiêu,2022,2023", 'Tỷ lệ,"92,5","14,7"'):
# three cells or more, a cell holding a comma quoted, no separator followed by a space as
# prose's commas are.
_COMMA_ROW = regex.compile(r'(?:"[^"\n]*+"|[^,"\n]*+)(?:,(?! )(?:"[^"\n]*+"|[^,"\n]*+)){2,}+')
_CELL_BY_COMMA_KEEPING_EMPTY = regex.compile(r'(?:^|(?<=,))(?:"[^"\n]*+"|[^,"\n]*+)')
# A comma that may part CSV cells: not a decimal comma (between digits), nor prose's (a space after).
CSV_COMMA = regex.compile(r',(?=[^\s\d])|(?<=[^\s\d,]),(?=\d)')


class DelimitedLayout:
    """Reads the tables of cells apart by separators."""

    def __init__(self, rules: TableRules):
        self.rules = rules

    def tables(self, lines, used: set[int]) -> list[Table]:
        out = []
        run: list[Row] = []
        wraps: dict[int, Cell] = {}  # a row's heading going on on the next line
        # A row's heading on the line above (and its indent), its English beside the cells.
        headings_above: dict[int, tuple[Cell, int]] = {}
        first = 0
        last_header: Optional[Row] = None  # the header of the last table read, for one that goes on
        # A line of cells counts only beside another: prose has many a lone double space.
        # A line of figures each after its key ("Số cử tri: 118.230 | Cử tri đi bầu: 117.964")
        # is no row of the table under or above it: its keys name its figures.
        split = [_may_hold_cells(line) and not is_keyed_line(line) for _, line in lines]
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
            if ELISION.fullmatch(line) and index < last and split[index + 1]:
                continue
            if run and self._heads_translation(line, lines, index):
                # A bilingual yearbook's row: its heading alone, then the English heading with
                # the cells ("Số thuê bao Internet" / "  Fixed broadband … Nghìn thuê bao 381,5").
                lead = len(line) - len(line.lstrip())
                headings_above[len(run)] = (Cell(start + lead, start + len(line.rstrip()), line.strip()), lead)
                continue
            if len(run) > 1 and self._wraps(line, lines, index):
                # A long heading wrapped onto a line of its own, in lower case or indented
                # under the heading column: it goes on with the row above.
                lead = len(line) - len(line.lstrip())
                wraps[len(run) - 1] = Cell(start + lead, start + len(line.rstrip()), line.strip())
                continue
            table = self._table(run, lines, first, wraps, headings_above, last_header)
            if table is not None:
                out.append(table)
                used.update(range(first, index))
                last_header = self._header(run) or last_header
            run, wraps, headings_above = [], {}, {}
        table = self._table(run, lines, first, wraps, headings_above, last_header)
        if table is not None:
            out.append(table)
            used.update(range(first, len(lines)))
        return out

    def _unmerged(self, cells: list[Cell], width: int) -> list[Cell]:
        """A space-aligned row with fewer cells than its header: a cell that ends in a number
        after a single space ("tỷ đồng 900", where the unit filled its column) is two."""
        k = len(cells) - 1
        while len(cells) < width and k >= 0:
            cell = cells[k]
            cut = cell.text.rfind(" ")
            if cut > 0 and self.rules.is_value(Cell(0, 0, cell.text[cut + 1:])) and \
                    LETTER.search(cell.text[:cut]) and not self.rules.is_value(Cell(0, 0, cell.text[:cut])):
                cells[k:k + 1] = [Cell(cell.start, cell.start + cut, cell.text[:cut].rstrip()),
                                  Cell(cell.start + cut + 1, cell.end, cell.text[cut + 1:])]
            k -= 1
        return cells

    def _wraps(self, line: str, lines, index: int) -> bool:
        """Whether a line of one cell goes on with the heading of the row above: words, no
        number, in lower case or indented, and a row or the table's end after it."""
        text = line.strip()
        if not is_group_heading(line, True) or self.rules.cell.search(text) and DIGIT.fullmatch(text):
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
        if not is_group_heading(line) or index + 1 >= len(lines):
            return False
        row = self._row(*lines[index + 1])
        return row is not None and is_translation(row.cells[0].text)

    def _row(self, start: int, line: str) -> Optional[Row]:
        separated = "\t" in line or "|" in line
        semicolons = not separated and _is_semicolon_row(line)
        commas = not separated and not semicolons and _is_comma_row(line)
        if not (separated or semicolons or commas or "  " in line):
            return None  # one cell: no row
        spaced = not separated and not semicolons and not commas
        barred = False
        if spaced:
            parts = list(_CELL_BY_SPACES.finditer(line))
        elif semicolons:
            parts = list(_CELL_BY_SEMICOLON_KEEPING_EMPTY.finditer(line))
        elif commas:
            parts = list(_CELL_BY_COMMA_KEEPING_EMPTY.finditer(line))
        else:
            # Empty cells between separators keep their place, so each cell stays under its
            # column's heading; the bars that open and close a markdown row enclose no cell.
            parts = list(_CELL_BY_SEPARATOR_KEEPING_EMPTY.finditer(line))
            barred = bool(parts) and not parts[0].group().strip() and line.lstrip().startswith("|")
            if barred:
                parts = parts[1:]
            if parts and not parts[-1].group().strip() and line.rstrip().endswith("|"):
                parts = parts[:-1]
        cells = tuple(_unquoted(Cell.stripped(start + m.start(), m.group())) for m in parts)
        filled = [c for c in cells if c.text]
        if spaced and any(len(c.text) > MAX_SPACED_CELL for c in cells):
            return None  # a line of prose with a double space in it
        if spaced and self.rules.caption_line is not None and self.rules.caption_line.match(line):
            return None  # "Bảng 1. … (ĐVT: %)": a table's caption, its unit set apart by spaces
        if all(_RULER.fullmatch(c.text) for c in filled):
            return None  # a markdown ruler
        # One cell is a row only past the first two columns of a row of tabs or bars: a header's
        # second line heading one column ("| | | DVCTT toàn trình |").
        alone = not spaced and len(filled) == 1 and cells.index(filled[0]) >= 2 and \
            not self._is_caption(filled[0].text)  # "\t\t\tĐơn vị tính: hồ sơ": a caption, no row
        return Row(start, cells, spaced, barred) if len(filled) >= 2 or alone else None

    def _table(self, rows: list[Row], lines, first_line: int,
                         wraps: Optional[dict[int, Cell]] = None,
                         headings_above: Optional[dict[int, tuple[Cell, int]]] = None,
                         last_header: Optional[Row] = None) -> Optional[Table]:
        if len(rows) < 2 or not any(self.rules.is_value(c) for r in rows[1:] for c in r.cells):
            return None
        rows = self._rejoined(rows)
        if not rows[0].barred:
            # "  | Tổng cộng | 118 | 4.033,4" or a header's second line " |  | Kế hoạch | Thực hiện"
            # among rows that open with no bar: the bar closes an empty first cell, not a
            # markdown row's border.
            widest = max(len(r.cells) for r in rows if not r.barred)
            rows = [Row(r.start, (Cell(r.start, r.start, ""),) + r.cells, r.spaced) if r.barred and len(r.cells) < widest
                    else r for r in rows]
        header = self._header(rows)
        body = rows[1:] if header else rows
        if not any(self.rules.is_value(c) for r in body for c in r.cells):
            return None
        title, numbers = self.rules.table_title(lines, first_line)
        table = Table([], [], self.rules.caption_unit(lines, first_line, rows[0]), title, exclusions=numbers,
                       scope=self.rules.scope_in_title(lines, first_line),
                       named_units=self.rules.caption_named_units(lines, first_line))
        width = max(len(r.cells) for r in rows)
        heads = list(header.cells) if header else []
        if header is None and last_header is not None and not last_header.spaced and \
                all(not r.spaced and len(r.cells) == len(last_header.cells) for r in body):
            # A table split by the headings of its parts ("ĐƠN VỊ BẦU CỬ SỐ 2", then its rows with
            # no header of their own): rows as wide as the last table's header go on under it.
            heads = list(last_header.cells)
        below = _subheads(header, body[0], self.rules.is_value) if header is not None and len(body) > 1 else None
        if below is not None:
            # A header on two lines ("Quý I/2024 | | Quý II/2024 |" over "Số lượng | Tỷ lệ (%)",
            # "Ước TH   Năm" over "năm 2025   2026"): each column is headed by the heading
            # spanning it and its own below.
            table.exclusions.extend(x for cell in body[0].cells for x in self.rules.heading_numbers(cell))
            heads = _spanned(heads, below, self.rules.breakdown_heading, self.rules.total_row, self.rules.whole_heading,
                             self.rules.own_heading)
            body = body[1:]
        first_body = len(rows) - len(body)  # the index in `rows` of the first row of values
        # "Đơn vị" heading the first column (after a numbering one) names the bodies the rows are
        # about, not a unit.
        # A first column headed "Hạng" holds each row's rank, no numbering.
        ranked = bool(heads) and self.rules.rank_column is not None and \
            self.rules.rank_column.fullmatch(heads[0].text) is not None
        first = 1 if heads and (ranked or self.rules.numbering.fullmatch(heads[0].text)) else 0
        # A first column merged down its rows in a Word table ("Khu vực": "Thành phố" once, empty
        # cells below) groups the rows, whose bodies the next column names ("Đơn vị").
        grouped = first == 0 and len(heads) > 1 and self.rules.bodies_column is not None and \
            self.rules.bodies_column.fullmatch(heads[1].text) is not None and \
            self.rules.bodies_column.fullmatch(heads[0].text) is None and \
            any(len(r.cells) > 2 and not r.cells[0].text and r.cells[1].text for r in body)
        if grouped:
            first = 1
        unit_col = next((k for k, c in enumerate(heads) if k > first and self.rules.unit_column.fullmatch(c.text)),
                        None)
        # The rows' heading is the cell under "Chỉ tiêu" (not a merged "Nhóm chỉ tiêu" before it), or
        # under the bodies' column of a grouped table.
        heading_col = next((k for k, c in enumerate(heads) if k >= first and self.rules.label_column is not None and
                            self.rules.label_column.fullmatch(c.text)), 1 if grouped else None)
        table.unit_column = unit_col is not None
        table.columns = [self.rules.column(heads[k].text if k < len(heads) else "") for k in range(width)]
        for k, col in enumerate(table.columns):
            col.label = self.rules.without_unit(heads[k].text) if k < len(heads) else None
            if col.unit is None and col.label:
                # "Tỷ lệ nộp thuế điện tử" under "(ĐVT: doanh nghiệp; tỷ lệ: %)": its cells are %.
                col.unit = self.rules.named_unit(table.named_units, col.label)
        if unit_col is None and table.caption_unit is None and self.rules.counted_heading is not None:
            # "Số bản quyền", "Số yêu cầu": with no ĐVT column or caption, a column counting a
            # noun gives its cells that noun (a row's own unit in brackets still comes first).
            for col in table.columns:
                counted = self.rules.counted_heading.fullmatch(col.label) if col.label and col.unit is None else None
                if counted is not None and not (self.rules.percent_heading is not None and
                                                self.rules.percent_heading.match(col.label)):
                    col.counted = counted.group("noun")
        if ranked:
            table.columns[0].unit = heads[0].text
        goals_after_estimate(table.columns, [year_of(heads[k].text) if k < len(heads) else None
                                              for k in range(width)])
        if header is not None:
            # A header cell names a column: its numbers are no values. Years are dates, a span of
            # time ("6 tháng 2025") a period, anything else ("Lần 2") other.
            for cell in header.cells:
                table.exclusions.extend(self.rules.heading_numbers(cell))
        # A table whose rows are years (the header's first cell "Năm"), a total of them closing
        # it or not: the label is the column's heading.
        years = [self.rules.row_year(r.cells[0]) is not None for r in body]
        table.transposed = any(years) and all(
            year or self.rules.period_total_row is not None and self.rules.period_total_row.fullmatch(r.cells[0].text)
            for year, r in zip(years, body))
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
                    table.exclusions.extend(digits(cell, "list"))
                continue
            cells = self._unmerged(list(row.cells), len(heads)) if row.spaced else list(row.cells)
            if row.spaced and header is not None and header.spaced and len(cells) < len(heads) and \
                    cells and cells[0].start > row.start:
                # "     Toàn tỉnh   478   414   82,6" under "TT   Đơn vị   Số trường …": an
                # indented row that leaves its first columns empty keeps its cells under theirs.
                aligned = _under(header, Row(row.start, tuple(cells), True))
                if len(aligned) == len(header.cells) and not aligned[0].text:
                    cells = aligned
            line = Line(None, None, [])
            numbered = not ranked and (len(cells) > 2 or counting) and \
                self.rules.numbering.fullmatch(cells[0].text) is not None and \
                len(cells) > 1 and not self.rules.is_value(cells[1])
            for k, cell in enumerate(cells):
                if k == 0 and numbered and not table.transposed:
                    table.exclusions.extend(digits(cell, "list"))
                    line.numbering = cell.text
                    continue
                if k == 0 and table.transposed:
                    year = self.rules.row_year(cell)
                    table.exclusions.extend(digits(cell, "date"))
                    line.qualifier = self.rules.row_qualifier(year)
                    continue
                if k == unit_col:
                    line.unit = cell
                    continue
                if k < width and table.columns[k].of_years and YEAR.fullmatch(cell.text):
                    table.exclusions.extend(digits(cell, "date"))
                    continue
                if self.rules.is_value(cell):
                    line.values.append((k, cell))
                elif line.heading is None and cell.text and not self.rules.is_missing(cell) and (
                        heading_col is None or k == heading_col or k > heading_col or
                        heading_col >= len(cells) or not cells[heading_col].text):
                    line.heading, line.excluded = self.rules.unnumbered(cell)
            wrap = (wraps or {}).get(n)
            if wrap is not None and line.heading is not None:
                line.heading = Cell(line.heading.start, wrap.end, f"{line.heading.text} {wrap.text}")
            above = (headings_above or {}).get(n)
            if above is not None:
                cell, line.indent = above
                line.heading, line.excluded = self.rules.unnumbered(cell)
            elif row.spaced and line.heading is not None:
                line.indent = line.heading.start - row.start
            # A row with its heading and unit but empty cells ("8 | Tỷ lệ văn bản đi được ký số | % |
            # | |") heads the sub-rows under it ("8.1 | - Cấp tỉnh | % | 98 | …"): kept, as their parent.
            parent = not line.values and line.heading is not None and line.unit is not None and \
                not table.transposed
            if line.values and (line.heading is not None or table.transposed) or parent:
                table.lines.append(line)
        first_head = heads[first].text if first < len(heads) else None
        bodies = first_head is not None and self.rules.bodies_column is not None and \
            self.rules.bodies_column.fullmatch(first_head) is not None
        # Asked once a column, not once a cell: the columns that hold a figure in some row.
        filled = {k for line in table.lines for k, _ in line.values if k < len(table.columns)}
        measured = any(self.rules.names_measure(table.columns[k].label) for k in filled)
        instances = measured and first_head is not None and self.rules.instances_column is not None and \
            self.rules.instances_column.fullmatch(first_head) is not None
        table.by_place = not table.transposed and len(table.lines) >= 2 and \
            sum(1 for c in table.columns if c.label) >= 2 and \
            (bodies or ranked or instances or
             self.rules.rows_are_instances([line.heading for line in table.lines], measured))
        return table if table.lines else None

    def _header(self, rows: list[Row]) -> Optional[Row]:
        """The first row when it heads the table: no value in it but years."""
        if rows and not any(self.rules.is_value(c) and not YEAR.fullmatch(c.text) for c in rows[0].cells):
            return rows[0]
        return None

    def _rejoined(self, rows: list[Row]) -> list[Row]:
        """Rows whose heading a PDF or Word wrapped: a row of its number and the heading's first
        line alone ("2\tTỷ lệ hộ gia đình có kết nối Internet"), then a row opened by an empty
        cell that goes on with it in lower case and holds the cells ("\tcáp quang\t%\t85\t81,6").
        The two are one row, its heading joined."""
        out: list[Row] = []
        n = 0
        while n < len(rows):
            row = rows[n]
            nxt = rows[n + 1] if n + 1 < len(rows) else None
            filled = [c for c in row.cells if c.text]
            if nxt is not None and not row.spaced and not nxt.spaced and len(filled) == 2 and \
                    row.cells[0].text and self.rules.numbering.fullmatch(row.cells[0].text) and \
                    not self.rules.is_value(row.cells[1]) and LETTER.search(row.cells[1].text) and \
                    len(nxt.cells) > 2 and not nxt.cells[0].text and nxt.cells[1].text[:1].islower() and \
                    not self.rules.is_value(nxt.cells[1]) and any(self.rules.is_value(c) for c in nxt.cells[2:]):
                head = Cell(row.cells[1].start, nxt.cells[1].end, f"{row.cells[1].text} {nxt.cells[1].text}")
                out.append(Row(row.start, (row.cells[0], head) + tuple(nxt.cells[2:]), row.spaced, row.barred))
                n += 2
                continue
            out.append(row)
            n += 1
        return out

    def _is_caption(self, text: str) -> bool:
        """Whether a cell is an ĐVT caption and nothing more ("Đơn vị tính: hồ sơ")."""
        m = self.rules.caption.search(text)
        return m is not None and m.start() <= 1 and not text[m.end():].strip(" )")

    def _column_numbers(self, row: Row) -> bool:
        """A row that only numbers the columns: "(1) (2) (3) (5)=(4)/(3)", or a form's
        "A B C 1 2 3 4" (letters for the columns of words, then 1, 2, 3 … counting)."""
        filled = [c.text for c in row.cells if c.text]
        if self.rules.column_numbers is None or len(filled) < 2 or \
                not all(self.rules.column_numbers.fullmatch(t) for t in filled):
            return False
        bare = [int(t) for t in filled if t.isdigit()]
        return not bare or len(filled) >= 3 and bare == list(range(1, len(bare) + 1)) and \
            all(not t.isdigit() for t in filled[:len(filled) - len(bare)])

    def _units_row(self, row: Row, columns: list[Column]) -> bool:
        """A row under the header that gives each column its unit, opened by "ĐVT"
        ("|ĐVT|Trạm|km|%|thuê bao/100 dân"): the columns take them, and it holds no values."""
        filled = [(k, c) for k, c in enumerate(row.cells) if c.text]
        if len(filled) < 2 or not self.rules.unit_column.fullmatch(filled[0][1].text) or \
                any(self.rules.is_value(c) for _, c in filled[1:]):
            return False
        for k, cell in filled[1:]:
            if k < len(columns) and columns[k].unit is None:
                columns[k].unit = cell.text
        return True


def _is_semicolon_row(line: str) -> bool:
    return ";" in line and "; " not in line and _SEMICOLON_ROW.fullmatch(line) is not None


def _is_comma_row(line: str) -> bool:
    return CSV_COMMA.search(line) is not None and _COMMA_ROW.fullmatch(line) is not None


def _unquoted(cell: Cell) -> Cell:
    """A CSV cell without the quotes around it ('"92,5"' -> "92,5")."""
    if len(cell.text) >= 2 and cell.text[0] == cell.text[-1] == '"':
        text = cell.text[1:-1]
        lead = len(text) - len(text.lstrip())
        return Cell(cell.start + 1 + lead, cell.start + 1 + lead + len(text.strip()), text.strip())
    return cell


def _may_hold_cells(line: str) -> bool:
    """Whether a line may be a row of cells: tabs, bars, runs of spaces or CSV semicolons or
    commas between them."""
    return "\t" in line or "|" in line or "  " in line or _is_semicolon_row(line) or _is_comma_row(line)


def _subheads(header: "Row", below: "Row", is_value: Callable[["Cell"], bool]) -> Optional[list["Cell"]]:
    """The row under a header as more of the header, cell by header column, when it heads
    the value columns too: no value but years in it, nothing under the header's first two
    columns (its numbering and labels), or nothing under its first but the lower-case ends of
    headings a PDF wrapped ("Đơn vị   Số công dân   Xếp" over "          đăng ký   hạng")."""
    if any(is_value(c) and not YEAR.fullmatch(c.text) for c in below.cells):
        return None
    aligned = _under(header, below) if below.spaced else list(below.cells)
    filled = [k for k, c in enumerate(aligned) if c.text]
    wrapped = bool(filled) and filled[0] == 1 and all(aligned[k].text[:1].islower() for k in filled)
    if not filled or filled[0] < 2 and not wrapped:
        return None
    return aligned


def _under(header: "Row", below: "Row") -> list["Cell"]:
    """The cells of a space-aligned row, each under the header cell its start stands under
    (its columns' own cells are fewer: no blank cell keeps a place)."""
    starts = [c.start - header.start for c in header.cells]
    out = [Cell(0, 0, "") for _ in header.cells]
    for cell in below.cells:
        k = max(bisect.bisect_right(starts, cell.start - below.start) - 1, 0)
        if out[k].text:
            return list(below.cells)  # two cells under one heading: no alignment to trust
        out[k] = cell
    return out


def _spanned(heads: list["Cell"], below: list["Cell"], breakdown: Optional[regex.Pattern],
             total: Optional[regex.Pattern] = None, whole: Optional[regex.Pattern] = None,
             own: Optional[regex.Pattern] = None) -> list["Cell"]:
    """Each column's heading from a header on two lines: the one spanning it from the left
    ("Quý I/2024") and its own below ("Tỷ lệ (%)"), or its own alone under a heading that
    only says the columns break another down ("Trong đó"), or its own alone where it names a
    measure whole ("Tổng số trạm BTS") under a group's caption ("Hạ tầng di động"), and so
    the parts beside it under the same caption ("Trong đó: trạm 5G")."""
    out = []
    above: Optional[Cell] = None
    captioned = False  # the heading spanning this column only groups the measures under it
    for k in range(max(len(heads), len(below))):
        top = heads[k] if k < len(heads) else None
        if top is not None and top.text:
            # A spreadsheet repeats a merged heading in each of its columns: still one caption.
            captioned = captioned and top.text == above.text
            above = top
        sub = below[k] if k < len(below) else None
        if sub is None or not sub.text:
            out.append(top if top is not None else Cell(0, 0, ""))
        elif above is None or breakdown is not None and breakdown.fullmatch(above.text):
            if above is not None and out and out[-1].text and sub.text[:1].islower() and top is not None and \
                    top.text and whole is not None:
                # "Trong đó:" over "trực tuyến" beside "Tổng số hồ sơ tiếp nhận": a part named by
                # a word that qualifies the whole of the column before ("hồ sơ tiếp nhận trực tuyến").
                m = whole.match(out[-1].text)
                base = out[-1].text[m.end():] if m is not None and m.end() < len(out[-1].text) else out[-1].text
                out.append(Cell(sub.start, sub.end, f"{base} {sub.text}"))
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
            out.append(Cell(sub.end - len(text), sub.end, text) if captioned and part is not None
                       else Cell(above.start, sub.end, f"{above.text} {text}"))
    return out

