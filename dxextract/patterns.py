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


def compile_pattern(entry: dict, macros: dict, lexicons: dict) -> regex.Pattern:
    """Expand macros and compile with the shared word lists; errors name file and rule."""
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
    try:
        return regex.compile(expand_macros(pattern, macros, where), flags, ignore_unused=True, **lexicons)
    except (regex.error, ValueError, KeyError) as exc:
        raise RuleError(*where, f"pattern does not compile: {exc}") from None


def check_fields(entry: dict, allowed: set[str]) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"unknown field(s): {', '.join(sorted(unknown))}")
