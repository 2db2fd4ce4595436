"""Indicator codes against an answer key: labels written by people (the gold answers of the
sample reports, and 250 of the dev set) with the indicator each names, assigned by reading
the label and the catalogue, never by running the tool (tests/gold/indicators.yaml).
Precision first: a wrong code is worse than none."""
from pathlib import Path

import pytest
import yaml

KEY = Path(__file__).resolve().parent / "gold" / "indicators.yaml"


@pytest.fixture(scope="module")
def key():
    return yaml.safe_load(KEY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answers(extractor, key):
    return [(e, extractor.catalogue.match(e["label"], e["kind"])) for e in key]


def test_the_key_names_only_codes_of_the_catalogue_for_their_kinds(extractor, key):
    kinds = {i.code: set(i.kinds) for i in extractor.catalogue.indicators}
    for entry in key:
        if entry["code"] is not None:
            assert entry["kind"] in kinds[entry["code"]], entry


def test_codes_given_are_right(answers):
    given = [(e, got) for e, got in answers if got is not None]
    wrong = [(e["label"], e["kind"], e["code"], got) for e, got in given if got != e["code"]]
    assert len(given) >= 150
    assert 1 - len(wrong) / len(given) >= 0.93, wrong


def test_most_indicators_named_are_found(answers):
    named = [(e, got) for e, got in answers if e["code"] is not None]
    missed = [(e["label"], e["kind"], e["code"], got) for e, got in named if got != e["code"]]
    assert 1 - len(missed) / len(named) >= 0.85, missed
