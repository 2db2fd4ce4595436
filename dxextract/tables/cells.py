"""What every table layout reads into, whatever its layout: cells, rows of cells, a row of
values with its heading, columns and the table; and what is read the same in every layout (a
year, digits, a line that heads a group of rows, an English heading)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from ..claims import Exclusion

TABLE_RULE = "table.cells"
YEAR = regex.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?![\d.,/]\d)")
DIGIT = regex.compile(r"\d+")
ROMAN = regex.compile(r"[IVX]{1,5}\.?")
LETTER = regex.compile(r"\p{L}")
# A cell of a space-aligned row is short: a line with a longer run of words is prose.
MAX_SPACED_CELL = 80
# A line of dots where rows were left out ("…", ". . .", "..."): the table goes on under it.
ELISION = regex.compile(r"\h*(?:…|(?:\.\h*){3,})\h*")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str

    @classmethod
    def stripped(cls, at: int, raw: str) -> "Cell":
        """The cell of `raw`, which stands at `at` in the text, without the spaces around it."""
        return cls(at + len(raw) - len(raw.lstrip()), at + len(raw.rstrip()), raw.strip())


@dataclass(frozen=True)
class Row:
    start: int
    cells: tuple[Cell, ...]
    spaced: bool = False  # cells apart by runs of spaces (not tabs or bars)
    barred: bool = False  # opened by a bar, taken for a markdown row's ("| a | b |")


@dataclass
class Column:
    """What a value column's heading says about its cells."""
    role: Optional[str] = None
    qualifier: Optional[str] = None
    unit: Optional[str] = None    # its own unit: "So với KH (%)"
    label: Optional[str] = None   # a transposed table's: the heading without its unit
    scope: Optional[str] = None   # the level a column holds: "Cấp huyện"
    baseline: bool = False        # where a plan starts from: "Hiện trạng 2023"
    counted: Optional[str] = None  # the noun a heading counts: "Số bản quyền"
    of_years: bool = False        # when each row's thing came to be: "Năm mua", its cells dates


@dataclass
class Line:
    """One row of a table, whatever its layout."""
    heading: Optional[Cell]
    unit: Optional[Cell]
    values: list[tuple[int, Cell]]            # (column, cell)
    qualifier: Optional[str] = None           # a row headed "2025 (ước)"
    role: Optional[str] = None
    width: int = 0                            # a flattened row's number cells, empty ones included
    indent: int = 0                           # a space-aligned row's heading, from its line's start
    excluded: list[Exclusion] = field(default_factory=list)  # its heading's numbering
    numbering: Optional[str] = None           # the cell numbering the row ("I", "1", "1.2")


@dataclass
class Table:
    lines: list[Line]
    columns: list[Column]
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


def digits(cell: Cell, reason: str) -> list[Exclusion]:
    """Each number of a cell, as one that is no value for `reason`."""
    return [Exclusion(TABLE_RULE, reason, cell.start + m.start(), cell.start + m.end())
            for m in DIGIT.finditer(cell.text)]


def is_group_heading(line: str, numbers_allowed: bool = False) -> bool:
    """A line heading a group of rows: short, with words and no number (or the first line
    of a row heading broken over two, which may hold one: "… từ 15 tuổi trở lên sử dụng")."""
    text = line.strip()
    return 0 < len(text) <= MAX_SPACED_CELL and LETTER.search(text) is not None and \
        (numbers_allowed or not DIGIT.search(text))


def is_translation(text: str) -> bool:
    """A heading in English, as bilingual yearbooks print under the Vietnamese one: letters,
    none of them Vietnamese, and more than a row's number in Roman numerals ("II")."""
    return LETTER.search(text) is not None and text.isascii() and ROMAN.fullmatch(text) is None


def year_of(heading: str) -> Optional[int]:
    """The one year a column's heading names ("Hiện trạng 2023", "Năm 2030"), if one only."""
    years = YEAR.findall(heading)
    return int(years[-1]) if len(years) == 1 else None


def goals_after_estimate(columns: list[Column], years: list[Optional[int]]) -> None:
    """A plan's table sets the estimate of a year ("Ước TH năm 2025") or where it starts from
    ("Hiện trạng 2023") before the years it aims for ("2026 … 2030"): a later year's column
    that says nothing of its role is a goal."""
    estimated: Optional[int] = None
    for col, year in zip(columns, years):
        if year is None:
            continue
        if (col.qualifier == "~" or col.baseline) and col.role in (None, "level"):
            estimated = year
        elif estimated is not None and col.role is None and year > estimated:
            col.role = "target"
