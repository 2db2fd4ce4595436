"""The inputs and rules of a run, checked before any is read: --encoding, --input-format and
the rule folders (--rules); and the help texts of their options."""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from .exits import EXIT_USAGE, err

if TYPE_CHECKING:  # the pipeline is imported only by commands that run it: --help stays fast
    from ..pipeline import Extractor

RULES_HELP = "A folder of your own rule files, merged over the built-in rules (repeatable)."
ENCODING_HELP = "Force the input encoding, e.g. utf-8, utf-16-le, cp1258 (default: detect)."
INPUT_FORMAT_HELP = "Read every input as text, pdf, docx or html (default: auto, by its bytes, then its name)."
INPUTS_HELP = """Inputs are read by what they are: plain text, PDF (its text layer; records get a page),
DOCX (paragraphs and tables) or a saved web page (HTML: the article only). The file's first
bytes decide, then its extension; --input-format forces one. `dxextract text FILE` prints
the text that offsets point into."""


def check_reading(encoding: Optional[str], input_format: Optional[str]) -> Optional[str]:
    """--encoding and --input-format checked once for all inputs; the input format's name
    (None: detect)."""
    _check_encoding(encoding)
    return _check_input_format(input_format)


def _check_encoding(encoding: Optional[str]) -> None:
    """An unknown --encoding is a usage error, said once, not a failure of every input."""
    if encoding is None:
        return
    try:
        codecs.lookup(encoding)
        "".encode(encoding)  # rejects codecs that are not text encodings (base64, rot13)
    except (LookupError, UnicodeError, ValueError):
        err(f"unknown encoding {encoding!r} (--encoding): try utf-8, utf-16, cp1258")
        raise typer.Exit(EXIT_USAGE) from None


def _check_input_format(name: Optional[str]) -> Optional[str]:
    """The --input-format value as a format name (None: detect); unknown is a usage error."""
    from ..sources import input_format  # noqa: PLC0415

    try:
        return input_format(name)
    except ValueError as exc:
        err(f"{exc} (--input-format)")
        raise typer.Exit(EXIT_USAGE) from None


def load_extractor(rule_dirs: List[Path]) -> "Extractor":
    from ..pipeline import extractor_for  # noqa: PLC0415
    from ..rules import RuleError  # noqa: PLC0415

    try:
        return extractor_for(tuple(str(d) for d in rule_dirs))
    except RuleError as exc:
        err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
