"""Breakdown parts: a value whose phrase only says which part of the value before (a key, an
operator, a place: "Viettel 47 thôn", "(khu vực miền núi 52,6%)"), after "trong đó" or "gồm",
or a form's bulleted key."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ...normalize import DASH, POST_MARK
from .around import Around
from .cleaning import PhraseCleaner
from .lexicon import LabelLexicon

_FORM_KEY_EDGES = " \t-–•+*:.▪➢"
# A line's bullet is a dash or dot, a pictograph or keycap of a post ("🔹", "✅", "3️⃣") or an
# item's number or letter ("3)", "b."); a bound may stand before the value ("✅ Thanh toán trực
# tuyến: hơn 128 nghìn giao dịch").
_BULLETED_KEY = regex.compile(r"\h*(?:" + DASH + "|" + POST_MARK + r"+|\(?[\p{L}\d]{1,2}[.)])\h*[^:\n]{2,80}:\h*"
                              r"(?:(?:hơn|khoảng|gần|trên)\h+)?")
# The last phrase before a bracket, past a comma or a word of place ("tập trung ở Kon Tum (87 thôn)").
_KEY_BEFORE = regex.compile(r"(?r)(?:^|[,;:]|(?<![\p{L}\p{M}])(?:ở|tại|và))\h*([^,;:()\n]{1,40}?)\h*$")
# A part's key that is a name: a few words, each capitalised ("Viettel", "VNPT", "Hà Giang cũ").
_PROPER_KEY = regex.compile(r"\p{Lu}[\p{L}\p{M}\p{N}&.\-]*(?:\h+(?:\p{Lu}[\p{L}\p{M}\p{N}&.\-]*|cũ|mới)){0,3}")
_KEY_WORDS = 5


def _opens_with(phrase: str, noun: str) -> bool:
    """Whether a phrase is the noun or opens with it, whole words ("phiên tòa" opens with "phiên")."""
    return phrase.startswith(noun) and (len(phrase) == len(noun) or phrase[len(noun)] == " ")


class PartReader:
    def __init__(self, lexicon: LabelLexicon, cleaner: PhraseCleaner, cache_size: int):
        self.lexicon, self.cleaner = lexicon, cleaner
        # A pure function of its phrase, which repeats from value to value.
        self.names_part = lru_cache(maxsize=cache_size)(self.names_part)

    @staticmethod
    def bulleted_key(text: str, at: int) -> bool:
        """Whether the value at `at` follows a bulleted line's key and colon ("   - Mới tiếp
        nhận: 35.511 hồ sơ"): a form's item, named by its key."""
        return _BULLETED_KEY.fullmatch(text, text.rfind("\n", 0, at) + 1, at) is not None

    def bare_cue(self, before: str) -> bool:
        """Whether the text before a value in its sentence is only a measure's word, a
        form's key naming nothing ("- Tỷ lệ: 98,94 %")."""
        return self.lexicon.cue_start.fullmatch(before.strip(_FORM_KEY_EDGES)) is not None

    def part_key(self, before: str) -> Optional[str]:
        """The key, when the text before a value in its sentence is only a bulleted key that
        says which part ("   - Cấp tỉnh: 1.298 thủ tục"): the part of the line above."""
        if not _BULLETED_KEY.fullmatch(before):
            return None
        key = before.strip(_FORM_KEY_EDGES)
        return key if self.lexicon.breakdown_key.fullmatch(key) else None

    def opens_part(self, left_raw: str) -> bool:
        """Whether the clause before a value opens a part of the value before ("trong đó")."""
        return bool(self.lexicon.part_opener.match(left_raw.lstrip(" ,;:")))

    @staticmethod
    def in_breakdown(text: str, at: Around, start: int) -> bool:
        """Whether a value stands in brackets still open, opened after a number of its sentence
        ("tổng diện tích 118,6 ha (nho 64,2 ha; táo 39 ha …")."""
        bracket = text.rfind("(", at.s_start, start)
        return bracket > at.s_start and ")" not in text[bracket:start] and \
            any(c.isdigit() for c in text[at.s_start:bracket])

    def short_key(self, key: str) -> bool:
        """Whether a phrase is short enough to be a key naming a part: a few words, no verb."""
        lex = self.lexicon
        return 1 <= len(key.replace(",", " ").split()) <= _KEY_WORDS and \
            (lex.verb_word is None or lex.verb_word.search(key) is None)

    def counts_part_of(self, text: str, at: Around, left: str, right: str, previous: str,
                       previous_unit: Optional[str]) -> bool:
        """Whether a count names only a part, by its key, and the bare noun the value before
        counts: "100 thôn "lõm sóng" (Viettel 47 thôn, VNPT 35 thôn)", "2.964 trạm BTS (khu
        vực Tuyên Quang cũ 1.538 trạm, …)", "tập trung ở Kon Tum (87 thôn)". It counts the same."""
        lex = self.lexicon
        if not right or right.casefold() == previous.casefold():
            return False
        same = previous_unit is not None and (right.casefold() == previous_unit.casefold() or
                                              right.casefold() in lex.people and previous_unit.casefold() in lex.people) or \
            len(right) < len(previous) and previous[:len(right)].casefold() == right.casefold() and \
            not previous[len(right)].isalnum()
        if not same:
            return False
        if not left:
            left = self.cleaner.clean(at.left_raw)  # a key the label reading has let go ("MobiFone 18 thôn")
        if not left:
            # Nothing before it in its clause: the first value in brackets after a part's key.
            if text[at.clause_start - 1:at.clause_start] != "(":
                return False
            key = _KEY_BEFORE.search(text, max(at.s_start, at.clause_start - 60), at.clause_start - 1)
            left = self.cleaner.clean(key.group(1)) if key else ""
        return bool(left) and (self.names_part(left) or self.names_place(left))

    @staticmethod
    def restates_count(label: str, unit: Optional[str], role: str, previous_label: Optional[str],
                       previous_unit: Optional[str], text: str, previous_end: int, start: int) -> bool:
        """Whether a count named only by its bare noun, the noun the value before counts, is
        that value's change or an earlier level of it in brackets after it: "1.386 phiên tòa
        trực tuyến, tăng 412 phiên so với cùng kỳ", "6.384 shop (tăng 1.127 shop)", "71 đơn
        (năm 2024: 38 đơn)". It counts what that value counts."""
        if not label or not unit or not previous_label or previous_unit is None:
            return False
        noun = unit.casefold()
        if label.casefold() != noun or previous_label.casefold() == noun or \
                not _opens_with(previous_unit.casefold(), noun) and not _opens_with(previous_label.casefold(), noun):
            return False
        if role == "change":
            return True
        bracket = text.rfind("(", previous_end, start)
        return bracket >= 0 and ")" not in text[bracket:start]

    def tallies(self, text: str, bracket: int, start: int, noun: str) -> bool:
        """Whether a count opening the bracket at `bracket` is only a tally of the phrase before
        it, by a noun of `bracket_tally_nouns`: "bưu tá (312 người)", "(21 đơn vị)"."""
        tally = self.lexicon.tally
        return tally is not None and bool(noun) and tally.fullmatch(noun) is not None and \
            not text[bracket + 1:start].strip()

    def tallies_previous(self, text: str, previous_end: int, previous_unit: Optional[str], start: int,
                         noun: Optional[str]) -> bool:
        """Whether a count is a tally, in a bracket opened right after it, of what the value
        before counts: "100% bưu tá (312 người)"; not of a count in another noun ("dân số
        19.842 người (4.386 hộ)")."""
        bracket = text.rfind("(", previous_end, start)
        return bracket >= 0 and not text[previous_end:bracket].strip() and \
            self.tallies(text, bracket, start, noun) and \
            not (previous_unit and self.lexicon.tally.fullmatch(previous_unit))

    def names_place(self, key: str) -> bool:
        """Whether a key before a value only names a place or a name: "Lùng Sán (46 hộ)"."""
        return self.lexicon.place_only.fullmatch(key) is not None or _PROPER_KEY.fullmatch(key) is not None

    def names_part(self, label: str) -> bool:
        """Whether a phrase only says which part of a breakdown, or who: a key or an actor."""
        lex = self.lexicon
        return bool(lex.breakdown_key.fullmatch(label) or lex.actors.fullmatch(label))
