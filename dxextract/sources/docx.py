"""DOCX → text: the body's paragraphs and tables in document order (python-docx).

A paragraph is one line (a manual line break inside it starts a new line); a table row is
one line, its cells separated by tabs, so the table reader gives cell values their row's
label and the unit of an `ĐVT` heading; a table inside a cell is read into that cell.
Headers, footers, footnotes, comments, text boxes and deleted (tracked) text are not part
of the body and are skipped; empty paragraphs give no line.

The package is checked before python-docx opens it: a zip whose parts would unpack past
MAX_UNZIPPED_BYTES or that has more than MAX_ZIP_ENTRIES parts is refused (zipfile never
unpacks more than a part declares). python-docx's XML parser resolves no entities.
"""
from __future__ import annotations

import io
import zipfile

import docx  # python-docx (imported here, before the reading process forks: each file pays no import)
from lxml import etree

from .common import MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, Extracted, SourceError, TextBudget, one_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not the paragraph's own: drawings and text boxes (Word writes a
# text box twice, in mc:Choice and mc:Fallback), deleted and moved-away text, properties.
_SKIP = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent", W + "del", W + "moveFrom",
         W + "pPr", W + "rPr", W + "sectPr", W + "tblPr", W + "trPr", W + "tcPr", W + "tblGrid"}


def check_package(data: bytes) -> None:
    """SourceError unless `data` is a zip holding a Word document within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError("not a DOCX file: the zip archive is damaged or truncated") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SourceError(f"a DOCX with {len(entries)} parts (over {MAX_ZIP_ENTRIES}): refused")
        unpacked = sum(e.file_size for e in entries)
        if unpacked > MAX_UNZIPPED_BYTES:
            raise SourceError(f"unpacks to {unpacked >> 20} MB (over {MAX_UNZIPPED_BYTES >> 20} MB, "
                              "a zip bomb?): refused")
        names = {e.filename for e in entries}
        if "word/document.xml" not in names:
            what = ("an OpenDocument file (.odt): save it as .docx" if "content.xml" in names
                    else "an Excel workbook, not a Word document" if "xl/workbook.xml" in names
                    else "a zip archive without word/document.xml")
            raise SourceError(f"not a DOCX file: {what}")
        if any(e.flag_bits & 0x1 for e in entries):
            raise SourceError("the DOCX is encrypted: save it without a password first")


def extract(data: bytes) -> Extracted:
    check_package(data)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except etree.XMLSyntaxError as exc:  # malformed, or past lxml's limits (depth, entity expansion)
        raise SourceError(f"the document's XML is malformed or hostile ({' '.join(str(exc).split())[:120]})") from None
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(f"not a readable DOCX file ({' '.join(str(exc).split())[:120]})") from None
    budget = TextBudget()
    lines: list[str] = []
    for element in body.iterchildren():
        _block(element, lines, budget)
    return Extracted("".join(line + "\n" for line in lines))


def _block(element, lines: list[str], budget: TextBudget) -> None:
    """A body-level element: paragraph, table, or a wrapper (content control, custom XML)."""
    tag = element.tag
    if tag == W + "p":
        for line in _paragraph_text(element).split("\n"):
            if line.strip():
                lines.append(budget.take(line.rstrip()))
    elif tag == W + "tbl":
        for row in element.iterchildren(W + "tr"):
            cells = [one_line(_cell_text(tc)) for tc in _cells(row)]
            if any(cells):
                lines.append(budget.take("\t".join(cells)))
    elif tag not in _SKIP:
        for child in element.iterchildren():  # w:sdt/w:sdtContent, w:customXml, w:ins …
            _block(child, lines, budget)


def _cells(row):
    for child in row.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            yield from (tc for tc in child.iter(W + "tc"))


def _cell_text(cell) -> str:
    """A cell's paragraphs (and any nested table's cells) joined by spaces."""
    parts = []
    for child in cell.iterchildren():
        if child.tag == W + "p":
            parts.append(_paragraph_text(child))
        elif child.tag == W + "tbl":
            parts.extend(_cell_text(tc) for row in child.iterchildren(W + "tr") for tc in _cells(row))
        elif child.tag not in _SKIP:
            parts.append(_cell_text(child))
    return " ".join(parts)


def _paragraph_text(p) -> str:
    out: list[str] = []
    _runs(p, out)
    return "".join(out)


def _runs(element, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "p":  # a paragraph nested in a run's content (rare): its own line
            out.append("\n")
            _runs(child, out)
        else:
            _runs(child, out)
