"""`before_number` and `after_number`: a trap that says what stands next to the number it
takes runs only in the windows where some number has such a neighbour. That must never lose
a match: every trap run in every window (undispatched) and the traps dispatched by their
numbers' neighbours must exclude the same numbers and give every number the same fate."""
import dataclasses
import sys

import pytest
import yaml

from dxextract.examples import iter_examples
from dxextract.normalize import normalize
from dxextract.rules import RuleError, load_rulebook
from dxextract.values import _TRAP_REACH, ValueFinder, _RuleSet, _windows

from conftest import ROOT, SEEDS

CORPUS_FILES = 200


def _corpus(tmp_path_factory) -> list:
    """The first files of the benchmark corpus: the checkout's when it was built, else one
    built here (the generator is seeded, so it is the same corpus)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import build_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = build_corpus.DEFAULT_OUT
    if not (folder / "archive").is_dir():
        folder = tmp_path_factory.mktemp("corpus")
    build_corpus.ensure(folder, quiet=True)
    return sorted((folder / "archive").glob("*.txt"))[:CORPUS_FILES]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list:
    examples = sorted({e.text for e in iter_examples(load_rulebook())})
    reports = [*SEEDS, *sorted((ROOT / "tests" / "dev").glob("*.txt")), *sorted((ROOT / "tests" / "holdout").glob("*.txt")),
               *_corpus(tmp_path_factory)]
    return [normalize(t).text for t in examples] + [normalize(p.read_text(encoding="utf-8-sig")).text for p in reports]


@pytest.fixture(scope="module")
def undispatched(extractor) -> ValueFinder:
    finder = ValueFinder(extractor.book)
    finder.traps = _RuleSet.of(dataclasses.replace(t, before_number=frozenset(), after_number=frozenset())
                               for t in finder.traps.members)
    return finder


def test_the_traps_that_pay_say_what_stands_next_to_their_number(extractor):
    shaped = {t.id for t in extractor.values.traps.members if t.shaped}
    assert {"trap.time", "trap.event-phase-level", "trap.named-document", "trap.version"} <= shaped
    assert not any(t.shaped for t in extractor.values.region_traps.members)


def test_dispatched_traps_exclude_what_every_trap_excludes(extractor, undispatched, texts):
    values = extractor.values
    for text in texts:
        windows = _windows(text, sorted(values.numbers(text)), *_TRAP_REACH)
        assert values.exclusions(text, windows) == undispatched.exclusions(text, windows), text[:200]
        assert values.claims(text) == undispatched.claims(text), text[:200]


def test_a_trap_runs_only_where_a_number_has_its_neighbour(extractor):
    values = extractor.values
    time = next(t for t in values.traps.members if t.id == "trap.time")
    assert "trap.time" in values._shaped_traps("họp lúc 8 giờ sáng", 0, 18)
    assert "trap.time" in values._shaped_traps("từ 7h30 đến 11h", 0, 15)
    assert "trap.time" not in values._shaped_traps("có 8 xã, 12 phường", 0, 19)
    assert time.after_number == frozenset({":", "h", "giờ"})


def _trap_folder(tmp_path, trap):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(yaml.safe_dump({"rules": [{"id": "trap.mine", "pattern": r"\d+\h?giờ", **trap}]},
                                                     allow_unicode=True), encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize("trap, message", [
    ({"after_number": "giờ"}, "must be a list of strings"),
    ({"after_number": []}, "must be a list of strings"),
    ({"after_number": [" giờ"]}, "must be a list of strings"),
    ({"before_number": ["lúc", 5]}, "must be a list of strings"),
    ({"before_number": [r"\L<no_such_list>"]}, "no_such_list"),
    ({"after_number": ["giờ"], "region": True}, "takes no 'before_number' or 'after_number'"),
])
def test_a_bad_declaration_is_named(tmp_path, trap, message):
    with pytest.raises(RuleError) as err:
        ValueFinder(load_rulebook([_trap_folder(tmp_path, trap)]))
    assert err.value.rule_id == "trap.mine"
    assert message in err.value.message


def test_rules_check_rejects_a_bad_declaration(tmp_path):
    from typer.testing import CliRunner

    from dxextract.cli import app

    result = CliRunner().invoke(app, ["rules", "check", _trap_folder(tmp_path, {"after_number": "giờ"})])
    assert result.exit_code != 0
    assert "trap.mine" in result.output and "after_number" in result.output


def test_a_trap_of_your_own_may_say_what_stands_next_to_its_number(tmp_path):
    from dxextract import extract

    text = "Họp lúc 8 giờ, có 12 xã tham gia."
    assert [r.text for r in extract(text)] == ["12"]
    folder = _trap_folder(tmp_path, {"reason": "date", "before_number": ["có"], "pattern": r"(?<=có\h)\d+"})
    assert [r.text for r in extract(text, rule_dirs=[folder])] == []
