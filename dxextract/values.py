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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import regex

from .normalize import fold
from .numbers import NumberReader, expand_macros
from .records import KINDS, ROLES
from .rules import RuleError, Rulebook, builtin_rules_dir

# A rule of your own (`--rules DIR`) gets this long per call before the run gives up on
# it with an error, so a pattern that backtracks catastrophically cannot hang a run. The
# built-in rules run without the clock (it costs a sixth of the rule time): the test suite
# holds each of them to this limit on adversarial text instead.
REGEX_TIMEOUT_SECONDS = 5.0

VALUE_FIELDS = {"id", "kind", "priority", "pattern", "unit", "role", "case", "requires", "number", "traps", "examples",
                "none", "_file"}
TRAP_FIELDS = {"id", "pattern", "case", "requires", "examples", "keep", "_file"}  # keep: look-alikes that stay values


class RuleTimeout(Exception):
    """A rule's regex ran past REGEX_TIMEOUT_SECONDS on some text."""


@dataclass(frozen=True, slots=True)
class Find:
    """One value a rule found, before meaning is attached. Offsets are in normalised text."""

    rule: str
    kind: str
    start: int
    end: int
    value: float
    total: Optional[float]
    unit: Optional[str]
    num_start: int
    num_end: int
    priority: int
    qualifier: Optional[str] = None  # fixed by the rule (the ends of a range)
    role: Optional[str] = None       # fixed by the rule ("tăng 1 bậc" is a change)
    label: Optional[str] = None      # fixed by the rule (a table row's heading)


@dataclass(frozen=True)
class CompiledRule:
    id: str
    kind: str
    priority: int
    regex: regex.Pattern
    unit: Optional[str]
    role: Optional[str]
    requires: tuple[str, ...] = ()  # one of these (casefolded) must be in the text, or the rule is not tried
    spelled: bool = False           # its number is always spelled: it runs only near spelled number words
    vetted: bool = False            # built in, so it runs without the timeout
    trapped: bool = True            # its finds are checked against the traps


@dataclass(frozen=True)
class CompiledTrap:
    id: str
    regex: regex.Pattern
    requires: tuple[str, ...]
    vetted: bool


def requirements(entry: dict) -> tuple[str, ...]:
    """`requires`: strings one of which any match of the rule contains. A cheap substring
    test then spares the regex engine the texts that cannot match."""
    words = entry.get("requires") or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise RuleError(entry.get("_file", "?"), entry.get("id"), "'requires' must be a list of strings")
    return tuple(w.casefold() for w in words)


def meets(requires: tuple[str, ...], folded: str) -> bool:
    """Whether a casefolded text holds one of `requires` (none required: it does)."""
    return not requires or any(word in folded for word in requires)


def compile_pattern(entry: dict, macros: dict, lexicons: dict) -> regex.Pattern:
    """Expand macros and compile with the shared word lists; errors name file and rule."""
    where = (entry.get("_file", "?"), entry.get("id"))
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(*where, "needs a 'pattern' string")
    flags = regex.V0 | regex.UNICODE
    case = entry.get("case", "insensitive")
    if case not in ("insensitive", "sensitive"):
        raise RuleError(*where, f"'case' must be 'insensitive' or 'sensitive', not {case!r}")
    if case == "insensitive":
        flags |= regex.IGNORECASE
    try:
        return regex.compile(expand_macros(pattern, macros, where), flags, ignore_unused=True, **lexicons)
    except (regex.error, ValueError, KeyError) as exc:
        raise RuleError(*where, f"pattern does not compile: {exc}") from None


def _check_fields(entry: dict, allowed: set[str]) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"unknown field(s): {', '.join(sorted(unknown))}")


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
        self.rules = [self._compile_value_rule(e) for e in book.section("rules") if "kind" in e]
        self.rules.sort(key=lambda r: -r.priority)
        # A rule without a kind finds no value: it is a trap.
        self.traps = _RuleSet.of(self._compile_trap(e) for e in book.section("rules") if "kind" not in e)
        # Rules whose number is always spelled run in windows of their own.
        self.by_anchor = {spelled: _RuleSet.of(r for r in self.rules if r.spelled == spelled)
                          for spelled in (False, True)}
        self.untrapped = frozenset(r.id for r in self.rules if not r.trapped)
        from .tables import TableReader  # noqa: PLC0415 - tables build on this module's compiler

        self.tables = TableReader(book, self.reader, self.lexicons, self.unit_name)

    def _compile_value_rule(self, entry: dict) -> CompiledRule:
        _check_fields(entry, VALUE_FIELDS)
        where = (entry["_file"], entry["id"])
        if entry["kind"] not in KINDS:
            raise RuleError(*where, f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if entry.get("role") not in (None, *ROLES):
            raise RuleError(*where, f"role {entry['role']!r} is not one of {', '.join(ROLES)}")
        priority = entry.get("priority", 0)
        if not isinstance(priority, int):
            raise RuleError(*where, "'priority' must be a whole number")
        pattern = compile_pattern(entry, self.reader.macros, self.lexicons)
        if "num" not in pattern.groupindex:
            raise RuleError(*where, "pattern needs a named group 'num' holding the number")
        number = entry.get("number", "any")
        if number not in ("any", "spelled"):
            raise RuleError(*where, f"'number' must be 'any' or 'spelled', not {number!r}")
        trapped = entry.get("traps", True)
        if not isinstance(trapped, bool):
            raise RuleError(*where, f"'traps' must be true or false, not {trapped!r}")
        return CompiledRule(entry["id"], entry["kind"], priority, pattern, entry.get("unit"), entry.get("role"),
                            requirements(entry), number == "spelled", _built_in(entry), trapped)

    def _compile_trap(self, entry: dict) -> CompiledTrap:
        _check_fields(entry, TRAP_FIELDS)
        return CompiledTrap(entry["id"], compile_pattern(entry, self.reader.macros, self.lexicons), requirements(entry),
                            _built_in(entry))

    def unit_name(self, surface: Optional[str]) -> Optional[str]:
        if surface is None:
            return None
        return self.unit_names.get(fold(surface), surface)

    def trap_spans(self, text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where traps match, within `windows`."""
        spans = []
        for pos, endpos in windows:
            for trap in self.traps.meeting_requires(text[pos:endpos]):
                for m in _finditer(trap, text, pos, endpos):
                    if "trap" in trap.regex.groupindex and m.start("trap") >= 0:
                        spans.append(m.span("trap"))
                    else:
                        spans.append(m.span())
        return spans

    def find(self, text: str) -> list[Find]:
        """Every value in `text`, in order, overlaps settled and traps applied.

        Rules run only in windows around the numbers of the text, and traps only around the
        numbers the rules found: a report is mostly words, and most of the time went to
        scanning them."""
        spelled = _word_spans(text, self.spelled_words)
        anchors = sorted([m.span() for m in _DIGITS.finditer(text)] + spelled)
        if not anchors:
            return []
        finds = []
        for spelled_only, around in ((False, anchors), (True, spelled)):
            rules = self.by_anchor[spelled_only]
            for pos, endpos in _windows(text, around, *_RULE_REACH) if rules.members else ():
                for rule in rules.meeting_requires(text[pos:endpos]):
                    finds.extend(self._finds(rule, text, pos, endpos))
        finds.extend(self.tables.find(text))
        if not finds:
            return []
        # Traps are tried only around the numbers they may take away.
        numbers = sorted((f.num_start, f.num_end) for f in finds if f.rule not in self.untrapped)
        traps = _merged(self.trap_spans(text, _windows(text, numbers, *_TRAP_REACH)))
        finds = [f for f in finds if f.rule in self.untrapped or not traps.overlaps(f.num_start, f.num_end)]
        return _settle(list(dict.fromkeys(finds)))

    def _finds(self, rule: CompiledRule, text: str, pos: int, endpos: int) -> Iterable[Find]:
        for m in _finditer(rule, text, pos, endpos):
            groups = m.groupdict()
            try:
                # `scale`: the scale words of the number ("3.800" "tỷ"), which the first number of
                # a range shares with its second ("từ 1,2 đến 1,5 tỷ").
                value = self._read_number(groups["num"] + (groups.get("scale") or ""))
                total = self._read_number(groups["total"]) if groups.get("total") else None
            except ValueError:
                continue
            unit = rule.unit or self.unit_name(groups.get("unit"))
            range_ = groups.get("num2") is not None
            span = m.span("span") if groups.get("span") is not None else m.span("num") if range_ else m.span()
            if not range_:
                yield Find(rule.id, rule.kind, *span, value, total, unit, *m.span("num"), rule.priority,
                           role=rule.role)
                continue
            span2 = m.span("span2") if groups.get("span2") is not None else m.span("num2")
            yield Find(rule.id, rule.kind, *span, value, total, unit, *m.span("num"), rule.priority,
                       qualifier=">=", role=rule.role)
            yield Find(rule.id, rule.kind, *span2, self._read_number(groups["num2"]), None, unit,
                       *m.span("num2"), rule.priority, qualifier="<=", role=rule.role)


_NUMBER_CACHE_SIZE = 8192

# What every value holds: digits, or a spelled number word of `spelled_value_starts`.
_DIGITS = regex.compile(r"\d+")


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
    """Rules (or traps) tried together, with every string their `requires` name."""

    members: tuple
    required: frozenset[str]

    @classmethod
    def of(cls, rules: Iterable) -> "_RuleSet":
        members = tuple(rules)
        return cls(members, frozenset(word for rule in members for word in rule.requires))

    def meeting_requires(self, window: str) -> list:
        """The rules whose `requires` the window meets. Each required string is looked
        for once per window, however many rules share it."""
        folded = window.casefold()
        present = {word for word in self.required if word in folded}
        return [rule for rule in self.members if not rule.requires or not present.isdisjoint(rule.requires)]


def _finditer(rule, text: str, pos: int, endpos: int) -> Iterable[regex.Match]:
    """`rule.regex` over text[pos:endpos]; a rule of your own under the timeout."""
    if rule.vetted:
        return rule.regex.finditer(text, pos, endpos)
    return _finditer_timed(rule, text, pos, endpos)


def _finditer_timed(rule, text: str, pos: int, endpos: int) -> Iterable[regex.Match]:
    try:
        yield from rule.regex.finditer(text, pos, endpos, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise RuleTimeout(f"rule {rule.id} ran over {REGEX_TIMEOUT_SECONDS:g}s on a block of "
                          f"{len(text)} characters (its pattern backtracks too much)") from None


def _built_in(entry: dict) -> bool:
    return Path(entry["_file"]).parent == builtin_rules_dir()


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


def _settle(finds: list[Find]) -> list[Find]:
    """Keep the strongest of overlapping finds: priority, then the longer span."""
    kept = _Intervals()
    out: list[Find] = []
    for f in sorted(finds, key=lambda f: (-f.priority, -(f.end - f.start), f.start)):
        if not kept.overlaps(f.start, f.end):
            kept.add(f.start, f.end)
            out.append(f)
    return sorted(out, key=lambda f: f.start)

