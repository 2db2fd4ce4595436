"""The checks every context rule file's entry goes through (rules/provinces.yaml,
rules/periods.yaml): its fields, weight, lists of strings and examples."""
from __future__ import annotations

from typing import Optional

from ..rules import RuleError


def check_fields(e: dict, allowed: set[str]) -> None:
    unknown = set(e) - allowed - {"_file"}
    if unknown:
        raise RuleError(e["_file"], e.get("id"), f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")


def check_weight(e: dict, field: str = "weight") -> float:
    """The entry's `weight` (or another such field), a number >= 0."""
    weight = e.get(field)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
        raise RuleError(e["_file"], e["id"], f"'{field}' must be a number >= 0")
    return float(weight)


def check_strings(e: dict, field: str, required: bool = False) -> None:
    value = e.get(field)
    if value is None and not required:
        return
    if not isinstance(value, list) or (required and not value) or not all(isinstance(v, str) for v in value):
        raise RuleError(e["_file"], e.get("id"), f"'{field}' must be a {'non-empty ' if required else ''}list of strings")


def check_examples(e: dict, keys: tuple[str, str]) -> None:
    examples = e.get("examples") or []
    if not isinstance(examples, list):
        raise RuleError(e["_file"], e.get("id"), "'examples' must be a list")
    for ex in examples:
        if not isinstance(ex, dict) or set(ex) != set(keys) or not isinstance(ex[keys[0]], str):
            raise RuleError(e["_file"], e.get("id"), f"example {ex!r} must be a mapping of {' and '.join(keys)}")


def weighted_strings(rulebook, section: str, field: str, others: Optional[str] = None
                     ) -> tuple[list[tuple[str, float]], list[str]]:
    """The strings of `field` in a section's entries, each with its entry's weight, and the
    strings of `others` beside them (the portals a national body's name may follow, the words
    that make the country a yardstick), each entry checked."""
    weighted: list[tuple[str, float]] = []
    words: list[str] = []
    allowed = {"id", "weight", field, "examples"} | ({others} if others else set())
    for e in rulebook.section(section):
        check_fields(e, allowed)
        weight = check_weight(e)
        check_strings(e, field, required=True)
        if others:
            check_strings(e, others)
            words.extend(e.get(others) or [])
        check_examples(e, ("text", "province"))
        weighted.extend((string, weight) for string in e[field])
    return weighted, words
