"""The provinces merged in 2025: a mention counts for the unit of the report's time (before the
merger each of the 63 provinces stands on its own, after it the unit it is part of), and a
province called by its name before the merger (`tỉnh Kiên Giang cũ`) tells a text written
after it."""
from __future__ import annotations

from typing import Optional, Sequence

import regex

from .gazetteer import Unit
from .rule_checks import check_examples, check_fields, check_strings


class Merger:
    """The units that came to be with the merger, the year they did, and the words that mark
    an old name (rules/provinces.yaml, section `old_name_marks`)."""

    def __init__(self, units: dict[str, Unit], old_name_marks: Sequence[str] = ()):
        self.units = units
        # The units that came to be with the 2025 merger, and the year they did: in a report of a
        # year before it each of the 63 provinces stands on its own.
        self.year = min((u.since for u in units.values() if u.since), default=None)
        self._before_merger = {u.id: [v.id for v in units.values() if v.now == u.id and v.id != u.id]
                               for u in units.values() if u.since}
        # "tỉnh Kiên Giang cũ": a province called by its name before the merger, in a text
        # written after it
        self._old_name_mark = regex.compile(r"[^\S\n]*+\(?[^\S\n]*+(?:" + "|".join(
            regex.escape(w) for w in sorted(old_name_marks, key=len, reverse=True)) + r")(?![\p{L}\p{M}])",
            regex.IGNORECASE) if old_name_marks else None

    @classmethod
    def from_rulebook(cls, rulebook, units: dict[str, Unit]) -> "Merger":
        old_name_marks: list[str] = []
        for e in rulebook.section("old_name_marks"):
            check_fields(e, {"id", "after", "examples"})
            check_strings(e, "after", required=True)
            check_examples(e, ("text", "province"))
            old_name_marks.extend(e["after"])
        return cls(units, old_name_marks)

    def year_written(self, text: str, named: list[tuple[int, int, str, float]], year: Optional[int]) -> Optional[int]:
        """The year a report on `year` counts its mentions in: the merger's, where it names an
        old province by its name before the merger (`named`: start, end, unit, weight)."""
        if self._old_name_mark and self.before_in(year) and any(
                self.units[unit].now != unit and self._old_name_mark.match(text, end) for _, end, unit, _ in named):
            # Written after the merger, whatever year its figures are of: the old provinces it
            # names count for the units they are now part of.
            return self.year
        return year

    def groups(self, scores: dict[str, float], year: Optional[int]) -> dict[str, float]:
        """The evidence of each unit of the report's time (`unit_then`)."""
        groups: dict[str, float] = {}
        for unit, score in scores.items():
            then = self.unit_then(unit, year)
            groups[then] = groups.get(then, 0.0) + score
        return groups

    def before_in(self, year: Optional[int]) -> bool:
        """Whether a report on `year` is of the time before the merger."""
        return year is not None and self.year is not None and year < self.year

    def in_use(self, unit: str, written: Optional[int]) -> bool:
        """Whether a unit's name was in use in the year a report was written: one of the 63, or
        one that came to be by then (Huế from 2025)."""
        since = self.units[unit].since
        return since is None or (written is not None and written >= since)

    def unit_then(self, unit: str, year: Optional[int]) -> str:
        """The unit a mention of `unit` counts for in a report on `year`: after the 2025 merger
        (or with no year) the post-2025 unit, with the units merged into it; before it the
        province itself (a 2023 feature on Đà Nẵng and Hội An, Quảng Nam, names two provinces),
        and a later name for the province of that time ("Huế" for Thừa Thiên Huế)."""
        if not self.before_in(year):
            return self.units[unit].now
        earlier = self._before_merger.get(unit)
        return earlier[0] if earlier and len(earlier) == 1 and self.units[unit].since > year else unit
