"""Role: whether a value is a level reached, a change (tăng/giảm X, gấp X lần) or a
target (mục tiêu, phấn đấu, a later year, a heading of goals), from rules/roles.yaml."""
from __future__ import annotations

import bisect

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional, Sequence

import regex

from ..rules import RuleError, Rulebook
from ..claims import Find
from ..leads import opening_literals
from ..normalize import BULLET, DASH, POST_MARK
from ..patterns import requirements, stored_pattern
from .clauses import last_hard_end, line_end, mask_brackets
from .qualifier import QualifierReader
from .words import Before, FoldedText, Occurrences, WordsAtEnd, caseless, ending, may_hold, optional_words, words_regex


@dataclass(frozen=True)
class _Change:
    before: WordsAtEnd               # words right before the number
    after: Optional[regex.Pattern]   # words that must follow in the clause, if any
    unless: Optional[WordsAtEnd]     # longer words ending so that are no change ("trả thêm": a fee)
    next: Optional[regex.Pattern]    # words that must stand right after the value, if any
    kinds: Optional[frozenset]       # the kinds of value it holds for, if not all


# How far before a range its words are read (characters), and the "từ" that opens one.
_RANGE_REACH = 60
_RANGE_FROM = regex.compile(r"(?r)(?<![\p{L}\p{M}])từ\s*$", regex.IGNORECASE)
# …unless the range is where it started: "giảm từ 5-7 phút xuống còn khoảng 1 phút", "giảm từ
# 8 – 10 giây (thu thủ công) xuống còn 1 – 2 giây".
_RANGE_END_POINT = regex.compile(r"\s*(?:[\p{L}\p{M}]+\s+){0,2}?(?:\([^()\n]{0,40}\)\s*)?(?:xuống|lên)(?![\p{L}\p{M}])",
                                 regex.IGNORECASE)
# How far back a value's clause is read for the noun it opens on (characters).
_SUBJECT_REACH = 200

# What may not stand right before a budget's value: a plan, whose amount is a goal ("kinh phí
# vận động được 14,7 tỷ đồng, vượt 47% so với chỉ tiêu 10 tỷ đồng Ban Chỉ đạo đặt ra").
_NO_PLAN = r"(?<!(?:chỉ tiêu|kế hoạch|(?<!có\s)mục tiêu|dự toán)\s*)"
# A goal's cue, then what it is of and its copula, the value next: "Mục tiêu năm 2025 là 15%".
_STATED_GOAL = regex.compile(r"(?:mục tiêu|chỉ tiêu)[^:;\n]{0,80}?(?<![\p{L}\p{M}])là\h+(?:\S+\h+){0,2}$",
                             regex.IGNORECASE)


# A goal stated with its own value, which the clause ends on: "trong khi chỉ tiêu đặt ra là 50%",
# "chưa đạt mục tiêu của Bệnh viện (70%": its cue says no more after the next semicolon.
_GOAL_WITH_VALUE = regex.compile(r"(?r)(?:mục tiêu|chỉ tiêu)[^:;\n]{0,80}?(?:(?<![\p{L}\p{M}])là\h+|\(\h*)[^:;\n()]{0,30}$",
                                 regex.IGNORECASE)


# How much of the phrase after a value its role reads (a cue of change, a word pointing back).
_RIGHT_REACH = 80
# What the words before a value say when they name a change that may also be a goal's.
_RISE = "rise"


class RoleReader:
    def __init__(self, book: Rulebook, qualifiers: QualifierReader, cache_size: int):
        self.qualifiers = qualifiers
        roles = book.section("roles")
        self.changes = [_Change(WordsAtEnd.of(e["before"]), optional_words(e.get("after")),
                                WordsAtEnd.of(e["unless_before"]) if e.get("unless_before") else None,
                                optional_words(e.get("next")),
                                frozenset(e["kinds"]) if e.get("kinds") else None)
                        for e in roles if e.get("role") == "change" and e.get("before")]
        # What says a change again right before a value ("tăng 23.118 người (tương đương 33,2%)").
        restates = [r for e in roles if e.get("role") == "change" for r in e.get("restates", [])]
        self.restated_change = stored_pattern("(?r)(?:" + "|".join(restates) + r")\s*$", regex.IGNORECASE) \
            if restates else None
        # Literals one of which opens every restating fragment ("tăng", "giảm"): few texts before
        # a value hold one, and a substring test spares those the backwards try. None: no such test.
        restate_leads = [opening_literals(r) for r in restates]
        self.restate_leads = tuple(dict.fromkeys(caseless(lead) for leads in restate_leads for lead in leads)) \
            if restate_leads and all(restate_leads) else None
        cue_list = [c for e in roles if e.get("role") == "target" for c in e.get("cues", [])]
        self.target_cues = _Cues.of(cue_list, roles) if cue_list else None
        framing = [e for e in roles if e.get("role") == "target" and e.get("frames")]
        frame_list = [c for e in framing for c in e["frames"]]
        # Tried where the literals opening them stand, as the target cues are (most open on one).
        self.target_frame = _Cues.of(frame_list, roles) if frame_list else None
        # Every sentence is tested for a frame: a substring test of what each frame holds
        # (`requires`) spares the regex most of them. One entry without it: no pre-test.
        frame_words = [requirements(e) for e in framing]
        self.frame_requires = () if not all(frame_words) else tuple(w for words in frame_words for w in words)
        # A heading opening with one of these ("II. MỤC TIÊU", "2. Định hướng đến năm 2025") makes
        # goals of the values under it, to the next heading of its rank or higher.
        headings = [w for e in roles if e.get("role") == "target" for w in e.get("section_headings", [])]
        self.goal_heading = optional_words(headings)
        dated = [w for e in roles if e.get("role") == "target" for w in e.get("dated_headings", [])]
        self.dated_goal_heading = optional_words(dated)
        states = [w for e in roles if e.get("role") == "target" for w in e.get("state_headings", [])]
        self.state_heading = optional_words(states)
        indicators = [w for e in roles if e.get("role") == "target" for w in e.get("indicator_headings", [])]
        self.indicator_heading = optional_words(indicators)
        level_cues = [c for e in roles if e.get("role") == "level" for c in e.get("cues", [])]
        # The words a level cue ends with (a set look-up spares the regex most values).
        self.level_ends = frozenset(w for e in roles if e.get("role") == "level" for w in e.get("ends", []))
        # The last words the words of a change (or of what undoes one), a level cue or a bounding
        # word may end on: words before a value ending on none of them say no change and no level
        # (`_stated`), told by set look-ups instead of the lists' searches one by one.
        self.stated_ends = frozenset(last for c in self.changes for words in (c.before, c.unless) if words is not None
                                     for last in words.last_words) | self.level_ends | \
            frozenset(qualifiers.bound_at_end.last_words)
        # Searched backwards from the end it is anchored to: one try, not one per position.
        self.level_cue = stored_pattern("(?r)(?:" + "|".join(level_cues) + r")\s*$", regex.IGNORECASE) \
            if level_cues else None
        # Literals one of which opens every level cue ("hiện", "năm", "("): half the values end
        # on a word a level cue ends with ("đạt", "có"), and a substring test spares most of them
        # the regex (a try of it backwards from the value cost about 5 us). None: no such test.
        level_leads = [opening_literals(c) for c in level_cues]
        self.level_leads = tuple(dict.fromkeys(caseless(lead) for leads in level_leads for lead in leads)) \
            if level_leads and all(level_leads) else None
        years = [e["future_year"] for e in roles if e.get("future_year")]
        self.future_year = stored_pattern(years[0], regex.IGNORECASE) if years else None
        within = [e["goal_year_within"] for e in roles if e.get("goal_year_within")]
        self.goal_year_within = stored_pattern(within[0], regex.IGNORECASE) if within else None
        # A value whose clause opens on one of these nouns says what something costs, a level
        # even in a plan: "Tổng kinh phí dự kiến khoảng 486,3 tỷ đồng, … năm 2026 là 152,4 tỷ đồng".
        subjects = [e for e in roles if e.get("role") == "level" and e.get("subjects")]
        # (Unless the sentence says before the value that the budget is planned: a goal then.)
        self.level_subject = [(frozenset(e.get("kinds") or ()), stored_pattern(
            r"(?r)(?:^|[,;:(\n])[\s\-–•*+]*(?:trong đó[:,]?\s*)?(?:" + "|".join(e["subjects"]) +
            r")(?![\p{L}\p{M}])[^;:()\n]{0,160}" + _NO_PLAN + "$", regex.IGNORECASE),
                               stored_pattern(e["unless_planned"], regex.IGNORECASE) if e.get("unless_planned") else None)
                              for e in subjects]
        # Words after a value's noun that point back to what was said: a count already known, a
        # level among tasks ("hướng dẫn 27 xã nêu trên khắc phục tồn tại").
        back = [w for e in roles if e.get("role") == "level" for w in e.get("points_back", [])]
        self.points_back = stored_pattern(r"\s*(?:[\p{L}\p{M}\d]+[\s,]+){0,5}?" + words_regex(back).pattern,
                                          regex.IGNORECASE) if back else None
        # Few phrases after a value hold one of them: a substring test spares the regex (about
        # 3 us a try, its lazy words retried before each alternative) nearly all of them.
        self.points_back_words = tuple(dict.fromkeys(caseless(w) for w in back))
        present = [e["present_opening"] for e in roles if e.get("present_opening")]
        self.present_opening = stored_pattern(present[0]) if present else None
        self._stated_by_words = lru_cache(maxsize=cache_size)(self._stated_by_words)
        self._points_back = lru_cache(maxsize=cache_size)(self._points_back)

    def goal_sections(self, text: str, reference_year: Optional[int] = None) -> list[tuple[int, int]]:
        """Spans of the text under a heading that names goals, each up to the next heading of
        the same rank or higher ("III. KINH PHÍ" ends "II. MỤC TIÊU"; "2. Định hướng" does not)."""
        if self.goal_heading is None:
            return []
        spans: list[tuple[int, int]] = []
        opened: Optional[tuple[int, int, int]] = None  # (rank, where its section starts, where it ends at the latest)
        stated: Optional[int] = None  # the rank of the section of results the heading is in
        for heading in _HEADING.finditer(text):
            rank = _heading_rank(heading)
            # "Điều 1. Mục tiêu" / "1. Thực trạng": where things stand is no goal, at any rank.
            states = self.state_heading is not None and self.state_heading.match(heading.group("title")) is not None
            if opened is not None and (rank <= opened[0] or states):
                spans.append((opened[1], min(heading.start(), opened[2])))
                opened = None
            if stated is not None and rank <= stated:
                stated = None
            if states and stated is None and (heading.group("roman") or heading.group("arabic")):
                stated = rank
            # "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024" / "1. Chỉ tiêu về nhân lực": under a
            # numbered section of results, "chỉ tiêu" heads indicators reached, not goals — unless
            # it names a later year ("5. Chỉ tiêu đến năm 2025" in a report of 2023).
            indicators = stated is not None and rank > stated and self.indicator_heading is not None and \
                self.indicator_heading.match(heading.group("title")) is not None and \
                not any(reference_year is not None and int(y) > reference_year
                        for y in _YEAR.findall(heading.group("title")))
            if opened is None and not indicators and not states and (self.goal_heading.match(heading.group("title")) or
                                                      self._dated_goals(heading.group("title"), reference_year)):
                opened = (rank, heading.end(), _block_end(text, heading))
        if opened is not None:
            spans.append((opened[1], opened[2]))
        return spans + self._goal_lists(text)

    def _dated_goals(self, title: str, reference_year: Optional[int]) -> bool:
        """Whether a heading that names goals only for a later year does: "CÁC CHỈ TIÊU NĂM
        2026" in a plan of 2025 (not "CÁC CHỈ TIÊU CHÍNH" of a bulletin)."""
        if self.dated_goal_heading is None or reference_year is None or not self.dated_goal_heading.match(title):
            return False
        return any(int(year) > reference_year for year in _YEAR.findall(title))

    def _goal_lists(self, text: str) -> list[tuple[int, int]]:
        """The list items under a line of goals that ends with a colon ("Chỉ tiêu đến năm
        2025:" then "(1) …", "- …", "a) …"), or that is a short title alone on its line, the
        list right under it ("Kế hoạch năm 2025" then "- Nâng tỷ lệ … lên 70%;"), to the first
        line that is no item."""
        spans: list[tuple[int, int]] = []
        for heading in self._list_headings(text):
            # "Chỉ tiêu đến năm 2025:", or a line that sets goals and ends with its colon: "Năm
            # 2026, tôi giao mấy chỉ tiêu cụ thể, các đồng chí ghi lại:"
            if not (self.goal_heading.match(heading.group("title")) or self.target_frame is not None
                    and heading.group(0).rstrip().endswith(":") and self.target_frame.every.search(heading.group(0))):
                continue
            end = heading.end()
            for item in _LIST_LINE.finditer(text, heading.end()):
                if item.start() != end:
                    break
                end = item.end()
            if end > heading.end():
                spans.append((heading.end(), end))
        return spans

    @staticmethod
    def _list_headings(text: str) -> Iterator[regex.Match]:
        """The lines that may head a list: those ending with a colon, and titles alone on their
        line with a list item right under them."""
        if ":\n" in text or ": \n" in text or ":\r" in text:  # else no line ends with a colon
            # Only a line that ends with its colon can head a list: the pattern is tried on
            # those lines alone (tried on every line, its lazy title ran along each of them).
            for colon in _COLON_AT_LINE_END.finditer(text):
                heading = _COLON_HEADING.match(text, text.rfind("\n", 0, colon.start()) + 1)
                if heading is not None:
                    yield heading
        # A title ends at the line break a list item follows: the pattern is tried at the start
        # of the lines over an item alone (tried on every line, it read each up to 60 characters).
        for item in _LIST_ITEM_UNDER.finditer(text):
            title = _TITLE_OVER_LIST.match(text, text.rfind("\n", 0, item.start()) + 1)
            if title is not None:
                yield title

    def frames(self, block: FoldedText, sentences: list[tuple[int, int]], reference_year: Optional[int],
               value_starts: Sequence[int] = ()) -> Iterator[tuple[tuple[int, int], Optional[int]]]:
        """Pair each sentence with where a goal-setting frame starts governing it, if one does:
        a frame holds from its cue to the end of its paragraph (line) — or of its sentence,
        when a value comes before it there: "… đạt 58,3%, trong khi mục tiêu đến năm 2025 là
        80%. Toàn tỉnh đã thành lập 2.106 tổ" sets the goal against the level, no more."""
        text = block.text
        frame_line_end = -1
        frame_from: Optional[int] = None
        for s_start, s_end in sentences:
            if s_start > frame_line_end or frame_from is not None and \
                    self._states_now(text[s_start:s_end], reference_year):
                frame_from = None
            # A frame that holds already is not looked for again.
            cue = self._frame_in(block, s_start, s_end, reference_year) if frame_from is None else None
            if cue is not None:
                frame_from = s_start + cue
                first_value = bisect.bisect_left(value_starts, s_start)
                contrasted = first_value < len(value_starts) and value_starts[first_value] < frame_from
                # "Mục tiêu năm 2025 là 15%, đến năm 2030 là 30%. Toàn thành phố có 1.120 doanh
                # nghiệp": a goal stated with its copula is said in its sentence, no heading of
                # what follows.
                stated = first_value < len(value_starts) and value_starts[first_value] < s_end and \
                    _STATED_GOAL.match(text, frame_from, value_starts[first_value]) is not None
                frame_line_end = s_end - 1 if contrasted or stated else line_end(text, s_start)
            yield (s_start, s_end), frame_from

    def _states_now(self, sentence: str, reference_year: Optional[int]) -> bool:
        """Whether a sentence opens on the present or on a year not after the report's: it
        says where things stand, and the goals before it end there."""
        if self.present_opening is None:
            return False
        m = self.present_opening.match(sentence)
        return m is not None and (m.group("year") is None or reference_year is not None
                                  and int(m.group("year")) <= reference_year)

    def _frame_in(self, block: FoldedText, s_start: int, s_end: int, reference_year: Optional[int]) -> Optional[int]:
        sentence = block.text[s_start:s_end]
        if self.target_frame is not None and block.holds(self.frame_requires, s_start, s_end):
            # A frame in brackets ("(mục tiêu năm 2024 là 65%)") frames only what is in them.
            at = self.target_frame.first_in_masked(mask_brackets(sentence), block.occurrences(self.target_frame.leads),
                                                   s_start)
            if at is not None:
                return at
        if self.future_year is not None and reference_year is not None:
            # Only a year that opens the sentence governs it: tried at its first three places.
            for at in range(3):  # a loop: a generator costs more than these three tries
                m = self.future_year.match(sentence, at)
                if m:
                    break
            if m and int(m.group("year")) > reference_year:
                return m.start()
            m = self.goal_year_within.search(sentence) if self.goal_year_within is not None else None
            if m and int(m.group("year")) > reference_year:
                return m.start()
        return None

    def cue_leads(self, block: FoldedText) -> Occurrences:
        """Where the literals that open target cues stand in a block (`of` asks it for each value)."""
        return block.occurrences(self.target_cues.leads if self.target_cues is not None else ())

    def of(self, text: str, cue_leads: Occurrences, s_start: int, f: Find, text_before: Before, right_raw: str,
           since: int, framed: bool) -> str:
        """The role of `f`; a target cue counts from `since` (where the value before ended,
        unless that one was a goal)."""
        def goal() -> bool:
            """Whether the value stands among goals: a goal frame, or a target cue since `since`."""
            return framed or self._cued(text, cue_leads, max(s_start, since), f.start)

        if f.kind == "multiple":
            # Among goals, a multiple to reach is a goal too: "đặt mục tiêu … chiếm 35% GRDP, gấp
            # gần 2 lần mức hiện nay".
            return "target" if goal() else "change"
        if f.qualifier in (">=", "<=") and (f.reach_start < f.start or f.reach_end > f.end):
            # Either end of a range reads the words before the range, past its "từ": "cao hơn
            # từ 3.000 đến 5.000 đồng", "tăng từ 10 - 15%" say by how much, both ends.
            text_before = Before.of(text, max(s_start, f.reach_start - _RANGE_REACH), f.reach_start)
            opening = _RANGE_FROM.search(text_before.text)
            if opening is not None and not _RANGE_END_POINT.match(text, f.reach_end):
                text_before = Before.of(text_before.text, 0, opening.start())
        before, last = text_before.text, text_before.last
        right = right_raw[:_RIGHT_REACH]
        stated = self._stated(before, last, right, f.kind)
        if stated == _RISE:
            # Among goals, a rise to reach is a goal too: "phấn đấu … tăng 20 - 25%",
            # "đặt mục tiêu phát triển thêm 60 trạm 5G".
            return "target" if goal() else "change"
        if stated == "change":
            return "change"
        for kinds, subject, planned in self.level_subject:
            if (not kinds or f.kind in kinds) and subject.search(text[max(s_start, f.start - _SUBJECT_REACH):f.start]) \
                    and (planned is None or not planned.search(text, s_start, f.start)):
                return "level"
        if self._points_back(right):
            return "level"
        if stated is not None:
            return stated
        return "target" if goal() else "level"

    def since_goal(self, text: str, s_start: int, goal_end: int, start: int) -> int:
        """Where target cues count from for a value at `start` after a goal ending at `goal_end`:
        the sentence's start, or past a semicolon between them when the goal was stated with its
        value ("chỉ tiêu đặt ra là 50%; trong năm, hệ thống có 2 lần ngừng hoạt động")."""
        semicolon = text.rfind(";", goal_end, start)
        if semicolon < 0 or _GOAL_WITH_VALUE.search(text, s_start, goal_end) is None:
            return s_start
        return semicolon + 1

    def _stated(self, before: str, last: str, right: str, kind: str) -> Optional[str]:
        """What the words right before a value of `kind` (`before`, its last word `last`) and the
        start of the phrase after it (`right`) say of its role: a change, a rise (a change, or a
        goal where goals are set: `_RISE`), a level (a level cue ends `before`), or nothing
        (None); a change said again ends `before` ("tăng 23.118 người (tương đương", "Tốc độ tăng
        trưởng GRDP bình quân đạt"): a rise as well, a goal among goals."""
        if last not in self.stated_ends:
            # No bounding word ends `before`, no words of a change, of what undoes one or of a
            # level cue: only a change said again may (most values: told without the cache).
            return _RISE if self._restates(before) else None
        return self._stated_by_words(before, last, right, kind)

    def _stated_by_words(self, before: str, last: str, right: str, kind: str) -> Optional[str]:
        """`_stated` where `last` may end some words it reads: a pure function of its phrases,
        which repeat from value to value."""
        bare, bare_last = self.qualifiers.without_bound(before, last)
        bound = bare_last != last  # a bounding word ended `before` ("tăng hơn"): try both
        for change in self.changes:
            if change.kinds is not None and kind not in change.kinds:
                continue
            if change.unless is not None and (change.unless.search(bare, bare_last) or
                                              bound and change.unless.search(before, last)):
                continue
            if change.next is not None:
                if change.before.search(before, last) and change.next.match(right.lstrip()):
                    return "change"
                continue
            if change.after is None and (change.before.search(bare, bare_last) or
                                         bound and change.before.search(before, last)):
                return _RISE
            if change.after is not None and change.before.search(before, last) and change.after.search(right[:60]):
                return "change"
        if self._restates(before):
            return _RISE
        # "… (mục tiêu 65%); riêng cấp xã hiện đạt 63,8%": where things stand, whatever frames it.
        if self.level_cue is not None and last in self.level_ends and self._may_state_level(before) and \
                ending(self.level_cue, before, 0, len(before)):
            return "level"
        return None

    def _restates(self, before: str) -> bool:
        """Whether the words right before a value say again a change said just before them."""
        return self.restated_change is not None and \
            (self.restate_leads is None or may_hold(self.restate_leads, before)) and \
            ending(self.restated_change, before, 0, len(before)) is not None

    def _points_back(self, right: str) -> bool:
        """Whether the words after a value (`right`) point back to what was said. A pure function
        of the phrase after a value, which repeats more than the words before it do."""
        return self.points_back is not None and may_hold(self.points_back_words, right) and \
            self.points_back.match(right) is not None

    def _may_state_level(self, before: str) -> bool:
        """Whether a level cue may end `before`: one of the literals opening them stands in it."""
        return self.level_leads is None or may_hold(self.level_leads, before)

    def _cued(self, text: str, cue_leads: Occurrences, start: int, end: int) -> bool:
        """Whether a target cue stands in text[start:end]; a cue inside brackets closed before
        the value is the bracket's own ("(mục tiêu 65%)")."""
        if self.target_cues is None:
            return False
        if text.find(")", start, end) >= 0:
            return self.target_cues.in_masked(mask_brackets(text[start:end]), cue_leads, start)
        return self.target_cues.in_span(text, cue_leads, start, end)


def _alternation(fragments: list[str], entries: list[dict]) -> Optional[regex.Pattern]:
    if not fragments:
        return None
    try:
        return stored_pattern("(?:" + "|".join(fragments) + ")", regex.IGNORECASE)
    except regex.error as exc:
        raise RuleError(entries[0].get("_file", "?"), None, f"role cue does not compile: {exc}") from None


@dataclass(frozen=True)
class _Cues:
    """Cue fragments, any of which may stand in a span of a block. The regex engine pays for
    every place of a span it tries, and most spans hold no cue: the fragments that open on
    one of a few literals ("mục tiêu", "(?:kế hoạch|KH|chỉ tiêu)…") are tried only at the places
    of a span where one of them stands in the block's casefold; the others through every span.
    A span holds a match of the fragments' alternation exactly when it holds one of a fragment's."""
    every: regex.Pattern              # their alternation, for a text that is no span of the block
    led: Optional[regex.Pattern]
    leads: tuple[str, ...]            # casefolded: one of them opens every match of `led`
    others: Optional[regex.Pattern]
    # The fragments of `led` each lead opens (by the lead's index in `leads`): where some leads
    # stand, only the fragments they open can match, and their alternation is tried alone (the
    # whole alternation costs about 12 us a try). Compiled as first needed, per set of leads
    # standing at one place (a handful: "đặt" and "đặt ra").
    led_by: tuple[tuple[int, ...], ...]
    led_fragments: tuple[str, ...]   # in their order (a sub-alternation keeps it)
    # Whether blanking brackets out (each closed bracket a run of two spaces or more) can never
    # make a lead where the block has none: true unless a lead starts or ends with a space or
    # holds two in a row. Then a span with its brackets blanked holds a lead only where the
    # block does, and is tried there alone (`in_masked`).
    masking_makes_no_lead: bool
    # Whether every match starts where it is tried (no fragment holds a \K): then the place of
    # the first cue is the first place where a fragment matches (`first_in_masked`).
    starts_where_tried: bool
    _led_at: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, fragments: list[str], entries: list[dict]) -> "_Cues":
        leads = {fragment: opening_literals(fragment) for fragment in fragments}
        led = [f for f in fragments if leads[f]]
        others = [f for f in fragments if not leads[f]]
        folded = tuple(dict.fromkeys(lead.casefold() for f in led for lead in leads[f]))
        led_by = tuple(tuple(i for i, f in enumerate(led) if any(lead.casefold() == opening for lead in leads[f]))
                       for opening in folded)
        return cls(_alternation(fragments, entries), _alternation(led, entries), folded,
                   _alternation(others, entries), led_by, tuple(led),
                   masking_makes_no_lead=not any(lead.startswith(" ") or lead.endswith(" ") or "  " in lead
                                                 for lead in folded),
                   starts_where_tried=not any("\\K" in f for f in fragments))

    def _led_opening(self, standing: tuple[int, ...]) -> regex.Pattern:
        """The alternation of the fragments that the leads `standing` (indices) open."""
        pattern = self._led_at.get(standing)
        if pattern is None:
            opened = sorted({i for k in standing for i in self.led_by[k]})
            pattern = self._led_at[standing] = stored_pattern(
                "(?:" + "|".join(self.led_fragments[i] for i in opened) + ")", regex.IGNORECASE)
        return pattern

    def in_span(self, text: str, leads: Occurrences, start: int, end: int) -> bool:
        """Whether text[start:end] holds a cue; `leads`: where `leads` stand in the text. A match
        of `led` opens on a lead: it is tried there alone, where a search would try every place
        of the span (most of them far from any lead)."""
        if self.led is not None:
            if leads.everywhere:
                if self.led.search(text, start, end) is not None:
                    return True
            elif self._first_led(text, leads, start, end, 0) is not None:
                return True
        return self.others is not None and self.others.search(text, start, end) is not None

    def _first_led(self, string: str, leads: Occurrences, start: int, end: int, offset: int) -> Optional[int]:
        """Where in `string` (text[offset:…]) the first fragment that opens on a lead matches,
        tried only where the leads standing in text[start:end] stand, or None."""
        for at, standing in leads.words_within(start, end):
            if self._led_opening(standing).match(string, at - offset, end - offset) is not None:
                return at - offset
        return None

    def in_masked(self, masked: str, leads: Occurrences, offset: int) -> bool:
        """Whether `masked`, text[offset:offset + len(masked)] with its closed brackets blanked
        out (`mask_brackets`), holds a cue, as a search of their alternation through it says:
        `led` is tried only where the block holds a lead (one blanked out fails there at once),
        not at every place of the span."""
        if leads.everywhere or not self.masking_makes_no_lead:
            return self.every.search(masked) is not None
        if self.led is not None and self._first_led(masked, leads, offset, offset + len(masked), offset) is not None:
            return True
        return self.others is not None and self.others.search(masked) is not None

    def first_in_masked(self, masked: str, leads: Occurrences, offset: int) -> Optional[int]:
        """Where the first cue starts in `masked` (as `in_masked` reads it), as a search of their
        alternation says, or None: the first lead where a fragment matches, unless a fragment
        with no lead matches before it."""
        if leads.everywhere or not self.masking_makes_no_lead or not self.starts_where_tried:
            m = self.every.search(masked)
            return m.start() if m is not None else None
        first = self._first_led(masked, leads, offset, offset + len(masked), offset) if self.led is not None else None
        m = self.others.search(masked) if self.others is not None else None
        return m.start() if m is not None and (first is None or m.start() < first) else first


# A section heading on a line of its own: numbered "II.", "2.", "2.1.", "a)", or in capitals
# (a bulletin may mark it "* VIỄN THÔNG", a post "🎯 MỤC TIÊU 2025"; a note in brackets may close it: "NHIỆM VỤ NĂM HỌC
# 2025-2026 (chỉ tiêu)"), short, and not ending as a sentence or list item does; or a slide's
# title, "04 | NHIỆM VỤ QUÝ IV" or "[Slide 5] MỤC TIÊU 2026" (a deck's top level: its slides'
# lists are numbered "1.", "2."). `^(?=.)`: the regex module then goes from line to line (ten
# times faster).
_HEADING = regex.compile(
    r"(?m)^(?=.)[ \t]*(?:(?P<roman>[IVX]{1,5})\.|(?P<article>(?:Điều|ĐIỀU|Phần|PHẦN|Chương|CHƯƠNG)\s+[\dIVX]{1,4})\.?|"
    r"(?P<arabic>\d{1,2}(?:\.\d{1,2})*)[.)]?|(?P<letter>[a-zđ])\))[ \t]+"
    r"(?P<title>\p{L}[^\n]{0,100}?)(?<![.;,])[ \t]*$"
    r"|(?m)^(?=.)[ \t]*(?:(?:[*•■▪◆►]|(?P<pictograph>" + POST_MARK + r"))[ \t]*)?(?P<title>\p{Lu}[\p{Lu}\p{M}\d ,:\-–]{2,100}?)(?:[ \t]*\([^\n()]{1,30}\))?[ \t]*$"
    r"|(?m)^(?=.)[ \t]*(?:(?P<slide>\d{1,2})[ \t]*\||\[[ \t]*(?:Slide|SLIDE|slide)[ \t]+(?P<slide>\d{1,2})[ \t]*\])"
    r"[ \t]*(?P<title>\p{L}[^\n|]{0,100}?)[ \t]*$")
# A line that ends with a colon, and the lines of a list under it (blank lines between).
_COLON_HEADING = regex.compile(r"(?m)^(?=.)[ \t]*(?:" + BULLET + r"[ \t]*)?(?P<title>\p{L}[^\n:]{0,120}?)"
                               r"[ \t]*:[ \t]*$\n?")
_COLON_AT_LINE_END = regex.compile(r"(?m):[ \t]*$")
# A short title alone on its line, a dashed or bulleted item right under it: "Kế hoạch năm 2025"
# then "- Nâng tỷ lệ … lên 70%;" (no colon, no number, no capitals to mark it a heading). A line
# is read at most 60 characters in (a longer one is no title); only the lines right over an
# item (the line breaks of `_LIST_ITEM_UNDER`) are tried.
_ITEM_NEXT = r"(?=[ \t]*" + DASH + r"[ \t])"  # a dashed or bulleted item opens what follows
_TITLE_OVER_LIST = regex.compile(r"(?m)^[ \t]*(?P<title>\p{L}[^\n:;.,!?]{0,60}?)[ \t]*\n" + _ITEM_NEXT)
_LIST_ITEM_UNDER = regex.compile(r"\n" + _ITEM_NEXT)
# (A speech numbers its points in words: "Một là …", "Hai là …".)
_LIST_LINE = regex.compile(r"(?m)(?:[ \t]*\n)*^[ \t]*(?:" + BULLET + r"|\(?\d{1,2}[.)]|\(?[a-zđ][.)]"
                           r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)[ \t]+là(?![\p{L}\p{M}]))[ \t]*[^\n]*(?:\n|$)")
# A blank line, and the blank lines and spaces right under a heading.
_BLANK_LINE = regex.compile(r"\n[ \t]*(?:\n|$)")
_SPACES = regex.compile(r"\s*")


def _block_end(text: str, heading: regex.Match) -> int:
    """Where the section a heading opens ends at the latest: a post's heading led by a pictograph
    ("🔟 HƯỚNG TỚI 2026" then "🎯 …" lines) heads its block, to the first blank line under it (its
    thanks after the goals are none); another, the text's end."""
    if not heading.group("pictograph"):
        return len(text)
    blank = _BLANK_LINE.search(text, _SPACES.match(text, heading.end()).end())
    return blank.start() if blank is not None else len(text)


# Ranks of headings: the lower, the more of the document a heading opens.
_ROMAN_RANK, _ARABIC_RANK, _LETTER_RANK = 1, 2, 9


def _heading_rank(heading: regex.Match) -> int:
    if heading.group("article") or heading.group("slide"):
        return _ROMAN_RANK
    if heading.group("arabic"):
        return _ARABIC_RANK + heading.group("arabic").count(".")
    if heading.group("letter"):
        return _LETTER_RANK
    return _ROMAN_RANK  # a roman numeral, or a line in capitals


_YEAR = regex.compile(r"(?<!\d)20\d\d(?!\d)")

# How far back a clause is read for a year (characters).
_CLAUSE_REACH = 300


def past_in_clause(text: str, s_start: int, at: int, reference_year: Optional[int]) -> bool:
    """Whether the clause before `at` names a year not after the report's own: "(năm 2021 mới
    đạt 18,6%)", "(năm 2024 cấp xã đạt 88%)" in a plan for 2025 written in 2024, under a heading
    of goals, state where things stand, not a goal. A quarter or month of the report's own year
    may still be to come ("4. Phương hướng / Quý II/2026, PC08 tham mưu lắp đặt …" in a report
    of quarter I): only an earlier year says so then."""
    if reference_year is None:
        return False
    clause = text[max(s_start, 0, at - _CLAUSE_REACH):at]
    clause = clause[last_hard_end(clause):]
    for year in _YEAR.finditer(clause):
        if int(year.group()) < reference_year or int(year.group()) == reference_year and \
                not _PART_OF_YEAR.search(clause, 0, year.start()):
            return True
    return False


# What names a quarter or a month of a year, right before it: "quý II/2026", "tháng 10/2026".
_PART_OF_YEAR = regex.compile(r"(?r)(?<![\p{L}\p{M}])(?:quý|tháng)\s+[\dIVX]{1,4}\s*/\s*$", regex.IGNORECASE)
# A later year right after a value's phrase says when it is to be reached: "5G chiếm 17% kết nối
# vào năm 2025", "đạt từ 600 tỷ đến 1.000 tỷ USD vào năm 2030" (not goals counted: "bảng theo dõi 10
# chỉ tiêu chủ yếu đến năm 2030").
_GOAL_YEAR_AFTER = regex.compile(r"\s*(?:(?!(?:chỉ tiêu|mục tiêu|nhiệm vụ|kế hoạch|giai đoạn)(?![\p{L}\p{M}]))[^\s\d,;:.()]+\s+){0,6}?(?:vào|đến|tới)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?(20\d\d)(?![\d/\-–])",
                                 regex.IGNORECASE)


def goal_year_after(text: str, end: int, s_end: int, reference_year: Optional[int]) -> bool:
    """Whether the phrase after a value (from `end`, in its sentence to `s_end`) names a year
    after the report's own, by which it is to be reached."""
    if reference_year is None or text.find("20", end, min(s_end, end + 120)) < 0:
        return False
    m = _GOAL_YEAR_AFTER.match(text, end, min(s_end, end + 120))
    return m is not None and int(m.group(1)) > reference_year
