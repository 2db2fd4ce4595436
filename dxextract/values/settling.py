"""Settling what the rules and traps claimed: the strongest of overlapping finds, the finds
a trap takes, and what became of each number of a text."""
from __future__ import annotations

import bisect
from operator import itemgetter
from typing import Iterable

from ..claims import Exclusion, Fate, Find

def fates(numbers: list[tuple[int, int]], finds: list[Find], excluded: list[Exclusion]) -> list[Fate]:
    """What became of each number: the value it is, the value it is part of, the trap that
    took it, or nothing. Each is asked only when those before it have nothing to say: most
    numbers are values or taken by a trap."""
    values = Claimed((f.num_start, f.num_end, f) for f in finds).at
    parts = Claimed((f.reach_start, f.reach_end, f) for f in finds).at
    taken = Claimed((x.start, x.end, x) for x in excluded).at
    fates = []
    for start, end in numbers:
        value = values(start, end)
        if value is not None:
            fates.append(Fate(start, end, "value", value.rule, value.kind))
            continue
        part = parts(start, end)
        if part is not None:
            fates.append(Fate(start, end, "part", part.rule, part.kind))
            continue
        trap = taken(start, end)
        if trap is not None:
            fates.append(Fate(start, end, "excluded", trap.trap, trap.reason))
        else:
            fates.append(Fate(start, end, "unexplained", None, None))
    return fates


class Claimed:
    """Claims (values, parts, traps) by span, for the question "which claim overlaps this
    number?" in log time: among the spans starting before the number ends, the one reaching
    furthest overlaps it if any does."""

    def __init__(self, spans: Iterable[tuple[int, int, object]]):
        ordered = sorted(spans, key=itemgetter(0))
        self.starts = [s for s, _, _ in ordered]
        # For each span, the furthest end of it and those before it, and the claim reaching it.
        self.reaches: list[int] = []
        self.claims: list[object] = []
        reach, reaching = -1, None
        for _, end, claim in ordered:
            if end > reach:
                reach, reaching = end, claim
            self.reaches.append(reach)
            self.claims.append(reaching)

    def at(self, start: int, end: int) -> object:
        """The claim that overlaps the number [start, end), or None."""
        i = bisect.bisect_left(self.starts, end)
        return self.claims[i - 1] if i and self.reaches[i - 1] > start else None

    def over(self, numbers: list[tuple[int, int]]) -> list:
        """For each number (a span), the claim that overlaps it, or None."""
        at = self.at
        return [at(start, end) for start, end in numbers]


class Intervals:
    """Disjoint [start, end) intervals kept in order, for overlap tests in log time:
    a block of a long report holds thousands of finds and traps."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # intervals starting before `end`
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def merged(spans: list[tuple[int, int]]) -> Intervals:
    """The union of possibly overlapping spans, as disjoint intervals."""
    out = Intervals()
    for s, e in sorted(spans):
        if out.ends and s < out.ends[-1]:
            out.ends[-1] = max(out.ends[-1], e)
        else:
            out.starts.append(s)
            out.ends.append(e)
    return out


def trapped_cell(f: Find, excluded: list[Exclusion], reasons: frozenset[str]) -> bool:
    """Whether a trap of one of `reasons` takes a table cell's number. A cell holds its
    number alone: a trap that reads the words before it ("Thôn 47", "mức 2") reads the
    neighbouring cell of a flattened row, so only traps of the number's own shape count."""
    return any(x.start < f.num_end and f.num_start < x.end and x.reason in reasons for x in excluded)


def settle(finds: list[Find]) -> list[Find]:
    """Keep the strongest of overlapping finds: priority, then the longer span. Only finds
    that overlap one another compete, so each run of them is settled on its own: a table of
    100,000 cells is 100,000 runs of one, not one contest (which took time growing with the
    square of the finds)."""
    out: list[Find] = []
    run: list[Find] = []
    reach = -1
    for f in sorted(finds, key=lambda f: (f.start, f.end)):
        if run and f.start >= reach:
            out.extend(_strongest(run))
            run = []
        run.append(f)
        reach = f.end if len(run) == 1 else max(reach, f.end)
    out.extend(_strongest(run))
    return sorted(out, key=lambda f: f.start)


def _strongest(finds: list[Find]) -> list[Find]:
    """Of finds that overlap one another (directly or through others), the strongest that
    do not overlap any stronger one kept."""
    if len(finds) < 2:
        return finds
    kept = Intervals()
    out: list[Find] = []
    for f in sorted(finds, key=lambda f: (-f.priority, -(f.end - f.start), f.start)):
        if not kept.overlaps(f.start, f.end):
            kept.add(f.start, f.end)
            out.append(f)
    return out
