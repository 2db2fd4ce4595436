"""File → text, by what the file is: plain text, PDF, DOCX or a saved web page (HTML).

`open_source(path)` looks at the file's first bytes (then its extension; `input_format`
forces one) and returns a `Source`: the text as blocks (reader.Block), with the page of
every character for a PDF and the publication date a web page states. Offsets are into
the extracted text, which `extracted_text(path)` gives whole (what `dxextract text`
prints), so `record.text == extracted[record.start:record.end]` holds for every format.

Plain text streams (reader.py). The other formats are read whole by a parser built for
them, in a child process with a memory and time limit (isolated.py): a report is
untrusted, and a hostile PDF or DOCX must not hang the run or take the machine's memory.
Every problem is a reader.InputError "PATH: reason", raised by `open_source` (for plain
text by the first block, as reader.read_blocks raises it).
"""
from __future__ import annotations

import bisect
import importlib
import os
import sys
from dataclasses import dataclass
from typing import Iterator, Optional

from ..reader import Block, InputError, _cut_blocks, read_blocks
from . import common, isolated
from .common import Extracted

FORMATS = ("text", "pdf", "docx", "html")
ALIASES = {"txt": "text", "htm": "html"}
_BY_EXTENSION = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".html": "html", ".htm": "html",
                 ".xhtml": "html", ".shtml": "html"}
_NAMES = {"pdf": "a PDF", "docx": "a DOCX", "html": "an HTML page"}
_SNIFF = 2048
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, .xls


@dataclass
class Source:
    """One input's text as blocks, and what its format says about it."""

    path: str
    format: str
    blocks: Iterator[Block]
    date: Optional[str] = None  # the publication date the file states (HTML), ISO


def input_format(name: Optional[str]) -> Optional[str]:
    """The format a --input-format value names (None: detect); ValueError if unknown."""
    if name is None or name == "auto":
        return None
    key = ALIASES.get(name.lower(), name.lower())
    if key not in FORMATS:
        raise ValueError(f"unknown input format {name!r}: choose auto, {', '.join(FORMATS)}")
    return key


def open_source(path: str, encoding: Optional[str] = None, forced: Optional[str] = None,
                block_chars: int = 1 << 20) -> Source:
    """The input at `path` (`-` is stdin) read by what it is; InputError if it cannot be."""
    forced = input_format(forced)
    head = _head(path)
    # An input that cannot be opened is the text reader's to name (no such file, a folder …).
    kind = forced or ("text" if head is None else detect(path, head))
    if kind == "text":
        return Source(path, "text", read_blocks(path, encoding, block_chars))
    extracted = extract(path, kind, forced=forced is not None)
    return Source(path, kind, blocks_of(extracted, block_chars), extracted.date)


def extracted_text(path: str, encoding: Optional[str] = None, forced: Optional[str] = None) -> Iterator[str]:
    """The text dxextract reads from `path`, in pieces: the offsets of its records index it."""
    for block in open_source(path, encoding, forced).blocks:
        yield block.text


def detect(path: str, head: bytes) -> str:
    """The format of a file from its first bytes, then its extension. A file whose name
    says PDF or DOCX but whose bytes are something else is an InputError, not text."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # any other zip is refused by the DOCX reader, with what it is
    ext = os.path.splitext(path)[1].lower()
    if head.startswith(_OLE):
        raise InputError(path, "a Word or Excel 97-2003 file (.doc, .xls): save it as .docx first")
    if _looks_like_html(head):
        return "html"
    claimed = _BY_EXTENSION.get(ext)
    if claimed in ("pdf", "docx"):
        raise InputError(path, f"not {_NAMES[claimed]} file: {_what_it_is(head)}; "
                               "--input-format text reads it as text")
    return claimed or "text"


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        return b"<html" in start
    while start.startswith(b"<!--"):  # a comment before the doctype (saved pages have one)
        end = start.find(b"-->")
        if end < 0:
            return False
        start = start[end + 3:].lstrip()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"))


def _what_it_is(head: bytes) -> str:
    if not head:
        return "the file is empty"
    if head.startswith(b"\x1f\x8b"):
        return "it is gzip-compressed"
    if b"\x00" in head[:512]:
        return "its bytes are of another binary format"
    return "it holds plain text (renamed?)"


def _head(path: str) -> Optional[bytes]:
    """The first bytes of the input, without consuming stdin; None if it cannot be opened."""
    try:
        if path == "-":
            stdin = sys.stdin.buffer
            return stdin.peek(_SNIFF)[:_SNIFF] if hasattr(stdin, "peek") else b""
        with open(path, "rb") as f:
            return f.read(_SNIFF)
    except OSError:
        return None


def extract(path: str, kind: str, forced: bool = False) -> Extracted:
    """A PDF, DOCX or HTML input's text, read in an isolated child process."""
    data = _read_bytes(path)
    if kind == "pdf" and b"%PDF-" not in data[:1024]:
        raise InputError(path, f"not a PDF file: {_what_it_is(data[:_SNIFF])}" + (" (forced with --input-format)" if forced else ""))
    if kind == "docx" and not data.startswith(b"PK\x03\x04"):
        raise InputError(path, f"not a DOCX file: {_what_it_is(data[:_SNIFF])}" + (" (forced with --input-format)" if forced else ""))
    # The format's module (and its library) is imported here, in this process, once: the
    # child that reads each file is forked with it loaded.
    parse = importlib.import_module(f".{kind}", __package__).extract
    try:
        return isolated.run(parse, data, timeout=common.TIMEOUT, memory=common.MEMORY)
    except isolated.SourceError as exc:
        raise InputError(path, str(exc)) from None


def _read_bytes(path: str) -> bytes:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(common.MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as f:
                data = f.read(common.MAX_FILE_BYTES + 1)
    except OSError as exc:
        from ..reader import _REASONS  # noqa: PLC0415

        raise InputError(path, _REASONS.get(exc.errno) or (exc.strerror or str(exc)).lower()) from None
    if len(data) > common.MAX_FILE_BYTES:
        raise InputError(path, f"larger than {common.MAX_FILE_BYTES >> 20} MB: refused")
    return data


def blocks_of(extracted: Extracted, block_chars: int = 1 << 20) -> Iterator[Block]:
    """The extracted text cut into blocks as the text reader cuts them, each block knowing
    the page of each of its characters."""
    starts = extracted.page_starts
    for block in _cut_blocks(iter([extracted.text] if extracted.text else []), block_chars):
        if starts is None:
            yield block
            continue
        end = block.offset + len(block.text)
        inner = tuple(s - block.offset for s in starts if block.offset < s < end)
        yield Block(block.text, block.offset, block.line, block.col,
                    page=bisect.bisect_right(starts, block.offset), page_starts=inner)


__all__ = ["FORMATS", "Source", "open_source", "extracted_text", "detect", "input_format", "blocks_of"]
