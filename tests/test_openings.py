"""Rules tried where what they open with stands: a rule whose pattern spells how every match
opens (the words of a spelled number, a verb) is tried, anchored, only where one of those
strings stands in its window, not at every character. That must never lose a match: every
match a scan finds must open on one of the rule's strings, and the values found must equal
those of a scan of every rule."""
import dataclasses
import random

import pytest

from dxextract.examples import iter_examples
from dxextract.normalize import normalize
from dxextract.rules import load_rulebook
from dxextract.values import ValueFinder
from dxextract.values.pattern_shape import opening_strings
from dxextract.values.rule_sets import RuleSet

from conftest import SEEDS


def _texts():
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in SEEDS]
    texts += sorted({normalize(e.text).text for e in iter_examples(load_rulebook())})
    rng = random.Random(23)
    pieces = ["hai", "Hai", "HAI", "ba", "Ba", "bao", "một", "Một", "năm", "Năm", "mười", "lăm", "mươi", "trăm",
              "Trăm", "nghìn", "triệu", "tỷ", "tỉ", "rưỡi", "nhất", "nhì", "thứ", "gấp", "đôi", "tăng", "giảm",
              "lần", "bậc", "hạng", "xếp", "phần", "nửa", "đồng", "km", "tấn", "ha", "xã", "người", "tổ", '"',
              "“", "(", ")", ".", ",", ":", "-", "\n", " ", " ", "  ", "\t", "12", "3,5", "ẞ", "İ"]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 30)))
              for _ in range(3000)]
    return texts


TEXTS = _texts()


def test_the_spelled_rules_say_what_they_open_with(extractor):
    opening = {r.id: set(r.opens_on) for r in extractor.values.rules if r.opens_on}
    assert {"hai", "ba", "một", "năm", "trăm", "tỷ"} <= opening["count.words"]
    assert opening["multiple.words"] == {"gấp"}
    assert opening["count.words-five"] == {"năm"}
    assert "tăng" in opening["multiple.times"] and "tăng trưởng" not in opening["multiple.times"]
    assert all(r.opens_on for r in extractor.values.rules if r.spelled)


def test_every_match_of_a_scan_opens_on_one_of_its_strings(extractor):
    rules = [r for r in extractor.values.rules if r.opens_on]
    for text in TEXTS:
        folded = text.casefold()
        if len(folded) != len(text):
            continue  # such a text is scanned
        for rule in rules:
            for m in rule.regex.finditer(text):
                assert folded.startswith(rule.opens_on, m.start()), f"{rule.id} matched {m.group()!r} in {text!r}"


def test_finds_equal_those_of_a_scan_of_every_rule(extractor):
    values = extractor.values
    scanning = ValueFinder(extractor.book)
    scanning.by_anchor = {spelled: RuleSet.of(dataclasses.replace(r, opens_on=()) for r in rules.members)
                          for spelled, rules in scanning.by_anchor.items()}
    for text in TEXTS:
        assert values.find(text) == scanning.find(text), text


LISTS = {"units": ["km", "Mbps"], "blank": ["", "x"]}


@pytest.mark.parametrize("pattern, strings", [
    (r"gấp\h+(?P<num>\d+)", {"gấp"}),
    (r"(?<![\p{L}\p{M}])(?<!(?:hàng|vài)\h)(?P<num>(?:một|hai)(?:\h(?:mươi|trăm))*)", {"một", "hai"}),
    (r"(?P<span>(?:Hai|Ba)\h|(?<=x)[Tt]răm\h)", {"hai", "ba", "trăm"}),
    (r"(?:tăng|tăng trưởng|giảm)\h+\d", {"tăng", "giảm"}),
    (r"(?P<unit>\L<units>)\h+\d", {"km", "mbps"}),
    (r"(?i:ĐỒNG)\h", {"đồng"}),
    (r"bậc?\h", {"bậ"}),                      # a letter that may be absent ends what it spells
    (r"x+y", {"x"}),
    (r"\(\d", {"("}),
    (r"(?:năm){1,2}\h", {"năm"}),
])
def test_what_a_pattern_opens_with(pattern, strings):
    assert opening_strings(pattern, LISTS) == strings


@pytest.mark.parametrize("pattern", [
    r"(?P<num>\d+)\h+xã",                     # a class
    r"(?:tăng\h+)?(?P<num>\d+)",              # an optional part first
    r"(?:tăng|\d+)\h",                        # an alternative opening on a class
    r"(?:tăng|)\h",                           # an empty alternative
    r"tăng|(?<=x)",                           # an alternative that takes nothing
    r"[^a]b",                                 # a negated class
    r"[a-c]b",                                # a range
    r"\L<blank>\h",                           # a list with an empty word
    r"\L<missing>\h",
    r"(?x) t ă n g",                          # spaces that are not literal
    r"\x41b",                                 # an escape that is a code
    r".b",
])
def test_a_pattern_that_may_open_on_anything(pattern):
    assert opening_strings(pattern, LISTS) == frozenset()
