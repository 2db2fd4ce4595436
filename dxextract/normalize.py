"""Normalise text for matching while keeping a map back to the source characters.

Rules are written once, in NFC with the traditional tone placement (`hòa`, `thủy`).
Reports arrive decomposed (NFD), with the new tone placement (`hoà`, `thuỷ`), with
no-break spaces and typographic dashes. Everything here but NFC composition is a
one-to-one character swap, so the offset map stays the identity unless the source
held decomposed sequences: the common case costs one `is_normalized` check.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, chain
from typing import Optional

import regex

_TONED = {  # base vowel -> its five toned forms: huyền, sắc, hỏi, ngã, nặng
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
}


def _tone_swaps() -> dict[str, str]:
    """`oà` -> `òa`, `uỷ` -> `ủy`, … in both cases."""
    swaps = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in range(5):
            for up1, up2 in ((False, False), (True, False), (True, True)):
                f = first.upper() if up1 else first
                s = second.upper() if up2 else second
                toned_second = _TONED[second][tone].upper() if up2 else _TONED[second][tone]
                toned_first = _TONED[first][tone].upper() if up1 else _TONED[first][tone]
                swaps[f + toned_second] = toned_first + s
    return swaps


_SWAPS = _tone_swaps()


def _new_style_pattern(swaps: dict[str, str]) -> regex.Pattern:
    """A vowel pair to swap, before the end of a word. Only an open syllable moves its
    mark (`hoàn` keeps it on `a`), and `qu` is an onset, not a vowel pair (`quý` is
    already right). One character class per first vowel scans twice as fast as an
    alternation of the pairs; the few pairs it admits that `swaps` lacks stay as they are.
    The `qu` test stands after the pair: a pattern that opens on a look-behind is tried at
    every place of a text, one that opens on the pair only where its first vowel stands."""
    seconds: dict[str, set[str]] = {}
    for pair in swaps:
        seconds.setdefault(pair[0], set()).add(pair[1])
    classes = "|".join(regex.escape(first) + "[" + "".join(sorted(rest)) + "]"
                       for first, rest in sorted(seconds.items()))
    return regex.compile(r"(?:" + classes + r")(?<![qQ]..)(?!\p{L})")


_NEW_STYLE = _new_style_pattern(_SWAPS)

_CHAR_SWAPS = {
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\uff05": "%", "\u066a": "%",
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
}


def plain_punctuation(text: str) -> str:
    """No-break spaces, typographic dashes and quotes as their plain forms, one for one.
    (A `replace` per character present: str.translate looks up every character of a
    report in a dict, and was the costliest step of normalising.)"""
    for char, plain in _CHAR_SWAPS.items():
        if char in text:
            text = text.replace(char, plain)
    return text


def canonical_tones(text: str) -> str:
    """Move tone marks to the traditional place: `hoà` -> `hòa`, `thuỷ` -> `thủy`."""
    return _NEW_STYLE.sub(lambda m: _SWAPS.get(m.group(), m.group()), text)


_TRADITIONAL = {traditional: new for new, traditional in _SWAPS.items()}
_TRADITIONAL_STYLE = regex.compile(r"(?<![qQ])(" + "|".join(sorted(_TRADITIONAL)) + r")(?!\p{L})")


def new_style_tones(text: str) -> str:
    """The other way: `hòa` -> `hoà`, as underthesea's dictionary spells its words."""
    return _TRADITIONAL_STYLE.sub(lambda m: _TRADITIONAL[m.group(1)], text)


@dataclass(frozen=True)
class Normalized:
    """Text ready for the rules, plus where each of its characters came from."""

    text: str
    source_length: int
    # starts[i] is the source offset of normalised char i; None means identity.
    starts: Optional[tuple[int, ...]] = None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the source text."""
        if self.starts is None:
            return start, end
        src_start = self.starts[start] if start < len(self.starts) else self.source_length
        src_end = self.starts[end] if end < len(self.starts) else self.source_length
        return src_start, src_end


def normalize(source: str) -> Normalized:
    """NFC, canonical tone placement, plain punctuation, footnote marks off words and wrapped
    lines joined, with an offset map."""
    swapped = canonical_tones(unmarked(plain_punctuation(source)))
    if unicodedata.is_normalized("NFC", swapped):
        return Normalized(unwrapped(swapped), len(source))
    return _compose(swapped, len(source))


# A line opening on a list's letter ("b) Tỷ lệ …", "đ) Số …") opens an item, or a table's
# lettered row, however the line before it ends: no wrap goes on with it (as a list's number
# "2. " or "3) " opens one).
_LETTERED = r"(?![a-zđ]\)\h)"

# A line break that only wraps a sentence, as text copied out of a PDF or a fixed-width
# layout keeps it: after a long line (60 characters or more) that ends inside a sentence
# (a letter, a digit, a comma, "%" or ")"), before a line that goes on in lower case (or
# opens a bracket that does) with three words or more or ends the sentence ("đạt 41%."),
# or, after a word, before a line of three words or more that opens on a number other than
# a list's ("xếp thứ" / "31/63. Tuy nhiên, …"). Short lines (a table's cells, a list, a
# heading), a line that ends a sentence, a table's rows (cells apart by tabs, bars or runs
# of spaces) and an indented line keep their breaks. Opens on the break itself: a text is
# scanned at a literal's speed.
_WRAP = regex.compile(r"\r?\n(?<=[^\n]{60}\r?\n)(?<=[\p{L}\p{N},%)]\r?\n)" + _LETTERED +
                      r"(?=\(?\p{Ll}[^\n]*?\h[^\n]*?\h|\p{Ll}[^\n]*\.(?:\r?\n|\Z)"
                      r"|(?<=\p{L}\r?\n)(?!\d{1,3}[.)]\h)\d(?![^\n]*(?:\t|\||\h\h))[^\n]*?\h[^\n]*?\h)"
                      r"(?<!(?:\t|\||\h\h)[^\n]*\r?\n)")


# The same break after a line that fills its paragraph rather than 60 characters: a
# two-column PDF or a narrow box wraps at 35-45 characters. `_fills_its_block` decides: the
# paragraph has three lines or more near its longest, as wrapped prose has (a two-line title
# or a slide does not), and the next line's first word would not have fitted on this one.
# Beside _WRAP's continuations: a line opening on a number that a lower-case word, a percent
# sign or punctuation follows ("gần" / "38.600 hộ kinh doanh"; "03 Tồn tại" on a slide is an
# item, "3️⃣" a list's mark); a line opening on a capitalised word after a number that ends a
# line which itself goes on a sentence (opens in lower case: "trực tuyến, xấp xỉ 11,5% dân
# số; 1.985" / "Tổ công nghệ số cộng đồng với 11.920"; a table's rows open on their headings
# and end on runs of numbers); and a line opening on an abbreviation that the sentence goes
# on after ("của các chủ thể" / "OCOP ước khoảng…", "giám định" / "BHYT. Có 9…"; a heading in
# capitals has no lower case, a units line "ĐVT: %" a colon).
_NARROW_WRAP = regex.compile(r"\r?\n(?<=[\p{L}\p{N},%)]\r?\n)" + _LETTERED +
                             r"(?=\(?\p{Ll}[^\n]*?\h[^\n]*?\h|\p{Ll}[^\n]*\.(?:\r?\n|\Z)"
                             r"|(?<=\p{L}\r?\n)(?!\d{1,3}[.)]\h)\d[\d.,/]*(?:%|\h\p{Ll}|[.,;]\h)"
                             r"(?![^\n]*(?:\t|\||\h\h))[^\n]*?\h[^\n]*?\h"
                             r"|(?<=(?:^|\n)\(?\p{Ll}[^\n]*[^\d\s]\h\d[\d.,]*\r?\n)\p{Lu}\p{Ll}*\h"
                             r"(?![^\n]*(?:\t|\||\h\h))[^\n]*?\h"
                             r"|\p{Lu}{2,}\d*(?:\h\p{Ll}|[.,;]\h)(?![^\n]*(?:\t|\||\h\h)))"
                             r"(?<!(?:\t|\||\h\h)[^\n]*\r?\n)")

# A post marks its lines with pictographs ("🎯", "▪️", "👨‍💻": symbols, their variation selector
# and joiners) or with a keycap number ("1️⃣"); the stages after this one read them too.
PICTOGRAPHS = r"(?:[\p{So}\p{Cs}][\uFE0F\u200D]*)+"
KEYCAP = r"\d\uFE0F?\u20E3"
POST_MARK = r"(?:" + PICTOGRAPHS + "|" + KEYCAP + ")"
# A list's line opens on a bullet: a document's dash or dot, or a post's mark.
DASH = r"[-–•*+]"
BULLET = r"(?:" + DASH + "|" + POST_MARK + ")"

# A number alone on its line, as a slide or a dashboard sets it, and its caption on the next
# line ("3.618.455" / "nhân khẩu có thông tin trong CSDL…", "≥ 95%" / "hồ sơ TTHC được nộp…",
# "Thứ 3/34" / "tỉnh, thành phố – …"): one statement. The number may carry a sign, one word or
# a post's pictograph bullet ("▪️ 1.965" / "thủ tục hành chính …") before it and a "+", a
# percent sign, a scale word or a unit after it ("8.560+" / "hộ kinh doanh …"); the caption opens in lower
# case with three words or more and is no table row. A list's number ("1.") ends on a dot and
# never joins; a cell's unit under its number ("45,2" / "hồ sơ") is too short to.
_LONE_NUMBER_WRAP = regex.compile(
    r"\r?\n(?<=[\d%+\p{L}]\h*\r?\n)" + _LETTERED + r"(?=\(?\p{Ll})"
    r"(?<=(?:^|\n)\h*(?:[<>≤≥~+▲▼]\h*|\p{L}+\h+|" + PICTOGRAPHS + r"\h*)?\d(?:[\d.,/]*\d)?\+?(?:\h*%|\h+\p{L}+){0,2}\h*\r?\n)"
    r"(?=\(?\p{Ll}(?![^\n]*(?:\t|\||\h\h))[^\n]*?\h[^\n]*?\h)")

# A word hyphenated over a line break ("bệnh-" / "án", "Kinh-" / "phí", "tập-" / "huấn"): a
# Vietnamese word's syllables stand apart, so the hyphen and the break read as spaces. Both
# pieces are syllables (hold a vowel): an OCR's cut inside a syllable ("hồ s-" / "ơ") is not
# made two words.
_VOWELS = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA))
                          if unicodedata.normalize("NFD", c)[0] in "aeiouyAEIOUY"
                          and unicodedata.category(c).startswith("L")}))
_HYPHEN_WRAP = regex.compile(r"-\r?\n(?<=[" + _VOWELS + r"][\p{L}\p{M}]*-\r?\n)"
                             r"(?=\p{Ll})(?=[\p{L}\p{M}]*?[" + _VOWELS + r"])")

# A footnote's mark glued to the word it annotates ("1.821 dịch vụ³", "dịch vụ công¹") reads
# as a space, so the word ends where it ends; a square or cubic metre ("km²") and a letter's
# power ("R²") keep their sign.
_FOOTNOTE_MARK = regex.compile(r"(?<=[\p{L}\p{M}.,;:)\]\"'])(?<!(?<![\p{L}\p{M}])(?:\p{L}|[kcdhm]m))"
                               r"[¹²³⁰⁴⁵⁶⁷⁸⁹]+")


def unwrapped(text: str) -> str:
    """The text with the breaks that only wrap a sentence made spaces, one for one (so
    offsets hold): a sentence broken over lines is read as one, and a hyphen that only
    splits a word over two lines is a space."""
    if "\n" not in text:
        return text
    spans = [m.span() for m in _WRAP.finditer(text)]
    spans += [m.span() for m in _HYPHEN_WRAP.finditer(text)]
    spans += [m.span() for m in _LONE_NUMBER_WRAP.finditer(text)]
    narrow = [m.span() for m in _NARROW_WRAP.finditer(text)]
    if narrow:
        taken = {start for start, _ in spans}
        widths = _block_widths(text)
        spans += [span for span in narrow if span[0] not in taken and _fills_its_block(text, span, widths)]
    if spans:
        spans.sort()
        pieces, at = [], 0
        for start, end in spans:
            if start < at:
                continue
            pieces += (text[at:start], " " * (end - start))
            at = end
        pieces.append(text[at:])
        text = "".join(pieces)
    return text


def unmarked(text: str) -> str:
    """The text with footnote marks glued to words made spaces, one for one."""
    if not any(mark in text for mark in "¹²³⁰⁴⁵⁶⁷⁸⁹"):
        return text
    return _FOOTNOTE_MARK.sub(lambda m: " " * len(m.group()), text)


def _block_widths(text: str) -> dict[int, int]:
    """The width of each paragraph block of wrapped prose (lines between blank lines, three
    or more of them within a tenth of its longest), by the offset of each of its lines'
    ends: its longest line."""
    widths: dict[int, int] = {}
    block: list[tuple[int, int]] = []  # (end offset, length) of each line of the block
    at = 0
    for line in text.split("\n") + [""]:
        stripped = line.rstrip("\r")
        if stripped.strip():
            block.append((at + len(stripped), len(stripped)))
        else:
            if len(block) >= 3:
                width = max(length for _, length in block)
                if sum(length >= 0.9 * width for _, length in block) >= 3:
                    widths.update((end, width) for end, _ in block)
            block = []
        at += len(line) + 1
    return widths


def _fills_its_block(text: str, span: tuple[int, int], widths: dict[int, int]) -> bool:
    """Whether the line ending at span fills its block: the next line's first word would not
    have fitted on it (a tenth of the width spared for proportional fonts)."""
    width = widths.get(span[0])
    if not width or width < 20:
        return False
    line = span[0] - (text.rfind("\n", 0, span[0]) + 1)
    word = regex.match(r"\S*", text, pos=span[1]).group()
    return line + 1 + len(word) > 0.9 * width


def _compose(text: str, source_length: int) -> Normalized:
    """NFC one cluster (a base and its combining marks) at a time, remembering origins.

    Only clusters that hold a mark can change, and in a decomposed report each of them becomes
    one letter: the text is split at them in one call, each distinct cluster composed once,
    and the map is every source offset but those of the marks that merged, built from ranges
    (a Python step per cluster took 15-40 ms a report). A text where that does not hold (a
    cluster that stays several characters, a singleton such as the Ohm sign) is composed by
    the definition, one cluster at a time."""
    pieces = _MARKED_CLUSTER.split(text)  # plain, marked, plain, …, marked, plain
    marked = pieces[1::2]
    composed = {cluster: unicodedata.normalize("NFC", cluster) for cluster in set(marked)}
    if all(len(letter) == 1 for letter in composed.values()) and all(map(_is_nfc, pieces[0::2])):
        bounds = list(accumulate(map(len, pieces), initial=0))
        # Each plain piece's offsets, then its marked cluster's first: the last range reaches
        # one past the text's end, which is dropped.
        starts = list(chain.from_iterable(map(range, bounds[0::2], map((1).__add__, bounds[1::2]))))
        starts.pop()
        pieces[1::2] = map(composed.__getitem__, marked)
        out = pieces
    else:
        out, starts = [], []
        _compose_clusters(text, 0, len(text), out, starts)
    # Tone placement can only be judged on composed text; it swaps chars one for one.
    return Normalized(unwrapped(canonical_tones("".join(out))), source_length, tuple(starts))


# A base character and the marks after it. Every character of a nonzero combining class
# is a mark (\p{M}), so what lies between these is clusters of one character each.
_MARKED_CLUSTER = regex.compile(r"(?s)(.\p{M}+)")
_is_nfc = partial(unicodedata.is_normalized, "NFC")


def _compose_clusters(text: str, start: int, end: int, out: list[str], starts: list[int]) -> None:
    """The definition: NFC each cluster of text[start:end] on its own. A cluster that
    composes to several chars keeps them all at the cluster start, so a span never ends
    inside a source cluster."""
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        composed = unicodedata.normalize("NFC", text[i:j])
        out.append(composed)
        starts.extend([i] * len(composed))
        i = j


_SPACE = regex.compile(r"\s+")


# The last blocks' casefolds: the value rules and the meaning of a block both read it.
@lru_cache(maxsize=2)
def casefolded(text: str) -> Optional[str]:
    """`text` casefolded, when that keeps every offset (no letter of it folds to more than
    one, as "ß" to "ss"): a span's casefolded text is then a slice of it. Else None."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else None


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The key two phrases share when they differ only in case, Unicode form, tone
    placement or spacing: for matching labels and names, never for spans. Remembered:
    units and labels repeat from value to value."""
    text = canonical_tones(unicodedata.normalize("NFC", plain_punctuation(text)))
    return _SPACE.sub(" ", text).strip().casefold()
