"""Compile the patterns of rule files: macros expanded, word lists bound, errors that name
the file and the rule; and `requires`, the cheap substring test before a pattern runs."""
from __future__ import annotations

import atexit
import hashlib
import io
import marshal
import os
import pickle
import sys
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

import ahocorasick
import regex

from .numbers import expand_macros
from .rules import RuleError, cache_root


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


def word_automaton(values: Mapping[str, object]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of the words of `values` (none empty): one pass over a text
    finds them all, each find (where the word's last character stands, its value)."""
    automaton = ahocorasick.Automaton()
    for word, value in values.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


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
        return stored_pattern(source, flags, lexicons)
    except (regex.error, ValueError, KeyError) as exc:
        raise RuleError(*where, f"pattern does not compile: {exc}") from None


def stored_pattern(source: str, flags: int = 0, lexicons: Optional[Mapping] = None) -> regex.Pattern:
    """`regex.compile(source, flags)` (with the word lists `lexicons` its `\\L<name>` names),
    through the store of compiled patterns: the rules' patterns, and the label, role, qualifier
    and period patterns the code builds from the rule files' lists, take a quarter of a second
    to compile at every start, a small fraction of that to restore."""
    lexicons = lexicons or {}
    key = _pattern_key(source, flags, lexicons)
    pattern = _STORE.get(key)
    if pattern is None:
        pattern = regex.compile(source, flags, ignore_unused=True, **lexicons)
        _STORE.add(key, pattern)
    return pattern


def _pattern_key(source: str, flags: int, lexicons: dict) -> bytes:
    """What a compiled pattern depends on: its text, flags, the words of the lists it names,
    and the versions of the regex module and of Python."""
    digest = hashlib.sha256(f"{_STORE_VERSION}\n{int(flags)}\n{source}".encode("utf-8"))
    for name in sorted(set(WORD_LIST.findall(source))):
        if name in lexicons:
            digest.update(_list_digest(name, tuple(lexicons[name])))
    return digest.digest()


@lru_cache(maxsize=256)
def _list_digest(name: str, words: tuple[str, ...]) -> bytes:
    return hashlib.sha256("\0".join((name, *words)).encode("utf-8")).digest()


# A word list named in a pattern: `\L<name>`.
WORD_LIST = regex.compile(r"\\L<(\w+)>")
_STORE_VERSION = f"{regex.__version__} {sys.version_info[:3]} {marshal.version} {pickle.HIGHEST_PROTOCOL}"


class _PatternStore:
    """Compiled patterns kept on disk from one run to the next: the `regex` module compiles in
    Python, and compiling the patterns one report needs was over a third of a short run, while
    a compiled pattern restores from its pickle (the engine's own code for it, no parsing) in a
    fraction of that. One file, read when a pattern is first compiled and written at exit when
    the run compiled one it did not hold; it keeps at most `_STORED_PATTERNS`, the ones this
    run used first, so it does not grow as rules change. A file that cannot be read or written
    only costs the compiling."""

    def __init__(self) -> None:
        self._stored: Optional[dict[bytes, bytes]] = None  # read when first needed
        self._used: dict[bytes, bytes] = {}
        self._added = False

    def get(self, key: bytes) -> Optional[regex.Pattern]:
        if self._stored is None:
            self._stored = self._read()
        data = self._stored.get(key)
        if data is None:
            return None
        try:
            pattern = _PatternUnpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - a damaged entry is compiled anew
            return None
        if not isinstance(pattern, regex.Pattern):
            return None
        self._used[key] = data
        return pattern

    def add(self, key: bytes, pattern: regex.Pattern) -> None:
        with suppress(pickle.PicklingError, TypeError, ValueError):
            self._used[key] = pickle.dumps(pattern, protocol=pickle.HIGHEST_PROTOCOL)
            if not self._added:
                atexit.register(self.write)
            self._added = True

    def write(self) -> None:
        """The patterns stored with those this run compiled (at exit, when it compiled some)."""
        if not self._added:
            return
        stored = {**self._read(), **self._used}
        if len(stored) > _STORED_PATTERNS:
            stored = dict(list(self._used.items())[:_STORED_PATTERNS])
        with suppress(OSError, RuntimeError, ValueError):
            where = _store_path()
            temporary = where.with_name(f"{where.name}.{os.getpid()}")
            try:
                where.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(marshal.dumps((_STORE_VERSION, stored)))
                os.replace(temporary, where)  # whole or not at all, for runs that end together
            finally:
                with suppress(OSError):
                    temporary.unlink(missing_ok=True)
        self._added = False

    @staticmethod
    def _read() -> dict[bytes, bytes]:
        with suppress(OSError, RuntimeError, EOFError, ValueError, TypeError):
            version, stored = marshal.loads(_store_path().read_bytes())
            if version == _STORE_VERSION and isinstance(stored, dict):
                return stored
        return {}


class _PatternUnpickler(pickle.Unpickler):
    """Restores compiled patterns and nothing else: a pickle can name any callable."""

    def find_class(self, module: str, name: str):
        if (module, name) not in _PATTERN_MAKERS:
            raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")
        return super().find_class(module, name)


# Where a compiled pattern's pickle names the engine's compile (the module's name for it varies
# with how the regex package was built).
_PATTERN_MAKERS = {("regex._regex", "compile"), ("_regex", "compile")}


def _store_path() -> Path:
    return cache_root() / "patterns.marshal"


_STORED_PATTERNS = 2048
_STORE = _PatternStore()


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
