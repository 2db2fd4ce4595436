"""Where sentences, clauses and brackets begin and end around the values of a block."""
from __future__ import annotations

from typing import Sequence

import regex

from ..segment import sentence_spans
from ..claims import Find

# Characters that close a clause for every purpose here.
# Not the dot of an abbreviation in a name ("TP. Hồ Chí Minh", "PGS.TS.").
HARD = regex.compile(r"[;:()\[\]•]|\.(?=\s|$)(?<!(?<![\p{L}\p{M}])(?:TP|Tp|TX|Tx|TT|Q|P|H|ThS|TS|PGS|GS|BS|KS)\.)")
_LAST_HARD = regex.compile("(?r)" + HARD.pattern)  # the last one: searched from the end
_COMMA = regex.compile(",")
_BRACKETED = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def last_hard_end(text: str) -> int:
    """Just past the last character of `text` that closes a clause (0 when none does)."""
    last = _LAST_HARD.search(text)
    return last.end() if last else 0


def clause_end(text: str, at: int, ceiling: int) -> int:
    m = HARD.search(text, at, ceiling)
    return m.start() if m else ceiling


def first_comma(raw: str) -> int:
    at = raw.find(",")
    return len(raw) if at < 0 else at


def comma_chunks(raw: str) -> list[tuple[int, int]]:
    """The non-blank pieces of `raw` between commas."""
    chunks, start = [], 0
    for m in _COMMA.finditer(raw):
        if raw[start:m.start()].strip():
            chunks.append((start, m.start()))
        start = m.end()
    if raw[start:].strip():
        chunks.append((start, len(raw)))
    return chunks


def mask_brackets(text: str) -> str:
    """Blank out closed brackets (nested ones too), keeping every offset."""
    if ")" not in text and "]" not in text:
        return text  # nothing closes: the usual case, told without the regex
    while True:
        masked = _BRACKETED.sub(lambda m: " " * len(m.group()), text)
        if masked == text:
            return text
        text = masked


def sentences_with_finds(text: str, finds: Sequence[Find]) -> list[tuple[int, int]]:
    """Sentence spans of the lines holding finds; other lines are never segmented."""
    out: list[tuple[int, int]] = []
    done_to = -1
    for f in finds:
        if f.start < done_to:
            continue
        start, end = line_start(text, f.start), line_end(text, f.start)
        line = text[start:end]
        out.extend((start + s, start + e) for s, e in sentence_spans(line))
        done_to = end
    # A find outside every sentence (the tokenizer dropped its text) gets its line.
    return _cover(out, finds, text)


_BREAK = regex.compile(r"[\r\n]")
_LAST_BREAK = regex.compile(r"(?r)[\r\n]")


def line_end(text: str, at: int) -> int:
    """Where the line holding `at` ends (one search: a text without "\r" is not read to its
    end for each line, as str.find would)."""
    found = _BREAK.search(text, at)
    return found.start() if found else len(text)


def line_start(text: str, at: int) -> int:
    found = _LAST_BREAK.search(text, 0, at)
    return found.end() if found else 0


def _cover(sentences: list[tuple[int, int]], finds: Sequence[Find], text: str) -> list[tuple[int, int]]:
    """Sentences sorted, plus the line of any find no sentence holds. Both lists are in
    order, so one walk over them does (a long block holds thousands of each)."""
    covered = sorted(sentences)
    extra: list[tuple[int, int]] = []
    k = 0
    for f in finds:
        while k < len(covered) and covered[k][1] <= f.start:
            k += 1
        held = k < len(covered) and covered[k][0] <= f.start
        if not held and not (extra and extra[-1][0] <= f.start < extra[-1][1]):
            extra.append((line_start(text, f.start), line_end(text, f.start)))
    return sorted(covered + extra)
