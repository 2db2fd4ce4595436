"""The records dxextract emits, in the column order of SPEC section 1 (then `page`)."""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from operator import attrgetter
from typing import Optional

KINDS = ("percent", "count", "length", "money", "fraction", "rank", "rate", "measure", "multiple")
QUALIFIERS = ("=", ">", ">=", "<", "<=", "~")
ROLES = ("level", "change", "target")
SCOPES = ("cấp tỉnh", "cấp huyện", "cấp xã")


@dataclass(frozen=True, slots=True)
class Record:
    """One value found in a report. `text == source[start:end]` always holds."""

    doc: str
    start: int
    end: int
    line: int
    col: int
    text: str
    kind: str
    value: float
    total: Optional[float]
    unit: Optional[str]
    qualifier: str
    role: str
    label: Optional[str]
    scope: Optional[str]
    indicator: Optional[str]
    rule: str
    page: Optional[int] = None  # 1-based page of `start` in a paged input (PDF), else None


@dataclass(frozen=True, slots=True)
class Explained:
    """One number of a report and what became of it (`dxextract explain`): the value it is
    (`record`), a part of a value (a fraction's total), a non-value with the trap that took
    it and its reason (SPEC section 4), or unexplained — a hole in the rules."""

    doc: str
    start: int
    end: int
    line: int
    col: int
    text: str             # the number as written
    status: str           # value, part, excluded or unexplained
    rule: Optional[str]   # the value rule or the trap
    reason: Optional[str]  # the value's kind, or the trap's reason
    around: str           # the number in its line, a few words each side, for a person reading
    record: Optional[Record] = None
    page: Optional[int] = None  # 1-based page of the number in a paged input (PDF)


RECORD_FIELDS = tuple(f.name for f in fields(Record))


def fast_frozen_init(cls) -> None:
    """Give a frozen slotted dataclass an __init__ that stores each field through its slot's
    own setter: the generated one calls object.__setattr__ by name per field, and a report's
    records are built by the thousand (about 1.5x faster to build; still frozen after)."""
    names = [f.name for f in fields(cls)]
    defaults = {f"_default_{f.name}": f.default for f in fields(cls) if f.default is not MISSING}
    params = ", ".join(n + (f"=_default_{n}" if f"_default_{n}" in defaults else "") for n in names)
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names)
    scope = {**defaults, **{f"_set_{n}": cls.__dict__[n].__set__ for n in names}}
    exec(f"def __init__(self, {params}):\n{body}", scope)
    scope["__init__"].__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = scope["__init__"]


fast_frozen_init(Record)
fast_frozen_init(Explained)
# A record's fields as a tuple, in column order (one C call, for the writers and workers).
fields_of = attrgetter(*RECORD_FIELDS)
_VALUE, _TOTAL = RECORD_FIELDS.index("value"), RECORD_FIELDS.index("total")
# CSV carries the report's context as two columns after the record's own, and the page
# last (added after the others, so existing column positions stay where they were).
CSV_CONTEXT = ("province", "period")
CSV_COLUMNS = RECORD_FIELDS[:-1] + CSV_CONTEXT + ("page",)


def number_out(value: Optional[float]):
    """Whole numbers print as integers (1482, not 1482.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e18 else value


def record_row(record: Record) -> list:
    """The record's fields in column order, its numbers as they print."""
    row = list(fields_of(record))
    row[_VALUE] = number_out(record.value)
    row[_TOTAL] = number_out(record.total)
    return row


def csv_row(record: Record, context: list) -> list:
    """The record's CSV row: its fields but the page, the context cells, then the page."""
    row = record_row(record)
    page = row.pop()
    row += context
    row.append(page)
    return row
