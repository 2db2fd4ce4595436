"""Read a Vietnamese number: separators, scale words, numbers in words.

The words and the regex fragments come from `rules/numbers.yaml`; this module only
knows the arithmetic.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import regex

from .normalize import BULLET, DASH, KEYCAP, PICTOGRAPHS, POST_MARK
from .rules import RuleError, Rulebook
from .segment import word_spans

_MACRO = regex.compile(r"\{([a-z_]+)\}")
# A list's bullets and a post's marks as the rules name them ({dash}, {post_mark}, …): the
# shapes the code reads them by, so that rules and code say each once.
_MARK_MACROS = {"dash": DASH, "bullet": BULLET, "post_mark": POST_MARK, "pictographs": PICTOGRAPHS, "keycap": KEYCAP}
# A number written in digits, with its inner separators: 1.567.705 · 76,2 · 2024 (a
# fraction's two numbers, a date's three, are numbers each).
NUMBER_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*")
_DIGITS = regex.compile(r"\d[\d.,]*")
_THOUSANDS_DOT = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_THOUSANDS_COMMA = regex.compile(r"\d{1,3}(?:,\d{3}){2,}")
_ENGLISH_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ENGLISH_DECIMAL = regex.compile(r"\d+\.\d+")


def expand_macros(pattern: str, macros: Mapping[str, str], where: tuple[str, str | None]) -> str:
    """Replace every {name} by its macro, recursively; `{1,3}` quantifiers are left alone."""
    for _ in range(10):
        expanded = _MACRO.sub(lambda m: _macro(m.group(1), macros, where), pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise RuleError(where[0], where[1], "macros nest too deep (a macro refers to itself?)")


def _macro(name: str, macros: Mapping[str, str], where: tuple[str, str | None]) -> str:
    if name not in macros:
        raise RuleError(where[0], where[1], f"unknown macro {{{name}}}")
    return macros[name]


def read_digits(text: str) -> float:
    """`1.567.705` -> 1567705, `76,2` -> 76.2, `148.37` -> 148.37, `1,567,705` -> 1567705."""
    if _THOUSANDS_DOT.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _THOUSANDS_COMMA.fullmatch(text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def read_english_digits(text: str) -> float:
    """Digits before an English scale word read the English way where their marks can only be
    English (`1,250 million` 1.25e9, `1.250 billion` 1.25e9); a decimal comma is still one
    (`1,2 billion`: a Vietnamese writer's 1.2)."""
    if _ENGLISH_THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if _ENGLISH_DECIMAL.fullmatch(text):
        return float(text)
    return read_digits(text)


@dataclass(frozen=True)
class NumberReader:
    """Turns the surface of a number (digits or words, with scale words) into a value."""

    scales: Mapping[str, float]
    units: Mapping[str, int]
    ten: str
    tens: frozenset[str]
    fillers: frozenset[str]
    multipliers: Mapping[str, int]
    ordinals: Mapping[str, int]
    macros: Mapping[str, str]
    tails: Mapping[str, float] = field(default_factory=dict)  # "chín" after "triệu": 9 tenths of it
    decimal_mark: str = ""  # "phẩy": "năm mươi mốt phẩy hai" is 51.2
    english_scales: frozenset[str] = frozenset()  # "million": the digits before it read the English way

    @classmethod
    def from_rulebook(cls, book: Rulebook) -> "NumberReader":
        macros: dict[str, str] = dict(_MARK_MACROS)
        scales: dict[str, float] = {}
        words: dict = {}
        for rf in book.files:
            macros.update(rf.data.get("macros") or {})
            scales.update(rf.data.get("scales") or {})
            words.update(rf.data.get("number_words") or {})
        try:
            return cls(
                scales={k: float(v) for k, v in scales.items()},
                units=dict(words["units"]),
                ten=words["ten"],
                tens=frozenset([words["tens"]] if isinstance(words["tens"], str) else words["tens"]),
                fillers=frozenset(words["fillers"]),
                multipliers=dict(words["multipliers"]),
                ordinals=dict(words.get("ordinals") or {}),
                tails=dict(words.get("tails") or {}),
                decimal_mark=str(words.get("decimal_mark") or ""),
                english_scales=frozenset(words.get("english_scales") or ()),
                macros={k: str(v) for k, v in macros.items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError("rules/numbers.yaml", None, f"number words or scales malformed: {exc}") from None

    def read(self, surface: str) -> float:
        """The value of a number's surface: digits or words, then any scale words."""
        surface = surface.strip()
        m = _DIGITS.match(surface)
        if m and m.group(0).isdigit() and self._said(surface[m.end():]):
            value, rest = self._read_spoken(surface)
        elif m:
            rest = surface[m.end():]
            english = any(word.lower() in self.english_scales for word in rest.split())
            value = (read_english_digits if english else read_digits)(m.group(0).rstrip(".,"))
        elif self.decimal_mark and f" {self.decimal_mark} " in f" {surface.lower()} ":
            value, rest = self._read_decimal(surface)
        else:
            # An amount written out parts its places by commas: "Hai tỷ, một trăm sáu mươi lăm triệu, …"
            value, rest = self._read_spoken(surface.replace(",", " "))
        for word in rest.split():
            value *= self.scales.get(word) or self.scales.get(word.lower(), 1.0)
        return _tidy(value)

    def _said(self, rest: str) -> bool:
        """Whether the words after a number's digits go on the spoken way (more digits, a place
        word below the scales, "rưỡi"): "4 nghìn 5 trăm", "2 chục tỷ", "3 tỷ rưỡi", "1 triệu 2"."""
        return any(word[0].isdigit() or word in self.tens or word in self.tails
                   or self.multipliers.get(word, 1000) < 1000 for word in rest.lower().split())

    def _digit_word(self, word: str) -> int | None:
        """The value of a digit word, or of digits said among words ("1 triệu 2"); None if neither."""
        if word in self.units:
            return self.units[word]
        return int(word) if word.isdigit() else None

    def _place(self, word: str) -> float:
        """The value of a place word (`trăm` 100, `triệu` 1e6) or a scale word (`tỷ` 1e9); 0 if none."""
        return float(self.multipliers.get(word) or self.scales.get(word) or 0)

    def _read_spoken(self, surface: str) -> tuple[float, str]:
        """A spelled number as it is said: a place or scale word may open it, standing for one of
        it ("triệu chín" is "một triệu chín"), and a digit word after the last place word is a
        tenth of that place ("triệu chín" 1.9 million, "tỷ hai" 1.2 billion, "hai trăm rưỡi" 250,
        "ba nghìn hai" 3,200), where "linh"/"lẻ" do not fill the place before it ("ba trăm
        linh năm" 305)."""
        words = surface.lower().split()
        if words and self._place(words[0]) and words[0] not in self.ordinals:
            words.insert(0, "một")
        tail = self.tails.get(words[-1]) if words else None
        if tail is None and words and len(words[-1]) == 1 and words[-1].isdigit():
            tail = int(words[-1])
        if len(words) >= 3 and tail is not None and self._place(words[-2]):
            head, rest = self._read_spoken(" ".join(words[:-1]))
            for word in rest.split():
                head *= self.scales.get(word, 1.0)
            return head + tail * self._place(words[-2]) / 10, ""
        return self._read_words(" ".join(words))

    def _read_decimal(self, surface: str) -> tuple[float, str]:
        """A number said with its decimal mark: the whole before it, then its decimals: digit
        words one by one ("phẩy không tám" .08, "phẩy hai lăm" .25) or a number of tens ("phẩy
        hai mươi lăm" .25); returns the value and the words left over (scales)."""
        words = surface.lower().split()
        mark = words.index(self.decimal_mark)
        whole = self._read_spoken(" ".join(words[:mark]))[0] if mark else 0.0
        decimals = []
        for word in words[mark + 1:]:
            if word not in self.units and word != self.ten and word not in self.tens:
                break
            decimals.append(word)
        zeros = next((k for k, word in enumerate(decimals) if self.units.get(word) != 0), len(decimals))
        significant = decimals[zeros:]
        if all(word in self.units for word in significant):
            digits = "".join(str(self.units[word]) for word in significant)
        else:
            digits = str(int(self._read_words(" ".join(significant))[0]))
        fraction = float("0." + "0" * zeros + digits) if digits else 0.0
        return whole + fraction, " ".join(words[mark + 1 + len(decimals):])

    def _read_words(self, surface: str) -> tuple[float, str]:
        """`hai mươi mốt` -> 21; returns the value and the words left over (scales)."""
        total = group = 0
        largest = 0  # the largest place closed so far: a larger one scales all before it ("ba nghìn tỷ")
        pending: int | None = None
        words = surface.lower().split()
        if words and words[0] in self.ordinals:
            return float(self.ordinals[words[0]]), " ".join(words[1:])
        used = 0
        for used, word in enumerate(words, 1):
            digit = self._digit_word(word)
            if digit is not None:
                if pending is not None:
                    used -= 1
                    break
                pending = digit
            elif word == self.ten:
                group += 10
            elif word in self.tens:
                group += (1 if pending is None else pending) * 10
                pending = None
            elif word in self.fillers:
                continue
            elif word in self.multipliers and self.multipliers[word] < 1000:
                # "không trăm": an empty hundreds place ("hai nghìn không trăm hai mươi lăm" 2025)
                group += (1 if pending is None else pending) * self.multipliers[word]
                pending = None
            elif word in self.multipliers:
                group += pending or 0
                place = self.multipliers[word]
                if place > largest and total:
                    total = (total + group) * place
                else:
                    total += (group or 1) * place
                largest = max(largest, place)
                group, pending = 0, None
            else:
                used -= 1
                break
        return float(total + group + (pending or 0)), " ".join(words[used:])


def _tidy(value: float) -> float:
    """Drop float noise from scaling (6.6 * 1e6 = 6599999.999…)."""
    rounded = round(value, 6)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def spelled_numbers(text: str, words: list[tuple[int, int]], word_number: regex.Pattern,
                    closing: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The numbers written in words in `text`: each match of `word_number` holding one of
    `words` (spans of the words that make a spelled number a number, so not "một" or "năm"
    alone) and standing as words of its own to underthesea: "hai xã", "mười lăm doanh
    nghiệp", but not the "tư" of "đầu tư" or the "Hai" of "Hai Bà Trưng"."""
    out: list[tuple[int, int]] = []
    for start, end in words:
        if out and start < out[-1][1]:
            continue
        phrase = next((m for m in word_number.finditer(text, max(0, start - _SPELLED_BEFORE), end + _SPELLED_AFTER)
                       if m.start() <= start and m.end() >= end), None)
        if phrase is not None and stands_alone(text, *phrase.span(), closing):
            out.append(phrase.span())
    return out


# How far a spelled number may run before and after the word that makes it one, and how
# far around it underthesea looks (two words of context on each side, within the line).
_SPELLED_BEFORE, _SPELLED_AFTER = 12, 40
_CONTEXT_CHARS, _CONTEXT_WORDS = 40, 2
# The context's words: a post's mark standing alone ("✅ Mười hai …") is none, or the segmenter
# glues it to the number's first word.
_MARKS_OR_WORD = regex.compile(r"(?P<marks>" + POST_MARK + r"+)(?!\S)|\S+")
_BREAK = regex.compile(r"[\r\n]")
_LAST_BREAK = regex.compile(r"(?r)[\r\n]")


def _words(text: str, start: int, end: int) -> list[str]:
    return [m.group() for m in _MARKS_OR_WORD.finditer(text, start, end) if m.group("marks") is None]


def stands_alone(text: str, start: int, end: int, closing: frozenset[str] = frozenset()) -> bool:
    """Whether text[start:end] starts and ends on word boundaries, as underthesea segments
    it with a few words of context (looked for only nearby, so a long line costs no more).
    A number whose last word is one of `closing` (a place word: "một trăm") ends there
    whatever the segmenter says: it glues "trăm thôn" into one word, which no word is."""
    before = _LAST_BREAK.search(text, max(0, start - _CONTEXT_CHARS), start)
    after = _BREAK.search(text, end, end + _CONTEXT_CHARS)
    left = _words(text, before.end() if before else max(0, start - _CONTEXT_CHARS), start)
    right = _words(text, end, after.start() if after else end + _CONTEXT_CHARS)
    lead = " ".join(left[-_CONTEXT_WORDS:])
    lead = lead + " " if lead else ""
    window = lead + text[start:end] + (" " + " ".join(right[:_CONTEXT_WORDS]) if right else "")
    # A number in the capitals of a heading ("BA VÙNG") is segmented as its lower case: in
    # capitals the segmenter reads words as a name.
    spans = word_spans(window.lower() if text[start:end].isupper() else window)
    at, to = len(lead), len(lead) + end - start
    closed = text[start:end].rsplit(None, 1)[-1].lower() in closing
    return any(s == at for s, _ in spans) and (closed or any(e == to for _, e in spans))
