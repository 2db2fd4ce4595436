"""The store of compiled patterns: a pattern restored from it is the pattern compiled, a
pattern's key changes with anything it depends on, and a store that cannot be read or
written only costs the compiling."""
from __future__ import annotations

import pickle

import pytest
import regex

from dxextract import patterns
from dxextract.meaning.words import words_regex

TEXT = "Tỷ lệ hồ sơ trực tuyến đạt 85,3% năm 2024, tăng 12 điểm; doanh thu 3.800 tỷ đồng."
LISTS = {"units": ["điểm", "tỷ đồng"], "other": ["xã"]}
SOURCE = r"(?<![\p{L}\d])(?P<num>\d+(?:[.,]\d+)?)\h*(?P<unit>\L<units>|%)"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "dxextract" / "patterns.marshal"


def _stored(source=SOURCE, flags=regex.IGNORECASE, lists=LISTS):
    """The pattern compiled through a store of its own, written, then restored by another."""
    key = patterns._pattern_key(source, flags, lists)
    first = patterns._PatternStore()
    assert first.get(key) is None
    first.add(key, regex.compile(source, flags, ignore_unused=True, **lists))
    first.write()
    return patterns._PatternStore().get(key)


def test_a_restored_pattern_finds_what_the_compiled_one_finds(store):
    restored = _stored()
    assert store.exists()
    compiled = regex.compile(SOURCE, regex.IGNORECASE, ignore_unused=True, **LISTS)
    assert (restored.pattern, restored.flags, restored.groupindex) == (compiled.pattern, compiled.flags,
                                                                        compiled.groupindex)
    assert [m.groupdict() for m in restored.finditer(TEXT)] == [m.groupdict() for m in compiled.finditer(TEXT)]
    assert [m.span() for m in restored.finditer(TEXT)] == [(27, 32), (48, 55), (67, 80)]


def test_the_key_follows_text_flags_and_the_lists_named():
    key = patterns._pattern_key(SOURCE, regex.IGNORECASE, LISTS)
    assert key != patterns._pattern_key(SOURCE + "x", regex.IGNORECASE, LISTS)
    assert key != patterns._pattern_key(SOURCE, 0, LISTS)
    assert key != patterns._pattern_key(SOURCE, regex.IGNORECASE, {**LISTS, "units": ["điểm"]})
    assert key == patterns._pattern_key(SOURCE, regex.IGNORECASE, {**LISTS, "other": ["phường"]})  # not named


def test_a_damaged_store_is_compiled_anew_and_rewritten(store):
    store.parent.mkdir(parents=True)
    store.write_bytes(b"\xff not marshal data")
    assert patterns._PatternStore().get(patterns._pattern_key(SOURCE, regex.IGNORECASE, LISTS)) is None
    assert _stored().pattern == SOURCE


def test_an_unwritable_store_only_costs_the_compiling(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _stored() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]  # nothing left behind


def test_the_store_restores_compiled_patterns_and_nothing_else():
    class Sneaky:
        def __reduce__(self):
            return (print, ("ran",))

    with pytest.raises(pickle.UnpicklingError):
        patterns._PatternUnpickler(__import__("io").BytesIO(pickle.dumps(Sneaky()))).load()


def test_a_store_kept_full_keeps_what_the_run_used(store, monkeypatch):
    monkeypatch.setattr(patterns, "_STORED_PATTERNS", 2)
    sources = [SOURCE + "{%d}" % n for n in (1, 2, 3)]
    for source in sources:
        _stored(source=source)
    keys = [patterns._pattern_key(source, regex.IGNORECASE, LISTS) for source in sources]
    assert set(patterns._PatternStore._read()) == {keys[2]}  # the third run's, the two before dropped


def test_a_word_list_makes_the_same_pattern_whatever_the_order_of_its_words():
    assert words_regex(["trên", "dưới", "hơn", "tối đa"]).pattern == words_regex(["hơn", "tối đa", "dưới", "trên"]).pattern


def test_a_pattern_the_code_builds_comes_from_the_store_as_compiled(store, monkeypatch):
    """`stored_pattern`: a pattern read backwards from its end, as the label and role readers
    build them, finds the same through the store as compiled, and a second run restores it."""
    source = r"(?r)(?<![\p{L}\p{M}])(?:tăng|giảm)(?:\s+thêm)?\s*$"
    text = "Số hồ sơ trực tuyến tăng thêm "
    monkeypatch.setattr(patterns, "_STORE", patterns._PatternStore())
    built = patterns.stored_pattern(source, regex.IGNORECASE)
    patterns._STORE.write()
    assert store.exists()
    monkeypatch.setattr(patterns, "_STORE", patterns._PatternStore())
    monkeypatch.setattr(regex, "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
    restored = patterns.stored_pattern(source, regex.IGNORECASE)
    expected = built.search(text).span()
    assert expected == (20, 30)
    assert restored.search(text).span() == expected
    assert (restored.pattern, restored.flags) == (built.pattern, built.flags)
