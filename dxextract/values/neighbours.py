"""What stands by the numbers of a text, and which traps and rules that fits: a trap or rule
that says what the number it takes is like (`before_number`, `after_number`, `number_shape`,
`number: spelled`) runs only in windows where some number is like that."""
from __future__ import annotations

import bisect
from functools import lru_cache, reduce
from operator import or_
from typing import Optional

import regex

from .rule_sets import bits_of

# What every value holds: digits, or a spelled number word of `spelled_value_starts`.
DIGITS = regex.compile(r"\d+")


class NumberFits:
    """The traps and rules (their bits) that say what the number they take is like, and
    which of them the numbers of a text fit."""

    def __init__(self, traps: list, rules: list):
        placed = [t for t in traps if t.placed] + [r for r in rules if r.placed]
        by_shape = [t for t in traps if t.number_shape is not None]
        # The neighbours of a window's numbers repeat ("năm", "/", "số"), and so do the words
        # holding them ("2024", "26/5/2024,"): the traps and rules each one fits are listed once.
        self._fit_before = lru_cache(maxsize=_NEIGHBOUR_CACHE_SIZE)(
            lambda word: bits_of(t for t in placed if _ends_with_one(word, t.before_number)))
        self._fit_after = lru_cache(maxsize=_NEIGHBOUR_CACHE_SIZE)(
            lambda word: bits_of(t for t in placed if _starts_with_one(word, t.after_number)))
        # Traps that say the same `number_shape` (a year's, in fourteen of them) share its test.
        alike: dict[tuple[str, int], list] = {}
        for t in by_shape:
            alike.setdefault((t.number_shape.pattern, t.number_shape.flags), []).append(t)
        shapes = [(same[0].number_shape, bits_of(same)) for same in alike.values()]
        self._fit_word = lru_cache(maxsize=_WORD_CACHE_SIZE)(
            lambda word: reduce(or_, (bits for shape, bits in shapes if shape.search(word)), 0))
        # A trap that declares both a neighbour and a shape needs a number of each in its window.
        self.placed = bits_of(placed)
        self.by_shape = bits_of(by_shape)
        self.spelled_only = bits_of(t for t in traps if t.spelled)

    def unfit(self, numbers: NumberSides, pos: int, endpos: int) -> int:
        """The traps and value rules (their bits) that say what the number they take is like
        and that no number (in digits) of the window [pos, endpos) fits: none has their
        `before_number` or `after_number` beside it, or a word of `number_shape`."""
        first, last = bisect.bisect_left(numbers.starts, pos), bisect.bisect_left(numbers.starts, endpos)
        if first == last:
            return self.placed | self.by_shape
        fit, shapes = self.number_fits(numbers)
        return (self.placed & ~reduce(or_, fit[first:last])) | (self.by_shape & ~reduce(or_, shapes[first:last]))

    def number_fits(self, numbers: NumberSides) -> tuple[list[int], list[int]]:
        """For each number of a text, the traps and rules (their bits) that its neighbours fit,
        and those that its word fits: read once for all the windows around it (a report's
        windows overlap, and the rules' and the traps' windows hold the same numbers)."""
        if numbers.fit is None:
            fit_before, fit_after, fit_word = self._fit_before, self._fit_after, self._fit_word
            numbers.fit = [fit_before(before) | fit_after(after) for before, after in zip(numbers.before, numbers.after)]
            numbers.shapes = [fit_word(word) for word in numbers.words]
        return numbers.fit, numbers.shapes


_NEIGHBOUR_CACHE_SIZE = 4096
_WORD_CACHE_SIZE = 16384


class NumberSides:
    """The numbers (runs of digits) of a text in order, each read once for every window: the
    word or sign touching it on either side past spaces, and the word holding it."""

    __slots__ = ("starts", "before", "words", "after", "fit", "shapes")

    def __init__(self, text: str, starts: Optional[list[int]] = None):
        """`starts`: where the text's runs of digits start, when already known."""
        # The groups of every match at once (a match starts at its digits): a loop over the
        # matches in Python took twice as long.
        sides = _NUMBER_NEIGHBOURS.findall(text)
        self.starts: list[int] = [m.start() for m in DIGITS.finditer(text)] if starts is None else starts
        self.before: list[str] = [before for before, _, _, _, _ in sides]
        self.words: list[str] = [head + digits + tail for _, head, digits, tail, _ in sides]
        self.after: list[str] = [after for _, _, _, _, after in sides]
        # What each number fits, by the bits of a finder's traps and rules (`NumberFits.number_fits`).
        self.fit: Optional[list[int]] = None
        self.shapes: Optional[list[int]] = None


# Each number (run of digits) of a text with what touches it on either side past spaces:
# a word of letters (all of it) or one other sign.
# And the word holding it, as far as 40 characters on either side of its digits
# (a run of text without spaces is then read in time linear in its length). The look-ahead
# for a digit first: the look-behinds are then tried only where a number can start, not at
# every character of the text.
_NUMBER_NEIGHBOURS = regex.compile(r"(?=\d)(?:(?<=(?P<before>[\p{L}\p{M}]++|[^\s\p{L}\p{M}])\s*+))?"
                                   r"(?<=(?P<head>\S{0,40}+))(?<!\d)(?P<digits>\d++)(?=(?P<tail>\S{0,40}+))"
                                   r"(?=\s*+(?P<after>[\p{L}\p{M}]++|\S)?)")


def _starts_with_one(word: str, starts: frozenset[str]) -> bool:
    """Whether the casefolded word or sign after a number can open with one of `starts`
    (a word of letters only where the text's word starts with it, a sign where it is it)."""
    return any(word.casefold().startswith(s) for s in starts)


def _ends_with_one(word: str, ends: frozenset[str]) -> bool:
    return any(word.casefold().endswith(s) for s in ends)
