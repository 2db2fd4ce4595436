"""Scope: the administrative level (cấp tỉnh, cấp huyện, cấp xã) a value is restricted to,
only where the text names it (rules/scope.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

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
    requires: tuple[str, ...]              # one of these is in any match of `patterns`


class ScopeReader:
    def __init__(self, book: Rulebook, macros: dict, lexicons: dict, cache_size: int):
        self.scopes = [self._scope(e, macros, lexicons) for e in book.section("scopes")]
        # "Chỉ số cải cách hành chính cấp xã", "Hội đồng thẩm định cấp tỉnh": a level after one of
        # these names that thing's own level, not the value's.
        owners = lexicons.get("level_owners", []) + lexicons.get("level_grades", [])
        self.owner = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:" + "|".join(regex.escape(o) for o in owners) +
                                   r")(?![\p{L}\p{M}])[^,;:()]*$", regex.IGNORECASE) if owners else None
        # Every word a level is named with; None when some scope requires none (any phrase may).
        self.level_words = None if any(not scope.requires for scope in self.scopes) else \
            tuple(dict.fromkeys(word for scope in self.scopes for word in scope.requires))
        # Pure functions of their phrases, each distinct phrase read once.
        self.levels_in = lru_cache(maxsize=cache_size)(self._levels_in)
        self.scope_of = lru_cache(maxsize=cache_size)(self._scope_of)

    @staticmethod
    def _scope(entry: dict, macros: dict, lexicons: dict) -> _Scope:
        level = entry.get("level")
        if level is not None and level not in SCOPES:
            raise RuleError(entry.get("_file", "?"), entry.get("id"), f"level must be one of {', '.join(SCOPES)} or null")
        compiled = [compile_pattern({**entry, "pattern": p}, macros, lexicons) for p in required(entry, "patterns", list)]
        after_percent = [compile_pattern({**entry, "pattern": "^" + p}, macros, lexicons)
                         for p in entry.get("after_percent", [])]
        return _Scope(level, compiled, after_percent, requirements(entry))

    def _scope_of(self, percent: bool, right_raw: str, left_raw: str):
        """The level the phrases around a value name: a level, NO_SCOPE or None."""
        right = right_raw[:SCOPE_REACH]
        if percent:
            for scope in self.scopes:
                if any(p.match(right.lstrip()) for p in scope.after_percent):
                    return scope.level if scope.level else NO_SCOPE
        found = self.levels_in(right)
        if found:
            return single(found)
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
        naming one level."""
        start = text.rfind("\n", 0, at) + 1
        key = _LINE_KEY.match(text, start, at)
        if key is None or not self.may_name_level(key.group("key")):
            return None
        found = self.levels_in(key.group("key"))
        # The key is the level itself ("Cấp xã:", "UBND cấp huyện:"), not a phrase naming one.
        return found[0][1] if len(found) == 1 and found[0][0] == 0 and found[0][1] is not None else None

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


# A line's key: past its bullet, a few words and a colon ("   ▪ Cấp tỉnh: ").
_LINE_KEY = regex.compile(r"[^\S\n]*(?:[-–•*+▪◦●■►]|\p{So})?[^\S\n]*(?P<key>\p{L}[^:\n\d]{1,20}?)[^\S\n]*:")


def single(hits: Sequence[tuple[int, Optional[str]]]):
    """The one level that `hits` name, or NO_SCOPE."""
    levels = {level for _, level in hits}
    if None in levels:
        return NO_SCOPE
    if len(levels) == 1:
        return hits[0][1]
    # "UBND cấp huyện thành lập … cấp xã": a level heading the phrase wins.
    return hits[0][1] if hits[0][0] <= 12 else NO_SCOPE
