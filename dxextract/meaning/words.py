"""Word lists as regexes, and the cheap set look-ups that spare most texts the regex.

Every cue of rules/{qualifiers,roles,scope,labels}.yaml is a list of words or phrases;
these helpers turn such a list into a whole-word, case-insensitive pattern.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Collection, Optional, Sequence

import ahocorasick
import regex

from ..normalize import casefolded
from ..patterns import LazyPattern, meets, word_automaton
from ..rules import RuleError


def words_regex(words: Sequence[str], tail: str = "") -> LazyPattern:
    """Any of `words` as whole words (longest first), case-insensitive; compiled when first
    used (a report may never need a cue)."""
    # Words of one length in a fixed order (any order finds the same), so that the pattern is
    # the same text in every process and its compiled form is found in the store of patterns.
    alternatives = "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    # A pattern anchored at the end is searched backwards: one try at the end instead of
    # one at every position of a long phrase.
    backwards = "(?r)" if tail.endswith("$") else ""
    return LazyPattern(backwards + r"(?<![\p{L}\p{M}\p{N}])(?:" + alternatives + r")(?![\p{L}\p{M}\p{N}])" + tail,
                       regex.IGNORECASE, {}, ("word list", None))


def optional_words(words: Optional[Sequence[str]], tail: str = "") -> Optional[LazyPattern]:
    """`words_regex` of a list the rules may leave empty or out: None then, nothing to try."""
    return words_regex(words, tail) if words else None


# A text's last word, past the spaces and commas that may follow a word at the end.
_LAST_WORD = regex.compile(r"(?r)([\p{L}\p{M}\p{N}]*)[\s,]*$")


def last_word(text: str) -> str:
    """The last word of `text`, folded so that every spelling the case-insensitive word
    regexes take for one word folds the same: casefold(), and the regex module also takes
    the Turkish İ and ı for i."""
    return caseless(_LAST_WORD.search(text).group(1))


def caseless(text: str) -> str:
    """`text` folded as the case-insensitive word regexes read it (see `last_word`): a text
    such a regex matches a literal in holds that literal's `caseless` in its own."""
    return text.casefold().replace("\u0307", "").replace("ı", "i")


def may_hold(words: Sequence[str], text: str) -> bool:
    """Whether `text` may hold one of `words` (each folded by `caseless`) as a case-insensitive
    word regex reads them: a substring test that spares the regex most texts."""
    folded = caseless(text)
    for word in words:  # a loop: a generator costs more than these few tests
        if word in folded:
            return True
    return False


# How far before a value the words that bound or change it are looked for (characters).
BEFORE_REACH = 60


@dataclass(slots=True)
class Before:
    """The text right before a value in its sentence, and its last word: the qualifier and
    the role both read there, so it is cut and its last word folded once per value. (Not
    frozen: one is built per value, and a frozen dataclass is built five times slower.)"""
    text: str
    last: str       # last_word(text)
    last_from: int  # where that word's match (the word and what follows it) starts in `text`

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Before":
        piece = text[start:end]
        found = _LAST_WORD.search(piece)
        return cls(piece, caseless(found.group(1)), found.start())

    def tail(self, reach: int) -> "Before":
        """Only the last `reach` characters, as `of` would read them: the same last word
        unless the cut falls inside it (or inside what follows it)."""
        cut = len(self.text) - reach
        if cut <= 0:
            return self
        if self.last_from >= cut:
            return Before(self.text[cut:], self.last, self.last_from - cut)
        return Before.of(self.text, cut, len(self.text))


def first_word(text: str) -> str:
    """The first word of `text`, casefolded (for a set look-up before a word regex)."""
    words = text.split(maxsplit=1)
    return words[0].casefold() if words else ""


@dataclass(frozen=True)
class WordsAtEnd:
    """One of some words ending a text, then only a tail ("…tăng 5%": "tăng" ends "…tăng ").

    Only the words whose last word is the text's last word can end it: most texts before a
    value end otherwise, and a dict look-up rules them out; the rest try a regex of those
    words alone, not of the whole list (a long alternation costs more to try, even once)."""
    by_last_word: dict[str, regex.Pattern]

    @classmethod
    def of(cls, words: Sequence[str], tail: str = r"\s*") -> "WordsAtEnd":
        ending_on: dict[str, list[str]] = {}
        for w in words:
            ending_on.setdefault(last_word(w), []).append(w)
        return cls({last: words_regex(group, tail + "$") for last, group in ending_on.items()})

    @property
    def last_words(self) -> Collection[str]:
        return self.by_last_word.keys()

    def search(self, text: str, last: str) -> Optional[regex.Match]:
        """`last` is `last_word(text)`, worked out once for all the lists that test `text`."""
        pattern = self.by_last_word.get(last)
        return ending(pattern, text, 0, len(text)) if pattern is not None else None


def ending(pattern, text: str, start: int, end: int) -> Optional[regex.Match]:
    """A match of a backwards pattern that `$` anchors (without MULTILINE), ending
    text[start:end]: one try at that end, where a search would try every place back to
    `start`, each failing at `$`. `$` also holds before a final newline: there the search runs."""
    if end > start and text[end - 1] == "\n":
        return pattern.search(text, start, end)
    return pattern.match(text, start, end)


def last_match(pattern, text: str) -> Optional[regex.Match]:
    """The last of a pattern's matches in `text`, as finditer finds them (not overlapping);
    None for none, or for no pattern. A phrase's last cue is where what it names begins."""
    found = None
    for found in pattern.finditer(text) if pattern is not None else ():
        pass
    return found


@dataclass(frozen=True)
class FoldedText:
    """A block casefolded once, for the substring pre-tests (`requires`) of its sentences and
    clauses: each value's clause casefolded on its own folded the same words again and again."""
    text: str
    folded: Optional[str]  # None where offsets would not hold
    # `occurrences` of each list of words asked for, found once a block (a list or two).
    _found: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> "FoldedText":
        return cls(text, casefolded(text))

    def holds(self, requires: Sequence[str], start: int, end: int) -> bool:
        """Whether text[start:end], casefolded, holds one of `requires` (none required: it does)."""
        if not requires:
            return True
        if self.folded is None:
            return meets(requires, self.text[start:end].casefold())
        for word in requires:
            if self.folded.find(word, start, end) >= 0:
                return True
        return False

    def occurrences(self, words: tuple[str, ...]) -> "Occurrences":
        """Where each of `words` (casefolded) stands in the block: one pass over the block a
        word, for the many spans that then ask whether one of them stands inside."""
        found = self._found.get(words)
        if found is None:
            found = self._found[words] = self._occurrences(words)
        return found

    def _occurrences(self, words: tuple[str, ...]) -> "Occurrences":
        if self.folded is None:
            return Occurrences((), (), (), True)
        if not words:
            return Occurrences((), (), (), False)
        # One pass of an automaton finds every word at once, where a scan a word read the block
        # some forty times (the role cues' leads).
        found = sorted((last + 1 - size, last + 1, k) for last, standing in _automaton(words).iter(self.folded)
                       for k, size in standing)
        return Occurrences(tuple(start for start, _, _ in found), tuple(end for _, end, _ in found),
                           tuple(k for _, _, k in found), False)

    def may_hold(self, words: Sequence[str], start: int, end: int) -> bool:
        """Whether text[start:end] may hold one of `words` (casefolded) as a case-insensitive
        regex reads them: where the block does not fold character for character ("İ", which
        the regex takes for "i", folds to two), it may."""
        return self.folded is None or self.holds(words, start, end)


@lru_cache(maxsize=64)
def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    """An automaton of `words` (none empty): each find is where a word's last character
    stands, with the words (their indices and lengths) ending there."""
    standing: dict[str, list[tuple[int, int]]] = {}
    for k, word in enumerate(words):
        standing.setdefault(word, []).append((k, len(word)))
    return word_automaton(standing)


@dataclass(frozen=True, slots=True)
class Occurrences:
    """Where some words stand in a block's casefold (see `FoldedText.occurrences`)."""
    starts: tuple[int, ...]  # in order
    ends: tuple[int, ...]
    words: tuple[int, ...]   # which of the words stands there (its index in the list looked for)
    everywhere: bool         # the block does not fold character for character: any span may hold them

    def words_within(self, start: int, end: int) -> list[tuple[int, tuple[int, ...]]]:
        """Where the words standing wholly inside text[start:end] start, in order, each place
        once with the words (their indices, shortest first) standing wholly inside there."""
        out: list[tuple[int, tuple[int, ...]]] = []
        starts, ends, words = self.starts, self.ends, self.words
        n = len(starts)
        k = bisect.bisect_left(starts, start)
        while k < n and starts[k] < end:
            at = starts[k]
            if k + 1 < n and starts[k + 1] == at:  # several words at one place ("đặt", "đặt ra"): rare
                first = k
                while k < n and starts[k] == at:
                    k += 1
                standing = tuple(words[j] for j in range(first, k) if ends[j] <= end)
                if standing:
                    out.append((at, standing))
                continue
            if ends[k] <= end:
                out.append((at, (words[k],)))
            k += 1
        return out


def required(entry: dict, key: str, kind: type):
    """A rule entry's field that must be there, of `kind` and not empty."""
    value = entry.get(key)
    if not isinstance(value, kind) or not value:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"needs '{key}' ({kind.__name__})")
    return value
