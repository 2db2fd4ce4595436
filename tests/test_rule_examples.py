"""Every example written beside a rule in rules/*.yaml is a test case named by its rule id,
so `pytest -k percent.sign` runs one rule's examples and a failure names the rule."""
import pytest

from dxextract.examples import iter_examples, run_example
from dxextract.rules import load_rulebook

EXAMPLES = list(iter_examples(load_rulebook()))


def test_every_value_rule_and_trap_has_examples():
    book = load_rulebook()
    with_examples = {e.rule_id for e in EXAMPLES}
    bare = [r["id"] for r in book.section("rules") if r["id"] not in with_examples]
    assert not bare, f"rules without examples: {bare}"


def test_every_built_in_pattern_compiles_and_a_value_rule_names_its_number(extractor):
    """Built-in patterns compile when first used (a rule of your own when it is loaded): here
    every one is compiled, as a run that needed it would."""
    values = extractor.values
    for rule in values.rules:
        assert "num" in rule.regex.groupindex, rule.id
        if rule.follows is not None:
            assert rule.follows.groupindex is not None, rule.id
    for trap in values.traps.members + values.region_traps.members:
        assert trap.regex.groupindex is not None, trap.id


def test_there_are_many_examples():
    assert len(EXAMPLES) > 150


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.test_id for e in EXAMPLES])
def test_rule_example(example, extractor):
    problem = run_example(example, extractor)
    assert problem is None, f"{example.rule_id} ({example.file}): {problem}"
