"""What the rules claim in a text: the values they find, the non-values the traps take,
and for every number of the text what became of it (the answer `dxextract explain` gives).
Offsets are in normalised text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .records import fast_frozen_init

# Why a number is not a value: SPEC section 4. Each trap of rules/traps.yaml names one.
REASONS = ("date", "period", "identifier", "version", "furniture", "list", "name", "other", "unit")
# What became of a number: a value's own number; a part of a value (a fraction's total, the
# 100 of a rate's "/100 dân"); taken by a trap; or nothing — a hole in the rules.
STATUSES = ("value", "part", "excluded", "unexplained")


@dataclass(frozen=True, slots=True)
class Find:
    """One value a rule found, before meaning is attached."""

    rule: str
    kind: str
    start: int
    end: int
    value: float
    total: Optional[float]
    unit: Optional[str]
    num_start: int
    num_end: int
    reach_start: int  # what the rule's match covers: its numbers beyond the value's own are parts
    reach_end: int
    priority: int
    qualifier: Optional[str] = None  # fixed by the rule (the ends of a range)
    role: Optional[str] = None       # fixed by the rule ("tăng 1 bậc" is a change)
    label: Optional[str] = None      # fixed by the rule (a table row's heading)
    scope: Optional[str] = None      # fixed by the rule (a table's "Cấp xã" sub-row)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Where a trap matched: the numbers in it are no values, for `reason`."""

    trap: str
    reason: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Fate:
    """What became of one number of the text."""

    start: int
    end: int
    status: str            # one of STATUSES
    rule: Optional[str]    # the value rule, or the trap, that took it
    reason: Optional[str]  # the value's kind, or the trap's reason


# A report's finds, traps' matches and numbers' fates are built by the ten thousand: through
# their slots' own setters (a fate 2.1 -> 1.1 us to build).
fast_frozen_init(Find)
fast_frozen_init(Exclusion)
fast_frozen_init(Fate)


@dataclass
class Tally:
    """How many numbers of a report met each fate; filled as the report is read."""

    value: int = 0
    part: int = 0
    excluded: int = 0
    unexplained: int = 0

    def count(self, fates) -> None:
        for fate in fates:
            setattr(self, fate.status, getattr(self, fate.status) + 1)

    def add(self, other: "Tally") -> None:
        for status in STATUSES:
            setattr(self, status, getattr(self, status) + getattr(other, status))

    @property
    def numbers(self) -> int:
        return self.value + self.part + self.excluded + self.unexplained
