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
import itertools
import math
import time

import pytest
import regex

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
