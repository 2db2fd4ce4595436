"""Load the YAML rule files: the built-in `rules/` folder, then any user folders over it.

Every file is a mapping of named sections (`lexicons`, `rules`, `indicators`, …). Entries
of a section are merged across folders by their key (`id`, or `code` for indicators), so a
user folder given with `--rules DIR` overrides or extends the shipped knowledge without
editing it. Problems are reported as `RuleError` naming the file, the rule and the fault.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence


class RuleError(Exception):
    """A rule file that cannot be used: names the file, the rule id and what is wrong."""

    def __init__(self, file: str | Path, rule_id: str | None, message: str):
        self.file, self.rule_id, self.message = str(file), rule_id, message
        where = f"{self.file}: rule {rule_id}" if rule_id else self.file
        super().__init__(f"{where}: {message}")


@lru_cache(maxsize=1)
def builtin_rules_dir() -> Path:
    """`rules/` beside the package in a checkout, or the copy shipped inside a wheel.
    Remembered: the rule loaders ask for every entry, and resolving the path costs syscalls."""
    here = Path(__file__).resolve().parent
    shipped = here / "builtin_rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class RuleFile:
    path: Path
    data: dict


def _load_file(path: Path, cached: bool = False) -> RuleFile:
    """`cached`: the parsed data may come from, and goes to, the cache of parsed rule files."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, None, f"cannot read: {exc}") from None
    data = _cached_yaml(path, text) if cached else _parsed_yaml(path, text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleError(path, None, "the top level must be a mapping of sections")
    return RuleFile(path, data)


def _parsed_yaml(path: Path, text: str) -> Any:
    import yaml  # noqa: PLC0415 - a run that finds every file in the cache never needs it

    # The C loader is several times faster; both are safe loaders.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RuleError(path, None, f"not valid YAML: {_yaml_problem(exc)}") from None


@lru_cache(maxsize=1)
def _cache_key() -> str:
    """What a parsed file depends on besides its text: the YAML library as installed (where
    its module lies and when it was written: an upgrade rewrites it; told without importing
    it), the marshal format and Python's version. A cached file is used only if all match."""
    spec = importlib.util.find_spec("yaml")
    origin = spec.origin if spec is not None and spec.origin else ""
    with suppress(OSError):
        origin += f" {os.stat(origin).st_mtime_ns}"
    return f"{origin} {marshal.version} {sys.version_info[:3]}"


def _cached_yaml(path: Path, text: str) -> Any:
    """The data of a rule file, from the cache when it holds the parse of this very text:
    parsing the built-in files was a tenth of a one-report run. One cache file per rule file
    (and per folder it lies in: two installs do not take turns), holding the digest of the text
    it was parsed from, so it is replaced when the rules change and never grows; a cache that
    cannot be read or written only costs the parse."""
    try:
        where = _cache_dir(path.parent) / f"{path.name}.marshal"
    except RuntimeError:  # no home folder: no cache
        return _parsed_yaml(path, text)
    digest = hashlib.sha256(f"{_cache_key()}\n{text}".encode("utf-8")).digest()
    with suppress(OSError, EOFError, ValueError, TypeError):
        stored = marshal.loads(where.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == digest:
            return stored[1]
    data = _parsed_yaml(path, text)
    temporary = where.with_name(f"{where.name}.{os.getpid()}")
    with suppress(OSError, ValueError):  # ValueError: data marshal cannot hold (a YAML date)
        where.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps((digest, data)))
        os.replace(temporary, where)  # whole or not at all, for runs that start together
    with suppress(OSError):
        temporary.unlink(missing_ok=True)
    return data


def cache_root() -> Path:
    """dxextract's folder in the user's cache folder (RuntimeError: no home folder)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dxextract"


def _cache_dir(folder: Path) -> Path:
    """Where the parsed rule files of `folder` are kept, in the user's cache folder."""
    return cache_root() / "rules" / hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:16]


def _yaml_problem(exc: Exception) -> str:
    """"line 12, column 5: mapping values are not allowed here" — where and what."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return problem
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"


def load_files(dirs: Sequence[Path]) -> list[RuleFile]:
    """Every `*.yaml` file of each folder, folders in order, files by name."""
    files = []
    builtin = builtin_rules_dir()
    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise RuleError(folder, None, "rules folder not found")
        # Only the built-in files are cached: they are read at every start, and a cache of
        # every folder ever given would grow without end.
        files.extend(_load_file(p, cached=folder == builtin) for p in sorted(folder.glob("*.yaml")))
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
