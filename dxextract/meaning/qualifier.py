"""Qualifier: the word that bounds a number (trên, gần, tối thiểu…), from
rules/qualifiers.yaml, only when it bounds the number and not the noun after it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..records import QUALIFIERS
from ..rules import RuleError, Rulebook
from ..patterns import meets, requirements, stored_pattern
from .words import Before, FoldedText, WordsAtEnd, last_word, optional_words, required, words_regex


@dataclass(frozen=True)
class _Qualifier:
    symbol: str
    before: WordsAtEnd
    after: Optional[regex.Pattern]
    unless_unit: Optional[regex.Pattern]
    unless_after: Optional[regex.Pattern]
    unless_next: Optional[regex.Pattern]
    unless_before: Optional[regex.Pattern] = None  # what before the words makes them no bound
    only_before: Optional[regex.Pattern] = None    # what must stand before the words for them to bound
    only_after: Optional[regex.Pattern] = None     # what must open the phrase after the value


def _ending_on(fragments: Optional[list[str]]) -> Optional[regex.Pattern]:
    """A pattern for one of the regex fragments ending a text (a word's start before it), read
    backwards from the end; None for none."""
    return stored_pattern("(?r)(?<![\\p{L}\\p{M}])(?:" + "|".join(fragments) + r")\s*$", regex.IGNORECASE) \
        if fragments else None


# How far before a value its bounding words are looked for (characters).
_REACH = 40


class QualifierReader:
    def __init__(self, book: Rulebook, cache_size: int):
        entries = book.section("qualifiers")
        words = [e for e in entries if e.get("before")]
        self.qualifiers = [self._qualifier(e) for e in words]
        # A text's last word rules out nearly every qualifier: only those with a word ending
        # on it are tried, in the rules' order.
        self.ending_on: dict[str, list[_Qualifier]] = {}
        for q in self.qualifiers:
            for last in q.before.last_words:
                self.ending_on.setdefault(last, []).append(q)
        self.all_bounds = [w for e in words for w in e["before"]]
        # Only words that bound a number on their own ("từ" needs "trở lên" after it).
        self.bound_at_end = WordsAtEnd.of([w for e in words if not (e.get("after") or e.get("only_after") or e.get("only_before"))
                                           for w in e["before"]])
        # Cues that govern the rest of a sentence ("Ước tính tháng 8, …"): (symbol, pattern,
        # strings one of which the sentence must hold for the pattern to be tried).
        self.governing = [(self._symbol(e), _compile_cues(e), requirements(e)) for e in entries if e.get("governs")]
        # Words right after a value (past its noun) that bound it on their own: "đạt 95% trở lên";
        # with the words folded, for a substring test that spares the regex nearly every value.
        self.trailing = [(self._symbol(e), tuple(w.casefold() for w in e["after_value"]),
                          stored_pattern(r"(?<!\s)\s*+(?:[\p{L}\p{M}]+\s+){0,2}?" + words_regex(e["after_value"]).pattern,
                                         regex.IGNORECASE))
                         for e in entries if e.get("after_value")]
        # Pure functions of the phrases around a value, which repeat from value to value.
        self._after_value = lru_cache(maxsize=cache_size)(self._after_value)
        self._bound_before = lru_cache(maxsize=cache_size)(self._bound_before)

    @staticmethod
    def _symbol(entry: dict) -> str:
        symbol = entry.get("symbol")
        if symbol not in QUALIFIERS:
            raise RuleError(entry.get("_file", "?"), entry.get("id"), f"symbol must be one of {' '.join(QUALIFIERS)}")
        return symbol

    @classmethod
    def _qualifier(cls, entry: dict) -> _Qualifier:
        symbol = cls._symbol(entry)
        before = WordsAtEnd.of(required(entry, "before", list))
        after, unless, unless_after, unless_next = (optional_words(entry.get(key)) for key in
                                                    ("after", "unless_unit", "unless_after", "unless_next"))
        # Regex fragments, one of which ends the text right before the words: that makes them no
        # bound ("cài trên": on), or must, for them to bound ("từ 5.000.000 đồng đến": the far
        # end of a range); and a pattern that must open the phrase after the value ("đến
        # 10.000.000 đồng": its near end).
        unless_before, only_before = (_ending_on(entry.get(key)) for key in ("unless_before", "only_before"))
        only_after = stored_pattern(entry["only_after"], regex.IGNORECASE) if entry.get("only_after") else None
        return _Qualifier(symbol, before, after, unless, unless_after, unless_next, unless_before, only_before, only_after)

    def of(self, text_before: Before, right_raw: str, block: FoldedText) -> str:
        """The symbol bounding a value, from the words before it (`text_before`) and the phrase
        after it (`right_raw`) in its block."""
        near = text_before.tail(_REACH)
        # Most values' last word before them ends no bounding words: told by the dict alone.
        symbol = self._bound_before(near.text, near.last, right_raw) if near.last in self.ending_on else "="
        if symbol == "=" and self.trailing:
            symbol = self._after_value(right_raw, block.folded is None) or symbol
        return symbol

    def _bound_before(self, before: str, last: str, right_raw: str) -> str:
        """The symbol of the words that bound a value before it (`before`, its last word `last`),
        where the phrase after it (`right_raw`) allows them; "=" when none do. A pure function
        of its phrases, which repeat from value to value."""
        noun = right_raw.lstrip()
        # The longest bounding words win: "không quá" (<=) over the "quá" (>) it ends with.
        best_start, symbol = len(before), "="
        for q in self.ending_on.get(last, ()):
            words = q.before.search(before, last)
            if words is None or words.start() >= best_start:
                continue
            if q.after is not None and not q.after.search(right_raw[:60]):
                continue
            if q.unless_unit is not None and q.unless_unit.match(noun):
                continue
            if q.unless_after is not None and q.unless_after.search(right_raw[:60]):
                continue
            if q.unless_next is not None and q.unless_next.match(noun):
                continue
            if q.unless_before is not None and q.unless_before.search(before, 0, words.start()):
                continue
            if q.only_before is not None and not q.only_before.search(before, 0, words.start()):
                continue
            if q.only_after is not None and not q.only_after.match(right_raw):
                continue
            best_start, symbol = words.start(), q.symbol
        return symbol

    def _after_value(self, right_raw: str, unfolded: bool) -> Optional[str]:
        """The symbol of the words that bound a value after it, if any; `unfolded`: its block
        does not fold character for character (so no substring test spares the regex)."""
        folded = right_raw.casefold()
        for symbol, words, after in self.trailing:
            if (unfolded or meets(words, folded)) and after.match(right_raw):
                return symbol
        return None

    def governing_in(self, block: FoldedText, start: int, end: int) -> list[tuple[str, regex.Pattern, tuple[str, ...]]]:
        """The governing cues that may stand in text[start:end] (a sentence): one substring test
        a cue for the sentence, not one for each of its values (most sentences hold none)."""
        return [cue for cue in self.governing if block.holds(cue[2], start, end)]

    def governed(self, block: FoldedText, s_start: int, at: int,
                 governing: list[tuple[str, regex.Pattern, tuple[str, ...]]]) -> Optional[str]:
        """The symbol of a cue earlier in the sentence that governs the value at `at`, of those
        that may stand in the sentence (`governing_in`)."""
        for symbol, pattern, requires in governing:
            if block.holds(requires, s_start, at) and pattern.search(block.text, s_start, at):
                return symbol
        return None

    def without_bound(self, text: str, last: str) -> tuple[str, str]:
        """`text` less the bounding word it ends with ("tăng hơn " → "tăng "), and its last word then."""
        bound = self.bound_at_end.search(text, last)
        if bound is None:
            return text, last
        bare = text[:bound.start()]  # the words end the text: the match runs to its end
        return bare, last_word(bare)


def _compile_cues(entry: dict) -> regex.Pattern:
    cues = entry["governs"]
    if not isinstance(cues, list) or not all(isinstance(c, str) and c for c in cues):
        raise RuleError(entry.get("_file", "?"), entry.get("id"), "'governs' must be a list of patterns")
    try:
        return stored_pattern("(?:" + "|".join(cues) + ")", regex.MULTILINE)
    except regex.error as exc:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"'governs' does not compile: {exc}") from None
