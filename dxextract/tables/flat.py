"""Tables flattened with single spaces, as copied out of PDFs and statistical yearbooks:
under a header row of years (`2022 2023 Ước 2024`), a header row of word headings each
opening on a capital, or an ĐVT caption, each row ends in as many number cells as the header
has columns, and what is before them is the row's heading (and its unit, when the header
names an ĐVT column)."""
from __future__ import annotations

from typing import Optional

import regex

from ..claims import Exclusion
from ..normalize import BULLET, DASH, fold
from ..numbers import NumberReader
from .cells import (DIGIT, LETTER, TABLE_RULE, YEAR, Cell, Column, Line, Table, digits,
                    goals_after_estimate, is_group_heading, is_translation)
from .table_rules import TableRules

_TOKEN = regex.compile(r"\S+")
# An arrow between a row's cells, from one value to the next ("17,8 → 19,6").
_ARROW = regex.compile(r"→|->|=>|⇒|⟶")
# A note in brackets closing a row, words only ("13,1 → 14,8 (chủ yếu nhờ Thái Nguyên)").
_ROW_NOTE = regex.compile(r"\h+\([^()\d\n]*\p{L}[^()\d\n]*\)\h*$")
# A list's item that gives its heading a number after a colon ("- Viễn thông di động: 9.870"),
# and the share a bracket may add after it ("(chiếm 53,6%)", "(18,5%)"): under an ĐVT caption
# such items are a table of one column.
# (A post marks its items with a keycap number, "1️⃣", or a pictograph, "▫️", "🔹", where a
# document puts a dash.)
_LISTED_ROW = regex.compile(rf"\h*{BULLET}\h*[^:\n]*\p{{L}}[^:\n]*:\h*\d")
_LIST_MARK = regex.compile(rf"{BULLET}\h*")
# An item whose figures each follow the word naming them, apart by semicolons ("- Dự án 1 (đất
# ở): kế hoạch 48.300; giải ngân 41.275; tỷ lệ 85,5%"): the words head the figure's column.
_KEYED_ITEM = regex.compile(r"(?P<head>\h*" + DASH + r"\h*[^:\n]*\p{L}[^:\n]*):(?P<cells>\h*\p{L}[\p{L}\h]{0,30}?\h+\d[\d.,]*\h?%?"
                            r"(?:\h*;\h*\p{L}[\p{L}\h]{0,30}?\h+\d[\d.,]*\h?%?)+)\h*[.;]?\h*")
_KEYED_CELL = regex.compile(r"(?P<key>\p{L}[\p{L}\h]{0,30}?)\h+(?P<cell>\d[\d.,]*\h?%?)\h*(?:;|$)")
# Where a header of word headings flattened with single spaces opens its next heading: a capital.
_CAPITAL_OPENING = regex.compile(r"\h+(?=\p{Lu})")
_SHARE_NOTE = regex.compile(r"\h+\((?:[^()\d\n]*\p{L}\h+)?\d[\d.,]*\h?%\)\h*$")


class FlatLayout:
    """Reads the tables flattened with single spaces."""

    def __init__(self, rules: TableRules, reader: NumberReader):
        self.rules, self.reader = rules, reader

    def tables(self, lines, headers: list[int], captions, used: set[int], word_headers: list[int]) -> list[Table]:
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

    def _flat_table(self, lines, index: int, header: bool, used: set[int]) -> Optional[Table]:
        """The rows after line `index` (a header of years, or a caption): each ends in the
        same number of number cells."""
        if not header:
            keyed = self._keyed_table(lines, index, used)
            if keyed is not None:
                return keyed
        start, line = lines[index]
        columns: list[Column] = []
        exclusions: list[Exclusion] = []
        unit_column = False
        if header:
            years = list(YEAR.finditer(line))
            lead = line[:years[0].start()]
            unit_column = self.rules.unit_column.search(lead) is not None
            above = lines[index - 1][1] if index else ""
            # The header's line of words above the years heads them too, where it stands over
            # their column ("Ước TH" over "năm 2025"); a line with numbers is no header's.
            over_years = "" if DIGIT.search(above) else above
            if not unit_column and self.rules.header_line is not None and self.rules.header_line.fullmatch(above):
                # The headings of the label and unit columns on a line of their own, above
                # the years ("Chỉ tiêu ĐVT" / "2022 2023 2024").
                unit_column = self.rules.unit_column.search(above) is not None
            for i, m in enumerate(years):
                before = line[(years[i - 1].end() if i else years[0].start()):m.start()]
                after = line[m.end():years[i + 1].start() if i + 1 < len(years) else len(line)]
                note = after[:after.index(")") + 1] if after.lstrip().startswith("(") and ")" in after else ""
                if i and before.lstrip().startswith("("):
                    before = before[before.index(")") + 1:] if ")" in before else before
                words = self._first_column_words(lead) if i == 0 else before
                x0 = years[i - 1].end() if i else len(lead) - len(words.lstrip())
                over = over_years[x0:m.end()].strip()
                columns.append(self.rules.column(f"{over} {words} {m.group()} {note}"))
                exclusions.append(Exclusion(TABLE_RULE, "date", start + m.start(), start + m.end()))
            goals_after_estimate(columns, [int(m.group()) for m in years])
            # Columns after the years that compare them: "So sánh 2024/2023 (%)", "Tăng (%)".
            tail_from = years[-1].end()
            for m in self.rules.tail_heading.finditer(line, tail_from) if self.rules.tail_heading is not None else ():
                col = self.rules.column(m.group())
                if col.unit is None and m.group().rstrip().endswith("%"):
                    col.unit = "%"
                columns.append(col)
                exclusions.extend(digits(Cell(start + m.start(), start + m.end(), m.group()), "date"))
        caption_at = index + (0 if header else 1)
        caption_unit = self.rules.caption_unit(lines, caption_at, None) or \
            (self.rules.caption_unit([(start, lead)], 1, None) if header else None)
        rows: list[Line] = []
        k = len(columns) or None
        at = index + 1
        while at < len(lines) and at not in used:
            parsed = self._flat_row(*lines[at], k, unit_column)
            if parsed is None:
                following = self._flat_row(*lines[at + 1], k, unit_column) \
                    if at + 1 < len(lines) and at + 1 not in used and is_group_heading(lines[at][1], True) else None
                wrapped = following is not None and following.heading is not None and (
                    following.heading.text[:1].islower() or is_translation(following.heading.text))
                if following is None or not wrapped and not is_group_heading(lines[at][1]):
                    break
                if wrapped:
                    # A row heading broken over two lines, as a PDF wraps a long one: the line
                    # without numbers opens it, the row's words in lower case go on with it.
                    first_start, first_line = lines[at]
                    lead = len(first_line) - len(first_line.lstrip())
                    if is_translation(following.heading.text):
                        # A bilingual yearbook's row: its heading, then the English line that
                        # holds the cells ("Số thuê bao Internet" / "Fixed broadband … 381,5").
                        joined = Cell(first_start + lead, first_start + len(first_line.rstrip()), first_line.strip())
                    else:
                        joined = Cell(first_start + lead, following.heading.end,
                                       first_line.strip() + " " + following.heading.text)
                    following.heading, numbering = self.rules.unnumbered(joined)
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
        title, numbers = self.rules.table_title(lines, index)
        # One row is a table only under a title, a unit caption and a header of years that its
        # cells fill ("370. Mật độ thuê bao …" / "Đơn vị tính: …" / "2020 … Sơ bộ 2024" /
        # "Toàn tỉnh 20,9 23,5 25,6 27,5 29,0").
        alone = header and len(rows) == 1 and len(columns) >= 2 and rows[0].width == len(columns) and \
            title is not None and caption_unit is not None
        # Under a caption alone, one column only where each row is a list's item "- X: N".
        listed = not header and all(_LISTED_ROW.match(lines[i][1]) or not DIGIT.search(lines[i][1])
                                    for i in range(index + 1, at))
        if len(rows) < 2 and not alone or (k or 0) < (1 if header or listed else 2):
            return None
        if listed:
            for row in rows:  # every row a list's item: none is another's sub-row
                if row.heading is not None:
                    dash = _LIST_MARK.match(row.heading.text)
                    if dash and dash.end() < len(row.heading.text):
                        row.heading = Cell(row.heading.start + dash.end(), row.heading.end,
                                            row.heading.text[dash.end():])
        used.update(range(index, at))
        table = Table(rows, columns or [Column() for _ in range(k)], caption_unit, title, unit_column,
                       exclusions=exclusions + numbers, scope=self.rules.scope_in_title(lines, index),
                       named_units=self.rules.caption_named_units(lines, caption_at))
        return table

    def _keyed_table(self, lines, index: int, used: set[int]) -> Optional[Table]:
        """The items under a caption whose figures each follow the same words, the columns' headings
        ("kế hoạch 48.300; giải ngân 41.275; tỷ lệ 85,5%": a plan a target, in the caption's unit)."""
        rows: list[Line] = []
        keys: Optional[list[str]] = None
        at = index + 1
        while at < len(lines) and at not in used:
            start, line = lines[at]
            m = _KEYED_ITEM.fullmatch(line)
            if m is None:
                break
            cells = list(_KEYED_CELL.finditer(line, m.start("cells"), m.end("cells")))
            row_keys = [fold(c.group("key").strip()) for c in cells]
            if keys is not None and row_keys != keys or \
                    not all(self.rules.cell.fullmatch(c.group("cell")) for c in cells):
                break
            keys = row_keys
            head = m.group("head")
            lead = _LIST_MARK.match(head.lstrip())
            offset = len(head) - len(head.lstrip()) + (lead.end() if lead else 0)
            heading, excluded = self.rules.unnumbered(Cell(start + offset, start + len(head.rstrip()),
                                                           head[offset:].strip()))
            values = [(j, Cell(start + c.start("cell"), start + c.end("cell"), c.group("cell")))
                      for j, c in enumerate(cells)]
            rows.append(Line(heading, None, values, width=len(values), excluded=excluded))
            at += 1
        if len(rows) < 2 or keys is None:
            return None
        used.update(range(index, at))
        title, numbers = self.rules.table_title(lines, index)
        return Table(rows, [self.rules.column(key) for key in keys], self.rules.caption_unit(lines, index + 1, None),
                     title, exclusions=numbers, scope=self.rules.scope_in_title(lines, index),
                     named_units=self.rules.caption_named_units(lines, index + 1))

    def _word_header_table(self, lines, index: int, used: set[int]) -> Optional[Table]:
        """The rows under a header of word headings flattened with single spaces, each heading
        opening on a capital ("TT Cơ quan chủ trì Số nhiệm vụ được giao Đã hoàn thành Đang thực
        hiện Chậm tiến độ Tỷ lệ hoàn thành (%)"): the last headings head the number cells each
        row ends in, the first one or two its numbering and its heading, a body or a place (so
        each cell is labelled by its column). A column that names no unit counts what the count
        column before it names ("Đã hoàn thành" after "Số nhiệm vụ được giao": nhiệm vụ)."""
        headings = _CAPITAL_OPENING.split(lines[index][1].strip())
        rows: list[Line] = []
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
        columns: list[Column] = []
        noun: Optional[str] = None
        for heading in headings[-k:]:
            column = self.rules.column(heading)
            column.label = self.rules.without_unit(heading)
            counted = self.rules.counted_heading.match(column.label) if self.rules.counted_heading is not None else None
            noun = counted.group("noun") if counted is not None else noun
            share = self.rules.percent_heading is not None and \
                self.rules.percent_heading.match(column.label) is not None
            if column.unit is None and not share:
                column.unit = noun
            columns.append(column)
        used.update(range(index, at))
        return Table(rows, columns, by_place=True, scope=self.rules.scope_in_title(lines, index))

    def _first_column_words(self, lead: str) -> str:
        """The words of a header before its first year that head that year's column
        ("Chỉ tiêu ĐVT Ước 2024": "Ước")."""
        m = self.rules.unit_column.search(lead)
        if m:
            return lead[m.end():]
        m = self.rules.label_column.match(lead) if self.rules.label_column is not None else None
        return lead[m.end():] if m else lead

    def _flat_row(self, start: int, line: str, k: Optional[int], unit_column: bool) -> Optional[Line]:
        note = _ROW_NOTE.search(line) if line.endswith(")") else None
        if note is None and line.endswith(")") and _LISTED_ROW.match(line):
            note = _SHARE_NOTE.search(line)
        # Cells joined by arrows read as cells apart ("Đông Nam Bộ: 15,9 → 17,2").
        tokens = [m for m in _TOKEN.finditer(line, 0, note.start() if note else len(line))
                  if not _ARROW.fullmatch(m.group())]
        numbers = 0
        for m in reversed(tokens):
            text = m.group()
            if self.rules.cell.fullmatch(text) or self.rules.is_missing_text(text):
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
        if not LETTER.search(head_text):
            return None
        lead = len(head_text) - len(head_text.lstrip())
        heading, excluded = self.rules.unnumbered(Cell(start + lead, start + head_end, head_text.strip()))
        unit = None
        if unit_column:
            heading, unit = self._split_unit(heading)
        values = [(j, Cell(start + m.start(), start + m.end(), m.group())) for j, m in enumerate(cells)
                  if self.rules.cell.fullmatch(m.group())]
        if not values:
            return None
        return Line(heading, unit, values, width=numbers, excluded=excluded)

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

    def _split_unit(self, heading: Cell) -> tuple[Cell, Optional[Cell]]:
        """A flattened row's heading and its ĐVT cell: "Số trạm BTS Trạm" -> "Số trạm BTS",
        "Trạm". The unit starts at the last capitalised word that follows a word in lower
        case (statistics tables capitalise the unit cell), or is a unit sign ("%", "Mbps")."""
        text = self.rules.strip_bilingual(heading.text)
        if self.rules.sub_row is not None and self.rules.sub_row.fullmatch(text):
            return heading, None
        words = list(_TOKEN.finditer(text))
        if len(words) < 2:
            return heading, None
        cut = None
        last = words[-1].group()
        if fold(last) in self.rules.kind_of_unit or last == "%":
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
        return (Cell(heading.start, heading.start + head_end, text[:head_end].strip()),
                Cell(heading.start + unit_start, heading.start + len(text), text[unit_start:].strip()))


def _capitalised(word: str) -> bool:
    """A word in title case ("Trạm", "Nghìn", "Km", "Mbps"), not an acronym ("BTS")."""
    letters = [c for c in word if c.isalpha()]
    return word[0].isalpha() and word[0].isupper() and (len(letters) == 1 or any(c.islower() for c in letters[1:]))
