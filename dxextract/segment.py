"""Sentences and words, by underthesea, each mapped back to exact character spans.

underthesea rewrites some tokens (`Hoà` -> `Hòa`) and merges a number with the next
word (`1.482 Tổ`), so its output is never trusted for offsets: every token is located
again in the text, syllable by syllable, and number tokens are split off. Only the
phrases the label rules ask about are tokenised, and each distinct phrase once (press
releases repeat their indicator phrases endlessly), which is what keeps a whole archive
fast: tokenising everything runs at well under 100 KB/s.

underthesea is imported on first use, so `--help` and number-free input never load it.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from .normalize import fold

_SYLLABLE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[.,/][\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]")
_LINE = regex.compile(r"[^\r\n]+")


def _underthesea():
    import underthesea  # noqa: PLC0415 - deliberately lazy: importing it costs ~0.6 s

    return underthesea


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends a sentence."""
    spans = []
    for line in _LINE.finditer(text):
        spans.extend((line.start() + s, line.start() + e) for s, e in _line_sentences(line.group()))
    return spans


@lru_cache(maxsize=4096)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    pieces = _underthesea().sent_tokenize(line)
    spans, cursor = [], 0
    for piece in pieces:
        at = line.find(piece, cursor)
        if at < 0:  # the tokenizer changed the text: keep the rest as one sentence
            break
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    if not spans:
        return ((0, len(line)),)
    # Stretch the last sentence over any tail the tokenizer dropped.
    if cursor < len(line) and line[cursor:].strip():
        spans[-1] = (spans[-1][0], len(line))
    return tuple(spans)


@lru_cache(maxsize=65536)
def word_spans(phrase: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each word of `phrase`, words as underthesea segments them."""
    syllables = [(m.start(), m.end()) for m in _SYLLABLE.finditer(phrase)]
    if not syllables:
        return ()
    tokens = _underthesea().word_tokenize(phrase)
    spans: list[tuple[int, int]] = []
    i = 0
    for token in tokens:
        n = len(_SYLLABLE.findall(token))
        if n == 0:
            continue
        group = syllables[i:i + n]
        if not group:
            break
        if not _same_syllables(phrase, group, token):
            # The tokenizer saw the text differently (rewrote it): one word per syllable.
            spans.extend(syllables[i:])
            return tuple(spans)
        spans.extend(_split_numbers(phrase, group))
        i += n
    spans.extend(syllables[i:])
    return tuple(spans)


def _same_syllables(phrase: str, group: list[tuple[int, int]], token: str) -> bool:
    got = " ".join(phrase[s:e] for s, e in group)
    return fold(got) == fold(token.replace("_", " "))


def _split_numbers(phrase: str, group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A word spanning a number and a noun (`1.482 Tổ`) becomes the number, then the rest."""
    if len(group) > 1 and any(phrase[s:e][0].isdigit() for s, e in group):
        return [(s, e) for s, e in group if phrase[s:e][0].isdigit()] + _joined(
            [(s, e) for s, e in group if not phrase[s:e][0].isdigit()])
    return [(group[0][0], group[-1][1])]


def _joined(group: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(group[0][0], group[-1][1])] if group else []
