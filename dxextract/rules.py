"""Load the YAML rule files: the built-in `rules/` folder, then any user folders over it.

Every file is a mapping of named sections (`lexicons`, `rules`, `indicators`, …). Entries
of a section are merged across folders by their key (`id`, or `code` for indicators), so a
user folder given with `--rules DIR` overrides or extends the shipped knowledge without
editing it. Problems are reported as `RuleError` naming the file, the rule and the fault.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

try:  # the C loader is several times faster; both are safe loaders
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class RuleError(Exception):
    """A rule file that cannot be used: names the file, the rule id and what is wrong."""

    def __init__(self, file: str | Path, rule_id: str | None, message: str):
        self.file, self.rule_id, self.message = str(file), rule_id, message
        where = f"{self.file}: rule {rule_id}" if rule_id else self.file
        super().__init__(f"{where}: {message}")


def builtin_rules_dir() -> Path:
    """`rules/` beside the package in a checkout, or the copy shipped inside a wheel."""
    here = Path(__file__).resolve().parent
    shipped = here / "builtin_rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class RuleFile:
    path: Path
    data: dict


def _load_file(path: Path) -> RuleFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, None, f"cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise RuleError(path, None, f"not valid YAML: {_yaml_problem(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(path, None, "the top level must be a mapping of sections")
    return RuleFile(path, data)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """"line 12, column 5: mapping values are not allowed here" — where and what."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return problem
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"


def load_files(dirs: Sequence[Path]) -> list[RuleFile]:
    """Every `*.yaml` file of each folder, folders in order, files by name."""
    files = []
    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise RuleError(folder, None, "rules folder not found")
        files.extend(_load_file(p) for p in sorted(folder.glob("*.yaml")))
    return files


@dataclass(frozen=True)
class Rulebook:
    """All rule files, with each section merged across folders."""

    files: tuple[RuleFile, ...]
    dirs: tuple[Path, ...] = field(default=())

    def section(self, name: str, key: str = "id") -> list[dict]:
        """Entries of `name` from every file; a later entry with the same key replaces an
        earlier one in place. Each entry gains `_file`, for error messages."""
        merged: dict[Any, dict] = {}
        for rf in self.files:
            entries = rf.data.get(name)
            if entries is None:
                continue
            if not isinstance(entries, list):
                raise RuleError(rf.path, None, f"section '{name}' must be a list")
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    raise RuleError(rf.path, None, f"entry {i + 1} of '{name}' must be a mapping")
                if key not in entry:
                    raise RuleError(rf.path, entry.get("id"), f"entry {i + 1} of '{name}' has no '{key}'")
                merged[entry[key]] = {**entry, "_file": str(rf.path)}
        return list(merged.values())

    def lexicons(self) -> dict[str, list[str]]:
        """Named word lists; a later folder's list of the same name replaces the earlier."""
        out: dict[str, list[str]] = {}
        for rf in self.files:
            lex = rf.data.get("lexicons") or {}
            if not isinstance(lex, dict):
                raise RuleError(rf.path, None, "section 'lexicons' must be a mapping of lists")
            for name, words in lex.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise RuleError(rf.path, None, f"lexicon '{name}' must be a list of strings")
                out[name] = words
        return out


def load_rulebook(extra_dirs: Iterable[str | Path] = ()) -> Rulebook:
    dirs = (builtin_rules_dir(), *(Path(d) for d in extra_dirs))
    return _load_cached(dirs)


@lru_cache(maxsize=8)
def _load_cached(dirs: tuple[Path, ...]) -> Rulebook:
    return Rulebook(tuple(load_files(dirs)), dirs)
