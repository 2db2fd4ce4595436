"""How a rule or trap is tried in a window: scanned, or anchored at the places its matches
can open; a rule of your own under a clock."""
from __future__ import annotations

from typing import Iterable

import regex

# A rule of your own (`--rules DIR`) gets this long per call before the run gives up on
# it with an error, so a pattern that backtracks catastrophically cannot hang a run. The
# built-in rules run without the clock (it costs a sixth of the rule time): the test suite
# holds each of them to this limit on adversarial text instead.
REGEX_TIMEOUT_SECONDS = 5.0


class RuleTimeout(Exception):
    """A rule's regex ran past REGEX_TIMEOUT_SECONDS on some text."""


def finditer_timed(rule, text: str, pos: int, endpos: int) -> Iterable[regex.Match]:
    """`rule.regex` over text[pos:endpos] under the timeout, for a rule of your own (a built-in
    one is held to it by the test suite and runs without the clock)."""
    try:
        yield from rule.regex.finditer(text, pos, endpos, timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError:
        raise _timeout(rule, text) from None


def _timeout(rule, text: str) -> RuleTimeout:
    return RuleTimeout(f"rule {rule.id} ran over {REGEX_TIMEOUT_SECONDS:g}s on a block of "
                       f"{len(text)} characters (its pattern backtracks too much)")


def openings(folded: str, strings: tuple[str, ...], pos: int, endpos: int) -> list[int]:
    """Where in [pos, endpos) of the casefolded text one of `strings` stands, in order."""
    out: list[int] = []
    for string in strings:
        i = folded.find(string, pos, endpos)
        while i >= 0:
            out.append(i)
            i = folded.find(string, i + 1, endpos)
    return sorted(out) if len(strings) > 1 else out


def matches_at(rule, text: str, starts: list[int], endpos: int) -> Iterable[regex.Match]:
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
