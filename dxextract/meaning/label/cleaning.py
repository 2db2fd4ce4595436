"""Cleaning a phrase into a label: past its leading and trailing link words, times, bullets,
pictures and what a slash opens; past who acts and the verb that reports; and whether what
is left is led by a measure's word."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ...normalize import POST_MARK
from ..words import ending, first_word, last_match, may_hold
from .lexicon import LabelLexicon

SPACE_PUNCT = " \t,.-–+•*="
# Emoji, pictographs and keycaps ("👉", "✅", "1️⃣") mark a post's lines: they say nothing, nor
# do a skin tone's modifier, a format character or a selector or keycap's mark left alone.
_PICTURE = r"(?:" + POST_MARK + r"|[\p{Sk}\p{Cf}\uFE0F\u20E3]|\s)"
_PICTURES_AT_START = regex.compile(_PICTURE + r"++")
_PICTURES_AT_END = regex.compile(r"(?r)" + _PICTURE + r"++$")
# What a slash opens is the rest of a rate or a date ("35 tỷ USD/năm", "quý II/2024 tỷ lệ …"):
# never the start of a label.
_SLASH_REST = regex.compile(r"/\h*[\p{L}\p{M}\p{N}]*")
# "… dẫn đầu về X là Hà Nội": who leads follows "là".
_WHO_IT_IS = regex.compile(r"\s+là\s+")
# An aside in brackets says who or what a name is ("khối Viễn thông (FPT Telecom)"): no words
# of the subject it stands in.
_ASIDE = regex.compile(r"\h*\([^()\n]*\)")


class PhraseCleaner:
    def __init__(self, lexicon: LabelLexicon, cache_size: int, clean_cache_size: int):
        self.lexicon = lexicon
        # Pure functions of their phrases, each distinct phrase read once.
        self.is_cue_led = lru_cache(maxsize=cache_size)(self.is_cue_led)
        self._trimmed = lru_cache(maxsize=clean_cache_size)(self._trimmed)
        self.only_reports = lru_cache(maxsize=cache_size)(self.only_reports)
        self.saying_what = lru_cache(maxsize=cache_size)(self.saying_what)
        self.past_verb = lru_cache(maxsize=cache_size)(self.past_verb)
        self.only_sets_goal = lru_cache(maxsize=cache_size)(self.only_sets_goal)

    def _without_actors(self, phrase: str) -> str:
        """A phrase without who acts at its start ("Chúng tôi đã đào tạo" -> "đào tạo")."""
        who = self.lexicon.actors.match(phrase)
        return phrase[who.end():].strip() if who else phrase

    def past_verb(self, label: str) -> str:
        """A label past who acts and the verb that reports ("Gia Lai ghi nhận tỷ lệ hồ sơ …",
        "Chúng tôi cam kết SLA uptime"): what is measured follows the verb when an actor
        stands before it, or a few words and a measure's cue opens what follows ("Nhóm dữ
        liệu ghi nhận khoảng cách …"). A verb opening the phrase stays: "Giải quyết quá hạn"
        names a kind of case, and a verb's syllable may open a noun ("Giao dịch", "Cần Thơ"),
        unless it changes or gives the measure named right after it: "rút ngắn thời gian xử lý"
        measures "thời gian xử lý"."""
        lex = self.lexicon
        if lex.measure_changing_verb is not None:
            verb = lex.measure_changing_verb.match(label)
            if verb is not None and self.is_cue_led(label[verb.end():]):
                return label[verb.end():]
        if lex.verb_word is None or self.is_cue_led(label):
            return label
        for verb in lex.verb_word.finditer(label):
            before = label[:verb.start()].strip(" ,")
            start, end = self.clean_span(label, verb.end(), len(label))
            if start >= end:
                break
            if before and (lex.actors.fullmatch(before) or self._short_subject(before) and
                           self.is_cue_led(label[start:end]) and not self._bare_so(label, start)):
                return label[start:end]
        return label

    def _short_subject(self, before: str) -> bool:
        """Whether the words before a verb may be its subject, not part of what is measured: a
        few words past their bracketed asides ("khối Viễn thông (FPT Telecom) đạt doanh thu"),
        or a body that acts opening its name ("Tổng công ty Viễn thông MobiFone đạt doanh thu")."""
        return len(_ASIDE.sub("", before).split()) <= 4 or self.lexicon.actors.match(before) is not None

    def _bare_so(self, text: str, at: int) -> bool:
        """Whether the measure's cue at `at` is "số" alone, which after a verb is mostly the
        verb's own ("chuyển đổi số", "ký số")."""
        cue = self.lexicon.cue_start.match(text, at)
        return cue is not None and cue.group().casefold() == "số"

    def linked_measure(self, label: str) -> str:
        """The measure a clause names after who leads in it ("Đà Nẵng dẫn đầu về DTI") or with it
        ("Viettel dẫn đầu với tốc độ tải xuống", "Dẫn đầu là TP.HCM (…) với số thu nội địa"):
        the last one, else the clause."""
        lex = self.lexicon
        led = self.led_in(label)
        if led is not None:
            rest = self.clean(_WHO_IT_IS.split(led, 1)[0])
            if rest:
                return rest
        found = None
        for link in lex.measure_link.finditer(label):
            preceding = label[:link.start()].split()
            if preceding and preceding[-1] in lex.measure_link_not_after:
                continue  # "đối với" (as for) links no measure
            rest = self.clean(label[link.end():])
            cue = lex.cue_start.match(rest)
            if self.is_cue_led(rest) and \
                    (cue is None or cue.group().casefold() != "số" or len(rest.split()) >= 3):
                found = rest
        return found or label

    def led_in(self, phrase: str) -> Optional[str]:
        """What follows the last words of leading in `phrase` ("dẫn đầu về"), raw; None if none."""
        lead = last_match(self.lexicon.leading_in, phrase)
        return None if lead is None else phrase[lead.end():]

    def only_reports(self, label: str) -> bool:
        """Whether a phrase is only the verb that reports a value ("bố trí", "Hoàn thành"),
        past who does it ("Chúng tôi đã đào tạo")."""
        lex = self.lexicon
        return lex.verb_only is not None and lex.verb_only.fullmatch(self._without_actors(label)) is not None

    def saying_what(self, label: str) -> str:
        """The label, unless it only says when ("năm 2025", "đến hết năm 2024") or names
        nothing ("bình quân", "cao"): then none."""
        lex = self.lexicon
        if label and lex.empty is not None and lex.empty.fullmatch(label):
            return ""
        if not label or not (label[0].isdigit() or first_word(label) in lex.time_starts):
            return label  # most labels start with a word no time starts with: told without the regex
        return "" if lex.time_only.fullmatch(label) else label

    def only_sets_goal(self, label: str) -> bool:
        """Whether a phrase only says who set a goal ("Trung ương giao", "chỉ tiêu UBND tỉnh
        giao"), not what the goal is for, nor a measure assigned ("Kinh phí năm 2022 giao")."""
        lex = self.lexicon
        # The pattern ends on "giao": a label without the word is told without it.
        return lex.assigned_only is not None and "giao" in label.casefold() and \
            lex.assigned_only.fullmatch(label) is not None and \
            not lex.measure_noun.match(label)

    def may_be_cue_led(self, text: str) -> bool:
        """Whether some piece of `text` from a place on may be cue-led (`is_cue_led`): it holds
        a measure's word."""
        lex = self.lexicon
        return lex.cue_words is None or may_hold(lex.cue_words, text)

    def is_cue_led(self, phrase: str) -> bool:
        """A measure cue followed by what it measures ("Tỷ lệ hồ sơ …", not "Kết quả" alone),
        or a quantity that names itself ("doanh thu")."""
        lex = self.lexicon
        if lex.measure_noun.match(phrase):
            return True
        cue = lex.cue_start.match(phrase)
        if not cue or lex.not_cue.match(phrase):
            return False
        return bool(self.clean(phrase[cue.end():]))

    def clean(self, phrase: str) -> str:
        start, end = self.clean_span(phrase, 0, len(phrase))
        return phrase[start:end]

    def clean_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Narrow text[start:end] past leading and trailing link words and punctuation.
        Reports repeat their phrases, so the answer is remembered; it depends only on the
        span and the character before it (the lookbehind of the word patterns)."""
        lead, trail = self._trimmed(text[start - 1] if start else "", text[start:end])
        return start + lead, start + trail

    def _trimmed(self, before: str, span: str) -> tuple[int, int]:
        s, e = self._clean_span_once(before + span, len(before), len(before) + len(span))
        return s - len(before), e - len(before)

    def _kept_cut(self, text: str, start: int, cut: int, end: int) -> int:
        """Where a label's trailing link words are cut, moved past a noun they would split:
        "tốc độ tải xuống" keeps "xuống", "văn bằng, chứng chỉ đạt" loses "đạt", not "chỉ"."""
        lex = self.lexicon
        if not lex.kept_ends:
            return cut
        folded = text[start:end].casefold()
        for kept in lex.kept_ends:
            at = folded.find(kept)
            while at >= 0:
                kept_end = start + at + len(kept)
                if start + at < cut < kept_end and (at == 0 or not folded[at - 1].isalpha()) and \
                        (kept_end == end or not text[kept_end].isalpha()):
                    cut = kept_end
                at = folded.find(kept, at + 1)
        return cut

    def _clean_span_once(self, text: str, start: int, end: int) -> tuple[int, int]:
        lex = self.lexicon
        for _ in range(4):
            was = (start, end)
            lead = lex.leading.match(text, start, end)
            if lead:
                start = lead.end()
            trail = ending(lex.trailing, text, start, end)
            if trail:
                end = self._kept_cut(text, start, trail.start(), end)
            while start < end and text[start] in SPACE_PUNCT:
                start += 1
            while end > start and text[end - 1] in SPACE_PUNCT:
                end -= 1
            pictures = _PICTURES_AT_START.match(text, start, end)
            if pictures:
                start = pictures.end()
            rest = _SLASH_REST.match(text, start, end)
            if rest:
                start = rest.end()
            pictures = ending(_PICTURES_AT_END, text, start, end)
            if pictures:
                end = pictures.start()
            if (start, end) == was:
                break
        return start, end
