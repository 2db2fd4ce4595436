"""Reading a rule's match into its finds: the number (with its scale words), the total, the
unit as the rule or the text names it, and a range's two values."""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Callable, Optional

import regex

from ..claims import Find
from ..normalize import fold
from ..numbers import NumberReader
from ..rules import Rulebook
from .compiled import CompiledRule


class MatchReader:
    """Reads the finds of a rule's match, with the rulebook's number reader and unit names."""

    def __init__(self, book: Rulebook, reader: NumberReader):
        # The same few thousand surfaces ("100%", "2025") recur through an archive.
        self._read_number = lru_cache(maxsize=_NUMBER_CACHE_SIZE)(reader.read)
        self.unit_names = {}
        for rf in book.files:
            self.unit_names.update({fold(k): v for k, v in (rf.data.get("unit_names") or {}).items()})
        self._groups_of: dict[str, Callable[[tuple], tuple]] = {}  # see _find_groups

    def unit_name(self, surface: Optional[str]) -> Optional[str]:
        if surface is None:
            return None
        return self.unit_names.get(fold(surface), surface)


    def finds(self, rule: CompiledRule, m: regex.Match) -> tuple[Find, ...]:
        """The value of a rule's match, or the two of a range (none when its number does not read)."""
        # The groups' spans by number, all at once: asking a match for its groups by name,
        # or for its groupdict, cost more than the rest of the find (count.noun alone matches
        # thousands of times in a hundred reports). A group the pattern lacks is unmatched.
        spans = m.regs + _UNMATCHED
        text = m.string
        num, scale1, scale, total, unit, num2, span, span2, per, named = self._find_groups(rule)(spans)
        try:
            # `scale`: the scale words of the number ("3.800" "tỷ"), which the first number of
            # a range shares with its second ("từ 1,2 đến 1,5 tỷ") unless it says its own in
            # `scale1` ("từ 90 tỷ đến 200 tỷ USD", "từ 500 triệu đến 1,2 tỷ đồng").
            scaled_by = scale1 if scale1[1] > scale1[0] else scale if scale[1] > scale[0] else None
            value = self._read_number(text[num[0]:num[1]] + (text[scaled_by[0]:scaled_by[1]] if scaled_by else ""))
            total = self._read_number(text[total[0]:total[1]]) if total[1] > total[0] else None
        except ValueError:
            return ()
        written = text[unit[0]:unit[1]] if unit[0] >= 0 else None
        unit = rule.unit or self.unit_name(written)
        if per[0] >= 0 and unit:
            # A rate said with a word for its slash ("12 người trên một vạn dân"): its unit as
            # written with one ("người/vạn dân", "đồng/tháng": a rate's unit is its words, VND none).
            unit = f"{rule.unit or written}/{text[per[0]:per[1]]}"
        range_ = num2[0] >= 0
        # `named`: the name the rule reads the value under ("KMO = 0,893"), its label.
        label = text[named[0]:named[1]] if named[0] >= 0 else None
        span = (span if span[0] >= 0 else (num[0], scale1[1]) if range_ and scale1[1] > scale1[0]
                else num if range_ else spans[0])
        if not range_:
            return (Find(rule.id, rule.kind, *span, value, total, unit, *num, *spans[0], rule.priority,
                         qualifier=rule.qualifier, role=rule.role, label=label),)
        span2 = span2 if span2[0] >= 0 else num2
        return (Find(rule.id, rule.kind, *span, value, total, unit, *num, *spans[0], rule.priority,
                     qualifier=">=", role=rule.role, label=label),
                Find(rule.id, rule.kind, *span2, self._read_number(text[num2[0]:num2[1]]), None, unit,
                     *num2, *spans[0], rule.priority, qualifier="<=", role=rule.role, label=label))

    def _find_groups(self, rule: CompiledRule) -> Callable[[tuple], tuple]:
        """What takes the spans of the groups `finds` reads, in its order, from a match's
        spans by group number (-1, the unmatched span after them, for a group the pattern
        lacks); made when the rule first matches."""
        take = self._groups_of.get(rule.id)
        if take is None:
            index = rule.regex.groupindex
            take = self._groups_of[rule.id] = itemgetter(*(index.get(name, -1) for name in _FIND_GROUPS))
        return take




# The groups of a rule's match that make its finds, in the order `MatchReader.finds` takes them.
_FIND_GROUPS = ("num", "scale1", "scale", "total", "unit", "num2", "span", "span2", "per", "named")
_UNMATCHED = ((-1, -1),)
_NUMBER_CACHE_SIZE = 8192
