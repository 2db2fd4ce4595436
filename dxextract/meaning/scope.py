"""Scope: the administrative level (cấp tỉnh, cấp huyện, cấp xã) a value is restricted to,
only where the text names it (rules/scope.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

from ..normalize import BULLET
from ..records import SCOPES
from ..rules import RuleError, Rulebook
from ..patterns import compile_pattern, meets, requirements
from .words import ending, required

# How far after a value its scope may still be named (in characters).
SCOPE_REACH = 60


class _NoScope:
    """Several levels named at once: explicitly no single scope."""


NO_SCOPE = _NoScope()


@dataclass(frozen=True)
class _Scope:
    level: Optional[str]                   # None: the phrase names several levels at once
    patterns: list[regex.Pattern]
    after_percent: list[regex.Pattern]     # anchored: what right after "…%" names the level
    after_value: list[regex.Pattern]       # anchored: what right after any value names it, past the clause
    requires: tuple[str, ...]              # one of these is in any match of `patterns`


class ScopeReader:
    def __init__(self, book: Rulebook, macros: dict, lexicons: dict, cache_size: int):
        self.scopes = [self._scope(e, macros, lexicons) for e in book.section("scopes")]
        # "Chỉ số cải cách hành chính cấp xã", "Hội đồng thẩm định cấp tỉnh": a level after one of
        # these names that thing's own level, not the value's (up to a quote closing a name:
        # 'lớp "Kỹ năng sử dụng nền tảng số" cho công chức cấp xã' is at cấp xã).
        owners = lexicons.get("level_owners", []) + lexicons.get("level_grades", [])
        self.owner = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:" + "|".join(regex.escape(o) for o in owners) +
                                   r")(?![\p{L}\p{M}])[^,;:()\"“”]*$", regex.IGNORECASE) if owners else None
        # Every word a level is named with; None when some scope requires none (any phrase may).
        self.level_words = None if any(not scope.requires for scope in self.scopes) else \
            tuple(dict.fromkeys(word for scope in self.scopes for word in scope.requires))
        # Each scope's `after_value` patterns (they read past a value's phrase), in order, with
        # its level: a value tries these few alone, not every scope for a list mostly empty.
        self.beyond = [(scope.level, pattern) for scope in self.scopes for pattern in scope.after_value]
        self.reads_beyond = bool(self.beyond)
        self.after_percent = [(scope.level, pattern) for scope in self.scopes for pattern in scope.after_percent]
        # Pure functions of their phrases, each distinct phrase read once.
        self.levels_in = lru_cache(maxsize=cache_size)(self._levels_in)
        self.scope_of = lru_cache(maxsize=cache_size)(self._scope_of)

    @staticmethod
    def _scope(entry: dict, macros: dict, lexicons: dict) -> _Scope:
        level = entry.get("level")
        if level is not None and level not in SCOPES:
            raise RuleError(entry.get("_file", "?"), entry.get("id"), f"level must be one of {', '.join(SCOPES)} or null")
        compiled = [compile_pattern({**entry, "pattern": p}, macros, lexicons) for p in required(entry, "patterns", list)]
        after_percent, after_value = ([compile_pattern({**entry, "pattern": "^" + p}, macros, lexicons)
                                       for p in entry.get(field, [])] for field in ("after_percent", "after_value"))
        return _Scope(level, compiled, after_percent, after_value, requirements(entry))

    def level_after(self, beyond: str):
        """The level what follows a value, past its phrase's end, names by a scope's
        `after_value`: a level, NO_SCOPE or None. Not cached as `scope_of` is: the raw text
        after each value seldom repeats."""
        beyond = beyond[:SCOPE_REACH].lstrip()
        for level, pattern in self.beyond:
            if pattern.match(beyond):
                return level if level else NO_SCOPE
        return None

    def _scope_of(self, percent: bool, right_raw: str, left_raw: str):
        """The level the phrases around a value name: a level, NO_SCOPE or None."""
        right = right_raw[:SCOPE_REACH]
        if percent:
            after = right.lstrip()
            for level, pattern in self.after_percent:
                if pattern.match(after):
                    return level if level else NO_SCOPE
        found = self.levels_in(right)
        if found:
            return single(found)
        # A value after "và" or "hoặc" is a conjunct of its own: the level the one before it
        # names is that one's ("21 trung tâm … cấp huyện và 30 cơ sở khác").
        words = left_raw.split()
        if words and words[-1].casefold() in _CONJUNCTIONS:
            return None
        found = self.levels_in(left_raw)
        return single(found) if found else None

    def _levels_in(self, phrase: str) -> tuple[tuple[int, Optional[str]], ...]:
        hits = []
        folded = phrase.casefold()
        for scope in self.scopes:
            if not meets(scope.requires, folded):
                continue
            for p in scope.patterns:
                hits.extend((m.start(), scope.level) for m in p.finditer(phrase)
                            if self.owner is None or not ending(self.owner, phrase, 0, m.start()))
        return tuple(sorted(hits, key=lambda h: h[0]))  # shared by the cache: immutable

    def line_level(self, text: str, at: int) -> Optional[str]:
        """The level the key of the line holding `at` names ("▪ Cấp tỉnh: 58.932 hồ sơ, trực
        tuyến 94,1%"): every value of such a line is at it. None when the line opens on no key
        naming one level. A key right before the value names its level first: "- Cấp xã: 126/126
        xã …. Cấp huyện: 8/8 Phòng Tư pháp" puts 8/8 at cấp huyện."""
        start = text.rfind("\n", 0, at) + 1
        near = self._colon_level(text, start, at)
        if near is not None:
            return near
        key = _LINE_KEY.match(text, start, at)
        if key is not None and self.may_name_level(key.group("key")):
            found = self.levels_in(key.group("key"))
            # The key is the level itself ("Cấp xã:", "UBND cấp huyện:"), not a phrase naming one.
            if len(found) == 1 and found[0][0] == 0 and found[0][1] is not None:
                return found[0][1]
        return None

    def _colon_level(self, text: str, start: int, at: int) -> Optional[str]:
        """The level what a colon right before the value (on its line, from `start`) names
        and closes on: "Cán bộ, công chức cấp xã: 3.322 người", "06 lớp … cho công chức cấp xã:
        618 học viên"."""
        colon = text.rfind(":", start, at)
        if colon < 0 or _KEY_TAIL.fullmatch(text, colon + 1, at) is None:
            return None
        # An aside closing the key is no part of it: "VKSND cấp huyện (21 đơn vị): 929 hồ sơ".
        key = _KEY_ASIDE.sub("", text[max(start, colon - _KEY_REACH):colon].rstrip())
        if not self.may_name_level(key[-_LEVEL_AT_END:]):
            return None
        found = self.levels_in(key)
        last = found[-1] if found else None
        return last[1] if last is not None and last[1] is not None and last[0] >= len(key) - _LEVEL_AT_END and \
            {level for _, level in found} == {last[1]} else None

    def may_name_level(self, phrase: str) -> bool:
        """Whether `phrase` holds a word some level is named with (a quick pre-test)."""
        if self.level_words is None:
            return True
        folded = phrase.casefold()
        return any(word in folded for word in self.level_words)

    def without_scopes(self, phrase: str) -> str:
        """`phrase` with every naming of a level blanked out."""
        folded = phrase.casefold()
        for scope in self.scopes:
            if not meets(scope.requires, folded):
                continue
            for p in scope.patterns:
                phrase, blanked = p.subn(" ", phrase)
                if blanked:
                    folded = phrase.casefold()
        return phrase


_CONJUNCTIONS = frozenset(("và", "hoặc"))
# What may stand between such a colon and the value (a bound, no other number), how far back
# the words before the colon are read, and how near their end the level must be named.
_KEY_ASIDE = regex.compile(r"\s*\([^()\n]*\)$")
_KEY_TAIL = regex.compile(r"[^\S\n]*(?:[\p{L}\p{M}]+[^\S\n]+){0,2}")
_KEY_REACH, _LEVEL_AT_END = 60, 14
# A line's key: past its bullet, a few words and a colon ("   ▪ Cấp tỉnh: ").
_LINE_KEY = regex.compile(r"[^\S\n]*" + BULLET + r"?[^\S\n]*(?P<key>\p{L}[^:\n\d]{1,20}?)[^\S\n]*:")


def single(hits: Sequence[tuple[int, Optional[str]]]):
    """The one level that `hits` name, or NO_SCOPE."""
    levels = {level for _, level in hits}
    if None in levels:
        return NO_SCOPE
    if len(levels) == 1:
        return hits[0][1]
    # "UBND cấp huyện thành lập … cấp xã": a level heading the phrase wins.
    return hits[0][1] if hits[0][0] <= 12 else NO_SCOPE
