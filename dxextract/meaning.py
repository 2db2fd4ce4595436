"""Attach meaning to each value: qualifier, role, label, scope, unit and indicator.

The cue words and phrase boundaries live in rules/{qualifiers,roles,scope,labels}.yaml;
this module decides where to look. For a value it considers two phrases of its sentence:
the one after it (up to the next value, bracket, semicolon or boundary word) and the
clause before it (since the previous value's phrase). A value that has neither takes
the label and scope of the value before it, which is how a breakdown
`76,2% (cấp tỉnh 68,2%, cấp huyện 82%)` shares one label.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

import regex

from .values import Find, compile_pattern, meets, requirements
from .records import QUALIFIERS, SCOPES
from .rules import RuleError, Rulebook
from .segment import clause_words, sentence_spans

# Characters that close a clause for every purpose here.
_HARD = regex.compile(r"[;:()\[\]•]|\.(?=\s|$)")
_LAST_HARD = regex.compile("(?r)" + _HARD.pattern)  # the last one: searched from the end
_SPACE_PUNCT = " \t,.-–"
_SPACES = regex.compile(r"\s+")
_ABOUT = regex.compile(r"(?<!\p{L})về\s+(.+)")  # what a rank is about
_COMMA = regex.compile(",")
_NUMERIC_ASIDE = regex.compile(r"\h*\(\h*[\d.,/%\h]+\)")
# How far after a value its scope may still be named (in characters).
_SCOPE_REACH = 60
# How far from a value its label may reach (in characters): a long line with no
# punctuation must not make a label of a whole page.
_REACH = 300
# The phrase caches below take most repeats first: 8192 trimmed spans are enough.
_CLEAN_CACHE_SIZE = 1 << 13
# Phrases around values repeat across reports far more than sentences do. A phrase entry
# holds up to a few hundred characters: 2048 entries a cache keep nine in ten of the hits of
# 8192 on the benchmark archive, at 14 MB less memory.
_PHRASE_CACHE_SIZE = 1 << 11


@dataclass(frozen=True, slots=True)
class Meaning:
    qualifier: str
    role: str
    label: Optional[str]
    scope: Optional[str]
    unit: Optional[str]


@dataclass(frozen=True)
class _WordsAtEnd:
    """One of some words ending a text, then only a tail ("…tăng 5%": "tăng" ends "…tăng ").

    The regex decides, but only on a text whose last word ends one of the words: most texts
    before a value end otherwise, and a set look-up rules them out far more cheaply."""
    pattern: regex.Pattern
    last_words: frozenset[str]

    @classmethod
    def of(cls, words: Sequence[str], tail: str = r"\s*") -> "_WordsAtEnd":
        return cls(_words_regex(words, tail + "$"), frozenset(_last_word(w) for w in words))

    def search(self, text: str, last_word: str) -> Optional[regex.Match]:
        """`last_word` is `_last_word(text)`, worked out once for all the lists that test `text`."""
        return self.pattern.search(text) if last_word in self.last_words else None


@dataclass(frozen=True)
class _Qualifier:
    symbol: str
    before: _WordsAtEnd
    after: Optional[regex.Pattern]
    unless_unit: Optional[regex.Pattern]
    unless_after: Optional[regex.Pattern]


@dataclass(frozen=True)
class _Scope:
    level: Optional[str]                   # None: the phrase names several levels at once
    patterns: list[regex.Pattern]
    after_percent: list[regex.Pattern]     # anchored: what right after "…%" names the level
    requires: tuple[str, ...]              # one of these is in any match of `patterns`


@dataclass(frozen=True)
class _Change:
    before: _WordsAtEnd              # words right before the number
    after: Optional[regex.Pattern]   # words that must follow in the clause, if any


def _words_regex(words: Sequence[str], tail: str = "") -> regex.Pattern:
    """Any of `words` as whole words (longest first), case-insensitive."""
    alternatives = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    # A pattern anchored at the end is searched backwards: one try at the end instead of
    # one at every position of a long phrase.
    backwards = "(?r)" if tail.endswith("$") else ""
    return regex.compile(backwards + r"(?<![\p{L}\p{M}\p{N}])(?:" + alternatives + r")(?![\p{L}\p{M}\p{N}])" + tail,
                         regex.IGNORECASE)


# A text's last word, past the spaces and commas that may follow a word at the end.
_LAST_WORD = regex.compile(r"(?r)([\p{L}\p{M}\p{N}]*)[\s,]*$")


def _last_word(text: str) -> str:
    """The last word of `text`, folded so that every spelling the case-insensitive word
    regexes take for one word folds the same: casefold(), and the regex module also takes
    the Turkish İ and ı for i."""
    return _LAST_WORD.search(text).group(1).casefold().replace("\u0307", "").replace("ı", "i")


def _first_word(text: str) -> str:
    """The first word of `text`, casefolded (for a set look-up before a word regex)."""
    words = text.split(maxsplit=1)
    return words[0].casefold() if words else ""


def _required(entry: dict, key: str, kind: type):
    value = entry.get(key)
    if not isinstance(value, kind) or not value:
        raise RuleError(entry.get("_file", "?"), entry.get("id"), f"needs '{key}' ({kind.__name__})")
    return value


class MeaningFinder:
    """The meaning rules of a rulebook, compiled once."""

    def __init__(self, book: Rulebook, macros: dict, lexicons: dict):
        self.qualifiers = [self._qualifier(e) for e in book.section("qualifiers")]
        all_bounds = [w for e in book.section("qualifiers") for w in e["before"]]
        # Only words that bound a number on their own ("từ" needs "trở lên" after it).
        plain_bounds = [w for e in book.section("qualifiers") if not e.get("after") for w in e["before"]]
        self.bound_at_end = _WordsAtEnd.of(plain_bounds)
        roles = book.section("roles")
        self.changes = [_Change(_WordsAtEnd.of(e["before"]), _words_regex(e["after"]) if e.get("after") else None)
                        for e in roles if e.get("role") == "change" and e.get("before")]
        cue_list = [c for e in roles if e.get("role") == "target" for c in e.get("cues", [])]
        self.target_cue = self._alternation(cue_list, roles)
        framing = [e for e in roles if e.get("role") == "target" and e.get("frames")]
        self.target_frame = self._alternation([c for e in framing for c in e["frames"]], roles)
        # Every sentence is tested for a frame: a substring test of what each frame holds
        # (`requires`) spares the regex most of them. One entry without it: no pre-test.
        frame_words = [requirements(e) for e in framing]
        self.frame_requires = () if not all(frame_words) else tuple(w for words in frame_words for w in words)
        # A heading opening with one of these ("II. MỤC TIÊU", "2. Định hướng đến năm 2025") makes
        # goals of the values under it, to the next heading of its rank or higher.
        headings = [w for e in roles if e.get("role") == "target" for w in e.get("section_headings", [])]
        self.goal_heading = _words_regex(headings) if headings else None
        years = [e["future_year"] for e in roles if e.get("future_year")]
        self.future_year = regex.compile(years[0], regex.IGNORECASE) if years else None
        self.scopes = [self._scope(e, macros, lexicons) for e in book.section("scopes")]
        self.boundary = _words_regex(lexicons.get("phrase_boundaries", []))
        self.not_start = _words_regex(lexicons.get("not_a_phrase_start", []))
        self.cue_start = _words_regex(lexicons.get("measure_cues", []))
        self.measure_noun = _words_regex(lexicons.get("measure_nouns", []))
        self.not_heading = _words_regex(lexicons.get("not_a_heading", []))
        time_words = lexicons.get("time_words", [])
        # Possessive: a label that is more than a time must fail at once, not retry every split.
        time_word = _words_regex(time_words).pattern
        self.time_only = regex.compile(r"(?:[\s,:/\-–]*+(?:" + time_word + r"|\d++))++[\s,:/\-–]*+", regex.IGNORECASE)
        self.time_starts = frozenset(_first_word(w) for w in time_words)
        self.not_cue = _words_regex(lexicons.get("not_cues", []))
        self.opener_at_end = _WordsAtEnd.of(lexicons.get("clause_openers", []), r"[\s,]*")
        self.copula_at_end = _WordsAtEnd.of(lexicons.get("copulas", []))
        self.part_opener = _words_regex(lexicons.get("part_openers", []))
        # Who acts: the actor words, and the names of provinces ("Nghệ An đạt 0,57 điểm"), one
        # after another ("UBND tỉnh Nghệ An").
        places = [name for e in book.section("provinces") for name in (e["name"], *(e.get("aliases") or []))]
        actor = _words_regex(lexicons.get("actors", []) + places).pattern
        self.actors = regex.compile(r"(?:" + actor + r"[\s,]*)+", regex.IGNORECASE)
        self.topic = regex.compile(r"\s*(?:Về|về)\s+([^,:;]{3,80}?)\s*[,:]")
        leading = _words_regex(lexicons.get("label_leading", []))
        trailing = _words_regex(lexicons.get("label_trailing", []) + all_bounds)
        # Anchored by match() at a position, so no "^".
        self.leading = regex.compile(r"(?:[\s,:\-–]*(?:" + leading.pattern + r"))+[\s,:\-–]*", regex.IGNORECASE)
        self.trailing = regex.compile(r"(?r)(?:[\s,:\-–]*(?:" + trailing.pattern + r"))+[\s,:\-–]*$",
                                      regex.IGNORECASE)
        # Pure functions of their phrases, each distinct phrase read once.
        self._right_phrase = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._right_phrase)
        self._left_phrase = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._left_phrase)
        self._levels_in = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._levels_in)
        self._scope_of = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._scope_of)
        self._is_cue_led = lru_cache(maxsize=_PHRASE_CACHE_SIZE)(self._is_cue_led)
        self._trimmed = lru_cache(maxsize=_CLEAN_CACHE_SIZE)(self._trimmed)

    @staticmethod
    def _alternation(fragments: list[str], entries: list[dict]) -> Optional[regex.Pattern]:
        if not fragments:
            return None
        try:
            return regex.compile("(?:" + "|".join(fragments) + ")", regex.IGNORECASE)
        except regex.error as exc:
            raise RuleError(entries[0].get("_file", "?"), None, f"role cue does not compile: {exc}") from None

    @staticmethod
    def _qualifier(entry: dict) -> _Qualifier:
        symbol = entry.get("symbol")
        if symbol not in QUALIFIERS:
            raise RuleError(entry.get("_file", "?"), entry.get("id"), f"symbol must be one of {' '.join(QUALIFIERS)}")
        before = _WordsAtEnd.of(_required(entry, "before", list))
        after = _words_regex(entry["after"]) if entry.get("after") else None
        unless = _words_regex(entry["unless_unit"]) if entry.get("unless_unit") else None
        unless_after = _words_regex(entry["unless_after"]) if entry.get("unless_after") else None
        return _Qualifier(symbol, before, after, unless, unless_after)

    @staticmethod
    def _scope(entry: dict, macros: dict, lexicons: dict) -> _Scope:
        level = entry.get("level")
        if level is not None and level not in SCOPES:
            raise RuleError(entry.get("_file", "?"), entry.get("id"), f"level must be one of {', '.join(SCOPES)} or null")
        compiled = [compile_pattern({**entry, "pattern": p}, macros, lexicons) for p in _required(entry, "patterns", list)]
        after_percent = [compile_pattern({**entry, "pattern": "^" + p}, macros, lexicons)
                         for p in entry.get("after_percent", [])]
        return _Scope(level, compiled, after_percent, requirements(entry))

    # -- one block of text -------------------------------------------------------------

    def attach(self, text: str, finds: Sequence[Find], reference_year: Optional[int]) -> list[Meaning]:
        """Meaning for each find (same order), from the normalised text of its block."""
        out: list[Meaning] = []
        sentences = _sentences_with_finds(text, finds)
        goal_sections = self._goal_sections(text)
        i = 0
        for (s_start, s_end), frame_from in self._frames(text, sentences, reference_year):
            previous: Optional[_Reading] = None
            while i < len(finds) and finds[i].start < s_end:
                f = finds[i]
                later = [g.start for g in finds[i + 1:i + 8] if g.start < s_end]
                framed = frame_from is not None and f.start >= frame_from or \
                    any(start <= f.start < end for start, end in goal_sections) and \
                    not _past_in_clause(text, s_start, f.start, reference_year)
                reading = self._read(text, f, max(s_start, 0), s_end, later, previous, framed)
                out.append(reading.meaning)
                previous = reading
                i += 1
        return out

    def _goal_sections(self, text: str) -> list[tuple[int, int]]:
        """Spans of the text under a heading that names goals, each up to the next heading of
        the same rank or higher ("III. KINH PHÍ" ends "II. MỤC TIÊU"; "2. Định hướng" does not)."""
        if self.goal_heading is None:
            return []
        spans: list[tuple[int, int]] = []
        opened: Optional[tuple[int, int]] = None  # (rank, where its section starts)
        for heading in _HEADING.finditer(text):
            rank = _heading_rank(heading)
            if opened is not None and rank <= opened[0]:
                spans.append((opened[1], heading.start()))
                opened = None
            if opened is None and self.goal_heading.match(heading.group("title")):
                opened = (rank, heading.end())
        if opened is not None:
            spans.append((opened[1], len(text)))
        return spans

    def _frames(self, text: str, sentences: list[tuple[int, int]], reference_year: Optional[int]):
        """Pair each sentence with where a goal-setting frame starts governing it, if one does:
        a frame holds from its cue to the end of its paragraph (line)."""
        frame_line_end = -1
        frame_from: Optional[int] = None
        for s_start, s_end in sentences:
            if s_start > frame_line_end:
                frame_from = None
            cue = self._frame_in(text[s_start:s_end], reference_year)
            if cue is not None and frame_from is None:
                frame_from = s_start + cue
                line_end = text.find("\n", s_start)
                frame_line_end = len(text) if line_end < 0 else line_end
            yield (s_start, s_end), frame_from

    def _frame_in(self, sentence: str, reference_year: Optional[int]) -> Optional[int]:
        if self.target_frame is not None and meets(self.frame_requires, sentence.casefold()):
            m = self.target_frame.search(sentence)
            if m:
                return m.start()
        if self.future_year is not None and reference_year is not None:
            # Only a year that opens the sentence governs it: tried at its first three places.
            m = next(filter(None, (self.future_year.match(sentence, at) for at in range(3))), None)
            if m and int(m.group("year")) > reference_year:
                return m.start()
        return None

    def _read(self, text: str, f: Find, s_start: int, s_end: int, later: list[int],
              previous: Optional["_Reading"], framed: bool) -> "_Reading":
        if f.label is not None:
            # A table cell: its row and column headings already say what it is.
            levels = self._levels_in(f.label)
            scope = _single(levels) if levels else None
            cell = Meaning(f.qualifier or "=", f.role or "level", f.label,
                           None if scope is _NO_SCOPE else scope, f.unit)
            return _Reading(cell, f.end, f.end)
        # Brackets closed before the value are asides: "Tỷ lệ X (trừ Y) tại cấp tỉnh đạt 100%".
        before = _mask_brackets(text[s_start:f.start])
        clause_start = s_start + _last_hard_end(before)
        left_start = max(clause_start, previous.consumed if previous else s_start, f.start - _REACH)
        left_raw = before[left_start - s_start:]
        # "100% (21/21) sở, ban, ngành": a bracketed number right after a value is an aside.
        aside = _NUMERIC_ASIDE.match(text, f.end, s_end)
        right_from = aside.end() if aside else f.end
        following = next((start for start in later if start >= right_from), s_end)
        right_stop = _clause_end(text, right_from, min(following, s_end, right_from + _REACH))
        right_raw = text[right_from:right_stop]
        cut_by_value = right_stop == following < s_end
        right_label, unit, right_end = self._right_phrase(right_raw, cut_by_value)
        bare_left, bare_last = self._without_bound(left_raw, _last_word(left_raw))
        left_label = "" if self.opener_at_end.search(bare_left, bare_last) else \
            self._left_phrase(left_raw, text[left_start:f.start])
        subject = self.copula_at_end.search(bare_left, bare_last) is not None
        if subject and not left_label and left_start > clause_start:
            # "X của 3 cấp chính quyền là 141.616 hồ sơ": the subject X spans the earlier number.
            left_label = self._left_phrase(before[clause_start - s_start:], text[clause_start:f.start])
        if not left_label and clause_start > s_start and text[clause_start - 1] == ":":
            left_label = self._heading(before, text, s_start, clause_start - 1)
        left_label, right_label = self._saying_what(left_label), self._saying_what(right_label)
        cue_led = subject and bool(left_label) or self._is_cue_led(left_label)

        topic = self.topic.match(text, s_start, f.start) if f.kind == "rank" else None
        label, inherited = self._choose_label(f, left_label, right_label, right_raw, cue_led, previous,
                                              self._clean(topic.group(1)) if topic else None)
        scope_reach = max(right_end, _first_comma(right_raw))
        scope = self._scope_of(f.kind == "percent", right_raw[:scope_reach], left_raw)
        if scope is _NO_SCOPE:
            scope = None
        elif scope is None and previous is not None and \
                (inherited or self.part_opener.match(left_raw.lstrip(" ,;:"))):
            scope = previous.meaning.scope
        qualifier = f.qualifier or self._qualifier_of(text, s_start, f, right_raw)
        role = f.role or self._role_of(text, s_start, f, right_raw, previous, framed)
        # A count's unit is the first word of its noun phrase, as the segmenter sees it.
        if f.kind not in ("count", "fraction") or unit is None:
            unit = f.unit
        meaning = Meaning(qualifier, role, label, scope, unit)
        consumed = f.end + right_end
        return _Reading(meaning, consumed, f.end)

    def _choose_label(self, f: Find, left: str, right: str, right_raw: str, cue_led: bool,
                      previous: Optional["_Reading"], topic: Optional[str]) -> tuple[Optional[str], bool]:
        """Which phrase names the value; the flag says it was taken from the value before."""
        if f.kind == "rank":
            # "đứng thứ 13/63 tỉnh, thành phố về chuyển đổi số": ranked on what follows "về".
            about = _ABOUT.search(right_raw)
            if about:
                subject, _, _ = self._right_phrase(about.group(1), True)
                if subject:
                    return subject, False
            if left:
                return left, False
            if topic:
                return topic, False
            right = ""
        if f.kind == "rate":
            right = ""  # the phrase after a rate is its unit ("thuê bao/100 dân"), not its label
        if cue_led:
            return left, False
        if f.kind in ("percent", "multiple", "rank", "rate") and left:
            return left, False
        if right:
            return right, False
        if left:
            return left, False
        if previous is not None:
            return previous.meaning.label, True
        return None, False

    def _right_phrase(self, raw: str, cut_by_value: bool) -> tuple[str, Optional[str], int]:
        """The noun phrase after a value: (label, its first word as the unit, where it ends).

        It runs to a bracket, semicolon, sentence end or boundary word. A comma does not end
        it ("100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử;"), unless what follows the
        comma runs into the next value ("1.482 Tổ …, 151 tổ …"): then it ends at that comma."""
        stripped = raw.lstrip()
        offset = len(raw) - len(stripped)
        if not stripped or not stripped[0].isalpha() or self.not_start.match(stripped):
            return "", None, 0
        end, unit, at_last_comma = 0, None, None
        stopped = False
        for words in clause_words(stripped):
            word_ends = {we for _, we in words}
            for ws, we in words:
                word = stripped[ws:we]
                if word == ",":
                    at_last_comma = end
                    continue
                if not word[0].isalnum():
                    stopped = True
                    break
                # A boundary counts only on whole words: "cho" is one, "cho phép" is not cut.
                stop = self.boundary.match(stripped, ws)
                if stop and stop.end() in word_ends:
                    stopped = True
                    break
                if unit is None:
                    unit = word
                end = we
            if stopped:
                break
        if not stopped and cut_by_value and at_last_comma is not None:
            end = at_last_comma
        return self._clean(stripped[:end]), unit, offset + end

    def _left_phrase(self, raw: str, original: Optional[str] = None) -> str:
        """The clause before a value: from its first cue-led chunk, else its last chunk that
        says more than a scope ("…, cấp huyện và đến 100%" looks back past "cấp huyện").
        `raw` may have its brackets blanked out; the label is copied from `original`."""
        original = raw if original is None else original
        chunks = _comma_chunks(raw)
        found: Optional[tuple[int, int]] = None
        for cs, _ in chunks:
            lead = self.leading.match(raw, cs)
            start = lead.end() if lead else cs
            while start < len(raw) and raw[start].isspace():
                start += 1
            if self._is_cue_led(raw[start:]):
                found = self._clean_span(raw, start, len(raw))
                if self._is_cue_led(raw[found[0]:found[1]]):
                    break
                found = None
        if found is None:
            for cs, ce in reversed(chunks):
                chunk = self._clean(raw[cs:ce])
                if not chunk or self.cue_start.fullmatch(chunk):
                    return ""
                if self._clean(self._without_scopes(chunk)):
                    found = self._clean_span(raw, cs, len(raw))
                    break
        if found is None:
            return ""
        actor = self.actors.match(raw, found[0], found[1])
        if actor and not self._clean(raw[actor.end():found[1]]):
            return ""
        return _SPACES.sub(" ", original[found[0]:found[1]])

    def _heading(self, masked: str, text: str, s_start: int, colon: int) -> str:
        """The phrase before a colon that heads the values after it ("Tỷ lệ X: 92%")."""
        head_start = max(s_start + _last_hard_end(masked[:colon - s_start]), colon - _REACH)
        head = self._left_phrase(masked[head_start - s_start:colon - s_start], text[head_start:colon])
        return "" if not head or self.not_heading.match(head) else head

    def _saying_what(self, label: str) -> str:
        """The label, unless it only says when ("năm 2025", "đến hết năm 2024"): then none."""
        if not label or not (label[0].isdigit() or _first_word(label) in self.time_starts):
            return label  # most labels start with a word no time starts with: told without the regex
        return "" if self.time_only.fullmatch(label) else label

    def _is_cue_led(self, phrase: str) -> bool:
        """A measure cue followed by what it measures ("Tỷ lệ hồ sơ …", not "Kết quả" alone),
        or a quantity that names itself ("doanh thu")."""
        if self.measure_noun.match(phrase):
            return True
        cue = self.cue_start.match(phrase)
        if not cue or self.not_cue.match(phrase):
            return False
        return bool(self._clean(phrase[cue.end():]))

    def _without_scopes(self, phrase: str) -> str:
        for scope in self.scopes:
            for p in scope.patterns:
                phrase = p.sub(" ", phrase)
        return phrase

    def _clean(self, phrase: str) -> str:
        start, end = self._clean_span(phrase, 0, len(phrase))
        return phrase[start:end]

    def _clean_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Narrow text[start:end] past leading and trailing link words and punctuation.
        Reports repeat their phrases, so the answer is remembered; it depends only on the
        span and the character before it (the lookbehind of the word patterns)."""
        lead, trail = self._trimmed(text[start - 1] if start else "", text[start:end])
        return start + lead, start + trail

    def _trimmed(self, before: str, span: str) -> tuple[int, int]:
        s, e = self._clean_span_once(before + span, len(before), len(before) + len(span))
        return s - len(before), e - len(before)

    def _clean_span_once(self, text: str, start: int, end: int) -> tuple[int, int]:
        for _ in range(4):
            was = (start, end)
            lead = self.leading.match(text, start, end)
            if lead:
                start = lead.end()
            trail = self.trailing.search(text, start, end)
            if trail:
                end = trail.start()
            while start < end and text[start] in _SPACE_PUNCT:
                start += 1
            while end > start and text[end - 1] in _SPACE_PUNCT:
                end -= 1
            if (start, end) == was:
                break
        return start, end

    def _qualifier_of(self, text: str, s_start: int, f: Find, right_raw: str) -> str:
        before = text[max(s_start, f.start - 40):f.start]
        last = _last_word(before)
        noun = right_raw.lstrip()
        # The longest bounding words win: "không quá" (<=) over the "quá" (>) it ends with.
        best_start, symbol = len(before), "="
        for q in self.qualifiers:
            words = q.before.search(before, last)
            if words is None or words.start() >= best_start:
                continue
            if q.after is not None and not q.after.search(right_raw[:60]):
                continue
            if q.unless_unit is not None and q.unless_unit.match(noun):
                continue
            if q.unless_after is not None and q.unless_after.search(right_raw[:60]):
                continue
            best_start, symbol = words.start(), q.symbol
        return symbol

    def _role_of(self, text: str, s_start: int, f: Find, right_raw: str, previous: Optional["_Reading"],
                 framed: bool) -> str:
        if f.kind == "multiple":
            return "change"
        before = text[max(s_start, f.start - 60):f.start]
        last = _last_word(before)
        bare, bare_last = self._without_bound(before, last)
        for change in self.changes:
            if change.after is None and change.before.search(bare, bare_last):
                return "change"
            if change.after is not None and change.before.search(before, last) and \
                    change.after.search(right_raw[:60]):
                return "change"
        if framed:
            return "target"
        since = previous.level_end if previous is not None and previous.meaning.role != "target" else s_start
        if self.target_cue is not None and self.target_cue.search(text, max(s_start, since), f.start):
            return "target"
        return "level"

    def _without_bound(self, text: str, last_word: str) -> tuple[str, str]:
        """`text` less the bounding word it ends with ("tăng hơn " → "tăng "), and its last word then."""
        bound = self.bound_at_end.search(text, last_word)
        if bound is None:
            return text, last_word
        bare = text[:bound.start()]  # the words end the text: the match runs to its end
        return bare, _last_word(bare)

    def _scope_of(self, percent: bool, right_raw: str, left_raw: str):
        right = right_raw[:_SCOPE_REACH]
        if percent:
            for scope in self.scopes:
                if any(p.match(right.lstrip()) for p in scope.after_percent):
                    return scope.level if scope.level else _NO_SCOPE
        found = self._levels_in(right)
        if found:
            return _single(found)
        found = self._levels_in(left_raw)
        return _single(found) if found else None

    def _levels_in(self, phrase: str) -> tuple[tuple[int, Optional[str]], ...]:
        hits = []
        folded = phrase.casefold()
        for scope in self.scopes:
            if not meets(scope.requires, folded):
                continue
            for p in scope.patterns:
                hits.extend((m.start(), scope.level) for m in p.finditer(phrase))
        return tuple(sorted(hits, key=lambda h: h[0]))  # shared by the cache: immutable


class _NoScope:
    """Several levels named at once: explicitly no single scope."""


_NO_SCOPE = _NoScope()


def _single(hits: Sequence[tuple[int, Optional[str]]]):
    levels = {level for _, level in hits}
    if None in levels:
        return _NO_SCOPE
    if len(levels) == 1:
        return hits[0][1]
    # "UBND cấp huyện thành lập … cấp xã": a level heading the phrase wins.
    return hits[0][1] if hits[0][0] <= 12 else _NO_SCOPE


@dataclass(frozen=True, slots=True)
class _Reading:
    meaning: Meaning
    consumed: int   # where this value's own phrase ends: the next value's clause starts after it
    level_end: int  # where the value itself ends


# A section heading on a line of its own: numbered "II.", "2.", "2.1.", "a)", or in capitals,
# short, and not ending as a sentence or list item does. `^(?=.)`: the regex module then goes
# from line to line (ten times faster).
_HEADING = regex.compile(
    r"(?m)^(?=.)[ \t]*(?:(?P<roman>[IVX]{1,5})\.|(?P<arabic>\d{1,2}(?:\.\d{1,2})*)\.?|(?P<letter>[a-zđ])\))[ \t]+"
    r"(?P<title>\p{L}[^\n]{0,100}?)(?<![.;,])[ \t]*$"
    r"|(?m)^(?=.)[ \t]*(?P<title>\p{Lu}[\p{Lu}\p{M}\d ,:\-–]{2,100}?)[ \t]*$")
# Ranks of headings: the lower, the more of the document a heading opens.
_ROMAN_RANK, _ARABIC_RANK, _LETTER_RANK = 1, 2, 9


def _heading_rank(heading: regex.Match) -> int:
    if heading.group("arabic"):
        return _ARABIC_RANK + heading.group("arabic").count(".")
    if heading.group("letter"):
        return _LETTER_RANK
    return _ROMAN_RANK  # a roman numeral, or a line in capitals


_YEAR = regex.compile(r"(?<!\d)20\d\d(?!\d)")


def _past_in_clause(text: str, s_start: int, at: int, reference_year: Optional[int]) -> bool:
    """Whether the clause before `at` names a year before the report's: "(năm 2021 mới đạt
    18,6%)" under a heading of goals states where things stood, not a goal."""
    if reference_year is None:
        return False
    clause = text[max(s_start, 0):at]
    clause = clause[_last_hard_end(clause):]
    return any(int(year) < reference_year for year in _YEAR.findall(clause))


def _first_comma(raw: str) -> int:
    at = raw.find(",")
    return len(raw) if at < 0 else at


def _comma_chunks(raw: str) -> list[tuple[int, int]]:
    chunks, start = [], 0
    for m in _COMMA.finditer(raw):
        if raw[start:m.start()].strip():
            chunks.append((start, m.start()))
        start = m.end()
    if raw[start:].strip():
        chunks.append((start, len(raw)))
    return chunks


def _last_hard_end(text: str) -> int:
    last = _LAST_HARD.search(text)
    return last.end() if last else 0


_BRACKETED = regex.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _mask_brackets(text: str) -> str:
    """Blank out closed brackets (nested ones too), keeping every offset."""
    if ")" not in text and "]" not in text:
        return text  # nothing closes: the usual case, told without the regex
    while True:
        masked = _BRACKETED.sub(lambda m: " " * len(m.group()), text)
        if masked == text:
            return text
        text = masked


def _clause_end(text: str, at: int, ceiling: int) -> int:
    m = _HARD.search(text, at, ceiling)
    return m.start() if m else ceiling


def _sentences_with_finds(text: str, finds: Sequence[Find]) -> list[tuple[int, int]]:
    """Sentence spans of the lines holding finds; other lines are never segmented."""
    out: list[tuple[int, int]] = []
    done_to = -1
    for f in finds:
        if f.start < done_to:
            continue
        line_start, line_end = _line_start(text, f.start), _line_end(text, f.start)
        line = text[line_start:line_end]
        out.extend((line_start + s, line_start + e) for s, e in sentence_spans(line))
        done_to = line_end
    # A find outside every sentence (the tokenizer dropped its text) gets its line.
    return _cover(out, finds, text)


def _line_end(text: str, at: int) -> int:
    ends = [e for e in (text.find("\n", at), text.find("\r", at)) if e >= 0]
    return min(ends) if ends else len(text)


def _line_start(text: str, at: int) -> int:
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def _cover(sentences: list[tuple[int, int]], finds: Sequence[Find], text: str) -> list[tuple[int, int]]:
    """Sentences sorted, plus the line of any find no sentence holds. Both lists are in
    order, so one walk over them does (a long block holds thousands of each)."""
    covered = sorted(sentences)
    extra: list[tuple[int, int]] = []
    k = 0
    for f in finds:
        while k < len(covered) and covered[k][1] <= f.start:
            k += 1
        held = k < len(covered) and covered[k][0] <= f.start
        if not held and not (extra and extra[-1][0] <= f.start < extra[-1][1]):
            extra.append((_line_start(text, f.start), _line_end(text, f.start)))
    return sorted(covered + extra)
