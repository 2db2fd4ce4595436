"""The built-in value rules and traps run without the per-call regex timeout that guards
rules of your own (values.REGEX_TIMEOUT_SECONDS). In exchange each of them is held to that
limit here, on long adversarial texts: runs of the characters and words the patterns are
made of, each ended by a character no pattern expects, where a pattern with nested or
overlapping repeats backtracks exponentially."""
import itertools

import pytest

from dxextract.values import REGEX_TIMEOUT_SECONDS

ATOMS = ["1", "12", "1.", "1,", "1 ", "1/", "1-", "1:", "1%", " ", "\t", "|", "(1)", "a", "A ", "đ",
         "hai ", "năm ", "tỷ ", "triệu ", "thứ ", "hạng ", "km ", "xã ", "lần ", "tháng ", "số ", "Đ", "ĐT ",
         "v1.", "1G/", "http://a.", "www.", "a@b.", "- ", "• ", "\n"]
LENGTH = 20_000


def _adversarial_texts():
    for atom in ATOMS:
        yield atom * (LENGTH // len(atom)) + "☃"
    for a, b in itertools.combinations(["1", "1.", "1 ", " ", "a", "hai ", "1/", "tỷ ", "(", "1,"], 2):
        yield (a + b) * (LENGTH // len(a + b)) + "☃"


TEXTS = list(_adversarial_texts())


def _patterns(extractor):
    values = extractor.values
    return [(r.id, r.regex) for r in values.rules] + [(t.id, t.regex) for t in values.traps.members + values.region_traps.members] + \
        [(f"{r.id} follows", r.follows) for r in values.follows.followed] + [("the numbers scan", values.follows.scanner)]


def test_every_built_in_rule_runs_without_the_clock(extractor):
    patterns = _patterns(extractor)
    assert len(patterns) > 40
    assert all(r.vetted for r in extractor.values.rules) and all(t.vetted for t in extractor.values.traps.members + extractor.values.region_traps.members)


@pytest.mark.parametrize("text_index", range(len(TEXTS)))
def test_built_in_rules_do_not_backtrack_catastrophically(extractor, text_index):
    text = TEXTS[text_index]
    for rule_id, pattern in _patterns(extractor):
        try:
            for _ in pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                pass
        except TimeoutError:
            pytest.fail(f"{rule_id} ran over {REGEX_TIMEOUT_SECONDS:g}s on {text[:30]!r}… ({len(text)} chars)")


def test_the_check_catches_a_catastrophic_pattern():
    import regex

    pattern = regex.compile(r"(?P<num>(\d|\d\d)+)$")
    with pytest.raises(TimeoutError):
        for _ in pattern.finditer(TEXTS[0], timeout=0.5):
            pass
