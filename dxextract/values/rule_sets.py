"""Rules or traps tried together, each with a bit of its own, and which of them a window's
required strings meet."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import itemgetter, or_
from typing import Callable, Iterable

from ..patterns import word_automaton

@dataclass(frozen=True)
class RuleSet:
    """Rules (or traps) tried together, and whether some of them say what the number they
    take is like."""

    members: tuple
    shaped: bool = False
    # What reads the members (their bits) one of whose required strings a window holds, and
    # the members that require none.
    _met: Callable[[str], int] = field(init=False, repr=False, compare=False)
    _unrequired: int = field(init=False, repr=False, compare=False)
    # Windows hold few different sets of the members their strings meet (about a thousand in
    # 150 reports, against 8,000 windows): the members of a set are listed once.
    _members_of: Callable[[int], tuple] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len({rule.bit for rule in self.members}) != len(self.members) or not all(r.bit for r in self.members):
            raise ValueError("the members of a rule set need bits of their own")
        object.__setattr__(self, "_met", _required_strings_reader(self.members))
        object.__setattr__(self, "_unrequired", bits_of(rule for rule in self.members if not rule.requires))
        object.__setattr__(self, "_members_of", lru_cache(maxsize=_MEETING_CACHE_SIZE)(self._members_in))

    @classmethod
    def of(cls, rules: Iterable) -> "RuleSet":
        members = tuple(rules)
        return cls(members, any(getattr(rule, "shaped", False) for rule in members))

    def meeting_requires(self, folded: str, unfit: int = 0) -> tuple:
        """The members whose `requires` a window, casefolded, meets, but those `unfit` has the
        bits of (traps that no number of the window fits). The window is read once for all
        the members' required strings."""
        return self._members_of((self._unrequired | self._met(folded)) & ~unfit)

    def _members_in(self, bits: int) -> tuple:
        return tuple(rule for rule in self.members if rule.bit & bits)


def _required_strings_reader(members: Iterable) -> Callable[[str], int]:
    """What reads, in a casefolded window, the bits of the rules or traps (`members`) one of
    whose `requires` it holds: one pass of an Aho-Corasick automaton over the window finds
    every required string at once, where a test of each string (`in`, about 170 of them)
    read the window again for each. Each rule set has its own, so a window is read only for
    the strings of the rules tried in it (the traps of regions have eight, over whole texts)."""
    requiring: dict[str, int] = {}
    for member in members:
        for word in member.requires:
            requiring[word] = requiring.get(word, 0) | member.bit
    if not requiring:
        return lambda folded: 0
    found = word_automaton(requiring).iter
    return lambda folded: reduce(or_, map(_FOUND_VALUE, found(folded)), 0)


_FOUND_VALUE = itemgetter(1)  # an automaton's find is (where it ends, its value)


def bits_of(rules: Iterable) -> int:
    """The bits of rules or traps, as one int."""
    out = 0
    for rule in rules:
        out |= rule.bit
    return out


_MEETING_CACHE_SIZE = 1024
