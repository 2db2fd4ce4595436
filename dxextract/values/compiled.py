"""The compiled value rules and traps of a rulebook: their records, and the checks of their
fields that a rule of your own (`--rules DIR`) is held to."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import regex

from ..claims import REASONS
from ..patterns import WORD_LIST, LazyPattern, check_fields, compile_pattern, requirements
from ..records import KINDS, ROLES
from ..rules import RuleError, builtin_rules_dir
from .follows import after_number
from .pattern_shape import opening_strings, opens_on_digit, opens_with_number

# before_number, after_number: as a trap's, the words or signs next to the value's number
VALUE_FIELDS = {"id", "kind", "priority", "pattern", "unit", "role", "qualifier", "case", "requires", "number", "traps", "follows",
                "before_number", "after_number", "examples", "none", "_file"}
# keep: look-alikes that stay values; reason: why its numbers are no values (SPEC section 4)
# before_number, after_number: the words or signs next to a number that every match takes
# number_shape: what the word holding a number that every match takes has; number: spelled
# when every match takes a number written in words; opens_at_number: every match opens on
# the first digit of a number, the one its before_number/after_number stand next to (`shaped`:
# and the one whose word has its number_shape)
TRAP_FIELDS = {"id", "reason", "pattern", "case", "requires", "examples", "keep", "region", "before_number",
               "after_number", "number_shape", "number", "opens_at_number", "_file"}


@dataclass(frozen=True)
class CompiledRule:
    id: str
    kind: str
    priority: int
    regex: Union[regex.Pattern, LazyPattern]  # a built-in rule's compiles when first used
    unit: Optional[str]
    role: Optional[str]
    requires: tuple[str, ...] = ()  # one of these (casefolded) must be in the text, or the rule is not tried
    spelled: bool = False           # its number is always spelled: it runs only near spelled number words
    vetted: bool = False            # built in, so it runs without the timeout
    trapped: bool = True            # its finds are checked against the traps
    # What comes after its number (`follows`): the rule opens with its number and is tried
    # only at numbers this matches after, anchored there, instead of scanning its windows.
    follows: Optional[Union[regex.Pattern, LazyPattern]] = None
    # What stands next to the number of every match, as a trap's (`before_number`,
    # `after_number`): the rule runs only in windows where a number has such a neighbour.
    before_number: frozenset[str] = frozenset()
    after_number: frozenset[str] = frozenset()
    # Its own bit among its finder's rules and traps: the sets of them a window fits or
    # meets are ints (see ValueFinder.__init__).
    bit: int = 0
    # What every match opens with, casefolded, as its pattern spells it (`opening_strings`:
    # the words of a spelled number, a verb): the rule is tried only where one of these
    # stands in its window, anchored there, instead of at every character of it.
    opens_on: tuple[str, ...] = ()
    # The qualifier every match states in its own span ("5.600+ tin nhắn": ">"), if any.
    qualifier: Optional[str] = None

    @property
    def placed(self) -> bool:
        return bool(self.before_number or self.after_number)


@dataclass(frozen=True)
class CompiledTrap:
    id: str
    reason: str
    regex: Union[regex.Pattern, LazyPattern]
    requires: tuple[str, ...]
    vetted: bool
    # Its match is a stretch of the page (the list of related articles under a story), not
    # a number's surroundings: it runs over the whole text, and every number in it is its
    # own, a percent too.
    region: bool = False
    # What stands next to a number that every match takes, past spaces (`before_number`,
    # `after_number`), as the casefolded word or sign touching the number's side: the trap
    # runs only in windows where a number has such a neighbour. Neither: every window.
    before_number: frozenset[str] = frozenset()
    after_number: frozenset[str] = frozenset()
    # What the word holding a number that every match takes has (`number_shape`: a year's
    # four digits, a letter glued before the digits), the word being the characters between
    # spaces around the number: the trap runs only in windows where some number's word has it.
    number_shape: Optional[Union[regex.Pattern, LazyPattern]] = None
    # Every match takes a number written in words (`number: spelled`): the trap runs only in
    # windows holding one.
    spelled: bool = False
    # Every match opens on the first digit of a number in digits (`opens_at_number`), the
    # number its `before_number`/`after_number` stand next to when it says them: the trap is
    # tried anchored at those numbers of its window, not scanned over the window.
    opens_at_number: bool = False
    # Every match opens on a number whose own word has its `number_shape` (`opens_at_number:
    # shaped`): it is tried only at those.
    opens_at_shape: bool = False
    bit: int = 0  # as a rule's

    @property
    def placed(self) -> bool:
        return bool(self.before_number or self.after_number)

    @property
    def shaped(self) -> bool:
        return self.placed or self.number_shape is not None or self.spelled or self.opens_at_number


class RuleCompiler:
    """Compiles the entries of rule files into value rules and traps, checking their fields,
    with the macros and word lists of the rulebook."""

    def __init__(self, macros: dict, lexicons: dict):
        self.macros = macros
        self.lexicons = lexicons

    def value_rule(self, entry: dict) -> CompiledRule:
        check_fields(entry, VALUE_FIELDS)
        where = (entry["_file"], entry["id"])
        if entry["kind"] not in KINDS:
            raise RuleError(*where, f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if entry.get("role") not in (None, *ROLES):
            raise RuleError(*where, f"role {entry['role']!r} is not one of {', '.join(ROLES)}")
        priority = entry.get("priority", 0)
        if not isinstance(priority, int):
            raise RuleError(*where, "'priority' must be a whole number")
        built_in = _built_in(entry)
        pattern = compile_pattern(entry, self.macros, self.lexicons, lazy=built_in)
        if not built_in and "num" not in pattern.groupindex:
            raise RuleError(*where, "pattern needs a named group 'num' holding the number")
        number = entry.get("number", "any")
        if number not in ("any", "spelled"):
            raise RuleError(*where, f"'number' must be 'any' or 'spelled', not {number!r}")
        trapped = entry.get("traps", True)
        if not isinstance(trapped, bool):
            raise RuleError(*where, f"'traps' must be true or false, not {trapped!r}")
        follows = self._follows(entry) if "follows" in entry else None
        before, after = (self._neighbours(entry, side) for side in ("before_number", "after_number"))
        opens_on = opening_strings(pattern.pattern, self.lexicons)
        if any(len(s) < _OPENING_LENGTH for s in opens_on):  # a sign like "(" stands nearly everywhere
            opens_on = frozenset()
        return CompiledRule(entry["id"], entry["kind"], priority, pattern, entry.get("unit"), entry.get("role"),
                            requirements(entry), number == "spelled", built_in, trapped, follows, before, after,
                            opens_on=tuple(sorted(opens_on)), qualifier=entry.get("qualifier"))

    def _follows(self, entry: dict) -> regex.Pattern:
        where = (entry["_file"], entry["id"])
        follows = entry["follows"]
        if not isinstance(follows, list) or not follows or not all(isinstance(f, str) and f for f in follows):
            raise RuleError(*where, "'follows' must be a list of pattern fragments")
        if entry.get("number", "any") != "any" or not opens_with_number(entry["pattern"]):
            raise RuleError(*where, "a rule with 'follows' must open with its number, {digits} or {num} (look-arounds "
                                    "before it are fine), in every alternative, with no optional part before or around it")
        # Only its text is used, in the scanner of what follows numbers: compiled here to
        # check a rule of your own.
        return compile_pattern({**entry, "case": "insensitive", "pattern": after_number(follows)},
                               self.macros, self.lexicons, lazy=_built_in(entry))

    def trap(self, entry: dict) -> CompiledTrap:
        check_fields(entry, TRAP_FIELDS)
        reason = entry.get("reason", "other")
        if reason not in REASONS:
            raise RuleError(entry["_file"], entry["id"], f"reason {reason!r} is not one of {', '.join(REASONS)}")
        built_in = _built_in(entry)
        region = entry.get("region", False)
        if not isinstance(region, bool):
            raise RuleError(entry["_file"], entry["id"], f"'region' must be true or false, not {region!r}")
        before, after = (self._neighbours(entry, side) for side in ("before_number", "after_number"))
        if region and (before or after):
            raise RuleError(entry["_file"], entry["id"], "a trap with 'region' runs over the whole text: it takes no "
                                                         "'before_number' or 'after_number'")
        shape = entry.get("number_shape")
        number = entry.get("number", "any")
        if number not in ("any", "spelled"):
            raise RuleError(entry["_file"], entry["id"], f"'number' must be 'any' or 'spelled', not {number!r}")
        if region and (shape is not None or number != "any"):
            raise RuleError(entry["_file"], entry["id"], "a trap with 'region' runs over the whole text: it takes no "
                                                         "'number_shape' or 'number'")
        if shape is not None:
            shape = compile_pattern({**entry, "pattern": shape}, self.macros, self.lexicons, lazy=built_in)
        pattern = compile_pattern(entry, self.macros, self.lexicons, lazy=built_in)
        opening = entry.get("opens_at_number", False)
        if not isinstance(opening, bool) and opening != "shaped":
            raise RuleError(entry["_file"], entry["id"],
                            f"'opens_at_number' must be true, false or shaped, not {opening!r}")
        if opening == "shaped" and shape is None:
            raise RuleError(entry["_file"], entry["id"], "'opens_at_number: shaped' needs a 'number_shape'")
        if opening and (region or number != "any" or not opens_on_digit(pattern.pattern)):
            raise RuleError(entry["_file"], entry["id"], "a trap with 'opens_at_number' must open on a digit: past "
                                                         "look-arounds, every alternative begins with \\d, a digit or "
                                                         "a class of digits that is not optional (and it takes no "
                                                         "'region' or 'number: spelled')")
        return CompiledTrap(entry["id"], reason, pattern, requirements(entry), built_in, region, before, after, shape,
                            number == "spelled", bool(opening), opening == "shaped")

    def _neighbours(self, entry: dict, side: str) -> frozenset[str]:
        """`before_number` or `after_number`: strings (or word lists, `\\L<name>`) one of which
        stands next to a number that every match of the trap takes, past spaces. Kept is
        the part that touches the number: the word of letters, or the one sign."""
        strings = entry.get(side)
        if strings is None:
            return frozenset()
        where = (entry["_file"], entry["id"])
        if not isinstance(strings, list) or not strings or not all(isinstance(s, str) and s.strip() == s and s
                                                                     for s in strings):
            raise RuleError(*where, f"'{side}' must be a list of strings, none empty or with spaces at its ends")
        words = []
        for s in strings:
            listed = WORD_LIST.fullmatch(s)
            if listed and listed.group(1) not in self.lexicons:
                raise RuleError(*where, f"'{side}' names the word list {listed.group(1)!r}, which no rule file has")
            words.extend(self.lexicons[listed.group(1)] if listed else [s])
        touching = _LAST_WORD if side == "before_number" else _FIRST_WORD
        return frozenset(touching.search(w.casefold()).group() for w in words)


# A rule is tried where what it opens with stands only when that is a word: a shorter string
# (a bracket) stands so often that a scan of the window costs less (measured).
_OPENING_LENGTH = 2
_FIRST_WORD = regex.compile(r"^(?:[\p{L}\p{M}]++|.)", regex.DOTALL)
_LAST_WORD = regex.compile(r"(?r)(?:[\p{L}\p{M}]++|.)$", regex.DOTALL)


def _built_in(entry: dict) -> bool:
    return Path(entry["_file"]).parent == builtin_rules_dir()
