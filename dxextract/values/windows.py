"""Where rules and traps are tried: windows around the numbers of a text, and the spans of
the spelled number words that anchor windows of their own."""
from __future__ import annotations

from typing import Optional

import regex

def folded_window(text: str, folded: Optional[str], pos: int, endpos: int) -> str:
    """text[pos:endpos] casefolded (`folded`: the text's `casefolded`)."""
    return folded[pos:endpos] if folded is not None else text[pos:endpos].casefold()


def word_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
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
RULE_REACH = (60, 90)
TRAP_REACH = (60, 40)
_SPACE_BEFORE = regex.compile(r"(?r)\s")
_SPACE_AFTER = regex.compile(r"\s")


def windows_around(text: str, anchors: list[tuple[int, int]], before: int, after: int) -> list[tuple[int, int]]:
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
