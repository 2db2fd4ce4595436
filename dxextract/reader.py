"""Bytes → text: pick the encoding, decode incrementally, hand out blocks of whole lines.

Nothing is normalised here (normalize.py does that): a block's text is exactly a slice of
the decoded document, so offsets into it are offsets into the source (code points, BOM not
counted). Encodings, in order: a forced one; a UTF-8 or UTF-16 BOM; UTF-8 if every byte
decodes; else Windows-1258 (cp1258, usually with combining tone marks, kept as they are).

Every problem that can be known before reading the text (missing file, binary content,
undecodable bytes) is raised as InputError by the first ``next()``, before any block:
seekable input is read twice, a validation pass then the decoding pass. Input that cannot
seek (stdin from a pipe, a FIFO) is first spooled to a temporary file.

An empty file (or one holding only a BOM) yields no blocks.
"""
from __future__ import annotations

import bisect
import codecs
import errno
import re
import shutil
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import BinaryIO, Iterator, Optional

_CHUNK = 1 << 18  # bytes per read: memory stays small, per-chunk overhead stays negligible
_SNIFF = 8192  # bytes after a BOM judged for binary content
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GUESSES = ("utf-8", "cp1258")
_BREAK = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = ("\n\n", "\r\n\r\n", "\r\r")  # a line break then an empty line
# Control characters that do not occur in text; \t \n \v \f \r and ESC (colour codes) do.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SPACES = " \t\xa0\f\v\u3000"
_REASONS = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "is a directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class InputError(Exception):
    """One input that cannot be read; str(e) is ``f"{path}: {reason}"`` on one line."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # picklable, for worker processes
        return InputError, (self.path, self.reason)


@dataclass(frozen=True)
class Block:
    """A run of whole lines of the decoded document (or a piece of an over-long line)."""

    text: str
    offset: int  # code-point offset of text[0] in the document
    line: int  # 1-based line of text[0]
    col: int = 1  # 1-based column of text[0]; > 1 only after an over-long line was split
    page: Optional[int] = None  # 1-based page of text[0], for paged inputs (PDF)
    page_starts: tuple[int, ...] = ()  # offsets in text where the next pages begin

    def page_at(self, i: int) -> Optional[int]:
        """The page of text[i] (None for an input without pages)."""
        if self.page is None:
            return None
        return self.page + bisect.bisect_right(self.page_starts, i)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [m.end() for m in _BREAK.finditer(self.text)]

    def locate(self, i: int) -> tuple[int, int]:
        """(line, col), 1-based, of text[i]; i == len(text) gives the position just after."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"position {i} outside block of {len(self.text)} characters")
        starts = self._line_starts
        k = bisect.bisect_right(starts, i)  # \r\n is one match, so its \n stays on its line
        if k == 0:
            return self.line, self.col + i
        return self.line + k, i - starts[k - 1] + 1


def read_blocks(path: str, encoding: str | None = None, block_chars: int = 1 << 20) -> Iterator[Block]:
    """Blocks of the decoded text of ``path`` (``-`` is stdin), about block_chars long.

    Blocks end at line breaks, preferably after a blank line in the budget's last quarter.
    A line up to 4 × block_chars stays whole in one block; a longer one is cut at a space
    near the budget (the next block then has col > 1). Concatenated, blocks are the text.
    """
    if block_chars < 1:
        raise ValueError("block_chars must be at least 1")
    return _read_blocks(path, encoding, block_chars)


def _read_blocks(path: str, forced: str | None, limit: int) -> Iterator[Block]:
    if forced is not None:
        try:
            "".encode(forced)  # looks the name up; rejects non-text codecs (base64, rot13)
        except (LookupError, UnicodeError):
            raise InputError(path, f"unknown encoding {forced}") from None
    try:
        with _source(path) as f:
            start = f.tell()
            name, why = _pick_encoding(path, f, start, forced)
            f.seek(start)
            yield from _cut_blocks(_decode(f, name), limit)
    except OSError as e:
        raise InputError(path, _REASONS.get(e.errno) or (e.strerror or str(e)).lower()) from None
    except _Undecodable as e:  # only if the file changed between the two passes
        raise InputError(path, _cannot_decode(name, why, e.at)) from None


@contextmanager
def _source(path: str) -> Iterator[BinaryIO]:
    f = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        if f.seekable():
            yield f
        else:  # a pipe cannot be read twice: keep a copy (in memory while small)
            with tempfile.SpooledTemporaryFile(max_size=16 * _CHUNK) as spool:
                shutil.copyfileobj(f, spool, _CHUNK)
                spool.seek(0)
                yield spool
    finally:
        if path != "-":
            f.close()


def _utf16_hint(head: bytes) -> str:
    """UTF-16 written without a BOM looks binary: NUL on every other byte. Say so."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 8 and odd.count(0) * 2 > len(odd) and even.count(0) * 10 < len(even):
        return " (looks like UTF-16 without a BOM: try --encoding utf-16-le)"
    if len(head) >= 8 and even.count(0) * 2 > len(even) and odd.count(0) * 10 < len(odd):
        return " (looks like UTF-16 without a BOM: try --encoding utf-16-be)"
    return ""


def _pick_encoding(path: str, f: BinaryIO, start: int, forced: str | None) -> tuple[str, str]:
    """The encoding every byte of f decodes with, and why it was chosen; else InputError."""
    head = f.read(_SNIFF + 3)
    bom = next(((b, n) for b, n in _BOMS if head.startswith(b)), None)
    if forced:
        names, why, skip = [forced], "forced", 0
    elif bom:
        names, why, skip = [bom[1]], "bom", len(bom[0])
    else:
        names, why, skip = list(_GUESSES), "guess", 0
    # Judge binary on characters, so UTF-16's NUL bytes do not count; latin-1 maps bytes
    # one to one, and control bytes mean the same in UTF-8 and cp1258.
    sample = head[skip : skip + _SNIFF].decode("latin-1" if why == "guess" else names[0], "replace")
    if len(_CONTROL.findall(sample)) * 20 > len(sample):  # over 5%: stray NULs still pass
        raise InputError(path, "binary file, not text" + _utf16_hint(head[skip:skip + _SNIFF]))
    failures = []
    for name in names:
        f.seek(start)
        try:
            for _ in _decode(f, name):
                pass
            return name, why
        except _Undecodable as e:
            failures.append(e.at)
    if why == "guess":
        raise InputError(path, f"cannot decode as utf-8 (byte {failures[0]}) or cp1258 (byte {failures[1]})")
    raise InputError(path, _cannot_decode(names[0], why, failures[0]))


def _cannot_decode(name: str, why: str, at: int) -> str:
    how = {"forced": " (forced with --encoding)", "bom": " (declared by a BOM)"}.get(why, "")
    return f"cannot decode as {name} at byte {at}{how}"


class _Undecodable(Exception):
    def __init__(self, at: int):
        self.at = at  # byte offset from the start of the input


def _decode(f: BinaryIO, name: str) -> Iterator[str]:
    """Decoded pieces of f from where it stands; a leading BOM is dropped."""
    decoder = codecs.getincrementaldecoder(name)()
    fed = 0  # bytes handed to the decoder so far
    first = True
    while True:
        data = f.read(_CHUNK)
        held = len(decoder.getstate()[0])  # bytes of a split character kept from the last chunk
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeError as e:  # e.start counts from the held bytes ('utf-16' without BOM has none)
            raise _Undecodable(fed - held + getattr(e, "start", 0)) from None
        fed += len(data)
        if first and text:
            first = False
            if text[0] == "\ufeff":
                text = text[1:]
        if text:
            yield text
        if not data:
            return


def _cut_blocks(pieces: Iterator[str], limit: int) -> Iterator[Block]:
    # buf[pos:] is the text not yet handed out; slicing only when a piece arrives keeps
    # tiny budgets from copying the buffer once per block.
    buf, pos, eof = "", 0, False
    offset, line, col = 0, 1, 1
    while True:
        cut = _next_cut(buf, pos, limit, eof)
        if cut is None:
            if eof:
                return
            piece = next(pieces, None)
            if piece is None:
                eof = True
            else:
                buf, pos = buf[pos:] + piece, 0
            continue
        text, pos = buf[pos:cut], cut
        yield Block(text, offset, line, col)
        offset += len(text)
        breaks = text.count("\n")
        crs = text.count("\r")
        if crs:  # a block never splits \r\n, so each pair is counted once here
            breaks += crs - text.count("\r\n")
        if breaks:  # only a break-free piece of an over-long line ends mid-line
            line, col = line + breaks, 1
        else:
            col += len(text)


def _next_cut(buf: str, pos: int, limit: int, eof: bool) -> int | None:
    """End of the block starting at buf[pos], or None when more text is needed first."""
    size = len(buf) - pos
    if size <= limit:
        return len(buf) if eof and size else None
    end = pos + limit  # buf[end] exists, so a \r before it can be told from a \r\n
    # A paragraph break in the budget's last quarter keeps sentences whole.
    found = [(buf.rfind(b, end - limit // 4, end), len(b)) for b in _BLANK_LINES]
    ends = [i + n for i, n in found if i >= 0 and buf[i + n - 1 : i + n + 1] != "\r\n"]
    if ends:
        return max(ends)
    p = max(buf.rfind("\n", pos, end), buf.rfind("\r", pos, end))
    if p >= 0 and buf[p] == "\r" and buf[p + 1] == "\n":  # this \r\n straddles the budget
        p = max(buf.rfind("\n", pos, p), buf.rfind("\r", pos, p))
    if p >= 0:
        return p + 1
    # The first line outruns the budget: keep it whole up to 4 × budget.
    far = pos + 4 * limit  # a break at buf[far] still ends a line of exactly 4 × budget
    hits = [i for i in (buf.find("\n", pos, far + 1), buf.find("\r", pos, far + 1)) if i >= 0]
    if hits:
        i = min(hits)
        if buf[i] == "\n":
            return i + 1
        if i + 1 < len(buf):
            return i + 2 if buf[i + 1] == "\n" else i + 1
        return i + 1 if eof else None
    if len(buf) <= far:
        return len(buf) if eof else None
    # Longer still: cut after a space near the budget, else hard at the budget, but
    # never between a letter and its combining marks.
    s = max(buf.rfind(c, pos + limit // 2, end) for c in _SPACES)
    if s >= 0:
        return s + 1
    cut = end
    while cut > pos + 1 and unicodedata.combining(buf[cut]):
        cut -= 1
    return cut
