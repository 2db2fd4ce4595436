"""The development set (tests/dev: reports in the styles real archives hold) against its
hand-written answers (tests/gold/dev/*.yaml, built into tests/gold/dev.jsonl and
dev_exclusions.jsonl), with the bars of the issue: strict F1 at least 0.95, and no number of
the dev set or of the sample reports that no rule takes and no trap explains.

And the held-out set (tests/holdout: reports written with their answers from the SPEC and
tests/gold/GUIDE.md by writers who did not work on the rules, each batch scored before any rule
was changed for it: tests/gold/GUIDE.md keeps those first figures) with the issue's bars for
reports nobody here has seen: detection F1 0.96, strict F1 0.90, label token-F1 0.80, unit
accuracy 0.95. Its unexplained numbers are counted, not forbidden: they are the holes that
reports from other writers find."""
import json
import subprocess
import sys

import pytest

from dxextract.evaluate import load_gold, score
from dxextract.writers import record_dict

from conftest import ROOT, SEEDS

DEV = sorted((ROOT / "tests" / "dev").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "dev.jsonl"
EXCLUSIONS = ROOT / "tests" / "gold" / "dev_exclusions.jsonl"
HOLDOUT = sorted((ROOT / "tests" / "holdout").glob("*.txt"))
HOLDOUT_GOLD = ROOT / "tests" / "gold" / "holdout.jsonl"


@pytest.mark.parametrize("gold_set", ["dev", "holdout"])
def test_the_gold_files_are_built_from_the_answers(gold_set):
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "gold" / "build_dev.py"), "--check",
                           "--set", gold_set], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def explained(extractor):
    from dxextract.reader import read_blocks

    out = {}
    for path in DEV + SEEDS:
        document = extractor.document(path.name, read_blocks(str(path)), explain=True)
        out[path.name] = list(document.records)
    return out


def test_dev_set_scores_above_the_bar(explained):
    predicted = [record_dict(r.record, _context()) for rows in explained.values() for r in rows
                 if r.record is not None and r.status == "value"]
    result = score(load_gold(str(GOLD)), predicted)
    assert len(DEV) >= 40 and len(load_gold(str(GOLD))) >= 1200
    assert result.strict_f1 >= 0.95, result.figures()
    assert result.f1 >= 0.97, result.figures()
    assert result.label_f1 >= 0.80, result.figures()
    assert result.unit_acc >= 0.95, result.figures()


def test_no_number_is_unexplained(explained):
    holes = [(doc, r.line, r.text, r.around) for doc, rows in explained.items() for r in rows
             if r.status == "unexplained"]
    assert not holes, holes[:20]


def test_what_the_answers_exclude_is_no_value(explained):
    """Every number the answers exclude (a date, an identifier, …) is excluded by a trap or is
    part of a value (the 100 of "/100 dân"), never a value of its own."""
    by_doc = {}
    for line in EXCLUSIONS.read_text(encoding="utf-8").splitlines():
        x = json.loads(line)
        by_doc.setdefault(x["doc"], []).append(x)
    wrong = []
    for doc, exclusions in by_doc.items():
        rows = explained[doc]
        for x in exclusions:
            fates = {r.status for r in rows if r.start < x["end"] and x["start"] < r.end}
            if "value" in fates or "unexplained" in fates:
                wrong.append((doc, x["text"], x["reason"], fates))
    assert len(wrong) <= 0.01 * sum(len(v) for v in by_doc.values()), wrong


def test_held_out_set_scores_above_the_bar_for_unseen_reports(extractor):
    from dxextract.reader import read_blocks

    predicted = []
    for path in HOLDOUT:
        document = extractor.document(path.name, read_blocks(str(path)))
        predicted.extend(record_dict(r, document.context) for r in document.records)
    result = score(load_gold(str(HOLDOUT_GOLD)), predicted)
    assert len(HOLDOUT) >= 208 and len(load_gold(str(HOLDOUT_GOLD))) >= 7500
    assert result.f1 >= 0.96, result.figures()
    assert result.strict_f1 >= 0.90, result.figures()
    assert result.label_f1 >= 0.80, result.figures()
    assert result.unit_acc >= 0.95, result.figures()


def _context():
    from dxextract.context import Context

    return Context(None, None, None, None)
