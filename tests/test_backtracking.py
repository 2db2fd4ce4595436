"""The built-in value rules and traps run without the per-call regex timeout that guards
rules of your own (values.REGEX_TIMEOUT_SECONDS). In exchange each of them is held to that
limit here, on long adversarial texts: runs of the characters and words the patterns are
made of, each ended by a character no pattern expects, where a pattern with nested or
overlapping repeats backtracks exponentially, or re-reads the run from every position
(quadratically).

Each pattern is timed on a run and on the run twice as long: how its time grows between the
two, projected to a run of LENGTH characters, says whether it would overrun the limit there
(a pattern that re-reads the run takes four times as long on the double, an exponential one
overruns already). Only a pattern whose projection comes near the limit is run on the long
text itself, which decides: a short run and its double tell what a long run tells, at a
fraction of its cost."""
import importlib
import itertools
import math
import pkgutil
import time
import types
from functools import lru_cache
from pathlib import Path

import pytest
import regex

from dxextract.patterns import LazyPattern
from dxextract.values import REGEX_TIMEOUT_SECONDS

ATOMS = ["1", "12", "1.", "1,", "1 ", "1/", "1-", "1:", "1%", " ", "\t", "|", "(1)", "a", "A ", "đ",
         "hai ", "năm ", "tỷ ", "triệu ", "thứ ", "hạng ", "km ", "xã ", "lần ", "tháng ", "số ", "Đ", "ĐT ",
         "v1.", "1G/", "http://a.", "www.", "a@b.", "- ", "• ", "\n"]
LENGTH = 20_000   # the long text the limit holds on
SHORT = 1_000     # the run timed, and its double
# Below this share of the limit on the double, a pattern stays under the limit at LENGTH even
# if its time grew as the cube of the length (LENGTH / (2 * SHORT) = 10, cubed 1,000).
NEGLIGIBLE = 1 / 1_000
# A projection is a guess from two timings on a shared machine: one within this factor of the
# limit sends the pattern to the long text.
MARGIN = 4


def _runs():
    for atom in ATOMS:
        yield atom
    for a, b in itertools.combinations(["1", "1.", "1 ", " ", "a", "hai ", "1/", "tỷ ", "(", "1,"], 2):
        yield a + b


RUNS = list(_runs())


def _text(run: str, length: int) -> str:
    return run * (length // len(run)) + "☃"


def _patterns(extractor):
    values = extractor.values
    return [(r.id, r.regex) for r in values.rules] + [(t.id, t.regex) for t in values.traps.members + values.region_traps.members] + \
        [(f"{r.id} follows", r.follows) for r in values.follows.followed] + [("the numbers scan", values.follows.scanner)]


def _seconds(pattern, text: str, limit: float) -> float:
    """CPU seconds of a scan of the whole text (the machine is shared: the wall clock counts
    other processes' turns); TimeoutError past the limit."""
    start = time.thread_time()
    for _ in pattern.finditer(text, timeout=limit):
        pass
    return time.thread_time() - start


def _overruns(pattern, run: str, limit: float = REGEX_TIMEOUT_SECONDS, length: int = LENGTH, short: int = SHORT) -> bool:
    """Whether a scan of `run` repeated to `length` characters would take longer than limit."""
    try:
        once = _seconds(pattern, _text(run, short), limit)
        twice = _seconds(pattern, _text(run, 2 * short), limit)
        if twice < limit * NEGLIGIBLE:
            return False
        growth = max(1.0, math.log2(twice / max(once, 1e-6)))  # 1 linear, 2 quadratic, …
        if twice * (length / (2 * short)) ** growth < limit / MARGIN:
            return False
        _seconds(pattern, _text(run, length), limit)
    except TimeoutError:
        return True
    return False


def test_every_built_in_rule_runs_without_the_clock(extractor):
    patterns = _patterns(extractor)
    assert len(patterns) > 40
    assert all(r.vetted for r in extractor.values.rules) and all(t.vetted for t in extractor.values.traps.members + extractor.values.region_traps.members)


@pytest.mark.parametrize("run_index", range(len(RUNS)))
def test_built_in_rules_do_not_backtrack_catastrophically(extractor, run_index):
    run = RUNS[run_index]
    for rule_id, pattern in _patterns(extractor):
        if _overruns(pattern, run):
            pytest.fail(f"{rule_id} runs over {REGEX_TIMEOUT_SECONDS:g}s on {run!r} repeated ({LENGTH} chars)")


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


@pytest.fixture(scope="module")
def gathered(extractor):
    return _gathered_patterns(extractor)


def test_the_patterns_are_gathered_from_rules_and_code(extractor, gathered):
    from dxextract.tables.keyed import _PAIR

    rules = extractor.values.tables.rules
    assert len(gathered) > 500
    for pattern in (rules.bilingual, rules.scan, rules.header_line, rules.cell, _PAIR):  # rules' and code's own
        assert (pattern.pattern, pattern.flags) in gathered
    assert any(where.startswith("extractor.meaning") for where, _ in gathered.values())  # built from the rules' lists


# The gathered patterns, a share to a test (each shares the set up, and a failure names a few).
SHARES = 16


@pytest.mark.parametrize("share", range(SHARES))
def test_no_pattern_reads_a_long_line_superlinearly(gathered, share):
    slow = []
    for key in sorted(gathered, key=repr)[share::SHARES]:
        where, pattern = gathered[key]
        modes = _modes(where)
        shape = next((s for s in _shapes(pattern) if _line_overruns(pattern, modes, s)), None)
        if shape is not None:
            slow.append(f"{where} ({key[0][:80]!r}, {'/'.join(modes)}) on {shape[0]!r} + {shape[1]!r} repeated + "
                        f"{shape[2]!r}")
    assert not slow, f"over {REGEX_TIMEOUT_SECONDS:g}s on a line of {LINE:,} characters:\n" + "\n".join(slow)


def test_the_check_catches_a_catastrophic_pattern():
    pattern = regex.compile(r"(?P<num>(\d|\d\d)+)$")
    with pytest.raises(TimeoutError):
        for _ in pattern.finditer(_text(RUNS[0], LENGTH), timeout=0.5):
            pass
    assert _overruns(pattern, RUNS[0], limit=0.5)


def test_the_check_catches_a_pattern_that_rereads_the_run():
    """Quadratic: each "1 " starts a match that reads to the end of the run and fails. Under a
    limit it meets on the short run, it overruns the long one, and the projection sees it."""
    pattern, short = regex.compile(r"(?:1 )+x"), 500
    limit = 4 * _seconds(pattern, _text("1 ", 2 * short), 60)
    assert _overruns(pattern, "1 ", limit=limit, length=10 * short, short=short)
    assert not _overruns(regex.compile(r"1 x"), "1 ", limit=limit, length=10 * short, short=short)
