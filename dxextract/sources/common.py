"""What every format's reader hands back, and the limits that hold for untrusted files."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .isolated import SourceError

# Limits for a hostile file. A report is a few MB; these are far above any real one.
MAX_FILE_BYTES = 256 << 20      # a PDF, DOCX or HTML file larger than this is refused
MAX_TEXT_CHARS = 64 << 20       # extracted text beyond this is refused
MAX_PAGES = 10_000              # a PDF with more pages is refused
MAX_UNZIPPED_BYTES = 512 << 20  # a DOCX whose parts unpack to more is refused (zip bomb)
MAX_ZIP_ENTRIES = 10_000        # a DOCX with more parts is refused
MEMORY = 2 << 30                # memory a parser may take beyond what the process holds
TIMEOUT = 300.0                 # seconds a parser may take for one file


@dataclass(frozen=True)
class Extracted:
    """The text dxextract reads from one file: `text` is what `dxextract text` prints and
    what every offset points into. `page_starts[k]` is the offset where page k + 1 begins
    (PDF only); `date` is the date the file itself states it was published (HTML only)."""

    text: str
    page_starts: Optional[tuple[int, ...]] = None
    date: Optional[str] = None


class TextBudget:
    """Counts extracted characters and refuses past MAX_TEXT_CHARS."""

    def __init__(self, limit: int = MAX_TEXT_CHARS):
        self.left = limit

    def take(self, text: str) -> str:
        self.left -= len(text)
        if self.left < 0:
            raise SourceError(f"holds more than {MAX_TEXT_CHARS >> 20} M characters of text: refused")
        return text


def one_line(text: str) -> str:
    """Whitespace (line breaks, tabs included) as single spaces, ends trimmed: a table cell."""
    return " ".join(text.split())


__all__ = ["Extracted", "SourceError", "TextBudget", "one_line"]
