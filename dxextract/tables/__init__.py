"""Values laid out in tables: the unit from the table's heading (`ĐVT: %`) or an ĐVT
column, the label from the row's heading (a sub-row's from its parent row, a transposed
table's from the column's heading), the role and qualifier from the column's heading.

Each layout is read by a module of its own into the same rows of cells (cells.py), over one
reading of headings and cells (table_rules.py); finds.py turns the rows into values, and
reader.py finds the tables of a text, layout by layout:
- delimited.py: cells apart by tabs, `|`, runs of two or more spaces or CSV semicolons or commas;
- flat.py: a flattened statistics table, cells apart by single spaces, under a header row of
  years (`2022 2023 Ước 2024`), of word headings or an ĐVT caption: each row ends in as many
  number cells as the header has columns, and what is before them is the row's heading (and
  its unit, when the header names an ĐVT column);
- one_cell_a_line.py: a transposed table with one cell per line (the column headings once at
  the top, then each row opened by its year), or rows of indicators one cell a line under
  the column headings;
- slashed.py: a list whose items hold their cells apart by slashes.
A row heading a PDF wrapped onto two lines is joined; a sub-row (Thành thị, Nam, a
district, Cấp xã) takes its parent's heading; a table opened by a total row (Tổng số, Chung)
takes its title. What is not a value in a table is said too: the numbers of a header cell
(years are dates), a row's year, a numbering column, a table's number and a row heading's own
number (lists), the `100` of an ĐVT `Thuê bao/100 dân` (unit).

The patterns and word lists are in rules/tables.yaml; this package only walks rows and
columns. It asks for the structure real tables have (a header row or an ĐVT caption, two or
more rows of the same shape, short cells), so a run of numbers in prose is left alone.
"""
from .cells import TABLE_RULE
from .reader import TableReader

__all__ = ["TABLE_RULE", "TableReader"]
