"""dxextract: every indicator value in Vietnamese digital-transformation reports, with its span.

`dxextract.extract(text)` returns the records of one text; the `dxextract` command reads
files. Submodules are imported on first use, so importing the package stays cheap.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["extract", "Record", "__version__"]


def __getattr__(name: str):
    if name == "extract":
        from .pipeline import extract

        return extract
    if name == "Record":
        from .records import Record

        return Record
    raise AttributeError(f"module 'dxextract' has no attribute {name!r}")
