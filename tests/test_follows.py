"""`follows`: a rule that says what comes after its number is tried only at the numbers it
follows, anchored there, instead of scanning its windows. That must never lose a match, so
every match a scan finds must open at a number the rule's `follows` comes after, and the
values found must equal those of a scan of every rule."""
import dataclasses
import random

import pytest
import yaml

from dxextract.examples import iter_examples
from dxextract.normalize import normalize
from dxextract.rules import RuleError, load_rulebook
from dxextract.values import ValueFinder
from dxextract.values.pattern_shape import opens_with_number
from dxextract.values.rule_sets import RuleSet

from conftest import SEEDS


def _texts():
    texts = [normalize(p.read_text(encoding="utf-8")).text for p in SEEDS]
    texts += sorted({normalize(e.text).text for e in iter_examples(load_rulebook())})
    rng = random.Random(11)
    pieces = ["1", "12", "10-15", "1,2 đến 1,5", "1.234", "2,5", "0.5", " ", "  ", "\t", "-", " - ", " đến ", " tới ", "%", " %", " phần trăm",
              " triệu", " tỷ", " tỷ lệ", " nghìn tỷ", " đồng", "đ", " USD", " km", " m", "m2", " Mbps", "GB", " xã",
              " doanh nghiệp", ",", ".", "(", ")", "/", "năm ", "đạt ", "\n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    return texts


TEXTS = _texts()


def test_the_built_in_rules_say_what_follows_their_number(extractor):
    followed = {r.id for r in extractor.values.rules if r.follows is not None}
    assert {"percent.sign", "percent.range", "money.currency", "measure.unit", "length.unit", "count.range"} <= followed


def test_every_match_of_a_scan_opens_at_a_number_the_rule_follows(extractor):
    values = extractor.values
    for text in TEXTS:
        at = values.follows.read(text)
        for rule in values.follows.followed:
            for m in rule.regex.finditer(text):
                assert m.start() in at.by_rule.get(rule.id, ()), f"{rule.id} matched {m.group()!r} in {text!r}"


def test_finds_equal_those_of_a_scan_of_every_rule(extractor):
    values = extractor.values
    scanning = ValueFinder(extractor.book)
    scanning.by_anchor = {spelled: RuleSet.of(dataclasses.replace(r, follows=None) for r in rules.members)
                          for spelled, rules in scanning.by_anchor.items()}
    for text in TEXTS:
        assert values.find(text) == scanning.find(text), text


@pytest.mark.parametrize("pattern", [
    r"(?P<num>{digits})\h?%",
    r"(?P<span>(?P<num>{num}))\h+(?P<unit>\p{L}+)",
    r"(?<=(?:là|đạt)\h+)(?<![\d.])(?P<span>(?P<num>{digits})(?:\h?%)?){range_to}(?P<num2>{decimal})",
    r"(?P<num>{digits})(?:(?P<scale>{scale}*)\h?km|{range_to}(?P<num2>{decimal})\h?km)",
    r"(?>(?P<num>{digits}))[|)\]]\(x\)",
    r"(?<=là\h)(?={whole})(?P<span>(?P<num>{digits}))(?=\h*[,;])",   # a look-ahead may narrow the number
    r"(?:(?P<span>(?P<num>{num}))|(?P<num>{digits}){range_to}(?P<num2>{decimal}))\h?/",  # each alternative opens with it
])
def test_a_pattern_that_opens_with_its_number(pattern):
    assert opens_with_number(pattern)


@pytest.mark.parametrize("pattern", [
    r"đạt (?P<num>{digits})",                # words first
    r"(?P<num>{digits})?%",                  # the number may be absent
    r"(?P<num>{digits}){0,1}%",
    r"(?P<span>(?P<num>{digits}))*%",
    r"(?P<num>{digits})%|(?P<num>\d+)‰",     # another alternative opens elsewhere
    r"(?P<span>(?P<num>{digits})%|tròn (?P<num>\d+))",
    r"(?:(?P<num>{num})|khoảng (?P<num>{digits}))\h?%",
    r"(?:(?P<num>{num})|(?P<num>{digits}))?%",
    r"(?P<num>\d+)%",                        # not the number macro: it may open inside a number
    r"(?<=a(?P<num>{digits})",               # a look-behind that never closes
])
def test_a_pattern_that_may_open_elsewhere(pattern):
    assert not opens_with_number(pattern)


def _rule_folder(tmp_path, rule):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(yaml.safe_dump({"rules": [rule]}, allow_unicode=True), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize("rule, message", [
    ({"pattern": r"đạt (?P<num>{digits})\h?%", "follows": ["%"]}, "must open with its number"),
    ({"pattern": r"(?P<num>{word_number})\h?%", "number": "spelled", "follows": ["%"]}, "must open with its number"),
    ({"pattern": r"(?P<num>{digits})\h?%", "follows": "%"}, "list of pattern fragments"),
    ({"pattern": r"(?P<num>{digits})\h?%", "follows": []}, "list of pattern fragments"),
    ({"pattern": r"(?P<num>{digits})\h?%", "follows": ["(%"]}, "does not compile"),
])
def test_a_bad_follows_is_named(tmp_path, rule, message):
    folder = _rule_folder(tmp_path, {"id": "mine.percent", "kind": "percent", **rule})
    with pytest.raises(RuleError) as err:
        ValueFinder(load_rulebook([folder]))
    assert err.value.rule_id == "mine.percent"
    assert message in err.value.message


def test_a_rule_of_your_own_may_say_what_follows(tmp_path):
    from dxextract import extract

    folder = _rule_folder(tmp_path, {"id": "mine.permille", "kind": "percent", "priority": 99, "unit": "‰",
                                     "pattern": r"(?P<num>{digits})\h?‰", "follows": ["‰"]})
    records = extract("Tỷ lệ hộ nghèo còn 12,5‰ và 3 ‰.", rule_dirs=[folder])
    assert [(r.text, r.value, r.rule) for r in records] == [("12,5‰", 12.5, "mine.permille"),
                                                             ("3 ‰", 3.0, "mine.permille")]
