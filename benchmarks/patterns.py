"""Every compiled pattern the package holds, held to the regex limit on long lines: no pattern
may read a line a report's writer chose in superlinear time.

    .venv/bin/python -P benchmarks/patterns.py              # every pattern (several CPU minutes)
    .venv/bin/python -P benchmarks/patterns.py --share 3/16 # one share of them

The patterns are gathered, not listed: the value rules and traps, the table rules, the patterns
the meaning, context and table readers build from the rules' lists and the code's module-level
patterns, found by walking the extractor and the package's modules. Each is tried the way the
source calls it (a scan, `match`, `fullmatch`) on lines of fillers and of its own words, timed
on a short line and its double and projected to the long one. It prints each pattern that
would overrun the limit, with the line's shape, and exits 1 if any does. Stop 34 left 23 (see
benchmarks/README.md); once they are mended this belongs back in tests/test_backtracking.py.
"""
import argparse
import importlib
import math
import pkgutil
import sys
import time
import types
from functools import lru_cache
from pathlib import Path

import regex

from dxextract.patterns import LazyPattern
from dxextract.values import REGEX_TIMEOUT_SECONDS

# A pattern passes only if its projected time is this many times under the limit.
MARGIN = 4

# Every other pattern the package compiles (the table rules, the patterns the meaning, context
# and table readers build from the rule files' lists, the code's own) reads text a report's
# writer chose, a whole line or a cell of any length: each is held to the limit on a line of
# LINE characters, scanned (finditer, as a search is) and matched whole (fullmatch, as a
# cell or a line is), in shapes made of the pieces it is made of.
LINE = 100_000
# The line timed, and its double: a pattern under a millisecond here stays under the limit on
# LINE even if it re-read the line from every position (the cube would send to the long line
# every pattern that scans; one that backtracks exponentially overruns here already).
LINE_SHORT = 2_000
# Runs of the characters tables and lists are drawn with, and of numbers with their separators.
FILLERS = [" ", "\t", "\n", "-", "–", "|", ".", "/", ":", "•", " - a", " / a", " | ", "1.", "1,", "1 ", "1.1 ", "(1)",
           "a ", "a", "1"]
# What opens a line before a long run (a key and its figure, a year, a unit caption: what a
# pattern reads before the run it backtracks over) and the character that ends the run, one no
# pattern expects there.
HEADS = ["a: 1", "2023", "1. a"]
ENDS = ["☃", "(x"]
# A pattern's own words (its literals, and its word lists' first words) at most this many.
OWN_WORDS = 6
_LITERAL = regex.compile(r"(?<![\\{<\w])[\p{L}\p{M}]{2,}(?:\h[\p{L}\p{M}]+)*")


def _gathered_patterns(extractor) -> dict:
    """Every compiled pattern reachable from the extractor and from the package's modules
    (attributes, containers, closures and defaults of its functions), by its text and flags:
    {(text, flags): where it was found}."""
    found: dict = {}
    seen: set = set()

    def walk(obj, where: str, depth: int = 0) -> None:
        if id(obj) in seen or depth > 12 or isinstance(obj, (str, bytes, int, float, type(None))):
            return
        seen.add(id(obj))
        if isinstance(obj, (regex.Pattern, LazyPattern)):
            found.setdefault((obj.pattern, obj.flags), (where, obj))
        elif isinstance(obj, types.ModuleType) and obj.__name__.startswith("dxextract"):
            for name, value in vars(obj).items():
                walk(value, f"{obj.__name__}.{name}", depth + 1)
        elif isinstance(obj, dict):
            for key, value in list(obj.items()):
                walk(value, f"{where}[{str(key)[:30]!r}]", depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for i, value in enumerate(obj):
                walk(value, f"{where}[{i}]", depth + 1)
        elif _ours(obj):
            function = getattr(obj, "__wrapped__", obj)  # an lru_cache's function
            if isinstance(function, types.FunctionType):
                for cell in function.__closure__ or ():
                    walk(cell.cell_contents, where, depth + 1)
                walk(function.__defaults__, where, depth + 1)
            for name, value in list(getattr(obj, "__dict__", {}).items()):
                walk(value, f"{where}.{name}", depth + 1)
            for name in getattr(type(obj), "__slots__", ()):
                walk(getattr(obj, name, None), f"{where}.{name}", depth + 1)

    walk(extractor, "extractor")
    for module in _modules():
        walk(module, module.__name__)
    return found


def _ours(obj) -> bool:
    owner = obj if isinstance(obj, (type, types.FunctionType)) or hasattr(obj, "__wrapped__") else type(obj)
    module = getattr(owner, "__module__", None)
    return isinstance(module, str) and module.startswith("dxextract")


def _modules() -> list:
    import dxextract
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(dxextract.__path__, "dxextract.")
            if not m.name.endswith("__main__")]  # the command itself, which runs on import


def _own_words(pattern) -> list[str]:
    words = dict.fromkeys(_LITERAL.findall(pattern.pattern))
    for listed in getattr(pattern, "named_lists", {}).values():
        words.update(dict.fromkeys(sorted(listed)[:2]))
    return list(words)[:OWN_WORDS]


def _shapes(pattern):
    """(head, run, end) of the lines a pattern is tried on: each filler and each of its own
    words (alone, then a space, then a number) repeated; a long run of each filler after a
    head or one of its words."""
    own = _own_words(pattern)
    runs = FILLERS + [w + t for w in own for t in ("", " ", " 1 ")]
    for run in runs:
        yield "", run, "☃"
    for head in HEADS + own:
        for run in (" ", " - a", "1 "):
            for end in ENDS:
                yield head, run, end


def _line(head: str, run: str, end: str, length: int) -> str:
    return head + run * max(1, (length - len(head)) // len(run)) + end


# How the package calls a pattern, by the name it calls it by: a scan (finditer, search, sub …
# try every position), a match at the start, or a match of the whole text.
_CALL = regex.compile(r"\b(\w+)\.(finditer|search|findall|sub|subn|split|scanner|match|fullmatch)\(")
_MODES = {"match": "match", "fullmatch": "fullmatch"}


@lru_cache(maxsize=1)
def _calls() -> dict[str, set[str]]:
    import dxextract
    calls: dict[str, set[str]] = {}
    for path in Path(dxextract.__file__).parent.rglob("*.py"):
        for name, method in _CALL.findall(path.read_text(encoding="utf-8")):
            calls.setdefault(name, set()).add(_MODES.get(method, "finditer"))
    return calls


def _modes(where: str) -> tuple[str, ...]:
    """How the pattern found at `where` is called (by the last name on its path): a pattern the
    package calls under no name of its own (a rule's `regex`, a list's member) each way."""
    name = regex.sub(r"(?:\[[^]]*\])+$", "", where).rpartition(".")[2]
    return tuple(sorted(_calls().get(name) or {"finditer", "fullmatch"}))


def _line_seconds(pattern, modes: tuple[str, ...], text: str, limit: float) -> float:
    """CPU seconds of the pattern on the line in each of `modes`; TimeoutError past the limit."""
    start = time.thread_time()
    for mode in modes:
        if mode == "finditer":
            for _ in pattern.finditer(text, timeout=limit):
                pass
        else:
            getattr(pattern, mode)(text, timeout=limit)
    return time.thread_time() - start


def _line_overruns(pattern, modes: tuple[str, ...], shape, limit: float = REGEX_TIMEOUT_SECONDS,
                   length: int = LINE, short: int = LINE_SHORT) -> bool:
    """Whether a line of `shape` `length` characters long would take a pattern past `limit`
    (projected from a short line and its double, as `_overruns` does)."""
    try:
        once = _line_seconds(pattern, modes, _line(*shape, short), limit)
        if once * (length / short) ** 2 < limit / MARGIN:  # under the limit even if it re-read the line
            return False
        twice = _line_seconds(pattern, modes, _line(*shape, 2 * short), limit)
        growth = max(1.0, math.log2(twice / max(once, 1e-6)))
        if twice * (length / (2 * short)) ** growth < limit / MARGIN:
            return False
        _line_seconds(pattern, modes, _line(*shape, length), limit)
    except TimeoutError:
        return True
    return False


def main() -> int:
    from dxextract.pipeline import extractor_for

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--share", default="0/1", help="K/N: the K-th of N shares of the patterns (from 0)")
    args = parser.parse_args()
    share, shares = (int(x) for x in args.share.split("/"))
    gathered = _gathered_patterns(extractor_for(()))
    keys = sorted(gathered, key=repr)[share::shares]
    slow = 0
    for key in keys:
        where, pattern = gathered[key]
        modes = _modes(where)
        shape = next((s for s in _shapes(pattern) if _line_overruns(pattern, modes, s)), None)
        if shape is not None:
            slow += 1
            print(f"{where} ({key[0][:80]!r}, {'/'.join(modes)}) on {shape[0]!r} + {shape[1]!r} repeated + {shape[2]!r}")
    print(f"{slow} of {len(keys)} patterns over {REGEX_TIMEOUT_SECONDS:g}s on a line of {LINE:,} characters",
          file=sys.stderr)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
