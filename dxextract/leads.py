"""The literals one of which opens every match of a regex fragment, read from its text: a
pattern that opens on one is tried only where one of them stands (a cue, a period rule), not
at every place of a text, and a text holding none of them is told so by a substring test."""
from __future__ import annotations

_SYNTAX = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIERS = "*+?{"


def opening_literals(fragment: str) -> tuple[str, ...]:
    """Literals one of which opens every match of a regex fragment; () when no such literals
    are told from its text (then it is searched for everywhere). What is read: alternatives,
    a group of alternatives (not optional), look-behinds before them, and plain characters."""
    alternatives = _split_top_level(fragment)
    if len(alternatives) > 1:
        each = [opening_literals(a) for a in alternatives]
        return () if not all(each) else tuple(lead for leads in each for lead in leads)
    at = 0
    while fragment.startswith(("(?<=", "(?<!"), at):  # looks behind, takes nothing
        at = _group_end(fragment, at)
        if at < 0:
            return ()
    if fragment.startswith("(?:", at) or fragment.startswith("(", at) and not fragment.startswith("(?", at):
        end = _group_end(fragment, at)
        if end < 0 or fragment[end:end + 1] and fragment[end] in _QUANTIFIERS:
            return ()
        return opening_literals(fragment[at + (3 if fragment.startswith("(?:", at) else 1):end - 1])
    literal: list[str] = []
    n = at
    while n < len(fragment):
        if fragment[n] == "\\" and n + 1 < len(fragment) and not fragment[n + 1].isalnum():
            literal.append(fragment[n + 1])  # an escaped sign stands for itself: "\("
            n += 2
        elif fragment[n] not in _SYNTAX:
            literal.append(fragment[n])
            n += 1
        else:
            break
    if literal and n < len(fragment) and fragment[n] in _QUANTIFIERS:
        literal.pop()  # the character before a quantifier may be missing or repeated
    return ("".join(literal),) if literal else ()


def _group_end(fragment: str, at: int) -> int:
    """Just past the ")" closing the group opening at `at` (-1 if it never closes)."""
    return next((i + 1 for i, c, depth in _syntax(fragment, at) if c == ")" and depth == 0), -1)


def _split_top_level(fragment: str) -> list[str]:
    """A fragment's alternatives: its pieces between the "|" outside every group and set."""
    bars = [i for i, c, depth in _syntax(fragment, 0) if c == "|" and depth == 0]
    return [fragment[start + 1:end] for start, end in zip([-1] + bars, bars + [len(fragment)])]


def _syntax(fragment: str, at: int):
    """From `at` on, each character of a fragment outside escapes and sets, with the depth of
    the groups around it (a bracket counted as outside the group it opens or closes)."""
    depth, i, in_set = 0, at, False
    while i < len(fragment):
        c = fragment[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            in_set = c != "]"
        elif c == "[":
            in_set = True
            i += _set_opening(fragment, i)
            continue
        else:
            depth -= c == ")"
            yield i, c, depth
            depth += c == "("
        i += 1


def _set_opening(fragment: str, at: int) -> int:
    """How many characters open the set at `at`: a "]" right after "[" or "[^" is a member."""
    return 2 if fragment[at + 1:at + 2] == "]" else 3 if fragment[at + 1:at + 3] == "^]" else 1
