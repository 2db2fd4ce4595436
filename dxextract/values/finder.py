"""The value finder: the rules and traps of a rulebook, compiled once, and what they claim
in a text: rules in windows around its numbers, traps around the numbers found or left, then
overlaps settled and every number's fate read."""
from __future__ import annotations

import bisect
from dataclasses import replace
from functools import reduce
from operator import or_
from typing import Iterable, Optional

import regex

from ..claims import Exclusion, Fate, Find
from ..normalize import casefolded
from ..numbers import NUMBER_TOKEN, NumberReader, spelled_numbers, stands_alone
from ..patterns import compile_pattern
from ..rules import Rulebook
from ..tables import TABLE_RULE, TableReader
from .compiled import CompiledTrap, RuleCompiler
from .follows import FollowsScan
from .match_reading import MatchReader
from .matching import finditer_timed, matches_at, openings
from .neighbours import DIGITS, NumberFits, NumberSides
from .pattern_shape import alternatives
from .rule_sets import RuleSet
from .settling import Claimed, fates, merged, settle, trapped_cell
from .windows import RULE_REACH, TRAP_REACH, folded_window, windows_around, word_spans


class ValueFinder:
    """The value rules and traps of a rulebook, compiled once."""

    def __init__(self, book: Rulebook):
        self.reader = NumberReader.from_rulebook(book)
        lexicons = book.lexicons()
        # Longest first, so "Mb/s" is tried before "Mb" (named lists try in order).
        self.lexicons = {k: sorted(v, key=len, reverse=True) for k, v in lexicons.items()}
        self.match_reader = MatchReader(book, self.reader)
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
            for start, end in alternatives(macro, 0, len(macro)))
        compiler = RuleCompiler(self.reader.macros, self.lexicons)
        rules = [compiler.value_rule(e) for e in book.section("rules") if "kind" in e]
        rules.sort(key=lambda r: -r.priority)
        # A rule without a kind finds no value: it is a trap.
        traps = [compiler.trap(e) for e in book.section("rules") if "kind" not in e]
        # Each rule and trap has a bit of its own, so that the sets of them a window's numbers
        # fit and its required strings meet are ints, joined with | and used as cache keys
        # (sets of ids cost more to build, hash and compare than the work they save).
        self.rules = [replace(r, bit=1 << i) for i, r in enumerate(rules)]
        traps = [replace(t, bit=1 << i) for i, t in enumerate(traps, len(rules))]
        self.traps = RuleSet.of(t for t in traps if not t.region)
        self.fits = NumberFits(traps, self.rules)
        self.region_traps = RuleSet.of(t for t in traps if t.region)
        # Rules whose number is always spelled run in windows of their own.
        self.by_anchor = {spelled: RuleSet.of(r for r in self.rules if r.spelled == spelled)
                          for spelled in (False, True)}
        self.untrapped = frozenset(r.id for r in self.rules if not r.trapped)
        self.follows = FollowsScan([r for r in self.rules if r.follows is not None], self.reader.macros, self.lexicons)
        self.tables = TableReader(book, self.reader, self.lexicons, self.match_reader.unit_name)
        self._trap_groups: dict[str, int] = {}  # see _trap_group

    def exclusions(self, text: str, windows: list[tuple[int, int]], traps: Optional[RuleSet] = None,
                   spelled: list[tuple[int, int]] = (), numbers: Optional[NumberSides] = None,
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
            numbers = NumberSides(text)
        for pos, endpos in windows:
            if traps.shaped:
                # Numbers do not overlap one another: the last one to start before the window
                # ends reaches furthest.
                last = bisect.bisect_left(spelled_starts, endpos) - 1
                unfit = self.fits.unfit(numbers, pos, endpos)
                if last < 0 or spelled[last][1] <= pos:
                    unfit |= self.fits.spelled_only
            else:
                unfit = 0
            starts: Optional[list[int]] = None  # the window's numbers, read when a trap opening at its number needs them
            for trap in traps.meeting_requires(folded_window(text, folded, pos, endpos), unfit):
                if trap.opens_at_number:
                    if starts is None:
                        at, until = bisect.bisect_left(numbers.starts, pos), bisect.bisect_left(numbers.starts, endpos)
                        fit, shapes = self.fits.number_fits(numbers)
                        starts, fits, shaped = numbers.starts[at:until], fit[at:until], shapes[at:until]
                    placed = trap.bit & self.fits.placed
                    if placed or trap.opens_at_shape:
                        # Only at the numbers its neighbours fit, and whose word has its shape
                        # when it opens on that one.
                        matches = matches_at(trap, text, [s for s, fit, shape in zip(starts, fits, shaped)
                                                          if (not placed or fit & trap.bit) and
                                                          (not trap.opens_at_shape or shape & trap.bit)], endpos)
                    else:
                        matches = matches_at(trap, text, starts, endpos)
                elif trap.vetted:
                    matches = trap.regex.finditer(text, pos, endpos)
                else:
                    matches = finditer_timed(trap, text, pos, endpos)
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
        spelled = word_spans(text, self.spelled_words)
        digits = [m.span() for m in DIGITS.finditer(text)]
        windows = spelled
        if self.spelled_windows:
            windows = sorted(spelled + [m.span() for pattern in self.spelled_windows for m in pattern.finditer(text)])
        if not digits and not windows:
            return [], []
        table_finds, table_exclusions = self.tables.read(text)
        # Read once for the value rules' windows and the traps'.
        in_digits = NumberSides(text, [start for start, _ in digits])
        folded = casefolded(text)
        finds = self._found(text, sorted(digits + spelled), windows, in_digits, folded) + table_finds
        # A number in words is one only as a word of its own: not the "ba" of "ba mẹ" (parents).
        # The value's whole span is asked: underthesea reads "hai phần ba" as one word.
        finds = [f for f in finds
                 if not text[f.num_start].isalpha() or stands_alone(text, f.start, f.end, self.place_words)]
        numbers = self.numbers(text, finds, spelled)
        held = Claimed((f.reach_start, f.reach_end, f) for f in finds)
        trapped = [(f.num_start, f.num_end) for f in finds if f.rule not in self.untrapped]
        loose = [n for n, claim in zip(numbers, held.over(numbers)) if claim is None]
        regions = (self.exclusions(text, [(0, len(text))], self.region_traps, folded=folded)
                   if self.region_traps.members else [])
        in_words = [(start, end) for start, end in numbers if not text[start].isdigit()]
        excluded = regions + self.exclusions(text, windows_around(text, sorted(trapped + loose), *TRAP_REACH),
                                             spelled=in_words, numbers=in_digits, folded=folded) + table_exclusions
        traps = merged([(x.start, x.end) for x in excluded])
        in_regions = merged([(x.start, x.end) for x in regions])
        finds = [f for f in finds if not in_regions.overlaps(f.num_start, f.num_end) and (
                 f.rule in self.untrapped or not traps.overlaps(f.num_start, f.num_end)
                 or f.rule == TABLE_RULE and not trapped_cell(f, excluded, self.tables.yields_to))]
        finds = settle(list(dict.fromkeys(finds)))
        return finds, fates(numbers, finds, excluded)

    def _found(self, text: str, anchors: list[tuple[int, int]], spelled: list[tuple[int, int]],
               numbers: NumberSides, folded: Optional[str]) -> list[Find]:
        """What the value rules find, before traps and overlaps are settled."""
        finds: list[Find] = []
        followed = self.follows.read(text)
        following, placed = self.follows.bits, self.fits.placed
        for spelled_only, around in ((False, anchors), (True, spelled)):
            rules = self.by_anchor[spelled_only]
            for pos, endpos in windows_around(text, around, *RULE_REACH) if rules.members else ():
                unfit: Optional[int] = None                              # read when first needed
                # Where what rules open with stands: rules of one kind open alike (on the words
                # of a spelled number), so it is looked for once per window and set of strings.
                opened: dict[tuple[str, ...], list[int]] = {}
                # The rules that say what follows their number and follow none of the window's
                # are not tried.
                first, last = bisect.bisect_left(followed.starts, pos), bisect.bisect_left(followed.starts, endpos)
                unfollowed = following & ~reduce(or_, followed.bits[first:last], 0)
                for rule in rules.meeting_requires(folded_window(text, folded, pos, endpos), unfollowed):
                    if rule.bit & placed:
                        if unfit is None:
                            unfit = self.fits.unfit(numbers, pos, endpos)
                        if rule.bit & unfit:
                            continue
                    matches: Iterable[regex.Match]
                    if rule.opens_on and folded is not None:
                        starts = opened.get(rule.opens_on)
                        if starts is None:
                            starts = opened[rule.opens_on] = openings(folded, rule.opens_on, pos, endpos)
                        matches = matches_at(rule, text, starts, endpos)
                    elif rule.follows is None:
                        matches = (rule.regex.finditer(text, pos, endpos) if rule.vetted
                                   else finditer_timed(rule, text, pos, endpos))
                    else:
                        starts = followed.by_rule[rule.id]
                        first, last = bisect.bisect_left(starts, pos), bisect.bisect_left(starts, endpos)
                        matches = matches_at(rule, text, starts[first:last], endpos)
                    # Most windows give a rule no match: the finds are made only for those that do.
                    for m in matches:
                        finds.extend(self.match_reader.finds(rule, m))
        return finds

    def numbers(self, text: str, finds: Iterable[Find] = (),
                spelled: Optional[list[tuple[int, int]]] = None) -> list[tuple[int, int]]:
        """The spans of the numbers of `text`: digits (with their inner separators, `1.567.705`,
        `76,2`), numbers spelled in words that stand as words of their own, and the number of
        every value found (a rank's `Nhì`)."""
        spans = {m.span() for m in NUMBER_TOKEN.finditer(text)}
        if spelled is None:
            spelled = word_spans(text, self.spelled_words)
        spans.update(spelled_numbers(text, spelled, self.word_number, self.place_words))
        spans.update((f.num_start, f.num_end) for f in finds)
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            if out and start < out[-1][1]:
                continue  # inside a number already listed ("hai" in "hai mươi")
            out.append((start, end))
        return out
