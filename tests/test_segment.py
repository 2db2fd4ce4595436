"""Segmentation keeps exact spans: underthesea rewrites tokens (Hoà -> Hòa) and merges a
number with the next word (1.482 Tổ); every word and sentence still maps back to the
original characters."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxextract.segment import clause_words, sentence_spans, word_spans

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def words(phrase):
    return [phrase[s:e] for s, e in word_spans(phrase)]


def test_multi_syllable_words_are_one_span():
    assert words("Tổ công nghệ số cộng đồng cấp xóm") == ["Tổ", "công nghệ", "số", "cộng đồng", "cấp", "xóm"]


def test_number_merged_with_a_noun_is_split_back():
    got = words("1.482 Tổ công nghệ số")
    assert got[:2] == ["1.482", "Tổ"]


def test_rewritten_tones_keep_the_source_characters():
    phrase = "VNPT Hoà Bình và Viettel Hoà Bình"
    got = words(phrase)
    assert "Hoà Bình" in got  # underthesea says "Hòa Bình"; the span holds what the text says
    for s, e in word_spans(phrase):
        assert phrase[s:e].strip() == phrase[s:e]


def test_sentences_end_at_line_breaks_and_full_stops():
    text = "Tỷ lệ đạt 76,2% (cấp tỉnh 68,2%). 100% các TTHC có yêu cầu.\nDòng hai có 5 xã."
    got = [text[s:e] for s, e in sentence_spans(text)]
    assert got == ["Tỷ lệ đạt 76,2% (cấp tỉnh 68,2%).", "100% các TTHC có yêu cầu.", "Dòng hai có 5 xã."]


_SENTENCE_BITS = ["Tỷ lệ", "đạt", "1.482", "76,2%", "TP.", "Hồ", ".", "..", "...", "....", "?", "!", "?!", " ", "  ",
                  "\t", "\n", "\r", "2.0", "v.v.", "a.", "A", "1.", ".5", "(1)", "xã.", "Dr.", "ths.", "\xa0", "Ổn"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_BITS), max_size=16).map("".join))
def test_the_quick_sentence_splitter_splits_as_underthesea_does(line):
    from dxextract.segment import _underthesea

    tokenizers = _underthesea()
    assert tokenizers.sentences is not tokenizers.sent_tokenize  # this underthesea: the quick one
    assert tokenizers.sentences(line) == tokenizers.sent_tokenize(line)


def test_the_quick_sentence_splitter_agrees_on_every_line_of_the_sample_reports():
    from dxextract.segment import _underthesea

    tokenizers = _underthesea()
    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 100
    assert [tokenizers.sentences(line) for line in lines] == [tokenizers.sent_tokenize(line) for line in lines]


def test_a_splitter_of_another_shape_is_used_as_it_is():
    from dxextract.segment import _quick_sentences

    def whole_lines(text):
        return [text.strip()] if text.strip() else []
    assert _quick_sentences(whole_lines) is whole_lines  # no splitter object to ask

    class EveryDot:  # the shape of underthesea's splitter, but it splits where this one does not
        SENT_END_CHARS = frozenset(".?!")

        def _is_sentence_boundary(self, text, at):
            return True

    namespace = {}
    exec("def sent_tokenize(text):\n    return [text.strip()] if text.strip() else []", namespace)
    namespace["sentence_tokenizer"] = EveryDot()
    assert _quick_sentences(namespace["sent_tokenize"]) is namespace["sent_tokenize"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Hoà Bình", "1.482 Tổ", "công nghệ số", ",", "(", ")", "76,2%", "thuỷ",
                                 "cấp xã", "3G/4G", "  ", "\t", "DVCTT", "100 %"]), max_size=12).map(" ".join))
def test_word_spans_are_ordered_slices_of_the_phrase(phrase):
    last = 0
    for s, e in word_spans(phrase):
        assert last <= s < e <= len(phrase)
        assert phrase[s:e].strip()
        last = e


def test_clause_words_give_each_comma_piece_then_the_comma():
    phrase = "hồ sơ trực tuyến, tổ chức và doanh nghiệp, 1,5 lần"
    pieces = [[phrase[s:e] for s, e in piece] for piece in clause_words(phrase)]
    assert pieces == [["hồ sơ", "trực tuyến"], [","], ["tổ chức", "và", "doanh nghiệp"], [","], ["1,5", "lần"]]


def test_clause_words_segment_a_piece_only_when_asked(monkeypatch):
    import dxextract.segment as segment

    asked = []
    monkeypatch.setattr(segment, "word_spans", lambda piece: asked.append(piece) or ((0, len(piece)),))
    pieces = clause_words("một, hai ba")
    assert next(pieces) == ((0, 3),)
    assert asked == ["một"]
    assert [p for p in pieces] == [((3, 4),), ((5, 11),)]
    assert asked == ["một", "hai ba"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Hoà Bình", "1.482 Tổ", "công nghệ số", ",", ", ", "1,5", "76,2%", "thuỷ",
                                 "cấp xã", "  ", "\t", "DVCTT"]), max_size=12).map(" ".join))
def test_clause_words_are_ordered_slices_of_the_phrase(phrase):
    last = 0
    for piece in clause_words(phrase):
        for s, e in piece:
            assert last <= s < e <= len(phrase)
            assert phrase[s:e].strip()
            last = e


@pytest.mark.parametrize("words", [{"hòa bình", "xã"}, {"Hòa Bình", "xã"}, {"123", "ǅ"}, {"xã", 7}, {"Ⓐ", "b"}, set()])
def test_the_dictionary_in_lower_case_is_each_word_lowered(words):
    from dxextract.segment import _lower

    assert _lower(words) == {w.lower() for w in words if isinstance(w, str)}
