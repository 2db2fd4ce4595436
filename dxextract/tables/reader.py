"""Where a text's tables are: which lines may open a table of each layout, each layout read
in turn over the lines the ones before it left, and every table's values and the numbers
of it that are no values."""
from __future__ import annotations

import bisect

import regex

from ..claims import Exclusion, Find
from ..numbers import NumberReader
from ..rules import Rulebook
from .cells import Cell, Table
from .delimited import CSV_COMMA, DelimitedLayout
from .finds import TableValues
from .flat import FlatLayout
from .keyed import KeyedLayout
from .leader import LeaderLayout
from .table_rules import TableRules
from .one_cell_a_line import ListedLayout, StackedLayout
from .slashed import SlashedLayout


class TableReader:
    """The table rules of a rulebook, compiled once."""

    def __init__(self, book: Rulebook, reader: NumberReader, lexicons: dict, unit_name):
        entries = book.section("tables")
        self.enabled = bool(entries)
        self.yields_to: frozenset[str] = frozenset()
        if not entries:
            return
        entry = entries[-1]
        self.rules = rules = TableRules(entry, reader, lexicons)
        self.yields_to = frozenset(entry.get("yields_to") or ())
        self.delimited = DelimitedLayout(rules)
        self.flat = FlatLayout(rules, reader)
        self.stacked = StackedLayout(rules)
        self.listed = ListedLayout(rules, tuple(entry.get("listed_openers") or ()))
        self.slashed = SlashedLayout(rules)
        self.leader = LeaderLayout(rules)
        self.keyed = KeyedLayout(rules)
        self.values = TableValues(rules, reader, unit_name)

    def find(self, text: str) -> list[Find]:
        """Every value in a table cell of `text`, labelled by its row heading."""
        return self.read(text)[0]

    def read(self, text: str) -> tuple[list[Find], list[Exclusion]]:
        """The values in the tables of `text`, and the numbers of those tables that are no
        values (header years, row numbers, a unit's 100)."""
        if not self.enabled:
            return [], []
        rules = self.rules
        has_cells = "\t" in text or "|" in text or "  " in text or ";" in text or CSV_COMMA.search(text) is not None
        # One scan for the lines that may open a table of another layout: a line ending in
        # a year (a header row of years, a transposed row's year) or holding an ĐVT caption.
        hits = list(rules.scan.finditer(text)) if rules.scan is not None else []
        listed = self.listed.starts(text)
        lone = self.listed.lone_numbers(text)
        slashed = rules.slashed_header is not None and " / " in text
        leaders = self.leader.may_hold(text)
        if not has_cells and not hits and not listed and not lone and not slashed and not leaders:
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
                m = rules.caption.search(line)
                if m is not None:
                    captions.append((index, m))
        used: set[int] = set()
        tables: list[Table] = []
        if has_cells:
            tables.extend(self.delimited.tables(lines, used))
            if "|" in text:
                tables.extend(self.keyed.tables(lines, used))
        headers = [i for i in year_lines if rules.year_header is not None and rules.year_header.fullmatch(lines[i][1])]
        word_headers = [i for i in year_lines if i not in headers and rules.word_header is not None and
                        rules.word_header.fullmatch(lines[i][1])]
        if headers or captions or word_headers:
            tables.extend(self.flat.tables(lines, headers, captions, used, word_headers))
        opens = [i for i in year_lines if i not in used and rules.row_year(Cell(0, 0, lines[i][1])) is not None]
        if opens:
            tables.extend(self.stacked.tables(lines, opens, used))
        if listed or lone:
            def line_of(offsets: list[int]) -> list[int]:
                return [bisect.bisect_right(starts, at) - 1 for at in offsets]
            tables.extend(self.listed.tables(lines, line_of(listed), used, line_of(lone)))
        if slashed:
            tables.extend(self.slashed.tables(lines, used))
        if leaders:
            tables.extend(self.leader.tables(lines, used))
        finds: list[Find] = []
        exclusions: list[Exclusion] = []
        for table in tables:
            finds.extend(self.values.finds(table))
            exclusions.extend(table.exclusions)
        return finds, exclusions


def _lines(text: str):
    """(offset, line without its break) for each line of `text`."""
    pos = 0
    for raw in text.splitlines(keepends=True):
        yield pos, raw.rstrip("\r\n")
        pos += len(raw)
