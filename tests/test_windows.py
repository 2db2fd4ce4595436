"""Where the value rules look: windows around digits and spelled number words."""
import random

import regex

from dxextract.values.windows import RULE_REACH, windows_around, word_spans


def test_spelled_words_stand_alone_in_any_case():
    text = "Hai xã, BA hộ, bao nhiêu, İhai, ba"
    assert word_spans(text, ("hai", "ba")) == [(0, 3), (8, 10), (len(text) - 2, len(text))]


def test_spelled_words_match_a_word_regex_on_random_text():
    rng = random.Random(3)
    pieces = ["hai", "Hai", "ba", "BA", "bao", "tư", "đầu tư", " ", ",", "1", "x", "İ", "\n"]
    pattern = regex.compile(r"(?i)(?<![\p{L}\p{N}])(?:hai|ba|tư)(?![\p{L}\p{N}])")
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert word_spans(text, ("hai", "ba", "tư")) == [m.span() for m in pattern.finditer(text)], text


def _windows_one_by_one(text, anchors, before, after):
    """The definition: each anchor's reach widened to whitespace, overlapping ones merged."""
    out = []
    for start, end in anchors:
        if out and start - before <= out[-1][1]:
            pos = out[-1][0]
        else:
            space = regex.search(r"(?r)\s", text[:max(0, start - before)])
            pos = space.end() if space else 0
        space = regex.compile(r"\s").search(text, min(len(text), end + after))
        endpos = space.start() if space else len(text)
        if out and pos == out[-1][0]:
            out[-1] = (pos, max(out[-1][1], endpos))
        else:
            out.append((pos, endpos))
    return out


def test_windows_equal_their_definition():
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice(["1", "22", " ", "abc ", "xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\n"])
                       for _ in range(rng.randint(0, 80)))
        anchors = [m.span() for m in regex.finditer(r"\d+", text)]
        for before, after in (RULE_REACH, (3, 5), (0, 0)):
            assert windows_around(text, anchors, before, after) == _windows_one_by_one(text, anchors, before, after)


def test_a_rule_with_traps_false_keeps_what_a_trap_would_take(tmp_path):
    """`traps: false` (the percent rules): their numbers are not checked against the traps.
    "năm 2023%" is nonsense a trap would take ("năm 2023" is a year); the same rule with
    traps on loses it, and a count the trap overlaps is dropped either way."""
    import yaml

    from dxextract import extract
    from dxextract.rules import builtin_rules_dir

    text = "Tỷ lệ đạt năm 2023%, có năm 2024 doanh nghiệp."
    assert [r.text for r in extract(text)] == ["2023%"]
    rules = yaml.safe_load((builtin_rules_dir() / "percent.yaml").read_text(encoding="utf-8"))["rules"]
    trapped = [{**rule, "traps": True} for rule in rules]
    (tmp_path / "percent.yaml").write_text(yaml.safe_dump({"rules": trapped}, allow_unicode=True), encoding="utf-8")
    assert extract(text, rule_dirs=[str(tmp_path)]) == []
