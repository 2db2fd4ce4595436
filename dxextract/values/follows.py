"""The `follows` scan: one pass over a text's numbers that reads, for each, which of the
rules' `follows` patterns match what comes after it, so each such rule is tried anchored at
the numbers it follows instead of read over its windows."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..patterns import WORD_LIST, compile_pattern
from .rule_sets import bits_of


@dataclass(frozen=True)
class Followed:
    """What `FollowsScan.read` reads of a text."""

    by_rule: dict[str, list[int]]  # for each rule, the starts of the numbers it follows
    starts: list[int]              # the numbers some rule follows, in order
    bits: list[int]                # for each of them, the bits of the rules that follow it


class FollowsScan:
    """The scanner of what follows the numbers of a text, for the rules that say it."""

    def __init__(self, followed: list, macros: dict, lexicons: dict):
        """`followed`: the compiled rules with a `follows`."""
        self.followed = followed
        # Rules that say the same `follows` share its test in the scan (the bracket, the slash).
        self._follows = list(dict.fromkeys(r.follows.pattern for r in followed))
        self.scanner = self._scanner(self._follows, macros, lexicons)
        self.bits = bits_of(followed)
        # Numbers are followed by few different sets of rules: each set is made once.
        self._followers = lru_cache(maxsize=256)(self._rules_followed)

    @staticmethod
    def _scanner(follows: list[str], macros: dict, lexicons: dict) -> Optional[regex.Pattern]:
        """The numbers ({digits}) of a text, and which of the `follows` patterns match where
        what follows each starts (past spaces and scale words): group `f<i>` is set when the
        i-th does. One scan of the text, where each such rule in each window would otherwise
        read every number again."""
        if not follows:
            return None
        # The scan stands past every space (its possessive `\h*+`) where it tries them, so the
        # guard each opens with against a run of spaces always holds there: left out, 27 tests
        # a number fewer (the scan over 150 corpus texts 0.40 -> 0.32 s, the same groups set).
        each = "".join(f"(?:(?={_guarded_word_lists(f.removeprefix(_NO_SPACE), lexicons)})(?P<f{i}>))?"
                       for i, f in enumerate(follows))
        return compile_pattern({"_file": "(follows)", "id": None, "pattern": f"{{digits}}(?={_PAST_SCALE}{each})"},
                               macros, lexicons)

    def read(self, text: str) -> Followed:
        """For each rule that something it `follows` comes after, the starts of those numbers
        of the text, in order: a window finds its own by bisection; and the numbers that some
        rule follows, each with the bits of those rules."""
        if self.scanner is None:
            return _NONE_FOLLOWED
        by_rule: dict[str, list[int]] = {}
        starts: list[int] = []
        bits: list[int] = []
        for m in self.scanner.finditer(text):
            if m.lastindex is not None:
                start = m.start()
                rule_ids, rule_bits = self._followers(m.groups())
                starts.append(start)
                bits.append(rule_bits)
                for rule_id in rule_ids:
                    at = by_rule.get(rule_id)
                    if at is None:
                        by_rule[rule_id] = [start]
                    else:
                        at.append(start)
        return Followed(by_rule, starts, bits)

    def _rules_followed(self, groups: tuple[Optional[str], ...]) -> tuple[tuple[str, ...], int]:
        """The ids of the rules whose `follows` has its group set (each set group holds ""),
        and their bits."""
        met = {pattern for pattern, group in zip(self._follows, groups) if group is not None}
        rules = [rule for rule in self.followed if rule.follows.pattern in met]
        return tuple(rule.id for rule in rules), bits_of(rules)


_NONE_FOLLOWED = Followed({}, [], [])


def after_number(fragments: list[str]) -> str:
    """A pattern for `follows`: one of the fragments, tried where what follows a number
    starts (past spaces and scale words). No space stands there (the spaces are passed), so the
    pattern says so first: a fragment that looks back over spaces ("(?<=\\p{L}\\h*)") is then
    never tried inside a run of them, where each try read the run back to its start."""
    return _NO_SPACE + "(?:" + "|".join(f"(?:{f})" for f in fragments) + ")"


_NO_SPACE = "(?!\\h)"


# Spaces and scale words after a number, all of them: what a rule `follows` comes after.
_PAST_SCALE = r"\h*+(?:{scale}\h*+)*+"


def _guarded_word_lists(pattern: str, lexicons: dict) -> str:
    """Each `\\L<name>` of `pattern` opened by a look-ahead for the first letters of the list's
    words: the engine tries a word list by hashing the text's next letters at each length its
    words have, where a class fails in one test at most places (the scanner of what follows
    numbers tries four lists at each number: 0.82 -> 0.71 s over 150 corpus texts; the value
    rules that name lists gained nothing, 0.43 s either way). The same matches: every word
    of the list opens on one of those letters, read in the pattern's case mode as the list
    is, and the group keeps a quantifier on the list applying to both."""
    def guarded(m: regex.Match) -> str:
        words = lexicons.get(m.group(1))
        if not words or not all(words):
            return m.group()
        firsts = "".join("\\" + c if c in _CLASS_SPECIALS else c for c in sorted({w[0] for w in words}))
        return f"(?:(?=[{firsts}]){m.group()})"
    return WORD_LIST.sub(guarded, pattern)


_CLASS_SPECIALS = frozenset("\\]^-[")
