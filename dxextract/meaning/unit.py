"""Unit of a count or fraction: the counted noun as a Vietnamese word (SPEC section 1),
never a syllable cut from one — `thuê bao`, `chứng thư số`, `trạm BTS`, `hồ sơ`, `xã`.

Vietnamese writes words as syllables separated by spaces, so where the noun ends is a
question of words, not of spaces: underthesea's dictionary of words (the one its word
model was trained with) says which syllables make a word, its word segmenter decides where
two readings compete ("hộ sản xuất" is hộ + sản xuất, not hộ sản + xuất), and
rules/units.yaml adds the compound nouns of reports that dictionary lacks ("trạm BTS",
"người dùng"). When no noun follows the number, the noun its subject counts is the unit:
"tổng số hồ sơ … là 275.798" counts hồ sơ.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import regex

from ..rules import Rulebook
from ..normalize import new_style_tones
from ..segment import dictionary, word_spans
from .words import optional_words, words_regex

_SYLLABLE = regex.compile(r"[\p{L}\p{M}\p{N}&]+(?:-[\p{L}\p{M}\p{N}&]+)*")  # "ki-ốt", "Wi-Fi": one syllable
_SPACE = regex.compile(r"\h+")
# What of a phrase decides its noun: five syllables of up to a dozen letters, and more.
_NOUN_CHARS = 80
# The longest word looked for, in syllables ("điểm thu phát sóng", "cơ sở khám chữa bệnh").
_MOST_SYLLABLES = 5
# A syllable's final y after a consonant is written i as well (sỹ/sĩ, kỹ/kĩ, lý/lí).
_FINAL_Y = regex.compile(r"(?<=[bcdđghklmnpqrstvx])[yýỳỷỹỵ]$")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def _spelling(words: list[str]) -> str:
    """A run of syllables as dictionary keys are written: lower case, final y as i."""
    return " ".join(_syllable_spelling(w) for w in words)


def _known(words: list[str]) -> bool:
    """Whether the syllables make a word of underthesea's dictionary, which spells tones the
    new way ("hoá đơn"), whichever way the text does."""
    key = _spelling(words)
    known = dictionary()
    return key in known or new_style_tones(key) in known


@lru_cache(maxsize=1 << 12)
def _syllable_spelling(word: str) -> str:
    return _FINAL_Y.sub(lambda m: m.group().translate(_Y_TO_I), word.lower())


# A name in quotes right after a number, and how many words of it are a name as a whole.
_QUOTED_NAME = regex.compile(r'["“]\s*(\p{L}[^"”\n]{0,40}?)\s*["”]')
_QUOTED_NAME_WORDS = 3


class UnitReader:
    def __init__(self, book: Rulebook, lexicons: dict, cache_size: int):
        self.compounds = frozenset(_spelling(c.split()) for c in lexicons.get("counted_compounds", []))
        # Nouns too general to be the thing counted: the word after them says what it is
        # ("điểm chi trả", "máy ATM", "giấy báo tử"); see `kind_heads` in units.yaml.
        self.kind_heads = frozenset(_spelling([h]) for h in lexicons.get("kind_heads", []))
        # A capitalised agency's head names it with the word after ("Ban CHQS", "Sở GDĐT").
        self.agency_heads = frozenset(_spelling([h]) for h in lexicons.get("agency_heads", []))
        # A classifier the dictionary joins to the first syllable of what it classifies ("bộ máy").
        self.classifier_splits = frozenset(_spelling(c.split()) for c in lexicons.get("classifier_splits", []))
        # The noun depends on the phrase's first few words only, which recur across reports.
        self._noun_of = lru_cache(maxsize=cache_size)(self._noun_of)
        # A pure function of the phrase after a value, which repeats as that phrase does.
        self.counted_noun = lru_cache(maxsize=cache_size)(self.counted_noun)
        self.not_nouns = words_regex(lexicons.get("not_counted", []) + lexicons.get("not_a_phrase_start", []))
        # Nouns that open on one of those words ("chỉ tiêu": "chỉ" alone is "only").
        self.nouns_on_function_words = optional_words(lexicons.get("function_word_nouns"))
        self.opener = optional_words(lexicons.get("count_openers"), r"\h+")
        self.dong_short = frozenset(w.casefold() for w in lexicons.get("dong_short", []))

    def counted_noun(self, phrase: str) -> Optional[str]:
        """The noun a phrase opens with, as a word ("thuê bao di động" -> "thuê bao"), past
        a leading "số" ("151/151 số xã"); None when it opens with no noun."""
        phrase = phrase.lstrip()
        opener = self.opener.match(phrase) if self.opener is not None else None
        if opener is not None and phrase[opener.end():opener.end() + 1].isalpha():
            phrase = phrase[opener.end():]
        quoted = _QUOTED_NAME.match(phrase)
        if quoted is not None:
            # What is counted may be named in quotes: 'thành lập 85 "Sông Hàn-ers"', '1 "đại sứ
            # số"' count the name; a longer quote opens on its noun ('35 "Cửa hàng 4.0"').
            name = quoted.group(1)
            return name if len(name.split()) <= _QUOTED_NAME_WORDS and not any(c.isdigit() for c in name) \
                else self._noun_of(name)
        if not phrase or not phrase[0].isalpha():
            return None
        if self._opens_on_function_word(phrase):
            return None
        return self._noun_of(phrase[:_NOUN_CHARS])

    def _opens_on_function_word(self, phrase: str) -> bool:
        """Whether `phrase` opens with a word that counts nothing ("ở", "của"), not with a noun
        that only starts like one ("chỉ tiêu")."""
        return self.not_nouns.match(phrase) is not None and not (
            self.nouns_on_function_words is not None and self.nouns_on_function_words.match(phrase))

    def _noun_of(self, phrase: str) -> Optional[str]:
        syllables = self._syllables(phrase)
        if not syllables:
            return None
        n = self._word_length(phrase, syllables)
        if n == 1 and len(syllables) > 1 and self._named_by_next_word(phrase, syllables):
            rest = phrase[syllables[1][0]:]
            tail = [(s - syllables[1][0], e - syllables[1][0]) for s, e in syllables[1:]]
            n = 1 + self._word_length(rest, tail)
        return _SPACE.sub(" ", phrase[syllables[0][0]:syllables[n - 1][1]])

    def _named_by_next_word(self, phrase: str, syllables: list[tuple[int, int]]) -> bool:
        """Whether the first syllable, a word alone, needs the next word to name what is
        counted: a head too general ("điểm chi trả"), or an agency's capitalised head before
        its capitalised name ("Ban CHQS", "Hội Nông dân")."""
        head, rest = phrase[slice(*syllables[0])], phrase[syllables[1][0]:]
        spelled = _spelling([head])
        if spelled in self.kind_heads:
            # A function word after the head is no kind ("40 điểm ở quận Hải Châu").
            return not self._opens_on_function_word(rest)
        # A capitalised word after the head is its name, whatever it means alone ("Ban Chỉ đạo").
        return spelled in self.agency_heads and head[0].isupper() and rest[0].isupper()

    def rate_unit(self, unit: str, after: str) -> str:
        """A rate's unit with each denominator a whole word: a rule reads what follows "/" as
        far as its lists or a syllable, "đồng/chứng" of "đồng/chứng thư", "đồng/sinh" of
        "đồng/sinh viên/tháng", and the noun reader says where the word ends (GUIDE: never a
        syllable cut from a compound), and the đồng written short spelled out. `after`: the
        text from the unit on."""
        if "/" not in unit:
            return unit
        return self._spelled_currency(self._whole_denominators(unit, after))

    def _spelled_currency(self, unit: str) -> str:
        """"210.000đ/tháng" is a rate in "đồng/tháng": the đồng written short is spelled out."""
        currency, per = unit.split("/", 1)
        return "đồng/" + per.lstrip() if currency.strip().casefold() in self.dong_short else unit

    def _whole_denominators(self, unit: str, after: str) -> str:
        at = after.find(unit, 0, len(unit) + 16)
        if at < 0:
            return unit
        rest = after[at + len(unit):]
        last = unit.rsplit("/", 1)[1].strip()
        for _ in range(3):
            if rest[:1] == " " and last and last[0].isalpha():
                noun = self._noun_of((last + rest)[:_NOUN_CHARS])
                if not noun or len(noun) <= len(last) or not noun.startswith(last + " "):
                    break
                unit, rest = unit + noun[len(last):], rest[len(noun) - len(last):]
            elif rest[:1] == "/" and rest[1:2].isalpha():
                noun = self.counted_noun(rest[1:])
                if not noun:
                    break
                unit, rest, last = unit + "/" + noun, rest[1 + len(noun):], noun
                continue
            else:
                break
            last = ""
        return unit

    def subject_noun(self, label: Optional[str]) -> Optional[str]:
        """The noun a label before the number counts ("tổng số hồ sơ đã giải quyết" ->
        "hồ sơ"), for a count no noun follows."""
        return self.counted_noun(label) if label else None

    @staticmethod
    def _syllables(phrase: str) -> list[tuple[int, int]]:
        """The spans of the first syllables of `phrase`, up to the first punctuation."""
        out: list[tuple[int, int]] = []
        at = 0
        for m in _SYLLABLE.finditer(phrase):
            if phrase[at:m.start()].strip() or len(out) == _MOST_SYLLABLES:
                break
            out.append(m.span())
            at = m.end()
        return out

    def _word_length(self, phrase: str, syllables: list[tuple[int, int]]) -> int:
        """How many syllables the first word of `phrase` has: the longest compound of the
        rules, else the longest dictionary word that does not take the first syllable of a
        word the next syllables make (then underthesea's segmenter decides)."""
        words = [phrase[s:e] for s, e in syllables]
        for n in range(len(words), 1, -1):
            if _spelling(words[:n]) in self.compounds:
                return n
        if len(words) > 2 and _spelling(words[:2]) in self.classifier_splits:
            return 1  # "215 bộ máy tính": the classifier, before the machine it classifies
        for n in range(min(len(words), 4), 1, -1):
            if not _known(words[:n]) or self.not_nouns.fullmatch(words[n - 1]):
                continue
            # "hộ sản" is a word, but so is "sản xuất": the segmenter says which one the text holds.
            if n < len(words) and _known(words[n - 1:n + 1]) and not self._segmented_as(phrase, syllables, n):
                continue
            return max(n, self._first_word_length(phrase, syllables))
        return self._first_word_length(phrase, syllables)

    @staticmethod
    def _first_word_length(phrase: str, syllables: list[tuple[int, int]]) -> int:
        """How many syllables underthesea's segmenter puts in the first word ("tình nguyện
        viên", a word its dictionary lacks), at most four."""
        spans = word_spans(phrase[:syllables[-1][1]])
        if not spans:
            return 1
        end = spans[0][1]
        return max(1, min(4, sum(1 for _, e in syllables if e <= end)))

    @staticmethod
    def _segmented_as(phrase: str, syllables: list[tuple[int, int]], n: int) -> bool:
        """Whether underthesea's segmenter ends a word after the n-th syllable."""
        end = syllables[n - 1][1]
        return any(e == end for _, e in word_spans(phrase[:syllables[-1][1]]))
