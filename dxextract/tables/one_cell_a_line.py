"""Tables of one cell a line, blank lines dropped: a transposed table whose rows open on
their year under the column headings given once (stacked), and rows of indicators, each its
heading, its unit and its values, under the headings of a label column ("Chỉ tiêu") and the
others (listed)."""
from __future__ import annotations

from typing import Optional

import regex

from .cells import DIGIT, LETTER, YEAR, Cell, Line, Table, digits, goals_after_estimate, year_of
from .table_rules import TableRules

# The longest column heading of a table with one cell per line.
_MAX_STACKED_HEADING = 120
# The longest heading of a value or unit column ("Kế hoạch năm 2024", "So với KH (%)").
_MAX_COLUMN_HEADING = 40
# The most value columns a table of one cell a line is read with when the rules know none of
# its headings.
_MAX_LISTED_COLUMNS = 12
# A line holding a number alone ("2.318", "98,1", "3,4%"): in prose it is rare, so where such
# lines run, a table of one cell a line may stand whose label column's heading the rules need
# not know ("Loại án", "Phường, xã"). Opened by the line break, it runs at a literal's speed.
_LONE_NUMBER = regex.compile(r"\n\h*[-+]?\d[\d.,]*\h*%?\h*(?=\r?\n|\r|\Z)")


class StackedLayout:
    """Reads the transposed tables of one cell a line, rows opened by their year."""

    def __init__(self, rules: TableRules):
        self.rules = rules

    def tables(self, lines, opens: list[int], used: set[int]) -> list[Table]:
        return _one_cell_per_line(lines, opens, used, self._table)

    def _table(self, cells, at: int, used: set[int]) -> Optional[Table]:
        """The table whose first row opens at cells[at] (a year): k number lines follow each
        year, and the k lines before the first year are the column headings."""
        k = 0
        while at + 1 + k < len(cells) and self.rules.is_value(Cell(0, 0, cells[at + 1 + k][2])) \
                and self.rules.row_year(Cell(0, 0, cells[at + 1 + k][2])) is None:
            k += 1
        if k < 1 or at - k < 0:
            return None
        headings = cells[at - k:at]
        if any(self.rules.is_value(Cell(0, 0, l)) or len(l.strip()) > _MAX_STACKED_HEADING or YEAR.search(l)
               for _, _, l in headings):
            return None
        columns = []
        for _, _, l in headings:
            col = self.rules.column(l.strip())
            col.label = self.rules.without_unit(l.strip())
            columns.append(col)
        table = Table([], columns, transposed=True)
        n = at
        while n + k < len(cells):
            i, s, l = cells[n]
            year = self.rules.row_year(Cell(s, s + len(l), l.strip()))
            group = cells[n + 1:n + 1 + k]
            if year is None or len(group) < k or \
                    not all(self.rules.is_value(Cell(0, 0, g)) and self.rules.row_year(Cell(0, 0, g)) is None
                            for _, _, g in group):
                break
            lead = len(l) - len(l.lstrip())
            cell = Cell(s + lead, s + len(l.rstrip()), l.strip())
            table.exclusions.extend(self.rules.heading_numbers(cell))
            values = []
            for j, (_, gs, g) in enumerate(group):
                lead = len(g) - len(g.lstrip())
                values.append((j, Cell(gs + lead, gs + len(g.rstrip()), g.strip())))
            table.lines.append(Line(None, None, values, qualifier=self.rules.row_qualifier(year)))
            used.update(c[0] for c in cells[n:n + 1 + k])
            n += 1 + k
        if len(table.lines) < 2:
            return None
        used.update(c[0] for c in headings)
        table.title, numbers = self.rules.table_title([(s, l) for _, s, l in cells], at - k)
        table.exclusions.extend(numbers)
        table.caption_unit = None
        return table


class ListedLayout:
    """Reads the tables of one cell a line, rows of indicators under the column headings."""

    def __init__(self, rules: TableRules, openers: tuple[str, ...]):
        self.rules, self.listed_openers = rules, openers

    def starts(self, text: str) -> list[int]:
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

    @staticmethod
    def lone_numbers(text: str) -> list[int]:
        """Where a line holds a number alone: a table of one cell a line may run there."""
        return [m.start() + 1 for m in _LONE_NUMBER.finditer(text)]

    def tables(self, lines, opens: list[int], used: set[int], lone: list[int] = ()) -> list[Table]:
        tables = _one_cell_per_line(lines, opens, used, self._table)
        if lone:
            tables += _one_cell_per_line(lines, self._shaped_opens(lines, lone, set(opens)), used, self._table)
        return tables

    def _shaped_opens(self, lines, lone: list[int], known: set[int]) -> list[int]:
        """The lines that may head the label column of a table of one cell a line, found by the
        table's shape where no known heading opens it: a first row's w values in a run (its
        first number a line after a line of words) stand after its heading, w column headings
        and the label column's heading (and two lines more with an ĐVT column: its heading
        and the row's unit). That heading is a few words, no number."""
        cells = [i for i, (_, l) in enumerate(lines) if l.strip()]
        position = {i: n for n, i in enumerate(cells)}
        lone_set = set(lone)

        def is_cell(n: int) -> bool:
            return 0 <= n < len(cells) and (cells[n] in lone_set or
                                            self.rules.is_missing_text(lines[cells[n]][1].strip()))
        out = []
        for index in lone:
            n = position.get(index)
            if n is None or is_cell(n - 1):
                continue
            width = 0
            while is_cell(n + width):
                width += 1
            if width > _MAX_LISTED_COLUMNS:
                continue
            for at in (n - width - 2, n - width - 4):
                if at < 0 or cells[at] in known:
                    continue
                text = lines[cells[at]][1].strip()
                if len(text) <= _MAX_COLUMN_HEADING and LETTER.search(text) and not DIGIT.search(text):
                    out.append(cells[at])
                    break
        return out

    def _table(self, cells, at: int, used: set[int]) -> Optional[Table]:
        """The table under cells[at] (its label column's heading): the other columns' headings
        on the lines after it, then each row as that many lines — its heading (after its
        number, if any), its unit when there is an ĐVT column, its values."""
        def cell_at(n: int) -> Cell:
            _, s, l = cells[n]
            lead = len(l) - len(l.lstrip())
            return Cell(s + lead, s + len(l.rstrip()), l.strip())

        headings: list[Cell] = []
        j = at + 1
        while j < len(cells) and self.rules.column_heading is not None:
            head = cell_at(j)
            # A year heads a column ("Chỉ tiêu" / "2022" / "2023" / "Sơ bộ 2024"); another number is a cell.
            if len(head.text) > _MAX_COLUMN_HEADING or self.rules.is_value(head) and not YEAR.fullmatch(head.text) or \
                    not self.rules.column_heading.fullmatch(head.text):
                break
            headings.append(head)
            j += 1
        by_first_row = self._headings_by_first_row(cells, at, cell_at)
        if by_first_row is not None and len(by_first_row) > len(headings):
            headings = by_first_row
            j = at + 1 + len(headings)
        unit_col = next((h for h, c in enumerate(headings) if self.rules.unit_column.fullmatch(c.text)), None)
        if len([h for h in range(len(headings)) if h != unit_col]) < 1:
            return None
        table = Table([], [self.rules.column(c.text) for c in headings], unit_column=unit_col is not None)
        goals_after_estimate(table.columns, [year_of(c.text) for c in headings])
        opener = cell_at(at).text
        if self.rules.bodies_column is not None and self.rules.bodies_column.fullmatch(opener):
            # Rows of places or bodies: each cell is labelled by its column, the rows only say where.
            table.by_place = True
            for column, head in zip(table.columns, headings):
                column.label = self.rules.without_unit(head.text)
        for head in headings:
            table.exclusions.extend(self.rules.heading_numbers(head))
        n = j
        first = at
        while n < len(cells):
            numbered = self.rules.numbering.fullmatch(cells[n][2]) is not None and n + 1 < len(cells) and \
                not self.rules.is_value(cell_at(n + 1))
            group = [cell_at(m) for m in range(n + numbered, min(len(cells), n + numbered + 1 + len(headings)))]
            if len(group) < 1 + len(headings):
                break
            heading, rest = group[0], group[1:]
            if not LETTER.search(heading.text) or self.rules.is_value(heading) or \
                    len(heading.text) > _MAX_STACKED_HEADING:
                break
            line = Line(None, None, [])
            line.heading, line.excluded = self.rules.unnumbered(heading)
            ok = True
            for h, cell in enumerate(rest):
                if h == unit_col:
                    ok = ok and not self.rules.is_value(cell) and len(cell.text) <= _MAX_COLUMN_HEADING
                    line.unit = cell
                elif self.rules.is_value(cell):
                    line.values.append((h, cell))
                elif not (self.rules.is_missing(cell) or len(cell.text) <= 20 and not DIGIT.search(cell.text)):
                    ok = False  # a short word ("Đạt", "Vượt") may stand in a column; a sentence not
            if not ok or not line.values:
                break
            if numbered:
                line.excluded = line.excluded + digits(cell_at(n), "list")
            table.lines.append(line)
            n += numbered + 1 + len(headings)
        if len(table.lines) < 2:
            return None
        used.update(cells[m][0] for m in range(first, n))
        above = [(s, l) for _, s, l in cells]
        table.title, numbers = self.rules.table_title(above, at)
        table.exclusions.extend(numbers)
        table.caption_unit = self.rules.caption_unit(above, at, None)
        table.named_units = self.rules.caption_named_units(above, at)
        return table


    def _headings_by_first_row(self, cells, at: int, cell_at) -> Optional[list[Cell]]:
        """The column headings of a table whose headings the rules need not know ("Nội dung" /
        "Siêu nhỏ" / "Nhỏ" / "Vừa" / "Lớn" / "Dùng chữ ký số" / "61,2" / …): as many short lines
        after the label column's heading as the first row has cells after its heading (and its
        unit, under an ĐVT heading)."""
        def is_cell(n: int) -> bool:
            # a value or an empty cell ("-", "x"): no heading
            cell = cell_at(n)
            return self.rules.is_value(cell) and not YEAR.fullmatch(cell.text) or self.rules.is_missing(cell)

        first_value = at + 1
        while first_value < len(cells) and first_value - at <= _MAX_LISTED_COLUMNS + 2 and not is_cell(first_value):
            first_value += 1
        if first_value >= len(cells) or not is_cell(first_value):
            return None
        width = 0
        while first_value + width < len(cells) and is_cell(first_value + width):
            width += 1
        candidates = [cell_at(m) for m in range(at + 1, first_value - 1)]
        unit = any(self.rules.unit_column.fullmatch(c.text) for c in candidates[:-1])
        headings = candidates[:-1] if unit else candidates
        if len(headings) != width + unit or any(
                len(h.text) > _MAX_COLUMN_HEADING or not (LETTER.search(h.text) or YEAR.fullmatch(h.text))
                for h in headings):
            return None
        return headings


def _one_cell_per_line(lines, opens: list[int], used: set[int], table_at) -> list[Table]:
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
