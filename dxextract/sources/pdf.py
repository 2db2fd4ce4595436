"""PDF → text: the text layer, page by page (pypdfium2, PDFium's text engine).

PDFium gives each page's text, and the runs it lays that text out in, with their boxes.
From those this module rebuilds what the author wrote:

* each run keeps exactly its own characters (a line of one run takes PDFium's line whole;
  the characters of a line of several runs go by their boxes), never read by area;
* runs at the same height form a line; runs far apart on a line (or with a table's ruling
  between them) are cells, and a line of two or more cells is a table row, written with
  its cells separated by tabs; a cell's wrapped text (the next line, under the same
  columns, with no ruling between, or starting in lower case) is put back into its cell;
* the lines of a paragraph that the layout wrapped are joined into one line, across a
  page break too: a line joins the one above when that one is full (the first word would
  not have fitted at its end), stands no further below than a paragraph's lines do, is not
  indented as a first line is, and starts no list item; across a page break, not after a
  sentence's end before a capital. A word broken at a hyphen that ends a line is read as
  one word (the hyphen kept: Vietnamese is not hyphenated by layout engines, so a line-end
  hyphen is the author's, as in a URL or COVID-19; a soft hyphen, U+00AD, is dropped);
* running headers and footers (the same line, numbers aside, in the top or bottom band of
  half the pages or more, two at least) and page numbers are dropped.

The text is then one line per paragraph, heading or table row, as in a .txt report, and
`page_starts` says where each page begins in it. A PDF whose pages hold no text at all is
a scan and needs OCR first; an encrypted or damaged one is an error for that file. Not
handled: text in several columns side by side (read line by line across the columns),
rotated text, and pages that are pictures within a PDF that has text elsewhere (they add
nothing).
"""
from __future__ import annotations

import ctypes
import statistics
from dataclasses import dataclass, field

import pypdfium2 as pdfium  # imported here, before the reading process forks: each file pays no import
import pypdfium2.raw as _pdfium  # PDFium's own calls: one per character, no wrapper objects
import regex

from .common import MAX_PAGES, Extracted, SourceError, TextBudget

BAND = 0.12            # the top and bottom share of a page where headers and footers stand
CELL_GAP = 1.0         # runs on a line further apart than this many line heights are cells
# A page number, its digits masked as 0: "3", "- 3 -", "Trang 3", "3/12", "Page 3 of 12".
_PAGE_NUMBER = regex.compile(r"^[\s\-–—|.(\[]*(?:(?:trang|page|tr\.)\s*)?0(?:\s*(?:/|of|trên)\s*0)?[\s\-–—|.)\]]*$",
                             regex.I)
_DIGITS = regex.compile(r"\d+")
_NEW_ITEM = regex.compile(r"^(?:[-–—•●▪+*]\s|\(?\d{1,2}[.)]\s|\(?[a-zđ][.)]\s|[IVXLC]+\.\s)")
# PDFium reports a hyphen that ends a line as \x02 (or \ufffe): it cannot tell the author's
# hyphen from one the layout added, nor can we, and Vietnamese is not hyphenated by layout
# engines, so it is read as a hyphen. Only an explicit soft hyphen (U+00AD) is the layout's.
_LINE_END_HYPHENS = str.maketrans({"\x02": "-", "\ufffe": "-"})
_LINE = regex.compile(r"[^\r\n]+")  # PDFium's text between the CR LF it puts at each line end
_SOFT_HYPHEN = "\u00ad"
_CLOSING = set("…,.;:!?)]}%”’»")
_SENTENCE_END = set(".!?…:;")


@dataclass(eq=False)
class Cell:
    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


@dataclass(eq=False)
class Line:
    page: int  # 1-based
    cells: list[Cell]
    where: float = 0.5  # the line's middle, from the page's bottom (0) to its top (1)
    parts: list[tuple[int, str]] = field(default_factory=list)  # (page, text) once joined

    @property
    def left(self) -> float:
        return self.cells[0].left

    @property
    def right(self) -> float:
        return self.cells[-1].right

    @property
    def top(self) -> float:
        return max(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return min(c.bottom for c in self.cells)

    @property
    def height(self) -> float:
        cells = self.cells
        return cells[0].height if len(cells) == 1 else statistics.median(c.height for c in cells)

    @property
    def text(self) -> str:
        return "\t".join(c.text for c in self.cells)


def extract(data: bytes) -> Extracted:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise SourceError(_open_error(str(exc))) from None
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise SourceError(f"a PDF of {count} pages (over {MAX_PAGES}): refused")
        if count == 0:
            raise SourceError("the PDF has no pages")
        pages, chars = [], 0
        budget = TextBudget()
        for number in range(1, count + 1):
            page = pdf[number - 1]
            try:
                lines, found = _page_lines(page, number, budget)
            finally:
                page.close()
            pages.append(lines)
            chars += found
    finally:
        pdf.close()
    if not chars:
        raise SourceError("the PDF has no text layer (a scan?): it needs OCR first, e.g. ocrmypdf IN.pdf OUT.pdf")
    _drop_furniture(pages)
    return _assemble(pages)


def _open_error(message: str) -> str:
    lowered = message.lower()
    if "password" in lowered:
        return "the PDF is encrypted (password protected): decrypt it first"
    if "format" in lowered or "file" in lowered:
        return "not a readable PDF (damaged or truncated)"
    if "security" in lowered:
        return "the PDF uses an unsupported security handler"
    return f"not a readable PDF ({' '.join(message.split())[:120]})"


# -- one page ---------------------------------------------------------------------------


def _page_lines(page, number: int, budget: TextBudget) -> tuple[list[Line], int]:
    """The page's lines, top to bottom, each of cells left to right; and its character count."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        runs, found = _runs(textpage)
    finally:
        textpage.close()
    for run in runs:
        budget.take(run.text)
    boxes = list(_path_boxes(page)) if runs else []  # drawn paths: table borders among them
    vertical = _vertical_rulings(boxes)
    lines = [line for line in (_cells_of(group, vertical, number) for group in _rows(runs)) if line.cells]
    for line in lines:
        line.where = (line.top + line.bottom) / 2 / max(height, 1.0)
    return _merge_wrapped_cells(lines, _horizontal_rulings(boxes)), found


def _runs(textpage) -> tuple[list[Cell], int]:
    """The page's runs of text, as PDFium lays them out (its "rects": a stretch of a line in
    one text object, however wide a justified line's spaces), each with exactly its own
    characters, never read by area: in tightly set Vietnamese a capital's tone mark reaches
    into the line above. PDFium's text breaks into lines (at the CR LF it puts between
    them); a line that is one rect is that rect's text; the characters of a line of several
    rects (table cells side by side) go each to the first rect, in order, holding its centre."""
    raw = textpage.raw
    count = _pdfium.FPDFText_CountChars(raw)
    text = textpage.get_text_range() if count else ""
    if len(text) != count:  # characters past U+FFFF come as two: read them one by one
        text = "".join(_char(_pdfium.FPDFText_GetUnicode(raw, i)) for i in range(count))
    text = text.translate(_LINE_END_HYPHENS)
    runs: list[Cell] = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        rects = _pdfium.FPDFText_CountRects(raw, start, end - start)
        boxes = [textpage.get_rect(k) for k in range(rects)]
        if len(boxes) == 1:
            runs.append(Cell(*boxes[0], line.group()))
        elif boxes:
            runs.extend(Cell(*box, chars) for box, chars in zip(boxes, _share(raw, text, start, end, boxes)))
    return [run for run in runs if run.text.strip()], count


def _share(raw, text: str, start: int, end: int, boxes: list) -> list[str]:
    """text[start:end], a line of several rects, shared out: each character to the first
    rect from the current one on that holds its centre (a space to the current one)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    where = [ctypes.byref(v) for v in (left, right, bottom, top)]
    shares: list[list[str]] = [[] for _ in boxes]
    k = 0
    for i in range(start, end):
        ch = text[i]
        if ch.isspace() or not _pdfium.FPDFText_GetCharBox(raw, i, *where):
            shares[k].append(" ")
            continue
        x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        for j in range(k, len(boxes)):
            l, b, r, t = boxes[j]
            if l - 0.5 <= x <= r + 0.5 and b - 0.5 <= y <= t + 0.5:
                k = j
                break
        shares[k].append(ch)
    return ["".join(chars) for chars in shares]


def _char(code: int) -> str:
    return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def _rows(runs: list[Cell]) -> list[list[Cell]]:
    """Runs grouped into lines: a run joins a line when their middles overlap it."""
    rows: list[list[Cell]] = []
    for run in sorted(runs, key=lambda r: -(r.top + r.bottom) / 2):
        middle = (run.top + run.bottom) / 2
        for row in reversed(rows[-3:]):
            top, bottom = max(c.top for c in row), min(c.bottom for c in row)
            row_middle = (top + bottom) / 2
            if bottom <= middle <= top and run.bottom <= row_middle <= run.top:
                row.append(run)
                break
        else:
            rows.append([run])
    return rows


def _cells_of(runs: list[Cell], rulings: list[tuple[float, float, float]], page: int) -> Line:
    """A line's runs joined into cells: neighbours close together (a space apart) are one
    cell, unless a vertical ruling stands between them."""
    runs = sorted(runs, key=lambda r: r.left)
    cells = [Cell(runs[0].left, runs[0].bottom, runs[0].right, runs[0].top, runs[0].text)]
    for run in runs[1:]:
        cell = cells[-1]
        gap = run.left - cell.right
        y = (run.top + run.bottom) / 2
        ruled = any(cell.right - 1 <= x <= run.left + 1 and low <= y <= high for x, low, high in rulings)
        if gap > CELL_GAP * min(cell.height, run.height) or ruled:
            cells.append(Cell(run.left, run.bottom, run.right, run.top, run.text))
            continue
        joiner = "" if cell.text.endswith(" ") or run.text.startswith(" ") or gap < 0.15 * run.height else " "
        cell.text += joiner + run.text
        cell.right, cell.bottom, cell.top = run.right, min(cell.bottom, run.bottom), max(cell.top, run.top)
    for cell in cells:
        cell.text = " ".join(cell.text.split())
    return Line(page, [c for c in cells if c.text])


def _path_boxes(page):
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        try:
            yield (obj.get_bounds() if hasattr(obj, "get_bounds") else obj.get_pos())
        except pdfium.PdfiumError:
            continue


def _vertical_rulings(boxes) -> list[tuple[float, float, float]]:
    """Thin upright strokes (table borders) among the page's drawn paths: (x, bottom, top)."""
    return [((l + r) / 2, b, t) for l, b, r, t in boxes if r - l < 2.5 and t - b > 4]


def _horizontal_rulings(boxes) -> list[tuple[float, float, float]]:
    """Thin flat strokes (table borders) among the page's drawn paths: (y, left, right)."""
    return [((b + t) / 2, l, r) for l, b, r, t in boxes if t - b < 2.5 and r - l > 4]


def _merge_wrapped_cells(lines: list[Line], rulings: list[tuple[float, float, float]]) -> list[Line]:
    """A table cell's wrapped text, on the lines under its row, put back into the cell."""
    out: list[Line] = []
    for line in lines:
        row = out[-1] if out else None
        if row is not None and len(row.cells) >= 2 and _continues(row, line, rulings):
            for cell in line.cells:
                target = max(row.cells, key=lambda c: _overlap(c, cell))
                target.text = _join(target.text, cell.text)
            continue
        out.append(line)
    return out


def _overlap(a: Cell, b: Cell) -> float:
    return min(a.right, b.right) - max(a.left, b.left)


def _continues(row: Line, line: Line, rulings: list[tuple[float, float, float]]) -> bool:
    if len(line.cells) >= len(row.cells) or row.bottom - line.top > 1.5 * row.height:
        return False
    if not all(any(_overlap(c, cell) > 0 or abs(c.left - cell.left) < 3 for c in row.cells) for cell in line.cells):
        return False
    left, right = line.left, line.right
    crossing = [y for y, l, r in rulings if l <= right and r >= left]
    if crossing:  # a ruled table: the same row while no ruling lies between the lines
        low, high = (line.top + line.bottom) / 2, (row.top + row.bottom) / 2
        return not any(low < y < high for y in crossing)
    return all(c.text[:1].islower() for c in line.cells)


# -- the whole document -----------------------------------------------------------------


def _drop_furniture(pages: list[list[Line]]) -> None:
    """Remove running headers and footers (a line in a page's top or bottom band that,
    numbers aside, stands in the same band of half the pages or more, two at least) and
    page numbers, in place."""
    marked_pages = []
    counts: dict[str, int] = {}
    for lines in pages:
        marked = []
        for line in dict.fromkeys(lines[:3] + lines[-3:]):
            band = "top" if line.where > 1 - BAND else "bottom" if line.where < BAND else None
            if band:
                marked.append((band + ":" + " ".join(_DIGITS.sub("0", line.text.lower()).split()), line))
        for k in {k for k, _ in marked}:
            counts[k] = counts.get(k, 0) + 1
        marked_pages.append(marked)
    # A running header is on most pages (every other one, with odd and even headers); a
    # sentence that happens to open two pages of a long report is not.
    repeated = max(2, len(pages) / 2)
    for lines, marked in zip(pages, marked_pages):
        for k, line in marked:
            if counts[k] >= repeated or _is_page_number(line.text, len(pages)):
                lines.remove(line)


def _is_page_number(text: str, pages: int) -> bool:
    """"3", "- 3 -", "Trang 3", "3/12": a number no larger than a page number can be (a
    paragraph's last word, "2024", alone on a page's last line, is not one)."""
    masked = " ".join(_DIGITS.sub("0", text.lower()).split())
    return bool(_PAGE_NUMBER.match(masked)) and all(int(n) <= pages + 50 for n in _DIGITS.findall(text))


def _assemble(pages: list[list[Line]]) -> Extracted:
    """The lines as text: a wrapped paragraph joined into one line (across pages too), a
    line per table row; and where each page begins."""
    lines = [line for page in pages for line in page]
    right = _column_right(lines)
    pitch = _line_pitch(pages)
    joined: list[Line] = []
    for line in lines:
        line.parts = [(line.page, line.text)]
        last = joined[-1] if joined else None
        if last is not None and _wraps_into(last, line, right, pitch):
            glue = _glue(last.parts[-1][1], line.text)
            if glue is None:  # a hyphenated word: the hyphen goes, the halves join
                page, text = last.parts[-1]
                last.parts[-1] = (page, text[:-1])
                glue = ""
            last.parts.append((line.page, glue + line.text))
            last.cells = [Cell(line.left, line.bottom, line.right, line.top, "")]  # the wrap test goes on from here
            last.page = line.page
            continue
        joined.append(line)
    chunks: list[str] = []
    first_offset: dict[int, int] = {}
    offset = 0
    for line in joined:
        for page, text in line.parts:
            first_offset.setdefault(page, offset + len(text) - len(text.lstrip(" ")))  # after the glue
            chunks.append(text)
            offset += len(text)
        chunks.append("\n")
        offset += 1
    starts, following = [], offset
    for number in range(len(pages), 0, -1):  # a page without text begins where the next one does
        following = first_offset.get(number, following)
        starts.append(following)
    starts = [0] + list(reversed(starts))[1:]
    return Extracted("".join(chunks), page_starts=tuple(starts))


def _column_right(lines: list[Line]) -> float:
    """Where the text column ends: the right edge that the longer one-cell lines reach."""
    edges = sorted(line.right for line in lines if len(line.cells) == 1 and len(line.cells[0].text) >= 20)
    if not edges:
        edges = sorted(line.right for line in lines) or [0.0]
    return edges[int(0.9 * (len(edges) - 1))]


def _spacing(a: Line, b: Line) -> float:
    """How far below `a` line `b` stands, in line heights (so a heading's larger type counts
    alike)."""
    return (a.top + a.bottom - b.top - b.bottom) / 2 / max(a.height, b.height)


def _line_pitch(pages: list[list[Line]]) -> float | None:
    """The usual spacing of the lines of a paragraph, in line heights (the commonest between
    one-cell lines that follow each other on a page), or None if there are too few."""
    seen: dict[float, int] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if len(a.cells) == len(b.cells) == 1:
                spacing = round(_spacing(a, b) * 20) / 20
                if 0 < spacing < 3:
                    seen[spacing] = seen.get(spacing, 0) + 1
    if sum(seen.values()) < 3:
        return None
    return max(seen, key=lambda d: (seen[d], -d))


def _wraps_into(last: Line, line: Line, right: float, pitch: float | None = None) -> bool:
    """Did the layout wrap `last` into `line`? Both are one-cell lines, `line` follows close
    below (or opens the next page), starts no new list item, and its first word would
    not have fitted at the end of `last` (so `last` is full: a paragraph's last line is
    not, unless its last word just fits), and it is not indented as a paragraph's first
    line is."""
    if len(last.cells) != 1 or len(line.cells) != 1:
        return False
    text = line.text
    if not text or _NEW_ITEM.match(text):
        return False
    height = max(last.height, line.height)  # a line of dots ("…") has a tiny box
    if line.left > last.left + max(0.6 * height, 4):  # indented further than the line above:
        if len(last.parts) > 1 or not _NEW_ITEM.match(last.parts[0][1]):
            return False  # a paragraph's first line, unless it runs on a list item's first line (a hanging indent)
    if line.page == last.page:
        if line.top > last.bottom + 0.5 * height:  # not below
            return False
        if pitch is not None:  # further down than a paragraph's lines are apart: a new paragraph
            if _spacing(last, line) > pitch * 1.2 + 0.05:
                return False
        elif last.bottom - line.top > 1.2 * height:
            return False
    elif last.parts[-1][1].rstrip()[-1:] in _SENTENCE_END and not (text[0].islower() or text[0].isdigit()):
        return False  # across a page break, no distance tells: a sentence ended, a new one starts
    # To have fitted, the first word needed a space before it as well.
    first_word = " " + text.split(" ", 1)[0]
    word_width = (line.right - line.left) * len(first_word) / max(len(text), 1)
    return right - last.right < word_width + 0.6 * height


def _glue(before: str, after: str) -> str | None:
    """What joins two wrapped lines: a space; nothing before closing punctuation (a line
    may break before "…"), nor after a hyphen between two letters or digits (COVID-19, a
    URL: the word is read as one, hyphen kept); None after a soft hyphen (the layout's:
    it is dropped and the halves join)."""
    if after[:1] in _CLOSING:
        return ""
    if len(before) > 1 and before[-2].isalnum() and after[:1].isalnum():
        if before[-1] == _SOFT_HYPHEN:
            return None
        if before[-1] == "-":
            return ""
    return " "


def _join(before: str, after: str) -> str:
    """Two wrapped pieces of one cell as one text."""
    glue = _glue(before, after)
    return before[:-1] + after if glue is None else before + glue + after
