"""The static reading of a pattern's shape, before it runs: whether every match opens on
its number (`follows`), on a digit (`opens_at_number`), or with strings the pattern spells
(where a rule is tried anchored instead of scanned); and the pattern's alternatives and groups
as its parentheses and bars stand, past escapes and character classes."""
from __future__ import annotations

from typing import Iterator, Optional

import regex

from ..patterns import WORD_LIST

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
    return all(_sequence_opens_with_number(pattern, start, stop) for start, stop in alternatives(pattern, at, end))


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
    for start, stop in alternatives(pattern, at, end):
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
    return all(_sequence_opens_on_digit(pattern, start, stop) for start, stop in alternatives(pattern, at, end))


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


def alternatives(pattern: str, at: int, end: int) -> list[tuple[int, int]]:
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
