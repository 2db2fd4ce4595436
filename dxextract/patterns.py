"""Compile the patterns of rule files: macros expanded, word lists bound, errors that name
the file and the rule; and `requires`, the cheap substring test before a pattern runs."""
from __future__ import annotations

import regex

from .numbers import expand_macros
from .rules import RuleError


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


def compile_pattern(entry: dict, macros: dict, lexicons: dict, lazy: bool = False):
    """Expand macros and compile with the shared word lists; errors name file and rule.
    `lazy`: compile when first used (a `LazyPattern`), for the rules that ship with dxextract,
    which the test suite compiles and checks: a run over one report uses about half of them,
    and compiling every one was a third of the start-up."""
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
    source = expand_macros(pattern, macros, where)
    if lazy:
        return LazyPattern(source, flags, lexicons, where)
    return _compiled(source, flags, lexicons, where)


def _compiled(source: str, flags: int, lexicons: dict, where: tuple) -> regex.Pattern:
    try:
        return regex.compile(source, flags, ignore_unused=True, **lexicons)
    except (regex.error, ValueError, KeyError) as exc:
        raise RuleError(*where, f"pattern does not compile: {exc}") from None


class LazyPattern:
    """A pattern compiled when first used; until then its `pattern` (macros expanded) and
    `flags` are known. Once compiled, the compiled pattern's methods stand on the object
    itself, so a call costs what it costs on a compiled pattern."""

    def __init__(self, source: str, flags: int, lexicons: dict, where: tuple):
        self.pattern = source
        self.flags = flags
        self._lexicons = lexicons
        self._where = where

    def __getattr__(self, name: str):
        if name.startswith("__") or "_where" not in self.__dict__:
            raise AttributeError(name)
        compiled = _compiled(self.pattern, self.flags, self._lexicons, self._where)
        for attr in _PATTERN_ATTRIBUTES:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)


_PATTERN_ATTRIBUTES = ("finditer", "match", "search", "fullmatch", "findall", "sub", "subn", "split", "groupindex",
                       "groups", "scanner")


def check_fields(entry: dict, allowed: set[str]) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"unknown field(s): {', '.join(sorted(unknown))}")
