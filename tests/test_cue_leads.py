"""Target cues are tried through a span only where one of the literals that open them stands
(meaning/role.py, `_Cues`; leads.py). That must never lose a cue: on every span before a number of the
sample, dev and held-out reports, and on spans anywhere, the cues found so are the cues their
whole alternation finds."""
import random

import pytest
import regex

from dxextract.meaning.clauses import mask_brackets
from dxextract.leads import opening_literals
from dxextract.meaning.words import FoldedText, ending, may_hold
from dxextract.pipeline import extractor_for

from conftest import ROOT, SEEDS


@pytest.mark.parametrize("fragment, leads", [
    ("mục tiêu", ("mục tiêu",)),
    (r"cần\s+đạt", ("cần",)),
    (r"ab?c", ("a",)),
    (r"a|b\s+c", ("a", "b")),
    (r"(?:x|y)z", ("x", "y")),
    (r"(?<![\p{L}\p{M}])sẽ\s", ("sẽ",)),
    (r"(?:(?<!của\s)kế hoạch|KH)\s*$", ("kế hoạch", "KH")),
    (r"\(\s*x", ("(",)),  # an escaped sign stands for itself
    (r"a\.?b", ("a",)),
    # No literal opens every match: searched everywhere.
    (r"(?:x|y)?z", ()),
    (r"[ab]c", ()),
    (r"a|[|]", ()),
    (r"(?=x)y", ()),
    (r"\d+x", ()),
])
def test_the_literals_that_open_a_fragment(fragment, leads):
    assert opening_literals(fragment) == leads


def _texts() -> list[str]:
    files = SEEDS + sorted((ROOT / "tests" / "dev").glob("*.txt")) + \
        sorted((ROOT / "tests" / "holdout").glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_cues_are_found_in_the_spans_their_alternation_finds_them_in():
    roles = extractor_for(()).meaning.roles
    cues = roles.target_cues
    rng = random.Random(7)
    found = 0
    for text in _texts():
        leads = roles.cue_leads(FoldedText.of(text))
        spans = [(max(0, m.start() - rng.randrange(1, 200)), m.start()) for m in regex.finditer(r"\d+", text)]
        spans += [(at, min(len(text), at + rng.randrange(1, 200))) for at in (rng.randrange(len(text)) for _ in range(50))]
        for start, end in spans:
            expected = cues.every.search(text, start, end) is not None
            assert cues.in_span(text, leads, start, end) == expected, text[start:end]
            found += expected
    assert found > 100  # the spans hold cues to find


def test_cues_in_a_span_with_brackets_blanked_are_found_where_their_alternation_finds_them():
    """A span holding closed brackets is read with them blanked out, and its cues tried only
    where the block holds a lead: what a search of the whole alternation finds, no less."""
    roles = extractor_for(()).meaning.roles
    cues = roles.target_cues
    assert cues.masking_makes_no_lead  # the built-in leads take the quick way
    rng = random.Random(11)
    tried = found = 0
    for text in _texts():
        leads = roles.cue_leads(FoldedText.of(text))
        for m in regex.finditer(r"\)", text):
            start, end = max(0, m.start() - rng.randrange(5, 200)), min(len(text), m.end() + rng.randrange(0, 80))
            masked = mask_brackets(text[start:end])
            expected = cues.every.search(masked) is not None
            assert cues.in_masked(masked, leads, start) == expected, text[start:end]
            assert roles._cued(text, leads, start, end) == expected, text[start:end]
            tried += 1
            found += expected
    assert tried > 200 and found > 10


def test_level_cues_are_tried_where_their_alternation_matches():
    """The level cue is tried only on a text before a value that holds one of its leads: never
    where the cue would have matched."""
    roles = extractor_for(()).meaning.roles
    assert roles.level_leads  # every level cue opens on a literal
    found = 0
    for text in _texts():
        for m in regex.finditer(r"\d+", text):
            before = text[max(0, m.start() - 60):m.start()]
            expected = ending(roles.level_cue, before, 0, len(before)) is not None
            assert not expected or roles._may_state_level(before), before
            found += expected
    assert found > 10


def test_restated_changes_are_tried_where_their_alternation_matches():
    """A change said again is tried only on a text before a value that holds one of the
    literals opening its fragments: never where it would have matched."""
    roles = extractor_for(()).meaning.roles
    assert roles.restate_leads  # every fragment opens on a literal
    found = 0
    for text in _texts():
        for m in regex.finditer(r"\d+", text):
            before = text[max(0, m.start() - 60):m.start()]
            expected = ending(roles.restated_change, before, 0, len(before)) is not None
            assert roles._restates(before) == expected, before
            assert not expected or may_hold(roles.restate_leads, before), before
            found += expected
    assert found > 5


def test_words_pointing_back_are_tried_where_their_pattern_matches():
    """The words pointing back after a value are tried only on a phrase that may hold one of
    them: never where the pattern would have matched."""
    roles = extractor_for(()).meaning.roles
    assert roles.points_back_words
    found = 0
    for text in _texts():
        for m in regex.finditer(r"\d+", text):
            right = text[m.end():m.end() + 80]
            expected = roles.points_back.match(right) is not None
            assert not expected or may_hold(roles.points_back_words, right), right
            found += expected
    assert found > 0


def test_clauses_without_a_measure_word_have_no_cue_led_piece():
    """The clause before a value is read for a chunk led by a measure only when it holds one of
    the measures' words: no piece of a clause without one is cue-led."""
    cleaner = extractor_for(()).meaning.labels.cleaner
    assert cleaner.lexicon.cue_words  # the built-in lists take the quick way
    skipped = led = 0
    for text in _texts():
        for m in list(regex.finditer(r"\d+", text))[::12]:  # every twelfth number: the test stays quick
            raw = text[max(0, m.start() - 120):m.start()]
            pieces = [w.start() for w in regex.finditer(r"(?<!\S)\S", raw)]
            if cleaner.may_be_cue_led(raw):
                led += any(cleaner.is_cue_led(raw[at:]) for at in pieces)
                continue
            assert not any(cleaner.is_cue_led(raw[at:]) for at in pieces), raw
            skipped += 1
    assert skipped > 100 and led > 100


def test_frames_start_where_their_alternation_finds_them():
    """A goal-setting frame is tried only where one of the literals opening it stands (or, for
    a frame with none, searched for): the first frame of a span, brackets blanked out, starts
    where a search of the frames' whole alternation finds it."""
    roles = extractor_for(()).meaning.roles
    frames = roles.target_frame
    assert frames.led is not None and frames.starts_where_tried
    rng = random.Random(13)
    found = 0
    for text in _texts():
        block = FoldedText.of(text)
        leads = block.occurrences(frames.leads)
        spans = [(line.start(), line.end()) for line in regex.finditer(r"[^\n]+", text)]
        spans += [(at, min(len(text), at + rng.randrange(1, 300))) for at in (rng.randrange(len(text)) for _ in range(50))]
        for start, end in spans:
            masked = mask_brackets(text[start:end])
            expected = frames.every.search(masked)
            assert frames.first_in_masked(masked, leads, start) == (expected.start() if expected else None), \
                text[start:end]
            found += expected is not None
    assert found > 20

