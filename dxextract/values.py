"""Find values: apply the value rules and the traps of `rules/` to normalised text.

Every value rule is a regex with named groups: `num` (the number, read by
`numbers.NumberReader`), optional `total`, `unit`, and `span` (what the record's span
covers; the whole match when absent, the number when it opens a range). A rule with
`num2`/`span2` states a range and gives two values. A `scale` group holds scale words that
multiply `num` ("3.800 tỷ"; in a range, those after the second number: "từ 1,2 đến 1,5 tỷ").
Overlapping finds are settled by the rule's `priority`, then length; a find whose number
overlaps a trap (a date, a document number, …) is dropped.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import lru_cache, reduce
from operator import itemgetter, or_
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import regex

from .claims import REASONS, Exclusion, Fate, Find
from .normalize import casefolded, fold
from .numbers import NUMBER_TOKEN, NumberReader, spelled_numbers, stands_alone
from .patterns import WORD_LIST, LazyPattern, check_fields, compile_pattern, requirements, word_automaton
from .records import KINDS, ROLES
from .rules import RuleError, Rulebook, builtin_rules_dir
from .tables import TABLE_RULE, TableReader

# A rule of your own (`--rules DIR`) gets this long per call before the run gives up on
# it with an error, so a pattern that backtracks catastrophically cannot hang a run. The
# built-in rules run without the clock (it costs a sixth of the rule time): the test suite
# holds each of them to this limit on adversarial text instead.
REGEX_TIMEOUT_SECONDS = 5.0

# before_number, after_number: as a trap's, the words or signs next to the value's number
VALUE_FIELDS = {"id", "kind", "priority", "pattern", "unit", "role", "qualifier", "case", "requires", "number", "traps", "follows",
                "before_number", "after_number", "examples", "none", "_file"}
# keep: look-alikes that stay values; reason: why its numbers are no values (SPEC section 4)
# before_number, after_number: the words or signs next to a number that every match takes
# number_shape: what the word holding a number that every match takes has; number: spelled
# when every match takes a number written in words; opens_at_number: every match opens on
# the first digit of a number, the one its before_number/after_number stand next to
TRAP_FIELDS = {"id", "reason", "pattern", "case", "requires", "examples", "keep", "region", "before_number",
               "after_number", "number_shape", "number", "opens_at_number", "_file"}


class RuleTimeout(Exception):
    """A rule's regex ran past REGEX_TIMEOUT_SECONDS on some text."""


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
    bit: int = 0  # as a rule's

    @property
    def placed(self) -> bool:
        return bool(self.before_number or self.after_number)

    @property
    def shaped(self) -> bool:
        return self.placed or self.number_shape is not None or self.spelled or self.opens_at_number


class ValueFinder:
    """The value rules and traps of a rulebook, compiled once."""

    def __init__(self, book: Rulebook):
        self.reader = NumberReader.from_rulebook(book)
        # The same few thousand surfaces ("100%", "2025") recur through an archive.
        self._read_number = lru_cache(maxsize=_NUMBER_CACHE_SIZE)(self.reader.read)
        lexicons = book.lexicons()
        # Longest first, so "Mb/s" is tried before "Mb" (named lists try in order).
        self.lexicons = {k: sorted(v, key=len, reverse=True) for k, v in lexicons.items()}
        self.unit_names = {}
        for rf in book.files:
            self.unit_names.update({fold(k): v for k, v in (rf.data.get("unit_names") or {}).items()})
        self.spelled_words = tuple(dict.fromkeys(w.lower() for w in lexicons.get("spelled_value_starts", [])))
        self.place_words = frozenset(w.lower() for w in lexicons.get("number_place_words", []))
        self.word_number = compile_pattern({"_file": "numbers.yaml", "id": "word_number", "pattern": "{word_number}"},
                                           self.reader.macros, self.lexicons)
        # `spelled_windows`: a number word that is one only before a counted noun ("năm" five in
        # "năm địa phương", not the year): its matches open windows for the spelled rules too.
        # Each of its alternatives is scanned on its own: an alternation of words is tried at every
        # character of a text, an alternative opening on its letters only where they stand (0.11 s
        # against 0.02 s on 150 corpus files). Its matches are only the anchors of windows, so a
        # match one alternative finds inside another's adds an anchor inside an anchor, which
        # widens no window.
        self.spelled_windows = tuple(
            compile_pattern({"_file": "numbers.yaml", "id": "spelled_windows", "pattern": macro[start:end]},
                            self.reader.macros, self.lexicons)
            for macro in [self.reader.macros.get("spelled_windows")] if macro
            for start, end in _alternatives(macro, 0, len(macro)))
        rules = [self._compile_value_rule(e) for e in book.section("rules") if "kind" in e]
        rules.sort(key=lambda r: -r.priority)
        # A rule without a kind finds no value: it is a trap.
        traps = [self._compile_trap(e) for e in book.section("rules") if "kind" not in e]
        # Each rule and trap has a bit of its own, so that the sets of them a window's numbers
        # fit and its required strings meet are ints, joined with | and used as cache keys
        # (sets of ids cost more to build, hash and compare than the work they save).
        self.rules = [replace(r, bit=1 << i) for i, r in enumerate(rules)]
        traps = [replace(t, bit=1 << i) for i, t in enumerate(traps, len(rules))]
        self.traps = _RuleSet.of(t for t in traps if not t.region)
        placed = [t for t in traps if t.placed] + [r for r in self.rules if r.placed]
        by_shape = [t for t in traps if t.number_shape is not None]
        # The neighbours of a window's numbers repeat ("năm", "/", "số"), and so do the words
        # holding them ("2024", "26/5/2024,"): the traps and rules each one fits are listed once.
        self._fit_before = lru_cache(maxsize=_NEIGHBOUR_CACHE_SIZE)(
            lambda word: _bits(t for t in placed if _ends_with_one(word, t.before_number)))
        self._fit_after = lru_cache(maxsize=_NEIGHBOUR_CACHE_SIZE)(
            lambda word: _bits(t for t in placed if _starts_with_one(word, t.after_number)))
        # Traps that say the same `number_shape` (a year's, in fourteen of them) share its test.
        alike: dict[tuple[str, int], list[CompiledTrap]] = {}
        for t in by_shape:
            alike.setdefault((t.number_shape.pattern, t.number_shape.flags), []).append(t)
        shapes = [(same[0].number_shape, _bits(same)) for same in alike.values()]
        self._fit_word = lru_cache(maxsize=_WORD_CACHE_SIZE)(
            lambda word: reduce(or_, (bits for shape, bits in shapes if shape.search(word)), 0))
        # A trap that declares both a neighbour and a shape needs a number of each in its window.
        self._placed = _bits(placed)
        self._by_shape = _bits(by_shape)
        self._spelled_only = _bits(t for t in traps if t.spelled)
        self.region_traps = _RuleSet.of(t for t in traps if t.region)
        # Rules whose number is always spelled run in windows of their own.
        self.by_anchor = {spelled: _RuleSet.of(r for r in self.rules if r.spelled == spelled)
                          for spelled in (False, True)}
        self.untrapped = frozenset(r.id for r in self.rules if not r.trapped)
        self.followed = [r for r in self.rules if r.follows is not None]
        # Rules that say the same `follows` share its test in the scan (the bracket, the slash).
        self._follows = list(dict.fromkeys(r.follows.pattern for r in self.followed))
        self.followed_numbers = self._followed_numbers_scanner(self._follows)
        self._following = _bits(self.followed)
        # Numbers are followed by few different sets of rules: each set is made once.
        self._followers = lru_cache(maxsize=256)(self._rules_followed)
        self.tables = TableReader(book, self.reader, self.lexicons, self.unit_name)
        self._groups_of: dict[str, Callable[[tuple], tuple]] = {}  # see _find_groups
        self._trap_groups: dict[str, int] = {}  # see _trap_group

    def _compile_value_rule(self, entry: dict) -> CompiledRule:
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
        pattern = compile_pattern(entry, self.reader.macros, self.lexicons, lazy=built_in)
        if not built_in and "num" not in pattern.groupindex:
            raise RuleError(*where, "pattern needs a named group 'num' holding the number")
        number = entry.get("number", "any")
        if number not in ("any", "spelled"):
            raise RuleError(*where, f"'number' must be 'any' or 'spelled', not {number!r}")
        trapped = entry.get("traps", True)
        if not isinstance(trapped, bool):
            raise RuleError(*where, f"'traps' must be true or false, not {trapped!r}")
        follows = self._compile_follows(entry) if "follows" in entry else None
        before, after = (self._neighbours(entry, side) for side in ("before_number", "after_number"))
        opens_on = opening_strings(pattern.pattern, self.lexicons)
        if any(len(s) < _OPENING_LENGTH for s in opens_on):  # a sign like "(" stands nearly everywhere
            opens_on = frozenset()
        return CompiledRule(entry["id"], entry["kind"], priority, pattern, entry.get("unit"), entry.get("role"),
                            requirements(entry), number == "spelled", built_in, trapped, follows, before, after,
                            opens_on=tuple(sorted(opens_on)), qualifier=entry.get("qualifier"))

    def _compile_follows(self, entry: dict) -> regex.Pattern:
        where = (entry["_file"], entry["id"])
        follows = entry["follows"]
        if not isinstance(follows, list) or not follows or not all(isinstance(f, str) and f for f in follows):
            raise RuleError(*where, "'follows' must be a list of pattern fragments")
        if entry.get("number", "any") != "any" or not opens_with_number(entry["pattern"]):
            raise RuleError(*where, "a rule with 'follows' must open with its number, {digits} or {num} (look-arounds "
                                    "before it are fine), in every alternative, with no optional part before or around it")
        # Only its text is used, in the scanner of what follows numbers: compiled here to
        # check a rule of your own.
        return compile_pattern({**entry, "case": "insensitive", "pattern": _after_number(follows)},
                               self.reader.macros, self.lexicons, lazy=_built_in(entry))

    def _compile_trap(self, entry: dict) -> CompiledTrap:
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
            shape = compile_pattern({**entry, "pattern": shape}, self.reader.macros, self.lexicons, lazy=built_in)
        pattern = compile_pattern(entry, self.reader.macros, self.lexicons, lazy=built_in)
        opening = entry.get("opens_at_number", False)
        if not isinstance(opening, bool):
            raise RuleError(entry["_file"], entry["id"], f"'opens_at_number' must be true or false, not {opening!r}")
        if opening and (region or number != "any" or not opens_on_digit(pattern.pattern)):
            raise RuleError(entry["_file"], entry["id"], "a trap with 'opens_at_number' must open on a digit: past "
                                                         "look-arounds, every alternative begins with \\d, a digit or "
                                                         "a class of digits that is not optional (and it takes no "
                                                         "'region' or 'number: spelled')")
        return CompiledTrap(entry["id"], reason, pattern, requirements(entry), built_in, region, before, after, shape,
                            number == "spelled", opening)

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

    def _unfit(self, numbers: "_NumberSides", pos: int, endpos: int) -> int:
        """The traps and value rules (their bits) that say what the number they take is like
        and that no number (in digits) of the window [pos, endpos) fits: none has their
        `before_number` or `after_number` beside it, or a word of `number_shape`."""
        first, last = bisect.bisect_left(numbers.starts, pos), bisect.bisect_left(numbers.starts, endpos)
        if first == last:
            return self._placed | self._by_shape
        fit, shapes = self._number_fits(numbers)
        return (self._placed & ~reduce(or_, fit[first:last])) | (self._by_shape & ~reduce(or_, shapes[first:last]))

    def _number_fits(self, numbers: "_NumberSides") -> tuple[list[int], list[int]]:
        """For each number of a text, the traps and rules (their bits) that its neighbours fit,
        and those that its word fits: read once for all the windows around it (a report's
        windows overlap, and the rules' and the traps' windows hold the same numbers)."""
        if numbers.fit is None:
            fit_before, fit_after, fit_word = self._fit_before, self._fit_after, self._fit_word
            numbers.fit = [fit_before(before) | fit_after(after) for before, after in zip(numbers.before, numbers.after)]
            numbers.shapes = [fit_word(word) for word in numbers.words]
        return numbers.fit, numbers.shapes

    def _followed_numbers_scanner(self, follows: list[str]) -> Optional[regex.Pattern]:
        """The numbers ({digits}) of a text, and which of the `follows` patterns match where
        what follows each starts (past spaces and scale words): group `f<i>` is set when the
        i-th does. One scan of the text, where each such rule in each window would otherwise
        read every number again."""
        if not follows:
            return None
        # The scan stands past every space (its possessive `\h*+`) where it tries them, so the
        # guard each opens with against a run of spaces always holds there: left out, 27 tests
        # a number fewer (the scan over 150 corpus texts 0.40 -> 0.32 s, the same groups set).
        each = "".join(f"(?:(?={_guarded_word_lists(f.removeprefix(_NO_SPACE), self.lexicons)})(?P<f{i}>))?"
                       for i, f in enumerate(follows))
        return compile_pattern({"_file": "(follows)", "id": None, "pattern": f"{{digits}}(?={_PAST_SCALE}{each})"},
                               self.reader.macros, self.lexicons)

    def unit_name(self, surface: Optional[str]) -> Optional[str]:
        if surface is None:
            return None
        return self.unit_names.get(fold(surface), surface)

    def exclusions(self, text: str, windows: list[tuple[int, int]], traps: Optional["_RuleSet"] = None,
                   spelled: list[tuple[int, int]] = (), numbers: Optional["_NumberSides"] = None,
                   folded: Optional[str] = None) -> list[Exclusion]:
        """Where traps (by default the traps of a number's surroundings) match, within `windows`;
        `spelled`: the spans of the numbers written in words, in order; `numbers`: the text's
        numbers in digits, when already read; `folded`: the text's `casefolded`, when already."""
        out = []
        if folded is None:
            folded = casefolded(text)
        traps = self.traps if traps is None else traps
        spelled_starts = [start for start, _ in spelled]
        if traps.shaped and numbers is None:
            numbers = _NumberSides(text)
        for pos, endpos in windows:
            if traps.shaped:
                # Numbers do not overlap one another: the last one to start before the window
                # ends reaches furthest.
                last = bisect.bisect_left(spelled_starts, endpos) - 1
                unfit = self._unfit(numbers, pos, endpos)
                if last < 0 or spelled[last][1] <= pos:
                    unfit |= self._spelled_only
            else:
                unfit = 0
            starts: Optional[list[int]] = None  # the window's numbers, read when a trap opening at its number needs them
            for trap in traps.meeting_requires(_folded_window(text, folded, pos, endpos), unfit):
                if trap.opens_at_number:
                    if starts is None:
                        at, until = bisect.bisect_left(numbers.starts, pos), bisect.bisect_left(numbers.starts, endpos)
                        starts, fits = numbers.starts[at:until], self._number_fits(numbers)[0][at:until]
                    if trap.bit & self._placed:  # only at the numbers its neighbours fit
                        matches = _matches_at(trap, text, [s for s, fit in zip(starts, fits) if fit & trap.bit], endpos)
                    else:
                        matches = _matches_at(trap, text, starts, endpos)
                elif trap.vetted:
                    matches = trap.regex.finditer(text, pos, endpos)
                else:
                    matches = _finditer_timed(trap, text, pos, endpos)
                group = None  # the number of its `trap` group (0 for none), read at its first match
                for m in matches:
                    if group is None:
                        group = self._trap_group(trap)
                    span = m.span(group)
                    out.append(Exclusion(trap.id, trap.reason, *(span if span[0] >= 0 else m.span())))
        return out

    def _trap_group(self, trap: CompiledTrap) -> int:
        """The number of a trap's group `trap` (what it takes when that is set), or 0: the
        whole match. Read once per trap: a pattern's groupindex is a new dict at each ask,
        and a group asked for by name costs more than by number."""
        group = self._trap_groups.get(trap.id)
        if group is None:
            group = self._trap_groups[trap.id] = trap.regex.groupindex.get("trap", 0)
        return group

    def find(self, text: str) -> list[Find]:
        """Every value in `text`, in order, overlaps settled and traps applied."""
        return self.claims(text)[0]

    def claims(self, text: str) -> tuple[list[Find], list[Fate]]:
        """Every value in `text`, in order, overlaps settled and traps applied; and what
        became of each number of the text.

        Rules run only in windows around the numbers of the text, and traps only around the
        numbers that the rules found or that no rule's match holds: a report is mostly words,
        and most of the time went to scanning them."""
        spelled = _word_spans(text, self.spelled_words)
        digits = [m.span() for m in _DIGITS.finditer(text)]
        windows = spelled
        if self.spelled_windows:
            windows = sorted(spelled + [m.span() for pattern in self.spelled_windows for m in pattern.finditer(text)])
        if not digits and not windows:
            return [], []
        table_finds, table_exclusions = self.tables.read(text)
        # Read once for the value rules' windows and the traps'.
        in_digits = _NumberSides(text, [start for start, _ in digits])
        folded = casefolded(text)
        finds = self._found(text, sorted(digits + spelled), windows, in_digits, folded) + table_finds
        # A number in words is one only as a word of its own: not the "ba" of "ba mẹ" (parents).
        # The value's whole span is asked: underthesea reads "hai phần ba" as one word.
        finds = [f for f in finds
                 if not text[f.num_start].isalpha() or stands_alone(text, f.start, f.end, self.place_words)]
        numbers = self.numbers(text, finds, spelled)
        held = _Claimed((f.reach_start, f.reach_end, f) for f in finds)
        trapped = [(f.num_start, f.num_end) for f in finds if f.rule not in self.untrapped]
        loose = [n for n, claim in zip(numbers, held.over(numbers)) if claim is None]
        regions = (self.exclusions(text, [(0, len(text))], self.region_traps, folded=folded)
                   if self.region_traps.members else [])
        in_words = [(start, end) for start, end in numbers if not text[start].isdigit()]
        excluded = regions + self.exclusions(text, _windows(text, sorted(trapped + loose), *_TRAP_REACH),
                                             spelled=in_words, numbers=in_digits, folded=folded) + table_exclusions
        traps = _merged([(x.start, x.end) for x in excluded])
        in_regions = _merged([(x.start, x.end) for x in regions])
        finds = [f for f in finds if not in_regions.overlaps(f.num_start, f.num_end) and (
                 f.rule in self.untrapped or not traps.overlaps(f.num_start, f.num_end)
                 or f.rule == TABLE_RULE and not _trapped_cell(f, excluded, self.tables.yields_to))]
        finds = _settle(list(dict.fromkeys(finds)))
        return finds, _fates(numbers, finds, excluded)

    def _found(self, text: str, anchors: list[tuple[int, int]], spelled: list[tuple[int, int]],
               numbers: "_NumberSides", folded: Optional[str]) -> list[Find]:
        """What the value rules find, before traps and overlaps are settled."""
        finds: list[Find] = []
        followed = self._followed_numbers(text) if self.followed else _Followed({}, [], [])
        for spelled_only, around in ((False, anchors), (True, spelled)):
            rules = self.by_anchor[spelled_only]
            for pos, endpos in _windows(text, around, *_RULE_REACH) if rules.members else ():
                unfit: Optional[int] = None                              # read when first needed
                # Where what rules open with stands: rules of one kind open alike (on the words
                # of a spelled number), so it is looked for once per window and set of strings.
                openings: dict[tuple[str, ...], list[int]] = {}
                # The rules that say what follows their number and follow none of the window's
                # are not tried.
                first, last = bisect.bisect_left(followed.starts, pos), bisect.bisect_left(followed.starts, endpos)
                unfollowed = self._following & ~reduce(or_, followed.bits[first:last], 0)
                for rule in rules.meeting_requires(_folded_window(text, folded, pos, endpos), unfollowed):
                    if rule.bit & self._placed:
                        if unfit is None:
                            unfit = self._unfit(numbers, pos, endpos)
                        if rule.bit & unfit:
                            continue
                    matches: Iterable[regex.Match]
                    if rule.opens_on and folded is not None:
                        starts = openings.get(rule.opens_on)
                        if starts is None:
                            starts = openings[rule.opens_on] = _openings(folded, rule.opens_on, pos, endpos)
                        matches = _matches_at(rule, text, starts, endpos)
                    elif rule.follows is None:
                        matches = (rule.regex.finditer(text, pos, endpos) if rule.vetted
                                   else _finditer_timed(rule, text, pos, endpos))
                    else:
                        starts = followed.by_rule[rule.id]
                        first, last = bisect.bisect_left(starts, pos), bisect.bisect_left(starts, endpos)
                        matches = _matches_at(rule, text, starts[first:last], endpos)
                    # Most windows give a rule no match: the finds are made only for those that do.
                    for m in matches:
                        finds.extend(self._finds(rule, m))
        return finds

    def numbers(self, text: str, finds: Iterable[Find] = (),
                spelled: Optional[list[tuple[int, int]]] = None) -> list[tuple[int, int]]:
        """The spans of the numbers of `text`: digits (with their inner separators, `1.567.705`,
        `76,2`), numbers spelled in words that stand as words of their own, and the number of
        every value found (a rank's `Nhì`)."""
        spans = {m.span() for m in NUMBER_TOKEN.finditer(text)}
        if spelled is None:
            spelled = _word_spans(text, self.spelled_words)
        spans.update(spelled_numbers(text, spelled, self.word_number, self.place_words))
        spans.update((f.num_start, f.num_end) for f in finds)
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if out and start < out[-1][1]:
                continue  # inside a number already listed ("hai" in "hai mươi")
            out.append((start, end))
        return out

    def _followed_numbers(self, text: str) -> "_Followed":
        """For each rule that something it `follows` comes after, the starts of those numbers
        of the text, in order: a window finds its own by bisection; and the numbers that some
        rule follows, each with the bits of those rules."""
        by_rule: dict[str, list[int]] = {}
        starts: list[int] = []
        bits: list[int] = []
        for m in self.followed_numbers.finditer(text):
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
        return _Followed(by_rule, starts, bits)

    def _rules_followed(self, groups: tuple[Optional[str], ...]) -> tuple[tuple[str, ...], int]:
        """The ids of the rules whose `follows` has its group set (each set group holds ""),
        and their bits."""
        met = {pattern for pattern, group in zip(self._follows, groups) if group is not None}
        rules = [rule for rule in self.followed if rule.follows.pattern in met]
        return tuple(rule.id for rule in rules), _bits(rules)

    def _finds(self, rule: CompiledRule, m: regex.Match) -> tuple[Find, ...]:
        """The value of a rule's match, or the two of a range (none when its number does not read)."""
        # The groups' spans by number, all at once: asking a match for its groups by name,
        # or for its groupdict, cost more than the rest of the find (count.noun alone matches
        # thousands of times in a hundred reports). A group the pattern lacks is unmatched.
        spans = m.regs + _UNMATCHED
        text = m.string
        num, scale1, scale, total, unit, num2, span, span2, per = self._find_groups(rule)(spans)
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
        span = (span if span[0] >= 0 else (num[0], scale1[1]) if range_ and scale1[1] > scale1[0]
                else num if range_ else spans[0])
        if not range_:
            return (Find(rule.id, rule.kind, *span, value, total, unit, *num, *spans[0], rule.priority,
                         qualifier=rule.qualifier, role=rule.role),)
        span2 = span2 if span2[0] >= 0 else num2
        return (Find(rule.id, rule.kind, *span, value, total, unit, *num, *spans[0], rule.priority,
                     qualifier=">=", role=rule.role),
                Find(rule.id, rule.kind, *span2, self._read_number(text[num2[0]:num2[1]]), None, unit,
                     *num2, *spans[0], rule.priority, qualifier="<=", role=rule.role))

    def _find_groups(self, rule: CompiledRule) -> Callable[[tuple], tuple]:
        """What takes the spans of the groups `_finds` reads, in its order, from a match's
        spans by group number (-1, the unmatched span after them, for a group the pattern
        lacks); made when the rule first matches."""
        take = self._groups_of.get(rule.id)
        if take is None:
            index = rule.regex.groupindex
            take = self._groups_of[rule.id] = itemgetter(*(index.get(name, -1) for name in _FIND_GROUPS))
        return take


# The groups of a rule's match that make its finds, in the order `_finds` takes them.
_FIND_GROUPS = ("num", "scale1", "scale", "total", "unit", "num2", "span", "span2", "per")
_UNMATCHED = ((-1, -1),)
_NUMBER_CACHE_SIZE = 8192
# A rule is tried where what it opens with stands only when that is a word: a shorter string
# (a bracket) stands so often that a scan of the window costs less (measured).
_OPENING_LENGTH = 2

# What every value holds: digits, or a spelled number word of `spelled_value_starts`.
_DIGITS = regex.compile(r"\d+")


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


def _folded_window(text: str, folded: Optional[str], pos: int, endpos: int) -> str:
    """text[pos:endpos] casefolded (`folded`: the text's `casefolded`)."""
    return folded[pos:endpos] if folded is not None else text[pos:endpos].casefold()


def _word_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted spans of `words` (lower case) standing alone in `text`, in any case. A
    `str.find` per word: a regex alternation of words tries every letter of the text and
    took three times as long."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets would drift
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spans = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not lowered[at - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
                spans.append((at, end))
            at = lowered.find(word, end)
    return sorted(spans)


# How far before and after a number a value rule, or a trap, may reach (characters);
# windows then widen to whole tokens, so a long URL or code is never cut in two. A trap's
# look-behind sees past its window's start, so only a trap whose match opens on words
# before the number (a phone or counter label, "Số nhà") needs the room before it.
_RULE_REACH = (60, 90)
_TRAP_REACH = (60, 40)
_SPACE_BEFORE = regex.compile(r"(?r)\s")
_SPACE_AFTER = regex.compile(r"\s")


def _windows(text: str, anchors: list[tuple[int, int]], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [pos, endpos) windows around sorted anchor spans, widened to whitespace.

    A window's end is widened only once it is known not to reach the next anchor: a
    report holds tens of thousands of numbers and a few thousand windows."""
    out: list[tuple[int, int]] = []
    reach = -1     # the furthest end + after of the current window's anchors
    widened = -1   # that, widened to whitespace (computed when needed)
    for start, end in anchors:
        if out and start - before <= reach:
            reach = max(reach, end + after)
            continue
        if out and widened < reach:
            widened = _widen_end(text, reach)
            out[-1] = (out[-1][0], widened)
        if out and start - before <= widened:
            reach = max(reach, end + after)
            continue
        space = _SPACE_BEFORE.search(text, 0, max(0, start - before))
        pos = space.end() if space else 0
        if out and pos == out[-1][0]:
            reach = max(reach, end + after)
            continue
        out.append((pos, -1))
        reach, widened = end + after, -1
    if out:
        out[-1] = (out[-1][0], _widen_end(text, reach))
    return out


def _widen_end(text: str, at: int) -> int:
    space = _SPACE_AFTER.search(text, min(len(text), at))
    return space.start() if space else len(text)


@dataclass(frozen=True)
class _RuleSet:
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
        object.__setattr__(self, "_unrequired", _bits(rule for rule in self.members if not rule.requires))
        object.__setattr__(self, "_members_of", lru_cache(maxsize=_MEETING_CACHE_SIZE)(self._members_in))

    @classmethod
    def of(cls, rules: Iterable) -> "_RuleSet":
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


def _bits(rules: Iterable) -> int:
    """The bits of rules or traps, as one int."""
    out = 0
    for rule in rules:
        out |= rule.bit
    return out


_MEETING_CACHE_SIZE = 1024
_NEIGHBOUR_CACHE_SIZE = 4096
_WORD_CACHE_SIZE = 16384


@dataclass(frozen=True)
class _Followed:
    """What `ValueFinder._followed_numbers` reads of a text."""

    by_rule: dict[str, list[int]]  # for each rule, the starts of the numbers it follows
    starts: list[int]              # the numbers some rule follows, in order
    bits: list[int]                # for each of them, the bits of the rules that follow it


class _NumberSides:
    """The numbers (runs of digits) of a text in order, each read once for every window: the
    word or sign touching it on either side past spaces, and the word holding it."""

    __slots__ = ("starts", "before", "words", "after", "fit", "shapes")

    def __init__(self, text: str, starts: Optional[list[int]] = None):
        """`starts`: where the text's runs of digits start, when already known."""
        # The groups of every match at once (a match starts at its digits): a loop over the
        # matches in Python took twice as long.
        sides = _NUMBER_NEIGHBOURS.findall(text)
        self.starts: list[int] = [m.start() for m in _DIGITS.finditer(text)] if starts is None else starts
        self.before: list[str] = [before for before, _, _, _, _ in sides]
        self.words: list[str] = [head + digits + tail for _, head, digits, tail, _ in sides]
        self.after: list[str] = [after for _, _, _, _, after in sides]
        # What each number fits, by the bits of a finder's traps and rules (`ValueFinder._number_fits`).
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
_FIRST_WORD = regex.compile(r"^(?:[\p{L}\p{M}]++|.)", regex.DOTALL)
_LAST_WORD = regex.compile(r"(?r)(?:[\p{L}\p{M}]++|.)$", regex.DOTALL)


def _starts_with_one(word: str, starts: frozenset[str]) -> bool:
    """Whether the casefolded word or sign after a number can open with one of `starts`
    (a word of letters only where the text's word starts with it, a sign where it is it)."""
    return any(word.casefold().startswith(s) for s in starts)


def _ends_with_one(word: str, ends: frozenset[str]) -> bool:
    return any(word.casefold().endswith(s) for s in ends)


def _finditer_timed(rule, text: str, pos: int, endpos: int) -> Iterable[regex.Match]:
    """`rule.regex` over text[pos:endpos] under the timeout, for a rule of your own (a built-in
    one is held to it by the test suite and runs without the clock)."""
    try:
        yield from rule.regex.finditer(text, pos, endpos, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise _timeout(rule, text) from None


def _timeout(rule, text: str) -> RuleTimeout:
    return RuleTimeout(f"rule {rule.id} ran over {REGEX_TIMEOUT_SECONDS:g}s on a block of "
                       f"{len(text)} characters (its pattern backtracks too much)")


def _openings(folded: str, strings: tuple[str, ...], pos: int, endpos: int) -> list[int]:
    """Where in [pos, endpos) of the casefolded text one of `strings` stands, in order."""
    out: list[int] = []
    for string in strings:
        i = folded.find(string, pos, endpos)
        while i >= 0:
            out.append(i)
            i = folded.find(string, i + 1, endpos)
    return sorted(out) if len(strings) > 1 else out


def _matches_at(rule, text: str, starts: list[int], endpos: int) -> Iterable[regex.Match]:
    """`rule.regex` anchored at each of `starts` that no match before covers, up to `endpos`:
    what a scan finds, for a rule whose every match opens at one of these starts."""
    covered = -1
    for start in starts:
        if start < covered:
            continue
        if rule.vetted:
            m = rule.regex.match(text, start, endpos)
        else:
            try:
                m = rule.regex.match(text, start, endpos, timeout=REGEX_TIMEOUT_SECONDS)
            except TimeoutError:
                raise _timeout(rule, text) from None
        if m:
            covered = m.end()
            yield m


def _after_number(fragments: list[str]) -> str:
    """A pattern for `follows`: one of the fragments, tried where what follows a number
    starts (past spaces and scale words). No space stands there (the spaces are passed), so the
    pattern says so first: a fragment that looks back over spaces ("(?<=\\p{L}\\h*)") is then
    never tried inside a run of them, where each try read the run back to its start."""
    return _NO_SPACE + "(?:" + "|".join(f"(?:{f})" for f in fragments) + ")"


_NO_SPACE = "(?!\\h)"


# Spaces and scale words after a number, all of them: what a rule `follows` comes after.
_PAST_SCALE = r"\h*+(?:{scale}\h*+)*+"
_LOOK_AROUND = ("(?<=", "(?<!", "(?=", "(?!")
_NUMBER_MACROS = ("{digits}", "{num}")
_QUANTIFIER = regex.compile(r"[?*]|\{,?0")  # a quantifier that lets what it follows be absent


def opens_with_number(pattern: str) -> bool:
    """Whether every match of `pattern` (before macros are expanded) starts at its number:
    past look-arounds, every alternative of it begins with {digits} or {num}, not optional,
    or with a group, not optional, every alternative of which so begins (a rule may read its
    number alone or as a range's first: `(?:{num}|{digits}{range_to}{decimal})`)."""
    return _alternatives_open_with_number(pattern, 0, len(pattern))


def _alternatives_open_with_number(pattern: str, at: int, end: int) -> bool:
    return all(_sequence_opens_with_number(pattern, start, stop) for start, stop in _alternatives(pattern, at, end))


def _sequence_opens_with_number(pattern: str, at: int, end: int) -> bool:
    while pattern.startswith(_LOOK_AROUND, at):
        at = _group_end(pattern, at)
        if at < 0 or at > end:
            return False
    group = _GROUP_OPENING.match(pattern, at, end)
    if group:
        after = _group_end(pattern, at)
        if after < 0 or after > end or _QUANTIFIER.match(pattern, after):
            return False
        return _alternatives_open_with_number(pattern, group.end(), after - 1)
    macro = next((m for m in _NUMBER_MACROS if pattern.startswith(m, at)), None)
    return macro is not None and not _QUANTIFIER.match(pattern, at + len(macro))


def opening_strings(pattern: str, lexicons: dict) -> frozenset[str]:
    """Strings (casefolded) one of which every match of `pattern` (macros expanded) opens
    with, as the pattern spells them past its look-arounds: its leading literal text, or the
    alternatives of its leading group, or the words of a leading word list (`\\L<name>`),
    each cut where the pattern stops spelling it. Empty when some match may open otherwise
    (on a class such as a digit, an optional part, an empty alternative): the rule is then
    scanned. Being prefixes of what opens a match, looked for in the casefolded text they
    stand wherever a match can open."""
    if _VERBOSE.search(pattern):  # spaces would not be literal
        return frozenset()
    found = _alternatives_open(pattern, 0, len(pattern), lexicons)
    # "tăng" stands wherever "tăng trưởng" does.
    return frozenset(s for s in found if not any(s != t and s.startswith(t) for t in found)) if found else frozenset()


def _alternatives_open(pattern: str, at: int, end: int, lexicons: dict) -> Optional[set[str]]:
    """The opening strings of the alternatives of pattern[at:end] (None: some unknown)."""
    out: set[str] = set()
    for start, stop in _alternatives(pattern, at, end):
        strings = _sequence_opens(pattern, start, stop, lexicons)
        if not strings:
            return None
        out |= strings
    return out


def _sequence_opens(pattern: str, at: int, end: int, lexicons: dict) -> Optional[set[str]]:
    """The opening strings of pattern[at:end], which has no alternative at its top."""
    i = at
    while i < end and (pattern.startswith(_LOOK_AROUND, i) or pattern[i] == "^"
                       or _INLINE_FLAGS.match(pattern, i, end)):
        if pattern[i] == "^":
            i += 1
        elif pattern.startswith(_LOOK_AROUND, i):
            i = _group_end(pattern, i)
            if i < 0 or i > end or _ANY_QUANTIFIER.match(pattern, i):
                return None
        else:
            i = _INLINE_FLAGS.match(pattern, i, end).end()
    if i >= end:
        return None
    if pattern[i] == "(":
        close = _group_end(pattern, i)
        opened = _GROUP_OPENING.match(pattern, i)
        if close < 0 or close > end or opened is None or _QUANTIFIER.match(pattern, close):
            return None
        return _alternatives_open(pattern, opened.end(), close - 1, lexicons)
    listed = WORD_LIST.match(pattern, i, end)
    if listed:
        words = lexicons.get(listed.group(1))
        if not words or _QUANTIFIER.match(pattern, listed.end()) or not all(words):
            return None
        return {w.casefold() for w in words}
    spelled = []
    while i < end:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= end or pattern[i + 1].isalnum():  # a class (\h, \p{L}, \d) or a code
                break
            c, width = pattern[i + 1], 2
        elif c == "[":
            width = _class_end(pattern, i) - i
            members = {m.casefold() for m in pattern[i + 1:i + width - 1]}
            if len(members) != 1 or not _PLAIN_CLASS.fullmatch(pattern, i, i + width):
                break
            c = members.pop()
        elif c in "()|.^$*+?{":
            break
        else:
            width = 1
        if _QUANTIFIER.match(pattern, i + width):
            break
        spelled.append(c)
        if pattern.startswith(("+", "{"), i + width):
            break
        i += width
    return {"".join(spelled).casefold()} if spelled else None


_VERBOSE = regex.compile(r"\(\?[a-zA-Z]*x")
_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")
_GROUP_OPENING = regex.compile(r"\((?:\?:|\?>|\?P<\w+>|\?[a-zA-Z]*-?[a-zA-Z]*:|(?!\?))")
_ANY_QUANTIFIER = regex.compile(r"[?*+{]")
_PLAIN_CLASS = regex.compile(r"\[[^\\\]^\-\[]+\]")  # letters and signs only: no range, escape or negation


def opens_on_digit(pattern: str) -> bool:
    """Whether every match of `pattern` (macros expanded) opens on a digit: past look-arounds
    and inline flags, every alternative begins with `\\d`, a digit or a class of digits alone,
    or a group every alternative of which does, and what it begins with is not optional (an
    optional one must be followed by another that so begins)."""
    return _alternatives_open_on_digit(pattern, 0, len(pattern))


def _alternatives_open_on_digit(pattern: str, at: int, end: int) -> bool:
    return all(_sequence_opens_on_digit(pattern, start, stop) for start, stop in _alternatives(pattern, at, end))


def _sequence_opens_on_digit(pattern: str, at: int, end: int) -> bool:
    while at < end:
        flags = _INLINE_FLAGS.match(pattern, at, end)
        if flags:
            at = flags.end()
        elif pattern.startswith(_LOOK_AROUND, at):
            at = _group_end(pattern, at)
            if at < 0:
                return False
        else:
            break
    if at >= end:
        return False
    group = _GROUP_OPENING.match(pattern, at, end)
    if group:
        after = _group_end(pattern, at)
        if after < 0 or after > end or not _alternatives_open_on_digit(pattern, group.end(), after - 1):
            return False
    elif pattern.startswith("\\d", at):
        after = at + 2
    elif pattern[at] == "[":
        after = _class_end(pattern, at)
        if not _DIGIT_CLASS.fullmatch(pattern, at, after):
            return False
    elif pattern[at].isdigit():
        after = at + 1
    else:
        return False
    if _QUANTIFIER.match(pattern, after):  # optional: what follows it must open on a digit too
        return _sequence_opens_on_digit(pattern, _quantifier_end(pattern, after), end)
    return True


def _quantifier_end(pattern: str, at: int) -> int:
    """Just past the quantifier at `at` (and its lazy or possessive mark)."""
    at = pattern.index("}", at) + 1 if pattern[at] == "{" else at + 1
    return at + 1 if at < len(pattern) and pattern[at] in "?+" else at


_DIGIT_CLASS = regex.compile(r"\[(?:\d(?:-\d)?|\\d)+\]")


def _alternatives(pattern: str, at: int, end: int) -> list[tuple[int, int]]:
    """The spans of the alternatives of pattern[at:end], split at its bars outside groups."""
    out: list[tuple[int, int]] = []
    depth, start = 0, at
    for i, c in _structure(pattern, at):
        if i >= end:
            break
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, end))
    return out


def _group_end(pattern: str, at: int) -> int:
    """Just past the group opening at `at` (-1 when it never closes)."""
    depth = 0
    for i, c in _structure(pattern, at):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _structure(pattern: str, at: int) -> Iterator[tuple[int, str]]:
    """Where the parentheses and bars of `pattern` stand from `at` on, past escapes and
    character classes."""
    i = at
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _class_end(pattern, i)
        else:
            if c in "()|":
                yield i, c
            i += 1


def _class_end(pattern: str, at: int) -> int:
    """Just past the character class opening at `at`."""
    i = at + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _built_in(entry: dict) -> bool:
    return Path(entry["_file"]).parent == builtin_rules_dir()


def _fates(numbers: list[tuple[int, int]], finds: list[Find], excluded: list[Exclusion]) -> list[Fate]:
    """What became of each number: the value it is, the value it is part of, the trap that
    took it, or nothing. Each is asked only when those before it have nothing to say: most
    numbers are values or taken by a trap."""
    values = _Claimed((f.num_start, f.num_end, f) for f in finds).at
    parts = _Claimed((f.reach_start, f.reach_end, f) for f in finds).at
    taken = _Claimed((x.start, x.end, x) for x in excluded).at
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


class _Claimed:
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


class _Intervals:
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


def _merged(spans: list[tuple[int, int]]) -> _Intervals:
    """The union of possibly overlapping spans, as disjoint intervals."""
    out = _Intervals()
    for s, e in sorted(spans):
        if out.ends and s < out.ends[-1]:
            out.ends[-1] = max(out.ends[-1], e)
        else:
            out.starts.append(s)
            out.ends.append(e)
    return out


def _trapped_cell(f: Find, excluded: list[Exclusion], reasons: frozenset[str]) -> bool:
    """Whether a trap of one of `reasons` takes a table cell's number. A cell holds its
    number alone: a trap that reads the words before it ("Thôn 47", "mức 2") reads the
    neighbouring cell of a flattened row, so only traps of the number's own shape count."""
    return any(x.start < f.num_end and f.num_start < x.end and x.reason in reasons for x in excluded)


def _settle(finds: list[Find]) -> list[Find]:
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
    kept = _Intervals()
    out: list[Find] = []
    for f in sorted(finds, key=lambda f: (-f.priority, -(f.end - f.start), f.start)):
        if not kept.overlaps(f.start, f.end):
            kept.add(f.start, f.end)
            out.append(f)
    return out

